"""Extraction on a Dask cluster (a real ``LocalCluster``: a scheduler and two worker processes on
loopback, each loading the model once): the same graph as a local ingest, and the local ingest's
rules for idempotence, Ctrl-C and failures — a worker killed mid-ingest is one line and its
documents are done by the others; an unreachable scheduler is one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_scale import content

from docgraph.store import open_store

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def dask_cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0", host="127.0.0.1")
    yield cluster
    cluster.close()


def ingest_cmd(store: Path, source: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "docgraph", "--store", str(store), "ingest", "-q", *extra, str(source)]


def feed_of(corpus_dir: Path, path: Path, n: int) -> Path:
    """``n`` distinct documents made from the sample corpus, as one JSONL file."""
    from docgraph.readers import iter_documents

    texts = [d.text for d in iter_documents([corpus_dir])]
    path.write_text("".join(json.dumps({"id": i, "text": f"{texts[i % len(texts)]}\n\nCopy {i}."}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def test_cluster_ingest_equals_local_ingest(dask_cluster, sample_store_path, corpus_dir, tmp_path):
    from conftest import copy_store

    store = tmp_path / "store"
    done = subprocess.run(ingest_cmd(store, corpus_dir, "--cluster", dask_cluster.scheduler_address),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "25 new, 0 unchanged" in done.stdout
    local = copy_store(sample_store_path, tmp_path / "local")
    assert content(store) == content(local)
    # idempotent like a local ingest; DOCGRAPH_CLUSTER is the option's environment variable
    again = subprocess.run(ingest_cmd(store, corpus_dir), capture_output=True, text=True, timeout=600,
                           env={**os.environ, "DOCGRAPH_CLUSTER": dask_cluster.scheduler_address})
    assert again.returncode == 0 and "0 new, 25 unchanged" in again.stdout, again.stderr


def test_a_killed_worker_is_one_line_and_its_documents_are_done_elsewhere(dask_cluster, corpus_dir, tmp_path):
    from docgraph.ingestion import ingest

    feed = feed_of(corpus_dir, tmp_path / "feed.jsonl", 48)
    heard: list[str] = []
    client = distributed.Client(dask_cluster)
    victim = min(client.run(os.getpid).values())
    client.close()
    busy = threading.Event()

    def progress(p) -> None:
        if p.done == 8:  # the workers are extracting: kill one of them now
            busy.set()

    def kill_when_busy() -> None:
        if busy.wait(timeout=120):
            os.kill(victim, signal.SIGKILL)

    killer = threading.Thread(target=kill_when_busy, daemon=True)
    killer.start()
    store = open_store(tmp_path / "store")
    try:
        report = ingest([feed], store, cluster=dask_cluster.scheduler_address, notify=heard.append,
                        progress=progress)
    finally:
        store.close()
    killer.join(timeout=5)
    assert report.ok and report.new == 48 and not report.interrupted, (report.failures, heard)
    assert any("left the cluster" in m and "go to the others" in m for m in heard), heard
    store = open_store(tmp_path / "store")
    try:
        assert len(store.documents()) == 48
    finally:
        store.close()


def test_ctrl_c_keeps_what_finished_and_the_rerun_completes(dask_cluster, corpus_dir, tmp_path):
    feed = feed_of(corpus_dir, tmp_path / "feed.jsonl", 80)
    store = tmp_path / "store"
    cmd = ingest_cmd(store, feed, "--cluster", dask_cluster.scheduler_address)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not (store / "CURRENT").exists():
        time.sleep(0.1)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before Ctrl-C arrived")
    assert proc.returncode == 130, (out, err)
    assert "run the same command again to resume" in err and "Traceback" not in err
    opened = open_store(store)
    kept = len(opened.documents())
    opened.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{80 - kept} new, {kept} unchanged" in rerun.stdout


def test_an_unreachable_scheduler_is_one_line(tmp_path, seed_path):
    from serving import free_port

    done = subprocess.run(ingest_cmd(tmp_path / "store", seed_path, "--cluster", f"tcp://127.0.0.1:{free_port()}"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    bad = subprocess.run(ingest_cmd(tmp_path / "store", seed_path, "--cluster", "nonsense"),
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "--cluster 'nonsense'" in bad.stderr and "Traceback" not in bad.stderr
