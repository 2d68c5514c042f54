"""A large story is analysed again after an edit in the background (half a second and
more at 10,000 reports): the window answers meanwhile, the edit is in the document at
once, the chain follows when the analysis is done, and only the latest edit is shown."""

from __future__ import annotations

import json
import threading
import time

import pytest
from PySide6.QtCore import QTimer

import provenance_gui.window as window_module
import provenance_gui.work as work
from benchmarks.cascade import cascade
from provenance.edits import change_mention, change_report
from provenance.model import Stance

from .test_chain_update import drawn, fresh


@pytest.fixture
def large(window, tmp_path):  # type: ignore[no-untyped-def]
    """The window with a story of EDIT_IN_BACKGROUND reports (``middle``: a report in its
    middle); edits are given up at the end."""
    path = tmp_path / "large.json"
    n = window_module.EDIT_IN_BACKGROUND
    path.write_text(json.dumps(cascade(n, seed=4)), "utf-8")
    window.ask_unsaved = lambda: "discard"
    assert window.open_path(path)
    story = window.document.story
    window.middle = next(r for r in story.reports[n // 2:] if r.claims).id
    return window


def other_stance(stance: Stance) -> Stance:
    return Stance.ASSERTS if stance is not Stance.ASSERTS else Stance.IMPLIES


@pytest.fixture
def slow(monkeypatch):  # type: ignore[no-untyped-def]
    """The background analysis waits for ``release`` (so a test can act meanwhile)."""
    release = threading.Event()
    real = work.reanalyse

    def waiting(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(window_module, "reanalyse", waiting)
    yield release
    release.set()


def test_an_edit_is_analysed_in_the_background_then_shown_in_place(large, slow) -> None:
    window, rid = large, large.middle
    scene, story = window.scene, window.document.story
    stance = story.report(rid).claims[0].stance
    window.edit_story(change_mention(story, rid, 0, stance=other_stance(stance)), "Stance")
    # The edit is in the document at once; the chain waits for the analysis.
    assert window.document.story.report(rid).claims[0].stance is other_stance(stance)
    assert window.work.busy and window.work.phase == "Analysing the change…"
    assert not window.work.cancel_button.isVisible()
    assert window.story is story
    slow.set()
    assert window.work.wait()
    assert window.story is window.document.story
    assert window.scene is scene  # updated in place, not rebuilt
    assert drawn(window.scene) == drawn(fresh(window))


def test_the_selection_and_the_view_stay_after_an_edit_analysed_in_the_background(
        large) -> None:
    window, rid = large, large.middle
    window.select_report(rid)
    transform = window.view.transform()
    story = window.document.story
    window.edit_story(change_report(story, rid, title="Changed"), "Title")
    assert window.work.wait()
    assert window.state is not None and window.state.report == rid
    assert window.scene.reports[rid].highlighted
    assert window.view.transform() == transform


def test_the_window_answers_while_an_edit_is_analysed(large, slow) -> None:
    window, rid = large, large.middle
    fired: list[float] = []

    def tick() -> None:
        if window.work.busy:
            fired.append(time.perf_counter())
            if len(fired) == 5:
                slow.set()  # the analysis goes on only once the window has answered

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    probe.start()
    story = window.document.story
    stance = story.report(rid).claims[0].stance
    window.edit_story(change_mention(story, rid, 0, stance=other_stance(stance)), "Stance")
    assert window.work.wait()
    probe.stop()
    assert len(fired) >= 5
    assert window.story is window.document.story


def test_edits_made_while_one_is_analysed_show_the_last(large, slow) -> None:
    window, rid = large, large.middle
    story = window.document.story
    window.edit_story(change_report(story, rid, title="First"), "Title")
    window.edit_story(change_report(window.document.story, rid, title="Second"), "Title")
    slow.set()
    assert window.work.wait()
    assert window.story is window.document.story
    assert window.story.report(rid).title == "Second"
    assert drawn(window.scene) == drawn(fresh(window))


def test_an_undo_while_an_edit_is_analysed_shows_the_story_before(large, slow) -> None:
    window, rid = large, large.middle
    story = window.document.story
    window.edit_story(change_report(story, rid, title="Changed"), "Title")
    window.document.stack.undo()
    slow.set()
    assert window.work.wait()
    assert window.document.story is story and window.story is story
    assert drawn(window.scene) == drawn(fresh(window))


def test_a_file_opened_and_given_up_meanwhile_leaves_the_edit_shown(large, slow, qtbot) -> None:
    from ..conftest import SAMPLES

    window, rid = large, large.middle
    story = window.document.story
    window.edit_story(change_report(story, rid, title="Kept"), "Title")
    window.ask_unsaved = lambda: "cancel"  # the changes are kept: the file is not shown
    window.open_path(SAMPLES / "syria-joint-strike.json", wait=False)
    slow.set()
    assert window.work.wait()
    qtbot.waitUntil(lambda: window.story is window.document.story)
    assert window.story.report(rid).title == "Kept"
    window.ask_unsaved = lambda: "discard"


def test_a_small_story_is_shown_after_an_edit_at_once(window) -> None:
    window.ask_unsaved = lambda: "discard"
    story = window.document.story
    window.edit_story(change_report(story, "ap-tweet", title="At once"), "Title")
    assert not window.work.busy
    assert window.story.report("ap-tweet").title == "At once"
