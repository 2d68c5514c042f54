"""Exporting a story to other tools' formats, and reading W3C PROV back.

Each format is one function in a small registry keyed by its name, so the
command line, the GUI and a script all call :func:`export` (text) or
:func:`export_to` (an atomically written file):

- ``graphml`` and ``gexf`` (Gephi, Gephi Lite, Cytoscape, yEd, networkx, igraph) and
  ``cytoscape`` (Cytoscape.js JSON): the graph, with every report's fields and
  its stance on each claim flattened to scalar attributes, and the analysis's
  findings when an :class:`~provenance.analysis.Analysis` is given;
- ``dot`` (Graphviz) and ``mermaid`` (a ``flowchart LR`` for Markdown pages):
  the picture, coloured from :mod:`provenance.style` like every other drawing;
- ``prov-json`` and ``prov-n`` (W3C PROV, through the optional ``prov``
  package): the whole story, which :func:`import_prov_json` reads back to an
  equal :class:`~provenance.model.Story`. It also reads PROV-JSON written by
  other tools, and says what it could not carry over.

``docs/interchange.md`` tells what each format keeps and what it loses.

Examples
--------
>>> from provenance.model import *
>>> story = Story(
...     "Demo",
...     actors=[Actor("a", "Agency"), Actor("b", "Blog", kind=ActorKind.BLOG)],
...     claims=[Claim("c", "It happened")],
...     reports=[Report("r1", "a", claims=[ClaimMention("c", Stance.IMPLIES)]),
...              Report("r2", "b", claims=[ClaimMention("c", Stance.ASSERTS)])],
...     links=[Link("r1", "r2", Relation.PARAPHRASES)],
... )
>>> for line in export(story, "mermaid").splitlines()[3:7]:
...     print(line)
flowchart LR
    n0["Agency<br/>other #91;r1#93;"]
    n1["Blog<br/>other #91;r2#93;<br/>point of distortion"]
    n0 -->|"implies → asserts"| n1
>>> "wasDerivedFrom(report:r2, report:r1" in export(story, "prov-n")
True
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .analysis import Analysis, Distortion, Role, analyze
from .errors import MissingExtraError, ProvenanceError, StoryFormatError, ValidationIssue
from .io import story_from_data, story_to_data, write_atomic
from .model import TRANSMITTING, Actor, ActorKind, Relation, Report, Story
from .style import (
    ACTOR_COLORS,
    CARD_TEXT_COLOR,
    DISTORTION_COLOR,
    PLANTED_COLOR,
    POINT_COLOR,
    RELATION_STYLES,
    link_alpha,
)
from .terminal import json_escape

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "FORMAT_SUFFIXES",
    "PVT_NAMESPACE",
    "REPORT_NAMESPACE",
    "ACTOR_NAMESPACE",
    "CLAIM_NAMESPACE",
    "ExportWarning",
    "DOT_SLOW_REPORTS",
    "MERMAID_MAX_EDGES",
    "MERMAID_MAX_TEXT",
    "export",
    "export_to",
    "import_prov_json",
]

#: The project's own PROV terms (``pvt:relation``, ``pvt:stance``, ...). The
#: ``.example`` domain is reserved and never resolves: the URI only names.
PVT_NAMESPACE = "https://provenance-tracer.example/ns#"
#: PROV identifiers of reports, actors and claims: the story id, percent-encoded.
REPORT_NAMESPACE = "https://provenance-tracer.example/report/"
ACTOR_NAMESPACE = "https://provenance-tracer.example/actor/"
CLAIM_NAMESPACE = "https://provenance-tracer.example/claim/"
_PROV_NAMESPACE = "http://www.w3.org/ns/prov#"
_PROV_EXTRA_HINT = "pip install 'provenance-tracer[prov]'"


# --------------------------------------------------------------------------- #
# What the analysis found, as the exports need it.

@attrs.frozen
class _Marks:
    """The analysis's findings keyed by report id and link index."""

    roles: Mapping[str, Mapping[str, str]]  # report -> claim -> "inflated,misattributed"
    distorted: frozenset[str]
    point: str | None
    planted: frozenset[str]
    #: link index -> the changes written on it, each as its lines
    #: (``("implies → attributes", "misattributed")``).
    changes: Mapping[int, tuple[tuple[str, ...], ...]]
    #: The analysis itself, for what only a skeleton needs (sources, reach, rebuttals).
    analysis: Analysis = attrs.field(eq=False, repr=False)

    @classmethod
    def of(cls, story: Story, analysis: Analysis) -> _Marks:
        roles: dict[str, dict[str, str]] = {}
        for claim_id, findings in analysis.claims.items():
            for report_id, report_roles in findings.roles.items():
                if report_roles:
                    roles.setdefault(report_id, {})[claim_id] = ",".join(
                        role.value for role in report_roles)
        several_claims = len({d.claim for d in analysis.distortions}) > 1
        into: dict[str, list[int]] = {}  # report id -> its transmitting in-links
        for k, link in enumerate(story.links):
            if link.relation in TRANSMITTING:
                into.setdefault(link.target, []).append(k)
        changes: dict[int, list[tuple[str, ...]]] = {}
        for distortion in analysis.distortions:
            text = _change(distortion, several_claims)
            sources = set(distortion.sources)
            for k in into.get(distortion.report, ()):
                if story.links[k].source in sources and text not in changes.setdefault(k, []):
                    changes[k].append(text)
        point = analysis.point_of_distortion
        return cls(
            roles=roles,
            distorted=frozenset(d.report for d in analysis.distortions),
            point=point.report if point is not None else None,
            planted=frozenset(analysis.planted),
            changes={k: tuple(v) for k, v in changes.items() if v},
            analysis=analysis,
        )


def _change(distortion: Distortion, with_claim: bool) -> tuple[str, ...]:
    """What a distortion did, in the picture's words: ``implies → attributes``, ``invented``.

    >>> from provenance.analysis import Role
    >>> from provenance.model import Stance
    >>> d = Distortion("r", "c", (Role.INFLATED, Role.MISATTRIBUTED), Stance.IMPLIES,
    ...                Stance.ATTRIBUTES, (), ())
    >>> _change(d, False), _change(d, True)[0]
    (('implies → attributes', 'misattributed'), 'c: implies → attributes')
    """
    if Role.INVENTED in distortion.kinds:
        lines: tuple[str, ...] = ("invented",)
    elif distortion.before is not None and distortion.before is not distortion.after:
        lines = (f"{distortion.before.value} → {distortion.after.value}",)
        if Role.MISATTRIBUTED in distortion.kinds:
            lines += ("misattributed",)
    else:
        lines = (", ".join(kind.value for kind in distortion.kinds),)
    if with_claim:
        lines = (f"{distortion.claim}: {lines[0]}", *lines[1:])
    return lines


def _one_line(text: str, limit: int | None = None) -> str:
    """``text`` on one line, as the pictures show it.

    Runs of white space and control characters become one space, and
    non-characters (U+FFFE, U+FDD0, ...) U+FFFD: neither Graphviz nor a page
    should meet them raw.
    """
    line = " ".join("".join(
        " " if unicodedata.category(ch) in _INVISIBLE
        else "\ufffd" if _is_noncharacter(ch) else ch for ch in text).split())
    if limit is not None and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


#: Unicode categories shown as a space: control characters, lone surrogates, line breaks.
_INVISIBLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def _actor_of(story: Story, report: Report) -> Actor | None:
    try:
        return story.actor(report.actor)
    except KeyError:
        return None


