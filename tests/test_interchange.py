"""Exports read back by each format's own tools; PROV-JSON read back to an equal story."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs
import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from provenance import MissingExtraError, ProvenanceError, Story, StoryFormatError, analyze
from provenance.interchange import (
    DOT_SLOW_REPORTS,
    EXPORT_FORMATS,
    FORMAT_SUFFIXES,
    IMPORT_FORMATS,
    MERMAID_MAX_EDGES,
    MERMAID_MAX_TEXT,
    PVT_NAMESPACE,
    ExportWarning,
    export,
    export_to,
    import_prov_json,
)
from provenance.model import Actor, Link, Relation, Report
from provenance.style import (
    ACTOR_COLORS,
    DISTORTION_COLOR,
    PLANTED_COLOR,
    POINT_COLOR,
    RELATION_STYLES,
    link_alpha,
)
from tests.conftest import SAMPLES, link, make_story, mention, report
from tests.test_properties import SETTINGS, story_documents

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz `dot` is not installed")

#: Ids and texts that break formats written without care.
HOSTILE = ['a"b', "back\\", "new\nline", "<b>bold</b>", "x]y", "p|q", "#quot;", "é ü 漢字",
           "-lead.", "\\N", "&amp;", 'a\\"b', "ctl\x00\x07", "end", "--> n0", "%%c", "\r\ncr",
           "\u2028ls", "n0", "a b%20c", "'quote'", "{x}", "(y)", "`tick`", "a:b"]


def hostile_story() -> Story:
    claim = 'c[1]|"<b>'
    reports = [
        report(rid, f"act{i}", mention(claim, "implies" if i % 3 else "asserts"),
               title=f"{rid} title", text=f"text {rid}")
        for i, rid in enumerate(HOSTILE)
    ]
    links = [
        link(HOSTILE[i], HOSTILE[i + 1], ["cites", "rebuts", "quotes", "corrects",
                                          "paraphrases"][i % 5],
             confidence=0.5 if i % 2 else 1, note=HOSTILE[i])
        for i in range(len(HOSTILE) - 1)
    ]
    actors = [{"id": f"act{i}", "name": name, "kind": "person"} for i, name in enumerate(HOSTILE)]
    return make_story(reports, links, actors=actors, claims=[claim],
                      title='T "<i>" \\ | ] \n & x')


@pytest.fixture(params=SAMPLE_FILES, ids=lambda path: path.stem)
def sample(request: pytest.FixtureRequest) -> Story:
    return provenance.load(request.param)


# --------------------------------------------------------------------------- #
# The registry

def test_the_registry_names_every_format() -> None:
    assert EXPORT_FORMATS == ("graphml", "gexf", "cytoscape", "dot", "mermaid", "prov-json",
                              "prov-n")
    assert IMPORT_FORMATS == ("prov-json",)
    assert set(FORMAT_SUFFIXES) == set(EXPORT_FORMATS)


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


# --------------------------------------------------------------------------- #
# GraphML and GEXF, read back by networkx

def read_xml_graph(fmt: str, text: str) -> Any:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    return reader(io.BytesIO(text.encode("utf-8")))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_keep_ids_relations_and_stances(sample: Story, fmt: str) -> None:
    graph = read_xml_graph(fmt, export(sample, fmt))
    assert sorted(graph.nodes) == sorted(r.id for r in sample.reports)
    edges = sorted((u, v, data["relation"], round(data["confidence"], 9))
                   for u, v, data in graph.edges(data=True))
    assert edges == sorted((k.source, k.target, k.relation.value, round(k.confidence, 9))
                           for k in sample.links)
    actors = {a.id: a for a in sample.actors}
    for rep in sample.reports:
        node = graph.nodes[rep.id]
        assert node["actor"] == rep.actor
        assert node["actor_kind"] == actors[rep.actor].kind.value
        assert node["kind"] == rep.kind.value
        assert node["firsthand"] is sample.is_firsthand(rep.id)
        for m in rep.claims:
            assert m.stance.value in node[f"stance:{m.claim}"].split(",")
            if m.holder:
                assert m.holder in node[f"holder:{m.claim}"].split(",")
        assert "distortion" not in node  # no analysis given, no findings
        for key in ("published", "title", "text", "url", "language"):
            value = getattr(rep, key)
            assert node.get(key) == (str(value) if value is not None else None)
    title_key = "title" if fmt == "graphml" else "name"
    assert graph.graph[title_key] == sample.title


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_carry_the_analysis_when_given(syria: Story, fmt: str) -> None:
    graph = read_xml_graph(fmt, export(syria, fmt, analyze(syria)))
    point = graph.nodes["ap-tweet"]
    assert point["point_of_distortion"] is True and point["distortion"] is True
    assert point["role:coalition-jets"] == "inflated,misattributed"
    assert graph.nodes["ria-later"]["point_of_distortion"] is False
    assert graph.nodes["mod-statement"]["distortion"] is False
    changes = {(u, v): data.get("change") for u, v, data in graph.edges(data=True)
               if data["distortion"]}
    assert changes == {("ria-later", "ap-tweet"): "implies → attributes, misattributed",
                       ("mod-statement", "ria-later"): "invented"}


def test_graphml_keeps_the_claims_texts_as_graph_attributes(syria: Story) -> None:
    graph = read_xml_graph("graphml", export(syria, "graphml"))
    for claim in syria.claims:
        assert graph.graph[f"claim:{claim.id}"] == claim.text
    assert graph.graph["summary"] == syria.summary


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_parallel_links_are_all_kept(fmt: str) -> None:
    story = make_story([report("a", "x"), report("b", "y")],
                       [link("a", "b", "cites"), link("a", "b", "rebuts", note="also")])
    graph = read_xml_graph(fmt, export(story, fmt))
    assert sorted(d["relation"] for _, _, d in graph.edges(data=True)) == ["cites", "rebuts"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_hold_hostile_text(fmt: str) -> None:
    story = hostile_story()
    graph = read_xml_graph(fmt, export(story, fmt, analyze(story)))
    # XML cannot hold control characters: they (alone) become U+FFFD; the story's id is
    # kept as the node's report_id, and every node id is an XML NMTOKEN.
    expected = [rid.replace("\x00", "\ufffd").replace("\x07", "\ufffd") for rid in HOSTILE]
    assert [data["report_id"] for _, data in graph.nodes(data=True)] == expected
    assert all(NMTOKEN.fullmatch(node) for node in graph.nodes)
    assert graph.number_of_nodes() == len(HOSTILE)
    assert graph.number_of_edges() == len(story.links)
    by_id = {data["report_id"]: data for _, data in graph.nodes(data=True)}
    assert by_id["<b>bold</b>"]["title"] == "<b>bold</b> title"
    assert graph.nodes["a:b"]["report_id"] == "a:b"  # an NMTOKEN already: kept as it is


#: An XML NMTOKEN (ASCII and the common Unicode name characters are enough for the tests).
NMTOKEN = re.compile(r"[\w.:\-\u00b7\u0300-\u036f\u203f\u2040]+")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_give_every_edge_its_own_id(fmt: str) -> None:
    story = make_story([report("a", "x"), report("b", "y"), report("c", "z")],
                       [link("a", "b"), link("a", "b", "rebuts"), link("b", "c"),
                        link("a", "c")])
    text = export(story, fmt)
    assert re.findall(r'<edge id="([^"]*)"', text) == ["e0", "e1", "e2", "e3"]
    assert "networkx_key" not in text


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_export_ids_are_nmtokens_whatever_the_story_ids(fmt: str) -> None:
    ids = ["has space", "has_space", "1st", "a/b", "é漢", "x\ufffey", "-dash", "has_space-2",
           "\U0001fffe", "tab\there"]
    story = make_story([report(rid, "x") for rid in ids],
                       [link("has space", "has_space"), link("a/b", "é漢"),
                        link("has space", "\U0001fffe")])
    text = export(story, fmt)
    node_ids = re.findall(r'<node id="([^"]*)"', text)
    assert len(set(node_ids)) == len(ids) and all(NMTOKEN.fullmatch(n) for n in node_ids)
    key_ids = re.findall(r'<(?:key|attribute) id="([^"]*)"', text)
    assert key_ids and all(NMTOKEN.fullmatch(k) for k in key_ids)
    graph = read_xml_graph(fmt, text)
    report_ids = {node: data["report_id"] for node, data in graph.nodes(data=True)}
    assert list(report_ids.values()) == [
        rid.replace("\ufffe", "\ufffd").replace("\U0001fffe", "\ufffd") for rid in ids]
    assert sorted((report_ids[u], report_ids[v]) for u, v in graph.edges()) == [
        ("a/b", "é漢"), ("has space", "has_space"), ("has space", "\ufffd")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_many_ids_that_become_the_same_name_stay_distinct(fmt: str) -> None:
    # 2,000 ids that all become "a__b" (and one that already is it): numbered in order.
    ids = ["a__b", *(f"a{chr(0x2190 + i % 1000)}{chr(0x2500 + i // 1000)}b" for i in range(2000))]
    story = make_story([report(rid, "x") for rid in ids], [link(ids[1], ids[-1])])
    node_ids = re.findall(r'<node id="([^"]*)"', export(story, fmt))
    assert node_ids == ["a__b", *(f"a__b-{n}" for n in range(2, 2002))]


def test_gexf_is_the_same_every_time(syria: Story) -> None:
    result = analyze(syria)
    first = export(syria, "gexf", result)
    assert first.encode("utf-8") == export(syria, "gexf", result).encode("utf-8")
    assert "lastmodifieddate" not in first and "networkx" not in first.lower()


# --------------------------------------------------------------------------- #
# GraphML read by python-igraph, GraphML and GEXF read by graphology (Gephi Lite's reader)

try:
    import igraph
except ImportError:  # pragma: no cover - `make test` installs the dev extra
    igraph = None
needs_igraph = pytest.mark.skipif(igraph is None, reason="python-igraph (the dev extra) is missing")
READERS = Path(__file__).resolve().parent.parent / "tools" / "readers"


@needs_igraph
def test_graphml_is_read_by_igraph(syria: Story, tmp_path: Path) -> None:
    path = tmp_path / "story.graphml"
    export_to(syria, "graphml", path, analyze(syria))
    graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.is_directed()
    assert graph.vs["report_id"] == [r.id for r in syria.reports]
    ids = graph.vs["report_id"]
    assert [(ids[e.source], ids[e.target], e["relation"]) for e in graph.es] == [
        (k.source, k.target, k.relation.value) for k in syria.links]
    assert graph["title"] == syria.title
    assert graph.vs.find(report_id="ap-tweet")["point_of_distortion"] is True


@needs_igraph
def test_igraph_reads_parallel_links_and_hostile_ids(tmp_path: Path) -> None:
    story = hostile_story()
    path = tmp_path / "story.graphml"
    export_to(story, "graphml", path)
    graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.vcount() == len(HOSTILE) and graph.ecount() == len(story.links)
    assert graph.vs["report_id"][2] == "new\nline"
    assert graph.vs["report_id"][HOSTILE.index("\r\ncr")] == "\r\ncr"  # CR kept


@pytest.fixture(scope="module")
def graphology() -> Any:
    """Reads a GraphML or GEXF text with graphology under node, as Gephi Lite does."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed: graphology cannot be run")
    if not (READERS / "package-lock.json").is_file():
        pytest.skip("tools/readers is not here (not a checkout): no graphology to install")
    if not (READERS / "node_modules" / "graphology-graphml").is_dir():
        done = subprocess.run(["bash", str(READERS.parent / "node-readers.sh")],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, f"tools/node-readers.sh failed:\n{done.stderr}"

    def read(fmt: str, text: str, tmp_path: Path) -> dict[str, Any]:
        path = tmp_path / f"story.{fmt}"
        path.write_bytes(text.encode("utf-8"))
        done = subprocess.run([node, str(READERS / "read.js"), fmt, str(path)],
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, f"graphology refused the {fmt}: {done.stderr}"
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    return read


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_are_read_by_graphology(graphology: Any, syria: Story, fmt: str,
                                              tmp_path: Path) -> None:
    graph = graphology(fmt, export(syria, fmt, analyze(syria)), tmp_path)
    assert graph["type"] == "directed"
    nodes = dict(graph["nodes"])
    assert [n["report_id"] for n in nodes.values()] == [r.id for r in syria.reports]
    assert nodes["ap-tweet"]["point_of_distortion"] is True
    assert nodes["ap-tweet"]["role:coalition-jets"] == "inflated,misattributed"
    assert [(s, t, a["relation"]) for _, s, t, a in graph["edges"]] == [
        (k.source, k.target, k.relation.value) for k in syria.links]
    assert len({edge_id for edge_id, *_ in graph["edges"]}) == len(syria.links)
    if fmt == "graphml":
        assert graph["attributes"]["title"] == syria.title


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphology_reads_parallel_links_and_hostile_ids(graphology: Any, fmt: str,
                                                         tmp_path: Path) -> None:
    story = hostile_story()
    story = attrs.evolve(story, links=[*story.links, story.links[0], story.links[0]])
    graph = graphology(fmt, export(story, fmt, analyze(story)), tmp_path)
    assert graph["multi"] is True
    assert len(graph["edges"]) == len(story.links)
    shown = [n["report_id"] for _, n in graph["nodes"]]
    assert shown == [rid.replace("\x00", "\ufffd").replace("\x07", "\ufffd")
                     for rid in HOSTILE]
# --------------------------------------------------------------------------- #
# Cytoscape.js JSON

def test_cytoscape_json_has_every_report_and_link(sample: Story) -> None:
    document = json.loads(export(sample, "cytoscape", analyze(sample)))
    nodes = [element["data"] for element in document["elements"]["nodes"]]
    edges = [element["data"] for element in document["elements"]["edges"]]
    assert [n["id"] for n in nodes] == [r.id for r in sample.reports]
    assert [(e["source"], e["target"], e["relation"]) for e in edges] == [
        (k.source, k.target, k.relation.value) for k in sample.links]
    ids = [n["id"] for n in nodes] + [e["id"] for e in edges]
    assert len(ids) == len(set(ids))  # Cytoscape.js: one id space for all elements
    assert document["data"]["title"] == sample.title
    point = analyze(sample).point_of_distortion
    assert [n["id"] for n in nodes if n["point_of_distortion"]] == (
        [point.report] if point else [])
    for n in nodes:
        assert None not in n.values()


def test_cytoscape_edge_ids_never_clash_with_report_ids() -> None:
    story = make_story([report("a", "x"), report("b", "y"), report("a->b", "z")],
                       [link("a", "b"), link("a", "b", "rebuts"), link("b", "a->b")])
    document = json.loads(export(story, "cytoscape"))
    ids = [e["data"]["id"] for group in document["elements"].values() for e in group]
    assert len(ids) == len(set(ids)) == 6


def test_cytoscape_keeps_hostile_ids_exactly() -> None:
    story = hostile_story()
    document = json.loads(export(story, "cytoscape"))
    assert [n["data"]["id"] for n in document["elements"]["nodes"]] == HOSTILE


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


# --------------------------------------------------------------------------- #
# Mermaid: its structure, line by line

MERMAID_NODE = re.compile(r'    ([ng]\d+)\["([^"\n]*)"\]')
MERMAID_LINK = re.compile(r'    ([ng]\d+) (-->|-\.->)(?:\|"([^"\n]*)"\|)? ([ng]\d+)')
MERMAID_ENTITY = re.compile(r"#(\w+);")
ENTITY_NAMES = {"quot": '"', "amp": "&", "lt": "<", "gt": ">"}


def mermaid_text(label: str) -> list[str]:
    """The lines a Mermaid label shows, entity codes decoded."""
    assert not set(label) & set('"[]|(){}<>`\\\n') - {"<", ">"} or "<br/>" in label
    shown = MERMAID_ENTITY.sub(
        lambda m: ENTITY_NAMES.get(m.group(1)) or chr(int(m.group(1))), label)
    return shown.split("<br/>") if "<br/>" in label else [shown]


def parse_mermaid(text: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str, str]]]:
    lines = text.splitlines()
    assert lines[0] == "---" and lines[1].startswith("title: ") and lines[2] == "---"
    assert lines[3] == "flowchart LR"
    nodes: dict[str, list[str]] = {}
    links = []
    for line in lines[4:]:
        if match := MERMAID_NODE.fullmatch(line):
            assert match.group(1) not in nodes
            for part in re.split(r"<br/>", match.group(2)):
                assert not set(part) & set('"[]|(){}<>`\\')
            nodes[match.group(1)] = mermaid_text(match.group(2))
        elif match := MERMAID_LINK.fullmatch(line):
            links.append((match.group(1), match.group(2), match.group(3) or "",
                          match.group(4)))
        else:
            assert re.fullmatch(r"    (classDef \w+ [\w:#., -]+|class [ng\d,]+ \w+|"
                                r"linkStyle \d+ [\w:#., -]+)", line), line
    return nodes, links


