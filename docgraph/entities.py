"""The entity layer inside one document: candidate name spans in, ``Entity`` objects out.

- **Name variants**: a curated alias, a parenthesised alias, a surname or shorter form of the
  one full name that contains it ("Javad Zarif", "Zarif" -> "Mohammad Javad Zarif"), an acronym
  of the one name whose initials it is; spellings compared through ``names.name_key``.
- **Type by evidence**: every mention's model label, the cues around it (titles, role nouns,
  appositions) and the gazetteer's prior vote; the heaviest type wins (``Entity.type_votes``).
- **Places** that end up a Place and are in the gazetteer take its canonical name, GeoNames URI
  and, for cities and regions, their country.
- **Mentions the model missed**: other occurrences of a name the document already gives
  (a person's surname, an organisation's name) become mentions of that entity.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .aliases import AliasRules
from .model import Entity, Mention, Sentence
from .names import fold, given_names, initials, is_acronym, is_variant, name_key, parent_words
from .places import Gazetteer
from .type_evidence import cues

# spaCy label -> (docgraph type, default subtype)
LABELS: dict[str, tuple[str, str | None]] = {
    "PERSON": ("Person", None),
    "ORG": ("Organization", None),
    "GPE": ("Place", None),
    "LOC": ("Place", None),
    "FAC": ("Place", None),
    "EVENT": ("Event", None),
    "LAW": ("Work", "Legislation"),
    "WORK": ("Work", None),
}


@dataclass
class Candidate:
    """A name span the model, the ruler or a cue found, before grouping."""

    start: int
    end: int
    label: str  # a key of LABELS
    subtype: str | None
    sentence: int
    alias_of: int | None = None  # set on a parenthesised alias
    names: list[str] = field(default_factory=list)  # parenthesised aliases of this span
    cues: dict[str, float] = field(default_factory=dict)  # type -> weight the words around it give
    model_weight: float | None = None  # None: by the default rule (see _model_weight)
    features: list[str] = field(default_factory=list)  # for the mention-type classifier
    probabilities: dict[str, float] | None = None  # the classifier's, when it ran

    @property
    def key(self) -> tuple[int, int]:
        return (self.start, self.end)


LABEL_WEIGHT = 3.0  # a gazetteer, pattern or parenthesis label outweighs the statistical model


def _model_weight(c: Candidate, surface: str) -> float:
    if c.model_weight is not None:
        return c.model_weight
    if c.subtype or c.alias_of is not None:
        return LABEL_WEIGHT
    return 2.0 if " " in surface.strip() else 1.0


def group(spans: list[Candidate], text: str, rules: AliasRules, places: Gazetteer) -> list[Entity]:
    """Merge the candidates that name the same thing, decide each one's type and name."""
    surface = [text[s.start : s.end] for s in spans]
    keys = [name_key(n) for n in surface]
    # "Al Jazeera" beside "Al-Jazeera" (the article dropped from the hyphenated form only)
    keyset = set(keys)
    keys = [k[3:] if k.startswith(("al ", "el ")) and k[3:] in keyset else k for k in keys]
    head_of: dict[str, str] = {}  # alias key -> head name key
    for s, k in zip(spans, keys):
        for alias in s.names:
            head_of.setdefault(name_key(alias), k)
    persons = {k for s, k in zip(spans, keys)
               if len(k.split()) > 1 and (s.label == "PERSON" or s.cues.get("Person"))}
    # a name every mention of which the model calls a place, and the gazetteer knows as a country,
    # region or large city, stays a place even when a person's name ends with it ("Jordan" beside
    # "Michael Jordan"; a town or an alternate spelling does not: "Andrews", "Amano")
    labels_of: dict[str, set[str]] = defaultdict(set)
    for s, k in zip(spans, keys):
        labels_of[k].add(LABELS[s.label][0])
    long_names = [n for n in surface if " " in n.strip()]

    def build(persons: set[str]) -> list[Entity]:
        memo: dict[str, str] = {}

        def canonical(k: str, name: str) -> str:
            if k in memo:
                return memo[k]
            memo[k] = k  # while in progress: an alias cycle (a -> b -> a) ends here
            curated = rules.canonical(name)
            target = k
            if curated is not None:
                target = name_key(curated)
            elif k in head_of and head_of[k] != k:
                target = canonical(head_of[k], head_of[k])
            elif is_acronym(name):
                found = {name_key(n) for n in long_names if initials(n) == name.replace(".", "")}
                target = found.pop() if len(found) == 1 else k
            elif not (labels_of[k] == {"Place"} and places.sure(name)):
                found = {p for p in persons if is_variant(k, p)}
                found = {p for p in found if not any(is_variant(p, q) for q in found)}  # the fullest only
                if not found and " " not in k and name not in given_names():
                    # a family name said first ("Wang" of "Wang Yi", "Kim" of "Kim Jong-un"): the
                    # first word of the one two-word name (a common given name is no one's alone)
                    found = {p for p in persons if p.split()[0] == k and len(p.split()) == 2}
                if len(found) == 1:
                    target = canonical(next(iter(found)), next(iter(found)))
            if target != k and rules.apart(target, k):
                target = k
            memo[k] = target
            return target

        clusters: dict[str, list[int]] = defaultdict(list)
        for i, (k, name) in enumerate(zip(keys, surface)):
            clusters[canonical(k, name)].append(i)

        entities: list[Entity] = []
        for n, (folded, members) in enumerate(sorted(clusters.items(), key=lambda kv: spans[kv[1][0]].start)):
            names = [surface[i] for i in members]
            votes: Counter[str] = Counter()
            hits = [p for p in (places.lookup(x) for x in names) if p is not None]
            for i in members:
                s = spans[i]
                weight = _model_weight(s, surface[i])
                if s.probabilities is not None and not s.subtype and s.alias_of is None:
                    for etype in ("Person", "Organization", "Place"):
                        votes[etype] += weight * s.probabilities[etype]
                else:
                    votes[LABELS[s.label][0]] += weight
                place = places.lookup(surface[i]) if surface[i] not in given_names() else None
                if place is not None and place.kind == "country" and len(surface[i].split()) > 1:
                    # a country's full or official name ("Russian Federation", "Republic of Moldova",
                    # "Soviet Union") is the country: the gazetteer weighs as a pattern's label, and
                    # the words around it or its own last word ("Federation", "Union") do not retype it
                    votes["Place"] += LABEL_WEIGHT
                    continue
                for etype, weight in s.cues.items():
                    votes[etype] += weight
                if place is not None:
                    votes["Place"] += place.weight
            fullest = max(names, key=lambda x: (len(x.split()), len(x)))
            if _personal_name(fullest) and not hits:
                # a given name and a surname: the whole entity is a person's, every mention of it
                votes["Person"] += cues().weight * len(members)
            etype = votes.most_common(1)[0][0]
            curated = rules.entry(folded) or next((e for x in names if (e := rules.entry(fold(x)))), None)
            subtypes = Counter(spans[i].subtype for i in members
                               if spans[i].subtype and LABELS[spans[i].label][0] == etype)
            subtype = subtypes.most_common(1)[0][0] if subtypes else None
            if curated is not None:
                name, etype = curated.name, curated.type or etype
            else:
                candidates = [x for x in names if not is_acronym(x)] or names
                name = max(candidates, key=lambda x: (len(x.split()), len(x)))  # the fullest name
            entity = Entity(key=f"e{n}", type=etype, name=name, subtype=subtype,
                            mentions=[Mention(spans[i].start, spans[i].end, surface[i], spans[i].sentence)
                                      for i in members],
                            type_votes={t: round(float(v), 2) for t, v in votes.items()})
            if etype == "Place" and hits:
                _place_facts(entity, max(hits, key=lambda p: (p.kind == "country", p.population)),
                             curated is not None)
            entity.aliases = sorted({x for x in names if fold(x) != fold(entity.name)})
            entities.append(entity)
        return entities

    entities = build(persons)
    # a full name the model labelled otherwise ("Alena Douhan" as ORG) that the votes make a
    # person's takes its surname's mentions too ("Douhan"), as a PERSON-labelled one does
    typed = {k for e in entities if e.type == "Person"
             for k in [name_key(e.name)] if len(k.split()) > 1 and k not in persons}
    return build(persons | typed) if typed else entities


