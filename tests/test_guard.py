"""The query guard reads SPARQL as the grammar does: what it refuses, and what it must let through."""

from __future__ import annotations

import pytest

from docgraph.guard import QueryRefused, check, has_dataset_clause, query_form
from docgraph.queries import load_catalogue


def test_every_canned_query_passes():
    for name, q in load_catalogue().items():
        check(q.sparql)  # raises if refused
        assert query_form(q.sparql) in ("select", "ask", "graph"), name


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?s <https://schema.org/serviceType> ?service }',
    'PREFIX schema: <https://schema.org/> SELECT * WHERE { ?s schema:serviceType ?o }',
    'SELECT * WHERE { BIND("SERVICE <http://x/> {}" AS ?x) } # SERVICE <http://x/>',
    "SELECT * WHERE { BIND('''SERVICE''' AS ?x) FILTER(?a < ?b && ?c > ?d) }",
    "SELECT * WHERE { <http://example.org/service> ?p ?o }",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE " + "{" * 100 + "}" * 100,
])
def test_ordinary_queries_pass(query):
    check(query)


@pytest.mark.parametrize("query,status", [
    ("PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }", 400),  # refused, said so
    ("SELECT * WHERE { ?a ?b ?c FILTER(?a<?b)SERVICE<http://127.0.0.1:1/>{?x ?y ?z} FILTER(?c>?d) }", 400),
    ("SELECT * WHERE { ?s ?p 'x' #\rSERVICE <http://127.0.0.1:1/> { } }", 400),
    ("SELECT * WHERE { ?s <p:a\\#> ?o SERVICE <http://127.0.0.1:1/> { } }", 400),
    ("SELECT * WHERE " + "{" * 200 + "}" * 200, 400),
    ("CLEAR ALL", 403),
    ("PREFIX x: <http://x/> LOAD <http://example.org/data.ttl>", 403),
    ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", 403),
])
def test_refused(query, status):
    with pytest.raises(QueryRefused) as err:
        check(query)
    assert err.value.status == status and "\n" not in str(err.value)


def test_dataset_clause_is_found_as_a_keyword_only():
    assert has_dataset_clause("SELECT * FROM NAMED <http://g/> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not has_dataset_clause('SELECT * WHERE { ?s ?p "from" . ?s <http://x/from> ?o }')