def test_mermaid_is_a_flowchart_of_every_report(syria: Story) -> None:
    nodes, links = parse_mermaid(export(syria, "mermaid"))
    assert len(nodes) == len(syria.reports)
    actors = {a.id: a for a in syria.actors}
    for rep, lines in zip(syria.reports, nodes.values(), strict=True):
        assert lines[0] == actors[rep.actor].name
        assert lines[1] == f"{rep.kind.value.replace('_', ' ')} [{rep.id}]"
    ids = {rep.id: node for rep, node in zip(syria.reports, nodes, strict=True)}
    assert len(links) == len(syria.links)
    for k, (source, arrow, _, target) in zip(syria.links, links, strict=True):
        assert (source, target) == (ids[k.source], ids[k.target])
        assert arrow == ("-.->" if k.relation in (Relation.REBUTS, Relation.CORRECTS) else "-->")
    assert (ids["ria-later"], "-->", "implies → attributes<br/>misattributed",
            ids["ap-tweet"]) in links
    text = export(syria, "mermaid")
    assert f"class {ids['ap-tweet']} point" in text
    assert nodes[ids["ap-tweet"]][-1] == "point of distortion"
    assert re.search(r"classDef point stroke:#D7191C,stroke-width:4px", text)
    assert f"class {ids['ria-later']} planted" in text
    assert "classDef planted stroke:#F28E2B,stroke-width:2.4px,stroke-dasharray:4 2" in text


