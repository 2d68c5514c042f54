"""The page for readers without a browser: self-contained, the library's picture, inert
strings, its size, the skeleton past its limit, and the command line."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance.drawing.picture import describe, prepare, skeleton
from provenance.errors import ExportWarning
from provenance.files import html as page
from provenance.files.registry import export, export_to, format_for, get
from provenance.model import Actor, Claim, ClaimMention, Link, Report, Stance, Story
from tests.conftest import link, make_story, mention, report

ROOT = Path(__file__).resolve().parents[2]
SYRIA = ROOT / "samples" / "syria-joint-strike.json"

#: Strings a page must show as text and never run.
NASTY = ["</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>",
         "<!-- <script>", "\u2028\u2029", "&amp; &lt;", "javascript:alert(1)"]


def nasty_story() -> Story:
    """Built in code, past the loader's checks: a javascript: URL and markup everywhere."""
    return Story(
        NASTY[0], actors=[Actor("a", NASTY[1]), Actor("b", NASTY[2])],
        claims=[Claim("c", NASTY[0] + NASTY[1])],
        reports=[
            Report("r1", "a", url="javascript:alert(1)", text=NASTY[1], title=NASTY[3],
                   claims=[ClaimMention("c", Stance.IMPLIES)]),
            Report("r2", "b", url="https://example.org/x?a=<script>", text=NASTY[0],
                   title=NASTY[4], claims=[ClaimMention("c", Stance.ASSERTS)]),
        ],
        links=[Link("r1", "r2", note=NASTY[0])])


def embedded(text: str) -> Any:
    """The JSON the page carries."""
    found = re.search(r'<script type="application/json" id="story-data">(.*?)</script>',
                      text, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_page_is_one_file_that_loads_nothing():
    text = export(provenance.load(SYRIA), "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", text, re.I)
    assert "<link" not in text and "@import" not in text
    # url() only names the page's own arrowheads (url(#arrow0)).
    assert set(re.findall(r"url\(([^)]*)\)", text)) <= {'#" + id + "'}
    assert re.search(r"<script\s+src", text) is None
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert csp is not None and "default-src 'none'" in csp.group(1)


def test_the_policy_allows_exactly_the_page_s_own_script_and_style():
    text = export(provenance.load(SYRIA), "html")
    csp = re.search(r'content="(default-src[^"]+)"', text).group(1)  # type: ignore[union-attr]
    script = re.findall(r"<script>(.*?)</script>", text, re.S)
    style = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert len(script) == 1 and len(style) == 1

    def digest(body: str) -> str:
        return base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(script[0])}'" in csp
    assert f"style-src 'sha256-{digest(style[0])}'" in csp
    assert "unsafe-inline" not in csp


