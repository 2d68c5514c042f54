"""Every format by name: exporting a story to other tools' formats, reading W3C PROV back,
and the format a file name means.

Each format is one record (:class:`Format`: :func:`get` gives it) in a small registry
keyed by its name, so the command line, the viewer and a script all call :func:`export`
(text) or :func:`export_to` (an atomically written file), and all read a file name the
same way (:func:`format_for`, :func:`export_target`, :func:`renamed`):

- ``graphml`` and ``gexf`` (Gephi, Gephi Lite, Cytoscape, yEd, networkx, igraph) and
  ``cytoscape`` (Cytoscape.js JSON): the graph, with every report's fields and
  its stance on each claim flattened to scalar attributes, and the analysis's
  findings when an :class:`~provenance.analysis.Analysis` is given;
- ``dot`` (Graphviz) and ``mermaid`` (a ``flowchart LR`` for Markdown pages):
  the picture, coloured from :mod:`provenance.drawing.style` like every other drawing;
- ``html`` (:mod:`provenance.files.html`): a page for readers, the same picture in one
  self-contained file a reader can pan, zoom and open reports in;
- ``prov-json`` and ``prov-n`` (W3C PROV, through the optional ``prov``
  package): the whole story, which :func:`import_prov_json` reads back to an
  equal :class:`~provenance.model.Story`. It also reads PROV-JSON written by
  other tools, and says what it could not carry over;
- ``xlsx`` (a workbook, through the optional ``openpyxl`` package) and ``csv`` (a folder
  of CSV files): the whole story as the sheets a fact-checker keeps
  (:mod:`provenance.files.sheets`), read back to an equal story. They are files, not
  text: :func:`export_to` writes them (:data:`SHEET_FORMATS`), :func:`load_any` reads them.

:func:`load_any` reads whatever a path holds, by its name (:func:`input_format`): a story
file, PROV-JSON, a workbook, or CSV files.

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
    n0["Agency<br/>other #91;r1#93;<br/>c: implies"]
    n1["Blog<br/>other #91;r2#93;<br/>c: asserts<br/>point of distortion"]
    n0 -->|"implies → asserts"| n1
>>> "wasDerivedFrom(report:r2, report:r1" in export(story, "prov-n")
True
>>> format_for("story.prov.json"), format_for("story.xlsx"), format_for("notes.txt")
('prov-json', 'xlsx', None)
>>> input_format("story.json"), input_format("tables/reports.csv")
('story', 'csv')
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ..errors import ExportWarning, ProvenanceError
from ..model import Story
from ..output import write_atomic
from ._careful import story_from_data
from ._flat import _Marks
from ._writer import story_to_data
from .prov import (
    ACTOR_NAMESPACE,
    CLAIM_NAMESPACE,
    PVT_NAMESPACE,
    REPORT_NAMESPACE,
    import_prov_json,
)

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..drawing.picture import Picture

__all__ = [
    "EXPORT_FORMATS",
    "SHEET_FORMATS",
    "IMPORT_FORMATS",
    "FORMAT_SUFFIXES",
    "Format",
    "get",
    "format_for",
    "export_target",
    "renamed",
    "PVT_NAMESPACE",
    "REPORT_NAMESPACE",
    "ACTOR_NAMESPACE",
    "CLAIM_NAMESPACE",
    "ExportWarning",
    "export",
    "export_to",
    "import_prov_json",
    "input_format",
    "load_any",
]

#: The formats ``provenance import`` reads (besides the story file itself).
IMPORT_FORMATS: tuple[str, ...] = ("prov-json", "xlsx", "csv")


# --------------------------------------------------------------------------- #
# The registry.

@attrs.frozen
class Format:
    """One export format, as :func:`get` gives it.

    Examples
    --------
    >>> dot = get("dot")
    >>> dot.suffix, dot.picture
    ('.dot', True)
    >>> dot.description
    'Graphviz DOT: the picture, with the findings (dot -Tsvg)'
    """

    #: The name :func:`export` takes (``graphml``, ``prov-json``, ...).
    name: str
    #: The usual file-name ending, with its dot (``.graphml``, ``.prov.json``).
    suffix: str
    #: A picture shows the analysis always: :func:`export` analyses when not given one.
    picture: bool
    #: One line saying what the format is and which tools read it.
    description: str
    #: Where the writer is, ``module:function``; loaded on first use, so that the
    #: registry imports no painter of :mod:`provenance.drawing` until one is needed.
    where: str = attrs.field(repr=False)
    #: What the writer makes: ``text`` (:func:`export` gives it), a binary ``file``
    #: (a workbook) or a ``folder`` of files (CSV); only :func:`export_to` writes these.
    writes: str = attrs.field(default="text", kw_only=True)

    @property
    def writer(self) -> Callable[..., str]:
        """The function writing the format: ``(story, marks or None) -> text`` for the
        graph formats, ``(picture) -> text`` for the pictures (:attr:`picture`), which
        paint a :class:`~provenance.drawing.picture.Picture`, and ``(story, path) -> None``
        for the formats that are not text (:attr:`writes`)."""
        module, function = self.where.split(":")
        found: Callable[..., str] = getattr(importlib.import_module(module), function)
        return found


_FORMATS: Mapping[str, Format] = {spec.name: spec for spec in (
    Format("graphml", ".graphml", False,
           "GraphML: the graph with flat attributes (Gephi, yEd, networkx, igraph)",
           "provenance.files.graphml:_graphml"),
    Format("gexf", ".gexf", False, "GEXF: the graph with flat attributes (Gephi, Gephi Lite)",
           "provenance.files.gexf:_gexf"),
    Format("cytoscape", ".cyjs", False,
           "Cytoscape.js JSON: the graph (Cytoscape.js, Cytoscape desktop)",
           "provenance.files.cytoscape:_cytoscape"),
    Format("dot", ".dot", True, "Graphviz DOT: the picture, with the findings (dot -Tsvg)",
           "provenance.drawing.dot:_dot"),
    Format("mermaid", ".mmd", True,
           "Mermaid flowchart: the picture, for Markdown pages (GitHub, GitLab)",
           "provenance.drawing.mermaid:_mermaid"),
    Format("html", ".html", True,
           "A page for readers: one self-contained HTML file with the interactive picture",
           "provenance.files.html:_html"),
    Format("prov-json", ".prov.json", False,
           "W3C PROV-JSON: the whole story; import reads it back (needs prov)",
           "provenance.files.prov:_prov_json"),
    Format("prov-n", ".provn", False,
           "W3C PROV-N: the whole story in PROV notation (needs prov)",
           "provenance.files.prov:_prov_n"),
    Format("xlsx", ".xlsx", False,
           "Excel workbook: the whole story, a sheet per table; import reads it (needs "
           "openpyxl)", "provenance.files.sheets:write_workbook", writes="file"),
    # A folder: no file name ending means it (format_for never answers csv).
    Format("csv", "", False,
           "CSV files in a folder (-o DIR): the whole story, a file per table; import "
           "reads them", "provenance.files.sheets:write_csv", writes="folder"),
)}
#: The names :func:`export` accepts: the formats that are text.
EXPORT_FORMATS: tuple[str, ...] = tuple(name for name, spec in _FORMATS.items()
                                        if spec.writes == "text")
#: The spreadsheet formats, which :func:`export_to` writes as a file or a folder.
SHEET_FORMATS: tuple[str, ...] = ("xlsx", "csv")
#: The usual file-name ending of each format :func:`export` writes.
FORMAT_SUFFIXES: Mapping[str, str] = {name: _FORMATS[name].suffix for name in EXPORT_FORMATS}
#: Every file-name ending that names a format (the text formats' and ``.xlsx``).
_ALL_SUFFIXES: Mapping[str, str] = {name: spec.suffix for name, spec in _FORMATS.items()
                                    if spec.suffix}


def get(name: str) -> Format:
    """The record of the export format ``name`` (one of :data:`EXPORT_FORMATS`).

    Raises
    ------
    ProvenanceError
        If no format has that name.
    """
    try:
        return _FORMATS[name]
    except (KeyError, TypeError):
        raise ProvenanceError(
            f"unknown export format {name!r}: choose one of "
            f"{', '.join(EXPORT_FORMATS + SHEET_FORMATS)}"
        ) from None


# --------------------------------------------------------------------------- #
# What a file name means. One rule for every save: the graph's formats here, and the
# diagram's (``provenance.drawing.mpl.SAVE_FORMATS``) when the viewer passes them.

def _named_by(name: str, suffixes: Mapping[str, str]) -> list[str]:
    """The formats whose suffix ends ``name`` (ignoring case): those of the longest
    suffix that fits, in the order of ``suffixes``; none when no suffix fits."""
    lower = name.lower()
    for suffix in sorted(set(suffixes.values()), key=len, reverse=True):
        if lower.endswith(suffix.lower()):
            return [fmt for fmt, own in suffixes.items() if own == suffix]
    return []


def format_for(path: str | os.PathLike[str],
               suffixes: Mapping[str, str] | None = None) -> str | None:
    """The format a file name means by its suffix, the longest that fits, ignoring case;
    None when no format has its suffix.

    ``suffixes`` maps formats to their suffixes (default: :data:`FORMAT_SUFFIXES` and
    ``.xlsx``). ``csv`` writes a folder, which no suffix names: an export to CSV says
    ``--to csv``; for what a path to read holds, see :func:`input_format`.

    Examples
    --------
    >>> format_for("story.prov.json")  # not a .json file: PROV-JSON
    'prov-json'
    >>> format_for("out/Story.GraphML")
    'graphml'
    >>> format_for("story.json") is None, format_for("tables.csv") is None
    (True, True)
    >>> format_for("chart.svg", {"png": ".png", "svg": ".svg", "pdf": ".pdf"})
    'svg'
    """
    found = _named_by(os.fspath(path), _ALL_SUFFIXES if suffixes is None else suffixes)
    return found[0] if found else None


def input_format(path: str | os.PathLike[str]) -> str:
    """What a path given to read holds: ``csv`` for a folder or a ``.csv`` file,
    ``xlsx``, ``prov-json``, or ``story`` (the story file, the default).

    Examples
    --------
    >>> [input_format(name) for name in ("a.json", "a.prov.json", "A.XLSX", "t/links.csv")]
    ['story', 'prov-json', 'xlsx', 'csv']
    """
    name = os.fspath(path)
    if name.lower().endswith(".csv") or (name != "-" and os.path.isdir(name)):
        return "csv"
    found = format_for(name)
    return found if found in ("prov-json", "xlsx") else "story"


def load_any(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
             title: str | None = None) -> Story:
    """The story in a file of any format the library reads, by its name
    (:func:`input_format`): a story file, PROV-JSON, a workbook, a folder of CSV files,
    or CSV files (a sequence of paths is read as CSV files).

    ``title`` replaces the story's title (a spreadsheet without a ``story`` sheet needs
    it). What a PROV-JSON document held that does not map is dropped silently here;
    :func:`import_prov_json` lists it.

    Raises
    ------
    StoryFormatError
        If the input is not a valid story; every problem, each with its place.
    MissingExtraError
        For a workbook or PROV-JSON when the optional package is missing.
    ProvenanceError
        If the input cannot be read.

    Examples
    --------
    >>> from provenance import sample_path
    >>> load_any(sample_path("syria-joint-strike")).title
    'Reported US-Russian joint strike in Syria'
    """
    from .sheets import read_csv, read_workbook
    from .story import load, read_limited

    if not isinstance(path, (str, os.PathLike)):
        return read_csv(list(path), title=title)
    fmt = input_format(path)
    if fmt == "csv":
        story = read_csv(path, title=title)
    elif fmt == "xlsx":
        story = read_workbook(path, title=title)
    elif fmt == "prov-json":
        try:
            with open(path, "rb") as handle:
                data = read_limited(handle, os.fspath(path))
        except OSError as err:
            raise ProvenanceError(f"{os.fspath(path)}: cannot read "
                                  f"({err.strerror or err})") from None
        try:
            story, _ = import_prov_json(data)
        except ProvenanceError as err:
            raise ProvenanceError(f"{os.fspath(path)}: {err}") from None
    else:
        story = load(Path(path))
    return story if title is None else attrs.evolve(story, title=title)


def export_target(name: str, chosen: str,
                  suffixes: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The file and the format of an export asked for in a save dialog.

    A suffix typed in ``name`` that names a format picks that format (``chosen``, the
    format of the dialog's filter, where several formats share the suffix); a suffix no
    format has, or none, gets the chosen format's suffix added. ``suffixes`` as for
    :func:`format_for`.

    Examples
    --------
    >>> export_target("story", "dot")
    ('story.dot', 'dot')
    >>> export_target("typed.gexf", "dot")  # the typed suffix wins
    ('typed.gexf', 'gexf')
    >>> export_target("notes.v2", "prov-json")
    ('notes.v2.prov.json', 'prov-json')
    """
    suffixes = FORMAT_SUFFIXES if suffixes is None else suffixes
    found = _named_by(name, suffixes)
    if found:
        return name, chosen if chosen in found else found[0]
    return name + suffixes[chosen], chosen


