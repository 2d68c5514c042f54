"""Each node's role for its claim, and the support edges into it.

:class:`_Roles` works out, for some nodes of an :class:`~._index._Index` (all of them,
or those one removed link changes), the role each plays from the stances its
transmitting sources carried: origin, faithful, invented, inflated or flipped, and
whether it misattributes the claim; a block of targets at a time, all claims at once.
Version 2 adds ``satire_as_fact`` (a primary role: the claim reached it only through
satire, which transmits nothing), and, node by node for the few nodes they can apply
to, ``headline_overstates`` and ``context_dropped``. Faithful excludes every other
role: a node with one of the flags is not faithful.
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
    _DENIES,
    _HEDGED_DENIAL,
    _IMPLIES,
    _PLAIN_DENIAL,
    _QUESTIONS,
    _Index,
)
from .results import Role

#: Role codes: one primary role (``_NONE``: none, a headline-only overstatement),
#: plus flags.
_ORIGIN, _FAITHFUL, _INVENTED, _INFLATED, _FLIPPED, _SATIRE_AS_FACT, _NONE = range(7)
_PRIMARY = (Role.ORIGIN, Role.FAITHFUL, Role.INVENTED, Role.INFLATED, Role.FLIPPED,
            Role.SATIRE_AS_FACT)
_MISATTRIBUTED, _CIRCULAR, _HEADLINE, _CONTEXT = 8, 16, 32, 64
_FLAGS = _MISATTRIBUTED | _CIRCULAR | _HEADLINE | _CONTEXT
_ROLE_TUPLES = tuple(
    (() if (code & 7) == _FAITHFUL and code & _FLAGS else _PRIMARY[code & 7:(code & 7) + 1])
    + (Role.MISATTRIBUTED,) * bool(code & _MISATTRIBUTED)
    + (Role.HEADLINE_OVERSTATES,) * bool(code & _HEADLINE)
    + (Role.CONTEXT_DROPPED,) * bool(code & _CONTEXT)
    + (Role.CIRCULAR,) * bool(code & _CIRCULAR)
    for code in range(128)
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
        # Version 2: the mention a distortion shows (the headline's, when the headline
        # changed it), the qualifier it dropped (-1: none), and whether it is the headline.
        self.shown = mention.copy()
        self.qualifier = np.full(len(targets), -1, _INT)
        self.headline = np.zeros(len(targets), bool)
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
        if ix.has_headlines or ix.qualifiers:
            _headlines_and_context_of(self, targets)

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
        satirical = np.zeros(count, bool)
        if ix.satire_any:
            # Satire transmits nothing; a claim that reached a report only through it
            # is taken from satire as fact.
            sat = ix.r_satire[source] & (src >= 0)
            sat_aff = sat.copy()
            sat_aff[sat] = ix.p_aff[src[sat]] >= 0
            if sat_aff.any():
                satirical[np.searchsorted(ends, np.nonzero(sat_aff)[0], "right")] = True
            src = np.where(sat, -1, src)
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
        # Denials have a strength among denials: a plain denial drawn only from hedged
        # ones is inflated; one repeated with or without its holder is faithful.
        strength_n = np.where(ix.m_hedged[mn], _HEDGED_DENIAL, _PLAIN_DENIAL).astype(np.int8)
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
        strength = np.where(own_stance > 0, own_stance,
                            np.where(ix.m_hedged[mention], _HEDGED_DENIAL, _PLAIN_DENIAL))
        primary = np.where(
            n_all == 0, np.where(positive & satirical, _SATIRE_AS_FACT, _INVENTED),
            np.where(n_same == 0, _FLIPPED,
                     np.where(strength <= best_same, _FAITHFUL, _INFLATED)))
        before = np.where(
            primary == _FLIPPED, np.where(positive, _DENIES, best_opposite),
            np.where(positive, best_same, _DENIES))
        before = np.where((primary == _INVENTED) | (primary == _SATIRE_AS_FACT), -1, before)
        misattributed = ((own_stance == _ATTRIBUTES) & (ix.m_holder[mention] != -1)
                         & (n_all > 0) & ~named)
        self.code[local] = primary + _MISATTRIBUTED * misattributed
        self.before[local] = before
        self.dropped[local] = (primary == _INFLATED) & (best_same == 3)

        # Support edges: same-polarity sources that are nodes of the same part.
        s_positive = ix.p_positive[safe]
        edge = aff & np.repeat(positive, deg) & s_positive
        edge[i_n[~positive[seg_n] & ~s_positive[i_n]]] = True
        if ix.self_links:
            edge &= source != np.repeat(report, deg)
        chosen = np.nonzero(edge)[0]
        return src[chosen], nodes[np.searchsorted(ends, chosen, "right")]


def _kinds(ix: _Index, code: _Array, shown: _Array) -> tuple[_Array, _Array, _Array]:
    """Which nodes are distortions; of those, which only plant the claim, which state it
    (judged by the stance the change leaves: ``shown``, a mention per node)."""
    primary = code & 7
    distortion = ((primary == _INVENTED) | (primary == _INFLATED) | (primary == _FLIPPED)
                  | (primary == _SATIRE_AS_FACT)
                  | ((code & (_MISATTRIBUTED | _HEADLINE | _CONTEXT)) > 0))
    stance = ix.m_stance[shown]
    return (distortion, distortion & ((stance == _IMPLIES) | (stance == _QUESTIONS)),
            distortion & ((stance == _ATTRIBUTES) | (stance == _ASSERTS)))


def _states(ix: _Index, code: _Array, shown: _Array, distortion: _Array,
            stated: _Array) -> _Array:
    """The distortions eligible as point of distortion: stated, or denied by a flip or
    by a hedged denial made firm (as ``Distortion.states``)."""
    primary = code & 7
    denied = distortion & ((primary == _FLIPPED) | (primary == _INFLATED)) & (
        ix.m_stance[shown] == _DENIES)
    result: _Array = stated | denied
    return result


def _seen_strength(ix: _Index, firsthand_mentions: _Array, aff: int, source: int,
                   target: int) -> int:
    """An affirmative source mention's strength as the target sees it."""
    if (ix.m_stance[aff] == _ASSERTS and firsthand_mentions[aff]
            and ix.actor[source] != ix.actor[target]):
        return int(_ATTRIBUTES)
    return int(ix.m_stance[aff])


