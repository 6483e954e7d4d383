"""A remote store: the sample corpus on real SPARQL servers — Oxigraph (the `oxigraph` package's
`oxigraph serve`) and Virtuoso (Debian's `virtuoso-opensource`, one private instance per session),
each on a free loopback port — through SPARQL Query, Update and the Graph Store Protocol, with the
same results as the embedded store; failures are one clear line."""

from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
import time

import httpx
import pytest
from click.testing import CliRunner

from docgraph.cli import main
from serving import free_port, start_oxigraph, start_server, stop_server

@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request, tmp_path_factory, corpus_dir):
    """The sample corpus ingested into a server of each kind, as a user does: `docgraph ingest`."""
    root = tmp_path_factory.mktemp("remote")
    proc = None
    if request.param == "oxigraph":
        port = free_port()
        proc = start_oxigraph(root / "oxigraph", port)
        url, env, server = f"http://127.0.0.1:{port}", {}, None
    else:
        server = request.getfixturevalue("virtuoso")
        server.clear()
        url, env = server.url, server.env
    done = subprocess.run([sys.executable, "-m", "docgraph", "--store", url, "ingest", "-q", str(corpus_dir)],
                          capture_output=True, text=True, timeout=600, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    yield {"url": url, "proc": proc, "root": root, "ingest": done.stdout, "kind": request.param, "env": env,
           "server": server}
    if proc is not None:
        proc.terminate()
        proc.wait()


def rows(out: str) -> list[tuple[str, ...]]:
    """CSV rows, sorted, with SPARQL booleans as 1/0 (Virtuoso has no boolean type for computed
    values: EXISTS, comparisons, even a constant true come back as xsd:integer 1/0) and the parts
    of a GROUP_CONCAT sorted (SPARQL leaves their order to the engine)."""
    import csv
    import io

    flat = {"true": "1", "false": "0"}

    def cell(c: str) -> str:
        for sep in (" | ", "; "):
            if sep in c:
                return sep.join(sorted(c.split(sep)))
        if " " in c and all(w.startswith("http") for w in c.split(" ")):
            return " ".join(sorted(c.split(" ")))
        return flat.get(c, c)

    return sorted(tuple(cell(c) for c in row) for row in csv.reader(io.StringIO(out)))


def cli(store, *args, env=None):
    return CliRunner().invoke(main, ["--store", str(store), *args], env=env)


def rcli(remote, *args):
    """The command against the remote store, with the environment its kind needs."""
    return cli(remote["url"], *args, env=remote["env"])


def test_same_graph_as_the_embedded_store(remote, sample_store_path, tmp_path):
    from conftest import copy_store

    local = copy_store(sample_store_path, tmp_path / "local")
    ours = cli(local, "stats", "--format", "json").output
    theirs = rcli(remote, "stats", "--format", "json").output
    import json

    a, b = json.loads(ours), json.loads(theirs)
    assert {k: a[k] for k in ("documents", "entities", "entities_by_type", "triples")} == \
        {k: b[k] for k in ("documents", "entities", "entities_by_type", "triples")}
    for name in ("people-roles", "figures", "quotations", "works", "contested-figures"):
        x = rows(cli(local, "query", name, "--format", "csv").output)
        y = rows(rcli(remote, "query", name, "--format", "csv").output)
        assert x == y, name
    # the dumps hold the same quads, but for the ingest time
    assert cli(local, "export", "--format", "nq", "-o", str(tmp_path / "l.nq")).exit_code == 0
    assert rcli(remote, "export", "--format", "nq", "-o", str(tmp_path / "r.nq")).exit_code == 0

    def quads(p):
        return {line for line in p.read_text(encoding="utf-8").splitlines() if "#ingestedAt>" not in line}

    assert quads(tmp_path / "l.nq") == quads(tmp_path / "r.nq")


def test_the_gephi_graph_is_the_same_from_a_server(remote, sample_store_path, tmp_path):
    """The bulk projection asks a server the same questions as the embedded store (quad patterns
    become SELECTs, example sentences go in batches): the same nodes, edges and attributes."""
    import networkx as nx
    from conftest import copy_store

    local = copy_store(sample_store_path, tmp_path / "local")
    graphs = []
    for where, env, out in ((local, {}, tmp_path / "l.gexf"), (remote["url"], remote["env"], tmp_path / "r.gexf")):
        result = cli(where, "export", "--format", "gexf", "--co-mentions", "-o", str(out), env=env)
        assert result.exit_code == 0, result.output
        graphs.append(nx.read_gexf(out))
    ours, theirs = graphs
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))

    def edges(g):  # the edge ids are the order they were written in
        return sorted((s, o, sorted((k, v) for k, v in d.items() if k != "id")) for s, o, d in g.edges(data=True))

    assert edges(ours) == edges(theirs)
    assert any(d["sentence"] for _, _, d in ours.edges(data=True))


