"""Support graphs: each distortion's reach, circular reports, planting.

Each claim has two support graphs, one per polarity (a "part"), made of the edges
:mod:`._roles` finds. All parts are analysed together under one virtual root. A part
without a loop is analysed level by level (every report after all its sources): a
node's immediate dominator is the lowest common ancestor of its predecessors in the
dominator tree, found with jump pointers, for all nodes of a level at once. A part with
a loop is analysed node by node (Cooper, Harvey and Kennedy's algorithm). A
distortion's reach is its subtree of the dominator tree: numbering each tree in
preorder makes every reach one range of one array (a :class:`~.results.Reach`).
A report is circular when an earlier report by its own actor dominates it
(citogenesis), and each stated distortion's :class:`~.results.Planted` is a set of
one shared :class:`~._stores._Lineage`.
"""

from __future__ import annotations

import numpy as np

from ._arrays import _BLOCK, _INT, _Array, _ranges
from ._index import _Index
from ._roles import _kinds
from ._searches import _THIN, _levels, _strong_components
from ._stores import REACH_FIRST, _Lineage, _Smallest
from .results import Planted, Reach

#: Citogenesis is found by walking up the dominator tree while that takes fewer than
#: this many steps per node on average; otherwise by sorting.
_SHALLOW = 16


def _lca(a: _Array, b: _Array, parent: _Array, depth: _Array, jump: _Array) -> _Array:
    """Lowest common ancestors of the pairs ``a[i]``, ``b[i]`` in a tree with jump pointers."""
    a = a.copy()
    b = b.copy()
    swap = depth[a] < depth[b]
    if swap.any():
        a[swap], b[swap] = b[swap], a[swap]
    goal = depth[b]
    todo = np.nonzero(depth[a] > goal)[0]
    while todo.size:
        x = a[todo]
        up = jump[x]
        x = np.where(depth[up] >= goal[todo], up, parent[x])
        a[todo] = x
        todo = todo[depth[x] > goal[todo]]
    todo = np.nonzero(a != b)[0]
    while todo.size:
        x, y = a[todo], b[todo]
        jx, jy = jump[x], jump[y]
        apart = jx != jy
        x = np.where(apart, jx, parent[x])
        y = np.where(apart, jy, parent[y])
        a[todo] = x
        b[todo] = y
        todo = todo[x != y]
    return a


def _common_dominator(preds: _Array, deg: _Array, parent: _Array, depth: _Array,
                      jump: _Array, root: int) -> _Array:
    """For each node (``deg[i]`` predecessors, concatenated in ``preds``), their LCA."""
    out = np.full(len(deg), root, parent.dtype)
    has = np.nonzero(deg)[0]
    if not has.size:
        return out
    lens = deg[has]
    values = preds
    while len(values) > len(lens):  # pair neighbours up until one value per node is left
        ends = np.cumsum(lens)
        seg = np.repeat(np.arange(len(lens)), lens)
        offset = np.arange(len(values)) - (ends - lens)[seg]
        keep = np.nonzero(offset % 2 == 0)[0]
        merged = values[keep]
        pair = np.nonzero(offset[keep] + 1 < lens[seg[keep]])[0]
        if pair.size:
            merged[pair] = _lca(values[keep[pair]], values[keep[pair] + 1], parent, depth, jump)
        values = merged
        lens = (lens + 1) // 2
    out[has] = values
    return out


