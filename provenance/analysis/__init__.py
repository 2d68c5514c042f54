"""The distortion analysis: who changed which claim, who inherited it, who rebutted it.

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

For the links below confidence 1.0 that the point of distortion rests on, the
analysis says what the point would be without each (:class:`Alternative`). The
candidates are the transmitting links below 1.0 into the point's own report and,
in stories of fewer than ``ALTERNATIVES_REACH_LIMIT`` (20,000) reports, into the
reports it reaches: the first ``MAX_ALTERNATIVES`` (12) of them in story order.
Without a link into report *t*, only the claims *t* carries are looked at again.

The analysis is built for stories of millions of reports: it works on integer
arrays (numpy), all claims at once; immediate dominators are found level by
level (each report after all its sources) as the lowest common ancestor of a
node's predecessors, and planting as bit masks. Support graphs with a loop, and
long thin ones, are analysed node by node (Cooper, Harvey and Kennedy).

How the package is built, in the order :func:`analyze` runs::

    _index          the story as integer arrays (from its objects, or from the
      |             numbers the fast reader noted: provenance.columns.StoryColumns)
      v
    _roles          each (report, claim) node's role, and the support edges into it
      v
    _dominators     support graphs: reach, circular reports, planting
      v
    _distortions    the Distortion records and the point of distortion
      v
    _alternatives   the point without each uncertain link;
    _rebuttals      rebuttals per claim; _checks: cycles and data warnings
      v
    _accounts       (a story with competing accounts) each account analysed, then
      |             compared: agreement, differences, what each point rests on
      v
    results         the records returned: Analysis, ClaimFindings, Distortion, Role,
                    Reach, Planted, Alternative, DataWarning

``_searches`` (graph searches), ``_stores`` (the shared stores behind Reach and
Planted) and ``_arrays`` (array helpers) serve the steps above. Each step imports
the steps before it, never a later one, and builds the records of ``results``, which
imports no engine module. The package imports only
:mod:`provenance.model`, :mod:`provenance.columns` and :mod:`provenance.errors` of
the library (never files, drawing, wording, view or drift).

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
Reach(('r3',))
>>> point.reach == ('r3',)
True
"""

from __future__ import annotations

import numpy as np

from ..model import Story
from ._accounts import _compare_accounts
from ._alternatives import _alternatives
from ._arrays import _INT
from ._checks import _cycles, _data_warnings
from ._distortions import _choose_point, _rank_key, _Result
from ._dominators import _Support
from ._index import _by_claim, _Index
from ._rebuttals import _rebuttals
from ._roles import _CIRCULAR, _ROLE_TUPLES
from ._searches import _levels
from .results import (
    DISTORTION_ROLES,
    AccountDifference,
    Alternative,
    Analysis,
    ClaimFindings,
    DataWarning,
    Distortion,
    Planted,
    Reach,
    Role,
    planted_reports,
)
from .results import PLANTED_FIRST as PLANTED_FIRST  # importable here, as before
from .results import REACH_FIRST as REACH_FIRST

__all__ = [
    "Role",
    "Reach",
    "Planted",
    "planted_reports",
    "Distortion",
    "ClaimFindings",
    "DataWarning",
    "Alternative",
    "AccountDifference",
    "Analysis",
    "analyze",
    "DISTORTION_ROLES",
]


#: Limits on the "what if this uncertain link were wrong" re-analysis: at most this
#: many links, and links into the point's reach only in stories smaller than this
#: (:func:`analyze` reads them here each time it runs).
MAX_ALTERNATIVES = 12
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

    Notes
    -----
    The alternatives re-analyse, for each candidate link, the claims its target
    carries. The candidates are the transmitting links below confidence 1.0 into
    the point of distortion's report and, in stories of fewer than
    ``ALTERNATIVES_REACH_LIMIT`` reports, into its reach; the first
    ``MAX_ALTERNATIVES`` of them in story order.

    Examples
    --------
    >>> from provenance.model import Story
    >>> analyze(Story("Empty")).point_of_distortion is None
    True
    """
    if story.accounts:
        return _compare_accounts(story, _analyze_story)
    return _analyze_story(story)[0]


def _analyze_story(story: Story) -> tuple[Analysis, _Index, list[tuple[Distortion, ...]],
                                          _Result]:
    """The analysis of one story (or one account of it), and what it was built from."""
    index = _Index(story)
    level = _levels(index.n, index.l_src, index.l_dst)
    acyclic = bool((level >= 0).all())
    result = _Result(index, level if acyclic else None, np.arange(index.nodes, dtype=_INT), -1)
    support = result.support
    assert isinstance(support, _Support)
    code = result.code + _CIRCULAR * support.circular
    by_claim, claim_ptr = _by_claim(index)
    rebuttals = _rebuttals(index, result.code)
    ids = index.ids
    findings: dict[str, ClaimFindings] = {}
    per_claim: list[tuple[Distortion, ...]] = []
    for c, claim in enumerate(index.claim_ids):
        mine = by_claim[claim_ptr[c]:claim_ptr[c + 1]]
        reports = index.p_report[mine]
        found = tuple(result.describe(node) for node in result.distortion_nodes(mine).tolist())
        per_claim.append(found)
        findings[claim] = ClaimFindings(
            claim,
            dict(zip(map(ids.__getitem__, reports.tolist()),
                     map(_ROLE_TUPLES.__getitem__, code[mine].tolist()), strict=True)),
            found,
            *rebuttals[c],
            circular=tuple(ids[r] for r in reports[support.circular[mine]].tolist()),
        )
    distortions = [d for claim_distortions in per_claim for d in claim_distortions]
    distortions.sort(key=lambda d: _rank_key(index, d))
    point = _choose_point(index, distortions)
    cycles = _cycles(index, level)
    warnings, early = _data_warnings(index, cycles)
    alternatives = _alternatives(
        index, result, per_claim, point, MAX_ALTERNATIVES, ALTERNATIVES_REACH_LIMIT,
    ) if point is not None else ()
    return Analysis(
        point_of_distortion=point,
        distortions=tuple(distortions),
        claims=findings,
        cycles=tuple(cycles),
        published_before_source=tuple(early),
        warnings=tuple(warnings),
        alternatives=tuple(alternatives),
    ), index, per_claim, result
