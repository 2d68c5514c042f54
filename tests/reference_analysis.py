"""ORACLE: a copy of provenance/analysis.py before the speed work (issue 2), brought up
to the rules of issue 11 (story format version 2 and the corrections to the analysis).

Do not optimise or edit this file except to keep it equal in meaning to the rules of the
story-format page; tests/analysis/test_equivalence.py checks the fast analysis
(provenance/analysis/) against it. Issue 11 changed it, rule by rule, from the page's
sections "Corrections to the analysis rules" and "Version 2": faithful excludes every
distortion role; a rebuttal denies the claim (or the attribution) and comes after what it
rebuts; the strongest denial counts; quotes not found in their report are data warnings;
satire transmits nothing (``satire_as_fact``); headline and body (``headline_overstates``);
attribution denials; hedged denials; context dropped (``context_dropped``); competing
accounts (each account analysed as a story, then compared).

The distortion analysis: who changed which claim, who inherited it, who rebutted it.

:func:`analyze` follows the last section of the story format ("What the analysis
is expected to find"). For every claim, each report that carries it gets one or
more :class:`Role`; a report whose role is ``invented``, ``inflated``,
``flipped`` or ``misattributed`` is a :class:`Distortion`. A distortion's reach
is the set of later reports that carry the changed claim *only* through it:
the reports it dominates in the claim's support graph (transmitting links
between reports that carry the claim with the same polarity). The point of
distortion is the stated distortion (``attributes`` or ``asserts``, or
``denies`` for a flip) with the greatest reach; ties go to the larger audience,
then the earlier publication.

Examples
--------
>>> from provenance.model import *
>>> story = Story(
...     "Demo",
...     actors=[Actor("a", "Agency"), Actor("b", "Blog")],
...     claims=[Claim("c", "It happened")],
...     reports=[Report("r1", "a", claims=[ClaimMention("c", Stance.IMPLIES)]),
...              Report("r2", "b", claims=[ClaimMention("c", Stance.ASSERTS)]),
...              Report("r3", "b", claims=[ClaimMention("c", Stance.ASSERTS)])],
...     links=[Link("r1", "r2", Relation.PARAPHRASES), Link("r2", "r3", Relation.QUOTES)],
... )
>>> result = analyze(story)
>>> point = result.point_of_distortion
>>> point.report, [k.value for k in point.kinds], point.before.value, point.after.value
('r2', ['inflated'], 'implies', 'asserts')
>>> point.reach
('r3',)
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum

import attrs

from provenance.model import (
    STANCE_STRENGTH,
    TRANSMITTING,
    ClaimMention,
    Genre,
    Part,
    Stance,
    Story,
    account_story,
)

__all__ = [
    "Role",
    "Distortion",
    "ClaimFindings",
    "DataWarning",
    "Alternative",
    "Analysis",
    "analyze",
    "DISTORTION_ROLES",
]


class Role(str, Enum):
    """The part a report plays for one claim (see the format page)."""

    ORIGIN = "origin"
    FAITHFUL = "faithful"
    INVENTED = "invented"
    INFLATED = "inflated"
    FLIPPED = "flipped"
    MISATTRIBUTED = "misattributed"
    CIRCULAR = "circular"
    SATIRE_AS_FACT = "satire_as_fact"
    HEADLINE_OVERSTATES = "headline_overstates"
    CONTEXT_DROPPED = "context_dropped"


#: The roles that make a report a distortion of a claim.
DISTORTION_ROLES: frozenset[Role] = frozenset(
    {Role.INVENTED, Role.INFLATED, Role.FLIPPED, Role.MISATTRIBUTED,
     Role.SATIRE_AS_FACT, Role.HEADLINE_OVERSTATES, Role.CONTEXT_DROPPED}
)
#: Every role that is not faithful to the sources (faithful excludes all of them).
_UNFAITHFUL = DISTORTION_ROLES | {Role.CIRCULAR}
_PLANTING = frozenset({Stance.IMPLIES, Stance.QUESTIONS})
_STATED = frozenset({Stance.ATTRIBUTES, Stance.ASSERTS})


@attrs.frozen
class Distortion:
    """One report changing one claim.

    ``before`` is the strongest stance the report's transmitting sources carried
    (as the report saw it: a firsthand ``asserts`` seen through a link counts as
    ``attributes``), None for an invention. ``sources`` are the transmitting
    sources that carried the claim (for an invention: every transmitting source
    the report drew on). ``reach`` is every later report carrying the changed
    claim only through this one. ``planted`` names earlier distortions that only
    implied or questioned the claim and that this one drew on.
    ``uncertain_links`` are the links below confidence 1.0 this finding rests on.
    """

    report: str
    claim: str
    kinds: tuple[Role, ...]
    before: Stance | None
    after: Stance
    sources: tuple[str, ...]
    reach: tuple[str, ...]
    planted: tuple[str, ...] = ()
    holder: str | None = None
    source_holders: tuple[str, ...] = ()
    attribution_dropped: bool = False
    quote: str | None = None
    uncertain_links: tuple[tuple[str, str], ...] = ()
    dropped: str | None = None
    part: Part = Part.BODY

    @property
    def plants(self) -> bool:
        """True when the change only implies or questions the claim."""
        return self.after in _PLANTING

    @property
    def states(self) -> bool:
        """True when the change leaves the claim stated (eligible as point of distortion):
        affirmed, or denied by a flip or by a hedged denial made firm."""
        return self.after in _STATED or (
            self.after is Stance.DENIES
            and (Role.FLIPPED in self.kinds or Role.INFLATED in self.kinds))


@attrs.frozen
class ClaimFindings:
    """What the analysis found for one claim."""

    claim: str
    #: report id -> its roles for this claim, in story order.
    roles: Mapping[str, tuple[Role, ...]]
    distortions: tuple[Distortion, ...]
    #: Reports that dispute the claim: a denial in their own name, or a ``rebuts`` link.
    rebuttals: tuple[str, ...]
    #: The earliest dated rebuttal (report id), if any rebuttal is dated.
    first_rebuttal: str | None
    first_rebuttal_time: str | None
    #: Reports that carried the claim after a rebuttal (later in time, or drawing on one).
    carried_after_rebuttal: tuple[str, ...]
    #: Of those, the ones the rebuttal reached (they mention a denial or draw on a rebuttal).
    rebuttal_reached: tuple[str, ...]
    #: Reports that carry the claim only through a loop (see Role.CIRCULAR).
    circular: tuple[str, ...]


@attrs.frozen
class AccountDifference:
    """A report, link or claim mention that only some accounts hold."""

    path: str
    kind: str
    accounts: tuple[str, ...]
    report: str | None = None
    link: tuple[str, str] | None = None
    claim: str | None = None
    rests_on: tuple[str, ...] = ()


@attrs.frozen
class DataWarning:
    """Something in the data a user should look at; not an error."""

    kind: str
    message: str
    reports: tuple[str, ...] = ()


@attrs.frozen
class Alternative:
    """What the point of distortion would be without one uncertain link."""

    link: tuple[str, str]
    confidence: float
    #: The point of distortion without the link (None: no point at all).
    point_of_distortion: Distortion | None


@attrs.frozen
class Analysis:
    """The result of :func:`analyze`."""

    point_of_distortion: Distortion | None
    #: Every distortion, the greatest reach first.
    distortions: tuple[Distortion, ...]
    claims: Mapping[str, ClaimFindings]
    #: Groups of reports that draw on each other in a loop.
    cycles: tuple[tuple[str, ...], ...]
    #: Reports published before a source they draw on: (source, target) pairs.
    published_before_source: tuple[tuple[str, str], ...]
    warnings: tuple[DataWarning, ...]
    #: Links below 1.0 the point of distortion rests on, and the point without each.
    alternatives: tuple[Alternative, ...] = ()
    accounts: Mapping[str, Analysis] = attrs.field(factory=dict)
    accounts_agree: bool | None = None
    differences: tuple[AccountDifference, ...] = ()

    @property
    def planted(self) -> tuple[str, ...]:
        """Where the point of distortion's claim was planted (may be empty)."""
        return self.point_of_distortion.planted if self.point_of_distortion else ()

    def distortions_of(self, claim_id: str) -> tuple[Distortion, ...]:
        """The distortions of one claim."""
        return tuple(d for d in self.distortions if d.claim == claim_id)


