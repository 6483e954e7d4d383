"""Entity pages group what the documents say; checked against plain SPARQL over the same store."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from conftest import BASE

from docgraph.serve import describe
from docgraph.vocab import DG


def test_figures_and_who_gives_them_match_the_store(sample_store):
    """Every figure about an entity (or given by it) is on its page once per document that gives
    it, with each attribution (who, how) the document records: figures with no attribution,
    with one, and with several. The page reads attributions apart from the figures (one query
    nesting them took 0.13 s a page on 12 million quads); this is the nested query's answer."""
    entities = {q.object.value for p in (DG.event, DG.statedBy)
                for q in sample_store.raw.quads_for_pattern(None, p, None, None)}
    assert len(entities) >= 5
    kinds_seen: Counter[str] = Counter()
    index = sample_store.search_index()
    for uri in sorted(entities):
        expected_evidence: Counter[tuple] = Counter()
        expected_givers: dict[tuple, set] = defaultdict(set)
        for r in sample_store.query(f"""
            SELECT ?f ?doc ?value ?agent ?agentText ?kind WHERE {{ GRAPH ?doc {{
              {{ ?f dg:event <{uri}> }} UNION {{ ?f dg:statedBy <{uri}> }}
              ?f dg:value ?value ; dg:figureText ?text .
              OPTIONAL {{ ?f dg:attribution ?a . ?a dg:attributionKind ?kind .
                         OPTIONAL {{ ?a dg:agent ?agent }} OPTIONAL {{ ?a dg:agentText ?agentText }} }} }} }}""",
                                    union=False):
            expected_evidence[(r["doc"].value, r["f"].value)] += 1
            if r["kind"] is not None:
                kinds_seen["attributed"] += 1
                expected_givers[(r["doc"].value, r["f"].value)].add(
                    (r["agent"].value if r["agent"] else None, r["agentText"].value if r["agentText"] else None,
                     r["kind"].value))
            else:
                kinds_seen["unattributed"] += 1
        view = describe.entity(sample_store, uri, index, {})
        evidence = Counter((e.document, e.node) for g in view.figures for e in g.evidence)
        assert evidence == expected_evidence, uri
        for g in view.figures:
            given = {(name, agent) for name, agent in g.extra.get("given_by", {})}
            want = set()
            for e in g.evidence:
                for agent, text, _kind in expected_givers.get((e.document, e.node), ()):
                    want.add((view_name(view, agent, index, sample_store) if agent else text, agent))
            assert given == want, (uri, g.key)
    assert kinds_seen["attributed"] and kinds_seen["unattributed"], kinds_seen



def view_name(view, agent: str, index, store) -> str:
    names = describe.Names(store, index)
    names.load([agent])
    return names(agent)


def _page_data(store, uri: str, index, indexed: bool) -> dict:
    view = describe.entity(store, uri, index, {}, indexed=indexed)
    # the sentences shown under each group: carried by the kept rows, read from the store otherwise
    describe.read_sentences(store, [g for s in ("roles", "members", "relations", "works", "figures", "quotations")
                                    for g in getattr(view, s)])
    refs = [describe.DocumentRef(d.uri, d.title, d.date, d.source, d.original) for d in view.documents[:20]]
    describe.document_sentences(store, uri, refs, index if indexed else None)
    out: dict = {"documents": [(d.uri, d.title, d.date, d.source, d.original) for d in view.documents],
                 "reprints": view.reprints, "cut": view.cut,
                 "sentences": [(r.sentences, r.pages) for r in refs],
                 "contested": [(c["event"], c["counts"], [g.key for g in c["values"]]) for c in view.contested]}
    for section in ("roles", "members", "relations", "works", "figures", "quotations"):
        out[section] = [(g.key, g.label, g.other, g.other_name, g.direction, dict(g.flags), sorted(g.documents),
                         sorted(str((e.document, e.node, e.date)) for e in g.evidence), sorted(g.dates),
                         [(e.document, e.node, e.sentence) for e in g.shown()], sorted(g.extra.get("works", {}).items()),
                         g.extra.get("counts_label")) for g in getattr(view, section)]
    return out


def test_kept_rows_give_what_the_queries_give(sample_store):
    """An embedded store's pages read the statement rows kept beside the search index
    (statement_index.py); a SPARQL server's pages ask the queries. Both give the same page
    data, group order and sentences for every entity of the sample."""
    index = sample_store.search_index()
    assert index.has_statements
    uris = [h.uri for h in index.browse(None, limit=10_000)]
    assert len(uris) > 200
    sections: Counter[str] = Counter()
    for uri in uris:
        kept = _page_data(sample_store, uri, index, True)
        assert kept == _page_data(sample_store, uri, index, False), uri
        sections.update(k for k, v in kept.items() if v and k not in ("cut", "reprints"))
        view = describe.entity(sample_store, uri, index, {})  # rows carry the sentence: nothing left to read
        said = [e for s in ("roles", "members", "relations", "quotations") for g in getattr(view, s) for e in g.shown()]
        assert all(e.sentence is not describe._UNREAD for e in said), uri
        sections["said"] += sum(1 for e in said if e.sentence)
    # every kind of statement was compared somewhere, and evidence sentences with them
    assert all(sections[k] for k in ("documents", "sentences", "roles", "members", "relations", "works",
                                     "figures", "quotations")), sections
    assert sections["said"] > 100, sections


