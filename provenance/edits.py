"""Every edit of a story, as a pure function: a story in, a new story out.

The model is immutable, so an edit never changes the story it is given: it returns a
changed copy (:func:`attrs.evolve`) that shares every record the edit did not touch,
and an undo is a swap back to the story before. An edit the format forbids (a
reference to a missing item, a repeated id, a self-link, a bad date or address) is
refused with an :class:`~provenance.errors.EditError` whose ``field`` names the field
as a JSON path (``reports[3].published``) and whose message says why, in words to
show beside that field. Only what the edit touches is checked, by the rules the story
file's reader applies (:func:`provenance.files.story.story_from_data`), so that every
edited story can be saved, and an edit costs at most a pass over the story.

Renaming an id renames every reference to it; removing a claim or a report takes its
mentions and links with it (:func:`removal_effects` says how many, for the question
asked before); an actor is removed only once nothing refers to it.

Examples
--------
>>> from provenance.model import Actor, Claim, ClaimMention, Link, Report
>>> story = new_story("Demo")
>>> story = add_actor(story, Actor("a", "Agency"))
>>> story = add_report(story, Report(next_id([], "report"), "a"))
>>> story = add_report(story, Report(next_id([r.id for r in story.reports], "report"), "a"))
>>> [r.id for r in story.reports]
['report-1', 'report-2']
>>> story = add_link(story, Link("report-1", "report-2"))
>>> story = change_report(story, "report-1", id="statement", published="2017-01-23")
>>> story.links[0].source, str(story.reports[0].published)
('statement', '2017-01-23')
>>> change_report(story, "statement", published="23/01/2017")
Traceback (most recent call last):
...
provenance.errors.EditError: not an ISO 8601 date or date-time (e.g. 2017-01-23T12:00:00+03:00): \
write a year (2017), a month (2017-01), a day (2017-01-23) or a day and a time \
(2017-01-23T12:00, or with seconds and the UTC offset: 2017-01-23T12:00:00+03:00)
>>> add_link(story, Link("statement", "statement"))
Traceback (most recent call last):
...
provenance.errors.EditError: a report cannot draw on itself: choose another report
>>> print(removal_effects(story, "statement").message)
Removing the report "statement" also removes 1 link (with "report-2").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import attrs

from .errors import EditError, StoryFormatError
from .files.story import story_from_data, story_to_data
from .model import (
    OF_ATTRIBUTION,
    Account,
    Actor,
    ActorKind,
    Claim,
    ClaimMention,
    Genre,
    Link,
    Part,
    PublicationTime,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
)

__all__ = [
    "new_story",
    "change_story",
    "add_actor",
    "change_actor",
    "remove_actor",
    "add_claim",
    "change_claim",
    "remove_claim",
    "add_report",
    "change_report",
    "remove_report",
    "removal_effects",
    "RemovalEffects",
    "add_mention",
    "change_mention",
    "remove_mention",
    "add_link",
    "change_link",
    "remove_link",
    "add_account",
    "change_account",
    "remove_account",
    "claim_removal_effects",
    "ClaimRemovalEffects",
    "account_removal_effects",
    "AccountRemovalEffects",
    "report_from_paste",
    "PastedReport",
    "next_id",
    "DATE_FORMATS",
    "EditError",
]

#: What a report's ``published`` field accepts, in words (for a date field's hint).
DATE_FORMATS = ("a year (2017), a month (2017-01), a day (2017-01-23) or a day and a time "
                "(2017-01-23T12:00, or with seconds and the UTC offset: "
                "2017-01-23T12:00:00+03:00)")

_STORY_FIELDS = frozenset({"title", "summary"})
_ACTOR_FIELDS = frozenset({"id", "name", "kind", "country", "url", "audience"})
_CLAIM_FIELDS = frozenset({"id", "text", "qualifies"})
_REPORT_FIELDS = frozenset({"id", "actor", "kind", "published", "title", "text", "url",
                            "language", "firsthand", "genre", "accounts"})
_MENTION_FIELDS = frozenset({"claim", "stance", "holder", "quote", "firsthand", "part", "of",
                             "hedged", "accounts"})
_LINK_FIELDS = frozenset({"source", "target", "relation", "confidence", "note", "accounts"})
_ACCOUNT_FIELDS = frozenset({"id", "name", "by", "summary", "url"})

_T = TypeVar("_T")
_E = TypeVar("_E", bound=Enum)


# --------------------------------------------------------------------------- #
# Checks, each of what one edit touches.

def _fields(fields: Mapping[str, Any], known: frozenset[str], function: str) -> None:
    unknown = sorted(set(fields) - known)
    if unknown:
        raise TypeError(f"{function}() takes the fields {', '.join(sorted(known))}, "
                        f"not {', '.join(unknown)}")


def _position(items: tuple[_T, ...], item: _T) -> int:
    """Where ``item`` (the very object) is in ``items``: identity, not equality, so that
    it costs a pointer comparison a record."""
    for i, candidate in enumerate(items):
        if candidate is item:
            return i
    raise ValueError("not in the story")  # pragma: no cover - the index and tuple agree


def _replaced(items: tuple[_T, ...], i: int, item: _T) -> tuple[_T, ...]:
    return items[:i] + (item,) + items[i + 1:]


def _quoted(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _actor_at(story: Story, actor_id: str) -> tuple[int, Actor]:
    try:
        actor = story.actor(actor_id)
    except (KeyError, TypeError):
        raise EditError("actors", f"no actor has the id {_quoted(actor_id)}") from None
    return _position(story.actors, actor), actor


def _claim_at(story: Story, claim_id: str) -> tuple[int, Claim]:
    try:
        claim = story.claim(claim_id)
    except (KeyError, TypeError):
        raise EditError("claims", f"no claim has the id {_quoted(claim_id)}") from None
    return _position(story.claims, claim), claim


def _report_at(story: Story, report_id: str) -> tuple[int, Report]:
    try:
        report = story.report(report_id)
    except (KeyError, TypeError):
        raise EditError("reports", f"no report has the id {_quoted(report_id)}") from None
    return _position(story.reports, report), report


def _index_in(count: int, index: Any, path: str, what: str) -> int:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        have = f"there {'is' if count == 1 else 'are'} {count}"
        raise EditError(path, f"there is no {what} number {index!r} ({have})")
    return index


def _new_id(value: Any, path: str, taken: Callable[[str], bool], what: str) -> str:
    if not isinstance(value, str):
        raise EditError(path, "an id must be text")
    if not value:
        raise EditError(path, "an id must not be empty")
    if taken(value):
        raise EditError(path, f"another {what} already has the id {_quoted(value)}")
    return value


def _reference(story: Story, value: Any, path: str, what: str, *,
               optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise EditError(path, f"choose {'an' if what == 'actor' else 'a'} {what}")
    try:
        {"actor": story.actor, "claim": story.claim, "report": story.report}[what](value)
    except KeyError:
        raise EditError(path, f"no {what} has the id {_quoted(value)}") from None


def _choice(kind: type[_E], value: Any, path: str) -> _E:
    if isinstance(value, kind):
        return value
    for option in kind:
        if value == option.value:
            return option
    choices = ", ".join(str(option.value) for option in kind)
    raise EditError(path, f"must be one of {choices} (not {_quoted(value)})")


def _published(value: Any, path: str) -> PublicationTime | None:
    if value is None or isinstance(value, PublicationTime):
        return value
    if not isinstance(value, str):
        raise EditError(path, f"must be a date written as text: {DATE_FORMATS}")
    if not value.strip():
        return None  # a cleared date field: no date
    try:
        return PublicationTime.parse(value)
    except ValueError as err:
        raise EditError(path, f"{err}: write {DATE_FORMATS}") from None


def _blank(value: Any) -> Any:
    """A cleared optional text (blank or only spaces) means none: a script and the
    viewer's forms write the same file."""
    return None if isinstance(value, str) and not value.strip() else value


