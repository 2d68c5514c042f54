"""The story model's own helpers: Story.graph."""

from __future__ import annotations

import networkx as nx

import provenance
from provenance.graph import story_graph
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
