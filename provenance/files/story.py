"""Reading and writing story files (format version 1).

The public functions come in pairs: :func:`load` / :func:`save` for files and
:func:`loads` / :func:`dumps` for text. Every problem in a file is reported at
once as a :class:`~provenance.errors.StoryFormatError` whose ``issues`` name the
JSON path and the reason. Loading never executes anything; saving is atomic.

A plainly valid file (the common case) is read in one pass that builds the model
as it parses, a report or link at a time; any other file is read again by the
careful path, which finds every problem. Both give the same story. A loaded story
shares one string per id among the objects that refer to it, one object among
equal plain claim mentions, and one read-only empty mapping as ``extra`` where an
object had no unknown keys.

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
import gc
import io
import json
import math
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import IO, Any, NoReturn

import attrs

from ..columns import StoryColumns, attach_columns
from ..errors import ProvenanceError, StoryFormatError, UnsupportedVersionError, ValidationIssue
from ..model import (
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
from .output import write_file

__all__ = ["load", "loads", "save", "dumps", "story_to_data", "story_from_data", "FORMAT_NAME",
           "FORMAT_VERSION", "MAX_STORY_BYTES", "read_limited"]

FORMAT_NAME = "provenance-story"
FORMAT_VERSION = 1
#: The largest story file :func:`load` reads, in bytes (characters for text given as
#: ``str``): 4 GiB. A story of a million reports saved by :func:`save` is about 0.8 GB.
#: A larger input (``/dev/zero``, a runaway pipe) is refused once this much is read.
MAX_STORY_BYTES = 4 * 1024**3
_READ_CHUNK = 16 * 1024**2

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
# A url is an http(s) address with a host. Characters that would let it pass for
# something else where it is shown or put (a space, a quotation mark, angle brackets,
# a backslash, control characters, bidirectional and invisible formatting characters)
# must be percent-encoded.
_URL_BAD = (r"\s\"'<>`\\\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
            r"\u2060-\u206f\ufeff\ufff9-\ufffb")
_NOT_UNICODE = "not valid Unicode (a lone surrogate, such as \\ud800)"
_URL_BAD_CHAR = re.compile(f"[{_URL_BAD}]")
_URL = re.compile(
    f"https?://(?:[^{_URL_BAD}/?#@]*@)?"  # user information
    f"(?:\\[[0-9A-Fa-f:.]+\\]|[^{_URL_BAD}/?#@:\\[\\]]+)"  # host: a name or [IPv6]
    f"(?::[0-9]*)?(?:[/?#][^{_URL_BAD}]*)?",  # port, then path, query and fragment
    re.IGNORECASE,
)


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


def _decode(data: bytes | bytearray, source: str | None = None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = data[err.start:err.start + 1].hex()
        where = _position(data[:err.start].decode("utf-8", "replace"), err.start)
        reason = f"not UTF-8 text: byte 0x{bad} at offset {err.start} ({where})"
        raise StoryFormatError([ValidationIssue("", reason)], source) from None


def _parse(text: str, *, raw_surrogates: bool = False) -> Any:
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
        extra = self.extra(data, _STORY_KEYS, "")
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
                extra=extra,
            )

    def extra(self, obj: Mapping[str, Any], known: frozenset[str], path: str) -> dict[str, Any]:
        """The unknown keys of ``obj``, checked as a file's are (for data built in code)."""
        extra = _extra(obj, known)
        if extra:
            for issue in _scan_values(extra):
                where = f"{path}.{issue.path}" if path and issue.path else path or issue.path
                self.issue(where, issue.reason)
        return extra

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

    def claim(self, item: Any, path: str) -> Claim | None:
        if not self.object(item, path):
            return None
        text = self.text(item, "text", path, required=True)
        return Claim(item.get("id"), text,  # type: ignore[arg-type]
                     extra=self.extra(item, _CLAIM_KEYS, path))

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
                shown = json.dumps(published_text, ensure_ascii=False)[:60]
                self.issue(f"{path}.published", f"{err} (the file has {shown})")
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
            extra=self.extra(item, _REPORT_KEYS, path),
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
            extra=self.extra(item, _MENTION_KEYS, path),
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
                    note=self.text(item, "note", path),
                    extra=self.extra(item, _LINK_KEYS, path))


