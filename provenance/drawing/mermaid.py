"""Mermaid: the picture for Markdown pages (a flowchart LR).
"""

from __future__ import annotations

import json
import unicodedata
import warnings
from collections.abc import Iterable, Mapping

from ..errors import ExportWarning, ProvenanceError
from ..files._flat import _actor_of, _Marks
from ..model import ActorKind, Relation, Story
from ..wording import _INVISIBLE
from ..wording import one_line as _one_line
from .picture import _BORDERS, _DISTORTION_LINK_WIDTH, _card, _faded, _finding
from .style import (
    ACTOR_COLORS,
    CARD_TEXT_COLOR,
    DISTORTION_COLOR,
    RELATION_STYLES,
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
    """One line of Mermaid text: on one line, markup characters as entity codes."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in _one_line(line))


def _mermaid_text(lines: Iterable[str]) -> str:
    """A quoted Mermaid label showing ``lines`` literally, one per line."""
    return '"' + "<br/>".join(_mermaid_line(line) for line in lines) + '"'


def _mermaid_title(title: str) -> str:
    """The front-matter title: a YAML double-quoted string Mermaid shows as it is."""
    return _yaml_string(_one_line(title).replace("<", _MERMAID_TITLE_LT))


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes, plus YAML's line breaks)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _INVISIBLE
        or ch == "\ufeff" else ch
        for ch in quoted
    )


#: What stock Mermaid draws: more links or characters and it renders only an error
#: ("Maximum text size in diagram exceeded"); pages cannot raise these limits.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000


def _mermaid(story: Story, marks: _Marks | None) -> str:
    assert marks is not None  # the registry gives the pictures an analysis
    whole = None
    if len(story.links) <= MERMAID_MAX_EDGES:
        whole = _mermaid_picture(story, marks, range(len(story.reports)),
                                 range(len(story.links)), {}, story.title)
        if len(whole) <= MERMAID_MAX_TEXT:
            return whole
    size = (f"{len(story.reports):,} reports and {len(story.links):,} links"
            + (f" ({len(whole):,} characters)" if whole is not None else ""))
    limits = (f"past what Mermaid draws ({MERMAID_MAX_EDGES} links, "
              f"{MERMAID_MAX_TEXT:,} characters)")
    whole_story = ("for the whole story export dot or graphml, or draw it with "
                   "`provenance draw`")
    shown, kept_links, groups = _skeleton(story, marks)
    if not shown:
        raise ProvenanceError(f"mermaid: the story has {size}, {limits}, and no distortion "
                              f"to draw as its skeleton: {whole_story}")
    title = f"{story.title} (distortion skeleton: {len(shown):,} of {len(story.reports):,} reports)"
    text = _mermaid_picture(story, marks, shown, kept_links, groups, title)
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


def _skeleton(story: Story, marks: _Marks) -> tuple[list[int], list[int], dict[int, int]]:
    """What a story's distortion skeleton shows, in story order.

    The point of distortion, its sources, where its claim was planted, the
    reports that rebut a claim, and every other distortion with its sources;
    the links between them; and for each distortion a group counting the
    reports that repeat it faithfully (its reach).

    Returns
    -------
    The shown reports' and links' indices, and report index -> reach to count.
    """
    analysis = marks.analysis
    keep: set[str] = set(analysis.planted)
    for distortion in analysis.distortions:
        keep.add(distortion.report)
        keep.update(distortion.sources)
    for findings in analysis.claims.values():
        keep.update(findings.rebuttals)
    shown = [i for i, report in enumerate(story.reports) if report.id in keep]
    kept_links = [k for k, link in enumerate(story.links)
                  if link.source in keep and link.target in keep]
    index = {story.reports[i].id: i for i in shown}
    groups: dict[int, int] = {}
    for distortion in analysis.distortions:
        if distortion.reach:
            at = index[distortion.report]
            groups[at] = max(groups.get(at, 0), len(distortion.reach))
    return shown, kept_links, groups


def _mermaid_picture(story: Story, marks: _Marks, shown: Iterable[int],
                     shown_links: Iterable[int], groups: Mapping[int, int],
                     title: str) -> str:
    """The flowchart of the reports and links with these indices.

    ``groups`` maps a report's index to a count of reports that repeat it,
    drawn as one node ``gN`` linked from it.
    """
    reports = [story.reports[i] for i in shown]
    ids = {report.id: f"n{i}" for i, report in zip(shown, reports, strict=True)}
    out = ["---", f"title: {_mermaid_title(title)}",
           "---", "flowchart LR"]
    out.extend(f"    {ids[report.id]}[{_mermaid_text(_card(story, report, marks))}]"
               for report in reports)
    link_styles = []
    for k in shown_links:
        link = story.links[k]
        style = RELATION_STYLES[link.relation]
        changes = marks.changes.get(k, ())
        arrow = _MERMAID_ARROWS[style.dashed]
        text = (f"|{_mermaid_text(line for lines in changes for line in lines)}|"
                if changes else "")
        out.append(f"    {ids[link.source]} {arrow}{text} {ids[link.target]}")
        color = _faded(DISTORTION_COLOR if changes else style.color, link.confidence)
        width = _DISTORTION_LINK_WIDTH if changes else style.width
        extra = f",color:{DISTORTION_COLOR}" if changes else ""
        link_styles.append(f"stroke:{color},stroke-width:{width:g}px{extra}")
    for i, count in groups.items():
        noun = "report repeats" if count == 1 else "reports repeat"
        out.append(f"    g{i}[{_mermaid_text([f'{count:,} {noun} it faithfully'])}]")
        out.append(f"    n{i} --> g{i}")
        link_styles.append(f"stroke:{RELATION_STYLES[Relation.CITES].color},"
                           "stroke-width:1px,stroke-dasharray:3 3")
    by_kind: dict[ActorKind, list[str]] = {}
    for report in reports:
        actor = _actor_of(story, report)
        by_kind.setdefault(actor.kind if actor is not None else ActorKind.OTHER,
                           []).append(ids[report.id])
    for kind, members in by_kind.items():
        out.append(f"    classDef {kind.value} fill:{ACTOR_COLORS[kind]},color:{CARD_TEXT_COLOR}")
        out.append(f"    class {','.join(members)} {kind.value}")
    if groups:
        out.append(f"    classDef repeats fill:#FFFFFF,color:{CARD_TEXT_COLOR},"
                   "stroke-dasharray:3 3")
        out.append(f"    class {','.join(f'g{i}' for i in groups)} repeats")
    # Defined last, so that a finding's border wins over a fill's defaults.
    findings: dict[str, list[str]] = {}
    for report in reports:
        finding = _finding(report.id, marks)
        if finding is not None:
            findings.setdefault(finding, []).append(ids[report.id])
    for name, border in reversed(list(_BORDERS.items())):
        if name in findings:
            dashes = ",stroke-dasharray:4 2" if border.dashed else ""
            out.append(f"    classDef {name} stroke:{border.color},"
                       f"stroke-width:{border.width:g}px{dashes}")
            out.append(f"    class {','.join(findings[name])} {name}")
    out.extend(f"    linkStyle {n} {style}" for n, style in enumerate(link_styles))
    return "\n".join(out) + "\n"


