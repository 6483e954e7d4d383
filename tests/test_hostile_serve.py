"""`docgraph serve` attacked the way an attacker would, on loopback only, with bounded loops:
after every attack the server is alive and answering.

- queries nested or chained past what the SPARQL engine survives (it used to die of them);
- SERVICE in every disguise a generated corpus holds, with a listener that must hear nothing;
- runaway queries, stopped at the deadline, their slots free again within a second;
- results past --max-bytes (413, never a cut-off body);
- FROM / FROM NAMED honoured; the Host header checked (DNS rebinding); no CORS on review;
- another site's page, opened in Chromium, failing to merge entities;
- a store on read-only media served with --read-only.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import copy_store
from serving import free_port, start_server, stop_server

JSON = {"accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(?l != %d) }"


def alive(base: str) -> None:
    r = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True


class Listener:
    """A loopback port that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.heard: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.heard.append(conn.recv(200) or b"(connected)")
            except OSError:
                self.heard.append(b"(connected)")
            conn.close()

    def close(self) -> list[bytes]:
        time.sleep(0.3)
        self._stop.set()
        self._thread.join()
        self.sock.close()
        return self.heard


@pytest.fixture(scope="module")
def hard(tmp_path_factory, sample_store_path):
    """The sample store served with tight limits: 2 s per query, 2 workers, 300 KB per result."""
    store = copy_store(sample_store_path, tmp_path_factory.mktemp("hard") / "store")
    port = free_port()
    proc = start_server(store, port, "--timeout", "2", "--workers", "2", "--max-bytes", "300000",
                        "--max-results", "100000")
    yield {"base": f"http://127.0.0.1:{port}", "proc": proc, "store": store, "port": port}
    stop_server(proc)


# -- nesting ---------------------------------------------------------------------------------------

DEEP = {
    "braces": "SELECT * WHERE " + "{" * 6000 + "}" * 6000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 5500 + "1" + ")" * 5500 + ") }",
    "brackets": "SELECT * WHERE { ?s <p:a> " + "[ <p:a> " * 3000 + "1" + " ]" * 3000 + " }",
    "plus chain": "SELECT * WHERE { BIND(" + "+".join(["1"] * 20000) + " AS ?x) }",
    "union chain": "SELECT * WHERE { " + "UNION".join(["{}"] * 8000) + " }",
    "negations": "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }",
}


def test_deep_and_chained_queries_are_refused_and_the_server_lives(hard):
    base = hard["base"]
    for name, query in DEEP.items():
        r = httpx.post(base + "/sparql", content=query.encode(), timeout=30,
                       headers={**JSON, "content-type": "application/sparql-query"})
        assert r.status_code == 400, name
        assert "nested more than" in r.text or "chains more than" in r.text, name
        alive(base)
    r = httpx.get(base + "/sparql", params={"query": DEEP["parentheses"]}, timeout=30)  # the GET form of it
    assert r.status_code == 400
    assert hard["proc"].poll() is None
    alive(base)


