"""Precision and recall of docgraph's automatic entity merges on DWIE dev (Wikidata-linked gold).

    python bench/bench_merges.py [--limit N]

The DWIE dev articles (../shared/eval-data/dwie/dev.json) are rebuilt from their tokens and
ingested into a fresh store exactly as a user's JSONL would be (resolution across documents
included). Each gold mention that carries a Wikidata id is given the URI of the docgraph mention
that covers it (overlap at least half of the two spans' union: a gold "UN" nested in a docgraph
"UN Human Rights Council" is not matched to it). Over pairs of such mentions:

  precision  of the pairs docgraph put under one URI, the share that have one Wikidata id;
  recall     of the pairs that share a Wikidata id, the share docgraph put under one URI.

DWIE writes the id "None" for 343 mentions linked to no Wikidata item (values, roles, bylines,
unlinked names): they have no identity and are left out (the scorer counted them as one entity
until this was found, which took recall down and made any two of them a "right" pair;
``--old-scorer`` scores that way, for comparison with numbers measured before).

Reported for all pairs and for pairs across documents (the merges resolution makes, as opposed to
coreference inside one article). Results go to stdout and bench/results/merges.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_relations import EVAL, detokenize  # noqa: E402


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(assignments: list[tuple[str, str, str]]) -> dict:
    """assignments: (document, gold id, predicted URI) per mention."""
    joint = Counter((g, p) for _, g, p in assignments)
    by_pred = Counter(p for _, _, p in assignments)
    by_gold = Counter(g for _, g, _ in assignments)
    tp = sum(pairs(n) for n in joint.values())
    pred, gold = sum(pairs(n) for n in by_pred.values()), sum(pairs(n) for n in by_gold.values())
    return {"pairs_predicted": pred, "pairs_gold": gold, "pairs_right": tp,
            "precision": tp / pred if pred else None, "recall": tp / gold if gold else None}


def within(assignments):
    out = defaultdict(list)
    for d, g, p in assignments:
        out[d].append((d, g, p))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--old-scorer", action="store_true",
                    help='score as before (the 343 gold mentions whose Wikidata id is the string "None" '
                         'counted as one entity), for comparison with numbers measured that way')
    ap.add_argument("--keep", type=Path, default=None, help="build the store here and keep it (for reading the errors)")
    args = ap.parse_args()
    from docgraph.ingestion import ingest
    from docgraph.store import open_store

    data = json.loads((EVAL / "dwie" / "dev.json").read_text())[: args.limit]
    assignments: list[tuple[str, str, str]] = []
    unmatched = 0
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "dwie.jsonl"
        gold_mentions = {}
        with feed.open("w", encoding="utf-8") as fh:
            for item in data:
                tokens = [t for sent in item["sents"] for t in sent]
                text, spans = detokenize(tokens)
                fh.write(json.dumps({"id": item["title"], "text": text}) + "\n")
                gold_mentions[item["title"]] = [
                    (spans[m["absolute_pos"][0]][0], spans[m["absolute_pos"][1] - 1][1], m.get("wikidata_eid"))
                    for vertex in item["vertexSet"] for m in vertex]
        store = open_store(args.keep or Path(tmp) / "store", "http://bench.invalid")
        report = ingest([feed], store, jobs=args.jobs)
        print(f"ingested {report.new} articles, merged {len(report.merged)} short names", file=sys.stderr)
        for r in store.query("""
            SELECT ?src ?b ?e ?ent WHERE { GRAPH ?d { ?d dg:sourcePath ?src . ?m itsrdf:taIdentRef ?ent ;
              nif:beginIndex ?b ; nif:endIndex ?e } }"""):
            title = r["src"].value.rsplit("#", 1)[-1]
            gold_mentions.setdefault("_pred_" + title, []).append(
                (int(r["b"].value), int(r["e"].value), r["ent"].value))
        for title in [t for t in gold_mentions if not t.startswith("_pred_")]:
            predicted = gold_mentions.get("_pred_" + title, [])
            for gb, ge, qid in gold_mentions[title]:
                if not qid or (qid == "None" and not args.old_scorer):
                    continue  # DWIE writes "None" for a mention linked to no Wikidata item: no identity
                # the docgraph mention that covers the gold one best (at least half of their union):
                # a gold "UN" inside our "UN Human Rights Council" is not that entity
                best, hit = 0.5, None
                for pb, pe, uri in predicted:
                    inter = min(pe, ge) - max(pb, gb)
                    if inter > 0 and inter / (max(pe, ge) - min(pb, gb)) >= best:
                        best, hit = inter / (max(pe, ge) - min(pb, gb)), uri
                if hit is None:
                    unmatched += 1
                    continue
                assignments.append((title, qid, hit))
        store.close()
    everything = pairwise(assignments)
    inside = [pairwise(group) for group in within(assignments).values()]
    in_pred = sum(x["pairs_predicted"] for x in inside)
    in_gold = sum(x["pairs_gold"] for x in inside)
    in_right = sum(x["pairs_right"] for x in inside)
    across = {"pairs_predicted": everything["pairs_predicted"] - in_pred,
              "pairs_gold": everything["pairs_gold"] - in_gold,
              "pairs_right": everything["pairs_right"] - in_right}
    across["precision"] = across["pairs_right"] / across["pairs_predicted"] if across["pairs_predicted"] else None
    across["recall"] = across["pairs_right"] / across["pairs_gold"] if across["pairs_gold"] else None
    impure = Counter()
    by_uri = defaultdict(Counter)
    for _, g, p in assignments:
        by_uri[p][g] += 1
    for p, c in by_uri.items():
        if len(c) > 1:
            total = sum(c.values())
            impure[p] = pairs(total) - sum(pairs(n) for n in c.values())
    worst = [(p, dict(by_uri[p].most_common(4)), n) for p, n in impure.most_common(15)]
    # the other way: one Wikidata id under several URIs (pairs missed), with the documents of each
    split = Counter()
    by_gold = defaultdict(Counter)
    docs_of = defaultdict(lambda: defaultdict(set))
    for d, g, p in assignments:
        by_gold[g][p] += 1
        docs_of[g][p].add(d)
    for g, c in by_gold.items():
        if len(c) > 1:
            split[g] = pairs(sum(c.values())) - sum(pairs(n) for n in c.values())
    missed = [(g, {p: (n, len(docs_of[g][p])) for p, n in by_gold[g].most_common(5)}, n)
              for g, n in split.most_common(25)]
    result = {"worst_merges": worst, "missed_merges": missed, "articles": len(data), "mentions_scored": len(assignments), "gold_mentions_unmatched": unmatched,
              "all_pairs": everything, "across_documents": across}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "merges.json").write_text(json.dumps(result, indent=2))
    print(f"{len(data)} DWIE articles; {len(assignments)} Wikidata-linked gold mentions found by docgraph "
          f"({unmatched} not found)\n")
    print("| pairs | predicted | gold | right | precision | recall |")
    print("|---|---|---|---|---|---|")
    for name, r in (("all", everything), ("across documents", across)):
        p = "—" if r["precision"] is None else f"{r['precision']:.3f}"
        rc = "—" if r["recall"] is None else f"{r['recall']:.3f}"
        print(f"| {name} | {r['pairs_predicted']} | {r['pairs_gold']} | {r['pairs_right']} | {p} | {rc} |")


if __name__ == "__main__":
    main()
