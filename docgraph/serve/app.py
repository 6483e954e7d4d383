"""The HTTP face of a store: SPARQL 1.1 Protocol, Linked Data entity URIs, pages, canned queries.

The app owns the one read-write handle on the store. Public routes only read; the private
routes under ``/_docgraph/`` (loopback + the token from ``serve.json``) are how a running
``docgraph ingest``, ``remove``, ``review``, ``merge`` or ``split`` writes through it (see ``handoff.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import RdfFormat
from pyoxigraph import serialize as rdf_serialize
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import DocgraphError, QueryError
from ..guard import QueryRefused, check, query_form
from ..handoff import PRIVATE_PREFIX
from ..queries import (
    NotWritable,
    QueryBusy,
    QueryTimeout,
    Result,
    ResultTooLarge,
    find_query,
    load_catalogue,
    prepare,
    run,
    serialize,
)
from ..querypool import Answer, NotAcceptable, QueryPool
from ..querypool import Request as PoolRequest
from ..search import index_path
from ..vocab import PREFIXES
from . import describe, pages, protocol
from .negotiate import ALIASES, choose

PACKAGE = Path(__file__).resolve().parent.parent
MAX_QUERY_BYTES = 64 * 1024  # a query longer than this is refused (413)
MAX_HANDOFF_BYTES = 256 * 1024 * 1024  # one document's extraction from `docgraph ingest`

RESULT_MEDIA = {  # media type -> queries.RESULT_FORMATS key
    "application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "application/json": "json",
}
# an ASK answer is true or false: SPARQL defines it in JSON and XML only (CSV/TSV are tables;
# every reader of them takes a boolean differently), so an ASK is not sent as CSV or TSV
BOOLEAN_MEDIA = {m: f for m, f in RESULT_MEDIA.items() if f in ("json", "xml")}
GRAPH_MEDIA = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
               "application/rdf+xml": "xml"}
DATA_MEDIA = {"text/turtle": ("ttl", RdfFormat.TURTLE), "application/ld+json": ("jsonld", RdfFormat.JSON_LD),
              "application/n-triples": ("nt", RdfFormat.N_TRIPLES), "application/rdf+xml": ("rdf", RdfFormat.RDF_XML),
              "application/trig": ("trig", RdfFormat.TRIG), "application/n-quads": ("nq", RdfFormat.N_QUADS)}
EXTENSIONS = {ext: media for media, (ext, _) in DATA_MEDIA.items()}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "nt": "application/n-triples", "jsonld": "application/ld+json"}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
}


@dataclass
class Settings:
    timeout: float = 30.0  # seconds per query
    max_results: int = 10_000  # rows or triples per result
    max_bytes: int = 50_000_000  # bytes per SPARQL result
    max_running: int = 4  # queries evaluating at once: the worker processes
    max_memory_mb: int = 2048  # per query worker; a query past it is stopped
    cache_mb: int = 64  # answers kept until the store changes; 0: none
    token: str | None = None  # the hand-off token; None: no private routes
    public_url: str | None = None  # where clients reach the server (a proxy); None: links relative to the request
    review_token: str | None = None  # required by /review when set (DOCGRAPH_REVIEW_TOKEN)
    read_only: bool = False  # a store on read-only media: no review, no hand-off
    hosts: tuple[str, ...] = ()  # Host names this server answers to besides its base URI's
    loopback: bool = True  # bound to a loopback address (local clients may review without a token)
    warm_pages: int = 0  # pages of the most-mentioned entities computed in the background at start


class Server:
    def __init__(self, store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.base = store.base_uri
        self.write_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(self.settings.max_running)
        # an embedded store is queried in worker processes that can be stopped; a remote one
        # over HTTP, whose client gives up at the timeout
        # links on pages are relative to the server (or under --public-url), never the store's base:
        # a store serves on any port or behind a proxy without being ingested again
        self.root = (self.settings.public_url or "").rstrip("/")
        # an embedded store is queried in worker processes that can be stopped (which also compute
        # the pages: pages.worker_task); a remote one over HTTP, whose client gives up at the timeout
        self.pool = None if store.is_remote else QueryPool(
            store.path, self.settings.max_running, max_memory=self.settings.max_memory_mb * 1024 * 1024,
            queue_wait=max(2.0, min(self.settings.timeout, 10.0)), cache_bytes=self.settings.cache_mb * 1024 * 1024,
            tasks=functools.partial(pages.worker_task, self.base, self.root, str(index_path(store))))
        self.sessions = ReviewSessions()
        self.hosts = served_hosts(self.base, self.settings.hosts, self.settings.public_url)
        self.templates = pages.page_templates(self.base, self.root)

    # -- links ---------------------------------------------------------------------------------
    def local_path(self, uri: str) -> str | None:
        """``{base}/id/person/x`` -> ``person/x`` when the URI is one of ours."""
        prefix = self.base + "/id/"
        return uri[len(prefix):] if uri.startswith(prefix) else None

    def wrote(self) -> None:
        """The store changed: query workers reopen their snapshot before their next query."""
        if self.pool is not None:
            self.pool.bump()

    async def execute(self, query: str, formats: dict[str, str], *, default_graphs=None,
                      named_graphs=None, base_iri: str | None = None) -> Answer:
        """Evaluate ``query`` within the limits (relative IRIs against ``base_iri``); the result
        written in ``formats[kind]``."""
        s = self.settings
        if self.pool is not None:
            return await self.pool.run(PoolRequest(query, formats, default_graphs, named_graphs, s.max_results,
                                                   s.max_bytes, base_iri=base_iri), s.timeout)
        result = await run_in_threadpool(run, self.store, query, timeout=s.timeout, max_results=s.max_results,
                                         max_bytes=s.max_bytes, default_graphs=default_graphs,
                                         named_graphs=named_graphs, slots=self.slots, base_iri=base_iri)
        fmt = formats.get(result.kind)
        if fmt is None:
            raise NotAcceptable(result.kind)
        body = await run_in_threadpool(serialize, result, fmt)
        if len(body) > s.max_bytes:
            raise ResultTooLarge(f"the result is larger than {s.max_bytes:,} bytes: add a LIMIT, or narrow the query")
        return Answer(result.kind, fmt, body, 0)

    def page_link(self, uri: str) -> str:
        path = self.local_path(uri)
        return f"{self.root}/page/{path}" if path else uri

    def absolute(self, request: Request) -> str:
        """This server's URL as its clients see it, for RDF that names its own endpoints."""
        return self.root if self.root.startswith(("http://", "https://")) else \
            str(request.base_url).rstrip("/") + self.root

    # -- rendering -----------------------------------------------------------------------------
    def alternates(self, kind: str, slug: str) -> str:
        """``Link`` header value for an entity's or document's page (its other representations)."""
        return alternates(self, kind, slug)

    def html(self, template: str, status: int = 200, **context) -> Response:
        return self.html_body(self.templates.get_template(template).render(**context), status)

    def html_body(self, body: str, status: int = 200) -> Response:
        return Response(body, status_code=status, media_type="text/html; charset=utf-8",
                        headers={**SECURITY_HEADERS, "vary": "Accept"})

    def error(self, request: Request, status: int, message: str) -> Response:
        """Errors in what the client reads: an HTML page for browsers, else one line of text."""
        accept = request.headers.get("accept") or ""
        if "text/html" in accept and choose(accept, ["text/html", "text/plain"]) == "text/html":
            return self.html("error.html", status=status, status_code=status, message=message)
        return PlainTextResponse(message + "\n", status_code=status, headers={"vary": "Accept"})


