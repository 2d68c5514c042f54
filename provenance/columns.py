"""The contract between the fast story reader and the analysis: a story's numbers.

:class:`StoryColumns` is what :mod:`provenance.files.story`'s fast reader notes while
it reads (positions, stances, times, links as arrays of numbers), and what
:mod:`provenance.analysis` builds its index from when a story has them. A story
holds them in its private cache; :func:`attach_columns` and :func:`columns_of` are the
only two places that know where.
"""

from __future__ import annotations

from array import array

from .model import Story

__all__ = ["StoryColumns", "attach_columns", "columns_of"]

_KEY = "columns"


class StoryColumns:
    """What the fast reader noted about a story's objects, as numbers.

    The fast reader attaches them to the story it made (:func:`attach_columns`) so
    that the analysis need not read millions of objects again (:func:`columns_of`; a
    story changed with ``attrs.evolve`` has none).
    Positions are into ``story.actors``, ``story.claims`` and ``story.reports`` (-1:
    none); stances and relations are numbered by their place in :class:`Stance` and
    :class:`Relation`; firsthand flags are 0 (false), 1 (true) or 2 (not given); times
    are ``PublicationTime`` fields (an offset of NaN: none). Each mention is numbered
    by its *kind*, the distinct mention object it is.

    Version 2 adds ``report_genre`` (0 news, 1 satire), ``kind_part`` (0 body,
    1 headline), ``kind_of_attribution`` (1: a denial of the attribution only),
    ``kind_hedged`` (1: a hedged denial) and ``claim_qualifies`` (the position of the
    claim a claim qualifies, -1: none). An empty one of these means every value is
    the default (a version 1 story). The columns never describe accounts: a story with
    accounts is analysed account by account from its objects.
    """

    def __init__(self) -> None:
        self.report_position: dict[str, int] = {}
        self.report_actor = array("i")
        self.report_firsthand = array("b")
        self.report_dated = array("b")
        self.report_start = array("d")
        self.report_end = array("d")
        self.report_offset = array("d")
        self.report_mentions = array("i")
        self.mention_kind = array("i")
        self.kind_claim = array("i")
        self.kind_stance = array("b")
        self.kind_holder = array("i")
        self.kind_firsthand = array("b")
        self.link_source = array("i")
        self.link_target = array("i")
        self.link_relation = array("b")
        self.link_confidence = array("d")
        self.report_genre = array("b")
        self.kind_part = array("b")
        self.kind_of_attribution = array("b")
        self.kind_hedged = array("b")
        self.claim_qualifies = array("i")


def attach_columns(story: Story, columns: StoryColumns) -> None:
    """Keep ``columns`` with ``story`` (which the reader has just made from them)."""
    story._cache[_KEY] = columns


def columns_of(story: Story) -> StoryColumns | None:
    """The columns the fast reader noted for ``story`` if they still describe it.

    A story made another way, or whose reports or links no longer match the counts
    noted, has none.
    """
    columns = story._cache.get(_KEY)
    if not isinstance(columns, StoryColumns):
        return None
    if (len(columns.report_actor), len(columns.link_source)) != (
            len(story.reports), len(story.links)):
        return None
    return columns