def _validate(mini: Story, mini_prefix: str, real_prefix: str) -> None:
    """Check ``mini`` (a story holding what an edit touches, under ``mini_prefix``) as
    the story file's reader does, naming a problem at its place in the real story."""
    try:
        story_from_data(story_to_data(mini))
    except StoryFormatError as err:
        issues = [issue for issue in err.issues if issue.path.startswith(mini_prefix)]
        issue = (issues or list(err.issues))[0]
        rest = issue.path[len(mini_prefix):] if issue.path.startswith(mini_prefix) else ""
        raise EditError(real_prefix + rest, issue.reason) from None
    except (AttributeError, TypeError, ValueError) as err:  # a value of the wrong type
        raise EditError(real_prefix, f"holds a value a story cannot save ({err})") from None


def _v1(item: Any) -> Any:
    """``item`` without its version 2 fields, for the reader's checks of the rest (the
    edits check those fields themselves, against the whole story)."""
    if isinstance(item, Report):
        return attrs.evolve(item, genre=Genre.NEWS, accounts=(),
                            claims=tuple(_v1(m) for m in item.claims))
    if isinstance(item, ClaimMention):
        return attrs.evolve(item, part=Part.BODY, of=None, hedged=False, accounts=())
    if isinstance(item, Claim):
        return attrs.evolve(item, qualifies=None)
    if isinstance(item, Link):
        return attrs.evolve(item, accounts=())
    return item


def _account_ids(story: Story, value: Any, path: str) -> tuple[str, ...]:
    """The accounts an item belongs to: known account ids, each once (empty: every one)."""
    if value is None:
        return ()
    try:
        ids = tuple(value)
    except TypeError:
        raise EditError(path, "must be a list of account ids") from None
    known = {a.id for a in story.accounts}
    for account_id in ids:
        if not isinstance(account_id, str):
            raise EditError(path, "an account id must be text")
        if account_id not in known:
            raise EditError(path, f"no account has the id {_quoted(account_id)}"
                                  + ("" if known else " (the story has no accounts yet)"))
    if len(set(ids)) != len(ids):
        raise EditError(path, "names an account more than once")
    return ids


def _split_accounts(fields: dict[str, Any]) -> dict[str, Any]:
    """``accounts`` given as comma-separated text (a form's field) as a list of ids."""
    value = fields.get("accounts")
    if isinstance(value, str):
        fields["accounts"] = [part.strip() for part in value.split(",") if part.strip()]
    return fields


