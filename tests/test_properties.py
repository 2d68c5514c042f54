"""Property tests: random valid stories round-trip; random damage never escapes as a crash."""

from __future__ import annotations

import json
import re
import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import ProvenanceError, analyze
from provenance.files.analysis_json import analysis_to_data
from provenance.model import ActorKind, Relation, ReportKind, Stance
from provenance.wording import account

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
ids = st.text(string.ascii_letters + string.digits + "-_ é", min_size=1, max_size=6)
json_leaf = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(
    allow_nan=False, allow_infinity=False) | text
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    text, inner, max_size=3), max_leaves=6)
extras = st.dictionaries(st.text(min_size=1, max_size=8).map(lambda k: "x-" + k), json_value,
                         max_size=2)
times = st.sampled_from(["2017", "2017-01", "2017-01-23", "2017-01-23T12:00",
                         "2017-01-23T12:00:00+03:00", "2017-01-23T12:00:00.5Z",
                         "2016-12-31T23:59:59-05:00"])


def optional(key: str, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.just({}), strategy.map(lambda v: {key: v}))


@st.composite
def story_documents(draw: st.DrawFn, version2: bool | None = False) -> dict[str, Any]:
    """A valid story document; ``version2``: with version 2's fields (None: either)."""
    v2 = draw(st.booleans()) if version2 is None else version2
    actor_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    claim_ids = draw(st.lists(ids, max_size=4, unique=True))
    report_ids = draw(st.lists(ids, max_size=8, unique=True))
    account_ids = draw(st.lists(ids, max_size=3, unique=True)) if v2 else []

    def some_accounts(within: list[str]) -> st.SearchStrategy[dict[str, Any]]:
        if not within:
            return st.just({})
        return optional("accounts", st.lists(st.sampled_from(within), min_size=1,
                                             unique=True))
    actors = []
    for aid in actor_ids:
        actor = {"id": aid, "name": draw(text)}
        actor |= draw(optional("kind", st.sampled_from([k.value for k in ActorKind])))
        actor |= draw(optional("country", text))
        actor |= draw(optional("audience", st.integers(0, 10**9) | st.floats(0, 1e9)))
        actors.append(actor | draw(extras))
    claims = []
    for n, cid in enumerate(claim_ids):
        claim = {"id": cid, "text": draw(text)}
        if v2 and n:  # qualifies an earlier claim: never a loop
            claim |= draw(optional("qualifies", st.sampled_from(claim_ids[:n])))
        claims.append(claim | draw(extras))
    reports = []
    held: dict[str, list[str]] = {}
    for rid in report_ids:
        rep: dict[str, Any] = {"id": rid, "actor": draw(st.sampled_from(actor_ids))}
        rep |= draw(optional("kind", st.sampled_from([k.value for k in ReportKind])))
        rep |= draw(optional("published", times))
        rep |= draw(optional("title", text))
        rep |= draw(optional("text", text))
        rep |= draw(optional("url", st.just("https://example.org/a?b=1")))
        rep |= draw(optional("firsthand", st.booleans()))
        if v2:
            rep |= draw(optional("genre", st.sampled_from(["news", "satire"])))
            rep |= draw(some_accounts(account_ids))
        held[rid] = rep.get("accounts", account_ids)
        if claim_ids:
            mentions = []
            for _ in range(draw(st.integers(0, 3))):
                m = {"claim": draw(st.sampled_from(claim_ids)),
                     "stance": draw(st.sampled_from([s.value for s in Stance]))}
                m |= draw(optional("holder", st.sampled_from(actor_ids)))
                m |= draw(optional("quote", text))
                m |= draw(optional("firsthand", st.booleans()))
                if v2:
                    m |= draw(optional("part", st.sampled_from(["body", "headline"])))
                    m |= draw(some_accounts(held[rid]))
                    if m["stance"] == "denies":
                        m |= draw(optional("hedged", st.booleans()))
                        if "holder" in m:
                            m |= draw(optional("of", st.just("attribution")))
                mentions.append(m | draw(extras))
            rep["claims"] = mentions
        reports.append(rep | draw(extras))
    links = []
    if len(report_ids) >= 2:
        for _ in range(draw(st.integers(0, 12))):
            source, target = draw(st.lists(st.sampled_from(report_ids), min_size=2, max_size=2,
                                           unique=True))
            lk = {"source": source, "target": target}
            lk |= draw(optional("relation", st.sampled_from([r.value for r in Relation])))
            lk |= draw(optional("confidence", st.floats(0, 1)))
            lk |= draw(optional("note", text))
            if v2:
                both = [a for a in held[source] if a in held[target]]
                if len(both) < len(account_ids):  # an end is not in every account
                    if not both:
                        continue
                    lk["accounts"] = draw(st.lists(st.sampled_from(both), min_size=1,
                                                   unique=True))
                else:
                    lk |= draw(some_accounts(both))
            links.append(lk | draw(extras))
    doc = {"format": "provenance-story", "version": 2 if v2 else 1, "title": draw(text),
           "actors": actors, "claims": claims, "reports": reports, "links": links}
    if account_ids:
        doc["accounts"] = [{"id": a, "name": draw(text)} | draw(optional("by", st.sampled_from(
            actor_ids))) | draw(optional("summary", text)) for a in account_ids]
    doc |= draw(optional("summary", text))
    return doc | draw(extras)


