"""The reader's half of :mod:`provenance.files.sheets`: tables of cell values (from a
workbook or CSV files) into the story file's document, and the story file's checks placed
back on the sheets' cells (``reports!C7 (published): ...``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import StoryFormatError, ValidationIssue
from ..model import Story
from ._careful import parse, story_from_data
from ._schema import FORMAT_NAME
from ._sheets_layout import _JSON_SUFFIX, SHEET_NAMES, SHEETS, VERSION_2_COLUMNS, Sheet

__all__ = ["story_from_tables", "tables_from"]


# --------------------------------------------------------------------------- #
# What a reader hands over: tables of raw cell values.

@attrs.define
class _Table:
    """One sheet as read: its name as the file gives it, its header and its rows.

    ``rows`` holds ``(row number, values)``, the header being row 1; a value is what the
    cell holds (text, a number, a boolean, a date or time), None for an empty cell.
    """

    shown: str
    header: list[Any]
    rows: list[tuple[int, list[Any]]]


def _column_letter(index: int) -> str:
    """The spreadsheet's name of a 0-based column: 0 is A, 26 is AA.

    >>> _column_letter(0), _column_letter(25), _column_letter(26), _column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number_text(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {_number_text(value)}"
    if isinstance(value, (dt.datetime, dt.date)):
        return "a date"
    if isinstance(value, dt.time):
        return "a time of day"
    if isinstance(value, dt.timedelta):
        return "a duration"
    return json.dumps(str(value), ensure_ascii=False)[:60]


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _shows_time(value: dt.date) -> bool:
    """Whether a date value read from a cell has a time of day (a date cell has none)."""
    return isinstance(value, dt.datetime) and value.time() != dt.time()


def _day_or_time(value: dt.date, with_time: bool) -> str:
    """A workbook's date cell as ISO text: the day, or the time without a zone."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    if not with_time:
        return value.date().isoformat()
    text = value.replace(tzinfo=None).isoformat(timespec="seconds")
    if value.microsecond:
        text = value.replace(tzinfo=None).isoformat(timespec="milliseconds"
                                                    if value.microsecond % 1000 == 0
                                                    else "microseconds")
    return text


class _Reader:
    """Turns tables into the story document, noting where each item came from."""

    def __init__(self) -> None:
        self.issues: list[tuple[tuple[int, int, int], ValidationIssue]] = []
        #: (sheet name as shown, row) of each item, by the document's path.
        self.rows: dict[str, tuple[str, int]] = {}
        #: Each sheet's column letter by field name.
        self.letters: dict[str, dict[str, str]] = {}
        self.shown: dict[str, str] = {}
        self.missing: dict[str, set[str]] = {}

    def issue(self, sheet: str, row: int, column: int | None, field: str | None,
              reason: str) -> None:
        shown = self.shown.get(sheet, sheet)
        if column is None:
            where = f"{shown} row {row}" if row else shown
        else:
            where = f"{shown}!{_column_letter(column)}{row}"
        if field is not None:
            where += f" ({field})"
        order = (SHEET_NAMES.index(sheet) if sheet in SHEETS else -1, row,
                 -1 if column is None else column)
        self.issues.append((order, ValidationIssue(where, reason)))

    # -- one sheet ----------------------------------------------------------- #

    def items(self, sheet: Sheet, table: _Table) -> list[tuple[int, dict[str, Any]]]:
        """The rows of ``table`` as the format's objects, with their row numbers."""
        self.shown[sheet.name] = table.shown
        columns = self.columns(sheet, table.header)
        self.letters[sheet.name] = {key: _column_letter(i) for i, (key, how) in columns.items()
                                    if how != "refused"}
        present = {"report" if key == _REPORT else key for key, how in columns.values()
                   if how != "refused"}
        self.missing[sheet.name] = set(sheet.required - present)
        for key in sorted(sheet.required - present, key=sheet.columns.index):
            self.issue(sheet.name, 1, None, None, f"has no {key} column, which is required")
        out = []
        for number, values in table.rows:
            item: dict[str, Any] = {}
            for i, value in enumerate(values):
                if value is None:  # an empty cell (the readers give an empty text as "")
                    continue
                if i not in columns:
                    self.issue(sheet.name, number, i, None,
                               "a value in a column without a name in row 1")
                    continue
                key, how = columns[i]
                if how == "refused":
                    continue
                converted = self.value(value, how, sheet.name, number, i, key)
                if converted is not _ABSENT:
                    item[key] = converted
            if item or any(v is not None for v in values):
                out.append((number, item))
        return out

    def columns(self, sheet: Sheet, header: list[Any]) -> dict[int, tuple[str, str]]:
        """Each named column's key and how its cells read (``text``, ``number``, ...;
        ``refused`` for a column whose header is wrong, said once)."""
        found: dict[int, tuple[str, str]] = {}
        seen: dict[str, int] = {}
        for i, name in enumerate(header):
            if name is None or (isinstance(name, str) and not name.strip()):
                continue
            if not isinstance(name, str):
                name = _number_text(name) if isinstance(name, (int, float)) else str(name)
            plain = name.strip().lower()
            if plain in sheet.columns:
                # The mentions' report column is no field of a mention: its own key, so
                # that an unknown key named "report" (a "report:json" column) stays apart.
                key = _REPORT if sheet.name == "mentions" and plain == "report" else plain
                how = ("number" if key in sheet.numbers else "flag" if key in sheet.flags
                       else "date" if key in sheet.dates else "list" if key in sheet.lists
                       else "text")
            elif name.endswith(_JSON_SUFFIX):
                key, how = name[: -len(_JSON_SUFFIX)], "json"
                if key in sheet.reserved:
                    article = "an" if key[:1] in "aeiou" else "a"
                    self.issue(sheet.name, 1, i, None, f"{name!r} names a field of the "
                               f"format: write it as {article} {key} column")
                    found[i] = (name, "refused")
                    continue
            elif plain in sheet.reserved:
                where = ("the mentions sheet" if plain == "claims" else
                         "its own sheet" if plain in SHEETS else "no column")
                self.issue(sheet.name, 1, i, None, f"{name!r} is not a column of the "
                           f"{sheet.name} sheet (it belongs to {where})")
                found[i] = (name, "refused")
                continue
            else:
                key, how = name, "extra"
            if key in seen:
                self.issue(sheet.name, 1, i, None, f"repeats the column {key!r} of "
                           f"{_column_letter(seen[key])}1")
                found[i] = (name, "refused")
                continue
            seen[key] = i
            found[i] = (key, how)
        return found

    def value(self, value: Any, how: str, sheet: str, row: int, column: int,
              key: str) -> Any:
        def bad(reason: str) -> Any:
            self.issue(sheet, row, column, key, reason)
            return _ABSENT

        if isinstance(value, dt.timedelta) or (isinstance(value, dt.time) and how != "json"):
            return bad(f"must not be {_kind_of(value)}")
        if how == "text":
            if isinstance(value, str):
                return value
            if isinstance(value, (dt.datetime, dt.date)):
                return _day_or_time(value, _shows_time(value))
            return _number_text(value)
        if how == "list":
            return self.id_list(value, bad)
        if how == "number":
            if isinstance(value, (bool, dt.date, dt.datetime)):
                return bad(f"must be a number, not {_kind_of(value)}")
            if isinstance(value, (int, float)):
                return value
            text = value.strip()
            if not _NUMBER.fullmatch(text):
                return bad(f"must be a number, not {_kind_of(value)}")
            number = float(text)
            if not math.isfinite(number):
                return bad("is too large to be a number")
            return int(text) if re.fullmatch(r"[+-]?\d+", text) else number
        if how == "flag":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                return value.strip().lower() == "true"
            return bad(f"must be TRUE or FALSE, not {_kind_of(value)}")
        if how == "date":
            if isinstance(value, (dt.datetime, dt.date)):
                return _day_or_time(value, _shows_time(value))
            if isinstance(value, str):
                return value
            return bad(f"must be a date (a date cell, or ISO text such as 2017-01-23 or "
                       f"2017-01-23T12:00:00+03:00), not {_kind_of(value)}")
        if how == "json":
            if not isinstance(value, str):
                return value if not isinstance(value, (dt.date, dt.time)) else (
                    _day_or_time(value, _shows_time(value))
                    if isinstance(value, dt.date) else value.isoformat())
            try:
                return parse(value)
            except StoryFormatError as err:
                return bad("; ".join(issue.reason for issue in err.issues))
        # An unknown column: what the cell holds.
        if isinstance(value, (dt.datetime, dt.date)):
            return _day_or_time(value, _shows_time(value))
        return value

    @staticmethod
    def id_list(value: Any, bad: Any) -> Any:
        """A cell of ids: ``a, b`` (commas between), or a JSON array of texts."""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return bad(f"must be ids separated by commas, not {_kind_of(value)}")
        if not isinstance(value, str):
            return [_number_text(value)]
        text = value.strip()
        if text.startswith("["):
            try:
                ids = json.loads(text)
            except ValueError:
                ids = None
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                return bad("must be ids separated by commas, or a JSON array of texts")
            return ids
        return [part.strip() for part in text.split(",") if part.strip()]

    # -- the whole story ----------------------------------------------------- #

    def document(self, tables: Mapping[str, _Table], title: str | None) -> dict[str, Any]:
        doc: dict[str, Any] = {"format": FORMAT_NAME, "version": 1}
        if "story" in tables:
            rows = self.items(SHEETS["story"], tables["story"])
            if rows:
                number, first = rows[0]
                self.rows["story"] = ("story", number)
                doc.update(first)
                for extra_row, _ in rows[1:]:
                    self.issue("story", extra_row, None, None,
                               f"the story sheet has one row of values (row {number})")
        if title is not None:
            doc["title"] = title
        for name in ("actors", "claims", "reports", "links"):
            doc[name] = []
            for number, item in self.items(SHEETS[name], tables[name]) if name in tables \
                    else []:
                self.rows[f"{name}[{len(doc[name])}]"] = (name, number)
                doc[name].append(item)
        if "mentions" in tables:
            self.mentions(doc, tables["mentions"])
        if "accounts" in tables:
            accounts = doc["accounts"] = []
            for number, item in self.items(SHEETS["accounts"], tables["accounts"]):
                self.rows[f"accounts[{len(accounts)}]"] = ("accounts", number)
                accounts.append(item)
            if not accounts:
                del doc["accounts"]
        if _uses_version_2(doc):
            doc["version"] = 2
        return doc

    def mentions(self, doc: dict[str, Any], table: _Table) -> None:
        reports: dict[str, tuple[int, dict[str, Any]]] = {}
        for i, item in enumerate(doc["reports"]):
            if isinstance(item.get("id"), str):
                reports.setdefault(item["id"], (i, item))
        report_column = self.letters_index(table, "report")
        for number, item in self.items(SHEETS["mentions"], table):
            rid = item.pop(_REPORT, None)
            if rid is None:
                if "report" not in self.missing["mentions"]:
                    self.issue("mentions", number, report_column, "report", "is required")
                continue
            if rid not in reports:
                shown = json.dumps(rid, ensure_ascii=False)[:80]
                self.issue("mentions", number, report_column, "report",
                           f"no report has the id {shown}" + self.hint("reports"))
                continue
            i, report = reports[rid]
            claims = report.setdefault("claims", [])
            self.rows[f"reports[{i}].claims[{len(claims)}]"] = ("mentions", number)
            claims.append(item)

    def letters_index(self, table: _Table, key: str) -> int | None:
        for i, name in enumerate(table.header):
            if isinstance(name, str) and name.strip().lower() == key:
                return i
        return None

    def hint(self, sheet: str) -> str:
        return "" if sheet in self.shown else f" (there is no {sheet} sheet)"

    # -- the story file's checks, placed on the sheets -------------------------- #

    def place(self, issue: ValidationIssue) -> None:
        """Put an issue of the story file's checks (a JSON path) on its sheet and cell."""
        match = _PATH.fullmatch(issue.path)
        reason = _ITEM_IN_REASON.sub(lambda m: self.row_words(m.group(0)), issue.reason)
        if match is None:  # the top level: the title or the summary
            field = issue.path
            if "story" in self.rows and field in self.letters.get("story", {}):
                _, number = self.rows["story"]
                self.issue("story", number, _letter_index(self.letters["story"][field]),
                           field, reason)
            elif field == "title":
                self.issue("story", 0, None, "title", reason + " (a story sheet with a title "
                           "column, or the title given with --title)")
            else:
                self.issue("", 0, None, None, str(issue))
            return
        item, rest = match.group(1), match.group(2) or ""
        sheet, number = self.rows.get(item, ("", 0))
        if not sheet:
            self.issue("", 0, None, None, str(issue))
            return
        field = rest.lstrip(".")
        letters = self.letters.get(sheet, {})
        key = next((k for k in sorted(letters, key=len, reverse=True)
                    if field == k or field.startswith((k + ".", k + "["))), None)
        if key is None:
            if field in self.missing.get(sheet, ()) and reason == "is required":
                return  # said once, for the sheet's header
            self.issue(sheet, number, None, field or None, reason)
            return
        self.issue(sheet, number, _letter_index(letters[key]), key, reason)

    def row_words(self, path: str) -> str:
        sheet, number = self.rows.get(path, ("", 0))
        return f"row {number}" if sheet else path


_ABSENT = object()
_REPORT = "\x00report"
_PATH = re.compile(r"((?:actors|claims|reports|links)\[\d+\](?:\.claims\[\d+\])?)(\..*)?",
                   re.DOTALL)
_ITEM_IN_REASON = re.compile(r"(?:actors|claims|reports|links)\[\d+\](?:\.claims\[\d+\])?")


def _uses_version_2(doc: Mapping[str, Any]) -> bool:
    """Whether the sheets gave a key of format version 2 (then the story says so)."""
    if doc.get("accounts"):
        return True
    items = {"claims": doc["claims"], "reports": doc["reports"], "links": doc["links"],
             "mentions": [m for r in doc["reports"] for m in r.get("claims", ())]}
    return any(key in item for name, keys in VERSION_2_COLUMNS.items()
               for item in items[name] for key in keys)


def _letter_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def story_from_tables(tables: Mapping[str, _Table], title: str | None, source: str) -> Story:
    """The story the tables hold, or every problem at once."""
    reader = _Reader()
    if not tables:
        raise StoryFormatError([ValidationIssue("", "holds none of the sheets "
                                                f"{', '.join(SHEET_NAMES)}")], source)
    doc = reader.document(tables, title)
    try:
        story = story_from_data(doc)
    except StoryFormatError as err:
        for issue in err.issues:
            reader.place(issue)
        story = None
    if reader.issues:
        reader.issues.sort(key=lambda pair: pair[0])
        raise StoryFormatError([issue for _, issue in reader.issues], source)
    assert story is not None
    return story


def tables_from(found: Mapping[str, tuple[str, list[Any], list[tuple[int, list[Any]]]]]
                ) -> dict[str, _Table]:
    """The tables a file reader found, ``(name shown, header, rows)`` by sheet."""
    return {name: _Table(*parts) for name, parts in found.items()}
