"""The W3C SPARQL 1.1 Protocol query tests, run against `docgraph serve` started as a user starts
it. The tests are data (tests/w3c/protocol-query-tests.yaml, transcribed from the suite's
manifest.ttl, with its source and licence); this file only sends each request and checks the
response as the manifest says: the status class, the result format, the boolean."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import rdflib
import yaml
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, parse_query_results
from serving import free_port, start_server, stop_server

SUITE = yaml.safe_load((Path(__file__).parent / "w3c" / "protocol-query-tests.yaml").read_text(encoding="utf-8"))
BOOLEAN = {"application/sparql-results+json": QueryResultsFormat.JSON,
           "application/sparql-results+xml": QueryResultsFormat.XML}
TABULAR = {**BOOLEAN, "text/csv": QueryResultsFormat.CSV, "text/tab-separated-values": QueryResultsFormat.TSV}
RDF = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
       "application/ld+json": "json-ld"}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A store holding the suite's graphs, served on a free loopback port."""
    from pyoxigraph import NamedNode, Quad

    from docgraph.store import open_store

    port = free_port()
    path = tmp_path_factory.mktemp("w3c") / "store"
    store = open_store(path, f"http://127.0.0.1:{port}")
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.add_quads(Quad(NamedNode(g), rdf_type, NamedNode(cls), NamedNode(g)) for g, cls in SUITE["data"].items())
    store.close()
    proc = start_server(path, port)
    yield f"http://127.0.0.1:{port}/sparql"
    stop_server(proc)


def send(endpoint: str, test: dict) -> httpx.Response:
    path = test["path"]
    assert path.startswith("/sparql/")
    url = endpoint + path[len("/sparql/"):]
    body = test.get("body")
    content = None if body is None else body.encode(test.get("encoding", "UTF-8"))
    return httpx.request(test["method"], url, headers=test.get("headers") or {}, content=content, timeout=30)


def status_class(code: int) -> str:
    return f"{code // 100}xx"


@pytest.mark.parametrize("test", SUITE["tests"], ids=[t["id"] for t in SUITE["tests"]])
def test_w3c_protocol_query(endpoint, test):
    r = send(endpoint, test)
    expect = test["expect"]
    assert status_class(r.status_code) in expect["status"], f"{test['name']}: {r.status_code} {r.text[:300]}"
    fmt = expect.get("format")
    if fmt is None:
        return
    media = r.headers["content-type"].split(";")[0].strip()
    if fmt == "boolean":
        assert media in BOOLEAN, media
        parsed = parse_query_results(r.content, format=BOOLEAN[media])
        assert isinstance(parsed, QueryBoolean)
        if "boolean" in expect:
            assert bool(parsed) is expect["boolean"], test["name"]
    elif fmt == "tabular":
        assert media in TABULAR, media
        parsed = parse_query_results(r.content, format=TABULAR[media])
        assert isinstance(parsed, QuerySolutions) and len(list(parsed)) == 1
    else:
        assert media in RDF, media
        rdflib.Graph().parse(data=r.content, format=RDF[media])


def test_the_suite_is_whole():
    """All 20 query tests of the manifest, none left out."""
    assert len(SUITE["tests"]) == 20 and len({t["id"] for t in SUITE["tests"]}) == 20


def test_relative_iris_resolve_against_the_endpoint(endpoint):
    r = httpx.post(endpoint, content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                   headers={"content-type": "application/sparql-query", "accept": "application/n-triples"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="nt")
    assert (rdflib.URIRef(endpoint.rsplit("/", 1)[0] + "/s"), rdflib.URIRef(endpoint.rsplit("/", 1)[0] + "/p"),
            rdflib.Literal(1)) in g
    # a BASE in the query wins over the endpoint's
    r = httpx.get(endpoint, params={"query": "BASE <http://example.org/x/> SELECT (<y> AS ?i) {}"},
                  headers={"accept": "application/sparql-results+json"})
    assert json.loads(r.text)["results"]["bindings"][0]["i"]["value"] == "http://example.org/x/y"


def test_rdfxml_never_broken(endpoint):
    """pyoxigraph writes a predicate that cannot be an XML element name as broken XML: refused."""
    query = b"CONSTRUCT { <http://ex.org/s> <http://ex.org/p/> 1 } WHERE {}"
    r = httpx.post(endpoint, content=query, headers={"content-type": "application/sparql-query",
                                                     "accept": "application/rdf+xml"})
    assert r.status_code == 406 and "Turtle" in r.text and "Accept" in r.headers["vary"]
    r = httpx.post(endpoint, content=query, headers={"content-type": "application/sparql-query",
                                                     "accept": "application/rdf+xml, text/turtle;q=0.5"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")  # the next choice
