"""Estimates from the words alone, for stories that have texts but no claim annotations.

:func:`text_drift_links` compares the texts at the two ends of every transmitting
link whose ends carry no claim annotations; :func:`estimate_point` ranks those
links and names the most likely point of distortion, clearly marked as an
estimate; :func:`suggest_mentions` proposes claim mentions for a person to review.
Annotated claims always take precedence: the analysis proper never uses these.

Examples
--------
>>> from provenance.model import Story, Actor, Report, Link
>>> story = Story("S", actors=[Actor("j", "Journal"), Actor("p", "Press office")],
...     reports=[Report("paper", "j", text="Coffee may be linked to lower liver disease risk."),
...              Report("release", "p", text="Coffee prevents liver disease.")],
...     links=[Link("paper", "release")])
>>> estimate = estimate_point(story)
>>> estimate.point.target, estimate.point.drift.label
('release', 'exaggerates')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import attrs

from ..model import TRANSMITTING, ClaimMention, Report, Stance, Story
from .compare import Drift, drift
from .cues import find_cues
from .strength import STRENGTH_NAMES, claim_strength

__all__ = ["LinkDrift", "TextEstimate", "text_drift_links", "estimate_point", "incomparable",
           "needs_text_estimate", "has_unannotated_text_links", "SuggestedMention",
           "suggest_mentions", "apply_suggestions"]


@attrs.frozen
class LinkDrift:
    """The drift from a link's source text to its target text."""

    source: str
    target: str
    drift: Drift
    #: How many later reports drew, directly or not, on the target.
    downstream: int


@attrs.frozen
class TextEstimate:
    """Links ranked by how much their target strengthened its source's words."""

    #: Every compared link, the most exaggerating (then the most repeated) first.
    links: tuple[LinkDrift, ...]
    #: True when the story has no claim annotations at all, so that the estimate
    #: stands in for the analysis; False when it only covers unannotated links.
    whole_story: bool = True

    @property
    def point(self) -> LinkDrift | None:
        """The most likely point of distortion: the top link that exaggerates, if any."""
        for item in self.links:
            if item.drift.label == "exaggerates":
                return item
        return None


def _annotated(report: Report) -> bool:
    return bool(report.claims)


def _downstream(story: Story) -> dict[str, int]:
    """Number of reports reachable from each report along transmitting links.

    Worked out once for all reports, latest first, as sets of bits over the graph's
    strongly connected components (loops are fine), rather than one search a report.
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from((k.source, k.target) for k in story.links
                         if k.relation in TRANSMITTING and k.source != k.target)
    if not graph:
        return {}
    dag = nx.condensation(graph)
    try:
        return _reach_counts(graph, dag)
    finally:
        for done in (graph, dag):
            _drop_views(done)


def _drop_views(graph: Any) -> None:
    """Forget the views networkx keeps on a graph (``graph.edges``, ``graph.out_degree``,
    ...: each holds the graph, a reference cycle), so that a graph worked out and dropped
    is freed at once rather than by the cycle collector."""
    for name in [name for name, value in vars(graph).items()
                 if getattr(value, "_graph", None) is graph]:
        del vars(graph)[name]


def _reach_counts(graph: Any, dag: Any) -> dict[str, int]:
    import networkx as nx

    members = dag.graph["mapping"]  # report -> component
    sizes = {c: len(dag.nodes[c]["members"]) for c in dag}
    bit = {c: 1 << i for i, c in enumerate(dag)}
    below: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(dag))):
        reach = 0
        for d in dag.successors(c):
            reach |= bit[d] | below[d]
        below[c] = reach
    loops = [(bit[c], sizes[c] - 1) for c in dag if sizes[c] > 1]
    count = {c: below[c].bit_count() + sum(extra for b, extra in loops if below[c] & b)
             for c in dag}
    # A report in a loop also reaches the others of its loop.
    return {report: count[c] + sizes[c] - 1 for report, c in members.items()
            if count[c] + sizes[c] - 1 > 0 or graph.out_degree(report)}


def _script(text: str) -> str | None:
    """The writing system most of a text's letters are in (LATIN, CYRILLIC, ARABIC, CJK, ...)."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            script = name.split(" ", 1)[0] if name else ""
            if script in ("HIRAGANA", "KATAKANA", "CJK"):
                script = "CJK"
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def incomparable(source: Report, target: Report) -> str | None:
    """Why the words of two reports cannot be compared (a translation: different
    languages or writing systems), or None when they can.

    >>> from provenance.model import Report
    >>> why = incomparable(Report("a", "x", text="Удар нанесён"), Report("b", "y", text="A strike"))
    >>> why.split(":")[0]
    'the texts are in different writing systems (Cyrillic, Latin)'
    """
    if source.language and target.language:
        a, b = (lang.split("-")[0].casefold() for lang in (source.language, target.language))
        if a != b:
            return (f"the texts are in different languages ({source.language}, "
                    f"{target.language}): a translation cannot be compared word for word")
    scripts = _script(source.text or ""), _script(target.text or "")
    if None not in scripts and scripts[0] != scripts[1]:
        names = ", ".join(str(x).title() for x in scripts)
        return (f"the texts are in different writing systems ({names}): a translation "
                "cannot be compared word for word")
    return None


