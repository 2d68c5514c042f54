"""The window's edits: each form change, Add/Paste report, links by drag, Delete, claims
and suggestions, made through :mod:`provenance.edits` and pushed on the undo stack."""

from __future__ import annotations

import attrs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QMessageBox,
)

from provenance.drift.estimate import SuggestedMention, suggest_mentions
from provenance.edits import (
    account_removal_effects,
    add_account,
    add_actor,
    add_claim,
    add_link,
    add_mention,
    add_report,
    change_account,
    change_actor,
    change_claim,
    change_link,
    change_mention,
    change_report,
    claim_removal_effects,
    next_id,
    removal_effects,
    remove_account,
    remove_actor,
    remove_claim,
    remove_link,
    remove_mention,
    remove_report,
    report_from_paste,
)
from provenance.errors import EditError
from provenance.model import Account, Actor, Claim, ClaimMention, Link, Report, Stance, Story

from .forms import NEW_ACTOR, NEW_CLAIM


class EditActions:
    """The edit actions of :class:`~provenance_gui.window.MainWindow` (a mixin)."""

    # ----------------------------------------------------------------- edits
    def _report_edited(self, field: str, value: object) -> None:
        """A field of the report form changed: the edit, or the reason it cannot be."""
        form, story = self.edit_panel.report, self.document.story
        report_id = form.report_id
        if story is None or report_id is None:
            return
        text = f"Change the {field} of {report_id}"
        if field == "actor" and value == NEW_ACTOR:
            name = self.ask_actor_name()
            if not name:
                form.load(story, story.report(report_id))
                return
            actor_id = next_id([a.id for a in story.actors], "actor")
            story = add_actor(story, Actor(actor_id, name))
            value, text = actor_id, f"New actor {name} for {report_id}"
        try:
            after = change_report(story, report_id, **{field: value})
        except EditError as err:
            form.show_error(field, str(err))
            return
        form.show_error(field, None)
        self.edit_story(after, text, key=(report_id, field))

    def _edit_report(self, story: Story, report_id: str) -> None:
        """The report's form, with the library's suggestions when it has words and no
        claims yet (looked for in this report alone: a selection stays quick)."""
        report = story.report(report_id)
        self.edit_panel.show_report(story, report)
        suggestions: tuple[SuggestedMention, ...] = ()
        if report.text and not report.claims and story.claims:
            alone = attrs.evolve(story, reports=(report,), links=())
            suggestions = suggest_mentions(alone)
        self.edit_panel.report.offer(suggestions)

    def _new_claim(self, story: Story) -> tuple[Story, str] | None:
        text = self.ask_claim_text()
        if not text:
            return None
        claim_id = next_id([c.id for c in story.claims], "claim")
        return add_claim(story, Claim(claim_id, text)), claim_id

    def add_mention_now(self) -> bool:
        """"Add claim": the selected report carries a claim (the last one, or a new one
        when the story has none), asserted, to be completed in the form."""
        story, report_id = self.document.story, self.edit_panel.report.report_id
        if story is None or report_id is None:
            return False
        if story.claims:
            claim_id = story.claims[-1].id
        else:
            made = self._new_claim(story)
            if made is None:
                return False
            story, claim_id = made
        try:
            after = add_mention(story, report_id, ClaimMention(claim_id, Stance.ASSERTS))
        except EditError as err:
            self.show_error("Cannot add the claim", str(err))
            return False
        self.edit_story(after, f"Add a claim to {report_id}")
        form = self.edit_panel.report
        form.mentions.setCurrentRow(form.mentions.count() - 1)
        return True

    def _mention_edited(self, index: int, field: str, value: object) -> None:
        form, story = self.edit_panel.report, self.document.story
        report_id = form.report_id
        if story is None or report_id is None:
            return
        text = f"Change the {field} of a claim of {report_id}"
        if field == "claim" and value == NEW_CLAIM:
            made = self._new_claim(story)
            if made is None:
                form.load(story, story.report(report_id))
                return
            story, value = made
            text = f"New claim for {report_id}"
        fields: dict[str, object] = {field: value}
        if field == "stance" and value != Stance.DENIES.value:
            # Only a denial is hedged or disputes an attribution: those go with it.
            mention = story.report(report_id).claims[index]
            if mention.hedged:
                fields["hedged"] = False
            if mention.of is not None:
                fields["of"] = None
        try:
            after = change_mention(story, report_id, index, **fields)
        except EditError as err:
            form.show_error(f"claims.{field}", str(err))
            return
        form.show_error(f"claims.{field}", None)
        self.edit_story(after, text, key=(report_id, f"claims[{index}].{field}"))

    def _mention_removed(self, index: int) -> None:
        story, report_id = self.document.story, self.edit_panel.report.report_id
        if story is None or report_id is None or index < 0:
            return
        self.edit_story(remove_mention(story, report_id, index),
                        f"Remove a claim of {report_id}")

    def accept_suggestion(self, suggestion: SuggestedMention) -> bool:
        """A suggestion from the words, accepted: a claim mention of its report."""
        story = self.document.story
        if story is None:
            return False
        try:
            after = add_mention(story, suggestion.report, ClaimMention(
                suggestion.claim, suggestion.stance, quote=suggestion.quote))
        except EditError as err:
            self.show_error("Cannot accept the suggestion", str(err))
            return False
        self.edit_story(after, f"Accept a suggested claim for {suggestion.report}")
        return True

    def ask_claim_text(self) -> str:
        """A new claim's words ("" when cancelled)."""
        text, ok = QInputDialog.getText(self, "New claim", "The claim, in a sentence:")
        return text.strip() if ok else ""

    def _actor_edited(self, field: str, value: object) -> None:
        """The report's actor's name or kind changed (every report by it follows)."""
        form, story = self.edit_panel.report, self.document.story
        if story is None or form.report_id is None:
            return
        actor_id = story.report(form.report_id).actor
        try:
            after = change_actor(story, actor_id, **{field: value})
        except EditError as err:
            form.show_error(f"actor.{field}", str(err))
            return
        form.show_error(f"actor.{field}", None)
        self.edit_story(after, f"Change the {field} of {actor_id}", key=(actor_id, field))

    def _claim_edited(self, claim_id: str, field: str, value: object) -> None:
        """The selected mention's claim's words changed (every mention of it follows)."""
        form, story = self.edit_panel.report, self.document.story
        if story is None:
            return
        try:
            after = change_claim(story, claim_id, **{field: value})
        except EditError as err:
            form.show_error(f"claim.{field}", str(err))
            return
        form.show_error(f"claim.{field}", None)
        self.edit_story(after, f"Change the words of {claim_id}", key=(claim_id, field))

    def _link_edited(self, field: str, value: object) -> None:
        form, story = self.edit_panel.link, self.document.story
        if story is None or form.index is None:
            return
        try:
            after = change_link(story, form.index, **{field: value})
        except EditError as err:
            form.show_error(field, str(err))
            return
        form.show_error(field, None)
        link = story.links[form.index]
        self.edit_story(after, f"Change the {field} of {link.source} → {link.target}",
                        key=(f"link {form.index}", field))

    def ask_actor_name(self) -> str:
        """A new actor's name ("" when cancelled)."""
        name, ok = QInputDialog.getText(self, "New actor", "Who published it (name):")
        return name.strip() if ok else ""

    def ask_confirm(self, title: str, message: str) -> bool:
        """Ask before an edit that takes more with it (the message as plain text)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, message,
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is remove

    def add_report_now(self, url: str | None = None, text: str | None = None,
                       title: str | None = None, undo_text: str = "Add report") -> str | None:
        """Edit > Add report: a new report (by the selected report's actor, or a new
        actor when the story has none), selected to be completed. Returns its id."""
        story = self.document.story
        if story is None:
            return None
        if self.state is not None and self.state.report is not None:
            actor_id = story.report(self.state.report).actor
        elif story.actors:
            actor_id = story.actors[-1].id
        else:
            name = self.ask_actor_name()
            if not name:
                return None
            actor_id = next_id([], "actor")
            story = add_actor(story, Actor(actor_id, name))
        report_id = next_id([r.id for r in story.reports], "report")
        try:
            after = add_report(story, Report(report_id, actor_id, title=title, text=text,
                                             url=url))
        except EditError as err:
            self.show_error("Cannot add the report", str(err))
            return None
        self.edit_story(after, undo_text)
        self.select_report(report_id, center=True)
        self.show_edit_dock()
        return report_id

    def show_edit_dock(self) -> None:
        """Bring the Edit dock to the front (it shares its place with the Inspector)."""
        dock = self.findChild(QDockWidget, "edit")
        if dock is not None:
            dock.show()
            dock.raise_()

    def paste_report(self) -> str | None:
        """Edit > Paste report: the clipboard's address and words as a new report."""
        pasted = report_from_paste(QApplication.clipboard().text())
        if pasted.url is None and pasted.text is None:
            self.statusBar().showMessage("The clipboard holds no address or text to paste.")
            return None
        return self.add_report_now(pasted.url, pasted.text, pasted.title, "Paste report")

    def make_link(self, source: str, target: str) -> bool:
        """A drag from one card to another: a link (refused ones say why)."""
        story = self.document.story
        if story is None:
            return False
        try:
            after = add_link(story, Link(source, target))
        except EditError as err:
            self.show_error("Cannot link these reports", str(err))
            return False
        self.edit_story(after, f"Link {source} → {target}")
        index = len(after.links) - 1
        if self.state is not None:
            self._show(self.state.select_link(index))
        return True

    def delete_selection(self) -> bool:
        """Delete: the selected report (after saying what goes with it) or link."""
        story, state = self.document.story, self.state
        if story is None or state is None:
            return False
        if state.report is not None:
            effects = removal_effects(story, state.report)
            if (effects.link_count or effects.mentions) and not self.ask_confirm(
                    "Remove the report?", effects.message):
                return False
            self.edit_story(remove_report(story, state.report), f"Remove {state.report}")
            return True
        if state.link is not None:
            link = story.links[state.link]
            self.edit_story(remove_link(story, state.link),
                            f"Remove the link {link.source} → {link.target}")
            return True
        return False


    # ----------------------------------------------------------------- actors
    def open_actor(self, actor_id: str) -> bool:
        """The actor's form (from the report form or the inspector)."""
        story = self.document.story
        if story is None:
            return False
        try:
            actor = story.actor(actor_id)
        except KeyError:
            return False
        self.edit_panel.show_actor(actor)
        self.show_edit_dock()
        return True

    def _keep_form(self, show: object) -> None:
        """After an edit the panel shows the selection's form: show this one again,
        with the focus where the user was typing."""
        focused = QApplication.focusWidget()
        show()  # type: ignore[operator]
        if focused is not None and self.edit_panel.isAncestorOf(focused):
            focused.setFocus()

    def _actor_form_edited(self, field: str, value: object) -> None:
        form, story = self.edit_panel.actor, self.document.story
        actor_id = form.actor_id
        if story is None or actor_id is None:
            return
        try:
            after = change_actor(story, actor_id, **{field: value})
        except EditError as err:
            form.show_error(field, str(err))
            return
        form.show_error(field, None)
        self.edit_story(after, f"Change the {field} of {actor_id}", key=(actor_id, field))
        self._keep_form(lambda: self.edit_panel.show_actor(after.actor(actor_id)))

    def remove_actor_now(self, actor_id: str) -> bool:
        """Remove an actor; one still in use is refused, the reason shown in the form."""
        story = self.document.story
        if story is None:
            return False
        try:
            after = remove_actor(story, actor_id)
        except EditError as err:
            self.edit_panel.actor.show_error("remove", str(err))
            return False
        self.edit_story(after, f"Remove the actor {actor_id}")
        return True

    def _actor_form_back(self) -> None:
        story, state = self.document.story, self.state
        if story is not None and state is not None and state.report is not None:
            self._edit_report(story, state.report)
        else:
            self.edit_panel.clear()

    # ----------------------------------------------------------------- claims
    def remove_claim_now(self, claim_id: str) -> bool:
        """Remove a claim from the story, after saying what goes with it."""
        story = self.document.story
        if story is None:
            return False
        effects = claim_removal_effects(story, claim_id)
        if (effects.mentions or effects.qualifiers) and not self.ask_confirm(
                "Remove the claim?", effects.message):
            return False
        self.edit_story(remove_claim(story, claim_id), f"Remove the claim {claim_id}")
        return True

    # ----------------------------------------------------------------- accounts
    def open_accounts(self) -> bool:
        """Edit > Accounts: the story's competing accounts, to make, rename, remove."""
        story = self.document.story
        if story is None:
            return False
        self.edit_panel.show_accounts(story)
        self.show_edit_dock()
        return True

    def add_account_now(self) -> str | None:
        story = self.document.story
        if story is None:
            return None
        account_id = next_id([a.id for a in story.accounts], "account")
        after = add_account(story, Account(account_id, f"Account {len(story.accounts) + 1}"))
        self.edit_story(after, f"New account {account_id}")
        self.edit_panel.show_accounts(after, account_id)
        return account_id

    def _account_edited(self, account_id: str, field: str, value: object) -> None:
        form, story = self.edit_panel.accounts, self.document.story
        if story is None:
            return
        try:
            after = change_account(story, account_id, **{field: value})
        except EditError as err:
            form.show_error(field, str(err))
            return
        form.show_error(field, None)
        current = value if field == "id" and isinstance(value, str) else account_id
        self.edit_story(after, f"Change the {field} of the account {account_id}",
                        key=(f"account {account_id}", field))
        self._keep_form(lambda: self.edit_panel.show_accounts(after, current))

    def remove_account_now(self, account_id: str) -> bool:
        """Remove an account, after saying what belongs to it alone (and goes with it)."""
        story = self.document.story
        if story is None:
            return False
        effects = account_removal_effects(story, account_id)
        if (effects.reports or effects.links or effects.mentions) and not self.ask_confirm(
                "Remove the account?", effects.message):
            return False
        after = remove_account(story, account_id)
        self.edit_story(after, f"Remove the account {account_id}")
        self.edit_panel.show_accounts(after)
        return True

    def connect_forms(self) -> None:
        """Wire the actor, accounts, claim-removal and link-end forms to their edits."""
        panel = self.edit_panel
        panel.actor.edited.connect(self._actor_form_edited)
        panel.actor.removed.connect(self.remove_actor_now)
        panel.actor.back.connect(self._actor_form_back)
        panel.report.actor_opened.connect(self.open_actor)
        panel.report.claim_removed.connect(self.remove_claim_now)
        panel.accounts.added.connect(self.add_account_now)
        panel.accounts.removed.connect(self.remove_account_now)
        panel.accounts.account_edited.connect(self._account_edited)
        self.inspector.report.edit_actor.clicked.connect(self._open_selected_actor)

    def _open_selected_actor(self) -> bool:
        story, state = self.document.story, self.state
        if story is None or state is None or state.report is None:
            return False
        return self.open_actor(story.report(state.report).actor)
