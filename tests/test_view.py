"""The lenses behind the viewer: lineage, claim lens, search, timeline; and the
viewer's state (view.ViewState), every transition and what it lights and dims."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import ProvenanceError, Stance, analyze
from provenance.drawing import style
from provenance.drawing.layout import layout_story
from provenance.drawing.picture import card_looks, claim_lens, estimated_point, legend_entries
from provenance.graph import lineage, neighbours
from provenance.view import (
    ViewState,
    pair_link,
    published_after,
    search_reports,
    timeline,
)
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


# ---------------------------------------------------------------- the viewer's state
def state_of(story):
    return ViewState(story, analyze(story))


def everyone(story):
    return frozenset(r.id for r in story.reports)


def test_a_new_state_lights_everything_and_says_what_the_story_holds(story):
    state = state_of(story)
    assert state.dimmed_reports == frozenset() and state.lit_reports == everyone(story)
    assert state.dimmed_links == frozenset() and state.lit_links == {0, 1, 2}
    assert state.report is None and state.link is None and state.centre is None
    assert state.status == "4 reports, 3 links, 1 distortion(s)"
    assert state.replay_label == "all (2020-01-03)"
    assert state.replay_index == 2


def test_a_report_chosen_by_hand_lights_its_lineage(story):
    state = state_of(story).select_report("x")
    assert state.report == "x" and state.centre == "x"
    assert state.lit_reports == {"x"} and state.dimmed_reports == {"o", "d", "r"}
    assert state.dimmed_links == {0, 1, 2}  # every link joins a dimmed report
    state = state.select_report("d", centre=False)  # a click: the card is in sight
    assert state.centre is None
    assert state.lit_reports == {"o", "d", "r"} and state.dimmed_reports == {"x"}
    assert state.dimmed_links == frozenset()
    with pytest.raises(ProvenanceError, match="no report"):
        state.select_report("nope")


def test_a_selected_link_is_never_dimmed_and_the_lineage_goes(story):
    state = state_of(story).select_report("d").select_link(2)
    assert state.report is None and state.link == 2 and state.lineage is None
    assert state.dimmed_reports == frozenset()
    replayed = state.replay_to(timeline(story)[0])  # d and x are not published yet
    assert replayed.dimmed_reports == {"d", "x"}
    assert replayed.dimmed_links == {0, 1}  # the selected rebuttal r → o stays lit
    assert replayed.select_link(0).dimmed_links == {1}  # o → d lit, d → r dimmed
    with pytest.raises(ProvenanceError, match="no link number 3"):
        state.select_link(3)


def test_deselecting_and_clearing(story):
    state = state_of(story).set_claim("c").select_report("x").search("cats")
    state = state.replay_to(timeline(story)[0])
    assert state.clear_selection().report is None
    assert state.clear_selection().query == "cats"  # the search stays
    cleared = state.clear()
    assert cleared.dimmed_reports == frozenset() and cleared.report is None
    assert cleared.query == "" and cleared.moment is None and cleared.claim == "c"
    assert cleared.status == state_of(story).status


@pytest.fixture
def titled():
    return make_story([report("r1", "a", title="joint strike"),
                       report("r2", "b", title="strike denied"), report("r3", "c")],
                      [link("r1", "r3")])


def test_a_search_lights_every_match_not_the_first_one_s_lineage(titled):
    state = state_of(titled).search("strike")
    assert state.matches == ("r1", "r2") and state.report == "r1" and state.centre == "r1"
    assert state.lineage is None
    assert state.lit_reports == {"r1", "r2"} and state.dimmed_reports == {"r3"}
    assert state.dimmed_links == {0}
    assert state.status == "2 reports match “strike” (Enter: next)"
    assert state_of(titled).search("joint").status == "1 report match “joint”"


def test_enter_walks_the_matches_round_and_round(titled):
    state = state_of(titled).search("strike")
    assert [s.report for s in (state.next_match(), state.next_match().next_match())] == [
        "r2", "r1"]
    assert state.next_match().centre == "r2"
    assert state.select_report("r3").next_match().report == "r1"  # not a match: the first
    nothing = state_of(titled).search("absent")
    assert nothing.next_match().report is None


def test_a_search_without_matches_dims_everything_and_selects_nothing(titled):
    state = state_of(titled).select_report("r1").search("no such words")
    assert state.report is None and state.centre is None
    assert state.dimmed_reports == everyone(titled) and state.lit_reports == frozenset()
    assert state.status == "No report matches “no such words”"


def test_an_empty_query_ends_the_search_and_keeps_the_selection(titled):
    state = state_of(titled).search("strike").search("  ")
    assert not state.searching and state.matches == ()
    assert state.report == "r1"  # still selected, still without its lineage
    assert state.dimmed_reports == frozenset()
    assert state.status == "3 reports, 1 links, 0 distortion(s)"


def test_a_report_picked_during_a_search_lights_what_both_let_through(titled):
    state = state_of(titled).search("strike").select_report("r1")
    assert state.lineage == {"r1", "r3"}
    assert state.lit_reports == {"r1"} and state.dimmed_reports == {"r2", "r3"}


def test_replay_dims_what_was_published_later_but_never_the_undated(story):
    times = timeline(story)
    state = state_of(story).replay_to(times[0])
    assert state.moment == times[0] and state.replay_index == 0
    assert state.dimmed_reports == {"d", "x"} and "r" in state.lit_reports  # r has no date
    assert state.dimmed_links == {0, 1}
    assert state.replay_label == "until 2020-01-01"
    assert state.status == ("Replay: 2 of 4 reports published by 2020-01-01 (undated ones "
                            "always shown)")
    end = state.replay_to(times[-1])
    assert end.moment is None and end.dimmed_reports == frozenset()
    assert end.replay_label == "all (2020-01-03)" and end.replay_index == 2
    assert state.replay_to(None).moment is None
    with pytest.raises(ProvenanceError, match="not a publication time"):
        state.replay_to(provenance.PublicationTime.parse("1999-01-01"))


def test_the_status_names_the_search_and_the_replay_together(story):
    state = state_of(story).search("cats").replay_to(timeline(story)[1])
    assert state.status == ("1 report match “cats”; Replay: 3 of 4 reports published by "
                            "2020-01-02 10:00 Z (undated ones always shown)")
    assert state.dimmed_reports == {"o", "d", "r", "x"}  # x matches but comes later


def test_a_story_without_dates_has_nothing_to_replay():
    state = state_of(make_story([report("r", "a")]))
    assert state.times == () and state.replay_label == "no dates" and state.replay_index == 0


def test_the_claim_lens_greys_without_dimming(story):
    state = state_of(story).set_claim("c")
    assert state.claim == "c" and state.greyed == {"x"}
    assert state.dimmed_reports == frozenset()
    assert state.set_claim(None).greyed == frozenset()
    assert [e.label for e in state.legend()] == [
        e.label for e in legend_entries(story, analyze(story), "c")]
    with pytest.raises(ProvenanceError, match='no claim "zz"'):
        state.set_claim("zz")


def test_keys_walk_from_the_point_of_distortion(story):
    state = state_of(story)
    layout = layout_story(story, state.analysis)
    assert state.navigate(layout, "right").report == "d"  # nothing selected: the point
    walked = state.select_report("o").navigate(layout, "right")
    assert walked.report == "d" and walked.centre == "d" and walked.lineage is not None
    stuck = state.select_report("x", centre=False)
    assert stuck.navigate(layout, "right").report == "x"


def test_select_point_without_a_point_changes_nothing():
    state = state_of(make_story([report("r", "a")]))
    assert state.select_point().report is None
    found = state_of(make_story([report("r", "blog", mention("c", "asserts"), firsthand=False)]))
    assert found.select_point().report == "r"


def test_the_transmitting_link_answers_for_a_pair():
    story = make_story([report("s", "a"), report("t", "b")],
                       [link("s", "t", "rebuts"), link("s", "t", "cites")])
    assert pair_link(story, "s", "t") == 1
    assert pair_link(story, "t", "s") is None
    only = make_story([report("s", "a"), report("t", "b")], [link("s", "t", "rebuts")])
    assert pair_link(only, "s", "t") == 0



_WORDS = ["cats", "wire", "gov", "nothing", "", "claim"]


def _action(story):
    ids = [r.id for r in story.reports]
    times = timeline(story)
    return st.one_of(
        st.sampled_from(ids).map(lambda rid: ("select_report", rid)),
        st.integers(0, len(story.links) - 1).map(lambda i: ("select_link", i)),
        st.sampled_from(_WORDS).map(lambda q: ("search", q)),
        st.just(("next_match",)), st.just(("clear_selection",)), st.just(("select_point",)),
        st.sampled_from([None, *times]).map(lambda t: ("replay_to", t)),
        st.sampled_from([None, "c"]).map(lambda c: ("set_claim", c)),
    )


_STORY = make_story(
    [report("o", "gov", mention("c", "implies"), published="2020-01-01"),
     report("d", "wire", mention("c", "asserts"), published="2020-01-02"),
     report("x", "blog", published="2020-01-03", text="Unrelated text about cats"),
     report("r", "paper", mention("c", "asserts")), report("y", "blog", published="2020-01-02")],
    [link("o", "d"), link("d", "r"), link("r", "o", "rebuts"), link("x", "y")])
_STATE = state_of(_STORY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_action(_STORY), max_size=8))
def test_any_sequence_of_changes_keeps_the_rules(actions):
    state = _STATE
    for name, *args in actions:
        state = getattr(state, name)(*args)
        every = everyone(_STORY)
        assert state.lit_reports | state.dimmed_reports == every
        assert not state.lit_reports & state.dimmed_reports
        assert state.lit_links | state.dimmed_links == set(range(len(_STORY.links)))
        touching = {i for i, k in enumerate(_STORY.links)
                    if {k.source, k.target} & state.dimmed_reports} - {state.link}
        assert state.dimmed_links == touching
        assert state.report is None or state.link is None  # one thing selected at most
        if state.lineage is not None:
            assert state.lit_reports <= lineage(_STORY, state.report).related
        if state.searching:
            assert state.lit_reports <= set(state.matches)
        if state.moment is not None:
            assert not state.lit_reports & published_after(_STORY, state.moment)
        if state.lineage is None and not state.searching and state.moment is None:
            assert state.dimmed_reports == frozenset()
    cleared = state.clear()
    assert cleared.dimmed_reports == frozenset() and cleared.dimmed_links == frozenset()
    assert cleared.report is None and cleared.link is None and cleared.claim == state.claim
    assert cleared.status == _STATE.status
