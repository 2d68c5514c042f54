"""Paint the timeline with matplotlib: a claim's spread against its rebuttals.

:func:`draw_timeline` describes the story's timeline
(:func:`~provenance.drawing.timeline.describe_timeline`) and paints it;
:func:`paint_timeline` paints a description already made; :func:`save_timeline` writes
PNG, SVG or PDF atomically (through :mod:`provenance.output`). :func:`timeline` is
``provenance.timeline(story)``: the drawing a notebook shows as its chart.

Each claim is a panel: cumulative steps for the reports that state it, only imply or
question it, carry a distorted version, and rebut it, in the diagrams' colours
(:mod:`provenance.drawing.style`); below the steps, a strip with one dot per dated
report (a bar across the span for a date without a time of day); dashed lines mark the
point of distortion, the planted reports and the first rebuttal, labelled above. The
caption share is under the panel's title, the notes (undated reports, spans, offsets,
audiences, binning) under the chart. A story with no dates is one sentence, not an
empty chart. At most :data:`MAX_PANELS` claims are drawn; a note names how many more
there are.

Examples
--------
>>> import provenance
>>> story = provenance.load("samples/science-press-release.json")
>>> drawing = draw_timeline(story)
>>> drawing.labels["caption:coffee-protects"].get_text()
'1 of 5 reports carrying it came after the first denial (2024-03-06 10:00 +00:00)'
>>> sorted(name for claim, name in drawing.lines if claim == "coffee-protects")
['distorted', 'hints', 'rebuts']
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..analysis import Analysis
from ..model import Story
from ..wording import clip
from . import style
from ._text import _font_family, _wrap
from .mpl import _save, _save_format, same_ids
from .timeline import MARKER_COLORS, ClaimTimeline, Timeline, describe_timeline

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = ["TimelineDrawing", "draw_timeline", "paint_timeline", "save_timeline", "timeline",
           "timeline_format", "timeline_svg", "save_timeline_picture", "MAX_PANELS"]

#: The most claims drawn, one panel each.
MAX_PANELS = 4
#: Above this many dots a strip draws them small and faint (a density, not points).
_DENSE = 2000
_WIDTH = 10.0
_PANEL = 3.3
_STRIP = 0.85
_RAW: dict[str, Any] = {"parse_math": False, "usetex": False}
# Row of each series in a panel's strip, top to bottom.
_ROWS = {"states": 3, "hints": 2, "distorted": 1, "rebuts": 0}


@attrs.frozen(eq=False)
class TimelineDrawing:
    """What :func:`draw_timeline` drew, with the artists keyed by claim."""

    figure: Figure
    timeline: Timeline
    #: One curve per (claim, series) that has a dated report.
    lines: Mapping[tuple[str, str], Artist]
    #: One dashed line per (claim, marker kind, report) that has a date.
    markers: Mapping[tuple[str, str, str], Artist]
    #: ``title``, ``claim:ID``, ``caption:ID``, and ``empty`` for a chart with nothing
    #: to draw.
    labels: Mapping[str, Text]
    #: The curves' axes and the strips' axes, by claim.
    axes: Mapping[str, Axes]
    strips: Mapping[str, Axes]
    #: The sentences written under the chart (the description's notes, and claims left out).
    notes: tuple[str, ...] = ()
    dpi: float = 150.0

    def __repr__(self) -> str:
        width, height = self.figure.get_size_inches()
        what = (f"{len(self.axes)} claim{'' if len(self.axes) == 1 else 's'}"
                if self.axes else self.timeline.empty_message.lower())
        return f"<TimelineDrawing: {what}, {width:.1f} × {height:.1f} in>"

    def _repr_png_(self) -> bytes:
        """Jupyter shows a timeline as its chart."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def draw_timeline(story: Story, analysis: Analysis | None = None, *, claim: str | None = None,
                  weight: str = "reports") -> TimelineDrawing:
    """Describe the story's timeline and paint it on a new figure.

    Parameters are those of :func:`~provenance.drawing.timeline.describe_timeline`.

    Raises
    ------
    ProvenanceError
        If ``claim`` is not a claim of the story, or ``weight`` is unknown.
    """
    return paint_timeline(describe_timeline(story, analysis, claim=claim, weight=weight))


def timeline(story: Story, analysis: Analysis | None = None, *, claim: str | None = None,
             weight: str = "reports") -> TimelineDrawing:
    """``provenance.timeline(story)``: the timeline chart, which a notebook shows.

    >>> import provenance
    >>> provenance.timeline(provenance.load("samples/syria-joint-strike.json"))
    <TimelineDrawing: 2 claims, 10.0 × 10.8 in>
    """
    return draw_timeline(story, analysis, claim=claim, weight=weight)


