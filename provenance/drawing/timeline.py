"""The spread over time: a claim's reports against its rebuttals, as a description.

:func:`describe_timeline` works out, once, everything a painter of the timeline draws
(the matplotlib painter :mod:`provenance.drawing.timeline_mpl`, the viewer's Timeline
dock, the HTML page): for each claim, cumulative series over time of

* ``distorted``: the reports that carry a **distorted version** of the claim: those with a
  distortion role for it (``invented``, ``inflated``, ``flipped``, ``misattributed``, and
  the version 2 roles) and those in the reach of one of its distortions (they carry the
  changed claim only through it);
* ``states``: the other reports whose strongest affirmative mention ``asserts`` or
  ``attributes`` it;
* ``hints``: the other reports that only ``implies`` or ``questions`` it;
* ``rebuts``: its rebuttals (:attr:`provenance.analysis.ClaimFindings.rebuttals`).

The first three are disjoint (a report is counted once, in the first that applies); a
report may also be a rebuttal (it carries the claim and a denial of it). Markers name
the **point of distortion** (for another claim: its stated distortion with the greatest
reach), the **planted** reports and the **first rebuttal**, each with a label and time.
The caption share counts the reports carrying the distorted version that were published
after the first rebuttal (definitely after, at the precision both dates give) over all
the dated reports carrying it.

How dates are placed (see the README, "The spread over time"):

* a time with an offset is placed at its UTC instant;
* a time without an offset is placed at its clock time read as UTC (it may really be up
  to 14 hours earlier or 12 hours later; the notes count such times);
* a date that gives only a day, a month or a year is a **span**: it is counted from the
  start of its span (the earliest it can have appeared) and drawn as a bar over the
  whole span, never as a point at a made-up time;
* undated reports are left off the axis and counted in a note; a story with no dated
  report has :attr:`Timeline.has_dates` false, and painters say so.

Series are steps ``(time, cumulative)`` in UTC seconds since 1970. Past
:data:`MAX_STEPS` distinct times the counts are binned by a round width (a minute to a
year) so that a story of 100,000 reports draws as a few hundred steps. The axis is in
hours when the dated reports span at most :data:`HOURS_UP_TO` seconds, else in days,
counted from the start of the first report's UTC day (:meth:`Timeline.axis_value`).

Examples
--------
>>> import provenance
>>> story = provenance.load("samples/science-press-release.json")
>>> timeline = describe_timeline(story)
>>> first = timeline.claims[0]
>>> first.claim
'coffee-protects'
>>> first.caption
'1 of 5 reports carrying it came after the first denial (2024-03-06 10:00 +00:00)'
>>> [(s.name, s.total) for s in first.series]
[('states', 0.0), ('hints', 1.0), ('distorted', 5.0), ('rebuts', 1.0)]
>>> [m.kind for m in first.markers]
['point', 'first_rebuttal']
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, overload

import attrs
import numpy as np

from ..analysis import Analysis, ClaimFindings, Distortion, analyze
from ..analysis.results import DISTORTION_ROLES
from ..errors import ProvenanceError
from ..model import STANCE_STRENGTH, PublicationTime, Stance, Story
from ..wording import actor_name, clip, time_text
from . import style
from .picture import check_claim

__all__ = [
    "Timeline",
    "ClaimTimeline",
    "Series",
    "Marker",
    "TimelinePoint",
    "Points",
    "describe_timeline",
    "timeline_data",
    "placed",
    "SERIES",
    "SERIES_LABELS",
    "SERIES_COLORS",
    "MARKER_COLORS",
    "WEIGHTS",
    "MAX_STEPS",
    "HOURS_UP_TO",
]

#: The series of a claim's timeline, in the order they are listed and drawn.
SERIES: tuple[str, ...] = ("states", "hints", "distorted", "rebuts")
SERIES_LABELS: Mapping[str, str] = {
    "states": "state it",
    "hints": "only imply or question it",
    "distorted": "carry a distorted version",
    "rebuts": "rebut it",
}
#: The diagram's colours: red for distortion, green for rebuttals, orange for planting.
SERIES_COLORS: Mapping[str, str] = {
    "states": style.CARD_EDGE_COLOR,
    "hints": style.PLANTED_COLOR,
    "distorted": style.DISTORTION_COLOR,
    "rebuts": style.REBUTTAL_COLOR,
}
MARKER_COLORS: Mapping[str, str] = {
    "point": style.POINT_COLOR,
    "planted": style.PLANTED_COLOR,
    "first_rebuttal": style.REBUTTAL_COLOR,
}
#: What a report counts for: one each, or its actor's audience.
WEIGHTS: tuple[str, ...] = ("reports", "audience")
#: The most distinct times a series keeps before its counts are binned.
MAX_STEPS = 600
#: The longest span (seconds) an axis in hours is used for; longer ones are in days.
HOURS_UP_TO = 3 * 86400.0
# Round bin widths, finest first (seconds).
_BIN_WIDTHS = (60.0, 300.0, 900.0, 1800.0, 3600.0, 3 * 3600.0, 6 * 3600.0, 12 * 3600.0,
               86400.0, 2 * 86400.0, 7 * 86400.0, 30 * 86400.0, 91 * 86400.0, 365 * 86400.0)
_DAY = 86400.0
#: The earliest origin an axis label can name (0001-01-01 UTC): a time at 00:00 on the
#: first day of year 1 with a positive offset falls in year 0, which Python has not.
_EARLIEST = datetime(1, 1, 1, tzinfo=timezone.utc).timestamp()
#: The largest audience counted (a thousand times the world's people): beyond it sums
#: of audiences leave the range of floating point and no chart can draw them.
AUDIENCE_CAP = 1e13


def placed(time: PublicationTime) -> tuple[float, float]:
    """Where the timeline puts a publication time: its (start, end), UTC seconds.

    With an offset, the UTC instant; without one, the clock time read as UTC. A date
    without a time of day is its whole span (a day, a month, a year).

    >>> placed(PublicationTime.parse("2017-01-23T12:00:00+03:00"))
    (1485162000.0, 1485162001.0)
    >>> start, end = placed(PublicationTime.parse("2017-01-23"))
    >>> (end - start) / 86400
    1.0
    """
    shift = time.offset if time.offset is not None else 0.0
    return time.local_start - shift, time.local_end - shift


@attrs.frozen
class TimelinePoint:
    """One dated report on a claim's timeline: where it is, in which series."""

    report: str
    series: str
    #: UTC seconds: where it is counted (the start of its span).
    start: float
    #: The end of its span (for a time of day, a second or a minute after ``start``).
    end: float

    @property
    def is_span(self) -> bool:
        """True for a date without a time of day: drawn as a bar, not a point."""
        return self.end - self.start > 60


