"""Clients nobody here wrote, against `docgraph serve` on the sample corpus: rdflib (Graph.parse on
entity URIs through content negotiation, SPARQLStore), SPARQLWrapper, and Oxigraph federating
into docgraph with SERVICE. What they send is what they send; the server must answer it."""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

SCHEMA = "https://schema.org/"
ENTITY_TYPES = "schema:Person, schema:Organization, schema:Place, schema:Event, schema:CreativeWork"
PERSONS = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://schema.org/Person> }"
DISTINCT_PERSONS = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Person> }"
DESTRO = "Robert A. Destro"


def ask_json(site, query: str) -> list[dict]:
    r = site["client"].get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


def entity_uris(site) -> list[str]:
    rows = ask_json(site, f"SELECT DISTINCT ?e WHERE {{ ?e a ?t FILTER(?t IN ({ENTITY_TYPES})) "
                          f"FILTER(STRSTARTS(STR(?e), '{site['base']}/id/')) }}")
    return sorted(r["e"]["value"] for r in rows)


def test_rdflib_parses_every_entity_uri_in_four_formats(site):
    """Graph.parse(uri, format=…) sends rdflib's own Accept header for each format; the 303
    leads to the data in a format its parser reads, and the entity is in it."""
    uris = entity_uris(site)
    assert len(uris) > 200

    def parse(uri: str, fmt: str) -> str | None:
        g = rdflib.Graph()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser's own
            g.parse(uri, format=fmt)
        return None if (rdflib.URIRef(uri), None, None) in g else f"{fmt} {uri}"

    with ThreadPoolExecutor(4) as pool:
        failed = [f for f in pool.map(lambda a: parse(*a), [(u, fmt) for u in uris
                                                              for fmt in ("turtle", "xml", "nt", "json-ld")]) if f]
    assert failed == []
    # n3 (answered with Turtle, which is N3) and no format at all (rdflib's list of every type)
    for fmt in ("n3", None):
        g = rdflib.Graph().parse(uris[0], format=fmt)
        assert (rdflib.URIRef(uris[0]), None, None) in g


UNION_PATTERNS = [
    "?p a schema:Person", "?e schema:name ?n", "?e schema:alternateName ?n", "?e a ?t",
    "?r dg:roleHolder ?p", "?d schema:mentions ?e", "?s rdf:predicate ?p", "?s ?p ?o",
]


