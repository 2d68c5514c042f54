"""The fast paths give exactly what the original code did.

The analysis is compared with tests/reference_analysis.py (a copy of the original), the
fast story-file reader with the careful one (the original reader, still used for any
file that is not plainly valid).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import pkgutil
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
from provenance import ProvenanceError, analysis, analyze
from provenance.files import story as story_io
from provenance.model import PublicationTime

from .. import reference_analysis
from ..conftest import SAMPLES
from ..test_properties import damaged, damaged_values, story_documents

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.cascade import cascade  # noqa: E402

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def plain(value: Any) -> Any:
    """A comparable form of a result: class names, field values, mapping order kept."""
    if attrs.has(type(value)):
        return (type(value).__name__,
                tuple((f.name, plain(getattr(value, f.name))) for f in attrs.fields(type(value))))
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, (analysis.Reach, analysis.Planted)):  # the reference keeps tuples
        value = tuple(value)
    if isinstance(value, Mapping):
        return ("mapping", tuple((plain(k), plain(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(plain(v) for v in value))
    return (type(value).__name__, value)


#: The analysis package and its engine modules (a threshold may be used in several).
ANALYSIS_MODULES = [analysis] + [
    importlib.import_module(f"{analysis.__name__}.{module.name}")
    for module in pkgutil.iter_modules(analysis.__path__)]


@contextlib.contextmanager
def patched(name: str, value: Any) -> Iterator[None]:
    """The engine with ``name`` (a threshold, or one step) set to ``value`` in every
    module of the analysis that uses it, so as to take a path small stories never take."""
    holders = [module for module in ANALYSIS_MODULES if name in vars(module)]
    assert holders, name
    (saved,) = {id(vars(module)[name]): vars(module)[name] for module in holders}.values()
    for module in holders:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module in holders:
            setattr(module, name, saved)


@contextlib.contextmanager
def vectorised() -> Iterator[None]:
    """Every support graph without a loop analysed level by level, however small."""
    with patched("_THIN", 0):
        yield


MODES = {"default": contextlib.nullcontext, "vectorised": vectorised}
modes = pytest.mark.parametrize("mode", list(MODES))


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


@modes
@SETTINGS
@given(story_documents())
def test_random_stories_give_the_same_analysis(mode, doc):
    with MODES[mode]():
        assert_same(provenance.loads(json.dumps(doc)))


def test_alternative_corrects_reach_beside_a_claim_with_a_loop():
    """Found by hypothesis: removing 2 -> 0 moves a node of claim b (no loop) while
    claim a (a loop between 0 and 1) is worked out afresh; b's reach must still drop."""
    doc = {"format": "provenance-story", "version": 1, "title": "",
           "actors": [{"id": "x", "name": "X"}],
           "claims": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
           "reports": [
               {"id": "0", "actor": "x", "claims": [{"claim": "a", "stance": "asserts"},
                                                    {"claim": "b", "stance": "asserts"}]},
               {"id": "1", "actor": "x", "claims": [{"claim": "a", "stance": "asserts"}]},
               {"id": "2", "actor": "x",
                "claims": [{"claim": "b", "stance": "asserts", "firsthand": False},
                           {"claim": "a", "stance": "asserts"}]}],
           "links": [{"source": "2", "target": "0", "confidence": 0.0},
                     {"source": "0", "target": "1"}, {"source": "1", "target": "0"}]}
    story = provenance.loads(json.dumps(doc))
    for mode in MODES.values():
        with mode():
            assert_same(story)
            (alternative,) = analyze(story).alternatives
            # Without 2 -> 0, report 2 reaches nobody: the tie goes to the earlier report.
            assert alternative.point_of_distortion is not None
            assert alternative.point_of_distortion.report == "0"


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


@modes
@SETTINGS
@given(tangled_stories())
def test_tangled_stories_give_the_same_analysis(mode, doc):
    with MODES[mode]():
        assert_same(provenance.loads(json.dumps(doc)))


