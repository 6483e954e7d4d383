"""A remote store: the sample corpus on a real Oxigraph server (the `oxigraph` package's
`oxigraph serve`, on a free loopback port), through SPARQL Query, Update and the Graph Store
Protocol, with the same results as the embedded store; failures are one clear line."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time

import httpx
import pytest
from click.testing import CliRunner

from docgraph.cli import main
from serving import free_port, start_oxigraph, start_server, stop_server

@pytest.fixture(scope="module")
def remote(tmp_path_factory, corpus_dir):
    root = tmp_path_factory.mktemp("remote")
    port = free_port()
    proc = start_oxigraph(root / "oxigraph", port)
    url = f"http://127.0.0.1:{port}"
    done = subprocess.run([sys.executable, "-m", "docgraph", "--store", url, "ingest", "-q", str(corpus_dir)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    yield {"url": url, "proc": proc, "root": root, "ingest": done.stdout}
    proc.terminate()
    proc.wait()


def cli(store, *args):
    return CliRunner().invoke(main, ["--store", str(store), *args])


def test_same_graph_as_the_embedded_store(remote, sample_store_path, tmp_path):
    from conftest import copy_store

    local = copy_store(sample_store_path, tmp_path / "local")
    ours = cli(local, "stats", "--format", "json").output
    theirs = cli(remote["url"], "stats", "--format", "json").output
    import json

    a, b = json.loads(ours), json.loads(theirs)
    assert {k: a[k] for k in ("documents", "entities", "entities_by_type", "triples")} == \
        {k: b[k] for k in ("documents", "entities", "entities_by_type", "triples")}
    for name in ("people-roles", "figures", "quotations", "works", "contested-figures"):
        x = sorted(cli(local, "query", name, "--format", "csv").output.splitlines())
        y = sorted(cli(remote["url"], "query", name, "--format", "csv").output.splitlines())
        assert x == y, name
    # the dumps hold the same quads, but for the ingest time
    for where, out in ((local, tmp_path / "l.nq"), (remote["url"], tmp_path / "r.nq")):
        assert cli(where, "export", "--format", "nq", "-o", str(out)).exit_code == 0

    def quads(p):
        return {line for line in p.read_text(encoding="utf-8").splitlines() if "#ingestedAt>" not in line}

    assert quads(tmp_path / "l.nq") == quads(tmp_path / "r.nq")


def test_reingest_is_idempotent_and_remove_works(remote, seed_path):
    again = cli(remote["url"], "ingest", "-q", str(seed_path))
    assert again.exit_code == 0 and "0 new, 1 unchanged" in again.output
    gone = cli(remote["url"], "remove", str(seed_path))
    assert gone.exit_code == 0 and "removed" in gone.output
    back = cli(remote["url"], "ingest", "-q", str(seed_path))
    assert back.exit_code == 0 and "1 new" in back.output


def test_serve_reads_a_remote_store(remote):
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


def test_server_gone_mid_ingest_then_rerun_completes(tmp_path, corpus_dir):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_oxigraph(tmp_path / "ox", port)
    ingest = subprocess.Popen([sys.executable, "-m", "docgraph", "--store", url, "ingest", "-q", "--jobs", "1",
                               str(corpus_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
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
    port = free_port()
    proc = start_oxigraph(tmp_path / "empty", port)
    url = f"http://127.0.0.1:{port}"
    try:
        pulled = tmp_path / "pulled"
        out = cli(pulled, "pull", remote["url"])
        assert out.exit_code == 0 and "pulled" in out.output, out.output
        out = cli(pulled, "push", url)
        assert out.exit_code == 0 and "pushed" in out.output, out.output
        stats = [cli(where, "stats", "--format", "json").output for where in (remote["url"], pulled, url)]
        import json

        counts = [{k: json.loads(s)[k] for k in ("documents", "entities", "triples")} for s in stats]
        assert counts[0] == counts[1] == counts[2]
        # a local store built with another base URI is not mixed with the server's graph
        (tmp_path / "one").mkdir()
        (tmp_path / "one" / "a.txt").write_text("Anna Kowalski met the Red Cross in Geneva.\n", encoding="utf-8")
        assert cli(tmp_path / "clash", "--base-uri", "https://elsewhere.example", "ingest", "-q", "--jobs", "1",
                   str(tmp_path / "one")).exit_code == 0
        clash = cli(tmp_path / "clash", "pull", remote["url"])
        assert clash.exit_code == 1 and "was built with base URI https://elsewhere.example" in clash.output
        assert "pull wants the http(s) URL" in cli(pulled, "pull", "/some/folder").output
    finally:
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
    out = cli(remote["url"], "--store-kind", "fuseki", "stats")
    assert out.exit_code == 1 and "is Oxigraph" in out.output and "use --store-kind oxigraph" in out.output
    # behind a proxy that hides what the server is, the union of the graphs comes back empty
    proxy, url = _proxy(remote["url"])
    try:
        hidden = cli(url, "--store-kind", "fuseki", "stats")
        assert hidden.exit_code == 1 and "answers that with nothing although it holds graphs" in hidden.output
        assert "0 entities" not in hidden.output and "Traceback" not in hidden.output
        assert cli(url, "stats", "--format", "json").exit_code == 0  # the right kind through the same proxy
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
        assert failing.exit_code == 1 and "503" in failing.output and "tried 5 times" in failing.output
        assert "what was written is kept" not in failing.output
    finally:
        proxy.shutdown()
