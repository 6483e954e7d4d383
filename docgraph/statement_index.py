"""What each document says of each entity, as rows an entity page reads at once.

An entity's page groups every statement the documents make about it (roles, members, relations
both ways, quotations) and lists the documents that mention it. Read from the store, that is a
join per statement: 2.3 s for an entity in 10,000 documents of a 12-million-quad store, most of
it reading the store's indexes one statement at a time. These rows hold the same answers, one
row per statement and entity, derived from each document's graph alone: a document written adds
its rows, a document removed or rewritten (a merge, a split) has its rows derived again. They
live in the search index's database (``search.py``), in step with the store the same way (the
store's writes mark the documents they touch; an index behind the store's generation is rebuilt
from the store), so they are derived data, never a second source of truth.

Each row answers the page query of its section (``serve/describe.py``), column for column:

- ``roles``: ``role title org former late acting elect asOf`` of the entity (the role holder)
- ``members``: ``role person title asOf`` of the entity (the role's organisation)
- ``relations``: ``dir st p other``: reified statements whose subject (``out``) or object
  (``in``) is the entity, the other end an IRI
- ``quotations``: ``q text date`` the entity (the speaker) said
- each of these rows ends with the text of the statement's evidence sentence (``dg:evidence``,
  its ``nif:anchorOf``; None without one): what the page shows under the group, read with the row
- ``mentions``: the document mentions the entity; ``sentences``: the first sentences that name it
  (at most SENTENCES_SHOWN, by position), each ``[sentence IRI, page, [[start, end] of each
  name in it]]`` (the page reads their text)

and ``documents`` holds each document's title, date, source and the document it reprints.
Values are strings or None; several values of one property give one row per combination, as
SPARQL gives them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import product

from pyoxigraph import NamedNode

from .vocab import DG, ITSRDF, NIF, RDF, SCHEMA

SECTIONS = {
    "roles": ("role", "title", "org", "former", "late", "acting", "elect", "asOf"),
    "members": ("role", "person", "title", "asOf"),
    "relations": ("dir", "st", "p", "other"),
    "quotations": ("q", "text", "date"),
    "mentions": ("sentences",),
}
SENTENCES_SHOWN = 3  # sentences naming the entity kept per document (an entity page shows them)
_READ = {  # the properties a document's rows are made of, read once per document
    "subject": RDF.subject, "predicate": RDF.predicate, "object": RDF.object,
    "holder": DG.roleHolder, "title": SCHEMA.roleName, "org": DG.roleOrganization, "former": DG.former,
    "late": DG.late, "acting": DG.acting, "elect": DG.elect, "asOf": DG.asOf,
    "speaker": DG.speaker, "text": SCHEMA.text, "date": SCHEMA.dateCreated,
    "names": ITSRDF.taIdentRef, "begin": NIF.beginIndex, "end": NIF.endIndex, "sentence": NIF.sentence,
    "page": DG.page, "occupation": SCHEMA.hasOccupation, "occupation_name": SCHEMA.name,
    "evidence": DG.evidence, "anchor": NIF.anchorOf,  # the sentence a statement was read from, and its text
}


def _value(term) -> str | None:
    return None if term is None else term.value


def document_meta(raw, doc: NamedNode) -> tuple[str, str | None, str | None, str, str] | None:
    """(uri, title, date, source, original) of a document graph, None if it has no source path."""
    def one(p: NamedNode) -> str | None:
        q = next(iter(raw.quads_for_pattern(doc, p, None, doc)), None)
        return None if q is None else q.object.value

    source = one(DG.sourcePath)
    if source is None:
        return None
    return doc.value, one(SCHEMA.name), one(SCHEMA.datePublished), source, one(DG.reprintOf) or doc.value


def document_rows(raw, doc: NamedNode, is_entity) -> Iterator[tuple[str, str, tuple]]:
    """(entity URI, section, values) for every statement the document graph ``doc`` makes about
    an entity (``is_entity(uri)``), as the page queries would find them in this graph."""
    read: dict[str, dict] = {}
    for name, predicate in _READ.items():
        by: dict = defaultdict(list)
        for q in raw.quads_for_pattern(None, predicate, None, doc):
            by[q.subject].append(q.object)
        read[name] = by

    def values(name: str, node, required: bool = False) -> list:
        found = read[name].get(node)
        return found if found else ([] if required else [None])

    def said(node) -> str | None:
        """The text of the statement's evidence sentence (its first), as a page shows it."""
        evidence = read["evidence"].get(node)
        text = read["anchor"].get(evidence[0]) if evidence else None
        return text[0].value if text else None

    named: dict[str, list[tuple]] = defaultdict(list)  # entity -> (begin, mention begin, end, sentence, page)
    for mention, entities in read["names"].items():
        for e, mb, me, sentence in product(entities, values("begin", mention, True), values("end", mention, True),
                                           values("sentence", mention, True)):
            for begin, _end, page in product(values("begin", sentence, True), values("end", sentence, True),
                                             values("page", sentence)):
                named[e.value].append((int(begin.value), int(mb.value), int(me.value), sentence.value, _value(page)))
    for q in raw.quads_for_pattern(doc, SCHEMA.mentions, None, doc):
        if isinstance(q.object, NamedNode) and is_entity(q.object.value):
            yield q.object.value, "mentions", (_sentences(named.get(q.object.value, [])),)
    for st, subjects in read["subject"].items():
        for s, p, o in product(subjects, values("predicate", st, True), values("object", st, True)):
            if not (isinstance(s, NamedNode) and isinstance(o, NamedNode)):
                continue
            if is_entity(s.value):
                yield s.value, "relations", ("out", st.value, p.value, o.value, said(st))
            if is_entity(o.value):
                yield o.value, "relations", ("in", st.value, p.value, s.value, said(st))
    for role, holders in read["holder"].items():
        titles = values("title", role, True)
        orgs = values("org", role)
        as_of = values("asOf", role)
        flags = [values(f, role) for f in ("former", "late", "acting", "elect")]
        for holder in holders:
            if isinstance(holder, NamedNode) and is_entity(holder.value):
                for title, org, former, late, acting, elect, when in product(titles, orgs, *flags, as_of):
                    yield holder.value, "roles", (role.value, title.value, _value(org), _value(former), _value(late),
                                                  _value(acting), _value(elect), _value(when), said(role))
        for org in orgs:
            if isinstance(org, NamedNode) and is_entity(org.value):
                for person, title, when in product(holders, titles, as_of):
                    yield org.value, "members", (role.value, person.value, title.value, _value(when), said(role))
    for person, occupations in read["occupation"].items():  # shown with the roles, no organisation
        if not (isinstance(person, NamedNode) and is_entity(person.value)):
            continue
        for occupation in occupations:
            for name, former, late in product(values("occupation_name", occupation, True), values("former", occupation),
                                              values("late", occupation)):
                yield person.value, "roles", (occupation.value, name.value, None, _value(former), _value(late),
                                              None, None, None, said(occupation))
    for quote, speakers in read["speaker"].items():
        texts = values("text", quote, True)
        dates = values("date", quote)
        for speaker in speakers:
            if isinstance(speaker, NamedNode) and is_entity(speaker.value):
                for text, date in product(texts, dates):
                    yield speaker.value, "quotations", (quote.value, text.value, _value(date), said(quote))


def _sentences(rows: list[tuple]) -> list:
    """The first SENTENCES_SHOWN sentences of ``rows`` (begin, mention begin, end, sentence,
    page), each with the names in it as offsets into the sentence."""
    out: list = []
    last = None
    for begin, mb, me, sentence, page in sorted(rows, key=lambda r: (r[0], r[1])):
        if begin == last:
            out[-1][2].append([mb - begin, me - begin])
            continue
        if len(out) == SENTENCES_SHOWN:
            break
        out.append([sentence, page, [[mb - begin, me - begin]]])
        last = begin
    return out


__all__ = ["SECTIONS", "SENTENCES_SHOWN", "document_meta", "document_rows"]
