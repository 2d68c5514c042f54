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


# --------------------------------------------------------------------------- #
# Version 2: the fast reader reads it, agrees with the careful reader, and fills the
# version 2 columns only when the file uses them.

from hypothesis import given  # noqa: E402

from ..test_properties import SETTINGS  # noqa: E402
from .documents import damaged_v2_documents, readings, v2_documents  # noqa: E402


def _careful(text):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return story_from_data(parse(text))
        except StoryFormatError as err:
            return [str(issue) for issue in err.issues]


@SETTINGS
@given(v2_documents())
def test_the_fast_reader_reads_version_2_as_the_careful_reader_does(doc):
    text = json.dumps(doc, ensure_ascii=False)  # no surrogate escapes: those go the careful way
    story = read_fast(text)
    assert story is not None
    assert story == _careful(text)


@SETTINGS
@given(damaged_v2_documents())
def test_both_readers_agree_on_damaged_version_2_documents(doc):
    import warnings

    text = json.dumps(doc)
    fast = read_fast(text)
    careful = _careful(text)
    if fast is not None:  # what the fast reader accepts, the careful reader accepts alike
        assert fast == careful
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert readings(text)[0] == careful


def _v2_good():
    data = good()
    data["version"] = 2
    return data


def test_the_version_2_columns_stay_empty_for_a_story_that_does_not_use_them():
    columns = columns_of(read_fast(json.dumps(_v2_good())))
    assert (len(columns.report_genre), len(columns.kind_part), len(columns.kind_of_attribution),
            len(columns.kind_hedged), len(columns.claim_qualifies)) == (0, 0, 0, 0, 0)


def test_the_version_2_columns_hold_what_the_file_says():
    data = _v2_good()
    data["claims"].append({"id": "q", "text": "in mice", "qualifies": "c"})
    data["reports"].append({"id": "r3", "actor": "b", "genre": "satire", "claims": [
        {"claim": "c", "stance": "asserts", "part": "headline"},
        {"claim": "c", "stance": "denies", "holder": "a", "of": "attribution", "hedged": True},
        {"claim": "c", "stance": "asserts", "part": "headline"}]})
    story = read_fast(json.dumps(data))
    assert story == _careful(json.dumps(data))
    columns = columns_of(story)
    assert list(columns.report_genre) == [0, 0, 1]
    assert list(columns.claim_qualifies) == [-1, 0]
    kinds = [columns.mention_kind[i] for i in range(len(columns.mention_kind))]
    assert list(columns.kind_part) == [0, 0, 1, 0]
    assert [columns.kind_part[k] for k in kinds] == [0, 0, 1, 0, 1]
    assert [columns.kind_of_attribution[k] for k in kinds] == [0, 0, 0, 1, 0]
    assert [columns.kind_hedged[k] for k in kinds] == [0, 0, 0, 1, 0]
    # Equal plain mentions of version 2 share one object too.
    assert story.reports[2].claims[0] is story.reports[2].claims[2]
    assert story.claims[1].qualifies is story.claims[0].id


def test_a_version_1_file_with_version_2_keys_is_left_to_the_careful_reader():
    data = good()
    data["reports"][0]["genre"] = "satire"
    assert read_fast(json.dumps(data)) is None
    data["version"] = 2
    assert read_fast(json.dumps(data)).reports[0].genre.value == "satire"


def test_accounts_read_fast_when_reports_follow_them():
    data = _v2_good()
    reports, links = data.pop("reports"), data.pop("links")
    data["accounts"] = [{"id": "x", "name": "X", "by": "a"}, {"id": "y", "name": "Y"}]
    data |= {"reports": reports, "links": links}
    data["reports"][1]["accounts"] = ["y"]
    data["reports"][1]["claims"][0]["accounts"] = ["y"]
    data["links"][0]["accounts"] = ["y"]
    story = read_fast(json.dumps(data))
    assert story is not None and story == _careful(json.dumps(data))
    assert [a.id for a in story.accounts] == ["x", "y"]
    assert story.reports[1].accounts == ("y",) and story.links[0].accounts == ("y",)
    del data["links"][0]["accounts"]  # the link would be in x, where r2 is not
    assert read_fast(json.dumps(data)) is None
    assert isinstance(_careful(json.dumps(data)), list)
    # Accounts after the reports that name them: valid, read by the careful reader.
    data["links"][0]["accounts"] = ["y"]
    data["accounts"] = data.pop("accounts")
    assert read_fast(json.dumps(data)) is None
    assert provenance.loads(json.dumps(data)).reports[1].accounts == ("y",)
