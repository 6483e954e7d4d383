"""Reprints: near-duplicate documents (the same statement in several outlets, or twice in one),
found with MinHash over word 5-shingles (datasketch) and linked to the document stored first.

A document whose shingles resemble an earlier one's at an estimated Jaccard similarity of at least
``THRESHOLD`` gets ``dg:reprintOf`` that document (always the original, never another reprint), so
"documents without ``dg:reprintOf``" counts each text once. Each document graph keeps its
signature (``dg:minhash``), so later ingests compare against everything stored.
"""

from __future__ import annotations

import base64
import re
import weakref
from typing import Any

import numpy as np

THRESHOLD = 0.8  # the usual near-duplicate bar: boilerplate shared by different articles stays below
NUM_PERM = 128
SHINGLE = 5  # words
SCHEME = "affine32"  # datasketch 2's 32-bit hashing: the values fit the stored 32-bit form
_WORD = re.compile(r"\w+")


def signature(text: str):
    """The MinHash of ``text``'s lower-cased word 5-shingles."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def encode(m) -> str:
    return base64.b64encode(np.asarray(m.hashvalues, dtype="<u4").tobytes()).decode("ascii")


def decode(value: str):
    from datasketch import MinHash

    values = np.frombuffer(base64.b64decode(value), dtype="<u4")
    if len(values) != NUM_PERM:
        raise ValueError("not a docgraph MinHash signature")
    return MinHash(num_perm=NUM_PERM, hashvalues=values.astype(np.uint32), scheme=SCHEME)


_INDEXES: weakref.WeakKeyDictionary[Any, ReprintIndex] = weakref.WeakKeyDictionary()


class ReprintIndex:
    """Signatures of the documents in a store, in an LSH index; kept up to date as documents are
    written through ``match``. One per store object (``for_store``)."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, Any] = {}
        self.original: dict[str, str] = {}  # reprint URI -> original URI

    @classmethod
    def for_store(cls, store) -> ReprintIndex:
        index = _INDEXES.get(store)
        if index is None:
            index = _INDEXES[store] = cls()
            index._load(store)
        return index

    def _load(self, store) -> None:
        for row in store.query("""SELECT ?doc ?sig ?orig WHERE { GRAPH ?doc { ?doc dg:minhash ?sig
                                  OPTIONAL { ?doc dg:reprintOf ?orig } } }"""):
            uri = row["doc"].value
            try:
                self._add(uri, decode(row["sig"].value))
            except ValueError:
                continue
            if row["orig"] is not None:
                self.original[uri] = row["orig"].value

    def _add(self, uri: str, m) -> None:
        if uri in self.signatures:
            self.lsh.remove(uri)
        self.signatures[uri] = m
        self.lsh.insert(uri, m)

    def match(self, uri: str, text: str, store, ignore: list[str] | None = None) -> tuple[str, str | None]:
        """(encoded signature, URI of the original this text reprints or None), and remembers it."""
        m = signature(text)
        skip = {uri, *(ignore or [])}
        best, best_score = None, 0.0
        for other in self.lsh.query(m):
            if other in skip or not store.has_graph(other):
                continue  # itself, the version it replaces, or a document removed since
            score = m.jaccard(self.signatures[other])
            if score >= THRESHOLD and (score > best_score or score == best_score and other < (best or "~")):
                best, best_score = other, score
        original = self.original.get(best, best) if best else None
        if original and original != best and not store.has_graph(original):
            original = best  # the original was removed: the copy it was matched with stands in
        for old in ignore or []:
            if old in self.signatures:
                self.lsh.remove(old)
                del self.signatures[old]
        self._add(uri, m)
        if original:
            self.original[uri] = original
        return encode(m), original


def fold_works(ex, original_uri: str) -> list[tuple[str, str]]:
    """A work known only by description is named after the document that describes it ("Letter by
    seven UN experts (6adb385c)"): in a reprint it is the original's work. Renames those works of
    ``ex`` to the original's and returns (reprint's own URI, original's URI) pairs for owl:sameAs."""
    own = ex.document.content_hash[:8]
    theirs = original_uri.rsplit("/", 1)[-1][:8]
    pairs = []
    for e in ex.entities:
        if e.type == "Work" and e.uri and e.uri.endswith(f"-{own}") and e.name.endswith(f"({own})"):
            old = e.uri
            e.uri = e.uri[: -len(own)] + theirs
            e.name = e.name[: -len(own) - 1] + theirs + ")"
            pairs.append((old, e.uri))
    return pairs


def count(store) -> int:
    """How many stored documents are reprints of another."""
    rows = list(store.query("SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { GRAPH ?doc { ?doc dg:reprintOf ?o } }"))
    return int(rows[0]["n"].value) if rows else 0
