"""Relations, roles, works, events, figures and quotations, from spaCy's parse of one document.

Called by ``Extractor.from_doc`` after the entities are grouped; fills ``ex.roles``,
``ex.relations``, ``ex.figures`` and ``ex.quotations`` and may add entities of its own (works and
events that have no name, such as "a report to the UN General Assembly in August 2017"). Every
link carries the sentence that supports it. The words it looks for (titles, speech verbs,
attribution verbs, work and event nouns, qualifiers) are in ``ingest/relations.yaml``; the code
only walks the dependency parse and the entity mentions.

Attribution is kept: a figure carries one attribution per source that gives it ("announced by
the PMOI on December 15, 2019", "confirmed by Reuters on December 23, 2019"); a quotation its
speaker, or the speaker's description when the text gives no name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from spacy.tokens import Doc, Token

from .model import Attribution, Entity, Extraction, Figure, Mention, Quotation, Relation, Role
from .names import fold
from .resources import resource

MAX_TITLE_TOKENS = 16
# who may speak or give a figure: people, organisations, and countries ("Iran said")
SPEAKERS = ("Person", "Organization", "Place")
MAX_QUOTE_CHARS = 3000


# -- resources --------------------------------------------------------------------------------

@dataclass
class Lexicon:
    title_kind: dict[tuple[str, ...], str]
    title_modifiers: set[str]
    flags: dict[str, str]
    honorifics: set[str]
    org_words: set[str]
    speech_verbs: set[str]
    speech_nouns: set[str]
    attribution_verbs: dict[str, str]
    attribution_phrases: dict[tuple[str, ...], str]
    work_nouns: dict[tuple[str, ...], str]
    work_verbs: dict[str, str]
    address_verbs: set[str]
    about_words: set[str]
    event_nouns: set[str]
    count_singular: set[str]
    not_counts: set[str]
    qualifiers: list[tuple[str, ...]]
    number_words: dict[str, float]
    scales: dict[str, float]
    org_anaphors: set[tuple[str, ...]]
    kill_verbs: set[str]
    kill_act_nouns: set[str]
    kill_agent_nouns: set[str]
    kill_frames: set[str]
    based_words: set[str]
    max_title_words: int = field(default=3)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().replace("-", " - ").split()) if "-" in phrase and " " in phrase else tuple(
        phrase.lower().split()
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(resource("ingest", "relations.yaml").read_text(encoding="utf-8"))
    title_kind: dict[tuple[str, ...], str] = {}
    for kind, titles in data["titles"].items():
        for t in titles:
            title_kind[tuple(t.lower().split())] = kind
    flags = {w: flag for flag, ws in data["role_flags"].items() for w in ws}
    return Lexicon(
        title_kind=title_kind,
        title_modifiers=set(data["title_modifiers"]),
        flags=flags,
        honorifics=set(data["honorifics"]),
        org_words=set(data["org_words"]),
        speech_verbs=set(data["speech_verbs"]),
        speech_nouns=set(data["speech_nouns"]),
        attribution_verbs=dict(data["attribution_verbs"]),
        attribution_phrases={tuple(k.split()): v for k, v in data["attribution_phrases"].items()},
        work_nouns={tuple(k.lower().split()): v for k, v in data["work_nouns"].items()},
        work_verbs=dict(data["work_verbs"]),
        address_verbs=set(data["address_verbs"]),
        about_words=set(data["about_words"]),
        event_nouns=set(data["event_nouns"]),
        count_singular=set(data["count_nouns_singular"]),
        not_counts=set(data["not_counts"]),
        qualifiers=sorted((tuple(q.split()) for q in data["qualifiers"]), key=len, reverse=True),
        number_words={k: float(v) for k, v in data["number_words"].items()},
        scales={k: float(v) for k, v in data["scales"].items()},
        org_anaphors={tuple(a.split()) for a in data["organization_anaphors"]},
        kill_verbs=set(data["kill_verbs"]),
        kill_act_nouns=set(data["kill_act_nouns"]),
        kill_agent_nouns=set(data["kill_agent_nouns"]),
        kill_frames=set(data["kill_frames"]),
        based_words=set(data["based_words"]),
        max_title_words=max(len(k) for k in title_kind),
    )


# -- the document as tokens with entities -----------------------------------------------------

class _Doc:
    """Token-level view: which entity (key) and which date covers each token."""

    def __init__(self, doc: Doc, ex: Extraction) -> None:
        self.doc = doc
        self.ex = ex
        self.lex = lexicon()
        n = len(doc)
        self.ent_of: list[str | None] = [None] * n
        self.date_of: list[int | None] = [None] * n
        self.type_of = {e.key: e.type for e in ex.entities}
        self.mention_spans: list[tuple[int, int, str]] = []
        for e in ex.entities:
            for m in e.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                self.mention_spans.append((span.start, span.end, e.key))
                for i in range(span.start, span.end):
                    self.ent_of[i] = e.key
        self.mention_spans.sort()
        for k, d in enumerate(ex.dates):
            span = doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.date_of[i] = k
        self.sent_of_token: list[int] = [0] * n
        starts = [s.start for s in ex.sentences]
        j = 0
        for i, tok in enumerate(doc):
            while j + 1 < len(starts) and tok.idx >= starts[j + 1]:
                j += 1
            self.sent_of_token[i] = j
        self._next_key = len(ex.entities)

    # entity helpers
    def ent(self, tok: Token | None, types: tuple[str, ...] | None = None) -> str | None:
        if tok is None:
            return None
        key = self.ent_of[tok.i]
        if key is not None and (types is None or self.type_of.get(key) in types):
            return key
        return None

    def ents_in(self, start: int, end: int, types: tuple[str, ...] | None = None) -> list[str]:
        seen: list[str] = []
        for i in range(max(start, 0), min(end, len(self.doc))):
            key = self.ent_of[i]
            if key is not None and key not in seen and (types is None or self.type_of[key] in types):
                seen.append(key)
        return seen

    def mention_bounds(self, i: int) -> tuple[int, int]:
        """Token range of the mention covering token ``i`` (or ``i`` alone)."""
        key = self.ent_of[i]
        if key is None:
            return i, i + 1
        a = i
        while a > 0 and self.ent_of[a - 1] == key and self.doc[a - 1].whitespace_ != "\n":
            a -= 1
        b = i + 1
        while b < len(self.doc) and self.ent_of[b] == key:
            b += 1
        return a, b

    def sentence(self, tok: Token) -> int:
        return self.sent_of_token[tok.i]

    def evidence(self, sentence: int) -> tuple[int, int]:
        s = self.ex.sentences[sentence]
        return s.start, s.end

    def subject_entity(self, verb: Token, types=("Person", "Organization")) -> tuple[str | None, str | None]:
        """(entity key, description) of ``verb``'s subject (active) or agent (passive)."""
        subj = None
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ == "nsubj":
                subj = child
            elif child.dep_ == "agent":
                subj = next((c for c in child.children if c.dep_ == "pobj"), None) or subj
                if subj is not None:
                    break
        if subj is None and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subject_entity(verb.head, types)  # "X rejected …, saying …"
        if subj is None:
            return None, None
        if subj.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
            subj = verb.head  # "the deputy that described …": the deputy
        return self.resolve_np(subj, types)

    def resolve_np(self, head: Token, types=("Person", "Organization")) -> tuple[str | None, str | None]:
        """An entity for the noun phrase headed by ``head``: a mention in it, a pronoun or an
        anaphor resolved to the entity it stands for, else (None, the phrase's words)."""
        key = self.ent(head, types)
        if key:
            return key, None
        # "the tweet of X", "X's tweet", "a statement by X": the possessor speaks
        if head.lemma_.lower() in self.lex.speech_nouns or head.lower_ in ("account", "words", "tweets"):
            for child in head.children:
                if child.dep_ == "poss":
                    k = self.ent(child, types) or self.pronoun(child)
                    if k:
                        return k, None
        if head.lemma_.lower() in self.lex.speech_nouns or head.lower_ in ("words", "word"):
            for child in head.children:  # "the words of X", "a statement by X"
                if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.resolve_np(pobj, types)
        if head.lower_ in ("he", "she", "him", "her", "his"):
            return self.pronoun(head), None
        if head.lower_ in ("it", "they"):
            k = self.org_before(head)
            return k, None
        if head.lower_ in ("report", "statement", "letter", "study") and any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            author = self.author_of_last_work(head)
            if author:
                return author, None
        words = tuple(t.lower_ for t in head.subtree if not t.is_punct)
        if words in self.lex.org_anaphors:
            return self.org_before(head), None
        a, b = head.left_edge.i, head.right_edge.i + 1
        if _title_head_at(self, head.i):  # "Former Special Rapporteur …, the late Asma Jahangir"
            people = [k for k in self.ents_in(a, b, ("Person",))
                      if any(self.ent_of[t.i] == k and t.dep_ == "appos" for t in head.subtree)]
            if len(people) == 1 and (types is None or "Person" in types):
                return people[0], None
        # the phrase itself: its left modifiers and "of" phrases, not relative clauses
        b = head.i + 1
        for child in head.rights:
            if (child.dep_ == "prep" and child.lower_ == "of") or child.dep_ in ("compound", "flat", "nummod"):
                b = child.right_edge.i + 1
        if b - a > 12:
            return None, None
        inside = self.ents_in(a, b, types)
        if len(inside) == 1 and self._head_is_entity_like(head, inside[0]):
            return inside[0], None
        phrase = re.sub(r"^[A-Z]{3,}(?:\s+[A-Z]{3,})*\s*[-–—]\s*", "", self.doc[a:b].text.strip())
        if head.pos_ == "NOUN" and not head.is_stop and phrase:  # "the Supreme Leader's chief deputy"
            return None, phrase
        return None, None

    def _head_is_entity_like(self, head: Token, key: str) -> bool:
        """"the UN's special rapporteur", "a United Nations official": the entity is a modifier,
        the speaker is a person of it; keep the entity only for group nouns of it."""
        return head.lower_ in ("group", "organization", "organisation", "ministry", "office", "government",
                               "agency", "spokesman", "spokeswoman", "spokesperson", "statement", "report")

    def author_of_last_work(self, tok: Token) -> str | None:
        """'the report' after 'a report by Reprieve': Reprieve (the last such work's author)."""
        noun = tok.lower_
        for e in reversed(self.ex.entities):
            if e.type == "Work" and e.name.lower().startswith(noun) and any(m.start < tok.idx for m in e.mentions):
                for r in self.ex.relations:
                    if r.subject == e.key and r.predicate in ("author", "publisher") and r.obj:
                        return r.obj
        return None

    def pronoun(self, tok: Token) -> str | None:
        """He/she: the person last named before, within three sentences."""
        if tok.lower_ not in ("he", "she", "him", "her", "his", "hers"):
            return None
        here = self.sentence(tok)
        for a, b, key in reversed(self.mention_spans):
            if a >= tok.i:
                continue
            if self.type_of[key] == "Person":
                return key if here - self.sent_of_token[a] <= 3 else None
        return None

    def org_before(self, tok: Token) -> str | None:
        """'the organization', 'it': the one organisation named in the two sentences before
        (or earlier in this one); None when two or more are in play."""
        here = self.sentence(tok)
        orgs = {
            key for a, b, key in self.mention_spans
            if a < tok.i and here - self.sent_of_token[a] <= 2 and self.type_of[key] == "Organization"
        }
        return orgs.pop() if len(orgs) == 1 else None

    def date_near(self, anchor: Token, stop: set[int] | None = None, span: tuple[int, int] | None = None):
        """The date mention governed by ``anchor``: a date whose path up the parse reaches
        ``anchor`` before any token in ``stop``. Returns the DateMention or None."""
        stop = stop or set()
        best = None
        lo, hi = span or (anchor.sent.start, anchor.sent.end)
        for i in range(lo, hi):
            k = self.date_of[i]
            if k is None or (i > lo and self.date_of[i - 1] == k):
                continue
            d = self.ex.dates[k]
            if d.value is None:
                continue
            node = self.doc[i]
            steps = 0
            while node.head.i != node.i and node.i != anchor.i and node.i not in stop and steps < 12:
                node = node.head
                steps += 1
            if node.i == anchor.i:
                if best is None or abs(i - anchor.i) < abs(best[0] - anchor.i):
                    best = (i, d)
        return best[1] if best else None

    def new_entity(self, etype: str, name: str, subtype: str | None, start_tok: int, end_tok: int) -> str:
        """A work or event the text names by description only; its mention is the phrase."""
        for e in self.ex.entities:  # the same description twice in one document: one entity
            if e.type == etype and fold(e.name) == fold(name):
                key = e.key
                break
        else:
            key = f"e{self._next_key}"
            self._next_key += 1
            self.ex.entities.append(Entity(key=key, type=etype, name=name, subtype=subtype))
            self.type_of[key] = etype
        entity = self.ex.entity(key)
        span = self.doc[start_tok:end_tok]
        if not any(m.start == span.start_char for m in entity.mentions):
            entity.mentions.append(Mention(span.start_char, span.end_char, span.text, self.sentence(span[0])))
        return key


