"""RDF dumps, streamed from the store: TriG, N-Quads and JSON-LD (compact, with a ``@context``)
keep the document graphs; Turtle and N-Triples give the union of all graphs as triples."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import IO

from pyoxigraph import NamedNode, RdfFormat
from pyoxigraph import serialize as rdf_serialize

from ..vocab import PREFIXES

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "trig": RdfFormat.TRIG,
           "nq": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}


def write(store, fmt: str, out: IO[bytes], graphs: str | Iterable[str] | None = None) -> None:
    """The whole store, or only the named ``graphs`` (a document URI or several), as ``fmt``."""
    rdf_format = FORMATS[fmt]
    prefixes = dict(PREFIXES) if fmt in ("ttl", "trig") else None
    chosen = [graphs] if isinstance(graphs, str) else (list(graphs) if graphs is not None else None)
    if fmt == "jsonld":  # compact, with a @context; one named graph after the other
        from .. import jsonld

        names = chosen if chosen is not None else store.named_graphs()
        jsonld.write(chain.from_iterable(store.raw.quads_for_pattern(None, None, None, NamedNode(g))
                                         for g in names), out)
        return
    if rdf_format.supports_datasets:
        if chosen is not None:
            quads = chain.from_iterable(store.raw.quads_for_pattern(None, None, None, NamedNode(g)) for g in chosen)
        else:
            quads = store.raw.quads_for_pattern(None, None, None, None)
        rdf_serialize(quads, out, rdf_format, **({"prefixes": prefixes} if prefixes else {}))
        return
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graphs=chosen)
    rdf_serialize(triples, out, rdf_format, **({"prefixes": prefixes} if prefixes else {}))