class Points(Sequence[TimelinePoint]):
    """A claim's dated reports as points, earliest first: a sequence of
    :class:`TimelinePoint`, stored as columns (100,000 reports are four tuples)."""

    __slots__ = ("reports", "series", "starts", "ends")

    def __init__(self, reports: tuple[str, ...] = (), series: tuple[str, ...] = (),
                 starts: tuple[float, ...] = (), ends: tuple[float, ...] = ()) -> None:
        self.reports, self.series, self.starts, self.ends = reports, series, starts, ends

    def __len__(self) -> int:
        return len(self.reports)

    @overload
    def __getitem__(self, at: int) -> TimelinePoint: ...

    @overload
    def __getitem__(self, at: slice) -> tuple[TimelinePoint, ...]: ...

    def __getitem__(self, at: int | slice) -> TimelinePoint | tuple[TimelinePoint, ...]:
        if isinstance(at, slice):
            return tuple(self[i] for i in range(*at.indices(len(self))))
        return TimelinePoint(self.reports[at], self.series[at], self.starts[at], self.ends[at])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Points) and (self.reports, self.series, self.starts) == (
            other.reports, other.series, other.starts)

    def __hash__(self) -> int:
        return hash(self.reports)

    def __repr__(self) -> str:
        return f"<Points: {len(self):,}>"


@attrs.frozen
class Series:
    """A cumulative count (or audience) over time."""

    name: str
    label: str
    color: str
    #: ``(time, cumulative)`` steps, UTC seconds, earliest first: the value from each time on.
    steps: tuple[tuple[float, float], ...]
    #: The final value (dated reports only).
    total: float
    #: How many dated reports it counts.
    reports: int

    def value_at(self, seconds: float) -> float:
        """The cumulative value at a time (0 before the first step)."""
        at = bisect.bisect_right([t for t, _ in self.steps], seconds)
        return self.steps[at - 1][1] if at else 0.0


