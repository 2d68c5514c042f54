"""Tests for provenance.drift.textdrift: what a user relies on when comparing two texts."""

from __future__ import annotations

import doctest
import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.drift import textdrift
from provenance.drift.textdrift import (
    STRENGTH_NAMES,
    DiffOp,
    Drift,
    StrengthModel,
    StrengthModelError,
    claim_strength,
    drift,
    drift_many,
    find_cues,
    load_strength_model,
    strength_probabilities,
    word_diff,
)


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


def test_cues_are_found_by_category() -> None:
    cues = find_cues(
        "It is not proven, but coffee may be linked to cancer, according to Dr Smith."
    )
    assert cues.hedges == ("may",)
    assert cues.boosters == ("proven",)
    assert cues.negation == ("not",)
    assert cues.correlational == ("linked to",)
    assert cues.attribution == ("according to",)


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


def test_word_diff_marks_the_changed_words() -> None:
    ops = word_diff("Coffee may cause cancer.", "Coffee causes cancer.")
    assert ops == (
        DiffOp("equal", "Coffee "),
        DiffOp("delete", "may cause"),
        DiffOp("insert", "causes"),
        DiffOp("equal", " cancer."),
    )


_texts = st.lists(
    st.sampled_from(["may", "cause", "causes", "Coffee", "cancer.", "not", "20%", "the", "UCL"])
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    max_size=12,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(source=_texts, target=_texts)
def test_word_diff_reconstructs_both_texts(source: str, target: str) -> None:
    ops = word_diff(source, target)
    assert {op.kind for op in ops} <= {"equal", "insert", "delete"}
    old = "".join(op.text for op in ops if op.kind != "insert")
    new = "".join(op.text for op in ops if op.kind != "delete")
    assert old.split() == source.split()
    assert new.split() == target.split()
    assert (old, new) == (source, target)  # whitespace too, so a viewer can show it
    assert all(op.text for op in ops)


@settings(max_examples=100, deadline=None)
@given(source=_texts, target=_texts)
def test_drift_never_fails_and_score_is_antisymmetric(source: str, target: str) -> None:
    there, back = drift(source, target), drift(target, source)
    assert -3.0 <= there.score <= 3.0
    assert there.score == pytest.approx(-back.score, abs=1e-3)
    assert there.added == back.dropped


def test_shipped_model_loads_and_strength_is_0_to_3() -> None:
    model = load_strength_model()
    assert len(model.weights) > 100
    assert 0 < model.threshold < 3
    for text in ("", "Hello.", "Coffee may cause cancer.", "Rates differ. Smoking kills."):
        assert claim_strength(text) in (0, 1, 2, 3)
        assert sum(strength_probabilities(text)) == pytest.approx(1.0)


def test_model_json_round_trips(tmp_path: object) -> None:
    model = StrengthModel(
        bias=(0.1, 0.0, -0.1, 0.0), weights={"causes": (0.0, -1.0, 0.0, 1.0)}, threshold=0.4
    )
    again = StrengthModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    assert again.weights == model.weights


def test_a_malformed_model_is_refused_with_the_library_error() -> None:
    with pytest.raises(StrengthModelError, match="malformed"):
        StrengthModel.from_json({"bias": [0, 0], "weights": {}})


_OBVIOUS = [
    ("Smoking causes lung cancer.", 3),
    ("Regular exercise reduces the risk of heart disease.", 3),
    ("The new drug prevents migraine attacks.", 3),
    ("Air pollution increases the risk of asthma in children.", 3),
    ("Smoking may cause lung cancer.", 2),
    ("Regular exercise may reduce the risk of heart disease.", 2),
    ("The new drug might prevent migraine attacks.", 2),
    ("Air pollution could increase the risk of asthma in children.", 2),
    ("Smoking is associated with lung cancer.", 1),
    ("Regular exercise was associated with a lower risk of heart disease.", 1),
    ("Use of the drug was correlated with fewer migraine attacks.", 1),
    ("Air pollution is linked to higher rates of asthma in children.", 1),
    ("Patients were recruited from 12 hospitals between 2010 and 2015.", 0),
    ("The survey had a response rate of 64%.", 0),
    ("We describe the design of a randomised trial.", 0),
    ("Further research is needed.", 0),
]


def test_model_gets_obvious_sentences_right() -> None:
    predicted = [claim_strength(text) for text, _ in _OBVIOUS]
    f1s = []
    for level in range(4):
        tp = sum(1 for p, (_, g) in zip(predicted, _OBVIOUS, strict=True) if p == g == level)
        fp = sum(1 for p, (_, g) in zip(predicted, _OBVIOUS, strict=True) if p == level != g)
        fn = sum(1 for p, (_, g) in zip(predicted, _OBVIOUS, strict=True) if g == level != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    macro_f1 = sum(f1s) / 4
    assert macro_f1 >= 0.75, list(zip(predicted, _OBVIOUS, strict=True))


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        # An attribution tail ("doctors say") once pulled short causal claims down to 0.
        ("Smoking causes lung cancer, doctors say.", 3),
        ("Smoking may cause lung cancer, doctors say.", 2),
        ("Smoking is linked to lung cancer, doctors say.", 1),
    ],
)
def test_an_attribution_tail_does_not_change_the_claim(text: str, strength: int) -> None:
    assert claim_strength(text) == strength


