"""The viewer's speed: first frame, stalls while a story opens, an edit to its frame.

For cascades of 1,000 and 10,000 reports (benchmarks/cascade.py), in one run:

``frame`` -- time to the first complete frame, against a bare QGraphicsScene:

* viewer: ``MainWindow.set_story`` (analysis, layout, scene) then the fitted view
  rendered into a 1400x900 image offscreen;
* viewer scene only: the same, with the analysis and layout computed beforehand;
* bare: a QGraphicsScene with one rect and one text item per report and one line
  per link, at the same positions, fitted and rendered into the same image size.

``stall`` -- an event-loop probe (a QTimer every 10 ms) while a story file opens in the
background, the window showing another story (``open_path(wait=False)``: read, analysed,
laid out in a worker thread; the scene built and the first frame painted on the GUI
thread): the longest gap between two firings while the worker ran and over the whole
opening, against the probe's longest gap when idle and against the foreground opening
(``open_path``: the stall without the thread).

``edit`` -- a stance changed on a report in the middle of the chain through the Edit dock's
form (its stance box, as the user picks one) until the scene is updated and the view
repainted (a story of ``EDIT_IN_BACKGROUND`` reports or more is analysed again in the
background: until that is done and shown); median over the repeats, against the render
of the same view alone; and the probe's longest gap over the edits (from each pick to its
frame and the events after it, the render alone left out).

Usage: python benchmarks/gui.py [--sizes 1000,10000] [--repeat 3] [--parts frame,stall,edit]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cascade import cascade  # noqa: E402
from PySide6.QtCore import QRectF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QGraphicsScene,
    QGraphicsView,
)

import provenance  # noqa: E402
from provenance.drawing.layout import layout_story

SIZE = (1400, 900)


def render(view: QGraphicsView) -> QImage:
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    view.render(painter, QRectF(0, 0, *SIZE), view.viewport().rect())
    painter.end()
    return image


def bare(story, layout) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    scene = QGraphicsScene()
    for report in story.reports:
        card = layout.cards[report.id]
        scene.addRect(card.x, card.y, card.width, card.height)
        text = scene.addSimpleText(report.actor)
        text.setPos(card.x + 4, card.y + 4)
    for route in layout.routes:
        (x0, y0), (x1, y1) = route.points[0], route.points[-1]
        scene.addLine(x0, y0, x1, y1)
    view = QGraphicsView(scene)
    view.resize(*SIZE)
    view.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    render(view)
    return time.perf_counter() - start


def viewer(window, story, analysis=None, layout=None) -> float:  # type: ignore[no-untyped-def]
    from provenance_gui.chain import ChainScene

    start = time.perf_counter()
    if analysis is None:
        window.set_story(story)
    else:
        window.scene = ChainScene(story, analysis, layout)
        window.view.setScene(window.scene)
        window.view.fit()
    render(window.view)
    return time.perf_counter() - start


class Probe:
    """A QTimer firing every 10 ms; the longest gap between two firings (seconds), in
    all and while ``during()`` held."""

    def __init__(self, during=lambda: True) -> None:  # type: ignore[no-untyped-def]
        self.during = during
        self.last = time.perf_counter()
        self.longest = self.longest_during = 0.0
        self.fired = 0
        self.paused = False
        #: The longest pause of Python's cycle collector meanwhile (in either thread: it
        #: holds the interpreter, so the GUI thread waits for it too).
        self.longest_gc = 0.0
        self._gc_start = 0.0
        gc.callbacks.append(self._collector)
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._fire)
        self.timer.start()

    def _fire(self) -> None:
        now = time.perf_counter()
        gap, self.last = now - self.last, now
        if self.paused:
            return
        self.fired += 1
        self.longest = max(self.longest, gap)
        if self.during():
            self.longest_during = max(self.longest_during, gap)

    def _collector(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.longest_gc = max(self.longest_gc, time.perf_counter() - self._gc_start)

    def pause(self) -> None:
        """Stop counting (the benchmark's own work, not the viewer's, comes next)."""
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        self.last = time.perf_counter()

    def stop(self) -> None:
        self.timer.stop()
        gc.callbacks.remove(self._collector)
        self._fire()  # the gap up to now counts too


def stall(app, window, path: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Open ``path`` in the background under the probe: the longest gaps (in all, and
    while the status bar's Cancel was up: reading, analysing, laying out in the worker,
    the scene built in slices), the time until the story is handed to the window, the
    showing (docks, title, the new scene set) and the first frame."""
    times: dict[str, float] = {}
    shown = window.show_opened

    def timed(opened):  # type: ignore[no-untyped-def]
        times["worker"] = time.perf_counter() - start
        begin = time.perf_counter()
        try:
            return shown(opened)
        finally:
            times["build"] = time.perf_counter() - begin

    window.show_opened = timed
    probe = Probe(during=lambda: window.work.busy)
    start = time.perf_counter()
    try:
        window.open_path(path, wait=False)
        window.work.wait()
        begin = time.perf_counter()
        window.view.viewport().repaint()  # the first frame, as the screen gets it
        times["paint"] = time.perf_counter() - begin
        settle(app)  # the old scene's deletion is part of the opening
    finally:
        del window.show_opened
        probe.stop()
    times.update(longest=probe.longest, worker_longest=probe.longest_during,
                 fired=probe.fired, gc=probe.longest_gc)
    return times


