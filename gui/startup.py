"""What stops the viewer from starting, said in words instead of a traceback or an abort.

Nothing here imports Qt at import time: these checks run before PySide6 is loaded (it may
be missing) and, for the platform plugin, from Qt's fatal message just before it aborts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

GUI_EXTRA_HINT = "pip install 'provenance-tracer[gui]'"
SCREENSHOT_HINT = ("without a screen, `provenance-gui [FILE] --screenshot OUT.png` saves a "
                   "picture of the viewer")
#: Where a display is named but cannot be used, --screenshot needs Qt told to draw offscreen.
OFFSCREEN_HINT = ("without a screen, `QT_QPA_PLATFORM=offscreen provenance-gui [FILE] "
                  "--screenshot OUT.png` saves a picture of the viewer")

#: The Debian/Ubuntu package of each system library Qt's X11 (xcb) plugin and PySide6 load.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}
#: What Qt's xcb plugin needs beyond a desktop's usual libraries (Qt's own list, 6.5+).
XCB_PACKAGES = ("libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-keysyms1",
                "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-randr0",
                "libxcb-xinerama0", "libxcb-xkb1", "libegl1")

_MISSING = re.compile(r"(lib[\w.+-]+\.so(?:\.\d+)*)(?::\s*cannot open shared object file|"
                      r"\s*=>\s*not found)")


def missing_libraries(text: str) -> list[str]:
    """The shared libraries a loader's or ``ldd``'s message says are missing, in order.

    >>> missing_libraries("libEGL.so.1: cannot open shared object file: No such file")
    ['libEGL.so.1']
    >>> missing_libraries("\\tlibxcb-cursor.so.0 => not found\\n\\tlibc.so.6 => /lib/libc.so.6")
    ['libxcb-cursor.so.0']
    """
    return list(dict.fromkeys(m.group(1) for m in _MISSING.finditer(text)))


def install_hint(libraries: list[str]) -> str:
    """How to install missing system libraries, naming the Debian packages where known.

    >>> print(install_hint(["libxcb-cursor.so.0"]))
    missing libxcb-cursor.so.0 (Debian/Ubuntu: sudo apt-get install libxcb-cursor0)
    """
    packages = [DEBIAN_PACKAGES[lib] for lib in libraries if lib in DEBIAN_PACKAGES]
    apt = f" (Debian/Ubuntu: sudo apt-get install {' '.join(packages)})" if packages else ""
    return f"missing {', '.join(libraries)}{apt}"


def pyside_problem() -> str | None:
    """Why PySide6 cannot be used (not installed, or a system library it loads is
    missing), or None when it loads."""
    try:
        from PySide6 import QtGui, QtWidgets  # noqa: F401
    except ImportError as err:
        name = (getattr(err, "name", None) or "").split(".")[0]
        if isinstance(err, ModuleNotFoundError) and name in ("PySide6", "shiboken6"):
            return f"the viewer needs PySide6, which is not installed: {GUI_EXTRA_HINT}"
        missing = missing_libraries(str(err))
        if missing:
            return f"PySide6 cannot load: {install_hint(missing)}"
        return f"PySide6 cannot load ({err}); reinstall it: {GUI_EXTRA_HINT}"
    return None


def no_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True where Qt would abort for want of a screen: an X11/Wayland system with neither
    ``DISPLAY`` nor ``WAYLAND_DISPLAY`` set and no ``QT_QPA_PLATFORM`` chosen.

    >>> no_display({}, "linux"), no_display({"DISPLAY": ":0"}, "linux"), no_display({}, "darwin")
    (True, False, False)
    """
    if platform in ("win32", "cygwin", "darwin"):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY",
                                                   "QT_QPA_PLATFORM"))


NO_DISPLAY_MESSAGE = ("there is no display to open the window on (neither DISPLAY nor "
                      "WAYLAND_DISPLAY is set): run it in a desktop session; "
                      f"{SCREENSHOT_HINT}")


def platform_failure(qt_messages: list[str], plugins: Path | None,
                     environ: Mapping[str, str] = os.environ) -> str:
    """The message for Qt's "no Qt platform plugin could be initialized": which plugin,
    which system libraries are missing (found with ``ldd``) and the packages to install."""
    said = "\n".join(qt_messages)
    name = environ.get("QT_QPA_PLATFORM") or ("wayland" if environ.get("WAYLAND_DISPLAY")
                                               and not environ.get("DISPLAY") else "xcb")
    name = name.split(":", 1)[0]
    parts = [f'Qt could not open a window with its "{name}" platform plugin']
    plugin = plugins / "platforms" / f"libq{name}.so" if plugins is not None else None
    if "could not connect to display" in said:
        parts.append(f"could not connect to the display {environ.get('DISPLAY', '')!r}")
    else:
        missing = missing_libraries(said)
        if not missing and plugin is not None and plugin.is_file():
            missing = missing_libraries(_ldd(plugin))
        if missing:
            parts.append(install_hint(missing))
        elif name == "xcb":
            parts.append("its system libraries may be missing (Debian/Ubuntu: sudo apt-get "
                         f"install {' '.join(XCB_PACKAGES)})")
    lines = [line.strip() for line in qt_messages if line.strip()]
    if lines and "could not connect to display" not in said:
        parts.append(f"Qt said: {lines[0]}")
    parts.append(OFFSCREEN_HINT)
    return "; ".join(parts)


def _ldd(library: Path) -> str:
    """``ldd``'s report on a library ("" where there is no ldd)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    try:
        done = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout + done.stderr
