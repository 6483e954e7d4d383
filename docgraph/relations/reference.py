"""What a noun phrase stands for: the subject of a verb, a pronoun, "the organization", "the
report" — resolved to an entity of the document, or kept as its words when the text names none."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..names import fold, initials
from .titles import title_right
from .view import DocView, title_head_at
from .words import country_words


def subject_entity(d: DocView, verb: Token, types=("Person", "Organization")) -> tuple[str | None, str | None]:
    """(entity key, description) of ``verb``'s subject (active) or agent (passive)."""
    subj = None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ == "nsubj":
            subj = child
        elif child.dep_ == "agent":
            subj = next((c for c in child.children if c.dep_ == "pobj"), None) or subj
            if subj is not None:
                break
    if subj is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "by" \
            and verb.head.head.pos_ in ("VERB", "AUX") and (
                not (objs := [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")])
                or any(t.text in "“\"" for c in objs for t in c.subtree)):
        # "X concluded by saying …", "The letter begins by reiterating Iran’s “full commitment”" (not
        # "by telling lies": an object that is no quotation)
        return subject_entity(d, verb.head.head, types)
    if subj is None and verb.dep_ == "conj" and _subject_lost(d, verb):
        return None, None
    if subj is None and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head  # "X rejected …, saying …"
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.i > 0 and d.tokens[verb.i - 1].text == ",":
            # "Labour described the policy as “unethical” while the SNP condemned the move, saying
            # …": a participle after a comma goes with the clause right before it, whose verb has
            # a subject of its own, however the parse attached it
            # (a named subject, outside any quotation: not "what it called", not the quoted words)
            near = next((t for t in reversed(d.tokens[head.i + 1 : verb.i]) if t.pos_ in ("VERB", "AUX")
                         and t.tag_ in ("VBD", "VBZ", "VBP") and not d.quoted(t) and any(
                             c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in t.children)), None)
            if near is not None and near.head.i == head.i:
                head = near
        # "The minister stated that Iran has supported Ireland, saying …": the participle belongs
        # to the one who states, not to the clause he states (however the parse attached it)
        while head.dep_ == "ccomp" and head.head.lemma_.lower() in d.lex.speech_verbs and verb.tag_ == "VBG":
            head = head.head
        return subject_entity(d, head, types)
    if subj is None and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in d.lex.speech_nouns:
        # "he and the leadership of the Church published a letter saying “…”": the words are the
        # letter's, and so of the one who wrote, sent or issued it (or "X's letter", "a letter by X");
        # not "Khamenei's letters written five years ago. “…”": a participle that describes the letter
        noun = verb.head
        found = resolve_np(d, noun, types)
        if found[0] is not None:
            return found
        governor = noun.head if noun.dep_ == "dobj" else (
            noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "with") else None)
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            return subject_entity(d, governor, types)
        return None, None
    if subj is None:
        return None, None
    if subj.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
        subj = verb.head  # "the deputy that described …": the deputy
    return resolve_np(d, subj, types)


def _subject_lost(d: DocView, verb: Token) -> bool:
    """The verb joined to another has a noun right before it (before its own words: "but last
    month signed deals" is no such verb), with no "and" or comma between: "… have shown their
    indignation as Belgium, Denmark, …, and Sweden issued a joint statement" — the parse lost the
    verb's own subject, and the first verb's ("The ambassador did not refer …") is not it."""
    k = verb.left_edge.i - 1
    return k >= 0 and d.tokens[k].pos_ in ("NOUN", "PROPN", "PRON") and d.tokens[k].dep_ != "dobj" \
        and not d.quoted(verb)


_ISSUED = ("report", "statement", "letter", "study")  # works whose "the …" stands for their issuer


def resolve_np(d: DocView, head: Token, types=("Person", "Organization")) -> tuple[str | None, str | None]:
    """An entity for the noun phrase headed by ``head``: a mention in it, a pronoun or an
    anaphor resolved to the entity it stands for, else (None, the phrase's words)."""
    key = d.ent(head, types)
    if key:
        return _named_after(d, head, key, d.mention_bounds(head.i)[1], types) if d.type_of[key] == "Organization" else key, None
    # "the tweet of X", "X's tweet", "a statement by X": the possessor speaks
    for child in head.children:
        # "the Palestinian human rights group al-Haq": the name in apposition to the description
        if child.dep_ == "appos" and child.left_edge.i == head.i + 1 and (k := d.ent(child, types)):
            return k, None
    if head.lemma_.lower() in d.lex.speech_nouns or head.lower_ in ("account", "words", "tweets"):
        for child in head.children:
            if child.dep_ == "poss":
                k = d.ent(child, types) or pronoun(d, child)
                if k:
                    return k, None
    if head.lemma_.lower() in d.lex.speech_nouns:
        # "a statement issued by the U.S. State Department spokesperson Ned Price", "a letter
        # signed by X": the one who made it (not "published by the UK Foreign Ministry website":
        # an outlet that only carried it)
        for child in head.children:
            if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in d.lex.made_by_verbs:
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    found = resolve_np(d, pobj, types)
                    if found != (None, None):
                        return found
    if head.lemma_.lower() in d.lex.speech_nouns or head.lower_ in ("words", "word"):
        for child in head.children:  # "the words of X", "a statement by X"
            if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return resolve_np(d, pobj, types)
    if head.lower_ in ("he", "she", "him", "her", "his"):
        return pronoun(d, head), None
    if head.lower_ == "they":
        # "the organizations indicated …. “…,” they said": a plural subject of the sentences
        # before (a group of speakers, a description); one organisation is "it" in this corpus'
        # English, so it is "they" only where no plural speaker stands between
        group = plural_subject_before(d, head)
        if group is not None:
            return group
    if head.lower_ in ("it", "they"):
        k = org_before(d, head)
        return k, None
    if head.lower_ in _ISSUED and any(
            c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        # (the one who issued the nearest such work, within three sentences, before the author of
        # the document's last work of that name: "In a statement, Hamas said …. The statement
        # added" is not the Health Ministry's statement eight sentences before)
        found = _issuer_of_last(d, head, types)
        if found[0] is not None:
            return found
        author = author_of_last_work(d, head)
        if author:
            return author, None
        if found != (None, None):
            return found
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "NOUN"), None)
    if head.lower_ in _ISSUED and owner is not None:
        # "the Iranian foreign ministry issued a statement …. the ministry’s statement described
        # …": a possessor the text names no entity for is the issuer of the last such work, when
        # that issuer is one of its kind (its words end with the possessor's noun)
        key, words = _issuer_of_last(d, head, types)
        said = fold(d.ex.entity(key).name) if key else fold(words or "")
        if said.split()[-1:] == [fold(owner.lower_)]:
            return key, words
    for child in head.children:
        # "a witness named Hani Jaber", "a man identified as …": the one the description names
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in ("name", "identify", "call"):
            people = d.ents_in(child.i, child.right_edge.i + 1, ("Person",))
            if len(people) == 1 and (types is None or "Person" in types):
                return people[0], None
    words = tuple(t.lower_ for t in head.subtree if not t.is_punct)
    if words in d.lex.org_anaphors:
        return org_before(d, head), None
    a, b = head.left_edge.i, head.right_edge.i + 1
    if title_head_at(d, head.i) and (t := title_right(d, a, b)) is not None and t.start <= head.i < t.end:
        # "UN High Commissioner for Human Rights Zeid Ra’ad Al Hussein has condemned …": the name
        # the title runs into
        named = _named_after(d, head, None, t.end, types)
        if named:
            return named, None
    if title_head_at(d, head.i):  # "Former Special Rapporteur …, the late Asma Jahangir"
        people = [k for k in d.ents_in(a, b, ("Person",))
                  if any(d.ent_of[t.i] == k and t.dep_ == "appos" for t in head.subtree)]
        if len(people) == 1 and (types is None or "Person" in types):
            return people[0], None
    # the phrase itself: its left modifiers and "of" phrases, not relative clauses
    b = head.i + 1
    for child in head.rights:
        if (child.dep_ == "prep" and child.lower_ == "of") or child.dep_ in ("compound", "flat", "nummod"):
            b = child.right_edge.i + 1
    if b - a > 12:
        return None, None
    inside = d.ents_in(a, b, types)
    if len(inside) == 1 and _head_is_entity_like(d, head, inside[0]):
        return inside[0], None
    if not inside and head.pos_ == "PROPN":
        # "the E3 said": a name the document gives an entity elsewhere, where the NER model
        # left this mention of it untagged
        words = fold(" ".join(t.text for t in d.doc[a:b] if t.dep_ != "det"))
        same = [e.key for e in d.ex.entities if (types is None or e.type in types)
                and any(fold(n) == words for n in (e.name, *e.aliases))]
        if len(same) == 1:
            return same[0], None
    phrase = re.sub(r"^[A-Z]{3,}(?:\s+[A-Z]{3,})*\s*[-–—]\s*", "", d.doc[a:b].text.strip())
    if (types is None or "Person" in types) and (named := named_next(d, head)) is not None:
        return named, None
    if phrase and not head.is_stop and (head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.is_lower) or (  # "the Supreme Leader's chief deputy"
            head.pos_ == "PROPN" and any(title_head_at(d, k) for k in range(a, b)))):  # "the UN Secretary-General"
        if types is None or "Person" in types:
            person = person_described(d, head, a, b, phrase)
            if person:
                return person, None
        return None, phrase
    return None, None

