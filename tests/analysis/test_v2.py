"""Version 2 of the story format (issue 11): each rule of its analysis, one story each.

Every story here is checked against the reference analysis too (``both``).
"""

from __future__ import annotations

from provenance import Role, Stance, analyze
from provenance.model import Account, Claim, Genre, Part, PublicationTime

from .. import reference_analysis
from ..analysis.test_equivalence import plain
from ._build import build, rep, role_names, said, to

HEADLINE = Part.HEADLINE


def both(story):
    fast = analyze(story)
    assert plain(fast) == plain(reference_analysis.analyze(story))
    return fast


def only(result, report, claim="c"):
    [found] = [d for d in result.distortions if d.report == report and d.claim == claim]
    return found


# -- satire ------------------------------------------------------------------ #

def test_a_report_taking_satire_as_fact_is_satire_as_fact_not_invented():
    story = build([rep("onion", "onion", said("c", "asserts"), genre=Genre.SATIRE),
                   rep("blog", "blog", said("c", "asserts")),
                   rep("repost", "fan", said("c", "asserts"))],
                  [to("onion", "blog"), to("blog", "repost")])
    result = both(story)
    assert role_names(result) == {"onion": ["origin"], "blog": ["satire_as_fact"],
                                  "repost": ["faithful"]}
    point = result.point_of_distortion
    assert (point.report, point.kinds, point.before) == ("blog", (Role.SATIRE_AS_FACT,), None)
    assert point.sources == ("onion",) and point.reach == ("repost",)


def test_attributing_the_claim_to_the_satirist_does_not_make_it_faithful():
    story = build([rep("onion", "onion", said("c", "asserts"), genre=Genre.SATIRE),
                   rep("paper", "paper", said("c", "attributes", "onion"))],
                  [to("onion", "paper", "quotes")])
    assert role_names(both(story))["paper"] == ["satire_as_fact"]


def test_satire_passes_nothing_on_even_beside_news():
    # The claim also reached the report from news: that source decides.
    story = build([rep("onion", "onion", said("c", "asserts"), genre=Genre.SATIRE),
                   rep("wire", "wire", said("c", "implies")),
                   rep("paper", "paper", said("c", "implies"))],
                  [to("onion", "paper"), to("wire", "paper")])
    assert role_names(both(story))["paper"] == ["faithful"]


def test_a_satire_taken_as_fact_that_only_implies_plants_the_claim():
    story = build([rep("onion", "onion", said("c", "asserts"), genre=Genre.SATIRE),
                   rep("blog", "blog", said("c", "implies"))],
                  [to("onion", "blog")])
    result = both(story)
    assert only(result, "blog").plants and result.point_of_distortion is None


# -- headline and body ------------------------------------------------------- #

def test_a_headline_stronger_than_its_body_overstates():
    story = build([rep("study", "lab", said("c", "implies")),
                   rep("paper", "paper", said("c", "implies"),
                       said("c", "asserts", part=HEADLINE, quote="Coffee cures"))],
                  [to("study", "paper")])
    result = both(story)
    assert role_names(result)["paper"] == ["headline_overstates"]
    found = only(result, "paper")
    assert (found.before, found.after, found.part) == (Stance.IMPLIES, Stance.ASSERTS, HEADLINE)
    assert found.quote == "Coffee cures" and result.point_of_distortion == found


def test_a_headline_whose_body_does_not_carry_the_claim_overstates_with_nothing_before():
    story = build([rep("study", "lab", said("d", "asserts")),
                   rep("paper", "paper", said("c", "attributes", "lab", part=HEADLINE))],
                  [to("study", "paper")])
    found = only(both(story), "paper")
    assert found.kinds == (Role.HEADLINE_OVERSTATES,) and found.before is None


def test_a_reprint_of_an_overstated_headline_is_faithful_and_the_blame_stays():
    story = build([rep("study", "lab", said("c", "implies")),
                   rep("first", "paper", said("c", "implies"), said("c", "asserts", part=HEADLINE)),
                   rep("reprint", "aggregator", said("c", "implies"),
                       said("c", "asserts", part=HEADLINE))],
                  [to("study", "first"), to("first", "reprint")])
    result = both(story)
    assert role_names(result)["reprint"] == ["faithful"]
    assert result.point_of_distortion.report == "first"
    assert result.point_of_distortion.reach == ("reprint",)  # stories travel by headlines


