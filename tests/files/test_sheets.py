"""Spreadsheets in and out: workbooks and CSV files give back the story written, every
problem in a sheet is named by its cell, and text stays text."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import provenance
from provenance import ExportWarning, MissingExtraError, ProvenanceError, Story, StoryFormatError
from provenance.files import sheets
from provenance.files.registry import (
    SHEET_FORMATS,
    export,
    export_to,
    format_for,
    get,
    input_format,
    load_any,
)
from provenance.model import Actor, Claim, ClaimMention, Link, Report, Stance
from tests.conftest import SAMPLES, make_story, report
from tests.exports import hostile_story
from tests.test_properties import SETTINGS, story_documents

openpyxl = pytest.importorskip("openpyxl", reason="the sheets extra (openpyxl) is not installed")


def via_workbook(story: Story, folder: Path) -> Story:
    path = folder / "story.xlsx"
    sheets.write_workbook(story, path)
    return sheets.read_workbook(path)


def via_csv(story: Story, folder: Path) -> Story:
    sheets.write_csv(story, folder / "tables")
    return sheets.read_csv(folder / "tables")


ROUND_TRIPS = [pytest.param(via_workbook, id="xlsx"), pytest.param(via_csv, id="csv")]


def workbook(tmp_path: Path, tables: dict[str, list[list[Any]]], name: str = "in.xlsx") -> Path:
    """A workbook as a person makes one (openpyxl's normal mode, typed cells)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tables.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def csv_folder(tmp_path: Path, tables: dict[str, list[list[str]]]) -> Path:
    folder = tmp_path / "tables"
    folder.mkdir()
    for title, rows in tables.items():
        with open(folder / f"{title}.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def issues_of(call: Callable[[], Any]) -> list[str]:
    with pytest.raises(StoryFormatError) as caught:
        call()
    return [str(issue) for issue in caught.value.issues]


# --------------------------------------------------------------------------- #
# Round trips

@pytest.mark.parametrize("through", ROUND_TRIPS)
@SETTINGS
@given(doc=story_documents())
def test_generated_stories_round_trip(through: Callable[[Story, Path], Story],
                                      doc: dict[str, Any], tmp_path_factory: Any) -> None:
    story = provenance.loads(json.dumps(doc))
    again = through(story, tmp_path_factory.mktemp("sheets"))
    assert again == story
    # Every key and value is there (a workbook has one kind of number: 0.0 reads as 0).
    assert json.loads(provenance.dumps(again)) == json.loads(provenance.dumps(story))


@pytest.mark.parametrize("through", ROUND_TRIPS)
def test_every_sample_round_trips(through: Callable[[Story, Path], Story], sample: Story,
                                  tmp_path: Path) -> None:
    assert through(sample, tmp_path) == sample


def test_the_sample_workbook_is_the_syria_story(syria: Story) -> None:
    path = SAMPLES / "syria-joint-strike.xlsx"
    assert sheets.read_workbook(path) == syria
    assert load_any(path) == syria
    assert "syria-joint-strike.xlsx" not in provenance.sample_names()
    assert all(not name.endswith(".xlsx") for name in provenance.sample_names())


@pytest.mark.parametrize("through", ROUND_TRIPS)
def test_hostile_ids_and_text_round_trip(through: Callable[[Story, Path], Story],
                                         tmp_path: Path) -> None:
    story = hostile_story()
    assert through(story, tmp_path) == story


HOSTILE_TEXT = ["=1+1", "+SUM(A1:A3)", "-2+3", "@cmd", "\t=x", "\r=x", "'=quoted", "'", "''",
                "", " ", "it's", "_x0041_", "_x000D_", "a\rb", "a\r\nb", "\x00\x01\x1f",
                "\ufffe\uffff", "=HYPERLINK(\"http://evil\",\"x\")", "é\u2028\u202e😀",
                "TRUE", "0.5", "2017-01-23", 'quote " and, comma\n']


def _text_story() -> Story:
    return Story(
        "=cmd|' /C calc'!A0",
        summary="@SUM(1+1)",
        actors=[Actor(f"a{i}", text) for i, text in enumerate(HOSTILE_TEXT)],
        claims=[Claim("=c", "-claim")],
        reports=[Report(f"r{i}", f"a{i}", title=text, text=text,
                        claims=[ClaimMention("=c", Stance.ASSERTS, quote=text)])
                 for i, text in enumerate(HOSTILE_TEXT)],
        links=[Link("r0", "r1", note="+note")],
    )


@pytest.mark.parametrize("through", ROUND_TRIPS)
def test_text_that_looks_like_a_formula_reads_back_exactly(
        through: Callable[[Story, Path], Story], tmp_path: Path) -> None:
    story = _text_story()
    assert through(story, tmp_path) == story


def test_a_workbook_holds_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    sheets.write_workbook(_text_story(), path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = openpyxl.load_workbook(path)  # openpyxl itself sees text cells only
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type in ("s", "n", "b") for cell in row if cell.value is not None)
    assert book["story"]["A2"].value == "=cmd|' /C calc'!A0"


def test_a_csv_cell_never_starts_a_formula(tmp_path: Path) -> None:
    sheets.write_csv(_text_story(), tmp_path / "t")
    for path in (tmp_path / "t").iterdir():
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row)
    text = (tmp_path / "t" / "story.csv").read_text("utf-8-sig")
    assert "'=cmd|" in text and "'@SUM" in text


# --------------------------------------------------------------------------- #
# What a person's workbook may hold

def test_typed_cells_are_read_as_the_format_means(tmp_path: Path) -> None:
    path = workbook(tmp_path, {
        "story": [["title", "summary"], ["Typed", None]],
        "actors": [["id", "name", "audience"], [1, "One", "1500"], ["b", "Bee", 2.5]],
        "claims": [["id", "text"], ["c", 2017]],
        "reports": [["id", "actor", "published", "firsthand"],
                    ["r1", 1, dt.date(2024, 3, 5), True],
                    ["r2", "b", dt.datetime(2024, 3, 5, 12, 30), "false"],
                    ["r3", "b", "2017-01-23T12:00:00+03:00", "TRUE"]],
        "mentions": [["report", "claim", "stance", "firsthand"], ["r1", "c", "asserts", None]],
        "links": [["source", "target", "confidence"], ["r1", "r2", "0.5"], ["r2", "r3", 1]],
    })
    story = sheets.read_workbook(path)
    assert [a.id for a in story.actors] == ["1", "b"]  # a number cell as an id: its text
    assert (story.actor("1").audience, story.actor("b").audience) == (1500, 2.5)
    assert story.claim("c").text == "2017"
    assert story.report("r1").published.text == "2024-03-05"  # a date cell: the day
    assert story.report("r2").published.text == "2024-03-05T12:30:00"  # no zone
    assert story.report("r3").published.text == "2017-01-23T12:00:00+03:00"
    assert [r.firsthand for r in story.reports] == [True, False, True]
    assert [k.confidence for k in story.links] == [0.5, 1]
    assert story.report("r1").claims == (ClaimMention("c", Stance.ASSERTS),)


def test_unknown_columns_are_kept_and_json_columns_hold_values(tmp_path: Path) -> None:
    path = workbook(tmp_path, {
        "story": [["title", "x-editor"], ["T", "Ann"]],
        "actors": [["id", "name", "tags:json", "x-rank"], ["a", "A", '["x", 1]', 3]],
        "reports": [["id", "actor", "x-checked"], ["r", "a", dt.date(2024, 1, 2)]],
    })
    story = sheets.read_workbook(path)
    assert story.extra == {"x-editor": "Ann"}
    assert story.actor("a").extra == {"tags": ["x", 1], "x-rank": 3}
    assert story.report("r").extra == {"x-checked": "2024-01-02"}


def test_the_title_argument_gives_or_replaces_the_title(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"actors": [["id", "name"], ["a", "A"]]})
    assert sheets.read_workbook(path, title="Given").title == "Given"
    with_sheet = workbook(tmp_path, {"story": [["title"], ["Sheet"]]}, "b.xlsx")
    assert sheets.read_workbook(with_sheet, title="Given").title == "Given"
    assert sheets.read_workbook(with_sheet).title == "Sheet"


