"""What a picture of a story shows, described once for every painter.

:func:`describe` computes a :class:`Picture` from a story and its analysis: the
cards (their lines in order, their look, their marks: the point of distortion's
ring, the planted frame), the links (style, opacity from the confidence, the
changes written on them and which of parallel links carries its pair's label),
the legend, and the title and caption. The matplotlib diagram
(:mod:`provenance.drawing.mpl`), the DOT and Mermaid exports and the Qt viewer
only paint it: what a card says or how a change is worded is decided here (and in
:mod:`provenance.wording`), once. :func:`prepare` is the analyse, estimate and lay
out sequence every picture starts with.

Examples
--------
>>> import provenance
>>> story = provenance.load("samples/syria-joint-strike.json")
>>> picture = describe(story)
>>> picture.marked, picture.cards["ap-tweet"].tag
('ap-tweet', 'point of distortion')
>>> [link.changes for link in picture.links if link.target == "ap-tweet"][0]
('implies → attributes\\nmisattributed',)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..analysis import DISTORTION_ROLES, Analysis, Role, analyze, planted_reports
from ..drift.estimate import (
    LinkDrift,
    TextEstimate,
    estimate_point,
    has_unannotated_text_links,
    needs_text_estimate,
)
from ..errors import ProvenanceError
from ..graph import answering_links
from ..model import STANCE_STRENGTH, TRANSMITTING, ActorKind, Genre, Relation, Stance, Story
from ..wording import (
    actor_name,
    card_detail,
    clip,
    lens_caption,
    link_changes,
    point_caption,
    report_stance_line,
)
from . import style
from .layout import Card, Layout, Route, layout_story
from .relayout import relayout

__all__ = [
    "Picture", "CardView", "LinkView", "CardLook", "LegendEntry", "ClaimView", "Prepared",
    "describe", "prepare", "skeleton", "check_claim", "card_looks", "legend_entries", "claim_lens",
    "estimated_point", "focus_claim", "main_role", "ROLE_ORDER", "ROLE_LEGEND", "SATIRE_TAG",
    "SATIRE_LEGEND",
    "PictureChanges", "picture_changes",
]


@attrs.frozen
class ClaimView:
    """One report through the claim lens: its stance on the claim and its roles."""

    stance: Stance | None
    roles: tuple[Role, ...]
    denies_too: bool = False

    @property
    def carries(self) -> bool:
        """True when the report mentions the claim at all."""
        return self.stance is not None


def claim_lens(story: Story, analysis: Analysis, claim_id: str) -> dict[str, ClaimView]:
    """For every report: its stance on the claim (its affirmative one first) and its roles.

    Reports that do not mention the claim get ``ClaimView(None, ())``.

    Raises
    ------
    ProvenanceError
        If the story has no such claim.
    """
    findings = analysis.claims.get(claim_id)
    if findings is None:
        known = ", ".join(c.id for c in story.claims) or "none"
        raise ProvenanceError(f'the story has no claim "{claim_id}" (claims: {known})')
    out: dict[str, ClaimView] = {}
    for report in story.reports:
        affirmative: Stance | None = None
        denial = False
        for mention in report.claims:
            if mention.claim != claim_id:
                continue
            if mention.stance is Stance.DENIES:
                denial = True
            elif affirmative is None or STANCE_STRENGTH[mention.stance] > STANCE_STRENGTH[
                    affirmative]:
                affirmative = mention.stance
        stance = affirmative if affirmative is not None else (Stance.DENIES if denial else None)
        out[report.id] = ClaimView(stance, findings.roles.get(report.id, ()),
                                   denial and affirmative is not None)
    return out


def estimated_point(story: Story, analysis: Analysis,
                    estimate: TextEstimate | None = None) -> LinkDrift | None:
    """The likely point of distortion estimated from the words, for a story that has
    texts but no claim annotations (None when the analysis proper has a point, or
    the words show no link that exaggerates). ``estimate`` is
    :func:`~provenance.drift.estimate.estimate_point`'s answer where the caller has it.

    The diagram's caption and the viewer name it, marked as an estimate.
    """
    if analysis.point_of_distortion is not None or not needs_text_estimate(story):
        return None
    return (estimate if estimate is not None else estimate_point(story)).point




ROLE_ORDER = (Role.INVENTED, Role.SATIRE_AS_FACT, Role.FLIPPED, Role.INFLATED,
              Role.CONTEXT_DROPPED, Role.HEADLINE_OVERSTATES, Role.MISATTRIBUTED, Role.CIRCULAR,
              Role.ORIGIN, Role.FAITHFUL)

#: Version 2: what the legend says each new distortion role writes on its link, in order.
ROLE_LEGEND: Mapping[Role, str] = {
    Role.SATIRE_AS_FACT: "satire taken as fact (satire repeated as news)",
    Role.HEADLINE_OVERSTATES: "headline overstates (says more than its article)",
    Role.CONTEXT_DROPPED: "dropped: … (context that limited the claim, left out)",
}
#: The tag by a satirical report's card.
SATIRE_TAG = "SATIRE"
#: The satire look's legend entry.
SATIRE_LEGEND = "satire (says nothing as fact)"


def main_role(roles: Iterable[Role]) -> Role | None:
    """The role a card shows (its border in the claim lens): the most telling one.

    >>> main_role([Role.FAITHFUL, Role.CIRCULAR])
    <Role.CIRCULAR: 'circular'>
    """
    present = set(roles)
    return next((role for role in ROLE_ORDER if role in present), None)


@attrs.frozen
class CardLook:
    """How one report's card is drawn, in the diagram and in the viewer alike."""

    face: str
    edge: str
    #: Border width, in points at full size.
    width: float
    text: str
    #: The legend entry the fill stands for ("" for a greyed card).
    legend: str


