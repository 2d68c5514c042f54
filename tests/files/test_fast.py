"""The fast reader: the same story as the careful reader, in one pass, with the columns
the analysis reads; anything unusual is left to the careful reader."""

from __future__ import annotations

import json

import pytest

import provenance
from provenance import StoryFormatError
from provenance.columns import columns_of
from provenance.files._careful import parse, story_from_data
from provenance.files._fast import read_fast

from .documents import SAMPLE_FILES, good, mutated


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_sample_reads_to_the_careful_reader_s_story(path):
    text = path.read_text("utf-8")
    story = read_fast(text)
    assert story is not None
    assert story == story_from_data(parse(text))
    columns = columns_of(story)
    assert columns is not None
    assert len(columns.report_actor) == len(story.reports)
    assert len(columns.link_source) == len(story.links)


def test_the_columns_name_each_report_s_actor_and_each_link_s_ends():
    story = read_fast(json.dumps(good()))
    columns = columns_of(story)
    actors = [actor.id for actor in story.actors]
    assert [actors[at] for at in columns.report_actor] == [r.actor for r in story.reports]
    assert columns.report_position == {"r1": 0, "r2": 1}
    assert (list(columns.link_source), list(columns.link_target)) == ([0], [1])


def test_plain_mentions_share_one_object_and_ids_one_string():
    data = good()
    data["reports"].append({"id": "r3", "actor": "a",
                            "claims": [{"claim": "c", "stance": "asserts"}]})
    story = read_fast(json.dumps(data))
    assert story.reports[0].claims[0] is story.reports[2].claims[0]
    assert story.reports[0].actor is story.actors[0].id


@pytest.mark.parametrize("text", [
    mutated(lambda d: d["reports"][1].update(actor="nobody")),  # an unknown id
    mutated(lambda d: d.pop("title")),  # a missing value
    mutated(lambda d: d["links"][0].update(confidence=2)),  # an odd value
    json.dumps(good()).replace('"confidence": 0.5', '"confidence": NaN'),
    json.dumps(good()).replace('"name": "A"', '"name": "\\ud800"'),  # a lone surrogate
    "[]",
])
def test_anything_unusual_is_left_to_the_careful_reader(text):
    assert read_fast(text) is None
    with pytest.raises(StoryFormatError):
        provenance.loads(text)  # and the careful reader says why


def test_unusual_but_valid_files_still_read_to_the_same_story():
    data = good()
    shuffled = {key: data[key] for key in reversed(list(data))}  # links before reports
    text = json.dumps(shuffled, indent="\t", separators=(" ,", " : "))
    assert provenance.loads(text) == story_from_data(parse(text))


def test_a_repeated_key_is_an_error_not_a_silent_choice():
    text = json.dumps(good()).replace('"note": "n"', '"note": "n", "note": "m"')
    with pytest.raises(StoryFormatError, match='the key "note" appears more than once'):
        read_fast(text)
