"""The entity graph kept in step with the document graphs, one transaction per change.

Each document graph says what that document says about an entity (its ``dg:EntityInDocument``
node: name, aliases, classes, gazetteer entries, country; and its ``rdf:Statement``s). The entity
graph ``{base}/graph/entities`` holds each entity once, and is a function of those:

- the classes: every ``dg:typeInDocument``;
- the canonical ``schema:name``: the name the entity's URI was minted from when some document
  gives it, else the one most documents give (then the longer); a person's without the middle
  names twice as many documents leave out; see ``choose_name``;
- ``schema:alternateName``: every other name and alias the documents give;
- ``owl:sameAs``: every ``dg:gazetteerEntry``; ``schema:containedInPlace``: every
  ``dg:countryInDocument``; ``schema:email``: every ``dg:emailInDocument``;
- the direct links: ``<s> <p> <o>`` for every statement ``rdf:subject <s>; rdf:predicate <p>;
  rdf:object <o>`` in any document graph.

Writing a new document adds what is missing (one transaction with the document's graph and a
"pending" mark in ``urn:docgraph:meta``); replacing or removing one derives the entities it
touched again from the documents that remain and writes the difference (one transaction), so
no entity-level triple outlives the last document that supports it. ``settle_names`` (run by
consolidation for the pending documents) fixes the one thing adding cannot: which of several
names is canonical.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from .names import name_key, slugify, strip_accents
from .rdf import META_GRAPH, META_SUBJECT, entity_class, entity_graph
from .vocab import DG, OWL, RDF, SCHEMA, TYPE_CLASS

MANY = 2000  # above this many entities, names are settled with one grouped query instead of one each


@dataclass
class Changes:
    """One transaction: graphs dropped whole, quads removed, quads added (in that order)."""

    drop: list[NamedNode] = field(default_factory=list)
    remove: list[Quad] = field(default_factory=list)
    add: list[Quad] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.drop or self.remove or self.add)

    def extend(self, other: Changes) -> None:
        self.drop += other.drop
        self.remove += other.remove
        self.add += other.add


# -- what documents say about entities ------------------------------------------------------------

@dataclass
class InDocument:
    """One ``dg:EntityInDocument`` node, as read back."""

    graph: str
    node: str
    entity: str
    count: int = 0
    name: str | None = None
    aliases: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    votes: dict[str, float] = field(default_factory=dict)
    gazetteer: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)


@dataclass
class Facts:
    """Everything the documents say about some entities: their nodes and their statements."""

    nodes: list[InDocument] = field(default_factory=list)
    # (graph, subject, predicate, object) of each statement whose subject is one of the entities
    statements: set[tuple[str, str, str, object]] = field(default_factory=set)


_PROPS = {DG.entity.value: "entity", DG.mentionCount.value: "count", DG.nameInDocument.value: "name",
          DG.aliasInDocument.value: "aliases", DG.typeInDocument.value: "types", DG.typeVotes.value: "votes",
          DG.gazetteerEntry.value: "gazetteer", DG.countryInDocument.value: "countries",
          DG.emailInDocument.value: "emails"}


def _fill(nodes: dict[tuple[str, str], InDocument], graph: str, node: str, pred: str, obj) -> None:
    what = _PROPS.get(pred)
    if what is None:
        return
    item = nodes.setdefault((graph, node), InDocument(graph, node, ""))
    if what == "entity":
        item.entity = obj.value
    elif what == "count":
        item.count = int(obj.value)
    elif what == "name":
        item.name = obj.value
    elif what == "votes":
        try:
            item.votes = {str(k): float(v) for k, v in json.loads(obj.value).items()}
        except (ValueError, AttributeError):
            item.votes = {}
    else:
        getattr(item, what).add(obj.value)


def _iri(uri: str) -> str:
    return str(NamedNode(uri))  # pyoxigraph checks and writes it: nothing can break out of <…>


def read_facts(store, uris: Iterable[str], *, exclude: Iterable[str] = ()) -> Facts:
    """What every document graph (but those in ``exclude``) says about each of ``uris``."""
    skip = set(exclude)
    facts = Facts()
    nodes: dict[tuple[str, str], InDocument] = {}
    for uri in sorted(set(uris)):
        e = _iri(uri)
        for r in store.query(f"SELECT ?g ?x ?p ?o WHERE {{ GRAPH ?g {{ ?x dg:entity {e} ; ?p ?o }} }}", union=False):
            g = r["g"].value
            if g not in skip:
                _fill(nodes, g, r["x"].value, r["p"].value, r["o"])
        for r in store.query(f"""SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{
                                   ?st rdf:subject {e} ; rdf:predicate ?p ; rdf:object ?o }} }}""", union=False):
            g = r["g"].value
            if g not in skip:
                facts.statements.add((g, uri, r["p"].value, r["o"]))
    facts.nodes = [n for n in nodes.values() if n.entity]
    return facts


def facts_in_quads(quads: Iterable[Quad], uris: set[str]) -> Facts:
    """The same, from the quads of a document graph not yet written."""
    facts = Facts()
    nodes: dict[tuple[str, str], InDocument] = {}
    subjects: dict[tuple[str, str], dict[str, object]] = defaultdict(dict)
    for q in quads:
        g = q.graph_name.value
        if q.predicate.value in _PROPS:
            _fill(nodes, g, q.subject.value, q.predicate.value, q.object)
        elif q.predicate in (RDF.subject, RDF.predicate, RDF.object):
            subjects[(g, q.subject.value)][q.predicate.value] = q.object
    facts.nodes = [n for n in nodes.values() if n.entity in uris]
    for (g, _), parts in subjects.items():
        s = parts.get(RDF.subject.value)
        if s is not None and s.value in uris and RDF.predicate.value in parts and RDF.object.value in parts:
            facts.statements.add((g, s.value, parts[RDF.predicate.value].value, parts[RDF.object.value]))
    return facts


# -- the entity graph as a function of the facts --------------------------------------------------

def uri_slug(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def choose_name(uri: str, names: Counter) -> str | None:
    """The canonical name: one the URI was minted from (most documents first), else the one most
    documents give; ties go to the name of more words (the more complete), then the one with less
    punctuation (``Kofi Annan`` before ``Kofi "Annan``), then the longer, then code-point order.
    Spellings that differ only in accents and case count together, and the one with its accents
    is chosen ("António Guterres", however many documents write "Antonio")."""
    if not names:
        return None
    slug = uri_slug(uri)
    minted = [n for n in names if slugify(n) == slug]
    pool = minted or list(names)
    spellings: dict[str, list[str]] = defaultdict(list)
    for n in pool:
        spellings[strip_accents(n).casefold()].append(n)
    support = {k: sum(names[n] for n in group) for k, group in spellings.items()}
    best = min(spellings, key=lambda k: (-support[k], -len(_WORD.findall(k)), len(_PUNCT.findall(k)), -len(k), k))
    chosen = min(spellings[best], key=lambda n: (-sum(ord(c) > 127 for c in n), -names[n], n))
    return _usual_name(chosen, names) if entity_class(uri) == TYPE_CLASS["Person"] else chosen


USUAL = 2  # a person's shorter name needs this many times the documents of the longer one


def _usual_name(chosen: str, names: Counter) -> str:
    """A person's name without the middle names most documents leave out: the URI of Obama's
    node was minted from "Barack Hussein Obama" (the first document's name, 1 document), 18
    documents write "Barack Obama". The given name and the surname stay the same; a middle
    initial is kept ("George W. Bush" is not "George Bush")."""
    full = name_key(chosen).split()
    if len(full) < 3 or any(len(w) == 1 for w in full[1:-1]):
        return chosen
    support: Counter = Counter()
    for n, c in names.items():
        support[name_key(n)] += c
    usual = f"{full[0]} {full[-1]}"
    if support[usual] < USUAL * support[" ".join(full)]:
        return chosen
    return min((n for n in names if name_key(n) == usual),
               key=lambda n: (-sum(ord(c) > 127 for c in n), -names[n], len(_PUNCT.findall(n)), n))


_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[^\w\s]")


def document_name(names: Iterable[str], uri: str) -> str:
    """Of the names one document gives an entity, the one it is known by there: the name the
    entity's URI was minted from, else the one of more words, then code-point order."""
    slug = uri_slug(uri)
    return max(sorted(set(names)), key=lambda n: (slugify(n) == slug, len(n.split())))


def derive(facts: Facts, uris: Iterable[str], base: str) -> set[Quad]:
    """The entity-graph quads of ``uris`` (as subjects) that ``facts`` support."""
    eg = entity_graph(base)
    wanted = set(uris)
    by_entity: dict[str, list[InDocument]] = defaultdict(list)
    for n in facts.nodes:
        if n.entity in wanted:
            by_entity[n.entity].append(n)
    out: set[Quad] = set()
    for uri, nodes in by_entity.items():
        e = NamedNode(uri)
        names = Counter(n.name for n in nodes if n.name)
        name = choose_name(uri, names)
        for n in nodes:
            for cls in n.types:
                out.add(Quad(e, RDF.type, NamedNode(cls), eg))
            for same in n.gazetteer:
                out.add(Quad(e, OWL.sameAs, NamedNode(same), eg))
            for c in n.countries:
                if c != uri:
                    out.add(Quad(e, SCHEMA.containedInPlace, NamedNode(c), eg))
            for m in n.emails:
                out.add(Quad(e, SCHEMA.email, Literal(m), eg))
        if name is not None:
            out.add(Quad(e, SCHEMA.name, Literal(name), eg))
        for alias in set(names) | {a for n in nodes for a in n.aliases}:
            if alias != name:
                out.add(Quad(e, SCHEMA.alternateName, Literal(alias), eg))
    for _, s, p, o in facts.statements:
        if s in by_entity:
            out.add(Quad(NamedNode(s), NamedNode(p), o, eg))
    return out


def stored(store, uris: Iterable[str], base: str) -> set[Quad]:
    """The entity-graph quads whose subject is one of ``uris``, as stored."""
    eg = entity_graph(base)
    out: set[Quad] = set()
    for uri in set(uris):
        out.update(store.raw.quads_for_pattern(NamedNode(uri), None, None, eg))
    return out


def rederive(store, uris: Iterable[str], *, exclude: Iterable[str] = (), extra: Facts | None = None) -> Changes:
    """The changes that make the entity graph of ``uris`` what the documents say (leaving out the
    graphs in ``exclude``, adding the ``extra`` facts of a document about to be written)."""
    uris = set(uris)
    if not uris:
        return Changes()
    facts = read_facts(store, uris, exclude=exclude)
    if extra is not None:
        facts.nodes += [n for n in extra.nodes if n.entity in uris]
        facts.statements |= {s for s in extra.statements if s[1] in uris}
    target = derive(facts, uris, store.base_uri)
    now = stored(store, uris, store.base_uri)
    return Changes(remove=sorted(now - target, key=str), add=sorted(target - now, key=str))


# -- writing and removing documents ---------------------------------------------------------------

def pending_mark(doc: str) -> Quad:
    return Quad(META_SUBJECT, DG.pendingDocument, NamedNode(doc), META_GRAPH)


def pending(store) -> list[str]:
    """Documents written since the last consolidation finished."""
    return sorted(q.object.value for q in store.raw.quads_for_pattern(META_SUBJECT, DG.pendingDocument, None,
                                                                       META_GRAPH))


def _entities_of(store, graphs: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for g in graphs:
        node = NamedNode(g)
        out.update(q.object.value for q in store.raw.quads_for_pattern(None, DG.entity, None, node))
    return out


def document_changes(store, uri: str, quads: list[Quad], replaces: Iterable[str] = ()) -> Changes:
    """Write the document graph ``uri`` (``quads``: its own and the entity-graph quads it
    supports, as ``rdf.extraction_to_quads`` gives them), dropping the graphs it ``replaces``."""
    eg = entity_graph(store.base_uri)
    g = NamedNode(uri)
    own = [q for q in quads if q.graph_name == g]
    entity_level = [q for q in quads if q.graph_name == eg]
    old = [r for r in dict.fromkeys([uri, *replaces]) if store.has_graph(r)]
    changes = Changes(drop=[NamedNode(r) for r in old], add=list(own))
    changes.add.append(pending_mark(uri))
    changes.remove += [pending_mark(r) for r in old if r != uri]
    # the entities the dropped graphs spoke of are derived again, this document included
    touched = _entities_of(store, old)
    if touched:
        mine = {q.object.value for q in own if q.predicate == DG.entity}
        changes.extend(rederive(store, touched, exclude=old, extra=facts_in_quads(own, touched | mine)))
    entity_level = [q for q in entity_level if q.subject.value not in touched]
    changes.extend(_additions(store, entity_level))
    return changes


def _additions(store, quads: list[Quad]) -> Changes:
    """Entity-graph quads of a new document, added to what is stored: a name that is not the
    stored one becomes an alias, unless only it was minted into the URI."""
    out = Changes()
    if not quads:
        return out
    eg = quads[0].graph_name
    names = {q.subject: q.object for q in quads if q.predicate == SCHEMA.name}
    stored_names = _stored_names(store, eg, list(names))
    canonical: dict[NamedNode, Literal] = {}
    for e, name in names.items():
        have = stored_names.get(e)
        if have is None or have == name:
            canonical[e] = name
            continue
        slug = uri_slug(e.value)
        if slugify(name.value) == slug and slugify(have.value) != slug:
            canonical[e] = name  # the name the URI stands for arrives: it is canonical from now on
            out.remove += [Quad(e, SCHEMA.name, have, eg), Quad(e, SCHEMA.alternateName, name, eg)]
            out.add.append(Quad(e, SCHEMA.alternateName, have, eg))
        else:
            canonical[e] = have
    for q in quads:
        if q.predicate == SCHEMA.name:
            if canonical.get(q.subject) == q.object:
                out.add.append(q)
            else:
                out.add.append(Quad(q.subject, SCHEMA.alternateName, q.object, q.graph_name))
        elif q.predicate == SCHEMA.alternateName and canonical.get(q.subject) == q.object:
            continue
        else:
            out.add.append(q)
    removed = set(out.remove)
    out.add = [q for q in dict.fromkeys(out.add) if q not in removed]
    return out


def _stored_names(store, eg: NamedNode, entities: list[NamedNode]) -> dict[NamedNode, Literal]:
    """The stored canonical name of each entity that has one: one query for them all."""
    if not entities:
        return {}
    values = " ".join(str(e) for e in entities)
    rows = store.query(f"SELECT ?e ?n WHERE {{ VALUES ?e {{ {values} }} GRAPH {eg} {{ ?e schema:name ?n }} }}",
                       union=False)
    return {r["e"]: r["n"] for r in rows}


def removal_changes(store, uris: Iterable[str]) -> Changes:
    """Drop documents, and every entity-level triple that only they supported."""
    old = [u for u in dict.fromkeys(uris) if store.has_graph(u)]
    changes = Changes(drop=[NamedNode(u) for u in old], remove=[pending_mark(u) for u in old])
    changes.extend(rederive(store, _entities_of(store, old), exclude=old))
    return changes


# -- canonical names after an ingest --------------------------------------------------------------

def names_in_documents(store, uris: set[str]) -> dict[str, Counter]:
    """entity URI -> how many documents give each name, for ``uris``."""
    out: dict[str, Counter] = defaultdict(Counter)
    if len(uris) > MANY:
        for r in store.query("""SELECT ?e ?n (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?x dg:entity ?e ;
                                  dg:nameInDocument ?n } } GROUP BY ?e ?n""", union=False):
            if r["e"].value in uris:
                out[r["e"].value][r["n"].value] += int(r["c"].value)
        return out
    for uri in uris:
        for r in store.query(f"""SELECT ?n (COUNT(*) AS ?c) WHERE {{ GRAPH ?g {{ ?x dg:entity {_iri(uri)} ;
                                  dg:nameInDocument ?n }} }} GROUP BY ?n""", union=False):
            out[uri][r["n"].value] += int(r["c"].value)
    return out


def settle_names(store, uris: set[str]) -> Changes:
    """Make each entity's canonical name the one ``choose_name`` picks from all its documents."""
    eg = entity_graph(store.base_uri)
    out = Changes()
    for uri, names in names_in_documents(store, uris).items():
        e = NamedNode(uri)
        want = choose_name(uri, names)
        have = [q for q in store.raw.quads_for_pattern(e, SCHEMA.name, None, eg)]
        if want is None or [q.object.value for q in have] == [want]:
            continue
        for q in have:
            out.remove.append(q)
            out.add.append(Quad(e, SCHEMA.alternateName, q.object, eg))
        out.remove.append(Quad(e, SCHEMA.alternateName, Literal(want), eg))
        out.add.append(Quad(e, SCHEMA.name, Literal(want), eg))
    return out


def entities_of_documents(store, docs: Iterable[str]) -> set[str]:
    return _entities_of(store, docs)


# -- checking -------------------------------------------------------------------------------------

def all_entities(store) -> set[str]:
    eg = entity_graph(store.base_uri)
    out = {q.subject.value for q in store.raw.quads_for_pattern(None, RDF.type, None, eg)}
    out |= {q.object.value for q in store.raw.quads_for_pattern(None, DG.entity, None, None)}
    return out


def differences(store) -> tuple[set[Quad], set[Quad]]:
    """(stored but unsupported, supported but missing) entity-graph quads, over the whole store:
    both empty when the entity graph is what the documents say."""
    uris = all_entities(store)
    target = derive(read_facts(store, uris), uris, store.base_uri)
    eg = entity_graph(store.base_uri)
    now = set(store.raw.quads_for_pattern(None, None, None, eg))
    return now - target, target - now
