"""Tests for provenance.graph: the story as a networkx graph, and walks over its links."""

from __future__ import annotations

import networkx as nx
import pytest

import provenance
from provenance import ProvenanceError
from provenance.graph import lineage, neighbours, story_graph
from provenance.model import Report, Story
from tests.conftest import SAMPLES, link, make_story, report


def test_the_graph_keeps_parallel_links_keyed_by_link_index() -> None:
    story = make_story([report("a", "x"), report("b", "y"), report("c", "z")],
                       [link("a", "b", "cites"), link("a", "b", "rebuts"),
                        link("a", "b", "quotes"), link("b", "c")])
    graph = story_graph(story)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == len(story.links) == 4
    assert sorted(graph.edges(keys=True)) == [("a", "b", 0), ("a", "b", 1), ("a", "b", 2),
                                              ("b", "c", 3)]
    for k, found in enumerate(story.links):
        data = graph.edges[found.source, found.target, k]
        assert data["link"] is found
        assert data["relation"] == found.relation.value
        assert data["confidence"] == found.confidence
    assert graph.nodes["a"]["report"] is story.report("a")
    assert graph.graph["title"] == story.title
    assert story_graph(story) is graph  # built once


def test_the_graph_of_every_sample_has_one_edge_per_link() -> None:
    for path in sorted(SAMPLES.glob("*.json")):
        story = provenance.load(path)
        graph = story_graph(story)
        assert graph.number_of_edges() == len(story.links), path.name
        assert sorted(graph.nodes) == sorted(r.id for r in story.reports)


def test_a_node_carries_its_actor_or_none_when_the_actor_is_unknown() -> None:
    story = make_story([report("a", "x")])
    assert story_graph(story).nodes["a"]["actor"] is story.actor("x")
    stray = Story("S", reports=[Report("a", "nobody")])  # a story built in code, unchecked
    assert story_graph(stray).nodes["a"]["actor"] is None


def _chain_with_a_side_branch():
    # a -> b -> c -> d, and e -> c: b's lineage is a upstream, c and d downstream.
    return make_story([report(r, "x") for r in "abcde"],
                      [link("a", "b"), link("b", "c"), link("c", "d"), link("e", "c")])


def test_lineage_follows_links_both_ways_along_any_path() -> None:
    found = lineage(_chain_with_a_side_branch(), "b")
    assert found.report == "b"
    assert found.ancestors == {"a"}
    assert found.descendants == {"c", "d"}
    assert found.related == {"a", "b", "c", "d"}  # not e: it only shares a descendant


def test_lineage_of_a_report_in_a_cycle_leaves_the_report_out_of_its_own_lineage() -> None:
    story = make_story([report("a", "x"), report("b", "x")], [link("a", "b"), link("b", "a")])
    found = lineage(story, "a")
    assert found.ancestors == found.descendants == {"b"}


def test_lineage_of_an_unknown_report_is_the_library_error() -> None:
    with pytest.raises(ProvenanceError, match='no report "zz"'):
        lineage(_chain_with_a_side_branch(), "zz")


def test_neighbours_are_the_direct_sources_and_targets_in_story_order() -> None:
    story = _chain_with_a_side_branch()
    assert neighbours(story, "c") == (("b", "e"), ("d",))
    assert neighbours(story, "a") == ((), ("b",))
