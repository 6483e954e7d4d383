"""An ``Extraction`` (with entity URIs resolved) becomes quads: its document graph, and the
entity-level triples it supports in the entity graph.

No triple is stored in two graphs, so the union of all graphs (SPARQL's default graph) is a set:

- the entity graph ``{base}/graph/entities`` holds each entity once: its classes, canonical
  ``schema:name``, every ``schema:alternateName``, ``owl:sameAs`` gazetteer entries,
  ``schema:containedInPlace`` its country, and every direct link (``<p> schema:affiliation <o>``);
- each document graph holds what that document says: the document, sentences, mentions,
  ``<doc> schema:mentions <entity>``, reified statements with their evidence, roles, figures,
  quotations, dates, and one ``dg:EntityInDocument`` node per entity (mention count, the name,
  aliases and classes the document gives it).

This is the one module that knows how the vocabulary is used; the README's "RDF contract"
describes its output. ``entity_graph.py`` keeps the entity graph in step with the documents.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from . import __version__
from .model import ENTITY_TYPES, Extraction, SourceDocument
from .names import slugify
from .resources import resource
from .vocab import DG, ITSRDF, NIF, OWL, PROV, RDF, RELATION_PROPERTY, SCHEMA, TYPE_CLASS, XSD, xsd


def document_uri(base: str, content_hash: str) -> str:
    return f"{base}/id/document/{content_hash[:16]}"


def entity_uri(base: str, entity_type: str, name: str) -> str:
    """``{base}/id/{segment}/{slug of the name}``: the same name and type, the same URI."""
    return f"{base}/id/{ENTITY_TYPES[entity_type]}/{slugify(name)}"


def entity_class(uri: str) -> NamedNode | None:
    """The main class an entity URI's segment stands for (``/id/person/…`` -> schema:Person)."""
    segment = uri.rsplit("/", 2)[-2] if uri.count("/") >= 2 else ""
    for name, seg in ENTITY_TYPES.items():
        if seg == segment:
            return TYPE_CLASS[name]
    return None


META_GRAPH = NamedNode("urn:docgraph:meta")  # store settings (the base URI), pending consolidation
META_SUBJECT = NamedNode("urn:docgraph:store")


def entity_graph(base: str) -> NamedNode:
    """The graph that holds each entity once."""
    return NamedNode(f"{base}/graph/entities")


def resolution_graph(base: str) -> NamedNode:
    """Merges: ``old owl:sameAs new``."""
    return NamedNode(f"{base}/graph/resolution")


def decisions_graph(base: str) -> NamedNode:
    """Decisions a person made (``dg:ResolutionDecision``)."""
    return NamedNode(f"{base}/graph/decisions")


def in_document(doc_iri: str, entity_uri: str) -> str:
    """The ``dg:EntityInDocument`` node of an entity in a document: ``{doc}#{segment}-{slug}``."""
    _, sep, path = entity_uri.partition("/id/")
    key = path.replace("/", "-") if sep and path else "entity-" + _digest(entity_uri)
    return f"{doc_iri}#{key}"


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def type_segments() -> tuple[dict[str, str], dict[str, str]]:
    """(schema class IRI -> URI segment, finer class IRI -> its parent class IRI) from types.ttl."""
    segments: dict[str, str] = {}
    parents: dict[str, str] = {}
    with open(resource("ontology", "types.ttl"), "rb") as fh:
        for triple in parse(fh, RdfFormat.TURTLE):
            if triple.predicate == DG.uriSegment:
                segments[triple.subject.value] = triple.object.value
            elif triple.predicate.value.endswith("#subClassOf"):
                parents[triple.subject.value] = triple.object.value
    return segments, parents


def subtype_class(entity_type: str, subtype: str | None) -> NamedNode | None:
    """The finer class for ``subtype`` when types.ttl puts it under ``entity_type``."""
    if not subtype:
        return None
    _, parents = type_segments()
    for iri in (SCHEMA.iri + subtype, DG.iri + subtype):
        if parents.get(iri) == TYPE_CLASS[entity_type].value:
            return NamedNode(iri)
    return None


