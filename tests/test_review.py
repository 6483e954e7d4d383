"""Entity review on a copy of the sample store: candidates with scores and evidence, merge and
keep-apart decisions stored as RDF, honoured by later ingests, undone by a split, and merged-away
URIs that still resolve."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import BASE, copy_store

from docgraph.cli import main
from docgraph.store import open_store

# a pair review proposes and resolution leaves alone: the ministry named with its country's
# adjective in some articles, bare in others (which country's, only the reader of each can say)
NAME_A, NAME_B = "Iranian Foreign Ministry", "Foreign Ministry"
A = f"{BASE}/id/organization/iranian-foreign-ministry"
B = f"{BASE}/id/organization/foreign-ministry"


def run(store, *args):
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    return result


def mentions(store_path, uri):
    store = open_store(store_path)
    try:
        (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?d {{ ?m itsrdf:taIdentRef <{uri}> }} }}")
        return int(row["n"].value)
    finally:
        store.close()


@pytest.fixture
def store(sample_store_path, tmp_path):
    return copy_store(sample_store_path, tmp_path / "store")


def test_candidates_come_with_scores_and_evidence(store):
    out = run(store, "review", "--format", "json", "--limit", "30")
    assert out.exit_code == 0, out.output
    found = json.loads(out.output)
    # ranked by what accepting them changes: the documents involved, then the score
    assert found == sorted(found, key=lambda c: (-c["documents"], -c["score"]))
    pair = next(c for c in found if {c["a"]["uri"], c["b"]["uri"]} == {A, B})
    assert pair["type"] == "Organization" and pair["score"] >= 0.6 and pair["reasons"]
    assert pair["a"]["sentence"] and pair["a"]["document"].startswith(BASE + "/id/document/")
    # within one document, resolution already kept two al-Nimrs apart: no boost for sharing it
    nimr = [c for c in found if {c["a"]["name"], c["b"]["name"]} == {"Ali al-Nimr", "Baqir al-Nimr"}]
    assert not nimr or nimr[0]["score"] < pair["score"]


def test_merge_keeps_provenance_applies_to_new_documents_and_split_restores(store, tmp_path):
    before_a, before_b = mentions(store, A), mentions(store, B)
    assert before_a and before_b
    out = run(store, "merge", NAME_A, NAME_B)
    assert out.exit_code == 0, out.output
    assert mentions(store, A) == 0 and mentions(store, B) == before_a + before_b
    s = open_store(store)
    try:
        same = list(s.query(f"SELECT ?o WHERE {{ <{A}> owl:sameAs ?o }}"))
        assert [r["o"].value for r in same] == [B]
        names = {r["n"].value for r in s.query(f"SELECT ?n WHERE {{ <{B}> schema:alternateName ?n }}")}
        assert NAME_A in names
        verdicts = [(r["a"].value, r["v"].value) for r in s.query(
            "SELECT ?a ?v WHERE { ?d a dg:ResolutionDecision ; dg:entityA ?a ; dg:verdict ?v ; prov:wasAttributedTo ?w }")]
        assert verdicts == [(A, "merge")]
        # every mention still sits in its document graph with its sentence
        orphans = list(s.query(f"""SELECT ?m WHERE {{ GRAPH ?d {{ ?m itsrdf:taIdentRef <{B}> }}
                                    FILTER NOT EXISTS {{ GRAPH ?d {{ ?m nif:sentence ?x ; nif:referenceContext ?d }} }} }}"""))
        assert orphans == []
    finally:
        s.close()
    # a later document naming the merged-away spelling joins the survivor
    docs = tmp_path / "later"
    docs.mkdir()
    (docs / "un.txt").write_text(f"The {NAME_A} spokesman called for a credible investigation on Friday.\n",
                                 encoding="utf-8")
    assert run(store, "ingest", "-q", "--jobs", "1", str(docs)).exit_code == 0
    assert mentions(store, A) == 0 and mentions(store, B) == before_a + before_b + 1
    # the pair is not proposed again
    found = json.loads(run(store, "review", "--format", "json", "--limit", "50").output)
    assert not [c for c in found if {c["a"]["uri"], c["b"]["uri"]} == {A, B}]
    # split: both come back as they were, and stay apart on later ingests
    out = run(store, "split", A, B)
    assert out.exit_code == 0 and "extracted again" in out.output, out.output
    assert (mentions(store, A), mentions(store, B)) == (before_a + 1, before_b)


def test_reject_is_remembered(store):
    found = json.loads(run(store, "review", "--format", "json", "--limit", "5").output)
    first = found[0]
    out = run(store, "review", "--reject", "1", "--limit", "5")
    assert out.exit_code == 0 and "kept apart" in out.output
    again = json.loads(run(store, "review", "--format", "json", "--limit", "50").output)
    assert not [c for c in again if {c["a"]["uri"], c["b"]["uri"]} == {first["a"]["uri"], first["b"]["uri"]}]
    assert run(store, "review", "--accept", "999").exit_code == 1
    bad = run(store, "merge", "Nobody Anyone", NAME_B)
    assert bad.exit_code == 1 and "no entity named 'Nobody Anyone'" in bad.output


def test_merged_away_uri_redirects_in_serve(store):
    from starlette.testclient import TestClient

    from docgraph.serve import create_app

    assert run(store, "merge", A, B).exit_code == 0
    s = open_store(store)
    try:
        client = TestClient(create_app(s), base_url=BASE)
        r = client.get(A.replace(BASE, ""), headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == B.replace(BASE, "")
        r = client.get("/page/organization/iranian-foreign-ministry", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == "/page/organization/foreign-ministry"
        data = client.get("/data/organization/iranian-foreign-ministry.nt")
        assert f"<{A}> <http://www.w3.org/2002/07/owl#sameAs> <{B}>" in data.text
    finally:
        s.close()


def _csrf(page: str) -> str:
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def test_review_page_token_session_and_single_use_forms(store):
    from starlette.testclient import TestClient

    from docgraph.review import decisions
    from docgraph.serve import Settings, create_app

    s = open_store(store)
    try:
        app = create_app(s, Settings(review_token="let-me-in"))
        with TestClient(app, base_url=BASE, client=("203.0.113.9", 5555)) as remote:
            assert remote.get("/review").status_code == 401  # the sign-in form, nothing else
            # the token is never taken from a URL (it would sit in logs and histories)
            assert remote.get("/review", params={"token": "let-me-in"}).status_code == 401
            assert remote.get("/review", headers={"authorization": "Bearer let-me-in"}).status_code == 200
            login = remote.get("/review")
            assert remote.post("/review/login", data={"csrf": _csrf(login.text), "token": "wrong"}).status_code == 403
            login = remote.get("/review")
            r = remote.post("/review/login", data={"csrf": _csrf(login.text), "token": "let-me-in"},
                            follow_redirects=False)
            assert r.status_code == 303 and "samesite=strict" in r.headers["set-cookie"].lower()
            page = remote.get("/review")  # the cookie now
            assert page.status_code == 200 and "Merge A into B" in page.text
            assert "access-control-allow-origin" not in page.headers
            csrf = _csrf(page.text)
            form = {"csrf": csrf, "a": A, "b": B, "verdict": "merge", "score": "0.7"}
            assert remote.post("/review/decide", data=form).status_code == 400  # no reviewer name
            csrf = _csrf(remote.get("/review").text)
            form = {**form, "csrf": csrf, "reviewer": "Ada Analyst"}
            cross = remote.post("/review/decide", data=form, headers={"origin": "https://evil.example"})
            assert cross.status_code == 403
            csrf = _csrf(remote.get("/review").text)
            ghost = {**form, "csrf": csrf, "b": f"{BASE}/id/person/nobody-at-all"}
            assert remote.post("/review/decide", data=ghost).status_code == 400  # targets must exist
            csrf = _csrf(remote.get("/review").text)
            form = {**form, "csrf": csrf}
            r = remote.post("/review/decide", data=form, follow_redirects=False)
            assert r.status_code == 303
            assert remote.post("/review/decide", data=form).status_code == 403  # single use: no replay
        assert bool(s.query(f"ASK {{ <{A}> owl:sameAs <{B}> }}"))
        (d,) = [d for d in decisions(s, with_curated=False) if d.a == A]
        assert d.by == "Ada Analyst"
        # without a token, only local clients of a loopback server
        with TestClient(create_app(s, Settings()), base_url=BASE, client=("203.0.113.9", 5555)) as other:
            assert other.get("/review").status_code == 404
        with TestClient(create_app(s, Settings()), base_url=BASE, client=("127.0.0.1", 5555)) as local:
            assert local.get("/review").status_code == 200
            page = local.get("/review")
            fresh = local.post("/review/decide", data={"csrf": _csrf(page.text), "a": A, "b": B, "verdict": "merge",
                                                        "reviewer": "x"})
            assert fresh.status_code == 409  # merged already
    finally:
        s.close()


def test_the_curated_file_is_read_as_decisions(store):
    from docgraph.resolve import Decided
    from docgraph.review import decisions

    s = open_store(store)
    try:
        curated = [d for d in decisions(s) if d.by == "ingest/aliases.yaml"]
        assert (f"{BASE}/id/organization/mko", f"{BASE}/id/organization/peoples-mojahedin-organization-of-iran",
                "merge") in {(d.a, d.b, d.verdict) for d in curated}
        decided = Decided.load(s)
        assert decided.merged[f"{BASE}/id/organization/pmoi"].endswith("/peoples-mojahedin-organization-of-iran")
        assert frozenset((f"{BASE}/id/place/iran", f"{BASE}/id/place/iran-human-rights")) in decided.apart
    finally:
        s.close()


def test_review_merge_and_split_go_through_a_running_server(store):
    """While `docgraph serve` holds the store, decisions are handed to it like an ingest (issue 16:
    they failed with "in use by another docgraph process")."""
    import httpx
    from serving import free_port, start_server, stop_server

    port = free_port()
    proc = start_server(store, port)
    try:
        def same_as() -> list[str]:
            r = httpx.get(f"http://127.0.0.1:{port}/sparql", headers={"accept": "text/csv"},
                          params={"query": f"SELECT ?o WHERE {{ <{A}> owl:sameAs ?o }}"})
            return r.text.splitlines()[1:]

        listed = run(store, "review", "--format", "json", "--limit", "5")
        assert listed.exit_code == 0 and json.loads(listed.output), listed.output
        merged = run(store, "merge", NAME_A, NAME_B)
        assert merged.exit_code == 0, merged.output
        assert "writing through it" in merged.output and f"merged <{A}> into <{B}>" in merged.output
        assert same_as() == [B]  # the server shows it at once
        wrong = run(store, "merge", "Nobody Anyone", NAME_B)
        assert wrong.exit_code == 1 and "no entity named 'Nobody Anyone'" in wrong.output
        assert "refused" not in wrong.output and "Traceback" not in wrong.output
        rejected = run(store, "review", "--reject", "1")
        assert rejected.exit_code == 0 and rejected.output.splitlines()[-1].startswith("kept apart: ")
        split = run(store, "split", A, B)
        assert split.exit_code == 0 and "extracted again" in split.output, split.output
        assert same_as() == []
    finally:
        stop_server(proc)
