"""Workbook cells in and out, through openpyxl (the optional extra ``sheets``).

The reader gives each known sheet as ``(name shown, header, rows)`` of plain values
(text, numbers, booleans; a date cell as ISO text: the day, or the time without a zone
when the cell's format shows a time); the writer takes the same tables back. Both keep
text exact: see :mod:`provenance.files.sheets`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from ..errors import (
    ExportWarning,
    MissingExtraError,
    ProvenanceError,
    StoryFormatError,
    ValidationIssue,
)
from ..output import write_atomic
from ._sheets_layout import Sheet

__all__ = ["read_tables", "write_tables", "escape_text", "unescape_text"]

_INSTALL = "pip install 'provenance-tracer[sheets]'"

#: Characters an XML cell cannot hold (or that XML would change: a carriage return
#: becomes a line feed), and an underscore that would read as the start of an escape.
_TO_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4})|[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_APOSTROPHES = re.compile("'*")
#: The most rows a sheet may have in Excel and LibreOffice.
MAX_ROWS = 1_048_576
#: The longest text Excel shows in a cell (it cuts longer ones; this reader keeps them).
EXCEL_CELL_CHARS = 32_767


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError(f"workbooks need the openpyxl package: {_INSTALL}") from None
    _parse_letting_go()
    return openpyxl


#: The most columns a sheet may have in Excel and LibreOffice (XFD).
MAX_COLUMNS = 16_384
#: A part of the workbook that expands past this many bytes ...
GRACE_BYTES = 4 << 20
#: ... to more than this many times its compressed size is refused as a decompression
#: bomb (the rule of Apache POI, which Excel's own files keep well within: a workbook's
#: XML compresses 2-15 times, one of repeated cells some 30 times).
MAX_EXPANSION = 100


class _Unreadable(Exception):
    """A workbook that cannot be read as one: a decompression bomb, a sheet past
    Excel's own limits (found while openpyxl reads it), a cell not of its type, two
    sheets of one name. :func:`read_tables` names the file."""


def _parse_letting_go() -> None:
    """Have openpyxl's sheet reader stop at Excel's limits and drop each sheet's parsed
    XML once it is read.

    A row of more than :data:`MAX_COLUMNS` cells or a sheet of more than
    :data:`MAX_ROWS` rows cannot be a workbook a spreadsheet wrote: the reader stops
    there (raising :class:`_Unreadable`), before the parser has built millions of
    empty cells.

    The standard library's ``iterparse`` keeps the whole tree it parsed (``it.root``)
    in a reference cycle of its own (its iterator's class and generator), which only
    the cycle collector frees: a workbook of 10,000 rows left some 80,000 elements, a
    few megabytes, to it. A program that keeps what it has just read out of the
    collector's reach (the viewer freezes a story it opened, ``gc.freeze``, so that
    the collector's passes over it do not stall the window) would keep them for good.
    lxml's ``iterparse``, where openpyxl uses it, has no such cycle."""
    import xml.etree.ElementTree as ElementTree

    from openpyxl.worksheet import _reader

    parse = getattr(_reader, "iterparse", None)
    if parse is None or getattr(parse, "_provenance", False):
        return  # ours already, or a reader that no longer uses it
    row_tag, cell_tag = _reader.ROW_TAG, _reader.CELL_TAG
    standard = parse is ElementTree.iterparse

    def iterparse(source: Any, *args: Any, **kwargs: Any) -> Any:
        it = parse(source, *args, **kwargs)
        part = repr(getattr(source, "name", "a sheet"))
        rows = cells = 0
        try:
            for event, element in it:
                tag = element.tag
                if tag == cell_tag:
                    cells += 1
                    if cells > MAX_COLUMNS:
                        raise _Unreadable(f"its part {part} has a row of more than "
                                          f"{MAX_COLUMNS:,} cells, past what a "
                                          "spreadsheet holds")
                elif tag == row_tag:
                    rows += 1
                    cells = 0
                    if rows > MAX_ROWS:
                        raise _Unreadable(f"its part {part} has more than {MAX_ROWS:,} "
                                          "rows, past what a spreadsheet holds")
                yield event, element
        finally:
            if standard:
                it.root = None  # the tree goes now, not with the cycle
                close = getattr(getattr(type(it), "__next__", None), "__self__", None)
                if close is not None and hasattr(close, "close"):
                    close.close()  # a parse given up early: its parser and partial tree too

    iterparse._provenance = True  # type: ignore[attr-defined]
    _reader.iterparse = iterparse


def escape_text(text: str) -> str:
    """``text`` as a workbook cell holds it: ECMA-376 escapes (``_x000D_``), and an
    empty text (or one of apostrophes only) with one more apostrophe.

    >>> escape_text("a\\rb"), escape_text("_x0041_"), escape_text("")
    ('a_x000D_b', '_x005F_x0041_', "'")
    """
    if _APOSTROPHES.fullmatch(text):
        return "'" + text
    return _TO_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_text(text: str) -> str:
    """The text a workbook's string cell means (the inverse of :func:`escape_text`).

    >>> unescape_text('_x005F_x0041_'), unescape_text("'"), unescape_text("_x00e9_")
    ('_x0041_', '', 'é')
    """
    if "'" in text and _APOSTROPHES.fullmatch(text):
        return text[1:]
    if "_x" not in text:
        return text
    out = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    try:  # a pair of escaped surrogates is one character
        return out.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return out  # a lone surrogate: the story's checks name it


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, str):
        return unescape_text(value) if value else None
    if isinstance(value, dt.datetime):
        from openpyxl.styles.numbers import is_datetime

        shows = is_datetime(getattr(cell, "number_format", "General") or "General")
        if shows == "date" or (shows is None and value.time() == dt.time()):
            return value.date().isoformat()
        return _time_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _time_text(value: dt.datetime) -> str:
    value = value.replace(tzinfo=None)
    if not value.microsecond:
        return value.isoformat(timespec="seconds")
    return value.isoformat(timespec="milliseconds" if value.microsecond % 1000 == 0
                           else "microseconds")


