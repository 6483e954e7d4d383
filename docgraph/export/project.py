"""RDF → networkx, for Gephi: entities are nodes, the extracted links are edges (one per pair and
relation, weighted by the documents that state it, with those documents and one sentence that
says it), roles fold into their affiliation edge; co-mentions and documents on request.

The store is read in bulk: one flat SELECT per kind of thing (the entities' names, aliases and
dates in the entity graph; every ``schema:mentions``; every reified statement; every role), with
no grouping in SPARQL, and the counting is done here in dictionaries; the example sentences are
asked for 500 edges at a time. Co-mentions are counted as a sparse product (documents ×
entities) with scipy. bench/bench_export.py measures it against the grouped queries it replaced.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from pyoxigraph import NamedNode

from ..errors import QueryError
from ..model import ENTITY_TYPES
from ..rdf import entity_graph
from ..vocab import RELATION_PROPERTY, SCHEMA
from .timeline import spells

TYPE_OF_SEGMENT = {segment: name for name, segment in ENTITY_TYPES.items()}
# property IRI -> relation label, for the links between entities
RELATIONS = {prop.value: name for name, prop in RELATION_PROPERTY.items()
             if name not in ("date", "endDate", "datePublished")}
MAX_DOCUMENT_IDS = 20  # an edge lists this many of its documents (the earliest first); `documents` counts all
MIN_CO_MENTIONS = 3  # a co-mention edge wants this many shared documents unless told otherwise


@dataclass
class Options:
    types: set[str] | None = None  # keep only these node types
    min_weight: int = 1  # drop edges supported by fewer documents
    co_mentions: bool = False
    min_co_mentions: int = MIN_CO_MENTIONS  # co-mention edges: at least this many shared documents
    documents: bool = False
    metrics: bool = False
    only: set[str] | None = None  # keep only these entity URIs (from --query)
    drop_isolated: bool = False  # leave out nodes without an edge


@dataclass
class _Edge:
    documents: set[str] = field(default_factory=set)
    statements: list[tuple[str, str]] = field(default_factory=list)  # (statement, document)


def _type_of(uri: str, base: str) -> str | None:
    """Person, Organization, … from the URI's segment (``{base}/id/person/…``); None for others."""
    prefix = base + "/id/"
    if not uri.startswith(prefix):
        return None
    return TYPE_OF_SEGMENT.get(uri[len(prefix):].split("/", 1)[0])


def _rows(store, sparql: str):
    """The rows of a SELECT over the named graphs, as tuples of plain values (None: unbound)."""
    for r in store.query(sparql, union=False):
        yield tuple(None if t is None else t.value for t in r)


