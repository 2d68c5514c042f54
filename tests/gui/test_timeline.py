"""The Timeline dock: the library's description drawn, linked to the Replay slider both
ways, and a click on a report's dot selects it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QDockWidget

from provenance.drawing.timeline import describe_timeline, placed

from ..conftest import SAMPLES


@pytest.fixture
def panel(qtbot, window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    dock = window.findChild(QDockWidget, "timeline")
    dock.show()
    qtbot.waitExposed(window.timeline_panel)
    window.timeline_panel.resize(900, 260)
    return window.timeline_panel


def point_of(panel, report_id: str) -> QPoint:
    claim = panel.claim
    at = claim.points.reports.index(report_id)
    x = panel.x_of(claim.points.starts[at])
    return QPoint(round(x), round(panel.row_y(claim.points.series[at])))


def test_the_dock_is_in_the_view_menu_and_draws_the_library_s_description(window, panel):
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = next(a for a in view.actions() if a.text() == "Timeline")
    assert toggle.isChecked()  # shown by the fixture
    expected = describe_timeline(window.story, window.analysis)
    assert panel.timeline == expected
    assert panel.claim.claim == "coffee-protects"  # the point's claim first
    image = panel.grab().toImage()
    assert image.width() >= 320
    # The distorted series is painted in the diagram's red somewhere.
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}
    assert "#d7191c" in colours


def test_the_claim_lens_chooses_the_claim_drawn(window, panel):
    window.claim_box.setCurrentIndex(window.claim_box.findData("three-cups"))
    assert panel.claim.claim == "three-cups"


def test_dragging_the_slider_moves_the_cursor(window, panel):
    window.time_slider.setValue(2)
    moment = window.state.times[2]
    assert panel.cursor_span == placed(moment)
    window.time_slider.setValue(0)  # the paper, dated only by its day: the day's span
    start, end = panel.cursor_span
    assert (end - start) == 86400.0
    window.time_slider.setValue(window.time_slider.maximum())
    end = panel.timeline.end
    assert panel.cursor_span == (end, end)  # every report: the cursor at the end


def test_clicking_and_dragging_on_the_timeline_moves_the_slider(qtbot, window, panel):
    times = window.state.times
    target = sum(placed(times[3])) / 2
    x = round(panel.x_of(target)) + 1
    y = round(panel._plot().center().y())
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert window.time_slider.value() == 3
    assert window.state.moment == times[3]
    assert window.time_label.text() == window.state.replay_label
    # Dragging to the left edge replays to the first moment.
    qtbot.mousePress(panel, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(panel, QPoint(int(panel._plot().left()) + 1, y))
    qtbot.mouseRelease(panel, Qt.MouseButton.LeftButton,
                       pos=QPoint(int(panel._plot().left()) + 1, y))
    assert window.time_slider.value() == 0


def test_clicking_a_report_s_dot_selects_it(qtbot, window, panel):
    spot = point_of(panel, "daily-story")
    assert panel.report_at(QPointF(spot)) == "daily-story"
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=spot)
    assert window.selected_report() == "daily-story"
    assert window.time_slider.value() == window.time_slider.maximum()  # no replay asked


def test_a_story_without_dates_says_so(qtbot, window, tmp_path):
    import json

    data = json.loads((SAMPLES / "syria-joint-strike.json").read_text("utf-8"))
    for report in data["reports"]:
        report.pop("published", None)
    undated = tmp_path / "undated.json"
    undated.write_text(json.dumps(data), "utf-8")
    assert window.open_path(undated)
    window.findChild(QDockWidget, "timeline").show()
    panel = window.timeline_panel
    assert panel.claim is None
    assert panel.timeline.empty_message == "No report in this story has a date"
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))  # nothing happens
    assert window.selected_report() is None


def test_a_hidden_dock_works_out_nothing(window):
    assert window.open_path(SAMPLES / "science-press-release.json")
    assert not window.findChild(QDockWidget, "timeline").isVisible()
    assert window.timeline_panel._timeline is None  # described only when first painted


def test_hovering_names_the_report_and_the_marker_as_plain_text(window, panel):
    tip = panel.tip_at(QPointF(point_of(panel, "daily-story")))
    assert tip.startswith("A national daily newspaper, article")
    assert tip.endswith("[daily-story]\n2024-03-05 22:00 +00:00")
    point = panel.claim.marker("point")
    x = panel.x_of(point.start)
    assert panel.tip_at(QPointF(x, panel._plot().top() + 5)) == point.label
    assert panel.tip_at(QPointF(panel._plot().left() + 300, panel._plot().top() + 5)) is None