def _lit(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return Literal(text, datatype=XSD.decimal)
    return Literal(str(value))


def _pages_and_attachments(w: "_Writer", d: NamedNode, doc: SourceDocument, base: str) -> None:
    """Where each page of a paged document (PDF) lies in its text, the links between an e-mail
    and the attachments read as documents of their own, and the document a reprint reprints."""
    if doc.pages:
        w.add(d, DG.pageCount, _lit(len(doc.pages)))
        for number, (start, end) in enumerate(doc.pages, 1):
            page = NamedNode(f"{d.value}#page={number}")
            w.add(page, RDF.type, DG.Page)
            w.add(page, DG.pageNumber, _lit(number))
            w.add(page, NIF.beginIndex, _lit(start))
            w.add(page, NIF.endIndex, _lit(end))
            w.add(page, NIF.referenceContext, d)
    for content_hash in doc.attachments:
        w.add(d, DG.attachment, NamedNode(document_uri(base, content_hash)))
    if doc.attached_to:
        w.add(d, DG.attachmentOf, NamedNode(document_uri(base, doc.attached_to)))
    if doc.signature:
        w.add(d, DG.minhash, Literal(doc.signature))
    if doc.reprint_of:
        w.add(d, DG.reprintOf, NamedNode(doc.reprint_of))


def _date(value: str, datatype: str | None) -> Literal:
    return Literal(value, datatype=xsd(datatype)) if datatype else Literal(value)


class _Writer:
    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.quads: list[Quad] = []

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(s, p, o, self.graph))


