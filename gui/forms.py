"""The editor's forms: a report's fields and a link's, each change an edit of the story.

A form only says what the user changed (``edited(field, value)``); the window makes the
edit through :mod:`provenance.edits` and, when the library refuses it, the form shows the
reason under the field (``show_error``). Loading a story value never overwrites the field
being typed in, so keystrokes are not lost when the chain is redrawn after each one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from provenance.drift.estimate import SuggestedMention
from provenance.edits import DATE_FORMATS
from provenance.model import (
    OF_ATTRIBUTION,
    Actor,
    ActorKind,
    Genre,
    Link,
    Part,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
)
from provenance.wording import suggestion_text

from .panels import plain_tip

#: What the date field accepts, said beside it: the library's words.
DATE_HINT = f"{DATE_FORMATS[0].upper()}{DATE_FORMATS[1:]}; blank: no date"
NEW_ACTOR = "\x00new"  # the actor picker's "New actor…" entry
NEW_CLAIM = "\x00claim"  # the claim picker's "New claim…" entry


def _error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    label.hide()
    return label


class _Form(QWidget):
    """Fields with an error line each; ``edited(field, value)`` on each change."""

    edited = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        #: The fields whose last change the library refused (their text is kept).
        self.refused: set[str] = set()
        self._loading = False

    def _row(self, label: str, field: str, widget: QWidget) -> None:
        # The field and its error line in one cell: a wrapped error gets its full height.
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = _error_label()
        column.addWidget(error)
        self.form.addRow(label, cell)
        self.errors[field] = error

    def _emit(self, field: str, value: Any) -> None:
        if not self._loading:
            self.edited.emit(field, value)

    def show_error(self, field: str, message: str | None) -> None:
        """The library's reason an edit of ``field`` was refused (None: no error)."""
        label = self.errors.get(field)
        if label is None:
            return
        label.setText(message or "")
        label.setVisible(bool(message))
        self._fit_errors()
        if message:
            self.refused.add(field)
        else:
            self.refused.discard(field)

    def _fit_errors(self) -> None:
        # A scroll area does not give wrapped labels their height for the width they
        # get: set it, so that the whole reason shows.
        for label in self.errors.values():
            if not label.isHidden():
                width = label.width() if label.width() > 50 else max(200, self.width() - 120)
                label.setMinimumHeight(label.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_errors()

    def clear_errors(self) -> None:
        for field in self.errors:
            self.show_error(field, None)


def _set_text(widget: QLineEdit | QPlainTextEdit, value: str) -> None:
    """Show ``value`` unless the user is typing there (the cursor would jump)."""
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current == value or widget.hasFocus():
        return
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    else:
        widget.setPlainText(value)


class AccountsPicker(QListWidget):
    """The story's accounts, each with a tick: the ones an item belongs to (none ticked:
    every account). ``chosen(ids)`` when a tick changes."""

    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setMaximumHeight(80)
        self.setToolTip("The accounts this belongs to; none ticked: every account "
                        "(Edit > Accounts makes them)")
        self._loading = False
        self.itemChanged.connect(self._changed)

    def load(self, story: Story, ids: tuple[str, ...]) -> None:
        self._loading = True
        try:
            self.clear()
            for account in story.accounts:
                item = QListWidgetItem(account.name or account.id)
                item.setData(Qt.ItemDataRole.UserRole, account.id)
                item.setToolTip(plain_tip(account.summary or account.id))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if account.id in ids
                                   else Qt.CheckState.Unchecked)
                self.addItem(item)
        finally:
            self._loading = False
        # Without accounts the whole row goes (its label too).
        cell = self.parentWidget()
        form = cell.parentWidget().layout() if cell is not None and cell.parentWidget() \
            else None
        if isinstance(form, QFormLayout) and form.indexOf(cell) >= 0:
            form.setRowVisible(cell, bool(story.accounts))
        self.setVisible(bool(story.accounts))

    def ticked(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def tick(self, account_id: str, on: bool = True) -> None:
        """Tick (or untick) an account as the user would."""
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == account_id:
                self.item(i).setCheckState(Qt.CheckState.Checked if on
                                           else Qt.CheckState.Unchecked)

    def _changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.chosen.emit(self.ticked())


def _choices(box: QComboBox, kind: type[Any]) -> None:
    for option in kind:
        box.addItem(option.value.replace("_", " "), option.value)


def _picker() -> QComboBox:
    box = QComboBox()
    box.setMinimumContentsLength(12)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class ActorForm(_Form):
    """An actor's fields: name, kind, country, URL, audience; and its removal."""

    #: The actor is to be removed (its id).
    removed = Signal(str)
    #: Back to the report the actor form was opened from.
    back = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.actor_id: str | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.heading)
        self.name = QLineEdit()
        self.kind = QComboBox()
        _choices(self.kind, ActorKind)
        self.kind.activated.connect(lambda i: self._emit("kind", self.kind.itemData(i)))
        self.country = QLineEdit()
        self.country.setPlaceholderText("RU, US, SY…")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.audience = QLineEdit()
        self.audience.setPlaceholderText("readers or followers, e.g. 12000000")
        for field, edit in (("name", self.name), ("country", self.country), ("url", self.url)):
            edit.textEdited.connect(lambda value, f=field: self._emit(f, value))
        self.audience.textEdited.connect(self._audience_edited)
        self._row("Name", "name", self.name)
        self._row("Kind", "kind", self.kind)
        self._row("Country", "country", self.country)
        self._row("URL", "url", self.url)
        self._row("Audience", "audience", self.audience)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.back_button = QPushButton("Back to the report")
        self.back_button.clicked.connect(self.back.emit)
        self.remove = QPushButton("Remove actor")
        self.remove.clicked.connect(
            lambda: self.removed.emit(self.actor_id) if self.actor_id else None)
        row.addWidget(self.back_button)
        row.addWidget(self.remove)
        self._row("", "remove", buttons)

    def _audience_edited(self, text: str) -> None:
        text = text.strip().replace(",", "").replace("_", "")
        if not text:
            self._emit("audience", None)
            return
        try:
            number = float(text)
        except ValueError:
            self.show_error("audience", "must be a number (readers, followers), or blank")
            return
        self._emit("audience", int(number) if number.is_integer() else number)

    def load(self, actor: Actor) -> None:
        if actor.id != self.actor_id:
            self.clear_errors()
        self.actor_id = actor.id
        self._loading = True
        try:
            self.heading.setText(f"Actor {actor.id}")
            _set_text(self.name, actor.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(actor.kind.value)))
            _set_text(self.country, actor.country or "")
            _set_text(self.url, actor.url or "")
            if "audience" not in self.refused:
                audience = actor.audience
                _set_text(self.audience, "" if audience is None else
                          f"{int(audience)}" if float(audience).is_integer() else f"{audience}")
        finally:
            self._loading = False


