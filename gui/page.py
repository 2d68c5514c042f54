"""File > Export page: the page for readers, the same file `provenance export --to html`
writes (:mod:`provenance.files.html`); the viewer only asks where."""

from __future__ import annotations

import os
from typing import Any

from provenance.analysis import Analysis
from provenance.model import Story

#: The main window (gui/window.py), which imports this module: typed loosely so that
#: the two do not import each other.
MainWindow = Any


def export_page(window: MainWindow, path: str | os.PathLike[str]) -> list[str]:
    """Write the open story's page to ``path`` through the library, here and now (File >
    Export page writes it in the background); returns what the export warned of (a
    distortion skeleton instead of every card)."""
    assert window.story is not None
    return write_page(window.story, path, window.analysis)


def write_page(story: Story, path: str | os.PathLike[str],
               analysis: Analysis | None) -> list[str]:
    """Write ``story``'s page to ``path`` (as `provenance export --to html` does); pure
    library work, which runs in a worker thread. Returns what the export warned of."""
    import warnings

    from provenance.files.registry import ExportWarning, export_to

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        export_to(story, "html", path, analysis)
    return [str(w.message) for w in caught if issubclass(w.category, ExportWarning)]


def export_page_dialog(window: MainWindow) -> None:
    """Ask for a file name and write the page there in the background (the status bar
    shows it, with Cancel, which writes no file), then say what happened."""
    from provenance.files.registry import export_target

    if window.story is None:
        return
    asked, _ = window.ask_save_name("Export page", window._suggested(".html"),
                                    [("HTML page", ".html")])
    if not asked:
        return
    name, _ = export_target(asked, "html", {"html": ".html"})
    if not window._may_write(name, asked):
        return
    story, analysis = window.story, window.analysis
    window.work.export(
        name, lambda: write_page(story, name, analysis),
        done=lambda notes: window.statusBar().showMessage(
            " ".join([f"Wrote {name}: a page for readers.", *notes])),
        failed=lambda err: window.show_error("Cannot export the page", str(err)))
