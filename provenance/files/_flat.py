"""What GraphML, GEXF and Cytoscape.js share: the story as a graph with flat attributes,
the analysis's findings as the exports need them, and XML-safe text and ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from ..analysis import Analysis
from ..model import TRANSMITTING, Actor, ActorKind, Genre, Part, Report, Story
from ..wording import change_lines

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
            text = change_lines(distortion, several_claims, story=story)
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




def _actor_of(story: Story, report: Report) -> Actor | None:
    try:
        return story.actor(report.actor)
    except KeyError:
        return None



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
    # Format version 2, written only where used (a version 1 story's export is unchanged).
    if report.genre is not Genre.NEWS:
        out["genre"] = report.genre.value
    if report.accounts:
        out["accounts"] = ",".join(report.accounts)
    per_claim: dict[str, list[str]] = {}
    for mention in report.claims:
        headline = mention.part is Part.HEADLINE
        for key, value in (
                (f"stance:{mention.claim}", mention.stance.value),
                (f"holder:{mention.claim}", mention.holder),
                # A headline's stance, also apart: "stance:" holds every part's.
                (f"headline:{mention.claim}", mention.stance.value if headline else None),
                (f"denies_attribution:{mention.claim}",
                 mention.holder if mention.disputes_attribution else None),
                (f"accounts:{mention.claim}",
                 ",".join(mention.accounts) if mention.accounts else None)):
            if value is not None and value not in per_claim.setdefault(key, []):
                per_claim[key].append(value)
    out.update({key: ",".join(values) for key, values in per_claim.items() if values})
    out.update({f"hedged:{m.claim}": True for m in report.claims if m.hedged})
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
    if link.accounts:
        out["accounts"] = ",".join(link.accounts)
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
    out.update({f"qualifies:{claim.id}": claim.qualifies for claim in story.claims
                if claim.qualifies is not None})
    for account in story.accounts:
        out[f"account:{account.id}"] = account.name
        if account.by is not None:
            out[f"account_by:{account.id}"] = account.by
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
