"""Works: named laws and reports with who made them and when, works known only by description ("a
report to the UN General Assembly in August 2017"), and letters told as "X wrote to Y"."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..names import fold
from ..type_evidence import cues
from .reference import pronoun, resolve_np, subject_entity
from .view import DocView, link, pp_entities
from .words import outlet_name


def _work_noun_at(d: DocView, tok: Token) -> tuple[str, Token] | None:
    """(schema.org class, head token) when ``tok`` heads a work noun ("report", "special report")."""
    if tok.pos_ != "NOUN" or d.ent_of[tok.i] is not None:
        return None
    for n in (2, 1):
        words = tuple(d.lowers[max(tok.i - n + 1, 0) : tok.i + 1])
        if len(words) == n and words in d.lex.work_nouns:
            return d.lex.work_nouns[words], tok
    return None


def _head_first(d: DocView, found: list[tuple[str, Token]], head: Token) -> list[tuple[str, Token]]:
    """The entity that heads a "to" phrase of ``head`` first: "to UN Secretary-General Antonio
    Guterres" is to Guterres, not to the UN of his title."""
    heads = {d.ent_of[o.i] for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "to"
             for o in prep.children if o.dep_ == "pobj"}
    return sorted(found, key=lambda x: x[0] not in heads)


def _wanted(d: DocView, verb: Token) -> bool:
    """``verb`` makes a work someone wants made, not one made: "urged the Security Council to
    pass an urgent resolution", "plans to publish a report"."""
    return verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and verb.head.lemma_.lower() in d.lex.proposal_verbs


def _passive_unmade(verb: Token) -> bool:
    """``verb`` is passive with no agent in a clause of its own, or heads a clause with a
    conjunction and no subject: "After a resolution … was adopted with 80 votes in favor, Nasser
    Kanaani made the remarks" — the work's maker is not said, and the main clause's subject only
    speaks of it (a verb joined by "and" shares its agent)."""
    if any(c.dep_ in ("nsubj", "agent") for c in verb.children) or verb.dep_ in ("conj", "ROOT"):
        return False
    # "as noted in the report, former UN Secretary-General Ban Ki-moon retreated …": a clause with
    # its own conjunction and no subject says nothing of the main subject's making the work
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children))


def _creator(d: DocView, noun: Token) -> tuple[str | None, str | None, Token | None]:
    """(entity key, relation, verb) for whoever made the work headed by ``noun``."""
    found = _creator_of(d, noun)
    verb = found[2]
    if verb is not None and _wanted(d, verb):
        return None, None, None
    lemma = noun.head.lemma_.lower()
    if _never_made(d, noun):
        return None, None, None
    if (noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.lemma_.lower() in d.lex.proposal_verbs) \
            or (noun.dep_ == "dobj" and lemma in d.lex.wanting_verbs):
        return None, None, None  # "the U.S. would push for an IAEA Board of Governors' resolution": wanted
    if found[0] is not None and noun.lower_ in d.lex.spoken_work_nouns and (
            verb is None or verb.lemma_.lower() not in d.lex.work_verbs):
        return None, None, None  # "his renewed appeal to Europeans": said, not written
    return found


def _asked_for(noun: Token) -> bool:
    """A work a question asks for, not one the text tells of: an indefinite object of the
    question's own verb ("do you find a statement from Joe Biden …?", "Wouldn't it be more
    appropriate to pass a law …?"); not one named in passing inside it ("Is it the “Israel Lobby”
    as suggested … in their report …?")."""
    if not noun.sent.text.rstrip(" ”\"’)").endswith("?") or noun.dep_ != "dobj" \
            or not any(c.dep_ == "det" and c.lower_ in ("a", "an", "any") for c in noun.children):
        return False
    verb = noun.head
    while verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _qualifies_a_noun(d: DocView, tok: Token) -> bool:
    """The place at ``tok`` only qualifies a noun of people ("a letter to US congressional leaders",
    "to Iranian officials"), before it or in a phrase of its ("to the youth in Europe and North
    America", "to Palestinian residents of Shaikh Jarrah", ``group_nouns``): the ones addressed
    are those people, not the place (but "a statement to the UN General Assembly committee", "to
    a Security Council meeting" is to the body)."""
    if d.type_of.get(d.ent_of[tok.i]) != "Place":
        return False  # ("a letter to the G20 leaders" is to the G20)
    a, b = d.mention_bounds(tok.i)
    root = d.doc[a:b].root
    while root.dep_ == "conj" and d.type_of.get(d.ent_of[root.head.i] or "") == "Place":
        root = root.head  # "in Europe and North America"
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "of", "across", "throughout"):
        root = root.head  # "the youth in Europe", "residents of Shaikh Jarrah"
    elif root.dep_ not in ("compound", "amod", "nmod"):
        return False
    head = root.head
    return head.pos_ == "NOUN" and head.is_lower and d.ent_of[head.i] is None and (
        head.lemma_.lower() in d.lex.person_nouns or head.lemma_.lower() in d.lex.group_nouns)