def _members(story: Story, accounts: tuple[str, ...]) -> set[str]:
    return set(accounts) if accounts else {a.id for a in story.accounts}


def _link_in_accounts(story: Story, link: Link, path: str,
                      reports: Mapping[str, Report] | None = None) -> None:
    """A link belongs only to accounts that hold both its reports (each account is a
    complete story)."""
    if not story.accounts:
        return
    find = reports.get if reports is not None else story._index("reports").get
    for end in ("source", "target"):
        report = find(getattr(link, end))
        if report is None:
            continue
        missing = sorted(_members(story, link.accounts) - _members(story, report.accounts))
        if missing:
            raise EditError(path, f"the link is in the account {_quoted(missing[0])}, where "
                                  f"its {end} {_quoted(report.id)} is not: the report is only "
                                  f"in {', '.join(_quoted(a) for a in report.accounts)} "
                                  "(put the link in fewer accounts first)")


def _checked_actor(story: Story, actor: Actor, i: int, old_id: str | None) -> Actor:
    if not isinstance(actor, Actor):
        raise TypeError(f"an actor must be an Actor, not {type(actor).__name__}")
    path = f"actors[{i}]"
    if actor.id != old_id:
        _new_id(actor.id, f"{path}.id", lambda value: value in story._index("actors"), "actor")
    actor = attrs.evolve(actor, kind=_choice(ActorKind, actor.kind, f"{path}.kind"),
                         country=_blank(actor.country), url=_blank(actor.url))
    _validate(Story("", actors=(actor,)), "actors[0]", path)
    return actor


def _checked_claim(story: Story, claim: Claim, i: int, old_id: str | None) -> Claim:
    if not isinstance(claim, Claim):
        raise TypeError(f"a claim must be a Claim, not {type(claim).__name__}")
    path = f"claims[{i}]"
    if claim.id != old_id:
        _new_id(claim.id, f"{path}.id", lambda value: value in story._index("claims"), "claim")
    claim = attrs.evolve(claim, qualifies=_blank(claim.qualifies))
    if claim.qualifies is not None:
        if claim.qualifies in (claim.id, old_id):
            raise EditError(f"{path}.qualifies", "a claim cannot qualify itself: choose the "
                                                 "claim it limits")
        _reference(story, claim.qualifies, f"{path}.qualifies", "claim")
    _validate(Story("", claims=(_v1(claim),)), "claims[0]", path)
    return claim


def _checked_mention(story: Story, mention: ClaimMention, path: str) -> ClaimMention:
    if not isinstance(mention, ClaimMention):
        raise TypeError(f"a mention must be a ClaimMention, not {type(mention).__name__}")
    mention = attrs.evolve(mention, holder=_blank(mention.holder), quote=_blank(mention.quote),
                           of=_blank(mention.of))
    _reference(story, mention.claim, f"{path}.claim", "claim")
    _reference(story, mention.holder, f"{path}.holder", "actor", optional=True)
    stance = _choice(Stance, mention.stance, f"{path}.stance")
    part = _choice(Part, mention.part, f"{path}.part")
    if not isinstance(mention.hedged, bool):
        raise EditError(f"{path}.hedged", "must be true or false")
    if mention.hedged and stance is not Stance.DENIES:
        raise EditError(f"{path}.hedged", "only a denial can be hedged: the stance is "
                                          f"{stance.value}, not denies")
    if mention.of is not None:
        if mention.of != OF_ATTRIBUTION:
            raise EditError(f"{path}.of", f"must be {OF_ATTRIBUTION} or nothing (not "
                                          f"{_quoted(mention.of)})")
        if stance is not Stance.DENIES:
            raise EditError(f"{path}.of", "only a denial can dispute an attribution: the "
                                          f"stance is {stance.value}, not denies")
        if mention.holder is None:
            raise EditError(f"{path}.of", "a denied attribution needs a holder: choose who "
                                          "is said never to have said it")
    accounts = _account_ids(story, mention.accounts, f"{path}.accounts")
    return attrs.evolve(mention, stance=stance, part=part, accounts=accounts)


def _mini_report(report: Report) -> Story:
    """A story holding ``report`` and a stand-in for each actor and claim it names."""
    actors = dict.fromkeys([report.actor] + [m.holder for m in report.claims if m.holder])
    claims = dict.fromkeys(m.claim for m in report.claims)
    return Story("", actors=[Actor(a, "") for a in actors],
                 claims=[Claim(c, "") for c in claims], reports=(_v1(report),))


def _checked_report(story: Story, report: Report, i: int, old_id: str | None) -> Report:
    if not isinstance(report, Report):
        raise TypeError(f"a report must be a Report, not {type(report).__name__}")
    path = f"reports[{i}]"
    if report.id != old_id:
        _new_id(report.id, f"{path}.id", lambda value: value in story._index("reports"),
                "report")
    _reference(story, report.actor, f"{path}.actor", "actor")
    mentions = tuple(_checked_mention(story, m, f"{path}.claims[{j}]")
                     for j, m in enumerate(report.claims))
    report = attrs.evolve(
        report, kind=_choice(ReportKind, report.kind, f"{path}.kind"),
        published=_published(report.published, f"{path}.published"),
        title=_blank(report.title), text=_blank(report.text), url=_blank(report.url),
        language=_blank(report.language), claims=mentions,
        genre=_choice(Genre, report.genre, f"{path}.genre"),
        accounts=_account_ids(story, report.accounts, f"{path}.accounts"))
    _validate(_mini_report(report), "reports[0]", path)
    if story.accounts and (old_id is None or report.accounts != story.report(old_id).accounts):
        reports = dict(story._index("reports"))
        if old_id is not None:
            reports.pop(old_id, None)
        reports[report.id] = report
        for link in story.links:
            if old_id in (link.source, link.target):
                _link_in_accounts(story, _renamed_link(link, old_id, report.id),
                                  f"{path}.accounts", reports)
    return report


