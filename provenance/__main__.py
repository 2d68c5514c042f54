"""``python -m provenance`` and the ``provenance`` command.

Ctrl-C during start-up (while the command line's modules are imported) ends the
command at once with exit code 130 and one line on stderr, not a traceback; once
:func:`provenance.cli.main` runs, it handles Ctrl-C itself (removing any
half-written file).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

__all__ = ["main"]


def _interrupted(signum: int, frame: FrameType | None) -> None:
    # Nothing is written yet (or all is written and flushed): leave at once. The
    # package installs the same handler even earlier when it sees the command start.
    os.write(2, b"provenance: interrupted\n")
    os._exit(128 + signum)


def main() -> int:
    """Run the command line (``provenance ...``); returns the exit code."""
    signal.signal(signal.SIGINT, _interrupted)
    from .cli import main as run

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = run()
    except KeyboardInterrupt:  # between run()'s start and its own handling
        os.write(2, b"provenance: interrupted\n")
        code = 130
    signal.signal(signal.SIGINT, _interrupted)  # on the way out, too
    return code


if __name__ == "__main__":
    sys.exit(main())
