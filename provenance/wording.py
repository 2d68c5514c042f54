"""The analysis told in words.

:func:`account` is what ``provenance analyze`` prints (and what the viewer's
analysis panel shows); the ``--json`` document is
:func:`provenance.files.analysis_json.analysis_to_data`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .analysis import Analysis, Distortion, Role
from .drift.estimate import LinkDrift, TextEstimate
from .drift.textdrift import STRENGTH_NAMES
from .model import PublicationTime, Report, Stance, Story

__all__ = ["account", "describe_distortion", "report_label", "actor_name",
           "clip", "no_point_summary", "time_text",
           "card_detail", "change_lines", "change_label", "changes_along", "link_changes",
           "drift_label", "stance_line", "point_caption", "lens_caption"]


def report_label(story: Story, report_id: str) -> str:
    """A short human name for a report: actor, kind or title, and its id.

    Examples
    --------
    >>> from provenance.model import Story, Actor, Report, ReportKind
    >>> story = Story("S", actors=[Actor("ap", "Associated Press")],
    ...               reports=[Report("t1", "ap", ReportKind.POST)])
    >>> report_label(story, "t1")
    'Associated Press, post [t1]'
    """
    report = story.report(report_id)
    return f"{actor_name(story, report.actor)}, {_what(report)} [{report.id}]"


def _what(report: Report) -> str:
    kind = report.kind.value.replace("_", " ")
    if report.title:
        return f'{kind} "{clip(report.title, 80)}"'
    return kind


def actor_name(story: Story, actor_id: str | None) -> str:
    """The actor's name, its id when the story has no such actor, "someone" for None."""
    if actor_id is None:
        return "someone"
    try:
        return story.actor(actor_id).name
    except KeyError:
        return actor_id


def clip(text: str, limit: int | None = None) -> str:
    """``text`` on one line of at most ``limit`` characters, with an ellipsis when
    shortened: the one clipping of every account, card, label and export.

    Runs of white space and control characters become one space, and
    non-characters (U+FFFE, U+FDD0, ...) U+FFFD: neither Graphviz, a page nor a
    terminal should meet them raw.

    >>> clip("a  long\\ntitle", 8), clip("short", 8), clip("x\\x00y")
    ('a long…', 'short', 'x y')
    """
    if not text.isprintable():  # (printable text has none of the characters replaced)
        text = "".join(" " if unicodedata.category(ch) in _INVISIBLE
                       else "\ufffd" if is_noncharacter(ch) else ch for ch in text)
    line = " ".join(text.split())
    if limit is not None and len(line) > limit:
        line = line[: max(1, limit - 1)].rstrip() + "…"
    return line


