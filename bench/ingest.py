"""Ingest throughput and memory, measured against bare spaCy in the same run.

    python bench/ingest.py [--docs 2000] [--jobs 2] [--source ../shared/corpus-large/tehran-times.jsonl.gz]

Takes the first N articles of the source (normalised exactly as docgraph reads them) and measures:
  (a) bare spaCy: the same model and components, ``nlp.pipe(texts, n_process=jobs)``, nothing kept;
  (b) ``docgraph ingest --jobs J`` into a fresh store (a subprocess, as a user runs it);
  (c) the same with ``--jobs 1`` (the parallel speed-up is (c)/(b));
  (d) ``docgraph ingest`` on half the documents (peak memory must not grow with the corpus).
Reports words per second, the ratio (b)/(a), the speed-up, and peak RSS. Results go to stdout as a
Markdown table and to bench/results/ingest.json.

``--repeat N`` runs (a) and (b) N times each, alternating, and keeps the fastest of each (as
``timeit`` does): on a shared machine another job slows a run down, never speeds it up, so the
fastest run is the one least disturbed; the table gives the slowest too. With ``--jobs 1``, (c)
is (b) and is not run again.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus-large" / "tehran-times.jsonl.gz"


def sample(source: Path, n: int, out: Path) -> list[str]:
    from docgraph.readers import ReadFailure, iter_documents

    texts = []
    with out.open("w", encoding="utf-8") as fh:
        for doc in itertools.islice((d for d in iter_documents([source]) if not isinstance(d, ReadFailure)), n):
            fh.write(json.dumps({"id": doc.source.rsplit("#", 1)[-1], "text": doc.text, **doc.metadata}) + "\n")
            texts.append(doc.text)
    return texts


def bare_spacy(texts: list[str], jobs: int) -> float:
    """Wall seconds of a script that loads the same pipeline and runs ``nlp.pipe`` over the
    texts, started like ``docgraph ingest`` is (a fresh interpreter), so both pay the same start-up."""
    code = (
        "import json,sys\n"
        "from docgraph.nlp import load_pipeline\n"
        "nlp = load_pipeline(None)\n"
        "texts = json.load(open(sys.argv[1]))\n"
        "for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=16): pass\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(texts, fh)
    try:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, fh.name, str(jobs)], check=True, capture_output=True)
        return time.perf_counter() - t
    finally:
        os.unlink(fh.name)


def docgraph_ingest(path: Path, jobs: int) -> tuple[float, int, dict]:
    """(seconds, peak RSS in KB of the ingest process tree, store stats) for a fresh store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        code = (
            "import resource,subprocess,sys,time\n"
            "t = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
            "dt = time.perf_counter() - t\n"
            "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        cmd = [sys.executable, "-c", code, sys.executable, "-m", "docgraph", "--store", str(store),
               "ingest", "-q", "--jobs", str(jobs), str(path)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        seconds, rss = out.stdout.split()
        stats = json.loads(subprocess.run(
            [sys.executable, "-m", "docgraph", "--store", str(store), "stats", "--format", "json"],
            check=True, capture_output=True, text=True).stdout)
        stats["store_bytes"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
        return float(seconds), int(rss), stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--repeat", type=int, default=1, help="runs of (a) and (b) each; the fastest of each is kept")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        full, half = Path(tmp) / "full.jsonl", Path(tmp) / "half.jsonl"
        texts = sample(args.source, args.docs, full)
        sample(args.source, args.docs // 2, half)
        words = sum(len(t.split()) for t in texts)
        results: dict = {"documents": len(texts), "words": words, "jobs": args.jobs}
        nlp_runs: list[float] = []
        ingest_runs: list[tuple[float, int, dict]] = []
        for _ in range(max(args.repeat, 1)):
            nlp_runs.append(bare_spacy(texts, args.jobs))
            ingest_runs.append(docgraph_ingest(full, args.jobs))
        t_nlp = min(nlp_runs)
        t_ingest, rss, stats = min(ingest_runs, key=lambda r: r[0])
        rss = max(r[1] for r in ingest_runs)
        t_one, rss_one, _ = (t_ingest, rss, stats) if args.jobs == 1 else docgraph_ingest(full, 1)
        _, rss_half, _ = docgraph_ingest(half, args.jobs)
    results.update(
        runs=len(nlp_runs), spacy_runs_seconds=[round(t, 2) for t in nlp_runs],
        ingest_runs_seconds=[round(r[0], 2) for r in ingest_runs],
        ratio_slowest_runs=round(max(nlp_runs) / max(r[0] for r in ingest_runs), 3),
        spacy_seconds=round(t_nlp, 2), ingest_seconds=round(t_ingest, 2), ingest_jobs1_seconds=round(t_one, 2),
        spacy_words_per_s=round(words / t_nlp), ingest_words_per_s=round(words / t_ingest),
        ratio_ingest_vs_spacy=round(t_nlp / t_ingest, 3), speedup_jobs=round(t_one / t_ingest, 2),
        peak_rss_mb=round(rss / 1024), peak_rss_half_mb=round(rss_half / 1024), peak_rss_jobs1_mb=round(rss_one / 1024),
        store=stats,
    )
    print("| measure | value |\n|---|---|")
    for key in ("documents", "words", "jobs", "runs", "spacy_runs_seconds", "ingest_runs_seconds", "spacy_words_per_s",
                "ingest_words_per_s", "ratio_ingest_vs_spacy", "ratio_slowest_runs", "speedup_jobs", "peak_rss_mb",
                "peak_rss_half_mb"):
        print(f"| {key} | {results[key]} |")
    print(f"| triples | {stats['triples']} |\n| store size (MB) | {stats['store_bytes'] / 1e6:.1f} |")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
