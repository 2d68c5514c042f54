"""W3C PROV: read by the prov package, PROV-JSON read back to an equal story."""

from __future__ import annotations

import io
import json
import re
import sys
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance import MissingExtraError, ProvenanceError, Story, StoryFormatError, analyze
from provenance.files.prov import PVT_NAMESPACE, import_prov_json
from provenance.files.registry import (
    export,
)
from tests.conftest import SAMPLES, link, make_story, report
from tests.exports import hostile_story
from tests.test_properties import SETTINGS, story_documents

# --------------------------------------------------------------------------- #
# W3C PROV

try:
    import prov
    import prov.model
except ImportError:  # pragma: no cover - `make test` installs the extra
    prov = None
needs_prov = pytest.mark.skipif(prov is None, reason="the optional package prov is missing")


def read_prov(text: str, fmt: str = "json") -> Any:
    return prov.read(io.StringIO(text), format=fmt)


@needs_prov
def test_prov_json_is_read_by_the_prov_package(syria: Story) -> None:
    document = read_prov(export(syria, "prov-json"))
    records = document.get_records()
    kinds = [type(r).__name__ for r in records]
    assert kinds.count("ProvAgent") == len(syria.actors)
    assert kinds.count("ProvEntity") == len(syria.reports) + len(syria.claims) + 1
    assert kinds.count("ProvDerivation") == len(syria.links)
    assert kinds.count("ProvAttribution") == len(syria.reports)
    assert kinds.count("ProvInfluence") == sum(len(r.claims) for r in syria.reports)
    derivations = {(str(r.args[0]), str(r.args[1])): r for r in records
                   if type(r).__name__ == "ProvDerivation"}
    quoted = derivations[("report:daily-mail-report", "report:dod-statement")]
    assert {str(t) for t in quoted.get_asserted_types()} == {"prov:Quotation"}
    primary = derivations[("report:state-media-reports", "report:mod-statement")]
    assert {str(t) for t in primary.get_asserted_types()} == {"prov:PrimarySource"}
    # The AP drew on reports that were themselves second-hand: no primary source.
    assert not derivations[("report:ap-tweet", "report:ria-later")].get_asserted_types()


@needs_prov
def test_prov_revision_stands_for_a_correction() -> None:
    story = make_story([report("v1", "a"), report("v2", "a", kind="correction")],
                       [link("v1", "v2", "corrects")])
    text = export(story, "prov-n")
    assert "wasDerivedFrom(report:v2, report:v1, -, -, -, [prov:type='prov:Revision'" in text


@needs_prov
def test_prov_n_holds_the_expected_records(syria: Story) -> None:
    text = export(syria, "prov-n")
    assert text.startswith("document\n") and text.rstrip().endswith("endDocument")
    for expected in (
        f"prefix pvt <{PVT_NAMESPACE}>",
        "entity(report:ap-tweet, [prov:type='pvt:Report', pvt:kind=\"post\", "
        "pvt:published=\"2017-01-23T12:18:00-05:00\"])",
        "agent(actor:ap, [prov:type='prov:Organization', prov:label=\"Associated Press\"",
        "wasAttributedTo(report:ap-tweet, actor:ap)",
        "wasInfluencedBy(report:ap-tweet, claim:coalition-jets, "
        "[pvt:position=0, pvt:holder='actor:mod', pvt:stance=\"attributes\"])",
        "wasDerivedFrom(report:ap-tweet, report:ria-later, -, -, -, "
        "[pvt:position=2, pvt:relation=\"paraphrases\", pvt:confidence=\"0.7\" %% xsd:",
        "[prov:type='prov:Quotation', pvt:position=8, pvt:relation=\"quotes\"]",
        "entity(claim:coalition-jets, [prov:type='pvt:Claim', prov:label=\"Jets of the",
        "entity(pvt:story, [prov:type='pvt:Story', prov:label=\"Reported US-Russian",
    ):
        assert expected in text


@needs_prov
def test_prov_n_says_what_prov_json_says(sample: Story) -> None:
    try:
        from_n = read_prov(export(sample, "prov-n"), "provn")
    except NotImplementedError:  # prov before 3 writes PROV-N but cannot read it
        pytest.skip("this version of prov has no PROV-N reader")
    assert from_n == read_prov(export(sample, "prov-json"))