def _named_after(d: DocView, head: Token, key: str | None, end: int, types) -> str | None:
    """The person whose name begins at token ``end``, right after an organisation's name or a
    title in the phrase ``head`` heads ("UN High Commissioner for Refugees Filippo Grandi called
    …" is Grandi's call); else ``key``."""
    if end >= len(d.tokens) or not d.tokens[end - 1].whitespace_ or (types is not None and "Person" not in types):
        return key
    person = d.ent(d.tokens[end], ("Person",))
    if person is None or d.mention_bounds(end)[0] != end or not head.left_edge.i <= end <= head.right_edge.i:
        return key
    return person


def named_next(d: DocView, head: Token) -> str | None:
    """"A member of the Russian Federation Council also slammed the pledge, saying “…”. Oleg
    Morozov said …": an indefinite description of a person that speaks stands for the person the
    next sentence has speak (the subject of a speech verb there), when the text names them nowhere
    before."""
    if head.dep_ not in ("nsubj", "nsubjpass") or head.head.lemma_.lower() not in d.lex.speech_verbs:
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):
        return None
    if not (d.lex.person_nouns.get(head.lower_) or title_head_at(d, head.i) or (head.lower_,) in d.lex.title_kind):
        return None
    nxt = d.sentence(head) + 1
    for s, e, key in d.mention_spans:
        if d.sent_of_token[s] < nxt:
            continue
        if d.sent_of_token[s] > nxt:
            break
        if d.type_of[key] == "Person" and _speaks(d, s, e):
            if any(m.start < head.idx for m in d.ex.entity(key).mentions):
                return None
            return key
    return None


def _head_is_entity_like(d: DocView, head: Token, key: str) -> bool:
    """"the UN's special rapporteur", "a United Nations official": the entity is a modifier,
    the speaker is a person of it; keep the entity only for group nouns of it — and not for a
    body of it a field names ("the UN refugee agency", "the United Nations human rights office":
    another body than the UN). A person's body is not the person: "a statement from Netanyahu's
    office", "Bennett's office said" are the office's words (its spokesman's, its statement's are
    still the person's)."""
    if d.type_of.get(key) == "Person" and head.lower_ in _BODY_NOUNS:
        return False
    if head.lower_ in ("office", "agency"):
        end = max((t.i for t in head.lefts if d.ent_of[t.i] == key), default=None)
        if end is not None and any(t.is_lower and t.pos_ in ("NOUN", "ADJ") and t.lower_ not in ("news", "official", "state")
                                   for t in d.tokens[end + 1 : head.i]):  # (not "the AFP news agency")
            return False
    return head.lower_ in _BODY_NOUNS or head.lower_ in ("spokesman", "spokeswoman", "spokesperson", "statement", "report")