# -- SPARQL protocol ---------------------------------------------------------------------------

async def sparql_endpoint(request: Request) -> Response:
    """The query operation (``protocol.read``: one query, UTF-8, the dataset parameters), run
    with the endpoint's URL as the base IRI; a GET without a query: the service description."""
    server: Server = request.app.state.server
    body = None
    if request.method == "POST":
        body = await _body(request, MAX_QUERY_BYTES * 4)  # a form %-escapes a query up to 3x
        if body is None:
            return server.error(request, 413, f"the query is longer than {MAX_QUERY_BYTES // 1024} KB")
    try:
        asked = protocol.read(request.method, request.scope.get("query_string", b""),
                              request.headers.get("content-type"), body, max_query_bytes=MAX_QUERY_BYTES)
    except protocol.ProtocolError as exc:
        return server.error(request, exc.status, str(exc))
    if asked is None:
        return await service_description(request)
    return await answer(request, asked.query, default_graphs=asked.default_graphs or None,
                        named_graphs=asked.named_graphs or None,
                        base_iri=protocol.base_iri(server.absolute(request) + "/sparql"))


async def _body(request: Request, cap: int) -> bytes | None:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def answer(request: Request, query: str, *, default_graphs=None, named_graphs=None,
                 format_override: str | None = None, canned: str | None = None,
                 base_iri: str | None = None) -> Response:
    """Check, negotiate, evaluate fully in a query worker, then send: errors never hide behind
    a 200, and nothing runs that the client could not take."""
    server: Server = request.app.state.server
    s = server.settings
    try:
        check(query)  # nesting, SERVICE, updates: refused before any parser sees the text
    except QueryRefused as exc:
        return server.error(request, exc.status, str(exc))
    accept = request.headers.get("accept")
    if format_override:
        if format_override not in FORMAT_PARAM:
            return server.error(request, 400, f"unknown format {format_override!r}: use one of {', '.join(FORMAT_PARAM)}")
        accept = FORMAT_PARAM[format_override]
    html = canned is not None and bool(accept) and "text/html" in accept and \
        choose(accept, ["text/html", *RESULT_MEDIA]) == "text/html"
    graph_offered = list(GRAPH_MEDIA)
    while True:  # RDF/XML cannot hold every graph: then the client's next choice, if it has one
        chosen = {"select": choose(accept, list(RESULT_MEDIA)), "ask": choose(accept, list(BOOLEAN_MEDIA)),
                  "graph": choose(accept, graph_offered, aliases=ALIASES)}
        media_of = {"select": RESULT_MEDIA, "ask": BOOLEAN_MEDIA, "graph": GRAPH_MEDIA}
        formats = {kind: media_of[kind][m] for kind, m in chosen.items() if m is not None}
        if html:
            formats["select"] = formats["ask"] = "json"
        form = query_form(query)
        if form is not None and form not in formats:  # nothing the client takes: say so before running
            return not_acceptable(list(media_of[form]), WHAT[form])
        try:
            done = await server.execute(query, formats, default_graphs=default_graphs, named_graphs=named_graphs,
                                        base_iri=base_iri)
            break
        except NotWritable as exc:
            graph_offered = [m for m in graph_offered if m != chosen["graph"]]
            if choose(accept, graph_offered, aliases=ALIASES) is None:
                return PlainTextResponse(f"406 Not Acceptable: {exc}\n", status_code=406, headers={"vary": "Accept"})
        except QueryTimeout as exc:
            return server.error(request, 503, f"{exc} (this server allows {s.timeout:g}s per query)")
        except QueryBusy as exc:
            return server.error(request, 503, str(exc))
        except ResultTooLarge as exc:
            return server.error(request, 413, protocol.too_large(str(exc), s.max_results, s.max_bytes))
        except NotAcceptable as exc:
            return not_acceptable(list(media_of[exc.kind]), WHAT[exc.kind])
        except QueryError as exc:
            return server.error(request, 400, str(exc))
    if html and done.kind != "graph":
        return pages.result_table(server, request, _table(done), canned)
    media = chosen[done.kind]
    body = done.body
    ctype = media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")
    return Response(b"" if request.method == "HEAD" else body, media_type=None,
                    headers={"content-type": ctype, "vary": "Accept", "content-length": str(len(body))})


