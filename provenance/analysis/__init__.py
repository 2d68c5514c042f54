"""The distortion analysis: who changed which claim, who inherited it, who rebutted it.

:func:`analyze` follows the last section of the story format ("What the analysis
is expected to find"). For every claim, each report that carries it gets one or
more :class:`Role`; a report whose role is ``invented``, ``inflated``,
``flipped`` or ``misattributed`` is a :class:`Distortion`. A distortion's reach
is the set of later reports that carry the changed claim *only* through it:
the reports it dominates in the claim's support graph (transmitting links
between reports that carry the claim with the same polarity). The point of
distortion is the stated distortion (``attributes`` or ``asserts``, or
``denies`` for a flip) with the greatest reach; ties go to the larger audience,
then the earlier publication.

For the links below confidence 1.0 that the point of distortion rests on, the
analysis says what the point would be without each (:class:`Alternative`). The
candidates are the transmitting links below 1.0 into the point's own report and,
in stories of fewer than ``ALTERNATIVES_REACH_LIMIT`` (20,000) reports, into the
reports it reaches: the first ``MAX_ALTERNATIVES`` (12) of them in story order.
Without a link into report *t*, only the claims *t* carries are looked at again.

The analysis is built for stories of millions of reports: it works on integer
arrays (numpy), all claims at once; immediate dominators are found level by
level (each report after all its sources) as the lowest common ancestor of a
node's predecessors, and planting as bit masks. Support graphs with a loop, and
long thin ones, are analysed node by node (Cooper, Harvey and Kennedy).

Examples
--------
>>> from provenance.model import *
>>> story = Story(
...     "Demo",
...     actors=[Actor("a", "Agency"), Actor("b", "Blog")],
...     claims=[Claim("c", "It happened")],
...     reports=[Report("r1", "a", claims=[ClaimMention("c", Stance.IMPLIES)]),
...              Report("r2", "b", claims=[ClaimMention("c", Stance.ASSERTS)]),
...              Report("r3", "b", claims=[ClaimMention("c", Stance.ASSERTS)])],
...     links=[Link("r1", "r2", Relation.PARAPHRASES), Link("r2", "r3", Relation.QUOTES)],
... )
>>> result = analyze(story)
>>> point = result.point_of_distortion
>>> point.report, [k.value for k in point.kinds], point.before.value, point.after.value
('r2', ['inflated'], 'implies', 'asserts')
>>> point.reach
Reach(('r3',))
>>> point.reach == ('r3',)
True
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import Enum
from itertools import chain, repeat
from operator import attrgetter, is_, is_not
from typing import Any, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from ..columns import StoryColumns, columns_of
from ..model import TRANSMITTING, ClaimMention, Link, PublicationTime, Relation, Stance, Story

__all__ = [
    "Role",
    "Reach",
    "Planted",
    "planted_reports",
    "Distortion",
    "ClaimFindings",
    "DataWarning",
    "Alternative",
    "Analysis",
    "analyze",
    "DISTORTION_ROLES",
]


class Role(str, Enum):
    """The part a report plays for one claim (see the format page)."""

    ORIGIN = "origin"
    FAITHFUL = "faithful"
    INVENTED = "invented"
    INFLATED = "inflated"
    FLIPPED = "flipped"
    MISATTRIBUTED = "misattributed"
    CIRCULAR = "circular"


#: The roles that make a report a distortion of a claim.
DISTORTION_ROLES: frozenset[Role] = frozenset(
    {Role.INVENTED, Role.INFLATED, Role.FLIPPED, Role.MISATTRIBUTED}
)
_PLANTING = frozenset({Stance.IMPLIES, Stance.QUESTIONS})
# How far from UTC a time without an offset may be (as in PublicationTime).
_EAST = 14 * 3600.0
_WEST = 12 * 3600.0
_STATED = frozenset({Stance.ATTRIBUTES, Stance.ASSERTS})


class _Smallest:
    """The few smallest numbers of any range of one array, in ``k log n``: a segment tree
    over blocks of ``k`` numbers, each node keeping the ``k`` smallest below it (about
    twice the array in all), built when first asked."""

    def __init__(self, values: _Array, k: int) -> None:
        self.values, self.k = values, k
        self._levels: list[_Array] | None = None

    def _build(self) -> list[_Array]:
        k, values = self.k, self.values
        big = np.iinfo(values.dtype).max
        blocks = -(-len(values) // k)
        padded = np.full(blocks * k, big, values.dtype)
        padded[:len(values)] = values
        level = np.sort(padded.reshape(blocks, k), axis=1)
        levels = [level]
        while len(level) > 1:
            if len(level) % 2:
                level = np.vstack([level, np.full((1, k), big, values.dtype)])
            level = np.sort(level.reshape(len(level) // 2, 2 * k), axis=1)[:, :k]
            levels.append(level)
        return levels

    def first(self, start: int, stop: int, count: int) -> _Array:
        """The ``count`` (at most ``k``) smallest of ``values[start:stop]``, sorted."""
        if self._levels is None:
            self._levels = self._build()
        k, values, levels = self.k, self.values, self._levels
        lo, hi = -(-start // k), stop // k  # the whole blocks in the range
        if lo >= hi:
            found = values[start:stop]
        else:
            parts = [values[start:lo * k], values[hi * k:stop]]
            depth = 0
            while lo < hi:
                if lo & 1:
                    parts.append(levels[depth][lo])
                    lo += 1
                if hi & 1:
                    hi -= 1
                    parts.append(levels[depth][hi])
                lo, hi, depth = lo >> 1, hi >> 1, depth + 1
            found = np.concatenate(parts)
        if len(found) > count:
            found = np.partition(found, count - 1)[:count]
        return np.sort(found)


#: A reach of the analysis lists its first this many (``reach[:20]``) without sorting it all.
REACH_FIRST = 32


class _ReportIds(Sequence[str]):
    """What :class:`Reach` and :class:`Planted` share: a short repr, the tuple's hash."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        name, shown = type(self).__name__, ", ".join(map(repr, self[:10]))
        if len(self) <= 10:
            return f"{name}(({shown}{',' if len(self) == 1 else ''}))"
        return f"{name}(({shown}, ...), {len(self):,} reports)"


class Reach(_ReportIds):
    """The reports a distortion reaches, in story order: an immutable sequence of report ids.

    A reach behaves as the tuple of its ids: ``len``, iteration, indexing and slicing (a
    slice is a tuple), ``in``, ``index``, ``count``, equality with a tuple or another reach
    of the same ids, and the same hash as that tuple.

    It is stored in a form linear in the story, not as a list of ids: a report's reach is
    a subtree of its claim's dominator tree, so numbering the reports of each tree in
    preorder makes every reach one contiguous range of one array of report numbers,
    shared by all the distortions of an analysis. A reach holds that array, its range and
    the story's ids, and lists the ids when asked, in story order: a range that is in
    neither story order nor its reverse (a story listed newest first) is sorted each time
    it is listed, and its first few (``reach[:8]``) are found without sorting the rest. A
    chain of N reports alternating ``implies`` and ``asserts`` has N/2 distortions reaching
    N²/4 reports in all, but an analysis of it stores N report numbers. ``len`` costs
    nothing; listing every reach (``tuple(d.reach)`` for every distortion) costs what the
    reaches add up to, as it always did. Made from ids, a reach keeps their order.

    Examples
    --------
    >>> reach = Reach(("r2", "r3"))
    >>> len(reach), reach[0], "r3" in reach, reach == ("r2", "r3")
    (2, 'r2', True, True)
    >>> list(reach), reach[-1:]
    (['r2', 'r3'], ('r3',))
    """

    __slots__ = ("_ids", "_order", "_start", "_stop", "_direction", "_pos", "_smallest")

    def __init__(self, ids: Iterable[str] = ()) -> None:
        own = tuple(ids)
        self._ids: Sequence[str] = own
        self._order: _Array = np.arange(len(own), dtype=np.int64)
        self._start, self._stop = 0, len(own)
        self._direction = 1
        self._pos: Mapping[str, int] | None = None
        self._smallest: _Smallest | None = None

    @classmethod
    def _range(cls, ids: Sequence[str], pos: Mapping[str, int] | None, order: _Array,
               start: int, stop: int, direction: int,
               smallest: _Smallest | None = None) -> Reach:
        """The reports ``ids[order[start:stop]]`` (shared arrays, not copied), whose numbers
        rise (``direction`` 1), fall (-1) or neither (0) in the range; ``smallest`` finds
        the first few of any range of ``order``."""
        reach = cls.__new__(cls)
        reach._ids, reach._pos, reach._order = ids, pos, order
        reach._start, reach._stop, reach._direction = start, stop, direction
        reach._smallest = smallest
        return reach

    def _numbers(self) -> _Array:
        """The report numbers, in story order."""
        found: _Array = self._order[self._start:self._stop]
        if self._direction > 0:
            return found
        return found[::-1] if self._direction < 0 else np.sort(found)

    def __len__(self) -> int:
        return self._stop - self._start

    def __iter__(self) -> Iterator[str]:
        return map(self._ids.__getitem__, self._numbers().tolist())

    def __reversed__(self) -> Iterator[str]:
        return map(self._ids.__getitem__, self._numbers()[::-1].tolist())

    @overload
    def __getitem__(self, at: int) -> str: ...

    @overload
    def __getitem__(self, at: slice) -> tuple[str, ...]: ...

    def __getitem__(self, at: int | slice) -> str | tuple[str, ...]:
        if isinstance(at, slice):
            start, stop, step = at.indices(len(self))
            if self._direction == 0 and start == 0 and step == 1 and 0 < stop < len(self):
                # The first few only (as an account lists them): no need to sort them all.
                smallest = self._smallest
                if smallest is not None and stop <= smallest.k:
                    first = smallest.first(self._start, self._stop, stop)
                else:
                    first = np.sort(np.partition(
                        self._order[self._start:self._stop], stop - 1)[:stop])
                return tuple(map(self._ids.__getitem__, first.tolist()))
            return tuple(map(self._ids.__getitem__, self._numbers()[at].tolist()))
        size = len(self)
        i = at.__index__()
        if not -size <= i < size:
            raise IndexError("reach index out of range")
        i %= size
        if self._direction > 0:
            return self._ids[int(self._order[self._start + i])]
        if self._direction < 0:
            return self._ids[int(self._order[self._stop - 1 - i])]
        return self._ids[int(self._numbers()[i])]

    def __contains__(self, item: object) -> bool:
        pos = self._pos
        if pos is None or len(pos) != len(self._ids):  # no lookup, or repeated ids
            return any(item == x for x in self)
        if not isinstance(item, str):
            return False
        number = pos.get(item)
        if number is None:
            return False
        found = self._numbers() if self._direction else self._order[self._start:self._stop]
        if self._direction:
            at = int(np.searchsorted(found, number))
            return at < len(found) and int(found[at]) == number
        return bool((found == number).any())

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        return tuple(self).index(value, start, len(self) if stop is None else stop)

    def count(self, value: Any) -> int:
        return tuple(self).count(value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Reach):
            if len(other) != len(self):
                return False
            if other._ids is self._ids:
                return bool(np.array_equal(self._numbers(), other._numbers()))
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return len(other) == len(self) and tuple(self) == other
        return NotImplemented

    __hash__ = _ReportIds.__hash__


def _to_reach(ids: Iterable[str]) -> Reach:
    """A distortion's reach as given: a :class:`Reach` as it is, other ids made one."""
    return ids if isinstance(ids, Reach) else Reach(ids)