def test_the_page_draws_the_picture_provenance_draw_lays_out():
    story = provenance.load(SYRIA)
    ready = prepare(story)
    picture = describe(story, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    data = embedded(export(story, "html"))
    assert [card["id"] for card in data["cards"]] == list(picture.cards)
    for card in data["cards"]:
        box = ready.layout.cards[card["id"]]
        assert (card["x"], card["y"]) == (round(box.x, 1), round(box.y, 1))
        view = picture.cards[card["id"]]
        assert card["lines"] == list(view.lines)
        assert data["looks"][card["look"]][:2] == [view.look.face, view.look.edge]
    assert data["marked"] == picture.marked == "ap-tweet"
    changed = {(data["cards"][k["s"]]["id"], data["cards"][k["t"]]["id"]): k["changes"]
               for k in data["links"] if k["changes"]}
    assert changed == {view.key: list(view.changes) for view in picture.links if view.changes}
    assert data["caption"] == list(picture.caption)
    assert "POINT OF DISTORTION" in data["account"]


def test_the_claim_lens_greys_what_the_library_s_lens_greys():
    story = provenance.load(SYRIA)
    data = embedded(export(story, "html"))
    for lens in data["lenses"]:
        picture = describe(story, claim=lens["id"])
        expected = [bool(picture.cards[card["id"]].look.legend) for card in data["cards"]]
        assert lens["carries"] == expected
        assert lens["caption"] == list(picture.caption)
    assert any(not carries for lens in data["lenses"] for carries in lens["carries"])


def test_strings_from_the_story_stay_text():
    text = page.page_html(describe(nasty_story()))
    # The page's own two scripts close; nothing from the story closes or opens one.
    assert text.count("</script>") == 2 and text.count("<script") == 2
    # One image: the timeline chart, an SVG from a data: URL (which runs no script).
    assert text.count("<img") == 1 and '<img id="timeline"' in text and "<!--" not in text
    assert "\u2028" not in text and "\u2029" not in text
    data = embedded(text)
    assert data["title"] == NASTY[0]
    assert data["cards"][0]["actor"] == NASTY[1]
    assert data["cards"][0]["url"] == "javascript:alert(1)"  # shown as text, never a link
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in text


def test_the_syria_page_is_small():
    assert len(export(provenance.load(SYRIA), "html").encode()) < 300_000


def test_past_the_limit_the_page_shows_the_distortion_skeleton(monkeypatch):
    reports = [report("a", "x", mention("c", "implies")),
               report("b", "y", mention("c", "asserts"))]
    reports += [report(f"r{i}", "x", mention("c", "asserts")) for i in range(6)]
    links = [link("a", "b")] + [link("b", f"r{i}") for i in range(6)]
    story = make_story(reports, links, claims=["c"])
    monkeypatch.setattr(page, "PAGE_MAX_REPORTS", 5)
    picture = describe(story)
    shown, _, groups = skeleton(picture)
    with pytest.warns(ExportWarning, match="wrote its distortion skeleton instead"):
        data = page.page_data(picture)
    assert [card["id"] for card in data["cards"]] == shown == ["a", "b"]
    assert data["skeleton"] == {"shown": 2, "of": 8}
    assert [(data["cards"][g["of"]]["id"], g["count"]) for g in data["groups"]] == \
        list(groups.items()) == [("b", 6)]
    assert sorted(m["id"] for m in data["groups"][0]["members"]) == [f"r{i}" for i in range(6)]


def test_html_is_a_registered_export(tmp_path):
    assert get("html").suffix == ".html" and format_for("story.HTML") == "html"
    out = tmp_path / "story.html"
    export_to(provenance.load(SYRIA), "html", out)
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_the_command_line_writes_the_page(tmp_path):
    out = tmp_path / "story.html"
    done = subprocess.run([sys.executable, "-m", "provenance", "export", str(SYRIA),
                           "--to", "html", "-o", str(out)], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert embedded(out.read_text("utf-8"))["title"] == provenance.load(SYRIA).title


def test_the_page_s_script_and_style_are_package_data():
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"provenance.files.page" = ["*.js", "*.css"]' in text
    assert '"provenance.files.page",' in text
    assert (ROOT / "provenance" / "files" / "page" / "page.js").is_file()


def test_a_story_without_reports_or_distortions_still_gets_a_page():
    data = embedded(export(Story("Empty"), "html"))
    assert data["cards"] == [] and data["links"] == [] and data["lenses"] == []
    assert data["account"].startswith("No distortion found")


def test_the_page_shows_the_timeline_with_its_words():
    story = provenance.load(ROOT / "samples" / "science-press-release.json")
    text = export(story, "html")
    image = re.search(r'<img id="timeline" alt="([^"]*)" src="data:image/svg\+xml;base64,', text)
    assert image is not None
    assert "1 of 5 reports carrying it came after the first denial" in image.group(1)
    undated = attrs.evolve(provenance.load(SYRIA), reports=[
        attrs.evolve(r, published=None) for r in provenance.load(SYRIA).reports])
    assert "No report in this story has a date" in export(undated, "html")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
                | st.sampled_from(NASTY), min_size=1, max_size=4))
def test_any_string_comes_back_from_the_page_s_json_as_it_was(words):
    title, text, name, note = (words * 4)[:4]
    story = Story(title, actors=[Actor("a", name or "A")], claims=[Claim("c", "C")],
                  reports=[Report("r1", "a", text=text or None, claims=[
                      ClaimMention("c", Stance.IMPLIES)]),
                      Report("r2", "a", claims=[ClaimMention("c", Stance.ASSERTS)])],
                  links=[Link("r1", "r2", note=note or None)])
    page_text = page.page_html(describe(story), timeline=False)
    assert page_text.count("</script") == 2 and page_text.lower().count("<script") == 2
    data = embedded(page_text)
    assert data["cards"][0]["text"] == (text or "")
    assert data["links"][0]["note"] == (note or "")


def test_a_title_of_a_million_characters_is_clipped_in_the_heading_kept_in_the_data():
    # A browser takes a minute to lay out a heading (and the timeline's words) of a
    # million characters without a space.
    long = "T" * 1_000_000
    story = Story(long, actors=[Actor("a", "A")], claims=[Claim("c", "C")],
                  reports=[Report("r1", "a", title=long, published=None,
                                  claims=[ClaimMention("c", Stance.ASSERTS)])])
    text = page.page_html(describe(story))
    heading = re.search(r'<h1 id="title">([^<]*)</h1>', text)
    window = re.search(r"<title>([^<]*)</title>", text)
    alt = re.search(r'<img id="timeline" alt="([^"]*)"', text)
    assert heading is not None and window is not None and alt is not None
    assert len(heading.group(1)) == len(window.group(1)) == page.PAGE_MAX_TITLE
    assert heading.group(1).endswith("\u2026") and len(alt.group(1)) < 1000
    assert embedded(text)["cards"][0]["title"] == long  # the reader's field is whole
