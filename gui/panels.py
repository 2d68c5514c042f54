"""The docks: the inspector (a report or a link) and the analysis panel.

What they say comes from the library (:mod:`provenance.wording.outline`); they only show it.

Every string from a story is set as plain text: labels use ``Qt.PlainText``,
text boxes are ``QPlainTextEdit`` or filled through ``QTextCursor.insertText``, and
tooltips go through :func:`plain_tip`.
"""

from __future__ import annotations

import html
from difflib import SequenceMatcher

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from provenance.drawing import style
from provenance.drawing.picture import LegendEntry
from provenance.wording.outline import AnalysisPage, LinkFacts, OutlineEntry, ReportFacts

REPORT_ROLE = Qt.ItemDataRole.UserRole


def _scrolling_form(page: QWidget) -> QFormLayout:
    """A form on ``page`` that scrolls when its rows are taller than the dock, rather
    than squeezing (and clipping) them."""
    inner = QWidget()
    form = QFormLayout(inner)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return form


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets its text as HTML."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is. Qt renders a tooltip as rich text whenever
    it looks like HTML (``Qt.mightBeRichText``: a claim reading ``<img src=...>`` would
    load the image), so the text goes in escaped, as one paragraph that keeps its spaces
    and line breaks and still wraps."""
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


class ReportInspector(QWidget):
    """A report: actor and kind, date, title, full text, URL, and its claims."""

    def __init__(self) -> None:
        super().__init__()
        form = _scrolling_form(self)
        self.actor = plain_label()
        self.kind = plain_label()
        self.date = plain_label()
        self.title = plain_label()
        self.title.setFont(QFont(self.title.font().family(), -1, QFont.Weight.Bold))
        self.url = plain_label()
        self.open_url = QPushButton("Open in browser")
        self.open_url.clicked.connect(self._open)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMinimumHeight(60)
        self.text.setMaximumHeight(110)  # the claims below stay in sight
        self.claims = QTableWidget(0, 3)
        self.claims.setHorizontalHeaderLabels(["Claim", "Stance", "Role"])
        header = self.claims.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Stance and role keep a readable width; long texts wrap instead of scrolling.
        for column, width in ((1, 100), (2, 95)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.claims.setWordWrap(True)
        self.claims.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.claims.setMinimumHeight(150)
        self.claims.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.claims.verticalHeader().setVisible(False)
        form.addRow("Actor", self.actor)
        self.edit_actor = QPushButton("Edit the actor…")  # the Edit dock's actor form
        form.addRow("", self.edit_actor)
        form.addRow("Kind", self.kind)
        form.addRow("Published", self.date)
        form.addRow("Title", self.title)
        form.addRow("URL", self.url)
        form.addRow("", self.open_url)
        form.addRow("Text", self.text)
        form.addRow("Claims", self.claims)
        self._url: str | None = None

    def show_report(self, facts: ReportFacts) -> None:
        self.actor.setText(facts.actor)
        self.kind.setText(facts.kind)
        self.date.setText(facts.published)
        self.title.setText(facts.title)
        self.url.setText(facts.url)
        self._url = facts.web_address
        self.open_url.setEnabled(bool(facts.url))
        self.text.setPlainText(facts.text)
        self.claims.setRowCount(0)
        for row in facts.claims:
            at = self.claims.rowCount()
            self.claims.insertRow(at)
            for col, value in enumerate((row.text, row.stance, row.role)):
                cell = QTableWidgetItem(value)
                cell.setToolTip(plain_tip(row.full_text if col == 0 else value))
                self.claims.setItem(at, col, cell)
        self.claims.resizeRowsToContents()

    def _open(self) -> None:
        if self._url:
            QDesktopServices.openUrl(QUrl(self._url))


class LinkInspector(QWidget):
    """A link: relation, confidence, note, and a word-level diff of the two texts."""

    def __init__(self) -> None:
        super().__init__()
        form = _scrolling_form(self)
        self.ends = plain_label()
        self.relation = plain_label()
        self.confidence = plain_label()
        self.note = plain_label()
        self.changes = plain_label()
        self.explanation = plain_label()
        self.diff = QTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setMinimumHeight(140)
        self.diff.setAcceptRichText(False)
        form.addRow("Link", self.ends)
        form.addRow("Relation", self.relation)
        form.addRow("Confidence", self.confidence)
        form.addRow("Note", self.note)
        form.addRow("Changed", self.changes)
        form.addRow("Text drift", self.explanation)
        form.addRow("Word diff", self.diff)

    def show_link(self, facts: LinkFacts) -> None:
        self.changes.setText(facts.changed)
        self.changes.setStyleSheet(
            f"color: {style.DISTORTION_COLOR}; font-weight: bold;" if facts.changes else "")
        self.ends.setText(facts.ends)
        self.relation.setText(facts.relation)
        self.confidence.setText(facts.confidence)
        self.note.setText(facts.note)
        self.explanation.setText(facts.explanation)
        self.diff.clear()
        if not facts.diff:
            self.diff.setPlainText("")
            return
        formats = _diff_formats()
        cursor = self.diff.textCursor()
        for kind, text in facts.diff:
            cursor.insertText(text, formats[kind])
        self.diff.moveCursor(QTextCursor.MoveOperation.Start)  # read from the beginning


def _diff_formats() -> dict[str, QTextCharFormat]:
    """How the word diff's pieces look: kept, inserted (green, underlined), deleted
    (red, struck out)."""
    inserted = QTextCharFormat()
    inserted.setForeground(QColor("#1A7F37"))
    inserted.setBackground(QColor("#DAFBE1"))
    inserted.setFontUnderline(True)
    deleted = QTextCharFormat()
    deleted.setForeground(QColor("#B31D28"))
    deleted.setBackground(QColor("#FFEEF0"))
    deleted.setFontStrikeOut(True)
    return {"equal": QTextCharFormat(), "insert": inserted, "delete": deleted}


class Inspector(QStackedWidget):
    """Shows whichever of a report or a link is selected."""

    def __init__(self) -> None:
        super().__init__()
        self.empty = plain_label("Select a report or a link in the chain.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.report = ReportInspector()
        self.link = LinkInspector()
        for page in (self.empty, self.report, self.link):
            self.addWidget(page)

    def show_report(self, facts: ReportFacts) -> None:
        self.report.show_report(facts)
        self.setCurrentWidget(self.report)

    def show_link(self, facts: LinkFacts) -> None:
        self.link.show_link(facts)
        self.setCurrentWidget(self.link)

    def clear(self) -> None:
        self.setCurrentWidget(self.empty)


class AnalysisPanel(QWidget):
    """The point of distortion in words, every distortion, the rebuttals and late repeats.

    Activating an entry emits ``report_chosen`` with the report id.
    """

    report_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.headline = plain_label()
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setStyleSheet(f"color: {style.DISTORTION_COLOR};")
        self.account = QPlainTextEdit()
        self.account.setReadOnly(True)
        self.account.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        # One line a row: the tree need not measure thousands of rows after a change.
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.account)
        split.addWidget(self.tree)
        split.setSizes([420, 300])
        layout.addWidget(self.headline)
        layout.addWidget(split)
        #: The page shown (None before a story).
        self.page: AnalysisPage | None = None

    def _item(self, parent: QTreeWidget | QTreeWidgetItem, text: str,
              report: str | None = None, at: int | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])  # plain text: items never interpret HTML
        item.setToolTip(0, plain_tip(text))  # the whole entry, where the dock cuts it off
        if report is not None:
            item.setData(0, REPORT_ROLE, report)
        if isinstance(parent, QTreeWidget):
            parent.insertTopLevelItem(parent.topLevelItemCount() if at is None else at, item)
        else:
            parent.insertChild(parent.childCount() if at is None else at, item)
        return item

    def show_page(self, page: AnalysisPage) -> None:
        """Show the library's analysis page: headline, account, and its outline as a tree
        (a page equal to the one shown, after most edits, is left as it is)."""
        if page == self.page:
            return
        old, self.page = self.page, page
        if old is None or old.account != page.account:
            self.account.setPlainText(page.account)
        self.headline.setText(page.headline)
        self._update(self.tree, old.entries if old is not None else (), page.entries)

    def _update(self, parent: QTreeWidget | QTreeWidgetItem,
                before: tuple[OutlineEntry, ...], after: tuple[OutlineEntry, ...]) -> None:
        """Make ``parent``'s rows, which show ``before``, show ``after``: the rows of
        entries that stayed are kept (with how the user opened them), only the others
        made again (an edit changes a few of a large story's thousands of rows)."""
        top = isinstance(parent, QTreeWidget)
        # Rows [0, j1) show after[:j1] already; the rows from j1 on still show before[i1:].
        matcher = SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:  # rows changed in place
                for k in range(i2 - i1):
                    was, entry = before[i1 + k], after[j1 + k]
                    if was.report == entry.report and was.children and entry.children:
                        # A group whose count or rows changed ("Distortions (3)").
                        row = parent.topLevelItem(j1 + k) if top else parent.child(j1 + k)  # type: ignore[union-attr]
                        if was.text != entry.text:
                            row.setText(0, entry.text)
                            row.setToolTip(0, plain_tip(entry.text))
                        self._update(row, was.children, entry.children)
                        if was.expanded != entry.expanded:
                            row.setExpanded(entry.expanded)
                    else:
                        self._take(parent, j1 + k)
                        self._add(parent, entry, j1 + k)
                continue
            for _ in range(i2 - i1):
                self._take(parent, j1)
            for at in range(j1, j2):
                self._add(parent, after[at], at)

    @staticmethod
    def _take(parent: QTreeWidget | QTreeWidgetItem, at: int) -> None:
        if isinstance(parent, QTreeWidget):
            parent.takeTopLevelItem(at)
        else:
            parent.takeChild(at)

    def _add(self, parent: QTreeWidget | QTreeWidgetItem, entry: OutlineEntry,
             at: int | None = None) -> None:
        item = self._item(parent, entry.text, entry.report, at)
        for child in entry.children:
            self._add(item, child)
        if entry.expanded:
            item.setExpanded(True)

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        report = item.data(0, REPORT_ROLE)
        if isinstance(report, str):
            self.report_chosen.emit(report)


class Legend(QListWidget):
    """What the chain's colours, borders, dashes and rings mean: the library's legend
    (the same one the exported diagram carries), as swatches and plain-text labels."""

    SWATCH = QSize(34, 16)

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(self.SWATCH)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMaximumHeight(80)
        #: The entries shown.
        self.entries: list[LegendEntry] = []

    def show_entries(self, entries: list[LegendEntry]) -> None:
        if entries == self.entries:
            return  # the same legend (most edits): the swatches stay
        self.entries = list(entries)
        self.clear()
        for entry in entries:
            item = QListWidgetItem(QIcon(self._swatch(entry)), entry.label)
            item.setToolTip(plain_tip(entry.label))
            self.addItem(item)

    def _swatch(self, entry: LegendEntry) -> QPixmap:
        size = self.SWATCH
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        color = QColor(entry.color)
        color.setAlphaF(entry.alpha)
        pen = QPen(color, max(1.0, entry.width * 1.25))
        if entry.dash:
            pen.setDashPattern([max(0.5, d / max(1.0, entry.width)) for d in entry.dash])
        painter.setPen(pen)
        box = QRectF(3, 3, size.width() - 6, size.height() - 6)
        if entry.shape == "line":
            y = size.height() / 2
            painter.drawLine(QPointF(2, y), QPointF(size.width() - 2, y))
        else:
            if entry.face != "none":
                face = QColor(entry.face)
                if entry.shape == "ring":
                    face.setAlphaF(0.12)
                painter.setBrush(face)
            painter.drawRect(box)
        painter.end()
        return pixmap
