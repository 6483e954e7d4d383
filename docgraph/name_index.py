"""The entities of a store as resolution sees them, held in memory: each entity's type, canonical
name, every name and alias, the documents that mention it and its gazetteer entries, indexed by
the key of each name, by a person's surname and by gazetteer entry.

Loaded once per ingest or consolidation (a few grouped queries: a second or two on a store of
70,000 entities) and kept up to date as documents are written and entities merged, so resolving a
document asks the store nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from pyoxigraph import NamedNode

from .names import fold, initials, is_acronym, name_key, patronymic
from .rdf import entity_graph
from .vocab import TYPE_CLASS

TYPE_OF = {cls.value: t for t, cls in TYPE_CLASS.items()}
_INITIAL = re.compile(r"^[a-z]$")


def key(name: str) -> str:
    """What two spellings of one name share (case, accents, punctuation, hyphens folded): the same
    name, the same node, as each document is written."""
    return fold(name)


def spelling(name: str) -> str:
    """What two transliterations of one name share (``key``, a possessive dropped, each word
    through the transliteration table: "Qasem Soleimani" is "Qassem Soleimani"). Consolidation
    makes the nodes of one spelling one, named by the best-attested: whatever the order of ingest,
    and the same after a bulk load."""
    return name_key(name)


def compact(name: str) -> str:
    """``spelling`` without the spaces between words: a name written as one word or as two
    ("Aljazeera", "Al Jazeera", "Al-Jazeera"; "Amirabdollahian", "Amir Abdollahian"; "U.S.
    Treasury", "US Treasury") is one spelling. Consolidation's step 1 groups names by it."""
    joined = spelling(name).replace(" ", "")
    # the article, written apart, joined or hyphenated: "Al Jazeera", "Aljazeera", "Al-Jazeera"
    return joined[2:] if joined.startswith("al") and len(joined) >= 7 else joined


def tokens(name: str) -> list[str]:
    """The words of a name as surnames and shorter forms are compared: transliterations folded
    ("Raeisi" is a shorter form of "Ebrahim Raisi")."""
    return spelling(name).split()


def compatible(short: list[str], full: list[str]) -> bool:
    """Two person names that can name one person: the same surname, and the shorter one's
    words are the last words of the longer ("Zarif", "Javad Zarif" of "Mohammad Javad Zarif"),
    or its first and last ("Donald Trump" of "Donald J. Trump"), or the two differ only in a
    middle word given as an initial ("Donald J. Trump", "Donald Joseph Trump") or in the spelling
    of the words before the surname (``respelt``). A middle name
    the shorter one gives must be the longer one's ("George W. Bush" is not "George H. W. Bush"),
    and a patronymic stays ("bin Salman" is Mohammed bin Salman, a lone "Salman" is not)."""
    if not short or not full or short[-1] != full[-1]:
        return False
    if len(short) > len(full):
        short, full = full, short
    if short == full:
        return True
    if len(short) == len(full):
        if short[0] == full[0] and all(
                a == b or (_INITIAL.match(a) and b.startswith(a)) or (_INITIAL.match(b) and a.startswith(b))
                for a, b in zip(short[1:-1], full[1:-1])):
            return True
    elif full[-len(short):] == short:
        return full[-len(short) - 1] not in patronymic()
    elif len(short) == 2 and short[0] == full[0] and full[-2] not in patronymic():
        return True
    return respelt(short, full)


_OTHER_NAME_ENDINGS = frozenset({"a", "e", "le", "ne", "n", "ie", "y", "ette", "ina"})  # Paula, Danielle, Steven
RESPELT = 0.8  # two spellings of the words before a shared surname are one when this alike


def respelt(a: list[str], b: list[str]) -> bool:
    """Two person names that differ only in how the words before their shared ending are spelt
    ("Abdrabbuh" / "Abd-Rabbu Mansour Hadi", "Federica" / "Frederica Mogherini", "Sergei" /
    "Sergey Lavrov"): those words, run together, begin with the same letter, have four letters
    or more, are RESPELT alike (difflib's ratio) and neither is the other with an ending that makes
    another given name ("Daniel" / "Danielle", "Paul" / "Paula", "Steve" / "Steven"). No initials ("George W." is not
    "George H. W.")."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    if n == 0 or any(len(w) == 1 for w in (*a, *b)):
        return False
    return _alike("".join(a[: len(a) - n]), "".join(b[: len(b) - n]))


@lru_cache(maxsize=1 << 14)
def _alike(x: str, y: str) -> bool:
    if len(x) < 4 or len(y) < 4 or x[0] != y[0]:
        return False
    if len(x) > len(y):
        x, y = y, x
    if y.startswith(x) and y[len(x):] in _OTHER_NAME_ENDINGS:
        return False
    return SequenceMatcher(None, x, y).ratio() >= RESPELT


def is_partial(short: list[str], full: list[str]) -> bool:
    """``short`` is a shorter form of the person name ``full`` (fewer words, compatible)."""
    return len(short) < len(full) and compatible(short, full)


@dataclass
class Known:
    uri: str
    type: str
    name: str
    names: set[str] = field(default_factory=set)  # the name and every alias
    docs: int = 0
    same_as: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        """A full name: more than one word and not an acronym."""
        return len(tokens(self.name)) > 1 and not is_acronym(self.name)


class NameIndex:
    def __init__(self, base: str) -> None:
        self.base = base
        self.entities: dict[str, Known] = {}
        self.by_key: dict[str, set[str]] = defaultdict(set)  # key of the canonical name -> URIs
        self.by_spelling: dict[str, set[str]] = defaultdict(set)  # compact spelling of the canonical name -> URIs
        self.by_alias: dict[str, set[str]] = defaultdict(set)  # key of any name or alias -> URIs
        self.by_surname: dict[str, set[str]] = defaultdict(set)  # persons, by the last word of any name
        self.by_first: dict[str, set[str]] = defaultdict(set)  # persons, by the first word of their name
        self.by_word: dict[str, set[str]] = defaultdict(set)  # any word of any name -> URIs
        self.by_initials: dict[str, set[str]] = defaultdict(set)  # initials of a name of 2+ words -> URIs
        self.by_same: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def load(cls, store) -> NameIndex:
        eg = entity_graph(store.base_uri)
        index = cls(store.base_uri)
        found: dict[str, dict] = {}
        for r in store.query(f"""SELECT ?e ?t WHERE {{ GRAPH {eg} {{ ?e a ?t }}
                VALUES ?t {{ schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }} }}""",
                             union=False):
            found.setdefault(r["e"].value, {"type": TYPE_OF[r["t"].value], "name": None, "names": set(),
                                            "same": set()})
        for r in store.query(f"""SELECT ?e ?p ?o WHERE {{ GRAPH {eg} {{ ?e ?p ?o }}
                VALUES ?p {{ schema:name schema:alternateName owl:sameAs }} }}""", union=False):
            e = found.get(r["e"].value)
            if e is None:
                continue
            p = r["p"].value
            if p.endswith("/name"):
                e["name"] = r["o"].value
                e["names"].add(r["o"].value)
            elif p.endswith("/alternateName"):
                e["names"].add(r["o"].value)
            else:
                e["same"].add(r["o"].value)
        docs = {r["e"].value: int(r["n"].value) for r in store.query(
            "SELECT ?e (COUNT(?d) AS ?n) WHERE { GRAPH ?d { ?d schema:mentions ?e } } GROUP BY ?e", union=False)}
        for uri, e in found.items():
            if e["name"] is None:
                continue
            index.add(Known(uri, e["type"], e["name"], e["names"], docs.get(uri, 0), e["same"]))
        return index

    # -- keeping it current ---------------------------------------------------------------------
    def add(self, k: Known) -> None:
        old = self.entities.get(k.uri)
        if old is not None:
            self.drop(k.uri)
            k.names |= old.names
            k.docs += old.docs
            k.same_as |= old.same_as
        k.names.add(k.name)
        self.entities[k.uri] = k
        self.by_key[key(k.name)].add(k.uri)
        self.by_spelling[compact(k.name)].add(k.uri)
        if k.type == "Person" and tokens(k.name):
            self.by_first[tokens(k.name)[0]].add(k.uri)
        for w in {w for n in k.names for w in tokens(n)}:
            self.by_word[w].add(k.uri)
        if len(tokens(k.name)) > 1 and not is_acronym(k.name):
            self.by_initials[initials(k.name)].add(k.uri)
        for n in k.names:
            self.by_alias[key(n)].add(k.uri)
            if k.type == "Person" and tokens(n):
                self.by_surname[tokens(n)[-1]].add(k.uri)
        for s in k.same_as:
            self.by_same[s].add(k.uri)

    def drop(self, uri: str) -> Known | None:
        k = self.entities.pop(uri, None)
        if k is None:
            return None
        self.by_key[key(k.name)].discard(uri)
        self.by_spelling[compact(k.name)].discard(uri)
        if tokens(k.name):
            self.by_first[tokens(k.name)[0]].discard(uri)
        for w in {w for n in k.names for w in tokens(n)}:
            self.by_word[w].discard(uri)
        if len(tokens(k.name)) > 1 and not is_acronym(k.name):
            self.by_initials[initials(k.name)].discard(uri)
        for n in k.names:
            self.by_alias[key(n)].discard(uri)
            if tokens(n):
                self.by_surname[tokens(n)[-1]].discard(uri)
        for s in k.same_as:
            self.by_same[s].discard(uri)
        return k

    def merged(self, old: str, new: str) -> None:
        """``old`` now is ``new``: its names, documents and gazetteer entries move there."""
        gone = self.drop(old)
        target = self.entities.get(new)
        if gone is None or target is None:
            return
        self.drop(new)
        target.names |= gone.names
        target.docs += gone.docs  # an upper bound: a document mentioning both counts twice
        target.same_as |= gone.same_as
        self.add(target)

    def seen(self, uri: str, etype: str, name: str, names: set[str], same_as: set[str],
             mentioned: bool = True) -> None:
        """A document that speaks of ``uri`` was written (``mentioned``: by name, not only as a
        city's country)."""
        k = self.entities.get(uri)
        if k is None:
            self.add(Known(uri, etype, name, set(names), int(mentioned), set(same_as)))
            return
        self.drop(uri)
        k.names |= names
        k.docs += int(mentioned)
        k.same_as |= same_as
        self.add(k)

    # -- asking ---------------------------------------------------------------------------------
    def named(self, name: str) -> set[str]:
        """Entities whose canonical name has this name's key."""
        return set(self.by_key.get(key(name), ()))

    def known_as(self, name: str) -> set[str]:
        """Entities that carry this name as their name or an alias."""
        return set(self.by_alias.get(key(name), ()))

    def fuller(self, name: str) -> set[str]:
        """Persons with a canonical name of which ``name`` is a shorter form, or a longer form of
        their canonical name they also hold: the node named "Imam Khomeini" by its documents
        holds "Imam Ruhollah Al-Khomeini", of which "Ruhollah Khomeini" is a shorter form."""
        short = tokens(name)
        if not short:
            return set()
        return {u for u in self.by_surname.get(short[-1], ())
                if self.entities[u].type == "Person" and any(is_partial(short, f) for f in self.full_forms(u))}

    def full_forms(self, uri: str) -> list[list[str]]:
        """The canonical name's words, and those of each name of the entity that is a longer form
        of it (not any alias: an alias no longer form of the name may be a wrong one)."""
        k = self.entities[uri]
        own = tokens(k.name)
        return [own, *(t for n in k.names if is_partial(own, t := tokens(n)))]

    def spelt_out(self, acronym: str) -> set[str]:
        """Entities whose name (of two words or more) has these initials ("OIC": Organization of
        Islamic Cooperation)."""
        return set(self.by_initials.get(acronym.replace(".", "").upper(), ()))

    def same_as(self, ids) -> set[str]:
        return {u for s in ids for u in self.by_same.get(s, ())}

    def one_person(self, uris: set[str]) -> list[set[str]]:
        """Person names grouped so the names in a group are all names of one person (compatible
        with each other), best-attested first."""
        groups: list[set[str]] = []
        for u in sorted(uris, key=lambda x: (-self.entities[x].docs, x)):
            for g in groups:
                if all(compatible(tokens(self.entities[u].name), tokens(self.entities[v].name)) for v in g):
                    g.add(u)
                    break
            else:
                groups.append({u})
        return groups

    def dominant(self, uris: set[str], dominance: float) -> set[str] | None:
        """The group of ``one_person`` a shorter form stands for: the only one, or the one with
        ``dominance`` times the documents of any other; None for a tie."""
        groups = self.one_person(uris)
        if not groups:
            return None
        weight = sorted(((sum(self.entities[u].docs for u in g), g) for g in groups), key=lambda x: -x[0])
        if len(weight) > 1 and weight[0][0] < dominance * max(weight[1][0], 1):
            return None
        return weight[0][1]


def votes_of(store, uri: str) -> tuple[Counter, int]:
    """The evidence for each type that every document mentioning ``uri`` gives (its type votes,
    or its mention count for the entity's type when it gave none), and the mentions counted."""
    from .rdf import entity_class

    out: Counter = Counter()
    mentions = 0
    own = entity_class(uri)
    fallback = TYPE_OF.get(own.value) if own is not None else None
    e = str(NamedNode(uri))  # written by pyoxigraph: nothing breaks out of <…>
    for r in store.query(f"""SELECT ?c ?v WHERE {{ GRAPH ?d {{ ?x dg:entity {e} ; dg:mentionCount ?c .
                              OPTIONAL {{ ?x dg:typeVotes ?v }} }} }}""", union=False):
        count = int(r["c"].value)
        mentions += count
        if r["v"] is not None:
            try:
                for t, w in json.loads(r["v"].value).items():
                    out[str(t)] += float(w)
                continue
            except (ValueError, AttributeError):
                pass
        if fallback:
            out[fallback] += max(count, 1)
    return out, mentions