# --------------------------------------------------------------------------- #
# The story as integer-indexed arrays, built once; each claim is analysed on it.

#: A denial's strength against another denial: a hedged one is weaker than a plain one.
_PLAIN_DENIAL, _HEDGED_DENIAL = 2, 1


def _mention_strength(mention: ClaimMention) -> int:
    """An affirmative stance's strength, or a denial's strength among denials."""
    if mention.stance is Stance.DENIES:
        return _HEDGED_DENIAL if mention.hedged else _PLAIN_DENIAL
    return STANCE_STRENGTH[mention.stance]


def _strongest(mentions: Iterable[ClaimMention]) -> ClaimMention | None:
    """The strongest of the mentions, the first of equals (None: none)."""
    best: ClaimMention | None = None
    for mention in mentions:
        if best is None or _mention_strength(mention) > _mention_strength(best):
            best = mention
    return best


@attrs.frozen
class _Carry:
    """How one report carries one claim."""

    #: What it passes on along its links: its strongest affirmative mention over
    #: headline and body, and its strongest denial (attribution denials excluded).
    aff: ClaimMention | None
    neg: ClaimMention | None
    #: The mention its role is decided by: its body's strongest affirmative mention,
    #: else its body's strongest denial; with no body mention, the same of its headline.
    deciding: ClaimMention | None
    body_aff: ClaimMention | None
    has_body: bool
    head_aff: ClaimMention | None
    #: Its attribution denials ("H never said this").
    attribution: tuple[ClaimMention, ...]
    #: Any denial at all, attribution denials included (a rebuttal reached it).
    any_denial: bool


