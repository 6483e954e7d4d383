"""Relations, roles, works, events, figures and quotations, from spaCy's parse of one document.

Called by ``Extractor.from_doc`` after the entities are grouped; fills ``ex.roles``,
``ex.relations``, ``ex.figures`` and ``ex.quotations`` and may add entities of its own (works and
events that have no name, such as "a report to the UN General Assembly in August 2017"). Every
link carries the sentence that supports it.

One module per kind of link (``roles``, ``works``, ``events``, ``figures``, ``quotations``,
``places``, ``killings``), each with its words in ``ingest/relations/<kind>.yaml``; below them
``view`` (the document as tokens with entities), ``reference`` (what a noun phrase stands for)
and ``titles`` (title phrases around a name). The code only walks the dependency parse and the
entity mentions.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Extraction
from .containment import containment
from .events import events
from .figures import figures
from .killings import killings, sentenced_for_killing
from .learned import learned_links
from .places import datelines, places
from .quotations import quotations
from .roles import bare_titles_said_whole, people_named_as_organisations, roles
from .view import DocView
from .words import Lexicon, lexicon
from .works import law_parts, numbered_works, work_names, works

__all__ = ["Lexicon", "extract_relations", "lexicon", "rule_links"]


def extract_relations(doc: Doc, ex: Extraction) -> None:
    """Fill ``ex`` with the links found in ``doc`` (the spaCy parse of ``ex.document.text``)."""
    d = rule_links(doc, ex)
    learned_links(d)
    containment(d)
    _dedupe(ex)


def rule_links(doc: Doc, ex: Extraction) -> DocView:
    """The links the rules find; returns the document view they worked on (the learned scorer
    and its training script take it from there)."""
    d = DocView(doc, ex)
    people_named_as_organisations(d)
    roles(d)
    work_names(d)
    law_parts(d)
    numbered_works(d)
    works(d)
    events(d)
    figures(d)
    quotations(d)
    bare_titles_said_whole(d)  # (after the quotations, whose descriptions the short titles name)
    datelines(d)
    places(d)
    killings(d)
    sentenced_for_killing(d)
    return d



def _dedupe(ex: Extraction) -> None:
    seen = set()
    rels = []
    for r in ex.relations:
        sig = (r.subject, r.predicate, r.obj, r.obj_literal, r.sentence)
        if sig not in seen:
            seen.add(sig)
            rels.append(r)
    ex.relations = rels