def test_every_canned_query_runs(remote, sample_store_path, tmp_path):
    """Every query in queries/ on the server, with the same rows as the embedded store (SPARQL 1.1
    features a server lacks would show here)."""
    from conftest import copy_store

    from docgraph.queries import load_catalogue

    local = copy_store(sample_store_path, tmp_path / "local")
    for name, canned in load_catalogue().items():
        params = [f"--param={p.name}=Robert A. Destro" for p in canned.params if p.required]
        x = cli(local, "query", name, *params, "--format", "csv")
        y = rcli(remote, "query", name, *params, "--format", "csv")
        assert y.exit_code == 0, (name, y.output)
        assert rows(x.output) == rows(y.output), name


def test_reingest_is_idempotent_and_remove_works(remote, seed_path):
    again = rcli(remote, "ingest", "-q", str(seed_path))
    assert again.exit_code == 0 and "0 new, 1 unchanged" in again.output
    gone = rcli(remote, "remove", str(seed_path))
    assert gone.exit_code == 0 and "removed" in gone.output
    back = rcli(remote, "ingest", "-q", str(seed_path))
    assert back.exit_code == 0 and "1 new" in back.output


def test_serve_reads_a_remote_store(remote, monkeypatch):
    for k, v in remote["env"].items():
        monkeypatch.setenv(k, v)
    port = free_port()
    proc = start_server(remote["url"], port)
    try:
        r = httpx.get(f"http://127.0.0.1:{port}/page/person/robert-a-destro")
        assert r.status_code == 200 and "Assistant Secretary of State" in r.text
        r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                      headers={"accept": "text/csv"})
        assert r.status_code == 200 and int(r.text.split()[1]) > 10_000
    finally:
        stop_server(proc)


def _documents(endpoint: str) -> int | None:
    count = "SELECT (COUNT(?d) AS ?n) WHERE { GRAPH ?g { ?d a <https://w3id.org/docgraph#Document> } }"
    try:
        r = httpx.post(endpoint, data={"query": count}, headers={"accept": "application/sparql-results+json"},
                       timeout=10)
        return int(r.json()["results"]["bindings"][0]["n"]["value"]) if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError, KeyError, IndexError):
        return None


