"""Extraction: one ``SourceDocument`` in, one ``Extraction`` out (entities, mentions, dates,
sentences, and the links found by the ``relations`` package). No RDF and no store here.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import aliases as alias_rules
from . import mention_types
from .dates import normalise_date
from .entities import LABELS, Candidate, group, propagate

NAME_TYPES = frozenset({"Person", "Organization", "Place"})  # what the mention classifier tells apart
from .errors import ExtractionError
from .model import DateMention, Entity, Extraction, Sentence, SourceDocument
from .names import fold, given_names, initials, is_acronym, titles
from .nlp import load_pipeline, model_description
from .places import Gazetteer, gazetteer
from .readers import ReadFailure
from .relations.view import title_words_at
from .relations.words import country_words, lexicon
from .resources import resource
from .type_evidence import cues

# a type the words around a name say -> the model label that gives it
_LABEL_OF_TYPE = {"Person": "PERSON", "Organization": "ORG", "Place": "GPE"}

# "the", and a dateline ("TEHRAN - ", "TEHRAN- ", "TEHRAN –") fused to the name; a dash with no
# space on either side is the name's own ("NUR-SULTAN")
_LIST_NUMBER = re.compile(r"\s(\d{1,2})$")  # a numbered list's next number the name ran into
# (and a sentence's opening conjunction before "the": "So the Non-Proliferation Treaty")
_LEADING = re.compile(r"^(?:(?:the|The|THE|a|an)\s+|(?:So|And|But|Yet|Thus|Hence)\s+(?=the\s)"
                      r"|[A-Z]{3,}(?:,\s*[A-Z][a-z]+\.?\s*\d*)?(?:\s+[-–—]\s*|[-–—]\s+))")
# possessives, punctuation and dangling function words: "Government of the", "Future of"
# (a possessive whose apostrophe the text mangled into "?" or U+FFFD: "Parvez Musharraf?s tenure")
_TRAILING = re.compile(r"(?:[’'?\ufffd]s?|[\s,.;:–—&/-]|\s(?:of|the|and|for|at|to|in|on|de|al))+$")
# a name starts with a capital or a digit, or a lower-case particle ("al-Nimr", "bin Salman")
_NAME_START = re.compile(r"^(?:[A-Z0-9À-ÖØ-Þ]|(?:al|el|ad|as|an|bin|ibn|van|von|de|da|du|la|le)[- ][A-Z])")
_PAREN = re.compile(r"\s*\(([^()\n]{1,80})\)")
_ALIAS_SPLIT = re.compile(r"\s*(?:/|,|;|\bor\b|\baka\b|–|—)\s*")
# editors' initials closing a news item, and the agencies it credits: "… beyond.” NA/PA",
# "… he said. jm / crh (AFP, AP)"
_SIGNATURE = re.compile(r"(?:^|\s)([A-Za-z]{1,4}(?:\s?/\s?[A-Za-z]{1,4})+(?:\s*\([^()\n]{1,60}\))?)\s*$")
# "(also known as X)", "(aka X)", "(formerly X)": the text says the two are one
_SAME_AS = re.compile(r"\s*(?:also known as|better known as|known as|aka|a\.k\.a\.|formerly|or)\s+", re.IGNORECASE)
# a dateline: "DAYTON, Ohio (AP)", "BANGKOK, Thailand (AP) _", "TEHRAN –", "MEXICO CITY (AP)"
_DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})(?=,\s+[A-Z][a-z]|\s+\((?:AP|UPI|AFP|Reuters|dpa|IRNA)\)|\s*[–—]|\s*-\s)")
# a dateline that runs into the first sentence with a dash: "TEHRAN - Zahra Ershadi, …"
_DATELINE_DASH = re.compile(r"[ \t]*[A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,2}\s*[-–—]+[ \t]*(?=[A-Z])")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_DATE_HINT = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(?:year|month|week|day|today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|spring|summer|autumn|fall|winter|decade|century)s?\b",
    re.IGNORECASE,
)


CONCEPT_ENDINGS = ("ism", "isms", "phobia")  # one word so ending names an idea, not a thing


def _word_list(name: str) -> set[str]:
    path = resource("ingest", name)
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.lower())
    return words


CHUNK_CHARS = 100_000
# a model mention the classifier gives more than this probability of being no name is dropped
# (chosen on CoNLL04 dev for precision: bench/score_ner.py)
NOT_A_NAME = 0.5


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters that join back to it exactly:
    at a paragraph break if there is one, else a line break, a sentence end, a space. A dateline
    that runs into the first sentence ("TEHRAN - Zahra Ershadi, Iran's …") is a piece of its own:
    parsed together, the model reads the dateline and the name after it as one name
    ("TEHRAN - Esmaeil" an organisation) or as none."""
    parts: list[str] = []
    start = 0
    dateline = _DATELINE_DASH.match(text)
    if dateline:
        parts.append(text[: dateline.end()])
        start = dateline.end()
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            k = window.rfind(sep)
            if k > limit // 4:
                cut = k + len(sep)
                break
        if cut <= 0:
            cut = limit
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def _add_sender(ex: Extraction) -> None:
    """An e-mail's sender is a Person with an e-mail address: the person the text names so, or
    one of its own when the header's name is not found as a person in the text."""
    sender = next((c for c in ex.document.correspondents if c.role == "sender"), None)
    if sender is None or not (sender.name or sender.email):
        return
    name = sender.name or sender.email or ""
    for e in ex.entities:
        if e.type == "Person" and fold(e.name) == fold(name):
            e.email = e.email or sender.email
            return
    used = {int(e.key[1:]) for e in ex.entities if e.key[1:].isdigit()}
    ex.entities.append(Entity(key=f"e{max(used, default=-1) + 1}", type="Person", name=name,
                              email=sender.email, type_votes={"Person": 1.0}))