class _NoExtra(dict[str, Any]):
    """The unknown keys of an object that had none: one shared, read-only, empty mapping.

    Millions of loaded mentions and links share it instead of an empty dict each.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("the unknown keys of a loaded story object are read-only")

    __setitem__ = __delitem__ = _refuse
    setdefault = update = pop = popitem = clear = _refuse

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()


_NO_EXTRA = _NoExtra()


def _extra(obj: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    if known.issuperset(obj):
        return _NO_EXTRA
    return {key: value for key, value in obj.items() if key not in known}


def story_from_data(data: Any, *, source: str | None = None) -> Story:
    """Build a :class:`Story` from parsed JSON, reporting every problem at once.

    ``data`` may be built in code: lone surrogates in its strings and NaN or infinite
    numbers are refused as they are in a file.

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
        If the text is not a valid story; ``issues`` lists every problem.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        _check_size(len(text), source)
        data = text if not isinstance(text, memoryview) else text.tobytes()
        return _loads(_decode(data, source), source, decoded=True)
    if not isinstance(text, str):
        raise TypeError(f"loads() takes str or bytes, not {type(text).__name__}")
    _check_size(len(text), source)
    return _loads(text, source, decoded=False)


def _check_size(size: int, source: str | None) -> None:
    if size > MAX_STORY_BYTES:
        raise StoryFormatError([ValidationIssue("", _too_large())], source)


def _too_large() -> str:
    return (f"larger than the {_size_text(MAX_STORY_BYTES)} a story file may be "
            "(provenance.files.story.MAX_STORY_BYTES)")


