"""``python -m gui`` opens the viewer."""

import sys

from .app import main

sys.exit(main())
