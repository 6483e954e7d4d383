"""SHACL validation of document graphs against ``ontology/shapes.ttl`` (pyshacl over rdflib)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rdflib
from pyoxigraph import RdfFormat, serialize

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
    """One named graph of the store as an rdflib Graph (via N-Triples, no string building)."""
    data = serialize((q.triple for q in store.quads(graph)), format=RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=data, format="nt")
    return g


def validate_graph(store: GraphStore, graph: str) -> Validation:
    from pyshacl import validate

    conforms, _, text = validate(to_rdflib(store, graph), shacl_graph=shapes(), inference="none",
                                 advanced=True, allow_warnings=True)
    return Validation(graph, bool(conforms), str(text))


def validate_store(store: GraphStore) -> list[Validation]:
    return [validate_graph(store, d.uri) for d in store.documents()]
