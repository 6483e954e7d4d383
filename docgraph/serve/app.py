"""The HTTP face of a store: SPARQL 1.1 Protocol, Linked Data entity URIs, pages, canned queries.

The app owns the one read-write handle on the store. Public routes only read; the private
routes under ``/_docgraph/`` (loopback + the token from ``serve.json``) are how a running
``docgraph ingest``, ``remove``, ``review``, ``merge`` or ``split`` writes through it (see ``handoff.py``).
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
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
from ..handoff import PRIVATE_PREFIX
from ..queries import (
    QueryBusy,
    QueryTimeout,
    ResultTooLarge,
    find_query,
    load_catalogue,
    prepare,
    run,
    serialize,
)
from ..vocab import PREFIXES
from . import describe, pages
from .negotiate import choose

PACKAGE = Path(__file__).resolve().parent.parent
MAX_QUERY_BYTES = 64 * 1024  # a query longer than this is refused (413)
MAX_HANDOFF_BYTES = 256 * 1024 * 1024  # one document's extraction from `docgraph ingest`

RESULT_MEDIA = {  # media type -> queries.RESULT_FORMATS key
    "application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "application/json": "json",
}
GRAPH_MEDIA = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
               "application/rdf+xml": "xml"}
DATA_MEDIA = {"text/turtle": ("ttl", RdfFormat.TURTLE), "application/ld+json": ("jsonld", RdfFormat.JSON_LD),
              "application/n-triples": ("nt", RdfFormat.N_TRIPLES), "application/trig": ("trig", RdfFormat.TRIG),
              "application/n-quads": ("nq", RdfFormat.N_QUADS)}
EXTENSIONS = {ext: media for media, (ext, _) in DATA_MEDIA.items()}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                "nt": "application/n-triples", "jsonld": "application/ld+json"}
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.IGNORECASE)
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
    max_running: int = 4  # queries evaluating at once (timed-out ones included until they end)
    token: str | None = None  # the hand-off token; None: no private routes
    public_url: str | None = None  # where clients reach the server (a proxy); None: links relative to the request
    review_token: str | None = None  # lets a non-local client use /review (DOCGRAPH_REVIEW_TOKEN)
    warm_pages: int = 0  # pages of the most-mentioned entities computed in the background at start


class Server:
    def __init__(self, store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.base = store.base_uri
        self.write_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(self.settings.max_running)
        self.csrf = secrets.token_urlsafe(24)  # review forms carry it: no other site can post them
        self.templates = Environment(loader=FileSystemLoader(PACKAGE / "templates"),
                                     autoescape=select_autoescape(default=True, default_for_string=True))
        # links on pages are relative to the server (or under --public-url), never the store's base:
        # a store serves on any port or behind a proxy without being ingested again
        self.root = (self.settings.public_url or "").rstrip("/")
        self.templates.globals.update(base=self.base, root=self.root, version=__version__, page_link=self.page_link)

    # -- links ---------------------------------------------------------------------------------
    def local_path(self, uri: str) -> str | None:
        """``{base}/id/person/x`` -> ``person/x`` when the URI is one of ours."""
        prefix = self.base + "/id/"
        return uri[len(prefix):] if uri.startswith(prefix) else None

    def page_link(self, uri: str) -> str:
        path = self.local_path(uri)
        return f"{self.root}/page/{path}" if path else uri

    def absolute(self, request: Request) -> str:
        """This server's URL as its clients see it, for RDF that names its own endpoints."""
        return self.root if self.root.startswith(("http://", "https://")) else \
            str(request.base_url).rstrip("/") + self.root

    # -- rendering -----------------------------------------------------------------------------
    def html(self, template: str, status: int = 200, **context) -> Response:
        body = self.templates.get_template(template).render(**context)
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
    server: Server = request.app.state.server
    params = request.query_params
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    query = None
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            return server.error(request, 403, "SPARQL Update is refused: this endpoint is read-only")
        query = params.get("query")
        if query is None:
            return await service_description(request)
    else:
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        body = await _body(request, MAX_QUERY_BYTES)
        if body is None:
            return server.error(request, 413, f"the query is longer than {MAX_QUERY_BYTES // 1024} KB")
        if ctype == "application/x-www-form-urlencoded":
            from urllib.parse import parse_qs

            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return server.error(request, 403, "SPARQL Update is refused: this endpoint is read-only")
            query = (form.get("query") or [None])[0]
            default_graphs += form.get("default-graph-uri", [])
            named_graphs += form.get("named-graph-uri", [])
        elif ctype == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        elif ctype == "application/sparql-update":
            return server.error(request, 403, "SPARQL Update is refused: this endpoint is read-only")
        else:
            return server.error(request, 415, "POST a query as application/sparql-query or as a "
                                               "application/x-www-form-urlencoded form with query=")
        if query is None:
            return server.error(request, 400, "no query: give query=")
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        return server.error(request, 413, f"the query is longer than {MAX_QUERY_BYTES // 1024} KB")
    if _SERVICE.search(_strip_literals(query)):
        return server.error(request, 400, "SERVICE is refused: this endpoint does not query other endpoints")
    for g in default_graphs + named_graphs:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", g):
            return server.error(request, 400, f"not an IRI: {g[:200]}")
    return await answer(request, query, default_graphs=default_graphs or None, named_graphs=named_graphs or None)


