"""The story being edited: the story, its file, the undo stack and the recovery copy.

The model is immutable, so an edit is a new story: a :class:`StoryEdit` holds the story
before and after, and undo and redo swap them in. Consecutive edits of one field of one
item (keystrokes) merge into one command. The stack's clean state is "saved"; the window
shows ``*`` while it is not. Nothing else changes the story: views listen to ``changed``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from provenance import ProvenanceError
from provenance.document import discard_recovery, write_recovery
from provenance.files.story import save
from provenance.model import Story

#: The recovery folder and the autosave interval, settable for tests.
RECOVERY_DIR_VARIABLE = "PROVENANCE_RECOVERY_DIR"
AUTOSAVE_VARIABLE = "PROVENANCE_AUTOSAVE_SECONDS"
AUTOSAVE_SECONDS = 30.0

_MERGING = 1  # QUndoCommand.id of edits that merge by (item, field)


def recovery_folder() -> Path:
    """Where recovery copies go: $PROVENANCE_RECOVERY_DIR, else the application's data
    folder (QStandardPaths.AppDataLocation) / recovery."""
    named = os.environ.get(RECOVERY_DIR_VARIABLE)
    if named:
        return Path(named)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


def autosave_interval_ms() -> int:
    try:
        seconds = float(os.environ.get(AUTOSAVE_VARIABLE, AUTOSAVE_SECONDS))
    except ValueError:
        seconds = AUTOSAVE_SECONDS
    return max(10, int(seconds * 1000))


class StoryEdit(QUndoCommand):
    """One edit: the story before and after. ``key`` (item id, field) makes consecutive
    edits of the same field one command."""

    def __init__(self, document: Document, before: Story, after: Story, text: str,
                 key: tuple[str, str] | None = None) -> None:
        super().__init__(text)
        self.document, self.before, self.after, self.key = document, before, after, key

    def redo(self) -> None:
        self.document._put(self.after)

    def undo(self) -> None:
        self.document._put(self.before)

    def id(self) -> int:
        return _MERGING if self.key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, StoryEdit) or other.key != self.key or self.key is None:
            return False
        self.after = other.after
        return True


class Document(QObject):
    """The open story, its file (None: never saved) and its undo stack.

    ``changed(story)`` fires on every new story value (an edit, an undo, a redo);
    ``replaced(story)`` when another story is opened (a new scene, a fresh view)."""

    changed = Signal(object)
    replaced = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.story: Story | None = None
        self.path: Path | None = None
        self.stack = QUndoStack(self)
        self.recovery_dir = recovery_folder()
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(autosave_interval_ms())
        self.autosave.timeout.connect(self.write_recovery)
        self.stack.cleanChanged.connect(self._clean_changed)
        self.stack.indexChanged.connect(self._index_changed)

    # ------------------------------------------------------------ the story
    @property
    def modified(self) -> bool:
        return not self.stack.isClean()

    def open(self, story: Story, path: Path | None, modified: bool = False) -> None:
        """Take another story: a fresh undo history (``modified``: recovered, not saved)."""
        self.discard_recovery()
        self.story, self.path = story, path
        self.stack.clear()
        self.stack.setClean()
        if modified:  # a recovered story is not what its file holds: clean is unreachable
            self.stack.resetClean()
        self.replaced.emit(story)

    def edit(self, after: Story, text: str, key: tuple[str, str] | None = None) -> None:
        """Make ``after`` the story, undoably (nothing happens when it is the same)."""
        if self.story is None or after == self.story:
            return
        self.stack.push(StoryEdit(self, self.story, after, text, key))

    def _put(self, story: Story) -> None:
        self.story = story
        self.changed.emit(story)

    # ------------------------------------------------------------ files
    def save(self, path: Path | None = None) -> Path:
        """Write the story (to ``path``, or its own file) through the library: checked,
        atomic, unknown keys kept. Raises ProvenanceError; then nothing changed."""
        target = path if path is not None else self.path
        if self.story is None or target is None:
            raise ProvenanceError("there is no file to save to: use Save As")
        save(self.story, target)
        self.path = target
        self.stack.setClean()
        self.discard_recovery()
        return target

    # ------------------------------------------------------------ recovery
    def _index_changed(self, _index: int) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if self.modified and not self.autosave.isActive():
            self.autosave.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.autosave.stop()
            self.discard_recovery()
        else:
            self._schedule()

    def write_recovery(self) -> Path | None:
        """Write the recovery copy now, when there are unsaved changes (autosave's work);
        a failure is said in ``recovery_error`` and retried at the next interval."""
        if self.story is None or not self.modified:
            return None
        try:
            written = write_recovery(self.story, self.recovery_dir, self.path)
        except ProvenanceError as err:
            self.recovery_error = str(err)
            self.autosave.start()
            return None
        self.recovery_error = None
        return written

    recovery_error: str | None = None

    def discard_recovery(self) -> None:
        try:
            discard_recovery(self.recovery_dir)
        except ProvenanceError as err:
            self.recovery_error = str(err)