def _checked_link(story: Story, link: Link, i: int, blame: str = "target") -> Link:
    if not isinstance(link, Link):
        raise TypeError(f"a link must be a Link, not {type(link).__name__}")
    path = f"links[{i}]"
    _reference(story, link.source, f"{path}.source", "report")
    _reference(story, link.target, f"{path}.target", "report")
    if link.source == link.target:
        raise EditError(f"{path}.{blame}", "a report cannot draw on itself: choose another "
                                           "report")
    link = attrs.evolve(link, relation=_choice(Relation, link.relation, f"{path}.relation"),
                        note=_blank(link.note),
                        accounts=_account_ids(story, link.accounts, f"{path}.accounts"))
    _link_in_accounts(story, link, f"{path}.accounts")
    if isinstance(link.confidence, bool):
        raise EditError(f"{path}.confidence", "must be a number from 0 to 1")
    for j, other in enumerate(story.links):
        if j != i and (other.source, other.target, other.relation) == (
                link.source, link.target, link.relation):
            raise EditError(path, f'a link from "{link.source}" to "{link.target}" that '
                                  f'{link.relation.value} is already there (links[{j}])')
    mini = Story("", actors=(Actor("a", ""),),
                 reports=(Report(link.source, "a"), Report(link.target, "a")),
                 links=(_v1(link),))
    _validate(mini, "links[0]", path)
    return link


# --------------------------------------------------------------------------- #
# The story

def new_story(title: str) -> Story:
    """An empty story with this title.

    >>> new_story("Reported joint strike")
    <Story 'Reported joint strike': 0 reports, 0 links, 0 actors, 0 claims>
    """
    story = Story(title)
    _validate(story, "title", "title")
    return story


def change_story(story: Story, **fields: Any) -> Story:
    """The story with its ``title`` or ``summary`` changed (None: no summary)."""
    _fields(fields, _STORY_FIELDS, "change_story")
    changed = attrs.evolve(story, **fields)
    _validate(Story(changed.title, summary=changed.summary, extra=changed.extra), "", "")
    return changed


# --------------------------------------------------------------------------- #
# Actors

def add_actor(story: Story, actor: Actor) -> Story:
    """The story with ``actor`` added (its id must be new)."""
    actor = _checked_actor(story, actor, len(story.actors), None)
    return attrs.evolve(story, actors=story.actors + (actor,))


def change_actor(story: Story, actor_id: str, **fields: Any) -> Story:
    """The story with the actor's fields changed: id, name, kind, country, url, audience.

    A new id is given to every report by the actor, every mention naming it as
    holder and every account it gives. A blank ``country`` or ``url`` means none.
    """
    _fields(fields, _ACTOR_FIELDS, "change_actor")
    i, old = _actor_at(story, actor_id)
    new = _checked_actor(story, attrs.evolve(old, **fields), i, old.id)
    reports, accounts = story.reports, story.accounts
    if new.id != old.id:
        reports = tuple(_renamed_actor(r, old.id, new.id) for r in reports)
        if any(a.by == old.id for a in accounts):
            accounts = tuple(attrs.evolve(a, by=new.id) if a.by == old.id else a
                             for a in accounts)
    return attrs.evolve(story, actors=_replaced(story.actors, i, new), reports=reports,
                        accounts=accounts)


def _renamed_actor(report: Report, old: str, new: str) -> Report:
    if report.actor != old and all(m.holder != old for m in report.claims):
        return report
    mentions = tuple(attrs.evolve(m, holder=new) if m.holder == old else m
                     for m in report.claims)
    return attrs.evolve(report, actor=new if report.actor == old else report.actor,
                        claims=mentions)


def remove_actor(story: Story, actor_id: str) -> Story:
    """The story without the actor; refused while a report is by it, a mention names it
    as holder or an account is given by it."""
    i, actor = _actor_at(story, actor_id)
    by = sum(1 for r in story.reports if r.actor == actor_id)
    holding = sum(1 for r in story.reports for m in r.claims if m.holder == actor_id)
    giving = sum(1 for a in story.accounts if a.by == actor_id)
    if by or holding or giving:
        uses = []
        if by:
            uses.append(f"{by} report{'s are' if by != 1 else ' is'} by this actor")
        if holding:
            uses.append(f"{holding} claim mention{'s name' if holding != 1 else ' names'} "
                        "it as holder")
        if giving:
            uses.append(f"{giving} account{'s are' if giving != 1 else ' is'} given by it")
        raise EditError(f"actors[{i}]", f"cannot be removed: {' and '.join(uses)} "
                                        "(remove them or give them another actor first)")
    return attrs.evolve(story, actors=story.actors[:i] + story.actors[i + 1:])


