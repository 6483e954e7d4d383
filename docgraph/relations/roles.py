"""Roles: who holds which title in which organisation ("Robert A. Destro the Assistant Secretary of
State … in the US State Department"), as n-ary ``Role`` records plus ``headOf``, ``spokesperson``
and ``memberOf`` links when the title says so. A name the small NER model called an organisation
but that stands in apposition with a person's title is taken as the person it is."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from spacy.tokens import Token

from ..model import Role
from ..names import fold
from ..names import titles as name_titles
from .reference import pronoun, resolve_np
from .titles import Title, another_as, clean_title, head_of, possessive_at, title_left, title_right
from .view import DocView, link, title_head_at
from .words import country_words, lexicon


def people_named_as_organisations(d: DocView) -> None:
    """The small NER model often calls a foreign personal name an organisation. A name the parse
    puts in apposition with a person's title ("Alireza Miryousefi, director of the Media Office")
    and that holds no organisation word is taken as the person it is."""
    toks = d.tokens
    for a, b, key in d.mention_spans:
        entity = d.ex.entity(key)
        if d.type_of[key] != "Organization" or entity.subtype is not None:
            continue
        words = entity.name.replace("-", " ").split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() and w.isalpha() for w in words) \
                or any(w.lower() in d.lex.org_words for w in words):
            continue
        sent = toks[a].sent
        start = b + 1 if b < sent.end and toks[b].text == "," else b
        if start == b or start >= sent.end:
            continue  # only the apposition "Name, the title …"
        right = title_right(d, start, sent.end)
        if right is not None and right.start - b <= 3 and right.kind in ("head", "spokesperson", "member", "other"):
            entity.type = "Person"
            entity.subtype = None
            d.type_of[key] = "Person"


def roles(d: DocView) -> None:
    doc = d.doc
    toks = d.tokens
    seen: set[tuple] = set()
    listed = _name_title_lists(d)
    others: list[Title] = []  # the titles found so far, of the names before
    for a, b, key in d.mention_spans:
        name = d.ex.entity(key).name
        if d.type_of[key] != "Person" or fold(name) in d.lex.honorifics or key in d.title_words \
                or name_titles().title_at(name.split(), 0, True) == len(name.split()):
            continue  # "Madam President", "the deputy Judiciary chief", "Major General": no one's name
        if b < len(d.doc) and toks[b - 1].whitespace_ and toks[b].pos_ == "PROPN" and toks[b].is_title \
                and d.ent_of[b] is None and not title_head_at(d, b) and toks[b].lower_ not in d.lex.title_modifiers:
            continue  # "president Abd-Rabbu| Mansour Hadi": a name the NER cut is no one's it names
        sent = toks[a].sent
        found: list[Title] = []
        right_start = b
        if right_start < sent.end and toks[right_start].text == ",":
            right_start += 1
        right = title_right(d, right_start, sent.end) if right_start < sent.end else None
        if right is not None and right.end < sent.end and toks[right.end].tag_ == "POS" and any(
                (h := title_head_at(d, k)) and k + h[0] == right.end for k in range(right.start, right.end)) and (
                (owned := toks[right.end - 1].head).lemma_.lower() in d.lex.person_nouns or title_head_at(d, owned.i)
                or owned.lemma_.lower() in ("ally", "aide", "adviser", "advisor", "assistant")):
            # "King Salman, the crown prince's aging father": a whole title in the possessive before
            # a person's noun is that other person's (not "the top adviser to Afghanistan's
            # education minister": the complement of the adviser's own title)
            right = None
        if right and (b == right_start or right_start > b):
            # a title after the name must be an apposition: "X, the Y" / "X the Y of Z"
            nxt = right.end + (1 if right.end < sent.end and toks[right.end].lower_ in ("mr", "mrs", "ms", "dr") else 0)
            # (also over the rest of a name the NER cut short: "Hassan Rouhani, Secretary of the
            # Supreme National| Security Council Ali Shamkhani" is Shamkhani's title)
            # ("Director of Advocacy" with "Advocacy" taken for a name is no such run: the words
            # passed over must hold an organisation's)
            first, bodies = nxt, False
            while nxt < min(right.end + 8, sent.end) and (toks[nxt].is_title or toks[nxt].lower_ in ("of", "the")) \
                    and not d.ent(toks[nxt], ("Person",)):
                bodies = bodies or d.ent(toks[nxt], ("Organization",)) is not None
                nxt += 1
                if nxt + 2 < sent.end and toks[nxt].text == "(" and toks[nxt + 2].text == ")" and bodies:
                    nxt += 3  # "… of the Organization of Islamic Cooperation (OIC) Hissein Brahim Taha
            # (only in a list of "Title Name"s: a name with no title before it may be a line "Name,
            # title" of a list whose line breaks were lost: "Wilbur Louis Ross, former Secretary of
            # Commerce Jacob Joseph Lew, …")
            titled = bool(bodies) and (t_left := title_left(d, a, sent.start)) is not None and t_left.end <= a
            runs_into_name = nxt < sent.end and d.ent(toks[nxt], ("Person",)) is not None and (nxt == first or titled) \
                and a not in listed
            # "X, the Iranian Foreign Ministry spokesman": the organisation before the title is of the phrase
            lead = right.lead if right.lead is not None else right.start
            # "In a phone call with … Antonio Guterres, Iran's chief diplomat said": a title right
            # before a verb with no subject, after a name inside a prepositional phrase, is that
            # verb's subject (however the parse hung it), no apposition of the name
            verb = toks[right.end] if right.end < sent.end else None
            # (also the name in apposition to a noun inside that phrase: "During the conversation
            # with his Syrian counterpart Faisal Mekdad, Iran’s top diplomat pointed …"; and a
            # parse that has the title the verb's subject)
            root = doc[a:b].root
            inside_pp = root.dep_ == "pobj" or (root.dep_ == "appos" and root.head.dep_ == "pobj")
            subject = verb is not None and verb.tag_ in ("VBD", "VBZ", "VBP", "MD") and inside_pp \
                and not any(c.dep_ in ("nsubj", "nsubjpass") and not right.start <= c.i < right.end for c in verb.children)
            if lead - b <= 4 and not runs_into_name and not subject and not any(
                    toks[k].pos_ == "VERB" for k in range(b, right.start)):
                found.append(right)
        left = title_left(d, a, sent.start) if a not in listed else None
        if left and toks[a - 1].text == "," and (held := doc[left.start:left.end].root).dep_ == "pobj" \
                and held.head.lower_ != "as" and doc[a:b].root.dep_ in ("nsubj", "nsubjpass") \
                and not (b < sent.end and toks[b].text == ",") and not any(
                    t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.text == "," for t in doc[sent.start : a - 1]):
            # "According to the Iranian leader, Trump achieved …", "In a meeting with the prime
            # minister of Pakistan, Raisi expressed …": a phrase that opens the sentence, then its
            # subject, no apposition (not "As defense minister, Prince Salman …")
            left = None
        if left and left.end <= a and not _a_description(d, left, a) and not _inside_another(d, left, a) \
                and not (right is not None and right_start > b and _between_names(d, left)) \
                and not _set_off_after_another(d, left, a):
            found.append(left)
            # "de facto leader Crown Prince Mohammed bin Salman", "Iran's top judge Ayatollah
            # Sadegh Larijani": a lower-case title right before the capitalised one is his too
            if left.start > sent.start and toks[left.start - 1].is_lower \
                    and toks[left.start - 1].lower_ not in d.lex.title_modifiers and any(
                    (h := title_head_at(d, x)) and x + h[0] == left.start for x in range(max(left.start - 3, 0), left.start)):
                before = title_left(d, left.start, sent.start)
                if before and before.end == left.start and not _a_description(d, before, left.start):
                    found.append(before)
        # "The head of Medecins Sans Frontieres (MSF), Joanne Liu": the name in apposition after
        root = doc[a:b].root
        if not found and root.dep_ == "appos" and root.head.i < a and title_head_at(d, root.head.i):
            lo = root.head.left_edge.i
            t = title_right(d, lo, a - 1 if toks[a - 1].text == "," else a)
            if t is not None and t.start <= root.head.i and not _inside_another(d, t, a) \
                    and not another_as(d, t.start, sent.start):
                found.append(t)
        if any(t.start < a and b < t.end and title_head_at(d, b) for t in others):
            # "Philip Luther, Amnesty International's … Research and Advocacy Director": a name the
            # NER found inside another's title, right before its head, is a word of it
            continue
        for t in found:
            _add_role(d, key, t, toks[a], seen)
        others.extend(found)
    _roles_told_by_verbs(d, seen)
    _organisation_before_name(d)
    _roles_of_the_dead(d)
    _bodies_of_offices(d)
    _roles_ended_by_date(d)
    _former_throughout(d)


def _former_throughout(d: DocView) -> None:
    """A post the document calls someone's former one anywhere is former wherever it gives it
    ("President Morales …" before "former President Morales" in the same article; "a professor
    at Southern Texas University" in the text, "a former Southern Texas University professor" in
    its end note): the flag says what the post is at the document's date. The same title (its
    words, folded) of the same organisation, or of none on either side."""
    open_roles = [r for r in d.ex.roles if not (r.former or r.elect or r.acting)]
    if not open_roles:
        return
    # (each of two titles said together: "a former Southern Texas University professor and faculty member")
    past = {(r.person, w, r.organization) for r in d.ex.roles if r.former and not r.elect
            for w in {fold(r.title), *fold(r.title).split(" and ")}}
    # (also where no role was taken: "the party of former President Morales")
    people = {r.person for r in open_roles}
    for a, _, key in d.mention_spans:
        if key in people and (t := title_left(d, a, d.tokens[a].sent.start)) is not None and t.end <= a \
                and "former" in t.flags and (title := clean_title(d, t)):
            past.add((key, fold(title), t.organization))
    for r in open_roles:
        if any(p == r.person and w == fold(r.title) and (o == r.organization or None in (o, r.organization))
               for p, w, o in past):
            r.former = True


def _name_title_lists(d: DocView) -> set[int]:
    """Where a list of "Name, title" lines lost its line breaks ("… as follows: George William Casey
    Jr., former Chief of Staff of the U.S. Army Joseph Votel, former CENTCOM commander Austin Scott
    Miller, …"): the first token of each person named in a run of three or more "Name, title Name"
    links in one sentence. Each title there is the name's before it, none the name's after it."""
    toks = d.tokens
    people = [(a, b) for a, b, key in d.mention_spans if d.type_of[key] == "Person"]
    listed: set[int] = set()
    run: list[int] = []
    for (a, b), nxt in zip(people, people[1:] + [(None, None)]):
        t = title_right(d, b + 1, nxt[0]) if nxt[0] is not None and b + 1 < nxt[0] and toks[b].text == "," \
            and toks[b].sent.start == toks[nxt[0]].sent.start else None
        if t is not None and t.start <= b + 3 and not any(x.pos_ == "VERB" or x.text in ",;:" for x in toks[b + 1 : nxt[0]]):
            run.append(a)
            continue
        # (three names or more, the last one closing the run with a title of its own after its
        # comma and the first with none before it: not "…, Chief of Staff … Anton Vaino, Security
        # Council Secretary Nikolai Patrushev, …", a list of "title Name"s; not "Karzai,
        # presidential candidate Hanif Atmar, …, Mohammad Mohaqeq, besides others")
        end = toks[a].sent.end
        if len(run) >= 2 and b + 1 < end and toks[b].text == "," and (last := title_right(d, b + 1, end)) is not None \
                and last.start <= b + 3 and title_left(d, run[0], toks[run[0]].sent.start) is None:
            listed.update(run + [a])
        run = []
    return listed


def _roles_of_the_dead(d: DocView) -> None:
    """Every role of a person whose death the document tells is "late" ("UN rapporteur Asma
    Jahangir has died", "the murder of journalist Jamal Khashoggi", "Soleimani was assassinated
    … alongside al-Muhandis", "martyr al-Muhandis"; words in ``roles.yaml``)."""
    if not d.ex.roles:
        return
    lex = d.lex
    dead: set[str] = set()

    def not_said(tok) -> bool:
        """"would kill", "did not die", "plans on how to kidnap and kill", "the apparent killing",
        "calling for the assassination of", "respond by assassinating": no death told."""
        node = tok
        for _ in range(4):
            if any((c.lower_ in lex.death_not_said or c.lemma_.lower() in lex.death_not_said)
                   or (c.dep_ == "aux" and c.lower_ == "to")
                   for c in node.children if c.dep_ in ("aux", "neg", "amod", "advmod", "mark")):
                return True
            if node.dep_ not in ("xcomp", "conj", "pcomp", "pobj", "prep") or node.head.i == node.i:
                break
            node = node.head
            lemma = node.lemma_.lower()
            if lemma in lex.death_not_said or lemma in lex.proposal_verbs or lemma in lex.wanting_verbs \
                    or lemma in lex.unmade_work_governors:
                return True
        return False

    for tok in d.tokens:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            away = any(c.dep_ == "prt" and c.lower_ == "away" for c in tok.children)
            if lemma in lex.death_verbs or (away and f"{lemma} away" in lex.death_verbs):
                who = [c for c in tok.children if c.dep_ == "nsubj"]
            elif lemma in lex.killing_verbs:
                who = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            else:
                continue
        elif tok.pos_ == "NOUN" and lemma in lex.death_nouns:
            who = [c for c in tok.children if c.dep_ == "poss"]
            who += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        else:
            continue
        if not who or not_said(tok):
            continue
        # "Soleimani and al-Muhandis were killed", "Soleimani was assassinated … alongside
        # al-Muhandis", "kill Soleimani along with Abu Mahdi al-Muhandis": the ones joined to them
        who += [c for w in who for c in w.conjuncts]
        who += [o for x in (tok, *who) for p in x.children if p.dep_ == "prep" and (
                    p.lower_ in ("alongside", "beside") or (p.lower_ == "with" and p.i > 0 and d.tokens[p.i - 1].lower_ == "along"))
                for o in p.children if o.dep_ == "pobj"]
        for w in who:
            if w.lower_ in ("who", "that") and tok.dep_ == "relcl":
                w = tok.head  # "Soleimani, who was assassinated …"
            k = d.ent(w, ("Person",))
            if k is None and (title_head_at(d, w.i) or d.lex.person_nouns.get(w.lower_)):
                # "the journalist Jamal Khashoggi", "the ISIS leader Abu Bakr al-Baghdadi has been
                # killed": the name in apposition to the title or occupation noun the parse made head
                k = next((key for c in w.children if c.dep_ in ("appos", "compound", "flat")
                          and (key := d.ent(c, ("Person",)))), None)
            if k:
                dead.add(k)
    # "martyr al-Muhandis", "the late Asma Jahangir": a name the document gives after a flag of death
    for a, _, key in d.mention_spans:
        if d.type_of.get(key) == "Person" and a > 0 and lex.flags.get(d.lowers[a - 1]) == "late" \
                and not d.quoted(d.tokens[a]):
            dead.add(key)
    for r in d.ex.roles:
        if r.person in dead:
            r.late = True


def latest_date_told(d: DocView) -> str | None:
    """The latest date the document tells of as past, as an ISO string: a lower bound of its own
    date when it has none. Only a date a past-tense verb governs ("met on 3 May 2021", "has
    said since 2019"): not one a present or future verb does ("if a Republican comes to power in
    2024", "the talks will resume on 3 May"), nor one something is due "by" or "until"."""
    today = date.today().isoformat()
    best = None
    for m in d.ex.dates:
        if m.value is None or m.datatype not in ("date", "gYearMonth", "gYear") or m.value > today:
            continue
        span = d.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        if span.start > 0 and d.tokens[span.start - 1].lower_ in ("by", "until", "till", "before", "through", "beyond"):
            continue
        node = _clause_verb(span.root)
        aux = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        past = node.tag_ == "VBD" and not aux or node.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were"}
        if not past or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            continue
        if best is None or m.value > best:
            best = m.value
    return best


def _roles_ended_by_date(d: DocView) -> None:
    """A role of a state that no longer exists ("Soviet leader Mikhail Gorbachev") is former; so
    is one of an office whose holder's every term in it (``terms.yaml``) had ended by the
    document's date ("President Obama" in an article of 2019), or that was between two terms all
    the while the document can be dated to ("President Trump" in one that names "President
    Biden" as in office: after 2021-01-20 and before 2025-01-20, between Trump's terms). Without a
    date of its own, the document is at least as late as the latest date it tells of, and as the
    start of every term it names as held ("U.S. President Donald Trump": 2017 or later; not the end
    of one it calls past: "former president Hadi" is said of a contested office); and earlier than
    the end of a holder's last term it names as held, when every term of that holder has ended
    ("President Biden": before 2025-01-20). No date, no flag; a term that lasts, none."""
    if not d.ex.roles:
        return
    folded, defunct = _country_phrases(), _defunct_phrases()

    def full(iso: str) -> str:  # a year or a month: its first day, the earliest the text allows
        return iso + "-01-01"[len(iso) - 4:] if len(iso) < 10 else iso

    matched = [(r, _offices(d, r, folded)) for r in d.ex.roles]
    when = until = d.ex.document.date and full(d.ex.document.date)
    if when is None:
        bounds = [full(x) for x in [latest_date_told(d)] if x]
        ends = []
        for r, terms in matched:
            if not (r.former or r.elect or r.late):
                bounds += [min(start for start, _ in term.terms) for term in terms]
                spans = [span for term in terms for span in term.terms]
                if spans and all(to is not None for _, to in spans):
                    ends.append(max(to for _, to in spans))
        when = max(bounds, default=None)
        until = min(ends, default=None)
        if when is not None and until is not None and until <= when:
            until = None  # (the bounds disagree: the lower one alone)
    for r, terms in matched:
        if r.former or r.late or r.elect:
            continue
        words = _said(d, r)
        if any(_within(words, s) for s in defunct) or (when is not None and terms and _between_terms(terms, when, until)):
            r.former = True


def _between_terms(terms, when: str, until: str | None) -> bool:
    """Between ISO dates ``when`` and ``until`` (None: no end known) a term of these offices had
    ended and none ran: the office was held and is not then ("President Trump" between his terms
    of 2017–2021 and 2025–)."""
    spans = [span for t in terms for span in t.terms]
    return any(to is not None and to <= when for _, to in spans) and not any(
        (until is None or start < until) and (to is None or when < to) for start, to in spans)


def _within(words: list[str], phrase: tuple[str, ...]) -> bool:
    """``phrase`` is a run of ``words``."""
    n = len(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def _said(d: DocView, r) -> list[str]:
    """The role's title and organisation, folded."""
    return fold(f"{r.title} {d.ex.entity(r.organization).name if r.organization else ''}").split()


def _offices(d: DocView, r, folded) -> list:
    """The terms.yaml entries the role is a mention of (``folded``: the country phrases)."""
    words = _said(d, r)
    title = fold(r.title).split()
    named: set[str] = set()
    while title:  # "U.S. President" -> "president", "Iran's Foreign Minister" -> "foreign minister"
        if title[0] in ("the", "un", "uns"):
            title = title[1:]
            continue
        if title[:2] in (["united", "nations"], ["u", "n"]):
            title = title[2:]
            continue
        for phrase, country in folded:
            n = len(phrase)
            if tuple(title[:n]) == phrase or (tuple(title[:n - 1]) == phrase[:-1] and title[n - 1:n] == [phrase[-1] + "s"]):
                named.add(country)
                title = title[n:]
                break
        else:
            break
    named |= {c for phrase, c in folded if _within(words, phrase)}
    rest = " ".join(title)
    person = fold(d.ex.entity(r.person).name).split()
    if not person or not rest:
        return []
    # (the title with its organisation: "Director" of the "CIA" is the "cia director")
    org = fold(d.ex.entity(r.organization).name) if r.organization else None
    says = {rest} | ({f"{org} {rest}", f"{rest} of the {org}", f"{rest} of {org}"} if org else set())
    return [term for term in d.lex.office_terms
            if any(h[-1] == person[-1] and (len(person) == 1 or person[0] in h) for h in term.holder)
            and any(x == o or x.startswith(o + " ") for o in term.office for x in says)
            and all(_within(words, tuple(w.split())) for w in term.with_words)
            and not (term.country is not None and named - {term.country})]


def _bodies_of_offices(d: DocView) -> None:
    """A post the sentence gives with no organisation takes the body its office is of, when the
    document itself names that body (the link stands on the document's own mention): a holder's
    office in ``terms.yaml`` with its ``body`` ("Director General Yukiya Amano" in an article that
    names the International Atomic Energy Agency), or an office that is one body's wherever it is
    held (``office_bodies`` in roles.yaml: "Asma Jahangir, the special human rights rapporteur" in
    one that names the UN Human Rights Council). No body named, none taken."""
    if not d.ex.roles:
        return
    named: dict[str, str] = {}
    for e in d.ex.entities:
        if e.type == "Organization" and e.key not in d.title_words:
            for n in (e.name, *e.aliases):
                named.setdefault(fold(n), e.key)
    if not named:
        return
    folded = _country_phrases()
    for r in d.ex.roles:
        if r.organization is not None or r.occupation:
            continue
        title = re.sub(r"^(?:the |un |u n |united nations )+", "", fold(r.title))
        bodies = [b for t in _offices(d, r, folded) for b in t.body]
        bodies += [b for office, names in d.lex.office_bodies.items()
                   if title == office or title.startswith(office + " ") for b in names]
        r.organization = next((named[b] for b in bodies if b in named), None)


@lru_cache(maxsize=1)
def _country_phrases() -> list[tuple[tuple[str, ...], str]]:
    """Every word or phrase naming a country, folded, longest first, with its country."""
    return sorted(((tuple(fold(w).split()), c) for w, c in country_words().items() if fold(w)), key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def _defunct_phrases() -> list[tuple[str, ...]]:
    """The states that no longer exist (``defunct_states``), folded."""
    return [tuple(fold(w).split()) for w in lexicon().defunct_states]


def bare_titles_said_whole(d: DocView) -> None:
    """A title with no organisation or flag ("Secretary Pompeo", "Professor Lustick", "Director
    General Yukiya Amano") is the short form of the same person's fuller title the document gives
    ("Secretary of State Mike Pompeo", "a professor of political science at the University of
    Pennsylvania", "IAEA Director General"): only the whole one is kept. An academic form of
    address ("Professor", "Dr") or a bare occupation ("journalist", "political analyst") beside
    another post the person holds is no post of its own; a title said in other words with no
    organisation ("Iran's top diplomat", ``epithets``) is no post. (Run
    after the quotations: "the professor" still finds the one so addressed.)"""
    def words(r) -> set[str]:
        return set(fold(r.title).replace("-", " ").split())

    def flags(r) -> set[str]:
        return {f for f in ("former", "late", "acting", "elect") if getattr(r, f)}

    def bare(r) -> bool:
        return r.organization is None and not (r.former or r.acting or r.elect)

    def address(r) -> bool:  # "Professor Marco Sassoli, a faculty member of the University of Geneva"
        return bare(r) and fold(r.title).rstrip(".") in _ACADEMIC_ADDRESS

    def occupation(r) -> bool:  # "Saudi journalist Jamal Khashoggi" beside "the Washington Post columnist"
        return bare(r) and fold(r.title).split()[-1:] in ([w] for w in d.lex.occupation_heads)

    def epithet(r) -> bool:  # "Iran's top diplomat", "Qatar's chief diplomat" (``epithets``)
        title = fold(r.title)
        return bare(r) and any(title == e or title.endswith(" " + e) for e in d.lex.epithets)

    d.ex.roles[:] = [r for r in d.ex.roles if not epithet(r) and not (bare(r) and any(
        o.person == r.person and o is not r and flags(r) <= flags(o) and (
            words(r) < words(o) | ({"_"} if o.organization else set())
            or ((address(r) or occupation(r)) and not address(o) and not occupation(o) and not o.former))
        for o in d.ex.roles))]
    for r in d.ex.roles:  # "a Canadian analyst", "human rights activist": what one does, no post
        r.occupation = r.organization is None and "'" not in r.title and "’" not in r.title \
            and fold(r.title).split(" of ")[0].split()[-1:] in ([w] for w in d.lex.occupation_heads)
        # ("a professor of security studies": the field after "of" is no body)


_ACADEMIC_ADDRESS = ("professor", "prof", "dr", "doctor")  # a form of address beside a post the text gives


def _between_names(d: DocView, t: Title) -> bool:
    """"Rudolph Giuliani, Donald Trump's personal lawyer and advisor Dorothy Shea, U.S. ambassador
    to Lebanon": a title set off by a comma after one name and run into the next, whose own title
    follows it, is the first name's — a list of "Name, title" lines whose breaks were lost."""
    return _untitled_name_before(d, t.start - 1)


def _untitled_name_before(d: DocView, comma: int) -> bool:
    """Token ``comma`` is a comma right after a person's name with no title of its own right
    before it (not a list of "Title Name"s: "Iran's FM Zarif, Russian Foreign Minister Sergei
    Lavrov, …"; "the Iranian president, Ebrahim Raisi, the Sultan of Oman, …")."""
    toks = d.tokens
    if comma < 1 or toks[comma].text != "," or d.ent(toks[comma - 1], ("Person",)) is None:
        return False
    first = d.mention_bounds(comma - 1)[0]
    before = title_left(d, first, toks[first].sent.start)
    return before is None or before.end < first - 1


def _set_off_after_another(d: DocView, t: Title, name_at: int) -> bool:
    """"In a letter to Michelle Bachelet, the United Nations High Commissioner for Human Rights,
    Gharibabadi asked …": a title set off by commas on both sides, right after another person's
    name, is that person's apposition, not the next name's; so is one after another such "the
    title," in a list ("the Irish MP, the Austrian MP, Mark Ruffalo, …": each an item of its own).
    (Not "the UN High Commissioner for Human Rights, Prince Zeid": no name or title before it; not
    "Iran's FM Zarif, Russian Foreign Minister Sergei Lavrov": no comma before the next name.)"""
    toks = d.tokens
    k = t.start
    while k > 0 and (toks[k - 1].lower_ in ("the", "a", "an") or toks[k - 1].lower_ in d.lex.flags
                     or (t.organization is not None and d.ent_of[k - 1] == t.organization)):
        k -= 1  # (over the organisation before the title: "the United Nations High Commissioner …")
    if k < 2 or toks[k - 1].text != "," or t.end >= name_at or toks[t.end].text != ",":
        return False
    if d.ent(toks[k - 2], ("Person",)) is not None:
        return _untitled_name_before(d, k - 1)
    lo = toks[k].sent.start
    prior = title_left(d, k - 1, lo)
    return prior is not None and prior.end == k - 1 and toks[k].lower_ in ("the", "a", "an") \
        and prior.start > lo and toks[prior.start - 1].lower_ in ("the", "a", "an")


def _inside_another(d: DocView, t: Title, name_at: int) -> bool:
    """"The Special Envoy of the UN Secretary-General for Yemen, Hans Grundberg": a title set off
    from the name by a comma, after "of (the) ORG", is the complement of a longer title (the
    envoy's), not the name's (not "UN Secretary-General Antonio Guterres", run into the name)."""
    toks = d.tokens
    if t.end >= name_at or toks[t.end].text != ",":
        return False
    k = t.start - 1
    while k >= 0 and t.organization is not None and d.ent_of[k] == t.organization:
        k -= 1
    if k >= 0 and toks[k].lower_ == "the":
        k -= 1
    # (the "of" hangs from a title's head: "Envoy of", "The special representative of the
    # president for Afghanistan"; not "the mission of the UN Special Rapporteur")
    # ("the Democratic nominee for president, Hillary Clinton": a noun's "for" names the office
    # sought, not the name's)
    return k >= 1 and ((toks[k].lower_ in ("of", "to") and any(
        (h := title_head_at(d, x)) and x + h[0] == k for x in range(max(k - 3, 0), k)))
        or (toks[k].lower_ == "for" and toks[k - 1].pos_ == "NOUN" and toks[k - 1].is_lower))


def _a_description(d: DocView, t: Title, name_at: int) -> bool:
    """A lower-case title before a name that describes rather than names an office: after an
    indefinite article ("an elected leader George Papandreou"; not "a former minister"), or "de
    facto" ("de facto leader Crown Prince Mohammed bin Salman"); a capitalised title right after
    "a" supposes a holder ("A President Clinton … would"). ("his spokesperson Stephane Dujarric",
    "its leader Hassan Nasrallah" are offices: of the one the possessive names.)"""
    toks = d.tokens
    if t.start > 0 and t.end == name_at and toks[t.start - 1].lower_ in ("a", "an") and toks[t.start].is_title:
        return True  # "A President Clinton, Sanders, Bush, or Kasich": one supposed, no holder
    if not toks[t.start].is_lower:
        return False
    if any(tok.lower_ == "facto" for tok in toks[max(t.start - 2, 0) : t.end]):
        return True
    k = t.start - 1
    while k >= 0 and toks[k].is_lower and (toks[k].pos_ in ("ADJ", "ADV") or toks[k].tag_ == "VBN") and t.start - k <= 3:
        k -= 1
    # (run straight into the name: "A financial advisor to the former Afghan government, Torek
    # Farhadi" is an apposition that gives his post)
    return t.end == name_at and k >= 0 and toks[k].lower_ in ("a", "an") and not any(
        tok.lower_ in d.lex.flags for tok in toks[k + 1 : t.start])


def _body_said_before(d: DocView, t: Title) -> str | None:
    """"Rafael Grossi, the Director-General of the Agency", "Ministry spokesman Bahram Qassemi",
    "the head of the ministry’s medical tourism department":
    the organisation a title's "of the <body word>" or leading body word stands for, the last one
    named before it whose name ends so ("the International Atomic Energy Agency", "the Foreign
    Ministry")."""
    toks = d.tokens
    e = t.end
    if e >= 3 and toks[e - 1].lower_ in d.lex.org_words and d.ent(toks[e - 1]) is None \
            and toks[e - 2].lower_ == "the" and toks[e - 3].lower_ in ("of", "for"):
        word = toks[e - 1].lower_  # "… of the Agency", "spokesman for the committee"
    elif e - t.start >= 2 and toks[t.start].lower_ in d.lex.org_words and d.ent(toks[t.start]) is None \
            and title_head_at(d, t.start + 1):
        word = toks[t.start].lower_  # "Ministry spokesman Bahram Qassemi"
    elif toks[e - 1].lower_ in d.lex.body_units and (p := next(
            (x for x in range(t.start + 3, e - 1) if possessive_at(toks, x) and toks[x - 1].lower_ in d.lex.org_words
             and d.ent(toks[x - 1]) is None and toks[x - 2].lower_ == "the" and toks[x - 3].lower_ in ("of", "for")),
            None)) is not None:
        word = toks[p - 1].lower_  # "the head of the ministry’s medical tourism department"
    else:
        return None
    named = [key for s, _, key in d.mention_spans if s < t.start and d.type_of[key] == "Organization"
             and d.ex.entity(key).name.lower().split()[-1:] == [word]]
    return named[-1] if named else None


def _vague(d: DocView, t: Title) -> bool:
    """"a former US State Department official", "an expert at the Russian International Affairs
    Council": a vague head (``vague_heads``) after an indefinite article describes someone."""
    toks = d.tokens
    head = head_of(d, t)
    if head is None or toks[head].lower_ not in d.lex.vague_heads:
        return False
    first = min(t.start, t.lead if t.lead is not None else t.start)  # (an organisation before the title counts)
    k = first - 1
    while k >= 0 and (toks[k].lower_ in d.lex.flags or (toks[k].is_lower and toks[k].pos_ == "ADJ")) and first - k <= 3:
        k -= 1
    return k >= 0 and toks[k].lower_ in ("a", "an")


def _no_post_head(d: DocView, t: Title) -> bool:
    """A title with no organisation whose head names no post there: a tie's head
    (``body_only_heads``) with nothing after it ("The head of state's partner, Clarke Gayford";
    not "a senior partner at GIDE"), or a figure's head (``figurative_heads``) before "of a/an"
    ("the anchor of an alliance of Arab authoritarians")."""
    toks, lex = d.tokens, d.lex
    head = head_of(d, t)
    if head is None:
        return False
    after = toks[t.end] if t.end < len(toks) else None
    if toks[head].lower_ in lex.body_only_heads:
        return head == t.end - 1 and not (after is not None and after.lower_ in ("at", "of", "in", "with", "for"))
    return toks[head].lower_ in lex.figurative_heads and head + 2 < len(toks) and toks[head + 1].lower_ == "of" \
        and toks[head + 2].lower_ in ("a", "an")


_NOT_PRAISE = ("dissident", "veteran", "outspoken")  # described words that say what one does, not praise


def _without_nationality(d: DocView, t: Title) -> Title:
    """"Saudi journalist Jamal Khashoggi", "Renowned American scholar Noam Chomsky", "a senior
    Yemeni journalist": an occupation (``occupation_heads``) with a nationality and no
    organisation or complement is the occupation alone ("journalist", "scholar"); the nationality
    and what goes before it describe the person, they name no post ("Russian geopolitical
    analyst": "geopolitical analyst"; not "U.S. president's lawyer")."""
    toks = d.tokens
    if t.organization is not None or t.end <= t.start or toks[t.end - 1].lower_ not in d.lex.occupation_heads:
        return t
    countries = country_words()
    words = range(t.start, t.end - 1)
    if any(toks[k].tag_ == "POS" for k in words):
        return t
    last = max((k for k in words if toks[k].ent_type_ == "NORP" or toks[k].text in countries), default=None)
    if last is None:
        return t
    last += 1
    while last < t.end - 1 and toks[last].lower_ in ("national", "citizen"):
        last += 1  # "Saudi national journalist"
    return replace(t, start=last)


def _no_person(d: DocView, key: str, at: Token | None) -> bool:
    """A name the NER model called a person that holds no one's title: a country ("Kuwait, the
    UAE assistant minister"), a place or a facility ("King Khaled Air Base"), or one word the
    tagger reads as an adjective or an adverb ("Honorary President", "Domestically, the leader")."""
    name = d.ex.entity(key).name
    words = name.split()
    if name in country_words() or name.lower() in d.lex.region_words or (
            words and words[-1].lower() in d.lex.not_person_ends):
        return True
    # a name all of whose words are a title's ("Major General", "Mr. President")
    if words and all(w.lower().strip(".") in d.lex.honorifics or w.lower() in d.lex.title_modifiers
                     or (w.lower(),) in d.lex.title_kind for w in words):
        return True
    return at is not None and len(words) == 1 and at.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR", "RBS", "VBN", "VBD", "VBG")


def _add_role(d: DocView, key: str, t: Title, at: Token, seen: set[tuple]) -> None:
    """Record that person ``key`` holds title ``t`` (its organisation, flags and date), once."""
    toks = d.tokens
    sent = at.sent
    a = at.i
    if _no_person(d, key, at if d.ent_of[at.i] == key else None):
        return
    if t.organization in d.title_words:  # "German Agriculture Minister": no organisation named
        t.organization = None
    # "the South Asia director of HRW", "Middle East director": the region a post covers is a
    # word of its title, not where it is held nor a name
    for n in (3, 2, 1):
        if t.start - n >= 0 and " ".join(x.lower_ for x in toks[t.start - n : t.start]) in d.lex.region_words:
            t = replace(t, start=t.start - n)
            break
    if _vague(d, t) or (t.organization is None and toks[t.end - 1].lower_ in d.lex.occupation_heads and any(
            x.lower_ in d.lex.flags and d.lex.flags[x.lower_] == "described" and x.lower_ not in _NOT_PRAISE
            for x in toks[max(t.start - 3, 0) : t.start])):
        return  # ("Renowned American scholar Noam Chomsky": praise and an occupation describe him)
    t = _without_nationality(d, t)
    if t.organization is None:
        t = replace(t, organization=_body_said_before(d, t))
    if t.organization is None and _no_post_head(d, t):
        return
    if t.organization is None and t.kind == "spokesperson":
        t = _principals(d, t, key)
    if t.organization is None and t.start > 0 and toks[t.start - 1].lower_ in ("their", "our", "my", "your"):
        # "the release of their leader, Aung San Suu Kyi": whose leader the text does not say
        # here (not "its leader Hassan Nasrallah" after "Hezbollah": the one body just named)
        return
    if "former" not in t.flags and any(
            toks[k].lower_ in ("of", "to", "for") and k + 2 < t.end and toks[k + 1].lower_ == "the"
            and d.lex.flags.get(toks[k + 2].lower_) == "former" for k in range(t.start, t.end)):
        # "a financial advisor to the former Afghan government": a post with a body gone is past
        t = replace(t, flags=t.flags | {"former"})
    title = clean_title(d, t)
    if not title:
        return
    sig = (key, fold(title), t.organization)
    if sig in seen:
        return
    seen.add(sig)
    s = d.sentence(toks[a])
    date = d.date_near(toks[t.end - 1], span=(t.end, min(t.end + 4, sent.end))) or _time_told(d, toks[a])
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
            link(d, key, "headOf", t.organization, toks[a])
        elif t.kind == "spokesperson":
            link(d, key, "spokesperson", t.organization, toks[a])
        elif t.kind == "member":
            link(d, key, "memberOf", t.organization, toks[a])


def _principals(d: DocView, t: Title, holder: str) -> Title:
    """A spokesperson's title after whose spokesperson it is: "his spokesperson Stephane
    Dujarric" after "UN Secretary-General Antonio Guterres", "Guterres’ spokesperson": the body
    of the principal's post the document gives (the UN); else the principal's name, a word of the
    title as the text gives it ("Guterres’ spokesperson")."""
    toks = d.tokens
    k = t.start - 1
    if k < 0:
        return t
    principal, named = None, False
    if toks[k].lower_ in ("his", "her"):
        principal = pronoun(d, toks[k])
    elif k > 0 and possessive_at(toks, k):
        principal, named = d.ent(toks[k - 1], ("Person",)), True
    if principal is None or principal == holder:
        return t
    body = next((r.organization for r in d.ex.roles if r.person == principal and r.organization), None)
    if body is not None:
        return replace(t, organization=body)
    if named:
        return replace(t, start=d.mention_bounds(k - 1)[0])
    return t


def _clause_verb(tok: Token) -> Token:
    """The verb (or auxiliary) ``tok`` hangs from, up to four steps up the parse; else the token
    reached there."""
    node = tok
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        node = node.head
    return node


def _time_told(d: DocView, at: Token):
    """The date the clause of the person at ``at`` is set at, when it names a year: "In 2015,
    Israeli Defense Minister Moshe Ya'alon said …", "ISIS was created by John Brennan, Director
    of the CIA, … in 2012" — the title is told as of then (not a date of another clause: "said
    that in 2012 …")."""
    verb = _clause_verb(at)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    stop = {x.i for x in verb.sent if x.pos_ in ("VERB", "AUX") and x.i != verb.i}
    told = d.date_near(verb, stop)
    return told if told is not None and told.value and _YEAR_FIRST.match(str(told.value)) else None


_YEAR_FIRST = re.compile(r"(?:1[89]|20)\d\d(?:-|$)")


def _subject(d: DocView, verb: Token) -> str | None:
    """The person who is the subject of ``verb`` (active or passive), through "who", "to" and
    "and" clauses ("X decided to step down as …", "X, who was named as …")."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return d.ent(verb.head, ("Person",))
            key, _ = resolve_np(d, subj, ("Person",))
            return key if key is not None and d.type_of.get(key) == "Person" else None  # (not "It": a body)
        if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _roles_told_by_verbs(d: DocView, seen: set[tuple]) -> None:
    """"X stepped down as leader of the Conservatives", "X was appointed as director of …"
    (a role), "X, who now works for the Massachusetts Institute of Technology" (an affiliation)."""
    doc, lex = d.doc, d.lex
    toks = d.tokens
    for tok in toks:
        verb = tok.head
        if verb.pos_ not in ("VERB", "AUX") or tok.dep_ not in ("prep", "prt", "advmod"):
            continue
        lemma = verb.lemma_.lower()
        if tok.lower_ == "as" and lemma in lex.as_verbs and tok.i + 1 < len(doc):
            t = title_right(d, tok.i + 1, tok.sent.end)
            if t is None or t.start > tok.i + 3:
                continue
            person = _subject(d, verb)
            if lemma in lex.appoint_verbs and not any(c.dep_ == "nsubjpass" for c in verb.children):
                # "Biden appointed Hady Amr as …", "Amr, who Biden has appointed as …": the object
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.lower_ in ("who", "whom", "that") and verb.dep_ == "relcl":
                    obj = verb.head
                person = d.ent(obj, ("Person",)) if obj is not None else None
            if person:
                # ("has also served as director of …": held then, unless "since" says it goes on)
                perfect = verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) \
                    and not any(t.lower_ in ("since", "currently", "still") for t in verb.subtree)
                if lemma in ("step", "resign", "quit", "retire") or (lemma == "serve" and (verb.tag_ == "VBD" or perfect)) or any(
                        c.dep_ == "advmod" and c.lower_ in ("previously", "formerly", "once") for c in verb.children):
                    # "having previously served as Chair of …", "stepped down as leader of …": held then
                    t = replace(t, flags=t.flags | {"former"})
                elif any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children) or (
                        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("set", "expect", "due", "likely", "poised")):
                    # "Griffiths, who will soon be appointed as UN undersecretary general": not yet held
                    t = replace(t, flags=t.flags | {"elect"})
                _add_role(d, person, t, toks[t.start], seen)
        elif tok.lower_ in ("for", "at", "with") and lemma in lex.work_for_verbs:
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            org = d.ent(obj, ("Organization",))
            person = _subject(d, verb) if org else None
            if person and org not in d.title_words:
                link(d, person, "affiliation", org, tok)


def _organisation_before_name(d: DocView) -> None:
    """"DW's Astrid Prange", "Bayern's Arjen Robben": an organisation's possessive right before a
    person's name (the possessor belongs to the name, not to a title after it)."""
    toks = d.tokens
    for a, b, key in d.mention_spans:
        if d.type_of[key] != "Person" or a < 2 or toks[a - 1].tag_ != "POS":
            continue
        org = d.ent(toks[a - 2], ("Organization",))
        if org and a <= toks[a - 2].head.i < b and org not in d.title_words:
            link(d, key, "affiliation", org, toks[a])
