"""Competing accounts (format version 2): each account analysed as a story, then compared.

:func:`_compare_accounts` analyses each account's story (the items that belong to it,
:func:`_account_story`), says whether the accounts agree on the point of distortion
(the same report, claim and kinds), and lists the differences: every report, link and
claim mention that only some accounts hold, with the accounts whose point rests on it
(removing it from that account changes the account's point).

Whether a point rests on an item is not found by analysing the whole account again.
Taking out a report, a link or a claim's only mention in its report
(:meth:`_Account._changes_from_full`) only takes support edges away: the account's full roles and
dominator trees (its :class:`~._distortions._Result`) are corrected where the item reaches
(:class:`_Without`, built like the alternatives' :class:`~._alternatives._Variant`: the
roles of the nodes it touched, then the dominators where one can move), and the point is
chosen again among the stated distortions of the claims it touched and the other claims'
best. A link that transmits nothing changes no role and no edge: the point stands.

Any other mention (one of several of its claim in its report, an attribution denial, a
qualifying claim's) goes the longer way. Removing it changes the distortions of its claim
and the claim that one qualifies; the other claims keep theirs. When neither is the
point's and neither has enough reports to reach as far as the point does, the point
stands. Otherwise those claims alone are worked out again on the account's arrays (their
mentions, the links, each report's firsthand flag as in the whole account:
``_Index.without``), and the point is chosen again among their stated distortions and the
other claims' best.
"""

from __future__ import annotations

import copy
import functools
import heapq
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

import attrs
import numpy as np

from ..model import Story
from ._alternatives import _MOVE_LIMIT, _Variant
from ._arrays import _INT, _Array, _ranges
from ._checks import _quotes_not_found
from ._distortions import _node_key, _rank_key, _Result
from ._dominators import _Support
from ._index import _Index
from ._roles import _CIRCULAR, _ROLE_TUPLES, _states
from .results import DISTORTION_ROLES, AccountDifference, Analysis, DataWarning, Distortion, Role

_ACCOUNTS = attrgetter("accounts")

