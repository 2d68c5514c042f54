"""Relayout after an edit: the cards that stay do not move."""


from __future__ import annotations

import attrs
import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance.drawing.layout import (
    CARD_HEIGHT,
    ROW_GAP,
    Layout,
    layout_story,
)
from provenance.drawing.relayout import relayout
from provenance.model import (
    Link,
    Relation,
    Report,
    Story,
)
from tests.drawing.test_layout import check_routes, dated, overlapping, stories, story_of
from tests.test_edits import random_edit


def assert_kept(before: Layout, after: Layout) -> None:
    """Every card that stays keeps its place, but for the target of a link that would
    run within one column: it goes to the column after a source of it."""
    for rid, card in after.cards.items():
        if rid in before.cards and card != before.cards[rid]:
            sources = {after.cards[r.source].layer for r in after.routes if r.target == rid}
            assert card.layer > before.cards[rid].layer, rid
            assert card.layer - 1 in sources, rid
    old_routes = {route.points for route in before.routes}
    graph = nx.MultiDiGraph([(r.source, r.target, r.link) for r in after.routes])
    for route in after.routes:
        if route.points in old_routes or route.source == route.target:
            continue
        if after.cards[route.source].layer >= after.cards[route.target].layer:
            # Only a link that closes a cycle runs backwards.
            without = graph.copy()
            without.remove_edge(route.source, route.target, key=route.link)
            assert nx.has_path(without, route.target, route.source), route


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
    after = relayout(before, grown, provenance.analyze(grown))
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


def test_a_backwards_link_is_routed_around_cards_and_keeps_them() -> None:
    story = story_of([dated("a"), dated("b"), dated("c"), dated("d")],
                     [Link("a", "b"), Link("a", "c"), Link("b", "d")])
    before = layout_story(story)
    linked = Story("T", actors=story.actors, claims=story.claims, reports=story.reports,
                   links=story.links + (Link("d", "a"),))
    after = relayout(before, linked)
    check_relayout(linked, before, after)
    assert after.cards == before.cards


def test_a_new_link_within_one_column_moves_its_target_after_its_source() -> None:
    story = story_of([dated("a"), dated("b"), dated("c"), dated("d")],
                     [Link("a", "b"), Link("a", "c"), Link("b", "d")])
    before = layout_story(story)
    assert before.cards["b"].layer == before.cards["c"].layer
    linked = Story("T", actors=story.actors, claims=story.claims, reports=story.reports,
                   links=story.links + (Link("b", "c"),))
    after = relayout(before, linked)
    check_relayout(linked, before, after)
    assert after.cards["c"].layer == after.cards["b"].layer + 1
    route = next(r for r in after.routes if (r.source, r.target) == ("b", "c"))
    assert route.points[0][0] < route.points[-1][0]  # left to right, with the flow
    assert all(after.cards[r] == before.cards[r] for r in ("a", "b", "d"))


def test_cards_added_one_by_one_then_linked_run_left_to_right() -> None:
    """The editor's way: each new report lands in the first column, then a drag links
    them; each link's target goes after its source, and its own targets after it."""
    chain = [dated(r) for r in "abcd"]
    layout = layout_story(story_of(chain[:1], []))
    story = story_of(chain, [])
    layout = relayout(layout, story)
    assert {card.layer for card in layout.cards.values()} == {0}
    links: tuple[Link, ...] = ()
    for source, target in (("c", "d"), ("a", "b"), ("b", "c")):
        links += (Link(source, target),)
        linked = Story("T", actors=story.actors, claims=story.claims, reports=story.reports,
                       links=links)
        after = relayout(layout, linked)
        check_relayout(linked, layout, after)
        layout = after
    assert [layout.cards[r].layer for r in "abcd"] == [0, 1, 2, 3]
    for route in layout.routes:
        assert route.points[0][0] < route.points[-1][0], route


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
