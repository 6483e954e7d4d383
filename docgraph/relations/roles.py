"""Roles: who holds which title in which organisation ("Robert A. Destro the Assistant Secretary of
State … in the US State Department"), as n-ary ``Role`` records plus ``headOf``, ``spokesperson``
and ``memberOf`` links when the title says so. A name the small NER model called an organisation
but that stands in apposition with a person's title is taken as the person it is."""

from __future__ import annotations

from ..model import Role
from ..names import fold
from .titles import Title, clean_title, title_left, title_right
from .view import DocView, link


def people_named_as_organisations(d: DocView) -> None:
    """The small NER model often calls a foreign personal name an organisation. A name the parse
    puts in apposition with a person's title ("Alireza Miryousefi, director of the Media Office")
    and that holds no organisation word is taken as the person it is."""
    doc = d.doc
    for a, b, key in d.mention_spans:
        entity = d.ex.entity(key)
        if d.type_of[key] != "Organization" or entity.subtype is not None:
            continue
        words = entity.name.replace("-", " ").split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() and w.isalpha() for w in words) \
                or any(w.lower() in d.lex.org_words for w in words):
            continue
        sent = doc[a].sent
        start = b + 1 if b < sent.end and doc[b].text == "," else b
        if start == b or start >= sent.end:
            continue  # only the apposition "Name, the title …"
        right = title_right(d, start, sent.end)
        if right is not None and right.start - b <= 3 and right.kind in ("head", "spokesperson", "member", "other"):
            entity.type = "Person"
            entity.subtype = None
            d.type_of[key] = "Person"


def roles(d: DocView) -> None:
    doc = d.doc
    seen: set[tuple] = set()
    for a, b, key in d.mention_spans:
        if d.type_of[key] != "Person" or fold(d.ex.entity(key).name) in d.lex.honorifics:
            continue  # "Madam President": no one's name
        sent = doc[a].sent
        found: list[Title] = []
        right_start = b
        if right_start < sent.end and doc[right_start].text == ",":
            right_start += 1
        right = title_right(d, right_start, sent.end) if right_start < sent.end else None
        if right and (b == right_start or right_start > b):
            # a title after the name must be an apposition: "X, the Y" / "X the Y of Z"
            nxt = right.end + (1 if right.end < sent.end and doc[right.end].lower_ in ("mr", "mrs", "ms", "dr") else 0)
            runs_into_name = nxt < sent.end and d.ent(doc[nxt], ("Person",)) is not None
            if right.start - b <= 4 and not runs_into_name and not any(doc[k].pos_ == "VERB" for k in range(b, right.start)):
                found.append(right)
        left = title_left(d, a, sent.start)
        if left and left.end <= a:
            found.append(left)
        for t in found:
            if t.organization in d.title_words:  # "German Agriculture Minister": no organisation named
                t.organization = None
            title = clean_title(d, t)
            if not title:
                continue
            sig = (key, fold(title), t.organization)
            if sig in seen:
                continue
            seen.add(sig)
            s = d.sentence(doc[a])
            date = d.date_near(doc[t.end - 1], span=(t.end, min(t.end + 4, sent.end)))
            d.ex.roles.append(
                Role(
                    person=key, title=title, sentence=s, evidence=d.evidence(s), organization=t.organization,
                    former="former" in t.flags, late="late" in t.flags, acting="acting" in t.flags,
                    elect="elect" in t.flags, date=date.value if date else None,
                    date_datatype=date.datatype if date else None,
                )
            )
            if t.organization:
                if t.kind == "head":
                    link(d, key, "headOf", t.organization, doc[a])
                elif t.kind == "spokesperson":
                    link(d, key, "spokesperson", t.organization, doc[a])
                elif t.kind == "member":
                    link(d, key, "memberOf", t.organization, doc[a])

