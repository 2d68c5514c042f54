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


def test_a_story_is_saved_as_the_lowest_version_that_holds_it():
    from attrs import evolve

    from provenance.model import Account, Genre, Part

    story = provenance.loads(json.dumps(good()))
    assert json.loads(provenance.dumps(story))["version"] == 1
    data = good()
    data["version"] = 2  # says 2, uses nothing of version 2: saved as 1, for older readers
    assert json.loads(provenance.dumps(provenance.loads(json.dumps(data))))["version"] == 1
    r1 = story.reports[0]
    uses = [
        evolve(story, reports=(evolve(r1, genre=Genre.SATIRE), *story.reports[1:])),
        evolve(story, reports=(evolve(r1, claims=(evolve(r1.claims[0], part=Part.HEADLINE),)),
                               *story.reports[1:])),
        evolve(story, accounts=(Account("x", "X"),)),
    ]
    for changed in uses:
        saved = json.loads(provenance.dumps(changed))
        assert saved["version"] == 2
        assert provenance.loads(json.dumps(saved)) == changed


def test_defaults_of_version_2_are_left_out_and_accounts_come_before_the_reports():
    from provenance.model import Account, Actor, Claim, ClaimMention, Report, Stance, Story

    story = Story("T", actors=[Actor("a", "A")],
                  claims=[Claim("c", "C"), Claim("q", "in mice", qualifies="c")],
                  accounts=[Account("x", "X", by="a")],
                  reports=[Report("r", "a", claims=[ClaimMention("c", Stance.DENIES)],
                                  accounts=["x"])])
    saved = json.loads(provenance.dumps(story))
    assert list(saved) == ["format", "version", "title", "actors", "claims", "accounts",
                           "reports", "links"]
    assert saved["reports"][0] == {"id": "r", "actor": "a", "kind": "other",
                                   "accounts": ["x"],
                                   "claims": [{"claim": "c", "stance": "denies"}]}
    assert saved["claims"][1] == {"id": "q", "text": "in mice", "qualifies": "c"}
    assert saved["accounts"] == [{"id": "x", "name": "X", "by": "a"}]


def test_in_a_version_2_file_a_field_wins_over_an_unknown_key_of_its_name():
    from provenance.model import Actor, Claim, Report, Story

    story = Story("T", actors=[Actor("a", "A")], claims=[Claim("c", "C"),
                                                         Claim("q", "Q", qualifies="c")],
                  reports=[Report("r", "a", extra={"genre": "satire", "x": 1})])
    saved = json.loads(provenance.dumps(story))
    assert saved["version"] == 2
    assert "genre" not in saved["reports"][0] and saved["reports"][0]["x"] == 1
    # In a version 1 file the key is only an unknown key, and is kept.
    v1 = Story("T", actors=[Actor("a", "A")],
               reports=[Report("r", "a", extra={"genre": "satire"})])
    saved = json.loads(provenance.dumps(v1))
    assert saved["version"] == 1 and saved["reports"][0]["genre"] == "satire"


def test_saving_refuses_an_item_outside_the_accounts_of_what_it_refers_to():
    from provenance import StoryFormatError
    from provenance.model import Account, Actor, Link, Report, Story

    story = Story("T", actors=[Actor("a", "A")],
                  accounts=[Account("x", "X"), Account("y", "Y")],
                  reports=[Report("r1", "a", accounts=["x"]), Report("r2", "a", accounts=["y"])],
                  links=[Link("r1", "r2")])
    with pytest.raises(StoryFormatError, match='links\\[0\\]: belongs to every account, but its '
                                               'source "r1" belongs only to account "x"'):
        provenance.dumps(story)