def _actor_kind(story: Story, actor_id: str) -> ActorKind:
    try:
        return story.actor(actor_id).kind
    except KeyError:
        return ActorKind.OTHER


def card_looks(story: Story, analysis: Analysis, claim: str | None = None
               ) -> dict[str, CardLook]:
    """Every report's card: filled by actor kind, or through the claim lens by the
    report's stance on ``claim`` with its role as the border (greyed when it does not
    carry the claim); distorting reports bordered in the distortion colour. A satirical
    report (format version 2) is greyed as satire, in every lens.

    Raises
    ------
    ProvenanceError
        If ``claim`` is given and the story has no such claim.
    """
    lens = claim_lens(story, analysis, claim) if claim is not None else None
    distorted = {d.report for d in analysis.distortions if claim is None or d.claim == claim}
    text_on: dict[str, str] = {}
    looks: dict[str, CardLook] = {}
    for report in story.reports:
        if report.id in looks:
            continue
        if report.genre is Genre.SATIRE:
            looks[report.id] = CardLook(style.SATIRE_COLOR, style.SATIRE_EDGE_COLOR, 1.2,
                                        style.SATIRE_TEXT_COLOR, SATIRE_LEGEND)
            continue
        if lens is None:
            kind = _actor_kind(story, report.actor)
            face = style.ACTOR_COLORS[kind]
            edge, width = style.CARD_EDGE_COLOR, 0.8
            label = style.ACTOR_KIND_LABELS[kind]
        else:
            view = lens[report.id]
            if view.stance is None:
                looks[report.id] = CardLook(style.GREYED_COLOR, style.GREYED_EDGE_COLOR, 0.8,
                                            style.GREYED_TEXT_COLOR, "")
                continue
            face = style.STANCE_COLORS[view.stance]
            role = main_role(view.roles)
            edge = style.ROLE_COLORS[role] if role is not None else style.CARD_EDGE_COLOR
            width = 2.4 if role in DISTORTION_ROLES else 1.6 if role is not None else 0.8
            label = view.stance.value
        if report.id in distorted:
            edge, width = style.DISTORTION_COLOR, 2.4
        text = text_on.get(face)
        if text is None:
            text = text_on[face] = style.text_color_on(face)
        looks[report.id] = CardLook(face, edge, width, text, label)
    return looks