WHAT = {"graph": "this graph", "ask": "an ASK answer (true or false)", "select": "this table"}


def not_acceptable(offered, what: str = "this resource") -> Response:
    """406, naming what the client could have asked for; it varies with Accept like the rest."""
    return PlainTextResponse(f"406 Not Acceptable: {what} can be sent as {', '.join(offered)}\n",
                             status_code=406, headers={"vary": "Accept"})


def _table(done: Answer) -> Result:
    """A JSON result from a worker as rows for the HTML table."""
    from pyoxigraph import QueryBoolean, QueryResultsFormat, parse_query_results

    parsed = parse_query_results(done.body, format=QueryResultsFormat.JSON)
    if isinstance(parsed, QueryBoolean):
        return Result(None, None, bool(parsed), None)
    return Result([v.value for v in parsed.variables], list(parsed), None, None)


async def service_description(request: Request) -> Response:
    server: Server = request.app.state.server
    endpoint = server.absolute(request) + "/sparql"
    formats = " ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
        "Turtle", "N-Triples", "JSON-LD", "RDF_XML"))
    ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {formats.replace(' ', ', ')} ;
  dcterms:description "docgraph {__version__}: read-only. The default graph is the union of every document graph; each document's extraction is the named graph of the document's URI. SERVICE is refused. {server.settings.timeout:g}s and {server.settings.max_results} results per query." ;
  sd:defaultDataset [ a sd:Dataset ; void:sparqlEndpoint <{endpoint}> ;
      sd:defaultGraph [ a sd:Graph ] ;
      dcterms:relation <{server.absolute(request)}/void> ] .