def _only_qualifies(d: DocView, tok: Token) -> bool:
    """The entity at ``tok`` only qualifies a common noun inside the phrase of what a work is on
    ("a report on the effects of U.S. sanctions on Iranians' daily lives", "on the impact of
    unilateral U.S. sanctions"): the work is on the sanctions, not on the United States."""
    a, b = d.mention_bounds(tok.i)
    root = d.doc[a:b].root
    head = root.head
    return root.dep_ in ("compound", "amod", "nmod", "poss") and head.pos_ == "NOUN" and head.is_lower \
        and d.ent_of[head.i] is None


def _never_made(d: DocView, noun: Token) -> bool:
    """The work headed by ``noun`` never came to be: the object of a blocking verb ("Russia vetoed
    a UN resolution", "blocking the issuance of a joint statement", ``blocking_verbs``) or one a
    clause of its says only what it would have done
    ("a resolution which would have mandated a ceasefire")."""
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN":
        node = node.head.head  # "blocking the issuance of a joint statement"
    if node.dep_ in ("dobj", "nsubjpass", "pobj") and node.head.lemma_.lower() in d.lex.blocking_verbs:
        return True
    verb = node.head
    if node.dep_ == "dobj" and verb.dep_ == "pcomp" and verb.head.lower_ == "from" \
            and verb.head.head.lemma_.lower() in d.lex.blocking_verbs:
        return True  # "prevented the UN Security Council from issuing a statement"
    if any(c.dep_ == "relcl" and {"would", "have"} <= {x.lower_ for x in c.children if x.dep_ == "aux"}
           for c in noun.children):
        return True
    return _not_yet_made(d, noun)


def _modal(d: DocView, verb: Token, infinitive: bool = False) -> bool:
    """``verb`` is put in the future or in a wish by an auxiliary ("should adopt", "will stop") or,
    with ``infinitive``, is an infinitive ("to ensure")."""
    return any(c.dep_ == "aux" and (c.lower_ in d.lex.modal_words or (infinitive and c.lower_ == "to"))
               for c in verb.children)


def _not_yet_made(d: DocView, noun: Token, drafts: bool = True) -> bool:
    """The work headed by ``noun`` is one a body has not made, or no one work: a draft ("the draft
    Security Council resolution", ``draft_words``), one whose making is put in the future or a
    wish ("the Security Council should adopt a new resolution", "to ensure the passing of the UN
    resolution", ``modal_words``, ``coming_nouns``), one stopped ("slammed the brakes on a
    resolution", ``stalling_nouns``), a kind said over and over ("resolution after resolution")
    or a body of law ("neither basis in international law", ``bodies_of_law``)."""
    lex = d.lex
    if any(c.dep_ == "det" and c.lower_ in lex.kind_determiners for c in noun.children):
        return True  # "Any UN resolution will force Iran …", "every parliamentary bill": a kind, no one work
    if drafts and any(c.dep_ in ("amod", "compound", "nmod") and c.lower_ in lex.draft_words for c in noun.children) \
            and not _adopted(d, noun):
        return True
    lemma = noun.lemma_.lower()
    doc = d.doc
    if (noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "after" and doc[noun.i + 2].lemma_.lower() == lemma) or (
            noun.i >= 2 and doc[noun.i - 1].lower_ == "after" and doc[noun.i - 2].lemma_.lower() == lemma):
        return True
    mods = [c.lower_ for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
    if mods and " ".join(mods + [noun.lower_]) in lex.bodies_of_law:
        return True
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ == "on" and (node.head.head.lemma_.lower() in lex.stalling_nouns or any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex.stalling_nouns for c in node.head.head.children)):
        return True  # "put a hold on the resolution", "slammed the brakes on a … resolution"
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.work_verbs and _wanted(d, noun.head):
        return True  # "working … to draft a Security Council press statement" (a maker from its words)
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in lex.coming_nouns:
        coming = node.head.head
        verb = coming.head if coming.dep_ in ("dobj", "pobj", "nsubjpass") else None
        if verb is not None and verb.dep_ == "prep":
            verb = verb.head
        if verb is not None and verb.pos_ in ("VERB", "AUX") and (
                _modal(d, verb, infinitive=True) or verb.lemma_.lower() in lex.proposal_verbs | lex.wanting_verbs):
            return True
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in lex.work_verbs and _modal(d, noun.head):
        return True
    # "an up-or-down vote on a Security Council resolution that will stop …": one described by
    # what it will do, with no verb that made it (not "an outrageous statement that could serve as
    # whitewashing": one made, judged)
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children) \
        and noun.dep_ not in ("dobj", "nsubjpass") \
        and any(c.dep_ == "relcl" and any(x.dep_ == "aux" and x.lower_ in lex.future_words for x in c.children)
                for c in noun.children)


