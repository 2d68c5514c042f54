"""The layout: deterministic, time left to right, rebuttals beside their target, no overlaps."""

from __future__ import annotations

import random

import attrs
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import ProvenanceError
from provenance.drawing.layout import (
    CARD_HEIGHT,
    CARD_WIDTH,
    MARK_ROOM,
    ROW_GAP,
    Layout,
    layout_story,
    relayout,
)
from provenance.graph import story_graph
from provenance.model import (
    Actor,
    Claim,
    ClaimMention,
    Link,
    PublicationTime,
    Relation,
    Report,
    Stance,
    Story,
)
from tests.test_edits import random_edit


def story_of(reports: list[Report], links: list[Link] = ()) -> Story:  # type: ignore[assignment]
    return Story("T", actors=[Actor("a", "Agency")], claims=[Claim("c", "claim c")],
                 reports=reports, links=links)


def dated(rid: str, when: str | None = None, *mentions: ClaimMention) -> Report:
    published = PublicationTime.parse(when) if when is not None else None
    return Report(rid, "a", published=published, claims=mentions)


def overlapping(layout: Layout) -> list[tuple[str, str]]:
    cards = list(layout.cards.values())
    found = []
    for i, a in enumerate(cards):
        for b in cards[i + 1:]:
            if (a.x < b.x + b.width - 1e-6 and b.x < a.x + a.width - 1e-6
                    and a.y < b.y + b.height - 1e-6 and b.y < a.y + a.height - 1e-6):
                found.append((a.report, b.report))
    return found


def check_routes(story: Story, layout: Layout) -> None:
    drawable = [k for k in story.links
                if k.source in layout.cards and k.target in layout.cards and k.source != k.target]
    assert [(r.source, r.target) for r in layout.routes] == [(k.source, k.target)
                                                              for k in drawable]
    for route, link in zip(layout.routes, drawable, strict=True):
        assert route.relation is link.relation
        assert route.confidence == link.confidence
        source, target = layout.cards[route.source], layout.cards[route.target]
        (x0, y0), (x1, y1) = route.points[0], route.points[-1]
        assert x0 == source.x + source.width and source.y < y0 < source.y + source.height
        assert x1 == target.x and target.y < y1 < target.y + target.height
        for x, y in route.points:
            assert -1e-6 <= x <= layout.width + 1e-6
            assert -1e-6 <= y <= layout.height + 1e-6


def test_empty_story() -> None:
    layout = layout_story(Story("Nothing"))
    assert layout == Layout({}, (), 0.0, 0.0)


def test_one_report() -> None:
    layout = layout_story(story_of([dated("only")]))
    card = layout.cards["only"]
    assert (card.x, card.y, card.width, card.height, card.layer) == (0, 0, CARD_WIDTH,
                                                                     CARD_HEIGHT, 0)
    assert (layout.width, layout.height) == (CARD_WIDTH, CARD_HEIGHT)
    assert layout.center("only") == (CARD_WIDTH / 2, CARD_HEIGHT / 2)


def test_center_of_unknown_report() -> None:
    with pytest.raises(ProvenanceError, match="nope"):
        layout_story(story_of([dated("x")])).center("nope")


def test_same_story_same_layout(syria: Story) -> None:
    first = layout_story(syria)
    assert layout_story(syria) == first
    reloaded = provenance.loads(provenance.dumps(syria))
    assert layout_story(reloaded) == first
    analysis = provenance.analyze(syria)
    assert layout_story(syria, analysis) == layout_story(reloaded, provenance.analyze(reloaded))


def test_links_go_left_to_right(syria: Story) -> None:
    layout = layout_story(syria)
    for link in syria.links:
        assert layout.cards[link.source].layer < layout.cards[link.target].layer
        assert layout.cards[link.source].x + CARD_WIDTH < layout.cards[link.target].x
    assert overlapping(layout) == []
    check_routes(syria, layout)


