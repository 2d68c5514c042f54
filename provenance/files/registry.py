"""Exporting a story to other tools' formats, and reading W3C PROV back.

Each format is one function in a small registry keyed by its name, so the
command line, the GUI and a script all call :func:`export` (text) or
:func:`export_to` (an atomically written file):

- ``graphml`` and ``gexf`` (Gephi, Gephi Lite, Cytoscape, yEd, networkx, igraph) and
  ``cytoscape`` (Cytoscape.js JSON): the graph, with every report's fields and
  its stance on each claim flattened to scalar attributes, and the analysis's
  findings when an :class:`~provenance.analysis.Analysis` is given;
- ``dot`` (Graphviz) and ``mermaid`` (a ``flowchart LR`` for Markdown pages):
  the picture, coloured from :mod:`provenance.drawing.style` like every other drawing;
- ``prov-json`` and ``prov-n`` (W3C PROV, through the optional ``prov``
  package): the whole story, which :func:`import_prov_json` reads back to an
  equal :class:`~provenance.model.Story`. It also reads PROV-JSON written by
  other tools, and says what it could not carry over.

``docs/interchange.md`` tells what each format keeps and what it loses.

Examples
--------
>>> from provenance.model import *
>>> story = Story(
...     "Demo",
...     actors=[Actor("a", "Agency"), Actor("b", "Blog", kind=ActorKind.BLOG)],
...     claims=[Claim("c", "It happened")],
...     reports=[Report("r1", "a", claims=[ClaimMention("c", Stance.IMPLIES)]),
...              Report("r2", "b", claims=[ClaimMention("c", Stance.ASSERTS)])],
...     links=[Link("r1", "r2", Relation.PARAPHRASES)],
... )
>>> for line in export(story, "mermaid").splitlines()[3:7]:
...     print(line)
flowchart LR
    n0["Agency<br/>other #91;r1#93;"]
    n1["Blog<br/>other #91;r2#93;<br/>point of distortion"]
    n0 -->|"implies → asserts"| n1
>>> "wasDerivedFrom(report:r2, report:r1" in export(story, "prov-n")
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import attrs

from ..analysis import Analysis
from ..drawing.dot import DOT_SLOW_REPORTS, _dot
from ..drawing.mermaid import MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, _mermaid
from ..drawing.picture import Picture, describe
from ..errors import ExportWarning, ProvenanceError
from ..model import Story
from ._flat import _Marks
from .cytoscape import _cytoscape
from .gexf import _gexf
from .graphml import _graphml
from .prov import (
    ACTOR_NAMESPACE,
    CLAIM_NAMESPACE,
    PVT_NAMESPACE,
    REPORT_NAMESPACE,
    _prov_json,
    _prov_n,
    import_prov_json,
)
from .story import story_from_data, story_to_data, write_atomic

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "FORMAT_SUFFIXES",
    "PVT_NAMESPACE",
    "REPORT_NAMESPACE",
    "ACTOR_NAMESPACE",
    "CLAIM_NAMESPACE",
    "ExportWarning",
    "DOT_SLOW_REPORTS",
    "MERMAID_MAX_EDGES",
    "MERMAID_MAX_TEXT",
    "export",
    "export_to",
    "import_prov_json",
]

IMPORT_FORMATS: tuple[str, ...] = ("prov-json",)


# --------------------------------------------------------------------------- #
# The registry.

@attrs.frozen
class _Format:
    """One export format: its writer, and whether it is a picture (then its writer
    paints a :class:`~provenance.drawing.picture.Picture`)."""

    write: Callable[[Story, _Marks | None], str] | Callable[[Picture], str]
    #: Pictures show the analysis always: :func:`export` analyses when not given one.
    picture: bool
    suffix: str


_FORMATS: Mapping[str, _Format] = {
    "graphml": _Format(_graphml, False, ".graphml"),
    "gexf": _Format(_gexf, False, ".gexf"),
    "cytoscape": _Format(_cytoscape, False, ".cyjs"),
    "dot": _Format(_dot, True, ".dot"),
    "mermaid": _Format(_mermaid, True, ".mmd"),
    "prov-json": _Format(_prov_json, False, ".prov.json"),
    "prov-n": _Format(_prov_n, False, ".provn"),
}
#: The names :func:`export` accepts.
EXPORT_FORMATS: tuple[str, ...] = tuple(_FORMATS)
#: The usual file-name ending of each format.
FORMAT_SUFFIXES: Mapping[str, str] = {name: spec.suffix for name, spec in _FORMATS.items()}


def export(story: Story, fmt: str, analysis: Analysis | None = None) -> str:
    """The story as text in another tool's format (one of :data:`EXPORT_FORMATS`).

    ``graphml``, ``gexf`` and ``cytoscape`` add the analysis's findings (roles,
    distortions, the point of distortion) when ``analysis`` is given; ``dot``
    and ``mermaid`` are pictures and always show them, analysing the story
    when no analysis is given; ``prov-json`` and ``prov-n`` hold the story only.

    Raises
    ------
    ProvenanceError
        If ``fmt`` is not a known format.
    StoryFormatError
        If the story breaks the format (for example a link to a missing report).
    MissingExtraError
        For ``prov-json`` and ``prov-n`` when the ``prov`` package is missing.

    Examples
    --------
    >>> from provenance.model import Story, Actor, Report, Link
    >>> story = Story("T", actors=[Actor("a", "A")],
    ...               reports=[Report("r1", "a"), Report("r2", "a")], links=[Link("r1", "r2")])
    >>> print(export(story, "dot"))  # doctest: +ELLIPSIS
    digraph story {
        graph [rankdir=LR, label="T", ...];
    ...
        "r1" -> "r2" [color="#4D4D4D", style=solid, penwidth=1.2, ...];
    }
    <BLANKLINE>
    """
    try:
        spec = _FORMATS[fmt]
    except (KeyError, TypeError):
        raise ProvenanceError(
            f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        ) from None
    story_from_data(story_to_data(story))  # the checks of loading: never export a bad story
    if spec.picture:
        paint: Callable[[Picture], str] = spec.write  # type: ignore[assignment]
        return paint(describe(story, analysis))
    marks = _Marks.of(story, analysis) if analysis is not None else None
    write: Callable[[Story, _Marks | None], str] = spec.write  # type: ignore[assignment]
    return write(story, marks)


def export_to(story: Story, fmt: str, path: str | os.PathLike[str],
              analysis: Analysis | None = None) -> None:
    """Write :func:`export`'s text to ``path`` (UTF-8), atomically.

    Nothing is written when the export fails; a failed write leaves any old
    file as it was.

    Raises
    ------
    ProvenanceError
        As :func:`export`, or if the file cannot be written.
    """
    text = export(story, fmt, analysis)
    write_atomic(path, text.encode("utf-8", "surrogatepass"))