def _strip_literals(query: str) -> str:
    """The query without strings, IRIs and comments, so keywords are found only where they are."""
    return re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*',
                  " ", query)


async def _body(request: Request, cap: int) -> bytes | None:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def answer(request: Request, query: str, *, default_graphs=None, named_graphs=None,
                 format_override: str | None = None, canned: str | None = None) -> Response:
    """Evaluate fully, then negotiate and send: errors never hide behind a 200."""
    server: Server = request.app.state.server
    s = server.settings
    if _looks_like_update(query):
        return server.error(request, 403, "SPARQL Update is refused: this endpoint is read-only")
    try:
        result = await run_in_threadpool(run, server.store, query, timeout=s.timeout, max_results=s.max_results,
                                         default_graphs=default_graphs, named_graphs=named_graphs,
                                         slots=server.slots)
    except QueryTimeout as exc:
        return server.error(request, 503, f"{exc} (this server allows {s.timeout:g}s per query)")
    except QueryBusy as exc:
        return server.error(request, 503, str(exc))
    except ResultTooLarge as exc:
        return server.error(request, 413, str(exc))
    except QueryError as exc:
        return server.error(request, 400, str(exc))
    accept = request.headers.get("accept")
    if format_override:
        if format_override not in FORMAT_PARAM:
            return server.error(request, 400, f"unknown format {format_override!r}: use one of {', '.join(FORMAT_PARAM)}")
        accept = FORMAT_PARAM[format_override]
    if result.kind == "graph":
        offered = list(GRAPH_MEDIA)
    else:
        offered = list(RESULT_MEDIA)
    html_ok = canned is not None and accept and "text/html" in accept
    if html_ok and choose(accept, ["text/html", *offered]) == "text/html":
        return pages.result_table(server, request, result, canned)
    media = choose(accept, offered)
    if media is None:
        return PlainTextResponse(
            f"406 Not Acceptable: this result can be sent as {', '.join(offered)}\n", status_code=406,
            headers={"vary": "Accept"})
    fmt = GRAPH_MEDIA[media] if result.kind == "graph" else RESULT_MEDIA[media]
    body = await run_in_threadpool(serialize, result, fmt)
    ctype = media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")
    return Response(b"" if request.method == "HEAD" else body, media_type=None,
                    headers={"content-type": ctype, "vary": "Accept", "content-length": str(len(body))})


def _looks_like_update(query: str) -> bool:
    body = _strip_literals(query)
    body = re.sub(r"(?i)\b(PREFIX\s+\S*:|BASE)\s*", " ", body)
    first = re.search(r"[A-Za-z]+", body)
    return bool(first and _UPDATE.fullmatch(first.group(0)))


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


async def _rdf_text(request: Request, ttl: str) -> Response:
    """Turtle written here, sent as Turtle, N-Triples or JSON-LD by Accept."""
    from pyoxigraph import parse

    accept = request.headers.get("accept")
    media = choose(accept, ["text/turtle", "application/ld+json", "application/n-triples"])
    if accept and "text/html" in accept and choose(accept, ["text/html", "text/turtle"]) == "text/html":
        server: Server = request.app.state.server
        return server.html("turtle.html", title=request.url.path, turtle=ttl)
    if media is None:
        return PlainTextResponse("406 Not Acceptable: text/turtle, application/ld+json, application/n-triples\n",
                                 status_code=406)
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
    media = choose(request.headers.get("accept"), ["text/html", *DATA_MEDIA])
    if media is None:
        return PlainTextResponse("406 Not Acceptable: text/html, " + ", ".join(DATA_MEDIA) + "\n", status_code=406)
    target = f"{server.root}/page/{kind}/{slug}" if media == "text/html" else \
        f"{server.root}/data/{kind}/{slug}.{DATA_MEDIA[media][0]}"
    return RedirectResponse(target, status_code=303, headers={"vary": "Accept"})


