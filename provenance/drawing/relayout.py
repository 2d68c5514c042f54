"""A layout kept stable under an edit: the cards that stay do not move.

:func:`relayout` takes the layout of a story before an edit and the story after it:
every card still in the story keeps its place, a removed one leaves its place empty,
a new one goes beside its neighbours where it overlaps nothing, and only the links
whose ends changed are routed again. The viewer's editor calls it after each change;
:func:`~provenance.drawing.layout.layout_story` lays out a story from nothing.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence

import attrs

from ..analysis import Analysis
from ..collector import paused as collector_paused
from ..model import Story
from .layout import (
    _PITCH,
    CARD_HEIGHT,
    CARD_WIDTH,
    LANE_GAP,
    LAYER_GAP,
    MARK_BELOW,
    MARK_ROOM,
    ROW_GAP,
    Card,
    Layout,
    Route,
    _spread_ports,
    layout_story,
)

__all__ = ["relayout"]


def relayout(previous: Layout, story: Story, analysis: Analysis | None = None, *,
             renamed: Mapping[str, str] | None = None) -> Layout:
    """Lay out a story after a small edit, keeping every card that is still there.

    The cards of reports that are in both ``previous`` and ``story`` keep their place
    exactly; a removed report leaves its place empty; a new report goes in the column
    after its sources (or before its targets, or by its date when it has no links),
    as level with its linked neighbours as the free room in that column allows,
    overlapping no card nor a link that runs across its column. A new link to a card
    in its source's column or an earlier one would run backwards: unless it closes a
    cycle, its target moves to the column after its source (and the targets of its
    links after it, in turn), so that links run with the flow. Links between cards
    that stayed keep their paths; the others are routed afresh, between the cards of
    each column they cross. So the picture does not move under the reader's eyes
    while they edit.

    ``renamed`` maps the old id of a report whose id the edit changed to its new one,
    so that its card stays too. A story whose cards are all new (or a ``previous``
    that is empty) is laid out by :func:`layout_story`. The time is O(n + m) for n
    reports and m links, plus O(k log k) for each new card in a column of k cards;
    when only the claims change, it is a pass over the cards and the routes.

    Examples
    --------
    >>> from provenance.model import Actor, Link, Report, Story
    >>> story = Story("S", actors=[Actor("a", "A")],
    ...               reports=[Report("x", "a"), Report("y", "a")], links=[Link("x", "y")])
    >>> before = layout_story(story)
    >>> grown = Story("S", actors=story.actors, reports=story.reports + (Report("z", "a"),),
    ...               links=story.links + (Link("x", "z"),))
    >>> after = relayout(before, grown)
    >>> after.cards["x"] == before.cards["x"] and after.cards["y"] == before.cards["y"]
    True
    >>> after.cards["z"].layer, after.cards["z"].x == after.cards["y"].x
    (1, True)
    >>> relayout(before, story) == before
    True
    """
    if renamed:
        previous = _renamed(previous, renamed)
    with collector_paused():
        return _Relayouter(previous, story, analysis).run()


def _leads_to(outgoing: Mapping[int, list[tuple[int, int]]], start: int, goal: int,
              skip: int) -> bool:
    """Whether links other than number ``skip`` lead from report ``start`` to ``goal``."""
    seen, stack = {start}, [start]
    while stack:
        for k, t in outgoing.get(stack.pop(), ()):
            if k == skip or t in seen:
                continue
            if t == goal:
                return True
            seen.add(t)
            stack.append(t)
    return False


def _renamed(layout: Layout, renamed: Mapping[str, str]) -> Layout:
    """``layout`` with the reports' ids changed as ``renamed`` says (old id -> new id)."""
    def new(rid: str) -> str:
        return renamed.get(rid, rid)

    cards = {new(rid): attrs.evolve(card, report=new(rid)) if rid in renamed else card
             for rid, card in layout.cards.items()}
    routes = tuple(
        attrs.evolve(route, source=new(route.source), target=new(route.target))
        if route.source in renamed or route.target in renamed else route
        for route in layout.routes)
    return Layout(cards, routes, layout.width, layout.height)


