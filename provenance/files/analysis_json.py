"""The analysis as a JSON document: what ``provenance analyze --json`` writes.

The document is a file format of its own (``"format": "provenance-analysis"``,
version 1), described in ``docs/format.md``: the point of distortion, every
distortion, each claim's findings, the cycles and data warnings, the alternatives of
uncertain links, and the estimate from the texts when there is one. A distortion has
``dropped`` (the qualifier a ``context_dropped`` left out) and ``part`` (``"headline"``
when the change is in the headline) only when they apply. The document of a story with
competing accounts (format version 2) also has ``accounts_agree``, ``accounts`` (each
account's own document, by id) and ``differences``; its ``point_of_distortion`` is the
point the accounts agree on (null when they disagree). A story without accounts has no
``accounts`` keys.

Examples
--------
>>> from provenance.analysis import analyze
>>> from provenance.model import Actor, ClaimMention, Link, Relation, Report, Stance, Story
>>> story = Story("Demo", actors=[Actor("a", "Agency")], claims=[],
...               reports=[Report("r1", "a"), Report("r2", "a")],
...               links=[Link("r1", "r2", Relation.CITES)])
>>> document = analysis_to_data(story, analyze(story))
>>> document["format"], document["version"], document["point_of_distortion"]
('provenance-analysis', 1, None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..analysis import AccountDifference, Analysis, Distortion
from ..model import Part, Story, account_story

if TYPE_CHECKING:  # the estimate is handed in; this module never computes one
    from ..drift.estimate import LinkDrift, TextEstimate

__all__ = ["analysis_to_data", "ANALYSIS_FORMAT", "ANALYSIS_VERSION", "REACH_LISTED"]

ANALYSIS_FORMAT = "provenance-analysis"
ANALYSIS_VERSION = 1

#: In the ``--json`` document, an entry of ``distortions`` lists at most this many reports
#: of its reach, and then gives ``reach_count``, and as many of its planted, then
#: ``planted_count``; the point of distortion (and each alternative's) lists all of both.
#: Listing every reach in full would make the document quadratic in the story (a chain of
#: 20,000 reports alternating ``implies`` and ``asserts``: 10,000 distortions reaching 100
#: million reports in all), as would every planted (a chain repeating ``questions``,
#: ``implies``, ``asserts``: each stated report planted by every planting one before it).
REACH_LISTED = 20


def _distortion_data(d: Distortion, reach_limit: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "report": d.report,
        "claim": d.claim,
        "kinds": [k.value for k in d.kinds],
        "before": d.before.value if d.before is not None else None,
        "after": d.after.value,
        "sources": list(d.sources),
        "reach": list(d.reach if reach_limit is None else d.reach[:reach_limit]),
    }
    if len(data["reach"]) < len(d.reach):
        data["reach_count"] = len(d.reach)
    data["planted"] = list(d.planted if reach_limit is None else d.planted[:reach_limit])
    if len(data["planted"]) < len(d.planted):
        data["planted_count"] = len(d.planted)
    data.update({
        "holder": d.holder,
        "source_holders": list(d.source_holders),
        "attribution_dropped": d.attribution_dropped,
        "quote": d.quote,
        "uncertain_links": [{"source": s, "target": t} for s, t in d.uncertain_links],
    })
    if d.dropped is not None:
        data["dropped"] = d.dropped
    if d.part is not Part.BODY:
        data["part"] = d.part.value
    return data


def _difference_data(d: AccountDifference) -> dict[str, Any]:
    data: dict[str, Any] = {"path": d.path, "kind": d.kind, "accounts": list(d.accounts)}
    if d.report is not None:
        data["report"] = d.report
    if d.link is not None:
        data["link"] = {"source": d.link[0], "target": d.link[1]}
    if d.claim is not None:
        data["claim"] = d.claim
    data["rests_on"] = list(d.rests_on)
    return data


def _estimate_data(estimate: TextEstimate) -> dict[str, Any]:
    def one(item: LinkDrift) -> dict[str, Any]:
        d = item.drift
        return {"source": item.source, "target": item.target, "label": d.label,
                "score": round(d.score, 4), "source_strength": d.source_strength,
                "target_strength": d.target_strength, "downstream": item.downstream,
                "explanation": d.explanation}

    best = estimate.point if estimate.whole_story else None
    return {"estimated_from_text": True,
            "whole_story": estimate.whole_story,
            "point_of_distortion": one(best) if best is not None else None,
            "links": [one(item) for item in estimate.links]}


def analysis_to_data(story: Story, analysis: Analysis,
                     estimate: TextEstimate | None = None) -> dict[str, Any]:
    """The ``provenance analyze --json`` document (see ``docs/format.md``)."""
    point = analysis.point_of_distortion
    document = {
        "format": ANALYSIS_FORMAT,
        "version": ANALYSIS_VERSION,
        "title": story.title,
        "point_of_distortion": _distortion_data(point) if point is not None else None,
        "distortions": [_distortion_data(d, REACH_LISTED) for d in analysis.distortions],
        "claims": {
            claim: {
                "roles": {rid: [r.value for r in roles] for rid, roles in f.roles.items()},
                "rebuttals": list(f.rebuttals),
                "first_rebuttal": (
                    {"report": f.first_rebuttal, "published": f.first_rebuttal_time}
                    if f.first_rebuttal is not None else None
                ),
                "carried_after_rebuttal": list(f.carried_after_rebuttal),
                "rebuttal_reached": list(f.rebuttal_reached),
                "circular": list(f.circular),
            }
            for claim, f in analysis.claims.items()
        },
        "cycles": [list(group) for group in analysis.cycles],
        "published_before_source": [
            {"source": s, "target": t} for s, t in analysis.published_before_source
        ],
        "alternatives": [
            {
                "link": {"source": a.link[0], "target": a.link[1]},
                "confidence": a.confidence,
                "point_of_distortion": (
                    _distortion_data(a.point_of_distortion)
                    if a.point_of_distortion is not None else None
                ),
            }
            for a in analysis.alternatives
        ],
        "warnings": [
            {"kind": w.kind, "message": w.message, "reports": list(w.reports)}
            for w in analysis.warnings
        ],
        "text_estimate": _estimate_data(estimate) if estimate is not None else None,
    }
    if analysis.accounts:
        document["accounts_agree"] = analysis.accounts_agree
        document["accounts"] = {
            name: analysis_to_data(account_story(story, name), one)
            for name, one in analysis.accounts.items()}
        document["differences"] = [_difference_data(d) for d in analysis.differences]
    return document
