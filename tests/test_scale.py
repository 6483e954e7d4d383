"""Reliability of long ingests: Ctrl-C, kills at random points, two ingests at once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from docgraph.readers import iter_documents
from docgraph.store import open_store
from docgraph.vocab import DG, SCHEMA


def ingest_cmd(store: Path, corpus: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "docgraph", "--store", str(store), "ingest", "-q", *extra, str(corpus)]


def wait_for_documents(store: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Until the running ingest has written something (its store files appear)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if (store / "CURRENT").exists():
            return
        time.sleep(0.1)


def content(store_dir: Path) -> set[tuple[str, str, str, str]]:
    store = open_store(store_dir)
    try:
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                for q in store.quads() if q.predicate != DG.ingestedAt}
    finally:
        store.close()


def assert_whole_documents(store_dir: Path) -> int:
    store = open_store(store_dir)
    try:
        docs = store.documents()
        for d in docs:
            g = NamedNode(d.uri)
            assert next(iter(store.raw.quads_for_pattern(g, SCHEMA.mentions, None, g)), None) is not None
        return len(docs)
    finally:
        store.close()


@pytest.mark.slow
def test_ctrl_c_keeps_what_finished_and_says_how_to_resume(tmp_path, corpus_dir):
    # 200 distinct documents made from the sample (long enough to interrupt)
    texts = [d.text for d in iter_documents([corpus_dir])]
    feed = tmp_path / "many.jsonl"
    feed.write_text("".join(json.dumps({"id": n, "text": f"{texts[n % len(texts)]}\n\nCopy {n}."}) + "\n"
                            for n in range(200)), encoding="utf-8")
    corpus_dir = feed
    store = tmp_path / "store"
    proc = subprocess.Popen(ingest_cmd(store, corpus_dir, "--jobs", "2"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wait_for_documents(store, proc)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before Ctrl-C arrived")
    assert proc.returncode == 130, (out, err)
    assert "run the same command again to resume" in err
    assert "Traceback" not in err
    kept = assert_whole_documents(store)
    rerun = subprocess.run(ingest_cmd(store, corpus_dir), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{200 - kept} new, {kept} unchanged" in rerun.stdout


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 2.5])
def test_ctrl_c_at_a_terminal_stops_the_workers_in_their_batch(tmp_path, corpus_dir, delay):
    """A terminal's Ctrl-C reaches the whole process group: the workers drop the batch in hand
    (a worker killed in the middle of a message once left the ingest waiting for ever)."""
    texts = [d.text for d in iter_documents([corpus_dir])]
    feed = tmp_path / "many.jsonl"
    feed.write_text("".join(json.dumps({"id": n, "text": f"{texts[n % len(texts)]}\n\nCopy {n}."}) + "\n"
                            for n in range(120)), encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen(ingest_cmd(store, feed, "--jobs", "2"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_for_documents(store, proc)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before Ctrl-C arrived")
    assert proc.returncode == 130, (out, err)
    assert "run the same command again to resume" in err and "Traceback" not in err
    with pytest.raises(ProcessLookupError):  # no worker outlives the ingest
        os.killpg(proc.pid, 0)
    kept = assert_whole_documents(store) if (store / "CURRENT").exists() else 0
    assert kept < 120


@pytest.mark.slow
def test_kills_at_random_points_then_rerun_equals_uninterrupted(tmp_path, corpus_dir, sample_store_path):
    store = tmp_path / "killed"
    rng = random.Random(7)
    for _ in range(3):
        proc = subprocess.Popen(ingest_cmd(store, corpus_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 5.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if store.exists():
            assert_whole_documents(store)
    rerun = subprocess.run(ingest_cmd(store, corpus_dir), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    uninterrupted = tmp_path / "fresh"
    subprocess.run(ingest_cmd(uninterrupted, corpus_dir), check=True, capture_output=True, timeout=300)
    assert content(store) == content(uninterrupted)


@pytest.mark.slow
def test_second_ingest_at_once_fails_clearly(tmp_path, corpus_dir):
    store = tmp_path / "store"
    first = subprocess.Popen(ingest_cmd(store, corpus_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_documents(store, first)
    second = subprocess.run(ingest_cmd(store, corpus_dir), capture_output=True, text=True, timeout=120)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert "in use by another docgraph process" in second.stderr and "Traceback" not in second.stderr
    assert assert_whole_documents(store) == 25
