"""Story documents the tests of the story file build on, and the two readers' verdicts."""

from __future__ import annotations

import json

import pytest

import provenance
from provenance import StoryFormatError

from ..conftest import SAMPLES, link, mention, report, story_data

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


def good() -> dict:
    return story_data(
        [report("r1", "a", mention("c", "asserts")), report("r2", "b", mention("c", "implies"))],
        [link("r1", "r2", "paraphrases", confidence=0.5, note="n")],
    )


def issues_of(text: str | bytes) -> list[str]:
    with pytest.raises(StoryFormatError) as info:
        provenance.loads(text)
    return [str(issue) for issue in info.value.issues]


def mutated(change) -> str:
    """The text of :func:`good`'s document after ``change`` (a function of it)."""
    data = good()
    change(data)
    return json.dumps(data)


def readings(text: str | bytes) -> tuple[object, object]:
    """What the fast reader (``loads``) and the careful reader make of ``text``."""
    from provenance.files._careful import parse, story_from_data

    def outcome(read):
        try:
            return read()
        except StoryFormatError as err:
            return [str(issue) for issue in err.issues]

    careful = text.decode("utf-8") if isinstance(text, bytes) else text
    return (outcome(lambda: provenance.loads(text)),
            outcome(lambda: story_from_data(parse(careful, raw_surrogates=True))))


# --------------------------------------------------------------------------- #
# Version 2 documents for the property tests: a version 1 document from the strategy of
# tests/test_properties.py, with every field of version 2 sprinkled on it, consistently.

from typing import Any  # noqa: E402

from hypothesis import strategies as st  # noqa: E402

from ..test_properties import extras, ids, optional, story_documents, text  # noqa: E402

GENRES = ["news", "satire"]
PARTS = ["body", "headline"]


@st.composite
def v2_documents(draw: st.DrawFn, *, accounts: bool = True) -> dict[str, Any]:
    """A valid version 2 story document; ``accounts=False``: one without accounts."""
    doc = draw(story_documents())
    doc["version"] = 2
    actor_ids = [a["id"] for a in doc["actors"]]
    claim_ids = [c["id"] for c in doc["claims"]]
    for i, claim in enumerate(doc["claims"]):
        if i and draw(st.booleans()):  # an earlier claim: never a loop
            claim["qualifies"] = draw(st.sampled_from(claim_ids[:i]))
    account_ids = draw(st.lists(ids, max_size=3, unique=True)) if accounts else []
    if account_ids:
        doc["accounts"] = []
        for aid in account_ids:
            account = {"id": aid, "name": draw(text)}
            account |= draw(optional("by", st.sampled_from(actor_ids)))
            account |= draw(optional("summary", text))
            account |= draw(optional("url", st.just("https://example.org/account")))
            doc["accounts"].append(account | draw(extras))
    some_accounts = (st.lists(st.sampled_from(account_ids), min_size=1, max_size=3, unique=True)
                     if account_ids else st.nothing())
    members: dict[str, list[str]] = {}
    for rep in doc["reports"]:
        rep |= draw(optional("genre", st.sampled_from(GENRES)))
        if account_ids and draw(st.booleans()):
            rep["accounts"] = draw(some_accounts)
        own = rep.get("accounts", account_ids)
        members[rep["id"]] = own
        for m in rep.get("claims", []):
            m |= draw(optional("part", st.sampled_from(PARTS)))
            if m["stance"] == "denies":
                m |= draw(optional("hedged", st.booleans()))
                if "holder" in m and draw(st.booleans()):
                    m["of"] = "attribution"
            if own and draw(st.booleans()):
                m["accounts"] = draw(st.lists(st.sampled_from(own), min_size=1, unique=True))
    kept = []
    for lk in doc["links"]:
        both = [a for a in members[lk["source"]] if a in members[lk["target"]]]
        restricted = "accounts" in doc_report(doc, lk["source"]) or "accounts" in doc_report(
            doc, lk["target"])
        if restricted and not both:
            continue  # its reports share no account: no account could hold the link
        if (restricted or draw(st.booleans())) and both:
            lk["accounts"] = draw(st.lists(st.sampled_from(both), min_size=1, unique=True))
        kept.append(lk)
    doc["links"] = kept
    # As the writer orders them: accounts before the reports that name them.
    order = ["format", "version", "title", "summary", "actors", "claims", "accounts"]
    return {**{k: doc[k] for k in order if k in doc},
            **{k: v for k, v in doc.items() if k not in order}}


def doc_report(doc: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in doc["reports"] if r["id"] == rid)


#: What version 2 keys may be set to when a document is damaged: near misses.
V2_KEYS = ["genre", "part", "of", "hedged", "qualifies", "accounts"]


@st.composite
def damaged_v2_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A version 2 document (or, sometimes, the same said to be version 1) with one
    version 2 key set to a near miss on any object."""
    doc = draw(v2_documents())
    objects: list[dict[str, Any]] = [doc, *doc["actors"], *doc["claims"], *doc["reports"],
                                     *doc["links"], *doc.get("accounts", [])]
    objects += [m for r in doc["reports"] for m in r.get("claims", [])]
    claim_ids = [c["id"] for c in doc["claims"]] or ["c"]
    account_ids = [a["id"] for a in doc.get("accounts", [])] or ["acc"]
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(objects))
        key = draw(st.sampled_from(V2_KEYS))
        value = draw(st.one_of(
            st.sampled_from(["satire", "news", "headline", "body", "attribution", "other", True,
                             False, None, 1, [], {}]),
            st.sampled_from(claim_ids),
            st.lists(st.sampled_from([*account_ids, "nobody", 3]), max_size=3),
        ))
        if draw(st.booleans()) and key in target:
            del target[key]
        else:
            target[key] = value
    if draw(st.integers(0, 4)) == 0:
        doc["version"] = 1
    return doc