@attrs.frozen
class Marker:
    """A report marked on the time axis: the point of distortion, a planted report, the
    first rebuttal."""

    kind: str
    report: str
    label: str
    #: UTC seconds (the start of its span), or None when the report has no date.
    start: float | None
    end: float | None


@attrs.frozen
class ClaimTimeline:
    """One claim's spread over time."""

    claim: str
    text: str
    #: One per name in :data:`SERIES`, in that order.
    series: tuple[Series, ...]
    markers: tuple[Marker, ...]
    #: Every dated report of the series, by start (what a click selects).
    points: Points = attrs.field(repr=False)
    #: Dated reports carrying the distorted version, and how many came after the first
    #: rebuttal; undated ones carrying it.
    carrying: int
    carried_after_rebuttal: int
    carrying_undated: int
    #: "7 of 9 reports carrying it came after the first denial", or why there is no share.
    caption: str

    def series_named(self, name: str) -> Series:
        """The series called ``name`` (one of :data:`SERIES`)."""
        for series in self.series:
            if series.name == name:
                return series
        raise ProvenanceError(f"no series {name!r}; the series are {', '.join(SERIES)}")

    def marker(self, kind: str) -> Marker | None:
        """The first marker of a kind (``point``, ``planted``, ``first_rebuttal``)."""
        return next((m for m in self.markers if m.kind == kind), None)

    def nearest_point(self, seconds: float, within: float) -> TimelinePoint | None:
        """The point whose span is nearest ``seconds``, if within ``within`` seconds."""
        best: TimelinePoint | None = None
        distance = within
        at = bisect.bisect_right(self.points.starts, seconds)
        # Spans that began long before may still cover the time: look back a little.
        for point in self.points[max(0, at - 64): at + 64]:
            gap = 0.0 if point.start <= seconds <= point.end else min(
                abs(point.start - seconds), abs(point.end - seconds))
            if gap <= distance:
                best, distance = point, gap
        return best


@attrs.frozen
class Timeline:
    """What a painter draws of a story's spread over time (see the module)."""

    title: str
    weight: str
    claims: tuple[ClaimTimeline, ...]
    #: The earliest start and latest end of the dated reports (UTC seconds), or None.
    start: float | None
    end: float | None
    #: ``"hours"`` or ``"days"``; the axis counts them from ``origin`` (UTC seconds).
    unit: str
    origin: float
    #: Reports in the story, those with a date, and of those: dated only to a day,
    #: month or year (spans); times of day without a UTC offset.
    reports: int
    dated: int
    spans: int
    without_offset: int
    #: With ``weight="audience"``: reports of the claims drawn whose actor's audience is
    #: not known (they count 0).
    unknown_audience: int
    #: The width of a bin in seconds, when the counts are binned (None: every time kept).
    bin_seconds: float | None
    #: Sentences a painter writes below the chart: undated reports, spans, offsets,
    #: audiences, binning.
    notes: tuple[str, ...]

    @property
    def has_dates(self) -> bool:
        """False when no report in the story has a date: painters say so instead of
        drawing an empty chart."""
        return self.dated > 0

    @property
    def empty_message(self) -> str:
        """What a painter writes instead of the chart when there is nothing to draw."""
        if not self.has_dates:
            return "No report in this story has a date"
        if not self.claims:
            return "No report in this story mentions a claim"
        return "No report that carries or rebuts a claim has a date"

    @property
    def drawable(self) -> bool:
        """True when some claim has a dated report to draw."""
        return any(item.points for item in self.claims)

    @property
    def unit_seconds(self) -> float:
        return 3600.0 if self.unit == "hours" else _DAY

    def axis_value(self, seconds: float) -> float:
        """A time (UTC seconds) in axis units: hours or days since :attr:`origin`."""
        return (seconds - self.origin) / self.unit_seconds

    def seconds_at(self, value: float) -> float:
        """The time (UTC seconds) of an axis value (the inverse of :meth:`axis_value`)."""
        return self.origin + value * self.unit_seconds

    @property
    def axis_label(self) -> str:
        """The time axis's label: "Days since 2024-03-04 (UTC)"."""
        when = datetime.fromtimestamp(self.origin, tz=timezone.utc)
        day = when.date().isoformat()  # strftime's %Y drops the zeros of year 0001
        if self.unit == "hours":
            return f"Hours since {day} {when:%H:%M} UTC"
        return f"Days since {day} (UTC)"

    def claim(self, claim_id: str) -> ClaimTimeline:
        """The timeline of one claim."""
        for item in self.claims:
            if item.claim == claim_id:
                return item
        raise ProvenanceError(f"claim {claim_id!r} is not on this timeline")

    def replay_index(self, times: Sequence[PublicationTime], seconds: float) -> int:
        """The replay moment a time on this axis means: the index in ``times`` (the
        story's publication times, earliest first, as
        :attr:`provenance.view.ViewState.times`) of the last one whose middle is at or
        before ``seconds`` (0 before them all).

        The middle of its span is what orders the times (:attr:`PublicationTime.sort_key`),
        so a day sits among the times of that day, not at its midnight.
        """
        middles = [sum(placed(t)) / 2 for t in times]
        return max(0, bisect.bisect_right(middles, seconds) - 1)

    def __repr__(self) -> str:
        claims = len(self.claims)
        if not self.has_dates:
            return f"<Timeline {clip(self.title, 50)!r}: no dated report>"
        return (f"<Timeline {clip(self.title, 50)!r}: {self.dated:,} of {self.reports:,} "
                f"reports dated, {claims} claim{'' if claims == 1 else 's'}, in {self.unit}>")


