"""RDF dumps, streamed from the store: TriG, N-Quads and JSON-LD keep the document graphs;
Turtle and N-Triples give the union of all graphs as triples."""

from __future__ import annotations

from typing import IO

from pyoxigraph import NamedNode, RdfFormat
from pyoxigraph import serialize as rdf_serialize

from ..vocab import PREFIXES

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "trig": RdfFormat.TRIG,
           "nq": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}


def write(store, fmt: str, out: IO[bytes], graph: str | None = None) -> None:
    rdf_format = FORMATS[fmt]
    prefixes = dict(PREFIXES) if fmt in ("ttl", "trig") else None
    if rdf_format.supports_datasets:
        if graph:
            quads = store.raw.quads_for_pattern(None, None, None, NamedNode(graph))
        else:
            quads = store.raw.quads_for_pattern(None, None, None, None)
        rdf_serialize(quads, out, rdf_format, **({"prefixes": prefixes} if prefixes else {}))
        return
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graph=graph)
    rdf_serialize(triples, out, rdf_format, **({"prefixes": prefixes} if prefixes else {}))
