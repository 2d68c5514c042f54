"""Reading and writing story files (format versions 1 and 2).

The public functions come in pairs: :func:`load` / :func:`save` for files and
:func:`loads` / :func:`dumps` for text. Every problem in a file is reported at
once as a :class:`~provenance.errors.StoryFormatError` whose ``issues`` name the
JSON path and the reason. Loading never executes anything; saving is atomic.

A plainly valid file (the common case) is read in one pass that builds the model
as it parses, a report or link at a time; any other file is read again by the
careful path, which finds every problem. Both give the same story. A loaded story
shares one string per id among the objects that refer to it, one object among
equal plain claim mentions, and one read-only empty mapping as ``extra`` where an
object had no unknown keys.

This module is the public face of four private ones: ``_careful`` (the strict parser
and the validator: :func:`story_from_data`), ``_fast`` (the one-pass reader, which
also notes the columns the analysis reads), ``_writer`` (:func:`story_to_data`,
:func:`dumps`) and ``_schema`` (the keys and values of the format). Reading a story
imports neither the analysis nor numpy.

Examples
--------
>>> story = loads('''{"format": "provenance-story", "version": 1, "title": "T",
...   "actors": [{"id": "a", "name": "A"}],
...   "reports": [{"id": "r", "actor": "a", "x-note": "kept"}]}''')
>>> story.reports[0].extra
{'x-note': 'kept'}
>>> loads('{"format": "provenance-story", "version": 1}')
Traceback (most recent call last):
...
provenance.errors.StoryFormatError: 1 error in story file
  title: is required
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import IO, Any

from ..collector import paused as collector_paused
from ..errors import ProvenanceError, StoryFormatError, ValidationIssue
from ..model import Story
from ..output import write_atomic as write_atomic  # importable from here, as before
from ._careful import parse, story_from_data
from ._fast import _fast_time as _fast_time  # importable from here, as before
from ._fast import read_fast as _read_fast
from ._schema import FORMAT_NAME, FORMAT_VERSION, FORMAT_VERSIONS
from ._writer import dumps, story_to_data

__all__ = ["load", "loads", "save", "dumps", "story_to_data", "story_from_data", "FORMAT_NAME",
           "FORMAT_VERSION", "FORMAT_VERSIONS", "MAX_STORY_BYTES", "read_limited"]

#: The strict parser of the careful reader (the command line reads JSON lines with it).
_parse = parse

#: The largest story file :func:`load` reads, in bytes (characters for text given as
#: ``str``): 4 GiB. A story of a million reports saved by :func:`save` is about 0.8 GB.
#: A larger input (``/dev/zero``, a runaway pipe) is refused once this much is read.
MAX_STORY_BYTES = 4 * 1024**3
_READ_CHUNK = 16 * 1024**2


def _position(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _decode(data: bytes | bytearray, source: str | None = None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = data[err.start:err.start + 1].hex()
        where = _position(data[:err.start].decode("utf-8", "replace"), err.start)
        reason = f"not UTF-8 text: byte 0x{bad} at offset {err.start} ({where})"
        raise StoryFormatError([ValidationIssue("", reason)], source) from None



def loads(text: str | bytes, *, source: str | None = None) -> Story:
    """Read a story from JSON text (``str``, or UTF-8 ``bytes``).

    Raises
    ------
    StoryFormatError
        If the text is not a valid story; ``issues`` lists every problem.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        _check_size(len(text), source)
        data = text if not isinstance(text, memoryview) else text.tobytes()
        return _loads(_decode(data, source), source, decoded=True)
    if not isinstance(text, str):
        raise TypeError(f"loads() takes str or bytes, not {type(text).__name__}")
    _check_size(len(text), source)
    return _loads(text, source, decoded=False)


def _check_size(size: int, source: str | None) -> None:
    if size > MAX_STORY_BYTES:
        raise StoryFormatError([ValidationIssue("", _too_large())], source)


def _too_large() -> str:
    return (f"larger than the {_size_text(MAX_STORY_BYTES)} a story file may be "
            "(provenance.files.story.MAX_STORY_BYTES)")


