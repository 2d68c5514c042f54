"""Where each report goes on the page: time left to right, generations stacked top to bottom.

:func:`layout_story` gives every report a :class:`Card` (a fixed-size box) and every
link a :class:`Route` (a polyline from the source card's right edge to the target
card's left edge). The matplotlib renderer (:mod:`provenance.drawing.mpl`) and the Qt
viewer both draw this one layout, so a story looks the same wherever it is shown.

Coordinates are abstract units with ``y`` growing downward (the screen convention);
a card is :data:`CARD_WIDTH` by :data:`CARD_HEIGHT` units, room for five short lines
(actor, kind and date, title) of text 10 units high.

The method is a layered (Sugiyama) drawing, kept linear or close to it so that
100,000 reports lay out in seconds in pure Python:

1. Cycles are broken by reversing the back edges of a depth-first search that
   visits reports in time order (undated ones after, in story order).
2. Layers are a longest-path layering of a constraint graph: a link puts its target
   at least one layer right of its source; a report *definitely* published before
   another (:meth:`PublicationTime.definitely_before`) is never right of it. The
   time order is represented sparsely, through chains of time points, so it costs
   O(n log n) rather than O(n^2). Sources with no source of their own then move
   right, next to what they feed, as far as time allows.
3. Links that span several layers get a lane (a dummy node) in each layer they cross,
   within a budget, so that they run between cards, not through them.
4. Rows come from barycentre sweeps (a few passes down and up, keeping the order
   with the fewest crossings); unconnected parts of the story keep to bands of their
   own, the part holding the point of distortion on top. A rebuttal's row follows
   what it rebuts.
5. Vertical positions come from weighted isotonic regression (pool adjacent
   violators) in alternating sweeps: each card sits as level with its neighbours as
   the minimum gaps allow, so cards never overlap.

Examples
--------
>>> from provenance.model import Actor, Link, Relation, Report, Story
>>> story = Story(
...     "Demo",
...     actors=[Actor("a", "Agency")],
...     reports=[Report("r1", "a"), Report("r2", "a"), Report("r3", "a")],
...     links=[Link("r1", "r2", Relation.QUOTES), Link("r2", "r3", Relation.REBUTS)],
... )
>>> layout = layout_story(story)
>>> [card.layer for card in layout.cards.values()]
[0, 1, 2]
>>> layout.cards["r1"].x < layout.cards["r2"].x < layout.cards["r3"].x
True
>>> route = layout.routes[0]
>>> route.points[0] == (layout.cards["r1"].x + CARD_WIDTH, layout.center("r1")[1])
True
>>> layout_story(story) == layout
True
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Container, Mapping, Sequence

import attrs

from ..analysis import Analysis
from ..collector import paused as collector_paused
from ..errors import ProvenanceError
from ..model import Relation, Report, Story

__all__ = [
    "Card",
    "Route",
    "Layout",
    "layout_story",
    "CARD_WIDTH",
    "CARD_HEIGHT",
    "LAYER_GAP",
    "ROW_GAP",
    "MARK_ROOM",
    "MARK_BELOW",
]

#: Size of every report card, in layout units.
CARD_WIDTH = 180.0
CARD_HEIGHT = 72.0
#: Horizontal space between two layers: room for a link's label.
LAYER_GAP = 140.0
#: Vertical space between two cards of one layer.
ROW_GAP = 28.0
#: Vertical space between a card and a link passing through its layer, or two such links.
LANE_GAP = 10.0
#: Extra space between two parts of the story that no link joins.
COMPONENT_GAP = 40.0
#: Extra space above the point of distortion and planted reports, for their label,
#: and below them, for their halo.
MARK_ROOM = 22.0
MARK_BELOW = 10.0

_PITCH = CARD_WIDTH + LAYER_GAP
# Rebuttals keep to the row of what they rebut: their links weigh this much more.
_REBUTS_WEIGHT = 8.0
# Lanes (dummy nodes) are kept straight in preference to cards.
_LANE_WEIGHT = 2.0
# A link that spans layers without lanes still pulls its ends together, a little.
_LONG_WEIGHT = 0.25


@attrs.frozen
class Card:
    """One report's box; ``x``, ``y`` is its top-left corner."""

    report: str
    x: float
    y: float
    width: float
    height: float
    #: The column (generation) the report is in, 0 on the left.
    layer: int


