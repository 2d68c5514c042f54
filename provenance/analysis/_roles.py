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

    def __init__(self, index: _Index, targets: _Array, removed: int | _Array,
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
        if isinstance(self.removed, np.ndarray):  # (links an account leaves out)
            src[np.isin(ix.tin_link[at], self.removed)] = -1
        elif self.removed >= 0:
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


def _in_links(roles: _Roles, reports: _Array) -> tuple[_Array, _Array, _Array]:
    """Every transmitting in-link of each report (not the removed one, not from satire):
    the position of its report in ``reports``, its source, and the link."""
    ix = roles.index
    lo = ix.tin_ptr[reports]
    deg = (ix.tin_ptr[reports + 1] - lo).astype(_INT)
    at = _ranges(lo, deg)
    owner = np.repeat(np.arange(len(reports), dtype=_INT), deg)
    source, link = ix.tin_src[at], ix.tin_link[at]
    keep = (~np.isin(link, roles.removed) if isinstance(roles.removed, np.ndarray)
            else link != roles.removed)
    if ix.satire_any:
        keep &= ~ix.r_satire[source]
    return owner[keep], source[keep], link[keep]


def _any_per(owner: _Array, hit: _Array, count: int) -> _Array:
    found = np.zeros(count, bool)
    found[owner[hit]] = True
    return found


def _mentions_of(ix: _Index, reports: _Array, claims: _Array, where: _Array) -> _Array:
    """Whether each report has a mention of the paired claim among the mentions ``where``."""
    keys = np.unique(ix.m_report[where].astype(np.int64) * ix.claims + ix.m_claim[where])
    wanted = reports.astype(np.int64) * ix.claims + claims
    if not keys.size:
        return np.zeros(len(wanted), bool)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found: _Array = keys[at] == wanted
    return found


def _headlines_and_context_of(roles: _Roles, targets: _Array) -> None:
    """``headline_overstates`` and ``context_dropped`` of the targets they can apply to."""
    ix = roles.index
    head_all, body_all = ix.p_head_aff[targets], ix.p_body_aff[targets]
    if ix.has_headlines:
        hs = np.where(head_all >= 0, ix.m_stance[np.maximum(head_all, 0)], 0)
        bs = np.where(body_all >= 0, ix.m_stance[np.maximum(body_all, 0)], 0)
        check = np.nonzero((head_all >= 0) & (hs > bs)
                           & ~(~ix.p_has_body[targets] & roles.firsthand))[0]
        if check.size:
            _headlines(roles, targets, check, hs[check])
    if ix.qualifiers:
        qualified = np.zeros(ix.claims, bool)
        qualified[list(ix.qualifiers)] = True
        check = np.nonzero(qualified[ix.p_claim[targets]]
                           & ((body_all >= 0) | (head_all >= 0)))[0]
        if check.size:
            _context(roles, targets, check)


def _headlines(roles: _Roles, targets: _Array, check: _Array, head_strength: _Array) -> None:
    """A headline stronger than its body, and than every source: it overstates."""
    ix = roles.index
    nodes = targets[check]
    reports, claims = ix.p_report[nodes], ix.p_claim[nodes]
    owner, source, _ = _in_links(roles, reports)
    row = ix.node(source, claims[owner])
    carries = row >= 0
    carries[carries] = ix.p_aff[row[carries]] >= 0
    owner, source, aff = owner[carries], source[carries], ix.p_aff[row[carries]]
    seen = np.where((ix.m_stance[aff] == _ASSERTS) & roles.firsthand_mentions[aff]
                    & (ix.actor[source] != ix.actor[reports[owner]]),
                    np.int8(_ATTRIBUTES), ix.m_stance[aff])
    best = np.zeros(len(nodes), np.int8)
    np.maximum.at(best, owner, seen)
    over = best < head_strength
    x, node = check[over], nodes[over]
    no_body = ~ix.p_has_body[node]
    roles.code[x[no_body]] = _NONE
    roles.before[x[no_body]] = -1
    roles.before[x[~no_body]] = ix.m_stance[ix.p_mention[node[~no_body]]]
    roles.code[x] |= _HEADLINE
    roles.shown[x], roles.headline[x] = ix.p_head_aff[node], True


def _context(roles: _Roles, targets: _Array, check: _Array) -> None:
    """A qualified claim carried without the qualifier a source (or the body) carried."""
    ix = roles.index
    nodes = targets[check]
    reports, claims = ix.p_report[nodes], ix.p_claim[nodes]
    owner, source, _ = _in_links(roles, reports)
    row = ix.node(source, claims[owner])
    carrying = row >= 0
    carrying[carrying] = ix.p_aff[row[carrying]] >= 0
    owner, source = owner[carrying], source[carrying]
    body_aff, head_aff = ix.p_body_aff[nodes], ix.p_head_aff[nodes]
    every = np.arange(len(ix.m_claim))
    headline = np.nonzero(ix.m_headline)[0]
    body = np.nonzero(~ix.m_headline)[0]
    open_ = np.ones(len(nodes), bool)
    depth = max(len(q) for q in ix.qualifiers.values())
    for k in range(depth):
        q = np.array([ix.qualifiers[c][k] if len(ix.qualifiers.get(c, ())) > k else -1
                      for c in claims.tolist()], _INT)
        live = open_ & (q >= 0)
        if not live.any():
            continue
        qq = np.maximum(q, 0)
        own = _mentions_of(ix, reports, qq, every)
        head_has = _mentions_of(ix, reports, qq, headline)
        body_has = _mentions_of(ix, reports, qq, body)
        q_row = ix.node(source, qq[owner])
        from_q = q_row >= 0
        from_q[from_q] = ix.p_aff[q_row[from_q]] >= 0
        from_source = _any_per(owner, from_q, len(nodes))
        body_drop = live & (body_aff >= 0) & ~own & from_source
        head_drop = live & ~body_drop & (head_aff >= 0) & ~head_has & (body_has | from_source)
        x = check[body_drop | head_drop]
        roles.qualifier[x] = q[body_drop | head_drop]
        roles.code[x] |= _CONTEXT
        hx = check[head_drop]
        roles.headline[hx], roles.shown[hx] = True, head_aff[head_drop]
        open_ &= ~(body_drop | head_drop)