@needs_prov
def test_prov_json_round_trips_every_sample(sample: Story) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing the prov package would warn about
        text = export(sample, "prov-json")
        story, notes = import_prov_json(text)
    assert story == sample
    assert notes == []
    assert import_prov_json(text.encode("utf-8")) == (story, [])


@needs_prov
@SETTINGS
@given(story_documents())
def test_prov_json_round_trips_generated_stories(doc: dict[str, Any]) -> None:
    story = provenance.loads(json.dumps(doc))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again, notes = import_prov_json(export(story, "prov-json"))
        export(story, "prov-n")
    assert again == story
    assert provenance.dumps(again) == provenance.dumps(story)
    assert notes == []


@needs_prov
def test_prov_json_round_trips_hostile_ids() -> None:
    story = hostile_story()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = export(story, "prov-json")
        provn = export(story, "prov-n")
    assert import_prov_json(text) == (story, [])
    assert "report:a%20b%2520c" in provn and "report:%2Dlead%2E" in provn


FOREIGN = "http://example.org/"


def foreign_document() -> Any:
    """A PROV document as another tool writes it: no pvt terms at all."""
    from prov.model import ProvDocument

    document = ProvDocument()
    document.add_namespace("ex", FOREIGN)
    document.agent("ex:alice", {"prov:type": prov.model.PROV["Person"],
                                "prov:label": "Alice Example"})
    document.agent("ex:newsroom", {"prov:type": prov.model.PROV["Organization"]})
    document.entity("ex:interview", {"prov:label": "Interview notes"})
    document.entity("ex:article", {"prov:label": "The article", "ex:words": 800})
    document.entity("ex:quote-card", {})
    document.entity("ex:article-v2", {})
    document.entity("ex:dataset", {})
    document.activity("ex:writing", "2024-03-04T10:00:00", "2024-03-04T12:00:00")
    document.used("ex:writing", "ex:interview")
    document.wasGeneratedBy("ex:article", "ex:writing", "2024-03-04T12:00:00+01:00")
    document.wasAssociatedWith("ex:writing", "ex:alice")
    document.wasAttributedTo("ex:interview", "ex:alice")
    document.wasAttributedTo("ex:article", "ex:newsroom")
    document.wasAttributedTo("ex:article-v2", "ex:newsroom")
    document.wasDerivedFrom("ex:article", "ex:interview", "ex:writing")
    document.hadPrimarySource("ex:article", "ex:dataset")
    document.wasQuotedFrom("ex:quote-card", "ex:article")
    document.wasRevisionOf("ex:article-v2", "ex:article")
    document.wasDerivedFrom("ex:blog", "ex:article")  # ex:blog is never declared
    return document


@needs_prov
def test_a_foreign_prov_document_loads_what_maps_and_names_the_rest() -> None:
    story, notes = import_prov_json(foreign_document().serialize(format="json"))
    assert [r.id for r in story.reports] == ["ex:interview", "ex:article", "ex:quote-card",
                                             "ex:article-v2", "ex:dataset", "ex:blog"]
    reports = {r.id: r for r in story.reports}
    assert reports["ex:interview"].actor == "ex:alice"
    assert reports["ex:article"].actor == "ex:newsroom"
    assert reports["ex:article"].title == "The article"
    assert reports["ex:article"].extra == {"ex:words": 800}  # kept as an unknown key
    assert str(reports["ex:article"].published) == "2024-03-04T12:00:00+01:00"
    assert reports["ex:quote-card"].actor == reports["ex:blog"].actor == "unknown"
    actors = {a.id: a for a in story.actors}
    assert actors["ex:alice"].name == "Alice Example"
    assert actors["ex:alice"].kind.value == "person"
    assert actors["ex:newsroom"].kind.value == "other"
    assert actors["ex:newsroom"].extra == {"prov:type": "prov:Organization"}
    assert "unknown" in actors
    assert [(k.source, k.target, k.relation.value) for k in story.links] == [
        ("ex:interview", "ex:article", "cites"),
        ("ex:dataset", "ex:article", "cites"),
        ("ex:article", "ex:quote-card", "quotes"),
        ("ex:article", "ex:article-v2", "corrects"),
        ("ex:article", "ex:blog", "cites"),
    ]
    text = "\n".join(notes)
    assert re.search(r"dropped 1 activity record\(s\): ex:writing", text)
    assert "dropped 1 used record(s)" in text
    assert "dropped 1 wasGeneratedBy record(s)" in text
    assert "dropped 1 wasAssociatedWith record(s)" in text
    assert "dropped the activity, generation and usage of 1 wasDerivedFrom record(s)" in text
    assert 'placeholder actor "unknown"' in text
    assert "ex:blog" in text  # named but never declared
    assert "no story entity" in text
    analyze(story)  # an ordinary story from here on
    assert import_prov_json(export(story, "prov-json")) == (story, [])


