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

import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from .errors import QueryError, StoreError


@dataclass(frozen=True)
class Preset:
    query: str  # paths relative to the store URL
    update: str
    gsp: str | None  # None: the server has no Graph Store Protocol; SPARQL Update is used instead
    union: tuple[str, str] | None  # how a query asks for the union of named graphs: (param, value)
    auth: str = "basic"  # how DOCGRAPH_STORE_USER/PASSWORD are sent unless DOCGRAPH_STORE_AUTH says
    tested: bool = False  # started and exercised by the test suite (tests/test_remote.py)


PRESETS = {
    "oxigraph": Preset("/query", "/update", "/store", ("union-default-graph", ""), tested=True),
    "fuseki": Preset("/query", "/update", "/data", ("default-graph-uri", "urn:x-arq:UnionGraph")),
    # Virtuoso: anonymous reads on /sparql; writes only through the digest-authenticated
    # endpoints; its default graph is already the union (of its own system graphs too)
    "virtuoso": Preset("/sparql", "/sparql-auth", "/sparql-graph-crud-auth", None, auth="digest", tested=True),
    "qlever": Preset("", "", None, None),  # one endpoint; the default graph is the union
}
# what each kind of server calls itself in its Server header (lower case)
SERVER_NAMES = {"oxigraph": ("oxigraph",), "fuseki": ("fuseki", "jena"), "virtuoso": ("virtuoso",),
                "qlever": ("qlever",)}
UNTESTED = [k for k, p in PRESETS.items() if not p.tested]
BATCH = 20_000  # quads per INSERT DATA / DELETE DATA request
RETRIES = (0.5, 1.0, 2.0, 4.0)


def remote_timeouts(timeout: float | None = None) -> tuple[float, float]:
    """Seconds per request (DOCGRAPH_REMOTE_TIMEOUT, default 30) and in all for one request and
    its retries (DOCGRAPH_REMOTE_BUDGET, default twice that): a server that hangs is given up on."""
    try:
        per = float(timeout or os.environ.get("DOCGRAPH_REMOTE_TIMEOUT") or 30)
        budget = float(os.environ.get("DOCGRAPH_REMOTE_BUDGET") or 2 * per)
    except ValueError:
        raise StoreError("DOCGRAPH_REMOTE_TIMEOUT and DOCGRAPH_REMOTE_BUDGET are seconds, e.g. 30") from None
    if per <= 0 or budget <= 0:
        raise StoreError("DOCGRAPH_REMOTE_TIMEOUT and DOCGRAPH_REMOTE_BUDGET must be positive")
    return per, max(budget, per)


def is_remote(path: object) -> bool:
    return isinstance(path, str) and path.startswith(("http://", "https://"))


class _RemoteQuads:
    """The slice of pyoxigraph's ``Store`` API that ``GraphStore`` uses, over HTTP."""

    def __init__(self, url: str, kind: str = "oxigraph", timeout: float | None = None) -> None:
        import httpx

        self.timeout, self.budget = remote_timeouts(timeout)

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
            scheme = os.environ.get("DOCGRAPH_STORE_AUTH") or self.preset.auth
            auth = httpx.DigestAuth(user, password) if scheme == "digest" else httpx.BasicAuth(user, password)
        self.http = httpx.Client(timeout=self.timeout, auth=auth, headers=headers, trust_env=False)
        self.scope: str | None = None  # set by the store once it knows its base URI: see _scoped()

    # -- transport ---------------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, writing: bool = True, **kwargs) -> Any:
        import httpx

        last = ""
        started = time.monotonic()
        for delay in (*RETRIES, None):
            left = self.budget - (time.monotonic() - started)
            try:
                r = self.http.request(method, url, timeout=max(min(self.timeout, left), 0.1), **kwargs)
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
                refused = _server_error(r.text)
                if refused:  # the server evaluated the request and said no: trying again changes nothing
                    raise StoreError(f"remote store {url}: {refused}")
                last = f"{r.status_code} {r.reason_phrase}"
            if delay is None or time.monotonic() - started + delay >= self.budget:
                break
            time.sleep(delay)
        kept = ": what was written is kept" if writing else ""
        raise StoreError(f"remote store {url}: {last} (gave up after {time.monotonic() - started:.0f} s; "
                         f"DOCGRAPH_REMOTE_TIMEOUT={self.timeout:g} s per try, {self.budget:g} s in all; run the same "
                         f"command again once the server answers{kept})")

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
              default_graph=None, named_graphs=None, substitutions=None, base_iri: str | None = None) -> Any:
        if substitutions:
            from .queries import with_values

            sparql = with_values(sparql, **{v.value: t for v, t in substitutions.items()})
        if use_default_graph_as_union and not self._union_checked and not default_graph:
            self._check_union()
        if prefixes:
            sparql = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + sparql
        if base_iri:  # a BASE the query declares itself comes later and wins
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*", base_iri):
                raise QueryError(f"not an IRI: {base_iri[:200]}")
            sparql = f"BASE <{base_iri}>\n" + sparql
        params: list[tuple[str, str]] = []
        graphs = default_graph if isinstance(default_graph, list) else ([default_graph] if default_graph else [])
        for g in graphs:
            params.append(("default-graph-uri", g.value))
        for g in named_graphs or []:
            params.append(("named-graph-uri", g.value))
        if use_default_graph_as_union and not graphs and self.preset.union:
            params.append(self.preset.union)
        # the protocol's URL-encoded POST, which every server takes (Virtuoso 7.2 never answers a
        # direct application/sparql-query POST)
        form: dict[str, list[str]] = {"query": [sparql]}
        for k, v in params:
            form.setdefault(k, []).append(v)
        r = self._send("POST", self.query_url, writing=False, data=form, headers={
            "accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        _check_whole(r)
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if ctype == "application/n-triples" or ctype == "text/turtle":
                fmt = RdfFormat.N_TRIPLES if ctype == "application/n-triples" else RdfFormat.TURTLE
                return [q.triple for q in parse(r.content, format=fmt)]
            if "json" not in ctype:  # an HTML page, say: not a SPARQL server's answer
                raise ValueError(f"it answered {ctype or 'no content type'}")
            body = r.content
            if b"XMLSchema#boolean" in body or b"__ASK_RETVAL" in body[:200]:
                body = _standard_json(body)
            return parse_query_results(body, format=QueryResultsFormat.JSON)
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"remote store {self.query_url} did not answer with SPARQL results ({str(exc)[:120]}): "
                             "is that the SPARQL server's address, and --store-kind right?") from None

    def quads_for_pattern(self, s=None, p=None, o=None, g=None) -> Iterator[Quad]:
        bound = {k: t for k, t in (("s", s), ("p", p), ("o", o), ("g", g)) if t is not None}
        if isinstance(g, DefaultGraph):
            raise StoreError("the default graph is not used by docgraph stores")
        sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } " + ("" if g is not None else self._scoped()) + "}"
        if bound:
            from .queries import with_values

            sparql = with_values(sparql, **bound)
        for row in self.query(sparql):
            yield Quad(row["s"], row["p"], row["o"], row["g"])

    def contains_named_graph(self, g: NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"))

    def named_graphs(self) -> Iterator[NamedNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } " + self._scoped() + "}"):
            yield row["g"]

    def __len__(self) -> int:
        (row,) = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } " + self._scoped() + "}"))
        return int(row["n"].value)

    def _scoped(self) -> str:
        """A FILTER keeping the graphs of this docgraph store: a server also holds its own graphs
        (Virtuoso: its schema, OWL, LDP) and may hold other people's; they are not ours to list,
        count or export."""
        if not self.scope:
            return ""
        return (f"FILTER(STRSTARTS(STR(?g), {Literal(self.scope + '/')}) || ?g = {META_GRAPH}) ")

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

    def update(self, sparql: str) -> None:
        """One SPARQL Update request, applied by the server as a whole (a document with its
        entity-level triples, a merge): never split into batches."""
        self._update(sparql)

    def _update(self, sparql: str) -> None:
        self._send("POST", self.update_url, content=sparql.encode("utf-8"),
                   headers={"content-type": "application/sparql-update"})

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.http.close()