def _adopted(d: DocView, noun: Token) -> bool:
    """The draft headed by ``noun`` is told adopted: "the Third Committee approved the draft
    resolution", "the adoption by consensus of the draft resolution" — it is the body's work now."""
    verb = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and d.lex.work_verbs.get(verb.lemma_.lower()) == "publisher":
        return not _modal(d, verb, infinitive=True)
    if noun.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lemma_.lower() in ("adoption", "approval", "passage", "passing"):
        return not _not_yet_made(d, noun, drafts=False)
    return False


def _creator_of(d: DocView, noun: Token) -> tuple[str | None, str | None, Token | None]:
    for child in noun.children:
        if child.dep_ == "poss":
            k = d.ent(child, ("Person", "Organization"))
            if k is None and child.lower_ in ("his", "her", "its", "their"):
                # "In his letter to the G20, Guterres urged …": the subject the phrase leads to
                verb = noun.head.head if noun.dep_ == "pobj" else None
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
                if subj is not None and subj.i > noun.i:
                    k = d.ent(subj, ("Person", "Organization"))
                    if k is None:
                        k = next((d.ent_of[t.i] for t in subj.subtree if d.type_of.get(d.ent_of[t.i] or "") == "Person"), None)
                    # "In his letter, Iran's envoy to the UN condemned …": the pronoun is the
                    # subject's, described or not; never one named before for something else
                    k = k or resolve_np(d, subj)[0]
                    if k is None:
                        return None, None, None
            k = k or pronoun(d, child)
            if k:
                return k, "author", None
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    k, _ = resolve_np(d, pobj)
                    if k:
                        return k, "author", None
        if child.dep_ == "compound":
            k = d.ent(child, ("Organization",))
            if k:
                return k, "publisher", None
    # "He said in a joint statement that was released by the Intelligence Ministry and …": the
    # clause that says who released it names the maker, not the one who cites it
    for c in noun.children:
        if c.dep_ == "relcl" and c.lemma_.lower() in d.lex.work_verbs and any(x.dep_ == "agent" for x in c.children):
            k, _ = subject_entity(d, c)
            if k:
                return k, d.lex.work_verbs[c.lemma_.lower()], c
    # "X compiled a report", "a report published by X", "In a statement, X said", "X confirmed in a report"
    node = noun
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    verb = node.head
    via_in = node.dep_ == "prep" and node.lower_ == "in" and (
        verb.lemma_.lower() in d.lex.speech_verbs or verb.lemma_.lower() in d.lex.attribution_verbs)
    direct = node.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in d.lex.work_verbs
    if verb.pos_ in ("VERB", "AUX") and (via_in or direct) and not _passive_unmade(verb):
        k, _ = subject_entity(d, verb)
        if k:
            rel = d.lex.work_verbs.get(verb.lemma_.lower(), "author")
            return k, rel, verb
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in set(d.lex.work_verbs) | {"say", "state", "find", "show"}:
        return None, None, None
    if noun.dep_ == "acl" or any(c.dep_ == "acl" for c in noun.children):
        for c in noun.children:
            # "a report published by X", not "a report that X approved the murder" (a clause with
            # an object of its own says what the report says)
            if c.dep_ == "acl" and c.lemma_.lower() in d.lex.work_verbs and not any(
                    x.dep_ in ("dobj", "ccomp") for x in c.children):
                k, _ = subject_entity(d, c)
                if k:
                    return k, d.lex.work_verbs[c.lemma_.lower()], c
    return None, None, None



_YEAR_OF = re.compile(r",?\s+(?:of\s+)?(?:19|20)\d\d$")  # "… Review Act of 2015"
_NUMBER = re.compile(r"\d{1,5}(?:/\d{1,4})?$")
_YEAR = re.compile(r"(?:19|20)\d\d$")


