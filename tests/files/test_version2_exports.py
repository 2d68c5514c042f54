"""Format version 2 in the graph exports: genre, headline, hedged and attribution
denials, qualifiers, accounts, and the new findings written on links."""

from __future__ import annotations

import io
import json

import attrs
import networkx as nx
import pytest

from provenance.files.registry import export
from provenance.model import ClaimMention, Stance
from tests.drawing.version2 import (
    accounts_story,
    new_roles_analysis,
    new_roles_story,
)


def read(fmt: str, text: str) -> nx.DiGraph:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    return reader(io.BytesIO(text.encode("utf-8")))


def hedged_story():
    """The new-roles story with a hedged denial and an attribution denial added."""
    story = new_roles_story()
    reports = list(story.reports)
    reports[5] = attrs.evolve(reports[5], claims=(
        *reports[5].claims,
        ClaimMention("cure", Stance.DENIES, hedged=True),
        ClaimMention("moon", Stance.DENIES, holder="onion", of="attribution")))
    return attrs.evolve(story, reports=reports)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_the_new_fields(fmt: str) -> None:
    story = hedged_story()
    graph = read(fmt, export(story, fmt, new_roles_analysis(story)))
    assert graph.nodes["satire"]["genre"] == "satire"
    assert "genre" not in graph.nodes["repost"]  # news, the default, is not written
    article = graph.nodes["article"]
    assert article["headline:cure"] == "asserts"
    assert set(article["stance:cure"].split(",")) == {"attributes", "asserts"}
    site = graph.nodes["write-up"]
    assert site["hedged:cure"] is True and site["denies_attribution:moon"] == "onion"
    assert graph.nodes["article"]["role:cure"] == "headline_overstates"
    changes = {(u, v): data.get("change") for u, v, data in graph.edges(data=True)}
    assert changes[("paper", "write-up")] == "cure: dropped: in mice"
    assert changes[("satire", "repost")] == "moon: satire taken as fact"
    if fmt == "graphml":  # GEXF keeps one graph attribute, its name
        assert graph.graph["qualifies:mice"] == "cure"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_which_accounts_hold_each_item(fmt: str) -> None:
    graph = read(fmt, export(accounts_story(), fmt))
    assert graph.nodes["tv-report"]["accounts"] == "ministry"
    assert "accounts" not in graph.nodes["wire-post"]  # in every account
    assert graph.nodes["statement"]["accounts:jets"] == "ministry"
    assert graph.edges["statement", "tv-report"]["accounts"] == "ministry"
    if fmt == "graphml":
        assert graph.graph["account:paper"] == "The paper's account"
        assert graph.graph["account_by:ministry"] == "ministry"


def test_cytoscape_carries_the_new_fields() -> None:
    story = accounts_story()
    document = json.loads(export(story, "cytoscape"))
    nodes = {n["data"]["id"]: n["data"] for n in document["elements"]["nodes"]}
    assert nodes["tv-report"]["accounts"] == "ministry"
    assert document["data"]["account:ministry"] == "The ministry's account"
    story = new_roles_story()
    document = json.loads(export(story, "cytoscape", new_roles_analysis(story)))
    nodes = {n["data"]["id"]: n["data"] for n in document["elements"]["nodes"]}
    assert nodes["satire"]["genre"] == "satire"
    edges = {(e["data"]["source"], e["data"]["target"]): e["data"]
             for e in document["elements"]["edges"]}
    assert edges[("paper", "write-up")]["change"] == "cure: dropped: in mice"
