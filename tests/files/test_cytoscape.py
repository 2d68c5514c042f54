"""Cytoscape.js JSON: every report and link, ids kept exactly."""

from __future__ import annotations

import json

from provenance import Story, analyze
from provenance.files.registry import (
    export,
)
from tests.conftest import link, make_story, report
from tests.exports import HOSTILE, hostile_story

# --------------------------------------------------------------------------- #
# Cytoscape.js JSON

def test_cytoscape_json_has_every_report_and_link(sample: Story) -> None:
    document = json.loads(export(sample, "cytoscape", analyze(sample)))
    nodes = [element["data"] for element in document["elements"]["nodes"]]
    edges = [element["data"] for element in document["elements"]["edges"]]
    assert [n["id"] for n in nodes] == [r.id for r in sample.reports]
    assert [(e["source"], e["target"], e["relation"]) for e in edges] == [
        (k.source, k.target, k.relation.value) for k in sample.links]
    ids = [n["id"] for n in nodes] + [e["id"] for e in edges]
    assert len(ids) == len(set(ids))  # Cytoscape.js: one id space for all elements
    assert document["data"]["title"] == sample.title
    point = analyze(sample).point_of_distortion
    assert [n["id"] for n in nodes if n["point_of_distortion"]] == (
        [point.report] if point else [])
    for n in nodes:
        assert None not in n.values()


def test_cytoscape_edge_ids_never_clash_with_report_ids() -> None:
    story = make_story([report("a", "x"), report("b", "y"), report("a->b", "z")],
                       [link("a", "b"), link("a", "b", "rebuts"), link("b", "a->b")])
    document = json.loads(export(story, "cytoscape"))
    ids = [e["data"]["id"] for group in document["elements"].values() for e in group]
    assert len(ids) == len(set(ids)) == 6


def test_cytoscape_keeps_hostile_ids_exactly() -> None:
    story = hostile_story()
    document = json.loads(export(story, "cytoscape"))
    assert [n["data"]["id"] for n in document["elements"]["nodes"]] == HOSTILE


