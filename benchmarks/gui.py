"""Time to the viewer's first complete frame, against a bare QGraphicsScene.

For cascades of 1,000 and 10,000 reports (benchmarks/cascade.py), in one run:

* viewer: ``MainWindow.set_story`` (analysis, layout, scene) then the fitted view
  rendered into a 1400x900 image offscreen;
* viewer scene only: the same, with the analysis and layout computed beforehand;
* bare: a QGraphicsScene with one rect and one text item per report and one line
  per link, at the same positions, fitted and rendered into the same image size.

Usage: python benchmarks/gui.py [--sizes 1000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cascade import cascade  # noqa: E402
from PySide6.QtCore import QRectF, Qt  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from provenance_gui.window import MainWindow

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        story = provenance.loads(__import__("json").dumps(cascade(n)))
        analysis = provenance.analyze(story)
        layout = layout_story(story, analysis)
        t_bare = min(bare(story, layout) for _ in range(args.repeat))
        t_scene = min(viewer(window, story, analysis, layout) for _ in range(args.repeat))
        t_full = min(viewer(window, story) for _ in range(args.repeat))
        rows.append((n, t_bare, t_scene, t_full))
    print("| reports | bare scene s | viewer scene s | ratio | viewer with analysis+layout s "
          "| ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, t_bare, t_scene, t_full in rows:
        print(f"| {n:,} | {t_bare:.3f} | {t_scene:.3f} | {t_scene / t_bare:.2f} | "
              f"{t_full:.3f} | {t_full / t_bare:.2f} |")


if __name__ == "__main__":
    main()
