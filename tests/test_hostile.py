"""Hostile input: every document either ingests or is refused with one line; the store is never
corrupted; nothing from a document changes what a query means."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal

from docgraph.ingestion import DocumentLimits, ingest
from docgraph.readers import ReadFailure, iter_documents
from docgraph.store import open_store

BASE = "http://127.0.0.1:8000"
GOOD = "Amnesty International met Kofi Annan in Geneva on 3 May 2005.\n"
SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def check_store(path, expect_docs: int) -> None:
    store = open_store(path)
    try:
        assert store.stats()["documents"] == expect_docs
        names = {r["n"].value for r in store.query("SELECT ?n WHERE { ?e a schema:Person ; schema:name ?n }")}
        assert "Kofi Annan" in names  # what was stored before is still there
    finally:
        store.close()


def fresh_store(tmp_path, extractor, name="store"):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    store = open_store(tmp_path / name, BASE)
    assert ingest([tmp_path / "good.txt"], store, extractor=extractor).new == 1
    return store


@SETTINGS
@given(data=st.binary(min_size=0, max_size=4000), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_random_bytes_ingest_or_refuse(tmp_path_factory, extractor, data, suffix):
    tmp = tmp_path_factory.mktemp("bytes")
    store = fresh_store(tmp, extractor)
    bad = tmp / f"random{suffix}"
    bad.write_bytes(data)
    report = ingest([bad], store, extractor=extractor)
    for f in report.failures:
        assert "\n" not in f.reason and f.reason
    store.close()
    check_store(tmp / "store", 1 + report.new)


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                          st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)),
                min_size=1, max_size=6))
def test_jsonl_wrong_types(tmp_path_factory, extractor, values):
    tmp = tmp_path_factory.mktemp("jsonl")
    lines = []
    for v in values:
        lines.append(json.dumps({"text": v, "title": v, "date": v, "url": v, "publisher": v, "id": v}))
    (tmp / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([tmp / "feed.jsonl"]))
    assert len(items) == sum(1 for line in lines if line.strip())
    for item in items:
        if isinstance(item, ReadFailure):
            assert item.reason.startswith("line ") and "\n" not in item.reason
        else:
            assert isinstance(item.text, str) and item.text.strip()


def test_deeply_nested_and_broken_html(tmp_path, extractor):
    store = fresh_store(tmp_path, extractor)
    nested = tmp_path / "nested.html"
    nested.write_text("<html><body>" + "<div>" * 200_000 + "Human Rights Watch spoke in Paris." + "</div>" * 10
                      + "<p><b><i>unclosed <script>alert(1)", encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text("<<<>>><p <a href='x>Reprieve</ </html></html><body><p>Text & more &bogus; &#xD800;",
                      encoding="utf-8")
    report = ingest([nested, broken], store, extractor=extractor)
    assert report.failures == [] and report.new == 2
    texts = [r["t"].value for r in store.query("SELECT ?t WHERE { ?d a dg:Document ; nif:isString ?t }")]
    assert any("Human Rights Watch spoke in Paris." in t for t in texts)
    assert not any("alert(1)" in t for t in texts)
    store.close()
    check_store(tmp_path / "store", 3)


def test_huge_line_and_ten_megabyte_document(tmp_path, extractor):
    store = fresh_store(tmp_path, extractor)
    feed = tmp_path / "huge.jsonl"
    feed.write_text(json.dumps({"id": "big", "text": "word " * 300_000}) + "\n"
                    + json.dumps({"id": "ok", "text": "Kofi Annan spoke."}) + "\n", encoding="utf-8")
    report = ingest([feed], store, extractor=extractor, max_bytes=1_000_000)
    assert [f.source for f in report.failures] == [f"{feed.resolve()}:1"]
    assert "too big" in report.failures[0].reason and report.new == 1
    # 10 MB in one document: parsed in pieces (spaCy refuses over 1,000,000 characters at once)
    big = tmp_path / "ten-mb.txt"
    big.write_text("Reprieve\n\n" + ("x" * 999 + " ") * 10_000, encoding="utf-8")
    report = ingest([big], store, extractor=extractor, max_bytes=11_000_000)
    assert report.new == 1 and not report.failures
    store.close()
    check_store(tmp_path / "store", 3)


def test_max_bytes_holds_the_text_of_pdf_word_and_mail_files():
    """A PDF or Word file is mostly fonts and zipped XML: the file may be larger than --max-bytes,
    the text it gives may not (extraction cost grows with the text)."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    seed = examples / "seed-formats"
    for path in (seed / "seed.pdf", seed / "seed.docx", seed / "seed.odt", examples / "documents" / "briefing-with-attachments.eml"):
        size = path.stat().st_size
        read = list(iter_documents([path], max_bytes=size // 2))
        assert read and not any(isinstance(d, ReadFailure) for d in read), read
        text_size = max(len(d.text.encode()) for d in read)
        refused = list(iter_documents([path], max_bytes=text_size - 1))
        assert any(isinstance(d, ReadFailure) and d.reason.startswith("too much text") for d in refused)
        assert len(refused) == len(read)  # the others (a mail's attachments) are still read
    text = seed / "seed.html"  # a text format: the file is the limit
    [refused] = list(iter_documents([text], max_bytes=text.stat().st_size - 1))
    assert isinstance(refused, ReadFailure) and refused.reason.startswith("too big")


INJECTIONS = [
    'Kofi "Annan" } ; DROP ALL ; INSERT DATA { <x> <y> <z> } #',
    "O'Brien' . ?s ?p ?o . FILTER(true) #",
    "<script>alert('x')</script> Amnesty <International>",
    "\u202eevil\u202c Geneva\u200b \u2066Rights\u2069",
]


def test_names_with_quotes_brackets_and_sparql_do_not_change_queries(tmp_path, extractor):
    store = fresh_store(tmp_path, extractor)
    doc = tmp_path / "inject.txt"
    doc.write_text(INJECTIONS[0] + "\n\n" + " ".join(f"{t} met President {n} in Paris." for t, n in zip(
        INJECTIONS, ["Ali Khan", "Bo Li", "Jan Novak", "Mia Wong"])), encoding="utf-8")
    report = ingest([doc], store, extractor=extractor)
    assert report.new == 1
    text = next(iter(store.query("SELECT ?p ?t WHERE { ?d a dg:Document ; nif:isString ?t ; dg:sourcePath ?p }",
                                 substitutions={"p": Literal("inject.txt")})))["t"].value
    assert "\u202e" not in text and "\u200b" not in text and "\u2066" not in text  # controls dropped
    assert 'DROP ALL ; INSERT DATA { <x> <y> <z> }' in text  # stored as text, verbatim
    for t in INJECTIONS[:3]:  # each hostile string, bound as a term, matches only itself
        rows = list(store.query("SELECT ?t (COUNT(?d) AS ?n) WHERE { ?d schema:name ?t } GROUP BY ?t",
                                substitutions={"t": Literal(t)}))
        assert all(int(r["n"].value) <= 1 for r in rows)
    assert store.stats()["documents"] == 2
    store.close()
    check_store(tmp_path / "store", 2)


# -- limits: links, disks, remote servers, documents that cost too much --------------------------------

def cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgraph", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def one_line(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    return errors[0]


def test_symlink_loops_are_one_line_and_the_rest_is_ingested(tmp_path, extractor):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "again").symlink_to(folder)  # a folder that contains itself
    store = open_store(tmp_path / "store", BASE)
    report = ingest([folder, folder / "self.txt"], store, extractor=extractor)
    store.close()
    assert report.new == 1
    assert sorted(f.source.rsplit("/", 1)[1] for f in report.failures) == ["a.txt", "b.txt", "self.txt", "self.txt"]
    assert all("symbolic link loop" in f.reason for f in report.failures)


def test_a_full_disk_is_one_line_and_what_was_written_stays(tmp_path, corpus_dir):
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        done = cli("--store", str(mount / "store"), "ingest", "-q", "--jobs", "1", str(corpus_dir))
        assert done.returncode == 1
        assert "is full" in one_line(done)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


class _Answering:
    """A loopback HTTP server that answers every request with ``body`` (or never answers)."""

    def __init__(self, body: bytes | None) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.body, self.stop, self.held = body, threading.Event(), []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            if self.body is None:
                self.held.append(conn)  # read nothing, say nothing: a server that hangs
                continue
            conn.settimeout(2)
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: %d\r\n"
                             b"connection: close\r\n\r\n" % len(self.body) + self.body)
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for c in self.held:
            c.close()
        self.sock.close()