def timeline_data(timeline: Timeline) -> dict[str, Any]:
    """The description as plain JSON values, for a page that draws it itself.

    Times are UTC seconds since 1970 (``null`` for an undated marker); each claim's
    points are columns (``reports``, ``series``, ``starts``, ``ends``) so that 100,000
    reports stay compact. Story text is included as it is: insert it as text, never as
    markup.

    >>> import json, provenance
    >>> story = provenance.load("samples/science-press-release.json")
    >>> data = timeline_data(describe_timeline(story))
    >>> data["axis"]["label"], data["claims"][0]["series"][2]["name"]
    ('Days since 2024-03-04 (UTC)', 'distorted')
    >>> json.loads(json.dumps(data)) == data
    True
    """
    return {
        "title": timeline.title,
        "weight": timeline.weight,
        "has_dates": timeline.has_dates,
        "empty_message": timeline.empty_message,
        "start": timeline.start,
        "end": timeline.end,
        "axis": {"unit": timeline.unit, "origin": timeline.origin,
                 "unit_seconds": timeline.unit_seconds, "label": timeline.axis_label},
        "reports": timeline.reports,
        "dated": timeline.dated,
        "spans": timeline.spans,
        "without_offset": timeline.without_offset,
        "unknown_audience": timeline.unknown_audience,
        "bin_seconds": timeline.bin_seconds,
        "notes": list(timeline.notes),
        "claims": [{
            "claim": item.claim,
            "text": item.text,
            "caption": item.caption,
            "carrying": item.carrying,
            "carried_after_rebuttal": item.carried_after_rebuttal,
            "carrying_undated": item.carrying_undated,
            "series": [{"name": s.name, "label": s.label, "color": s.color,
                        "steps": [list(step) for step in s.steps], "total": s.total,
                        "reports": s.reports} for s in item.series],
            "markers": [{"kind": m.kind, "report": m.report, "label": m.label,
                         "color": MARKER_COLORS[m.kind], "start": m.start, "end": m.end}
                        for m in item.markers],
            "points": {"reports": list(item.points.reports),
                       "series": list(item.points.series),
                       "starts": list(item.points.starts), "ends": list(item.points.ends)},
        } for item in timeline.claims],
    }