class _Lineage:
    """Sets of planting reports shared by the distortions of an analysis, linear in the story.

    Set 0 is empty; every other set is an earlier set (its parent) and a few more report
    numbers (its extras, none of them in the parent). A report's set is built from the
    sets of its sources, so along a chain each planting report adds one set of one extra.
    Each set keeps its size and its ``PLANTED_FIRST`` smallest report numbers; membership
    is a walk up a tree with jump pointers.
    """

    def __init__(self) -> None:
        self.parent = [0]
        self.depth = [0]
        self.jump = [0]
        self.count = [0]
        self.extra: list[tuple[int, ...]] = [()]
        self.first: list[tuple[int, ...]] = [()]
        self._homes: dict[int, list[int]] = {}
        self._made: dict[tuple[int, tuple[int, ...]], int] = {}
        # A set known to hold another (the last union it went into): a walk up from the
        # other stops there (so two chains that keep drawing on each other stay linear).
        self._covered: dict[int, int] = {}

    def _add(self, parent: int, extra: tuple[int, ...]) -> int:
        key = (parent, extra)
        found = self._made.get(key)
        if found is not None:
            return found
        k = len(self.parent)
        self._made[key] = k
        up = self.jump[parent]
        depth = self.depth
        self.parent.append(parent)
        self.depth.append(depth[parent] + 1)
        self.jump.append(self.jump[up] if depth[parent] - depth[up] == depth[up] - depth[
            self.jump[up]] else parent)
        self.count.append(self.count[parent] + len(extra))
        self.extra.append(extra)
        self.first.append(tuple(heapq.nsmallest(
            PLANTED_FIRST, chain(self.first[parent], extra))))
        for e in extra:
            self._homes.setdefault(e, []).append(k)
        return k

    def _up_to(self, x: int, depth: int) -> int:
        """The ancestor of set ``x`` at ``depth``."""
        depths, jump, parent = self.depth, self.jump, self.parent
        while depths[x] > depth:
            up = jump[x]
            x = up if depths[up] >= depth else parent[x]
        return x

    def within(self, a: int, s: int) -> bool:
        """Whether set ``a`` is ``s`` or one of its ancestors (then a subset of it)."""
        return self.depth[a] <= self.depth[s] and self._up_to(s, self.depth[a]) == a

    def contains(self, s: int, number: int) -> bool:
        return any(self.within(h, s) for h in self._homes.get(number, ()))

    def union(self, sets: Iterable[int], own: Iterable[int] = ()) -> int:
        """The set of the reports of ``sets`` and the report numbers ``own``."""
        count = self.count
        given = sorted(set(sets) - {0}, key=lambda s: (-count[s], s))
        base = given[0] if given else 0
        extra: set[int] = set()
        covered = self._covered
        for s in given[1:]:
            x = s
            while not self.within(x, base):
                held = covered.get(x)
                if held is not None and self.within(held, base):
                    break
                extra.update(e for e in self.extra[x] if not self.contains(base, e))
                x = self.parent[x]
        extra.update(e for e in own if not self.contains(base, e))
        found = self._add(base, tuple(sorted(extra))) if extra else base
        for s in given[1:]:
            covered[s] = found
        return found

    def members(self, s: int) -> list[int]:
        """The report numbers of set ``s``, in story order."""
        found: list[int] = []
        while s:
            found.extend(self.extra[s])
            s = self.parent[s]
        found.sort()
        return found

    def new_members(self, s: int, visited: set[int]) -> list[int]:
        """The report numbers of set ``s`` held by no set in ``visited`` (which gets them
        all), in story order: each set's extras are looked at once however often asked."""
        new: list[int] = []
        while s not in visited:
            visited.add(s)
            new.extend(self.extra[s])
            s = self.parent[s]
        new.sort()
        return new


#: A distortion's ``planted`` keeps its first this many reports at hand (``planted[:20]``).
PLANTED_FIRST = 20


class Planted(_ReportIds):
    """Where a distortion's claim was planted, in story order: a sequence of report ids.

    It behaves as the tuple of its ids (``len``, iteration, indexing, slicing, ``in``,
    equality with that tuple and its hash). The planting distortions upstream of each
    stated one are not stored one list each (a chain repeating ``questions``, ``implies``,
    ``asserts`` would store N²/9 of them): each is a set of a shared lineage, an earlier
    set and the few reports it adds, listed when asked. ``len``, ``in`` and the first 20
    (``planted[:20]``) cost nothing to speak of; listing one costs its length.

    Examples
    --------
    >>> planted = Planted(("r1", "r4"))
    >>> len(planted), planted[0], "r4" in planted, planted == ("r1", "r4")
    (2, 'r1', True, True)
    """

    __slots__ = ("_ids", "_lineage", "_set", "_pos")

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._ids: Sequence[str] = tuple(ids)
        self._lineage: _Lineage | None = None
        self._set = 0
        self._pos: Mapping[str, int] | None = None

    @classmethod
    def _of(cls, lineage: _Lineage, s: int, ids: Sequence[str],
            pos: Mapping[str, int] | None) -> Planted:
        planted = cls.__new__(cls)
        planted._ids, planted._lineage, planted._set, planted._pos = ids, lineage, s, pos
        return planted

    def _tuple(self) -> tuple[str, ...]:
        if self._lineage is None:
            return tuple(self._ids)
        return tuple(map(self._ids.__getitem__, self._lineage.members(self._set)))

    def __len__(self) -> int:
        return len(self._ids) if self._lineage is None else self._lineage.count[self._set]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tuple())

    @overload
    def __getitem__(self, at: int) -> str: ...

    @overload
    def __getitem__(self, at: slice) -> tuple[str, ...]: ...

    def __getitem__(self, at: int | slice) -> str | tuple[str, ...]:
        lineage = self._lineage
        if isinstance(at, slice) and lineage is not None:
            start, stop, step = at.indices(len(self))
            first = lineage.first[self._set]
            if step == 1 and stop <= len(first):
                return tuple(map(self._ids.__getitem__, first[start:stop]))
        return self._tuple()[at]

    def __contains__(self, item: object) -> bool:
        lineage, pos = self._lineage, self._pos
        if lineage is None or pos is None or len(pos) != len(self._ids):
            return any(item == x for x in self._tuple())
        number = pos.get(item) if isinstance(item, str) else None
        return number is not None and lineage.contains(self._set, number)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Planted, tuple)):
            return len(other) == len(self) and self._tuple() == tuple(other)
        return NotImplemented

    __hash__ = _ReportIds.__hash__


def _to_planted(ids: Iterable[str]) -> Planted:
    """A distortion's planted as given: a :class:`Planted` as it is, other ids made one."""
    return ids if isinstance(ids, Planted) else Planted(ids)


def planted_reports(distortions: Iterable[Distortion]) -> list[str]:
    """Every report where one of ``distortions`` was planted, once each, as
    ``dict.fromkeys(p for d in distortions for p in d.planted)`` lists them, in time linear
    in the story rather than in what those lists add up to."""
    found: list[str] = []
    seen: set[str] = set()
    visited: dict[int, set[int]] = {}
    for d in distortions:
        p = _to_planted(d.planted)
        lineage = p._lineage
        if lineage is None:
            new: Iterable[str] = p._ids
        else:
            numbers = lineage.new_members(p._set, visited.setdefault(id(lineage), {0}))
            new = map(p._ids.__getitem__, numbers)
        for r in new:
            if r not in seen:
                seen.add(r)
                found.append(r)
    return found


@attrs.frozen
class Distortion:
    """One report changing one claim.

    ``before`` is the strongest stance the report's transmitting sources carried
    (as the report saw it: a firsthand ``asserts`` seen through a link counts as
    ``attributes``), None for an invention. ``sources`` are the transmitting
    sources that carried the claim (for an invention: every transmitting source
    the report drew on). ``reach`` is every later report carrying the changed
    claim only through this one, in story order: a :class:`Reach`, the sequence of
    their ids, stored in a form linear in the story (given as any sequence of ids,
    it is made one). ``planted`` names earlier distortions that only implied or
    questioned the claim and that this one drew on, in story order: a :class:`Planted`,
    also linear in the story (given as ids, it is made one).
    ``uncertain_links`` are the links below confidence 1.0 this finding rests on.
    """

    report: str
    claim: str
    kinds: tuple[Role, ...]
    before: Stance | None
    after: Stance
    sources: tuple[str, ...]
    reach: Reach = attrs.field(converter=_to_reach)
    planted: Planted = attrs.field(converter=_to_planted, factory=Planted)
    holder: str | None = None
    source_holders: tuple[str, ...] = ()
    attribution_dropped: bool = False
    quote: str | None = None
    uncertain_links: tuple[tuple[str, str], ...] = ()

    @property
    def plants(self) -> bool:
        """True when the change only implies or questions the claim."""
        return self.after in _PLANTING

    @property
    def states(self) -> bool:
        """True when the change leaves the claim stated (eligible as point of distortion)."""
        return self.after in _STATED or (Role.FLIPPED in self.kinds and self.after is Stance.DENIES)


@attrs.frozen
class ClaimFindings:
    """What the analysis found for one claim."""

    claim: str
    #: report id -> its roles for this claim, in story order.
    roles: Mapping[str, tuple[Role, ...]]
    distortions: tuple[Distortion, ...]
    #: Reports that dispute the claim: a denial in their own name, or a ``rebuts`` link.
    rebuttals: tuple[str, ...]
    #: The earliest dated rebuttal (report id), if any rebuttal is dated.
    first_rebuttal: str | None
    first_rebuttal_time: str | None
    #: Reports that carried the claim after a rebuttal (later in time, or drawing on one).
    carried_after_rebuttal: tuple[str, ...]
    #: Of those, the ones the rebuttal reached (they mention a denial or draw on a rebuttal).
    rebuttal_reached: tuple[str, ...]
    #: Reports that carry the claim only through a loop (see Role.CIRCULAR).
    circular: tuple[str, ...]


@attrs.frozen
class DataWarning:
    """Something in the data a user should look at; not an error."""

    kind: str
    message: str
    reports: tuple[str, ...] = ()


@attrs.frozen
class Alternative:
    """What the point of distortion would be without one uncertain link."""

    link: tuple[str, str]
    confidence: float
    #: The point of distortion without the link (None: no point at all).
    point_of_distortion: Distortion | None


