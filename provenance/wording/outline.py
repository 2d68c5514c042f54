"""What the viewer's docks say, as data: the analysis as an outline for a tree view,
and the rows of the report and link inspectors.

The viewer shows these as they are (plain text, one widget per row); what a row
says, and which rows there are, is decided here, where a test needs no screen.

>>> from provenance.model import Story
>>> from provenance.analysis import analyze
>>> page = analysis_page(Story("Nothing here"), analyze(Story("Nothing here")))
>>> page.headline, page.entries
('No distortion found.', ())
"""

from __future__ import annotations

import attrs

from ..analysis import Analysis, Role
from ..drift.compare import drift
from ..drift.diff import word_diff
from ..drift.estimate import (
    LinkDrift,
    TextEstimate,
    estimate_point,
    has_unannotated_text_links,
    incomparable,
)
from ..model import ClaimMention, Report, Story
from .account import account, no_point_summary
from .labels import change_label, changes_along
from .names import actor_name, kind_names, report_label, time_text

__all__ = ["ALL_CLAIMS", "AnalysisPage", "ClaimChoice", "ClaimRow", "LinkFacts",
           "OutlineEntry", "ReportFacts", "analysis_page", "claim_choices", "error_message",
           "link_facts",
           "reached_by_rebuttal", "report_facts", "window_title"]

#: The claim lens's first choice: no lens, every claim's distortions.
ALL_CLAIMS = "All claims (distortions)"
#: How many entries a group of the outline lists at most (a long list would stall the
#: tree and say nothing more).
DISTORTIONS_LISTED = 2000
ENTRIES_LISTED = 500
#: A group of at most this many entries opens by itself.
OPEN_GROUP = 20
NOTHING_CHANGED = "no annotated claim changed along this link"
NO_TEXT = "one of the two reports has no text to compare"


# ---------------------------------------------------------------- the analysis
@attrs.frozen
class OutlineEntry:
    """One row of the analysis outline: its text, the report it stands for (choosing
    the row selects it), the rows under it and whether they show at first."""

    text: str
    report: str | None = None
    children: tuple[OutlineEntry, ...] = ()
    expanded: bool = False


@attrs.frozen
class AnalysisPage:
    """The Analysis dock: a headline, the account in words, and the outline."""

    headline: str
    account: str
    entries: tuple[OutlineEntry, ...]


def analysis_page(story: Story, analysis: Analysis, estimated: LinkDrift | None = None,
                  estimate: TextEstimate | None = None) -> AnalysisPage:
    """The analysis as the viewer's dock shows it. ``estimated`` is the likely point
    estimated from the words (:func:`~provenance.drawing.picture.estimated_point`),
    ``estimate`` the comparison of the words it comes from (worked out if not given).
    The account comes without its heading: the story's title is the window's already.
    """
    if estimate is None and has_unannotated_text_links(story):
        estimate = estimate_point(story)
    text = account(story, analysis, estimate, heading=False)
    point = analysis.point_of_distortion
    entries: list[OutlineEntry] = []
    if point is None and estimated is not None:
        headline = ("Likely point of distortion (estimated from text, check it): "
                    f"{report_label(story, estimated.target)}")
        entries.append(OutlineEntry(
            "Likely point of distortion (estimated from text)", estimated.target, (
                OutlineEntry(report_label(story, estimated.target), estimated.target),
                OutlineEntry(f"drawing on {report_label(story, estimated.source)}",
                             estimated.source),
                OutlineEntry(estimated.drift.explanation)), expanded=True))
    elif point is None:
        headline = no_point_summary(analysis) + "."
    else:
        headline = f"Point of distortion: {report_label(story, point.report)}"
        entries.append(OutlineEntry("Point of distortion", point.report, (
            OutlineEntry(report_label(story, point.report), point.report),
            *(OutlineEntry(f"planted by {report_label(story, rid)}", rid)
              for rid in point.planted),
            *(OutlineEntry(f"repeated by {report_label(story, rid)}", rid)
              for rid in point.reach)), expanded=True))
    claims = {c.id: c.text for c in story.claims}
    if analysis.distortions:
        rows = []
        for d in analysis.distortions[:DISTORTIONS_LISTED]:
            kinds = kind_names(d.kinds)
            change = change_label(d).replace("\n", ", ")
            rows.append(OutlineEntry(
                f"“{claims.get(d.claim, d.claim)}”: {kinds} ({change}) by "
                f"{report_label(story, d.report)}, reach {len(d.reach)}", d.report))
        entries.append(OutlineEntry(f"Distortions ({len(analysis.distortions)})", None,
                                    tuple(rows), len(analysis.distortions) <= OPEN_GROUP))
    for claim, findings in analysis.claims.items():
        if not findings.rebuttals:
            continue
        rows = [OutlineEntry(f"rebutted by {report_label(story, rid)}", rid)
                for rid in findings.rebuttals[:ENTRIES_LISTED]]
        reached = set(findings.rebuttal_reached)
        for rid in findings.carried_after_rebuttal[:ENTRIES_LISTED]:
            note = "reached by the rebuttal" if rid in reached else "rebuttal did not reach it"
            rows.append(OutlineEntry(f"still repeated by {report_label(story, rid)} ({note})",
                                     rid))
        entries.append(OutlineEntry(
            f"Rebuttals of “{claims.get(claim, claim)}” ({len(findings.rebuttals)})", None,
            tuple(rows), len(findings.rebuttals) <= OPEN_GROUP))
    if analysis.warnings:
        entries.append(OutlineEntry(
            f"Data warnings ({len(analysis.warnings)})", None,
            tuple(OutlineEntry(w.message, w.reports[0] if w.reports else None)
                  for w in analysis.warnings[:ENTRIES_LISTED])))
    return AnalysisPage(headline, text, tuple(entries))