def extract_relations(doc: Doc, ex: Extraction) -> None:
    """Fill ``ex`` with the links found in ``doc`` (the spaCy parse of ``ex.document.text``)."""
    d = _Doc(doc, ex)
    _people_named_as_organisations(d)
    _roles(d)
    _works(d)
    _events(d)
    _figures(d)
    _quotations(d)
    _located_in(d)
    _kills(d)
    _dedupe(ex)


def _relation(d: _Doc, subject: str, predicate: str, obj: str | None, tok: Token, *,
              literal: str | None = None, datatype: str | None = None) -> None:
    sent = d.sentence(tok)
    d.ex.relations.append(Relation(subject, predicate, obj, sent, d.evidence(sent), literal, datatype))


# -- roles ------------------------------------------------------------------------------------

@dataclass
class _Title:
    start: int  # token range of the title words (flags excluded)
    end: int
    kind: str
    organization: str | None
    flags: set[str]
    date: object | None = None


def _title_head_at(d: _Doc, i: int) -> tuple[int, str] | None:
    """A title head starting at token ``i``: (its length in tokens, its kind)."""
    lex = d.lex
    for n in range(min(lex.max_title_words + 2, len(d.doc) - i), 0, -1):
        words = tuple(t.lower_ for t in d.doc[i : i + n] if t.text != "-")
        # "Secretary-General" is three tokens ("Secretary", "-", "General")
        joined = tuple(" ".join(words).replace(" - ", "-").split()) if "-" in d.doc[i : i + n].text else words
        for cand in (words, joined, tuple("-".join(words).split())):
            if cand in lex.title_kind:
                return n, lex.title_kind[cand]
    return None