class _Relayouter:
    """The working state of one relayout: cards by report id, obstacles by column."""

    def __init__(self, previous: Layout, story: Story, analysis: Analysis | None) -> None:
        self.previous = previous
        self.story = story
        self.analysis = analysis
        seen: dict[str, int] = {}
        for report in story.reports:
            seen.setdefault(report.id, len(seen))
        self.pos = seen
        self.ids = list(seen)
        self.links = [(k, seen[link.source], seen[link.target])
                      for k, link in enumerate(story.links)
                      if link.source in seen and link.target in seen
                      and link.source != link.target]
        self.reports = {report.id: report for report in reversed(story.reports)}
        marked: set[str] = set()
        if analysis is not None and analysis.point_of_distortion is not None:
            marked = {analysis.point_of_distortion.report, *analysis.planted}
        self.marked = marked
        self.offset = 0.0
        self.cards: dict[str, Card] = {}
        # Per column: the cards' tops and bottoms, and the heights links cross it at.
        self.column_cards: dict[int, list[tuple[float, float]]] = {}
        self.column_lanes: dict[int, list[float]] | None = None
        self.matched: dict[int, Route] = {}
        self.unmatched: list[Route] = []

    def run(self) -> Layout:
        old = self.previous.cards
        kept = [rid for rid in self.ids if rid in old]
        if not kept:
            return layout_story(self.story, self.analysis)
        first = old[kept[0]]
        self.offset = first.x - first.layer * _PITCH
        for rid in kept:
            self._put(old[rid])
        self.matched = self._matched_routes(set(kept))
        self._place_new(kept)
        self._follow_the_flow()
        return self._result()

    def _follow_the_flow(self) -> None:
        """A link to a card in its source's column or before it runs against the flow
        (right to left): unless it closes a cycle (its target leads
        back to its source), its target moves to the column after its source's, level
        with it, and so on down the links from each card that moved."""
        ids, cards = self.ids, self.cards
        outgoing: dict[int, list[tuple[int, int]]] = {}
        for k, s, t in self.links:
            outgoing.setdefault(s, []).append((k, t))
        # Links routed afresh, and kept ones that run backwards (a cycle they were in
        # may have been broken by the edit).
        waiting = [(k, s, t) for k, s, t in self.links if k not in self.matched
                   or cards[ids[t]].layer <= cards[ids[s]].layer]
        waiting.reverse()
        while waiting:
            k, s, t = waiting.pop()
            source, target = cards[ids[s]], cards[ids[t]]
            # A card moves only rightwards and never round a cycle, so this ends.
            if target.layer > source.layer or _leads_to(outgoing, t, s, k):
                continue
            self._move(target, source.layer + 1, source.y)
            waiting.extend((k2, t, t2) for k2, t2 in reversed(outgoing.get(t, ())))

    def _move(self, card: Card, layer: int, desired: float) -> None:
        """Put ``card`` in column ``layer`` at the free top nearest ``desired``; the links
        at it are routed afresh."""
        column = self.column_cards[card.layer]
        column.remove((card.y, card.y + card.height))
        rid = card.report
        self.matched = {k: route for k, route in self.matched.items()
                        if rid not in (route.source, route.target)}
        self.column_lanes = None
        least = MARK_ROOM if rid in self.marked else 0.0
        top = self._free(layer, desired, card.height, ROW_GAP, LANE_GAP, least)
        self._put(attrs.evolve(card, x=self._column_x(layer), y=top, layer=layer))

    # -- columns ------------------------------------------------------------- #

    def _put(self, card: Card) -> None:
        self.cards[card.report] = card
        self.column_cards.setdefault(card.layer, []).append((card.y, card.y + card.height))

    def _column_x(self, layer: int) -> float:
        return self.offset + layer * _PITCH

    def _columns_crossed(self, x0: float, x1: float) -> range:
        lo, hi = min(x0, x1), max(x0, x1)
        first = math.ceil((lo - self.offset) / _PITCH - 1e-9)
        last = math.floor((hi - CARD_WIDTH - self.offset) / _PITCH + 1e-9)
        return range(max(first, 0), last + 1)

    def _free(self, layer: int, desired: float, height: float, card_gap: float,
              lane_gap: float | None, least: float) -> float:
        """The top nearest ``desired`` (at least ``least``) for something ``height`` high
        in column ``layer``, ``card_gap`` from every card (and ``lane_gap`` from every
        link crossing the column, when given)."""
        blocked = [(top - card_gap - height, bottom + card_gap)
                   for top, bottom in self.column_cards.get(layer, ())]
        if lane_gap is not None:
            blocked.extend((y - lane_gap - height, y + lane_gap)
                           for y in self._lanes().get(layer, ()))
        blocked.sort()
        # The tops in an open span are blocked; merged, the spans' ends are free.
        spans: list[list[float]] = []
        for lo, hi in blocked:
            if spans and lo < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], hi)
            else:
                spans.append([lo, hi])
        # Quarter units, as the layout's coordinates are (the spans' ends are too).
        wanted = max(math.floor(desired * 4 + 0.5) / 4, least)
        for lo, hi in spans:
            if lo < wanted < hi:
                if lo >= least and wanted - lo <= hi - wanted:
                    return lo
                return hi
        return wanted

    # -- routes that stay ------------------------------------------------------ #

    def _matched_routes(self, kept: set[str]) -> dict[int, Route]:
        """The previous route of each link whose cards both stayed, by link index.

        Links between the same two reports are matched in order; a previous route left
        unmatched (its link or one of its reports is gone) is kept for :meth:`_touched`.
        """
        waiting: dict[tuple[str, str], list[Route]] = {}
        for route in self.previous.routes:
            waiting.setdefault((route.source, route.target), []).append(route)
        for group in waiting.values():
            group.reverse()
        out: dict[int, Route] = {}
        links = self.story.links
        for k, _, _ in self.links:
            link = links[k]
            if link.source in kept and link.target in kept:
                same = waiting.get((link.source, link.target))
                if same:
                    out[k] = same.pop()
        self.unmatched = [route for group in waiting.values() for route in group]
        return out

    def _lanes(self) -> dict[int, list[float]]:
        """The heights at which the previous routes cross each column (found once)."""
        if self.column_lanes is None:
            self.column_lanes = {}
            for route in self.matched.values():
                self._mark_lanes(route.points)
        return self.column_lanes

    def _mark_lanes(self, pts: Sequence[tuple[float, float]]) -> None:
        lanes = self.column_lanes
        assert lanes is not None
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            if y0 == y1 and abs(x1 - x0) >= CARD_WIDTH:
                for layer in self._columns_crossed(x0, x1):
                    lanes.setdefault(layer, []).append(y0)

    # -- new cards ------------------------------------------------------------- #

    def _place_new(self, kept: list[str]) -> None:
        ids = self.ids
        new = [rid for rid in ids if rid not in self.cards]
        if not new:
            return
        sources: dict[int, list[int]] = {}
        targets: dict[int, list[int]] = {}
        for _, s, t in self.links:
            targets.setdefault(s, []).append(t)
            sources.setdefault(t, []).append(s)
        # Dated cards that stay, by time, with the highest column up to each time.
        dated = sorted((when.sort_key, self.cards[rid].layer) for rid in kept
                       if (when := self.reports[rid].published) is not None)
        keys = [key for key, _ in dated]
        highest: list[int] = []
        for _, layer in dated:
            highest.append(max(layer, highest[-1]) if highest else layer)
        placed = set(kept)
        waiting = [self.pos[rid] for rid in new]
        queue: list[int] = [i for i in waiting if any(
            ids[j] in placed for j in sources.get(i, []) + targets.get(i, []))]
        head = 0
        next_unlinked = 0
        while len(placed) < len(ids):
            if head < len(queue):
                i = queue[head]
                head += 1
            else:
                while ids[waiting[next_unlinked]] in placed:
                    next_unlinked += 1
                i = waiting[next_unlinked]
            rid = ids[i]
            if rid in placed:
                continue
            self._place(rid, [ids[j] for j in sources.get(i, []) if ids[j] in placed],
                        [ids[j] for j in targets.get(i, []) if ids[j] in placed],
                        keys, highest)
            placed.add(rid)
            queue.extend(j for j in sources.get(i, []) + targets.get(i, [])
                         if ids[j] not in placed)

    def _place(self, rid: str, sources: list[str], targets: list[str], keys: list[float],
               highest: list[int]) -> None:
        cards = self.cards
        if sources:
            layer = max(cards[s].layer for s in sources) + 1
        elif targets:
            layer = max(min(cards[t].layer for t in targets) - 1, 0)
        else:
            published = self.reports[rid].published
            at = bisect_left(keys, published.sort_key) if published is not None else 0
            layer = highest[at - 1] if at else 0
        near = [cards[r] for r in sources + targets]
        least = MARK_ROOM if rid in self.marked else 0.0
        if near:
            desired = sum(c.y + c.height / 2 for c in near) / len(near) - CARD_HEIGHT / 2
        else:  # below what the column holds
            desired = max((bottom + ROW_GAP for _, bottom in self.column_cards.get(layer, ())),
                          default=least)
        top = self._free(layer, desired, CARD_HEIGHT, ROW_GAP, LANE_GAP, least)
        self._put(Card(rid, self._column_x(layer), top, CARD_WIDTH, CARD_HEIGHT, layer))

    # -- new routes and the result ------------------------------------------- #

    def _lane(self, layer: int, desired: float) -> float:
        return self._free(layer, desired, 0.0, LANE_GAP, None, 0.0)

    def _route(self, source: Card, target: Card) -> list[tuple[float, float]]:
        w, half_gap = CARD_WIDTH, LAYER_GAP / 2
        y0 = source.y + source.height / 2
        y1 = target.y + target.height / 2
        ls, lt = source.layer, target.layer
        if lt > ls:
            pts = [(source.x + w, y0)]
            for layer in range(ls + 1, lt):
                y = self._lane(layer, y0 + (y1 - y0) * (layer - ls) / (lt - ls))
                x = self._column_x(layer)
                pts += [(x, y), (x + w, y)]
            pts.append((target.x, y1))
        elif lt < ls:
            below_s = source.y + source.height + ROW_GAP / 2
            below_t = target.y + target.height + ROW_GAP / 2
            pts = [(source.x + w, y0), (source.x + w + half_gap, y0),
                   (source.x + w + half_gap, below_s), (source.x - half_gap, below_s)]
            for layer in range(ls - 1, lt, -1):
                y = self._lane(layer, below_s + (below_t - below_s) * (ls - layer) / (ls - lt))
                x = self._column_x(layer)
                pts += [(x + w, y), (x, y)]
            pts += [(target.x + w + half_gap, below_t), (target.x - half_gap, below_t),
                    (target.x - half_gap, y1), (target.x, y1)]
        else:  # one column: across it between the two cards
            y = self._lane(ls, (y0 + y1) / 2)
            pts = [(source.x + w, y0), (source.x + w + half_gap, y0),
                   (source.x + w + half_gap, y), (target.x - half_gap, y),
                   (target.x - half_gap, y1), (target.x, y1)]
        return pts

    def _touched(self) -> set[int]:
        """The cards (by position) where a link comes or goes: their ports spread anew."""
        touched: set[int] = set()
        pos = self.pos
        for k, s, t in self.links:
            if k not in self.matched:
                touched.add(s)
                touched.add(t)
        for route in self.unmatched:
            for rid in (route.source, route.target):
                if rid in pos:
                    touched.add(pos[rid])
        return touched

    def _result(self) -> Layout:
        cards = self.cards
        ids = self.ids
        links = self.story.links
        matched = self.matched
        touched = self._touched()
        centre = {i: cards[ids[i]].y + cards[ids[i]].height / 2 for i in touched}
        routes: list[Route | None] = []
        respread: list[tuple[int, list[tuple[float, float]]]] = []
        respread_links: list[tuple[int, int, int]] = []
        where: list[int] = []
        for k, s, t in self.links:
            before = matched.get(k)
            if before is not None and s not in touched and t not in touched:
                link = links[k]
                if (before.link, before.relation, before.confidence) != (
                        k, link.relation, link.confidence):
                    before = Route(link.source, link.target, before.points, link.relation,
                                   link.confidence, k)
                routes.append(before)
                continue
            if before is None:
                pts = self._route(cards[ids[s]], cards[ids[t]])
            else:  # back to where its ends were before they were spread, at touched cards
                pts = list(before.points)
                if s in touched:
                    pts[0] = (pts[0][0], centre[s])
                    if len(pts) > 2 and pts[2][0] == pts[1][0]:
                        pts[1] = (pts[1][0], centre[s])
                if t in touched:
                    pts[-1] = (pts[-1][0], centre[t])
                    if len(pts) > 2 and pts[-3][0] == pts[-2][0]:
                        pts[-2] = (pts[-2][0], centre[t])
            where.append(len(routes))
            routes.append(None)
            respread.append((k, pts))
            respread_links.append((k, s, t))
        for _, s, t in respread_links:
            for i in (s, t):
                if i not in centre:
                    centre[i] = cards[ids[i]].y + cards[ids[i]].height / 2
        _spread_ports(respread, respread_links, touched, centre)
        for at, (k, pts) in zip(where, respread, strict=True):
            link = links[k]
            routes[at] = Route(link.source, link.target,
                               tuple((max(px, 0.0), max(py, 0.0)) for px, py in pts),
                               link.relation, link.confidence, k)
        ordered = {rid: cards[rid] for rid in ids}
        width = max(c.x + c.width for c in ordered.values())
        height = max(c.y + c.height + (MARK_BELOW if c.report in self.marked else 0.0)
                     for c in ordered.values())
        done: list[Route] = [route for route in routes if route is not None]
        for route in done:
            if len(route.points) > 2:
                width = max(width, max(px for px, _ in route.points))
                height = max(height, max(py for _, py in route.points))
        return Layout(ordered, tuple(done), width, height)