async def entity_data(request: Request) -> Response:
    server: Server = request.app.state.server
    kind, slug, ext = _split(request.path_params["path"])
    if not describe.entity_path_ok(kind, slug) or (ext is not None and ext not in EXTENSIONS):
        return server.error(request, 404, "no such data")
    uri = f"{server.base}/id/{kind}/{slug}"
    media = EXTENSIONS[ext] if ext else choose(request.headers.get("accept"), list(DATA_MEDIA))
    if media is None:
        return PlainTextResponse("406 Not Acceptable: " + ", ".join(DATA_MEDIA) + "\n", status_code=406)
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
    prefixes = dict(PREFIXES) if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    if fmt == RdfFormat.JSON_LD:  # compact, with a @context
        from ..jsonld import dumps

        body = await run_in_threadpool(dumps, sorted(items, key=lambda t: str(t.subject)))
    else:
        body = await run_in_threadpool(lambda: rdf_serialize(items, format=fmt, **({"prefixes": prefixes} if prefixes else {})))
    return Response(b"" if request.method == "HEAD" else body, headers={
        "content-type": f"{media}; charset=utf-8", "vary": "Accept", "content-length": str(len(body)),
        "link": f'<{uri}>; rel="describes"'})


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
    return {"graphs": server.store.graphs_for_source(str(p["source"]))}


def _find_documents(server: Server, p: dict) -> dict:
    return {"graphs": server.store.find_documents(str(p["ref"]))}


def _write(server: Server, p: dict) -> dict:
    from ..ingestion import write_extraction
    from ..model import Extraction

    ex = Extraction.from_dict(p["extraction"])
    replaces = [str(u) for u in p.get("replaces") or []]
    with server.write_lock:
        uri, quads = write_extraction(server.store, ex, replaces)
    return {"uri": uri, "quads": quads, "entities": len(ex.entities)}


def _remove(server: Server, p: dict) -> dict:
    with server.write_lock:
        return {"removed": server.store.remove_document(str(p["uri"]))}


def _consolidate(server: Server, _p) -> dict:
    from ..resolve import consolidate

    with server.write_lock:
        return {"merged": consolidate(server.store)}


def _flush(server: Server, _p) -> dict:
    with server.write_lock:
        server.store.flush()
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
        merge(server.store, str(p["a"]), str(p["b"]), _score(p))
    return {"ok": True}


def _keep_apart(server: Server, p: dict) -> dict:
    from ..review import keep_apart

    with server.write_lock:
        _, redone = keep_apart(server.store, str(p["a"]), str(p["b"]), _score(p))
    return {"redone": redone}


# -- the review page: merge candidates a person accepts or rejects --------------------------------

def _may_review(request: Request) -> bool:
    """Local clients, or a client that shows the token the user set (DOCGRAPH_REVIEW_TOKEN)."""
    server: Server = request.app.state.server
    client = request.client.host if request.client else ""
    wanted = server.settings.review_token
    if wanted:
        given = request.headers.get("authorization", "").removeprefix("Bearer ") or \
            request.cookies.get("docgraph_review", "") or request.query_params.get("token", "")
        if hmac.compare_digest(given.encode(), wanted.encode()):
            return True
    return client in ("127.0.0.1", "::1", "localhost")


async def review_page(request: Request) -> Response:
    server: Server = request.app.state.server
    if not _may_review(request):
        return server.error(request, 404, "not found")
    from ..review import candidates, decisions

    found = await run_in_threadpool(candidates, server.store, limit=50)
    done = await run_in_threadpool(lambda: decisions(server.store, with_curated=False))
    response = server.html("review.html", candidates=found, decisions=list(reversed(done))[:20], csrf=server.csrf,
                           message=request.query_params.get("done"))
    token = request.query_params.get("token")
    if token and server.settings.review_token and hmac.compare_digest(token.encode(), server.settings.review_token.encode()):
        response.set_cookie("docgraph_review", token, httponly=True, samesite="strict")
    return response


async def review_decide(request: Request) -> Response:
    server: Server = request.app.state.server
    if not _may_review(request):
        return server.error(request, 404, "not found")
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf", "")).encode(), server.csrf.encode()):
        return server.error(request, 403, "this form is out of date: reload the review page")
    a, b, verdict = str(form.get("a", "")), str(form.get("b", "")), str(form.get("verdict", ""))
    prefix = server.base + "/id/"
    if not (a.startswith(prefix) and b.startswith(prefix)) or verdict not in ("merge", "keep-apart") or a == b:
        return server.error(request, 400, "a decision needs two entity URIs of this graph and a verdict")
    try:
        score = float(form.get("score", "")) if form.get("score") else None
    except ValueError:
        score = None
    from ..review import keep_apart, merge

    def act() -> str:
        with server.write_lock:
            if verdict == "merge":
                merge(server.store, a, b, score)
                return "merged"
            keep_apart(server.store, a, b, score)
            return "kept apart"

    done = await run_in_threadpool(act)
    return RedirectResponse(f"{server.root}/review?done={quote(done)}", status_code=303)


# -- the app -------------------------------------------------------------------------------------

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
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                             allow_headers=["accept", "content-type"], max_age=600)]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found, 405: not_found})
    app.state.server = server
    app.state.pages = pages.Pages(server)
    return app
