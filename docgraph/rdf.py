"""An ``Extraction`` (with entity URIs resolved) becomes the quads of one document graph.

This is the one module that knows how the vocabulary is used; the README's "RDF contract"
describes its output.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from . import __version__
from .model import Extraction, SourceDocument
from .resources import resource
from .vocab import DG, ITSRDF, NIF, PROV, RDF, RELATION_PROPERTY, SCHEMA, TYPE_CLASS, XSD, xsd


def document_uri(base: str, content_hash: str) -> str:
    return f"{base}/id/document/{content_hash[:16]}"


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
    """All quads of the document's named graph. Entities must carry their URIs."""
    doc = ex.document
    doc_iri = document_uri(base, doc.content_hash)
    d = NamedNode(doc_iri)
    w = _Writer(d)
    text = doc.text

    # -- the document
    w.add(d, RDF.type, DG.Document)
    w.add(d, RDF.type, SCHEMA.CreativeWork)
    w.add(d, RDF.type, NIF.Context)
    if doc.title:
        w.add(d, SCHEMA.name, Literal(doc.title))
    w.add(d, DG.sourcePath, Literal(doc.source))
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

    # -- entities and mentions
    uri: dict[str, NamedNode] = {}
    for e in ex.entities:
        if not e.uri:
            raise ValueError(f"entity {e.key} ({e.name}) has no URI: resolve before writing")
        node = NamedNode(e.uri)
        uri[e.key] = node
        w.add(node, RDF.type, TYPE_CLASS[e.type])
        finer = subtype_class(e.type, e.subtype)
        if finer is not None:
            w.add(node, RDF.type, finer)
        w.add(node, SCHEMA.name, Literal(e.name))
        for alias in e.aliases:
            w.add(node, SCHEMA.alternateName, Literal(alias))
        w.add(node, DG.mentionCount, _lit(len(e.mentions)))
        w.add(d, SCHEMA.mentions, node)
        if e.email:
            w.add(node, SCHEMA.email, Literal(e.email))
            if any(c.role == "sender" and c.email == e.email for c in doc.correspondents):
                w.add(d, SCHEMA.sender, node)
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
        w.add(uri[rel.subject], prop, obj)
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
        r = NamedNode(f"{doc_iri}#role-{n}")
        person = uri[role.person]
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
            w.add(person, SCHEMA.affiliation, org)
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

    return w.quads


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
