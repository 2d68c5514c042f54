"""The matplotlib painter: a :class:`~provenance.drawing.picture.Picture` on a figure.

:mod:`provenance.drawing.mpl` is the public face (draw, save, notebook SVG); this module
holds the figure's sizes and the painting itself, and :class:`Drawing`, what it gives.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import ProvenanceError
from ..wording import clip
from . import style
from ._paths import _arrowhead, _Boxes, _label_spots, _Shapes
from ._text import _font_family, _text_width, _wrap
from .layout import CARD_HEIGHT, CARD_WIDTH, MARK_ROOM, Layout
from .picture import SATIRE_TAG, CardLook, Picture

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import Collection
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.patches import Patch
    from matplotlib.text import Text



MAX_INCHES = 40.0
#: Points per layout unit at full size (a card is then 144 points, two inches, wide).
FULL_SCALE = 0.8
#: Smallest text drawn, in points: below it, cards and links carry no text.
MIN_TEXT_POINTS = 4.5

# Sizes in layout units (multiplied by the scale to give points).
_MARGIN = 24.0
_PAD = 7.0
_NAME_SIZE = 10.5
_DETAIL_SIZE = 9.5
_TITLE_SIZE = 9.0
_LINK_LABEL_SIZE = 8.5
_MARK_SIZE = 10.0
_HALO = 7.0
# Figure furniture, in points and inches.
_TITLE_POINTS = 15.0
_CAPTION_POINTS = 10.5
_LEGEND_POINTS = 9.0
_MIN_WIDTH_INCHES = 7.0
_LINE_SPACING = 1.22


#: The longest side, in pixels, of a drawing's picture in a notebook (``_repr_png_``):
#: a big story's picture stays a few hundred kilobytes; ``save_drawing`` draws it whole.
NOTEBOOK_PIXELS = 1200


@attrs.frozen(eq=False)
class Drawing:
    """What :func:`draw` drew, with the artists keyed by the story's ids.

    Cards are one :class:`~matplotlib.collections.PathCollection` (``card_collection``),
    with one compound path per look (fill, border); ``cards`` maps a report id to its
    item in it. Links are one collection per style, one compound path per colour;
    ``links`` maps ``(source, target)`` to its collection and item. So thousands of
    reports draw as a few paths; :meth:`card_facecolor`, :meth:`card_edgecolor` and
    :meth:`link_color` read one report's or link's colour.
    """

    figure: Figure
    ax: Axes
    layout: Layout
    card_collection: Collection
    cards: Mapping[str, int]
    links: Mapping[tuple[str, str], tuple[Collection, int]]
    #: Text on each card: actor name, kind and date, title (none when cards are too small).
    card_labels: Mapping[str, tuple[Text, ...]]
    #: The label on each link that has one (relation, or a distortion's change).
    link_labels: Mapping[tuple[str, str], Text]
    #: ``title``, ``caption`` and, where drawn, ``point_of_distortion`` and ``note``.
    labels: Mapping[str, Text]
    #: The point of distortion's halo, if there is one.
    halo: Patch | None
    #: The outline around each planted report.
    planted: Mapping[str, Patch]
    legend: Legend | None
    #: Points per layout unit as drawn.
    scale: float
    #: The resolution :func:`save_drawing` uses for PNG unless told otherwise.
    dpi: float

    @staticmethod
    def rgba(color: str) -> tuple[float, float, float, float]:
        """A colour as the RGBA tuple matplotlib stores."""
        from matplotlib.colors import to_rgba

        return _rgba(to_rgba(color))

    def _card(self, report_id: str) -> int:
        index = self.cards.get(report_id)
        if index is None:
            raise ProvenanceError(f"no report {report_id!r} in the drawing")
        return index

    def card_facecolor(self, report_id: str) -> tuple[float, float, float, float]:
        """The fill of a report's card (RGBA)."""
        colors = self.card_collection.get_facecolor()
        return _rgba(colors[self._card(report_id)])

    def card_edgecolor(self, report_id: str) -> tuple[float, float, float, float]:
        """The border colour of a report's card (RGBA)."""
        colors = self.card_collection.get_edgecolor()
        return _rgba(colors[self._card(report_id)])

    def link_color(self, source: str, target: str) -> tuple[float, float, float, float]:
        """The colour (RGBA, alpha from the confidence) of the link from source to target."""
        found = self.links.get((source, target))
        if found is None:
            raise ProvenanceError(f"no link {source!r} -> {target!r} in the drawing")
        collection, index = found
        return _rgba(collection.get_edgecolor()[index])

    def __repr__(self) -> str:
        """One short line: what was drawn and how big."""
        width, height = self.figure.get_size_inches()
        return (f"<Drawing: {len(self.cards):,} reports, {len(self.links):,} links, "
                f"{width:.1f} × {height:.1f} in>")

    def _repr_png_(self) -> bytes:
        """Jupyter shows a drawing as its picture, at most ``NOTEBOOK_PIXELS`` on a side."""
        buffer = io.BytesIO()
        longest = max(*self.figure.get_size_inches(), 1.0)
        self.figure.savefig(buffer, format="png",
                            dpi=min(self.dpi, 100.0, NOTEBOOK_PIXELS / longest))
        return buffer.getvalue()




