"""One parsed document as relation extraction sees it: which entity and which date cover each
token, the sentence of each token, and the helpers every kind of link shares (dates governed by a
word, entities in a prepositional phrase, new entities for works and events known by
description, adding a link with its evidence)."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..model import Entity, Extraction, Mention, Relation
from ..names import fold
from .quotemarks import quoted as find_quotations
from .words import Lexicon, country_words, lexicon

# who may speak or give a figure: people, organisations, and countries ("Iran said")
SPEAKERS = ("Person", "Organization", "Place")
# a date attached to a noun this way dates that noun's thing ("the 2015 nuclear deal", "the
# 1988 massacre"), not the verb or work the noun hangs from
_DATE_OF_NOUN = {"nummod", "compound", "amod", "nmod", "poss"}


class DocView:
    """Token-level view: which entity (key) and which date covers each token."""

    def __init__(self, doc: Doc, ex: Extraction) -> None:
        self.doc = doc
        self.ex = ex
        self.lex = lexicon()
        # spaCy builds a new Token object at every doc[i]; the rules look tokens up over and
        # over, so the view keeps them (and their words) once
        self.tokens: list[Token] = list(doc)
        self.texts: list[str] = [t.text for t in self.tokens]
        self.lowers: list[str] = [t.lower_ for t in self.tokens]
        self.heads: list[int] = [t.head.i for t in self.tokens]
        self.sent_start: list[int] = [0] * len(doc)  # the first token of each token's sentence
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
        self._title_heads: dict[int, tuple[int, str] | None] = {}
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
        self.title_words = self._title_words()
        self.sent_of_token: list[int] = [0] * n
        starts = [s.start for s in ex.sentences]
        j = 0
        for i, tok in enumerate(self.tokens):
            while j + 1 < len(starts) and tok.idx >= starts[j + 1]:
                j += 1
            self.sent_of_token[i] = j
        self._next_key = len(ex.entities)
        self._quotes: list[tuple[int, int, int, int, int]] | None = None

    def quotations_marked(self) -> list[tuple[int, int, int, int, int]]:
        """``quotemarks.quoted`` of the document's text (quote start, quote end, words start,
        words end, group), left to right, found once."""
        if self._quotes is None:
            self._quotes = list(find_quotations(self.ex.document.text))
        return self._quotes

    def quoted(self, tok: Token) -> bool:
        """``tok`` stands inside quotation marks (someone's words, not the writer's)."""
        quotes = self.quotations_marked()
        k = bisect_right(quotes, (tok.idx, float("inf"))) - 1
        return k >= 0 and quotes[k][0] <= tok.idx < quotes[k][1]

    def _title_words(self) -> set[str]:
        """Organisations (and one-word "persons") that are a word of a title: "Agriculture" in "German Agriculture Minister",
        "Berlin Interior" in "Berlin Interior Minister", "State" in "Secretary of State" — a
        portfolio right before a title's head or right after its "of", every time the name is
        used, and no word of an organisation's name in it."""
        lex = self.lex
        out: set[str] = set()
        for e in self.ex.entities:
            words = e.name.lower().split()
            if e.type == "Person" and len(words) == 1 and words[0] in lex.portfolios:
                pass  # "the deputy [Judiciary] chief Kazem Gharibabadi": no one's name
            elif e.type == "Event":
                pass  # "[Israeli War] Minister Benny Gantz": no war the text names
            elif e.type != "Organization":
                continue
            if not words or words[-1] not in lex.portfolios or (
                    len(words) > 1 and any(w in lex.org_words for w in words)):
                continue
            spans = [(a, b) for a, b, k in self.mention_spans if k == e.key]

            def in_title(a: int, b: int, one_word: bool = len(words) == 1) -> bool:
                if b < len(self.doc) and title_head_at(self, b):  # "Agriculture Minister"
                    return True
                # "Secretary of State": the portfolio after a title's "of"
                head = title_head_at(self, a - 2) if a >= 2 and self.doc[a - 1].lower_ == "of" else None
                return head is not None and head[0] == 1 and one_word

            if spans and all(in_title(a, b) for a, b in spans):
                out.add(e.key)
        return out

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

    def date_near(self, anchor: Token, stop: set[int] | None = None, span: tuple[int, int] | None = None):
        """The date mention governed by ``anchor``: a date whose path up the parse reaches
        ``anchor`` before any token in ``stop`` (and, for an anchor outside quotation marks, one
        outside them too: a date in someone's words dates what they speak of). Returns the
        DateMention or None."""
        stop = stop or set()
        best = None
        lo, hi = span or (anchor.sent.start, anchor.sent.end)
        quoted_anchor = self.quoted(anchor)
        for i in range(lo, hi):
            k = self.date_of[i]
            if k is None or (i > lo and self.date_of[i - 1] == k):
                continue
            d = self.ex.dates[k]
            if d.value is None:
                continue
            if not quoted_anchor and self.quoted(self.doc[i]):
                continue  # "“… the Agreement on Disengagement of 1974,” the ministry said in a statement"
            node = self.doc[i]
            steps = 0
            while node.head.i != node.i and node.i != anchor.i and node.i not in stop and steps < 12:
                head = node.head
                if self.date_of[node.i] == k and self.date_of[head.i] != k and head.i != anchor.i \
                        and node.dep_ in _DATE_OF_NOUN and head.pos_ in ("NOUN", "PROPN"):
                    break  # "the 2015 nuclear deal": the year of another thing the sentence names
                node = head
                steps += 1
            if node.i == anchor.i and (best is None or abs(i - anchor.i) < abs(best[0] - anchor.i)):
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



