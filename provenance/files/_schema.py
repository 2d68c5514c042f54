"""What the story format is, as the readers and the writer share it.

The format's name and version, the keys each object may have, the values of its
enumerations, what a url and a lone surrogate look like, and the one shared empty
mapping a loaded object without unknown keys gets as ``extra``. The format itself is
described in ``docs/format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from ..model import OF_ATTRIBUTION, ActorKind, Genre, Part, Relation, ReportKind, Stance

FORMAT_NAME = "provenance-story"
#: The newest format version this library reads and writes.
FORMAT_VERSION = 2
#: Every format version this library reads (a story is saved as the lowest that holds it).
FORMAT_VERSIONS = (1, 2)

_STORY_KEYS = frozenset({"format", "version", "title", "summary", "actors", "claims", "reports",
                         "links"})
_ACTOR_KEYS = frozenset({"id", "name", "kind", "country", "url", "audience"})
_CLAIM_KEYS = frozenset({"id", "text"})
_REPORT_KEYS = frozenset({"id", "actor", "kind", "published", "title", "text", "url", "language",
                          "firsthand", "claims"})
_MENTION_KEYS = frozenset({"claim", "stance", "holder", "quote", "firsthand"})
_LINK_KEYS = frozenset({"source", "target", "relation", "confidence", "note"})

# Version 2 adds these keys, each to the objects named (a version 1 file keeps them as
# unknown keys). The ``_*_KEYS`` sets above stay those of version 1.
_V2_STORY_KEYS = frozenset({"accounts"})
_V2_CLAIM_KEYS = frozenset({"qualifies"})
_V2_REPORT_KEYS = frozenset({"genre", "accounts"})
_V2_MENTION_KEYS = frozenset({"part", "of", "hedged", "accounts"})
_V2_LINK_KEYS = frozenset({"accounts"})
_ACCOUNT_KEYS = frozenset({"id", "name", "by", "summary", "url"})
#: Every key version 2 adds, and where it belongs (an error elsewhere in a version 2 file).
_V2_KEYS: Mapping[str, str] = {
    "genre": "reports",
    "part": "claim mentions",
    "of": "claim mentions",
    "hedged": "claim mentions",
    "qualifies": "claims",
    "accounts": "the story, reports, links and claim mentions",
}
_V2_ALL = frozenset(_V2_KEYS)
#: The keys of each object in a version 2 file.
_STORY_KEYS_2 = _STORY_KEYS | _V2_STORY_KEYS
_ACTOR_KEYS_2 = _ACTOR_KEYS
_CLAIM_KEYS_2 = _CLAIM_KEYS | _V2_CLAIM_KEYS
_REPORT_KEYS_2 = _REPORT_KEYS | _V2_REPORT_KEYS
_MENTION_KEYS_2 = _MENTION_KEYS | _V2_MENTION_KEYS
_LINK_KEYS_2 = _LINK_KEYS | _V2_LINK_KEYS

_ACTOR_KINDS = {kind.value: kind for kind in ActorKind}
_REPORT_KINDS = {kind.value: kind for kind in ReportKind}
_STANCES = {stance.value: stance for stance in Stance}
_RELATIONS = {relation.value: relation for relation in Relation}
_GENRES = {genre.value: genre for genre in Genre}
_PARTS = {part.value: part for part in Part}
_OF_VALUES = {OF_ATTRIBUTION: OF_ATTRIBUTION}

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