def _until_a_document_is_written(endpoint: str, ingest: subprocess.Popen, before: int = 0,
                                 timeout: float = 180) -> None:
    """Wait until the ingest has written a document (or ended): a fixed sleep killed the server
    before the first write on a busy machine, while the model was still loading."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and ingest.poll() is None:
        n = _documents(endpoint)
        if n is not None and n > before:
            return
        time.sleep(0.5)


def test_server_gone_mid_ingest_then_rerun_completes(tmp_path, corpus_dir):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_oxigraph(tmp_path / "ox", port)
    ingest = subprocess.Popen([sys.executable, "-m", "docgraph", "--store", url, "ingest", "-q", "--jobs", "1",
                               str(corpus_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _until_a_document_is_written(f"{url}/query", ingest)
    proc.kill()
    proc.wait()
    out, err = ingest.communicate(timeout=300)
    if ingest.returncode == 0:
        pytest.skip("the ingest finished before the server went away")
    assert ingest.returncode == 1 and f"remote store {url}" in err and "run the same command again" in err
    assert "Traceback" not in err
    proc = start_oxigraph(tmp_path / "ox", port)
    try:
        rerun = subprocess.run([sys.executable, "-m", "docgraph", "--store", url, "ingest", "-q", str(corpus_dir)],
                               capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr
        assert "25 documents" in rerun.stdout and "unchanged" in rerun.stdout
    finally:
        proc.terminate()
        proc.wait()


def test_refused_credentials_are_one_line(tmp_path):
    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(401)
            self.end_headers()

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = cli(f"http://127.0.0.1:{server.server_address[1]}", "stats")
        assert out.exit_code == 1 and "401" in out.output and "DOCGRAPH_STORE_TOKEN" in out.output
    finally:
        server.shutdown()


def test_push_and_pull_move_a_whole_store(remote, tmp_path):
    """Pull the server's store into a folder, push it to an empty server of the same kind (a new
    Oxigraph; the session's Virtuoso emptied), and both hold the same store."""
    import json

    env = remote["env"]
    before = rcli(remote, "stats", "--format", "json").output
    proc = None
    if remote["kind"] == "oxigraph":
        port = free_port()
        proc = start_oxigraph(tmp_path / "empty", port)
        url = f"http://127.0.0.1:{port}"
    else:
        url = remote["url"]
    try:
        pulled = tmp_path / "pulled"
        out = cli(pulled, "pull", remote["url"], env=env)
        assert out.exit_code == 0 and "pulled" in out.output, out.output
        if remote["server"] is not None:
            remote["server"].clear()
            assert json.loads(rcli(remote, "stats", "--format", "json").output)["documents"] == 0
        out = cli(pulled, "push", url, env=env)
        assert out.exit_code == 0 and "pushed" in out.output, out.output
        stats = [before] + [cli(where, "stats", "--format", "json", env=env).output for where in (pulled, url)]
        counts = [{k: json.loads(s)[k] for k in ("documents", "entities", "triples")} for s in stats]
        assert counts[0] == counts[1] == counts[2]
        # a local store built with another base URI is not mixed with the server's graph
        (tmp_path / "one").mkdir()
        (tmp_path / "one" / "a.txt").write_text("Anna Kowalski met the Red Cross in Geneva.\n", encoding="utf-8")
        assert cli(tmp_path / "clash", "--base-uri", "https://elsewhere.example", "ingest", "-q", "--jobs", "1",
                   str(tmp_path / "one")).exit_code == 0
        clash = cli(tmp_path / "clash", "pull", remote["url"], env=env)
        assert clash.exit_code == 1 and "was built with base URI https://elsewhere.example" in clash.output
        assert "pull wants the http(s) URL" in cli(pulled, "pull", "/some/folder").output
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()