def graph(store, options: Options | None = None) -> nx.MultiDiGraph:
    """The property graph of ``store`` under ``options`` (see the module docstring)."""
    options = options or Options()
    base = store.base_uri

    # entities: the entity graph holds each one once (name, aliases, own dates)
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    own: dict[str, list[str]] = defaultdict(list)
    name, alternate = SCHEMA.name.value, SCHEMA.alternateName.value
    for e, p, o in _rows(store, f"""SELECT ?e ?p ?o WHERE {{
            VALUES ?p {{ schema:name schema:alternateName schema:startDate schema:endDate schema:datePublished }}
            GRAPH {entity_graph(base)} {{ ?e ?p ?o FILTER(isLiteral(?o)) }} }}"""):
        if p == name:
            names[e] = o
        elif p == alternate:
            aliases[e].append(o)
        else:
            own[e].append(o)
    nodes: dict[str, dict] = {}
    for uri, label in names.items():
        etype = _type_of(uri, base)
        if etype is None or (options.types and etype not in options.types):
            continue
        if options.only is not None and uri not in options.only:
            continue
        nodes[uri] = {"label": label, "type": etype, "uri": uri,
                      "aliases": " | ".join(sorted(set(aliases.get(uri, ())) - {label}))}
    for uri in own:  # dates of events and works only
        if _type_of(uri, base) not in ("Event", "Work"):
            own[uri] = []

    # documents: which entities each mentions, and when it was published; a reprint of another
    # document (dg:reprintOf) counts as that one, so the same text is one document however often printed
    original = dict(_rows(store, "SELECT ?doc ?original WHERE { GRAPH ?doc { ?doc dg:reprintOf ?original } }"))
    mentioned: dict[str, set[str]] = defaultdict(set)  # entity -> documents
    for doc, e in _rows(store, "SELECT ?doc ?e WHERE { GRAPH ?doc { ?doc schema:mentions ?e } }"):
        mentioned[e].add(original.get(doc, doc))
    published = dict(_rows(store, "SELECT ?doc ?date WHERE { GRAPH ?doc { ?doc schema:datePublished ?date } }"))
    # a country in the graph only as the country of a place the documents name (Austria, for a
    # document on Vienna) counts the documents that name its places
    placed: dict[str, set[str]] = defaultdict(set)
    for doc, country in _rows(store, "SELECT ?doc ?c WHERE { GRAPH ?doc { ?place dg:countryInDocument ?c } }"):
        placed[country].add(original.get(doc, doc))

    def first(docs) -> list[str]:
        """Documents, the earliest published first (undated last), then by URI."""
        return sorted(docs, key=lambda d: (d not in published, published.get(d, ""), d))

    # links: every reified statement between two entities
    links: dict[tuple[str, str, str], _Edge] = defaultdict(_Edge)
    for st, doc, s, p, o in _rows(store, """SELECT ?st ?doc ?s ?p ?o WHERE { GRAPH ?doc {
            ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o FILTER(isIRI(?o)) } }"""):
        if p not in RELATIONS or s not in nodes or o not in nodes:
            continue
        edge = links[(s, o, RELATIONS[p])]
        edge.documents.add(original.get(doc, doc))
        edge.statements.append((st, doc))

    # roles: titles on the affiliation edge, dated roles for the timeline
    titles: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    seen: dict[str, list[str]] = defaultdict(list)
    for holder, org, title, date in _rows(store, """SELECT ?holder ?org ?title ?date WHERE { GRAPH ?doc {
            ?role dg:roleHolder ?holder OPTIONAL { ?role dg:roleOrganization ?org }
            OPTIONAL { ?role schema:roleName ?title } OPTIONAL { ?role dg:asOf ?date } } }"""):
        if org is not None and title is not None:
            titles[(holder, org)][title.casefold()].add(title)
        if date is not None and holder in nodes:
            seen[holder].append(date)

    # a node is seen when a document mentioning it was published, at its own dates (events,
    # works), at the dates of what it is linked to, and when a role it holds is dated
    for uri in nodes:
        seen[uri] += [published[d] for d in mentioned.get(uri, ()) if d in published] + own.get(uri, [])

    edges: dict[tuple[str, str, str], dict] = {}
    for (s, o, rel), link in links.items():
        if len(link.documents) < options.min_weight:
            continue
        # a link is dated by what it links (an event, a work), else by the documents that state it
        dates = own.get(s, []) + own.get(o, []) or [published[d] for d in link.documents if d in published]
        seen[s] += dates
        seen[o] += dates
        docs = first(link.documents)
        rank = {d: i for i, d in enumerate(docs)}
        edges[(s, o, rel)] = {"relation": rel, "weight": len(docs), "documents": len(docs),
                              "evidence": len(link.statements), "titles": "",
                              "document_ids": " ".join(docs[:MAX_DOCUMENT_IDS]), "spells": spells(dates),
                              "_example": min(link.statements, key=lambda sd: (rank[original.get(sd[1], sd[1])], sd[1] in original, sd[0]))}
        if rel == "affiliation":
            # in a fixed order (a server returns rows in its own): by title, one spelling of each
            held = titles.get((s, o), {})
            edges[(s, o, rel)]["titles"] = " | ".join(min(held[t]) for t in sorted(held))
    _example_sentences(store, edges)

    if options.co_mentions:
        edges.update(_co_mentions(nodes, mentioned, max(options.min_co_mentions, options.min_weight), first))

    g = nx.MultiDiGraph()
    for uri, attrs in nodes.items():
        docs = mentioned.get(uri) or placed.get(uri, ())
        dates = seen.get(uri, [])
        g.add_node(uri, **attrs, documents=len(docs), first_seen=min(dates, default=""),
                   last_seen=max(dates, default=""), spells=spells(dates))
    for (s, o, rel), attrs in edges.items():
        g.add_edge(s, o, key=rel, **attrs)
    if options.documents:
        titles_of = dict(_rows(store, "SELECT ?doc ?title WHERE { GRAPH ?doc { ?doc a dg:Document ; schema:name ?title } }"))
        for uri in nodes:
            for doc in mentioned.get(uri, ()):
                if doc not in g:
                    date = published.get(doc, "")
                    g.add_node(doc, label=titles_of.get(doc) or doc.rsplit("/", 1)[-1], type="Document", uri=doc,
                               aliases="", documents=1,
                               first_seen=date, last_seen=date, spells=spells([date] if date else []))
                g.add_edge(doc, uri, key="mentions", relation="mentions", weight=1, documents=1, evidence=0,
                           titles="", document_ids=doc, sentence="", sentence_document="", spells=[])
    if options.drop_isolated:
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    if options.metrics:
        add_metrics(g)
    return g