def describe_timeline(story: Story, analysis: Analysis | None = None, *,
                      claim: str | None = None, weight: str = "reports") -> Timeline:
    """The timeline of a story: for each claim, its reports and rebuttals over time.

    Parameters
    ----------
    story : Story
    analysis : Analysis, optional
        Its analysis; computed when not given. For a story with competing accounts
        the analysis's top-level findings are used (the first account's).
    claim : str, optional
        Only this claim. By default every claim that a dated or undated report
        carries or rebuts, the point of distortion's claim first, then the claims
        carried by the most reports.
    weight : {"reports", "audience"}
        Count reports, or add up their actors' audiences (unknown audiences count 0
        and are counted in :attr:`Timeline.unknown_audience`).

    Raises
    ------
    ProvenanceError
        If ``claim`` is not a claim of the story, or ``weight`` is not one of
        :data:`WEIGHTS`.
    """
    if weight not in WEIGHTS:
        raise ProvenanceError(f"unknown weight {weight!r}: use one of {', '.join(WEIGHTS)}")
    if claim is not None:
        check_claim(story, claim)
    if analysis is None:
        analysis = analyze(story)
    dates = _Dates(story)
    claim_ids = [claim] if claim is not None else _claims_shown(story, analysis, dates)
    unknown = np.zeros(len(story.reports), dtype=bool)
    counted = np.zeros(len(story.reports), dtype=bool)
    timelines = [_claim_timeline(story, analysis, claim_id, dates, weight, unknown, counted)
                 for claim_id in claim_ids]
    start, end = dates.start, dates.end
    unit = "hours" if start is not None and end is not None and end - start <= HOURS_UP_TO \
        else "days"
    origin = 0.0 if start is None else max(math.floor(start / _DAY) * _DAY, _EARLIEST)
    unknown_count = int(unknown.sum()) if weight == "audience" else 0
    timeline_notes = _notes(len(story.reports), dates.dated, dates.spans, dates.without_offset,
                            weight, unknown_count, int(counted.sum()), dates.width,
                            len(dates.capped) if weight == "audience" else 0)
    return Timeline(story.title, weight, tuple(timelines), start, end, unit, origin,
                    len(story.reports), dates.dated, dates.spans, dates.without_offset,
                    unknown_count, dates.width, timeline_notes)


class _Dates:
    """The story's reports as arrays: where each is placed, its weight, its stances."""

    def __init__(self, story: Story) -> None:
        n = len(story.reports)
        self.ids = [r.id for r in story.reports]
        self.number = {rid: i for i, rid in enumerate(self.ids)}
        self.starts = np.full(n, np.nan)
        self.ends = np.full(n, np.nan)
        audiences = {a.id: a.audience for a in story.actors}
        self.audience = np.full(n, np.nan)
        #: claim -> (report numbers, strongest affirmative strength, 0 for denials only)
        self.mentions: dict[str, tuple[list[int], list[int]]] = {}
        self.spans = self.without_offset = 0
        #: Actors whose audience is past :data:`AUDIENCE_CAP` (counted as the cap).
        self.capped: set[str] = set()
        for i, report in enumerate(story.reports):
            time = report.published
            if time is not None:
                self.starts[i], self.ends[i] = placed(time)
                if not time.has_time:
                    self.spans += 1
                elif time.offset is None:
                    self.without_offset += 1
            audience = audiences.get(report.actor)
            if audience is not None:
                if audience > AUDIENCE_CAP:
                    self.capped.add(report.actor)
                self.audience[i] = min(audience, AUDIENCE_CAP)
            strongest: dict[str, int] = {}
            for mention in report.claims:
                strength = STANCE_STRENGTH.get(mention.stance, 0)
                if strength >= strongest.get(mention.claim, 0):
                    strongest[mention.claim] = strength
            for claim_id, strength in strongest.items():
                numbers, strengths = self.mentions.setdefault(claim_id, ([], []))
                numbers.append(i)
                strengths.append(strength)
        self.is_dated = ~np.isnan(self.starts)
        self.dated = int(self.is_dated.sum())
        self.start = float(np.nanmin(self.starts)) if self.dated else None
        self.end = float(np.nanmax(self.ends)) if self.dated else None
        self.width = _bin_width(self.start, self.end, self.dated)

    def numbers(self, ids: Iterable[str]) -> np.ndarray:
        number = self.number
        return np.fromiter((number[rid] for rid in ids if rid in number), dtype=np.int64)


def _claims_shown(story: Story, analysis: Analysis, dates: _Dates) -> list[str]:
    counted = {claim_id: len(numbers) for claim_id, (numbers, _) in dates.mentions.items()}
    order = [c.id for c in story.claims if counted.get(c.id)]
    order += [c for c in counted if c not in set(order)]
    order.sort(key=lambda c: -counted[c])
    point = analysis.point_of_distortion
    if point is not None and point.claim in order:
        order.remove(point.claim)
        order.insert(0, point.claim)
    return order


def _distorted(findings: ClaimFindings | None, distortions: Iterable[Distortion]) -> set[str]:
    carried: set[str] = set()
    if findings is not None:
        carried = {rid for rid, roles in findings.roles.items()
                   if any(role in DISTORTION_ROLES for role in roles)}
    for distortion in distortions:
        carried.add(distortion.report)
        carried.update(distortion.reach)
    return carried


