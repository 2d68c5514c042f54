"""Tests for provenance.drift.cues: the cue words, names and numbers of one text."""

from __future__ import annotations

import pytest

from provenance.drift import Cues, find_cues
from provenance.drift.cues import names_of


def test_cues_are_found_by_category() -> None:
    cues = find_cues(
        "It is not proven, but coffee may be linked to cancer, according to Dr Smith."
    )
    assert cues.hedges == ("may",)
    assert cues.boosters == ("proven",)
    assert cues.negation == ("not",)
    assert cues.correlational == ("linked to",)
    assert cues.attribution == ("according to",)



def test_a_text_without_cues_has_none() -> None:
    assert find_cues("The weather was fine.") == Cues()
    assert find_cues("") == Cues()


def test_negation_spelled_nt_is_a_negation() -> None:
    assert find_cues("It doesn't cause harm.").negation == ("not",)
    assert find_cues("It doesn’t cause harm.").negation == ("not",)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rain is common. Umbrellas help, says Met Office.", ("Met Office",)),
        ("The BMJ reports it.", ("BMJ",)),
        ("I think so, said Dr Smith.", ("Dr Smith",)),
    ],
)
def test_names_are_capitalised_runs_not_at_a_sentence_start(text: str, names: tuple[str, ...]
                                                           ) -> None:
    assert names_of(text) == names
