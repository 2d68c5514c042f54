"""``python -m provenance_gui`` opens the viewer."""

import sys

from .app import main

sys.exit(main())
