"""What the store knows about one entity or document, gathered for its page and its RDF.

Every query binds the entity as an RDF term in a VALUES block (``_query``); no URI or text taken
from a request is ever pasted into SPARQL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import NamedNode, Quad

from ..decisions import merged_into
from ..model import ENTITY_TYPES
from ..rdf import entity_graph, resolution_graph
from ..vocab import DG, OWL, RDF, SCHEMA

TYPE_OF_SEGMENT = {seg: name for name, seg in ENTITY_TYPES.items()}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,200}$")
_HASH = re.compile(r"^[0-9a-f]{16}$")
MAX_DOCUMENTS = 60  # source documents listed on an entity page
MAX_SENTENCES = 3  # evidence sentences shown per document
MAX_TEXT = 200_000  # characters of a document shown on its page
MAX_LISTED = 200  # roles, members, figures, quotations shown on an entity page


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


def label_of_property(uri: str) -> str:
    known = property_labels().get(uri)
    if known:
        return known
    local = re.split(r"[#/]", uri)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


@dataclass
class Link:
    property: str
    label: str
    other: str
    other_name: str
    direction: str  # "out" or "in"
    documents: set[str] = field(default_factory=set)


@dataclass
class EntityView:
    uri: str
    exists: bool
    names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    same_as: str | None = None  # merged into this entity
    merged_from: list[str] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)  # roles held at this organisation
    links: list[Link] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    quotations: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    document_count: int = 0
    reprints: int = 0  # documents mentioning it that reprint one of those counted
    more: list[str] = field(default_factory=list)  # lists cut at MAX_LISTED

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.uri.rsplit("/", 1)[-1]


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


def entity(store, uri: str) -> EntityView:
    node = NamedNode(uri)
    eg = entity_graph(store.base_uri)
    view = EntityView(uri, exists(store, uri))
    if not view.exists:
        return view
    res = resolution_graph(store.base_uri)
    target = next(iter(store.raw.quads_for_pattern(node, OWL.sameAs, None, res)), None)
    if target is not None:
        view.same_as = target.object.value
    view.merged_from = sorted(q.subject.value for q in store.raw.quads_for_pattern(None, OWL.sameAs, node, res))
    names: dict[str, int] = defaultdict(int)
    aliases: set[str] = set()
    types: set[str] = set()
    for q in store.raw.quads_for_pattern(node, None, None, None):
        if q.predicate == SCHEMA.name:
            names[q.object.value] += 1
        elif q.predicate == SCHEMA.alternateName:
            aliases.add(q.object.value)
        elif q.predicate == RDF.type:
            types.add(q.object.value.rsplit("/", 1)[-1])
    view.names = sorted(names, key=lambda n: (-names[n], -len(n), n))
    view.aliases = sorted(aliases - set(view.names))
    view.types = sorted(types)
    known: dict[str, str | None] = {}

    def name_of(other: str | None) -> str | None:
        """An entity's canonical name (from the entity graph), looked up once per page."""
        if other is None:
            return None
        if other not in known:
            q = next(iter(store.raw.quads_for_pattern(NamedNode(other), SCHEMA.name, None, eg)), None)
            known[other] = q.object.value if q else None
        return known[other]

    for r in _query(store, """
        SELECT ?role ?title ?org ?former ?late ?acting ?elect ?asOf ?doc ?sentence WHERE {
          GRAPH ?doc { ?role dg:roleHolder ?e ; schema:roleName ?title .
            OPTIONAL { ?role dg:roleOrganization ?org }
            OPTIONAL { ?role dg:former ?former } OPTIONAL { ?role dg:late ?late }
            OPTIONAL { ?role dg:acting ?acting } OPTIONAL { ?role dg:elect ?elect }
            OPTIONAL { ?role dg:asOf ?asOf }
            OPTIONAL { ?role dg:evidence/nif:anchorOf ?sentence } }
        } LIMIT 201""", e=node):
        flags = [f for f in ("former", "late", "acting", "elect") if _v(r[f]) == "true"]
        view.roles.append({"title": r["title"].value, "org": _v(r["org"]), "org_name": name_of(_v(r["org"])),
                           "flags": flags, "as_of": _v(r["asOf"]), "document": r["doc"].value,
                           "sentence": _v(r["sentence"])})
    for r in _query(store, """
        SELECT DISTINCT ?person ?title ?doc WHERE {
          GRAPH ?doc { ?role dg:roleOrganization ?e ; dg:roleHolder ?person ; schema:roleName ?title }
        } LIMIT 201""", e=node):
        view.members.append({"person": r["person"].value, "name": name_of(r["person"].value) or r["person"].value.rsplit("/", 1)[-1],
                             "title": r["title"].value,
                             "document": r["doc"].value})

    links: dict[tuple[str, str, str], Link] = {}
    for r in _query(store, """
        SELECT DISTINCT ?dir ?p ?other ?doc WHERE {
          { GRAPH ?doc { ?st rdf:subject ?e ; a rdf:Statement ; rdf:predicate ?p ; rdf:object ?other } BIND("out" AS ?dir) }
          UNION
          { GRAPH ?doc { ?st rdf:object ?e ; a rdf:Statement ; rdf:predicate ?p ; rdf:subject ?other } BIND("in" AS ?dir) }
          FILTER(isIRI(?other))
        }""", e=node):
        key = (r["dir"].value, r["p"].value, r["other"].value)
        if key not in links:
            links[key] = Link(r["p"].value, label_of_property(r["p"].value), r["other"].value, "", r["dir"].value)
        links[key].documents.add(r["doc"].value)
    for link in links.values():
        link.other_name = name_of(link.other) or link.other.rsplit("/", 1)[-1]
    view.links = sorted(links.values(), key=lambda lk: (lk.direction != "out", lk.label, lk.other_name))

    # first the figures (indexes find them from the entity), then each one's details
    figures = [(r["f"], r["doc"]) for r in _query(store, """
        SELECT DISTINCT ?f ?doc WHERE { GRAPH ?doc { { ?f dg:event ?e } UNION { ?f dg:statedBy ?e } } } LIMIT 201""",
        e=node)]
    for f, doc in figures:
        for r in _query(store, """
            SELECT DISTINCT ?value ?max ?qualifier ?counts ?text ?event ?kind ?agent ?agentText
                            ?date ?sentence WHERE {
              GRAPH ?doc {
                ?f dg:value ?value ; dg:figureText ?text .
                OPTIONAL { ?f dg:maxValue ?max } OPTIONAL { ?f dg:qualifier ?qualifier } OPTIONAL { ?f dg:counts ?counts }
                OPTIONAL { ?f dg:event ?event }
                OPTIONAL { ?f dg:attribution ?a . ?a dg:attributionKind ?kind .
                           OPTIONAL { ?a dg:agent ?agent }
                           OPTIONAL { ?a dg:agentText ?agentText } OPTIONAL { ?a dg:date ?date } }
                OPTIONAL { ?f dg:evidence/nif:anchorOf ?sentence }
              }
            }""", f=f, doc=doc):
            row = {k: _v(r[k]) for k in ("value", "max", "qualifier", "counts", "text", "event", "kind", "agent",
                                         "agentText", "date", "sentence")}
            view.figures.append(row | {"eventName": name_of(row["event"]), "agentName": name_of(row["agent"]),
                                       "document": doc.value})
    for r in _query(store, """
        SELECT DISTINCT ?q ?text ?date ?doc ?sentence WHERE {
          GRAPH ?doc { ?q dg:speaker ?e ; a schema:Quotation ; schema:text ?text .
                       OPTIONAL { ?q schema:dateCreated ?date } OPTIONAL { ?q dg:evidence/nif:anchorOf ?sentence } }
        } LIMIT 201""", e=node):
        view.quotations.append({"text": r["text"].value, "date": _v(r["date"]), "document": r["doc"].value,
                                "sentence": _v(r["sentence"])})
    # a page shows the first MAX_LISTED of each list, sorted; the canned queries give them all
    for name, key in (("roles", lambda x: (x["title"], x["org_name"] or "")),
                      ("members", lambda x: (x["name"], x["title"])),
                      ("figures", lambda x: (x["counts"] or "", float(x["value"]))),
                      ("quotations", lambda x: (x["date"] or "", x["text"]))):
        items = getattr(view, name)
        if len(items) > MAX_LISTED:
            view.more.append(name)
        setattr(view, name, sorted(items[:MAX_LISTED], key=key))

    docs = [r for r in _query(store, """
        SELECT ?doc ?title ?date ?source ?original WHERE {
          GRAPH ?doc { ?doc schema:mentions ?e ; dg:sourcePath ?source .
                       OPTIONAL { ?doc schema:name ?title } OPTIONAL { ?doc schema:datePublished ?date }
                       OPTIONAL { ?doc dg:reprintOf ?original } }
        } ORDER BY DESC(?date) ?source""", e=node)]
    # a reprint is counted and shown once, as its original (or as itself when that does not mention it)
    originals = {r["doc"].value for r in docs}
    view.reprints = sum(1 for r in docs if r["original"] is not None and r["original"].value in originals)
    docs = [r for r in docs if r["original"] is None or r["original"].value not in originals]
    view.document_count = len(docs)
    for r in docs[:MAX_DOCUMENTS]:
        doc = r["doc"].value
        sentences = []
        for s in _query(store, """
            SELECT ?begin ?end ?text ?mb ?me ?page WHERE { GRAPH ?doc {
              ?m itsrdf:taIdentRef ?e ; nif:beginIndex ?mb ; nif:endIndex ?me ; nif:sentence ?s .
              ?s nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?text
              OPTIONAL { ?s dg:page ?page } } }
            ORDER BY ?begin ?mb""", e=node, doc=NamedNode(doc)):
            begin = int(s["begin"].value)
            if sentences and sentences[-1]["begin"] == begin:
                sentences[-1]["marks"].append((int(s["mb"].value) - begin, int(s["me"].value) - begin))
                continue
            if len(sentences) == MAX_SENTENCES:
                break
            sentences.append({"begin": begin, "text": s["text"].value, "page": _v(s["page"]),
                              "marks": [(int(s["mb"].value) - begin, int(s["me"].value) - begin)]})
        view.documents.append({"uri": doc, "title": _v(r["title"]) or r["source"].value, "date": _v(r["date"]),
                               "source": r["source"].value,
                               "sentences": [split_marks(x["text"], x["marks"]) for x in sentences],
                               "pages": [x["page"] for x in sentences]})
    return view


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
    entities: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    text: list[tuple[str, str | None]] = field(default_factory=list)  # (piece, entity URI or None)
    truncated: bool = False
    length: int = 0
    pages: str | None = None
    reprint_of: str | None = None
    attachment_of: str | None = None
    attachments: list[str] = field(default_factory=list)


