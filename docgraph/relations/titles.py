"""Title phrases around a name: "the Assistant Secretary of State for … in the US State
Department" after it, "United Nations Secretary-General" before it; the words are in
``ingest/relations/roles.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import WEEKDAYS
from ..names import titles as name_titles
from .view import DocView, title_head_at
from .words import country_words

MAX_TITLE_TOKENS = 24


@dataclass
class Title:
    start: int  # token range of the title words (flags excluded)
    end: int
    kind: str
    organization: str | None
    flags: set[str]
    date: object | None = None
    lead: int | None = None  # where the phrase begins after its articles: an organisation before the title counts


def title_right(d: DocView, i: int, limit: int) -> Title | None:
    """A title phrase starting at token ``i`` (after a name): "the Assistant Secretary of State
    for Democracy, Human Rights, and Labor in the US State Department", "former Special
    Rapporteur on …", "Iran's foreign minister"."""
    doc, lex = d.doc, d.lex
    toks = d.tokens
    flags: set[str] = set()
    org = owner = None  # (owner: the body, person or place whose possessive the title follows)
    shown = None  # where the title's words begin when a place before its head is one of them
    j = i
    while j < limit and (toks[j].lower_ in ("the", "a", "an", "who", "is", "was", "then", "new", "newly") or toks[j].lower_ in lex.flags):
        if flag := _flag_of(lex, toks[j]):
            flags.add(flag)
        if toks[j].lower_ == "was":
            flags.add("former")  # "Abbas Araqchi was Iran's lead negotiator", "who was Iran's ambassador"
        j += 1
    ranking = j < limit and toks[j].lower_ in _RANKING and toks[j].is_lower
    lead = j
    # "Iran's foreign minister", "the UN's special rapporteur": the possessor is the organisation
    k = d.ent(toks[j]) if j < limit else None
    if k in d.title_words:  # "Interior Minister": a word of the title
        k = None
    if k and d.doc[slice(*d.mention_bounds(j))].text.lower() in lex.region_words:
        k = None  # "Marcus Chenevix, MENA researcher at TS Lombard": a region, whatever the NER called it
    if k:
        b = d.mention_bounds(j)[1]
        if b < limit and toks[b].tag_ == "POS":
            if d.type_of[k] == "Organization":
                org = owner = k
            elif d.type_of[k] in ("Person", "Place"):
                # "Donald Trump's personal lawyer", "Guterres' spokesperson", "Shiraz's Attorney
                # General": whose post it is, a word of the title as the text gives it
                shown = owner = j
            j = b + 1
            close = next((c for c in range(j + 1, min(j + 5, limit)) if toks[c].text == ")"), None)
            if j < limit and toks[j].text == "(" and close is not None:
                j = close + 1  # "Relief International’s (RI) country director": the acronym is the name's
        elif d.type_of[k] == "Organization" and b < limit and title_head_at(d, b):
            if not (b - j == 1 and toks[j].lower_ in lex.title_modifiers):  # "Defense Secretary"
                org = k  # "the NCRI President-elect"
            j = b
        elif d.type_of[k] == "Place" and b < limit and (
                title_head_at(d, b) or (_place_name_end(d, b) and b + 1 < limit and title_head_at(d, b + 1))
                or _modifiers_then_head(d, b, limit)):
            # "the U.S. Secretary of State", "the South Asia director of HRW": where, not whose
            # (but a word of the title as the text gives it: "UAE ambassador", not "ambassador";
            # also over lower-case modifiers: "the U.S. foreign minister Rex Tillerson")
            shown = d.mention_bounds(j)[0]  # (with the "New" of "New York" the article loop passed)
            j = b + 1 if _place_name_end(d, b) else b  # ("New York" "City Mayor": the city's)
    start = j
    head = None
    and_at = org_at_and = None
    org_of = False  # the organisation is the one the title's "of" names
    while j < limit and j - start < MAX_TITLE_TOKENS:
        found = title_head_at(d, j)
        if found and head is not None and head[1] == j and toks[j - 1].is_lower and toks[j].is_title \
                and toks[j - 1].lower_ not in lex.title_modifiers:
            break  # "de facto leader Crown Prince Mohammed bin Salman": two titles side by side
        if found:
            n, kind = found
            # "deputy director general": a head that begins inside this one and ends after it
            # ("director general") goes on with it
            n = max([n] + [x - j + h[0] for x in range(j + 1, min(j + n, limit))
                           if (h := title_head_at(d, x)) and x + h[0] <= limit])
            if any(t.lower_ in ("elect", "designate") for t in doc[j : j + n]):
                flags.add("elect")
            head = (kind, j + n)
            j += n
            if j < limit and toks[j].text in ("-", "–") and j + 1 < limit and toks[j + 1].lower_ in ("elect", "designate"):
                flags.add("elect")
                j += 2
            continue
        t = toks[j]
        if head is None and owner is not None and j == start and (m := _capitalised_run(d, j, limit)):
            # "Philip Luther, Amnesty International's Middle East and North Africa Research and
            # Advocacy Director", "Indonesia's Oil and Gas Director General Wiratmaja Puja": after a
            # possessive, capitalised words joined by "and" up to a capitalised head are the
            # title's, whatever the NER made of them ("North Africa Research" a body, "Advocacy" a
            # person)
            j = m
            continue
        if head is None or head[1] == j:
            # "the deputy Middle East and North Africa director at the Human Rights Watch",
            # "Amnesty's Middle East director", "Sarah Leah Whitson, Middle East and North Africa
            # Director at Human Rights Watch": the region a post covers, right before its head, is a
            # word of the title, whatever the NER made of its names
            n = _region_at(d, j, limit)
            if n and j + n < limit and (title_head_at(d, j + n) or (
                    toks[j + n].lower_ in lex.title_modifiers and j + n + 1 < limit and title_head_at(d, j + n + 1))):
                j += n
                continue
        # modifiers before the head, or between two heads ("Deputy Foreign Minister": the deputy's
        # title is the whole phrase)
        if (head is None or any(title_head_at(d, m) for m in range(j + 1, min(j + 3, limit)))) and not _place_name_end(d, j) and (
                t.lower_ in lex.title_modifiers or _portfolio_at(d, j, limit) or _unit_before_head(d, j, limit) or (
                t.is_title and (not d.ent(t) or d.ent_of[t.i] in d.title_words) and t.pos_ in ("PROPN", "ADJ", "NOUN") and not t.is_stop)):
            if t.lower_ in lex.flags:
                flags.add(lex.flags[t.lower_])
            j += 1
            continue
        if head is not None and head[1] == j and t.lower_ == "and" and any(
                title_head_at(d, m) and all(toks[x].lower_ in lex.title_modifiers for x in range(j + 1, m))
                for m in range(j + 1, min(j + 3, limit))):
            and_at, org_at_and = j, org
            j += 1  # "ambassador and permanent representative to the UN": one person's two titles
            continue
        if head is None and t.text in ("-", "–") and j > start and toks[j - 1].is_title and j + 1 < limit and toks[j + 1].is_title \
                and not t.whitespace_ and not toks[j - 1].whitespace_:
            j += 1  # "Palestinian-American journalist", "British-Iranian researcher": one modifier
            continue
        break
    if head is None:
        return None
    kind, end = head
    if ranking and end + 1 < limit and toks[end].lower_ == "to" and toks[end + 1].tag_ == "VB":
        return None  # "the first European president to announce …": a ranking, no post (not "the first prime minister of …")
    if end < limit and toks[end].lower_ == "emeritus":
        end += 1  # "Professor Emeritus", "professor emeritus of international law"
    # "the Judiciary chief's deputy for international affairs": the title is the deputy's
    # (and "the UN Secretary-General's Personal Envoy on Afghanistan": modifiers before that head)
    if end + 1 < limit and toks[end].tag_ == "POS":
        x = end + 1
        while x < limit and x - end <= 3 and toks[x].lower_ in lex.title_modifiers and not title_head_at(d, x):
            x += 1
        after = title_head_at(d, x) if x < limit else None
        if after:
            kind, end = after[1], x + after[0]
    if start < end and toks[start].lower_ in lex.flags:
        start += 1
    # "of State for Democracy, Human Rights, and Labor", "on the situation of human rights in Iran"
    j = end
    if (past := _past_initials(toks, j, limit)) < limit and toks[past].lower_ in ("of", "for"):
        j = past  # "chief executive officer (CEO) of Fortify Rights": the title's initials, then whose
    while j < limit and toks[j].lower_ in ("of", "for", "on", "to") and j - start < MAX_TITLE_TOKENS:
        k = j + 1
        if k < limit and toks[k].lower_ in ("the", "a", "an"):
            k += 1  # ("manager of an Iran-based local tour agency": a body the text does not name)
        key = d.ent(toks[k]) if k < limit else None
        based = next((p for p in range(k + 1, min(k + 4, limit - 2)) if toks[p].text in ("-", "–")
                      and toks[p + 1].lower_ == "based" and all(x.is_title for x in toks[k:p])), None)
        if based is not None:
            # "executive director of the Geneva-based U.N. Watch": where it sits, then whose
            # title it is; the title ends before the "of"
            owned = d.ent(toks[based + 2], ("Organization",)) if based + 2 < limit else None
            if owned and _name_cut(d, d.mention_bounds(based + 2)[1], limit):
                owned = None
            if owned is not None or toks[j + 1].lower_ == "the":
                org = org or owned
                break
            # ("manager of an Iran-based local tour agency": a body the text does not name is
            # a word of the title)
        if key and d.type_of[key] == "Place":
            # "spokesman for Iran’s Food and Drug Administration": the organisation after the
            # place's possessive
            pb = d.mention_bounds(k)[1]
            owned = d.ent(toks[pb + 1], ("Organization",)) if pb + 1 < limit and toks[pb].tag_ == "POS" else None
            if owned:
                org = org or owned
                break
        if key and d.type_of[key] == "Organization":
            eb = d.mention_bounds(k)[1]
            part_end = eb
            while part_end < limit and d.ent(toks[part_end], ("Organization",)) not in (None, key) \
                    and d.mention_bounds(part_end)[0] == part_end:
                part_end = d.mention_bounds(part_end)[1]
            if part_end > eb and org is None and toks[j].lower_ != "to" and toks[eb - 1].lower_ not in lex.name_inner_words:
                # "Chairman of the Hamas| Political Bureau", "ambassador for the U.N.| Economic and
                # Social Council": a body named right after another is a part of it, a word of the
                # title; the first is the organisation
                org, end = key, _unit_after(d, part_end, limit) or part_end  # ("… Movement's political bureau")
                break
            # "of State for Democracy, Human Rights, and Labor": a name cut short by NER goes on
            # (a list goes on to an "and": not "… the Basij Organization, Fars reported")
            cut_short = eb + 1 < limit and (toks[eb].text == "," or toks[eb].lower_ == "and") and (
                toks[eb + 1].is_title or toks[eb + 1].lower_ == "and") and any(
                t.lower_ == "and" for t in doc[eb : min(eb + 7, limit)])
            if not cut_short:
                if toks[j].lower_ == "to" and not _name_cut(d, eb, limit):
                    # "ambassador to the IAEA", "Permanent Representative to the United Nations": the
                    # body one is sent to is a word of the title, not the one whose post it is
                    end = _office_in_place(d, eb, limit)
                elif org is None and eb + 1 < limit and toks[eb].tag_ == "POS" and toks[eb + 1].is_title:
                    # "head of the CIA’s Iran Mission Center": the post is of the body the
                    # organisation's possessive names, whose name is a word of the title
                    m = eb + 1
                    while m < limit and m - start < MAX_TITLE_TOKENS and (toks[m].is_title or (
                            toks[m].lower_ in ("of", "for", "on", "and") and m + 1 < limit and toks[m + 1].is_title)):
                        m += 1
                    if m < limit and toks[m].is_lower and toks[m].lower_ in lex.org_words:
                        m += 1  # "Amnesty International’s Palestine office", "Press TV’s English service"
                    end = m
                    org = next((o for x in range(eb + 1, m) if (o := d.ent(toks[x], ("Organization",)))), None)
                elif org is None and (ob := _past_initials(toks, eb, limit)) < limit and toks[ob].is_lower \
                        and toks[ob].lower_ in ("office", "mission", "branch", "bureau", "delegation"):
                    # "head of the IOM office in Bangladesh's southeastern district", "head of the
                    # International Committee of the Red Cross (ICRC) delegation to Yemen": the
                    # body's office is a word of the title, the body its organisation
                    org, end, eb = key, ob + 1, ob
                    if (placed := _office_in_place(d, eb, limit)) > eb + 1 and not (
                            placed < limit and toks[placed].tag_ == "POS"):
                        end = placed  # ("… office in Geneva"; not "in Bangladesh's southeastern district")
                elif org is None and eb < limit and toks[eb].is_lower and title_head_at(d, eb):
                    pass  # "the spokesman for the Taliban commander in …": the post is the commander's
                elif org is None and (unit := _unit_after(d, eb, limit)):
                    org, end = key, unit  # "head of the Guard's airspace division"
                elif org is None and not _name_cut(d, eb, limit):
                    org = key  # the title ends before "of the ORG"
                    org_of = not (eb < limit and toks[eb].tag_ == "POS")  # (not "of the Iranian Judiciary's council")
                # "Director of the Future| of Iran Initiative at …", "Chief of the IRGC| Quds Force":
                # the name the NER cut goes on, and the complement loop reads it (not into a name
                # or a rank: "member of the Senate| Rudolph William Louis Giuliani")
                if not (org is None and ((_name_cut(d, eb, limit) and not _name_or_rank_at(d, eb))
                                         or (eb < limit and toks[eb].is_lower and title_head_at(d, eb)))):
                    break
        first_key = key
        m = k
        while m < limit and m - start < MAX_TITLE_TOKENS and _complement_goes_on(d, m, limit):
            if toks[m].lower_ == "and" and m + 2 < limit and (
                    title_head_at(d, m + 1) or (toks[m + 1].lower_ == "the" and title_head_at(d, m + 2))):
                break  # "… for international affairs and the director of …": a second title begins
            if _lower_body_unit(d, m, limit):
                # "chief executive of the human rights group's international secretariat", "head of
                # the ministry’s medical tourism department": the part of a body the text names in
                # lower-case words is a word of the title, which ends with it (not "… political
                # bureau Mullah Abdul Ghani Baradar": the name's rank after it)
                m = _unit_after(d, m, limit)
                break
            key = d.ent(toks[m])
            if key and d.type_of[key] == "Organization" and m > k and key != first_key and toks[m - 1].lower_ not in (
                "and", ","
            ) and d.ent_of[m - 1] != key:
                if all((first_key is not None and d.ent_of[x] == first_key and d.type_of[first_key] == "Place")
                       or toks[x].text in country_words() for x in range(k, m)):
                    # "the representative of the Palestine Islamic Resistance Movement", "the
                    # secretary-general of the Palestinian Islamic Jihad": the NER cut the place
                    # off the organisation's name; the title ends before its "of"
                    org = org or key
                    m = k
                elif _qualifiers_only(d, k, m) and not (
                        any(_qualifier_at(d, x, m) for x in range(k, m)) and _name_goes_on(d, m, limit)):
                    # "the prime minister of the former Taliban government": the body after a word
                    # that only qualifies it is the post's; "former" there makes the post past
                    # (also a word that says where it stands, ``body_qualifiers``: "the chairman
                    # of the governing Conservative Party", "the leader of the main opposition
                    # Republican People's Party", "the leader of the far-right National Front"; not
                    # when the NER cut that name: "the main opposition Republican| People’s Party")
                    org = org or key
                    if any(lex.flags.get(toks[x].lower_) == "former" for x in range(k, m)):
                        flags.add("former")
                    m = k
                elif _kind_before_name(d, k, m) and not _name_goes_on(d, m, limit):
                    # "chief editor of Chinese daily Beijing Times", "the director of the
                    # international expert club EurAsiaAz": the body's kind in lower-case words
                    # before its name (as "at the charity Save the Children" in _org_after_field);
                    # the body is the post's, the title ends before its "of"
                    org = org or key
                    m = k
                elif toks[m - 1].tag_ == "POS":
                    # "head of the Parliament's Standing Committee on Foreign Affairs": the body the
                    # possessive names is the post's, its name a word of the title
                    org = org or key
                    m = d.mention_bounds(m)[1]
                break
            if key and d.type_of[key] == "Person" and d.ent_of[m - 1] != key and not any(
                    (h := title_head_at(d, x)) and x + h[0] == m for x in range(max(m - 4, 0), m)):
                # "British Ambassador to Tehran Nicholas Hopton": the name the title goes with (not
                # "Special representative of President Xi": a name with its own title is in the title)
                pb = d.mention_bounds(m)[1]
                if m == k and toks[j].lower_ in ("for", "to") and d.mention_bounds(m)[0] == m and (
                        pb < limit and not (toks[pb].is_title or toks[pb].text == "(")):
                    # "spokesman for Guterres", "adviser to Rouhani": whose post it is, a word of
                    # the title as the text gives it, when no other name follows (nor the
                    # holder's: "Ambassador to Tajikistan Mohammad Taghi| Saberi", the NER's cut)
                    m = pb
                break
            if m > k and first_key and d.type_of[first_key] == "Place" and d.ent_of[m - 1] == first_key \
                    and key is None and toks[m].pos_ == "PROPN" and toks[m].lower_ not in lex.org_words:
                # "Ambassador to Tajikistan Mohammad Taghi Saberi" (the NER took only "Saberi");
                # not "Director of Iran Project": a body's word goes on with the place
                break
            m += 1
        while m > k and toks[m - 1].lower_ in (*_JOINERS, ",", "("):
            m -= 1
        if m == k:
            break
        word = m - 1  # (the first part of a hyphened name: "Mazar" of "Mazar-e-Sharif")
        while word >= k + 2 and toks[word - 1].text in ("-", "–") and not toks[word - 1].whitespace_ \
                and not toks[word - 2].whitespace_:
            word -= 2
        if m < limit and toks[m].is_lower and toks[m].pos_ in ("NOUN", "ADJ", "VERB") and toks[m - 1].is_title \
                and d.type_of.get(d.ent_of[word]) not in ("Place", "Organization"):
            # "Defense Minister of the Israeli regime", "Chief of Staff of the Israeli regime": the
            # capitalised words qualify a lower-case noun; the title ends before their "of"
            m = next((x for x in range(m - 1, k, -1) if toks[x].lower_ in ("of", "for", "on", "to")), k)
            while m > k and toks[m - 1].lower_ in (*_JOINERS, ","):
                m -= 1
            if m > k:
                end = m
            break
        end = j = m
    if and_at is not None and not org_of and end < limit and toks[end].lower_ in ("of", "for", "on", "to", "'s", "’s"):
        # "Deputy Judiciary Chief and Head of the Iranian Judiciary's High Council …", "MP and
        # chair of the foreign affairs committee": the second title's complement was not read
        # whole; the first title alone is sure (not "founder and editor of the Arab Gazette": the
        # organisation its "of" names is both titles')
        end, org = and_at, org_at_and
    elif and_at is not None and org_of and toks[and_at - 1].lower_ in lex.occupation_heads:
        start = and_at + 1  # "a journalist and founder of Mona Relief Charity": the post is the second's
    # "… in the US State Department", "… at the Atlantic Council"
    if org is None and end < limit and toks[end].lower_ in ("in", "at", "of", "with", "for", "from"):
        k = end + 1
        if k < limit and toks[k].lower_ == "the":
            k += 1
        key = d.ent(toks[k], ("Organization",)) if k < limit else None
        if key and not _name_cut(d, d.mention_bounds(k)[1], limit):
            org = key
            eb = d.mention_bounds(k)[1]
            if unit := _unit_after(d, eb, limit):
                end = unit  # "head of the Iranian taskforce at the EU's external action service"
            k2 = eb + 2 if eb + 2 < limit and toks[eb].lower_ == "at" and toks[eb + 1].lower_ == "the" else eb + 1
            outer = d.ent(toks[k2], ("Organization",)) if eb < limit and toks[eb].lower_ == "at" and k2 < limit else None
            if outer and outer != key and not _name_cut(d, d.mention_bounds(k2)[1], limit):
                # "a professor in the Department of Political Studies at Bar-Ilan University": the
                # department is a word of the title, the university the organisation
                org, end = outer, eb
    if org is None and end + 1 < limit and toks[end].lower_ in ("at", "in") and d.ent(toks[end + 1], ("Place",)) \
            and _place_body_at(d, pb := d.mention_bounds(end + 1)[1], limit):
        # "director general for international affairs at Iran's vice presidency for women and family
        # affairs", "a director at Iran's foreign ministry": a body the text names in lower-case
        # words is a word of the title (the NER names no organisation)
        m = pb + 1
        while m < limit and m - start < MAX_TITLE_TOKENS and toks[m].is_lower and toks[m].is_alpha and (
                toks[m].pos_ in ("NOUN", "ADJ", "PROPN") or toks[m].lower_ in _JOINERS) and d.ent(toks[m]) is None:
            m += 1
        while toks[m - 1].lower_ in _JOINERS:
            m -= 1
        end = m
    if org is None and end < limit and toks[end].lower_ == "in" and toks[end - 1].lower_ in lex.field_heads \
            and (field := _field_end(d, end + 1, limit)) is not None and (body := _org_after_field(d, field, limit)):
        # "a senior lecturer in political economy at the University of Sydney", "a research fellow
        # in the Middle Eastern studies at the China Institute of …": a scholar's field after "in"
        # (``field_heads``) is a word of the title, the body after "at" its organisation
        org, end = body, field
    if org is None:
        org = _org_after_field(d, end, limit)
    return Title(start if shown is None else shown, end, kind, org, flags, lead=lead)


