"""GraphML and GEXF read back by networkx, python-igraph and graphology."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import networkx as nx
import pytest

from provenance import Story, analyze
from provenance.files.registry import (
    export,
    export_to,
)
from tests.conftest import link, make_story, report
from tests.exports import HOSTILE, READERS, hostile_story

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
