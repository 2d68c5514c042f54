"""Where a distortion's claim was planted: a sequence of report ids, stored linearly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import provenance
from provenance import analyze
from provenance.analysis import Planted, planted_reports
from provenance.drawing.picture import legend_entries
from provenance.files.analysis_json import REACH_LISTED, analysis_to_data

from .test_equivalence import MODES, modes

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.memory import planting_chain  # noqa: E402


def chain(n: int) -> provenance.Story:
    return provenance.loads(json.dumps(planting_chain(n)))


def stored_planted(analysis: provenance.Analysis) -> int:
    """How many report ids (or numbers) the planted of all distortions keep in memory:
    storage shared by several of them counts once."""
    shared: dict[int, int] = {}
    own = 0
    for d in analysis.distortions:
        lineage = getattr(d.planted, "_lineage", None)
        if lineage is None:
            own += len(d.planted)
        else:
            shared[id(lineage)] = (sum(map(len, lineage.extra))
                                   + sum(map(len, lineage.first)) + len(lineage.parent))
    return own + sum(shared.values())


@modes
@pytest.mark.parametrize("n", [2_000, 3_000])
def test_planted_of_a_planting_chain_is_stored_linearly(mode, n):
    """A chain repeating questions, implies, asserts: each asserts was planted by every
    implies before it (N²/18 in all, 0.5 million at 3,000 reports, once stored one by one),
    kept in a number of entries linear in the chain."""
    with MODES[mode]():
        result = analyze(chain(n))
    stated = [d for d in result.distortions if d.states]
    assert len(stated) == n // 3
    assert sum(len(d.planted) for d in stated) == sum(range(1, n // 3 + 1))
    assert stored_planted(result) <= 10 * n
    # Each is still every implies before it, in story order.
    implies = [f"r{i}" for i in range(1, n, 3)]
    by_report = {d.report: d for d in stated}
    stating = range(2, n, 3)
    for i in (stating[0], stating[len(stating) // 2], stating[-1]):
        assert by_report[f"r{i}"].planted == tuple(implies[:(i + 1) // 3])
    last = by_report[f"r{stating[-1]}"].planted
    assert list(last) == implies[:len(last)] and len(last) == n // 3
    assert last[:5] == tuple(implies[:5]) and last[-1] == implies[len(last) - 1]
    assert implies[-2] in last and "r2" not in last
    assert planted_reports(result.distortions) == list(
        dict.fromkeys(p for d in result.distortions for p in d.planted))


def test_analysis_document_of_a_planting_chain_is_linear():
    """``--json``: each entry of ``distortions`` lists the first 20 of its planted, then
    ``planted_count``; the point of distortion lists all of its own."""
    n = 3_000
    story = chain(n)
    result = analyze(story)
    doc = analysis_to_data(story, result)
    entries = doc["distortions"]
    assert sum(len(e["planted"]) for e in entries) <= REACH_LISTED * len(entries)
    by_report = {e["report"]: e for e in entries}
    last = by_report["r2999"]
    implies = [f"r{i}" for i in range(1, n, 3)]
    assert last["planted"] == implies[:REACH_LISTED]
    assert last["planted_count"] == len(implies) == n // 3
    short = by_report["r5"]
    assert short["planted"] == ["r1", "r4"] and "planted_count" not in short
    assert doc["point_of_distortion"]["planted"] == list(result.planted)


def test_the_legend_names_the_planted_on_a_planting_chain():
    story = chain(300)
    labels = [e.label for e in legend_entries(story, analyze(story))]
    assert "planted (implied first)" in labels


def test_planted_made_of_ids_behaves_as_their_tuple():
    planted = Planted(("r1", "r4"))
    assert planted == ("r1", "r4") and tuple(planted) == ("r1", "r4")
    assert hash(planted) == hash(("r1", "r4"))
    assert planted[1] == "r4" and planted[:1] == ("r1",)
    assert list(reversed(planted)) == ["r4", "r1"]
    assert "r4" in planted and "r2" not in planted
    assert Planted() == () and not Planted()


def ladder(n: int, cross: int) -> provenance.Story:
    """Two chains repeating questions, implies, asserts, out of step, the second drawing
    on the first every ``cross`` reports: sets of planted that keep merging."""
    stances = ("questions", "implies", "asserts")
    reports, links = [], []
    for i in range(n):
        for side in "ab":
            stance = stances[(i + (side == "b")) % 3]
            reports.append({"id": f"{side}{i}", "actor": f"{side}{i % 3}",
                            "claims": [{"claim": "c", "stance": stance}]})
            if i:
                links.append({"source": f"{side}{i - 1}", "target": f"{side}{i}",
                              "relation": "cites"})
        if i and i % cross == 0:
            links.append({"source": f"a{i - 1}", "target": f"b{i}", "relation": "cites"})
    return provenance.loads(json.dumps({
        "format": "provenance-story", "version": 1, "title": "Ladder",
        "actors": [{"id": f"{s}{k}", "name": f"Outlet {s}{k}"} for s in "ab" for k in range(3)],
        "claims": [{"id": "c", "text": "It happened"}], "reports": reports, "links": links}))


@modes
def test_planted_of_merging_chains_is_the_reference_one_and_stored_linearly(mode):
    from .. import reference_analysis

    story = ladder(600, 5)
    with MODES[mode]():
        result = analyze(story)
    expected = {d.report: d.planted for d in reference_analysis.analyze(story).distortions}
    assert {d.report: tuple(d.planted) for d in result.distortions} == expected
    assert sum(len(p) for p in expected.values()) > 50_000
    assert stored_planted(result) <= 10 * 1_200