def test_sheets_with_only_a_header_are_an_empty_story(tmp_path: Path) -> None:
    path = workbook(tmp_path, {name: [list(sheets.SHEETS[name].columns)]
                               for name in sheets.SHEET_NAMES})
    assert sheets.read_workbook(path, title="Empty") == Story("Empty")


def test_an_empty_workbook_says_what_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    assert issues_of(lambda: sheets.read_workbook(path)) == [
        "holds none of the sheets story, actors, claims, reports, mentions, links, accounts"]


def test_sheet_names_ignore_case_and_other_sheets_are_ignored(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Notes": [["anything"]], "Story": [["Title"], ["T"]],
                               "ACTORS": [["id", "name"], ["a", "A"]]})
    story = sheets.read_workbook(path)
    assert (story.title, [a.id for a in story.actors]) == ("T", ["a"])


# --------------------------------------------------------------------------- #
# Every problem, with its sheet, cell and reason, at once

def test_every_problem_is_named_by_sheet_cell_and_column(tmp_path: Path) -> None:
    path = workbook(tmp_path, {
        "story": [["title"], ["T"]],
        "actors": [["id", "name", "kind", "audience"], ["a", "A", "alien", "many"],
                   ["a", "Again"]],
        "claims": [["id", "text"], ["c", "C"]],
        "reports": [["id", "actor", "published", "firsthand"],
                    ["r1", "a", "2017-01-23 12:00", "yes"],
                    ["r2", "ghost", dt.time(12, 0)],
                    ["r3", "a", 42]],
        "mentions": [["report", "claim", "stance", "holder"],
                     ["r1", "c", "shouts"],
                     ["nobody", "c", "asserts"],
                     ["r2", "lost", "asserts", "ghost"]],
        "links": [["source", "target", "confidence"], ["r1", "r1"], ["r1", "r2", 2]],
    })
    found = issues_of(lambda: sheets.read_workbook(path))
    assert found == [
        "actors!C2 (kind): must be one of government, military, state_media, wire_service, "
        "newspaper, broadcaster, online_outlet, social_account, blog, encyclopedia, "
        "fact_checker, researcher, person, other, not \"alien\"",
        'actors!D2 (audience): must be a number, not "many"',
        'actors!A3 (id): repeats the id "a" of row 2',
        "reports!C2 (published): a space between the date and the time: ISO 8601 joins "
        'them with T (2017-01-23T12:00) (the file has "2017-01-23 12:00")',
        'reports!D2 (firsthand): must be TRUE or FALSE, not "yes"',
        'reports!B3 (actor): no actor has the id "ghost"',
        "reports!C3 (published): must not be a time of day",
        "reports!C4 (published): must be a date (a date cell, or ISO text such as "
        "2017-01-23 or 2017-01-23T12:00:00+03:00), not the number 42",
        "mentions!C2 (stance): must be one of asserts, attributes, implies, questions, "
        "denies, not \"shouts\"",
        'mentions!A3 (report): no report has the id "nobody"',
        'mentions!B4 (claim): no claim has the id "lost"',
        'mentions!D4 (holder): no actor has the id "ghost"',
        'links row 2: links the report "r1" to itself',
        "links!C3 (confidence): must be a number from 0 to 1",
    ]