def test_mermaid_keeps_hostile_labels_inside_their_quotes() -> None:
    story = hostile_story()
    text = export(story, "mermaid")
    nodes, links = parse_mermaid(text)
    assert list(nodes) == [f"n{i}" for i in range(len(HOSTILE))]  # ids made safe, unique
    for rid, lines in zip(HOSTILE, nodes.values(), strict=True):
        shown = " ".join(rid.replace("\x00", " ").replace("\x07", " ").split())
        assert lines[1] == f"other [{shown}]"
        assert lines[2] == f"{shown} title"
    assert len(links) == len(story.links)
    # The title is a YAML (JSON) string shown as written, "<" as "‹" (mmdc checks it below).
    title = json.loads(text.splitlines()[1][len("title: "):])
    assert title == 'T "\u2039i>" \\ | ] & x'


def test_mermaid_reads_every_generated_story() -> None:
    @SETTINGS
    @given(story_documents())
    def check(doc: dict[str, Any]) -> None:
        story = provenance.loads(json.dumps(doc))
        nodes, links = parse_mermaid(export(story, "mermaid"))
        assert len(nodes) == len(story.reports) and len(links) == len(story.links)

    check()


def chain(n: int, name: str = "Outlet", every: int = 2) -> Story:
    """A chain of ``n`` reports; one in ``every`` implies the claim, the others assert it."""
    reports = [report(f"r{i}", f"a{i % 7}", mention("c", "asserts" if i % every else "implies"))
               for i in range(n)]
    actors = [{"id": f"a{i}", "name": f"{name} {i}"} for i in range(7)]
    return make_story(reports, [link(f"r{i}", f"r{i + 1}", "paraphrases") for i in range(n - 1)],
                      actors=actors)