def _title_right(d: _Doc, i: int, limit: int) -> _Title | None:
    """A title phrase starting at token ``i`` (after a name): "the Assistant Secretary of State
    for Democracy, Human Rights, and Labor in the US State Department", "former Special
    Rapporteur on …", "Iran's foreign minister"."""
    doc, lex = d.doc, d.lex
    flags: set[str] = set()
    org = None
    j = i
    while j < limit and (doc[j].lower_ in ("the", "a", "an", "who", "is", "was", "then") or doc[j].lower_ in lex.flags):
        if doc[j].lower_ in lex.flags:
            flags.add(lex.flags[doc[j].lower_])
        j += 1
    # "Iran's foreign minister", "the UN's special rapporteur": the possessor is the organisation
    k = d.ent(doc[j]) if j < limit else None
    if k:
        a, b = d.mention_bounds(j)
        if b < limit and doc[b].tag_ == "POS":
            if d.type_of[k] == "Organization":
                org = k
            j = b + 1
        elif d.type_of[k] == "Organization" and b < limit and _title_head_at(d, b):
            if not (b - j == 1 and doc[j].lower_ in lex.title_modifiers):  # "Defense Secretary"
                org = k  # "the NCRI President-elect"
            j = b
    start = j
    head = None
    while j < limit and j - start < MAX_TITLE_TOKENS:
        found = _title_head_at(d, j)
        if found:
            n, kind = found
            if any(t.lower_ in ("elect", "designate") for t in doc[j : j + n]):
                flags.add("elect")
            head = (kind, j + n)
            j += n
            if j < limit and doc[j].text in ("-", "–") and j + 1 < limit and doc[j + 1].lower_ in ("elect", "designate"):
                flags.add("elect")
                j += 2
            continue
        t = doc[j]
        if head is None and (t.lower_ in lex.title_modifiers or (
                t.is_title and not d.ent(t) and t.pos_ in ("PROPN", "ADJ", "NOUN") and not t.is_stop)):
            if t.lower_ in lex.flags:
                flags.add(lex.flags[t.lower_])
            j += 1
            continue
        break
    if head is None:
        return None
    kind, end = head
    if start < end and doc[start].lower_ in lex.flags:
        start += 1
    # "of State for Democracy, Human Rights, and Labor", "on the situation of human rights in Iran"
    j = end
    while j < limit and doc[j].lower_ in ("of", "for", "on", "to") and j - start < MAX_TITLE_TOKENS:
        k = j + 1
        if k < limit and doc[k].lower_ == "the":
            k += 1
        key = d.ent(doc[k]) if k < limit else None
        if key and d.type_of[key] == "Organization":
            eb = d.mention_bounds(k)[1]
            # "of State for Democracy, Human Rights, and Labor": a name cut short by NER goes on
            cut_short = eb + 1 < limit and (doc[eb].text == "," or doc[eb].lower_ == "and") and (
                doc[eb + 1].is_title or doc[eb + 1].lower_ == "and")
            if not cut_short:
                if org is None:
                    org = key  # the title ends before "of the ORG"
                break
        first_key = key
        m = k
        while m < limit and m - start < MAX_TITLE_TOKENS and (
            doc[m].is_title or doc[m].lower_ in ("and", "of", "the", "for", "in", "on") or d.ent(doc[m])
            or (doc[m].text == "," and m + 1 < limit and (doc[m + 1].is_title or doc[m + 1].lower_ == "and"))
            or (doc[m].is_lower and doc[m].pos_ in ("NOUN", "ADJ") and kind == "other")
        ):
            key = d.ent(doc[m])
            if key and d.type_of[key] == "Organization" and m > k and key != first_key and doc[m - 1].lower_ not in (
                "and", ","
            ) and d.ent_of[m - 1] != key:
                break
            m += 1
        while m > k and doc[m - 1].lower_ in ("and", "of", "the", "for", "in", "on", ","):
            m -= 1
        if m == k:
            break
        end = j = m
    # "… in the US State Department", "… at the Atlantic Council"
    if org is None and end < limit and doc[end].lower_ in ("in", "at", "of", "with", "for"):
        k = end + 1
        if k < limit and doc[k].lower_ == "the":
            k += 1
        key = d.ent(doc[k], ("Organization",)) if k < limit else None
        if key:
            org = key
    return _Title(start, end, kind, org, flags)


