"""Name folding, acronyms and slugs: how two spellings are compared and how URIs are minted."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_APOSTROPHES = re.compile(r"[’'‘`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_STOP = {"of", "the", "for", "and", "on", "in", "to", "&", "de", "du", "la", "al", "e"}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(name: str) -> str:
    """Compare names by this: accents, case, apostrophes, punctuation and 'the' folded away."""
    text = _APOSTROPHES.sub("", strip_accents(name)).lower()
    text = re.sub(r"^the\s+", "", text.strip())
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
