"""Spreadsheets in and out: a story as a workbook (.xlsx) or a folder of CSV files.

A fact-checker who keeps a story in a spreadsheet (as Kumu and Gephi users do) keeps one
sheet, or one CSV file, per kind of item, each with a header row of the format's field
names (``docs/format.md``, "Spreadsheets"):

=========  =================================================================
sheet      columns
=========  =================================================================
story      title, summary (one row; or give the title as an argument)
actors     id, name, kind, country, url, audience
claims     id, text, qualifies
reports    id, actor, kind, published, title, text, url, language, firsthand,
           genre, accounts
mentions   report, claim, stance, holder, quote, firsthand, part, of, hedged,
           accounts
links      source, target, relation, confidence, note, accounts
accounts   id, name, by, summary, url
=========  =================================================================

(``qualifies``, ``genre``, ``part``, ``of``, ``hedged``, ``accounts`` and the accounts
sheet are format version 2; ``accounts`` cells hold ids separated by commas.) A written
workbook has drop-down lists on its choice columns and its columns of ids.

An empty cell is an absent field; ``firsthand`` and ``hedged`` are ``TRUE`` or ``FALSE``
(any case, or a real boolean cell); ``audience`` and ``confidence`` are numbers or number text;
``published`` is ISO 8601 text or the workbook's own date (a date cell gives the day, a
date-and-time cell the time without a zone). Any other column is kept as the item's
unknown keys; a column named ``KEY:json`` holds JSON values (the writer uses it for
values a cell cannot hold: lists, objects, null). Every problem is reported at once,
naming the sheet, the cell and the reason (``reports!D7 (published): ...``), and the
assembled story then goes through the story file's own checks
(:func:`~provenance.files.story.story_from_data`): an actor or claim referred to but not
listed is an error, never a silent creation.

The writers (:func:`write_workbook`, :func:`write_csv`) write the same layout back, so a
story read from what they wrote is equal to the story written. Text is always text:

- in a workbook, every text cell is a string cell (``=1+1`` is shown, never run as a
  formula); characters XML cannot hold are written ``_xHHHH_`` as Excel does
  (ECMA-376 ST_Xstring), and read back;
- in CSV, a text that a spreadsheet would take for a formula (starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe (OWASP's guidance
  on CSV injection), which the reader takes off again;
- in both, an empty text (which an empty cell cannot tell from no value) is written as a
  lone apostrophe; a text of apostrophes alone (or, in CSV, apostrophes before a formula
  character) gets one more.

Examples
--------
>>> import tempfile, os
>>> from provenance.model import Story, Actor, Report
>>> story = Story("Demo", actors=[Actor("a", "Agency")], reports=[Report("r", "a")])
>>> with tempfile.TemporaryDirectory() as folder:
...     write_csv(story, os.path.join(folder, "demo"))
...     sorted(os.listdir(os.path.join(folder, "demo")))
...     read_csv(os.path.join(folder, "demo")) == story
['accounts.csv', 'actors.csv', 'claims.csv', 'links.csv', 'mentions.csv', 'reports.csv', \
'story.csv']
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ProvenanceError
from ..model import Story
from ._careful import story_from_data
from ._sheets_layout import _JSON_SUFFIX, _SHEETS, CSV_NAMES, SHEET_NAMES, SHEETS, Sheet
from ._sheets_read import story_from_tables, tables_from
from ._writer import story_to_data

__all__ = ["Sheet", "SHEETS", "SHEET_NAMES", "read_workbook", "read_csv", "write_workbook",
           "write_csv", "CSV_NAMES"]


# --------------------------------------------------------------------------- #
# What a writer is given: the rows of each sheet, with Python values.

def _tables_of(story: Story, plain: Callable[[Any], bool]) -> list[tuple[str, list[str],
                                                                         list[list[Any]]]]:
    """Each sheet's name, header and rows of values (None for an empty cell).

    Unknown keys become columns: a plain one when ``plain`` accepts every value it holds
    and its name cannot be misread, else a ``KEY:json`` column of JSON text.
    """
    data = story_to_data(story)  # the story file's document: one rule for what is written
    story_row = {key: value for key, value in data.items()
                 if key not in ("format", "version", "actors", "claims", "reports", "links",
                                "accounts")}
    # A mention's row: the report's id, then the mention (whose unknown keys may include
    # one named "report": it is no field of a mention, so it gets a column of its own).
    mentions = [mention for report in data["reports"] for mention in report.get("claims", ())]
    mention_reports = [report["id"] for report in data["reports"]
                       for _ in report.get("claims", ())]
    items: dict[str, list[dict[str, Any]]] = {
        "story": [story_row], "actors": data["actors"], "claims": data["claims"],
        "reports": [{k: v for k, v in r.items() if k != "claims"} for r in data["reports"]],
        "mentions": mentions, "links": data["links"], "accounts": data.get("accounts", []),
    }
    out = []
    for sheet in _SHEETS:
        rows = items[sheet.name]
        fields = [key for key in sheet.columns if not (sheet.name == "mentions"
                                                       and key == "report")]
        extra_keys: dict[str, None] = {}
        for item in rows:
            extra_keys.update(dict.fromkeys(k for k in item if k not in fields))
        header = list(sheet.columns)
        encoders: list[tuple[str, bool]] = []
        for key in extra_keys:
            as_json = (key.endswith(_JSON_SUFFIX) or not key.strip()
                       or key.strip().lower() in sheet.columns or key.strip().lower()
                       in sheet.reserved
                       or not all(plain(item[key]) for item in rows if key in item))
            header.append(key + _JSON_SUFFIX if as_json else key)
            encoders.append((key, as_json))
        table = []
        for number, item in enumerate(rows):
            values = [mention_reports[number] if sheet.name == "mentions" and key == "report"
                      else _id_list(item[key]) if key in sheet.lists and key in item
                      else item.get(key) for key in sheet.columns]
            for key, as_json in encoders:
                if key not in item:
                    values.append(None)
                elif as_json:
                    values.append(json.dumps(item[key], ensure_ascii=False, allow_nan=False))
                else:
                    values.append(item[key])
            table.append(values)
        out.append((sheet.name, header, table))
    return out


def _id_list(ids: Any) -> Any:
    """A list of ids as one cell: ``a, b``, or a JSON array when an id would not read
    back from that (a comma, spaces around it, an empty id, a leading ``[``)."""
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return json.dumps(ids, ensure_ascii=False)
    if not ids or any("," in i or i != i.strip() or not i for i in ids) or (
            ids[0].startswith("[")):
        return json.dumps(ids, ensure_ascii=False)
    return ", ".join(ids)


# --------------------------------------------------------------------------- #
# The public functions.

def read_workbook(path: str | os.PathLike[str], *, title: str | None = None) -> Story:
    """The story in a workbook (``.xlsx``), checked as a story file is.

    ``title``: the story's title, instead of the ``story`` sheet's.

    Raises
    ------
    StoryFormatError
        With every problem, each naming its sheet, cell and column.
    MissingExtraError
        When openpyxl is not installed.
    ProvenanceError
        When the file cannot be read or is not a workbook.
    """
    from ._sheets_xlsx import read_tables

    found = read_tables(path, SHEET_NAMES)
    return story_from_tables(tables_from(found), title, os.fspath(path))


def read_csv(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
             title: str | None = None, read: list[Path] | None = None) -> Story:
    """The story in CSV files: a folder holding ``actors.csv``, ``claims.csv``, ...
    (:data:`CSV_NAMES`), or the files themselves, each named after its sheet. One file
    given alone stands for the set in its folder (a story needs several sheets), so
    ``reports.csv`` opens the story it belongs to.

    Raises
    ------
    StoryFormatError, ProvenanceError
        As :func:`read_workbook`; also for a file that names no sheet, and a folder
        holding two files of one sheet (``claims.csv`` and ``Claims.csv``).

    ``read``, when given, gets the paths of the files read.
    """
    from ._sheets_csv import read_tables, sheet_of

    if isinstance(paths, (str, os.PathLike)) and os.path.isfile(paths):
        given = Path(paths)
        if given.suffix.lower() != ".csv" or sheet_of(given, SHEET_NAMES) is None:
            raise ProvenanceError(f"{os.fspath(paths)}: not a CSV file of a story, which "
                                  "is named after its sheet: "
                                  f"{', '.join(n + '.csv' for n in SHEET_NAMES)}")
        paths = os.path.dirname(os.path.abspath(paths))
    found, source = read_tables(paths, SHEET_NAMES, read)
    return story_from_tables(tables_from(found), title, source)


def write_workbook(story: Story, path: str | os.PathLike[str]) -> None:
    """Write the story as a workbook, atomically (see the module's rules for text).

    Raises
    ------
    StoryFormatError
        If the story breaks the format (nothing is written).
    MissingExtraError
        When openpyxl is not installed.
    ProvenanceError
        If the file cannot be written.
    """
    from . import _sheets_xlsx

    story_from_data(story_to_data(story))  # never write a bad story
    _sheets_xlsx.write_tables(_tables_of(story, _sheets_xlsx.plain), path, SHEETS)


def write_csv(story: Story, folder: str | os.PathLike[str]) -> None:
    """Write the story as a folder of CSV files (UTF-8 with a byte order mark, so that
    Excel reads it as UTF-8), atomically.

    The files are written into a new folder beside ``folder``, which then takes its
    place: a failure leaves the old folder as it was. A folder that holds anything but
    the files of an earlier export is refused.

    Raises
    ------
    StoryFormatError
        If the story breaks the format (nothing is written).
    ProvenanceError
        If the folder cannot be written or holds other files.
    """
    from . import _sheets_csv

    story_from_data(story_to_data(story))
    _sheets_csv.write_tables(_tables_of(story, _sheets_csv.plain), folder, CSV_NAMES)