def _title_left(d: _Doc, i: int, lo: int) -> _Title | None:
    """A title phrase ending just before token ``i`` (before a name): "United Nations
    Secretary-General", "Iran's Foreign Minister", "Former Special Rapporteur on …, the late"."""
    doc, lex = d.doc, d.lex
    flags: set[str] = set()
    j = i
    while j > lo and (doc[j - 1].lower_ in lex.honorifics or doc[j - 1].lower_.rstrip(".") in lex.honorifics
                      or doc[j - 1].text == "."):
        j -= 1
    while j > lo and (doc[j - 1].lower_ in lex.flags or doc[j - 1].lower_ in ("the", ",")):
        if doc[j - 1].lower_ in lex.flags:
            flags.add(lex.flags[doc[j - 1].lower_])
        j -= 1
    end = j
    if end == i or doc[end - 1].is_punct:
        pass
    # find the longest title phrase [start, end) with a head word, scanning left
    best = None
    for start in range(end - 1, max(lo, end - MAX_TITLE_TOKENS) - 1, -1):
        t = doc[start]
        if t.text in (".", ";", ":", "“", "”", '"') or (t.pos_ == "VERB" and not t.is_title):
            break
        cand = _title_right(d, start, end)
        if cand is None or cand.end != end or (best is not None and cand.start != start):
            continue
        if best is not None and any(doc[k].lower_ in ("to", "of", "for", "on", "at") for k in range(start, best.start)):
            break  # "a top advisor to Foreign Minister Zarif": the title next to the name is his
        best = cand
    if best is None:
        return None
    best.flags |= flags
    a = best.start
    # an organisation just before the title: "United Nations Secretary-General"
    while a > lo and doc[a - 1].lower_ in lex.flags:
        best.flags.add(lex.flags[doc[a - 1].lower_])
        a -= 1
    if best.organization is None and a > lo:
        key = d.ent(doc[a - 1])
        if key and d.mention_bounds(a - 1)[1] - d.mention_bounds(a - 1)[0] == 1 and doc[a - 1].lower_ in lex.title_modifiers:
            key = None  # "Defense Secretary Jim Mattis": Defense is part of the title
        if key is None and doc[a - 1].tag_ == "POS" and a - 2 >= lo:
            key = d.ent(doc[a - 2])
        if key and d.type_of[key] == "Organization":
            best.organization = key
    return best


def _clean_title(d: _Doc, t: _Title) -> str | None:
    doc = d.doc
    words = doc[t.start : t.end]
    text = d.ex.document.text[words.start_char : words.end_char]
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I).strip(" ,")
    for flag_word in ("former", "late", "acting", "interim", "ex-", "outgoing"):
        text = re.sub(rf"^{flag_word}\s*", "", text, flags=re.I)
    text = re.sub(r"[-–]\s*(?:elect|designate)\b", "", text, flags=re.I).strip()
    if not text or len(text) > 160 or "\n" in text:
        return None
    return text[0].upper() + text[1:] if text[0].islower() and t.kind != "other" else text


def _people_named_as_organisations(d: _Doc) -> None:
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
        right = _title_right(d, start, sent.end)
        if right is not None and right.start - b <= 3 and right.kind in ("head", "spokesperson", "member", "other"):
            entity.type = "Person"
            entity.subtype = None
            d.type_of[key] = "Person"


