"""Entity resolution a person can review: merge candidates with scores and evidence, and
decisions (merge, keep apart) that are stored as RDF and applied again on every later ingest.

Automatic resolution (``resolve.py``) links weak names to the one strong entity they stand for.
What is left — two spellings of a name, a name and its acronym across documents, a surname
shared by two people — is proposed here, best first, for a person to decide:

- ``candidates(store)``: pairs of entities of one type, scored from name and alias similarity
  (rapidfuzz), acronym expansion and the company they keep (the entities their documents
  mention), with the names, documents and a sentence for each side;
- ``merge(store, a, b)``: ``a`` becomes ``b`` in every document graph (mentions, roles, figures,
  quotations keep their document and evidence), ``a owl:sameAs b`` goes into the resolution graph,
  ``a``'s names become ``b``'s aliases, and the decision is recorded;
- ``keep_apart(store, a, b)``: the pair is never proposed or merged again; if it had been merged,
  the documents involved are extracted again from their stored text, so both come back as they
  were.

Decisions live in the graph ``{base}/graph/decisions``: one ``dg:ResolutionDecision`` per pair
with ``dg:entityA``, ``dg:entityB``, ``dg:verdict`` ("merge" / "keep-apart"), ``dg:score``,
``prov:wasAttributedTo`` (who) and ``prov:generatedAtTime`` (when). The curated aliases file is
the same mechanism in a file: its ``merge`` entries are merges decided by hand before any ingest,
its ``keep_apart`` pairs are keep-apart decisions; both are honoured by ``candidates`` and by
resolution.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from .decisions import CURATED, Decision, curated_decisions, decisions, kept_apart, merged_into, pair_key, record
from .entity_graph import Changes
from .errors import DocgraphError
from .names import fold, initials, is_acronym
from .queries import with_values
from .rdf import entity_graph, resolution_graph
from .resolve import merge as _merge
from .vocab import DG, OWL

__all__ = ["CURATED", "Candidate", "Decision", "Side", "candidates", "curated_decisions", "decisions", "find_entity",
           "keep_apart", "kept_apart", "merge", "pair_key"]

STOP = {"the", "of", "and", "for", "in", "on", "al", "el", "de", "bin", "ibn", "mr", "mrs", "dr", "ms"}
MAX_BLOCK = 60  # a name word shared by more entities than this says nothing (e.g. "iran")
MIN_SCORE = 0.6


@dataclass
class Side:
    uri: str
    name: str
    aliases: list[str]
    documents: int
    sentence: str | None = None
    document: str | None = None


@dataclass
class Candidate:
    a: Side
    b: Side
    type: str
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return pair_key(self.a.uri, self.b.uri)


# -- finding an entity by what a user types -------------------------------------------------------

def find_entity(store, ref: str) -> str:
    """A URI, or a name or alias that names exactly one entity."""
    if ref.startswith(("http://", "https://")):
        if not any(True for _ in store.raw.quads_for_pattern(NamedNode(ref), None, None, None)):
            raise DocgraphError(f"no entity {ref} in the store")
        return ref
    found = sorted({r["e"].value for r in store.query(with_values(f"""
        SELECT DISTINCT ?e WHERE {{ GRAPH {entity_graph(store.base_uri)} {{ ?e schema:name|schema:alternateName ?n }}
          FILTER(LCASE(STR(?n)) = LCASE(?wanted)) }}""", wanted=Literal(ref)), union=False)})
    if not found:
        raise DocgraphError(f"no entity named {ref!r}: give its URI (docgraph query entity -p entity=… shows them)")
    if len(found) > 1:
        raise DocgraphError(f"{ref!r} names {len(found)} entities, give one URI: {', '.join(found)}")
    return found[0]


# -- candidates -----------------------------------------------------------------------------------

def _entities(store) -> tuple[dict[str, dict], dict[str, set[str]]]:
    gone = merged_into(store)
    ents: dict[str, dict] = {}
    for r in store.query(f"""
        SELECT ?e ?cls ?n WHERE {{ GRAPH {entity_graph(store.base_uri)} {{ ?e a ?cls ; schema:name|schema:alternateName ?n }}
          VALUES ?cls {{ schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }} }}""",
            union=False):
        uri = r["e"].value
        if uri in gone:
            continue
        e = ents.setdefault(uri, {"type": r["cls"].value.rsplit("/", 1)[-1], "names": set(), "docs": set()})
        e["names"].add(r["n"].value)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for r in store.query("SELECT ?d ?e WHERE { GRAPH ?d { ?d schema:mentions ?e } }"):
        uri = r["e"].value
        if uri in ents:
            ents[uri]["docs"].add(r["d"].value)
            docs_of[r["d"].value].add(uri)
    return ents, docs_of


def _keys(names: set[str]) -> set[str]:
    keys = set()
    for n in names:
        f = fold(n)
        keys.update(w for w in f.split() if len(w) > 2 and w not in STOP)
        if is_acronym(n):
            keys.add("#" + n.replace(".", "").upper())
        elif len(f.split()) > 1:
            keys.add("#" + initials(n))
    return keys


def _name_score(a: set[str], b: set[str], etype: str) -> tuple[float, list[str]]:
    from rapidfuzz import fuzz

    best, why = 0.0, []
    for x, y in itertools.product(a, b):
        fx, fy = fold(x), fold(y)
        if not fx or not fy:
            continue
        s = fuzz.token_sort_ratio(fx, fy) / 100
        reason = f"“{x}” ~ “{y}” ({s:.2f})"
        if is_acronym(x) != is_acronym(y):
            short, long_ = (x, y) if is_acronym(x) else (y, x)
            if len(fold(long_).split()) > 1 and short.replace(".", "").upper() == initials(long_):
                s, reason = 0.9, f"“{short}” is the initials of “{long_}”"
        tx, ty = set(fx.split()), set(fy.split())
        if etype == "Person" and min(len(tx), len(ty)) >= 1 and (tx < ty or ty < tx):
            short, long_ = (x, y) if len(tx) < len(ty) else (y, x)
            if fold(short).split()[-1] == fold(long_).split()[-1]:
                s2 = 0.8
                if s2 > s:
                    s, reason = s2, f"“{short}” is part of “{long_}”"
        if s > best:
            best, why = s, [reason]
    return best, why


_NUMBER = re.compile(r"\d+")


def _numbers(names: set[str]) -> set[str]:
    return {n for name in names for n in _NUMBER.findall(name)}


def candidates(store, *, min_score: float = MIN_SCORE, limit: int | None = None,
               with_evidence: bool = True, involving: set[str] | None = None) -> list[Candidate]:
    """Pairs worth a person's look, best first. Pairs already decided, and names the curated
    file keeps apart, are left out; so are names that differ in their numbers (a 2014 report
    and a 2015 one, "Resolution 2231" and "Resolution 2216"). ``involving``: only pairs with at
    least one of these entities (what an ingest just added)."""
    from . import aliases as alias_rules

    ents, docs_of = _entities(store)
    decided = {frozenset((d.a, d.b)) for d in decisions(store)}
    curated = alias_rules.load()
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for uri, e in ents.items():
        for k in _keys(e["names"]):
            blocks[(e["type"], k)].append(uri)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            if involving is not None:
                mine = [m for m in members if m in involving]
                pairs.update(tuple(sorted((a, b))) for a in mine for b in members if a != b)
            else:
                pairs.update(tuple(sorted(p)) for p in itertools.combinations(members, 2))
    found: list[Candidate] = []
    for a, b in pairs:
        if frozenset((a, b)) in decided:
            continue
        ea, eb = ents[a], ents[b]
        if any(curated.apart(x, y) for x in ea["names"] for y in eb["names"]):
            continue
        na_, nb_ = _numbers(ea["names"]), _numbers(eb["names"])
        if (na_ or nb_) and na_ != nb_:
            continue
        name, why = _name_score(ea["names"], eb["names"], ea["type"])
        if name < 0.5:
            continue
        # the company each keeps in its own documents (a document holding both says nothing here)
        shared = ea["docs"] & eb["docs"]
        na = {x for d in ea["docs"] - shared for x in docs_of[d]} - {a, b}
        nb = {x for d in eb["docs"] - shared for x in docs_of[d]} - {a, b}
        context = len(na & nb) / len(na | nb) if na and nb else 0.0
        score = 0.75 * name + 0.25 * min(1.0, 2 * context)
        reasons = list(why)
        if context:
            reasons.append(f"{len(na & nb)} entities appear with both (context {context:.2f})")
        if shared:
            # reading that document, resolution kept the two names apart: a weaker case
            score -= 0.1
            reasons.append(f"kept apart within {len(shared)} shared document(s)")
        if score >= min_score:
            found.append(Candidate(_side(a, ea), _side(b, eb), ea["type"], round(score, 3), reasons))
    found.sort(key=lambda c: (-c.score, c.a.name, c.b.name))
    if limit:
        found = found[:limit]
    if with_evidence:
        for c in found:
            for side in (c.a, c.b):
                _evidence(store, side)
    return found


def _side(uri: str, e: dict) -> Side:
    names = sorted(e["names"], key=lambda n: (-len(n), n))
    return Side(uri, names[0], names[1:], len(e["docs"]))


def _evidence(store, side: Side) -> None:
    for r in store.query(with_values("""
        SELECT ?d ?text WHERE { GRAPH ?d { ?m itsrdf:taIdentRef ?e ; nif:sentence/nif:anchorOf ?text } } LIMIT 1""",
            e=NamedNode(side.uri))):
        side.sentence, side.document = r["text"].value, r["d"].value


# -- acting on a decision -------------------------------------------------------------------------

def merge(store, a: str, b: str, score: float | None = None) -> Decision:
    """``a`` is merged into ``b``: b's URI stands for both from now on. One transaction: the
    rewrite, ``a owl:sameAs b`` and the decision."""
    if a == b:
        raise DocgraphError("an entity cannot be merged with itself")
    store.flush()
    decision = _merge(store, a, b, score)
    store.flush()
    return decision


def keep_apart(store, a: str, b: str, score: float | None = None, extractor=None) -> tuple[Decision, list[str]]:
    """Record that ``a`` and ``b`` are different; undo a merge between them by extracting the
    documents involved again from their stored text. Returns the decision and the re-extracted
    document URIs."""
    gone = merged_into(store)
    redone: list[str] = []
    decision, changes = record(store, a, b, "keep-apart", score)
    store.apply(changes)
    # the documents first, the merge's owl:sameAs last: killed in between, the same split again
    # finds the merge still there and finishes
    res = resolution_graph(store.base_uri)
    for old, new in ((a, b), (b, a)):
        if gone.get(old) == new:
            redone += _reextract(store, new, extractor)
            store.apply(Changes(remove=list(store.raw.quads_for_pattern(NamedNode(old), OWL.sameAs, None, res))))
    store.flush()
    return decision, redone


def _reextract(store, uri: str, extractor=None) -> list[str]:
    """Extract again every document that mentions ``uri``, from the text the store holds."""
    from .extract import Extractor
    from .ingestion import write_extraction

    docs = sorted({r["d"].value for r in store.query(with_values(
        "SELECT DISTINCT ?d WHERE { GRAPH ?d { ?d schema:mentions ?e } }", e=NamedNode(uri)))})
    if not docs:
        return []
    extractor = extractor or Extractor()
    for doc in docs:
        source = stored_document(store, doc)
        ex = extractor.extract(source)
        write_extraction(store, ex, [])
    return docs


def stored_document(store, uri: str):
    """The ``SourceDocument`` a document graph was made from, rebuilt from what it stores."""
    import json

    from .model import SourceDocument
    from .vocab import NIF, SCHEMA

    node = NamedNode(uri)

    def one(p):
        q = next(iter(store.raw.quads_for_pattern(node, p, None, node)), None)
        return q.object.value if q else None

    metadata = one(DG.metadata)
    return SourceDocument(text=one(NIF.isString) or "", source=one(DG.sourcePath) or uri, title=one(SCHEMA.name),
                          date=one(SCHEMA.datePublished), url=one(SCHEMA.url), publisher=one(SCHEMA.publisher),
                          media_type=one(SCHEMA.encodingFormat) or "text/plain",
                          metadata=json.loads(metadata) if metadata else {})
