"""What each account's point rests on, found without analysing the account again.

Each rule the quick path follows (a report, a link, a claim's only mention in its report
taken out of the account's full analysis; links that transmit nothing skipped) has a
story where the item moves the point and one where it does not, compared with the
reference analysis (which analyses every account again without each item), with the
dominator trees corrected node by node and worked out afresh.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from provenance import analyze
from provenance.model import Account, Link, Report, Story

from .. import reference_analysis
from ._build import build, rep, said, to
from .test_equivalence import patched, plain

A = ("a",)


def story(change: Callable[[list[Report], list[Link]], None] = lambda r, k: None) -> Story:
    """Two chains of claim c: src -> x -> x1 -> x2 (x inflates src, reaching x1 and x2)
    and src2 -> y (y inflates src2, reaching nobody, but y's outlet has the larger
    audience: on equal reach y wins). Both accounts hold all of it, less ``change``."""
    reports = [rep("src", "gov", said("c", "implies")),
               rep("x", "paper", said("c", "asserts")),
               rep("x1", "blog", said("c", "asserts")),
               rep("x2", "fan", said("c", "asserts")),
               rep("src2", "gov2", said("c", "implies")),
               rep("y", "tv", said("c", "asserts"))]
    links = [to("src", "x"), to("x", "x1"), to("x1", "x2"), to("src2", "y")]
    change(reports, links)
    built = build(reports, links, accounts=[Account("a", "A"), Account("b", "B")])
    return attrs.evolve(built, actors=[
        attrs.evolve(actor, audience=10) if actor.id == "tv" else actor
        for actor in built.actors])


def only_in_a(reports: list[Report], rid: str) -> None:
    i = [r.id for r in reports].index(rid)
    reports[i] = attrs.evolve(reports[i], accounts=A)


def link_only_in_a(links: list[Link], source: str, target: str) -> None:
    i = [(k.source, k.target) for k in links].index((source, target))
    links[i] = attrs.evolve(links[i], accounts=A)


def mention_only_in_a(reports: list[Report], rid: str, j: int = 0) -> None:
    i = [r.id for r in reports].index(rid)
    claims = list(reports[i].claims)
    claims[j] = attrs.evolve(claims[j], accounts=A)
    reports[i] = attrs.evolve(reports[i], claims=claims)


def second_mention(rid: str, stance: str, in_a_only: int) -> Callable[..., None]:
    """``rid`` mentions c twice (its own mention and one at ``stance``); mention number
    ``in_a_only`` is account A's alone."""
    def change(reports: list[Report], links: list[Link]) -> None:
        i = [r.id for r in reports].index(rid)
        reports[i] = attrs.evolve(reports[i], claims=[*reports[i].claims, said("c", stance)])
        mention_only_in_a(reports, rid, in_a_only)
    return change


CASES = {
    # Without x1, x2 speaks firsthand: x reaches nobody, and y wins the tie; without the
    # link into x1, x1 speaks firsthand; without the link out of it, x still reaches x1.
    "a report the point's reach runs through": (
        lambda r, k: (only_in_a(r, "x1"), [link_only_in_a(k, s, t) for s, t in
                                           (("x", "x1"), ("x1", "x2"))]),
        {"reports[2]": A, "links[1]": A, "links[2]": ()}),
    # Without x2, x still reaches x1.
    "a report at the end of the point's reach": (
        lambda r, k: (only_in_a(r, "x2"), link_only_in_a(k, "x1", "x2")),
        {"reports[3]": (), "links[2]": ()}),
    "the point's own report": (
        lambda r, k: (only_in_a(r, "x"), [link_only_in_a(k, s, t) for s, t in
                                          (("src", "x"), ("x", "x1"))]),
        {"reports[1]": A, "links[0]": A, "links[1]": A}),
    "a link the point's reach runs through": (
        lambda r, k: link_only_in_a(k, "x", "x1"), {"links[1]": A}),
    "a link into the point": (
        lambda r, k: link_only_in_a(k, "src", "x"), {"links[0]": A}),
    # A second source of x1 takes x1 and x2 out of x's reach: in account A, y is the
    # point, and without the link it is x again (a reach that grows).
    "a link that splits the point's reach": (
        lambda r, k: k.append(to("src", "x1", accounts=A)), {"links[4]": A}),
    "a second link where one is enough": (
        lambda r, k: k.append(to("x", "x2", accounts=A)), {"links[4]": ()}),
    # A rebuttal transmits nothing: it never moves the point.
    "a link that transmits nothing": (
        lambda r, k: k.append(to("y", "x1", "rebuts", accounts=A)), {"links[4]": ()}),
    # Without its mention, x1 does not carry c: x2 invents it, and x reaches nobody.
    "the only mention of the claim in a report of the reach": (
        lambda r, k: mention_only_in_a(r, "x1"), {"reports[2].claims[0]": A}),
    "the only mention of the claim at the end of the reach": (
        lambda r, k: mention_only_in_a(r, "x2"), {"reports[3].claims[0]": ()}),
    "the only mention of the point's claim in the point's report": (
        lambda r, k: mention_only_in_a(r, "x"), {"reports[1].claims[0]": A}),
    # (A report with two mentions of the claim is analysed again without the mention.)
    "one of two mentions, the weaker": (
        second_mention("x1", "implies", 1), {"reports[2].claims[1]": ()}),
    "one of two mentions, leaving a denial": (
        second_mention("x1", "denies", 0), {"reports[2].claims[0]": A}),
}

MODES = {"node by node": lambda: patched("_THIN", 10**9),
         "level by level": lambda: patched("_THIN", 0),
         "afresh": lambda: patched("_MOVE_LIMIT", 0)}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("case", list(CASES))
def test_what_each_account_s_point_rests_on_is_what_analysing_it_again_finds(case, mode):
    change, expected = CASES[case]
    built = story(change)
    with MODES[mode]():
        fast = analyze(built)
    slow = reference_analysis.analyze(built)
    assert plain(fast) == plain(slow)
    assert {d.path: d.rests_on for d in fast.differences} == expected


def test_account_b_s_point_is_x_and_a_s_depends_on_its_items():
    result = analyze(story(lambda r, k: k.append(to("src", "x1", accounts=A))))
    assert result.accounts_agree is False
    assert result.accounts["a"].point_of_distortion.report == "y"
    assert len(result.accounts["b"].point_of_distortion.reach) == 2
