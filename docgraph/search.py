"""Find entities by name: an SQLite FTS5 index kept beside the store.

The index is derived data. It holds, for each entity, its URI, its type (the URI's segment), its
canonical name, every name and alias it goes by, and the number of documents that mention it
(a reprint counts once: a document with ``dg:reprintOf`` is not counted). Everything in it can be
rebuilt from the store, and is:

- the store counts its changes (the file ``generation`` in its folder: bookkeeping, not data, so
  it is no quad of the store and a bulk-loaded store still equals an ingested one); the index
  records the generation it reflects. The store's own writes (``GraphStore.write_document``,
  ``remove_document``, ``add_quads``, ``remove_quads``) mark the entities they touch, before and
  after the write, and advance the index with the store; anything else that changed the store
  (a bulk load with the oxigraph tool, a crash between the store and the index) leaves the
  generations or the number of documents apart, and the next ``sync`` rebuilds the whole index in
  one transaction (readers see the old one until it commits). A store on a SPARQL server has no
  generation (other machines write to it): its document count is compared, every ten seconds;
- marked entities are read again from the store at the next ``sync`` (a search calls it), so an
  ingest of many documents pays once for an entity named in all of them.

Names match by word prefix, whatever the case and accents ("bach" finds "Michelle Bachelet",
"antonio" finds "António Guterres"). User text never reaches SQL or FTS5 syntax: each word is
bound as a quoted FTS5 string.

The file is ``search.sqlite3`` in the store's folder (a store on a SPARQL server: under
``$XDG_CACHE_HOME/docgraph/``). A read-only store never writes it: when it is behind, the
search runs on an index built in memory from the read-only snapshot.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from . import statement_index
from .model import ENTITY_TYPES
from .vocab import DG, RDF, SCHEMA

FILE = "search.sqlite3"
GENERATION = "generation"  # beside the index in the store's folder: not data, so not in the RDF
CACHE_KB = 16 * 1024  # pages of the index a connection keeps in memory (SQLite's default: 2 MB)
REBUILD_CACHE_KB = 512 * 1024  # while the index is rebuilt
SCHEMA_VERSION = "5"  # 2: the statement rows of entity pages (statement_index.py); 3: their sentences;
# 4: an entity's rows kept together (a table clustered by entity: the largest pages read 16,000 rows);
# 5: each row with its evidence sentence's text (a page read them from the store, two reads each)
SEGMENTS = tuple(ENTITY_TYPES.values())  # person, organization, place, event, work
MAX_NAMES = 64  # names indexed per entity (rowids entity*64 … entity*64+63)
MAX_QUERY = 200  # characters of a query looked at
MAX_WORDS = 8
REMOTE_CHECK = 10.0  # seconds between two checks of a SPARQL server's document count
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    uri: str
    type: str  # the URI segment: person, organization, place, event, work
    name: str  # canonical name
    documents: int
    matched: str | None = None  # the alias that matched, when it is not the name

    def as_dict(self) -> dict:
        return {"uri": self.uri, "type": self.type, "name": self.name, "documents": self.documents,
                "matched": self.matched}


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int  # entities matching (in the chosen type, if any)
    facets: dict[str, int] = field(default_factory=dict)  # segment -> entities matching, every type


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: each a quoted string with a prefix star, all required.
    None when there is no word to look for."""
    words = _WORD.findall(text[:MAX_QUERY])[:MAX_WORDS]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _segment(uri: str, base: str) -> str | None:
    prefix = base + "/id/"
    if not uri.startswith(prefix):
        return None
    seg, _, slug = uri[len(prefix):].partition("/")
    return seg if seg in SEGMENTS and slug and "/" not in slug and "#" not in slug else None


def entity_uris(quads: Iterable[Quad], base: str) -> set[str]:
    """The entity URIs (``{base}/id/{type}/{slug}``, documents excluded) among the subjects and
    objects of ``quads``."""
    out: set[str] = set()
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, NamedNode) and _segment(term.value, base):
                out.add(term.value)
    return out


def document_graphs(graphs: Iterable[str], quads: Iterable[Quad], base: str) -> set[str]:
    """The document graphs (``{base}/id/document/…``) among ``graphs`` and the graphs of ``quads``."""
    prefix = base + "/id/document/"
    found = {g for g in graphs if g.startswith(prefix)}
    found |= {q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)
              and q.graph_name.value.startswith(prefix)}
    return found