_BODY_NOUNS = ("group", "organization", "organisation", "ministry", "office", "government", "agency")

def author_of_last_work(d: DocView, tok: Token) -> str | None:
    """'the report' after 'a report by Reprieve': Reprieve (the last such work's author)."""
    noun = tok.lower_
    for e in reversed(d.ex.entities):
        if e.type == "Work" and e.name.lower().startswith(noun) and any(m.start < tok.idx for m in e.mentions):
            for r in d.ex.relations:
                if r.subject == e.key and r.predicate in ("author", "publisher") and r.obj:
                    return r.obj
    return None

def person_described(d: DocView, head: Token, a: int, b: int, phrase: str) -> str | None:
    """"the spokesman", "Iran's chief diplomat": the person a definite description of a title
    stands for — the one person of the document given that title before it, else (a bare "the
    spokesman") the one person named in the three sentences before, when no role of theirs says
    otherwise. None when the text leaves it open."""
    if head.tag_ in ("NNS", "NNPS") or not (d.tokens[a].lower_ == "the" or any(
            (c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in head.children)):
        return None  # ("The judiciary chief": the parse may hang "The" from "judiciary")
    words = re.sub(r"^(?:the\s+)?(?:\S+[’']s\s+)?", "", phrase.lower()).strip()
    wanted = None if _posted(d, head) else _synonym(d, words)
    if wanted is None:
        found = [(k, at[0]) for k in range(a, b) if (at := title_head_at(d, k))]
        if not found:  # "the teenager said" in the lead
            if not d.lex.person_nouns.get(head.lower_):
                return None
            return named_after_lead(d, head) or (
                spoke_before(d, head, a, b, phrase) if head.lower_ in d.lex.office_nouns else None)
        # the title the head word belongs to ("the Judiciary chief's deputy": deputy), else the last
        k, n = next(((k, n) for k, n in found if k <= head.i < k + n), found[-1])
        wanted = d.doc[k: k + n].text.lower()
        if k > a and d.tokens[k - 1].lower_ in _SUBORDINATE:
            wanted = f"{d.tokens[k - 1].lower_} {wanted}"  # "UNHCR's Assistant High Commissioner"
    here = d.sentence(head)

    def holds(r) -> bool:
        # (a holder's title said in other words is the one they mean: "top judge", Judiciary
        # chief; "Human Rights Chief" of the United Nations, the UN High Commissioner)
        initials = "".join(w[0] for w in d.ex.entity(r.organization).name.split() if w[0].isupper()).lower() \
            if r.organization else ""
        title = (_synonym(d, r.title.lower()) or (initials and _synonym(d, f"{initials} {r.title.lower()}"))
                 or r.title.lower()).replace("-", " ")
        # "ambassador and permanent representative to the UN": each of the two titles
        return any(holds_title(part) for part in title.split(" and "))

    def holds_title(title: str) -> bool:
        w = wanted.replace("-", " ")
        # "Special Rapporteur on the negative impact of …" is the one "the Special Rapporteur" means
        title = re.split(r" (?:on|for|in|to) ", title, maxsplit=1)[0]
        # "Supreme Leader of the Islamic Revolution", "Minister of Foreign Affairs": "the leader",
        # "the minister" (the title's head is before its "of")
        head = title.split(" of ", 1)[0]
        # (a deputy's title is not the one they are deputy to: "deputy ambassador" is no "the ambassador")
        if any(t.endswith(" " + w) and (t[: -len(w) - 1].split() or [""])[-1] in _SUBORDINATE for t in (title, head)):
            return False
        return title == w or title.endswith(" " + w) or (head != title and (head == w or head.endswith(" " + w)))

    holders = {r.person for r in d.ex.roles if r.sentence <= here and holds(r)}
    # "the Jordanian leader" is not Qatar's leader: a country the phrase names is the holder's
    countries = _countries_named(phrase)
    if countries:
        # (every title of theirs that holds it is of one of those countries or of none: Raisi's
        # bare "President" beside his "Iranian President" is no "French president")
        holders = {p for p in holders if not any(
            r.person == p and holds(r) and _role_country(d, r) not in (None, *countries) for r in d.ex.roles)}
    named_orgs = d.ents_in(a, b, ("Organization",))
    if named_orgs:  # "the President of the European Council" is not Iran's president
        # (a title that holds the body's name is of it: "the judiciary chief", the Judiciary Chief)
        holders = {p for p in holders if any(r.person == p and holds(r) and (r.organization in named_orgs or (
            r.organization is None and any(fold(d.ex.entity(o).name) in fold(r.title) for o in named_orgs)))
            for r in d.ex.roles)}
    if len(holders) > 1 and head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in d.lex.speech_verbs:
        # two presidents: "the president said" goes on from the one of them who spoke last
        # ("Raisi clarified that he asked Macron …. … the president said"), else from the one
        # the article's lead has speak ("Iranian President Ebrahim Raisi has stressed …",
        # not "after President Joe Biden announced …" in passing)
        last = _last_speaker(d, head, holders) or _lead_speaker(d, holders)
        if last is not None:
            holders = {last}
    if len(holders) > 1:  # two ambassadors: the one named in the three sentences before
        holders = {key for s, e, key in d.mention_spans
                   if key in holders and s < head.i and 0 <= here - d.sent_of_token[s] <= 3} or holders
    if len(holders) == 1:
        return holders.pop()
    if holders:
        return None
    bodies = d.ents_in(a, b)
    # (a body the phrase names, "the UN official", fits one the text gives no post, or one whose
    # post is of that body)
    if all(d.type_of[k] == "Organization" for k in bodies):
        near = [(s, e, key) for s, e, key in d.mention_spans
                if s < head.i and 0 <= here - d.sent_of_token[s] <= 3 and d.type_of[key] == "Person"]
        named = {key for _, _, key in near}
        if len(named) == 1:
            person = named.pop()
            theirs = [r for r in d.ex.roles if r.person == person]
            # the one named must have acted or spoken there ("Kanaani said …. The spokesman
            # added"), not only been talked about ("France's support to Saddam Hussein …. The
            # intelligence chief also said" is not Saddam)
            # ("the official" fits any title, as in ``spoke_before``, but not another country's:
            # "the Iranian diplomat" is no Venezuelan minister)
            their_countries = _countries_of_roles(d, theirs)
            if any(_acts(d, s, e) for s, e, _ in near) and (_generic(d, head, phrase) or all(holds(r) for r in theirs)) \
                    and not (countries and their_countries and not countries & their_countries) and (
                    not bodies or not theirs or any(r.organization is None or _same_body(d, r.organization, o)
                                                    for r in theirs for o in bodies)):
                return person
    return named_after_lead(d, head, holds) or spoke_before(d, head, a, b, phrase, holds)


def _countries_named(phrase: str) -> set[str]:
    """The countries a phrase names by name or demonym ("the Jordanian leader": Jordan)."""
    return {c for w in re.findall(r"[\w’'.-]+", phrase) if (c := country_words().get(w.rstrip("’'s")))}


def _countries_of_roles(d: DocView, roles) -> set[str]:
    """Every country the roles' titles name ("Iran's ambassador to Slovakia": both) or their
    organisations are of."""
    return {c for r in roles for c in _countries_named(r.title)} | {
        c for r in roles if (c := _country_of(d, r.organization))}


def _country_of(d: DocView, key: str | None) -> str | None:
    """The country an organisation (or a place) entity is, or is in."""
    e = d.ex.entity(key) if key else None
    return e and (country_words().get(e.name) or e.country)


_SUBORDINATE = ("deputy", "vice", "assistant", "under")  # words that make a title another's second


def _role_country(d: DocView, r) -> str | None:
    """The country a role is of: its organisation's, else one its title names ("Turkish President")."""
    return _country_of(d, r.organization) or next(iter(_countries_named(r.title)), None)


def _generic(d: DocView, head: Token, phrase: str) -> bool:
    """"the official", "the diplomat" fit any title; "the spokesman", "the top diplomat" (a
    foreign minister: ``title_synonyms``) only theirs."""
    return head.lower_ in d.lex.office_nouns and (_posted(d, head) or _synonym(d, phrase.lower()) is None)


def _posted(d: DocView, head: Token) -> bool:
    """The description names where its holder is posted ("the top Iranian diplomat to the UN" is
    its ambassador, no foreign minister a ``title_synonyms`` phrase would make it)."""
    return head.i + 1 < len(d.tokens) and d.tokens[head.i + 1].lower_ in ("to", "at", "in")


def _synonym(d: DocView, words: str) -> str | None:
    """The title a phrase of ``title_synonyms`` means ("chief diplomat": foreign minister; "the
    chief Iranian diplomat" too, a country's word between)."""
    bare = " ".join(w for w in words.split() if not country_words().get(w.title()))
    return next((t for syn, t in d.lex.title_synonyms.items() for w in {words, bare}
                 if w == syn or w.endswith(" " + syn)), None)


SPOKE_WINDOW = 6  # sentences a description that speaks looks back for the one person who spoke


def spoke_before(d: DocView, head: Token, a: int, b: int, phrase: str, holds=None) -> str | None:
    """"Ali Ghiasian … said …. “…,” the Iranian official continued", "Iran's envoy underlined":
    a definite description that is the subject of a speech verb stands for the one person who
    spoke (the subject of a speech verb, or a quotation's speaker) before it in its sentence and
    the three before, when the description fits them: it names no person, no role of theirs is
    another title than the one it says (``holds``), no country of theirs (by their roles) is
    another than one it names, no body of their roles another than one it names."""
    if head.dep_ not in ("nsubj", "nsubjpass") or head.head.lemma_.lower() not in d.lex.speech_verbs \
            or any(d.type_of.get(d.ent_of[t.i] or "") == "Person" for t in head.subtree):
        return None  # ("Iran's Ambassador … Esmaeil Baqaei Hamaneh said": the name is there)
    here = d.sentence(head)

    def speakers(window: int) -> set[str]:
        quoted = {q.speaker for q in d.ex.quotations if q.speaker and d.type_of.get(q.speaker) == "Person"
                  and 0 <= here - q.sentence <= window and q.start < head.idx}
        spoke = set()
        for s, e, key in d.mention_spans:
            if s >= head.i or here - d.sent_of_token[s] > window or d.sent_of_token[s] > here or d.type_of[key] != "Person":
                continue
            if d.quoted(d.tokens[s]):
                continue  # ("“Robert Malley … has emphasized …”": one who speaks in another's words)
            root = _clause_role(d, s, e)
            # (or "made the statements", "delivered remarks": a verb whose object is a speech noun)
            if key in quoted or (root is not None and root.dep_ in ("nsubj", "nsubjpass") and (
                    root.head.lemma_.lower() in d.lex.speech_verbs or any(
                        c.dep_ == "dobj" and c.lemma_.lower() in d.lex.speech_nouns for c in root.head.children))):
                spoke.add(key)
        return spoke

    # the three sentences before; when no one spoke there, the six before (a speech the article
    # goes on reporting: "Takht Ravanchi noted …" six sentences back, "the diplomat" between),
    # where a title the description says must be one of theirs — or, for one the text gives no
    # post, a title of no organisation ("Douhan added …. … the special rapporteur noted")
    spoke, far = speakers(3), False
    if not spoke:
        spoke, far = speakers(SPOKE_WINDOW), True
    countries = _countries_named(phrase)
    bodies = d.ents_in(a, b, ("Organization",))

    def fits(people: set[str]) -> bool:
        roles = [r for r in d.ex.roles if r.person in people]
        if holds is not None and not _generic(d, head, phrase) and roles and not any(holds(r) for r in roles):
            return False
        if far and not roles and bodies:
            return False  # ("the UN Secretary-General stated" is no one the text gave no post at all)
        if countries:
            theirs = _countries_of_roles(d, roles)
            if theirs and not theirs & countries:
                return False
        # "the Foreign Ministry official" is not one whose roles are all of other bodies
        return not (bodies and any(r.organization for r in roles) and not any(
            _same_body(d, r.organization, o) for r in roles for o in bodies))

    # one person under a full name and its short form ("Esmaeil Baghaei Hamaneh", "Baghaei Hamaneh")
    names = {k: fold(d.ex.entity(k).name).split() for k in spoke}

    def one(people: set[str]) -> str | None:
        full = max(people, key=lambda k: len(names[k]), default=None)
        return None if full is None or any(not set(names[k]) <= set(names[full]) for k in people) else full

    person = one(spoke)
    if person is None and (countries or bodies):
        # two who spoke: "the French diplomat" is the one of them no role makes another
        # country's ("… said Vassily Nebenzia, the Russian ambassador …. … Ambassador Francois
        # Delattre said. The French diplomat said")
        # (and whom the text gives a post: not "Nebezia", a misspelt name of the Russian)
        return one({k for k in spoke if fits({k}) and any(r.person == k for r in d.ex.roles)})
    return person if person is not None and fits(spoke) else None


def _last_speaker(d: DocView, head: Token, among: set[str], window: int = 3) -> str | None:
    """The person of ``among`` who spoke last before ``head`` (the subject of a speech verb, or
    the speaker of a quotation), within ``window`` sentences."""
    here = d.sentence(head)
    best, best_at = None, -1
    for q in d.ex.quotations:
        if q.speaker in among and q.start < head.idx and 0 <= here - q.sentence <= window and q.start > best_at:
            best, best_at = q.speaker, q.start
    for s, e, key in d.mention_spans:
        if key not in among or s >= head.i or here - d.sent_of_token[s] > window:
            continue
        if _speaks(d, s, e) and d.tokens[s].idx > best_at:
            best, best_at = key, d.tokens[s].idx
    return best


def _speaks(d: DocView, start: int, end: int) -> bool:
    """The mention over tokens [start, end) is the subject of a speech verb that is not an
    adverbial clause's ("after Biden announced …" speaks in passing)."""
    root = _clause_role(d, start, end)
    if root is None or root.dep_ not in ("nsubj", "nsubjpass") or root.head.lemma_.lower() not in d.lex.speech_verbs:
        return False
    verb = root.head
    return not (verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children))