def check_limits(text: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str, str]]]:
    nodes, links = parse_mermaid(text)
    assert len(links) <= MERMAID_MAX_EDGES and len(text) <= MERMAID_MAX_TEXT
    assert len(re.findall(r"^    linkStyle ", text, flags=re.M)) == len(links)
    return nodes, links


def test_mermaid_past_its_edge_limit_writes_the_distortion_skeleton() -> None:
    from benchmarks.cascade import cascade

    story = provenance.loads(json.dumps(cascade(400, seed=3, distortion_rate=0.02)))
    assert len(story.links) > MERMAID_MAX_EDGES
    result = analyze(story)
    with pytest.warns(ExportWarning, match=r"400 reports and \d+ links, past what Mermaid "
                                           r"draws.*distortion skeleton.*export dot or graphml"):
        text = export(story, "mermaid", result)
    nodes, links = check_limits(text)
    shown = {lines[1].rsplit("[", 1)[1].rstrip("]"): node for node, lines in nodes.items()
             if node.startswith("n")}
    point = result.point_of_distortion
    assert point is not None
    expected = {point.report, *point.sources, *result.planted}
    for distortion in result.distortions:
        expected |= {distortion.report, *distortion.sources}
    for findings in result.claims.values():
        expected |= set(findings.rebuttals)
    assert set(shown) == expected
    assert nodes[shown[point.report]][-1] == "point of distortion"
    groups = {node: lines[0] for node, lines in nodes.items() if node.startswith("g")}
    reach: dict[str, int] = {}  # a report distorting several claims: its greatest reach
    for distortion in result.distortions:
        reach[distortion.report] = max(reach.get(distortion.report, 0), len(distortion.reach))
    assert len(groups) == sum(1 for count in reach.values() if count)
    for distortion_report, count in reach.items():
        if count:
            group = "g" + shown[distortion_report][1:]
            assert groups[group] == (f"{count:,} report{'s repeat' if count > 1 else ' repeats'}"
                                     " it faithfully")
            assert (shown[distortion_report], "-->", "", group) in links
    assert "distortion skeleton" in text.splitlines()[1]


