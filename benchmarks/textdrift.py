"""Time :func:`provenance.drift.drift` against ``difflib.SequenceMatcher.ratio``.

Generates the same pairs of ~300-character texts on every run (a source and a retelling that
drops or adds hedges, numbers and names), then times both over all pairs in one run and
prints the per-pair times and their ratio. The goal is a ratio of 3 or less.

Usage::

    python benchmarks/textdrift.py [--n 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

from provenance.drift import drift, load_strength_model  # noqa: E402

SUBJECTS = (
    "Drinking coffee", "Regular exercise", "A diet rich in fibre", "Screen time before bed",
    "Living near green space", "Taking vitamin D", "Night-shift work", "Eating red meat",
    "The new vaccine", "Moderate alcohol use", "Air pollution", "Social media use",
)
VERBS = (
    "is associated with", "is linked to", "may reduce", "could increase", "reduces",
    "increases", "causes", "prevents", "might lower", "appears to improve", "does not affect",
    "is not associated with", "was correlated with", "leads to",
)
OBJECTS = (
    "the risk of heart disease", "depression in teenagers", "memory in older adults",
    "the chance of type 2 diabetes", "sleep quality", "blood pressure", "rates of asthma",
    "bowel cancer", "weight gain in children", "the risk of dementia",
)
TAILS = (
    "according to a study of {n} adults", "researchers at {org} said",
    "a new study in {journal} suggests", "in a trial of {n} patients",
    "the authors reported", "after {n} years of follow-up",
)
ORGS = ("UCL", "Oxford University", "the Karolinska Institute", "Harvard", "King's College")
JOURNALS = ("The BMJ", "The Lancet", "JAMA", "Nature Medicine", "PLOS One")
HEDGES = ("may ", "might ", "possibly ", "")


def sentence(rng: random.Random) -> str:
    tail = rng.choice(TAILS).format(
        n=f"{rng.randint(50, 90000):,}", org=rng.choice(ORGS), journal=rng.choice(JOURNALS)
    )
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {tail}."


def text(rng: random.Random, length: int = 300) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < length:
        parts.append(sentence(rng))
    return " ".join(parts)[:length]


def retell(source: str, rng: random.Random) -> str:
    """A plausible retelling: some hedges dropped or added, a number changed, a word swapped."""
    words = source.split(" ")
    for i, word in enumerate(words):
        roll = rng.random()
        if word in ("may", "might", "could") and roll < 0.5:
            words[i] = ""
        elif roll < 0.03:
            words[i] = rng.choice(HEDGES) + word
        elif word[:1].isdigit() and roll < 0.3:
            words[i] = f"{rng.randint(50, 90000):,}"
    out = " ".join(w for w in words if w)
    if rng.random() < 0.3:
        out = out.replace("is associated with", "causes", 1)
    return out


def make_pairs(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (source, target) pairs, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        source = text(rng)
        pairs.append((source, retell(source, rng)))
    return pairs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of pairs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    pairs = make_pairs(args.n, args.seed)
    mean_chars = sum(len(a) + len(b) for a, b in pairs) / (2 * len(pairs))
    load_strength_model()  # loading the weights is a one-off, not per pair

    started = time.perf_counter()
    for source, target in pairs:
        difflib.SequenceMatcher(None, source, target).ratio()
    difflib_seconds = time.perf_counter() - started

    started = time.perf_counter()
    labels: dict[str, int] = {}
    for source, target in pairs:
        label = drift(source, target).label
        labels[label] = labels.get(label, 0) + 1
    drift_seconds = time.perf_counter() - started

    print(f"{len(pairs):,} pairs, {mean_chars:.0f} characters per text on average")
    print(f"{'function':<34} {'total s':>9} {'us/pair':>9}")
    for name, seconds in (
        ("difflib.SequenceMatcher.ratio", difflib_seconds),
        ("provenance.drift.drift", drift_seconds),
    ):
        print(f"{name:<34} {seconds:>9.2f} {1e6 * seconds / len(pairs):>9.1f}")
    print(f"ratio drift / difflib: {drift_seconds / difflib_seconds:.2f} (goal <= 3)")
    print(f"labels: {dict(sorted(labels.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
