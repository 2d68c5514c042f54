"""Competing accounts in the viewer: the account switcher and the side-by-side comparison.

A story with ``accounts`` (format version 2) is several stories in one file. The
switcher (a combo on the toolbar, there only when the story has accounts) shows the
chosen account's chain and analysis in the main view; the whole file stays the
document, and it is edited only when the whole file is shown. "Compare accounts"
(View menu) opens two chains side by side, one per account, with what only one of them
holds framed. Which account holds what, and what each account's analysis finds, is the
library's (:mod:`provenance.drawing.accounts`); this module draws it.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsItem,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from provenance.analysis import Analysis, analyze
from provenance.drawing import style
from provenance.drawing.accounts import (
    ONLY_HERE_LEGEND,
    AccountComparison,
    AccountSide,
    account_name,
    account_view,
    compare_accounts,
    compare_caption,
)
from provenance.drawing.picture import prepare
from provenance.model import Story, account_story

from .chain import ChainScene, ChainView


class MainWindow(Protocol):
    """What the switcher uses of the viewer's window (named here: the window imports
    this module, not the other way round)."""

    document: Any
    story: Story | None
    analysis: Analysis | None
    edit_panel: QWidget
    edit_menu: Any
    delete_action: QAction

    def statusBar(self) -> Any: ...  # noqa: N802

    def _show_story(self, story: Story, keep_view: bool) -> None: ...

#: The switcher's first choice: the file as it is, every account's items together.
WHOLE_FILE = "Whole file (every account)"


class AccountSwitcher(QObject):
    """The toolbar's account combo, and the View menu's "Compare accounts…".

    ``account`` is the account shown (None: the whole file). The window asks
    :meth:`told` which story to show, and calls :meth:`refresh` once it shows it.
    """

    def __init__(self, window: MainWindow, bar: QToolBar, menu: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.account: str | None = None
        self._accounts: tuple[str, ...] = ()
        self.label = QLabel(" Account: ")
        self.box = QComboBox()
        self.box.setMinimumContentsLength(24)
        self.box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setToolTip("Show the story as one of its competing accounts tells it")
        self.box.currentIndexChanged.connect(self._chosen)
        # First on the toolbar: which story is shown comes before its lenses.
        first = bar.actions()[0] if bar.actions() else None
        self._label_action = bar.insertWidget(first, self.label)
        self._box_action = bar.insertWidget(first, self.box)
        self._separator = bar.insertSeparator(first)
        self.compare_action = QAction("Compare &accounts…", window)
        self.compare_action.triggered.connect(self.compare)
        menu.addAction(self.compare_action)
        self.dialog: CompareAccounts | None = None
        self._show_controls(False)

    # -- what the window shows ------------------------------------------- #

    def told(self, story: Story, fresh: bool = False) -> Story:
        """The story to show: the chosen account's, or ``story`` itself (the whole
        file, a story that no longer has the chosen account, or a ``fresh`` document:
        one just opened, which starts with the whole file)."""
        if fresh or (self.account is not None
                     and self.account not in {a.id for a in story.accounts}):
            self.account = None
        return story if self.account is None else account_story(story, self.account)

    def refresh(self) -> None:
        """After the window showed a story: the combo lists its accounts (hidden when it
        has none), and editing is possible only with the whole file shown."""
        story = self.window.document.story
        accounts = tuple(a.id for a in story.accounts) if story is not None else ()
        if accounts != self._accounts:
            self._accounts = accounts
            self.box.blockSignals(True)
            self.box.clear()
            self.box.addItem(WHOLE_FILE, None)
            assert story is not None or not accounts
            for account in accounts:
                assert story is not None
                self.box.addItem(account_name(story, account), account)
            self.box.blockSignals(False)
        self.box.blockSignals(True)
        self.box.setCurrentIndex(max(0, self.box.findData(self.account)))
        self.box.blockSignals(False)
        self._show_controls(bool(accounts))
        whole = self.account is None
        self.window.edit_panel.setEnabled(whole)
        self.window.edit_menu.setEnabled(whole)
        # Deleting names a link by its place in the story shown: the file's only.
        self.window.delete_action.setEnabled(whole)
        if not whole and story is not None:
            assert self.account is not None
            self.window.statusBar().showMessage(
                f"Showing {account_name(story, self.account)}: choose \"{WHOLE_FILE}\" "
                "to edit the file")

    @property
    def editable(self) -> bool:
        """True when the document itself is shown (edits go to what is on screen)."""
        return self.account is None

    def choose(self, account: str | None) -> None:
        """Show this account (None: the whole file), as choosing it in the combo does."""
        index = self.box.findData(account)
        if index >= 0 and index != self.box.currentIndex():
            self.box.setCurrentIndex(index)
        elif index >= 0:
            self._chosen(index)

    def _chosen(self, index: int) -> None:
        account = self.box.itemData(index) if index >= 0 else None
        if account == self.account:
            return
        self.account = account
        story = self.window.document.story
        if story is not None:
            self.window._show_story(story, keep_view=True)

    def _show_controls(self, on: bool) -> None:
        self._label_action.setVisible(on)
        self._box_action.setVisible(on)
        self._separator.setVisible(on)
        self.compare_action.setEnabled(on)

    # -- comparing -------------------------------------------------------- #

    def compare(self) -> CompareAccounts | None:
        """Open (or bring forward) the side-by-side comparison of two accounts."""
        story = self.window.document.story
        if story is None or len(story.accounts) < 1:
            return None
        if self.dialog is None:
            self.dialog = CompareAccounts(self.window)
        self.dialog.show_story(story)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


class AccountChain(QWidget):
    """One side of the comparison: an account combo over that account's chain."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.box = QComboBox()
        self.view = ChainView(self)
        self.scene: ChainScene | None = None
        self.analysis: Analysis | None = None
        #: The frames around the cards only this side's account holds, by report.
        self.frames: dict[str, QGraphicsItem] = {}
        #: The links (source, target) drawn as only this side's account's.
        self.marked_links: set[tuple[str, str]] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.view, 1)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        """A side shown or resized shows its whole chain (fitted when it was too small)."""
        super().resizeEvent(event)
        if self.scene is not None:
            self.view.fit()

    @property
    def account(self) -> str | None:
        data = self.box.currentData()
        return data if isinstance(data, str) else None

    def show_account(self, story: Story, whole: Analysis | None) -> None:
        """Lay out and draw the account's story with its analysis."""
        account = self.account
        if account is None:
            return
        told, analysis = account_view(story, account, whole)
        ready = prepare(told, analysis)
        old = self.scene
        self.scene = ChainScene(told, analysis, ready.layout, estimate=ready.estimate)
        self.analysis = analysis
        self.frames = {}
        self.marked_links = set()
        self.view.setScene(self.scene)
        if old is not None:
            old.deleteLater()
        self.view.fit()

    def mark(self, side: AccountSide) -> None:
        """Frame the cards and colour the links that only this account holds."""
        scene = self.scene
        if scene is None:
            return
        color = QColor(ONLY_HERE_LEGEND.color)
        for rid in sorted(side.marked):
            box = scene.layout.cards.get(rid)
            if box is None:
                continue
            frame = QGraphicsRectItem(box.x - 10, box.y - 10, box.width + 20, box.height + 20)
            pen = QPen(color, ONLY_HERE_LEGEND.width * 1.25, Qt.PenStyle.DashLine)
            frame.setPen(pen)
            frame.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            frame.setZValue(0.4)
            frame.setToolTip("only in this account" if rid in side.reports
                             else "its claims differ in the other account")
            scene.addItem(frame)
            self.frames[rid] = frame
        for key in side.links:
            item = scene.links.get(key)
            if item is None:
                continue
            pen = QPen(item.base_pen)
            pen.setColor(color)
            pen.setWidthF(max(pen.widthF(), 2.4))
            item.base_pen = pen
            item.setPen(pen)
            self.marked_links.add(key)
        if self.marked_links:
            scene.restyled()