class AccountsForm(_Form):
    """The story's competing accounts (format version 2): made, renamed, removed."""

    added = Signal()
    removed = Signal(str)
    #: An account's field changed: (its id, field, value).
    account_edited = Signal(str, str, object)

    def __init__(self) -> None:
        super().__init__()
        self._story: Story | None = None
        self.accounts = QListWidget()
        self.accounts.setMaximumHeight(120)
        self.accounts.currentRowChanged.connect(lambda _row: self._load_account())
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton("New account")
        self.add.clicked.connect(self.added.emit)
        self.remove = QPushButton("Remove account")
        self.remove.clicked.connect(
            lambda: self.removed.emit(self.current()) if self.current() else None)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        self.form.addRow("Accounts", self.accounts)
        self._row("", "accounts", buttons)
        self.id = QLineEdit()
        self.name = QLineEdit()
        self.name.setPlaceholderText("As the ministry tells it")
        self.by = _picker()
        self.by.activated.connect(lambda i: self._account("by", self.by.itemData(i)))
        self.summary = QPlainTextEdit()
        self.summary.setMaximumHeight(80)
        self.summary.textChanged.connect(
            lambda: self._account("summary", self.summary.toPlainText())
            if self.summary.hasFocus() else None)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        for field, edit in (("id", self.id), ("name", self.name), ("url", self.url)):
            edit.textEdited.connect(lambda value, f=field: self._account(f, value))
        self._row("Id", "id", self.id)
        self._row("Name", "name", self.name)
        self._row("Given by", "by", self.by)
        self._row("Summary", "summary", self.summary)
        self._row("URL", "url", self.url)

    def current(self) -> str | None:
        item = self.accounts.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _account(self, field: str, value: object) -> None:
        account_id = self.current()
        if account_id is not None and not self._loading:
            self.account_edited.emit(account_id, field, value)

    def load(self, story: Story, current: str | None = None) -> None:
        self._story = story
        current = current or self.current()
        self._loading = True
        try:
            self.accounts.clear()
            for account in story.accounts:
                item = QListWidgetItem(account.name or account.id)
                item.setData(Qt.ItemDataRole.UserRole, account.id)
                self.accounts.addItem(item)
            ids = [a.id for a in story.accounts]
            self.accounts.setCurrentRow(ids.index(current) if current in ids
                                        else min(0, len(ids) - 1) if ids else -1)
        finally:
            self._loading = False
        self._load_account()

    def _load_account(self) -> None:
        story, account_id = self._story, self.current()
        account = next((a for a in story.accounts if a.id == account_id), None) if story \
            else None
        for widget in (self.id, self.name, self.by, self.summary, self.url, self.remove):
            widget.setEnabled(account is not None)
        if story is None or account is None:
            return
        loading, self._loading = self._loading, True
        try:
            if "id" not in self.refused:
                _set_text(self.id, account.id)
            _set_text(self.name, account.name)
            self.by.clear()
            self.by.addItem("(nobody named)", None)
            for actor in story.actors:
                self.by.addItem(actor.name or actor.id, actor.id)
            self.by.setCurrentIndex(max(0, self.by.findData(account.by)))
            _set_text(self.summary, account.summary or "")
            _set_text(self.url, account.url or "")
        finally:
            self._loading = loading