def read_tables(path: str | os.PathLike[str],
                names: Iterable[str]) -> dict[str, tuple[str, list[Any], list[tuple[int,
                                                                                 list[Any]]]]]:
    """The sheets of the workbook at ``path`` named (ignoring case) one of ``names``.

    Raises
    ------
    MissingExtraError
        When openpyxl is not installed.
    ProvenanceError
        When the file cannot be read or is not a workbook.
    """
    openpyxl = _openpyxl()
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            formulas = _look_inside(handle)
            handle.seek(0)
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                found, problems = _read_book(book, set(names))
            finally:
                book.close()
            if formulas:
                handle.seek(0)
                book = openpyxl.load_workbook(handle, read_only=True, data_only=False)
                try:
                    said = {issue.path for issue in problems}  # an error cell: said once
                    problems += [issue for issue in _unsaved_formulas(book, found)
                                 if issue.path not in said]
                finally:
                    book.close()
        if problems:
            raise StoryFormatError(problems, name)
        return found
    except _Unreadable as err:
        raise ProvenanceError(f"{name}: not read: {err}") from None
    except IsADirectoryError:
        raise ProvenanceError(f"{name}: is a directory, not a workbook") from None
    except OSError as err:
        raise ProvenanceError(f"{name}: cannot read ({err.strerror or err})") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as err:
        raise ProvenanceError(f"{name}: not a readable .xlsx workbook ({err})") from None
    except Exception as err:  # openpyxl's own errors for damaged files
        if type(err).__module__.startswith(("openpyxl", "xml", "zipfile", "lxml")):
            raise ProvenanceError(f"{name}: not a readable .xlsx workbook ({err})") from None
        raise


def _place(sheet: str, header: list[Any], row: int, column: int) -> str:
    """How an error names a cell: ``reports!E2 (title)``."""
    from openpyxl.utils import get_column_letter

    named = header[column - 1] if 0 < column <= len(header) else None
    return f"{sheet}!{get_column_letter(column)}{row}" + (f" ({named})" if named else "")


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _look_inside(handle: Any) -> bool:
    """Whether any sheet of the workbook holds a formula (a quick look at its XML);
    first refusing a part that expands past :data:`MAX_EXPANSION` times its size (a
    decompression bomb: a file of a megabyte that would take gigabytes to read). Every
    part is decompressed here and counted, whatever sizes the file declares."""
    found = False
    with zipfile.ZipFile(handle) as archive:
        for member in archive.infolist():
            sheet_xml = (member.filename.startswith("xl/worksheets/")
                         and member.filename.endswith(".xml"))
            allowed = max(GRACE_BYTES, MAX_EXPANSION * member.compress_size)
            expanded = 0
            with archive.open(member) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    expanded += len(chunk)
                    if expanded > allowed:
                        raise _Unreadable(
                            f"its part {member.filename!r} expands to more than "
                            f"{MAX_EXPANSION} times its compressed size "
                            f"({member.compress_size:,} bytes), as a decompression bomb does")
                    if sheet_xml and not found and _FORMULA.search(tail + chunk):
                        found = True
                    tail = chunk[-8:]
    return found


