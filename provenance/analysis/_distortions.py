"""Distortions and the point of distortion.

:class:`_Result` joins the roles (:mod:`._roles`) and the support graphs
(:mod:`._dominators`) of a story, and describes each distortion node as a
:class:`~.results.Distortion` (its change, sources, holders, reach and planting).
:func:`_rank_key` orders distortions, the greatest reach first, then the larger
audience, then the earlier publication; :func:`_choose_point` picks the point of
distortion among those that leave the claim stated. :mod:`._alternatives` builds on
both for the analysis without one link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, cast

import numpy as np

from ..model import Part
from ._arrays import _Array
from ._dominators import _Support
from ._index import _ASSERTS, _STANCES, _Index
from ._roles import _CIRCULAR, _ROLE_TUPLES, _Roles
from .results import DISTORTION_ROLES, Distortion, Planted, Reach, Role


class _Supports(Protocol):
    """What a distortion's description needs of the support graphs (full or varied)."""

    distortion: _Array

    def reach(self, node: int) -> Reach: ...

    def planted(self, node: int) -> Planted: ...


class _Result:
    """Roles and support graphs of the nodes, without the link ``removed`` (-1: none);
    :class:`~._alternatives._Variant` is the same without one link, from these."""

    def __init__(self, index: _Index, level: _Array | None, nodes: _Array,
                 removed: int, planted: bool = True) -> None:
        self.level = level
        self.index = index
        self.removed = removed
        self.firsthand_mentions = index.mention_firsthand(removed)
        roles = _Roles(index, nodes, removed, self.firsthand_mentions)
        self.code, self.before, self.dropped = roles.code, roles.before, roles.dropped
        self.shown, self.qualifier, self.headline = roles.shown, roles.qualifier, roles.headline
        firsthand = roles.firsthand
        self.node_firsthand = firsthand
        self._support: _Supports | None = _Support(
            index, nodes, self.code, firsthand, roles.edge_src, roles.edge_dst, level,
            self.shown, planted)

    @property
    def support(self) -> _Supports:
        """The support graphs' answers (reach, planted, distortion); a variant is its
        own, held as None rather than as a reference to itself: a result must be freed
        when it is dropped, without waiting for the cycle collector."""
        return self._support if self._support is not None else cast(_Supports, self)

    def distortion_nodes(self, nodes: _Array) -> _Array:
        """The distortions among ``nodes`` (of one claim, in story order): positive ones first."""
        found = nodes[self.support.distortion[nodes]]
        positive = self.index.p_positive[found]
        return np.concatenate([found[positive], found[~positive]])

    def describe(self, node: int) -> Distortion:
        """The :class:`Distortion` of one distortion node."""
        ix = self.index
        r, c = int(ix.p_report[node]), int(ix.p_claim[node])
        positive = bool(ix.p_positive[node])
        mention = ix.mention(int(self.shown[node]))
        code = int(self.code[node])
        kinds = tuple(role for role in _ROLE_TUPLES[code & ~_CIRCULAR]
                      if role in DISTORTION_ROLES)
        satirical: set[int] = set()
        firsthand = self.firsthand_mentions
        same: set[int] = set()
        opposite: set[int] = set()
        holders: set[int] = set()
        drew_on: set[int] = set()
        uncertain: set[tuple[str, str]] = set()
        t_actor = int(ix.actor[r])
        for j in range(int(ix.tin_ptr[r]), int(ix.tin_ptr[r + 1])):
            k = int(ix.tin_link[j])
            if k == self.removed:
                continue
            s = int(ix.tin_src[j])
            drew_on.add(s)
            link = ix.links[k]
            if link.confidence < 1.0:
                uncertain.add((link.source, link.target))
            row = int(ix.node(np.array([s]), np.array([c]))[0])
            if row < 0:
                continue
            if ix.satire_any and ix.r_satire[s]:  # satire transmits nothing
                if ix.p_aff[row] >= 0:
                    satirical.add(s)
                continue
            s_actor = int(ix.actor[s])
            for m, s_positive in ((int(ix.p_aff[row]), True), (int(ix.p_neg[row]), False)):
                if m < 0:
                    continue
                if s_positive != positive:
                    opposite.add(s)
                    continue
                same.add(s)
                held = int(ix.m_holder[m])
                if ix.m_stance[m] > 0:
                    own = ix.m_stance[m] == _ASSERTS and firsthand[m] and s_actor != t_actor
                else:
                    own = firsthand[m] and held == -1 and s_actor != t_actor
                if own:
                    holders.add(s_actor)
                elif ix.m_named[m]:
                    holders.add(held)
        if Role.INVENTED in kinds:
            sources = sorted(drew_on)
        elif Role.SATIRE_AS_FACT in kinds:
            sources = sorted(satirical)
        else:
            sources = sorted(same) if same else sorted(opposite)
        before = int(self.before[node])
        ids = ix.ids
        return Distortion(
            report=ids[r],
            claim=ix.claim_ids[c],
            kinds=kinds,
            before=_STANCES[before] if before >= 0 else None,
            after=mention.stance,
            sources=tuple(ids[s] for s in sources),
            reach=self.support.reach(node),
            planted=self.support.planted(node),
            holder=mention.holder,
            source_holders=tuple(sorted(ix.actor_names[h] for h in holders)),
            attribution_dropped=bool(self.dropped[node]),
            quote=mention.quote,
            uncertain_links=tuple(sorted(uncertain)),
            dropped=ix.claim_ids[q] if (q := int(self.qualifier[node])) >= 0 else None,
            part=Part.HEADLINE if self.headline[node] else Part.BODY,
        )


def _rank_key(index: _Index, d: Distortion) -> tuple[int, float, int, float, int]:
    i = index.pos[d.report]
    t = index.time[i]
    return (-len(d.reach), -float(index.audience[i]), 0 if t is not None else 1,
            t.sort_key if t is not None else 0.0, i)


def _choose_point(index: _Index, distortions: Iterable[Distortion]) -> Distortion | None:
    stated = [d for d in distortions if d.states]
    if not stated:
        return None
    return min(stated, key=lambda d: _rank_key(index, d))


def _node_key(ix: _Index, reach: int, node: int,
              nodes_of: _Index | None = None) -> tuple[int, float, int, float, int]:
    """:func:`_rank_key` of a distortion node with a reach of ``reach`` reports (a node
    of ``nodes_of``, an index of the same reports, when given)."""
    r = int((nodes_of or ix).p_report[node])
    i = ix.pos[ix.ids[r]]
    t = ix.time[i]
    return (-reach, -float(ix.audience[i]), 0 if t is not None else 1,
            t.sort_key if t is not None else 0.0, i)
