"""The pages a researcher works in, timed on a large store: entity pages, search, and bursts of
200 concurrent mixed requests (issue 17). Run it under the heavy lock, in parts of a few minutes:

    S=/tmp/pages-rep16
    flock /tmp/docgraph-heavy.lock python bench/bench_pages.py --store STORE --replicate 16 --shared-entities --into $S --only replicate
    flock /tmp/docgraph-heavy.lock python bench/bench_pages.py --store $S --only pages --bursts 3
    flock /tmp/docgraph-heavy.lock python bench/bench_pages.py --store $S --only warmed --bursts 3

(each part adds its figures to ``--out``, bench/results/pages.json; without ``--only``, all in one run).

With ``--replicate K`` the store is copied K times into ``--into`` (bench/replicate.py: the
804-article store, 775,000 quads, becomes 12.2 million with K = 16 in three to five minutes; each
copy a set of distinct documents). ``--shared-entities``: the copies mention the same entities,
so each entity is mentioned in K times as many documents (the most-mentioned, 705 documents, in
11,280). Without it, entity URIs are renamed per copy: K stores of the same shape side by side.

``--only pages``: `docgraph serve --warm-pages 0` started on the store as a user starts it (the
search index is built by the first page, timed), and, one request at a time:

  entity   the pages of the 100 (``--top``) most-mentioned entities, each asked for the first time
           (nothing cached), then again (cached);
  data     their RDF (/data/…ttl), the baseline: the cheapest whole answer about an entity;
  search   /search?format=json for 200 prefixes and names of entities (2 to 12 characters);

then, on that server, with 200 clients at once (one connection each, all started together),
``--bursts`` bursts of mixed requests: entity pages of the 1,000 most-mentioned entities (half of
the requests; beyond the first 100, not computed before), search (a quarter), home and browse
pages, document pages. ``--only warmed``: the same bursts on a server started with
``--warm-pages N`` (``--warm``, default 500: what `docgraph serve` does unless told otherwise), once
it has computed those pages.

Reports p50/p95/max per kind, ratios against the baseline, and the machine (cores, CPU model,
memory). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from replicate import replicate  # bench/replicate.py
from serving import free_port, start_server, stop_server


def stats(times: list[float]) -> dict:
    ms = sorted(t * 1000 for t in times)
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "p50": round(statistics.median(ms), 1),
            "p95": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1), "max": round(ms[-1], 1)}


def timed(client: httpx.Client, url: str, **kw) -> tuple[float, httpx.Response]:
    t = time.perf_counter()
    r = client.get(url, **kw)
    return time.perf_counter() - t, r


async def burst(base: str, urls: list[tuple[str, str]]) -> list[tuple[str, float, int]]:
    """Every URL at once, one connection each; (kind, seconds, status)."""
    limits = httpx.Limits(max_connections=len(urls), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        start = asyncio.Event()

        async def one(kind: str, url: str):
            await start.wait()
            t = time.perf_counter()
            try:
                r = await client.get(url)
                status = r.status_code
            except httpx.HTTPError:
                status = 0
            return kind, time.perf_counter() - t, status

        tasks = [asyncio.create_task(one(k, u)) for k, u in urls]
        await asyncio.sleep(0.2)
        start.set()
        return await asyncio.gather(*tasks)


def bursts(base: str, args, top: list[str], names: list[str], docs: list[str], page) -> tuple:
    """``args.bursts`` bursts of ``args.clients`` requests at once: entity pages of the 1,000
    most-mentioned entities (half), search (a quarter), home and browse, document pages."""
    by_kind: dict[str, list[float]] = {}
    errors = 0
    out = []
    for _ in range(args.bursts):
        urls = []
        for _ in range(args.clients):
            x = random.random()
            if x < 0.5:
                urls.append(("entity", page(random.choice(top))))
            elif x < 0.75:
                q = random.choice(names).split()[0][:random.randint(2, 8)]
                urls.append(("search", f"/search?q={q}&format=json"))
            elif x < 0.85:
                urls.append(("home/browse", random.choice(["/", "/browse/person", "/browse/organization",
                                                           "/browse/place?page=2", "/search?q=un"])))
            else:
                urls.append(("document", "/page/" + random.choice(docs).split("/id/", 1)[1]))
        t = time.perf_counter()
        done = asyncio.run(burst(base, urls))
        wall = time.perf_counter() - t
        per: dict[str, list[float]] = {}
        for kind, dt, status in done:
            by_kind.setdefault(kind, []).append(dt)
            per.setdefault(kind, []).append(dt)
            errors += status != 200
        out.append({"wall_s": round(wall, 2), **{k: stats(v) for k, v in per.items()}})
    return {k: stats(v) for k, v in by_kind.items()}, errors, out


def machine() -> dict:
    import os
    import subprocess

    model = next((line.split(":", 1)[1].strip() for line in subprocess.run(
        ["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines() if line.startswith("Model name")), "")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cpus": os.cpu_count(), "model": model, "memory_gb": memory, "python": platform.python_version(),
            "platform": platform.platform()}


def sample(client: httpx.Client, store: Path) -> tuple[list[str], list[str], list[str], int]:
    """The 1,000 most-mentioned entities, 2,000 names, 500 documents, the number of entities."""
    db = sqlite3.connect(f"file:{store / 'search.sqlite3'}?mode=ro", uri=True)
    top = [u for (u,) in db.execute("SELECT uri FROM entity ORDER BY documents DESC, name LIMIT 1000")]
    names = [n for (n,) in db.execute("SELECT name FROM entity ORDER BY documents DESC LIMIT 2000")]
    entities = db.execute("SELECT COUNT(*) FROM entity").fetchone()[0]
    db.close()
    docs = [r["d"]["value"] for r in client.get("/sparql", params={
        "query": "SELECT ?d WHERE { ?d a <https://w3id.org/docgraph#Document> } LIMIT 500"},
        headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]]
    return top, names, docs, entities


def page(uri: str) -> str:
    return "/page/" + uri.split("/id/", 1)[1]


def data(uri: str) -> str:
    return "/data/" + uri.split("/id/", 1)[1] + ".ttl"


def one_at_a_time(args, store: Path, results: dict) -> None:
    """A server started with --warm-pages 0: the first page (the search index built), the top 100
    pages first and cached, their RDF, search; then the bursts on that server, nothing warmed."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t = time.perf_counter()
    proc = start_server(store, port, "--log-level", "warning", "--warm-pages", "0")
    try:
        client = httpx.Client(base_url=base, timeout=300)
        first, r = timed(client, "/")  # the search index is built by the first page that wants it
        results["start_s"] = round(time.perf_counter() - t, 1)
        results["first_page_s"] = round(first, 2)
        assert r.status_code == 200, r.text[:500]
        top, names, docs, results["entities"] = sample(client, store)
        cold, warm, sizes = [], [], []
        for uri in top[:args.top]:
            dt, r = timed(client, page(uri))
            assert r.status_code == 200, (uri, r.status_code)
            cold.append(dt)
            sizes.append(len(r.content))
        for uri in top[:args.top]:
            warm.append(timed(client, page(uri))[0])
        baseline = [timed(client, data(uri))[0] for uri in top[:args.top]]
        queries = []
        for name in random.sample(names, min(100, len(names))):
            words = name.split()
            queries.append(words[0][:random.randint(2, 6)])
            queries.append(" ".join(words)[:12])
        searches = [timed(client, "/search", params={"q": q, "format": "json"})[0] for q in queries]
        results["entity_cold"] = stats(cold)
        results["entity_cached"] = stats(warm)
        results["entity_bytes_p50"] = int(statistics.median(sizes))
        results["data_baseline"] = stats(baseline)
        results["search"] = stats(searches)
        slowest = sorted(zip(cold, top[:args.top]), reverse=True)[:3]
        results["slowest_cold"] = [(u.split("/id/", 1)[1], round(t * 1000)) for t, u in slowest]
        if args.bursts:
            results["concurrent"], results["concurrent_errors"], results["bursts"] = bursts(
                base, args, top, names, docs, page)
    finally:
        stop_server(proc)