# --------------------------------------------------------------------------- #
# Claims

def add_claim(story: Story, claim: Claim) -> Story:
    """The story with ``claim`` added (its id must be new)."""
    claim = _checked_claim(story, claim, len(story.claims), None)
    return attrs.evolve(story, claims=story.claims + (claim,))


def change_claim(story: Story, claim_id: str, **fields: Any) -> Story:
    """The story with the claim's ``id``, ``text`` or ``qualifies`` (the id of the claim it
    is context for, None or blank: none) changed; a new id renames every mention and
    every claim that qualifies it."""
    _fields(fields, _CLAIM_FIELDS, "change_claim")
    i, old = _claim_at(story, claim_id)
    new = _checked_claim(story, attrs.evolve(old, **fields), i, old.id)
    reports, claims = story.reports, _replaced(story.claims, i, new)
    if new.id != old.id:
        claims = tuple(attrs.evolve(c, qualifies=new.id) if c.qualifies == old.id else c
                       for c in claims)
        reports = tuple(
            attrs.evolve(r, claims=tuple(attrs.evolve(m, claim=new.id) if m.claim == old.id
                                         else m for m in r.claims))
            if any(m.claim == old.id for m in r.claims) else r
            for r in reports)
    return attrs.evolve(story, claims=claims, reports=reports)


def remove_claim(story: Story, claim_id: str) -> Story:
    """The story without the claim and without every mention of it; a claim that
    qualified it qualifies nothing any more (:func:`claim_removal_effects` says what
    goes, for the question asked before)."""
    i, _ = _claim_at(story, claim_id)
    reports = tuple(
        attrs.evolve(r, claims=tuple(m for m in r.claims if m.claim != claim_id))
        if any(m.claim == claim_id for m in r.claims) else r
        for r in story.reports)
    claims = tuple(attrs.evolve(c, qualifies=None) if c.qualifies == claim_id else c
                   for c in story.claims[:i] + story.claims[i + 1:])
    return attrs.evolve(story, claims=claims, reports=reports)


@attrs.frozen
class ClaimRemovalEffects:
    """What else goes when a claim is removed: its mentions (``mentions`` of them, in
    ``reports``) and the qualifying claims that lose what they qualify."""

    claim: str
    mentions: int
    reports: tuple[str, ...]
    qualifiers: tuple[str, ...]

    @property
    def message(self) -> str:
        """One sentence, e.g. ``Removing the claim "c" also removes 2 claim mentions
        (in "r1", "r2").``"""
        parts = []
        if self.mentions:
            parts.append(f"removes {self.mentions} claim mention"
                         f"{'s' if self.mentions != 1 else ''} (in {_names(self.reports)})")
        if self.qualifiers:
            parts.append(f"leaves {_names(self.qualifiers)} qualifying nothing")
        head = f"Removing the claim {_quoted(self.claim)}"
        if not parts:
            return f"{head} removes nothing else."
        return f"{head} also {' and '.join(parts)}."


def claim_removal_effects(story: Story, claim_id: str) -> ClaimRemovalEffects:
    """What :func:`remove_claim` takes with the claim.

    >>> story = Story("T", actors=[Actor("a", "A")], claims=[Claim("c", "C")],
    ...               reports=[Report("r", "a", claims=[ClaimMention("c", Stance.ASSERTS)])])
    >>> print(claim_removal_effects(story, "c").message)
    Removing the claim "c" also removes 1 claim mention (in "r").
    """
    _claim_at(story, claim_id)
    counts = {r.id: sum(1 for m in r.claims if m.claim == claim_id) for r in story.reports}
    reports = tuple(r for r, n in counts.items() if n)
    qualifiers = tuple(c.id for c in story.claims if c.qualifies == claim_id)
    return ClaimRemovalEffects(claim_id, sum(counts.values()), reports, qualifiers)


# --------------------------------------------------------------------------- #
# Reports

def add_report(story: Story, report: Report) -> Story:
    """The story with ``report`` added (a new id; its actor and its mentions' claims and
    holders must be in the story). ``published`` may be given as text."""
    report = _checked_report(story, report, len(story.reports), None)
    return attrs.evolve(story, reports=story.reports + (report,))


def change_report(story: Story, report_id: str, **fields: Any) -> Story:
    """The story with the report's fields changed: id, actor, kind, published, title,
    text, url, language, firsthand, and (version 2) genre and accounts (account ids, a
    list or comma-separated text; empty: every account).

    ``published`` is text read as the story file's dates are (blank: no date), or a
    :class:`~provenance.model.PublicationTime`; a blank title, text, url or language
    means none. A new id is given to every link from or to the report.
    """
    _fields(fields, _REPORT_FIELDS, "change_report")
    _split_accounts(fields)
    i, old = _report_at(story, report_id)
    path = f"reports[{i}]"
    if "published" in fields:
        fields["published"] = _published(fields["published"], f"{path}.published")
    new = _checked_report(story, attrs.evolve(old, **fields), i, old.id)
    links = story.links
    if new.id != old.id:
        links = tuple(_renamed_link(k, old.id, new.id) for k in links)
    return attrs.evolve(story, reports=_replaced(story.reports, i, new), links=links)