class ReportForm(_Form):
    """Every field of a report: actor (or a new one), kind, date, title, text, URL,
    language, firsthand."""

    def __init__(self) -> None:
        super().__init__()
        self.report_id: str | None = None
        self._story: Story | None = None
        self._report: Report | None = None
        self.actor = QComboBox()
        #: The (name, id) of the actors the actor box lists (it is filled again only
        #: when they change).
        self._actor_choices: tuple[tuple[str, str], ...] | None = None
        for box in (self.actor,):
            box.setMinimumContentsLength(12)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.actor.activated.connect(self._actor_chosen)
        self.kind = QComboBox()
        for kind in ReportKind:
            self.kind.addItem(kind.value.replace("_", " "), kind.value)
        self.kind.activated.connect(lambda i: self._emit("kind", self.kind.itemData(i)))
        self.published = QLineEdit()
        self.published.setPlaceholderText("2017-01-23")
        self.published.setToolTip(DATE_HINT)
        self.title = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(60)
        self.text.setMaximumHeight(130)  # the claims below stay near
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.language = QLineEdit()
        self.language.setPlaceholderText("en, ru, ar…")
        self.firsthand = QCheckBox("own words")
        self.firsthand.setToolTip("The actor's own words, not drawn from a source")
        self.firsthand.toggled.connect(lambda on: self._emit("firsthand", on))
        self.actor_name = QLineEdit()
        self.actor_name.setPlaceholderText("the actor's name")
        self.actor_name.textEdited.connect(
            lambda v: self.actor_edited.emit("name", v) if not self._loading else None)
        self.actor_kind = QComboBox()
        for actor_kind in ActorKind:
            self.actor_kind.addItem(actor_kind.value.replace("_", " "), actor_kind.value)
        self.actor_kind.activated.connect(
            lambda i: self.actor_edited.emit("kind", self.actor_kind.itemData(i)))
        self._row("Actor", "actor", self.actor)
        self._row("  its name", "actor.name", self.actor_name)
        self._row("  its kind", "actor.kind", self.actor_kind)
        self.actor_details = QPushButton("The actor's country, URL, audience…")
        self.actor_details.clicked.connect(
            lambda: self.actor_opened.emit(self.actor.currentData())
            if self.actor.currentData() not in (None, NEW_ACTOR) else None)
        self.form.addRow("", self.actor_details)
        self._row("Kind", "kind", self.kind)
        self.genre = QComboBox()
        _choices(self.genre, Genre)
        self.genre.setToolTip("Satire says nothing as fact: what it carries is not passed on")
        self.genre.activated.connect(lambda i: self._emit("genre", self.genre.itemData(i)))
        self._row("Genre", "genre", self.genre)
        self._row("Published", "published", self.published)
        hint = QLabel(DATE_HINT)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid)")
        self.form.addRow("", hint)
        self._row("Title", "title", self.title)
        self._row("Text", "text", self.text)
        self._row("URL", "url", self.url)
        self._row("Language", "language", self.language)
        self._row("Firsthand", "firsthand", self.firsthand)
        self.accounts = AccountsPicker()
        self.accounts.chosen.connect(lambda ids: self._emit("accounts", ids))
        self._row("In accounts", "accounts", self.accounts)
        self._build_mentions()
        for field, edit in (("published", self.published), ("title", self.title),
                            ("url", self.url), ("language", self.language)):
            edit.textEdited.connect(lambda value, f=field: self._emit(f, value))
        self.text.textChanged.connect(
            lambda: self._emit("text", self.text.toPlainText()) if self.text.hasFocus()
            else None)

    #: A mention's field changed: (its index, field, value); "claim" may be NEW_CLAIM.
    mention_edited = Signal(int, str, object)
    mention_added = Signal()
    #: The report's actor changed: (field, value).
    actor_edited = Signal(str, object)
    #: The selected mention's claim changed: (claim id, field, value).
    claim_edited = Signal(str, str, object)
    mention_removed = Signal(int)
    #: The actor form asked for: the actor's id.
    actor_opened = Signal(str)
    #: The selected mention's claim is to be removed from the story: its id.
    claim_removed = Signal(str)
    #: A suggestion from the words accepted: the SuggestedMention.
    suggestion_accepted = Signal(object)

    def _build_mentions(self) -> None:
        self.mentions = QListWidget()
        self.mentions.setMinimumHeight(70)
        self.mentions.setMaximumHeight(110)
        self.mentions.currentRowChanged.connect(self._mention_chosen)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.add_mention = QPushButton("Add claim")
        self.add_mention.clicked.connect(self.mention_added.emit)
        self.remove_mention = QPushButton("Remove claim")
        self.remove_mention.clicked.connect(
            lambda: self.mention_removed.emit(self.mentions.currentRow()))
        row.addWidget(self.add_mention)
        row.addWidget(self.remove_mention)
        self.form.addRow("Claims", self.mentions)
        self.form.addRow("", buttons)
        self.claim = QComboBox()
        self.claim.setMinimumContentsLength(12)
        self.claim.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.claim.activated.connect(
            lambda i: self._mention("claim", self.claim.itemData(i)))
        self.stance = QComboBox()
        for stance in Stance:
            self.stance.addItem(stance.value, stance.value)
        self.stance.activated.connect(
            lambda i: self._mention("stance", self.stance.itemData(i)))
        self.holder = QComboBox()
        self.holder.setMinimumContentsLength(12)
        self.holder.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.holder.activated.connect(
            lambda i: self._mention("holder", self.holder.itemData(i)))
        self.quote = QLineEdit()
        self.quote.setPlaceholderText("the words that carry the claim")
        self.quote.textEdited.connect(lambda v: self._mention("quote", v or None))
        self.use_quote = QPushButton("Use as quote")
        self.use_quote.setToolTip("The words selected in the text above become the quote")
        self.use_quote.clicked.connect(self._use_selection)
        self.mention_firsthand = QCheckBox("own words (grey: as the report)")
        self.mention_firsthand.setTristate(True)
        self.mention_firsthand.stateChanged.connect(self._firsthand_changed)
        self.claim_text = QLineEdit()
        self.claim_text.setPlaceholderText("the claim, in a sentence")
        self.claim_text.textEdited.connect(self._claim_text_edited)
        self._row("Claim", "claims.claim", self.claim)
        self._row("  its words", "claim.text", self.claim_text)
        self._row("Stance", "claims.stance", self.stance)
        self._row("Holder", "claims.holder", self.holder)
        self._row("Quote", "claims.quote", self.quote)
        self.form.addRow("", self.use_quote)
        self._row("Firsthand", "claims.firsthand", self.mention_firsthand)
        self.part = QComboBox()
        _choices(self.part, Part)
        self.part.setToolTip("In the headline or the body of the report")
        self.part.activated.connect(lambda i: self._mention("part", self.part.itemData(i)))
        self._row("Part", "claims.part", self.part)
        self.of_attribution = QCheckBox("denies that the holder ever said it")
        self.of_attribution.setToolTip("A denial of the attribution, not of the claim "
                                       "(\"King never said this\"): needs a holder")
        self.of_attribution.toggled.connect(
            lambda on: self._mention("of", OF_ATTRIBUTION if on else None))
        self._row("Of", "claims.of", self.of_attribution)
        self.hedged = QCheckBox("hedged (\"probably not true\")")
        self.hedged.toggled.connect(lambda on: self._mention("hedged", on))
        self._row("Denial", "claims.hedged", self.hedged)
        self.mention_accounts = AccountsPicker()
        self.mention_accounts.chosen.connect(lambda ids: self._mention("accounts", ids))
        self._row("In accounts", "claims.accounts", self.mention_accounts)
        self.qualifies = _picker()
        self.qualifies.setToolTip("The claim this one is context for (\"in mice\" qualifies "
                                  "\"X cures Y\")")
        self.qualifies.activated.connect(self._qualifies_chosen)
        self._row("  it qualifies", "claim.qualifies", self.qualifies)
        self.delete_claim = QPushButton("Delete the claim from the story…")
        self.delete_claim.clicked.connect(self._delete_claim)
        self.form.addRow("", self.delete_claim)
        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(100)
        self.suggestions.setWordWrap(True)
        self.accept_suggestion = QPushButton("Accept suggestion")
        self.accept_suggestion.clicked.connect(self._accept)
        self.reject_suggestion = QPushButton("Reject")
        self.reject_suggestion.clicked.connect(self._reject)
        actions = QWidget()
        line = QHBoxLayout(actions)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.accept_suggestion)
        line.addWidget(self.reject_suggestion)
        self.suggestions_label = QLabel("Suggested")
        self.form.addRow(self.suggestions_label, self.suggestions)
        self.form.addRow("", actions)
        self._offered: list[SuggestedMention] = []
        self._rejected: set[tuple[str, str]] = set()
        self._mention_fields = (self.claim, self.claim_text, self.stance, self.holder,
                                self.quote,
                                self.use_quote, self.mention_firsthand, self.remove_mention,
                                self.part, self.of_attribution, self.hedged,
                                self.mention_accounts, self.qualifies, self.delete_claim)

    def _qualifies_chosen(self, index: int) -> None:
        claim_id = self.claim.currentData()
        if not self._loading and isinstance(claim_id, str) and claim_id != NEW_CLAIM:
            self.claim_edited.emit(claim_id, "qualifies", self.qualifies.itemData(index))

    def _delete_claim(self) -> None:
        claim_id = self.claim.currentData()
        if isinstance(claim_id, str) and claim_id != NEW_CLAIM:
            self.claim_removed.emit(claim_id)

    def _mention(self, field: str, value: object) -> None:
        row = self.mentions.currentRow()
        if row >= 0 and not self._loading:
            self.mention_edited.emit(row, field, value)

    def _claim_text_edited(self, text: str) -> None:
        claim_id = self.claim.currentData()
        if not self._loading and isinstance(claim_id, str) and claim_id != NEW_CLAIM:
            self.claim_edited.emit(claim_id, "text", text)

    def _firsthand_changed(self, state: int) -> None:
        value = {Qt.CheckState.Checked.value: True,
                 Qt.CheckState.Unchecked.value: False}.get(state)
        self._mention("firsthand", value)

    def _use_selection(self) -> None:
        words = self.text.textCursor().selectedText().replace("\u2029", "\n").strip()
        if words:
            self.quote.setText(words)
            self._mention("quote", words)

    def _accept(self) -> None:
        row = self.suggestions.currentRow()
        if 0 <= row < len(self._offered):
            self.suggestion_accepted.emit(self._offered[row])

    def _reject(self) -> None:
        row = self.suggestions.currentRow()
        if 0 <= row < len(self._offered):
            chosen = self._offered.pop(row)
            self._rejected.add((chosen.report, chosen.claim))
            self.suggestions.takeItem(row)
            self._show_suggestions_row()

    def offer(self, suggestions: tuple[SuggestedMention, ...]) -> None:
        """The library's suggestions for this report (its text, no mentions)."""
        self._offered = [s for s in suggestions
                         if (s.report, s.claim) not in self._rejected]
        self.suggestions.clear()
        for s in self._offered:
            self.suggestions.addItem(suggestion_text(self._story, s) if self._story is not None
                                     else s.claim)
        if self._offered:
            self.suggestions.setCurrentRow(0)
        self._show_suggestions_row()

    def _show_suggestions_row(self) -> None:
        shown = bool(self._offered)
        for widget in (self.suggestions_label, self.suggestions, self.accept_suggestion,
                       self.reject_suggestion):
            widget.setVisible(shown)

    def _mention_chosen(self, row: int) -> None:
        if self._story is not None and self._report is not None:
            self._load_mention(self._story, self._report, row)

    def _load_mention(self, story: Story, report: Report, row: int) -> None:
        on = 0 <= row < len(report.claims)
        for widget in self._mention_fields:
            widget.setEnabled(on)
        loading, self._loading = self._loading, True
        try:
            self.claim.clear()
            for claim in story.claims:
                self.claim.addItem(claim.text or claim.id, claim.id)
                self.claim.setItemData(self.claim.count() - 1, plain_tip(claim.text),
                                       Qt.ItemDataRole.ToolTipRole)
            self.claim.addItem("New claim…", NEW_CLAIM)
            self.holder.clear()
            self.holder.addItem("(nobody named)", None)
            for actor in story.actors:
                self.holder.addItem(actor.name or actor.id, actor.id)
            if not on:
                self.quote.clear()
                self.claim_text.clear()
                return
            mention = report.claims[row]
            texts = {c.id: c.text for c in story.claims}
            _set_text(self.claim_text, texts.get(mention.claim, ""))
            self.claim.setCurrentIndex(max(0, self.claim.findData(mention.claim)))
            self.stance.setCurrentIndex(max(0, self.stance.findData(mention.stance.value)))
            self.holder.setCurrentIndex(max(0, self.holder.findData(mention.holder)))
            _set_text(self.quote, mention.quote or "")
            self.mention_firsthand.setCheckState(
                Qt.CheckState.PartiallyChecked if mention.firsthand is None else
                Qt.CheckState.Checked if mention.firsthand else Qt.CheckState.Unchecked)
            self.part.setCurrentIndex(max(0, self.part.findData(mention.part.value)))
            self.of_attribution.setChecked(mention.of == OF_ATTRIBUTION)
            self.hedged.setChecked(mention.hedged)
            denial = mention.stance is Stance.DENIES
            self.of_attribution.setEnabled(denial or mention.of is not None)
            self.hedged.setEnabled(denial or mention.hedged)
            self.mention_accounts.load(story, mention.accounts)
            self.qualifies.clear()
            self.qualifies.addItem("(no other claim)", None)
            qualifies = None
            for claim in story.claims:
                if claim.id == mention.claim:
                    qualifies = claim.qualifies
                else:
                    self.qualifies.addItem(claim.text or claim.id, claim.id)
            self.qualifies.setCurrentIndex(max(0, self.qualifies.findData(qualifies)))
        finally:
            self._loading = loading

    def load(self, story: Story, report: Report) -> None:
        """Show ``report`` (of ``story``); a field being typed in keeps its text."""
        previous = self.report_id
        if report.id != self.report_id:
            self.clear_errors()
            self.offer(())
            for widget in (self.published, self.title, self.url, self.language, self.text):
                widget.clearFocus()
        self.report_id = report.id
        self._loading = True
        try:
            choices = tuple((actor.name or actor.id, actor.id) for actor in story.actors)
            if choices != self._actor_choices:  # a story's thousand actors: not every edit
                self._actor_choices = choices
                self.actor.clear()
                for name, actor_id in choices:
                    self.actor.addItem(name, actor_id)
                self.actor.addItem("New actor…", NEW_ACTOR)
            self.actor.setCurrentIndex(max(0, self.actor.findData(report.actor)))
            actor = next((a for a in story.actors if a.id == report.actor), None)
            _set_text(self.actor_name, actor.name if actor is not None else "")
            if actor is not None:
                self.actor_kind.setCurrentIndex(
                    max(0, self.actor_kind.findData(actor.kind.value)))
            self.kind.setCurrentIndex(max(0, self.kind.findData(report.kind.value)))
            self.genre.setCurrentIndex(max(0, self.genre.findData(report.genre.value)))
            self.accounts.load(story, report.accounts)
            if "published" not in self.refused:
                _set_text(self.published, str(report.published or ""))
            _set_text(self.title, report.title or "")
            _set_text(self.text, report.text or "")
            _set_text(self.url, report.url or "")
            _set_text(self.language, report.language or "")
            self.firsthand.setChecked(story.is_firsthand(report.id))
            row = self.mentions.currentRow() if report.id == previous else 0
            self.mentions.clear()
            texts = {c.id: c.text for c in story.claims}
            for mention in report.claims:
                self.mentions.addItem(f"{mention.stance.value}: "
                                      f"{texts.get(mention.claim) or mention.claim}")
            row = min(max(row, 0), len(report.claims) - 1)
            self.mentions.setCurrentRow(row)
        finally:
            self._loading = False
        self._story, self._report = story, report
        self._load_mention(story, report, row)

    def _actor_chosen(self, index: int) -> None:
        self._emit("actor", self.actor.itemData(index))


