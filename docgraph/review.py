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

from pyoxigraph import NamedNode

from .decisions import (
    CURATED,
    UNNAMED,
    Decision,
    curated_decisions,
    decisions,
    kept_apart,
    merged_into,
    pair_key,
    record,
)
from .entity_graph import Changes
from .errors import DocgraphError
from .lookup import find_entity
from .merges import merge as _merge
from .names import fold, initials, is_acronym
from .queries import with_values
from .rdf import entity_graph, resolution_graph
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
    documents: int = 0  # documents involved: what accepting it changes

    @property
    def key(self) -> str:
        return pair_key(self.a.uri, self.b.uri)


# -- candidates -----------------------------------------------------------------------------------

CONTEXT_DOCUMENTS = 200  # documents read per side for the company an entity keeps


def _entities(store) -> tuple[dict[str, dict], dict[str, set[str]]]:
    gone = merged_into(store)
    ents: dict[str, dict] = {}
    eg = entity_graph(store.base_uri)
    for r in store.query(f"""
        SELECT ?e ?cls ?p ?n WHERE {{ GRAPH {eg} {{ ?e a ?cls ; ?p ?n }}
          VALUES ?cls {{ schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }}
          VALUES ?p {{ schema:name schema:alternateName }} }}""", union=False):
        uri = r["e"].value
        if uri in gone:
            continue
        e = ents.setdefault(uri, {"type": r["cls"].value.rsplit("/", 1)[-1].replace("CreativeWork", "Work"),
                                  "name": None, "names": set(), "docs": set()})
        e["names"].add(r["n"].value)
        if r["p"].value.endswith("/name"):
            e["name"] = r["n"].value
    docs_of: dict[str, set[str]] = defaultdict(set)
    for r in store.query("SELECT ?d ?e WHERE { GRAPH ?d { ?d schema:mentions ?e } }", union=False):
        uri = r["e"].value
        if uri in ents:
            ents[uri]["docs"].add(r["d"].value)
            docs_of[r["d"].value].add(uri)
    for e in ents.values():
        e["name"] = e["name"] or min(e["names"])
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
    for x, y in itertools.product(sorted(a), sorted(b)):  # sorted: ties give the same reason every run
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


def _survivor_last(a: str, b: str, ents: dict) -> tuple[str, str]:
    """(merged away, survivor): the survivor is the complete, best-attested name — a merge never
    turns "Rajnath Singh" into "Singh"."""
    def rank(u: str) -> tuple:
        e = ents[u]
        words = fold(e["name"]).split()
        return (len(words) > 1 and not is_acronym(e["name"]), len(e["docs"]), len(words), u)
    return (a, b) if rank(a) < rank(b) else (b, a)


