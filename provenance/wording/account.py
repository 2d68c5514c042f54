"""The analysis told in words: what ``provenance analyze`` prints and the viewer's
Analysis dock shows (the ``--json`` document is
:func:`provenance.files.analysis_json.analysis_to_data`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..analysis import AccountDifference, Analysis, Distortion, Role
from ..drift.estimate import TextEstimate
from ..model import OF_ATTRIBUTION, Part, Stance, Story
from .names import actor_name, claim_text, clip, kind_names, report_label


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


def attribution_disputed(story: Story, d: Distortion) -> bool:
    """True when a report of the story denies that ``d``'s holder ever said its claim."""
    return d.holder is not None and (d.claim, d.holder) in _attribution_denials(story)


def _attribution_denials(story: Story) -> frozenset[tuple[str, str | None]]:
    """The (claim, holder) pairs some report denies the holder said: worked out once a
    story (an account asks for each distortion; going through every mention each time
    made a long account of a large story quadratic)."""
    denials: frozenset[tuple[str, str | None]] | None = story._cache.get("attribution_denials")
    if denials is None:
        denials = frozenset((m.claim, m.holder) for r in story.reports for m in r.claims
                            if m.of == OF_ATTRIBUTION)
        story._cache["attribution_denials"] = denials
    return denials


def what_it_did(story: Story, d: Distortion) -> list[str]:
    """What a distortion did, in a fact-checker's words, for the roles that have them:
    "took satire as fact", "the headline says more than the article", "dropped 'in mice'",
    "made a hedged denial firm", "the attribution is disputed".

    >>> from provenance.model import Claim, Story
    >>> story = Story("S", claims=[Claim("c", "X cures Y"), Claim("q", "in mice", qualifies="c")])
    >>> what_it_did(story, Distortion("r", "c", (Role.CONTEXT_DROPPED,), Stance.ASSERTS,
    ...                                Stance.ASSERTS, (), (), dropped="q"))
    ["dropped 'in mice'"]
    """
    words = []
    if Role.SATIRE_AS_FACT in d.kinds:
        words.append("took satire as fact")
    if Role.HEADLINE_OVERSTATES in d.kinds:
        words.append("the headline says more than the article")
    if Role.CONTEXT_DROPPED in d.kinds and d.dropped is not None:
        where = " in its headline" if d.part is Part.HEADLINE else ""
        words.append(f"dropped '{claim_text(story, d.dropped, 80)}'{where}")
    if Role.INFLATED in d.kinds and d.after is Stance.DENIES:
        words.append("made a hedged denial firm")
    if Role.MISATTRIBUTED in d.kinds and attribution_disputed(story, d):
        words.append("the attribution is disputed")
    return words


def describe_distortion(story: Story, d: Distortion) -> list[str]:
    """The lines that tell one distortion: who changed what into what, drawing on whom."""
    claimed = claim_text(story, d.claim)
    who = report_label(story, d.report)
    kinds = kind_names(d.kinds)
    lines = [f"{who} changed the claim “{claimed}” ({kinds})"]
    words = what_it_did(story, d)
    if words:
        lines.append(f"  in short: {'; '.join(words)}")
    if Role.INVENTED in d.kinds:
        lines.append(f"  from: nothing in its sources; now {_stance_phrase(story, d.after, _h(d))}")
    else:
        lines.append(f"  from: {_stance_phrase(story, d.before, d.source_holders)}")
        lines.append(f"  to:   {_stance_phrase(story, d.after, _h(d))}"
                     + (" (attribution dropped)" if d.attribution_dropped else "")
                     + (" in its headline" if d.part is Part.HEADLINE else ""))
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
    if analysis.accounts:
        out.extend(accounts_lines(story, analysis))
        out.append("")
        if not analysis.accounts_agree:
            # The rest tells the first account in detail (the top-level fields are its).
            first = next(iter(analysis.accounts))
            out += [f"IN DETAIL, AS {_account_name(story, first).upper()}'S ACCOUNT TELLS IT", ""]
            analysis = analysis.accounts[first]
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
            kinds = kind_names(other.kinds)
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