def document(store, uri: str) -> DocumentView:
    if not store.has_graph(uri):
        return DocumentView(uri, False)
    node = NamedNode(uri)
    view = DocumentView(uri, True)

    def one(p: NamedNode) -> str | None:
        q = next(iter(store.raw.quads_for_pattern(node, p, None, node)), None)
        return q.object.value if q else None

    view.title, view.source, view.date = one(SCHEMA.name), one(DG.sourcePath), one(SCHEMA.datePublished)
    view.url, view.ingested, view.extractor = one(SCHEMA.url), one(DG.ingestedAt), one(DG.extractor)
    publisher = one(SCHEMA.publisher)
    view.publisher = publisher
    view.pages, view.reprint_of, view.attachment_of = one(DG.pageCount), one(DG.reprintOf), one(DG.attachmentOf)
    view.attachments = sorted(q.object.value for q in store.raw.quads_for_pattern(node, DG.attachment, None, node))
    text = one(NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")) or ""
    view.length = len(text)
    by_type: dict[str, dict[str, str]] = defaultdict(dict)
    marks: list[tuple[int, int, str]] = []
    for r in _query(store, """
        SELECT ?e ?type ?name ?b ?end WHERE {
          GRAPH ?doc { ?doc schema:mentions ?e }
          GRAPH ?eg { ?e a ?type ; schema:name ?name }
          VALUES ?type { schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }
          OPTIONAL { GRAPH ?doc { ?m itsrdf:taIdentRef ?e ; nif:beginIndex ?b ; nif:endIndex ?end } } }""",
            doc=node, eg=entity_graph(store.base_uri)):
        by_type[r["type"].value.rsplit("/", 1)[-1]][r["e"].value] = r["name"].value
        if r["b"] is not None:
            marks.append((int(r["b"].value), int(r["end"].value), r["e"].value))
    view.entities = {t: sorted(((u, n) for u, n in es.items()), key=lambda x: x[1].casefold())
                     for t, es in sorted(by_type.items())}
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
    return view


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