def test_an_actor_referred_to_but_not_listed_is_an_error_in_csv(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, {
        "story": [["title"], ["T"]],
        "reports": [["id", "actor"], ["r1", "mod"]],
        "mentions": [["report", "claim", "stance"], ["r1", "jets", "asserts"]],
    })
    assert issues_of(lambda: sheets.read_csv(folder)) == [
        'reports!B2 (actor): no actor has the id "mod"',
        'mentions!B2 (claim): no claim has the id "jets"',
    ]


def test_problems_with_the_columns(tmp_path: Path) -> None:
    path = workbook(tmp_path, {
        "actors": [["id", "kind", "Kind", None, "tags:json", "name:json"],
                   ["a", "person", "blog", "stray", "[1,", "x"]],
        "reports": [["id", "actor", "claims"], ["r", "a", "c"]],
        "story": [["title"], ["One"], ["Two"]],
    })
    assert issues_of(lambda: sheets.read_workbook(path)) == [
        "story row 3: the story sheet has one row of values (row 2)",
        "actors row 1: has no name column, which is required",
        "actors!C1: repeats the column 'kind' of B1",
        "actors!F1: 'name:json' names a field of the format: write it as a name column",
        "actors!D2: a value in a column without a name in row 1",
        "actors!E2 (tags): not valid JSON: Expecting value at line 1, column 4",
        "reports!C1: 'claims' is not a column of the reports sheet (it belongs to the "
        "mentions sheet)",
    ]


def test_a_missing_title_says_where_to_give_one(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, {"actors": [["id", "name"], ["a", "A"]]})
    assert issues_of(lambda: sheets.read_csv(folder)) == [
        "story (title): is required (a story sheet with a title column, or the title "
        "given with --title)"]


def test_a_mention_of_a_report_in_a_missing_sheet_says_so(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, {"story": [["title"], ["T"]],
                                   "mentions": [["report", "claim", "stance"], ["r", "c", "x"]]})
    found = issues_of(lambda: sheets.read_csv([folder / "story.csv", folder / "mentions.csv"]))
    assert found == ['mentions!A2 (report): no report has the id "r" (there is no reports '
                     "sheet)"]


def test_csv_files_given_by_name(tmp_path: Path, syria: Story) -> None:
    sheets.write_csv(syria, tmp_path / "t")
    files = sorted((tmp_path / "t").iterdir())
    assert sheets.read_csv(files) == syria
    assert load_any([str(p) for p in files]) == syria
    stray = tmp_path / "notes.csv"
    stray.write_text("a\n")
    with pytest.raises(ProvenanceError, match="notes.csv: a CSV file of a story is named"):
        sheets.read_csv([*files, stray])
    with pytest.raises(ProvenanceError, match="holds none of the files"):
        sheets.read_csv(tmp_path)


def test_a_bad_csv_file_is_a_story_format_error(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "actors.csv").write_bytes(b"id,name\n\xff,x\n")
    with pytest.raises(StoryFormatError, match="not UTF-8"):
        sheets.read_csv(folder)


def test_a_file_that_is_no_workbook_is_a_provenance_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    with pytest.raises(ProvenanceError, match="not a readable .xlsx workbook"):
        sheets.read_workbook(path)
    with pytest.raises(ProvenanceError, match="cannot read"):
        sheets.read_workbook(tmp_path / "missing.xlsx")


def test_without_openpyxl_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                                    syria: Story, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    for call in (lambda: sheets.write_workbook(syria, tmp_path / "s.xlsx"),
                 lambda: sheets.read_workbook(SAMPLES / "syria-joint-strike.xlsx")):
        with pytest.raises(MissingExtraError, match=r"pip install 'provenance-tracer\[sheets\]'"):
            call()
    sheets.write_csv(syria, tmp_path / "t")  # CSV needs nothing more
    assert sheets.read_csv(tmp_path / "t") == syria


