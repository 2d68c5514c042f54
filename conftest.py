"""Tests and doctests that need an absent optional extra skip, with the reason.

Most tests say so themselves (``pytest.importorskip``, ``skipif``); this covers what they
cannot mark: the library's doctests that export W3C PROV, and tests parametrized over
every export format, which include the PROV ones.
"""

from __future__ import annotations

import importlib.util

import pytest

PROV_FORMATS = frozenset({"prov-json", "prov-n"})
PROV_WORDS = ("prov-json", "prov-n", "import_prov_json", "import prov")
NEEDS_PROV = pytest.mark.skip(reason="needs the optional package prov "
                                     "(pip install 'provenance-tracer[prov]')")


def _uses_prov(item: pytest.Item) -> bool:
    doctest = getattr(item, "dtest", None)  # a doctest item's examples
    if doctest is not None:
        return any(word in example.source for example in doctest.examples
                   for word in PROV_WORDS)
    params = getattr(getattr(item, "callspec", None), "params", {})
    return any(isinstance(value, str) and value in PROV_FORMATS for value in params.values())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if importlib.util.find_spec("prov") is not None:
        return
    for item in items:
        if _uses_prov(item):
            item.add_marker(NEEDS_PROV)