class Extractor:
    """Runs the pipeline and turns a spaCy ``Doc`` into an ``Extraction``.

    Keep one per process: it holds the loaded model.
    """

    def __init__(self, model: str | None = None, *, relations: bool = True,
                 aliases: Path | None = None, mention_model: bool = True) -> None:
        self.nlp: Language = load_pipeline(model, Path(aliases) if aliases else None)
        self.model = model_description(self.nlp)
        self.person_titles = _word_list("person_titles.txt")
        self.rules = alias_rules.load(aliases)
        self.titles = titles()
        never = _word_list("not_entities.txt")
        self.never = {fold(w) for w in never if not w.startswith("*")}
        self.never_words = {fold(w[1:]) for w in never if w.startswith("*")}
        self.cues = cues()
        self.mention_model = mention_types.load() if mention_model else None
        self.with_relations = relations

    @property
    def places(self) -> Gazetteer:
        """The place gazetteer, built on first use (about a second; the NLP alone needs none)."""
        return gazetteer()

    # -- public ---------------------------------------------------------------------------
    def extract(self, document: SourceDocument) -> Extraction:
        """One document's extraction; a document that breaks the extractor raises ExtractionError."""
        (pair,) = self.extract_many([document])
        if isinstance(pair[1], ReadFailure):
            raise ExtractionError(str(pair[1]))
        return pair[1]

    def extract_many(self, documents, *, n_process: int = 1, batch_size: int = 16):
        """Yield (document, Extraction) pairs in input order, streaming; the NLP runs in
        ``n_process`` processes (the documents themselves stay in this one). A document that
        breaks the extractor gives a ``ReadFailure`` instead (see ``finish``)."""
        for document, doc in self.parse_many(documents, n_process=n_process, batch_size=batch_size):
            yield document, self.finish(document, doc)

    def parse_many(self, documents, *, n_process: int = 1, batch_size: int = 16):
        """Yield (document, spaCy ``Doc`` of its whole text) pairs in input order: the NLP alone.

        A long document is parsed in pieces of at most ``CHUNK_CHARS`` characters cut at line
        breaks (spaCy's parser needs about 1 GB per 100,000 characters at once), and the pieces
        are joined back into one ``Doc`` whose offsets are those of the whole text.
        """
        def pieces():
            for d in documents:
                parts = split_text(d.text)
                for i, part in enumerate(parts):
                    yield part, (d, i, len(parts))

        pending: list[Doc] = []
        for spacy_doc, (document, i, n) in self.nlp.pipe(
            pieces(), as_tuples=True, n_process=n_process, batch_size=batch_size
        ):
            pending.append(spacy_doc)
            if i == n - 1:
                whole = pending[0] if n == 1 else Doc.from_docs(pending, ensure_whitespace=False)
                pending = []
                yield document, whole

    def finish(self, document: SourceDocument, doc: Doc) -> Extraction | ReadFailure:
        """The extraction of a parsed document (``parse_many``); one odd document must not stop
        an ingest of thousands: what breaks the extractor is a ``ReadFailure``, and is skipped."""
        try:
            return self.from_doc(document, doc)
        except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            return ReadFailure(document.source, f"extraction failed ({type(exc).__name__}: "
                                                f"{str(exc)[:120]}); please report it")

    def from_doc(self, document: SourceDocument, doc: Doc) -> Extraction:
        ex = Extraction(document=document, model=self.model)
        sent_index = self._sentences(doc, ex)
        spans, tail = self._entity_spans(doc, document, ex, sent_index)
        ex.entities = group(spans, document.text, self.rules, self.places)
        taken = [(m.start, m.end) for e in ex.entities for m in e.mentions] + [(d.start, d.end) for d in ex.dates]
        propagate(ex.entities, document.text, ex.sentences, taken, tail, self._junk)
        if self.with_relations:
            from .relations import extract_relations

            extract_relations(doc, ex)
        for e in ex.entities:  # works and events the relation patterns named: their own pattern is the evidence
            if not e.type_votes:
                e.type_votes = {e.type: float(max(len(e.mentions), 1))}
        _add_sender(ex)
        return ex

    # -- sentences ------------------------------------------------------------------------
    def _sentences(self, doc: Doc, ex: Extraction) -> list[int]:
        """Fill ex.sentences; return a token-index -> sentence-index table."""
        table = [0] * len(doc)
        for sent in doc.sents:
            text = sent.text
            stripped = text.strip()
            if stripped:
                lead = len(text) - len(text.lstrip())
                start = sent.start_char + lead
                ex.sentences.append(Sentence(start, start + len(stripped), stripped))
            idx = max(len(ex.sentences) - 1, 0)
            for t in range(sent.start, sent.end):
                table[t] = idx
        return table

    # -- entity spans ---------------------------------------------------------------------
    def _clean(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim articles, possessives, punctuation and line breaks from a span's edges."""
        span = text[start:end]
        if "\n" in span:
            # keep the longest line: a heading fused with the next line is two things
            parts = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", span)]
            a, b = max(parts, key=lambda p: p[1] - p[0])
            start, end = start + a, start + b
            span = text[start:end]
        if "(" in span and ")" not in span[span.index("(") :]:
            end = start + span.index("(")  # "Criminal Sciences (ISISC": the bracket is not the name's
            span = text[start:end]
        if "[" in span and "]" not in span[span.index("[") :]:
            end = start + span.index("[")  # "Guterres [the UN chief": an editor's insertion begins
            span = text[start:end]
        if "]" in span and "[" not in span[: span.index("]")]:
            # "[Antonio] Guterres" cut as "Antonio] Guterres": the editor's insertion is no part of
            # the name the text gives; the name is what follows it
            start += span.index("]") + 1
            span = text[start:end]
        m = _LEADING.match(span)
        while m:  # "TEHRAN- The Organization of …": the dateline, then "The"
            start += m.end()
            span = text[start:end]
            m = _LEADING.match(span)
        m = _TRAILING.search(text[start:end])
        if m and m.start() > 0:
            end = start + m.start()
            if _ABBREVIATION.search(text[start : end + 1]):
                end += 1  # "U.S." keeps its last dot
        m = _LIST_NUMBER.search(text[start:end])
        if m and text[end : end + 1] == "." and int(m.group(1)) > 1 \
                and re.search(rf"(?<![\w.,]){int(m.group(1)) - 1}\.\s", text[:start]):
            end = start + m.start()  # "the German Parliament 7. Martin …": the next item's number
        span = text[start:end].strip()
        if not span or not _HAS_LETTER.search(span) or not _NAME_START.match(span):
            return None
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        start += lead
        end = start + len(span)
        return start, end

    def _entity_spans(
        self, doc: Doc, document: SourceDocument, ex: Extraction, sent_index: list[int]
    ) -> tuple[list[Candidate], int]:
        """The candidate names (titles stripped, junk dropped, the type cues around each), and
        the offset where the closing signature begins (nothing after it is an entity)."""
        text = document.text
        spans: list[Candidate] = []
        tail_start = max(len(text) - 80, 0)
        sig = _SIGNATURE.search(text, tail_start)
        tail = sig.start(1) if sig else len(text)
        covered = [False] * len(doc)
        after_portfolio: set[int] = set()  # persons cut from a title's portfolio: their first token
        swallowed = 0  # where the last name the model's span was widened to ends
        for ent in self._portfolios_split(_name_lists_split(_national_bodies_joined(_acronym_named(
                _persons_joined(doc.ents), self.cues.body_head))), covered, after_portfolio):
            if ent.start_char >= tail:
                continue
            if ent.label_ == "DATE":
                self._date(ent, document, ex, sent_index)
                continue
            if ent.start < swallowed:
                continue  # a place the name before took in ("University" + "of Tehran")
            ent, head_says = self._whole_name(ent)
            swallowed = max(swallowed, ent.end)
            for t in range(ent.start, ent.end):
                covered[t] = True
            if ent.label_ not in LABELS:
                continue
            cleaned = self._clean(text, ent.start_char, ent.end_char)
            if cleaned is None:
                continue
            start, end = cleaned
            label = ent.label_
            # a title word that begins a place's name is part of it ("the Sheikh Jarrah neighborhood")
            place_said = not ent.ent_id_ and self.cues.around(doc, ent.start, ent.end) == "Place"
            # (nor from a body's name its own last word says: "Shaikh Hasan Foundation for Culture
            # and Science", "Imam Khomeini Relief Foundation" are no person's)
            body_named = label != "PERSON" and any(self.cues.body_head(t.text) for t in ent[1:])
            cut, titled = (0, False) if place_said or body_named else self.titles.strip(text[start:end],
                                                                                        person=label == "PERSON")
            start += cut
            if place_said and ent.start > 0 and self.titles.title_at([doc[ent.start - 1].text], 0, True):
                start = doc[ent.start - 1].idx  # the model left the title word out: "Sheikh [Jarrah]"
            name = text[start:end]
            if self._junk(name) or not _NAME_START.match(name):
                continue
            if label == "LAW" and ent.end < len(doc) and doc[ent.end].text in ("Organization", "Organisation") \
                    and doc[ent.end].idx == end + 1:
                # "North Atlantic Treaty" of "North Atlantic Treaty Organization": the NER cut an
                # organisation's name at its last word
                label, end = "ORG", doc[ent.end].idx + len(doc[ent.end])
                name = text[start:end]
            if label == "LAW" and not ent.ent_id_ and not self.cues.law_like(name):
                # "Quds 2" (a missile), "Foreign Ministers of Iran and India": no law's noun in it;
                # the type its own words say, or no name at all
                said = self.cues.last_word(name) or self.cues.around(doc, ent.start, ent.end)
                if said is None:
                    continue
                label = _LABEL_OF_TYPE[said]
            subtype = LABELS[label][1]
            if ent.ent_id_.startswith("subtype:"):
                subtype = ent.ent_id_.split(":", 1)[1]
            found: dict[str, float] = {}
            if place_said:
                found["Place"] = self.cues.weight
            elif head_says:
                found[head_says] = self.cues.weight  # "London Review of Books": the head, not the place
            elif titled or ent.start in after_portfolio or self._after_person_title(doc, ent):
                found["Person"] = self.cues.weight
            elif not ent.ent_id_:
                said = self.cues.last_word(name) or self.cues.around(doc, ent.start, ent.end)
                if said:
                    found[said] = self.cues.weight
                elif name in self.places and self.cues.preposition(doc, ent.start):
                    found["Place"] = 0.5
            c = Candidate(start, end, label, subtype, sent_index[ent.start], cues=found)
            c.features = mention_types.features(doc, ent.start, ent.end, name, label, bool(ent.ent_id_),
                                                self.places, self.cues)
            # the classifier knows people, organisations and places (CoNLL04's classes); a law or
            # an event the model names ("Article 51", LAW) is not its to drop
            if self.mention_model is not None and not ent.ent_id_ and LABELS[label][0] in NAME_TYPES:
                c.probabilities = self.mention_model.probabilities(c.features)
                if c.probabilities["none"] > NOT_A_NAME and not found:
                    continue  # the classifier is sure this is no person, organisation or place
            spans.append(c)
        spans += self._missed_names(doc, covered, tail, sent_index)
        spans = self._datelines(doc, text, spans, sent_index)
        spans = _titled_places(text, spans, self.cues.weight)
        spans.sort(key=lambda s: (s.start, -s.end))
        self._parenthetical_aliases(text, spans)
        return spans, tail

    def _whole_name(self, ent: Span) -> tuple[Span, str | None]:
        """The model's span, with the words it left out of a longer name taken in, and the type
        the head word then says: a head noun after a place's name that makes the two another
        thing ("the Israel Prize", "Baghdad airport", "Pakistan Army": ``type_cues.yaml``
        place_then_*), and after the head word of a body or a gathering, "for/of" ("on" for a
        gathering or an ``on_bodies`` word: "Commission on Human Rights") and capitalised words no
        entity holds ("High Council for Human Rights", "Washington Institute for Near East Policy")."""
        doc = ent.doc
        if ent.label_ in ("GPE", "LOC") and ent.end < len(doc) and ent[-1].whitespace_ == " ":
            head = doc[ent.end]
            label = None if head.ent_type_ or head.is_sent_start else self.cues.place_then(head.text)
            if label is not None:
                end = ent.end + 1
                if self.cues.body_head(head.text):
                    end = _name_tail(doc, end, on=label == "EVENT" or head.text in self.cues.on_bodies)
                return Span(doc, ent.start, end, label=label), _HEAD_TYPES[label]
        if ent.label_ == "PERSON" and not ent.ent_id_ and len(ent) > 2 and ent.start > 0 \
                and doc[ent.start - 1].lower_ in ("to", "of", "in") and ent[0].text in country_words():
            # "Ambassador to [Denmark Afsaneh Nadipour]": the place the title names is no word of the name
            ent = Span(doc, ent.start + 1, ent.end, label="PERSON")
        if ent.label_ == "PERSON" and not ent.ent_id_:
            end = ent.end
            while end < len(doc) and end - ent.end < 2 and self._surname_left_out(doc, end):
                end += 1
            start = ent.start - 1 if self._given_name_left_out(doc, ent.start - 1) else ent.start
            if end > ent.end or start < ent.start:
                # "Seyed Abbas [Araghchi]", "Jean Yves Le [Drian]", "High Commissioner for Human
                # Rights [Zeid] Ra’ad Al Hussein"
                return Span(doc, start, end, label="PERSON"), None
        if ent.label_ == "ORG" and ent.end + 1 < len(doc) and doc[ent.end].text == "-" and not ent[-1].whitespace_ \
                and not doc[ent.end].whitespace_ and _party_suffix(doc[ent.end + 1]):
            # "PML-N", "ISIL-KP": the model cut the party's or faction's letter after the hyphen
            return Span(doc, ent.start, ent.end + 2, label="ORG"), None
        if ent.label_ == "ORG" and not ent.ent_id_ and self.cues.body_head(ent[-1].text):
            start = _portfolios_before(doc, ent.start)
            if start < ent.start:
                ent = Span(doc, start, ent.end, label="ORG")
        if ent.label_ == "ORG" and not ent.ent_id_:
            words = [t for t in ent if t.lower_ not in ("the", "of")]
            of = ent.end - 1 if ent[-1].lower_ == "of" else ent.end
            if len(words) == 1 and self.cues.body_head(words[0].text) and of + 2 < len(doc) \
                    and doc[of].lower_ == "of" and doc[of + 1].ent_iob_ == "B" and doc[of + 1].ent_type_ == "GPE":
                # "a professor at the University of Tehran": the model took the head alone and
                # the place as a name of its own; a head alone names no one body
                return Span(doc, ent.start, _entity_end(doc, of + 1), label="ORG"), None
        if ent.label_ in ("ORG", "EVENT") and not ent.ent_id_ and self.cues.body_head(ent[-1].text):
            label = self.cues.place_then(ent[-1].text)
            end = _mission_to(doc, _name_tail(doc, ent.end, on=label == "EVENT" or ent[-1].text in self.cues.on_bodies))
            if end > ent.end:
                return Span(doc, ent.start, end, label=label), _HEAD_TYPES[label]
        return ent, None

    def _surname_left_out(self, doc: Doc, i: int) -> bool:
        """Token ``i``, right after a person's name on the same line, is the rest of it: a
        capitalised proper noun no entity holds that is no title, honorific, portfolio or
        organisation word (``org_words``) ("Seyed Abbas" + "Araghchi": the honorific before the
        name often leaves the model one word short)."""
        tok, before = doc[i], doc[i - 1]
        if before.whitespace_ != " " or tok.ent_type_ or tok.is_sent_start or tok.pos_ != "PROPN" \
                or not _capitalised_name_word(tok.text):
            return False
        return not self._title_or_body_word(tok)

    def _title_or_body_word(self, tok) -> bool:
        """A word of a title, an honorific, an organisation's word (``org_words``) or a portfolio:
        no part of a person's name the model left out."""
        lex = lexicon()
        word = tok.lower_
        return bool(self.titles.title_at([tok.text], 0, True) or word in lex.honorifics
                    or title_words_at(lex, [tok.text], [word], 0) or word in lex.org_words
                    or word in lex.portfolios)

    def _given_name_left_out(self, doc: Doc, i: int) -> bool:
        """Token ``i``, right before a person's name, is its first word: a capitalised proper
        noun no entity holds, itself no title's, honorific's or organisation's word, right after
        a title's last word ("… for Human Rights Zeid" + "Ra’ad Al Hussein")."""
        if i < 1:
            return False
        tok, before = doc[i], doc[i - 1]
        if tok.whitespace_ != " " or before.whitespace_ != " " or tok.ent_type_ or tok.is_sent_start \
                or tok.pos_ != "PROPN" or not _capitalised_name_word(tok.text):
            return False
        lex = lexicon()
        if self._title_or_body_word(tok) or tok.lower_ in lex.title_modifiers:
            return False
        last = before.lower_
        return last in lex.portfolios or last in ("rights", "affairs") or bool(
            title_words_at(lex, [before.text], [last], 0)) or (
            before.is_title and self.titles.title_at([before.text], 0, True) > 0)  # "Prince Zeid"

    def _portfolios_split(self, ents, covered: list[bool], persons: set[int]):
        """The model's spans, with a title's portfolio cut off the person's name it ran into:
        "Vice President for [Legal Affairs Layla Joneydi]", "Secretary of [State Rex Tillerson]",
        "Minister of [Transport and Urban Development Mohammad Eslami]". After a title's head and
        "for"/"of", the words up to the last portfolio word (``portfolios`` in
        ``ingest/relations/roles.yaml``) or organisation word (``org_words``; that part an
        organisation: "Head of [the Russian Export Center] Pavel Bukhanov"), or else up to a
        given name, are the title's; the capitalised words after them are a person's name, whose
        first token goes into ``persons``."""
        lex = lexicon()
        for ent in ents:
            pieces = None if ent.ent_id_ or ent.label_ not in ("PERSON", "ORG") else self._after_portfolio(ent, lex)
            if pieces is None:
                yield ent
                continue
            for t in range(ent.start, ent.end):
                covered[t] = True  # the title's words are no name the missed-name run may take
            front, name = pieces
            persons.add(name.start)
            if front is not None:
                yield front
            yield name

    def _after_portfolio(self, ent: Span, lex) -> tuple[Span | None, Span] | None:
        doc = ent.doc
        begin = None
        for f in range(max(ent.start - 2, 0), ent.end - 2):
            if doc[f].lower_ not in ("for", "of") or f == 0:
                continue
            b = f + 1 + (doc[f + 1].lower_ == "the")
            if f < ent.start and ent.start not in (f + 1, b):
                continue  # words between the "for/of" and the span: not the title's
            lo = max(f - lex.max_title_words - 2, 0)
            texts = [t.text for t in doc[lo:f]]
            lowers = [t.lower_ for t in doc[lo:f]]
            if any((h := title_words_at(lex, texts, lowers, i)) and i + h[0] == len(texts) for i in range(len(texts))):
                begin = max(b, ent.start)
                break
        if begin is None:
            return None
        def a_name(start: int, least: int = 2) -> bool:
            return least <= ent.end - start <= 5 and all(
                _capitalised_name_word(t.text) and t.lower_ not in lex.portfolios
                and t.lower_ not in lex.org_words for t in doc[start : ent.end])

        given = given_names()
        if ent.end - begin == 2 and doc[begin].lower_ in lex.portfolios and a_name(begin + 1, 1) \
                and not doc[begin + 1].lower_.endswith(lex.portfolio_endings):
            # a portfolio and one name word: "Secretary of [State Pompeo]", "[State Tillerson]" (not
            # "Minister of [Development Cooperation]", ``portfolio_endings``)
            return None, Span(doc, begin + 1, ent.end, label="PERSON")
        # after the last portfolio or organisation word; else from a given name ("Minister of
        # Cooperatives Mohammad Abbasi")
        start = next((c + 1 for c in range(ent.end - 3, begin - 1, -1)
                      if doc[c].lower_ in lex.portfolios or doc[c].lower_ in lex.org_words), None)
        if start is not None and a_name(start):
            name = Span(doc, start, ent.end, label="PERSON")
            if doc[start - 1].lower_ in lex.portfolios:
                return None, name  # the portfolio is the title's
            return Span(doc, begin, start, label="ORG"), name  # "Head of the Russian Export Center"
        start = next((c for c in range(begin + 1, ent.end - 1) if doc[c].text in given), None)
        if start is None or not a_name(start):
            return None
        return None, Span(doc, start, ent.end, label="PERSON")

    def _junk(self, name: str) -> bool:
        """A generic noun, a people's adjective, a pronoun, a time zone, one word naming an
        ideology or a fear ("Liberalism", "Islamophobia"), an honorific or a rank alone ("Madam",
        "Major General"): never an entity."""
        folded = fold(name)
        words = name.split()
        return folded in self.never or bool(self.never_words & set(folded.split())) \
            or self.places.is_demonym(name) or (" " not in folded and folded.endswith(CONCEPT_ENDINGS)) \
            or (bool(words) and all(fold(w).rstrip(".") in lexicon().honorifics for w in words)) \
            or (bool(words) and self.titles.title_at(words, 0, True) == len(words)
                and fold(words[-1]).rstrip(".") in lexicon().honorifics | {"general"})

    def _datelines(self, doc: Doc, text: str, spans: list[Candidate], sent_index: list[int]) -> list[Candidate]:
        """The place a dateline names is a place mention, whatever the model made of it."""
        for m in _DATELINE.finditer(text):
            a, b = m.span(1)
            if len(m.group(1)) < 3 or self._junk(m.group(1)):
                continue
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None:
                continue
            spans = [s for s in spans if not (s.start < b and a < s.end)]
            spans.append(Candidate(a, b, "GPE", None, sent_index[span.start], cues={"Place": self.cues.weight}))
        return spans

    @staticmethod
    def _name_word(tok) -> bool:
        """A capitalised proper noun, or a capitalised word the tagger calls a noun inside a
        sentence (an unknown company name: "… said Rosneft, a state-owned oil company")."""
        return tok.is_title and (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not tok.is_sent_start))

    def _missed_names(self, doc: Doc, covered: list[bool], tail: int, sent_index: list[int]) -> list[Candidate]:
        """Proper-noun runs the model left out that a cue types ("Technorati, a blog search
        engine") or the gazetteer knows as a country or large city. They carry no model vote."""
        found: list[Candidate] = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            if covered[i] or not self._name_word(tok) or tok.idx >= tail:
                i += 1
                continue
            j = i
            while j < len(doc) and not covered[j] and self._name_word(doc[j]) and doc[j].sent.start == tok.sent.start:
                j += 1
            head = doc[i:j].text
            if self.cues.body_head(doc[j - 1].text):  # "Iran’s High Council for Human Rights"
                j = _name_tail(doc, j, covered, on=self.cues.place_then(doc[j - 1].text) == "EVENT")
            span = doc[i:j]
            name = span.text
            i = j
            if self._junk(name) or len(name) < 2:
                continue
            place = self.places.lookup(name)
            said = self.cues.around(doc, span.start, span.end) or self.cues.last_word(head)
            if said is None and place is not None and place.weight >= 1.2:
                said = "Place"
            if said is None:
                continue
            label = {"Person": "PERSON", "Organization": "ORG", "Place": "GPE"}[said]
            found.append(Candidate(span.start_char, span.end_char, label, None, sent_index[span.start],
                                   cues={said: self.cues.weight} if place is None else {}, model_weight=0.0))
        return found

    def _after_person_title(self, doc: Doc, ent: Span) -> bool:
        """'the late Asma Jahangir', 'Mrs. X', 'President X': a person, whatever NER said."""
        if ent.ent_id_:
            return False  # the gazetteer knows better
        prev = [t for t in doc[max(ent.start - 2, 0) : ent.start] if not t.is_space]
        return bool(prev) and prev[-1].lower_.rstrip(".") in self.person_titles and ent[0].is_title

    def _date(self, ent: Span, document: SourceDocument, ex: Extraction, sent_index) -> None:
        cleaned = self._clean(document.text, ent.start_char, ent.end_char)
        if cleaned is None and not re.search(r"\d", ent.text):
            return
        start, end = cleaned or (ent.start_char, ent.end_char)
        words = document.text[start:end]
        if not _DATE_HINT.search(words):
            return  # "Mullahs" tagged DATE by the model: not a date
        nd = normalise_date(words, document.date)
        ex.dates.append(
            DateMention(
                start, end, words, sent_index[ent.start], nd.value, nd.datatype,
                getattr(nd, "end_value", None), getattr(nd, "end_datatype", None),
            )
        )

    def _parenthetical_aliases(self, text: str, spans: list[Candidate]) -> None:
        """'People's Mojahedin Organization of Iran (PMOI / MEK Iran)': the parts are aliases.

        Each part becomes a mention of the head entity; model spans inside it are dropped.
        """
        added: list[Candidate] = []
        dropped: set[int] = set()
        for span in spans:
            if span.label not in ("ORG", "PERSON", "GPE", "LAW", "EVENT"):
                continue
            m = _PAREN.match(text, span.end)
            if not m:
                continue
            head = text[span.start : span.end]
            inside = m.group(1)
            said_same = _SAME_AS.match(inside)
            parts = list(re.finditer(r"[^/,;()–—|]+", inside[said_same.end():] if said_same else inside))
            for part in parts:
                raw = part.group(0)
                name = raw.strip()
                if not name or name.lower() in ("or", "aka") or len(name.split()) > 6:
                    continue
                if not name[0].isupper() or not _HAS_LETTER.search(name):
                    continue  # "(2019)", "(in Persian)": not aliases
                if not (said_same or alias_fits(head, name) or self.rules.same(head, name)):
                    # "Iran (CBI | JCPOA)": words beside a name, not its other names; an acronym
                    # after an organisation's name is an organisation of its own (a translated
                    # name's acronym: "… of Panamanian Workers (CNTP)")
                    if span.label == "ORG" and is_acronym(name) and len(parts) == 1:
                        a = m.start(1) + part.start() + (len(raw) - len(raw.lstrip()))
                        if not any(o.start < a + len(name) and a < o.end for o in spans):
                            added.append(Candidate(a, a + len(name), "ORG", None, span.sentence))
                    continue
                a = m.start(1) + (said_same.end() if said_same else 0) + part.start() + (len(raw) - len(raw.lstrip()))
                b = a + len(name)
                dropped.update(id(o) for o in spans if o.start >= a and o.end <= b)
                span.names.append(name)
                added.append(Candidate(a, b, span.label, span.subtype, span.sentence, alias_of=0))
        spans[:] = [s for s in spans if id(s) not in dropped] + added
        spans.sort(key=lambda s: (s.start, -s.end))