@attrs.frozen
class LegendEntry:
    """One entry of a drawing's legend: a card swatch (``box``), a link (``line``) or
    a mark around a card (``ring``)."""

    label: str
    shape: str
    color: str
    #: A box's or ring's fill ("none" for none).
    face: str = "none"
    width: float = 1.0
    #: On-off dash lengths in points; empty for a solid stroke.
    dash: tuple[float, ...] = ()
    alpha: float = 1.0


#: Dash patterns, in points: rebuttal links, the planted mark, an estimated point.
LINK_DASH = (4.0, 2.5)
PLANTED_DASH = (3.0, 1.5)
ESTIMATE_DASH = (4.0, 2.0)


_COMPUTE: Any = object()


def legend_entries(story: Story, analysis: Analysis, claim: str | None = None, *,
                   estimate: LinkDrift | None = _COMPUTE,
                   looks: Mapping[str, CardLook] | None = None) -> list[LegendEntry]:
    """What a drawing of the story needs explained, in order: fills, links, marks.

    Only what the story shows is listed (an actor kind no report has is left out).
    ``estimate`` is :func:`estimated_point`'s answer and ``looks`` :func:`card_looks`'s
    where the caller has them already.
    """
    entries: list[LegendEntry] = []
    if looks is None:
        looks = card_looks(story, analysis, claim)
    if claim is None:
        kinds = {_actor_kind(story, r.actor) for r in story.reports
                 if r.genre is not Genre.SATIRE}
        for kind in ActorKind:
            if kind in kinds:
                entries.append(LegendEntry(style.ACTOR_KIND_LABELS[kind], "box",
                                           style.CARD_EDGE_COLOR, style.ACTOR_COLORS[kind], 0.6))
    else:
        lens = claim_lens(story, analysis, claim)
        stances = {view.stance for view in lens.values() if view.stance is not None}
        roles = {main_role(view.roles) for view in lens.values() if view.stance is not None}
        for stance in Stance:
            if stance in stances:
                entries.append(LegendEntry(stance.value, "box", style.CARD_EDGE_COLOR,
                                           style.STANCE_COLORS[stance], 0.6))
        by_color: dict[str, list[str]] = {}
        for role in ROLE_ORDER:
            if role in roles:
                by_color.setdefault(style.ROLE_COLORS[role], []).append(role.value)
        for color, names in by_color.items():
            entries.append(LegendEntry(f"border: {', '.join(names)}", "box", color, "#FFFFFF",
                                       2.0))
        if any(look.legend == "" for look in looks.values()):
            entries.append(LegendEntry("does not carry the claim", "box",
                                       style.GREYED_EDGE_COLOR, style.GREYED_COLOR, 0.6))
    if any(look.legend == SATIRE_LEGEND for look in looks.values()):
        entries.append(LegendEntry(SATIRE_LEGEND, "box", style.SATIRE_EDGE_COLOR,
                                   style.SATIRE_COLOR, 1.2))
    relations = {link.relation for link in story.links}
    transmitting = [r for r in Relation if r in relations and r in TRANSMITTING]
    if transmitting:
        look = style.RELATION_STYLES[transmitting[0]]
        entries.append(LegendEntry(", ".join(r.value for r in transmitting), "line",
                                   look.color, width=look.width))
    for relation in (Relation.REBUTS, Relation.CORRECTS):
        if relation in relations:
            look = style.RELATION_STYLES[relation]
            entries.append(LegendEntry(look.label, "line", look.color, width=look.width,
                                       dash=LINK_DASH if look.dashed else ()))
    if any(link.confidence < 1 for link in story.links):
        look = style.RELATION_STYLES[Relation.CITES]
        entries.append(LegendEntry("less certain link: fainter", "line", look.color,
                                   width=look.width, alpha=style.link_alpha(0.5)))
    point = analysis.point_of_distortion
    if point is not None and claim is not None and point.claim != claim:
        point = None
    if claim is not None:
        estimate = None
    elif estimate is _COMPUTE:
        estimate = estimated_point(story, analysis)
    if link_changes(analysis, claim) or estimate:  # a red link is drawn
        entries.append(LegendEntry("distortion (change on its link)", "line",
                                   style.DISTORTION_COLOR, width=2.4))
    drawn_kinds = {kind for d in analysis.distortions if claim is None or d.claim == claim
                   for kind in d.kinds}
    for role, words in ROLE_LEGEND.items():
        if role in drawn_kinds:
            entries.append(LegendEntry(words, "line", style.DISTORTION_COLOR, width=2.4))
    if point is not None:
        entries.append(LegendEntry("point of distortion", "ring", style.POINT_COLOR,
                                   style.POINT_COLOR, 2.5))
    elif estimate is not None:
        entries.append(LegendEntry("likely point of distortion (estimated from text)", "ring",
                                   style.POINT_COLOR, style.POINT_COLOR, 2.5,
                                   dash=ESTIMATE_DASH))
    planted = set(planted_reports(d for d in analysis.distortions
                                  if claim is None or d.claim == claim))
    if planted - ({point.report} if point is not None else set()):
        entries.append(LegendEntry("planted (implied first)", "ring", style.PLANTED_COLOR,
                                   width=2.0, dash=PLANTED_DASH))
    return entries