def _lead_sentence(d: DocView) -> int:
    """The article's lead: its first sentence that is more than a dateline ("TEHRAN-")."""
    text = d.ex.document.text
    return next((n for n, s in enumerate(d.ex.sentences[:3]) if len(text[s.start:s.end].split()) > 3), 0)


def _lead_speaker(d: DocView, among: set[str]) -> str | None:
    """The one person of ``among`` who speaks in the article's lead (its first sentence that is
    more than a dateline)."""
    lead = _lead_sentence(d)
    found = {key for s, e, key in d.mention_spans if key in among and d.sent_of_token[s] == lead and _speaks(d, s, e)}
    return found.pop() if len(found) == 1 else None


def _same_body(d: DocView, key: str | None, other: str) -> bool:
    """The same organisation, or one name the other's short form ("UN", "United Nations";
    "Foreign Ministry", "Iranian Foreign Ministry"), or one a body of the other ("UN Human Rights
    Council", "United Nations")."""
    if key is None:
        return False
    if key == other:
        return True
    x, y = d.ex.entity(key).name, d.ex.entity(other).name
    a, b, ix, iy = fold(x), fold(y), initials(x), initials(y)
    # (a body of it, named after its initials: "UN Human Rights Council" of the "United Nations")
    return a in b or b in a or ix == y.replace(".", "") or iy == x.replace(".", "") \
        or a.startswith(iy.lower() + " ") or b.startswith(ix.lower() + " ")