def _renamed_link(link: Link, old: str, new: str) -> Link:
    if link.source != old and link.target != old:
        return link
    return attrs.evolve(link, source=new if link.source == old else link.source,
                        target=new if link.target == old else link.target)


def remove_report(story: Story, report_id: str) -> Story:
    """The story without the report, its mentions and every link from or to it."""
    i, _ = _report_at(story, report_id)
    links = tuple(k for k in story.links if k.source != report_id and k.target != report_id)
    if len(links) == len(story.links):
        links = story.links
    return attrs.evolve(story, reports=story.reports[:i] + story.reports[i + 1:], links=links)


@attrs.frozen
class RemovalEffects:
    """What else goes when a report is removed: for the question asked before.

    ``links`` are the positions (in ``story.links``) of the links from or to it;
    ``linked_reports`` the reports at their other ends; ``mentions`` how many claim
    mentions the report holds, and ``claims`` the claims they mention.
    """

    report: str
    links: tuple[int, ...]
    linked_reports: tuple[str, ...]
    mentions: int
    claims: tuple[str, ...]

    @property
    def link_count(self) -> int:
        """How many links go with the report."""
        return len(self.links)

    @property
    def message(self) -> str:
        """One sentence: ``Removing the report "r" also removes 2 links (with "a", "b").``"""
        parts = []
        if self.links:
            count = len(self.links)
            parts.append(f"{count} link{'s' if count != 1 else ''} (with "
                         f"{_names(self.linked_reports)})")
        if self.mentions:
            parts.append(f"{self.mentions} claim mention{'s' if self.mentions != 1 else ''} "
                         f"(of {_names(self.claims)})")
        head = f"Removing the report {_quoted(self.report)}"
        if not parts:
            return f"{head} removes nothing else."
        return f"{head} also removes {' and '.join(parts)}."