"""
    return await _rdf_text(request, ttl)


DESCRIPTION_MEDIA = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


async def _rdf_text(request: Request, ttl: str) -> Response:
    """Turtle written here, sent as Turtle, JSON-LD, N-Triples or RDF/XML by Accept (an HTML
    view for a browser that names text/html)."""
    from pyoxigraph import parse

    accept = request.headers.get("accept")
    if accept and "text/html" in accept and \
            choose(accept, ["text/html", *DESCRIPTION_MEDIA], aliases=ALIASES) == "text/html":
        server: Server = request.app.state.server
        return server.html("turtle.html", title=request.url.path, turtle=ttl)
    media = choose(accept, DESCRIPTION_MEDIA, aliases=ALIASES)
    if media is None:
        return not_acceptable(DESCRIPTION_MEDIA)
    if media == "text/turtle":
        body = ttl.encode("utf-8")
    elif media == "application/ld+json":
        from ..jsonld import dumps

        body = dumps(parse(ttl, format=RdfFormat.TURTLE))
    else:
        body = rdf_serialize(parse(ttl, format=RdfFormat.TURTLE), format=DATA_MEDIA[media][1])
    return Response(b"" if request.method == "HEAD" else body, headers={
        "content-type": f"{media}; charset=utf-8", "vary": "Accept", "content-length": str(len(body))})


async def void_description(request: Request) -> Response:
    server: Server = request.app.state.server
    stats = await run_in_threadpool(server.store.stats)
    base, here = server.base, server.absolute(request)
    partitions = ",\n    ".join(
        f'[ void:class schema:{cls} ; void:entities {n} ]' for cls, n in sorted(stats["entities_by_type"].items()))
    example = ""
    rows = await run_in_threadpool(lambda: list(server.store.query(
        "SELECT ?e WHERE { GRAPH ?g { ?g schema:mentions ?e } } LIMIT 1")))
    if rows:
        example = f"  void:exampleResource <{rows[0]['e'].value}> ;\n"
    ttl = f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .

<{here}/void> a void:Dataset ;
  dcterms:title "docgraph knowledge graph" ;
  dcterms:description "People, organisations, places, events and works extracted from {stats['documents']} documents, each statement traceable to its document and sentence." ;
  void:sparqlEndpoint <{here}/sparql> ;
  void:uriSpace "{base}/id/" ;
  void:uriLookupEndpoint <{here}/id/> ;
{example}  void:triples {stats['triples']} ;
  void:entities {stats['entities']} ;
  void:documents {stats['documents']} ;
  void:vocabulary <https://schema.org/>, <https://w3id.org/docgraph#>,
    <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> ;
  void:classPartition
    {partitions or '[ void:entities 0 ]'} .
"""
    return await _rdf_text(request, ttl)


# -- Linked Data: /id -> 303 -> /page or /data ----------------------------------------------------

def _split(path: str) -> tuple[str, str, str | None]:
    """``person/x.ttl`` -> ("person", "x", "ttl")."""
    kind, _, rest = path.partition("/")
    slug, dot, ext = rest.partition(".")
    return kind, slug, (ext if dot else None)


def alternates(server: Server, kind: str, slug: str) -> str:
    """``Link`` header value: every representation of an entity or document, by media type."""
    links = [f'<{server.root}/page/{kind}/{slug}>; rel="alternate"; type="text/html"']
    links += [f'<{server.root}/data/{kind}/{slug}.{ext}>; rel="alternate"; type="{media}"'
              for media, (ext, _) in DATA_MEDIA.items()]
    return ", ".join(links)


async def resolve_id(request: Request) -> Response:
    server: Server = request.app.state.server
    kind, slug, ext = _split(request.path_params["path"])
    if ext or not describe.entity_path_ok(kind, slug):
        return server.error(request, 404, "no such entity")
    uri = f"{server.base}/id/{kind}/{slug}"
    moved = await run_in_threadpool(describe.merged_target, server.store, uri)
    if moved:  # merged into another entity: the old URI stays citable and leads there
        path = server.local_path(moved)
        return RedirectResponse(f"{server.root}/id/{path}" if path else moved, status_code=301)
    found = await run_in_threadpool(describe.exists, server.store, uri)
    if not found:
        return server.error(request, 404, f"no entity {uri} in this graph")
    offered = ["text/html", *DATA_MEDIA]
    media = choose(request.headers.get("accept"), offered, aliases=ALIASES)
    if media is None:
        return not_acceptable(offered, uri)
    target = f"{server.root}/page/{kind}/{slug}" if media == "text/html" else \
        f"{server.root}/data/{kind}/{slug}.{DATA_MEDIA[media][0]}"
    return RedirectResponse(target, status_code=303, headers={"vary": "Accept",
                                                              "link": alternates(server, kind, slug)})


