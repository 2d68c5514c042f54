"""Tests for provenance.drift.strength: the shipped claim-strength model."""

from __future__ import annotations

import json

import pytest

from provenance.drift import (
    StrengthModel,
    StrengthModelError,
    claim_strength,
    load_strength_model,
    macro_f1,
    strength_features,
    strength_probabilities,
)


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
    gold = [strength for _, strength in _OBVIOUS]
    assert macro_f1(gold, predicted, labels=range(4)) >= 0.75, list(zip(predicted, _OBVIOUS,
                                                                        strict=True))


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



def test_a_given_model_is_used_instead_of_the_shipped_one() -> None:
    sure = StrengthModel(bias=(0.0, 0.0, 0.0, 0.0), weights={"bananas": (0.0, 9.0, 0.0, 0.0)})
    assert claim_strength("Bananas.", model=sure) == 1
    assert strength_probabilities("Bananas.", model=sure)[1] > 0.99
    assert strength_features("Bananas.")[:2] == ["<bias>", "bananas"]