def _capitalised_run(d: DocView, j: int, limit: int) -> int | None:
    """Where the first capitalised head is in a run of capitalised words (and "and" between two)
    from token ``j``, when the run has an "and" and names no person of two words or more; else
    None ("Amnesty International's Middle East and North Africa Research and Advocacy Director")."""
    toks = d.tokens
    m, joined = j, False
    while m < limit and m - j < MAX_TITLE_TOKENS:
        if toks[m].is_title and title_head_at(d, m):
            # (not when the NER names a body right before the head, its name holding a body's
            # word: "Iran's Management and Planning Organization Director Mohammad Baqer Nobakht"
            # is its director; "Economic Affairs" of "Finance and Economic Affairs Minister" is none)
            body = d.ent(toks[m - 1], ("Organization",)) if m > j else None
            named = body is not None and d.mention_bounds(m - 1)[0] >= j and any(
                w.lower() in d.lex.org_words for w in d.ex.entity(body).name.split())
            return m if joined and m > j and not named else None
        if toks[m].lower_ in ("and", "&") and m > j and toks[m - 1].is_title and m + 1 < limit and toks[m + 1].is_title:
            joined = True
        elif not (toks[m].is_title and toks[m].is_alpha and not toks[m].is_stop):
            return None
        if d.ent(toks[m], ("Person",)) is not None and (span := d.mention_bounds(m))[1] - span[0] > 1:
            return None  # (a person's name is no word of a title)
        m += 1
    return None


