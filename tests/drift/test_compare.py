"""Tests for provenance.drift.compare: what a user relies on when comparing two texts."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from provenance.drift import (
    STRENGTH_NAMES,
    Drift,
    drift,
    drift_label,
    drift_many,
    load_strength_model,
    word_diff,
)

from . import word_texts

ROOT = Path(__file__).resolve().parents[2]


def test_removing_a_hedge_exaggerates_and_the_explanation_quotes_it() -> None:
    d = drift(
        "Drinking coffee may reduce the risk of diabetes.",
        "Drinking coffee reduces the risk of diabetes.",
    )
    assert d.label == "exaggerates"
    assert d.score > 0
    assert d.dropped.hedges == ("may",)
    assert '"may"' in d.explanation
    assert "exaggerates" in d.explanation


def test_identical_texts_are_the_same_with_score_zero() -> None:
    text = "Eating nuts may lower cholesterol, researchers at UCL said."
    d = drift(text, text)
    assert d.label == "same"
    assert d.score == 0.0
    assert d.added == d.dropped
    assert d.source_strength == d.target_strength


def test_correlation_restated_as_cause_exaggerates() -> None:
    d = drift("Smoking is associated with lung cancer.", "Smoking causes lung cancer.")
    assert (d.source_strength, d.target_strength) == (1, 3)
    assert d.correlation_to_causation
    assert d.label == "exaggerates"
    assert d.added.causal == ("causes",)
    assert '"causes"' in d.explanation


def test_adding_hedges_downplays() -> None:
    d = drift(
        "Exercise reduces the risk of heart disease.",
        "Exercise may reduce the risk of heart disease.",
    )
    assert d.label == "downplays"
    assert d.score < 0
    assert d.added.hedges == ("may",)
    assert '"may"' in d.explanation


@pytest.mark.parametrize(
    ("source", "target", "label"),
    [
        ("The drug does not cause weight gain.", "The drug causes weight gain.", "exaggerates"),
        ("The drug causes weight gain.", "The drug does not cause weight gain.", "downplays"),
    ],
)
def test_negation_flip_is_detected(source: str, target: str, label: str) -> None:
    d = drift(source, target)
    assert d.negation_flipped
    assert d.label == label
    assert '"not"' in d.explanation


def test_incidental_negation_is_not_a_flip() -> None:
    d = drift(
        "Coffee is linked to lower risk of diabetes.",
        "Coffee is linked to lower risk of diabetes, but not in Wales.",
    )
    assert not d.negation_flipped


def test_added_and_dropped_numbers_and_names_are_reported() -> None:
    d = drift(
        "Patients who slept less had higher blood pressure.",
        "Patients who slept less than 6 hours had 20% higher blood pressure,"
        " a study by Harvard Medical School found.",
    )
    assert d.added.numbers == ("6", "20%")
    assert d.added.names == ("Harvard Medical School",)
    assert '"20%"' in d.explanation
    assert "Harvard Medical School" in d.explanation
    back = drift(
        "Patients who slept less than 6 hours had 20% higher blood pressure,"
        " a study by Harvard Medical School found.",
        "Patients who slept less had higher blood pressure.",
    )
    assert back.dropped.numbers == ("6", "20%")
    assert back.dropped.names == ("Harvard Medical School",)


def test_a_capitalised_sentence_start_is_not_a_name() -> None:
    d = drift("Rain is common.", "Rain is common. Umbrellas help, says Met Office.")
    assert d.added.names == ("Met Office",)



@pytest.mark.parametrize(
    ("source", "target"),
    [("", ""), ("", "Coffee causes cancer."), ("Coffee causes cancer.", ""), (" \n", "...")],
)
def test_empty_texts_are_handled(source: str, target: str) -> None:
    d = drift(source, target)
    assert d.label in ("same", "exaggerates", "downplays")
    assert isinstance(d.explanation, str) and d.explanation
    assert word_diff(source, target) or (source == "" and target == "")


def test_drift_is_a_frozen_value() -> None:
    d = drift("A may cause B.", "A causes B.")
    assert isinstance(d, Drift)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.label = "same"  # type: ignore[misc]
    assert d == drift("A may cause B.", "A causes B.")


def test_drift_many_keeps_order() -> None:
    pairs = [("A causes B.", "A causes B."), ("A causes B.", "A may cause B.")]
    assert drift_many(pairs) == [drift(s, t) for s, t in pairs]



@settings(max_examples=100, deadline=None)
@given(source=word_texts, target=word_texts)
def test_drift_never_fails_and_score_is_antisymmetric(source: str, target: str) -> None:
    there, back = drift(source, target), drift(target, source)
    assert -3.0 <= there.score <= 3.0
    assert there.score == pytest.approx(-back.score, abs=1e-3)
    assert there.added == back.dropped


def test_explanation_of_unchanged_strength_names_the_level() -> None:
    d = drift(
        "Regular exercise reduces the risk of heart disease.",
        "Regular exercise reduces the risk of heart disease, doctors say.",
    )
    assert d.label == "same"
    assert STRENGTH_NAMES[d.source_strength] in d.explanation
    assert '"say"' in d.explanation



def test_the_label_follows_the_score_and_the_model_threshold() -> None:
    threshold = load_strength_model().threshold
    for source, target in [("A may cause B.", "A causes B."), ("A causes B.", "A may cause B."),
                           ("A causes B.", "A causes B, doctors say.")]:
        d = drift(source, target)
        assert d.label == drift_label(d.score, threshold)


_DRIFT_MODULES = ["cues", "strength", "compare", "diff", "evaluate", "estimate"]


@pytest.mark.parametrize("name", _DRIFT_MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(f"provenance.drift.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_guide_examples_hold() -> None:
    # docs/textdrift.md is not a module: pytest's --doctest-modules does not read it.
    result = doctest.testfile(str(ROOT / "docs" / "textdrift.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3
    assert result.failed == 0