def store_generation(store) -> int | None:
    """How many changes docgraph has made to the store (its ``generation`` file; 0 for a store
    older than the counter). A store on a SPARQL server keeps none: None."""
    if store.is_remote:
        return None
    try:
        return int((Path(store.path) / GENERATION).read_text(encoding="ascii").strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def bump_generation(store, current: int | None) -> None:
    """Count one more change of the store (written whole: a new file renamed over the old)."""
    if store.is_remote or current is None:
        return
    path = Path(store.path) / GENERATION
    tmp = path.with_name(GENERATION + ".tmp")
    tmp.write_text(str(current + 1), encoding="ascii")
    os.replace(tmp, path)


def document_count(store) -> int:
    if store.is_remote:
        (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a dg:Document }")
        return int(row["n"].value)
    return sum(1 for _ in store.raw.quads_for_pattern(None, RDF.type, DG.Document, None))


def index_path(store) -> Path:
    if not store.is_remote:
        return Path(store.path) / FILE
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgraph"
    key = hashlib.sha256(f"{store.path}|{store.base_uri}".encode()).hexdigest()[:16]
    return cache / f"search-{key}.sqlite3"


class SearchIndex:
    """The name index of one store. ``sync(store)`` brings it up to date; ``search`` and
    ``browse`` read it. Safe to share between threads (one SQLite connection per thread;
    writes under a lock)."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        """``create`` False: only read an index another process keeps (a query worker's)."""
        self.path = str(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._checked = 0.0  # when a remote store's document count was last compared
        self._memory = self.path == ":memory:"
        if create and not self._memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if create or self._memory:
            self._create()

    @property
    def in_memory(self) -> bool:
        return self._memory

    # -- the database ------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            if self._memory:  # one connection for every thread: it is the whole database
                db = self.__dict__.setdefault("_shared", sqlite3.connect(":memory:", check_same_thread=False,
                                                                         isolation_level=None))
            else:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
            self._local.db = db
        return db

    def _create(self) -> None:
        db = self._db()
        with self._lock:
            db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            if self._meta("version") not in (None, SCHEMA_VERSION):  # tables of an older shape go
                db.executescript("DROP TABLE IF EXISTS statement; DROP TABLE IF EXISTS document;")
            db.executescript("""
                CREATE TABLE IF NOT EXISTS entity(id INTEGER PRIMARY KEY, uri TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL, name TEXT NOT NULL, documents INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS entity_by_type ON entity(type, documents DESC, name);
                CREATE INDEX IF NOT EXISTS entity_by_documents ON entity(documents DESC, name);
                CREATE TABLE IF NOT EXISTS dirty(uri TEXT PRIMARY KEY);
                CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(
                    name, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
                CREATE TABLE IF NOT EXISTS document(uri TEXT PRIMARY KEY, title TEXT, date TEXT,
                    source TEXT NOT NULL, original TEXT NOT NULL) WITHOUT ROWID;
                -- an entity's rows side by side (one page read brings dozens of them), in document order
                CREATE TABLE IF NOT EXISTS statement(uri TEXT NOT NULL, section TEXT NOT NULL,
                    doc TEXT NOT NULL, n INTEGER NOT NULL, data TEXT NOT NULL,
                    PRIMARY KEY (uri, section, doc, n)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS statement_by_document ON statement(doc);
                CREATE TABLE IF NOT EXISTS dirty_document(uri TEXT PRIMARY KEY);
            """)
            if self._meta("version") != SCHEMA_VERSION:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM entity")
                db.execute("DELETE FROM names")
                db.execute("DELETE FROM dirty")
                db.execute("DELETE FROM meta")
                self._clear_statements(db)
                db.execute("INSERT INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
                db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def generation(self) -> int | None:
        value = self._meta("generation")
        return int(value) if value is not None else None

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None and not self._memory:
            db.close()
        self._local.db = None

    # -- keeping it in step with the store ------------------------------------------------------
    def mark(self, uris: Iterable[str], *, documents: Iterable[str] = (), was: int | None = None,
             now: int | None = None) -> None:
        """Entities whose names, type or documents may have changed, and document graphs written,
        dropped or changed: read again at the next sync. With ``was``/``now``: the store went
        from generation ``was`` to ``now``; an index that was in step with ``was`` is in step with
        ``now`` once these are read again."""
        rows = [(u,) for u in set(uris)]
        db = self._db()
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR IGNORE INTO dirty VALUES (?)", rows)
            db.executemany("INSERT OR IGNORE INTO dirty_document VALUES (?)", [(d,) for d in set(documents)])
            if was is not None and now is not None and self._meta("generation") == str(was):
                db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(now),))
            db.execute("COMMIT")

    def in_step(self, store, *, count_documents: bool = False) -> bool:
        """Whether the index reflects the store's generation (and, if asked, its number of
        documents: a store changed behind docgraph's back keeps its generation)."""
        import time

        generation = store_generation(store)
        if generation is None:  # a SPARQL server: its document count, now and then
            if not count_documents and time.monotonic() - self._checked < REMOTE_CHECK:
                return True
            self._checked = time.monotonic()
            return self._meta("documents") == str(document_count(store))
        if self.generation != generation:
            return False
        return not count_documents or self._meta("documents") == str(document_count(store))

    def sync(self, store, *, full_check: bool = False) -> str:
        """Bring the index up to date with ``store``: rebuild it when it is behind, else read the
        marked entities again. Returns "rebuilt", "refreshed N" or "current"."""
        if not self.in_step(store, count_documents=full_check):
            self.rebuild(store)
            return "rebuilt"
        documents = [r[0] for r in self._db().execute("SELECT uri FROM dirty_document").fetchall()]
        if documents:
            self.refresh_documents(store, documents)
        dirty = [r[0] for r in self._db().execute("SELECT uri FROM dirty").fetchall()]
        if not dirty:
            return f"refreshed {len(documents)} documents" if documents else "current"
        self.refresh(store, dirty)
        return f"refreshed {len(dirty)}"

    def rebuild(self, store) -> None:
        """Read every entity from the store: one pass over names, aliases and mentions."""
        generation = store_generation(store)
        base = store.base_uri
        raw = store.raw
        reprints = {q.subject.value for q in raw.quads_for_pattern(None, DG.reprintOf, None, None)}
        documents: Counter[str] = Counter()
        for q in raw.quads_for_pattern(None, SCHEMA.mentions, None, None):
            if q.subject.value not in reprints and q.subject == q.graph_name:
                documents[q.object.value] += 1
        names: dict[str, Counter[str]] = defaultdict(Counter)
        aliases: dict[str, set[str]] = defaultdict(set)
        for q in raw.quads_for_pattern(None, SCHEMA.name, None, None):
            if _segment(q.subject.value, base):
                names[q.subject.value][q.object.value] += 1
        for q in raw.quads_for_pattern(None, SCHEMA.alternateName, None, None):
            if _segment(q.subject.value, base):
                aliases[q.subject.value].add(q.object.value)
        rows = [(uri, _segment(uri, base), counts, aliases.get(uri, set()), documents.get(uri, 0))
                for uri, counts in names.items()]
        graphs = [] if store.is_remote else \
            [q.graph_name for q in raw.quads_for_pattern(None, RDF.type, DG.Document, None) if q.subject == q.graph_name]
        db = self._db()
        with self._lock:
            db.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KB}")  # the rows go in by entity, not in order: in memory
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM entity")
            db.execute("DELETE FROM names")
            db.execute("DELETE FROM dirty")
            self._clear_statements(db)
            for n, row in enumerate(rows, start=1):
                self._insert(db, n, *row)
            for graph in graphs:
                self._insert_document(db, raw, graph, base)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('statements', ?)", ("0" if store.is_remote else "1",))
            if generation is not None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('documents', ?)", (str(document_count(store)),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('base', ?)", (base,))
            db.execute("COMMIT")
            db.execute(f"PRAGMA cache_size = -{CACHE_KB}")

    def refresh(self, store, uris: Iterable[str]) -> None:
        """Read these entities again (one that is gone from the store leaves the index)."""
        base = store.base_uri
        raw = store.raw
        found = []
        for uri in set(uris):
            seg = _segment(uri, base)
            node = NamedNode(uri)
            counts: Counter[str] = Counter()
            alias: set[str] = set()
            if seg:
                for q in raw.quads_for_pattern(node, SCHEMA.name, None, None):
                    counts[q.object.value] += 1
                for q in raw.quads_for_pattern(node, SCHEMA.alternateName, None, None):
                    alias.add(q.object.value)
            docs = 0
            if counts:
                graphs = {q.graph_name for q in raw.quads_for_pattern(None, SCHEMA.mentions, node, None)
                          if q.subject == q.graph_name}
                docs = sum(1 for g in graphs
                           if next(iter(raw.quads_for_pattern(g, DG.reprintOf, None, g)), None) is None)
            found.append((uri, seg, counts, alias, docs))
        db = self._db()
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            for uri, seg, counts, alias, docs in found:
                row = db.execute("SELECT id FROM entity WHERE uri = ?", (uri,)).fetchone()
                if row is not None:
                    db.execute("DELETE FROM names WHERE rowid BETWEEN ? AND ?",
                               (row[0] * MAX_NAMES, row[0] * MAX_NAMES + MAX_NAMES - 1))
                    db.execute("DELETE FROM entity WHERE id = ?", (row[0],))
                if counts:
                    ident = row[0] if row is not None else \
                        (db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM entity").fetchone()[0])
                    self._insert(db, ident, uri, seg, counts, alias, docs)
            db.executemany("DELETE FROM dirty WHERE uri = ?", [(f[0],) for f in found])
            db.execute("INSERT OR REPLACE INTO meta VALUES ('documents', ?)", (str(document_count(store)),))
            db.execute("COMMIT")

    def refresh_documents(self, store, uris: Iterable[str]) -> None:
        """Derive these documents' statement rows again (a document no longer stored leaves)."""
        raw, base = store.raw, store.base_uri
        db = self._db()
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            for uri in set(uris):
                db.execute("DELETE FROM statement WHERE doc = ?", (uri,))
                db.execute("DELETE FROM document WHERE uri = ?", (uri,))
                if not store.is_remote and store.has_graph(uri):
                    self._insert_document(db, raw, NamedNode(uri), base)
                db.execute("DELETE FROM dirty_document WHERE uri = ?", (uri,))
            db.execute("COMMIT")

    @staticmethod
    def _clear_statements(db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM statement")
        db.execute("DELETE FROM document")
        db.execute("DELETE FROM dirty_document")

    @staticmethod
    def _insert_document(db: sqlite3.Connection, raw, graph: NamedNode, base: str) -> None:
        meta = statement_index.document_meta(raw, graph)
        if meta is None:
            return
        db.execute("INSERT OR REPLACE INTO document VALUES (?, ?, ?, ?, ?)", meta)
        db.executemany("INSERT INTO statement VALUES (?, ?, ?, ?, ?)", [
            (uri, section, graph.value, n, json.dumps(values, ensure_ascii=False, separators=(",", ":")))
            for n, (uri, section, values) in enumerate(
                statement_index.document_rows(raw, graph, lambda u: _segment(u, base)))])

    @staticmethod
    def _insert(db: sqlite3.Connection, ident: int, uri: str, seg: str, counts: Counter[str],
                alias: set[str], documents: int) -> None:
        # the name most documents give (accented spellings before plain ones at a tie)
        name = min(counts, key=lambda n: (-counts[n], -sum(ord(c) > 127 for c in n), -len(n), n))
        db.execute("INSERT INTO entity VALUES (?, ?, ?, ?, ?)", (ident, uri, seg, name, documents))
        every = [name] + sorted((set(counts) | alias) - {name})
        db.executemany("INSERT INTO names(rowid, name) VALUES (?, ?)",
                       [(ident * MAX_NAMES + k, n) for k, n in enumerate(every[:MAX_NAMES])])

    # -- reading -------------------------------------------------------------------------------
    def search(self, text: str, *, type: str | None = None, limit: int = 20, offset: int = 0) -> Results:
        """Entities one of whose names has every word of ``text`` as a word prefix, most
        documents first; ``facets`` counts the matches of each type."""
        match = fts_query(text)
        if match is None:
            return Results(text, [], 0, {})
        db = self._db()
        # every matching (entity, name) pair once; the entity's best row is its canonical name
        # when that matched, else the first alias that did
        matched = """
            SELECT rowid / 64 AS id, MIN(rowid % 64) AS k FROM names WHERE names MATCH ? GROUP BY rowid / 64"""
        facets = {seg: n for seg, n in db.execute(
            f"SELECT e.type, COUNT(*) FROM ({matched}) m JOIN entity e ON e.id = m.id GROUP BY e.type",
            (match,))}
        where, args = ("WHERE e.type = ?", [type]) if type else ("", [])
        rows = db.execute(f"""
            SELECT e.uri, e.type, e.name, e.documents,
                   (SELECT name FROM names WHERE rowid = e.id * 64 + m.k) AS hit
            FROM ({matched}) m JOIN entity e ON e.id = m.id {where}
            ORDER BY e.documents DESC, e.name LIMIT ? OFFSET ?""",
            [match, *args, max(0, int(limit)), max(0, int(offset))]).fetchall()
        hits = [Hit(u, t, n, d, None if h == n else h) for u, t, n, d, h in rows]
        total = facets.get(type, 0) if type else sum(facets.values())
        return Results(text, hits, total, facets)

    def browse(self, type: str | None = None, *, limit: int = 50, offset: int = 0) -> list[Hit]:
        """Entities (of one type) by documents that mention them, most first."""
        where, args = ("WHERE type = ?", [type]) if type else ("", [])
        rows = self._db().execute(
            f"SELECT uri, type, name, documents FROM entity {where} ORDER BY documents DESC, name LIMIT ? OFFSET ?",
            [*args, max(0, int(limit)), max(0, int(offset))]).fetchall()
        return [Hit(*r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Entities of each type (segment)."""
        return dict(self._db().execute("SELECT type, COUNT(*) FROM entity GROUP BY type").fetchall())

    def names_of(self, uris: Iterable[str]) -> dict[str, tuple[str, int]]:
        """Canonical name and documents of each of ``uris`` the index knows."""
        out: dict[str, tuple[str, int]] = {}
        db = self._db()
        uris = list(uris)
        for at in range(0, len(uris), 500):
            chunk = uris[at:at + 500]
            marks = ",".join("?" * len(chunk))
            for uri, name, docs in db.execute(f"SELECT uri, name, documents FROM entity WHERE uri IN ({marks})", chunk):
                out[uri] = (name, docs)
        return out

    @property
    def has_statements(self) -> bool:
        """Whether the index holds the statement rows of entity pages (an embedded store's does;
        a SPARQL server's pages ask the server)."""
        return self._meta("statements") == "1"

    def statements(self, uri: str, section: str, limit: int) -> list[dict]:
        """The rows of one section of an entity's page (``statement_index.SECTIONS``): each a
        dict of column -> string or None, with its document as ``doc`` and the text of the
        statement's evidence sentence as ``said``."""
        columns = statement_index.SECTIONS[section]
        n = len(columns)
        rows = self._db().execute("SELECT doc, data FROM statement WHERE uri = ? AND section = ? LIMIT ?",
                                  (uri, section, int(limit))).fetchall()
        values = json.loads("[" + ",".join(data for _doc, data in rows) + "]")  # one parse, not one a row
        return [{**dict(zip(columns, v[:n])), "doc": doc, "said": v[n] if len(v) > n else None} for v, (doc, _data) in zip(values, rows)]

    def sentences_of(self, uri: str, documents: list[str]) -> dict[str, list]:
        """For each of ``documents`` that mentions the entity, the first sentences naming it:
        ``[sentence IRI, page, [[start, end], …]]`` (``statement_index.SENTENCES_SHOWN`` at most)."""
        out: dict[str, list] = {}
        for at in range(0, len(documents), 500):
            chunk = documents[at:at + 500]
            marks = ",".join("?" * len(chunk))
            for doc, data in self._db().execute(
                    f"SELECT doc, data FROM statement WHERE uri = ? AND section = 'mentions' AND doc IN ({marks})",
                    [uri, *chunk]):
                out[doc] = json.loads(data)[0]
        return out

    def documents_of(self, uri: str) -> list[tuple[str, str | None, str | None, str, str]]:
        """(uri, title, date, source, original) of every document that mentions the entity."""
        return self._db().execute("""
            SELECT d.uri, d.title, d.date, d.source, d.original FROM statement s JOIN document d ON d.uri = s.doc
            WHERE s.uri = ? AND s.section = 'mentions'""", (uri,)).fetchall()


def _version(path: Path) -> str | None:
    """The schema version of the index file at ``path``, read without writing to it."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def open_index(store) -> SearchIndex:
    """The store's search index, brought up to date (a read-only store that is ahead of the
    index gets one built in memory: it never writes the file)."""
    path = index_path(store)
    if store.read_only:
        if path.exists() and _version(path) == SCHEMA_VERSION:  # (an older index is never opened to write)
            index = SearchIndex(path)
            if index.in_step(store, count_documents=True) and not index._db().execute(
                    "SELECT 1 FROM dirty LIMIT 1").fetchone():
                return index
            index.close()
        index = SearchIndex(":memory:")
        index.rebuild(store)
        return index
    index = SearchIndex(path)
    index.sync(store, full_check=True)
    return index


__all__ = ["Hit", "Results", "SearchIndex", "entity_uris", "fts_query", "open_index", "store_generation"]