# ---------------------------------------------------------------- a report
def reached_by_rebuttal(report: Report, mention: ClaimMention) -> bool:
    """True when ``mention`` is a denial the report carries beside its own affirmative
    mention of the same claim: it repeats the claim and reports the denial, the trace
    of a rebuttal reaching it rather than a part the report plays (the report's roles
    belong to its affirmative mention).

    >>> from provenance.model import Report, ClaimMention, Stance
    >>> both = Report("r", "a", claims=(ClaimMention("c", Stance.ASSERTS),
    ...                                 ClaimMention("c", Stance.DENIES, holder="gov")))
    >>> [reached_by_rebuttal(both, m) for m in both.claims]
    [False, True]
    >>> denial = Report("d", "gov", claims=(ClaimMention("c", Stance.DENIES),))
    >>> reached_by_rebuttal(denial, denial.claims[0])
    False
    """
    return not mention.stance.affirmative and any(
        m.claim == mention.claim and m.stance.affirmative for m in report.claims)


@attrs.frozen
class ClaimRow:
    """One claim a report mentions, as the report inspector's table shows it."""

    claim: str
    #: The claim's text (its id where the story does not have it).
    text: str
    #: The stance, with its holder's name on a second line.
    stance: str
    #: The report's roles for the claim (see :func:`reached_by_rebuttal`).
    roles: tuple[Role, ...]
    rebuttal_reached: bool
    quote: str | None = None

    @property
    def role(self) -> str:
        """The role column: the roles one a line, or "(rebuttal reached it)"."""
        if self.rebuttal_reached:
            return "(rebuttal reached it)"
        return ",\n".join(r.value for r in self.roles)

    @property
    def full_text(self) -> str:
        """The claim with the report's words for it, where the report quotes them."""
        return f"{self.text}\n“{self.quote}”" if self.quote else self.text


