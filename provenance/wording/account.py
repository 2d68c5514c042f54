"""The analysis told in words: what ``provenance analyze`` prints and the viewer's
Analysis dock shows (the ``--json`` document is
:func:`provenance.files.analysis_json.analysis_to_data`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis import Analysis, Distortion, Role
from ..drift.estimate import TextEstimate
from ..model import Stance, Story
from .names import actor_name, claim_text, clip, report_label


def _stance_phrase(story: Story, stance: Stance | None, holders: Sequence[str]) -> str:
    if stance is None:
        return "nothing (none of its sources carried it)"
    if stance is Stance.ATTRIBUTES:
        if holders:
            names = " / ".join(actor_name(story, h) for h in holders)
            return f"attributing it to {names}"
        return "attributing it to someone"
    if stance is Stance.DENIES:
        return "denying it"
    return {
        Stance.ASSERTS: "stating it as fact",
        Stance.IMPLIES: "only implying it",
        Stance.QUESTIONS: "only raising it as a question",
    }[stance]


def _list(story: Story, ids: Sequence[str], limit: int = 8) -> str:
    # Only the ids shown are looked at: a reach is listed on demand (see Reach).
    shown = "; ".join(report_label(story, i) for i in ids[:limit])
    if len(ids) > limit:
        shown += f"; and {len(ids) - limit} more"
    return shown


def describe_distortion(story: Story, d: Distortion) -> list[str]:
    """The lines that tell one distortion: who changed what into what, drawing on whom."""
    claimed = claim_text(story, d.claim)
    who = report_label(story, d.report)
    kinds = ", ".join(k.value for k in d.kinds)
    lines = [f"{who} changed the claim “{claimed}” ({kinds})"]
    if Role.INVENTED in d.kinds:
        lines.append(f"  from: nothing in its sources; now {_stance_phrase(story, d.after, _h(d))}")
    else:
        lines.append(f"  from: {_stance_phrase(story, d.before, d.source_holders)}")
        lines.append(f"  to:   {_stance_phrase(story, d.after, _h(d))}"
                     + (" (attribution dropped)" if d.attribution_dropped else ""))
    if d.sources:
        lines.append(f"  drawing on: {_list(story, d.sources)}")
    else:
        lines.append("  drawing on: no report in the story")
    if d.quote:
        lines.append(f"  in its own words: “{clip(d.quote, 300)}”")
    if d.planted:
        lines.append(f"  planted earlier by: {_list(story, d.planted)}")
    if d.reach:
        lines.append(f"  repeated through it by {len(d.reach)} report(s): {_list(story, d.reach)}")
    else:
        lines.append("  repeated through it by: no later report")
    if d.uncertain_links:
        links = ", ".join(f"{s} → {t}" for s, t in d.uncertain_links)
        lines.append(f"  links into it below confidence 1.0: {links}")
    return lines


def _h(d: Distortion) -> list[str]:
    return [d.holder] if d.holder else []


def no_point_summary(analysis: Analysis) -> str:
    """Why a story has no point of distortion, in one line (the account, the diagram's
    caption and the viewer all say it so).

    >>> from provenance.model import Story
    >>> from provenance.analysis import analyze
    >>> no_point_summary(analyze(Story("Nothing here")))
    'No distortion found'
    """
    count = len(analysis.distortions)
    if not count:
        return "No distortion found"
    several = f"{count} distortion{'s' if count != 1 else ''}"
    if all(d.plants for d in analysis.distortions):
        only = "only implies or questions its claim" if count == 1 else (
            "only imply or question their claims")
        return f"No point of distortion: {several}, which {only}"
    return (f"No point of distortion: {several}, none of which leaves a claim stated "
            "(they imply, question or deny it)")


def account(story: Story, analysis: Analysis, estimate: TextEstimate | None = None, *,
            heading: bool = True) -> str:
    """The analysis as a readable account: the point of distortion first.

    Examples
    --------
    >>> from provenance.model import Story
    >>> from provenance.analysis import analyze
    >>> print(account(Story("Nothing here"), analyze(Story("Nothing here"))))
    Nothing here
    ============
    <BLANKLINE>
    No distortion found: every report carries its claims as its sources did.
    """
    out = [story.title, "=" * len(story.title), ""] if heading else []
    point = analysis.point_of_distortion
    if estimate is not None and estimate.whole_story:
        out.extend(_estimate_lines(story, estimate))
        out.append("")
    if point is None:
        if estimate is not None and estimate.whole_story:
            out.append("No claim annotations: the analysis proper has nothing to check "
                       "(`provenance suggest` proposes mentions to review).")
        elif analysis.distortions:
            out.append(no_point_summary(analysis) + ".")
        else:
            out.append("No distortion found: every report carries its claims as its "
                       "sources did.")
    else:
        out.append("POINT OF DISTORTION")
        out.extend(describe_distortion(story, point))
        out.extend(_rebuttal_lines(story, analysis, point.claim))
        out.extend(_alternative_lines(story, analysis, point))
    others = [d for d in analysis.distortions if d is not point]
    if others:
        out += ["", f"OTHER DISTORTIONS ({len(others)})"]
        for d in others[:50]:
            lines = describe_distortion(story, d)
            out.append("- " + lines[0])
            out.extend("  " + line for line in lines[1:])
        if len(others) > 50:
            out.append(f"- ... and {len(others) - 50} more (see --json)")
    if estimate is not None and not estimate.whole_story and estimate.links:
        out += ["", "TEXT DRIFT ON LINKS WITHOUT CLAIM ANNOTATIONS (estimated from the words)"]
        for item in estimate.links[:10]:
            change = item.drift
            out.append(f"- {item.source} → {item.target}: {change.label} "
                       f"(score {change.score:+.2f}): {change.explanation}")
        if len(estimate.links) > 10:
            out.append(f"- ... and {len(estimate.links) - 10} more (see --json)")
    circular = {c: f.circular for c, f in analysis.claims.items() if f.circular}
    if circular:
        out += ["", "CIRCULAR SOURCING"]
        for claim, ids in circular.items():
            out.append(f"- “{claim_text(story, claim)}” is supported only through a loop "
                       f"back to itself or its own actor: {_list(story, ids)}")
    if analysis.warnings:
        out += ["", f"DATA WARNINGS ({len(analysis.warnings)})"]
        out.extend(f"- {w.message}" for w in analysis.warnings[:50])
        if len(analysis.warnings) > 50:
            out.append(f"- ... and {len(analysis.warnings) - 50} more")
    return "\n".join(out).rstrip()


def _estimate_lines(story: Story, estimate: TextEstimate) -> list[str]:
    lines = ["ESTIMATED FROM TEXT (no claim annotations; a person should check this)"]
    best = estimate.point
    if best is None:
        lines.append(f"No link strengthens its source's words ({len(estimate.links)} compared).")
        return lines
    lines.append(f"Likely point of distortion: {report_label(story, best.target)}, "
                 f"drawing on {report_label(story, best.source)}")
    d = best.drift
    lines.append(f"  claim strength {d.source_strength} → {d.target_strength} "
                 f"(score {d.score:+.2f}, {d.label}); {best.downstream} later report(s) drew on it")
    lines.append(f"  evidence: {d.explanation}")
    others = [e for e in estimate.links if e is not best and e.drift.label == "exaggerates"]
    for other in others[:5]:
        lines.append(f"  also strengthened: {other.source} → {other.target} "
                     f"(score {other.drift.score:+.2f})")
    return lines


def _alternative_lines(story: Story, analysis: Analysis, point: Distortion) -> list[str]:
    lines: list[str] = []
    steady: list[str] = []
    for alt in analysis.alternatives:
        link = f"{alt.link[0]} → {alt.link[1]} (confidence {alt.confidence:g})"
        other = alt.point_of_distortion
        if other is None:
            lines.append(f"  without the link {link}: there would be no point of distortion")
        elif (other.report, other.claim) != (point.report, point.claim):
            lines.append(f"  without the link {link}: the point of distortion would be "
                         f"{report_label(story, other.report)}")
        elif other.kinds != point.kinds:
            kinds = ", ".join(k.value for k in other.kinds)
            lines.append(f"  without the link {link}: the same report, but {kinds}")
        elif other.reach != point.reach:
            lines.append(f"  without the link {link}: the same report, reaching "
                         f"{len(other.reach)} report(s) instead of {len(point.reach)}")
        else:
            steady.append(link)
    if steady:
        lines.append("  does not depend on the uncertain link(s) " + ", ".join(steady))
    return lines


def _rebuttal_lines(story: Story, analysis: Analysis, claim: str) -> list[str]:
    findings = analysis.claims.get(claim)
    if findings is None or not findings.rebuttals:
        return ["  rebutted by: no report in the story"]
    lines = [f"  rebutted by: {_list(story, findings.rebuttals)}"]
    if findings.first_rebuttal is not None:
        lines.append(f"  first rebuttal: {report_label(story, findings.first_rebuttal)}, "
                     f"{findings.first_rebuttal_time}")
    else:
        lines.append("  first rebuttal: not dated in the story")
    if findings.carried_after_rebuttal:
        reached = set(findings.rebuttal_reached)
        lines.append("  still carried after the rebuttal by:")
        for rid in findings.carried_after_rebuttal:
            note = ("the rebuttal reached it" if rid in reached
                    else "the rebuttal did not reach it")
            lines.append(f"    {report_label(story, rid)} ({note})")
    else:
        lines.append("  still carried after the rebuttal by: no report in the story")
    return lines


