"""What the export tests share: hostile ids and texts, the samples, Graphviz."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provenance import Story
from tests.conftest import SAMPLES, link, make_story, mention, report

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


#: The node readers (graphology, mmdc) that tools/node-readers.sh installs.
READERS = Path(__file__).resolve().parent.parent / "tools" / "readers"