def _roles(d: _Doc) -> None:
    doc = d.doc
    seen: set[tuple] = set()
    for a, b, key in d.mention_spans:
        if d.type_of[key] != "Person" or fold(d.ex.entity(key).name) in d.lex.honorifics:
            continue  # "Madam President": no one's name
        sent = doc[a].sent
        found: list[_Title] = []
        right_start = b
        if right_start < sent.end and doc[right_start].text == ",":
            right_start += 1
        right = _title_right(d, right_start, sent.end) if right_start < sent.end else None
        if right and (b == right_start or right_start > b):
            # a title after the name must be an apposition: "X, the Y" / "X the Y of Z"
            nxt = right.end + (1 if right.end < sent.end and doc[right.end].lower_ in ("mr", "mrs", "ms", "dr") else 0)
            runs_into_name = nxt < sent.end and d.ent(doc[nxt], ("Person",)) is not None
            if right.start - b <= 4 and not runs_into_name and not any(doc[k].pos_ == "VERB" for k in range(b, right.start)):
                found.append(right)
        left = _title_left(d, a, sent.start)
        if left and left.end <= a:
            found.append(left)
        for t in found:
            title = _clean_title(d, t)
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
                    _relation(d, key, "headOf", t.organization, doc[a])
                elif t.kind == "spokesperson":
                    _relation(d, key, "spokesperson", t.organization, doc[a])
                elif t.kind == "member":
                    _relation(d, key, "memberOf", t.organization, doc[a])


# -- works ------------------------------------------------------------------------------------

def _work_noun_at(d: _Doc, tok: Token) -> tuple[str, Token] | None:
    """(schema.org class, head token) when ``tok`` heads a work noun ("report", "special report")."""
    if tok.pos_ != "NOUN" or d.ent_of[tok.i] is not None:
        return None
    for n in (2, 1):
        words = tuple(t.lower_ for t in tok.doc[max(tok.i - n + 1, 0) : tok.i + 1])
        if len(words) == n and words in d.lex.work_nouns:
            return d.lex.work_nouns[words], tok
    return None


def _creator(d: _Doc, noun: Token) -> tuple[str | None, str | None, Token | None]:
    """(entity key, relation, verb) for whoever made the work headed by ``noun``."""
    for child in noun.children:
        if child.dep_ == "poss":
            k = d.ent(child, ("Person", "Organization")) or d.pronoun(child)
            if k:
                return k, "author", None
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    k, _ = d.resolve_np(pobj)
                    if k:
                        return k, "author", None
        if child.dep_ == "compound":
            k = d.ent(child, ("Organization",))
            if k:
                return k, "publisher", None
    # "X compiled a report", "a report published by X", "In a statement, X said", "X confirmed in a report"
    node = noun
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    verb = node.head
    via_in = node.dep_ == "prep" and node.lower_ == "in" and (
        verb.lemma_.lower() in d.lex.speech_verbs or verb.lemma_.lower() in d.lex.attribution_verbs)
    direct = node.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in d.lex.work_verbs
    if verb.pos_ in ("VERB", "AUX") and (via_in or direct):
        k, _ = d.subject_entity(verb)
        if k:
            rel = d.lex.work_verbs.get(verb.lemma_.lower(), "author")
            return k, rel, verb
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in set(d.lex.work_verbs) | {"say", "state", "find", "show"}:
        return None, None, None
    if noun.dep_ == "acl" or any(c.dep_ == "acl" for c in noun.children):
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_.lower() in d.lex.work_verbs:
                k, _ = d.subject_entity(c)
                if k:
                    return k, d.lex.work_verbs[c.lemma_.lower()], c
    return None, None, None


def _pp_entities(d: _Doc, head: Token, preps: set[str], types) -> list[tuple[str, Token]]:
    out = []
    for child in head.children:
        if child.dep_ in ("prep", "acl") and (child.lower_ in preps or child.lemma_.lower() in preps):
            for t in child.subtree:
                k = d.ent(t, types)
                if k and all(k != o for o, _ in out):
                    out.append((k, t))
    return out


