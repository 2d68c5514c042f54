"""`provenance-gui FILE --screenshot OUT.png`: the headless picture of the viewer."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtGui import QImage

from ..conftest import SAMPLES

SYRIA = str(SAMPLES / "syria-joint-strike.json")


def shoot(tmp_path, *extra):
    out = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "provenance_gui", SYRIA, "--screenshot", str(out),
                           *extra], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    return done, out


def test_screenshot_writes_a_non_blank_png_of_the_requested_size(tmp_path):
    done, out = shoot(tmp_path, "--select", "ap-tweet", "--claim", "coalition-jets")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    colours = {image.pixel(x, y) for x in range(0, 1400, 23) for y in range(0, 900, 19)}
    assert len(colours) > 20  # a real picture, not a blank window


def test_screenshot_with_an_unknown_report_fails_clearly(tmp_path):
    done, out = shoot(tmp_path, "--select", "nope")
    assert done.returncode == 1
    assert 'no report "nope"' in done.stderr
    assert not out.exists()
