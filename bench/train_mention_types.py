"""Train the mention-type classifier (docgraph/mention_types.py) from CoNLL04 *train* only.

    python bench/train_mention_types.py [--l2 1.0] [--epochs 300] [-o ingest/mention_types.json]

Every candidate name docgraph's extractor finds in a training sentence (the model's entities,
titles stripped, junk dropped, and the names cues find) is one example; its class is the type
of the gold entity it overlaps (Peop, Org, Loc), else "none" (no gold entity, or Other).
A multinomial logistic regression with L2 is fitted by full-batch gradient descent (numpy,
CPU, seconds); features seen fewer than twice are left out. The dev splits are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_relations import EVAL, detokenize

ROOT = Path(__file__).resolve().parent.parent
GOLD = {"Peop": "Person", "Org": "Organization", "Loc": "Place"}


def examples(extractor) -> list[tuple[list[str], str]]:
    from docgraph.model import Extraction, SourceDocument

    data = json.loads((EVAL / "conll04" / "conll04_train.json").read_text())
    out = []
    texts, golds = [], []
    for item in data:
        text, spans = detokenize(item["tokens"])
        texts.append(text)
        golds.append([(spans[e["start"]][0], spans[e["end"] - 1][1], GOLD.get(e["type"], "none"))
                      for e in item["entities"]])
    for text, gold, doc in zip(texts, golds, extractor.nlp.pipe(texts), strict=True):
        document = SourceDocument(text=text, source="train")
        ex = Extraction(document=document)
        sent_index = extractor._sentences(doc, ex)
        candidates, _ = extractor._entity_spans(doc, document, ex, sent_index)
        for c in candidates:
            if not c.features:
                continue
            hit = [t for a, b, t in gold if a < c.end and c.start < b]
            out.append((c.features, hit[0] if hit else "none"))
    return out


def train(rows, l2: float, epochs: int, lr: float = 0.5):
    from docgraph.mention_types import CLASSES

    counts = Counter(f for feats, _ in rows for f in set(feats))
    vocab = sorted(f for f, n in counts.items() if n >= 2 or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    y = np.zeros((len(rows), len(CLASSES)), dtype=np.float32)
    for r, (feats, label) in enumerate(rows):
        for f in feats:
            if f in index:
                x[r, index[f]] = 1.0
        y[r, CLASSES.index(label)] = 1.0
    w = np.zeros((len(vocab), len(CLASSES)), dtype=np.float32)
    n = len(rows)
    for _ in range(epochs):
        scores = x @ w
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ (p - y) / n + l2 * w / n
        w -= lr * grad * 10
    pred = (x @ w).argmax(axis=1)
    accuracy = float((pred == y.argmax(axis=1)).mean())
    return {f: [round(float(v), 4) for v in w[i]] for f, i in index.items()}, accuracy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "ingest" / "mention_types.json")
    args = ap.parse_args()
    from docgraph.extract import Extractor

    extractor = Extractor(relations=False, mention_model=False)
    rows = examples(extractor)
    weights, accuracy = train(rows, args.l2, args.epochs)
    print(f"{len(rows)} training mentions, {len(weights)} features, training accuracy {accuracy:.3f}; "
          f"classes {dict(Counter(label for _, label in rows))}")
    args.output.write_text(json.dumps({"trained_on": "CoNLL04 train", "l2": args.l2, "epochs": args.epochs,
                                       "weights": weights}, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