def test_publication_time_flows_left_to_right() -> None:
    # Listed out of order, no links: the dates alone decide the columns.
    reports = [
        dated("day3", "2017-01-25"),
        dated("day1", "2017-01-23"),
        dated("day2-morning", "2017-01-24T08:00:00+03:00"),
        dated("year", "2017"),  # could be any day of 2017: no constraint either way
        dated("day2-evening", "2017-01-24T20:00:00Z"),
        dated("undated"),
    ]
    layout = layout_story(story_of(reports))
    x = {rid: card.x for rid, card in layout.cards.items()}
    assert x["day1"] <= x["day2-morning"] <= x["day2-evening"] <= x["day3"]
    assert x["day1"] < x["day3"] or layout.cards["day1"].layer <= layout.cards["day3"].layer
    assert overlapping(layout) == []


def test_partial_dates_against_times() -> None:
    # A bare date is before any time on a later day, whatever the zone; the same day
    # is not ordered against a time on it.
    day = dated("day", "2017-01-22")
    late = dated("late", "2017-01-23T00:30:00+03:00")  # 2017-01-22 21:30 UTC
    source = dated("source")
    layout = layout_story(story_of([late, day, source], [Link("source", "late")]))
    assert layout.cards["day"].layer <= layout.cards["late"].layer


def test_time_pushes_reports_right_of_earlier_chains() -> None:
    reports = [dated("a", "2017-01-01"), dated("b", "2017-01-01"), dated("c", "2017-01-01"),
               dated("later", "2017-01-05")]
    links = [Link("a", "b"), Link("b", "c")]
    layout = layout_story(story_of(reports, links))
    assert [layout.cards[r].layer for r in ("a", "b", "c")] == [0, 1, 2]
    assert layout.cards["later"].layer >= 2


def test_links_win_over_contradicting_dates() -> None:
    # "copy" is dated before its source: the link decides, the layout still completes.
    reports = [dated("copy", "2017-01-01"), dated("source", "2017-01-09")]
    layout = layout_story(story_of(reports, [Link("source", "copy", Relation.QUOTES)]))
    assert layout.cards["source"].layer < layout.cards["copy"].layer


def test_undated_source_moves_next_to_what_it_feeds() -> None:
    reports = [dated(r) for r in ("a", "b", "c", "d", "lone")]
    links = [Link("a", "b"), Link("b", "c"), Link("c", "d"), Link("lone", "d")]
    layout = layout_story(story_of(reports, links))
    assert layout.cards["lone"].layer == layout.cards["d"].layer - 1


def test_rebuttal_sits_beside_what_it_rebuts() -> None:
    reports = [dated(r) for r in ("origin", "x1", "x2", "x3", "claim", "y1", "y2", "rebuttal")]
    links = [Link("origin", "x1"), Link("origin", "x2"), Link("origin", "x3"),
             Link("x1", "y1"), Link("x2", "y2"), Link("x3", "claim"),
             Link("claim", "rebuttal", Relation.REBUTS)]
    layout = layout_story(story_of(reports, links))
    claim, rebuttal = layout.cards["claim"], layout.cards["rebuttal"]
    assert rebuttal.layer - claim.layer in (0, 1)
    assert abs(layout.center("rebuttal")[1] - layout.center("claim")[1]) <= CARD_HEIGHT + ROW_GAP
    assert overlapping(layout) == []


def test_rebuttals_in_syria_sample(syria: Story) -> None:
    layout = layout_story(syria)
    for link in syria.links:
        if link.relation is Relation.REBUTS:
            source, target = layout.cards[link.source], layout.cards[link.target]
            assert target.layer - source.layer in (0, 1)
            dy = abs(layout.center(link.source)[1] - layout.center(link.target)[1])
            assert dy <= 1.5 * (CARD_HEIGHT + ROW_GAP)


@pytest.mark.parametrize("size", [2, 3, 7])
def test_cycles(size: int) -> None:
    ids = [f"blog{i}" for i in range(size)]
    links = [Link(ids[i], ids[(i + 1) % size], Relation.CITES) for i in range(size)]
    story = story_of([dated(r) for r in ids], links)
    layout = layout_story(story)
    assert set(layout.cards) == set(ids)
    assert overlapping(layout) == []
    check_routes(story, layout)
    # The loop is broken in story order: all links but the last go right.
    layers = [layout.cards[r].layer for r in ids]
    assert layers == sorted(layers) and len(set(layers)) == size


