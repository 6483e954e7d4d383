"""The graph layout: each entity once in the entity graph, what each document says in its own
graph, so SPARQL's default graph (the union) is a set; the entity graph stays what the documents
say through removals, replacements and merges; a killed consolidation is finished by the next
command."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import BASE, copy_store
from pyoxigraph import NamedNode

from docgraph.entity_graph import differences, pending
from docgraph.ingestion import ingest, remove
from docgraph.store import open_store
from docgraph.vocab import DG

ENTITIES = f"{BASE}/graph/entities"

# patterns a user writes against the default graph: each match must come back once
PATTERNS = [
    "?p a schema:Person",
    "?p a schema:Person ; schema:name ?n",
    "?e schema:name ?n",
    "?e schema:alternateName ?a",
    "?p schema:affiliation ?o",
    "?o a schema:Organization ; schema:name ?n . ?p schema:affiliation ?o",
    "?d schema:mentions ?e . ?e a schema:Place",
    "?m itsrdf:taIdentRef ?e . ?e schema:name ?n",
    "?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o",
    "?x dg:entity ?e ; dg:mentionCount ?n",
    "?r dg:roleHolder ?p . ?p schema:name ?n",
    "?s ?p ?o",
]


def _variables(pattern: str) -> str:
    return " ".join(sorted({w.strip(";.") for w in pattern.split() if w.startswith("?")}))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_default_graph_is_a_set(sample_store, pattern):
    (all_rows,) = sample_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    (distinct,) = sample_store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {_variables(pattern)} WHERE {{ {pattern} }} }}")
    assert int(all_rows["n"].value) == int(distinct["n"].value) > 0


def test_entity_level_triples_live_once_in_the_entity_graph(sample_store):
    for prop in ("schema:name", "schema:alternateName", "schema:affiliation", "rdf:type"):
        rows = list(sample_store.query(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?e {prop} ?x }}
            FILTER(STRSTARTS(STR(?e), "{BASE}/id/") && !STRSTARTS(STR(?e), "{BASE}/id/document/")) }}"""))
        assert {r["g"].value for r in rows} == {ENTITIES}, prop
    # per-document facts sit on per-document nodes: one mention count each, none on an entity
    (row,) = sample_store.query("""SELECT (COUNT(*) AS ?n) WHERE { ?x dg:mentionCount ?a , ?b FILTER(?a != ?b) }""")
    assert int(row["n"].value) == 0
    assert not bool(sample_store.query("ASK { ?e a schema:Person ; dg:mentionCount ?n }"))
    guterres = NamedNode(f"{BASE}/id/person/antonio-guterres")
    counts = {r["d"].value: int(r["n"].value) for r in sample_store.query(
        "SELECT ?e ?d ?n WHERE { GRAPH ?d { ?x dg:entity ?e ; dg:mentionCount ?n } }", substitutions={"e": guterres})}
    assert len(counts) >= 3 and all(n >= 1 for n in counts.values())


def test_the_entity_graph_is_what_the_documents_say(sample_store):
    assert differences(sample_store) == (set(), set())
    assert pending(sample_store) == []


def test_removing_and_replacing_documents_leaves_no_orphans(sample_store_path, tmp_path, extractor, corpus_dir):
    store_dir = copy_store(sample_store_path, tmp_path / "store")
    store = open_store(store_dir)
    try:
        docs = store.documents()
        only_there = {r["e"].value for r in store.query(
            """SELECT ?e WHERE { GRAPH ?d { ?d schema:mentions ?e } } GROUP BY ?e HAVING (COUNT(?d) = 1)""")}
        gone = []
        for d in docs[:8]:
            assert remove(store, d.uri) == [d.uri]
            gone.append(d.uri)
            assert differences(store) == (set(), set())
        left = {r["e"].value for r in store.query("SELECT DISTINCT ?e WHERE { GRAPH ?d { ?x dg:entity ?e } }")}
        described = {r["e"].value for r in store.query(
            f"SELECT DISTINCT ?e WHERE {{ GRAPH <{ENTITIES}> {{ ?e ?p ?o }} }}")}
        assert described == left  # an entity no document speaks of is gone, with its aliases and links
        assert only_there - left  # some entities went with their only document
        # a changed file replaces its graph; what only the old text said goes
        note = tmp_path / "note.txt"
        note.write_text("Statement on Geneva\n\nAmnesty International met Kofi Annan in Geneva.\n", encoding="utf-8")
        ingest([note], store, extractor=extractor)
        note.write_text("Statement on Paris\n\nHuman Rights Watch said Jan Egeland visited Paris on Monday.\n",
                        encoding="utf-8")
        report = ingest([note], store, extractor=extractor)
        assert report.replaced == 1
        assert differences(store) == (set(), set())
        names = {r["n"].value for r in store.query("SELECT ?n WHERE { ?e schema:name ?n }")}
        assert "Jan Egeland" in names and "Kofi Annan" not in names
        # everything back: the same entity graph as before
        ingest([corpus_dir], store, extractor=extractor)
        assert differences(store) == (set(), set())
    finally:
        store.close()


def _entity_graph(store) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads(ENTITIES)}


@pytest.mark.slow
def test_a_consolidation_killed_part_way_is_finished_by_the_next_ingest(tmp_path, corpus_dir, sample_store):
    store_dir = tmp_path / "killed"
    cmd = [sys.executable, "-m", "docgraph", "--store", str(store_dir), "ingest", "-q", "--jobs", "1", str(corpus_dir)]
    import os

    env = {**os.environ, "DOCGRAPH_CRASH_AT": "consolidate-merge"}
    died = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert died.returncode == -9, died.stderr  # it killed itself inside the merge step
    store = open_store(store_dir)
    try:
        assert len(pending(store)) == 25  # every document still waits for its consolidation
    finally:
        store.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 new, 25 unchanged" in rerun.stdout
    assert re.search(r"merged [1-9]\d* short names", rerun.stdout)  # the merges the kill left undone
    store = open_store(store_dir)
    try:
        assert pending(store) == [] and differences(store) == (set(), set())
        assert _entity_graph(store) == _entity_graph(sample_store)  # as if never killed
    finally:
        store.close()


def test_pending_marks_are_written_with_the_document(tmp_path, extractor):
    doc = tmp_path / "a.txt"
    doc.write_text("Report\n\nUnited Nations Secretary-General António Guterres spoke in Geneva.\n", encoding="utf-8")
    store = open_store(tmp_path / "s", BASE)
    try:
        from docgraph.rdf import extraction_to_quads
        from docgraph.readers import iter_documents
        from docgraph.resolve import resolve

        (source,) = list(iter_documents([doc]))
        ex = resolve(extractor.extract(source), store, BASE)
        uri = f"{BASE}/id/document/{source.content_hash[:16]}"
        store.write_document(uri, extraction_to_quads(ex, BASE))
        assert pending(store) == [uri]
        assert next(iter(store.raw.quads_for_pattern(None, DG.entity, None, NamedNode(uri))), None) is not None
        from docgraph.merges import consolidate

        consolidate(store)
        assert pending(store) == []
    finally:
        store.close()