def _numbers_after(doc, i: int) -> list[tuple[int, str | None, int]]:
    """(token index of the number, year in parentheses after it or None, index after both) for
    "2231 (2015)", "No. 598", "1696 (2006), 1737 (2006) and 1929 (2010)" starting at token ``i``."""
    n = len(doc)
    if i < n and doc[i].lower_ in ("no", "no.", "nos", "nos.", "number", "numbers"):
        i += 2 if i + 1 < n and doc[i + 1].text == "." else 1
    out = []
    while i < n and _NUMBER.match(doc[i].text):
        j, year = i + 1, None
        if j + 2 < n and doc[j].text == "(" and _YEAR.match(doc[j + 1].text) and doc[j + 2].text == ")":
            year, j = doc[j + 1].text, j + 3
        out.append((i, year, j))
        k = j
        while k < n and k - j < 3 and doc[k].lower_ in (",", "and", "&"):
            k += 1
        if k == j or k >= n or not _NUMBER.match(doc[k].text) or (k + 1 < n and doc[k + 1].lower_ in (
                "percent", "%", "people", "members", "votes")):
            break
        i = k
    return out


def numbered_works(d: DocView) -> None:
    """"UN Security Council resolution 2231 (2015)", "resolutions 1696 (2006), 1737 (2006) and
    1929 (2010)": a work named by its number ("Resolution 2231", one entity with the NER model's
    own mentions of that name), made by whoever made the noun's work, adopted in the year in
    parentheses (or on the date its verb gives, when that date falls in that year)."""
    doc, lex = d.doc, d.lex
    toks = d.tokens
    for tok in toks:
        first_word = lex.numbered_work_nouns.get(tok.lower_)
        if first_word is None or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        items = _numbers_after(doc, tok.i + 1)
        if not items:
            continue
        creator, rel, verb = _creator(d, tok)
        stop = {t.i for t in tok.sent if t.pos_ == "VERB" and (verb is None or t.i != verb.i) and t.i > tok.i}
        told = d.date_near(verb, stop | {tok.i}) if verb is not None else None
        for n, (i, year, end) in enumerate(items):
            name = f"{first_word} {toks[i].text}"
            key = d.ent_of[i]
            if key is not None and not (d.type_of.get(key) == "Work" and fold(d.ex.entity(key).name).endswith(fold(name))):
                continue  # a number inside another name
            if key is None:
                key = d.new_entity("Work", name, "Legislation", tok.i if n == 0 else i, i + 1)
                d.ex.entity(key).subtype = d.ex.entity(key).subtype or "Legislation"
            for t in range(tok.i if n == 0 else i, i + 1):
                if d.ent_of[t] is None:
                    d.ent_of[t] = key
            if creator is not None:
                link(d, key, rel or "publisher", creator, toks[i])
            when = told if told is not None and (year is None or str(told.value).startswith(year)) else None
            if when is not None:
                link(d, key, "datePublished", None, toks[i], literal=when.value, datatype=when.datatype)
            elif year is not None:
                link(d, key, "datePublished", None, toks[i], literal=year, datatype="gYear")



