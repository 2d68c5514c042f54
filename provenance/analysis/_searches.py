"""Graph searches over the index's integer link lists.

Longest-path levels (a node left without one is in or behind a loop), what reaches
each report along links from some seeds (bit masks, 64 seeds at a time), and the
strongly connected components of a small graph. Each search runs vectorised a round
at a time and goes on node by node where the graph is thin (``_THIN``): in a long
chain of reports, numpy's cost per call would outweigh the work. :mod:`._dominators`,
:mod:`._rebuttals` and :func:`~provenance.analysis.analyze` use them.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from ._arrays import _Array, _ranges
from ._index import _Index

#: Graph searches go on one node at a time where they reach fewer nodes than this per
#: round on average (long, thin graphs such as a chain of reports), and support graphs
#: with fewer nodes than this per level are analysed node by node: there, numpy's cost
#: per call would outweigh the work.
_THIN = 16


def _distinct(values: _Array, stamp: _Array) -> _Array:
    """The distinct values (any order), using ``stamp``, an array as long as the value range."""
    stamp[values] = np.arange(len(values))
    kept: _Array = values[stamp[values] == np.arange(len(values))]
    return kept


def _levels(count: int, src: _Array, dst: _Array) -> _Array:
    """Longest-path depth of every node of a graph (-1: in or behind a loop)."""
    level = np.full(count, -1, np.int32)
    if count == 0:
        return level
    order = np.argsort(src, kind="stable")
    out = dst[order]
    ptr = np.searchsorted(src[order], np.arange(count + 1))
    indeg = np.bincount(dst, minlength=count)
    stamp = np.zeros(count, np.int64)
    front = np.nonzero(indeg == 0)[0]
    depth = done = 0
    while front.size:
        level[front] = depth
        done += len(front)
        if _thin(depth, done):
            return _levels_by_node(level, front, src, dst, out, ptr, indeg)
        targets = out[_ranges(ptr[front], ptr[front + 1] - ptr[front])]
        if not targets.size:
            break
        np.subtract.at(indeg, targets, 1)
        front = _distinct(targets[indeg[targets] == 0], stamp)
        depth += 1
    return level


def _thin(rounds: int, done: int) -> bool:
    """Whether a search that reached ``done`` nodes in ``rounds`` rounds goes on node by node."""
    return rounds > 4 * _THIN and done < rounds * _THIN


def _levels_by_node(level: _Array, front: _Array, src: _Array, dst: _Array, out: _Array,
                    ptr: _Array, indeg: _Array) -> _Array:
    """:func:`_levels` continued one node at a time from the nodes ``front``."""
    best = np.zeros(len(level), np.int64)  # 1 + the deepest level among known sources
    known = (level[src] >= 0) & (level[dst] < 0)
    np.maximum.at(best, dst[known], level[src[known]] + 1)
    levels, best_of, fed = level.tolist(), best.tolist(), indeg.tolist()
    targets, starts = out.tolist(), ptr.tolist()
    queue = deque(front.tolist())
    while queue:
        v = queue.popleft()
        step = levels[v] + 1
        for w in targets[starts[v]:starts[v + 1]]:
            if best_of[w] < step:
                best_of[w] = step
            fed[w] -= 1
            if fed[w] == 0:
                levels[w] = best_of[w]
                queue.append(w)
    return np.array(levels, np.int32)


def _strong_components(size: int, succs: list[list[int]]) -> tuple[list[int], int]:
    """Tarjan's strongly connected components of nodes ``0..size-1``: each node's group,
    and how many; a group's successors have lower numbers (the last group is a source)."""
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    group = [-1] * size
    stack: list[int] = []
    count = groups = 0
    for start in range(size):
        if index[start] >= 0:
            continue
        index[start] = low[start] = count
        count += 1
        stack.append(start)
        on_stack[start] = True
        work = [(start, 0)]
        while work:
            v, i = work[-1]
            out = succs[v]
            if i < len(out):
                work[-1] = (v, i + 1)
                w = out[i]
                if index[w] < 0:
                    index[w] = low[w] = count
                    count += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work and low[v] < low[work[-1][0]]:
                low[work[-1][0]] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    group[w] = groups
                    if w == v:
                        break
                groups += 1
    return group, groups


def _downstream(ix: _Index, reports: _Array, bits: _Array) -> _Array:
    """Bit masks of what reaches each report along links from the seeds (``reports``, ``bits``)."""
    mask = np.zeros(ix.n, np.uint64)
    arrived = np.zeros(ix.n, np.uint64)  # bits that reached a node in this round
    stamp = np.zeros(ix.n, np.int64)
    np.bitwise_or.at(arrived, reports, bits)
    nodes = _distinct(reports, stamp)
    rounds = done = 0
    while nodes.size:
        rounds += 1
        done += len(nodes)
        if _thin(rounds, done):
            return _downstream_by_node(ix, mask, nodes, arrived[nodes])
        carry = arrived[nodes]
        arrived[nodes] = 0
        lo = ix.out_ptr[nodes]
        deg = ix.out_ptr[nodes + 1] - lo
        targets = ix.out_dst[_ranges(lo, deg)]
        new = np.repeat(carry, deg) & ~mask[targets]
        keep = new != 0
        targets, new = targets[keep], new[keep]
        np.bitwise_or.at(mask, targets, new)
        np.bitwise_or.at(arrived, targets, new)
        nodes = _distinct(targets, stamp)
    return mask


def _downstream_by_node(ix: _Index, mask: _Array, nodes: _Array, bits: _Array) -> _Array:
    """:func:`_downstream` continued one node at a time."""
    masks = mask.tolist()
    targets, starts = ix.out_dst.tolist(), ix.out_ptr.tolist()
    queue = deque(zip(nodes.tolist(), bits.tolist(), strict=True))
    while queue:
        v, carry = queue.popleft()
        for w in targets[starts[v]:starts[v + 1]]:
            new = carry & ~masks[w]
            if new:
                masks[w] |= new
                queue.append((w, new))
    return np.array(masks, np.uint64)
