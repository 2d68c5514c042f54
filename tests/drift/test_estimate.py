"""Estimates from text for unannotated stories, suggestions, and `provenance drift`."""

from __future__ import annotations

import json
import subprocess
import sys

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance import Stance, analyze
from provenance.drift.estimate import (
    apply_suggestions,
    estimate_point,
    needs_text_estimate,
    suggest_mentions,
    text_drift_links,
)
from provenance.files.analysis_json import analysis_to_data
from provenance.wording import account

from ..conftest import link, make_story, mention, report


@pytest.fixture
def unannotated():
    return make_story(
        [report("paper", "journal", text="Coffee drinking was associated with a lower risk "
                                         "of liver disease."),
         report("release", "office", text="Coffee drinking prevents liver disease, "
                                          "researchers say."),
         report("news", "daily", text="Coffee prevents liver disease."),
         report("blog", "blogger", text="Coffee prevents liver disease.")],
        [link("paper", "release", "summarizes"), link("release", "news"),
         link("news", "blog")],
        claims=[],
    )


def test_unannotated_story_gets_an_estimated_point(unannotated):
    assert needs_text_estimate(unannotated)
    estimate = estimate_point(unannotated)
    assert estimate.point.source == "paper" and estimate.point.target == "release"
    assert estimate.point.drift.label == "exaggerates"
    assert estimate.point.downstream == 2
    text = account(unannotated, analyze(unannotated), estimate)
    assert "ESTIMATED FROM TEXT" in text and "office" in text.lower()
    data = analysis_to_data(unannotated, analyze(unannotated), estimate)
    assert data["text_estimate"]["estimated_from_text"] is True
    assert data["text_estimate"]["point_of_distortion"]["target"] == "release"


def test_annotated_claims_take_precedence():
    story = make_story(
        [report("a", "x", mention("c", "implies"), text="It may happen."),
         report("b", "y", mention("c", "asserts"), text="It happens.")],
        [link("a", "b")],
    )
    assert not needs_text_estimate(story)
    assert text_drift_links(story) == ()


def test_suggestions_find_claims_in_text_and_never_touch_annotated_reports():
    story = make_story(
        [report("a", "x", mention("c", "asserts"), text="Jets took part in the strike."),
         report("b", "y", text="Officials said coalition jets took part in the strike."),
         report("d", "z", text="Coalition jets did not take part in the strike."),
         report("e", "w", text="Nothing about it here.")],
        [link("a", "b"), link("a", "d")],
        claims=["c"],
    )
    story = provenance.loads(provenance.dumps(story).replace(
        '"text": "claim c"', '"text": "Coalition jets took part in the strike"'))
    found = {(s.report, s.stance) for s in suggest_mentions(story)}
    assert found == {("b", Stance.ATTRIBUTES), ("d", Stance.DENIES)}
    reviewed = apply_suggestions(story, suggest_mentions(story))
    added = reviewed.report("b").claims[0]
    assert added.extra["suggested"] is True and "said" in added.quote
    assert reviewed.report("a").claims == story.report("a").claims
    assert provenance.loads(provenance.dumps(reviewed)) == reviewed


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "provenance", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_drift_command_adds_fields_and_passes_others_through(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({"source": "X may be linked to Y.", "target": "X causes Y.", "id": 7}) + "\n"
        + json.dumps({"source": "X causes Y.", "target": "X causes Y.", "id": 8}) + "\n",
        "utf-8")
    done = run("drift", str(pairs))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == [7, 8]
    assert rows[0]["label"] == "exaggerates" and rows[1]["label"] == "same"
    for key in ("score", "source_strength", "target_strength", "explanation"):
        assert key in rows[0]


def test_drift_eval_prints_f1(tmp_path):
    pairs = tmp_path / "gold.jsonl"
    pairs.write_text("\n".join(json.dumps(r) for r in [
        {"source": "X may be linked to Y.", "target": "X causes Y.", "label": "exaggerates"},
        {"source": "X causes Y.", "target": "X causes Y.", "label": "same"},
    ]) + "\n", "utf-8")
    done = run("drift", str(pairs), "--eval")
    assert done.returncode == 0, done.stderr
    assert "macro-F1" in done.stdout and "exaggerates" in done.stdout


