"""The bulk path: `docgraph extract --format nq --shard I/N` per machine, the shards loaded by the
servers' own bulk loaders (`oxigraph load`; Virtuoso's ld_dir + rdf_loader_run), then the short-name
merge pass over the loaded store: the same graph as `docgraph ingest`, but for the owl:sameAs
links that record what the pass merged (an ingest resolves those names as it writes)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from serving import oxigraph_binary

from docgraph.cli import main


def shards(corpus_dir: Path, folder: Path, n: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"shard-{i}.nq"
        done = subprocess.run([sys.executable, "-m", "docgraph", "extract", str(corpus_dir), "--format", "nq",
                               "--shard", f"{i}/{n}", "--jobs", "1", "-o", str(path)],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        assert f"shard {i}/{n}: " in done.stderr
        out.append(path)
    return out


def dump(store, env=None) -> set[str]:
    result = CliRunner().invoke(main, ["--store", str(store), "export", "--format", "nq"], env=env)
    assert result.exit_code == 0, result.output
    return {line for line in result.output.splitlines() if "#ingestedAt>" not in line}


@pytest.fixture(scope="module")
def bulk_shards(tmp_path_factory, corpus_dir):
    return shards(corpus_dir, tmp_path_factory.mktemp("shards"))


def test_shards_split_the_corpus_without_overlap(bulk_shards):
    docs = [{line.rsplit(" ", 2)[-2] for line in p.read_text(encoding="utf-8").splitlines() if "/id/document/" in line}
            for p in bulk_shards]
    assert docs[0] and docs[1] and not docs[0] & docs[1]
    assert len(docs[0] | docs[1]) == 25
    bad = CliRunner().invoke(main, ["extract", "x", "--format", "nq", "--shard", "2/2"])
    assert bad.exit_code == 1 and "--shard '2/2'" in bad.output


def test_oxigraph_bulk_load_then_consolidate_equals_ingest(bulk_shards, sample_store_path, tmp_path):
    from conftest import copy_store

    location = tmp_path / "loaded"
    done = subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", *map(str, bulk_shards)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = CliRunner().invoke(main, ["--store", str(location), "review", "--consolidate", "--format", "json"])
    assert out.exit_code == 0 and re.search(r"merged [1-9]\d* short names", out.output), out.output
    ingested = dump(copy_store(sample_store_path, tmp_path / "ingested"))
    loaded = dump(location)
    assert ingested - loaded == set()
    # what the bulk path may add: the merge pass records each name it merged as owl:sameAs (none
    # when every short name it merges was merged the same way by the ingest's own pass)
    assert all("owl#sameAs" in line and "/graph/resolution>" in line for line in loaded - ingested)


def test_virtuoso_bulk_load(bulk_shards, virtuoso, tmp_path):
    """Virtuoso's bulk loader reads the shards from a folder its ini allows (DirsAllowed)."""
    import shutil

    virtuoso.clear()
    folder = virtuoso.root / "load"
    folder.mkdir(exist_ok=True)
    for p in bulk_shards:
        shutil.copy(p, folder / p.name)
    sql = (f"ld_dir('{folder}', '*.nq', 'urn:docgraph:unused'); rdf_loader_run(); checkpoint; "
           "SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_state <> 2 OR ll_error IS NOT NULL;")
    done = subprocess.run(["isql-vt", f"127.0.0.1:{virtuoso.sql_port}", "dba", virtuoso.password, f"exec={sql}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    try:
        stats = CliRunner().invoke(main, ["--store", virtuoso.url, "stats", "--format", "json"], env=virtuoso.env)
        assert stats.exit_code == 0, stats.output
        assert json.loads(stats.output)["documents"] == 25
        quads = {line for p in bulk_shards for line in p.read_text(encoding="utf-8").splitlines()}
        assert json.loads(stats.output)["triples"] == len(quads)
    finally:
        virtuoso.clear()
        subprocess.run(["isql-vt", f"127.0.0.1:{virtuoso.sql_port}", "dba", virtuoso.password,
                        "exec=DELETE FROM DB.DBA.load_list;"], capture_output=True, timeout=60)
