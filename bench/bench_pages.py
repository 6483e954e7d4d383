"""The pages a researcher works in, timed on a large store: entity pages, search, and a burst of
200 concurrent mixed requests (issue 17). Run it under the heavy lock:

    flock /tmp/docgraph-heavy.lock python bench/bench_pages.py --store STORE --replicate 16 --into /tmp/pages-rep16
    flock /tmp/docgraph-heavy.lock python bench/bench_pages.py --store /tmp/pages-rep16      # again, on that copy

With ``--replicate K`` the store is first copied K times into ``--into`` (every quad; entity and
document URIs renamed per copy: ``…/id/person/x`` -> ``…/id/person/x-copy2``, a document's hash
keeps 12 of its 16 digits and takes the copy's number): the 804-article store (665,000 quads)
becomes a store of K x 665,000 quads with the same shape. ``--shared-entities`` keeps the entity
URIs (only documents are copied): each entity is then mentioned in K times as many documents.

Then `docgraph serve --warm-pages 0` is started on the store as a user starts it (the search
index is built by the first page, timed), and, one request at a time:

  entity   the pages of the 100 most-mentioned entities, each asked for the first time (nothing
           cached), then again (cached);
  data     their RDF (/data/…ttl), the baseline: the cheapest whole answer about an entity;
  search   /search?format=json for 200 prefixes and names of entities (2 to 12 characters);

and, with 200 clients at once (one connection each, all started together), 5 bursts of mixed
requests: entity pages of the 1,000 most-mentioned entities (half of the requests; beyond the first
100, not computed before), search (a quarter), home and browse pages, document pages. With
``--warm N`` (default 1,000) the bursts run again on a server started with ``--warm-pages N``, once
it has computed those pages (as `docgraph serve` does by default for 500).

Reports p50/p95/max per kind, ratios against the baseline, and writes bench/results/pages.json.
Nothing is asserted.
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
from serving import free_port, start_server, stop_server


def replicate(src: Path, dst: Path, copies: int, shared_entities: bool) -> int:
    import re

    from pyoxigraph import NamedNode, Quad, Store

    from docgraph.store import open_store

    source = open_store(src, read_only=True)
    target = Store(str(dst))
    entity = re.compile(r"^(.*/id/(?:person|organization|place|event|work)/[^/#]+)(#.*)?$")
    document = re.compile(r"^(.*/id/document/)([0-9a-f]{16})(#.*)?$")

    def rename(term, n):
        if n == 1 or not isinstance(term, NamedNode):
            return term
        m = document.match(term.value)
        if m:
            return NamedNode(f"{m.group(1)}{m.group(2)[:12]}{n:04x}{m.group(3) or ''}")
        if shared_entities:
            return term
        m = entity.match(term.value)
        return NamedNode(f"{m.group(1)}-copy{n}{m.group(2) or ''}") if m else term

    written = 0
    for n in range(1, copies + 1):
        batch = []
        for q in source.quads():
            if q.graph_name.value.startswith("urn:docgraph:meta") and n > 1:
                continue
            batch.append(Quad(rename(q.subject, n), q.predicate, rename(q.object, n), rename(q.graph_name, n)))
            if len(batch) >= 200_000:
                target.extend(batch)
                written += len(batch)
                batch = []
        target.extend(batch)
        written += len(batch)
        print(f"copy {n} of {copies} written ({written:,} quads)", file=sys.stderr)
    target.flush()
    source.close()
    return written


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--replicate", type=int, default=1)
    ap.add_argument("--into", type=Path, help="where the replicated store is written (kept for the next run)")
    ap.add_argument("--shared-entities", action="store_true")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--bursts", type=int, default=5)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--warm", type=int, default=1000,
                    help="then the bursts again on a server started with --warm-pages N (0: skip)")
    args = ap.parse_args()
    random.seed(args.seed)
    results: dict = {"machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()}}
    store = args.store
    if args.replicate > 1:
        if not args.into:
            ap.error("--replicate needs --into (the copy is kept: it takes minutes to write)")
        t = time.perf_counter()
        results["quads"] = replicate(args.store, args.into, args.replicate, args.shared_entities)
        results["replicate_s"] = round(time.perf_counter() - t, 1)
        store = args.into
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
        db = sqlite3.connect(f"file:{store / 'search.sqlite3'}?mode=ro", uri=True)
        top = [u for (u,) in db.execute("SELECT uri FROM entity ORDER BY documents DESC, name LIMIT 1000")]
        names = [n for (n,) in db.execute("SELECT name FROM entity ORDER BY documents DESC LIMIT 2000")]
        entities = db.execute("SELECT COUNT(*) FROM entity").fetchone()[0]
        db.close()
        results["entities"] = entities
        if "quads" not in results:
            from docgraph.store import open_store

            s = open_store(store, read_only=True)
            results["quads"] = len(s)
            s.close()
        base_uri = top[0].split("/id/")[0]

        def page(uri: str) -> str:
            return "/page/" + uri.split("/id/", 1)[1]

        def data(uri: str) -> str:
            return "/data/" + uri.split("/id/", 1)[1] + ".ttl"

        cold, warm, sizes = [], [], []
        for uri in top[:100]:
            dt, r = timed(client, page(uri))
            assert r.status_code == 200, (uri, r.status_code)
            cold.append(dt)
            sizes.append(len(r.content))
        for uri in top[:100]:
            warm.append(timed(client, page(uri))[0])
        baseline = [timed(client, data(uri))[0] for uri in top[:100]]
        queries = []
        for name in random.sample(names, 100):
            words = name.split()
            queries.append(words[0][:random.randint(2, 6)])
            queries.append(" ".join(words)[:12])
        searches = [timed(client, "/search", params={"q": q, "format": "json"})[0] for q in queries]
        results["entity_cold"] = stats(cold)
        results["entity_cached"] = stats(warm)
        results["entity_bytes_p50"] = int(statistics.median(sizes))
        results["data_baseline"] = stats(baseline)
        results["search"] = stats(searches)
        slowest = sorted(zip(cold, top[:100]), reverse=True)[:3]
        results["slowest_cold"] = [(u.split("/id/", 1)[1], round(t * 1000)) for t, u in slowest]
        docs = [r["d"]["value"] for r in client.get("/sparql", params={
            "query": "SELECT ?d WHERE { ?d a <https://w3id.org/docgraph#Document> } LIMIT 500"},
            headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]]
        results["concurrent"], results["concurrent_errors"], results["bursts"] = bursts(
            base, args, top, names, docs, page)
        results["base"] = base_uri
    finally:
        stop_server(proc)
    if args.warm:  # the same bursts on a server that computed the most-mentioned pages at start
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(store, port, "--log-level", "warning", "--warm-pages", str(args.warm))
        try:
            last = "/page/" + top[min(args.warm, len(top)) - 1].split("/id/", 1)[1]
            t = time.perf_counter()
            with httpx.Client(base_url=base, timeout=300) as c:
                while time.perf_counter() - t < 900:  # warm when the last of them answers from the cache
                    time.sleep(2)
                    if timed(c, last)[0] < 0.02 and timed(c, last)[0] < 0.02:
                        break
            results["warm_s"] = round(time.perf_counter() - t, 1)
            results["warmed"], results["warmed_errors"], results["warmed_bursts"] = bursts(
                base, args, top, names, docs, page)
        finally:
            stop_server(proc)
    out = ROOT / "bench" / "results" / "pages.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nstore: {results['quads']:,} quads, {results['entities']:,} entities; server up in "
          f"{results['start_s']} s, first page (search index built) {results['first_page_s']} s\n")
    print("| requests | n | p50 ms | p95 ms | max ms | p50 / baseline p50 |")
    print("|---|---|---|---|---|---|")
    b50 = results["data_baseline"]["p50"]
    for label, key in (("entity pages, first request (top 100)", "entity_cold"),
                       ("entity pages, cached (top 100)", "entity_cached"),
                       ("entity RDF /data (baseline)", "data_baseline"), ("search (JSON)", "search")):
        s = results[key]
        print(f"| {label} | {s['n']} | {s['p50']} | {s['p95']} | {s['max']} | {s['p50'] / b50:.2f} |")
    for kind, s in results["concurrent"].items():
        print(f"| {args.clients} at once: {kind} | {s['n']} | {s['p50']} | {s['p95']} | {s['max']} | "
              f"{s['p50'] / b50:.1f} |")
    for kind, s in results.get("warmed", {}).items():
        print(f"| {args.clients} at once, {args.warm} pages warmed: {kind} | {s['n']} | {s['p50']} | {s['p95']} | "
              f"{s['max']} | {s['p50'] / b50:.1f} |")
    if "warm_s" in results:
        print(f"\nwarming {args.warm} pages took {results['warm_s']} s after the server started")
    print(f"\nerrors under load: {results['concurrent_errors']} (warmed: {results.get('warmed_errors')}); bursts: "
          + ", ".join(f"{b['wall_s']} s" for b in results["bursts"]))
    print(f"slowest first requests: {results['slowest_cold']}")


if __name__ == "__main__":
    main()