def _unit_before_head(d: DocView, j: int, limit: int) -> bool:
    """Token ``j`` is a lower-case noun for a body or a part of one (``body_units``,
    ``org_words``) right before a lower-case head: a word of the title, with the words before it
    ("UN human rights office spokesperson Ravina Shamdasani", "Hamas political bureau chief Ismail
    Haniyeh", "Pakistan's foreign office spokesman Mohammad Faisal", "Russian atomic energy agency
    chief Sergei Kiriyenko"); not before a capitalised one ("Islamic Jihad movement Secretary
    General Fathi Shaqaqi": the body's name and its kind, title_left reads them)."""
    toks, lex = d.tokens, d.lex
    t = toks[j]
    if not (t.is_lower and t.pos_ == "NOUN" and d.ent(t) is None) or t.lower_ in lex.flags \
            or (j > 0 and toks[j - 1].text in ("-", "–") and not toks[j - 1].whitespace_):
        return False  # (not "veteran journalist": a flag; not the "terrorism" of "counter-terrorism commander")
    if (t.lower_ in lex.body_units or t.lower_ in lex.org_words) \
            and j + 1 < limit and toks[j + 1].is_lower and title_head_at(d, j + 1) is not None:
        return True
    # a lower-case noun the parse joins to the lower-case head, over lower-case words ("West Bank
    # settler leader Yossi Dagan", "deputy environment chief Masoud Tajrishi", "Iran's tourism chief
    # Zahra Ahmadipour")
    # (not "American philosopher professor Charles Taliaferro": an occupation or a person's noun
    # before the head is another description of the person)
    h = t.head
    if t.lower_ in lex.occupation_heads or t.lower_ in lex.person_nouns or title_head_at(d, j):
        return False
    return t.dep_ == "compound" and j < h.i <= min(j + 3, limit - 1) and h.is_lower and title_head_at(d, h.i) is not None \
        and all(toks[x].is_lower and toks[x].pos_ in ("NOUN", "ADJ") for x in range(j + 1, h.i))