class LinkForm(_Form):
    """A link's fields: its ends (dragged on the chain, or picked here), relation,
    confidence, note, accounts."""

    def __init__(self) -> None:
        super().__init__()
        self.index: int | None = None
        self.ends = QLabel()
        self.ends.setTextFormat(Qt.TextFormat.PlainText)
        self.source = _picker()
        self.source.activated.connect(lambda i: self._emit("source", self.source.itemData(i)))
        self.target = _picker()
        self.target.activated.connect(lambda i: self._emit("target", self.target.itemData(i)))
        self.accounts = AccountsPicker()
        self.accounts.chosen.connect(lambda ids: self._emit("accounts", ids))
        self.relation = QComboBox()
        for relation in Relation:
            self.relation.addItem(relation.value, relation.value)
        self.relation.activated.connect(
            lambda i: self._emit("relation", self.relation.itemData(i)))
        self.confidence = QDoubleSpinBox()
        self.confidence.setRange(0.0, 1.0)
        self.confidence.setSingleStep(0.1)
        self.confidence.setDecimals(2)
        self.confidence.valueChanged.connect(lambda v: self._emit("confidence", v))
        self.note = QLineEdit()
        self.note.textEdited.connect(lambda v: self._emit("note", v))
        self.form.addRow("Link", self.ends)
        self._row("From (source)", "source", self.source)
        self._row("To (target)", "target", self.target)
        self._row("Relation", "relation", self.relation)
        self._row("Confidence", "confidence", self.confidence)
        self._row("Note", "note", self.note)
        self._row("In accounts", "accounts", self.accounts)

    def load(self, link: Link, index: int, story: Story | None = None) -> None:
        if index != self.index:
            self.clear_errors()
        self.index = index
        self._loading = True
        try:
            self.ends.setText(f"{link.source} → {link.target}")
            if story is not None:
                for box, end in ((self.source, link.source), (self.target, link.target)):
                    box.clear()
                    names = {a.id: a.name for a in story.actors}
                    for report in story.reports:
                        said = report.title or f"{names.get(report.actor) or report.actor}, " \
                            f"{report.kind.value.replace('_', ' ')}"
                        box.addItem(f"{said} [{report.id}]", report.id)
                        box.setItemData(box.count() - 1, plain_tip(report.id),
                                        Qt.ItemDataRole.ToolTipRole)
                    box.setCurrentIndex(max(0, box.findData(end)))
                self.accounts.load(story, link.accounts)
            self.relation.setCurrentIndex(max(0, self.relation.findData(link.relation.value)))
            if not self.confidence.hasFocus():
                self.confidence.setValue(link.confidence)
            _set_text(self.note, link.note or "")
        finally:
            self._loading = False