def test_mermaid_past_its_text_limit_writes_the_skeleton_too() -> None:
    story = chain(400, name="A newspaper with a long name, " * 2, every=1000)
    assert len(story.links) < MERMAID_MAX_EDGES
    with pytest.warns(ExportWarning, match=r"characters\).*distortion skeleton"):
        text = export(story, "mermaid")
    nodes, links = check_limits(text)
    assert len(nodes) == 3  # who implied, who inflated it, and the 398 who repeat that
    assert nodes["g1"] == ["398 reports repeat it faithfully"]


def test_mermaid_refuses_a_story_too_big_with_no_distortion_to_draw() -> None:
    story = make_story([report(f"r{i}", "a", mention("c", "asserts")) for i in range(600)],
                       [link(f"r{i}", f"r{i + 1}", "quotes") for i in range(599)])
    assert analyze(story).distortions == ()
    with pytest.raises(ProvenanceError, match=r"no distortion.*export dot or graphml"):
        export(story, "mermaid")


def test_mermaid_refuses_a_skeleton_past_its_limits_and_says_what_to_do() -> None:
    story = chain(1200)  # every other report inflates the claim: 600 distortions
    with pytest.raises(ProvenanceError, match=r"so has its distortion skeleton.*"
                                              r"export dot or graphml.*provenance draw"):
        export(story, "mermaid")