def _names(ids: tuple[str, ...], most: int = 5) -> str:
    shown = ", ".join(_quoted(name) for name in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def removal_effects(story: Story, report_id: str) -> RemovalEffects:
    """What :func:`remove_report` takes with the report.

    >>> from provenance.model import Actor, Link, Report
    >>> story = Story("T", actors=[Actor("a", "A")],
    ...               reports=[Report("r1", "a"), Report("r2", "a")], links=[Link("r1", "r2")])
    >>> removal_effects(story, "r2")
    RemovalEffects(report='r2', links=(0,), linked_reports=('r1',), mentions=0, claims=())
    """
    _, report = _report_at(story, report_id)
    links = tuple(j for j, k in enumerate(story.links)
                  if k.source == report_id or k.target == report_id)
    others = dict.fromkeys(story.links[j].target if story.links[j].source == report_id
                           else story.links[j].source for j in links)
    claims = dict.fromkeys(m.claim for m in report.claims)
    return RemovalEffects(report_id, links, tuple(others), len(report.claims), tuple(claims))


# --------------------------------------------------------------------------- #
# Claim mentions

def add_mention(story: Story, report_id: str, mention: ClaimMention) -> Story:
    """The story with ``mention`` added at the end of the report's mentions."""
    i, report = _report_at(story, report_id)
    return _with_mention(story, i, report, len(report.claims), mention)


def _with_mention(story: Story, i: int, report: Report, j: int,
                  mention: ClaimMention) -> Story:
    path = f"reports[{i}].claims[{j}]"
    mention = _checked_mention(story, mention, path)
    _validate(_mini_report(attrs.evolve(report, claims=(mention,))), "reports[0].claims[0]",
              path)
    mentions = report.claims[:j] + (mention,) + report.claims[j + 1:]
    return attrs.evolve(story, reports=_replaced(story.reports, i,
                                                 attrs.evolve(report, claims=mentions)))


def change_mention(story: Story, report_id: str, index: int, **fields: Any) -> Story:
    """The story with the report's mention number ``index`` changed: claim, stance,
    holder, quote, firsthand, and (version 2) part, of (``"attribution"``: the holder
    never said it; needs a holder and a denial), hedged (only on a denial) and accounts."""
    _fields(fields, _MENTION_FIELDS, "change_mention")
    _split_accounts(fields)
    i, report = _report_at(story, report_id)
    j = _index_in(len(report.claims), index, f"reports[{i}].claims", "mention")
    return _with_mention(story, i, report, j, attrs.evolve(report.claims[j], **fields))


def remove_mention(story: Story, report_id: str, index: int) -> Story:
    """The story without the report's mention number ``index``."""
    i, report = _report_at(story, report_id)
    j = _index_in(len(report.claims), index, f"reports[{i}].claims", "mention")
    mentions = report.claims[:j] + report.claims[j + 1:]
    return attrs.evolve(story, reports=_replaced(story.reports, i,
                                                 attrs.evolve(report, claims=mentions)))


# --------------------------------------------------------------------------- #
# Links

def add_link(story: Story, link: Link) -> Story:
    """The story with ``link`` added: between two reports of the story, not a report and
    itself, and not repeating a link with the same source, target and relation."""
    link = _checked_link(story, link, len(story.links))
    return attrs.evolve(story, links=story.links + (link,))


def change_link(story: Story, index: int, **fields: Any) -> Story:
    """The story with link number ``index`` changed: source, target (other reports of the
    story, not each other), relation, confidence (0 to 1), note, accounts."""
    _fields(fields, _LINK_FIELDS, "change_link")
    _split_accounts(fields)
    i = _index_in(len(story.links), index, "links", "link")
    blame = "source" if "source" in fields and "target" not in fields else "target"
    link = _checked_link(story, attrs.evolve(story.links[i], **fields), i, blame)
    return attrs.evolve(story, links=_replaced(story.links, i, link))


def remove_link(story: Story, index: int) -> Story:
    """The story without link number ``index``."""
    i = _index_in(len(story.links), index, "links", "link")
    return attrs.evolve(story, links=story.links[:i] + story.links[i + 1:])


# --------------------------------------------------------------------------- #
# Accounts (format version 2)

def _account_at(story: Story, account_id: str) -> tuple[int, Account]:
    for i, account in enumerate(story.accounts):
        if account.id == account_id:
            return i, account
    raise EditError("accounts", f"no account has the id {_quoted(account_id)}")


def _checked_account(story: Story, account: Account, i: int, old_id: str | None) -> Account:
    if not isinstance(account, Account):
        raise TypeError(f"an account must be an Account, not {type(account).__name__}")
    path = f"accounts[{i}]"
    if account.id != old_id:
        _new_id(account.id, f"{path}.id",
                lambda value: any(a.id == value for a in story.accounts), "account")
    if not isinstance(account.name, str):
        raise EditError(f"{path}.name", "must be text")
    account = attrs.evolve(account, by=_blank(account.by), summary=_blank(account.summary),
                           url=_blank(account.url))
    _reference(story, account.by, f"{path}.by", "actor", optional=True)
    for field in ("summary", "url"):
        if getattr(account, field) is not None and not isinstance(getattr(account, field), str):
            raise EditError(f"{path}.{field}", "must be text")
    if account.url is not None:
        # The url is checked as the story reader checks an actor's.
        _validate(Story("", actors=(Actor("a", "", url=account.url),)), "actors[0].url",
                  f"{path}.url")
    return account


def add_account(story: Story, account: Account) -> Story:
    """The story with ``account`` added (a new id; ``by``, if given, an actor of the story).

    >>> story = add_account(new_story("T"), Account("ministry", "As the ministry tells it"))
    >>> [a.id for a in story.accounts]
    ['ministry']
    """
    account = _checked_account(story, account, len(story.accounts), None)
    return attrs.evolve(story, accounts=story.accounts + (account,))


def change_account(story: Story, account_id: str, **fields: Any) -> Story:
    """The story with the account's fields changed: id, name, by, summary, url. A new id
    renames it in every report, link and mention that belongs to it."""
    _fields(fields, _ACCOUNT_FIELDS, "change_account")
    i, old = _account_at(story, account_id)
    new = _checked_account(story, attrs.evolve(old, **fields), i, old.id)
    accounts = _replaced(story.accounts, i, new)
    if new.id == old.id:
        return attrs.evolve(story, accounts=accounts)

    def renamed(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new.id if a == old.id else a for a in ids)

    reports = tuple(
        attrs.evolve(r, accounts=renamed(r.accounts),
                     claims=tuple(attrs.evolve(m, accounts=renamed(m.accounts))
                                  if old.id in m.accounts else m for m in r.claims))
        if old.id in r.accounts or any(old.id in m.accounts for m in r.claims) else r
        for r in story.reports)
    links = tuple(attrs.evolve(k, accounts=renamed(k.accounts)) if old.id in k.accounts else k
                  for k in story.links)
    return attrs.evolve(story, accounts=accounts, reports=reports, links=links)


@attrs.frozen
class AccountRemovalEffects:
    """What else goes when an account is removed: the reports, links (positions in
    ``story.links``, with those of the reports that go) and mentions (``(report id,
    index)``) that belong to it alone. What belongs to it and to others only leaves it."""

    account: str
    reports: tuple[str, ...]
    links: tuple[int, ...]
    mentions: tuple[tuple[str, int], ...]

    @property
    def message(self) -> str:
        """One sentence, for the question asked before."""
        parts = []
        if self.reports:
            parts.append(f"{len(self.reports)} report{'s' if len(self.reports) != 1 else ''} "
                         f"({_names(self.reports)})")
        if self.links:
            parts.append(f"{len(self.links)} link{'s' if len(self.links) != 1 else ''}")
        if self.mentions:
            parts.append(f"{len(self.mentions)} claim mention"
                         f"{'s' if len(self.mentions) != 1 else ''}")
        head = f"Removing the account {_quoted(self.account)}"
        if not parts:
            return f"{head} removes nothing else."
        return f"{head} also removes {' and '.join(parts)}, which belong to it alone."


def account_removal_effects(story: Story, account_id: str) -> AccountRemovalEffects:
    """What :func:`remove_account` takes with the account.

    >>> story = Story("T", actors=[Actor("a", "A")], accounts=[Account("x", "X")],
    ...               reports=[Report("r1", "a"), Report("r2", "a", accounts=["x"])])
    >>> print(account_removal_effects(story, "x").message)
    Removing the account "x" also removes 1 report ("r2"), which belong to it alone.
    """
    _account_at(story, account_id)
    alone = (account_id,)
    reports = tuple(r.id for r in story.reports if r.accounts == alone)
    gone = set(reports)
    links = tuple(j for j, k in enumerate(story.links)
                  if k.accounts == alone or k.source in gone or k.target in gone)
    mentions = tuple((r.id, j) for r in story.reports if r.id not in gone
                     for j, m in enumerate(r.claims) if m.accounts == alone)
    return AccountRemovalEffects(account_id, reports, links, mentions)


def remove_account(story: Story, account_id: str) -> Story:
    """The story without the account: what belongs to it alone goes with it
    (:func:`account_removal_effects`), what belongs to others too only leaves it."""
    i, _ = _account_at(story, account_id)
    effects = account_removal_effects(story, account_id)
    gone, dropped = set(effects.reports), set(effects.links)

    def left(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a for a in ids if a != account_id)

    reports = tuple(
        attrs.evolve(r, accounts=left(r.accounts),
                     claims=tuple(attrs.evolve(m, accounts=left(m.accounts))
                                  for m in r.claims if m.accounts != (account_id,)))
        if account_id in r.accounts or any(account_id in m.accounts for m in r.claims) else r
        for r in story.reports if r.id not in gone)
    links = tuple(attrs.evolve(k, accounts=left(k.accounts)) if account_id in k.accounts else k
                  for j, k in enumerate(story.links) if j not in dropped)
    return attrs.evolve(story, accounts=story.accounts[:i] + story.accounts[i + 1:],
                        reports=reports, links=links)


# --------------------------------------------------------------------------- #
# Ids and pasted reports

def next_id(existing: Iterable[str], stem: str) -> str:
    """The first of ``stem-1``, ``stem-2``, ... that is not in ``existing``.

    >>> next_id(["report-1", "report-3"], "report")
    'report-2'
    """
    taken = set(existing)
    stem = stem or "item"
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


@attrs.frozen
class PastedReport:
    """What a pasted text says of a new report: its address, words and title, if any."""

    url: str | None = None
    text: str | None = None
    title: str | None = None


_URL_START = re.compile(r"https?://", re.IGNORECASE)
_OPENERS = "<([{\"'«“‘"
_CLOSERS = ">)]}\"'»”’.,;:!?"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_TITLE_MOST = 200


def _is_url(candidate: str) -> bool:
    """Whether the story format accepts ``candidate`` as a url (its own reader decides)."""
    try:
        story_from_data({"format": "provenance-story", "version": 1, "title": "",
                         "actors": [{"id": "a", "name": "", "url": candidate}]})
    except StoryFormatError:
        return False
    return True


def _trimmed_url(token: str) -> str:
    token = token.lstrip(_OPENERS)
    while token and token[-1] in _CLOSERS:
        # A closing bracket that closes one inside the address stays (wiki addresses).
        if token[-1] == ")" and token.count("(") >= token.count(")"):
            break
        token = token[:-1]
    return token


def _title_from_url(url: str) -> str | None:
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    while segments:
        words = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", unquote(segments.pop()))
        words = re.sub(r"[-_+]+", " ", words).strip()
        if re.search(r"[^\W\d_]", words) and len(words) > 2:
            return words[:1].upper() + words[1:]
    return None


def report_from_paste(text: str) -> PastedReport:
    """A new report's address, words and title guessed from pasted text.

    The text may be an address alone, words alone, or both: the first token that the
    story format accepts as a url is the address (brackets and final punctuation
    around it dropped); the rest, trimmed, is the text, and its first line the title
    when there is more than one line. An address alone gives a title from its last
    path segment. Any string gives a result (lone surrogates become U+FFFD).

    >>> report_from_paste("https://example.org/2017/ap-misreads-ria.html")
    PastedReport(url='https://example.org/2017/ap-misreads-ria.html', text=None, \
title='Ap misreads ria')
    >>> report_from_paste("Jets struck\\nThe ministry said <https://example.org/a>.")
    PastedReport(url='https://example.org/a', text='Jets struck\\nThe ministry said', \
title='Jets struck')
    """
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    url = None
    rest = text
    for match in re.finditer(r"\S+", text):
        token = match.group()
        start = _URL_START.search(token)
        if start is None:
            continue
        candidate = _trimmed_url(token[start.start():])
        if _is_url(candidate):
            url = candidate
            before = text[:match.start()] + token[:start.start()].rstrip(_OPENERS)
            after = token[start.start() + len(candidate):].lstrip(_CLOSERS)
            rest = before + after + text[match.end():]
            break
    lines = [line.strip() for line in rest.strip().split("\n")]
    words = "\n".join(lines).strip()
    words = re.sub(r"\n{3,}", "\n\n", words)
    title = None
    if words:
        first = words.split("\n", 1)[0].strip()
        if "\n" in words and len(first) <= _TITLE_MOST:
            title = first
    elif url is not None:
        title = _title_from_url(url)
    rest_words = words or None
    if rest_words is not None and rest_words[-1:] in ":-–—(" and url is not None:
        rest_words = rest_words.rstrip(":-–—( ") or None
    return PastedReport(url=url, text=rest_words, title=title)