def _card(story: Story, report: Report, marks: _Marks) -> list[str]:
    """The lines of a report's card in a picture, as in the matplotlib drawing."""
    actor = _actor_of(story, report)
    detail = report.kind.value.replace("_", " ")
    if report.published is not None:
        detail += f" · {report.published.text}"
    lines = [
        _one_line(actor.name if actor is not None else report.actor, 60),
        f"{detail} [{_one_line(report.id, 60)}]",
    ]
    if report.title:
        lines.append(_one_line(report.title, 60))
    if report.id == marks.point:
        lines.append("point of distortion")
    elif report.id in marks.planted:
        lines.append("planted here")
    return lines


@attrs.frozen
class _Border:
    """How a card shows a finding about its report."""

    color: str
    width: float
    dashed: bool = False


#: Card borders by finding, the most specific first: a card shows the first that
#: applies. (Where a claim was planted is itself a distortion; its red link shows that.)
_BORDERS: Mapping[str, _Border] = {
    "point": _Border(POINT_COLOR, 4.0),
    "planted": _Border(PLANTED_COLOR, 2.4, dashed=True),
    "distortion": _Border(DISTORTION_COLOR, 2.4),
}
#: Width of the links a distortion drew on, whatever their relation.
_DISTORTION_LINK_WIDTH = 2.4


def _finding(report_id: str, marks: _Marks) -> str | None:
    """The strongest finding about a report (a key of ``_BORDERS``), if any."""
    for name, found in (
        ("point", report_id == marks.point),
        ("planted", report_id in marks.planted),
        ("distortion", report_id in marks.distorted),
    ):
        if found:
            return name
    return None


def _faded(color: str, confidence: float) -> str:
    """``#RRGGBB`` with the link's opacity as ``#RRGGBBAA`` when it is below 1."""
    alpha = link_alpha(confidence)
    return color if alpha >= 1.0 else f"{color}{round(alpha * 255):02X}"


def _unique(names: Iterable[str], taken: Iterable[str] = (), sep: str = "~") -> list[str]:
    """``names`` made distinct from each other and from ``taken`` (``a``, ``a~2``).

    Linear however many names clash: each name's next number is remembered.

    >>> _unique(["a", "a", "b", "a"], taken=["b"])
    ['a', 'a~2', 'b~2', 'a~3']
    """
    seen = set(taken)
    last: dict[str, int] = {}
    out = []
    for name in names:
        candidate = name
        if candidate in seen:
            n = last.get(name, 1)
            while candidate in seen:
                n += 1
                candidate = f"{name}{sep}{n}"
            last[name] = n
        seen.add(candidate)
        out.append(candidate)
    return out


# --------------------------------------------------------------------------- #
# Characters each target cannot hold.

def _is_noncharacter(ch: str) -> bool:
    """Unicode's non-characters: U+FDD0..U+FDEF and the last two of every plane."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


#: What GraphML and GEXF may hold raw: XML 1.0's characters, less the controls it
#: discourages (DEL, C1) and the non-characters.
_XML_HOLDS = re.compile(
    "[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd"
    + "".join(f"{chr(plane << 16)}-{chr((plane << 16) | 0xFFFD)}" for plane in range(1, 17))
    + "]*"
)


def _xml_safe(text: str) -> str:
    """``text`` with every character XML should not hold made U+FFFD.

    >>> _xml_safe("a\\x00b\\ufffe\\ufdd0\\U0010ffff\\ud800c")
    'a\\ufffdb\\ufffd\\ufffd\\ufffd\\ufffdc'
    """
    if _XML_HOLDS.fullmatch(text):  # the common case
        return text
    out = []
    at = 0
    while at < len(text):
        match = _XML_HOLDS.match(text, at)
        assert match is not None  # the pattern matches the empty string
        out.append(match.group())
        at = match.end()
        if at < len(text):
            out.append("\ufffd")
            at += 1
    return "".join(out)


def _xml_text(text: str) -> str:
    """Element content: ``&``, ``<``, ``>`` and line ends as references.

    A CR, and U+2028 and U+2029 (line ends to XML 1.1 readers), would be
    normalised to LF by a parser; written as references they survive.
    """
    return (_xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;").replace("\u2028", "&#x2028;")
            .replace("\u2029", "&#x2029;"))


def _xml_attribute(text: str) -> str:
    """A double-quoted attribute value: white space as references, so none is normalised."""
    return (_xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


_NAME_START = (":A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
               + "".join(f"{chr(p << 16)}-{chr((p << 16) | 0xFFFD)}" for p in range(1, 15)))
#: One character of an XML ``NMTOKEN`` (XML 1.0 ``NameChar``, non-characters left out).
_NAME_CHAR = re.compile(f"[{_NAME_START}0-9.\\-\xb7\u0300-\u036f\u203f\u2040]")


def _nmtokens(texts: Iterable[str], prefix: str) -> list[str]:
    """Distinct XML ``NMTOKEN`` ids for ``texts``: each as it is when it is one already.

    Any other character becomes ``_``, and a clash gets ``-2``, ``-3``; an empty
    result becomes ``prefix`` and its index.

    >>> _nmtokens(["r1", "a b", "a_b", "", "x:y", "é/2"], "n")
    ['r1', 'a_b-2', 'a_b', 'n3', 'x:y', 'é_2']
    """
    texts = list(texts)
    fits = [bool(text) and all(_NAME_CHAR.fullmatch(ch) for ch in text) for text in texts]
    bases = [text if ok else
             "".join(ch if _NAME_CHAR.fullmatch(ch) else "_" for ch in text) or f"{prefix}{i}"
             for i, (text, ok) in enumerate(zip(texts, fits, strict=True))]
    fitting = [text for text, ok in zip(texts, fits, strict=True) if ok]
    others = iter(_unique((b for b, ok in zip(bases, fits, strict=True) if not ok),
                          taken=fitting, sep="-"))
    return [text if ok else next(others) for text, ok in zip(texts, fits, strict=True)]


# --------------------------------------------------------------------------- #
# GraphML, GEXF and Cytoscape.js: the graph with flat attributes.

Scalar = str | bool | float


def _report_attributes(story: Story, report: Report, marks: _Marks | None) -> dict[str, Scalar]:
    actor = _actor_of(story, report)
    actor_name = actor.name if actor is not None else report.actor
    out: dict[str, Scalar] = {
        "label": f"{actor_name}, {report.kind.value.replace('_', ' ')}",
        "actor": report.actor,
        "actor_name": actor_name,
        "actor_kind": (actor.kind if actor is not None else ActorKind.OTHER).value,
        "kind": report.kind.value,
    }
    optional = {
        "published": report.published.text if report.published is not None else None,
        "title": report.title, "text": report.text, "url": report.url,
        "language": report.language,
    }
    out.update({key: value for key, value in optional.items() if value is not None})
    out["firsthand"] = story.is_firsthand(report.id)
    per_claim: dict[str, list[str]] = {}
    for mention in report.claims:
        for key, value in ((f"stance:{mention.claim}", mention.stance.value),
                           (f"holder:{mention.claim}", mention.holder)):
            if value is not None and value not in per_claim.setdefault(key, []):
                per_claim[key].append(value)
    out.update({key: ",".join(values) for key, values in per_claim.items() if values})
    if marks is not None:
        for claim_id, roles in marks.roles.get(report.id, {}).items():
            out[f"role:{claim_id}"] = roles
        out["distortion"] = report.id in marks.distorted
        out["point_of_distortion"] = report.id == marks.point
    return out


def _link_attributes(story: Story, k: int, marks: _Marks | None) -> dict[str, Scalar]:
    link = story.links[k]
    out: dict[str, Scalar] = {"relation": link.relation.value,
                              "confidence": float(link.confidence)}
    if link.note is not None:
        out["note"] = link.note
    if marks is not None:
        changes = marks.changes.get(k, ())
        out["distortion"] = bool(changes)
        if changes:
            out["change"] = "; ".join(", ".join(lines) for lines in changes)
    return out


def _graph_attributes(story: Story) -> dict[str, Scalar]:
    out: dict[str, Scalar] = {"title": story.title}
    if story.summary is not None:
        out["summary"] = story.summary
    out.update({f"claim:{claim.id}": claim.text for claim in story.claims})
    return out


@attrs.frozen
class _FlatGraph:
    """The graph exports' content: XML-safe ids, and attributes by element."""

    attributes: Mapping[str, Scalar]
    #: (node id, attributes); the id is an XML NMTOKEN, ``report_id`` the story's id.
    nodes: tuple[tuple[str, Mapping[str, Scalar]], ...]
    #: (edge id ``e<link index>``, source node id, target node id, attributes)
    edges: tuple[tuple[str, str, str, Mapping[str, Scalar]], ...]