def focus_claim(analysis: Analysis, claim: str | None = None) -> str | None:
    """The claim whose stance each card names: the lens's, else the point of
    distortion's, else the first distortion's (None when there is none)."""
    if claim is not None:
        return claim
    if analysis.point_of_distortion is not None:
        return analysis.point_of_distortion.claim
    return analysis.distortions[0].claim if analysis.distortions else None


# --------------------------------------------------------------------------- #
# The picture.

@attrs.frozen
class CardView:
    """One report's card: its lines, its look and its marks."""

    report: str
    #: The actor's name, on one line (painters clip or wrap it to their card).
    name: str
    #: Kind and publication time: "post · 2017-01-23 12:00 +03:00".
    detail: str
    #: The report's title on one line ("" when it has none).
    title: str
    #: The line for the focus claim ("coalition-jets: attributes"), if it mentions it.
    stance: str | None
    look: CardLook
    #: The kind of the report's actor (what the fill stands for without a claim lens).
    kind: ActorKind
    #: ``"point"`` around the point of distortion, ``"estimate"`` around the likely
    #: point estimated from the words, else None.
    ring: str | None = None
    #: A planted frame: the claim was implied here before it was stated (never with a ring).
    planted: bool = False
    #: A distortion was made here (its border is the distortion colour).
    distorted: bool = False
    #: Version 2: the report is satire (greyed as satire, tagged :data:`SATIRE_TAG`).
    satire: bool = False
    #: Where the card is, when the picture was laid out.
    box: Card | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def lines(self) -> tuple[str, ...]:
        """The card's text, in order: name, detail, then the title if any."""
        return (self.name, self.detail, self.title) if self.title else (self.name, self.detail)

    @property
    def tag(self) -> str | None:
        """The words a mark writes by the card: "point of distortion", "likely point
        (from text)" or "planted here"."""
        if self.ring is not None:
            return "point of distortion" if self.ring == "point" else "likely point (from text)"
        return "planted here" if self.planted else None

    @property
    def tags(self) -> tuple[str, ...]:
        """Every word written by the card: its mark's :attr:`tag`, then "SATIRE" for a
        satirical report."""
        tags = (self.tag,) if self.tag is not None else ()
        return (*tags, SATIRE_TAG) if self.satire else tags