async def entity_data(request: Request) -> Response:
    server: Server = request.app.state.server
    kind, slug, ext = _split(request.path_params["path"])
    if not describe.entity_path_ok(kind, slug) or (ext is not None and ext not in EXTENSIONS):
        return server.error(request, 404, "no such data")
    uri = f"{server.base}/id/{kind}/{slug}"
    media = EXTENSIONS[ext] if ext else choose(request.headers.get("accept"), list(DATA_MEDIA), aliases=ALIASES)
    if media is None:
        return not_acceptable(list(DATA_MEDIA), uri)
    if kind == "document":
        if not await run_in_threadpool(server.store.has_graph, uri):
            return server.error(request, 404, f"no document {uri} in this graph")
        quads = await run_in_threadpool(describe.document_quads, server.store, uri)
    else:
        quads = await run_in_threadpool(describe.entity_quads, server.store, uri)
        if not quads:
            return server.error(request, 404, f"no entity {uri} in this graph")
    fmt = DATA_MEDIA[media][1]
    # TriG and N-Quads keep which document said what; the others give plain triples (JSON-LD too,
    # so that a client reading it as one graph finds the entity at the top level)
    items = quads if fmt in (RdfFormat.TRIG, RdfFormat.N_QUADS) else list(dict.fromkeys(q.triple for q in quads))
    prefixes = dict(PREFIXES) if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    if fmt == RdfFormat.JSON_LD:  # compact, with a @context
        from ..jsonld import dumps

        body = await run_in_threadpool(dumps, sorted(items, key=lambda t: str(t.subject)))
    else:
        body = await run_in_threadpool(lambda: rdf_serialize(items, format=fmt, **({"prefixes": prefixes} if prefixes else {})))
    return Response(b"" if request.method == "HEAD" else body, headers={
        "content-type": f"{media}; charset=utf-8", "vary": "Accept", "content-length": str(len(body)),
        "link": f'<{uri}>; rel="describes", ' + alternates(server, kind, slug)})


# -- canned queries and the query page -----------------------------------------------------------

async def canned_list(request: Request) -> Response:
    catalogue = load_catalogue()
    return JSONResponse([{
        "name": q.name, "title": q.title, "description": q.description, "url": f"/queries/{q.name}",
        "params": [{"name": p.name, "type": p.type, "required": p.required,
                    "default": None if p.required else p.default, "description": p.description} for p in q.params],
    } for q in catalogue.values()])


