"""Learn the claim-strength model that ``provenance.drift.strength`` ships.

Reads the labelled sentences in ``strength_pubmed.csv`` and ``strength_eureka.csv`` (claim
strength 0..3), cross-validates a multinomial logistic regression over the features of
:func:`provenance.drift.strength_features`, trains it on all sentences, tunes the drift
threshold on the pairs of ``insciout_train.jsonl`` and writes the pruned, rounded weights to
``provenance/data/strength_model.json``. Standard library only.

Usage::

    python tools/train_strength.py [DATA_DIR] [--folds 5] [--out PATH] [--no-write]

``DATA_DIR`` defaults to ``../shared/data`` beside the repository root.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

from provenance.drift import (  # noqa: E402
    StrengthModel,
    drift,
    drift_label,
    macro_f1,
    strength_features,
)

CLASSES = 4
Row = tuple[float, float, float, float]
Example = tuple[list[str], int]


def read_sentences(data_dir: Path) -> list[tuple[str, int, str]]:
    """(sentence, strength, corpus) for every labelled sentence of both CSV files."""
    rows: list[tuple[str, int, str]] = []
    for name in ("strength_pubmed.csv", "strength_eureka.csv"):
        with open(data_dir / name, newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                rows.append((record["sentence"], int(record["label"]), name))
    return rows


def read_pairs(data_dir: Path) -> list[dict[str, object]]:
    """The InSciOut pairs: abstract conclusion, press-release conclusion and gold labels."""
    with open(data_dir / "insciout_train.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def train(
    examples: Sequence[Example],
    *,
    epochs: int = 6,
    rate: float = 0.2,
    l2: float = 1e-2,
    min_count: int = 2,
    balance: float = 1.0,
    seed: int = 0,
) -> StrengthModel:
    """Multinomial logistic regression by averaged stochastic gradient descent.

    ``balance`` weighs each class by ``(n / (4 * n_class)) ** balance``, between no
    re-weighting (0) and fully balanced classes (1), since the scorer is judged on macro-F1.
    """
    counts = Counter(f for features, _ in examples for f in set(features))
    keep = {f for f, c in counts.items() if c >= min_count}
    data = [([f for f in features if f in keep], label) for features, label in examples]
    per_class = Counter(label for _, label in data)
    class_weight = [
        (len(data) / (CLASSES * per_class[k])) ** balance if per_class[k] else 0.0
        for k in range(CLASSES)
    ]
    weights: dict[str, list[float]] = {f: [0.0] * CLASSES for f in keep}
    # Averaging: the mean of all iterates is w - total / steps (Daume's trick).
    totals: dict[str, list[float]] = {f: [0.0] * CLASSES for f in keep}
    rng = random.Random(seed)
    order = list(range(len(data)))
    step = 1
    for epoch in range(epochs):
        rng.shuffle(order)
        eta = rate / (1 + epoch)
        for index in order:
            features, label = data[index]
            scores = [0.0] * CLASSES
            for f in features:
                row = weights[f]
                for k in range(CLASSES):
                    scores[k] += row[k]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            cw = class_weight[label]
            grad = [cw * (e / total - (1.0 if k == label else 0.0)) for k, e in enumerate(exps)]
            for f in features:
                row = weights[f]
                acc = totals[f]
                for k in range(CLASSES):
                    # L2 is applied to the features an example touches only (lazy decay).
                    change = -eta * (grad[k] + l2 * row[k])
                    row[k] += change
                    acc[k] += step * change
            step += 1
    averaged: dict[str, Row] = {}
    for f, row in weights.items():
        acc = totals[f]
        mean = [row[k] - acc[k] / step for k in range(CLASSES)]
        centre = sum(mean) / CLASSES  # softmax is shift-invariant: store centred rows
        w0, w1, w2, w3 = (m - centre for m in mean)
        averaged[f] = (w0, w1, w2, w3)
    bias = averaged.pop("<bias>", (0.0, 0.0, 0.0, 0.0))
    return StrengthModel(bias=bias, weights=averaged)


def train_averaged(
    examples: Sequence[Example], *, seeds: Sequence[int] = (0,), **options: float
) -> StrengthModel:
    """:func:`train` once per seed (a different shuffle each) and average the weights.

    SGD on 5k sentences depends on the order it sees them in; the mean of a few runs is
    still one linear model of the same size, and steadier (it cross-validates better).
    """
    models = [train(examples, seed=seed, **options) for seed in seeds]  # type: ignore[arg-type]
    if len(models) == 1:
        return models[0]
    zero: Row = (0.0, 0.0, 0.0, 0.0)
    features = set().union(*(m.weights for m in models))
    n = len(models)

    def mean(rows: list[Row]) -> Row:
        w0, w1, w2, w3 = (sum(r[k] for r in rows) / n for k in range(CLASSES))
        return (w0, w1, w2, w3)

    weights = {f: mean([m.weights.get(f, zero) for m in models]) for f in features}
    return StrengthModel(bias=mean([m.bias for m in models]), weights=weights)


def prune(model: StrengthModel, *, min_weight: float, digits: int = 2) -> StrengthModel:
    """Drop features whose weights are all small and round the rest."""
    kept: dict[str, Row] = {}
    for f, row in model.weights.items():
        if max(abs(w) for w in row) >= min_weight:
            w0, w1, w2, w3 = (round(w, digits) for w in row)
            kept[f] = (w0, w1, w2, w3)
    b0, b1, b2, b3 = (round(b, digits) for b in model.bias)
    return StrengthModel(bias=(b0, b1, b2, b3), weights=kept, threshold=model.threshold)


def predict(model: StrengthModel, features: list[str]) -> int:
    p = model.probabilities(features)
    return max(range(CLASSES), key=p.__getitem__)


def cross_validate(
    examples: Sequence[Example], folds: int, seed: int, min_weight: float,
    seeds: Sequence[int] = (0,), **options: float,
) -> tuple[float, list[int]]:
    """Stratified k-fold macro-F1 of the pruned strength model, and out-of-fold predictions."""
    rng = random.Random(seed)
    fold_of = [0] * len(examples)
    for k in range(CLASSES):
        members = [i for i, (_, label) in enumerate(examples) if label == k]
        rng.shuffle(members)
        for position, i in enumerate(members):
            fold_of[i] = position % folds
    predicted = [0] * len(examples)
    for fold in range(folds):
        training = [e for i, e in enumerate(examples) if fold_of[i] != fold]
        model = train_averaged(training, seeds=seeds, **options)
        model = prune(model, min_weight=min_weight)
        for i, (features, _) in enumerate(examples):
            if fold_of[i] == fold:
                predicted[i] = predict(model, features)
    gold = [label for _, label in examples]
    return macro_f1(gold, predicted), predicted


def pair_scores(
    model: StrengthModel, pairs: Sequence[dict[str, object]]
) -> tuple[list[float], float, float]:
    """Drift scores of the InSciOut pairs, and the strength macro-F1 on their two texts."""
    scores: list[float] = []
    gold_strength: list[int] = []
    predicted_strength: list[int] = []
    for pair in pairs:
        d = drift(str(pair["abstract_conclusion"]), str(pair["press_release_conclusion"]),
                  model=model)
        scores.append(d.score)
        gold_strength += [int(str(pair["abstract_strength"])),
                          int(str(pair["press_release_strength"]))]
        predicted_strength += [d.source_strength, d.target_strength]
    source_f1 = macro_f1(gold_strength[0::2], predicted_strength[0::2])
    target_f1 = macro_f1(gold_strength[1::2], predicted_strength[1::2])
    return scores, source_f1, target_f1


THRESHOLD_GRID = [round(0.05 * i, 2) for i in range(1, 31)]


def tune_threshold(scores: Sequence[float], gold: Sequence[str]) -> float:
    """The middle of the best plateau of pair macro-F1 over a 0.05 grid, so that one lucky
    pair does not decide it."""
    by_threshold = {t: macro_f1(gold, [drift_label(s, t) for s in scores])
                    for t in THRESHOLD_GRID}
    best = max(by_threshold.values())
    plateau = [t for t in THRESHOLD_GRID if by_threshold[t] >= best - 0.02]
    return plateau[len(plateau) // 2]


def cross_validate_pairs(
    scores: Sequence[float], gold: Sequence[str], *, folds: int = 5, repeats: int = 20
) -> tuple[float, float]:
    """Mean and standard deviation of the pair macro-F1 over ``repeats`` stratified k-fold
    splits, the threshold tuned on the training folds only: the honest figure for a
    threshold chosen on the same pairs."""
    results = []
    for repeat in range(repeats):
        rng = random.Random(repeat)
        fold_of = [0] * len(gold)
        for label in sorted(set(gold)):
            members = [i for i, g in enumerate(gold) if g == label]
            rng.shuffle(members)
            for position, i in enumerate(members):
                fold_of[i] = position % folds
        predicted = [""] * len(gold)
        for fold in range(folds):
            inside = [i for i in range(len(gold)) if fold_of[i] != fold]
            threshold = tune_threshold([scores[i] for i in inside], [gold[i] for i in inside])
            for i in range(len(gold)):
                if fold_of[i] == fold:
                    predicted[i] = drift_label(scores[i], threshold)
        results.append(macro_f1(gold, predicted))
    mean = sum(results) / repeats
    return mean, math.sqrt(sum((r - mean) ** 2 for r in results) / repeats)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "provenance/data/strength_model.json")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--l2", type=float, default=1e-2)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--balance", type=float, default=1.0)
    parser.add_argument("--min-weight", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=0, help="seed of the cross-validation folds")
    parser.add_argument("--runs", type=int, default=5,
                        help="SGD runs (shuffles) whose weights are averaged")
    parser.add_argument("--threshold", type=float, default=None,
                        help="drift threshold; tuned on the InSciOut pairs when omitted")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    sentences = read_sentences(args.data_dir)
    examples = [(strength_features(text), label) for text, label, _ in sentences]
    options = {"epochs": args.epochs, "rate": args.rate, "l2": args.l2,
               "min_count": args.min_count, "balance": args.balance}
    seeds = tuple(range(args.runs))
    per_label = sorted(Counter(label for _, label in examples).items())
    print(f"{len(examples)} sentences, labels {per_label}")

    if args.folds > 1:
        f1, predicted = cross_validate(
            examples, args.folds, args.seed, args.min_weight, seeds=seeds, **options
        )
        print(f"strength macro-F1, {args.folds}-fold cross-validated: {f1:.3f}")
        for corpus in ("strength_pubmed.csv", "strength_eureka.csv"):
            idx = [i for i, (_, _, c) in enumerate(sentences) if c == corpus]
            part = macro_f1([examples[i][1] for i in idx], [predicted[i] for i in idx])
            print(f"  on {corpus}: {part:.3f}")

    model = train_averaged(examples, seeds=seeds, **options)
    model = prune(model, min_weight=args.min_weight)
    train_f1 = macro_f1([lab for _, lab in examples], [predict(model, f) for f, _ in examples])
    print(f"pruned model: {len(model.weights)} features; training-set strength macro-F1 "
          f"{train_f1:.3f}")

    pairs = read_pairs(args.data_dir)
    scores, source_f1, target_f1 = pair_scores(model, pairs)
    gold = [str(p["exaggeration_label"]) for p in pairs]
    print(f"InSciOut strength macro-F1 (not trained on): abstracts {source_f1:.3f}, "
          f"press releases {target_f1:.3f}")
    print("pair-label macro-F1 on insciout_train.jsonl by threshold:")
    for t in THRESHOLD_GRID[::2]:
        print(f"  threshold {t:.2f}: {macro_f1(gold, [drift_label(s, t) for s in scores]):.3f}")
    if args.threshold is None:
        threshold = tune_threshold(scores, gold)  # tuned on the 100 pairs
        how = "tuned on insciout_train"
        cv_mean, cv_sd = cross_validate_pairs(scores, gold)
        print(f"pair-label macro-F1, threshold tuned inside 20 x 5-fold stratified CV: "
              f"{cv_mean:.3f} (sd {cv_sd:.3f} over repeats)")
    else:
        threshold = args.threshold
        how = "given"
    pair_f1 = macro_f1(gold, [drift_label(s, threshold) for s in scores])
    print(f"threshold {threshold:.2f} ({how}): pair-label macro-F1 {pair_f1:.3f}")

    model = StrengthModel(
        bias=model.bias, weights=model.weights, threshold=threshold,
        meta={
            "trained_on": ["strength_pubmed.csv", "strength_eureka.csv"],
            "threshold": how,
            "options": options,
            "runs": args.runs,
            "min_weight": args.min_weight,
        },
    )
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(model.to_json(), separators=(",", ":"), ensure_ascii=False)
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({len(text) // 1024} KB)")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