@needs_prov
def test_foreign_attributes_never_pass_for_story_fields() -> None:
    text = json.dumps({
        "prefix": {"default": FOREIGN, "pvt": PVT_NAMESPACE},
        "entity": {"a": {"id": "b", "title": "not a title", "actor": "x",
                         "pvt:extra": '{"id": "c", "x-kept": 1}'}},
        "agent": {"x": {"id": "y", "name": "not a name"}},
    })
    story, _ = import_prov_json(text)
    [rep] = story.reports
    assert (rep.id, rep.title, rep.actor) == ("a", None, "unknown")
    assert rep.extra == {f"{FOREIGN}id": "b", f"{FOREIGN}title": "not a title",
                         f"{FOREIGN}actor": "x", "x-kept": 1}
    assert story.actors[0].id == "x" and story.actors[0].name == "x"


@needs_prov
def test_a_foreign_bundle_is_dropped_with_a_note() -> None:
    document = foreign_document()
    bundle = document.bundle("ex:bundle1")
    bundle.entity("ex:inside")
    story, notes = import_prov_json(document.serialize(format="json"))
    assert "ex:inside" not in {r.id for r in story.reports}
    assert any("bundle" in note and "ex:bundle1" in note for note in notes)


@needs_prov
@pytest.mark.parametrize("text", [
    "",
    "not json",
    "[]",
    '"entity"',
    '{"entity": 5}',
    '{"entity": {"ex:a": 5}}',
    '{"prefix": []}',
    '{"prefix": {"ex": "http://example.org/"}, "shouts": {}}',
    '{"bundle": 3}',
    '{"entity": {"nope:a": {}}}',
    '{"prefix": {"pvt": "https://provenance-tracer.example/ns#", "report": "https://provenance-tracer.example/report/"}, "entity": {"report:r": {"pvt:kind": "shouting"}}}',  # noqa: E501
    '[' * 100000,
])
def test_bad_prov_json_is_a_provenance_error(text: str) -> None:
    with pytest.raises(ProvenanceError):
        import_prov_json(text)


@needs_prov
@needs_prov
@pytest.mark.parametrize(("text", "dropped"), [
    ('{"prefix": {"ex": "http://example.org/"}, "entity": {"ex:a": {}}, '
     '"wasDerivedFrom": {"_:d": {"prov:generatedEntity": 5, "prov:usedEntity": "ex:a"}}}',
     "wasDerivedFrom"),
    ('{"prefix": {"ex": "http://example.org/"}, "entity": {"ex:a": {}}, '
     '"wasGeneratedBy": {"_:g": {"prov:entity": "ex:a", "prov:time": "yesterday"}}}',
     "wasGeneratedBy"),
])
def test_doubtful_prov_json_is_refused_or_named_in_the_notes(text: str, dropped: str) -> None:
    # prov drops such values (3.2 with a warning, which becomes a note); later
    # versions will refuse them.
    try:
        story, notes = import_prov_json(text)
    except ProvenanceError:
        return
    assert [(r.id, r.published) for r in story.reports] == [("ex:a", None)]
    assert not story.links
    assert any(note.startswith(f"dropped 1 {dropped} record") for note in notes)


