"""The lenses behind the viewer: lineage, claim lens, search, timeline."""

from __future__ import annotations

import pytest

import provenance
from provenance import ProvenanceError, Stance, analyze
from provenance.drawing import style
from provenance.drawing.picture import card_looks, claim_lens, estimated_point, legend_entries
from provenance.graph import lineage, neighbours
from provenance.view import published_after, search_reports, timeline
from provenance.wording import link_changes

from .conftest import SAMPLES, link, make_story, mention, report


@pytest.fixture
def story():
    return make_story(
        [report("o", "gov", mention("c", "implies"), published="2020-01-01"),
         report("d", "wire", mention("c", "asserts"), mention("c", "denies", "gov"),
                published="2020-01-02T10:00Z", title="Big <b>news</b>"),
         report("x", "blog", published="2020-01-03", text="Unrelated text about cats"),
         report("r", "paper", mention("c", "asserts"))],
        [link("o", "d"), link("d", "r"), link("r", "o", "rebuts")],
    )


def test_lineage_follows_every_link_and_survives_cycles(story):
    lin = lineage(story, "d")
    assert lin.ancestors == {"o", "r"} and lin.descendants == {"r", "o"}
    assert lineage(story, "x").related == {"x"}
    with pytest.raises(ProvenanceError, match="no report"):
        lineage(story, "nope")


def test_neighbours(story):
    assert neighbours(story, "d") == (("o",), ("r",))


def test_claim_lens_gives_stance_and_roles(story):
    lens = claim_lens(story, analyze(story), "c")
    assert lens["d"].stance is Stance.ASSERTS and lens["d"].denies_too
    assert [r.value for r in lens["d"].roles] == ["inflated"]
    assert not lens["x"].carries
    with pytest.raises(ProvenanceError, match='no claim "zz"'):
        claim_lens(story, analyze(story), "zz")


def test_search_matches_actor_title_and_text(story):
    assert search_reports(story, "WIRE") == ("d",)
    assert search_reports(story, "cats unrelated") == ("x",)
    assert search_reports(story, "  ") == ()


def test_timeline_and_replay(story):
    times = timeline(story)
    assert [t.text for t in times] == ["2020-01-01", "2020-01-02T10:00Z", "2020-01-03"]
    assert published_after(story, times[0]) == {"d", "x"}
    assert published_after(story, times[-1]) == frozenset()


def test_every_change_along_a_link_is_written_on_it():
    story = make_story(
        [report("src", "gov", mention("c", "implies"), mention("k", "asserts", firsthand=True)),
         report("dst", "blog", mention("c", "asserts"), mention("k", "denies"),
                mention("new", "asserts"))],
        [link("src", "dst")])
    changes = link_changes(analyze(story))
    # (a firsthand assertion reaches another actor as an attribution)
    assert sorted(changes[("src", "dst")]) == ["attributes → denies", "implies → asserts",
                                                "invented"]
    assert link_changes(analyze(story), claim="c") == {("src", "dst"): ("implies → asserts",)}


def test_card_looks_follow_the_claim_lens(story):
    result = analyze(story)
    plain = card_looks(story, result)
    assert plain["x"].face == style.ACTOR_COLORS[story.actor("blog").kind]
    lens = card_looks(story, result, "c")
    assert lens["x"].face == style.GREYED_COLOR and lens["x"].legend == ""
    assert lens["o"].face == style.STANCE_COLORS[Stance.IMPLIES]
    assert lens["d"].edge == style.DISTORTION_COLOR  # it inflated the claim
    assert lens["d"].text == style.text_color_on(lens["d"].face)


def test_the_legend_lists_only_what_is_drawn(story):
    labels = [e.label for e in legend_entries(story, analyze(story))]
    assert "point of distortion" in labels and "rebuts" in labels
    assert "less certain link: fainter" not in labels  # every link is certain
    lens = [e.label for e in legend_entries(story, analyze(story), "c")]
    assert "does not carry the claim" in lens and "asserts" in lens


def test_a_story_with_texts_only_has_an_estimated_point():
    story = provenance.load(SAMPLES / "unannotated-press-release.json")
    result = analyze(story)
    estimate = estimated_point(story, result)
    assert estimate is not None and estimate.target == "press-release"
    rings = [e for e in legend_entries(story, result) if e.shape == "ring"]
    assert [e.label for e in rings] == ["likely point of distortion (estimated from text)"]
    annotated = provenance.load(SAMPLES / "science-press-release.json")
    assert estimated_point(annotated, analyze(annotated)) is None


def test_no_red_link_in_the_legend_when_no_distortion_has_a_source():
    story = make_story([report("r", "blog", mention("c", "asserts"), firsthand=False)])
    result = analyze(story)
    assert result.point_of_distortion is not None  # invented, drawing on nothing
    labels = [e.label for e in legend_entries(story, result)]
    assert "distortion (change on its link)" not in labels
    assert "point of distortion" in labels