def _carry(mentions: Sequence[ClaimMention]) -> _Carry:
    plain = [m for m in mentions if not m.disputes_attribution]
    aff = _strongest(m for m in plain if m.stance is not Stance.DENIES)
    neg = _strongest(m for m in plain if m.stance is Stance.DENIES)
    body = [m for m in plain if m.part is Part.BODY]
    head = [m for m in plain if m.part is Part.HEADLINE]
    body_aff = _strongest(m for m in body if m.stance is not Stance.DENIES)
    body_neg = _strongest(m for m in body if m.stance is Stance.DENIES)
    head_aff = _strongest(m for m in head if m.stance is not Stance.DENIES)
    head_neg = _strongest(m for m in head if m.stance is Stance.DENIES)
    if body:
        deciding = body_aff if body_aff is not None else body_neg
    else:
        deciding = head_aff if head_aff is not None else head_neg
    return _Carry(aff, neg, deciding, body_aff, bool(body), head_aff,
                  tuple(m for m in mentions if m.disputes_attribution),
                  any(m.stance is Stance.DENIES for m in mentions))


class _Index:
    """Integer views of a story that the per-claim analysis works on."""

    def __init__(self, story: Story) -> None:
        self.story = story
        reports = story.reports
        self.ids = [r.id for r in reports]
        self.pos = {rid: i for i, rid in enumerate(self.ids)}
        self.actor = [r.actor for r in reports]
        self.report_firsthand = [r.firsthand for r in reports]
        self.satire = [r.genre is Genre.SATIRE for r in reports]
        actors = {a.id: a for a in story.actors}
        self.audience = [
            float(actors[r.actor].audience or 0) if r.actor in actors else 0.0 for r in reports
        ]
        self.time = [r.published for r in reports]
        # claim id -> {report index: how the report carries it}
        self.carriers: dict[str, dict[int, _Carry]] = {}
        grouped: dict[str, dict[int, list[ClaimMention]]] = {}
        for i, report in enumerate(reports):
            for mention in report.claims:
                grouped.setdefault(mention.claim, {}).setdefault(i, []).append(mention)
        for claim, per in grouped.items():
            self.carriers[claim] = {i: _carry(mentions) for i, mentions in per.items()}
        # claim id -> the claims that qualify it, in story order.
        self.qualifiers: dict[str, list[str]] = {}
        for c in story.claims:
            if c.qualifies is not None:
                self.qualifiers.setdefault(c.qualifies, []).append(c.id)
        # Transmitting in-links per report: list of (source index, link index).
        self.links = story.links
        self.trans_in: dict[int, list[tuple[int, int]]] = {}
        self.succ_all: list[list[int]] | None = None
        pos = self.pos
        for k, link in enumerate(story.links):
            if link.relation in TRANSMITTING:
                self.trans_in.setdefault(pos[link.target], []).append((pos[link.source], k))

    def all_successors(self) -> list[list[int]]:
        if self.succ_all is None:
            succ: list[list[int]] = [[] for _ in self.ids]
            for link in self.links:
                succ[self.pos[link.source]].append(self.pos[link.target])
            self.succ_all = succ
        return self.succ_all


def _is_firsthand(index: _Index, i: int, mention: object, removed: int | None) -> bool:
    own = getattr(mention, "firsthand", None)
    if own is not None:
        return bool(own)
    given = index.report_firsthand[i]
    if given is not None:
        return given
    incoming = index.trans_in.get(i)
    if not incoming:
        return True
    return all(k == removed for _, k in incoming)


def _seen(index: _Index, source: int, mention: ClaimMention, target: int,
          source_firsthand: bool) -> tuple[int, frozenset[str]]:
    """The strength and holders of a source's mention, as the target sees it."""
    stance = mention.stance
    holder = mention.holder
    holders = frozenset((holder,)) if holder else frozenset()
    if stance is Stance.DENIES:
        firsthand_denial = source_firsthand and holder is None
        if firsthand_denial and index.actor[source] != index.actor[target]:
            return _mention_strength(mention), frozenset((index.actor[source],))
        return _mention_strength(mention), holders
    if (stance is Stance.ASSERTS and source_firsthand
            and index.actor[source] != index.actor[target]):
        return 3, frozenset((index.actor[source],))
    return STANCE_STRENGTH[stance], holders


_BY_STRENGTH_AFF = {4: Stance.ASSERTS, 3: Stance.ATTRIBUTES, 2: Stance.IMPLIES, 1: Stance.QUESTIONS}


@attrs.define
class _Node:
    """Working state of one carrying report for one claim."""

    report: int
    mention: ClaimMention
    positive: bool
    firsthand: bool
    sources: list[int] = attrs.Factory(list)  # carrying transmitting sources, same polarity
    roles: list[Role] = attrs.Factory(list)
    before: Stance | None = None
    source_holders: frozenset[str] = frozenset()
    attribution_dropped: bool = False
    drew_on: list[int] = attrs.Factory(list)
    in_links: list[int] = attrs.Factory(list)
    #: The stance the change leaves (the headline's, when the headline changed it).
    after: Stance | None = None
    shown: ClaimMention | None = None  # the mention the distortion quotes
    dropped: str | None = None
    part: Part = Part.BODY
    satirical: list[int] = attrs.Factory(list)  # the satire a satire_as_fact drew on


@attrs.frozen
class _ClaimResult:
    findings: ClaimFindings
    distortions: tuple[Distortion, ...]