@SETTINGS
@given(story_documents(version2=None))
def test_valid_stories_round_trip_losslessly(doc):
    story = provenance.loads(json.dumps(doc))
    written = provenance.dumps(story)
    again = provenance.loads(written)
    assert again == story
    assert provenance.dumps(again) == written
    # Nothing the file said is lost: every key and value is still there.
    assert json.loads(written) == _with_defaults(doc)


@SETTINGS
@given(story_documents(version2=True))
def test_both_readers_read_version_2_alike(doc):
    from provenance.files._careful import story_from_data
    from provenance.files._fast import read_fast

    text = json.dumps(doc, ensure_ascii=False)
    careful = story_from_data(json.loads(text))
    fast = read_fast(text)
    # The fast reader reads every version 2 file but those with competing accounts.
    assert fast is not None or "accounts" in text
    if fast is not None:
        assert fast == careful
    assert provenance.loads(text) == careful


def _with_defaults(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as the writer writes it: defaults filled in or left out, and the
    lowest version that holds it."""
    out = json.loads(json.dumps(doc))
    v2 = bool(out.get("accounts")) or any("qualifies" in c for c in out["claims"])
    for actor in out["actors"]:
        actor.setdefault("kind", "other")
    for rep in out["reports"]:
        rep.setdefault("kind", "other")
        if rep.get("genre") == "news":
            del rep["genre"]
        v2 = v2 or "genre" in rep or "accounts" in rep
        for m in rep.get("claims", ()):
            if m.get("part") == "body":
                del m["part"]
            if m.get("hedged") is False:
                del m["hedged"]
            v2 = v2 or bool({"part", "hedged", "of", "accounts"} & set(m))
        if not rep.get("claims"):
            rep.pop("claims", None)
    for lk in out["links"]:
        lk.setdefault("relation", "cites")
        if lk.get("confidence") == 1:
            del lk["confidence"]
        v2 = v2 or "accounts" in lk
    out["version"] = 2 if v2 else 1
    return out


@SETTINGS
@given(story_documents(version2=None))
def test_analysis_never_fails_on_a_valid_story(doc):
    story = provenance.loads(json.dumps(doc))
    result = analyze(story)
    json.dumps(analysis_to_data(story, result))
    assert story.title in account(story, result)
    for d in result.distortions:
        assert d.report not in d.reach
        assert set(d.reach) <= {r.id for r in story.reports}
    if result.point_of_distortion is not None:
        assert result.point_of_distortion.states


@st.composite
def damaged(draw: st.DrawFn) -> str:
    doc_text = json.dumps(draw(story_documents()), ensure_ascii=draw(st.booleans()))
    for _ in range(draw(st.integers(1, 4))):
        if not doc_text:
            break
        at = draw(st.integers(0, len(doc_text) - 1))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            end = draw(st.integers(at, min(len(doc_text), at + 20)))
            doc_text = doc_text[:at] + doc_text[end:]
        elif kind == 1:
            doc_text = doc_text[:at] + draw(st.text(max_size=5)) + doc_text[at:]
        elif kind == 2:
            doc_text = doc_text[:at] + draw(st.sampled_from(
                ['"', "{", "}", "[", "]", ",", ":", "null", "NaN", "1e999", "-", "\\u"])
            ) + doc_text[at + 1:]
        else:
            doc_text = doc_text[:at] + doc_text[at:at + 30] + doc_text[at:]
    return doc_text


@SETTINGS
@given(damaged())
def test_damaged_text_gives_a_story_or_a_provenance_error(doc_text):
    for payload in (doc_text, doc_text.encode("utf-8", "surrogatepass")):
        try:
            story = provenance.loads(payload)
        except ProvenanceError as err:
            assert str(err)
        else:
            analyze(story)
            provenance.dumps(story)


@st.composite
def damaged_values(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(story_documents())
    # Replace one value anywhere in the document by an arbitrary JSON value.
    paths: list[tuple[Any, Any]] = []
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        keys = node.keys() if isinstance(node, dict) else range(len(node))
        for key in keys:
            paths.append((node, key))
            if isinstance(node[key], (dict, list)):
                stack.append(node[key])
    node, key = draw(st.sampled_from(paths))
    if isinstance(node, dict) and draw(st.booleans()):
        del node[key]
    else:
        node[key] = draw(json_value)
    return doc


@SETTINGS
@given(damaged_values())
def test_wrong_values_give_a_story_or_a_provenance_error(doc):
    try:
        story = provenance.loads(json.dumps(doc))
    except ProvenanceError as err:
        assert str(err)
    else:
        analyze(story)
        provenance.dumps(story)


# --------------------------------------------------------------------------- #
# Times and urls at the edges of the format: the fast reader (``loads``), the careful
# reader and ``PublicationTime.parse`` agree on each, and a refusal says why.

def _readings(doc: dict[str, Any]) -> tuple[Any, Any]:
    from provenance.files import story as story_io

    def outcome(read: Any) -> Any:
        try:
            return read()
        except ProvenanceError as err:
            return [str(issue) for issue in err.issues]

    text_ = json.dumps(doc, ensure_ascii=False)
    return (outcome(lambda: provenance.loads(text_)),
            outcome(lambda: story_io.story_from_data(story_io._parse(text_))))


def _one_report(**fields: Any) -> dict[str, Any]:
    return {"format": "provenance-story", "version": 1, "title": "T",
            "actors": [{"id": "a", "name": "A", **fields}],
            "reports": [{"id": "r", "actor": "a", **fields}]}


edge_times = st.one_of(
    st.sampled_from(["2017", "2017-02", "2016-02-29", "2017-02-29", "0001-01-01", "9999-12-31"]),
    st.builds(
        lambda day, sep, hour, minute, second, fraction, zone: (
            f"{day}{sep}{hour}:{minute}" + (f":{second}" if second else "")
            + (f".{fraction}" if second and fraction else "") + zone),
        st.sampled_from(["2016-12-31", "2017-01-23", "2017-02-29", "9999-12-31"]),
        st.sampled_from(["T", " ", "t", "  ", "\t"]),
        st.sampled_from(["00", "12", "23", "24"]),
        st.sampled_from(["00", "59", "60"]),
        st.sampled_from([None, "00", "59", "60", "61"]),
        st.sampled_from([None, "5", "123456789", "1234567890", "0" * 30]),
        st.sampled_from(["", "Z", "+03:00", "-0500", "+19:00", "+05", "z"]),
    ),
)


@SETTINGS
@given(edge_times)
def test_both_readers_agree_on_times_at_the_edges(published):
    from provenance.model import PublicationTime

    fast, careful = _readings(_one_report() | {"reports": [
        {"id": "r", "actor": "a", "published": published}]})
    assert fast == careful
    try:
        expected = PublicationTime.parse(published)
    except ValueError as err:
        [issue] = fast
        assert issue == f"reports[0].published: {err} (the file has {json.dumps(published)})"
        if " " in published or "\t" in published:
            assert "ISO 8601 joins them with T" in issue
    else:
        assert fast.reports[0].published == expected
        assert "T" in published or len(published) <= 10
        fraction = re.search(r"\.([0-9]+)", published)
        assert fraction is None or len(fraction[1]) <= 9


_URL_BAD = set(" \t\n\"'<>`\\\x00\x1b\x7f\x85\u00a0\u202e\u2066\u200b\ufeff")


@SETTINGS
@given(st.builds(
    lambda scheme, sep, host, rest: f"{scheme}{sep}{host}{rest}",
    st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", ""]),
    st.sampled_from(["://", ":/", ":", ""]),
    st.text(st.sampled_from(list("ab.-9é:@[]") + sorted(_URL_BAD)), max_size=6),
    st.text(st.sampled_from(list("/?#=&%a") + sorted(_URL_BAD)), max_size=6),
))
def test_both_readers_agree_on_urls_and_accept_only_http_with_a_host(url):
    from urllib.parse import urlsplit

    fast, careful = _readings(_one_report(url=url))
    assert fast == careful
    if isinstance(fast, list):
        assert {issue.partition(":")[0] for issue in fast} <= {"actors[0].url", "reports[0].url"}
        assert all("must be an http:// or https:// address" in issue for issue in fast)
    else:
        parts = urlsplit(url)
        assert parts.scheme.lower() in ("http", "https") and url[len(parts.scheme):][:3] == "://"
        assert parts.hostname
        assert not _URL_BAD & set(url)
