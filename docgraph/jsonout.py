"""The JSON form of an ``Extraction`` (`docgraph extract --format json`).

Schema (version 1), documented in the README and read by evaluation code:

    {"schema": "docgraph-extraction/1",
     "document": {"source", "uri", "title", "date", "url", "publisher", "content_hash", "length", "metadata"},
     "sentences": [{"start", "end", "text"}],
     "entities": [{"id", "type", "subtype", "name", "aliases", "uri", "type_votes", "same_as",
                   "country", "country_same_as", "mentions": [{"start", "end", "text", "sentence"}]}],
     "dates": [{"start", "end", "text", "value", "datatype", "end_value", "end_datatype"}],
     "relations": [{"subject", "predicate", "object" | "literal"+"datatype",
                    "evidence": {"start", "end", "text"}, "attributed_to"}],
     "roles": [{"person", "title", "organization", "former", "late", "acting", "elect", "date", "evidence"}],
     "occupations": [{"person", "name", "former", "late", "evidence"}],
     "figures": [{"value", "max_value", "qualifier", "counts", "text", "event",
                  "attributions": [{"agent", "agent_text", "kind", "date", "evidence"}], "evidence"}],
     "quotations": [{"text", "start", "end", "speaker", "speaker_text", "date", "evidence"}]}

Entity references (subject, object, person, organization, agent, speaker, event) are entity
``id``s; every ``evidence`` is the supporting sentence with offsets into the stored text.
"""

from __future__ import annotations

from typing import Any

from .model import Extraction
from .rdf import document_uri


def extraction_json(ex: Extraction, base: str | None = None) -> dict[str, Any]:
    doc = ex.document
    text = doc.text

    def evidence(sentence: int) -> dict[str, Any]:
        s = ex.sentences[sentence]
        return {"start": s.start, "end": s.end, "text": s.text}

    uri = None
    if ex.entities and ex.entities[0].uri:
        uri = document_uri(ex.entities[0].uri.split("/id/")[0], doc.content_hash)
    elif base:
        uri = document_uri(base, doc.content_hash)
    return {
        "schema": "docgraph-extraction/1",
        "model": ex.model,
        "document": {
            "source": doc.source,
            "uri": uri,
            "title": doc.title,
            "date": doc.date,
            "url": doc.url,
            "publisher": doc.publisher,
            "content_hash": "sha256:" + doc.content_hash,
            "length": len(text),
            "metadata": doc.metadata,
        },
        "sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in ex.sentences],
        "entities": [
            {
                "id": e.key,
                "type": e.type,
                "subtype": e.subtype,
                "name": e.name,
                "aliases": e.aliases,
                "uri": e.uri,
                "type_votes": e.type_votes,
                "same_as": e.same_as,
                "country": e.country,
                "country_same_as": e.country_same_as,
                "mentions": [
                    {"start": m.start, "end": m.end, "text": text[m.start : m.end], "sentence": m.sentence}
                    for m in e.mentions
                ],
            }
            for e in ex.entities
        ],
        "dates": [
            {"start": d.start, "end": d.end, "text": d.text, "value": d.value, "datatype": d.datatype,
             "end_value": d.end_value, "end_datatype": d.end_datatype}
            for d in ex.dates
        ],
        "relations": [
            {
                "subject": r.subject,
                "predicate": r.predicate,
                **({"object": r.obj} if r.obj is not None else {"literal": r.obj_literal, "datatype": r.obj_datatype}),
                "evidence": {"start": r.evidence[0], "end": r.evidence[1], "text": text[r.evidence[0] : r.evidence[1]]},
                "attributed_to": r.attributed_to,
            }
            for r in ex.relations
        ],
        "roles": [
            {"person": r.person, "title": r.title, "organization": r.organization, "former": r.former,
             "late": r.late, "acting": r.acting, "elect": r.elect, "date": r.date, "evidence": evidence(r.sentence)}
            for r in ex.roles if not r.occupation
        ],
        "occupations": [
            {"person": r.person, "name": r.title, "former": r.former, "late": r.late, "evidence": evidence(r.sentence)}
            for r in ex.roles if r.occupation
        ],
        "figures": [
            {
                "value": f.value, "max_value": f.max_value, "qualifier": f.qualifier, "counts": f.counts,
                "text": f.text, "event": f.event,
                "attributions": [
                    {"agent": a.agent if not a.agent_text else None, "agent_text": a.agent_text, "kind": a.kind,
                     "date": a.date, "evidence": evidence(a.sentence)}
                    for a in f.attributions
                ],
                "evidence": evidence(f.sentence),
            }
            for f in ex.figures
        ],
        "quotations": [
            {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker, "speaker_text": q.speaker_text,
             "date": q.date, "evidence": evidence(q.sentence)}
            for q in ex.quotations
        ],
    }