def _clause_role(d: DocView, start: int, end: int) -> Token | None:
    """The token that plays the mention's part in its clause: the mention's root, or the noun
    it stands in apposition to."""
    root = next((t for t in d.tokens[start:end] if not start <= t.head.i < end), None)
    while root is not None and root.dep_ == "appos":
        root = root.head
    return root


def _acts(d: DocView, start: int, end: int) -> bool:
    """The mention over tokens [start, end) is the subject (or the agent, or the source after
    "according to") of its clause, or stands beside such a subject."""
    root = _clause_role(d, start, end)
    if root is None:
        return False
    if root.dep_ in ("nsubj", "nsubjpass"):
        return True
    prep = root.head
    return root.dep_ == "pobj" and (prep.lower_ == "by" and prep.dep_ == "agent" or (
        prep.lower_ == "to" and prep.i > 0 and d.tokens[prep.i - 1].lower_ == "according"))


def named_after_lead(d: DocView, head: Token, holds=None) -> str | None:
    """"The spokesman for the Iranian Foreign Ministry has criticized … . In a post on Sunday,
    Nasser Kanaani said …": a news lead describes its speaker and names them next; the definite
    description in the document's first sentence stands for the person who speaks (the subject of
    a speech verb) in the two sentences after, when no role of theirs says otherwise."""
    lead = _lead_sentence(d)
    if d.sentence(head) != lead or head.tag_ in ("NNS", "NNPS") or head.dep_ not in ("nsubj", "nsubjpass"):
        return None  # only the lead's subject ("a recent report by the UN special rapporteur" is no one named next)
    for s, e, key in d.mention_spans:
        n = d.sent_of_token[s]
        if n <= lead:
            continue
        if n > lead + 2:
            break
        if d.type_of[key] != "Person":
            continue
        root = d.doc[s:e].root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in d.lex.speech_verbs:
            if holds is not None and any(r.person == key and not holds(r) for r in d.ex.roles):
                return None
            return key
    return None


