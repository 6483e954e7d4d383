"""Reprints: near-duplicate documents linked to the original (dg:reprintOf), their descriptive
works the original's (owl:sameAs), and counted once on entity pages, in co-mentions and exports."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from docgraph.cli import main
from docgraph.ingestion import ingest, remove
from docgraph.reprints import THRESHOLD, count, decode, encode, signature
from docgraph.store import open_store

BASE = "http://127.0.0.1:8000"


@pytest.fixture()
def reprinted(tmp_path, seed_path):
    """The seed, the seed with a sentence reworded (another outlet's copy), and a copy of that copy."""
    text = seed_path.read_text(encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-original.txt").write_text(text, encoding="utf-8")
    (folder / "b-outlet.txt").write_text(text.replace("Earlier this month", "This month")
                                         .replace("appalling", "terrible"), encoding="utf-8")
    (folder / "c-again.txt").write_text(text.replace("Earlier this month", "Last month"), encoding="utf-8")
    return folder


def test_signatures_round_trip_and_separate_different_texts(seed_path, corpus_dir):
    seed = seed_path.read_text(encoding="utf-8")
    m = signature(seed)
    assert decode(encode(m)).jaccard(m) == 1.0
    assert signature(seed.replace("Earlier this month", "This month")).jaccard(m) >= THRESHOLD
    assert signature(seed[: len(seed) // 2]).jaccard(m) < THRESHOLD  # half of it is not a reprint


def test_reprints_are_linked_to_the_original_and_counted_once(tmp_path, reprinted, extractor):
    store = open_store(tmp_path / "store", BASE)
    report = ingest([reprinted], store, extractor=extractor)
    assert report.new == 3
    links = {(r["doc"].value, r["original"].value) for r in store.query(
        "SELECT ?doc ?original WHERE { GRAPH ?doc { ?doc dg:reprintOf ?original } }")}
    sources = {r["doc"].value: r["path"].value.rsplit("/", 1)[-1] for r in store.query(
        "SELECT ?doc ?path WHERE { GRAPH ?doc { ?doc dg:sourcePath ?path } }")}
    assert {(sources[a], sources[b]) for a, b in links} == {("b-outlet.txt", "a-original.txt"),
                                                             ("c-again.txt", "a-original.txt")}
    assert count(store) == 2
    # the letter known only by description is one work, the reprints' own names owl:sameAs it
    works = {r["w"].value for r in store.query("""SELECT DISTINCT ?w WHERE { GRAPH ?d {
        ?d schema:mentions ?w } ?w a schema:CreativeWork ; schema:name ?n FILTER(STRSTARTS(?n, "Letter by")) }""")}
    assert len(works) == 1
    same = list(store.query("SELECT ?a ?b WHERE { GRAPH ?d { ?d a dg:Document . ?a owl:sameAs ?b } }"))
    assert len(same) == 2 and {r["b"].value for r in same} == works

    from docgraph.export import project
    from docgraph.queries import run_canned

    rows = run_canned(store, "co-mentioned", {"entity": "Maryam Rajavi", "limit": 50}).dicts()
    assert rows and {r["documents"] for r in rows} == {"1"}
    g = project.graph(store, project.Options(co_mentions=True))
    assert {d["documents"] for _, d in g.nodes(data=True)} == {1}
    assert {d["weight"] for *_, d in g.edges(data=True)} == {1}
    from starlette.testclient import TestClient

    from docgraph.serve import create_app

    with TestClient(create_app(store), base_url=BASE) as client:
        page = client.get("/page/person/maryam-rajavi").text
    assert re.search(r"Mentioned in 1 document <span class=\"reprints\">\(and 2 reprints of them\)</span>", page)
    store.close()
    stats = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "stats", "--format", "json"])
    assert json.loads(stats.output)["reprints"] == 2


def test_reingest_and_removal(tmp_path, reprinted, extractor):
    store = open_store(tmp_path / "store", BASE)
    ingest([reprinted / "a-original.txt"], store, extractor=extractor)
    original = store.find_documents(str(reprinted / "a-original.txt"))
    # a later ingest (a new process would load the signatures from the store) finds the original
    ingest([reprinted], store, extractor=extractor)
    assert count(store) == 2
    assert ingest([reprinted], store, extractor=extractor).unchanged == 3 and count(store) == 2
    # once the original is gone, a new copy is not linked to it
    for uri in original:
        remove(store, uri)
    (reprinted / "d-late.txt").write_text((reprinted / "a-original.txt").read_text(encoding="utf-8")
                                          .replace("appalling", "dreadful"), encoding="utf-8")
    ingest([reprinted / "d-late.txt"], store, extractor=extractor)
    late = store.find_documents(str(reprinted / "d-late.txt"))[0]
    rows = list(store.query(f"SELECT ?o WHERE {{ GRAPH <{late}> {{ <{late}> dg:reprintOf ?o }} }}"))
    assert rows and rows[0]["o"].value not in original and store.has_graph(rows[0]["o"].value)
    store.close()


def test_the_sample_corpus_has_no_reprints(sample_store):
    assert count(sample_store) == 0  # different articles sharing a background paragraph are not reprints
