"""The pages a researcher works in: home, search, browse, entity and document pages, the
neighbourhood graph's data, the query page, and canned query results as tables.

Pages are static HTML (the graph and the search suggestions are the only scripts a page needs);
everything from documents is escaped by the templates. What a page shows is computed once and
kept: an entity's page until a write touches the entity (the store tells which,
``GraphStore.on_change``), the home, browse and document pages until the store changes (its
generation, ``search.store_generation``); a page asked for by many clients at once is computed
once, and ``docgraph serve`` computes the most-mentioned entities' pages at start.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import Literal, NamedNode
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..search import SEGMENTS, SearchIndex, store_generation
from . import describe

TYPE_LABELS = {"person": "People", "organization": "Organisations", "place": "Places", "event": "Events",
               "work": "Works"}
TYPE_SINGULAR = {"person": "Person", "organization": "Organisation", "place": "Place", "event": "Event",
                 "work": "Work"}
SEARCH_PAGE = 20  # results on a page of search results
BROWSE_PAGE = 50  # entities on a page of a type's list
RESULT_PAGE = 100  # rows on a page of a query's result table
HOME_TOP = 8  # most-mentioned entities of each type on the home page
MAX_PAGE = 10_000


MISSING = object()


class PageCache:
    """Computed page data under a key that says which state of the store it shows (its
    generation, or how many writes touched the entity): bounded, least recently used out, and
    one computation per key however many requests wait for it."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._running: dict[tuple, threading.Event] = {}
        self._lock = threading.Lock()

    def peek(self, key: tuple) -> Any:
        """The value kept under ``key``, or ``MISSING``: never computes, never waits."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return MISSING

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key]
                waiting = self._running.get(key)
                if waiting is None:
                    self._running[key] = threading.Event()
                    break
            waiting.wait()
        try:
            value = compute()
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._running.pop(key).set()


class Pages:
    """What the page routes share: the store's search index and the page cache."""

    def __init__(self, server) -> None:
        self.server = server
        self.store = server.store
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self.cache = PageCache()
        self.documents: dict = {}  # what pages read of each document (describe._documents)
        self.versions: dict[str, int] = {}  # entity URI -> writes that touched it since the start
        self.store.on_change(self._touched)
        server.templates.globals.update(type_labels=TYPE_LABELS, type_singular=TYPE_SINGULAR)

    def index(self) -> SearchIndex:
        """The search index, in step with the store (marked entities read again first)."""
        if self._index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = self.store.search_index()
                    return self._index
        self._index.sync(self.store)
        return self._index

    def entity(self, uri: str) -> describe.EntityView:
        """An entity's page data, computed once until a write touches the entity."""
        if len(self.documents) > 200_000:
            self.documents.clear()
        return self.cache.get(("entity", uri, *self.version(uri)),
                              lambda: describe.entity(self.store, uri, self.index(), self.documents))

    def version(self, uri: str) -> tuple:
        """What an entity's cached pages are kept under: how many writes touched it (a store on
        a SPARQL server, written by others too: its generation, ten seconds)."""
        generation = store_generation(self.store)
        return (self.versions.get(uri, 0), self.generation() if generation is None else 0)

    def _touched(self, uris: set[str]) -> None:
        with self._index_lock:
            for uri in uris:
                self.versions[uri] = self.versions.get(uri, 0) + 1

    def entity_html(self, uri: str, page: int = 1, whole: str | None = None) -> str:
        """The entity page's HTML (``page`` of its documents, every group of section ``whole``)."""
        view = self.entity(uri)
        server = self.server
        kind, slug = uri.split("/id/", 1)[1].split("/", 1)
        per_page = describe.DOCUMENTS_PER_PAGE

        def render() -> str:
            shown = {name: getattr(view, name) if name == whole else getattr(view, name)[:describe.GROUPS_SHOWN]
                     for name in SECTIONS}
            describe.read_sentences(self.store, [g for groups in shown.values() for g in groups] +
                                    [g for c in view.contested for g in c["values"]])
            refs = [describe.DocumentRef(d.uri, d.title, d.date, d.source, d.original)
                    for d in view.documents[(page - 1) * per_page:page * per_page]]
            describe.document_sentences(self.store, uri, refs, self.index())
            dated = {name: any(g.dates for g in groups) for name, groups in shown.items()}
            dated["contested"] = any(g.dates for c in view.contested for g in c["values"])
            return server.templates.get_template("entity.html").render(
                e=view, kind=kind, slug=slug, documents=refs, shown=shown, whole=whole, dated=dated,
                around=describe.neighbourhood(view),
                pager=pager(page, per_page, view.document_count, {**({"all": whole} if whole else {})},
                            name="docs", anchor="#documents"))
        return self.cache.get(("entity-page", uri, page, whole, *self.version(uri)), render)

    def warm(self, count: int) -> None:
        """Compute the pages of the ``count`` most-mentioned entities in a background thread,
        one at a time, resting as long as each took: requests keep at least half the time."""
        if count <= 0:
            return

        def work() -> None:
            import logging

            try:
                for hit in self.index().browse(None, limit=count):
                    began = time.monotonic()
                    self.entity_html(hit.uri)
                    time.sleep(max(0.01, time.monotonic() - began))  # at most half the interpreter's time
            except (AttributeError, OSError, RuntimeError, ValueError) as exc:  # the store closed under it
                logging.getLogger("docgraph.serve").debug("warming pages stopped: %s", exc)

        threading.Thread(target=work, name="docgraph-warm-pages", daemon=True).start()

    def generation(self) -> int:
        """The store's count of changes: what cached page data is kept under. A store on a
        SPARQL server has none (other machines write to it): pages are kept ten seconds."""
        generation = store_generation(self.store)
        return int(time.monotonic() // 10) if generation is None else generation

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        return self.cache.get((self.generation(), *key), compute)

    def stats(self) -> dict:
        def compute() -> dict:
            index = self.index()
            counts = index.counts()
            # no count of triples: on a 10-million-quad store that alone takes seconds
            return {"documents": int(index._meta("documents") or 0), "entities": sum(counts.values()),
                    "by_type": counts}
        return self.cached(("stats",), compute)


def pages(request: Request) -> Pages:
    return request.app.state.pages


def _int(value: str | None, default: int, low: int = 1, high: int = MAX_PAGE) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


def pager(page: int, per_page: int, total: int, args: dict[str, str], name: str = "page", anchor: str = "") -> dict:
    """Links to the previous and next pages, keeping the other arguments."""
    last = max(1, math.ceil(total / per_page))

    def link(n: int) -> str:
        return ("?" + urlencode({**args, name: n}) if n != 1 else "?" + urlencode(args)) + anchor
    return {"page": page, "last": last, "total": total, "first_item": (page - 1) * per_page + 1 if total else 0,
            "last_item": min(total, page * per_page),
            "prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < last else None}


def _wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    from .negotiate import choose

    accept = request.headers.get("accept")
    return bool(accept) and choose(accept, ["text/html", "application/json"]) == "application/json"


# -- home, search, browse ------------------------------------------------------------------------

async def home(request: Request) -> Response:
    p = pages(request)

    def compute() -> dict:
        index = p.index()
        return {"stats": p.stats(), "top": {seg: index.browse(seg, limit=HOME_TOP) for seg in SEGMENTS}}
    data = await run_in_threadpool(p.cached, ("home",), compute)
    return p.server.html("home.html", **data)


async def search(request: Request) -> Response:
    """``/search?q=…[&type=person][&page=2]``: a page of results, or JSON (``format=json`` or
    ``Accept: application/json``) for scripts and the search box's suggestions."""
    p = pages(request)
    q = (request.query_params.get("q") or "").strip()[:200]
    kind = request.query_params.get("type") or None
    if kind is not None and kind not in SEGMENTS:
        return p.server.error(request, 400, f"unknown type {kind[:40]!r}: use one of {', '.join(SEGMENTS)}")
    as_json = _wants_json(request)
    per_page = _int(request.query_params.get("limit"), SEARCH_PAGE, 1, 100) if as_json else SEARCH_PAGE
    page = _int(request.query_params.get("page"), 1)
    results = await run_in_threadpool(
        lambda: p.index().search(q, type=kind, limit=per_page, offset=(page - 1) * per_page))
    if as_json:
        server = p.server
        return JSONResponse({
            "query": q, "type": kind, "total": results.total, "facets": results.facets, "page": page,
            "results": [h.as_dict() | {"page": server.page_link(h.uri)} for h in results.hits]},
            headers={"vary": "Accept"})
    if len(results.hits) == 1 and results.total == 1 and page == 1 and request.query_params.get("go"):
        return RedirectResponse(p.server.page_link(results.hits[0].uri), status_code=303)
    args = {"q": q, **({"type": kind} if kind else {})}
    return p.server.html("search.html", q=q, kind=kind, results=results,
                         pager=pager(page, per_page, results.total, args))


async def browse(request: Request) -> Response:
    p = pages(request)
    kind = request.path_params["type"]
    if kind not in SEGMENTS:
        return p.server.error(request, 404, f"no type {kind[:40]!r}: browse one of {', '.join(SEGMENTS)}")
    page = _int(request.query_params.get("page"), 1)

    def compute():
        index = p.index()
        return index.counts().get(kind, 0), index.browse(kind, limit=BROWSE_PAGE, offset=(page - 1) * BROWSE_PAGE)
    total, hits = await run_in_threadpool(p.cached, ("browse", kind, page), compute)
    return p.server.html("browse.html", kind=kind, hits=hits, pager=pager(page, BROWSE_PAGE, total, {}),
                         offset=(page - 1) * BROWSE_PAGE)


# -- entity and document pages -------------------------------------------------------------------

def _split(path: str) -> tuple[str, str, str | None]:
    kind, _, rest = path.partition("/")
    slug, dot, ext = rest.partition(".")
    return kind, slug, (ext if dot else None)


SECTIONS = ("roles", "members", "relations", "works", "figures", "quotations")


async def entity_page(request: Request) -> Response:
    p = pages(request)
    server = p.server
    kind, slug, ext = _split(request.path_params["path"])
    if ext or not describe.entity_path_ok(kind, slug):
        return server.error(request, 404, "no such page")
    uri = f"{server.base}/id/{kind}/{slug}"
    if kind == "document":
        view = await run_in_threadpool(p.cached, ("document", uri), lambda: describe.document(p.store, uri, p.index()))
        if not view.exists:
            return server.error(request, 404, f"no document {uri} in this graph")
        response = server.html("document.html", doc=view, kind=kind, slug=slug)
        response.headers["link"] = server.alternates(kind, slug)
        return response
    # what is kept is answered here; only what must be computed waits for a thread (under 200
    # requests at once, cached pages queued behind the threads computing others)
    version = p.version(uri)
    moved = p.cache.peek(("moved", uri, *version))
    if moved is MISSING:
        moved = await run_in_threadpool(p.cache.get, ("moved", uri, *version),
                                        lambda: describe.merged_target(p.store, uri))
    if moved and server.local_path(moved):
        return RedirectResponse(f"{server.root}/page/{server.local_path(moved)}", status_code=301)
    view = p.cache.peek(("entity", uri, *version))
    if view is MISSING:
        view = await run_in_threadpool(p.entity, uri)
    if not view.exists:
        return server.error(request, 404, f"no entity {uri} in this graph")
    page = _int(request.query_params.get("docs"), 1, 1,
                max(1, math.ceil(view.document_count / describe.DOCUMENTS_PER_PAGE)))
    whole = request.query_params.get("all")
    whole = whole if whole in SECTIONS else None
    body = p.cache.peek(("entity-page", uri, page, whole, *version))
    if body is MISSING:
        body = await run_in_threadpool(p.entity_html, uri, page, whole)
    response = server.html("_body.html", body=body)
    response.headers["link"] = server.alternates(kind, slug)
    return response


async def entity_graph(request: Request) -> Response:
    """``/graph/{type}/{slug}.json``: the entity's neighbourhood for the drawing on its page."""
    p = pages(request)
    server = p.server
    kind, slug, ext = _split(request.path_params["path"])
    if ext != "json" or kind == "document" or not describe.entity_path_ok(kind, slug):
        return server.error(request, 404, "no such graph")
    uri = f"{server.base}/id/{kind}/{slug}"
    view = await run_in_threadpool(p.entity, uri)
    if not view.exists:
        return server.error(request, 404, f"no entity {uri} in this graph")
    data = await run_in_threadpool(p.cache.get, ("graph", uri, *p.version(uri)),
                                   lambda: describe.neighbourhood(view, p.store))
    for node in data["nodes"]:
        node["page"] = server.page_link(node["id"])
    return JSONResponse(data)


# -- the query page and canned queries -----------------------------------------------------------

async def query_page(request: Request) -> Response:
    from ..queries import load_catalogue

    p = pages(request)
    return p.server.html("query.html", catalogue=load_catalogue(), stats=await run_in_threadpool(p.stats))


async def vocabulary(request: Request) -> Response:
    """What the query editor completes: prefixes, and the classes and properties docgraph
    writes (from ``ontology/``)."""
    return JSONResponse(vocabulary_terms())


@lru_cache(maxsize=1)
def vocabulary_terms() -> dict:
    import rdflib

    from ..resources import resource_dir
    from ..vocab import PREFIXES, RELATION_PROPERTY, TYPE_CLASS

    g = rdflib.Graph()
    for name in ("docgraph.ttl", "shapes.ttl", "types.ttl"):
        path = resource_dir("ontology") / name
        if path.exists():
            g.parse(path, format="turtle")
    rdf, owl, sh = rdflib.RDF, rdflib.OWL, rdflib.Namespace("http://www.w3.org/ns/shacl#")
    classes = {str(c) for t in (owl.Class, rdflib.RDFS.Class) for c in g.subjects(rdf.type, t)}
    classes |= {str(c) for p in (sh.targetClass, sh["class"]) for c in g.objects(None, p)}
    classes |= {str(c) for c in g.subjects(rdflib.URIRef(PREFIXES["dg"] + "uriSegment"), None)}
    classes |= {c.value for c in TYPE_CLASS.values()}
    properties = {str(p) for t in (owl.ObjectProperty, owl.DatatypeProperty, rdf.Property)
                  for p in g.subjects(rdf.type, t)}
    properties |= {str(p) for p in g.objects(None, sh.path)} | {p.value for p in RELATION_PROPERTY.values()}
    ours = tuple(PREFIXES.values())
    return {"prefixes": dict(sorted(PREFIXES.items())),
            "classes": sorted(c for c in classes if c.startswith(ours)),
            "properties": sorted(p for p in properties if p.startswith(ours))}


async def canned_sparql(request: Request) -> Response:
    """``/queries/NAME.rq?param=…``: the canned query's SPARQL with its parameters bound, for the
    query editor."""
    from ..errors import DocgraphError
    from ..queries import find_query, load_catalogue, prepare

    p = pages(request)
    name = request.path_params["name"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", name) or name not in load_catalogue():
        return p.server.error(request, 404, f"no canned query named {name[:80]!r}")
    canned = find_query(name)
    values = {k: v for k, v in request.query_params.items() if v != ""}
    try:
        sparql = await run_in_threadpool(prepare, canned.sparql, values, canned.params, p.store)
    except DocgraphError as exc:
        return p.server.error(request, 400, str(exc))
    return PlainTextResponse(sparql, media_type="application/sparql-query")


def result_table(server, request: Request, result, name: str) -> Response:
    """A canned query's result as an HTML table: ``_sort``/``_desc`` sort it, ``_page`` pages it;
    the CSV and JSON links give the whole result of the same query."""
    params = dict(request.query_params)
    args = {k: v for k, v in params.items() if not k.startswith("_") and k != "format"}
    table: dict[str, Any] = {"kind": result.kind}
    if result.kind == "select":
        variables = list(result.variables)
        rows = list(result.rows)
        sort = params.get("_sort")
        desc = params.get("_desc") == "1"
        if sort in variables:
            present = [r for r in rows if r[sort] is not None]
            missing = [r for r in rows if r[sort] is None]
            present.sort(key=lambda r: _sort_key(r[sort]), reverse=desc)
            rows = present + missing
        else:
            sort = None
        page = _int(params.get("_page"), 1, 1, max(1, math.ceil(len(rows) / RESULT_PAGE)))
        keep = {**args, **({"_sort": sort} if sort else {}), **({"_desc": "1"} if desc and sort else {})}
        table.update(variables=variables, rows=rows[(page - 1) * RESULT_PAGE:page * RESULT_PAGE],
                     pager=pager(page, RESULT_PAGE, len(rows), keep, name="_page"), sort=sort, desc=desc,
                     sort_links={v: "?" + urlencode({**args, "_sort": v, **({"_desc": "1"} if v == sort and not desc
                                                                             else {})}) for v in variables})
    elif result.kind == "ask":
        table["boolean"] = result.boolean
    else:
        table["triples"] = result.triples[:RESULT_PAGE * 10]
        table["more"] = max(0, len(result.triples) - RESULT_PAGE * 10)
    formats = {fmt: "?" + urlencode({**args, "format": fmt})
               for fmt in (("csv", "json") if result.kind != "graph" else ("ttl", "nt", "jsonld"))}
    return server.html("results.html", title=name, query_name=name, table=table, formats=formats,
                       link=server.page_link, args=args)


def _sort_key(term) -> tuple:
    if isinstance(term, Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        if dt.endswith(("#integer", "#decimal", "#double", "#float", "#int", "#long", "#nonNegativeInteger")):
            try:
                return (0, float(term.value), "")
            except ValueError:
                pass
        return (1, 0.0, term.value.casefold())
    if isinstance(term, NamedNode):
        return (2, 0.0, term.value)
    return (3, 0.0, str(getattr(term, "value", term)))


def routes() -> list[Route]:
    """The page routes, for ``app.create_app``."""
    return [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/search", search, methods=["GET", "HEAD"]),
        Route("/browse/{type}", browse, methods=["GET", "HEAD"]),
        Route("/query", query_page, methods=["GET", "HEAD"]),
        Route("/page/{path:path}", entity_page, methods=["GET", "HEAD"]),
        Route("/graph/{path:path}", entity_graph, methods=["GET", "HEAD"]),
        Route("/queries/{name}.rq", canned_sparql, methods=["GET", "HEAD"]),
        Route("/vocabulary.json", vocabulary, methods=["GET", "HEAD"]),
    ]


__all__ = ["PageCache", "Pages", "result_table", "routes"]