def _headlines_and_context_of(roles: _Roles, targets: _Array) -> None:
    """``headline_overstates`` and ``context_dropped``, node by node where they can apply."""
    ix = roles.index
    check = np.zeros(len(targets), bool)
    if ix.has_headlines:
        head, body = ix.p_head_aff[targets], ix.p_body_aff[targets]
        hs = np.where(head >= 0, ix.m_stance[np.maximum(head, 0)], 0)
        bs = np.where(body >= 0, ix.m_stance[np.maximum(body, 0)], 0)
        check |= (head >= 0) & (hs > bs) & ~(~ix.p_has_body[targets] & roles.firsthand)
    if ix.qualifiers:
        qualified = np.zeros(ix.claims, bool)
        qualified[list(ix.qualifiers)] = True
        check |= qualified[ix.p_claim[targets]] & (
            (ix.p_body_aff[targets] >= 0) | (ix.p_head_aff[targets] >= 0))
    for x in np.nonzero(check)[0].tolist():
        _node_v2(roles, x, int(targets[x]))


def _node_v2(roles: _Roles, x: int, node: int) -> None:
    ix = roles.index
    firsthand = roles.firsthand_mentions
    r, c = int(ix.p_report[node]), int(ix.p_claim[node])
    sources = [int(ix.tin_src[j]) for j in range(int(ix.tin_ptr[r]), int(ix.tin_ptr[r + 1]))
               if int(ix.tin_link[j]) != roles.removed
               and not (ix.satire_any and ix.r_satire[int(ix.tin_src[j])])]
    carrying = []
    best = 0
    for s in sources:
        row = int(ix.node(np.array([s]), np.array([c]))[0])
        if row >= 0 and ix.p_aff[row] >= 0:
            carrying.append(s)
            best = max(best, _seen_strength(ix, firsthand, int(ix.p_aff[row]), s, r))
    head, body = int(ix.p_head_aff[node]), int(ix.p_body_aff[node])
    has_body = bool(ix.p_has_body[node])
    if head >= 0:
        hs = int(ix.m_stance[head])
        bs = int(ix.m_stance[body]) if body >= 0 else 0
        if hs > bs and not (not has_body and roles.firsthand[x]) and best < hs:
            if not has_body:
                roles.code[x] = _NONE
                roles.before[x] = -1
            else:
                roles.before[x] = ix.m_stance[ix.p_mention[node]]
            roles.code[x] |= _HEADLINE
            roles.shown[x], roles.headline[x] = head, True
    for q in ix.qualifiers.get(c, ()):
        lo, hi = int(ix.m_start[r]), int(ix.m_start[r + 1])
        own = [m for m in range(lo, hi) if ix.m_claim[m] == q]
        body_has = any(not ix.m_headline[m] for m in own)
        head_has = any(ix.m_headline[m] for m in own)
        from_source = False
        for s in carrying:
            row = int(ix.node(np.array([s]), np.array([q]))[0])
            if row >= 0 and ix.p_aff[row] >= 0:
                from_source = True
                break
        if body >= 0 and not own and from_source:
            roles.qualifier[x] = q
            break
        if head >= 0 and not head_has and (body_has or from_source):
            roles.qualifier[x] = q
            roles.headline[x], roles.shown[x] = True, head
            break
    if roles.qualifier[x] >= 0:
        roles.code[x] |= _CONTEXT
