"""Competing accounts (format version 2): each account analysed as a story, then compared.

:func:`_compare_accounts` analyses each account's story (the items that belong to it,
:func:`_account_story`), says whether the accounts agree on the point of distortion
(the same report, claim and kinds), and lists the differences: every report, link and
claim mention that only some accounts hold, with the accounts whose point rests on it
(removing it from that account changes the account's point).

Whether a point rests on an item is not found by analysing the whole account again.
Removing a report, link or mention changes the distortions of a few claims only: the
claims the item's report (and, for a report or link, the reports it feeds) carries, and
the claims those qualify. The other claims keep their distortions. When none of those
claims is the point's and none has enough reports to reach as far as the point does,
the point stands. Otherwise the story of those claims alone (their carriers, with their
firsthand flags as in the whole account, and the links between them) is analysed, and
the point is chosen again among its distortions and the other claims' best.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs
import numpy as np

from ..model import Report, Story
from ._distortions import _rank_key
from ._index import _Index
from .results import AccountDifference, Analysis, Distortion, Role

#: One account's analysis and the index and distortions (per claim) behind it.
_Analysed = tuple[Analysis, _Index, Sequence[tuple[Distortion, ...]]]


def _in(accounts: tuple[str, ...], account_id: str) -> bool:
    return not accounts or account_id in accounts


def _account_story(story: Story, account_id: str) -> Story:
    """:func:`provenance.model.account_story`, keeping the items that name no account."""
    reports = []
    for r in story.reports:
        if not _in(r.accounts, account_id):
            continue
        if r.accounts or any(m.accounts for m in r.claims):
            r = attrs.evolve(r, accounts=(), claims=tuple(
                m if not m.accounts else attrs.evolve(m, accounts=())
                for m in r.claims if _in(m.accounts, account_id)))
        reports.append(r)
    links = [link if not link.accounts else attrs.evolve(link, accounts=())
             for link in story.links if _in(link.accounts, account_id)]
    return attrs.evolve(story, reports=reports, links=links, accounts=())


def _point_key(point: Distortion | None) -> tuple[str, str, tuple[Role, ...]] | None:
    """What two accounts must share to name the same point: report, claim and kinds."""
    return None if point is None else (point.report, point.claim, point.kinds)


@attrs.frozen
class _Removal:
    """One item taken out of an account: a report (id), a mention (report id and its
    place among the account's mentions of that report) or a link (its place)."""

    report: str | None = None
    mention: tuple[str, int] | None = None
    link: int | None = None


class _Account:
    """One account's story and analysis, and what "the point without one item" needs."""

    def __init__(self, story: Story, analysed: _Analysed,
                 distortions_of: Callable[[Story, set[str]], list[Distortion]]) -> None:
        self.story = story
        self.analysis, self.index, per_claim = analysed
        self.distortions_of = distortions_of
        ix = self.index
        self.key = _point_key(self.analysis.point_of_distortion)
        self.best: list[tuple[object, Distortion] | None] = []
        # Equal ranks (one report's distortions of two claims) go to the earlier claim.
        self.claim_place = {claim: c for c, claim in enumerate(ix.claim_ids)}
        for c, found in enumerate(per_claim):
            stated = [((_rank_key(ix, d), c), d) for d in found if d.states]
            self.best.append(min(stated, key=lambda x: x[0]) if stated else None)
        self.carriers = np.bincount(ix.p_claim, minlength=ix.claims)

    def changes(self, removal: _Removal) -> bool:
        """True when removing the item changes this account's point of distortion."""
        ix = self.index
        affected = self._affected(removal)
        point = self.analysis.point_of_distortion
        if point is not None and ix.claim_ids.index(point.claim) not in affected:
            reach = len(point.reach)
            if all(int(self.carriers[c]) - 1 < reach for c in affected):
                return False
        found = self.distortions_of(self._without(removal, affected),
                                    {ix.claim_ids[c] for c in affected})
        choice: tuple[object, Distortion] | None = None
        for c, best in enumerate(self.best):
            if c not in affected and best is not None and (
                    choice is None or best[0] < choice[0]):  # type: ignore[operator]
                choice = best
        for d in found:
            if d.states:
                key = (_rank_key(ix, d), self.claim_place[d.claim])
                if choice is None or key < choice[0]:  # type: ignore[operator]
                    choice = (key, d)
        return _point_key(None if choice is None else choice[1]) != self.key

    def _claims_of(self, reports: Iterable[int]) -> set[int]:
        ix = self.index
        found: set[int] = set()
        for r in reports:
            found.update(ix.m_claim[ix.m_start[r]:ix.m_start[r + 1]].tolist())
        return found

    def _affected(self, removal: _Removal) -> set[int]:
        ix = self.index
        if removal.report is not None:
            r = ix.pos[removal.report]
            fed = ix.out_dst[ix.out_ptr[r]:ix.out_ptr[r + 1]].tolist()
            claims = self._claims_of([r, *fed])
        elif removal.mention is not None:
            r = ix.pos[removal.mention[0]]
            claims = {int(ix.m_claim[ix.m_start[r] + removal.mention[1]])}
        else:
            assert removal.link is not None
            claims = self._claims_of([int(ix.l_dst[removal.link])])
        # A qualifier's change is its qualified claim's (context dropped).
        claims |= {int(ix.c_qualifies[c]) for c in claims if ix.c_qualifies[c] >= 0}
        return claims

    def _without(self, removal: _Removal, affected: set[int]) -> Story:
        """The story of the affected claims alone, without the item."""
        ix, story = self.index, self.story
        wanted = np.zeros(ix.claims, bool)
        wanted[list(affected)] = True
        for c in affected:
            wanted[ix.qualifiers.get(c, [])] = True
        carries = np.zeros(ix.n, bool)
        carries[ix.m_report[np.isin(ix.m_claim, list(affected))]] = True
        fed = ix.trans_indeg.copy()
        link_kept = np.ones(len(ix.l_src), bool)
        if removal.report is not None:
            r = ix.pos[removal.report]
            carries[r] = False
            gone = ix.l_src == r
            np.subtract.at(fed, ix.l_dst[gone & ix.l_trans], 1)
            link_kept &= ~gone & (ix.l_dst != r)
        if removal.link is not None:
            link_kept[removal.link] = False
            if ix.l_trans[removal.link]:
                fed[ix.l_dst[removal.link]] -= 1
        link_kept &= carries[ix.l_src] & carries[ix.l_dst]
        drop = (ix.pos[removal.mention[0]], removal.mention[1]) if removal.mention else None
        names = set(np.array(ix.claim_ids, object)[wanted].tolist())
        reports: list[Report] = []
        for r in np.nonzero(carries)[0].tolist():
            report = story.reports[r]
            mentions = tuple(m for j, m in enumerate(report.claims)
                             if m.claim in names and (drop is None or drop != (r, j)))
            firsthand = report.firsthand if report.firsthand is not None else bool(fed[r] == 0)
            reports.append(attrs.evolve(report, firsthand=firsthand, claims=mentions))
        links = [story.links[k] for k in np.nonzero(link_kept)[0].tolist()]
        return Story(story.title, actors=story.actors, claims=story.claims,
                     reports=reports, links=links)


def _compare_accounts(
    story: Story, analyse: Callable[[Story], _Analysed],
    distortions_of: Callable[[Story, set[str]], list[Distortion]],
) -> Analysis:
    """The analysis of a story with accounts (see the module's docstring)."""
    accounts = {a.id: _Account(s := _account_story(story, a.id), analyse(s), distortions_of)
                for a in story.accounts}
    keys = {account.key for account in accounts.values()}
    agree = len(keys) == 1
    first = accounts[story.accounts[0].id].analysis
    return attrs.evolve(
        first,
        point_of_distortion=first.point_of_distortion if agree else None,
        accounts={name: account.analysis for name, account in accounts.items()},
        accounts_agree=agree,
        differences=tuple(_differences(story, accounts)),
    )


def _differences(story: Story, accounts: dict[str, _Account]) -> list[AccountDifference]:
    everyone = tuple(accounts)

    def members(own: tuple[str, ...], within: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a for a in within if not own or a in own)

    out: list[AccountDifference] = []
    for i, report in enumerate(story.reports):
        held = members(report.accounts, everyone)
        if held != everyone:
            removal = _Removal(report=report.id)
            out.append(AccountDifference(
                f"reports[{i}]", "report", held, report=report.id,
                rests_on=tuple(a for a in held if accounts[a].changes(removal))))
        if not any(m.accounts for m in report.claims):
            continue
        for j, mention in enumerate(report.claims):
            m_held = members(mention.accounts, held)
            if m_held == held:
                continue
            rests = []
            for a in m_held:
                place = sum(1 for m in report.claims[:j] if _in(m.accounts, a))
                if accounts[a].changes(_Removal(mention=(report.id, place))):
                    rests.append(a)
            out.append(AccountDifference(
                f"reports[{i}].claims[{j}]", "mention", m_held, report=report.id,
                claim=mention.claim, rests_on=tuple(rests)))
    places = dict.fromkeys(everyone, 0)
    for k, link in enumerate(story.links):
        held = members(link.accounts, everyone)
        at = dict(places)
        for a in held:
            places[a] += 1
        if held == everyone:
            continue
        out.append(AccountDifference(
            f"links[{k}]", "link", held, link=(link.source, link.target),
            rests_on=tuple(a for a in held if accounts[a].changes(_Removal(link=at[a])))))
    return out
