"""The records :func:`~provenance.analysis.analyze` returns.

:class:`Analysis` (a one-line repr and a short Jupyter table) holds, per claim, its
:class:`ClaimFindings` (each report's :class:`Role`, rebuttals, circular reports);
every :class:`Distortion`, the point of distortion among them, each
:class:`Alternative` (the point without one uncertain link) and each
:class:`DataWarning`. A distortion's :class:`Reach` and :class:`Planted` are sequences
of report ids that behave as tuples but are stored linear in the story (their shared
stores are in :mod:`._stores`). The records know nothing of the engine that builds
them: the engine modules import this one, never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, overload

import attrs
import numpy as np

from ..model import Part, Stance
from ._arrays import _Array
from ._stores import PLANTED_FIRST, REACH_FIRST, _Lineage, _Smallest

__all__ = [
    "Role",
    "DISTORTION_ROLES",
    "Reach",
    "Planted",
    "planted_reports",
    "Distortion",
    "ClaimFindings",
    "DataWarning",
    "Alternative",
    "Analysis",
    "AccountDifference",
    "REACH_FIRST",
    "PLANTED_FIRST",
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
    #: Version 2: carries as fact what reached it only through satire.
    SATIRE_AS_FACT = "satire_as_fact"
    #: Version 2: its headline says more than its body (and than its sources).
    HEADLINE_OVERSTATES = "headline_overstates"
    #: Version 2: dropped the context that limits the claim (``Distortion.dropped``).
    CONTEXT_DROPPED = "context_dropped"


#: The roles that make a report a distortion of a claim.
DISTORTION_ROLES: frozenset[Role] = frozenset(
    {Role.INVENTED, Role.INFLATED, Role.FLIPPED, Role.MISATTRIBUTED,
     Role.SATIRE_AS_FACT, Role.HEADLINE_OVERSTATES, Role.CONTEXT_DROPPED}
)
# The stances a distortion plants a claim with, and those it states it with.
_PLANTING = frozenset({Stance.IMPLIES, Stance.QUESTIONS})
_STATED = frozenset({Stance.ATTRIBUTES, Stance.ASSERTS})


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
    #: Version 2, ``context_dropped``: the id of the qualifier claim that was dropped.
    dropped: str | None = None
    #: Version 2: ``headline`` when the change is in the report's headline.
    part: Part = Part.BODY

    @property
    def plants(self) -> bool:
        """True when the change only implies or questions the claim."""
        return self.after in _PLANTING

    @property
    def states(self) -> bool:
        """True when the change leaves the claim stated (eligible as point of distortion)."""
        return self.after in _STATED or (
            self.after is Stance.DENIES
            and (Role.FLIPPED in self.kinds or Role.INFLATED in self.kinds))


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
class AccountDifference:
    """Version 2: a report, link or claim mention that only some accounts hold."""

    #: Its JSON path in the story file: ``reports[3]``, ``links[2]``, ``reports[1].claims[0]``.
    path: str
    #: ``report``, ``link`` or ``mention``.
    kind: str
    #: The accounts it belongs to.
    accounts: tuple[str, ...]
    #: The report (for a report or a mention), or the link's (source, target).
    report: str | None = None
    link: tuple[str, str] | None = None
    #: For a mention: its claim.
    claim: str | None = None
    #: The accounts whose point of distortion rests on it: removing it from that
    #: account changes the account's point.
    rests_on: tuple[str, ...] = ()


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
    #: Version 2, a story with competing accounts: each account's own analysis, by id
    #: (empty for a story without accounts). Then ``point_of_distortion`` is the point
    #: the accounts agree on (None when they disagree) and the other fields above are
    #: the first account's.
    accounts: Mapping[str, Analysis] = attrs.field(factory=dict)
    #: True when every account names the same point (report, claim, kinds); None
    #: for a story without accounts.
    accounts_agree: bool | None = None
    #: The items that belong to some accounts but not to others.
    differences: tuple[AccountDifference, ...] = ()

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