def _analyze_claim(index: _Index, claim: str, removed: int | None = None) -> _ClaimResult:
    carriers = index.carriers.get(claim, {})
    links = index.links
    nodes: dict[tuple[int, bool], _Node] = {}
    for i, carry in carriers.items():
        mention = carry.deciding
        if mention is None:  # only attribution denials: no role for the claim
            continue
        positive = mention.stance is not Stance.DENIES
        nodes[(i, positive)] = _Node(
            i, mention, positive, _is_firsthand(index, i, mention, removed),
            after=mention.stance, shown=mention)

    roles: dict[int, list[Role]] = {}
    flip_sources: set[int] = set()
    for (i, positive), node in nodes.items():
        mention = node.mention
        carry = carriers[i]
        incoming = [(s, k) for s, k in index.trans_in.get(i, ()) if k != removed]
        node.in_links = [k for _, k in incoming]
        node.drew_on = [s for s, _ in incoming]
        same: list[tuple[int, int, int, frozenset[str]]] = []
        opposite: list[tuple[int, int]] = []
        named: set[str] = set()
        satirical: list[int] = []
        best_aff_seen = 0  # the strongest affirmative stance a source passed on, as seen
        for s, k in incoming:
            pair = carriers.get(s)
            if pair is None:
                continue
            if index.satire[s]:  # satire says nothing as fact: it transmits nothing
                if pair.aff is not None:
                    satirical.append(s)
                continue
            for s_mention, s_positive in ((pair.aff, True), (pair.neg, False)):
                if s_mention is None:
                    continue
                s_first = _is_firsthand(index, s, s_mention, removed)
                strength, holders = _seen(index, s, s_mention, i, s_first)
                named.add(index.actor[s])
                named.update(holders)
                if s_positive:
                    best_aff_seen = max(best_aff_seen, strength)
                if s_positive == positive:
                    same.append((s, k, strength, holders))
                else:
                    opposite.append((s, strength))
        if node.firsthand:
            node.roles.append(Role.ORIGIN)
            # (Shown only if its headline or a dropped qualifier makes it a distortion.)
            node.sources = sorted({s for s, _, _, _ in same} or {s for s, _ in opposite})
            node.source_holders = frozenset().union(*(h for _, _, _, h in same))
        elif not same and not opposite:
            if positive and satirical:
                node.roles.append(Role.SATIRE_AS_FACT)
                node.satirical = sorted(set(satirical))
            else:
                node.roles.append(Role.INVENTED)
        elif not same:
            node.roles.append(Role.FLIPPED)
            strongest = max(strength for _, strength in opposite)
            node.before = _BY_STRENGTH_AFF[strongest] if not positive else Stance.DENIES
            node.sources = sorted({s for s, _ in opposite})
        else:
            best = max(strength for _, _, strength, _ in same)
            node.sources = sorted({s for s, _, _, _ in same})
            node.before = _BY_STRENGTH_AFF[best] if positive else Stance.DENIES
            if _mention_strength(mention) <= best:
                node.roles.append(Role.FAITHFUL)
            else:
                node.roles.append(Role.INFLATED)
                # "attributes" -> "asserts" (a firsthand assertion repeated as fact).
                node.attribution_dropped = positive and best == 3
            node.source_holders = frozenset().union(*(h for _, _, _, h in same))
        holder = mention.holder
        if (not node.firsthand and mention.stance is Stance.ATTRIBUTES
                and holder is not None and (same or opposite) and holder not in named):
            node.roles.append(Role.MISATTRIBUTED)

        # Headline and body: a headline stronger than the body (and than the sources).
        head = carry.head_aff
        body_strength = (STANCE_STRENGTH[carry.body_aff.stance]
                         if carry.body_aff is not None else 0)
        if (head is not None and STANCE_STRENGTH[head.stance] > body_strength
                and not (not carry.has_body and node.firsthand)
                and best_aff_seen < STANCE_STRENGTH[head.stance]):
            if not carry.has_body:
                node.roles.clear()
                node.before = None
            else:
                node.before = mention.stance
            node.roles.append(Role.HEADLINE_OVERSTATES)
            node.after, node.shown, node.part = head.stance, head, Part.HEADLINE

        # Context that was dropped: the qualified claim without its qualifier.
        for qualifier in index.qualifiers.get(claim, ()):
            q_carriers = index.carriers.get(qualifier, {})
            own = [m for r in (i,) for m in index.story.reports[r].claims
                   if m.claim == qualifier]
            from_source = any(
                not index.satire[s] and carriers.get(s) is not None
                and carriers[s].aff is not None
                and q_carriers.get(s) is not None and q_carriers[s].aff is not None
                for s, _ in incoming)
            body_has_q = any(m.part is Part.BODY for m in own)
            head_has_q = any(m.part is Part.HEADLINE for m in own)
            if carry.body_aff is not None and not own and from_source:
                node.dropped = qualifier
                break
            if carry.head_aff is not None and not head_has_q and (body_has_q or from_source):
                node.dropped = qualifier
                node.part = Part.HEADLINE
                node.after, node.shown = carry.head_aff.stance, carry.head_aff
                break
        if node.dropped is not None:
            node.roles.append(Role.CONTEXT_DROPPED)

        if any(r in _UNFAITHFUL for r in node.roles) and Role.FAITHFUL in node.roles:
            node.roles.remove(Role.FAITHFUL)
        if Role.FLIPPED in node.roles:
            flip_sources.update(node.sources)
        roles[i] = node.roles

    # Support graphs, one per polarity: the reach and circularity live there.
    distortions: list[Distortion] = []
    circular: set[int] = set()
    for positive in (True, False):
        part = {i: node for (i, p), node in nodes.items() if p == positive}
        if not part:
            continue
        reach, looped, planted_by = _support(index, part)
        circular.update(looped)
        for i in looped:
            if Role.CIRCULAR not in roles[i]:
                roles[i].append(Role.CIRCULAR)
            if Role.FAITHFUL in roles[i]:
                roles[i].remove(Role.FAITHFUL)
        for i, node in part.items():
            kinds = tuple(r for r in node.roles if r in DISTORTION_ROLES)
            if not kinds:
                continue
            shown = node.shown
            assert shown is not None and node.after is not None
            uncertain = sorted({
                (links[k].source, links[k].target) for k in node.in_links
                if links[k].confidence < 1.0
            })
            if Role.INVENTED in kinds:
                sources = sorted(set(node.drew_on))
            elif Role.SATIRE_AS_FACT in kinds:
                sources = node.satirical
            else:
                sources = node.sources
            distortions.append(Distortion(
                report=index.ids[i],
                claim=claim,
                kinds=kinds,
                before=node.before,
                after=node.after,
                sources=tuple(index.ids[s] for s in sources),
                reach=tuple(index.ids[r] for r in reach.get(i, ())),
                planted=tuple(index.ids[p] for p in planted_by.get(i, ())),
                holder=shown.holder,
                source_holders=tuple(sorted(node.source_holders)),
                attribution_dropped=node.attribution_dropped,
                quote=shown.quote,
                uncertain_links=tuple(uncertain),
                dropped=node.dropped,
                part=node.part,
            ))

    rebuttals, first, first_time, after, reached = _rebuttals(
        index, claim, carriers, flip_sources)
    findings = ClaimFindings(
        claim=claim,
        roles={index.ids[i]: tuple(roles[i]) for i in sorted(roles)},
        distortions=tuple(distortions),
        rebuttals=rebuttals,
        first_rebuttal=first,
        first_rebuttal_time=first_time,
        carried_after_rebuttal=after,
        rebuttal_reached=reached,
        circular=tuple(index.ids[i] for i in sorted(circular)),
    )
    return _ClaimResult(findings, tuple(distortions))