def _unsaved_formulas(book: Any, found: Mapping[str, tuple[str, list[Any], list[tuple[
        int, list[Any]]]]]) -> list[ValidationIssue]:
    """The formula cells of the sheets read whose value the file does not hold (a
    workbook written by a program, never opened and saved in a spreadsheet): their
    value is unknown, and reading them as empty would drop it silently."""
    problems: list[ValidationIssue] = []
    by_title = {shown: (header, dict(rows)) for shown, header, rows in found.values()}
    for sheet in book.worksheets:
        if sheet.title not in by_title or not hasattr(sheet, "iter_rows"):
            continue
        header, rows = by_title[sheet.title]
        sheet.reset_dimensions()
        for cells in sheet.iter_rows():
            for cell in cells:
                if getattr(cell, "data_type", None) != "f":
                    continue
                values = rows.get(cell.row, [])
                at = cell.column - 1
                if at >= len(values) or values[at] is None:
                    problems.append(ValidationIssue(
                        _place(sheet.title, header, cell.row, cell.column),
                        "a formula whose value the file does not hold: open and save the "
                        "workbook in a spreadsheet program, or type the value"))
    return problems


def _read_book(book: Any, names: set[str]) -> tuple[dict[str, tuple[
        str, list[Any], list[tuple[int, list[Any]]]]], list[ValidationIssue]]:
    found: dict[str, tuple[str, list[Any], list[tuple[int, list[Any]]]]] = {}
    problems: list[ValidationIssue] = []
    for sheet in book.worksheets:
        key = str(sheet.title).strip().lower()
        if key not in names or not hasattr(sheet, "iter_rows"):
            continue
        if key in found:  # "claims" and "Claims": which one is meant?
            raise _Unreadable(f"it holds two sheets named {found[key][0]!r} and "
                              f"{str(sheet.title)!r}; keep one")
        found[key] = _read_sheet(sheet, problems)
    return found, problems


def _rows_of(sheet: Any) -> Iterable[Any]:
    """The rows of a sheet as openpyxl gives them; a cell it cannot read (a number cell
    holding "abc", a boolean "yes", a date that is none) named by its row."""
    rows = iter(sheet.iter_rows())
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except (ValueError, TypeError, OverflowError) as err:
            raise _Unreadable(f"sheet {str(sheet.title)!r}, row {number + 1}: a cell whose "
                              f"value is not of its type ({err})") from None
        number += 1
        yield cells


def _read_sheet(sheet: Any, problems: list[ValidationIssue]) -> tuple[
        str, list[Any], list[tuple[int, list[Any]]]]:
    """A sheet as (its name, its header, its numbered rows); its error cells added to
    ``problems``."""
    header: list[Any] = []
    rows: list[tuple[int, list[Any]]] = []
    # Read every cell, not only those inside the size the file declares (which some
    # writers get wrong): each row as long as its own cells.
    sheet.reset_dimensions()
    for number, cells in enumerate(_rows_of(sheet), 1):
        values = [_cell_value(cell) for cell in cells]
        for column, cell in enumerate(cells, 1):
            if getattr(cell, "data_type", None) == "e":  # #DIV/0!, #REF!, #N/A ...
                problems.append(ValidationIssue(
                    _place(str(sheet.title), header if number > 1 else [], number, column),
                    f"holds the spreadsheet error {cell.value}, not a value"))
                values[column - 1] = None
        while values and values[-1] is None:
            values.pop()
        if number == 1:
            header = values
        elif values:
            rows.append((number, values))
    return str(sheet.title), header, rows


def _plain_number(value: Any) -> bool:
    """Whether a number cell holds ``value`` exactly (a cell is written with 16 digits)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) < 2**53
    return isinstance(value, float) and math.isfinite(value) and float(f"{value:.16g}") == value


def plain(value: Any) -> bool:
    """Whether an unknown key's value has a cell of its own (else it is written as JSON)."""
    return isinstance(value, str) or _plain_number(value)


