"""Entity resolution across documents: give every entity of an ``Extraction`` its URI, and merge
entities of the store that turn out to be one.

In-document merging (aliases in parentheses, surnames, acronyms, the curated aliases file)
happens in ``extract.py``. Here an entity's URI is minted from its canonical name, so the same
name in two documents is the same node whatever the order of ingest; a weak name (a lone
surname, an acronym) that the store already knows as the alias of exactly one entity of the
same type is linked to that entity; and ``consolidate()`` applies the same rule the other way
round after an ingest (the surname came first, the full name later), recording ``owl:sameAs``.

A merge (``merge_changes``) rewrites one URI into another in every graph — mentions, roles,
figures, quotations and statements keep their document and evidence; each document's
``dg:EntityInDocument`` nodes for the two become one — and derives the survivor's entity-level
triples again: one transaction.
"""

from __future__ import annotations

import os
import signal
from collections import defaultdict

from pyoxigraph import Literal, NamedNode, Quad

from .decisions import Decided, kept_apart, merged_into, record
from .entity_graph import (
    Changes,
    InDocument,
    Facts,
    derive,
    entities_of_documents,
    pending,
    pending_mark,
    read_facts,
    settle_names,
    stored,
)
from .model import Entity, Extraction
from .names import fold, is_acronym, slugify
from .rdf import (
    decisions_graph,
    entity_class,
    entity_graph,
    entity_uri,
    in_document,
    in_document_quads,
    resolution_graph,
    type_segments,
)
from .vocab import DG, OWL, SCHEMA, TYPE_CLASS

__all__ = ["Decided", "consolidate", "entity_uri", "is_weak", "merge", "merge_changes", "merged_into", "resolve"]


def is_weak(entity_type: str, name: str) -> bool:
    """A name that may stand for a longer one: a lone surname or an acronym."""
    return (entity_type == "Person" and len(name.split()) == 1) or is_acronym(name)


def _candidates(store, entity_type: str, name: str) -> set[str]:
    """Entities of this type in the store that carry ``name`` as their name or an alias."""
    eg = entity_graph(store.base_uri)
    cls = TYPE_CLASS[entity_type]
    found: set[str] = set()
    for pred in (SCHEMA.alternateName, SCHEMA.name):
        for q in store.raw.quads_for_pattern(None, pred, Literal(name), eg):
            subj = q.subject
            if isinstance(subj, NamedNode) and next(iter(store.raw.quads_for_pattern(subj, None, cls, eg)), None):
                found.add(subj.value)
    return found


def resolve(ex: Extraction, store, base: str, decided: Decided | None = None) -> Extraction:
    """Set ``uri`` on every entity of ``ex`` (in place) and return it. Merges made earlier (by
    hand or by ``consolidate``) apply to new documents too; pairs kept apart stay apart."""
    decided = decided if decided is not None else Decided.load(store)
    _implied_countries(ex)
    for e in ex.entities:
        e.uri = entity_uri(base, e.type, e.name)
        if store is not None and is_weak(e.type, e.name):
            found = _candidates(store, e.type, e.name) - {e.uri}
            strong = {u for u in found if not u.endswith("/" + slugify(e.name))
                      and frozenset((e.uri, u)) not in decided.apart}
            if len(strong) == 1:
                _join(store, e, strong.pop())
        target = decided.merged.get(e.uri)
        if store is not None and target and target != e.uri:
            _join(store, e, target)
    _merge_same_uri(ex)
    return ex


def _join(store, e: Entity, target: str) -> None:
    """``e`` is the entity at ``target``: its name becomes an alias of the target's name."""
    e.aliases = sorted(set(e.aliases) | {e.name})
    e.uri = target
    e.name = _name_of(store, target) or e.name
    e.aliases = [a for a in e.aliases if a != e.name]


