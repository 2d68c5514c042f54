"""Cytoscape.js JSON: the graph with flat attributes, safe to paste into a page.
"""

from __future__ import annotations

import json
import re

from ..model import Story
from ..terminal import json_escape
from ._flat import _graph_attributes, _link_attributes, _Marks, _report_attributes, _unique


def _cytoscape(story: Story, marks: _Marks | None) -> str:
    report_ids = [r.id for r in story.reports]
    edge_ids = _unique((f"{link.source}->{link.target}" for link in story.links),
                       taken=report_ids)
    document = {
        "format_version": "1.0",
        "generated_by": "provenance-tracer",
        "target_cytoscapejs_version": "~3",
        "data": {"name": story.title, **_graph_attributes(story)},
        "elements": {
            "nodes": [
                {"data": {"id": report.id, "name": report.id,
                          **_report_attributes(story, report, marks)}}
                for report in story.reports
            ],
            "edges": [
                {"data": {"id": edge_ids[k], "source": link.source, "target": link.target,
                          **_link_attributes(story, k, marks)}}
                for k, link in enumerate(story.links)
            ],
        },
    }
    return _page_safe_json(json.dumps(document, ensure_ascii=False, indent=2,
                                      allow_nan=False)) + "\n"


#: Characters a JSON text keeps as ``\\uXXXX`` so that it can stand inside a page's
#: ``<script>`` (``</script>``, ``<!--``, U+2028, U+2029) and holds no character a
#: reader may refuse (non-characters, DEL and C1 controls; a lone surrogate, which
#: no reader takes even escaped, becomes U+FFFD).
_JSON_ESCAPED = re.compile(
    "[<>&\u2028\u2029\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr((p << 16) | 0xFFFE)}{chr((p << 16) | 0xFFFF)}" for p in range(1, 17))
    + "]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    # A lone surrogate: no reader can take it, even escaped.
    return json_escape(0xFFFD if 0xD800 <= code <= 0xDFFF else code)


def _page_safe_json(text: str) -> str:
    """JSON text with :data:`_JSON_ESCAPED` written as escapes: the same value, inert.

    Outside strings JSON text has none of these characters, so escaping them
    everywhere changes no value.

    >>> print(_page_safe_json('{"a": "</script>\u2028\\ufffe\\ud800"}'))
    {"a": "\\u003c/script\\u003e\\u2028\\ufffe\\ufffd"}
    """
    return _JSON_ESCAPED.sub(_json_escape, text)


