"""Reading and writing story files (format version 1).

The public functions come in pairs: :func:`load` / :func:`save` for files and
:func:`loads` / :func:`dumps` for text. Every problem in a file is reported at
once as a :class:`~provenance.errors.StoryFormatError` whose ``issues`` name the
JSON path and the reason. Loading never executes anything; saving is atomic.

Examples
--------
>>> story = loads('''{"format": "provenance-story", "version": 1, "title": "T",
...   "actors": [{"id": "a", "name": "A"}],
...   "reports": [{"id": "r", "actor": "a", "x-note": "kept"}]}''')
>>> story.reports[0].extra
{'x-note': 'kept'}
>>> loads('{"format": "provenance-story", "version": 1}')
Traceback (most recent call last):
...
provenance.errors.StoryFormatError: 1 error in story file
  title: is required
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from .errors import ProvenanceError, StoryFormatError, UnsupportedVersionError, ValidationIssue
from .model import (
    Actor,
    ActorKind,
    Claim,
    ClaimMention,
    Link,
    PublicationTime,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
)

__all__ = ["load", "loads", "save", "dumps", "story_to_data", "story_from_data", "FORMAT_NAME",
           "FORMAT_VERSION"]

FORMAT_NAME = "provenance-story"
FORMAT_VERSION = 1

_STORY_KEYS = frozenset({"format", "version", "title", "summary", "actors", "claims", "reports",
                         "links"})
_ACTOR_KEYS = frozenset({"id", "name", "kind", "country", "url", "audience"})
_CLAIM_KEYS = frozenset({"id", "text"})
_REPORT_KEYS = frozenset({"id", "actor", "kind", "published", "title", "text", "url", "language",
                          "firsthand", "claims"})
_MENTION_KEYS = frozenset({"claim", "stance", "holder", "quote", "firsthand"})
_LINK_KEYS = frozenset({"source", "target", "relation", "confidence", "note"})

_ACTOR_KINDS = {kind.value: kind for kind in ActorKind}
_REPORT_KINDS = {kind.value: kind for kind in ReportKind}
_STANCES = {stance.value: stance for stance in Stance}
_RELATIONS = {relation.value: relation for relation in Relation}

_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)


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


def _position(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = data[err.start:err.start + 1].hex()
        where = _position(data[:err.start].decode("utf-8", "replace"), err.start)
        reason = f"not UTF-8 text: byte 0x{bad} at offset {err.start} ({where})"
        raise StoryFormatError([ValidationIssue("", reason)]) from None


def _parse(text: str) -> Any:
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
    if parser.suspicious or _SURROGATE_ESCAPE.search(text):
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
                if _LONE_SURROGATE.search(key):
                    issues.append(ValidationIssue(path, "a key is not valid Unicode "
                                                        "(a lone surrogate escape)"))
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, _NotFinite):
            issues.append(ValidationIssue(path, f"{value.text} is not a JSON number"))
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            issues.append(ValidationIssue(path, "not valid Unicode (a lone surrogate escape)"))
    issues.sort(key=lambda issue: issue.path)
    return issues


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


class _Validator:
    """Turns parsed JSON into a Story, collecting every issue with its path."""

    def __init__(self) -> None:
        self.issues: list[ValidationIssue] = []

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
        if non_empty and not value:
            self.issue(f"{path}.{key}" if path else key, "must not be empty")
            return None
        return value

    def url(self, obj: Mapping[str, Any], path: str) -> str | None:
        value = self.text(obj, "url", path)
        if value is not None and not _URL.fullmatch(value):
            self.issue(f"{path}.url", "must be an http:// or https:// address")
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
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise UnsupportedVersionError([ValidationIssue(
                "version", f"this file is format version {version}; this version of provenance "
                           f"reads version {FORMAT_VERSION} only (upgrade provenance-tracer)")])
        if version != FORMAT_VERSION or isinstance(version, bool):
            shown = json.dumps(version)[:40] if "version" in data else "missing"
            self.issue("version", f"must be {FORMAT_VERSION} ({shown})")
        title = self.text(data, "title", "", required=True)
        summary = self.text(data, "summary", "")
        actor_items = self.array(data, "actors", "")
        claim_items = self.array(data, "claims", "")
        report_items = self.array(data, "reports", "")
        link_items = self.array(data, "links", "")
        actor_ids = self.ids(actor_items, "actors")
        claim_ids = self.ids(claim_items, "claims")
        report_ids = self.ids(report_items, "reports")

        actors = [self.actor(item, f"actors[{i}]") for i, item in enumerate(actor_items)]
        claims = [self.claim(item, f"claims[{i}]") for i, item in enumerate(claim_items)]
        reports = [self.report(item, f"reports[{i}]", actor_ids, claim_ids)
                   for i, item in enumerate(report_items)]
        links = [self.link(item, f"links[{i}]", report_ids) for i, item in enumerate(link_items)]
        if self.issues:
            return None
        extra = _extra(data, _STORY_KEYS)
        with attrs.validators.disabled():
            return Story(
                title or "",
                summary=summary,
                actors=actors,  # type: ignore[arg-type]
                claims=claims,  # type: ignore[arg-type]
                reports=reports,  # type: ignore[arg-type]
                links=links,  # type: ignore[arg-type]
                extra=extra,
            )

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
        ):
            self.issue(f"{path}.audience", "must be a non-negative number")
            audience = None
        return Actor(item.get("id"), name, kind, country=country, url=url,  # type: ignore[arg-type]
                     audience=audience, extra=_extra(item, _ACTOR_KEYS))

    def claim(self, item: Any, path: str) -> Claim | None:
        if not self.object(item, path):
            return None
        text = self.text(item, "text", path, required=True)
        return Claim(item.get("id"), text, extra=_extra(item, _CLAIM_KEYS))  # type: ignore[arg-type]

    def report(self, item: Any, path: str, actor_ids: Mapping[str, int],
               claim_ids: Mapping[str, int]) -> Report | None:
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
                self.issue(f"{path}.published", f"{err}, not {json.dumps(published_text)[:60]}")
        mentions = []
        for j, mention in enumerate(self.array(item, "claims", path)):
            mentions.append(self.mention(mention, f"{path}.claims[{j}]", actor_ids, claim_ids))
        return Report(
            item.get("id"), actor, kind,  # type: ignore[arg-type]
            published=published,
            title=self.text(item, "title", path),
            text=self.text(item, "text", path),
            url=self.url(item, path),
            language=self.text(item, "language", path),
            firsthand=self.flag(item, "firsthand", path),
            claims=mentions,  # type: ignore[arg-type]
            extra=_extra(item, _REPORT_KEYS),
        )

    def mention(self, item: Any, path: str, actor_ids: Mapping[str, int],
                claim_ids: Mapping[str, int]) -> ClaimMention | None:
        if not self.object(item, path):
            return None
        claim = self.reference(item, "claim", path, claim_ids, "claim")
        stance = self.choice(item, "stance", path, _STANCES, None)
        holder = self.reference(item, "holder", path, actor_ids, "actor", required=False)
        return ClaimMention(
            claim, stance, holder=holder,  # type: ignore[arg-type]
            quote=self.text(item, "quote", path),
            firsthand=self.flag(item, "firsthand", path),
            extra=_extra(item, _MENTION_KEYS),
        )

    def link(self, item: Any, path: str, report_ids: Mapping[str, int]) -> Link | None:
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
                    note=self.text(item, "note", path), extra=_extra(item, _LINK_KEYS))


def _extra(obj: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    if obj.keys() <= known:
        return {}
    return {key: value for key, value in obj.items() if key not in known}


def story_from_data(data: Any, *, source: str | None = None) -> Story:
    """Build a :class:`Story` from parsed JSON, reporting every problem at once.

    Raises
    ------
    StoryFormatError
        With one :class:`ValidationIssue` per problem.
    """
    validator = _Validator()
    try:
        story = validator.story(data)
    except UnsupportedVersionError as err:
        err.source = source
        raise UnsupportedVersionError(err.issues, source) from None
    if story is None:
        raise StoryFormatError(validator.issues, source)
    return story


def loads(text: str | bytes, *, source: str | None = None) -> Story:
    """Read a story from JSON text (``str``, or UTF-8 ``bytes``).

    Raises
    ------
    StoryFormatError
        If the text is not a valid story file; ``issues`` lists every problem.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = _decode(bytes(text))
    elif not isinstance(text, str):
        raise TypeError(f"loads() takes str or bytes, not {type(text).__name__}")
    try:
        data = _parse(text)
    except StoryFormatError as err:
        raise StoryFormatError(err.issues, source) from None
    return story_from_data(data, source=source)