def _personal_name(name: str) -> bool:
    """"Christine Lagarde", "Uli Hoeness": a common given name, then a name with no
    organisation or place word at its end."""
    words = name.split()
    return len(words) >= 2 and words[0] in given_names() and words[1][:1].isupper() \
        and cues().last_word(name) is None and not name.isupper()


def _place_facts(entity: Entity, place, curated: bool) -> None:
    """The gazetteer's name, GeoNames URI, class and country for an entity that is a place."""
    if not curated:
        entity.name = place.name
    entity.subtype = entity.subtype or place.subtype
    entity.same_as = [place.uri] if place.uri else []
    if place.country and place.country != entity.name:
        entity.country = place.country
        entity.country_same_as = place.country_uri


def _sentence_of(sentences: list[Sentence]):
    starts = [s.start for s in sentences]

    def find(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    return find


def propagate(entities: list[Entity], text: str, sentences: list[Sentence], taken: list[tuple[int, int]],
              stop: int, junk: Callable[[str], bool]) -> None:
    """Other occurrences of a name the document gives become mentions of its entity: every
    name and alias of a person, organisation or place, and a person's surname when no other
    person of the document shares it. ``taken``: spans already held by something (mentions,
    dates); ``stop``: where the signature begins; ``junk``: says a name is never an entity."""
    by_text: dict[str, Entity | None] = {}

    def offer(name: str, entity: Entity) -> None:
        name = name.strip()
        if len(name) < 3 and not is_acronym(name) or not name[:1].isupper() or junk(name):
            return
        if name in by_text and by_text[name] is not entity:
            by_text[name] = None  # two entities share it: it names neither for sure
        else:
            by_text[name] = entity

    surnames: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        if e.type not in ("Person", "Organization", "Place"):
            continue
        for m in e.mentions:
            offer(m.text, e)
        if e.type == "Person" and len(e.name.split()) > 1 and e.name.split()[-2].lower() not in parent_words():
            surnames[e.name.split()[-1]].append(e)  # (not the father's name after "bin")
    for last, owners in surnames.items():
        if len(owners) == 1 and last not in by_text:
            offer(last, owners[0])
    names = sorted((n for n, e in by_text.items() if e is not None), key=len, reverse=True)
    if not names:
        return
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    taken_sorted = sorted(taken)
    starts = [a for a, _ in taken_sorted]
    sentence_of = _sentence_of(sentences)
    for m in pattern.finditer(text, 0, stop):
        a, b = m.start(), m.end()
        k = bisect.bisect_right(starts, b) - 1
        # any span starting before b that ends after a overlaps; spans are short, look back a few
        if any(taken_sorted[j][1] > a for j in range(max(k - 8, 0), k + 1) if j >= 0):
            continue
        entity = by_text[m.group(0)]
        if entity is not None:
            entity.mentions.append(Mention(a, b, m.group(0), sentence_of(a)))
    for e in entities:
        e.mentions.sort(key=lambda x: x.start)