@SETTINGS
@given(tangled_stories() | story_documents())
def test_the_reader_s_columns_give_the_same_analysis_as_the_objects(doc):
    story = provenance.loads(json.dumps(doc, ensure_ascii=False))
    assert "columns" in story._cache  # noted by the fast reader
    rebuilt = attrs.evolve(story)  # an equal story without them
    assert "columns" not in rebuilt._cache
    assert plain(analyze(story)) == plain(analyze(rebuilt))


@contextlib.contextmanager
def reach_limit(limit: int) -> Iterator[None]:
    """Both analyses with the same smaller limit for alternatives through the reach."""
    saved = analysis.ALTERNATIVES_REACH_LIMIT
    analysis.ALTERNATIVES_REACH_LIMIT = reference_analysis.ALTERNATIVES_REACH_LIMIT = limit
    try:
        yield
    finally:
        analysis.ALTERNATIVES_REACH_LIMIT = reference_analysis.ALTERNATIVES_REACH_LIMIT = saved


@modes
@SETTINGS
@given(tangled_stories(), st.integers(0, 30))
def test_alternatives_through_the_point_only_in_large_stories(mode, doc, limit):
    with MODES[mode](), reach_limit(limit):
        assert_same(provenance.loads(json.dumps(doc)))


@contextlib.contextmanager
def loops_everywhere() -> Iterator[None]:
    """Every support graph analysed node by node, as if each had a loop."""
    with patched("_levels", lambda count, src, dst: np.full(count, -1, np.int32)):
        yield


@contextlib.contextmanager
def no_lookup_table() -> Iterator[None]:
    """Nodes found by binary search, as in stories with very many claims."""
    with patched("_DENSE_LOOKUP", 0):
        yield


@SETTINGS
@given(tangled_stories() | story_documents())
def test_node_by_node_path_gives_the_same_analysis(doc):
    with loops_everywhere():
        assert_same(provenance.loads(json.dumps(doc)))


@SETTINGS
@given(tangled_stories() | story_documents())
def test_search_path_gives_the_same_analysis(doc):
    with no_lookup_table(), vectorised():
        assert_same(provenance.loads(json.dumps(doc)))


@contextlib.contextmanager
def shared_mentions() -> Iterator[None]:
    """Mentions read once per distinct object, as for large loaded stories."""
    with patched("_SAMPLE", 0):
        yield


@SETTINGS
@given(tangled_stories() | story_documents())
def test_shared_mention_path_gives_the_same_analysis(doc):
    with shared_mentions(), vectorised():
        assert_same(provenance.loads(json.dumps(doc, ensure_ascii=False)))


@contextlib.contextmanager
def small_blocks() -> Iterator[None]:
    """Roles worked out a few targets at a time."""
    with patched("_BLOCK", 3):
        yield


@SETTINGS
@given(tangled_stories())
def test_small_blocks_give_the_same_analysis(doc):
    with small_blocks(), vectorised():
        assert_same(provenance.loads(json.dumps(doc)))


@contextlib.contextmanager
def variants_afresh() -> Iterator[None]:
    """Every analysis without a link worked out afresh for the parts it changes."""
    with patched("_MOVE_LIMIT", 0):
        yield


@modes
@SETTINGS
@given(tangled_stories(), st.integers(0, 30))
def test_alternatives_worked_out_afresh_are_the_same(mode, doc, limit):
    with MODES[mode](), variants_afresh(), reach_limit(limit):
        assert_same(provenance.loads(json.dumps(doc)))


@contextlib.contextmanager
def node_by_node_searches() -> Iterator[None]:
    """Graph searches (levels, reach of rebuttals) one node at a time from the start."""
    with patched("_thin", lambda rounds, done: True):
        yield


@SETTINGS
@given(tangled_stories() | story_documents())
def test_node_by_node_searches_give_the_same_analysis(doc):
    with node_by_node_searches():
        assert_same(provenance.loads(json.dumps(doc)))


