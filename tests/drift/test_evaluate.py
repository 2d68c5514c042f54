"""Tests for provenance.drift.evaluate: the one macro-F1 the drift figures are measured by."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.drift import LabelScore, evaluate, macro_f1

GOLD = ["same", "same", "same", "exaggerates", "exaggerates", "downplays"]
PREDICTED = ["same", "same", "exaggerates", "exaggerates", "same", "same"]


def test_per_label_scores_count_hits_misses_and_false_alarms() -> None:
    e = evaluate(GOLD, PREDICTED, labels=("same", "exaggerates", "downplays"))
    assert e.scores == (
        LabelScore("same", precision=2 / 4, recall=2 / 3, f1=4 / 7, support=3),
        LabelScore("exaggerates", precision=1 / 2, recall=1 / 2, f1=1 / 2, support=2),
        LabelScore("downplays", precision=0.0, recall=0.0, f1=0.0, support=1),
    )
    assert e.macro_f1 == pytest.approx((4 / 7 + 1 / 2) / 3)
    assert e.count == 6


def test_by_default_the_labels_are_those_in_gold_in_text_order() -> None:
    e = evaluate(["b", "a", "b"], ["b", "c", "c"])
    assert [s.label for s in e.scores] == ["a", "b"]  # "c" is never gold: not averaged in
    assert e.macro_f1 == pytest.approx((0.0 + 2 / 3) / 2)
    assert macro_f1(["b", "a", "b"], ["b", "c", "c"]) == e.macro_f1


def test_a_label_never_gold_nor_predicted_scores_zero_when_asked_for() -> None:
    assert macro_f1([0, 1], [0, 1], labels=range(4)) == 0.5
    assert macro_f1([0, 1], [0, 1]) == 1.0


def test_gold_and_predictions_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        macro_f1(["same"], ["same", "same"])
    with pytest.raises(ValueError, match="no label"):
        macro_f1([], [])


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abcd")), min_size=1))
def test_f1_is_the_harmonic_mean_of_precision_and_recall(pairs) -> None:
    gold, predicted = [g for g, _ in pairs], [p for _, p in pairs]
    for s in evaluate(gold, predicted).scores:
        harmonic = (2 * s.precision * s.recall / (s.precision + s.recall)
                    if s.precision + s.recall else 0.0)
        assert s.f1 == pytest.approx(harmonic)
        assert s.support == gold.count(s.label)
