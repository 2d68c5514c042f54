"""The Timeline dock: the story's spread over time, linked to the Replay slider.

It paints the library's description (:func:`provenance.drawing.timeline.describe_timeline`),
the same one ``provenance timeline`` draws: the claim lens's claim (else the first claim
on the timeline), its cumulative series, its markers, and a strip with a dot per dated
report (a bar across a date's span). A cursor shows the replay's moment. Dragging or
clicking on the chart asks for a replay moment (:attr:`TimelinePanel.moment_chosen`,
an index into the view state's times: the library's
:meth:`~provenance.drawing.timeline.Timeline.replay_index`); clicking a report's dot asks
for that report (:attr:`TimelinePanel.report_chosen`). The description is worked out when
the dock is first painted after the story changed, not on every edit while it is hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from provenance.analysis import Analysis
from provenance.drawing import style
from provenance.drawing.timeline import (
    MARKER_COLORS,
    ClaimTimeline,
    Timeline,
    describe_timeline,
    placed,
)
from provenance.model import Story
from provenance.view import ViewState
from provenance.wording import report_label, time_text

from .panels import plain_tip

__all__ = ["TimelinePanel"]

# Rows of the strip, top to bottom, as in the printed chart.
_ROWS = ("states", "hints", "distorted", "rebuts")
_LEFT, _RIGHT, _TOP, _STRIP, _AXIS = 58.0, 14.0, 36.0, 48.0, 20.0
#: How near (pixels) a click must be to a report's dot to select it.
HIT_PIXELS = 5.0
#: Above this many reports the strip is painted as single pixels (a density).
DENSE = 2000


class TimelinePanel(QWidget):
    """The chart of one claim's spread over time, with the replay's cursor."""

    #: The replay moment asked for: an index into :attr:`ViewState.times`.
    moment_chosen = Signal(int)
    #: A report's dot was clicked.
    report_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(320, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self._story: Story | None = None
        self._analysis: Analysis | None = None
        self._timeline: Timeline | None = None
        self._state: ViewState | None = None
        #: The chart without the cursor, and what it was painted for.
        self._chart: tuple[object, QPixmap] | None = None

    # ------------------------------------------------------------ the model
    def show_story(self, story: Story, analysis: Analysis, state: ViewState) -> None:
        """A new story (or an edit): the description is worked out again when painted."""
        self._story, self._analysis, self._timeline = story, analysis, None
        self._state = state
        self.update()

    def show_state(self, state: ViewState) -> None:
        """The claim lens or the replay moment may have changed."""
        self._state = state
        self.update()

    @property
    def timeline(self) -> Timeline | None:
        """The description painted (every claim), worked out on first use."""
        if self._timeline is None and self._story is not None and self._analysis is not None:
            self._timeline = describe_timeline(self._story, self._analysis)
        return self._timeline

    @property
    def claim(self) -> ClaimTimeline | None:
        """The claim drawn: the claim lens's, else the first with a dated report."""
        timeline = self.timeline
        if timeline is None:
            return None
        chosen = self._state.claim if self._state is not None else None
        for item in timeline.claims:
            if item.claim == chosen and item.points:
                return item
        return next((item for item in timeline.claims if item.points), None)

    @property
    def cursor_span(self) -> tuple[float, float] | None:
        """Where the replay's cursor is (UTC seconds): its moment's span (a day, for a
        date), or the end of the timeline when every report is shown."""
        timeline = self.timeline
        if timeline is None or timeline.end is None:
            return None
        if self._state is None or self._state.moment is None:
            return timeline.end, timeline.end
        return placed(self._state.moment)

    # ------------------------------------------------------------ geometry
    def _plot(self) -> QRectF:
        return QRectF(_LEFT, _TOP, max(1.0, self.width() - _LEFT - _RIGHT),
                      max(1.0, self.height() - _TOP - _STRIP - _AXIS))

    def _range(self) -> tuple[float, float]:
        timeline = self.timeline
        assert timeline is not None and timeline.start is not None and timeline.end is not None
        pad = max((timeline.end - timeline.start) * 0.03, 60.0)
        return timeline.start - pad, timeline.end + pad

    def _scale(self) -> tuple[float, float]:
        """(a, b) with a time's pixel column a * seconds + b."""
        low, high = self._range()
        plot = self._plot()
        a = plot.width() / (high - low)
        return a, plot.left() - low * a

    def x_of(self, seconds: float) -> float:
        """The pixel column of a time (UTC seconds)."""
        a, b = self._scale()
        return a * seconds + b

    def seconds_at(self, x: float) -> float:
        """The time (UTC seconds) at a pixel column."""
        low, high = self._range()
        plot = self._plot()
        return low + (x - plot.left()) / plot.width() * (high - low)

    def row_y(self, series: str) -> float:
        """The strip row of a series."""
        plot = self._plot()
        step = _STRIP / (len(_ROWS) + 1)
        return plot.bottom() + step * (_ROWS.index(series) + 1)

    # ------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        # The chart is painted once per story, claim and size; a replay only moves the
        # cursor drawn over it (a slider dragged through 100,000 reports stays smooth).
        timeline, claim = self.timeline, self.claim
        key = (id(timeline), claim.claim if claim is not None else None, self.size().toTuple())
        if self._chart is None or self._chart[0] != key:
            pixmap = QPixmap(self.size())
            pixmap.fill(QColor(style.LABEL_BACKGROUND))
            chart = QPainter(pixmap)
            chart.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            chart.setFont(self.font())
            self._paint_chart(chart, timeline, claim)
            chart.end()
            self._chart = (key, pixmap)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._chart[1])
        if claim is not None:
            self._paint_cursor(painter)
        painter.end()

    def _paint_chart(self, painter: QPainter, timeline: Timeline | None,
                     claim: ClaimTimeline | None) -> None:
        if timeline is None or claim is None:
            message = ("Open a story to see its spread over time" if timeline is None
                       else timeline.empty_message)
            painter.setPen(QColor(style.GREYED_TEXT_COLOR))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, message)
            return
        plot = self._plot()
        top = max((s.total for s in claim.series), default=0.0) or 1.0
        painter.setPen(QColor(style.CARD_TEXT_COLOR))
        metrics = painter.fontMetrics()
        title = metrics.elidedText(claim.text, Qt.TextElideMode.ElideRight,
                                   int(self.width() - 12))
        painter.drawText(QPointF(6, 14), title)
        painter.setPen(QColor(style.LINK_LABEL_COLOR))
        painter.drawText(QPointF(6, 29), metrics.elidedText(
            claim.caption, Qt.TextElideMode.ElideRight, int(self.width() - 12)))
        # Axes.
        painter.setPen(QPen(QColor(style.GREYED_EDGE_COLOR), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawText(QRectF(0, plot.top() - 6, _LEFT - 4, 14),
                         Qt.AlignmentFlag.AlignRight, f"{top:,.0f}")
        painter.drawText(QRectF(0, plot.bottom() - 8, _LEFT - 4, 14),
                         Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(QRectF(plot.left(), self.height() - _AXIS, plot.width(), _AXIS),
                         Qt.AlignmentFlag.AlignCenter, timeline.axis_label)
        end_x = self.x_of(timeline.end or 0.0)
        a, b = self._scale()
        for series in claim.series:
            if not series.steps:
                continue
            line = QPolygonF()
            line.append(QPointF(a * series.steps[0][0] + b, plot.bottom()))
            last = 0.0
            for at, value in series.steps:
                x = a * at + b
                line.append(QPointF(x, plot.bottom() - last / top * plot.height()))
                last = value
                line.append(QPointF(x, plot.bottom() - last / top * plot.height()))
            line.append(QPointF(end_x, plot.bottom() - last / top * plot.height()))
            painter.setPen(QPen(QColor(series.color), 2))
            painter.drawPolyline(line)
        self._paint_strip(painter, claim)
        for marker in claim.markers:
            if marker.start is None:
                continue
            x = self.x_of(marker.start)
            pen = QPen(QColor(MARKER_COLORS[marker.kind]), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom() + _STRIP))

    def _paint_strip(self, painter: QPainter, claim: ClaimTimeline) -> None:
        # The strip: a dot per dated report, a bar across a date's span; rows named.
        colours = {s.name: QColor(s.color) for s in claim.series}
        small = painter.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.75))
        painter.setFont(small)
        for name in _ROWS:
            painter.setPen(colours[name])
            painter.drawText(QRectF(0, self.row_y(name) - 7, _LEFT - 5, 14),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        points = claim.points
        a, b = self._scale()
        rows = {name: self.row_y(name) for name in _ROWS}
        if len(points) > DENSE:  # a density: one pixel per report, no spans
            dots: dict[str, list[QPointF]] = {}
            for name, start in zip(points.series, points.starts, strict=True):
                dots.setdefault(name, []).append(QPointF(a * start + b, rows[name]))
            for name, spots in dots.items():
                painter.setPen(QPen(colours[name], 2))
                painter.drawPoints(spots)
            return
        for name, start, stop in zip(points.series, points.starts, points.ends, strict=True):
            y = rows[name]
            painter.setPen(QPen(colours[name], 2))
            if stop - start > 60:
                painter.drawLine(QPointF(a * start + b, y), QPointF(a * stop + b, y))
            painter.setBrush(colours[name])
            painter.drawEllipse(QPointF(a * start + b, y), 2.5, 2.5)

    def _paint_cursor(self, painter: QPainter) -> None:
        """The replay's cursor: a line at its moment, with a band across a date's span."""
        cursor = self.cursor_span
        if cursor is None:
            return
        plot = self._plot()
        x, x_end = self.x_of(cursor[0]), self.x_of(cursor[1])
        if cursor[1] - cursor[0] > 60:  # a date: its whole span, not a made-up instant
            band = QColor(style.CARD_TEXT_COLOR)
            band.setAlphaF(0.12)
            painter.fillRect(QRectF(x, plot.top() - 4, max(1.0, x_end - x),
                                    plot.height() + _STRIP + 4), band)
        painter.setPen(QPen(QColor(style.CARD_TEXT_COLOR), 2))
        painter.drawLine(QPointF(x, plot.top() - 4), QPointF(x, plot.bottom() + _STRIP))

    # ------------------------------------------------------------ the user
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self.claim is None:
            super().mousePressEvent(event)
            return
        hit = self.report_at(event.position())
        if hit is not None:
            self.report_chosen.emit(hit)
        else:
            self._choose_moment(event.position().x())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton and self.claim is not None:
            self._choose_moment(event.position().x())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def report_at(self, where: QPointF) -> str | None:
        """The report whose dot (or span) is under a point of the widget, if any."""
        claim = self.claim
        if claim is None:
            return None
        seconds = self.seconds_at(where.x())
        within = abs(self.seconds_at(where.x() + HIT_PIXELS) - seconds)
        best: str | None = None
        for name in _ROWS:
            if abs(where.y() - self.row_y(name)) > HIT_PIXELS:
                continue
            points = claim.points
            for at in range(len(points)):
                if points.series[at] != name:
                    continue
                start, stop = points.starts[at], points.ends[at]
                if start - within <= seconds <= max(stop, start + within):
                    best = points.reports[at]
                    if abs(start - seconds) <= within:
                        return best
        return best

    def tip_at(self, where: QPointF) -> str | None:
        """What hovering at a point says (plain text): the report under it, with its date,
        or the marker whose line is there."""
        claim, story = self.claim, self._story
        if claim is None or story is None:
            return None
        hit = self.report_at(where)
        if hit is not None:
            report = story.report(hit)
            when = time_text(report.published) if report.published is not None else ""
            return f"{report_label(story, hit)}\n{when}".strip()
        for marker in claim.markers:
            if marker.start is not None and abs(self.x_of(marker.start) - where.x()) <= 3:
                return marker.label
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), plain_tip(tip), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _choose_moment(self, x: float) -> None:
        timeline = self.timeline
        if timeline is None or self._state is None or not self._state.times:
            return
        self.moment_chosen.emit(timeline.replay_index(self._state.times, self.seconds_at(x)))
