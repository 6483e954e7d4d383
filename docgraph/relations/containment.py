"""Document-level containment: where the document as a whole puts a place or an organisation,
when no one sentence says it (DWIE's "Seoul" in South Korea, "DW" in Germany).

- a city or region the gazetteer knows (``Entity.country``, filled by the entity layer from
  GeoNames) is in its country, when the document names that country (basis ``gazetteer``);
- an organisation whose name or modifier holds a country's name or demonym ("the German Foreign
  Office", "Deutsche Bank", "Nigerian army") is in that country (basis ``nationality``);
- "Kyiv, the Ukrainian capital", "Ukraine's capital Kyiv": the capital is in the country
  (basis ``capital``);
- an organisation in a city that is in a country is in the country (basis ``transitive``).

These links are ``scope="document"``: the RDF marks them ``dg:DocumentScope`` so a query can ask
for sentence-level links only. The country words are in ``ingest/relations/countries.yaml``.
"""

from __future__ import annotations

from .view import DocView, link
from .words import country_words


def _country_entities(d: DocView) -> dict[str, str]:
    """Country -> the key of the place the document names it by (the most mentioned one)."""
    words = country_words()
    best: dict[str, tuple[int, str]] = {}
    for e in d.ex.entities:
        if e.type != "Place":
            continue
        for name in (e.name, *e.aliases):
            country = words.get(name) or words.get(name.removeprefix("the ").strip())
            if country:
                n = len(e.mentions)
                if country not in best or n > best[country][0]:
                    best[country] = (n, e.key)
                break
    return {c: k for c, (_, k) in best.items()}


def _country_in(words: dict[str, str], text: str) -> str | None:
    """The one country a phrase names by a word of it ("German Institute for …"), else None."""
    tokens = text.replace("-", " - ").replace("’s", " ").replace("'s", " ").split()
    found = set()
    for n in (4, 3, 2, 1):
        for i in range(len(tokens) - n + 1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in words and not (i + n < len(tokens) and tokens[i + n] == "-"):  # "Saudi-led"
                found.add(words[phrase])
    return found.pop() if len(found) == 1 else None


def containment(d: DocView) -> None:
    countries = _country_entities(d)
    if not countries:
        return
    words = country_words()
    doc = d.doc
    toks = d.tokens
    first: dict[str, int] = {}
    for a, _, key in d.mention_spans:
        first.setdefault(key, a)
    # what the sentences already say: sentence-level location links
    located: dict[str, set[str]] = {}
    for r in d.ex.relations:
        if r.predicate in ("location", "locatedIn") and r.obj:
            located.setdefault(r.subject, set()).add(r.obj)
    place_country: dict[str, str] = {}
    for e in d.ex.entities:
        if e.key not in first or e.key in countries.values():
            continue
        tok = doc[first[e.key]]
        if e.type == "Place":
            country = words.get(e.country or "") or e.country
            basis = "gazetteer"
            if country is None:
                country, basis = _capital_of(d, e.key, words), "capital"
            if country in countries and countries[country] != e.key:
                place_country[e.key] = countries[country]
                if countries[country] not in located.get(e.key, set()):
                    link(d, e.key, "locatedIn", countries[country], tok, basis=basis, scope="document")
        elif e.type == "Organization" and e.key not in d.title_words:
            country = _country_in(words, e.name)
            if country is None:  # "the German Foreign Office": the word before a mention
                for a, _, key in d.mention_spans:
                    if key == e.key and a > 0 and toks[a - 1].text in words and toks[a - 1].dep_ in ("amod", "compound"):
                        country = words[toks[a - 1].text]
                        break
            if country in countries and countries[country] not in located.get(e.key, set()):
                link(d, e.key, "location", countries[country], tok, basis="nationality", scope="document")
                located.setdefault(e.key, set()).add(countries[country])
    # an organisation in a city in a country is in the country
    for r in list(d.ex.relations):
        if r.predicate == "location" and r.obj in place_country and d.type_of.get(r.subject) == "Organization":
            country = place_country[r.obj]
            if country not in located.get(r.subject, set()) and r.subject in first:
                link(d, r.subject, "location", country, doc[first[r.subject]], basis="transitive", scope="document")
                located.setdefault(r.subject, set()).add(country)


def _capital_of(d: DocView, key: str, words: dict[str, str]) -> str | None:
    """"Kyiv, the Ukrainian capital", "Ukraine's capital, Kyiv", "the German capital Berlin"."""
    doc = d.doc
    for a, b, k in d.mention_spans:
        if k != key:
            continue
        root = doc[a:b].root
        cands = [root.head] if root.dep_ in ("appos", "compound") else []
        cands += [c for c in root.children if c.dep_ == "appos"]
        for c in cands:
            if c.lower_ != "capital":
                continue
            for m in c.children:
                if m.dep_ in ("amod", "poss", "compound") and m.text in words:
                    return words[m.text]
                if m.dep_ == "poss" and d.ent(m, ("Place",)):
                    return words.get(d.ex.entity(d.ent_of[m.i]).name)
    return None

