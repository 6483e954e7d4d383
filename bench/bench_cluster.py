"""Extraction on a Dask cluster: 1 worker against 2 workers, and both against a local ingest, on
the same documents in the same run; the graphs compared quad for quad.

    flock /tmp/docgraph-heavy.lock python bench/bench_cluster.py [--source ../shared/corpus-large/tehran-times-human-rights.jsonl]

Each run is `docgraph ingest` into a fresh store, started as a user starts it:
  (a) ``--cluster local:1``: a LocalCluster of one worker process (this machine);
  (b) ``--cluster local:2``: two worker processes;
  (c) ``--jobs 2``: the local ingest (forked NLP workers), the reference graph.
Times include starting the cluster and loading the model in each worker. The graphs of (a) and (b)
must equal (c)'s, ingest timestamps aside. Results: stdout and bench/results/cluster.json.
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
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus-large" / "tehran-times-human-rights.jsonl"


def run(store: Path, source: Path, *extra: str) -> tuple[float, str]:
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store), "ingest", "-q", *extra,
                           str(source)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - t, done.stdout.splitlines()[0]


def quads(store: Path) -> set[str]:
    out = subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store), "export", "--format", "nq"],
                         capture_output=True, text=True, check=True).stdout
    return {line for line in out.splitlines() if "#ingestedAt>" not in line}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = ap.parse_args()
    runs = {"cluster, 1 worker": ("--cluster", "local:1"), "cluster, 2 workers": ("--cluster", "local:2"),
            "local --jobs 2": ("--jobs", "2")}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        graphs = {}
        for name, extra in runs.items():
            store = Path(tmp) / name.replace(" ", "_").replace(",", "")
            seconds, summary = run(store, args.source, *extra)
            graphs[name] = quads(store)
            results[name] = {"seconds": seconds, "summary": summary}
            print(f"{name}: {seconds:.1f} s — {summary}", flush=True)
        reference = graphs["local --jobs 2"]
        for name in runs:
            results[name]["same_graph_as_local"] = graphs[name] == reference
            results[name]["quads"] = len(graphs[name])
    one, two = results["cluster, 1 worker"]["seconds"], results["cluster, 2 workers"]["seconds"]
    docs = int(results["local --jobs 2"]["summary"].split(" new")[0])
    print("\n| run | seconds | documents/s | same quads as the local ingest |\n|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['seconds']:.1f} | {docs / r['seconds']:.1f} | {'yes' if r['same_graph_as_local'] else 'NO'} "
              f"({r['quads']:,}) |")
    print(f"\n2 workers against 1: {one / two:.2f}x; 2 workers against the local --jobs 2 ingest: "
          f"{results['local --jobs 2']['seconds'] / two:.2f}x")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cluster.json").write_text(json.dumps({"source": str(args.source), "documents": docs,
                                                  "speedup_2_over_1": one / two, **results}, indent=2))


if __name__ == "__main__":
    main()
