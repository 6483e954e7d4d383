"""The one module that knows pyoxigraph's on-disk store.

A store is a directory. It holds one named graph per document (named by the document's URI),
the entity graph (each entity once), the resolution graph (merges), the decisions graph, and
``urn:docgraph:meta`` with the base URI it was made with. Every change is one transaction
(``apply``): a document lands whole with its entity-level triples, or not at all.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from . import DEFAULT_BASE_URI, search
from .entity_graph import Changes, document_changes, removal_changes
from .errors import QueryError, StoreError
from .model import source_key
from .rdf import META_GRAPH, META_SUBJECT, entity_graph
from .sparql_errors import explain
from .vocab import DG, PREFIXES, RDF, SCHEMA

_BASE_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def check_base_uri(base: str) -> str:
    base = base.rstrip("/")
    if not _BASE_RE.match(base):
        raise StoreError(f"--base-uri {base!r} is not an http(s) URI like http://127.0.0.1:8000")
    return base


@contextlib.contextmanager
def _disk_errors(path) -> Iterator[None]:
    """A write that fails for want of disk space (or any I/O error) as one line."""
    try:
        yield
    except (OSError, RuntimeError) as exc:
        text = str(exc)
        if "No space left" in text or getattr(exc, "errno", None) == 28:
            raise StoreError(f"the disk holding store {path} is full; documents written before are kept: free "
                             "some space and run the same command again") from None
        raise StoreError(f"cannot write to store {path}: {text[:300]}") from None


def _open_read_only(path: Path) -> ox.Store:
    """A read-only view of a store, retried while the process that holds it replaces the files
    being opened (a compaction or a new manifest just after it opened or wrote)."""
    import time

    for attempt in range(20):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            stale = "No such file" in str(exc) or "Corruption" in str(exc)  # a file the holder replaced
            if not stale or not (path / "CURRENT").exists() or attempt == 19:
                raise OSError(str(exc)) from exc
            time.sleep(0.1)
    raise AssertionError("unreachable")


@dataclass
class DocumentInfo:
    uri: str
    source: str
    title: str | None
    content_hash: str


class GraphStore:
    """A docgraph store on disk. Use ``open_store()`` to get one."""

    def __init__(self, path: str | Path, base_uri: str | None = None, *, read_only: bool = False,
                 backend: Any = None):
        """The embedded store at ``path``; or, with ``backend`` (an object with the slice of
        pyoxigraph's ``Store`` API this class uses, as ``remote._RemoteQuads`` over a SPARQL
        server), a store kept there and named ``path``."""
        if backend is not None:
            self.path = str(path).rstrip("/")
            self.read_only = read_only
            self.is_remote = True
            self._store = backend
            self.base_uri = self._settle_base_uri(base_uri)
            if hasattr(backend, "scope"):  # a server's: list, count and dump this store's graphs only
                backend.scope = self.base_uri
            return
        self.path = Path(path).resolve()
        self.read_only = read_only
        try:
            if read_only:
                if not self.path.is_dir():
                    raise StoreError(f"no docgraph store at {self.path}: run `docgraph ingest` first")
                self._store = _open_read_only(self.path)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(
                    f"store {self.path} is in use by another docgraph process "
                    "(an ingest or `docgraph serve`); wait for it to finish, or stop it"
                ) from exc
            raise StoreError(f"cannot open store {self.path}: {msg}") from exc
        self.base_uri = self._settle_base_uri(base_uri)

    @classmethod
    def remote(cls, url: str, base_uri: str | None = None, kind: str = "oxigraph") -> GraphStore:
        """A store on a SPARQL server (see ``remote.py``): the same interface, over HTTP."""
        from .remote import _RemoteQuads

        return cls(url, base_uri, backend=_RemoteQuads(url, kind))

    is_remote = False

    # -- settings ---------------------------------------------------------------------------
    def _settle_base_uri(self, requested: str | None) -> str:
        stored = next(iter(self._store.quads_for_pattern(META_SUBJECT, DG.baseUri, None, META_GRAPH)), None)
        if stored is not None:
            if requested and check_base_uri(requested) != stored.object.value:
                raise StoreError(
                    f"store {self.path} was built with base URI {stored.object.value}, not "
                    f"{requested}: use that base, or a new --store"
                )
            return stored.object.value
        base = check_base_uri(requested or DEFAULT_BASE_URI)
        if not self.read_only:
            self._store.add(Quad(META_SUBJECT, DG.baseUri, Literal(base), META_GRAPH))
        return base

    # -- documents --------------------------------------------------------------------------
    def has_graph(self, uri: str) -> bool:
        return self._store.contains_named_graph(NamedNode(uri))

    def graphs_for_source(self, key: str | None, source: str | None = None) -> list[str]:
        """The document graphs read from one source: by its key (``dg:sourceKey``, see
        ``model.source_key``) and, in a store written before keys, by its path (``source``)."""
        found: set[str] = set()
        if key is not None:
            found = {q.graph_name.value for q in self._store.quads_for_pattern(None, DG.sourceKey, Literal(key), None)}
        if source is not None:
            found |= {q.graph_name.value for q in self._store.quads_for_pattern(None, DG.sourcePath, Literal(source), None)}
        return sorted(found)

    def write_document(self, uri: str, quads: list[Quad], *, replaces: Iterable[str] = ()) -> None:
        """Write a document graph and the entity-level triples it supports (``quads`` as
        ``rdf.extraction_to_quads`` gives them), dropping the graphs it ``replaces`` and what only
        they supported: one transaction."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        self.apply(document_changes(self, uri, quads, replaces))

    def remove_document(self, uri: str) -> bool:
        """Drop a document graph and every entity-level triple only it supported: one transaction."""
        if not self.has_graph(uri):
            return False
        self.apply(removal_changes(self, [uri]))
        return True

    def apply(self, changes: Changes) -> None:
        """Drop graphs, remove quads, add quads: all or nothing (on a server, as far as the server
        applies one SPARQL Update request whole: Oxigraph does, Virtuoso applies its operations
        one by one; each is idempotent, so a retried request finishes what a failed one began)."""
        if not changes:
            return
        drops = [g.value if isinstance(g, NamedNode) else str(g) for g in changes.drop]
        touched = self._changing(lambda: search.entity_uris([*changes.add, *changes.remove], self.base_uri), drops,
                                 [*changes.add, *changes.remove])
        if self.is_remote:  # one SPARQL Update request
            self._store.update(update_text(changes))
        else:
            with _disk_errors(self.path):
                if not changes.drop and not changes.remove:
                    self._store.extend(changes.add)  # one transaction, without the parser
                else:
                    self._store.update(update_text(changes))
        self._changed(*touched)

    # -- the search index (search.py): what a write touches is marked before and after it --------
    def search_index(self) -> search.SearchIndex:
        """The name index beside the store, brought up to date."""
        if getattr(self, "_search", None) is None:
            self._search = search.open_index(self)
        else:
            self._search.sync(self)
        return self._search

    def _changing(self, uris: Callable[[], set[str]], graphs: Iterable[str] = (), quads: Iterable[Quad] = ()
                  ) -> tuple[set[str], set[str], int]:
        """Before a write: mark what it touches (the entities ``uris()`` names, and those named
        in ``graphs`` about to be replaced or dropped; the document graphs among ``graphs`` and
        those ``quads`` are in) in the search index, if the store has one."""
        if getattr(self, "_search", None) is None and not self.is_remote:
            path = search.index_path(self)  # an ingest into a store never searched makes no index
            self._search = search.SearchIndex(path) if path.exists() else None
        touched: set[str] = set()
        documents: set[str] = set()
        if getattr(self, "_search", None) is not None or getattr(self, "_listeners", None):
            touched = set(uris())
            graphs = list(graphs)
            for g in graphs:
                touched |= search.entity_uris(self._store.quads_for_pattern(None, None, None, NamedNode(g)),
                                              self.base_uri)
            documents = search.document_graphs(graphs, quads, self.base_uri)
            if getattr(self, "_search", None) is not None:
                self._search.mark(touched, documents=documents)
        return touched, documents, search.store_generation(self)

    def _changed(self, touched: set[str], documents: set[str], generation: int | None) -> None:
        search.bump_generation(self, generation)
        if getattr(self, "_search", None) is not None:
            self._search.mark(touched, documents=documents, was=generation,
                              now=None if generation is None else generation + 1)
        for listener in getattr(self, "_listeners", ()):
            listener(touched)

    def on_change(self, listener: Callable[[set[str]], None]) -> None:
        """Call ``listener(entity URIs)`` after each write, with the entities it touched (the
        server's page cache forgets their pages)."""
        self.__dict__.setdefault("_listeners", []).append(listener)

    def documents(self) -> list[DocumentInfo]:
        out = []
        for q in self._store.quads_for_pattern(None, RDF.type, DG.Document, None):
            doc = q.subject
            g = q.graph_name

            def one(p: NamedNode) -> str | None:
                found = next(iter(self._store.quads_for_pattern(doc, p, None, g)), None)
                return found.object.value if found else None

            out.append(DocumentInfo(doc.value, one(DG.sourcePath) or "", one(SCHEMA.name), one(DG.contentHash) or ""))
        return sorted(out, key=lambda d: d.source)

    def find_documents(self, ref: str) -> list[str]:
        """Document URIs for a document URI, a file or folder path (every document read from it),
        ``path#id`` (one line of a JSONL file), or the source name the graph shows."""
        if "://" in ref or ref.startswith("urn:"):
            try:
                if self.has_graph(ref):
                    return [ref]
            except ValueError:
                pass  # not an IRI after all: try it as a path
        found = set(self.graphs_for_source(None, ref))  # the name as the graph shows it
        path, hash_, rest = ref, "", ""
        if not Path(ref).exists() and "#" in ref:
            path, hash_, rest = ref.rpartition("#")
        p = Path(path).expanduser()
        if p.exists() or not p.is_absolute():
            try:
                p = p.resolve()
            except (OSError, RuntimeError):
                pass
        if p.is_dir():  # every document read from under the folder (by the paths of stores written before keys)
            keys = {source_key(str(f)) for f in p.rglob("*") if f.is_file()}
            found |= {q.graph_name.value for q in self._store.quads_for_pattern(None, DG.sourceKey, None, None)
                      if q.object.value[:len("sha256:") + 32] in keys}
            found |= {q.graph_name.value for q in self._store.quads_for_pattern(None, DG.sourcePath, None, None)
                      if q.object.value.startswith(str(p) + os.sep)}
            return sorted(found)
        key = source_key(str(p)) + (hash_ + rest)
        found |= set(self.graphs_for_source(key, str(p) + hash_ + rest))
        if not hash_:  # a JSONL file: each of its lines
            for prop, prefix in ((DG.sourceKey, key + "#"), (DG.sourcePath, str(p) + "#")):
                found |= {q.graph_name.value for q in self._store.quads_for_pattern(None, prop, None, None)
                          if q.object.value.startswith(prefix)}
        return sorted(found)

    # -- reading ----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[str, Any] | None = None,
        graph: str | None = None,
        union: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Any:
        """Run SPARQL over the union of all graphs (or, with ``graph``, one document: its graph and
        the entity graph, where the names and types of its entities are, are the default graph,
        and its graph is the only one ``GRAPH ?g { … }`` finds).

        ``substitutions`` binds variables to RDF terms (never pasted into the text).
        ``default_graphs`` / ``named_graphs`` are the SPARQL protocol's ``default-graph-uri`` and
        ``named-graph-uri``: the dataset the query sees. ``base_iri`` resolves relative IRIs (the
        endpoint's URL when served).
        """
        kwargs: dict[str, Any] = {"prefixes": PREFIXES}
        if base_iri:
            kwargs["base_iri"] = base_iri
        if substitutions:
            kwargs["substitutions"] = {ox.Variable(k.lstrip("?$")): v for k, v in substitutions.items()}
        if graph is not None:  # one document: its graph (with the entity graph) is the default graph
            default_graphs = [graph, entity_graph(self.base_uri).value]
            named_graphs = named_graphs or [graph]
        if default_graphs:
            kwargs["default_graph"] = [NamedNode(g) for g in default_graphs]
        elif union:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:  # one line that says what, where and the usual fix
            raise QueryError(explain(sparql, str(exc), PREFIXES, has_base=bool(base_iri))) from None
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB reporting a file gone under it
            raise QueryError(f"query failed: {exc}") from exc

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        g = NamedNode(graph) if graph else None
        return self._store.quads_for_pattern(None, None, None, g)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        quads = list(quads)
        touched = self._changing(lambda: search.entity_uris(quads, self.base_uri), (), quads)
        self._store.extend(quads)
        self._changed(*touched)

    def remove_quads(self, quads: Iterable[Quad]) -> None:
        quads = list(quads)
        touched = self._changing(lambda: search.entity_uris(quads, self.base_uri), (), quads)
        for q in quads:
            self._store.remove(q)
        self._changed(*touched)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def stats(self) -> dict[str, Any]:
        by_type: dict[str, int] = {}
        # the entity graph holds each entity once: a quarter of a second on 14 million quads
        rows = self.query(
            f"""SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{
                 GRAPH {entity_graph(self.base_uri)} {{ ?e a ?type }}
                 VALUES ?type {{ schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }}
               }} GROUP BY ?type ORDER BY ?type""", union=False)
        for row in rows:
            by_type[row["type"].value.rsplit("/", 1)[-1]] = int(row["n"].value)
        # over the default graph (the union, a set): on a SPARQL server this is also the query that
        # finds a --store-kind whose way of asking for the union does not work there
        (row,) = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a dg:Document }")
        docs = int(row["n"].value)
        return {
            "store": str(self.path),
            "base_uri": self.base_uri,
            "documents": docs,
            "entities": sum(by_type.values()),
            "entities_by_type": by_type,
            "triples": len(self._store),
        }

    def flush(self) -> None:
        if not self.read_only:
            with _disk_errors(self.path):
                self._store.flush()

    def close(self) -> None:
        """Flush and let go of the store (twice is harmless)."""
        if getattr(self, "_store", None) is None:
            return
        self.flush()
        if self.is_remote:
            self._store.close()
        self._store = None

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph Store, for code that needs the full API."""
        return self._store


def update_text(changes: Changes) -> str:
    """Changes as one SPARQL 1.1 Update request; every term is written by pyoxigraph (an IRI or a
    literal cannot break out of its syntax)."""
    from collections import defaultdict

    parts = [f"DROP SILENT GRAPH {g}" for g in changes.drop]
    for verb, quads in (("DELETE", changes.remove), ("INSERT", changes.add)):
        if not quads:
            continue
        by_graph: dict[str, list[str]] = defaultdict(list)
        for q in quads:
            by_graph[str(q.graph_name)].append(f"{q.subject} {q.predicate} {q.object} .")
        body = " ".join(f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())
        parts.append(f"{verb} DATA {{ {body} }}")
    return " ;\n".join(parts)


def open_store(path: str | Path | None = None, base_uri: str | None = None, *, read_only: bool = False,
               kind: str | None = None) -> GraphStore:
    """Open (or create) the store at ``path`` (default: ./docgraph-store), or on the SPARQL server
    at an http(s) URL (``kind``: oxigraph, fuseki, virtuoso, qlever; see ``remote.py``)."""
    import os

    from . import DEFAULT_STORE

    from .remote import is_remote

    if is_remote(path):
        return GraphStore.remote(path, base_uri, kind or os.environ.get("DOCGRAPH_STORE_KIND") or "oxigraph")
    return GraphStore(path or DEFAULT_STORE, base_uri, read_only=read_only)


__all__ = ["GraphStore", "open_store", "DocumentInfo", "META_GRAPH", "DefaultGraph"]
