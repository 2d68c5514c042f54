"""The distortion analysis, case by case (see the format page's last section)."""

from __future__ import annotations

from provenance import Role, Stance, Story, analyze
from provenance.model import Actor, Claim, ClaimMention, Link, Relation, Report

from ..conftest import link, make_story, mention, report


def roles(analysis, claim="c"):
    return {rid: [r.value for r in rs] for rid, rs in analysis.claims[claim].roles.items()}


def test_empty_story_has_no_findings():
    result = analyze(Story("Empty"))
    assert result.point_of_distortion is None
    assert result.distortions == ()
    assert result.claims == {}
    assert result.warnings == ()


def test_faithful_chain_has_no_distortion():
    story = make_story(
        [report("a", "gov", mention("c", "asserts")),
         report("b", "wire", mention("c", "attributes", "gov")),
         report("d", "paper", mention("c", "attributes", "gov"))],
        [link("a", "b", "quotes"), link("b", "d", "paraphrases")],
    )
    result = analyze(story)
    assert result.point_of_distortion is None
    assert result.distortions == ()
    assert roles(result) == {"a": ["origin"], "b": ["faithful"], "d": ["faithful"]}


def test_invented_claim_is_a_distortion():
    story = make_story(
        [report("a", "gov"), report("b", "blog", mention("c", "asserts"))],
        [link("a", "b")],
    )
    result = analyze(story)
    assert roles(result) == {"b": ["invented"]}
    point = result.point_of_distortion
    assert point.report == "b" and point.kinds == (Role.INVENTED,)
    assert point.before is None and point.after is Stance.ASSERTS
    assert point.sources == ("a",)  # what the invention drew on


def test_inflation_reach_and_planting():
    story = make_story(
        [report("ministry", "gov", mention("x", "asserts")),
         report("agency", "state", mention("c", "implies", quote="a channel")),
         report("tweet", "wire", mention("c", "attributes", "gov")),
         report("h1", "p1", mention("c", "attributes", "gov")),
         report("h2", "p2", mention("c", "attributes", "gov"))],
        [link("ministry", "agency", "paraphrases"), link("agency", "tweet", "paraphrases"),
         link("tweet", "h1"), link("tweet", "h2")],
    )
    result = analyze(story)
    point = result.point_of_distortion
    assert point.report == "tweet"
    assert set(point.kinds) == {Role.INFLATED, Role.MISATTRIBUTED}
    assert (point.before, point.after) == (Stance.IMPLIES, Stance.ATTRIBUTES)
    assert point.sources == ("agency",)
    assert point.reach == ("h1", "h2")
    assert point.planted == ("agency",)
    [planting] = [d for d in result.distortions if d.report == "agency"]
    assert planting.report == "agency" and planting.plants and not planting.states
    assert set(planting.reach) == {"tweet", "h1", "h2"}


def test_reach_excludes_reports_with_another_route():
    story = make_story(
        [report("o", "gov", mention("c", "implies")),
         report("d", "blog", mention("c", "asserts")),
         report("clean", "gov", mention("c", "asserts")),
         report("only", "p1", mention("c", "asserts")),
         report("both", "p2", mention("c", "asserts"))],
        [link("o", "d"), link("d", "only"), link("d", "both"), link("clean", "both")],
    )
    point = analyze(story).point_of_distortion
    assert point.report == "d"
    assert point.reach == ("only",)  # "both" also had the claim from "clean"


def test_firsthand_assertion_repeated_as_fact_is_inflation():
    story = make_story(
        [report("claim", "party", mention("c", "asserts")),
         report("echo", "outlet", mention("c", "asserts")),
         report("self", "party", mention("c", "asserts"))],
        [link("claim", "echo", "quotes"), link("claim", "self", "quotes")],
    )
    result = analyze(story)
    assert roles(result) == {"claim": ["origin"], "echo": ["inflated"], "self": ["faithful"]}
    point = result.point_of_distortion
    assert point.report == "echo" and point.attribution_dropped
    assert point.before is Stance.ATTRIBUTES and point.source_holders == ("party",)


