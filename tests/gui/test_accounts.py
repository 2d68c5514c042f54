"""The account switcher and the side-by-side comparison of competing accounts."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from provenance_gui.accounts import WHOLE_FILE
from provenance_gui.window import MainWindow
from tests.drawing.version2 import accounts_story

from ..conftest import SAMPLES


def _window(qtbot, tmp_path) -> MainWindow:
    settings = QSettings(str(tmp_path / "viewer.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings, remember=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_switcher_is_there_only_for_a_story_with_accounts(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    assert win.open_path(SAMPLES / "syria-joint-strike.json")
    switcher = win.accounts
    qtbot.wait(10)
    assert not switcher.box.isVisible() and not switcher.compare_action.isEnabled()
    win.set_story(accounts_story())
    qtbot.waitUntil(switcher.box.isVisible)
    assert switcher.compare_action.isEnabled()
    assert [switcher.box.itemText(i) for i in range(switcher.box.count())] == [
        WHOLE_FILE, "The paper's account", "The ministry's account"]
    assert set(win.scene.reports) == {"statement", "wire-post", "tv-report", "paper-article"}


def test_choosing_an_account_shows_its_chain_and_analysis(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    win.set_story(accounts_story())
    box = win.accounts.box
    box.setCurrentIndex(box.findData("paper"))  # the user picks the paper's account
    assert set(win.scene.reports) == {"statement", "wire-post", "paper-article"}
    assert win.analysis.point_of_distortion.report == "wire-post"
    assert win.scene.picture.marked == "wire-post"
    assert not win.edit_panel.isEnabled() and not win.delete_action.isEnabled()
    assert "paper's account" in win.statusBar().currentMessage()
    box.setCurrentIndex(box.findData("ministry"))
    assert "tv-report" in win.scene.reports and win.analysis.point_of_distortion is None
    win.accounts.choose(None)  # back to the whole file: editable again
    assert box.currentText() == WHOLE_FILE
    assert win.edit_panel.isEnabled() and win.delete_action.isEnabled()
    assert win.story is win.document.story


def test_an_edit_shows_through_the_chosen_account(qtbot, tmp_path):
    import attrs

    win = _window(qtbot, tmp_path)
    win.set_story(accounts_story())
    win.accounts.choose("ministry")
    story = win.document.story
    renamed = attrs.evolve(story, title="Renamed")
    win.edit_story(renamed, "Rename")  # (an undo or an edit made before choosing)
    assert win.accounts.account == "ministry" and "tv-report" in win.scene.reports
    assert win.story.title == "Renamed"
    win.set_story(accounts_story())  # a new document: the whole file again
    assert win.accounts.account is None


def test_compare_accounts_draws_both_and_frames_what_differs(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    win.set_story(accounts_story())
    dialog = win.accounts.compare()
    assert dialog is not None and dialog.isVisible()
    left, right = dialog.left, dialog.right
    assert (left.account, right.account) == ("paper", "ministry")
    assert set(left.scene.reports) == {"statement", "wire-post", "paper-article"}
    assert "tv-report" in right.scene.reports
    assert left.frames == {}
    assert set(right.frames) == {"tv-report", "statement"}
    assert right.marked_links == {("statement", "tv-report")}
    text = dialog.caption.text()
    assert text.startswith("The two accounts disagree on the point of distortion.")
    assert "The paper's account: Point of distortion" in text
    # The user swaps the sides: the frames follow their account.
    dialog.choose("ministry", "paper")
    assert set(dialog.left.frames) == {"tv-report", "statement"} and dialog.right.frames == {}
    right.box.setCurrentIndex(right.box.findData("ministry"))
    assert dialog.comparison.agree and dialog.left.frames == {}


def test_the_compare_view_can_be_seen(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    win.set_story(accounts_story())
    dialog = win.accounts.compare()
    qtbot.waitExposed(dialog)
    image = dialog.grab().toImage()
    path = tmp_path / "compare.png"
    assert image.save(str(path)) and path.stat().st_size > 0


def test_compare_names_what_each_point_rests_on_whatever_the_window_shows(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    win.set_story(accounts_story())
    win.accounts.choose("paper")  # the window shows one account, not the file
    dialog = win.accounts.compare()
    assert "The ministry's account's point rests on: Ministry, statement" in (
        dialog.caption.text())
