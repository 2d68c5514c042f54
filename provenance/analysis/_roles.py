"""Each node's role for its claim, and the support edges into it.

:class:`_Roles` works out, for some nodes of an :class:`~._index._Index` (all of them,
or those one removed link changes), the role each plays from the stances its
transmitting sources carried: origin, faithful, invented, inflated or flipped, and
whether it misattributes the claim; a block of targets at a time, all claims at once.
It also finds the support-graph edges into the nodes (transmitting links between two
nodes of the same claim and polarity), from which :mod:`._dominators` finds each
distortion's reach. Roles are small integer codes here; ``_ROLE_TUPLES`` turns a code
into its :class:`~.results.Role` tuple.
"""

from __future__ import annotations

import numpy as np

from ._arrays import _BLOCK, _INT, _Array, _ranges
from ._index import (
    _ASSERTS,
    _ATTRIBUTES,
    _DENIAL_STRENGTH,
    _DENIES,
    _IMPLIES,
    _QUESTIONS,
    _Index,
)
from .results import Role

#: Role codes: one primary role, plus flags.
_ORIGIN, _FAITHFUL, _INVENTED, _INFLATED, _FLIPPED = range(5)
_PRIMARY = (Role.ORIGIN, Role.FAITHFUL, Role.INVENTED, Role.INFLATED, Role.FLIPPED)
_MISATTRIBUTED, _CIRCULAR = 8, 16
_ROLE_TUPLES = tuple(
    _PRIMARY[code & 7:(code & 7) + 1]
    + (Role.MISATTRIBUTED,) * bool(code & _MISATTRIBUTED)
    + (Role.CIRCULAR,) * bool(code & _CIRCULAR)
    for code in range(32)
)


