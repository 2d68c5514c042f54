"""What a picture of a story shows: cards with their lines and looks, link styles,
marks and the legend, described once for every painter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..analysis import DISTORTION_ROLES, Analysis, Role, planted_reports
from ..drift.estimate import LinkDrift, TextEstimate, estimate_point, needs_text_estimate
from ..errors import ProvenanceError
from ..files._flat import _actor_of, _Marks
from ..model import STANCE_STRENGTH, TRANSMITTING, ActorKind, Relation, Report, Stance, Story
from ..wording import link_changes
from ..wording import one_line as _one_line
from . import style
from .style import (
    DISTORTION_COLOR,
    PLANTED_COLOR,
    POINT_COLOR,
    link_alpha,
)


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




ROLE_ORDER = (Role.INVENTED, Role.FLIPPED, Role.INFLATED, Role.MISATTRIBUTED, Role.CIRCULAR,
              Role.ORIGIN, Role.FAITHFUL)


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
    carry the claim); distorting reports bordered in the distortion colour.

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
                   estimate: LinkDrift | None = _COMPUTE) -> list[LegendEntry]:
    """What a drawing of the story needs explained, in order: fills, links, marks.

    Only what the story shows is listed (an actor kind no report has is left out).
    ``estimate`` is :func:`estimated_point`'s answer where the caller has it already.
    """
    entries: list[LegendEntry] = []
    looks = card_looks(story, analysis, claim)
    if claim is None:
        kinds = {_actor_kind(story, r.actor) for r in story.reports}
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




def _card(story: Story, report: Report, marks: _Marks) -> list[str]:
    """The lines of a report's card in a picture, as in the matplotlib drawing."""
    actor = _actor_of(story, report)
    detail = report.kind.value.replace("_", " ")
    if report.published is not None:
        detail += f" · {report.published.text}"
    lines = [
        _one_line(actor.name if actor is not None else report.actor, 60),
        f"{detail} [{_one_line(report.id, 60)}]",
    ]
    if report.title:
        lines.append(_one_line(report.title, 60))
    if report.id == marks.point:
        lines.append("point of distortion")
    elif report.id in marks.planted:
        lines.append("planted here")
    return lines


@attrs.frozen
class _Border:
    """How a card shows a finding about its report."""

    color: str
    width: float
    dashed: bool = False


#: Card borders by finding, the most specific first: a card shows the first that
#: applies. (Where a claim was planted is itself a distortion; its red link shows that.)
_BORDERS: Mapping[str, _Border] = {
    "point": _Border(POINT_COLOR, 4.0),
    "planted": _Border(PLANTED_COLOR, 2.4, dashed=True),
    "distortion": _Border(DISTORTION_COLOR, 2.4),
}
#: Width of the links a distortion drew on, whatever their relation.
_DISTORTION_LINK_WIDTH = 2.4


def _finding(report_id: str, marks: _Marks) -> str | None:
    """The strongest finding about a report (a key of ``_BORDERS``), if any."""
    for name, found in (
        ("point", report_id == marks.point),
        ("planted", report_id in marks.planted),
        ("distortion", report_id in marks.distorted),
    ):
        if found:
            return name
    return None


def _faded(color: str, confidence: float) -> str:
    """``#RRGGBB`` with the link's opacity as ``#RRGGBBAA`` when it is below 1."""
    alpha = link_alpha(confidence)
    return color if alpha >= 1.0 else f"{color}{round(alpha * 255):02X}"