def _validations(sheet: Any, header: list[str], layout: Sheet | None) -> None:
    """Drop-down lists on the sheet's choice columns (kinds, stances, TRUE/FALSE...) and
    on its columns of ids of another sheet (that sheet's id column): a spreadsheet user
    picks a value the story accepts. A choice outside the list is refused, an id not
    (yet) in its sheet only warned of."""
    if layout is None:
        return
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for i, key in enumerate(header):
        cells = f"{get_column_letter(i + 1)}2:{get_column_letter(i + 1)}{MAX_ROWS}"
        if key in layout.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(layout.choices[key]) + '"',
                                  allow_blank=True, showErrorMessage=True, errorStyle="stop",
                                  errorTitle=key,
                                  error=f"{key} is one of {', '.join(layout.choices[key])}")
        elif key in layout.refers:
            other = layout.refers[key]
            rule = DataValidation(type="list", formula1=f"{other}!$A$2:$A${MAX_ROWS}",
                                  allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                  errorTitle=key,
                                  error=f"{key} is an id from the {other} sheet")
        else:
            continue
        rule.add(cells)
        sheet.data_validations.append(rule)


def write_tables(tables: Sequence[tuple[str, list[str], list[list[Any]]]],
                 path: str | os.PathLike[str],
                 layouts: Mapping[str, Sheet] | None = None) -> None:
    """Write the tables as a workbook at ``path``, atomically.

    Text cells are string cells (never formulas), numbers numbers, booleans booleans; a
    number a cell cannot hold exactly (more than 16 digits) is written as its text.
    With ``layouts`` (each sheet's :class:`Sheet` by name), the choice and id columns
    get drop-down lists (data validation).
    """
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    for name, _, rows in tables:
        if len(rows) + 1 > MAX_ROWS:
            raise ProvenanceError(f"{os.fspath(path)}: the {name} sheet would have "
                                  f"{len(rows) + 1:,} rows; a workbook sheet holds at most "
                                  f"{MAX_ROWS:,} (export --to csv instead)")
    book = openpyxl.Workbook(write_only=True)
    try:
        bold = Font(bold=True)
        long_cells: list[str] = []
        for name, header, rows in tables:
            sheet = book.create_sheet(name)
            sheet.freeze_panes = "A2"
            _validations(sheet, header, (layouts or {}).get(name))
            for i, key in enumerate(header):
                widest = max([len(key)] + [len(str(row[i])) for row in rows[:200]
                                           if row[i] is not None])
                letter = openpyxl.utils.get_column_letter(i + 1)
                sheet.column_dimensions[letter].width = min(60, max(8, widest + 2))

            def cell(value: Any, sheet: Any = sheet) -> Any:
                if value is None:
                    return None
                if isinstance(value, str) or not _plain_number(value):
                    text = escape_text(str(value))
                    if len(text) > EXCEL_CELL_CHARS and len(long_cells) < 3:
                        long_cells.append(f"{sheet.title} ({len(text):,} characters)")
                    made = WriteOnlyCell(sheet, value=text)
                    if len(text) > EXCEL_CELL_CHARS:
                        made._value = text  # openpyxl cuts what it is given at Excel's limit
                    made.data_type = "s"  # text, never a formula
                    return made
                return value

            heading = []
            for key in header:
                made = cell(key)
                made.font = bold
                heading.append(made)
            sheet.append(heading)
            for row in rows:
                sheet.append([cell(value) for value in row])

        def save(handle: IO[bytes]) -> None:
            book.save(handle)

        write_atomic(path, save)
    except BaseException:  # Ctrl-C too: openpyxl's half-written sheets closed quietly
        _discard(book)
        raise
    if long_cells:
        warnings.warn(f"{os.fspath(path)}: some cells hold more than {EXCEL_CELL_CHARS:,} "
                      f"characters, which Excel cuts when it opens them (LibreOffice and "
                      f"provenance import keep them): {', '.join(long_cells)}", ExportWarning,
                      stacklevel=3)


def _discard(book: Any) -> None:
    """Close and remove the temporary files of a write-only workbook given up half-way:
    left to the collector, each sheet's writer would end by writing to a closed file,
    and the interpreter print an "Exception ignored" traceback for each."""
    for sheet in getattr(book, "worksheets", []):
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()