#: One account's analysis and the index, distortions (per claim) and result behind it.
_Analysed = tuple[Analysis, _Index, Sequence[tuple[Distortion, ...]], _Result]


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

    def __init__(self, story: Story, analysed: _Analysed) -> None:
        self.story = story
        self.analysis, self.index, per_claim, self.result = analysed
        ix = self.index
        # Removing links and mentions keeps every report after its sources.
        self.level = self.result.level
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
        quick = self._changes_from_full(removal)
        if quick is not None:
            return quick
        affected = self._affected(removal)
        if not affected:  # no claim's findings change
            return False
        point = self.analysis.point_of_distortion
        if point is not None and self.claim_place[point.claim] not in affected:
            reach = len(point.reach)
            if all(int(self.carriers[c]) - 1 < reach for c in affected):
                return False
        choice: tuple[object, tuple[str, str, tuple[Role, ...]]] | None = None
        for c, best in enumerate(self.best):
            if c not in affected and best is not None and (
                    choice is None or best[0] < choice[0]):  # type: ignore[operator]
                choice = (best[0], _point_key(best[1]))  # type: ignore[assignment]
        for key, found in self._stated_without(removal, affected):
            if choice is None or key < choice[0]:
                choice = (key, found)
        return (None if choice is None else choice[1]) != self.key

    def _changes_from_full(self, removal: _Removal) -> bool | None:
        """Whether removing the item changes the point, worked out from the account's
        full roles and dominator trees (:class:`_Without`); None where that is not done
        (a mention that is not the only one of its claim in its report, one of
        attribution, or one of a qualifying claim)."""
        ix = self.index
        point = self.analysis.point_of_distortion
        empty = np.zeros(0, _INT)
        if removal.link is not None:
            if not ix.l_trans[removal.link]:
                return False  # only transmitting links make roles and support edges
            k = removal.link
            return self._point_changed(_Without(
                self.result, ix, k, np.array([ix.l_dst[k]], _INT), empty, empty))
        if removal.report is not None:
            if point is not None and point.report == removal.report:
                return True
            r = ix.pos[removal.report]
            links = np.nonzero((ix.l_src == r) | (ix.l_dst == r))[0].astype(_INT)
            dead = np.arange(ix.r_ptr[r], ix.r_ptr[r + 1], dtype=_INT)
            return self._point_changed(_Without(
                self.result, ix, links, np.unique(ix.l_dst[links]).astype(_INT), empty, dead))
        assert removal.mention is not None
        r = ix.pos[removal.mention[0]]
        m = int(ix.m_start[r]) + removal.mention[1]
        c = int(ix.m_claim[m])
        lo, hi = int(ix.m_start[r]), int(ix.m_start[r + 1])
        same = (ix.m_claim[lo:hi] == c) & ~ix.m_of[lo:hi]
        if ix.m_of[m] or ix.c_qualifies[c] >= 0 or int(same.sum()) != 1:
            return None
        x = int(ix.node(np.array([r]), np.array([c]))[0])
        if point is not None and ix.ids[r] == point.report and ix.claim_ids[c] == point.claim:
            return True
        # The node goes: as a source it then carries nothing (as no node would).
        gone = copy.copy(ix)
        gone.p_aff, gone.p_neg = ix.p_aff.copy(), ix.p_neg.copy()
        gone.p_aff[x] = gone.p_neg[x] = -1
        users = ix.tout_dst[ix.tout_ptr[r]:ix.tout_ptr[r + 1]]
        fed = ix.node(users, np.full(len(users), c, _INT))
        return self._point_changed(_Without(
            self.result, gone, empty, empty, fed[fed >= 0].astype(_INT),
            np.array([x], _INT)))

    def _point_changed(self, variant: _Variant) -> bool:
        """Whether the point of the account changed into ``variant``'s: the best stated
        distortion of the claims it worked out again, or another claim's best."""
        ix = self.index
        choice: tuple[object, tuple[str, str, tuple[Role, ...]]] | None = None
        for c, best in enumerate(self.best):
            if c not in variant.claims and best is not None and (
                    choice is None or best[0] < choice[0]):  # type: ignore[operator]
                choice = (best[0], _point_key(best[1]))  # type: ignore[assignment]
        mine = np.zeros(ix.claims, bool)
        mine[list(variant.claims)] = True
        for node in np.nonzero(variant.stating & mine[ix.p_claim])[0].tolist():
            c = int(ix.p_claim[node])
            key = (_node_key(ix, variant.reach_size_of(node), node), c)
            if choice is None or key < choice[0]:  # type: ignore[operator]
                kinds = tuple(role for role in _ROLE_TUPLES[int(variant.code[node]) & ~_CIRCULAR]
                              if role in DISTORTION_ROLES)
                choice = (key, (ix.ids[int(ix.p_report[node])], ix.claim_ids[c], kinds))
        return (None if choice is None else choice[1]) != self.key

    def _stated_without(self, removal: _Removal, affected: set[int]
                        ) -> list[tuple[Any, tuple[str, str, tuple[Role, ...]]]]:
        """The rank and identity of each stated distortion of the affected claims,
        without the item."""
        ix = self.index
        sub = self._without(removal, affected)  # (it holds only those claims' nodes)
        result = _Result(sub, self.level, np.arange(sub.nodes, dtype=_INT), -1, planted=False)
        mine = np.zeros(sub.claims, bool)
        mine[list(affected)] = True
        nodes = np.nonzero(mine[sub.p_claim])[0]
        support = result.support
        stating = _states(sub, result.code, result.shown, support.distortion,
                          support.stated)  # type: ignore[attr-defined]
        out: list[tuple[Any, tuple[str, str, tuple[Role, ...]]]] = []
        reach_size = support.reach_size  # type: ignore[attr-defined]
        for node in nodes[stating[nodes]].tolist():
            c = int(sub.p_claim[node])
            code = int(result.code[node])
            kinds = tuple(role for role in _ROLE_TUPLES[code & ~_CIRCULAR]
                          if role in DISTORTION_ROLES)
            key = (_node_key(ix, int(reach_size[node]), node, sub), c)
            out.append((key, (ix.ids[int(sub.p_report[node])], ix.claim_ids[c], kinds)))
        return out

    def _claims_of(self, reports: Iterable[int]) -> set[int]:
        ix = self.index
        found: set[int] = set()
        for r in reports:
            found.update(ix.m_claim[ix.m_start[r]:ix.m_start[r + 1]].tolist())
        return found

    def _affected(self, removal: _Removal) -> set[int]:
        """The claims whose distortions removing the item can change.

        A report's claims (its nodes go), and a claim a report it feeds carries too (that
        report loses a source of it); a link's target's claims its source carries; and
        every claim of a report that then speaks firsthand (it has no transmitting source
        left). Then the claims these qualify (context dropped)."""
        ix = self.index
        if removal.mention is not None:
            r = ix.pos[removal.mention[0]]
            claims = {int(ix.m_claim[ix.m_start[r] + removal.mention[1]])}
        else:
            if removal.report is not None:
                r = ix.pos[removal.report]
                claims = self._claims_of([r])
                gone = np.nonzero((ix.l_src == r) & (ix.l_dst != r))[0]
            else:
                assert removal.link is not None
                r = int(ix.l_src[removal.link])
                claims = set()
                gone = np.array([removal.link])
            source = self._claims_of([r])
            fed = ix.trans_indeg.copy()
            transmitting = gone[ix.l_trans[gone]]
            np.subtract.at(fed, ix.l_dst[transmitting], 1)
            for t in np.unique(ix.l_dst[gone]).tolist():
                theirs = self._claims_of([t])
                alone = ix.r_firsthand[t] == 2 and fed[t] == 0 and ix.trans_indeg[t] > 0
                claims |= theirs if alone else theirs & source
        # A qualifier's change is its qualified claim's (context dropped).
        claims |= {int(ix.c_qualifies[c]) for c in claims if ix.c_qualifies[c] >= 0}
        return claims

    def _without(self, removal: _Removal, affected: set[int]) -> _Index:
        """The account's index with only the affected claims (and their qualifiers),
        without the item; each report's firsthand flag as in the whole account."""
        ix = self.index
        wanted = np.zeros(ix.claims, bool)
        wanted[list(affected)] = True
        for c in affected:
            wanted[ix.qualifiers.get(c, [])] = True
        mentions = wanted[ix.m_claim]
        links = np.ones(len(ix.l_src), bool)
        fed = ix.trans_indeg.copy()
        if removal.report is not None:
            r = ix.pos[removal.report]
            mentions &= ix.m_report != r
            gone = (ix.l_src == r) | (ix.l_dst == r)
            np.subtract.at(fed, ix.l_dst[gone & ix.l_trans], 1)
            links &= ~gone
        if removal.link is not None:
            links[removal.link] = False
            if ix.l_trans[removal.link]:
                fed[ix.l_dst[removal.link]] -= 1
        if removal.mention is not None:
            r = ix.pos[removal.mention[0]]
            mentions[int(ix.m_start[r]) + removal.mention[1]] = False
        firsthand = np.where(ix.r_firsthand == 2, (fed == 0).astype(np.int8), ix.r_firsthand)
        return ix.without(mentions, links, firsthand.astype(np.int8))