def _works(d: _Doc) -> None:
    doc, lex = d.doc, d.lex
    # named works (laws, reports the ruler knows): who made them, when
    for a, b, key in list(d.mention_spans):
        if d.type_of[key] != "Work":
            continue
        head = doc[a:b].root
        node = head
        if node.dep_ == "pobj":
            node = node.head
        verb = node.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in lex.work_verbs and head.dep_ in ("dobj", "nsubjpass"):
            k, _ = d.subject_entity(verb)
            if k:
                _relation(d, key, lex.work_verbs[verb.lemma_.lower()], k, head)
            date = d.date_near(verb)
            if date:
                _relation(d, key, "datePublished", None, head, literal=date.value, datatype=date.datatype)
    # works known by description: "a report to the UN General Assembly in August 2017"
    for tok in doc:
        found = _work_noun_at(d, tok)
        if not found:
            continue
        cls, noun = found
        creator, rel, verb = _creator(d, noun)
        if creator is None:
            continue
        stop = {t.i for t in noun.sent if t.pos_ == "VERB" and (verb is None or t.i != verb.i) and t.i > noun.i and not noun.left_edge.i <= t.i <= noun.right_edge.i}
        date = d.date_near(noun, stop) or (d.date_near(verb, stop | {noun.i}) if verb is not None else None)
        addressees = _pp_entities(d, noun, {"to"}, ("Organization", "Person", "Place"))
        if not addressees and verb is not None:
            addressees = [x for x in _pp_entities(d, verb, {"to"}, ("Organization", "Person")) if x[0] != creator]
        about = _pp_entities(d, noun, lex.about_words, ("Event", "Place", "Person", "Organization", "Work"))
        if verb is not None:
            about += [x for x in _pp_entities(d, verb, lex.about_words, ("Event",)) if x not in about]
            for c in verb.children:  # "compiled a report … detailing the 1988 Massacre"
                if c.dep_ == "advcl" and c.lemma_.lower() in lex.about_words | {"detail", "document", "describe"}:
                    about += [(k, c) for k in d.ents_in(c.i, c.right_edge.i + 1, ("Event",)) if all(k != o for o, _ in about)]
        about = [x for x in about if x[0] != creator and x[0] not in {k for k, _ in addressees}]
        noun_words = " ".join(t.text for t in doc[noun.i - 1 : noun.i + 1]) if (
            tuple(t.lower_ for t in doc[noun.i - 1 : noun.i + 1]) in lex.work_nouns) else noun.text
        name = f"{noun_words[0].upper()}{noun_words[1:].lower()} by {d.ex.entity(creator).name}"
        if addressees:
            name += f" to {d.ex.entity(addressees[0][0]).name}"
        name += f" ({date.value})" if date else f" ({d.ex.document.content_hash[:8]})"
        first = min((t.i for t in noun.subtree if t.i <= noun.i and t.dep_ in ("det", "amod", "compound") or t.i == noun.i),
                    default=noun.i)
        work = d.new_entity("Work", name, cls if cls != "CreativeWork" else None, first, noun.i + 1)
        _relation(d, work, rel or "author", creator, noun)
        if date:
            _relation(d, work, "datePublished", None, noun, literal=date.value, datatype=date.datatype)
        for k, _ in addressees[:1]:
            _relation(d, work, "addressedTo", k, noun)
        for k, _ in about:
            _relation(d, work, "about", k, noun)
    # "X wrote to Y" with no work named: a letter
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.address_verbs:
            continue
        if any(_work_noun_at(d, c) for c in tok.children if c.dep_ == "dobj"):
            continue
        to = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"]
        if not to:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        creator, _ = d.resolve_np(subj)
        by = None
        if creator is None:  # "seven United Nations human rights experts wrote to …"
            lo, hi = subj.left_edge.i, subj.right_edge.i + 1
            inside = d.ents_in(lo, hi, ("Organization",))
            creator = inside[0] if len(inside) == 1 and hi - lo <= 8 else None
            by = d.ex.document.text[doc[lo].idx : subj.idx + len(subj.text)] if creator else None
        if creator is None:
            continue
        date = d.date_near(tok)
        addressee = None
        for t in to[0].subtree:
            addressee = d.ent(t, ("Organization", "Person", "Place"))
            if addressee:
                break
        name = f"Letter by {by or d.ex.entity(creator).name}"
        if addressee:
            name += f" to {d.ex.entity(addressee).name}"
        name += f" ({date.value})" if date else f" ({d.ex.document.content_hash[:8]})"
        work = d.new_entity("Work", name, "Message", tok.i, tok.i + 1)
        _relation(d, work, "author", creator, tok)
        if addressee:
            _relation(d, work, "addressedTo", addressee, tok)
        if date:
            _relation(d, work, "datePublished", None, tok, literal=date.value, datatype=date.datatype)


# -- events -----------------------------------------------------------------------------------

def _events(d: _Doc) -> None:
    doc = d.doc
    done: set[str] = set()
    for a, b, key in list(d.mention_spans):
        if d.type_of[key] != "Event" or key in done:
            continue
        done.add(key)
        entity = d.ex.entity(key)
        head = doc[a:b].root
        years = re.findall(r"\b(1[6-9]\d\d|20\d\d)\b", entity.name)
        if len(years) == 1:
            _relation(d, key, "date", None, head, literal=years[0], datatype="gYear")
        else:
            date = d.date_near(head, span=(b, min(b + 6, head.sent.end)))
            if date:
                _relation(d, key, "date", None, head, literal=date.value, datatype=date.datatype)
                if date.end_value:
                    _relation(d, key, "endDate", None, head, literal=date.end_value, datatype=date.end_datatype)
        for k, _ in _pp_entities(d, head, {"in", "at"}, ("Place",)):
            _relation(d, key, "location", k, head)
            break
    # dated happenings known by description: "a civil society hearing organized by NGOs in Geneva"
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lower_ not in d.lex.event_nouns or d.ent_of[tok.i] is not None:
            continue
        places = _pp_entities(d, tok, {"in", "at"}, ("Place",))
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
        _relation(d, event, "location", places[0][0], tok)
        _relation(d, event, "date", None, tok, literal=date.value, datatype=date.datatype)
        for k in organizers:
            _relation(d, event, "organizer", k, tok)


# -- figures ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def _number(d: _Doc, i: int) -> tuple[float, int] | None:
    """The number starting at token ``i``: (value, tokens used)."""
    doc, lex = d.doc, d.lex
    t = doc[i]
    value: float | None = None
    if _NUMBER.match(t.text):
        value = float(t.text.replace(",", ""))
    elif t.lower_ in lex.number_words:
        value = lex.number_words[t.lower_]
    elif re.match(r"^\d+(?:\.\d+)?[kK]$", t.text):
        value = float(t.text[:-1]) * 1000
    if value is None:
        return None
    n = 1
    while i + n < len(doc) and doc[i + n].lower_ in lex.scales:
        value *= lex.scales[doc[i + n].lower_]
        n += 1
    return value, n


def _counted(d: _Doc, i: int) -> tuple[str, Token] | None:
    """What the number ending before token ``i`` counts: the noun phrase after it."""
    doc, lex = d.doc, d.lex
    j = i
    if j < len(doc) and doc[j].lower_ == "of" and j + 1 < len(doc) and doc[j + 1].dep_ in ("poss", "det"):
        j += 2  # "17,000 of our compatriots"
    words: list[Token] = []
    while j < len(doc) and len(words) < 6:
        t = doc[j]
        if t.pos_ in ("ADJ", "NOUN", "PROPN") or (t.text == "-" and words):
            words.append(t)
            j += 1
            if t.pos_ == "NOUN" and t.tag_ in ("NNS", "NNPS") and not (j < len(doc) and doc[j].pos_ == "NOUN"):
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


