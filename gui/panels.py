"""The docks: the inspector (a report or a link) and the analysis panel.

Every string from a story is set as plain text: labels use ``Qt.PlainText``,
text boxes are ``QPlainTextEdit`` or filled through ``QTextCursor.insertText``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
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

from provenance import style
from provenance.account import account, report_label
from provenance.analysis import Analysis
from provenance.estimate import estimate_point, has_unannotated_text_links
from provenance.model import Link, Story
from provenance.textdrift import drift, word_diff

REPORT_ROLE = Qt.ItemDataRole.UserRole


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets its text as HTML."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


class ReportInspector(QWidget):
    """A report: actor and kind, date, title, full text, URL, and its claims."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
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
        self.claims = QTableWidget(0, 3)
        self.claims.setHorizontalHeaderLabels(["Claim", "Stance", "Role"])
        self.claims.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
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
        self.date.setText(report.published.text if report.published else "not dated")
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
                stance += f" ({mention.holder})"
            findings = analysis.claims.get(mention.claim)
            roles = findings.roles.get(report.id, ()) if findings else ()
            role = ", ".join(r.value for r in roles) if mention.stance.affirmative or not any(
                m.claim == mention.claim and m.stance.affirmative for m in report.claims
            ) else "(rebuttal reached it)"
            for col, value in enumerate((claim_text, stance, role)):
                self.claims.setItem(row, col, QTableWidgetItem(value))
        self.claims.resizeRowsToContents()

    def _open(self) -> None:
        if self._url and self._url.lower().startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(self._url))


class LinkInspector(QWidget):
    """A link: relation, confidence, note, and a word-level diff of the two texts."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        self.ends = plain_label()
        self.relation = plain_label()
        self.confidence = plain_label()
        self.note = plain_label()
        self.explanation = plain_label()
        self.diff = QTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setAcceptRichText(False)
        form.addRow("Link", self.ends)
        form.addRow("Relation", self.relation)
        form.addRow("Confidence", self.confidence)
        form.addRow("Note", self.note)
        form.addRow("Text drift", self.explanation)
        form.addRow("Word diff", self.diff)

    def show_link(self, story: Story, link: Link) -> None:
        self.ends.setText(
            f"{report_label(story, link.source)}\n→ {report_label(story, link.target)}")
        self.relation.setText(link.relation.value)
        self.confidence.setText(f"{link.confidence:g}")
        self.note.setText(link.note or "")
        source, target = story.report(link.source), story.report(link.target)
        self.diff.clear()
        if source.text and target.text:
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
            for op in word_diff(source.text, target.text):
                cursor.insertText(op.text, formats[op.kind])
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

    def show_link(self, story: Story, link: Link) -> None:
        self.link.show_link(story, link)
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
        if report is not None:
            item.setData(0, REPORT_ROLE, report)
        if isinstance(parent, QTreeWidget):
            parent.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def show_analysis(self, story: Story, analysis: Analysis) -> None:
        self.tree.clear()
        estimate = estimate_point(story) if has_unannotated_text_links(story) else None
        self.account.setPlainText(account(story, analysis, estimate))
        point = analysis.point_of_distortion
        if point is None:
            self.headline.setText("No point of distortion: " + (
                "the distortions found only imply or question their claims."
                if analysis.distortions else "no distortion found."))
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
                change = "invented" if d.before is None else f"{d.before.value} → {d.after.value}"
                self._item(group, f"{report_label(story, d.report)}: {kinds} ({change}), "
                                  f"claim {d.claim}, reach {len(d.reach)}", d.report)
            group.setExpanded(len(analysis.distortions) <= 20)
        for claim, findings in analysis.claims.items():
            if not findings.rebuttals:
                continue
            group = self._item(self.tree, f"Rebuttals of {claim} ({len(findings.rebuttals)})")
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