def works(d: DocView) -> None:
    doc, lex = d.doc, d.lex
    toks = d.tokens
    # named works (laws, reports the ruler knows): who made them, when
    for a, b, key in list(d.mention_spans):
        if d.type_of[key] != "Work":
            continue
        head = doc[a:b].root
        node = head
        if node.dep_ == "pobj":
            node = node.head
        verb = node.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in lex.work_verbs and head.dep_ in ("dobj", "nsubjpass") \
                and not _wanted(d, verb) and not _passive_unmade(verb):
            k, _ = subject_entity(d, verb)
            if k and not (verb.lemma_.lower() == "sign"
                          and _YEAR_OF.sub("", d.ex.entity(key).name).split()[-1].lower() in lex.signed_not_made):
                # (not "Congress passed and Obama signed the Iran Nuclear Review Act": a statute's
                # signer enacts it, the legislature made it)
                link(d, key, lex.work_verbs[verb.lemma_.lower()], k, head)
            date = d.date_near(verb)
            if date:
                link(d, key, "datePublished", None, head, literal=date.value, datatype=date.datatype)
    # works known by description: "a report to the UN General Assembly in August 2017"
    for tok in toks:
        found = _work_noun_at(d, tok)
        if not found:
            continue
        cls, noun = found
        if _asked_for(noun):
            continue  # "do you find a statement from Joe Biden condemning these crimes?": asked, not told
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lex.draft_nouns:
            continue  # "an early draft of the letter sent by Sanders": a draft, not the letter
        creator, rel, verb = _creator(d, noun)
        if creator is None or (cls == "Message" and rel == "publisher" and outlet_name(d.lex, d.ex.entity(creator).name)):
            continue  # "the full text of the letter published by IRNA": an outlet reprints it
        stop = {t.i for t in noun.sent if t.pos_ == "VERB" and (verb is None or t.i != verb.i) and t.i > noun.i and not noun.left_edge.i <= t.i <= noun.right_edge.i}
        date = d.date_near(noun, stop) or (d.date_near(verb, stop | {noun.i}) if verb is not None else None)
        addressees = _head_first(d, [x for x in pp_entities(d, noun, {"to"}, ("Organization", "Person", "Place"))
                                     if not _qualifies_a_noun(d, x[1])], noun)
        if not addressees and verb is not None:
            addressees = _head_first(d, [x for x in pp_entities(d, verb, {"to"}, ("Organization", "Person"))
                                         if x[0] != creator and not _qualifies_a_noun(d, x[1])], verb)
        about = pp_entities(d, noun, lex.about_words, ("Event", "Place", "Person", "Organization", "Work"))
        if verb is not None:
            about += [x for x in pp_entities(d, verb, lex.about_words, ("Event",)) if x not in about]
            for c in verb.children:  # "compiled a report … detailing the 1988 Massacre"
                if c.dep_ == "advcl" and c.lemma_.lower() in lex.about_words | {"detail", "document", "describe"}:
                    about += [(k, c) for k in d.ents_in(c.i, c.right_edge.i + 1, ("Event",)) if all(k != o for o, _ in about)]
        about = [x for x in about if x[0] != creator and x[0] not in {k for k, _ in addressees}
                 and not _only_qualifies(d, x[1])]
        noun_words = " ".join(t.text for t in doc[noun.i - 1 : noun.i + 1]) if (
            tuple(t.lower_ for t in doc[noun.i - 1 : noun.i + 1]) in lex.work_nouns) else noun.text
        name = f"{noun_words[0].upper()}{noun_words[1:].lower()} by {d.ex.entity(creator).name}"
        if addressees:
            name += f" to {d.ex.entity(addressees[0][0]).name}"
        name += f" ({date.value})" if date else f" ({d.ex.document.content_hash[:8]})"
        first = min((t.i for t in noun.subtree if t.i <= noun.i and t.dep_ in ("det", "amod", "compound") or t.i == noun.i),
                    default=noun.i)
        work = d.new_entity("Work", name, cls if cls != "CreativeWork" else None, first, noun.i + 1)
        link(d, work, rel or "author", creator, noun)
        if date:
            link(d, work, "datePublished", None, noun, literal=date.value, datatype=date.datatype)
        for k, _ in addressees[:1]:
            link(d, work, "addressedTo", k, noun)
        for k, _ in about:
            link(d, work, "about", k, noun)
    # "X wrote to Y" with no work named: a letter
    for tok in toks:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.address_verbs:
            continue
        if any(c.dep_ in ("dobj", "dative") for c in tok.children) or tok.dep_ in ("relcl", "acl"):
            continue  # it names what was sent (a work noun has its own rule), or modifies it
        to = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"]
        if not to:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        creator, _ = resolve_np(d, subj)
        by = None
        if creator is None:  # "seven United Nations human rights experts wrote to …"
            lo, hi = subj.left_edge.i, subj.right_edge.i + 1
            inside = d.ents_in(lo, hi, ("Organization",))
            creator = inside[0] if len(inside) == 1 and hi - lo <= 8 else None
            by = d.ex.document.text[toks[lo].idx : subj.idx + len(subj.text)] if creator else None
        if creator is None:
            continue
        date = d.date_near(tok)
        addressee = None
        for t in to[0].subtree:
            addressee = d.ent(t, ("Organization", "Person", "Place"))
            if addressee:
                break
        pobj = next((c for c in to[0].children if c.dep_ == "pobj"), None)
        addressee = d.ent(pobj, ("Organization", "Person", "Place")) or addressee
        name = f"Letter by {by or d.ex.entity(creator).name}"
        if addressee:
            name += f" to {d.ex.entity(addressee).name}"
        name += f" ({date.value})" if date else f" ({d.ex.document.content_hash[:8]})"
        work = d.new_entity("Work", name, "Message", tok.i, tok.i + 1)
        link(d, work, "author", creator, tok)
        if addressee:
            link(d, work, "addressedTo", addressee, tok)
        if date:
            link(d, work, "datePublished", None, tok, literal=date.value, datatype=date.datatype)



_WHEN = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
         "August|September|October|November|December")
# (never into a capitalised "The": "Convention on the Rights of the Child| The United Nations …" runs
# a heading into the sentence after it, "…Political Rights|, The Fourteenth Periodic Report" a list;
# "the" after a joining word: "the Convention on the Rights| of the Child")
_NAME_GOES_ON = re.compile(r" (?:[Oo]n|[Aa]gainst|[Ff]or|[Oo]f|[Ww]ith) (?:the )?(?!(?:" + _WHEN + r")\b)[A-Z][\w’'-]*(?:(?:,? | and | of | on | the | for | to | with )(?:the )?(?!The\b)[A-Z][\w’'-]*)*")


