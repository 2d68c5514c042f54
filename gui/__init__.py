"""The provenance desktop viewer (PySide6).

It draws what the library computes (layout, analysis, lenses, diffs) and holds
no analysis, layout or file-format logic of its own.
"""

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Start the viewer (see :func:`provenance_gui.app.main`)."""
    from .app import main as run

    return run(argv)