class _Support:
    """Dominator trees of the support graphs of some nodes, and what follows from them."""

    def __init__(self, index: _Index, nodes: _Array, code: _Array, firsthand: _Array,
                 edge_src: _Array, edge_dst: _Array, report_level: _Array | None,
                 shown: _Array | None = None, planted: bool = True) -> None:
        ix = index
        self.index = ix
        total = ix.nodes
        self.distortion, self.planting, self.stated = _kinds(
            ix, code, ix.p_mention if shown is None else shown)
        if not planted:  # (only the reach is wanted: what the point is, not who planted it)
            self.planting = np.zeros_like(self.planting)
        part = self.part = ix.p_claim.astype(np.int64) * 2 + ~ix.p_positive
        self.circular = np.zeros(total, bool)
        self.reach_size = np.zeros(total, np.int64)
        # Reach, linear in the story: each part's dominator tree numbered in preorder, so
        # that a node's reach is a range of ``_reach_order`` (report numbers) from
        # ``_reach_start`` (parts with a loop first, one block each, then the others).
        self._reach_start = np.full(total, -1, np.int64)
        self._looped_order: list[_Array] = []
        self._looped_size = 0
        # Planted: a set of the shared lineage per node downstream of a planting one.
        self.lineage = _Lineage()
        self._planted_of: dict[int, int] = {}
        # The edges, and each node's predecessors (edges come grouped by target).
        self.edge_src, self.edge_dst = edge_src, edge_dst
        self.ptr = np.searchsorted(edge_dst, np.arange(total + 1, dtype=_INT))
        # A node is on the vectorised path unless its part has a loop.
        if report_level is not None:
            level = report_level[ix.p_report[nodes]]
        else:
            local_src = np.searchsorted(nodes, edge_src)
            local_dst = np.searchsorted(nodes, edge_dst)
            level = _levels(len(nodes), local_src, local_dst)
        if level.size and (int(level.max()) + 1) * _THIN > len(nodes):
            level = np.full(len(nodes), -1, np.int32)  # thin: every part node by node
        looped_parts = np.unique(part[nodes[level < 0]])
        slow = np.isin(part[nodes], looped_parts)
        self.slow = np.zeros(total, bool)
        self.slow[nodes[slow]] = True
        self.level = np.full(total, -1, np.int32)
        self.level[nodes[~slow]] = level[~slow]
        for p in looped_parts.tolist():
            self._by_node(nodes[part[nodes] == p], firsthand, edge_src, edge_dst)
        self._by_level(nodes[~slow], level[~slow], firsthand, edge_src, edge_dst, part)
        fast = nodes[~slow]
        self._reach_start[fast] = self._looped_size + self._tin[fast] + 1
        self._reach_order = np.concatenate(
            [*self._looped_order, np.zeros(1, _INT), ix.p_report[self._pre[1:]]]).astype(_INT)
        del self._looped_order
        # Where the report numbers fall and rise: a range without a fall is in story order
        # already, one without a rise in reverse (a story listed newest first).
        step = np.zeros(len(self._reach_order), np.int64)
        step[1:] = self._reach_order[1:] < self._reach_order[:-1]
        self._falls = np.cumsum(step)
        self._rises = np.arange(len(step)) - self._falls  # no report twice in one reach
        self._smallest = _Smallest(self._reach_order, REACH_FIRST)

    # -- parts with a loop ------------------------------------------------- #

    def _by_node(self, order: _Array, firsthand: _Array, edge_src: _Array,
                 edge_dst: _Array) -> None:
        """Cooper-Harvey-Kennedy dominators of one part, as the original analysis did."""
        ix = self.index
        nodes = order.tolist()
        local = {node: n for n, node in enumerate(nodes)}
        size = len(nodes)
        root = size
        preds: list[list[int]] = [[] for _ in range(size + 1)]
        succs: list[list[int]] = [[] for _ in range(size + 1)]
        inside = np.isin(edge_dst, order)
        for s, t in zip(edge_src[inside].tolist(), edge_dst[inside].tolist(), strict=True):
            ls, lt = local.get(s), local[t]
            if ls is not None and ls != lt and ls not in preds[lt]:
                preds[lt].append(ls)
                succs[ls].append(lt)
        for n in range(size):
            if not preds[n]:
                preds[n].append(root)
                succs[root].append(n)

        post = [-1] * (size + 1)
        visit_order: list[int] = []
        seen = [False] * (size + 1)
        seen[root] = True
        stack: list[tuple[int, int]] = [(root, 0)]
        while stack:
            n, child = stack[-1]
            below = succs[n]
            if child < len(below):
                stack[-1] = (n, child + 1)
                c = below[child]
                if not seen[c]:
                    seen[c] = True
                    stack.append((c, 0))
            else:
                stack.pop()
                post[n] = len(visit_order)
                visit_order.append(n)
        rpo = visit_order[::-1]
        idom = [-1] * (size + 1)
        idom[root] = root
        changed = True
        while changed:
            changed = False
            for n in rpo:
                if n == root:
                    continue
                new = -1
                for p in preds[n]:
                    if idom[p] == -1:
                        continue
                    if new == -1:
                        new = p
                        continue
                    a, b = p, new
                    while a != b:
                        while post[a] < post[b]:
                            a = idom[a]
                        while post[b] < post[a]:
                            b = idom[b]
                    new = a
                if idom[n] != new:
                    idom[n] = new
                    changed = True

        report = ix.p_report[order].tolist()
        actors = ix.actor[ix.p_report[order]].tolist()
        first = firsthand[order].tolist()
        circular = [n for n in range(size) if not seen[n]]
        children: list[list[int]] = [[] for _ in range(size + 1)]
        for n in rpo:
            if n != root:
                children[idom[n]].append(n)
        on_path: dict[int, int] = {}
        walk: list[tuple[int, bool]] = [(root, True)]
        while walk:
            n, entering = walk.pop()
            actor = actors[n] if n != root else None
            if not entering:
                if actor is not None:
                    on_path[actor] -= 1
                continue
            if (actor is not None and on_path.get(actor, 0) > 0 and not first[n]
                    and any(actors[p] != actor for p in preds[n] if p != root)):
                circular.append(n)
            if actor is not None:
                on_path[actor] = on_path.get(actor, 0) + 1
            walk.append((n, False))
            walk.extend((c, True) for c in children[n])
        self.circular[order[circular]] = True

        # The tree in preorder (children in story order): each reach is a range of it.
        tin = [0] * (size + 1)
        subtree = [1] * (size + 1)
        in_preorder: list[int] = []
        todo = [root]
        while todo:
            m = todo.pop()
            tin[m] = len(in_preorder)
            in_preorder.append(m)
            todo.extend(sorted(children[m], reverse=True))
        for m in reversed(in_preorder[1:]):
            subtree[idom[m]] += subtree[m]
        base = self._looped_size
        self._looped_order.append(np.array([0] + [report[m] for m in in_preorder[1:]], _INT))
        self._looped_size += len(in_preorder)
        distortion = self.distortion[order].tolist()
        planting_nodes: list[int] = []
        for n in range(size):
            if not distortion[n] or not seen[n]:
                continue
            self._reach_start[nodes[n]] = base + tin[n] + 1
            self.reach_size[nodes[n]] = subtree[n] - 1
            if self.planting[nodes[n]]:
                planting_nodes.append(n)
        # Planted: reports in a loop reach each other, so each group of them has one set,
        # made from its sources' sets (groups in topological order) and its own planting.
        if planting_nodes:
            group, groups = _strong_components(size, succs)
            members: list[list[int]] = [[] for _ in range(groups)]
            for n in range(size):
                members[group[n]].append(n)
            own = set(planting_nodes)
            of_group = [0] * groups
            lineage, found = self.lineage, self._planted_of
            for g in range(groups - 1, -1, -1):
                in_group = members[g]
                s = lineage.union(
                    (of_group[group[p]] for n in in_group for p in preds[n]
                     if p != root and group[p] != g),
                    (report[n] for n in in_group if n in own))
                of_group[g] = s
                if s:
                    for n in in_group:
                        found[nodes[n]] = s

    # -- parts without a loop ---------------------------------------------- #

    def _by_level(self, nodes: _Array, level: _Array, firsthand: _Array, edge_src: _Array,
                  edge_dst: _Array, part: _Array) -> None:
        ix = self.index
        total = ix.nodes
        root = total
        self.root = root
        self.parent = np.full(total + 1, root, np.int32)
        self.depth = np.zeros(total + 1, np.int32)
        self.jump = np.full(total + 1, root, np.int32)
        if not nodes.size:
            self._tin = np.zeros(total + 1, _INT)
            self._pre = np.zeros(1, _INT)
            return
        # Nodes in level order; predecessors per node (edges come grouped by target).
        order = np.argsort(level.astype(np.int16) if level.max() < 32767 else level,
                           kind="stable")
        seq = nodes[order]
        bounds = np.searchsorted(level[order], np.arange(int(level.max()) + 2))
        del order
        ptr = self.ptr

        chosen = np.zeros(total, bool)
        chosen[nodes] = True
        # The nodes downstream of a planting distortion (or one themselves).
        carries = self.planting & chosen
        planting_here = bool(carries.any())

        parent, depth, jump = self.parent, self.depth, self.jump
        levels = len(bounds) - 1
        for lv in range(levels):
            a, b = int(bounds[lv]), int(bounds[lv + 1])
            if a == b:
                continue
            here = seq[a:b]
            lo = ptr[here]
            d = ptr[here + 1] - lo
            p = edge_src[_ranges(lo, d)]
            idom = _common_dominator(p, d, parent, depth, jump, root)
            parent[here] = idom
            depth[here] = depth[idom] + 1
            up = jump[idom]
            upup = jump[up]
            jump[here] = np.where(depth[idom] - depth[up] == depth[up] - depth[upup], upup, idom)
            if planting_here and p.size:
                has = np.nonzero(d)[0]
                starts = (np.cumsum(d) - d)[has]
                carries[here[has]] |= np.logical_or.reduceat(carries[p], starts)

        # Subtree sizes (bottom up) and preorder numbers (top down), depth by depth.
        node_depth = depth[nodes]
        deepest = int(node_depth.max())
        by_depth = np.argsort(node_depth.astype(np.int16) if deepest < 32767 else node_depth,
                              kind="stable")
        ordered = nodes[by_depth]
        bounds = np.searchsorted(node_depth[by_depth], np.arange(deepest + 2))
        size = np.ones(total + 1, _INT)
        for k in range(deepest, 0, -1):
            here = ordered[bounds[k]:bounds[k + 1]]
            np.add.at(size, parent[here], size[here])
        tin = np.zeros(total + 1, _INT)
        cursor = np.zeros(total + 1, _INT)
        cursor[root] = 1
        for k in range(1, deepest + 1):
            here = ordered[bounds[k]:bounds[k + 1]]
            up = parent[here]
            if (up != up[0]).any():
                by_parent = np.argsort(up, kind="stable")
                here, up = here[by_parent], up[by_parent]
            sz = size[here]
            before = np.cumsum(sz, dtype=_INT) - sz
            first = np.ones(len(here), bool)
            first[1:] = up[1:] != up[:-1]
            group = np.maximum.accumulate(np.where(first, np.arange(len(here)), 0))
            tin[here] = cursor[up] + before - before[group]
            np.add.at(cursor, up, sz)
            cursor[here] = tin[here] + 1
        pre = np.zeros(len(nodes) + 1, _INT)
        pre[tin[nodes]] = nodes
        self._tin, self._size, self._pre = tin, size, pre
        self.reach_size[nodes] = size[nodes] - 1

        # Citogenesis: a node with an earlier report by its own actor among its
        # dominators, drawing on another actor.
        actor = ix.actor[ix.p_report]
        other = actor[edge_src] != actor[edge_dst]
        drawn = np.zeros(total, bool)
        drawn[edge_dst[other]] = True
        suspect = nodes[drawn[nodes] & ~firsthand[nodes]]
        if int(depth[suspect].sum()) <= _SHALLOW * len(nodes):
            # Shallow trees: walk up from the suspects, a block at a time.
            for start in range(0, len(suspect), _BLOCK):
                block = suspect[start:start + _BLOCK]
                own, up = actor[block], parent[block]
                looped = np.zeros(len(block), bool)
                live = np.nonzero(up != root)[0]
                while live.size:
                    same = actor[up[live]] == own[live]
                    looped[live[same]] = True
                    live = live[~same]
                    up[live] = parent[up[live]]
                    live = live[up[live] != root]
                self.circular[block[looped]] = True
        else:
            # Deep trees: per actor, in preorder, is an earlier subtree still open?
            in_order = pre[1:]
            act = actor[in_order]
            group_order = np.argsort(act.astype(np.int16) if act.max() < 32767 else act,
                                     kind="stable")
            in_order, act = in_order[group_order], act[group_order].astype(np.int64)
            opens = tin[in_order]
            width = len(nodes) + 2
            highest = np.maximum.accumulate(act * width + opens + size[in_order])
            earlier = np.full(len(in_order), -1, np.int64)
            earlier[1:] = highest[:-1]
            inside = (earlier >= act * width) & (earlier - act * width > opens)
            self.circular[in_order] |= inside & drawn[in_order] & ~firsthand[in_order]

        # Planted: each node downstream of a planting distortion gets a set of the shared
        # lineage, made from its sources' sets (level by level) and itself if it plants.
        if planting_here:
            lineage, found = self.lineage, self._planted_of
            starts, sources = ptr.tolist(), edge_src.tolist()
            plants, report = self.planting, ix.p_report
            for v in seq[carries[seq]].tolist():
                s = lineage.union((found.get(u, 0) for u in sources[starts[v]:starts[v + 1]]),
                                  (int(report[v]),) if plants[v] else ())
                if s:
                    found[v] = s

    def reach(self, node: int) -> Reach:
        """The reports a distortion node reaches, in story order."""
        ix = self.index
        size = int(self.reach_size[node])
        start = int(self._reach_start[node])
        if size <= 0 or start < 0:
            return Reach._range(ix.ids, ix.pos, self._reach_order, 0, 0, 1)
        stop = start + size
        falls, rises = self._falls, self._rises
        direction = (1 if falls[stop - 1] == falls[start] else
                     -1 if rises[stop - 1] == rises[start] else 0)
        return Reach._range(ix.ids, ix.pos, self._reach_order, start, stop, direction,
                            self._smallest)

    def planted(self, node: int) -> Planted:
        """The planting reports upstream of a stated distortion node, in story order."""
        ix = self.index
        s = self._planted_of.get(node, 0) if self.stated[node] else 0
        return Planted._of(self.lineage, s, ix.ids, ix.pos)
