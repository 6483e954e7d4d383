"""Every ingested document graph conforms to ontology/shapes.ttl (pyshacl), and the shapes
really do reject a broken graph."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from docgraph.store import open_store
from docgraph.validate import validate_graph, validate_store
from docgraph.vocab import DG


def test_every_sample_graph_conforms(sample_store):
    results = validate_store(sample_store)
    assert len(results) == 25
    bad = [r for r in results if not r.conforms]
    assert not bad, bad[0].report[:3000]


def test_shapes_reject_a_broken_document(tmp_path, sample_store):
    doc = sample_store.documents()[0]
    store = open_store(tmp_path / "s")
    store.add_quads(q for q in sample_store.quads(doc.uri))
    g = NamedNode(doc.uri)
    store.add_quads([Quad(g, DG.contentHash, Literal("md5:nope"), g)])
    result = validate_graph(store, doc.uri)
    assert not result.conforms and "contentHash" in result.report
    store.close()