def _issuer_of_last(d: DocView, tok: Token, types) -> tuple[str | None, str | None]:
    """'According to the report' after 'In a recent report, the UN Secretary-General stated …':
    the one who spoke in that report (an entity or a description), within three sentences."""
    here = d.sentence(tok)
    for i in range(tok.i - 1, -1, -1):
        t = d.tokens[i]
        if here - d.sentence(t) > 3:
            break
        if t.lower_ != tok.lower_ or not any(c.dep_ in ("det", "poss") for c in t.children):
            continue
        # "a statement by Amnesty", "the joint statement of MBS and Biden": the ones it names
        by = next((p for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "by", "from")
                   for p in c.children if p.dep_ == "pobj"), None)
        if by is not None:
            return _issuers(d, by, types)
        node, steps = t, 0
        while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i and steps < 4:
            node, steps = node.head, steps + 1
        if d.quoted(node) and not d.quoted(t):
            # "In a statement, Hamas said, “the murder … confirms …”": the parse hung the
            # statement from the quoted verb; the speech verb outside the quotation is the one
            sent = t.sent
            node = next((v for v in sent if v.pos_ == "VERB" and not d.quoted(v)
                         and v.lemma_.lower() in d.lex.speech_verbs), node)
        # "In a statement, X said …", "X issued a statement …", "X released a statement"; "In a
        # statement on Monday, X expressed concern": whatever X did in it, the statement is X's
        in_it = t.dep_ == "pobj" and t.head.lower_ == "in"
        if node.pos_ in ("VERB", "AUX") and (node.lemma_.lower() in d.lex.speech_verbs or in_it or (
                steps == 1 and t.dep_ == "dobj" and d.lex.work_verbs.get(node.lemma_.lower()))) and (
                t.i < node.i or t.dep_ == "dobj" or in_it):
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                return _issuers(d, subj, types)
            return subject_entity(d, node, types)
        return None, None
    return None, None


def _issuers(d: DocView, np: Token, types) -> tuple[str | None, str | None]:
    """Who a work's issuer phrase names: its entity, else its words — all of them for several
    ("France, Germany and the United Kingdom said in a joint statement": the three, not France)
    and for a body the text names no entity for ("Iran’s Human Rights Headquarters")."""
    found = resolve_np(d, np, types)
    if (found[0] is not None and not any(c.dep_ == "conj" for c in np.children)) \
            or np.lemma_.lower() in d.lex.speech_nouns:  # ("The statement adds": the one found for it)
        return found
    a, b = np.left_edge.i, np.right_edge.i + 1
    if found[0] is None and b < len(d.tokens) and (named := d.ent(d.tokens[b], types)) \
            and d.mention_bounds(b)[0] == b and d.tokens[b - 1].whitespace_:
        return named, None  # "the Palestinian resistance movement Hamas": the name the description runs into
    span = d.doc[a:b]
    words = span.text.strip()
    if b - a > 12 or any(t.pos_ in ("VERB", "AUX") or d.quoted(t) for t in span):
        return found
    # (a phrase the description gave stands; else a name-like phrase of one who may speak: "a
    # number of countries", not "Iran's Human Rights Headquarters")
    if not found[1] and not (any(t.is_title or t.pos_ == "PROPN" for t in span) and (
            speaking_noun(d.lex, np.lower_) or speaking_noun(d.lex, span[-1].lower_) or names_several(d, words))):
        return found
    return None, words


def names_several(d: DocView, words: str) -> bool:
    """"France, Germany and the United Kingdom", "MBS and Biden": a list of two or more names,
    each a person's, an organisation's or a country's the document gives."""
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", words) if p]
    if len(parts) < 2:
        return False
    names = {fold(n): e for e in d.ex.entities if e.type in ("Person", "Organization") or (
        e.type == "Place" and e.name in country_words()) for n in (e.name, *e.aliases)}
    return all(fold(re.sub(r"^the\s+", "", p, flags=re.IGNORECASE)) in names for p in parts)