def test_cycle_is_broken_at_the_earliest_report() -> None:
    links = [Link("late", "early"), Link("early", "late")]
    story = story_of([dated("late", "2017-02-01"), dated("early", "2017-01-01")], links)
    layout = layout_story(story)
    assert layout.cards["early"].layer < layout.cards["late"].layer


def test_unconnected_parts_do_not_interleave() -> None:
    reports = [dated(r) for r in ("a1", "a2", "b1", "b2", "b3", "c")]
    links = [Link("a1", "a2"), Link("b1", "b2"), Link("b2", "b3")]
    layout = layout_story(story_of(reports, links))
    assert overlapping(layout) == []
    # The bigger part is on top in every column.
    assert layout.cards["b1"].y < layout.cards["a1"].y
    assert layout.cards["b2"].y < layout.cards["a2"].y


def test_point_of_distortion_part_on_top_with_room_for_its_label() -> None:
    reports = [
        dated("o1", None, ClaimMention("c", Stance.ASSERTS)),
        dated("f1", None, ClaimMention("c", Stance.ASSERTS)),
        dated("f2", None, ClaimMention("c", Stance.ASSERTS)),
        dated("p1", None, ClaimMention("c", Stance.IMPLIES)),
        dated("p2", None, ClaimMention("c", Stance.ASSERTS)),
    ]
    story = story_of(reports, [Link("o1", "f1"), Link("f1", "f2"), Link("p1", "p2")])
    analysis = provenance.analyze(story)
    assert analysis.point_of_distortion is not None
    assert analysis.point_of_distortion.report == "p2"
    layout = layout_story(story, analysis)
    assert layout.cards["p2"].y < layout.cards["f1"].y
    assert layout.cards["p2"].y >= MARK_ROOM


def test_links_to_missing_reports_are_left_out() -> None:
    story = story_of([dated("a"), dated("b")],
                     [Link("a", "b"), Link("a", "ghost"), Link("a", "a")])
    layout = layout_story(story)
    assert [(r.source, r.target) for r in layout.routes] == [("a", "b")]


def test_duplicate_report_id_is_laid_out_once() -> None:
    layout = layout_story(story_of([dated("a"), dated("a"), dated("b")], [Link("a", "b")]))
    assert list(layout.cards) == ["a", "b"]


def cascade(n: int, seed: int = 0) -> Story:
    rng = random.Random(seed)
    reports = [dated(f"r{i}") for i in range(n)]
    links = []
    for i in range(1, n):
        for s in rng.sample(range(i), min(i, rng.randint(1, 3))):
            links.append(Link(f"r{s}", f"r{i}", rng.choice(list(Relation))))
    return story_of(reports, links)


def test_ten_thousand_reports() -> None:
    story = cascade(10_000)
    layout = layout_story(story)
    assert len(layout.cards) == 10_000
    assert len(layout.routes) == len(story.links)
    # No overlaps: within one column, cards are apart (a lane may run between two).
    columns: dict[int, list[float]] = {}
    for card in layout.cards.values():
        columns.setdefault(card.layer, []).append(card.y)
    for ys in columns.values():
        ys.sort()
        assert all(b - a > CARD_HEIGHT for a, b in zip(ys, ys[1:], strict=False))
    for link in story.links:
        assert layout.cards[link.source].layer < layout.cards[link.target].layer


# --------------------------------------------------------------------------- #
# Random stories: cycles, empty stories, unconnected parts, one report.

TIMES = ["2017", "2017-01", "2017-01-23", "2017-01-24", "2017-01-23T12:00",
         "2017-01-23T12:00:00+03:00", "2017-01-23T12:00:00.5Z", "2016-12-31T23:59:59-05:00"]


