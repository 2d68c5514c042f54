"""The array vocabulary the analysis engine shares.

The index type, the block size that keeps temporary arrays small, and
:func:`_ranges`, which walks the link lists of :mod:`._index` (each report's links are
one range of one array) for many reports at once. Every engine module imports it; it
imports nothing of the package.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

_Array = NDArray[Any]
#: Index type: a story's reports, mentions, links and nodes number far below 2**31.
_INT = np.int32
#: Targets worked out together, for roles and citogenesis (keeps temporary arrays small).
_BLOCK = 1 << 16


def _ranges(starts: _Array, counts: _Array) -> _Array:
    """The concatenated index ranges ``starts[i] : starts[i] + counts[i]``."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, _INT)
    ends = np.cumsum(counts, dtype=np.int64)
    found: _Array = np.repeat((starts - (ends - counts)).astype(_INT), counts)
    found += np.arange(total, dtype=_INT)
    return found