def save_timeline(story: Story, path: str | os.PathLike[str],
                  analysis: Analysis | None = None, *, claim: str | None = None,
                  weight: str = "reports", dpi: float | None = None) -> Path:
    """Draw the timeline and write it as PNG, SVG or PDF (by the suffix), atomically.

    Raises
    ------
    ProvenanceError
        If the suffix is not ``.png``, ``.svg`` or ``.pdf``, ``claim`` or ``weight`` is
        unknown, or the file cannot be written.
    """
    _save_format(Path(path))
    return save_timeline_picture(describe_timeline(story, analysis, claim=claim, weight=weight),
                                 path, dpi=dpi)


def save_timeline_picture(described: Timeline, path: str | os.PathLike[str], *,
                          dpi: float | None = None) -> Path:
    """Paint a timeline description and write it (as :func:`save_timeline`)."""
    _save_format(Path(path))
    drawing = paint_timeline(described)
    return _save(drawing, path, dpi)  # type: ignore[arg-type]  # figure and dpi suffice


def timeline_svg(described: Timeline) -> str:
    """The chart of a timeline description as SVG text (self-contained: no fonts or
    images fetched), for a page to inline."""
    buffer = io.BytesIO()
    with same_ids():  # the same text every time
        paint_timeline(described).figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def timeline_format(path: str | os.PathLike[str]) -> str:
    """The format (``png``, ``svg``, ``pdf``) a path's suffix asks for.

    Raises
    ------
    ProvenanceError
        For any other suffix (the same rule as :func:`provenance.drawing.mpl.save_drawing`).
    """
    return _save_format(Path(path))


def paint_timeline(described: Timeline) -> TimelineDrawing:
    """Paint a :class:`~provenance.drawing.timeline.Timeline` on a new figure."""
    from matplotlib.figure import Figure

    family = _font_family()
    panels = [c for c in described.claims if c.points][:MAX_PANELS]
    notes = list(described.notes) if panels else []  # nothing drawn: nothing to qualify
    for claim in panels:
        for marker in claim.markers:
            if marker.start is None:
                notes.append(f"{marker.label}: no date, so not marked on the axis.")
    hidden = sum(1 for c in described.claims if c.points) - len(panels)
    if hidden:
        notes.append(f"{hidden:,} more claim{'s' if hidden != 1 else ''} not drawn: choose "
                     "one with --claim.")
    note_lines = [line for note in notes for line in _wrap(note, _WIDTH * 72 - 60, 8.5, 3)]
    header, footer = 0.55, 0.35 + 0.16 * len(note_lines)
    each = _PANEL + _STRIP + 0.55
    height = header + footer + (each * len(panels) if panels else 1.1)
    figure = Figure(figsize=(_WIDTH, height), facecolor="white")
    labels: dict[str, Text] = {}
    labels["title"] = figure.text(0.5, 1 - 0.3 / height, clip(described.title, 110),
                                  ha="center", va="center", fontsize=13, fontweight="bold",
                                  family=family, **_RAW)
    lines: dict[tuple[str, str], Artist] = {}
    markers: dict[tuple[str, str, str], Artist] = {}
    axes: dict[str, Axes] = {}
    strips: dict[str, Axes] = {}
    if not panels:
        labels["empty"] = figure.text(0.5, (footer + 0.55) / height, described.empty_message,
                                      ha="center", va="center", fontsize=12, family=family,
                                      color=style.GREYED_TEXT_COLOR, **_RAW)
    left, right = 0.8 / _WIDTH, 1 - 0.3 / _WIDTH
    top = height - header
    for claim in panels:
        strip_bottom = top - each + 0.55
        ax = figure.add_axes((left, (strip_bottom + _STRIP) / height, right - left,
                              (_PANEL - 0.95) / height))
        strip = figure.add_axes((left, strip_bottom / height, right - left, _STRIP / height),
                                sharex=ax)
        labels[f"claim:{claim.claim}"] = figure.text(
            left, (top - 0.12) / height, clip(claim.text, 120), fontsize=10.5,
            fontweight="bold", family=family, va="top", **_RAW)
        labels[f"caption:{claim.claim}"] = figure.text(
            left, (top - 0.36) / height, claim.caption, fontsize=9.5, family=family, va="top",
            color=style.CARD_TEXT_COLOR, **_RAW)
        _panel(described, claim, ax, strip, lines, markers, family)
        axes[claim.claim], strips[claim.claim] = ax, strip
        top -= each
    for at, line in enumerate(note_lines):
        figure.text(left, (footer - 0.2 - 0.16 * at) / height, line, fontsize=8.5,
                    family=family, color=style.LINK_LABEL_COLOR, va="center", **_RAW)
    return TimelineDrawing(figure, described, lines, markers, labels, axes, strips,
                           tuple(notes))