def _counts(html: str) -> tuple[int, dict[str, int]]:
    """What a page says: the documents mentioning the entity, and the sources of each role."""
    documents = int(re.search(r'Mentioned in <a href="#documents">(\d+) document', html).group(1))
    roles = re.search(r'<section id="roles">(.*?)</section>', html, re.DOTALL)
    rows = re.findall(r"<tr><td><strong>([^<]*)</strong>.*?(\d+) sources?</span>", roles.group(1) if roles else "",
                      re.DOTALL)
    return documents, {title: int(n) for title, n in rows}


def test_a_kept_page_shows_what_each_write_changes(tmp_path, extractor):
    """A served page is kept until a write touches its entity: asked for, then after a new
    document that mentions the entity, a merge of another entity into it, and a document
    removed, the page shows the new counts each time (and the merged-away page sends there).
    The statement rows the pages read, kept up by each write, equal rows derived afresh."""
    from starlette.testclient import TestClient

    from docgraph.ingestion import ingest
    from docgraph.review import merge
    from docgraph.serve.app import create_app
    from docgraph.store import open_store

    docs = tmp_path / "docs"
    docs.mkdir()
    say = {"a.txt": "Antonio Guterres, Secretary-General of the United Nations, spoke in Geneva on 3 March 2021.",
           "b.txt": "On 4 May 2021 Antonio Guterres, Secretary-General of the United Nations, called for a ceasefire.",
           "c.txt": "Mary Quill, Secretary-General of the United Nations, visited Nairobi on 9 June 2021."}
    (docs / "a.txt").write_text(say["a.txt"] + "\n", encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    try:
        assert ingest([docs], store, extractor=extractor).new == 1
        with TestClient(create_app(store), base_url=BASE) as client:
            page = "/page/person/antonio-guterres"
            assert _counts(client.get(page).text) == (1, {"Secretary-General": 1})
            assert _counts(client.get(page).text) == (1, {"Secretary-General": 1})  # kept
            for name in ("b.txt", "c.txt"):
                (docs / name).write_text(say[name] + "\n", encoding="utf-8")
            assert ingest([docs], store, extractor=extractor).new == 2
            assert _counts(client.get(page).text) == (2, {"Secretary-General": 2})
            merge(store, BASE + "/id/person/mary-quill", BASE + "/id/person/antonio-guterres")
            assert _counts(client.get(page).text) == (3, {"Secretary-General": 3})
            moved = client.get("/page/person/mary-quill", follow_redirects=False)
            assert moved.status_code == 301 and moved.headers["location"].endswith(page)
            assert store.remove_document(store.find_documents(str(docs / "b.txt"))[0])
            assert _counts(client.get(page).text) == (2, {"Secretary-General": 2})
        index = store.search_index()
        assert index.has_statements
        kept = _rows(index)
        index.rebuild(store)
        assert kept == _rows(index) and any(section == "members" for _, section, _, _ in kept)
    finally:
        store.close()


def _rows(index) -> list[tuple]:
    db = index._db()
    return sorted(db.execute("SELECT uri, section, doc, data FROM statement").fetchall()) + \
        sorted(db.execute("SELECT * FROM document").fetchall())


def test_pages_computed_in_the_query_workers_are_the_pages_computed_here(sample_store, monkeypatch):
    """`docgraph serve` computes entity and document pages in its query worker processes (on
    every core, the event loop never waiting for one): each served page is, byte for byte, the
    page this process computes from the same store, for the most-mentioned entities, a later
    page of documents, a section shown whole, and documents. Once the server runs, this
    process cannot compute a page at all here: what is served came from the workers."""
    from starlette.testclient import TestClient

    from docgraph.serve import pages
    from docgraph.serve.app import create_app

    index = sample_store.search_index()
    uris = [h.uri for h in index.browse(None, limit=40)]
    documents = sorted(q.subject.value for q in sample_store.raw.quads_for_pattern(None, DG.sourcePath, None, None)
                       if q.subject == q.graph_name)[:5]
    app = create_app(sample_store)
    templates = app.state.server.templates
    expected = {}
    for uri in uris:
        view = describe.entity(sample_store, uri, index, {})
        expected[(uri, 1, None)] = pages.render_entity(templates, sample_store, index, view)
        if view.document_count > describe.DOCUMENTS_PER_PAGE:
            expected[(uri, 2, None)] = pages.render_entity(templates, sample_store, index, view, 2)
        for section in ("roles", "relations", "members"):
            if getattr(view, section) and uri in uris[:5]:
                expected[(uri, 1, section)] = pages.render_entity(templates, sample_store, index, view, 1, section)
    assert any(k[1] == 2 for k in expected) and any(k[2] for k in expected)
    for doc in documents:
        expected[(doc, 1, None)] = pages.render_document(templates, describe.document(sample_store, doc, index))

    def nowhere(*_a, **_k):
        raise AssertionError("a page was computed in the server's own process")

    with TestClient(app, base_url=BASE) as client:
        assert app.state.pages.in_workers(app.state.pages.index())
        monkeypatch.setattr(describe, "entity", nowhere)
        monkeypatch.setattr(describe, "document", nowhere)
        for (uri, page, whole), html in expected.items():
            args = {**({"docs": page} if page > 1 else {}), **({"all": whole} if whole else {})}
            r = client.get("/page/" + uri.split("/id/", 1)[1], params=args)
            assert r.status_code == 200, (uri, r.text[:300])
            assert r.text == html, (uri, page, whole)
            assert client.get("/page/" + uri.split("/id/", 1)[1], params=args).text == html  # kept
        assert client.get("/page/person/nobody-at-all").status_code == 404
        assert client.get("/page/document/0123456789abcdef").status_code == 404