def _region_at(d: DocView, j: int, limit: int) -> int:
    """The number of tokens of the region (``region_words``) that begins at token ``j``, or 0."""
    for n in range(min(7, limit - j), 0, -1):
        if d.tokens[j].text[:1].isupper() and d.doc[j : j + n].text.lower() in d.lex.region_words:
            return n
    return 0


def _portfolio_at(d: DocView, j: int, limit: int) -> bool:
    """Token ``j`` is a minister's or secretary's portfolio right before that head (over other
    portfolio words): "Indian home minister Rajnath Singh", "Israeli war minister Naftali
    Bennett", "Iranian tourism minister Ezzatollah Zarghami", "Israeli War Minister Benny Gantz"
    (a word of the title, whatever the NER made of it); not before another head ("the war Prime
    Minister …")."""
    toks, lex = d.tokens, d.lex
    if toks[j].lower_ not in lex.portfolios:
        return False
    m = j + 1
    while m < limit and m - j <= 2 and toks[m].lower_ in lex.portfolios:
        m += 1
    return m < limit and toks[m].lower_ in ("minister", "secretary")


def _field_end(d: DocView, k: int, limit: int) -> int | None:
    """Where a field named from token ``k`` ends when "at" follows it: a few lower-case nouns or
    adjectives or capitalised words no entity holds ("political economy", "the Middle Eastern
    studies", "Iranian Studies"; not "Beijing", a place, nor "remarks to reporters")."""
    toks = d.tokens
    m = k + 1 if k < limit and toks[k].lower_ == "the" else k
    n = m
    while m < limit and m - n < 6 and toks[m].is_alpha and d.ent(toks[m]) is None and (
            toks[m].is_title or (toks[m].is_lower and toks[m].pos_ in ("NOUN", "ADJ", "PROPN", "CCONJ"))):
        m += 1
    return m if n < m < limit and toks[m].lower_ == "at" and toks[m - 1].pos_ in ("NOUN", "PROPN") else None


def _modifiers_then_head(d: DocView, i: int, limit: int) -> bool:
    """From token ``i``, one to three lower-case title modifiers and then a title's head ("foreign
    minister", "special envoy", "deputy national security adviser")."""
    toks = d.tokens
    m = i
    while m < limit and m - i < 3 and toks[m].is_lower and toks[m].lower_ in d.lex.title_modifiers \
            and not title_head_at(d, m):
        m += 1
    return i < m < limit and title_head_at(d, m) is not None


