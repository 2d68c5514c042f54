"""Draw a story with matplotlib: who drew on whom, and where the story was distorted.

:func:`draw` paints the story's :class:`~provenance.drawing.picture.Picture` (laid out
by :func:`~provenance.drawing.layout.layout_story`) on a new figure (or on a given axes)
and returns a :class:`Drawing`; :func:`paint` paints a picture already described;
:func:`save_drawing` and :func:`save_picture` write PNG, SVG or PDF atomically;
:func:`to_svg` is a small SVG for notebooks. What a card says, how a change is worded
and which marks a report gets are the picture's; this module only fits and paints them.

Cards are filled by the kind of actor (:data:`provenance.drawing.style.ACTOR_COLORS`);
links are styled by relation (:data:`provenance.drawing.style.RELATION_STYLES`) and fade
with lower confidence. Every distortion is drawn in
:data:`provenance.drawing.style.DISTORTION_COLOR`: its card's border and its links from its
sources, with the change written on the link; the point of distortion has a halo
and a label; planted reports have an outline and a label of their own. With
``claim=`` the drawing is a claim lens: each report carrying the claim is filled by
its stance and bordered by its role, and the others are greyed.

Only the object API of matplotlib is used (``matplotlib.figure.Figure``, never
``pyplot``): drawing is headless, needs no display, and never calls ``show()``.
Story text is never interpreted: mathtext and TeX are off for every text taken
from a story.

Examples
--------
>>> import provenance
>>> from provenance.drawing import style
>>> story = provenance.load("samples/syria-joint-strike.json")
>>> drawing = draw(story)
>>> drawing.labels["caption"].get_text()[:61]
'Point of distortion: Associated Press (post) turned "implies"'
>>> drawing.card_edgecolor("ap-tweet") == drawing.rgba(style.DISTORTION_COLOR)
True
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..analysis import Analysis, analyze
from ..errors import ProvenanceError
from ..model import Story
from ..output import write_file as write_atomic
from ._mpl_painter import MAX_INCHES, NOTEBOOK_PIXELS, Drawing, _Painter
from .layout import layout_story
from .picture import Picture, check_claim, describe

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Drawing", "draw", "paint", "save_drawing", "save_picture", "to_svg", "SAVE_FORMATS",
           "MAX_INCHES", "NOTEBOOK_PIXELS"]

#: File suffixes :func:`save_drawing` understands, and the format each means.
SAVE_FORMATS: Mapping[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: The largest side of a figure, in inches: huge stories are drawn smaller, not cut.


def draw(
    story: Story,
    analysis: Analysis | None = None,
    *,
    claim: str | None = None,
    ax: Axes | None = None,
) -> Drawing:
    """Draw a story: its reports, its links, and where it was distorted.

    Parameters
    ----------
    story : Story
        The story to draw.
    analysis : Analysis, optional
        Its analysis; computed with :func:`provenance.analyze` when not given.
    claim : str, optional
        A claim id: draw the claim lens (reports filled by their stance on the claim,
        bordered by their role; reports not carrying it greyed).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (their figure keeps its size; the title goes above the
        axes, the legend below). By default a new figure is made, sized to the story
        (at most :data:`MAX_INCHES` on a side).

    Returns
    -------
    Drawing
        Always (with or without ``ax``): ``drawing.figure`` is the figure drawn on,
        ``drawing.ax`` the axes, and the artists are keyed by report id and link.

    Raises
    ------
    ProvenanceError
        If ``claim`` is not a claim of the story.

    Notes
    -----
    matplotlib is imported here, not when :mod:`provenance` is. Nothing is shown:
    save the figure (:func:`save_drawing`) or let a notebook display it. Text on
    cards and links is drawn only when it would be at least
    :data:`MIN_TEXT_POINTS` high, and a link's label only where it overlaps no card
    and no other label.

    Examples
    --------
    >>> from provenance.model import Actor, Link, Report, Story
    >>> story = Story("Two", actors=[Actor("a", "Agency")],
    ...               reports=[Report("r1", "a"), Report("r2", "a")], links=[Link("r1", "r2")])
    >>> drawing = draw(story)
    >>> sorted(drawing.cards), list(drawing.links)
    (['r1', 'r2'], [('r1', 'r2')])
    >>> drawing.labels["caption"].get_text()
    'No distortion found'
    """
    if analysis is None:
        analysis = analyze(story)
    if claim is not None:
        check_claim(story, claim)  # before the layout's work
    picture = describe(story, analysis, layout=layout_story(story, analysis), claim=claim)
    return _Painter(picture, ax).paint()


def paint(picture: Picture, *, ax: Axes | None = None) -> Drawing:
    """Draw a laid-out :class:`~provenance.drawing.picture.Picture` (see :func:`draw`).

    Raises
    ------
    ProvenanceError
        If the picture was described without a layout.
    """
    return _Painter(picture, ax).paint()


def save_drawing(
    story: Story,
    path: str | os.PathLike[str],
    analysis: Analysis | None = None,
    *,
    claim: str | None = None,
    dpi: float | None = None,
) -> Path:
    """Draw a story (see :func:`draw`) and write it as PNG, SVG or PDF, by the suffix.

    The file is written atomically: on any error an existing file is left as it was
    and no partial file remains.

    Parameters
    ----------
    story, analysis, claim
        As for :func:`draw`.
    path : str or os.PathLike
        Where to write; the suffix (``.png``, ``.svg``, ``.pdf``) picks the format.
    dpi : float, optional
        Resolution of a PNG; by default one that makes the longer side about
        4,000 pixels (between 72 and 200 dots per inch).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ProvenanceError
        If the suffix is not one of :data:`SAVE_FORMATS`, ``claim`` is unknown, or
        the file cannot be written.

    Examples
    --------
    >>> import tempfile, provenance
    >>> story = provenance.load("samples/syria-joint-strike.json")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save_drawing(story, Path(folder) / "syria.svg")
    ...     path.read_bytes().startswith(b"<?xml")
    True
    """
    _save_format(Path(path))
    return _save(draw(story, analysis, claim=claim), path, dpi)


def save_picture(picture: Picture, path: str | os.PathLike[str], *,
                 dpi: float | None = None) -> Path:
    """Paint a laid-out :class:`~provenance.drawing.picture.Picture` and write it as
    PNG, SVG or PDF, by the suffix (as :func:`save_drawing`)."""
    _save_format(Path(path))
    return _save(paint(picture), path, dpi)


def _save_format(target: Path) -> str:
    fmt = SAVE_FORMATS.get(target.suffix.lower())
    if fmt is None:
        known = ", ".join(SAVE_FORMATS)
        given = f'"{target.suffix}"' if target.suffix else "no suffix"
        raise ProvenanceError(f"{target}: cannot draw to {given}; use one of {known}")
    return fmt


def _save(drawing: Drawing, path: str | os.PathLike[str], dpi: float | None) -> Path:
    target = Path(path)
    fmt = _save_format(target)
    resolution = float(dpi) if dpi is not None else drawing.dpi
    choices: dict[str, dict[str, Any]] = {
        # No dates in SVG or PDF metadata, and SVG ids salted the same way every time
        # (see same_ids): the same story gives the same file.
        "svg": {"metadata": {"Date": None}},
        "pdf": {"metadata": {"CreationDate": None}},
        # zlib level 3: files within a few percent of the default level, written in
        # about two thirds of the time.
        "png": {"pil_kwargs": {"compress_level": 3}},
    }
    options = choices[fmt]

    def write(handle: Any) -> None:
        with same_ids():
            drawing.figure.savefig(handle, format=fmt, dpi=resolution, **options)

    write_atomic(target, write)
    return target


def same_ids() -> AbstractContextManager[None]:
    """matplotlib salts the ids of an SVG's clip paths and glyphs with a random number
    unless told a salt: inside this, a fixed one makes the same story's SVG the same
    text every time."""
    import matplotlib

    return matplotlib.rc_context({"svg.hashsalt": "provenance"})


#: The most reports :func:`to_svg` draws.
SVG_PREVIEW_REPORTS = 300


def to_svg(story: Story, analysis: Analysis | None = None) -> str:
    """A small SVG of the story, for notebooks (``_repr_svg_``).

    At most :data:`SVG_PREVIEW_REPORTS` reports are drawn: those nearest the point of
    distortion (or the first in the story), with a note saying how many were left out.

    Examples
    --------
    >>> from provenance.model import Actor, Report, Story
    >>> to_svg(Story("One", actors=[Actor("a", "A")], reports=[Report("r", "a")]))[:5]
    '<?xml'
    """
    note = None
    shown = story
    if analysis is None and len(story.reports) <= 20 * SVG_PREVIEW_REPORTS:
        analysis = analyze(story)
    if len(story.reports) > SVG_PREVIEW_REPORTS:
        keep = _nearest_reports(story, analysis, SVG_PREVIEW_REPORTS)
        kept = set(keep)
        shown = attrs.evolve(
            story,
            reports=[r for r in story.reports if r.id in kept],
            links=[k for k in story.links if k.source in kept and k.target in kept],
        )
        where = ("nearest the point of distortion"
                 if analysis is not None and analysis.point_of_distortion is not None
                 else "first in the story")
        note = (f"Showing {len(keep):,} of {len(story.reports):,} reports ({where}); "
                "save_drawing() draws them all.")
        if analysis is None:
            analysis = analyze(shown)
    picture = describe(shown, analysis, layout=layout_story(shown, analysis))
    drawing = _Painter(picture, None, max_inches=18.0, note=note).paint()
    buffer = io.BytesIO()
    with same_ids():
        drawing.figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def _nearest_reports(story: Story, analysis: Analysis | None, limit: int) -> list[str]:
    """Up to ``limit`` report ids, breadth first from the point of distortion."""
    point = analysis.point_of_distortion if analysis is not None else None
    ids = [r.id for r in story.reports]
    if point is None or point.report not in set(ids):
        return ids[:limit]
    neighbours: dict[str, list[str]] = {}
    for link in story.links:
        neighbours.setdefault(link.source, []).append(link.target)
        neighbours.setdefault(link.target, []).append(link.source)
    seen = {point.report: None}
    queue = [point.report]
    for rid in queue:
        for other in neighbours.get(rid, ()):
            if other not in seen and len(seen) < limit:
                seen[other] = None
                queue.append(other)
    for rid in ids:  # fill up with the rest of the story, in order
        if len(seen) >= limit:
            break
        seen.setdefault(rid, None)
    return list(seen)