# --------------------------------------------------------------------------- #
# Writing: atomic, refusing what it must not replace

def test_csv_export_replaces_only_an_earlier_export(tmp_path: Path, syria: Story) -> None:
    folder = tmp_path / "t"
    sheets.write_csv(syria, folder)
    other = make_story([report("r", "a")])
    sheets.write_csv(other, folder)  # an earlier export: replaced whole
    assert sheets.read_csv(folder) == other
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]  # nothing left beside it
    (folder / "mine.txt").write_text("keep")
    with pytest.raises(ProvenanceError, match="holds other files"):
        sheets.write_csv(syria, folder)
    assert (folder / "mine.txt").read_text() == "keep"
    assert sheets.read_csv(folder) == other
    empty = tmp_path / "empty"
    empty.mkdir()
    sheets.write_csv(syria, empty)
    assert sheets.read_csv(empty) == syria


def test_a_failed_csv_export_leaves_the_old_folder(tmp_path: Path, syria: Story,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from provenance.files import _sheets_csv

    folder = tmp_path / "t"
    sheets.write_csv(syria, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = []

    def failing(value: Any) -> str:
        calls.append(value)
        if len(calls) > 40:
            raise OSError(28, "No space left on device")
        return str(value)

    monkeypatch.setattr(_sheets_csv, "_cell", failing)
    with pytest.raises(ProvenanceError, match="No space left"):
        sheets.write_csv(make_story([report("r", "a")]), folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]


def test_a_bad_story_is_never_written(tmp_path: Path) -> None:
    story = Story("Broken", actors=[Actor("a", "A")], reports=[Report("r", "a")],
                  links=[Link("r", "missing")])
    for write, target in ((sheets.write_workbook, tmp_path / "s.xlsx"),
                          (sheets.write_csv, tmp_path / "t")):
        with pytest.raises(StoryFormatError, match="missing"):
            write(story, target)
        assert not target.exists()


def test_a_failed_workbook_export_leaves_the_old_file(tmp_path: Path, syria: Story) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(StoryFormatError):
        sheets.write_workbook(Story("B", reports=[Report("r", "nobody")]), path)
    assert path.read_bytes() == b"old"


# --------------------------------------------------------------------------- #
# The registry and load_any

def test_the_registry_knows_the_spreadsheets(tmp_path: Path, syria: Story) -> None:
    assert SHEET_FORMATS == ("xlsx", "csv")
    assert (get("xlsx").writes, get("csv").writes) == ("file", "folder")
    assert format_for("story.XLSX") == "xlsx"
    assert format_for("reports.csv") is None  # CSV export writes a folder, not one file
    assert [input_format(p) for p in ("s.json", "s.prov.json", "s.xlsx", "x/r.CSV", tmp_path)
            ] == ["story", "prov-json", "xlsx", "csv", "csv"]
    with pytest.raises(ProvenanceError, match="use export_to"):
        export(syria, "xlsx")
    export_to(syria, "xlsx", tmp_path / "s.xlsx")
    export_to(syria, "csv", tmp_path / "t")
    assert load_any(tmp_path / "s.xlsx") == syria
    assert load_any(tmp_path / "t") == syria
    alone = load_any([tmp_path / "t" / "story.csv"], title="Only")  # that file only
    assert (alone.title, alone.summary, alone.reports) == ("Only", syria.summary, ())
    assert load_any(SAMPLES / "syria-joint-strike.json") == syria
    assert load_any(tmp_path / "s.xlsx", title="New").title == "New"


def test_a_cancelled_export_writes_no_workbook_nor_folder_and_keeps_the_old_ones(
        tmp_path: Path, syria: Story) -> None:
    from provenance.output import WriteCancelled, cancellable

    export_to(syria, "csv", tmp_path / "t")
    before = {p.name: p.read_bytes() for p in (tmp_path / "t").iterdir()}
    smaller = make_story([report("only", "ap")])
    for fmt, target in (("csv", tmp_path / "t"), ("csv", tmp_path / "new"),
                        ("xlsx", tmp_path / "s.xlsx")):
        with pytest.raises(WriteCancelled), cancellable(lambda: True):
            export_to(smaller, fmt, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]  # no temporary either
    assert {p.name: p.read_bytes() for p in (tmp_path / "t").iterdir()} == before


def test_load_any_reads_prov_json(tmp_path: Path, syria: Story) -> None:
    pytest.importorskip("prov")
    path = tmp_path / "s.prov.json"
    export_to(syria, "prov-json", path)
    assert load_any(path) == syria


# --------------------------------------------------------------------------- #
# Large and odd input

def _many_reports(count: int) -> Story:
    return Story("Big", actors=[Actor("a", "A")],
                 reports=[Report(f"r{i}", "a") for i in range(count)])


@pytest.mark.parametrize("through", ROUND_TRIPS)
def test_a_hundred_thousand_rows_read_in_linear_time(
        through: Callable[[Story, Path], Story], tmp_path: Path) -> None:
    story = _many_reports(100_000)
    start = time.perf_counter()
    assert through(story, tmp_path) == story
    assert time.perf_counter() - start < 120  # quadratic would take hours


def test_long_texts_round_trip_and_excel_s_cell_limit_is_named(tmp_path: Path) -> None:
    text = "word " * 60_000  # 300,000 characters: beyond Excel's cell and csv's field limits
    story = Story("Long", actors=[Actor("a", "A")], reports=[Report("r", "a", text=text)])
    assert via_csv(story, tmp_path) == story
    with pytest.warns(ExportWarning, match=r"more than 32,767 characters.*reports"):
        assert via_workbook(story, tmp_path) == story


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, {"story": [["title"], ["T"]],
                                   "actors": [["id", "name"], [], ["a", "A"], [], ["b"]]})
    assert issues_of(lambda: sheets.read_csv(folder)) == ["actors!B5 (name): is required"]
    assert os.path.isdir(folder)


@pytest.mark.parametrize("through", ROUND_TRIPS)
def test_unknown_keys_with_awkward_names_round_trip(through: Callable[[Story, Path], Story],
                                                    tmp_path: Path) -> None:
    awkward = {"report": "r0", "Title": 1, "a:json": [1], " ": None, "": "empty key",
               "Stance ": True, "x-n": 2**60, "x-f": 0.1 + 0.2, "x-s": "", "x-d": {"k": []}}
    story = Story("T", extra={"Title": "not the title", "version:json": 2},
                  actors=[Actor("a", "A", extra=awkward)], claims=[Claim("c", "C")],
                  reports=[Report("r", "a", extra=awkward,
                                  claims=[ClaimMention("c", Stance.ASSERTS, extra=awkward)])],
                  links=[])
    assert through(story, tmp_path) == story


def test_the_sample_workbook_is_package_data() -> None:
    import tomllib

    config = tomllib.loads((SAMPLES.parent / "pyproject.toml").read_text("utf-8"))
    assert "*.xlsx" in config["tool"]["setuptools"]["package-data"]["provenance.samples"]
    assert "openpyxl>=3.1" in config["project"]["optional-dependencies"]["sheets"]
    assert "openpyxl>=3.1" in config["project"]["optional-dependencies"]["dev"]


def test_a_workbook_s_rows_keep_their_numbers_past_gaps_and_a_wrong_size(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "actors"
    sheet.append(["id", "name"])
    sheet.append(["a", "A"])
    sheet.cell(row=5, column=1, value="b")  # rows 3 and 4 are empty; row 5 has no name
    path = tmp_path / "gaps.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:  # declare a size smaller than the data
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = "xl/worksheets/sheet1.xml"
    parts[sheet_xml] = parts[sheet_xml].replace(b'<dimension ref="A1:B5" />',
                                                b'<dimension ref="A1:A1" />')
    assert b'<dimension ref="A1:A1" />' in parts[sheet_xml]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert issues_of(lambda: sheets.read_workbook(path, title="T")) == [
        "actors!B5 (name): is required"]


def test_one_csv_file_stands_for_the_set_in_its_folder(syria: Story, tmp_path: Path) -> None:
    """The viewer's Open, `provenance import` and load_any agree: reports.csv alone opens
    the story its folder holds."""
    sheets.write_csv(syria, tmp_path / "set")
    assert sheets.read_csv(tmp_path / "set" / "reports.csv") == syria
    assert load_any(tmp_path / "set" / "links.csv") == syria


def _workbook_with_title(syria: Story, tmp_path: Path, value: Any) -> Path:
    """The Syria workbook with the first report's title cell set to ``value``."""
    import openpyxl

    path = tmp_path / "syria.xlsx"
    sheets.write_workbook(syria, path)
    book = openpyxl.load_workbook(path)
    reports = book["reports"]
    column = [cell.value for cell in reports[1]].index("title") + 1
    reports.cell(row=2, column=column).value = value
    book.save(path)
    return path


def test_a_formula_whose_value_the_file_lacks_is_an_error_not_a_silent_gap(
        syria: Story, tmp_path: Path) -> None:
    path = _workbook_with_title(syria, tmp_path, "=1+1")  # openpyxl saves no value
    with pytest.raises(StoryFormatError) as caught:
        sheets.read_workbook(path)
    (issue,) = caught.value.issues
    assert issue.path.startswith("reports!") and issue.path.endswith("2 (title)")
    assert "formula" in issue.reason


def test_a_spreadsheet_error_cell_is_named_not_read_as_text(syria: Story, tmp_path: Path) -> None:
    import openpyxl

    path = _workbook_with_title(syria, tmp_path, None)
    book = openpyxl.load_workbook(path)
    reports = book["reports"]
    column = [cell.value for cell in reports[1]].index("title") + 1
    reports.cell(row=2, column=column).value = "#DIV/0!"
    reports.cell(row=2, column=column).data_type = "e"
    book.save(path)
    with pytest.raises(StoryFormatError) as caught:
        sheets.read_workbook(path)
    assert "#DIV/0!" in str(caught.value) and "(title)" in str(caught.value)


def test_a_semicolon_separated_csv_is_one_clear_error(syria: Story, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    sheets.write_csv(syria, folder)
    actors = folder / "actors.csv"
    actors.write_text(actors.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    with pytest.raises(StoryFormatError) as caught:
        sheets.read_csv(folder)
    assert len(caught.value.issues) == 1
    assert "semicolons" in str(caught.value) and "actors.csv" in str(caught.value)


# --------------------------------------------------------------------------- #
# Drop-down lists and the columns of format version 2


def test_a_workbook_offers_drop_down_lists_of_the_choices_and_ids(
        syria: Story, tmp_path: Path) -> None:
    path = tmp_path / "story.xlsx"
    sheets.write_workbook(syria, path)
    book = openpyxl.load_workbook(path)

    def lists(sheet: str) -> dict[str, tuple[str, str]]:
        header = [cell.value for cell in book[sheet][1]]
        out = {}
        for rule in book[sheet].data_validations.dataValidation:
            assert rule.type == "list" and rule.allow_blank
            for cells in rule.sqref.ranges:
                assert (cells.min_row, cells.max_row) == (2, 1_048_576)
                assert cells.min_col == cells.max_col
                out[header[cells.min_col - 1]] = (rule.formula1, rule.errorStyle)
        return out

    from provenance.model import ActorKind, Relation, ReportKind

    assert lists("actors") == {"kind": ('"' + ",".join(k.value for k in ActorKind) + '"',
                                        "stop")}
    assert lists("reports")["kind"][0] == '"' + ",".join(k.value for k in ReportKind) + '"'
    assert lists("reports")["genre"][0] == '"news,satire"'
    assert lists("reports")["firsthand"][0] == '"TRUE,FALSE"'
    assert lists("reports")["actor"] == ("actors!$A$2:$A$1048576", "warning")
    mentions = lists("mentions")
    assert mentions["stance"][0] == '"asserts,attributes,implies,questions,denies"'
    assert mentions["part"][0] == '"body,headline"'
    assert mentions["of"][0] == '"attribution"'
    assert mentions["hedged"][0] == '"TRUE,FALSE"'
    assert mentions["report"][0] == "reports!$A$2:$A$1048576"
    assert mentions["claim"][0] == "claims!$A$2:$A$1048576"
    assert mentions["holder"][0] == "actors!$A$2:$A$1048576"
    links = lists("links")
    assert links["relation"][0] == '"' + ",".join(r.value for r in Relation) + '"'
    assert links["source"][0] == links["target"][0] == "reports!$A$2:$A$1048576"
    assert lists("claims") == {"qualifies": ("claims!$A$2:$A$1048576", "warning")}
    assert lists("accounts") == {"by": ("actors!$A$2:$A$1048576", "warning")}
    # Every value the story wrote is one the lists offer.
    kinds = [row[2].value for row in book["actors"].iter_rows(min_row=2)]
    assert set(kinds) <= set(lists("actors")["kind"][0].strip('"').split(","))
    # The validations do not change what is read back.
    assert sheets.read_workbook(path) == syria


def test_the_version_2_columns_are_in_the_sheets() -> None:
    assert sheets.SHEETS["reports"].columns[-2:] == ("genre", "accounts")
    assert sheets.SHEETS["mentions"].columns[-4:] == ("part", "of", "hedged", "accounts")
    assert sheets.SHEETS["claims"].columns == ("id", "text", "qualifies")
    assert sheets.SHEETS["links"].columns[-1] == "accounts"
    assert sheets.SHEETS["accounts"].columns == ("id", "name", "by", "summary", "url")


def test_version_2_columns_read_as_the_story_file_s_keys(tmp_path: Path) -> None:
    """What the sheets say of version 2 reaches the story reader as the format's keys,
    with lists of ids from ``a, b`` or a JSON array, and the version set to 2."""
    from provenance.files._sheets_read import _Reader
    from provenance.files._sheets_xlsx import read_tables

    path = workbook(tmp_path, {
        "actors": [["id", "name"], ["mod", "Ministry"]],
        "claims": [["id", "text", "qualifies"], ["c", "Jets struck"], ["q", "at night", "c"]],
        "reports": [["id", "actor", "genre", "accounts"], ["r1", "mod", "satire", "a, b"],
                    ["r2", "mod", None, '["a,1"]']],
        "mentions": [["report", "claim", "stance", "holder", "part", "of", "hedged",
                      "accounts"],
                     ["r1", "c", "denies", "mod", "headline", "attribution", True, "a"]],
        "links": [["source", "target", "accounts"], ["r1", "r2", "b"]],
        "accounts": [["id", "name", "by"], ["a", "Ministry's", "mod"], ["b", "Papers'"],
                     ["a,1", "Odd"]],
    })
    doc = _Reader().document(sheets_tables(read_tables(path, sheets.SHEET_NAMES)), None)
    assert doc["version"] == 2
    assert doc["claims"][1] == {"id": "q", "text": "at night", "qualifies": "c"}
    assert doc["reports"][0]["genre"] == "satire"
    assert doc["reports"][0]["accounts"] == ["a", "b"]
    assert doc["reports"][1]["accounts"] == ["a,1"]
    assert doc["reports"][0]["claims"] == [{
        "claim": "c", "stance": "denies", "holder": "mod", "part": "headline",
        "of": "attribution", "hedged": True, "accounts": ["a"]}]
    assert doc["links"][0]["accounts"] == ["b"]
    assert doc["accounts"][0] == {"id": "a", "name": "Ministry's", "by": "mod"}
    plain = workbook(tmp_path, {"actors": [["id", "name"], ["mod", "M"]]}, "plain.xlsx")
    assert _Reader().document(sheets_tables(read_tables(plain, sheets.SHEET_NAMES)),
                              None)["version"] == 1


def sheets_tables(found: Any) -> Any:
    from provenance.files._sheets_read import tables_from
    return tables_from(found)


def test_a_list_of_ids_is_written_so_that_it_reads_back() -> None:
    from provenance.files._sheets_read import _Reader
    from provenance.files.sheets import _id_list

    for ids in (["a"], ["a", "b"], ["a,1", "b"], [" a"], [""], ["[x"], []):
        cell = _id_list(ids)
        assert _Reader.id_list(cell, lambda reason: pytest.fail(reason)) == ids, cell
    assert _id_list(["a", "b"]) == "a, b"


def version_2_stories() -> Any:
    """Stories using every version 2 field, made by the edits (so they are valid)."""
    from hypothesis import strategies as st

    from provenance import edits
    from provenance.model import Account, Genre, Part

    @st.composite
    def build(draw: Any) -> Story:
        story = provenance.loads((SAMPLES / "syria-joint-strike.json").read_text("utf-8"))
        names = st.text("ab, [x]\"é", min_size=1, max_size=4)
        ids = draw(st.lists(names, min_size=1, max_size=3, unique=True))
        for i, account in enumerate(ids):
            story = edits.add_account(story, Account(account, draw(st.text(max_size=4)),
                                                     by=story.actors[i].id if i else None))
        for one in story.reports[:3]:
            story = edits.change_report(story, one.id,
                                        genre=draw(st.sampled_from(list(Genre))))
        last = story.reports[-1]
        if not any(last.id in (k.source, k.target) for k in story.links):
            story = edits.change_report(story, last.id, accounts=ids[:1])
        link = draw(st.integers(0, len(story.links) - 1))
        story = edits.change_link(story, link, accounts=draw(st.lists(st.sampled_from(ids),
                                                                      unique=True)))
        holding = next(r for r in story.reports if r.claims)
        story = edits.change_mention(story, holding.id, 0, part=draw(st.sampled_from(
            list(Part))), accounts=draw(st.lists(st.sampled_from(ids), unique=True)))
        story = edits.change_claim(story, story.claims[1].id, qualifies=story.claims[0].id)
        return story

    return build()


@pytest.mark.parametrize("through", ROUND_TRIPS)
@SETTINGS
@given(story=version_2_stories())
def test_version_2_stories_round_trip(through: Callable[[Story, Path], Story], story: Story,
                                      tmp_path_factory: Any) -> None:
    from provenance.files.story import story_to_data

    assert story_to_data(story)["version"] == 2  # the sheets carry version 2
    again = through(story, tmp_path_factory.mktemp("sheets"))
    assert again == story


#: The start of a claims sheet written by hand, for the tests of damaged workbooks.
_CLAIMS_HEAD = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>text</t></is></c></row>')


def _with_claims_sheet(tmp_path: Path, body: Callable[[Any], None]) -> Path:
    """The sample workbook with its claims sheet's XML written by ``body`` (streamed)."""
    source = zipfile.ZipFile(SAMPLES / "syria-joint-strike.xlsx")
    import re

    titles = re.findall(rb'<sheet [^>]*name="([^"]+)"', source.read("xl/workbook.xml"))
    claims_part = f"xl/worksheets/sheet{titles.index(b'claims') + 1}.xml"  # openpyxl's names
    assert claims_part in source.namelist()
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in source.namelist():
            if name != claims_part:
                out.writestr(name, source.read(name))
                continue
            with out.open(name, "w", force_zip64=True) as part:
                part.write(_CLAIMS_HEAD)
                body(part)
                part.write(b"</sheetData></worksheet>")
    return path


def test_a_decompression_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # 40 MB of empty cells in one row from a file of some 40 KB: openpyxl alone took a
    # minute and 4 GB to read 50 MB of them.
    def empty_cells(part: Any) -> None:
        part.write(b'<row r="2">')
        for _ in range(100):
            part.write(b"<c/>" * 100_000)
        part.write(b"</row>")

    path = _with_claims_sheet(tmp_path, empty_cells)
    assert path.stat().st_size < 200_000
    with pytest.raises(ProvenanceError, match="decompression bomb") as caught:
        sheets.read_workbook(path)
    assert "xl/worksheets/" in str(caught.value) and "100 times" in str(caught.value)


def test_a_row_longer_than_a_spreadsheet_holds_is_refused_by_its_sheet(tmp_path: Path) -> None:
    path = _with_claims_sheet(tmp_path, lambda part: part.write(
        b'<row r="2">' + b"<c/>" * 16_385 + b"</row>"))
    with pytest.raises(ProvenanceError, match="16,384 cells") as caught:
        sheets.read_workbook(path)
    assert "'xl/worksheets/sheet" in str(caught.value)


def test_a_sheet_of_more_rows_than_a_spreadsheet_holds_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from provenance.files import _sheets_xlsx

    monkeypatch.setattr(_sheets_xlsx, "MAX_ROWS", 50)  # 1,048,576 rows: too slow a test
    path = _with_claims_sheet(tmp_path, lambda part: part.write(
        b'<row><c t="inlineStr"><is><t>c</t></is></c></row>' * 60))
    with pytest.raises(ProvenanceError, match="more than 50 rows") as caught:
        sheets.read_workbook(path)
    assert "'xl/worksheets/sheet" in str(caught.value)


def test_a_formula_whose_cached_value_is_an_error_is_named_once(tmp_path: Path) -> None:
    path = _with_claims_sheet(tmp_path, lambda part: part.write(
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>claim-1</t></is></c>'
        b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'))
    with pytest.raises(StoryFormatError) as caught:
        sheets.read_workbook(path)
    said = [str(issue) for issue in caught.value.issues if issue.path.startswith("claims!B2")]
    assert len(said) == 1 and "#DIV/0!" in said[0], said


def test_two_sheets_of_one_name_are_an_error_not_a_choice(tmp_path: Path) -> None:
    # A spreadsheet program keeps sheet names apart ignoring case; a written file may not.
    source = zipfile.ZipFile(SAMPLES / "syria-joint-strike.xlsx")
    path = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/workbook.xml":
                data = data.replace(b'name="links"', b'name="Claims"')
            out.writestr(name, data)
    with pytest.raises(ProvenanceError, match="two sheets named 'claims' and 'Claims'"):
        sheets.read_workbook(path)


def test_a_folder_with_two_files_of_one_sheet_is_an_error(syria: Story, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    sheets.write_csv(syria, folder)
    (folder / "CLAIMS.csv").write_bytes((folder / "claims.csv").read_bytes())
    with pytest.raises(ProvenanceError, match="holds both CLAIMS.csv and claims.csv"):
        sheets.read_csv(folder)


def test_a_file_not_named_after_a_sheet_is_not_read_as_its_folder(syria: Story,
                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "set"
    sheets.write_csv(syria, folder)
    other = folder / "notes.csv"
    other.write_text("my,own,notes\n", encoding="utf-8")
    with pytest.raises(ProvenanceError, match="notes.csv: not a CSV file of a story"):
        sheets.read_csv(other)
    assert sheets.read_csv(folder / "reports.csv") == sheets.read_csv(folder)


def test_import_never_writes_over_a_csv_file_it_read(syria: Story, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from provenance.cli import main

    folder = tmp_path / "set"
    sheets.write_csv(syria, folder)
    before = (folder / "reports.csv").read_bytes()
    for named in (folder, folder / "links.csv"):
        assert main(["import", str(named), "-o", str(folder / "reports.csv")]) == 1
        assert "is the input file" in capsys.readouterr().err
        assert (folder / "reports.csv").read_bytes() == before
    assert main(["import", str(folder), "-o", str(folder / "story.json")]) == 0
    assert provenance.load(folder / "story.json") == syria


@pytest.mark.parametrize("cell", [b'<c r="B2"><v>abc</v></c>', b'<c r="B2" t="b"><v>yes</v></c>',
                                  b'<c r="B2" t="d"><v>not-a-date</v></c>'])
def test_a_damaged_cell_is_named_by_its_sheet_and_row(tmp_path: Path, cell: bytes) -> None:
    path = _with_claims_sheet(tmp_path, lambda part: part.write(
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>claim-1</t></is></c>' + cell + b"</row>"))
    with pytest.raises(ProvenanceError, match="sheet 'claims', row 2: a cell whose value is "
                                              "not of its type"):
        sheets.read_workbook(path)


def test_a_workbook_export_interrupted_half_way_ends_quietly(
        syria: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C while the rows are written: the old file stays, and the sheets openpyxl had
    # begun do not each print an "Exception ignored" traceback as they are collected.
    import gc

    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    target = tmp_path / "story.xlsx"
    target.write_bytes(b"the old workbook")
    appended = WriteOnlyWorksheet.append
    calls = []

    def interrupted(self: Any, row: Any) -> None:
        calls.append(row)
        if len(calls) > 12:
            raise KeyboardInterrupt
        appended(self, row)

    monkeypatch.setattr(WriteOnlyWorksheet, "append", interrupted)
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    stopped = False
    try:
        sheets.write_workbook(syria, target)
    except KeyboardInterrupt:
        stopped = True  # (no traceback kept: what it held is collected below)
    assert stopped
    gc.collect()
    assert unraisable == []
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["story.xlsx"]
