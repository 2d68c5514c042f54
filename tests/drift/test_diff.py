"""Tests for provenance.drift.diff: a word diff a viewer can show, at linear cost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.drift import DiffOp, diff, word_diff

from . import word_texts


def test_word_diff_marks_the_changed_words() -> None:
    ops = word_diff("Coffee may cause cancer.", "Coffee causes cancer.")
    assert ops == (
        DiffOp("equal", "Coffee "),
        DiffOp("delete", "may cause"),
        DiffOp("insert", "causes"),
        DiffOp("equal", " cancer."),
    )



@settings(max_examples=200, deadline=None)
@given(source=word_texts, target=word_texts)
def test_word_diff_reconstructs_both_texts(source: str, target: str) -> None:
    ops = word_diff(source, target)
    assert {op.kind for op in ops} <= {"equal", "insert", "delete"}
    old = "".join(op.text for op in ops if op.kind != "insert")
    new = "".join(op.text for op in ops if op.kind != "delete")
    assert old.split() == source.split()
    assert new.split() == target.split()
    assert (old, new) == (source, target)  # whitespace too, so a viewer can show it
    assert all(op.text for op in ops)


# --------------------------------------------------------------------------- #
# word_diff on long, repetitive texts: work in proportion to the texts (issue 8).

def _apply(ops: tuple[DiffOp, ...]) -> tuple[str, str]:
    """The source and the target an edit script turns one into the other."""
    return ("".join(op.text for op in ops if op.kind != "insert"),
            "".join(op.text for op in ops if op.kind != "delete"))


class _CountedMatcher(diff.difflib.SequenceMatcher):  # type: ignore[misc]
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
    tokens = len(diff._diff_tokens(source)) + len(diff._diff_tokens(target))
    monkeypatch.setattr(_CountedMatcher, "pairs", 0)
    monkeypatch.setattr(_CountedMatcher, "bound", 100 * tokens)
    monkeypatch.setattr(diff.difflib, "SequenceMatcher", _CountedMatcher)
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
        patch.setattr(diff, "_EXACT_AREA", limits[0])
        patch.setattr(diff, "_WORK_PER_TOKEN", limits[1])
        patch.setattr(diff, "_CHUNK", max(2, int(limits[0] ** 0.5)))
        ops = word_diff(source, target)
    assert _apply(ops) == (source, target)
    assert all(op.text for op in ops)
    assert all(x.kind != y.kind for x, y in zip(ops, ops[1:], strict=False))
