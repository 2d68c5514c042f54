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
    assert list(document) == FIELDS
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
