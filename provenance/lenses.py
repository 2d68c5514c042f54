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

from collections.abc import Mapping

import attrs

from .analysis import Analysis, Distortion, Role
from .errors import ProvenanceError
from .estimate import LinkDrift, estimate_point, needs_text_estimate
from .layout import Layout
from .model import STANCE_STRENGTH, PublicationTime, Stance, Story
from .textdrift import STRENGTH_NAMES

__all__ = ["Lineage", "lineage", "ClaimView", "claim_lens", "search_reports", "timeline",
           "published_after", "neighbours", "step", "change_label", "link_changes",
           "estimated_point", "drift_label"]


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


def link_changes(analysis: Analysis, claim: str | None = None
                 ) -> dict[tuple[str, str], tuple[str, ...]]:
    """The changes to write on each link ``(source, target)``: one line per distinct
    change made along it (the point of distortion's first), for every claim or one.

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
    return {key: tuple(lines) for key, lines in out.items()}


def estimated_point(story: Story, analysis: Analysis) -> LinkDrift | None:
    """The likely point of distortion estimated from the words, for a story that has
    texts but no claim annotations (None when the analysis proper has a point, or
    the words show no link that exaggerates).

    The diagram's caption and the viewer name it, marked as an estimate.
    """
    if analysis.point_of_distortion is not None or not needs_text_estimate(story):
        return None
    return estimate_point(story).point


def drift_label(item: LinkDrift) -> str:
    """The change a link's words made, as written on the link: "correlational → causal"."""
    d = item.drift
    return f"{STRENGTH_NAMES[d.source_strength]} → {STRENGTH_NAMES[d.target_strength]}"