class CompareAccounts(QDialog):
    """Two accounts side by side, what only one of them holds framed (see
    :func:`~provenance.drawing.accounts.compare_accounts`), and a caption saying
    whether they name the same point of distortion."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Compare accounts")
        self.resize(1400, 760)
        self.story: Story | None = None
        self.comparison: AccountComparison | None = None
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # story text is never markup
        self.caption.setWordWrap(True)
        legend = QLabel(f"Framed ({ONLY_HERE_LEGEND.color}, dashed): {ONLY_HERE_LEGEND.label}")
        legend.setTextFormat(Qt.TextFormat.PlainText)
        legend.setStyleSheet(f"color: {style.ACCOUNT_ONLY_COLOR}")
        self.left = AccountChain(self)
        self.right = AccountChain(self)
        sides = QHBoxLayout()
        sides.addWidget(self.left, 1)
        sides.addWidget(self.right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(sides, 1)
        layout.addWidget(legend)
        for side in (self.left, self.right):
            side.box.currentIndexChanged.connect(lambda _i: self.refresh())

    def show_story(self, story: Story) -> None:
        """Compare this story's accounts: the first two, unless the same ones are chosen."""
        ids = [a.id for a in story.accounts]
        kept = (self.left.account, self.right.account) if self.story is not None else None
        self.story = story
        for side, default in ((self.left, 0), (self.right, min(1, len(ids) - 1))):
            side.box.blockSignals(True)
            side.box.clear()
            for account in ids:
                side.box.addItem(account_name(story, account), account)
            chosen = kept[0 if side is self.left else 1] if kept else None
            side.box.setCurrentIndex(ids.index(chosen) if chosen in ids else default)
            side.box.blockSignals(False)
        self.refresh()

    def choose(self, left: str, right: str) -> None:
        """Compare these two accounts."""
        for side, account in ((self.left, left), (self.right, right)):
            side.box.blockSignals(True)
            side.box.setCurrentIndex(side.box.findData(account))
            side.box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        story = self.story
        first, second = self.left.account, self.right.account
        if story is None or first is None or second is None:
            return
        # The whole file's analysis holds each account's and what each point rests on.
        whole = self.window.analysis if self.window.story is story else analyze(story)
        self.left.show_account(story, whole)
        self.right.show_account(story, whole)
        self.comparison = compare_accounts(story, whole, first, second)
        self.left.mark(self.comparison.only_first)
        self.right.mark(self.comparison.only_second)
        assert self.left.analysis is not None and self.right.analysis is not None
        self.caption.setText("\n".join(compare_caption(story, self.comparison,
                                                       self.left.analysis,
                                                       self.right.analysis)))