META_GRAPH = NamedNode("urn:docgraph:meta")
_VIRTUOSO_ERROR = re.compile(r"Virtuoso (\w{5}) Error ([^\n<]{0,300})|<h3>Error (\w{5})</h3>\s*(?:<xmp>)?([^<]{0,300})")


def _server_error(text: str) -> str | None:
    """A 5xx whose body is an SQL error from Virtuoso (permission refused, a query it rejects)
    is final; a deadlock (40001) is worth another try."""
    m = _VIRTUOSO_ERROR.search(text[:4000])
    if not m:
        return None
    state, message = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    if state == "40001":
        return None
    if "SR186" in message:  # SECURITY: the anonymous /sparql user may not write
        return (f"Virtuoso refused a write ({message.strip()[:160]}): writes need the authenticated "
                "endpoints (--store-kind virtuoso) and DOCGRAPH_STORE_USER / DOCGRAPH_STORE_PASSWORD")
    return f"Virtuoso error {state}: {' '.join(message.split())[:300]}"


def _check_whole(r: Any) -> None:
    """Refuse a result the server cut short instead of returning it as if whole: Virtuoso caps
    rows at its ResultSetMaxRows (10,000 in its stock ini) and, past MaxQueryExecutionTime,
    answers with what it found so far ("anytime" results)."""
    if r.headers.get("x-sql-state") == "S1TAT":
        raise StoreError(f"remote store {r.url.copy_with(query=None)}: the server stopped the query at its time limit "
                         "and returned a partial result; raise [SPARQL] MaxQueryExecutionTime in virtuoso.ini")
    cap = r.headers.get("x-sparql-maxrows")
    if cap and cap.isdigit():
        try:
            rows = len(json.loads(r.content)["results"]["bindings"])
        except (ValueError, KeyError, TypeError):
            rows = int(cap)
        if rows >= int(cap):
            raise StoreError(f"remote store {r.url.copy_with(query=None)}: the server cut the result at {cap} "
                             "rows; set [SPARQL] ResultSetMaxRows in virtuoso.ini above the store's size "
                             "(docgraph reads whole results)")


def _standard_json(body: bytes) -> bytes:
    """Virtuoso's JSON results made standard: it answers ASK as a one-column SELECT
    (``__ASK_RETVAL``, one row "1" for true, none for false), and returns xsd:boolean true/false as
    "1"/"0" (valid, not canonical: back to the form docgraph wrote, so a store's quads are the
    same wherever they live)."""
    data = json.loads(body)
    if data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
        rows = data.get("results", {}).get("bindings", [])
        answer = bool(rows) and rows[0].get("__ASK_RETVAL", {}).get("value") not in ("0", "false")
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(data).encode("utf-8")


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
