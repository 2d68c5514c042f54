"""The recovery folder's rules: one copy per viewer, a sidecar naming the original."""

from __future__ import annotations

import os

from provenance.document import discard_recovery, find_recoveries, write_recovery
from provenance.model import Story


def test_a_copy_round_trips_with_the_file_it_came_from(tmp_path):
    original = tmp_path / "mine.json"
    write_recovery(Story("Draft", summary="s"), tmp_path / "r", original, owner=7)
    [found] = find_recoveries(tmp_path / "r", alive=lambda pid: False)
    assert found.story == Story("Draft", summary="s")
    assert found.original == original.resolve()


def test_a_running_viewers_copy_is_not_offered(tmp_path):
    write_recovery(Story("Mine"), tmp_path, None)  # this process: running
    assert find_recoveries(tmp_path) == []
    discard_recovery(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_newest_first_and_unreadable_copies_skipped(tmp_path):
    old = write_recovery(Story("Old"), tmp_path, None, owner=1)
    write_recovery(Story("New"), tmp_path, None, owner=2)
    os.utime(old, (1, 1))
    (tmp_path / "story-3.json").write_text("{not json", "utf-8")
    found = find_recoveries(tmp_path, alive=lambda pid: False)
    assert [r.story.title for r in found] == ["New", "Old"]


def test_no_folder_no_recoveries(tmp_path):
    assert find_recoveries(tmp_path / "absent") == []
    discard_recovery(tmp_path / "absent", owner=5)  # nothing to remove: fine
