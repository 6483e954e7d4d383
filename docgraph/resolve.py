"""Entity resolution across documents: give every entity of an ``Extraction`` its URI.

In-document merging (aliases in parentheses, surnames, acronyms, the curated aliases file)
happens in ``extract.py``. Here an entity's URI is minted from its canonical name, so the same
name in two documents is the same node whatever the order of ingest; a weak name (a lone
surname, an acronym) that the store already knows as the alias of exactly one entity of the
same type is linked to that entity; and ``consolidate()`` applies the same rule the other way
round after an ingest (the surname came first, the full name later), recording ``owl:sameAs``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from .model import ENTITY_TYPES, Entity, Extraction
from .names import fold, is_acronym, slugify
from .store import GraphStore
from .vocab import OWL, SCHEMA, TYPE_CLASS


def entity_uri(base: str, entity_type: str, name: str) -> str:
    return f"{base}/id/{ENTITY_TYPES[entity_type]}/{slugify(name)}"


def resolution_graph(base: str) -> NamedNode:
    return NamedNode(f"{base}/graph/resolution")


def is_weak(entity_type: str, name: str) -> bool:
    """A name that may stand for a longer one: a lone surname or an acronym."""
    return (entity_type == "Person" and len(name.split()) == 1) or is_acronym(name)


def _candidates(store: GraphStore, entity_type: str, name: str) -> set[str]:
    """Entities of this type in the store that carry ``name`` as their name or an alias."""
    cls = TYPE_CLASS[entity_type]
    found: set[str] = set()
    for pred in (SCHEMA.alternateName, SCHEMA.name):
        for q in store.raw.quads_for_pattern(None, pred, Literal(name), None):
            subj = q.subject
            if isinstance(subj, NamedNode) and next(
                iter(store.raw.quads_for_pattern(subj, None, cls, q.graph_name)), None
            ):
                found.add(subj.value)
    return found


@dataclass
class Decided:
    """What earlier merges and decisions say, read once per ingest: merged-away URI -> the URI
    that stands for it, and the pairs a person kept apart."""

    merged: dict[str, str] = field(default_factory=dict)
    apart: set[frozenset[str]] = field(default_factory=set)

    @classmethod
    def load(cls, store: GraphStore | None) -> Decided:
        if store is None:
            return cls()
        from .review import decisions

        merged, apart = merged_into(store), set()
        for d in decisions(store):  # the curated file and the recorded decisions, one list
            pair = frozenset((d.a, d.b))
            if d.verdict == "merge":
                merged.setdefault(d.a, d.b)
                apart.discard(pair)
            else:
                apart.add(pair)
                if merged.get(d.a) == d.b:
                    del merged[d.a]
        return cls(merged, apart)


def merged_into(store: GraphStore) -> dict[str, str]:
    """Every merged-away URI -> the URI that stands for it now (chains followed to the end)."""
    res = resolution_graph(store.base_uri)
    direct = {q.subject.value: q.object.value for q in store.raw.quads_for_pattern(None, OWL.sameAs, None, res)
              if isinstance(q.subject, NamedNode) and isinstance(q.object, NamedNode)}
    out = {}
    for old in direct:
        seen, new = {old}, direct[old]
        while new in direct and new not in seen:
            seen.add(new)
            new = direct[new]
        out[old] = new
    return out


def resolve(ex: Extraction, store: GraphStore | None, base: str, decided: Decided | None = None) -> Extraction:
    """Set ``uri`` on every entity of ``ex`` (in place) and return it. Merges made earlier (by
    hand or by ``consolidate``) apply to new documents too; pairs kept apart stay apart."""
    decided = decided if decided is not None else Decided.load(store)
    for e in ex.entities:
        e.uri = entity_uri(base, e.type, e.name)
        if store is not None and is_weak(e.type, e.name):
            found = _candidates(store, e.type, e.name) - {e.uri}
            strong = {u for u in found if not u.endswith("/" + slugify(e.name))
                      and frozenset((e.uri, u)) not in decided.apart}
            if len(strong) == 1:
                target = strong.pop()
                e.aliases = sorted(set(e.aliases) | {e.name})
                e.uri = target
                e.name = _name_of(store, target) or e.name
                e.aliases = [a for a in e.aliases if a != e.name]
        target = decided.merged.get(e.uri)
        if store is not None and target and target != e.uri:
            e.aliases = sorted(set(e.aliases) | {e.name})
            e.uri = target
            e.name = _name_of(store, target) or e.name
            e.aliases = [a for a in e.aliases if a != e.name]
    _merge_same_uri(ex)
    return ex


def _name_of(store: GraphStore, uri: str) -> str | None:
    q = next(iter(store.raw.quads_for_pattern(NamedNode(uri), SCHEMA.name, None, None)), None)
    return q.object.value if q else None


def _merge_same_uri(ex: Extraction) -> None:
    """Two in-document entities that resolved to one URI become one entity."""
    seen: dict[str, Entity] = {}
    remap: dict[str, str] = {}
    kept: list[Entity] = []
    for e in ex.entities:
        assert e.uri is not None
        if e.uri in seen:
            first = seen[e.uri]
            first.mentions.extend(e.mentions)
            first.aliases = sorted((set(first.aliases) | set(e.aliases) | {e.name}) - {first.name})
            remap[e.key] = first.key
        else:
            seen[e.uri] = e
            kept.append(e)
    if not remap:
        return
    ex.entities = kept
    for rel in ex.relations:
        rel.subject = remap.get(rel.subject, rel.subject)
        if rel.obj:
            rel.obj = remap.get(rel.obj, rel.obj)
    for role in ex.roles:
        role.person = remap.get(role.person, role.person)
        if role.organization:
            role.organization = remap.get(role.organization, role.organization)
    for fig in ex.figures:
        if fig.event:
            fig.event = remap.get(fig.event, fig.event)
        for att in fig.attributions:
            att.agent = remap.get(att.agent, att.agent)
    for q in ex.quotations:
        if q.speaker:
            q.speaker = remap.get(q.speaker, q.speaker)


def consolidate(store: GraphStore) -> dict[str, str]:
    """Rewrite weak entities (a lone surname, an acronym) that now have exactly one strong
    match in the store (an entity of the same type carrying that name as an alias, or a
    person whose full name ends with the surname). Returns {old URI: new URI}.

    The old URI stays citable: ``old owl:sameAs new`` goes into the resolution graph.
    """
    from .review import kept_apart

    base = store.base_uri
    apart = kept_apart(store)
    rows = store.query(
        """SELECT DISTINCT ?e ?type ?name WHERE { GRAPH ?doc {
             VALUES ?type { schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }
             ?e a ?type ; schema:name ?name .
           } }"""
    )
    by_type: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        by_type[row["type"].value].append((row["e"].value, row["name"].value))
    type_of = {cls.value: t for t, cls in TYPE_CLASS.items()}
    mapping: dict[str, str] = {}
    for cls, entities in by_type.items():
        etype = type_of[cls]
        by_surname: dict[str, set[str]] = defaultdict(set)  # full names by their last word
        if etype == "Person":
            for u, n in entities:
                words = fold(n).split()
                if len(words) > 1:
                    by_surname[words[-1]].add(u)
        for uri, name in entities:
            if not is_weak(etype, name) or uri != entity_uri(base, etype, name):
                continue
            strong = _candidates(store, etype, name) - {uri}
            if etype == "Person":
                strong |= by_surname.get(fold(name), set()) - {uri}
            strong = {u for u in strong if frozenset((uri, u)) not in apart}
            if len(strong) == 1:
                mapping[uri] = strong.pop()
    if mapping:
        _rewrite(store, mapping)
    return mapping


def _rewrite(store: GraphStore, mapping: dict[str, str]) -> None:
    """Replace URIs in every document graph; old names become aliases of the new node."""
    res_graph = resolution_graph(store.base_uri)
    decisions = NamedNode(f"{store.base_uri}/graph/decisions")
    removals: list[Quad] = []
    additions: list[Quad] = []
    for old, new in mapping.items():
        o, n = NamedNode(old), NamedNode(new)
        for q in store.raw.quads_for_pattern(o, None, None, None):
            removals.append(q)
            if q.predicate == SCHEMA.name:
                additions.append(Quad(n, SCHEMA.alternateName, q.object, q.graph_name))
                name = _name_of(store, new)
                if name:
                    additions.append(Quad(n, SCHEMA.name, Literal(name), q.graph_name))
            else:
                additions.append(Quad(n, q.predicate, q.object, q.graph_name))
        for q in store.raw.quads_for_pattern(None, None, o, None):
            if q.graph_name == decisions:
                continue  # a decision names the entities it was about, as they were
            removals.append(q)
            additions.append(Quad(q.subject, q.predicate, n, q.graph_name))
        additions.append(Quad(o, OWL.sameAs, n, res_graph))
    store.remove_quads(removals)
    store.add_quads(additions)
