"""Rebuttals per claim: who disputes it, and who carried it afterwards.

A report disputes a claim by denying it in its own name, or through a ``rebuts``
link (every claim its source carries that its target does not state). For each claim
:func:`_rebuttals` gives the rebuttals in time order, the earliest dated one, the
reports that carried the claim after a rebuttal (later in time, or downstream of one
along links, found with :func:`~._searches._downstream`) and which of those the
rebuttal reached. :func:`~provenance.analysis.analyze` puts them in each
:class:`~.results.ClaimFindings`.
"""

from __future__ import annotations

import numpy as np

from ._arrays import _ranges
from ._index import _by_claim, _definitely_before, _Index
from ._searches import _downstream


def _rebuttals(ix: _Index) -> list[tuple[tuple[str, ...], str | None, str | None,
                                         tuple[str, ...], tuple[str, ...]]]:
    """Per claim: rebuttals, first rebuttal and its time, carried after, reached."""
    n = ix.n
    negative = np.nonzero(~ix.p_positive)[0]
    holder = ix.m_holder[ix.p_neg[negative]]
    own = (holder == -1) | (holder == ix.actor[ix.p_report[negative]])
    keys = [ix.p_claim[negative[own]].astype(np.int64) * n + ix.p_report[negative[own]]]
    # A rebuts link disputes every claim its source carries that its target does not state.
    rebuts = np.nonzero(ix.l_rebuts)[0]
    if rebuts.size:
        src, dst = ix.l_src[rebuts], ix.l_dst[rebuts]
        lo = ix.r_ptr[src]
        deg = ix.r_ptr[src + 1] - lo
        nodes = _ranges(lo, deg)
        target = np.repeat(dst, deg)
        keep = ix.p_positive[nodes]
        nodes, target = nodes[keep], target[keep]
        claim = ix.p_claim[nodes]
        there = ix.node(target, claim)
        keep = (there < 0) | ~ix.p_positive[np.maximum(there, 0)]
        keys.append(claim[keep].astype(np.int64) * n + target[keep])
    rebutter = np.unique(np.concatenate(keys))
    r_claim = rebutter // max(n, 1)
    r_report = (rebutter % max(n, 1)).astype(np.int64)
    out: list[tuple[tuple[str, ...], str | None, str | None, tuple[str, ...],
                    tuple[str, ...]]] = [((), None, None, (), ())] * ix.claims
    if not rebutter.size:
        return out
    claims_with = np.unique(r_claim)
    ids = ix.ids
    by_claim, claim_ptr = _by_claim(ix)
    for chunk in range(0, len(claims_with), 64):
        group = claims_with[chunk:chunk + 64]
        bit_of = {int(c): np.uint64(1) << np.uint64(b) for b, c in enumerate(group.tolist())}
        seed = np.isin(r_claim, group)
        bits = np.array([bit_of[int(c)] for c in r_claim[seed].tolist()], np.uint64)
        reached_by = _downstream(ix, r_report[seed], bits)
        for c in group.tolist():
            bit = bit_of[c]
            mine = r_report[r_claim == c]
            dated = mine[ix.dated[mine]]
            first = -1
            if dated.size:
                first = int(dated[np.lexsort((dated, ix.sort_key[dated]))[0]])
            nodes = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
            nodes = nodes[ix.p_positive[nodes]]
            reports = ix.p_report[nodes]
            rebutting = np.zeros(n, bool)
            rebutting[mine] = True
            keep = ~rebutting[reports]
            nodes, reports = nodes[keep], reports[keep]
            down = (reached_by[reports] & bit) != 0
            later = down.copy()
            if first >= 0:
                timed = np.nonzero(ix.dated[reports])[0]
                later[timed] |= _definitely_before(ix, first, reports[timed])
            reached = later & ((ix.p_neg[nodes] >= 0) | down)
            undated = ~ix.dated[mine]
            in_time = mine[np.lexsort((mine, np.where(undated, 0.0, ix.sort_key[mine]), undated))]
            first_time = ix.time[first] if first >= 0 else None
            out[c] = (
                tuple(ids[i] for i in in_time.tolist()),
                ids[first] if first >= 0 else None,
                first_time.text if first_time is not None else None,
                tuple(map(ids.__getitem__, reports[later].tolist())),
                tuple(map(ids.__getitem__, reports[reached].tolist())),
            )
    return out
