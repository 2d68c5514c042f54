"""The fast analysis gives exactly what the original did (tests/reference_analysis.py)."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import analysis, analyze

from . import reference_analysis
from .conftest import SAMPLES
from .test_properties import story_documents

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.cascade import cascade  # noqa: E402

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def plain(value: Any) -> Any:
    """A comparable form of a result: class names, field values, mapping order kept."""
    if attrs.has(type(value)):
        return (type(value).__name__,
                tuple((f.name, plain(getattr(value, f.name))) for f in attrs.fields(type(value))))
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, Mapping):
        return ("mapping", tuple((plain(k), plain(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(plain(v) for v in value))
    return (type(value).__name__, value)


def assert_same(story: provenance.Story) -> None:
    fast = analyze(story)
    slow = reference_analysis.analyze(story)
    assert plain(fast.point_of_distortion) == plain(slow.point_of_distortion)
    assert plain(fast.distortions) == plain(slow.distortions)
    for claim in slow.claims:
        assert plain(fast.claims[claim]) == plain(slow.claims[claim]), claim
    assert plain(fast.claims) == plain(slow.claims)
    assert plain(fast.alternatives) == plain(slow.alternatives)
    assert plain(fast) == plain(slow)


@SETTINGS
@given(story_documents())
def test_random_stories_give_the_same_analysis(doc):
    assert_same(provenance.loads(json.dumps(doc)))


@st.composite
def tangled_stories(draw: st.DrawFn) -> dict[str, Any]:
    """Larger stories than story_documents: many links into few claims, loops, same actors."""
    n = draw(st.integers(2, 40))
    actor_ids = [f"a{i}" for i in range(draw(st.integers(1, 6)))]
    claim_ids = [f"c{i}" for i in range(draw(st.integers(1, 3)))]
    stances = ["asserts", "attributes", "implies", "questions", "denies"]
    maybe = st.sampled_from([None, None, None, True, False])
    reports = []
    for i in range(n):
        rep: dict[str, Any] = {"id": f"r{i}", "actor": draw(st.sampled_from(actor_ids))}
        if draw(st.booleans()):
            rep["published"] = f"2020-01-{1 + i // 3 + draw(st.integers(0, 2)):02d}"
        firsthand = draw(maybe)
        if firsthand is not None:
            rep["firsthand"] = firsthand
        mentions = []
        for _ in range(draw(st.integers(0, 3))):
            m: dict[str, Any] = {"claim": draw(st.sampled_from(claim_ids)),
                                 "stance": draw(st.sampled_from(stances))}
            if draw(st.integers(0, 2)) == 0:
                m["holder"] = draw(st.sampled_from(actor_ids))
            own = draw(maybe)
            if own is not None:
                m["firsthand"] = own
            mentions.append(m)
        rep["claims"] = mentions
        reports.append(rep)
    links = []
    relations = ["cites", "quotes", "paraphrases", "rebuts", "corrects"]
    backward = draw(st.sampled_from([0, 1, 4]))  # in 5: how many links may point back
    for _ in range(draw(st.integers(0, draw(st.sampled_from([n, 3 * n]))))):
        s, t = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if s == t:
            continue
        if s > t and draw(st.integers(0, 4)) >= backward:
            s, t = t, s  # forward in story order
        lk: dict[str, Any] = {"source": f"r{s}", "target": f"r{t}",
                              "relation": draw(st.sampled_from(relations))}
        if draw(st.integers(0, 3)) == 0:
            lk["confidence"] = draw(st.sampled_from([0.0, 0.5, 0.9]))
        links.append(lk)
    return {"format": "provenance-story", "version": 1, "title": "tangled",
            "actors": [{"id": a, "name": a, "audience": draw(st.sampled_from([0, 10, 10]))}
                       for a in actor_ids],
            "claims": [{"id": c, "text": c} for c in claim_ids],
            "reports": reports, "links": links}


@SETTINGS
@given(tangled_stories())
def test_tangled_stories_give_the_same_analysis(doc):
    assert_same(provenance.loads(json.dumps(doc)))


@contextlib.contextmanager
def reach_limit(limit: int) -> Iterator[None]:
    """Both analyses with the same smaller limit for alternatives through the reach."""
    saved = analysis.ALTERNATIVES_REACH_LIMIT
    analysis.ALTERNATIVES_REACH_LIMIT = reference_analysis.ALTERNATIVES_REACH_LIMIT = limit
    try:
        yield
    finally:
        analysis.ALTERNATIVES_REACH_LIMIT = reference_analysis.ALTERNATIVES_REACH_LIMIT = saved


@SETTINGS
@given(tangled_stories(), st.integers(0, 30))
def test_alternatives_through_the_point_only_in_large_stories(doc, limit):
    with reach_limit(limit):
        assert_same(provenance.loads(json.dumps(doc)))


@contextlib.contextmanager
def loops_everywhere() -> Iterator[None]:
    """Every support graph analysed node by node, as if each had a loop."""
    saved = analysis._levels
    analysis._levels = lambda count, src, dst: np.full(count, -1, np.int32)  # type: ignore[assignment]
    try:
        yield
    finally:
        analysis._levels = saved


@contextlib.contextmanager
def no_lookup_table() -> Iterator[None]:
    """Nodes found by binary search, as in stories with very many claims."""
    saved = analysis._DENSE_LOOKUP
    analysis._DENSE_LOOKUP = 0
    try:
        yield
    finally:
        analysis._DENSE_LOOKUP = saved


@SETTINGS
@given(tangled_stories() | story_documents())
def test_node_by_node_path_gives_the_same_analysis(doc):
    with loops_everywhere():
        assert_same(provenance.loads(json.dumps(doc)))


@SETTINGS
@given(tangled_stories() | story_documents())
def test_search_path_gives_the_same_analysis(doc):
    with no_lookup_table():
        assert_same(provenance.loads(json.dumps(doc)))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_samples_give_the_same_analysis(path):
    assert_same(provenance.load(path))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_cascades_give_the_same_analysis(seed):
    assert_same(provenance.loads(json.dumps(cascade(2000, seed=seed, distortion_rate=0.01))))


def test_cascade_node_by_node_gives_the_same_analysis():
    story = provenance.loads(json.dumps(cascade(1000, seed=5, distortion_rate=0.01)))
    with loops_everywhere():
        assert_same(story)
