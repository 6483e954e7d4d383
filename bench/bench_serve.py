"""Load test: `docgraph serve` against the reference server `oxigraph serve`, same data, same run.

    pip install -e '.[bench]'      # the oxigraph CLI (PyPI package `oxigraph`)
    flock /tmp/docgraph-heavy.lock python bench/bench_serve.py --store STORE [--clients 8] [--seconds 20]

Both servers run on loopback. The store is dumped to N-Quads and loaded into a fresh oxigraph
store, served with ``--union-default-graph`` (docgraph's default graph is the union too). Then,
for each workload, C concurrent clients (one HTTP connection each) send requests for S seconds:

  canned   the canned queries (prepared with their parameters) as SPARQL over /sparql, the very
           same query text to both servers;
  entity   docgraph's entity pages (/page/...) against `DESCRIBE <uri>` on oxigraph, the nearest
           thing it serves.

The canned workload runs twice on docgraph: as it serves by default (answers kept until the
store changes, identical requests sharing one evaluation) and with `--cache-mb 0`, where every
request is evaluated again, as on oxigraph.

Reports requests per second, p50/p99 latency and errors for each, and the ratio docgraph/oxigraph.
Results go to stdout as a Markdown table and to bench/results/serve.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from serving import free_port, oxigraph_binary, start_oxigraph, start_server, stop_server  # noqa: E402

OXIGRAPH = oxigraph_binary()
CANNED = [("people-roles", {}), ("works", {}), ("figures", {}), ("timeline", {}),
          ("organisation-members", {}), ("quotations", {})]


def prepare(store_path: Path) -> tuple[list[str], list[str]]:
    """Canned query texts (parameters bound) and a sample of entity URIs, read before serving."""
    from docgraph.queries import find_query, prepare as bind
    from docgraph.store import open_store
    from docgraph.vocab import PREFIXES

    store = open_store(store_path, read_only=True)
    texts = []
    for name, params in CANNED:
        q = find_query(name)
        sparql = bind(q.sparql, params, q.params, store)
        if "LIMIT" not in sparql.upper().rsplit("}", 1)[-1]:
            sparql += "\nLIMIT 200"
        texts.append(sparql)
    people = [r["e"].value for r in store.query("""
        SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d schema:mentions ?e } ?e a ?t }
        GROUP BY ?e ORDER BY DESC(?n) LIMIT 200""")]
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return [prefixes + t for t in texts], people


def load_oxigraph(store_path: Path, work: Path) -> Path:
    dump = work / "dump.nq"
    subprocess.run([sys.executable, "-m", "docgraph", "--store", str(store_path), "export", "--format", "nq",
                    "-o", str(dump)], check=True, capture_output=True)
    location = work / "oxigraph"
    subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", str(dump)],
                   check=True, capture_output=True)
    return location


def load(make_request, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        mine, bad = [], 0
        with httpx.Client(timeout=60) as http:
            while time.monotonic() < stop:
                t = time.perf_counter()
                try:
                    ok = make_request(http, rng).status_code == 200
                except httpx.HTTPError:
                    ok = False
                mine.append(time.perf_counter() - t)
                bad += not ok
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="a docgraph store (not in use)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    if not Path(OXIGRAPH).exists():
        sys.exit("the oxigraph CLI is missing: pip install -e '.[bench]'")
    queries, entities = prepare(args.store)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        location = load_oxigraph(args.store, work)
        dport, oport = free_port(), free_port()
        cport = free_port()
        docgraph = start_server(args.store, dport, "--timeout", "60", "--max-results", "1000000")
        uncached = start_server(args.store, cport, "--timeout", "60", "--max-results", "1000000", "--cache-mb", "0",
                                "--read-only")
        oxigraph = start_oxigraph(location, oport, "--union-default-graph", command="serve-read-only")
        base = open_base(args.store)
        try:
            def d_canned(http, rng):
                return http.get(f"http://127.0.0.1:{dport}/sparql", params={"query": rng.choice(queries)},
                                headers={"accept": "application/sparql-results+json"})

            def u_canned(http, rng):
                return http.get(f"http://127.0.0.1:{cport}/sparql", params={"query": rng.choice(queries)},
                                headers={"accept": "application/sparql-results+json"})

            def o_canned(http, rng):
                return http.get(f"http://127.0.0.1:{oport}/query", params={"query": rng.choice(queries)},
                                headers={"accept": "application/sparql-results+json"})

            def d_entity(http, rng):
                uri = rng.choice(entities)
                return http.get(f"http://127.0.0.1:{dport}/page/" + uri[len(base) + 4:])

            def o_entity(http, rng):
                return http.get(f"http://127.0.0.1:{oport}/query",
                                params={"query": f"DESCRIBE <{rng.choice(entities)}>"}, headers={"accept": "text/turtle"})

            for warm in (d_canned, u_canned, o_canned):  # first queries pay for cold caches on both sides
                load(warm, 1, 2)
            results = {
                "canned": {"docgraph": load(d_canned, args.clients, args.seconds),
                           "oxigraph": load(o_canned, args.clients, args.seconds)},
                "canned, no cache": {"docgraph": load(u_canned, args.clients, args.seconds),
                                     "oxigraph": load(o_canned, args.clients, args.seconds)},
                "entity": {"docgraph": load(d_entity, args.clients, args.seconds),
                           "oxigraph": load(o_entity, args.clients, args.seconds)},
            }
        finally:
            stop_server(docgraph)
            stop_server(uncached)
            oxigraph.terminate()
            oxigraph.wait()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    meta = {"store": str(args.store), "clients": args.clients, "seconds": args.seconds,
            "entities_sampled": len(entities), "queries": [n for n, _ in CANNED]}
    (out / "serve.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    print("| workload | server | req/s | p50 ms | p99 ms | errors | docgraph/oxigraph req/s |")
    print("|---|---|---|---|---|---|---|")
    for workload, pair in results.items():
        ratio = pair["docgraph"]["rps"] / pair["oxigraph"]["rps"] if pair["oxigraph"]["rps"] else float("nan")
        for server, r in pair.items():
            shown = f"{ratio:.2f}" if server == "docgraph" else ""
            print(f"| {workload} | {server} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                  f"{r['errors']} | {shown} |")


def open_base(store_path: Path) -> str:
    from docgraph.store import open_store

    return open_store(store_path, read_only=True).base_uri


if __name__ == "__main__":
    main()
