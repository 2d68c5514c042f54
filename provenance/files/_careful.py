"""The careful reader: strict JSON, then every object checked with its path.

:func:`parse` is ``json.loads`` refusing what strict JSON and the format forbid
(repeated keys, NaN and infinite numbers, lone surrogates); :func:`story_from_data`
turns the parsed document into a :class:`~provenance.model.Story`, collecting every
problem as a :class:`~provenance.errors.ValidationIssue` with its JSON path. It reads
any file, valid or not; the fast reader (:mod:`provenance.files._fast`) hands it every
file that is not plainly valid.

Examples
--------
>>> story_from_data({"format": "provenance-story", "version": 1, "title": "T",
...                  "reports": [{"id": "r"}]})
Traceback (most recent call last):
...
provenance.errors.StoryFormatError: 1 error in story file
  reports[0].actor: is required
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..errors import StoryFormatError, StoryFormatWarning, UnsupportedVersionError, ValidationIssue
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
from ._schema import (
    _ACCOUNT_KEYS,
    _ACTOR_KEYS,
    _ACTOR_KINDS,
    _CLAIM_KEYS,
    _GENRES,
    _LINK_KEYS,
    _LONE_SURROGATE,
    _MENTION_KEYS,
    _NOT_UNICODE,
    _PARTS,
    _RELATIONS,
    _REPORT_KEYS,
    _REPORT_KINDS,
    _STANCES,
    _STORY_KEYS,
    _SURROGATE_ESCAPE,
    _URL,
    _URL_BAD_CHAR,
    _V2_ALL,
    _V2_CLAIM_KEYS,
    _V2_KEYS,
    _V2_LINK_KEYS,
    _V2_MENTION_KEYS,
    _V2_REPORT_KEYS,
    _V2_STORY_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    _extra,
)

__all__ = ["parse", "story_from_data", "read_data"]


class _NotFinite:
    """Stands in for NaN or an infinite number so the validator can name its place."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _DuplicateKeys(dict[str, Any]):
    """An object that repeated a key; ``duplicates`` names the keys."""

    duplicates: list[str]


class _Parser:
    """json.loads with hooks that flag what strict JSON and the format forbid."""

    def __init__(self) -> None:
        self.suspicious = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.suspicious = True
            dup = _DuplicateKeys(obj)
            seen: set[str] = set()
            dup.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            return dup
        return obj

    def constant(self, text: str) -> _NotFinite:
        self.suspicious = True
        return _NotFinite(text)

    def number(self, text: str) -> float | _NotFinite:
        value = float(text)
        if math.isfinite(value):
            return value
        self.suspicious = True
        return _NotFinite(text)

    def parse(self, text: str) -> Any:
        return json.loads(
            text,
            object_pairs_hook=self.pairs,
            parse_constant=self.constant,
            parse_float=self.number,
        )



def parse(text: str, *, raw_surrogates: bool = False) -> Any:
    """The parsed JSON of ``text``, refusing what strict JSON and the format forbid.

    ``raw_surrogates``: the text (a ``str`` from the caller) may hold lone surrogates
    themselves rather than as escapes.
    """
    parser = _Parser()
    try:
        data = parser.parse(text)
    except json.JSONDecodeError as err:
        reason = f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}"
        raise StoryFormatError([ValidationIssue("", reason)]) from None
    except RecursionError:
        raise StoryFormatError(
            [ValidationIssue("", "not a usable JSON document: nested too deeply")]
        ) from None
    except (ValueError, OverflowError) as err:  # e.g. an integer of more than 4300 digits
        raise StoryFormatError([ValidationIssue("", f"not valid JSON: {err}")]) from None
    if parser.suspicious or _SURROGATE_ESCAPE.search(text) or (
            raw_surrogates and _LONE_SURROGATE.search(text)):
        issues = _scan_values(data)
        if issues:
            raise StoryFormatError(issues)
    return data