def test_explanation_of_unchanged_strength_names_the_level() -> None:
    d = drift(
        "Regular exercise reduces the risk of heart disease.",
        "Regular exercise reduces the risk of heart disease, doctors say.",
    )
    assert d.label == "same"
    assert STRENGTH_NAMES[d.source_strength] in d.explanation
    assert '"say"' in d.explanation


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(textdrift, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10
    assert result.failed == 0


# --------------------------------------------------------------------------- #
# word_diff on long, repetitive texts: work in proportion to the texts (issue 8).

def _apply(ops: tuple[DiffOp, ...]) -> tuple[str, str]:
    """The source and the target an edit script turns one into the other."""
    return ("".join(op.text for op in ops if op.kind != "insert"),
            "".join(op.text for op in ops if op.kind != "delete"))


class _CountedMatcher(textdrift.difflib.SequenceMatcher):  # type: ignore[misc]
    """difflib's matcher, adding up the pairs of tokens it is asked to compare."""

    pairs = 0
    bound = 0

    def __init__(self, isjunk, a, b, autojunk: bool = True) -> None:
        type(self).pairs += len(a) * len(b)
        assert type(self).pairs <= type(self).bound, "quadratic work"
        super().__init__(isjunk, a, b, autojunk=autojunk)


def _repetitive(n: int) -> dict[str, tuple[str, str]]:
    import random

    rng = random.Random(8)
    vocabulary = ["may", "cause", "cancer", "coffee", "the", "a", "risk"]
    words = [rng.choice(vocabulary) for _ in range(n)]
    edited = list(words)
    for _ in range(n // 40):
        edited[rng.randrange(n)] = "NEW"
    return {
        "one word": (" ".join(["the"] * n),
                     " ".join(["the"] * (n // 2) + ["cat"] + ["the"] * (n // 2))),
        "three words": (" ".join(rng.choice("abc") for _ in range(n)),
                        " ".join(rng.choice("abc") for _ in range(n))),
        "a sentence": (" ".join(["Coffee may cause cancer."] * (n // 4)),
                       " ".join(["Coffee causes cancer."] * (n // 4))),
        "edited": (" ".join(words), " ".join(edited)),
    }


@pytest.mark.parametrize("case", ["one word", "three words", "a sentence", "edited"])
def test_word_diff_of_8000_repetitive_words_does_linear_work(case, monkeypatch) -> None:
    # difflib (autojunk off) compared every pair of tokens again and again: 118 s.
    source, target = _repetitive(8000)[case]
    tokens = len(textdrift._diff_tokens(source)) + len(textdrift._diff_tokens(target))
    monkeypatch.setattr(_CountedMatcher, "pairs", 0)
    monkeypatch.setattr(_CountedMatcher, "bound", 100 * tokens)
    monkeypatch.setattr(textdrift.difflib, "SequenceMatcher", _CountedMatcher)
    ops = word_diff(source, target)
    assert _apply(ops) == (source, target)
    assert _CountedMatcher.pairs <= 100 * tokens


def test_word_diff_of_repetitive_texts_still_shows_the_change() -> None:
    cases = _repetitive(8000)
    source, target = cases["one word"]
    assert [op.kind for op in word_diff(source, target)] == ["equal", "insert", "equal"]
    source, target = cases["a sentence"]
    ops = word_diff(source, target)
    kept = sum(len(op.text) for op in ops if op.kind == "equal")
    assert kept >= 0.6 * len(source)  # "Coffee " and " cancer." of each sentence
    assert sum(op.text.strip() == "may cause" for op in ops if op.kind == "delete") > 1900
    source, target = cases["edited"]
    ops = word_diff(source, target)
    inserted = [op.text for op in ops if op.kind == "insert"]
    assert sum(set(text.split()) == {"NEW"} for text in inserted) >= 0.8 * len(inserted)
    assert sum(len(op.text) for op in ops if op.kind == "equal") >= 0.9 * len(source)


_repetitive_texts = st.lists(st.sampled_from(["a", "b", "a b", "may", "cause", ".", ""]),
                             max_size=120).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(source=_repetitive_texts, target=_repetitive_texts,
       limits=st.sampled_from([(4096, 64), (16, 64), (16, 2), (0, 0), (4, 1000)]))
def test_word_diff_is_an_edit_script_whichever_way_it_diffs(source, target, limits) -> None:
    # Small limits send these short texts down each path: exact, anchors, pieces, budget.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textdrift, "_EXACT_AREA", limits[0])
        patch.setattr(textdrift, "_WORK_PER_TOKEN", limits[1])
        patch.setattr(textdrift, "_CHUNK", max(2, int(limits[0] ** 0.5)))
        ops = word_diff(source, target)
    assert _apply(ops) == (source, target)
    assert all(op.text for op in ops)
    assert all(x.kind != y.kind for x, y in zip(ops, ops[1:], strict=False))
