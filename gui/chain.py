"""The chain: report cards and links in a QGraphicsScene, placed by the library's layout.

Items only paint; they are keyed by the model's ids. Text is drawn with
``QPainter.drawText`` (plain text: nothing from a story is interpreted as HTML)
and only when the zoom makes it legible (level of detail).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from provenance import style
from provenance.analysis import Analysis
from provenance.layout import Card, Layout, Route
from provenance.model import Story

#: Below this scale, card text is not drawn (it would be unreadable anyway).
TEXT_LOD = 0.45
SELECTED_COLOR = "#1F78B4"


def _font(pixels: int, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


_BOLD = _font(13, True)
_PLAIN = _font(12, False)


def _elide(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ReportItem(QGraphicsRectItem):
    """One report's card. ``report_id`` keys it to the model.

    The box is painted by Qt; the text only when the zoom makes it legible.
    """

    def __init__(self, card: Card, lines: list[str], fill: str) -> None:
        super().__init__(0, 0, card.width, card.height)
        self.report_id = card.report
        self.card = card
        self.lines = lines
        self.setPos(card.x, card.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        # Panning repaints from a pixmap instead of calling paint() again.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.base_fill = fill
        self.base_border = "#5A5A5A"
        self.base_width = 1.0
        self.highlighted = False
        self.apply(fill, self.base_border, self.base_width)

    def apply(self, fill: str, border: str, width: float) -> None:
        """Set the card's colours (the lenses call this)."""
        self.current_fill = fill
        self.current_border = (border, width)
        self.setBrush(QBrush(QColor(fill)))
        if not self.highlighted:
            self.setPen(QPen(QColor(border), width))

    def set_highlight(self, on: bool) -> None:
        """Show (or stop showing) the card as the selected one."""
        self.highlighted = on
        if on:
            self.setPen(QPen(QColor(SELECTED_COLOR), 4.0))
            self.setZValue(3)
        else:
            border, width = self.current_border
            self.setPen(QPen(QColor(border), width))
            self.setZValue(1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        # Without Qt's dashed selection frame: the selection has its own pen.
        option.state &= ~QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        super().paint(painter, option, widget)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())  # type: ignore[attr-defined]
        if lod < TEXT_LOD:
            return
        painter.setPen(QColor(style.CARD_TEXT_COLOR))
        rect = self.rect().adjusted(8, 5, -8, -4)
        line_height = rect.height() / max(1, len(self.lines))
        for i, line in enumerate(self.lines):
            painter.setFont(_BOLD if i == 0 else _PLAIN)
            painter.drawText(
                QRectF(rect.left(), rect.top() + i * line_height, rect.width(), line_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight,
                                                 int(rect.width())),
            )


class LinkLabel(QGraphicsItem):
    """A short label on a link (its relation, or the distortion's change), on a white tab."""

    def __init__(self, parent: QGraphicsItem, at: QPointF, text: str, color: str,
                 bold: bool) -> None:
        super().__init__(parent)
        self.label = text
        self.color = color
        self.bold = bold
        self.font = QFont()
        self.font.setPixelSize(11 if bold else 10)
        self.font.setBold(bold)
        width = QFontMetricsF(self.font).horizontalAdvance(text) + 8
        self._rect = QRectF(at.x() - width / 2, at.y() - 8, width, 16)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())  # type: ignore[attr-defined]
        if lod < TEXT_LOD * 1.3:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(self.font)
        painter.setPen(QColor(self.color))
        painter.drawText(self._rect, int(Qt.AlignmentFlag.AlignCenter), self.label)


class LinkItem(QGraphicsPathItem):
    """One link, drawn along its route with an arrowhead at the target."""

    def __init__(self, route: Route, color: str, width: float, dashed: bool, alpha: float,
                 label: str | None, distortion: bool) -> None:
        path = QPainterPath(QPointF(*route.points[0]))
        for x, y in route.points[1:]:
            path.lineTo(x, y)
        # An open arrowhead, part of the same stroke.
        (x0, y0), (x1, y1) = route.points[-2], route.points[-1]
        end = QPointF(x1, y1)
        direction = QPointF(x1 - x0, y1 - y0)
        length = max(1e-6, (direction.x() ** 2 + direction.y() ** 2) ** 0.5)
        ux, uy = direction.x() / length, direction.y() / length
        size = 9.0
        for side in (1, -1):
            path.moveTo(end)
            path.lineTo(x1 - size * ux - side * size * 0.5 * uy,
                        y1 - size * uy + side * size * 0.5 * ux)
        super().__init__(path)
        self.key = (route.source, route.target)
        self.route = route
        self.distortion = distortion
        qcolor = QColor(color)
        qcolor.setAlphaF(alpha)
        pen = QPen(qcolor, width)
        pen.setCosmetic(False)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.base_pen = pen
        self.setPen(pen)
        self.setZValue(2 if distortion else 0)
        if label:
            # On the longest straight stretch, where it is least likely to touch a card.
            pairs = list(zip(route.points, route.points[1:], strict=False))
            (ax, ay), (bx, by) = max(pairs, key=lambda p: abs(p[1][0] - p[0][0]))
            self.label = LinkLabel(self, QPointF((ax + bx) / 2, (ay + by) / 2), label,
                                   color if distortion else "#404040", distortion)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self.path())

    def set_highlight(self, on: bool) -> None:
        """Show (or stop showing) the link as the selected one."""
        if on:
            pen = QPen(self.base_pen)
            pen.setColor(QColor(SELECTED_COLOR))
            pen.setWidthF(self.base_pen.widthF() + 2)
            self.setPen(pen)
        else:
            self.setPen(self.base_pen)