def _support(
    index: _Index, part: Mapping[int, _Node]
) -> tuple[dict[int, list[int]], list[int], dict[int, list[int]]]:
    """Reach (dominator subtrees), circular reports and planting ancestors in one support graph.

    Nodes are the reports carrying the claim with one polarity; an edge s -> t is a
    transmitting link between two of them, unless t speaks firsthand (its claim does
    not rest on its sources).
    """
    order = sorted(part)
    local = {i: n for n, i in enumerate(order)}
    size = len(order)
    root = size
    preds: list[list[int]] = [[] for _ in range(size + 1)]
    succs: list[list[int]] = [[] for _ in range(size + 1)]
    for i in order:
        node = part[i]
        if node.firsthand:
            continue
        t = local[i]
        for s in node.sources:
            ls = local.get(s)
            if ls is not None and ls != t and ls not in preds[t]:
                preds[t].append(ls)
                succs[ls].append(t)
    roots = [n for n in range(size) if not preds[n]]
    for n in roots:
        preds[n].append(root)
        succs[root].append(n)

    # Depth-first postorder from the virtual root.
    post = [-1] * (size + 1)
    visit_order: list[int] = []
    seen = [False] * (size + 1)
    seen[root] = True
    stack: list[tuple[int, int]] = [(root, 0)]
    while stack:
        n, child = stack[-1]
        below = succs[n]
        if child < len(below):
            stack[-1] = (n, child + 1)
            c = below[child]
            if not seen[c]:
                seen[c] = True
                stack.append((c, 0))
        else:
            stack.pop()
            post[n] = len(visit_order)
            visit_order.append(n)
    rpo = visit_order[::-1]

    # Cooper, Harvey and Kennedy's iterative dominators.
    idom = [-1] * (size + 1)
    idom[root] = root
    changed = True
    while changed:
        changed = False
        for n in rpo:
            if n == root:
                continue
            new = -1
            for p in preds[n]:
                if idom[p] == -1:
                    continue
                if new == -1:
                    new = p
                    continue
                a, b = p, new
                while a != b:
                    while post[a] < post[b]:
                        a = idom[a]
                    while post[b] < post[a]:
                        b = idom[b]
                new = a
            if idom[n] != new:
                idom[n] = new
                changed = True

    circular = [order[n] for n in range(size) if not seen[n]]
    # Citogenesis: a report whose support all passes through an earlier report by its
    # own actor, by way of another actor's report.
    actors = index.actor
    children: list[list[int]] = [[] for _ in range(size + 1)]
    for n in rpo:
        if n != root:
            children[idom[n]].append(n)
    on_path: dict[str, int] = {}
    walk: list[tuple[int, bool]] = [(root, True)]
    while walk:
        n, entering = walk.pop()
        actor = actors[order[n]] if n != root else None
        if not entering:
            if actor is not None:
                on_path[actor] -= 1
            continue
        if (actor is not None and on_path.get(actor, 0) > 0 and not part[order[n]].firsthand
                and any(actors[order[p]] != actor for p in preds[n] if p != root)):
            circular.append(order[n])
        if actor is not None:
            on_path[actor] = on_path.get(actor, 0) + 1
        walk.append((n, False))
        walk.extend((c, True) for c in children[n])

    # Reach: the dominator subtree of each distortion.
    reach: dict[int, list[int]] = {}
    planting: list[int] = []
    for n in range(size):
        node = part[order[n]]
        if not any(r in DISTORTION_ROLES for r in node.roles) or not seen[n]:
            continue
        members: list[int] = []
        todo = list(children[n])
        while todo:
            m = todo.pop()
            members.append(order[m])
            todo.extend(children[m])
        reach[order[n]] = sorted(members)
        if node.after in _PLANTING:
            planting.append(n)

    # Planted: planting distortions upstream of a stated one.
    planted_by: dict[int, list[int]] = {}
    for p in planting:
        seen_from = {p}
        todo = [p]
        while todo:
            m = todo.pop()
            for c in succs[m]:
                if c not in seen_from:
                    seen_from.add(c)
                    todo.append(c)
                    node = part[order[c]]
                    if (node.after in _STATED
                            and any(r in DISTORTION_ROLES for r in node.roles)):
                        planted_by.setdefault(order[c], []).append(order[p])
    for lst in planted_by.values():
        lst.sort()
    return reach, sorted(set(circular)), planted_by


