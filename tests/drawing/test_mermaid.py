"""Mermaid: its structure line by line, its limits, and mmdc's rendering."""

from __future__ import annotations

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
import pytest
from hypothesis import given

import provenance
from provenance import ProvenanceError, Story, analyze
from provenance.drawing.mermaid import MERMAID_MAX_EDGES, MERMAID_MAX_TEXT
from provenance.files.registry import (
    ExportWarning,
    export,
)
from provenance.model import Relation
from tests.conftest import link, make_story, mention, report
from tests.exports import HOSTILE, READERS, hostile_story
from tests.test_properties import SETTINGS, story_documents

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
        kind, _, rest = lines[1].partition(" · ")  # a dated card: "post · 2017-01-23 ..."
        assert (kind if rest else lines[1].rsplit(" [", 1)[0]) == rep.kind.value.replace("_", " ")
        assert lines[1].endswith(f" [{rep.id}]") and bool(rest) == (rep.published is not None)
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




def test_a_bidi_override_is_written_as_an_entity_code():
    # Mermaid shows #8238; as U+202E; the file itself shows nothing reordered, in an
    # editor or a terminal (export writes to standard output by default).
    from provenance.model import Actor, Claim, ClaimMention, Report, Stance

    story = Story("t", actors=[Actor("a", "abc\u202edcba\u2066")], claims=[Claim("c", "C")],
                  reports=[Report("r\u202e", "a", claims=[ClaimMention("c", Stance.ASSERTS)])])
    text = export(story, "mermaid")
    assert "abc#8238;dcba#8294;" in text and "r#8238;" in text
    assert "\u202e" not in text and "\u2066" not in text