def _party_suffix(tok) -> bool:
    """A party's or faction's letters after a hyphen ("N" of "PML-N", "KP" of "ISIL-KP"): one to
    three capitals no entity holds, the word ending there."""
    return tok.is_alpha and tok.is_upper and len(tok) <= 3 and not tok.ent_type_ \
        and (tok.i + 1 >= len(tok.doc) or tok.whitespace_ or tok.nbor().is_punct)


def _capitalised_name_word(text: str) -> bool:
    """A word a name may hold: letters, with hyphens or apostrophes inside ("Al-e-Habib",
    "Ra’ad", "O'Brien"), capitalised and not all capitals."""
    letters = re.sub(r"[-’']", "", text)
    return letters.isalpha() and text[:1].isupper() and not (len(letters) > 1 and letters.isupper())


def alias_fits(name: str, alias: str) -> bool:
    """A parenthesised ``alias`` fits ``name`` when one is an acronym whose letters are the
    other's initials in order (an acronym inside the name gives all its letters: "UN Human
    Rights Council" has U, N, H, R, C, so "UNHRC" fits and "UNHCR" does not)."""
    if is_acronym(name) and not is_acronym(alias):
        name, alias = alias, name
    if not is_acronym(alias):
        return False
    letters = "".join(w if is_acronym(w) else w[0].upper()
                      for w in re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?", name))
    letters = letters.replace(".", "")
    want = alias.replace(".", "").upper()
    if not letters or want[0] != letters[0]:
        return False
    it = iter(letters)
    return all(ch in it for ch in want) or want == initials(name)


_HEAD_TYPES = {"ORG": "Organization", "FAC": "Place", "EVENT": "Event"}
_TAIL_WORDS = 8  # the longest "for/of/on …" a name is allowed to go on with
_TAIL_JOINS = frozenset({"and", "of", "the", "for", "on", "&"})


def _mission_to(doc: Doc, end: int) -> int:
    """Where a body's name ending at token ``end`` ends when it is a mission or delegation "to" a
    body or country the model named ("the Media Office of the Iranian Mission to the United
    Nations"): after that name, else ``end``."""
    if end + 2 >= len(doc) or doc[end - 1].lower_ not in ("mission", "delegation") or doc[end].lower_ != "to":
        return end
    k = end + 1 + (doc[end + 1].lower_ == "the")
    if k >= len(doc) or doc[k].ent_iob_ != "B" or doc[k].ent_type_ not in ("ORG", "GPE"):
        return end
    return _entity_end(doc, k)


def _portfolios_before(doc: Doc, start: int) -> int:
    """Where a body's name the model began at token ``start`` begins when the words before it,
    "and" and portfolios (``portfolios`` in roles.yaml) no entity holds, are its own: "Syria's
    [Foreign and] Expatriates Ministry", "the [Industry, Mining and] Trade Ministry", "the [Roads
    and] Urban Development Ministry"; else ``start``. The word before "and" must be a portfolio
    ("Rouhani and Foreign Ministry" is two), as must every word taken in, commas between them."""
    portfolios = lexicon().portfolios
    if start < 2 or doc[start - 1].lower_ != "and" or doc[start - 1].ent_type_:
        return start
    k, first = start - 2, start
    while k >= 0 and not doc[k].ent_type_ and not doc[k + 1].is_sent_start:
        tok = doc[k]
        if tok.is_title and tok.lower_ in portfolios:
            first = k
        elif tok.text != "," or first != k + 1:
            break
        k -= 1
    return first if first < start - 1 else start


def _entity_end(doc: Doc, k: int) -> int:
    """Where the model's entity beginning at token ``k`` ends."""
    k += 1
    while k < len(doc) and doc[k].ent_iob_ == "I":
        k += 1
    return k


def _name_tail(doc: Doc, end: int, covered: list[bool] | None = None, *, on: bool = False) -> int:
    """Where a name ending at token ``end`` ends when it goes on with "for" or "of" (a gathering's
    also "on", ``on``) and capitalised words no entity holds ("High Council" + "for Human Rights",
    "London School" + "of Economics", "Istanbul Conference" + "on the Afghan Peace Process"): the
    token after the last capitalised word, or ``end``. A lower-case word other than a joining one,
    a new sentence, "and" before another entity or a person's name ends it ("… for Human Rights
    Kazem Gharibabadi", "… for Human Rights and Foreign Ministry"); another
    entity right after the capitalised words means the name goes on into it, and it is left as it
    was ("for the Former [Yugoslavia]", "the Security Council on [Monday]")."""
    if end + 1 >= len(doc) or doc[end].lower_ not in (("for", "of", "on") if on else ("for", "of")) \
            or not doc[end - 1].whitespace_:
        return end
    k, last = end + 1, end
    if doc[k].lower_ == "the":
        k += 1
    while k < len(doc) and k - end <= _TAIL_WORDS and not doc[k].is_sent_start and not doc[k].ent_type_ \
            and not (covered and covered[k]):
        tok = doc[k]
        if tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1)):
            last = k + 1
        elif tok.lower_ not in _TAIL_JOINS or last == end:
            break
        k += 1
    if k < len(doc) and doc[k].ent_type_ not in ("", "PERSON") and not doc[k].is_sent_start \
            and all(t.lower_ in _TAIL_JOINS - {"and", "&"} for t in doc[last:k]):
        return end  # (after "and" it is another name: "… for Human Rights and [Foreign Ministry]")
    return last