def _rebuttals(
    index: _Index, claim: str, carriers: Mapping[int, _Carry], flip_sources: set[int]
) -> tuple[tuple[str, ...], str | None, str | None, tuple[str, ...], tuple[str, ...]]:
    """A rebuttal denies the claim in its own name (or denies an attribution of it), does
    not carry it, and comes after what it rebuts: it draws, along any links, on a report
    carrying the claim, or is published after the first report that states it. A
    firsthand denial that a later report flipped (and that draws on no carrier) is that
    flip's source, not its rebuttal."""
    times = index.time
    succ = index.all_successors()
    carrying = [i for i, carry in carriers.items() if carry.aff is not None]
    # Everything downstream of a report carrying the claim, along any link.
    after_carrier: set[int] = set()
    todo = list(carrying)
    while todo:
        n = todo.pop()
        for m in succ[n]:
            if m not in after_carrier:
                after_carrier.add(m)
                todo.append(m)
    stating = [i for i, carry in carriers.items()
               if carry.aff is not None and carry.aff.stance in _STATED and times[i] is not None]
    first_stated = (min(stating, key=lambda i: (times[i].sort_key, i))  # type: ignore[union-attr]
                    if stating else None)
    rebutters: set[int] = set()
    for i, carry in carriers.items():
        if carry.aff is not None:
            continue
        own = carry.neg is not None and (
            carry.neg.holder is None or carry.neg.holder == index.actor[i])
        if not own and not carry.attribution:
            continue
        drew = i in after_carrier
        later = (first_stated is not None and times[i] is not None
                 and times[first_stated].definitely_before(times[i]))  # type: ignore[union-attr]
        if not (drew or later):
            continue
        if i in flip_sources and not drew:
            continue
        rebutters.add(i)
    if not rebutters:
        return (), None, None, (), ()
    dated = [i for i in rebutters if times[i] is not None]
    first = min(dated, key=lambda i: (times[i].sort_key, i)) if dated else None  # type: ignore[union-attr]
    # Everything downstream of a rebuttal, along any link.
    downstream: set[int] = set()
    todo = list(rebutters)
    while todo:
        n = todo.pop()
        for m in succ[n]:
            if m not in downstream:
                downstream.add(m)
                todo.append(m)
    after: list[int] = []
    reached: list[int] = []
    first_time = times[first] if first is not None else None
    for i, carry in sorted(carriers.items()):
        if carry.aff is None or i in rebutters:
            continue
        later = i in downstream or (
            first_time is not None and times[i] is not None
            and first_time.definitely_before(times[i])  # type: ignore[arg-type]
        )
        if later:
            after.append(i)
            if carry.any_denial or i in downstream:
                reached.append(i)
    ids = index.ids

    def by_time(i: int) -> tuple[int, float, int]:
        t = times[i]
        return (0, t.sort_key, i) if t is not None else (1, 0.0, i)

    return (
        tuple(ids[i] for i in sorted(rebutters, key=by_time)),
        ids[first] if first is not None else None,
        first_time.text if first_time is not None else None,
        tuple(ids[i] for i in after),
        tuple(ids[i] for i in reached),
    )


# --------------------------------------------------------------------------- #
# Whole-story checks.

