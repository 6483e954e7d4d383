"""Entity resolution across documents, one document at a time: give every entity of an
``Extraction`` its URI.

In-document merging (titles, surnames, aliases in parentheses, acronyms, the curated aliases
file) happens in extraction. Here each entity is matched against what the store already holds
(a ``NameIndex``), in this order:

1. a merge decided earlier (by a person, the curated file, or consolidation) applies;
2. a gazetteer entry (GeoNames) the store knows is that entity;
3. the same name (folded) is the same entity; when the store holds it under another type, the
   type with the most evidence wins — the store's documents, plus this document's share of its
   own votes — unless this document's evidence for its own type is strong (then it is another
   thing of the same name, and ``docgraph review`` shows the pair);
4. a lone surname ("Zarif"; also one the model typed as a place or organisation) joins the one
   full name the store knows it as, or the one the documents attest far more than any other
   (longer forms such as "Javad Zarif" get their own URI until consolidation merges them);
5. an acronym or a lone surname that the store knows as the alias of exactly one entity of the
   same type joins it;
6. otherwise the URI is minted from the name: the same name is the same node whatever the order
   of ingest.

``merges.consolidate`` applies the same rules the other way round after an ingest (the full name
came later), and merges what the store as a whole says is one.
"""

from __future__ import annotations

from collections import Counter

from pyoxigraph import Literal, NamedNode

from .decisions import Decided, merged_into
from .entity_graph import document_name
from .model import ENTITY_TYPES, Entity, Extraction
from .name_index import NameIndex, tokens
from .names import is_acronym, slugify
from .rdf import entity_graph, entity_uri, subtype_class
from .vocab import SCHEMA, TYPE_CLASS

__all__ = ["Decided", "NameIndex", "entity_uri", "is_weak", "merged_into", "resolve"]

TYPE_OF_SEGMENT = {segment: etype for etype, segment in ENTITY_TYPES.items()}
DOMINANCE = 3.0  # a partial name joins the best-attested full name when it has this many times the documents
STRONG_SHARE = 0.9  # a document is sure of a type when this share of its votes says so ...
STRONG_WEIGHT = 6.0  # ... and they weigh this much (two cue- or gazetteer-backed mentions)


def is_weak(entity_type: str, name: str) -> bool:
    """A name that may stand for a longer one: a lone surname or an acronym."""
    return (entity_type == "Person" and len(name.split()) == 1) or is_acronym(name)


def sure_of(e: Entity) -> bool:
    """This document's own evidence for ``e.type`` is strong (see STRONG_SHARE, STRONG_WEIGHT)."""
    votes = e.type_votes or {e.type: float(len(e.mentions))}
    total = sum(votes.values())
    return total > 0 and votes.get(e.type, 0.0) / total >= STRONG_SHARE and votes.get(e.type, 0.0) >= STRONG_WEIGHT


def _candidates(store, entity_type: str, name: str) -> set[str]:
    """Entities of this type in the store that carry ``name`` as their name or an alias (for a
    store resolved without an index: a running server's hand-offs)."""
    eg = entity_graph(store.base_uri)
    cls = TYPE_CLASS[entity_type]
    found: set[str] = set()
    for pred in (SCHEMA.alternateName, SCHEMA.name):
        for q in store.raw.quads_for_pattern(None, pred, Literal(name), eg):
            subj = q.subject
            if isinstance(subj, NamedNode) and next(iter(store.raw.quads_for_pattern(subj, None, cls, eg)), None):
                found.add(subj.value)
    return found


def resolve(ex: Extraction, store, base: str, decided: Decided | None = None,
            index: NameIndex | None = None) -> Extraction:
    """Set ``uri`` on every entity of ``ex`` (in place) and return it. With ``index`` (the
    store's entities, see ``NameIndex``), the rules above; without it (a running server's
    hand-off), the same name and type make the same node and weak names join their one alias.
    Merges made earlier apply to new documents too; pairs kept apart stay apart."""
    decided = decided if decided is not None else Decided.load(store)
    _role_votes(ex)
    for e in ex.entities:
        _resolve_one(e, store, base, decided, index)
    before = len(ex.entities)
    _implied_countries(ex)  # of the entities that are still places
    for e in ex.entities[before:]:
        _resolve_one(e, store, base, decided, index)
    _merge_same_uri(ex)
    return ex


def _resolve_one(e: Entity, store, base: str, decided: Decided, index: NameIndex | None) -> None:
    e.uri = entity_uri(base, e.type, e.name)
    target = decided.merged.get(e.uri)
    if target is None and index is not None:
        target = match(index, e, decided)
    elif target is None and store is not None and is_weak(e.type, e.name):
        found = _candidates(store, e.type, e.name) - {e.uri}
        strong = {u for u in found if not u.endswith("/" + slugify(e.name))
                  and frozenset((e.uri, u)) not in decided.apart}
        target = strong.pop() if len(strong) == 1 else None
    target = decided.merged.get(target, target) if target else None
    if target and target != e.uri:
        _join(e, target)


