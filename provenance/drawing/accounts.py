"""Competing accounts (format version 2) as pictures show them: one account's story
and analysis, and what differs between two accounts.

A story with ``accounts`` is several stories in one file: :func:`account_view` gives
the story as one account tells it with that account's analysis (what ``provenance
draw --account`` and the viewer's account switcher show), and :func:`compare_accounts`
the items that belong to one of two accounts and not to the other (what the viewer's
side-by-side comparison marks). The rule of which items differ is the format's: an
item belongs to the accounts it names, or to every account when it names none.

Examples
--------
>>> from provenance.model import Account, Actor, Link, Report, Story
>>> story = Story("S", accounts=[Account("a", "A"), Account("b", "B")],
...               actors=[Actor("x", "X")],
...               reports=[Report("r1", "x"), Report("r2", "x"),
...                        Report("r3", "x", accounts=["b"])],
...               links=[Link("r1", "r2", accounts=["a"]), Link("r1", "r3", accounts=["b"])])
>>> shown, _ = account_view(story, "b")
>>> [r.id for r in shown.reports], [(l.source, l.target) for l in shown.links]
(['r1', 'r2', 'r3'], [('r1', 'r3')])
>>> compared = compare_accounts(story, None, "a", "b")
>>> sorted(compared.only_second.reports), sorted(compared.only_first.links)
(['r3'], [('r1', 'r2')])
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..analysis import Analysis, analyze
from ..analysis.results import AccountDifference
from ..errors import ProvenanceError
from ..model import Story, account_story
from ..wording import clip, point_caption, report_label
from ..wording.names import claim_text
from . import style
from .picture import LegendEntry

#: The comparison's mark, as a legend entry: a frame around a card (and the colour
#: of a link) that only this account holds.
ONLY_HERE_LEGEND = LegendEntry("only in this account", "ring", style.ACCOUNT_ONLY_COLOR,
                               width=2.4, dash=(4.0, 2.0))

__all__ = ["account_view", "check_account", "account_differences", "compare_accounts",
           "compare_caption", "difference_text", "account_name", "AccountSide", "AccountComparison",
           "ONLY_HERE_LEGEND"]


def check_account(story: Story, account_id: str) -> None:
    """Raise :class:`~provenance.errors.ProvenanceError` unless the story has this account;
    the message lists the accounts it has (or says it has none)."""
    known = [account.id for account in story.accounts]
    if account_id in known:
        return
    if not known:
        raise ProvenanceError(f'unknown account "{account_id}": the story has no accounts '
                              "(only a version 2 story with \"accounts\" has them)")
    listed = ", ".join(f'"{a}"' for a in known)
    raise ProvenanceError(f'unknown account "{account_id}": the story\'s accounts are {listed}')


def account_view(story: Story, account_id: str, analysis: Analysis | None = None
                 ) -> tuple[Story, Analysis]:
    """The story as the account ``account_id`` tells it, and that account's analysis
    (the one in ``analysis.accounts`` when given, else the account's story analysed).

    Raises
    ------
    ProvenanceError
        If the story has no such account (the message lists the ones it has).
    """
    check_account(story, account_id)
    shown = account_story(story, account_id)
    own = analysis.accounts.get(account_id) if analysis is not None else None
    return shown, own if own is not None else analyze(shown)


def _names(accounts: tuple[str, ...], every: tuple[str, ...]) -> tuple[str, ...]:
    return accounts if accounts else every


def account_differences(story: Story) -> tuple[AccountDifference, ...]:
    """The reports, links and claim mentions that belong to some of the story's accounts
    but not to all, with their JSON paths, in file order (``rests_on`` is the analysis's
    to fill: see :attr:`~provenance.analysis.Analysis.differences`).

    A story without accounts has none.
    """
    every = tuple(account.id for account in story.accounts)
    if not every:
        return ()
    whole = set(every)
    out: list[AccountDifference] = []
    for i, report in enumerate(story.reports):
        if report.accounts and set(report.accounts) != whole:
            out.append(AccountDifference(f"reports[{i}]", "report", report.accounts,
                                         report=report.id))
        for j, mention in enumerate(report.claims):
            held = set(_names(report.accounts, every))
            belongs = set(mention.accounts) & held
            if mention.accounts and belongs != held:
                out.append(AccountDifference(f"reports[{i}].claims[{j}]", "mention",
                                             tuple(a for a in every if a in belongs),
                                             report=report.id, claim=mention.claim))
    for k, link in enumerate(story.links):
        if link.accounts and set(link.accounts) != whole:
            out.append(AccountDifference(f"links[{k}]", "link", link.accounts,
                                         link=(link.source, link.target)))
    return tuple(out)


@attrs.frozen
class AccountSide:
    """What one account of two holds and the other does not."""

    account: str
    #: Reports only in this account.
    reports: frozenset[str] = frozenset()
    #: Links (source, target) only in this account.
    links: frozenset[tuple[str, str]] = frozenset()
    #: Reports (in both accounts) whose claim mentions differ: report id -> claim ids.
    mentions: dict[str, frozenset[str]] = attrs.field(factory=dict, hash=False)

    @property
    def marked(self) -> frozenset[str]:
        """Every report whose card a comparison marks on this side."""
        return self.reports | frozenset(self.mentions)


@attrs.frozen
class AccountComparison:
    """Two accounts side by side: what each holds that the other does not, and
    whether they name the same point of distortion."""

    first: str
    second: str
    only_first: AccountSide
    only_second: AccountSide
    #: True when both accounts name the same point (report, claim and kinds).
    agree: bool
    #: The differences (JSON paths) each account's point rests on, by account.
    rests_on: dict[str, tuple[str, ...]] = attrs.field(factory=dict, hash=False)
    #: Every item only some of the story's accounts hold.
    differences: tuple[AccountDifference, ...] = ()


def _side(account: str, other: str, differences: Iterable[AccountDifference],
          every: tuple[str, ...]) -> AccountSide:
    reports: set[str] = set()
    links: set[tuple[str, str]] = set()
    mentions: dict[str, set[str]] = {}
    for difference in differences:
        held = _names(difference.accounts, every)
        if account not in held or other in held:
            continue
        if difference.kind == "report" and difference.report is not None:
            reports.add(difference.report)
        elif difference.kind == "link" and difference.link is not None:
            links.add(difference.link)
        elif difference.kind == "mention" and difference.report is not None:
            mentions.setdefault(difference.report, set()).add(difference.claim or "")
    # A mention of a report that is itself only in this account is that report's.
    return AccountSide(account, frozenset(reports), frozenset(links),
                       {rid: frozenset(c) for rid, c in mentions.items() if rid not in reports})


def _point_key(analysis: Analysis) -> tuple[str, str, frozenset[str]] | None:
    point = analysis.point_of_distortion
    if point is None:
        return None
    return (point.report, point.claim, frozenset(kind.value for kind in point.kinds))


def compare_accounts(story: Story, analysis: Analysis | None, first: str, second: str
                     ) -> AccountComparison:
    """What differs between two accounts of the story: the items each holds that the
    other does not (from ``analysis.differences`` when the analysis lists them, else
    from the story), and whether their points of distortion agree.

    Raises
    ------
    ProvenanceError
        If the story lacks either account.
    """
    check_account(story, first)
    check_account(story, second)
    every = tuple(account.id for account in story.accounts)
    differences = (analysis.differences if analysis is not None and analysis.differences
                   else account_differences(story))
    firsts = account_view(story, first, analysis)[1]
    seconds = firsts if second == first else account_view(story, second, analysis)[1]
    rests_on = {account: tuple(d.path for d in differences if account in d.rests_on)
                for account in (first, second)}
    return AccountComparison(first, second, _side(first, second, differences, every),
                             _side(second, first, differences, every),
                             _point_key(firsts) == _point_key(seconds), rests_on,
                             tuple(differences))


def account_name(story: Story, account_id: str) -> str:
    """An account's name on one line, as menus and captions show it (its id if unnamed)."""
    for account in story.accounts:
        if account.id == account_id:
            return clip(account.name, 80) or account_id
    return account_id


def _counted(side: AccountSide) -> str:
    parts = []
    for count, noun in ((len(side.reports), "report"), (len(side.links), "link"),
                        (sum(len(c) for c in side.mentions.values()), "claim mention")):
        if count:
            parts.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return ", ".join(parts) or "nothing"


def compare_caption(story: Story, comparison: AccountComparison,
                    first: Analysis, second: Analysis) -> tuple[str, ...]:
    """The lines over a side-by-side comparison: whether the two accounts name the same
    point of distortion, each one's point (``first`` and ``second`` are their
    analyses), and what each holds that the other does not.

    >>> from provenance.model import Account, Actor, Report, Story
    >>> story = Story("S", accounts=[Account("a", "A's account"), Account("b", "B's")],
    ...               actors=[Actor("x", "X")],
    ...               reports=[Report("r1", "x"), Report("r2", "x", accounts=["b"])])
    >>> compared = compare_accounts(story, None, "a", "b")
    >>> analyses = [account_view(story, a)[1] for a in ("a", "b")]
    >>> for line in compare_caption(story, compared, *analyses):
    ...     print(line)
    The two accounts name the same point of distortion.
    A's account: No distortion found
    B's: No distortion found
    Only in A's account: nothing. Only in B's: 1 report.
    """
    names = (account_name(story, comparison.first), account_name(story, comparison.second))
    verdict = ("The two accounts name the same point of distortion." if comparison.agree
               else "The two accounts disagree on the point of distortion.")
    # The point's caption names reports and actors: each account's own story holds them.
    firsts = account_story(story, comparison.first)
    seconds = account_story(story, comparison.second)
    lines = [verdict,
             f"{names[0]}: {point_caption(firsts, first)}",
             f"{names[1]}: {point_caption(seconds, second)}",
             f"Only in {names[0]}: {_counted(comparison.only_first)}. "
             f"Only in {names[1]}: {_counted(comparison.only_second)}."]
    for name, account in zip(names, (comparison.first, comparison.second), strict=True):
        held = [d for d in comparison.differences if d.path in comparison.rests_on[account]]
        if held:
            lines.append(f"{name}'s point rests on: "
                         + "; ".join(difference_text(story, d) for d in held) + ".")
    return tuple(lines)


def difference_text(story: Story, difference: AccountDifference) -> str:
    """An item only some accounts hold, in words: "Russian Ministry of Defence,
    statement [mod-statement] carrying “Jets of the …”", a report's label, or a link's
    two reports."""
    if difference.kind == "link" and difference.link is not None:
        source, target = difference.link
        return f"the link {_label(story, source)} → {_label(story, target)}"
    if difference.report is None:
        return difference.path
    label = _label(story, difference.report)
    if difference.kind == "mention" and difference.claim is not None:
        return f"{label} carrying “{claim_text(story, difference.claim, 60)}”"
    return label


def _label(story: Story, report_id: str) -> str:
    try:
        return report_label(story, report_id)
    except KeyError:
        return report_id