@st.composite
def stories(draw: st.DrawFn) -> tuple[Story, bool]:
    n = draw(st.integers(0, 14))
    ids = [f"r{i}" for i in range(n)]
    reports = []
    for rid in ids:
        when = draw(st.none() | st.sampled_from(TIMES))
        stance = draw(st.none() | st.sampled_from(list(Stance)))
        mentions = () if stance is None else (ClaimMention("c", stance),)
        reports.append(dated(rid, when, *mentions))
    links = []
    if n >= 2:
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(
            lambda p: p[0] != p[1]), max_size=3 * n))
        for s, t in pairs:
            links.append(Link(ids[s], ids[t], draw(st.sampled_from(list(Relation))),
                              confidence=draw(st.sampled_from([1.0, 0.5, 0.0]))))
    return story_of(reports, links), draw(st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_random_stories(case: tuple[Story, bool]) -> None:
    story, with_analysis = case
    analysis = provenance.analyze(story) if with_analysis else None
    layout = layout_story(story, analysis)
    assert layout == layout_story(story, analysis)
    assert list(layout.cards) == [r.id for r in story.reports]
    assert overlapping(layout) == []
    check_routes(story, layout)
    for card in layout.cards.values():
        assert (card.width, card.height) == (CARD_WIDTH, CARD_HEIGHT)
        assert card.x >= 0 and card.x + card.width <= layout.width + 1e-6
        assert card.y >= 0 and card.y + card.height <= layout.height + 1e-6
    graph = story_graph(story)
    if nx.is_directed_acyclic_graph(graph):
        for link in story.links:
            assert layout.cards[link.source].layer < layout.cards[link.target].layer
    if not story.links:
        times = {r.id: r.published for r in story.reports if r.published is not None}
        for a, ta in times.items():
            for b, tb in times.items():
                if ta.definitely_before(tb):
                    assert layout.cards[a].layer <= layout.cards[b].layer, (a, b)
    point = analysis.point_of_distortion if analysis is not None else None
    if point is not None:
        card = layout.cards[point.report]
        assert card.y >= MARK_ROOM - 1e-6
        for other in layout.cards.values():
            if other is not card and other.layer == card.layer:
                assert not (other.y < card.y and other.y + other.height > card.y - MARK_ROOM)


def test_each_route_names_its_link() -> None:
    from tests.conftest import link, make_story, report

    story = make_story([report("a", "x"), report("b", "y"), report("c", "z")],
                       [link("a", "b"), link("b", "c", "quotes"), link("a", "c")])
    layout = layout_story(story)
    assert [route.link for route in layout.routes] == [0, 1, 2]
    for route in layout.routes:
        linked = story.links[route.link]
        assert (linked.source, linked.target, linked.relation) == (
            route.source, route.target, route.relation)


# --------------------------------------------------------------------------- #
# Relayout after an edit: the cards that stay do not move.

def assert_kept(before: Layout, after: Layout) -> None:
    for rid, card in after.cards.items():
        if rid in before.cards:
            assert card == before.cards[rid], rid


def respread(layout: Layout) -> list[tuple[tuple[float, float], ...]]:
    """Every route's points with the ends at every card spread afresh (the reference for
    relayout, which spreads again only the ends at cards whose links changed)."""
    from provenance.drawing.layout import _spread_ports

    ids = {rid: i for i, rid in enumerate(layout.cards)}
    raw, links = [], []
    for route in layout.routes:
        pts = list(route.points)
        y0, y1 = layout.center(route.source)[1], layout.center(route.target)[1]
        pts[0] = (pts[0][0], y0)
        if len(pts) > 2 and pts[2][0] == pts[1][0]:
            pts[1] = (pts[1][0], y0)
        pts[-1] = (pts[-1][0], y1)
        if len(pts) > 2 and pts[-3][0] == pts[-2][0]:
            pts[-2] = (pts[-2][0], y1)
        raw.append((route.link, pts))
        links.append((route.link, ids[route.source], ids[route.target]))
    _spread_ports(raw, links)
    return [tuple(pts) for _, pts in raw]


def check_relayout(story: Story, before: Layout, after: Layout) -> None:
    assert list(after.cards) == list(dict.fromkeys(r.id for r in story.reports))
    assert [route.points for route in after.routes] == respread(after)
    assert_kept(before, after)
    assert overlapping(after) == []
    # A link that runs across a column does so between its cards, not through one.
    for route in after.routes:
        for (x0, y0), (x1, y1) in zip(route.points, route.points[1:], strict=False):
            if y0 != y1:
                continue
            for card in after.cards.values():
                if min(x0, x1) <= card.x and card.x + card.width <= max(x0, x1):
                    assert not card.y < y0 < card.y + card.height, (route, card)
    check_routes(story, after)
    for card in after.cards.values():
        assert card.x >= 0 and card.x + card.width <= after.width + 1e-6
        assert card.y >= 0 and card.y + card.height <= after.height + 1e-6


def test_adding_a_report_leaves_every_other_card_where_it_was(syria: Story) -> None:
    from provenance import edits

    analysis = provenance.analyze(syria)
    before = layout_story(syria, analysis)
    source = syria.reports[len(syria.reports) // 2].id
    grown = edits.add_report(syria, Report("new", syria.reports[0].actor))
    grown = edits.add_link(grown, Link(source, "new", Relation.QUOTES))
    after = layout_story(grown, provenance.analyze(grown), previous=before)
    check_relayout(grown, before, after)
    assert after.cards["new"].layer == before.cards[source].layer + 1
    # Routes between cards that stayed keep their paths (between their ends).
    old = {(r.source, r.target): r.points[1:-1] for r in before.routes}
    for route in after.routes:
        if "new" not in (route.source, route.target) and source not in (route.source,
                                                                         route.target):
            assert route.points[1:-1] == old[(route.source, route.target)]


def test_removing_a_report_leaves_its_place_empty(syria: Story) -> None:
    from provenance import edits

    before = layout_story(syria)
    gone = syria.reports[1].id
    smaller = edits.remove_report(syria, gone)
    after = relayout(before, smaller)
    check_relayout(smaller, before, after)
    assert gone not in after.cards and len(after.cards) == len(before.cards) - 1


def test_a_new_report_with_no_links_goes_below_its_column_by_its_date() -> None:
    story = story_of([dated("a", "2017-01-01"), dated("b", "2017-01-02"),
                      dated("c", "2017-01-03")], [Link("a", "b"), Link("b", "c")])
    before = layout_story(story)
    later = Story("T", actors=story.actors, claims=story.claims,
                  reports=story.reports + (dated("d", "2017-01-02T12:00Z"),), links=story.links)
    after = relayout(before, later)
    check_relayout(later, before, after)
    assert after.cards["d"].layer == after.cards["b"].layer
    assert after.cards["d"].y >= after.cards["b"].y + CARD_HEIGHT + ROW_GAP


def test_a_link_within_one_column_and_backwards_is_routed_around_cards() -> None:
    story = story_of([dated("a"), dated("b"), dated("c"), dated("d")],
                     [Link("a", "b"), Link("a", "c"), Link("b", "d")])
    before = layout_story(story)
    assert before.cards["b"].layer == before.cards["c"].layer
    linked = Story("T", actors=story.actors, claims=story.claims, reports=story.reports,
                   links=story.links + (Link("b", "c"), Link("d", "a")))
    after = relayout(before, linked)
    check_relayout(linked, before, after)
    assert after.cards == before.cards


def test_a_renamed_report_keeps_its_card(syria: Story) -> None:
    from provenance import edits

    before = layout_story(syria)
    old = syria.reports[2].id
    renamed = edits.change_report(syria, old, id="renamed")
    after = relayout(before, renamed, renamed={old: "renamed"})
    check_relayout(renamed, before, after)
    assert after.cards["renamed"] == attrs.evolve(before.cards[old], report="renamed")
    assert [r.points for r in after.routes] == [r.points for r in before.routes]


def test_relayout_of_an_empty_layout_lays_out_afresh(syria: Story) -> None:
    assert relayout(Layout({}, (), 0.0, 0.0), syria) == layout_story(syria)
    assert relayout(layout_story(syria), Story("Nothing")) == Layout({}, (), 0.0, 0.0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_relayout_of_an_unchanged_story_changes_nothing(case: tuple[Story, bool]) -> None:
    story, with_analysis = case
    analysis = provenance.analyze(story) if with_analysis else None
    layout = layout_story(story, analysis)
    assert relayout(layout, story, analysis) == layout


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(stories(), st.data())
def test_random_small_edits_keep_the_cards_that_stay(case: tuple[Story, bool],
                                                      data: st.DataObject) -> None:
    story, with_analysis = case
    analysis = provenance.analyze(story) if with_analysis else None
    layout = layout_story(story, analysis)
    for _ in range(data.draw(st.integers(1, 5))):
        story = random_edit(data, story)
        analysis = provenance.analyze(story) if with_analysis else None
        after = relayout(layout, story, analysis)
        check_relayout(story, layout, after)
        layout = after
