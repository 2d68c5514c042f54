"""The one description of a picture: cards, links, marks, legend, caption."""

from __future__ import annotations

import attrs
import pytest

from provenance.analysis import analyze
from provenance.drawing import style
from provenance.drawing.layout import layout_story
from provenance.drawing.picture import Picture, describe, picture_changes, prepare
from provenance.edits import add_link, add_report, change_mention, remove_link, remove_report
from provenance.errors import ProvenanceError
from provenance.model import ActorKind, Link, Relation, Report, Stance

from ..conftest import SAMPLES, link, make_story, mention, report


@pytest.fixture
def inflated():
    """An agency implies a claim, a blog states it, a reader repeats it."""
    return make_story(
        [report("agency", "ap", mention("c", "implies"), kind="article",
                published="2017-01-23T12:00:00+03:00", title="A   title\nover lines"),
         report("blog", "blogger", mention("c", "asserts")),
         report("reader", "fan", mention("c", "asserts"))],
        [link("agency", "blog", "paraphrases"), link("blog", "reader", "quotes")])


def test_cards_carry_their_lines_in_order(inflated):
    card = describe(inflated).cards["agency"]
    assert card.lines == ("AP", "article · 2017-01-23 12:00 +03:00", "A title over lines")
    assert card.stance == "c: implies"  # the point of distortion's claim
    assert describe(inflated).cards["reader"].lines == ("FAN", "other")


def test_the_point_of_distortion_is_ringed_and_its_link_carries_the_change(inflated):
    picture = describe(inflated)
    assert picture.marked == "blog" and not picture.estimated
    blog = picture.cards["blog"]
    assert (blog.ring, blog.tag, blog.distorted) == ("point", "point of distortion", True)
    assert blog.look.edge == style.DISTORTION_COLOR
    changed, repeated = picture.links
    assert changed.changes == ("implies → asserts",) and changed.color == style.DISTORTION_COLOR
    assert changed.width == 2.4 and not changed.dashed
    assert repeated.changes == () and repeated.color == style.RELATION_STYLES[Relation.QUOTES].color
    assert picture.caption[0].startswith('Point of distortion: BLOGGER (other) turned "implies"')


def test_cards_are_filled_by_actor_kind_without_a_lens(inflated):
    picture = describe(inflated)
    assert {card.kind for card in picture.cards.values()} == {ActorKind.OTHER}
    assert picture.cards["reader"].look.face == style.ACTOR_COLORS[ActorKind.OTHER]


def test_a_less_certain_link_is_fainter():
    story = make_story([report("a", "x"), report("b", "y")],
                       [link("a", "b", confidence=0.5)])
    (only,) = describe(story).links
    assert only.alpha == style.link_alpha(0.5) < 1
    assert only.relations == ("cites · 0.5",)
    assert "less certain link: fainter" in [e.label for e in describe(story).legend]


def test_of_two_parallel_links_the_transmitting_one_carries_the_label():
    story = make_story(
        [report("s", "a", mention("c", "implies")), report("t", "b", mention("c", "asserts"))],
        [link("s", "t", "rebuts"), link("s", "t", "cites")])
    rebuts, cites = describe(story).links
    assert (rebuts.label, cites.label) == (False, True)
    assert cites.changes == ("implies → asserts",) and rebuts.changes == ()
    assert cites.relations == ("rebuts", "cites") and rebuts.relations == ()
    assert rebuts.dashed and rebuts.color == style.RELATION_STYLES[Relation.REBUTS].color


def test_of_two_parallel_links_the_first_carries_the_label_when_none_transmits():
    story = make_story([report("s", "a"), report("t", "b")],
                       [link("s", "t", "rebuts"), link("s", "t", "corrects")])
    assert [view.label for view in describe(story).links] == [True, False]


