"""The story as integer arrays: the index every step of the analysis works on.

:class:`_Index` reads a story once into numpy arrays indexed by report, mention,
link or *node* number: from the numbers the fast reader noted
(:class:`provenance.columns.StoryColumns`, found with :func:`~provenance.columns.columns_of`)
when the story has them, otherwise from its objects; both give the same arrays. A node
is one report carrying one claim: its strongest affirmative mention of the claim
decides its role (a positive node), or, without one, its strongest denial (a negative
node). In version 2, a node's role is decided by its body's mentions (by its
headline's when its body does not mention the claim), while what it passes on along its
links is its strongest affirmative mention over headline and body and its strongest
denial (a plain denial is stronger than a hedged one); attribution denials ("H never
said this") form no node. The index also builds the link lists that :mod:`._roles`,
:mod:`._searches` and :mod:`._rebuttals` walk (transmitting in-links and all out-links
per report), and holds the stance codes they compare and the time comparison the checks
use.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from operator import attrgetter, eq, is_, is_not
from typing import Any

import numpy as np

from ..columns import StoryColumns, columns_of
from ..model import (
    OF_ATTRIBUTION,
    TRANSMITTING,
    ClaimMention,
    Link,
    PublicationTime,
    Relation,
    Stance,
    Story,
)
from ._arrays import _INT, _Array

# How far from UTC a time without an offset may be (as in PublicationTime).
_EAST = 14 * 3600.0
_WEST = 12 * 3600.0

#: Stance codes: an affirmative stance's code is its strength.
_STANCES = (Stance.DENIES, Stance.QUESTIONS, Stance.IMPLIES, Stance.ATTRIBUTES, Stance.ASSERTS)
_DENIES, _QUESTIONS, _IMPLIES, _ATTRIBUTES, _ASSERTS = range(5)
#: A denial's strength against another denial: a hedged one is weaker than a plain one.
_PLAIN_DENIAL, _HEDGED_DENIAL = np.int8(2), np.int8(1)
_STANCE_CODE = {stance.value: code for code, stance in enumerate(_STANCES)}
_TRANSMITS = {id(relation): relation in TRANSMITTING for relation in Relation}
_FIRSTHAND_CODE: dict[Any, int] = {None: 2, True: 1, False: 0}
# The same codes by place in the enums (as the story reader notes them).
_STANCE_OF_PLACE = np.array([_STANCE_CODE[stance.value] for stance in Stance], np.int8)
_TRANSMITS_BY_PLACE = np.array([relation in TRANSMITTING for relation in Relation])
_REBUTS_PLACE = list(Relation).index(Relation.REBUTS)

# Fields of the story's objects, read many at a time with map().
_ID = attrgetter("id")
_ACTOR = attrgetter("actor")
_CLAIMS = attrgetter("claims")
_PUBLISHED = attrgetter("published")
_FIRSTHAND = attrgetter("firsthand")
_CLAIM = attrgetter("claim")
_STANCE = attrgetter("stance._value_")  # the enum's value: a plain string, quick to hash
_HOLDER = attrgetter("holder")
_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
_RELATION = attrgetter("relation")
_CONFIDENCE = attrgetter("confidence")
_LOCAL_START = attrgetter("local_start")
_LOCAL_END = attrgetter("local_end")
_OFFSET = attrgetter("offset")
_PART_HEADLINE = attrgetter("part._value_")
_OF = attrgetter("of")
_HEDGED = attrgetter("hedged")
_GENRE = attrgetter("genre._value_")

#: Mentions looked at to decide whether a story shares mention objects.
_SAMPLE = 4096
#: Largest (reports x claims) table for looking nodes up directly; beyond it, by search.
_DENSE_LOOKUP = 1 << 24


def _readers(audience: float | None) -> float:
    """An actor's audience as a float (a story built in code may hold any integer)."""
    try:
        return float(audience or 0)
    except OverflowError:
        return math.inf