_HEAD_ENDS = {"of", "on", "for", "to", "in", "against", "with", "-", "–", "—"}


def _body_named(d: DocView, name: str) -> str | None:
    """"Group of Friends in Defense of the Charter", "Libyan Government of National Accord": the
    type (``body_heads``) of a body or gathering the name's head (its words before the first
    preposition) names, when no law's noun is in that head; else None."""
    head = _head_words(name)
    if any(w in cues().law_words for w in head):
        return None
    return next((d.lex.body_heads[w] for w in head if w in d.lex.body_heads), None)


def _head_words(name: str) -> list[str]:
    """A name's head, lower-cased: its words before the first preposition ("fifth national report"
    of "Fifth National Report to the Convention on Biological Diversity")."""
    head = []
    for w in name.split():
        w = w.strip(",.;:()’'\"“”").lower()
        if w in _HEAD_ENDS:
            break
        head.append(w)
    return head


_GUARDED = re.compile(r"\b(?:[Aa]gainst|[Ww]ith)\b")


def work_names(d: DocView) -> None:
    """"Based on the Vienna Convention" -> "Vienna Convention": words of the sentence the NER
    model took into a work's name (``work_name_lead``) are cut from its name and mentions."""
    text = d.ex.document.text
    for e in [e for e in d.ex.entities if e.type == "Work" and _only_indefinite(d, e)]:
        _drop(d, e)  # "the adoption of a new Constitution": a work wanted or described, none named
    for e in d.ex.entities:
        if e.type != "Work":
            continue
        if any(w.lower().strip(",.") in d.lex.not_work_words for w in e.name.split()):
            e.type, e.subtype = "Organization", None  # "University of Illinois College of Law"
            d.type_of[e.key] = "Organization"
            continue
        body = _body_named(d, e.name)
        if body is not None:  # "Libyan Government of National Accord", "Group of Friends in Defense of the Charter"
            e.type, e.subtype = body, None
            d.type_of[e.key] = body
            continue
        # "the International Covenant| on Civil and Political Rights": the name goes on after a
        # preposition the NER model stopped at, while its words are capitalised
        # "Persons| with Disabilities"; not "Resolution 1803| against Iran" nor "the Accord| with
        # Israel" (after "against"/"with", a name of another entity is no part of this one)
        for m in e.mentions:
            tail = _NAME_GOES_ON.match(text, m.end)
            end = _before_other_work(d, e.key, m.end, tail.end()) if tail else m.end
            if end <= m.end or (_GUARDED.search(text[m.end : end]) and any(
                    d.ent_of[t.i] not in (None, e.key) for t in d.doc.char_span(m.end, end, alignment_mode="expand") or [])):
                continue
            if m.text == e.name and e.name.split()[0].lower() not in d.lex.law_parts:
                m.end, m.text = end, text[m.start : end]
                e.name = m.text
                for t in d.doc.char_span(m.start, m.end, alignment_mode="expand") or []:
                    d.ent_of[t.i] = e.key
        low = e.name.lower()
        if " and the " in e.name and re.match(r"(?:\d{4} )?[A-Z]", e.name.split(" and the ")[1]):
            # "the International Covenant on … and the European Convention": two works in one name;
            # the first keeps it (the NER model gave one span); also before a year ("… the Crime of
            # Apartheid and the 1998 Rome Statute for the International Criminal Court")
            e.name = e.name.split(" and the ")[0]
            low = e.name.lower()
        elif (two := _two_laws(e.name)) is not None:
            # "Islamic Republic of Iran Constitution and Civil Code", "Hague Agreement and the 1949
            # Geneva Accords": each side ends in a law's noun; the first keeps the name
            e.name = two
            low = e.name.lower()
        if (name_head := _head_words(e.name)) and name_head[-1] in d.lex.report_heads:
            e.subtype = "Report"  # "Fourth Periodic Report on the Implementation of … the International Covenant …"
        # "West Asia and Israel – the Abraham Accords": the sentence's words before a dash the
        # law-titled pattern ran through; the name is what follows the last dash, when a law's
        # noun is there
        dash = list(_DASH.finditer(e.name))
        if dash and cues().law_like(rest := e.name[dash[-1].end():]) and rest[:1].isupper():
            _cut_front(d, e, e.name[: dash[-1].end() + (4 if rest.startswith("the ") else 0)])
            low = e.name.lower()
        lead = next((w for w in d.lex.work_name_lead if low.startswith(w + " ")), None)
        if lead is None:
            continue
        rest = e.name[len(lead) + 1 :]
        rest = rest[4:] if rest.lower().startswith("the ") else rest
        if not rest.strip():
            continue
        cut = len(e.name) - len(rest)
        e.name = rest
        for m in e.mentions:
            if m.text.lower().startswith(lead):
                for t in d.doc.char_span(m.start, m.start + cut, alignment_mode="expand") or []:
                    d.ent_of[t.i] = None
                m.start, m.text = m.start + cut, m.text[cut:]
        spans = [d.doc.char_span(m.start, m.end, alignment_mode="expand") for m in e.mentions]
        d.mention_spans = sorted([(a, b, k) for a, b, k in d.mention_spans if k != e.key]
                                 + [(s.start, s.end, e.key) for s in spans if s is not None])
    _not_works(d)


