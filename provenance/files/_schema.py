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

from ..model import ActorKind, Relation, ReportKind, Stance

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