@attrs.frozen
class LinkView:
    """One link as drawn: its style and the changes written on it."""

    #: The link's index in ``story.links``.
    index: int
    source: str
    target: str
    relation: Relation
    confidence: float
    color: str
    #: Line width, in points at full size.
    width: float
    dashed: bool
    #: Opacity, from the confidence (fainter in a claim lens when an end does not carry
    #: the claim).
    alpha: float
    #: The changes made along it, each as written (a change may hold a line break);
    #: a link with changes is drawn as a distortion.
    changes: tuple[str, ...] = ()
    #: The same changes, each naming its claim when the picture shows changes of
    #: several claims: for pictures with room for it (DOT, Mermaid).
    named_changes: tuple[str, ...] = ()
    #: True for the one link of a pair of reports that carries the pair's label
    #: (the first that transmits the claim, else the first).
    label: bool = True
    #: On the label's link: the relations of the pair ("cites · 0.5").
    relations: tuple[str, ...] = ()
    route: Route | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

    @property
    def relation_label(self) -> str:
        return style.RELATION_STYLES[self.relation].label


@attrs.frozen
class Picture:
    """What a picture of a story shows: cards, links, legend, title and caption."""

    claim: str | None
    #: The story's title on one line ("Untitled story" when it has none).
    title: str
    #: The caption's sentences: the claim lens's (in a lens), then the point of distortion's.
    caption: tuple[str, ...]
    #: Cards by report id, in story order.
    cards: Mapping[str, CardView] = attrs.field(hash=False)
    links: tuple[LinkView, ...]
    legend: tuple[LegendEntry, ...]
    #: The ringed report: the point of distortion, or the likely point from the words.
    marked: str | None
    #: Reports where a drawn distortion was planted, in story order (the ringed one too).
    planted: tuple[str, ...]
    #: The likely point estimated from the words, when that is what is ringed.
    estimate: LinkDrift | None
    story: Story = attrs.field(eq=False, repr=False)
    analysis: Analysis = attrs.field(eq=False, repr=False)
    layout: Layout | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def estimated(self) -> bool:
        """True when the ring is an estimate from the words, not the analysis's finding."""
        return self.marked is not None and self.cards[self.marked].ring == "estimate"


@attrs.frozen
class Prepared:
    """What every picture of a story starts from (see :func:`prepare`)."""

    analysis: Analysis
    #: The comparison of the words of unannotated links (None when there are none).
    words: TextEstimate | None
    #: The likely point estimated from the words (see :func:`estimated_point`).
    estimate: LinkDrift | None
    layout: Layout


def prepare(story: Story, analysis: Analysis | None = None, *,
            previous: Layout | None = None, layout: Layout | None = None) -> Prepared:
    """Analyse a story, compare the words of its unannotated links, estimate the likely
    point from them, and lay it out: the sequence the diagram, the viewer and the
    command line share.

    After an edit, ``previous`` (the layout before it) keeps every card that stays
    where it was (:func:`~provenance.drawing.relayout.relayout`); ``layout``, when
    given, is used as it is (the layout an undone story had).

    >>> from provenance.model import Actor, Link, Report, Story
    >>> story = Story("Two", actors=[Actor("a", "A")],
    ...               reports=[Report("r1", "a"), Report("r2", "a")], links=[Link("r1", "r2")])
    >>> ready = prepare(story)
    >>> ready.estimate is None, sorted(ready.layout.cards)
    (True, ['r1', 'r2'])
    """
    if analysis is None:
        analysis = analyze(story)
    words = estimate_point(story) if has_unannotated_text_links(story) else None
    estimate = estimated_point(story, analysis, words)
    if layout is None:
        layout = (layout_story(story, analysis) if previous is None
                  else relayout(previous, story, analysis))
    return Prepared(analysis, words, estimate, layout)


def check_claim(story: Story, claim: str) -> None:
    """Raise :class:`~provenance.errors.ProvenanceError` unless ``claim`` is a claim of
    the story (or one its reports mention)."""
    known = [c.id for c in story.claims]
    if claim in known or any(m.claim == claim for r in story.reports for m in r.claims):
        return
    listed = ", ".join(f'"{c}"' for c in known[:12]) or "none"
    more = f" and {len(known) - 12} more" if len(known) > 12 else ""
    raise ProvenanceError(f'unknown claim "{claim}": the story\'s claims are {listed}{more}')