def _not_works(d: DocView) -> None:
    """Works the names leave: a body of law ("in violation of International Law", "Under Sharia"),
    a law's noun alone ("its Charter", "the Constitution": ``generic_work_names``) or with only the
    kind of body that makes it ("a Congressional Bill", "this Congressional Act":
    ``generic_work_qualifiers``), a name only
    ever the first half of a hyphened adjective ("Charter-mandated responsibilities"), a name the
    NER cut from a periodical's ("Penn State International Law| Review": ``periodical_words``)
    or from a school's or a building's ("Islamabad Convention| Center": ``not_work_words``), or
    from a quoted title that goes on after a colon (an article's, not a law's)."""
    text = d.ex.document.text
    for e in [e for e in d.ex.entities if e.type == "Work"]:
        low = e.name.lower()
        for lead in d.lex.work_name_lead:
            low = low.removeprefix(lead + " ")
        words = low.split()
        generic = len(words) == 2 and words[0] in d.lex.generic_work_qualifiers and words[1] in d.lex.generic_work_names
        if low in d.lex.bodies_of_law or low in d.lex.generic_work_names or generic or (e.mentions and all(
                text[m.end : m.end + 1] == "-" and text[m.end + 1 : m.end + 2].islower() for m in e.mentions)):
            _drop(d, e)
        elif any(text[m.end : m.end + 1] == " " and (after := re.sub(r"[’']s$", "", text[m.end + 1 :].split(" ", 1)[0].strip(",.;:)"))) and (
                after in d.lex.periodical_words or (after[:1].isupper() and after.lower() in d.lex.not_work_words))
                 for m in e.mentions) or any(
                text[m.end : m.end + 2] == ": " and re.search(r"[“\"‘](?:[Tt]he )?$", text[max(m.start - 5, 0) : m.start])
                for m in e.mentions):
            _drop(d, e)  # "Penn State International Law| Review", “The Führer Principle of International Law|: …”


_TAIL_JOINS = re.compile(r"(?:,| and| of| on| the| for| to| with)+$")


def _before_other_work(d: DocView, key: str, start: int, end: int) -> int:
    """Where the words that go on a work's name from character ``start`` to ``end`` stop: before
    the first token another work holds (a law's part or another law or report of a list), the
    joining words and commas before it left out: "Universal Declaration of Human Rights|, Article 9
    (1) of the International Covenant …", "… of Racial Discrimination|, Finalizing the Fifth and
    Sixth Reports on …"; also before a law's part no entity holds ("… of Human Rights|, Articles
    10 and 26 of …", ``law_parts``)."""
    for t in d.doc.char_span(start, end, alignment_mode="expand") or []:
        k = d.ent_of[t.i]
        if (k is not None and k != key and d.type_of.get(k) == "Work") or (t.is_title and t.lower_ in d.lex.law_parts):
            cut = d.ex.document.text[start : max(t.idx, start)]
            return start + len(_TAIL_JOINS.sub("", cut.rstrip()))
    return end


def _only_indefinite(d: DocView, e) -> bool:
    """Every mention of work ``e`` follows "a"/"an" (with "new", "draft", "proposed" between
    or not): "the adoption of a new Constitution", "the conclusion of a Comprehensive Convention
    for Combating International Terrorism", "a Congressional Bill that was passed in 2015" — a
    work wanted, or one described by kind, not a work the text names. A mention that only
    qualifies the negotiation or drafting of it ("… Agreement negotiations") says no more; at
    least one indefinite mention must be there."""
    seen = False
    for a, b, k in d.mention_spans:
        if k != e.key:
            continue
        root = d.doc[a:b].root
        if root.dep_ == "compound" and root.head.lemma_.lower() in d.lex.unmade_work_governors:
            continue  # "the fourth round of EU-Iran Trade and Cooperation Agreement negotiations"
        seen = True
        i = a - 1
        while i >= 0 and d.lowers[i] in d.lex.unmade_work_words:
            i -= 1
        if i < 0 or d.lowers[i] not in ("a", "an"):
            return False
        if root.dep_ in ("compound", "amod", "nmod") or not _wanted_phrase(d, root):
            return False  # "a Freedom of Information Act request"; "announced a new … Agreement"
    return seen


