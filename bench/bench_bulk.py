"""The bulk path measured: shards extracted in parallel, then each server's own bulk loader, against
the single writer (`docgraph ingest` into the same server) on the same documents, in the same run.

    flock /tmp/docgraph-heavy.lock python bench/bench_bulk.py [--source ../shared/corpus-large/tehran-times-human-rights.jsonl] [--shards 2]

(a) `docgraph extract SOURCE --format nq --shard I/N --jobs 1 -o shard-I.nq`, the N shards at once
    (one process per core here; one machine each in real use);
(b) the shards loaded by `oxigraph load` (a new store folder) and by Virtuoso's `ld_dir` +
    `rdf_loader_run()` (a private instance, as the tests start it), in quads/s;
(c) `docgraph review --consolidate` over the loaded Oxigraph store (the merge pass the bulk path
    leaves for after the load);
(d) for reference, the single writer: `docgraph ingest --jobs N` of the same source into a fresh
    embedded store. Results: stdout and bench/results/bulk.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus-large" / "tehran-times-human-rights.jsonl"


def docgraph(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "docgraph", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--shards", type=int, default=2)
    args = ap.parse_args()
    from serving import Virtuoso, oxigraph_binary

    r: dict = {"source": str(args.source), "shards": args.shards}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "shards"
        folder.mkdir()
        t = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-m", "docgraph", "extract", str(args.source), "--format", "nq",
                                   "--shard", f"{i}/{args.shards}", "--jobs", "1", "-o", str(folder / f"shard-{i}.nq")],
                                  stderr=subprocess.PIPE, text=True) for i in range(args.shards)]
        for p in procs:
            _, err = p.communicate()
            if p.returncode != 0:
                raise SystemExit(err)
        r["extract_s"] = time.perf_counter() - t
        files = sorted(folder.glob("*.nq"))
        quads = len({line for f in files for line in f.read_text(encoding="utf-8").splitlines()})
        documents = sum(1 for f in files for line in f.read_text(encoding="utf-8").splitlines()
                        if "22-rdf-syntax-ns#type> <https://w3id.org/docgraph#Document>" in line)
        r.update(quads=quads, documents=documents, mb=sum(f.stat().st_size for f in files) / 1e6)
        print(f"extract, {args.shards} shards at once: {r['extract_s']:.1f} s, {documents} documents, {quads:,} quads",
              flush=True)

        t = time.perf_counter()
        subprocess.run([oxigraph_binary(), "load", "--location", str(work / "ox"), "--file", *map(str, files)],
                       check=True, capture_output=True)
        r["oxigraph_load_s"] = time.perf_counter() - t
        t = time.perf_counter()
        docgraph("--store", str(work / "ox"), "review", "--consolidate", "--format", "json", "--limit", "1")
        r["consolidate_s"] = time.perf_counter() - t
        print(f"oxigraph load: {r['oxigraph_load_s']:.1f} s; review --consolidate: {r['consolidate_s']:.1f} s", flush=True)

        server = Virtuoso(work / "virtuoso", buffers=170_000).start()
        try:
            load = server.root / "load"
            load.mkdir()
            for f in files:
                f.rename(load / f.name)
            t = time.perf_counter()
            sql = f"ld_dir('{load}', '*.nq', 'urn:docgraph:unused'); rdf_loader_run(); checkpoint;"
            subprocess.run(["isql-vt", f"127.0.0.1:{server.sql_port}", "dba", server.password, f"exec={sql}"],
                           check=True, capture_output=True)
            r["virtuoso_load_s"] = time.perf_counter() - t
        finally:
            server.stop()
        print(f"virtuoso ld_dir + rdf_loader_run: {r['virtuoso_load_s']:.1f} s", flush=True)

        t = time.perf_counter()
        docgraph("--store", str(work / "ingested"), "ingest", "-q", "--jobs", str(args.shards), str(args.source))
        r["ingest_s"] = time.perf_counter() - t
    print("\n| step | seconds | documents/s | quads/s |\n|---|---|---|---|")
    for name, key in (("extract to N-Quads, shards in parallel", "extract_s"), ("`oxigraph load`", "oxigraph_load_s"),
                      ("Virtuoso `ld_dir` + `rdf_loader_run()`", "virtuoso_load_s"),
                      ("`review --consolidate` after the load", "consolidate_s"),
                      ("`docgraph ingest` (one writer), for reference", "ingest_s")):
        print(f"| {name} | {r[key]:.1f} | {documents / r[key]:,.0f} | {quads / r[key]:,.0f} |")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bulk.json").write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
