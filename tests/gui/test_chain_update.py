"""After an edit the chain is updated in place: the same items for what did not change,
the changed cards redrawn, new reports and links added, removed ones taken away, the
view left where it was; and the items always say what a freshly built scene says."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

from provenance import load
from provenance.drawing.picture import describe
from provenance.edits import (
    add_link,
    add_report,
    change_mention,
    change_report,
    next_id,
    remove_link,
    remove_report,
)
from provenance.errors import EditError
from provenance.model import Link, Report, Stance
from provenance_gui.chain import ChainScene, ReportItem

from ..conftest import SAMPLES

OPENED = load(SAMPLES / "syria-joint-strike.json")


@pytest.fixture
def window(window):  # type: ignore[no-untyped-def]
    """The Syria sample's window, whose edits are given up when it closes."""
    window.ask_unsaved = lambda: "discard"
    return window


def _color(brush_or_pen) -> str:  # type: ignore[no-untyped-def]
    return brush_or_pen.color().name(brush_or_pen.color().NameFormat.HexArgb)


def _mark(item) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    if isinstance(item, QGraphicsSimpleTextItem):
        return ("tag", item.text(), item.pos().toTuple(), item.isVisible())
    assert isinstance(item, QGraphicsRectItem)
    return ("frame", item.rect().getRect(), _color(item.pen()), item.pen().style(),
            item.isVisible(), item.opacity())


def drawn(scene: ChainScene) -> dict[str, object]:
    """What the scene draws: every card, link and mark as the user sees it."""
    cards = {rid: (item.pos().toTuple(), item.rect().getRect(), tuple(item.lines),
                   item.stance, _color(item.brush()), _color(item.pen()), item.pen().widthF(),
                   item.zValue(), item.opacity(), item.scene() is scene)
             for rid, item in scene.reports.items()}
    links = []
    for item in scene.link_items:
        path = item.path()
        links.append((item.key, item.relation,
                      tuple(path.elementAt(i).x for i in range(path.elementCount())),
                      tuple(path.elementAt(i).y for i in range(path.elementCount())),
                      _color(item.pen()), item.pen().widthF(), item.pen().style(),
                      item.zValue(), item.opacity(), item.change,
                      item.label.label if item.label is not None else None,
                      item.scene() is scene))
    labels = {key: scene.link_items.index(item) for key, item in scene.links.items()}
    marks = {rid: sorted(map(_mark, items), key=repr) for rid, items in scene.marks.items()}
    marks["satire tags"] = sorted((rid, tag.pos().toTuple(), tag.opacity(), tag.scene() is scene)
                                  for rid, tag in scene.satire_tags.items())
    kinds = Counter(type(item).__name__ for item in scene.items())
    return {"cards": cards, "links": links, "labels": labels, "marks": marks,
            "kinds": kinds, "rect": scene.sceneRect().getRect(),
            "point": scene.point_marker is not None}


def fresh(window) -> ChainScene:  # type: ignore[no-untyped-def]
    """A scene built afresh for what the window shows."""
    picture = describe(window.story, window.analysis, layout=window.layout)
    return ChainScene(window.story, window.analysis, window.layout, picture=picture)


def card_items(window) -> dict[str, ReportItem]:  # type: ignore[no-untyped-def]
    return dict(window.scene.reports)


def test_a_stance_edit_redraws_its_card_and_keeps_every_item(window):
    scene = window.scene
    before_cards = card_items(window)
    before_links = list(scene.link_items)
    transform, centre = window.view.transform(), window.view.mapToScene(
        window.view.viewport().rect().center())
    story = window.document.story
    assert before_cards["headlines"].stance == "coalition-jets: attributes"
    window.edit_story(change_mention(story, "headlines", 0, stance=Stance.ASSERTS),
                      "stance")
    assert window.scene is scene  # not a new scene
    assert card_items(window) == before_cards
    assert all(a is b for a, b in zip(card_items(window).values(), before_cards.values(),
                                      strict=True))
    assert all(a is b for a, b in zip(scene.link_items, before_links, strict=True))
    assert scene.reports["headlines"].stance == "coalition-jets: asserts"
    assert window.view.transform() == transform
    assert window.view.mapToScene(window.view.viewport().rect().center()) == centre
    window.document.stack.undo()
    assert scene.reports["headlines"].stance == "coalition-jets: attributes"
    assert window.scene is scene and card_items(window) == before_cards
    assert drawn(scene) == drawn(fresh(window))


def test_an_added_report_gets_a_card_and_a_removed_one_loses_it(window):
    scene = window.scene
    before = card_items(window)
    story = window.document.story
    added = add_link(add_report(story, Report("new-report", "ap", title="Fresh")),
                     Link("ap-tweet", "new-report"))
    window.edit_story(added, "add")
    new_card = scene.reports["new-report"]
    assert new_card.scene() is scene and "Fresh" in new_card.lines
    assert ("ap-tweet", "new-report") in scene.links
    assert all(scene.reports[rid] is item for rid, item in before.items())
    # The cards that were there stay where they were.
    assert all(scene.reports[rid].pos() == item.pos() for rid, item in before.items())
    assert drawn(scene) == drawn(fresh(window))

    window.edit_story(remove_report(window.document.story, "daily-beast-account"), "remove")
    gone = before["daily-beast-account"]
    assert "daily-beast-account" not in scene.reports
    assert gone.scene() is None
    assert not [key for key in scene.links if "daily-beast-account" in key]
    assert drawn(scene) == drawn(fresh(window))

    window.document.stack.undo()  # the removed report comes back
    assert scene.reports["daily-beast-account"].scene() is scene
    window.document.stack.undo()  # and the added one goes
    assert "new-report" not in scene.reports and new_card.scene() is None
    assert window.document.story == story
    assert drawn(scene) == drawn(fresh(window))


