"""Where output goes: the rules for writing a file, in one place.

Every file the library writes (:func:`provenance.save`, drawings, exports, the
command line's ``-o``, the viewer's ``--screenshot``) goes through
:func:`write_file`, which follows these rules:

* a regular file is replaced atomically: the content goes to a temporary file
  beside it, which is flushed to disk and renamed over it, keeping the old file's
  mode and owner; on any error (or an interrupt) the temporary file is removed and
  the old file is left as it was;
* a symbolic link is written through: the file it points to is replaced, the link
  stays a link;
* a character device, a FIFO or a terminal (``/dev/null``, ``/dev/stdout``,
  ``/dev/fd/N``, a named pipe) is written into, never replaced;
* a read-only file is refused (by its mode bits, so even for root), and so are a
  folder, a name ending in ``/`` and an empty name;
* :func:`check_output` also refuses an output that is one of the inputs (the same
  file however it is named: relative path, symbolic or hard link), so a command
  can never destroy the file it reads;
* within :func:`cancellable`, a write asks whether it was cancelled just before its
  file goes into place (after the content is written, before the rename): when it
  was, the temporary file is removed, the old file is left as it was and
  :class:`WriteCancelled` is raised. A long export that the user stopped writes
  nothing.

Examples
--------
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     story = os.path.join(folder, "story.json")
...     write_file(story, b"{}")
...     try:
...         check_output(story, inputs=[story])
...     except ProvenanceError as err:
...         print(str(err).replace(folder, "F"))
F/story.json: is the input file, which a command never overwrites; choose another output file
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import IO

from .errors import ProvenanceError

__all__ = ["check_output", "write_file", "write_atomic", "same_file", "cancellable",
           "check_cancelled", "WriteCancelled", "STDIN_NAME", "STDOUT_NAME"]

#: How messages name ``-`` as an input and as an output.
STDIN_NAME = "<stdin>"
STDOUT_NAME = "<stdout>"

#: Folders whose symbolic links name open file descriptors (``/dev/stdout`` points here).
_DESCRIPTOR_FOLDERS = ("/proc/", "/dev/fd/")


def check_output(path: str | os.PathLike[str], *,
                 inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse an output path that cannot or must not be written, before any work is done.

    ``inputs`` are the files the command reads; ``"-"`` stands for standard input.
    Nothing is created or changed.

    Raises
    ------
    ProvenanceError
        If ``path`` is empty, a folder (or ends in ``/``), in a folder that does not
        exist, a read-only file, or the same file as one of ``inputs``.
    """
    _Target(path).check(inputs)


def write_file(path: str | os.PathLike[str],
               data: bytes | Callable[[IO[bytes]], None], *,
               inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path``.

    See the module's rules: atomic replacement of a regular file (mode and owner
    kept), written through a symbolic link, into a device or FIFO.

    Raises
    ------
    ProvenanceError
        As :func:`check_output`, or if the file cannot be written (the old file is
        then left as it was).
    """
    target = _Target(path)
    target.check(inputs)
    target.write(data)


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    :func:`write_file` with no inputs to protect: a regular file is replaced by a
    temporary file written beside it, flushed to disk and renamed over it (mode and
    owner kept); on any error the temporary file is removed. A symbolic link is
    written through, a device or FIFO written into, and a read-only file, a folder or
    an empty name refused.
    """
    write_file(path, data)


class WriteCancelled(Exception):  # noqa: N818 - it is not an error: the user stopped it
    """Raised by a write within :func:`cancellable` that was cancelled before its file
    went into place: nothing was written (and an old file is as it was)."""


#: The check of the innermost :func:`cancellable` (None: writes are never cancelled).
#: A context variable, so each thread (a worker's job) has its own.
_CANCELLED: ContextVar[Callable[[], bool] | None] = ContextVar("cancelled", default=None)


@contextlib.contextmanager
def cancellable(cancelled: Callable[[], bool]) -> Iterator[None]:
    """Within: every file written in this thread asks ``cancelled()`` just before it
    goes into place, and is not written when the answer is True.

    A regular file is written to its temporary file first, so the check comes after the
    work of writing (a drawing rendered, a page composed) and before the rename: a
    cancelled write removes the temporary file, leaves any old file as it was and raises
    :class:`WriteCancelled`. A file written into (a device, a FIFO, someone else's file
    kept in place) is checked before it is opened, as it cannot be taken back after.
    ``cancelled`` may raise instead of answering True; the temporary file is removed
    all the same and its exception goes on.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = os.path.join(folder, "page.html")
    ...     try:
    ...         with cancellable(lambda: True):
    ...             write_file(page, b"<p>late</p>")
    ...     except WriteCancelled:
    ...         print(os.listdir(folder))
    []
    """
    token = _CANCELLED.set(cancelled)
    try:
        yield
    finally:
        _CANCELLED.reset(token)


