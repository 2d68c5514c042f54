"""The chain: report cards and links in a QGraphicsScene, placed by the library's layout.

Items only paint what the library's :class:`~provenance.drawing.picture.Picture` says
(a card's lines, look and marks; a link's style and the changes written on it, and
which of two parallel links carries them); they are keyed by the model's ids. Text is drawn with
``QPainter.drawText`` (plain text: nothing from a story is interpreted as HTML)
and only when the zoom makes it legible (level of detail).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLineF,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from provenance.analysis import Analysis
from provenance.drawing import style
from provenance.drawing.layout import Layout
from provenance.drawing.picture import (
    SATIRE_TAG,
    CardLook,
    CardView,
    LinkView,
    Picture,
    PictureChanges,
    describe,
    picture_changes,
)
from provenance.drift.estimate import LinkDrift
from provenance.model import Story
from provenance.wording import clip

_COMPUTE = object()

#: Below this scale, card text is not drawn (it would be unreadable anyway).
TEXT_LOD = 0.45
#: Below this scale, even the changes written on distortion links are hidden.
CHANGE_LOD = 0.15
#: Below this scale, the chain is drawn without antialiasing.
#: The most a fitted chain is enlarged: one or two cards are not blown up to fill the view.
MAX_FIT_ZOOM = 1.5
SMOOTH_LOD = 0.2
#: The depth of the scene's index of where items are, for scenes of more items than
#: 2 ** INDEX_DEPTH (at most 1,024 cells).
INDEX_DEPTH = 10
#: Opacity of what a lens dims.
DIMMED = 0.15
SELECTED_COLOR = "#1F78B4"


def _font(pixels: int, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


_BOLD = _font(13, True)
_PLAIN = _font(12, False)


class ReportItem(QGraphicsRectItem):
    """One report's card. ``report_id`` keys it to the model.

    Zoomed out, the card paints nothing itself: its ``box``, a plain Qt rectangle, is
    shown, which Qt paints without calling Python (a chain of 10,000 cards fitted in
    the window paints in a fraction of the time). Where the zoom makes text legible the
    card paints its box and its text itself, from a pixmap of it when panning
    (:meth:`present`).
    """

    def __init__(self, view: CardView) -> None:
        card = view.box
        assert card is not None  # the scene's picture is laid out
        super().__init__(0, 0, card.width, card.height)
        self.box = QGraphicsRectItem(0, 0, card.width, card.height, self)
        self.box.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.mode = "box"
        self.lit = False
        self.report_id = card.report
        self.card = card
        look = view.look
        #: The picture's lines, clipped to what a card holds.
        self.lines = self.card_lines(view)
        self.setPos(card.x, card.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.base_look = look
        self.highlighted = False
        #: The card's line for the focus claim ("coalition-jets: attributes"), as in the
        #: diagram; None when the report does not mention it.
        self.stance: str | None = view.stance
        self.apply(look)

    @staticmethod
    def card_lines(view: CardView) -> list[str]:
        """The lines a card shows of its view, clipped to what a card holds."""
        lines = [clip(view.name, 60), view.detail]
        if view.title:
            lines.append(clip(view.title, 80))
        return lines

    def show_view(self, view: CardView) -> None:
        """Draw the card as a new view of it says (after an edit): its box, lines,
        stance line and look. What did not change is not touched."""
        card = view.box
        assert card is not None  # the scene's picture is laid out
        if (card.width, card.height) != (self.card.width, self.card.height):
            self.setRect(0, 0, card.width, card.height)
        if (card.x, card.y) != (self.card.x, self.card.y):
            self.setPos(card.x, card.y)
        self.card = card
        lines = self.card_lines(view)
        if lines != self.lines:
            self.lines = lines
            self.update()
        self.set_stance(view.stance)
        self.base_look = view.look
        if view.look != self.look:
            self.apply(view.look)

    def setRect(self, *rect: Any) -> None:  # noqa: N802
        super().setRect(*rect)
        self.box.setRect(*rect)

    def setPen(self, pen: QPen) -> None:  # noqa: N802
        super().setPen(pen)
        self.box.setPen(pen)

    def setBrush(self, brush: QBrush) -> None:  # noqa: N802
        super().setBrush(brush)
        self.box.setBrush(brush)

    def present(self, mode: str, lit: bool = False) -> None:
        """Paint the card with its text (``mode`` "text"), as its box alone ("box"), or
        not at all ("overview": the scene's overview shows it), except while it is the
        selected one, which paints itself in every mode, or ``lit``: a lens dims the
        overview and the card is not dimmed, so its box is painted over it."""
        self.mode, self.lit = mode, lit
        own = mode == "text" or (mode == "overview" and self.highlighted)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not own)
        self.box.setVisible(mode == "box" or (mode == "overview" and lit and not own))
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache if mode == "text"
                          else QGraphicsItem.CacheMode.NoCache)

    def set_stance(self, line: str | None) -> None:
        if line != self.stance:
            self.stance = line
            self.update()

    def apply(self, look: CardLook) -> None:
        """Draw the card as the library says (the lenses call this)."""
        self.look = look
        self.current_border = (look.edge, look.width * 1.25)
        self.setBrush(QBrush(QColor(look.face)))
        if not self.highlighted:
            self.setPen(QPen(QColor(look.edge), look.width * 1.25))

    def set_highlight(self, on: bool) -> None:
        """Show (or stop showing) the card as the selected one."""
        self.highlighted = on
        if self.mode == "overview":
            self.present(self.mode, self.lit)
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
        painter.setPen(QColor(self.look.text))
        rect = self.rect().adjusted(8, 5, -8, -4)
        lines = self.lines if self.stance is None else [*self.lines[:3], self.stance]
        line_height = rect.height() / max(1, len(lines))
        for i, line in enumerate(lines):
            painter.setFont(_BOLD if i == 0 else _PLAIN)
            painter.drawText(
                QRectF(rect.left(), rect.top() + i * line_height, rect.width(), line_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight,
                                                 int(rect.width())),
            )


class LinkLabel(QGraphicsItem):
    """A short label on a link (its relation, or the distortion's changes), on a white tab.

    Labels keep their size on screen, like a map's, and are drawn only where the
    stretch of link they sit on is long enough on screen to hold them (so they never
    cover the cards): zooming in shows more of them. Changes show down to
    ``CHANGE_LOD``, relations down to ``TEXT_LOD``.
    """

    def __init__(self, parent: QGraphicsItem, at: QPointF, text: str, color: str,
                 bold: bool, room: float) -> None:
        super().__init__(parent)
        self.room = room
        self.label = text
        self.color = color
        self.bold = bold
        self.font = QFont()
        self.font.setPixelSize(11 if bold else 10)
        self.font.setBold(bold)
        metrics = QFontMetricsF(self.font)
        lines = text.split("\n")
        width = max(metrics.horizontalAdvance(line) for line in lines) + 8
        height = metrics.height() * len(lines) + 4
        self._rect = QRectF(-width / 2, -height / 2, width, height)
        self.setPos(at)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(5)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def fits(self, scale: float) -> bool:
        """True when the label fits on its stretch of link at this zoom."""
        return self._rect.width() <= self.room * scale + 6

    def shown(self) -> bool:
        """True when the label is drawn at the view's zoom."""
        view = self.scene().views()[0] if self.scene() and self.scene().views() else None
        lod = view.transform().m11() if view is not None else 1.0
        return lod >= (CHANGE_LOD if self.bold else TEXT_LOD) and self.fits(lod)

    def shape(self) -> QPainterPath:
        # A label that is not drawn must not take the clicks meant for a card under it.
        path = QPainterPath()
        if self.shown():
            path.addRect(self._rect)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if not self.shown():
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(self.font)
        painter.setPen(QColor(self.color))
        painter.drawText(self._rect, int(Qt.AlignmentFlag.AlignCenter), self.label)


def narrow(changes: tuple[str, ...]) -> str:
    """Changes as a narrow label, to fit between close cards: "implies →" over
    "attributes"."""
    return "\n".join(change.replace(" → ", " →\n") for change in changes)


class LinkItem(QGraphicsPathItem):
    """One link, drawn along its route with an arrowhead at the target.

    Styled as the picture's :class:`~provenance.drawing.picture.LinkView` says: by its
    relation and confidence, or, when a change was made along it, in the distortion
    colour with the change written on it (:meth:`restyle`).
    """

    def __init__(self, view: LinkView, show_relation: bool) -> None:
        route = view.route
        assert route is not None  # the scene's picture is laid out
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
        self._shape: QPainterPath | None = None  # (:meth:`shape`; the path never changes)
        super().__init__(path)
        self.key = (route.source, route.target)
        self.relation = route.relation
        self.route = route
        self.show_relation = show_relation
        self.highlighted = False
        self.overview = self.lit = False
        self.label: LinkLabel | None = None
        self.view = view
        #: The text written on it for its changes (None when it carries none).
        self.change: str | None = None
        self.distortion = False
        self.restyle(view, force=True)

    def restyle(self, view: LinkView, force: bool = False) -> None:
        """Draw the link as the picture's ``view`` of it says."""
        if view == self.view and not force:
            return
        self.view = view
        self.distortion = bool(view.changes)
        self.change = change = narrow(view.changes) if view.changes and view.label else None
        rel = style.RELATION_STYLES[self.relation]
        color = view.color
        qcolor = QColor(color)
        qcolor.setAlphaF(view.alpha)
        pen = QPen(qcolor, view.width)
        pen.setCosmetic(False)
        if view.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.base_pen = pen
        if not self.highlighted:
            self.setPen(pen)
            self.setZValue(2 if self.distortion else 0)
        if self.label is not None:
            old, self.label = self.label, None
            old.setParentItem(None)
            if old.scene() is not None:
                old.scene().removeItem(old)
        text = change if self.distortion else (rel.label if self.show_relation else None)
        if text:
            # On the longest straight stretch, where it is least likely to touch a card.
            points = self.route.points
            pairs = list(zip(points, points[1:], strict=False))
            (ax, ay), (bx, by) = max(pairs, key=lambda p: abs(p[1][0] - p[0][0]))
            self.label = LinkLabel(self, QPointF((ax + bx) / 2, (ay + by) / 2), text,
                                   color if self.distortion else "#404040", self.distortion,
                                   room=abs(bx - ax))

    def shape(self) -> QPainterPath:
        # Worked out once: Qt asks for it again each time the pen changes (a link's
        # bounding box is its shape's), and thousands of links are restyled at a time.
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self.path())
        return self._shape

    def present(self, overview: bool, lit: bool = False) -> None:
        """Paint the link, or not (``overview``: the scene's overview shows it), except
        while it is highlighted or ``lit`` (a lens dims the overview, not the link)."""
        self.overview, self.lit = overview, lit
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents,
                     overview and not (self.highlighted or lit))

    def set_highlight(self, on: bool) -> None:
        """Show (or stop showing) the link as the selected one: never dimmed, on top."""
        self.highlighted = on
        if self.overview:
            self.present(True, self.lit)
        if on:
            pen = QPen(self.base_pen)
            pen.setColor(QColor(SELECTED_COLOR))
            pen.setWidthF(self.base_pen.widthF() + 2)
            self.setPen(pen)
            self.setOpacity(1.0)
            self.setZValue(4)
        else:
            self.setPen(self.base_pen)
            self.setZValue(2 if self.distortion else 0)


