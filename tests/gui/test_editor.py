"""The editor's frame: new, save, revert, the unsaved-changes prompt, undo and redo,
the view that stays put, the window's place, and crash recovery (a real kill -9)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import attrs
import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QDockWidget

from provenance import load
from provenance_gui.editor import AUTOSAVE_VARIABLE, RECOVERY_DIR_VARIABLE
from provenance_gui.window import MainWindow

from ..conftest import SAMPLES

SYRIA = SAMPLES / "syria-joint-strike.json"


@pytest.fixture(autouse=True)
def recovery_dir(tmp_path, monkeypatch):
    folder = tmp_path / "recovery"
    monkeypatch.setenv(RECOVERY_DIR_VARIABLE, str(folder))
    return folder


def make_window(qtbot, tmp_path, name="viewer.ini"):
    win = MainWindow(settings=QSettings(str(tmp_path / name), QSettings.Format.IniFormat))
    # Closed at the end of a test with changes: discard them (no dialog to answer).
    win.ask_unsaved = lambda: "discard"
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def retitled(story, title):
    return attrs.evolve(story, title=title)


def test_new_story_asks_a_title_and_shows_an_empty_chain(qtbot, tmp_path, monkeypatch):
    win = make_window(qtbot, tmp_path)
    monkeypatch.setattr(win, "ask_title", lambda: "Strike on the airbase")
    assert win.new_story()
    assert win.document.story.title == "Strike on the airbase"
    assert win.document.story.reports == ()
    assert win.scene is not None and win.scene.reports == {}
    assert not win.isWindowModified()
    assert "unsaved" in win.windowTitle()


def test_save_writes_through_the_library_and_clears_the_star(qtbot, tmp_path, monkeypatch):
    win = make_window(qtbot, tmp_path)
    path = tmp_path / "story.json"
    path.write_bytes(SYRIA.read_bytes())
    assert win.open_path(path)
    assert not win.isWindowModified()
    win.edit_story(retitled(win.document.story, "Edited"), "Title")
    assert win.isWindowModified()
    assert "story.json[*]" in win.windowTitle()
    win.save_action.trigger()  # Ctrl+S
    assert not win.isWindowModified()
    assert load(path).title == "Edited"
    assert load(path).reports == load(SYRIA).reports


def test_save_as_of_a_new_story_and_a_save_error_shown(qtbot, tmp_path, monkeypatch):
    win = make_window(qtbot, tmp_path)
    monkeypatch.setattr(win, "ask_title", lambda: "Fresh")
    win.new_story()
    win.edit_story(attrs.evolve(win.document.story, summary="about"), "Summary")
    monkeypatch.setattr(win, "ask_save_path", lambda: str(tmp_path / "nowhere" / "x.json"))
    assert not win.save()  # the folder does not exist: an error, the story still unsaved
    assert win.error_box is not None and "Cannot save" in win.error_box.windowTitle()
    assert win.isWindowModified()
    monkeypatch.setattr(win, "ask_save_path", lambda: str(tmp_path / "fresh"))
    assert win.save()
    assert load(tmp_path / "fresh.json").summary == "about"
    assert win.document.path == tmp_path / "fresh.json"
    assert "fresh.json" in win.windowTitle()


@pytest.mark.parametrize("answer, goes_on, saved", [
    ("save", True, True), ("discard", True, False), ("cancel", False, False)])
def test_unsaved_changes_are_asked_about_before_they_go(qtbot, tmp_path, monkeypatch,
                                                         answer, goes_on, saved):
    win = make_window(qtbot, tmp_path)
    path = tmp_path / "story.json"
    path.write_bytes(SYRIA.read_bytes())
    win.open_path(path)
    win.edit_story(retitled(win.document.story, "Changed"), "Title")
    asked = []
    monkeypatch.setattr(win, "ask_unsaved", lambda: asked.append(1) or answer)
    other = tmp_path / "other.json"
    other.write_bytes(SYRIA.read_bytes())
    assert win.open_path(other) is goes_on
    assert asked == [1]
    assert (load(path).title == "Changed") is saved
    assert (win.document.path == other) is goes_on


def test_closing_with_changes_asks_and_cancel_keeps_the_window(qtbot, tmp_path, monkeypatch):
    win = make_window(qtbot, tmp_path)
    win.open_path(SYRIA)
    win.edit_story(retitled(win.document.story, "Changed"), "Title")
    monkeypatch.setattr(win, "ask_unsaved", lambda: "cancel")
    assert not win.close()
    assert win.isVisible()
    for action in ("revert", "new_story"):
        assert not getattr(win, action)()
    assert win.document.story.title == "Changed"
    monkeypatch.setattr(win, "ask_unsaved", lambda: "discard")
    assert win.revert()
    assert win.document.story == load(SYRIA)
    assert not win.isWindowModified()


def test_undo_redo_swap_the_story_and_keystrokes_merge(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.open_path(SYRIA)
    opened = win.document.story
    for typed in ("E", "Ed", "Edi"):  # keystrokes in one field: one command
        win.edit_story(retitled(win.document.story, typed), "Title", key=("story", "title"))
    win.edit_story(attrs.evolve(win.document.story, summary="s"), "Summary",
                   key=("story", "summary"))
    assert win.document.stack.count() == 2
    assert win.history.model().rowCount() == 3  # "as opened" + the two edits
    win.undo_action.trigger()
    assert win.document.story.title == "Edi" and win.document.story.summary == opened.summary
    win.undo_action.trigger()
    assert win.document.story == opened
    assert not win.isWindowModified()  # back to the clean state: no "*"
    assert win.state.story == opened
    win.redo_action.trigger()
    win.redo_action.trigger()
    assert win.document.story.summary == "s" and win.document.story.title == "Edi"
    assert win.isWindowModified()
    keys = {s.toString() for s in win.redo_action.shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= keys
    assert win.undo_action.shortcut().toString() == "Ctrl+Z"
    assert win.findChild(QDockWidget, "history") is not None


def test_an_edit_reanalyses_and_the_view_does_not_jump(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.resize(1400, 900)
    win.open_path(SYRIA)
    story = win.document.story
    win.set_claim_lens(story.claims[0].id)
    win.select_report("dod-statement")
    win.view.zoom(1.5)

    def centre():
        return win.view.mapToScene(win.view.viewport().rect().center())

    seen, scale = centre(), win.view.transform().m11()
    win.edit_story(attrs.evolve(win.document.story, title="Renamed"), "Title")
    assert (centre() - seen).manhattanLength() < 2
    assert win.view.transform().m11() == pytest.approx(scale)
    assert win.selected_report() == "dod-statement"
    assert win.claim == story.claims[0].id
    win.undo_action.trigger()
    assert (centre() - seen).manhattanLength() < 2

    old_scene = win.scene
    dropped = attrs.evolve(story, reports=tuple(r for r in story.reports if r.id != "ap-tweet"),
                           links=tuple(k for k in story.links
                                       if "ap-tweet" not in (k.source, k.target)))
    win.edit_story(dropped, "Remove the AP tweet")
    assert win.scene is old_scene  # updated in place (tests/gui/test_chain_update.py)
    assert "ap-tweet" not in win.scene.reports
    point = win.analysis.point_of_distortion
    assert point is None or point.report != "ap-tweet"
    assert win.selected_report() == "dod-statement"
    assert win.inspector.currentWidget() is win.inspector.report
    assert win.claim == story.claims[0].id
    assert win.view.transform().m11() == pytest.approx(scale)
    win.undo_action.trigger()
    assert "ap-tweet" in win.scene.reports
    assert win.analysis.point_of_distortion.report == "ap-tweet"


def test_the_window_fits_a_small_screen_and_remembers_its_place(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.fit_screen(QRect(0, 0, 1366, 768))
    assert win.width() <= 1366 and win.height() <= 768 - 30
    assert win.width() >= 800 and win.height() >= 560
    win.fit_screen(QRect(0, 0, 2560, 1440))
    assert (win.width(), win.height()) == (1400, 900)
    win.resize(700, 500)  # within the offscreen screen (800x600)
    win.findChild(QDockWidget, "legend").hide()
    assert win.close()
    again = make_window(qtbot, tmp_path)
    assert (again.width(), again.height()) == (700, 500)
    assert not again.findChild(QDockWidget, "legend").isVisible()


def test_autosave_writes_a_recovery_copy_and_a_save_removes_it(qtbot, tmp_path, recovery_dir):
    win = make_window(qtbot, tmp_path)
    path = tmp_path / "story.json"
    path.write_bytes(SYRIA.read_bytes())
    win.open_path(path)
    win.document.autosave.setInterval(50)
    win.edit_story(retitled(win.document.story, "Draft"), "Title")
    qtbot.waitUntil(lambda: any(recovery_dir.glob("story-*.json")), timeout=3000)
    assert win.document.save()
    assert list(recovery_dir.iterdir()) == []


DRIVER = textwrap.dedent("""
    import sys, attrs
    from PySide6.QtWidgets import QApplication
    from provenance_gui.window import MainWindow
    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.show()
    window.open_path(sys.argv[1])
    window.edit_story(attrs.evolve(window.document.story, title="Unsaved work"), "Title")
    print("edited", flush=True)
    app.exec()