def chain(n: int) -> dict[str, Any]:
    """A story passed along a chain of reports: long and thin."""
    stances = {0: "implies", 1: "asserts", n // 2: "asserts", n // 2 + 1: "implies"}
    reports = []
    for i in range(n):
        mention = {"claim": "c", "stance": stances.get(i, "attributes")}
        if mention["stance"] == "attributes":
            mention["holder"] = "a1"
        reports.append({"id": f"r{i}", "actor": f"a{i % 7}", "claims": [mention],
                        "published": f"2020-01-{1 + i * 27 // n:02d}"})
    reports[n // 3]["claims"].append({"claim": "c", "stance": "denies"})
    links = [{"source": f"r{i}", "target": f"r{i + 1}"} for i in range(n - 1)]
    for i in range(5, n - 1, n // 9):
        links[i]["confidence"] = 0.5
    links.append({"source": f"r{n // 3}", "target": f"r{n // 3 + 2}", "relation": "rebuts"})
    return {"format": "provenance-story", "version": 1, "title": "chain",
            "actors": [{"id": f"a{i}", "name": f"A{i}"} for i in range(7)],
            "claims": [{"id": "c", "text": "C"}], "reports": reports, "links": links}


@pytest.mark.parametrize("mode", list(MODES))
def test_a_long_chain_gives_the_same_analysis(mode):
    with MODES[mode]():
        assert_same(provenance.loads(json.dumps(chain(600))))


@contextlib.contextmanager
def deep_trees() -> Iterator[None]:
    """Citogenesis found by sorting, as in stories with deep dominator trees."""
    with patched("_SHALLOW", -1):
        yield


@SETTINGS
@given(tangled_stories())
def test_deep_tree_path_gives_the_same_analysis(doc):
    with deep_trees(), vectorised():
        assert_same(provenance.loads(json.dumps(doc)))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_samples_give_the_same_analysis(path):
    assert_same(provenance.load(path))


def test_stories_built_in_code_with_self_links_and_shared_ids():
    from provenance.model import Actor, Claim, ClaimMention, Link, Relation, Report, Stance

    said = ClaimMention("c", Stance.ASSERTS)
    story = provenance.Story(
        "In code",
        actors=(Actor("a", "A"), Actor("b", "B")),
        claims=(Claim("c", "C"),),
        reports=(Report("r1", "a", claims=(said,)), Report("r2", "b", claims=(said,)),
                 Report("r3", "b", claims=(ClaimMention("c", Stance.IMPLIES),))),
        links=(Link("r1", "r2", Relation.QUOTES), Link("r2", "r2", Relation.CITES),
               Link("r2", "r3", Relation.CITES, confidence=0.5), Link("r3", "r3")),
    )
    assert_same(story)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_cascades_give_the_same_analysis(seed):
    assert_same(provenance.loads(json.dumps(cascade(2000, seed=seed, distortion_rate=0.01))))


def test_cascade_node_by_node_gives_the_same_analysis():
    story = provenance.loads(json.dumps(cascade(1000, seed=5, distortion_rate=0.01)))
    with loops_everywhere():
        assert_same(story)


# --------------------------------------------------------------------------- #
# The fast reader against the careful one.

def read_carefully(text: str) -> Any:
    try:
        return story_io.story_from_data(story_io._parse(text))
    except ProvenanceError as err:
        return type(err), [str(issue) for issue in err.issues]


def read(text: str) -> Any:
    try:
        return provenance.loads(text)
    except ProvenanceError as err:
        return type(err), [str(issue) for issue in err.issues]


def assert_same_reading(text: str) -> None:
    fast, careful = read(text), read_carefully(text)
    assert fast == careful
    assert repr(fast) == repr(careful)
    if isinstance(careful, provenance.Story):
        assert provenance.dumps(fast) == provenance.dumps(careful)


@SETTINGS
@given(story_documents(), st.booleans(), st.sampled_from([None, 0, 2]))
def test_fast_reader_reads_valid_files_as_the_careful_one(doc, ascii_only, indent):
    assert_same_reading(json.dumps(doc, ensure_ascii=ascii_only, indent=indent))


@SETTINGS
@given(damaged())
def test_fast_reader_reads_damaged_files_as_the_careful_one(text):
    assert_same_reading(text)


@SETTINGS
@given(damaged_values())
def test_fast_reader_reads_wrong_values_as_the_careful_one(doc):
    assert_same_reading(json.dumps(doc))


@SETTINGS
@given(story_documents(), st.data())
def test_fast_reader_finds_repeated_keys_and_odd_layouts(doc, data):
    text = json.dumps(doc, indent=data.draw(st.sampled_from([None, 1])))
    keys = sorted({m.group(0) for m in __import__("re").finditer(r'"[a-z-]+":', text)})
    if keys:
        key = data.draw(st.sampled_from(keys))
        where = [m.start() for m in __import__("re").finditer(__import__("re").escape(key), text)]
        at = data.draw(st.sampled_from(where))
        choice = data.draw(st.integers(0, 3))
        if choice == 0:  # repeat a key with another value
            text = text[:at] + key + ' "x", ' + text[at:]
        elif choice == 1:  # space before the colon
            text = text[:at + len(key) - 1] + " \n\t" + text[at + len(key) - 1:]
        elif choice == 2:  # a string that looks like a key
            text = text[:at] + '"x-q": "say \\": ", ' + text[at:]
    assert_same_reading(text)


def test_fast_reader_finds_a_repeated_top_level_key():
    text = '{"format": "provenance-story", "version": 1, "title": "a", "title": "b"}'
    assert read(text) == read_carefully(text)
    assert "appears more than once" in str(read(text))


def test_fast_reader_with_keys_in_another_order():
    doc = json.loads(json.dumps(cascade(30, seed=1)))
    reordered = {key: doc[key] for key in ["links", "reports", "claims", "actors", "title",
                                           "version", "format"]}
    assert_same_reading(json.dumps(reordered))
    assert_same_reading(json.dumps(doc))


@SETTINGS
@given(st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?"
                  r"(Z|[+-][0-9]{2}:[0-9]{2})?", fullmatch=True),
    st.builds(lambda y, mo, d, h, mi, s, z: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}{s}{z}",
              st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31), st.integers(0, 25),
              st.integers(0, 61), st.sampled_from(["", ":00", ":59", ":60"]),
              st.sampled_from(["", "Z", "+03:00", "-05:30", "+00:00", "-00:00", "+19:00"])),
    st.builds(lambda y, mo, d: f"{y:04d}-{mo:02d}-{d:02d}", st.integers(0, 9999),
              st.integers(0, 13), st.integers(0, 32)),
))
def test_fast_times_are_the_parsed_times(text):
    try:
        expected: Any = PublicationTime.parse(text)
    except ValueError as err:
        expected = str(err)
    try:
        found: Any = story_io._fast_time(text, {})
    except ValueError as err:
        found = str(err)
    assert found == expected
    assert repr(found) == repr(expected)


