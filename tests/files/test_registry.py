"""Every format by name: the registry, atomic export, refusing a bad story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import ProvenanceError, Story, StoryFormatError, analyze
from provenance.files.registry import (
    EXPORT_FORMATS,
    FORMAT_SUFFIXES,
    IMPORT_FORMATS,
    export,
    export_target,
    export_to,
    format_for,
    get,
    renamed,
)
from provenance.model import Actor, Link, Report
from tests.conftest import link, make_story, mention, report
from tests.drawing.test_mermaid import parse_mermaid

# --------------------------------------------------------------------------- #
# The registry

def test_the_registry_names_every_format() -> None:
    assert EXPORT_FORMATS == ("graphml", "gexf", "cytoscape", "dot", "mermaid", "html",
                              "prov-json", "prov-n")
    assert IMPORT_FORMATS == ("prov-json", "xlsx", "csv")
    assert set(FORMAT_SUFFIXES) == set(EXPORT_FORMATS)


def test_each_format_has_a_record_with_its_writer() -> None:
    for name in EXPORT_FORMATS:
        spec = get(name)
        assert spec.name == name and spec.suffix == FORMAT_SUFFIXES[name]
        assert spec.description and "\n" not in spec.description
        assert callable(spec.writer)
    assert [name for name in EXPORT_FORMATS if get(name).picture] == ["dot", "mermaid", "html"]
    with pytest.raises(ProvenanceError, match="unknown export format 'pptx'.*graphml"):
        get("pptx")


def test_the_registry_loads_no_painter_until_one_writes() -> None:
    import subprocess
    import sys

    code = ("import sys; import provenance.files.registry as r; r.get('dot'); "
            "print(sorted(m for m in sys.modules if m.startswith('provenance.drawing')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


# --------------------------------------------------------------------------- #
# What a file name means: one rule for the command line and the viewer.

@pytest.mark.parametrize(("name", "fmt"), [
    ("story.graphml", "graphml"), ("story.gexf", "gexf"), ("story.cyjs", "cytoscape"),
    ("story.dot", "dot"), ("story.mmd", "mermaid"), ("story.provn", "prov-n"),
    ("story.prov.json", "prov-json"),  # the longest suffix first: not a .json file
    ("OUT/Story.GraphML", "graphml"),  # case does not matter
    ("story.json", None), ("story", None), ("story.graphml.txt", None), ("-", None),
])
def test_a_file_name_means_the_format_its_suffix_names(name: str, fmt: str | None) -> None:
    assert format_for(name) == fmt
    assert format_for(Path(name)) == fmt


def test_every_format_s_own_suffix_names_it() -> None:
    for name in EXPORT_FORMATS:
        assert format_for(f"story{FORMAT_SUFFIXES[name]}") == name


def test_the_suffix_rule_serves_the_diagram_too() -> None:
    from provenance.drawing.mpl import SAVE_FORMATS

    by_format = {fmt: suffix for suffix, fmt in SAVE_FORMATS.items()}
    assert format_for("chart.SVG", by_format) == "svg"
    assert format_for("chart.graphml", by_format) is None


@pytest.mark.parametrize(("asked", "chosen", "target"), [
    ("story", "dot", ("story.dot", "dot")),  # no suffix: the chosen format's
    ("typed.gexf", "dot", ("typed.gexf", "gexf")),  # a typed suffix picks its format
    ("mine", "prov-json", ("mine.prov.json", "prov-json")),  # not the story's .json
    ("mine.json", "prov-json", ("mine.json.prov.json", "prov-json")),
    ("notes.v2", "graphml", ("notes.v2.graphml", "graphml")),  # a suffix no format has
    ("Loud.DOT", "graphml", ("Loud.DOT", "dot")),
])
def test_an_export_goes_where_and_as_the_dialog_says(asked: str, chosen: str,
                                                     target: tuple[str, str]) -> None:
    assert export_target(asked, chosen) == target


def test_the_chosen_format_wins_among_formats_sharing_a_suffix() -> None:
    shared = {"a": ".x", "b": ".x", "c": ".y"}
    assert export_target("f.x", "b", shared) == ("f.x", "b")
    assert export_target("f.x", "c", shared) == ("f.x", "a")
    assert format_for("f.x", shared) == "a"


def test_the_diagram_dialog_follows_the_same_rule() -> None:
    diagram = {"PNG": ".png", "SVG": ".svg", "PDF": ".pdf"}
    assert export_target("diagram", "SVG", diagram) == ("diagram.svg", "SVG")
    assert export_target("chart.pdf", "PNG", diagram) == ("chart.pdf", "PDF")


def test_the_save_dialog_renames_with_the_chosen_filter() -> None:
    suffixes = [".graphml", ".dot", ".prov.json", ".cyjs"]
    assert renamed("story.graphml", ".dot", suffixes) == "story.dot"
    assert renamed("story.prov.json", ".cyjs", suffixes) == "story.cyjs"
    assert renamed("notes", ".dot", suffixes) == "notes.dot"
    assert renamed("story.json", ".dot") == "story.json.dot"  # .json is no export's suffix
    assert renamed("Story.PROV.JSON", ".mmd") == "Story.mmd"


def test_an_unknown_format_is_a_provenance_error(syria: Story) -> None:
    with pytest.raises(ProvenanceError, match="unknown export format 'pdf'.*graphml"):
        export(syria, "pdf")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_invalid_story_is_refused(fmt: str) -> None:
    story = Story("Broken", actors=[Actor("a", "A")], reports=[Report("r", "a")],
                  links=[Link("r", "missing")])
    with pytest.raises(StoryFormatError, match="missing"):
        export(story, fmt)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_to_writes_the_export_atomically(syria: Story, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"story{FORMAT_SUFFIXES[fmt]}"
    export_to(syria, fmt, path)
    assert path.read_text(encoding="utf-8") == export(syria, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_failed_export_leaves_the_old_file(syria: Story, tmp_path: Path) -> None:
    path = tmp_path / "out.dot"
    path.write_text("old")
    with pytest.raises(ProvenanceError):
        export_to(syria, "nope", path)
    with pytest.raises(ProvenanceError):
        export_to(syria, "dot", tmp_path / "no-such-dir" / "out.dot")
    assert path.read_text() == "old"




def test_a_change_names_its_claim_when_several_claims_change() -> None:
    story = make_story(
        [report("r1", "a", mention("c1", "implies"), mention("c2", "questions")),
         report("r2", "b", mention("c1", "asserts"), mention("c2", "asserts"))],
        [link("r1", "r2", "paraphrases")])
    document = json.loads(export(story, "cytoscape", analyze(story)))
    assert document["elements"]["edges"][0]["data"]["change"] == (
        "c1: implies → asserts; c2: questions → asserts")
    _, links = parse_mermaid(export(story, "mermaid"))
    assert links == [("n0", "-->", "c1: implies → asserts<br/>c2: questions → asserts", "n1")]