def match(index: NameIndex, e: Entity, decided: Decided) -> str | None:
    """The URI of the entity the store already holds that ``e`` is, or None (mint a new one)."""
    minted = e.uri
    ok = lambda u: u != minted and frozenset((minted, u)) not in decided.apart
    best = lambda uris: max(uris, key=lambda u: (index.entities[u].docs, u))
    same = {u for u in index.same_as(e.same_as) if ok(u)}
    if same:
        return best(same)
    named = index.named(e.name)
    if named:
        if minted in named and index.entities[minted].type == e.type and sure_of(e):
            return None  # this document is sure, and the store knows the name under this type
        by_type: Counter = Counter()
        for u in named:
            by_type[index.entities[u].type] += index.entities[u].docs
        votes = e.type_votes or {e.type: 1.0}
        total = sum(votes.values()) or 1.0
        for t, v in votes.items():
            by_type[t] += v / total  # this document counts as one, split by its own votes
        etype = max(by_type, key=lambda t: (by_type[t], t == e.type))
        if etype != e.type and sure_of(e):
            etype = e.type  # another thing of the same name: both stay, and review shows them
        of_type = {u for u in named if index.entities[u].type == etype}
        if of_type:
            chosen = best(of_type)
            return chosen if ok(chosen) or chosen == minted else None
        return None
    # a lone surname joins its full name now; a fuller form ("Javad Zarif", "Donald J. Trump") is
    # minted, and consolidation decides which complete name survives
    if len(tokens(e.name)) == 1 and not is_acronym(e.name) and (e.type == "Person" or not sure_of(e)):
        fuller = {u for u in index.fuller(e.name) if ok(u)}
        target = dominant(index, fuller)
        if target is not None:
            return target
    if is_weak(e.type, e.name):
        alias = {u for u in index.known_as(e.name) if index.entities[u].type == e.type and ok(u)
                 and not u.endswith("/" + slugify(e.name))}
        if len(alias) == 1:
            return alias.pop()
    return None


def dominant(index: NameIndex, fuller: set[str]) -> str | None:
    """Of the full names a shorter form may stand for, the one it does stand for (see
    ``NameIndex.dominant``): the best-attested complete name of that person; None for a tie."""
    group = index.dominant(fuller, DOMINANCE)
    if not group:
        return None
    return max(group, key=lambda u: (index.entities[u].complete, index.entities[u].docs,
                                     len(tokens(index.entities[u].name)), u))


def _join(e: Entity, target: str) -> None:
    """``e`` is the entity at ``target``: it takes the target's URI and type (a finer class stays
    only when it belongs under that type). Its name stays what this document calls it (the
    entity graph keeps the target's canonical name and adds this one as an alias)."""
    e.uri = target
    etype = TYPE_OF_SEGMENT.get(target.rsplit("/", 2)[-2])
    if etype is not None and etype != e.type:
        _retype(e, etype)


def _retype(e: Entity, etype: str) -> None:
    """``e`` is of type ``etype`` after all: a finer class stays only when it belongs under that
    type, and what the gazetteer said of it as a place (GeoNames entry, country) goes when it is
    no place."""
    if e.subtype and subtype_class(etype, e.subtype) is None:
        e.subtype = None
    e.type = etype
    if etype != "Place":
        e.same_as, e.country, e.country_same_as = [], None, None


ROLE_WEIGHT = 3.0  # a title held ("the late Asma Jahangir, former Special Rapporteur") weighs as a cue


def _role_votes(ex: Extraction) -> None:
    """A title is evidence of type: who holds a role is a person, where it is held an
    organisation. Each role adds ROLE_WEIGHT to the entity's votes in this document, and an
    entity whose votes now favour another type takes it (its URI is minted for that type)."""
    votes: dict[str, Counter] = {}
    for role in ex.roles:
        votes.setdefault(role.person, Counter())["Person"] += ROLE_WEIGHT
        if role.organization:
            votes.setdefault(role.organization, Counter())["Organization"] += ROLE_WEIGHT
    for e in ex.entities:
        if e.key not in votes:
            continue
        merged = Counter(e.type_votes or {e.type: float(len(e.mentions))})
        merged.update(votes[e.key])
        e.type_votes = dict(merged)
        best = max(merged, key=lambda t: (merged[t], t == e.type))
        if best != e.type and best in TYPE_OF_SEGMENT.values():
            _retype(e, best)


def _implied_countries(ex: Extraction) -> None:
    """A city's country (from the gazetteer) is an entity of the document too, mentioned or not:
    the city is ``schema:containedInPlace`` it."""
    places = {e.name for e in ex.entities if e.type == "Place"}
    for e in list(ex.entities):
        if e.type == "Place" and e.country and e.country not in places:
            same = [e.country_same_as] if e.country_same_as else []
            ex.entities.append(Entity(key=f"country{len(ex.entities)}", type="Place", name=e.country,
                                      subtype="Country", same_as=same))
            places.add(e.country)


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
            names = {first.name, e.name}
            first.name = document_name(names, e.uri)
            first.aliases = sorted((set(first.aliases) | set(e.aliases) | names) - {first.name})
            for t, v in e.type_votes.items():
                first.type_votes[t] = first.type_votes.get(t, 0.0) + v
            first.same_as = sorted(set(first.same_as) | set(e.same_as))
            first.country = first.country or e.country
            first.country_same_as = first.country_same_as or e.country_same_as
            first.email = first.email or e.email
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


