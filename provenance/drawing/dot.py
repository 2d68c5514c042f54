"""Graphviz DOT: the picture (:class:`~provenance.drawing.picture.Picture`) as a graph.

Cards keep their fill; a mark is drawn as the card's border (DOT has no halo): the
point of distortion's, the likely point's (dashed), the planted frame's (dashed),
else a distortion's.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterable, Mapping

from ..errors import ExportWarning
from ..terminal import is_inert
from ..wording import INVISIBLE, clip, is_noncharacter
from .borders import BORDERS, card_text, change_text, faded, finding
from .picture import Picture
from .style import CARD_TEXT_COLOR, DISTORTION_COLOR

_is_noncharacter = is_noncharacter


def _dot_id(text: str) -> str:
    """A quoted DOT id that stands for ``text`` and for nothing else.

    In a quoted DOT id only ``\\"`` is an escape; other backslashes stay as
    written, so ``\\\\`` keeps a backslash from escaping the closing quote, and
    control characters (a raw newline would be joined by a trailing backslash)
    are written as backslash sequences. Each text gets its own id.
    """
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif unicodedata.category(ch) in INVISIBLE or _is_noncharacter(ch):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _dot_text(lines: Iterable[str]) -> str:
    """A quoted DOT label showing ``lines`` literally, one per line.

    Labels are escStrings: backslash sequences (``\\N``, ``\\l``) and HTML
    entities (``&amp;``) are interpreted, so both are escaped; no HTML-like
    label is ever written, so ``<b>`` is only text.
    """
    def escape(line: str) -> str:
        out = []
        for ch in line:
            if ch == "\\":
                out.append("\\\\")
            elif ch == '"':
                out.append('\\"')
            elif ch == "&":
                out.append("&amp;")
            elif unicodedata.category(ch) in INVISIBLE:
                out.append(" ")
            elif _is_noncharacter(ch):
                out.append("\ufffd")
            elif not (ch.isprintable() or is_inert(ch)):  # a bidi override, as Graphviz
                out.append(f"&#{ord(ch)};")  # shows it, plain in an editor or a terminal
            else:
                out.append(ch)
        return "".join(out)

    return '"' + "\\n".join(escape(line) for line in lines) + '"'


def _dot_attributes(attributes: Mapping[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in attributes.items())


#: Past this many reports Graphviz ``dot`` takes long to lay a story out (measured with
#: dot 2.43 on generated cascades: 0.6 s at 100 reports, 6.5 s at 200, 49 s at 500, over
#: a minute at 1,000, unfinished after 15 minutes at 5,000): the export then warns.
DOT_SLOW_REPORTS = 200


def _dot(picture: Picture) -> str:
    story = picture.story
    if len(story.reports) > DOT_SLOW_REPORTS:
        warnings.warn(ExportWarning(
            f"dot: the story has {len(story.reports):,} reports; Graphviz `dot` is slow "
            f"past {DOT_SLOW_REPORTS} (seconds at 200, about a minute at 500 to 1,000, "
            "unfinished after 15 minutes at 5,000): lay this file out with `sfdp -Tsvg`, "
            "or draw the story with `provenance draw`"),
            stacklevel=3)
    graph = {"rankdir": "LR", "label": _dot_text([picture.title]),
             "labelloc": "t", "fontname": '"Helvetica"', "fontsize": "14"}
    node = {"shape": "box", "style": '"rounded,filled"', "fontname": '"Helvetica"',
            "fontsize": "10", "fontcolor": f'"{CARD_TEXT_COLOR}"', "color": '"#4D4D4D"',
            "penwidth": "1"}
    out = [
        "digraph story {",
        f"    graph [{_dot_attributes(graph)}];",
        f"    node [{_dot_attributes(node)}];",
        '    edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    ]
    for card in picture.cards.values():
        attributes = {"label": _dot_text(card_text(card)),
                      "fillcolor": f'"{card.look.face}"',
                      "tooltip": _dot_text([clip(card.report)])}
        mark = finding(card)
        if mark is not None:
            border = BORDERS[mark]
            attributes["color"] = f'"{border.color}"'
            attributes["penwidth"] = f"{border.width:g}"
            if border.dashed:
                attributes["style"] = '"rounded,filled,dashed"'
        out.append(f"    {_dot_id(card.report)} [{_dot_attributes(attributes)}];")
    for link in picture.links:
        tooltip = f"{link.relation_label} (confidence {link.confidence:g})"
        note = story.links[link.index].note
        if note:
            tooltip += f": {clip(note)}"
        attributes = {
            "color": f'"{faded(link)}"',
            "style": "dashed" if link.dashed else "solid",
            "penwidth": f"{link.width:g}",
            "tooltip": _dot_text([tooltip]),
        }
        if link.changes and link.label:
            attributes["label"] = _dot_text(change_text(link))
            attributes["fontcolor"] = f'"{DISTORTION_COLOR}"'
        out.append(f"    {_dot_id(link.source)} -> {_dot_id(link.target)} "
                   f"[{_dot_attributes(attributes)}];")
    out.append("}")
    return "\n".join(out) + "\n"