def _example_sentences(store, edges: dict[tuple[str, str, str], dict], batch: int = 500) -> None:
    """Each link edge's ``sentence``: the evidence sentence of its statement in the earliest
    document, asked for ``batch`` statements at a time (the statements and their documents bound
    as terms in a VALUES block; on a SPARQL server, one request per batch)."""
    chosen = [(attrs, *attrs.pop("_example")) for attrs in edges.values()]
    found: dict[str, str] = {}
    for i in range(0, len(chosen), batch):
        rows = " ".join(f"({NamedNode(st)} {NamedNode(doc)})" for _, st, doc in chosen[i:i + batch])
        for r in store.query(f"""SELECT ?st ?text WHERE {{ VALUES (?st ?doc) {{ {rows} }}
                                   GRAPH ?doc {{ ?st dg:evidence ?s . ?s nif:anchorOf ?text }} }}""", union=False):
            found.setdefault(r["st"].value, r["text"].value)
    for attrs, st, doc in chosen:
        attrs["sentence"] = found.get(st, "")
        attrs["sentence_document"] = doc if st in found else ""


def _co_mentions(nodes: dict[str, dict], mentioned: dict[str, set[str]], threshold: int, first) -> dict:
    """``co-mention`` edges between nodes named in at least ``threshold`` documents together,
    counted as the sparse product AᵀA of the documents × entities incidence matrix."""
    import numpy as np
    from scipy import sparse

    entities = sorted(uri for uri in nodes if mentioned.get(uri))
    if not entities:
        return {}
    documents = sorted({d for uri in entities for d in mentioned[uri]})
    doc_index = {d: i for i, d in enumerate(documents)}
    rows = [doc_index[d] for uri in entities for d in mentioned[uri]]
    cols = [j for j, uri in enumerate(entities) for _ in mentioned[uri]]
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                                  shape=(len(documents), len(entities)))
    shared = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    out = {}
    for i, j, n in zip(shared.row, shared.col, shared.data):
        if n < threshold:
            continue
        a, b = entities[i], entities[j]
        docs = first(mentioned[a] & mentioned[b])
        out[(a, b, "co-mention")] = {"relation": "co-mention", "weight": int(n), "documents": int(n), "evidence": 0,
                                     "titles": "", "document_ids": " ".join(docs[:MAX_DOCUMENT_IDS]),
                                     "sentence": "", "sentence_document": "", "spells": []}
    return out


def add_metrics(g: nx.MultiDiGraph) -> None:
    """Degree, PageRank, betweenness and Louvain community, as node attributes."""
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    for s, o, data in g.edges(data=True):
        w = data.get("weight", 1)
        if simple.has_edge(s, o):
            simple[s][o]["weight"] += w
        else:
            simple.add_edge(s, o, weight=w)
    pagerank = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {n: 0.0 for n in simple}
    k = min(len(simple), 500) if len(simple) > 2000 else None  # sampled betweenness on big graphs
    betweenness = nx.betweenness_centrality(simple, k=k, seed=1) if len(simple) else {}
    communities = nx.community.louvain_communities(simple, weight="weight", seed=1) if len(simple) else []
    community_of = {n: i for i, members in enumerate(sorted(communities, key=len, reverse=True)) for n in members}
    for n in g.nodes:
        g.nodes[n]["degree"] = int(simple.degree(n))
        g.nodes[n]["pagerank"] = float(pagerank.get(n, 0.0))
        g.nodes[n]["betweenness"] = float(betweenness.get(n, 0.0))
        g.nodes[n]["community"] = int(community_of.get(n, -1))


def entities_from_query(store, ref: str, values: dict[str, str] | None = None) -> set[str]:
    """The entity URIs a canned query (NAME or FILE.rq) returns: the subjects and objects of a
    CONSTRUCT, or every entity URI bound in a SELECT's rows."""
    from ..queries import find_query, prepare, run

    canned = find_query(ref)
    result = run(store, prepare(canned.sparql, values or {}, canned.params, store))
    prefix = store.base_uri + "/id/"
    if result.kind == "graph":
        terms = [t for triple in result.triples for t in (triple.subject, triple.object)]
    elif result.kind == "select":
        terms = [row[v] for row in result.rows for v in result.variables if row[v] is not None]
    else:
        raise QueryError(f"--query {ref}: an ASK query returns no entities; use a SELECT or CONSTRUCT")
    return {t.value for t in terms if isinstance(t, NamedNode) and t.value.startswith(prefix)}
