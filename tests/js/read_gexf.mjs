// Parse a GEXF file with graphology-gexf (Gephi Lite's and sigma.js's parser) and print what a
// test needs to check as JSON: counts, and the nodes or edges that lack a label, a type or a
// declared attribute.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { MultiDirectedGraph } = require("graphology");
const gexf = require("graphology-gexf");

const text = readFileSync(process.argv[2], "utf8");
const graph = gexf.parse(MultiDirectedGraph, text);
const declared = [...text.matchAll(/<attributes class="node"[^>]*>([\s\S]*?)<\/attributes>/g)]
  .flatMap((m) => [...m[1].matchAll(/title="([^"]+)"/g)].map((t) => t[1]));
const unlabelled = [], untyped = [], missing = [];
graph.forEachNode((node, attrs) => {
  if (!attrs.label) unlabelled.push(node);
  if (!attrs.type) untyped.push(node);
  for (const name of declared) if (!(name in attrs)) missing.push([node, name]);
});
const relations = {};
graph.forEachEdge((edge, attrs) => {
  relations[attrs.relation] = (relations[attrs.relation] || 0) + 1;
});
const sample = graph.order ? graph.getNodeAttributes(graph.nodes()[0]) : null;
console.log(JSON.stringify({
  order: graph.order, size: graph.size, declared, unlabelled, untyped, missing, relations, sample,
}));