def describe(story: Story, analysis: Analysis | None = None, *, layout: Layout | None = None,
             claim: str | None = None, estimate: LinkDrift | None = _COMPUTE) -> Picture:
    """The picture of a story: what every painter draws.

    Parameters
    ----------
    story : Story
    analysis : Analysis, optional
        Its analysis; computed when not given.
    layout : Layout, optional
        Where cards and links go (:func:`~provenance.drawing.layout.layout_story`): then
        only what it places is described, each card with its box and each link with its
        route. Without it every report and link is described, unplaced.
    claim : str, optional
        A claim lens: cards by their stance on the claim and their role; only that
        claim's distortions and marks.
    estimate : LinkDrift or None, optional
        The likely point from the words (:func:`estimated_point`), where the caller
        has it; worked out when not given. Never drawn in a claim lens.

    Raises
    ------
    ProvenanceError
        If ``claim`` is not a claim of the story.
    """
    if claim is not None:
        check_claim(story, claim)
    if analysis is None:
        analysis = analyze(story)
    boxes = layout.cards if layout is not None else None
    present = boxes if boxes is not None else {r.id: None for r in story.reports}
    distortions = [d for d in analysis.distortions
                   if d.report in present and (claim is None or d.claim == claim)]
    point = analysis.point_of_distortion
    if point is not None and (point.report not in present
                              or (claim is not None and point.claim != claim)):
        point = None
    if claim is not None:
        estimate = None
    elif estimate is _COMPUTE:
        estimate = estimated_point(story, analysis)
    if estimate is not None and estimate.target not in present:
        estimate = None
    marked = point.report if point is not None else (
        estimate.target if estimate is not None else None)
    planted = tuple(r for r in planted_reports(distortions) if r in present)
    distorted = {d.report for d in distortions}
    looks = card_looks(story, analysis, claim)
    focus = focus_claim(analysis, claim)
    framed = set(planted) - {marked}
    cards: dict[str, CardView] = {}
    for report in story.reports:
        if report.id in cards or report.id not in present:
            continue
        ring = None
        if report.id == marked:
            ring = "point" if point is not None else "estimate"
        cards[report.id] = CardView(
            report.id, clip(actor_name(story, report.actor)), card_detail(report),
            clip(report.title) if report.title else "",
            report_stance_line(report, focus) if focus is not None else None,
            looks[report.id],
            _actor_kind(story, report.actor), ring, report.id in framed,
            report.id in distorted, report.genre is Genre.SATIRE,
            boxes[report.id] if boxes is not None else None)
    changes = {key: lines for key, lines in link_changes(analysis, claim, estimate,
                                                         story=story).items()
               if key[1] in present}
    named = {key: lines for key, lines in link_changes(analysis, claim, estimate,
                                                       name_claims=True, story=story).items()
             if key[1] in present}
    # In a claim lens, links not between two reports carrying the claim step back.
    carrying = ({rid for rid, look in looks.items() if look.legend}
                if claim is not None else None)
    links = _links(story, layout, present, changes, named, carrying)
    texts = [point_caption(story, analysis, estimate)]
    if claim is not None:
        texts.insert(0, lens_caption(story, claim, len(distortions)))
    legend = legend_entries(story, analysis, claim, estimate=estimate, looks=looks)
    return Picture(claim, clip(story.title) or "Untitled story", tuple(texts), cards,
                   tuple(links), tuple(legend), marked, planted, estimate if point is None
                   else None, story, analysis, layout)


