"""What the store knows about one entity or document, gathered for its page and its RDF.

Every query writes the entity in as an RDF term pyoxigraph has checked (``_query``); no text
taken from a request is ever pasted into SPARQL. An entity's page is a summary: what the documents
say of it grouped into statements (a role at an organisation, a relation to another entity, one
quotation), each with the number of documents that say it, when, and their sentences.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import NamedNode, Quad

from ..decisions import merged_into
from ..model import ENTITY_TYPES
from ..rdf import resolution_graph
from ..statement_index import SECTIONS, SENTENCES_SHOWN
from ..vocab import DG, NIF, OWL, RDF, SCHEMA

TYPE_OF_SEGMENT = {seg: name for name, seg in ENTITY_TYPES.items()}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,200}$")
_HASH = re.compile(r"^[0-9a-f]{16}$")
DOCUMENTS_PER_PAGE = 20  # source documents listed on one page of an entity's documents
MAX_SENTENCES = SENTENCES_SHOWN  # sentences shown per source document
MAX_TEXT = 200_000  # characters of a document shown on its page


@lru_cache(maxsize=1)
def entity_classes() -> tuple[str, ...]:
    """The classes an entity can have: docgraph's five and the finer ones of types.ttl."""
    from ..rdf import type_segments
    from ..vocab import TYPE_CLASS

    segments, parents = type_segments()
    return tuple(sorted({c.value for c in TYPE_CLASS.values()} | set(segments) | set(parents)))


def entity_path_ok(kind: str, slug: str) -> bool:
    """Only the URI shapes docgraph mints: no traversal, no surprises."""
    if kind == "document":
        return bool(_HASH.match(slug))
    return kind in TYPE_OF_SEGMENT and bool(_SLUG.match(slug))


@lru_cache(maxsize=1)
def property_labels() -> dict[str, str]:
    """rdfs:label of docgraph's own properties, from ontology/docgraph.ttl."""
    import rdflib

    from ..resources import resource_dir

    g = rdflib.Graph()
    g.parse(resource_dir("ontology") / "docgraph.ttl", format="turtle")
    return {str(s): str(o) for s, o in g.subject_objects(rdflib.RDFS.label)}


@lru_cache(maxsize=4096)
def label_of_property(uri: str) -> str:
    known = property_labels().get(uri)
    if known:
        return known
    local = re.split(r"[#/]", uri)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


def _query(store, sparql: str, **terms: NamedNode):
    """Run ``sparql`` with each ``?name`` replaced by its term as pyoxigraph writes it (an IRI in
    angle brackets that it has checked: nothing from a request can break out of it). Written in,
    the store's indexes find the entity at once; bound in a VALUES block, these queries took
    seconds on a 14-million-quad store."""
    for name, term in terms.items():
        if not isinstance(term, NamedNode):
            raise TypeError("only IRIs are written into a page's queries")
        sparql = re.sub(rf"\?{name}\b", lambda _m, t=str(term): t, sparql)
    return store.query(sparql, union=False)


def _v(term) -> str | None:
    return None if term is None else term.value


def _commonest(counts: Counter) -> str:
    """The most frequent of ``counts``, ties broken by the text (not by the order rows came in)."""
    return min(counts, key=lambda k: (-counts[k], k))


def exists(store, uri: str) -> bool:
    node = NamedNode(uri)
    return next(iter(store.raw.quads_for_pattern(node, None, None, None)), None) is not None


def merged_target(store, uri: str) -> str | None:
    """The entity a merged-away URI now stands for (its data moved there), else None."""
    node = NamedNode(uri)
    res = resolution_graph(store.base_uri)
    target = next(iter(store.raw.quads_for_pattern(node, OWL.sameAs, None, res)), None)
    if target is None:
        return None
    for q in store.raw.quads_for_pattern(node, None, None, None):
        if q.graph_name != res:
            return None  # still described in some document: it is not merely an old name
    return merged_into(store).get(uri, target.object.value)


# -- an entity's page: what the documents say of it, grouped, with the sources of each group ------

_UNREAD = object()


@dataclass
class Evidence:
    """One document's word for a grouped statement: the statement's node in the document's
    graph, when, and (once a page shows it, ``read_sentences``) its sentence."""
    document: str
    node: str | None
    date: str | None
    sentence: object = _UNREAD  # str, None (the statement has none), or _UNREAD


