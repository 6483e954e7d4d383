"""Quotations: the words between quote marks and who says them — a name, a pronoun resolved to
the person last named, "the organization" when one is in play, or the speaker's description when
the text gives no name."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..model import Quotation
from ..names import fold
from .quotemarks import SINGLE
from .reference import (
    described_subject_before,
    names_several,
    pronoun,
    resolve_np,
    speaking_noun,
    subject_entity,
    unnamed_person_before,
)
from .view import SPEAKERS, DocView
from .words import country_words, outlet_name


def quotations(d: DocView) -> None:
    text = d.ex.document.text
    doc = d.doc
    toks = d.tokens
    prev, prev_end = None, -1  # the last quotation kept, and where its closing mark ended
    unspoken = []  # quotations of the current sentence with no speaker yet: (start, end, g, first, last)

    def keep(start, end, g, first, speaker, speaker_text, verb) -> Quotation | None:
        words = text[start:end].strip()
        n_words = len(words.split())
        if g == SINGLE and n_words < 4:
            return None  # scare quotes
        if n_words == 1 and (g != 1 or not words.isalpha()):
            return None
        date = None
        if verb is not None:
            date = d.date_near(verb, span=(verb.sent.start, verb.sent.end))
            if date and start <= date.start < end:
                date = None
        q = Quotation(text=text[start:end], start=start, end=end, sentence=d.sentence(first), speaker=speaker,
                      speaker_text=speaker_text, date=date.value if date else None,
                      date_datatype=date.datatype if date else None)
        d.ex.quotations.append(q)
        return q

    for qstart, qend, start, end, g in d.quotations_marked():
        words = text[start:end].strip()
        # (a run of words with no sentence's end, “Fratricide in Panjshir is unjustified”, is a
        # subheading between paragraphs, not the next paragraph of the same speech)
        follows = prev is not None and not text[prev_end:qstart].strip() and words[-1:] in tuple(".!?…,;:")
        if not words or not re.search(r"\w", words):
            continue
        first = doc.char_span(qstart, qstart + 1, alignment_mode="expand")
        last = doc.char_span(qend - 1, qend, alignment_mode="expand")
        if first is None or last is None:
            continue
        before = doc[first[0].i - 1].lower_ if first[0].i > 0 else ""
        if before == "," and first[0].i > 1:
            before = doc[first[0].i - 2].lower_  # an article titled, “…”
        if _is_a_name(words.rstrip(",")) or (before in _NAMING and _is_a_name(words.rstrip(".!"))):
            continue  # “Hormuz Peace Endeavor”, dubbed “Remember Palestine.”: a name, not a quotation
        naming = doc[first[0].i - 1] if first[0].i > 0 else None
        if naming is not None and naming.lower_ in _NAMING and naming.tag_ == "VBN" and not any(
                c.dep_ in ("nsubj", "nsubjpass", "agent") for c in naming.children):
            continue  # a conference “dubbed “Davos in the desert”, the so-called “deal of the century”: a label no one says here
        if before in ("titled", "entitled") or (before == "on" and _titled(d, toks[first[0].i - 1])):
            continue  # a meeting on “the situation in the Middle East …”: its title, not anyone's words
        if _labelled(d, first[0].i):
            continue  # the slogan of “I cannot breathe”, the theme “Partnership for unity”: a label
        if len(words.split()) <= 5 and words[-1] not in ".!?,;:…" and _modifies_next(doc, first[0].i, last[-1].i):
            continue  # the West’s “maximum pressure” campaign, a “peacekeeping” mission: a name or label, not anyone's words
        sent = first[0].sent
        if words[-1] not in ".!?,;:…" and text[sent.start_char : sent.end_char].strip() == text[qstart:qend]:
            continue  # “Foreign meddling in unrest” on a line of its own: a heading, not someone's words
        unspoken = [u for u in unspoken if u[3].sent.start == sent.start]
        speaker, speaker_text, verb = _speaker(d, first[0], last[-1], qstart, qend)
        if speaker is None and speaker_text and re.search(r"[“”\"]|^‘", speaker_text):
            speaker_text = None  # (“the little rocket man” is words quoted, no speaker)
        after_quote = prev is not None and 0 <= d.sentence(first[0]) - prev.sentence <= 1
        if _between_sentences(text, qstart, qend, words, after_quote) and not _hands_to(verb, last[-1]):
            # "… he added. ‘Iran will respond to Ahvaz terrorist attack’ Rouhani also said that …":
            # words with no sentence's end between a full stop and a capital letter are a
            # subheading the page lost its line breaks around, unless a verb right after them
            # speaks them and nothing else (“That gives certain leverage …” Guterres agreed)
            continue
        if speaker is None and speaker_text is None and follows:
            # a quotation that goes straight on from the one before it (a paragraph of the same
            # speech, or a tweet quoted in parts) with no verb of its own: the same speaker
            speaker, speaker_text, verb = prev.speaker, prev.speaker_text, None
        if speaker is None and speaker_text is None:
            unspoken.append((start, end, g, first[0], last[-1]))
            continue
        if verb is not None and verb.i > last[-1].i and doc[last[-1].i - 1].text in (",", "?", "!"):
            # "The “irresponsible arms flows” … has inflicted “enormous harm …,” Amnesty said": the
            # verb the last words hand over to speaks the earlier ones of its sentence too, when no
            # other speech verb stands between
            for u_start, u_end, u_g, u_first, u_last in unspoken:
                if not any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in d.lex.speech_verbs
                           for t in doc[u_last.i + 1 : first[0].i]):
                    keep(u_start, u_end, u_g, u_first, speaker, speaker_text, verb)
            unspoken = []
        q = keep(start, end, g, first[0], speaker, speaker_text, verb)
        if q is not None:
            prev, prev_end = q, qend
    _quoted_again(d)


QUOTED_AGAIN_WINDOW = 3  # sentences either side (not further: "Amnesty International said" in a lead is Amnesty's,
# though its director says the same words five sentences on — tests/gold/amnesty-yemen-arms.yaml)


def _quoted_again(d: DocView) -> None:
    """Words given to a body or a country ("Iran rejected the move as a “political heresy”") that
    a person quotes in full nearby ("“Removing a legal member … is a political heresy,” Foreign
    Ministry spokesman Nasser Kanaani said") are that person's: the text names who said them."""
    quotes = d.ex.quotations
    norm = lambda t: " ".join(re.findall(r"\w+", t.lower()))
    for q in quotes:
        if q.speaker is None or d.ex.entity(q.speaker).type not in ("Organization", "Place"):
            continue
        words = norm(q.text)
        if not words:
            continue
        # (not a person who quotes the body's words as its own: "“Scientific Societies for Medical
        # Sciences in Iran call on …” Zarif tweeted")
        body = norm(d.ex.entity(q.speaker).name) if d.ex.entity(q.speaker).type == "Organization" else None
        people = {o.speaker for o in quotes if o is not q and o.speaker is not None
                  and abs(o.sentence - q.sentence) <= QUOTED_AGAIN_WINDOW and words in norm(o.text)
                  and not (body and body in norm(o.text)) and d.ex.entity(o.speaker).type == "Person"}
        if len(people) == 1:
            q.speaker = people.pop()


def _speaker(d: DocView, open_tok: Token, close_tok: Token, qstart: int, qend: int):
    """(entity key, description, verb) of who says the words between the quote marks: the first
    candidate that can speak (see ``_can_speak``)."""
    for k, text, verb in _speakers(d, open_tok, close_tok, qstart, qend):
        if _can_speak(d, k, text, qstart, qend, open_tok):
            return k, text, verb
        break  # the nearest candidate cannot speak: no speaker rather than a farther guess
    return None, None, None


def _can_speak(d: DocView, key: str | None, text: str | None, qstart: int, qend: int, open_tok: Token) -> bool:
    """Only people, organisations and countries speak; nothing named only inside the quotation
    is its speaker; a description speaks when its head is a person's or a body's noun ("the
    spokesman", "officials"), not "the sanctions" or "International courts"."""
    if key is not None:
        entity = d.ex.entity(key)
        # a place the gazetteer knows as a city or region does not speak; one it does not know
        # ("Raisi said", typed a place by the NER model) may be a mistyped name
        if entity.type == "Place" and entity.subtype != "Country" and entity.name not in country_words() \
                and (entity.same_as or entity.country):
            return False
        if entity.name.lower() in d.lex.region_words:
            return False  # "West Asia", whatever the NER model called it
        if not any(qstart <= m.start < qend for m in entity.mentions):
            return True
        # named inside the quotation ("He noted, “The assassination of Shirin Abu Akleh …”"): the
        # speaker only when also named beside it, in the sentences the quotation is in
        near_lo = d.ex.sentences[d.sentence(open_tok)].start
        near_hi = qend + 200
        return any(not qstart <= m.start < qend and near_lo <= m.start < near_hi for m in entity.mentions)
    if text and names_several(d, text):
        return True  # "MBS and Biden": several named speakers of one work
    phrase = (text or "").lower().replace("’s", "").replace("'s", "")
    words = phrase.split()
    if words and d.lex.speech_nouns & {words[-1], words[-1].rstrip("s")} and (
            words[0] in ("a", "an") or (len(words) <= 2 and words[-1].endswith("s"))):
        return False  # "according to reports", "a newspaper report said": a source the text leaves unnamed
    # the head before "of" ("a senior member of parliament") or the last word ("a number of
    # Iranian officials")
    heads = [p.split()[-1] for p in (phrase.split(" of ")[0], phrase) if p.split()]
    return any(speaking_noun(d.lex, h) for h in heads)


def _speakers(d: DocView, open_tok: Token, close_tok: Token, qstart: int, qend: int):
    """Candidate (entity key, description, verb) for the speaker, nearest first."""
    lex = d.lex
    doc = d.doc
    toks = d.tokens

    def outside(t: Token) -> bool:
        # a verb inside any quotation (a reprinted speech's "observed", the next paragraph's
        # "continues") reports words of that quotation's speaker, not this one's
        return not (qstart <= t.idx < qend) and not d.quoted(t)

    candidates: list[Token] = []
    # the sentence the quote opens in, the one it closes in, and a short tail after it
    sents = [open_tok.sent, close_tok.sent]
    if close_tok.i + 1 < len(doc):
        nxt = toks[close_tok.i + 1].sent
        if nxt.start > close_tok.sent.start or nxt != close_tok.sent:
            sents.append(nxt)
    if open_tok.i > 0:
        sents.insert(0, toks[open_tok.i - 1].sent)
    seen = set()
    for sent in sents:
        if sent.start in seen:
            continue
        seen.add(sent.start)
        for t in sent:
            # "the UN should maintain …": a verb under a modal reports no one's words
            modal = any(c.dep_ == "aux" and c.lower_ in _MODALS and outside(c) for c in t.children)
            # "the Israeli regime will continue to commit “unspeakable crimes”": "continue" with a
            # verb of its own to do reports no words (its verb may: "continues to label this a “…”")
            modal = modal or (t.lemma_.lower() == "continue" and any(c.dep_ == "xcomp" for c in t.children))
            if outside(t) and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.speech_verbs and not modal:
                candidates.append(t)
    # nearest speech verb to the quote, before it or right after it
    # "“…,” Kazem Gharibabadi told the meeting": words closed by a comma hand over to the verb after
    hands_over = close_tok.i > 0 and toks[close_tok.i - 1].text in (",", "?", "!")

    def distance(t: Token) -> int:
        # (a comma ends no sentence: where the parser split after “…,” the verb after still speaks)
        if t.i > close_tok.i and hands_over and t.i - close_tok.i <= 12 and (
                t.sent.start <= close_tok.i or toks[close_tok.i - 1].text == ","):
            return 0
        if t.i > close_tok.i and hands_over and toks[close_tok.i - 1].text == "," and any(
                c.dep_ == "nsubj" and c.left_edge.i == close_tok.i + 1 for c in t.children):
            # "“…,” Yanghee Lee, UN special rapporteur on human rights in Myanmar, said": the
            # verb whose subject starts right after the words speaks them, however long the subject
            return 0
        return open_tok.i - t.i if t.i < open_tok.i else (t.i - close_tok.i) * 2
    # a verb of the sentences the words are in comes before one of the sentence after them
    inside = (open_tok.sent.start, close_tok.sent.end)
    if any(inside[0] <= t.i < inside[1] and (t.i < open_tok.i or distance(t) == 0) for t in candidates):
        candidates = [t for t in candidates if t.i < inside[1] or distance(t) == 0]
    candidates.sort(key=distance)
    for verb in candidates[:3]:
        if distance(verb) > 40:
            break
        if verb.sent.start < open_tok.sent.start and verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children):
            # "Negotiations started after President Joe Biden announced his administration’s
            # desire to rejoin the deal. “We have …”": a verb of an adverbial clause of the sentence
            # before speaks no words that open the next one (nor does a farther one)
            return
        if verb.i > close_tok.i and distance(verb) != 0 and verb.sent.start > close_tok.sent.start and any(
                c.dep_ in ("dobj", "ccomp") and c.i > close_tok.i for c in verb.children) \
                and not _same_speaker_goes_on(d, open_tok, verb, any(t.i < open_tok.i for t in candidates)):
            # "CICA remains an “important global political center” promoting the principles of
            # “partnership, equality and mutual solidarity.” Rakhmetullin also noted the
            # significance of …": a verb of a later sentence with words of its own to report
            # does not speak words the writer's own sentence quoted
            continue
        if verb.i > close_tok.i and distance(verb) != 0 and verb.dep_ == "advcl" \
                and any(c.dep_ == "mark" and c.lower_ != "as" for c in verb.children):
            # "… could be responsible for “the death of innocent people” if it continues its
            # policies": a verb of an adverbial clause after the words does not report them
            continue
        # the verb must be in the quote's sentence, or the quote must touch its clause
        if verb.lemma_.lower() == "quote":
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:
                # (him/her as far back as "he said" looks from the words)
                k, text = (pronoun(d, obj, window=6), None) if obj.lower_ in ("him", "her") \
                    else resolve_np(d, obj, SPEAKERS)
                if k or text:
                    yield k, None if k else text, verb
                continue  # "IRNA quoted her as saying": the one quoted speaks, never the outlet
        k, text = subject_entity(d, verb, SPEAKERS)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if hands_over and verb.i == close_tok.i + 1 and verb.i + 1 < len(doc):
            # "“…,” tweeted Pompeo on August 27", "“…,” said the London-based rights group": the
            # speaker right after the verb, however the parse attached it
            # (the phrase's head: "said U.S. National Security Adviser Jake Sullivan" is Sullivan)
            head = toks[verb.i + 1]
            while head.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod", "case") and head.head.i > head.i:
                head = head.head
            if head.pos_ in ("NOUN", "PROPN"):
                named, desc = resolve_np(d, head, SPEAKERS)
                if named or desc:
                    k, text = named, desc
        if k is None and subj is not None and subj.lower_ in ("he", "she"):
            # "“Sanctions are war. … It's more than war,” he said": from where the words began,
            # over the sentences of earlier quotations too
            anchor = open_tok if verb.i > close_tok.i else subj
            k, text = pronoun(d, subj, anchor=anchor if anchor is open_tok else None, window=6), None
            # "One local man … said …. “…,” he said": the unnamed person introduced after the name
            named_at = max((a for a, _, key in d.mention_spans if key == k and a < anchor.i), default=-1)
            unnamed = unnamed_person_before(d, subj, anchor, named_at)
            if unnamed:
                k, text = None, unnamed
            elif k is None and (described := described_subject_before(d, subj, anchor)) is not None:
                k, text = resolve_np(d, described, SPEAKERS)
        if k or text:
            if text and text.lower() in ("it", "they", "which", "that", "who", "we", "i", "you", "this"):
                continue
            yield k, None if k else text, verb
        elif any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in verb.children):
            return  # "he told me" about someone unnamed: not the next name along
        elif subj is not None and subj.pos_ == "PROPN" and not d.quoted(subj):
            return  # "… lRezaee says, “…”": a name the NER left out speaks, not the next name along
    # "according to X, … “…”"
    for t in open_tok.sent:
        if t.lower_ == "according" and t.i + 2 < len(doc) and toks[t.i + 1].lower_ == "to" and outside(t):
            pobj = next((c for c in toks[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None and _an_outlet(d, pobj) and t.head.lemma_.lower() in lex.speech_verbs \
                    and outside(t.head) and not any(c.dep_ == "xcomp" for c in t.head.children):
                # "…,” Hamaneh said, according to Press TV": the one who said, not who reported it
                k, text = subject_entity(d, t.head, SPEAKERS)
                if k or text:
                    yield k, None if k else text, t.head
                continue
            if pobj is not None and pobj.lemma_.lower() not in _OUTLET_NOUNS:
                # (not "…,” according to Iran’s state news agency IRNA": the outlet that reports them)
                k, text = resolve_np(d, pobj, SPEAKERS)
                if k is not None and fold(d.ex.entity(k).name) in d.lex.news_agencies:
                    continue
                if k or text:
                    yield k, None if k else text, None



_OUTLET_NOUNS = {"agency", "newspaper", "daily", "website", "outlet", "channel", "broadcaster", "media"}


def _an_outlet(d: DocView, noun: Token) -> bool:
    """``noun`` names a news outlet: an outlet's noun ("the agency"), a news agency the lexicon
    knows ("IRNA"), or a name ending in an outlet's word ("Press TV", "Fars News")."""
    if noun.lemma_.lower() in _OUTLET_NOUNS:
        return True
    key = d.ent(noun)
    return outlet_name(d.lex, d.ex.entity(key).name if key else noun.lower_)
_MODALS = {"should", "must", "could", "can", "would", "may", "might", "shall"}
_NAMING = {"dubbed", "called", "named", "titled", "entitled", "codenamed", "branded"}
_SMALL = {"of", "the", "for", "and", "on", "in", "to", "a", "an", "at", "de", "al", "el", "&"}


def _same_speaker_goes_on(d: DocView, open_tok: Token, verb: Token, said_before: bool) -> bool:
    """Whether a verb of a later sentence that reports words of its own may still be the
    quotation's speaker: when the quotation stands as its own sentence and no verb before it
    speaks it (“Through 2001-2021, nearly 165,000 Afghans have been killed …” The ambassador went
    on to say …), or when its sentence's subject is the one who speaks next ("Golroo highlighted
    that …, and “all clues …” . Golroo said …"). Not "Xinhua quoted Hu as telling Ahmadinejad.
    “We hope …” Ahmadinejad reiterated that …": the words go on from the verb before them."""
    sent = open_tok.sent
    if not any(not t.is_punct for t in d.doc[sent.start : open_tok.i]):
        return not said_before
    root = sent.root
    if root.i >= open_tok.i and d.quoted(root):
        return False
    said_by, _ = subject_entity(d, root, SPEAKERS)
    goes_on, _ = subject_entity(d, verb, SPEAKERS)
    return said_by is not None and said_by == goes_on


def _between_sentences(text: str, qstart: int, qend: int, words: str, after_quote: bool = False) -> bool:
    """Words that begin with a capital and end with no sentence punctuation, standing between the
    end of one sentence (or the start of the text) and a capital letter."""
    before = text[:qstart].rstrip()
    after = text[qend:].lstrip()
    # (a last word that is an abbreviation ends no sentence — "… he added. “Europe has been taken
    # hostage by U.S.” The intelligence chief also said …" — unless the words go on from a
    # quotation of the sentence before: ("``after_quote``": “You don’t want it to be about the U.S.”)
    abbreviated = re.search(r"\b(?:[A-Z]\.){2,}$", words) is not None and not after_quote
    if not words[:1].isupper() or (words[-1] in ".!?,;:…" and not abbreviated):
        return False
    return (not before or before[-1] in ".!?”\"’)") and after[:1].isupper()


def _hands_to(verb: Token | None, close_tok: Token) -> bool:
    """``verb`` comes right after the closing mark's clause, with a subject of its own there, and
    reports no words of its own (not "‘Zarif accepts invitation’ Responding to a question, …",
    "When asked about …": a participle with no subject speaks no words before it)."""
    if verb is None or verb.i <= close_tok.i or verb.i - close_tok.i > 8:
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i > close_tok.i for c in verb.children):
        return False
    # (nor "‘Sanctioning CBI is illegal’ Zarif also pointed to the U.S. action": "pointed to",
    # "referred to" report what they point at)
    return not any((c.dep_ in ("ccomp", "dobj", "xcomp") or (c.dep_ == "prep" and c.lower_ in ("to", "at")))
                   and c.i > close_tok.i for c in verb.children) \
        and not any(t.text in "“\"‘" for t in verb.doc[close_tok.i + 1 : verb.i])


def _labelled(d: DocView, open_i: int) -> bool:
    """The quote mark at ``open_i`` follows a label's noun, or "<noun> of" (``label_nouns``)."""
    toks, i = d.tokens, open_i - 1
    if i >= 0 and toks[i].text == ",":
        i -= 1
    if i >= 1 and toks[i].lower_ == "of":
        i -= 1
    return i >= 0 and toks[i].lemma_.lower() in d.lex.label_nouns


def _titled(d: DocView, on: Token) -> bool:
    """``on`` hangs from a meeting's, a resolution's or a mandate's noun (the word before it, or its head)."""
    lex = d.lex
    return on.head.lemma_.lower() in lex.titled_nouns or (on.i > 0 and d.tokens[on.i - 1].lemma_.lower() in lex.titled_nouns)


def _modifies_next(doc, open_i: int, close_i: int) -> bool:
    """The quoted words only modify the noun right after the closing mark (“maximum pressure”
    campaign, the “snapback” mechanism)."""
    if close_i + 1 >= len(doc) or doc[close_i + 1].pos_ != "NOUN":
        return False
    roots = [t for t in doc[open_i + 1 : close_i] if not open_i < t.head.i < close_i and not t.is_punct]
    return bool(roots) and all(r.dep_ in ("compound", "nmod") and r.pos_ in ("NOUN", "PROPN") and r.head.i == close_i + 1
                               for r in roots)


def _is_a_name(words: str) -> bool:
    """A run of capitalised words with no sentence punctuation: a name or title in quote marks
    (“Hormuz Peace Endeavor”, “Operation Ajax”, an article titled, “U.S. and Iran Need a
    Coronavirus Peace Plan”), not someone's words."""
    tokens = words.split()
    if len(tokens) < 2 or words[-1] in ".!?,;:":
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL or w[:1].isdigit() for w in tokens) and tokens[0][:1].isupper()