def _cycles(index: _Index) -> list[tuple[str, ...]]:
    """Strongly connected groups of two or more reports (all links), iteratively."""
    n = len(index.ids)
    succ = index.all_successors()
    indeg = [0] * n
    for targets in succ:
        for t in targets:
            indeg[t] += 1
    queue = deque(i for i in range(n) if indeg[i] == 0)
    done = 0
    while queue:
        i = queue.popleft()
        done += 1
        for t in succ[i]:
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    if done == n:
        return []
    # Tarjan's algorithm on what is left (only nodes in or behind a cycle remain).
    rest = [i for i in range(n) if indeg[i] > 0]
    number: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    groups: list[tuple[str, ...]] = []
    counter = 0
    for start in rest:
        if start in number:
            continue
        work = [(start, 0)]
        number[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, child = work[-1]
            targets = succ[v]
            if child < len(targets):
                work[-1] = (v, child + 1)
                w = targets[child]
                if indeg[w] == 0:
                    continue
                if w not in number:
                    number[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], number[w])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
                if low[v] == number[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == v:
                            break
                    if len(group) > 1:
                        groups.append(tuple(index.ids[g] for g in sorted(group)))
    groups.sort()
    return groups


def _data_warnings(
    index: _Index, cycles: Sequence[tuple[str, ...]]
) -> tuple[list[DataWarning], list[tuple[str, str]]]:
    story = index.story
    warnings: list[DataWarning] = []
    for group in cycles:
        shown = ", ".join(group[:8]) + (f" and {len(group) - 8} more" if len(group) > 8 else "")
        warnings.append(DataWarning(
            "cycle", f"{len(group)} reports draw on each other in a loop: {shown}", group))
    early: list[tuple[str, str]] = []
    seen_pairs: set[tuple[str, str]] = set()
    times = index.time
    for link in story.links:
        pair = (link.source, link.target)
        if pair in seen_pairs:
            warnings.append(DataWarning(
                "duplicate_link", f"more than one link from {link.source} to {link.target}", pair))
        seen_pairs.add(pair)
        s_time, t_time = times[index.pos[link.source]], times[index.pos[link.target]]
        if s_time is not None and t_time is not None and t_time.definitely_before(s_time):
            early.append(pair)
            warnings.append(DataWarning(
                "published_before_source",
                f"{link.target} ({t_time}) is dated before its source {link.source} ({s_time})",
                pair))
    for report in story.reports:
        for mention in report.claims:
            if mention.holder is not None and mention.stance not in (
                    Stance.ATTRIBUTES, Stance.DENIES):
                warnings.append(DataWarning(
                    "holder_ignored",
                    f"{report.id} names a holder for claim {mention.claim}, but its stance "
                    f"'{mention.stance.value}' does not attribute it", (report.id,)))
    warnings.extend(_quote_warnings(story))
    return warnings, early


def _quote_warnings(story: Story) -> list[DataWarning]:
    """Quotes in neither their report's text nor its title."""
    warnings: list[DataWarning] = []
    for r, report in enumerate(story.reports):
        if not report.text and not report.title:
            continue
        where = [_plain_words(report.text or ""), _plain_words(report.title or "")]
        for j, mention in enumerate(report.claims):
            if mention.quote is None:
                continue
            quote = _plain_words(mention.quote)
            if quote and not any(quote in text for text in where):
                warnings.append(DataWarning(
                    "quote_not_found",
                    f"{report.id}: the quote for claim {mention.claim} "
                    f"(reports[{r}].claims[{j}]) is not in its text or title",
                    (report.id,)))
    return warnings


_QUOTATION_MARKS = ("\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"
                    "\u2039\u203a\u2032\u2033\u300c\u300d\u300e\u300f\uff02\uff07")


def _plain_words(text: str) -> str:
    """Text as a quote is compared: NFC, case-folded, whitespace runs and every style
    of quotation mark made one."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = "".join("'" if ch in _QUOTATION_MARKS else ch for ch in text)
    return " ".join(text.split())


def _rank_key(index: _Index, d: Distortion) -> tuple[int, float, int, float, int]:
    i = index.pos[d.report]
    t = index.time[i]
    return (-len(d.reach), -index.audience[i], 0 if t is not None else 1,
            t.sort_key if t is not None else 0.0, i)


def _choose_point(index: _Index, distortions: Iterable[Distortion]) -> Distortion | None:
    stated = [d for d in distortions if d.states]
    if not stated:
        return None
    return min(stated, key=lambda d: _rank_key(index, d))


#: Limits on the "what if this uncertain link were wrong" re-analysis.
MAX_ALTERNATIVES = 12
#: (Added for the equivalence test: the fast analysis's candidate policy.) Links into
#: the point's reach are candidates only in stories of fewer reports than this.
ALTERNATIVES_REACH_LIMIT = 20_000


def analyze(story: Story) -> Analysis:
    """Find the distortions of a story and its point of distortion.

    Parameters
    ----------
    story : Story
        A story, as :func:`provenance.load` returns (references are assumed valid).

    Returns
    -------
    Analysis
        Roles per claim and report, every distortion with its reach, the point of
        distortion, rebuttals, cycles, reports published before their sources, and
        for each link below confidence 1.0 that the point rests on, what the point
        would be without it.

    Examples
    --------
    >>> from provenance.model import Story
    >>> analyze(Story("Empty")).point_of_distortion is None
    True
    """
    if not story.accounts:
        return _analyze_story(story)
    per = {a.id: _analyze_story(account_story(story, a.id)) for a in story.accounts}
    keys = {_point_key(result.point_of_distortion) for result in per.values()}
    agree = len(keys) == 1
    first = per[story.accounts[0].id]
    # The file's data warnings: each account's once, and quotes checked in the file.
    warnings: list[DataWarning] = []
    for result in per.values():
        for warning in result.warnings:
            if warning.kind != "quote_not_found" and warning not in warnings:
                warnings.append(warning)
    warnings.extend(_quote_warnings(story))
    return attrs.evolve(
        first,
        point_of_distortion=first.point_of_distortion if agree else None,
        warnings=tuple(warnings),
        accounts=per,
        accounts_agree=agree,
        differences=tuple(_differences(story, per)),
    )


def _point_key(point: Distortion | None) -> tuple[str, str, tuple[Role, ...]] | None:
    """What two accounts must share to name the same point: report, claim and kinds."""
    return None if point is None else (point.report, point.claim, point.kinds)


def _differences(story: Story, per: Mapping[str, Analysis]) -> list[AccountDifference]:
    """Every item that only some accounts hold, and whose point rests on it (removing
    it from the account, and re-analysing the whole account, changes its point)."""
    everyone = tuple(a.id for a in story.accounts)

    def members(own: tuple[str, ...], within: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a for a in within if not own or a in own)

    def rests_on(without: Story, held: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(
            a for a in held
            if _point_key(_analyze_story(account_story(without, a)).point_of_distortion)
            != _point_key(per[a].point_of_distortion))

    out: list[AccountDifference] = []
    for i, report in enumerate(story.reports):
        held = members(report.accounts, everyone)
        if held != everyone:
            without = attrs.evolve(
                story, reports=story.reports[:i] + story.reports[i + 1:],
                links=[link for link in story.links
                       if report.id not in (link.source, link.target)])
            out.append(AccountDifference(f"reports[{i}]", "report", held, report=report.id,
                                         rests_on=rests_on(without, held)))
        for j, mention in enumerate(report.claims):
            m_held = members(mention.accounts, held)
            if m_held == held:
                continue
            changed = attrs.evolve(report, claims=report.claims[:j] + report.claims[j + 1:])
            without = attrs.evolve(
                story, reports=story.reports[:i] + (changed,) + story.reports[i + 1:])
            out.append(AccountDifference(
                f"reports[{i}].claims[{j}]", "mention", m_held, report=report.id,
                claim=mention.claim, rests_on=rests_on(without, m_held)))
    for k, link in enumerate(story.links):
        held = members(link.accounts, everyone)
        if held == everyone:
            continue
        without = attrs.evolve(story, links=story.links[:k] + story.links[k + 1:])
        out.append(AccountDifference(f"links[{k}]", "link", held,
                                     link=(link.source, link.target),
                                     rests_on=rests_on(without, held)))
    return out


def _analyze_story(story: Story) -> Analysis:
    """The analysis of one story (or one account of it)."""
    index = _Index(story)
    claim_ids = [c.id for c in story.claims]
    claim_ids += [c for c in index.carriers if c not in set(claim_ids)]
    results = {claim: _analyze_claim(index, claim) for claim in claim_ids}
    distortions = [d for result in results.values() for d in result.distortions]
    distortions.sort(key=lambda d: _rank_key(index, d))
    point = _choose_point(index, distortions)
    cycles = _cycles(index)
    warnings, early = _data_warnings(index, cycles)
    alternatives = _alternatives(index, results, point) if point is not None else ()
    return Analysis(
        point_of_distortion=point,
        distortions=tuple(distortions),
        claims={claim: results[claim].findings for claim in claim_ids},
        cycles=tuple(cycles),
        published_before_source=tuple(early),
        warnings=tuple(warnings),
        alternatives=tuple(alternatives),
    )


def _alternatives(
    index: _Index, results: Mapping[str, _ClaimResult], point: Distortion
) -> list[Alternative]:
    """For each uncertain link the point rests on, the point without that link."""
    involved = {index.pos[point.report]}
    if len(index.ids) < ALTERNATIVES_REACH_LIMIT:
        involved.update(index.pos[r] for r in point.reach)
    candidates = [
        k for k, link in enumerate(index.links)
        if link.confidence < 1.0 and link.relation in TRANSMITTING
        and index.pos[link.target] in involved
    ]
    out: list[Alternative] = []
    for k in candidates[:MAX_ALTERNATIVES]:
        link = index.links[k]
        t = index.pos[link.target]
        touched = {claim for claim, carriers in index.carriers.items() if t in carriers}
        distortions = [
            d
            for claim, result in results.items()
            for d in (
                _analyze_claim(index, claim, removed=k).distortions
                if claim in touched else result.distortions
            )
        ]
        out.append(Alternative(
            (link.source, link.target), link.confidence, _choose_point(index, distortions)))
    return out
