"""Train the learned link scorer (docgraph/relations/learned.py) on CPU.

    pip install -e '.[train]'
    python bench/train_links.py [--c 0.5] [--precision 0.88]

Training data: the CoNLL04 training split in ../shared/eval-data/ (never the dev split the
README reports on), each sentence run through docgraph's own extractor (names, types and the
rules' view), so the model learns from the names as docgraph finds them. Every ordered pair of a
person, organisation or place in one sentence is a candidate; its label is the gold relation whose
head and tail it overlaps, else "none". A multinomial logistic regression (scikit-learn) is fit,
then each link's threshold is the lowest probability at which that link's precision on the CoNLL04
dev split stays at or above ``--precision`` (chosen for precision, as a researcher wants). The
weights go to ingest/relations/links-model.json.gz (a few MB), read at ingest with no
scikit-learn.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_relations import EVAL, detokenize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LABELS = {"Work_For": "affiliation", "OrgBased_In": "location", "Located_In": "locatedIn",
          "Live_In": "homeLocation", "Kill": "killed"}


GOLD_TYPES = {"Peop": "Person", "Org": "Organization", "Loc": "Place"}


def sentences(split: str):
    data = json.loads((EVAL / "conll04" / f"conll04_{split}.json").read_text())
    for item in data:
        text, spans = detokenize(item["tokens"])
        ents = [(spans[e["start"]][0], spans[e["end"] - 1][1]) for e in item["entities"]]
        gold = [(LABELS[r["type"]], ents[r["head"]], ents[r["tail"]]) for r in item["relations"]]
        typed = [(a, b, GOLD_TYPES[e["type"]]) for (a, b), e in zip(ents, item["entities"], strict=True)
                 if e["type"] in GOLD_TYPES]
        yield text, gold, typed


def with_gold_names(ex, typed):
    """The extraction with the gold names in place of docgraph's: more (and cleaner) pairs to learn
    from; at run time the model sees docgraph's names, so both are used for training."""
    from docgraph.model import Entity, Mention

    copy = type(ex)(document=ex.document, sentences=ex.sentences, dates=ex.dates, model=ex.model)
    for n, (a, b, etype) in enumerate(typed):
        sent = next((i for i, s in enumerate(ex.sentences) if s.start <= a < s.end), 0)
        copy.entities.append(Entity(key=f"g{n}", type=etype, name=ex.document.text[a:b],
                                    mentions=[Mention(a, b, ex.document.text[a:b], sent)]))
    return copy


def overlaps(span, a: int, b: int) -> bool:
    return span.start_char < b and a < span.end_char


def examples(split: str, extractor, gold_names: bool = False):
    """(features, label) for every candidate pair of the split (with ``gold_names``: also the
    pairs of the gold names)."""
    from docgraph.model import SourceDocument
    from docgraph.relations import rule_links
    from docgraph.relations.learned import candidates, pair_features
    from docgraph.relations.view import DocView

    out = []
    items = list(sentences(split))
    docs = extractor.nlp.pipe([t for t, _, _ in items], batch_size=64)
    for (text, gold, typed), doc in zip(items, docs, strict=True):
        ex = extractor.from_doc(SourceDocument(text=text, source=split), doc)
        views = [rule_links(doc, ex)]
        if gold_names:
            views.append(DocView(doc, with_gold_names(ex, typed)))
        for d in views:
            for _, _, s, o in candidates(d):
                label = next((lab for lab, h, t in gold if overlaps(s, *h) and overlaps(o, *t)), "none")
                out.append((pair_features(d, s, o), label))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("--precision", type=float, default=0.88, help="precision each link keeps on dev")
    ap.add_argument("--gold-names", action="store_true", help="also learn from the gold names' pairs")
    ap.add_argument("--out", type=Path, default=ROOT / "ingest" / "relations" / "links-model.json.gz")
    args = ap.parse_args()
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from docgraph.extract import Extractor

    extractor = Extractor(relations=False)
    train = examples("train", extractor, gold_names=args.gold_names)
    dev = examples("dev", extractor)
    print("train candidates", len(train), Counter(lab for _, lab in train))
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f, _ in train])
    y = [lab for _, lab in train]
    clf = LogisticRegression(C=args.c, max_iter=3000)
    clf.fit(x, y)
    labels = list(clf.classes_)
    # thresholds on dev: per link, the lowest probability that keeps its precision
    probs = clf.predict_proba(vec.transform([dict.fromkeys(f, 1) for f, _ in dev]))
    thresholds = {}
    for i, lab in enumerate(labels):
        if lab == "none":
            continue
        best = np.argmax(probs, axis=1)
        scored = sorted(((probs[n, i], dev[n][1] == lab) for n in range(len(dev)) if best[n] == i), reverse=True)
        right = 0
        threshold = 1.01
        for k, (p, ok) in enumerate(scored, 1):
            right += ok
            if right / k >= args.precision and k >= 3:
                threshold = p
        thresholds[lab] = round(float(threshold), 4)
        kept = [ok for p, ok in scored if p >= threshold]
        print(f"{lab:13} threshold {threshold:.3f}  dev pairs kept {len(kept)}  right {sum(kept)}  "
              f"gold {sum(1 for _, g in dev if g == lab)}")
    names = vec.get_feature_names_out()
    coef = clf.coef_.T  # features x labels
    weights = {str(name): [round(float(w), 4) for w in row] for name, row in zip(names, coef, strict=True)
               if np.abs(row).max() >= 1e-3}
    model = {"labels": labels, "bias": [round(float(b), 4) for b in clf.intercept_],
             "weights": weights, "thresholds": thresholds,
             "trained_on": "CoNLL04 train (SpERT split), docgraph's own names; thresholds on CoNLL04 dev",
             "c": args.c, "precision": args.precision}
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(model, fh, separators=(",", ":"))
    print(f"{len(weights)} features -> {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
