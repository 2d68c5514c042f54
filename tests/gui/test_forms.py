"""Editing in the viewer, both ways: the user's action changes the story, a story change
shows in the forms and the chain. Each edit undoes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from provenance import load
from provenance.edits import add_report, change_report
from provenance.model import Report
from provenance_gui.editor import RECOVERY_DIR_VARIABLE

from ..conftest import SAMPLES

SYRIA = SAMPLES / "syria-joint-strike.json"


@pytest.fixture(autouse=True)
def _recovery(tmp_path, monkeypatch):
    monkeypatch.setenv(RECOVERY_DIR_VARIABLE, str(tmp_path / "recovery"))


@pytest.fixture
def editor(window, monkeypatch):
    window.ask_unsaved = lambda: "discard"
    return window


def card_point(window, report_id):
    item = window.scene.reports[report_id]
    window.view.centerOn(item)
    return window.view.mapFromScene(item.sceneBoundingRect().center())


def test_typing_a_title_edits_the_report_in_one_undo_step(qtbot, editor):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    assert editor.edit_panel.current_form() is form
    before = editor.document.story
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Pentagon denies")
    assert editor.document.story.report("dod-statement").title == "Pentagon denies"
    assert editor.document.stack.count() == 1  # the keystrokes merged
    assert editor.inspector.report.title.text() == "Pentagon denies"  # the inspector follows
    assert form.title.text() == "Pentagon denies"  # not reset while typing
    editor.undo_action.trigger()
    assert editor.document.story == before


def test_a_story_change_shows_in_the_form(editor):
    editor.select_report("dod-statement")
    story = change_report(editor.document.story, "dod-statement", title="New title",
                          language="en", published="2017-01-24")
    editor.edit_story(story, "Change")
    form = editor.edit_panel.report
    assert (form.title.text(), form.language.text(), form.published.text()) == (
        "New title", "en", "2017-01-24")


def test_a_date_the_format_refuses_says_why_in_place(qtbot, editor):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    before = editor.document.story
    form.published.setFocus()
    form.published.selectAll()
    qtbot.keyClicks(form.published, "23/01/2017")
    assert editor.document.story.report("dod-statement").published == \
        before.report("dod-statement").published
    assert not form.errors["published"].isHidden()
    assert "ISO 8601" in form.errors["published"].text()
    assert form.published.text() == "23/01/2017"  # what was typed stays, to correct
    form.published.clearFocus()
    editor.edit_story(change_report(editor.document.story, "dod-statement", title="T"), "T")
    assert form.published.text() == "23/01/2017"  # even when the story changes meanwhile
    form.published.setFocus()
    form.published.selectAll()
    qtbot.keyClicks(form.published, "2017-01-23")
    assert str(editor.document.story.report("dod-statement").published) == "2017-01-23"
    assert form.errors["published"].isHidden()


def test_kind_firsthand_and_a_new_actor(qtbot, editor, monkeypatch):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    form.kind.activated.emit(form.kind.findData("post"))
    assert editor.document.story.report("dod-statement").kind.value == "post"
    form.firsthand.setChecked(not form.firsthand.isChecked())
    monkeypatch.setattr(editor, "ask_actor_name", lambda: "Pentagon press office")
    form.actor.activated.emit(form.actor.count() - 1)  # "New actor…"
    story = editor.document.story
    actor = story.actor(story.report("dod-statement").actor)
    assert actor.name == "Pentagon press office"
    assert form.actor.currentText() == "Pentagon press office"
    for _ in range(3):
        editor.undo_action.trigger()
    assert editor.document.story == load(SYRIA)


def test_dragging_from_one_card_to_another_makes_a_link(qtbot, editor):
    story = editor.document.story
    assert not any(k.source == "dod-statement" and k.target == "ap-tweet" for k in story.links)
    editor.view.fit()
    start = editor.view.mapFromScene(
        editor.scene.reports["dod-statement"].sceneBoundingRect().center())
    end = editor.view.mapFromScene(editor.scene.reports["ap-tweet"].sceneBoundingRect().center())
    viewport = editor.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(20, 0))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    links = editor.document.story.links
    assert (links[-1].source, links[-1].target) == ("dod-statement", "ap-tweet")
    assert ("dod-statement", "ap-tweet") in editor.scene.links  # drawn
    assert editor.edit_panel.current_form() is editor.edit_panel.link  # selected to complete
    editor.edit_panel.link.relation.activated.emit(
        editor.edit_panel.link.relation.findData("rebuts"))
    assert editor.document.story.links[-1].relation.value == "rebuts"
    assert not editor.make_link("ap-tweet", "ap-tweet")  # a self-link cannot be made
    assert "itself" in editor.error_box.text()
    editor.undo_action.trigger()
    editor.undo_action.trigger()
    assert editor.document.story == story


def test_delete_a_report_says_what_goes_with_it(editor, monkeypatch):
    story = editor.document.story
    editor.select_report("ap-tweet")
    asked = []
    monkeypatch.setattr(editor, "ask_confirm", lambda title, text: asked.append(text) or False)
    assert not editor.delete_selection()
    assert "link" in asked[0] and editor.document.story == story
    monkeypatch.setattr(editor, "ask_confirm", lambda title, text: True)
    editor.delete_action.trigger()
    assert "ap-tweet" not in editor.scene.reports
    assert all("ap-tweet" not in (k.source, k.target) for k in editor.document.story.links)
    editor.undo_action.trigger()
    assert editor.document.story == story and "ap-tweet" in editor.scene.reports


def test_delete_a_link(editor):
    story = editor.document.story
    editor.show_link(("ria-later", "ap-tweet"))
    assert editor.delete_selection()
    assert ("ria-later", "ap-tweet") not in editor.scene.links
    editor.undo_action.trigger()
    assert editor.document.story == story


def test_paste_a_report_from_the_clipboard(editor):
    QApplication.clipboard().setText("Jets struck\nThe ministry said <https://example.org/a>.")
    report_id = editor.paste_report()
    report = editor.document.story.report(report_id)
    assert (report.url, report.title) == ("https://example.org/a", "Jets struck")
    assert editor.selected_report() == report_id
    assert editor.edit_panel.report.url.text() == "https://example.org/a"


def test_adding_a_report_leaves_the_other_cards_where_they_were(editor):
    before = {rid: (c.x, c.y) for rid, c in editor.layout.cards.items()}
    story = add_report(editor.document.story, Report("late", editor.document.story.actors[0].id))
    editor.edit_story(story, "Add")
    after = {rid: (c.x, c.y) for rid, c in editor.layout.cards.items()}
    assert {rid: after[rid] for rid in before} == before
    assert "late" in editor.scene.reports


def test_a_story_from_nothing_with_the_keyboard_and_mouse(qtbot, editor, tmp_path,
                                                         monkeypatch):
    monkeypatch.setattr(editor, "ask_title", lambda: "From nothing")
    monkeypatch.setattr(editor, "ask_actor_name", lambda: "Ministry")
    assert editor.new_story()
    first = editor.add_report_now()
    form = editor.edit_panel.report
    form.title.setFocus()
    qtbot.keyClicks(form.title, "Statement")
    second = editor.add_report_now()
    third = editor.add_report_now()
    assert editor.make_link(first, second) and editor.make_link(second, third)
    monkeypatch.setattr(editor, "ask_save_path", lambda: str(tmp_path / "made.json"))
    assert editor.save()
    saved = load(tmp_path / "made.json")
    assert saved.title == "From nothing"
    assert [r.id for r in saved.reports] == [first, second, third]
    assert saved.report(first).title == "Statement"
    assert [(k.source, k.target) for k in saved.links] == [(first, second), (second, third)]
    assert saved == editor.document.story


def test_a_mentions_stance_edited_and_shown(editor):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    story = editor.document.story
    assert form.mentions.count() == len(story.report("dod-statement").claims)
    form.mentions.setCurrentRow(0)
    form.stance.activated.emit(form.stance.findData("questions"))
    assert editor.document.story.report("dod-statement").claims[0].stance.value == "questions"
    assert editor.inspector.report.claims.item(0, 1).text() == "questions"  # view follows
    assert form.stance.currentData() == "questions"
    form.holder.activated.emit(form.holder.findData(story.actors[0].id))
    assert editor.document.story.report("dod-statement").claims[0].holder == story.actors[0].id
    editor.undo_action.trigger()
    editor.undo_action.trigger()
    assert editor.document.story == story
    changed = __import__("provenance.edits", fromlist=["x"]).change_mention(
        story, "dod-statement", 0, stance="implies")
    editor.edit_story(changed, "Stance")
    assert form.stance.currentData() == "implies"


def test_a_new_claim_with_a_quote_from_the_selected_words(qtbot, editor, monkeypatch):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    before = editor.document.story
    assert editor.add_mention_now()
    count = len(before.report("dod-statement").claims)
    assert len(editor.document.story.report("dod-statement").claims) == count + 1
    assert form.mentions.currentRow() == count
    monkeypatch.setattr(editor, "ask_claim_text", lambda: "No coordination with Russia")
    form.claim.activated.emit(form.claim.count() - 1)  # "New claim…"
    story = editor.document.story
    claim = story.report("dod-statement").claims[count].claim
    assert story.claim(claim).text == "No coordination with Russia"
    cursor = form.text.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(30, cursor.MoveMode.KeepAnchor)
    form.text.setTextCursor(cursor)
    words = cursor.selectedText()
    qtbot.mouseClick(form.use_quote, Qt.MouseButton.LeftButton)
    assert editor.document.story.report("dod-statement").claims[count].quote == words.strip()
    qtbot.mouseClick(form.remove_mention, Qt.MouseButton.LeftButton)
    assert len(editor.document.story.report("dod-statement").claims) == count


def test_suggestions_from_the_words_accepted_one_by_one(qtbot, editor):
    story = editor.document.story
    claim = story.claims[0]
    text = f"Officials said today that {claim.text.lower()}."
    report_id = editor.add_report_now(text=text)
    form = editor.edit_panel.report
    assert form.suggestions.count() >= 1 and not form.suggestions.isHidden()
    qtbot.mouseClick(form.accept_suggestion, Qt.MouseButton.LeftButton)
    mentions = editor.document.story.report(report_id).claims
    assert [m.claim for m in mentions] == [claim.id]
    assert form.suggestions.isHidden()  # it has a claim now: no more suggestions
    editor.undo_action.trigger()
    assert form.suggestions.count() >= 1
    qtbot.mouseClick(form.reject_suggestion, Qt.MouseButton.LeftButton)
    assert editor.document.story.report(report_id).claims == ()


def test_tidy_lays_the_chain_out_afresh_keeping_the_selection(editor):
    story = editor.document.story
    editor.edit_story(add_report(story, Report("late", story.actors[0].id)), "Add")
    editor.select_report("late")
    editor.tidy()
    from provenance.drawing.layout import layout_story
    fresh = layout_story(editor.document.story, editor.analysis)
    assert {r: (c.x, c.y) for r, c in editor.layout.cards.items()} == \
        {r: (c.x, c.y) for r, c in fresh.cards.items()}
    assert editor.selected_report() == "late"


def test_the_delete_key_in_a_field_deletes_a_character_not_the_report(qtbot, editor):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "ab")
    form.title.setCursorPosition(0)
    qtbot.keyClick(form.title, Qt.Key.Key_Delete)
    assert "dod-statement" in editor.scene.reports
    assert editor.document.story.report("dod-statement").title == "b"


def test_the_reports_actor_and_a_claims_words_edited(qtbot, editor):
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    story = editor.document.story
    actor_id = story.report("dod-statement").actor
    form.actor_kind.activated.emit(form.actor_kind.findData("newspaper"))
    assert editor.document.story.actor(actor_id).kind.value == "newspaper"
    form.actor_name.setFocus()
    form.actor_name.selectAll()
    qtbot.keyClicks(form.actor_name, "Pentagon")
    assert editor.document.story.actor(actor_id).name == "Pentagon"
    form.mentions.setCurrentRow(0)
    claim_id = editor.document.story.report("dod-statement").claims[0].claim
    form.claim_text.setFocus()
    form.claim_text.selectAll()
    qtbot.keyClicks(form.claim_text, "Jets took part")
    assert editor.document.story.claim(claim_id).text == "Jets took part"
    assert editor.document.stack.count() == 3  # kind, the name's keystrokes, the words'
    for _ in range(3):
        editor.undo_action.trigger()
    assert editor.document.story == story


def test_a_chain_made_in_the_viewer_names_its_point_of_distortion(qtbot, editor, tmp_path,
                                                                 monkeypatch):
    from provenance import analyze

    names = iter(["Russian Ministry of Defence", "RIA Novosti", "Associated Press"])
    monkeypatch.setattr(editor, "ask_title", lambda: "Joint strike")
    monkeypatch.setattr(editor, "ask_actor_name", lambda: next(names))
    monkeypatch.setattr(editor, "ask_claim_text", lambda: "US jets took part in the strike")
    editor.new_story()
    form = editor.edit_panel.report
    made = []
    stances = ["asserts", "implies", "attributes"]
    for at, stance in enumerate(stances):
        editor.clear_lenses()  # nothing selected: the next report asks its actor
        report_id = editor.add_report_now()
        if at > 0:
            form.actor.activated.emit(form.actor.count() - 1)  # "New actor…"
        form.published.setFocus()
        qtbot.keyClicks(form.published, f"2016-09-2{at + 1}")
        editor.view.setFocus()
        assert editor.add_mention_now()
        form.stance.activated.emit(form.stance.findData(stance))
        made.append(report_id)
    editor.make_link(made[0], made[1])
    editor.make_link(made[1], made[2])
    monkeypatch.setattr(editor, "ask_save_path", lambda: str(tmp_path / "strike.json"))
    assert editor.save()
    saved = load(tmp_path / "strike.json")
    assert [saved.actor(r.actor).name for r in saved.reports] == [
        "Russian Ministry of Defence", "RIA Novosti", "Associated Press"]
    assert [r.claims[0].stance.value for r in saved.reports] == stances
    assert analyze(saved).point_of_distortion.report == made[2]


# --------------------------------------------------------------------------- #
# Link ends, actors, claim removal, and the fields of format version 2


def test_a_link_s_ends_are_picked_and_a_bad_end_is_refused_in_place(editor):
    story = editor.document.story
    index = next(i for i, k in enumerate(story.links)
                 if (k.source, k.target) == ("ria-later", "ap-tweet"))
    editor.show_link(("ria-later", "ap-tweet"))
    form = editor.edit_panel.link
    assert editor.edit_panel.current_form() is form
    assert form.source.currentData() == "ria-later"
    form.target.activated.emit(form.target.findData("ria-later"))  # itself
    assert editor.document.story == story
    assert not form.errors["target"].isHidden()
    assert "itself" in form.errors["target"].text()
    form.source.activated.emit(form.source.findData("dod-statement"))
    moved = editor.document.story.links[index]
    assert (moved.source, moved.target) == ("dod-statement", "ap-tweet")
    assert ("dod-statement", "ap-tweet") in editor.scene.links  # drawn
    editor.undo_action.trigger()
    assert editor.document.story == story


def test_the_actor_form_edits_every_field_and_removal_asks_the_library(qtbot, editor):
    story = editor.document.story
    editor.select_report("ap-tweet")
    report_form = editor.edit_panel.report
    actor_id = story.report("ap-tweet").actor
    qtbot.mouseClick(report_form.actor_details, Qt.MouseButton.LeftButton)
    form = editor.edit_panel.actor
    assert editor.edit_panel.current_form() is form and form.actor_id == actor_id
    form.country.setFocus()
    form.country.selectAll()
    qtbot.keyClicks(form.country, "US")
    assert editor.edit_panel.current_form() is form  # stays open while typing
    form.audience.setFocus()
    form.audience.selectAll()
    qtbot.keyClicks(form.audience, "12,000")
    form.url.setFocus()
    form.url.selectAll()
    qtbot.keyClicks(form.url, "https://apnews.com")
    form.kind.activated.emit(form.kind.findData("wire_service"))
    actor = editor.document.story.actor(actor_id)
    assert (actor.country, actor.audience, actor.url, actor.kind.value) == (
        "US", 12000, "https://apnews.com", "wire_service")
    form.audience.setFocus()
    form.audience.selectAll()
    qtbot.keyClicks(form.audience, "many")
    assert "number" in form.errors["audience"].text()
    qtbot.mouseClick(form.remove, Qt.MouseButton.LeftButton)  # still in use
    assert "cannot be removed" in form.errors["remove"].text()
    assert editor.document.story.actor(actor_id) == actor
    while editor.document.stack.canUndo():
        editor.undo_action.trigger()
    assert editor.document.story == story
    # An actor nothing refers to goes, undoably.
    from provenance.edits import add_actor
    from provenance.model import Actor
    editor.edit_story(add_actor(story, Actor("idle", "Idle")), "Add")
    assert editor.open_actor("idle")
    qtbot.mouseClick(form.remove, Qt.MouseButton.LeftButton)
    assert "idle" not in {a.id for a in editor.document.story.actors}
    editor.undo_action.trigger()
    assert "idle" in {a.id for a in editor.document.story.actors}


def test_removing_a_claim_says_what_goes_first(qtbot, editor, monkeypatch):
    story = editor.document.story
    editor.select_report("ap-tweet")
    form = editor.edit_panel.report
    form.mentions.setCurrentRow(0)
    claim_id = form.claim.currentData()
    asked = []
    monkeypatch.setattr(editor, "ask_confirm", lambda title, text: asked.append(text) or False)
    qtbot.mouseClick(form.delete_claim, Qt.MouseButton.LeftButton)
    assert asked and "claim mention" in asked[0] and editor.document.story == story
    monkeypatch.setattr(editor, "ask_confirm", lambda title, text: True)
    qtbot.mouseClick(form.delete_claim, Qt.MouseButton.LeftButton)
    after = editor.document.story
    assert claim_id not in {c.id for c in after.claims}
    assert all(m.claim != claim_id for r in after.reports for m in r.claims)
    editor.undo_action.trigger()
    assert editor.document.story == story


def test_the_version_2_fields_of_a_report_and_a_mention(qtbot, editor):
    story = editor.document.story
    editor.select_report("dod-statement")
    form = editor.edit_panel.report
    form.genre.activated.emit(form.genre.findData("satire"))
    assert editor.document.story.report("dod-statement").genre.value == "satire"
    form.mentions.setCurrentRow(0)
    form.part.activated.emit(form.part.findData("headline"))
    assert editor.document.story.report("dod-statement").claims[0].part.value == "headline"
    form.hedged.setEnabled(True)
    form.hedged.setChecked(True)  # on an assertion: refused, said in place
    stance = editor.document.story.report("dod-statement").claims[0].stance
    if stance.value != "denies":
        assert "only a denial" in form.errors["claims.hedged"].text()
        assert not editor.document.story.report("dod-statement").claims[0].hedged
    form.stance.activated.emit(form.stance.findData("denies"))
    form.hedged.setChecked(False)
    form.hedged.setChecked(True)
    assert editor.document.story.report("dod-statement").claims[0].hedged
    form.stance.activated.emit(form.stance.findData("asserts"))  # the hedge goes with it
    mention = editor.document.story.report("dod-statement").claims[0]
    assert (mention.stance.value, mention.hedged) == ("asserts", False)
    # A claim qualifies another, picked.
    form.mentions.setCurrentRow(0)
    claim_id = form.claim.currentData()
    other = next(c.id for c in story.claims if c.id != claim_id)
    form.qualifies.activated.emit(form.qualifies.findData(other))
    assert editor.document.story.claim(claim_id).qualifies == other
    while editor.document.stack.canUndo():
        editor.undo_action.trigger()
    assert editor.document.story == story


def test_accounts_are_made_renamed_given_to_items_and_removed(qtbot, editor, monkeypatch):
    story = editor.document.story
    editor.open_accounts()
    form = editor.edit_panel.accounts
    assert editor.edit_panel.current_form() is form
    qtbot.mouseClick(form.add, Qt.MouseButton.LeftButton)
    assert [a.id for a in editor.document.story.accounts] == ["account-1"]
    form.name.setFocus()
    form.name.selectAll()
    qtbot.keyClicks(form.name, "As the ministry tells it")
    form.id.setFocus()
    form.id.selectAll()
    qtbot.keyClicks(form.id, "ministry")
    form.by.activated.emit(form.by.findData(story.report("dod-statement").actor))
    account = editor.document.story.accounts[0]
    assert (account.id, account.name, account.by) == (
        "ministry", "As the ministry tells it", story.report("dod-statement").actor)
    # A report and one of its mentions in the account.
    leaf = next(r.id for r in story.reports
                if not any(k.source == r.id for k in story.links))
    links_in = [i for i, k in enumerate(story.links) if k.target == leaf]
    for index in links_in:
        editor.show_link((story.links[index].source, leaf))
        editor.edit_panel.link.accounts.tick("ministry")
    editor.select_report(leaf)
    report_form = editor.edit_panel.report
    report_form.accounts.tick("ministry")
    assert editor.document.story.report(leaf).accounts == ("ministry",)
    report_form.mentions.setCurrentRow(0)
    report_form.mention_accounts.tick("ministry")
    assert editor.document.story.report(leaf).claims[0].accounts == ("ministry",)
    # Removing it says what goes with it.
    editor.open_accounts()
    asked = []
    monkeypatch.setattr(editor, "ask_confirm", lambda title, text: asked.append(text) or True)
    qtbot.mouseClick(form.remove, Qt.MouseButton.LeftButton)
    assert "belong to it alone" in asked[0]
    assert editor.document.story.accounts == ()
    assert leaf not in {r.id for r in editor.document.story.reports}
    while editor.document.stack.canUndo():
        editor.undo_action.trigger()
    assert editor.document.story == story


def test_the_inspector_opens_the_selected_report_s_actor_form(qtbot, editor):
    editor.select_report("ria-later")
    qtbot.mouseClick(editor.inspector.report.edit_actor, Qt.MouseButton.LeftButton)
    assert editor.edit_panel.current_form() is editor.edit_panel.actor
    assert editor.edit_panel.actor.actor_id == editor.document.story.report("ria-later").actor
    assert editor.edit_panel.actor.name.text() == "RIA Novosti"
