"""The provenance desktop viewer (PySide6).

It draws what the library computes (layout, analysis, lenses, diffs) and holds
no analysis, layout or file-format logic of its own.
"""

import os

__all__ = ["main"]

# Qt's raster engine hands every fill of more than a few dozen spans to a thread pool and
# waits for it: with a large chain on screen (hundreds of long antialiased links) a
# frame took 0.06-0.1 s on two cores instead of 0.01 (benchmarks/gui.py), the hand-offs
# costing far more than the fills. Qt reads this once, at its first large fill, so it is
# set when the viewer is imported, before anything is painted.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def main(argv: list[str] | None = None) -> int:
    """Start the viewer (see :func:`provenance_gui.app.main`)."""
    from .app import main as run

    return run(argv)