@attrs.frozen
class Route:
    """One link's polyline, from the source card's right edge to the target card's left edge.

    A link that runs backwards (in a cycle) leaves its source to the right, runs
    below the cards, and enters its target from the left.
    """

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    relation: Relation
    confidence: float
    #: The link's index in ``story.links``.
    link: int = -1


@attrs.frozen
class Layout:
    """Cards (in story order) and routes (one per link, in story order), and the extent.

    Every card and route point lies within ``0 <= x <= width`` and ``0 <= y <= height``.
    """

    cards: Mapping[str, Card] = attrs.field(hash=False)
    routes: tuple[Route, ...]
    width: float
    height: float

    def center(self, report_id: str) -> tuple[float, float]:
        """The centre of a report's card.

        Raises
        ------
        ProvenanceError
            If the report is not in the layout.
        """
        card = self.cards.get(report_id)
        if card is None:
            raise ProvenanceError(f"no report {report_id!r} in the layout")
        return (card.x + card.width / 2, card.y + card.height / 2)


def layout_story(story: Story, analysis: Analysis | None = None) -> Layout:
    """Lay out a story: one card per report, one route per link.

    Parameters
    ----------
    story : Story
        The story. Links to reports that are not in it, self-links and a second
        report with an id already used are left out (the story is not validated).
    analysis : Analysis, optional
        The analysis of ``story``. When given, the point of distortion and the
        planted reports get :data:`MARK_ROOM` above their card for a label (and
        :data:`MARK_BELOW` below it), and
        the part of the story holding the point of distortion is placed on top.

    Returns
    -------
    Layout
        Cards in story order, routes in link order; the same story always gives the
        same layout. After an edit, :func:`provenance.drawing.relayout.relayout` keeps
        every card that stays where it was.

    Notes
    -----
    Time flows left to right: a report is never left of a source it draws on
    (unless the links form a cycle, which is broken in time order), and never left
    of a report definitely published before it, unless the dates contradict the
    links (a report dated before its source), when the links win. Reports of one
    layer are stacked with few crossings; a rebuttal sits in the layer after what it
    rebuts (or later, if its date says so) in the row next to it. Cards never overlap.

    The running time is O((n + m) log n) for n reports and m links, plus the lanes of
    long links (at most about three per report).

    Examples
    --------
    >>> from provenance.model import Actor, Link, Report, Story
    >>> story = Story("S", actors=[Actor("a", "A")],
    ...               reports=[Report("x", "a"), Report("y", "a")], links=[Link("x", "y")])
    >>> layout = layout_story(story)
    >>> layout.cards["y"].layer, layout.center("y")
    (1, (410.0, 36.0))
    >>> layout.width, layout.height
    (500.0, 72.0)
    """
    with collector_paused():
        return _Layouter(story, analysis).run()


# --------------------------------------------------------------------------- #