def test_a_store_url_that_answers_html_is_one_line():
    server = _Answering(b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>")
    try:
        done = cli("--store", server.url, "stats", timeout=60)
        assert done.returncode == 1
        assert "did not answer with SPARQL results" in one_line(done)
    finally:
        server.close()


def test_a_remote_store_that_hangs_is_given_up_on_within_the_budget():
    server = _Answering(None)
    try:
        started = time.monotonic()
        done = cli("--store", server.url, "stats", env={"DOCGRAPH_REMOTE_TIMEOUT": "1", "DOCGRAPH_REMOTE_BUDGET": "3"},
                   timeout=60)
        took = time.monotonic() - started
        assert done.returncode == 1
        assert "DOCGRAPH_REMOTE_TIMEOUT=1" in one_line(done)
        assert took < 20  # was 120 s a try, five tries
    finally:
        server.close()


def test_a_document_past_its_time_is_one_line_and_skipped(tmp_path, extractor):
    slow = tmp_path / "slow.txt"
    slow.write_text(" ".join(["Human rights groups in Tehran met United Nations officials in Geneva."] * 12000),
                    encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    report = ingest([slow, tmp_path / "good.txt"], store, extractor=extractor,
                    limits=DocumentLimits(seconds=5, isolated=True))  # the small one takes well under 1 s
    store.close()
    assert report.new == 1, report.failures
    (failure,) = report.failures
    assert failure.source.endswith("slow.txt") and "took longer than 5 s" in failure.reason
    check_store(tmp_path / "store", 1)


def test_a_document_past_its_memory_is_one_line_and_skipped(tmp_path, extractor):
    big = tmp_path / "big.txt"
    big.write_text(" ".join(["Human rights groups in Tehran met United Nations officials in Geneva."] * 6000),
                   encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    report = ingest([big, tmp_path / "good.txt"], store, extractor=extractor,
                    limits=DocumentLimits(memory_mb=150, isolated=True))
    store.close()
    assert report.new == 1, report.failures
    (failure,) = report.failures
    assert failure.source.endswith("big.txt") and "needed more than 150 MB" in failure.reason
    check_store(tmp_path / "store", 1)
