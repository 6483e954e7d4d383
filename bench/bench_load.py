"""Load: `docgraph serve` under 200 concurrent mixed requests, four of them runaway queries.

    flock /tmp/docgraph-heavy.lock python bench/bench_load.py --store STORE [--timeout 10]

One server on loopback, started as a user starts it (default workers, caps and cache). At once,
200 requests: DESCRIBE of entities over /sparql, entity pages, GROUP BY queries that take a
second or more (each a different query, so none is answered from the cache), and four runaway
queries (cartesian products, each different). Meanwhile a probe sends a simple query (a
different one each time) every 0.25 s. Reports

- the status codes of every request (what 5xx there are, besides the documented 503);
- when the probe was first answered after the runaway queries were sent, against
  ``--timeout + 2 s``;
- the memory of the server and its query workers (summed resident sets) before the load, at
  its peak and 5 s after the last answer.

Results go to stdout and bench/results/load.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from serving import free_port, start_server, stop_server

JSON = {"accept": "application/sparql-results+json"}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?i != %d) }"
GROUP_BY = ("SELECT ?p (COUNT(*) AS ?n) (MAX(STR(?o)) AS ?last) WHERE { ?s ?p ?o FILTER(STRLEN(STR(?o)) != %d) } "
            "GROUP BY ?p ORDER BY DESC(?n)")
PROBE = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/docgraph#Document> FILTER(?d != <urn:probe:%d>) }"


def tree_rss(pid: int, each: dict | None = None) -> int:
    """Resident bytes of ``pid`` and every process below it (``each``: pid -> bytes, filled)."""
    import os

    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            statm = (entry / "statm").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry.name)] = int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        if each is not None:
            each[p] = rss.get(p, 0)
        todo += [c for c, parent in parents.items() if parent == p]
    return total


def sample(store: Path) -> tuple[str, list[str]]:
    from docgraph.store import open_store

    s = open_store(store, read_only=True)
    try:
        entities = [r["e"].value for r in s.query("""
            SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d schema:mentions ?e . ?e a ?t } }
            GROUP BY ?e ORDER BY DESC(?n) LIMIT 300""")]
        return s.base_uri, entities
    finally:
        s.close()


async def fire(base: str, store_base: str, entities: list[str], timeout: float, total: int, seed: int) -> dict:
    rng = random.Random(seed)
    jobs: list[tuple[str, str, dict]] = []
    for n in range(4):
        jobs.append(("runaway", "/sparql", {"query": RUNAWAY % n}))
    for n in range(20):
        jobs.append(("group-by", "/sparql", {"query": GROUP_BY % n}))
    while len(jobs) < total:
        uri = rng.choice(entities)
        if len(jobs) % 2:
            jobs.append(("describe", "/sparql", {"query": f"DESCRIBE <{uri}>"}))
        else:
            jobs.append(("page", "/page/" + uri[len(store_base) + 4:], {}))
    rng.shuffle(jobs)
    statuses: dict[str, Counter] = {}
    latency: dict[str, list[float]] = {}
    probe: dict = {"answers": []}
    limits = httpx.Limits(max_connections=total + 10, max_keepalive_connections=total + 10)
    async with httpx.AsyncClient(base_url=base, timeout=timeout * 10 + 60, limits=limits) as client:
        async def one(kind: str, path: str, params: dict) -> None:
            t = time.monotonic()
            try:
                accept = {"accept": "text/turtle"} if kind == "describe" else JSON if path == "/sparql" else {}
                r = await client.get(path, params=params, headers=accept)
                code = r.status_code
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            statuses.setdefault(kind, Counter())[str(code)] += 1
            latency.setdefault(kind, []).append(time.monotonic() - t)

        stop = asyncio.Event()

        async def probing(started: float) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                t = time.monotonic()
                try:
                    r = await client.get("/sparql", params={"query": PROBE % n}, headers=JSON)
                    probe["answers"].append((round(t - started, 2), round(time.monotonic() - started, 2),
                                             r.status_code))
                except httpx.HTTPError as exc:
                    probe["answers"].append((round(t - started, 2), None, type(exc).__name__))
                await asyncio.sleep(0.25)

        started = time.monotonic()
        prober = asyncio.create_task(probing(started))
        await asyncio.gather(*(one(*job) for job in jobs))
        stop.set()
        await prober
        elapsed = time.monotonic() - started
    ok_after = [done for sent, done, code in probe["answers"] if code == 200 and done is not None and sent >= 0]
    runaway_done = max(latency.get("runaway", [0]))
    return {
        "requests": len(jobs), "elapsed_s": round(elapsed, 1),
        "statuses": {k: dict(v) for k, v in statuses.items()},
        "p50_s": {k: round(sorted(v)[len(v) // 2], 2) for k, v in latency.items()},
        "max_s": {k: round(max(v), 2) for k, v in latency.items()},
        "runaway_answered_s": round(runaway_done, 2),
        "probe_first_answer_s": ok_after[0] if ok_after else None,
        "probe_answers": probe["answers"][:80],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="a docgraph store (not in use)")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    store_base, entities = sample(args.store)
    port = free_port()
    server = start_server(args.store, port, "--timeout", f"{args.timeout:g}")
    base = f"http://127.0.0.1:{port}"
    try:
        for q in ("ASK { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"):  # the workers are up
            httpx.get(base + "/sparql", params={"query": q}, headers=JSON, timeout=60)
        time.sleep(2)
        each_before: dict[int, int] = {}
        before = tree_rss(server.pid, each_before)
        peak = [before]
        watching = threading.Event()

        def watch() -> None:
            while not watching.is_set():
                peak[0] = max(peak[0], tree_rss(server.pid))
                time.sleep(0.2)

        watcher = threading.Thread(target=watch)
        watcher.start()
        result = asyncio.run(fire(base, store_base, entities, args.timeout, args.requests, 7))
        time.sleep(5)
        watching.set()
        watcher.join()
        each_after: dict[int, int] = {}
        after = tree_rss(server.pid, each_after)
        alive = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON, timeout=30)
    finally:
        stop_server(server)
    result.update({"timeout_s": args.timeout, "memory_before_mb": round(before / 2**20),
                   "memory_peak_mb": round(peak[0] / 2**20), "memory_after_mb": round(after / 2**20),
                   "memory_after_over_before": round(after / before, 3), "alive_after": alive.status_code,
                   "processes_mb_before": {str(k): round(v / 2**20) for k, v in each_before.items()},
                   "processes_mb_after": {str(k): round(v / 2**20) for k, v in each_after.items()}})
    fivexx = {k: {c: n for c, n in v.items() if c.startswith("5") and c != "503"}
              for k, v in result["statuses"].items()}
    result["5xx_other_than_503"] = sum(sum(v.values()) for v in fivexx.values())
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "probe_answers"}, indent=2))


if __name__ == "__main__":
    main()
