"""The writer: what a saved story file looks like."""

from __future__ import annotations

import json

import pytest

import provenance

from .documents import SAMPLE_FILES, good


def test_an_extra_key_never_overwrites_a_field_on_save():
    from provenance.model import Actor, Story

    story = Story("T", actors=[Actor("b", "B", extra={"name": "dup", "x": 1})])
    [actor] = json.loads(provenance.dumps(story))["actors"]
    assert actor["name"] == "B" and actor["x"] == 1


def test_saving_deeply_nested_unknown_keys_keeps_the_file_small():
    data = good()
    deep: object = ["leaf"] * 200
    for _ in range(400):
        deep = [deep, "x"]
    data["reports"][0]["x-deep"] = deep
    data["x-top"] = {"a": {"b": {"c": {"d": {"e": {"f": {"g": [1, 2]}}}}}}}
    text = json.dumps(data)
    story = provenance.loads(text)
    saved = provenance.dumps(story)
    # json.dumps(indent=2) wrote these 5 KB as 656 KB: indentation grew with the depth.
    assert len(saved) < 2 * len(text)
    assert max(len(line) - len(line.lstrip(" ")) for line in saved.splitlines()) <= 12
    assert json.loads(saved) == json.loads(provenance.dumps(provenance.loads(saved)))
    assert provenance.loads(saved) == story
    assert json.loads(saved)["reports"][0]["x-deep"] == deep


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_saved_files_keep_the_two_space_layout(path):
    from provenance.files.story import story_to_data

    story = provenance.load(path)
    expected = json.dumps(story_to_data(story), ensure_ascii=False, indent=2) + "\n"
    assert provenance.dumps(story) == expected
