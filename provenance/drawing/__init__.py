"""Pictures of a story: the style (data), the layout, the picture (a plain description of
cards, links, marks and legend) and one painter per target (matplotlib, DOT, Mermaid);
and the timeline (:mod:`~provenance.drawing.timeline`, the spread over time as a
description) with its matplotlib painter (:mod:`~provenance.drawing.timeline_mpl`).

The names below are imported where they live when first used (PEP 562), so that
importing one painter does not import the others.

>>> from provenance.drawing import describe_timeline, draw_timeline
>>> describe_timeline.__module__, draw_timeline.__module__
('provenance.drawing.timeline', 'provenance.drawing.timeline_mpl')
"""

from __future__ import annotations

import importlib
from typing import Any

MYPY = False
if MYPY:
    from .timeline import (
        ClaimTimeline,
        Marker,
        Series,
        Timeline,
        TimelinePoint,
        describe_timeline,
        timeline_data,
    )
    from .timeline_mpl import (
        TimelineDrawing,
        draw_timeline,
        paint_timeline,
        save_timeline,
        timeline_svg,
    )

_HOMES = {
    "timeline": ("ClaimTimeline", "Marker", "Series", "Timeline", "TimelinePoint",
                 "describe_timeline", "timeline_data"),
    "timeline_mpl": ("TimelineDrawing", "draw_timeline", "paint_timeline", "save_timeline",
                     "timeline_svg"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}

__all__ = ["ClaimTimeline", "Marker", "Series", "Timeline", "TimelineDrawing", "TimelinePoint",
           "describe_timeline", "draw_timeline", "paint_timeline", "save_timeline",
           "timeline_data", "timeline_svg"]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