def _point_sentence(story: Story, point: Distortion | None, analysis: Analysis) -> str:
    if point is None:
        return no_point_summary(analysis) + "."
    kinds = kind_names(point.kinds)
    words = what_it_did(story, point)
    said = f" ({'; '.join(words)})" if words else ""
    count = len(point.reach)
    return (f"the point of distortion is {report_label(story, point.report)}, which changed "
            f"“{claim_text(story, point.claim, 120)}” ({kinds}){said}, "
            f"{_stance_phrase(story, point.before, point.source_holders)} → "
            f"{_stance_phrase(story, point.after, _h(point))}; "
            + (f"repeated through it by {count} later report{'s' if count != 1 else ''}."
               if count else "no later report repeats it."))


def _account_name(story: Story, account_id: str) -> str:
    for a in story.accounts:
        if a.id == account_id:
            return a.name
    return account_id


def _names(story: Story, ids: Sequence[str]) -> str:
    names = [_account_name(story, a) for a in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def accounts_lines(story: Story, analysis: Analysis) -> list[str]:
    """A story with competing accounts (format version 2), told: whether the accounts
    agree on the point of distortion, each account's point in one paragraph, then the
    differences ("The accounts differ on whether ...: in TASS's account it did; ...")
    and which account's point rests on each."""
    ids = list(analysis.accounts)
    every = _names(story, ids)
    lines = ["COMPETING ACCOUNTS"]
    if analysis.accounts_agree:
        lines.append(f"The accounts ({every}) agree on the point of distortion.")
    else:
        lines.append(f"The accounts ({every}) disagree on the point of distortion.")
    for a in ids:
        one = analysis.accounts[a]
        sentence = _point_sentence(story, one.point_of_distortion, one)
        if sentence.startswith("No "):  # "No distortion found", mid-sentence
            instead = _origins_instead(story, analysis, one)
            sentence = "n" + (sentence[1:].rstrip(".") + instead + "." if instead
                              else sentence[1:])
        lines += ["", f"In {_account_name(story, a)}'s account, {sentence}"]
    if analysis.differences:
        lines += ["", f"DIFFERENCES BETWEEN THE ACCOUNTS ({len(analysis.differences)})"]
    for d in analysis.differences[:50]:
        others = [a for a in ids if a not in d.accounts]
        lines.append("- " + _difference_sentence(story, d, d.accounts, others))
        if d.rests_on:
            lines.append(f"  {_names(story, d.rests_on)}'s point of distortion rests on it.")
    if len(analysis.differences) > 50:
        lines.append(f"- ... and {len(analysis.differences) - 50} more (see --json)")
    return lines


def _origins_instead(story: Story, analysis: Analysis, one: Analysis) -> str:
    """For an account without a point: where the claim other accounts' points changed
    begins in it instead (its origins), e.g. ": the ministry's statement states it firsthand"."""
    claims = dict.fromkeys(other.point_of_distortion.claim for other in analysis.accounts.values()
                           if other.point_of_distortion is not None)
    parts = []
    for claim in claims:
        findings = one.claims.get(claim)
        if findings is None:
            continue
        origins = [r for r, roles in findings.roles.items() if Role.ORIGIN in roles and any(
            m.claim == claim and m.stance.affirmative for m in story.report(r).claims)]
        if origins:
            who = "; ".join(report_label(story, r) for r in origins[:3])
            parts.append(f"“{claim_text(story, claim, 80)}” begins firsthand with {who}")
    return (": " + "; ".join(parts)) if parts else ""


def _difference_sentence(story: Story, d: AccountDifference, held: Sequence[str],
                         others: Sequence[str]) -> str:
    with_it = f"in {_names(story, held)}'s account it did"
    without = f"in {_names(story, others)}'s it did not" if others else ""
    tail = f": {with_it}; {without}." if without else f": {with_it}."
    if d.kind == "mention" and d.report is not None and d.claim is not None:
        found = re.fullmatch(r"reports\[(\d+)\]\.claims\[(\d+)\]", d.path)
        mention = (story.reports[int(found[1])].claims[int(found[2])] if found else None)
        how = (_stance_phrase(story, mention.stance, [mention.holder] if mention.holder else [])
               if mention is not None else "carrying it")
        return (f"The accounts differ on whether {report_label(story, d.report)} carried "
                f"“{claim_text(story, d.claim, 120)}” ({how}){tail}")
    if d.kind == "link" and d.link is not None:
        return (f"The accounts differ on whether {report_label(story, d.link[1])} drew on "
                f"{report_label(story, d.link[0])}{tail}")
    return (f"The accounts differ on whether {report_label(story, d.report or d.path)} "
            f"was published{tail}")
