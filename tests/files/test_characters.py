"""Characters no output holds raw, whatever the story's text."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from provenance import Story, StoryFormatError, analyze
from provenance.files.prov import import_prov_json
from provenance.files.registry import (
    EXPORT_FORMATS,
    export,
)
from provenance.model import Actor, Link, Relation, Report
from tests.test_properties import SETTINGS

# --------------------------------------------------------------------------- #
# Characters no output holds raw, whatever the story's text

#: Characters that break one format or another when written raw.
AWKWARD = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\x00", "\x1b",
           "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ud800", "\udfff", "</script>",
           "</SCRIPT ", "<!--", "-->", "]]>", "&", '"', "\\", "\r\n", "#", "%%", "\n---\n"]
awkward_text = st.lists(st.one_of(st.sampled_from(AWKWARD),
                                  st.characters(exclude_categories=())),
                        max_size=8).map("".join)

try:
    import prov
except ImportError:  # pragma: no cover - `make test` installs the extra
    prov = None


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

    from provenance.files.story import story_to_data

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
