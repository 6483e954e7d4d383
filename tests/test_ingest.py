"""Ingest end to end through the CLI and the API: idempotence, replacement, removal, bad input,
crash safety. Real corpus, real model, real store."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_store
from pyoxigraph import NamedNode

from docgraph.cli import main
from docgraph.ingestion import ingest, remove
from docgraph.store import open_store
from docgraph.vocab import DG, SCHEMA

BASE = "http://127.0.0.1:8000"


def run(*args: str, store: Path | None = None) -> "click.testing.Result":  # noqa: F821
    argv = (["--store", str(store)] if store else []) + list(args)
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def test_ingest_twice_is_idempotent(sample_store_path, tmp_path, corpus_dir):
    # Re-ingesting into a copy of the session store: nothing new, nothing duplicated.
    store_dir = tmp_path / "copy"
    copy_store(sample_store_path, store_dir)
    before = open_store(store_dir)
    n_before = len(before)
    before.close()
    result = run("ingest", str(corpus_dir), store=store_dir)
    assert result.exit_code == 0, result.output
    assert "0 new, 25 unchanged" in result.output
    after = open_store(store_dir)
    assert len(after) == n_before
    after.close()
    stats = run("stats", "--format", "json", store=store_dir)
    data = json.loads(stats.output)
    assert data["documents"] == 25 and data["store"] == str(store_dir.resolve())
    assert data["triples"] == n_before
    table = run("stats", store=store_dir)
    assert "documents" in table.output and "Person" in table.output


def test_sample_store_summary(sample_store):
    stats = sample_store.stats()
    assert stats["documents"] == 25
    by_type = stats["entities_by_type"]
    assert by_type["Person"] >= 20 and by_type["Organization"] >= 20 and by_type["Place"] >= 10
    assert stats["triples"] > 5000




def test_extract_json_writes_nothing(seed_path, tmp_path):
    store_dir = tmp_path / "never"
    result = run("extract", str(seed_path), "--format", "json", store=store_dir)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "docgraph-extraction/1"
    assert not store_dir.exists()
    text = seed_path.read_text(encoding="utf-8").replace("\u202f", " ").replace("\xa0", " ")
    names = {e["name"]: e for e in data["entities"]}
    pmoi = names["People’s Mojahedin Organization of Iran"]
    assert pmoi["uri"] == f"{BASE}/id/organization/peoples-mojahedin-organization-of-iran"
    for m in pmoi["mentions"]:  # offsets index into the stored text
        assert text[m["start"] : m["end"]] == m["text"]
    for key in ("sentences", "dates", "relations", "roles", "figures", "quotations"):
        assert key in data


def test_changed_file_replaces_graph_and_remove(tmp_path, extractor):
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "note.txt"
    doc.write_text("Statement on Geneva\n\nAmnesty International met Kofi Annan in Geneva.\n", encoding="utf-8")
    store = open_store(tmp_path / "store", BASE)
    first = ingest([folder], store, extractor=extractor)
    assert (first.new, first.replaced) == (1, 0)
    old_uri = first.documents[0]
    doc.write_text("Statement on Paris\n\nHuman Rights Watch said Jan Egeland visited Paris on Monday.\n", encoding="utf-8")
    second = ingest([folder], store, extractor=extractor)
    assert (second.new, second.replaced, second.unchanged) == (0, 1, 0)
    assert not store.has_graph(old_uri)
    assert store.find_documents(str(doc)) == second.documents
    names = {r["n"].value for r in store.query("SELECT ?n WHERE { ?e schema:name ?n }")}
    assert "Jan Egeland" in names and "Kofi Annan" not in names
    # remove by path: the document and the entities only it mentioned are gone
    assert remove(store, str(doc)) == second.documents
    assert store.stats()["documents"] == 0
    assert not list(store.query("SELECT ?e WHERE { ?e schema:name 'Jan Egeland' }"))
    store.close()


def test_bad_inputs_each_one_line_others_ingested(tmp_path, seed_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(seed_path, folder / "good.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "latin1.txt").write_bytes("Caf\xe9 in Gen\xe8ve".encode("latin-1"))
    (folder / "big.txt").write_text("word " * 5000, encoding="utf-8")
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "a", "text": "Kofi Annan visited Tehran in 2005."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": 42}) + "\n",
        encoding="utf-8",
    )
    store_dir = tmp_path / "store"
    result = CliRunner().invoke(
        main, ["--store", str(store_dir), "ingest", "--max-bytes", "20000", str(folder), str(tmp_path / "nope.txt")],
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    joined = "\n".join(errors)
    for name in ("empty.txt", "binary.txt", "latin1.txt", "big.txt", "lines.jsonl", "nope.txt"):
        assert name in joined, (name, result.output)
    assert len(errors) == 7  # two bad JSONL lines, five bad files
    assert "Traceback" not in result.output
    assert "2 new" in result.output  # the seed and the good JSONL line
    store = open_store(store_dir)
    assert store.stats()["documents"] == 2
    store.close()


def test_locked_store_is_a_clear_error(sample_store, sample_store_path):
    # The session holds the sample store open; a second writer gets one line, not a traceback
    # (readers such as `stats` open a snapshot beside it).
    result = subprocess.run(
        [sys.executable, "-m", "docgraph", "--store", str(sample_store_path), "remove", "nothing.txt"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "in use by another docgraph process" in result.stderr
    assert "Traceback" not in result.stderr


def _content(store_dir: Path) -> set[tuple[str, str, str, str]]:
    store = open_store(store_dir)
    quads = {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in store.quads()
        if q.predicate != DG.ingestedAt
    }
    store.close()
    return quads


@pytest.mark.slow
def test_killed_ingest_leaves_whole_documents_and_rerun_completes(tmp_path, corpus_dir):
    store_dir = tmp_path / "killed"
    cmd = [sys.executable, "-m", "docgraph", "--store", str(store_dir), "ingest", "-q", str(corpus_dir)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait until some documents have landed, then kill without warning
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if any(store_dir.glob("*.sst")) or (store_dir / "CURRENT").exists():
            time.sleep(1.5)
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = open_store(store_dir)
    docs = store.documents()
    for d in docs:  # every stored document is whole: its text and its entities are there
        g = NamedNode(d.uri)
        assert next(iter(store.raw.quads_for_pattern(g, SCHEMA.mentions, None, g)), None) is not None
        assert d.content_hash.startswith("sha256:")
    store.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "docgraph", "--store", str(fresh), "ingest", "-q", str(corpus_dir)],
                   check=True, capture_output=True, timeout=300)
    assert _content(store_dir) == _content(fresh)


def test_one_worker_that_only_parses_gives_the_same_graph(sample_store_path, tmp_path, corpus_dir, extractor):
    # The CLI's one-job ingest: the worker process runs the NLP, this process extracts from the
    # Docs it sends back. The graph must be the one extraction in a single process gives (the
    # session store), quad for quad, but for the time each document was ingested.
    from docgraph.ingestion import DocumentLimits

    store = open_store(tmp_path / "store", BASE)
    report = ingest([corpus_dir], store, extractor=extractor, jobs=1, limits=DocumentLimits(isolated=True))
    assert report.ok and report.new == 25, report
    split = {q for q in store.quads() if q.predicate != DG.ingestedAt}
    store.close()
    copy = copy_store(sample_store_path, tmp_path / "copy")
    single = open_store(copy)
    whole = {q for q in single.quads() if q.predicate != DG.ingestedAt}
    single.close()
    assert split == whole and len(split) > 5000