def test_a_report_made_satire_gets_its_tag_in_place_and_loses_it_on_undo(window):
    from provenance.model import Genre

    scene = window.scene
    assert scene.satire_tags == {}
    window.edit_story(change_report(window.document.story, "ap-tweet", genre=Genre.SATIRE),
                      "genre")
    assert window.scene is scene
    tag = scene.satire_tags["ap-tweet"]
    assert tag.scene() is scene and tag.text() == "SATIRE"
    assert drawn(scene) == drawn(fresh(window))
    window.document.stack.undo()
    assert scene.satire_tags == {} and tag.scene() is None
    assert drawn(scene) == drawn(fresh(window))


def test_an_edit_that_moves_the_point_of_distortion_moves_its_ring(window):
    scene = window.scene
    assert scene.picture.marked == "ap-tweet"
    story = window.document.story
    # AP no longer changes the claim: the point moves on (or there is none).
    edited = change_mention(story, "ap-tweet", 0, stance=Stance.IMPLIES)
    window.edit_story(edited, "stance")
    assert scene.picture.marked != "ap-tweet"
    assert "ap-tweet" not in scene.marks or not any(
        isinstance(m, QGraphicsSimpleTextItem) for m in scene.marks["ap-tweet"])
    assert drawn(scene) == drawn(fresh(window))
    window.document.stack.undo()
    assert scene.picture.marked == "ap-tweet" and scene.point_marker is not None
    assert drawn(scene) == drawn(fresh(window))


def test_a_selected_report_removed_leaves_nothing_selected(window):
    window.select_report("daily-beast-account")
    window.edit_story(remove_report(window.document.story, "daily-beast-account"), "remove")
    assert window.state.report is None
    assert not window.scene.selectedItems()
    assert window.inspector.currentWidget() is window.inspector.empty


def test_an_edit_in_a_claim_lens_keeps_the_lens(window):
    window.set_claim_lens("coalition-jets")
    window.edit_story(change_mention(window.document.story, "headlines", 0,
                                     stance=Stance.ASSERTS), "stance")
    assert window.claim == "coalition-jets"
    lens = describe(window.story, window.analysis, layout=window.layout,
                    claim="coalition-jets", estimate=None)
    scene = window.scene
    for rid, view in lens.cards.items():
        assert scene.reports[rid].look == view.look
        assert scene.reports[rid].stance == view.stance
    for item, view in zip(scene.link_items, lens.links, strict=True):
        assert item.view == view
    window.set_claim_lens(None)
    assert drawn(scene) == drawn(fresh(window))


STANCES = [Stance.ASSERTS, Stance.ATTRIBUTES, Stance.IMPLIES, Stance.DENIES]

edit_steps = st.lists(st.tuples(st.sampled_from(["stance", "title", "add", "remove", "link",
                                                 "unlink", "undo"]),
                                st.integers(0, 1000), st.text(max_size=4)),
                      min_size=1, max_size=10)


def apply(window, step) -> None:  # type: ignore[no-untyped-def]
    kind, n, text = step
    story = window.document.story
    ids = [r.id for r in story.reports]
    rid = ids[n % len(ids)] if ids else None
    if kind == "undo":
        window.document.stack.undo()
        return
    after = story
    if kind == "stance" and rid and story.report(rid).claims:
        after = change_mention(story, rid, 0, stance=STANCES[n % len(STANCES)])
    elif kind == "title" and rid:
        after = change_report(story, rid, title=text or None)
    elif kind == "add":
        new = next_id(ids, "r")
        after = add_report(story, Report(new, story.actors[n % len(story.actors)].id))
        if ids:
            after = add_link(after, Link(ids[n % len(ids)], new))
    elif kind == "remove" and rid and len(ids) > 2:
        after = remove_report(story, rid)
    elif kind == "link" and len(ids) > 1:
        after = add_link(story, Link(rid, ids[(n + 1) % len(ids)]))
    elif kind == "unlink" and story.links:
        after = remove_link(story, n % len(story.links))
    window.edit_story(after, kind)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=edit_steps)
def test_after_any_edits_the_scene_draws_what_a_fresh_one_draws(window, steps):
    window.set_story(OPENED)
    scene = window.scene
    for step in steps:
        try:
            apply(window, step)
        except EditError:
            continue  # a refused edit changes nothing
        assert window.scene is scene
        assert drawn(scene) == drawn(fresh(window))
    while window.document.stack.canUndo():
        window.document.stack.undo()
    assert window.document.story == OPENED
    assert drawn(scene) == drawn(fresh(window))
