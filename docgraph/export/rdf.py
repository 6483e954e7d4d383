"""RDF dumps, streamed from the store: TriG, N-Quads and JSON-LD (compact, with a ``@context``)
keep the graphs apart (each document's, the entity graph, the resolution, decisions and metadata
graphs); Turtle and N-Triples give the union of all graphs as triples (a set: no triple is stored
in two graphs). With ``graphs`` (documents), those graphs and what the entity graph holds about
the entities they speak of."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from pyoxigraph import NamedNode, Quad, RdfFormat
from pyoxigraph import serialize as rdf_serialize

from ..rdf import entity_graph
from ..vocab import DG, PREFIXES

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "trig": RdfFormat.TRIG,
           "nq": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}


def selected_quads(store, graphs: Iterable[str]) -> Iterator[Quad]:
    """The named ``graphs``, then (once) what the entity graph holds about the entities the
    documents among them speak of."""
    eg = entity_graph(store.base_uri)
    names = list(dict.fromkeys(graphs))
    spoken: set[NamedNode] = set()
    for g in names:
        node = NamedNode(g)
        yield from store.raw.quads_for_pattern(None, None, None, node)
        spoken |= {q.object for q in store.raw.quads_for_pattern(None, DG.entity, None, node)}
    if eg.value not in names:
        for e in sorted(spoken, key=str):
            yield from store.raw.quads_for_pattern(e, None, None, eg)


def document_quads(store, graph: str) -> Iterator[Quad]:
    """One document's graph and what the entity graph holds about the entities it speaks of."""
    return selected_quads(store, [graph])


def write(store, fmt: str, out: IO[bytes], graphs: str | Iterable[str] | None = None) -> None:
    """The whole store, or only the named ``graphs`` (a document URI or several, with their
    entities), as ``fmt``."""
    rdf_format = FORMATS[fmt]
    prefixes = dict(PREFIXES) if fmt in ("ttl", "trig") else None
    options = {"prefixes": prefixes} if prefixes else {}
    chosen = [graphs] if isinstance(graphs, str) else (list(graphs) if graphs is not None else None)
    quads = selected_quads(store, chosen) if chosen is not None else store.raw.quads_for_pattern(None, None, None, None)
    if fmt == "jsonld":  # compact, with a @context; one named graph after the other
        from .. import jsonld

        jsonld.write(quads, out)
    elif rdf_format.supports_datasets:
        rdf_serialize(quads, out, rdf_format, **options)
    else:
        rdf_serialize((q.triple for q in quads), out, rdf_format, **options)