@attrs.frozen
class ReportFacts:
    """What the report inspector shows, row by row."""

    report: str
    actor: str
    kind: str
    published: str
    title: str
    url: str
    text: str
    claims: tuple[ClaimRow, ...]

    @property
    def web_address(self) -> str | None:
        """The URL a browser may open (http or https only), else None."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else None


def report_facts(story: Story, analysis: Analysis, report_id: str) -> ReportFacts:
    """The report inspector's rows for ``report_id``: actor and its kind, the report's
    kind and id, date, title, URL, text, and a row per claim it mentions.

    Raises
    ------
    KeyError
        If the story has no such report.
    """
    report = story.report(report_id)
    try:
        actor = story.actor(report.actor)
        who = f"{actor.name} ({actor.kind.value.replace('_', ' ')})"
    except KeyError:
        who = report.actor
    rows = []
    for mention in report.claims:
        try:
            claim_text = story.claim(mention.claim).text
        except KeyError:
            claim_text = mention.claim
        stance = mention.stance.value
        if mention.holder:
            stance += f"\n({actor_name(story, mention.holder)})"
        findings = analysis.claims.get(mention.claim)
        roles = findings.roles.get(report.id, ()) if findings else ()
        rows.append(ClaimRow(mention.claim, claim_text, stance, tuple(roles),
                             reached_by_rebuttal(report, mention), mention.quote))
    return ReportFacts(
        report.id, who, f"{report.kind.value.replace('_', ' ')}  [{report.id}]",
        f"{time_text(report.published)}  ({report.published.text})" if report.published
        else "not dated",
        report.title or "", report.url or "", report.text or "", tuple(rows))


# ---------------------------------------------------------------- a link
@attrs.frozen
class LinkFacts:
    """What the link inspector shows: the two reports, relation, confidence, note, the
    changes made along the link, and how its words drifted."""

    index: int
    ends: str
    relation: str
    confidence: str
    note: str
    #: The distortions made along the link, one line each (none for a link that
    #: carries no claim).
    changes: tuple[str, ...]
    #: The text drift in words: its label and score, why the words cannot be compared,
    #: or that a text is missing.
    explanation: str
    #: The word diff, as ("equal" | "insert" | "delete", text) pieces in reading order
    #: (a deletion next to an insertion is kept apart by a space).
    diff: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> str:
        """The changes, one a line, or that none was made."""
        return "\n".join(self.changes) or NOTHING_CHANGED


def link_facts(story: Story, index: int, analysis: Analysis | None = None,
               estimated: LinkDrift | None = None) -> LinkFacts:
    """The link inspector's rows for ``story.links[index]``; ``estimated`` is the likely
    point from the words, named among the changes when it is this link."""
    link = story.links[index]
    changes = (changes_along(story, analysis, link.source, link.target, estimated)
               if analysis is not None and link.relation.transmits else ())
    source, target = story.report(link.source), story.report(link.target)
    diff: list[tuple[str, str]] = []
    translation = incomparable(source, target) if source.text and target.text else None
    if translation is not None:
        explanation = translation
    elif source.text and target.text:
        result = drift(source.text, target.text)
        explanation = f"{result.label} (score {result.score:+.2f}): {result.explanation}"
        previous = "equal"
        for op in word_diff(source.text, target.text):
            if op.kind != "equal" and previous != "equal" and op.kind != previous:
                diff.append(("equal", " "))
            diff.append((op.kind, op.text))
            previous = op.kind
    else:
        explanation = NO_TEXT
    return LinkFacts(
        index, f"{report_label(story, link.source)}\n→ {report_label(story, link.target)}",
        link.relation.value, f"{link.confidence:g}", link.note or "", changes, explanation,
        tuple(diff))


# ---------------------------------------------------------------- the window
@attrs.frozen
class ClaimChoice:
    """One entry of the claim lens's list: its text, the claim (None: no lens) and
    the claim's whole text for a tooltip."""

    label: str
    claim: str | None
    tip: str = ""


def claim_choices(story: Story) -> tuple[ClaimChoice, ...]:
    """The claim lens's list: every claim after "All claims (distortions)"."""
    return (ClaimChoice(ALL_CLAIMS, None),
            *(ClaimChoice(f"{c.id}: {c.text}", c.id, c.text) for c in story.claims))


#: An error message lists this many of a file's errors; the rest are in its details.
ERRORS_SHOWN = 10


def error_message(message: str) -> tuple[str, str | None]:
    """What an error dialog says: a message with a long list of errors (a first line,
    then one error a line) cut to its first :data:`ERRORS_SHOWN` errors and a count
    of the rest; and the whole message as its details (None when nothing was cut).

    >>> lines = ["12 errors in story file", *(f"error {i}" for i in range(12))]
    >>> shown, details = error_message(chr(10).join(lines))
    >>> shown.splitlines()[-2:]
    ['error 9', '  … and 2 more (Show Details…)']
    >>> details.count("error ")
    12
    >>> error_message("one error")
    ('one error', None)
    """
    lines = message.splitlines()
    if len(lines) <= ERRORS_SHOWN + 1:
        return message, None
    rest = len(lines) - 1 - ERRORS_SHOWN
    return ("\n".join([*lines[:ERRORS_SHOWN + 1], f"  … and {rest} more (Show Details…)"]),
            message)


def window_title(story: Story, file_name: str | None = None) -> str:
    """The viewer's title: the story's, its file's name (the title again without one)."""
    return f"{story.title} — {file_name or story.title} — provenance"
