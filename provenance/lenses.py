"""Questions a reader asks of one story: lineage, claim lens, search, timeline.

These are the computations behind the viewer's lenses, kept in the library so
that they are tested here and the viewer only draws their answers.

Examples
--------
>>> from provenance.model import Story, Actor, Report, Link
>>> story = Story("S", actors=[Actor("a", "Agency")],
...               reports=[Report("r1", "a"), Report("r2", "a"), Report("r3", "a")],
...               links=[Link("r1", "r2"), Link("r2", "r3")])
>>> lin = lineage(story, "r2")
>>> sorted(lin.ancestors), sorted(lin.descendants)
(['r1'], ['r3'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import style
from .analysis import DISTORTION_ROLES, Analysis, Distortion, Role, planted_reports
from .errors import ProvenanceError
from .estimate import LinkDrift, TextEstimate, estimate_point, needs_text_estimate
from .layout import Layout
from .model import (
    STANCE_STRENGTH,
    TRANSMITTING,
    ActorKind,
    PublicationTime,
    Relation,
    Stance,
    Story,
)
from .textdrift import STRENGTH_NAMES

__all__ = ["Lineage", "lineage", "ClaimView", "claim_lens", "search_reports", "timeline",
           "published_after", "neighbours", "step", "change_label", "changes_along", "link_changes",
           "estimated_point", "drift_label", "ROLE_ORDER", "main_role", "CardLook",
           "card_looks", "LegendEntry", "legend_entries", "time_text", "focus_claim",
           "stance_line"]


@attrs.frozen
class Lineage:
    """How a report got here (ancestors) and where it went (descendants), along any link."""

    report: str
    ancestors: frozenset[str]
    descendants: frozenset[str]

    @property
    def related(self) -> frozenset[str]:
        """The report itself with its ancestors and descendants."""
        return self.ancestors | self.descendants | {self.report}


def _walk(start: str, step: Mapping[str, list[str]]) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(step.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(step.get(node, ()))
    seen.discard(start)
    return frozenset(seen)


def lineage(story: Story, report_id: str) -> Lineage:
    """Every report upstream and downstream of ``report_id`` (cycles are fine).

    Raises
    ------
    ProvenanceError
        If the story has no such report.
    """
    if report_id not in {r.id for r in story.reports}:
        raise ProvenanceError(f'the story has no report "{report_id}"')
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for link in story.links:
        forward.setdefault(link.source, []).append(link.target)
        backward.setdefault(link.target, []).append(link.source)
    return Lineage(report_id, _walk(report_id, backward), _walk(report_id, forward))


def neighbours(story: Story, report_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The reports a report drew on, and those that drew on it (story order)."""
    sources = tuple(k.source for k in story.links if k.target == report_id)
    targets = tuple(k.target for k in story.links if k.source == report_id)
    return sources, targets


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


def search_reports(story: Story, query: str) -> tuple[str, ...]:
    """Reports whose id, actor name, title or text contains every word of ``query``.

    Case-insensitive; an empty query finds nothing.

    >>> from provenance.model import Story, Actor, Report
    >>> story = Story("S", actors=[Actor("ap", "Associated Press")],
    ...               reports=[Report("t", "ap", title="Joint strike"), Report("u", "ap")])
    >>> search_reports(story, "associated STRIKE")
    ('t',)
    """
    words = query.casefold().split()
    if not words:
        return ()
    names = {a.id: a.name for a in story.actors}
    found = []
    for report in story.reports:
        haystack = " ".join(filter(None, (
            report.id, names.get(report.actor, report.actor), report.title, report.text,
            *(m.quote for m in report.claims if m.quote),
        ))).casefold()
        if all(word in haystack for word in words):
            found.append(report.id)
    return tuple(found)


_ZONE = re.compile(r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)$")


def time_text(time: PublicationTime) -> str:
    """A publication time as people read it: the date, or the date, hour and offset.

    >>> from provenance.model import PublicationTime
    >>> time_text(PublicationTime.parse("2017-01-23T12:00:00+03:00"))
    '2017-01-23 12:00 +03:00'
    >>> time_text(PublicationTime.parse("2017-01-23T12:00Z"))
    '2017-01-23 12:00 Z'
    >>> time_text(PublicationTime.parse("2017-01-23T12:00:30"))
    '2017-01-23 12:00:30'
    >>> time_text(PublicationTime.parse("2017-01"))
    '2017-01'
    """
    text = time.text
    if not time.has_time:
        return text
    found = _ZONE.search(text, 16)
    zone = found.group() if found else ""
    clock = text[11:found.start() if found else len(text)]
    seconds = clock[5:8] if len(clock) >= 8 else ""
    shown = clock[:5] + (seconds if seconds not in ("", ":00") else "")
    return f"{text[:10]} {shown}{' ' + zone if zone else ''}"


def timeline(story: Story) -> tuple[PublicationTime, ...]:
    """The distinct publication times of the story, earliest first."""
    times = {r.published.text: r.published for r in story.reports if r.published is not None}
    return tuple(sorted(times.values(), key=lambda t: (t.sort_key, t.text)))


def published_after(story: Story, moment: PublicationTime) -> frozenset[str]:
    """Reports published after ``moment`` (undated reports are never counted as after)."""
    return frozenset(
        r.id for r in story.reports
        if r.published is not None and r.published.sort_key > moment.sort_key
    )