def pronoun(d: DocView, tok: Token, anchor: Token | None = None, window: int = 3, depth: int = 0) -> str | None:
    """He/she: the person last named before (before ``anchor`` when given: the start of a
    quotation the pronoun's verb closes), within ``window`` sentences."""
    if tok.lower_ not in ("he", "she", "him", "her", "his", "hers"):
        return None
    anchor = anchor or tok
    here = d.sentence(anchor)
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in d.lex.going_on_verbs and (
            went_on := _last_speech_subject(d, anchor)) is not None:
        return went_on
    last, last_at, last_in_np = None, -1, False
    for a, b, key in reversed(d.mention_spans):
        if a >= anchor.i or d.type_of[key] != "Person":
            continue
        if here - d.sent_of_token[a] > window:
            break
        head = d.doc[a:b].root
        # "Secretary-General António Guterres", "Prof Etzioni": the phrase's head; "the Obama
        # administration" names no one the pronoun can stand for (the name modifies a noun)
        while head.dep_ in ("compound", "appos", "flat", "nmod") and head.head.i != head.i and (
                head.dep_ in ("appos", "flat") or title_head_at(d, head.head.i)):
            head = head.head
        if head.dep_ in ("compound", "amod") and d.ent_of[head.head.i] != key:
            continue
        if last is None:
            last, last_at, last_in_np = key, a, _in_noun_phrase(head)
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                return last
            # (one named only in another's reported words gives way to that other, whatever the
            # parse made of the other's name: "One of …, the chairman of … Bob Corker, … said that
            # Trump’s volatility could spark …. He added")
            last = _reporter(d, head, key) or last
        elif last_in_np and d.sent_of_token[a] == d.sent_of_token[last_at] and not _in_noun_phrase(head):
            # the last one named only inside another noun's phrase gives way to one of the same
            # sentence a verb governs ("… has come from Secretary of State Anthony Blinken …,
            # following meetings with President Kassym-Jomart Tokayev. “…,” he said" is Blinken's)
            last, last_at, last_in_np = key, a, False
        # "he says" after "Prof Etzioni said …, citing John Smith's study": a subject pronoun
        # stands for the person last named as a subject, not for one named in passing;
        # "… Guterres said", however the parse attached the name
        verb_next = b < len(d.doc) and d.tokens[b].lemma_.lower() in d.lex.speech_verbs
        main = head.head.dep_ == "ROOT" or head.head.lemma_.lower() in d.lex.speech_verbs
        # "Hariri came back “pleased”, sources in his entourage said. … He told aides …": the
        # subject of what unnamed sources (a plural) report after it is the sentence's main
        # subject (not "Jahangir has made efforts …, the Foreign Ministry official stated": one
        # speaker's words are about the one they name)
        said = head.head.head
        main = main or (head.head.dep_ == "ccomp" and said.i > head.i and said.lemma_.lower() in d.lex.speech_verbs
                        and any(c.dep_ == "nsubj" and c.tag_ == "NNS" and d.ent_of[c.i] is None for c in said.children))
        # "In Poriat, Mohammed Salam and his friends study …": a name before its sentence's main
        # verb with no verb between is that verb's subject, however the parse attached it
        root = d.tokens[a].sent.root
        before_root = head.dep_ != "pobj" and root.pos_ in ("VERB", "AUX") and b <= root.i and not any(
            t.pos_ in ("VERB", "AUX") or d.type_of.get(d.ent_of[t.i] or "") == "Person" for t in d.doc[b:root.i])
        # (one who spoke before, unless named here only inside a clause hung from another's words:
        # "Erekat has warned that the PLO will revoke … if Trump follows through …. Before warning
        # that “…,” he said …" is Erekat's)
        subordinate = head.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "mark" for c in head.head.children)
        # "According to Baghaei Hamaneh, … . “…,” he stated": the source that opens a sentence
        # speaks (not the outlet at a sentence's end: "…, Sahraei said, according to Al Alam")
        according = head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.i > 0 \
            and d.tokens[head.head.i - 1].lower_ == "according" and head.head.i - 1 <= d.tokens[a].sent.start + 1 \
            and not d.quoted(head)
        # "The last speaker was Seyed Mohammad Ali Paknejad. He said …": the one a main clause's
        # "be" names is its subject as much as its subject is
        named_by_be = head.dep_ == "attr" and head.head.lemma_ == "be" and head.head.dep_ == "ROOT"
        if (head.dep_ in ("nsubj", "nsubjpass") and main) or verb_next or before_root or according or named_by_be or (
                not subordinate and any(q.speaker == key for q in d.ex.quotations)
                and _reporter(d, head, key) is None):
            if tok.dep_ in ("nsubj", "nsubjpass") and not (head.dep_ in ("nsubj", "nsubjpass") and main):
                # "… Khamenei’s response …. the representative of the community said, “…”. He
                # added …": a description that spoke after one who spoke only elsewhere is who
                # "he" goes on from
                described = described_subject_before(d, tok, anchor)
                if described is not None and described.i > a:
                    return None
            return key
    # a subject pronoun with no one named as a subject or speaker before it stands for the last
    # person named, unless a description of a person is the subject of a main verb after that
    # name or over the clause that names it ("On reports on Zarif's planned visit, the spokesman
    # replied …. “…,” he said" is the spokesman's; "the expert posed a question to Grossi. “…”")
    if tok.dep_ in ("nsubj", "nsubjpass"):
        if last is not None:
            described = described_subject_before(d, tok, anchor)
            if described is not None and (described.i > last_at or last_at in
                                          (t.i for t in described.head.subtree)):
                return None
        # "He also lashed out … for its silence during Saddam's crimes …. “…,” he explained": with
        # no one named as a subject or speaker in the window, a subject pronoun stands for the
        # one the subject pronoun before it stands for
        before = _subject_pronoun_after(d, tok, anchor, -1, window) if depth < 8 else None
        if before is not None:
            return pronoun(d, before, None, window, depth + 1) or last
    return last


def _last_speech_subject(d: DocView, anchor: Token) -> str | None:
    """The one person the subject of the last speech verb before ``anchor`` (outside quotations,
    in its sentence or the one before) names: not as a possessor ("Zarif's spokesman said")."""
    lo = d.ex.sentences[max(d.sentence(anchor) - 1, 0)].start
    for v in reversed(d.tokens[: anchor.i]):
        if v.idx < lo:
            return None
        if v.pos_ != "VERB" or d.quoted(v) or v.lemma_.lower() not in d.lex.speech_verbs:
            continue
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue  # ("…, saying": the participle's subject is another verb's)
        people = {d.ent_of[t.i] for t in subj.subtree if d.type_of.get(d.ent_of[t.i] or "") == "Person"
                  and t.dep_ != "poss" and not any(x.dep_ == "poss" or x.pos_ in ("VERB", "AUX") for x in t.ancestors
                                                   if x.i in range(subj.left_edge.i, subj.right_edge.i + 1))}
        # (nor in a clause of the subject's: "The official, …, referring to Blinken, said")
        return people.pop() if len(people) == 1 else None
    return None


