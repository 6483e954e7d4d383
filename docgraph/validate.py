"""SHACL validation against ``ontology/shapes.ttl`` (pyshacl over rdflib): each document graph
together with what the entity graph holds about the entities it speaks of, and the entity graph."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rdflib
from pyoxigraph import RdfFormat, serialize

from .export.rdf import document_quads
from .rdf import entity_graph
from .resources import resource
from .store import GraphStore


@dataclass
class Validation:
    graph: str
    conforms: bool
    report: str


@lru_cache(maxsize=1)
def shapes() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(resource("ontology", "shapes.ttl"), format="turtle")
    return g


def to_rdflib(store: GraphStore, graph: str) -> rdflib.Graph:
    """A document's graph with its entities' entity-graph triples (or the entity graph itself) as
    an rdflib Graph (via N-Triples, no string building)."""
    quads = store.quads(graph) if graph == entity_graph(store.base_uri).value else document_quads(store, graph)
    data = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=data or b"", format="nt")
    return g


def validate_graph(store: GraphStore, graph: str) -> Validation:
    from pyshacl import validate

    conforms, _, text = validate(to_rdflib(store, graph), shacl_graph=shapes(), inference="none",
                                 advanced=True, allow_warnings=True)
    return Validation(graph, bool(conforms), str(text))


def validate_store(store: GraphStore) -> list[Validation]:
    """Every document graph, each with its entities' entity-graph triples (every entity has a
    node in some document, so every entity is checked)."""
    return [validate_graph(store, d.uri) for d in store.documents()]