@dataclass
class Group:
    """Statements that say one thing (a role with its organisation, a relation to one entity, one
    quotation), with every source that says it. ``documents`` counts a reprint as its original."""
    key: tuple
    label: str = ""  # a role's title, a relation's label, a quotation's words
    other: str | None = None  # the entity at the other end (organisation, related entity, work)
    other_name: str | None = None
    direction: str = "out"
    flags: Counter = field(default_factory=Counter)  # former, late, acting, elect: how many sources say so
    documents: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def sources(self) -> int:
        return len(self.documents)

    @property
    def first(self) -> str | None:
        return min(self.dates) if self.dates else None

    @property
    def last(self) -> str | None:
        return max(self.dates) if self.dates else None

    def shown(self) -> list[Evidence]:
        """The evidence a page shows: one sentence per document, newest first, at most MAX_EVIDENCE."""
        if "shown" in self.extra:
            return self.extra["shown"]
        seen: set[str] = set()
        out = []
        for ev in sorted(self.evidence, key=lambda x: (x.date or "", x.document, x.node or ""), reverse=True):
            if ev.document in seen:
                continue
            seen.add(ev.document)
            out.append(ev)
            if len(out) == MAX_EVIDENCE:
                break
        self.extra["shown"] = out
        return out


@dataclass
class DocumentRef:
    uri: str
    title: str
    date: str | None
    source: str
    original: str  # itself, or the document it reprints
    sentences: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # the page of each sentence (documents with pages)


@dataclass
class EntityView:
    uri: str
    exists: bool
    names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    same_as: str | None = None  # merged into this entity
    merged_from: list[str] = field(default_factory=list)
    roles: list[Group] = field(default_factory=list)  # roles it holds: (title, organisation)
    members: list[Group] = field(default_factory=list)  # roles held at this organisation: (person, title)
    relations: list[Group] = field(default_factory=list)  # (direction, property, other entity)
    works: list[Group] = field(default_factory=list)  # (direction, property, the work's name)
    figures: list[Group] = field(default_factory=list)  # (event, what is counted, value)
    contested: list[dict] = field(default_factory=list)  # {event, counts, values: [Group]}
    quotations: list[Group] = field(default_factory=list)  # the words, once
    documents: list[DocumentRef] = field(default_factory=list)  # originals, newest first
    reprints: int = 0
    titles: dict[str, str] = field(default_factory=dict)  # document URI -> title, reprints too
    cut: list[str] = field(default_factory=list)  # lists that met MAX_ROWS

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.uri.rsplit("/", 1)[-1]

    @property
    def document_count(self) -> int:
        return len(self.documents)

    @property
    def segment(self) -> str:
        return self.uri.rsplit("/", 2)[-2]


_NAME, _ALIAS, _TYPE, _MENTIONS = SCHEMA.name, SCHEMA.alternateName, RDF.type, SCHEMA.mentions
MAX_EVIDENCE = 5  # sentences shown under one group
GROUPS_SHOWN = 25  # groups a section shows before "show all"
MAX_ROWS = 20_000  # statements read per section of a page (the canned queries give them all)
_DESCRIBED = re.compile(r"\s+\((?:[0-9a-f]{8}|\d{4}(?:-\d\d){0,2})\)$")  # "Statement by X (1a2b3c4d)"


