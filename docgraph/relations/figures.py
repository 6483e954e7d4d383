"""Figures: numbers with what they count, their qualifier, range and event, and every source that
gives them ("announced by the PMOI on December 15, 2019", "confirmed by Reuters on December 23,
2019"): one figure, one attribution per source; nothing is flattened into a bare fact."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..model import Attribution, Figure
from .reference import resolve_np, subject_entity
from .view import SPEAKERS, DocView

_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^\d+(?:\.\d+)?[kK]$")


def _number(d: DocView, i: int) -> tuple[float, int] | None:
    """The number starting at token ``i``: (value, tokens used)."""
    texts, lowers, lex = d.texts, d.lowers, d.lex
    text = texts[i]
    value: float | None = None
    if _NUMBER.match(text):
        value = float(text.replace(",", ""))
    elif lowers[i] in lex.number_words:
        value = lex.number_words[lowers[i]]
    elif _THOUSANDS.match(text):
        value = float(text[:-1]) * 1000
    if value is None:
        return None
    n = 1
    while i + n < len(texts) and lowers[i + n] in lex.scales:
        value *= lex.scales[lowers[i + n]]
        n += 1
    return value, n


def _counted(d: DocView, i: int) -> tuple[str, Token] | None:
    """What the number ending before token ``i`` counts: the noun phrase after it."""
    doc, lex = d.doc, d.lex
    toks = d.tokens
    j = i
    if j < len(doc) and toks[j].text in ("%", "percent", "per"):
        return None  # "a 32% increase": a share, not a count
    if j < len(doc) and toks[j].lower_ == "of" and j + 1 < len(doc) and toks[j + 1].dep_ in ("poss", "det"):
        j += 2  # "17,000 of our compatriots"
    words: list[Token] = []
    while j < len(doc) and len(words) < 6:
        t = toks[j]
        if t.pos_ in ("ADJ", "NOUN", "PROPN") or (t.text == "-" and words):
            words.append(t)
            j += 1
            if t.pos_ == "NOUN" and t.tag_ in ("NNS", "NNPS") and not (j < len(doc) and toks[j].pos_ == "NOUN"):
                break
            continue
        break
    while words and words[-1].pos_ != "NOUN" and words[-1].tag_ != "NNPS":
        words.pop()
    if not words:
        return None
    head = words[-1]
    if head.lower_ in lex.not_counts or head.lemma_.lower() in lex.not_counts:
        return None
    if head.tag_ not in ("NNS", "NNPS") and head.lower_ not in lex.count_singular:
        return None
    if d.date_of[head.i] is not None:
        return None
    text = d.ex.document.text[words[0].idx : head.idx + len(head.text)]
    return text, head


def _counted_as_outcome(d: DocView, i: int) -> tuple[str, Token] | None:
    """"left 42 injured", "432 dead and 9,400 injured", "killed and 933 injured": the number
    counts those to whom it happened, named by what happened (the outcome word after it)."""
    if i >= len(d.doc):
        return None
    t = d.tokens[i]
    if t.tag_ not in ("VBN", "VBD", "JJ") or d.ent_of[i] is not None:
        return None
    if not (d.lex.outcomes.get(t.lemma_.lower()) or d.lex.outcomes.get(t.lower_)):
        return None
    return t.text, t


def figures(d: DocView) -> None:
    doc, lex = d.doc, d.lex
    toks = d.tokens
    used: set[int] = set()
    for tok in toks:
        i = tok.i
        if i in used or d.date_of[i] is not None or d.ent_of[i] is not None:
            continue
        num = _number(d, i)
        if num is None:
            continue
        value, n = num
        if i > 0 and (toks[i - 1].text in ("$", "€", "£", "#", "No", "No.") or toks[i - 1].lower_ in ("page", "article", "resolution")):
            continue
        start = i
        max_value = None
        end = i + n
        # ranges: "2,800-5,000", "2,800 to 5,000", "between 2,800 and 5,000"
        if end + 1 < len(doc) and toks[end].text in ("-", "–", "—", "to", "and") and _number(d, end + 1):
            v2, n2 = _number(d, end + 1)
            if v2 > value and (toks[end].text != "and" or (i > 0 and toks[i - 1].lower_ == "between")):
                max_value, end = v2, end + 1 + n2
        counted = _counted(d, end) or _counted_as_outcome(d, end)
        singular_of = None
        if counted is None:
            # "the death toll of 1500", "a total of 44"
            if i >= 2 and toks[i - 1].lower_ in ("of", "at", "to", "reached", "was", "stood") :
                k = i - 2 if toks[i - 1].lower_ == "of" else i - 1
                while k >= 0 and toks[k].pos_ not in ("NOUN",) and i - k < 4:
                    k -= 1
                if k >= 0 and toks[k].lower_ in lex.count_singular:
                    a = k
                    while a > 0 and toks[a - 1].pos_ in ("NOUN", "ADJ") and toks[a - 1].lower_ not in ("the", "a"):
                        a -= 1
                    singular_of = (d.ex.document.text[toks[a].idx : toks[k].idx + len(toks[k].text)], toks[k])
            if singular_of is None:
                continue
        if 1500 <= value <= 2100 and value.is_integer() and counted is None and singular_of is None:
            continue
        counts, head = counted or singular_of
        if value < 10 and not max_value and not _has_qualifier(d, i):
            continue  # "seven experts", "two countries": not figures anyone cites
        qualifier = None
        for q in lex.qualifiers:
            if start - len(q) >= 0 and tuple(t.lower_ for t in doc[start - len(q) : start]) == q:
                qualifier = " ".join(q)
                start -= len(q)
                break
        if start > 0 and toks[start - 1].lower_ == "between":
            start -= 1
        for k in range(i, end):
            used.add(k)
        words = d.ex.document.text[toks[start].idx : toks[end - 1].idx + len(toks[end - 1].text)]
        s = d.sentence(tok)
        fig = Figure(value=value, counts=counts, text=words, sentence=s, evidence=d.evidence(s),
                     qualifier=qualifier, max_value=max_value)
        fig.event = _figure_event(d, tok)
        fig.outcome = _outcome(d, head)
        fig.attributions = _attributions(d, tok, head)
        d.ex.figures.append(fig)


def _has_qualifier(d: DocView, i: int) -> bool:
    doc = d.doc
    return any(i - len(q) >= 0 and tuple(t.lower_ for t in doc[i - len(q) : i]) == q for q in d.lex.qualifiers)


def _figure_event(d: DocView, tok: Token) -> str | None:
    sent = tok.sent
    events = d.ents_in(sent.start, sent.end, ("Event",))
    if len(events) == 1:
        return events[0]
    if events:
        return None
    # "victims of the massacre": the one event whose name ends with that noun
    named = {e.key: e.name.lower().split()[-1] for e in d.ex.entities if e.type == "Event" and e.name.split()}
    for t in sent:
        if t.i > 0 and d.tokens[t.i - 1].lower_ == "the" and t.pos_ == "NOUN":
            hits = [k for k, last in named.items() if last == t.lower_]
            if len(hits) == 1:
                return hits[0]
    # an event named with a year ("1988 Massacre") and a figure dated that year
    years = set()
    for i in range(sent.start, sent.end):
        k = d.date_of[i]
        if k is not None and d.ex.dates[k].value:
            years.add(d.ex.dates[k].value[:4])
    if not years:
        return None
    named = [e.key for e in d.ex.entities if e.type == "Event" and set(re.findall(r"\b\d{4}\b", e.name)) & years]
    return named[0] if len(named) == 1 else None


def _attributions(d: DocView, tok: Token, head: Token) -> list[Attribution]:
    """Who gives the figure at ``tok`` (counting ``head``): verbs above it in the parse
    ("Reuters confirmed …"), verbs inside its noun phrase ("… that was announced by the PMOI"),
    and "according to X"."""
    lex = d.lex
    sent_i = d.sentence(tok)
    evidence = d.evidence(sent_i)
    verbs: list[Token] = []
    node = tok
    steps = 0

    def attributes(v: Token) -> bool:
        return v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in lex.attribution_verbs

    while node.head.i != node.i and steps < 10:
        node = node.head
        steps += 1
        if attributes(node):
            subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            # "A survey of nearly 2,000 participants showed …": what a figure is about does not give it
            if subj is None or not subj.left_edge.i <= tok.i <= subj.right_edge.i:
                verbs.append(node)
        # "As a result, he said, more than 200,000 children …": a verb set in parenthesis
        verbs += [c for c in node.children if c.dep_ == "parataxis" and attributes(c) and c not in verbs]
    for t in head.subtree:
        if t.pos_ == "VERB" and t.lemma_.lower() in lex.attribution_verbs and t.dep_ in ("relcl", "acl") and all(t.i != v.i for v in verbs):
            verbs.append(t)
    stop = {v.i for v in verbs}
    out: list[Attribution] = []
    # "The rights group said it had documented 36 …": a verb whose subject is "it" or "they" under
    # another that names its subject gives nothing of its own (the pronoun is that subject, or
    # something else: "Amnesty said … it [the conflict] shows …")
    def pronoun_subject(v: Token) -> bool:
        return any(c.dep_ == "nsubj" and c.lower_ in ("it", "they") for c in v.children)

    if any(not pronoun_subject(v) and subject_entity(d, v, SPEAKERS) != (None, None) for v in verbs):
        verbs = [v for v in verbs if not pronoun_subject(v)]
    for v in verbs:
        agent, text = subject_entity(d, v, SPEAKERS)
        if agent is None and text is None:
            continue
        if text and text.lower() in ("it", "they", "which", "that", "who", "we", "i", "you"):
            continue
        date = d.date_near(v, stop - {v.i})
        out.append(Attribution(agent=agent or "", kind=lex.attribution_verbs[v.lemma_.lower()], sentence=sent_i,
                               evidence=evidence, agent_text=None if agent else text,
                               date=date.value if date else None, date_datatype=date.datatype if date else None))
    sent = tok.sent
    for i in range(sent.start, sent.end - 2):
        for words, kind in lex.attribution_phrases.items():
            if tuple(t.lower_ for t in d.doc[i : i + len(words)]) != words:
                continue
            pobj = next((c for c in d.tokens[i + len(words) - 1].children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            agent, text = resolve_np(d, pobj, SPEAKERS)
            if agent is None:  # "according to a report by Reprieve"
                for c in pobj.children:
                    if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                        for t in c.subtree:
                            agent = d.ent(t, ("Person", "Organization"))
                            if agent:
                                break
            if agent or text:
                out.append(Attribution(agent=agent or "", kind=kind, sentence=sent_i, evidence=evidence,
                                       agent_text=None if agent else text))
    return out



def _outcome(d: DocView, head: Token) -> str | None:
    """What happened to what the figure counts: killed, injured, executed, arrested, displaced —
    from the counted words ("death toll", "victims", "detainees") or the verb around them ("1,500
    people were killed", "protesters arrested"); None when the text does not say."""
    outcomes = d.lex.outcomes
    words = [head, *[c for c in head.children if c.dep_ in ("amod", "compound", "acl", "relcl")]]
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.head.pos_ in ("VERB", "AUX", "ADJ"):
        words.append(head.head)  # "… were killed", "… died", "killed 44 people"
        words += [c for c in head.head.children if c.dep_ in ("acomp", "xcomp")]
    for w in words:
        found = outcomes.get(w.lemma_.lower()) or outcomes.get(w.lower_)
        if found:
            return found
    return None