def _size_text(size: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


def _loads(text: str, source: str | None, *, decoded: bool) -> Story:
    """The story in ``text``; ``decoded``: it was decoded from UTF-8 (so holds no lone
    surrogates)."""
    # A story is millions of small objects that hold no reference cycles: the
    # cycle collector would only traverse them again and again while they are made.
    raw_surrogates = not decoded and not text.isascii()
    try:
        with _collector_paused():
            try:
                story = _read_fast(text, raw_surrogates=raw_surrogates)
                if story is not None:
                    return story
                data = _parse(text, raw_surrogates=raw_surrogates)
            except StoryFormatError as err:
                raise StoryFormatError(err.issues, source) from None
            return story_from_data(data, source=source)
    except MemoryError:
        raise StoryFormatError(
            [ValidationIssue("", "too large to read in the memory of this computer")], source
        ) from None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes], *,
         source: str | None = None) -> Story:
    """Read a story file from a path or an open file (text or binary).

    At most :data:`MAX_STORY_BYTES` are read (an open file is read in chunks, so
    ``load(sys.stdin.buffer)`` stops at the limit). ``source`` names the input in
    errors (default: the path, or the open file's ``name``).

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
            with open(path, "rb") as handle:
                data = read_limited(handle, source or str(path))
        except IsADirectoryError:
            raise ProvenanceError(f"{path}: is a directory, not a story file") from None
        except OSError as err:
            raise ProvenanceError(f"{path}: cannot read ({err.strerror or err})") from None
        text = _decode(data, source or str(path))
        del data  # not kept while the text is parsed
        return _loads(text, source or str(path), decoded=True)
    if source is None:
        name = getattr(path_or_file, "name", None)
        source = name if isinstance(name, str) else None
    return loads(read_limited(path_or_file, source), source=source)


_JSON_START = frozenset('{["-0123456789tfnNI')


def _through_bad_start(chunk: Any) -> Any:
    """``chunk`` (the first bytes or text of an input), or only as far as its first
    character when that is an ASCII character that no JSON text begins with."""
    head = chunk[:4096]
    text = head.decode("latin-1") if isinstance(head, (bytes, bytearray)) else head
    at = 3 if text.startswith("\xef\xbb\xbf") else 1 if text.startswith("\ufeff") else 0
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    if at < len(text) and text[at].isascii() and text[at] not in _JSON_START:
        return chunk[:at + 1]
    return chunk


def _regular_file_size(handle: IO[Any]) -> int | None:
    """The size of the regular file open in ``handle``; None for a pipe, a device, ..."""
    try:
        status = os.fstat(handle.fileno())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def read_limited(handle: IO[Any], source: str | None) -> Any:
    """All of ``handle`` (bytes or text), refusing more than :data:`MAX_STORY_BYTES`.

    It reads in chunks, so an endless input stops at the limit; from a pipe or a device
    (not a regular file), an input whose first character cannot begin JSON (the zero
    bytes of ``/dev/zero``) is read no further than that character, which is the error.
    """
    limit = MAX_STORY_BYTES
    first = 64 * 1024  # a first look at a pipe or a device
    size = _regular_file_size(handle)
    if size is not None:
        if size > limit:
            raise StoryFormatError([ValidationIssue("", _too_large())], source)
        first = size + 1  # the whole file in one read, as Path.read_bytes does
    chunks: list[Any] = []
    total = 0
    try:
        while True:
            chunk = handle.read(min(first, limit + 1 - total))
            first = _READ_CHUNK
            if not chunk:
                break
            if size is None and not chunks:
                whole = len(chunk)
                chunk = _through_bad_start(chunk)
                if len(chunk) < whole:  # the error is in what was read: read no more
                    return chunk
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise StoryFormatError([ValidationIssue("", _too_large())], source)
        return chunks[0][:0].join(chunks) if chunks else b""
    except MemoryError:
        raise StoryFormatError(
            [ValidationIssue("", "too large to read in the memory of this computer")], source
        ) from None


# --------------------------------------------------------------------------- #
# The fast path: a plainly valid file, read in one pass.
#
# It reads the top-level object itself and parses the reports and links one at a
# time, building each model object at once (so the whole file never exists as
# parsed JSON), with the checks of the careful path written out for the valid
# case. On anything else (a missing or odd value, an unknown id, NaN, a lone
# surrogate, keys in an unusual order) it gives up, and the careful path reads
# the file again and reports every problem. Repeated keys are found by counting:
# every key in the text is a string followed by a colon, so if the text has as
# many of those as the parsed objects have keys, no key was repeated.

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


def _read_fast(text: str, *, raw_surrogates: bool = False) -> Story | None:
    """The story in ``text`` if the file is plainly valid; None if the careful path must read it.

    ``raw_surrogates``: the text may hold lone surrogates themselves (see :func:`_parse`).

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
        _parse(text, raw_surrogates=raw_surrogates)
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
        if (top.get("format") != FORMAT_NAME or type(version) is not int or version != 1
                or type(title) is not str or not (summary is None or type(summary) is str)):
            raise _Unusual
        arrays = [top.get(key, ()) for key in ("actors", "claims", "reports", "links")]
        if not all(type(items) is list or items == () for items in arrays):
            raise _Unusual
        extra = self._extra(top, _STORY_KEYS)
        if len(self.columns.report_actor) != len(arrays[2]):  # reports before actors
            raise _Unusual
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

    @staticmethod
    def _flag(value: Any) -> bool | None:
        if value is None or type(value) is bool:
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
            if type(claim_text) is not str:
                raise _Unusual
            out.append(Claim(claim_id, claim_text, extra=self._extra(item, _CLAIM_KEYS)))
        return out

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
            extra=_NO_EXTRA if _REPORT_KEYS.issuperset(item) else self._extra(item, _REPORT_KEYS),
        )
        columns = self.columns
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
        mention = ClaimMention(
            self.claim_names[claim], _STANCES[stance],
            holder=None if holder is None else self.actor_names[holder_at],
            quote=quote, firsthand=firsthand,
            extra=(_NO_EXTRA if _MENTION_KEYS.issuperset(item)
                   else self._extra(item, _MENTION_KEYS)),
        )
        kind = len(self.kinds)
        self.kinds.append(mention)
        columns = self.columns
        columns.kind_claim.append(claim)
        columns.kind_stance.append(_STANCE_PLACE[stance])
        columns.kind_holder.append(holder_at)
        columns.kind_firsthand.append(_FLAG_CODE[firsthand])
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
            extra=_NO_EXTRA if _LINK_KEYS.issuperset(item) else self._extra(item, _LINK_KEYS),
        )
        columns = self.columns
        columns.link_source.append(source)
        columns.link_target.append(target)
        columns.link_relation.append(_RELATION_PLACE[link.relation.value])
        columns.link_confidence.append(confidence)
        return link


def _drop_none(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if value is not None}