def test_a_headline_that_only_implies_more_is_judged_by_its_own_stance():
    story = build([rep("study", "lab", said("c", "questions")),
                   rep("paper", "paper", said("c", "questions"),
                       said("c", "implies", part=HEADLINE))],
                  [to("study", "paper")])
    result = both(story)
    assert only(result, "paper").plants and result.point_of_distortion is None


# -- disputed attributions --------------------------------------------------- #

def test_an_attribution_denial_rebuts_the_misattribution_and_has_no_role():
    story = build([rep("quote", "site", said("c", "asserts")),
                   rep("meme", "page", said("c", "attributes", "king")),
                   rep("check", "checker", said("c", "denies", "king", of="attribution"))],
                  [to("quote", "meme"), to("meme", "check", "rebuts")])
    result = both(story)
    assert "check" not in role_names(result)
    assert result.claims["c"].rebuttals == ("check",)
    assert only(result, "meme").kinds == (Role.MISATTRIBUTED,)


def test_an_attribution_denial_transmits_nothing_about_the_claim():
    story = build([rep("check", "checker", said("c", "denies", "king", of="attribution")),
                   rep("paper", "paper", said("c", "asserts"))],
                  [to("check", "paper")])
    assert role_names(both(story))["paper"] == ["invented"]


# -- hedged denials ---------------------------------------------------------- #

def test_a_plain_denial_drawn_only_from_hedged_ones_is_inflated_and_can_be_the_point():
    story = build([rep("agency", "agency", said("c", "denies", hedged=True)),
                   rep("paper", "paper", said("c", "denies")),
                   rep("copy", "blog", said("c", "denies"))],
                  [to("agency", "paper"), to("paper", "copy")])
    result = both(story)
    assert role_names(result) == {"agency": ["origin"], "paper": ["inflated"],
                                  "copy": ["faithful"]}
    point = result.point_of_distortion
    assert (point.report, point.after, point.reach) == ("paper", Stance.DENIES, ("copy",))


def test_a_denial_repeated_at_the_same_or_weaker_certainty_is_faithful():
    story = build([rep("agency", "agency", said("c", "denies")),
                   rep("hedge", "paper", said("c", "denies", hedged=True)),
                   rep("again", "blog", said("c", "denies", hedged=True))],
                  [to("agency", "hedge"), to("hedge", "again")])
    assert role_names(both(story)) == {"agency": ["origin"], "hedge": ["faithful"],
                                       "again": ["faithful"]}


# -- context that was dropped ------------------------------------------------ #

MICE = [Claim("c", "Drug X cures cancer"), Claim("mice", "in mice", qualifies="c")]


def test_dropping_the_qualifier_a_source_carried_is_context_dropped():
    story = build([rep("study", "lab", said("c", "asserts"), said("mice", "asserts")),
                   rep("paper", "paper", said("c", "attributes", "lab")),
                   rep("blog", "blog", said("c", "attributes", "lab"))],
                  [to("study", "paper"), to("paper", "blog")], claims=MICE)
    result = both(story)
    assert role_names(result)["paper"] == ["context_dropped"]
    found = only(result, "paper")
    assert (found.dropped, found.part, found.reach) == ("mice", Part.BODY, ("blog",))
    assert result.point_of_distortion == found


def test_keeping_or_denying_the_qualifier_drops_nothing():
    for kept in (said("mice", "attributes", "lab"), said("mice", "denies")):
        story = build([rep("study", "lab", said("c", "asserts"), said("mice", "asserts")),
                       rep("paper", "paper", said("c", "attributes", "lab"), kept)],
                      [to("study", "paper")], claims=MICE)
        assert role_names(both(story))["paper"] == ["faithful"]


def test_a_headline_that_drops_the_qualifier_its_body_keeps_has_dropped_it():
    story = build([rep("release", "lab", said("c", "asserts"), said("mice", "asserts"),
                       said("c", "asserts", part=HEADLINE))],
                  claims=MICE)
    result = both(story)
    assert role_names(result)["release"] == ["origin", "context_dropped"]
    found = only(result, "release")
    assert (found.dropped, found.part, found.after) == ("mice", HEADLINE, Stance.ASSERTS)


