"""How well predicted labels match gold ones: per-label precision, recall and F1, and their
unweighted mean, the macro-F1 by which the strength model and the drift labels are judged.

One definition serves the ``provenance drift --eval`` table, ``tools/train_strength.py``
(cross-validation and threshold tuning) and the tests, so that their figures agree.

Examples
--------
>>> gold = ["same", "same", "exaggerates", "downplays"]
>>> predicted = ["same", "exaggerates", "exaggerates", "same"]
>>> [(s.label, round(s.f1, 3)) for s in evaluate(gold, predicted).scores]
[('downplays', 0.0), ('exaggerates', 0.667), ('same', 0.5)]
>>> round(macro_f1(gold, predicted), 3)
0.389
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

import attrs

__all__ = ["Evaluation", "LabelScore", "evaluate", "macro_f1"]


@attrs.frozen
class LabelScore:
    """How well one label was predicted.

    Attributes
    ----------
    label : hashable
        The label.
    precision : float
        Of the items predicted with this label, the share that have it (0 when none).
    recall : float
        Of the items that have this label, the share predicted with it (0 when none).
    f1 : float
        Their harmonic mean, ``2 tp / (2 tp + fp + fn)``; 0 when no item was both.
    support : int
        How many items have this label in the gold standard.
    """

    label: Hashable
    precision: float
    recall: float
    f1: float
    support: int


@attrs.frozen
class Evaluation:
    """Per-label scores and their macro-F1.

    Attributes
    ----------
    scores : tuple of LabelScore
        One per label, in the order evaluated.
    macro_f1 : float
        The unweighted mean of the labels' F1.
    count : int
        How many items were compared.
    """

    scores: tuple[LabelScore, ...]
    macro_f1: float
    count: int


def evaluate(
    gold: Sequence[Hashable], predicted: Sequence[Hashable],
    labels: Iterable[Hashable] | None = None,
) -> Evaluation:
    """Score ``predicted`` against ``gold``, label by label.

    Parameters
    ----------
    gold, predicted : sequence
        The true and the predicted label of each item, in the same order.
    labels : iterable, optional
        The labels to score and average over, in this order. By default the labels present
        in ``gold``, sorted by their text: a label that is only ever predicted then lowers
        the others' precision but is not averaged in.

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        If ``gold`` and ``predicted`` differ in length, or there is no label to score.

    Examples
    --------
    >>> e = evaluate([0, 1, 1], [0, 1, 0], labels=range(3))
    >>> [round(s.f1, 3) for s in e.scores], round(e.macro_f1, 3)
    ([0.667, 0.667, 0.0], 0.444)
    """
    hits: Counter[Hashable] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            hits[g] += 1
    in_gold = Counter(gold)
    in_predicted = Counter(predicted)
    chosen = sorted(in_gold, key=str) if labels is None else list(labels)
    if not chosen:
        raise ValueError("no label to score")
    scores = []
    for label in chosen:
        tp = hits[label]
        fp = in_predicted[label] - tp
        fn = in_gold[label] - tp
        scores.append(LabelScore(
            label=label,
            precision=tp / (tp + fp) if tp + fp else 0.0,
            recall=tp / (tp + fn) if tp + fn else 0.0,
            f1=2 * tp / (2 * tp + fp + fn) if tp else 0.0,
            support=in_gold[label],
        ))
    return Evaluation(scores=tuple(scores), macro_f1=sum(s.f1 for s in scores) / len(scores),
                      count=len(gold))


def macro_f1(
    gold: Sequence[Hashable], predicted: Sequence[Hashable],
    labels: Iterable[Hashable] | None = None,
) -> float:
    """The unweighted mean of the per-label F1 (see :func:`evaluate` for ``labels``).

    Examples
    --------
    >>> macro_f1(["a", "b"], ["a", "b"])
    1.0
    >>> macro_f1(["a", "a"], ["a", "b"])  # "b" is never gold: not averaged in
    0.6666666666666666
    """
    return evaluate(gold, predicted, labels).macro_f1