class _Without(_Variant):
    """The account's roles and support graphs without some links and nodes (a report, or
    a mention that was its report's only one of the claim), from the full ones.

    Only the reach sizes are corrected (what the point is, not what it reaches): the
    account loses support edges and nothing gains one, so a node's dominator can change
    only when one of its predecessors changed, or when the chain of dominators of one of
    its predecessors passes a node whose dominator changed and it lies outside that node's
    subtree. So only the nodes that lost a predecessor and the targets of edges leaving
    the subtree of a node that moved are looked at again, in level order; each moved node
    takes the part of its old subtree that did not move on with it (``_moves``). Parts
    with a loop, and changes that move too many nodes, go the way of :class:`_Variant`.
    """

    def __init__(self, base: _Result, index: _Index, links: int | _Array, reports: _Array,
                 fed: _Array, dead: _Array) -> None:
        self._start(base, index, links, reports, fed, dead)
        if not self._moves():
            self._finish()

    def _moves(self) -> bool:
        """The moved nodes and the reach corrections; False when not done this way."""
        ix, sup = self.index, self.base_support
        self.fresh_parts: set[int] = set()
        self.fresh = None
        self.moved = {}
        self.delta = {}
        touched = np.isin(sup.part, [c * 2 + side for c in self.claims for side in (0, 1)])
        if (touched & sup.slow).any():
            return False
        if not self.preds:  # (no support edge lost: the trees stand)
            return True
        root, parent, level = sup.root, sup.parent, sup.level
        tin, size, pre = sup._tin, sup._size, sup._pre
        moved = self.moved

        def up(v: int) -> int:
            found = moved.get(v)
            return int(parent[v]) if found is None else found

        def common(a: int, b: int) -> int:
            """Lowest common ancestor in the changed tree: a dominator is on a lower level."""
            while a != b:
                la = -1 if a == root else int(level[a])
                lb = -1 if b == root else int(level[b])
                if la >= lb:
                    a = up(a)
                if lb >= la:
                    b = up(b)
            return a

        by_part: dict[int, list[int]] = {}
        for x in self.preds:
            by_part.setdefault(int(sup.part[x]), []).append(x)
        for part, changed in by_part.items():
            # Node by node beats starting afresh while few of the part's nodes move.
            limit = min(_MOVE_LIMIT, max(256, int(np.count_nonzero(sup.part == part)) // 32))
            here: list[int] = []
            heap = [(int(level[x]), x) for x in changed]
            heapq.heapify(heap)
            done: set[int] = set()
            while heap:
                _, v = heapq.heappop(heap)
                if v in done:
                    continue
                done.add(v)
                preds = (self.preds[v] if v in self.preds
                         else sup.edge_src[sup.ptr[v]:sup.ptr[v + 1]].tolist())
                new = functools.reduce(common, preds) if preds else root
                if new == int(parent[v]):
                    continue
                moved[v] = new
                here.append(v)
                if len(here) > limit:
                    break
                # The targets of the edges leaving v's subtree (and a few more: any node
                # of the claim and polarity a transmitting link out of it reaches).
                lo = int(tin[v])
                hi = lo + int(size[v])
                inside = pre[lo:hi]
                reports = ix.p_report[inside]
                start = ix.tout_ptr[reports]
                users = ix.tout_dst[_ranges(start, ix.tout_ptr[reports + 1] - start)]
                after = ix.node(users, np.full(len(users), ix.p_claim[v], _INT))
                after = after[after >= 0]
                after = after[ix.p_positive[after] == ix.p_positive[v]]
                at = tin[after]
                for w in np.unique(after[(at < lo) | (at >= hi)]).tolist():
                    if w not in done:
                        heapq.heappush(heap, (int(level[w]), w))
            if len(here) > limit:  # this part is worked out afresh
                for v in here:
                    del moved[v]
                self.fresh_parts.add(part)
        # Each moved node takes the part of its old subtree that moves with it: all of it
        # less the subtrees of the moved nodes nearest below it.
        group: dict[int, int] = {}
        open_: list[int] = []
        for m in sorted(moved, key=lambda x: int(tin[x])):
            while open_ and int(tin[m]) >= int(tin[open_[-1]]) + int(size[open_[-1]]):
                open_.pop()
            group[m] = int(size[m])
            if open_:
                group[open_[-1]] -= int(size[m])
            open_.append(m)
        delta = self.delta
        for m, count in group.items():
            a = int(parent[m])
            while a != root:
                delta[a] = delta.get(a, 0) - count
                a = int(parent[a])
            a = moved[m]
            while a != root:
                delta[a] = delta.get(a, 0) + count
                a = up(a)
        if self.fresh_parts:
            self.fresh = self._afresh(self.fresh_parts)
        return True

    def _afresh(self, parts: set[int]) -> _Support:
        """The support graphs of some parts worked out again: their reach only."""
        ix, sup = self.index, self.base_support
        wanted = list(parts)
        nodes = np.nonzero(np.isin(sup.part, wanted))[0].astype(_INT)
        keep = np.isin(sup.part[sup.edge_dst], wanted) & ~np.isin(sup.edge_dst, list(self.preds))
        src, dst = [sup.edge_src[keep]], [sup.edge_dst[keep]]
        for x, preds in self.preds.items():
            if int(sup.part[x]) in parts:
                src.append(np.array(preds, _INT))
                dst.append(np.full(len(preds), x, _INT))
        edge_src, edge_dst = np.concatenate(src).astype(_INT), np.concatenate(dst).astype(_INT)
        order = np.argsort(edge_dst, kind="stable")
        return _Support(ix, nodes, self.code, self.node_firsthand, edge_src[order],
                        edge_dst[order], None, self.shown, planted=False)


def _compare_accounts(story: Story, analyse: Callable[[Story], _Analysed]) -> Analysis:
    """The analysis of a story with accounts (see the module's docstring)."""
    accounts = {a.id: _Account(s := _account_story(story, a.id), analyse(s))
                for a in story.accounts}
    keys = {account.key for account in accounts.values()}
    agree = len(keys) == 1
    first = accounts[story.accounts[0].id].analysis
    return attrs.evolve(
        first,
        point_of_distortion=first.point_of_distortion if agree else None,
        warnings=_file_warnings(story, [a.analysis for a in accounts.values()]),
        accounts={name: account.analysis for name, account in accounts.items()},
        accounts_agree=agree,
        differences=tuple(_differences(story, accounts)),
    )


def _file_warnings(story: Story, analyses: list[Analysis]) -> tuple[DataWarning, ...]:
    """The data warnings of a story with accounts: each account's (once each), except
    that quotes are checked in the file itself, so that every report is looked at and
    each warning gives the file's JSON path."""
    seen: set[tuple[str, str]] = set()
    out: list[DataWarning] = []
    for analysis in analyses:
        for warning in analysis.warnings:
            key = (warning.kind, warning.message)
            if warning.kind != "quote_not_found" and key not in seen:
                seen.add(key)
                out.append(warning)
    out.extend(_quotes_not_found(story))
    return tuple(out)


def _differences(story: Story, accounts: dict[str, _Account]) -> list[AccountDifference]:
    everyone = tuple(accounts)

    def members(own: tuple[str, ...], within: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a for a in within if not own or a in own)

    out: list[AccountDifference] = []
    for i, report in enumerate(story.reports):
        if not report.accounts and not any(map(_ACCOUNTS, report.claims)):
            continue  # (most reports: in every account, with every mention)
        held = members(report.accounts, everyone)
        if held != everyone:
            removal = _Removal(report=report.id)
            out.append(AccountDifference(
                f"reports[{i}]", "report", held, report=report.id,
                rests_on=tuple(a for a in held if accounts[a].changes(removal))))
        if not any(map(_ACCOUNTS, report.claims)):
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
    # A link's place in an account: its place in the story less the earlier links the
    # account does not hold.
    left_out = dict.fromkeys(everyone, 0)
    for k, link in enumerate(story.links):
        if not link.accounts:
            continue
        held = members(link.accounts, everyone)
        for a in everyone:
            if a not in held:
                left_out[a] += 1
        if held == everyone:
            continue
        out.append(AccountDifference(
            f"links[{k}]", "link", held, link=(link.source, link.target),
            rests_on=tuple(a for a in held
                           if accounts[a].changes(_Removal(link=k - left_out[a])))))
    return out
