"""Name folding, acronyms and slugs: how two spellings are compared and how URIs are minted."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .resources import resource

_APOSTROPHES = re.compile(r"[’'‘`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_THE = re.compile(r"^the\s+")
_STOP = {"of", "the", "for", "and", "on", "in", "to", "&", "de", "du", "la", "al", "e"}


def strip_accents(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is, and no ASCII character is combining
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Compare names by this: accents, case, apostrophes, punctuation and 'the' folded away."""
    text = _APOSTROPHES.sub("", strip_accents(name)).lower()
    text = _THE.sub("", text.strip())
    return " ".join(_NON_WORD.sub(" ", text).split())


def slugify(name: str, max_length: int = 80) -> str:
    """A readable URI segment: 'António Guterres' -> 'antonio-guterres'.

    A name with no Latin letters or digits gets a short hash so it still has a stable slug.
    """
    slug = fold(name).replace(" ", "-")[:max_length].strip("-")
    if not slug:
        slug = "n-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return slug


def is_acronym(name: str) -> bool:
    """'PMOI', 'U.N.', 'NCRI': two to eight capitals, dots allowed."""
    bare = name.replace(".", "").strip()
    return 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper()


def initials(name: str) -> str:
    """'National Council of Resistance of Iran' -> 'NCRI' (function words skipped)."""
    words = re.findall(r"[^\W\d_]+", strip_accents(name))
    return "".join(w[0].upper() for w in words if w.lower() not in _STOP)


# -- titles, spellings and name variants (data in ingest/) ------------------------------------

class Titles:
    """Honorifics and titles that are never part of a name (``ingest/name_titles.txt``)."""

    def __init__(self, lines: list[str], person_words: frozenset[str] = frozenset(),
                 given: frozenset[str] = frozenset()) -> None:
        self.strong: set[tuple[str, ...]] = set()  # stripped from any name
        self.weak: set[tuple[str, ...]] = set()  # stripped only from a name the model calls a person
        self.before_person: set[tuple[str, ...]] = set()  # stripped from any name a person's follows
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = tuple(line.rstrip("?!").lower().split())
            kind = {"?": self.weak, "!": self.before_person}.get(line[-1], self.strong)
            kind.add(words)
        self.longest = max((len(w) for w in self.strong | self.weak | self.before_person), default=1)
        self.person_words = person_words  # "imam", "president": a person's title (person_titles.txt)
        self.given = given  # given names, as written

    def title_at(self, words: list[str], i: int, person: bool) -> int:
        """How many of ``words`` from ``i`` on make a title (0: none)."""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            cand = tuple(w.lower().rstrip(".") for w in words[i : i + n])
            if cand in self.strong or (person and cand in self.weak):
                return n
            if cand in self.before_person and (person or self._person_at(words, i + n)):
                return n  # "Late Imam Khomeini" the model called a body: "late" is no part of it
        return 0

    def _person_at(self, words: list[str], i: int) -> bool:
        """A person's title or a given name begins ``words[i:]``."""
        return i < len(words) and (words[i].lower().rstrip(".") in self.person_words
                                   or words[i] in self.given or self.title_at(words, i, True) > 0)

    def strip(self, name: str, person: bool) -> tuple[int, bool]:
        """Characters to cut from the front of ``name`` so no title is left, and whether any was
        ("Ayatollah Seyed Ebrahim Raisi" -> cut 16, True). A title alone is left as it is."""
        words = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", name)]
        i = 0
        while i < len(words) - 1:
            n = self.title_at([w for _, w in words], i, person)
            if n == 0 or i + n >= len(words):
                break
            i += n
        return (words[i][0], True) if i else (0, False)


@lru_cache(maxsize=1)
def titles() -> Titles:
    person = resource("ingest", "person_titles.txt").read_text(encoding="utf-8").splitlines()
    return Titles(resource("ingest", "name_titles.txt").read_text(encoding="utf-8").splitlines(),
                  frozenset(w.strip().lower() for w in person if w.strip() and not w.startswith("#")),
                  given_names())


@lru_cache(maxsize=1)
def spellings() -> dict[str, str]:
    """Folded word -> the spelling it is compared as (``ingest/transliteration.tsv``)."""
    table: dict[str, str] = {}
    for line in resource("ingest", "transliteration.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            table[fold(left)] = fold(right)
    return table


_ARTICLES = frozenset({"al", "el"})  # the Arabic article inside a name: "Bashar al-Assad" is "Bashar Assad"
# ... and before one, when it is plainly the article: "al-Muhandis", "Al-Assad", "al Qaeda" (not "Al Gore")
_LEADING_ARTICLE = re.compile(r"^(?:[Aa]l|[Ee]l)[-‐‑]|^(?:al|el) (?=\S+$)")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """What two spellings of one name share: folded, hyphens as spaces, possessive dropped,
    the Arabic article dropped inside the name ("Mansour al-Hadi", "Ruhollah Al-Khomeini") and
    before it when hyphenated or lower-case ("al-Muhandis", "Al-Assad"; not "Al Gore"), each word through the transliteration table ("Mohammed Javad Zarif’s"
    -> "mohammad javad zarif")."""
    text = re.sub(r"[’']s$", "", name.strip())
    text = _LEADING_ARTICLE.sub("", text)
    table = spellings()
    folded = fold(text)
    for left, right in table.items():
        if " " in left and left in folded:
            folded = folded.replace(left, right)
    words = folded.split()
    words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w in _ARTICLES)]
    return " ".join(table.get(w, w) for w in words)


def is_variant(short: str, full: str) -> bool:
    """``short`` names the person ``full`` names: its words are the last words of ``full``
    ("Zarif", "Javad Zarif" of "Mohammad Javad Zarif"), or its first and last ("Mohammad Zarif").
    Both are ``name_key`` forms."""
    s, f = short.split(), full.split()
    if not s or len(s) >= len(f):
        return False
    if f[-len(s):] == s and f[-len(s) - 1] in parent_words():
        return False  # "Salman" of "Mohammed bin Salman" is his father's name: King Salman
    return f[-len(s):] == s or (len(s) == 2 and s[0] == f[0] and s[1] == f[-1])


@lru_cache(maxsize=1)
def patronymic() -> frozenset[str]:
    """Words that tie a name to a parent or clan ("bin", "ibn", "abu"; ``ingest/resolution.yaml``)."""
    return _resolution_words("patronymic")


@lru_cache(maxsize=1)
def parent_words() -> frozenset[str]:
    """Patronymic words after which the name is a parent's ("bin", "ibn"): "Salman" of
    "Mohammed bin Salman" is no short form of his name (``ingest/resolution.yaml``)."""
    return _resolution_words("parent_words")


def _resolution_words(key: str) -> frozenset[str]:
    import yaml

    data = yaml.safe_load(resource("ingest", "resolution.yaml").read_text(encoding="utf-8")) or {}
    return frozenset(str(w).lower() for w in data.get(key) or [])


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (``ingest/given_names.txt``), as written."""
    text = resource("ingest", "given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