class ChainScene(QGraphicsScene):
    """The whole story as items, built once per story (never cleared: replaced), from
    the library's :class:`~provenance.drawing.picture.Picture` of it (``picture``);
    after an edit, brought to the new picture in place (:meth:`show_picture`)."""

    def __init__(self, story: Story, analysis: Analysis, layout: Layout, *,
                 estimate: LinkDrift | None | object = _COMPUTE,
                 picture: Picture | None = None, later: bool = False) -> None:
        """``picture`` is the library's picture of every claim, laid out with
        ``layout``, where the caller has it; else it is described here. ``later``: the
        items are added by running ``building`` to its end, a slice at a time (the window
        answers events between slices); else here."""
        super().__init__()
        # Activated once, while empty: a scene sends each of its top-level items an
        # event (through Python, for ours) when its view's window is first activated,
        # and again each time the window is deactivated and activated; counted as
        # active already, it never does (no item of the chain is a panel or takes focus).
        QCoreApplication.sendEvent(self, QEvent(QEvent.Type.WindowActivate))
        self.story = story
        self.analysis = analysis
        self.layout = layout
        if picture is None and estimate is _COMPUTE:
            picture = describe(story, analysis, layout=layout)
        elif picture is None:
            picture = describe(story, analysis, layout=layout,
                               estimate=estimate)  # type: ignore[arg-type]
        #: The picture of every claim; ``shown`` is the one on screen (a claim lens's).
        self.picture = self.shown = picture
        self.estimate: LinkDrift | None = picture.estimate
        self.reports: dict[str, ReportItem] = {}
        #: The link that answers for each pair of reports (the one its label is on).
        self.links: dict[tuple[str, str], LinkItem] = {}
        #: Every link's item (a pair of reports may have several links), as ``picture.links``.
        self.link_items: list[LinkItem] = []
        self.setBackgroundBrush(QBrush(QColor("#FFFFFF")))
        self._fit_rect(layout)
        #: Marks around cards (the point's ring and tag, planted frames), by report:
        #: they follow their card when a lens dims it.
        self.marks: dict[str, list[QGraphicsItem]] = {}
        self.point_marker: QGraphicsRectItem | None = None
        self._dimmed: frozenset[str] = frozenset()
        #: The "SATIRE" tag over each satirical report's card (shown in every lens).
        self.satire_tags: dict[str, QGraphicsItem] = {}
        #: How the cards are painted ("text", "box", "overview": :meth:`present`).
        self._mode = "box"
        #: The whole chain as one image, for a large chain zoomed out (:class:`_Overview`).
        self.overview: _Overview | None = None
        #: Whether the overview is shown dimmed (a lens dims reports), the reports and
        #: links it does not dim painted over it.
        self._dim_overview = False
        #: True once a lens recoloured the cards (the overview is of the picture's looks).
        self._custom_looks = False
        items = len(picture.cards) + len(picture.links)
        if items > 2 ** INDEX_DEPTH:
            # Qt would choose a deeper index for this many items, and then enter the
            # long links of a large chain in thousands of its cells each.
            self.setBspTreeDepth(INDEX_DEPTH)
        #: Adds the items, pausing after every ``SLICE`` of them.
        self.building = self._add_items(picture, layout)
        if not later:
            for _ in self.building:
                pass

    #: How many items ``building`` adds between two pauses.
    SLICE = 200

    def _add_items(self, picture: Picture, layout: Layout) -> Iterator[int]:
        """Add the items of the picture; yields how many are added, every ``SLICE``."""
        #: Relations are written on the links of chains small enough to read them.
        self.show_relations = show_relations = len(layout.routes) <= 2000
        if len(picture.cards) >= OVERVIEW_CARDS:
            # Shown fitted first, as such a chain is: its overview (no items to switch).
            self._mode = "overview"
        for view in picture.links:
            item = LinkItem(view, show_relations)
            if self._mode == "overview":
                item.present(True)
            self.addItem(item)
            self.link_items.append(item)
            if view.label:
                self.links[view.key] = item
            if len(self.link_items) % self.SLICE == 0:
                yield len(self.link_items)
        for card in picture.cards.values():
            report_item = ReportItem(card)
            report_item.setZValue(1)
            report_item.present(self._mode)
            self.addItem(report_item)
            self.reports[card.report] = report_item
            if len(self.reports) % self.SLICE == 0:
                yield len(self.link_items) + len(self.reports)
        for rid in self._mark_specs(picture):
            self._add_marks(picture.cards[rid])
        for view in picture.cards.values():
            if view.satire:
                self._add_satire_tag(view)
        if len(picture.cards) >= OVERVIEW_CARDS:
            overview = _Overview(picture, self.sceneRect())
            yield from overview.painting
            self.overview = overview
            overview.setVisible(self._mode == "overview")
            self.addItem(overview)

    def forget_items(self) -> list[QGraphicsItem]:
        """Let go of the items (the scene is being taken down: :func:`retire`); returns
        them: all top-level items (their children, the links' labels, go with them)."""
        items: list[QGraphicsItem] = [*self.link_items, *self.reports.values(),
                                      *(m for marks in self.marks.values() for m in marks),
                                      *self.satire_tags.values()]
        if self.overview is not None:
            items.append(self.overview)
        self.reports, self.links, self.link_items = {}, {}, []
        self.marks, self.satire_tags, self.point_marker = {}, {}, None
        self.overview = None
        if hasattr(self, "_by_report"):
            del self._by_report
        return items

    def restyled(self) -> None:
        """Items were restyled apart from the picture (Compare accounts colours links):
        the overview, which is of the picture, is no longer shown."""
        self._custom_looks = True

    def present(self, scale: float, pixel_ratio: float = 1.0) -> None:
        """Paint the chain as suits the view's zoom (``scale``): the cards with their
        text where it is legible; zoomed out, the boxes alone; further out, a large
        chain's overview image while it is the picture on screen (not recoloured), the
        items painting nothing but the selection and, while a lens dims the image, what
        it leaves lit. The view calls this before it paints (``pixel_ratio``: its
        screen's device pixels a pixel; the image is not enlarged)."""
        overview = self.overview
        if scale >= TEXT_LOD:
            mode = "text"
        elif (overview is not None and scale * pixel_ratio <= overview.scale
              and overview.picture is self.shown and not self._custom_looks):
            mode = "overview"
        else:
            mode = "box"
        dim = mode == "overview" and bool(self._dimmed)
        if mode == self._mode and dim == self._dim_overview:
            return
        was, self._mode, self._dim_overview = self._mode, mode, dim
        if overview is not None:
            overview.setVisible(mode == "overview")
            overview.setOpacity(DIMMED if dim else 1.0)
        for rid, item in self.reports.items():
            item.present(mode, dim and rid not in self._dimmed)
        if "overview" in (was, mode):
            for link in self.link_items:
                link.present(mode == "overview", dim and link.opacity() == 1.0)

    def _present_dimmed(self, reports: frozenset[str], links: list[LinkItem]) -> None:
        """After the dimming changed for ``reports`` (and the ``links`` touching them)
        while the overview shows it dimmed: the items lit now paint over it, the others
        not."""
        for rid in reports:
            item = self.reports.get(rid)
            if item is not None:
                item.present("overview", rid not in self._dimmed)
        for link in links:
            link.present(True, link.opacity() == 1.0)

    def _add_satire_tag(self, view: CardView) -> None:
        """The "SATIRE" tag at the top right of a satirical report's card."""
        box = view.box
        assert box is not None  # the scene's picture is laid out
        tag = self.addSimpleText(SATIRE_TAG)
        font = QFont()
        font.setPixelSize(11)
        font.setBold(True)
        tag.setFont(font)
        tag.setBrush(QBrush(QColor(style.SATIRE_EDGE_COLOR)))
        tag.setZValue(4)
        tag.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        # At the card's top right, above it: clear of the point's tag on the left.
        tag.setPos(box.x + box.width, box.y - 2)
        tag.setTransform(QTransform.fromTranslate(
            -tag.boundingRect().width(), -tag.boundingRect().height()))
        if view.report in self._dimmed:
            tag.setOpacity(DIMMED)
        self.satire_tags[view.report] = tag

    def _show_satire(self, picture: Picture, changes: PictureChanges) -> None:
        """The satire tags of the cards an edit removed, changed or added, redone."""
        for rid in (*changes.removed, *changes.changed, *changes.added):
            tag = self.satire_tags.pop(rid, None)
            if tag is not None:
                self.removeItem(tag)
            view = picture.cards.get(rid)
            if view is not None and view.satire:
                self._add_satire_tag(view)

    @staticmethod
    def _mark_specs(picture: Picture) -> dict[str, tuple[object, ...]]:
        """The reports with a mark around their card (the ring, a planted frame), each
        with what its marks are drawn from."""
        ringed = (picture.marked,) if picture.marked is not None else ()
        specs: dict[str, tuple[object, ...]] = {}
        for rid in (*ringed, *picture.planted):
            view = picture.cards[rid]
            if view.ring is not None or view.planted:
                specs[rid] = (view.ring, view.tag, view.planted, view.box)
        return specs

    def _add_marks(self, view: CardView) -> None:
        """The marks around one card: the point's ring and tag, or the planted frame."""
        box = view.box
        assert box is not None  # the scene's picture is laid out
        if view.ring is not None:
            halo = QGraphicsRectItem(box.x - 7, box.y - 7, box.width + 14, box.height + 14)
            pen = QPen(QColor(style.POINT_COLOR), 5)
            pen.setCosmetic(True)  # as thick on screen at any zoom: the eye goes here first
            if view.ring == "estimate":
                pen.setStyle(Qt.PenStyle.DashLine)  # an estimate from the words
            halo.setPen(pen)
            halo.setBrush(QBrush(QColor(255, 230, 230)))
            halo.setZValue(0.5)
            self.addItem(halo)
            tag = self.addSimpleText((view.tag or "").upper())
            font = QFont()
            font.setPixelSize(12)
            font.setBold(True)
            tag.setFont(font)
            tag.setBrush(QBrush(QColor(style.POINT_COLOR)))
            tag.setPos(box.x - 7, box.y - 9)
            tag.setZValue(4)
            # Readable at any zoom, like a map pin; it stands on the ring, above the card.
            tag.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
            tag.setTransform(QTransform.fromTranslate(0, -18))
            self.point_marker = halo
            self.marks[view.report] = [halo, tag]
        if view.planted:
            mark = QGraphicsRectItem(box.x - 4, box.y - 4, box.width + 8, box.height + 8)
            mark.setPen(QPen(QColor(style.PLANTED_COLOR), 3, Qt.PenStyle.DashLine))
            mark.setZValue(0.5)
            self.addItem(mark)
            self.marks.setdefault(view.report, []).append(mark)

    def _fit_rect(self, layout: Layout) -> None:
        """The scene's rectangle: the chain with its margins."""
        margin = 60.0
        rect = QRectF(-margin, -margin - 30, layout.width + 2 * margin,
                      layout.height + 2 * margin + 30)
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def show_picture(self, picture: Picture, shown: Picture | None = None,
                     changes: PictureChanges | None = None) -> PictureChanges:
        """Bring the items to ``picture``, the new picture of every claim after an edit
        (laid out from the scene's layout, so that untouched cards stay put), in place:
        only the cards, links and marks whose description changed are redrawn, added
        or removed; the others stay the same items. ``shown``: the picture on screen
        when it is a claim lens's (of the same story and layout), else ``picture``.
        The view is not moved. Returns what changed on screen
        (:func:`~provenance.drawing.picture.picture_changes`; ``changes``: that, worked
        out already from the picture on screen)."""
        assert picture.layout is not None  # the scene's picture is laid out
        target = shown if shown is not None else picture
        if changes is None:
            changes = picture_changes(self.shown, target)
        old_marks = self._mark_specs(self.picture)
        self.story, self.analysis, self.layout = picture.story, picture.analysis, picture.layout
        self.picture, self.shown, self.estimate = picture, target, picture.estimate
        for rid in changes.removed:
            self.removeItem(self.reports.pop(rid))
        for rid in changes.changed:
            self.reports[rid].show_view(target.cards[rid])
        for rid in changes.added:
            item = self.reports[rid] = ReportItem(target.cards[rid])
            item.setZValue(1)
            item.present(self._mode)
            if rid in self._dimmed:
                item.setOpacity(DIMMED)
            self.addItem(item)
        self._show_links(target, changes)
        self._show_satire(picture, changes)
        new_marks = self._mark_specs(picture)
        for rid in old_marks.keys() | new_marks.keys():
            if old_marks.get(rid) == new_marks.get(rid):
                continue
            for mark in self.marks.pop(rid, ()):
                if mark is self.point_marker:
                    self.point_marker = None
                self.removeItem(mark)
            if rid in new_marks:
                self._add_marks(picture.cards[rid])
                opacity = DIMMED if rid in self._dimmed else 1.0
                for mark in self.marks[rid]:
                    mark.setOpacity(opacity)
        self._show_marks(target.claim)
        self._fit_rect(picture.layout)
        return changes

    def _show_links(self, target: Picture, changes: PictureChanges) -> None:
        """The link items as ``target`` says: the same items for the links it keeps,
        restyled where their look changed; new items for new or rerouted links."""
        old_items = self.link_items
        gone = [old_items[at] for at in changes.links_removed]
        changed, rerouted = set(changes.links_changed), set(changes.links_rerouted)
        items: list[LinkItem] = []
        fresh: list[LinkItem] = []
        for at, (was, view) in enumerate(zip(changes.links_from, target.links, strict=True)):
            if was is None or at in rerouted:
                if was is not None:
                    gone.append(old_items[was])
                item = LinkItem(view, self.show_relations)
                self.addItem(item)
                fresh.append(item)
            else:
                item = old_items[was]
                if at in changed:
                    item.restyle(view)
            items.append(item)
        for item in gone:
            self.removeItem(item)
        self.link_items = items
        self.links = {view.key: item for view, item in zip(target.links, items, strict=True)
                      if view.label}
        if (gone or fresh) and hasattr(self, "_by_report"):
            del self._by_report  # the links by report: worked out again when needed
        for item in fresh:
            self.refresh_link(item)

    def _show_marks(self, claim: str | None) -> None:
        """Through a claim's lens only its marks show (all of them without a lens)."""
        planted = set(self.shown.planted)
        for rid, marks in self.marks.items():
            shown = rid == self.shown.marked if rid == self.picture.marked else rid in planted
            for mark in marks:
                mark.setVisible(claim is None or shown)

    def picture_for(self, claim: str | None) -> Picture:
        """The picture of every claim (None), or of one claim's lens."""
        if claim is None:
            return self.picture
        if self.shown.claim == claim:
            return self.shown
        return describe(self.story, self.analysis, layout=self.layout, claim=claim,
                        estimate=None)

    def changes_for(self, claim: str | None) -> dict[tuple[str, str], str]:
        """The text written on each changed link, for every claim or one claim's lens
        (the text estimate, where there is one, with every claim)."""
        picture = self.picture_for(claim)
        return {link.key: narrow(link.changes)
                for link in picture.links if link.changes and link.label}

    def set_claim(self, claim: str | None) -> None:
        """Cards and links through a claim's lens (None: every claim, by actor kind):
        only that claim's changes are written on the links, and only its marks shown,
        as in the diagram."""
        picture = self.picture_for(claim)
        self.shown = picture
        self._custom_looks = False
        for rid, item in self.reports.items():
            card = picture.cards[rid]
            item.apply(card.look)
            item.set_stance(card.stance)
        for link, view in zip(self.link_items, picture.links, strict=True):
            link.restyle(view)
        self._show_marks(claim)

    def restore_colours(self) -> None:
        """Back to the colours by actor kind (no claim lens)."""
        self.set_claim(None)

    def set_looks(self, looks: dict[str, CardLook]) -> None:
        """Draw each card as the library's lens says."""
        self._custom_looks = True
        for rid, item in self.reports.items():
            look = looks.get(rid)
            if look is not None:
                item.apply(look)

    def set_dimmed(self, dimmed: set[str] | frozenset[str]) -> None:
        """Dim these reports (with their marks and the links touching them); show all
        others fully. Only the items whose state changes are touched."""
        dimmed = frozenset(dimmed)
        changed = dimmed ^ self._dimmed
        self._dimmed = dimmed
        if not changed:
            return
        for rid in changed:
            item = self.reports.get(rid)
            if item is None:
                continue
            opacity = DIMMED if rid in dimmed else 1.0
            item.setOpacity(opacity)
            for mark in self.marks.get(rid, ()):
                mark.setOpacity(opacity)
            if rid in self.satire_tags:
                self.satire_tags[rid].setOpacity(opacity)
        touching = self._links_touching(changed)
        for link in touching:
            self.refresh_link(link)
        if self._dim_overview and dimmed:  # still dimmed: the overview need not change
            self._present_dimmed(changed, touching)

    def refresh_link(self, link: LinkItem) -> None:
        """A link's opacity from the dimming (a highlighted link is never dimmed)."""
        s, t = link.key
        if link.highlighted:
            link.setOpacity(1.0)
        else:
            link.setOpacity(DIMMED * 0.7 if (s in self._dimmed or t in self._dimmed) else 1.0)

    def _links_touching(self, reports: frozenset[str]) -> list[LinkItem]:
        if not hasattr(self, "_by_report"):
            self._by_report: dict[str, list[LinkItem]] = {}
            for item in self.link_items:
                self._by_report.setdefault(item.key[0], []).append(item)
                self._by_report.setdefault(item.key[1], []).append(item)
        return list({id(i): i for rid in reports for i in self._by_report.get(rid, ())}.values())


