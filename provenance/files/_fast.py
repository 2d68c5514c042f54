"""The fast reader: a plainly valid story file, read in one pass.

It reads the top-level object itself and parses the reports and links one at a
time, building each model object at once (so the whole file never exists as
parsed JSON), with the checks of the careful reader (:mod:`provenance.files._careful`)
written out for the valid case. On anything else (a missing or odd value, an unknown
id, NaN, a lone surrogate, keys in an unusual order) it gives up, and the careful
reader reads the file again and reports every problem. Repeated keys are found by
counting: every key in the text is a string followed by a colon, so if the text has
as many of those as the parsed objects have keys, no key was repeated.

Version 2 files are read here too, except those with competing accounts (the careful
reader checks which account holds what). A version 1 file with version 2 keys also
goes to the careful reader, which keeps them as unknown keys and warns.

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
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from ..columns import StoryColumns, attach_columns
from ..model import (
    OF_ATTRIBUTION,
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
    _STORY_KEYS,
    _SURROGATE_ESCAPE,
    _URL,
    FORMAT_NAME,
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
        self.kind_of: dict[tuple[Any, Any, Any], int] = {}  # plain mention -> its kind
        self.note_kind = self.columns.mention_kind.append
        self.saw_v2 = False  # a version 2 key somewhere (a version 1 file must not have one)

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
                or version not in (1, 2) or (version == 1 and self.saw_v2) or "accounts" in top
                or type(title) is not str or not (summary is None or type(summary) is str)):
            raise _Unusual
        arrays = [top.get(key, ()) for key in ("actors", "claims", "reports", "links")]
        if not all(type(items) is list or items == () for items in arrays):
            raise _Unusual
        extra = self._extra(top, _STORY_KEYS)
        if len(self.columns.report_actor) != len(arrays[2]):  # reports before actors
            raise _Unusual
        self._check_qualifiers(arrays[1])
        if version == 1:  # none of version 2's columns: all defaults
            columns = self.columns
            columns.report_genre = columns.report_genre[:0]
            columns.kind_part = columns.kind_part[:0]
            columns.kind_of_attribution = columns.kind_of_attribution[:0]
            columns.kind_hedged = columns.kind_hedged[:0]
            columns.claim_qualifies = columns.claim_qualifies[:0]
        with attrs.validators.disabled():
            story = Story(title, summary=summary, actors=tuple(arrays[0]),
                          claims=tuple(arrays[1]), reports=tuple(arrays[2]),
                          links=tuple(arrays[3]), extra=extra)
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
        for item in items:
            claim_id = self._new_id(item, self.claim_ids, self.claim_names)
            claim_text = item.get("text")
            qualifies = item.get("qualifies")
            if type(claim_text) is not str or not (qualifies is None or type(qualifies) is str):
                raise _Unusual
            if "qualifies" in item:
                self.saw_v2 = True
            out.append(Claim(claim_id, claim_text, qualifies=qualifies,
                             extra=self._extra(item, _CLAIM_KEYS_2)))
        return out

    def _check_qualifiers(self, claims: Any) -> None:
        """Each ``qualifies`` names another claim, and no chain of them loops."""
        qualifies = self.columns.claim_qualifies
        ids = self.claim_ids
        for claim in claims:
            target = claim.qualifies
            if target is None:
                qualifies.append(-1)
                continue
            at = ids.get(target)
            if at is None or target == claim.id:
                raise _Unusual
            qualifies.append(at)
        if any(q >= 0 for q in qualifies):
            for start in range(len(qualifies)):
                at, steps = qualifies[start], 0
                while at >= 0 and steps <= len(qualifies):
                    if at == start:
                        raise _Unusual  # a loop: the careful reader names it
                    at, steps = qualifies[at], steps + 1

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
        genre = get("genre")
        if genre is not None:
            self.saw_v2 = True
            genre = _GENRES[genre]
        else:
            genre = Genre.NEWS
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
            firsthand=firsthand, claims=claims, genre=genre,
            extra=(_NO_EXTRA if _REPORT_KEYS.issuperset(item)
                   else self._extra(item, _REPORT_KEYS_2)),
        )
        if "accounts" in item:
            raise _Unusual  # competing accounts: the careful reader checks them
        columns = self.columns
        columns.report_genre.append(genre is Genre.SATIRE)
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
        plain = len(item) == 2 or (len(item) == 3 and "holder" in item)
        if plain:
            key = (item["claim"], item["stance"], get("holder"))
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
        part, of, hedged = Part.BODY, None, False
        if not _MENTION_KEYS.issuperset(item):
            if "accounts" in item:
                raise _Unusual
            part_value, of, hedged_value = get("part"), get("of"), get("hedged")
            if part_value is not None:
                part = _PARTS[part_value]
            if of is not None and (of != OF_ATTRIBUTION or stance != "denies" or holder is None):
                raise _Unusual
            if hedged_value is not None:
                if type(hedged_value) is not bool or (hedged_value and stance != "denies"):
                    raise _Unusual
                hedged = hedged_value
            if part_value is not None or of is not None or hedged_value is not None:
                self.saw_v2 = True
            if (("part" in item and part_value is None) or ("of" in item and of is None)
                    or ("hedged" in item and hedged_value is None)):
                raise _Unusual
        mention = ClaimMention(
            self.claim_names[claim], _STANCES[stance],
            holder=None if holder is None else self.actor_names[holder_at],
            quote=quote, firsthand=firsthand, part=part, of=of, hedged=hedged,
            extra=(_NO_EXTRA if _MENTION_KEYS.issuperset(item)
                   else self._extra(item, _MENTION_KEYS_2)),
        )
        kind = len(self.kinds)
        self.kinds.append(mention)
        columns = self.columns
        columns.kind_claim.append(claim)
        columns.kind_stance.append(_STANCE_PLACE[stance])
        columns.kind_holder.append(holder_at)
        columns.kind_firsthand.append(_FLAG_CODE[firsthand])
        columns.kind_part.append(part is Part.HEADLINE)
        columns.kind_of_attribution.append(of is not None)
        columns.kind_hedged.append(hedged)
        if plain:
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
        link = Link(
            self.report_names[source], self.report_names[target],
            Relation.CITES if relation is None else _RELATIONS[relation],
            confidence=confidence, note=note,
            extra=_NO_EXTRA if _LINK_KEYS.issuperset(item) else self._extra(item, _LINK_KEYS_2),
        )
        if "accounts" in item:
            raise _Unusual
        columns = self.columns
        columns.link_source.append(source)
        columns.link_target.append(target)
        columns.link_relation.append(_RELATION_PLACE[link.relation.value])
        columns.link_confidence.append(confidence)
        return link

