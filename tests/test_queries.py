"""Canned queries on the sample corpus, parameters bound as terms, formats, errors, timeout."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from docgraph.cli import main
from docgraph.errors import QueryError
from docgraph.queries import find_query, load_catalogue, prepare, run, serialize

BASE = "http://127.0.0.1:8000"


def rows(store, name, **params):
    q = find_query(name)
    result = run(store, prepare(q.sparql, params, q.params, store))
    return [{v: (r[v].value if r[v] is not None else None) for v in result.variables} for r in result.rows]


def test_catalogue_headers_are_read_from_the_files():
    catalogue = load_catalogue()
    assert {"people-roles", "organisation-members", "works", "timeline", "figures", "quotations", "entity",
            "documents-mentioning", "co-mentioned", "merged-aliases", "evidence", "document-summary",
            "contested-figures"} <= set(catalogue)
    for q in catalogue.values():
        assert q.title and q.description and "SELECT" in q.sparql
    (limit,) = [p for p in catalogue["co-mentioned"].params if p.name == "limit"]
    assert (limit.type, limit.default) == ("integer", "25")
    assert catalogue["entity"].params[0].required


def test_people_roles(sample_store):
    found = {(r["name"], r["title"], r["organizationName"]) for r in rows(sample_store, "people-roles")}
    # one node whatever the spelling; its name is spelt with its accents
    assert ("António Guterres", "Secretary-General", "United Nations") in found
    assert ("Robert A. Destro", "Assistant Secretary of State for Democracy, Human Rights, and Labor",
            "US State Department") in found
    only = rows(sample_store, "people-roles", who="jahangir")
    assert {r["name"] for r in only} == {"Asma Jahangir"} and only[0]["late"] == "true"


def test_organisation_members_works_timeline(sample_store):
    members = {(r["organizationName"], r["name"]) for r in rows(sample_store, "organisation-members")}
    assert ("United Nations", "António Guterres") in members
    works = {r["name"]: r for r in rows(sample_store, "works")}
    report = works["Report by Asma Jahangir to UN General Assembly (2017-08)"]
    assert (report["kind"], report["authorName"], report["date"], report["addressee"]) == (
        "Report", "Asma Jahangir", "2017-08", "UN General Assembly")
    timeline = rows(sample_store, "timeline")
    dates = [r["date"] for r in timeline]
    assert dates == sorted(dates) and ("1988", "1988 Massacre") in {(r["date"], r["name"]) for r in timeline}


def test_figures_and_quotations(sample_store):
    toll = [r for r in rows(sample_store, "figures", counts_filter="death toll") if r["value"] == "1500"]
    assert {(r["givenBy"], r["how"], r["when"]) for r in toll} == {
        ("Reuters", "confirmed", "2019-12-23"), ("People’s Mojahedin Organization of Iran", "announced", "2019-12-15")}
    quotes = rows(sample_store, "quotations", speaker="destro")
    assert [q["quote"] for q in quotes] == ["investigate itself"]


def test_entity_by_name_or_uri_documents_and_co_mentions(sample_store):
    by_name = rows(sample_store, "documents-mentioning", entity="MKO")  # an alias finds the PMOI
    by_uri = rows(sample_store, "documents-mentioning", entity=f"{BASE}/id/organization/peoples-mojahedin-organization-of-iran")
    assert by_name == by_uri and len(by_name) >= 2
    about = rows(sample_store, "entity", entity="António Guterres")
    assert {"https://schema.org/name", "https://w3id.org/docgraph#hasRole"} <= {r["property"] for r in about}
    co = rows(sample_store, "co-mentioned", entity="Mohammad Javad Zarif", limit="3")
    assert len(co) == 3 and int(co[0]["documents"]) >= int(co[-1]["documents"])


def test_merged_aliases_evidence_and_summary(sample_store):
    merged = {r["name"]: r["aliases"] for r in rows(sample_store, "merged-aliases")}
    assert {"PMOI", "MEK", "MKO"} <= set(merged["People’s Mojahedin Organization of Iran"].split(" | "))
    evidence = rows(sample_store, "evidence", subject="Robert A. Destro")
    assert any(r["objectName"] == "US State Department" and "Destro" in r["sentence"] for r in evidence)
    summary = {r["source"].rsplit("/", 1)[-1]: r for r in rows(sample_store, "document-summary")}
    assert len(summary) == 25 and summary["000_c70673dcfd7164ec.txt"]["roles"] == "4"


def test_parameters_are_terms_not_text(sample_store):
    hostile = 'x") } } DROP ALL ; SELECT * { ?s ?p ?o . FILTER("'
    assert rows(sample_store, "people-roles", who=hostile) == []
    q = find_query("people-roles")
    with pytest.raises(QueryError, match="unknown parameter"):
        prepare(q.sparql, {"nope": "1"}, q.params)
    co = find_query("co-mentioned")
    with pytest.raises(QueryError, match="missing parameter entity"):
        prepare(co.sparql, {}, co.params, sample_store)
    with pytest.raises(QueryError, match="not a valid integer"):
        prepare(co.sparql, {"entity": f"{BASE}/id/place/iran", "limit": "ten"}, co.params, sample_store)
    with pytest.raises(QueryError, match="no entity named"):
        prepare(co.sparql, {"entity": "Nobody At All"}, co.params, sample_store)


def test_result_formats(sample_store):
    q = find_query("people-roles")
    result = run(sample_store, prepare(q.sparql, {"who": "guterres"}, q.params))
    table = list(csv.DictReader(io.StringIO(serialize(result, "csv").decode())))
    names = {"António Guterres", "Antonio Guterres"}  # both spellings are in the corpus: one URI
    assert table and table[0]["name"] in names
    data = json.loads(serialize(result, "json"))
    assert data["head"]["vars"][0] == "person" and data["results"]["bindings"][0]["name"]["value"] in names
    tsv = serialize(result, "tsv").decode().splitlines()
    assert tsv[0].startswith("?person\t") and "Guterres\"" in tsv[1]
    root = ET.fromstring(serialize(result, "xml"))
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    graph = run(sample_store, "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n } LIMIT 5")
    assert b"schema:name" in serialize(graph, "ttl")
    doc = json.loads(serialize(graph, "jsonld"))
    assert doc["@context"]["schema"] == "https://schema.org/" and doc["@graph"][0]["schema:name"]
    with pytest.raises(QueryError):
        serialize(graph, "csv")


def test_cli_query_file_expression_graph_and_errors(tmp_path, corpus_dir, seed_path):
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["--store", str(store), "ingest", "-q", "--jobs", "1", str(seed_path)]).exit_code == 0
    rq = tmp_path / "mine.rq"
    rq.write_text("# title: Mine\n# param: who | string | - | a name\nSELECT ?n WHERE { ?p schema:name ?n FILTER(?n = ?who) }\n")
    out = CliRunner().invoke(main, ["--store", str(store), "query", str(rq), "-p", "who=Asma Jahangir", "--format", "csv"])
    assert out.exit_code == 0 and out.output.splitlines() == ["n", "Asma Jahangir"]
    missing = CliRunner().invoke(main, ["--store", str(store), "query", str(rq)])
    assert missing.exit_code == 1 and "missing parameter who" in missing.output
    bad = CliRunner().invoke(main, ["--store", str(store), "query", "-e", "SELECT ?x WHERE {\n ?x ?y }"])
    assert bad.exit_code == 1 and "line 2, column 9" in bad.output and "Traceback" not in bad.output
    doc = json.loads(CliRunner().invoke(main, ["--store", str(store), "stats", "--format", "json"]).output)
    graph = CliRunner().invoke(main, ["--store", str(store), "query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                      "--graph", f"{BASE}/id/document/nope", "--format", "csv"])
    assert graph.exit_code == 1 and "no document http://127.0.0.1:8000/id/document/nope in the store" in graph.output
    assert doc["documents"] == 1
    out_file = tmp_path / "roles.json"
    ok = CliRunner().invoke(main, ["--store", str(store), "query", "people-roles", "--format", "json", "-o", str(out_file)])
    assert ok.exit_code == 0 and json.loads(out_file.read_text())["results"]["bindings"]


def test_contested_figures_side_by_side(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Amnesty on the 1988 Massacre\n\nAmnesty International said between "
                                             "2,800 and 5,000 political prisoners were executed in the 1988 Massacre.\n")
    (tmp_path / "docs" / "b.txt").write_text("NCRI on the 1988 Massacre\n\nThe National Council of Resistance of Iran "
                                             "said 30,000 political prisoners were executed in the 1988 Massacre.\n")
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["--store", str(store), "ingest", "-q", "--jobs", "1", str(tmp_path / "docs")]).exit_code == 0
    out = CliRunner().invoke(main, ["--store", str(store), "query", "contested-figures", "--format", "csv"])
    got = [(r["value"], r["maxValue"], r["givenBy"]) for r in csv.DictReader(io.StringIO(out.output))]
    assert got == [("2800", "5000", "Amnesty International"), ("30000", "", "National Council of Resistance of Iran")]


@pytest.mark.slow
def test_timeout_stops_a_runaway_query(sample_store_path, tmp_path):
    from conftest import copy_store

    store = copy_store(sample_store_path, tmp_path / "copy")
    proc = subprocess.run(
        [sys.executable, "-m", "docgraph", "--store", str(store), "query", "--timeout", "1", "-e",
         "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "ran past the 1s timeout" in proc.stderr


# -- what a new user tripped over (issue 16) ---------------------------------------------------------

@pytest.fixture(scope="module")
def store_copy(sample_store_path, tmp_path_factory):
    from conftest import copy_store

    return copy_store(sample_store_path, tmp_path_factory.mktemp("queries") / "store")


def cli(store, *args, env=None):
    return CliRunner().invoke(main, ["--store", str(store), *args], env=env)


def test_graph_narrows_canned_queries_to_one_document(store_copy, sample_store, seed_path):
    everything = list(csv.DictReader(io.StringIO(cli(store_copy, "query", "people-roles", "--format", "csv").output)))
    seed = cli(store_copy, "query", "people-roles", "--graph", str(seed_path), "--format", "csv")
    assert seed.exit_code == 0, seed.output
    only = list(csv.DictReader(io.StringIO(seed.output)))
    (uri,) = {r["document"] for r in only}
    assert 0 < len(only) < len(everything) and uri in {r["document"] for r in everything}
    assert only == [r for r in everything if r["document"] == uri]
    by_uri = cli(store_copy, "query", "people-roles", "--graph", uri, "--format", "csv")
    assert by_uri.output == seed.output
    # the Python API narrows the same way
    from docgraph.queries import run_canned

    assert len(run_canned(sample_store, "people-roles", graph=str(seed_path))) == len(only)
    assert len(run_canned(sample_store, "people-roles", {"who": "destro"})) == 1


def test_a_mistyped_query_name_gets_a_suggestion(store_copy):
    out = cli(store_copy, "query", "peple-roles")
    assert out.exit_code == 1 and "did you mean people-roles?" in out.output
    far = cli(store_copy, "query", "zzzz")
    assert far.exit_code == 1 and "did you mean" not in far.output and "docgraph queries lists them" in far.output


def test_result_iterates_like_the_store_query_it_wraps(sample_store):
    result = run(sample_store, "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n LIMIT 3")
    names = [row["n"].value for row in result]
    assert len(names) == len(result) == 3 and names == sorted(names) and result
    assert result.dicts() == [{"n": n} for n in names]
    graph = run(sample_store, "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n } LIMIT 2")
    assert all(t.predicate.value == "https://schema.org/name" for t in graph) and len(graph) >= 1
    assert bool(run(sample_store, "ASK { ?p a schema:Person }")) is True
    assert bool(run(sample_store, "ASK { ?p a schema:Nothing }")) is False
    assert not run(sample_store, "SELECT ?x WHERE { ?x a schema:Nothing }")


def test_plurals_say_one_for_one(tmp_path, seed_path):
    from docgraph.commands.context import plural

    assert [plural(1, "short name"), plural(2, "short name"), plural(1, "entity", "entities"),
            plural(0, "entity", "entities")] == ["1 short name", "2 short names", "1 entity", "0 entities"]
    out = cli(tmp_path / "store", "ingest", "-q", "--jobs", "1", str(seed_path))
    assert out.exit_code == 0 and "store: 1 document, " in out.output
    rows_line = cli(tmp_path / "store", "query", "-e", "SELECT ?x WHERE { VALUES ?x { 1 } }", "--format", "table")
    assert rows_line.output.rstrip().endswith("1 row")


def _cells(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("│")]


@pytest.mark.parametrize("columns", [80, 160, 220])
def test_terminal_tables_fit_the_width_and_keep_short_columns_whole(store_copy, columns):
    out = cli(store_copy, "query", "people-roles", "-p", "who=destro", "--format", "table",
              env={"COLUMNS": str(columns)})
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert max(len(line) for line in lines) <= columns
    if columns == 80:  # eleven columns cannot be read in 80: one block per row, values wrapped
        at = next(i for i, line in enumerate(lines) if line.startswith("sentence "))
        sentence = " ".join(line.split(None, 1)[-1] if n == 0 else line.strip()
                            for n, line in enumerate(lines[at:-1]))
        assert [line.split()[-1] for line in lines if line.startswith(("former ", "late "))] == ["false", "false"]
    else:
        sentence = " ".join(line.strip("│").split("│")[-1].strip() for line in _cells(out.output)[1:])
        assert "│ false  │ false │" in out.output
    assert "the UN experts" in sentence and sentence.startswith("Robert A. Destro the Assistant Secretary of State")
    if columns > 80:
        header = _cells(out.output)[0]
        widths = [len(c) for c in header.strip("│").split("│")]
        assert min(widths) >= 7 and max(widths) == widths[-1]  # the sentence gets the room


def test_terminal_tables_truncate_with_an_ellipsis_when_asked(store_copy):
    out = cli(store_copy, "query", "people-roles", "--format", "table", "--truncate", env={"COLUMNS": "120"})
    rows_ = _cells(out.output)[1:]
    as_json = cli(store_copy, "query", "people-roles", "--format", "json")
    expected = len(json.loads(as_json.output)["results"]["bindings"])
    assert out.exit_code == 0 and len(rows_) == expected > 50  # one line per row
    assert all(len(line) <= 120 for line in rows_) and any("…" in line for line in rows_)
    assert "false" in rows_[0]  # short columns are not cut


def test_merged_aliases_lists_merged_uris_through_merges_of_merges(store_copy, tmp_path):
    """Issue 16 item 3: `mergedUris` was empty in every row, and rows had empty `aliases`. (Merges
    keep owl:sameAs pointing at the entity a URI ended in, so the query needs no path.)"""
    from conftest import copy_store

    store = copy_store(store_copy, tmp_path / "store")
    base = f"{BASE}/id/person/"
    # three names of one writer that no resolution rule can join (no shared word, no acronym):
    # a person's decisions merge the first into the second, then the second into the third
    later = tmp_path / "later"
    later.mkdir()
    (later / "twain.txt").write_text("Samuel Clemens was born in Florida, Missouri, in 1835.\n\nThe writer Mark Twain "
                                     "lectured in London in 1872.\n\nIn 1856 the humorist Thomas Jefferson Snodgrass "
                                     "wrote letters to a newspaper in Keokuk.\n", encoding="utf-8")
    assert cli(store, "ingest", "-q", "--jobs", "1", str(later)).exit_code == 0
    assert cli(store, "merge", "Samuel Clemens", "Mark Twain").exit_code == 0
    assert cli(store, "merge", "Mark Twain", "Thomas Jefferson Snodgrass").exit_code == 0
    out = cli(store, "query", "merged-aliases", "--format", "csv")
    table = {r["entity"]: r for r in csv.DictReader(io.StringIO(out.output))}
    writer = table[base + "thomas-jefferson-snodgrass"]
    assert set(writer["mergedUris"].split()) == {base + "samuel-clemens", base + "mark-twain"}
    assert {"Samuel Clemens", "Mark Twain"} <= set(writer["aliases"].split(" | "))
    assert not [e for e, r in table.items() if not r["aliases"] and not r["mergedUris"]]
    links = cli(store, "query", "-e", "SELECT ?old WHERE { GRAPH ?g { ?old owl:sameAs ?new } "
                "FILTER(STRENDS(STR(?g), '/graph/resolution')) }", "--format", "csv").output.split()[1:]
    listed = {u for r in table.values() for u in r["mergedUris"].split()}
    assert links and set(links) <= listed