def _panel(described: Timeline, claim: ClaimTimeline, ax: Axes, strip: Axes,
           lines: dict[tuple[str, str], Artist], markers: dict[tuple[str, str, str], Artist],
           family: tuple[str, ...]) -> None:
    assert described.start is not None and described.end is not None  # a panel has points
    end = described.axis_value(described.end)
    begin = described.axis_value(described.start)
    # One instant: an hour (a day) either side, not ticks of thousandths of an hour.
    pad = max((end - begin) * 0.03, 0.02) if described.end - described.start > 1 else 1.0
    for series in claim.series:
        if not series.steps:
            continue
        xs = [described.axis_value(t) for t, _ in series.steps]
        ys = [v for _, v in series.steps]
        xs = [xs[0]] + xs + [end]
        ys = [0.0] + ys + [ys[-1]]
        total = (f"{series.total:,.0f}" if described.weight == "reports"
                 else _count_formatter()(series.total, 0))
        (line,) = ax.plot(xs, ys, drawstyle="steps-post", color=series.color, linewidth=2.0,
                          label=f"{series.label} ({total})", zorder=3)
        lines[(claim.claim, series.name)] = line
    ax.set_xlim(begin - pad, end + pad)
    highest = max((series.total for series in claim.series), default=0.0) or 1.0
    ax.set_ylim(0, highest * 1.22)  # room above the curves for the markers' labels
    ax.set_ylabel("Audience (cumulative)" if described.weight == "audience"
                  else "Reports (cumulative)", fontsize=9, family=family)
    ax.yaxis.set_major_formatter(_count_formatter())

    ax.tick_params(labelbottom=False, labelsize=8.5)
    ax.grid(True, color="#EEEEEE", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    if described.weight == "reports":
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if any(key[0] == claim.claim for key in lines):  # above the axes, clear of the curves
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, fontsize=8.5,
                  frameon=False, prop={"family": family, "size": 8.5}, borderaxespad=0.2,
                  handlelength=1.5, columnspacing=1.2)
    # The strip: one row per series; instants as dots, spans as bars.
    points = claim.points
    dense = len(points) > _DENSE
    colors = {series.name: series.color for series in claim.series}
    dots: dict[str, list[float]] = {}
    for name, start, stop in zip(points.series, points.starts, points.ends, strict=True):
        if stop - start > 60 and not dense:  # a day, month or year: a bar across it
            row, color = _ROWS[name], colors[name]
            strip.plot([described.axis_value(start), described.axis_value(stop)], [row, row],
                       color=color, linewidth=4, alpha=0.45, solid_capstyle="butt")
            strip.plot([described.axis_value(start)], [row], marker="|", color=color,
                       markersize=9)
        else:
            dots.setdefault(name, []).append(described.axis_value(start))
    for name, xs in dots.items():
        strip.scatter(xs, [_ROWS[name]] * len(xs), s=4 if dense else 22, color=colors[name],
                      alpha=0.25 if dense else 0.9, linewidths=0, zorder=3)
    strip.set_ylim(-0.7, 3.7)
    strip.set_yticks([3, 2, 1, 0], ["states", "hints", "distorted", "rebuts"])
    strip.tick_params(labelsize=7.5)
    strip.spines[["top", "right"]].set_visible(False)
    strip.set_xlabel(described.axis_label, fontsize=9, family=family)
    # Markers: dashed lines, labels staggered so that close ones do not overlap.
    used: list[tuple[float, int]] = []
    span = (end - begin + 2 * pad) or 1.0
    for marker in claim.markers:
        if marker.start is None:
            continue
        x = described.axis_value(marker.start)
        color = MARKER_COLORS[marker.kind]
        line = ax.axvline(x, color=color, linestyle="--", linewidth=1.3, zorder=1)
        strip.axvline(x, color=color, linestyle="--", linewidth=1.0, zorder=1)
        markers[(claim.claim, marker.kind, marker.report)] = line
        level = 0
        while any(abs(x - ux) / span < 0.28 and lv == level for ux, lv in used):
            level += 1
        used.append((x, level))
        ax.annotate(clip(marker.label, 60), (x, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(4, -12 - 12 * level), textcoords="offset points", fontsize=8,
                    color=color, family=family, ha="left" if (x - begin) / span < 0.6
                    else "right", va="center", annotation_clip=False,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.85}, zorder=2, **_RAW)  # under the curves


def _count_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    def fmt(value: float, _pos: int) -> str:
        for size, suffix in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
            if abs(value) >= size:
                return f"{value / size:.3g}{suffix}"
        return f"{value:.3g}"

    return FuncFormatter(fmt)
