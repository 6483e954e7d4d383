"""The single writer's rate — resolve, build RDF, write — with the NLP already done, against the
NLP's own rate on one core, on the embedded store and on SPARQL servers, in the same run.

    flock /tmp/docgraph-heavy.lock python bench/bench_writer.py [--docs 500] [--servers oxigraph,virtuoso]

1. NLP: the whole extraction (spaCy, entities, relations) of the first N articles in this process
   on one core (documents/s per core); the extractions are serialised once (JSON lines, as a worker
   hands them back) and reused by every store below.
2. Writer, per store (a fresh one each): what ``docgraph ingest`` does after the NLP, document by
   document — the idempotence checks (``has_graph``, ``graphs_for_source``), ``resolve`` against
   the store, ``extraction_to_quads``, ``write_document`` (one transaction / one PUT), a flush every
   200 documents — then the ``consolidate`` pass at the end. Decoding the serialised extractions
   is timed apart.

Reports documents/s and quads/s per store, time per stage, and writer rate / NLP rate per core: how
many cores of NLP one writer can keep up with. Results: stdout and bench/results/writer.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import DEFAULT_SOURCE, sample


def extract_all(feed: Path, out: Path) -> tuple[int, float]:
    """NLP on one core; extractions written as JSON lines. Returns (documents, seconds)."""
    from docgraph.extract import Extractor
    from docgraph.model import Extraction
    from docgraph.readers import iter_documents

    extractor = Extractor()
    docs = list(iter_documents([feed]))
    extractor.extract_many(docs[:2])  # the model loaded and warm before the clock starts
    n = 0
    t = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for _, ex in extractor.extract_many(docs, batch_size=16):
            if isinstance(ex, Extraction):
                fh.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
                n += 1
    return n, time.perf_counter() - t


def write_all(store, extractions: Path) -> dict:
    """The writer's work on ``store``, stage by stage (seconds)."""
    from docgraph.model import Extraction
    from docgraph.rdf import document_uri, extraction_to_quads
    from docgraph.resolve import Decided, consolidate, resolve

    t = time.perf_counter()
    items = [Extraction.from_dict(json.loads(line)) for line in extractions.open(encoding="utf-8")]
    decode = time.perf_counter() - t
    stages = {"check": 0.0, "resolve": 0.0, "rdf": 0.0, "write": 0.0}
    quads = written = 0
    started = time.perf_counter()
    decided = Decided.load(store)
    for n, ex in enumerate(items, 1):
        t0 = time.perf_counter()
        uri = document_uri(store.base_uri, ex.document.content_hash)
        stale = [g for g in store.graphs_for_source(ex.document.source_key, ex.document.source) if g != uri]
        if store.has_graph(uri):  # the same text twice in the sample: skipped, as ingest does
            stages["check"] += time.perf_counter() - t0
            continue
        t1 = time.perf_counter()
        resolve(ex, store, store.base_uri, decided)
        t2 = time.perf_counter()
        qs = extraction_to_quads(ex, store.base_uri)
        t3 = time.perf_counter()
        store.write_document(uri, qs, replaces=stale)
        if n % 200 == 0:
            store.flush()
        t4 = time.perf_counter()
        stages["check"] += t1 - t0
        stages["resolve"] += t2 - t1
        stages["rdf"] += t3 - t2
        stages["write"] += t4 - t3
        quads += len(qs)
        written += 1
    t = time.perf_counter()
    merged = consolidate(store)
    store.flush()
    stages["consolidate"] = time.perf_counter() - t
    total = time.perf_counter() - started
    return {"documents": written, "quads": quads, "seconds": total, "decode_s": decode,
            "merged": len(merged), **{f"{k}_s": v for k, v in stages.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--servers", default="oxigraph,virtuoso", help="comma-separated: oxigraph, virtuoso, or none")
    args = ap.parse_args()
    from serving import Virtuoso, free_port, start_oxigraph

    from docgraph.store import open_store

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        feed = work / "docs.jsonl"
        sample(args.source, args.docs, feed)
        extractions = work / "extractions.jsonl"
        n, nlp_s = extract_all(feed, extractions)
        results["nlp"] = {"documents": n, "seconds": nlp_s, "docs_per_s": n / nlp_s,
                          "serialised_mb": extractions.stat().st_size / 1e6}
        print(f"NLP, one core: {n} documents in {nlp_s:.1f} s = {n / nlp_s:.2f} documents/s", flush=True)

        store = open_store(work / "embedded")
        results["embedded"] = write_all(store, extractions)
        store.close()
        servers = [s for s in args.servers.split(",") if s and s != "none"]
        if "oxigraph" in servers:
            port = free_port()
            proc = start_oxigraph(work / "oxigraph", port)
            try:
                store = open_store(f"http://127.0.0.1:{port}", kind="oxigraph")
                results["oxigraph server"] = write_all(store, extractions)
                store.close()
            finally:
                proc.terminate()
                proc.wait()
        if "virtuoso" in servers:
            import os

            server = Virtuoso(work / "virtuoso").start()
            try:
                os.environ.update(server.env)
                store = open_store(server.url, kind="virtuoso")
                results["virtuoso"] = write_all(store, extractions)
                store.close()
            finally:
                server.stop()

    nlp_rate = results["nlp"]["docs_per_s"]
    print("\n| store | documents/s | quads/s | ms/doc: checks | resolve | RDF | write | consolidate s "
          "| writer / NLP per core |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        if name == "nlp":
            continue
        rate = r["documents"] / r["seconds"]
        r["docs_per_s"], r["quads_per_s"], r["cores_fed"] = rate, r["quads"] / r["seconds"], rate / nlp_rate
        ms = {k: 1000 * r[f"{k}_s"] / r["documents"] for k in ("check", "resolve", "rdf", "write")}
        print(f"| {name} | {rate:.1f} | {r['quads_per_s']:,.0f} | {ms['check']:.1f} | {ms['resolve']:.1f} | "
              f"{ms['rdf']:.1f} | {ms['write']:.1f} | {r['consolidate_s']:.1f} | {r['cores_fed']:.1f} |")
    e = results["embedded"]
    print(f"\n{e['documents']} documents, {e['quads']:,} quads ({e['quads'] / e['documents']:.0f} per document); "
          f"decoding the serialised extractions: {1000 * e['decode_s'] / e['documents']:.1f} ms/doc; "
          f"NLP: {nlp_rate:.2f} documents/s per core")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "writer.json").write_text(json.dumps({"docs": args.docs, "source": str(args.source), **results}, indent=2))


if __name__ == "__main__":
    main()
