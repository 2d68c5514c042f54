"""The story being edited, as files: where its recovery copy goes and what it says.

The viewer autosaves a story with unsaved changes to a recovery folder; after a crash,
the next start finds the copy and offers it back. The rules of that folder live here (not
in the viewer) so that they are tested without Qt: one recovery copy per running viewer,
named by its process id, with a small sidecar naming the file it was opened from.

>>> import tempfile
>>> from provenance.model import Story
>>> folder = Path(tempfile.mkdtemp())
>>> copy = write_recovery(Story("Draft"), folder, original=None, owner=1)
>>> [(r.story.title, r.original) for r in find_recoveries(folder, alive=lambda pid: False)]
[('Draft', None)]
>>> discard_recovery(folder, owner=1); find_recoveries(folder)
[]
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import attrs

from .errors import ProvenanceError
from .files.story import load, save
from .model import Story
from .output import write_atomic

__all__ = ["Recovery", "discard_recovery", "find_recoveries", "recovery_files",
           "write_recovery"]

#: A recovery copy is ``story-<pid>.json``, its sidecar ``story-<pid>.source.json``.
_STEM = "story-"


@attrs.frozen
class Recovery:
    """A recovery copy found in the folder: the story, the file it came from (None for a
    story never saved), and the process id of the viewer that wrote it (to remove it
    with :func:`discard_recovery` once it is dealt with)."""

    story: Story
    original: Path | None
    owner: int


def recovery_files(folder: str | os.PathLike[str], owner: int) -> tuple[Path, Path]:
    """The recovery copy of the viewer with process id ``owner`` and its sidecar.

    >>> [p.name for p in recovery_files("/tmp/r", 42)]
    ['story-42.json', 'story-42.source.json']
    """
    folder = Path(folder)
    return folder / f"{_STEM}{owner}.json", folder / f"{_STEM}{owner}.source.json"


def write_recovery(story: Story, folder: str | os.PathLike[str], original: Path | None,
                   owner: int | None = None) -> Path:
    """Write ``story`` as the recovery copy of viewer ``owner`` (this process by default),
    atomically, through the story file's own writer; returns the copy's path.

    Raises
    ------
    ProvenanceError
        If the folder cannot be made or written (the story breaks the format: nothing is
        written).
    """
    story_file, sidecar = recovery_files(folder, os.getpid() if owner is None else owner)
    try:
        story_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ProvenanceError(f"cannot make the recovery folder {story_file.parent}: "
                              f"{err.strerror or err}") from err
    save(story, story_file)
    source = {"original": None if original is None else str(Path(original).resolve())}
    write_atomic(sidecar, json.dumps(source).encode("utf-8"))
    return story_file


def discard_recovery(folder: str | os.PathLike[str], owner: int | None = None) -> None:
    """Remove viewer ``owner``'s recovery copy (after a clean save or a discard)."""
    for path in recovery_files(folder, os.getpid() if owner is None else owner):
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as err:
            raise ProvenanceError(f"cannot remove the recovery file {path}: "
                                  f"{err.strerror or err}") from err


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone's process: not ours to take over
    return True


def find_recoveries(folder: str | os.PathLike[str],
                    alive: Callable[[int], bool] = _running) -> list[Recovery]:
    """The recovery copies left by viewers that are no longer running, newest first.
    A copy that cannot be read is skipped (it is no one's work any more)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[tuple[float, Recovery]] = []
    for story_file in folder.glob(f"{_STEM}*.json"):
        owner = story_file.name[len(_STEM):-len(".json")]
        if not owner.isdigit() or alive(int(owner)):
            continue
        sidecar = recovery_files(folder, int(owner))[1]
        try:
            story = load(story_file)
            source = json.loads(sidecar.read_text("utf-8")) if sidecar.exists() else {}
            when = story_file.stat().st_mtime
        except (ProvenanceError, OSError, ValueError):
            continue
        original = source.get("original") if isinstance(source, dict) else None
        found.append((when, Recovery(story, Path(original) if isinstance(original, str)
                                     else None, int(owner))))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [recovery for _, recovery in found]