def _scan_values(data: Any) -> list[ValidationIssue]:
    """Find repeated keys, NaN/infinite numbers and lone surrogates, with their paths."""
    issues: list[ValidationIssue] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _DuplicateKeys):
                for key in dict.fromkeys(value.duplicates):
                    issues.append(ValidationIssue(path, f'the key "{key}" appears more than once'))
            for key, item in value.items():
                name = str(key)
                if _LONE_SURROGATE.search(name):
                    issues.append(ValidationIssue(path, "a key is not valid Unicode "
                                                        "(a lone surrogate)"))
                    # Shown escaped: a path must print wherever the error goes.
                    name = name.encode("utf-8", "backslashreplace").decode("utf-8")
                stack.append((f"{path}.{name}" if path else name, item))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, _NotFinite):
            issues.append(ValidationIssue(path, f"{value.text} is not a JSON number"))
        elif isinstance(value, float) and not math.isfinite(value):
            issues.append(ValidationIssue(path, f"{value} is not a JSON number"))
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            issues.append(ValidationIssue(path, _NOT_UNICODE))
    issues.sort(key=lambda issue: issue.path)
    return issues


def _url_problem(value: str) -> str:
    """Why ``value`` is not a url the format accepts."""
    bad = _URL_BAD_CHAR.search(value)
    if bad is not None and re.match("https?://", value, re.IGNORECASE):
        char = bad.group()
        name = unicodedata.name(char, "a control character").lower()
        return (f"must be an http:// or https:// address without U+{ord(char):04X} ({name}) "
                f"at character {bad.start() + 1}: percent-encode it (a space is %20)")
    return "must be an http:// or https:// address with a host (https://example.org/page)"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _choices(options: Mapping[str, Any]) -> str:
    return ", ".join(options)


def _versions(joined: str = "or") -> str:
    *first, last = map(str, FORMAT_VERSIONS)
    return f"{', '.join(first)} {joined} {last}" if first else last


def _named(ids: Sequence[str], what: str = "account") -> str:
    """``account "a"``, ``accounts "a" and "b"``, ``accounts "a", "b" and "c"``."""
    shown = [json.dumps(i, ensure_ascii=False)[:60] for i in ids]
    if len(shown) == 1:
        return f"{what} {shown[0]}"
    return f"{what}s {', '.join(shown[:-1])} and {shown[-1]}"


def _v2_warning(found: Sequence[tuple[str, str]], source: str | None) -> str:
    """The warning for a version 1 file that has keys of version 2."""
    places: dict[str, list[str]] = {}
    for key, path in found:
        places.setdefault(key, []).append(path or "the top level")
    named = []
    for key, paths in places.items():
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        named.append(f'"{key}" ({paths[0]}{more})')
    where = f"{source}: " if source else ""
    return (f"{where}a version 1 file with keys of version 2, kept as unknown keys and not "
            f"used: {', '.join(named)}; write \"version\": 2 to use them")


