"""Opening a story in the background: the window answers meanwhile, shows the phase with a
progress bar and Cancel; Cancel leaves the story shown; a file dropped anywhere opens it."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from benchmarks.cascade import cascade
from provenance_gui import work
from provenance_gui.work import read_story, wait_for_workers

from ..conftest import SAMPLES

SYRIA_TITLE = "Reported US-Russian joint strike in Syria"
CIRCULAR = SAMPLES / "circular-sourcing.json"


@pytest.fixture(scope="module")
def big_story(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "cascade-10000.json"
    path.write_text(json.dumps(cascade(10_000)), "utf-8")
    return path


@pytest.fixture(autouse=True)
def no_thread_outlives_its_test():
    yield
    assert wait_for_workers()


@pytest.fixture
def held_read(monkeypatch):
    """File reads that say "Reading…", then wait until the event returned is set."""
    release = threading.Event()

    def slow_read(path, step):
        step("Reading…")
        release.wait(30)
        return read_story(path)  # finishes after a cancel, without a step to stop it

    monkeypatch.setattr(work, "read_story", slow_read)
    yield release
    release.set()


def test_the_window_answers_while_a_big_story_loads_and_analyses(window, qtbot, big_story):
    fired = []  # the phase shown at each firing of the probe ("" when idle)
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: fired.append(window.work.phase))
    phases = []
    window.work.progressed.connect(phases.append)
    probe.start()
    assert window.open_path(big_story, wait=False)  # returns at once: the work is queued
    assert window.work.busy and window.story.title == SYRIA_TITLE
    assert window.work.bar.isVisible() and window.work.cancel_button.isVisible()
    assert window.work.wait()
    probe.stop()
    # The event loop ran all along: the probe fired again and again while the story was
    # read, analysed and laid out (the numbers are benchmarks/gui.py's) ...
    assert phases == ["Reading cascade-10000.json…", "Analysing 10,000 reports…",
                      "Laying out the chain…", "Drawing the chain…", "Building the chain…"]
    assert len([phase for phase in fired if phase]) >= 20
    # ... and while the scene's 30,000 items were made on the GUI thread, between events.
    assert fired.count("Building the chain…") >= 3
    assert len(window.story.reports) == 10_000 and len(window.scene.reports) == 10_000
    assert not window.work.bar.isVisible() and window.path == big_story
    assert window.windowTitle().startswith("Synthetic cascade")


def test_cancel_keeps_the_story_shown_and_drops_the_late_result(window, qtbot, held_read):
    release = held_read
    scene = window.scene
    window.open_path(CIRCULAR, wait=False)
    qtbot.waitUntil(lambda: window.work.phase == "Reading…")
    qtbot.mouseClick(window.work.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.work.busy and not window.work.bar.isVisible()
    assert window.statusBar().currentMessage() == "Cancelled: Reading circular-sourcing.json"
    release.set()
    assert wait_for_workers()  # the worker delivered its answer ...
    QApplication.processEvents()
    QApplication.processEvents()
    # ... and it was dropped: the story and its scene are the ones shown before.
    assert window.story.title == SYRIA_TITLE and window.scene is scene
    assert window.path == SAMPLES / "syria-joint-strike.json"


def test_cancel_while_the_chain_is_built_keeps_the_story_shown(window, qtbot, big_story):
    scene = window.scene
    window.open_path(big_story, wait=False)
    qtbot.waitUntil(lambda: window.work.phase == "Building the chain…", timeout=60_000)
    window.work.cancel()
    for _ in range(5):
        QApplication.processEvents()
    assert window.scene is scene and window.story.title == SYRIA_TITLE
    assert not window.work.busy and window.path == SAMPLES / "syria-joint-strike.json"


def test_a_cancelled_job_stops_at_its_next_phase(window, qtbot, monkeypatch):
    reached = []
    release = threading.Event()

    def phased(path, step):
        step("Reading…")
        release.wait(30)
        step("Analysing…")  # raises Cancelled: nothing after it runs
        reached.append("analysed")
        return read_story(path)

    monkeypatch.setattr(work, "read_story", phased)
    window.open_path(CIRCULAR, wait=False)
    qtbot.waitUntil(lambda: window.work.phase == "Reading…")
    window.work.cancel()
    release.set()
    assert wait_for_workers()
    assert reached == [] and window.story.title == SYRIA_TITLE


def test_opening_another_story_while_one_loads_shows_only_the_last(window, qtbot, big_story):
    window.open_path(big_story, wait=False)
    window.open_path(CIRCULAR, wait=False)  # replaces the first job
    assert window.work.wait()
    assert wait_for_workers()
    QApplication.processEvents()
    assert window.story.title.startswith("Illustrative: citogenesis")
    assert window.path == CIRCULAR


def test_a_file_that_cannot_be_read_in_the_background_shows_the_error(window, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "provenance-story", "version": 1, "title": 3}', "utf-8")
    window.open_path(bad, wait=False)
    assert window.work.wait()
    box = window.error_box
    assert box is not None and box.windowTitle() == "Cannot open broken.json"
    assert box.icon() == QMessageBox.Icon.Critical and "title" in box.text()
    assert window.story.title == SYRIA_TITLE and not window.work.bar.isVisible()


def test_a_screenshot_opening_is_complete_when_open_path_returns(window):
    assert window.open_path(CIRCULAR)  # the foreground: as --screenshot and scripts use it
    assert not window.work.busy
    assert window.story.title.startswith("Illustrative: citogenesis")
    assert set(window.scene.reports) == {r.id for r in window.story.reports}


def _drag(widget, path, text=True):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    if text:  # file managers offer the path as text too: a text field would take it
        mime.setText(QUrl.fromLocalFile(str(path)).toString())
    at = widget.rect().center()
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter, drop


@pytest.mark.parametrize("where", ["chain", "search box", "analysis dock", "window"])
def test_a_file_dropped_anywhere_on_the_window_opens_it(window, where):
    widget = {"chain": window.view.viewport(), "search box": window.search_box,
              "analysis dock": window.analysis_panel, "window": window}[where]
    enter, drop = _drag(widget, CIRCULAR)
    assert enter.isAccepted() and drop.isAccepted()
    assert window.work.wait()
    assert window.story.title.startswith("Illustrative: citogenesis")
    assert window.search_box.text() == ""  # not the file's name typed into the box


def test_a_drag_of_text_is_left_to_the_widget_under_it(window):
    mime = QMimeData()
    mime.setText("joint strike")
    event = QDropEvent(QPointF(QPoint(5, 5)), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert not window.drops.eventFilter(window.search_box, event)
    assert not window.work.busy and window.story.title == SYRIA_TITLE


def test_an_export_is_written_in_the_background_and_said_in_the_status_bar(
        window, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "ask_save_name",
                        lambda *a: (str(tmp_path / "story.graphml"), "graphml (*.graphml)"))
    window._export_graph_dialog()
    assert window.work.busy and window.work.phase == "Writing story.graphml…"
    assert window.work.wait()
    assert (tmp_path / "story.graphml").read_text("utf-8").lstrip().startswith("<?xml")
    assert window.statusBar().currentMessage().startswith(
        f"Wrote {tmp_path / 'story.graphml'} (graphml).")


def test_an_export_that_fails_shows_the_error(window, tmp_path, monkeypatch):
    target = tmp_path / "missing" / "chain.png"  # its folder does not exist
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(target), "PNG (*.png)"))
    window._export_diagram_dialog()
    assert window.work.wait()
    assert window.error_box is not None
    assert window.error_box.windowTitle() == "Cannot export the diagram"
    assert not target.exists()


def test_a_new_story_made_while_another_loads_is_not_replaced_by_it(
        window, qtbot, monkeypatch, held_read):
    release = held_read
    monkeypatch.setattr(window, "ask_title", lambda: "Made by hand")
    window.open_path(CIRCULAR, wait=False)
    qtbot.waitUntil(lambda: window.work.phase == "Reading…")
    assert window.new_story()
    release.set()
    assert wait_for_workers()
    QApplication.processEvents()
    assert window.story.title == "Made by hand" and not window.work.busy


def test_the_start_opens_the_file_in_the_background_then_applies_the_command_line(
        qtbot, tmp_path, monkeypatch):
    import argparse

    from PySide6.QtCore import QSettings

    from provenance_gui import app
    from provenance_gui.editor import RECOVERY_DIR_VARIABLE
    from provenance_gui.window import MainWindow

    monkeypatch.setenv(RECOVERY_DIR_VARIABLE, str(tmp_path / "recovery"))  # none to offer

    win = MainWindow(settings=QSettings(str(tmp_path / "v.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)

    class Loop:
        def processEvents(self):  # noqa: N802
            pass

        def exec(self):
            assert win.work.busy  # the window is up and answering while the story loads
            return 0

    args = argparse.Namespace(claim="coalition-jets", select="ap-tweet")
    assert app.run(Loop(), win, SAMPLES / "syria-joint-strike.json", args) == 0
    assert win.work.wait()
    assert win.story.title == SYRIA_TITLE
    assert (win.claim, win.selected_report()) == ("coalition-jets", "ap-tweet")


# ----------------------------------------------------------------- revert
@pytest.fixture
def editing(qtbot, tmp_path, monkeypatch):
    """A window with a 2,000-report story opened from its file and edited (unsaved): what
    File > Revert goes back from. Changes are discarded when asked."""
    import attrs
    from PySide6.QtCore import QSettings

    from provenance_gui.editor import RECOVERY_DIR_VARIABLE
    from provenance_gui.window import MainWindow

    monkeypatch.setenv(RECOVERY_DIR_VARIABLE, str(tmp_path / "recovery"))
    win = MainWindow(settings=QSettings(str(tmp_path / "v.ini"), QSettings.Format.IniFormat))
    win.ask_unsaved = lambda: "discard"
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    path = tmp_path / "cascade-2000.json"
    path.write_text(json.dumps(cascade(2_000)), "utf-8")
    assert win.open_path(path)
    win.edit_story(attrs.evolve(win.document.story, title="Changed"), "Title")
    assert win.isWindowModified()
    return win


def test_the_window_answers_while_a_revert_reads_and_cancel_keeps_the_changes(editing, qtbot):
    win, path = editing, editing.document.path
    asked = []
    win.ask_unsaved = lambda: asked.append(1) or "discard"
    while_busy = []  # the phase at each firing of the probe while the revert runs
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: win.work.busy and while_busy.append(win.work.phase))
    phases = []

    def progressed(phase):
        phases.append(phase)
        if phase == "Drawing the chain…":  # the last of the worker's phases
            win.work.cancel_button.click()

    win.work.progressed.connect(progressed)
    probe.start()
    win.revert_action.trigger()  # the menu's Revert: asks, then returns at once
    assert asked == [1] and win.work.busy
    assert win.work.bar.isVisible() and win.work.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not win.work.busy, timeout=60_000)
    probe.stop()
    assert wait_for_workers()
    QApplication.processEvents()
    assert phases == ["Reading cascade-2000.json…", "Analysing 2,000 reports…",
                      "Laying out the chain…", "Drawing the chain…"]
    # The event loop ran while the file was read, analysed and laid out ...
    assert len(while_busy) >= 3
    # ... and Cancel kept the edited story, unsaved, in the same file's window.
    assert win.statusBar().currentMessage() == "Cancelled: Reading cascade-2000.json"
    assert win.document.story.title == "Changed" and win.story.title == "Changed"
    assert win.isWindowModified() and win.document.modified and win.document.path == path
    assert asked == [1]  # asked once, before the reading


def test_a_revert_in_the_background_shows_the_file_s_story(editing, qtbot):
    from provenance import load

    win = editing
    assert win.revert(wait=False)
    assert win.work.wait(60_000)
    assert win.document.story == load(win.document.path) and win.story.title != "Changed"
    assert not win.isWindowModified() and not win.document.modified
    assert len(win.scene.reports) == 2_000


@pytest.mark.parametrize("change", ["vanished", "invalid"])
def test_a_revert_to_a_file_gone_or_broken_says_so_and_keeps_the_changes(editing, change):
    win, path = editing, editing.document.path
    if change == "vanished":
        path.unlink()
    else:
        path.write_text('{"format": "provenance-story", "version": 1, "title": 3}', "utf-8")
    assert win.revert(wait=False)
    assert win.work.wait()
    box = win.error_box
    assert box is not None and box.windowTitle() == "Cannot revert to cascade-2000.json"
    assert box.icon() == QMessageBox.Icon.Critical
    assert ("No such file" if change == "vanished" else "title") in box.text()
    assert win.document.story.title == "Changed" and win.isWindowModified()


def test_changes_made_while_a_revert_reads_are_asked_about_again(editing, qtbot, held_read):
    import attrs

    win = editing
    release = held_read
    answers = ["discard", "cancel"]
    win.ask_unsaved = lambda: answers.pop(0) if answers else "discard"  # the last: closing
    assert win.revert(wait=False)
    qtbot.waitUntil(lambda: win.work.phase == "Reading…")
    win.edit_story(attrs.evolve(win.document.story, title="Changed again"), "Title")
    release.set()
    assert win.work.wait(60_000)
    assert answers == []  # asked again, and kept the new changes
    assert win.document.story.title == "Changed again" and win.isWindowModified()


def test_a_story_opened_in_the_background_fills_the_analysis_dock_after_the_chain(window, qtbot):
    # The chain is shown first; the dock's rows (thousands for a large story) a turn of
    # the event loop later, so that the two do not hold the window up together.
    expected = read_story(CIRCULAR)
    window.open_path(CIRCULAR, wait=False)
    assert window.work.wait()
    assert window.story.title == expected.story.title
    qtbot.waitUntil(lambda: window.analysis_panel.page == expected.page)
    assert window.analysis_panel.headline.text() == expected.page.headline
    assert window.state.story is window.story and window.state.times == expected.state.times