def test_flips_in_both_directions():
    story = make_story(
        [report("denial", "gov", mention("c", "denies")),
         report("flip", "blog", mention("c", "asserts")),
         report("claim", "gov", mention("k", "asserts")),
         report("unflip", "blog", mention("k", "denies"))],
        [link("denial", "flip", "paraphrases"), link("claim", "unflip", "paraphrases")],
    )
    result = analyze(story)
    assert roles(result, "c")["flip"] == ["flipped"]
    assert roles(result, "k")["unflip"] == ["flipped"]
    flip = result.distortions_of("k")[0]
    assert flip.states and flip.before is Stance.ATTRIBUTES and flip.after is Stance.DENIES


def test_a_repeated_denial_is_faithful_with_or_without_its_holder():
    # The format ranks affirmative stances only: a denial is never "inflated".
    story = make_story(
        [report("pentagon", "dod", mention("c", "denies")),
         report("bare", "wire", mention("c", "denies")),
         report("named", "paper", mention("c", "denies", "dod")),
         report("unnamed", "blog", mention("c", "denies"))],
        [link("pentagon", "bare", "quotes"), link("pentagon", "named"),
         link("named", "unnamed")],
    )
    result = analyze(story)
    assert roles(result) == {"pentagon": ["origin"], "bare": ["faithful"],
                             "named": ["faithful"], "unnamed": ["faithful"]}
    assert result.distortions == () and result.point_of_distortion is None


def test_misattribution_at_equal_strength():
    story = make_story(
        [report("src", "paper", mention("c", "attributes", "alice")),
         report("copy", "blog", mention("c", "attributes", "bob"))],
        [link("src", "copy")],
        actors=[{"id": a, "name": a} for a in ("paper", "blog", "alice", "bob")],
    )
    result = analyze(story)
    # Faithful excludes every distortion role (issue 11 correction).
    assert roles(result)["copy"] == ["misattributed"]
    assert result.point_of_distortion.kinds == (Role.MISATTRIBUTED,)


def test_strongest_of_several_sources_counts():
    story = make_story(
        [report("weak", "a", mention("c", "implies")),
         report("strong", "b", mention("c", "attributes", "z")),
         report("t", "c", mention("c", "attributes", "z"))],
        [link("weak", "t"), link("strong", "t")],
        actors=[{"id": a, "name": a} for a in "abcz"],
    )
    assert roles(analyze(story))["t"] == ["faithful"]


def test_independent_distortions_of_one_claim_pick_the_widest_reach():
    story = make_story(
        [report("o1", "gov", mention("c", "questions")),
         report("d1", "x", mention("c", "asserts")),
         report("o2", "gov", mention("c", "questions")),
         report("d2", "y", mention("c", "asserts")),
         report("r1", "p", mention("c", "asserts")),
         report("r2", "q", mention("c", "asserts"))],
        [link("o1", "d1"), link("o2", "d2"), link("d2", "r1"), link("d2", "r2")],
    )
    result = analyze(story)
    assert [d.report for d in result.distortions] == ["d2", "d1"]
    assert result.point_of_distortion.report == "d2"
    assert result.point_of_distortion.reach == ("r1", "r2")


def test_ties_go_to_audience_then_earlier_publication():
    base = [report("o", "gov", mention("c", "implies")),
            report("a", "small", mention("c", "asserts"), published="2020-01-02"),
            report("b", "big", mention("c", "asserts"), published="2020-01-03")]
    links = [link("o", "a"), link("o", "b")]
    actors = [{"id": "gov", "name": "Gov"}, {"id": "small", "name": "S", "audience": 10},
              {"id": "big", "name": "B", "audience": 1000}]
    assert analyze(make_story(base, links, actors=actors)).point_of_distortion.report == "b"
    actors[2]["audience"] = 10
    assert analyze(make_story(base, links, actors=actors)).point_of_distortion.report == "a"