def test_the_claim_lens_shows_only_its_claim():
    story = make_story(
        [report("s", "a", mention("c", "implies"), mention("k", "questions")),
         report("t", "b", mention("c", "asserts"), mention("k", "asserts")),
         report("u", "c")],
        [link("s", "t"), link("t", "u")])
    whole = describe(story)
    point = whole.analysis.point_of_distortion
    other = "k" if point.claim == "c" else "c"
    assert sorted(whole.links[0].named_changes) == ["c: implies → asserts",
                                                    "k: questions → asserts"]
    assert sorted(whole.links[0].changes) == ["implies → asserts", "questions → asserts"]
    lens = describe(story, claim="k")
    assert lens.links[0].changes == lens.links[0].named_changes == ("questions → asserts",)
    assert describe(story, claim=other).marked is None  # the point is about the other claim
    assert lens.cards["t"].look.face == style.STANCE_COLORS[Stance.ASSERTS]
    assert lens.cards["u"].look.face == style.GREYED_COLOR
    assert lens.cards["t"].stance == "k: asserts"
    # A link to a report that does not carry the claim steps back.
    assert lens.links[1].alpha == pytest.approx(0.35) and whole.links[1].alpha == 1.0
    assert lens.caption[0] == 'Claim lens: "claim k" — 1 distortion of it'
    assert "does not carry the claim" in [e.label for e in lens.legend]
    with pytest.raises(ProvenanceError, match='unknown claim "nope"'):
        describe(story, claim="nope")


def test_where_a_claim_was_planted_is_framed():
    story = make_story(
        [report("a", "x", mention("c", "questions")), report("b", "y", mention("c", "implies")),
         report("d", "z", mention("c", "asserts"))],
        [link("a", "b"), link("b", "d")])
    picture = describe(story)
    assert picture.marked == "d"
    assert picture.planted and all(picture.cards[r].planted for r in picture.planted
                                   if r != picture.marked)
    planted = next(r for r in picture.planted if r != picture.marked)
    assert picture.cards[planted].tag == "planted here"
    assert "planted (implied first)" in [e.label for e in picture.legend]


@pytest.fixture
def unannotated():
    return make_story(
        [report("paper", "journal", text="Coffee drinking was associated with a lower risk "
                "of liver disease in this observational study."),
         report("release", "office", text="Coffee drinking prevents liver disease, "
                "a new study shows."),
         report("news", "daily", text="Coffee prevents liver disease.")],
        [link("paper", "release"), link("release", "news")])


def test_a_story_with_texts_only_rings_the_likely_point_as_an_estimate(unannotated):
    picture = describe(unannotated)
    assert picture.estimated and picture.estimate is not None
    card = picture.cards[picture.marked]
    assert (card.ring, card.tag) == ("estimate", "likely point (from text)")
    (changed,) = [view for view in picture.links if view.changes]
    assert changed.target == picture.marked and changed.changes[0].endswith("(from text)")
    assert picture.caption[0].startswith("Likely point of distortion, estimated from the words")
    labels = [e.label for e in picture.legend]
    assert "likely point of distortion (estimated from text)" in labels
    # Told there is no estimate, the picture draws none.
    assert describe(unannotated, estimate=None).marked is None


