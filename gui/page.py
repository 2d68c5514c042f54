"""File > Export page: the page for readers, the same file `provenance export --to html`
writes (:mod:`provenance.files.html`); the viewer only asks where."""

from __future__ import annotations

import os
from typing import Any

from provenance import ProvenanceError

#: The main window (gui/window.py), which imports this module: typed loosely so that
#: the two do not import each other.
MainWindow = Any


def export_page(window: MainWindow, path: str | os.PathLike[str]) -> list[str]:
    """Write the open story's page to ``path`` through the library; returns what the
    export warned of (a distortion skeleton instead of every card)."""
    import warnings

    from provenance.files.registry import ExportWarning, export_to

    assert window.story is not None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExportWarning)
        export_to(window.story, "html", path, window.analysis)
    return [str(w.message) for w in caught if issubclass(w.category, ExportWarning)]


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
        notes = export_page(window, name)
    except ProvenanceError as err:
        window.show_error("Cannot export the page", str(err))
    else:
        window.statusBar().showMessage(" ".join([f"Wrote {name}: a page for readers.",
                                                 *notes]))
