"""GraphML: the graph with flat attributes (Gephi, yEd, networkx, igraph, graphology).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Story
from ._flat import (
    _GRAPHML_TYPES,
    Scalar,
    _attribute_keys,
    _flat_graph,
    _Marks,
    _xml_attribute,
    _xml_text,
    _xml_type,
    _xml_value,
)


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


