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

import asyncio
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyoxigraph import Literal, NamedNode
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import QueryError
from ..queries import QueryBusy, QueryTimeout
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
PACKAGE = Path(__file__).resolve().parent.parent


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

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

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
        self._running: dict[tuple, asyncio.Future] = {}  # pages being computed in a worker
        self._loop: asyncio.AbstractEventLoop | None = None
        self._warm = 0

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
        self.server.wrote()  # (a write to the store not handed to the server: workers read a new snapshot)

    # -- pages computed in the query worker processes --------------------------------------------
    def started(self, loop: asyncio.AbstractEventLoop) -> None:
        """The server runs (its query workers started): pages may be computed in them, and the
        warming asked for by ``warm`` begins."""
        self._loop = loop
        if self._warm:
            threading.Thread(target=self._warming, args=(self._warm,), name="docgraph-warm-pages",
                             daemon=True).start()

    def in_workers(self, index: SearchIndex) -> bool:
        """Whether pages are computed in the query workers: an embedded store whose index is a
        file they can read (not one kept in memory for a read-only store behind it)."""
        return self.server.pool is not None and self._loop is not None and not index.in_memory

    async def _task(self, key: tuple, task: PageTask) -> dict | None:
        """``task`` computed in a query worker, once for however many requests ask at once; None
        when the worker failed at it (this process computes it instead)."""
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            try:
                done = await self.server.pool.task(task, self.server.settings.timeout)
            except (QueryBusy, QueryTimeout):
                raise
            except QueryError as exc:  # a fault of the worker's, not of the request: compute it here
                logging.getLogger("docgraph.serve").warning("a page failed in a query worker: %s", exc)
                done = None
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no warning when nobody else waited
            raise
        else:
            future.set_result(done)
            return done
        finally:
            del self._running[key]

    async def entity_body(self, uri: str, asked: int = 1, whole: str | None = None) -> tuple[bool, str | None]:
        """(whether the entity exists, its page's HTML): page ``asked`` of its documents (bounded
        by how many it has), every group of section ``whole``; kept until a write touches it."""
        version = self.version(uri)
        meta = self.cache.peek(("entity-meta", uri, *version))  # (exists, documents)
        if meta is not MISSING:
            if not meta[0]:
                return False, None
            page = min(asked, _last_page(meta[1]))
            body = self.cache.peek(("entity-page", uri, page, whole, *version))
            if body is not MISSING:
                return True, body
        index = await run_in_threadpool(self.index)  # in step with the store before a worker reads it
        done = await self._task(("entity", uri, asked, whole, *version), PageTask("entity", uri, version, asked, whole)) \
            if self.in_workers(index) else None
        if done is not None:
            self.cache.put(("entity-meta", uri, *version), (done["exists"], done.get("documents", 0)))
            if not done["exists"]:
                return False, None
            self.cache.put(("entity-page", uri, done["page"], whole, *version), done["body"])
            return True, done["body"]
        view = await run_in_threadpool(self.entity, uri)
        self.cache.put(("entity-meta", uri, *version), (view.exists, view.document_count))
        if not view.exists:
            return False, None
        return True, await run_in_threadpool(self.entity_html, uri, min(asked, _last_page(view.document_count)), whole)

    async def document_body(self, uri: str) -> str | None:
        """A document's page (HTML), None when there is no such document; kept until the store changes."""
        key = (self.generation(), "document-page", uri)
        body = self.cache.peek(key)
        if body is not MISSING:
            return body
        index = await run_in_threadpool(self.index)
        done = await self._task(key, PageTask("document", uri, ())) if self.in_workers(index) else None
        if done is not None:
            body = done["body"] if done["exists"] else None
        else:
            view = await run_in_threadpool(self.cached, ("document", uri), lambda: describe.document(self.store, uri, index))
            body = render_document(self.server.templates, view) if view.exists else None
        self.cache.put(key, body)
        return body

    def entity_html(self, uri: str, page: int = 1, whole: str | None = None) -> str:
        """The entity page's HTML (``page`` of its documents, every group of section ``whole``),
        computed in this process."""
        view = self.entity(uri)
        return self.cache.get(("entity-page", uri, page, whole, *self.version(uri)),
                              lambda: render_entity(self.server.templates, self.store, self.index(), view, page, whole))

    def warm(self, count: int) -> None:
        """Compute the pages of the ``count`` most-mentioned entities in the background once the
        server runs (``started``), one at a time, resting as long as each took: requests keep at
        least half the time."""
        self._warm = max(0, count)
        if self._warm and self._loop is not None:
            self.started(self._loop)

    def _warming(self, count: int) -> None:
        try:
            for hit in self.index().browse(None, limit=count):
                began = time.monotonic()
                asyncio.run_coroutine_threadsafe(self.entity_body(hit.uri), self._loop).result()
                time.sleep(max(0.01, time.monotonic() - began))  # at most half the time
        except Exception as exc:  # noqa: BLE001 - the server stopped under it: nothing to warm for
            logging.getLogger("docgraph.serve").debug("warming pages stopped: %s", exc)

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


def _last_page(documents: int) -> int:
    return max(1, math.ceil(documents / describe.DOCUMENTS_PER_PAGE))