def _past_initials(toks, j: int, limit: int) -> int:
    """Where the words after bracketed initials at token ``j`` begin ("(CEO) of", "(ICRC)
    delegation"), or ``j`` when there are none."""
    if j + 3 < limit and toks[j].text == "(" and toks[j + 1].text.isupper() and toks[j + 2].text == ")":
        return j + 3
    return j


_JOINERS = ("and", "or", "of", "the", "for", "in", "on")  # small words inside a title's complement
_RANKING = ("first", "second", "third", "last", "only", "youngest", "oldest")  # "the first … president to"


def _complement_goes_on(d: DocView, m: int, limit: int) -> bool:
    """Token ``m`` is a word of a title's complement after "of"/"for"/"on"/"to": a capitalised
    word, a small word, a name, a lower-case noun or adjective ("head of the Iranian negotiating
    team"), a comma before the next capitalised word that is no rank or title before a name ("…,
    Prince Zeid") or before "and", a comma in a
    list of adjectives ("on extrajudicial, summary or arbitrary executions"), a body's possessive
    ("the Parliament's Standing Committee", "the Iranian parliament's National Security … Committee"),
    a place's possessive before a body in lower-case words ("Afghanistan's peace council"), an acronym in brackets ("(UCMs)"), a hyphen inside a
    word and the word after it ("Secretary-General", "Fact-Finding", "Mazar-e-Sharif")."""
    toks, lex = d.tokens, d.lex
    t = toks[m]
    nxt = toks[m + 1] if m + 1 < limit else None
    return (
        t.is_title or t.lower_ in _JOINERS or d.ent(t) is not None
        or (t.text in ("-", "–") and not t.whitespace_ and not toks[m - 1].whitespace_ and nxt is not None
            and nxt.is_alpha)
        or (t.is_alpha and toks[m - 1].text in ("-", "–") and not toks[m - 1].whitespace_ and not toks[m - 2].whitespace_)
        or (t.text == "," and m + 2 < limit and (
            (nxt.is_title and nxt.lower_ not in lex.honorifics and not name_titles().title_at([nxt.text], 0, True))
            or (nxt.lower_ == "and" and toks[m + 2].is_title)))
        or (t.is_lower and t.pos_ in ("NOUN", "ADJ", "PROPN"))  # ("secretary of defense": a lower-case PROPN)
        or (t.is_upper and t.is_alpha and len(t) > 1)  # ("the board of an Iranian NGO called …")
        or (t.text == "," and m + 3 < limit and nxt.is_lower and nxt.pos_ in ("ADJ", "NOUN")
            and any(x.lower_ in ("or", "and") for x in toks[m + 2 : m + 4]))
        or (t.tag_ == "POS" and nxt is not None and nxt.is_title and (
            toks[m - 1].is_title or toks[m - 1].lower_ in lex.org_words))  # ("the Iranian parliament's National …")
        or _place_body_at(d, m, limit)
        or _qualifier_at(d, m, limit) > 0  # ("of the governing Conservative Party", "far-right")
        or _lower_body_unit(d, m, limit)
        or (t.text == "(" and m + 2 < limit and toks[m + 2].text == ")" and nxt.text[:1].isupper())
        or (t.text[:1].isupper() and toks[m - 1].text == "(" and nxt is not None and nxt.text == ")")
        or (t.text == ")" and toks[m - 2].text == "(")
    )


def _qualifier_at(d: DocView, m: int, limit: int) -> int:
    """The number of tokens of a word from ``body_qualifiers`` at token ``m`` ("governing",
    "far-right" with its hyphen); 0 when there is none."""
    toks = d.tokens
    word, n = toks[m].lower_, 1
    while m + n + 1 < limit and toks[m + n].text in ("-", "–") and not toks[m + n - 1].whitespace_ \
            and not toks[m + n].whitespace_:
        word, n = word + "-" + toks[m + n + 1].lower_, n + 2
        if word in d.lex.body_qualifiers:
            return n
    return 1 if toks[m].lower_ in d.lex.body_qualifiers else 0


def _lower_body_unit(d: DocView, m: int, limit: int) -> bool:
    """Token ``m`` is the possessive of a body the text names in lower-case words (``org_words``)
    before a part of it (``body_units``): "the human rights group's international secretariat",
    "the ministry’s medical tourism department", "the parliament’s economic committee"."""
    toks = d.tokens
    return m > 0 and toks[m - 1].is_lower and toks[m - 1].lower_ in d.lex.org_words and _unit_after(d, m, limit) is not None


def _kind_before_name(d: DocView, k: int, m: int) -> bool:
    """Tokens ``k`` to ``m`` say what kind of body the name at ``m`` is: lower-case words ending
    in a noun, after its nationality or its country ("Chinese daily", "German newspaper", "the
    international expert club", "Azerbaijani news agency"); not a title's noun ("the foreign
    minister"), whose holder the name is."""
    toks, lex = d.tokens, d.lex
    if not (toks[m - 1].is_lower and (toks[m - 1].pos_ == "NOUN" or toks[m - 1].lower_ in lex.org_words)) \
            or title_head_at(d, m - 1):  # ("daily", which the tagger may read as an adjective)
        return False
    x = k
    while x < m:
        t = toks[x]
        if (n := _qualifier_at(d, x, m)) > 0:
            x += n
        elif (t.is_lower and t.is_alpha and t.pos_ in ("NOUN", "ADJ")) or t.lower_ in lex.flags \
                or t.text in country_words() or t.ent_type_ == "NORP" or d.ent(t, ("Place",)):
            x += 1
        else:
            return False
    return True


def _name_goes_on(d: DocView, m: int, limit: int) -> bool:
    """The name at token ``m`` goes on past the mention the NER model gave it: another
    organisation's name or a capitalised word no entity holds right after it ("Republican|
    People’s Party")."""
    eb = d.mention_bounds(m)[1]
    return eb < limit and (d.ent(d.tokens[eb], ("Organization",)) is not None or _name_cut(d, eb, limit))


def _qualifiers_only(d: DocView, k: int, m: int) -> bool:
    """Tokens ``k`` to ``m`` only qualify the body named after them: lower-case adjectives, role
    flags ("the former Taliban government") or words that say where it stands (``body_qualifiers``:
    "the ruling", "the main opposition", "the far-right")."""
    toks, lex = d.tokens, d.lex
    x = k
    while x < m:
        if (n := _qualifier_at(d, x, m)) > 0:
            x += n
        elif toks[x].is_lower and (toks[x].pos_ == "ADJ" or toks[x].lower_ in lex.flags):
            x += 1
        else:
            return False
    return True


