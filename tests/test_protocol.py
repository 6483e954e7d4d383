"""The SPARQL protocol surface in pieces: reading a request strictly (serve/protocol.py), choosing
a representation (serve/negotiate.py), and saying a syntax error in one line (sparql_errors.py).
The served behaviour is tested over HTTP in test_w3c_protocol.py and test_clients.py."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph
import pytest

from docgraph.serve.negotiate import ALIASES, choose
from docgraph.serve.protocol import ProtocolError, read
from docgraph.sparql_errors import explain
from docgraph.vocab import PREFIXES

CAP = 64 * 1024


def refused(method, qs=b"", ctype=None, body=None) -> tuple[int, str]:
    with pytest.raises(ProtocolError) as info:
        read(method, qs, ctype, body, max_query_bytes=CAP)
    return info.value.status, str(info.value)


def test_one_query_per_request():
    assert refused("GET", b"query=ASK%7B%7D&query=SELECT%20*%7B%7D")[0] == 400
    assert refused("POST", b"", "application/x-www-form-urlencoded", b"query=ASK{}&query=ASK{}")[0] == 400
    assert refused("POST", b"query=ASK{}", "application/x-www-form-urlencoded", b"query=ASK{}")[0] == 400
    assert refused("POST", b"query=ASK{}", "application/sparql-query", b"ASK {}")[0] == 400
    asked = read("POST", b"default-graph-uri=http%3A%2F%2Fex.org%2Fg", "application/x-www-form-urlencoded",
                 b"query=ASK%20%7B%7D&named-graph-uri=http%3A%2F%2Fex.org%2Fn", max_query_bytes=CAP)
    assert (asked.query, asked.default_graphs, asked.named_graphs) == ("ASK {}", ["http://ex.org/g"], ["http://ex.org/n"])
    assert read("GET", b"", None, None, max_query_bytes=CAP) is None  # the service description


def test_utf8_only_never_replacement_characters():
    latin1 = "SELECT * WHERE { ?s ?p \"Zoë\" }".encode("latin-1")
    status, message = refused("POST", b"", "application/sparql-query; charset=ISO-8859-1", latin1)
    assert status == 415 and "UTF-8" in message
    assert refused("POST", b"", "application/sparql-query", latin1)[0] == 400
    assert refused("POST", b"", "application/x-www-form-urlencoded", b"query=" + quote(latin1).encode())[0] == 400
    assert refused("POST", b"", "application/x-www-form-urlencoded; charset=windows-1252", b"query=ASK{}")[0] == 415
    assert refused("GET", b"query=" + quote(latin1).encode())[0] == 400
    assert refused("POST", b"", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"))[0] == 415
    good = "SELECT * WHERE { ?s ?p \"Zoë\" }"
    for ctype in ("application/sparql-query", "application/sparql-query; charset=utf-8",
                  "application/sparql-query;charset=\"UTF-8\""):
        assert read("POST", b"", ctype, good.encode(), max_query_bytes=CAP).query == good
    assert read("GET", b"query=" + quote(good).encode(), None, None, max_query_bytes=CAP).query == good


def test_what_a_post_must_say():
    assert refused("POST", b"", None, b"query=ASK%20%7B%7D")[0] == 415
    assert refused("POST", b"", "text/plain", b"ASK {}")[0] == 415
    assert refused("POST", b"", "application/sparql-update", b"DROP ALL")[0] == 403
    assert refused("POST", b"", "application/x-www-form-urlencoded", b"update=DROP%20ALL")[0] == 403
    assert refused("GET", b"update=DROP%20ALL")[0] == 403
    assert refused("POST", b"", "application/x-www-form-urlencoded", b"default-graph-uri=x")[0] == 400
    assert refused("GET", b"query=ASK{}&named-graph-uri=not%20an%20iri")[0] == 400
    assert refused("GET", b"query=" + b"x" * (CAP + 1))[0] == 413


def test_negotiation_names_beat_wildcards_and_aliases_count():
    ld = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
    # what rdflib sends for format="xml", "n3", "nt", "turtle", "json-ld"
    assert choose("application/rdf+xml, */*;q=0.1", ld, aliases=ALIASES) == "application/rdf+xml"
    assert choose("text/n3, */*;q=0.1", ld, aliases=ALIASES) == "text/turtle"
    assert choose("text/plain, */*;q=0.1", ld, aliases=ALIASES) == "application/n-triples"
    assert choose("text/turtle, application/x-turtle, */*;q=0.1", ld, aliases=ALIASES) == "text/turtle"
    assert choose("application/ld+json, application/json;q=0.9, */*;q=0.1", ld, aliases=ALIASES) == \
        "application/ld+json"
    # only RDF types named, */* at the same q: RDF, not the page
    assert choose("text/turtle, */*", ld) == "text/turtle"
    # browsers still get the page; q-values still rule
    assert choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ld) == "text/html"
    assert choose("text/turtle;q=0.5, text/html", ld) == "text/html"
    assert choose("*/*", ld) == "text/html"
    assert choose("image/png", ld, aliases=ALIASES) is None
    assert choose("text/n3", ["text/html"], aliases=ALIASES) is None  # an alias of nothing offered


SYNTAX = [  # (query, what the one line must say)
    ("SELECT ?x WHERE { ?x foaf:name ?n }", ["prefix foaf: is not declared", "line 1, column 22",
                                             "PREFIX foaf: <http://xmlns.com/foaf/0.1/>"]),
    ("SELECT ?x WHERE {\n  ?x zz:p ?n }", ["prefix zz: is not declared", "line 2, column 6", "PREFIX zz: <"]),
    ("SELEC ?x WHERE { ?x ?p ?o }", ["'SELEC'", "did you mean SELECT?", "line 1, column 1"]),
    ("SELECT ?x WHERE { ?x ?p ?o } LIMT 3", ["'LIMT'", "did you mean LIMIT?"]),
    ("SELECT ?x WHERE { ?x ?p ?o FILTR(?o) }", ["did you mean FILTER?"]),
    ("SELECT ?x WHERE { <a> ?p ?x }", ["<a> is a relative IRI", "line 1, column 19", "BASE"]),
    ("ASK {", ["line 1, column 6", "'{' never closed"]),
    ("SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", ["line 1, column 38", "expected BY"]),
]


@pytest.mark.parametrize(("query", "says"), SYNTAX, ids=[q[:24] for q, _ in SYNTAX])
def test_syntax_errors_in_one_readable_line(query, says):
    with pytest.raises(SyntaxError) as info:
        pyoxigraph.Store().query(query, prefixes=PREFIXES)
    line = explain(query, str(info.value), PREFIXES)
    assert "\n" not in line and len(line) < 300 and "\\u{" not in line, line
    for part in says:
        assert part in line, line


def test_hints_read_past_strings_comments_and_declarations():
    # the misspelling and the prefix live in a string and a comment: not taken for the mistake
    query = 'PREFIX zz: <http://z/>\nSELECT * WHERE { ?s zz:p "SELEC foo:bar" } # FILTR foo:bar\nLIMIT x'
    with pytest.raises(SyntaxError) as info:
        pyoxigraph.Store().query(query, prefixes=PREFIXES)
    line = explain(query, str(info.value), PREFIXES)
    assert line.startswith("SPARQL syntax error at line 3, column 7 near 'x'"), line
    # a relative IRI is no mistake where the query has a base
    assert "relative" not in explain("SELECT * { <a> ?p ?o", "error at 1:20: expected one of \"}\"", {},
                                     has_base=True)


def test_the_cli_says_it_in_one_line(sample_store_path):
    from click.testing import CliRunner

    from docgraph.cli import main

    out = CliRunner().invoke(main, ["--store", str(sample_store_path), "query", "-e",
                                    "SELECT ?p WHERE { ?p a foaf:Person }"])
    assert out.exit_code == 1 and "Traceback" not in out.output
    assert "prefix foaf: is not declared" in out.output and "\\u{" not in out.output
