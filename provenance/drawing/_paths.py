"""Geometry for the matplotlib painter: many shapes as one compound path, where a
link's label may go, and a grid to ask quickly whether a box overlaps another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from .layout import LAYER_GAP

# Sizes in layout units.
_ARROW_LENGTH = 9.0
_ARROW_WIDTH = 7.0


class _Shapes:
    """Many shapes (routes, polygons, rectangles) drawn as one compound path."""

    _KAPPA = 0.5523  # control-point distance of a quarter circle drawn as a cubic Bezier

    def __init__(self) -> None:
        self.vertices: list[tuple[float, float]] = []
        self.codes: list[int] = []

    def route(self, points: Sequence[tuple[float, float]]) -> None:
        """A route: segments across a gap are S-curves leaving and entering level."""
        vertices, codes = self.vertices, self.codes
        vertices.append(points[0])
        codes.append(1)  # MOVETO
        last = len(points) - 2
        for i in range(len(points) - 1):
            (x0, y0), (x1, y1) = points[i], points[i + 1]
            if i == last:
                x1 -= _ARROW_LENGTH * 0.5  # end under the arrowhead, not beyond its tip
            if x0 == x1 or y0 == y1:
                vertices.append((x1, y1))
                codes.append(2)  # LINETO
            else:
                half = (x1 - x0) / 2
                vertices += [(x0 + half, y0), (x1 - half, y1), (x1, y1)]
                codes += [4, 4, 4]  # CURVE4

    def polygon(self, points: Sequence[tuple[float, float]]) -> None:
        self.vertices += [*points, points[0]]
        self.codes += [1] + [2] * (len(points) - 1) + [79]  # ... CLOSEPOLY

    def rectangle(self, x: float, y: float, w: float, h: float, radius: float) -> None:
        if radius <= 0:
            self.polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
            return
        r = radius
        k = r * (1 - self._KAPPA)
        right, bottom = x + w, y + h
        self.vertices += [
            (x + r, y), (right - r, y), (right - k, y), (right, y + k), (right, y + r),
            (right, bottom - r), (right, bottom - k), (right - k, bottom), (right - r, bottom),
            (x + r, bottom), (x + k, bottom), (x, bottom - k), (x, bottom - r),
            (x, y + r), (x, y + k), (x + k, y), (x + r, y), (x + r, y),
        ]
        self.codes += [1, 2, 4, 4, 4, 2, 4, 4, 4, 2, 4, 4, 4, 2, 4, 4, 4, 79]

    def path(self) -> Any:
        import numpy as np
        from matplotlib.path import Path as MplPath

        return MplPath(np.array(self.vertices, dtype=float).reshape(-1, 2),
                       np.array(self.codes, dtype=np.uint8))


def _arrowhead(tip: tuple[float, float]) -> list[tuple[float, float]]:
    x, y = tip
    return [(x, y), (x - _ARROW_LENGTH, y - _ARROW_WIDTH / 2),
            (x - _ARROW_LENGTH, y + _ARROW_WIDTH / 2)]


def _label_spots(points: Sequence[tuple[float, float]]) -> Iterable[tuple[float, float]]:
    """Where a link's label may go, best first: along the segments between columns."""
    segments = [(points[i], points[i + 1]) for i in range(len(points) - 1)]
    crossing = [s for s in segments if s[1][0] - s[0][0] >= LAYER_GAP * 0.9]
    others = [s for s in segments if s not in crossing]
    ordered = crossing[::-1] + others
    for t in (0.5, 0.35, 0.65, 0.2, 0.8):
        for (x0, y0), (x1, y1) in ordered:
            if x0 == x1 or y0 == y1:
                yield (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            else:  # on the S-curve: a cubic Bezier with level tangents
                u = 1 - t
                weight = 3 * u * t * t + t**3  # of the end point; level tangents
                yield (x0 + (x1 - x0) * t, y0 * (1 - weight) + y1 * weight)


class _Boxes:
    """Rectangles on a grid of cells, to ask quickly whether a new one overlaps any."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield (i, j)

    def add(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        for key in self._keys(box):
            for a0, b0, a1, b1 in self.cells.get(key, ()):
                if x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1:
                    return True
        return False
