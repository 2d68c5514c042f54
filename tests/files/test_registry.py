"""Every format by name: the registry, atomic export, refusing a bad story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import ProvenanceError, Story, StoryFormatError, analyze
from provenance.files.registry import (
    EXPORT_FORMATS,
    FORMAT_SUFFIXES,
    IMPORT_FORMATS,
    export,
    export_to,
)
from provenance.model import Actor, Link, Report
from tests.conftest import link, make_story, mention, report
from tests.drawing.test_mermaid import parse_mermaid

# --------------------------------------------------------------------------- #
# The registry

def test_the_registry_names_every_format() -> None:
    assert EXPORT_FORMATS == ("graphml", "gexf", "cytoscape", "dot", "mermaid", "prov-json",
                              "prov-n")
    assert IMPORT_FORMATS == ("prov-json",)
    assert set(FORMAT_SUFFIXES) == set(EXPORT_FORMATS)


def test_an_unknown_format_is_a_provenance_error(syria: Story) -> None:
    with pytest.raises(ProvenanceError, match="unknown export format 'pdf'.*graphml"):
        export(syria, "pdf")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_invalid_story_is_refused(fmt: str) -> None:
    story = Story("Broken", actors=[Actor("a", "A")], reports=[Report("r", "a")],
                  links=[Link("r", "missing")])
    with pytest.raises(StoryFormatError, match="missing"):
        export(story, fmt)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_to_writes_the_export_atomically(syria: Story, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"story{FORMAT_SUFFIXES[fmt]}"
    export_to(syria, fmt, path)
    assert path.read_text(encoding="utf-8") == export(syria, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_failed_export_leaves_the_old_file(syria: Story, tmp_path: Path) -> None:
    path = tmp_path / "out.dot"
    path.write_text("old")
    with pytest.raises(ProvenanceError):
        export_to(syria, "nope", path)
    with pytest.raises(ProvenanceError):
        export_to(syria, "dot", tmp_path / "no-such-dir" / "out.dot")
    assert path.read_text() == "old"




def test_a_change_names_its_claim_when_several_claims_change() -> None:
    story = make_story(
        [report("r1", "a", mention("c1", "implies"), mention("c2", "questions")),
         report("r2", "b", mention("c1", "asserts"), mention("c2", "asserts"))],
        [link("r1", "r2", "paraphrases")])
    document = json.loads(export(story, "cytoscape", analyze(story)))
    assert document["elements"]["edges"][0]["data"]["change"] == (
        "c1: implies → asserts; c2: questions → asserts")
    _, links = parse_mermaid(export(story, "mermaid"))
    assert links == [("n0", "-->", "c1: implies → asserts<br/>c2: questions → asserts", "n1")]


