"""Extraction scored against the hand-made development gold in tests/gold/ (see its README).

    python bench/score_gold.py [--corpus examples/corpus] [--verbose]

Prints precision, recall and F1 for roles, works with dates, figures, who gives each figure, and
quotations: over every document, then over the documents marked ``untuned`` alone (annotated and
scored, never used to tune the rules), and (--verbose) what was wrong and what was missed, each
with its document. Results also go to bench/results/gold.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from docgraph.evaluate import load_gold, score
    from docgraph.extract import Extractor

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    files = sorted((ROOT / "tests" / "gold").glob("*.yaml"))
    untuned = [f for f in files if load_gold(f).get("untuned")]
    extractor = Extractor()
    groups = {"all": score(files, args.corpus, extractor)}
    if untuned:
        groups["untuned"] = score(untuned, args.corpus, extractor)

    def fmt(x):
        return "—" if x is None else f"{x:.2f}"

    for group, tallies in groups.items():
        n = len(files) if group == "all" else len(untuned)
        title = "documents annotated by hand" if group == "all" else \
            f"of them never used to tune the rules ({', '.join(f.stem for f in untuned)})"
        print(f"{n} {title}\n")
        print("| kind | gold | predicted | precision | recall | F1 |")
        print("|---|---|---|---|---|---|")
        for kind, t in tallies.items():
            print(f"| {kind} | {t.gold} | {t.predicted} | {fmt(t.precision)} | {fmt(t.recall)} | {fmt(t.f1)} |")
        print()
    if args.verbose:
        for kind, t in groups["all"].items():
            for w in t.wrong:
                print(f"wrong  {kind}: {w}")
            for m in t.missed:
                print(f"missed {kind}: {m}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "gold.json").write_text(json.dumps(
        {group: {k: {"gold": t.gold, "predicted": t.predicted, "precision": t.precision, "recall": t.recall,
                     "f1": t.f1, "wrong": t.wrong, "missed": t.missed} for k, t in tallies.items()}
         for group, tallies in groups.items()}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
