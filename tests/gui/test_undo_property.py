"""Undoing every edit gives back the story as opened; redoing them all, the last one
(random edit sequences through provenance.edits, some merging as keystrokes do)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance import load
from provenance.edits import (
    add_link,
    add_report,
    change_report,
    next_id,
    remove_link,
    remove_report,
)
from provenance.errors import EditError
from provenance.model import Link, Report
from provenance_gui.editor import Document

from ..conftest import SAMPLES

OPENED = load(SAMPLES / "syria-joint-strike.json")

edit_steps = st.lists(st.tuples(st.sampled_from(["title", "kind", "add", "remove", "link",
                                                 "unlink"]),
                                st.integers(0, 1000), st.text(max_size=5),
                                st.booleans()), max_size=25)


def apply(story, step):
    kind, n, text, merge = step
    ids = [r.id for r in story.reports]
    rid = ids[n % len(ids)] if ids else None
    if kind == "title" and rid:
        return change_report(story, rid, title=text or None), (rid, "title") if merge else None
    if kind == "kind" and rid:
        kinds = ["post", "article", "statement"]
        return change_report(story, rid, kind=kinds[n % 3]), None
    if kind == "add":
        return add_report(story, Report(next_id(ids, "r"), story.actors[0].id)), None
    if kind == "remove" and rid:
        return remove_report(story, rid), None
    if kind == "link" and len(ids) > 1:
        return add_link(story, Link(rid, ids[(n + 1) % len(ids)])), None
    if kind == "unlink" and story.links:
        return remove_link(story, n % len(story.links)), None
    return story, None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(steps=edit_steps)
def test_undo_all_gives_the_opened_story_and_redo_all_the_last(qapp, steps):
    document = Document()
    document.recovery_dir = Path(tempfile.mkdtemp())  # never the user's folder
    document.open(OPENED, None)
    for step in steps:
        try:
            after, key = apply(document.story, step)
        except EditError:
            continue  # a refused edit changes nothing
        document.edit(after, step[0], key)
    last = document.story
    while document.stack.canUndo():
        document.stack.undo()
    assert document.story == OPENED
    assert not document.modified
    while document.stack.canRedo():
        document.stack.redo()
    assert document.story == last
    assert document.modified == (document.stack.count() > 0)