def test_passing_5xx_errors_are_retried(tmp_path, seed_path):
    """A server that answers every fourth request with 503 (a proxy in front of Oxigraph): the
    retries carry the ingest through."""
    port = free_port()
    proc = start_oxigraph(tmp_path / "ox", port)
    counter = {"n": 0, "failed": 0}

    class Flaky(http.server.BaseHTTPRequestHandler):
        def _forward(self):
            counter["n"] += 1
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if counter["n"] % 4 == 0:
                counter["failed"] += 1
                self.send_response(503)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            r = httpx.request(self.command, f"http://127.0.0.1:{port}{self.path}", content=body,
                              headers={k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
            self.send_response(r.status_code)
            for k in ("content-type",):
                if k in r.headers:
                    self.send_header(k, r.headers[k])
            self.send_header("content-length", str(len(r.content)))
            self.end_headers()
            self.wfile.write(r.content)

        do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815

        def log_message(self, *args):
            pass

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}"
        out = cli(url, "ingest", "-q", "--jobs", "1", str(seed_path))
        assert out.exit_code == 0 and "1 new" in out.output, out.output
        assert counter["failed"] >= 2
        direct = cli(f"http://127.0.0.1:{port}", "query", "people-roles", "--format", "csv").output
        assert "Robert A. Destro" in direct
    finally:
        proxy.shutdown()
        proc.terminate()
        proc.wait()


class _Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards to ``target`` (None: answers 503), without the server's own Server header, as a
    proxy in front of it may."""

    target: str | None = None

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        if self.target is None:
            self.send_response(503)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        r = httpx.request(self.command, self.target + self.path, content=body,
                          headers={k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
        self.send_response(r.status_code)
        if "content-type" in r.headers:
            self.send_header("content-type", r.headers["content-type"])
        self.send_header("content-length", str(len(r.content)))
        self.end_headers()
        self.wfile.write(r.content)

    do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815

    def version_string(self):
        return "proxy"

    def log_message(self, *args):
        pass


def _proxy(target: str | None):
    handler = type("Handler", (_Proxy,), {"target": target})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_a_wrong_store_kind_is_named_not_answered_with_zeros(remote):
    """Issue 16: `--store-kind fuseki` against Oxigraph said "25 documents, 0 entities"."""
    kind, name = remote["kind"], {"oxigraph": "Oxigraph", "virtuoso": "Virtuoso"}[remote["kind"]]
    out = cli(remote["url"], "--store-kind", "fuseki", "stats")
    assert out.exit_code == 1 and f"is {name}" in out.output and f"use --store-kind {kind}" in out.output
    # behind a proxy that hides what the server is, the union of the graphs comes back empty
    proxy, url = _proxy(remote["url"])
    try:
        hidden = cli(url, "--store-kind", "fuseki", "stats")
        # Fuseki's paths are not Virtuoso's: there the wrong kind meets a 404 before any union
        said = "answers that with nothing although it holds graphs" if kind == "oxigraph" else "404 Not Found"
        assert hidden.exit_code == 1 and said in hidden.output, hidden.output
        assert "0 entities" not in hidden.output and "Traceback" not in hidden.output
        right = cli(url, "stats", "--format", "json", env=remote["env"])  # the right kind through the same proxy
        assert right.exit_code == 0, right.output
    finally:
        proxy.shutdown()


def test_an_unreachable_server_is_said_at_once_and_reads_promise_nothing(monkeypatch):
    from docgraph import remote as remote_module

    out = cli(f"http://127.0.0.1:{free_port()}", "stats")
    assert out.exit_code == 1 and "cannot connect" in out.output and "is the server running" in out.output
    assert "tried" not in out.output and "written" not in out.output
    monkeypatch.setattr(remote_module, "RETRIES", (0, 0, 0, 0))
    proxy, url = _proxy(None)  # reached, then failing every time
    try:
        failing = cli(url, "stats")
        assert failing.exit_code == 1 and "503" in failing.output and "gave up after" in failing.output
        assert "what was written is kept" not in failing.output
    finally:
        proxy.shutdown()


def test_virtuoso_refusals_are_one_line(remote, tmp_path, monkeypatch):
    """Virtuoso's own ways of saying no: writes without credentials (401 on its authenticated
    endpoints; SR186 on the anonymous one) and a result cut at its row cap are each one line,
    never a traceback, never a partial export passed off as whole."""
    if remote["kind"] != "virtuoso":
        pytest.skip("Virtuoso's refusals")
    doc = tmp_path / "a.txt"
    doc.write_text("Anna Kowalski met the Red Cross in Geneva.\n", encoding="utf-8")
    anonymous = {"DOCGRAPH_STORE_KIND": "virtuoso"}
    out = cli(remote["url"], "ingest", "-q", "--jobs", "1", str(doc), env=anonymous)
    assert out.exit_code == 1 and "401 Unauthorized" in out.output and "DOCGRAPH_STORE_USER" in out.output
    out = cli(remote["url"], "ingest", "-q", "--jobs", "1", str(doc),
              env={**anonymous, "DOCGRAPH_UPDATE_ENDPOINT": remote["url"] + "/sparql",
                   "DOCGRAPH_GSP_ENDPOINT": remote["url"] + "/sparql-graph-crud"})
    # the anonymous SPARQL Update endpoint says no (SR186); the Graph Store endpoint's 403 is what
    # a store that writes a document by PUT gets
    assert out.exit_code == 1 and ("403 Forbidden" in out.output or "SR186" in out.output)
    assert "DOCGRAPH_STORE_USER" in out.output
    assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1
    # SPARQL Update on the anonymous endpoint: a 500 carrying SR186, final (not retried)
    from pyoxigraph import Literal, NamedNode, Quad

    from docgraph.errors import StoreError
    from docgraph.store import open_store

    monkeypatch.setenv("DOCGRAPH_UPDATE_ENDPOINT", remote["url"] + "/sparql")
    store = open_store(remote["url"], kind="virtuoso")
    started = time.monotonic()
    with pytest.raises(StoreError, match="Virtuoso refused a write .*SR186.*DOCGRAPH_STORE_USER"):
        store.add_quads([Quad(NamedNode("urn:x:a"), NamedNode("urn:x:b"), Literal("c"), NamedNode("urn:x:g"))])
    assert time.monotonic() - started < 2, "a refusal is not retried"
    store.close()
    capped = {**remote["env"], "DOCGRAPH_QUERY_ENDPOINT": remote["url"] + "/sparql?maxrows=50"}
    out = cli(remote["url"], "export", "--format", "nq", "-o", str(tmp_path / "cut.nq"), env=capped)
    assert out.exit_code == 1 and "cut the result at 50 rows" in out.output and "ResultSetMaxRows" in out.output
    assert not (tmp_path / "cut.nq").exists()


def test_virtuoso_killed_mid_ingest_then_restarted(remote, tmp_path, corpus_dir):
    """Virtuoso killed (SIGKILL) while an ingest writes: the ingest stops with one line; restarted
    on the same database it recovers from its transaction log, and the same ingest completes."""
    if remote["kind"] != "virtuoso":
        pytest.skip("the Oxigraph case is test_server_gone_mid_ingest_then_rerun_completes")
    import json

    from docgraph.readers import iter_documents

    server = remote["server"]
    texts = [d.text for d in iter_documents([corpus_dir])]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": n, "text": f"{texts[n % len(texts)]}\n\nCopy {n}."}) + "\n"
                            for n in range(40)), encoding="utf-8")
    env = {**os.environ, **remote["env"]}
    cmd = [sys.executable, "-m", "docgraph", "--store", remote["url"], "ingest", "-q", "--jobs", "1", str(feed)]
    before = _documents(f"{remote['url']}/sparql") or 0
    ingest = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _until_a_document_is_written(f"{remote['url']}/sparql", ingest, before)
        server.kill()
        out, err = ingest.communicate(timeout=300)
    finally:
        if server.proc is None:
            server.start()
    if ingest.returncode == 0:
        pytest.skip("the ingest finished before the server went away")
    assert ingest.returncode == 1 and f"remote store {remote['url']}" in err and "run the same command again" in err
    assert "Traceback" not in err
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert rerun.returncode == 0, rerun.stderr
    new, unchanged = (int(w) for w in re.match(r"(\d+) new, (\d+) unchanged", rerun.stdout).groups())
    assert new + unchanged == 40 and unchanged > 0, rerun.stdout
    server.clear()