""")


def test_after_a_kill_the_next_start_offers_the_unsaved_story(qtbot, tmp_path, monkeypatch,
                                                               recovery_dir):
    path = tmp_path / "story.json"
    path.write_bytes(SYRIA.read_bytes())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.pathsep.join(sys.path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), **{AUTOSAVE_VARIABLE: "0.5"})
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        copy = recovery_dir / f"story-{proc.pid}.json"
        while not copy.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert copy.exists(), proc.stderr.read().decode() if proc.poll() is not None else ""
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    assert load(path).title != "Unsaved work"  # the file itself was never touched

    win = make_window(qtbot, tmp_path)
    offered = []
    monkeypatch.setattr(win, "ask_recover", lambda rec: offered.append(rec) or "recover")
    assert win.offer_recovery()
    assert [r.story.title for r in offered] == ["Unsaved work"]
    assert win.document.story.title == "Unsaved work"
    assert win.document.path == path.resolve()
    assert win.isWindowModified()  # recovered, not yet saved
    assert not copy.exists()
    assert win.save()
    assert load(path).title == "Unsaved work"
    assert json.loads(path.read_text("utf-8"))["title"] == "Unsaved work"


def test_a_recovery_copy_can_be_discarded_or_kept_for_later(qtbot, tmp_path, monkeypatch,
                                                            recovery_dir):
    from provenance.document import write_recovery
    write_recovery(load(SYRIA), recovery_dir, None, owner=999999999)
    win = make_window(qtbot, tmp_path)
    monkeypatch.setattr(win, "ask_recover", lambda rec: "later")
    assert not win.offer_recovery()
    assert any(recovery_dir.iterdir())
    monkeypatch.setattr(win, "ask_recover", lambda rec: "discard")
    assert not win.offer_recovery()
    assert list(recovery_dir.iterdir()) == []
    assert win.document.story is None


def test_the_start_offers_a_recovery_before_opening_the_file(qtbot, tmp_path, recovery_dir):
    import argparse

    from provenance.document import write_recovery
    from provenance_gui import app

    write_recovery(retitled(load(SYRIA), "Recovered"), recovery_dir, None, owner=999999998)
    win = make_window(qtbot, tmp_path)
    win.ask_recover = lambda rec: "recover"

    class Loop:
        def processEvents(self):  # noqa: N802
            pass

        def exec(self):
            return 0

    args = argparse.Namespace(claim=None, select=None)
    assert app.run(Loop(), win, SYRIA, args) == 0
    assert win.document.story.title == "Recovered" and win.isWindowModified()


def test_a_screenshot_window_ignores_the_remembered_place(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.resize(700, 500)
    win.findChild(QDockWidget, "legend").hide()
    assert win.close()
    shot = MainWindow(settings=QSettings(str(tmp_path / "viewer.ini"),
                                         QSettings.Format.IniFormat), remember=False)
    qtbot.addWidget(shot)
    shot.show()
    assert shot.findChild(QDockWidget, "legend").isVisible()
