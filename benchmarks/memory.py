"""Peak memory of the commands on a chain of reports that alternates implies and asserts.

The chain is the worst case for a distortion's reach: report ``i`` draws on report
``i - 1``; odd reports assert what the report before them only implied (an inflation),
even ones imply it again (faithful). Each of the N/2 inflations reaches every later
report, so the reaches add up to about N²/4 reports; stored one id per report, that
was 25 million ids at 10,000 reports and 1.65 GB of memory at 20,000.

For each command and size, a fresh process loads the chain's story file and runs the
command (``provenance.cli.main``, output to a temporary file), and prints its peak
resident memory (VmHWM). The same command on a chain of 2 reports is the baseline: the
interpreter, the imports, the fixed costs. Printed per size: the peak, the growth above
the baseline, its ratio to the growth at the smallest size measured in the same run, and
the size ratio. Linear memory: the two ratios about equal; quadratic: the first grows as
the square of the second.

Usage::

    python benchmarks/memory.py [--chain alternating|planting|shuffled]
                                [--sizes 2500,5000,10000,20000]
                                [--commands analyze,analyze-json,validate,draw,export,viewer]
                                [--small-sizes 2500,5000] [--workdir DIR]

``--small-sizes`` are the sizes for the slower commands (``draw``, ``export``, ``viewer``:
drawing and laying out are not what this measures, and take seconds per thousand reports);
``viewer`` needs PySide6 and runs offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SIZES = (2_500, 5_000, 10_000, 20_000)
SMALL_SIZES = (2_500, 5_000)
SLOW = frozenset({"draw", "export", "viewer"})
COMMANDS = ("analyze", "analyze-json", "validate", "draw", "export", "viewer")


def alternating_chain(n: int) -> dict[str, Any]:
    """A story (format version 1) of ``n`` reports in a chain alternating implies, asserts."""
    actors = [{"id": f"a{k}", "name": f"Outlet {k}"} for k in range(4)]
    reports = [{"id": f"r{i}", "actor": f"a{i % 4}",
                "claims": [{"claim": "c", "stance": "asserts" if i % 2 else "implies"}]}
               for i in range(n)]
    links = [{"source": f"r{i - 1}", "target": f"r{i}", "relation": "cites"}
             for i in range(1, n)]
    return {"format": "provenance-story", "version": 1, "title": f"Alternating chain of {n}",
            "actors": actors, "claims": [{"id": "c", "text": "It happened"}],
            "reports": reports, "links": links}


def planting_chain(n: int) -> dict[str, Any]:
    """A story of ``n`` reports in a chain repeating questions, implies, asserts.

    The worst case for ``planted``: every ``implies`` after a ``questions`` plants the claim,
    every ``asserts`` states it, and each of the N/3 stated reports was planted by every
    planting one before it (N²/18 in all: 0.5 million at 3,000 reports, stored one each).
    """
    stances = ("questions", "implies", "asserts")
    story = alternating_chain(n)
    story["title"] = f"Planting chain of {n}"
    for i, item in enumerate(story["reports"]):
        item["claims"][0]["stance"] = stances[i % 3]
    return story


def shuffled_chain(n: int) -> dict[str, Any]:
    """The alternating chain with its reports listed in a shuffled (fixed) order."""
    story = alternating_chain(n)
    story["title"] = f"Shuffled alternating chain of {n}"
    random.Random(8).shuffle(story["reports"])
    return story


CHAINS = {"alternating": alternating_chain, "planting": planting_chain,
          "shuffled": shuffled_chain}


# Run in a fresh interpreter: the command on a story file; prints the peak memory in KiB
# and the seconds the command took.
_RUN = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
command, path, out = sys.argv[2], sys.argv[3], sys.argv[4]
if command == "viewer":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    import provenance
    from gui.window import MainWindow
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    story = provenance.load(path)
    start = time.perf_counter()
    window.set_story(story)
    app.processEvents()
else:
    from provenance.cli import main
    argv = {
        "analyze": ["analyze", path, "-o", out],
        "analyze-json": ["analyze", path, "--json", "-o", out],
        "validate": ["validate", path],
        "draw": ["draw", path, "-o", out + ".png"],
        "export": ["export", path, "--to", "graphml", "-o", out],
    }[command]
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        saved, sys.stdout = sys.stdout, sink
        try:
            code = main(argv)
        finally:
            sys.stdout = saved
    if code:
        raise SystemExit(f"{command} exited {code}")
took = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a large
# benchmark process would report its parent's peak.
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(peak, took)
"""


def story_file(n: int, workdir: Path, kind: str = "alternating") -> Path:
    path = workdir / f"{kind}-{n}.json"
    if not path.exists():
        path.write_text(json.dumps(CHAINS[kind](n)), encoding="utf-8")
    return path


def run(command: str, n: int, workdir: Path, code_root: Path,
        kind: str = "alternating") -> tuple[int, float]:
    """Peak KiB and seconds of one command on the chain of ``n`` reports, in a fresh process."""
    path = story_file(n, workdir, kind)
    out = workdir / f"out-{command}-{n}"
    env = dict(os.environ, PYTHONPATH=str(code_root))
    done = subprocess.run([sys.executable, "-c", _RUN, str(code_root), command, str(path),
                           str(out)], capture_output=True, text=True, cwd=workdir, env=env,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"{command} at {n:,} reports failed:\n{done.stderr}")
    peak, took = done.stdout.split()[-2:]
    return int(peak), float(took)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated numbers of reports (default: %(default)s)")
    parser.add_argument("--small-sizes", default=",".join(map(str, SMALL_SIZES)),
                        help="sizes for draw, export and viewer (default: %(default)s)")
    parser.add_argument("--commands", default="analyze,analyze-json,validate,draw,export",
                        help=f"comma-separated, of {', '.join(COMMANDS)} (default: %(default)s)")
    parser.add_argument("--chain", choices=sorted(CHAINS), default="alternating",
                        help="alternating implies/asserts (reach), planting (questions, "
                             "implies, asserts: planted), or alternating listed shuffled "
                             "(default: %(default)s)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose provenance is measured (default: this one)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the generated story files here (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    small = [int(s) for s in args.small_sizes.split(",") if s.strip()]
    commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = sorted(set(commands) - set(COMMANDS))
    if unknown:
        parser.error(f"unknown command(s): {', '.join(unknown)}")
    print(f"code: {args.code.resolve()}; chain: {args.chain}")
    print("| command | reports | peak MB | above baseline MB | growth ratio | size ratio | s |")
    print("| :--- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="provenance-memory-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for command in commands:
            base, _ = run(command, 2, workdir, args.code, args.chain)
            first: tuple[int, int] | None = None
            for n in (small if command in SLOW else sizes):
                peak, took = run(command, n, workdir, args.code, args.chain)
                grown = max(peak - base, 1)
                if first is None:
                    first = (n, grown)
                print(f"| {command} | {n:,} | {peak / 1024:.0f} | {grown / 1024:.1f} "
                      f"| {grown / first[1]:.2f} | {n / first[0]:.2f} | {took:.2f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
