"""What the words around a name say about its type (``ingest/type_cues.yaml``): a role noun
before it ("coach X"), the last word of the name ("… FC", "… River"), an apposition after it
("Technorati, a blog search engine"), "the city of X", "the X neighborhood", "X-based".

Each cue is a vote for a type on one mention; ``extract.py`` adds the votes of every mention of
an entity to the model's labels and the gazetteer's prior, and the heaviest type wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.tokens import Doc

from .errors import DocgraphError
from .resources import resource

PERSON, ORG, PLACE = "Person", "Organization", "Place"


@dataclass(frozen=True)
class Cues:
    weight: float
    person_before: frozenset[str]
    organisation_last: frozenset[str]
    place_last: frozenset[str]
    nouns: dict[str, str]  # apposition head noun -> type
    place_prepositions: frozenset[str]
    after_place: dict[str, str]  # a word after a place's name -> the spaCy label of the two together
    law_words: frozenset[str] = frozenset()
    on_bodies: frozenset[str] = frozenset()

    def place_then(self, word: str) -> str | None:
        """The label of a place's name and ``word`` read as one name ("Israel Prize" -> EVENT,
        "Baghdad airport" -> FAC, "Pakistan Army" -> ORG), or None: the word is no head noun."""
        return self.after_place.get(word)

    def body_head(self, word: str) -> bool:
        """A word that ends the name of a body or a gathering, which "for …", "of …", "on …"
        may go on ("High Council for Human Rights", "Istanbul Conference on the Afghan Peace
        Process")."""
        return word in self.organisation_last or self.after_place.get(word) == "EVENT"

    def last_word(self, name: str) -> str | None:
        """The type the name's own head word says: its last word ("Bayern Munich FC" ->
        Organization), else a body's word before its first "of" ("University of Minnesota",
        "League of Arab States" -> Organization)."""
        words = name.split()
        if len(words) < 2:
            return None
        if words[-1] in self.organisation_last:
            return ORG
        if words[-1] in self.place_last:
            return PLACE
        # (a body's head only: "State of World Population" is a report, "State of Palestine" a place)
        if "of" in words[1:-1] and words[words.index("of", 1) - 1] in self.organisation_last:
            return ORG
        return None

    def law_like(self, name: str) -> bool:
        """A name the model labels a law names one: its head (the words before the first "of",
        "on", "for", "to", "in", "against") or its last word is a law's noun, or it is an acronym."""
        words = [w.strip(",.;:()’'\"“”").lower() for w in name.split()]
        if len(words) == 1 and name.strip(".").isupper() and len(name.strip(".")) > 1:
            return True  # "JCPOA", "CAATSA"
        head = []
        for w in words:
            if w in ("of", "on", "for", "to", "in", "against"):
                break
            head.append(w)
        return any(w in self.law_words for w in (*head, words[-1] if words else ""))

    def around(self, doc: Doc, start: int, end: int) -> str | None:
        """The type the words beside tokens ``start:end`` of ``doc`` say, or None."""
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.lower_ in self.person_before and doc[start].is_title:
            return PERSON
        # "the city of X", "the town of X"
        if before is not None and before.lower_ == "of" and start >= 2 and \
                self.nouns.get(doc[start - 2].lower_) == PLACE and doc[start - 2].tag_ == "NN":
            return PLACE
        if end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ == "based":
            return PLACE
        # "the Sheikh Jarrah neighborhood", "the Qatif district", "the Kurdistan region of Iraq"
        # (the place noun is the head: not "the Tehran city council")
        if end < len(doc) and self.nouns.get(doc[end].lower_) == PLACE and doc[end].tag_ == "NN" and \
                (end + 1 >= len(doc) or doc[end + 1].pos_ not in ("NOUN", "PROPN")):
            k = start  # "the" may stand before a capitalised word the model left out ("the Sheikh [Jarrah]")
            while k > 0 and start - k < 2 and doc[k - 1].is_title:
                k -= 1
            if doc[start].lower_ == "the" or (k > 0 and (doc[k - 1].lower_ == "the" or doc[k - 1].tag_ == "POS")):
                return PLACE  # "the …", "Jerusalem’s Sheikh Jarrah neighborhood"
        if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text == ",":
            return PERSON  # an age: "Winter, 53, a former law professor"
        return self._apposition(doc, end)

    def preposition(self, doc: Doc, start: int) -> bool:
        """"in X", "to X", "near X": weak evidence of a place (half a model vote)."""
        return start > 0 and doc[start - 1].lower_ in self.place_prepositions

    def _apposition(self, doc: Doc, end: int) -> str | None:
        """"X, a blog search engine, …": the last noun of the first noun run after the article."""
        if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the"):
            return None
        head = None
        for tok in doc[end + 2 : min(end + 10, len(doc))]:
            if tok.pos_ == "NOUN":
                head = tok  # the last noun of the run: "blog search engine" -> engine
            elif tok.text in ("-", "–") or tok.tag_ == "VBN":
                continue  # "state-owned oil company"
            elif head is not None or tok.pos_ not in ("ADJ", "ADV", "NUM", "PROPN"):
                break
        return self.nouns.get(head.lower_) if head is not None else None


@lru_cache(maxsize=1)
def cues() -> Cues:
    path = resource("ingest", "type_cues.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DocgraphError(f"{path}: cannot read the type cues ({exc})") from exc
    nouns: dict[str, str] = {}
    after: dict[str, str] = {str(w): "ORG" for w in data.get("organisation_last") or []}
    after.update({str(w): "FAC" for w in data.get("place_then_facility") or []})
    after.update({str(w): "EVENT" for w in data.get("place_then_event") or []})
    for key, etype in (("place_nouns", PLACE), ("person_nouns", PERSON), ("organisation_nouns", ORG)):
        for word in data.get(key) or []:
            nouns[str(word).lower()] = etype
    return Cues(
        float(data.get("weight", 3)),
        frozenset(str(w).lower() for w in data.get("person_before") or []),
        frozenset(str(w) for w in data.get("organisation_last") or []),
        frozenset(str(w) for w in data.get("place_last") or []),
        nouns,
        frozenset(str(w).lower() for w in data.get("place_prepositions") or []),
        after,
        frozenset(str(w).lower() for w in data.get("law_words") or []),
        frozenset(str(w) for w in data.get("on_bodies") or []),
    )
