"""`docgraph serve` on loopback, started as a user starts it, spoken to with a real HTTP client:
the SPARQL 1.1 Protocol, content negotiation, Linked Data URIs, pages, canned queries, safety,
and an ingest that writes through the running server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time

import httpx
import pytest
import rdflib
from pyoxigraph import QueryResultsFormat, parse_query_results

from serving import free_port

def select(site, query, **headers):
    r = site["client"].get("/sparql", params={"query": query},
                           headers={"accept": "application/sparql-results+json", **headers})
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


COUNT_DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/docgraph#Document> }"


def test_protocol_get_post_form_post_query_and_head(site):
    c = site["client"]
    (row,) = select(site, COUNT_DOCS)
    assert row["n"]["value"] == "26"
    form = c.post("/sparql", data={"query": COUNT_DOCS}, headers={"accept": "application/sparql-results+json"})
    direct = c.post("/sparql", content=COUNT_DOCS.encode(),
                    headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"})
    assert form.json() == direct.json() == {"head": {"vars": ["n"]}, "results": {"bindings": [row]}}
    head = c.head("/sparql", params={"query": COUNT_DOCS}, headers={"accept": "text/csv"})
    get = c.get("/sparql", params={"query": COUNT_DOCS}, headers={"accept": "text/csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"] == "text/csv; charset=utf-8"
    assert head.headers["content-length"] == str(len(get.content))


def test_dataset_from_default_and_named_graph_uris(site):
    c = site["client"]
    docs = [b["d"]["value"] for b in select(site, "SELECT ?d WHERE { ?d a <https://w3id.org/docgraph#Document> }")]
    one = docs[0]
    r = c.get("/sparql", params={"query": COUNT_DOCS, "default-graph-uri": one},
              headers={"accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "1"
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = c.post("/sparql", data={"query": q, "named-graph-uri": docs[:2]},
               headers={"accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "2"


def test_result_formats_by_content_negotiation(site):
    c = site["client"]
    q = "SELECT ?name WHERE { <%s/id/person/robert-a-destro> <https://schema.org/name> ?name }" % site["base"]
    expected = {"Robert A. Destro"}
    for accept, fmt in [("application/sparql-results+json", QueryResultsFormat.JSON),
                        ("application/sparql-results+xml", QueryResultsFormat.XML),
                        ("text/tab-separated-values", QueryResultsFormat.TSV)]:
        r = c.get("/sparql", params={"query": q}, headers={"accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        parsed = parse_query_results(r.content, format=fmt)
        assert {s["name"].value for s in parsed} == expected, accept
    r = c.get("/sparql", params={"query": q}, headers={"accept": "text/csv"})  # CSV is lossy: read as a table
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert list(csv.DictReader(io.StringIO(r.text))) == [{"name": "Robert A. Destro"}]
    # q-values: the client prefers XML to CSV; the wildcard only gets the server's first choice
    r = c.get("/sparql", params={"query": q}, headers={"accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = c.get("/sparql", params={"query": q}, headers={"accept": "*/*"})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    r = c.get("/sparql", params={"query": q}, headers={"accept": "image/png, text/csv;q=0"})
    assert r.status_code == 406
    construct = "CONSTRUCT { ?p <https://schema.org/affiliation> ?o } WHERE { ?p <https://schema.org/affiliation> ?o }"
    for accept, fmt in [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")]:
        r = c.get("/sparql", params={"query": construct}, headers={"accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        g = rdflib.Graph().parse(data=r.text, format=fmt)
        assert len(g) >= 10
    assert c.get("/sparql", params={"query": construct}, headers={"accept": "text/csv"}).status_code == 406


def test_errors_refusals_timeout_and_cap(site):
    c = site["client"]
    bad = c.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert bad.status_code == 400 and "SPARQL syntax error" in bad.text
    for r in [c.post("/sparql", content=b"INSERT DATA { <a:b> <a:b> <a:b> }",
                     headers={"content-type": "application/sparql-update"}),
              c.post("/sparql", data={"update": "DROP ALL"}),
              c.get("/sparql", params={"update": "DROP ALL"}),
              c.get("/sparql", params={"query": "PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }"})]:
        assert r.status_code == 403 and "read-only" in r.text
    service = c.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert service.status_code == 400 and "SERVICE is refused" in service.text
    # "service" inside a string is not the keyword
    assert c.get("/sparql", params={"query": 'SELECT * WHERE { BIND("SERVICE" AS ?x) }'},
                 headers={"accept": "text/csv"}).status_code == 200
    assert c.post("/sparql", content=b"x", headers={"content-type": "text/plain"}).status_code == 415
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    r = c.get("/sparql", params={"query": slow})
    assert r.status_code == 503 and "timeout" in r.text and time.monotonic() - started < 10
    big = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert big.status_code == 413 and "more than 2,000 rows" in big.text
    # the server is still fine after all that
    assert select(site, COUNT_DOCS)


def test_service_description_and_void(site):
    c = site["client"]
    sd = c.get("/sparql", headers={"accept": "text/turtle"})
    assert sd.status_code == 200
    g = rdflib.Graph().parse(data=sd.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, SD.endpoint, rdflib.URIRef(site["base"] + "/sparql")) in g
    assert (None, SD.supportedLanguage, SD.SPARQL11Query) in g
    void = c.get("/void", headers={"accept": "application/ld+json"})
    g = rdflib.Graph().parse(data=void.text, format="json-ld")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    triples = int(g.value(rdflib.URIRef(site["base"] + "/void"), VOID.triples))
    (row,) = select(site, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert triples >= int(row["n"]["value"])
    assert (None, VOID.sparqlEndpoint, rdflib.URIRef(site["base"] + "/sparql")) in g


def test_entity_uris_303_to_page_or_data(site):
    c, base = site["client"], site["base"]
    uri = f"{base}/id/person/robert-a-destro"
    r = c.get(uri, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"] == "/page/person/robert-a-destro"
    for accept, ext, fmt in [("text/turtle", "ttl", "turtle"), ("application/ld+json", "jsonld", "json-ld"),
                             ("application/n-triples", "nt", "nt")]:
        r = c.get(uri, headers={"accept": accept})
        assert r.status_code == 303 and r.headers["location"] == f"/data/person/robert-a-destro.{ext}"
        data = c.get(r.headers["location"])
        assert data.headers["content-type"].startswith(accept)
        g = rdflib.Graph().parse(data=data.text, format=fmt)
        if fmt == "json-ld":  # compact, with a context: what a person reads
            doc = json.loads(data.text)
            assert doc["@context"]["schema"] == "https://schema.org/"
            (node,) = [n for n in doc["@graph"] if n["@id"] == uri]
            assert node["schema:name"] == "Robert A. Destro" and "schema:Person" in node["@type"]
        assert (rdflib.URIRef(uri), rdflib.URIRef("https://schema.org/name"), rdflib.Literal("Robert A. Destro")) in g
        assert (rdflib.URIRef(uri), rdflib.URIRef("https://schema.org/affiliation"),
                rdflib.URIRef(f"{base}/id/organization/us-state-department")) in g
    assert c.get(f"{base}/data/person/robert-a-destro", headers={"accept": "application/n-triples"}
                 ).headers["content-type"].startswith("application/n-triples")
    for missing in ["/id/person/nobody-at-all", "/id/spaceship/x", "/id/person/../../etc/passwd",
                    "/page/person/nobody-at-all", "/data/person/nobody-at-all.ttl", "/data/person/robert-a-destro.exe"]:
        assert c.get(missing, headers={"accept": "text/turtle"}).status_code == 404, missing


def test_entity_page_shows_what_a_researcher_needs(site):
    c, base = site["client"], site["base"]
    page = c.get("/page/person/robert-a-destro").text
    assert "<h1>Robert A. Destro</h1>" in page
    assert "Assistant Secretary of State for Democracy, Human Rights, and Labor" in page
    assert 'href="/page/organization/us-state-department"' in page
    assert "<mark>Robert A. Destro</mark> the Assistant Secretary of State" in page
    assert "investigate itself" in page  # his quotation
    un = c.get("/page/organization/united-nations").text
    assert "People with roles here" in un and "Guterres" in un
    event = c.get("/page/event/1988-massacre").text
    assert "30,000" in event and "political prisoners" in event and "Amnesty International" in event
    seed = [b["d"]["value"] for b in select(
        site, 'SELECT ?d WHERE { ?d <https://w3id.org/docgraph#sourcePath> ?s FILTER(CONTAINS(?s, "000_c70673")) }')]
    doc = c.get(seed[0].replace(base + "/id/", "/page/")).text
    assert "Iran: Condemnations of 1988 Massacre" in doc
    assert '<a class="mention" href="/page/person/robert-a-destro">Robert A. Destro</a>' in doc


def test_document_text_is_escaped_never_markup(site):
    c = site["client"]
    (row,) = select(site, 'SELECT ?d WHERE { ?d <https://w3id.org/docgraph#sourcePath> ?s FILTER(CONTAINS(?s, "hostile")) }')
    page = c.get(row["d"]["value"].replace(site["base"] + "/id/", "/page/"))
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page.text
    assert "&lt;/textarea&gt;&lt;/pre&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # and in canned query results as HTML
    r = c.get("/queries/documents-mentioning", params={"entity": "Anna Kowalski"}, headers={"accept": "text/html"})
    assert r.status_code == 200 and "<script>alert" not in r.text


def test_canned_queries_over_http(site):
    c = site["client"]
    listing = c.get("/queries").json()
    assert {q["name"] for q in listing} >= {"people-roles", "entity", "evidence"}
    r = c.get("/queries/people-roles", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert any(x["name"] == "Robert A. Destro" for x in rows)
    r = c.get("/queries/evidence", params={"subject": "Robert A. Destro"}, headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["results"]["bindings"]
    for fmt, ctype in [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
                       ("tsv", "text/tab-separated-values")]:
        assert c.get("/queries/people-roles", params={"format": fmt}).headers["content-type"].startswith(ctype)
    html = c.get("/queries/people-roles", headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<table" in html.text
    assert c.get("/queries/entity").status_code == 400  # required parameter missing
    assert "missing parameter entity" in c.get("/queries/entity").text
    assert c.get("/queries/people-roles", params={"nonsense": "1"}).status_code == 400
    assert c.get("/queries/..%2f..%2fetc%2fpasswd").status_code == 404
    assert c.get("/queries/no-such-query").status_code == 404


def test_cors_and_private_routes(site):
    c = site["client"]
    r = c.get("/sparql", params={"query": COUNT_DOCS}, headers={"origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = c.options("/sparql", headers={"origin": "https://example.org", "access-control-request-method": "POST",
                                        "access-control-request-headers": "content-type"})
    assert pre.status_code == 200
    assert c.get("/_docgraph/settings").status_code == 403
    assert c.get("/_docgraph/settings", headers={"authorization": "Bearer guess"}).status_code == 403
    assert c.post("/_docgraph/remove", json={"uri": "x"}).status_code == 403
    info = json.loads((site["store"] / "serve.json").read_text())
    assert oct((site["store"] / "serve.json").stat().st_mode & 0o777) == "0o600"
    ok = c.get("/_docgraph/settings", headers={"authorization": f"Bearer {info['token']}"})
    assert ok.json()["base_uri"] == site["base"]


def test_ingest_and_remove_write_through_the_running_server(site, tmp_path):
    c, env = site["client"], site["env"]
    new = tmp_path / "new"
    new.mkdir()
    (new / "hearing.txt").write_text(
        "Senator Mary Quill, chair of the Helsinki Commission, said the hearing in Vienna would continue. "
        "The Helsinki Commission published a report on 4 May 2021.\n", encoding="utf-8")
    probe = "SELECT ?n WHERE { ?p <https://schema.org/name> ?n FILTER(?n = \"Mary Quill\") }"
    assert select(site, probe) == []

    def found(q: str) -> list[str]:  # the search index follows what the server writes
        return [h["name"] for h in c.get("/search", params={"q": q, "format": "json"}).json()["results"]]

    assert found("mary qu") == []
    failures: list[int] = []
    stop = threading.Event()

    def keep_asking() -> None:  # readers keep being answered while the ingest writes
        with httpx.Client(base_url=site["base"], timeout=30) as other:
            while not stop.is_set():
                r = other.get("/sparql", params={"query": COUNT_DOCS}, headers={"accept": "text/csv"})
                if r.status_code != 200:
                    failures.append((r.status_code, r.text[:300]))

    t = threading.Thread(target=keep_asking)
    t.start()
    try:
        done = subprocess.run([sys.executable, "-m", "docgraph", "ingest", "-q", str(new)], env=env,
                              capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        t.join()
    assert done.returncode == 0, done.stderr
    assert "writing through it" in done.stderr and "1 new" in done.stdout
    assert failures == []
    assert [b["n"]["value"] for b in select(site, probe)] == ["Mary Quill"]
    assert c.get("/id/person/mary-quill", headers={"accept": "text/html"}).status_code == 303
    assert "Mary Quill" in c.get("/page/person/mary-quill").text
    assert found("mary qu") == ["Mary Quill"] and "Helsinki Commission" in found("helsinki")
    again = subprocess.run([sys.executable, "-m", "docgraph", "ingest", "-q", str(new)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 new, 1 unchanged" in again.stdout
    gone = subprocess.run([sys.executable, "-m", "docgraph", "remove", str(new / "hearing.txt")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert gone.returncode == 0, gone.stderr
    assert select(site, probe) == []
    assert found("mary qu") == []
    # a second server on the same store is refused in one line
    other = subprocess.run([sys.executable, "-m", "docgraph", "serve", "--port", str(free_port())], env=env,
                           capture_output=True, text=True, timeout=60)
    assert other.returncode == 1 and "in use by another docgraph process" in other.stderr
    assert "Traceback" not in other.stderr


# -- a store served where it was not built (issue 16) ------------------------------------------------

def _links(html: str) -> list[str]:
    import re

    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def _serve_copy(sample_store_path, tmp_path_factory, *extra: str):
    from conftest import copy_store
    from serving import start_server, stop_server

    store = copy_store(sample_store_path, tmp_path_factory.mktemp("moved") / "store")
    port = free_port()
    proc = start_server(store, port, *extra)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture(scope="module")
def moved(sample_store_path, tmp_path_factory):
    """The sample store, built for http://127.0.0.1:8000, served on another port."""
    yield from _serve_copy(sample_store_path, tmp_path_factory)


