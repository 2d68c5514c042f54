"""A story opened in the background is kept out of the cycle collector's reach (its long
pauses would stall the window), which is only sound while nothing it leaves behind is in
a reference cycle: a story used and then replaced must be freed whole, without the
collector. A replaced scene is taken down a slice at a time, and then deleted."""

from __future__ import annotations

import gc
import json

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from benchmarks.cascade import cascade
from provenance_gui.chain import ChainScene


@pytest.fixture
def two_stories(tmp_path):
    paths = []
    for seed in (1, 2):
        path = tmp_path / f"cascade-{seed}.json"
        path.write_text(json.dumps(cascade(800, seed=seed)), "utf-8")
        paths.append(path)
    return paths


def open_in_background(window, path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(path, wait=False)
    assert window.work.wait()


def settle(qtbot, scene: ChainScene) -> None:
    """Until the replaced ``scene`` is gone."""
    qtbot.waitUntil(lambda: not shiboken6.isValid(scene), timeout=20_000)
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def ours(item: object) -> bool:
    module = type(item).__module__
    return module.startswith(("provenance", "PySide6"))


def test_a_story_used_then_replaced_leaves_no_cycles(window, qtbot, two_stories) -> None:
    window.ask_unsaved = lambda: "discard"
    first, second = two_stories
    for _ in range(3):  # what earlier tests left behind: their windows deleted, collected
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.unfreeze()
    gc.collect()
    open_in_background(window, first)
    assert gc.get_freeze_count() > 0  # the story is out of the collector's reach
    # Use it: a selection, a claim lens, a search, an edit and its undo, the replay.
    story = window.story
    report = next(r for r in story.reports[len(story.reports) // 2:] if r.claims)
    window.select_report(report.id)
    window.claim_box.setCurrentIndex(1)
    window.search_box.setText(report.id)
    window.time_slider.setValue(window.time_slider.maximum() // 2)
    window.claim_box.setCurrentIndex(0)
    form = window.edit_panel.report
    form.mentions.setCurrentRow(0)
    form.stance.setCurrentIndex((form.stance.currentIndex() + 1) % form.stance.count())
    form.stance.activated.emit(form.stance.currentIndex())
    assert window.document.modified
    window.document.stack.undo()
    old_scene = window.scene
    open_in_background(window, second)
    settle(qtbot, old_scene)
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        left = sorted({type(item).__qualname__ for item in gc.garbage if ours(item)})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    gc.collect()
    assert left == []


def test_a_replaced_scene_is_taken_down_between_events(window, qtbot, two_stories) -> None:
    first, second = two_stories
    open_in_background(window, first)
    old_scene = window.scene
    items = len(old_scene.items())
    open_in_background(window, second)
    # Not all at once: the window answers between slices of the taking down.
    assert shiboken6.isValid(old_scene)
    assert 0 < len(old_scene.items()) <= items
    assert old_scene.reports == {}  # let go of at once
    settle(qtbot, old_scene)
    assert window.scene is not old_scene
    assert len(window.scene.reports) == 800