def test_prepare_then_describe_places_every_card(unannotated):
    ready = prepare(unannotated)
    assert ready.words is not None and ready.estimate is not None
    picture = describe(unannotated, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    assert all(card.box is ready.layout.cards[rid] for rid, card in picture.cards.items())
    assert all(view.route is not None and view.route.link == view.index
               for view in picture.links)


def test_a_layout_limits_the_picture_to_what_it_places(inflated):
    analysis = analyze(inflated)
    part = attrs.evolve(inflated, reports=inflated.reports[:2], links=inflated.links[:1])
    picture = describe(part, analysis, layout=layout_story(part, analysis))
    assert list(picture.cards) == ["agency", "blog"] and len(picture.links) == 1


def test_an_untitled_story_is_called_so():
    picture = describe(make_story([report("a", "x")], title=""))
    assert picture.title == "Untitled story" and picture.caption == ("No distortion found",)


def test_the_picture_is_a_plain_value(inflated):
    picture = describe(inflated)
    assert isinstance(picture, Picture)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        picture.marked = None  # type: ignore[misc]
    assert describe(inflated) == picture


def test_every_sample_s_picture_names_each_report(sample):
    picture = describe(sample)
    assert list(picture.cards) == [r.id for r in sample.reports]
    assert len(picture.links) == len(sample.links)


def test_the_syria_sample_s_point_is_ringed_and_tagged(syria):
    picture = describe(syria)
    assert picture.marked == "ap-tweet"
    assert picture.cards["ap-tweet"].tag == "point of distortion"
    assert (SAMPLES / "syria-joint-strike.json").exists()


# --------------------------------------------------------------------------- #
# What an edit changed (picture_changes): what the viewer redraws in place.

def _edited(story, edited):  # type: ignore[no-untyped-def]
    """The pictures before and after an edit, the cards that stay kept in place."""
    before = prepare(story)
    after = prepare(edited, previous=before.layout)
    return (describe(story, before.analysis, layout=before.layout),
            describe(edited, after.analysis, layout=after.layout))


def test_the_same_picture_has_no_changes(inflated):
    ready = prepare(inflated)
    one = describe(inflated, ready.analysis, layout=ready.layout)
    other = describe(inflated, ready.analysis, layout=ready.layout)
    changes = picture_changes(one, other)
    assert changes.unchanged
    assert changes.links_from == (0, 1) and not changes.links_changed


def test_a_stance_edit_changes_its_card_only(inflated):
    edited = change_mention(inflated, "reader", 0, stance=Stance.IMPLIES)
    old, new = _edited(inflated, edited)
    changes = picture_changes(old, new)
    assert changes.changed == ("reader",)  # its stance line
    assert new.cards["reader"].stance == "c: implies"
    assert not changes.added and not changes.removed
    assert changes.links_from == (0, 1) and not changes.links_changed
    assert not changes.unchanged


def test_a_stance_edit_that_makes_a_distortion_changes_its_link(inflated):
    edited = change_mention(inflated, "reader", 0, stance=Stance.DENIES)
    old, new = _edited(inflated, edited)
    changes = picture_changes(old, new)
    assert new.links[1].changes and not old.links[1].changes
    assert 1 in changes.links_changed and not changes.links_rerouted


def test_an_added_report_and_link_are_new_and_nothing_else_moves(inflated):
    edited = add_link(add_report(inflated, Report("late", "fan")), Link("reader", "late"))
    old, new = _edited(inflated, edited)
    changes = picture_changes(old, new)
    assert changes.added == ("late",) and not changes.removed
    assert changes.links_from == (0, 1, None)
    assert not changes.changed and not changes.links_changed


def test_a_link_removed_leaves_the_later_links_matched(inflated):
    edited = remove_link(inflated, 0)
    old, new = _edited(inflated, edited)
    changes = picture_changes(old, new)
    assert changes.links_removed == (0,)
    assert changes.links_from == (1,)  # the blog -> reader link is the same link
    assert new.links[0].index == 0 and old.links[1].index == 1


def test_a_removed_report_takes_its_card_and_links(inflated):
    edited = remove_report(inflated, "reader")
    old, new = _edited(inflated, edited)
    changes = picture_changes(old, new)
    assert changes.removed == ("reader",) and changes.links_removed == (1,)
    assert changes.links_from == (0,)


def test_a_card_laid_out_elsewhere_is_changed_and_its_links_rerouted(inflated):
    ready = prepare(inflated)
    old = describe(inflated, ready.analysis, layout=ready.layout)
    moved = attrs.evolve(ready.layout, cards={
        **ready.layout.cards,
        "reader": attrs.evolve(ready.layout.cards["reader"],
                               x=ready.layout.cards["reader"].x + 50)},
        routes=(ready.layout.routes[0], attrs.evolve(
            ready.layout.routes[1],
            points=tuple((x + 50, y) for x, y in ready.layout.routes[1].points))))
    new = describe(inflated, ready.analysis, layout=moved)
    changes = picture_changes(old, new)
    assert changes.changed == ("reader",)
    assert changes.links_changed == changes.links_rerouted == (1,)


def test_the_point_moving_changes_the_marks_and_the_caption(inflated):
    edited = change_mention(inflated, "blog", 0, stance=Stance.IMPLIES)
    old, new = _edited(inflated, edited)
    changes = picture_changes(old, new)
    assert old.marked == "blog" and new.marked != "blog"
    assert changes.marks and changes.caption
    assert "blog" in changes.changed  # its ring is gone
