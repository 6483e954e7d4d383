"""How long `docgraph review` takes to show its best candidates on a store, against reading the
store's entity names (the baseline: what any candidate search must at least do).

    python bench/bench_review.py --store STORE [--limit 50] [--repeat 3] [--replicate K]

Prints the median seconds of (a) one grouped query over the entity graph's names (the baseline)
and (b) ``review.candidates(store, limit=N)`` with evidence sentences, as `docgraph review` runs
it, and their ratio. Results go to bench/results/review.json. Run it under the heavy lock.

``--replicate K`` measures a store K times as large instead, made from STORE (bench/replicate.py):
every entity URI copied K times (``…-copy2`` …), each copy's documents distinct, names unchanged — the hardest case for review, since
each name then stands for K entities.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from replicate import replicate  # bench/replicate.py

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--replicate", type=int, default=1)
    args = ap.parse_args()
    if args.replicate > 1:
        import tempfile

        tmp = tempfile.mkdtemp()
        replicate(args.store, Path(tmp) / "store", args.replicate)
        args.store = str(Path(tmp) / "store")
    from docgraph.rdf import entity_graph
    from docgraph.review import candidates
    from docgraph.store import open_store

    store = open_store(args.store, read_only=True)
    eg = entity_graph(store.base_uri)
    base_s, names = timed(lambda: sum(1 for _ in store.query(
        f"SELECT ?e ?n WHERE {{ GRAPH {eg} {{ ?e schema:name|schema:alternateName ?n }} }}", union=False)),
        args.repeat)
    review_s, found = timed(lambda: candidates(store, limit=args.limit), args.repeat)
    stats = store.stats()
    store.close()
    result = {"store": args.store, "documents": stats["documents"], "entities": stats["entities"],
              "names": names, "limit": args.limit, "baseline_s": round(base_s, 3), "review_s": round(review_s, 3),
              "ratio": round(review_s / base_s, 1) if base_s else None, "candidates": len(found)}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "review.json").write_text(json.dumps(result, indent=2))
    print(f"| store | documents | entities | names read (s) | review top {args.limit} (s) | ratio |")
    print("|---|---|---|---|---|---|")
    print(f"| {args.store} | {stats['documents']} | {stats['entities']} | {base_s:.3f} | {review_s:.3f} | "
          f"{result['ratio']} |")


if __name__ == "__main__":
    main()
