"""Pausing Python's cycle collector while millions of small acyclic objects are made.

Reading a large story and laying it out allocate tuples, lists and records that hold no
reference cycles; the cyclic collector would traverse them again and again (about 40%
of a layout's time). :func:`paused` turns it off for the duration and back on only if
it was on.

>>> import gc
>>> with paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off inside the block (restored after, even on an error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