#: Chains of this many cards or more get an overview image (:class:`_Overview`).
OVERVIEW_CARDS = 1000
#: The overview image's longer side, in pixels.
OVERVIEW_PIXELS = 2048


class _Overview(QGraphicsItem):
    """A large chain zoomed out, as one image: its links and cards painted once, from
    the library's picture as the items paint it (links, then cards, then the links
    drawn over the cards: distortions), into an image of at most ``OVERVIEW_PIXELS``
    a side, a slice at a time (``painting``). Painting 30,000 items one by one took a
    tenth to a quarter of a second a frame; the image takes a few milliseconds. Shown
    while the view is zoomed out to at most the image's own scale (``scale``, pixels a
    scene unit) and it is the picture on screen (not after an edit or in a claim lens:
    :meth:`ChainScene.present`); the marks and the selection are items over it. A lens
    that dims reports (the selection's lineage, a search, the replay) dims the image,
    and the cards and links it leaves lit paint themselves over it. Transparent where
    nothing is drawn: the point's halo, under it, shows around its card."""

    def __init__(self, picture: Picture, rect: QRectF) -> None:
        super().__init__()
        self.picture = picture
        self.rect = QRectF(rect)
        self.scale = OVERVIEW_PIXELS / max(1.0, rect.width(), rect.height())
        self.image = QImage(max(1, round(rect.width() * self.scale)),
                            max(1, round(rect.height() * self.scale)),
                            QImage.Format.Format_ARGB32_Premultiplied)
        self.image.fill(Qt.GlobalColor.transparent)
        self.setZValue(0.9)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)
        self.painting = self._paint_image()

    def _paint_image(self) -> Iterator[int]:
        painter = QPainter(self.image)
        try:
            painter.scale(self.image.width() / self.rect.width(),
                          self.image.height() / self.rect.height())
            painter.translate(-self.rect.topLeft())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            links = self.picture.links
            for count, view in enumerate((v for v in links if not v.changes), 1):
                self._link(painter, view)
                if count % ChainScene.SLICE == 0:
                    yield count
            for count, card in enumerate(self.picture.cards.values(), 1):
                box, look = card.box, card.look
                assert box is not None  # the scene's picture is laid out
                painter.setPen(QPen(QColor(look.edge), look.width * 1.25))
                painter.setBrush(QBrush(QColor(look.face)))
                painter.drawRect(QRectF(box.x, box.y, box.width, box.height))
                if count % ChainScene.SLICE == 0:
                    yield count
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for view in links:
                if view.changes:
                    self._link(painter, view)
        finally:
            painter.end()

    @staticmethod
    def _link(painter: QPainter, view: LinkView) -> None:
        route = view.route
        assert route is not None  # the scene's picture is laid out
        color = QColor(view.color)
        color.setAlphaF(view.alpha)
        pen = QPen(color, view.width)
        if view.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPolyline([QPointF(x, y) for x, y in route.points])

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(self.rect, self.image)


