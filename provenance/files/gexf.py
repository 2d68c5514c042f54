"""GEXF 1.3: the graph with flat attributes (Gephi, Gephi Lite, graphology).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Story
from ._flat import (
    Scalar,
    _attribute_keys,
    _flat_graph,
    _Marks,
    _xml_attribute,
    _xml_type,
    _xml_value,
)

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


