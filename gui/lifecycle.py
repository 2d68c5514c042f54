"""The window's document lifecycle: new, save, save as, revert, the unsaved-changes
question and the offer of a recovery copy after a crash."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from provenance import ProvenanceError
from provenance.document import Recovery, discard_recovery, find_recoveries
from provenance.edits import new_story
from provenance.files.registry import input_format
from provenance.model import Story

from .work import Opened, read_story


class DocumentActions:
    """The file actions of :class:`~provenance_gui.window.MainWindow` (a mixin)."""

    # ----------------------------------------------------------------- the document
    def new_story(self) -> bool:
        """File > New story: ask a title, then an empty chain to fill."""
        if not self.may_drop_changes():
            return False
        title = self.ask_title()
        if not title:
            return False
        self.work.cancel()  # a story still being read would replace the new one
        self.set_story(new_story(title), None)
        self.statusBar().showMessage("A new story: add a report (Edit menu), then save it.")
        return True

    def ask_title(self) -> str:
        """The new story's title ("" when cancelled)."""
        title, ok = QInputDialog.getText(self, "New story", "Title of the story:")
        return title.strip() if ok else ""

    def save(self) -> bool:
        """File > Save: to the story's file (Save As when it has none). A failure is
        shown, and the story stays unsaved."""
        if self.document.story is None:
            return False
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        """File > Save As: a story file chosen in a dialog."""
        if self.document.story is None:
            return False
        name = self.ask_save_path()
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".json")
        if input_format(path) != "story":
            self.show_error(f"Cannot save {path.name}",
                            "Save writes a story file (.json). A workbook or CSV files are "
                            "written by provenance export --to xlsx or --to csv.")
            return False
        return self._save_to(path)

    def ask_save_path(self) -> str:
        """The file Save As writes ("" when cancelled)."""
        source = self.imported_from
        start = (str(self.document.path) if self.document.path is not None else
                 str(source.with_suffix(".json")) if source is not None else
                 str(Path.cwd() / "story.json"))
        name, _ = QFileDialog.getSaveFileName(self, "Save story", start,
                                              "Story files (*.json)")
        return name

    def _save_to(self, path: Path) -> bool:
        try:
            written = self.document.save(path)
        except ProvenanceError as err:
            self.show_error(f"Cannot save {path.name}", str(err))
            return False
        self.path = written
        self._remember(written)
        self._retitle()
        self.statusBar().showMessage(f"Saved {written}")
        return True

    def revert(self, wait: bool = True) -> bool:
        """File > Revert: the story as its file holds it (asking first about changes).
        ``wait=False`` (the menu): the file is read in the background with progress and
        Cancel, which keeps the story shown and its unsaved changes; this returns True
        once the reading started. A file that cannot be read is said, and the story
        stays."""
        path = self.document.path
        if path is None or not self.may_drop_changes():
            return False

        def failed(err: ProvenanceError) -> None:
            self.show_error(f"Cannot revert to {path.name}", str(err))

        if wait:
            try:
                opened = read_story(path)
            except ProvenanceError as err:
                failed(err)
                return False
            self._reverted(opened, self.document.story)
            return True
        asked = self.document.story  # what the question was about
        self.work.read(path, done=lambda opened: self._reverted(opened, asked),
                       failed=failed)
        return True

    def _reverted(self, opened: Opened, asked: Story | None) -> None:
        """Show the story read for Revert; unless it was edited again while the file
        was read and the user now keeps those changes."""
        if self.document.story is not asked and not self.may_drop_changes():
            return
        self.work.cancel()
        self.work.ready = opened
        self.set_story(opened.story, opened.path)

    def may_drop_changes(self) -> bool:
        """Before the story goes (close, quit, new, open, revert, a drop): when it has
        unsaved changes, ask Save / Discard / Cancel. True: go on."""
        if self.document.story is None or not self.document.modified:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.document.discard_recovery()
            return True
        return False

    def ask_unsaved(self) -> str:
        """"save", "discard" or "cancel": what to do with unsaved changes."""
        story = self.document.story
        name = (self.document.path.name if self.document.path is not None else
                story.title if story is not None else "the story")
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"{name} has changes that are not saved.",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Save them first?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(
                    QMessageBox.StandardButton(answer), "cancel")

    def edit_story(self, after: Story, text: str, key: tuple[str, str] | None = None) -> None:
        """Make ``after`` the story, undoably; the chain and docks follow."""
        self.document.edit(after, text, key)

    # ----------------------------------------------------------------- recovery
    def offer_recovery(self) -> bool:
        """At start: a recovery copy left by a viewer that stopped without saving is
        offered back. True when it was recovered (then it is the open story, unsaved)."""
        found = find_recoveries(self.document.recovery_dir)
        if not found:
            return False
        recovery = found[0]
        answer = self.ask_recover(recovery)
        if answer == "later":
            return False
        try:
            discard_recovery(self.document.recovery_dir, recovery.owner)
        except ProvenanceError as err:
            self.show_error("Cannot remove the recovery file", str(err))
        if answer != "recover":
            return False
        self.document.open(recovery.story, recovery.original, modified=True)
        if recovery.original is not None:
            self._remember(recovery.original)
        self.statusBar().showMessage("Recovered the unsaved changes: save them (Ctrl+S).")
        return True

    def ask_recover(self, recovery: Recovery) -> str:
        """"recover", "discard" or "later" (keep the copy, ask at the next start)."""
        where = (f"from {recovery.original}" if recovery.original is not None
                 else "never saved")
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes?",
                          f"The viewer stopped before \"{recovery.story.title}\" ({where}) "
                          "was saved. Recover the changes?", QMessageBox.StandardButton.NoButton,
                          self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.exec()
        clicked = box.clickedButton()
        return "recover" if clicked is recover else "discard" if clicked is discard else "later"



def dropped_file(event: QEvent) -> str | None:
    """The first local file a drag carries (None: it carries none)."""
    mime = event.mimeData() if isinstance(event, QDropEvent) else None
    if mime is None or not mime.hasUrls():
        return None
    return next((url.toLocalFile() for url in mime.urls() if url.isLocalFile()), None)


class FileDrops(QObject):
    """A file dropped anywhere on the window opens it: on the chain, a dock, the search
    box or a form's field as on the window's frame (a text field would otherwise take the
    file's name as text). An event filter on each of the window's widgets, those added
    later too (not on the application: every event of every object would then call
    Python, and each such call waits its turn for the interpreter while a worker runs)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self._watch(window)

    def _watch(self, widget: QWidget) -> None:
        for each in (widget, *widget.findChildren(QWidget)):
            each.installEventFilter(self)  # once only: Qt moves it to the front again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.ChildAdded:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget):
                self._watch(child)
            return False
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        name = dropped_file(event)
        if name is None:
            return False
        assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent are too
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            self.window.open_path(name, wait=False)  # type: ignore[attr-defined]
        return True
