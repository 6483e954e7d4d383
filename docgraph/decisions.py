"""Entity decisions: merges and keep-apart verdicts, read by resolution and written by review.

Decisions live in the graph ``{base}/graph/decisions``: one ``dg:ResolutionDecision`` per pair
with ``dg:entityA``, ``dg:entityB``, ``dg:verdict`` ("merge" / "keep-apart"), ``dg:score``,
``prov:wasAttributedTo`` (who) and ``prov:generatedAtTime`` (when). Merges made (by a person or
by consolidation) are ``old owl:sameAs new`` in ``{base}/graph/resolution``. The curated aliases
file is the same mechanism in a file: its ``merge`` entries are merges decided by hand before any
ingest, its ``keep_apart`` pairs keep-apart decisions; a decision recorded later for the same pair
wins. This module only reads and writes them; ``resolve.py`` applies them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pyoxigraph import Literal, NamedNode, Quad

from .entity_graph import Changes
from .model import ENTITY_TYPES
from .rdf import decisions_graph, entity_uri, resolution_graph
from .vocab import DG, OWL, PROV, RDF, XSD

CURATED = "ingest/aliases.yaml"


@dataclass
class Decision:
    a: str
    b: str
    verdict: str  # "merge" | "keep-apart"
    score: float | None
    by: str
    at: str
    uri: str


def pair_key(a: str, b: str) -> str:
    return hashlib.sha256("\n".join(sorted((a, b))).encode()).hexdigest()[:16]


def curated_decisions(base: str) -> list[Decision]:
    """The curated aliases file read as decisions: each alias of a ``merge`` entry merged into the
    entry's name, each ``keep_apart`` pair kept apart (for every entity type)."""
    from . import aliases as alias_rules

    rules = alias_rules.load()
    out = []
    for entry in rules.entries:
        for etype in [entry.type] if entry.type else list(ENTITY_TYPES):
            b = entity_uri(base, etype, entry.name)
            for alias in entry.aliases:
                a = entity_uri(base, etype, alias)
                if a != b:
                    out.append(Decision(a, b, "merge", None, CURATED, "", ""))
    for pair in rules.apart_pairs:
        x, y = sorted(pair)
        for etype in ENTITY_TYPES:
            out.append(Decision(entity_uri(base, etype, x), entity_uri(base, etype, y), "keep-apart", None, CURATED,
                                "", ""))
    return out


def decisions(store, *, with_curated: bool = True) -> list[Decision]:
    """Every decision in force: the curated file's first, then those recorded in the store (a
    later one for the same pair wins)."""
    g = decisions_graph(store.base_uri)
    out = curated_decisions(store.base_uri) if with_curated else []
    for r in store.query("""
        SELECT ?d ?a ?b ?verdict ?score ?by ?at WHERE {
          ?d a dg:ResolutionDecision ; dg:entityA ?a ; dg:entityB ?b ; dg:verdict ?verdict ;
             prov:wasAttributedTo ?by ; prov:generatedAtTime ?at . OPTIONAL { ?d dg:score ?score } }
        ORDER BY ?at""", default_graphs=[g.value]):
        out.append(Decision(r["a"].value, r["b"].value, r["verdict"].value,
                            float(r["score"].value) if r["score"] is not None else None,
                            r["by"].value, r["at"].value, r["d"].value))
    return out


UNNAMED = "unnamed reviewer"


def record(store, a: str, b: str, verdict: str, score: float | None,
           by: str = UNNAMED) -> tuple[Decision, Changes]:
    """A decision and the changes that store it (replacing any earlier one for the pair): the
    caller applies them, with whatever else belongs in the same transaction."""
    g = decisions_graph(store.base_uri)
    node = NamedNode(f"{store.base_uri}/decision/{pair_key(a, b)}")
    by = " ".join(by.split())[:80] or UNNAMED  # the name the reviewer gave, never the account's
    at = datetime.now(UTC).isoformat(timespec="seconds")
    quads = [Quad(node, RDF.type, DG.ResolutionDecision, g),
             Quad(node, DG.entityA, NamedNode(a), g), Quad(node, DG.entityB, NamedNode(b), g),
             Quad(node, DG.verdict, Literal(verdict), g), Quad(node, PROV.wasAttributedTo, Literal(by), g),
             Quad(node, PROV.generatedAtTime, Literal(at, datatype=XSD.dateTime), g)]
    if score is not None:
        quads.append(Quad(node, DG.score, Literal(f"{score:.3f}", datatype=XSD.decimal), g))
    old = list(store.raw.quads_for_pattern(node, None, None, g))  # a pair has one verdict
    return Decision(a, b, verdict, score, by, at, node.value), Changes(remove=old, add=quads)


def kept_apart(store) -> set[frozenset[str]]:
    """Pairs whose last verdict is keep-apart."""
    last = {frozenset((d.a, d.b)): d.verdict for d in decisions(store)}
    return {pair for pair, verdict in last.items() if verdict == "keep-apart"}


def merged_into(store) -> dict[str, str]:
    """Every merged-away URI -> the URI that stands for it now (chains followed to the end)."""
    res = resolution_graph(store.base_uri)
    direct = {q.subject.value: q.object.value for q in store.raw.quads_for_pattern(None, OWL.sameAs, None, res)
              if isinstance(q.subject, NamedNode) and isinstance(q.object, NamedNode)}
    out = {}
    for old, first in direct.items():
        seen, new = {old}, first
        while new in direct and new not in seen:
            seen.add(new)
            new = direct[new]
        out[old] = new
    return out


@dataclass
class Decided:
    """What earlier merges and decisions say, read once per ingest: merged-away URI -> the URI
    that stands for it, and the pairs a person kept apart."""

    merged: dict[str, str] = field(default_factory=dict)
    apart: set[frozenset[str]] = field(default_factory=set)

    @classmethod
    def load(cls, store) -> Decided:
        if store is None:
            return cls()
        merged, apart = merged_into(store), set()
        for d in decisions(store):  # the curated file and the recorded decisions, one list
            pair = frozenset((d.a, d.b))
            if d.verdict == "merge":
                merged.setdefault(d.a, d.b)
                apart.discard(pair)
            else:
                apart.add(pair)
                for x, y in ((d.a, d.b), (d.b, d.a)):
                    if merged.get(x) == y:
                        del merged[x]
        return cls(merged, apart)
