"""Exports in the background: File > Export diagram, graph and page are written in a worker,
with the phase, a progress bar and Cancel; a cancelled export writes no file, leaves no
temporary one and keeps an old file at that path as it was."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtWidgets import QApplication

from benchmarks.cascade import cascade
from provenance.files.registry import export
from provenance_gui import page
from provenance_gui.work import wait_for_workers


@pytest.fixture(autouse=True)
def no_thread_outlives_its_test():
    yield
    assert wait_for_workers()


@pytest.fixture(scope="module")
def big_story(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "cascade-2000.json"
    path.write_text(json.dumps(cascade(2_000)), "utf-8")
    return path


def _cancel_once_writing(window):
    """Press Cancel as soon as the worker has started writing (it is then past the check
    at the start of its job: what stops it is the check before the file goes in place)."""
    phases = []

    def progressed(phase):
        phases.append(phase)
        if phase.startswith("Writing"):
            window.work.cancel_button.click()

    window.work.progressed.connect(progressed)
    return phases


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_a_cancelled_diagram_export_writes_no_file(window, qtbot, tmp_path, monkeypatch,
                                                   big_story, existing):
    assert window.open_path(big_story)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "chain.png"
    if existing:
        target.write_bytes(b"the diagram of before")
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(target), "PNG (*.png)"))
    phases = _cancel_once_writing(window)
    window._export_diagram_dialog()
    qtbot.waitUntil(lambda: not window.work.busy, timeout=60_000)
    assert window.statusBar().currentMessage() == "Cancelled: Writing chain.png"
    assert wait_for_workers()  # the worker drew the 2,000 reports, then stopped
    QApplication.processEvents()
    assert phases == ["Writing chain.png…"]
    assert sorted(p.name for p in folder.iterdir()) == (["chain.png"] if existing else [])
    if existing:
        assert target.read_bytes() == b"the diagram of before"
    assert window.error_box is None


def test_an_export_names_its_phases_and_says_what_it_wrote(window, tmp_path, monkeypatch):
    target = tmp_path / "chain.svg"
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(target), "SVG (*.svg)"))
    phases = []
    window.work.progressed.connect(phases.append)
    window._export_diagram_dialog()
    assert window.work.busy and window.work.bar.maximum() == 2
    assert window.work.wait()
    assert phases == ["Writing chain.svg…", "Finishing chain.svg…"]
    assert target.read_text("utf-8").lstrip().startswith("<?xml")
    assert window.statusBar().currentMessage() == f"Wrote {target}"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_page_is_written_in_the_background(window, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "ask_save_name",
                        lambda *a: (str(tmp_path / "story.html"), "HTML page (*.html)"))
    window.export_page_action.trigger()
    assert window.work.busy and window.work.phase == "Writing story.html…"
    assert window.work.cancel_button.isVisible()
    assert window.work.wait()
    assert (tmp_path / "story.html").read_text("utf-8") == export(window.story, "html")
    assert window.statusBar().currentMessage().startswith(
        f"Wrote {tmp_path / 'story.html'}: a page for readers.")


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_a_cancelled_page_export_writes_no_file(window, qtbot, tmp_path, monkeypatch,
                                                existing):
    target = tmp_path / "story.html"
    if existing:
        target.write_text("the page of before", "utf-8")
    release = threading.Event()
    real = page.write_page

    def slow_write(story, path, analysis):
        release.wait(30)  # the user presses Cancel while the page is composed
        return real(story, path, analysis)

    monkeypatch.setattr(page, "write_page", slow_write)
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(target), "HTML page (*.html)"))
    _cancel_once_writing(window)
    window.export_page_action.trigger()
    qtbot.waitUntil(lambda: not window.work.busy)
    release.set()
    assert wait_for_workers()
    QApplication.processEvents()
    assert sorted(p.name for p in tmp_path.iterdir()
                  if p.suffix != ".ini") == (["story.html"] if existing else [])
    if existing:
        assert target.read_text("utf-8") == "the page of before"
    assert window.error_box is None
    assert window.statusBar().currentMessage() == "Cancelled: Writing story.html"


def test_a_page_export_that_fails_shows_the_error(window, tmp_path, monkeypatch):
    target = tmp_path / "missing" / "story.html"  # its folder does not exist
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(target), "HTML page (*.html)"))
    window.export_page_action.trigger()
    assert window.work.wait()
    assert window.error_box is not None
    assert window.error_box.windowTitle() == "Cannot export the page"
    assert "no folder" in window.error_box.text() and not target.exists()
