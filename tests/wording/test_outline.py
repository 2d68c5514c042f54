"""What the viewer's docks say (provenance.wording.outline): the analysis as an outline, and
the report and link inspectors' rows."""

from __future__ import annotations

import pytest

import provenance
from provenance import analyze
from provenance.analysis import Role
from provenance.drawing.picture import estimated_point
from provenance.wording import account, no_point_summary, report_label
from provenance.wording import outline as ol
from provenance.wording.outline import (
    ALL_CLAIMS,
    analysis_page,
    claim_choices,
    link_facts,
    reached_by_rebuttal,
    report_facts,
    window_title,
)

from ..conftest import SAMPLES, link, make_story, mention, report


@pytest.fixture
def story():
    return make_story(
        [report("o", "gov", mention("c", "implies"), published="2020-01-01"),
         report("d", "wire", mention("c", "asserts", quote="They did it"),
                mention("c", "denies", "gov"), published="2020-01-02T10:00Z",
                title="Big <b>news</b>", url="https://example.org/d"),
         report("x", "blog", published="2020-01-03", text="Unrelated text about cats"),
         report("r", "paper", mention("c", "asserts"))],
        [link("o", "d"), link("d", "r"), link("r", "o", "rebuts")],
    )


def texts(entries):
    return [e.text for e in entries]


def test_the_report_inspector_rows(story):
    facts = report_facts(story, analyze(story), "d")
    assert facts.actor == "WIRE (other)" and facts.kind == "other  [d]"
    assert facts.published == "2020-01-02 10:00 Z  (2020-01-02T10:00Z)"
    assert facts.title == "Big <b>news</b>" and facts.text == ""
    assert facts.url == facts.web_address == "https://example.org/d"
    first, second = facts.claims
    assert (first.text, first.stance, first.role) == ("claim c", "asserts", "inflated")
    assert first.full_text == "claim c\n“They did it”"
    assert (second.stance, second.role) == ("denies\n(GOV)", "(rebuttal reached it)")
    assert second.full_text == "claim c"
    undated = report_facts(story, analyze(story), "r")
    assert undated.published == "not dated" and undated.url == ""
    assert undated.web_address is None


def test_only_a_web_address_is_offered_to_the_browser():
    # The reader refuses such a URL; a story built in code may still have one.
    story = provenance.Story("S", actors=[provenance.Actor("a", "A")],
                             reports=[provenance.Report("x", "a", url="javascript:alert(1)")])
    facts = report_facts(story, analyze(story), "x")
    assert facts.url == "javascript:alert(1)" and facts.web_address is None


def test_a_rebuttal_reached_a_report_that_repeats_the_claim_beside_its_denial():
    story = make_story([
        report("gov", "gov", mention("c", "denies")),
        report("both", "wire", mention("c", "attributes", "gov"), mention("c", "denies", "gov")),
        report("q", "blog", mention("c", "questions"), mention("k", "denies"))])
    reports = {r.id: r for r in story.reports}
    assert [reached_by_rebuttal(reports["both"], m) for m in reports["both"].claims] == [
        False, True]
    assert not reached_by_rebuttal(reports["gov"], reports["gov"].claims[0])  # its own denial
    assert not reached_by_rebuttal(reports["q"], reports["q"].claims[1])  # another claim
    rows = report_facts(story, analyze(story), "gov").claims
    assert rows[0].role == ",\n".join(r.value for r in rows[0].roles)


def test_a_report_with_several_roles_lists_one_a_line():
    row = ol.ClaimRow("c", "claim c", "asserts", (Role.INFLATED, Role.MISATTRIBUTED), False)
    assert row.role == "inflated,\nmisattributed"


def test_the_link_inspector_rows(story):
    result = analyze(story)
    facts = link_facts(story, 0, result)
    assert facts.ends == 'GOV, other [o]\n→ WIRE, other "Big <b>news</b>" [d]'
    assert (facts.relation, facts.confidence, facts.note) == ("cites", "1", "")
    assert facts.changes == ("“claim c”: implies → asserts (inflated)",)
    assert facts.changed == facts.changes[0]
    assert facts.explanation == ol.NO_TEXT and facts.diff == ()
    quiet = link_facts(story, 1, result)
    assert quiet.changes == () and quiet.changed == ol.NOTHING_CHANGED
    assert link_facts(story, 0).changes == ()  # without the analysis: nothing to say


def test_nothing_travels_along_a_rebuttal():
    story = make_story([report("a", "x", mention("c", "implies")),
                        report("b", "y", mention("c", "asserts"))], [link("a", "b", "rebuts")])
    assert link_facts(story, 0, analyze(story)).changes == ()


def test_the_word_diff_keeps_a_deletion_and_an_insertion_apart():
    story = make_story([report("s", "a", text="Coffee may be linked to lower risk."),
                        report("t", "b", text="Coffee cuts risk, doctors say.")],
                       [link("s", "t", "paraphrases", note="n")])
    facts = link_facts(story, 0, analyze(story))
    assert facts.note == "n" and "(score " in facts.explanation
    kinds = [kind for kind, _ in facts.diff]
    assert "delete" in kinds and "insert" in kinds
    for (kind, _), (after, _next) in zip(facts.diff, facts.diff[1:], strict=False):
        if kind != "equal" and after != "equal":
            assert kind == after  # never a deletion right against an insertion
    deleted = " ".join(text for kind, text in facts.diff if kind == "delete")
    assert "may" in deleted
    assert "".join(t for k, t in facts.diff if k != "insert").split() == (
        ["Coffee", "may", "be", "linked", "to", "lower", "risk."])