def _clipped(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@attrs.frozen
class Analysis:
    """The result of :func:`analyze`."""

    point_of_distortion: Distortion | None
    #: Every distortion, the greatest reach first.
    distortions: tuple[Distortion, ...]
    claims: Mapping[str, ClaimFindings]
    #: Groups of reports that draw on each other in a loop.
    cycles: tuple[tuple[str, ...], ...]
    #: Reports published before a source they draw on: (source, target) pairs.
    published_before_source: tuple[tuple[str, str], ...]
    warnings: tuple[DataWarning, ...]
    #: Links below 1.0 the point of distortion rests on, and the point without each.
    alternatives: tuple[Alternative, ...] = ()

    @property
    def planted(self) -> Planted:
        """Where the point of distortion's claim was planted (may be empty)."""
        return self.point_of_distortion.planted if self.point_of_distortion else Planted()

    def distortions_of(self, claim_id: str) -> tuple[Distortion, ...]:
        """The distortions of one claim."""
        return tuple(d for d in self.distortions if d.claim == claim_id)

    def __repr__(self) -> str:
        """One short line, whatever the story's size: the point of distortion and counts."""
        point = self.point_of_distortion
        where = "no point of distortion" if point is None else (
            f"point of distortion {_clipped(point.report)!r} ({_clipped(point.claim)!r})")
        counts = ", ".join(
            f"{count:,} {name}{'' if count == 1 else 's'}"
            for name, count in (("distortion", len(self.distortions)),
                                ("claim", len(self.claims)), ("cycle", len(self.cycles)),
                                ("warning", len(self.warnings))))
        return f"<Analysis: {where}; {counts}>"

    def _repr_html_(self) -> str:
        """Jupyter shows an analysis as a short table (every value HTML-escaped)."""
        from html import escape

        def change(d: Distortion) -> str:
            before = d.before.value if d.before is not None else "nothing"
            return f"{before} → {d.after.value}"

        point = self.point_of_distortion
        if point is None:
            head = "<p><b>No point of distortion.</b></p>"
        else:
            head = (f"<p><b>Point of distortion:</b> {escape(point.report)} changed "
                    f"{escape(point.claim)} ({escape(change(point))}; "
                    f"{escape(', '.join(k.value for k in point.kinds))}), "
                    f"repeated by {len(point.reach)} report(s)</p>")
        rows = "".join(
            f"<tr><td>{escape(d.report)}</td><td>{escape(d.claim)}</td>"
            f"<td>{escape(', '.join(k.value for k in d.kinds))}</td>"
            f"<td>{escape(change(d))}</td><td>{len(d.reach)}</td></tr>"
            for d in self.distortions[:20]
        )
        more = (f"<p>… and {len(self.distortions) - 20} more distortions</p>"
                if len(self.distortions) > 20 else "")
        table = ("<table><tr><th>report</th><th>claim</th><th>kinds</th><th>change</th>"
                 f"<th>reach</th></tr>{rows}</table>") if rows else ""
        notes = f"<p>{len(self.warnings)} data warning(s)</p>" if self.warnings else ""
        return head + table + more + notes


# --------------------------------------------------------------------------- #
# The story as integer arrays, built once.
#
# A *node* is one report carrying one claim: its strongest affirmative mention of
# the claim decides its role (a positive node), or, without one, its first denial
# (a negative node). Nodes are numbered in (report, claim) order. Every array
# below is indexed by report, mention, link or node number.

_Array = NDArray[Any]
#: Index type: a story's reports, mentions, links and nodes number far below 2**31.
_INT = np.int32

#: Stance codes: an affirmative stance's code is its strength.
_STANCES = (Stance.DENIES, Stance.QUESTIONS, Stance.IMPLIES, Stance.ATTRIBUTES, Stance.ASSERTS)
_DENIES, _QUESTIONS, _IMPLIES, _ATTRIBUTES, _ASSERTS = range(5)
#: Every denial compares as this strong against another (the format ranks no denials).
_DENIAL_STRENGTH = np.int8(4)
_STANCE_CODE = {stance.value: code for code, stance in enumerate(_STANCES)}
_TRANSMITS = {id(relation): relation in TRANSMITTING for relation in Relation}
_FIRSTHAND_CODE: dict[Any, int] = {None: 2, True: 1, False: 0}
# The same codes by place in the enums (as the story reader notes them).
_STANCE_OF_PLACE = np.array([_STANCE_CODE[stance.value] for stance in Stance], np.int8)
_TRANSMITS_BY_PLACE = np.array([relation in TRANSMITTING for relation in Relation])
_REBUTS_PLACE = list(Relation).index(Relation.REBUTS)

#: Role codes: one primary role, plus flags.
_ORIGIN, _FAITHFUL, _INVENTED, _INFLATED, _FLIPPED = range(5)
_PRIMARY = (Role.ORIGIN, Role.FAITHFUL, Role.INVENTED, Role.INFLATED, Role.FLIPPED)
_MISATTRIBUTED, _CIRCULAR = 8, 16
_ROLE_TUPLES = tuple(
    _PRIMARY[code & 7:(code & 7) + 1]
    + (Role.MISATTRIBUTED,) * bool(code & _MISATTRIBUTED)
    + (Role.CIRCULAR,) * bool(code & _CIRCULAR)
    for code in range(32)
)

_ID = attrgetter("id")
_ACTOR = attrgetter("actor")
_CLAIMS = attrgetter("claims")
_PUBLISHED = attrgetter("published")
_FIRSTHAND = attrgetter("firsthand")
_CLAIM = attrgetter("claim")
_STANCE = attrgetter("stance._value_")  # the enum's value: a plain string, quick to hash
_HOLDER = attrgetter("holder")
_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
_RELATION = attrgetter("relation")
_CONFIDENCE = attrgetter("confidence")
_LOCAL_START = attrgetter("local_start")
_LOCAL_END = attrgetter("local_end")
_OFFSET = attrgetter("offset")

#: Graph searches go on one node at a time where they reach fewer nodes than this per
#: round on average (long, thin graphs such as a chain of reports), and support graphs
#: with fewer nodes than this per level are analysed node by node: there, numpy's cost
#: per call would outweigh the work.
_THIN = 16
#: Citogenesis is found by walking up the dominator tree while that takes fewer than
#: this many steps per node on average; otherwise by sorting.
_SHALLOW = 16
#: Targets whose roles are worked out together (keeps temporary arrays small).
_BLOCK = 1 << 16
#: Mentions looked at to decide whether a story shares mention objects.
_SAMPLE = 4096
#: Largest (reports x claims) table for looking nodes up directly; beyond it, by search.
_DENSE_LOOKUP = 1 << 24


def _readers(audience: float | None) -> float:
    """An actor's audience as a float (a story built in code may hold any integer)."""
    try:
        return float(audience or 0)
    except OverflowError:
        return math.inf


def _codes(items: Sequence[Any], field: Callable[[Any], Any], table: dict[Any, int]) -> _Array:
    """The number in ``table`` of each item's ``field`` (None: -1); new values are added."""
    lookup = dict(table)
    lookup[None] = -1
    found = np.fromiter(map(lookup.get, map(field, items), repeat(-2)), _INT, len(items))
    for i in np.nonzero(found == -2)[0].tolist():
        found[i] = table.setdefault(field(items[i]), len(table))
    return found


def _flags(items: Sequence[Any], field: Callable[[Any], Any]) -> _Array:
    """0 (false), 1 (true) or 2 (not given) for each item's ``field``."""
    flags = np.fromiter(map(_FIRSTHAND_CODE.get, map(field, items), repeat(-1)), np.int8,
                        len(items))
    for i in np.nonzero(flags < 0)[0].tolist():
        flags[i] = bool(field(items[i]))
    return flags


def _first_of_runs(keys: _Array) -> tuple[_Array, _Array]:
    """The distinct values of sorted ``keys`` and where each first appears."""
    first = np.ones(len(keys), bool)
    first[1:] = keys[1:] != keys[:-1]
    at = np.nonzero(first)[0]
    return keys[at], at


def _distinct(values: _Array, stamp: _Array) -> _Array:
    """The distinct values (any order), using ``stamp``, an array as long as the value range."""
    stamp[values] = np.arange(len(values))
    kept: _Array = values[stamp[values] == np.arange(len(values))]
    return kept


def _ranges(starts: _Array, counts: _Array) -> _Array:
    """The concatenated index ranges ``starts[i] : starts[i] + counts[i]``."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, _INT)
    ends = np.cumsum(counts, dtype=np.int64)
    found: _Array = np.repeat((starts - (ends - counts)).astype(_INT), counts)
    found += np.arange(total, dtype=_INT)
    return found


class _Index:
    """Integer arrays of a story that the analysis works on."""

    def __init__(self, story: Story) -> None:
        self.story = story
        reports = story.reports
        self.n = len(reports)
        self.ids: list[str] = list(map(_ID, reports))
        self.time: list[PublicationTime | None] = list(map(_PUBLISHED, reports))
        self.links = story.links
        self._addresses: tuple[_Array, _Array] | None = None
        self._unique = True
        # The story reader notes these numbers as it reads; otherwise read the objects.
        columns = columns_of(story)
        if columns is not None:
            self._read_columns(story, columns)
        else:
            self._read_objects(story)
        self.sort_key = (self.t_start + self.t_end) / 2 - np.where(
            np.isnan(self.t_offset), 0.0, self.t_offset)
        self.self_links = bool((self.l_src == self.l_dst).any())

        self._build()

    def _read_columns(self, story: Story, columns: StoryColumns) -> None:
        """The story's numbers as the reader noted them."""
        n = self.n
        self.pos = columns.report_position
        self.actor_names = [a.id for a in story.actors]
        self.claim_ids = [c.id for c in story.claims]
        audience = [_readers(a.audience) for a in story.actors]
        self.actor = np.frombuffer(columns.report_actor, np.int32).astype(_INT)
        self.audience = np.array(audience, np.float64)[self.actor]
        self.r_firsthand = np.frombuffer(columns.report_firsthand, np.int8).copy()
        self.dated = np.frombuffer(columns.report_dated, np.int8).astype(bool)
        self.t_start = np.frombuffer(columns.report_start, np.float64).copy()
        self.t_end = np.frombuffer(columns.report_end, np.float64).copy()
        self.t_offset = np.frombuffer(columns.report_offset, np.float64).copy()
        counts = np.frombuffer(columns.report_mentions, np.int32)
        self.m_start = np.zeros(n + 1, np.int64)
        np.cumsum(counts, out=self.m_start[1:])
        self.m_report = np.repeat(np.arange(n, dtype=_INT), counts)
        kind = np.frombuffer(columns.mention_kind, np.int32)
        self.m_claim = np.frombuffer(columns.kind_claim, np.int32)[kind].astype(_INT)
        self.m_stance = _STANCE_OF_PLACE[np.frombuffer(columns.kind_stance, np.int8)][kind]
        self.m_holder = np.frombuffer(columns.kind_holder, np.int32)[kind].astype(_INT)
        self.m_firsthand = np.frombuffer(columns.kind_firsthand, np.int8)[kind]
        self.m_named = self.m_holder >= 0  # ids are never empty
        self.l_src = np.frombuffer(columns.link_source, np.int32).astype(_INT)
        self.l_dst = np.frombuffer(columns.link_target, np.int32).astype(_INT)
        relation = np.frombuffer(columns.link_relation, np.int8)
        self.l_trans = _TRANSMITS_BY_PLACE[relation]
        self.l_rebuts = relation == _REBUTS_PLACE
        self.l_conf = np.frombuffer(columns.link_confidence, np.float64).copy()

    def _read_objects(self, story: Story) -> None:
        """The story's numbers, read from its objects."""
        reports = story.reports
        n = self.n
        self.pos = {rid: i for i, rid in enumerate(self.ids)}

        # Actors (and holders) as numbers; audience per report.
        actors = {a.id: a for a in story.actors}
        code: dict[Any, int] = {}
        for actor_id in actors:
            code[actor_id] = len(code)
        self.actor = _codes(reports, _ACTOR, code)
        audience = [_readers(actors[name].audience) if name in actors else 0.0
                    for name in code]
        self.audience = np.array(audience, np.float64)[self.actor]

        # Publication times as interval arrays (NaN offset: none given).
        self.dated = np.fromiter(map(is_not, self.time, repeat(None)), bool, n)
        dated = [t for t in self.time if t is not None]
        at = np.nonzero(self.dated)[0]
        self.t_start = np.zeros(n)
        self.t_end = np.zeros(n)
        self.t_offset = np.full(n, np.nan)
        self.t_start[at] = np.fromiter(map(_LOCAL_START, dated), np.float64, len(dated))
        self.t_end[at] = np.fromiter(map(_LOCAL_END, dated), np.float64, len(dated))
        self.t_offset[at] = np.array(list(map(_OFFSET, dated)), np.float64)  # None: NaN

        # Mentions, flattened in story order.
        per_report = list(map(_CLAIMS, reports))
        counts = np.fromiter(map(len, per_report), np.int64, n)
        self.m_start = np.zeros(n + 1, np.int64)
        np.cumsum(counts, out=self.m_start[1:])
        flat = list(chain.from_iterable(per_report))
        count = len(flat)
        self.m_report = np.repeat(np.arange(n, dtype=np.int32), counts)
        # A loaded story shares one object among equal plain mentions: when there are
        # few distinct objects, read each once (new codes still come in story order).
        mentions, which = flat, None
        if count > _SAMPLE and len(set(map(id, flat[:_SAMPLE]))) * 4 <= _SAMPLE:
            distinct = dict(zip(map(id, flat), flat, strict=True))
            mentions = list(distinct.values())
            number = {key: k for k, key in enumerate(distinct)}
            which = np.fromiter(map(number.__getitem__, map(id, flat)), _INT, count)
        claim_code: dict[Any, int] = {}
        for claim in story.claims:
            claim_code.setdefault(claim.id, len(claim_code))
        self.m_claim = _codes(mentions, _CLAIM, claim_code)
        self.claim_ids = list(claim_code)
        self.m_stance = np.fromiter(map(_STANCE_CODE.__getitem__, map(_STANCE, mentions)),
                                    np.int8, len(mentions))
        self.m_holder = _codes(mentions, _HOLDER, code)
        self.actor_names = list(code)
        self.m_firsthand = _flags(mentions, _FIRSTHAND)
        if which is not None:
            self.m_claim, self.m_stance = self.m_claim[which], self.m_stance[which]
            self.m_holder, self.m_firsthand = self.m_holder[which], self.m_firsthand[which]
        self.m_named = self.m_holder >= 0  # a holder that counts: not None, not ""
        if "" in code:
            self.m_named &= self.m_holder != code[""]
        self.r_firsthand = _flags(reports, _FIRSTHAND)

        # Links.
        links = story.links
        k = len(links)
        self.l_src = self._positions(links, _SOURCE)
        self.l_dst = self._positions(links, _TARGET)
        relations = list(map(_RELATION, links))
        self.l_trans = np.fromiter(map(_TRANSMITS.__getitem__, map(id, relations)), bool, k)
        self.l_rebuts = np.fromiter(
            map(is_, relations, repeat(Relation.REBUTS)), bool, k)
        self.l_conf = np.fromiter(map(_CONFIDENCE, links), np.float64, k)

    def _build(self) -> None:
        """Link lists and nodes, from the arrays read."""
        n = self.n
        count = len(self.m_claim)
        # Transmitting in-links per report, in story order.
        trans = np.nonzero(self.l_trans)[0]
        trans = trans[np.argsort(self.l_dst[trans], kind="stable")]
        self.tin_link = trans.astype(np.int32)
        self.tin_src = self.l_src[trans]
        self.tin_ptr = np.searchsorted(self.l_dst[trans], np.arange(n + 1)).astype(np.int64)
        self.trans_indeg = np.diff(self.tin_ptr)
        # Every link per source report, and the transmitting ones.
        out = np.argsort(self.l_src, kind="stable")
        self.out_dst = self.l_dst[out]
        self.out_ptr = np.searchsorted(self.l_src[out], np.arange(n + 1)).astype(np.int64)
        out = out[self.l_trans[out]]
        self.tout_dst = self.l_dst[out]
        self.tout_ptr = np.searchsorted(self.l_src[out], np.arange(n + 1)).astype(np.int64)

        # Nodes: the (report, claim) pairs, with the deciding mentions.
        claims = self.claims = len(self.claim_ids)
        mentions = np.arange(count, dtype=_INT)
        key = self.m_report.astype(np.int64) * claims + self.m_claim
        self.dense: _Array | None = None
        node_of: _Array | None = None
        if n * claims <= _DENSE_LOOKUP:
            # Nodes numbered by first mention; found through a (report, claim) table.
            first = np.full(n * claims, count, _INT)
            np.minimum.at(first, key, mentions)
            head = first[key] == mentions
            heads = mentions if head.all() else np.nonzero(head)[0].astype(_INT)
            self.dense = np.full(n * claims, -1, _INT)
            self.dense[key[heads]] = np.arange(len(heads), dtype=_INT)
            if len(heads) < count:
                node_of = self.dense[key]
        else:
            # Nodes numbered in (report, claim) order; found by binary search.
            by_key = np.argsort(key, kind="stable")
            self.node_keys, at = _first_of_runs(key[by_key])
            heads = by_key[at].astype(_INT)
            run = np.zeros(count, np.int64)
            run[at] = 1
            node_of = np.empty(count, _INT)
            node_of[by_key] = np.cumsum(run) - 1
        nodes = self.nodes = len(heads)
        self.p_report = self.m_report[heads]
        self.p_claim = self.m_claim[heads]
        affirmative = self.m_stance > 0
        if node_of is None:  # one mention per node
            self.p_aff = np.where(affirmative, mentions, -1)
            self.p_neg = np.where(affirmative, -1, mentions)
        else:
            # The strongest affirmative mention (the first of equals), the first denial.
            aff = np.nonzero(affirmative)[0]
            best = np.zeros(nodes, np.int8)
            np.maximum.at(best, node_of[aff], self.m_stance[aff])
            aff = aff[self.m_stance[aff] == best[node_of[aff]]]
            neg = np.nonzero(~affirmative)[0]
            self.p_aff = np.full(nodes, count, _INT)
            np.minimum.at(self.p_aff, node_of[aff], aff)
            self.p_neg = np.full(nodes, count, _INT)
            np.minimum.at(self.p_neg, node_of[neg], neg)
            self.p_aff[self.p_aff == count] = -1
            self.p_neg[self.p_neg == count] = -1
        self.p_positive = self.p_aff >= 0
        self.p_mention = np.where(self.p_positive, self.p_aff, self.p_neg)
        self.r_ptr = np.searchsorted(self.p_report, np.arange(n + 1)).astype(np.int64)

    def _positions(self, links: Sequence[Link], field: Callable[[Link], str]) -> _Array:
        """The report number of each link's ``field`` (a report id)."""
        # A loaded story shares one string object per id: most ids are found by the
        # object's address, far faster than by hashing into a dict of every report.
        if self._addresses is None:
            addresses = np.fromiter(map(id, self.ids), np.int64, self.n)
            order = np.argsort(addresses)
            self._addresses = (addresses[order], order.astype(_INT))
            self._unique = len(self.pos) == self.n
        known, order = self._addresses
        count = len(links)
        found = np.full(count, -1, _INT)
        if self._unique and count and self.n:
            wanted = np.fromiter(map(id, map(field, links)), np.int64, count)
            at = np.minimum(np.searchsorted(known, wanted), self.n - 1)
            hit = known[at] == wanted
            found[hit] = order[at[hit]]
        pos = self.pos
        for i in np.nonzero(found < 0)[0].tolist():
            found[i] = pos[field(links[i])]
        return found

    def node(self, reports: _Array, claims: _Array) -> _Array:
        """The node of each (report, claim), or -1 where the report does not carry it."""
        if self.dense is not None:
            found: _Array = self.dense.reshape(self.n, self.claims)[reports, claims]
            return found
        key = reports.astype(np.int64) * self.claims + claims
        if self.nodes == 0:
            return np.full(len(key), -1, _INT)
        at = np.minimum(np.searchsorted(self.node_keys, key), self.nodes - 1)
        return np.where(self.node_keys[at] == key, at, -1).astype(_INT)

    def mention_firsthand(self, removed: int) -> _Array:
        """Whether each mention speaks firsthand, without the link ``removed`` (-1: none)."""
        fed = self.trans_indeg.copy()
        if removed >= 0 and self.l_trans[removed]:
            fed[self.l_dst[removed]] -= 1
        report = np.where(self.r_firsthand == 2, fed == 0, self.r_firsthand == 1)
        firsthand: _Array = np.where(
            self.m_firsthand == 2, report[self.m_report], self.m_firsthand == 1)
        return firsthand

    def mention(self, m: int) -> ClaimMention:
        """The mention object with flat index ``m``."""
        r = int(self.m_report[m])
        found: ClaimMention = self.story.reports[r].claims[m - int(self.m_start[r])]
        return found


class _Roles:
    """The roles of some nodes, and the support edges into them.

    ``code`` holds a primary role code plus ``_MISATTRIBUTED``; ``before`` the
    stance code the sources carried (-1: none); ``edge_src``/``edge_dst`` the
    support-graph edges into the nodes (transmitting links between two nodes of
    the same claim and polarity, into a node that does not speak firsthand),
    grouped by ``edge_dst`` in ascending order.
    """

    def __init__(self, index: _Index, targets: _Array, removed: int,
                 firsthand_mentions: _Array) -> None:
        ix = index
        self.index, self.removed = ix, removed
        mention = ix.p_mention[targets]
        self.firsthand = firsthand_mentions[mention]
        self.code = np.zeros(len(targets), np.int8)  # origin
        self.before = np.full(len(targets), -1, np.int8)
        self.dropped = np.zeros(len(targets), bool)
        # Per mention, as a source: a firsthand assertion (seen as an attribution when
        # the target is by another actor), its strength and the holder it names.
        self.firsthand_mentions = firsthand_mentions
        self.firsthand_asserts = (ix.m_stance == _ASSERTS) & firsthand_mentions
        self.named_holder = np.where(ix.m_named, ix.m_holder, -1)
        # Block by block: small temporary arrays are fast to allocate and stay in cache.
        local = np.nonzero(~self.firsthand)[0]
        edges = [self._block(local[start:start + _BLOCK], targets, mention)
                 for start in range(0, len(local), _BLOCK)]
        self.edge_src = np.concatenate([e[0] for e in edges] or [np.zeros(0, _INT)])
        self.edge_dst = np.concatenate([e[1] for e in edges] or [np.zeros(0, _INT)])

    def _block(self, local: _Array, targets: _Array,
               mentions: _Array) -> tuple[_Array, _Array]:
        """Roles of the targets ``local`` (positions in ``targets``); their support edges."""
        ix = self.index
        nodes, mention = targets[local], mentions[local]
        count = len(nodes)
        report = ix.p_report[nodes]
        positive = ix.p_positive[nodes]

        # Every (target, transmitting in-link), and the source's node for the claim.
        lo = ix.tin_ptr[report]
        deg = (ix.tin_ptr[report + 1] - lo).astype(_INT)
        ends = np.cumsum(deg)
        at = _ranges(lo, deg)
        source = ix.tin_src[at]
        src = ix.node(source, np.repeat(ix.p_claim[nodes], deg))
        if self.removed >= 0:
            src[ix.tin_link[at] == self.removed] = -1
        found = src >= 0
        safe = np.where(found, src, 0)
        s_aff = np.where(found, ix.p_aff[safe], -1)
        s_neg = np.where(found, ix.p_neg[safe], -1)
        s_actor = ix.actor[source]
        other = s_actor != np.repeat(ix.actor[report], deg)
        holder_t = np.repeat(ix.m_holder[mention], deg)

        # Affirmative source mentions as the target sees them: a firsthand assertion
        # by another actor is an attribution to that actor.
        aff = s_aff >= 0
        ma = np.maximum(s_aff, 0)
        own = self.firsthand_asserts[ma] & other & aff
        strength_a = np.where(own, np.int8(_ATTRIBUTES), ix.m_stance[ma])
        seen = np.where(own, s_actor, self.named_holder[ma])
        hit = aff & ((s_actor == holder_t) | (seen == holder_t))
        # Denials (few) as the target sees them.
        i_n = np.nonzero(s_neg >= 0)[0]
        mn = s_neg[i_n]
        seg_n = np.searchsorted(ends, i_n, "right")  # the target of each
        held = ix.m_holder[mn]
        own_n = (self.firsthand_mentions[mn] & (held == -1)
                 & (s_actor[i_n] != ix.actor[report][seg_n]))
        # The format gives denials no strength: a denial repeated as a denial, with
        # or without its holder, is faithful (only affirmative stances inflate).
        strength_n = np.full(len(i_n), _DENIAL_STRENGTH, np.int8)
        seen_n = np.where(own_n, s_actor[i_n], np.where(ix.m_named[mn], held, -1))
        hit_n = (s_actor[i_n] == holder_t[i_n]) | (seen_n == holder_t[i_n])

        # Per target: how many sources carry it each way, how strongly, who is named.
        has = np.nonzero(deg)[0]
        starts = (ends - deg)[has]
        n_aff = np.zeros(count, _INT)
        best_aff = np.zeros(count, np.int8)
        named = np.zeros(count, bool)
        if has.size:
            n_aff[has] = np.add.reduceat(aff, starts, dtype=_INT)
            best_aff[has] = np.maximum.reduceat(np.where(aff, strength_a, np.int8(0)), starts)
            named[has] = np.logical_or.reduceat(hit, starts)
        n_neg = np.bincount(seg_n, minlength=count)
        best_neg = np.zeros(count, np.int8)
        np.maximum.at(best_neg, seg_n, strength_n)
        named[seg_n[hit_n]] = True
        n_same = np.where(positive, n_aff, n_neg)
        n_all = n_aff + n_neg
        best_same = np.where(positive, best_aff, best_neg)
        best_opposite = np.where(positive, best_neg, best_aff)

        own_stance = ix.m_stance[mention]
        strength = np.where(own_stance > 0, own_stance, _DENIAL_STRENGTH)
        primary = np.where(
            n_all == 0, _INVENTED,
            np.where(n_same == 0, _FLIPPED,
                     np.where(strength <= best_same, _FAITHFUL, _INFLATED)))
        before = np.where(
            primary == _FLIPPED, np.where(positive, _DENIES, best_opposite),
            np.where(positive, best_same, _DENIES))
        before = np.where(primary == _INVENTED, -1, before)
        misattributed = ((own_stance == _ATTRIBUTES) & (ix.m_holder[mention] != -1)
                         & (n_all > 0) & ~named)
        self.code[local] = primary + _MISATTRIBUTED * misattributed
        self.before[local] = before
        self.dropped[local] = (primary == _INFLATED) & (best_same == 3)

        # Support edges: same-polarity sources that are nodes of the same part.
        edge = aff & np.repeat(positive, deg)
        edge[i_n[~positive[seg_n] & (s_aff[i_n] < 0)]] = True
        if ix.self_links:
            edge &= source != np.repeat(report, deg)
        chosen = np.nonzero(edge)[0]
        return src[chosen], nodes[np.searchsorted(ends, chosen, "right")]


# --------------------------------------------------------------------------- #
# Support graphs: reach (dominator subtrees), circular reports, planting.
#
# Each claim has two support graphs, one per polarity (a "part"). All parts are
# analysed together under one virtual root. A part without a loop is analysed
# level by level (every report after all its sources): a node's immediate
# dominator is the lowest common ancestor of its predecessors in the dominator
# tree, found with jump pointers, for all nodes of a level at once. A part with
# a loop is analysed node by node (Cooper, Harvey and Kennedy's algorithm).


def _levels(count: int, src: _Array, dst: _Array) -> _Array:
    """Longest-path depth of every node of a graph (-1: in or behind a loop)."""
    level = np.full(count, -1, np.int32)
    if count == 0:
        return level
    order = np.argsort(src, kind="stable")
    out = dst[order]
    ptr = np.searchsorted(src[order], np.arange(count + 1))
    indeg = np.bincount(dst, minlength=count)
    stamp = np.zeros(count, np.int64)
    front = np.nonzero(indeg == 0)[0]
    depth = done = 0
    while front.size:
        level[front] = depth
        done += len(front)
        if _thin(depth, done):
            return _levels_by_node(level, front, src, dst, out, ptr, indeg)
        targets = out[_ranges(ptr[front], ptr[front + 1] - ptr[front])]
        if not targets.size:
            break
        np.subtract.at(indeg, targets, 1)
        front = _distinct(targets[indeg[targets] == 0], stamp)
        depth += 1
    return level


def _thin(rounds: int, done: int) -> bool:
    """Whether a search that reached ``done`` nodes in ``rounds`` rounds goes on node by node."""
    return rounds > 4 * _THIN and done < rounds * _THIN


def _levels_by_node(level: _Array, front: _Array, src: _Array, dst: _Array, out: _Array,
                    ptr: _Array, indeg: _Array) -> _Array:
    """:func:`_levels` continued one node at a time from the nodes ``front``."""
    best = np.zeros(len(level), np.int64)  # 1 + the deepest level among known sources
    known = (level[src] >= 0) & (level[dst] < 0)
    np.maximum.at(best, dst[known], level[src[known]] + 1)
    levels, best_of, fed = level.tolist(), best.tolist(), indeg.tolist()
    targets, starts = out.tolist(), ptr.tolist()
    queue = deque(front.tolist())
    while queue:
        v = queue.popleft()
        step = levels[v] + 1
        for w in targets[starts[v]:starts[v + 1]]:
            if best_of[w] < step:
                best_of[w] = step
            fed[w] -= 1
            if fed[w] == 0:
                levels[w] = best_of[w]
                queue.append(w)
    return np.array(levels, np.int32)


def _lca(a: _Array, b: _Array, parent: _Array, depth: _Array, jump: _Array) -> _Array:
    """Lowest common ancestors of the pairs ``a[i]``, ``b[i]`` in a tree with jump pointers."""
    a = a.copy()
    b = b.copy()
    swap = depth[a] < depth[b]
    if swap.any():
        a[swap], b[swap] = b[swap], a[swap]
    goal = depth[b]
    todo = np.nonzero(depth[a] > goal)[0]
    while todo.size:
        x = a[todo]
        up = jump[x]
        x = np.where(depth[up] >= goal[todo], up, parent[x])
        a[todo] = x
        todo = todo[depth[x] > goal[todo]]
    todo = np.nonzero(a != b)[0]
    while todo.size:
        x, y = a[todo], b[todo]
        jx, jy = jump[x], jump[y]
        apart = jx != jy
        x = np.where(apart, jx, parent[x])
        y = np.where(apart, jy, parent[y])
        a[todo] = x
        b[todo] = y
        todo = todo[x != y]
    return a


def _common_dominator(preds: _Array, deg: _Array, parent: _Array, depth: _Array,
                      jump: _Array, root: int) -> _Array:
    """For each node (``deg[i]`` predecessors, concatenated in ``preds``), their LCA."""
    out = np.full(len(deg), root, parent.dtype)
    has = np.nonzero(deg)[0]
    if not has.size:
        return out
    lens = deg[has]
    values = preds
    while len(values) > len(lens):  # pair neighbours up until one value per node is left
        ends = np.cumsum(lens)
        seg = np.repeat(np.arange(len(lens)), lens)
        offset = np.arange(len(values)) - (ends - lens)[seg]
        keep = np.nonzero(offset % 2 == 0)[0]
        merged = values[keep]
        pair = np.nonzero(offset[keep] + 1 < lens[seg[keep]])[0]
        if pair.size:
            merged[pair] = _lca(values[keep[pair]], values[keep[pair] + 1], parent, depth, jump)
        values = merged
        lens = (lens + 1) // 2
    out[has] = values
    return out


def _strong_components(size: int, succs: list[list[int]]) -> tuple[list[int], int]:
    """Tarjan's strongly connected components of nodes ``0..size-1``: each node's group,
    and how many; a group's successors have lower numbers (the last group is a source)."""
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    group = [-1] * size
    stack: list[int] = []
    count = groups = 0
    for start in range(size):
        if index[start] >= 0:
            continue
        index[start] = low[start] = count
        count += 1
        stack.append(start)
        on_stack[start] = True
        work = [(start, 0)]
        while work:
            v, i = work[-1]
            out = succs[v]
            if i < len(out):
                work[-1] = (v, i + 1)
                w = out[i]
                if index[w] < 0:
                    index[w] = low[w] = count
                    count += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work and low[v] < low[work[-1][0]]:
                low[work[-1][0]] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    group[w] = groups
                    if w == v:
                        break
                groups += 1
    return group, groups


def _kinds(ix: _Index, code: _Array) -> tuple[_Array, _Array, _Array]:
    """Which nodes are distortions; of those, which only plant the claim, which state it."""
    primary = code & 7
    distortion = ((primary == _INVENTED) | (primary == _INFLATED) | (primary == _FLIPPED)
                  | ((code & _MISATTRIBUTED) > 0))
    stance = ix.m_stance[ix.p_mention]
    return (distortion, distortion & ((stance == _IMPLIES) | (stance == _QUESTIONS)),
            distortion & ((stance == _ATTRIBUTES) | (stance == _ASSERTS)))


class _Support:
    """Dominator trees of the support graphs of some nodes, and what follows from them."""

    def __init__(self, index: _Index, nodes: _Array, code: _Array, firsthand: _Array,
                 edge_src: _Array, edge_dst: _Array, report_level: _Array | None) -> None:
        ix = index
        self.index = ix
        total = ix.nodes
        self.distortion, self.planting, self.stated = _kinds(ix, code)
        part = self.part = ix.p_claim.astype(np.int64) * 2 + ~ix.p_positive
        self.circular = np.zeros(total, bool)
        self.reach_size = np.zeros(total, np.int64)
        # Reach, linear in the story: each part's dominator tree numbered in preorder, so
        # that a node's reach is a range of ``_reach_order`` (report numbers) from
        # ``_reach_start`` (parts with a loop first, one block each, then the others).
        self._reach_start = np.full(total, -1, np.int64)
        self._looped_order: list[_Array] = []
        self._looped_size = 0
        # Planted: a set of the shared lineage per node downstream of a planting one.
        self.lineage = _Lineage()
        self._planted_of: dict[int, int] = {}
        # The edges, and each node's predecessors (edges come grouped by target).
        self.edge_src, self.edge_dst = edge_src, edge_dst
        self.ptr = np.searchsorted(edge_dst, np.arange(total + 1, dtype=_INT))
        # A node is on the vectorised path unless its part has a loop.
        if report_level is not None:
            level = report_level[ix.p_report[nodes]]
        else:
            local_src = np.searchsorted(nodes, edge_src)
            local_dst = np.searchsorted(nodes, edge_dst)
            level = _levels(len(nodes), local_src, local_dst)
        if level.size and (int(level.max()) + 1) * _THIN > len(nodes):
            level = np.full(len(nodes), -1, np.int32)  # thin: every part node by node
        looped_parts = np.unique(part[nodes[level < 0]])
        slow = np.isin(part[nodes], looped_parts)
        self.slow = np.zeros(total, bool)
        self.slow[nodes[slow]] = True
        self.level = np.full(total, -1, np.int32)
        self.level[nodes[~slow]] = level[~slow]
        for p in looped_parts.tolist():
            self._by_node(nodes[part[nodes] == p], firsthand, edge_src, edge_dst)
        self._by_level(nodes[~slow], level[~slow], firsthand, edge_src, edge_dst, part)
        fast = nodes[~slow]
        self._reach_start[fast] = self._looped_size + self._tin[fast] + 1
        self._reach_order = np.concatenate(
            [*self._looped_order, np.zeros(1, _INT), ix.p_report[self._pre[1:]]]).astype(_INT)
        del self._looped_order
        # Where the report numbers fall and rise: a range without a fall is in story order
        # already, one without a rise in reverse (a story listed newest first).
        step = np.zeros(len(self._reach_order), np.int64)
        step[1:] = self._reach_order[1:] < self._reach_order[:-1]
        self._falls = np.cumsum(step)
        self._rises = np.arange(len(step)) - self._falls  # no report twice in one reach
        self._smallest = _Smallest(self._reach_order, REACH_FIRST)

    # -- parts with a loop ------------------------------------------------- #

    def _by_node(self, order: _Array, firsthand: _Array, edge_src: _Array,
                 edge_dst: _Array) -> None:
        """Cooper-Harvey-Kennedy dominators of one part, as the original analysis did."""
        ix = self.index
        nodes = order.tolist()
        local = {node: n for n, node in enumerate(nodes)}
        size = len(nodes)
        root = size
        preds: list[list[int]] = [[] for _ in range(size + 1)]
        succs: list[list[int]] = [[] for _ in range(size + 1)]
        inside = np.isin(edge_dst, order)
        for s, t in zip(edge_src[inside].tolist(), edge_dst[inside].tolist(), strict=True):
            ls, lt = local.get(s), local[t]
            if ls is not None and ls != lt and ls not in preds[lt]:
                preds[lt].append(ls)
                succs[ls].append(lt)
        for n in range(size):
            if not preds[n]:
                preds[n].append(root)
                succs[root].append(n)

        post = [-1] * (size + 1)
        visit_order: list[int] = []
        seen = [False] * (size + 1)
        seen[root] = True
        stack: list[tuple[int, int]] = [(root, 0)]
        while stack:
            n, child = stack[-1]
            below = succs[n]
            if child < len(below):
                stack[-1] = (n, child + 1)
                c = below[child]
                if not seen[c]:
                    seen[c] = True
                    stack.append((c, 0))
            else:
                stack.pop()
                post[n] = len(visit_order)
                visit_order.append(n)
        rpo = visit_order[::-1]
        idom = [-1] * (size + 1)
        idom[root] = root
        changed = True
        while changed:
            changed = False
            for n in rpo:
                if n == root:
                    continue
                new = -1
                for p in preds[n]:
                    if idom[p] == -1:
                        continue
                    if new == -1:
                        new = p
                        continue
                    a, b = p, new
                    while a != b:
                        while post[a] < post[b]:
                            a = idom[a]
                        while post[b] < post[a]:
                            b = idom[b]
                    new = a
                if idom[n] != new:
                    idom[n] = new
                    changed = True

        report = ix.p_report[order].tolist()
        actors = ix.actor[ix.p_report[order]].tolist()
        first = firsthand[order].tolist()
        circular = [n for n in range(size) if not seen[n]]
        children: list[list[int]] = [[] for _ in range(size + 1)]
        for n in rpo:
            if n != root:
                children[idom[n]].append(n)
        on_path: dict[int, int] = {}
        walk: list[tuple[int, bool]] = [(root, True)]
        while walk:
            n, entering = walk.pop()
            actor = actors[n] if n != root else None
            if not entering:
                if actor is not None:
                    on_path[actor] -= 1
                continue
            if (actor is not None and on_path.get(actor, 0) > 0 and not first[n]
                    and any(actors[p] != actor for p in preds[n] if p != root)):
                circular.append(n)
            if actor is not None:
                on_path[actor] = on_path.get(actor, 0) + 1
            walk.append((n, False))
            walk.extend((c, True) for c in children[n])
        self.circular[order[circular]] = True

        # The tree in preorder (children in story order): each reach is a range of it.
        tin = [0] * (size + 1)
        subtree = [1] * (size + 1)
        in_preorder: list[int] = []
        todo = [root]
        while todo:
            m = todo.pop()
            tin[m] = len(in_preorder)
            in_preorder.append(m)
            todo.extend(sorted(children[m], reverse=True))
        for m in reversed(in_preorder[1:]):
            subtree[idom[m]] += subtree[m]
        base = self._looped_size
        self._looped_order.append(np.array([0] + [report[m] for m in in_preorder[1:]], _INT))
        self._looped_size += len(in_preorder)
        distortion = self.distortion[order].tolist()
        planting_nodes: list[int] = []
        for n in range(size):
            if not distortion[n] or not seen[n]:
                continue
            self._reach_start[nodes[n]] = base + tin[n] + 1
            self.reach_size[nodes[n]] = subtree[n] - 1
            if self.planting[nodes[n]]:
                planting_nodes.append(n)
        # Planted: reports in a loop reach each other, so each group of them has one set,
        # made from its sources' sets (groups in topological order) and its own planting.
        if planting_nodes:
            group, groups = _strong_components(size, succs)
            members: list[list[int]] = [[] for _ in range(groups)]
            for n in range(size):
                members[group[n]].append(n)
            own = set(planting_nodes)
            of_group = [0] * groups
            lineage, found = self.lineage, self._planted_of
            for g in range(groups - 1, -1, -1):
                in_group = members[g]
                s = lineage.union(
                    (of_group[group[p]] for n in in_group for p in preds[n]
                     if p != root and group[p] != g),
                    (report[n] for n in in_group if n in own))
                of_group[g] = s
                if s:
                    for n in in_group:
                        found[nodes[n]] = s

    # -- parts without a loop ---------------------------------------------- #

    def _by_level(self, nodes: _Array, level: _Array, firsthand: _Array, edge_src: _Array,
                  edge_dst: _Array, part: _Array) -> None:
        ix = self.index
        total = ix.nodes
        root = total
        self.root = root
        self.parent = np.full(total + 1, root, np.int32)
        self.depth = np.zeros(total + 1, np.int32)
        self.jump = np.full(total + 1, root, np.int32)
        if not nodes.size:
            self._tin = np.zeros(total + 1, _INT)
            self._pre = np.zeros(1, _INT)
            return
        # Nodes in level order; predecessors per node (edges come grouped by target).
        order = np.argsort(level.astype(np.int16) if level.max() < 32767 else level,
                           kind="stable")
        seq = nodes[order]
        bounds = np.searchsorted(level[order], np.arange(int(level.max()) + 2))
        del order
        ptr = self.ptr

        chosen = np.zeros(total, bool)
        chosen[nodes] = True
        # The nodes downstream of a planting distortion (or one themselves).
        carries = self.planting & chosen
        planting_here = bool(carries.any())

        parent, depth, jump = self.parent, self.depth, self.jump
        levels = len(bounds) - 1
        for lv in range(levels):
            a, b = int(bounds[lv]), int(bounds[lv + 1])
            if a == b:
                continue
            here = seq[a:b]
            lo = ptr[here]
            d = ptr[here + 1] - lo
            p = edge_src[_ranges(lo, d)]
            idom = _common_dominator(p, d, parent, depth, jump, root)
            parent[here] = idom
            depth[here] = depth[idom] + 1
            up = jump[idom]
            upup = jump[up]
            jump[here] = np.where(depth[idom] - depth[up] == depth[up] - depth[upup], upup, idom)
            if planting_here and p.size:
                has = np.nonzero(d)[0]
                starts = (np.cumsum(d) - d)[has]
                carries[here[has]] |= np.logical_or.reduceat(carries[p], starts)

        # Subtree sizes (bottom up) and preorder numbers (top down), depth by depth.
        node_depth = depth[nodes]
        deepest = int(node_depth.max())
        by_depth = np.argsort(node_depth.astype(np.int16) if deepest < 32767 else node_depth,
                              kind="stable")
        ordered = nodes[by_depth]
        bounds = np.searchsorted(node_depth[by_depth], np.arange(deepest + 2))
        size = np.ones(total + 1, _INT)
        for k in range(deepest, 0, -1):
            here = ordered[bounds[k]:bounds[k + 1]]
            np.add.at(size, parent[here], size[here])
        tin = np.zeros(total + 1, _INT)
        cursor = np.zeros(total + 1, _INT)
        cursor[root] = 1
        for k in range(1, deepest + 1):
            here = ordered[bounds[k]:bounds[k + 1]]
            up = parent[here]
            if (up != up[0]).any():
                by_parent = np.argsort(up, kind="stable")
                here, up = here[by_parent], up[by_parent]
            sz = size[here]
            before = np.cumsum(sz, dtype=_INT) - sz
            first = np.ones(len(here), bool)
            first[1:] = up[1:] != up[:-1]
            group = np.maximum.accumulate(np.where(first, np.arange(len(here)), 0))
            tin[here] = cursor[up] + before - before[group]
            np.add.at(cursor, up, sz)
            cursor[here] = tin[here] + 1
        pre = np.zeros(len(nodes) + 1, _INT)
        pre[tin[nodes]] = nodes
        self._tin, self._size, self._pre = tin, size, pre
        self.reach_size[nodes] = size[nodes] - 1

        # Citogenesis: a node with an earlier report by its own actor among its
        # dominators, drawing on another actor.
        actor = ix.actor[ix.p_report]
        other = actor[edge_src] != actor[edge_dst]
        drawn = np.zeros(total, bool)
        drawn[edge_dst[other]] = True
        suspect = nodes[drawn[nodes] & ~firsthand[nodes]]
        if int(depth[suspect].sum()) <= _SHALLOW * len(nodes):
            # Shallow trees: walk up from the suspects, a block at a time.
            for start in range(0, len(suspect), _BLOCK):
                block = suspect[start:start + _BLOCK]
                own, up = actor[block], parent[block]
                looped = np.zeros(len(block), bool)
                live = np.nonzero(up != root)[0]
                while live.size:
                    same = actor[up[live]] == own[live]
                    looped[live[same]] = True
                    live = live[~same]
                    up[live] = parent[up[live]]
                    live = live[up[live] != root]
                self.circular[block[looped]] = True
        else:
            # Deep trees: per actor, in preorder, is an earlier subtree still open?
            in_order = pre[1:]
            act = actor[in_order]
            group_order = np.argsort(act.astype(np.int16) if act.max() < 32767 else act,
                                     kind="stable")
            in_order, act = in_order[group_order], act[group_order].astype(np.int64)
            opens = tin[in_order]
            width = len(nodes) + 2
            highest = np.maximum.accumulate(act * width + opens + size[in_order])
            earlier = np.full(len(in_order), -1, np.int64)
            earlier[1:] = highest[:-1]
            inside = (earlier >= act * width) & (earlier - act * width > opens)
            self.circular[in_order] |= inside & drawn[in_order] & ~firsthand[in_order]

        # Planted: each node downstream of a planting distortion gets a set of the shared
        # lineage, made from its sources' sets (level by level) and itself if it plants.
        if planting_here:
            lineage, found = self.lineage, self._planted_of
            starts, sources = ptr.tolist(), edge_src.tolist()
            plants, report = self.planting, ix.p_report
            for v in seq[carries[seq]].tolist():
                s = lineage.union((found.get(u, 0) for u in sources[starts[v]:starts[v + 1]]),
                                  (int(report[v]),) if plants[v] else ())
                if s:
                    found[v] = s

    def reach(self, node: int) -> Reach:
        """The reports a distortion node reaches, in story order."""
        ix = self.index
        size = int(self.reach_size[node])
        start = int(self._reach_start[node])
        if size <= 0 or start < 0:
            return Reach._range(ix.ids, ix.pos, self._reach_order, 0, 0, 1)
        stop = start + size
        falls, rises = self._falls, self._rises
        direction = (1 if falls[stop - 1] == falls[start] else
                     -1 if rises[stop - 1] == rises[start] else 0)
        return Reach._range(ix.ids, ix.pos, self._reach_order, start, stop, direction,
                            self._smallest)

    def planted(self, node: int) -> Planted:
        """The planting reports upstream of a stated distortion node, in story order."""
        ix = self.index
        s = self._planted_of.get(node, 0) if self.stated[node] else 0
        return Planted._of(self.lineage, s, ix.ids, ix.pos)


# --------------------------------------------------------------------------- #
# Rebuttals.

def _by_claim(ix: _Index) -> tuple[_Array, _Array]:
    """The nodes grouped by claim (in story order within each), and where each group starts."""
    claim = ix.p_claim.astype(np.int16) if ix.claims < 32767 else ix.p_claim  # radix sort
    order = np.argsort(claim, kind="stable")
    return order, np.searchsorted(ix.p_claim[order], np.arange(ix.claims + 1))


def _definitely_before(ix: _Index, a: Any, b: _Array) -> _Array:
    """``time[a].definitely_before(time[b])`` element by element (dated reports only)."""
    a_off, b_off = ix.t_offset[a], ix.t_offset[b]
    a_has, b_has = ~np.isnan(a_off), ~np.isnan(b_off)
    a_end = ix.t_end[a] - np.where(a_has, a_off, -_WEST)
    b_start = ix.t_start[b] - np.where(b_has, b_off, _EAST)
    a_timed = ix.t_end[a] - ix.t_start[a] <= 60
    b_timed = ix.t_end[b] - ix.t_start[b] <= 60
    utc = a_end <= b_start
    local = ix.t_end[a] <= ix.t_start[b]
    result: _Array = np.where(
        a_has & b_has, utc, np.where(~a_timed | ~b_timed | (~a_has & ~b_has), local, utc))
    return result


def _downstream(ix: _Index, reports: _Array, bits: _Array) -> _Array:
    """Bit masks of what reaches each report along links from the seeds (``reports``, ``bits``)."""
    mask = np.zeros(ix.n, np.uint64)
    arrived = np.zeros(ix.n, np.uint64)  # bits that reached a node in this round
    stamp = np.zeros(ix.n, np.int64)
    np.bitwise_or.at(arrived, reports, bits)
    nodes = _distinct(reports, stamp)
    rounds = done = 0
    while nodes.size:
        rounds += 1
        done += len(nodes)
        if _thin(rounds, done):
            return _downstream_by_node(ix, mask, nodes, arrived[nodes])
        carry = arrived[nodes]
        arrived[nodes] = 0
        lo = ix.out_ptr[nodes]
        deg = ix.out_ptr[nodes + 1] - lo
        targets = ix.out_dst[_ranges(lo, deg)]
        new = np.repeat(carry, deg) & ~mask[targets]
        keep = new != 0
        targets, new = targets[keep], new[keep]
        np.bitwise_or.at(mask, targets, new)
        np.bitwise_or.at(arrived, targets, new)
        nodes = _distinct(targets, stamp)
    return mask


def _downstream_by_node(ix: _Index, mask: _Array, nodes: _Array, bits: _Array) -> _Array:
    """:func:`_downstream` continued one node at a time."""
    masks = mask.tolist()
    targets, starts = ix.out_dst.tolist(), ix.out_ptr.tolist()
    queue = deque(zip(nodes.tolist(), bits.tolist(), strict=True))
    while queue:
        v, carry = queue.popleft()
        for w in targets[starts[v]:starts[v + 1]]:
            new = carry & ~masks[w]
            if new:
                masks[w] |= new
                queue.append((w, new))
    return np.array(masks, np.uint64)


def _rebuttals(ix: _Index) -> list[tuple[tuple[str, ...], str | None, str | None,
                                         tuple[str, ...], tuple[str, ...]]]:
    """Per claim: rebuttals, first rebuttal and its time, carried after, reached."""
    n = ix.n
    negative = np.nonzero(~ix.p_positive)[0]
    holder = ix.m_holder[ix.p_neg[negative]]
    own = (holder == -1) | (holder == ix.actor[ix.p_report[negative]])
    keys = [ix.p_claim[negative[own]].astype(np.int64) * n + ix.p_report[negative[own]]]
    # A rebuts link disputes every claim its source carries that its target does not state.
    rebuts = np.nonzero(ix.l_rebuts)[0]
    if rebuts.size:
        src, dst = ix.l_src[rebuts], ix.l_dst[rebuts]
        lo = ix.r_ptr[src]
        deg = ix.r_ptr[src + 1] - lo
        nodes = _ranges(lo, deg)
        target = np.repeat(dst, deg)
        keep = ix.p_positive[nodes]
        nodes, target = nodes[keep], target[keep]
        claim = ix.p_claim[nodes]
        there = ix.node(target, claim)
        keep = (there < 0) | ~ix.p_positive[np.maximum(there, 0)]
        keys.append(claim[keep].astype(np.int64) * n + target[keep])
    rebutter = np.unique(np.concatenate(keys))
    r_claim = rebutter // max(n, 1)
    r_report = (rebutter % max(n, 1)).astype(np.int64)
    out: list[tuple[tuple[str, ...], str | None, str | None, tuple[str, ...],
                    tuple[str, ...]]] = [((), None, None, (), ())] * ix.claims
    if not rebutter.size:
        return out
    claims_with = np.unique(r_claim)
    ids = ix.ids
    by_claim, claim_ptr = _by_claim(ix)
    for chunk in range(0, len(claims_with), 64):
        group = claims_with[chunk:chunk + 64]
        bit_of = {int(c): np.uint64(1) << np.uint64(b) for b, c in enumerate(group.tolist())}
        seed = np.isin(r_claim, group)
        bits = np.array([bit_of[int(c)] for c in r_claim[seed].tolist()], np.uint64)
        reached_by = _downstream(ix, r_report[seed], bits)
        for c in group.tolist():
            bit = bit_of[c]
            mine = r_report[r_claim == c]
            dated = mine[ix.dated[mine]]
            first = -1
            if dated.size:
                first = int(dated[np.lexsort((dated, ix.sort_key[dated]))[0]])
            nodes = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
            nodes = nodes[ix.p_positive[nodes]]
            reports = ix.p_report[nodes]
            rebutting = np.zeros(n, bool)
            rebutting[mine] = True
            keep = ~rebutting[reports]
            nodes, reports = nodes[keep], reports[keep]
            down = (reached_by[reports] & bit) != 0
            later = down.copy()
            if first >= 0:
                timed = np.nonzero(ix.dated[reports])[0]
                later[timed] |= _definitely_before(ix, first, reports[timed])
            reached = later & ((ix.p_neg[nodes] >= 0) | down)
            undated = ~ix.dated[mine]
            in_time = mine[np.lexsort((mine, np.where(undated, 0.0, ix.sort_key[mine]), undated))]
            first_time = ix.time[first] if first >= 0 else None
            out[c] = (
                tuple(ids[i] for i in in_time.tolist()),
                ids[first] if first >= 0 else None,
                first_time.text if first_time is not None else None,
                tuple(map(ids.__getitem__, reports[later].tolist())),
                tuple(map(ids.__getitem__, reports[reached].tolist())),
            )
    return out


# --------------------------------------------------------------------------- #
# Whole-story checks.

def _cycles(index: _Index, level: _Array) -> list[tuple[str, ...]]:
    """Strongly connected groups of two or more reports (all links), iteratively."""
    if (level >= 0).all():
        return []
    # Tarjan's algorithm on what is left (only nodes in or behind a cycle remain).
    left = level < 0
    succ_ptr, succ_dst = index.out_ptr, index.out_dst
    rest = np.nonzero(left)[0].tolist()
    number: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    groups: list[tuple[str, ...]] = []
    counter = 0
    for start in rest:
        if start in number:
            continue
        work = [(start, 0)]
        number[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, child = work[-1]
            targets = succ_dst[succ_ptr[v]:succ_ptr[v + 1]]
            if child < len(targets):
                work[-1] = (v, child + 1)
                w = int(targets[child])
                if not left[w]:
                    continue
                if w not in number:
                    number[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], number[w])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
                if low[v] == number[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == v:
                            break
                    if len(group) > 1:
                        groups.append(tuple(index.ids[g] for g in sorted(group)))
    groups.sort()
    return groups


def _data_warnings(
    index: _Index, cycles: Sequence[tuple[str, ...]]
) -> tuple[list[DataWarning], list[tuple[str, str]]]:
    ix = index
    story = ix.story
    warnings: list[DataWarning] = []
    for group in cycles:
        shown = ", ".join(group[:8]) + (f" and {len(group) - 8} more" if len(group) > 8 else "")
        warnings.append(DataWarning(
            "cycle", f"{len(group)} reports draw on each other in a loop: {shown}", group))
    # Repeated (source, target) pairs, and targets dated before their sources.
    key = ix.l_src.astype(np.int64) * max(ix.n, 1) + ix.l_dst
    order = np.argsort(key, kind="stable")
    repeat_ = np.zeros(len(key), bool)
    repeat_[order[1:]] = key[order[1:]] == key[order[:-1]]
    early = np.zeros(len(key), bool)
    both = np.nonzero(ix.dated[ix.l_src] & ix.dated[ix.l_dst])[0]
    if both.size:
        early[both] = _definitely_before(ix, ix.l_dst[both], ix.l_src[both])
    pairs: list[tuple[str, str]] = []
    times = ix.time
    for k in np.nonzero(repeat_ | early)[0].tolist():
        link = story.links[k]
        pair = (link.source, link.target)
        if repeat_[k]:
            warnings.append(DataWarning(
                "duplicate_link", f"more than one link from {link.source} to {link.target}", pair))
        if early[k]:
            s_time, t_time = times[ix.l_src[k]], times[ix.l_dst[k]]
            pairs.append(pair)
            warnings.append(DataWarning(
                "published_before_source",
                f"{link.target} ({t_time}) is dated before its source {link.source} ({s_time})",
                pair))
    ignored = np.nonzero((ix.m_holder != -1) & (ix.m_stance != _ATTRIBUTES)
                         & (ix.m_stance != _DENIES))[0]
    for m in ignored.tolist():
        mention = ix.mention(m)
        rid = ix.ids[int(ix.m_report[m])]
        warnings.append(DataWarning(
            "holder_ignored",
            f"{rid} names a holder for claim {mention.claim}, but its stance "
            f"'{mention.stance.value}' does not attribute it", (rid,)))
    return warnings, pairs


# --------------------------------------------------------------------------- #
# Distortions, the point of distortion, and the analysis.

class _Result:
    """Roles and support graphs of the nodes, with or without one link."""

    def __init__(self, index: _Index, level: _Array | None, nodes: _Array, removed: int,
                 base: _Result | None = None) -> None:
        self.level = level
        self.index = index
        self.removed = removed
        self.firsthand_mentions = index.mention_firsthand(removed)
        roles = _Roles(index, nodes, removed, self.firsthand_mentions)
        if base is None:
            self.code, self.before, self.dropped = roles.code, roles.before, roles.dropped
            firsthand = roles.firsthand
        else:
            self.code, self.before = base.code.copy(), base.before.copy()
            self.dropped = base.dropped.copy()
            self.code[nodes], self.before[nodes] = roles.code, roles.before
            self.dropped[nodes] = roles.dropped
            firsthand = self.firsthand_mentions[index.p_mention]
        self.node_firsthand = firsthand
        self.support: _Support | _Variant = _Support(
            index, nodes, self.code, firsthand, roles.edge_src, roles.edge_dst, level)

    def distortion_nodes(self, nodes: _Array) -> _Array:
        """The distortions among ``nodes`` (of one claim, in story order): positive ones first."""
        found = nodes[self.support.distortion[nodes]]
        positive = self.index.p_positive[found]
        return np.concatenate([found[positive], found[~positive]])

    def describe(self, node: int) -> Distortion:
        """The :class:`Distortion` of one distortion node."""
        ix = self.index
        r, c = int(ix.p_report[node]), int(ix.p_claim[node])
        positive = bool(ix.p_positive[node])
        mention = ix.mention(int(ix.p_mention[node]))
        code = int(self.code[node])
        kinds = tuple(role for role in _ROLE_TUPLES[code & 15] if role in DISTORTION_ROLES)
        firsthand = self.firsthand_mentions
        same: set[int] = set()
        opposite: set[int] = set()
        holders: set[int] = set()
        drew_on: set[int] = set()
        uncertain: set[tuple[str, str]] = set()
        t_actor = int(ix.actor[r])
        for j in range(int(ix.tin_ptr[r]), int(ix.tin_ptr[r + 1])):
            k = int(ix.tin_link[j])
            if k == self.removed:
                continue
            s = int(ix.tin_src[j])
            drew_on.add(s)
            link = ix.links[k]
            if link.confidence < 1.0:
                uncertain.add((link.source, link.target))
            row = int(ix.node(np.array([s]), np.array([c]))[0])
            if row < 0:
                continue
            s_actor = int(ix.actor[s])
            for m, s_positive in ((int(ix.p_aff[row]), True), (int(ix.p_neg[row]), False)):
                if m < 0:
                    continue
                if s_positive != positive:
                    opposite.add(s)
                    continue
                same.add(s)
                held = int(ix.m_holder[m])
                if ix.m_stance[m] > 0:
                    own = ix.m_stance[m] == _ASSERTS and firsthand[m] and s_actor != t_actor
                else:
                    own = firsthand[m] and held == -1 and s_actor != t_actor
                if own:
                    holders.add(s_actor)
                elif ix.m_named[m]:
                    holders.add(held)
        if Role.INVENTED in kinds:
            sources = sorted(drew_on)
        else:
            sources = sorted(same) if same else sorted(opposite)
        before = int(self.before[node])
        ids = ix.ids
        return Distortion(
            report=ids[r],
            claim=ix.claim_ids[c],
            kinds=kinds,
            before=_STANCES[before] if before >= 0 else None,
            after=mention.stance,
            sources=tuple(ids[s] for s in sources),
            reach=self.support.reach(node),
            planted=self.support.planted(node),
            holder=mention.holder,
            source_holders=tuple(sorted(ix.actor_names[h] for h in holders)),
            attribution_dropped=bool(self.dropped[node]),
            quote=mention.quote,
            uncertain_links=tuple(sorted(uncertain)),
        )


def _rank_key(index: _Index, d: Distortion) -> tuple[int, float, int, float, int]:
    i = index.pos[d.report]
    t = index.time[i]
    return (-len(d.reach), -float(index.audience[i]), 0 if t is not None else 1,
            t.sort_key if t is not None else 0.0, i)


def _choose_point(index: _Index, distortions: Iterable[Distortion]) -> Distortion | None:
    stated = [d for d in distortions if d.states]
    if not stated:
        return None
    return min(stated, key=lambda d: _rank_key(index, d))


#: Limits on the "what if this uncertain link were wrong" re-analysis: at most this
#: many links, and links into the point's reach only in stories smaller than this.
MAX_ALTERNATIVES = 12
ALTERNATIVES_REACH_LIMIT = 20_000


def analyze(story: Story) -> Analysis:
    """Find the distortions of a story and its point of distortion.

    Parameters
    ----------
    story : Story
        A story, as :func:`provenance.load` returns (references are assumed valid).

    Returns
    -------
    Analysis
        Roles per claim and report, every distortion with its reach, the point of
        distortion, rebuttals, cycles, reports published before their sources, and
        for each link below confidence 1.0 that the point rests on, what the point
        would be without it.

    Notes
    -----
    The alternatives re-analyse, for each candidate link, the claims its target
    carries. The candidates are the transmitting links below confidence 1.0 into
    the point of distortion's report and, in stories of fewer than
    ``ALTERNATIVES_REACH_LIMIT`` reports, into its reach; the first
    ``MAX_ALTERNATIVES`` of them in story order.

    Examples
    --------
    >>> from provenance.model import Story
    >>> analyze(Story("Empty")).point_of_distortion is None
    True
    """
    index = _Index(story)
    level = _levels(index.n, index.l_src, index.l_dst)
    acyclic = bool((level >= 0).all())
    result = _Result(index, level if acyclic else None, np.arange(index.nodes, dtype=_INT), -1)
    support = result.support
    assert isinstance(support, _Support)
    code = result.code + _CIRCULAR * support.circular
    by_claim, claim_ptr = _by_claim(index)
    rebuttals = _rebuttals(index)
    ids = index.ids
    findings: dict[str, ClaimFindings] = {}
    per_claim: list[tuple[Distortion, ...]] = []
    for c, claim in enumerate(index.claim_ids):
        mine = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
        reports = index.p_report[mine]
        found = tuple(result.describe(node) for node in result.distortion_nodes(mine).tolist())
        per_claim.append(found)
        findings[claim] = ClaimFindings(
            claim,
            dict(zip(map(ids.__getitem__, reports.tolist()),
                     map(_ROLE_TUPLES.__getitem__, code[mine].tolist()), strict=True)),
            found,
            *rebuttals[c],
            circular=tuple(ids[r] for r in reports[support.circular[mine]].tolist()),
        )
    distortions = [d for claim_distortions in per_claim for d in claim_distortions]
    distortions.sort(key=lambda d: _rank_key(index, d))
    point = _choose_point(index, distortions)
    cycles = _cycles(index, level)
    warnings, early = _data_warnings(index, cycles)
    alternatives = _alternatives(index, result, per_claim, point) if point is not None else ()
    return Analysis(
        point_of_distortion=point,
        distortions=tuple(distortions),
        claims=findings,
        cycles=tuple(cycles),
        published_before_source=tuple(early),
        warnings=tuple(warnings),
        alternatives=tuple(alternatives),
    )


def _alternatives(
    index: _Index, base: _Result, per_claim: Sequence[tuple[Distortion, ...]], point: Distortion
) -> list[Alternative]:
    """For each uncertain link the point rests on, the point without that link."""
    ix = index
    involved = np.zeros(ix.n, bool)
    involved[ix.pos[point.report]] = True
    if ix.n < ALTERNATIVES_REACH_LIMIT:
        involved[point.reach._numbers()] = True
    candidates = np.nonzero(
        (ix.l_conf < 1.0) & ix.l_trans & involved[ix.l_dst])[0][:MAX_ALTERNATIVES]
    if not candidates.size:
        return []
    # The best stated distortion of each claim, as analysed in full.
    best: list[tuple[Any, Distortion] | None] = []
    for c, found in enumerate(per_claim):
        stated = [(_rank_key(ix, d), c, d) for d in found if d.states]
        best.append(min(stated, key=lambda x: x[:2])[::2] if stated else None)
    by_claim, claim_ptr = _by_claim(ix)
    out: list[Alternative] = []
    for k in candidates.tolist():
        link = ix.links[k]
        variant = _Variant(base, k)
        choice: tuple[Any, int, Distortion | int] | None = None
        for c in range(ix.claims):
            if c in variant.claims:
                mine = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
                for node in mine[variant.stating[mine]].tolist():
                    key = (_node_key(ix, variant.reach_size_of(node), node), c)
                    if choice is None or key < choice[:2]:
                        choice = (*key, node)
            else:
                known = best[c]
                if known is not None and (choice is None or (known[0], c) < choice[:2]):
                    choice = (known[0], c, known[1])
        winner = None if choice is None else choice[2]
        if isinstance(winner, int):
            winner = variant.describe(winner)
        out.append(Alternative((link.source, link.target), link.confidence, winner))
    return out


def _node_key(ix: _Index, reach: int, node: int) -> tuple[int, float, int, float, int]:
    """:func:`_rank_key` of a distortion node with a reach of ``reach`` reports."""
    r = int(ix.p_report[node])
    i = ix.pos[ix.ids[r]]
    t = ix.time[i]
    return (-reach, -float(ix.audience[i]), 0 if t is not None else 1,
            t.sort_key if t is not None else 0.0, i)


#: A variant that moves more nodes than this in the dominator trees is worked out
#: afresh for the parts it changes.
_MOVE_LIMIT = 50_000


class _Variant(_Result):
    """The roles and support graphs without one uncertain link, from the full ones.

    Removing a transmitting link into report ``t`` changes the roles of ``t``'s nodes
    (and, when ``t`` then speaks firsthand, of the nodes drawing on ``t``) and the
    support edges into ``t``'s nodes, nothing else. So only nodes whose chain of
    dominators passes a node whose dominator changed can change theirs: they are
    recomputed in level order (a dominator is the lowest common ancestor of the
    predecessors), and each reach is corrected along the old and new chains of the
    moved nodes. Parts with a loop, and changes that move too many nodes, are worked
    out afresh.
    """

    def __init__(self, base: _Result, removed: int) -> None:
        ix = base.index
        sup = base.support
        assert isinstance(sup, _Support)
        self.index, self.removed, self.level, self.base_support = ix, removed, base.level, sup
        self.firsthand_mentions = ix.mention_firsthand(removed)
        t = int(ix.l_dst[removed])
        t_nodes = np.arange(ix.r_ptr[t], ix.r_ptr[t + 1], dtype=_INT)
        self.claims = set(ix.p_claim[t_nodes].tolist())
        targets = t_nodes
        lo, hi = int(ix.m_start[t]), int(ix.m_start[t + 1])
        if (self.firsthand_mentions[lo:hi] != base.firsthand_mentions[lo:hi]).any():
            # t now speaks firsthand: the reports drawing on it see its claims anew.
            users = ix.tout_dst[ix.tout_ptr[t]:ix.tout_ptr[t + 1]]
            found = ix.node(np.repeat(users, len(t_nodes)),
                            np.tile(ix.p_claim[t_nodes], len(users)))
            targets = np.unique(np.concatenate([t_nodes, found[found >= 0]])).astype(_INT)
        roles = _Roles(ix, targets, removed, self.firsthand_mentions)
        self.code, self.before = base.code.copy(), base.before.copy()
        self.dropped, self.node_firsthand = base.dropped.copy(), base.node_firsthand.copy()
        self.code[targets], self.before[targets] = roles.code, roles.before
        self.dropped[targets], self.node_firsthand[targets] = roles.dropped, roles.firsthand
        self.support = self
        self.distortion, self.planting, self.stated = _kinds(ix, self.code)
        stance = ix.m_stance[ix.p_mention]
        self.stating = self.stated | (
            self.distortion & ((self.code & 7) == _FLIPPED) & (stance == _DENIES))
        # The new predecessors of t's nodes, where they changed.
        self.preds: dict[int, list[int]] = {}
        for x in t_nodes.tolist():
            new = sorted(set(roles.edge_src[roles.edge_dst == x].tolist()))
            old = sorted(set(sup.edge_src[sup.ptr[x]:sup.ptr[x + 1]].tolist()))
            if new != old:
                self.preds[x] = new
        self.moved: dict[int, int] = {}  # node -> its new dominator
        self._depth: dict[int, int] = {}
        self._jump: dict[int, int] = {}
        self.delta: dict[int, int] = {}  # node -> change of its reach
        touched = np.isin(sup.part, [c * 2 + side for c in self.claims for side in (0, 1)])
        fresh = set(np.unique(sup.part[touched & sup.slow]).tolist())
        # Node by node beats starting afresh while few of the touched nodes move.
        limit = min(_MOVE_LIMIT, max(256, int(touched.sum()) // 16))
        if not self._move(limit):
            self.moved.clear()
            fresh |= {int(sup.part[x]) for x in self.preds}
        self.fresh_parts = fresh
        self.fresh: _Support | None = None
        if fresh:
            self.fresh = self._afresh(fresh)
        # Nodes moved in the other parts (a claim without a loop, beside one with)
        # still need their reach corrected.
        self._correct_reach()

    # -- dominators, node by node ------------------------------------------ #

    def _up(self, v: int) -> int:
        moved = self.moved.get(v)
        return int(self.base_support.parent[v]) if moved is None else moved

    def _deep(self, v: int) -> int:
        depth = self._depth.get(v)
        return int(self.base_support.depth[v]) if depth is None else depth

    def _leap(self, v: int) -> int:
        jump = self._jump.get(v)
        return int(self.base_support.jump[v]) if jump is None else jump

    def _common(self, a: int, b: int) -> int:
        """Lowest common ancestor in the changed dominator tree (jump pointers)."""
        deep, leap, up = self._deep, self._leap, self._up
        if deep(a) < deep(b):
            a, b = b, a
        goal = deep(b)
        while deep(a) > goal:
            j = leap(a)
            a = j if deep(j) >= goal else up(a)
        while a != b:
            ja, jb = leap(a), leap(b)
            if ja != jb:
                a, b = ja, jb
            else:
                a, b = up(a), up(b)
        return a

    def _move(self, limit: int) -> bool:
        """Recompute the dominators below the changed nodes; False if more than ``limit`` move."""
        ix, sup = self.index, self.base_support
        root = sup.root
        heap = [(int(sup.level[x]), x) for x in self.preds if not sup.slow[x]]
        heapq.heapify(heap)
        done: set[int] = set()
        while heap:
            _, v = heapq.heappop(heap)
            if v in done:
                continue
            done.add(v)
            preds = (self.preds[v] if v in self.preds
                     else sup.edge_src[sup.ptr[v]:sup.ptr[v + 1]].tolist())
            new = functools.reduce(self._common, preds) if preds else root
            if new == self._up(v) and new not in self.moved:
                continue
            self.moved[v] = new
            self._depth[v] = self._deep(new) + 1
            j = self._leap(new)
            jj = self._leap(j)
            even = self._deep(new) - self._deep(j) == self._deep(j) - self._deep(jj)
            self._jump[v] = jj if even else new
            if len(self.moved) > limit:
                return False
            r = int(ix.p_report[v])
            users = ix.tout_dst[ix.tout_ptr[r]:ix.tout_ptr[r + 1]]
            after = ix.node(users, np.full(len(users), ix.p_claim[v], _INT))
            after = after[after >= 0]
            after = after[ix.p_positive[after] == ix.p_positive[v]]
            for w in after.tolist():
                if w not in done:
                    heapq.heappush(heap, (int(sup.level[w]), w))
        return True

    def _chain(self, v: int, new: bool) -> list[int]:
        """The dominators of a moved node, in the changed or in the full tree."""
        root, parent = self.base_support.root, self.base_support.parent
        out = []
        a = self.moved[v] if new else int(parent[v])
        while a != root:
            out.append(a)
            a = self._up(a) if new else int(parent[a])
        return out

    def _correct_reach(self) -> None:
        for v in self.moved:
            for a in self._chain(v, False):
                self.delta[a] = self.delta.get(a, 0) - 1
            for a in self._chain(v, True):
                self.delta[a] = self.delta.get(a, 0) + 1

    def _afresh(self, parts: set[int]) -> _Support:
        """The support graphs of some parts worked out again, with the new edges."""
        ix, sup = self.index, self.base_support
        wanted = list(parts)
        nodes = np.nonzero(np.isin(sup.part, wanted))[0].astype(_INT)
        keep = np.isin(sup.part[sup.edge_dst], wanted) & ~np.isin(sup.edge_dst, list(self.preds))
        src = [sup.edge_src[keep]]
        dst = [sup.edge_dst[keep]]
        for x, preds in self.preds.items():
            if int(sup.part[x]) in parts:
                src.append(np.array(preds, _INT))
                dst.append(np.full(len(preds), x, _INT))
        edge_src, edge_dst = np.concatenate(src).astype(_INT), np.concatenate(dst).astype(_INT)
        order = np.argsort(edge_dst, kind="stable")
        return _Support(ix, nodes, self.code, self.node_firsthand, edge_src[order],
                        edge_dst[order], None)

    # -- what a distortion needs ------------------------------------------- #

    def reach_size_of(self, node: int) -> int:
        if self.fresh is not None and int(self.base_support.part[node]) in self.fresh_parts:
            return int(self.fresh.reach_size[node])
        return int(self.base_support.reach_size[node]) + self.delta.get(node, 0)

    def reach(self, node: int) -> Reach:
        """The reports a distortion node reaches without the link, in story order."""
        sup = self.base_support
        part = int(sup.part[node])
        if self.fresh is not None and part in self.fresh_parts:
            return self.fresh.reach(node)
        moved = [v for v in self.moved if int(sup.part[v]) == part]
        if not moved:
            return sup.reach(node)
        start = int(sup._tin[node]) + 1
        members = set(sup._pre[start:start + int(sup._size[node]) - 1].tolist())
        for v in moved:
            if node in self._chain(v, True):
                members.add(v)
            else:
                members.discard(v)
        # One reach of its own (an alternative's point of distortion; at most a dozen).
        ix = self.index
        order = np.sort(ix.p_report[np.array(sorted(members), _INT)]).astype(_INT)
        return Reach._range(ix.ids, ix.pos, order, 0, len(order), 1)

    def planted(self, node: int) -> Planted:
        """The planting reports upstream of a stated distortion node, without the link."""
        sup = self.base_support
        if self.fresh is not None and int(sup.part[node]) in self.fresh_parts:
            return self.fresh.planted(node)
        seen = np.zeros(self.index.nodes, bool)
        seen[node] = True
        changed = np.array(sorted(self.preds), _INT)
        front = np.array([node], _INT)
        while front.size:
            special = np.isin(front, changed)
            usual = front[~special]
            lo = sup.ptr[usual]
            found = [sup.edge_src[_ranges(lo, sup.ptr[usual + 1] - lo)]]
            found += [np.array(self.preds[x], _INT) for x in front[special].tolist()]
            front = np.unique(np.concatenate(found))
            front = front[~seen[front]]
            seen[front] = True
        seen[node] = False
        ix = self.index
        found = sorted(ix.p_report[np.nonzero(seen & self.planting)[0]].tolist())
        return Planted(ix.ids[x] for x in found)