class _Retirement:
    """A replaced scene taken down a slice of its items at a time (:func:`retire`)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene: QGraphicsScene | None = scene
        self.items: list[QGraphicsItem] = []
        self.listed = False
        if isinstance(scene, ChainScene):
            # The chain's own items: no pass over all the scene's, and no wrapper each.
            self.items = scene.forget_items()
            self.listed = True

    def step(self, end: float) -> bool:
        """Take items down until ``end`` (a ``time.perf_counter()``); True once done and
        the scene deleted."""
        scene = self.scene
        if scene is None or not shiboken6.isValid(scene):
            self.items.clear()
        elif not self.listed:
            self.items = [item for item in scene.items() if item.parentItem() is None]
            self.listed = True
            return False
        elif scene.itemIndexMethod() != QGraphicsScene.ItemIndexMethod.NoIndex:
            # The index would be kept up to date for every item removed.
            scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
            return False
        while self.items and time.perf_counter() < end:
            # Out of the scene, the last reference dropped: the item is deleted.
            for item in self.items[-RETIRE_STEP:]:
                scene.removeItem(item)  # type: ignore[union-attr]
            del self.items[-RETIRE_STEP:]
        if self.items:
            return False
        if scene is not None and shiboken6.isValid(scene):
            scene.deleteLater()
        self.scene = None
        return True


class _Retirements(QObject):
    """The scenes being taken down, one after the other, one slice each time the event
    loop comes round (several at once would each take a slice in the same round)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[_Retirement] = []
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._slice)

    def add(self, scene: QGraphicsScene) -> None:
        self.waiting.append(_Retirement(scene))
        self.timer.start()

    def _slice(self) -> None:
        end = time.perf_counter() + RETIRE_SECONDS
        while self.waiting and self.waiting[0].step(end):
            self.waiting.pop(0)
            if time.perf_counter() >= end:
                break
        if not self.waiting:
            self.timer.stop()