def _codes(items: Sequence[Any], field: Callable[[Any], Any], table: dict[Any, int]) -> _Array:
    """The number in ``table`` of each item's ``field`` (None: -1); new values are added."""
    lookup = dict(table)
    lookup[None] = -1
    found = np.fromiter(map(lookup.get, map(field, items), repeat(-2)), _INT, len(items))
    for i in np.nonzero(found == -2)[0].tolist():
        found[i] = table.setdefault(field(items[i]), len(table))
    return found


def _flags(items: Sequence[Any], field: Callable[[Any], Any]) -> _Array:
    """0 (false), 1 (true) or 2 (not given) for each item's ``field``."""
    flags = np.fromiter(map(_FIRSTHAND_CODE.get, map(field, items), repeat(-1)), np.int8,
                        len(items))
    for i in np.nonzero(flags < 0)[0].tolist():
        flags[i] = bool(field(items[i]))
    return flags


def _first_of_runs(keys: _Array) -> tuple[_Array, _Array]:
    """The distinct values of sorted ``keys`` and where each first appears."""
    first = np.ones(len(keys), bool)
    first[1:] = keys[1:] != keys[:-1]
    at = np.nonzero(first)[0]
    return keys[at], at


class _Index:
    """Integer arrays of a story that the analysis works on."""

    def __init__(self, story: Story) -> None:
        self.story = story
        reports = story.reports
        self.n = len(reports)
        self.ids: list[str] = list(map(_ID, reports))
        self.time: list[PublicationTime | None] = list(map(_PUBLISHED, reports))
        self.links = story.links
        self._addresses: tuple[_Array, _Array] | None = None
        self._unique = True
        # The story reader notes these numbers as it reads; otherwise read the objects.
        columns = columns_of(story)
        if columns is not None:
            self._read_columns(story, columns)
        else:
            self._read_objects(story)
        self.sort_key = (self.t_start + self.t_end) / 2 - np.where(
            np.isnan(self.t_offset), 0.0, self.t_offset)
        self.self_links = bool((self.l_src == self.l_dst).any())

        self._build()

    def _read_columns(self, story: Story, columns: StoryColumns) -> None:
        """The story's numbers as the reader noted them."""
        n = self.n
        self.pos = columns.report_position
        self.actor_names = [a.id for a in story.actors]
        self.claim_ids = [c.id for c in story.claims]
        audience = [_readers(a.audience) for a in story.actors]
        self.actor = np.frombuffer(columns.report_actor, np.int32).astype(_INT)
        self.audience = np.array(audience, np.float64)[self.actor]
        self.r_firsthand = np.frombuffer(columns.report_firsthand, np.int8).copy()
        self.dated = np.frombuffer(columns.report_dated, np.int8).astype(bool)
        self.t_start = np.frombuffer(columns.report_start, np.float64).copy()
        self.t_end = np.frombuffer(columns.report_end, np.float64).copy()
        self.t_offset = np.frombuffer(columns.report_offset, np.float64).copy()
        counts = np.frombuffer(columns.report_mentions, np.int32)
        self.m_start = np.zeros(n + 1, np.int64)
        np.cumsum(counts, out=self.m_start[1:])
        self.m_report = np.repeat(np.arange(n, dtype=_INT), counts)
        kind = np.frombuffer(columns.mention_kind, np.int32)
        self.m_claim = np.frombuffer(columns.kind_claim, np.int32)[kind].astype(_INT)
        self.m_stance = _STANCE_OF_PLACE[np.frombuffer(columns.kind_stance, np.int8)][kind]
        self.m_holder = np.frombuffer(columns.kind_holder, np.int32)[kind].astype(_INT)
        self.m_firsthand = np.frombuffer(columns.kind_firsthand, np.int8)[kind]
        self.m_named = self.m_holder >= 0  # ids are never empty
        self.l_src = np.frombuffer(columns.link_source, np.int32).astype(_INT)
        self.l_dst = np.frombuffer(columns.link_target, np.int32).astype(_INT)
        relation = np.frombuffer(columns.link_relation, np.int8)
        self.l_trans = _TRANSMITS_BY_PLACE[relation]
        self.l_rebuts = relation == _REBUTS_PLACE
        self.l_conf = np.frombuffer(columns.link_confidence, np.float64).copy()
        # Version 2 (an empty column: every value is the default).
        count = len(kind)
        self.m_headline = (np.frombuffer(columns.kind_part, np.int8)[kind] == 1
                           if len(columns.kind_part) else np.zeros(count, bool))
        self.m_of = (np.frombuffer(columns.kind_of_attribution, np.int8)[kind] == 1
                     if len(columns.kind_of_attribution) else np.zeros(count, bool))
        self.m_hedged = (np.frombuffer(columns.kind_hedged, np.int8)[kind] == 1
                         if len(columns.kind_hedged) else np.zeros(count, bool))
        self.r_satire = (np.frombuffer(columns.report_genre, np.int8) == 1
                         if len(columns.report_genre) else np.zeros(n, bool))
        self.c_qualifies = (np.frombuffer(columns.claim_qualifies, np.int32).astype(_INT)
                            if len(columns.claim_qualifies)
                            else np.full(len(self.claim_ids), -1, _INT))

    def _read_objects(self, story: Story) -> None:
        """The story's numbers, read from its objects."""
        reports = story.reports
        n = self.n
        self.pos = {rid: i for i, rid in enumerate(self.ids)}

        # Actors (and holders) as numbers; audience per report.
        actors = {a.id: a for a in story.actors}
        code: dict[Any, int] = {}
        for actor_id in actors:
            code[actor_id] = len(code)
        self.actor = _codes(reports, _ACTOR, code)
        audience = [_readers(actors[name].audience) if name in actors else 0.0
                    for name in code]
        self.audience = np.array(audience, np.float64)[self.actor]

        # Publication times as interval arrays (NaN offset: none given).
        self.dated = np.fromiter(map(is_not, self.time, repeat(None)), bool, n)
        dated = [t for t in self.time if t is not None]
        at = np.nonzero(self.dated)[0]
        self.t_start = np.zeros(n)
        self.t_end = np.zeros(n)
        self.t_offset = np.full(n, np.nan)
        self.t_start[at] = np.fromiter(map(_LOCAL_START, dated), np.float64, len(dated))
        self.t_end[at] = np.fromiter(map(_LOCAL_END, dated), np.float64, len(dated))
        self.t_offset[at] = np.array(list(map(_OFFSET, dated)), np.float64)  # None: NaN

        # Mentions, flattened in story order.
        per_report = list(map(_CLAIMS, reports))
        counts = np.fromiter(map(len, per_report), np.int64, n)
        self.m_start = np.zeros(n + 1, np.int64)
        np.cumsum(counts, out=self.m_start[1:])
        flat = list(chain.from_iterable(per_report))
        count = len(flat)
        self.m_report = np.repeat(np.arange(n, dtype=np.int32), counts)
        # A loaded story shares one object among equal plain mentions: when there are
        # few distinct objects, read each once (new codes still come in story order).
        mentions, which = flat, None
        if count > _SAMPLE and len(set(map(id, flat[:_SAMPLE]))) * 4 <= _SAMPLE:
            distinct = dict(zip(map(id, flat), flat, strict=True))
            mentions = list(distinct.values())
            number = {key: k for k, key in enumerate(distinct)}
            which = np.fromiter(map(number.__getitem__, map(id, flat)), _INT, count)
        claim_code: dict[Any, int] = {}
        for claim in story.claims:
            claim_code.setdefault(claim.id, len(claim_code))
        self.m_claim = _codes(mentions, _CLAIM, claim_code)
        self.claim_ids = list(claim_code)
        self.m_stance = np.fromiter(map(_STANCE_CODE.__getitem__, map(_STANCE, mentions)),
                                    np.int8, len(mentions))
        self.m_holder = _codes(mentions, _HOLDER, code)
        self.actor_names = list(code)
        self.m_firsthand = _flags(mentions, _FIRSTHAND)
        if which is not None:
            self.m_claim, self.m_stance = self.m_claim[which], self.m_stance[which]
            self.m_holder, self.m_firsthand = self.m_holder[which], self.m_firsthand[which]
        self.m_named = self.m_holder >= 0  # a holder that counts: not None, not ""
        if "" in code:
            self.m_named &= self.m_holder != code[""]
        self.r_firsthand = _flags(reports, _FIRSTHAND)
        # Version 2.
        self.m_headline = np.fromiter(
            map("headline".__eq__, map(_PART_HEADLINE, mentions)), bool, len(mentions))
        self.m_of = np.fromiter(map(eq, map(_OF, mentions), repeat(OF_ATTRIBUTION)), bool,
                                len(mentions))
        self.m_hedged = np.fromiter(map(bool, map(_HEDGED, mentions)), bool, len(mentions))
        if which is not None:
            self.m_headline, self.m_of = self.m_headline[which], self.m_of[which]
            self.m_hedged = self.m_hedged[which]
        self.r_satire = np.fromiter(map("satire".__eq__, map(_GENRE, reports)), bool, n)
        self.c_qualifies = np.full(len(self.claim_ids), -1, _INT)
        for claim in story.claims:
            if claim.qualifies is not None and claim.qualifies in claim_code:
                self.c_qualifies[claim_code[claim.id]] = claim_code[claim.qualifies]

        # Links.
        links = story.links
        k = len(links)
        self.l_src = self._positions(links, _SOURCE)
        self.l_dst = self._positions(links, _TARGET)
        relations = list(map(_RELATION, links))
        self.l_trans = np.fromiter(map(_TRANSMITS.__getitem__, map(id, relations)), bool, k)
        self.l_rebuts = np.fromiter(
            map(is_, relations, repeat(Relation.REBUTS)), bool, k)
        self.l_conf = np.fromiter(map(_CONFIDENCE, links), np.float64, k)

    def _build(self) -> None:
        """Link lists and nodes, from the arrays read."""
        n = self.n
        count = len(self.m_claim)
        # Transmitting in-links per report, in story order.
        trans = np.nonzero(self.l_trans)[0]
        trans = trans[np.argsort(self.l_dst[trans], kind="stable")]
        self.tin_link = trans.astype(np.int32)
        self.tin_src = self.l_src[trans]
        self.tin_ptr = np.searchsorted(self.l_dst[trans], np.arange(n + 1)).astype(np.int64)
        self.trans_indeg = np.diff(self.tin_ptr)
        # Every link per source report, and the transmitting ones.
        out = np.argsort(self.l_src, kind="stable")
        self.out_dst = self.l_dst[out]
        self.out_ptr = np.searchsorted(self.l_src[out], np.arange(n + 1)).astype(np.int64)
        out = out[self.l_trans[out]]
        self.tout_dst = self.l_dst[out]
        self.tout_ptr = np.searchsorted(self.l_src[out], np.arange(n + 1)).astype(np.int64)

        # Nodes: the (report, claim) pairs, with the deciding mentions. Attribution
        # denials form no node (they say nothing about the claim's truth).
        claims = self.claims = len(self.claim_ids)
        key = self.m_report.astype(np.int64) * claims + self.m_claim
        forming_all = not self.m_of.any()
        mentions = (np.arange(count, dtype=_INT) if forming_all
                    else np.nonzero(~self.m_of)[0].astype(_INT))
        self.dense: _Array | None = None
        node_of: _Array | None = None
        if n * claims <= _DENSE_LOOKUP:
            # Nodes numbered by first mention; found through a (report, claim) table.
            first = np.full(n * claims, count, _INT)
            np.minimum.at(first, key[mentions], mentions)
            head = first[key[mentions]] == mentions
            heads = mentions if head.all() else mentions[head]
            self.dense = np.full(n * claims, -1, _INT)
            self.dense[key[heads]] = np.arange(len(heads), dtype=_INT)
            if len(heads) < count:
                node_of = self.dense[key]
                if not forming_all:
                    node_of[self.m_of] = -1
        else:
            # Nodes numbered in (report, claim) order; found by binary search.
            by_key = mentions[np.argsort(key[mentions], kind="stable")]
            self.node_keys, at = _first_of_runs(key[by_key])
            heads = by_key[at].astype(_INT)
            run = np.zeros(len(by_key), np.int64)
            run[at] = 1
            node_of = np.full(count, -1, _INT)
            node_of[by_key] = np.cumsum(run) - 1
        nodes = self.nodes = len(heads)
        self.p_report = self.m_report[heads]
        self.p_claim = self.m_claim[heads]
        affirmative = self.m_stance > 0
        self.has_headlines = bool(self.m_headline.any())
        if node_of is None:  # one mention per node
            every = np.arange(count, dtype=_INT)
            self.p_aff = np.where(affirmative, every, -1)
            self.p_neg = np.where(affirmative, -1, every)
            self.p_mention = every
            if self.has_headlines:
                self.p_body_aff = np.where(self.m_headline, -1, self.p_aff)
                self.p_head_aff = np.where(self.m_headline, self.p_aff, -1)
                self.p_has_body = ~self.m_headline
        else:
            # The strongest mention of each kind per node (the first of equals).
            strength = np.where(affirmative, self.m_stance,
                                np.where(self.m_hedged, _HEDGED_DENIAL, _PLAIN_DENIAL))
            forming = node_of >= 0

            def strongest(mask: _Array) -> _Array:
                at = np.nonzero(mask & forming)[0]
                best = np.full(nodes, -1, np.int8)
                np.maximum.at(best, node_of[at], strength[at])
                at = at[strength[at] == best[node_of[at]]]
                found = np.full(nodes, count, _INT)
                np.minimum.at(found, node_of[at], at)
                found[found == count] = -1
                return found

            self.p_aff = strongest(affirmative)
            self.p_neg = strongest(~affirmative)
            if self.has_headlines:
                body = ~self.m_headline
                body_aff, body_neg = strongest(affirmative & body), strongest(~affirmative & body)
                head_aff, head_neg = (strongest(affirmative & self.m_headline),
                                      strongest(~affirmative & self.m_headline))
                has_body = np.zeros(nodes, bool)
                has_body[node_of[forming & body]] = True
                self.p_mention = np.where(
                    has_body, np.where(body_aff >= 0, body_aff, body_neg),
                    np.where(head_aff >= 0, head_aff, head_neg))
                self.p_body_aff, self.p_head_aff, self.p_has_body = body_aff, head_aff, has_body
            else:
                self.p_mention = np.where(self.p_aff >= 0, self.p_aff, self.p_neg)
        if not self.has_headlines:
            self.p_body_aff = self.p_aff
            self.p_head_aff = np.full(nodes, -1, _INT)
            self.p_has_body = np.ones(nodes, bool)
        self.p_positive = self.m_stance[self.p_mention] > 0
        self.p_carries = self.p_aff >= 0  # passes the claim on as true (in some part)
        self.r_ptr = np.searchsorted(self.p_report, np.arange(n + 1)).astype(np.int64)
        # Attribution denials, and which nodes hold a denial of any kind.
        attribution = np.nonzero(self.m_of)[0]
        self.a_report, self.a_claim = self.m_report[attribution], self.m_claim[attribution]
        self.p_any_denial = self.p_neg >= 0
        denied = attribution[~affirmative[attribution]]
        if denied.size:
            held = self.node(self.m_report[denied], self.m_claim[denied])
            self.p_any_denial[held[held >= 0]] = True
        # Version 2: the claims qualifying each claim (in story order), and satire.
        self.qualifiers: dict[int, list[int]] = {}
        for q in np.nonzero(self.c_qualifies >= 0)[0].tolist():
            self.qualifiers.setdefault(int(self.c_qualifies[q]), []).append(q)
        self.satire_any = bool(self.r_satire.any())

    def without(self, mentions: _Array, links: _Array, firsthand: _Array) -> _Index:
        """The same story with only the mentions and links kept (boolean masks), and
        these report ``firsthand`` codes: what :mod:`._accounts` analyses an account
        without one item on. Reports keep their numbers; the mention objects are not
        carried over (:meth:`mention` must not be called on the result)."""
        other = copy.copy(self)
        counts = np.bincount(self.m_report[mentions], minlength=self.n)
        other.m_start = np.zeros(self.n + 1, np.int64)
        np.cumsum(counts, out=other.m_start[1:])
        for name in ("m_report", "m_claim", "m_stance", "m_holder", "m_firsthand", "m_named",
                     "m_headline", "m_of", "m_hedged"):
            setattr(other, name, getattr(self, name)[mentions])
        for name in ("l_src", "l_dst", "l_trans", "l_rebuts", "l_conf"):
            setattr(other, name, getattr(self, name)[links])
        other.links = ()
        other.r_firsthand = firsthand
        other._build()
        return other

    def _positions(self, links: Sequence[Link], field: Callable[[Link], str]) -> _Array:
        """The report number of each link's ``field`` (a report id)."""
        # A loaded story shares one string object per id: most ids are found by the
        # object's address, far faster than by hashing into a dict of every report.
        if self._addresses is None:
            addresses = np.fromiter(map(id, self.ids), np.int64, self.n)
            order = np.argsort(addresses)
            self._addresses = (addresses[order], order.astype(_INT))
            self._unique = len(self.pos) == self.n
        known, order = self._addresses
        count = len(links)
        found = np.full(count, -1, _INT)
        if self._unique and count and self.n:
            wanted = np.fromiter(map(id, map(field, links)), np.int64, count)
            at = np.minimum(np.searchsorted(known, wanted), self.n - 1)
            hit = known[at] == wanted
            found[hit] = order[at[hit]]
        pos = self.pos
        for i in np.nonzero(found < 0)[0].tolist():
            found[i] = pos[field(links[i])]
        return found

    def node(self, reports: _Array, claims: _Array) -> _Array:
        """The node of each (report, claim), or -1 where the report does not carry it."""
        if self.dense is not None:
            found: _Array = self.dense.reshape(self.n, self.claims)[reports, claims]
            return found
        key = reports.astype(np.int64) * self.claims + claims
        if self.nodes == 0:
            return np.full(len(key), -1, _INT)
        at = np.minimum(np.searchsorted(self.node_keys, key), self.nodes - 1)
        return np.where(self.node_keys[at] == key, at, -1).astype(_INT)

    def mention_firsthand(self, removed: int | _Array) -> _Array:
        """Whether each mention speaks firsthand, without the link ``removed`` (-1: none;
        or an array of links)."""
        fed = self.trans_indeg.copy()
        if isinstance(removed, np.ndarray):
            np.subtract.at(fed, self.l_dst[removed[self.l_trans[removed]]], 1)
        elif removed >= 0 and self.l_trans[removed]:
            fed[self.l_dst[removed]] -= 1
        report = np.where(self.r_firsthand == 2, fed == 0, self.r_firsthand == 1)
        firsthand: _Array = np.where(
            self.m_firsthand == 2, report[self.m_report], self.m_firsthand == 1)
        return firsthand

    def mention(self, m: int) -> ClaimMention:
        """The mention object with flat index ``m``."""
        r = int(self.m_report[m])
        found: ClaimMention = self.story.reports[r].claims[m - int(self.m_start[r])]
        return found