# --------------------------------------------------------------------------- #
# Fitting words: captions, card text, link labels.

def _caption_chars(fig_width: float) -> int:
    """How many caption characters fit across a figure this wide (inches)."""
    return max(20, int((fig_width - 0.5) * 72 / (_CAPTION_POINTS * 0.6)))


# --------------------------------------------------------------------------- #
# The painter.

# Text from a story is never parsed as mathtext or TeX.
_RAW: dict[str, Any] = {"parse_math": False, "usetex": False}

class _Painter:
    def __init__(self, picture: Picture, ax: Axes | None, *, max_inches: float = MAX_INCHES,
                 note: str | None = None) -> None:
        if picture.layout is None:
            raise ProvenanceError("the picture has no layout to draw: describe it with one")
        self.picture = picture
        self.claim = picture.claim
        self.ax_given = ax
        self.max_inches = max_inches
        self.note = note
        self.layout = picture.layout
        self.planted = list(picture.planted)
        self._legend: list[tuple[str, Any]] | None = None
        #: The ringed report: the point of distortion, or the estimate's target.
        self.marked = picture.marked

    # -- geometry -------------------------------------------------------------- #

    def _figure(self) -> tuple[Figure, Axes, float, float]:
        """A new figure sized to the layout, its axes, the scale, and the PNG resolution."""
        from matplotlib.figure import Figure

        width = self.layout.width + 2 * _MARGIN
        height = self.layout.height + 2 * _MARGIN
        limit = self.max_inches

        def header_inches(fig_width: float) -> float:
            lines = max(len(self._caption_lines(fig_width)), 2 if self.note else 1)
            return (_TITLE_POINTS * 1.6 + _CAPTION_POINTS * 1.5 * lines + 14) / 72

        scale = min(FULL_SCALE, limit * 72 / width)
        legend = header = 0.0
        fig_width = 0.0
        for _ in range(3):  # the legend's and caption's heights depend on the width, and back
            fig_width = max(_MIN_WIDTH_INCHES, width * scale / 72)
            legend = self._legend_inches(fig_width)
            header = header_inches(fig_width)
            scale = min(scale, (limit - header - legend) * 72 / height)
        scale = max(scale, 1e-3)
        fig_width = max(_MIN_WIDTH_INCHES, width * scale / 72)
        header = header_inches(fig_width)
        plot_w, plot_h = width * scale / 72, height * scale / 72
        fig_height = header + plot_h + legend
        dpi = max(72.0, min(200.0, 4000 / max(fig_width, fig_height)))
        figure = Figure(figsize=(fig_width, fig_height), dpi=dpi, facecolor="white")
        ax = figure.add_axes(((fig_width - plot_w) / 2 / fig_width, legend / fig_height,
                              plot_w / fig_width, plot_h / fig_height))
        self.header_inches = header
        return figure, ax, scale, dpi

    def _caption_texts(self) -> list[str]:
        """The caption's sentences: the claim lens (when drawn), then the point of distortion."""
        return list(self.picture.caption)

    def _caption_lines(self, fig_width: float) -> list[str]:
        """The caption as drawn on a figure this wide: the lens line clipped to one line,
        the point of distortion wrapped onto at most two."""
        chars = _caption_chars(fig_width)
        *lens, point = self._caption_texts()
        wrapped = textwrap.wrap(point, chars, max_lines=2, placeholder=" …",
                                break_on_hyphens=False) or [""]
        return [clip(line, chars) for line in lens] + wrapped

    def _legend_entries(self) -> list[tuple[str, Any]]:
        """The library's legend (the viewer shows the same one) as matplotlib handles."""
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        if self._legend is not None:
            return self._legend
        entries: list[tuple[str, Any]] = []
        for entry in self.picture.legend:
            dash: Any = (0, entry.dash) if entry.dash else "solid"
            if entry.shape == "line":
                handle: Any = Line2D([], [], color=entry.color, linewidth=entry.width,
                                     alpha=entry.alpha, linestyle=dash)
            elif entry.shape == "ring":
                face = "white" if entry.face == "none" else _with_alpha(entry.face, 0.12)
                handle = Patch(facecolor=face, edgecolor=entry.color, linewidth=entry.width,
                               linestyle=dash)
            else:
                handle = Patch(facecolor=entry.face, edgecolor=entry.color,
                               linewidth=entry.width)
            entries.append((entry.label, handle))
        self._legend = entries
        return entries

    def _legend_inches(self, fig_width: float) -> float:
        entries = self._legend_entries()
        if not entries:
            return 0.0
        columns, rows = self._legend_grid(entries, fig_width)
        return (rows * _LEGEND_POINTS * 1.75 + 16) / 72

    @staticmethod
    def _legend_grid(entries: Sequence[tuple[str, Any]], fig_width: float) -> tuple[int, int]:
        widest = max(_text_width(label, _LEGEND_POINTS) for label, _ in entries)
        entry = (widest + 2.6 * _LEGEND_POINTS + 14) / 72  # handle, padding and gap
        columns = max(1, min(len(entries), int((fig_width - 0.4) / entry)))
        return columns, math.ceil(len(entries) / columns)

    # -- looks ------------------------------------------------------------------ #

    def _looks(self) -> dict[str, CardLook]:
        return {rid: card.look for rid, card in self.picture.cards.items()}

    # -- painting ---------------------------------------------------------------- #

    def paint(self) -> Drawing:
        from matplotlib.collections import PathCollection

        layout = self.layout
        if self.ax_given is None:
            figure, ax, scale, dpi = self._figure()
        else:
            ax = self.ax_given
            figure = ax.get_figure()  # type: ignore[assignment]
            box = ax.get_position()
            width_pt = figure.get_figwidth() * box.width * 72
            height_pt = figure.get_figheight() * box.height * 72
            scale = min(width_pt / (layout.width + 2 * _MARGIN),
                        height_pt / (layout.height + 2 * _MARGIN))
            dpi = float(figure.get_dpi())
            ax.set_aspect("equal", adjustable="datalim")
        self.scale = scale
        ax.set_axis_off()
        ax.set_xlim(-_MARGIN, layout.width + _MARGIN)
        ax.set_ylim(layout.height + _MARGIN, -_MARGIN)  # y grows downward, as in the layout

        thin = max(0.25, min(1.0, scale / FULL_SCALE))  # line widths shrink with the drawing
        # In a crowded drawing ordinary links step back; distortions keep a visible width.
        crowd = 0.5 if scale < FULL_SCALE / 2 else 1.0
        text_on = _DETAIL_SIZE * scale >= MIN_TEXT_POINTS
        link_text_on = _LINK_LABEL_SIZE * scale >= MIN_TEXT_POINTS
        looks = self._looks()

        # Links: one collection per style (distortions on top), one compound path per
        # colour and width within it, so that thousands of links draw as a few paths.
        groups: dict[str, dict[tuple[Any, float], tuple[_Shapes, _Shapes]]] = {}
        dashed_group: dict[str, bool] = {}
        link_item: dict[tuple[str, str], tuple[str, tuple[Any, float]]] = {}
        for link in self.picture.links:
            route = link.route
            assert route is not None  # a laid-out picture routes every link it shows
            key = link.key
            alpha = link.alpha
            highlighted = bool(link.changes)
            if highlighted:
                group, color, width = "distortion", link.color, max(1.2, link.width * thin)
            else:
                group, color, width = link.relation.value, link.color, link.width * thin
                alpha *= crowd
            dashed_group.setdefault(group, link.dashed)
            item = (_with_alpha(color, alpha), width)
            lines, heads = groups.setdefault(group, {}).setdefault(item, (_Shapes(), _Shapes()))
            lines.route(route.points)
            heads.polygon(_arrowhead(route.points[-1]))
            if highlighted or key not in link_item:
                link_item[key] = (group, item)
        collections: dict[str, Collection] = {}
        item_index: dict[tuple[str, tuple[Any, float]], int] = {}
        for group, items in groups.items():
            on_top = group == "distortion"
            keys = list(items)
            for i, item in enumerate(keys):
                item_index[(group, item)] = i
            lines_collection = PathCollection(
                [items[k][0].path() for k in keys], facecolors="none",
                edgecolors=[k[0] for k in keys], linewidths=[k[1] for k in keys],
                linestyles=(0, (4, 2.5)) if dashed_group[group] else "solid",
                capstyle="butt", zorder=1.5 if on_top else 1.0)
            ax.add_collection(lines_collection, autolim=False)
            ax.add_collection(PathCollection(
                [items[k][1].path() for k in keys], facecolors=[k[0] for k in keys],
                edgecolors="none", zorder=1.6 if on_top else 1.1), autolim=False)
            collections[group] = lines_collection
        links = {key: (collections[group], item_index[(group, item)])
                 for key, (group, item) in link_item.items()}

        # Cards: one collection, one compound path per look (rounded when few enough
        # for the corners to show).
        rounded = len(layout.cards) <= 2000
        card_shapes: dict[tuple[str, str, float], _Shapes] = {}
        card_item: dict[str, tuple[str, str, float]] = {}
        for rid, card in layout.cards.items():
            look_key = (looks[rid].face, looks[rid].edge,
                        max(1.2, looks[rid].width * thin) if looks[rid].width > 2
                        else looks[rid].width * thin)
            shapes = card_shapes.setdefault(look_key, _Shapes())
            shapes.rectangle(card.x, card.y, card.width, card.height, 6.0 if rounded else 0.0)
            card_item[rid] = look_key
        look_keys = list(card_shapes)
        card_collection = PathCollection(
            [card_shapes[k].path() for k in look_keys], facecolors=[k[0] for k in look_keys],
            edgecolors=[k[1] for k in look_keys], linewidths=[k[2] for k in look_keys],
            zorder=2.0)
        ax.add_collection(card_collection, autolim=False)
        position = {k: i for i, k in enumerate(look_keys)}
        cards = {rid: position[k] for rid, k in card_item.items()}

        labels: dict[str, Text] = {}
        halo, planted = self._marks(ax, scale, thin, text_on, labels)
        card_labels = self._card_text(ax, scale, looks) if text_on else {}
        link_labels = self._link_labels(ax, scale) if link_text_on else {}
        legend = self._titles(figure, ax, labels)
        return Drawing(
            figure=figure, ax=ax, layout=layout, card_collection=card_collection, cards=cards,
            links=links, card_labels=card_labels, link_labels=link_labels, labels=labels,
            halo=halo, planted=planted, legend=legend, scale=scale, dpi=dpi,
        )

    def _marks(self, ax: Axes, scale: float, thin: float, text_on: bool,
               labels: dict[str, Text]) -> tuple[Patch | None, dict[str, Patch]]:
        """The point of distortion's halo and label; the planted reports' outline and label;
        the "SATIRE" tag over satirical reports."""
        from matplotlib.patches import FancyBboxPatch

        layout = self.layout
        family = _font_family()
        # Labels above a card: the card text's size, or when that is too small to
        # read, as large as the room above the card allows.
        mark = _MARK_SIZE if text_on else min(MARK_ROOM * 0.75, 9.0 / scale)
        in_band = mark * scale >= MIN_TEXT_POINTS
        planted: dict[str, Patch] = {}
        for rid in self.planted:
            if rid == self.marked:
                continue
            card = layout.cards[rid]
            planted[rid] = ax.add_patch(FancyBboxPatch(
                (card.x - 4, card.y - 4), card.width + 8, card.height + 8,
                boxstyle="round,pad=0,rounding_size=8", facecolor="none",
                edgecolor=style.PLANTED_COLOR, linewidth=2.0 * thin,
                linestyle=(0, (3, 1.5)), zorder=0.9))
            if in_band:
                ax.text(card.x, card.y - 6, "planted here", color=style.PLANTED_COLOR,
                        fontsize=mark * scale, fontweight="bold", family=family,
                        ha="left", va="bottom", zorder=3.0, **_RAW)
        if in_band:
            for rid, view in self.picture.cards.items():
                if view.satire:  # greyed as satire, and tagged so (right, clear of marks)
                    card = layout.cards[rid]
                    labels[f"satire:{rid}"] = ax.text(
                        card.x + card.width, card.y - 6, SATIRE_TAG,
                        color=style.SATIRE_EDGE_COLOR, fontsize=mark * scale,
                        fontweight="bold", family=family, ha="right", va="bottom", zorder=3.0,
                        **_RAW)
        if self.marked is None:
            return None, planted
        estimated = self.picture.estimated
        word = "likely point (from text)" if estimated else "point of distortion"
        card = layout.cards[self.marked]
        halo = FancyBboxPatch(
            (card.x - _HALO, card.y - _HALO), card.width + 2 * _HALO, card.height + 2 * _HALO,
            boxstyle=f"round,pad=0,rounding_size={6 + _HALO}",
            facecolor=_with_alpha(style.POINT_COLOR, 0.12), edgecolor=style.POINT_COLOR,
            linewidth=max(1.5, 3.5 * thin), zorder=0.9,  # under the links: arrows stay visible
            linestyle=(0, (4, 2)) if estimated else "solid")
        ax.add_patch(halo)
        cx, cy = layout.center(self.marked)
        if in_band:
            labels["point_of_distortion"] = ax.text(
                card.x - _HALO, card.y - _HALO - 2,
                word.upper() if text_on else word,
                color=style.POINT_COLOR, fontsize=mark * scale, fontweight="bold",
                family=family, ha="left", va="bottom", zorder=3.0, **_RAW)
        else:
            # Cards too small to read: a ring of fixed size, and a label that stands out.
            ax.scatter([cx], [cy], s=(40.0) ** 2, facecolors="none",
                       edgecolors=style.POINT_COLOR, linewidths=3.0, zorder=3.5)
            labels["point_of_distortion"] = ax.annotate(
                word, (cx, cy), xytext=(0, 26), textcoords="offset points",
                ha="center", va="bottom", color=style.POINT_COLOR, fontsize=10,
                fontweight="bold", family=family, zorder=3.6,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": style.LABEL_BACKGROUND,
                      "edgecolor": style.POINT_COLOR, "linewidth": 1.0},
                annotation_clip=False, **_RAW)
        return halo, planted

    def _card_text(self, ax: Axes, scale: float, looks: Mapping[str, CardLook]
                   ) -> dict[str, tuple[Text, ...]]:
        """Actor name (bold), kind and date, and the title as room allows."""
        family = _font_family()
        inner = CARD_WIDTH - 2 * _PAD
        out: dict[str, tuple[Text, ...]] = {}
        name_line = _NAME_SIZE * _LINE_SPACING
        detail_line = _DETAIL_SIZE * _LINE_SPACING
        title_line = _TITLE_SIZE * _LINE_SPACING
        for rid, card in self.layout.cards.items():
            view = self.picture.cards[rid]
            color = looks[rid].text
            name = _wrap(view.name, inner, _NAME_SIZE, 2, True)
            detail_lines = _wrap(view.detail, inner, _DETAIL_SIZE, 1)
            stances = view.stance
            stance_lines = _wrap(stances, inner, _DETAIL_SIZE, 1) if stances else []
            room = (CARD_HEIGHT - 2 * _PAD + 2 - len(name) * name_line - detail_line
                    - len(stance_lines) * detail_line)
            title_lines: list[str] = []
            if view.title and room >= title_line:
                title_lines = _wrap(view.title, inner, _TITLE_SIZE,
                                    int(room // title_line))
            x, y = card.x + _PAD, card.y + _PAD
            texts = [ax.text(x, y, "\n".join(name), fontsize=_NAME_SIZE * scale,
                             fontweight="bold", color=color, family=family, ha="left",
                             va="top", linespacing=_LINE_SPACING, zorder=3.0, **_RAW)]
            y += len(name) * name_line
            texts.append(ax.text(x, y, "\n".join(detail_lines), fontsize=_DETAIL_SIZE * scale,
                                 color=color, family=family, ha="left", va="top", zorder=3.0,
                                 **_RAW))
            if title_lines:
                y += detail_line
                texts.append(ax.text(x, y, "\n".join(title_lines), fontsize=_TITLE_SIZE * scale,
                                     style="italic", color=color, family=family, ha="left",
                                     va="top", linespacing=_LINE_SPACING, zorder=3.0, **_RAW))
            if stance_lines:
                texts.append(ax.text(x, card.y + card.height - _PAD + 1, stance_lines[0],
                                     fontsize=_DETAIL_SIZE * scale, color=color, family=family,
                                     ha="left", va="bottom", zorder=3.0, **_RAW))
            out[rid] = tuple(texts)
        return out

    def _link_labels(self, ax: Axes, scale: float) -> dict[tuple[str, str], Text]:
        """Relation (and confidence) on each link, a distortion's change in red; no overlaps."""
        layout = self.layout
        family = _font_family()
        grid = _Boxes(cell=120.0)
        for card in layout.cards.values():
            grid.add((card.x - 2, card.y - 2, card.x + card.width + 2, card.y + card.height + 2))
        if self.marked is not None:
            card = layout.cards[self.marked]
            grid.add((card.x - _HALO, card.y - _HALO - MARK_ROOM, card.x + card.width + _HALO,
                      card.y + card.height + _HALO))
        for rid in self.planted:
            card = layout.cards[rid]
            grid.add((card.x - 4, card.y - MARK_ROOM, card.x + card.width + 4, card.y))
        # One label per linked pair (on the link the picture says): its relations, and
        # the changes made along it.
        order = sorted((link for link in self.picture.links if link.label),
                       key=lambda link: (not link.changes, link.target != self.marked))
        bounds = (-_MARGIN, -_MARGIN, layout.width + _MARGIN, layout.height + _MARGIN)
        out: dict[tuple[str, str], Text] = {}
        for link in order:
            key, route, relations = link.key, link.route, link.relations
            assert route is not None
            changes = link.changes
            lines = [part for change in changes[:2] for part in change.split("\n")]
            if len(changes) > 2:
                lines.append(f"+{len(changes) - 2} more")
            lines.append(", ".join(relations))
            red = bool(changes)
            size = _LINK_LABEL_SIZE
            w = max(_text_width(line, size, red) for line in lines) + 4
            h = len(lines) * size * _LINE_SPACING + 3
            for cx, cy in _label_spots(route.points):
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if (box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]
                        or box[3] > bounds[3] or grid.hits(box)):
                    continue
                grid.add(box)
                out[key] = ax.text(
                    cx, cy, "\n".join(lines), fontsize=size * scale, family=family,
                    color=style.DISTORTION_COLOR if red else style.LINK_LABEL_COLOR,
                    fontweight="bold" if red else "normal", ha="center", va="center",
                    linespacing=_LINE_SPACING, zorder=2.6,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": style.LABEL_BACKGROUND,
                          "edgecolor": "none", "alpha": 0.85}, **_RAW)
                break
        return out

    def _titles(self, figure: Figure, ax: Axes, labels: dict[str, Text]) -> Legend | None:
        family = _font_family()
        title = self.picture.title
        entries = self._legend_entries()
        if self.ax_given is None:
            fig_w, fig_h = figure.get_figwidth(), figure.get_figheight()
            lines = self._caption_lines(fig_w)
            chars = _caption_chars(fig_w)
            left = 0.25 / fig_w
            labels["title"] = figure.text(
                left, 1 - 0.18 / fig_h, clip(title, int(chars * _CAPTION_POINTS / _TITLE_POINTS)),
                fontsize=_TITLE_POINTS, fontweight="bold", family=family, ha="left", va="top",
                color=style.CARD_TEXT_COLOR, **_RAW)
            y = 1 - (0.18 + _TITLE_POINTS * 1.6 / 72) / fig_h
            labels["caption"] = figure.text(
                left, y, "\n".join(lines),
                fontsize=_CAPTION_POINTS, family=family, ha="left", va="top",
                linespacing=1.4, color=style.CARD_TEXT_COLOR, **_RAW)
            if self.note:
                labels["note"] = figure.text(
                    1 - left, y, self.note, fontsize=_CAPTION_POINTS * 0.85, family=family,
                    ha="right", va="bottom", style="italic", color=style.GREYED_TEXT_COLOR,
                    **_RAW)
            if not entries:
                return None
            columns, _ = self._legend_grid(entries, fig_w)
            return figure.legend(
                [handle for _, handle in entries], [label for label, _ in entries],
                loc="lower center", bbox_to_anchor=(0.5, 0.06 / fig_h), ncol=columns,
                frameon=False, fontsize=_LEGEND_POINTS, handlelength=2.2,
                columnspacing=1.4, prop={"family": family, "size": _LEGEND_POINTS})
        lines = self._caption_texts()
        labels["title"] = ax.set_title(title, loc="left", fontweight="bold", family=family,
                                       pad=8 + 14 * len(lines), **_RAW)
        labels["caption"] = ax.text(0, 1.0, "\n".join(lines), transform=ax.transAxes,
                                    fontsize=9, family=family, ha="left", va="bottom",
                                    **_RAW)
        if not entries:
            return None
        return ax.legend(
            [handle for _, handle in entries], [label for label, _ in entries],
            loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(4, len(entries)),
            frameon=False, fontsize=8, prop={"family": family, "size": 8})


def _rgba(values: Any) -> tuple[float, float, float, float]:
    red, green, blue, alpha = (float(v) for v in values)
    return (red, green, blue, alpha)


def _with_alpha(color: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)
