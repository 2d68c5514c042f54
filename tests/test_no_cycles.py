"""Reading, analysing and describing a story leave no reference cycles behind: what the
library drops is freed at once, by reference counting. The viewer relies on it: it moves a
loaded story's objects out of the cycle collector's reach (``gc.freeze``), so that the
collector's long pauses do not stall the window, and only acyclic garbage is then freed."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator

import pytest

import provenance
from benchmarks.cascade import cascade
from provenance.drawing.picture import describe, prepare
from provenance.drawing.timeline import describe_timeline
from provenance.files.registry import load_any
from provenance.wording.outline import analysis_page

from .conftest import SAMPLES


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The collector off: garbage in cycles stays until :func:`cyclic_garbage`."""
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def cyclic_garbage() -> list[str]:
    """The kinds of object the collector finds unreachable now; then frees them."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = sorted({type(item).__qualname__ for item in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    gc.collect()
    return found


def the_viewers_work(path: object) -> None:
    """What the viewer's worker does with a file: read, analyse, lay out, describe, the
    analysis page and the timeline."""
    story = load_any(path)  # type: ignore[arg-type]
    ready = prepare(story)
    describe(story, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    analysis_page(story, ready.analysis, ready.estimate, ready.words)
    describe_timeline(story, ready.analysis)


#: The story files (imports: below).
STORY_FILES = sorted(SAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", STORY_FILES, ids=lambda p: p.stem)
def test_a_sample_read_and_shown_leaves_no_cycles(path: object, collector_off: None) -> None:
    the_viewers_work(path)  # imports and caches once
    cyclic_garbage()
    the_viewers_work(path)
    assert cyclic_garbage() == []


def the_viewers_work_after_an_edit(story: object) -> None:
    """What the viewer's worker does after an edit: analysed again, laid out from the
    layout before, described, compared with the picture shown."""
    from provenance.drawing.picture import picture_changes
    from provenance.edits import change_report

    ready = prepare(story)  # type: ignore[arg-type]
    shown = describe(story, ready.analysis, layout=ready.layout)  # type: ignore[arg-type]
    report = story.reports[len(story.reports) // 2]  # type: ignore[attr-defined]
    edited = change_report(story, report.id, title="Edited")  # type: ignore[arg-type]
    cyclic_garbage()
    again = prepare(edited, previous=ready.layout)
    picture = describe(edited, again.analysis, layout=again.layout, estimate=again.estimate)
    picture_changes(shown, picture)
    analysis_page(edited, again.analysis, again.estimate, again.words)


@pytest.mark.parametrize("name", ["syria-joint-strike", "satire-taken-as-news"])
def test_an_edit_analysed_again_leaves_no_cycles(name: str, collector_off: None) -> None:
    story = provenance.load(SAMPLES / f"{name}.json")
    the_viewers_work_after_an_edit(story)
    cyclic_garbage()
    the_viewers_work_after_an_edit(story)
    assert cyclic_garbage() == []


def test_a_large_story_read_fast_and_analysed_leaves_no_cycles(tmp_path, collector_off) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cascade.json"
    path.write_text(json.dumps(cascade(3000, seed=3)), "utf-8")
    the_viewers_work(path)
    cyclic_garbage()
    story = provenance.load(path)  # the fast reader
    provenance.analyze(story)
    the_viewers_work(path)
    assert cyclic_garbage() == []


@pytest.fixture(scope="module")
def spreadsheets(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A 2,000-report cascade as a workbook and as a folder of CSV files."""
    from provenance.files.registry import export_to

    folder = tmp_path_factory.mktemp("sheets")
    story = provenance.loads(json.dumps(cascade(2000, seed=5)))
    export_to(story, "xlsx", folder / "cascade.xlsx")
    export_to(story, "csv", folder / "csv")
    return folder


def test_csv_files_read_and_shown_leave_no_cycles(spreadsheets, collector_off) -> None:  # type: ignore[no-untyped-def]
    the_viewers_work(spreadsheets / "csv")
    cyclic_garbage()
    the_viewers_work(spreadsheets / "csv" / "reports.csv")
    assert cyclic_garbage() == []


#: What the viewer does with a workbook, in a fresh interpreter: read it once (imports and
#: caches), then read it again with everything alive frozen out of the collector's reach,
#: freeze what was read, drop it; print what the second reading left.
_FROZEN_WORKBOOK = """
import gc, json, sys
from collections import Counter
from provenance.files.registry import load_any
load_any(sys.argv[1])
gc.collect()
before = Counter(type(item).__qualname__ for item in gc.get_objects())
gc.disable()
gc.freeze()
story = load_any(sys.argv[1])
gc.freeze()
del story
gc.unfreeze()
kept = Counter(type(item).__qualname__ for item in gc.get_objects())
kept.subtract(before)
print(json.dumps(dict(kept)))
"""


def test_a_workbook_read_and_frozen_keeps_nothing_once_dropped(spreadsheets) -> None:  # type: ignore[no-untyped-def]
    # What the viewer does: the story just read frozen out of the collector's reach, then
    # dropped. openpyxl's workbook and sheets refer to each other (a few hundred small
    # objects, whatever the size of the workbook, stay); the sheets' parsed XML, some
    # 16,000 elements here, kept by the standard library's iterparse, goes. In a fresh
    # interpreter: unfreezing what this one's viewer tests froze (Qt's wrappers among
    # them) and collecting it is not what any program of ours does.
    done = subprocess.run([sys.executable, "-c", _FROZEN_WORKBOOK,
                           str(spreadsheets / "cascade.xlsx")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    kept = Counter(json.loads(done.stdout))
    assert kept["Element"] <= 0 and kept["Report"] <= 0 and kept["Story"] <= 0
    assert kept.total() < 1000, kept.most_common(5)
