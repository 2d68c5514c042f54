"""The writer: a story as the story file's JSON document and text.

:func:`story_to_data` gives the document (plain dicts and lists, unknown keys kept);
:func:`dumps` its text, indented two spaces for the format's own levels and compact
below them, and checked by the careful reader first, so that a bad file is never
written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import StoryFormatError, ValidationIssue
from ..model import (
    Account,
    Claim,
    ClaimMention,
    Genre,
    Link,
    Part,
    Report,
    Story,
    required_version,
)
from ._careful import read_data
from ._schema import (
    _ACCOUNT_KEYS,
    _ACTOR_KEYS,
    _CLAIM_KEYS,
    _CLAIM_KEYS_2,
    _LINK_KEYS,
    _LINK_KEYS_2,
    _MENTION_KEYS,
    _MENTION_KEYS_2,
    _REPORT_KEYS,
    _REPORT_KEYS_2,
    _STORY_KEYS,
    _STORY_KEYS_2,
    FORMAT_NAME,
)

__all__ = ["story_to_data", "dumps"]


def _drop_none(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if value is not None}


def _unknown(extra: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """The keys of ``extra`` the format does not define: a model field is never
    overwritten by an extra key of the same name (a story built in code may have one)."""
    if not extra or known.isdisjoint(extra):
        return extra
    return {key: value for key, value in extra.items() if key not in known}


def story_to_data(story: Story) -> dict[str, Any]:
    """The JSON document (plain dicts and lists, unknown keys included) of a story.

    Its ``version`` is the lowest that holds the story
    (:func:`~provenance.model.required_version`): 1 unless it uses a field of version 2,
    so that readers of version 1 keep reading it. Fields at their defaults are left out.
    In a version 1 document, unknown keys named like fields of version 2 (kept from a
    version 1 file) are written as they were; in a version 2 document the field wins.
    """
    version = required_version(story)
    v2 = version == 2
    story_keys, claim_keys = (_STORY_KEYS_2, _CLAIM_KEYS_2) if v2 else (_STORY_KEYS, _CLAIM_KEYS)
    report_keys, link_keys = (_REPORT_KEYS_2, _LINK_KEYS_2) if v2 else (_REPORT_KEYS, _LINK_KEYS)
    mention_keys = _MENTION_KEYS_2 if v2 else _MENTION_KEYS

    def mention(m: ClaimMention) -> dict[str, Any]:
        out = _drop_none({"claim": m.claim, "stance": m.stance.value, "holder": m.holder,
                          "quote": m.quote, "firsthand": m.firsthand})
        if m.part is not Part.BODY:
            out["part"] = m.part.value
        if m.of is not None:
            out["of"] = m.of
        if m.hedged:
            out["hedged"] = True
        if m.accounts:
            out["accounts"] = list(m.accounts)
        return {**out, **_unknown(m.extra, mention_keys)}

    def report(r: Report) -> dict[str, Any]:
        out = _drop_none({
            "id": r.id, "actor": r.actor, "kind": r.kind.value,
            "published": r.published.text if r.published is not None else None,
            "title": r.title, "text": r.text, "url": r.url, "language": r.language,
            "firsthand": r.firsthand,
        })
        if r.genre is not Genre.NEWS:
            out["genre"] = r.genre.value
        if r.accounts:
            out["accounts"] = list(r.accounts)
        if r.claims:
            out["claims"] = [mention(m) for m in r.claims]
        return {**out, **_unknown(r.extra, report_keys)}

    def link(k: Link) -> dict[str, Any]:
        out: dict[str, Any] = {"source": k.source, "target": k.target, "relation": k.relation.value}
        if k.confidence != 1:
            out["confidence"] = k.confidence
        if k.note is not None:
            out["note"] = k.note
        if k.accounts:
            out["accounts"] = list(k.accounts)
        return {**out, **_unknown(k.extra, link_keys)}

    def claim(c: Claim) -> dict[str, Any]:
        out = {"id": c.id, "text": c.text}
        if c.qualifies is not None:
            out["qualifies"] = c.qualifies
        return {**out, **_unknown(c.extra, claim_keys)}

    def account(a: Account) -> dict[str, Any]:
        return {**_drop_none({"id": a.id, "name": a.name, "by": a.by, "summary": a.summary,
                              "url": a.url}),
                **_unknown(a.extra, _ACCOUNT_KEYS)}

    accounts = {"accounts": [account(a) for a in story.accounts]} if story.accounts else {}
    return {
        **_drop_none({"format": FORMAT_NAME, "version": version, "title": story.title,
                      "summary": story.summary}),
        "actors": [{**_drop_none({"id": a.id, "name": a.name, "kind": a.kind.value,
                                  "country": a.country, "url": a.url, "audience": a.audience}),
                    **_unknown(a.extra, _ACTOR_KEYS)} for a in story.actors],
        "claims": [claim(c) for c in story.claims],
        **accounts,
        "reports": [report(r) for r in story.reports],
        "links": [link(k) for k in story.links],
        **_unknown(story.extra, story_keys),
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
    read_data(json.loads(text))  # the checks of loading: never write a bad file
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
