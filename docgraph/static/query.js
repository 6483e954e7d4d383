// The query page: runs SPARQL through the endpoint's own protocol (POST application/sparql-query)
// and canned queries through /queries/NAME, and renders the JSON results as a table. Every value
// is put in the page as text (textContent), never as HTML.
"use strict";

const results = () => document.getElementById("results");

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = pageLink(term.value);
    a.title = term.value;
    a.textContent = shortName(term.value);
    td.appendChild(a);
  } else {
    td.textContent = term.value;
  }
  return td;
}

// the store's base (what its URIs start with) and where this server's pages are (relative to
// this server, or under its --public-url): links work on any port and behind a proxy
const site = () => document.body.dataset;

function ours(uri) {
  const prefix = `${site().base}/id/`;
  if (!uri.startsWith(prefix)) return null;
  const m = uri.slice(prefix.length).match(/^(person|organization|place|event|work|document)\/([^/?#]+)$/);
  return m ? `${m[1]}/${m[2]}` : null;
}

function shortName(uri) {
  // this graph's entities and documents read as "person/robert-a-destro"; other IRIs in full
  return ours(uri) || uri;
}

function pageLink(uri) {
  // entity and document URIs of this graph open their page here; other IRIs are left as they are
  const path = ours(uri);
  return path ? `${site().root}/page/${path}` : uri;
}

function showError(message) {
  const box = results();
  box.replaceChildren();
  const p = document.createElement("p");
  p.className = "error";
  p.textContent = message;
  box.appendChild(p);
}

function showTable(data, title) {
  const box = results();
  box.replaceChildren();
  const h = document.createElement("h2");
  h.textContent = title;
  box.appendChild(h);
  if (typeof data.boolean === "boolean") {
    const p = document.createElement("p");
    p.textContent = String(data.boolean);
    box.appendChild(p);
    return;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const summary = document.createElement("p");
  summary.className = "summary";
  summary.textContent = `${rows.length} row${rows.length === 1 ? "" : "s"}`;
  box.appendChild(summary);
  const table = document.createElement("table");
  table.className = "results";
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(cell(row[v]));
  }
  box.appendChild(table);
  box.scrollIntoView({ block: "start" });
}

async function fetchResults(url, init, title) {
  results().textContent = "Running…";
  try {
    const response = await fetch(url, init);
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      showError(`${response.status}: ${(await response.text()).trim()}`);
      return;
    }
    if (type.includes("json") && !type.includes("ld+json")) {
      showTable(await response.json(), title);
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results().replaceChildren(pre);
    }
  } catch (err) {
    showError(String(err));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("sparql-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = document.getElementById("query").value;
    fetchResults(form.action, {
      method: "POST",
      headers: {
        "content-type": "application/sparql-query",
        accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: query,
    }, "Results");
  });
  for (const canned of document.querySelectorAll("form.canned-query")) {
    canned.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      for (const input of canned.querySelectorAll("input")) {
        if (input.value) params.set(input.name, input.value);
      }
      const url = `${canned.action}${params.toString() ? "?" + params : ""}`;
      const title = canned.querySelector("button").textContent;
      fetchResults(url, { headers: { accept: "application/sparql-results+json" } }, title);
    });
  }
});