def _titled_places(text: str, spans: list[Candidate], weight: float) -> list[Candidate]:
    """A place whose name begins with a title word, as the text shows it somewhere ("the Sheikh
    Jarrah neighborhood"), keeps that word everywhere in the document: "in Sheikh Jarrah" is no
    person called Jarrah."""
    places = {text[c.start : c.end] for c in spans if c.cues.get("Place") and " " in text[c.start : c.end]}
    if not places:
        return spans
    for c in spans:
        name = text[c.start : c.end]
        for p in places:
            if p != name and p.endswith(" " + name) and text[max(c.start - len(p) + len(name), 0) : c.end] == p:
                c.start, c.cues = c.end - len(p), {"Place": weight}
                break
    return spans


_NAME_PARTICLES = ("e", "ye", "al", "el", "bin", "ibn", "bint", "abu", "de", "da", "van", "von", "ul", "ud")


def _persons_joined(ents):
    """The model's spans, with two person spans side by side (one space between, no comma) made
    one: "then-President [Abd Rabbu] [Mansour Hadi]", "[Abbas] [Bagherpour Ardekani]"; also a
    person's span ending in a joining particle and the name after it ("[Majid Takht-e] [Ravanchi]")."""
    ents = list(ents)
    i = 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ == "PERSON" and not ent.ent_id_ and i + 1 < len(ents):
            nxt = ents[i + 1]
            # ("[Majid Takht-e] [Ravanchi]": a name that ends in a joining particle goes on, whatever
            # the model called the rest)
            particle = ent[-1].lower_ in _NAME_PARTICLES and ent[-1].is_lower and len(nxt) <= 2 \
                and nxt[0].is_title and nxt.label_ in ("ORG", "GPE", "NORP", "FAC")
            if (nxt.label_ == "PERSON" or particle) and not nxt.ent_id_ and nxt.start == ent.end \
                    and ent[-1].whitespace_ == " ":
                yield Span(ent.doc, ent.start, nxt.end, label="PERSON")
                i += 2
                continue
        yield ent
        i += 1


