"""The graph projection as it was before it read the store in bulk (main at 27b0128: identity's
layout with reprints counted as their originals): one SPARQL aggregate per kind of thing (names,
mentions per entity, dated mentions, links grouped by triple, roles). Kept here, unchanged but for
its imports and the metrics, as the baseline bench_export.py measures the projection against."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from docgraph.export.timeline import spells
from docgraph.rdf import entity_graph
from docgraph.vocab import RELATION_PROPERTY

TYPES = {"https://schema.org/Person": "Person", "https://schema.org/Organization": "Organization",
         "https://schema.org/Place": "Place", "https://schema.org/Event": "Event",
         "https://schema.org/CreativeWork": "Work"}
# property IRI -> relation label, for the links between entities
RELATIONS = {prop.value: name for name, prop in RELATION_PROPERTY.items()
             if name not in ("date", "endDate", "datePublished")}


@dataclass
class Options:
    types: set[str] | None = None  # keep only these node types
    min_weight: int = 1  # drop edges supported by fewer documents
    co_mentions: bool = False
    documents: bool = False
    metrics: bool = False
    only: set[str] | None = None  # keep only these entity URIs (from --query)


def graph(store, options: Options | None = None) -> nx.MultiDiGraph:
    options = options or Options()
    g = nx.MultiDiGraph()
    # label: the canonical name; type: the entity's class (both kept once, in the entity graph)
    eg = entity_graph(store.base_uri)
    names: dict[str, str] = {}
    classes: dict[str, str] = {}
    docs: dict[str, int] = {}
    for r in store.query(f"""
        SELECT ?e ?cls ?n WHERE {{ GRAPH {eg} {{ ?e a ?cls ; schema:name ?n }}
          VALUES ?cls {{ schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }}
        }}"""):
        names[r["e"].value] = r["n"].value
        classes[r["e"].value] = TYPES[r["cls"].value]
    for r in store.query("""
        SELECT ?e (COUNT(DISTINCT ?text) AS ?docs) WHERE {
          GRAPH ?doc { ?doc schema:mentions ?e OPTIONAL { ?doc dg:reprintOf ?original } }
          BIND(COALESCE(?original, ?doc) AS ?text)  # a reprint counts as its original
        } GROUP BY ?e"""):
        docs[r["e"].value] = int(r["docs"].value)
    aliases: dict[str, list[str]] = {}
    for r in store.query(f"SELECT ?e ?a WHERE {{ GRAPH {eg} {{ ?e schema:alternateName ?a }} }}"):
        aliases.setdefault(r["e"].value, []).append(r["a"].value)
    nodes: dict[str, dict] = {}
    for uri, label in names.items():
        etype = classes[uri]
        if options.types and etype not in options.types:
            continue
        if options.only is not None and uri not in options.only:
            continue
        others = sorted(set(aliases.get(uri, [])) - {label})
        nodes[uri] = {"label": label, "type": etype, "uri": uri, "aliases": " | ".join(others),
                      "documents": docs.get(uri, 1), "first_seen": "", "last_seen": ""}
    own = _own_dates(store)
    # a node is seen when a document mentioning it was published, at its own dates (events, works),
    # at the dates of the works and events it is linked to, and when a role is dated
    seen: dict[str, list[str]] = {}
    for r in store.query("""
        SELECT DISTINCT ?e (STR(?x) AS ?d) WHERE {
          { GRAPH ?doc { ?doc schema:mentions ?e ; schema:datePublished ?x } }
          UNION { GRAPH ?g { ?role dg:roleHolder ?e ; dg:asOf ?x } }
        }"""):
        seen.setdefault(r["e"].value, []).append(r["d"].value)
    edges: dict[tuple[str, str, str], dict] = {}
    for r in store.query("""
        SELECT ?s ?p ?o (COUNT(DISTINCT ?text) AS ?docs) (COUNT(DISTINCT ?st) AS ?evidence)
               (GROUP_CONCAT(DISTINCT STR(?dd); separator=" ") AS ?published) WHERE {
          GRAPH ?doc { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . FILTER(isIRI(?o))
                       OPTIONAL { ?doc schema:datePublished ?dd } OPTIONAL { ?doc dg:reprintOf ?original } }
          BIND(COALESCE(?original, ?doc) AS ?text)
        } GROUP BY ?s ?p ?o"""):
        s, p, o = r["s"].value, r["p"].value, r["o"].value
        if p not in RELATIONS or s not in nodes or o not in nodes:
            continue
        # a link is dated by what it links (an event, a work), else by the documents that state it
        dates = own.get(s, []) + own.get(o, [])
        if not dates and r["published"] is not None:
            dates = r["published"].value.split()
        for end in (s, o):
            seen.setdefault(end, []).extend(dates)
        edges[(s, o, RELATIONS[p])] = {"relation": RELATIONS[p], "weight": int(r["docs"].value),
                                       "evidence": int(r["evidence"].value), "titles": "", "spells": spells(dates)}
    for uri, attrs in nodes.items():
        dates = seen.get(uri, []) + own.get(uri, [])
        attrs["first_seen"], attrs["last_seen"] = min(dates, default=""), max(dates, default="")
        attrs["spells"] = spells(dates)
        g.add_node(uri, **attrs)
    for r in store.query("""
        SELECT ?person ?org (GROUP_CONCAT(DISTINCT ?title; separator=" | ") AS ?titles) WHERE {
          ?role a dg:Role ; dg:roleHolder ?person ; dg:roleOrganization ?org ; schema:roleName ?title .
        } GROUP BY ?person ?org"""):
        key = (r["person"].value, r["org"].value, "affiliation")
        if key in edges:
            titles: dict[str, str] = {}
            for title in r["titles"].value.split(" | "):
                titles.setdefault(title.casefold(), title)
            edges[key]["titles"] = " | ".join(titles.values())
    if options.co_mentions:
        for r in store.query("""
            SELECT ?a ?b (COUNT(DISTINCT ?text) AS ?docs) WHERE {
              GRAPH ?doc { ?doc schema:mentions ?a , ?b FILTER(STR(?a) < STR(?b)) OPTIONAL { ?doc dg:reprintOf ?original } }
              BIND(COALESCE(?original, ?doc) AS ?text)
            } GROUP BY ?a ?b"""):
            a, b = r["a"].value, r["b"].value
            if a in nodes and b in nodes:
                edges[(a, b, "co-mention")] = {"relation": "co-mention", "weight": int(r["docs"].value),
                                               "evidence": 0, "titles": "", "spells": []}
    if options.documents:
        for r in store.query("SELECT ?doc ?e WHERE { GRAPH ?doc { ?doc schema:mentions ?e } }"):
            doc, e = r["doc"].value, r["e"].value
            if e not in nodes:
                continue
            if doc not in g:
                g.add_node(doc, label=doc.rsplit("/", 1)[-1], type="Document", uri=doc, aliases="", documents=1,
                           first_seen="", last_seen="", spells=[])
            edges[(doc, e, "mentions")] = {"relation": "mentions", "weight": 1, "evidence": 0, "titles": "",
                                           "spells": []}
    for (s, o, rel), attrs in edges.items():
        if attrs["weight"] >= options.min_weight:
            g.add_edge(s, o, key=rel, **attrs)
    return g


def _own_dates(store) -> dict[str, list[str]]:
    """The dates an event or work carries itself (start, end, publication)."""
    own: dict[str, list[str]] = {}
    for r in store.query(f"""
        SELECT DISTINCT ?e (STR(?x) AS ?d) WHERE {{
          GRAPH {entity_graph(store.base_uri)} {{ ?e schema:startDate|schema:endDate|schema:datePublished ?x . ?e a ?cls }}
          VALUES ?cls {{ schema:Event schema:CreativeWork }}
        }}"""):
        own.setdefault(r["e"].value, []).append(r["d"].value)
    return own