def _flat_graph(story: Story, marks: _Marks | None) -> _FlatGraph:
    node_ids = dict(zip((r.id for r in story.reports),
                        _nmtokens((r.id for r in story.reports), "n"), strict=True))
    nodes = tuple(
        (node_ids[report.id], {"report_id": report.id,
                               **_report_attributes(story, report, marks)})
        for report in story.reports)
    edges = tuple(
        (f"e{k}", node_ids[link.source], node_ids[link.target],
         _link_attributes(story, k, marks))
        for k, link in enumerate(story.links))
    return _FlatGraph(_graph_attributes(story), nodes, edges)


def _xml_type(value: Scalar, names: Mapping[type, str]) -> str:
    return names[bool] if isinstance(value, bool) else names[type(value)]


def _xml_value(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return value


def _attribute_keys(
    groups: Iterable[tuple[str, Iterable[Mapping[str, Scalar]]]],
) -> dict[tuple[str, str], tuple[str, Scalar]]:
    """(domain, attribute name) -> (key id, a value), numbered in order of first use."""
    keys: dict[tuple[str, str], tuple[str, Scalar]] = {}
    for domain, items in groups:
        for item in items:
            for name, value in item.items():
                if (domain, name) not in keys:
                    keys[(domain, name)] = (f"d{len(keys)}", value)
    return keys


_GRAPHML_TYPES: Mapping[type, str] = {str: "string", bool: "boolean", float: "double"}


def _graphml(story: Story, marks: _Marks | None) -> str:
    flat = _flat_graph(story, marks)
    keys = _attribute_keys([("graph", [flat.attributes]),
                            ("node", (attributes for _, attributes in flat.nodes)),
                            ("edge", (attributes for *_, attributes in flat.edges))])
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    out.extend(
        f'  <key id="{key}" for="{domain}" attr.name="{_xml_attribute(name)}" '
        f'attr.type="{_xml_type(value, _GRAPHML_TYPES)}"/>'
        for (domain, name), (key, value) in keys.items())

    def data(domain: str, attributes: Mapping[str, Scalar], indent: str) -> list[str]:
        return [f'{indent}<data key="{keys[(domain, name)][0]}">'
                f"{_xml_text(_xml_value(value))}</data>"
                for name, value in attributes.items()]

    out.append('  <graph id="story" edgedefault="directed">')
    out.extend(data("graph", flat.attributes, "    "))
    for node_id, attributes in flat.nodes:
        out.append(f'    <node id="{_xml_attribute(node_id)}">')
        out.extend(data("node", attributes, "      "))
        out.append("    </node>")
    for edge_id, source, target, attributes in flat.edges:
        out.append(f'    <edge id="{edge_id}" source="{_xml_attribute(source)}" '
                   f'target="{_xml_attribute(target)}">')
        out.extend(data("edge", attributes, "      "))
        out.append("    </edge>")
    out.extend(["  </graph>", "</graphml>"])
    return "\n".join(out) + "\n"


_GEXF_TYPES: Mapping[type, str] = {str: "string", bool: "boolean", float: "double"}


def _gexf(story: Story, marks: _Marks | None) -> str:
    flat = _flat_graph(story, marks)
    # GEXF keeps one graph attribute, its name; the claims' texts do not fit. A node's
    # ``label`` and an edge's ``label`` are GEXF's own, not attributes.
    keys = _attribute_keys([
        ("node", ({k: v for k, v in attributes.items() if k != "label"}
                  for _, attributes in flat.nodes)),
        ("edge", (attributes for *_, attributes in flat.edges))])
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft '
        'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        "  <meta>",
        "    <creator>provenance-tracer</creator>",
        "  </meta>",
        f'  <graph defaultedgetype="directed" mode="static" '
        f'name="{_xml_attribute(str(flat.attributes["title"]))}">',
    ]
    for domain in ("node", "edge"):
        declared = [(name, key, value) for (of, name), (key, value) in keys.items()
                    if of == domain]
        if not declared:
            continue
        out.append(f'    <attributes class="{domain}" mode="static">')
        out.extend(
            f'      <attribute id="{key[1:]}" title="{_xml_attribute(name)}" '
            f'type="{_xml_type(value, _GEXF_TYPES)}"/>'
            for name, key, value in declared)
        out.append("    </attributes>")

    def values(domain: str, attributes: Mapping[str, Scalar]) -> list[str]:
        shown = [(keys[(domain, name)][0][1:], value) for name, value in attributes.items()
                 if (domain, name) in keys]
        if not shown:
            return []
        return ["        <attvalues>",
                *(f'          <attvalue for="{key}" '
                  f'value="{_xml_attribute(_xml_value(value))}"/>' for key, value in shown),
                "        </attvalues>"]

    out.append("    <nodes>")
    for node_id, attributes in flat.nodes:
        out.append(f'      <node id="{_xml_attribute(node_id)}" '
                   f'label="{_xml_attribute(str(attributes["label"]))}">')
        out.extend(values("node", attributes))
        out.append("      </node>")
    out.append("    </nodes>")
    out.append("    <edges>")
    for edge_id, source, target, attributes in flat.edges:
        out.append(f'      <edge id="{edge_id}" source="{_xml_attribute(source)}" '
                   f'target="{_xml_attribute(target)}">')
        out.extend(values("edge", attributes))
        out.append("      </edge>")
    out.extend(["    </edges>", "  </graph>", "</gexf>"])
    return "\n".join(out) + "\n"


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


class ExportWarning(UserWarning):
    """An export wrote something other than the whole story, and says what and why.

    The command line prints it on stderr; in a script, :mod:`warnings` shows it
    (or turns it into an error with ``warnings.simplefilter("error", ExportWarning)``).
    """


# --------------------------------------------------------------------------- #
# Graphviz DOT: the picture.

def _dot_id(text: str) -> str:
    """A quoted DOT id that stands for ``text`` and for nothing else.

    In a quoted DOT id only ``\\"`` is an escape; other backslashes stay as
    written, so ``\\\\`` keeps a backslash from escaping the closing quote, and
    control characters (a raw newline would be joined by a trailing backslash)
    are written as backslash sequences. Each text gets its own id.
    """
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif unicodedata.category(ch) in _INVISIBLE or _is_noncharacter(ch):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _dot_text(lines: Iterable[str]) -> str:
    """A quoted DOT label showing ``lines`` literally, one per line.

    Labels are escStrings: backslash sequences (``\\N``, ``\\l``) and HTML
    entities (``&amp;``) are interpreted, so both are escaped; no HTML-like
    label is ever written, so ``<b>`` is only text.
    """
    def escape(line: str) -> str:
        out = []
        for ch in line:
            if ch == "\\":
                out.append("\\\\")
            elif ch == '"':
                out.append('\\"')
            elif ch == "&":
                out.append("&amp;")
            elif unicodedata.category(ch) in _INVISIBLE:
                out.append(" ")
            elif _is_noncharacter(ch):
                out.append("\ufffd")
            else:
                out.append(ch)
        return "".join(out)

    return '"' + "\\n".join(escape(line) for line in lines) + '"'