def _flags_before(d: DocView, a: int, lo: int, flags: set[str]) -> int:
    """Add to ``flags`` the role flags right before token ``a`` ("former", "late", "then-" with its
    hyphen: "then-UN chief Ban Ki-moon"; "former" over one lower-case adjective: "former fugitive
    president"); return where they begin."""
    toks, lex = d.tokens, d.lex
    while a > lo and (toks[a - 1].lower_ in lex.flags or (
            toks[a - 1].text in ("-", "–") and a - 2 >= lo and toks[a - 2].lower_ in ("then", "ex"))):
        if flag := _flag_of(lex, toks[a - 1]):
            flags.add(flag)
        a -= 1
    # "former fugitive president Abd Rabbuh Mansur Hadi", "former UK Foreign Secretary Boris
    # Johnson": a description or a country between the flag and the title is neither's word
    k = a
    if a > lo and toks[a - 1].is_lower and toks[a - 1].pos_ == "ADJ":
        k = a - 1
    elif a > lo and d.ent(toks[a - 1], ("Place",)):
        k = d.mention_bounds(a - 1)[0]
    if lo < k < a and toks[k - 1].lower_ in lex.flags and lex.flags[toks[k - 1].lower_] in ("former", "late"):
        flags.add(lex.flags[toks[k - 1].lower_])
        return _flags_before(d, k - 1, lo, flags)
    return a


def _flag_of(lex, tok) -> str | None:
    """The role flag a word before a title gives ("former", "late", …); none for a sentence's
    first "Then" ("Then President Biden campaigned …": next, not formerly)."""
    if tok.is_sent_start and tok.text == "Then":
        return None
    return lex.flags.get(tok.lower_)


def _office_in_place(d: DocView, end: int, limit: int) -> int:
    """Where a title that ends with the body one is sent to (ending at token ``end``) ends: with
    the office and the place that body's seat is in, when the text names them ("permanent
    representative to the UN office in Geneva", "ambassador to the United Nations in Vienna")."""
    toks = d.tokens
    k = end
    if k < limit and toks[k].lower_ in ("office", "offices", "mission", "headquarters", "delegation"):
        k += 1
    # (a delegation is sent to a place: "the ICRC delegation to Yemen")
    if k + 1 < limit and (toks[k].lower_ in ("in", "at") or (toks[k].lower_ == "to" and toks[k - 1].lower_ == "delegation")) \
            and d.ent(toks[k + 1], ("Place",)):
        return d.mention_bounds(k + 1)[1]
    return end


def possessive_at(toks, i: int) -> bool:
    """Token ``i`` is a possessive: "'s", or a bare apostrophe after a word ending in s
    ("Demand Progress' policy adviser", "the Houthis’ political bureau")."""
    return toks[i].tag_ == "POS" or (
        toks[i].text in ("'", "’") and i > 0 and toks[i - 1].lower_.endswith("s") and not toks[i - 1].whitespace_)


def _unit_after(d: DocView, end: int, limit: int) -> int | None:
    """Where a part of a body ends when one follows its name (ending at token ``end``): the
    body's possessive, a few lower-case words and a unit's noun (``body_units``: "the Guard's
    airspace division", "the EU's external action service", "the Health Ministry's public
    relations department"); the part is a word of the title, the body its organisation."""
    toks = d.tokens
    if end + 1 >= limit or not possessive_at(toks, end):
        return None
    m = end + 1
    while m < limit and m - end <= 5 and toks[m].is_lower and toks[m].is_alpha and d.ent(toks[m]) is None:
        if toks[m].lower_ in d.lex.body_units and m > end + 1:
            return m + 1
        m += 1
    return None


def _place_body_at(d: DocView, m: int, limit: int) -> bool:
    """Token ``m`` is a place's possessive before a body the text names in lower-case words: "head
    of Afghanistan's peace council", "deputy secretary of Russia's national security council",
    "member of Iran's parliament" (a body's word, ``body_units`` or ``org_words``, within four
    words); the body is a word of the title, the place no organisation."""
    toks, lex = d.tokens, d.lex
    if not (m > 0 and possessive_at(toks, m) and d.ent(toks[m - 1], ("Place",)) and d.mention_bounds(m - 1)[1] == m):
        return False
    x = m + 1
    while x < limit and x - m <= 4 and toks[x].is_lower and toks[x].is_alpha and d.ent(toks[x]) is None:
        if toks[x].lower_ in lex.body_units or toks[x].lower_ in lex.org_words:
            return True
        x += 1
    return False


def _name_cut(d: DocView, end: int, limit: int) -> bool:
    """The organisation's name ending at token ``end`` goes on: the NER model cut it short, so
    it is not the one named ("U.N." of "the Geneva-based U.N. Watch", "Popular Front for the
    Liberation" of "… of Palestine"): a capitalised word no entity holds right after it, or
    "of" and a capitalised word (not "for": "the special representative of the Iranian Foreign
    Ministry for Afghanistan" names the title's remit)."""
    toks = d.tokens
    if end >= limit or not toks[end - 1].whitespace_:
        return False
    nxt = toks[end]
    if nxt.is_title and nxt.is_alpha and len(nxt) > 1 and d.ent(nxt) is None:
        return True
    return nxt.lower_ == "of" and end + 1 < limit and toks[end + 1].is_title and toks[end + 1].is_alpha


def _name_or_rank_at(d: DocView, i: int) -> bool:
    """Token ``i`` begins a person's name the NER missed or a rank or title before one: a given
    name, a word right before a person's name ("… member of the Senate Rudolph William Louis
    Giuliani", "… to the UN Nikki Haley"), an honorific, a name's title ("… of the Iranian Armed
    Forces Major General Mohammad Hossein Baqeri")."""
    toks = d.tokens
    tok = toks[i]
    return tok.text in name_titles().given or tok.lower_ in d.lex.honorifics \
        or name_titles().title_at([t.text for t in toks[i : i + 3]], 0, True) > 0 \
        or (i + 1 < len(toks) and d.ent(toks[i + 1], ("Person",)) is not None)  # "Nikki" + "Haley"


def _place_name_end(d: DocView, i: int) -> bool:
    """Token ``i`` ends the place's name the NER model cut before it ("New York" + "City")."""
    toks = d.tokens
    return i > 0 and toks[i].is_title and toks[i].lower_ in d.lex.place_name_ends and d.ent(toks[i]) is None \
        and d.ent(toks[i - 1], ("Place",)) is not None


