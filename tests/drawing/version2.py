"""A version 2 story with one of each new distortion, built in code, and its analysis
made by hand (as the version 2 rules say it comes out), so that the pictures of the new
marks are tested whatever the analysis does."""

from __future__ import annotations

import attrs

from provenance.analysis import Analysis, ClaimFindings, Distortion, Role, analyze
from provenance.model import (
    Account,
    Actor,
    ActorKind,
    Claim,
    ClaimMention,
    Genre,
    Link,
    Part,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
)


def _m(claim: str, stance: str, **more: object) -> ClaimMention:
    return ClaimMention(claim, Stance(stance), **more)  # type: ignore[arg-type]


def new_roles_story() -> Story:
    """Satire taken as fact; a headline stronger than its article; "in mice" dropped."""
    return Story(
        "Three new distortions",
        actors=[Actor("onion", "The Onion", ActorKind.ONLINE_OUTLET),
                Actor("blog", "Viral Blog", ActorKind.BLOG),
                Actor("wire", "Wire", ActorKind.WIRE_SERVICE),
                Actor("daily", "Daily Paper", ActorKind.NEWSPAPER),
                Actor("lab", "Lab", ActorKind.RESEARCHER),
                Actor("site", "Health Site", ActorKind.ONLINE_OUTLET)],
        claims=[Claim("moon", "The moon landing was staged in a studio"),
                Claim("cure", "Coffee cures cancer"),
                Claim("mice", "in mice", qualifies="cure")],
        reports=[
            Report("satire", "onion", claims=[_m("moon", "asserts")], genre=Genre.SATIRE,
                   title="Area man finds the moon set"),
            Report("repost", "blog", claims=[_m("moon", "asserts")]),
            Report("wire-story", "wire", claims=[_m("cure", "attributes", holder="lab")]),
            Report("article", "daily", title="Coffee cures cancer", claims=[
                _m("cure", "attributes", holder="lab"),
                _m("cure", "asserts", part=Part.HEADLINE)]),
            Report("paper", "lab", claims=[_m("cure", "asserts"), _m("mice", "asserts")]),
            Report("write-up", "site", claims=[_m("cure", "asserts")]),
        ],
        links=[Link("satire", "repost", Relation.QUOTES),
               Link("paper", "wire-story", Relation.SUMMARIZES),
               Link("wire-story", "article", Relation.CITES),
               Link("paper", "write-up", Relation.SUMMARIZES)],
    )


SATIRE = Distortion("repost", "moon", (Role.SATIRE_AS_FACT,), Stance.ASSERTS, Stance.ASSERTS,
                    ("satire",), ())
HEADLINE = Distortion("article", "cure", (Role.HEADLINE_OVERSTATES,), Stance.ATTRIBUTES,
                      Stance.ASSERTS, ("wire-story",), (), part=Part.HEADLINE)
DROPPED = Distortion("write-up", "cure", (Role.CONTEXT_DROPPED,), Stance.ATTRIBUTES,
                     Stance.ASSERTS, ("paper",), (), dropped="mice")


def new_roles_analysis(story: Story) -> Analysis:
    """The analysis the version 2 rules give ``new_roles_story``: the headline the point."""
    base = analyze(story)
    roles = {
        "moon": {"satire": (), "repost": (Role.SATIRE_AS_FACT,)},
        "cure": {"paper": (Role.ORIGIN,), "wire-story": (Role.FAITHFUL,),
                 "article": (Role.HEADLINE_OVERSTATES,),
                 "write-up": (Role.CONTEXT_DROPPED,)},
        "mice": {"paper": (Role.ORIGIN,)},
    }
    by_claim = {"moon": (SATIRE,), "cure": (HEADLINE, DROPPED), "mice": ()}
    claims = {claim: ClaimFindings(claim, roles[claim], by_claim[claim], (), None, None, (), (),
                                   ()) for claim in roles}
    return attrs.evolve(base, point_of_distortion=HEADLINE,
                        distortions=(HEADLINE, DROPPED, SATIRE), claims=claims)


def accounts_story() -> Story:
    """Two accounts of one claim: in "ministry" the ministry said it and the wire
    reported it faithfully; in "paper" the ministry never said it and the wire invented
    the attribution (the accounts differ on the ministry's mention and one link)."""
    return Story(
        "Two accounts",
        accounts=[Account("paper", "The paper's account", by="paper"),
                  Account("ministry", "The ministry's account", by="ministry")],
        actors=[Actor("ministry", "Ministry", ActorKind.GOVERNMENT),
                Actor("wire", "Wire", ActorKind.WIRE_SERVICE),
                Actor("paper", "Paper", ActorKind.NEWSPAPER),
                Actor("tv", "TV", ActorKind.BROADCASTER)],
        claims=[Claim("jets", "Coalition jets took part")],
        reports=[
            Report("statement", "ministry", ReportKind.STATEMENT, claims=[
                _m("jets", "asserts", accounts=("ministry",))]),
            Report("wire-post", "wire", ReportKind.POST,
                   claims=[_m("jets", "attributes", holder="ministry")]),
            Report("tv-report", "tv", ReportKind.BROADCAST, accounts=("ministry",),
                   claims=[_m("jets", "attributes", holder="ministry")]),
            Report("paper-article", "paper", ReportKind.ANALYSIS,
                   claims=[_m("jets", "denies")]),
        ],
        links=[Link("statement", "wire-post", Relation.PARAPHRASES),
               Link("statement", "tv-report", Relation.QUOTES, accounts=("ministry",)),
               Link("wire-post", "paper-article", Relation.REBUTS)],
    )
