// The neighbourhood graph on an entity page (Cytoscape.js): the entity in the middle, the people,
// organisations, places, events and works the documents link it to (solid lines) or mention beside
// it (dashed) around it; a line's width is the number of documents that say it, a node's size too. Clicking a
// node opens its page. Drawn when the reader opens the "Graph" section, from /graph/….json;
// the section's list of names works without it.
import cytoscape from "cytoscape";

const COLOURS = { person: "#2973b2", organization: "#c0392b", place: "#27ae60", event: "#8e44ad",
                  work: "#d68910", document: "#7f8c8d" };

// Cytoscape adds a <style> element to the page unless an element with this id is there; the
// page's Content-Security-Policy refuses inline styles, and style.css holds the one rule it adds.
const CYTOSCAPE_STYLESHEET = "__________cytoscape_stylesheet";

function draw(section, data) {
  const box = section.querySelector(".graph-canvas");
  if (!document.getElementById(CYTOSCAPE_STYLESHEET)) {
    const placeholder = document.createElement("meta");
    placeholder.id = CYTOSCAPE_STYLESHEET;
    document.head.appendChild(placeholder);
  }
  section.dataset.drawn = "1";  // shows the canvas: the layout needs its size
  const max = Math.max(1, ...data.edges.map((e) => e.weight));
  const elements = [
    ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, type: n.type, weight: n.weight,
                                        page: n.page, centre: n.centre ? 1 : 0 } })),
    ...data.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target,
                                           weight: e.weight, label: e.label, kind: e.kind } })),
  ];
  const cy = cytoscape({
    container: box,
    elements,
    minZoom: 0.3,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "background-color": (n) => COLOURS[n.data("type")] || "#555",
        label: "data(label)", "font-size": 11, color: "#1d232a",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 140,
        width: (n) => 14 + 26 * Math.sqrt(Math.min(n.data("weight"), max) / max),
        height: (n) => 14 + 26 * Math.sqrt(Math.min(n.data("weight"), max) / max) } },
      { selector: "node[centre = 1]", style: { width: 46, height: 46, "font-weight": "bold",
        "font-size": 13, "border-width": 3, "border-color": "#1d232a" } },
      { selector: "edge", style: {
        width: (e) => 1 + 9 * (e.data("weight") / max), "line-color": "#7b8794", opacity: 0.85,
        "curve-style": "straight" } },
      { selector: 'edge[kind = "co-mention"]', style: { "line-style": "dashed", "line-color": "#b6c0ca",
        opacity: 0.7 } },
      { selector: "node:active, node.hover", style: { "overlay-opacity": 0.15 } },
    ],
    layout: {
      name: "concentric", animate: false, padding: 30, minNodeSpacing: 18,
      concentric: (n) => (n.data("centre") ? 1000 : Math.log2(1 + n.data("weight"))),
      levelWidth: () => 1,
    },
  });
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (!node.data("centre") && node.data("page")) window.location.assign(node.data("page"));
  });
  cy.on("mouseover", "node", (event) => { box.style.cursor = event.target.data("centre") ? "" : "pointer"; });
  cy.on("mouseout", "node", () => { box.style.cursor = ""; });
  window.docgraphGraph = cy;  // for the browser tests and the console
  section.dataset.ready = "1";
}

async function open(section) {
  if (section.dataset.drawn || section.dataset.loading) return;
  section.dataset.loading = "1";
  try {
    const response = await fetch(section.dataset.src, { headers: { accept: "application/json" } });
    if (response.ok) draw(section, await response.json());
  } finally {
    delete section.dataset.loading;
  }
}

function start() {
  const section = document.querySelector("details.graph[data-src]");
  if (!section) return;
  section.classList.add("scripted");
  section.addEventListener("toggle", () => { if (section.open) open(section); });
  if (section.open) open(section);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