def test_only_planting_distortions_give_no_point():
    story = make_story(
        [report("a", "gov"), report("b", "blog", mention("c", "implies"))], [link("a", "b")])
    result = analyze(story)
    assert len(result.distortions) == 1
    assert result.point_of_distortion is None


def test_rebuttals_first_time_and_who_kept_repeating():
    story = make_story(
        [report("o", "gov", mention("c", "implies")),
         report("d", "wire", mention("c", "asserts"), published="2017-01-23T10:00:00+00:00"),
         report("deny", "pentagon", mention("c", "denies"), published="2017-01-23T18:00:00Z"),
         report("check", "checker", published="2017-01-24"),
         report("late", "paper", mention("c", "asserts"), published="2017-01-25"),
         report("aware", "paper2", mention("c", "asserts"),
                mention("c", "denies", "pentagon")),
         report("early", "paper3", mention("c", "asserts"), published="2017-01-23T11:00Z")],
        [link("o", "d"), link("d", "late"), link("d", "early"), link("d", "aware"),
         link("deny", "aware", "quotes"), link("d", "check", "rebuts")],
    )
    findings = analyze(story).claims["c"]
    # A rebuttal denies the claim (issue 11): the checker's rebuts link alone is not one.
    assert findings.rebuttals == ("deny",)
    assert (findings.first_rebuttal, findings.first_rebuttal_time) == (
        "deny", "2017-01-23T18:00:00Z")
    assert set(findings.carried_after_rebuttal) == {"late", "aware"}
    assert findings.rebuttal_reached == ("aware",)
    assert roles(analyze(story))["aware"] == ["faithful"]  # its affirmative mention decides


def test_published_before_source_with_partial_dates():
    story = make_story(
        [report("src", "a", published="2017-01-23T12:00:00+03:00"),
         report("same_day", "b", published="2017-01-23"),
         report("day_before", "c", published="2017-01-22"),
         report("naive", "d", published="2017-01-23T08:00"),
         report("naive_early", "e", published="2017-01-22T20:00")],
        [link("src", "same_day"), link("src", "day_before"), link("src", "naive"),
         link("src", "naive_early")],
    )
    result = analyze(story)
    # A time without an offset could be in any zone: 08:00 may be after 12:00+03:00.
    assert result.published_before_source == (("src", "day_before"), ("src", "naive_early"))
    assert [w.kind for w in result.warnings] == ["published_before_source"] * 2


def test_cycle_without_origin_is_circular_and_reported():
    story = make_story(
        [report("a", "x", mention("c", "asserts")),
         report("b", "y", mention("c", "asserts")),
         report("c3", "z", mention("c", "asserts"))],
        [link("a", "b"), link("b", "c3"), link("c3", "a")],
    )
    result = analyze(story)
    assert result.cycles == (("a", "b", "c3"),)
    assert result.claims["c"].circular == ("a", "b", "c3")
    assert all("circular" in r for r in roles(result).values())
    assert any(w.kind == "cycle" for w in result.warnings)


def test_citogenesis_back_to_the_same_actor_is_circular():
    story = make_story(
        [report("wiki-1", "wiki", mention("c", "asserts"), firsthand=False),
         report("paper", "news", mention("c", "asserts")),
         report("wiki-2", "wiki", mention("c", "asserts"))],
        [link("wiki-1", "paper"), link("paper", "wiki-2")],
    )
    result = analyze(story)
    assert roles(result)["wiki-2"] == ["circular"]  # faithful excludes circular (issue 11)
    assert roles(result)["wiki-1"] == ["invented"]
    assert result.point_of_distortion.report == "wiki-1"


def test_same_actor_update_is_not_circular():
    story = make_story(
        [report("v1", "wire", mention("c", "asserts")),
         report("v2", "wire", mention("c", "asserts"))],
        [link("v1", "v2", "quotes")],
    )
    assert roles(analyze(story)) == {"v1": ["origin"], "v2": ["faithful"]}