def _links(story: Story, layout: Layout | None, present: Mapping[str, Any],
           changes: Mapping[tuple[str, str], tuple[str, ...]],
           named: Mapping[tuple[str, str], tuple[str, ...]],
           carrying: set[str] | None = None) -> list[LinkView]:
    """Every drawn link's view; one link of each pair carries the pair's label."""
    if layout is not None:
        drawn: list[tuple[int, Route | None]] = [(r.link, r) for r in layout.routes]
    else:
        drawn = [(k, None) for k, link in enumerate(story.links)
                 if link.source in present and link.target in present]
    carrier = answering_links(story, (k for k, _ in drawn))
    relations: dict[tuple[str, str], list[str]] = {}
    for k, _ in drawn:
        link = story.links[k]
        key = (link.source, link.target)
        text = style.RELATION_STYLES[link.relation].label
        if link.confidence < 1:
            text += f" · {link.confidence:.2g}"
        names = relations.setdefault(key, [])
        if text not in names:
            names.append(text)
    out = []
    for k, route in drawn:
        link = story.links[k]
        key = (link.source, link.target)
        look = style.RELATION_STYLES[link.relation]
        transmits = link.relation in TRANSMITTING
        written = changes.get(key, ()) if transmits else ()
        label = carrier[key] == k
        alpha = style.link_alpha(link.confidence)
        if carrying is not None and not written and not (
                link.source in carrying and link.target in carrying):
            alpha *= LENS_FADE
        out.append(LinkView(
            k, link.source, link.target, link.relation, link.confidence,
            style.DISTORTION_COLOR if written else look.color,
            DISTORTION_LINK_WIDTH if written else look.width, look.dashed and not written,
            alpha, written, named.get(key, ()) if transmits else (),
            label, tuple(relations[key]) if label else (), route))
    return out


#: Width of the links a distortion drew on, whatever their relation.
DISTORTION_LINK_WIDTH = 2.4
#: In a claim lens, the opacity of a link between reports not both carrying the claim.
LENS_FADE = 0.35


def skeleton(picture: Picture) -> tuple[list[str], list[LinkView], dict[str, int]]:
    """What a picture's distortion skeleton shows, in story order: the point of
    distortion, its sources, where its claim was planted, the reports that rebut a
    claim, and every other distortion with its sources; the links between them; and
    for each distortion the number of reports that repeat it faithfully (its reach).

    Returns
    -------
    The shown reports' ids, their links, and report id -> reach to count.
    """
    analysis = picture.analysis
    keep: set[str] = set(analysis.planted)
    for distortion in analysis.distortions:
        keep.add(distortion.report)
        keep.update(distortion.sources)
    for findings in analysis.claims.values():
        keep.update(findings.rebuttals)
    shown = [rid for rid in picture.cards if rid in keep]
    kept = [link for link in picture.links if link.source in keep and link.target in keep]
    groups: dict[str, int] = {}
    for distortion in analysis.distortions:
        if distortion.reach:
            groups[distortion.report] = max(groups.get(distortion.report, 0),
                                            len(distortion.reach))
    return shown, kept, groups


# --------------------------------------------------------------------------- #
# What an edit changed in a picture.

@attrs.frozen
class PictureChanges:
    """What differs between two pictures of a story (:func:`picture_changes`): what a
    painter that keeps its items (the viewer, after an edit) must add, remove or redraw.

    Cards are matched by report id. Links are matched by what they join: the n-th link
    from one report to another is the same link in both pictures (so removing a link
    earlier in ``story.links`` does not make the later ones new).
    """

    #: Reports whose card is only in the new picture, in its order.
    added: tuple[str, ...]
    #: Reports whose card is only in the old picture, in its order.
    removed: tuple[str, ...]
    #: Reports whose card is in both but reads, looks or sits differently: its lines,
    #: stance line, look, marks or box. In the new picture's order.
    changed: tuple[str, ...]
    #: For each link of the new picture (by position in ``links``), the position of the
    #: same link in the old picture's ``links``; None for a new link.
    links_from: tuple[int | None, ...]
    #: Positions in the new picture's ``links`` of the links in both pictures that are
    #: drawn differently (style, changes written on them, label, route).
    links_changed: tuple[int, ...]
    #: Those of ``links_changed`` whose route moved.
    links_rerouted: tuple[int, ...]
    #: Positions in the old picture's ``links`` of the links that are gone.
    links_removed: tuple[int, ...]
    #: The ring or the planted frames moved (``marked``, ``planted``, ``estimate``).
    marks: bool
    #: The legend differs.
    legend: bool
    #: The title or the caption differs.
    caption: bool

    @property
    def unchanged(self) -> bool:
        """True when the two pictures draw the same."""
        return not (self.added or self.removed or self.changed or self.links_changed
                    or self.links_removed or None in self.links_from or self.marks
                    or self.legend or self.caption)