@needs_prov
def test_prov_json_that_is_not_utf8_is_a_provenance_error() -> None:
    with pytest.raises(ProvenanceError, match="UTF-8"):
        import_prov_json(b'{"entity": {"\xff": {}}}')


@needs_prov
def test_a_story_that_breaks_the_format_names_the_field() -> None:
    text = ('{"prefix": {"pvt": "https://provenance-tracer.example/ns#", "report": '
            '"https://provenance-tracer.example/report/"}, "entity": {"report:r": '
            '{"pvt:kind": "shouting"}}}')
    with pytest.raises(StoryFormatError, match=r"reports\[0\]\.kind"):
        import_prov_json(text)


@needs_prov
@SETTINGS
@given(story_documents(), st.data())
def test_damaged_prov_json_gives_a_story_or_a_provenance_error(doc: dict[str, Any],
                                                                data: st.DataObject) -> None:
    text = export(provenance.loads(json.dumps(doc)), "prov-json")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text) - 1))
        text = text[:at] + data.draw(st.sampled_from(
            ['"', "{", "}", "[", "]", ",", ":", "null", "1", "true", '"x"', '"pvt:kind"',
             '"prov:type"', '"report:zz"', "{}", '{"$": "1", "type": "xsd:int"}', ""])
        ) + text[at + data.draw(st.integers(0, 8)):]
    try:
        story, notes = import_prov_json(text)
    except ProvenanceError as err:
        assert str(err)
    else:
        analyze(story)
        provenance.dumps(story)


def test_without_prov_the_prov_formats_name_the_extra(syria: Story,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "prov", None)
    for fmt in ("prov-json", "prov-n"):
        with pytest.raises(MissingExtraError, match=re.escape(
                "pip install 'provenance-tracer[prov]'")):
            export(syria, fmt)
    with pytest.raises(MissingExtraError, match=r"provenance-tracer\[prov\]"):
        import_prov_json("{}")
    export(syria, "graphml")  # the other formats do not need it




# --------------------------------------------------------------------------- #
# Format version 2 in PROV: each account a bundle, the new fields and roles as pvt terms

@needs_prov
def test_each_account_is_a_prov_bundle_of_its_own_story() -> None:
    from provenance.files.prov import ACCOUNT_NAMESPACE

    story = provenance.load(SAMPLES / "syria-joint-strike-accounts.json")
    document = read_prov(export(story, "prov-json"))
    bundles = {b.identifier.uri: b for b in document.bundles}
    assert set(bundles) == {ACCOUNT_NAMESPACE + a.id for a in story.accounts}
    entities = {str(r.identifier): r for r in document.get_records()
                if type(r).__name__ == "ProvEntity"}
    tass = entities["account:tass"]
    assert {str(t) for t in tass.get_asserted_types()} == {"prov:Bundle", "pvt:Account"}

    def reports(bundle: Any) -> set[str]:
        return {str(r.identifier) for r in bundle.get_records()
                if type(r).__name__ == "ProvEntity"}

    assert "report:tass-report" in reports(bundles[ACCOUNT_NAMESPACE + "tass"])
    assert "report:tass-report" not in reports(bundles[ACCOUNT_NAMESPACE + "daily-beast"])
    again, notes = import_prov_json(export(story, "prov-json"))
    assert again == story and notes == []


@needs_prov
def test_the_new_fields_and_roles_are_the_project_s_terms() -> None:
    story = provenance.load(SAMPLES / "satire-taken-as-news.json")
    text = export(story, "prov-n", analyze(story))
    assert 'pvt:genre="satire"' in text
    assert "pvt:role='pvt:satire_as_fact'" in text
    rats = provenance.load(SAMPLES / "context-dropped-in-rats.json")
    text = export(rats, "prov-n", analyze(rats))
    assert "pvt:qualifies='claim:resveratrol'" in text
    assert "pvt:dropped='claim:in-rats'" in text
    # The findings are the analysis's, not the story's: reading back drops them silently.
    again, notes = import_prov_json(export(rats, "prov-json", analyze(rats)))
    assert again == rats and notes == []
    headline = provenance.load(SAMPLES / "headline-overstates.json")
    assert 'pvt:part="headline"' in export(headline, "prov-n")