def _implied_countries(ex: Extraction) -> None:
    """A city's country (from the gazetteer) is an entity of the document too, mentioned or not:
    the city is ``schema:containedInPlace`` it."""
    places = {e.name for e in ex.entities if e.type == "Place"}
    for e in list(ex.entities):
        if e.country and e.country not in places:
            same = [e.country_same_as] if e.country_same_as else []
            ex.entities.append(Entity(key=f"country{len(ex.entities)}", type="Place", name=e.country,
                                      subtype="Country", same_as=same))
            places.add(e.country)


def _name_of(store, uri: str) -> str | None:
    q = next(iter(store.raw.quads_for_pattern(NamedNode(uri), SCHEMA.name, None, entity_graph(store.base_uri))), None)
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
            for t, v in e.type_votes.items():
                first.type_votes[t] = first.type_votes.get(t, 0.0) + v
            first.same_as = sorted(set(first.same_as) | set(e.same_as))
            first.country = first.country or e.country
            first.country_same_as = first.country_same_as or e.country_same_as
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
        rel.attributed_to = [remap.get(a, a) for a in rel.attributed_to]
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


# -- merges ---------------------------------------------------------------------------------------

def _finer_ok(main: NamedNode | None, cls: str) -> bool:
    """A class may stay on an entity of type ``main``: the type itself or a class under it."""
    if main is None:
        return True
    if cls == main.value:
        return True
    _, parents = type_segments()
    return parents.get(cls) == main.value


def _combined(nodes: list[InDocument], old: str, new: str) -> InDocument:
    """The ``dg:EntityInDocument`` nodes of ``old`` and ``new`` in one document, as one node of
    ``new``: counts added, ``new``'s name kept (``old``'s becomes an alias), the rest joined."""
    main = entity_class(new)
    first = nodes[0]
    out = InDocument(first.graph, in_document(first.graph, new), new)
    mine = [n for n in nodes if n.entity == new]
    for n in nodes:
        out.count += n.count
        out.aliases |= n.aliases
        if n.name:
            out.aliases.add(n.name)
        out.types |= {c for c in n.types if _finer_ok(main, c)}
        for t, v in n.votes.items():
            out.votes[t] = out.votes.get(t, 0.0) + v
        out.gazetteer |= n.gazetteer
        out.countries |= {c for c in n.countries if c not in (old, new)}
    out.name = (mine[0].name if mine and mine[0].name else first.name)
    out.aliases.discard(out.name)
    if main is not None:
        out.types.add(main.value)
    return out


def _node_quads(n: InDocument) -> list[Quad]:
    return in_document_quads(NamedNode(n.graph), NamedNode(n.node), NamedNode(n.entity), n.count, n.name,
                             n.aliases, [NamedNode(c) for c in sorted(n.types)], n.votes,
                             [NamedNode(g) for g in sorted(n.gazetteer)], [NamedNode(c) for c in sorted(n.countries)])


