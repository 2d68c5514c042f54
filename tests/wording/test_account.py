"""The readable account of version 2 analyses (issue 11): the new roles in a
fact-checker's words, and competing accounts."""

from __future__ import annotations

from provenance import analyze
from provenance.model import Account, Claim, Genre, Part
from provenance.wording.account import account, what_it_did
from provenance.wording.labels import change_lines

from ..analysis._build import build, rep, said, to

MICE = [Claim("c", "Drug X cures cancer"), Claim("mice", "in mice", qualifies="c")]


def point_of(story):
    result = analyze(story)
    return result, result.point_of_distortion


def test_satire_taken_as_fact_is_said_so():
    story = build([rep("onion", "onion", said("c", "asserts"), genre=Genre.SATIRE),
                   rep("blog", "blog", said("c", "asserts"))], [to("onion", "blog")])
    result, point = point_of(story)
    assert what_it_did(story, point) == ["took satire as fact"]
    assert "in short: took satire as fact" in account(story, result)
    assert change_lines(point) == ("satire taken as fact",)
    # The kinds are named in words, not in the file format's spelling.
    assert "changed the claim “c” (satire as fact)" in account(story, result)
    assert "satire_as_fact" not in account(story, result)


def test_an_overstating_headline_is_said_so():
    story = build([rep("study", "lab", said("c", "implies")),
                   rep("paper", "paper", said("c", "implies"),
                       said("c", "asserts", part=Part.HEADLINE))], [to("study", "paper")])
    result, point = point_of(story)
    text = account(story, result)
    assert "in short: the headline says more than the article" in text
    assert "to:   stating it as fact in its headline" in text
    assert change_lines(point) == ("implies → asserts", "in the headline")


def test_dropped_context_names_the_qualifier_in_its_words():
    story = build([rep("study", "lab", said("c", "asserts"), said("mice", "asserts")),
                   rep("paper", "paper", said("c", "attributes", "lab"))],
                  [to("study", "paper")], claims=MICE)
    result, point = point_of(story)
    assert "in short: dropped 'in mice'" in account(story, result)
    assert "(context dropped)" in account(story, result)
    assert change_lines(point) == ("dropped: mice",)  # (with the story: its words)


def test_a_hedged_denial_made_firm_is_said_so():
    story = build([rep("agency", "agency", said("c", "denies", hedged=True)),
                   rep("paper", "paper", said("c", "denies"))], [to("agency", "paper")])
    result, point = point_of(story)
    assert what_it_did(story, point) == ["made a hedged denial firm"]
    assert change_lines(point) == ("hedged → firm denial",)


def test_a_disputed_attribution_is_said_so():
    story = build([rep("quote", "site", said("c", "asserts")),
                   rep("meme", "page", said("c", "attributes", "king")),
                   rep("check", "checker", said("c", "denies", "king", of="attribution"))],
                  [to("quote", "meme"), to("meme", "check", "rebuts")])
    result, point = point_of(story)
    assert "the attribution is disputed" in what_it_did(story, point)
    assert "rebutted by: Checker" in account(story, result)


def test_competing_accounts_lead_with_agreement_then_each_point_then_the_differences():
    story = build([rep("mod", "ministry", said("c", "asserts")),
                   rep("tass", "tass", said("c", "attributes", "ministry", accounts=("tass",)),
                       said("c", "asserts", accounts=("nyt",))),
                   rep("wire", "wire", said("c", "asserts"))],
                  [to("mod", "tass"), to("tass", "wire")],
                  accounts=[Account("tass", "TASS"), Account("nyt", "NYT")])
    text = account(story, analyze(story))
    lines = text.splitlines()
    assert lines[3] == "COMPETING ACCOUNTS"
    assert lines[4] == "The accounts (TASS and NYT) disagree on the point of distortion."
    assert lines[6].startswith("In TASS's account, the point of distortion is ")
    assert lines[8].startswith("In NYT's account, the point of distortion is Tass")
    assert ("- The accounts differ on whether Tass, other [tass] carried “c” (stating it as "
            "fact): in NYT's account it did; in TASS's it did not.") in lines
    assert "  NYT's point of distortion rests on it." in lines
    assert "IN DETAIL, AS TASS'S ACCOUNT TELLS IT" in lines


def test_a_story_without_accounts_says_nothing_of_accounts():
    story = build([rep("a", "x", said("c", "asserts"))])
    assert "ACCOUNTS" not in account(story, analyze(story))


def test_the_syria_accounts_are_told_as_a_fact_checker_would():
    from provenance import analyze, load
    from provenance.wording import account

    from ..conftest import SAMPLES

    story = load(SAMPLES / "syria-joint-strike-accounts.json")
    text = account(story, analyze(story))
    assert "The accounts (The Daily Beast and TASS) disagree on the point of distortion." in text
    assert ("In The Daily Beast's account, the point of distortion is Associated Press, post "
            "[ap-tweet]") in text
    assert ("In TASS's account, no distortion found: “Jets of the US-led coalition took part "
            "in the Russian strike on Islamic State t…” begins firsthand with Russian Ministry "
            "of Defence, statement [mod-statement].") in text
    assert ("The accounts differ on whether Russian Ministry of Defence, statement "
            "[mod-statement] carried") in text
    assert "TASS's point of distortion rests on it." in text


def test_an_account_whose_point_no_later_report_repeats_says_so():
    import json

    import provenance

    doc = {"format": "provenance-story", "version": 2, "title": "t",
           "actors": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
           "claims": [{"id": "c", "text": "C"}],
           "accounts": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
           "reports": [
               {"id": "r1", "actor": "a", "claims": [{"claim": "c", "stance": "implies"}]},
               {"id": "r2", "actor": "b", "claims": [{"claim": "c", "stance": "asserts"}]}],
           "links": [{"source": "r1", "target": "r2"}]}
    story = provenance.loads(json.dumps(doc))
    words = account(story, analyze(story))
    assert "In X's account, the point of distortion is B, other [r2]" in words
    assert "no later report repeats it." in words
    assert "by 0 later reports" not in words