def _dot_attributes(attributes: Mapping[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in attributes.items())


#: Past this many reports Graphviz ``dot`` takes long to lay a story out (measured with
#: dot 2.43 on generated cascades: 0.6 s at 100 reports, 6.5 s at 200, 49 s at 500, over
#: a minute at 1,000, unfinished after 15 minutes at 5,000): the export then warns.
DOT_SLOW_REPORTS = 200


def _dot(story: Story, marks: _Marks | None) -> str:
    assert marks is not None  # the registry gives the pictures an analysis
    if len(story.reports) > DOT_SLOW_REPORTS:
        warnings.warn(ExportWarning(
            f"dot: the story has {len(story.reports):,} reports; Graphviz `dot` is slow "
            f"past {DOT_SLOW_REPORTS} (seconds at 200, about a minute at 500 to 1,000, "
            "unfinished after 15 minutes at 5,000): lay this file out with `sfdp -Tsvg`, "
            "or draw the story with `provenance draw`"),
            stacklevel=3)
    graph = {"rankdir": "LR", "label": _dot_text([_one_line(story.title)]),
             "labelloc": "t", "fontname": '"Helvetica"', "fontsize": "14"}
    node = {"shape": "box", "style": '"rounded,filled"', "fontname": '"Helvetica"',
            "fontsize": "10", "fontcolor": f'"{CARD_TEXT_COLOR}"', "color": '"#4D4D4D"',
            "penwidth": "1"}
    out = [
        "digraph story {",
        f"    graph [{_dot_attributes(graph)}];",
        f"    node [{_dot_attributes(node)}];",
        '    edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    ]
    for report in story.reports:
        actor = _actor_of(story, report)
        kind = actor.kind if actor is not None else ActorKind.OTHER
        attributes = {"label": _dot_text(_card(story, report, marks)),
                      "fillcolor": f'"{ACTOR_COLORS[kind]}"',
                      "tooltip": _dot_text([_one_line(report.id)])}
        finding = _finding(report.id, marks)
        if finding is not None:
            border = _BORDERS[finding]
            attributes["color"] = f'"{border.color}"'
            attributes["penwidth"] = f"{border.width:g}"
            if border.dashed:
                attributes["style"] = '"rounded,filled,dashed"'
        out.append(f"    {_dot_id(report.id)} [{_dot_attributes(attributes)}];")
    for k, link in enumerate(story.links):
        style = RELATION_STYLES[link.relation]
        changes = marks.changes.get(k, ())
        color = DISTORTION_COLOR if changes else style.color
        tooltip = f"{style.label} (confidence {link.confidence:g})"
        if link.note:
            tooltip += f": {_one_line(link.note)}"
        attributes = {
            "color": f'"{_faded(color, link.confidence)}"',
            "style": "dashed" if style.dashed else "solid",
            "penwidth": f"{_DISTORTION_LINK_WIDTH if changes else style.width:g}",
            "tooltip": _dot_text([tooltip]),
        }
        if changes:
            attributes["label"] = _dot_text(line for lines in changes for line in lines)
            attributes["fontcolor"] = f'"{DISTORTION_COLOR}"'
        out.append(f"    {_dot_id(link.source)} -> {_dot_id(link.target)} "
                   f"[{_dot_attributes(attributes)}];")
    out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- #
# Mermaid: the picture for Markdown pages.

#: Characters that end or change a quoted Mermaid label, as Mermaid entity codes.
_MERMAID_ENTITIES: Mapping[str, str] = {
    '"': "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;",
    "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;", "{": "#123;", "}": "#125;",
    "|": "#124;", "`": "#96;", "\\": "#92;",
}
#: Link arrows by dashing: ``rebuts`` (and ``corrects``) dotted.
_MERMAID_ARROWS: Mapping[bool, str] = {False: "-->", True: "-.->"}


#: What the front-matter title writes for ``<``. Mermaid shows the title as text
#: after passing it through an HTML sanitizer, without decoding entity codes: ``&``,
#: ``>``, ``#`` and quotes show as themselves, but a ``<`` either starts a tag the
#: sanitizer drops (``x<y>z`` shows ``xz``, ``</script>`` nothing) or shows as
#: ``&lt;``. No spelling of ``<`` survives, so the title shows this look-alike.
_MERMAID_TITLE_LT = "\u2039"


def _mermaid_line(line: str) -> str:
    """One line of Mermaid text: on one line, markup characters as entity codes."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in _one_line(line))


def _mermaid_text(lines: Iterable[str]) -> str:
    """A quoted Mermaid label showing ``lines`` literally, one per line."""
    return '"' + "<br/>".join(_mermaid_line(line) for line in lines) + '"'


def _mermaid_title(title: str) -> str:
    """The front-matter title: a YAML double-quoted string Mermaid shows as it is."""
    return _yaml_string(_one_line(title).replace("<", _MERMAID_TITLE_LT))


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes, plus YAML's line breaks)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _INVISIBLE
        or ch == "\ufeff" else ch
        for ch in quoted
    )


#: What stock Mermaid draws: more links or characters and it renders only an error
#: ("Maximum text size in diagram exceeded"); pages cannot raise these limits.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000


def _mermaid(story: Story, marks: _Marks | None) -> str:
    assert marks is not None  # the registry gives the pictures an analysis
    whole = None
    if len(story.links) <= MERMAID_MAX_EDGES:
        whole = _mermaid_picture(story, marks, range(len(story.reports)),
                                 range(len(story.links)), {}, story.title)
        if len(whole) <= MERMAID_MAX_TEXT:
            return whole
    size = (f"{len(story.reports):,} reports and {len(story.links):,} links"
            + (f" ({len(whole):,} characters)" if whole is not None else ""))
    limits = (f"past what Mermaid draws ({MERMAID_MAX_EDGES} links, "
              f"{MERMAID_MAX_TEXT:,} characters)")
    whole_story = ("for the whole story export dot or graphml, or draw it with "
                   "`provenance draw`")
    shown, kept_links, groups = _skeleton(story, marks)
    if not shown:
        raise ProvenanceError(f"mermaid: the story has {size}, {limits}, and no distortion "
                              f"to draw as its skeleton: {whole_story}")
    title = f"{story.title} (distortion skeleton: {len(shown):,} of {len(story.reports):,} reports)"
    text = _mermaid_picture(story, marks, shown, kept_links, groups, title)
    edges = len(kept_links) + len(groups)
    if edges > MERMAID_MAX_EDGES or len(text) > MERMAID_MAX_TEXT:
        raise ProvenanceError(
            f"mermaid: the story has {size}, {limits}, and so has its distortion skeleton "
            f"({edges:,} links, {len(text):,} characters): {whole_story}")
    warnings.warn(ExportWarning(
        f"mermaid: the story has {size}, {limits}: wrote its distortion skeleton instead "
        f"({len(shown):,} of {len(story.reports):,} reports, faithful repeats counted); "
        f"{whole_story}"), stacklevel=3)
    return text


def _skeleton(story: Story, marks: _Marks) -> tuple[list[int], list[int], dict[int, int]]:
    """What a story's distortion skeleton shows, in story order.

    The point of distortion, its sources, where its claim was planted, the
    reports that rebut a claim, and every other distortion with its sources;
    the links between them; and for each distortion a group counting the
    reports that repeat it faithfully (its reach).

    Returns
    -------
    The shown reports' and links' indices, and report index -> reach to count.
    """
    analysis = marks.analysis
    keep: set[str] = set(analysis.planted)
    for distortion in analysis.distortions:
        keep.add(distortion.report)
        keep.update(distortion.sources)
    for findings in analysis.claims.values():
        keep.update(findings.rebuttals)
    shown = [i for i, report in enumerate(story.reports) if report.id in keep]
    kept_links = [k for k, link in enumerate(story.links)
                  if link.source in keep and link.target in keep]
    index = {story.reports[i].id: i for i in shown}
    groups: dict[int, int] = {}
    for distortion in analysis.distortions:
        if distortion.reach:
            at = index[distortion.report]
            groups[at] = max(groups.get(at, 0), len(distortion.reach))
    return shown, kept_links, groups


def _mermaid_picture(story: Story, marks: _Marks, shown: Iterable[int],
                     shown_links: Iterable[int], groups: Mapping[int, int],
                     title: str) -> str:
    """The flowchart of the reports and links with these indices.

    ``groups`` maps a report's index to a count of reports that repeat it,
    drawn as one node ``gN`` linked from it.
    """
    reports = [story.reports[i] for i in shown]
    ids = {report.id: f"n{i}" for i, report in zip(shown, reports, strict=True)}
    out = ["---", f"title: {_mermaid_title(title)}",
           "---", "flowchart LR"]
    out.extend(f"    {ids[report.id]}[{_mermaid_text(_card(story, report, marks))}]"
               for report in reports)
    link_styles = []
    for k in shown_links:
        link = story.links[k]
        style = RELATION_STYLES[link.relation]
        changes = marks.changes.get(k, ())
        arrow = _MERMAID_ARROWS[style.dashed]
        text = (f"|{_mermaid_text(line for lines in changes for line in lines)}|"
                if changes else "")
        out.append(f"    {ids[link.source]} {arrow}{text} {ids[link.target]}")
        color = _faded(DISTORTION_COLOR if changes else style.color, link.confidence)
        width = _DISTORTION_LINK_WIDTH if changes else style.width
        extra = f",color:{DISTORTION_COLOR}" if changes else ""
        link_styles.append(f"stroke:{color},stroke-width:{width:g}px{extra}")
    for i, count in groups.items():
        noun = "report repeats" if count == 1 else "reports repeat"
        out.append(f"    g{i}[{_mermaid_text([f'{count:,} {noun} it faithfully'])}]")
        out.append(f"    n{i} --> g{i}")
        link_styles.append(f"stroke:{RELATION_STYLES[Relation.CITES].color},"
                           "stroke-width:1px,stroke-dasharray:3 3")
    by_kind: dict[ActorKind, list[str]] = {}
    for report in reports:
        actor = _actor_of(story, report)
        by_kind.setdefault(actor.kind if actor is not None else ActorKind.OTHER,
                           []).append(ids[report.id])
    for kind, members in by_kind.items():
        out.append(f"    classDef {kind.value} fill:{ACTOR_COLORS[kind]},color:{CARD_TEXT_COLOR}")
        out.append(f"    class {','.join(members)} {kind.value}")
    if groups:
        out.append(f"    classDef repeats fill:#FFFFFF,color:{CARD_TEXT_COLOR},"
                   "stroke-dasharray:3 3")
        out.append(f"    class {','.join(f'g{i}' for i in groups)} repeats")
    # Defined last, so that a finding's border wins over a fill's defaults.
    findings: dict[str, list[str]] = {}
    for report in reports:
        finding = _finding(report.id, marks)
        if finding is not None:
            findings.setdefault(finding, []).append(ids[report.id])
    for name, border in reversed(list(_BORDERS.items())):
        if name in findings:
            dashes = ",stroke-dasharray:4 2" if border.dashed else ""
            out.append(f"    classDef {name} stroke:{border.color},"
                       f"stroke-width:{border.width:g}px{dashes}")
            out.append(f"    class {','.join(findings[name])} {name}")
    out.extend(f"    linkStyle {n} {style}" for n, style in enumerate(link_styles))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- #
# W3C PROV: the whole story, read back by import_prov_json.

def _prov() -> Any:
    """The ``prov.model`` module; a missing package names the extra to install."""
    try:
        import prov.model
    except ImportError as err:
        raise MissingExtraError(
            f"W3C PROV export and import need the optional package 'prov': {_PROV_EXTRA_HINT}"
        ) from err
    return prov.model


_PLAIN_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _encode_local(text: str) -> str:
    """A story id as the local part of a PROV qualified name, percent-encoded.

    Only ASCII letters, digits and ``_`` are kept as they are, and ``-`` and
    ``.`` where PROV-N allows them (not first; ``.`` not last), so the name is
    the same in PROV-JSON, PROV-N and as an IRI; ``_decode_local`` undoes it.

    >>> _encode_local("ria-later"), _encode_local("a b/é."), _decode_local("a%20b%2F%C3%A9%2E")
    ('ria-later', 'a%20b%2F%C3%A9%2E', 'a b/é.')
    """
    last = len(text) - 1
    out = []
    for i, ch in enumerate(text):
        if ch in _PLAIN_LOCAL or (ch == "-" and i > 0) or (ch == "." and 0 < i < last):
            out.append(ch)
        else:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _decode_local(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text, errors="surrogatepass")


#: Story-file keys written as PROV attributes, by kind of record. ``prov:label``
#: holds what a PROV viewer should show; the rest are the project's own terms.
_TERMS: Mapping[str, Mapping[str, str]] = {
    "story": {"title": "prov:label", "summary": "pvt:summary"},
    "actor": {"name": "prov:label", "kind": "pvt:kind", "country": "pvt:country",
              "url": "pvt:url", "audience": "pvt:audience"},
    "claim": {"text": "prov:label"},
    "report": {"title": "prov:label", "kind": "pvt:kind", "published": "pvt:published",
               "text": "pvt:text", "url": "pvt:url", "language": "pvt:language",
               "firsthand": "pvt:firsthand"},
    "mention": {"stance": "pvt:stance", "quote": "pvt:quote", "firsthand": "pvt:firsthand"},
    "link": {"relation": "pvt:relation", "confidence": "pvt:confidence", "note": "pvt:note"},
}
#: Story-file keys that the PROV structure carries (identifiers, relations).
_STRUCTURE: Mapping[str, frozenset[str]] = {
    "story": frozenset({"format", "version", "actors", "claims", "reports", "links"}),
    "actor": frozenset({"id"}),
    "claim": frozenset({"id"}),
    "report": frozenset({"id", "actor", "claims"}),
    "mention": frozenset({"claim", "holder"}),
    "link": frozenset({"source", "target"}),
}
#: The ``prov:type`` of the project's own entities.
_ENTITY_TYPES: Mapping[str, str] = {"story": "Story", "claim": "Claim", "report": "Report"}
#: Agents' PROV types by actor kind (kinds that may be either have none).
_AGENT_TYPES: Mapping[ActorKind, str] = {
    ActorKind.PERSON: "Person",
    **{kind: "Organization" for kind in (
        ActorKind.GOVERNMENT, ActorKind.MILITARY, ActorKind.STATE_MEDIA,
        ActorKind.WIRE_SERVICE, ActorKind.NEWSPAPER, ActorKind.BROADCASTER,
        ActorKind.ONLINE_OUTLET, ActorKind.ENCYCLOPEDIA, ActorKind.FACT_CHECKER)},
}
#: PROV's subtypes of derivation that name a relation exactly.
_DERIVATION_TYPES: Mapping[Relation, str] = {
    Relation.QUOTES: "Quotation",
    Relation.CORRECTS: "Revision",
}
#: Reading foreign PROV: derivation subtypes to relations, the first that applies.
_RELATIONS_OF_TYPES: Mapping[str, Relation] = {
    _PROV_NAMESPACE + "Quotation": Relation.QUOTES,
    _PROV_NAMESPACE + "Revision": Relation.CORRECTS,
    _PROV_NAMESPACE + "PrimarySource": Relation.CITES,
}
_NAMESPACES: Mapping[str, str] = {"prov": _PROV_NAMESPACE, "pvt": PVT_NAMESPACE}
_ACTOR_KINDS = frozenset(kind.value for kind in ActorKind)
#: Terms that relations carry and that the reader takes apart from the rest.
_READ_APART = frozenset({PVT_NAMESPACE + "holder", PVT_NAMESPACE + "position"})


def _term_uri(term: str) -> str:
    prefix, local = term.split(":", 1)
    return _NAMESPACES[prefix] + local


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as err:
        raise StoryFormatError([ValidationIssue("", f"cannot be written as JSON: {err}")]) \
            from None


def _prov_document(story: Story) -> Any:
    """The story as a ``prov.model.ProvDocument``: see ``docs/interchange.md``."""
    pm = _prov()
    data = story_to_data(story)
    document = pm.ProvDocument()
    namespaces = {prefix: document.add_namespace(prefix, uri)
                  for prefix, uri in _NAMESPACES.items() if prefix != "prov"}
    namespaces["prov"] = pm.Namespace("prov", _PROV_NAMESPACE)
    reports = document.add_namespace("report", REPORT_NAMESPACE)
    actors = document.add_namespace("actor", ACTOR_NAMESPACE)
    claims = document.add_namespace("claim", CLAIM_NAMESPACE)
    pvt, prov_ns = namespaces["pvt"], namespaces["prov"]

    def term(name: str) -> Any:
        prefix, local = name.split(":", 1)
        return namespaces[prefix][local]

    def attributes(kind: str, item: Mapping[str, Any], *first: tuple[Any, Any]) -> list[Any]:
        pairs = list(first)
        extra = {}
        for key, value in item.items():
            if key in _TERMS[kind]:
                pairs.append((term(_TERMS[kind][key]), value))
            elif key not in _STRUCTURE[kind]:
                extra[key] = value
        if extra:
            pairs.append((pvt["extra"], _json_text(extra)))
        return pairs

    def entity_type(kind: str) -> tuple[Any, Any]:
        return (prov_ns["type"], pvt[_ENTITY_TYPES[kind]])

    document.entity(pvt["story"], attributes("story", data, entity_type("story")))
    for actor in data["actors"]:
        agent_type = _AGENT_TYPES.get(ActorKind(actor.get("kind", "other")))
        first = [(prov_ns["type"], prov_ns[agent_type])] if agent_type else []
        document.agent(actors[_encode_local(actor["id"])], attributes("actor", actor, *first))
    for claim in data["claims"]:
        document.entity(claims[_encode_local(claim["id"])],
                        attributes("claim", claim, entity_type("claim")))
    for report in data["reports"]:
        name = reports[_encode_local(report["id"])]
        document.entity(name, attributes("report", report, entity_type("report")))
        document.wasAttributedTo(name, actors[_encode_local(report["actor"])])
        for position, mention in enumerate(report.get("claims", ())):
            # The position keeps the order, and two equal mentions apart: PROV-JSON
            # files equal records under one key.
            first = [(pvt["position"], position)]
            holder = mention.get("holder")
            if holder is not None:
                first.append((pvt["holder"], actors[_encode_local(holder)]))
            document.influence(name, claims[_encode_local(mention["claim"])],
                               other_attributes=attributes("mention", mention, *first))
    for position, link in enumerate(data["links"]):
        relation = Relation(link["relation"])
        prov_type = _DERIVATION_TYPES.get(relation)
        # A firsthand report speaks from direct knowledge (PROV's "primary
        # source"); a quotation of it stays a quotation, PROV's narrower type.
        if prov_type is None and relation in TRANSMITTING and story.is_firsthand(link["source"]):
            prov_type = "PrimarySource"
        first = [(prov_ns["type"], prov_ns[prov_type])] if prov_type else []
        first.append((pvt["position"], position))
        document.wasDerivedFrom(reports[_encode_local(link["target"])],
                                reports[_encode_local(link["source"])],
                                other_attributes=attributes("link", link, *first))
    return document


def _prov_json(story: Story, marks: _Marks | None) -> str:
    text: str = _prov_document(story).serialize(format="json", indent=2)
    return text + "\n"


def _prov_n(story: Story, marks: _Marks | None) -> str:
    # PROV-N strings have no escape for a character: those XML cannot hold become U+FFFD
    # (PROV-JSON, which this library reads back, keeps every character).
    text: str = _xml_safe(_prov_document(story).get_provn())
    return text + "\n"


class _FromProv:
    """Builds a story document from a ``ProvDocument``, noting what it drops."""

    def __init__(self, pm: Any) -> None:
        self.pm = pm
        self.notes: list[str] = []
        self.dropped: dict[str, list[Any]] = {}
        self.story: dict[str, Any] | None = None
        self.actors: dict[str, dict[str, Any]] = {}
        self.claims: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        # (order, link) and report key -> [(order, mention)], sorted when done
        self.links: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
        self.mentions: dict[str, list[tuple[tuple[int, int, int], dict[str, Any]]]] = {}
        self.foreign: set[str] = set()  # foreign attributes kept as unknown keys
        self.referenced: list[str] = []  # elements named by relations but never declared
        self.times_used = 0
        self.qualified_derivations = 0  # derivations naming an activity, generation, usage

    # -- values ----------------------------------------------------------- #

    @staticmethod
    def uri(value: Any) -> str:
        return str(getattr(value, "uri", value))

    @staticmethod
    def story_id(name: Any) -> str:
        """The story id of a qualified name: ours decoded, foreign ones as written."""
        namespace = getattr(name, "namespace", None)
        if namespace is not None and namespace.uri in (
                REPORT_NAMESPACE, ACTOR_NAMESPACE, CLAIM_NAMESPACE):
            return _decode_local(name.localpart)
        return str(name)

    def plain(self, value: Any) -> Any:
        """A PROV attribute value as a JSON value."""
        import datetime

        if isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, self.pm.Literal):
            return str(value.value)
        if isinstance(value, self.pm.QualifiedName):
            return str(value)
        if isinstance(value, self.pm.Identifier):
            return value.uri
        return str(value)

    def item(self, kind: str, record: Any, base: Mapping[str, Any],
             consumed_types: Iterable[str] = ()) -> dict[str, Any]:
        """A story-file object: ``base`` (ids), then the record's other attributes.

        An attribute never replaces a key of ``base`` or an earlier one; one with no
        story field is kept as an unknown key named as written (``ex:words``), or by
        its IRI when it has no prefix, so it cannot pass for a story field.
        """
        by_uri = {_term_uri(t): key for key, t in _TERMS[kind].items()}
        extra_uri, type_uri = PVT_NAMESPACE + "extra", _PROV_NAMESPACE + "type"
        consumed = set(consumed_types) | {PVT_NAMESPACE + t for t in _ENTITY_TYPES.values()}
        out: dict[str, Any] = dict(base)
        unknown: dict[str, list[Any]] = {}
        for name, value in record.extra_attributes:
            uri = self.uri(name)
            if uri in by_uri:
                out.setdefault(by_uri[uri], self.plain(value))
            elif uri == extra_uri:
                try:
                    extra = json.loads(value) if isinstance(value, str) else None
                except (ValueError, RecursionError):
                    extra = None
                if isinstance(extra, dict):
                    for key, extra_value in extra.items():
                        out.setdefault(key, extra_value)
                else:
                    unknown.setdefault(str(name), []).append(self.plain(value))
            elif uri == type_uri and self.uri(value) in consumed:
                continue
            elif uri not in _READ_APART:
                key = str(name) if ":" in str(name) else uri
                unknown.setdefault(key, []).append(self.plain(value))
        for key, values in unknown.items():
            self.foreign.add(key)
            out.setdefault(key, values[0] if len(values) == 1 else values)
        return out

    @staticmethod
    def types(record: Any) -> set[str]:
        return {_FromProv.uri(t) for t in record.get_asserted_types()}

    def drop(self, record: Any) -> None:
        keyword = self.pm.PROV_N_MAP.get(record.get_type(), str(record.get_type()))
        self.dropped.setdefault(keyword, []).append(record)

    # -- elements --------------------------------------------------------- #

    def element(self, table: dict[str, dict[str, Any]], key: str, item: dict[str, Any]) -> None:
        if key in table:
            self.notes.append(f"{item['id']} is described more than once: the descriptions "
                              "were merged, the first value of each attribute kept")
            for name, value in item.items():
                table[key].setdefault(name, value)
        else:
            table[key] = item

    def entity(self, record: Any) -> None:
        types = self.types(record)
        key = self.uri(record.identifier)
        if PVT_NAMESPACE + "Story" in types:
            if self.story is not None:
                self.notes.append(f"{record.identifier}: a second story entity was dropped")
                return
            self.story = self.item("story", record, {})
        elif PVT_NAMESPACE + "Claim" in types:
            self.element(self.claims, key, self.item(
                "claim", record, {"id": self.story_id(record.identifier)}))
        else:
            self.element(self.reports, key, self.item(
                "report", record, {"id": self.story_id(record.identifier)}))

    def agent(self, record: Any) -> None:
        kind: ActorKind | None = None
        for name, value in record.extra_attributes:
            if self.uri(name) == PVT_NAMESPACE + "kind" and value in _ACTOR_KINDS:
                kind = ActorKind(value)
        if kind is None and _PROV_NAMESPACE + "Person" in self.types(record):
            kind = ActorKind.PERSON  # a foreign agent; other PROV types tell no kind
        # The agent type the export writes for the kind says nothing more.
        expected = _AGENT_TYPES.get(kind) if kind is not None else None
        item = self.item("actor", record, {"id": self.story_id(record.identifier)},
                         [_PROV_NAMESPACE + expected] if expected else [])
        if kind is not None:
            item.setdefault("kind", kind.value)
        item.setdefault("name", self.story_id(record.identifier))
        self.element(self.actors, self.uri(record.identifier), item)

    def report_for(self, name: Any, record: Any) -> dict[str, Any] | None:
        """The report a relation names; an undeclared entity becomes one."""
        if name is None:
            return None
        key = self.uri(name)
        if key in self.reports:
            return self.reports[key]
        if key in self.claims or (self.story is not None and key == PVT_NAMESPACE + "story"):
            return None
        self.referenced.append(str(name))
        self.reports[key] = {"id": self.story_id(name)}
        return self.reports[key]

    def actor_for(self, name: Any) -> dict[str, Any]:
        key = self.uri(name)
        if key not in self.actors:
            self.referenced.append(str(name))
            self.actors[key] = {"id": self.story_id(name), "name": self.story_id(name)}
        return self.actors[key]

    # -- relations -------------------------------------------------------- #

    def formal(self, record: Any, local: str) -> Any:
        for name, value in record.formal_attributes:
            if self.uri(name) == _PROV_NAMESPACE + local:
                return value
        return None

    def attribution(self, record: Any) -> None:
        report = self.report_for(self.formal(record, "entity"), record)
        agent = self.formal(record, "agent")
        if report is None or agent is None:
            self.drop(record)
            return
        actor = self.actor_for(agent)
        if "actor" in report:
            if report["actor"] != actor["id"]:
                self.notes.append(f"{report['id']} is attributed to more than one agent: "
                                  f"kept {report['actor']}, dropped {actor['id']}")
            return
        report["actor"] = actor["id"]

    def derivation(self, record: Any) -> None:
        target = self.report_for(self.formal(record, "generatedEntity"), record)
        source = self.report_for(self.formal(record, "usedEntity"), record)
        if target is None or source is None or target is source:
            self.drop(record)
            return
        types = self.types(record)
        item = self.item("link", record, {"source": source["id"], "target": target["id"]},
                         _RELATIONS_OF_TYPES)
        if "relation" not in item:
            found = [rel for uri, rel in _RELATIONS_OF_TYPES.items() if uri in types]
            item["relation"] = (found[0] if found else Relation.CITES).value
        if any(self.formal(record, name) is not None
               for name in ("activity", "generation", "usage")):
            self.qualified_derivations += 1
        self.links.append((self.order(record, len(self.links)), item))

    def influence(self, record: Any) -> None:
        influencee = self.formal(record, "influencee")
        influencer = self.formal(record, "influencer")
        report = self.reports.get(self.uri(influencee)) if influencee is not None else None
        claim = self.claims.get(self.uri(influencer)) if influencer is not None else None
        stance = PVT_NAMESPACE + "stance"
        if (report is None or claim is None
                or not any(self.uri(name) == stance for name, _ in record.extra_attributes)):
            self.drop(record)
            return
        base = {"claim": claim["id"]}
        for name, value in record.extra_attributes:
            if self.uri(name) == PVT_NAMESPACE + "holder":
                base["holder"] = self.story_id(value)
        mention = self.item("mention", record, base)
        mentions = self.mentions.setdefault(self.uri(influencee), [])
        mentions.append((self.order(record, len(mentions)), mention))

    def order(self, record: Any, seen: int) -> tuple[int, int, int]:
        """Sort key of a link or mention: its ``pvt:position``, else document order."""
        for name, value in record.extra_attributes:
            if (self.uri(name) == PVT_NAMESPACE + "position" and isinstance(value, int)
                    and not isinstance(value, bool)):
                return (0, value, seen)
        return (1, 0, seen)

    def generation(self, record: Any) -> None:
        self.drop(record)
        entity = self.formal(record, "entity")
        time = self.formal(record, "time")
        report = self.reports.get(self.uri(entity)) if entity is not None else None
        if report is not None and time is not None and "published" not in report:
            report["published"] = self.plain(time)
            self.times_used += 1

    # -- the whole document ----------------------------------------------- #

    def read(self, document: Any) -> dict[str, Any]:
        pm = self.pm
        handlers: list[tuple[Any, Callable[[Any], None]]] = [
            (pm.ProvEntity, self.entity), (pm.ProvAgent, self.agent)]
        relations: list[tuple[Any, Callable[[Any], None]]] = [
            (pm.ProvAttribution, self.attribution), (pm.ProvDerivation, self.derivation),
            (pm.ProvInfluence, self.influence), (pm.ProvGeneration, self.generation)]
        records = list(document.get_records())
        # Elements first, so that relations find what they name wherever it stands.
        for group in (handlers, relations):
            for record in records:
                for cls, handle in group:
                    if isinstance(record, cls):
                        handle(record)
                        break
                else:
                    if group is relations and not isinstance(
                            record, tuple(cls for cls, _ in handlers)):
                        self.drop(record)
        for bundle in document.bundles:
            self.dropped.setdefault("bundle", []).append(bundle)
        return self.story_data()

    def story_data(self) -> dict[str, Any]:
        if self.story is None:
            self.story = {}
        if "title" not in self.story:
            self.story["title"] = "Imported PROV document"
            self.notes.append('the document has no story entity: titled "Imported PROV '
                              'document"')
        unattributed = [r for r in self.reports.values() if "actor" not in r]
        if unattributed:
            placeholder = _unique(["unknown"], taken=(a["id"] for a in self.actors.values()))[0]
            self.actors[PVT_NAMESPACE + "unknown-actor"] = {
                "id": placeholder, "name": "Unknown (no wasAttributedTo in the PROV document)"}
            for report in unattributed:
                report["actor"] = placeholder
            self.notes.append(f"{len(unattributed)} report(s) had no agent "
                              f"(wasAttributedTo): attributed to the placeholder actor "
                              f'"{placeholder}"')
        if self.referenced:
            self.notes.append("named in relations but never declared, added: "
                              + _listing(self.referenced))
        if self.times_used:
            self.notes.append(f"publication times of {self.times_used} report(s) were "
                              "taken from wasGeneratedBy")
        for keyword, records in self.dropped.items():
            names = [str(getattr(r, "identifier", None)) for r in records
                     if getattr(r, "identifier", None) is not None]
            self.notes.append(f"dropped {len(records)} {keyword} record(s)"
                              + (f": {_listing(names)}" if names else ""))
        if self.qualified_derivations:
            self.notes.append(f"dropped the activity, generation and usage of "
                              f"{self.qualified_derivations} wasDerivedFrom record(s)")
        if self.foreign:
            self.notes.append("attributes with no story field are kept as unknown keys: "
                              + _listing(sorted(self.foreign)))
        for key, mentions in self.mentions.items():
            self.reports[key]["claims"] = [m for _, m in sorted(mentions, key=lambda p: p[0])]
        data: dict[str, Any] = {"format": "provenance-story", "version": 1, **self.story}
        data["actors"] = list(self.actors.values())
        data["claims"] = list(self.claims.values())
        data["reports"] = list(self.reports.values())
        data["links"] = [link for _, link in sorted(self.links, key=lambda p: p[0])]
        return data


def _listing(names: Iterable[str], limit: int = 8) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def import_prov_json(text: str | bytes) -> tuple[Story, list[str]]:
    """Read a story from W3C PROV-JSON: ours back to an equal story, others' as far as they go.

    A document written by ``export(story, "prov-json")`` gives back a story
    equal to ``story``. A document written by another tool gives its entities
    as reports, its agents as actors (reports with no agent get a placeholder
    actor ``unknown``), ``wasAttributedTo`` as each report's actor and
    ``wasDerivedFrom`` as links (``cites``; ``quotes`` for ``prov:Quotation``,
    ``corrects`` for ``prov:Revision``). Attributes with no story field are kept
    as unknown keys (``ex:color``); what a story cannot hold (activities,
    usage, generation, bundles, ...) is dropped and named in the notes.

    Returns
    -------
    tuple[Story, list[str]]
        The story, and human-readable notes on what was dropped or made up.

    Raises
    ------
    MissingExtraError
        If the optional ``prov`` package is not installed.
    ProvenanceError
        If the text is not PROV-JSON, or does not make a valid story
        (a :class:`StoryFormatError`, whose issues name the story fields).

    Examples
    --------
    >>> from provenance.model import Story, Actor, Report
    >>> story = Story("T", actors=[Actor("a", "A")], reports=[Report("r 1", "a")])
    >>> again, notes = import_prov_json(export(story, "prov-json"))
    >>> again == story, notes
    (True, [])
    """
    pm = _prov()
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ProvenanceError(f"PROV-JSON must be UTF-8 text ({err})") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise ProvenanceError(f"not a PROV-JSON document: not JSON ({err})") from None
    if not isinstance(data, dict):
        raise ProvenanceError("not a PROV-JSON document: it must be a JSON object")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            document = pm.ProvDocument.deserialize(content=text, format="json")
        except Exception as err:  # the prov package raises many kinds on bad input
            raise ProvenanceError(f"not a valid PROV-JSON document: {err}") from err
        reader = _FromProv(pm)
        try:
            story_data = reader.read(document)
        except (TypeError, ValueError, AttributeError, KeyError) as err:
            raise ProvenanceError(f"PROV-JSON document cannot be read as a story: {err}") \
                from err
    notes = [f"PROV reader: {warning.message}" for warning in caught] + reader.notes
    story = story_from_data(story_data, source="PROV-JSON document")
    return story, notes


IMPORT_FORMATS: tuple[str, ...] = ("prov-json",)


# --------------------------------------------------------------------------- #
# The registry.

@attrs.frozen
class _Format:
    """One export format: its writer, and whether it is a picture."""

    write: Callable[[Story, _Marks | None], str]
    #: Pictures show the analysis always: :func:`export` analyses when not given one.
    picture: bool
    suffix: str


_FORMATS: Mapping[str, _Format] = {
    "graphml": _Format(_graphml, False, ".graphml"),
    "gexf": _Format(_gexf, False, ".gexf"),
    "cytoscape": _Format(_cytoscape, False, ".cyjs"),
    "dot": _Format(_dot, True, ".dot"),
    "mermaid": _Format(_mermaid, True, ".mmd"),
    "prov-json": _Format(_prov_json, False, ".prov.json"),
    "prov-n": _Format(_prov_n, False, ".provn"),
}
#: The names :func:`export` accepts.
EXPORT_FORMATS: tuple[str, ...] = tuple(_FORMATS)
#: The usual file-name ending of each format.
FORMAT_SUFFIXES: Mapping[str, str] = {name: spec.suffix for name, spec in _FORMATS.items()}


def export(story: Story, fmt: str, analysis: Analysis | None = None) -> str:
    """The story as text in another tool's format (one of :data:`EXPORT_FORMATS`).

    ``graphml``, ``gexf`` and ``cytoscape`` add the analysis's findings (roles,
    distortions, the point of distortion) when ``analysis`` is given; ``dot``
    and ``mermaid`` are pictures and always show them, analysing the story
    when no analysis is given; ``prov-json`` and ``prov-n`` hold the story only.

    Raises
    ------
    ProvenanceError
        If ``fmt`` is not a known format.
    StoryFormatError
        If the story breaks the format (for example a link to a missing report).
    MissingExtraError
        For ``prov-json`` and ``prov-n`` when the ``prov`` package is missing.

    Examples
    --------
    >>> from provenance.model import Story, Actor, Report, Link
    >>> story = Story("T", actors=[Actor("a", "A")],
    ...               reports=[Report("r1", "a"), Report("r2", "a")], links=[Link("r1", "r2")])
    >>> print(export(story, "dot"))  # doctest: +ELLIPSIS
    digraph story {
        graph [rankdir=LR, label="T", ...];
    ...
        "r1" -> "r2" [color="#4D4D4D", style=solid, penwidth=1.2, ...];
    }
    <BLANKLINE>
    """
    try:
        spec = _FORMATS[fmt]
    except (KeyError, TypeError):
        raise ProvenanceError(
            f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        ) from None
    story_from_data(story_to_data(story))  # the checks of loading: never export a bad story
    if analysis is None and spec.picture:
        analysis = analyze(story)
    marks = _Marks.of(story, analysis) if analysis is not None else None
    return spec.write(story, marks)


def export_to(story: Story, fmt: str, path: str | os.PathLike[str],
              analysis: Analysis | None = None) -> None:
    """Write :func:`export`'s text to ``path`` (UTF-8), atomically.

    Nothing is written when the export fails; a failed write leaves any old
    file as it was.

    Raises
    ------
    ProvenanceError
        As :func:`export`, or if the file cannot be written.
    """
    text = export(story, fmt, analysis)
    write_atomic(path, text.encode("utf-8", "surrogatepass"))


