"""The layout of a story's spreadsheet: the sheets, their columns and what each holds
(:mod:`provenance.files.sheets` reads and writes it)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

import attrs

from ..model import OF_ATTRIBUTION, ActorKind, Genre, Part, Relation, ReportKind, Stance
from ._schema import _ACTOR_KEYS, _CLAIM_KEYS, _LINK_KEYS, _MENTION_KEYS, _REPORT_KEYS, _STORY_KEYS

__all__ = ["Sheet", "SHEETS", "SHEET_NAMES", "CSV_NAMES", "VERSION_2_COLUMNS"]


@attrs.frozen
class Sheet:
    """The layout of one sheet: its name, its columns and what each holds.

    Examples
    --------
    >>> SHEETS["links"].columns
    ('source', 'target', 'relation', 'confidence', 'note', 'accounts')
    >>> SHEETS["mentions"].refers["claim"]
    'claims'
    """

    name: str
    #: The columns, in the order the writers write them.
    columns: tuple[str, ...]
    #: The columns a row must fill.
    required: frozenset[str] = frozenset()
    #: Columns of numbers, of booleans, of dates (the rest are text).
    numbers: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    #: Columns of lists of ids: ``a, b`` (or a JSON array, for ids with commas).
    lists: frozenset[str] = frozenset()
    #: The keys of the format an unknown column may not be named after.
    reserved: frozenset[str] = frozenset()
    #: The values a column may hold, for a workbook's drop-down lists.
    choices: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: The sheet whose ids a column refers to (its first column, ``id``).
    refers: Mapping[str, str] = attrs.field(factory=dict)


def _values(kind: type[Enum]) -> tuple[str, ...]:
    return tuple(str(option.value) for option in kind)


_FLAG = ("TRUE", "FALSE")
_ACCOUNT_COLUMNS = ("id", "name", "by", "summary", "url")
_SHEETS: tuple[Sheet, ...] = (
    Sheet("story", ("title", "summary"), reserved=_STORY_KEYS | {"accounts"}),
    Sheet("actors", ("id", "name", "kind", "country", "url", "audience"),
          frozenset({"id", "name"}), numbers=frozenset({"audience"}), reserved=_ACTOR_KEYS,
          choices={"kind": _values(ActorKind)}),
    Sheet("claims", ("id", "text", "qualifies"), frozenset({"id", "text"}),
          reserved=_CLAIM_KEYS, refers={"qualifies": "claims"}),
    Sheet("reports", ("id", "actor", "kind", "published", "title", "text", "url", "language",
                      "firsthand", "genre", "accounts"), frozenset({"id", "actor"}),
          flags=frozenset({"firsthand"}), dates=frozenset({"published"}),
          lists=frozenset({"accounts"}), reserved=_REPORT_KEYS,
          choices={"kind": _values(ReportKind), "firsthand": _FLAG, "genre": _values(Genre)},
          refers={"actor": "actors"}),
    Sheet("mentions", ("report", "claim", "stance", "holder", "quote", "firsthand", "part",
                       "of", "hedged", "accounts"),
          frozenset({"report", "claim", "stance"}), flags=frozenset({"firsthand", "hedged"}),
          lists=frozenset({"accounts"}), reserved=_MENTION_KEYS,
          choices={"stance": _values(Stance), "firsthand": _FLAG, "part": _values(Part),
                   "of": (OF_ATTRIBUTION,), "hedged": _FLAG},
          refers={"report": "reports", "claim": "claims", "holder": "actors"}),
    Sheet("links", ("source", "target", "relation", "confidence", "note", "accounts"),
          frozenset({"source", "target"}), numbers=frozenset({"confidence"}),
          lists=frozenset({"accounts"}), reserved=_LINK_KEYS,
          choices={"relation": _values(Relation)},
          refers={"source": "reports", "target": "reports"}),
    Sheet("accounts", _ACCOUNT_COLUMNS, frozenset({"id", "name"}),
          reserved=frozenset(_ACCOUNT_COLUMNS), refers={"by": "actors"}),
)
#: The keys of the format (version 2) a story uses when a sheet gives them.
VERSION_2_COLUMNS: Mapping[str, frozenset[str]] = {
    "claims": frozenset({"qualifies"}), "reports": frozenset({"genre", "accounts"}),
    "mentions": frozenset({"part", "of", "hedged", "accounts"}),
    "links": frozenset({"accounts"})}
#: Every sheet's layout by name.
SHEETS: Mapping[str, Sheet] = {sheet.name: sheet for sheet in _SHEETS}
#: The sheets' names, in the order the writers write them.
SHEET_NAMES: tuple[str, ...] = tuple(SHEETS)
#: The CSV file of each sheet.
CSV_NAMES: Mapping[str, str] = {name: f"{name}.csv" for name in SHEET_NAMES}

_JSON_SUFFIX = ":json"
