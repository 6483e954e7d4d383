"""Canned query speed on a store of at least a million triples, against rdflib on the same data.

    python bench/bench_queries.py --store STORE [--triples 1000000] [--timeout 300]

From STORE (real ingested documents), the first document graphs adding up to at least
--triples are copied into a fresh pyoxigraph store, with the resolution and settings graphs.
Every canned query, its parameters bound to the most-mentioned entity, then runs:

  docgraph  ``queries.run`` on that store (the code path of ``docgraph query``), median of 3;
  rdflib    the same SPARQL text on an rdflib ``Dataset(default_union=True)`` loaded from the same
            quads, once (a query past --timeout is stopped and reported as such).

Reports seconds per query, rows (which must agree), and the ratio rdflib/docgraph. Results go to
stdout as a Markdown table and to bench/results/queries.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RDFLIB_WORKER = r"""
import json, sys, time
import rdflib
ds = rdflib.Dataset(default_union=True)
t = time.perf_counter()
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"loaded": time.perf_counter() - t, "quads": len(ds)}), flush=True)
for line in sys.stdin:
    name, sparql = json.loads(line)
    t = time.perf_counter()
    try:
        rows = len(list(ds.query(sparql)))
    except Exception as exc:  # rdflib's engine fails some queries: reported, not fatal
        print(json.dumps({"name": name, "seconds": None, "rows": None, "error": f"{type(exc).__name__}: {exc}"[:200]}), flush=True)
        continue
    print(json.dumps({"name": name, "seconds": time.perf_counter() - t, "rows": rows}), flush=True)
"""


def build_subset(src: Path, dst: Path, triples: int) -> tuple[int, int]:
    from pyoxigraph import NamedNode, Store

    from docgraph.store import open_store

    source = open_store(src, read_only=True)
    target = Store(str(dst))
    docs = total = 0
    for g in source.named_graphs():
        if "/id/document/" not in g:
            target.extend(source.quads(g))  # resolution and settings graphs
            continue
        if total >= triples:
            continue
        quads = list(source.quads(g))
        target.extend(quads)
        total += len(quads)
        docs += 1
    target.flush()
    del target
    _ = NamedNode
    return docs, total


def prepared_queries(store) -> list[tuple[str, str]]:
    from docgraph.queries import load_catalogue, prepare
    from docgraph.vocab import PREFIXES

    (top,) = [r["e"].value for r in store.query("""
        SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d schema:mentions ?e } ?e a schema:Person }
        GROUP BY ?e ORDER BY DESC(?n) LIMIT 1""")]
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    out = []
    for name, q in sorted(load_catalogue().items()):
        values = {p.name: top for p in q.params if p.type == "entity"}
        out.append((name, prefixes + prepare(q.sparql, values, q.params, store)))
    return out


def run_rdflib(nq: Path, queries: list[tuple[str, str]], timeout: float) -> tuple[dict, dict]:
    """Each query once; a worker stuck past the timeout is killed and a fresh one takes the rest."""
    results: dict[str, dict] = {}
    load_info: dict = {}
    pending = list(queries)
    while pending:
        proc = subprocess.Popen([sys.executable, "-c", RDFLIB_WORKER, str(nq)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        load_info = json.loads(proc.stdout.readline())
        print(f"rdflib loaded {load_info['quads']:,} quads in {load_info['loaded']:.0f}s", file=sys.stderr)
        while pending:
            name, sparql = pending.pop(0)
            proc.stdin.write(json.dumps([name, sparql]) + "\n")
            proc.stdin.flush()
            import selectors

            sel = selectors.DefaultSelector()
            sel.register(proc.stdout, selectors.EVENT_READ)
            if sel.select(timeout):
                results[name] = json.loads(proc.stdout.readline())
                print(f"rdflib {name}: {results[name]}", file=sys.stderr)
            else:
                results[name] = {"name": name, "seconds": None, "rows": None, "timeout": timeout}
                print(f"rdflib {name}: past {timeout:g}s, stopped", file=sys.stderr)
                proc.kill()
                proc.wait()
                break
        else:
            proc.stdin.close()
            proc.wait()
    return results, load_info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    from docgraph.export import rdf
    from docgraph.queries import run
    from docgraph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        sub = Path(tmp) / "store"
        docs, triples = build_subset(args.store, sub, args.triples)
        store = open_store(sub)
        print(f"subset: {docs:,} documents, {len(store):,} quads", file=sys.stderr)
        queries = prepared_queries(store)
        ours: dict[str, dict] = {}
        for name, sparql in queries:
            times, rows = [], 0
            for _ in range(3):
                t = time.perf_counter()
                result = run(store, sparql, timeout=args.timeout)
                times.append(time.perf_counter() - t)
                rows = len(result.rows) if result.rows is not None else len(result.triples or [])
            ours[name] = {"seconds": statistics.median(times), "rows": rows}
            print(f"docgraph {name}: {ours[name]['seconds']:.3f}s", file=sys.stderr)
        nq = Path(tmp) / "dump.nq"
        with nq.open("wb") as fh:
            rdf.write(store, "nq", fh)
        quads = len(store)
        store.close()
        theirs, load_info = run_rdflib(nq, queries, args.timeout)
    table = []
    for name, _ in queries:
        o, t = ours[name], theirs[name]
        ratio = t["seconds"] / o["seconds"] if t.get("seconds") and o["seconds"] else None
        table.append({"query": name, "docgraph_s": o["seconds"], "rdflib_s": t.get("seconds"), "rows": o["rows"],
                      "rdflib_rows": t.get("rows"), "rdflib_over_docgraph": ratio})
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "queries.json").write_text(json.dumps({"documents": docs, "quads": quads, "rdflib_load_s": load_info.get("loaded"),
                                                  "timeout": args.timeout, "queries": table}, indent=2))
    print(f"{docs:,} documents, {quads:,} quads; rdflib took {load_info.get('loaded', 0):.0f}s to load them\n")
    print("| query | docgraph s | rdflib s | rows | rdflib / docgraph |")
    print("|---|---|---|---|---|")
    for r in table:
        error = theirs[r["query"]].get("error")
        rd = f"{r['rdflib_s']:.2f}" if r["rdflib_s"] is not None else (
            f"fails ({error.split(':')[0]})" if error else f"> {args.timeout:g} (stopped)")
        ratio = f"{r['rdflib_over_docgraph']:.0f}×" if r["rdflib_over_docgraph"] else "—"
        rows = f"{r['rows']}" + ("" if r["rdflib_rows"] in (None, r["rows"]) else f" (rdflib {r['rdflib_rows']})")
        print(f"| {r['query']} | {r['docgraph_s']:.3f} | {rd} | {rows} | {ratio} |")


if __name__ == "__main__":
    main()
