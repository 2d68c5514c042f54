"""The main window: the chain in the middle, the inspector and the analysis in docks."""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSlider,
    QToolBar,
    QUndoView,
)

from provenance import ProvenanceError, sample_names, sample_path
from provenance.analysis import Analysis
from provenance.drawing.layout import Layout
from provenance.drawing.picture import Picture, PictureChanges, describe, prepare
from provenance.model import Story
from provenance.view import ViewState, pair_link
from provenance.wording.outline import (
    analysis_page,
    claim_choices,
    error_message,
    link_facts,
    report_facts,
    window_title,
)

from .accounts import AccountSwitcher
from .chain import ChainScene, ChainView, LinkItem, ReportItem, retire
from .editing import EditActions
from .editor import Document
from .forms import EditPanel
from .lifecycle import DocumentActions, FileDrops
from .page import export_page_dialog
from .panels import AnalysisPanel, Inspector, Legend, plain_tip
from .timeline import TimelinePanel
from .work import (
    FROZEN_FORMATS,
    Opened,
    Reanalysed,
    Work,
    keep_out_of_collections,
    read_story,
    reanalyse,
    write_diagram,
    write_graph,
)

MAX_RECENT = 8
#: Selecting a report zooms in to at least this scale, where card text reads well.
READABLE = 0.8
#: The first window: at most this size, fitted to the screen it opens on ...
FIRST_SIZE = (1400, 900)
#: ... and not smaller than this (unless the screen is).
SMALLEST_SIZE = (800, 560)
#: How many story values' layouts are kept for undo and redo.
LAYOUTS_KEPT = 64
#: Stories of this many reports or more are analysed again after an edit in the
#: background (:meth:`MainWindow._reanalyse`); smaller ones at once, in well under a
#: tenth of a second.
EDIT_IN_BACKGROUND = 2000
#: After a story opened or an edit analysed in the background, the Analysis dock is
#: brought up to date this many milliseconds after the chain, by a timer: a call posted
#: for at once runs in the same pass as the chain's repaint, before the window's input
#: and other timers.
DOCK_LATER_MS = 1
#: ``_update_scene``'s lens, when it is to be described there.
_DESCRIBE = object()


