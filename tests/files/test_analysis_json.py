"""The analysis document (``provenance analyze --json``): a file format of its own."""

from __future__ import annotations

import json

import pytest

import provenance
from provenance import analyze
from provenance.files.analysis_json import ANALYSIS_FORMAT, REACH_LISTED, analysis_to_data

from .documents import SAMPLE_FILES

#: The top-level fields docs/format.md describes, in the order they are written.
FIELDS = ["format", "version", "title", "point_of_distortion", "distortions", "claims",
          "cycles", "published_before_source", "alternatives", "warnings", "text_estimate"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_s_document_is_strict_json_with_the_documented_fields(path):
    story = provenance.load(path)
    document = analysis_to_data(story, analyze(story))
    # A story with competing accounts (version 2) adds its accounts' findings.
    accounts = ["accounts_agree", "accounts", "differences"] if story.accounts else []
    assert list(document) == FIELDS + accounts
    assert (document["format"], document["version"]) == (ANALYSIS_FORMAT, 1)
    text = json.dumps(document, allow_nan=False)  # no NaN, nothing but JSON values
    assert json.loads(text) == document


def test_the_point_of_distortion_names_its_report_claim_and_change(syria):
    point = analysis_to_data(syria, analyze(syria))["point_of_distortion"]
    assert (point["report"], point["claim"]) == ("ap-tweet", "coalition-jets")
    assert (point["before"], point["after"]) == ("implies", "attributes")
    assert point["kinds"] == ["inflated", "misattributed"]


def test_a_long_reach_is_listed_in_part_and_counted():
    from tests.conftest import link, make_story, mention, report

    n = REACH_LISTED + 10
    story = make_story(
        [report("r0", "a", mention("c", "implies")), report("r1", "b", mention("c", "asserts")),
         *(report(f"r{i}", "c", mention("c", "asserts")) for i in range(2, n + 2))],
        [link("r0", "r1"), *(link(f"r{i - 1}", f"r{i}") for i in range(2, n + 2))])
    document = analysis_to_data(story, analyze(story))
    assert len(document["point_of_distortion"]["reach"]) == n  # the point: all of it
    [entry] = [d for d in document["distortions"] if d["report"] == "r1"]
    assert len(entry["reach"]) == REACH_LISTED and entry["reach_count"] == n


# -- format version 2 (issue 11) ------------------------------------------------ #

def test_new_roles_with_what_was_dropped_and_in_which_part():
    from provenance.model import Claim, Part
    from tests.analysis._build import build, rep, said, to

    mice = [Claim("c", "Drug X cures cancer"), Claim("mice", "in mice", qualifies="c")]
    story = build([rep("release", "lab", said("c", "asserts"), said("mice", "asserts"),
                       said("c", "asserts", part=Part.HEADLINE)),
                   rep("paper", "paper", said("c", "attributes", "lab")),
                   rep("blog", "blog", said("c", "attributes", "lab"))],
                  [to("release", "paper"), to("paper", "blog")], claims=mice)
    document = analysis_to_data(story, analyze(story))
    found = {d["report"]: d for d in document["distortions"]}
    assert found["paper"]["kinds"] == ["context_dropped"]
    assert found["paper"]["dropped"] == "mice" and "part" not in found["paper"]
    assert found["release"]["dropped"] == "mice" and found["release"]["part"] == "headline"
    assert document["claims"]["c"]["roles"]["release"] == ["origin", "context_dropped"]
    assert "accounts" not in document and "accounts_agree" not in document


def test_a_story_with_accounts_documents_each_account_and_the_differences():
    from provenance.model import Account
    from tests.analysis._build import build, rep, said, to

    story = build([rep("mod", "ministry", said("c", "asserts")),
                   rep("tass", "tass", said("c", "attributes", "ministry", accounts=("tass",)),
                       said("c", "asserts", accounts=("nyt",))),
                   rep("wire", "wire", said("c", "asserts"))],
                  [to("mod", "tass"), to("tass", "wire")],
                  accounts=[Account("tass", "TASS"), Account("nyt", "NYT")])
    document = analysis_to_data(story, analyze(story))
    assert list(document) == [*FIELDS, "accounts_agree", "accounts", "differences"]
    assert document["accounts_agree"] is False and document["point_of_distortion"] is None
    assert set(document["accounts"]) == {"tass", "nyt"}
    nyt = document["accounts"]["nyt"]
    assert list(nyt) == FIELDS and nyt["point_of_distortion"]["report"] == "tass"
    assert document["differences"][1] == {
        "path": "reports[1].claims[1]", "kind": "mention", "accounts": ["nyt"],
        "report": "tass", "claim": "c", "rests_on": ["nyt"]}
    text = json.dumps(document, allow_nan=False)
    assert json.loads(text) == document
