"""The samples' expected outputs: each version 2 sample's analysis says what went wrong
where, as the format's rules (docs/format.md, "Version 2") say it must."""

from __future__ import annotations

import pytest

import provenance
from provenance import Story, analyze
from provenance.analysis import Role
from provenance.drawing.accounts import compare_accounts
from provenance.model import Part, Stance

from .conftest import SAMPLES


def load(name: str) -> Story:
    return provenance.load(SAMPLES / f"{name}.json")


VERSION_2 = ["syria-joint-strike-accounts", "satire-taken-as-news", "quote-in-a-famous-mouth",
             "hedged-denial-made-firm", "headline-overstates", "context-dropped-in-rats"]


@pytest.mark.parametrize("name", VERSION_2)
def test_each_version_2_sample_says_where_it_comes_from(name: str) -> None:
    story = load(name)
    summary = story.summary or ""
    assert "http" in summary or summary.startswith("ILLUSTRATIVE"), name


def test_satire_taken_as_news() -> None:
    story = load("satire-taken-as-news")
    analysis = analyze(story)
    point = analysis.point_of_distortion
    assert point is not None
    assert (point.report, point.claim, point.kinds) == (
        "peoples-daily-slideshow", "sexiest", (Role.SATIRE_AS_FACT,))
    roles = analysis.claims["sexiest"].roles
    # Attributing it to The Onion does not make it faithful, nor is it an invention.
    assert roles["peoples-daily-slideshow"] == (Role.SATIRE_AS_FACT,)


def test_a_quote_put_in_a_famous_mouth() -> None:
    analysis = analyze(load("quote-in-a-famous-mouth"))
    point = analysis.point_of_distortion
    assert point is not None
    assert (point.report, point.claim) == ("facebook-reshares", "mourn")
    assert point.kinds == (Role.MISATTRIBUTED,)
    assert "jillette-tweet" in point.reach
    mourn = analysis.claims["mourn"]
    assert mourn.roles["facebook-reshares"] == (Role.MISATTRIBUTED,)  # not faithful too
    assert mourn.roles["jillette-tweet"] == (Role.FAITHFUL,)
    # A report that only denies that King said it rebuts the misattribution, with no role.
    assert "csmonitor-report" in mourn.rebuttals
    assert not mourn.roles.get("csmonitor-report")
    # The Atlantic gives the sentence back to its author: faithful to her post.
    assert mourn.roles["atlantic-anatomy"] == (Role.FAITHFUL,)
    assert analysis.claims["hate"].roles["facebook-reshares"] == (Role.FAITHFUL,)


def test_a_hedged_denial_made_firm() -> None:
    analysis = analyze(load("hedged-denial-made-firm"))
    point = analysis.point_of_distortion
    assert point is not None
    assert (point.report, point.claim, point.kinds) == (
        "courier-article", "recall", (Role.INFLATED,))
    assert point.after is Stance.DENIES
    assert "digest-item" in point.reach
    assert analysis.claims["recall"].roles["digest-item"] == (Role.FAITHFUL,)


def test_a_headline_that_said_more_than_its_article() -> None:
    analysis = analyze(load("headline-overstates"))
    point = analysis.point_of_distortion
    assert point is not None
    assert (point.report, point.claim, point.kinds) == (
        "mailonline-article", "inflammatory", (Role.HEADLINE_OVERSTATES,))
    assert (point.before, point.after, point.part) == (Stance.IMPLIES, Stance.ASSERTS,
                                                       Part.HEADLINE)
    assert analysis.claims["inflammatory"].roles["mailonline-article"] == (
        Role.HEADLINE_OVERSTATES,)


def test_a_study_whose_in_rats_vanished() -> None:
    analysis = analyze(load("context-dropped-in-rats"))
    point = analysis.point_of_distortion
    assert point is not None
    assert (point.report, point.claim, point.kinds, point.dropped) == (
        "kveller-post", "resveratrol", (Role.CONTEXT_DROPPED,), "in-rats")
    roles = analysis.claims["resveratrol"].roles
    assert roles["huffpost-article"] == (Role.FAITHFUL,)
    assert roles["vcu-messy-media"] == (Role.FAITHFUL,)


def test_the_syria_accounts_disagree_on_the_ministry_s_statement() -> None:
    story = load("syria-joint-strike-accounts")
    analysis = analyze(story)
    assert analysis.accounts_agree is False
    assert analysis.point_of_distortion is None  # no agreed point
    beast = analysis.accounts["daily-beast"].point_of_distortion
    assert beast is not None and (beast.report, beast.claim) == ("ap-tweet", "coalition-jets")
    # The Daily Beast's account is the version 1 sample's story: the same point.
    syria = analyze(load("syria-joint-strike")).point_of_distortion
    assert syria is not None and (beast.report, beast.kinds) == (syria.report, syria.kinds)
    tass = analysis.accounts["tass"]
    assert tass.point_of_distortion is None  # the ministry said it: AP distorted nothing
    assert tass.claims["coalition-jets"].roles["mod-statement"] == (Role.ORIGIN,)
    assert tass.claims["coalition-jets"].roles["ap-tweet"] == (Role.FAITHFUL,)
    paths = {d.path: d for d in analysis.differences}
    statement = next(d for d in paths.values()
                     if d.kind == "mention" and d.report == "mod-statement")
    assert statement.claim == "coalition-jets" and statement.accounts == ("tass",)
    assert "tass" in statement.rests_on  # TASS's account rests on the ministry's words
    compared = compare_accounts(story, analysis, "daily-beast", "tass")
    assert not compared.agree and "mod-statement" in compared.only_second.marked
    assert "tass-report" in compared.only_second.reports