def idle_gap(app, seconds: float = 0.5) -> float:  # type: ignore[no-untyped-def]
    """The probe's longest gap while the event loop has nothing else to do."""
    probe = Probe()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    probe.stop()
    return probe.longest


def foreground(app, window, path: Path) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    window.open_path(path)
    window.view.viewport().repaint()
    settle(app)  # what the opening left for the event loop (the old scene's deletion) too
    return time.perf_counter() - start


def settle(app) -> None:  # type: ignore[no-untyped-def]
    """Handle every event waiting, deferred deletions included."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def edit_to_frame(app, window, report_id: str, repeat: int) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """Median seconds from a stance picked in the Edit dock's form to the updated scene's
    frame; median of the same view's render alone; the longest single edit; the probe's
    longest gap while the edits were made."""
    window.select_report(report_id)
    app.processEvents()
    form = window.edit_panel.report
    form.mentions.setCurrentRow(0)
    stances = [form.stance.itemData(i) for i in range(form.stance.count())]
    first = window.document.story.report(report_id).claims[0].stance.value
    others = [s for s in stances if s != first][:1] + [first]
    edits, renders = [], []
    probe = Probe()
    for i in range(repeat):
        value = others[i % 2]
        start = time.perf_counter()
        form.stance.setCurrentIndex(form.stance.findData(value))
        form.stance.activated.emit(form.stance.currentIndex())  # the user's pick
        window.work.wait()  # the analysis in the background, if it runs there
        window.view.viewport().repaint()  # the updated frame, as the screen gets it
        edits.append(time.perf_counter() - start)
        assert window.document.story.report(report_id).claims[0].stance.value == value
        app.processEvents()
        probe.pause()  # the render alone is the benchmark's, not the edit's
        start = time.perf_counter()
        render(window.view)
        renders.append(time.perf_counter() - start)
        probe.resume()
    probe.stop()
    return statistics.median(edits), statistics.median(renders), max(edits), probe.longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", default="frame,stall,edit")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    app = QApplication.instance() or QApplication([])
    from provenance_gui.window import MainWindow

    window = MainWindow(remember=False)
    window.ask_unsaved = lambda: "discard"  # the edits of one size give way to the next
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="provenance-gui-bench-"))
    rows, stalls, edits = [], [], []
    for n in sizes:
        document = cascade(n)
        story = provenance.loads(json.dumps(document))
        if "frame" in parts:
            analysis = provenance.analyze(story)
            layout = layout_story(story, analysis)
            t_bare = min(bare(story, layout) for _ in range(args.repeat))
            t_scene = min(viewer(window, story, analysis, layout) for _ in range(args.repeat))
            t_full = min(viewer(window, story) for _ in range(args.repeat))
            rows.append((n, t_bare, t_scene, t_full))
        path = folder / f"cascade-{n}.json"
        path.write_text(json.dumps(document), "utf-8")
        if "stall" in parts:
            settle(app)
            gc.collect()  # what the frame part left (its stories are set directly)
            idle = idle_gap(app)
            # In the background first, as a user's first opening of it (the docks hold
            # another story's rows), then in the foreground.
            opening = stall(app, window, path)
            settle(app)
            gc.collect()
            stalls.append((n, idle, foreground(app, window, path), opening))
        if "edit" in parts:
            if window.story is None or len(window.story.reports) != n:
                window.open_path(path)
            middle = story.reports[n // 2:]
            report_id = next(r.id for r in middle if r.claims)
            edits.append((n, *edit_to_frame(app, window, report_id, max(5, args.repeat))))
    if rows:
        print("| reports | bare scene s | viewer scene s | ratio | viewer with analysis+layout s "
              "| ratio |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, t_bare, t_scene, t_full in rows:
            print(f"| {n:,} | {t_bare:.3f} | {t_scene:.3f} | {t_scene / t_bare:.2f} | "
                  f"{t_full:.3f} | {t_full / t_bare:.2f} |")
        print()
    if stalls:
        print("Opening in the background (probe every 10 ms; goal: longest stall < 0.1 s at "
              "10,000):")
        print("| reports | idle gap s | foreground open s | background open s | longest gap "
              "while busy s | showing it s | first frame s | longest gap s | "
              "longest / foreground | longest collector pause s |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, idle, t_fore, t in stalls:
            print(f"| {n:,} | {idle:.3f} | {t_fore:.3f} | {t['worker']:.3f} | "
                  f"{t['worker_longest']:.3f} | {t['build']:.3f} | {t['paint']:.3f} | "
                  f"{t['longest']:.3f} | {t['longest'] / t_fore:.2f} | {t['gc']:.3f} |")
        print()
    if edits:
        print("A stance changed in the Edit dock to the updated frame (median of "
              f"{max(5, args.repeat)}; goals: < 0.15 s at 1,000, < 1 s at 10,000, and no "
              "stall over 0.1 s meanwhile):")
        print("| reports | edit to frame s | render alone s | ratio | longest edit s | "
              "longest gap meanwhile s |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, t_edit, t_render, longest, gap in edits:
            print(f"| {n:,} | {t_edit:.3f} | {t_render:.3f} | {t_edit / t_render:.1f} | "
                  f"{longest:.3f} | {gap:.3f} |")


if __name__ == "__main__":
    main()
