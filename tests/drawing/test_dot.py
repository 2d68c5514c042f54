"""Graphviz DOT, read back by dot itself, styled like the picture."""

from __future__ import annotations

import json
import re
import subprocess
import warnings
from typing import Any

import pytest
from hypothesis import given

import provenance
from provenance import Story
from provenance.drawing.dot import DOT_SLOW_REPORTS
from provenance.drawing.style import (
    ACTOR_COLORS,
    DISTORTION_COLOR,
    PLANTED_COLOR,
    POINT_COLOR,
    RELATION_STYLES,
    link_alpha,
)
from provenance.files.registry import (
    ExportWarning,
    export,
)
from provenance.model import Relation
from tests.drawing.test_mermaid import chain
from tests.exports import DOT, HOSTILE, hostile_story, needs_dot
from tests.test_properties import SETTINGS, story_documents

# --------------------------------------------------------------------------- #
# Graphviz DOT, read back by dot itself

def run_dot(text: str, fmt: str) -> str:
    assert DOT is not None
    done = subprocess.run([DOT, f"-T{fmt}"], input=text.encode("utf-8"), capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert not done.stderr, done.stderr.decode("utf-8", "replace")  # no warning either
    return done.stdout.decode("utf-8")


def dot_label(text: str) -> list[str]:
    """An escString label, as dot -Tjson gives it, as the lines it shows."""
    shown = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text,
                   flags=re.DOTALL)
    return shown.replace("&amp;", "&").split("\n")


@needs_dot
def test_dot_is_read_by_graphviz_and_styled_like_the_picture(syria: Story) -> None:
    text = export(syria, "dot")
    assert "rankdir=LR" in text
    graph = json.loads(run_dot(text, "json"))
    nodes = {o["name"]: o for o in graph["objects"]}
    assert sorted(nodes) == sorted(r.id for r in syria.reports)
    actors = {a.id: a for a in syria.actors}
    for rep in syria.reports:
        assert nodes[rep.id]["fillcolor"] == ACTOR_COLORS[actors[rep.actor].kind]
    point = nodes["ap-tweet"]
    assert dot_label(point["label"])[-1] == "point of distortion"
    assert float(point["penwidth"]) > float(nodes["ria-later"]["penwidth"]) > 1
    assert point["color"] == POINT_COLOR
    planted = nodes["ria-later"]  # where the claim was planted
    assert planted["color"] == PLANTED_COLOR and "dashed" in planted["style"]
    assert dot_label(planted["label"])[-1] == "planted here"
    assert nodes["headlines"]["color"] == "#4D4D4D"  # no finding: the default border
    names = [o["name"] for o in graph["objects"]]
    edges = {(names[e["tail"]], names[e["head"]]): e for e in graph["edges"]}
    assert len(edges) == len(syria.links)
    misread = edges[("ria-later", "ap-tweet")]
    assert dot_label(misread["label"]) == ["implies → attributes", "misattributed"]
    alpha = round(link_alpha(0.7) * 255)
    assert misread["color"] == f"{DISTORTION_COLOR}{alpha:02X}"  # faded: confidence 0.7
    assert dot_label(edges[("mod-statement", "ria-later")]["label"]) == [
        "invented"]
    rebuttal = edges[("headlines", "dod-statement")]
    assert rebuttal["style"] == "dashed"
    assert rebuttal["color"] == RELATION_STYLES[Relation.REBUTS].color
    assert not edges[("ap-tweet", "headlines")].get("label")
    run_dot(text, "svg")


@needs_dot
def test_dot_keeps_hostile_ids_and_labels_literal() -> None:
    story = hostile_story()
    text = export(story, "dot")
    assert "<<" not in text  # never an HTML-like label
    graph = json.loads(run_dot(text, "json"))
    objects = graph["objects"]
    assert len(objects) == len(HOSTILE)  # no two ids ran together
    by_title = {dot_label(o["label"])[2]: o for o in objects}
    for rid in HOSTILE:
        shown = " ".join(rid.replace("\x00", " ").replace("\x07", " ").split())
        node = by_title[f"{shown} title"]
        assert dot_label(node["label"])[1] == f"other [{shown}]"
    assert len(graph["edges"]) == len(story.links)
    svg = run_dot(text, "svg")
    assert "<b>bold</b>" not in svg and "&lt;b&gt;bold&lt;/b&gt; title" in svg
    assert "&amp;amp; title" in svg  # the text "&amp;", not an entity


@needs_dot
def test_dot_reads_every_generated_story_back() -> None:
    @SETTINGS
    @given(story_documents())
    def check(doc: dict[str, Any]) -> None:
        story = provenance.loads(json.dumps(doc))
        graph = json.loads(run_dot(export(story, "dot"), "json"))
        assert len(graph.get("objects", [])) == len(story.reports)
        assert len(graph.get("edges", [])) == len(story.links)

    check()




def test_dot_warns_past_the_size_it_lays_out_quickly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        export(chain(DOT_SLOW_REPORTS), "dot")
    with pytest.warns(ExportWarning, match=rf"{DOT_SLOW_REPORTS + 1} reports.*sfdp.*"
                                           r"provenance draw"):
        export(chain(DOT_SLOW_REPORTS + 1), "dot")




def test_the_likely_point_from_the_words_is_drawn_as_in_the_diagram() -> None:
    from tests.conftest import link, make_story, report

    story = make_story(
        [report("paper", "journal", text="Coffee drinking was associated with a lower risk "
                "of liver disease in this observational study."),
         report("release", "office", text="Coffee drinking prevents liver disease, "
                "a new study shows."),
         report("news", "daily", text="Coffee prevents liver disease.")],
        [link("paper", "release"), link("release", "news")])
    text = export(story, "dot")
    (ringed,) = [line for line in text.splitlines() if "likely point (from text)" in line]
    assert f'color="{POINT_COLOR}"' in ringed and "dashed" in ringed
    assert "(from text)" in text.split("->", 1)[1]


def test_every_planted_report_of_a_drawn_distortion_is_framed() -> None:
    from tests.conftest import link, make_story, mention, report

    story = make_story(
        [report("a", "x", mention("c", "questions")), report("b", "y", mention("c", "implies")),
         report("d", "z", mention("c", "asserts"))],
        [link("a", "b"), link("b", "d")])
    text = export(story, "dot")
    planted = [line for line in text.splitlines() if "planted here" in line]
    assert planted and all(f'color="{PLANTED_COLOR}"' in line for line in planted)


@needs_dot
def test_a_bidi_override_is_an_html_entity_that_graphviz_shows():
    from provenance.model import Actor, Claim, ClaimMention, Report, Stance

    story = Story("t", actors=[Actor("a", "abc\u202edcba")], claims=[Claim("c", "C")],
                  reports=[Report("r", "a", claims=[ClaimMention("c", Stance.ASSERTS)])])
    text = export(story, "dot")
    assert "abc&#8238;dcba" in text and "\u202e" not in text
    assert DOT is not None
    svg = subprocess.run([DOT, "-Tsvg"], input=text, capture_output=True, text=True,
                         check=True).stdout
    assert "abc\u202edcba" in svg