# -- competing accounts ------------------------------------------------------ #

def accounts_story(tass_link: bool = True):
    accounts = [Account("tass", "What TASS says"), Account("nyt", "What the NYT says")]
    reports = [
        rep("mod", "ministry", said("c", "asserts")),
        rep("tass", "tass", said("c", "attributes", "ministry", accounts=("tass",)),
            said("c", "asserts", accounts=("nyt",))),
        rep("wire", "wire", said("c", "asserts")),
    ]
    links = [to("mod", "tass"), to("tass", "wire")]
    if tass_link:
        links.append(to("mod", "wire", accounts=("tass",)))
    return build(reports, links, accounts=accounts)


def test_each_account_is_analysed_and_the_accounts_are_compared():
    result = both(accounts_story())
    assert set(result.accounts) == {"tass", "nyt"}
    assert result.accounts_agree is False and result.point_of_distortion is None
    nyt = result.accounts["nyt"].point_of_distortion
    assert (nyt.report, nyt.kinds) == ("tass", (Role.INFLATED,))
    assert result.accounts["tass"].point_of_distortion.report == "wire"
    paths = [(d.path, d.kind, d.accounts) for d in result.differences]
    assert paths == [("reports[1].claims[0]", "mention", ("tass",)),
                     ("reports[1].claims[1]", "mention", ("nyt",)),
                     ("links[2]", "link", ("tass",))]
    rests = {d.path: d.rests_on for d in result.differences}
    # Without its faithful attribution TASS still passes nothing wrong on: wire's inflation
    # of the ministry stays the point. Without NYT's assertion, wire would invent it.
    assert rests == {"reports[1].claims[0]": (), "reports[1].claims[1]": ("nyt",),
                     "links[2]": ()}


def test_accounts_that_name_the_same_point_agree():
    accounts = [Account("a", "A"), Account("b", "B")]
    story = build([rep("src", "gov", said("c", "implies")),
                   rep("tweet", "wire", said("c", "asserts")),
                   rep("extra", "blog", said("c", "asserts"), accounts=("b",))],
                  [to("src", "tweet"), to("tweet", "extra", accounts=("b",))],
                  accounts=accounts)
    result = both(story)
    assert result.accounts_agree is True
    assert result.point_of_distortion.report == "tweet"
    assert result.differences[0].path == "reports[2]" and result.differences[0].rests_on == ()


def test_a_story_without_accounts_has_no_account_results():
    result = both(build([rep("a", "x", said("c", "asserts"))]))
    assert result.accounts == {} and result.accounts_agree is None and result.differences == ()


def test_dated_reports_in_accounts():
    accounts = [Account("a", "A"), Account("b", "B")]
    story = build([rep("claim", "gov", said("c", "asserts"),
                       published=PublicationTime.parse("2017-01-01")),
                   rep("deny", "pentagon", said("c", "denies"), accounts=("b",),
                       published=PublicationTime.parse("2017-01-02"))],
                  accounts=accounts)
    result = both(story)
    assert result.accounts["b"].claims["c"].rebuttals == ("deny",)
    assert result.accounts["a"].claims["c"].rebuttals == ()


def test_a_story_with_accounts_checks_every_quote_at_its_place_in_the_file():
    from provenance import analyze
    from provenance.model import Account, Actor, Claim, ClaimMention, Report, Stance, Story

    story = Story("T", actors=[Actor("a", "A")], claims=[Claim("c", "C")],
                  accounts=[Account("x", "X"), Account("y", "Y")],
                  reports=[Report("only-y", "a", text="hello", accounts=("y",), claims=[
                               ClaimMention("c", Stance.ASSERTS, quote="not there")]),
                           Report("everywhere", "a", text="hello", claims=[
                               ClaimMention("c", Stance.ASSERTS, quote="absent")])])
    messages = [w.message for w in analyze(story).warnings if w.kind == "quote_not_found"]
    assert messages == [
        "only-y: the quote for claim c (reports[0].claims[0]) is not in its text or title",
        "everywhere: the quote for claim c (reports[1].claims[0]) is not in its text or title"]