class _Roles:
    """The roles of some nodes, and the support edges into them.

    ``code`` holds a primary role code plus ``_MISATTRIBUTED``; ``before`` the
    stance code the sources carried (-1: none); ``edge_src``/``edge_dst`` the
    support-graph edges into the nodes (transmitting links between two nodes of
    the same claim and polarity, into a node that does not speak firsthand),
    grouped by ``edge_dst`` in ascending order.
    """

    def __init__(self, index: _Index, targets: _Array, removed: int,
                 firsthand_mentions: _Array) -> None:
        ix = index
        self.index, self.removed = ix, removed
        mention = ix.p_mention[targets]
        self.firsthand = firsthand_mentions[mention]
        self.code = np.zeros(len(targets), np.int8)  # origin
        self.before = np.full(len(targets), -1, np.int8)
        self.dropped = np.zeros(len(targets), bool)
        # Per mention, as a source: a firsthand assertion (seen as an attribution when
        # the target is by another actor), its strength and the holder it names.
        self.firsthand_mentions = firsthand_mentions
        self.firsthand_asserts = (ix.m_stance == _ASSERTS) & firsthand_mentions
        self.named_holder = np.where(ix.m_named, ix.m_holder, -1)
        # Block by block: small temporary arrays are fast to allocate and stay in cache.
        local = np.nonzero(~self.firsthand)[0]
        edges = [self._block(local[start:start + _BLOCK], targets, mention)
                 for start in range(0, len(local), _BLOCK)]
        self.edge_src = np.concatenate([e[0] for e in edges] or [np.zeros(0, _INT)])
        self.edge_dst = np.concatenate([e[1] for e in edges] or [np.zeros(0, _INT)])

    def _block(self, local: _Array, targets: _Array,
               mentions: _Array) -> tuple[_Array, _Array]:
        """Roles of the targets ``local`` (positions in ``targets``); their support edges."""
        ix = self.index
        nodes, mention = targets[local], mentions[local]
        count = len(nodes)
        report = ix.p_report[nodes]
        positive = ix.p_positive[nodes]

        # Every (target, transmitting in-link), and the source's node for the claim.
        lo = ix.tin_ptr[report]
        deg = (ix.tin_ptr[report + 1] - lo).astype(_INT)
        ends = np.cumsum(deg)
        at = _ranges(lo, deg)
        source = ix.tin_src[at]
        src = ix.node(source, np.repeat(ix.p_claim[nodes], deg))
        if self.removed >= 0:
            src[ix.tin_link[at] == self.removed] = -1
        found = src >= 0
        safe = np.where(found, src, 0)
        s_aff = np.where(found, ix.p_aff[safe], -1)
        s_neg = np.where(found, ix.p_neg[safe], -1)
        s_actor = ix.actor[source]
        other = s_actor != np.repeat(ix.actor[report], deg)
        holder_t = np.repeat(ix.m_holder[mention], deg)

        # Affirmative source mentions as the target sees them: a firsthand assertion
        # by another actor is an attribution to that actor.
        aff = s_aff >= 0
        ma = np.maximum(s_aff, 0)
        own = self.firsthand_asserts[ma] & other & aff
        strength_a = np.where(own, np.int8(_ATTRIBUTES), ix.m_stance[ma])
        seen = np.where(own, s_actor, self.named_holder[ma])
        hit = aff & ((s_actor == holder_t) | (seen == holder_t))
        # Denials (few) as the target sees them.
        i_n = np.nonzero(s_neg >= 0)[0]
        mn = s_neg[i_n]
        seg_n = np.searchsorted(ends, i_n, "right")  # the target of each
        held = ix.m_holder[mn]
        own_n = (self.firsthand_mentions[mn] & (held == -1)
                 & (s_actor[i_n] != ix.actor[report][seg_n]))
        # The format gives denials no strength: a denial repeated as a denial, with
        # or without its holder, is faithful (only affirmative stances inflate).
        strength_n = np.full(len(i_n), _DENIAL_STRENGTH, np.int8)
        seen_n = np.where(own_n, s_actor[i_n], np.where(ix.m_named[mn], held, -1))
        hit_n = (s_actor[i_n] == holder_t[i_n]) | (seen_n == holder_t[i_n])

        # Per target: how many sources carry it each way, how strongly, who is named.
        has = np.nonzero(deg)[0]
        starts = (ends - deg)[has]
        n_aff = np.zeros(count, _INT)
        best_aff = np.zeros(count, np.int8)
        named = np.zeros(count, bool)
        if has.size:
            n_aff[has] = np.add.reduceat(aff, starts, dtype=_INT)
            best_aff[has] = np.maximum.reduceat(np.where(aff, strength_a, np.int8(0)), starts)
            named[has] = np.logical_or.reduceat(hit, starts)
        n_neg = np.bincount(seg_n, minlength=count)
        best_neg = np.zeros(count, np.int8)
        np.maximum.at(best_neg, seg_n, strength_n)
        named[seg_n[hit_n]] = True
        n_same = np.where(positive, n_aff, n_neg)
        n_all = n_aff + n_neg
        best_same = np.where(positive, best_aff, best_neg)
        best_opposite = np.where(positive, best_neg, best_aff)

        own_stance = ix.m_stance[mention]
        strength = np.where(own_stance > 0, own_stance, _DENIAL_STRENGTH)
        primary = np.where(
            n_all == 0, _INVENTED,
            np.where(n_same == 0, _FLIPPED,
                     np.where(strength <= best_same, _FAITHFUL, _INFLATED)))
        before = np.where(
            primary == _FLIPPED, np.where(positive, _DENIES, best_opposite),
            np.where(positive, best_same, _DENIES))
        before = np.where(primary == _INVENTED, -1, before)
        misattributed = ((own_stance == _ATTRIBUTES) & (ix.m_holder[mention] != -1)
                         & (n_all > 0) & ~named)
        self.code[local] = primary + _MISATTRIBUTED * misattributed
        self.before[local] = before
        self.dropped[local] = (primary == _INFLATED) & (best_same == 3)

        # Support edges: same-polarity sources that are nodes of the same part.
        edge = aff & np.repeat(positive, deg)
        edge[i_n[~positive[seg_n] & (s_aff[i_n] < 0)]] = True
        if ix.self_links:
            edge &= source != np.repeat(report, deg)
        chosen = np.nonzero(edge)[0]
        return src[chosen], nodes[np.searchsorted(ends, chosen, "right")]


def _kinds(ix: _Index, code: _Array) -> tuple[_Array, _Array, _Array]:
    """Which nodes are distortions; of those, which only plant the claim, which state it."""
    primary = code & 7
    distortion = ((primary == _INVENTED) | (primary == _INFLATED) | (primary == _FLIPPED)
                  | ((code & _MISATTRIBUTED) > 0))
    stance = ix.m_stance[ix.p_mention]
    return (distortion, distortion & ((stance == _IMPLIES) | (stance == _QUESTIONS)),
            distortion & ((stance == _ATTRIBUTES) | (stance == _ASSERTS)))