_RETIREMENTS: _Retirements | None = None
#: How long one slice of a retirement runs, and how many items it removes between looks
#: at the clock.
RETIRE_SECONDS = 0.015
RETIRE_STEP = 20


def retire(scene: QGraphicsScene) -> None:
    """Delete a scene the window no longer shows, a slice of its items at a time between
    events: deleting the scene of 10,000 reports at once takes a third of a second, in
    which the window would not answer. The scene is deleted once it is empty."""
    global _RETIREMENTS
    if _RETIREMENTS is None:
        _RETIREMENTS = _Retirements()
    _RETIREMENTS.add(scene)


class ChainView(QGraphicsView):
    """Zoom (wheel, Ctrl +/-), pan (drag), fit (F), and keys to walk along links."""

    navigate = Signal(str)  # "left", "right", "up", "down"
    link_clicked = Signal(object)  # the LinkItem clicked
    #: A drag from one card to another: (source report id, target report id).
    link_dragged = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._drag_from: ReportItem | None = None
        self._drag_start = QPointF()
        self._drag_line: QGraphicsLineItem | None = None

    def zoom(self, factor: float) -> None:
        """Zoom by ``factor``, within sensible limits."""
        current = self.transform().m11()
        factor = max(0.01 / current, min(8.0 / current, factor))
        self.scale(factor, factor)

    def fit(self) -> None:
        """Show the whole chain."""
        scene = self.scene()
        if scene is not None:
            # The scene's rectangle is the chain with its margins: fitted, nothing scrolls.
            self.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
            if self.transform().m11() > MAX_FIT_ZOOM:  # a new story's first cards
                self.resetTransform()
                self.scale(MAX_FIT_ZOOM, MAX_FIT_ZOOM)
                self.centerOn(scene.sceneRect().center())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        # Zoomed far out (a large story fitted), antialiasing thousands of hairline
        # links doubles the time of every frame and shows nothing more.
        scale = self.transform().m11()
        smooth = scale >= SMOOTH_LOD
        if bool(self.renderHints() & QPainter.RenderHint.Antialiasing) != smooth:
            self.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        self._present(scale)
        super().paintEvent(event)

    def _present(self, scale: float | None = None) -> None:
        scene = self.scene()
        if isinstance(scene, ChainScene):
            scene.present(self.transform().m11() if scale is None else scale,
                          self.devicePixelRatioF())

    def render(self, *args: Any, **kwargs: Any) -> None:
        self._present()  # as a paint event would (screenshots, pictures of the view)
        super().render(*args, **kwargs)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, (ReportItem, LinkItem)):
            item = item.parentItem()
        if isinstance(item, LinkItem) and event.button() == Qt.MouseButton.LeftButton:
            self.link_clicked.emit(item)
            event.accept()
            return
        if isinstance(item, ReportItem) and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from, self._drag_start = item, event.position()
        super().mousePressEvent(event)

    def _card_at(self, point: QPointF) -> ReportItem | None:
        item = self.itemAt(point.toPoint())
        while item is not None and not isinstance(item, ReportItem):
            item = item.parentItem()
        return item

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        start = self._drag_from
        scene = self.scene()
        if start is not None and scene is not None:
            moved = (event.position() - self._drag_start).manhattanLength()
            if self._drag_line is None and moved >= QApplication.startDragDistance():
                self._drag_line = QGraphicsLineItem()
                self._drag_line.setPen(QPen(QColor(style.POINT_COLOR), 0,
                                            Qt.PenStyle.DashLine))
                self._drag_line.setZValue(1000)
                scene.addItem(self._drag_line)
            if self._drag_line is not None:
                end = self.mapToScene(event.position().toPoint())
                self._drag_line.setLine(QLineF(start.sceneBoundingRect().center(), end))
                event.accept()
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        start, line = self._drag_from, self._drag_line
        self._drag_from, self._drag_line = None, None
        if line is not None:
            if line.scene() is not None:
                line.scene().removeItem(line)
            target = self._card_at(event.position())
            event.accept()
            if target is not None and start is not None and target is not start:
                self.link_dragged.emit(start.report_id, target.report_id)
            return
        super().mouseReleaseEvent(event)

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
