"""Shared fixtures: the real sample corpus, the real model, a real store.

The sample corpus is kept in the repository (examples/corpus/, sources and licences in
examples/README.md), so a fresh clone runs the suite with nothing beside it. The sample store is
built once per test session (ingesting the sample takes seconds); tests that change a store make
their own in tmp_path. The large corpora and the evaluation data live outside the repository
(../shared/ where the developers work): tests that want them use ``large_corpus`` or
``eval_data``, which skip with one line when they are absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = Path(os.environ.get("DOCGRAPH_CORPUS", EXAMPLES / "corpus")).resolve()
SEED = CORPUS / "000_c70673dcfd7164ec.txt"
SAMPLE_JSONL = CORPUS / "tehran-times-sample.jsonl"
SHARED = Path(os.environ.get("DOCGRAPH_SHARED", ROOT.parent / "shared")).resolve()
BASE = "http://127.0.0.1:8000"


def pytest_sessionstart(session) -> None:
    if not SEED.exists():  # one line, not one error per test
        pytest.exit(f"sample corpus not found at {CORPUS} (a broken checkout? it ships in examples/corpus/)",
                    returncode=4)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def large_corpus() -> Path:
    """../shared/corpus-large/ (804 and 32,887 articles): not in the repository."""
    path = SHARED / "corpus-large"
    if not (path / "tehran-times-human-rights.jsonl").exists():
        pytest.skip(f"large corpus not found at {path} (set DOCGRAPH_SHARED)")
    return path


@pytest.fixture(scope="session")
def eval_data() -> Path:
    """../shared/eval-data/ (CoNLL04, DWIE, Re-DocRED): research use, not in the repository."""
    path = SHARED / "eval-data"
    if not path.is_dir():
        pytest.skip(f"evaluation data not found at {path} (set DOCGRAPH_SHARED)")
    return path


@pytest.fixture(scope="session")
def seed_path(corpus_dir: Path) -> Path:
    return SEED


@pytest.fixture(scope="session")
def extractor():
    from docgraph.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def seed_extraction(extractor, seed_path):
    from docgraph.readers import iter_documents
    from docgraph.resolve import resolve

    (doc,) = list(iter_documents([seed_path]))
    return resolve(extractor.extract(doc), None, BASE)


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory, corpus_dir, extractor) -> Path:
    """A store holding the whole sample corpus, built once. Open it with ``sample_store``."""
    from docgraph.ingestion import ingest
    from docgraph.store import open_store

    path = tmp_path_factory.mktemp("sample") / "store"
    store = open_store(path, BASE)
    report = ingest([corpus_dir], store, extractor=extractor)
    assert report.ok and report.new == 25, report
    store.close()
    return path


def copy_store(src: Path, dst: Path) -> Path:
    """Copy a store directory without touching its LOCK file: opening and closing that file in
    this process would release the POSIX lock the session's open store holds on it."""
    import shutil

    for attempt in range(5):  # a background compaction may delete a file while it is copied
        try:
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("LOCK"))
            return dst
        except shutil.Error:
            shutil.rmtree(dst, ignore_errors=True)
            if attempt == 4:
                raise
    return dst


@pytest.fixture(scope="session")
def sample_store(sample_store_path):
    """The sample store, opened once for the session (read-write: pyoxigraph allows one opener)."""
    from docgraph.store import open_store

    store = open_store(sample_store_path)
    yield store
    store.close()


HOSTILE = ("Mayor Anna Kowalski <script>alert('pwned')</script> met the Red Cross in Geneva on 3 March 2020.\n"
           "<img src=x onerror=alert(2)> \"quoted & ampersand\" </textarea></pre>\n")


@pytest.fixture(scope="session")
def site(tmp_path_factory, corpus_dir):
    """The sample corpus plus a hostile document, ingested with the base URI the server will
    answer on, then served by `docgraph serve` in its own process."""
    import subprocess
    import sys

    import httpx
    from serving import free_port, start_server, stop_server

    root = tmp_path_factory.mktemp("serve")
    docs = root / "docs"
    docs.mkdir()
    (docs / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    store = root / "store"
    env = {**os.environ, "DOCGRAPH_STORE": str(store), "DOCGRAPH_BASE_URI": base}
    done = subprocess.run([sys.executable, "-m", "docgraph", "ingest", "-q", str(corpus_dir), str(docs)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    proc = start_server(store, port, "--timeout", "2", "--max-results", "2000")
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    yield {"base": base, "store": store, "client": client, "env": env, "proc": proc, "docs": docs}
    client.close()
    stop_server(proc)
    assert not (store / "serve.json").exists(), "the server left its announcement behind"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """One private Virtuoso for the session (Debian's virtuoso-opensource; .ci/run installs it):
    its own database folder and ini, loopback ports, a random dba password. Users clear() it."""
    from serving import Virtuoso

    try:
        server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    except FileNotFoundError:
        if os.environ.get("CI"):
            pytest.fail("no virtuoso-t: .ci/run installs Debian's virtuoso-opensource package")
        pytest.skip("Debian's virtuoso-opensource is not installed (apt-get install virtuoso-opensource)")
    yield server
    server.stop()
