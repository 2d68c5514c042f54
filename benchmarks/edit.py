"""Time of one edit in the editor's library half: the edit, the analysis, the relayout.

For cascades of 1,000 and 10,000 reports (benchmarks/cascade.py), in one run:

* edit: :func:`provenance.edits.change_mention` changes the stance of the first mention
  of the report in the middle of the story;
* analyze: :func:`provenance.analyze` of the edited story;
* relayout: :func:`provenance.drawing.layout.relayout` from the layout before the edit;
* baseline: a full :func:`provenance.drawing.layout.layout_story` of the edited story;

and the same for another edit: adding a report that quotes the report in the middle
(``add_report`` + ``add_link``), whose card relayout places.

Each is the median of ``--repeat`` runs (each run edits the story as it was loaded);
the ratios are to the full layout. The editor's frame needs edit + analyze + relayout
(and the scene's update, measured by benchmarks/gui.py).

Usage: python benchmarks/edit.py [--sizes 1000,10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cascade import cascade  # noqa: E402

import provenance  # noqa: E402
from provenance.drawing.layout import Layout, layout_story, relayout  # noqa: E402
from provenance.edits import add_link, add_report, change_mention  # noqa: E402
from provenance.model import Link, Relation, Report, Stance, Story  # noqa: E402


def middle_mention(story: Story) -> tuple[str, Stance]:
    """The report in the middle of the story that holds a mention, and a new stance for it."""
    reports = story.reports
    for report in reports[len(reports) // 2:] + reports[:len(reports) // 2]:
        if report.claims:
            old = report.claims[0].stance
            new = Stance.IMPLIES if old is not Stance.IMPLIES else Stance.ATTRIBUTES
            return report.id, new
    raise SystemExit("the story has no claim mentions to edit")


def timed(call):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        story = provenance.loads(json.dumps(cascade(n)))
        analysis = provenance.analyze(story)
        before = layout_story(story, analysis)
        report_id, stance = middle_mention(story)
        middle = story.reports[len(story.reports) // 2]

        def stance_edit(story: Story = story, report_id: str = report_id,
                        stance: Stance = stance) -> Story:
            return change_mention(story, report_id, 0, stance=stance)

        def report_edit(story: Story = story, middle: Report = middle) -> Story:
            added = add_report(story, Report("new-report", middle.actor))
            return add_link(added, Link(middle.id, "new-report", Relation.QUOTES))

        for name, edit in (("change a stance", stance_edit), ("add a report", report_edit)):
            rows.append((n, name, measure(before, edit, args.repeat)))
    print("| reports | edit | edit ms | analyze ms | relayout ms | edit+analyze+relayout ms "
          "| full layout ms | relayout / layout | edit+analyze+relayout / layout |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, name, t in rows:
        total = t["edit"] + t["analyze"] + t["relayout"]
        print(f"| {n:,} | {name} | {t['edit'] * 1e3:.1f} | {t['analyze'] * 1e3:.1f} | "
              f"{t['relayout'] * 1e3:.1f} | {total * 1e3:.1f} | {t['layout'] * 1e3:.1f} | "
              f"{t['relayout'] / t['layout']:.3f} | {total / t['layout']:.2f} |")


def measure(before: Layout, edit: Callable[[], Story], repeat: int) -> dict[str, float]:
    """Median times of the edit, the analysis, the relayout and a full layout."""
    times: dict[str, list[float]] = {"edit": [], "analyze": [], "relayout": [], "layout": []}
    for _ in range(repeat):
        t_edit, edited = timed(edit)
        t_analyze, result = timed(lambda: provenance.analyze(edited))  # noqa: B023
        t_relayout, after = timed(lambda: relayout(before, edited, result))  # noqa: B023
        t_layout, _ = timed(lambda: layout_story(edited, result))  # noqa: B023
        assert all(after.cards[rid] == card for rid, card in before.cards.items())
        for key, value in (("edit", t_edit), ("analyze", t_analyze),
                           ("relayout", t_relayout), ("layout", t_layout)):
            times[key].append(value)
    return {key: statistics.median(values) for key, values in times.items()}

if __name__ == "__main__":
    main()