def _size_text(size: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


def _loads(text: str, source: str | None, *, decoded: bool) -> Story:
    """The story in ``text``; ``decoded``: it was decoded from UTF-8 (so holds no lone
    surrogates)."""
    # A story is millions of small objects that hold no reference cycles: the
    # cycle collector would only traverse them again and again while they are made.
    raw_surrogates = not decoded and not text.isascii()
    try:
        with collector_paused():
            try:
                story = _read_fast(text, raw_surrogates=raw_surrogates)
                if story is not None:
                    return story
                data = _parse(text, raw_surrogates=raw_surrogates)
            except StoryFormatError as err:
                raise StoryFormatError(err.issues, source) from None
            return story_from_data(data, source=source)
    except MemoryError:
        raise StoryFormatError(
            [ValidationIssue("", "too large to read in the memory of this computer")], source
        ) from None


def load(path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes], *,
         source: str | None = None) -> Story:
    """Read a story file from a path or an open file (text or binary).

    At most :data:`MAX_STORY_BYTES` are read (an open file is read in chunks, so
    ``load(sys.stdin.buffer)`` stops at the limit). ``source`` names the input in
    errors (default: the path, or the open file's ``name``).

    Examples
    --------
    >>> import io
    >>> load(io.StringIO('{"format": "provenance-story", "version": 1, "title": "T"}')).title
    'T'

    Raises
    ------
    StoryFormatError
        If the file is not a valid story; ``issues`` lists every problem.
    ProvenanceError
        If the file cannot be read.
    """
    if isinstance(path_or_file, (str, os.PathLike)):
        path = Path(path_or_file)
        try:
            with open(path, "rb") as handle:
                data = read_limited(handle, source or str(path))
        except IsADirectoryError:
            raise ProvenanceError(f"{path}: is a directory, not a story file") from None
        except OSError as err:
            raise ProvenanceError(f"{path}: cannot read ({err.strerror or err})") from None
        text = _decode(data, source or str(path))
        del data  # not kept while the text is parsed
        return _loads(text, source or str(path), decoded=True)
    if source is None:
        name = getattr(path_or_file, "name", None)
        source = name if isinstance(name, str) else None
    return loads(read_limited(path_or_file, source), source=source)


_JSON_START = frozenset('{["-0123456789tfnNI')


def _through_bad_start(chunk: Any) -> Any:
    """``chunk`` (the first bytes or text of an input), or only as far as its first
    character when that is an ASCII character that no JSON text begins with."""
    head = chunk[:4096]
    text = head.decode("latin-1") if isinstance(head, (bytes, bytearray)) else head
    at = 3 if text.startswith("\xef\xbb\xbf") else 1 if text.startswith("\ufeff") else 0
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    if at < len(text) and text[at].isascii() and text[at] not in _JSON_START:
        return chunk[:at + 1]
    return chunk


def _regular_file_size(handle: IO[Any]) -> int | None:
    """The size of the regular file open in ``handle``; None for a pipe, a device, ..."""
    try:
        status = os.fstat(handle.fileno())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def read_limited(handle: IO[Any], source: str | None) -> Any:
    """All of ``handle`` (bytes or text), refusing more than :data:`MAX_STORY_BYTES`.

    It reads in chunks, so an endless input stops at the limit; from a pipe or a device
    (not a regular file), an input whose first character cannot begin JSON (the zero
    bytes of ``/dev/zero``) is read no further than that character, which is the error.
    """
    limit = MAX_STORY_BYTES
    first = 64 * 1024  # a first look at a pipe or a device
    size = _regular_file_size(handle)
    if size is not None:
        if size > limit:
            raise StoryFormatError([ValidationIssue("", _too_large())], source)
        first = size + 1  # the whole file in one read, as Path.read_bytes does
    chunks: list[Any] = []
    total = 0
    try:
        while True:
            chunk = handle.read(min(first, limit + 1 - total))
            first = _READ_CHUNK
            if not chunk:
                break
            if size is None and not chunks:
                whole = len(chunk)
                chunk = _through_bad_start(chunk)
                if len(chunk) < whole:  # the error is in what was read: read no more
                    return chunk
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise StoryFormatError([ValidationIssue("", _too_large())], source)
        return chunks[0][:0].join(chunks) if chunks else b""
    except MemoryError:
        raise StoryFormatError(
            [ValidationIssue("", "too large to read in the memory of this computer")], source
        ) from None


def save(story: Story, path: str | os.PathLike[str]) -> None:
    """Write a story file atomically: a failure leaves any old file untouched.

    Raises
    ------
    StoryFormatError
        If the story breaks the format (nothing is written).
    ProvenanceError
        If the file cannot be written.
    """
    write_atomic(path, dumps(story).encode("utf-8"))
