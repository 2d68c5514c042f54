"""`provenance-gui` where it cannot open a window: a message and exit 1, never an abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from provenance_gui import startup

SCREENLESS = {k: v for k, v in os.environ.items()
              if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def viewer(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "provenance_gui", *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=cwd)


def test_without_a_display_it_says_so_and_points_to_screenshot(tmp_path):
    done = viewer(env=SCREENLESS, cwd=tmp_path)
    assert done.returncode == 1
    assert "no display" in done.stderr and "--screenshot" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_a_display_screenshot_opens_the_bundled_sample(tmp_path):
    done = viewer("--screenshot", "shot.png", env=SCREENLESS, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert QImage(str(tmp_path / "shot.png")).width() == 1400


def test_a_display_that_does_not_answer_is_a_message_not_an_abort(tmp_path):
    free = next(n for n in range(97, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    done = viewer(env={**SCREENLESS, "DISPLAY": f":{free}"}, cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # Qt alone aborts (SIGABRT, -6)
    assert done.stderr.startswith("provenance-gui: Qt could not open a window")
    assert "--screenshot" in done.stderr and "Traceback" not in done.stderr


def test_missing_xcb_libraries_name_the_debian_packages():
    said = ["qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\" in \"\" even though "
            "it was found.", "libxcb-icccm.so.4: cannot open shared object file: No such file "
            "or directory"]
    message = startup.platform_failure(said, None, {"DISPLAY": ":0"})
    assert "missing libxcb-icccm.so.4" in message
    assert "sudo apt-get install libxcb-icccm4" in message
    ldd = "\tlibxcb-cursor.so.0 => not found\n\tlibxkbcommon-x11.so.0 => not found\n"
    assert startup.install_hint(startup.missing_libraries(ldd)).endswith(
        "install libxcb-cursor0 libxkbcommon-x11-0)")


def test_an_unexplained_xcb_failure_lists_what_qt_needs(tmp_path):
    (tmp_path / "platforms").mkdir()
    (tmp_path / "platforms" / "libqxcb.so").write_bytes(b"not a library")
    message = startup.platform_failure(["Could not load the Qt platform plugin \"xcb\""],
                                       tmp_path, {"DISPLAY": ":0"})
    assert "libxcb-cursor0" in message and "Qt said: Could not load" in message


def test_importing_the_viewer_turns_off_qts_thread_pool_for_fills(tmp_path):
    # Qt's thread pool for large fills made a frame of a large chain 5-10 times slower
    # (benchmarks/gui.py): the viewer turns it off when it is imported, before any paint,
    # and leaves a value of the user's as it is.
    show = "import provenance_gui, os; print(os.environ.get('QT_NO_GUI_THREADPOOL'))"
    plain = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    done = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                          timeout=60, env=plain, cwd=tmp_path)
    assert done.stdout.strip() == "1", done.stderr
    done = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                          timeout=60, env={**plain, "QT_NO_GUI_THREADPOOL": "yes"}, cwd=tmp_path)
    assert done.stdout.strip() == "yes", done.stderr