def candidates(store, *, min_score: float = MIN_SCORE, limit: int | None = None,
               with_evidence: bool = True, involving: set[str] | None = None) -> list[Candidate]:
    """Pairs worth a person's look, ranked by what accepting them changes: the documents
    involved, then the score. Each pair is (merged away, survivor): the survivor is the complete,
    best-attested name. Two entities of one name and different types (consolidation kept them
    apart: each type has evidence of its own) are proposed too. Pairs already decided, and names
    the curated file keeps apart, are left out; so are names that differ in their numbers (a 2014
    report and a 2015 one, "Resolution 2231" and "Resolution 2216"). ``involving``: only pairs
    with at least one of these entities (what an ingest just added)."""
    from . import aliases as alias_rules

    ents, docs_of = _entities(store)
    decided = {frozenset((d.a, d.b)) for d in decisions(store)}
    curated = alias_rules.load()
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for uri, e in ents.items():
        for k in _keys(e["names"]):
            blocks[(e["type"], k)].append(uri)
        blocks[("*", "=" + fold(e["name"]))].append(uri)  # one name, any type
    pairs: set[tuple[str, str]] = set()
    for (kind, _), members in blocks.items():
        if 1 < len(members) <= MAX_BLOCK:
            if kind == "*" and len({ents[m]["type"] for m in members}) < 2:
                continue
            if involving is not None:
                mine = [m for m in members if m in involving]
                pairs.update(tuple(sorted((a, b))) for a in mine for b in members if a != b)
            else:
                pairs.update(tuple(sorted(p)) for p in itertools.combinations(members, 2))
    scored = []
    for a, b in pairs:
        if frozenset((a, b)) in decided:
            continue
        ea, eb = ents[a], ents[b]
        if any(curated.apart(x, y) for x in ea["names"] for y in eb["names"]):
            continue
        na_, nb_ = _numbers(ea["names"]), _numbers(eb["names"])
        if (na_ or nb_) and na_ != nb_:
            continue
        if ea["type"] != eb["type"]:
            if fold(ea["name"]) != fold(eb["name"]):
                continue
            name, why = 1.0, [f"one name, two types: {ea['type']} “{ea['name']}” and {eb['type']} “{eb['name']}”"]
        else:
            name, why = _name_score(ea["names"], eb["names"], ea["type"])
        if name < 0.5 or 0.75 * name + 0.25 < min_score:
            continue
        scored.append((len(ea["docs"] | eb["docs"]), name, a, b, why))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    found: list[Candidate] = []
    for involved, name, a, b, why in scored:
        if limit and len(found) >= limit and involved < found[-1].documents:
            break  # the rest change fewer documents
        ea, eb = ents[a], ents[b]
        # the company each keeps in its own documents (a document holding both says nothing here)
        shared = ea["docs"] & eb["docs"]
        na = {x for d in sorted(ea["docs"] - shared)[:CONTEXT_DOCUMENTS] for x in docs_of[d]} - {a, b}
        nb = {x for d in sorted(eb["docs"] - shared)[:CONTEXT_DOCUMENTS] for x in docs_of[d]} - {a, b}
        context = len(na & nb) / len(na | nb) if na and nb else 0.0
        score = 0.75 * name + 0.25 * min(1.0, 2 * context)
        reasons = list(why)
        if context:
            reasons.append(f"{len(na & nb)} entities appear with both (context {context:.2f})")
        if shared:
            # reading that document, resolution kept the two names apart: a weaker case
            score -= 0.1
            reasons.append(f"kept apart within {len(shared)} shared document(s)")
        if score < min_score:
            continue
        old, new = _survivor_last(a, b, ents)
        kind = ents[new]["type"] if ea["type"] == eb["type"] else f"{ents[old]['type']}→{ents[new]['type']}"
        found.append(Candidate(_side(old, ents[old]), _side(new, ents[new]), kind, round(score, 3), reasons,
                               involved))
    found.sort(key=lambda c: (-c.documents, -c.score, c.a.name, c.b.name))
    found = found[:limit] if limit else found
    if with_evidence:
        for c in found:
            for side in (c.a, c.b):
                _evidence(store, side)
    return found


def _side(uri: str, e: dict) -> Side:
    return Side(uri, e["name"], sorted(e["names"] - {e["name"]}, key=lambda n: (-len(n), n)), len(e["docs"]))


def _evidence(store, side: Side) -> None:
    for r in store.query(with_values("""
        SELECT ?d ?text WHERE { GRAPH ?d { ?m itsrdf:taIdentRef ?e ; nif:sentence/nif:anchorOf ?text } } LIMIT 1""",
            e=NamedNode(side.uri))):
        side.sentence, side.document = r["text"].value, r["d"].value


# -- acting on a decision -------------------------------------------------------------------------

def merge(store, a: str, b: str, score: float | None = None, by: str = UNNAMED) -> Decision:
    """``a`` is merged into ``b``: b's URI stands for both from now on. One transaction: the
    rewrite, ``a owl:sameAs b`` and the decision."""
    if a == b:
        raise DocgraphError("an entity cannot be merged with itself")
    store.flush()
    decision = _merge(store, a, b, score, by=by)
    store.flush()
    return decision


def keep_apart(store, a: str, b: str, score: float | None = None, extractor=None,
               by: str = UNNAMED) -> tuple[Decision, list[str]]:
    """Record that ``a`` and ``b`` are different; undo a merge between them by extracting the
    documents involved again from their stored text. Returns the decision and the re-extracted
    document URIs."""
    gone = merged_into(store)
    redone: list[str] = []
    decision, changes = record(store, a, b, "keep-apart", score, by)
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
    return SourceDocument(text=one(NIF.isString) or "", source=one(DG.sourcePath) or uri, key=one(DG.sourceKey),
                          title=one(SCHEMA.name),
                          date=one(SCHEMA.datePublished), url=one(SCHEMA.url), publisher=one(SCHEMA.publisher),
                          media_type=one(SCHEMA.encodingFormat) or "text/plain",
                          metadata=json.loads(metadata) if metadata else {})
