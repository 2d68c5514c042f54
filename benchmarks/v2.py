"""Reading a version 2 story file costs what reading version 1 costs (issue 11, "Model and
files").

One synthetic cascade (``benchmarks/cascade.py``) is written three ways, and each text is
read with :func:`provenance.loads` (the fast reader, which also notes the analysis's
columns) in the same run; version 1 is the baseline:

- ``version 1``: the cascade as it is;
- ``version 2, nothing new``: the same file saying ``"version": 2``;
- ``version 2, new fields``: version 2 with its fields used but no accounts: 1 report in
  50 is satire, 1 mention in 10 is a headline's, every denial is hedged, one claim
  qualifies another.

Printed per case: the best time of ``--repeat`` reads, the ratio to version 1, and that
the fast reader (not the careful one) read it. The issue asks for a ratio of about 1.

Usage::

    python benchmarks/v2.py [--reports N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

import provenance  # noqa: E402
from benchmarks.cascade import cascade  # noqa: E402
from provenance.files._fast import read_fast  # noqa: E402


def _with_new_fields(doc: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    doc["version"] = 2
    doc["claims"].append({"id": "q0", "text": "in a pilot study", "qualifies": "c0"})
    count = 0
    for i, report in enumerate(doc["reports"]):
        if i % 50 == 49:
            report["genre"] = "satire"
        for mention in report.get("claims", ()):
            count += 1
            if count % 10 == 0:
                mention["part"] = "headline"
            if mention["stance"] == "denies":
                mention["hedged"] = True
    return doc


def _best(texts: list[str], repeat: int) -> list[float]:
    """The best time of reading each text, the reads taken in turn (a busy machine slows
    every case alike)."""
    best = [float("inf")] * len(texts)
    for _ in range(repeat):
        for i, text in enumerate(texts):
            started = time.perf_counter()
            provenance.loads(text)
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    doc = cascade(args.reports)
    v1 = json.dumps(doc)
    said = json.dumps({**doc, "version": 2})
    used = json.dumps(_with_new_fields(doc))
    print(f"{args.reports:,} reports, {sum(len(r.get('claims', ())) for r in doc['reports']):,} "
          f"mentions, {len(doc['links']):,} links; best of {args.repeat} reads")
    cases = [("version 1", v1), ("version 2, nothing new", said),
             ("version 2, new fields", used)]
    times = _best([text for _, text in cases], args.repeat)
    base = times[0]
    for (name, text), seconds in zip(cases, times, strict=True):
        fast = read_fast(text) is not None
        print(f"{name:<26} {len(text) / 1e6:7.1f} MB {seconds:8.3f}s   x{seconds / base:5.2f}"
              f"   {'fast reader' if fast else 'CAREFUL READER'}")


if __name__ == "__main__":
    main()