# --------------------------------------------------------------------------- #
# Version 2 (issue 11): genre, headline and body, attribution and hedged denials,
# qualifying claims and competing accounts, in stories built in code.

_TIMES = ["2017-01-20", "2017-01-21T10:00Z", "2017-01-21T12:00+03:00", "2017-01-22", None]


@st.composite
def v2_stories(draw: Any, accounts: bool | None = None) -> provenance.Story:
    """A small story with every version 2 feature drawn at random."""
    from provenance.model import (
        Account,
        Actor,
        Claim,
        ClaimMention,
        Genre,
        Link,
        Part,
        Relation,
        Report,
        Stance,
    )

    actors = [f"a{i}" for i in range(draw(st.integers(1, 3)))]
    n_claims = draw(st.integers(1, 3))
    claim_ids = [f"c{i}" for i in range(n_claims)]
    claims = []
    for i, cid in enumerate(claim_ids):
        qualifies = draw(st.sampled_from([None, *claim_ids[:i]])) if i else None
        claims.append(Claim(cid, cid.upper(), qualifies=qualifies))
    use_accounts = draw(st.booleans()) if accounts is None else accounts
    account_ids = ["A", "B"] if use_accounts else []
    subsets: list[tuple[str, ...]] = [()] + ([("A",), ("B",), ("A", "B")] if use_accounts else [])
    n = draw(st.integers(1, 6))
    reports = []
    for i in range(n):
        mentions = []
        for _ in range(draw(st.integers(0, 3))):
            stance = draw(st.sampled_from(list(Stance)))
            holder = draw(st.sampled_from([None, *actors]))
            of = None
            hedged = False
            if stance is Stance.DENIES:
                hedged = draw(st.booleans())
                if holder is not None and draw(st.booleans()):
                    of = "attribution"
            mentions.append(ClaimMention(
                draw(st.sampled_from(claim_ids)), stance, holder=holder,
                quote=draw(st.sampled_from([None, "jets", "Jets \u201cjoined\u201d", "x"])),
                firsthand=draw(st.sampled_from([None, None, True, False])),
                part=draw(st.sampled_from([Part.BODY, Part.BODY, Part.HEADLINE])),
                of=of, hedged=hedged, accounts=draw(st.sampled_from(subsets))))
        time = draw(st.sampled_from(_TIMES))
        reports.append(Report(
            f"r{i}", draw(st.sampled_from(actors)), claims=mentions,
            firsthand=draw(st.sampled_from([None, None, True, False])),
            published=PublicationTime.parse(time) if time else None,
            text=draw(st.sampled_from([None, "Jets 'joined' the strike"])),
            genre=draw(st.sampled_from([Genre.NEWS, Genre.NEWS, Genre.SATIRE])),
            accounts=draw(st.sampled_from(subsets))))
    links = []
    for _ in range(draw(st.integers(0, 9))):
        s, t = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if s == t:
            continue
        held = [a for a in account_ids
                if (not reports[s].accounts or a in reports[s].accounts)
                and (not reports[t].accounts or a in reports[t].accounts)]
        own = draw(st.sampled_from(subsets))
        if use_accounts:
            within = [a for a in held if not own or a in own]
            if not within:
                continue
            own = tuple(within) if len(within) < len(account_ids) else own
        links.append(Link(f"r{s}", f"r{t}", draw(st.sampled_from(list(Relation))),
                          confidence=draw(st.sampled_from([1.0, 1.0, 0.5])), accounts=own))
    return provenance.Story(
        "v2", actors=[Actor(a, a, audience=draw(st.sampled_from([None, 10, 100])))
                      for a in actors],
        claims=claims, reports=reports, links=links,
        accounts=[Account(a, f"Account {a}") for a in account_ids])


