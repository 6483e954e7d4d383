"""Places: a place in a place ("Ghayil, Yemen": ``locatedIn``) and where an organisation is ("a
London-based group", "Commerzbank in Frankfurt": ``location``)."""

from __future__ import annotations

import re

from .view import DocView, link, pp_entities


def places(d: DocView) -> None:
    doc, lex = d.doc, d.lex
    toks = d.tokens
    spans = d.mention_spans
    for n, (a, b, key) in enumerate(spans):
        etype = d.type_of[key]
        # "Ghayil, Yemen": a place, a comma, a country
        if etype == "Place" and n + 1 < len(spans):
            a2, b2, key2 = spans[n + 1]
            # "Spain, Italy, and Greece", "France, Germany or Spain": a list, not a place in a place
            in_list = (a > 0 and toks[a - 1].text in (",", "and", "or")) or (b2 < len(doc) and (
                toks[b2].lower_ in ("and", "or") or (toks[b2].text == "," and b2 + 1 < len(doc) and (
                    d.ent(toks[b2 + 1], ("Place",)) or toks[b2 + 1].lower_ in ("and", "or")))))
            if a2 == b + 1 and toks[b].text == "," and d.type_of[key2] == "Place" and key2 != key and not in_list:
                outer = d.ex.entity(key2)
                inner = d.ex.entity(key)
                # a city in a country or a state ("Tulsa, Okla."); two countries are a list
                if inner.subtype != "Country" and (outer.subtype == "Country" or toks[b2 - 1].text.endswith(".")
                                                   or outer.subtype in (None, "Place", "State", "AdministrativeArea")):
                    link(d, key, "locatedIn", key2, toks[a])
        # "the UK-based group", "Reprieve, based in London", "Commerzbank in Frankfurt",
        # "Chicago's First National Bank"
        if etype == "Organization":
            root = doc[a:b].root
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    k = d.ent(obj, ("Place",))
                    if k:
                        link(d, key, "location", k, toks[a])
            # "Chicago's First National Bank" (the possessor's head is in the name), not "Israel's
            # UN ambassador" (the possessor belongs to the ambassador)
            if a >= 2 and toks[a - 1].tag_ == "POS" and a <= toks[a - 2].head.i < b:
                k = d.ent(toks[a - 2], ("Place",))
                if k:
                    link(d, key, "location", k, toks[a])
            # "the U.S. Congress", "Hong Kong conglomerate Sun Hung Kai": a place modifying the name
            if a >= 1 and toks[a - 1].dep_ in ("compound", "amod", "nmod") and a <= toks[a - 1].head.i < b:
                k = d.ent(toks[a - 1], ("Place",))
                if k and k != key:
                    link(d, key, "location", k, toks[a])
            for t in doc[a:b].root.children:
                if t.dep_ == "acl" and t.lower_ in lex.based_words:
                    for k, _ in pp_entities(d, t, {"in"}, ("Place",)):
                        link(d, key, "location", k, toks[a])
                        break
            if a >= 3 and toks[a - 1].lower_ in lex.based_words and toks[a - 2].text == "-":
                k = d.ent(toks[a - 3], ("Place",))
                if k:
                    link(d, key, "location", k, toks[a])
    for tok in toks:
        # "a UK-based human rights group", "Washington-based think tank" not named: nothing to link
        if tok.lower_ in lex.based_words and tok.i >= 2 and toks[tok.i - 1].text == "-":
            k = d.ent(toks[tok.i - 2], ("Place",))
            org = d.ent(tok.head, ("Organization",)) if tok.head.i != tok.i else None
            if k and org:
                link(d, org, "location", k, tok)



def datelines(d: DocView) -> None:
    """"DAYTON, Ohio (AP) _", "MILAN, Italy (AP) —": the agency filed from the city, the city is in
    the region. The agency's link to the city is what CoNLL04 annotates as OrgBased_In (17 of 29
    datelines of its training split); it says "filed from", so it carries the basis "dateline" and
    a query that wants only where an organisation is based can leave it out. The agencies are ``news_agencies`` in ingest/relations/places.yaml."""
    text = d.ex.document.text
    agencies = d.lex.news_agencies
    for m in _DATELINE.finditer(text):
        if m.group("agency").lower() not in agencies:
            continue
        city = _dateline_entity(d, m.start("city"), m.end("city"), "Place")
        agency = _dateline_entity(d, m.start("agency"), m.end("agency"), "Organization")
        region = _dateline_entity(d, m.start("region"), m.end("region"), "Place") if m.group("region") else None
        if city is None or agency is None:
            continue
        tok = d.doc.char_span(m.start("city"), m.end("city"), alignment_mode="expand")[0]
        link(d, agency, "location", city, tok, basis="dateline")
        if region and region != city:
            link(d, agency, "location", region, tok, basis="dateline")
            link(d, city, "locatedIn", region, tok, basis="dateline")


_DATELINE = re.compile(r"(?m)^[ \t]*(?P<city>[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})"
                       r"(?:,\s+(?P<region>[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}))?\s+\((?P<agency>[^()\n]{2,24})\)")


def _dateline_entity(d: DocView, start: int, end: int, etype: str) -> str | None:
    """The entity named at [start, end) of a dateline, typed as the dateline says (a city in
    capitals is a place, the agency in parentheses an organisation); one is made when the NER
    missed it."""
    span = d.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    keys = {d.ent_of[t.i] for t in span} - {None}
    if len(keys) > 1:
        return None
    if keys and etype == "Organization":
        key = next(iter(keys))
        entity = d.ex.entity(key)
        others = [m for m in entity.mentions if m.start != span.start_char]
        if others and (span.text in entity.aliases or entity.name == span.text):
            # "Ohio (AP)": the agency in parentheses was taken for the place's alias (or the
            # place for the agency's)
            if entity.name == span.text:
                entity.name = others[0].text
            if others[0].text in entity.aliases:
                entity.aliases.remove(others[0].text)
            if span.text in entity.aliases:
                entity.aliases.remove(span.text)
            entity.mentions = [m for m in entity.mentions if m.start != span.start_char]
            for t in span:
                d.ent_of[t.i] = None
            d.mention_spans = [s for s in d.mention_spans if not (s[2] == key and s[0] == span.start)]
            keys = set()
    if keys:
        key = keys.pop()
        if d.type_of[key] != etype and len(d.ex.entity(key).mentions) == 1:
            d.ex.entity(key).type = etype
            d.ex.entity(key).subtype = None
            d.type_of[key] = etype
        return key if d.type_of[key] == etype else None
    key = d.new_entity(etype, span.text, None, span.start, span.end)
    for t in span:
        d.ent_of[t.i] = key
    d.mention_spans = sorted([*d.mention_spans, (span.start, span.end, key)])
    return key
