"""Relation extraction scored against public gold: precision, recall and F1 per relation kind.

    python bench/score_relations.py [--set conll04|dwie|all] [--limit N]

CoNLL04 dev (sentences) and DWIE dev (whole Deutsche Welle articles) from ../shared/eval-data/.
Each text is rebuilt from the gold tokens (with character offsets kept), run through docgraph's
extractor exactly as an ingested document is, and docgraph's links are matched to the gold ones:
a predicted link counts when its subject and object each overlap a mention of the gold head and
tail entities (DWIE: any mention of the entity cluster); a link between two parts of one gold
entity ("North Bend , Ohio" is one CoNLL04 location) is left out, as the gold cannot judge it.
Label mapping: bench/relation_labels.yaml (one scored kind per dataset label); "all" is the micro
average over every gold fact of them.
Results go to stdout as a Markdown table and to bench/results/relations.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval-data"
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "'s", "n't", "%", "'", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text with natural spacing, and each token's character span in it."""
    out, spans, at = [], [], 0
    for i, tok in enumerate(tokens):
        tok = {"``": "\"", "''": "\"", "-LRB-": "(", "-RRB-": ")"}.get(tok, tok)
        if i and tokens[i] not in NO_SPACE_BEFORE and tokens[i - 1] not in NO_SPACE_AFTER:
            out.append(" ")
            at += 1
        spans.append((at, at + len(tok)))
        out.append(tok)
        at += len(tok)
    return "".join(out), spans


def conll04(limit: int | None):
    """(doc id, text, gold entities {id: [spans]}, gold links [(label, head, tail)])."""
    data = json.loads((EVAL / "conll04" / "conll04_dev.json").read_text())
    for n, item in enumerate(data[:limit]):
        text, spans = detokenize(item["tokens"])
        ents = {i: [(spans[e["start"]][0], spans[e["end"] - 1][1])] for i, e in enumerate(item["entities"])}
        links = [(r["type"], r["head"], r["tail"]) for r in item["relations"]]
        yield f"conll04-{item.get('orig_id', n)}", text, ents, links


def dwie(limit: int | None):
    data = json.loads((EVAL / "dwie" / "dev.json").read_text())
    for item in data[:limit]:
        tokens = [t for sent in item["sents"] for t in sent]
        text, spans = detokenize(tokens)
        ents = {i: [(spans[m["absolute_pos"][0]][0], spans[m["absolute_pos"][1] - 1][1]) for m in vertex]
                for i, vertex in enumerate(item["vertexSet"])}
        links = [(lab["r"], lab["h"], lab["t"]) for lab in item["labels"]]
        yield item["title"], text, ents, links


def predicted_links(ex, scopes=("sentence", "document")) -> list[tuple[str, str, str]]:
    links = [(r.predicate, r.subject, r.obj) for r in ex.relations if r.obj and getattr(r, "scope", "sentence") in scopes]
    links += [("affiliation", role.person, role.organization) for role in ex.roles if role.organization]
    return links


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def score(name: str, docs, mapping: dict, extractor, scopes=("sentence", "document")) -> dict:
    from docgraph.model import SourceDocument

    counts = {kind: {"tp_pred": 0, "pred": 0, "tp_gold": 0, "gold": 0} for kind in mapping}
    examples: dict[str, list] = defaultdict(list)
    missed: dict[str, list] = defaultdict(list)
    items = list(docs)
    sources = [SourceDocument(text=text, source=doc_id) for doc_id, text, _, _ in items]
    for (doc_id, text, gold_ents, gold_links), (_, ex) in zip(items, extractor.extract_many(sources), strict=True):
        if not hasattr(ex, "entities"):  # a text the extractor could not process: nothing predicted
            ex = type("Empty", (), {"entities": [], "relations": [], "roles": []})()
        spans = {e.key: [(m.start, m.end) for m in e.mentions] for e in ex.entities}
        ours = predicted_links(ex, scopes)
        type_of = {e.key: e.type for e in ex.entities}
        for kind, spec in mapping.items():
            gold = {(h, t) for label, h, t in gold_links if label in spec["gold"]}
            subject_types = spec.get("subject")
            pred = {(s, o) for rel, s, o in ours if rel in spec["ours"] and s in spans and o in spans
                    and (subject_types is None or type_of[s] in subject_types)}
            # a link between two parts of what the gold holds as one entity ("North Bend , Ohio")
            # cannot be judged against it: left out
            pred = {(s, o) for s, o in pred
                    if not any(overlaps(spans[s], g) and overlaps(spans[o], g) for g in gold_ents.values())}

            def hit(s, o, h, t):
                return overlaps(spans[s], gold_ents[h]) and overlaps(spans[o], gold_ents[t])

            c = counts[kind]
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            good_pred = {p for p in pred if any(hit(*p, *g) for g in gold)}
            found_gold = {g for g in gold if any(hit(*p, *g) for p in pred)}
            c["tp_pred"] += len(good_pred)
            c["tp_gold"] += len(found_gold)
            name_of = {e.key: e.name for e in ex.entities}
            for s, o in pred - good_pred:
                if len(examples[kind]) < 60:
                    examples[kind].append(f"{doc_id}: {name_of[s]} -> {name_of[o]}")
            for h, t in gold - found_gold:
                if len(missed[kind]) < 60:
                    missed[kind].append(f"{doc_id}: {text[slice(*gold_ents[h][0])]} -> {text[slice(*gold_ents[t][0])]}")
    counts["all"] = {k: sum(c[k] for c in counts.values()) for k in ("tp_pred", "pred", "tp_gold", "gold")}
    out = {}
    for kind, c in counts.items():
        p = c["tp_pred"] / c["pred"] if c["pred"] else None
        r = c["tp_gold"] / c["gold"] if c["gold"] else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        out[kind] = {**c, "precision": p, "recall": r, "f1": f, "false_positives": examples[kind],
                     "missed": missed[kind]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["conll04", "dwie", "all"], default="all")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences/documents")
    args = ap.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"no evaluation data at {EVAL}")
    from docgraph.extract import Extractor

    mapping = yaml.safe_load((Path(__file__).parent / "relation_labels.yaml").read_text())
    extractor = Extractor()
    results = {}
    for name, docs in (("conll04", conll04), ("dwie", dwie)):
        if args.set in (name, "all"):
            results[name] = score(name, docs(args.limit), mapping[name], extractor, mapping["scopes"][name])
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "relations.json").write_text(json.dumps(results, indent=2))

    def fmt(x):
        return "—" if x is None else f"{x:.2f}"

    print("| gold set | kind | gold links | predicted | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, kinds in results.items():
        for kind, r in kinds.items():
            print(f"| {name} | {kind} | {r['gold']} | {r['pred']} | {fmt(r['precision'])} | {fmt(r['recall'])} | "
                  f"{fmt(r['f1'])} |")


if __name__ == "__main__":
    main()
