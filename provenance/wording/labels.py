"""The short texts a picture writes: what changed along a link, a card's stance line,
the text estimate's label, the diagram's captions.
"""

from __future__ import annotations

from ..analysis import Analysis, Distortion, Role
from ..drift.estimate import LinkDrift, SuggestedMention
from ..drift.strength import STRENGTH_NAMES
from ..model import Part, Report, Stance, Story
from .account import no_point_summary
from .names import actor_name, claim_text, clip, kind_names


def change_label(distortion: Distortion) -> str:
    """A distortion's change in a few words, as written on its links: its
    :func:`change_lines`, one per line.

    >>> from provenance.model import Stance
    >>> change_label(Distortion("r", "c", (Role.INFLATED,), Stance.IMPLIES, Stance.ASSERTS,
    ...                         (), ()))
    'implies → asserts'
    """
    return "\n".join(change_lines(distortion))


def changes_along(story: Story, analysis: Analysis, source: str, target: str,
                  estimate: LinkDrift | None = None) -> tuple[str, ...]:
    """The distortions made along the link ``source → target``, one line each, with
    the claim's text: "“Coffee protects…”: implies → asserts (inflated)"; and a line
    when it is the likely point ``estimate`` (:func:`estimated_point`) names."""
    claims = {c.id: c.text for c in story.claims}
    out = []
    for d in analysis.distortions:
        if d.report == target and source in d.sources:
            kinds = kind_names(d.kinds)
            change = change_label(d).replace("\n", ", ")
            also = f" ({kinds})" if kinds != change else ""
            out.append(f"“{claims.get(d.claim, d.claim)}”: {change}{also}")
    if estimate is not None and (estimate.source, estimate.target) == (source, target):
        out.append("the likely point of distortion, estimated from the words "
                   "(see Text drift; no claims are annotated to check it)")
    return tuple(out)


def link_changes(analysis: Analysis, claim: str | None = None,
                 estimate: LinkDrift | None = None, *, name_claims: bool = False,
                 story: Story | None = None) -> dict[tuple[str, str], tuple[str, ...]]:
    """The changes to write on each link ``(source, target)``: one per distinct
    change made along it (the point of distortion's first), each as its
    :func:`change_lines` joined by line breaks, for every claim or one. With
    ``name_claims``, each names its claim when changes of several claims are written.
    With every claim, ``estimate`` (:func:`estimated_point`) adds the change its
    words made, marked "(from text)". ``story`` gives a dropped qualifier's words
    ("dropped: in mice"; its id without it).

    Every picture (the diagram, the viewer, DOT and Mermaid) writes these.
    """
    point = analysis.point_of_distortion
    out: dict[tuple[str, str], list[str]] = {}
    chosen = [d for d in analysis.distortions if claim is None or d.claim == claim]
    several = name_claims and len({d.claim for d in chosen}) > 1
    for d in sorted(chosen, key=lambda d: d != point):
        change = "\n".join(change_lines(d, several, story=story))
        for source in d.sources:
            lines = out.setdefault((source, d.report), [])
            if change not in lines:
                lines.append(change)
    if estimate is not None and claim is None:
        before, after = drift_label(estimate).split(" → ")
        out[(estimate.source, estimate.target)] = [f"{before} →\n{after}\n(from text)"]
    return {key: tuple(lines) for key, lines in out.items()}


def drift_label(item: LinkDrift) -> str:
    """The change a link's words made, as written on the link: "correlational → causal"."""
    d = item.drift
    return f"{STRENGTH_NAMES[d.source_strength]} → {STRENGTH_NAMES[d.target_strength]}"


#: Which of a report's roles for a claim its card shows, most telling first.


def stance_line(story: Story, report_id: str, claim: str | None) -> str | None:
    """A card's line for the focus claim: "coalition-jets: attributes, denies" (its
    affirmative stances first, a headline's before them as "headline: asserts"; a hedged
    denial as "denies (hedged)", a denial that the holder said it as "denies
    attribution"), or None when the report does not mention it."""
    if claim is None:
        return None
    return report_stance_line(story.report(report_id), claim)


def report_stance_line(report: Report, claim: str) -> str | None:
    """:func:`stance_line` of a report at hand."""
    mentions = [m for m in report.claims if m.claim == claim]
    if not mentions:
        return None
    if len(mentions) > 1:
        mentions.sort(key=lambda m: (m.part is not Part.HEADLINE, m.stance is Stance.DENIES))
    stances = []
    for m in mentions:
        word = m.stance.value
        if m.disputes_attribution:
            word = "denies attribution"
        elif m.stance is Stance.DENIES and m.hedged:
            word = "denies (hedged)"
        stances.append(f"headline: {word}" if m.part is Part.HEADLINE else word)
    return f"{claim}: {', '.join(dict.fromkeys(stances))}" if stances else None


#: The version 2 kinds, each written on its own line by :func:`change_lines`.
_OWN_LINE = (Role.SATIRE_AS_FACT, Role.HEADLINE_OVERSTATES, Role.CONTEXT_DROPPED)
#: The most characters of a dropped qualifier written on a link.
DROPPED_CHARS = 30


