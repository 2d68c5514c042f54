"""A large chain zoomed out is painted from one overview image of the library's picture
(its 30,000 items one by one took a tenth to a quarter of a second a frame): the same
picture as the items paint, shown only while it is what they would show."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

import provenance_gui.chain as chain

from ..conftest import SAMPLES

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


@pytest.fixture
def zoomed_out(window, monkeypatch):  # type: ignore[no-untyped-def]
    """The Syria chain, opened as a large chain would be (with its overview), zoomed out
    far enough for the overview to show."""
    window.ask_unsaved = lambda: "discard"  # the edits give way at the end
    monkeypatch.setattr(chain, "OVERVIEW_CARDS", 5)
    monkeypatch.setattr(chain, "OVERVIEW_PIXELS", 400)  # a coarser image: zoomed in, boxes
    assert window.open_path(SAMPLES / "syria-joint-strike.json")
    window.view.resetTransform()
    window.view.zoom(min(window.scene.overview.scale, chain.TEXT_LOD) * 0.8)
    window.view.viewport().repaint()
    return window


def painted(window) -> QImage:  # type: ignore[no-untyped-def]
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    window.view.render(painter, QRectF(0, 0, 400, 300), window.view.viewport().rect())
    painter.end()
    return image.scaled(40, 30, Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def difference(a: QImage, b: QImage) -> float:
    """The mean difference of two images' pixels, 0 to 255."""
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(pa.red() - pb.red()) + abs(pa.green() - pb.green()) + \
                abs(pa.blue() - pb.blue())
    return total / (3 * a.width() * a.height())


def test_zoomed_out_the_items_paint_nothing_and_the_overview_shows(zoomed_out) -> None:
    scene = zoomed_out.scene
    assert scene._mode == "overview" and scene.overview.isVisible()
    assert all(item.flags() & NO_CONTENTS for item in scene.reports.values())
    assert all(item.flags() & NO_CONTENTS for item in scene.link_items)
    assert not any(item.box.isVisible() for item in scene.reports.values())


def test_the_overview_is_the_picture_the_items_paint(zoomed_out, monkeypatch) -> None:
    from_overview = painted(zoomed_out)
    scene = zoomed_out.scene
    monkeypatch.setattr(scene, "overview", None)  # the items instead
    zoomed_out.view.viewport().repaint()
    assert scene._mode == "box"
    from_items = painted(zoomed_out)
    blank = QImage(from_items.size(), from_items.format())
    blank.fill(0xFFFFFFFF)
    assert difference(from_items, blank) > 1.0  # there is a chain to compare
    assert difference(from_overview, from_items) < 0.25 * difference(from_items, blank)


def test_dimmed_the_overview_is_the_picture_the_items_paint(zoomed_out, monkeypatch) -> None:
    zoomed_out.search("TASS")
    zoomed_out.view.viewport().repaint()
    assert zoomed_out.scene._dimmed and zoomed_out.scene._mode == "overview"
    from_overview = painted(zoomed_out)
    scene = zoomed_out.scene
    monkeypatch.setattr(scene, "overview", None)
    zoomed_out.view.viewport().repaint()
    assert scene._mode == "box"
    from_items = painted(zoomed_out)
    blank = QImage(from_items.size(), from_items.format())
    blank.fill(0xFFFFFFFF)
    assert difference(from_overview, from_items) < 0.25 * difference(from_items, blank)


def test_zooming_in_the_items_paint_themselves_again(zoomed_out) -> None:
    scene, view = zoomed_out.scene, zoomed_out.view
    view.zoom(2.0)
    view.viewport().repaint()
    assert scene._mode == "box" and not scene.overview.isVisible()
    assert not any(item.flags() & NO_CONTENTS for item in scene.link_items)
    assert all(item.box.isVisible() for item in scene.reports.values())
    view.zoom(chain.TEXT_LOD / view.transform().m11() * 1.1)
    view.viewport().repaint()
    assert scene._mode == "text"
    assert not any(item.flags() & NO_CONTENTS for item in scene.reports.values())


def test_what_the_overview_does_not_show_is_painted_by_the_items(zoomed_out) -> None:
    window, scene = zoomed_out, zoomed_out.scene
    # The selection: the selected card paints itself over the overview.
    window.select_report("ap-tweet", center=False)
    window.view.viewport().repaint()
    assert scene._mode == "overview"
    assert not scene.reports["ap-tweet"].flags() & NO_CONTENTS
    assert scene.reports["mod-statement"].flags() & NO_CONTENTS
    window.select_report("mod-statement", center=False)
    assert scene.reports["ap-tweet"].flags() & NO_CONTENTS
    # A search dims reports: the overview dims, what is not dimmed paints over it.
    window.search("TASS")
    window.view.viewport().repaint()
    assert scene._dimmed and scene._mode == "overview"
    assert scene.overview.opacity() == chain.DIMMED
    for rid, item in scene.reports.items():
        assert item.box.isVisible() is (rid not in scene._dimmed), rid
    for link in scene.link_items:
        lit = link.key[0] not in scene._dimmed and link.key[1] not in scene._dimmed
        assert bool(link.flags() & NO_CONTENTS) is not (lit or link.highlighted)
    window.search("")
    window.view.viewport().repaint()
    assert scene._mode == "overview"
    assert not scene._dimmed and scene.overview.opacity() == 1.0
    assert not any(item.box.isVisible() for item in scene.reports.values())
    # A claim lens recolours the cards: not the overview's picture, so the items paint.
    window.set_claim_lens("coalition-jets")
    window.view.viewport().repaint()
    assert scene._mode == "box"
    window.set_claim_lens(None)


def test_after_an_edit_the_items_paint(zoomed_out, qtbot) -> None:
    window = zoomed_out
    form = window.edit_panel.report
    window.select_report("ap-tweet", center=False)
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "An edited title")
    assert window.document.modified
    window.view.viewport().repaint()
    assert window.scene._mode == "box"
