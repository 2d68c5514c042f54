"""The files a story is read from and written to.

- :mod:`provenance.files.story`: the story file (JSON): :func:`~provenance.files.story.load`,
  :func:`~provenance.files.story.save` and their kin, over three private modules: the
  careful reader (``_careful``), the fast reader (``_fast``) and the writer (``_writer``);
- :mod:`provenance.output`: writing any file atomically, and the checks before;
- :mod:`provenance.files.analysis_json`: the analysis as a JSON document
  (``provenance analyze --json``);
- one module per interchange format (:mod:`~provenance.files.graphml`,
  :mod:`~provenance.files.gexf`, :mod:`~provenance.files.cytoscape`,
  :mod:`~provenance.files.prov`; the picture formats DOT and Mermaid are painters in
  :mod:`provenance.drawing`);
- :mod:`provenance.files.registry`: every format by name: :func:`get`, :func:`export`,
  :func:`export_to`, :func:`import_prov_json`, :func:`load_any` (any format, by its
  name), and what a file name means: :func:`format_for`, :func:`input_format`,
  :func:`export_target`, :func:`renamed`;
- :mod:`provenance.files.sheets`: the story as a workbook or as CSV files.

The registry's names are importable from here; they load on first use, so that reading
a story does not import the analysis.
"""

from __future__ import annotations

import importlib

MYPY = False
if MYPY:
    from typing import Any

    from .registry import (
        EXPORT_FORMATS,
        FORMAT_SUFFIXES,
        IMPORT_FORMATS,
        Format,
        export,
        export_target,
        export_to,
        format_for,
        get,
        import_prov_json,
        input_format,
        load_any,
        renamed,
    )

_REGISTRY = frozenset({"EXPORT_FORMATS", "FORMAT_SUFFIXES", "IMPORT_FORMATS", "Format", "export",
                       "export_target", "export_to", "format_for", "get", "import_prov_json",
                       "input_format", "load_any", "renamed"})


def __getattr__(name: str) -> Any:
    if name in _REGISTRY:
        value = getattr(importlib.import_module(f"{__name__}.registry"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EXPORT_FORMATS", "FORMAT_SUFFIXES", "IMPORT_FORMATS", "Format", "export",
           "export_target", "export_to", "format_for", "get", "import_prov_json",
           "input_format", "load_any", "renamed"]
