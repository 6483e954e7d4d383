"""Ingest throughput into a remote store (an Oxigraph server on loopback) against the embedded
store, on the same documents, in the same run.

    python bench/bench_remote.py [--docs 500] [--jobs 2]

Both runs are `docgraph ingest --jobs J` started as a user starts it; the remote one writes each
document's graph with one Graph Store Protocol PUT. Reports documents per second and the ratio
remote/embedded time (the aim: at most 1.5). Results: stdout and bench/results/remote.json.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import DEFAULT_SOURCE, sample  # noqa: E402
from serving import free_port, start_oxigraph  # noqa: E402


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docgraph", *args], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        feed = work / "docs.jsonl"
        sample(args.source, args.docs, feed)
        embedded = timed(["--store", str(work / "store"), "ingest", "-q", "--jobs", str(args.jobs), str(feed)])
        port = free_port()
        server = start_oxigraph(work / "oxigraph", port)
        try:
            remote = timed(["--store", f"http://127.0.0.1:{port}", "ingest", "-q", "--jobs", str(args.jobs), str(feed)])
        finally:
            server.terminate()
            server.wait()
    result = {"docs": args.docs, "jobs": args.jobs, "embedded_s": embedded, "remote_s": remote,
              "remote_over_embedded": remote / embedded}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "remote.json").write_text(json.dumps(result, indent=2))
    print("| store | seconds | documents/s |\n|---|---|---|")
    print(f"| embedded | {embedded:.1f} | {args.docs / embedded:.1f} |")
    print(f"| oxigraph server | {remote:.1f} | {args.docs / remote:.1f} |")
    print(f"\nremote/embedded time: {remote / embedded:.2f}")


if __name__ == "__main__":
    main()