_INITIALS_SKIP = ("of", "and", "for", "the", "on", "&")  # words a name's initials pass over


def _acronym_named(ents, body_head):
    """The model's spans, with an organisation's name that its initials in brackets right after
    spell out taken whole where the model cut or split it: "The [Islamic Revolution] Guard Corps
    ([IRGC])", "The [United Nations] Relief and Welfare Agency ([UNRWA])". Only when the
    initials are an organisation's to the model or the name ends in a body's word; never over a
    person's name."""
    ents = list(ents)
    if not ents:
        return ents
    doc = ents[0].doc
    for i in range(1, len(doc) - 2):
        acr = doc[i + 1].text.replace(".", "")
        if doc[i].text != "(" or doc[i + 2].text != ")" or not is_acronym(acr) or len(acr) < 3:
            continue
        letters, j = acr.lower(), i - 1
        pos = len(letters) - 1
        while j >= 0 and pos >= 0 and not doc[j].is_sent_end:
            t = doc[j]
            if t.lower_ in _INITIALS_SKIP and pos < len(letters) - 1 and j > 0:
                j -= 1
                continue
            if not (t.is_title and t.is_alpha and t.lower_[0] == letters[pos]):
                break
            pos, j = pos - 1, j - 1
        start = j + 1
        while start < i and doc[start].lower_ in _INITIALS_SKIP:
            start += 1
        if pos >= 0 or i - start < 2 or (doc[start].lower_,) in lexicon().title_kind:
            continue  # (not "Member of the European Parliament (MEP)": a title's initials)
        inside = [e for e in ents if e.start < i and e.end > start]
        own = next((e for e in ents if e.start == i + 1), None)
        if any(e.label_ == "PERSON" or e.start < start or e.end > i for e in inside) \
                or any(e.start == start and e.end == i for e in inside) \
                or not ((own is not None and own.label_ == "ORG") or body_head(doc[i - 1].text)):
            continue
        ents = sorted([e for e in ents if e not in inside] + [Span(doc, start, i, label="ORG")], key=lambda e: e.start)
    return ents


