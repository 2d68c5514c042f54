"""The story as a networkx graph, and walks over its links: lineage and neighbours.

The records of :mod:`provenance.model` know nothing of graphs; this module builds them,
once per story (kept in the story's private cache, beside its id indexes).

Examples
--------
>>> from provenance.model import Story, Actor, Report, Link
>>> story = Story("S", actors=[Actor("a", "Agency")],
...               reports=[Report("r1", "a"), Report("r2", "a"), Report("r3", "a")],
...               links=[Link("r1", "r2"), Link("r2", "r3")])
>>> lin = lineage(story, "r2")
>>> sorted(lin.ancestors), sorted(lin.descendants)
(['r1'], ['r3'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .errors import ProvenanceError
from .model import TRANSMITTING, Story

__all__ = ["answering_links", "Lineage", "lineage", "neighbours", "story_graph"]

@attrs.frozen
class Lineage:
    """How a report got here (ancestors) and where it went (descendants), along any link."""

    report: str
    ancestors: frozenset[str]
    descendants: frozenset[str]

    @property
    def related(self) -> frozenset[str]:
        """The report itself with its ancestors and descendants."""
        return self.ancestors | self.descendants | {self.report}


def _walk(start: str, step: Mapping[str, list[str]]) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(step.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(step.get(node, ()))
    seen.discard(start)
    return frozenset(seen)


def lineage(story: Story, report_id: str) -> Lineage:
    """Every report upstream and downstream of ``report_id`` (cycles are fine).

    Raises
    ------
    ProvenanceError
        If the story has no such report.
    """
    if report_id not in {r.id for r in story.reports}:
        raise ProvenanceError(f'the story has no report "{report_id}"')
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for link in story.links:
        forward.setdefault(link.source, []).append(link.target)
        backward.setdefault(link.target, []).append(link.source)
    return Lineage(report_id, _walk(report_id, backward), _walk(report_id, forward))


def neighbours(story: Story, report_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The reports a report drew on, and those that drew on it (story order).

    Examples
    --------
    >>> from provenance.model import Actor, Link, Report
    >>> story = Story("S", actors=[Actor("a", "A")],
    ...               reports=[Report("r1", "a"), Report("r2", "a"), Report("r3", "a")],
    ...               links=[Link("r1", "r2"), Link("r2", "r3")])
    >>> neighbours(story, "r2")
    (('r1',), ('r3',))
    """
    sources = tuple(k.source for k in story.links if k.target == report_id)
    targets = tuple(k.target for k in story.links if k.source == report_id)
    return sources, targets


def story_graph(story: Story) -> Any:
    """The story as a ``networkx.MultiDiGraph`` keyed by report id.

    One edge per link, keyed by the link's index in :attr:`Story.links`, so two
    links between the same reports are two edges (``graph[u][v][k]``). Nodes
    carry ``report`` (the :class:`Report`) and ``actor`` (its :class:`Actor`,
    when known); edges carry ``link`` (the :class:`Link`), ``relation`` and
    ``confidence``. The graph is built once and cached; treat it as
    read-only (copy it to change it).

    Examples
    --------
    >>> from provenance.model import Actor, Link, Relation, Report
    >>> story = Story("T", actors=[Actor("a", "A")],
    ...               reports=[Report("r1", "a"), Report("r2", "a")],
    ...               links=[Link("r1", "r2"), Link("r1", "r2", Relation.REBUTS)])
    >>> sorted(story_graph(story).edges(keys=True))
    [('r1', 'r2', 0), ('r1', 'r2', 1)]
    """
    graph = story._cache.get("graph")
    if graph is None:
        import networkx as nx

        actors = story._index("actors")
        graph = nx.MultiDiGraph(title=story.title)
        graph.add_nodes_from(
            (r.id, {"report": r, "actor": actors.get(r.actor)}) for r in story.reports
        )
        graph.add_edges_from(
            (
                link.source,
                link.target,
                k,
                {"link": link, "relation": link.relation.value, "confidence": link.confidence},
            )
            for k, link in enumerate(story.links)
        )
        story._cache["graph"] = graph
    return graph


def answering_links(story: Story,
                    indices: Iterable[int] | None = None) -> dict[tuple[str, str], int]:
    """For each pair of reports joined by a link, the index of the link that answers for
    the pair (carries its label in a picture, is selected by a click on it): the first
    along which the claim travels (a transmitting relation), else the first.

    ``indices`` limits the links considered (those a picture draws); all by default.

    >>> from provenance.model import Actor, Link, Relation, Report
    >>> story = Story("S", actors=[Actor("a", "A")], reports=[Report("r", "a"), Report("s", "a")],
    ...               links=[Link("r", "s", Relation.REBUTS), Link("r", "s")])
    >>> answering_links(story)
    {('r', 's'): 1}
    """
    links = story.links
    out: dict[tuple[str, str], int] = {}
    for k in range(len(links)) if indices is None else indices:
        link = links[k]
        key = (link.source, link.target)
        best = out.get(key)
        if best is None or (link.relation in TRANSMITTING
                            and links[best].relation not in TRANSMITTING):
            out[key] = k
    return out