class MainWindow(DocumentActions, EditActions, QMainWindow):
    """The viewer. ``open_path`` loads a story; lenses and selection drive the chain."""

    def __init__(self, settings: QSettings | None = None, remember: bool = True) -> None:
        """``remember``: restore and keep the window's place and docks (not for a
        --screenshot, which must look the same wherever it is made)."""
        super().__init__()
        #: The workbook, CSV folder or PROV file the story was read from (Save As
        #: suggests a story file beside it); None for a story file or a new story.
        self.imported_from: Path | None = None
        self.remember = remember
        self.settings = settings if settings is not None else QSettings("provenance", "viewer")
        self.story: Story | None = None
        self.analysis: Analysis | None = None
        self.layout: Layout | None = None
        self.path: Path | None = None
        self.scene: ChainScene | None = None
        self.error_box: QMessageBox | None = None
        #: What the viewer shows (the library's :class:`ViewState`); None before a story.
        self.state: ViewState | None = None
        self._applying = False  # the window moves Qt's selection itself: not the user
        self._link_of: tuple[int, ...] = ()
        self._item_of: dict[int, int] = {}
        #: The layout each recent story value had (undo puts the cards back exactly).
        self._layouts: dict[int, tuple[Story, Layout]] = {}
        self._tidy = False  # the next showing lays the chain out afresh
        #: The edited story being analysed in the background (None: none is).
        self._reanalysing: Story | None = None
        self._reanalysis_job: int | None = None
        #: The document's story the chain shows (before an account is told from it).
        self._shown_story: Story | None = None
        self._claim_choices: tuple[object, ...] = ()  # what the claim box lists

        #: The story being edited, its file and its undo stack; the window shows it.
        self.document = Document(self)
        self.document.replaced.connect(self._story_replaced)
        self.document.changed.connect(self._story_changed)
        self.document.stack.cleanChanged.connect(self._clean_changed)
        self.setWindowTitle("provenance[*]")
        self.setAcceptDrops(True)
        self.view = ChainView(self)
        self.view.navigate.connect(self._navigate)
        self.view.link_clicked.connect(self._link_clicked)
        # Links are drawn into the file only while the whole file is shown (accounts).
        self.view.link_dragged.connect(
            lambda s, t: self.accounts.editable and self.make_link(s, t))
        self._highlighted: ReportItem | LinkItem | None = None
        self.setCentralWidget(self.view)

        self.inspector = Inspector()
        dock = QDockWidget("Inspector", self)
        dock.setObjectName("inspector")
        dock.setWidget(self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.analysis_panel = AnalysisPanel()
        self.analysis_panel.report_chosen.connect(lambda rid: self.select_report(rid))
        dock = QDockWidget("Analysis", self)
        dock.setObjectName("analysis")
        dock.setWidget(self.analysis_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        inspector_dock = self.findChild(QDockWidget, "inspector")
        # Analysis above the inspector, both on the right: the chain keeps the width.
        self.splitDockWidget(dock, inspector_dock, Qt.Orientation.Vertical)
        self.resizeDocks([dock], [380], Qt.Orientation.Horizontal)
        self.resizeDocks([dock, inspector_dock], [420, 420], Qt.Orientation.Vertical)
        self.edit_panel = EditPanel()
        self.edit_panel.report.edited.connect(self._report_edited)
        self.edit_panel.link.edited.connect(self._link_edited)
        self.edit_panel.report.mention_edited.connect(self._mention_edited)
        self.edit_panel.report.mention_added.connect(self.add_mention_now)
        self.edit_panel.report.actor_edited.connect(self._actor_edited)
        self.edit_panel.report.claim_edited.connect(self._claim_edited)
        self.edit_panel.report.mention_removed.connect(self._mention_removed)
        self.edit_panel.report.suggestion_accepted.connect(self.accept_suggestion)
        self.connect_forms()
        edit_dock = QDockWidget("Edit", self)
        edit_dock.setObjectName("edit")
        edit_dock.setWidget(self.edit_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, edit_dock)
        self.tabifyDockWidget(inspector_dock, edit_dock)
        inspector_dock.raise_()
        self.legend = Legend()
        legend_dock = QDockWidget("Legend", self)
        legend_dock.setObjectName("legend")
        legend_dock.setWidget(self.legend)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, legend_dock)
        self.history = QUndoView(self.document.stack)
        self.history.setEmptyLabel("The story as opened")
        history_dock = QDockWidget("Undo history", self)
        history_dock.setObjectName("history")
        history_dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, history_dock)
        self.tabifyDockWidget(legend_dock, history_dock)
        legend_dock.raise_()
        self.timeline_panel = TimelinePanel()  # View > Timeline; linked to the Replay slider
        self.timeline_panel.report_chosen.connect(lambda rid: self.select_report(rid))
        self.timeline_panel.moment_chosen.connect(lambda at: self.time_slider.setValue(at))
        timeline_dock = QDockWidget("Timeline", self)
        timeline_dock.setObjectName("timeline")
        timeline_dock.setWidget(self.timeline_panel)
        # A row of its own under the chain, full width, shown from the View menu.
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, timeline_dock,
                           Qt.Orientation.Vertical)
        timeline_dock.hide()
        # Searching a large story on every keystroke would stall typing.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(lambda: self.search(self.search_box.text()))

        self._build_toolbar()
        self._build_menus()
        #: Reading and analysing off the GUI thread, with progress and Cancel.
        self.work = Work(self)
        # A job that replaced an edit's analysis, or its Cancel: the chain catches up.
        self.work.finished.connect(lambda _ok: self._catch_up())
        self.work.cancelled.connect(self._catch_up)
        self.drops = FileDrops(self)  # a file dropped anywhere on the window opens it
        #: Competing accounts: the toolbar's switcher and View > Compare accounts.
        self.accounts = AccountSwitcher(self, self.findChild(QToolBar, "lenses"),
                                        self.view_menu)
        self.statusBar().showMessage("Open a story file (Ctrl+O), pick a sample, or make a "
                                     "new story (Ctrl+N).")
        if remember:
            self._restore_layout()
        else:
            self.resize(*FIRST_SIZE)

    # ----------------------------------------------------------------- building
    def _build_toolbar(self) -> None:
        bar = QToolBar("Lenses", self)
        bar.setObjectName("lenses")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(" Claim: "))
        self.claim_box = QComboBox()
        self.claim_box.setMinimumContentsLength(28)
        self.claim_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.claim_box.currentIndexChanged.connect(self._claim_chosen)
        bar.addWidget(self.claim_box)
        bar.addSeparator()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Find reports (actor, title, text)…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(280)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._next_match)
        bar.addWidget(self.search_box)
        bar.addSeparator()
        bar.addWidget(QLabel(" Replay: "))
        self.time_slider = QSlider(Qt.Orientation.Horizontal)
        self.time_slider.setMinimumWidth(200)
        self.time_slider.valueChanged.connect(self._time_moved)
        bar.addWidget(self.time_slider)
        self.time_label = QLabel("")
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        self.time_label.setMinimumWidth(150)
        bar.addWidget(self.time_label)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self._action(menu, "&New story…", self.new_story, QKeySequence.StandardKey.New)
        self._action(menu, "&Open…", self._open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = menu.addMenu("Open &Recent")
        self.samples_menu = menu.addMenu("&Samples")
        for name in sample_names():
            self._action(self.samples_menu, _menu_text(name),
                         lambda _=False, n=name: self.open_path(sample_path(n), wait=False))
        self.samples_menu.setEnabled(bool(sample_names()))
        menu.addSeparator()
        self.save_action = self._action(menu, "&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(menu, "Save &As…", self.save_as,
                                           QKeySequence("Ctrl+Shift+S"))
        self.revert_action = self._action(menu, "&Revert to the saved file",
                                          lambda: self.revert(wait=False))
        menu.addSeparator()
        self.export_diagram_action = self._action(
            menu, "Export &diagram (PNG, SVG, PDF)…", self._export_diagram_dialog,
            QKeySequence("Ctrl+E"))
        self.export_graph_action = self._action(
            menu, "Export &graph (GraphML, DOT, PROV, …)…", self._export_graph_dialog,
            QKeySequence("Ctrl+Shift+E"))
        self.export_page_action = self._action(
            menu, "Export &page for readers (HTML)…", lambda: export_page_dialog(self))
        self._action(menu, "&Copy view as image", self.copy_view, QKeySequence("Ctrl+Shift+C"))
        menu.addSeparator()
        self._action(menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self.document.stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
        self.redo_action = self.document.stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            edit.addAction(action)
            self.addAction(action)
        edit.addSeparator()
        self._action(edit, "&Add report", self.add_report_now, QKeySequence("Ctrl+Shift+R"))
        self._action(edit, "&Paste report", self.paste_report, QKeySequence("Ctrl+Shift+V"))
        self.delete_action = self._action(edit, "&Delete the selection", self.delete_selection,
                                          QKeySequence.StandardKey.Delete)
        self._action(edit, "A&ccounts…", self.open_accounts)
        self.edit_menu = edit

        view = self.view_menu = self.menuBar().addMenu("&View")
        self._action(view, "Zoom &in", lambda: self.view.zoom(1.25),
                     QKeySequence.StandardKey.ZoomIn)
        self._action(view, "Zoom in", lambda: self.view.zoom(1.25), QKeySequence("Ctrl+="))
        self._action(view, "Zoom &out", lambda: self.view.zoom(0.8),
                     QKeySequence.StandardKey.ZoomOut)
        self._action(view, "&Fit to window", self.view.fit, QKeySequence("F"))
        self._action(view, "&Tidy the chain (lay it out afresh)", self.tidy, QKeySequence("Ctrl+L"))
        self._action(view, "Go to the &point of distortion", self.select_point, QKeySequence("P"))
        self._action(view, "&Clear selection, search and replay", self.clear_lenses,
                     QKeySequence(Qt.Key.Key_Escape))
        view.addSeparator()
        for name in ("analysis", "inspector", "edit", "legend", "history", "timeline"):
            dock = self.findChild(QDockWidget, name)
            if dock is not None:
                view.addAction(dock.toggleViewAction())
        self._refresh_recent()

    # ----------------------------------------------------------------- opening
    def open_path(self, path: str | os.PathLike[str], wait: bool = True) -> bool:
        """Load, analyse and show a story file, PROV-JSON, a workbook or CSV files (one of
        them stands for its folder's set); on failure show the loader's message.
        ``wait=False`` (the menus, a drop): the work runs in the background with progress
        and Cancel (``self.work``) and this returns True at once.

        A story read from another format has no story file yet: Save asks where to
        write one, so the workbook or PROV document is never overwritten with JSON."""
        path = Path(path)
        if not wait:
            self.work.open(path)
            return True
        try:
            opened = read_story(path)
        except ProvenanceError as err:
            self.show_error(f"Cannot open {path.name}", str(err))
            return False
        return self.show_opened(opened)

    def show_opened(self, opened: Opened) -> bool:
        """Show a story read (and made ready) by :func:`~provenance_gui.work.read_story`,
        once unsaved changes are saved or given up (False: the user kept them)."""
        path, fmt, story = opened.path, opened.format, opened.story
        if not self.may_drop_changes():
            return False
        self.work.ready = opened
        self.set_story(story, path if fmt == "story" else None)
        if fmt in FROZEN_FORMATS:
            keep_out_of_collections()  # the story, its scene and docks (see there)
        if fmt != "story":
            self.imported_from = path
        self._remember(path)
        if fmt != "story":
            self.statusBar().showMessage(
                f"Opened {path.name} ({fmt}); File > Save As writes it as a story file")
        return True

    def set_story(self, story: Story, path: Path | None = None) -> None:
        """Open a story (already loaded) as the document: a fresh undo history, a new
        scene, the whole chain in view."""
        self.imported_from = None
        self.document.open(story, path)

    def _story_replaced(self, story: Story) -> None:
        self._show_story(story, keep_view=False)

    def _story_changed(self, story: Story) -> None:
        if (len(story.reports) >= EDIT_IN_BACKGROUND and self.scene is not None
                and self.state is not None and shiboken6.isValid(self.scene)
                and (not self.work.busy or self._reanalysis_pending())
                and self.accounts.told(story, fresh=False) is story):
            self._reanalyse(story)
        else:
            self._show_story(story, keep_view=True)

    def _reanalyse(self, story: Story) -> None:
        """Analyse, lay out and describe the edited story in the background (a story
        this large takes half a second and more), then show it in place; an edit
        meanwhile starts again from the newer story."""
        assert self.scene is not None and self.state is not None
        previous, known = self._layouts_for(story, keep_view=True)
        claim, shown = self.state.claim, self.scene.shown
        self._reanalysing = story
        self.work.start("Analysing the change…",
                        lambda _step: reanalyse(story, previous, known, claim, shown),
                        done=self._reanalysed, failed=self._reanalysis_failed,
                        cancellable=False)
        self._reanalysis_job = self.work.current

    def _reanalysis_pending(self) -> bool:
        """True while the window waits for an edit's analysis (not replaced by a job of
        another kind)."""
        return self._reanalysing is not None and self.work.current == self._reanalysis_job

    def _reanalysed(self, result: Reanalysed) -> None:
        # The worker's objects, made with the collector off, out of its reach before it
        # is on again: its first pass would go through them all (0.04 s at 10,000).
        keep_out_of_collections()
        self._reanalysing = None
        if result.story is self.document.story:
            self._show_story(result.story, keep_view=True, computed=result)
        else:
            self._catch_up()

    def _reanalysis_failed(self, error: ProvenanceError) -> None:
        self._reanalysing = None
        self.show_error("Cannot analyse the change", str(error))
        self._catch_up()

    def _catch_up(self) -> None:
        """After background work: show the document's story if the chain shows an older
        one (its analysis after an edit was replaced by another job, or failed)."""
        if self._reanalysis_pending():
            return
        self._reanalysing = None
        story = self.document.story
        if story is not None and self.scene is not None and story is not self._shown_story:
            self._show_story(story, keep_view=True)

    def _layouts_for(self, story: Story, keep_view: bool) -> tuple[Layout | None, Layout | None]:
        """The layout to keep the cards of (after an edit: the cards that stay stay put)
        and the layout the story had (an undo), where they apply."""
        previous = known = None
        if keep_view and not self._tidy:
            previous = self.layout
            had = self._layouts.get(id(story))
            if had is not None and had[0] is story:
                known = had[1]
        return previous, known

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _show_story(self, story: Story, keep_view: bool,
                    computed: Reanalysed | None = None) -> None:
        """Show the document's story: analysed, laid out, a new scene. ``keep_view``
        (after an edit, an undo): the zoom, scroll, claim lens and selection stay.
        ``computed``: the library's work on it done already (:func:`reanalyse`)."""
        path = self.document.path
        self._shown_story = story
        story = self.accounts.told(story, fresh=not keep_view)  # an account, or the file
        kept = self._view_kept() if keep_view and self.state is not None else None
        # Analysed, the words compared (for the account and the likely point), laid out.
        done = self.work.take(story) if not keep_view else None
        if computed is not None:
            ready = computed.ready
        elif done is not None:
            ready = done.ready
        else:
            previous, known = self._layouts_for(story, keep_view)
            ready = prepare(story, previous=previous, layout=known)
        analysis, layout, words, estimate = (ready.analysis, ready.layout, ready.words,
                                             ready.estimate)
        self._layouts[id(story)] = (story, layout)
        while len(self._layouts) > LAYOUTS_KEPT:
            del self._layouts[next(iter(self._layouts))]
        self.story, self.analysis, self.layout, self.path = story, analysis, layout, path
        old = self.scene
        if kept is not None and old is not None and shiboken6.isValid(old):
            # After an edit: the items that changed, in place; the view stays.
            if computed is not None and computed.shown is old.shown \
                    and computed.claim == kept["claim"]:
                self._update_scene(old, computed.picture, kept["claim"], computed.lens,
                                   computed.changes)
            else:
                self._update_scene(old, computed.picture if computed is not None else
                                   describe(story, analysis, layout=layout,
                                            estimate=estimate), kept["claim"])
        else:
            # A new scene rather than clear(): clearing 100k items takes seconds.
            self._highlighted = None
            self.scene = (done.scene if done is not None and done.scene is not None else
                          ChainScene(story, analysis, layout, estimate=estimate,
                                     picture=done.picture if done is not None else None))
            self.scene.selectionChanged.connect(self._selection_changed)
            self.view.setScene(self.scene)
            if old is not None:
                retire(old)
        if computed is not None:
            state = computed.state
        elif done is not None and done.state is not None:
            state = done.state
        else:
            state = ViewState(story, analysis, estimate=estimate)
        self.state = state
        #: Each link item's link (its index in story.links), and the item of each link.
        self._link_of = tuple(route.link for route in layout.routes)
        self._item_of = {link: at for at, link in enumerate(self._link_of)}
        choices = claim_choices(story)
        if kept is None or choices != self._claim_choices:
            self._claim_choices = choices
            self.claim_box.blockSignals(True)
            self.claim_box.clear()
            for choice in choices:
                self.claim_box.addItem(choice.label, choice.claim)
                if choice.tip:
                    self.claim_box.setItemData(self.claim_box.count() - 1,
                                               plain_tip(choice.tip),
                                               Qt.ItemDataRole.ToolTipRole)
            self.claim_box.blockSignals(False)
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.time_slider.blockSignals(True)
        self.time_slider.setRange(0, max(0, len(state.times) - 1))
        self.time_slider.setValue(state.replay_index)
        self.time_slider.setEnabled(len(state.times) > 1)
        self.time_slider.blockSignals(False)
        self.time_label.setText(state.replay_label)
        self.timeline_panel.show_story(story, analysis, state)
        if computed is not None or (done is not None and done.scene is not None):
            # Worked out in the background: the chain first; the Analysis dock after the
            # window has had a turn (the two at once held a large story's window up for
            # a tenth of a second).
            page = (computed if computed is not None else done).page  # type: ignore[union-attr]
            QTimer.singleShot(DOCK_LATER_MS, lambda: self.story is story
                              and self.analysis_panel.show_page(page))
        else:
            self.analysis_panel.show_page(done.page if done is not None else
                                          analysis_page(story, analysis, estimate, words))
        # The scene's picture is of every claim, as a fresh state is: its legend.
        self.legend.show_entries(list(self.scene.picture.legend))
        if kept is None:
            self.inspector.clear()
            self.edit_panel.clear()
        self._retitle()
        if kept is not None:
            self._restore_view(kept)
            if self.state.report is None and self.state.link is None:  # it was removed
                self.inspector.clear()
                self.edit_panel.clear()
        else:
            self.statusBar().showMessage(state.status)
            self.view.fit()
        self.accounts.refresh()

    def _update_scene(self, scene: ChainScene, picture: Picture, claim: object,
                      lens: Picture | None | object = _DESCRIBE,
                      changes: PictureChanges | None = None) -> None:
        """Bring the scene to the edited story's ``picture`` in place (the claim lens
        ``claim`` described too, where the story still has it; ``lens`` and ``changes``:
        that picture and what changes on screen, worked out already)."""
        if lens is _DESCRIBE:
            lens = None
            if isinstance(claim, str) and any(c.id == claim for c in picture.story.claims):
                lens = describe(picture.story, picture.analysis, layout=picture.layout,
                                claim=claim, estimate=None)
        assert lens is None or isinstance(lens, Picture)
        self._highlight(None)  # the selection is shown again after
        self._applying = True  # items removed from the selection: not the user's doing
        try:
            scene.show_picture(picture, lens, changes)
        finally:
            self._applying = False

    def _retitle(self) -> None:
        story, path = self.document.story, self.document.path
        if story is None:
            return
        # "[*]": where Qt puts the "*" of unsaved changes (setWindowModified).
        name = path.name if path is not None else "unsaved"
        self.setWindowTitle(window_title(story, f"{name}[*]"))
        self.setWindowModified(self.document.modified)

    def _view_kept(self) -> dict[str, object]:
        """What an edit must not change in the view: zoom, scroll, lens, selection."""
        assert self.state is not None
        link = None
        if self.state.link is not None and self.state.link < len(self.state.story.links):
            old = self.state.story.links[self.state.link]
            link = (old.source, old.target)
        return {"transform": self.view.transform(),
                "centre": self.view.mapToScene(self.view.viewport().rect().center()),
                "claim": self.state.claim, "report": self.state.report, "link": link}

    def _restore_view(self, kept: dict[str, object]) -> None:
        assert self.state is not None and self.scene is not None
        self.view.setTransform(kept["transform"])  # type: ignore[arg-type]
        state = self.state
        claim = kept["claim"]
        if isinstance(claim, str) and any(c.id == claim for c in state.story.claims):
            self.set_claim_lens(claim)
            state = self.state
        report, link = kept["report"], kept["link"]
        if isinstance(report, str) and report in self.scene.reports:
            state = state.select_report(report, centre=False)
        elif isinstance(link, tuple):
            index = pair_link(state.story, *link)
            if index is not None:
                state = state.select_link(index)
        self._show(state)
        self.view.centerOn(kept["centre"])  # type: ignore[call-overload]

    def show_error(self, title: str, message: str) -> None:
        """A non-blocking error dialog with the message as plain text; a long list of
        errors shows its first ones, the whole list under "Show Details…"."""
        shown, details = error_message(message)
        box = QMessageBox(QMessageBox.Icon.Critical, title, shown, QMessageBox.StandardButton.Ok,
                          self)
        if details is not None:
            box.setDetailedText(details)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.error_box = box

    def _open_dialog(self) -> None:
        samples = sample_names()
        start = (str(self.path.parent) if self.path else
                 str(sample_path(samples[0]).parent) if samples else "")
        name, _ = QFileDialog.getOpenFileName(self, "Open story", start,
                                              "Stories and spreadsheets (*.json *.xlsx *.csv)"
                                              ";;Story files (*.json);;Workbooks (*.xlsx)"
                                              ";;CSV files (*.csv);;All files (*)")
        if name:
            self.open_path(name, wait=False)

    def _remember(self, path: Path) -> None:
        recent = [p for p in self._recent() if p != str(path.resolve())]
        recent.insert(0, str(path.resolve()))
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._refresh_recent()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if value else []

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self._recent():
            action = self.recent_menu.addAction(_menu_text(entry))
            action.triggered.connect(lambda _=False, p=entry: self.open_path(p, wait=False))
        self.recent_menu.setEnabled(bool(self._recent()))

    def tidy(self) -> None:
        """Lay the chain out afresh (edits keep cards in place, so a chain built card by
        card may want it), keeping the selection; the whole chain in view."""
        story = self.document.story
        if story is None:
            return
        self._tidy = True
        try:
            self._show_story(story, keep_view=True)
        finally:
            self._tidy = False
        self.view.fit()

    # ----------------------------------------------------------------- the window
    def _restore_layout(self) -> None:
        """Where the window and docks were when it last closed; the first time, a size
        that fits the screen."""
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
            self.fit_screen()
        state = self.settings.value("windowState")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def fit_screen(self, available: QRect | None = None) -> None:
        """Size and centre the window on the screen's available area (``available``:
        another area, for tests): at most FIRST_SIZE, at least SMALLEST_SIZE."""
        if available is None:
            screen = self.screen() or QApplication.primaryScreen()
            if screen is None:
                self.resize(*FIRST_SIZE)
                return
            available = screen.availableGeometry()
        # The frame (title bar, borders) is outside the size given: leave room for it.
        room_w, room_h = available.width() - 16, available.height() - 40
        width = min(FIRST_SIZE[0], max(min(SMALLEST_SIZE[0], available.width()), room_w))
        height = min(FIRST_SIZE[1], max(min(SMALLEST_SIZE[1], available.height()), room_h))
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2,
                  available.y() + max(0, (available.height() - 40 - height) // 2))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.may_drop_changes():
            event.ignore()
            return
        if self.remember:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("windowState", self.saveState())
        self.document.discard_recovery()
        self.work.cancel()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile(), wait=False)
                event.acceptProposedAction()
                return

    # ----------------------------------------------------------------- selection
    def select_report(self, report_id: str, center: bool = True) -> None:
        """Select a report's card (and centre the view on it)."""
        if self.state is None or self.scene is None or report_id not in self.scene.reports:
            return
        self._show(self.state.select_report(report_id, centre=center))

    def select_point(self) -> None:
        """Select the point of distortion, if there is one."""
        if self.state is not None:
            self._show(self.state.select_point())

    def selected_report(self) -> str | None:
        return self.state.report if self.state is not None else None

    @property
    def claim(self) -> str | None:
        """The claim lens's claim (None: every claim)."""
        return self.state.claim if self.state is not None else None

    def _selection_changed(self) -> None:
        """The user clicked a card, or empty space: the state follows Qt's selection."""
        if (self._applying or self.scene is None or self.state is None
                or not shiboken6.isValid(self.scene)):  # the scene is being torn down
            return
        items = [i for i in self.scene.selectedItems() if isinstance(i, ReportItem)]
        if items:
            if items[0].report_id != self.state.report:
                self._show(self.state.select_report(items[0].report_id, centre=False))
        elif self.state.report is not None:
            self._show(self.state.clear_selection())

    def show_link(self, key: tuple[str, str], item: LinkItem | None = None) -> None:
        """Show a link in the inspector and highlight it (``item``: the one clicked,
        where two links join the same reports)."""
        if self.scene is None or self.state is None or key not in self.scene.links:
            return
        index = None
        if item is not None:
            try:
                index = self._link_of[self.scene.link_items.index(item)]
            except (ValueError, IndexError):  # not this scene's item
                index = None
        if index is None:
            index = pair_link(self.state.story, *key)
        if index is not None:
            self._show(self.state.select_link(index))

    def _link_clicked(self, item: LinkItem) -> None:
        self.show_link(item.key, item)

    def _navigate(self, direction: str) -> None:
        if self.state is not None and self.layout is not None:
            self._show(self.state.navigate(self.layout, direction))

    # ----------------------------------------------------------------- lenses
    def clear_lenses(self) -> None:
        """Esc: drop the lineage, search and time lenses and the selection."""
        if self.state is not None:
            self._show(self.state.clear(), speak=True)

    def set_claim_lens(self, claim_id: str | None) -> None:
        """Colour reports by their stance on a claim (None: back to actor kinds)."""
        if self.state is None:
            return
        state = self.state.set_claim(claim_id)  # ProvenanceError: no such claim
        self.claim_box.blockSignals(True)
        self.claim_box.setCurrentIndex(
            0 if claim_id is None else max(0, self.claim_box.findData(claim_id)))
        self.claim_box.blockSignals(False)
        self._show(state)

    def _claim_chosen(self, index: int) -> None:
        if self.state is not None:
            self._show(self.state.set_claim(self.claim_box.itemData(index)))

    def search(self, text: str) -> None:
        """Dim reports that do not match ``text``; select the first match."""
        self._search_timer.stop()
        if self.state is not None:
            self._show(self.state.search(text), speak=True)

    def _next_match(self) -> None:
        if self.state is None:
            return
        if self._search_timer.isActive():  # Enter before the search ran: run it first
            self.search(self.search_box.text())
            return
        self._show(self.state.next_match())

    def _time_moved(self, value: int) -> None:
        if self.state is not None and self.state.times:
            self._show(self.state.replay_to(self.state.times[value]), speak=True)

    # ----------------------------------------------------------------- the state, shown
    def _show(self, state: ViewState, speak: bool = False) -> None:
        """Make the window show ``state``: Qt's selection, the highlighted item, the
        inspector, the dimming, the claim lens, the search box, the replay slider, the
        status bar (when ``speak``: a lens changed) and where the view is centred.
        Only what changed is touched."""
        old, self.state = self.state, state
        scene = self.scene
        if scene is None or old is None:
            return
        self._applying = True
        try:
            selected = [i for i in scene.selectedItems() if isinstance(i, ReportItem)]
            if [i.report_id for i in selected] != ([state.report] if state.report else []):
                scene.clearSelection()
                if state.report is not None:
                    scene.reports[state.report].setSelected(True)
        finally:
            self._applying = False
        if state.claim != old.claim:
            if state.claim is None:
                scene.restore_colours()
            else:
                scene.set_claim(state.claim)
            self.legend.show_entries(state.legend())
        scene.set_dimmed(state.dimmed_reports)
        item: ReportItem | LinkItem | None = None
        if state.report is not None:
            item = scene.reports[state.report]
        elif state.link is not None and state.link in self._item_of:
            item = scene.link_items[self._item_of[state.link]]
        self._highlight(item)
        if (state.report, state.link) != (old.report, old.link):
            if state.report is not None:
                self.inspector.show_report(report_facts(state.story, state.analysis,
                                                        state.report))
                self._edit_report(state.story, state.report)
            elif state.link is not None:
                self.inspector.show_link(link_facts(state.story, state.link, state.analysis,
                                                    scene.estimate))
                self.edit_panel.show_link(state.story.links[state.link], state.link,
                                          state.story)
            else:
                self.inspector.clear()
                self.edit_panel.clear()
        if state.query != self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.setText(state.query)
            self.search_box.blockSignals(False)
        if state.times and self.time_slider.value() != state.replay_index:
            self.time_slider.blockSignals(True)
            self.time_slider.setValue(state.replay_index)
            self.time_slider.blockSignals(False)
        self.time_label.setText(state.replay_label)
        self.timeline_panel.show_state(state)
        if speak:
            self.statusBar().showMessage(state.status)
        if state.centre is not None:
            scale = self.view.transform().m11()
            if scale < READABLE:  # too small to read: zoom in to a legible size first
                self.view.zoom(READABLE / scale)
            self.view.centerOn(scene.reports[state.centre])

    def _highlight(self, item: ReportItem | LinkItem | None) -> None:
        if item is self._highlighted:
            return
        if self._highlighted is not None and shiboken6.isValid(self._highlighted):
            self._highlighted.set_highlight(False)
            if isinstance(self._highlighted, LinkItem) and self.scene is not None:
                self.scene.refresh_link(self._highlighted)
        self._highlighted = item
        if item is not None:
            item.set_highlight(True)

    # ----------------------------------------------------------------- export
    def export_diagram(self, path: str | os.PathLike[str]) -> Path:
        """Write the diagram through the library's renderer (as `provenance draw` does);
        here and now (File > Export writes it in the background)."""
        return write_diagram(self.story, path, self.analysis, self.claim)

    def export_graph(self, path: str | os.PathLike[str], fmt: str) -> list[str]:
        """Write the graph in an interchange format (as `provenance export` does);
        returns what the export warned of (a Mermaid skeleton, a slow DOT file)."""
        return write_graph(self.story, path, fmt, self.analysis)

    def _export_diagram_dialog(self) -> None:
        from provenance.drawing.mpl import SAVE_FORMATS
        from provenance.files.registry import export_target

        if self.story is None:
            return
        suffixes = {fmt.upper(): suffix for suffix, fmt in SAVE_FORMATS.items()}
        asked, chosen = self.ask_save_name(
            "Export diagram", self._suggested(".png"), list(suffixes.items()))
        if not asked:
            return
        name, _ = export_target(asked, chosen.split(" ", 1)[0] if chosen else "PNG", suffixes)
        if not self._may_write(name, asked):
            return
        story, analysis, claim = self.story, self.analysis, self.claim
        self.work.export(name, lambda: write_diagram(story, name, analysis, claim),
                         done=lambda written: self.statusBar().showMessage(f"Wrote {written}"),
                         failed=lambda err: self.show_error("Cannot export the diagram",
                                                            str(err)))

    def _export_graph_dialog(self) -> None:
        from provenance.files.registry import FORMAT_SUFFIXES, export_target

        if self.story is None:
            return
        asked, chosen = self.ask_save_name(
            "Export graph", self._suggested(".graphml"), list(FORMAT_SUFFIXES.items()))
        if not asked:
            return
        name, fmt = export_target(asked, chosen.split(" ", 1)[0] if chosen else "graphml")
        if not self._may_write(name, asked):
            return
        story, analysis = self.story, self.analysis
        self.work.export(
            name, lambda: write_graph(story, name, fmt, analysis),
            done=lambda notes: self.statusBar().showMessage(
                " ".join([f"Wrote {name} ({fmt}).", *notes])),
            failed=lambda err: self.show_error("Cannot export the graph", str(err)))

    def ask_save_name(self, title: str, suggested: str,
                      filters: list[tuple[str, str]]) -> tuple[str, str]:
        """A save dialog whose file name takes each chosen filter's suffix as it is
        chosen, so that what the dialog shows (and asks before replacing) is what is
        written. Returns the name ("" when cancelled) and the chosen filter."""
        from provenance.files.registry import renamed

        dialog = QFileDialog(self, title)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        labels = [f"{label} (*{suffix})" for label, suffix in filters]
        dialog.setNameFilters(labels)
        dialog.selectFile(suggested)
        suffixes = [suffix for _, suffix in filters]

        def retitle(chosen: str) -> None:
            files = dialog.selectedFiles()
            if files:
                dialog.selectFile(renamed(Path(files[0]).name,
                                          filters[labels.index(chosen)][1], suffixes))

        dialog.filterSelected.connect(retitle)
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", ""
        return dialog.selectedFiles()[0], dialog.selectedNameFilter()

    def _may_write(self, name: str, asked: str) -> bool:
        """Never the open story file; and ask before replacing a file the dialog did
        not ask about (its name changed with the suffix)."""
        target = Path(name).resolve()
        if self.path is not None and target == self.path.resolve():
            self.show_error("Cannot export there",
                            f"{name} is the story file that is open; choose another name.")
            return False
        if name != asked and target.exists():
            answer = QMessageBox.question(
                self, "Replace the file?", f"{name} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            return answer == QMessageBox.StandardButton.Yes
        return True

    def _suggested(self, suffix: str) -> str:
        """The default file name of an export: the story file's name with ``suffix``."""
        stem = self.path.stem if self.path is not None else "story"
        folder = self.path.parent if self.path is not None else Path.cwd()
        return str(folder / f"{stem}{suffix}")

    def copy_view(self) -> QImage:
        """Copy the chain as it is shown to the clipboard; returns the image."""
        image = self.view.grab().toImage()
        QApplication.clipboard().setImage(image)
        self.statusBar().showMessage("Copied the view to the clipboard")
        return image

    def fit_later(self) -> None:
        QTimer.singleShot(0, self.view.fit)


def _menu_text(text: str) -> str:
    """A menu entry that shows ``text`` as it is ("&" would mark a shortcut letter)."""
    return text.replace("&", "&&")