def test_words_in_two_writing_systems_are_not_compared():
    story = make_story([report("ru", "a", text="Самолёты коалиции участвовали в ударе."),
                        report("en", "b", text="Coalition jets took part in the strike.")],
                       [link("ru", "en", "translates")])
    facts = link_facts(story, 0, analyze(story))
    assert "different writing systems" in facts.explanation and facts.diff == ()


def test_the_analysis_page_of_the_syria_sample(syria):
    result = analyze(syria)
    page = analysis_page(syria, result)
    point = result.point_of_distortion
    assert page.headline == f"Point of distortion: {report_label(syria, point.report)}"
    assert page.account == account(syria, result, heading=False)
    top = page.entries[0]
    assert (top.text, top.report, top.expanded) == ("Point of distortion", point.report, True)
    assert top.children[0].report == point.report
    assert [c.text for c in top.children[1:len(point.planted) + 1]] == [
        f"planted by {report_label(syria, rid)}" for rid in point.planted]
    assert texts(top.children).count(f"planted by {report_label(syria, 'ria-later')}") == 1
    group = page.entries[1]
    assert group.text == f"Distortions ({len(result.distortions)})" and group.expanded
    assert [e.report for e in group.children] == [d.report for d in result.distortions]
    rebuttals = [e for e in page.entries if e.text.startswith("Rebuttals of")]
    assert rebuttals and all(e.report is None for e in rebuttals)
    assert all(c.report is not None for e in rebuttals for c in e.children)


def test_a_story_without_a_point_says_why():
    story = make_story([report("a", "x", mention("c", "implies")),
                        report("b", "y", mention("c", "implies"))], [link("a", "b")])
    page = analysis_page(story, analyze(story))
    assert page.headline == "No distortion found." and page.entries == ()
    planted = make_story([report("a", "x", mention("c", "implies"), firsthand=False)])
    result = analyze(planted)
    page = analysis_page(planted, result)
    assert result.distortions and result.point_of_distortion is None
    assert page.headline == no_point_summary(result) + "."
    assert texts(page.entries) == ["Distortions (1)"]


def test_a_story_with_texts_only_is_outlined_from_the_estimate():
    story = provenance.load(SAMPLES / "unannotated-press-release.json")
    result = analyze(story)
    estimated = estimated_point(story, result)
    page = analysis_page(story, result, estimated)
    assert page.headline.startswith("Likely point of distortion (estimated from text, check")
    top = page.entries[0]
    assert top.text == "Likely point of distortion (estimated from text)"
    assert top.report == estimated.target and top.expanded
    assert [c.report for c in top.children] == [estimated.target, estimated.source, None]
    assert top.children[2].text == estimated.drift.explanation


def test_long_groups_list_their_first_entries_and_stay_closed(monkeypatch):
    story = make_story([report("src", "gov", mention("c", "implies"))]
                       + [report(f"r{i}", f"a{i}", mention("c", "asserts")) for i in range(4)],
                       [link("src", f"r{i}") for i in range(4)])
    monkeypatch.setattr(ol, "DISTORTIONS_LISTED", 2)
    monkeypatch.setattr(ol, "OPEN_GROUP", 3)
    page = analysis_page(story, analyze(story))
    group = next(e for e in page.entries if e.text.startswith("Distortions"))
    assert group.text == "Distortions (4)" and len(group.children) == 2
    assert not group.expanded


def test_warnings_name_their_first_report(story):
    page = analysis_page(story, analyze(story))
    warnings = page.entries[-1]
    # The cycle, and d's quote that is not in its title (issue 11: quotes are evidence).
    assert warnings.text == "Data warnings (2)" and not warnings.expanded
    assert warnings.children[0].report == "o"


def test_the_claim_lens_choices_and_the_title(story):
    choices = claim_choices(story)
    assert [(c.label, c.claim, c.tip) for c in choices] == [
        (ALL_CLAIMS, None, ""), ("c: claim c", "c", "claim c")]
    assert window_title(story, "s.json") == "Test story — s.json — provenance"
    assert window_title(story) == "Test story — Test story — provenance"


def test_a_long_list_of_errors_is_cut_with_a_count_of_the_rest():
    head = "many errors in story file"
    fits = "\n".join([head, *(f"e{i}" for i in range(ol.ERRORS_SHOWN))])
    assert ol.error_message(fits) == (fits, None)
    long = "\n".join([head, *(f"e{i}" for i in range(ol.ERRORS_SHOWN + 5))])
    shown, details = ol.error_message(long)
    assert details == long
    assert shown.splitlines()[:ol.ERRORS_SHOWN + 1] == long.splitlines()[:ol.ERRORS_SHOWN + 1]
    assert shown.splitlines()[-1] == "  … and 5 more (Show Details…)"
