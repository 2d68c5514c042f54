"""Time :func:`provenance.drawing.mpl.save_drawing` against ``networkx.draw_networkx``.

For synthetic cascades (``benchmarks/cascade.py``: a few origins, each later report
drawing on one to three earlier ones, five claims with stances, a few distortions) of
100, 1,000 and 10,000 reports, both draw the same story to the same format in the same
run:

* provenance: ``save_drawing(story, path, analysis)``, the layout included (the
  analysis is computed once beforehand: networkx is not asked to find distortions);
* networkx: ``draw_networkx(graph, pos)`` with the SAME positions (the centres of the
  provenance layout, computed outside the timing) on a new Agg figure of the same size,
  saved at the same resolution. Its defaults draw node labels and one arrow patch per
  edge; the "lean" column draws neither (``with_labels=False, arrows=False``), the
  fastest it can go.

Prints a markdown table with both times and the ratios (provenance time divided by
networkx time: below 1 means provenance is faster). The goal is a ratio of at most 1
at 1,000 and 10,000 reports.

Usage::

    python benchmarks/render.py [--sizes 100 1000 10000] [--formats png svg] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

from benchmarks.cascade import cascade  # noqa: E402
from provenance import analyze, story_graph  # noqa: E402
from provenance.drawing.layout import layout_story  # noqa: E402
from provenance.drawing.mpl import draw, save_drawing  # noqa: E402
from provenance.files.story import story_from_data  # noqa: E402
from provenance.model import Story  # noqa: E402


def story_of(n: int, seed: int) -> Story:
    # At least a handful of distortions, whatever the size.
    return story_from_data(cascade(n, seed=seed, distortion_rate=max(0.002, 4 / n)))


def timed(action: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def networkx_save(story: Story, pos: dict[str, tuple[float, float]], size: tuple[float, float],
                  dpi: float, path: Path, fmt: str, lean: bool) -> None:
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    if lean:
        nx.draw_networkx(story_graph(story), pos, ax=ax, with_labels=False, arrows=False)
    else:
        nx.draw_networkx(story_graph(story), pos, ax=ax)
    figure.savefig(path, format=fmt, dpi=dpi)


def run(sizes: Sequence[int], formats: Sequence[str], seed: int) -> list[str]:
    rows = [
        "| reports | links | format | provenance (s) | networkx (s) | ratio "
        "| networkx lean (s) | ratio lean |",
        "| ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for n in sizes:
            story = story_of(n, seed)
            analysis = analyze(story)
            # The networkx figure gets the provenance figure's size, resolution and positions.
            drawing = draw(story, analysis)
            size = (drawing.figure.get_figwidth(), drawing.figure.get_figheight())
            dpi = drawing.dpi
            layout = layout_story(story, analysis)
            pos = {rid: (x, -y) for rid in layout.cards for x, y in [layout.center(rid)]}
            repeat = 3 if n <= 1000 else 1
            for fmt in formats:
                ours = timed(partial(save_drawing, story, out / f"ours.{fmt}", analysis),
                             repeat)
                theirs = timed(partial(networkx_save, story, pos, size, dpi,
                                       out / f"nx.{fmt}", fmt, False), repeat)
                lean = timed(partial(networkx_save, story, pos, size, dpi,
                                     out / f"lean.{fmt}", fmt, True), repeat)
                rows.append(
                    f"| {n:,} | {len(story.links):,} | {fmt.upper()} | {ours:.2f} "
                    f"| {theirs:.2f} | {ours / theirs:.2f} | {lean:.2f} | {ours / lean:.2f} |")
                print(rows[-1], file=sys.stderr, flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--formats", nargs="+", default=["png", "svg"],
                        choices=["png", "svg", "pdf"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print("\n".join(run(args.sizes, args.formats, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
