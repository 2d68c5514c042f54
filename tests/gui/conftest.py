"""GUI tests run offscreen; each window gets its own settings file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6", reason="the viewer needs the 'gui' extra (make test installs it)")
pytest.importorskip("pytestqt", reason="the viewer's tests need pytest-qt (the 'dev' extra)")

from PySide6.QtCore import QSettings  # noqa: E402

try:
    from provenance_gui.window import MainWindow
except ModuleNotFoundError as err:  # gui/ installs as provenance_gui; PYTHONPATH alone is not that
    if err.name != "provenance_gui":
        raise
    raise ImportError("the viewer's tests import gui/ as provenance_gui: install the project "
                      "first (pip install -e '.[gui,prov,dev]', or make test)") from err

from ..conftest import SAMPLES  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "viewer.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(SAMPLES / "syria-joint-strike.json")
    return win
