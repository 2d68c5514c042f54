"""The docks: the inspector (a report or a link) and the analysis panel.

Every string from a story is set as plain text: labels use ``Qt.PlainText``,
text boxes are ``QPlainTextEdit`` or filled through ``QTextCursor.insertText``, and
tooltips go through :func:`plain_tip`.
"""

from __future__ import annotations

import html

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

from provenance.analysis import Analysis
from provenance.drawing import style
from provenance.drawing.picture import LegendEntry
from provenance.drift.estimate import (
    LinkDrift,
    TextEstimate,
    estimate_point,
    has_unannotated_text_links,
    incomparable,
)
from provenance.drift.textdrift import drift, word_diff
from provenance.model import Link, Story
from provenance.wording import (
    account,
    actor_name,
    change_label,
    changes_along,
    no_point_summary,
    report_label,
    time_text,
)

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
        form.addRow("Kind", self.kind)
        form.addRow("Published", self.date)
        form.addRow("Title", self.title)
        form.addRow("URL", self.url)
        form.addRow("", self.open_url)
        form.addRow("Text", self.text)
        form.addRow("Claims", self.claims)
        self._url: str | None = None

    def show_report(self, story: Story, analysis: Analysis, report_id: str) -> None:
        report = story.report(report_id)
        try:
            actor = story.actor(report.actor)
            self.actor.setText(f"{actor.name} ({actor.kind.value.replace('_', ' ')})")
        except KeyError:
            self.actor.setText(report.actor)
        self.kind.setText(f"{report.kind.value.replace('_', ' ')}  [{report.id}]")
        self.date.setText(f"{time_text(report.published)}  ({report.published.text})"
                          if report.published else "not dated")
        self.title.setText(report.title or "")
        self.url.setText(report.url or "")
        self._url = report.url
        self.open_url.setEnabled(bool(report.url))
        self.text.setPlainText(report.text or "")
        self.claims.setRowCount(0)
        for mention in report.claims:
            row = self.claims.rowCount()
            self.claims.insertRow(row)
            try:
                claim_text = story.claim(mention.claim).text
            except KeyError:
                claim_text = mention.claim
            stance = mention.stance.value
            if mention.holder:
                stance += f"\n({actor_name(story, mention.holder)})"
            findings = analysis.claims.get(mention.claim)
            roles = findings.roles.get(report.id, ()) if findings else ()
            role = ",\n".join(r.value for r in roles) if mention.stance.affirmative or not any(
                m.claim == mention.claim and m.stance.affirmative for m in report.claims
            ) else "(rebuttal reached it)"
            quote = f"\n“{mention.quote}”" if mention.quote else ""
            for col, value in enumerate((claim_text, stance, role)):
                cell = QTableWidgetItem(value)
                cell.setToolTip(plain_tip(f"{claim_text}{quote}" if col == 0 else value))
                self.claims.setItem(row, col, cell)
        self.claims.resizeRowsToContents()

    def _open(self) -> None:
        if self._url and self._url.lower().startswith(("http://", "https://")):
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

    def show_link(self, story: Story, link: Link, analysis: Analysis | None = None,
                  estimated: LinkDrift | None = None) -> None:
        changed = (changes_along(story, analysis, link.source, link.target, estimated)
                   if analysis is not None and link.relation.transmits else ())
        self.changes.setText("\n".join(changed) or "no annotated claim changed along this link")
        self.changes.setStyleSheet(
            f"color: {style.DISTORTION_COLOR}; font-weight: bold;" if changed else "")
        self.ends.setText(
            f"{report_label(story, link.source)}\n→ {report_label(story, link.target)}")
        self.relation.setText(link.relation.value)
        self.confidence.setText(f"{link.confidence:g}")
        self.note.setText(link.note or "")
        source, target = story.report(link.source), story.report(link.target)
        self.diff.clear()
        translation = incomparable(source, target) if source.text and target.text else None
        if translation is not None:
            self.explanation.setText(translation)
            self.diff.setPlainText("")
        elif source.text and target.text:
            result = drift(source.text, target.text)
            self.explanation.setText(f"{result.label} (score {result.score:+.2f}): "
                                     f"{result.explanation}")
            cursor = self.diff.textCursor()
            plain = QTextCharFormat()
            inserted = QTextCharFormat()
            inserted.setForeground(QColor("#1A7F37"))
            inserted.setBackground(QColor("#DAFBE1"))
            inserted.setFontUnderline(True)
            deleted = QTextCharFormat()
            deleted.setForeground(QColor("#B31D28"))
            deleted.setBackground(QColor("#FFEEF0"))
            deleted.setFontStrikeOut(True)
            formats = {"equal": plain, "insert": inserted, "delete": deleted}
            previous = "equal"
            for op in word_diff(source.text, target.text):
                if op.kind != "equal" and previous != "equal" and op.kind != previous:
                    cursor.insertText(" ", plain)  # a deletion and an insertion side by side
                cursor.insertText(op.text, formats[op.kind])
                previous = op.kind
            self.diff.moveCursor(QTextCursor.MoveOperation.Start)  # read from the beginning
        else:
            self.explanation.setText("one of the two reports has no text to compare")
            self.diff.setPlainText("")


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

    def show_report(self, story: Story, analysis: Analysis, report_id: str) -> None:
        self.report.show_report(story, analysis, report_id)
        self.setCurrentWidget(self.report)

    def show_link(self, story: Story, link: Link, analysis: Analysis | None = None,
                  estimated: LinkDrift | None = None) -> None:
        self.link.show_link(story, link, analysis, estimated)
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
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.account)
        split.addWidget(self.tree)
        split.setSizes([420, 300])
        layout.addWidget(self.headline)
        layout.addWidget(split)

    def _item(self, parent: QTreeWidget | QTreeWidgetItem, text: str,
              report: str | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])  # plain text: items never interpret HTML
        item.setToolTip(0, plain_tip(text))  # the whole entry, where the dock cuts it off
        if report is not None:
            item.setData(0, REPORT_ROLE, report)
        if isinstance(parent, QTreeWidget):
            parent.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def show_analysis(self, story: Story, analysis: Analysis,
                      estimated: LinkDrift | None = None,
                      estimate: TextEstimate | None = None) -> None:
        """Show the account; ``estimated`` is the likely point estimated from the words,
        ``estimate`` the comparison of the words it comes from (worked out if not given)."""
        self.tree.clear()
        if estimate is None and has_unannotated_text_links(story):
            estimate = estimate_point(story)
        # Without its heading: the story's title is the window's already.
        self.account.setPlainText(account(story, analysis, estimate, heading=False))
        point = analysis.point_of_distortion
        claims = {c.id: c.text for c in story.claims}
        if point is None and estimated is not None:
            self.headline.setText("Likely point of distortion (estimated from text, check it): "
                                  f"{report_label(story, estimated.target)}")
            top = self._item(self.tree, "Likely point of distortion (estimated from text)",
                             estimated.target)
            self._item(top, report_label(story, estimated.target), estimated.target)
            self._item(top, f"drawing on {report_label(story, estimated.source)}",
                       estimated.source)
            self._item(top, estimated.drift.explanation)
            top.setExpanded(True)
        elif point is None:
            self.headline.setText(no_point_summary(analysis) + ".")
        else:
            self.headline.setText(
                f"Point of distortion: {report_label(story, point.report)}")
            top = self._item(self.tree, "Point of distortion", point.report)
            self._item(top, report_label(story, point.report), point.report)
            for rid in point.planted:
                self._item(top, f"planted by {report_label(story, rid)}", rid)
            for rid in point.reach:
                self._item(top, f"repeated by {report_label(story, rid)}", rid)
            top.setExpanded(True)
        if analysis.distortions:
            group = self._item(self.tree, f"Distortions ({len(analysis.distortions)})")
            for d in analysis.distortions[:2000]:
                kinds = ", ".join(k.value for k in d.kinds)
                change = change_label(d).replace("\n", ", ")
                claim = claims.get(d.claim, d.claim)
                self._item(group, f"“{claim}”: {kinds} ({change}) by "
                                  f"{report_label(story, d.report)}, reach {len(d.reach)}",
                           d.report)
            group.setExpanded(len(analysis.distortions) <= 20)
        for claim, findings in analysis.claims.items():
            if not findings.rebuttals:
                continue
            group = self._item(self.tree, f"Rebuttals of “{claims.get(claim, claim)}” "
                                          f"({len(findings.rebuttals)})")
            for rid in findings.rebuttals[:500]:
                self._item(group, f"rebutted by {report_label(story, rid)}", rid)
            reached = set(findings.rebuttal_reached)
            for rid in findings.carried_after_rebuttal[:500]:
                note = "reached by the rebuttal" if rid in reached else "rebuttal did not reach it"
                self._item(group, f"still repeated by {report_label(story, rid)} ({note})", rid)
            group.setExpanded(len(findings.rebuttals) <= 20)
        if analysis.warnings:
            group = self._item(self.tree, f"Data warnings ({len(analysis.warnings)})")
            for w in analysis.warnings[:500]:
                self._item(group, w.message, w.reports[0] if w.reports else None)

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

    def show_entries(self, entries: list[LegendEntry]) -> None:
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