def _claim_timeline(story: Story, analysis: Analysis, claim_id: str, dates: _Dates,
                    weight: str, unknown: np.ndarray, counted: np.ndarray) -> ClaimTimeline:
    findings = analysis.claims.get(claim_id)
    distortions = analysis.distortions_of(claim_id)
    distorted = np.unique(dates.numbers(_distorted(findings, distortions)))
    rebuttals = tuple(findings.rebuttals) if findings is not None else ()
    numbers, strengths = dates.mentions.get(claim_id, ([], []))
    mentioning = np.asarray(numbers, dtype=np.int64)
    strength = np.asarray(strengths, dtype=np.int64)
    keep = ~np.isin(mentioning, distorted)
    stated = STANCE_STRENGTH[Stance.ATTRIBUTES]
    members = {
        "states": mentioning[keep & (strength >= stated)],
        "hints": mentioning[keep & (strength > 0) & (strength < stated)],
        "distorted": distorted,
        "rebuts": dates.numbers(rebuttals),
    }
    columns: list[tuple[np.ndarray, str]] = []
    series = []
    for name in SERIES:
        member = members[name]
        counted[member] = True
        if weight == "audience":
            weights = dates.audience[member]
            unknown[member[np.isnan(weights)]] = True
            weights = np.nan_to_num(weights, nan=0.0)
        else:
            weights = np.ones(len(member))
        dated = dates.is_dated[member]
        member, weights = member[dated], weights[dated]
        order = np.argsort(dates.starts[member], kind="stable")
        member, weights = member[order], weights[order]
        columns.append((member, name))
        steps = _steps(dates.starts[member], weights, dates.width)
        series.append(Series(name, SERIES_LABELS[name], SERIES_COLORS[name], steps,
                             steps[-1][1] if steps else 0.0, len(member)))
    points = _points(dates, columns)
    first_rebuttal = findings.first_rebuttal if findings is not None else None
    markers = _markers(story, analysis, claim_id, distortions, first_rebuttal, dates)
    carrying_dated = [dates.ids[i] for i in distorted if dates.is_dated[i]]
    after = 0
    first_time = story.report(first_rebuttal).published if first_rebuttal else None
    if first_time is not None:
        after = sum(1 for rid in carrying_dated
                    if first_time.definitely_before(_published(story, rid)))
    undated = len(distorted) - len(carrying_dated)
    caption = _caption(len(carrying_dated), after, undated, bool(rebuttals), first_time)
    text = next((c.text for c in story.claims if c.id == claim_id), claim_id)
    return ClaimTimeline(claim_id, text, tuple(series), markers, points,
                         len(carrying_dated), after, undated, caption)


def _points(dates: _Dates, columns: Sequence[tuple[np.ndarray, str]]) -> Points:
    member = np.concatenate([m for m, _ in columns]) if columns else np.zeros(0, np.int64)
    names = [name for m, name in columns for _ in range(len(m))]
    order = np.argsort(dates.starts[member], kind="stable")
    member = member[order]
    ids = dates.ids
    return Points(tuple(ids[i] for i in member.tolist()),
                  tuple(names[i] for i in order.tolist()),
                  tuple(dates.starts[member].tolist()), tuple(dates.ends[member].tolist()))


def _published(story: Story, report_id: str) -> PublicationTime:
    time = story.report(report_id).published
    assert time is not None  # only dated reports are asked for
    return time


def _steps(starts: np.ndarray, weights: np.ndarray, width: float | None
           ) -> tuple[tuple[float, float], ...]:
    """Cumulative steps from times sorted earliest first and their weights; binned by
    ``width``: one step per distinct time (per bin), the total from then on."""
    if not len(starts):
        return ()
    at = np.floor(starts / width) * width if width is not None else starts
    totals = np.cumsum(weights)
    last = np.r_[at[1:] != at[:-1], True]  # the last report at each time holds its total
    return tuple(zip(at[last].tolist(), totals[last].tolist(), strict=True))


def _bin_width(start: float | None, end: float | None, dated: int) -> float | None:
    if start is None or end is None or dated <= MAX_STEPS:
        return None
    span = max(end - start, 1.0)
    for width in _BIN_WIDTHS:
        if span / width <= MAX_STEPS:
            return width
    return _BIN_WIDTHS[-1]