def test_mermaid_within_its_limits_is_the_whole_story_without_a_warning(syria: Story) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nodes, _ = parse_mermaid(export(syria, "mermaid"))
    assert len(nodes) == len(syria.reports)


# --------------------------------------------------------------------------- #
# Mermaid rendered by mmdc (mermaid-cli, Mermaid's own renderer, in the system Chromium)

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def mmdc() -> Any:
    """Renders a Mermaid text to SVG with mmdc, as a page showing it would draw it."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed: mmdc cannot be run")
    config = READERS / "puppeteer.json"
    if not (READERS / "package-lock.json").is_file() or not config.is_file():
        pytest.skip("tools/readers is not here (not a checkout): no mmdc to install")
    browser = json.loads(config.read_text())["executablePath"]
    if not Path(browser).is_file():
        pytest.skip(f"{browser} is not installed (tools/system-deps.sh installs chromium)")
    script = READERS / "node_modules" / "@mermaid-js" / "mermaid-cli" / "src" / "cli.js"
    if not script.is_file():
        done = subprocess.run(["bash", str(READERS.parent / "node-readers.sh")],
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, f"tools/node-readers.sh failed:\n{done.stderr}"

    def render(text: str, tmp_path: Path) -> ElementTree.Element:
        source, svg = tmp_path / "story.mmd", tmp_path / "story.svg"
        source.write_bytes(text.encode("utf-8"))
        done = subprocess.run([node, str(script), "-p", str(config), "-q",
                               "-i", str(source), "-o", str(svg)],
                              capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, f"mmdc refused the diagram: {done.stderr}"
        return ElementTree.fromstring(svg.read_bytes())

    return render


def svg_labels(svg: ElementTree.Element) -> list[list[str]]:
    """The lines of every label the SVG shows (Mermaid's HTML labels, `<br>` between lines)."""
    labels = []
    for p in svg.iter(f"{XHTML}p"):
        lines = [p.text or ""]
        for child in p:
            assert child.tag == f"{XHTML}br", child.tag  # no markup from the story
            lines.append(child.tail or "")
        labels.append(lines)
    return labels


def svg_title(svg: ElementTree.Element) -> str:
    (title,) = (t for t in svg.iter(f"{SVG}text") if t.get("class") == "flowchartTitleText")
    assert len(title) == 0  # text only, no elements inside
    return title.text or ""


HOSTILE_TITLE = 'T <b>bold</b> # "q" \'s\' </script> & #lt; &amp; x<y>z a > b \\ `t`'


def test_mmdc_draws_hostile_labels_and_title_as_their_literal_text(
        mmdc: Any, tmp_path: Path) -> None:
    story = attrs.evolve(hostile_story(), title=HOSTILE_TITLE)
    text = export(story, "mermaid")
    svg = mmdc(text, tmp_path)
    assert not any(el.tag in (f"{XHTML}b", f"{XHTML}script", f"{SVG}script", f"{XHTML}i")
                   for el in svg.iter())
    nodes, links = parse_mermaid(text)
    shown = svg_labels(svg)
    for lines in nodes.values():  # every card, as the export meant it, `<b>` and `#quot;` too
        assert lines in shown
    changes = [mermaid_text(label) for _, _, label, _ in links if label]
    assert changes and all(lines in shown for lines in changes)
    # Mermaid shows the title as text, does not decode entity codes in it, and has no
    # spelling of "<" that its sanitizer lets through: the title shows "‹" instead.
    assert svg_title(svg) == HOSTILE_TITLE.replace("<", "\u2039")


def test_mmdc_draws_the_skeleton_of_a_story_past_mermaids_limits(
        mmdc: Any, tmp_path: Path) -> None:
    from benchmarks.cascade import cascade

    story = provenance.loads(json.dumps(cascade(300, seed=3, distortion_rate=0.02)))
    result = analyze(story)
    assert len(story.links) > MERMAID_MAX_EDGES
    with pytest.warns(ExportWarning, match="distortion skeleton"):
        text = export(story, "mermaid", result)
    svg = mmdc(text, tmp_path)
    drawn = ElementTree.tostring(svg, encoding="unicode")
    assert "Maximum text size in diagram exceeded" not in drawn
    assert "Syntax error" not in drawn
    point = result.point_of_distortion
    assert point is not None
    nodes, _ = parse_mermaid(text)
    (card,) = (lines for lines in nodes.values() if lines[-1] == "point of distortion")
    assert f"[{point.report}]" in card[1]
    assert card in svg_labels(svg)
    reports = sum(1 for node in nodes if node.startswith("n"))
    assert svg_title(svg).endswith(f"(distortion skeleton: {reports} of 300 reports)")


def test_the_cli_says_on_stderr_when_an_export_is_cut_or_slow(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    path.write_text(provenance.dumps(chain(1200)))
    for fmt, expected in (("dot", "sfdp"), ("mermaid", "export dot or graphml")):
        done = subprocess.run([sys.executable, "-m", "provenance", "export", str(path),
                               "--to", fmt, "-o", str(tmp_path / f"out.{fmt}")],
                              capture_output=True, text=True, timeout=300, check=False)
        assert expected in done.stderr
        assert "Traceback" not in done.stderr
        assert done.returncode == (0 if fmt == "dot" else 1), done.stderr


def test_dot_warns_past_the_size_it_lays_out_quickly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        export(chain(DOT_SLOW_REPORTS), "dot")
    with pytest.warns(ExportWarning, match=rf"{DOT_SLOW_REPORTS + 1} reports.*sfdp.*"
                                           r"provenance draw"):
        export(chain(DOT_SLOW_REPORTS + 1), "dot")


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
        "entity(report:ap-tweet, [prov:type='pvt:Report', pvt:kind=\"post\"])",
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


# --------------------------------------------------------------------------- #
# Characters no output holds raw, whatever the story's text

#: Characters that break one format or another when written raw.
AWKWARD = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\x00", "\x1b",
           "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ud800", "\udfff", "</script>",
           "</SCRIPT ", "<!--", "-->", "]]>", "&", '"', "\\", "\r\n", "#", "%%", "\n---\n"]
awkward_text = st.lists(st.one_of(st.sampled_from(AWKWARD),
                                  st.characters(exclude_categories=())),
                        max_size=8).map("".join)


def is_noncharacter(ch: str) -> bool:
    return 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE


def raw_trouble(fmt: str, text: str) -> list[str]:
    """What in ``text`` (an export) a reader of ``fmt`` should never meet raw."""
    found = [f"U+{ord(ch):04X}" for ch in set(text)
             if is_noncharacter(ch) or 0xD800 <= ord(ch) <= 0xDFFF
             or (ch < " " and ch not in "\t\n\r")]
    if fmt in ("graphml", "gexf"):
        found += [f"U+{ord(ch):04X}" for ch in set(text) if "\x7f" <= ch <= "\x9f"]
    if fmt == "cytoscape":
        found += [bad for bad in ("<", ">", "&", "\u2028", "\u2029") if bad in text]
    return found


@st.composite
def awkward_stories(draw: st.DrawFn) -> Story:
    from provenance.model import Claim, ClaimMention, Stance

    ids = draw(st.lists(awkward_text.filter(bool), min_size=2, max_size=4, unique=True))
    reports = [Report(rid, "a", title=draw(awkward_text) or None, text=draw(awkward_text) or None,
                      claims=[ClaimMention("c", Stance.ASSERTS if i else Stance.IMPLIES)])
               for i, rid in enumerate(ids)]
    links = [Link(ids[i], ids[i + 1], Relation.PARAPHRASES, note=draw(awkward_text) or None)
             for i in range(len(ids) - 1)]
    return Story(draw(awkward_text), summary=draw(awkward_text) or None,
                 actors=[Actor("a", draw(awkward_text) or "A")],
                 claims=[Claim("c", draw(awkward_text) or "C")], reports=reports, links=links)


@SETTINGS
@given(awkward_stories())
def test_no_export_holds_a_character_its_readers_refuse(story: Story) -> None:
    import xml.etree.ElementTree as ElementTree

    from provenance.io import story_to_data

    formats = [f for f in EXPORT_FORMATS if prov is not None or not f.startswith("prov")]
    # JSON holds a lone surrogate only as half of a pair: such a story cannot come back.
    surrogates = re.search("[\ud800-\udfff]", json.dumps(story_to_data(story),
                                                         ensure_ascii=False))
    for fmt in formats:
        try:
            text = export(story, fmt, analyze(story))
        except StoryFormatError as err:  # a lone surrogate may be refused, with its place
            assert "surrogate" in str(err)
            continue
        text.encode("utf-8")  # no lone surrogate: encodes strictly
        assert raw_trouble(fmt, text) == [], fmt
        if fmt in ("graphml", "gexf"):
            ElementTree.fromstring(text.encode("utf-8"))  # well-formed XML
        elif fmt == "cytoscape":  # the same ids, lone surrogates (alone) made U+FFFD
            nodes = json.loads(text)["elements"]["nodes"]
            assert [n["data"]["id"] for n in nodes] == [
                re.sub("[\ud800-\udfff]", "\ufffd", r.id) for r in story.reports]
        elif fmt == "prov-json" and not surrogates:
            assert import_prov_json(text)[0] == story  # escaped, not lost
