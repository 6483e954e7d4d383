"""A docgraph store on a SPARQL server: ``--store http(s)://…`` instead of a folder.

``ServedStore`` is a ``GraphStore`` whose storage is a server spoken to through the standard
protocols: SPARQL 1.1 Query for reading, the Graph Store HTTP Protocol for writing a document's
graph (one idempotent PUT) and dropping one (DELETE), SPARQL 1.1 Update for the small edits that
merges make. Everything above the store — ingest, remove, query, export, serve, review — is the
same code as for the embedded store.

Servers differ in their endpoint paths and in how a query sees the union of the named graphs;
presets cover Oxigraph, Apache Jena Fuseki, Virtuoso and QLever (``--store-kind``), and each path
can be set with DOCGRAPH_QUERY_ENDPOINT, DOCGRAPH_UPDATE_ENDPOINT, DOCGRAPH_GSP_ENDPOINT.
Credentials come from the environment only: DOCGRAPH_STORE_TOKEN (bearer), or
DOCGRAPH_STORE_USER and DOCGRAPH_STORE_PASSWORD (basic; DOCGRAPH_STORE_AUTH=digest for digest).

Every request is idempotent (a PUT of a whole graph, INSERT/DELETE DATA of exact quads), so a
failed one is retried with back-off; what still fails is one line saying what and where, and
running the same ingest again completes it (documents already on the server are skipped by their
content hash, as in the embedded store).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from .errors import StoreError


@dataclass(frozen=True)
class Preset:
    query: str  # paths relative to the store URL
    update: str
    gsp: str | None  # None: the server has no Graph Store Protocol; SPARQL Update is used instead
    union: tuple[str, str] | None  # how a query asks for the union of named graphs: (param, value)


PRESETS = {
    "oxigraph": Preset("/query", "/update", "/store", ("union-default-graph", "")),
    "fuseki": Preset("/query", "/update", "/data", ("default-graph-uri", "urn:x-arq:UnionGraph")),
    "virtuoso": Preset("/sparql", "/sparql", "/sparql-graph-crud", None),  # its default graph is the union
    "qlever": Preset("", "", None, None),  # one endpoint; the default graph is the union
}
# what each kind of server calls itself in its Server header (lower case)
SERVER_NAMES = {"oxigraph": ("oxigraph",), "fuseki": ("fuseki", "jena"), "virtuoso": ("virtuoso",),
                "qlever": ("qlever",)}
BATCH = 20_000  # quads per INSERT DATA / DELETE DATA request
RETRIES = (0.5, 1.0, 2.0, 4.0)


def is_remote(path: object) -> bool:
    return isinstance(path, str) and path.startswith(("http://", "https://"))


class _RemoteQuads:
    """The slice of pyoxigraph's ``Store`` API that ``GraphStore`` uses, over HTTP."""

    def __init__(self, url: str, kind: str = "oxigraph", timeout: float = 120.0) -> None:
        import httpx

        if kind not in PRESETS:
            raise StoreError(f"--store-kind {kind!r}: use one of {', '.join(PRESETS)}")
        self.url = url.rstrip("/")
        self.kind = kind
        self.preset = PRESETS[kind]
        self._reached = self._kind_checked = self._union_checked = False
        self.query_url = os.environ.get("DOCGRAPH_QUERY_ENDPOINT") or self.url + self.preset.query
        self.update_url = os.environ.get("DOCGRAPH_UPDATE_ENDPOINT") or self.url + self.preset.update
        gsp = os.environ.get("DOCGRAPH_GSP_ENDPOINT") or (self.url + self.preset.gsp if self.preset.gsp else None)
        self.gsp_url = gsp
        auth: Any = None
        headers = {}
        if os.environ.get("DOCGRAPH_STORE_TOKEN"):
            headers["authorization"] = f"Bearer {os.environ['DOCGRAPH_STORE_TOKEN']}"
        elif os.environ.get("DOCGRAPH_STORE_USER"):
            user, password = os.environ["DOCGRAPH_STORE_USER"], os.environ.get("DOCGRAPH_STORE_PASSWORD", "")
            auth = httpx.DigestAuth(user, password) if os.environ.get("DOCGRAPH_STORE_AUTH") == "digest" \
                else httpx.BasicAuth(user, password)
        self.http = httpx.Client(timeout=timeout, auth=auth, headers=headers, trust_env=False)

    # -- transport ---------------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, writing: bool = True, **kwargs) -> Any:
        import httpx

        last = ""
        for delay in (*RETRIES, None):
            try:
                r = self.http.request(method, url, **kwargs)
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__} ({exc})" if str(exc) else type(exc).__name__
                if isinstance(exc, httpx.ConnectError) and not self._reached:
                    # never reached: not running, or not there; retrying only makes the user wait
                    raise StoreError(f"remote store {self.url}: cannot connect ({last}); is the server running "
                                     "at that address?") from None
            else:
                self._reached = True
                self._check_kind(r)
                if r.status_code < 400 or (method == "DELETE" and r.status_code == 404):
                    return r
                if r.status_code in (401, 403):
                    raise StoreError(f"remote store {self.url}: {r.status_code} {r.reason_phrase} — set "
                                     "DOCGRAPH_STORE_TOKEN, or DOCGRAPH_STORE_USER and DOCGRAPH_STORE_PASSWORD")
                if r.status_code < 500 and r.status_code != 429:
                    raise StoreError(f"remote store {url}: {r.status_code} {r.reason_phrase}: "
                                     f"{r.text.strip()[:300]}")
                last = f"{r.status_code} {r.reason_phrase}"
            if delay is None:
                break
            time.sleep(delay)
        kept = ": what was written is kept" if writing else ""
        raise StoreError(f"remote store {url}: {last} (tried {len(RETRIES) + 1} times; run the same command "
                         f"again once the server answers{kept})")

    def _check_kind(self, response) -> None:
        """A server that names itself (its Server header) as another kind than --store-kind: say
        so, before its answers are misread (a Fuseki preset on Oxigraph sees no entities at all)."""
        if self._kind_checked:
            return
        self._kind_checked = True
        said = response.headers.get("server", "")
        for kind, marks in SERVER_NAMES.items():
            if kind != self.kind and any(m in said.lower() for m in marks):
                raise StoreError(f"remote store {self.url} is {said.split()[0] if said else 'another server'}, "
                                 f"not {self.kind}: use --store-kind {kind} (or DOCGRAPH_STORE_KIND={kind})")

    def _check_union(self) -> None:
        """The first time a query asks for the union of the document graphs: does the preset's way
        of asking work on this server? If the store has graphs and the union shows nothing, the
        --store-kind is wrong, and every count would silently be 0."""
        self._union_checked = True
        union = self.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True)
        if not bool(union) and bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }")):
            how = f"{self.preset.union[0]}={self.preset.union[1]}" if self.preset.union else "its default graph"
            raise StoreError(f"remote store {self.url}: --store-kind {self.kind} asks for the union of the graphs "
                             f"with {how}, and this server answers that with nothing although it holds graphs: "
                             f"is it another kind of server? ({', '.join(k for k in PRESETS if k != self.kind)})")

    # -- reading -----------------------------------------------------------------------------------
    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None, use_default_graph_as_union: bool = False,
              default_graph=None, named_graphs=None, substitutions=None) -> Any:
        if substitutions:
            from .queries import with_values

            sparql = with_values(sparql, **{v.value: t for v, t in substitutions.items()})
        if use_default_graph_as_union and not self._union_checked and not default_graph:
            self._check_union()
        if prefixes:
            sparql = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + sparql
        params: list[tuple[str, str]] = []
        graphs = default_graph if isinstance(default_graph, list) else ([default_graph] if default_graph else [])
        for g in graphs:
            params.append(("default-graph-uri", g.value))
        for g in named_graphs or []:
            params.append(("named-graph-uri", g.value))
        if use_default_graph_as_union and not graphs and self.preset.union:
            params.append(self.preset.union)
        r = self._send("POST", self.query_url, writing=False, params=params, content=sparql.encode("utf-8"), headers={
            "content-type": "application/sparql-query",
            "accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        ctype = r.headers.get("content-type", "").split(";")[0].strip()
        if ctype == "application/n-triples" or ctype == "text/turtle":
            fmt = RdfFormat.N_TRIPLES if ctype == "application/n-triples" else RdfFormat.TURTLE
            return [q.triple for q in parse(r.content, format=fmt)]
        return parse_query_results(r.content, format=QueryResultsFormat.JSON)

    def quads_for_pattern(self, s=None, p=None, o=None, g=None) -> Iterator[Quad]:
        bound = {k: t for k, t in (("s", s), ("p", p), ("o", o), ("g", g)) if t is not None}
        if isinstance(g, DefaultGraph):
            raise StoreError("the default graph is not used by docgraph stores")
        sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        if bound:
            from .queries import with_values

            sparql = with_values(sparql, **bound)
        for row in self.query(sparql):
            yield Quad(row["s"], row["p"], row["o"], row["g"])

    def contains_named_graph(self, g: NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"))

    def named_graphs(self) -> Iterator[NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["g"]

    def __len__(self) -> int:
        (row,) = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(row["n"].value)

    # -- writing -----------------------------------------------------------------------------------
    def put_graph(self, g: NamedNode, triples: list) -> None:
        """Replace one named graph whole: an idempotent PUT (or DROP + INSERT DATA without GSP)."""
        body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        if self.gsp_url:
            self._send("PUT", self.gsp_url, params={"graph": g.value}, content=body,
                       headers={"content-type": "application/n-triples"})
        else:
            self._update(f"DROP SILENT GRAPH {g}")
            self.extend(Quad(t.subject, t.predicate, t.object, g) for t in triples)

    def remove_graph(self, g: NamedNode) -> None:
        if self.gsp_url:
            self._send("DELETE", self.gsp_url, params={"graph": g.value})
        else:
            self._update(f"DROP SILENT GRAPH {g}")

    def extend(self, quads: Iterable[Quad]) -> None:
        self._data("INSERT", quads)

    def add(self, quad: Quad) -> None:
        self._data("INSERT", [quad])

    def remove(self, quad: Quad) -> None:
        self._data("DELETE", [quad])

    def _data(self, verb: str, quads: Iterable[Quad]) -> None:
        by_graph: dict[str, list[str]] = defaultdict(list)
        pending = 0
        for q in quads:
            if isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode):
                raise StoreError("blank nodes cannot be written to a remote store")
            by_graph[str(q.graph_name)].append(f"{q.subject} {q.predicate} {q.object} .")
            pending += 1
            if pending >= BATCH:
                self._flush_data(verb, by_graph)
                by_graph, pending = defaultdict(list), 0
        if pending:
            self._flush_data(verb, by_graph)

    def _flush_data(self, verb: str, by_graph: dict[str, list[str]]) -> None:
        body = " ".join(f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())
        self._update(f"{verb} DATA {{ {body} }}")

    def _update(self, sparql: str) -> None:
        self._send("POST", self.update_url, content=sparql.encode("utf-8"),
                   headers={"content-type": "application/sparql-update"})

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.http.close()
