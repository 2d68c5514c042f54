"""The analysis of a version 2 story read by the fast reader (from the columns it noted)
equals the analysis of the same story built from its objects."""

from __future__ import annotations

import json

import attrs
from hypothesis import given

import provenance
from provenance.columns import columns_of
from tests.test_properties import SETTINGS, story_documents


def _plain(value):
    if attrs.has(type(value)):
        return (type(value).__name__,
                tuple((f.name, _plain(getattr(value, f.name))) for f in attrs.fields(type(value))))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)) or type(value).__name__ in {"Reach", "Planted"}:
        return tuple(_plain(v) for v in value)
    return value


@SETTINGS
@given(story_documents(version2=True))
def test_the_columns_of_version_2_give_the_analysis_of_the_objects(doc):
    story = provenance.loads(json.dumps(doc, ensure_ascii=False))
    rebuilt = attrs.evolve(story)  # the same story, without the reader's columns
    assert columns_of(rebuilt) is None
    assert _plain(provenance.analyze(story)) == _plain(provenance.analyze(rebuilt))


def test_a_version_2_file_is_analysed_from_its_columns():
    doc = {"format": "provenance-story", "version": 2, "title": "T",
           "actors": [{"id": "o", "name": "Onion"}, {"id": "b", "name": "Blog"}],
           "claims": [{"id": "c", "text": "c"}],
           "reports": [{"id": "s", "actor": "o", "genre": "satire",
                        "claims": [{"claim": "c", "stance": "asserts"}]},
                       {"id": "r", "actor": "b", "claims": [{"claim": "c", "stance": "asserts"}]}],
           "links": [{"source": "s", "target": "r", "relation": "quotes"}]}
    story = provenance.loads(json.dumps(doc))
    assert columns_of(story) is not None
    point = provenance.analyze(story).point_of_distortion
    assert point is not None and point.report == "r"
    assert [k.value for k in point.kinds] == ["satire_as_fact"]