def check_cancelled(name: str | os.PathLike[str]) -> None:
    """Raise :class:`WriteCancelled` when the write of ``name`` was cancelled
    (:func:`cancellable`); writers that put their output into place themselves (a folder
    of files) call it just before they do."""
    cancelled = _CANCELLED.get()
    if cancelled is not None and cancelled():
        raise WriteCancelled(f"{os.fspath(name)}: not written (cancelled)")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths (``"-"``: standard input) name the same existing regular file.

    Devices and pipes are never "the same file": reading and writing one destroys nothing.
    """
    first, second = _regular_stat(a), _regular_stat(b)
    return (first is not None and second is not None
            and (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino))


def _regular_stat(path: str | os.PathLike[str]) -> os.stat_result | None:
    try:
        st = os.fstat(sys.stdin.fileno()) if os.fspath(path) == "-" else os.stat(path)
    except (OSError, ValueError, AttributeError):  # no such file, or no usable stdin
        return None
    return st if stat.S_ISREG(st.st_mode) else None


class _Target:
    """An output path, resolved: where the bytes go and how."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.name = os.fspath(path)
        if isinstance(self.name, bytes):  # pragma: no cover - PathLike[bytes]
            self.name = os.fsdecode(self.name)
        self.real = ""
        self.descriptor_link = False  # /dev/stdout and friends: write into the descriptor
        self.st: os.stat_result | None = None
        if self.name:
            self._resolve()

    def _resolve(self) -> None:
        # Follow the symbolic links of the whole name by hand, to see whether one of
        # them names an open descriptor (realpath would follow /proc/self/fd/1 to the
        # file the shell redirected to, and the file would be replaced, not written).
        current = os.path.abspath(self.name)
        for _ in range(40):
            if current.startswith(_DESCRIPTOR_FOLDERS):
                self.descriptor_link = True
                self.real = current
                break
            try:
                link = os.readlink(current)
            except OSError:
                self.real = os.path.realpath(current)
                break
            current = os.path.normpath(os.path.join(os.path.dirname(current), link))
        else:
            raise ProvenanceError(f"{self.name}: cannot write (too many symbolic links)")
        with contextlib.suppress(OSError):
            self.st = os.stat(self.real)

    @property
    def replaced(self) -> bool:
        """Whether the write renames a new file into place (else it writes into the old)."""
        return not self.descriptor_link and (self.st is None or stat.S_ISREG(self.st.st_mode))

    def check(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        name = self.name
        if not name:
            raise ProvenanceError("the output file name is empty")
        if self.st is not None and stat.S_ISDIR(self.st.st_mode):
            raise ProvenanceError(f"{name}: is a folder; name a file to write")
        if name.endswith(os.sep) or (os.altsep and name.endswith(os.altsep)):
            raise ProvenanceError(f"{name}: ends with {name[-1]}, so it names a folder; "
                                  "name a file to write")
        if self.descriptor_link:
            return
        if self.st is None:
            folder = os.path.dirname(self.real) or "."
            if not os.path.isdir(folder):
                raise ProvenanceError(f"{name}: cannot write (no folder {folder})")
            return
        if stat.S_ISREG(self.st.st_mode):
            # Root may write anything: the mode bits say what the owner wants.
            if not self.st.st_mode & 0o222 or not os.access(self.real, os.W_OK):
                mode = stat.filemode(self.st.st_mode)
                raise ProvenanceError(f"{name}: is read-only ({mode}); make it writable or "
                                      "choose another output file")
            for source in inputs:
                if same_file(self.real, source):
                    raise ProvenanceError(f"{name}: is the input file, which a command "
                                          "never overwrites; choose another output file")

    def write(self, data: bytes | Callable[[IO[bytes]], None]) -> None:
        try:
            if self.replaced:
                self._replace(data)
            else:
                self._write_into(data, os.O_WRONLY | (os.O_APPEND if self.descriptor_link
                                                      else 0))
        except OSError as err:
            raise ProvenanceError(f"{self.name}: cannot write ({err.strerror or err})") from None

    def _write_into(self, data: bytes | Callable[[IO[bytes]], None], flags: int) -> None:
        # A device, FIFO or descriptor: no temporary file, no rename, no fsync.
        check_cancelled(self.name)
        with open(os.open(self.real, flags), "wb") as handle:
            _put(handle, data)

    def _replace(self, data: bytes | Callable[[IO[bytes]], None]) -> None:
        old = self.st
        if old is not None and old.st_uid != os.geteuid() and os.geteuid() != 0:
            # Someone else's file that we may write: a new file would be ours, so
            # write in place to keep its owner (not atomic, as ``cp`` does).
            self._write_into(data, os.O_WRONLY | os.O_TRUNC)
            return
        folder = os.path.dirname(self.real) or "."
        fd, tmp_name = tempfile.mkstemp(prefix=f".{os.path.basename(self.real)}.",
                                        suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                _put(handle, data)
                handle.flush()
                os.fsync(handle.fileno())
            if old is None:
                os.chmod(tmp_name, 0o666 & ~_umask())
            else:
                os.chmod(tmp_name, old.st_mode & 0o7777)
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    with contextlib.suppress(PermissionError):  # a group we are not in
                        os.chown(tmp_name, old.st_uid, old.st_gid)
                    os.chmod(tmp_name, old.st_mode & 0o7777)  # chown clears set-id bits
            check_cancelled(self.name)
            os.replace(tmp_name, self.real)
        except BaseException:
            # Also on KeyboardInterrupt and on the command line's SIGTERM/SIGHUP.
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise


def _put(handle: IO[bytes], data: bytes | Callable[[IO[bytes]], None]) -> None:
    if callable(data):
        data(handle)
    else:
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
