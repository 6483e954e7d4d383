"""JSON-LD as people read it: a compact ``@context`` (schema:, dg:, prov:, nif:, …), ``@type``,
``"schema:name": "…"``, one node object per subject, each document graph a named ``@graph``.

pyoxigraph writes expanded JSON-LD only (every key a full IRI, every value an object). This
writer streams the compacted form straight from quads or triples: the context is the one set of
prefixes docgraph uses everywhere, so compacting needs no JSON-LD processor, and a dump of the
whole store is written one subject at a time. Any JSON-LD 1.1 reader expands it back to the same
RDF (tests/test_export.py reads it with rdflib and compares it graph by graph with the store).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import IO, Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from .vocab import PREFIXES, RDF, XSD

CONTEXT = dict(PREFIXES)
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(iri: str) -> str:
    """``https://schema.org/name`` -> ``schema:name``; IRIs outside the context stay whole."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns):
            local = iri[len(ns):]
            # "prefix://…" would be read as an absolute IRI, and an empty local name as the prefix
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _id(term) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _value(term) -> Any:
    if isinstance(term, Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype == XSD.string:
            return term.value
        # JSON's own numbers and booleans read back as exactly these literals (canonical forms only)
        if term.datatype == XSD.integer and _INTEGER.fullmatch(term.value) and abs(int(term.value)) < 2**53:
            return int(term.value)
        if term.datatype == XSD.boolean and term.value in ("true", "false"):
            return term.value == "true"
        return {"@value": term.value, "@type": compact(term.datatype.value)}
    return {"@id": _id(term)}


def node(subject, triples: Iterable) -> dict[str, Any]:
    """One node object: the subject's ``@id``, ``@type`` and every property, compacted."""
    out: dict[str, Any] = {"@id": _id(subject)}
    for t in triples:
        if t.predicate == RDF.type and isinstance(t.object, NamedNode):
            out.setdefault("@type", []).append(compact(t.object.value))
            continue
        key = compact(t.predicate.value)
        out.setdefault(key, []).append(_value(t.object))
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in out.items()}


def _nodes(triples: Iterable) -> Iterator[dict[str, Any]]:
    """Node objects, one per run of triples about the same subject (a store's index order keeps
    a subject's triples together; if one comes back later, a second object for it is still right)."""
    for subject, group in groupby(triples, key=lambda t: t.subject):
        yield node(subject, group)


def write(items: Iterable, out: IO[bytes]) -> None:
    """``items`` (quads or triples) as compact JSON-LD. Quads in named graphs go into a named
    ``@graph`` each (in the order they come); triples and default-graph quads into the top level."""
    w = out.write
    w(b'{"@context": ' + json.dumps(CONTEXT).encode() + b',\n "@graph": [')
    first = True

    def put(obj: dict[str, Any], indent: bytes) -> None:
        nonlocal first
        w((b"" if first else b",") + b"\n" + indent + json.dumps(obj, ensure_ascii=False).encode("utf-8"))
        first = False

    for graph, group in groupby(items, key=lambda x: x.graph_name if isinstance(x, Quad) else None):
        if graph is None or not isinstance(graph, (NamedNode, BlankNode)):
            for obj in _nodes(group):
                put(obj, b"  ")
            continue
        w((b"" if first else b",") + b'\n  {"@id": ' + json.dumps(_id(graph)).encode() + b', "@graph": [')
        first = True
        for obj in _nodes(group):
            put(obj, b"    ")
        w(b"\n  ]}")
        first = False
    w(b"\n]}\n")


def dumps(items: Iterable) -> bytes:
    import io

    buffer = io.BytesIO()
    write(items, buffer)
    return buffer.getvalue()
