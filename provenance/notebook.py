"""Jupyter's picture of a story: a notebook shows a :class:`~provenance.model.Story` as
its diagram.

The model holds records only; this module teaches IPython to draw them. It is
registered when ``provenance`` is imported in a running IPython (a notebook, the
IPython shell), by the type's name, so nothing is drawn or imported until a story is
shown. :func:`register` does it by hand for a shell started after the import.

Drawings show themselves: :func:`provenance.draw` gives a
:class:`~provenance.drawing.mpl.Drawing` and :func:`provenance.timeline` a
:class:`~provenance.drawing.timeline_mpl.TimelineDrawing`, each with a one-line ``repr``
and a ``_repr_png_`` that a notebook shows as the picture.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Story

__all__ = ["register", "story_svg"]


def story_svg(story: Story) -> str:
    """A small SVG of ``story`` (see :func:`provenance.drawing.mpl.to_svg`)."""
    from .drawing.mpl import to_svg

    return to_svg(story)


def register(shell: Any = None) -> bool:
    """Show stories as diagrams in ``shell`` (the running IPython when not given).

    Returns whether there was a shell to teach; without IPython, or outside a running
    shell, this does nothing and returns False. Registering twice is harmless.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        if ipython is None:
            return False
        shell = ipython.get_ipython()
        if shell is None:
            return False
    formatter = shell.display_formatter.formatters["image/svg+xml"]
    formatter.for_type_by_name("provenance.model", "Story", story_svg)
    return True