class EditPanel(QStackedWidget):
    """The form of whatever is selected: a report's, a link's, or a hint."""

    def __init__(self) -> None:
        super().__init__()
        self.empty = QLabel("Select a report or a link to edit it; Edit > Add report "
                            "(Ctrl+Shift+R) or Paste report adds one.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.report = ReportForm()
        self.link = LinkForm()
        self.actor = ActorForm()
        self.accounts = AccountsForm()
        self.addWidget(self.empty)
        # Scrolled rather than squeezed: the form does not set the window's least height.
        self._pages: dict[QWidget, QScrollArea] = {}
        for form in (self.report, self.link, self.actor, self.accounts):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(form)
            self._pages[form] = scroll
            self.addWidget(scroll)

    def current_form(self) -> QWidget | None:
        """The form shown (None: the hint)."""
        return next((f for f, page in self._pages.items() if page is self.currentWidget()),
                    None)

    def show_report(self, story: Story, report: Report) -> None:
        self.report.load(story, report)
        self.setCurrentWidget(self._pages[self.report])

    def show_link(self, link: Link, index: int, story: Story | None = None) -> None:
        self.link.load(link, index, story)
        self.setCurrentWidget(self._pages[self.link])

    def show_actor(self, actor: Actor) -> None:
        self.actor.load(actor)
        self.setCurrentWidget(self._pages[self.actor])

    def show_accounts(self, story: Story, current: str | None = None) -> None:
        self.accounts.load(story, current)
        self.setCurrentWidget(self._pages[self.accounts])

    def clear(self) -> None:
        self.setCurrentWidget(self.empty)