async def canned_query(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params["name"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", name) or name not in load_catalogue():
        return server.error(request, 404, f"no canned query named {name[:80]!r} (GET /queries lists them)")
    canned = find_query(name)
    values = {k: v for k, v in request.query_params.items()
              if k != "format" and not k.startswith("_") and v != ""}
    unknown = set(values) - {p.name for p in canned.params}
    if unknown:
        return server.error(request, 400, f"unknown parameter(s) {', '.join(sorted(unknown))} for {name}")
    try:
        sparql = await run_in_threadpool(prepare, canned.sparql, values, canned.params, server.store)
    except DocgraphError as exc:
        return server.error(request, 400, str(exc))
    return await answer(request, sparql, format_override=request.query_params.get("format"), canned=name)


# -- private routes: `docgraph ingest` / `remove` writing through the server ---------------------

def _authorised(request: Request) -> bool:
    server: Server = request.app.state.server
    token = server.settings.token
    client = request.client.host if request.client else ""
    if not token or client not in ("127.0.0.1", "::1", "localhost"):
        return False
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def private(handler):
    async def wrapped(request: Request) -> Response:
        if not _authorised(request):
            return JSONResponse({"error": "not allowed"}, status_code=403)
        payload = None
        if request.method == "POST":
            body = await _body(request, MAX_HANDOFF_BYTES)
            if body is None:
                return JSONResponse({"error": "payload too large"}, status_code=413)
            try:
                payload = json.loads(body) if body else {}
            except ValueError:
                return JSONResponse({"error": "payload is not JSON"}, status_code=400)
        server: Server = request.app.state.server
        try:
            out = await run_in_threadpool(handler, server, payload)
        except DocgraphError as exc:  # the writer's user made it: their CLI says it as one line
            return JSONResponse({"error": str(exc), "user": True}, status_code=400)
        except (ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": f"{exc.__class__.__name__}: {exc}"}, status_code=400)
        return JSONResponse(out)
    return wrapped


def _settings(server: Server, _payload) -> dict:
    return {"base_uri": server.base, "version": __version__}


def _has_graph(server: Server, p: dict) -> dict:
    return {"exists": server.store.has_graph(str(p["uri"]))}


def _graphs_for_source(server: Server, p: dict) -> dict:
    source = p.get("source")
    return {"graphs": server.store.graphs_for_source(str(p["key"]), None if source is None else str(source))}


def _find_documents(server: Server, p: dict) -> dict:
    return {"graphs": server.store.find_documents(str(p["ref"]))}


def _write(server: Server, p: dict) -> dict:
    from ..ingestion import write_extraction
    from ..model import Extraction

    ex = Extraction.from_dict(p["extraction"])
    replaces = [str(u) for u in p.get("replaces") or []]
    with server.write_lock:
        try:
            uri, quads = write_extraction(server.store, ex, replaces)
        finally:
            server.wrote()
    return {"uri": uri, "quads": quads, "entities": len(ex.entities)}


def _remove(server: Server, p: dict) -> dict:
    with server.write_lock:
        try:
            return {"removed": server.store.remove_document(str(p["uri"]))}
        finally:
            server.wrote()


def _consolidate(server: Server, _p) -> dict:
    from ..merges import consolidate

    with server.write_lock:
        try:
            return {"merged": consolidate(server.store)}
        finally:
            server.wrote()


def _flush(server: Server, _p) -> dict:
    with server.write_lock:
        server.store.flush()
        server.wrote()
    return {"ok": True}


def _stats(server: Server, _p) -> dict:
    return server.store.stats()


def _score(p: dict) -> float | None:
    return None if p.get("score") is None else float(p["score"])


def _find_entity(server: Server, p: dict) -> dict:
    from ..review import find_entity

    return {"uri": find_entity(server.store, str(p["ref"]))}


def _merge(server: Server, p: dict) -> dict:
    from ..review import merge

    with server.write_lock:
        try:
            merge(server.store, str(p["a"]), str(p["b"]), _score(p), **_by(p))
        finally:
            server.wrote()
    return {"ok": True}


def _keep_apart(server: Server, p: dict) -> dict:
    from ..review import keep_apart

    with server.write_lock:
        try:
            _, redone = keep_apart(server.store, str(p["a"]), str(p["b"]), _score(p), **_by(p))
        finally:
            server.wrote()
    return {"redone": redone}


def _by(p: dict) -> dict:
    return {"by": str(p["by"])} if p.get("by") else {}


# -- the review page: merge candidates a person accepts or rejects --------------------------------
#
# Review is the one public route that writes, so it trusts nothing a browser sends by default:
# no CORS (another site's page cannot read the page or its token), the Host header checked for
# every route (DNS rebinding), a session cookie (HttpOnly, SameSite=Strict, never sent by a
# cross-site request) with single-use CSRF tokens bound to it, a review token only from a header
# or a cookie, decisions only about entities that exist, signed with the name the reviewer gives.

SESSION_COOKIE = "docgraph_session"
TOKEN_COOKIE = "docgraph_review"
SESSION_SECONDS = 8 * 3600
MAX_SESSIONS = 1000
MAX_FORMS = 200  # outstanding CSRF tokens per session (one per form shown)


class ReviewSessions:
    """Review sessions: id -> the CSRF tokens handed out and not yet used. Bounded in number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, tuple[float, dict[str, float]]] = {}

    def open(self, sid: str | None) -> str:
        """``sid`` when it names a live session, else a new session's id."""
        now = time.monotonic()
        with self._lock:
            for old in [k for k, (t, _) in self._sessions.items() if now - t > SESSION_SECONDS]:
                del self._sessions[old]
            if sid and sid in self._sessions:
                return sid
            while len(self._sessions) >= MAX_SESSIONS:
                del self._sessions[next(iter(self._sessions))]
            sid = secrets.token_urlsafe(32)
            self._sessions[sid] = (now, {})
            return sid

    def token(self, sid: str) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            _, tokens = self._sessions[sid]
            while len(tokens) >= MAX_FORMS:
                del tokens[next(iter(tokens))]
            tokens[token] = time.monotonic()
        return token

    def use(self, sid: str | None, token: str) -> bool:
        """True once for a token handed to this session; never again."""
        with self._lock:
            entry = self._sessions.get(sid or "")
            if entry is None:
                return False
            return entry[1].pop(token, None) is not None


def _given_token(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.startswith("Bearer "):
        return auth[len("Bearer "):]
    return request.cookies.get(TOKEN_COOKIE, "")


def _may_review(request: Request) -> bool:
    """With DOCGRAPH_REVIEW_TOKEN set, whoever shows it (header or cookie); without one, local
    clients of a server bound to loopback."""
    server: Server = request.app.state.server
    wanted = server.settings.review_token
    if wanted:
        return hmac.compare_digest(_given_token(request).encode(), wanted.encode())
    client = request.client.host if request.client else ""
    return server.settings.loopback and client in ("127.0.0.1", "::1")


def _same_origin(request: Request) -> bool:
    """A write must come from a page of this server. Browsers say where a request comes from
    (``Sec-Fetch-Site``, ``Origin``); a client that says nothing is not a browser."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    from urllib.parse import urlsplit

    o = urlsplit(origin)
    host = request.headers.get("host", "")
    try:
        return o.scheme in ("http", "https") and o.netloc != "" and \
            (o.hostname, o.port or (443 if o.scheme == "https" else 80)) == _host_port(host, o.scheme)
    except ValueError:
        return False


def _host_port(host: str, scheme: str = "http") -> tuple[str, int]:
    from urllib.parse import urlsplit

    parts = urlsplit(f"{scheme}://{host}")
    return (parts.hostname or "", parts.port or (443 if scheme == "https" else 80))


def _with_session(request: Request, response: Response, sid: str) -> Response:
    if request.cookies.get(SESSION_COOKIE) != sid:
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict", path="/review",
                            max_age=SESSION_SECONDS)
    response.headers["cache-control"] = "no-store"
    return response


async def review_page(request: Request) -> Response:
    server: Server = request.app.state.server
    if server.settings.read_only:
        return server.error(request, 403, "this server was started with --read-only: review with `docgraph review`")
    sid = server.sessions.open(request.cookies.get(SESSION_COOKIE))
    if not _may_review(request):
        if not server.settings.review_token:
            return server.error(request, 404, "not found")
        response = server.html("review_login.html", status=401, csrf=server.sessions.token(sid))
        return _with_session(request, response, sid)
    from ..review import candidates, decisions

    found = await run_in_threadpool(candidates, server.store, limit=50)
    done = await run_in_threadpool(lambda: decisions(server.store, with_curated=False))
    forms = [{verdict: server.sessions.token(sid) for verdict in ("merge", "keep-apart")} for _ in found]
    response = server.html("review.html", candidates=list(zip(found, forms)), decisions=list(reversed(done))[:20],
                           message=_DONE.get(request.query_params.get("done", "")),
                           reviewer=request.cookies.get("docgraph_reviewer", ""))
    return _with_session(request, response, sid)


_DONE = {"merged": "merged", "kept-apart": "kept apart"}


async def review_login(request: Request) -> Response:
    """The review token typed into a form (never in a URL): kept in an HttpOnly cookie."""
    server: Server = request.app.state.server
    refused = await _form_refused(request)
    if isinstance(refused, Response):
        return refused
    form = refused
    wanted = server.settings.review_token or ""
    if not wanted or not hmac.compare_digest(str(form.get("token", "")).encode(), wanted.encode()):
        return server.error(request, 403, "wrong review token")
    response = RedirectResponse(f"{server.root}/review", status_code=303)
    response.set_cookie(TOKEN_COOKIE, wanted, httponly=True, samesite="strict", path="/review",
                        max_age=SESSION_SECONDS)
    return response


async def _form_refused(request: Request):
    """The posted form, or the Response refusing it (cross-site, no session, used token)."""
    server: Server = request.app.state.server
    if server.settings.read_only:
        return server.error(request, 403, "this server was started with --read-only")
    if not _same_origin(request):
        return server.error(request, 403, "a review decision must come from this server's own review page")
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        return server.error(request, 415, "post the review form as application/x-www-form-urlencoded")
    body = await _body(request, 16 * 1024)
    if body is None:
        return server.error(request, 413, "the form is too long")
    from urllib.parse import parse_qs

    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
    if not server.sessions.use(request.cookies.get(SESSION_COOKIE), str(form.get("csrf", ""))):
        return server.error(request, 403, "this form was used already or is out of date: reload the review page")
    return form


async def review_decide(request: Request) -> Response:
    server: Server = request.app.state.server
    if not _may_review(request):
        return server.error(request, 404, "not found")
    refused = await _form_refused(request)
    if isinstance(refused, Response):
        return refused
    form = refused
    a, b, verdict = str(form.get("a", "")), str(form.get("b", "")), str(form.get("verdict", ""))
    reviewer = " ".join(str(form.get("reviewer", "")).split())
    prefix = server.base + "/id/"
    if not (a.startswith(prefix) and b.startswith(prefix)) or verdict not in ("merge", "keep-apart") or a == b:
        return server.error(request, 400, "a decision needs two entity URIs of this graph and a verdict")
    if not 1 <= len(reviewer) <= 80:
        return server.error(request, 400, "give your name as the reviewer (up to 80 characters): it is recorded "
                                           "with the decision")
    for uri in (a, b):
        if not describe.entity_path_ok(*_split(uri[len(prefix):])[:2]) or \
                not await run_in_threadpool(describe.exists, server.store, uri):
            return server.error(request, 400, f"no entity {uri[:200]} in this graph: reload the review page")
        if await run_in_threadpool(describe.merged_target, server.store, uri):
            return server.error(request, 409, f"{uri[:200]} was merged already: reload the review page")
    try:
        score = float(form.get("score", "")) if form.get("score") else None
    except ValueError:
        score = None
    from ..review import keep_apart, merge

    def act() -> str:
        with server.write_lock:
            try:
                if verdict == "merge":
                    merge(server.store, a, b, score, by=reviewer)
                    return "merged"
                keep_apart(server.store, a, b, score, by=reviewer)
                return "kept-apart"
            finally:
                server.wrote()

    try:
        done = await run_in_threadpool(act)
    except DocgraphError as exc:
        return server.error(request, 400, str(exc))
    response = RedirectResponse(f"{server.root}/review?done={quote(done)}", status_code=303)
    response.set_cookie("docgraph_reviewer", reviewer, httponly=True, samesite="strict", path="/review",
                        max_age=365 * 24 * 3600)
    return response


# -- the app -------------------------------------------------------------------------------------

def served_hosts(base: str, extra: tuple[str, ...] = (), public_url: str | None = None) -> set[str]:
    """Host names a request may carry: the base URI's and the public URL's, loopback names, and
    ``extra``."""
    from urllib.parse import urlsplit

    names = {urlsplit(base).hostname or "", urlsplit(public_url or "").hostname or "", "127.0.0.1", "localhost",
             "::1", *extra}
    return {n.lower().strip("[]") for n in names if n}


class HostCheck:
    """Refuse requests whose ``Host`` is not a name this server serves: a page on another
    site that points its own name at 127.0.0.1 (DNS rebinding) reaches nothing."""

    def __init__(self, app, hosts: set[str]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            try:
                name = _host_port(host)[0].lower()
            except ValueError:
                name = ""
            if name not in self.hosts:
                response = PlainTextResponse(
                    f"421 Misdirected Request: this server does not answer to the host name {host[:100]!r} "
                    "(docgraph serve --allow-host NAME adds one)\n", status_code=421)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class ReadOnlyCORS:
    """CORS (``*``) for the read-only routes, so other sites' pages may query; none at all for
    the routes that write (``/review``, ``/_docgraph``)."""

    def __init__(self, app) -> None:
        self.plain = app
        self.cors = CORSMiddleware(app, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                                   allow_headers=["accept", "content-type"], max_age=600)

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        writes = path.startswith(("/review", PRIVATE_PREFIX))
        await (self.plain if writes else self.cors)(scope, receive, send)


async def not_found(request: Request, exc) -> Response:
    server: Server = request.app.state.server
    return server.error(request, getattr(exc, "status_code", 404), getattr(exc, "detail", None) or "not found")


async def health(request: Request) -> Response:
    return PlainTextResponse("ok\n")


def create_app(store, settings: Settings | None = None) -> Starlette:
    """The ASGI app serving ``store``. ``settings.token`` enables the private write routes."""
    server = Server(store, settings)
    routes = [
        *pages.routes(),  # home, search, browse, entity and document pages, the query page
        Route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST"]),
        Route("/void", void_description, methods=["GET", "HEAD"]),
        Route("/.well-known/void", void_description, methods=["GET", "HEAD"]),
        Route("/id/{path:path}", resolve_id, methods=["GET", "HEAD"]),
        Route("/data/{path:path}", entity_data, methods=["GET", "HEAD"]),
        Route("/queries", canned_list, methods=["GET", "HEAD"]),
        Route("/queries/{name}", canned_query, methods=["GET", "HEAD"]),
        Route("/health", health, methods=["GET", "HEAD"]),
        Route("/review", review_page, methods=["GET"]),
        Route("/review/decide", review_decide, methods=["POST"]),
        Route("/review/login", review_login, methods=["POST"]),
        Mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static"),
        Route(PRIVATE_PREFIX + "/settings", private(_settings), methods=["GET"]),
        Route(PRIVATE_PREFIX + "/stats", private(_stats), methods=["GET"]),
        Route(PRIVATE_PREFIX + "/has-graph", private(_has_graph), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/graphs-for-source", private(_graphs_for_source), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/find-documents", private(_find_documents), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/documents", private(_write), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/remove", private(_remove), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/consolidate", private(_consolidate), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/flush", private(_flush), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/find-entity", private(_find_entity), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/merge", private(_merge), methods=["POST"]),
        Route(PRIVATE_PREFIX + "/keep-apart", private(_keep_apart), methods=["POST"]),
    ]
    middleware = [Middleware(HostCheck, hosts=server.hosts), Middleware(ReadOnlyCORS)]

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        if server.pool is not None:
            await server.pool.start()
        app.state.pages.started(asyncio.get_running_loop())
        try:
            yield
        finally:
            if server.pool is not None:
                server.pool.close()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found, 405: not_found},
                    lifespan=lifespan)
    app.state.server = server
    app.state.pages = pages.Pages(server)
    return app