def _by_claim(ix: _Index) -> tuple[_Array, _Array]:
    """The nodes grouped by claim (in story order within each), and where each group starts."""
    claim = ix.p_claim.astype(np.int16) if ix.claims < 32767 else ix.p_claim  # radix sort
    order = np.argsort(claim, kind="stable")
    return order, np.searchsorted(ix.p_claim[order], np.arange(ix.claims + 1))


def _definitely_before(ix: _Index, a: Any, b: _Array) -> _Array:
    """``time[a].definitely_before(time[b])`` element by element (dated reports only)."""
    a_off, b_off = ix.t_offset[a], ix.t_offset[b]
    a_has, b_has = ~np.isnan(a_off), ~np.isnan(b_off)
    a_end = ix.t_end[a] - np.where(a_has, a_off, -_WEST)
    b_start = ix.t_start[b] - np.where(b_has, b_off, _EAST)
    a_timed = ix.t_end[a] - ix.t_start[a] <= 60
    b_timed = ix.t_end[b] - ix.t_start[b] <= 60
    utc = a_end <= b_start
    local = ix.t_end[a] <= ix.t_start[b]
    result: _Array = np.where(
        a_has & b_has, utc, np.where(~a_timed | ~b_timed | (~a_has & ~b_has), local, utc))
    return result