def _unknown(extra: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """The keys of ``extra`` the format does not define: a model field is never
    overwritten by an extra key of the same name (a story built in code may have one)."""
    if not extra or known.isdisjoint(extra):
        return extra
    return {key: value for key, value in extra.items() if key not in known}


def story_to_data(story: Story) -> dict[str, Any]:
    """The JSON document (plain dicts and lists) of a story, unknown keys included."""
    def mention(m: ClaimMention) -> dict[str, Any]:
        return {**_drop_none({"claim": m.claim, "stance": m.stance.value, "holder": m.holder,
                              "quote": m.quote, "firsthand": m.firsthand}),
                **_unknown(m.extra, _MENTION_KEYS)}

    def report(r: Report) -> dict[str, Any]:
        out = _drop_none({
            "id": r.id, "actor": r.actor, "kind": r.kind.value,
            "published": r.published.text if r.published is not None else None,
            "title": r.title, "text": r.text, "url": r.url, "language": r.language,
            "firsthand": r.firsthand,
        })
        if r.claims:
            out["claims"] = [mention(m) for m in r.claims]
        return {**out, **_unknown(r.extra, _REPORT_KEYS)}

    def link(k: Link) -> dict[str, Any]:
        out: dict[str, Any] = {"source": k.source, "target": k.target, "relation": k.relation.value}
        if k.confidence != 1:
            out["confidence"] = k.confidence
        if k.note is not None:
            out["note"] = k.note
        return {**out, **_unknown(k.extra, _LINK_KEYS)}

    return {
        **_drop_none({"format": FORMAT_NAME, "version": FORMAT_VERSION, "title": story.title,
                      "summary": story.summary}),
        "actors": [{**_drop_none({"id": a.id, "name": a.name, "kind": a.kind.value,
                                  "country": a.country, "url": a.url, "audience": a.audience}),
                    **_unknown(a.extra, _ACTOR_KEYS)} for a in story.actors],
        "claims": [{"id": c.id, "text": c.text, **_unknown(c.extra, _CLAIM_KEYS)}
                   for c in story.claims],
        "reports": [report(r) for r in story.reports],
        "links": [link(k) for k in story.links],
        **_unknown(story.extra, _STORY_KEYS),
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
        text = _indented(data)
    except (ValueError, TypeError, RecursionError) as err:
        raise StoryFormatError([ValidationIssue("", f"cannot be written as JSON: {err}")]) from None
    story_from_data(json.loads(text))  # the checks of loading: never write a bad file
    return text + "\n"


#: How many levels of a saved story are indented: the format's own structure (story,
#: reports, a report, its claims, a mention, its values). Values nested deeper (in
#: unknown keys) are written on one line, so that indentation never grows with them.
_INDENT_LEVELS = 6
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
_encode_string: Callable[[str], str] = json.encoder.encode_basestring


def _indented(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)``, except that
    containers below :data:`_INDENT_LEVELS` levels are written compactly on one line.

    Examples
    --------
    >>> print(_indented({"a": [1, {"b": []}]}))
    {
      "a": [
        1,
        {
          "b": []
        }
      ]
    }
    """
    pieces: list[str] = []
    _indent_into(pieces, data, 0)
    return "".join(pieces)


def _indent_into(pieces: list[str], value: Any, level: int) -> None:
    add = pieces.append
    if isinstance(value, str):
        add(_encode_string(value))
    elif value is None or isinstance(value, (bool, int, float)) or (
            level >= _INDENT_LEVELS or not value):
        add(_COMPACT.encode(value))
    elif isinstance(value, dict):
        inner = "\n" + "  " * (level + 1)
        first = True
        for key, item in value.items():
            add("{" + inner if first else "," + inner)
            first = False
            add(_encode_string(key) if isinstance(key, str) else _key_text(key))
            add(": ")
            _indent_into(pieces, item, level + 1)
        add("\n" + "  " * level + "}")
    elif isinstance(value, (list, tuple)):
        inner = "\n" + "  " * (level + 1)
        first = True
        for item in value:
            add("[" + inner if first else "," + inner)
            first = False
            _indent_into(pieces, item, level + 1)
        add("\n" + "  " * level + "]")
    else:
        add(_COMPACT.encode(value))  # raises TypeError: not JSON serializable


def _key_text(key: Any) -> str:
    """A key that is not a string, as json.dumps writes it (``1`` as ``"1"``)."""
    text: str = _COMPACT.encode({key: 0})  # raises TypeError for other kinds of key
    return text[1:-len(": 0}")]


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

    A regular file is replaced by a temporary file written beside it, flushed to disk
    and renamed over it (mode and owner kept); on any error the temporary file is
    removed. A symbolic link is written through, a device or FIFO written into, and
    a read-only file, a folder or an empty name refused: the rules of
    :mod:`provenance.files.output`, which this calls.
    """
    write_file(path, data)