def load(path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Story:
    """Read a story file from a path or an open file (text or binary).

    Examples
    --------
    >>> import io
    >>> load(io.StringIO('{"format": "provenance-story", "version": 1, "title": "T"}')).title
    'T'

    Raises
    ------
    StoryFormatError
        If the file is not a valid story; ``issues`` lists every problem.
    ProvenanceError
        If the file cannot be read.
    """
    if isinstance(path_or_file, (str, os.PathLike)):
        path = Path(path_or_file)
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            raise ProvenanceError(f"{path}: is a directory, not a story file") from None
        except OSError as err:
            raise ProvenanceError(f"{path}: cannot read ({err.strerror or err})") from None
        return loads(data, source=str(path))
    content = path_or_file.read()
    name = getattr(path_or_file, "name", None)
    return loads(content, source=name if isinstance(name, str) else None)


def _drop_none(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if value is not None}


def story_to_data(story: Story) -> dict[str, Any]:
    """The JSON document (plain dicts and lists) of a story, unknown keys included."""
    def mention(m: ClaimMention) -> dict[str, Any]:
        return {**_drop_none({"claim": m.claim, "stance": m.stance.value, "holder": m.holder,
                              "quote": m.quote, "firsthand": m.firsthand}), **m.extra}

    def report(r: Report) -> dict[str, Any]:
        out = _drop_none({
            "id": r.id, "actor": r.actor, "kind": r.kind.value,
            "published": r.published.text if r.published is not None else None,
            "title": r.title, "text": r.text, "url": r.url, "language": r.language,
            "firsthand": r.firsthand,
        })
        if r.claims:
            out["claims"] = [mention(m) for m in r.claims]
        return {**out, **r.extra}

    def link(k: Link) -> dict[str, Any]:
        out: dict[str, Any] = {"source": k.source, "target": k.target, "relation": k.relation.value}
        if k.confidence != 1:
            out["confidence"] = k.confidence
        if k.note is not None:
            out["note"] = k.note
        return {**out, **k.extra}

    return {
        **_drop_none({"format": FORMAT_NAME, "version": FORMAT_VERSION, "title": story.title,
                      "summary": story.summary}),
        "actors": [{**_drop_none({"id": a.id, "name": a.name, "kind": a.kind.value,
                                  "country": a.country, "url": a.url, "audience": a.audience}),
                    **a.extra} for a in story.actors],
        "claims": [{"id": c.id, "text": c.text, **c.extra} for c in story.claims],
        "reports": [report(r) for r in story.reports],
        "links": [link(k) for k in story.links],
        **story.extra,
    }


def dumps(story: Story) -> str:
    """The story as story-file JSON text (checked first: an invalid story is refused).

    Raises
    ------
    StoryFormatError
        If the story breaks the format (for example a link to a missing report).
    """
    data = story_to_data(story)
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except (ValueError, TypeError, RecursionError) as err:
        raise StoryFormatError([ValidationIssue("", f"cannot be written as JSON: {err}")]) from None
    story_from_data(json.loads(text))  # the same checks as loading: never write a bad file
    return text + "\n"


def save(story: Story, path: str | os.PathLike[str]) -> None:
    """Write a story file atomically: a failure leaves any old file untouched.

    Raises
    ------
    StoryFormatError
        If the story breaks the format (nothing is written).
    ProvenanceError
        If the file cannot be written.
    """
    write_atomic(path, dumps(story).encode("utf-8"))


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    The content goes to a temporary file beside ``path``, which is flushed to disk
    and then renamed over ``path``; on any error the temporary file is removed.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise ProvenanceError(f"{target}: cannot write ({err.strerror or err})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp_name, os.stat(target).st_mode & 0o7777)
        except OSError:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(err, OSError):
            raise ProvenanceError(f"{target}: cannot write ({err.strerror or err})") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