@pytest.mark.parametrize("pattern", UNION_PATTERNS)
def test_the_default_graph_counts_each_statement_once(site, pattern):
    """The default graph is the union of the graphs as a set: a client counting persons, names or
    any pattern over HTTP gets the count of distinct answers (each entity is said once, in the
    entity graph; what a document says of it is on the document's own nodes)."""
    prefixes = ("PREFIX schema: <https://schema.org/> PREFIX dg: <https://w3id.org/docgraph#> "
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ")
    variables = " ".join(sorted({w for w in pattern.split() if w.startswith("?")}))
    (every,) = ask_json(site, prefixes + f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    (distinct,) = ask_json(site, prefixes + f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {variables} "
                                            f"WHERE {{ {pattern} }} }}")
    assert int(every["n"]["value"]) == int(distinct["n"]["value"]) > 0


def test_rdflib_sparqlstore_counts_persons(site):
    g = rdflib.Graph(store=SPARQLStore(site["base"] + "/sparql"))
    (n,) = [int(row.n) for row in g.query(DISTINCT_PERSONS)]
    assert n == int(ask_json(site, DISTINCT_PERSONS)[0]["n"]["value"]) > 50
    assert bool(g.query("ASK { ?p a <https://schema.org/Person> }"))
    names = {str(o) for o in g.objects(None, rdflib.URIRef(SCHEMA + "name"))}
    assert DESTRO in names and "António Guterres" in names


def test_sparqlwrapper_formats_methods_and_datasets(site):
    from SPARQLWrapper import (
        CSV,
        JSON,
        JSONLD,
        POST,
        POSTDIRECTLY,
        RDFXML,
        TSV,
        TURTLE,
        URLENCODED,
        XML,
        SPARQLWrapper,
    )

    endpoint = site["base"] + "/sparql"
    name_of = "SELECT ?n WHERE { ?p <https://schema.org/name> ?n FILTER(?n IN (\"%s\", \"António Guterres\")) }"
    for method, request in (("GET", None), (POST, URLENCODED), (POST, POSTDIRECTLY)):
        s = SPARQLWrapper(endpoint)
        s.setMethod(method)
        if request:
            s.setRequestMethod(request)
        s.setQuery(name_of % DESTRO)
        s.setReturnFormat(JSON)
        names = {b["n"]["value"] for b in s.query().convert()["results"]["bindings"]}
        assert names == {DESTRO, "António Guterres"}, method  # a non-ASCII literal, both ways
        s.setReturnFormat(XML)
        assert "António Guterres" in s.query().convert().toxml()
        for fmt in (CSV, TSV):
            s.setReturnFormat(fmt)
            assert "António Guterres" in s.query().convert().decode("utf-8")
        s.setQuery("ASK { ?p <https://schema.org/name> \"António Guterres\" }")
        s.setReturnFormat(JSON)
        assert s.query().convert()["boolean"] is True
        s.setReturnFormat(XML)
        assert s.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
        s.setQuery("CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE { ?p a <https://schema.org/Person> ; "
                   "<https://schema.org/name> ?n }")
        for fmt in (TURTLE, RDFXML, JSONLD):
            s.setReturnFormat(fmt)
            out = s.query().convert()
            g = out if isinstance(out, rdflib.Graph) else rdflib.Graph().parse(data=out, format="turtle")
            assert rdflib.Literal("António Guterres") in set(g.objects()), (method, fmt)
    # the dataset: one document as the default graph, two as named graphs, and FROM NAMED
    docs = [b["d"]["value"] for b in ask_json(site, "SELECT ?d WHERE { ?d a <https://w3id.org/docgraph#Document> } "
                                                    "ORDER BY ?d")]
    s = SPARQLWrapper(endpoint)
    s.setReturnFormat(JSON)
    s.addDefaultGraph(docs[0])
    s.setQuery("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/docgraph#Document> }")
    assert s.query().convert()["results"]["bindings"][0]["n"]["value"] == "1"
    s = SPARQLWrapper(endpoint)
    s.setReturnFormat(JSON)
    for d in docs[:2]:
        s.addNamedGraph(d)
    s.setQuery("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert s.query().convert()["results"]["bindings"][0]["n"]["value"] == "2"
    s = SPARQLWrapper(endpoint)
    s.setReturnFormat(JSON)
    s.setQuery(f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{docs[0]}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert s.query().convert()["results"]["bindings"][0]["n"]["value"] == "1"


def test_errors_reach_clients_as_their_status(site):
    from SPARQLWrapper import CSV, JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    s = SPARQLWrapper(site["base"] + "/sparql")
    s.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed) as bad, warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper cannot tell the query's form
        s.setQuery("SELEC ?x WHERE { ?x ?p ?o }")
        s.query()
    assert "did you mean SELECT?" in str(bad.value)
    s.setQuery("SELECT * WHERE { ?s ?p ?o }")  # more rows than the server's --max-results 2000
    with pytest.raises(HTTPError) as big:
        s.query()
    assert big.value.code == 413
    body = big.value.read().decode()
    assert "2,000" in body and "--max-results" in body
    # an ASK answer is true or false: not a CSV table
    s.setQuery("ASK { ?s ?p ?o }")
    s.setReturnFormat(CSV)
    with pytest.raises(HTTPError) as csv:
        s.query()
    assert csv.value.code == 406


def test_oxigraph_federates_into_docgraph(site):
    """pyoxigraph's SERVICE client, in this process, querying the served store."""
    endpoint = site["base"] + "/sparql"
    local = pyoxigraph.Store()
    (row,) = local.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{endpoint}> {{ "
                         f"SELECT DISTINCT ?p WHERE {{ ?p a <https://schema.org/Person> }} }} }}")
    assert int(row["n"].value) == int(ask_json(site, DISTINCT_PERSONS)[0]["n"]["value"])
    (row,) = local.query(f"SELECT ?n WHERE {{ SERVICE <{endpoint}> {{ ?p <https://schema.org/name> ?n "
                         f"FILTER(?n = \"António Guterres\") }} }} LIMIT 1")
    assert row["n"].value == "António Guterres"
    # errors arrive as errors with their status, not as rows
    with pytest.raises(OSError, match="413"):
        list(local.query(f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"))
    with pytest.raises(OSError, match="400"):  # docgraph itself federates nowhere
        list(local.query(f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ SERVICE <http://127.0.0.1:9/sparql> "
                         f"{{ ?s ?p ?o }} }} }}"))


# -- content negotiation on the Linked Data routes -------------------------------------------------

RDF_READS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
             "application/ld+json": "json-ld"}


def test_description_routes_speak_every_rdf_format(site):
    c, base = site["client"], site["base"]
    for path, subject in (("/void", base + "/void"), ("/sparql", base + "/sparql")):
        for accept, expect in (("application/rdf+xml", "application/rdf+xml"), ("text/n3", "text/turtle"),
                               ("text/plain", "application/n-triples"), ("text/turtle", "text/turtle"),
                               ("application/ld+json", "application/ld+json"),
                               ("application/rdf+xml, */*;q=0.1", "application/rdf+xml")):
            r = c.get(path, headers={"accept": accept})
            assert r.status_code == 200 and r.headers["content-type"].startswith(expect), (path, accept)
            assert "Accept" in r.headers["vary"]
            g = rdflib.Graph().parse(data=r.content, format=RDF_READS[expect])
            assert (rdflib.URIRef(subject), None, None) in g, (path, accept)
        r = c.get(path, headers={"accept": "image/png"})
        assert r.status_code == 406 and "Accept" in r.headers["vary"] and "application/rdf+xml" in r.text


def test_entity_uris_negotiate_link_and_vary(site):
    c, base = site["client"], site["base"]
    uri = f"{base}/id/person/robert-a-destro"
    cases = [("application/rdf+xml", "rdf"), ("text/n3", "ttl"), ("text/plain", "nt"),
             ("text/turtle, */*", "ttl"), ("application/ld+json, */*", "jsonld"),
             ("text/turtle;q=0.9, application/rdf+xml", "rdf")]
    for accept, ext in cases:
        r = c.get(uri, headers={"accept": accept})
        assert r.status_code == 303 and r.headers["location"] == f"/data/person/robert-a-destro.{ext}", accept
        assert "Accept" in r.headers["vary"]
    assert c.get(uri, headers={"accept": "*/*"}).headers["location"] == "/page/person/robert-a-destro"
    data = c.get("/data/person/robert-a-destro.rdf")
    assert data.headers["content-type"].startswith("application/rdf+xml")
    g = rdflib.Graph().parse(data=data.content, format="xml")
    assert (rdflib.URIRef(uri), rdflib.URIRef(SCHEMA + "name"), rdflib.Literal(DESTRO)) in g
    # every representation is announced, on the URI, the page and the data
    for path in ("/id/person/robert-a-destro", "/page/person/robert-a-destro", "/data/person/robert-a-destro.ttl"):
        r = c.get(path, headers={"accept": "text/turtle"} if path.startswith("/id") else {})
        links = httpx.Headers(r.headers).get("link", "")
        for media, ext in (("text/turtle", "ttl"), ("application/rdf+xml", "rdf"), ("application/ld+json", "jsonld"),
                           ("application/n-triples", "nt")):
            assert f'</data/person/robert-a-destro.{ext}>; rel="alternate"; type="{media}"' in links, path
        assert '</page/person/robert-a-destro>; rel="alternate"; type="text/html"' in links, path
    for path in ("/id/person/robert-a-destro", "/data/person/robert-a-destro"):
        r = c.get(path, headers={"accept": "image/png"})
        assert r.status_code == 406 and "Accept" in r.headers["vary"], path