def _reporter(d: DocView, head: Token, key: str) -> str | None:
    """The one other person whose words the mention is in ("Bob Corker … said that Trump’s
    volatility could spark World War III. He added …": Corker goes on, not Trump, however often
    Trump spoke elsewhere): the person named in the subject of the speech verb over it."""
    for anc in head.ancestors:
        if anc.dep_ == "ccomp" and anc.head.lemma_.lower() in d.lex.speech_verbs:
            subj = next((c for c in anc.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            people = d.ents_in(subj.left_edge.i, subj.right_edge.i + 1, ("Person",)) if subj is not None else []
            return people[0] if len(people) == 1 and key not in people else None
    return None


def _in_noun_phrase(tok: Token) -> bool:
    """``tok`` is the object of a preposition inside another noun's phrase ("meetings with X",
    "a visit to X", "talks with Y and X"), not one a verb governs ("come from X", "X said")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.head.pos_ in ("NOUN", "PROPN")


def _subject_pronoun_after(d: DocView, pron: Token, anchor: Token, after: int, window: int) -> Token | None:
    """The nearest "he"/"she" (as ``pron``) before ``anchor``, after token ``after`` and within
    ``window`` sentences, that is the subject of its sentence's main verb or of a speech verb,
    outside quotation marks."""
    here = d.sentence(anchor)
    for i in range(anchor.i - 1, after, -1):
        t = d.tokens[i]
        if here - d.sentence(t) > window:
            break
        if t.lower_ == pron.lower_ and t.i != pron.i and t.dep_ in ("nsubj", "nsubjpass") and not d.quoted(t) \
                and (t.head.dep_ == "ROOT" or t.head.lemma_.lower() in d.lex.speech_verbs):
            return t
    return None


def described_subject_before(d: DocView, pron: Token, anchor: Token, window: int = 2) -> Token | None:
    """"On reports …, the spokesman replied …. “…,” he said": the head of the nearest definite
    description of a person ("the spokesman", "The Iranian Permanent Representative", "the
    expert") that is the subject of its sentence's main verb or of a speech verb, before
    ``anchor`` and within ``window`` sentences — the one a subject pronoun stands for when no
    one is named as a subject before it."""
    want = pron.lower_ if pron.lower_ in ("he", "she") else None
    if want is None:
        return None
    here = d.sentence(anchor)
    for i in range(anchor.i - 1, -1, -1):
        t = d.tokens[i]
        if here - d.sentence(t) > window:
            break
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ not in ("NOUN", "PROPN") or t.tag_ in ("NNS", "NNPS") \
                or d.ent_of[i] is not None or d.quoted(t):
            continue
        if not any((c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in t.children):
            continue
        left = t.left_edge.i
        if left >= 2 and d.tokens[left - 1].text == "," and d.type_of.get(d.ent_of[left - 2] or "") == "Person" \
                and t.i + 1 < len(d.doc) and d.tokens[t.i + 1].text == ",":
            continue  # "Omar Abdullah, the region’s former chief minister, took to Twitter": the name's apposition
        if not (t.head.dep_ == "ROOT" or t.head.lemma_.lower() in d.lex.speech_verbs):
            continue
        kind = d.lex.person_nouns.get(t.lower_)
        if kind not in (None, "any", want) or not (kind or title_head_at(d, t.i) or (t.lower_,) in d.lex.title_kind):
            continue
        return t
    return None


def unnamed_person_before(d: DocView, pron: Token, anchor: Token, after: int, window: int = 3) -> str | None:
    """"One local man who did not want to reveal his name said …" and then "“…,” he said": the
    words of a person the text introduces without a name ("a", "an", "one", "another" + a person's
    noun that fits the pronoun) as a main subject after token ``after`` and before ``anchor``."""
    want = pron.lower_ if pron.lower_ in ("he", "she") else None
    if want is None:
        return None
    here = d.sentence(anchor)
    for i in range(anchor.i - 1, after, -1):
        t = d.tokens[i]
        if here - d.sentence(t) > window:
            break
        if t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ != "NN" or d.ent_of[i] is not None:
            continue
        if d.lex.person_nouns.get(t.lower_) not in ("any", want):
            continue
        if not any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another") for c in t.children):
            continue
        if not (t.head.dep_ == "ROOT" or t.head.lemma_.lower() in d.lex.speech_verbs):
            continue
        return d.doc[t.left_edge.i : t.i + 1].text
    return None


def org_before(d: DocView, tok: Token) -> str | None:
    """'the organization', 'it': the one organisation named in the two sentences before
    (or earlier in this one); None when two or more are in play."""
    here = d.sentence(tok)
    orgs = {
        key for a, b, key in d.mention_spans
        if a < tok.i and here - d.sent_of_token[a] <= 2 and d.type_of[key] == "Organization"
    }
    return orgs.pop() if len(orgs) == 1 else None


def plural_subject_before(d: DocView, tok: Token) -> tuple[str | None, str | None] | None:
    """The nearest plural noun that is the subject of a clause in this sentence or the two before
    (outside quotation marks: "the organizations", "UN experts", "Israeli economists"): the
    (entity key, description) "they" stands for, or None when there is none."""
    here = d.sentence(tok)
    lex = d.lex
    for i in range(tok.i - 1, -1, -1):
        t = d.tokens[i]
        if here - d.sent_of_token[i] > 2:
            break
        if t.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() in lex.collective_nouns and not d.quoted(t):
            # "a group of Iranian lawyers gathered …. They also issued a statement": the plural
            # the collective noun is of
            of = next((p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj" and p.tag_ in ("NNS", "NNPS")), None)
            if of is not None and d.ent(of, ("Person", "Organization")) is None and speaking_noun(lex, of.lower_):
                return None, " ".join(w.text for w in t.subtree if not w.is_punct)
        if t.tag_ in ("NNS", "NNPS") and t.dep_ in ("nsubj", "nsubjpass") and not d.quoted(t):
            key = d.ent(t, ("Person", "Organization"))
            if key:
                return key, None
            if not speaking_noun(lex, t.lower_):
                continue  # "countries have an obligation …", "the two sides": not who speaks
            words = [w for w in t.subtree if w.i <= t.i and not w.is_punct]
            return None, " ".join(w.text for w in words)
    return None


def speaking_noun(lex, word: str) -> bool:
    """A noun (singular or plural) for someone who can speak: a person's or a body's noun
    ("the spokesman", "officials", "experts") or a title ("rapporteurs")."""
    return any(w in lex.speaker_nouns or w in lex.person_nouns or (w,) in lex.title_kind
               for w in (word, word.rstrip("s"), word.removesuffix("es")))