def _place(card: CardView) -> tuple[float, float, float, float] | None:
    box = card.box
    return None if box is None else (box.x, box.y, box.width, box.height)


def _same_route(old: LinkView, new: LinkView) -> bool:
    if old.route is new.route:
        return True
    if old.route is None or new.route is None:
        return False
    return old.route.points == new.route.points


#: The fields that say how a link is drawn (all but its index in ``story.links``).
_LINK_FACE = tuple(field.name for field in attrs.fields(LinkView)
                   if field.eq and field.name != "index")


def _same_link_face(old: LinkView, new: LinkView) -> bool:
    if old.index == new.index:
        return old == new
    return all(getattr(old, name) == getattr(new, name) for name in _LINK_FACE)


def _link_keys(links: tuple[LinkView, ...]) -> list[tuple[str, str, int]]:
    """Each link's identity across edits: its ends and how many links before it join
    the same two reports."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for link in links:
        source, target = link.source, link.target
        n = seen.get((source, target), 0)
        seen[source, target] = n + 1
        keys.append((source, target, n))
    return keys


def picture_changes(old: Picture, new: Picture) -> PictureChanges:
    """What a painter showing ``old`` must change to show ``new`` (both pictures of a
    story, before and after an edit, or through two lenses).

    >>> from provenance.model import Actor, Claim, ClaimMention, Link, Report, Stance, Story
    >>> def story_with(stance):  # r1 implies a claim, r2 repeats it with ``stance``
    ...     return Story("Two", actors=[Actor("a", "A")], claims=[Claim("c", "C")],
    ...                  reports=[Report("r1", "a", claims=[ClaimMention("c", Stance.IMPLIES)]),
    ...                           Report("r2", "a", claims=[ClaimMention("c", stance)])],
    ...                  links=[Link("r1", "r2")])
    >>> story, edited = story_with(Stance.IMPLIES), story_with(Stance.ASSERTS)
    >>> before = prepare(story)
    >>> after = prepare(edited, previous=before.layout)
    >>> changes = picture_changes(describe(story, layout=before.layout),
    ...                           describe(edited, after.analysis, layout=after.layout))
    >>> changes.changed, changes.links_changed, changes.marks  # r1 shows its stance now
    (('r1', 'r2'), (0,), True)
    >>> after_again = prepare(edited, after.analysis, previous=after.layout)
    >>> picture_changes(describe(edited, after.analysis, layout=after.layout),
    ...                 describe(edited, after.analysis, layout=after_again.layout)).unchanged
    True
    """
    old_cards, new_cards = old.cards, new.cards
    added, changed = [], []
    for rid, card in new_cards.items():
        before = old_cards.get(rid)
        if before is None:
            added.append(rid)
        elif before is not card and (before != card or _place(before) != _place(card)):
            changed.append(rid)
    removed = tuple(rid for rid in old_cards if rid not in new_cards)
    old_at = {key: at for at, key in enumerate(_link_keys(old.links))}
    links_from: list[int | None] = []
    links_changed, links_rerouted = [], []
    for at, key in enumerate(_link_keys(new.links)):
        was = old_at.pop(key, None)
        links_from.append(was)
        if was is None:
            continue
        before_link, link = old.links[was], new.links[at]
        if before_link is link:
            continue
        rerouted = not _same_route(before_link, link)
        if rerouted or not _same_link_face(before_link, link):
            links_changed.append(at)
            if rerouted:
                links_rerouted.append(at)
    marks = (old.marked != new.marked or old.planted != new.planted
             or old.estimate != new.estimate)
    return PictureChanges(
        tuple(added), removed, tuple(changed), tuple(links_from), tuple(links_changed),
        tuple(links_rerouted), tuple(sorted(old_at.values())), marks,
        old.legend != new.legend, (old.title, old.caption) != (new.title, new.caption))