def _norm(text: str) -> str:
    """Titles that differ only in case, spacing or punctuation are one ("Secretary-General",
    "Secretary General")."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _quote_key(text: str) -> str:
    """Quotations that differ only in case, spacing, punctuation or articles are one (reports
    of one statement write "in a context of a global pandemic" and "in the context of global
    pandemic")."""
    return " ".join(w for w in re.split(r"[\W_]+", text.casefold()) if w and w not in ("a", "an", "the"))


def work_family(name: str) -> str:
    """A descriptive work's name without the date or hash that tells one document's apart."""
    return _DESCRIBED.sub("", name)


class Names:
    """Canonical names of entities: from the search index when there is one, else the store."""

    def __init__(self, store, index=None) -> None:
        self.store, self.index, self.known = store, index, {}

    def load(self, uris) -> None:
        todo = [u for u in set(uris) if u and u not in self.known]
        if self.index is not None and todo:
            for uri, (name, _docs) in self.index.names_of(todo).items():
                self.known[uri] = name

    def __call__(self, uri: str | None) -> str | None:
        if uri is None:
            return None
        if uri not in self.known:
            counts: Counter[str] = Counter(
                q.object.value for q in self.store.raw.quads_for_pattern(NamedNode(uri), SCHEMA.name, None, None))
            self.known[uri] = counts.most_common(1)[0][0] if counts else uri.rsplit("/", 1)[-1]
        return self.known[uri]


def _documents(store, node: NamedNode, known: dict | None = None) -> dict[str, DocumentRef]:
    """Every document that mentions the entity: title, date, source, and what it reprints.
    ``known`` keeps what was read of each document for the next page (a document's URI is its
    content's hash: what is said of it does not change while it is stored)."""
    known = {} if known is None else known
    mentioning = [q.subject.value for q in store.raw.quads_for_pattern(None, _MENTIONS, node, None)
                  if q.subject == q.graph_name]
    if any(doc not in known for doc in mentioning):
        for r in _query(store, """
            SELECT ?doc ?title ?date ?source ?original WHERE {
              GRAPH ?doc { ?doc schema:mentions ?e ; dg:sourcePath ?source .
                           OPTIONAL { ?doc schema:name ?title } OPTIONAL { ?doc schema:datePublished ?date }
                           OPTIONAL { ?doc dg:reprintOf ?original } } }""", e=node):
            doc = r["doc"].value
            if doc not in known:
                source = r["source"].value
                known[doc] = DocumentRef(doc, _v(r["title"]) or source.rsplit("/", 1)[-1], _v(r["date"]), source,
                                         _v(r["original"]) or doc)
    return {doc: known[doc] for doc in mentioning if doc in known}


def entity(store, uri: str, index=None, documents: dict | None = None, *, indexed: bool = True) -> EntityView:
    """The page of an entity: its names, and everything the documents say of it grouped into
    statements, each with the number of documents that say it, when, and their sentences.
    The statements are read from the rows the search index keeps (``statement_index.py``)
    when it has them (``indexed``), else asked of the store by SPARQL (a SPARQL server's)."""
    node = NamedNode(uri)
    view = EntityView(uri, exists(store, uri))
    if not view.exists:
        return view
    res = resolution_graph(store.base_uri)
    target = next(iter(store.raw.quads_for_pattern(node, OWL.sameAs, None, res)), None)
    if target is not None:
        view.same_as = target.object.value
    view.merged_from = sorted(q.subject.value for q in store.raw.quads_for_pattern(None, OWL.sameAs, node, res))
    names: Counter[str] = Counter()
    aliases: set[str] = set()
    raw = store.raw
    for q in raw.quads_for_pattern(node, _NAME, None, None):
        names[q.object.value] += 1
    for q in raw.quads_for_pattern(node, _ALIAS, None, None):
        aliases.add(q.object.value)
    view.names = sorted(names, key=lambda n: (-names[n], -sum(ord(c) > 127 for c in n), -len(n), n))
    view.aliases = sorted(aliases - set(view.names))
    # each class docgraph gives entities, asked for once (on a store with one type triple per
    # document, reading them all took longer than the rest of the names)
    view.types = sorted(c.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for c in entity_classes()
                        if next(iter(raw.quads_for_pattern(node, _TYPE, NamedNode(c), None)), None) is not None)
    name_of = Names(store, index)
    rows_kept = indexed and index is not None and index.has_statements

    def statements(section: str, sparql: str) -> list[dict]:
        """A section's rows, column -> string or None (``statement_index.SECTIONS``, and ``doc``)."""
        if rows_kept:
            return index.statements(uri, section, MAX_ROWS)
        columns = (*SECTIONS[section], "doc")
        return [{c: _v(r[c]) for c in columns} for r in _query(store, sparql, e=node)]

    if rows_kept:
        docs = {d[0]: DocumentRef(d[0], d[1] or d[3].rsplit("/", 1)[-1], d[2], d[3], d[4])
                for d in index.documents_of(uri)}
    else:
        docs = _documents(store, node, documents)
    originals = [d for d in docs.values() if d.original == d.uri or d.original not in docs]
    view.reprints = len(docs) - len(originals)
    view.titles = {d.uri: d.title for d in docs.values()}
    view.documents = sorted(originals, key=lambda d: (d.date or "", d.title), reverse=True)

    def original(doc: str) -> str:
        ref = docs.get(doc)
        return ref.original if ref else doc

    def date_of(doc: str, own: str | None = None) -> str | None:
        ref = docs.get(doc)
        return (ref.date if ref else None) or own

    def add(groups: dict, key: tuple, doc: str, node, date: str | None, said: object = _UNREAD, **attrs) -> Group:
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(key, **attrs)
        g.documents.add(original(doc))
        g.evidence.append(Evidence(doc, node if node is None or isinstance(node, str) else node.value, date, said))
        if date:
            g.dates.append(date)
        return g

    # roles it holds, by (title, organisation), and its occupations ("journalist": no organisation)
    roles: dict[tuple, Group] = {}
    titles: dict[tuple, Counter] = defaultdict(Counter)
    rows = statements("roles", f"""
        SELECT ?role ?title ?org ?former ?late ?acting ?elect ?asOf ?doc WHERE {{
          GRAPH ?doc {{ {{ ?role dg:roleHolder ?e ; schema:roleName ?title }}
            UNION {{ ?e schema:hasOccupation ?role . ?role schema:name ?title }}
            OPTIONAL {{ ?role dg:roleOrganization ?org }}
            OPTIONAL {{ ?role dg:former ?former }} OPTIONAL {{ ?role dg:late ?late }}
            OPTIONAL {{ ?role dg:acting ?acting }} OPTIONAL {{ ?role dg:elect ?elect }}
            OPTIONAL {{ ?role dg:asOf ?asOf }} }}
        }} LIMIT {MAX_ROWS}""")
    if len(rows) == MAX_ROWS:
        view.cut.append("roles")
    name_of.load(r["org"] for r in rows)
    for r in rows:
        doc, title, org = r["doc"], r["title"], r["org"]
        key = (_norm(title), org)
        g = add(roles, key, doc, r["role"], date_of(doc, r["asOf"]), r.get("said", _UNREAD), other=org,
                other_name=name_of(org))
        titles[key][title] += 1
        for flag in ("former", "late", "acting", "elect"):
            if r[flag] == "true":
                g.flags[flag] += 1
    for key, g in roles.items():
        g.label = _commonest(titles[key])
    view.roles = sorted(roles.values(), key=lambda g: (-g.sources, g.label.casefold(), str(g.key)))

    # roles held at it (an organisation), by (person, title)
    members: dict[tuple, Group] = {}
    member_titles: dict[tuple, Counter] = defaultdict(Counter)
    rows = statements("members", f"""
        SELECT ?role ?person ?title ?doc ?asOf WHERE {{
          GRAPH ?doc {{ ?role dg:roleOrganization ?e ; dg:roleHolder ?person ; schema:roleName ?title .
                       OPTIONAL {{ ?role dg:asOf ?asOf }} }}
        }} LIMIT {MAX_ROWS}""")
    if len(rows) == MAX_ROWS:
        view.cut.append("members")
    name_of.load(r["person"] for r in rows)
    for r in rows:
        doc, person, title = r["doc"], r["person"], r["title"]
        key = (person, _norm(title))
        add(members, key, doc, r["role"], date_of(doc, r["asOf"]), r.get("said", _UNREAD), other=person,
            other_name=name_of(person))
        member_titles[key][title] += 1
    for key, g in members.items():
        g.label = _commonest(member_titles[key])
    view.members = sorted(members.values(), key=lambda g: (-g.sources, (g.other_name or "").casefold(), str(g.key)))

    # relations (reified statements) both ways; links to works are grouped by the work's family
    relations: dict[tuple, Group] = {}
    works: dict[tuple, Group] = {}
    rows = statements("relations", f"""
        SELECT ?dir ?st ?p ?other ?doc WHERE {{
          {{ GRAPH ?doc {{ ?st rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?other }} BIND("out" AS ?dir) }}
          UNION
          {{ GRAPH ?doc {{ ?st rdf:object ?e ; rdf:predicate ?p ; rdf:subject ?other }} BIND("in" AS ?dir) }}
          FILTER(isIRI(?other))
        }} LIMIT {MAX_ROWS}""")
    if len(rows) == MAX_ROWS:
        view.cut.append("relations")
    name_of.load(r["other"] for r in rows)
    work_segment = f"{store.base_uri}/id/work/"
    for r in rows:
        if "#role-" in r["st"]:
            continue  # a role's affiliation: the roles say it, with the title
        doc, p, other, direction = r["doc"], r["p"], r["other"], r["dir"]
        label = label_of_property(p)
        if other.startswith(work_segment):
            family = work_family(name_of(other) or other)
            g = add(works, (direction, p, family), doc, r["st"], date_of(doc), r.get("said", _UNREAD), label=label,
                    direction=direction, other_name=family)
            g.extra.setdefault("works", {})[other] = name_of(other)
        else:
            add(relations, (direction, p, other), doc, r["st"], date_of(doc), r.get("said", _UNREAD), label=label,
                direction=direction, other=other, other_name=name_of(other))
    for g in works.values():
        if len(g.extra["works"]) == 1:  # one work: link it by its own name
            g.other, g.other_name = next(iter(g.extra["works"].items()))
    view.relations = sorted(relations.values(),
                            key=lambda g: (-g.sources, g.label, (g.other_name or "").casefold(), str(g.key)))
    view.works = sorted(works.values(), key=lambda g: (-g.sources, (g.other_name or "").casefold(), str(g.key)))

    _figures(store, node, view, add, date_of, name_of)

    # quotations, once each, with every source that gives them
    quotes: dict[tuple, Group] = {}
    words: dict[tuple, Counter] = defaultdict(Counter)
    rows = statements("quotations", f"""
        SELECT ?q ?text ?date ?doc WHERE {{
          GRAPH ?doc {{ ?q dg:speaker ?e ; schema:text ?text . OPTIONAL {{ ?q schema:dateCreated ?date }} }}
        }} LIMIT {MAX_ROWS}""")
    if len(rows) == MAX_ROWS:
        view.cut.append("quotations")
    for r in rows:
        doc, text = r["doc"], r["text"]
        key = (_quote_key(text),)
        add(quotes, key, doc, r["q"], date_of(doc, r["date"]), r.get("said", _UNREAD))
        words[key][text] += 1
    for key, g in quotes.items():
        g.label = _commonest(words[key])
    view.quotations = sorted(quotes.values(), key=lambda g: (-g.sources, g.last or "", g.label))
    return view


def _figures(store, node: NamedNode, view: EntityView, add, date_of, name_of) -> None:
    """Figures about the entity (an event) or given by it, grouped by (event, what is counted,
    value); where one event's count is given different values, the values side by side."""
    figures: dict[tuple, Group] = {}
    # who gives each figure, asked apart: nested in the figures' query as an OPTIONAL holding
    # OPTIONALs, it was evaluated over every attribution in the store (0.13 s a page on 12
    # million quads, for entities with no figure at all)
    given: dict[tuple, list[dict]] = defaultdict(list)
    for r in _query(store, f"""
        SELECT ?f ?doc ?kind ?agent ?agentText ?date WHERE {{
          GRAPH ?doc {{
            {{ ?f dg:event ?e }} UNION {{ ?f dg:statedBy ?e }}
            ?f dg:attribution ?a . ?a dg:attributionKind ?kind .
            OPTIONAL {{ ?a dg:agent ?agent }} OPTIONAL {{ ?a dg:agentText ?agentText }} OPTIONAL {{ ?a dg:date ?date }}
          }}
        }} LIMIT {MAX_ROWS}""", e=node):
        given[(r["doc"], r["f"])].append({k: r[k] for k in ("kind", "agent", "agentText", "date")})
    nobody = {"kind": None, "agent": None, "agentText": None, "date": None}
    rows = [{"doc": r["doc"], "f": r["f"], **{k: r[k] for k in ("value", "max", "qualifier", "counts", "text", "event")},
             **by}
            for r in _query(store, f"""
        SELECT ?f ?doc ?value ?max ?qualifier ?counts ?text ?event WHERE {{
          GRAPH ?doc {{
            {{ ?f dg:event ?e }} UNION {{ ?f dg:statedBy ?e }}
            ?f dg:value ?value ; dg:figureText ?text .
            OPTIONAL {{ ?f dg:maxValue ?max }} OPTIONAL {{ ?f dg:qualifier ?qualifier }} OPTIONAL {{ ?f dg:counts ?counts }}
            OPTIONAL {{ ?f dg:event ?event }}
          }}
        }} LIMIT {MAX_ROWS}""", e=node)
            for by in given.get((r["doc"], r["f"])) or [nobody]]
    if len(rows) >= MAX_ROWS:
        view.cut.append("figures")
    name_of.load([_v(r["event"]) for r in rows] + [_v(r["agent"]) for r in rows])
    for r in rows:
        doc, event, counts = r["doc"].value, _v(r["event"]), _v(r["counts"]) or ""
        value, top = r["value"].value, _v(r["max"])
        head = _norm(counts).rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
        g = add(figures, (event, head, value, top), doc, r["f"], date_of(doc, _v(r["date"])),
                label=r["text"].value, other=event, other_name=name_of(event))
        g.extra.setdefault("counts", Counter())[counts] += 1
        if _v(r["qualifier"]):
            g.extra.setdefault("qualifiers", Counter())[r["qualifier"].value] += 1
        given = name_of(_v(r["agent"])) if r["agent"] is not None else _v(r["agentText"])
        if given:
            by = g.extra.setdefault("given_by", {})
            kinds = by.setdefault((given, _v(r["agent"])), Counter())
            if _v(r["kind"]):
                kinds[r["kind"].value] += 1
    for g in figures.values():
        g.extra["counts_label"] = _commonest(g.extra["counts"])
    view.figures = sorted(figures.values(), key=lambda g: (g.other_name or "", g.key[1], float(g.key[2])))
    by_quantity: dict[tuple, list[Group]] = defaultdict(list)
    for g in view.figures:
        if g.key[0] is not None and g.key[1]:
            by_quantity[(g.key[0], g.key[1])].append(g)
    for (event, head), groups in by_quantity.items():
        sources = set().union(*(g.documents for g in groups))
        if len(groups) > 1 and len(sources) > 1:
            view.contested.append({"event": event, "event_name": groups[0].other_name, "counts": head,
                                   "values": sorted(groups, key=lambda g: float(g.key[2]))})


def read_sentences(store, groups) -> None:
    """Look up the sentences of the evidence these groups show (``Group.shown``): a statement's
    ``dg:evidence`` sentence in its document's graph (the statement rows of the search index
    carry it: then nothing is read)."""
    for g in groups:
        for ev in g.shown():
            if ev.sentence is not _UNREAD:
                continue
            sentence = None
            if ev.node is not None:
                graph = NamedNode(ev.document)
                at = next(iter(store.raw.quads_for_pattern(NamedNode(ev.node), DG.evidence, None, graph)), None)
                if at is not None:
                    text = next(iter(store.raw.quads_for_pattern(at.object, NIF.anchorOf, None, graph)), None)
                    sentence = text.object.value if text is not None else None
            ev.sentence = sentence


def document_sentences(store, uri: str, documents: list[DocumentRef], index=None) -> None:
    """Fill in, for each of ``documents`` (a page of them), the sentences that name the entity,
    with the names marked and the page each is on when the document has pages (at most
    MAX_SENTENCES a document): which sentences, from the rows the search ``index`` keeps when
    it has them (their text from the store), else by a query per document."""
    node = NamedNode(uri)
    if index is not None and index.has_statements:
        kept = index.sentences_of(uri, [ref.uri for ref in documents])
        for ref in documents:
            graph = NamedNode(ref.uri)
            texts = []
            for sentence, _page, _marks in kept.get(ref.uri, []):
                q = next(iter(store.raw.quads_for_pattern(NamedNode(sentence), NIF.anchorOf, None, graph)), None)
                texts.append("" if q is None else q.object.value)
            ref.sentences = [split_marks(text, [tuple(m) for m in marks])
                             for text, (_s, _p, marks) in zip(texts, kept.get(ref.uri, []))]
            ref.pages = [page for _s, page, _m in kept.get(ref.uri, [])]
        return
    for ref in documents:
        sentences: list[dict] = []
        for s in _query(store, """
            SELECT ?begin ?end ?text ?mb ?me ?page WHERE { GRAPH ?doc {
              ?m itsrdf:taIdentRef ?e ; nif:beginIndex ?mb ; nif:endIndex ?me ; nif:sentence ?s .
              ?s nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?text
              OPTIONAL { ?s dg:page ?page } } }
            ORDER BY ?begin ?mb""", e=node, doc=NamedNode(ref.uri)):
            begin = int(s["begin"].value)
            if sentences and sentences[-1]["begin"] == begin:
                sentences[-1]["marks"].append((int(s["mb"].value) - begin, int(s["me"].value) - begin))
                continue
            if len(sentences) == MAX_SENTENCES:
                break
            sentences.append({"begin": begin, "text": s["text"].value, "page": _v(s["page"]),
                              "marks": [(int(s["mb"].value) - begin, int(s["me"].value) - begin)]})
        ref.sentences = [split_marks(x["text"], x["marks"]) for x in sentences]
        ref.pages = [x["page"] for x in sentences]


MAX_GRAPH_DOCUMENTS = 1_000  # documents read for co-mentions (the newest)


def neighbourhood(view: EntityView, store=None, *, limit: int = 40) -> dict:
    """The entity and what is around it, as nodes and edges for a drawing: what the documents
    link it to (roles' organisations, members, related entities, works, events of its figures;
    ``kind`` "link", weight = documents that say it) and, with ``store``, what they mention
    beside it (``kind`` "co-mention", weight = documents that mention both; edges between two
    neighbours too). A node's weight is its edge's."""
    edges: dict[str, dict] = {}

    def link(other: str | None, name: str | None, label: str, sources: int) -> None:
        if not other or other == view.uri:
            return
        e = edges.setdefault(other, {"name": name or other.rsplit("/", 1)[-1], "labels": Counter(), "weight": 0})
        e["labels"][label] += sources
        e["weight"] += sources

    for g in view.roles:
        link(g.other, g.other_name, g.label, g.sources)
    for g in view.members:
        link(g.other, g.other_name, g.label, g.sources)
    for g in view.relations:
        link(g.other, g.other_name, g.label, g.sources)
    for g in view.works:
        for work, name in g.extra.get("works", {}).items():
            link(work, name, g.label, 1)
    for g in view.figures:
        link(g.other, g.other_name, "figure", g.sources)
    linked = sorted(edges.items(), key=lambda kv: (-kv[1]["weight"], kv[1]["name"]))[:limit]
    chosen = dict(linked)
    together: Counter[str] = Counter()
    per_document: list[set[str]] = []
    read = 0
    if store is not None:
        for ref in view.documents[:MAX_GRAPH_DOCUMENTS]:
            node = NamedNode(ref.uri)
            named = {q.object.value for q in store.raw.quads_for_pattern(node, SCHEMA.mentions, None, node)}
            named.discard(view.uri)
            together.update(named)
            per_document.append(named)
            read += 1
        names = Names(store)
        for other, n in together.most_common():
            if len(chosen) >= limit or n < 2:
                break
            if other not in chosen:
                chosen[other] = {"name": names(other), "labels": Counter(), "weight": 0}
    nodes = [{"id": view.uri, "label": view.label, "type": view.segment, "weight": view.document_count,
              "centre": True}]
    links = []
    for other, e in chosen.items():
        kind = "link" if e["weight"] else "co-mention"
        weight = e["weight"] or together[other]
        nodes.append({"id": other, "label": e["name"], "type": other.rsplit("/", 2)[-2], "weight": weight})
        label = ", ".join(lbl for lbl, _ in e["labels"].most_common(3)) if e["weight"] else \
            f"mentioned together in {together[other]} documents"
        links.append({"source": view.uri, "target": other, "weight": weight, "kind": kind, "label": label,
                      "together": together.get(other, 0)})
    pairs: Counter[tuple[str, str]] = Counter()
    around = [o for o in chosen]
    for named in per_document:
        here = sorted(o for o in around if o in named)
        for i, a in enumerate(here):
            for b in here[i + 1:]:
                pairs[(a, b)] += 1
    for (a, b), n in pairs.most_common(limit):
        if n < 2:
            break
        links.append({"source": a, "target": b, "weight": n, "kind": "co-mention",
                      "label": f"mentioned together in {n} of these documents", "together": n})
    return {"nodes": nodes, "edges": links, "more": max(0, len(edges) - len(linked)),
            "documents_read": read, "documents": view.document_count}


def split_marks(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Text cut into (piece, highlighted) runs; the template escapes each piece."""
    out: list[tuple[str, bool]] = []
    at = 0
    for b, e in sorted(set(marks)):
        b, e = max(b, at), min(e, len(text))
        if b >= e:
            continue
        if b > at:
            out.append((text[at:b], False))
        out.append((text[b:e], True))
        at = e
    if at < len(text):
        out.append((text[at:], False))
    return out


@dataclass
class DocumentView:
    uri: str
    exists: bool
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    ingested: str | None = None
    extractor: str | None = None
    reprint_of: str | None = None
    pages: str | None = None
    attachment_of: str | None = None
    attachments: list[str] = field(default_factory=list)
    entities: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # segment -> (uri, name)
    text: list[tuple[str, str | None]] = field(default_factory=list)  # (piece, entity URI or None)
    truncated: bool = False
    length: int = 0
    # what was extracted from it
    roles: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    works: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    quotations: list[dict] = field(default_factory=list)


def document(store, uri: str, index=None) -> DocumentView:
    """A document's page: its metadata, its text with each mention linked, and what was
    extracted from it (roles, relations, works, figures, quotations)."""
    if not store.has_graph(uri):
        return DocumentView(uri, False)
    node = NamedNode(uri)
    view = DocumentView(uri, True)

    def one(p: NamedNode) -> str | None:
        q = next(iter(store.raw.quads_for_pattern(node, p, None, node)), None)
        return q.object.value if q else None

    view.title, view.source, view.date = one(SCHEMA.name), one(DG.sourcePath), one(SCHEMA.datePublished)
    view.url, view.ingested, view.extractor = one(SCHEMA.url), one(DG.ingestedAt), one(DG.extractor)
    view.publisher, view.reprint_of = one(SCHEMA.publisher), one(DG.reprintOf)
    view.pages, view.attachment_of = one(DG.pageCount), one(DG.attachmentOf)
    view.attachments = sorted(q.object.value for q in store.raw.quads_for_pattern(node, DG.attachment, None, node))
    text = one(NIF.isString) or ""
    view.length = len(text)
    name_of = Names(store, index)
    mentioned = [q.object.value for q in store.raw.quads_for_pattern(node, SCHEMA.mentions, None, node)]
    name_of.load(mentioned)
    by_type: dict[str, dict[str, str]] = defaultdict(dict)
    for e in mentioned:
        by_type[e.rsplit("/", 2)[-2]][e] = name_of(e)
    marks = [(int(r["b"].value), int(r["end"].value), r["e"].value) for r in _query(store, """
        SELECT ?e ?b ?end WHERE { GRAPH ?doc { ?m itsrdf:taIdentRef ?e ; nif:beginIndex ?b ; nif:endIndex ?end } }""",
        doc=node)]
    order = {seg: n for n, seg in enumerate(ENTITY_TYPES.values())}
    view.entities = {t: sorted(es.items(), key=lambda x: x[1].casefold())
                     for t, es in sorted(by_type.items(), key=lambda kv: order.get(kv[0], 9))}
    shown = text[:MAX_TEXT]
    view.truncated = len(text) > MAX_TEXT
    at = 0
    for b, e, ent in sorted(set(marks)):
        if b < at or e > len(shown):
            continue
        if b > at:
            view.text.append((shown[at:b], None))
        view.text.append((shown[b:e], ent))
        at = e
    if at < len(shown):
        view.text.append((shown[at:], None))
    _extracted(store, node, view, name_of)
    return view


def _extracted(store, node: NamedNode, view: DocumentView, name_of: Names) -> None:
    rows = list(_query(store, """
        SELECT ?holder ?title ?org ?former ?late ?acting ?elect ?b WHERE { GRAPH ?doc {
          ?role dg:roleHolder ?holder ; schema:roleName ?title .
          OPTIONAL { ?role dg:roleOrganization ?org }
          OPTIONAL { ?role dg:former ?former } OPTIONAL { ?role dg:late ?late }
          OPTIONAL { ?role dg:acting ?acting } OPTIONAL { ?role dg:elect ?elect }
          OPTIONAL { ?role dg:evidence/nif:beginIndex ?b } } }""", doc=node))
    name_of.load([r["holder"].value for r in rows] + [_v(r["org"]) for r in rows])
    seen: set[tuple] = set()
    for r in sorted(rows, key=lambda r: int(_v(r["b"]) or 0)):
        flags = [f for f in ("former", "late", "acting", "elect") if _v(r[f]) == "true"]
        key = (r["holder"].value, r["title"].value, _v(r["org"]), tuple(flags))
        if key in seen:
            continue
        seen.add(key)
        view.roles.append({"holder": key[0], "holder_name": name_of(key[0]), "title": key[1], "org": key[2],
                           "org_name": name_of(key[2]), "flags": flags})
    rows = list(_query(store, """
        SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?doc {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . FILTER(isIRI(?o)) } }""", doc=node))
    name_of.load([r["s"].value for r in rows] + [r["o"].value for r in rows])
    work = f"{store.base_uri}/id/work/"
    for r in rows:
        s, p, o = r["s"].value, r["p"].value, r["o"].value
        item = {"subject": s, "subject_name": name_of(s), "label": label_of_property(p), "object": o,
                "object_name": name_of(o)}
        (view.works if s.startswith(work) else view.relations).append(item)
    for w, name in view.entities.get("work", []):
        if not any(x["subject"] == w for x in view.works):
            view.works.append({"subject": w, "subject_name": name, "label": None, "object": None, "object_name": None})
    view.relations.sort(key=lambda x: (x["subject_name"].casefold(), x["label"], x["object_name"].casefold()))
    view.works.sort(key=lambda x: (x["subject_name"].casefold(), x["label"] or ""))
    rows = list(_query(store, """
        SELECT ?f ?text ?counts ?qualifier ?event ?kind ?agent ?agentText ?date WHERE { GRAPH ?doc {
          ?f a dg:Figure ; dg:figureText ?text .
          OPTIONAL { ?f dg:counts ?counts } OPTIONAL { ?f dg:qualifier ?qualifier } OPTIONAL { ?f dg:event ?event }
          OPTIONAL { ?f dg:attribution ?a . ?a dg:attributionKind ?kind .
                     OPTIONAL { ?a dg:agent ?agent } OPTIONAL { ?a dg:agentText ?agentText } OPTIONAL { ?a dg:date ?date } }
        } }""", doc=node))
    name_of.load([_v(r["event"]) for r in rows] + [_v(r["agent"]) for r in rows])
    figures: dict[str, dict] = {}
    for r in rows:
        f = figures.setdefault(r["f"].value, {
            "text": r["text"].value, "counts": _v(r["counts"]), "qualifier": _v(r["qualifier"]),
            "event": _v(r["event"]), "event_name": name_of(_v(r["event"])), "given_by": []})
        given = (name_of(_v(r["agent"])) if r["agent"] is not None else _v(r["agentText"]))
        if given:
            f["given_by"].append({"name": given, "uri": _v(r["agent"]), "how": _v(r["kind"]), "date": _v(r["date"])})
    view.figures = list(figures.values())
    rows = list(_query(store, """
        SELECT ?q ?text ?speaker ?speakerText ?b WHERE { GRAPH ?doc {
          ?q a schema:Quotation ; schema:text ?text .
          OPTIONAL { ?q dg:speaker ?speaker } OPTIONAL { ?q dg:speakerText ?speakerText }
          OPTIONAL { ?q nif:beginIndex ?b } } }""", doc=node))
    name_of.load(_v(r["speaker"]) for r in rows)
    quotes: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: int(_v(r["b"]) or 0)):
        q = quotes.setdefault(r["q"].value, {"text": r["text"].value, "speaker": _v(r["speaker"]),
                                             "speaker_name": name_of(_v(r["speaker"])) or _v(r["speakerText"])})
        if q["speaker"] is None and r["speaker"] is not None:
            q["speaker"], q["speaker_name"] = r["speaker"].value, name_of(r["speaker"].value)
    view.quotations = list(quotes.values())


def entity_quads(store, uri: str) -> list[Quad]:
    """The RDF served for an entity: what is said of it in every graph, the direct links that
    point at it, its roles, what each document says of it (its ``dg:EntityInDocument`` nodes:
    mention count, name), and the names of what it links to (so a client can label them)."""
    node = NamedNode(uri)
    out: list[Quad] = []
    seen_objects: set[NamedNode] = set()
    for q in store.raw.quads_for_pattern(node, None, None, None):
        out.append(q)
        if isinstance(q.object, NamedNode) and q.predicate != RDF.type:
            seen_objects.add(q.object)
    for q in store.raw.quads_for_pattern(None, None, node, None):
        if q.predicate.value.startswith((SCHEMA.iri, DG.iri)) and q.predicate != SCHEMA.mentions:
            if q.predicate in (DG.roleHolder, DG.roleOrganization, DG.speaker, DG.statedBy, DG.agent, DG.event,
                               DG.entity):
                out.extend(store.raw.quads_for_pattern(q.subject, None, None, q.graph_name))
            else:
                out.append(q)
                if isinstance(q.subject, NamedNode):
                    seen_objects.add(q.subject)
    for other in seen_objects:
        for q in store.raw.quads_for_pattern(other, SCHEMA.name, None, None):
            out.append(q)
            break
    return out


def document_quads(store, uri: str) -> list[Quad]:
    return list(store.raw.quads_for_pattern(None, None, None, NamedNode(uri)))


__all__ = ["document", "document_quads", "entity", "entity_path_ok", "entity_quads"]
