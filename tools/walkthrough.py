"""Screenshots of the editor walkthrough (tests/gui/test_walkthrough.py), offscreen.

    python tools/walkthrough.py [FOLDER]     # default: docs/images

Runs the walkthrough test with PROVENANCE_WALKTHROUGH_SHOTS set, so that each step is
saved as FOLDER/walkthrough-NN-step.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "docs" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("walkthrough-*.png"):
        old.unlink()
    env = dict(os.environ, PROVENANCE_WALKTHROUGH_SHOTS=str(folder.resolve()),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(ROOT / "tests" / "gui" / "test_walkthrough.py")], env=env,
                           cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
