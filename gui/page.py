"""File > Export page: the page for readers, the same file `provenance export --to html`
writes (:mod:`provenance.files.html`); the viewer only asks where."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from provenance import ProvenanceError

#: The main window (gui/window.py), which imports this module: typed loosely so that
#: the two do not import each other.
MainWindow = Any


def export_page(window: MainWindow, path: str | os.PathLike[str]) -> Path:
    """Write the open story's page to ``path`` through the library; returns the path."""
    from provenance.files.registry import export_to

    assert window.story is not None
    export_to(window.story, "html", path, window.analysis)
    return Path(path)


def export_page_dialog(window: MainWindow) -> None:
    """Ask for a file name and write the page there, saying what happened."""
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
    try:
        written = export_page(window, name)
    except ProvenanceError as err:
        window.show_error("Cannot export the page", str(err))
    else:
        window.statusBar().showMessage(f"Wrote {written}: a page for readers")