class _Layouter:
    """The working state of one layout, in integer arrays indexed by report."""

    def __init__(self, story: Story, analysis: Analysis | None) -> None:
        self.story = story
        self.analysis = analysis
        pos: dict[str, int] = {}
        reports: list[Report] = []
        for report in story.reports:
            if report.id not in pos:
                pos[report.id] = len(reports)
                reports.append(report)
        self.reports = reports
        self.pos = pos
        self.n = len(reports)
        # Links that can be drawn: (link index, source, target).
        self.links: list[tuple[int, int, int]] = []
        for k, link in enumerate(story.links):
            s, t = pos.get(link.source), pos.get(link.target)
            if s is not None and t is not None and s != t:
                self.links.append((k, s, t))

    def run(self) -> Layout:
        n = self.n
        if n == 0:
            return Layout({}, (), 0.0, 0.0)
        priority = self._time_priority()
        pairs, pair_reversed, pre = self._break_cycles(priority)
        layer = self._layers(pairs, priority)
        comp = self._components(pairs)
        nodes = self._build_nodes(pairs, layer, comp, pre)
        self._order(nodes)
        ys = self._coordinates(nodes)
        return self._result(nodes, ys, pair_reversed)

    # -- time ---------------------------------------------------------------- #

    def _time_priority(self) -> list[tuple[int, float, int]]:
        """Visit order of reports: dated ones by time, then undated ones, each by story order."""
        out = []
        for i, report in enumerate(self.reports):
            t = report.published
            out.append((0, t.sort_key, i) if t is not None else (1, 0.0, i))
        return out

    def _time_edges(self, first: int) -> tuple[list[tuple[int, int]], list[float]]:
        """Weight-0 edges (and time points) that say "a was published before b".

        ``definitely_before`` compares two times on one of two clocks: local wall-clock
        time when either is a bare date or both lack an offset, UTC otherwise (a time
        without an offset widened to every zone). Each case is an interval order, which
        a chain of time points represents exactly: a -> the first point at or after
        a's end -> ... -> the point at b's start -> b. Four chains cover the cases; a
        pair they join that ``definitely_before`` would not is implied by others anyway.
        """
        bare: list[int] = []
        naive: list[int] = []
        zoned: list[int] = []
        times = [r.published for r in self.reports]
        for i, t in enumerate(times):
            if t is None:
                continue
            if not t.has_time:
                bare.append(i)
            elif t.offset is None:
                naive.append(i)
            else:
                zoned.append(i)

        def local_end(i: int) -> float:
            return times[i].local_end  # type: ignore[union-attr]

        def local_start(i: int) -> float:
            return times[i].local_start  # type: ignore[union-attr]

        def utc_end(i: int) -> float:
            return times[i].utc_end  # type: ignore[union-attr]

        def utc_start(i: int) -> float:
            return times[i].utc_start  # type: ignore[union-attr]

        edges: list[tuple[int, int]] = []
        points: list[float] = []
        chains = (
            (bare + naive, local_end, bare + naive, local_start),
            (zoned, local_end, bare, local_start),
            (bare, local_end, zoned, local_start),
            (zoned + naive, utc_end, zoned + naive, utc_start),
        )
        for sources, end, sinks, start in chains:
            if not sources or not sinks:
                continue
            values = sorted({start(b) for b in sinks})
            base = first + len(points)
            points.extend(values)
            for j in range(len(values) - 1):
                edges.append((base + j, base + j + 1))
            for b in sinks:
                edges.append((base + bisect_left(values, start(b)), b))
            for a in sources:
                j = bisect_left(values, end(a))
                if j < len(values):
                    edges.append((a, base + j))
        return edges, points

    # -- cycles and layers ------------------------------------------------------ #

    def _break_cycles(
        self, priority: Sequence[tuple[int, float, int]]
    ) -> tuple[dict[tuple[int, int], list[int]], dict[int, bool], list[int]]:
        """Link pairs made acyclic: (earlier, later) -> link indices; and DFS preorder."""
        n = self.n
        order = sorted(range(n), key=priority.__getitem__)
        rank = [0] * n
        for r, i in enumerate(order):
            rank[i] = r
        succ: list[list[int]] = [[] for _ in range(n)]
        for _, s, t in self.links:
            succ[s].append(t)
        for lst in succ:
            if len(lst) > 1:
                lst.sort(key=rank.__getitem__)
        state = bytearray(n)  # 0 unseen, 1 on the path, 2 done
        pre = [0] * n
        counter = 0
        back: set[tuple[int, int]] = set()
        for root in order:
            if state[root]:
                continue
            state[root] = 1
            pre[root] = counter
            counter += 1
            stack = [(root, iter(succ[root]))]
            while stack:
                v, children = stack[-1]
                for w in children:
                    if state[w] == 0:
                        state[w] = 1
                        pre[w] = counter
                        counter += 1
                        stack.append((w, iter(succ[w])))
                        break
                    if state[w] == 1:
                        back.add((v, w))
                else:
                    state[v] = 2
                    stack.pop()
        pairs: dict[tuple[int, int], list[int]] = {}
        reversed_link: dict[int, bool] = {}
        for k, s, t in self.links:
            flipped = (s, t) in back
            key = (t, s) if flipped else (s, t)
            pairs.setdefault(key, []).append(k)
            reversed_link[k] = flipped
        return pairs, reversed_link, pre

    def _layers(
        self, pairs: Mapping[tuple[int, int], list[int]],
        priority: Sequence[tuple[int, float, int]],
    ) -> list[int]:
        """Longest-path layers of links (weight 1) and publication order (weight 0)."""
        n = self.n
        time_edges, points = self._time_edges(n)
        total = n + len(points)
        prio: list[tuple[int, float, int]] = list(priority)
        prio.extend((0, value, n + j) for j, value in enumerate(points))
        # Out-edges encoded as target * 2 + weight.
        out: list[list[int]] = [[] for _ in range(total)]
        indeg = [0] * total
        graph_indeg = [0] * total
        for a, b in pairs:
            out[a].append(b * 2 + 1)
            indeg[b] += 1
            graph_indeg[b] += 1
        for a, b in time_edges:
            out[a].append(b * 2)
            indeg[b] += 1
        # Longest paths do not depend on the order nodes are taken in, so the ready
        # ones are a plain stack; only the held ones are taken by priority.
        ready = [v for v in range(total - 1, -1, -1) if indeg[v] == 0]
        # Nodes held back only by the time order: taken when nothing else is ready
        # (the dates contradict the links), dropping the time order that remains.
        held = [(prio[v], v) for v in range(total) if indeg[v] and not graph_indeg[v]]
        heapq.heapify(held)
        need = [0] * total
        layer = [0] * total
        done = bytearray(total)
        finished: list[int] = []
        while len(finished) < total:
            v = ready.pop() if ready else heapq.heappop(held)[1]
            if done[v]:
                continue
            done[v] = 1
            finished.append(v)
            here = layer[v] = need[v]
            for code in out[v]:
                w = code >> 1
                if done[w]:
                    continue
                if code & 1:
                    if here + 1 > need[w]:
                        need[w] = here + 1
                    graph_indeg[w] -= 1
                    indeg[w] -= 1
                    if graph_indeg[w] == 0 and indeg[w]:
                        heapq.heappush(held, (prio[w], w))
                else:
                    if here > need[w]:
                        need[w] = here
                    indeg[w] -= 1
                if indeg[w] == 0:
                    ready.append(w)
        # Sources with no source of their own move right, next to what they feed,
        # but never past a report published after them.
        latest = [0] * total
        big = 1 << 60
        for v in reversed(finished):
            bound = big
            for code in out[v]:
                w = code >> 1
                bound = min(bound, (layer[w] - 1) if code & 1 else
                            (layer[w] if w < n else latest[w]))
            latest[v] = bound
        has_source = bytearray(n)
        has_target = bytearray(n)
        for a, b in pairs:
            has_source[b] = 1
            has_target[a] = 1
        for v in range(n):
            if not has_source[v] and has_target[v] and big > latest[v] > layer[v]:
                layer[v] = latest[v]
        used = sorted(set(layer[:n]))
        renumber = {old: new for new, old in enumerate(used)}
        return [renumber[layer[v]] for v in range(n)]

    # -- parts, lanes and rows -------------------------------------------------- #

    def _components(self, pairs: Mapping[tuple[int, int], list[int]]) -> list[int]:
        """Rank of each report's connected part: the point of distortion's first, then by size."""
        n = self.n
        parent = list(range(n))

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        roots = [find(v) for v in range(n)]
        size: dict[int, int] = {}
        for r in roots:
            size[r] = size.get(r, 0) + 1
        first = -1
        point = self.analysis.point_of_distortion if self.analysis is not None else None
        if point is not None and point.report in self.pos:
            first = roots[self.pos[point.report]]
        ranked = sorted(size, key=lambda r: (r != first, -size[r], r))
        rank = {r: i for i, r in enumerate(ranked)}
        return [rank[r] for r in roots]

    def _build_nodes(
        self, pairs: Mapping[tuple[int, int], list[int]], layer: list[int], comp: list[int],
        pre: list[int],
    ) -> _Nodes:
        n = self.n
        links = self.story.links
        nodes = _Nodes(n, list(layer), list(comp))
        extra = nodes.extra
        if self.analysis is not None and self.analysis.point_of_distortion is not None:
            for rid in (self.analysis.point_of_distortion.report, *self.analysis.planted):
                if rid in self.pos:
                    extra[self.pos[rid]] = MARK_ROOM
                    nodes.below[self.pos[rid]] = MARK_BELOW
        keys: list[tuple[int, int, int]] = [(comp[v], pre[v], 0) for v in range(n)]
        # Lanes for long links, shortest first, within a budget.
        budget = 4000 + n
        long_pairs = sorted(
            ((layer[b] - layer[a], ks[0], (a, b)) for (a, b), ks in pairs.items()
             if layer[b] - layer[a] > 1))
        granted: set[tuple[int, int]] = set()
        for span, _, pair in long_pairs:
            if span - 1 > budget:
                break
            budget -= span - 1
            granted.add(pair)
        for (a, b), ks in pairs.items():
            weight = _REBUTS_WEIGHT if any(
                links[k].relation is Relation.REBUTS for k in ks) else 1.0
            span = layer[b] - layer[a]
            if span == 1:
                nodes.join(a, b, weight)
            elif (a, b) in granted:
                chain = []
                previous = a
                for j in range(1, span):
                    d = nodes.add_lane(layer[a] + j, comp[a])
                    keys.append((comp[a], pre[a], j))
                    chain.append(d)
                    nodes.join(previous, d, weight)
                    previous = d
                nodes.join(previous, b, weight)
                nodes.lanes[(a, b)] = chain
            else:
                nodes.far_up[b].append((a, weight * _LONG_WEIGHT))
                nodes.far_down[a].append((b, weight * _LONG_WEIGHT))
        count = max(layer) + 1
        layers: list[list[int]] = [[] for _ in range(count)]
        for v in sorted(range(len(nodes.layer)), key=keys.__getitem__):
            layers[nodes.layer[v]].append(v)
        nodes.layers = layers
        return nodes

    def _order(self, nodes: _Nodes) -> None:
        """Barycentre sweeps, keeping the order with the fewest crossings."""
        layers = nodes.layers
        total = len(nodes.layer)
        comp = nodes.comp
        frac = [0.0] * total
        index = [0] * total

        def refresh(k: int) -> None:
            row = layers[k]
            m = len(row)
            for i, v in enumerate(row):
                index[v] = i
                frac[v] = (i + 0.5) / m

        for k in range(len(layers)):
            refresh(k)
        segments = sum(len(d) for d in nodes.down)
        counting = segments <= 60_000
        best = _crossings(layers, nodes.down, index) if counting else 0
        best_layers = [list(row) for row in layers]
        passes = 4 if total <= 20_000 else 3 if total <= 100_000 else 1
        for _ in range(passes):
            for downward in (True, False):
                neighbours = nodes.up if downward else nodes.down
                ks = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
                for k in ks:
                    keyed = []
                    for v in layers[k]:
                        near = neighbours[v]
                        if near:
                            total_w = acc = 0.0
                            for u, w in near:
                                acc += frac[u] * w
                                total_w += w
                            keyed.append((comp[v], acc / total_w, index[v], v))
                        else:
                            keyed.append((comp[v], frac[v], index[v], v))
                    keyed.sort()
                    layers[k] = [item[3] for item in keyed]
                    refresh(k)
            if counting:
                crossings = _crossings(layers, nodes.down, index)
                if crossings < best:
                    best = crossings
                    best_layers = [list(row) for row in layers]
        if counting:
            nodes.layers = best_layers

    def _coordinates(self, nodes: _Nodes) -> list[float]:
        """Vertical centres: each node level with its neighbours, as far as the gaps allow."""
        layers = nodes.layers
        total = len(nodes.layer)
        n = self.n
        comp, half, extra, below = nodes.comp, nodes.half, nodes.extra, nodes.below
        offsets: list[list[float]] = []
        y = [0.0] * total
        for row in layers:
            o = [0.0] * len(row)
            for i in range(1, len(row)):
                u, v = row[i - 1], row[i]
                gap = ROW_GAP if (u < n and v < n) else LANE_GAP
                if comp[u] != comp[v]:
                    gap += COMPONENT_GAP
                o[i] = o[i - 1] + half[u] + half[v] + gap + extra[v] + below[u]
            offsets.append(o)
            middle = o[-1] / 2 if o else 0.0
            for v, ov in zip(row, o, strict=True):
                y[v] = ov - middle

        def sweep(k: int, neighbours: list[list[tuple[int, float]]]) -> None:
            row = layers[k]
            desired = []
            weights = []
            for v in row:
                near = neighbours[v]
                if near:
                    acc = total_w = 0.0
                    for u, w in near:
                        acc += y[u] * w
                        total_w += w
                    desired.append(acc / total_w)
                    weights.append(total_w * _LANE_WEIGHT if v >= n else total_w)
                else:
                    desired.append(y[v])
                    weights.append(0.01)
            for v, value in zip(row, _fit(desired, weights, offsets[k]), strict=True):
                y[v] = value

        count = len(layers)
        down = [a + b if b else a for a, b in zip(nodes.up, nodes.far_up, strict=True)]
        up = [a + b if b else a for a, b in zip(nodes.down, nodes.far_down, strict=True)]
        both = [a + b for a, b in zip(down, up, strict=True)]
        passes = 2 if total <= 200_000 else 1
        for _ in range(passes):
            for k in range(1, count):
                sweep(k, down)
            for k in range(count - 2, -1, -1):
                sweep(k, up)
        for k in range(count):
            sweep(k, both)
        # Snapped to quarter units, so that sums of centres, edges and gaps are exact.
        # floor(x + 0.5) is monotonic and commutes with adding whole gaps: no gap shrinks.
        return [math.floor(value * 4 + 0.5) / 4 for value in y]

    # -- the result ------------------------------------------------------------ #

    def _result(
        self, nodes: _Nodes, y: list[float], reversed_link: Mapping[int, bool],
    ) -> Layout:
        n = self.n
        layer = nodes.layer
        w, h = CARD_WIDTH, CARD_HEIGHT
        half_gap = LAYER_GAP / 2
        left = [layer[v] * _PITCH for v in range(n)]
        top = [y[v] - h / 2 for v in range(n)]
        routes_raw: list[tuple[int, list[tuple[float, float]]]] = []
        story_links = self.story.links
        for k, s, t in self.links:
            flipped = reversed_link[k]
            a, b = (t, s) if flipped else (s, t)
            chain = nodes.lanes.get((a, b), [])
            if not flipped:
                pts = [(left[s] + w, y[s])]
                for d in chain:
                    x = layer[d] * _PITCH
                    pts += [(x, y[d]), (x + w, y[d])]
                pts.append((left[t], y[t]))
            else:
                below_s = top[s] + h + ROW_GAP / 2
                below_t = top[t] + h + ROW_GAP / 2
                pts = [(left[s] + w, y[s]), (left[s] + w + half_gap, y[s]),
                       (left[s] + w + half_gap, below_s), (left[s] - half_gap, below_s)]
                for d in reversed(chain):
                    x = layer[d] * _PITCH
                    pts += [(x + w, y[d]), (x, y[d])]
                pts += [(left[t] + w + half_gap, below_t), (left[t] - half_gap, below_t),
                        (left[t] - half_gap, y[t]), (left[t], y[t])]
            routes_raw.append((k, pts))
        _spread_ports(routes_raw, self.links)
        min_x = 0.0
        max_x = max(left) + w
        min_y = min(top[v] - nodes.extra[v] for v in range(n))
        max_y = max(top[v] + h + nodes.below[v] for v in range(n))
        for _, pts in routes_raw:
            if len(pts) > 2:
                xs = [p[0] for p in pts]
                ys = [p[1] for p in pts]
                min_x = min(min_x, *xs)
                max_x = max(max_x, *xs)
                min_y = min(min_y, *ys)
                max_y = max(max_y, *ys)
        ids = [r.id for r in self.reports]
        cards = {
            ids[v]: Card(ids[v], left[v] - min_x, top[v] - min_y, w, h, layer[v])
            for v in range(n)
        }
        routes = []
        for k, pts in routes_raw:
            link = story_links[k]
            routes.append(Route(
                link.source, link.target,
                tuple([(px - min_x, py - min_y) for px, py in pts]),
                link.relation, link.confidence, k,
            ))
        return Layout(cards, tuple(routes), max_x - min_x, max_y - min_y)


