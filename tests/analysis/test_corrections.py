"""The corrections to the analysis rules (issue 11; both format versions), one story each.

Every story here is checked against the reference analysis too.
"""

from __future__ import annotations

from provenance import Role, Stance, analyze
from provenance.model import PublicationTime

from .. import reference_analysis
from ._build import build, rep, role_names, said, to


def both(story):
    fast = analyze(story)
    slow = reference_analysis.analyze(story)
    assert role_names(fast) == role_names(slow)
    assert [(d.report, d.kinds) for d in fast.distortions] == [
        (d.report, tuple(Role(k.value) for k in d.kinds)) for d in slow.distortions]
    assert fast.claims["c"].rebuttals == slow.claims["c"].rebuttals
    assert [w.message for w in fast.warnings] == [w.message for w in slow.warnings]
    return fast


def when(text):
    return PublicationTime.parse(text)


def test_a_repost_naming_the_wrong_holder_is_misattributed_not_faithful():
    story = build([rep("src", "paper", said("c", "attributes", "alice")),
                   rep("copy", "blog", said("c", "attributes", "bob"))],
                  [to("src", "copy")])
    result = both(story)
    assert role_names(result)["copy"] == ["misattributed"]
    assert result.point_of_distortion.kinds == (Role.MISATTRIBUTED,)


def test_a_loop_back_to_its_own_actor_is_circular_not_faithful():
    story = build([rep("wiki-1", "wiki", said("c", "asserts"), firsthand=False),
                   rep("paper", "news", said("c", "asserts")),
                   rep("wiki-2", "wiki", said("c", "asserts"))],
                  [to("wiki-1", "paper"), to("paper", "wiki-2")])
    assert role_names(both(story))["wiki-2"] == ["circular"]


def test_a_denial_published_before_anyone_stated_the_claim_is_no_rebuttal():
    story = build([rep("deny", "pentagon", said("c", "denies"), published=when("2017-01-20")),
                   rep("claim", "ministry", said("c", "asserts"), published=when("2017-01-23"))])
    assert both(story).claims["c"].rebuttals == ()


def test_a_denial_published_after_the_claim_was_stated_is_a_rebuttal():
    story = build([rep("claim", "ministry", said("c", "asserts"), published=when("2017-01-23")),
                   rep("deny", "pentagon", said("c", "denies"), published=when("2017-01-24")),
                   rep("late", "paper", said("c", "asserts"), published=when("2017-01-25"))])
    findings = both(story).claims["c"]
    assert findings.rebuttals == ("deny",)
    assert findings.carried_after_rebuttal == ("late",)
    assert findings.rebuttal_reached == ()


def test_an_undated_denial_that_draws_on_the_claim_is_a_rebuttal():
    story = build([rep("claim", "ministry", said("c", "asserts")),
                   rep("check", "checker", said("c", "denies"))],
                  [to("claim", "check", "rebuts")])
    assert both(story).claims["c"].rebuttals == ("check",)


def test_a_rebuts_link_without_a_denial_is_no_rebuttal():
    story = build([rep("claim", "ministry", said("c", "asserts")),
                   rep("check", "checker")],
                  [to("claim", "check", "rebuts")])
    assert both(story).claims["c"].rebuttals == ()


def test_a_firsthand_denial_that_a_later_report_flipped_is_its_source_not_its_rebuttal():
    story = build([rep("other", "blog", said("c", "asserts"), published=when("2017-01-22")),
                   rep("deny", "pentagon", said("c", "denies"), published=when("2017-01-23")),
                   rep("flip", "tabloid", said("c", "asserts"), published=when("2017-01-24"))],
                  [to("deny", "flip")])
    result = both(story)
    assert role_names(result)["flip"] == ["flipped"]
    assert result.claims["c"].rebuttals == ()
    assert result.claims["c"].carried_after_rebuttal == ()


def test_with_sources_of_both_polarities_the_own_polarity_decides():
    story = build([rep("says", "ministry", said("c", "asserts")),
                   rep("denies", "pentagon", said("c", "denies")),
                   rep("both", "paper", said("c", "attributes", "ministry"))],
                  [to("says", "both"), to("denies", "both")])
    assert role_names(both(story))["both"] == ["faithful"]


def test_only_opposite_sources_make_a_flip():
    story = build([rep("denies", "pentagon", said("c", "denies")),
                   rep("flip", "paper", said("c", "asserts"))],
                  [to("denies", "flip")])
    result = both(story)
    assert role_names(result)["flip"] == ["flipped"]
    assert result.point_of_distortion.before is Stance.DENIES


def test_the_strongest_denial_of_a_report_counts():
    # A hedged denial and a plain one in one report: the plain one is passed on, so a
    # plain repeat of it is faithful (not a hedged denial made firm).
    story = build([rep("src", "pentagon", said("c", "denies", hedged=True),
                       said("c", "denies")),
                   rep("copy", "paper", said("c", "denies"))],
                  [to("src", "copy")])
    assert role_names(both(story))["copy"] == ["faithful"]


def test_a_quote_that_is_not_in_its_report_is_a_data_warning():
    story = build([rep("r", "paper", said("c", "asserts", quote="two jets took part"),
                       text="The ministry said no such thing.")])
    result = both(story)
    [warning] = [w for w in result.warnings if w.kind == "quote_not_found"]
    assert warning.reports == ("r",)
    assert "r:" in warning.message and "reports[0].claims[0]" in warning.message
    assert "claim c" in warning.message


def test_a_quote_matches_across_case_spacing_quotation_marks_and_normal_forms():
    text = "He said: \u201cTwo  JETS took\npart\u201d in the caf\u00e9 strike."
    quote = "\"two jets took part\" in the cafe\u0301 strike"  # decomposed é
    story = build([rep("r", "paper", said("c", "asserts", quote=quote), text=text)])
    assert [w for w in both(story).warnings if w.kind == "quote_not_found"] == []


def test_a_quote_found_in_the_title_is_evidence_enough():
    story = build([rep("r", "paper", said("c", "asserts", quote="Jets joined"),
                       title="Jets joined the strike", text="Body text.")])
    assert [w for w in both(story).warnings if w.kind == "quote_not_found"] == []


def test_a_quote_in_a_report_without_text_or_title_is_not_checked():
    story = build([rep("r", "paper", said("c", "asserts", quote="anything"))])
    assert [w for w in both(story).warnings if w.kind == "quote_not_found"] == []