def render_entity(templates, store, index, view: describe.EntityView, page: int = 1, whole: str | None = None) -> str:
    """An entity page's HTML: ``page`` of its documents, every group of section ``whole`` (the
    others: their first GROUPS_SHOWN), with the sentences of what it shows read from ``store``."""
    kind, slug = view.uri.split("/id/", 1)[1].split("/", 1)
    per_page = describe.DOCUMENTS_PER_PAGE
    shown = {name: getattr(view, name) if name == whole else getattr(view, name)[:describe.GROUPS_SHOWN]
             for name in SECTIONS}
    describe.read_sentences(store, [g for groups in shown.values() for g in groups] +
                            [g for c in view.contested for g in c["values"]])
    refs = [describe.DocumentRef(d.uri, d.title, d.date, d.source, d.original)
            for d in view.documents[(page - 1) * per_page:page * per_page]]
    describe.document_sentences(store, view.uri, refs, index)
    dated = {name: any(g.dates for g in groups) for name, groups in shown.items()}
    dated["contested"] = any(g.dates for c in view.contested for g in c["values"])
    return templates.get_template("entity.html").render(
        e=view, kind=kind, slug=slug, documents=refs, shown=shown, whole=whole, dated=dated,
        around=describe.neighbourhood(view),
        pager=pager(page, per_page, view.document_count, {**({"all": whole} if whole else {})},
                    name="docs", anchor="#documents"))


def render_document(templates, view: describe.DocumentView) -> str:
    return templates.get_template("document.html").render(doc=view, kind="document",
                                                          slug=view.uri.rsplit("/", 1)[-1])


@dataclass
class PageTask:
    """A page computed in a query worker (``worker_task``)."""
    kind: str  # "entity" or "document"
    uri: str
    version: tuple  # what the server keeps the entity's pages under (``Pages.version``)
    page: int = 1  # of its documents, as asked (the worker bounds it)
    whole: str | None = None  # the section shown whole
    generation: int = 0  # the store's snapshot (set by the pool)


_WORKER: dict[str, Any] = {}  # in a query worker: its templates, index and entity data kept
WORKER_VIEWS = 32  # entities' page data a worker keeps (for their next page of documents)


def worker_task(base: str, root: str, index_file: str, store, task: PageTask | None) -> dict | None:
    """A page computed in a query worker process (``querypool``, ``tasks``), on its read-only
    snapshot of the store and the search index's file (which the server keeps in step), with
    the server's templates. ``task`` None: the worker starts; load what pages need."""
    if "templates" not in _WORKER:
        templates = page_templates(base, root)
        for name in ("entity.html", "document.html"):
            templates.get_template(name)
        describe.property_labels()  # (the ontology, read with rdflib: a tenth of a second)
        describe.entity_classes()
        _WORKER.update(templates=templates, index=SearchIndex(index_file, create=False), views=OrderedDict(),
                       documents={})
    if task is None:
        return None
    templates, index, views = _WORKER["templates"], _WORKER["index"], _WORKER["views"]
    if task.kind == "document":
        view = describe.document(store, task.uri, index)
        return {"exists": view.exists, "body": render_document(templates, view) if view.exists else None}
    key = (task.uri, *task.version, task.generation)
    view = views.get(key)
    if view is None:
        if len(_WORKER["documents"]) > 200_000:
            _WORKER["documents"].clear()
        view = views[key] = describe.entity(store, task.uri, index, _WORKER["documents"])
        while len(views) > WORKER_VIEWS:
            views.popitem(last=False)
    views.move_to_end(key)
    if not view.exists:
        return {"exists": False}
    page = min(max(task.page, 1), _last_page(view.document_count))
    return {"exists": True, "documents": view.document_count, "page": page,
            "body": render_entity(templates, store, index, view, page, task.whole)}


def page_templates(base: str, root: str) -> Environment:
    """The pages' templates, with what every page names: the store's base URI, the server's
    root (links are relative to it), the version, links to entity pages, the type labels."""
    from .. import __version__

    templates = Environment(loader=FileSystemLoader(PACKAGE / "templates"),
                            autoescape=select_autoescape(default=True, default_for_string=True))

    def page_link(uri: str) -> str:
        prefix = base + "/id/"
        return f"{root}/page/{uri[len(prefix):]}" if uri.startswith(prefix) else uri

    templates.globals.update(base=base, root=root, version=__version__, page_link=page_link,
                             type_labels=TYPE_LABELS, type_singular=TYPE_SINGULAR)
    return templates


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
        try:
            body = await p.document_body(uri)
        except (QueryBusy, QueryTimeout) as exc:
            return server.error(request, 503, f"this page could not be computed now: {exc}")
        if body is None:
            return server.error(request, 404, f"no document {uri} in this graph")
        response = server.html_body(body)
        response.headers["link"] = server.alternates(kind, slug)
        return response
    # what is kept is answered here; what must be computed is computed in a query worker
    version = p.version(uri)
    moved = p.cache.peek(("moved", uri, *version))
    if moved is MISSING:
        moved = await run_in_threadpool(p.cache.get, ("moved", uri, *version),
                                        lambda: describe.merged_target(p.store, uri))
    if moved and server.local_path(moved):
        return RedirectResponse(f"{server.root}/page/{server.local_path(moved)}", status_code=301)
    whole = request.query_params.get("all")
    whole = whole if whole in SECTIONS else None
    try:
        exists, body = await p.entity_body(uri, _int(request.query_params.get("docs"), 1), whole)
    except (QueryBusy, QueryTimeout) as exc:
        return server.error(request, 503, f"this page could not be computed now: {exc}")
    if not exists:
        return server.error(request, 404, f"no entity {uri} in this graph")
    response = server.html_body(body)
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