def _org_after_field(d: DocView, end: int, limit: int) -> str | None:
    """The organisation after a title's field or programme in lower-case words: "professor
    emeritus of international law at Princeton University", "director general for a hearing health
    program at the Ministry of Health", "an associate professor at Russia's Far Eastern Federal
    University" (a place's possessive before the organisation)."""
    toks = d.tokens
    m = end
    if m < limit and toks[m].lower_ == "emeritus":
        m += 1
    if m < limit and toks[m].lower_ in ("of", "for"):
        m += 1
        n = m
        while m < limit and m - n < 6 and toks[m].is_lower and toks[m].pos_ in ("NOUN", "ADJ", "DET", "CCONJ") \
                and toks[m].lower_ not in ("at", "in"):
            m += 1
        if m == n:
            return None
    if m >= limit or toks[m].lower_ not in ("at", "in") or (m == end and toks[m].lower_ != "at"):
        return None
    k = m + 1
    if k < limit and toks[k].lower_ == "the":
        k += 1
    j = k  # "at the charity Save the Children", "at the think tank …": a kind's noun before the name
    while j < limit and j - k < 3 and toks[j].is_lower and toks[j].pos_ in ("NOUN", "ADJ") and not d.ent(toks[j]):
        j += 1
    if k < j < limit and d.ent(toks[j], ("Organization",)):
        k = j
    place = d.ent(toks[k], ("Place",)) if k < limit else None
    if place:  # "at Russia's Far Eastern Federal University", "at the Johannesburg-based Media Review Network"
        b = d.mention_bounds(k)[1]
        if b + 2 < limit and toks[b].text in ("-", "–") and toks[b + 1].lower_ == "based":
            k = b + 2
        elif b + 1 < limit and toks[b].tag_ == "POS":
            k = b + 1
        else:
            return None
    return d.ent(toks[k], ("Organization",)) if k < limit else None


def title_left(d: DocView, i: int, lo: int) -> Title | None:
    """A title phrase ending just before token ``i`` (before a name): "United Nations
    Secretary-General", "Iran's Foreign Minister", "Former Special Rapporteur on …, the late"."""
    lex = d.lex
    toks = d.tokens
    flags: set[str] = set()
    j = i
    while j > lo and (toks[j - 1].lower_ in lex.honorifics or toks[j - 1].lower_.rstrip(".") in lex.honorifics
                      or toks[j - 1].text == "."):
        j -= 1
    while j > lo and (toks[j - 1].lower_ in lex.flags or toks[j - 1].lower_ in ("the", ",")):
        if flag := _flag_of(lex, toks[j - 1]):
            flags.add(flag)
        j -= 1
    end = j
    if end == i or toks[end - 1].is_punct:
        pass
    # find the longest title phrase [start, end) with a head word, scanning left
    best = None
    for start in range(end - 1, max(lo, end - MAX_TITLE_TOKENS) - 1, -1):
        t = toks[start]
        if t.text in (".", ";", ":", "“", "”", '"') or t.lower_ in WEEKDAYS or (
                t.pos_ == "VERB" and not t.is_title and not _title_participle(d, start)):
            break  # (not "On Sunday French President Emmanuel Macron": a day is no word of a title)
        if start > lo and d.ent(t, ("Place",)) and d.ent_of[start - 1] == d.ent_of[start]:
            continue  # ("West Bank settler leader Yossi Dagan": not from the "Bank" of a place's name)
        cand = title_right(d, start, end)
        if cand is None or cand.end != end:
            continue
        if best is not None and cand.start != start:
            if cand.start == best.start:  # "former U.S. President": the flag before the place
                best.flags |= cand.flags
            continue
        if best is not None and any(toks[k].lower_ in ("to", "of", "for", "on", "at") for k in range(start, best.start)):
            break  # "a top advisor to Foreign Minister Zarif": the title next to the name is his
        best = cand
    if best is None:
        if i - 2 > lo and toks[i - 1].is_title and toks[i - 2].text == "," \
                and name_titles().title_at([toks[i - 1].text], 0, True):
            # "the UN High Commissioner for Human Rights, Prince Zeid …": no post of its own
            # before the name, the name's own title word after a comma; the title is before it
            return title_left(d, i - 2, lo)
        return None
    if another_as(d, best.start, lo):
        return None
    best.flags |= flags
    a = best.start
    # an organisation just before the title: "United Nations Secretary-General"
    a = _flags_before(d, a, lo, best.flags)
    if best.organization is None and a == best.start and a - 2 >= lo and toks[a - 1].is_lower \
            and toks[a - 1].pos_ == "NOUN" and toks[a - 1].lower_ in lex.body_units | lex.org_words and toks[a - 2].is_title:
        # "Islamic Jihad movement Secretary General Fathi Shaqaqi", "Penelakut tribe Chief Joan
        # Brown": a body's name and its lower-case kind before the title; the body the NER names
        # is the organisation, one it does not name words of the title
        key = d.ent(toks[a - 2])
        if key and d.type_of[key] == "Organization" and key not in d.title_words:
            best.organization = key
            a = _flags_before(d, d.mention_bounds(a - 2)[0], lo, best.flags)  # ("former Islamic Jihad movement …")
        elif key is None and toks[a - 2].pos_ in ("PROPN", "ADJ") and not (a - 3 >= lo and toks[a - 3].is_title):
            best.start = a = a - 2
            a = _flags_before(d, a, lo, best.flags)
    if best.organization is None and a > lo:
        key = d.ent(toks[a - 1])
        if key and d.mention_bounds(a - 1)[1] - d.mention_bounds(a - 1)[0] == 1 and toks[a - 1].lower_ in lex.title_modifiers:
            key = None  # "Defense Secretary Jim Mattis", "Republican Senator Rand Paul": a word of the title
            if best.start == a:
                best.start = a - 1
        if key in d.title_words:
            key = None
        if key is None and toks[a - 1].tag_ == "POS" and a - 2 >= lo:
            key = d.ent(toks[a - 2])
        if key is None and toks[a - 1].text == ")" and a - 4 >= lo and toks[a - 3].text == "(":
            # "the International Criminal Court (ICC) prosecutor": its initials between the two
            key = d.ent(toks[a - 4]) or d.ent(toks[a - 2])
        if key and d.type_of[key] == "Organization":
            best.organization = key
            # a flag before the organisation is the title's too ("then-UN chief Ban Ki-moon")
            a = _flags_before(d, d.mention_bounds(a - 2 if toks[a - 1].tag_ == "POS" else a - 1)[0], lo, best.flags)
        elif key is None and d.ent_of[a - 1] is None and toks[a - 1].is_upper and toks[a - 1].is_alpha \
                and len(toks[a - 1]) > 1 and not (a - 2 >= lo and toks[a - 2].is_upper and toks[a - 2].is_alpha):
            # "ALQST acting director Nabhan al-Hanashi", "IRCS director Morteza Salimi": the initials
            # of a body the NER does not name, right before the title, are a word of it (not a run
            # of capitals: a headline)
            best.start = a - 1
            a = _flags_before(d, a - 1, lo, best.flags)
    if best.organization is None and a > lo and toks[a - 1].lower_ == "its":
        best.organization = its_body(d, a - 1, lo)
    if best.organization is None and a == best.start and (k := _body_words_before(d, a, lo)) is not None:
        # "former Zionist regime’s ambassador Chaim Herzog", "the Israeli regime’s premier Yair
        # Lapid": a body the NER names not, in words and their possessive, is a word of the title
        # (as "Iran's foreign minister"), and a flag before it is the title's
        best.start = k
        a = _flags_before(d, k, lo, best.flags)
    if not best.flags and a - 1 > lo and toks[a - 1].lower_ == "and":
        _past_of_joined(d, best, a - 1, lo)
    return best


