"""Time how fast bad story files are refused, against json.loads of the same text.

Issue 2 asks that bad input of any kind gives a clear ``ProvenanceError`` "within
seconds". Each case below is given to :func:`provenance.loads`; the baseline is
``json.loads`` of the same text in the same run (where ``json.loads`` itself fails, as
on 200,000 nested brackets, its time to fail). Printed per case: the error's first
line, our time, the baseline's time and their ratio.

Usage::

    python benchmarks/bad_input.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

import provenance  # noqa: E402


def _story(**extra: object) -> dict[str, object]:
    return {"format": "provenance-story", "version": 1, "title": "T",
            "actors": [{"id": "a", "name": "A"}],
            "claims": [{"id": "c", "text": "C"}],
            "reports": [{"id": "r1", "actor": "a", "claims": [{"claim": "c",
                                                                "stance": "asserts"}]},
                        {"id": "r2", "actor": "a"}],
            "links": [{"source": "r1", "target": "r2"}], **extra}


def _cases() -> dict[str, str | bytes]:
    valid = json.dumps(_story())
    many = _story()
    many["reports"] = [{"id": f"r{i}", "actor": "ghost"} for i in range(100_000)]
    huge = _story()
    huge["reports"][0]["text"] = "word " * 6_000_000  # type: ignore[index]
    return {
        "truncated JSON": valid[: len(valid) // 2],
        "200,000 nested brackets": "[" * 200_000 + "]" * 200_000,
        "unclosed 200,000 brackets": '{"format": "provenance-story", "x": ' + "[" * 200_000,
        "non-UTF-8 bytes": valid.encode().replace(b'"A"', b'"\xff"'),
        "NaN confidence": valid.replace('"target": "r2"', '"target": "r2", "confidence": NaN'),
        "duplicate keys": valid.replace('"title": "T"', '"title": "T", "title": "U"'),
        "100,000 unknown actors": json.dumps(many),
        "30 MB text field (valid)": json.dumps(huge),
    }


def _best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(ValueError, RecursionError, provenance.ProvenanceError):
            run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("| case | outcome | provenance.loads ms | json.loads ms | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, text in _cases().items():
        try:
            provenance.loads(text)
            outcome = "valid story"
        except provenance.ProvenanceError as err:
            lines = str(err).splitlines()
            outcome = (lines[1] if len(lines) > 1 else lines[0]).strip()[:70]
        ours = _best(lambda text=text: provenance.loads(text), args.repeat)
        base = _best(lambda text=text: json.loads(text), args.repeat)
        print(f"| {name} | {outcome} | {ours * 1e3:.2f} | {base * 1e3:.2f} | {ours / base:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
