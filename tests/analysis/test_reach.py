"""A distortion's reach: a sequence of report ids, stored in a form linear in the story."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance import analyze
from provenance.analysis import Reach
from provenance.files.analysis_json import REACH_LISTED, analysis_to_data
from provenance.wording import account

from ..conftest import link, make_story, mention, report
from .test_equivalence import MODES, SETTINGS, modes, tangled_stories

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.memory import alternating_chain  # noqa: E402


def chain(n: int) -> provenance.Story:
    return provenance.loads(json.dumps(alternating_chain(n)))


def stored_ids(analysis: provenance.Analysis) -> int:
    """How many report ids (or numbers) the reaches of all distortions keep in memory:
    storage shared by several reaches counts once."""
    seen: dict[int, int] = {}
    for d in (*analysis.distortions, *(a.point_of_distortion for a in analysis.alternatives
                                       if a.point_of_distortion is not None)):
        store = d.reach._order if isinstance(d.reach, Reach) else d.reach
        seen[id(store)] = len(store)
    return sum(seen.values())


# --------------------------------------------------------------------------- #
# Memory linear in the story (issue 8).

@modes
def test_reach_of_an_alternating_chain_is_stored_linearly(mode):
    """2,000 reports alternating implies and asserts: 1,000 inflations whose reaches add
    up to about a million reports, kept in a few thousand numbers (was a million ids)."""
    n = 2_000
    with MODES[mode]():
        result = analyze(chain(n))
    inflations = [d for d in result.distortions if d.kinds == (provenance.Role.INFLATED,)]
    assert len(inflations) == n // 2
    assert sum(len(d.reach) for d in result.distortions) == sum(range(0, n - 1, 2))
    assert stored_ids(result) <= 3 * n
    # Each reach is still every later report, in story order.
    by_report = {d.report: d for d in result.distortions}
    for i in (1, 3, 999, 1_997, 1_999):
        assert by_report[f"r{i}"].reach == tuple(f"r{j}" for j in range(i + 1, n))
    assert result.point_of_distortion.report == "r1"


def test_analysis_document_of_an_alternating_chain_is_linear():
    n = 2_000
    story = chain(n)
    result = analyze(story)
    data = analysis_to_data(story, result)
    listed = sum(len(d["reach"]) for d in data["distortions"])
    assert listed <= REACH_LISTED * len(data["distortions"])
    # The point of distortion lists all it reaches; the others their first ones and a count.
    assert data["point_of_distortion"]["reach"] == [f"r{j}" for j in range(2, n)]
    far = next(d for d in data["distortions"] if d["report"] == "r101")
    assert far["reach"] == [f"r{j}" for j in range(102, 102 + REACH_LISTED)]
    assert far["reach_count"] == n - 102
    near = next(d for d in data["distortions"] if d["report"] == "r1991")
    assert near["reach"] == [f"r{j}" for j in range(1992, n)] and "reach_count" not in near
    text = account(story, result)
    assert len(text) < 100 * n
    assert "repeated through it by 1998 report(s): " in text and "; and 1990 more" in text


# --------------------------------------------------------------------------- #
# A reach behaves as the tuple of its ids.

def check_like_tuple(reach: Reach, ids: tuple[str, ...]) -> None:
    assert isinstance(reach, Reach)
    assert len(reach) == len(ids) and bool(reach) == bool(ids)
    assert tuple(reach) == ids and list(reversed(reach)) == list(reversed(ids))
    assert reach == ids and ids == reach and (reach != ids) is False
    assert reach != list(ids) and reach != (*ids, "other")
    assert hash(reach) == hash(ids)
    for i in range(-len(ids), len(ids)):
        assert reach[i] == ids[i]
    for i in (len(ids), -len(ids) - 1):
        with pytest.raises(IndexError):
            reach[i]
    for cut in (slice(None, 2), slice(1, None), slice(None, None, -1), slice(0, 0)):
        assert reach[cut] == ids[cut]
    for rid in ids:
        assert rid in reach
        assert reach.index(rid) == ids.index(rid) and reach.count(rid) == 1
    assert "not-a-report" not in reach and 3 not in reach and None not in reach
    assert pickle.loads(pickle.dumps(reach)) == ids


def test_a_reach_made_of_ids_behaves_as_their_tuple():
    check_like_tuple(Reach(("a", "b", "c")), ("a", "b", "c"))
    check_like_tuple(Reach(), ())
    assert repr(Reach(("a",))) == "Reach(('a',))" and repr(Reach()) == "Reach(())"
    assert repr(Reach(("a", "b"))) == "Reach(('a', 'b'))"
    long = repr(Reach(f"r{i}" for i in range(10_000)))
    assert long.startswith("Reach(('r0', 'r1',") and long.endswith("...), 10,000 reports)")
    assert len(long) < 200


def _tree_story(order: list[str]) -> provenance.Story:
    """o implies; p asserts it (inflated); x1 -> x2 and y repeat p: p reaches x1, x2, y.
    ``order`` is the order of the reports in the file."""
    reports = {
        "o": report("o", "gov", mention("c", "implies")),
        "p": report("p", "wire", mention("c", "asserts")),
        "x1": report("x1", "paper", mention("c", "asserts")),
        "x2": report("x2", "blog", mention("c", "asserts")),
        "y": report("y", "tv", mention("c", "asserts")),
    }
    return make_story([reports[r] for r in order],
                      [link("o", "p"), link("p", "x1"), link("x1", "x2"), link("p", "y")])


@modes
@pytest.mark.parametrize("order", [
    ["o", "p", "x1", "x2", "y"],  # the preorder is in story order
    ["y", "x2", "x1", "p", "o"],  # newest first: in reverse
    ["x2", "o", "p", "x1", "y"],  # neither: x1's subtree holds an earlier report
])
def test_a_reach_from_the_analysis_is_in_story_order(mode, order):
    with MODES[mode]():
        point = analyze(_tree_story(order)).point_of_distortion
    assert point.report == "p"
    check_like_tuple(point.reach, tuple(r for r in order if r in {"x1", "x2", "y"}))


def test_distortions_with_a_reach_compare_and_hash_as_with_a_tuple():
    story = _tree_story(["x2", "o", "p", "x1", "y"])
    point = analyze(story).point_of_distortion
    again = analyze(story).point_of_distortion
    assert point == again and hash(point) == hash(again)
    given_as_tuple = attrs.evolve(point, reach=("x2", "x1", "y"))
    assert isinstance(given_as_tuple.reach, Reach)
    assert given_as_tuple == point and hash(given_as_tuple) == hash(point)
    assert attrs.evolve(point, reach=("x1",)) != point
    assert pickle.loads(pickle.dumps(point)) == point


@modes
@SETTINGS
@given(tangled_stories(), st.data())
def test_every_reach_behaves_as_its_tuple(mode, doc, data):
    with MODES[mode]():
        result = analyze(provenance.loads(json.dumps(doc)))
    found = [*result.distortions,
             *(a.point_of_distortion for a in result.alternatives if a.point_of_distortion)]
    ids = [r["id"] for r in doc["reports"]]
    for d in found:
        reach = tuple(d.reach)
        assert list(reach) == sorted(reach, key=ids.index)  # story order
        assert d.reach == reach and hash(d.reach) == hash(reach)
        if reach:
            i = data.draw(st.integers(-len(reach), len(reach) - 1))
            assert d.reach[i] == reach[i]
            assert d.reach[: i % len(reach)] == reach[: i % len(reach)]
        for rid in ids:
            assert (rid in d.reach) == (rid in reach)


# --------------------------------------------------------------------------- #
# The first few of a reach in a story listed out of order (issue 8).

@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=300, unique=True), st.data())
@SETTINGS
def test_the_smallest_of_any_range_are_found_from_the_table(values, data):
    """Each reach's first 20 in a shuffled story come from a table of the smallest of
    each block and of each run of blocks, not from partitioning the whole reach."""
    from provenance.analysis._stores import _Smallest

    array = np.array(values, np.int32)
    table = _Smallest(array, data.draw(st.sampled_from([1, 2, 3, 8, 32])))
    start = data.draw(st.integers(0, len(values) - 1))
    stop = data.draw(st.integers(start + 1, len(values)))
    count = data.draw(st.integers(1, min(table.k, stop - start)))
    assert table.first(start, stop, count).tolist() == sorted(values[start:stop])[:count]


def test_first_of_each_reach_of_a_shuffled_chain_from_a_table_linear_in_it():
    """A chain listed in shuffled order: no reach is in story order, so each reach's first
    20 (the --json document lists them) come from one table of about twice the chain."""
    from benchmarks.memory import shuffled_chain

    n = 3_000
    result = analyze(provenance.loads(json.dumps(shuffled_chain(n))))
    reaches = [d.reach for d in result.distortions]
    tables = {id(r._smallest): r._smallest for r in reaches if r._smallest is not None}
    assert len(tables) == 1
    for r in reaches[::97]:
        assert r[:REACH_LISTED] == tuple(r)[:REACH_LISTED]
    (table,) = tables.values()
    assert table._levels is not None
    assert sum(level.size for level in table._levels) <= 3 * n
