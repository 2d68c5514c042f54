"""Mermaid: the picture (:class:`~provenance.drawing.picture.Picture`) for Markdown
pages, as a flowchart LR; cards and borders as in the DOT export.
"""

from __future__ import annotations

import json
import unicodedata
import warnings
from collections.abc import Iterable, Mapping

from ..errors import ExportWarning, ProvenanceError
from ..model import ActorKind, Relation
from ..terminal import is_inert
from ..wording import INVISIBLE, clip
from .borders import BORDERS, card_text, change_text, faded, finding
from .picture import LinkView, Picture, skeleton
from .style import (
    ACTOR_COLORS,
    CARD_TEXT_COLOR,
    DISTORTION_COLOR,
    RELATION_STYLES,
    SATIRE_COLOR,
    SATIRE_EDGE_COLOR,
    SATIRE_TEXT_COLOR,
)

_MERMAID_ENTITIES: Mapping[str, str] = {
    '"': "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;",
    "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;", "{": "#123;", "}": "#125;",
    "|": "#124;", "`": "#96;", "\\": "#92;",
}
#: Link arrows by dashing: ``rebuts`` (and ``corrects``) dotted.
_MERMAID_ARROWS: Mapping[bool, str] = {False: "-->", True: "-.->"}


#: What the front-matter title writes for ``<``. Mermaid shows the title as text
#: after passing it through an HTML sanitizer, without decoding entity codes: ``&``,
#: ``>``, ``#`` and quotes show as themselves, but a ``<`` either starts a tag the
#: sanitizer drops (``x<y>z`` shows ``xz``, ``</script>`` nothing) or shows as
#: ``&lt;``. No spelling of ``<`` survives, so the title shows this look-alike.
_MERMAID_TITLE_LT = "\u2039"


def _mermaid_line(line: str) -> str:
    """One line of Mermaid text: on one line, markup characters as entity codes, and so
    the characters that reorder or hide text (a bidi override): Mermaid shows them as
    written, while the file stays plain in an editor or a terminal."""
    return "".join(_MERMAID_ENTITIES.get(ch) or (ch if ch.isprintable() or is_inert(ch)
                                                   else f"#{ord(ch)};")
                   for ch in clip(line))


def _mermaid_text(lines: Iterable[str]) -> str:
    """A quoted Mermaid label showing ``lines`` literally, one per line."""
    return '"' + "<br/>".join(_mermaid_line(line) for line in lines) + '"'


def _mermaid_title(title: str) -> str:
    """The front-matter title: a YAML double-quoted string Mermaid shows as it is."""
    return _yaml_string(clip(title).replace("<", _MERMAID_TITLE_LT))


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes, plus YAML's line breaks)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in INVISIBLE
        or ch == "\ufeff" else ch
        for ch in quoted
    )


#: What stock Mermaid draws: more links or characters and it renders only an error
#: ("Maximum text size in diagram exceeded"); pages cannot raise these limits.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000


def _mermaid(picture: Picture) -> str:
    story = picture.story
    whole = None
    if len(story.links) <= MERMAID_MAX_EDGES:
        whole = _mermaid_picture(picture, list(picture.cards), picture.links, {},
                                 picture.title)
        if len(whole) <= MERMAID_MAX_TEXT:
            return whole
    size = (f"{len(story.reports):,} reports and {len(story.links):,} links"
            + (f" ({len(whole):,} characters)" if whole is not None else ""))
    limits = (f"past what Mermaid draws ({MERMAID_MAX_EDGES} links, "
              f"{MERMAID_MAX_TEXT:,} characters)")
    whole_story = ("for the whole story export dot or graphml, or draw it with "
                   "`provenance draw`")
    shown, kept_links, groups = skeleton(picture)
    if not shown:
        raise ProvenanceError(f"mermaid: the story has {size}, {limits}, and no distortion "
                              f"to draw as its skeleton: {whole_story}")
    title = (f"{picture.title} (distortion skeleton: {len(shown):,} of "
             f"{len(story.reports):,} reports)")
    text = _mermaid_picture(picture, shown, kept_links, groups, title)
    edges = len(kept_links) + len(groups)
    if edges > MERMAID_MAX_EDGES or len(text) > MERMAID_MAX_TEXT:
        raise ProvenanceError(
            f"mermaid: the story has {size}, {limits}, and so has its distortion skeleton "
            f"({edges:,} links, {len(text):,} characters): {whole_story}")
    warnings.warn(ExportWarning(
        f"mermaid: the story has {size}, {limits}: wrote its distortion skeleton instead "
        f"({len(shown):,} of {len(story.reports):,} reports, faithful repeats counted); "
        f"{whole_story}"), stacklevel=3)
    return text