def _figures(d: _Doc) -> None:
    doc, lex = d.doc, d.lex
    used: set[int] = set()
    for tok in doc:
        i = tok.i
        if i in used or d.date_of[i] is not None or d.ent_of[i] is not None:
            continue
        num = _number(d, i)
        if num is None:
            continue
        value, n = num
        if i > 0 and (doc[i - 1].text in ("$", "€", "£", "#", "No", "No.") or doc[i - 1].lower_ in ("page", "article", "resolution")):
            continue
        start = i
        max_value = None
        end = i + n
        # ranges: "2,800-5,000", "2,800 to 5,000", "between 2,800 and 5,000"
        if end + 1 < len(doc) and doc[end].text in ("-", "–", "—", "to", "and") and _number(d, end + 1):
            v2, n2 = _number(d, end + 1)
            if v2 > value and (doc[end].text != "and" or (i > 0 and doc[i - 1].lower_ == "between")):
                max_value, end = v2, end + 1 + n2
        counted = _counted(d, end)
        singular_of = None
        if counted is None:
            # "the death toll of 1500", "a total of 44"
            if i >= 2 and doc[i - 1].lower_ in ("of", "at", "to", "reached", "was", "stood") :
                k = i - 2 if doc[i - 1].lower_ == "of" else i - 1
                while k >= 0 and doc[k].pos_ not in ("NOUN",) and i - k < 4:
                    k -= 1
                if k >= 0 and doc[k].lower_ in lex.count_singular:
                    a = k
                    while a > 0 and doc[a - 1].pos_ in ("NOUN", "ADJ") and doc[a - 1].lower_ not in ("the", "a"):
                        a -= 1
                    singular_of = (d.ex.document.text[doc[a].idx : doc[k].idx + len(doc[k].text)], doc[k])
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
        if start > 0 and doc[start - 1].lower_ == "between":
            start -= 1
        for k in range(i, end):
            used.add(k)
        words = d.ex.document.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]
        s = d.sentence(tok)
        fig = Figure(value=value, counts=counts, text=words, sentence=s, evidence=d.evidence(s),
                     qualifier=qualifier, max_value=max_value)
        fig.event = _figure_event(d, tok)
        fig.attributions = _attributions(d, tok, head)
        d.ex.figures.append(fig)


def _has_qualifier(d: _Doc, i: int) -> bool:
    doc = d.doc
    return any(i - len(q) >= 0 and tuple(t.lower_ for t in doc[i - len(q) : i]) == q for q in d.lex.qualifiers)


def _figure_event(d: _Doc, tok: Token) -> str | None:
    sent = tok.sent
    events = d.ents_in(sent.start, sent.end, ("Event",))
    if len(events) == 1:
        return events[0]
    if events:
        return None
    # "victims of the massacre": the one event whose name ends with that noun
    named = {e.key: e.name.lower().split()[-1] for e in d.ex.entities if e.type == "Event" and e.name.split()}
    for t in sent:
        if t.i > 0 and d.doc[t.i - 1].lower_ == "the" and t.pos_ == "NOUN":
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


