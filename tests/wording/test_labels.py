"""Every sentence in one place: one clipping, one change wording, one date text."""

from __future__ import annotations

import pytest

import provenance
from provenance.analysis import Distortion, Role, analyze
from provenance.drawing.borders import card_text
from provenance.drawing.picture import describe
from provenance.files.registry import export
from provenance.model import PublicationTime, Stance
from provenance.wording import (
    card_detail,
    change_label,
    change_lines,
    clip,
    link_changes,
    point_caption,
    time_text,
)

from ..conftest import SAMPLES, link, make_story, mention, report


@pytest.mark.parametrize(("text", "limit", "shown"), [
    ("plain", 10, "plain"),
    ("  runs \t of\n white  ", None, "runs of white"),
    ("exactly ten", 11, "exactly ten"),
    ("one word too many", 12, "one word to…"),
    ("trailing space cut", 10, "trailing…"),
    ("bell\x07and\x00null", None, "bell and null"),
    ("non\ufffecharacter", None, "non\ufffdcharacter"),
    ("line\u2028separator", None, "line separator"),
    ("abc", 1, "a…"),
])
def test_one_clip_for_every_line(text, limit, shown):
    assert clip(text, limit) == shown
    assert limit is None or len(clip(text, limit)) <= max(limit, 2)


def _distortion(kinds, before, after):
    return Distortion("r", "c", kinds, before, after, (), ())


def test_one_wording_of_a_change():
    inflated = _distortion((Role.INFLATED, Role.MISATTRIBUTED), Stance.IMPLIES,
                           Stance.ATTRIBUTES)
    assert change_lines(inflated) == ("implies → attributes", "misattributed")
    assert change_label(inflated) == "implies → attributes\nmisattributed"
    assert change_lines(inflated, with_claim=True)[0] == "c: implies → attributes"
    assert change_lines(_distortion((Role.INVENTED,), None, Stance.ASSERTS)) == ("invented",)


def test_a_link_names_its_claims_only_when_asked_and_several_changed():
    story = make_story(
        [report("s", "a", mention("c", "implies"), mention("k", "questions")),
         report("t", "b", mention("c", "asserts"), mention("k", "asserts"))],
        [link("s", "t")])
    analysis = analyze(story)
    assert sorted(link_changes(analysis)[("s", "t")]) == ["implies → asserts",
                                                          "questions → asserts"]
    assert sorted(link_changes(analysis, name_claims=True)[("s", "t")]) == [
        "c: implies → asserts", "k: questions → asserts"]
    # Through one claim's lens only one claim changed: no names needed.
    assert link_changes(analysis, "k", name_claims=True)[("s", "t")] == ("questions → asserts",)


def test_every_picture_writes_the_same_change(syria):
    diagram = {view.key: view.changes for view in describe(syria).links if view.changes}
    assert diagram == link_changes(analyze(syria))
    dot = export(syria, "dot")
    for lines in diagram.values():
        for line in (part for change in lines for part in change.split("\n")):
            assert line in dot


def test_one_date_text_on_every_card():
    time = PublicationTime.parse("2024-03-05T09:00:00+00:00")
    assert time_text(time) == "2024-03-05 09:00 +00:00"
    story = make_story([report("r", "a", kind="article", published="2024-03-05T09:00:00+00:00")])
    (card,) = describe(story).cards.values()
    assert card.detail == card_detail(story.reports[0]) == "article · 2024-03-05 09:00 +00:00"
    assert card_text(card)[1] == "article · 2024-03-05 09:00 +00:00 [r]"
    assert "2024-03-05 09:00 +00:00" in export(story, "dot")
    assert "2024-03-05 09:00 +00:00" in export(story, "mermaid")


def test_the_caption_tells_the_point_or_why_there_is_none():
    story = provenance.load(SAMPLES / "syria-joint-strike.json")
    assert point_caption(story, analyze(story)).startswith(
        'Point of distortion: Associated Press (post) turned "implies"')
    empty = make_story([report("a", "x")])
    assert point_caption(empty, analyze(empty)) == "No distortion found"
