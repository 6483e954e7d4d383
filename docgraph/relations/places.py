"""Places: a place in a place ("Ghayil, Yemen": ``locatedIn``) and where an organisation is ("a
London-based group", "Commerzbank in Frankfurt": ``location``)."""

from __future__ import annotations

from .view import DocView, link, pp_entities


def places(d: DocView) -> None:
    doc, lex = d.doc, d.lex
    spans = d.mention_spans
    for n, (a, b, key) in enumerate(spans):
        etype = d.type_of[key]
        # "Ghayil, Yemen": a place, a comma, a country
        if etype == "Place" and n + 1 < len(spans):
            a2, b2, key2 = spans[n + 1]
            in_list = (a > 0 and doc[a - 1].text in (",", "and")) or (b2 < len(doc) and (
                doc[b2].lower_ == "and" or (doc[b2].text == "," and b2 + 1 < len(doc) and d.ent(doc[b2 + 1], ("Place",)))))
            if a2 == b + 1 and doc[b].text == "," and d.type_of[key2] == "Place" and key2 != key and not in_list:
                outer = d.ex.entity(key2)
                inner = d.ex.entity(key)
                # a city in a country or a state ("Tulsa, Okla."); two countries are a list
                if inner.subtype != "Country" and (outer.subtype == "Country" or doc[b2 - 1].text.endswith(".")
                                                   or outer.subtype in (None, "Place", "State", "AdministrativeArea")):
                    link(d, key, "locatedIn", key2, doc[a])
        # "the UK-based group", "Reprieve, based in London", "Commerzbank in Frankfurt",
        # "Chicago's First National Bank"
        if etype == "Organization":
            root = doc[a:b].root
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    k = d.ent(obj, ("Place",))
                    if k:
                        link(d, key, "location", k, doc[a])
            if a >= 2 and doc[a - 1].tag_ == "POS":
                k = d.ent(doc[a - 2], ("Place",))
                if k:
                    link(d, key, "location", k, doc[a])
            for t in doc[a:b].root.children:
                if t.dep_ == "acl" and t.lower_ in lex.based_words:
                    for k, _ in pp_entities(d, t, {"in"}, ("Place",)):
                        link(d, key, "location", k, doc[a])
                        break
            if a >= 3 and doc[a - 1].lower_ in lex.based_words and doc[a - 2].text == "-":
                k = d.ent(doc[a - 3], ("Place",))
                if k:
                    link(d, key, "location", k, doc[a])
    for tok in doc:
        # "a UK-based human rights group", "Washington-based think tank" not named: nothing to link
        if tok.lower_ in lex.based_words and tok.i >= 2 and doc[tok.i - 1].text == "-":
            k = d.ent(doc[tok.i - 2], ("Place",))
            org = d.ent(tok.head, ("Organization",)) if tok.head.i != tok.i else None
            if k and org:
                link(d, org, "location", k, tok)

