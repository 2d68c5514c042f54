"""Cost in proportion to the input (issue 8, "no input can hurt the user", item 5).

Each case is run at a small and at a large size in the same run; the small one is the
baseline. Printed per case: both times, the ratio of the times, the ratio of the sizes
(what linear growth would give) and, for saving, the ratio of the file sizes.

- ``draw``: a story whose report title (and text) is one word of 1,000 and of 32,000
  characters (before issue 8 each cut of the word re-measured it: 126 s at 32,000).
- ``word_diff``: 1,000 and 8,000 repetitive words, four ways (before: 118 s at 8,000).
- ``dumps``: an unknown key nested 100 and 800 deep (before, ``indent=2`` made the saved
  file grow with the square of the depth: 200 KB became 182 MB).
- ``load``: ``/dev/zero`` (before, read until MemoryError) and a 2,000 and 16,000 report
  story from a pipe-like stream.
- ``graphml``: 2,000 and 16,000 report ids that are not XML names and all become the same
  one (``a b`` and the like): each clash used to try every number from 2 again.

Usage::

    python benchmarks/cost.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

import provenance  # noqa: E402
from benchmarks.cascade import cascade  # noqa: E402
from provenance import ProvenanceError  # noqa: E402
from provenance.drift.diff import word_diff  # noqa: E402


def _seconds(run: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def _row(name: str, small: float, large: float, sizes: float, extra: str = "") -> None:
    ratio = large / small if small > 0 else float("inf")
    print(f"{name:<40} {small:8.3f}s {large:8.3f}s   x{ratio:6.1f}  (linear: x{sizes:g}){extra}")


def _story(**report: Any) -> dict[str, Any]:
    return {"format": "provenance-story", "version": 1, "title": "Cost",
            "actors": [{"id": "a", "name": "A"}],
            "reports": [{"id": "r", "actor": "a", **report}]}


def bench_draw(repeat: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from provenance.drawing.mpl import draw

    def run(length: int) -> Callable[[], None]:
        story = provenance.loads(json.dumps(_story(title="x" * length, text="y" * length)))

        def go() -> None:
            drawing = draw(story)
            plt.close(drawing.figure)
        return go

    run(10)()  # fonts found and glyphs measured once, outside the timing
    _row("draw: a title word of 1,000 / 32,000 chars", _seconds(run(1_000), repeat),
         _seconds(run(32_000), repeat), 32)


def _repetitive(n: int, how: str, rng: random.Random) -> tuple[str, str]:
    if how == "one word":
        return " ".join(["the"] * n), " ".join(["the"] * (n // 2) + ["cat"] + ["the"] * (n // 2))
    if how == "three words":
        return (" ".join(rng.choice("abc") for _ in range(n)),
                " ".join(rng.choice("abc") for _ in range(n)))
    if how == "a sentence":
        return (" ".join(["Coffee may cause cancer."] * (n // 4)),
                " ".join(["Coffee causes cancer."] * (n // 4)))
    words = [rng.choice(["may", "cause", "cancer", "coffee", "the", "a", "risk"])
             for _ in range(n)]
    edited = list(words)
    for _ in range(n // 40):
        edited[rng.randrange(n)] = "NEW"
    return " ".join(words), " ".join(edited)


def bench_word_diff(repeat: int) -> None:
    for how in ("one word", "three words", "a sentence", "edited"):
        small = _repetitive(1_000, how, random.Random(1))
        large = _repetitive(8_000, how, random.Random(1))
        _row(f"word_diff: 1,000 / 8,000 words, {how}",
             _seconds(lambda s=small: word_diff(*s), repeat),
             _seconds(lambda s=large: word_diff(*s), repeat), 8)


def bench_dumps(repeat: int) -> None:
    def story(depth: int) -> tuple[provenance.Story, int]:
        deep: Any = ["leaf"] * 100
        for _ in range(depth):
            deep = [deep, "x"]
        text = json.dumps(_story(**{"x-deep": deep}))
        return provenance.loads(text), len(text)

    (small, small_in), (large, large_in) = story(100), story(800)
    small_out, large_out = len(provenance.dumps(small)), len(provenance.dumps(large))
    _row("dumps: an unknown key 100 / 800 deep", _seconds(lambda: provenance.dumps(small), repeat),
         _seconds(lambda: provenance.dumps(large), repeat), 8,
         f"   saved/read: {small_out / small_in:.2f}, {large_out / large_in:.2f}")


class _Stream(io.RawIOBase):
    """A file that is not a regular file (as a pipe is): read in chunks."""

    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data[self.at:self.at + len(buffer)]
        buffer[:len(chunk)] = chunk
        self.at += len(chunk)
        return len(chunk)


def bench_load(repeat: int) -> None:
    if os.path.exists("/dev/zero"):
        def zero() -> None:
            with contextlib.suppress(ProvenanceError):
                provenance.load("/dev/zero")
        print(f"{'load: /dev/zero refused in':<40} {_seconds(zero, repeat):8.3f}s")
    small = json.dumps(cascade(2_000)).encode("utf-8")
    large = json.dumps(cascade(16_000)).encode("utf-8")
    _row("load: 2,000 / 16,000 reports from a pipe",
         _seconds(lambda: provenance.load(io.BufferedReader(_Stream(small))), repeat),
         _seconds(lambda: provenance.load(io.BufferedReader(_Stream(large))), repeat), 8)


def bench_graphml_ids(repeat: int) -> None:
    from provenance.files.registry import export

    def clashing(n: int) -> provenance.Story:
        # "a" and "b" around two symbols that XML names cannot hold: all become "a__b".
        symbols = [chr(c) for c in range(0x2190, 0x2C00)]
        data = cascade(n)
        ids = {r["id"]: f"a{symbols[i % len(symbols)]}{symbols[i // len(symbols)]}b"
               for i, r in enumerate(data["reports"])}
        for r in data["reports"]:
            r["id"] = ids[r["id"]]
        for k in data["links"]:
            k["source"], k["target"] = ids[k["source"]], ids[k["target"]]
        return provenance.loads(json.dumps(data))

    small, large = clashing(2_000), clashing(16_000)
    _row("export graphml: 2,000 / 16,000 clashing ids",
         _seconds(lambda: export(small, "graphml"), repeat),
         _seconds(lambda: export(large, "graphml"), repeat), 8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    args = parser.parse_args(argv)
    print(f"{'case':<40} {'small':>9} {'large':>9}   {'ratio':>7}")
    bench_draw(args.repeat)
    bench_word_diff(args.repeat)
    bench_dumps(args.repeat)
    bench_load(args.repeat)
    bench_graphml_ids(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