#: Unicode categories shown as a space: control characters, lone surrogates, line breaks.
_INVISIBLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def is_noncharacter(ch: str) -> bool:
    """Unicode's non-characters: U+FDD0..U+FDEF and the last two of every plane."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


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
    claim_text = _claim_text(story, d.claim)
    who = report_label(story, d.report)
    kinds = ", ".join(k.value for k in d.kinds)
    lines = [f"{who} changed the claim “{claim_text}” ({kinds})"]
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


def _claim_text(story: Story, claim_id: str, limit: int = 160) -> str:
    try:
        return clip(story.claim(claim_id).text, limit)
    except KeyError:
        return claim_id


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
            out.append(f"- “{_claim_text(story, claim)}” is supported only through a loop "
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
            kinds = ", ".join(k.value for k in d.kinds)
            change = change_label(d).replace("\n", ", ")
            also = f" ({kinds})" if kinds != change else ""
            out.append(f"“{claims.get(d.claim, d.claim)}”: {change}{also}")
    if estimate is not None and (estimate.source, estimate.target) == (source, target):
        out.append("the likely point of distortion, estimated from the words "
                   "(see Text drift; no claims are annotated to check it)")
    return tuple(out)


def link_changes(analysis: Analysis, claim: str | None = None,
                 estimate: LinkDrift | None = None, *, name_claims: bool = False
                 ) -> dict[tuple[str, str], tuple[str, ...]]:
    """The changes to write on each link ``(source, target)``: one per distinct
    change made along it (the point of distortion's first), each as its
    :func:`change_lines` joined by line breaks, for every claim or one. With
    ``name_claims``, each names its claim when changes of several claims are written.
    With every claim, ``estimate`` (:func:`estimated_point`) adds the change its
    words made, marked "(from text)".

    Every picture (the diagram, the viewer, DOT and Mermaid) writes these.
    """
    point = analysis.point_of_distortion
    out: dict[tuple[str, str], list[str]] = {}
    chosen = [d for d in analysis.distortions if claim is None or d.claim == claim]
    several = name_claims and len({d.claim for d in chosen}) > 1
    for d in sorted(chosen, key=lambda d: d != point):
        change = "\n".join(change_lines(d, several))
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
    affirmative stances first), or None when the report does not mention it."""
    if claim is None:
        return None
    stances = [m.stance.value for m in sorted(
        (m for m in story.report(report_id).claims if m.claim == claim),
        key=lambda m: m.stance is Stance.DENIES)]
    return f"{claim}: {', '.join(dict.fromkeys(stances))}" if stances else None


def change_lines(distortion: Distortion, with_claim: bool = False) -> tuple[str, ...]:
    """What a distortion did, in the picture's words: ``implies → attributes``, ``invented``
    (the one wording of a change; ``with_claim`` puts the claim's id before it).

    >>> from provenance.analysis import Role
    >>> from provenance.model import Stance
    >>> d = Distortion("r", "c", (Role.INFLATED, Role.MISATTRIBUTED), Stance.IMPLIES,
    ...                Stance.ATTRIBUTES, (), ())
    >>> change_lines(d, False), change_lines(d, True)[0]
    (('implies → attributes', 'misattributed'), 'c: implies → attributes')
    """
    if Role.INVENTED in distortion.kinds:
        lines: tuple[str, ...] = ("invented",)
    elif distortion.before is not None and distortion.before is not distortion.after:
        lines = (f"{distortion.before.value} → {distortion.after.value}",)
        if Role.MISATTRIBUTED in distortion.kinds:
            lines += ("misattributed",)
    else:
        lines = (", ".join(kind.value for kind in distortion.kinds),)
    if with_claim:
        lines = (f"{distortion.claim}: {lines[0]}", *lines[1:])
    return lines


def card_detail(report: Report) -> str:
    """A card's second line: the report's kind and when it was published, as every
    picture writes it.

    >>> from provenance.model import PublicationTime, Report, ReportKind
    >>> card_detail(Report("r", "a", ReportKind.PRESS_RELEASE,
    ...                    published=PublicationTime.parse("2017-01-23T12:00Z")))
    'press release · 2017-01-23 12:00 Z'
    """
    detail = report.kind.value.replace("_", " ")
    if report.published is not None:
        detail += " · " + time_text(report.published)
    return detail


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
    claim = _claim_text(story, point.claim, 48)
    if Role.INVENTED in point.kinds:
        change = f'invented "{claim}" ({point.after.value})'
    elif point.before is not None and point.before is not point.after:
        change = f'turned "{point.before.value}" into "{point.after.value}" for "{claim}"'
    elif Role.MISATTRIBUTED in point.kinds:
        change = f'misattributed "{claim}" to {clip(actor_name(story, point.holder))}'
    else:
        change = f'changed "{claim}" ({", ".join(k.value for k in point.kinds)})'
    count = len(point.reach)
    reach = (f"repeated by {count} report{'s' if count != 1 else ''}" if count
             else "repeated by no later report")
    planted = ""
    if point.planted:
        planted = "; planted by " + ", ".join(_who(story, r) for r in point.planted[:2])
    return f"Point of distortion: {_who(story, point.report)} {change} — {reach}{planted}"


def lens_caption(story: Story, claim: str, distortions: int) -> str:
    """The caption's first line in a claim lens: the claim, and how often it was distorted."""
    return (f'Claim lens: "{_claim_text(story, claim, 90)}" — '
            f"{distortions} distortion{'s' if distortions != 1 else ''} of it")