def merge_changes(store, old: str, new: str) -> Changes:
    """The changes that make ``old`` one entity with ``new``, as one transaction: ``old`` is
    rewritten into ``new`` in every graph but the decisions graph, each document's nodes for the
    two become one, ``new``'s entity-level triples are derived again, and ``old owl:sameAs new``
    goes into the resolution graph."""
    base = store.base_uri
    eg, res, dec = entity_graph(base), resolution_graph(base), decisions_graph(base)
    o, n = NamedNode(old), NamedNode(new)
    facts = read_facts(store, {old, new})
    in_doc = {(x.graph, x.node) for x in facts.nodes}
    out = Changes()

    def swap(term):
        return n if term == o else term

    for q in [*store.raw.quads_for_pattern(o, None, None, None), *store.raw.quads_for_pattern(None, None, o, None)]:
        if q.graph_name == dec or (q.graph_name.value, q.subject.value) in in_doc:
            continue  # a decision names what it was about; the nodes are rebuilt below
        out.remove.append(q)
        if q.graph_name != eg:  # the entity graph of ``new`` is derived below
            out.add.append(Quad(swap(q.subject), q.predicate, swap(q.object), q.graph_name))
        elif q.subject != o:  # a link into ``old`` from another entity
            out.add.append(Quad(q.subject, q.predicate, n, q.graph_name))
    by_graph: dict[str, list[InDocument]] = defaultdict(list)
    for x in facts.nodes:
        by_graph[x.graph].append(x)
    rebuilt: list[InDocument] = []
    for graph, nodes in by_graph.items():
        if not any(x.entity == old for x in nodes):
            rebuilt += nodes
            continue
        for x in nodes:
            out.remove += list(store.raw.quads_for_pattern(NamedNode(x.node), None, None, NamedNode(graph)))
        node = _combined(nodes, old, new)
        rebuilt.append(node)
        out.add += _node_quads(node)
    statements = {(g, new, p, swap(obj) if isinstance(obj, NamedNode) else obj) for g, _, p, obj in facts.statements}
    target = derive(Facts(rebuilt, statements), {new}, base)
    now = stored(store, {new}, base)
    out.remove += sorted(now - target, key=str)
    out.add += sorted(target - now, key=str)
    out.add.append(Quad(o, OWL.sameAs, n, res))
    return out


def merge(store, a: str, b: str, score: float | None = None, *, verdict: bool = True):
    """``a`` is merged into ``b`` (b's URI stands for both from now on), and the decision is
    recorded: one transaction. Returns the decision (None with ``verdict=False``)."""
    changes = merge_changes(store, a, b)
    decision = None
    if verdict:
        decision, recorded = record(store, a, b, "merge", score)
        changes.extend(recorded)
    store.apply(changes)
    return decision


# -- after an ingest ------------------------------------------------------------------------------

def _crash_point(name: str) -> None:
    """Tests kill a real process here (DOCGRAPH_CRASH_AT=name) to prove a step is kill-safe."""
    if os.environ.get("DOCGRAPH_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def find_merges(store) -> dict[str, str]:
    """Weak entities (a lone surname, an acronym) that now have exactly one strong match in the
    store: an entity of the same type carrying that name as an alias, or a person whose full name
    ends with the surname. Returns {old URI: new URI}."""
    base = store.base_uri
    apart = kept_apart(store)
    eg = entity_graph(base)
    by_type: dict[str, list[tuple[str, str]]] = defaultdict(list)
    type_of = {cls.value: t for t, cls in TYPE_CLASS.items()}
    for r in store.query(f"""SELECT ?e ?type ?name WHERE {{ GRAPH {eg} {{
             VALUES ?type {{ schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }}
             ?e a ?type ; schema:name ?name }} }}""", union=False):
        by_type[r["type"].value].append((r["e"].value, r["name"].value))
    mapping: dict[str, str] = {}
    for cls, entities in by_type.items():
        etype = type_of[cls]
        by_surname: dict[str, set[str]] = defaultdict(set)  # full names by their last word
        if etype == "Person":
            for u, nm in entities:
                words = fold(nm).split()
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
    return mapping


def consolidate(store) -> dict[str, str]:
    """Finish the documents written since the last consolidation: merge weak names into the one
    entity they stand for (each merge one transaction), settle canonical names, and clear the
    pending marks (one transaction). Killed part-way, the marks stay and the next ingest
    redoes what is left. Returns {old URI: new URI} for the merges made."""
    docs = pending(store)
    if not docs:
        return {}
    mapping = find_merges(store)
    done: dict[str, str] = {}
    for old, new in mapping.items():
        if old in done or new in done:
            continue  # an earlier merge of this run moved one of them: the next ingest looks again
        _crash_point("consolidate-merge")
        store.apply(merge_changes(store, old, new))
        done[old] = new
    _crash_point("consolidate-names")
    touched = entities_of_documents(store, docs) | set(done.values())
    final = settle_names(store, touched)
    final.remove += [pending_mark(d) for d in docs]
    store.apply(final)
    return done
