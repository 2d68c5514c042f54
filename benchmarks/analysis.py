"""Time loading and analysing synthetic cascades against json.loads and a topological sort.

For each size, :func:`benchmarks.cascade.cascade` writes a story file, then a fresh
process measures, in one run:

- ``json.loads`` of the file's text, and :func:`provenance.load` of the file;
- one ``list(networkx.topological_sort(graph))`` of the story's graph (built beforehand),
  and :func:`provenance.analyze` of the story;

each the best of ``--repeat`` runs, with a garbage collection before each. Two more fresh
processes measure the peak memory (VmHWM): one that loads and analyses the story, one that only
imports provenance; their difference, divided by the number of reports,
is the memory per report. The goals at 1,000,000 reports: analysis at most 4 times the
topological sort, loading at most 4 times json.loads, under 3 KB per report.

Usage::

    python benchmarks/analysis.py [--sizes 10000,100000,1000000] [--repeat N] [--seed 0]
                                  [--workdir DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

from benchmarks.cascade import cascade  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)

# Run in a fresh interpreter: prints one JSON line of best times.
_TIMING = r"""
import gc, json, sys, time
import networkx
import provenance

path, repeat = sys.argv[1], int(sys.argv[2])

def best(run):
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
        del result
    return min(times)

text = open(path, encoding="utf-8").read()
parse = best(lambda: json.loads(text))
del text
load = best(lambda: provenance.load(path))
story = provenance.load(path)
graph = provenance.story_graph(story)
order = best(lambda: list(networkx.topological_sort(graph)))
del graph
story = provenance.load(path)  # a story whose graph was never built, as after loading
analyze = best(lambda: provenance.analyze(story))
print(json.dumps({"json": parse, "load": load, "toposort": order, "analyze": analyze}))
"""

# Run in a fresh interpreter: prints the peak resident memory in KiB after loading and analysing (or
# after importing provenance only, without a path).
_MEMORY = r"""
import sys
import provenance
if len(sys.argv) > 1:
    story = provenance.load(sys.argv[1])
    result = provenance.analyze(story)
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a large
# benchmark process would report its parent's peak.
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def story_file(n: int, seed: int, workdir: Path) -> Path:
    """The cascade of ``n`` reports as a story file, written once per work directory."""
    path = workdir / f"cascade-{n}-{seed}.json"
    if not path.exists():
        text = json.dumps(cascade(n, seed=seed))
        partial = path.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


def run_python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def measure(n: int, seed: int, repeat: int, workdir: Path) -> dict[str, float]:
    path = story_file(n, seed, workdir)
    times: dict[str, float] = json.loads(run_python(_TIMING, str(path), str(repeat)))
    base = int(run_python(_MEMORY))
    peak = int(run_python(_MEMORY, str(path)))
    times["kb_per_report"] = (peak - base) * 1024 / 1000 / n
    return times


def table(rows: Sequence[tuple[int, dict[str, float]]]) -> str:
    lines = [
        "| reports | json.loads s | load s | ratio | toposort s | analyze s | ratio | KB/report |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, m in rows:
        lines.append(
            f"| {n:,} | {m['json']:.3f} | {m['load']:.3f} | {m['load'] / m['json']:.2f} "
            f"| {m['toposort']:.3f} | {m['analyze']:.3f} | {m['analyze'] / m['toposort']:.2f} "
            f"| {m['kb_per_report']:.2f} |")
    return "\n".join(lines)


def growth(rows: Sequence[tuple[int, dict[str, float]]]) -> str:
    """Microseconds per report, to see whether the times grow linearly."""
    parts = [f"{n:,}: load {m['load'] / n * 1e6:.1f}, analyze {m['analyze'] / n * 1e6:.1f}"
             for n, m in rows]
    return "µs per report: " + "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated numbers of reports (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per timing, the best counts (default: 3, or 2 from 1M)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the generated story files here (default: a temporary one)")
    parser.add_argument("--output", type=Path, default=None,
                        help="also write the table to this markdown file")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    with tempfile.TemporaryDirectory(prefix="provenance-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = []
        for n in sizes:
            repeat = args.repeat or (3 if n < 1_000_000 else 2)
            start = time.perf_counter()
            rows.append((n, measure(n, args.seed, repeat, workdir)))
            print(f"{n:,} reports measured in {time.perf_counter() - start:.0f} s",
                  file=sys.stderr)
    report = f"{table(rows)}\n\n{growth(rows)}\n"
    print(report, end="")
    if args.output is not None:
        args.output.write_text(
            f"# Loading and analysis benchmark\n\n`python benchmarks/analysis.py "
            f"--sizes {args.sizes} --seed {args.seed}`, {time.strftime('%Y-%m-%d')}; "
            f"each time the best of its runs.\n\n{report}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