def _mermaid_picture(picture: Picture, shown: Iterable[str],
                     shown_links: Iterable[LinkView], groups: Mapping[str, int],
                     title: str) -> str:
    """The flowchart of these reports and links.

    ``groups`` maps a report id to a count of reports that repeat it, drawn as one
    node ``gN`` linked from it.
    """
    index = {rid: i for i, rid in enumerate(picture.cards)}
    cards = [picture.cards[rid] for rid in shown]
    ids = {card.report: f"n{index[card.report]}" for card in cards}
    out = ["---", f"title: {_mermaid_title(title)}",
           "---", "flowchart LR"]
    out.extend(f"    {ids[card.report]}[{_mermaid_text(card_text(card))}]" for card in cards)
    link_styles = []
    for link in shown_links:
        arrow = _MERMAID_ARROWS[link.dashed]
        text = (f"|{_mermaid_text(change_text(link))}|"
                if link.changes and link.label else "")
        out.append(f"    {ids[link.source]} {arrow}{text} {ids[link.target]}")
        extra = f",color:{DISTORTION_COLOR}" if link.changes else ""
        link_styles.append(f"stroke:{faded(link)},stroke-width:{link.width:g}px{extra}")
    for rid, count in groups.items():
        i = index[rid]
        noun = "report repeats" if count == 1 else "reports repeat"
        out.append(f"    g{i}[{_mermaid_text([f'{count:,} {noun} it faithfully'])}]")
        out.append(f"    n{i} --> g{i}")
        link_styles.append(f"stroke:{RELATION_STYLES[Relation.CITES].color},"
                           "stroke-width:1px,stroke-dasharray:3 3")
    by_kind: dict[ActorKind, list[str]] = {}
    for card in cards:
        if not card.satire:
            by_kind.setdefault(card.kind, []).append(ids[card.report])
    for kind, members in by_kind.items():
        out.append(f"    classDef {kind.value} fill:{ACTOR_COLORS[kind]},color:{CARD_TEXT_COLOR}")
        out.append(f"    class {','.join(members)} {kind.value}")
    satire = [ids[card.report] for card in cards if card.satire]
    if satire:  # greyed as satire, as the picture's look says
        out.append(f"    classDef satire fill:{SATIRE_COLOR},color:{SATIRE_TEXT_COLOR},"
                   f"stroke:{SATIRE_EDGE_COLOR}")
        out.append(f"    class {','.join(satire)} satire")
    if groups:
        out.append(f"    classDef repeats fill:#FFFFFF,color:{CARD_TEXT_COLOR},"
                   "stroke-dasharray:3 3")
        out.append(f"    class {','.join(f'g{index[rid]}' for rid in groups)} repeats")
    # Defined last, so that a finding's border wins over a fill's defaults.
    findings: dict[str, list[str]] = {}
    for card in cards:
        mark = finding(card)
        if mark is not None:
            findings.setdefault(mark, []).append(ids[card.report])
    for name, border in reversed(list(BORDERS.items())):
        if name in findings:
            dashes = ",stroke-dasharray:4 2" if border.dashed else ""
            out.append(f"    classDef {name} stroke:{border.color},"
                       f"stroke-width:{border.width:g}px{dashes}")
            out.append(f"    class {','.join(findings[name])} {name}")
    out.extend(f"    linkStyle {n} {style}" for n, style in enumerate(link_styles))
    return "\n".join(out) + "\n"
