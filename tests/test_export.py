"""Export: GEXF, GraphML and CSV read back by independent readers (networkx, graphology-gexf),
RDF dumps re-parsed by rdflib and compared graph by graph with the store, filters and errors."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from conftest import BASE, copy_store
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib.compare import isomorphic

from docgraph.cli import main
from docgraph.export import gexf, project
from docgraph.export import rdf as rdf_export

JS = Path(__file__).parent / "js"


def XSD_(name: str) -> NamedNode:  # noqa: N802
    return NamedNode(f"http://www.w3.org/2001/XMLSchema#{name}")
TYPES = {"Person", "Organization", "Place", "Event", "Work"}


@pytest.fixture(scope="module")
def store_copy(sample_store_path, tmp_path_factory) -> Path:
    """A copy the CLI can open (the session keeps the sample store itself open)."""
    return copy_store(sample_store_path, tmp_path_factory.mktemp("export") / "store")


def export(store: Path, *args: str) -> CliRunner:
    result = CliRunner().invoke(main, ["--store", str(store), "export", *args])
    return result


def entity_count(store) -> int:
    (row,) = store.query("""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a ?c ; schema:name ?x
        FILTER NOT EXISTS { ?e a dg:Document } }
        VALUES ?c { schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork } }""")
    return int(row["n"].value)


def test_gexf_reads_back_in_networkx_with_types_labels_and_metrics(store_copy, sample_store, tmp_path):
    out = tmp_path / "g.gexf"
    result = export(store_copy, "--format", "gexf", "--metrics", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert 'xmlns="http://gexf.net/1.3"' in text and 'version="1.3"' in text
    assert 'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"' in text
    g = nx.read_gexf(out)
    assert g.number_of_nodes() == entity_count(sample_store)
    for node, data in g.nodes(data=True):
        assert data["label"] and data["type"] in TYPES and data["uri"] == node
        assert isinstance(data["documents"], int) and data["documents"] >= 1
        assert isinstance(data["pagerank"], float) and isinstance(data["community"], int)
        assert {"r", "g", "b"} <= set(data["viz"]["color"]) and data["viz"]["size"] > 0
    destro = "http://127.0.0.1:8000/id/person/robert-a-destro"
    edges = g.get_edge_data(destro, "http://127.0.0.1:8000/id/organization/us-state-department")
    (affiliation,) = [e for e in edges.values() if e["relation"] == "affiliation"]
    assert affiliation["titles"] == "Assistant Secretary of State for Democracy, Human Rights, and Labor"
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"affiliation", "author", "addressedTo", "about", "headOf"} <= relations
    # roles, claims and evidence are folded, never nodes
    assert not [n for n in g if "/role/" in n or "#" in n]


def test_gexf_reads_in_graphology(store_copy, tmp_path):
    if not (JS / "node_modules" / "graphology-gexf").is_dir() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail("tests/js has no node_modules: .ci/run installs them with `npm ci --prefix tests/js`")
        pytest.skip("graphology-gexf not installed (npm ci --prefix tests/js)")
    out = tmp_path / "g.gexf"
    assert export(store_copy, "--format", "gexf", "--metrics", "--dynamic", "-o", str(out)).exit_code == 0
    run = subprocess.run(["node", str(JS / "read_gexf.mjs"), str(out)], capture_output=True, text=True, check=True)
    seen = json.loads(run.stdout)
    g = nx.read_gexf(out)
    assert (seen["order"], seen["size"]) == (g.number_of_nodes(), g.number_of_edges())
    assert seen["unlabelled"] == [] and seen["untyped"] == [] and seen["missing"] == []
    assert {"type", "uri", "documents", "pagerank", "community"} <= set(seen["declared"])
    assert seen["sample"]["type"] in TYPES and isinstance(seen["sample"]["documents"], int)
    assert seen["relations"]["affiliation"] >= 5


def test_dynamic_gexf_has_spells(store_copy, tmp_path):
    out = tmp_path / "d.gexf"
    assert export(store_copy, "--format", "gexf", "--dynamic", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert 'mode="dynamic" timeformat="date"' in text
    g = nx.read_gexf(out)
    jahangir = g.nodes["http://127.0.0.1:8000/id/person/asma-jahangir"]
    # the month of the report she wrote to the General Assembly comes first
    assert jahangir["spells"][0] == ("2017-08-01", "2017-08-31")
    act = g.nodes["http://127.0.0.1:8000/id/work/iran-human-rights-and-hostage-taking-accountability-act"]
    assert act["spells"][0] == ("2018-01-01", "2018-12-31")  # a law known by its year
    assert any(d.get("spells") for _, _, d in g.edges(data=True))
    for _, data in g.nodes(data=True):  # periods in order, never overlapping
        periods = data.get("spells", [])
        assert all(a <= b for a, b in periods) and all(p[1] < q[0] for p, q in itertools.pairwise(periods))


def test_spells_are_months_joined_when_adjacent():
    from docgraph.export.timeline import interval_set, spells

    assert spells(["2019-12-15", "2019-12-02", "2020-01-09", "2020-03", "2018", "not a date", "2019-13-01"]) == [
        ("2018-01-01", "2018-12-31"), ("2019-12-01", "2020-01-31"), ("2020-03-01", "2020-03-31")]
    assert interval_set(spells(["2020-02-10"])) == "<[2020-02-01, 2020-02-29]>"
    assert spells([]) == [] and interval_set([]) == ""


def test_dynamic_graphml_and_csv_carry_start_end_and_timeset(store_copy, tmp_path):
    jahangir = "http://127.0.0.1:8000/id/person/asma-jahangir"
    plain, timed = tmp_path / "p.graphml", tmp_path / "t.graphml"
    assert export(store_copy, "--format", "graphml", "-o", str(plain)).exit_code == 0
    assert export(store_copy, "--format", "graphml", "--dynamic", "-o", str(timed)).exit_code == 0
    assert "start" not in nx.read_graphml(plain).nodes[jahangir]
    node = nx.read_graphml(timed).nodes[jahangir]
    assert node["start"] == "2017-08-01" and node["end"] >= node["start"]
    assert node["timeset"].startswith("<[2017-08-01, 2017-08-31]")
    assert export(store_copy, "--format", "csv", "--dynamic", "-o", str(tmp_path / "t.csv")).exit_code == 0
    with (tmp_path / "t.nodes.csv").open(encoding="utf-8") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["Id"] == jahangir]
    assert (row["start"], row["timeset"]) == (node["start"], node["timeset"])
    with (tmp_path / "t.edges.csv").open(encoding="utf-8") as fh:
        assert {"start", "end", "timeset"} <= set(csv.DictReader(fh).fieldnames)


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "nt", "jsonld"])
def test_graph_options_on_rdf_dumps_are_one_line_errors(store_copy, tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    for option in (["--dynamic"], ["--type", "Person"], ["--min-weight", "2"], ["--metrics"]):
        result = export(store_copy, "--format", fmt, *option, "-o", str(out))
        assert result.exit_code == 1 and option[0] in result.output and "only for the graph formats" in result.output
        assert len(result.output.strip().splitlines()) == 1 and not out.exists()
    gexf_graph = export(store_copy, "--format", "gexf", "--graph", "x", "-o", str(out))
    assert gexf_graph.exit_code == 1 and "only for the RDF formats" in gexf_graph.output


def test_gexf_writer_survives_hostile_text(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("http://x/id/person/a", label='<script>alert("x")</script> & \x01\x0b co', type="Person",
               uri="http://x/id/person/a", documents=None, aliases=None)
    g.add_node("http://x/id/organization/b", label="B", type="Organization", uri="http://x/id/organization/b")
    g.add_edge("http://x/id/person/a", "http://x/id/organization/b", key="affiliation", relation="affiliation",
               weight=2, evidence=None, titles="Chief \"Executive\" <b>")
    out = tmp_path / "h.gexf"
    with out.open("w", encoding="utf-8") as fh:
        gexf.write(g, fh)
    back = nx.read_gexf(out)
    assert back.nodes["http://x/id/person/a"]["label"] == '<script>alert("x")</script> &  co'
    assert back.nodes["http://x/id/person/a"]["documents"] == 0
    ((_, _, edge),) = back.edges(data=True)
    assert edge["titles"] == 'Chief "Executive" <b>' and edge["weight"] == 2.0


def test_graphml_round_trips_nodes_edges_and_attributes(store_copy, sample_store, tmp_path):
    out = tmp_path / "g.graphml"
    assert export(store_copy, "--format", "graphml", "--metrics", "-o", str(out)).exit_code == 0
    back = nx.read_graphml(out, force_multigraph=True)
    made = project.graph(sample_store, project.Options(metrics=True))
    assert set(back.nodes) == set(made.nodes)
    assert sorted((s, o, d["relation"]) for s, o, d in back.edges(data=True)) == sorted(
        (s, o, d["relation"]) for s, o, d in made.edges(data=True))
    for node, data in made.nodes(data=True):
        got = back.nodes[node]
        for key in ("label", "type", "uri", "documents", "community"):
            assert got[key] == data[key], (node, key)
        assert got["pagerank"] == pytest.approx(data["pagerank"])


def test_csv_is_a_nodes_file_and_an_edges_file_for_gephi(store_copy, tmp_path):
    result = export(store_copy, "--format", "csv", "--co-mentions", "-o", str(tmp_path / "graph.csv"))
    assert result.exit_code == 0, result.output
    nodes = list(csv.DictReader((tmp_path / "graph.nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "graph.edges.csv").open(encoding="utf-8")))
    assert list(nodes[0])[:4] == ["Id", "Label", "type", "uri"]
    assert list(edges[0])[:5] == ["Source", "Target", "Type", "Label", "Weight"]
    ids = {n["Id"] for n in nodes}
    assert len(ids) == len(nodes) and all(n["Label"] for n in nodes)
    assert all(e["Source"] in ids and e["Target"] in ids and e["Type"] == "Directed" for e in edges)
    co = [e for e in edges if e["relation"] == "co-mention"]
    assert co and all(int(e["Weight"]) >= 1 for e in co)
    assert not (tmp_path / "graph.csv").exists()


def test_filters_type_min_weight_and_query(store_copy, sample_store, tmp_path):
    people = project.graph(sample_store, project.Options(types={"Person", "Organization"}))
    assert {d["type"] for _, d in people.nodes(data=True)} == {"Person", "Organization"}
    heavy = project.graph(sample_store, project.Options(min_weight=2))
    assert heavy.number_of_edges() and all(d["weight"] >= 2 for _, _, d in heavy.edges(data=True))
    assert heavy.number_of_edges() < project.graph(sample_store).number_of_edges()
    # a SELECT of entity URIs: the people holding roles and their organisations
    result = export(store_copy, "--format", "graphml", "--query", "people-roles", "-o", str(tmp_path / "r.graphml"))
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(tmp_path / "r.graphml")
    assert "http://127.0.0.1:8000/id/person/robert-a-destro" in g
    assert {d["type"] for _, d in g.nodes(data=True)} == {"Person", "Organization"}
    # a CONSTRUCT from a file, with a parameter
    rq = tmp_path / "authors.rq"
    rq.write_text("# title: Authors\n# description: works and their authors\n"
                  "# param: who | entity | - | the author\n"
                  "CONSTRUCT { ?w schema:author ?who } WHERE { ?w schema:author ?who }\n", encoding="utf-8")
    result = export(store_copy, "--format", "gexf", "--query", str(rq), "-p", "who=http://127.0.0.1:8000/id/person/asma-jahangir",
                    "-o", str(tmp_path / "a.gexf"))
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(tmp_path / "a.gexf")
    # her 2017 report in the seed article, and "her report" in a Tehran Times article
    assert "http://127.0.0.1:8000/id/person/asma-jahangir" in g and g.number_of_nodes() == 3
    assert all("/id/work/" in n for n in g if "asma-jahangir" not in n)


def test_a_filtered_graph_drops_isolated_nodes_unless_told(store_copy, tmp_path):
    """Issue 16 item 9: `--type Person,Organization --min-weight 2` gave 190 nodes and 2 edges."""
    out = tmp_path / "p.graphml"
    result = export(store_copy, "--format", "graphml", "--type", "Person,Organization", "--min-weight", "2", "-o", str(out))
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out)
    assert g.number_of_edges() and all(g.degree(n) > 0 for n in g)
    kept = export(store_copy, "--format", "graphml", "--type", "Person,Organization", "--min-weight", "2",
                  "--keep-isolated", "-o", str(out))
    assert kept.exit_code == 0 and "without an edge: --drop-isolated leaves them out" in kept.output
    assert nx.read_graphml(out).number_of_nodes() > g.number_of_nodes()
    # unfiltered, every entity stays (and the message says how many have no edge)
    whole = export(store_copy, "--format", "gexf", "-o", str(tmp_path / "w.gexf"))
    assert "without an edge" in whole.output
    dropped = export(store_copy, "--format", "gexf", "--drop-isolated", "-o", str(tmp_path / "d.gexf"))
    d = nx.read_gexf(tmp_path / "d.gexf")
    assert dropped.exit_code == 0 and all(d.degree(n) > 0 for n in d) and "without an edge" not in dropped.output


def _shared_documents(store) -> dict[tuple[str, str], int]:
    """Pairs of entities and the documents naming both, counted the plain way."""
    from collections import Counter, defaultdict
    from itertools import combinations

    by_doc = defaultdict(set)
    for q in store.raw.quads_for_pattern(None, NamedNode("https://schema.org/mentions"), None, None):
        if q.subject == q.graph_name:
            by_doc[q.subject.value].add(q.object.value)
    return Counter(pair for ents in by_doc.values() for pair in combinations(sorted(ents), 2))


def test_co_mentions_have_a_threshold_and_their_documents(store_copy, sample_store, tmp_path):
    """Issue 16 item 9: `--co-mentions` gave 204,986 edges on 804 articles, with no threshold."""
    shared = _shared_documents(sample_store)
    for args, threshold in ((["--co-mentions"], project.MIN_CO_MENTIONS), (["--min-co-mentions", "1"], 1),
                            (["--co-mentions", "--min-co-mentions", "2"], 2)):
        out = tmp_path / "c.gexf"
        assert export(store_copy, "--format", "gexf", *args, "-o", str(out)).exit_code == 0
        g = nx.read_gexf(out)
        got = {tuple(sorted((s, o))): d for s, o, d in g.edges(data=True) if d["relation"] == "co-mention"}
        assert set(got) == {pair for pair, n in shared.items() if n >= threshold}, args
        for pair, d in got.items():
            ids = d["document_ids"].split()
            assert d["weight"] == d["documents"] == shared[pair] and len(ids) == min(shared[pair], 20)
    assert project.MIN_CO_MENTIONS > 1


def test_link_edges_say_which_documents_and_sentence_link_them(store_copy, sample_store, tmp_path):
    """A click on an edge in Gephi says why the two are linked: its documents and one sentence."""
    out = tmp_path / "g.gexf"
    assert export(store_copy, "--format", "gexf", "-o", str(out)).exit_code == 0
    g = nx.read_gexf(out)
    edges = [(s, o, d) for s, o, d in g.edges(data=True)]
    assert edges
    for s, o, d in edges:
        ids = d["document_ids"].split()
        assert d["documents"] == d["weight"] == len(ids) and d["evidence"] >= d["documents"]
        assert d["sentence"] and d["sentence_document"] in ids
        # the sentence is the evidence of a statement of this very link in that document
        assert bool(sample_store.query(
            "ASK { GRAPH ?doc { ?st rdf:subject ?s ; rdf:object ?o ; dg:evidence/nif:anchorOf ?text } }",
            substitutions={"doc": NamedNode(d["sentence_document"]), "s": NamedNode(s), "o": NamedNode(o),
                           "text": Literal(d["sentence"])}))
    destro = next(d for s, o, d in edges if s.endswith("/person/robert-a-destro") and d["relation"] == "affiliation")
    assert "Robert A. Destro" in destro["sentence"] and "Assistant Secretary of State" in destro["sentence"]
    assert export(store_copy, "--format", "csv", "-o", str(tmp_path / "t.csv")).exit_code == 0
    with (tmp_path / "t.edges.csv").open(encoding="utf-8") as fh:
        assert {"documents", "document_ids", "sentence", "sentence_document"} <= set(csv.DictReader(fh).fieldnames)


def _rdflib_term(term):
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_dataset_dumps_round_trip_graph_by_graph(store_copy, sample_store, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"dump.{fmt}"
    assert export(store_copy, "--format", fmt, "-o", str(out)).exit_code == 0
    ds = rdflib.Dataset()
    ds.parse(out, format=rdflib_format)
    names = sample_store.named_graphs()
    parsed = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert set(names) == parsed
    for name in names[:6] + names[-3:]:
        expected = rdflib.Graph()
        for q in sample_store.quads(name):
            expected.add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
        got = ds.graph(rdflib.URIRef(name))
        assert len(got) == len(expected)
        assert isomorphic(got, expected), name


def test_jsonld_is_compact_with_a_context_and_reads_back_as_every_graph(store_copy, sample_store, tmp_path):
    out = tmp_path / "dump.jsonld"
    assert export(store_copy, "--format", "jsonld", "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {"schema": "https://schema.org/", "dg": "https://w3id.org/docgraph#",
            "prov": "http://www.w3.org/ns/prov#"}.items() <= doc["@context"].items()
    nodes = [n for g in doc["@graph"] for n in g["@graph"]]
    destro = next(n for n in nodes if n["@id"] == "http://127.0.0.1:8000/id/person/robert-a-destro")
    assert "schema:Person" in destro["@type"] and destro["schema:name"] == "Robert A. Destro"
    assert not [k for n in nodes for k in n if k.startswith("https://schema.org/")]  # compacted
    ds = rdflib.Dataset()
    ds.parse(out, format="json-ld")
    for name in sample_store.named_graphs():
        expected = rdflib.Graph()
        for q in sample_store.quads(name):
            expected.add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
        assert isomorphic(ds.graph(rdflib.URIRef(name)), expected), name


def test_jsonld_keeps_every_kind_of_literal():
    from pyoxigraph import Quad

    from docgraph import jsonld

    s, g = NamedNode("http://x/id/person/a"), NamedNode("http://x/id/document/1")
    values = [Literal("plain"), Literal("chat", language="fr"), Literal("3", datatype=XSD_("integer")),
              Literal("007", datatype=XSD_("integer")), Literal("true", datatype=XSD_("boolean")),
              Literal("2019-12", datatype=XSD_("gYearMonth")), Literal("1.5", datatype=XSD_("decimal")),
              NamedNode("https://schema.org/Thing"), BlankNode("b1"),
              Literal("99999999999999999999", datatype=XSD_("integer"))]
    quads = [Quad(s, NamedNode("https://w3id.org/docgraph#p"), v, g) for v in values]
    quads.append(Quad(s, NamedNode("http://example.org/other#q"), Literal("x"), g))
    ds = rdflib.Dataset()
    ds.parse(data=jsonld.dumps(quads).decode(), format="json-ld")
    expected = rdflib.Graph()
    for q in quads:
        expected.add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
    assert isomorphic(ds.graph(rdflib.URIRef(g.value)), expected)


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt")])
def test_triple_dumps_hold_the_union_of_graphs(store_copy, sample_store, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"dump.{fmt}"
    assert export(store_copy, "--format", fmt, "-o", str(out)).exit_code == 0
    g = rdflib.Graph()
    g.parse(out, format=rdflib_format)
    distinct = {(q.subject, q.predicate, q.object) for q in sample_store.quads()}
    assert len(g) == len(distinct) == len(sample_store)  # no triple is stored in two graphs


def test_one_document_graph(store_copy, sample_store, tmp_path):
    seed = [u for u in sample_store.named_graphs() if "/id/document/" in u][0]
    result = CliRunner().invoke(main, ["--store", str(store_copy), "export", "--format", "nq", "--graph", seed])
    assert result.exit_code == 0
    g = rdflib.Dataset()
    g.parse(io.StringIO(result.stdout), format="nquads")
    entities = f"{BASE}/graph/entities"
    assert {str(x.identifier) for x in g.graphs() if len(x)} == {seed, entities}
    assert len(g.graph(rdflib.URIRef(seed))) == sum(1 for _ in sample_store.quads(seed))
    # with what the entity graph says of the entities the document speaks of, and nothing else
    spoken = {q.object.value for q in sample_store.quads(seed) if q.predicate.value.endswith("#entity")}
    about = {str(s) for s in g.graph(rdflib.URIRef(entities)).subjects()}
    assert about == spoken


def test_graph_takes_a_document_uri_a_path_or_a_jsonl_file(store_copy, sample_store, seed_path, tmp_path):
    from docgraph.queries import document_graphs

    (seed,) = document_graphs(sample_store, str(seed_path))
    by_path, by_uri = tmp_path / "p.nq", tmp_path / "u.nq"
    assert export(store_copy, "--format", "nq", "--graph", str(seed_path), "-o", str(by_path)).exit_code == 0
    assert export(store_copy, "--format", "nq", "--graph", seed, "-o", str(by_uri)).exit_code == 0
    assert by_path.read_bytes() == by_uri.read_bytes()
    entities = f"<{BASE}/graph/entities>"  # with what the entity graph says of its entities
    assert {line.rsplit(" ", 2)[-2] for line in by_path.read_text(encoding="utf-8").splitlines()} == {
        f"<{seed}>", entities}
    jsonl = seed_path.parent / "tehran-times-sample.jsonl"
    whole = export(store_copy, "--format", "nq", "--graph", str(jsonl), "-o", str(tmp_path / "j.nq"))
    graphs = {line.rsplit(" ", 2)[-2] for line in (tmp_path / "j.nq").read_text(encoding="utf-8").splitlines()}
    assert whole.exit_code == 0 and len(graphs - {entities}) == 24 and f"<{seed}>" not in graphs


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_exported_files_get_the_modes_the_umask_gives(store_copy, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        for args, files in ((["--format", "gexf", "-o", "g.gexf"], ["g.gexf"]),
                            (["--format", "csv", "-o", "g.csv"], ["g.nodes.csv", "g.edges.csv"]),
                            (["--format", "nq", "-o", "g.nq"], ["g.nq"])):
            args[-1] = str(tmp_path / args[-1])
            assert export(store_copy, *args).exit_code == 0
            for name in files:
                assert (tmp_path / name).stat().st_mode & 0o777 == mode, name
    finally:
        os.umask(old)
    kept = tmp_path / "kept.gexf"
    kept.write_text("old")
    kept.chmod(0o640)
    assert export(store_copy, "--format", "gexf", "-o", str(kept)).exit_code == 0
    assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text().startswith("<?xml")


def test_streaming_rdf_writer_writes_to_any_binary_stream(sample_store):
    buf = io.BytesIO()
    rdf_export.write(sample_store, "nq", buf)
    assert buf.getvalue().count(b"\n") == len(sample_store)


def test_mistakes_are_one_line_errors_and_leave_no_file(store_copy, tmp_path):
    cases = [
        (["--format", "gexf", "--type", "Persons"], "unknown type(s) Persons"),
        (["--format", "csv"], "give -o NAME.csv"),
        (["--format", "ttl", "--graph", "http://nope"], "no document http://nope in the store"),
        (["--format", "gexf", "--query", "no-such-query"], "no canned query named 'no-such-query'"),
        (["--format", "gexf", "--query", "entity"], "missing parameter entity"),
        (["--format", "gexf", "-o", str(tmp_path / "missing" / "g.gexf")], "no folder"),
    ]
    for args, message in cases:
        result = export(store_copy, *args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    empty = export(tmp_path / "nothing-here", "--format", "gexf")
    assert empty.exit_code == 1 and "no docgraph store" in empty.output