def _attributions(d: _Doc, tok: Token, head: Token) -> list[Attribution]:
    """Who gives the figure at ``tok`` (counting ``head``): verbs above it in the parse
    ("Reuters confirmed …"), verbs inside its noun phrase ("… that was announced by the PMOI"),
    and "according to X"."""
    lex = d.lex
    sent_i = d.sentence(tok)
    evidence = d.evidence(sent_i)
    verbs: list[Token] = []
    node = tok
    steps = 0
    while node.head.i != node.i and steps < 10:
        node = node.head
        steps += 1
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in lex.attribution_verbs:
            verbs.append(node)
    for t in head.subtree:
        if t.pos_ == "VERB" and t.lemma_.lower() in lex.attribution_verbs and t.dep_ in ("relcl", "acl") and all(t.i != v.i for v in verbs):
            verbs.append(t)
    stop = {v.i for v in verbs}
    out: list[Attribution] = []
    for v in verbs:
        agent, text = d.subject_entity(v, SPEAKERS)
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
            pobj = next((c for c in d.doc[i + len(words) - 1].children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            agent, text = d.resolve_np(pobj, SPEAKERS)
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


# -- quotations -------------------------------------------------------------------------------

_QUOTES = re.compile(r"“([^“”\n]{1,%d})”|\"([^\"\n]{1,%d})\"|‘([^‘’\n]{12,%d})’(?![a-z])" % ((MAX_QUOTE_CHARS,) * 3))


def _quotations(d: _Doc) -> None:
    text = d.ex.document.text
    doc = d.doc
    for m in _QUOTES.finditer(text):
        g = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        start, end = m.start(g), m.end(g)
        words = text[start:end].strip()
        if not words or not re.search(r"\w", words):
            continue
        first = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        last = doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if first is None or last is None:
            continue
        speaker, speaker_text, verb = _speaker(d, first[0], last[-1], m.start(), m.end())
        n_words = len(words.split())
        if speaker is None and speaker_text is None:
            continue
        if g == 3 and n_words < 4:
            continue  # scare quotes
        if n_words == 1 and (g != 1 or not words.isalpha()):
            continue
        s = d.sentence(first[0])
        date = None
        if verb is not None:
            date = d.date_near(verb, span=(verb.sent.start, verb.sent.end))
            if date and start <= date.start < end:
                date = None
        d.ex.quotations.append(
            Quotation(text=text[start:end], start=start, end=end, sentence=s, speaker=speaker,
                      speaker_text=speaker_text, date=date.value if date else None,
                      date_datatype=date.datatype if date else None)
        )


def _speaker(d: _Doc, open_tok: Token, close_tok: Token, qstart: int, qend: int):
    """(entity key, description, verb) of who says the words between the quote marks."""
    lex = d.lex
    doc = d.doc

    def outside(t: Token) -> bool:
        return not (qstart <= t.idx < qend)

    candidates: list[Token] = []
    # the sentence the quote opens in, the one it closes in, and a short tail after it
    sents = [open_tok.sent, close_tok.sent]
    if close_tok.i + 1 < len(doc):
        nxt = doc[close_tok.i + 1].sent
        if nxt.start > close_tok.sent.start or nxt != close_tok.sent:
            sents.append(nxt)
    if open_tok.i > 0:
        sents.insert(0, doc[open_tok.i - 1].sent)
    seen = set()
    for sent in sents:
        if sent.start in seen:
            continue
        seen.add(sent.start)
        for t in sent:
            if outside(t) and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.speech_verbs:
                candidates.append(t)
    # nearest speech verb to the quote, before it or right after it
    def distance(t: Token) -> int:
        return open_tok.i - t.i if t.i < open_tok.i else (t.i - close_tok.i) * 2
    candidates.sort(key=distance)
    for verb in candidates[:3]:
        if distance(verb) > 40:
            break
        # the verb must be in the quote's sentence, or the quote must touch its clause
        if verb.lemma_.lower() == "quote":
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:
                k, text = d.resolve_np(obj, SPEAKERS)
                if k or text:
                    return k, None if k else text, verb
        k, text = d.subject_entity(verb, SPEAKERS)
        if k or text:
            if text and text.lower() in ("it", "they", "which", "that", "who", "we", "i", "you", "this"):
                continue
            return k, None if k else text, verb
    # "according to X, … “…”"
    for t in open_tok.sent:
        if t.lower_ == "according" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "to" and outside(t):
            pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                k, text = d.resolve_np(pobj, SPEAKERS)
                if k or text:
                    return k, None if k else text, None
    return None, None, None


# -- places and killings ----------------------------------------------------------------------

def _located_in(d: _Doc) -> None:
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
                    _relation(d, key, "locatedIn", key2, doc[a])
        # "the UK-based group", "Reprieve, based in London", "Commerzbank in Frankfurt",
        # "Chicago's First National Bank"
        if etype == "Organization":
            root = doc[a:b].root
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    k = d.ent(obj, ("Place",))
                    if k:
                        _relation(d, key, "location", k, doc[a])
            if a >= 2 and doc[a - 1].tag_ == "POS":
                k = d.ent(doc[a - 2], ("Place",))
                if k:
                    _relation(d, key, "location", k, doc[a])
            for t in doc[a:b].root.children:
                if t.dep_ == "acl" and t.lower_ in lex.based_words:
                    for k, _ in _pp_entities(d, t, {"in"}, ("Place",)):
                        _relation(d, key, "location", k, doc[a])
                        break
            if a >= 3 and doc[a - 1].lower_ in lex.based_words and doc[a - 2].text == "-":
                k = d.ent(doc[a - 3], ("Place",))
                if k:
                    _relation(d, key, "location", k, doc[a])
    for tok in doc:
        # "a UK-based human rights group", "Washington-based think tank" not named: nothing to link
        if tok.lower_ in lex.based_words and tok.i >= 2 and doc[tok.i - 1].text == "-":
            k = d.ent(doc[tok.i - 2], ("Place",))
            org = d.ent(tok.head, ("Organization",)) if tok.head.i != tok.i else None
            if k and org:
                _relation(d, org, "location", k, tok)


def _kills(d: _Doc) -> None:
    """X killed Y; Y was killed by X; X, who killed Y; X shot and killed Y."""
    for tok in d.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in d.lex.kill_verbs:
            continue
        verb = tok
        while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head  # "shot and killed": the subject is the first verb's
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:  # "Y was killed by X"
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            obj = passive
        if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
            subj = verb.head  # "John Wilkes Booth, who assassinated President Lincoln"
        if obj is not None and obj.lower_ in ("who", "that") and verb.dep_ == "relcl":
            obj = verb.head  # "Lincoln, who was shot by Booth"
        if subj is None and passive is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            frame = verb.head.head  # "convicted of killing", "acted alone in killing"
            if frame.lemma_.lower() in d.lex.kill_frames:
                if frame.dep_ == "acl":  # "John Harvey Adamson, convicted of murdering ..."
                    subj = frame.head
                else:
                    subj = next((c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or obj is None:
            continue
        killer = d.ent(subj, ("Person",))
        victim = d.ent(obj, ("Person",))
        if killer and victim and killer != victim:
            _relation(d, killer, "killed", victim, tok)
    for tok in d.doc:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        word = tok.lemma_.lower()
        victims = [k for k, _ in _pp_entities(d, tok, {"of"}, ("Person",))]
        victims += [k for c in tok.children if c.dep_ == "poss" and (k := d.ent(c, ("Person",)))]
        if word in d.lex.kill_act_nouns:
            # "the assassination of President Lincoln by John Wilkes Booth"
            for killer, _ in _pp_entities(d, tok, {"by"}, ("Person",)):
                for victim in victims:
                    if killer != victim:
                        _relation(d, killer, "killed", victim, tok)
        elif word in d.lex.kill_agent_nouns:
            # "Booth, the assassin of Lincoln" / "Lincoln's assassin, Booth" / "Booth was Lincoln's killer"
            killers = [k for c in tok.children if c.dep_ == "appos" and (k := d.ent(c, ("Person",)))]
            if tok.dep_ == "appos":
                killers.append(d.ent(tok.head, ("Person",)))
            if tok.dep_ == "attr":
                killers += [d.ent(c, ("Person",)) for c in tok.head.children if c.dep_ == "nsubj"]
            for killer in filter(None, killers):
                for victim in victims:
                    if killer != victim:
                        _relation(d, killer, "killed", victim, tok)


def _dedupe(ex: Extraction) -> None:
    seen = set()
    rels = []
    for r in ex.relations:
        sig = (r.subject, r.predicate, r.obj, r.obj_literal, r.sentence)
        if sig not in seen:
            seen.add(sig)
            rels.append(r)
    ex.relations = rels
