"""Story files of format version 2: its fields read into the model and the fast reader's
columns, written back at the lowest version that holds the story (the checks of each rule:
test_careful.py, test_story.py)."""

from __future__ import annotations

import json
import warnings

import pytest

import provenance
from provenance import StoryFormatError
from provenance.files._careful import story_from_data
from provenance.files._fast import read_fast
from provenance.model import Genre, Part, required_version

from ..conftest import link, mention, report, story_data


def v2(reports, links=(), **more):
    data = story_data(reports, links, **more)
    data["version"] = 2
    return data


def accounts_doc():
    data = v2(
        [report("ministry", "mod", mention("jets", "asserts")),
         report("ria", "ria", mention("jets", "implies"), accounts=["beast"]),
         report("tass", "tass", mention("jets", "attributes", "mod"), accounts=["tass"])],
        [link("ministry", "tass", "quotes", accounts=["tass"]),
         link("ministry", "ria", "paraphrases", accounts=["beast"])],
    )
    data["accounts"] = [{"id": "tass", "name": "TASS's account", "by": "tass"},
                        {"id": "beast", "name": "The Daily Beast's account",
                         "url": "https://www.thedailybeast.com/"}]
    return data


def errors(data) -> list[str]:
    with pytest.raises(StoryFormatError) as info:
        provenance.loads(json.dumps(data))
    return [str(issue) for issue in info.value.issues]


def test_every_version_2_field_is_read():
    data = v2([report("onion", "o", mention("c", "asserts", part="headline"), genre="satire"),
               report("d", "d", mention("c", "denies", "o", of="attribution"),
                      mention("c", "denies", hedged=True))])
    data["claims"].append({"id": "q", "text": "in mice", "qualifies": "c"})
    story = provenance.loads(json.dumps(data))
    onion, denial = story.reports
    assert onion.genre is Genre.SATIRE and onion.claims[0].part is Part.HEADLINE
    assert denial.claims[0].disputes_attribution and denial.claims[0].holder == "o"
    assert denial.claims[1].hedged and not denial.claims[0].hedged
    assert story.claim("q").qualifies == "c"
    assert required_version(story) == 2


def test_accounts_are_read_and_each_is_a_story():
    story = provenance.loads(json.dumps(accounts_doc()))
    assert [a.id for a in story.accounts] == ["tass", "beast"]
    assert story.accounts[0].by == "tass"
    assert story.report("tass").accounts == ("tass",)
    tass = provenance.model.account_story(story, "tass")
    assert [r.id for r in tass.reports] == ["ministry", "tass"]
    assert [(k.source, k.target) for k in tass.links] == [("ministry", "tass")]


def test_claims_that_qualify_each_other_in_a_loop_are_refused():
    data = v2([report("r", "a", mention("a", "asserts"), mention("b", "asserts"))])
    data["claims"][0]["qualifies"] = "b"
    data["claims"][1]["qualifies"] = "a"
    [issue] = errors(data)
    assert "claims[0].qualifies: claims qualify each other in a loop" in issue


def test_a_version_1_file_without_them_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        provenance.loads(json.dumps(story_data([report("r", "a", mention("c", "asserts"))])))


def test_saving_writes_the_lowest_version_that_holds_the_story():
    plain = v2([report("r", "a", mention("c", "asserts", part="body", hedged=False),
                       genre="news")])
    story = provenance.loads(json.dumps(plain))
    written = json.loads(provenance.dumps(story))
    assert written["version"] == 1
    assert "genre" not in written["reports"][0] and "part" not in written["reports"][0]["claims"][0]
    satire = provenance.loads(json.dumps(v2([report("r", "a", genre="satire")])))
    assert json.loads(provenance.dumps(satire))["version"] == 2


def test_the_fast_reader_reads_version_2_and_notes_its_columns():
    from provenance.columns import columns_of

    data = v2([report("s", "a", mention("c", "asserts"), genre="satire"),
               report("h", "b", mention("c", "asserts", part="headline"),
                      mention("c", "denies", "a", of="attribution"),
                      mention("c", "denies", hedged=True))],
              [link("s", "h")])
    data["claims"].append({"id": "q", "text": "in mice", "qualifies": "c"})
    text = json.dumps(data)
    fast = read_fast(text)
    assert fast is not None and fast == story_from_data(json.loads(text))
    columns = columns_of(fast)
    assert list(columns.report_genre) == [1, 0]
    kinds = [columns.mention_kind[i] for i in range(len(columns.mention_kind))]
    assert [columns.kind_part[k] for k in kinds] == [0, 1, 0, 0]
    assert [columns.kind_of_attribution[k] for k in kinds] == [0, 0, 1, 0]
    assert [columns.kind_hedged[k] for k in kinds] == [0, 0, 0, 1]
    assert list(columns.claim_qualifies) == [-1, 0]


def test_version_1_columns_hold_no_version_2_values():
    from provenance.columns import columns_of

    story = read_fast(json.dumps(story_data([report("r", "a", mention("c", "asserts"))])))
    columns = columns_of(story)
    assert len(columns.report_genre) == len(columns.kind_part) == len(columns.claim_qualifies) == 0