def test_the_cli_refuses_them_in_one_line(hard):
    env = {**os.environ, "DOCGRAPH_STORE": str(hard["store"])}
    done = subprocess.run([sys.executable, "-m", "docgraph", "query", "-e", DEEP["braces"]], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr  # not 139: the process did not die
    assert "nested more than" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# -- SERVICE ----------------------------------------------------------------------------------------

def service_evasions(port: int) -> list[str]:
    """SERVICE written every way the grammar admits, and ways that confuse a naive reader."""
    url = f"http://127.0.0.1:{port}/sparql"
    targets = [f"<{url}>", ":sparql", "x:sparql"]
    keywords = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service silent"]
    before = ["", "{}", ".", "?a ?b ?c .", "?a ?b ?c", "?a ?b 1", "?a ?b true", "#c\n", "#c\r",
              "FILTER(?a<?b)", "BIND(1 AS ?z)"]
    between = [" ", "", "\n", "#comment\n", "\t"]
    prologue = f"PREFIX : <{url.rsplit('/', 1)[0]}/> PREFIX x: <{url.rsplit('/', 1)[0]}/> "
    out = []
    for kw, tgt, pre, sep in itertools.product(keywords, targets, before, between):
        glued = kw + sep + tgt  # with sep "": SERVICE<http…>, SERVICE:sparql, SERVICEx:sparql
        out.append(prologue + "SELECT * WHERE { VALUES (?a ?b ?c ?d) { (1 2 3 2) } " + pre + " " + glued
                   + "{?x ?y ?z} FILTER(?c>?d) }")
    # the reported bypass, the keyword glued to a name, and inside a subquery
    out += [
        prologue + "SELECT ?x WHERE { VALUES (?a ?b ?c ?d) { (1 2 3 2) } FILTER(?a<?b)SERVICE:sparql{?x?y?z}"
        "FILTER(?c>?d) }",
        prologue + "SELECT * WHERE { SERVICEx:sparql {?s ?p ?o} }",
        prologue + "SELECT * WHERE { ?s ?p trueSERVICE:sparql{?x ?y ?z} }",
        prologue + "SELECT * WHERE { { SELECT * WHERE { SERVICE :sparql { ?s ?p ?o } } } }",
        prologue + "ASK { SERVICE <" + url + "> { ?s ?p ?o } }",
        prologue + "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <" + url + "> { ?s ?p ?o } }",
        prologue + "SELECT * WHERE { ?s ?p 'a' . SERVICE :sparql { ?s ?p ?o } }",
        prologue + 'SELECT * WHERE { ?s ?p """a""" SERVICE :sparql { ?s ?p ?o } }',
        prologue + "SELECT * WHERE { ?s x:a\\#b ?o SERVICE :sparql { ?s ?p ?o } }",
    ]
    return out


def test_service_in_any_disguise_is_refused_and_no_connection_is_made(hard):
    listener = Listener()
    base = hard["base"]
    evasions = service_evasions(listener.port)
    assert 300 < len(evasions) < 1000
    statuses = {}
    with httpx.Client(base_url=base, timeout=30) as c:
        for q in evasions:
            r = c.post("/sparql", data={"query": q}, headers=JSON)
            statuses[q] = r.status_code
    heard = listener.close()
    assert heard == [], heard[:3]
    assert all(s == 400 for s in statuses.values()), [q for q, s in statuses.items() if s != 400][:3]
    alive(base)


def test_the_query_workers_cannot_open_sockets_at_all(tmp_path):
    """The floor under the guard: a SERVICE query that reached a worker still sends nothing."""
    listener = Listener()
    script = tmp_path / "probe.py"
    script.write_text(f"""
import pyoxigraph
from docgraph.querypool import deny_network
assert deny_network()
try:
    list(pyoxigraph.Store().query("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"))
    print("answered")
except OSError as exc:
    print("refused", exc)
""")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused")
    assert listener.close() == []


# -- runaway queries, caps ------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


def test_runaway_queries_are_stopped_and_their_slots_come_back(hard):
    base = hard["base"]
    alive(base)
    before = _children(hard["proc"].pid)
    results: list[tuple[int, float]] = []

    def runaway(n: int) -> None:
        t = time.monotonic()
        r = httpx.get(base + "/sparql", params={"query": RUNAWAY % n}, headers=JSON, timeout=60)
        results.append((r.status_code, time.monotonic() - t))

    # four different ones (identical requests share one evaluation): twice the workers
    threads = [threading.Thread(target=runaway, args=(n,)) for n in range(4)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for s, _ in results) == [503] * 4, results
    # the slots are free again within a second of the deadline: a simple query is answered
    r = httpx.get(base + "/sparql", params={"query": COUNT}, headers=JSON, timeout=10)
    assert r.status_code == 200
    assert time.monotonic() - started < 2 * 2 + 1 + 2  # two rounds of 2 s deadlines, then at most ~1 s
    # the workers that ran them were killed, not left spinning
    after = _children(hard["proc"].pid)
    assert not (before & after) or len(before - after) >= 2


def test_a_result_past_max_bytes_is_refused_whole(hard):
    base = hard["base"]
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # about 17,000 rows: under --max-results, over --max-bytes
    r = httpx.get(base + "/sparql", params={"query": q}, headers=JSON, timeout=30)
    assert r.status_code == 413 and "larger than" in r.text
    alive(base)


# -- dataset, Host, CORS ---------------------------------------------------------------------------

def test_from_and_from_named_are_honoured(hard):
    base = hard["base"]
    with httpx.Client(base_url=base, timeout=30, headers=JSON) as c:
        docs = [b["d"]["value"] for b in c.get("/sparql", params={
            "query": "SELECT ?d WHERE { ?d a <https://w3id.org/docgraph#Document> } ORDER BY ?d LIMIT 2"}
        ).json()["results"]["bindings"]]

        def count(q: str) -> int:
            return int(c.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])

        in_one = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{docs[0]}> {{ ?s ?p ?o }} }}")
        everything = count(COUNT)
        assert 0 < in_one < everything
        assert count(f"SELECT (COUNT(*) AS ?n) FROM <{docs[0]}> WHERE {{ ?s ?p ?o }}") == in_one
        assert count(f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{docs[0]}> FROM NAMED <{docs[1]}> "
                     "WHERE { GRAPH ?g { ?s ?p ?o } }") == 2
        # FROM NAMED alone: the default graph is empty (SPARQL 1.1, 13.2)
        assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{docs[0]}> WHERE {{ ?s ?p ?o }}") == 0
    env = {**os.environ, "DOCGRAPH_STORE": str(hard["store"])}
    done = subprocess.run([sys.executable, "-m", "docgraph", "query", "--format", "csv", "-e",
                           f"SELECT (COUNT(*) AS ?n) FROM <{docs[0]}> WHERE {{ ?s ?p ?o }}"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["n", str(in_one)], done.stderr


def test_foreign_host_names_are_refused(hard):
    base = hard["base"]
    for path in ("/sparql?query=ASK%7B%7D", "/review", "/_docgraph/settings", "/"):
        r = httpx.get(base + path, headers={"host": f"attacker.example:{hard['port']}"}, timeout=10)
        assert r.status_code == 421, path
    alive(base)


def test_no_cors_on_the_routes_that_write(hard):
    base = hard["base"]
    pre = {"origin": "https://evil.example", "access-control-request-method": "POST",
           "access-control-request-headers": "content-type"}
    for path in ("/review", "/review/decide", "/_docgraph/documents"):
        r = httpx.options(base + path, headers=pre, timeout=10)
        assert "access-control-allow-origin" not in r.headers, path
        r = httpx.get(base + path, headers={"origin": "https://evil.example"}, timeout=10)
        assert "access-control-allow-origin" not in r.headers, path
    r = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://evil.example"})
    assert r.headers["access-control-allow-origin"] == "*"  # reading stays open to other sites


# -- another site's page in Chromium ---------------------------------------------------------------

ATTACK = """<!doctype html><html><body><p id="out">running</p>
<form id="f" method="post" action="{target}/review/decide">
<input name="csrf" value="guessed"><input name="a" value="{a}"><input name="b" value="{b}">
<input name="verdict" value="merge"><input name="reviewer" value="attacker"></form>
<script>
(async () => {{
  let stolen = "none";
  try {{
    const page = await fetch("{target}/review", {{credentials: "include"}});
    const text = await page.text();
    const m = text.match(/name="csrf" value="([^"]+)"/);
    if (m) {{ stolen = m[1]; document.querySelector("input[name=csrf]").value = stolen; }}
  }} catch (e) {{ stolen = "blocked"; }}
  console.log("stolen:" + stolen);
  document.getElementById("f").submit();
}})();
</script></body></html>"""


def test_another_sites_page_cannot_merge(tmp_path_factory, sample_store_path):
    from test_browser import ARGS, CHROMIUM

    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("no chromium: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    store = copy_store(sample_store_path, tmp_path_factory.mktemp("csrf") / "store")
    port = free_port()
    proc = start_server(store, port)
    target = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=target, timeout=30, headers=JSON) as c:
        pair = [b["e"]["value"] for b in c.get("/sparql", params={"query": (
            "SELECT DISTINCT ?e WHERE { ?e a <https://schema.org/Person> } ORDER BY ?e LIMIT 2")}
        ).json()["results"]["bindings"]]
    site = tmp_path_factory.mktemp("attacker")
    (site / "index.html").write_text(ATTACK.format(target=target, a=pair[0], b=pair[1]), encoding="utf-8")
    handler = lambda *a, **k: SimpleHTTPRequestHandler(*a, directory=str(site), **k)  # noqa: E731
    attacker = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context()
            page = context.new_page()
            said: list[str] = []
            answers: list[int] = []
            page.on("console", lambda msg: said.append(msg.text))
            page.on("response", lambda r: answers.append(r.status) if r.url.endswith("/review/decide") else None)
            page.goto(target + "/review")  # the user has the review page open: a session cookie
            assert "Merge candidates" in page.content()
            page.goto(f"http://localhost:{attacker.server_address[1]}/index.html")
            for _ in range(50):
                if answers:
                    break
                page.wait_for_timeout(100)
            browser.close()
        assert [m for m in said if m.startswith("stolen:")] == ["stolen:blocked"], said  # no CORS: unread
        assert answers == [403], answers  # the forged form reached the server and was refused
        with httpx.Client(base_url=target, timeout=30, headers=JSON) as c:
            merged = c.get("/sparql", params={"query": f"ASK {{ <{pair[0]}> <http://www.w3.org/2002/07/owl#sameAs> ?x }}"})
            assert merged.json()["boolean"] is False
        alive(target)
    finally:
        attacker.shutdown()
        stop_server(proc)


# -- read-only media ------------------------------------------------------------------------------

def test_serve_read_only_from_read_only_media(tmp_path, sample_store_path):
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a read-only file system needs root")
    try:
        copy_store(sample_store_path, mount / "store")
        assert subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True).returncode == 0
        port = free_port()
        proc = start_server(mount / "store", port, "--read-only")
        try:
            base = f"http://127.0.0.1:{port}"
            alive(base)
            r = httpx.get(base + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/docgraph#Document> }"},
                          headers=JSON, timeout=30)
            assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == 25
            assert httpx.get(base + "/review", timeout=10).status_code == 403
            assert not (mount / "store" / "serve.json").exists()
        finally:
            err = stop_server(proc)
        assert "Traceback" not in err
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
