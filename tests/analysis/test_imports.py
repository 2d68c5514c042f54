"""The analysis package's layout: what it stands on, and its public names."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

import provenance.analysis

PACKAGE = Path(provenance.analysis.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))


def imported(path: Path) -> set[str]:
    """The ``provenance`` modules a module of the analysis imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "provenance")
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if (node.module or "").split(".")[0] == "provenance":
                    found.add(node.module or "")
                continue
            base = ["provenance", "analysis"][:3 - node.level]
            if node.module:
                found.add(".".join([*base, node.module]))
            else:  # from . import x
                found.update(".".join([*base, a.name]) for a in node.names)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_the_analysis_stands_only_on_the_model_columns_and_errors(path):
    allowed = {"provenance.model", "provenance.columns", "provenance.errors"}
    outside = {m for m in imported(path) if not m.startswith("provenance.analysis")}
    assert outside <= allowed


def test_the_analysis_modules_import_each_other_without_a_cycle():
    graph = {
        path.stem: {m.rsplit(".", 1)[-1] for m in imported(path)
                    if m.startswith("provenance.analysis.")}
        for path in MODULES
    }
    list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    # The records know nothing of the engine that builds them.
    assert graph["results"] <= {"_arrays", "_stores"}
    assert graph["_stores"] <= {"_arrays"}


def test_every_public_name_is_importable_from_the_package():
    from provenance.analysis import (  # noqa: F401
        ALTERNATIVES_REACH_LIMIT,
        DISTORTION_ROLES,
        MAX_ALTERNATIVES,
        PLANTED_FIRST,
        REACH_FIRST,
        AccountDifference,
        Alternative,
        Analysis,
        ClaimFindings,
        DataWarning,
        Distortion,
        Planted,
        Reach,
        Role,
        analyze,
        planted_reports,
    )

    assert set(provenance.analysis.__all__) == {
        "Role", "Reach", "Planted", "planted_reports", "Distortion", "ClaimFindings",
        "DataWarning", "Alternative", "AccountDifference", "Analysis", "analyze",
        "DISTORTION_ROLES"}
    assert all(hasattr(provenance.analysis, name) for name in provenance.analysis.__all__)
    assert MAX_ALTERNATIVES == 12 and ALTERNATIVES_REACH_LIMIT == 20_000