@modes
@SETTINGS
@given(v2_stories(accounts=False))
def test_random_version_2_stories_give_the_same_analysis(mode, story):
    with MODES[mode]():
        assert_same(story)


@modes
@SETTINGS
@given(v2_stories(accounts=True))
def test_random_stories_with_accounts_give_the_same_analysis(mode, story):
    with MODES[mode]():
        assert_same(story)


@st.composite
def tangled_stories_with_accounts(draw: st.DrawFn) -> provenance.Story:
    """A tangled story (larger, with loops) whose reports, mentions and links are drawn
    into accounts A and B: many items for the quick path of what each point rests on."""
    from provenance.model import Account

    story = provenance.loads(json.dumps(draw(tangled_stories())))
    subsets = st.sampled_from([(), (), (), ("A",), ("B",)])
    reports = []
    for r in story.reports:
        claims = [attrs.evolve(m, accounts=draw(subsets)) for m in r.claims]
        reports.append(attrs.evolve(r, claims=claims, accounts=draw(subsets)))
    held = {r.id: set(r.accounts or ("A", "B")) for r in reports}
    links = []
    for link in story.links:
        both = held[link.source] & held[link.target]
        if not both:
            continue
        own = draw(subsets)
        within = sorted(both & set(own or ("A", "B")))
        if not within:
            continue
        links.append(attrs.evolve(link, accounts=tuple(within) if len(within) < 2 else ()))
    return attrs.evolve(story, reports=reports, links=links,
                        accounts=[Account("A", "Account A"), Account("B", "Account B")])


@pytest.mark.parametrize("mode", [*MODES, "afresh"])
@SETTINGS
@given(tangled_stories_with_accounts())
def test_tangled_stories_with_accounts_give_the_same_analysis(mode, story):
    with (patched("_MOVE_LIMIT", 0) if mode == "afresh" else MODES[mode]()):
        assert_same(story)
