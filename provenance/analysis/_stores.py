"""The stores behind :class:`~.results.Reach` and :class:`~.results.Planted`, linear in the story.

A chain of N reports can have N/2 distortions reaching N²/4 reports in all, so an
analysis does not keep one list per distortion. :class:`_Smallest` finds the first few
report numbers of any range of one shared array (every reach is such a range, see
:mod:`._dominators`), and :class:`_Lineage` holds every planted set as an earlier set
plus the few reports it adds. :mod:`._dominators` builds them; the records in
:mod:`.results` read them when asked.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from itertools import chain

import numpy as np

from ._arrays import _Array

#: A reach of the analysis lists its first this many (``reach[:20]``) without sorting it all.
REACH_FIRST = 32
#: A distortion's ``planted`` keeps its first this many reports at hand (``planted[:20]``).
PLANTED_FIRST = 20


class _Smallest:
    """The few smallest numbers of any range of one array, in ``k log n``: a segment tree
    over blocks of ``k`` numbers, each node keeping the ``k`` smallest below it (about
    twice the array in all), built when first asked."""

    def __init__(self, values: _Array, k: int) -> None:
        self.values, self.k = values, k
        self._levels: list[_Array] | None = None

    def _build(self) -> list[_Array]:
        k, values = self.k, self.values
        big = np.iinfo(values.dtype).max
        blocks = -(-len(values) // k)
        padded = np.full(blocks * k, big, values.dtype)
        padded[:len(values)] = values
        level = np.sort(padded.reshape(blocks, k), axis=1)
        levels = [level]
        while len(level) > 1:
            if len(level) % 2:
                level = np.vstack([level, np.full((1, k), big, values.dtype)])
            level = np.sort(level.reshape(len(level) // 2, 2 * k), axis=1)[:, :k]
            levels.append(level)
        return levels

    def first(self, start: int, stop: int, count: int) -> _Array:
        """The ``count`` (at most ``k``) smallest of ``values[start:stop]``, sorted."""
        if self._levels is None:
            self._levels = self._build()
        k, values, levels = self.k, self.values, self._levels
        lo, hi = -(-start // k), stop // k  # the whole blocks in the range
        if lo >= hi:
            found = values[start:stop]
        else:
            parts = [values[start:lo * k], values[hi * k:stop]]
            depth = 0
            while lo < hi:
                if lo & 1:
                    parts.append(levels[depth][lo])
                    lo += 1
                if hi & 1:
                    hi -= 1
                    parts.append(levels[depth][hi])
                lo, hi, depth = lo >> 1, hi >> 1, depth + 1
            found = np.concatenate(parts)
        if len(found) > count:
            found = np.partition(found, count - 1)[:count]
        return np.sort(found)


class _Lineage:
    """Sets of planting reports shared by the distortions of an analysis, linear in the story.

    Set 0 is empty; every other set is an earlier set (its parent) and a few more report
    numbers (its extras, none of them in the parent). A report's set is built from the
    sets of its sources, so along a chain each planting report adds one set of one extra.
    Each set keeps its size and its ``PLANTED_FIRST`` smallest report numbers; membership
    is a walk up a tree with jump pointers.
    """

    def __init__(self) -> None:
        self.parent = [0]
        self.depth = [0]
        self.jump = [0]
        self.count = [0]
        self.extra: list[tuple[int, ...]] = [()]
        self.first: list[tuple[int, ...]] = [()]
        self._homes: dict[int, list[int]] = {}
        self._made: dict[tuple[int, tuple[int, ...]], int] = {}
        # A set known to hold another (the last union it went into): a walk up from the
        # other stops there (so two chains that keep drawing on each other stay linear).
        self._covered: dict[int, int] = {}

    def _add(self, parent: int, extra: tuple[int, ...]) -> int:
        key = (parent, extra)
        found = self._made.get(key)
        if found is not None:
            return found
        k = len(self.parent)
        self._made[key] = k
        up = self.jump[parent]
        depth = self.depth
        self.parent.append(parent)
        self.depth.append(depth[parent] + 1)
        self.jump.append(self.jump[up] if depth[parent] - depth[up] == depth[up] - depth[
            self.jump[up]] else parent)
        self.count.append(self.count[parent] + len(extra))
        self.extra.append(extra)
        self.first.append(tuple(heapq.nsmallest(
            PLANTED_FIRST, chain(self.first[parent], extra))))
        for e in extra:
            self._homes.setdefault(e, []).append(k)
        return k

    def _up_to(self, x: int, depth: int) -> int:
        """The ancestor of set ``x`` at ``depth``."""
        depths, jump, parent = self.depth, self.jump, self.parent
        while depths[x] > depth:
            up = jump[x]
            x = up if depths[up] >= depth else parent[x]
        return x

    def within(self, a: int, s: int) -> bool:
        """Whether set ``a`` is ``s`` or one of its ancestors (then a subset of it)."""
        return self.depth[a] <= self.depth[s] and self._up_to(s, self.depth[a]) == a

    def contains(self, s: int, number: int) -> bool:
        return any(self.within(h, s) for h in self._homes.get(number, ()))

    def union(self, sets: Iterable[int], own: Iterable[int] = ()) -> int:
        """The set of the reports of ``sets`` and the report numbers ``own``."""
        count = self.count
        given = sorted(set(sets) - {0}, key=lambda s: (-count[s], s))
        base = given[0] if given else 0
        extra: set[int] = set()
        covered = self._covered
        for s in given[1:]:
            x = s
            while not self.within(x, base):
                held = covered.get(x)
                if held is not None and self.within(held, base):
                    break
                extra.update(e for e in self.extra[x] if not self.contains(base, e))
                x = self.parent[x]
        extra.update(e for e in own if not self.contains(base, e))
        found = self._add(base, tuple(sorted(extra))) if extra else base
        for s in given[1:]:
            covered[s] = found
        return found

    def members(self, s: int) -> list[int]:
        """The report numbers of set ``s``, in story order."""
        found: list[int] = []
        while s:
            found.extend(self.extra[s])
            s = self.parent[s]
        found.sort()
        return found

    def new_members(self, s: int, visited: set[int]) -> list[int]:
        """The report numbers of set ``s`` held by no set in ``visited`` (which gets them
        all), in story order: each set's extras are looked at once however often asked."""
        new: list[int] = []
        while s not in visited:
            visited.add(s)
            new.extend(self.extra[s])
            s = self.parent[s]
        new.sort()
        return new
