"""Competing accounts as pictures show them: one account's story, and what differs."""

from __future__ import annotations

import attrs
import pytest

from provenance.analysis import Role, analyze
from provenance.analysis.results import AccountDifference
from provenance.drawing.accounts import (
    account_differences,
    account_view,
    check_account,
    compare_accounts,
)
from provenance.errors import ProvenanceError
from provenance.model import Story

from .version2 import accounts_story


def test_an_account_is_drawn_from_its_own_story_and_analysis():
    story = accounts_story()
    told, analysis = account_view(story, "paper")
    assert [r.id for r in told.reports] == ["statement", "wire-post", "paper-article"]
    assert told.report("statement").claims == ()  # the ministry's mention is the other's
    assert analysis.point_of_distortion is not None
    assert analysis.point_of_distortion.report == "wire-post"
    assert Role.INVENTED in analysis.point_of_distortion.kinds
    told, analysis = account_view(story, "ministry")
    assert "tv-report" in {r.id for r in told.reports}
    assert analysis.point_of_distortion is None


def test_an_account_s_own_analysis_is_used_when_the_analysis_has_it():
    story = accounts_story()
    own = analyze(account_view(story, "ministry")[0])
    marked = attrs.evolve(own, warnings=())
    whole = attrs.evolve(own, accounts={"ministry": marked, "paper": own})
    assert account_view(story, "ministry", whole)[1] is marked


def test_an_unknown_account_is_an_error_listing_the_accounts():
    with pytest.raises(ProvenanceError, match='unknown account "nope".*"paper", "ministry"'):
        account_view(accounts_story(), "nope")
    with pytest.raises(ProvenanceError, match="has no accounts"):
        check_account(Story("S"), "nope")


def test_the_differences_are_the_items_only_some_accounts_hold():
    found = account_differences(accounts_story())
    assert [(d.path, d.kind, d.accounts) for d in found] == [
        ("reports[0].claims[0]", "mention", ("ministry",)),
        ("reports[2]", "report", ("ministry",)),
        ("links[1]", "link", ("ministry",)),
    ]
    assert found[0].claim == "jets" and found[2].link == ("statement", "tv-report")
    assert account_differences(Story("S")) == ()


def test_comparing_two_accounts_marks_what_each_holds_alone():
    compared = compare_accounts(accounts_story(), None, "paper", "ministry")
    assert not compared.agree
    assert compared.only_first.marked == frozenset()
    side = compared.only_second
    assert side.reports == {"tv-report"} and side.links == {("statement", "tv-report")}
    assert side.mentions == {"statement": frozenset({"jets"})}
    assert side.marked == {"tv-report", "statement"}
    assert compare_accounts(accounts_story(), None, "paper", "paper").agree


def test_the_analysis_s_differences_are_used_with_what_each_point_rests_on():
    story = accounts_story()
    listed = (AccountDifference("reports[0].claims[0]", "mention", ("ministry",),
                                report="statement", claim="jets", rests_on=("ministry",)),)
    analysis = attrs.evolve(analyze(account_view(story, "paper")[0]), differences=listed)
    compared = compare_accounts(story, analysis, "paper", "ministry")
    assert compared.only_second.reports == frozenset()  # the analysis's list, not the story's
    assert compared.rests_on == {"paper": (), "ministry": ("reports[0].claims[0]",)}


def test_the_comparison_s_caption_names_what_each_point_rests_on():
    from provenance.drawing.accounts import compare_caption

    story = accounts_story()
    analysis = analyze(story)
    compared = compare_accounts(story, analysis, "paper", "ministry")
    lines = compare_caption(story, compared, analysis.accounts["paper"],
                            analysis.accounts["ministry"])
    assert lines[0] == "The two accounts disagree on the point of distortion."
    assert lines[1].startswith("The paper's account: Point of distortion: Wire (post)")
    assert lines[2] == "The ministry's account: No distortion found"
    assert lines[3] == ("Only in The paper's account: nothing. Only in The ministry's "
                        "account: 1 report, 1 link, 1 claim mention.")
    assert lines[4] == ("The ministry's account's point rests on: Ministry, statement "
                        "[statement] carrying “Coalition jets took part”.")