def _who(story: Story, report_id: str) -> str:
    report = story.report(report_id)
    return f"{clip(actor_name(story, report.actor), 40)} ({report.kind.value.replace('_', ' ')})"


def _markers(story: Story, analysis: Analysis, claim_id: str,
             distortions: Sequence[Distortion], first_rebuttal: str | None,
             dates: _Dates) -> tuple[Marker, ...]:
    def marker(kind: str, report_id: str, label: str) -> Marker:
        i = dates.number[report_id]
        if not dates.is_dated[i]:
            return Marker(kind, report_id, label, None, None)
        return Marker(kind, report_id, label, float(dates.starts[i]), float(dates.ends[i]))

    found: list[Marker] = []
    point = analysis.point_of_distortion
    if point is not None and point.claim == claim_id:
        chosen: Distortion | None = point
        title = "Point of distortion"
    else:  # distortions come greatest reach first
        chosen = next((d for d in distortions if d.states), None)
        title = "Stated distortion"
    if chosen is not None:
        found.append(marker("point", chosen.report, f"{title}: {_who(story, chosen.report)}"))
        for planted in chosen.planted:
            found.append(marker("planted", planted, f"Planted: {_who(story, planted)}"))
    if first_rebuttal is not None:
        found.append(marker("first_rebuttal", first_rebuttal,
                            f"First rebuttal: {_who(story, first_rebuttal)}"))
    return tuple(found)


def _caption(carrying: int, after: int, undated: int, rebutted: bool,
             first_time: PublicationTime | None) -> str:
    more = (f"; {undated:,} more carrying it {'have' if undated != 1 else 'has'} no date"
            if undated else "")
    if carrying == 0:
        if undated:
            return f"{undated:,} report{'s' if undated != 1 else ''} carrying a distorted " \
                   "version, none dated"
        return "No report carries a distorted version of this claim"
    if not rebutted:
        return f"{carrying:,} report{'s' if carrying != 1 else ''} carrying a distorted " \
               f"version; nothing rebuts it{more}"
    if first_time is None:
        return f"{carrying:,} report{'s' if carrying != 1 else ''} carrying a distorted " \
               f"version; no rebuttal has a date{more}"
    return (f"{after:,} of {carrying:,} report{'s' if carrying != 1 else ''} carrying it came "
            f"after the first denial ({time_text(first_time)}){more}")


def _notes(reports: int, dated: int, spans: int, without_offset: int, weight: str,
           unknown: int, counted: int, width: float | None, capped: int = 0
           ) -> tuple[str, ...]:
    notes: list[str] = []
    undated = reports - dated
    if undated and dated:
        notes.append(f"{undated:,} of {reports:,} reports have no date and are not on the "
                     "time axis.")
    if spans:
        notes.append(f"{spans:,} report{'s are' if spans != 1 else ' is'} dated only to a "
                     "day, month or year: counted from the start of that span, drawn as a bar "
                     "across it.")
    if without_offset:
        notes.append(f"{without_offset:,} time{'s give' if without_offset != 1 else ' gives'} "
                     "no UTC offset: placed at the clock time read as UTC (it may be up to "
                     "14 hours earlier or 12 hours later).")
    if weight == "audience":
        note = (f"Weighted by audience: {unknown:,} of {counted:,} reports' actors have "
                "no known audience and count 0." if unknown else
                "Weighted by audience (every actor's audience is known).")
        if capped:
            note += (f" {capped:,} actor{'s have' if capped != 1 else ' has'} an audience "
                     f"past {AUDIENCE_CAP:,.0f}, counted as {AUDIENCE_CAP:,.0f}.")
        notes.append(note)
    if width is not None:
        notes.append(f"Counts binned by {_duration(width)} (a bin's reports counted from its "
                     "start).")
    return tuple(notes)


def _duration(seconds: float) -> str:
    for size, name in ((365 * _DAY, "year"), (91 * _DAY, "quarter"), (30 * _DAY, "month"),
                       (7 * _DAY, "week"), (_DAY, "day"), (3600.0, "hour"), (60.0, "minute")):
        if seconds >= size and seconds % size == 0 or seconds == size:
            count = int(seconds // size)
            return f"{count} {name}s" if count != 1 else f"1 {name}"
    return str(timedelta(seconds=seconds))