class ChainScene(QGraphicsScene):
    """The whole story as items, built once per story (never cleared: replaced)."""

    def __init__(self, story: Story, analysis: Analysis, layout: Layout) -> None:
        super().__init__()
        self.story = story
        self.analysis = analysis
        self.layout = layout
        self.reports: dict[str, ReportItem] = {}
        self.links: dict[tuple[str, str], LinkItem] = {}
        self.setBackgroundBrush(QBrush(QColor("#FFFFFF")))
        margin = 60.0
        self.setSceneRect(QRectF(-margin, -margin - 30, layout.width + 2 * margin,
                                 layout.height + 2 * margin + 30))
        actors = {a.id: a for a in story.actors}
        distorted = {d.report: d for d in reversed(analysis.distortions)}
        point = analysis.point_of_distortion
        change_on: dict[tuple[str, str], str] = {}
        for d in analysis.distortions:
            label = ("invented" if d.before is None
                     else f"{d.before.value} → {d.after.value}")
            for s in d.sources:
                change_on.setdefault((s, d.report), label)
        show_relations = len(layout.routes) <= 2000
        for route in layout.routes:
            rel = style.RELATION_STYLES[route.relation]
            key = (route.source, route.target)
            label = change_on.get(key)
            is_distortion = label is not None
            color = style.DISTORTION_COLOR if is_distortion else rel.color
            width = rel.width * (2.2 if is_distortion else 1.0)
            text = label if is_distortion else (rel.label if show_relations else None)
            item = LinkItem(route, color, width, rel.dashed, style.link_alpha(route.confidence),
                            text, is_distortion)
            self.addItem(item)
            self.links[key] = item
        for report in story.reports:
            card = layout.cards[report.id]
            actor = actors.get(report.actor)
            kind = actor.kind if actor is not None else None
            fill = style.ACTOR_COLORS[kind] if kind is not None else style.GREYED_COLOR
            name = actor.name if actor is not None else report.actor
            second = report.kind.value.replace("_", " ")
            if report.published is not None:
                second += f" · {report.published.text[:16].replace('T', ' ')}"
            lines = [_elide(name, 60), second]
            if report.title:
                lines.append(_elide(report.title, 80))
            item = ReportItem(card, lines, fill)
            if report.id in distorted:
                item.base_border = style.DISTORTION_COLOR
                item.base_width = 2.5
                item.apply(fill, item.base_border, item.base_width)
            item.setZValue(1)
            self.addItem(item)
            self.reports[report.id] = item
        self.point_marker: QGraphicsRectItem | None = None
        if point is not None:
            card = layout.cards[point.report]
            halo = QGraphicsRectItem(card.x - 7, card.y - 7, card.width + 14, card.height + 14)
            pen = QPen(QColor(style.POINT_COLOR), 5)
            pen.setCosmetic(True)  # as thick on screen at any zoom: the eye goes here first
            halo.setPen(pen)
            halo.setBrush(QBrush(QColor(255, 230, 230)))
            halo.setZValue(0.5)
            self.addItem(halo)
            tag = self.addSimpleText("POINT OF DISTORTION")
            font = QFont()
            font.setPixelSize(12)
            font.setBold(True)
            tag.setFont(font)
            tag.setBrush(QBrush(QColor(style.POINT_COLOR)))
            tag.setPos(card.x, card.y - 26)
            tag.setZValue(4)
            # Readable at any zoom, like a map pin.
            tag.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
            self.point_marker = halo
        for planted in analysis.planted:
            card = layout.cards[planted]
            mark = QGraphicsRectItem(card.x - 4, card.y - 4, card.width + 8, card.height + 8)
            pen = QPen(QColor(style.PLANTED_COLOR), 3, Qt.PenStyle.DashLine)
            mark.setPen(pen)
            mark.setZValue(0.5)
            self.addItem(mark)

    def restore_colours(self) -> None:
        """Back to the colours by actor kind (no claim lens)."""
        for item in self.reports.values():
            item.apply(item.base_fill, item.base_border, item.base_width)

    def set_dimmed(self, dimmed: set[str] | frozenset[str]) -> None:
        """Dim these reports (and links touching them); show all others fully."""
        for rid, item in self.reports.items():
            item.setOpacity(0.15 if rid in dimmed else 1.0)
        for (s, t), link in self.links.items():
            link.setOpacity(0.1 if (s in dimmed or t in dimmed) else 1.0)


class ChainView(QGraphicsView):
    """Zoom (wheel, Ctrl +/-), pan (drag), fit (F), and keys to walk along links."""

    navigate = Signal(str)  # "left", "right", "up", "down"
    link_clicked = Signal(object)  # (source id, target id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def zoom(self, factor: float) -> None:
        """Zoom by ``factor``, within sensible limits."""
        current = self.transform().m11()
        factor = max(0.01 / current, min(8.0 / current, factor))
        self.scale(factor, factor)

    def fit(self) -> None:
        """Show the whole chain."""
        scene = self.scene()
        if scene is not None:
            self.fitInView(scene.itemsBoundingRect().adjusted(-30, -40, 30, 30),
                           Qt.AspectRatioMode.KeepAspectRatio)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, (ReportItem, LinkItem)):
            item = item.parentItem()
        if isinstance(item, LinkItem) and event.button() == Qt.MouseButton.LeftButton:
            self.link_clicked.emit(item.key)
            event.accept()
            return
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(1.15 ** steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        keys = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Up: "up",
                Qt.Key.Key_Down: "down"}
        direction = keys.get(Qt.Key(event.key()))
        if direction is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.navigate.emit(direction)
            event.accept()
            return
        super().keyPressEvent(event)