def _wanted_phrase(d: DocView, tok: Token) -> bool:
    """The phrase of ``tok`` hangs from a noun or verb of wanting or of making to come ("the
    adoption of", "the conclusion of", "What we need now is …"), up to its clause's verb."""
    cues = d.lex.unmade_work_governors | d.lex.wanting_verbs
    node = tok
    for _ in range(8):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lemma_.lower() in cues:
            return True
        if node.pos_ in ("VERB", "AUX"):
            # "launched negotiations to sign a Trade and Cooperation Agreement": the verb's own
            # governor is one of wanting or of making to come
            return any(c.dep_ == "csubj" and c.lemma_.lower() in cues for c in node.children) \
                or (node.dep_ in ("acl", "xcomp") and node.head.lemma_.lower() in cues)
    return False


def _drop(d: DocView, e) -> None:
    d.ex.entities.remove(e)
    d.type_of.pop(e.key, None)
    d.mention_spans = [(a, b, k) for a, b, k in d.mention_spans if k != e.key]
    d.ent_of = [None if k == e.key else k for k in d.ent_of]
    for a, b, k in d.mention_spans:  # (another entity's mention over tokens the dropped one held)
        for t in range(a, b):
            if d.ent_of[t] is None:
                d.ent_of[t] = k


def _two_laws(name: str) -> str | None:
    """The first of two laws' names joined by "and" in ``name``, each ending in a law's noun
    (the first of two words at least: not "Law and Order"), else None."""
    law = cues().law_words
    for m in re.finditer(r" and (?:the )?", name):
        first, second = name[: m.start()].split(), name[m.end():].split()
        if len(first) >= 2 and second and (second[0][:1].isupper() or second[0][:1].isdigit()) \
                and first[-1].lower() in law and second[-1].lower().strip(",.") in law:
            return name[: m.start()]
    return None


_DASH = re.compile(r" [-–—] (?:the )?")


def _cut_front(d: DocView, e, front: str) -> None:
    """Cut ``front`` (words of the sentence) from the start of work ``e``'s name and of each of
    its mentions that begins with them."""
    e.name = e.name[len(front):]
    for m in e.mentions:
        if m.text.startswith(front):
            for t in d.doc.char_span(m.start, m.start + len(front), alignment_mode="expand") or []:
                d.ent_of[t.i] = None
            m.start, m.text = m.start + len(front), m.text[len(front):]
    spans = [d.doc.char_span(m.start, m.end, alignment_mode="expand") for m in e.mentions]
    d.mention_spans = sorted([(a, b, k) for a, b, k in d.mention_spans if k != e.key]
                             + [(s.start, s.end, e.key) for s in spans if s is not None])


def law_parts(d: DocView) -> None:
    """"Article 51 of the UN Charter", "the Preamble to the Charter": a part of a law is linked to
    the law (``isPartOf``) and typed a legal provision, not a work of its own. The whole is the
    work named after "of"/"to"/"in" (or inside the part's own name), else the one law named in the
    same sentence."""
    doc = d.doc
    toks = d.tokens
    works = [e for e in d.ex.entities if e.type == "Work"]
    parts = {e.key for e in works if e.name.split()[0].lower() in d.lex.law_parts}
    wholes = [e for e in works if e.key not in parts]
    for e in works:
        if e.key not in parts:
            continue
        e.subtype = "LegalProvision"
        whole = None
        tail = re.split(r"\s+(?:of|to|in)\s+(?:the\s+)?", e.name, maxsplit=1)
        if len(tail) == 2:  # "Preamble to the Charter": the Charter the document names
            key = fold(tail[1])
            whole = next((w.key for w in wholes if fold(w.name) == key or fold(w.name).endswith(" " + key)
                          or any(fold(a) == key for a in w.aliases)), None)
        for a, b, k in d.mention_spans:
            if whole or k != e.key:
                continue
            j = b + (1 if b < len(doc) and toks[b].lower_ in ("of", "to", "in") else 0)
            j += 1 if j < len(doc) and j > b and toks[j].lower_ == "the" else 0
            if j > b and j < len(doc) and d.ent_of[j] not in (None, e.key) and d.ent_of[j] not in parts \
                    and d.type_of.get(d.ent_of[j]) == "Work":
                whole = d.ent_of[j]
            else:
                sent = toks[a].sent
                near = [k2 for k2 in d.ents_in(sent.start, sent.end, ("Work",)) if k2 not in parts and k2 != e.key]
                whole = near[0] if len(near) == 1 else None
        if whole:
            first = next(a for a, _, k in d.mention_spans if k == e.key)
            link(d, e.key, "isPartOf", whole, toks[first])
