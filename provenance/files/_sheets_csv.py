"""CSV files in and out: one file per sheet, in a folder written atomically.

The files are UTF-8 with a byte order mark (Excel then reads them as UTF-8; the reader
accepts them with or without one), comma-separated with double quotes as the csv module
writes them. A text that a spreadsheet would run as a formula gets a leading apostrophe
(:func:`escape_text`), which :func:`unescape_text` takes off.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ProvenanceError, StoryFormatError, ValidationIssue
from ..output import check_cancelled

__all__ = ["read_tables", "write_tables", "escape_text", "unescape_text", "plain"]

#: Texts written with one more leading apostrophe: apostrophes alone (the empty text
#: among them) or before a character that starts a formula (OWASP, CSV injection).
_GUARDED = re.compile("'*(?:[=+\\-@\t\r].*)?", re.DOTALL)
_UNGUARD = re.compile("'+(?:[=+\\-@\t\r].*)?", re.DOTALL)

Tables = dict[str, tuple[str, list[Any], list[tuple[int, list[Any]]]]]


def escape_text(text: str) -> str:
    """``text`` as a CSV cell: a formula character first gets an apostrophe before it.

    >>> escape_text("=1+1"), escape_text("-x"), escape_text(""), escape_text("it's")
    ("'=1+1", "'-x", "'", "it's")
    """
    return "'" + text if _GUARDED.fullmatch(text) else text


def unescape_text(text: str) -> str:
    """The text a CSV cell means (the inverse of :func:`escape_text`).

    >>> unescape_text("'=1+1"), unescape_text("'"), unescape_text("'quoted'")
    ('=1+1', '', "'quoted'")
    """
    return text[1:] if _UNGUARD.fullmatch(text) else text


def plain(value: Any) -> bool:
    """Whether an unknown key's value has a CSV cell of its own: text only (a number or
    a boolean is written as JSON, so that it reads back as one)."""
    return isinstance(value, str)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return escape_text(str(value))


def _check_separator(header: list[Any], name: str) -> None:
    """A header read as one cell holding ``;`` or a tab: the file is not comma-separated
    (what a European Excel writes as "CSV"); one error says so, not one per column."""
    if len(header) == 1 and isinstance(header[0], str):
        for mark, called in ((";", "semicolons"), ("\t", "tabs")):
            if mark in header[0]:
                raise StoryFormatError([ValidationIssue(
                    "", f"its columns are separated by {called}, not commas: save it as "
                        "\"CSV UTF-8 (comma delimited)\"")], name)


def _read_file(path: Path) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    name = str(path)
    # A report's text may be longer than the csv module's default limit (128 KiB).
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header: list[Any] = []
            rows: list[tuple[int, list[Any]]] = []
            for number, record in enumerate(csv.reader(handle, strict=True), 1):
                values: list[Any] = [unescape_text(v) if v else None for v in record]
                while values and values[-1] is None:
                    values.pop()
                if number == 1:
                    header = values
                    _check_separator(header, name)
                elif values:
                    rows.append((number, values))
            return header, rows
    except UnicodeDecodeError as err:
        raise StoryFormatError([ValidationIssue("", f"not UTF-8 text (byte offset "
                                                    f"{err.start})")], name) from None
    except csv.Error as err:
        raise StoryFormatError([ValidationIssue("", f"not readable CSV ({err})")],
                               name) from None
    except IsADirectoryError:
        raise ProvenanceError(f"{name}: is a directory, not a CSV file") from None
    except OSError as err:
        raise ProvenanceError(f"{name}: cannot read ({err.strerror or err})") from None


def sheet_of(path: Path, names: Iterable[str]) -> str | None:
    """The sheet a CSV file is named after (``Claims.csv``: ``claims``), or None."""
    stem = path.name.lower()
    stem = stem[:-4] if stem.endswith(".csv") else stem
    return stem if stem in set(names) else None


def read_tables(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                names: Iterable[str], read: list[Path] | None = None) -> tuple[Tables, str]:
    """The tables of a folder's CSV files named after ``names`` (ignoring case), or of
    the files given, each of which must be so named; and how errors name the input.
    The files read are added to ``read`` (a command never writes over one of them)."""
    known = set(names)
    given = [Path(paths)] if isinstance(paths, (str, os.PathLike)) else [Path(p) for p in paths]
    files: dict[str, Path] = {}
    if len(given) == 1 and given[0].is_dir():
        folder = given[0]
        source = str(folder)
        try:
            entries = sorted(folder.iterdir())
        except OSError as err:
            raise ProvenanceError(f"{folder}: cannot read ({err.strerror or err})") from None
        for entry in entries:
            stem = sheet_of(entry, known) if entry.suffix.lower() == ".csv" else None
            if stem is not None and entry.is_file():
                if stem in files:  # claims.csv and Claims.csv: which one is meant?
                    raise ProvenanceError(f"{folder}: holds both {files[stem].name} and "
                                          f"{entry.name}; keep one")
                files[stem] = entry
        if not files:
            raise ProvenanceError(f"{folder}: holds none of the files "
                                  f"{', '.join(n + '.csv' for n in names)}")
    else:
        source = ", ".join(str(p) for p in given)
        for path in given:
            stem = sheet_of(path, known)
            if stem is None:
                raise ProvenanceError(f"{path}: a CSV file of a story is named after its "
                                      f"sheet: {', '.join(n + '.csv' for n in names)}")
            if stem in files:
                raise ProvenanceError(f"{path}: the {stem} table is given twice")
            files[stem] = path
    if read is not None:
        read.extend(files.values())
    tables: Tables = {}
    for stem, path in files.items():
        header, rows = _read_file(path)
        tables[stem] = (stem, header, rows)
    return tables, source


def write_tables(tables: Sequence[tuple[str, list[str], list[list[Any]]]],
                 folder: str | os.PathLike[str], names: Mapping[str, str]) -> None:
    """Write each table as ``names[table]`` in ``folder``, replacing the folder whole.

    The new files go into a temporary folder beside it, flushed to disk; the old folder
    (empty, or holding only files in ``names``) is moved aside, the new one renamed into
    its place and the old one removed. An error leaves the old folder as it was.
    """
    target = Path(os.path.realpath(os.fspath(folder)))
    shown = os.fspath(folder)
    if not shown:
        raise ProvenanceError("the output folder name is empty")
    if target.exists():
        if not target.is_dir():
            raise ProvenanceError(f"{shown}: is a file; CSV export writes a folder of files")
        others = sorted(p.name for p in target.iterdir() if p.name not in names.values()
                        or not p.is_file())
        if others:
            raise ProvenanceError(f"{shown}: holds other files ({', '.join(others[:5])}); "
                                  "CSV export replaces only a folder it wrote (or an empty "
                                  "one): choose a new folder")
    parent = target.parent
    if not parent.is_dir():
        raise ProvenanceError(f"{shown}: cannot write (no folder {parent})")
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as err:
        raise ProvenanceError(f"{shown}: cannot write ({err.strerror or err})") from None
    old: Path | None = None
    try:
        for name, header, rows in tables:
            with open(work / names[name], "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([_cell(key) for key in header])
                writer.writerows([_cell(value) for value in row] for row in rows)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(work, 0o777 & ~_umask())
        check_cancelled(shown)  # the user stopped the export: no folder, the old one kept
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, old / "previous")
        os.replace(work, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)
        if old is not None and (old / "previous").exists() and not target.exists():
            with contextlib.suppress(OSError):
                os.replace(old / "previous", target)
        if old is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(old)
        if isinstance(err, OSError):
            raise ProvenanceError(f"{shown}: cannot write ({err.strerror or err})") from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
