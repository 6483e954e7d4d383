// The query page: YASGUI (@zazuko/yasgui) on this server's own /sparql endpoint, with completion
// from docgraph's vocabulary (never a third-party service: the page's CSP allows this server
// only), a chart view of results (Chart.js), and the canned queries beside it.
import Yasgui from "@zazuko/yasgui";
import "@zazuko/yasgui/build/yasgui.min.css";
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

// YASR's column resizer puts its rules in <style> elements, which the page's Content-Security-
// Policy refuses (style-src 'self'); they go in as constructed stylesheets instead (CSSOM, which
// the policy allows), once each.
const adopted = new Set();
const appendChild = Node.prototype.appendChild;
Node.prototype.appendChild = function append(child) {
  if (child instanceof HTMLStyleElement && "gripid" in child) {
    if (!adopted.has(child.textContent)) {
      adopted.add(child.textContent);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(child.textContent);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
    return child;
  }
  return appendChild.call(this, child);
};

const NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
const MAX_BARS = 60;

// A bar chart of a SELECT result: the first column whose values are all numbers against the
// first column that is not.
class ChartPlugin {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
    this.chart = null;
  }

  columns() {
    const results = this.yasr.results;
    if (!results || !results.getVariables || !results.getBindings) return null;
    const vars = results.getVariables();
    const rows = results.getBindings();
    if (!rows || rows.length === 0 || vars.length < 2) return null;
    const numeric = (v) => rows.every((r) => !r[v] || (r[v].type !== "uri" &&
      (NUMERIC.test(r[v].datatype || "") || /^-?\d+(\.\d+)?$/.test(r[v].value))));
    const value = vars.find((v) => numeric(v) && rows.some((r) => r[v]));
    const label = vars.find((v) => v !== value && !numeric(v));
    return value && label ? { value, label, rows } : null;
  }

  canHandleResults() {
    return this.columns() !== null;
  }

  draw() {
    const { value, label, rows } = this.columns();
    const shown = rows.slice(0, MAX_BARS);
    const box = document.createElement("div");
    box.className = "docgraph-chart";
    const canvas = document.createElement("canvas");
    box.appendChild(canvas);
    this.yasr.resultsEl.appendChild(box);
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: shown.map((r) => (r[label] ? shortName(r[label].value) : "")),
        datasets: [{ label: value, data: shown.map((r) => (r[value] ? Number(r[value].value) : 0)),
                     backgroundColor: "#2973b2" }],
      },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: true } } },
    });
    box.style.height = `${Math.max(240, shown.length * 22 + 60)}px`;
    if (rows.length > MAX_BARS) {
      const note = document.createElement("p");
      note.className = "meta";
      note.textContent = `The first ${MAX_BARS} of ${rows.length} rows.`;
      this.yasr.resultsEl.appendChild(note);
    }
  }

  getIcon() {
    const icon = document.createElement("span");
    icon.textContent = "▇";
    return icon;
  }

  destroy() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
  }
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

// YASR's table gives DataTables each value as HTML for searching and sorting (DOMPurify's
// sanitising is all it does), and DataTables reads that HTML through a <div> of the page: a
// document's "<img src=x onerror=…>" would become an element there (the CSP stops the handler,
// but nothing from a document should become markup). Search and sort see the text, escaped.
function escapeTableSearchText(Table) {
  if (!Table || !Table.prototype.getColumns) return;
  const getColumns = Table.prototype.getColumns;
  Table.prototype.getColumns = function columns(...args) {
    return getColumns.apply(this, args).map((column, i) => (i === 0 || !column.render ? column : {
      ...column,
      render: (data, type, row, meta) => ((type === "filter" || type === "sort" || !type) && data !== ""
        ? escapeHtml(data.value) : column.render(data, type, row, meta)),
    }));
  };
}

function site() {
  return document.body.dataset;
}

function shortName(uri) {
  const prefix = `${site().base}/id/`;
  return uri.startsWith(prefix) ? uri.slice(prefix.length) : uri;
}

async function vocabulary(url) {
  try {
    const response = await fetch(url, { headers: { accept: "application/json" } });
    return response.ok ? await response.json() : { prefixes: {}, classes: [], properties: [] };
  } catch (err) {
    return { prefixes: {}, classes: [], properties: [] };
  }
}

function start() {
  const el = document.getElementById("yasgui");
  if (!el) return;
  const endpoint = new URL(el.dataset.endpoint, window.location.href).href;
  const terms = vocabulary(el.dataset.prefixes);
  const Yasqe = Yasgui.Yasqe;
  // completion from this store's vocabulary: prefixes, classes and properties docgraph writes
  Yasqe.forkAutocompleter("prefixes", {
    name: "docgraph-prefixes",
    get: async () => Object.entries((await terms).prefixes).map(([p, ns]) => `${p}: <${ns}>`).sort(),
  }, false);
  Yasqe.forkAutocompleter("class", { name: "docgraph-class", bulk: true,
    get: async () => (await terms).classes }, false);
  Yasqe.forkAutocompleter("property", { name: "docgraph-property", bulk: true,
    get: async () => (await terms).properties }, false);
  Yasgui.Yasr.registerPlugin("chart", ChartPlugin);
  escapeTableSearchText(Yasgui.Yasr.plugins.table);
  const yasgui = new Yasgui(el, {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    persistenceId: `docgraph:${endpoint}`,
    populateFromUrl: false,
    yasqe: {
      autocompleters: ["docgraph-prefixes", "variables", "docgraph-class", "docgraph-property"],
      prefixCcApi: null,
      createShortLink: undefined,
      value: el.dataset.query || DEFAULT_QUERY,
    },
    yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table" },
  });
  window.docgraphYasgui = yasgui;  // for the browser tests and the console
  terms.then((t) => { Yasgui.Yasr.defaults.prefixes = t.prefixes; });

  // canned queries: "open in editor" loads the SPARQL with the form's parameters and runs it
  for (const button of document.querySelectorAll("form.canned-query button.edit")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const form = button.closest("form");
      const params = new URLSearchParams();
      for (const input of form.querySelectorAll("input")) if (input.value) params.set(input.name, input.value);
      const response = await fetch(`${button.dataset.sparql}?${params}`);
      const text = await response.text();
      const tab = yasgui.getTab();
      if (!response.ok) {
        tab.getYasr().resultsEl.textContent = text;
        return;
      }
      tab.setQuery(text);
      tab.query();
      el.scrollIntoView({ block: "start" });
    });
  }
}

const DEFAULT_QUERY = `PREFIX schema: <https://schema.org/>
PREFIX dg: <https://w3id.org/docgraph#>

# who holds which role, and in how many documents
SELECT ?name ?title (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  GRAPH ?doc { ?role a dg:Role ; dg:roleHolder ?person ; schema:roleName ?title . }
  ?person schema:name ?name .
}
GROUP BY ?name ?title
ORDER BY DESC(?documents)
LIMIT 50`;

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