def _spread_ports(routes: list[tuple[int, list[tuple[float, float]]]],
                  links: Sequence[tuple[int, int, int]],
                  cards: Container[int] | None = None,
                  centre: Mapping[int, float] | None = None) -> None:
    """Spread the ends of a card's links along its edge, in the order they arrive.

    Links that all met at the middle of an edge would hide each other's arrowheads;
    spread out (at most 10 units apart, within the middle 70% of the edge) and sorted
    by where they come from, they do not cross at the card.

    With ``cards``, only the ends at those cards are spread (``routes`` must hold
    every link at them, not yet spread there); ``centre`` gives the middle of each
    card at an end of ``routes``: where a straight link's other end was before it
    was spread.
    """
    outgoing: dict[int, list[tuple[float, int, int]]] = {}
    incoming: dict[int, list[tuple[float, int, int]]] = {}
    for i, ((k, pts), (_, s, t)) in enumerate(zip(routes, links, strict=True)):
        # Sorted by where the route heads: the next point (past a backward stub).
        backward = len(pts) > 2 and pts[2][0] == pts[1][0]
        if cards is None or s in cards:
            head = (centre[t] if centre is not None and len(pts) == 2
                    else pts[2 if backward else 1][1])
            outgoing.setdefault(s, []).append((head, k, i))
        if cards is None or t in cards:
            tail = (centre[s] if centre is not None and len(pts) == 2
                    else pts[-3 if backward else -2][1])
            incoming.setdefault(t, []).append((tail, k, i))
    for ends, first in ((outgoing, True), (incoming, False)):
        for group in ends.values():
            if len(group) < 2:
                continue
            group.sort()
            step = min(10.0, CARD_HEIGHT * 0.7 / (len(group) - 1))
            for j, (_, _, i) in enumerate(group):
                shift = math.floor((j - (len(group) - 1) / 2) * step * 4 + 0.5) / 4
                pts = routes[i][1]
                # A backward route's level stub beside the card moves with its end.
                if first:
                    y0 = pts[0][1]
                    pts[0] = (pts[0][0], y0 + shift)
                    if len(pts) > 2 and pts[1][1] == y0 and pts[2][0] == pts[1][0]:
                        pts[1] = (pts[1][0], y0 + shift)
                else:
                    y1 = pts[-1][1]
                    pts[-1] = (pts[-1][0], y1 + shift)
                    if len(pts) > 2 and pts[-2][1] == y1 and pts[-3][0] == pts[-2][0]:
                        pts[-2] = (pts[-2][0], y1 + shift)