def _national_bodies_joined(ents):
    """The model's spans, with a country's adjective it gave a span of its own joined to the
    government body's generic name right after it: "[the Russian] [Foreign Ministry]" is the
    "Russian Foreign Ministry" (``national_body_words`` in countries.yaml)."""
    ents = list(ents)
    words, countries = lexicon().national_body_words, country_words()
    i = 0
    while i < len(ents):
        ent = ents[i]
        own = [t for t in ent if t.lower_ != "the"]
        if ent.label_ in ("ORG", "NORP") and not ent.ent_id_ and len(own) == 1 and own[0].text in countries \
                and i + 1 < len(ents) and (nxt := ents[i + 1]).label_ == "ORG" \
                and (not nxt.ent_id_ or nxt.ent_id_.startswith("subtype:")) \
                and nxt.start == ent.end and ent[-1].whitespace_ == " " \
                and all(t.lower_ in words for t in nxt) and nxt[0].is_title:
            yield Span(ent.doc, own[0].i, nxt.end, label="ORG", span_id=nxt.id)
            i += 2
            continue
        yield ent
        i += 1


def _name_lists_split(ents):
    """The model's spans, with a person, organisation or place span that is a list of names cut
    at its commas: every part one to three capitalised words ("with Aljazeera, Dehghan said": the
    broadcaster and a man; "Rajasthan, Chhattisgarh"; "Arbitrary Executions, Agnes Callamard").
    "University of California, Berkeley", "Washington, D.C." and "King, Jr." stay whole."""
    for ent in ents:
        commas = [t.i for t in ent if t.text == ","] if ent.label_ in _LISTED and not ent.ent_id_ else []
        end = ent.end
        while commas and end > commas[-1] + 1 and ent.doc[end - 1].is_lower:
            end -= 1  # a dangling "and" the model took in: "Rajasthan, Chhattisgarh and"
        if commas:
            bounds = list(zip([ent.start] + [i + 1 for i in commas], [*commas, end]))
            if all(0 < b - a <= 3 and all(t.is_title and t.is_alpha and len(t) > 1 for t in ent.doc[a:b])
                   for a, b in bounds):
                for a, b in bounds:
                    yield Span(ent.doc, a, b, label=ent.label_)
                continue
        yield ent


_LISTED = frozenset({"PERSON", "ORG", "GPE", "LOC"})