def extraction_to_quads(
    ex: Extraction, base: str, *, ingested_at: datetime | None = None
) -> list[Quad]:
    """The quads of the document's named graph, then the entity-graph quads it supports (each
    entity's classes, name as this document gives it, aliases, gazetteer entries and direct
    links; ``entity_graph.py`` settles the canonical name). Entities must carry their URIs."""
    doc = ex.document
    doc_iri = document_uri(base, doc.content_hash)
    d = NamedNode(doc_iri)
    w = _Writer(d)
    eg = _Writer(entity_graph(base))
    text = doc.text

    # -- the document
    w.add(d, RDF.type, DG.Document)
    w.add(d, RDF.type, SCHEMA.CreativeWork)
    w.add(d, RDF.type, NIF.Context)
    if doc.title:
        w.add(d, SCHEMA.name, Literal(doc.title))
    w.add(d, DG.sourcePath, Literal(doc.shown_source or doc.source))
    w.add(d, DG.sourceKey, Literal(doc.source_key))
    if doc.url:
        w.add(d, SCHEMA.url, Literal(doc.url))
    if doc.date:
        w.add(d, SCHEMA.datePublished, _date(doc.date, _datatype_of(doc.date)))
    if doc.publisher:
        w.add(d, SCHEMA.publisher, Literal(doc.publisher))
    w.add(d, SCHEMA.encodingFormat, Literal(doc.media_type))
    w.add(d, DG.contentHash, Literal("sha256:" + doc.content_hash))
    w.add(d, NIF.isString, Literal(text))
    w.add(d, NIF.beginIndex, _lit(0))
    w.add(d, NIF.endIndex, _lit(len(text)))
    if doc.metadata:
        w.add(d, DG.metadata, Literal(json.dumps(doc.metadata, ensure_ascii=False, sort_keys=True), datatype=RDF.JSON))
    w.add(d, DG.ingestedAt, Literal((ingested_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"), datatype=XSD.dateTime))
    w.add(d, DG.extractor, Literal(f"docgraph {__version__}; {ex.model}"))
    _pages_and_attachments(w, d, doc, base)

    def span_node(start: int, end: int) -> NamedNode:
        return NamedNode(f"{doc_iri}#char={start},{end}")

    sentence_nodes: dict[int, NamedNode] = {}

    def sentence(i: int) -> NamedNode:
        if i not in sentence_nodes:
            s = ex.sentences[i]
            node = span_node(s.start, s.end)
            w.add(node, RDF.type, NIF.Sentence)
            w.add(node, NIF.beginIndex, _lit(s.start))
            w.add(node, NIF.endIndex, _lit(s.end))
            w.add(node, NIF.anchorOf, Literal(s.text))
            w.add(node, NIF.referenceContext, d)
            page = doc.page_at(s.start)
            if page is not None:
                w.add(node, DG.page, _lit(page))
            sentence_nodes[i] = node
        return sentence_nodes[i]

    def evidence(node: NamedNode, i: int) -> None:
        w.add(node, DG.evidence, sentence(i))
        w.add(node, PROV.wasDerivedFrom, d)

    # -- entities: once in the entity graph; per document on their own node; mentions
    uri: dict[str, NamedNode] = {}
    by_name: dict[str, NamedNode] = {}
    for e in ex.entities:
        if not e.uri:
            raise ValueError(f"entity {e.key} ({e.name}) has no URI: resolve before writing")
        uri[e.key] = NamedNode(e.uri)
        if e.type == "Place":
            by_name.setdefault(e.name, uri[e.key])
    for e in ex.entities:
        node = uri[e.key]
        classes = [TYPE_CLASS[e.type]]
        finer = subtype_class(e.type, e.subtype)
        if finer is not None:
            classes.append(finer)
        for cls in classes:
            eg.add(node, RDF.type, cls)
        eg.add(node, SCHEMA.name, Literal(e.name))
        for alias in e.aliases:
            if alias != e.name:
                eg.add(node, SCHEMA.alternateName, Literal(alias))
        for same in e.same_as:
            eg.add(node, OWL.sameAs, NamedNode(same))
        country = by_name.get(e.country) if e.country else None
        if country is not None and country != node:
            eg.add(node, SCHEMA.containedInPlace, country)
        if e.email:
            eg.add(node, SCHEMA.email, Literal(e.email))
            if any(c.role == "sender" and c.email == e.email for c in doc.correspondents):
                w.add(d, SCHEMA.sender, node)

        w.quads += in_document_quads(
            d, NamedNode(in_document(doc_iri, e.uri)), node, len(e.mentions), e.name,
            [a for a in e.aliases if a != e.name], classes, e.type_votes, [NamedNode(s) for s in e.same_as],
            [country] if country is not None and country != node else [], [e.email] if e.email else [])
        if e.mentions:  # a country implied by a city's gazetteer entry is not mentioned
            w.add(d, SCHEMA.mentions, node)
        for m in e.mentions:
            mn = span_node(m.start, m.end)
            w.add(mn, RDF.type, NIF.Phrase)
            w.add(mn, NIF.beginIndex, _lit(m.start))
            w.add(mn, NIF.endIndex, _lit(m.end))
            w.add(mn, NIF.anchorOf, Literal(text[m.start : m.end]))
            w.add(mn, NIF.referenceContext, d)
            w.add(mn, NIF.sentence, sentence(m.sentence))
            w.add(mn, ITSRDF.taIdentRef, node)

    for dm in ex.dates:
        mn = span_node(dm.start, dm.end)
        w.add(mn, RDF.type, DG.DateMention)
        w.add(mn, RDF.type, NIF.Phrase)
        w.add(mn, NIF.beginIndex, _lit(dm.start))
        w.add(mn, NIF.endIndex, _lit(dm.end))
        w.add(mn, NIF.anchorOf, Literal(text[dm.start : dm.end]))
        w.add(mn, NIF.referenceContext, d)
        w.add(mn, NIF.sentence, sentence(dm.sentence))
        if dm.value:
            w.add(mn, DG.dateValue, _date(dm.value, dm.datatype))
        if dm.end_value:
            w.add(mn, DG.dateEndValue, _date(dm.end_value, dm.end_datatype))

    # -- binary links: the direct edge and its reified statement
    for n, rel in enumerate(ex.relations):
        prop = RELATION_PROPERTY.get(rel.predicate)
        if prop is None or rel.subject not in uri:
            continue
        if rel.obj is not None:
            if rel.obj not in uri:
                continue
            obj: NamedNode | Literal = uri[rel.obj]
        elif rel.obj_literal is not None:
            obj = _date(rel.obj_literal, rel.obj_datatype)
        else:
            continue
        eg.add(uri[rel.subject], prop, obj)
        st = NamedNode(f"{doc_iri}#stmt-{n}")
        w.add(st, RDF.type, RDF.Statement)
        w.add(st, RDF.subject, uri[rel.subject])
        w.add(st, RDF.predicate, prop)
        w.add(st, RDF.object, obj)
        w.add(st, DG.scope, DG.DocumentScope if rel.scope == "document" else DG.SentenceScope)
        if rel.basis:
            w.add(st, DG.basis, Literal(rel.basis))
        for agent in rel.attributed_to:
            if agent in uri:
                w.add(st, DG.statedBy, uri[agent])
        evidence(st, rel.sentence)

    # -- roles
    for n, role in enumerate(ex.roles):
        if role.person not in uri:
            continue
        person = uri[role.person]
        if role.occupation:  # "Saudi journalist X": what the person does, no post in a body
            o = NamedNode(f"{doc_iri}#occupation-{n}")
            w.add(o, RDF.type, SCHEMA.Occupation)
            w.add(person, SCHEMA.hasOccupation, o)
            w.add(o, SCHEMA.name, Literal(role.title))
            for flag in ("former", "late"):
                if getattr(role, flag):
                    w.add(o, DG[flag], _lit(True))
            evidence(o, role.sentence)
            continue
        r = NamedNode(f"{doc_iri}#role-{n}")
        w.add(r, RDF.type, DG.Role)
        w.add(r, RDF.type, SCHEMA.OrganizationRole)
        w.add(person, DG.hasRole, r)
        w.add(r, DG.roleHolder, person)
        w.add(r, SCHEMA.roleName, Literal(role.title))
        for flag in ("former", "late", "acting", "elect"):
            if getattr(role, flag):
                w.add(r, DG[flag], _lit(True))
        if role.date:
            w.add(r, DG.asOf, _date(role.date, role.date_datatype))
        if role.organization in uri:
            org = uri[role.organization]
            w.add(r, DG.roleOrganization, org)
            eg.add(person, SCHEMA.affiliation, org)
            st = NamedNode(f"{doc_iri}#role-{n}-affiliation")
            w.add(st, RDF.type, RDF.Statement)
            w.add(st, RDF.subject, person)
            w.add(st, RDF.predicate, SCHEMA.affiliation)
            w.add(st, RDF.object, org)
            w.add(st, DG.scope, DG.SentenceScope)
            evidence(st, role.sentence)
        evidence(r, role.sentence)

    # -- figures, each with its attributions
    for n, fig in enumerate(ex.figures):
        f = NamedNode(f"{doc_iri}#figure-{n}")
        w.add(f, RDF.type, DG.Figure)
        w.add(f, RDF.type, DG.Claim)
        w.add(f, DG.value, _lit(float(fig.value)))
        if fig.max_value is not None:
            w.add(f, DG.maxValue, _lit(float(fig.max_value)))
        if fig.qualifier:
            w.add(f, DG.qualifier, Literal(fig.qualifier))
        w.add(f, DG.counts, Literal(fig.counts))
        if fig.outcome:
            w.add(f, DG.outcome, Literal(fig.outcome))
        w.add(f, DG.figureText, Literal(fig.text))
        if fig.event in uri:
            w.add(f, DG.event, uri[fig.event])
        evidence(f, fig.sentence)
        for k, att in enumerate(fig.attributions):
            a = NamedNode(f"{doc_iri}#attr-{n}-{k}")
            w.add(f, DG.attribution, a)
            w.add(a, RDF.type, DG.Attribution)
            if att.agent in uri:
                w.add(a, DG.agent, uri[att.agent])
                w.add(f, DG.statedBy, uri[att.agent])
            if att.agent_text:
                w.add(a, DG.agentText, Literal(att.agent_text))
            w.add(a, DG.attributionKind, Literal(att.kind))
            if att.date:
                w.add(a, DG.date, _date(att.date, att.date_datatype))
            evidence(a, att.sentence)

    # -- quotations
    for n, q in enumerate(ex.quotations):
        node = NamedNode(f"{doc_iri}#quote-{n}")
        w.add(node, RDF.type, SCHEMA.Quotation)
        w.add(node, SCHEMA.text, Literal(q.text))
        w.add(node, SCHEMA.isPartOf, d)
        if q.speaker in uri:
            w.add(node, DG.speaker, uri[q.speaker])
        if q.speaker_text:
            w.add(node, DG.speakerText, Literal(q.speaker_text))
        if q.date:
            w.add(node, SCHEMA.dateCreated, _date(q.date, q.date_datatype))
        w.add(node, NIF.beginIndex, _lit(q.start))
        w.add(node, NIF.endIndex, _lit(q.end))
        evidence(node, q.sentence)

    return w.quads + list(dict.fromkeys(eg.quads))


def in_document_quads(graph: NamedNode, here: NamedNode, entity: NamedNode, count: int, name: str | None,
                      aliases, classes, votes: dict[str, float], gazetteer, countries,
                      emails=()) -> list[Quad]:
    """The quads of one ``dg:EntityInDocument`` node."""
    out = [Quad(here, RDF.type, DG.EntityInDocument, graph), Quad(here, DG.entity, entity, graph),
           Quad(here, DG.mentionCount, _lit(count), graph)]
    if name:
        out.append(Quad(here, DG.nameInDocument, Literal(name), graph))
    out += [Quad(here, DG.aliasInDocument, Literal(a), graph) for a in sorted(set(aliases)) if a != name]
    out += [Quad(here, DG.typeInDocument, c, graph) for c in classes]
    if votes:
        data = json.dumps({k: round(float(v), 3) for k, v in sorted(votes.items())}, sort_keys=True)
        out.append(Quad(here, DG.typeVotes, Literal(data), graph))  # a plain string: see docgraph.ttl
    out += [Quad(here, DG.gazetteerEntry, g, graph) for g in gazetteer]
    out += [Quad(here, DG.countryInDocument, c, graph) for c in countries]
    out += [Quad(here, DG.emailInDocument, Literal(m), graph) for m in sorted(set(emails))]
    return out


def _datatype_of(iso: str) -> str | None:
    """'2019-12-23' -> date, '2019-12' -> gYearMonth, '2019' -> gYear."""
    parts = iso.split("-")
    if len(parts) == 3 and len(parts[0]) == 4:
        return "date"
    if len(parts) == 2 and len(parts[0]) == 4:
        return "gYearMonth"
    if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
        return "gYear"
    return None