def text_drift_links(story: Story, *, limit: int | None = None) -> tuple[LinkDrift, ...]:
    """Drift for every transmitting link whose two ends have text but no claim annotations.

    ``limit`` caps how many links are compared (the first in story order).
    """
    downstream = _downstream(story)
    out: list[LinkDrift] = []
    for link in story.links:
        if link.relation not in TRANSMITTING:
            continue
        source, target = story.report(link.source), story.report(link.target)
        if not (source.text and target.text) or _annotated(source) or _annotated(target):
            continue
        if incomparable(source, target) is not None:
            continue  # a translation: its words say nothing about drift
        out.append(LinkDrift(link.source, link.target, drift(source.text, target.text),
                             downstream.get(link.target, 0)))
        if limit is not None and len(out) >= limit:
            break
    return tuple(out)


def has_unannotated_text_links(story: Story) -> bool:
    """True when some transmitting link joins two reports with text and no annotations."""
    for link in story.links:
        if link.relation in TRANSMITTING:
            source, target = story.report(link.source), story.report(link.target)
            if source.text and target.text and not source.claims and not target.claims:
                return True
    return False


def needs_text_estimate(story: Story) -> bool:
    """True when the story has texts on linked reports but no claim annotations at all."""
    return not any(_annotated(r) for r in story.reports) and has_unannotated_text_links(story)


def estimate_point(story: Story) -> TextEstimate:
    """Rank the unannotated links by drift (then by how far the target spread)."""
    links = text_drift_links(story)
    ranked = sorted(links, key=lambda d: (-d.drift.score, -d.downstream, d.source, d.target))
    return TextEstimate(tuple(ranked), not any(r.claims for r in story.reports))


# --------------------------------------------------------------------------- #
# Suggestions of claim mentions.

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "is", "are",
    "was", "were", "be", "been", "by", "with", "as", "that", "this", "these", "those", "it",
    "its", "from", "than", "then", "so", "such",
})


@attrs.frozen
class SuggestedMention:
    """A proposed claim mention for a person to accept or reject."""

    report: str
    claim: str
    stance: Stance
    quote: str
    #: Word overlap of the quote with the claim text (0..1).
    match: float
    reason: str


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 2}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3]


def _stance_of(sentence: str, claim_strength_: int) -> tuple[Stance, str]:
    cues = find_cues(sentence)
    if cues.negation:
        return Stance.DENIES, f'negation "{cues.negation[0]}"'
    if sentence.rstrip().endswith("?"):
        return Stance.QUESTIONS, "a question"
    if cues.attribution:
        return Stance.ATTRIBUTES, f'attribution "{cues.attribution[0]}"'
    if cues.hedges:
        return Stance.IMPLIES, f'hedge "{cues.hedges[0]}"'
    strength = claim_strength(sentence)
    if strength < claim_strength_:
        return Stance.IMPLIES, (f"weaker wording ({STRENGTH_NAMES[strength]}) than the claim "
                                f"({STRENGTH_NAMES[claim_strength_]})")
    return Stance.ASSERTS, "stated without hedge or attribution"


def suggest_mentions(story: Story, *, threshold: float = 0.5) -> tuple[SuggestedMention, ...]:
    """Propose claim mentions for reports that have text but no claim mentions.

    Each claim of the story is looked for in each such report: the sentence sharing the
    most content words with the claim is its quote when at least ``threshold`` of the
    claim's content words appear; the stance comes from the sentence's cue words. Claims
    are never invented here: a story with no claims gets no suggestions.
    """
    claims = [(c.id, _content_words(c.text), claim_strength(c.text)) for c in story.claims]
    out: list[SuggestedMention] = []
    for report in story.reports:
        if report.claims or not report.text:
            continue
        sentences = [(s, _content_words(s)) for s in _sentences(report.text)]
        for claim_id, words, strength in claims:
            if not words or not sentences:
                continue
            best, best_words = max(sentences, key=lambda s: len(words & s[1]))
            match = len(words & best_words) / len(words)
            if match >= threshold:
                stance, reason = _stance_of(best, strength)
                out.append(SuggestedMention(report.id, claim_id, stance, best,
                                            round(match, 2), reason))
    return tuple(out)


def apply_suggestions(story: Story, suggestions: Iterable[SuggestedMention]) -> Story:
    """A copy of the story with the suggestions added as mentions marked for review.

    Each added mention carries ``"suggested": true`` and its ``reason`` as unknown keys, so
    they survive saving and a reviewer can find them.
    """
    by_report: dict[str, list[SuggestedMention]] = {}
    for s in suggestions:
        by_report.setdefault(s.report, []).append(s)
    reports = []
    for report in story.reports:
        extra = by_report.get(report.id)
        if extra:
            mentions = report.claims + tuple(
                ClaimMention(s.claim, s.stance, quote=s.quote,
                             extra={"suggested": True, "reason": s.reason, "match": s.match})
                for s in extra)
            report = attrs.evolve(report, claims=mentions)
        reports.append(report)
    return attrs.evolve(story, reports=tuple(reports))
