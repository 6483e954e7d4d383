"""Events: named events with their date and place, and dated, placed happenings known by
description ("a civil society hearing … in Geneva")."""

from __future__ import annotations

import re

from .view import DocView, link, pp_entities


def events(d: DocView) -> None:
    doc = d.doc
    toks = d.tokens
    done: set[str] = set()
    for a, b, key in list(d.mention_spans):
        if d.type_of[key] != "Event" or key in done:
            continue
        done.add(key)
        entity = d.ex.entity(key)
        head = doc[a:b].root
        years = re.findall(r"\b(1[6-9]\d\d|20\d\d)\b", entity.name)
        if len(years) == 1:
            link(d, key, "date", None, head, literal=years[0], datatype="gYear")
        else:
            date = d.date_near(head, span=(b, min(b + 6, head.sent.end)))
            if date:
                link(d, key, "date", None, head, literal=date.value, datatype=date.datatype)
                if date.end_value:
                    link(d, key, "endDate", None, head, literal=date.end_value, datatype=date.end_datatype)
        for k, _ in pp_entities(d, head, {"in", "at"}, ("Place",)):
            link(d, key, "location", k, head)
            break
    # dated happenings known by description: "a civil society hearing organized by NGOs in Geneva"
    for tok in toks:
        if tok.pos_ != "NOUN" or tok.lower_ not in d.lex.event_nouns or d.ent_of[tok.i] is not None:
            continue
        places = pp_entities(d, tok, {"in", "at"}, ("Place",))
        date = d.date_near(tok, span=(tok.i, min(tok.i + 8, tok.sent.end)))
        if not places or not date:
            continue
        organizers = []
        for c in tok.children:
            if c.dep_ == "acl" and c.lemma_.lower() in ("organize", "organise", "hold", "host", "stage", "convene"):
                organizers = [k for k in d.ents_in(c.i, c.right_edge.i + 1, ("Organization", "Person"))]
        mods = [t for t in tok.lefts if t.dep_ in ("amod", "compound") and d.ent_of[t.i] is None and t.pos_ != "NUM"]
        phrase = " ".join([t.text for t in mods] + [tok.text])
        name = f"{phrase[0].upper()}{phrase[1:]} in {d.ex.entity(places[0][0]).name} ({date.value})"
        first = mods[0].i if mods else tok.i
        event = d.new_entity("Event", name, None, first, tok.i + 1)
        link(d, event, "location", places[0][0], tok)
        link(d, event, "date", None, tok, literal=date.value, datatype=date.datatype)
        for k in organizers:
            link(d, event, "organizer", k, tok)

