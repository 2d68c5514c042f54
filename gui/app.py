"""Start the viewer: ``provenance-gui [FILE] [--screenshot OUT.png ...]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from provenance import __version__

from . import startup

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from .window import MainWindow

SCREENSHOT_SIZE = (1400, 900)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance-gui",
        description="Open a story in the provenance viewer (the Syria sample when no file "
                    "is given).")
    parser.add_argument("file", nargs="?", help="story file (JSON)")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="open the window at 1400x900, apply --select/--claim, save a "
                             "picture of it and exit (works without a screen)")
    parser.add_argument("--select", metavar="REPORT_ID", help="select this report")
    parser.add_argument("--claim", metavar="CLAIM_ID", help="apply the claim lens")
    parser.add_argument("--version", action="version", version=f"provenance-gui {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the viewer; returns the exit code (1 when it cannot start, or when
    --screenshot could not be made)."""
    args = _parser().parse_args(argv)
    problem = startup.pyside_problem()
    if problem is not None:
        print(f"provenance-gui: {problem}", file=sys.stderr)
        return 1
    if args.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if startup.no_display():
        print(f"provenance-gui: {startup.NO_DISPLAY_MESSAGE}", file=sys.stderr)
        return 1

    from provenance import ProvenanceError, sample_names, sample_path
    from provenance.bundled import DEFAULT_SAMPLE
    from provenance.output import check_output

    from .window import MainWindow

    app = _application()
    app.setApplicationName("provenance")
    app.setOrganizationName("provenance")
    window = MainWindow(remember=not args.screenshot)
    target = (Path(args.file) if args.file else
              sample_path(DEFAULT_SAMPLE) if DEFAULT_SAMPLE in sample_names() else None)
    if args.screenshot:
        try:  # never a picture over the story it shows
            check_output(args.screenshot, inputs=[target] if target is not None else [])
        except ProvenanceError as err:
            print(f"provenance-gui: {err}", file=sys.stderr)
            return 1
    if not args.screenshot:
        return run(app, window, target, args)
    opened = target is not None and window.open_path(target)
    if args.screenshot:
        if not opened:
            message = (window.error_box.text() if window.error_box else
                       "no story to show: give a story file (the bundled samples are missing)")
            print(f"provenance-gui: {message}", file=sys.stderr)
            return 1
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        app.processEvents()
        window.view.fit()
        try:
            _apply(window, args)
        except ProvenanceError as err:
            print(f"provenance-gui: {err}", file=sys.stderr)
            return 1
        app.processEvents()
        return save_screenshot(window, args.screenshot)
    return 1  # not reached: --screenshot returned above


def run(app: QApplication, window: MainWindow, target: Path | None,
        args: argparse.Namespace) -> int:
    """The window at its remembered (or screen-fitted) place; a recovery copy left by a
    viewer that stopped without saving is offered first, else ``target`` opens (read,
    analysed and laid out in the background, with progress and Cancel)."""
    from provenance import ProvenanceError

    window.show()
    app.processEvents()
    if window.offer_recovery():
        return int(app.exec())
    def opened() -> None:
        window.view.fit()
        try:
            _apply(window, args)
        except ProvenanceError as err:
            window.show_error("Cannot apply the command line", str(err))

    if target is not None:  # in the background: the window answers while a big story loads
        window.work.open(target, then=opened)
    return int(app.exec())


def _application() -> QApplication:
    """The QApplication; where Qt cannot open a window (a platform plugin that does not
    load, a display that does not answer) it says why and exits 1 instead of aborting."""
    from PySide6.QtCore import QLibraryInfo, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    said: list[str] = []

    def listen(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtFatalMsg:
            said.append(message)
            return
        plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
        print(f"provenance-gui: {startup.platform_failure([*said, message], Path(plugins))}",
              file=sys.stderr, flush=True)
        os._exit(1)  # Qt aborts once this returns

    qInstallMessageHandler(listen)
    try:
        app = QApplication(sys.argv[:1])
    finally:
        qInstallMessageHandler(None)
    for message in said:  # what Qt said on the way, as it would have said it
        print(message, file=sys.stderr)
    return app


def _apply(window: MainWindow, args: argparse.Namespace) -> None:
    """The command line's --claim and --select; ProvenanceError names what is unknown."""
    from provenance import ProvenanceError

    if args.claim:
        window.set_claim_lens(args.claim)
    if args.select:
        if window.scene is None or args.select not in window.scene.reports:
            raise ProvenanceError(f'the story has no report "{args.select}"')
        window.select_report(args.select)


def save_screenshot(widget: QWidget, path: str | os.PathLike[str]) -> int:
    """Grab the widget and save it as PNG, atomically (0 on success)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from provenance import ProvenanceError
    from provenance.files.story import write_atomic

    image = widget.grab().toImage()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        print("provenance-gui: Qt could not encode the picture", file=sys.stderr)
        return 1
    try:
        write_atomic(path, bytes(data.data()))
    except ProvenanceError as err:
        print(f"provenance-gui: {err}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({image.width()}x{image.height()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
