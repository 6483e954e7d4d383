"""From what a user types to the entity they mean: one rule for `-p entity=…`, `docgraph merge`
and `split`, the query page and the Python API.

A URI is taken as it is (it must be known to the store; a merged-away URI still answers). A name
is looked up among the entities' canonical names first, then among their aliases (the exact
spelling first, then any case): the entity in most documents wins, and a name "names N entities"
only when the best ones are mentioned in as many documents as each other (a real tie), listed
with their document counts so the user can pick a URI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from .errors import DocgraphError
from .rdf import entity_graph
from .vocab import SCHEMA

_URI = re.compile(r"^https?://\S+$")


class NotFound(DocgraphError):
    """No entity by that name or URI."""


class Ambiguous(DocgraphError):
    """A name that names several entities equally well."""

    def __init__(self, message: str, choices: list[tuple[str, int]]) -> None:
        super().__init__(message)
        self.choices = choices


@dataclass
class Found:
    uri: str
    name: str
    documents: int


def documents_of(store, uri: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?d {{ ?d schema:mentions {NamedNode(uri)} }} }}",
                       union=False)
    return int(next(iter(rows))["n"].value)


def _with(store, predicate: NamedNode, name: str) -> set[str]:
    """Entities whose ``predicate`` (name or alias) is ``name``: the exact spelling (the store's
    index finds it at once), else in any case."""
    eg = entity_graph(store.base_uri)
    found = {q.subject.value for q in store.raw.quads_for_pattern(None, predicate, Literal(name), eg)}
    if found:
        return found
    wanted = Literal(name)  # written by pyoxigraph: a literal cannot break out of its quotes
    sparql = f"""SELECT DISTINCT ?e WHERE {{ GRAPH {eg} {{ ?e {predicate} ?n }}
                   FILTER(LCASE(STR(?n)) = LCASE({wanted})) }}"""
    return {r["e"].value for r in store.query(sparql, union=False)}


def find_entity(store, ref: str) -> str:
    """The URI ``ref`` stands for (a URI, or a name or alias); ``NotFound`` or ``Ambiguous``."""
    return lookup(store, ref).uri


def lookup(store, ref: str) -> Found:
    ref = ref.strip()
    if _URI.match(ref):
        try:
            node = NamedNode(ref)
        except (ValueError, SyntaxError):
            raise NotFound(f"{ref!r} is not a valid URI") from None
        if next(iter(store.raw.quads_for_pattern(node, None, None, None)), None) is None:
            raise NotFound(f"no entity {ref} in the store")
        return Found(ref, ref.rsplit("/", 1)[-1], documents_of(store, ref))
    for predicate in (SCHEMA.name, SCHEMA.alternateName):
        found = _with(store, predicate, ref)
        if found:
            counted = sorted(((u, documents_of(store, u)) for u in found), key=lambda x: (-x[1], x[0]))
            top = [c for c in counted if c[1] == counted[0][1]]
            if len(top) > 1:
                listed = "; ".join(f"{u} ({n} documents)" for u, n in counted[:10])
                raise Ambiguous(f"{ref!r} names {len(top)} entities mentioned in as many documents, give one "
                                f"URI: {listed}", counted)
            return Found(top[0][0], ref, top[0][1])
    raise NotFound(f"no entity named {ref!r}: give its URI (docgraph query entity -p entity=… shows them)")