@pytest.fixture(scope="module")
def proxied(sample_store_path, tmp_path_factory):
    """The same, as if behind a proxy at https://example.org/graph."""
    yield from _serve_copy(sample_store_path, tmp_path_factory, "--public-url", "https://example.org/graph/")


def test_pages_link_where_they_are_served_without_reingesting(moved):
    with httpx.Client(base_url=moved, timeout=30) as c:
        r = c.get("/id/person/robert-a-destro", headers={"accept": "text/html"})
        assert r.status_code == 303 and r.headers["location"] == "/page/person/robert-a-destro"
        page = c.get(r.headers["location"])
        links = _links(page.text)
        assert "/page/organization/us-state-department" in links
        assert not [u for u in links if "127.0.0.1:8000" in u], "a link to the base the store was built with"
        # every link on the page works on this port (the first 40 of this server's own)
        for url in [u for u in dict.fromkeys(links) if u.startswith("/")][:40]:
            assert c.get(url).status_code == 200, url
        # the URIs themselves are the ones minted (what a researcher cites), and they resolve here
        assert "<code class=\"uri\">http://127.0.0.1:8000/id/person/robert-a-destro</code>" in page.text
        sd = rdflib.Graph().parse(data=c.get("/sparql", headers={"accept": "text/turtle"}).text, format="turtle")
        endpoint = rdflib.URIRef(moved + "/sparql")
        assert (endpoint, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"), endpoint) in sd


def test_public_url_puts_links_under_the_proxy(proxied):
    with httpx.Client(base_url=proxied, timeout=30) as c:
        r = c.get("/id/person/robert-a-destro", headers={"accept": "text/turtle"})
        assert r.status_code == 303 and r.headers["location"] == "https://example.org/graph/data/person/robert-a-destro.ttl"
        page = c.get("/page/person/robert-a-destro").text
        links = _links(page)
        assert "https://example.org/graph/page/organization/us-state-department" in links
        assert "https://example.org/graph/static/style.css" in links
        assert not [u for u in links if u.startswith("/") or "127.0.0.1" in u]
        void = rdflib.Graph().parse(data=c.get("/void", headers={"accept": "text/turtle"}).text, format="turtle")
        assert (None, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint"),
                rdflib.URIRef("https://example.org/graph/sparql")) in void
        # where the data is: the minted URIs, unchanged
        assert (None, rdflib.URIRef("http://rdfs.org/ns/void#uriSpace"), rdflib.Literal("http://127.0.0.1:8000/id/")) in void


def test_public_url_must_be_a_url(tmp_path):
    from click.testing import CliRunner

    from docgraph.cli import main

    for bad in ("example.org", "ftp://example.org", "https://example.org/?x=1"):
        out = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "serve", "--public-url", bad])
        assert out.exit_code == 1 and "--public-url" in out.output and not (tmp_path / "s").exists()


def test_a_query_worker_started_in_place_of_another_outlives_the_thread_that_started_it(sample_store):
    """A worker dies with the thread that started it (PR_SET_PDEATHSIG is per thread): one put in
    place of a retired worker (``_retire``, in a thread of its own that ends at once) must be
    started by the pool's lasting thread, or the next query finds it dead."""
    import asyncio

    from docgraph.querypool import QueryPool
    from docgraph.querypool import Request as PoolRequest

    async def retire_then_ask() -> tuple[str, bytes]:
        pool = QueryPool(sample_store.path, 1)
        await pool.start()
        try:
            worker = await pool._idle.get()
            retiring = threading.Thread(target=pool._retire, args=(worker,))
            retiring.start()
            retiring.join()
            await asyncio.sleep(0.5)  # the thread has ended; its children would be gone by now
            answer = await pool.run(PoolRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"select": "csv"}), 30)
            return answer.kind, answer.body
        finally:
            pool.close()

    kind, body = asyncio.run(retire_then_ask())
    assert kind == "select" and body.splitlines()[0].strip() == b"n" and int(body.splitlines()[1]) > 1000