def step(story: Story, layout: Layout, report_id: str, direction: str) -> str | None:
    """The report one key press away: along a link (``right`` to a report that drew on
    this one, ``left`` to a source) or within the same column (``up``, ``down``).

    Among several candidates the one nearest in height is chosen; None when there is
    nowhere to go.
    """
    here = layout.cards[report_id]
    y = here.y + here.height / 2
    if direction in ("left", "right"):
        sources, targets = neighbours(story, report_id)
        options = [r for r in (targets if direction == "right" else sources)
                   if r in layout.cards and r != report_id]
        if not options:
            return None
        return min(options, key=lambda r: (abs(layout.cards[r].y + layout.cards[r].height / 2
                                               - y), layout.cards[r].x, r))
    if direction in ("up", "down"):
        column = sorted((c for c in layout.cards.values() if c.layer == here.layer),
                        key=lambda c: (c.y, c.report))
        at = [c.report for c in column].index(report_id)
        at += -1 if direction == "up" else 1
        return column[at].report if 0 <= at < len(column) else None
    raise ValueError(f"direction must be left, right, up or down, not {direction!r}")


def change_label(distortion: Distortion) -> str:
    """A distortion's change in a few words, as written on its links.

    >>> from provenance.model import Stance
    >>> change_label(Distortion("r", "c", (Role.INFLATED,), Stance.IMPLIES, Stance.ASSERTS,
    ...                         (), ()))
    'implies → asserts'
    """
    if Role.INVENTED in distortion.kinds:
        return "invented"
    if distortion.before is not None and distortion.before is not distortion.after:
        change = f"{distortion.before.value} → {distortion.after.value}"
        return change + ("\nmisattributed" if Role.MISATTRIBUTED in distortion.kinds else "")
    return ", ".join(k.value for k in distortion.kinds)


def changes_along(story: Story, analysis: Analysis, source: str, target: str,
                  estimate: LinkDrift | None = None) -> tuple[str, ...]:
    """The distortions made along the link ``source → target``, one line each, with
    the claim's text: "“Coffee protects…”: implies → asserts (inflated)"; and a line
    when it is the likely point ``estimate`` (:func:`estimated_point`) names."""
    claims = {c.id: c.text for c in story.claims}
    out = []
    for d in analysis.distortions:
        if d.report == target and source in d.sources:
            kinds = ", ".join(k.value for k in d.kinds)
            change = change_label(d).replace("\n", ", ")
            also = f" ({kinds})" if kinds != change else ""
            out.append(f"“{claims.get(d.claim, d.claim)}”: {change}{also}")
    if estimate is not None and (estimate.source, estimate.target) == (source, target):
        out.append("the likely point of distortion, estimated from the words "
                   "(see Text drift; no claims are annotated to check it)")
    return tuple(out)


def link_changes(analysis: Analysis, claim: str | None = None,
                 estimate: LinkDrift | None = None) -> dict[tuple[str, str], tuple[str, ...]]:
    """The changes to write on each link ``(source, target)``: one line per distinct
    change made along it (the point of distortion's first), for every claim or one;
    with every claim, ``estimate`` (:func:`estimated_point`) adds the change its
    words made, marked "(from text)".

    The diagram and the viewer both write these, so the two say the same thing.
    """
    point = analysis.point_of_distortion
    out: dict[tuple[str, str], list[str]] = {}
    chosen = [d for d in analysis.distortions if claim is None or d.claim == claim]
    for d in sorted(chosen, key=lambda d: d != point):
        change = change_label(d)
        for source in d.sources:
            lines = out.setdefault((source, d.report), [])
            if change not in lines:
                lines.append(change)
    if estimate is not None and claim is None:
        before, after = drift_label(estimate).split(" → ")
        out[(estimate.source, estimate.target)] = [f"{before} →\n{after}\n(from text)"]
    return {key: tuple(lines) for key, lines in out.items()}


def estimated_point(story: Story, analysis: Analysis,
                    estimate: TextEstimate | None = None) -> LinkDrift | None:
    """The likely point of distortion estimated from the words, for a story that has
    texts but no claim annotations (None when the analysis proper has a point, or
    the words show no link that exaggerates). ``estimate`` is
    :func:`~provenance.estimate.estimate_point`'s answer where the caller has it.

    The diagram's caption and the viewer name it, marked as an estimate.
    """
    if analysis.point_of_distortion is not None or not needs_text_estimate(story):
        return None
    return (estimate if estimate is not None else estimate_point(story)).point


def drift_label(item: LinkDrift) -> str:
    """The change a link's words made, as written on the link: "correlational → causal"."""
    d = item.drift
    return f"{STRENGTH_NAMES[d.source_strength]} → {STRENGTH_NAMES[d.target_strength]}"


#: Which of a report's roles for a claim its card shows, most telling first.
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


def stance_line(story: Story, report_id: str, claim: str | None) -> str | None:
    """A card's line for the focus claim: "coalition-jets: attributes, denies" (its
    affirmative stances first), or None when the report does not mention it."""
    if claim is None:
        return None
    stances = [m.stance.value for m in sorted(
        (m for m in story.report(report_id).claims if m.claim == claim),
        key=lambda m: m.stance is Stance.DENIES)]
    return f"{claim}: {', '.join(dict.fromkeys(stances))}" if stances else None