def its_body(d: DocView, i: int, lo: int) -> str | None:
    """The body "its" at token ``i`` stands for: the entity named last before it in the
    sentence (from token ``lo``), when that is an organisation ("Hezbollah and its leader Hassan
    Nasrallah", "al-Qaeda follows the doctrine of its leader", "Hamas said that a delegation
    headed by its leader"). A person's name is passed over (no one is "it"); a place named last
    answers none ("South Korea under its authoritarian leader": a country's, no body's; "Iran's
    navy … its commander": the navy the NER does not name). Nor one that only qualifies
    another word ("the al-Qaeda-affiliated Jundullah", "the IMF delegation, led by its chief"),
    nor one inside quotation marks when "its" is not (someone else's words). Nor where the clause
    has a thing's subject of its own that "its" may stand for ("a so called superpower; which was
    left alone in UN General Assembly when the decision of its President …", "The startup aims to
    launch …, its founder said")."""
    toks = d.tokens
    # (but "its" right after the body's name is the body's whatever the clause: "the GCC and its
    # secretary general", "the IAEA, including its director", "the European Union, particularly its …")
    k = i
    while k > lo and (toks[k - 1].lower_ in (",", "and") or toks[k - 1].lower_ in d.lex.singling_words):
        k -= 1
    if k - 3 >= lo and k < i and toks[k - 1].text == ")" and toks[k - 3].text == "(":
        k -= 3  # ("Iraq's Popular Mobilization Forces (PMF), including its deputy chief")
    if k > lo and k < i and (key := d.ent(toks[k - 1], ("Organization",))) and key not in d.title_words \
            and d.quoted(toks[k - 1]) == d.quoted(toks[i]):
        return key
    if any(t.dep_ in ("nsubj", "nsubjpass") and d.ent(t) is None and not t.left_edge.i <= i <= t.right_edge.i
           and d.quoted(t) == d.quoted(toks[i]) and (
               (t.tag_ == "NN" and t.lemma_.lower() not in d.lex.person_nouns
                and not any((h := title_head_at(d, x)) and x <= t.i < x + h[0] for x in range(max(t.i - 3, 0), t.i + 1)))
               or t.tag_ == "WDT") for t in toks[lo:i]):
        return None
    for a, b, key in reversed(d.mention_spans):
        if b > i:
            continue
        if a < lo:
            break
        if d.type_of[key] == "Person":
            continue
        last = toks[b - 1]
        if d.type_of[key] != "Organization" or key in d.title_words or d.quoted(last) != d.quoted(toks[i]) \
                or (b < i and toks[b].text in ("-", "–") and not last.whitespace_) \
                or (last.dep_ in ("compound", "nmod", "amod") and last.head.i >= b and last.head.pos_ in ("NOUN", "PROPN")
                    and d.ent_of[last.head.i] != key):
            return None
        return key
    return None


def _body_words_before(d: DocView, a: int, lo: int) -> int | None:
    """Where a body named in words (no entity) begins, when its possessive ends right before token
    ``a``: a lower-case body's noun (``org_words``, ``body_units``) after one to three words of
    which one at least is capitalised ("Zionist regime’s", "Palestinian government’s", "Iranian
    health ministry's"); none for a bare "the government’s", "the council’s" (whose body the text
    said before)."""
    toks, lex = d.tokens, d.lex
    p = a - 1
    if p - 2 < lo or not possessive_at(toks, p):
        return None
    body = toks[p - 1]
    if not (body.is_lower and body.lower_ in lex.org_words | lex.body_units) or d.ent(body) is not None:
        return None
    k = p - 1
    while k - 1 >= lo and p - 1 - (k - 1) <= 3 and d.ent(toks[k - 1]) is None and toks[k - 1].is_alpha and (
            (toks[k - 1].is_title and toks[k - 1].pos_ in ("PROPN", "ADJ")) or toks[k - 1].lower_ in lex.title_modifiers) \
            and toks[k - 1].lower_ not in lex.flags:
        k -= 1
    if k == p - 1 or not any(toks[x].is_title for x in range(k, p - 1)):
        return None
    return k


def _past_of_joined(d: DocView, t: Title, and_at: int, lo: int) -> None:
    """"former U.S. secretary of state and CIA chief Mike Pompeo", "former South Carolina governor
    and UN ambassador Nikki Haley": a "former" (or "late") before the first of two titles joined by
    "and" before a name is the second's too, when the second has no flag of its own ("a former
    education minister and the current advisor") and both heads are written alike — both
    lower-case or both capitalised (not "former national team player and USSF President Cindy
    Parlow", "former Prime Minister and PML-N chief Nawaz Sharif": a post described, then the
    one held)."""
    toks = d.tokens
    first = title_left(d, and_at, lo)
    if first is None or first.end != and_at or not first.flags & {"former", "late"}:
        return

    def lower_head(x: Title) -> bool | None:
        head = head_of(d, x)
        return None if head is None else toks[head].is_lower

    if lower_head(first) is not None and lower_head(first) == lower_head(t):
        t.flags |= first.flags & {"former", "late"}


def _title_participle(d: DocView, i: int) -> bool:
    """Token ``i``, a word the tagger reads as a verb, is a word of a title all the same: a
    present participle that begins a head or is a flag or a modifier ("IMF managing director
    Kristalina Georgieva", "TAVANIR managing director Hossein Motavalizadeh", "CIA acting director
    Michael Morell", "ALQST acting director Nabhan al-Hanashi"), not a verb before a title ("…
    meeting President Putin")."""
    tok = d.tokens[i]
    return tok.tag_ == "VBG" and (title_head_at(d, i) is not None or tok.lower_ in d.lex.flags
                                  or tok.lower_ in d.lex.title_modifiers)


def head_of(d: DocView, t: Title) -> int | None:
    """The first token of the title's first head word ("minister" of "Iranian Foreign Minister"),
    or None."""
    return next((k for k in range(t.start, t.end) if title_head_at(d, k)), None)


def another_as(d: DocView, start: int, lo: int) -> bool:
    """The title starting at token ``start`` follows "as" after a name: "Rex Tillerson as
    secretary of state, Gary Cohn as director of …" — it is that name's, not the next one's."""
    toks = d.tokens
    return start - 1 > lo and toks[start - 1].lower_ == "as" and d.ent(toks[start - 2], ("Person",)) is not None


def clean_title(d: DocView, t: Title) -> str | None:
    doc = d.doc
    words = doc[t.start : t.end]
    text = d.ex.document.text[words.start_char : words.end_char]
    text = re.sub(r"^(?:the|a|an)\s+", "", text.lstrip("-–— "), flags=re.IGNORECASE).strip(" ,")
    for flag_word in ("former", "late", "acting", "interim", "ex-", "outgoing", "current", "incumbent"):
        text = re.sub(rf"^{flag_word}\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[-–]\s*(?:elect|designate)\b", "", text, flags=re.IGNORECASE).strip()
    if not text or len(text) > 160 or "\n" in text:
        return None
    return text[0].upper() + text[1:] if text[0].islower() and t.kind != "other" else text