def test_drift_rejects_bad_lines_with_the_line_number(tmp_path):
    pairs = tmp_path / "bad.jsonl"
    pairs.write_text('{"source": "a", "target": "b"}\n{"source": 1}\n', "utf-8")
    done = run("drift", str(pairs))
    assert done.returncode == 1 and "line 2" in done.stderr


def test_suggest_never_overwrites_its_input(tmp_path, unannotated):
    path = tmp_path / "story.json"
    provenance.save(unannotated, path)
    before = path.read_bytes()
    done = run("suggest", str(path), "-o", str(path))
    assert done.returncode == 1 and "never overwrites" in done.stderr
    assert path.read_bytes() == before
    out = tmp_path / "suggested.json"
    assert run("suggest", str(path), "-o", str(out)).returncode == 0
    assert provenance.load(out).title == unannotated.title


def test_partly_annotated_story_lists_drift_on_its_unannotated_links():
    story = make_story(
        [report("a", "x", mention("c", "implies")), report("b", "y", mention("c", "asserts")),
         report("p", "j", text="Tea may be linked to better sleep."),
         report("q", "k", text="Tea cures insomnia.")],
        [link("a", "b"), link("p", "q")],
    )
    estimate = estimate_point(story)
    assert not estimate.whole_story and not needs_text_estimate(story)
    text = account(story, analyze(story), estimate)
    assert "POINT OF DISTORTION" in text and "b" in text
    assert "TEXT DRIFT ON LINKS WITHOUT CLAIM ANNOTATIONS" in text and "p → q" in text
    data = analysis_to_data(story, analyze(story), estimate)
    assert data["point_of_distortion"]["report"] == "b"
    assert data["text_estimate"]["point_of_distortion"] is None
    assert data["text_estimate"]["links"][0]["target"] == "q"


def test_unannotated_sample_from_words_to_reviewed_mentions():
    from ..conftest import SAMPLES

    story = provenance.load(SAMPLES / "unannotated-press-release.json")
    assert needs_text_estimate(story)
    assert estimate_point(story).point.target == "press-release"
    suggestions = suggest_mentions(story)
    paper = [s for s in suggestions if s.report == "paper"]
    assert [s.stance for s in paper] == [Stance.IMPLIES]  # correlational words, causal claim
    reviewed = apply_suggestions(story, suggestions)
    assert analyze(reviewed).point_of_distortion.report == "press-release"


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 20).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                   st.sampled_from(["cites", "quotes", "rebuts"])),
                         max_size=3 * n))))
def test_downstream_counts_are_every_report_reached(case):
    from provenance.drift.estimate import _downstream
    from provenance.model import Actor, Link, Relation, Report, Story

    n, pairs = case
    story = Story("S", actors=[Actor("a", "A")], reports=[Report(f"r{i}", "a") for i in range(n)],
                  links=[Link(f"r{a}", f"r{b}", Relation(rel)) for a, b, rel in pairs if a != b])
    counts = _downstream(story)
    for start in (f"r{i}" for i in range(n)):
        seen, todo = set(), [start]
        while todo:  # a plain search along transmitting links
            here = todo.pop()
            for k in story.links:
                if k.source == here and k.relation.transmits and k.target not in seen:
                    seen.add(k.target)
                    todo.append(k.target)
        seen.discard(start)
        assert counts.get(start, 0) == len(seen)


def test_a_translation_is_not_compared_word_for_word():
    from provenance.drift.estimate import incomparable
    from provenance.model import Report

    ru = Report("ria", "x", text="Самолёты коалиции участвовали в ударе.", language="ru")
    en = Report("ap", "y", text="Coalition jets took part in the strike.", language="en")
    assert "different languages (ru, en)" in incomparable(ru, en)
    assert "writing systems" in incomparable(attrs.evolve(ru, language=None), en)
    assert incomparable(en, attrs.evolve(en, id="copy")) is None
    assert incomparable(Report("a", "x", text="Coffee helps", language="en-GB"),
                        Report("b", "y", text="Coffee cures", language="en")) is None
    story = provenance.Story("T", actors=[provenance.model.Actor("x", "X"),
                                          provenance.model.Actor("y", "Y")],
                             reports=[ru, en], links=[provenance.model.Link("ria", "ap")])
    assert text_drift_links(story) == ()  # nothing to estimate from a translation
