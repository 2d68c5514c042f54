"""The fast reader: a plainly valid story file, read in one pass.

It reads the top-level object itself and parses the reports and links one at a
time, building each model object at once (so the whole file never exists as
parsed JSON), with the checks of the careful reader (:mod:`provenance.files._careful`)
written out for the valid case. On anything else (a missing or odd value, an unknown
id, NaN, a lone surrogate, keys in an unusual order) it gives up, and the careful
reader reads the file again and reports every problem. Repeated keys are found by
counting: every key in the text is a string followed by a colon, so if the text has
as many of those as the parsed objects have keys, no key was repeated.

As it reads, it notes the story as columns of numbers
(:class:`provenance.columns.StoryColumns`), which the analysis reads instead of the
objects.

Examples
--------
>>> story = read_fast('{"format": "provenance-story", "version": 1, "title": "T"}')
>>> story.title
'T'
>>> read_fast('{"format": "provenance-story", "version": 1}') is None  # for the careful reader
True
"""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import attrs

from ..columns import StoryColumns, attach_columns
from ..model import (
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
from ._careful import parse
from ._schema import (
    _ACCOUNT_KEYS,
    _ACTOR_KEYS,
    _ACTOR_KINDS,
    _CLAIM_KEYS_2,
    _GENRES,
    _LINK_KEYS,
    _LINK_KEYS_2,
    _LONE_SURROGATE,
    _MENTION_KEYS,
    _MENTION_KEYS_2,
    _NO_EXTRA,
    _PARTS,
    _RELATIONS,
    _REPORT_KEYS,
    _REPORT_KEYS_2,
    _REPORT_KINDS,
    _STANCES,
    _STORY_KEYS_2,
    _SURROGATE_ESCAPE,
    _URL,
    _V2_ALL,
    FORMAT_NAME,
    FORMAT_VERSIONS,
)

__all__ = ["read_fast"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_KEY_SPACED = re.compile(r'"[ \t\n\r]+:')
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INSTANT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_EPOCH_DAY = date(1970, 1, 1).toordinal()


class _Unusual(Exception):
    """The fast path met something for the careful path to judge."""


def read_fast(text: str, *, raw_surrogates: bool = False) -> Story | None:
    """The story in ``text`` if the file is plainly valid; None if the careful path must read it.

    ``raw_surrogates``: the text may hold lone surrogates themselves (see
    :func:`~provenance.files._careful.parse`).

    Raises
    ------
    StoryFormatError
        If the file repeats a key (found by the careful parse).
    """
    if _SURROGATE_ESCAPE.search(text) or (raw_surrogates and _LONE_SURROGATE.search(text)):
        return None
    reader = _FastReader(text)
    try:
        story = reader.story()
    except (_Unusual, KeyError, TypeError, ValueError, RecursionError, StopIteration):
        return None
    finally:
        reader.close()
    if reader.odd:
        return None
    if reader.keys != _keys_in_text(text):
        # Raises the repeated keys; otherwise an escaped quote fooled the count.
        parse(text, raw_surrogates=raw_surrogates)
    return story


def _keys_in_text(text: str) -> int:
    """How many strings in ``text`` are followed by a colon: every key, perhaps more."""
    count = text.count('":')
    if " :" in text or "\t:" in text or "\n:" in text or "\r:" in text:
        count += len(_KEY_SPACED.findall(text))
    return count


def _keys_within(value: Any) -> int:
    """How many keys the objects inside a parsed JSON value have."""
    if isinstance(value, dict):
        return len(value) + sum(_keys_within(item) for item in value.values())
    if isinstance(value, list):
        return sum(_keys_within(item) for item in value)
    return 0


def _fast_time(text: str, days: dict[str, int]) -> PublicationTime:
    """:meth:`PublicationTime.parse` for the common forms, with the day numbers cached."""
    match = _DAY.fullmatch(text) if len(text) == 10 else _INSTANT.fullmatch(text)
    if match is None:
        return PublicationTime.parse(text)
    day = days.get(text[:10])
    if day is None:
        year = int(match[1])
        if year >= 9999:  # the end of the day may lie beyond what datetime holds
            return PublicationTime.parse(text)
        try:
            day = date(year, int(match[2]), int(match[3])).toordinal() - _EPOCH_DAY
        except ValueError:
            return PublicationTime.parse(text)
        days[text[:10]] = day
    start = day * 86400
    if len(text) == 10:
        return PublicationTime(text, float(start), float(start + 86400), None)
    hour, minute, second, zone = int(match[4]), int(match[5]), match[6], match[7]
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        return PublicationTime.parse(text)
    start += hour * 3600 + minute * 60 + (int(second) if second is not None else 0)
    end = start + (1 if second is not None else 60)
    offset: float | None = None
    if zone == "Z":
        offset = 0.0
    elif zone is not None:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 18 or minutes > 59:
            return PublicationTime.parse(text)
        offset = (hours * 3600 + minutes * 60) * (1 if zone[0] == "+" else -1)
    return PublicationTime(text, float(start), float(end), offset)


_STANCE_PLACE = {stance.value: place for place, stance in enumerate(Stance)}
_RELATION_PLACE = {relation.value: place for place, relation in enumerate(Relation)}
_FLAG_CODE = {None: 2, True: 1, False: 0}
# A mention of only these keys is a value shared by every equal mention.
_PLAIN_MENTION_KEYS = frozenset({"claim", "stance", "holder", "part", "of", "hedged"})
_DENIES = Stance.DENIES.value


def _note(column: array[int], at: int, value: int, default: int) -> None:
    """Note item ``at``'s value in a version 2 column, which stays empty (every value the
    default) until an item has another value."""
    if column:
        column.append(value)
    elif value != default:
        column.extend([default] * at)
        column.append(value)


class _FastReader:
    """Reads a plainly valid story file; raises _Unusual (or KeyError, ...) otherwise."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.odd = False  # NaN, Infinity or a number too large for a float
        self.keys = 0  # keys of every object parsed
        decoder = json.JSONDecoder(parse_float=self._float, parse_constant=self._constant)
        self.scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]
        self.columns = StoryColumns()
        # Id -> position; position -> the id string every reference shares.
        self.actor_ids: dict[str, int] = {}
        self.actor_names: list[str] = []
        self.claim_ids: dict[str, int] = {}
        self.claim_names: list[str] = []
        self.report_ids = self.columns.report_position
        self.report_names: list[str] = []
        self.days: dict[str, int] = {}
        self.kinds: list[ClaimMention] = []  # the distinct mention objects
        self.kind_of: dict[tuple[Any, ...], int] = {}  # plain mention -> its kind
        self.note_kind = self.columns.mention_kind.append
        # Version 2: a key of version 2 was found in its place (so the file must say 2).
        self.v2 = False
        self.account_ids: dict[str, int] = {}
        self.account_names: list[str] = []
        # The accounts of the reports that belong to some accounts only, by position.
        self.report_accounts: dict[int, frozenset[str]] = {}
        self.mention_accounts: frozenset[str] | None = None  # the report being read's
        self.kinds_v2 = False  # a mention kind has a part, of or hedged

    def close(self) -> None:
        """Let go of the JSON scanner, which holds this reader's methods: the reader is
        then freed as soon as it is dropped (a reference cycle would wait for the
        collector, and the viewer freezes a loaded story's objects out of its reach)."""
        del self.scan

    def _float(self, literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            self.odd = True
        return value

    def _constant(self, literal: str) -> float:
        self.odd = True
        return math.nan

    def _skip(self, at: int) -> int:
        text = self.text
        if at < len(text) and text[at] not in " \t\n\r":
            return at
        end: int = _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]
        return end

    def _value(self, at: int) -> tuple[Any, int]:
        value, end = self.scan(self.text, at)
        return value, end

    def _array(self, at: int, build: Callable[[Any], Any]) -> tuple[list[Any], int]:
        """Build each item of the array at ``at`` as soon as it is parsed."""
        text, skip, scan = self.text, self._skip, self.scan
        items: list[Any] = []
        append = items.append
        at = skip(at + 1)
        if text.startswith("]", at):
            return items, at + 1
        while True:
            item, at = scan(text, at)
            append(build(item))
            if text.startswith(", ", at):  # json.dumps's separator
                at += 2
                continue
            at = skip(at)
            if text.startswith(",", at):
                at = skip(at + 1)
            elif text.startswith("]", at):
                return items, at + 1
            else:
                raise _Unusual

    def _extra(self, obj: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
        if known.issuperset(obj):
            return _NO_EXTRA
        extra = {key: value for key, value in obj.items() if key not in known}
        if not _V2_ALL.isdisjoint(extra):  # a key of version 2 out of its place
            raise _Unusual
        self.keys += _keys_within(list(extra.values()))
        return extra

    def story(self) -> Story:
        text = self.text
        at = self._skip(0)
        if not text.startswith("{", at):
            raise _Unusual
        top: dict[str, Any] = {}
        at = self._skip(at + 1)
        if text.startswith("}", at):
            at += 1
        else:
            while True:
                if not text.startswith('"', at):
                    raise _Unusual
                key, at = self._value(at)
                at = self._skip(at)
                if key in top or not text.startswith(":", at):
                    raise _Unusual
                at = self._skip(at + 1)
                if key == "reports" and text.startswith("[", at):
                    top[key], at = self._array(at, self._report)
                elif key == "links" and text.startswith("[", at):
                    top[key], at = self._array(at, self._link)
                else:
                    top[key], at = self._value(at)
                    if key == "actors":
                        top[key] = self._actors(top[key])
                    elif key == "claims":
                        top[key] = self._claims(top[key])
                    elif key == "accounts":
                        top[key] = self._accounts(top[key])
                at = self._skip(at)
                if text.startswith(",", at):
                    at = self._skip(at + 1)
                elif text.startswith("}", at):
                    at += 1
                    break
                else:
                    raise _Unusual
        if self._skip(at) != len(text):
            raise _Unusual
        self.keys += len(top)
        version = top.get("version")
        title, summary = top.get("title"), top.get("summary")
        if (top.get("format") != FORMAT_NAME or type(version) is not int
                or version not in FORMAT_VERSIONS
                or type(title) is not str or not (summary is None or type(summary) is str)):
            raise _Unusual
        if version == 1 and self.v2:  # the careful reader keeps them as unknown keys, and warns
            raise _Unusual
        arrays = [top.get(key, ())
                  for key in ("actors", "claims", "reports", "links", "accounts")]
        if not all(type(items) is list or items == () for items in arrays):
            raise _Unusual
        extra = self._extra(top, _STORY_KEYS_2)
        if len(self.columns.report_actor) != len(arrays[2]):  # reports before actors
            raise _Unusual
        with attrs.validators.disabled():
            story = Story(title, summary=summary, actors=tuple(arrays[0]),
                          claims=tuple(arrays[1]), reports=tuple(arrays[2]),
                          links=tuple(arrays[3]), accounts=tuple(arrays[4]), extra=extra)
        attach_columns(story, self.columns)
        return story

    @staticmethod
    def _text(value: Any) -> str | None:
        if value is None or type(value) is str:
            return value
        raise _Unusual

    @staticmethod
    def _url(value: Any) -> str | None:
        if value is None or (type(value) is str and _URL.fullmatch(value)):
            return value
        raise _Unusual

    def _new_id(self, item: Any, ids: dict[str, int], names: list[str]) -> str:
        if type(item) is not dict:
            raise _Unusual
        self.keys += len(item)
        value = item.get("id")
        if type(value) is not str or not value or value in ids:
            raise _Unusual
        ids[value] = len(names)
        names.append(value)
        return value

    def _actors(self, items: Any) -> list[Actor]:
        if type(items) is not list:
            raise _Unusual
        out = []
        for item in items:
            actor_id = self._new_id(item, self.actor_ids, self.actor_names)
            name = item.get("name")
            kind = item.get("kind")
            audience = item.get("audience")
            if type(name) is not str or not (audience is None or (
                    type(audience) in (int, float) and 0 <= audience <= sys.float_info.max)):
                raise _Unusual
            out.append(Actor(
                actor_id, name, ActorKind.OTHER if kind is None else _ACTOR_KINDS[kind],
                country=self._text(item.get("country")), url=self._url(item.get("url")),
                audience=audience, extra=self._extra(item, _ACTOR_KEYS)))
        return out

    def _claims(self, items: Any) -> list[Claim]:
        if type(items) is not list:
            raise _Unusual
        out = []
        qualifies: dict[str, str] = {}
        for item in items:
            claim_id = self._new_id(item, self.claim_ids, self.claim_names)
            claim_text = item.get("text")
            if type(claim_text) is not str:
                raise _Unusual
            qualified = item.get("qualifies")
            if "qualifies" in item:
                self.v2 = True
                if qualified is not None:
                    if type(qualified) is not str:
                        raise _Unusual
                    qualifies[claim_id] = qualified
            out.append(Claim(claim_id, claim_text, qualifies=qualified,
                             extra=self._extra(item, _CLAIM_KEYS_2)))
        if qualifies:
            self._qualifies(out, qualifies)
        return out

    def _qualifies(self, claims: list[Claim], qualifies: dict[str, str]) -> None:
        """Check what the claims qualify (known claims, no loop) and note it as a column."""
        ids, names = self.claim_ids, self.claim_names
        for claim_id, qualified in qualifies.items():
            if qualified not in ids or qualified == claim_id:
                raise _Unusual
        done: set[str] = set()
        for start in qualifies:
            seen: set[str] = set()
            at: str | None = start
            while at is not None and at not in done:
                if at in seen:
                    raise _Unusual  # a loop
                seen.add(at)
                at = qualifies.get(at)
            done |= seen
        for i, claim in enumerate(claims):  # one id string for every reference
            if claim.qualifies is not None:
                claims[i] = attrs.evolve(claim, qualifies=names[ids[claim.qualifies]])
        self.columns.claim_qualifies = array(
            "i", [-1 if c.qualifies is None else ids[c.qualifies] for c in claims])

    def _accounts(self, items: Any) -> list[Account]:
        self.v2 = True
        if type(items) is not list:
            raise _Unusual
        out = []
        for item in items:
            account_id = self._new_id(item, self.account_ids, self.account_names)
            name, by, summary = item.get("name"), item.get("by"), item.get("summary")
            if type(name) is not str:
                raise _Unusual
            out.append(Account(
                account_id, name,
                by=None if by is None else self.actor_names[self.actor_ids[by]],
                summary=self._text(summary), url=self._url(item.get("url")),
                extra=self._extra(item, _ACCOUNT_KEYS)))
        return out

    def _account_list(self, value: Any) -> tuple[str, ...]:
        """The ``accounts`` of a report, link or mention: known ids, at least one, none twice."""
        if type(value) is not list or not value:
            raise _Unusual
        names, ids = self.account_names, self.account_ids
        accounts = tuple([names[ids[account_id]] for account_id in value])
        if len(set(accounts)) != len(accounts):
            raise _Unusual
        return accounts

    def _report(self, item: Any) -> Report:
        if type(item) is not dict:
            raise _Unusual
        get = item.get
        report_id = get("id")
        if type(report_id) is not str or not report_id or report_id in self.report_ids:
            raise _Unusual
        self.report_ids[report_id] = len(self.report_names)
        self.report_names.append(report_id)
        actor = self.actor_ids[item["actor"]]
        kind = get("kind")
        published = get("published")
        if published is not None:
            if type(published) is not str:
                raise _Unusual
            published = _fast_time(published, self.days)
        title, text, language = get("title"), get("text"), get("language")
        url, firsthand = get("url"), get("firsthand")
        if not ((title is None or type(title) is str) and (text is None or type(text) is str)
                and (language is None or type(language) is str)
                and (firsthand is None or type(firsthand) is bool)
                and (url is None or (type(url) is str and _URL.fullmatch(url)))):
            raise _Unusual
        genre = accounts = None
        extra: dict[str, Any]
        if _REPORT_KEYS.issuperset(item):
            extra = _NO_EXTRA
        else:
            if "genre" in item or "accounts" in item:
                self.v2 = True
                genre, accounts = get("genre"), get("accounts")
                if accounts is not None:
                    accounts = self._account_list(accounts)
                    self.report_accounts[len(self.report_names) - 1] = frozenset(accounts)
            extra = (_NO_EXTRA if _REPORT_KEYS_2.issuperset(item)
                     else self._extra(item, _REPORT_KEYS_2))
        self.mention_accounts = None if accounts is None else frozenset(accounts)
        mentions = get("claims", ())
        if type(mentions) is list:
            claims = tuple(map(self._mention, mentions))
            self.keys += len(item) + sum(map(len, mentions))
        elif mentions == ():
            claims = ()
            self.keys += len(item)
        else:
            raise _Unusual
        report = Report(
            report_id, self.actor_names[actor],
            ReportKind.OTHER if kind is None else _REPORT_KINDS[kind],
            published=published, title=title, text=text, url=url, language=language,
            firsthand=firsthand, claims=claims,
            genre=Genre.NEWS if genre is None else _GENRES[genre],
            accounts=() if accounts is None else accounts, extra=extra,
        )
        columns = self.columns
        if genre is not None or columns.report_genre:
            _note(columns.report_genre, len(self.report_names) - 1,
                  report.genre is Genre.SATIRE, 0)
        columns.report_actor.append(actor)
        columns.report_firsthand.append(_FLAG_CODE[firsthand])
        columns.report_mentions.append(len(claims))
        if published is None:
            columns.report_dated.append(0)
            columns.report_start.append(0.0)
            columns.report_end.append(0.0)
            columns.report_offset.append(math.nan)
        else:
            columns.report_dated.append(1)
            columns.report_start.append(published.local_start)
            columns.report_end.append(published.local_end)
            columns.report_offset.append(
                math.nan if published.offset is None else published.offset)
        return report

    def _mention(self, item: Any) -> ClaimMention:
        if type(item) is not dict:
            raise _Unusual
        get = item.get
        # Mentions are values: one object serves every plain mention of the same
        # claim, stance and holder (millions of mentions, a few hundred distinct).
        size = len(item)
        key: tuple[Any, ...] | None = None
        if size == 2 or (size == 3 and "holder" in item):
            key = (item["claim"], item["stance"], get("holder"))
        elif size <= 6 and _PLAIN_MENTION_KEYS.issuperset(item):
            key = (item["claim"], item["stance"], get("holder"), get("part"), get("of"),
                   get("hedged"))
        if key is not None:
            known = self.kind_of.get(key)
            if known is not None:
                self.note_kind(known)
                return self.kinds[known]
        holder, quote, firsthand = get("holder"), get("quote"), get("firsthand")
        if not ((quote is None or type(quote) is str)
                and (firsthand is None or type(firsthand) is bool)):
            raise _Unusual
        claim = self.claim_ids[item["claim"]]
        stance = item["stance"]
        holder_at = -1 if holder is None else self.actor_ids[holder]
        part = of = hedged = accounts = None
        extra: dict[str, Any]
        if _MENTION_KEYS.issuperset(item):
            extra = _NO_EXTRA
        else:
            if "part" in item or "of" in item or "hedged" in item or "accounts" in item:
                self.v2 = True
                part, of, hedged = get("part"), get("of"), get("hedged")
                if of is not None and (of != OF_ATTRIBUTION or stance != _DENIES
                                       or holder is None):
                    raise _Unusual
                if hedged is not None and (type(hedged) is not bool
                                           or (hedged and stance != _DENIES)):
                    raise _Unusual
                accounts = get("accounts")
                if accounts is not None:
                    accounts = self._account_list(accounts)
                    if not (self.mention_accounts is None
                            or self.mention_accounts.issuperset(accounts)):
                        raise _Unusual  # outside its report's accounts
            extra = (_NO_EXTRA if _MENTION_KEYS_2.issuperset(item)
                     else self._extra(item, _MENTION_KEYS_2))
        mention = ClaimMention(
            self.claim_names[claim], _STANCES[stance],
            holder=None if holder is None else self.actor_names[holder_at],
            quote=quote, firsthand=firsthand,
            part=Part.BODY if part is None else _PARTS[part], of=of, hedged=bool(hedged),
            accounts=() if accounts is None else accounts, extra=extra,
        )
        kind = len(self.kinds)
        self.kinds.append(mention)
        columns = self.columns
        columns.kind_claim.append(claim)
        columns.kind_stance.append(_STANCE_PLACE[stance])
        columns.kind_holder.append(holder_at)
        columns.kind_firsthand.append(_FLAG_CODE[firsthand])
        if self.kinds_v2 or part is not None or of is not None or hedged:
            self.kinds_v2 = True
            _note(columns.kind_part, kind, mention.part is Part.HEADLINE, 0)
            _note(columns.kind_of_attribution, kind, of is not None, 0)
            _note(columns.kind_hedged, kind, mention.hedged, 0)
        if key is not None:
            self.kind_of[key] = kind
        self.note_kind(kind)
        return mention

    def _link(self, item: Any) -> Link:
        if type(item) is not dict:
            raise _Unusual
        self.keys += len(item)
        get = item.get
        source = self.report_ids[item["source"]]
        target = self.report_ids[item["target"]]
        relation, confidence, note = get("relation"), get("confidence"), get("note")
        if confidence is None:
            confidence = 1.0
        elif type(confidence) not in (int, float) or not 0 <= confidence <= 1:
            raise _Unusual
        if source == target or not (note is None or type(note) is str):
            raise _Unusual
        accounts: tuple[str, ...] = ()
        extra: dict[str, Any]
        if _LINK_KEYS.issuperset(item):
            extra = _NO_EXTRA
        else:
            if "accounts" in item:
                self.v2 = True
                if get("accounts") is not None:
                    accounts = self._account_list(get("accounts"))
            extra = _NO_EXTRA if _LINK_KEYS_2.issuperset(item) else self._extra(item, _LINK_KEYS_2)
        if self.report_accounts:
            self._within_accounts(accounts or self.account_names, (source, target))
        link = Link(
            self.report_names[source], self.report_names[target],
            Relation.CITES if relation is None else _RELATIONS[relation],
            confidence=confidence, note=note, accounts=accounts, extra=extra,
        )
        columns = self.columns
        columns.link_source.append(source)
        columns.link_target.append(target)
        columns.link_relation.append(_RELATION_PLACE[link.relation.value])
        columns.link_confidence.append(confidence)
        return link

    def _within_accounts(self, accounts: Iterable[str], ends: tuple[int, int]) -> None:
        """A link belongs only to accounts both its reports belong to."""
        for end in ends:
            own = self.report_accounts.get(end)
            if own is not None and not own.issuperset(accounts):
                raise _Unusual

