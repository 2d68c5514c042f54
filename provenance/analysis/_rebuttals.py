"""Rebuttals per claim: who disputes it, and who carried it afterwards.

A rebuttal of a claim is a report that denies it in its own name (or, in version 2,
denies that someone said it: an attribution denial), does not carry it, and comes after
what it rebuts: it draws, along any links, on a report carrying the claim, or it is
published after the first report that states it. A firsthand denial that a later
report flipped, and that draws on no report carrying the claim, is that flip's source,
not its rebuttal. For each claim :func:`_rebuttals` gives the rebuttals in time order,
the earliest dated one, the reports that carried the claim after a rebuttal (later in
time, or downstream of one along links, found with :func:`~._searches._downstream`) and
which of those the rebuttal reached (they carry a denial themselves, or draw on a
rebuttal). :func:`~provenance.analysis.analyze` puts them in each
:class:`~.results.ClaimFindings`.
"""

from __future__ import annotations

import numpy as np

from ._arrays import _Array
from ._index import _ASSERTS, _ATTRIBUTES, _by_claim, _definitely_before, _Index
from ._roles import _FLIPPED
from ._searches import _downstream

_Found = tuple[tuple[str, ...], str | None, str | None, tuple[str, ...], tuple[str, ...]]


def _candidates(ix: _Index) -> _Array:
    """Keys (claim * n + report) of the reports that dispute a claim they do not carry."""
    n = ix.n
    bare = np.nonzero(~ix.p_carries)[0]
    holder = ix.m_holder[ix.p_neg[bare]]
    own = (holder == -1) | (holder == ix.actor[ix.p_report[bare]])
    keys = [ix.p_claim[bare[own]].astype(np.int64) * n + ix.p_report[bare[own]]]
    if ix.a_report.size:
        node = ix.node(ix.a_report, ix.a_claim)
        keep = node < 0
        keep[~keep] = ~ix.p_carries[node[~keep]]
        keys.append(ix.a_claim[keep].astype(np.int64) * n + ix.a_report[keep])
    found: _Array = np.unique(np.concatenate(keys))
    return found


def _rebuttals(ix: _Index, code: _Array) -> list[_Found]:
    """Per claim: rebuttals, first rebuttal and its time, carried after, reached.

    ``code`` holds the nodes' role codes (:mod:`._roles`): a flip's sources are not
    its rebuttals.
    """
    n = ix.n
    out: list[_Found] = [((), None, None, (), ())] * ix.claims
    candidate = _candidates(ix)
    if not candidate.size:
        return out
    c_claim = candidate // max(n, 1)
    c_report = (candidate % max(n, 1)).astype(np.int64)
    claims_with = np.unique(c_claim)
    ids = ix.ids
    by_claim, claim_ptr = _by_claim(ix)
    flipped = (code & 7) == _FLIPPED
    for chunk in range(0, len(claims_with), 64):
        group = claims_with[chunk:chunk + 64].tolist()
        bit_of = {c: np.uint64(1) << np.uint64(b) for b, c in enumerate(group)}
        # What each claim's carriers reach, along any link.
        seeds, seed_bits = [], []
        for c in group:
            nodes = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
            carriers = ix.p_report[nodes[ix.p_carries[nodes]]]
            seeds.append(carriers)
            seed_bits.append(np.full(len(carriers), bit_of[c], np.uint64))
        after_carrier = _downstream(ix, np.concatenate(seeds).astype(np.int64),
                                    np.concatenate(seed_bits))
        rebutters: dict[int, _Array] = {}
        for c in group:
            bit = bit_of[c]
            mine = c_report[c_claim == c]
            drew = (after_carrier[mine] & bit) != 0
            nodes = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
            stating = nodes[ix.p_carries[nodes]]
            stance = ix.m_stance[ix.p_aff[stating]]
            stating = ix.p_report[stating[
                ((stance == _ATTRIBUTES) | (stance == _ASSERTS)) & ix.dated[ix.p_report[stating]]]]
            later = np.zeros(len(mine), bool)
            if stating.size:
                first = int(stating[np.lexsort((stating, ix.sort_key[stating]))[0]])
                timed = np.nonzero(ix.dated[mine])[0]
                later[timed] = _definitely_before(ix, first, mine[timed])
            keep = drew | later
            for at in np.nonzero(keep & ~drew)[0].tolist():
                if _flip_source(ix, int(mine[at]), c, flipped):
                    keep[at] = False
            rebutters[c] = np.sort(mine[keep])
        seed = np.concatenate([rebutters[c] for c in group]).astype(np.int64)
        bits = np.concatenate([np.full(len(rebutters[c]), bit_of[c], np.uint64)
                               for c in group])
        reached_by = _downstream(ix, seed, bits)
        for c in group:
            mine = rebutters[c]
            if not mine.size:
                continue
            out[c] = _findings(ix, c, mine, (reached_by & bit_of[c]) != 0,
                               by_claim[claim_ptr[c]:claim_ptr[c + 1]], ids)
    return out


def _flip_source(ix: _Index, d: int, c: int, flipped: _Array) -> bool:
    """True when report ``d`` (a denial of claim ``c``) is a source of a flip of ``c``."""
    if ix.satire_any and ix.r_satire[d]:
        return False
    users = ix.tout_dst[ix.tout_ptr[d]:ix.tout_ptr[d + 1]]
    if not users.size:
        return False
    found = ix.node(users, np.full(len(users), c, np.int64))
    found = found[found >= 0]
    return bool((flipped[found] & ix.p_positive[found]).any())


def _findings(ix: _Index, c: int, mine: _Array, down_all: _Array, nodes: _Array,
              ids: list[str]) -> _Found:
    n = ix.n
    dated = mine[ix.dated[mine]]
    first = -1
    if dated.size:
        first = int(dated[np.lexsort((dated, ix.sort_key[dated]))[0]])
    nodes = nodes[ix.p_carries[nodes]]
    reports = ix.p_report[nodes]
    rebutting = np.zeros(n, bool)
    rebutting[mine] = True
    keep = ~rebutting[reports]
    nodes, reports = nodes[keep], reports[keep]
    down = down_all[reports]
    later = down.copy()
    if first >= 0:
        timed = np.nonzero(ix.dated[reports])[0]
        later[timed] |= _definitely_before(ix, first, reports[timed])
    reached = later & (ix.p_any_denial[nodes] | down)
    undated = ~ix.dated[mine]
    in_time = mine[np.lexsort((mine, np.where(undated, 0.0, ix.sort_key[mine]), undated))]
    first_time = ix.time[first] if first >= 0 else None
    return (
        tuple(ids[i] for i in in_time.tolist()),
        ids[first] if first >= 0 else None,
        first_time.text if first_time is not None else None,
        tuple(map(ids.__getitem__, reports[later].tolist())),
        tuple(map(ids.__getitem__, reports[reached].tolist())),
    )