class _Validator:
    """Turns parsed JSON into a Story, collecting every issue with its path."""

    def __init__(self) -> None:
        self.issues: list[ValidationIssue] = []
        #: The format version the file says (1 when it says something else: an error).
        self.version = 1
        #: In a version 1 file: the keys of version 2 found, with the object's path.
        self.v2_found: list[tuple[str, str]] = []

    def issue(self, path: str, reason: str) -> None:
        self.issues.append(ValidationIssue(path, reason))

    def text(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool = False,
             non_empty: bool = False) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.issue(f"{path}.{key}" if path else key,
                           "is required" if key not in obj else "must be a string, not null")
            return None
        if not isinstance(value, str):
            self.issue(f"{path}.{key}" if path else key, f"must be a string, not {_kind(value)}")
            return None
        if not value.isascii() and _LONE_SURROGATE.search(value):  # a str built in code
            self.issue(f"{path}.{key}" if path else key, _NOT_UNICODE)
            return None
        if non_empty and not value:
            self.issue(f"{path}.{key}" if path else key, "must not be empty")
            return None
        return value

    def url(self, obj: Mapping[str, Any], path: str) -> str | None:
        value = self.text(obj, "url", path)
        if value is not None and not _URL.fullmatch(value):
            self.issue(f"{path}.url", _url_problem(value))
            return None
        return value

    def flag(self, obj: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.issue(f"{path}.{key}", f"must be true or false, not {_kind(value)}")
        return None

    def choice(self, obj: Mapping[str, Any], key: str, path: str, options: Mapping[str, Any],
               default: Any) -> Any:
        value = obj.get(key)
        if value is None:
            if default is None:
                self.issue(f"{path}.{key}", "is required" if key not in obj
                           else f"must be one of {_choices(options)}, not null")
            return default
        found = options.get(value) if isinstance(value, str) else None
        if found is None:
            shown = json.dumps(value)[:60] if isinstance(value, str) else _kind(value)
            self.issue(f"{path}.{key}", f"must be one of {_choices(options)}, not {shown}")
            return default
        return found

    def array(self, data: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key)
        if value is None and key not in data:
            return []
        if not isinstance(value, list):
            self.issue(f"{path}.{key}" if path else key, f"must be an array, not {_kind(value)}")
            return []
        return value

    def ids(self, items: list[Any], name: str) -> dict[str, int]:
        """Index the ids of one top-level array, reporting bad and repeated ones."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            value = item.get("id")
            path = f"{name}[{i}].id"
            if value is None:
                self.issue(path, "is required")
            elif not isinstance(value, str):
                self.issue(path, f"must be a string, not {_kind(value)}")
            elif not value:
                self.issue(path, "must not be empty")
            elif not value.isascii() and _LONE_SURROGATE.search(value):
                self.issue(path, _NOT_UNICODE)
            elif value in seen:
                self.issue(path, f'repeats the id "{value}" of {name}[{seen[value]}]')
            else:
                seen[value] = i
        return seen

    def reference(self, obj: Mapping[str, Any], key: str, path: str, index: Mapping[str, int],
                  what: str, *, required: bool = True) -> str | None:
        value = self.text(obj, key, path, required=required)
        if value is not None and value not in index:
            shown = json.dumps(value)[:80]
            self.issue(f"{path}.{key}", f"no {what} has the id {shown}")
            return None
        return value

    def story(self, data: Any) -> Story | None:
        if not isinstance(data, dict):
            self.issue("", f"a story file must be a JSON object, not {_kind(data)}")
            return None
        fmt = data.get("format")
        if fmt != FORMAT_NAME:
            shown = json.dumps(fmt)[:60] if "format" in data else "missing"
            self.issue("format", f'must be "{FORMAT_NAME}" ({shown})')
        version = data.get("version")
        if (isinstance(version, (int, float)) and not isinstance(version, bool)
                and version > FORMAT_VERSION):
            raise UnsupportedVersionError([ValidationIssue(
                "version", f"this file is format version {json.dumps(version)[:40]}; this "
                           "version of provenance "
                           f"reads versions {_versions('and')} only (upgrade provenance-tracer)")])
        if version not in FORMAT_VERSIONS or isinstance(version, bool):
            shown = json.dumps(version)[:40] if "version" in data else "missing"
            self.issue("version", f"must be {_versions()} ({shown})")
        else:
            self.version = int(version)
        v2 = self.version == 2
        title = self.text(data, "title", "", required=True)
        summary = self.text(data, "summary", "")
        actor_items = self.array(data, "actors", "")
        claim_items = self.array(data, "claims", "")
        report_items = self.array(data, "reports", "")
        link_items = self.array(data, "links", "")
        account_items = self.array(data, "accounts", "") if v2 else []
        actor_ids = self.ids(actor_items, "actors")
        claim_ids = self.ids(claim_items, "claims")
        report_ids = self.ids(report_items, "reports")
        account_ids = self.ids(account_items, "accounts")

        actors = [self.actor(item, f"actors[{i}]") for i, item in enumerate(actor_items)]
        claims = [self.claim(item, f"claims[{i}]", claim_ids) for i, item in enumerate(claim_items)]
        accounts = [self.account(item, f"accounts[{i}]", actor_ids)
                    for i, item in enumerate(account_items)]
        reports = [self.report(item, f"reports[{i}]", actor_ids, claim_ids, account_ids)
                   for i, item in enumerate(report_items)]
        links = [self.link(item, f"links[{i}]", report_ids, account_ids)
                 for i, item in enumerate(link_items)]
        extra = self.extra(data, _STORY_KEYS, "", _V2_STORY_KEYS)
        if v2:
            self.qualify_loops(claims, claim_ids)
            if account_ids:
                self.account_members(reports, links, report_ids, list(account_ids))
        if self.issues:
            return None
        with attrs.validators.disabled():
            return Story(
                title or "",
                summary=summary,
                actors=actors,  # type: ignore[arg-type]
                claims=claims,  # type: ignore[arg-type]
                reports=reports,  # type: ignore[arg-type]
                links=links,  # type: ignore[arg-type]
                accounts=accounts,  # type: ignore[arg-type]
                extra=extra,
            )

    def extra(self, obj: Mapping[str, Any], known: frozenset[str], path: str,
              own: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The unknown keys of ``obj``, checked as a file's are (for data built in code).

        ``own``: the keys version 2 adds to this object. In a version 1 file they are
        unknown keys, noted for the warning; in a version 2 file they are known, and a
        key of version 2 that belongs to another kind of object is an error.
        """
        v2 = self.version == 2
        extra = _extra(obj, known | own if v2 else known)
        if extra:
            for issue in _scan_values(extra):
                where = f"{path}.{issue.path}" if path and issue.path else path or issue.path
                self.issue(where, issue.reason)
            for key in _V2_ALL.intersection(extra):
                if v2:
                    self.issue(f"{path}.{key}" if path else key,
                               f"applies only to {_V2_KEYS[key]}")
                elif key in own:
                    self.v2_found.append((key, path))
        return extra

    def account_list(self, obj: Mapping[str, Any], path: str,
                     account_ids: Mapping[str, int]) -> tuple[str, ...]:
        """The ``accounts`` of a report, link or mention (version 2): () for every account."""
        value = obj.get("accounts")
        if value is None or self.version != 2:
            return ()
        where = f"{path}.accounts"
        if not isinstance(value, list):
            self.issue(where, f"must be an array of account ids, not {_kind(value)}")
            return ()
        if not value:
            self.issue(where, "must not be empty (without accounts an item belongs to every "
                              "account)")
            return ()
        out: list[str] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(value):
            at = f"{where}[{i}]"
            if not isinstance(item, str):
                self.issue(at, f"must be a string, not {_kind(item)}")
            elif not item.isascii() and _LONE_SURROGATE.search(item):
                self.issue(at, _NOT_UNICODE)
            elif item not in account_ids:
                shown = json.dumps(item)[:80]
                self.issue(at, f"no account has the id {shown}"
                               + ("" if account_ids else " (the story has no accounts)"))
            elif item in seen:
                self.issue(at, f'repeats the account "{item}" of {where}[{seen[item]}]')
            else:
                seen[item] = i
                out.append(item)
        return tuple(out)

    def qualify_loops(self, claims: Sequence[Claim | None], claim_ids: Mapping[str, int]) -> None:
        """Refuse claims that qualify each other in a loop (a qualifier names what it limits:
        a loop would make each claim the other's context)."""
        qualifies = {c.id: c.qualifies for c in claims
                     if c is not None and c.qualifies is not None and c.qualifies != c.id}
        done: set[str] = set()
        for start in qualifies:
            walk: list[str] = []
            on_walk: set[str] = set()
            at: str | None = start
            while at is not None and at not in done and at not in on_walk:
                walk.append(at)
                on_walk.add(at)
                at = qualifies.get(at)
            if at is not None and at in on_walk:
                loop = walk[walk.index(at):]
                first = min(loop, key=lambda cid: claim_ids[cid])
                turn = loop.index(first)
                loop = loop[turn:] + loop[:turn]
                shown = " -> ".join(json.dumps(cid, ensure_ascii=False)[:40]
                                    for cid in [*loop, first])
                self.issue(f"claims[{claim_ids[first]}].qualifies",
                           f"claims qualify each other in a loop ({shown}): the context of a "
                           "claim cannot lead back to it")
            done.update(walk)

    def account_members(self, reports: Sequence[Report | None], links: Sequence[Link | None],
                        report_ids: Mapping[str, int], every: Sequence[str]) -> None:
        """Each account is a whole story: a mention belongs only to accounts its report
        belongs to, a link only to accounts both its reports belong to."""
        def members(accounts: tuple[str, ...]) -> Sequence[str]:
            return accounts or every

        for i, rep in enumerate(reports):
            if rep is None:
                continue
            own = set(members(rep.accounts))
            for j, mention in enumerate(rep.claims):
                if mention is None or not mention.accounts:
                    continue
                outside = [a for a in mention.accounts if a not in own]
                if outside:
                    self.issue(f"reports[{i}].claims[{j}].accounts",
                               f"names {_named(outside)}, but its report "
                               f"{json.dumps(rep.id)[:80]} belongs only to "
                               f"{_named(rep.accounts)}")
        for k, link in enumerate(links):
            if link is None:
                continue
            for end, rid in (("source", link.source), ("target", link.target)):
                at = report_ids.get(rid) if rid is not None else None
                rep = reports[at] if at is not None else None
                if rep is None or not rep.accounts:
                    continue
                outside = [a for a in members(link.accounts) if a not in rep.accounts]
                if not outside:
                    continue
                shown = f"its {end} {json.dumps(rid)[:80]} belongs only to {_named(rep.accounts)}"
                if link.accounts:
                    self.issue(f"links[{k}].accounts", f"names {_named(outside)}, but {shown}")
                else:
                    self.issue(f"links[{k}]", f"belongs to every account, but {shown} (give "
                                              "the link the accounts both its reports are in)")

    def account(self, item: Any, path: str, actor_ids: Mapping[str, int]) -> Account | None:
        if not self.object(item, path):
            return None
        name = self.text(item, "name", path, required=True)
        by = self.reference(item, "by", path, actor_ids, "actor", required=False)
        return Account(item.get("id"), name, by=by,  # type: ignore[arg-type]
                       summary=self.text(item, "summary", path), url=self.url(item, path),
                       extra=self.extra(item, _ACCOUNT_KEYS, path))

    def object(self, item: Any, path: str) -> bool:
        if isinstance(item, dict):
            return True
        self.issue(path, f"must be an object, not {_kind(item)}")
        return False

    def actor(self, item: Any, path: str) -> Actor | None:
        if not self.object(item, path):
            return None
        name = self.text(item, "name", path, required=True)
        kind = self.choice(item, "kind", path, _ACTOR_KINDS, ActorKind.OTHER)
        country = self.text(item, "country", path)
        url = self.url(item, path)
        audience = item.get("audience")
        if audience is not None and (
            isinstance(audience, bool) or not isinstance(audience, (int, float)) or audience < 0
            or audience != audience  # NaN, in data built in code
        ):
            self.issue(f"{path}.audience", "must be a non-negative number")
            audience = None
        elif audience is not None and audience > sys.float_info.max:
            self.issue(f"{path}.audience", "is too large to be a number of readers")
            audience = None
        return Actor(item.get("id"), name, kind, country=country, url=url,  # type: ignore[arg-type]
                     audience=audience, extra=self.extra(item, _ACTOR_KEYS, path))

    def claim(self, item: Any, path: str, claim_ids: Mapping[str, int]) -> Claim | None:
        if not self.object(item, path):
            return None
        text = self.text(item, "text", path, required=True)
        qualifies = None
        if self.version == 2:
            qualifies = self.reference(item, "qualifies", path, claim_ids, "claim",
                                       required=False)
            if qualifies is not None and qualifies == item.get("id"):
                self.issue(f"{path}.qualifies", "a claim cannot qualify itself")
        return Claim(item.get("id"), text, qualifies=qualifies,  # type: ignore[arg-type]
                     extra=self.extra(item, _CLAIM_KEYS, path, _V2_CLAIM_KEYS))

    def report(self, item: Any, path: str, actor_ids: Mapping[str, int],
               claim_ids: Mapping[str, int], account_ids: Mapping[str, int]) -> Report | None:
        if not self.object(item, path):
            return None
        actor = self.reference(item, "actor", path, actor_ids, "actor")
        kind = self.choice(item, "kind", path, _REPORT_KINDS, ReportKind.OTHER)
        published_text = self.text(item, "published", path)
        published = None
        if published_text is not None:
            try:
                published = PublicationTime.parse(published_text)
            except ValueError as err:
                shown = json.dumps(published_text, ensure_ascii=False)[:60]
                self.issue(f"{path}.published", f"{err} (the file has {shown})")
        mentions = []
        for j, mention in enumerate(self.array(item, "claims", path)):
            mentions.append(self.mention(mention, f"{path}.claims[{j}]", actor_ids, claim_ids,
                                         account_ids))
        genre = Genre.NEWS
        if self.version == 2:
            genre = self.choice(item, "genre", path, _GENRES, Genre.NEWS)
        return Report(
            item.get("id"), actor, kind,  # type: ignore[arg-type]
            published=published,
            title=self.text(item, "title", path),
            text=self.text(item, "text", path),
            url=self.url(item, path),
            language=self.text(item, "language", path),
            firsthand=self.flag(item, "firsthand", path),
            claims=mentions,  # type: ignore[arg-type]
            genre=genre,
            accounts=self.account_list(item, path, account_ids),
            extra=self.extra(item, _REPORT_KEYS, path, _V2_REPORT_KEYS),
        )

    def mention(self, item: Any, path: str, actor_ids: Mapping[str, int],
                claim_ids: Mapping[str, int], account_ids: Mapping[str, int]
                ) -> ClaimMention | None:
        if not self.object(item, path):
            return None
        claim = self.reference(item, "claim", path, claim_ids, "claim")
        stance = self.choice(item, "stance", path, _STANCES, None)
        holder = self.reference(item, "holder", path, actor_ids, "actor", required=False)
        part, of, hedged = Part.BODY, None, False
        if self.version == 2:
            part = self.choice(item, "part", path, _PARTS, Part.BODY)
            of = self.of(item, path, stance)
            hedged = self.flag(item, "hedged", path) or False
            if hedged and stance is not None and stance is not Stance.DENIES:
                self.issue(f"{path}.hedged",
                           f'applies only to a denial (stance "denies"), not "{stance.value}"')
        return ClaimMention(
            claim, stance, holder=holder,  # type: ignore[arg-type]
            quote=self.text(item, "quote", path),
            firsthand=self.flag(item, "firsthand", path),
            part=part, of=of, hedged=hedged,
            accounts=self.account_list(item, path, account_ids),
            extra=self.extra(item, _MENTION_KEYS, path, _V2_MENTION_KEYS),
        )

    def of(self, item: Mapping[str, Any], path: str, stance: Stance | None) -> str | None:
        """A mention's ``of`` (version 2): "attribution", on a denial with a holder."""
        value = item.get("of")
        if value is None:
            return None
        if value != OF_ATTRIBUTION or not isinstance(value, str):
            shown = json.dumps(value)[:60] if isinstance(value, str) else _kind(value)
            self.issue(f"{path}.of", f'must be "{OF_ATTRIBUTION}", not {shown}')
            return None
        if stance is not None and stance is not Stance.DENIES:
            self.issue(f"{path}.of",
                       f'applies only to a denial (stance "denies"), not "{stance.value}"')
        if item.get("holder") is None:
            self.issue(f"{path}.holder", f'is required with "of": "{OF_ATTRIBUTION}" (the actor '
                                         "who, the report says, never said it)")
        return OF_ATTRIBUTION

    def link(self, item: Any, path: str, report_ids: Mapping[str, int],
             account_ids: Mapping[str, int]) -> Link | None:
        if not self.object(item, path):
            return None
        source = self.reference(item, "source", path, report_ids, "report")
        target = self.reference(item, "target", path, report_ids, "report")
        if source is not None and source == target:
            self.issue(path, f'links the report "{source}" to itself')
        relation = self.choice(item, "relation", path, _RELATIONS, Relation.CITES)
        confidence = item.get("confidence", 1.0)
        if confidence is None:
            confidence = 1.0
        elif (isinstance(confidence, bool) or not isinstance(confidence, (int, float))
              or not 0 <= confidence <= 1):
            self.issue(f"{path}.confidence", "must be a number from 0 to 1")
            confidence = 1.0
        return Link(source, target, relation, confidence=confidence,  # type: ignore[arg-type]
                    note=self.text(item, "note", path),
                    accounts=self.account_list(item, path, account_ids),
                    extra=self.extra(item, _LINK_KEYS, path, _V2_LINK_KEYS))



def story_from_data(data: Any, *, source: str | None = None) -> Story:
    """Build a :class:`Story` from parsed JSON, reporting every problem at once.

    ``data`` may be built in code: lone surrogates in its strings and NaN or infinite
    numbers are refused as they are in a file. A version 1 document with keys of
    version 2 gives a :class:`~provenance.errors.StoryFormatWarning` naming them.

    Raises
    ------
    StoryFormatError
        With one :class:`ValidationIssue` per problem.
    """
    story, warning = read_data(data, source=source)
    if warning is not None:
        warnings.warn(StoryFormatWarning(warning), stacklevel=2)
    return story


def read_data(data: Any, *, source: str | None = None) -> tuple[Story, str | None]:
    """:func:`story_from_data`, with the text of its warning returned (None: none)
    instead of given."""
    validator = _Validator()
    try:
        story = validator.story(data)
    except UnsupportedVersionError as err:
        err.source = source
        raise UnsupportedVersionError(err.issues, source) from None
    if story is None:
        raise StoryFormatError(validator.issues, source)
    return story, _v2_warning(validator.v2_found, source) if validator.v2_found else None