def link(d: DocView, subject: str, predicate: str, obj: str | None, tok: Token, *,
         literal: str | None = None, datatype: str | None = None, basis: str | None = None,
         scope: str = "sentence") -> None:
    """Add a link supported by the sentence of ``tok`` (``scope="document"``: by the document as a
    whole, that sentence being where the subject is named)."""
    if subject in d.title_words or obj in d.title_words:
        return
    if predicate == "locatedIn" and d.ex.entity(subject).name in country_words():
        return  # "Spain, Italy, and Greece": a country is in no other country
    sent = d.sentence(tok)
    d.ex.relations.append(Relation(subject, predicate, obj, sent, d.evidence(sent), literal, datatype,
                                   scope=scope, basis=basis))



def pp_entities(d: DocView, head: Token, preps: set[str], types) -> list[tuple[str, Token]]:
    out = []
    for child in head.children:
        if child.dep_ in ("prep", "acl") and (child.lower_ in preps or child.lemma_.lower() in preps):
            for t in child.subtree:
                k = d.ent(t, types)
                if k and all(k != o for o, _ in out):
                    out.append((k, t))
    return out


def title_head_at(d: DocView, i: int) -> tuple[int, str] | None:
    """A title head starting at token ``i``: (its length in tokens, its kind)."""
    if i in d._title_heads:
        return d._title_heads[i]
    found = title_words_at(d.lex, d.texts, d.lowers, i)
    d._title_heads[i] = found
    return found


def title_words_at(lex: Lexicon, texts: list[str], lowers: list[str], i: int) -> tuple[int, str] | None:
    """A title head starting at word ``i`` of ``texts`` (``lowers`` the same words in lower
    case): (its length in words, its kind). The extractor asks it before there is a view."""
    for n in range(min(lex.max_title_words + 2, len(texts) - i), 0, -1):
        words = tuple(lowers[k] for k in range(i, i + n) if texts[k] != "-")
        # "Secretary-General" is three tokens ("Secretary", "-", "General")
        hyphen = any("-" in texts[k] for k in range(i, i + n))
        joined = tuple(" ".join(words).replace(" - ", "-").split()) if hyphen else words
        for cand in (words, joined, tuple("-".join(words).split())):
            if cand in lex.title_kind:
                return n, lex.title_kind[cand]
    return None