def warmed(args, store: Path, results: dict) -> None:
    """The same bursts on a server started as a user starts it (``--warm-pages N``, default 500),
    once it has computed those pages."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t = time.perf_counter()
    proc = start_server(store, port, "--log-level", "warning", "--warm-pages", str(args.warm))
    try:
        with httpx.Client(base_url=base, timeout=300) as c:
            top, names, docs, results["entities"] = sample(c, store)
            # warm once a page near the end of the warmed set, never asked for before, answers from
            # the cache (asking computes it: each probe is a new page, going back from the end)
            probes = [page(u) for u in reversed(top[:args.warm])]
            probed = 0
            while time.perf_counter() - t < 900 and probed < len(probes):
                time.sleep(2)
                dt = timed(c, probes[probed])[0]
                probed += 1
                if dt < 0.005:  # a cached page answers in 1-2 ms, a computed one in tens
                    break
            results["warm_probes"] = probed
        results["warm_s"] = round(time.perf_counter() - t, 1)
        results["warmed"], results["warmed_errors"], results["warmed_bursts"] = bursts(
            base, args, top, names, docs, page)
    finally:
        stop_server(proc)


def report(args, results: dict) -> None:
    print(f"\nstore: {results['quads']:,} quads, {results.get('entities', 0):,} entities; machine: "
          f"{results['machine']['cpus']} cores ({results['machine']['model']}), {results['machine']['memory_gb']} GB")
    if "start_s" in results:
        print(f"server up in {results['start_s']} s, first page (search index built) {results['first_page_s']} s")
    print("\n| requests | n | p50 ms | p95 ms | max ms | p50 / baseline p50 |")
    print("|---|---|---|---|---|---|")
    b50 = results.get("data_baseline", {}).get("p50") or float("nan")
    for label, key in (("entity pages, first request (top 100)", "entity_cold"),
                       ("entity pages, cached (top 100)", "entity_cached"),
                       ("entity RDF /data (baseline)", "data_baseline"), ("search (JSON)", "search")):
        if key in results:
            s = results[key]
            print(f"| {label} | {s['n']} | {s['p50']} | {s['p95']} | {s['max']} | {s['p50'] / b50:.2f} |")
    for kind, s in results.get("concurrent", {}).items():
        print(f"| {args.clients} at once, nothing warmed: {kind} | {s['n']} | {s['p50']} | {s['p95']} | {s['max']} | "
              f"{s['p50'] / b50:.1f} |")
    for kind, s in results.get("warmed", {}).items():
        print(f"| {args.clients} at once, {results.get('warm_pages')} pages warmed: {kind} | {s['n']} | {s['p50']} | "
              f"{s['p95']} | {s['max']} | {s['p50'] / b50:.1f} |")
    if "warm_s" in results:
        print(f"\nwarming {results.get('warm_pages')} pages took {results['warm_s']} s after the server started")
    for key in ("bursts", "warmed_bursts"):
        if key in results:
            print(f"{key}: " + ", ".join(f"{b['wall_s']} s" for b in results[key]))
    print(f"errors under load: {results.get('concurrent_errors')} (warmed: {results.get('warmed_errors')})")
    if "slowest_cold" in results:
        print(f"slowest first requests: {results['slowest_cold']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--replicate", type=int, default=1)
    ap.add_argument("--into", type=Path, help="where the replicated store is written (kept for the next run)")
    ap.add_argument("--shared-entities", action="store_true")
    ap.add_argument("--only", choices=["replicate", "pages", "warmed"],
                    help="one part (each a few minutes under the lock): the copy, the one-at-a-time part and its "
                         "bursts, or the bursts on a warmed server; results merged into --out")
    ap.add_argument("--top", type=int, default=100, help="entity pages timed one at a time (most mentioned)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--bursts", type=int, default=5)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--warm", type=int, default=500,
                    help="then the bursts again on a server started with --warm-pages N (0: skip; default: "
                         "docgraph serve's own 500)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pages.json")
    args = ap.parse_args()
    random.seed(args.seed)
    results: dict = json.loads(args.out.read_text()) if args.only and args.out.exists() else {}
    results["machine"] = machine()
    store = args.store
    if args.replicate > 1:
        if not args.into:
            ap.error("--replicate needs --into (the copy is kept: it takes minutes to write)")
        t = time.perf_counter()
        results["quads"] = replicate(args.store, args.into, args.replicate, shared_entities=args.shared_entities)
        results["replicate_s"] = round(time.perf_counter() - t, 1)
        results["replicate"] = {"copies": args.replicate, "shared_entities": args.shared_entities}
        store = args.into
        print(f"{results['quads']:,} quads in {results['replicate_s']} s", file=sys.stderr)
    if "quads" not in results or args.replicate == 1:
        from pyoxigraph import Store

        results["quads"] = len(Store.read_only(str(store)))
    if args.only in (None, "pages"):
        one_at_a_time(args, store, results)
    if args.warm and args.only in (None, "warmed"):
        results["warm_pages"] = args.warm
        warmed(args, store, results)
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    report(args, results)


if __name__ == "__main__":
    main()