def change_lines(distortion: Distortion, with_claim: bool = False, *,
                 story: Story | None = None) -> tuple[str, ...]:
    """What a distortion did, in the picture's words: ``implies → attributes``, ``invented``
    (the one wording of a change; ``with_claim`` puts the claim's id before it).
    Version 2: ``satire taken as fact``, ``attributes → asserts`` over ``in the
    headline``, ``dropped: in mice`` (the qualifier's words, clipped, from ``story``;
    its id without it), ``hedged → firm denial``.

    >>> from provenance.analysis import Role
    >>> from provenance.model import Stance
    >>> d = Distortion("r", "c", (Role.INFLATED, Role.MISATTRIBUTED), Stance.IMPLIES,
    ...                Stance.ATTRIBUTES, (), ())
    >>> change_lines(d, False), change_lines(d, True)[0]
    (('implies → attributes', 'misattributed'), 'c: implies → attributes')
    >>> change_lines(Distortion("r", "c", (Role.HEADLINE_OVERSTATES,), Stance.ATTRIBUTES,
    ...                         Stance.ASSERTS, (), ()))
    ('attributes → asserts', 'in the headline')
    """
    kinds = [kind for kind in distortion.kinds if kind not in _OWN_LINE]
    headline = (Role.HEADLINE_OVERSTATES in distortion.kinds
                or distortion.part is Part.HEADLINE)
    changed = distortion.before is not None and distortion.before is not distortion.after
    lines: tuple[str, ...] = ()
    if Role.INVENTED in kinds:
        lines = ("invented",)
    elif (Role.INFLATED in kinds and distortion.before is Stance.DENIES
          and distortion.after is Stance.DENIES):  # a denial made firm: the doubt dropped
        lines = ("hedged → firm denial",)
    elif changed and (kinds or Role.HEADLINE_OVERSTATES in distortion.kinds):
        assert distortion.before is not None
        lines = (f"{distortion.before.value} → {distortion.after.value}",)
        if Role.MISATTRIBUTED in kinds:
            lines += ("misattributed",)
        if headline:
            lines += ("in the headline",)
    elif kinds:
        lines = (kind_names(kinds),)
    if Role.HEADLINE_OVERSTATES in distortion.kinds and not changed:
        lines += (f"not in body → {distortion.after.value}", "in the headline")
    if Role.SATIRE_AS_FACT in distortion.kinds:
        lines += ("satire taken as fact",)
    if Role.CONTEXT_DROPPED in distortion.kinds:
        words = distortion.dropped or "context"
        if story is not None and distortion.dropped is not None:
            try:
                words = story.claim(distortion.dropped).text
            except KeyError:  # a hand-built story: its id is all there is
                words = distortion.dropped
        prefix = "headline dropped" if headline else "dropped"
        lines += (f"{prefix}: {clip(words, DROPPED_CHARS)}",)
    if not lines:
        lines = (kind_names(distortion.kinds),)
    if with_claim:
        lines = (f"{distortion.claim}: {lines[0]}", *lines[1:])
    return lines


def _who(story: Story, report_id: str) -> str:
    try:
        report = story.report(report_id)
    except KeyError:
        return report_id
    return f"{clip(actor_name(story, report.actor))} ({report.kind.value.replace('_', ' ')})"


def point_caption(story: Story, analysis: Analysis, estimate: LinkDrift | None = None) -> str:
    """A picture's caption: the point of distortion in one sentence, or the likely
    point ``estimate`` names (from the words), or why there is none.

    >>> from provenance.model import Story
    >>> from provenance.analysis import analyze
    >>> point_caption(Story("Nothing here"), analyze(Story("Nothing here")))
    'No distortion found'
    """
    point = analysis.point_of_distortion
    if point is None and estimate is not None:
        later = estimate.downstream
        before, after = drift_label(estimate).split(" → ")
        return (f"Likely point of distortion, estimated from the words (check it): "
                f"{_who(story, estimate.target)} turned the {before} wording of "
                f"{_who(story, estimate.source)} into {after} wording — "
                f"{later} later report{'s' if later != 1 else ''} drew on it")
    if point is None:
        return no_point_summary(analysis)
    claim = claim_text(story, point.claim, 48)
    if Role.INVENTED in point.kinds:
        change = f'invented "{claim}" ({point.after.value})'
    elif point.before is not None and point.before is not point.after:
        change = f'turned "{point.before.value}" into "{point.after.value}" for "{claim}"'
    elif Role.MISATTRIBUTED in point.kinds:
        change = f'misattributed "{claim}" to {clip(actor_name(story, point.holder))}'
    else:
        change = f'changed "{claim}" ({kind_names(point.kinds)})'
    count = len(point.reach)
    reach = (f"repeated by {count} report{'s' if count != 1 else ''}" if count
             else "repeated by no later report")
    planted = ""
    if point.planted:
        planted = "; planted by " + ", ".join(_who(story, r) for r in point.planted[:2])
    return f"Point of distortion: {_who(story, point.report)} {change} — {reach}{planted}"


def lens_caption(story: Story, claim: str, distortions: int) -> str:
    """The caption's first line in a claim lens: the claim, and how often it was distorted."""
    return (f'Claim lens: "{claim_text(story, claim, 90)}" — '
            f"{distortions} distortion{'s' if distortions != 1 else ''} of it")


def suggestion_text(story: Story, suggestion: SuggestedMention) -> str:
    """A suggested claim mention as the editor offers it: the stance, the claim's words,
    the quote found in the report, and why.

    >>> from provenance.model import Claim, Stance, Story
    >>> story = Story("S", claims=[Claim("c", "Coffee protects the liver")])
    >>> s = SuggestedMention("r", "c", Stance.ASSERTS, "coffee protects", 0.5, "claim words")
    >>> suggestion_text(story, s)
    'asserts “Coffee protects the liver”: “coffee protects” (claim words)'
    """
    return (f"{suggestion.stance.value} “{claim_text(story, suggestion.claim, 80)}”: "
            f"“{clip(suggestion.quote, 160)}” ({suggestion.reason})")

