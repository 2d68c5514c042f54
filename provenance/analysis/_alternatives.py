"""What the point of distortion would be without each uncertain link.

:func:`_alternatives` takes the candidate links (transmitting, below confidence 1.0,
into the point's report and, in small stories, into its reach) and for each finds the
point of distortion of the story without it. Removing a link into report *t* changes
only *t*'s claims, so :class:`_Variant` works the roles and dominator trees out again
from the full ones (:mod:`._distortions`, :mod:`._dominators`) for those claims alone,
and the other claims keep their best distortion.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._arrays import _INT, _Array, _ranges
from ._distortions import _node_key, _rank_key, _Result
from ._dominators import _Support
from ._index import _by_claim, _Index
from ._roles import _kinds, _Roles, _states
from .results import Alternative, Distortion, Planted, Reach

#: A variant that moves more nodes than this in the dominator trees is worked out
#: afresh for the parts it changes.
_MOVE_LIMIT = 50_000


def _alternatives(
    index: _Index, base: _Result, per_claim: Sequence[tuple[Distortion, ...]], point: Distortion,
    most: int, reach_limit: int,
) -> list[Alternative]:
    """For each uncertain link the point rests on, the point without that link: at most
    ``most`` links, and links into the point's reach only in stories of fewer than
    ``reach_limit`` reports (see ``MAX_ALTERNATIVES`` in :mod:`provenance.analysis`)."""
    ix = index
    involved = np.zeros(ix.n, bool)
    involved[ix.pos[point.report]] = True
    if ix.n < reach_limit:
        involved[point.reach._numbers()] = True
    candidates = np.nonzero(
        (ix.l_conf < 1.0) & ix.l_trans & involved[ix.l_dst])[0][:most]
    if not candidates.size:
        return []
    # The best stated distortion of each claim, as analysed in full.
    best: list[tuple[Any, Distortion] | None] = []
    for c, found in enumerate(per_claim):
        stated = [(_rank_key(ix, d), c, d) for d in found if d.states]
        best.append(min(stated, key=lambda x: x[:2])[::2] if stated else None)
    by_claim, claim_ptr = _by_claim(ix)
    out: list[Alternative] = []
    for k in candidates.tolist():
        link = ix.links[k]
        variant = _Variant(base, k)
        choice: tuple[Any, int, Distortion | int] | None = None
        for c in range(ix.claims):
            if c in variant.claims:
                mine = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
                for node in mine[variant.stating[mine]].tolist():
                    key = (_node_key(ix, variant.reach_size_of(node), node), c)
                    if choice is None or key < choice[:2]:
                        choice = (*key, node)
            else:
                known = best[c]
                if known is not None and (choice is None or (known[0], c) < choice[:2]):
                    choice = (known[0], c, known[1])
        winner = None if choice is None else choice[2]
        if isinstance(winner, int):
            winner = variant.describe(winner)
        out.append(Alternative((link.source, link.target), link.confidence, winner))
    return out


class _Variant(_Result):
    """The roles and support graphs without one uncertain link, from the full ones.

    Removing a transmitting link into report ``t`` changes the roles of ``t``'s nodes
    (and, when ``t`` then speaks firsthand, of the nodes drawing on ``t``) and the
    support edges into ``t``'s nodes, nothing else. So only nodes whose chain of
    dominators passes a node whose dominator changed can change theirs: they are
    recomputed in level order (a dominator is the lowest common ancestor of the
    predecessors), and each reach is corrected along the old and new chains of the
    moved nodes. Parts with a loop, and changes that move too many nodes, are worked
    out afresh.
    """

    def __init__(self, base: _Result, removed: int) -> None:
        self._start(base, base.index, removed, np.array([base.index.l_dst[removed]], _INT),
                    np.zeros(0, _INT), np.zeros(0, _INT))
        self._finish()

    def _start(self, base: _Result, ix: _Index, removed: int | _Array, reports: _Array,
               fed: _Array, dead: _Array) -> None:
        """The roles and support edges without the links ``removed``: the nodes of
        ``reports`` (the targets of those links), ``fed`` (nodes losing a source node) and
        ``dead`` (nodes gone: no edges, never a distortion) are worked out again, then the
        dominators below them (an account without one item: :class:`~._accounts._Without`)."""
        sup = base.support
        assert isinstance(sup, _Support)
        self.index, self.level, self.base_support = ix, base.level, sup
        self.removed = removed  # type: ignore[assignment]  # (describe: one link only)
        self.firsthand_mentions = ix.mention_firsthand(removed)
        t_nodes = np.unique(np.concatenate(
            [_ranges(ix.r_ptr[reports], ix.r_ptr[reports + 1] - ix.r_ptr[reports]),
             fed, dead]).astype(_INT))
        self.claims = set(ix.p_claim[t_nodes].tolist())
        targets = [t_nodes]
        for t in reports.tolist():
            lo, hi = int(ix.m_start[t]), int(ix.m_start[t + 1])
            if (self.firsthand_mentions[lo:hi] != base.firsthand_mentions[lo:hi]).any():
                # t now speaks firsthand: the reports drawing on it see its claims anew.
                own = ix.p_claim[ix.r_ptr[t]:ix.r_ptr[t + 1]]
                users = ix.tout_dst[ix.tout_ptr[t]:ix.tout_ptr[t + 1]]
                found = ix.node(np.repeat(users, len(own)), np.tile(own, len(users)))
                targets.append(found[found >= 0])
        targets_ = np.unique(np.concatenate(targets)).astype(_INT)
        roles = _Roles(ix, targets_, removed, self.firsthand_mentions)
        self.code, self.before = base.code.copy(), base.before.copy()
        self.dropped, self.node_firsthand = base.dropped.copy(), base.node_firsthand.copy()
        self.code[targets_], self.before[targets_] = roles.code, roles.before
        self.dropped[targets_], self.node_firsthand[targets_] = roles.dropped, roles.firsthand
        self.shown, self.qualifier = base.shown.copy(), base.qualifier.copy()
        self.headline = base.headline.copy()
        self.shown[targets_], self.qualifier[targets_] = roles.shown, roles.qualifier
        self.headline[targets_] = roles.headline
        self._support = None  # its own (see _Result.support)
        self.distortion, self.planting, self.stated = _kinds(ix, self.code, self.shown)
        self.stating = _states(ix, self.code, self.shown, self.distortion, self.stated)
        self.stating[dead] = False
        # The new predecessors of those nodes, where they changed.
        gone = set(dead.tolist())
        self.preds: dict[int, list[int]] = {}
        for x in t_nodes.tolist():
            new = [] if x in gone else sorted(set(roles.edge_src[roles.edge_dst == x].tolist()))
            old = sorted(set(sup.edge_src[sup.ptr[x]:sup.ptr[x + 1]].tolist()))
            if new != old:
                self.preds[x] = new

    def _finish(self) -> None:
        """The dominators below the nodes whose predecessors changed."""
        sup = self.base_support
        self.moved: dict[int, int] = {}  # node -> its new dominator
        self._depth: dict[int, int] = {}
        self._jump: dict[int, int] = {}
        self.delta: dict[int, int] = {}  # node -> change of its reach
        touched = np.isin(sup.part, [c * 2 + side for c in self.claims for side in (0, 1)])
        fresh = set(np.unique(sup.part[touched & sup.slow]).tolist())
        # Node by node beats starting afresh while few of the touched nodes move.
        limit = min(_MOVE_LIMIT, max(256, int(touched.sum()) // 16))
        if not self._move(limit):
            self.moved.clear()
            fresh |= {int(sup.part[x]) for x in self.preds}
        self.fresh_parts = fresh
        self.fresh: _Support | None = None
        if fresh:
            self.fresh = self._afresh(fresh)
        # Nodes moved in the other parts (a claim without a loop, beside one with)
        # still need their reach corrected.
        self._correct_reach()

    # -- dominators, node by node ------------------------------------------ #

    def _up(self, v: int) -> int:
        moved = self.moved.get(v)
        return int(self.base_support.parent[v]) if moved is None else moved

    def _deep(self, v: int) -> int:
        depth = self._depth.get(v)
        return int(self.base_support.depth[v]) if depth is None else depth

    def _leap(self, v: int) -> int:
        jump = self._jump.get(v)
        return int(self.base_support.jump[v]) if jump is None else jump

    def _common(self, a: int, b: int) -> int:
        """Lowest common ancestor in the changed dominator tree (jump pointers)."""
        deep, leap, up = self._deep, self._leap, self._up
        if deep(a) < deep(b):
            a, b = b, a
        goal = deep(b)
        while deep(a) > goal:
            j = leap(a)
            a = j if deep(j) >= goal else up(a)
        while a != b:
            ja, jb = leap(a), leap(b)
            if ja != jb:
                a, b = ja, jb
            else:
                a, b = up(a), up(b)
        return a

    def _move(self, limit: int) -> bool:
        """Recompute the dominators below the changed nodes; False if more than ``limit`` move."""
        ix, sup = self.index, self.base_support
        root = sup.root
        heap = [(int(sup.level[x]), x) for x in self.preds if not sup.slow[x]]
        heapq.heapify(heap)
        done: set[int] = set()
        while heap:
            _, v = heapq.heappop(heap)
            if v in done:
                continue
            done.add(v)
            preds = (self.preds[v] if v in self.preds
                     else sup.edge_src[sup.ptr[v]:sup.ptr[v + 1]].tolist())
            new = functools.reduce(self._common, preds) if preds else root
            if new == self._up(v) and new not in self.moved:
                continue
            self.moved[v] = new
            self._depth[v] = self._deep(new) + 1
            j = self._leap(new)
            jj = self._leap(j)
            even = self._deep(new) - self._deep(j) == self._deep(j) - self._deep(jj)
            self._jump[v] = jj if even else new
            if len(self.moved) > limit:
                return False
            r = int(ix.p_report[v])
            users = ix.tout_dst[ix.tout_ptr[r]:ix.tout_ptr[r + 1]]
            after = ix.node(users, np.full(len(users), ix.p_claim[v], _INT))
            after = after[after >= 0]
            after = after[ix.p_positive[after] == ix.p_positive[v]]
            for w in after.tolist():
                if w not in done:
                    heapq.heappush(heap, (int(sup.level[w]), w))
        return True

    def _chain(self, v: int, new: bool) -> list[int]:
        """The dominators of a moved node, in the changed or in the full tree."""
        root, parent = self.base_support.root, self.base_support.parent
        out = []
        a = self.moved[v] if new else int(parent[v])
        while a != root:
            out.append(a)
            a = self._up(a) if new else int(parent[a])
        return out

    def _correct_reach(self) -> None:
        for v in self.moved:
            for a in self._chain(v, False):
                self.delta[a] = self.delta.get(a, 0) - 1
            for a in self._chain(v, True):
                self.delta[a] = self.delta.get(a, 0) + 1

    def _afresh(self, parts: set[int]) -> _Support:
        """The support graphs of some parts worked out again, with the new edges."""
        ix, sup = self.index, self.base_support
        wanted = list(parts)
        nodes = np.nonzero(np.isin(sup.part, wanted))[0].astype(_INT)
        keep = np.isin(sup.part[sup.edge_dst], wanted) & ~np.isin(sup.edge_dst, list(self.preds))
        src = [sup.edge_src[keep]]
        dst = [sup.edge_dst[keep]]
        for x, preds in self.preds.items():
            if int(sup.part[x]) in parts:
                src.append(np.array(preds, _INT))
                dst.append(np.full(len(preds), x, _INT))
        edge_src, edge_dst = np.concatenate(src).astype(_INT), np.concatenate(dst).astype(_INT)
        order = np.argsort(edge_dst, kind="stable")
        return _Support(ix, nodes, self.code, self.node_firsthand, edge_src[order],
                        edge_dst[order], None, self.shown)

    # -- what a distortion needs ------------------------------------------- #

    def reach_size_of(self, node: int) -> int:
        if self.fresh is not None and int(self.base_support.part[node]) in self.fresh_parts:
            return int(self.fresh.reach_size[node])
        return int(self.base_support.reach_size[node]) + self.delta.get(node, 0)

    def reach(self, node: int) -> Reach:
        """The reports a distortion node reaches without the link, in story order."""
        sup = self.base_support
        part = int(sup.part[node])
        if self.fresh is not None and part in self.fresh_parts:
            return self.fresh.reach(node)
        moved = [v for v in self.moved if int(sup.part[v]) == part]
        if not moved:
            return sup.reach(node)
        start = int(sup._tin[node]) + 1
        members = set(sup._pre[start:start + int(sup._size[node]) - 1].tolist())
        for v in moved:
            if node in self._chain(v, True):
                members.add(v)
            else:
                members.discard(v)
        # One reach of its own (an alternative's point of distortion; at most a dozen).
        ix = self.index
        order = np.sort(ix.p_report[np.array(sorted(members), _INT)]).astype(_INT)
        return Reach._range(ix.ids, ix.pos, order, 0, len(order), 1)

    def planted(self, node: int) -> Planted:
        """The planting reports upstream of a stated distortion node, without the link."""
        sup = self.base_support
        if self.fresh is not None and int(sup.part[node]) in self.fresh_parts:
            return self.fresh.planted(node)
        seen = np.zeros(self.index.nodes, bool)
        seen[node] = True
        changed = np.array(sorted(self.preds), _INT)
        front = np.array([node], _INT)
        while front.size:
            special = np.isin(front, changed)
            usual = front[~special]
            lo = sup.ptr[usual]
            found = [sup.edge_src[_ranges(lo, sup.ptr[usual + 1] - lo)]]
            found += [np.array(self.preds[x], _INT) for x in front[special].tolist()]
            front = np.unique(np.concatenate(found))
            front = front[~seen[front]]
            seen[front] = True
        seen[node] = False
        ix = self.index
        found = sorted(ix.p_report[np.nonzero(seen & self.planting)[0]].tolist())
        return Planted(ix.ids[x] for x in found)