def renamed(name: str, suffix: str, suffixes: Iterable[str] | None = None) -> str:
    """``name`` with its known suffix (the longest that fits, ignoring case) replaced by
    ``suffix``, or with ``suffix`` added: the name a save dialog shows when another
    format is chosen. ``suffixes``: the known ones (default: every export format's).

    Examples
    --------
    >>> renamed("story.prov.json", ".cyjs")
    'story.cyjs'
    >>> renamed("notes", ".dot")
    'notes.dot'
    """
    known = FORMAT_SUFFIXES.values() if suffixes is None else suffixes
    lower = name.lower()
    for ending in sorted(known, key=len, reverse=True):
        if lower.endswith(ending.lower()):
            return name[: -len(ending)] + suffix
    return name + suffix


# --------------------------------------------------------------------------- #
# Exporting.

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
    spec = get(fmt)
    if spec.writes != "text":
        raise ProvenanceError(f"{fmt} is written as a {spec.writes}, not as text: use "
                              f"export_to(story, {fmt!r}, path)")
    story_from_data(story_to_data(story))  # the checks of loading: never export a bad story
    if spec.picture:
        from ..drawing.picture import describe

        paint: Callable[[Picture], str] = spec.writer
        return paint(describe(story, analysis))
    marks = _Marks.of(story, analysis) if analysis is not None else None
    write: Callable[[Story, _Marks | None], str] = spec.writer
    return write(story, marks)


def export_to(story: Story, fmt: str, path: str | os.PathLike[str],
              analysis: Analysis | None = None) -> None:
    """Write :func:`export`'s text to ``path`` (UTF-8), atomically; or, for a
    spreadsheet format (:data:`SHEET_FORMATS`), the workbook or the folder of CSV files.

    Nothing is written when the export fails; a failed write leaves any old
    file (or folder) as it was.

    Raises
    ------
    ProvenanceError
        As :func:`export`, or if the file cannot be written.
    """
    spec = get(fmt)
    if spec.writes != "text":
        write_file: Callable[..., object] = spec.writer
        write_file(story, path)
        return
    text = export(story, fmt, analysis)
    write_atomic(path, text.encode("utf-8", "surrogatepass"))