class _Nodes:
    """Cards (0..n-1) and lanes (n..): layer, part, size, neighbours in adjacent layers."""

    def __init__(self, n: int, layer: list[int], comp: list[int]) -> None:
        self.layer = layer
        self.comp = comp
        self.half = [CARD_HEIGHT / 2] * n
        self.extra = [0.0] * n
        self.below = [0.0] * n
        self.up: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        self.down: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        self.far_up: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        self.far_down: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        self.lanes: dict[tuple[int, int], list[int]] = {}
        self.layers: list[list[int]] = []

    def add_lane(self, layer: int, comp: int) -> int:
        self.layer.append(layer)
        self.comp.append(comp)
        self.half.append(0.0)
        self.extra.append(0.0)
        self.below.append(0.0)
        for lists in (self.up, self.down, self.far_up, self.far_down):
            lists.append([])
        return len(self.layer) - 1

    def join(self, upper: int, lower: int, weight: float) -> None:
        self.down[upper].append((lower, weight))
        self.up[lower].append((upper, weight))


def _crossings(layers: Sequence[list[int]], down: Sequence[list[tuple[int, float]]],
               index: Sequence[int]) -> int:
    """Link crossings between adjacent layers (inversions, counted with a sorted list)."""
    from bisect import bisect_right, insort

    total = 0
    for row in layers:
        ends: list[tuple[int, int]] = []
        for u in row:
            iu = index[u]
            for v, _ in down[u]:
                ends.append((iu, index[v]))
        if len(ends) < 2:
            continue
        ends.sort()
        seen: list[int] = []
        for _, iv in ends:
            total += len(seen) - bisect_right(seen, iv)
            insort(seen, iv)
    return total


def _fit(desired: Sequence[float], weights: Sequence[float],
         offsets: Sequence[float]) -> list[float]:
    """Positions closest to ``desired`` (weighted least squares) keeping the minimum gaps.

    ``offsets[i]`` is where item i would be if every gap before it were minimal; the
    problem becomes an isotonic regression, solved by pooling adjacent violators.
    """
    values: list[float] = []
    totals: list[float] = []
    counts: list[int] = []
    for d, w, o in zip(desired, weights, offsets, strict=True):
        value, weight, count = d - o, w, 1
        while values and values[-1] > value:
            pv, pw = values.pop(), totals.pop()
            value = (pv * pw + value * weight) / (pw + weight)
            weight += pw
            count += counts.pop()
        values.append(value)
        totals.append(weight)
        counts.append(count)
    out: list[float] = []
    i = 0
    for value, count in zip(values, counts, strict=True):
        for _ in range(count):
            out.append(value + offsets[i])
            i += 1
    return out