def test_low_confidence_link_and_the_point_without_it():
    story = make_story(
        [report("o", "gov", mention("c", "implies")),
         report("d", "wire", mention("c", "asserts")),
         report("e", "blog", mention("c", "implies")),
         report("f", "blog2", mention("c", "asserts")),
         report("r1", "p1", mention("c", "asserts")),
         report("r2", "p2", mention("c", "asserts")),
         report("r3", "p3", mention("c", "asserts"))],
        [link("o", "d"), link("d", "r1"), link("d", "r2", confidence=0.4),
         link("e", "f"), link("f", "r3")],
    )
    result = analyze(story)
    assert result.point_of_distortion.report == "d"
    [alt] = result.alternatives
    assert alt.link == ("d", "r2") and alt.confidence == 0.4
    # Without the doubtful link, r2 becomes its own invention and d, f tie on reach 1:
    # d stays first by story order, but its reach shrinks.
    assert alt.point_of_distortion.report == "d"
    assert alt.point_of_distortion.reach == ("r1",)
    assert result.distortions_of("c")[0].uncertain_links == ()


def test_uncertain_source_link_is_named_on_the_distortion():
    story = make_story(
        [report("o", "gov", mention("c", "implies")), report("d", "wire", mention("c", "asserts"))],
        [link("o", "d", confidence=0.5)],
    )
    result = analyze(story)
    assert result.point_of_distortion.uncertain_links == (("o", "d"),)
    # Without its only transmitting link, d speaks firsthand (the format's default).
    assert result.alternatives[0].point_of_distortion is None


def test_mention_firsthand_overrides_the_report():
    story = make_story(
        [report("a", "gov"),
         report("b", "witness", mention("c", "asserts", firsthand=True),
                mention("k", "asserts"))],
        [link("a", "b")],
    )
    result = analyze(story)
    assert roles(result, "c") == {"b": ["origin"]}
    assert roles(result, "k") == {"b": ["invented"]}


def test_rebuttal_links_transmit_nothing():
    story = make_story(
        [report("claim", "gov", mention("c", "asserts")),
         report("check", "checker", mention("c", "denies"))],
        [link("claim", "check", "rebuts")],
    )
    result = analyze(story)
    assert roles(result) == {"claim": ["origin"], "check": ["origin"]}
    assert result.distortions == ()
    assert result.claims["c"].rebuttals == ("check",)


def test_works_on_stories_built_in_code():
    story = Story(
        "In code",
        actors=(Actor("a", "A"), Actor("b", "B")),
        claims=(Claim("c", "C"),),
        reports=(Report("r1", "a", claims=(ClaimMention("c", Stance.QUESTIONS),)),
                 Report("r2", "b", claims=(ClaimMention("c", Stance.ASSERTS),))),
        links=(Link("r1", "r2", Relation.SUMMARIZES),),
    )
    point = analyze(story).point_of_distortion
    assert (point.report, point.before, point.after) == ("r2", Stance.QUESTIONS, Stance.ASSERTS)


def test_an_analysis_displays_itself_in_notebooks():
    story = make_story(
        [report("o", "gov", mention("c", "implies")),
         report("<b>d</b>", "wire", mention("c", "asserts"))],
        [link("o", "<b>d</b>")],
    )
    html = analyze(story)._repr_html_()
    assert "Point of distortion" in html and "&lt;b&gt;d&lt;/b&gt;" in html
    assert "<b>d</b>" not in html
    assert "No point of distortion" in analyze(Story("Empty"))._repr_html_()


def test_a_story_built_in_code_with_a_huge_audience_is_analysed():
    story = Story("Big", actors=[Actor("a", "A", audience=10 ** 400), Actor("b", "B")],
                  claims=[Claim("c", "C")],
                  reports=[Report("r1", "a"), Report("r2", "a", claims=[
                      ClaimMention("c", Stance.ASSERTS)]),
                      Report("r3", "b", claims=[ClaimMention("c", Stance.ASSERTS)])],
                  links=[Link("r1", "r2"), Link("r1", "r3")])
    point = analyze(story).point_of_distortion
    assert point is not None and point.report == "r2"  # the larger audience wins the tie
