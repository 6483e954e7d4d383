"""One store interface (issue 18): ingest writes through a ``DocumentSink`` and never asks which
store it has; a ``GraphStore`` keeps its quads in whatever backend object it is given (the
embedded store, a SPARQL server through ``remote._RemoteQuads``, here an in-memory pyoxigraph
store), so a new backend is one object with that slice of pyoxigraph's API."""

from __future__ import annotations

import pyoxigraph as ox

from docgraph.ingestion import LocalWriter, ingest
from docgraph.store import GraphStore, open_store

BASE = "http://127.0.0.1:8000"
TEXT = ("Statement on Geneva\n\nAmnesty International met Kofi Annan in Geneva on 3 May 2005. "
        "UN Secretary-General Kofi Annan said the talks were useful.\n")
NAMES = "SELECT DISTINCT ?n WHERE { ?e a schema:Person ; schema:name ?n }"


def test_a_store_on_another_backend_holds_the_same_graph(tmp_path, extractor):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT, encoding="utf-8")
    disk = open_store(tmp_path / "store", BASE)
    memory = GraphStore("memory", BASE, backend=ox.Store())
    for store in (disk, memory):
        report = ingest([tmp_path / "docs"], store, extractor=extractor)
        assert report.new == 1
    assert {r["n"].value for r in memory.query(NAMES)} == {r["n"].value for r in disk.query(NAMES)} >= {"Kofi Annan"}
    assert memory.stats()["entities"] == disk.stats()["entities"]
    assert memory.stats()["documents"] == 1
    # the second ingest finds the document through the same interface
    assert ingest([tmp_path / "docs"], memory, extractor=extractor).unchanged == 1
    disk.close()


def test_ingest_writes_through_any_sink(tmp_path, extractor):
    """A destination that writes for itself (as ``docgraph serve``'s hand-off does) is used as
    it is: ingest calls only the sink's methods."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)

    class Counting(LocalWriter):
        def __init__(self, store) -> None:
            super().__init__(store)
            self.calls: list[str] = []

        def write_extraction(self, ex, replaces):
            self.calls.append("write")
            return super().write_extraction(ex, replaces)

        def consolidate(self):
            self.calls.append("consolidate")
            return super().consolidate()

    sink = Counting(store)
    report = ingest([tmp_path / "a.txt"], sink, extractor=extractor)
    assert report.new == 1 and sink.calls == ["write", "consolidate"]
    assert store.stats()["documents"] == 1
    store.close()
