"""Named entities scored against public gold: person, organisation and location mentions.

    python bench/score_ner.py [--set conll04|dwie|all] [--limit N] [--baseline] [--errors FILE]

The texts are the ones ``score_relations.py`` rebuilds from the gold tokens (CoNLL04 dev
sentences, DWIE dev articles). Every mention of a docgraph Person, Organization or Place entity
is a prediction of type person, organisation or location; the gold mentions are CoNLL04's Peop /
Org / Loc and DWIE's type_person / type_organization / type_location (Other, misc, values and
nationality words are not scored). Overlap matching, micro-averaged over mentions: a predicted
mention is right when it overlaps a gold mention of the same type; a gold mention is found when a
predicted mention of the same type overlaps it. ``--baseline`` scores bare spaCy on the same text
(PERSON; ORG; GPE, LOC, FAC) in the same run. ``score_relations.py`` prints the same table after
the links.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_relations import EVAL, detokenize

TYPES = ("person", "organisation", "location")
CONLL_TYPES = {"Peop": "person", "Org": "organisation", "Loc": "location"}
DWIE_TYPES = {"type_person": "person", "type_organization": "organisation", "type_location": "location"}
OURS = {"Person": "person", "Organization": "organisation", "Place": "location"}
SPACY = {"PERSON": "person", "ORG": "organisation", "GPE": "location", "LOC": "location", "FAC": "location"}

Mention = tuple[int, int, str]  # start, end, type


def conll04_gold(limit: int | None) -> list[tuple[str, str, list[Mention]]]:
    data = json.loads((EVAL / "conll04" / "conll04_dev.json").read_text())
    out = []
    for n, item in enumerate(data[:limit]):
        text, spans = detokenize(item["tokens"])
        gold = [(spans[e["start"]][0], spans[e["end"] - 1][1], CONLL_TYPES[e["type"]])
                for e in item["entities"] if e["type"] in CONLL_TYPES]
        out.append((f"conll04-{item.get('orig_id', n)}", text, gold))
    return out


def dwie_gold(limit: int | None) -> list[tuple[str, str, list[Mention]]]:
    data = json.loads((EVAL / "dwie" / "dev.json").read_text())
    out = []
    for item in data[:limit]:
        text, spans = detokenize([t for sent in item["sents"] for t in sent])
        gold = [(spans[m["absolute_pos"][0]][0], spans[m["absolute_pos"][1] - 1][1], DWIE_TYPES[m["type"]])
                for vertex in item["vertexSet"] for m in vertex if m["type"] in DWIE_TYPES]
        out.append((item["title"], text, gold))
    return out


GOLD = {"conll04": conll04_gold, "dwie": dwie_gold}


def predicted(ex) -> list[Mention]:
    """Every mention of a person, organisation or place entity of an Extraction."""
    return [(m.start, m.end, OURS[e.type]) for e in getattr(ex, "entities", []) if e.type in OURS
            for m in e.mentions]


class Tally:
    """Overlap counts, per type and over all."""

    def __init__(self) -> None:
        self.counts = {t: {"pred": 0, "right": 0, "gold": 0, "found": 0} for t in TYPES}
        self.errors: list[dict] = []

    def add(self, doc_id: str, text: str, gold: list[Mention], pred: list[Mention]) -> None:
        def hits(a: Mention, pool: list[Mention]) -> bool:
            return any(a[0] < b[1] and b[0] < a[1] and a[2] == b[2] for b in pool)

        for p in pred:
            c = self.counts[p[2]]
            c["pred"] += 1
            if hits(p, gold):
                c["right"] += 1
            else:
                other = [g[2] for g in gold if p[0] < g[1] and g[0] < p[1]]
                self.errors.append({"doc": doc_id, "kind": "wrong", "text": text[p[0]:p[1]], "ours": p[2],
                                    "gold": other[0] if other else None,
                                    "context": text[max(p[0] - 60, 0):p[1] + 60]})
        for g in gold:
            c = self.counts[g[2]]
            c["gold"] += 1
            if hits(g, pred):
                c["found"] += 1
            else:
                other = [p[2] for p in pred if p[0] < g[1] and g[0] < p[1]]
                self.errors.append({"doc": doc_id, "kind": "missed", "text": text[g[0]:g[1]], "gold": g[2],
                                    "ours": other[0] if other else None,
                                    "context": text[max(g[0] - 60, 0):g[1] + 60]})

    def rows(self) -> dict[str, dict]:
        total = {k: sum(c[k] for c in self.counts.values()) for k in ("pred", "right", "gold", "found")}
        out = {}
        for name, c in [*self.counts.items(), ("all", total)]:
            p = c["right"] / c["pred"] if c["pred"] else 0.0
            r = c["found"] / c["gold"] if c["gold"] else 0.0
            out[name] = {**c, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
        return out


def score_docgraph(items, extractor) -> Tally:
    from docgraph.model import SourceDocument

    tally = Tally()
    sources = [SourceDocument(text=text, source=doc_id) for doc_id, text, _ in items]
    for (doc_id, text, gold), (_, ex) in zip(items, extractor.extract_many(sources), strict=True):
        tally.add(doc_id, text, gold, predicted(ex))
    return tally


def score_spacy(items, nlp) -> Tally:
    tally = Tally()
    for (doc_id, text, gold), doc in zip(items, nlp.pipe([t for _, t, _ in items]), strict=True):
        pred = [(e.start_char, e.end_char, SPACY[e.label_]) for e in doc.ents if e.label_ in SPACY]
        tally.add(doc_id, text, gold, pred)
    return tally


def table(results: dict[str, dict[str, dict]]) -> str:
    lines = ["| gold set | system | type | gold | predicted | precision | recall | F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for key, rows in results.items():
        name, system = key.split("/")
        for t, r in rows.items():
            lines.append(f"| {name} | {system} | {t} | {r['gold']} | {r['pred']} | {r['precision']:.3f} | "
                         f"{r['recall']:.3f} | {r['f1']:.3f} |")
    return "\n".join(lines)


def run(sets: list[str], limit: int | None, extractor, baseline: bool = False,
        errors: Path | None = None) -> dict[str, dict[str, dict]]:
    results: dict[str, dict[str, dict]] = {}
    wrong: list[dict] = []
    for name in sets:
        items = GOLD[name](limit)
        tally = score_docgraph(items, extractor)
        results[f"{name}/docgraph"] = tally.rows()
        wrong += [dict(e, set=name) for e in tally.errors]
        if baseline:
            import spacy

            from docgraph.nlp import resolve_model_name

            results[f"{name}/bare spaCy"] = score_spacy(items, spacy.load(resolve_model_name()))
            results[f"{name}/bare spaCy"] = results[f"{name}/bare spaCy"].rows()
    if errors:
        errors.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in wrong) + "\n")
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["conll04", "dwie", "all"], default="all")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences/documents")
    ap.add_argument("--baseline", action="store_true", help="also score bare spaCy on the same text")
    ap.add_argument("--errors", type=Path, default=None, help="write every miss and wrong mention (JSONL)")
    args = ap.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"no evaluation data at {EVAL}")
    from docgraph.extract import Extractor

    sets = ["conll04", "dwie"] if args.set == "all" else [args.set]
    results = run(sets, args.limit, Extractor(), args.baseline, args.errors)
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ner.json").write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
