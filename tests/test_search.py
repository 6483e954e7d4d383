"""The search index beside the store (docgraph/search.py): names by word prefix whatever the case
and accents, ranked by documents, with type facets; kept in step with ingest, remove and merge;
rebuilt when the store changed behind its back; user text never read as SQL or FTS5 syntax."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import BASE, copy_store
from pyoxigraph import Literal, NamedNode, Quad


@pytest.fixture
def store(sample_store_path, tmp_path):
    from docgraph.store import open_store

    s = open_store(copy_store(sample_store_path, tmp_path / "store"))
    yield s
    s.close()


def names(results) -> list[str]:
    return [h.name for h in results.hits]


def documents_mentioning(store, uri: str) -> int:
    (row,) = store.query(f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?d {{ ?d schema:mentions {NamedNode(uri)} }} }}")
    return int(row["n"].value)


def test_prefix_case_and_accents(store):
    index = store.search_index()
    assert names(index.search("guter"))[0] == "António Guterres"
    assert names(index.search("GUTERRES"))[0] == "António Guterres"
    assert names(index.search("Antônio Gutérres"))[0] == "António Guterres"  # accents either way
    assert names(index.search("antonio guterres"))[0] == "António Guterres"
    assert names(index.search("bachel"))[0] == "Michelle Bachelet"
    # every word must start a word of one name; the alias that matched is said
    un = index.search("united nations secur")
    assert names(un)[0] == "UN Security Council" and un.hits[0].matched == "United Nations Security Council"
    assert index.search("nations united").total == index.search("united nations").total
    assert index.search("zzzz").hits == []


def test_ranked_by_documents_with_type_facets(store):
    index = store.search_index()
    everything = index.search("i", limit=500)
    counts = [h.documents for h in everything.hits]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    assert sum(everything.facets.values()) == everything.total == len(everything.hits)
    places = index.search("i", type="place", limit=500)
    assert {h.type for h in places.hits} == {"place"} and places.total == everything.facets["place"]
    assert places.facets == everything.facets  # facets count every type, whichever is chosen
    page2 = index.search("i", limit=5, offset=5)
    assert names(page2) == names(everything)[5:10]
    # the document count is the number of documents that mention the entity
    iran = next(h for h in everything.hits if h.uri.endswith("/place/iran"))
    assert iran.documents == documents_mentioning(store, iran.uri) > 5


@pytest.mark.parametrize("text", ['"', '"*', "*", "NEAR(iran tehran)", "iran OR x", "-iran", "name:iran",
                                  "'; DROP TABLE entity; --", "iran AND", "^iran", "(", "ir\x00an", "a" * 5000])
def test_query_syntax_is_text(store, text):
    index = store.search_index()
    import re

    results = index.search(text)  # never an error: operators are words like any other
    words = " ".join(re.findall(r"\w+", text))
    assert names(results) == names(index.search(words))
    assert index.search("iran").hits  # and the index is still there
    assert sqlite3.connect(index.path).execute("SELECT COUNT(*) FROM entity").fetchone()[0] > 0


def test_the_index_follows_ingest_remove_and_merge(store, tmp_path, extractor):
    from docgraph.ingestion import ingest
    from docgraph.review import merge

    index = store.search_index()
    before = index.generation
    doc = tmp_path / "docs" / "hearing.txt"
    doc.parent.mkdir()
    doc.write_text("Senator Mary Quill, chair of the Helsinki Commission, said the hearing in Vienna "
                   "would continue. Quill spoke to Reuters.\n", encoding="utf-8")
    assert ingest([doc.parent], store, extractor=extractor).new == 1
    assert index.generation > before  # the store's writes moved the index along with it
    assert store.search_index().sync(store) == "current"  # (search_index read the marked entities)
    assert names(index.search("mary qu")) == ["Mary Quill"]
    vienna = next(h for h in index.search("vienna").hits if h.type == "place")
    assert vienna.documents == documents_mentioning(store, vienna.uri)
    # a merge: the old URI leaves the index, its names find the entity it joined
    merge(store, BASE + "/id/person/mary-quill", BASE + "/id/person/antonio-guterres")
    store.search_index()
    hits = index.search("mary quill").hits
    assert [h.uri for h in hits] == [BASE + "/id/person/antonio-guterres"] and hits[0].matched == "Mary Quill"
    store.remove_document(store.find_documents(str(doc))[0])
    store.search_index()
    assert index.search("helsinki").hits == []
    assert index.search("vienna").hits[0].documents == vienna.documents - 1


def test_rebuilt_when_the_store_changed_behind_its_back(store):
    from docgraph.search import SearchIndex, open_index, store_generation

    index = store.search_index()
    g = NamedNode(BASE + "/id/document/00000000000000ff")
    person = NamedNode(BASE + "/id/person/olga-behind-the-back")
    # written into the store without docgraph's writes (as a bulk load does): no generation moved
    store.raw.extend([Quad(g, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                           NamedNode("https://w3id.org/docgraph#Document"), g),
                      Quad(g, NamedNode("https://schema.org/mentions"), person, g),
                      Quad(person, NamedNode("https://schema.org/name"), Literal("Olga Behind-the-Back"), g)])
    assert index.generation == store_generation(store)
    assert index.search("olga").hits == []
    fresh = open_index(store)  # what `docgraph serve` does at start: the documents are counted too
    assert names(fresh.search("olga")) == ["Olga Behind-the-Back"]
    # an index whose generation is not the store's is rebuilt by the next search
    SearchIndex(index.path).mark([], was=None, now=None)
    with sqlite3.connect(index.path) as db:
        db.execute("UPDATE meta SET value = '-5' WHERE key = 'generation'")
    assert fresh.sync(store) == "rebuilt" and fresh.generation == store_generation(store)


def test_a_read_only_store_never_writes_the_index(store, sample_store_path, tmp_path):
    from docgraph.store import open_store

    store.search_index()
    path = store.path
    store.close()
    snapshot = tmp_path / "snapshot"
    shutil.copytree(path, snapshot, ignore=shutil.ignore_patterns("LOCK"))
    index_file = snapshot / "search.sqlite3"
    for key, value in (("generation", "-1"), ("version", "0")):  # an index behind the store; an older index
        with sqlite3.connect(index_file) as db:
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
        stamp = index_file.stat().st_mtime_ns
        ro = open_store(snapshot, read_only=True)
        try:
            index = ro.search_index()
            assert index.path == ":memory:" and names(index.search("guterres"))[0] == "António Guterres"
        finally:
            ro.close()
        assert index_file.stat().st_mtime_ns == stamp, key
        with sqlite3.connect(f"file:{index_file}?mode=ro", uri=True) as db:  # (WAL: the file may not move)
            assert db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0] == value
            assert db.execute("SELECT COUNT(*) FROM entity").fetchone()[0] > 200


def test_an_index_of_an_older_shape_is_rebuilt_in_the_new_one(store):
    """Schema 4 keeps an entity's statement rows side by side (a table clustered by entity); an
    index written by schema 3 (rows in the order documents came) is replaced by the new shape
    when a writer opens it, rebuilt from the store, and gives the same rows."""
    from docgraph.search import SearchIndex

    index = store.search_index()
    top = index.browse(None, limit=1)[0].uri
    rows = {section: sorted(map(str, index.statements(top, section, 100_000))) for section in
            ("roles", "members", "relations", "quotations", "mentions")}
    assert rows["mentions"] and rows["relations"]
    path = index.path
    index.close()
    store._search = None
    with sqlite3.connect(path) as db:
        db.executescript("""DROP TABLE statement; DROP TABLE document;
            CREATE TABLE statement(uri TEXT NOT NULL, section TEXT NOT NULL, doc TEXT NOT NULL, data TEXT NOT NULL);
            CREATE TABLE document(uri TEXT PRIMARY KEY, title TEXT, date TEXT, source TEXT NOT NULL,
                                  original TEXT NOT NULL);
            UPDATE meta SET value = '3' WHERE key = 'version';""")
    again = SearchIndex(path)
    assert again.sync(store) == "rebuilt"
    shape = again._db().execute("SELECT sql FROM sqlite_master WHERE name = 'statement'").fetchone()[0]
    assert "WITHOUT ROWID" in shape
    assert {section: sorted(map(str, again.statements(top, section, 100_000))) for section in rows} == rows
    again.close()
