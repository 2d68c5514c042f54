// Reads a GraphML or GEXF file with graphology, as Gephi Lite opens them, and prints
// what it read as JSON: {"attributes", "nodes": [[id, attributes]], "edges":
// [[id, source, target, attributes]], "multi", "type"}. Exits 1 with the reader's
// message when the file is refused.
//
//   node tools/readers/read.js graphml story.graphml
"use strict";
const fs = require("fs");
const Graph = require("graphology");

const [format, path] = process.argv.slice(2);
const readers = { graphml: "graphology-graphml", gexf: "graphology-gexf" };
if (!(format in readers) || !path) {
  console.error("usage: node read.js graphml|gexf FILE");
  process.exit(2);
}
try {
  const text = fs.readFileSync(path, "utf8");
  const graph = require(readers[format]).parse(Graph, text);
  const out = {
    type: graph.type,
    multi: graph.multi,
    attributes: graph.getAttributes(),
    nodes: graph.mapNodes((node, attributes) => [node, attributes]),
    edges: graph.mapEdges((edge, attributes, source, target) =>
      [edge, source, target, attributes]),
  };
  process.stdout.write(JSON.stringify(out));
} catch (err) {
  console.error(String(err && err.message ? err.message : err));
  process.exit(1);
}
