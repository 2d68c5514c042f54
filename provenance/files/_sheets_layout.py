"""The layout of a story's spreadsheet: the sheets, their columns and what each holds
(:mod:`provenance.files.sheets` reads and writes it)."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ._schema import _ACTOR_KEYS, _CLAIM_KEYS, _LINK_KEYS, _MENTION_KEYS, _REPORT_KEYS, _STORY_KEYS

__all__ = ["Sheet", "SHEETS", "SHEET_NAMES", "CSV_NAMES"]


@attrs.frozen
class Sheet:
    """The layout of one sheet: its name, its columns and what each holds.

    Examples
    --------
    >>> SHEETS["links"].columns
    ('source', 'target', 'relation', 'confidence', 'note')
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
    #: The keys of the format an unknown column may not be named after.
    reserved: frozenset[str] = frozenset()


_SHEETS: tuple[Sheet, ...] = (
    Sheet("story", ("title", "summary"), reserved=_STORY_KEYS),
    Sheet("actors", ("id", "name", "kind", "country", "url", "audience"),
          frozenset({"id", "name"}), numbers=frozenset({"audience"}), reserved=_ACTOR_KEYS),
    Sheet("claims", ("id", "text"), frozenset({"id", "text"}), reserved=_CLAIM_KEYS),
    Sheet("reports", ("id", "actor", "kind", "published", "title", "text", "url", "language",
                      "firsthand"), frozenset({"id", "actor"}), flags=frozenset({"firsthand"}),
          dates=frozenset({"published"}), reserved=_REPORT_KEYS),
    Sheet("mentions", ("report", "claim", "stance", "holder", "quote", "firsthand"),
          frozenset({"report", "claim", "stance"}), flags=frozenset({"firsthand"}),
          reserved=_MENTION_KEYS),
    Sheet("links", ("source", "target", "relation", "confidence", "note"),
          frozenset({"source", "target"}), numbers=frozenset({"confidence"}),
          reserved=_LINK_KEYS),
)
#: Every sheet's layout by name.
SHEETS: Mapping[str, Sheet] = {sheet.name: sheet for sheet in _SHEETS}
#: The sheets' names, in the order the writers write them.
SHEET_NAMES: tuple[str, ...] = tuple(SHEETS)
#: The CSV file of each sheet.
CSV_NAMES: Mapping[str, str] = {name: f"{name}.csv" for name in SHEET_NAMES}

_JSON_SUFFIX = ":json"
