"""A small learned component: the type of one name mention from the words around it.

The statistical NER model gives each mention one label; this classifier reads that label with
what surrounds the mention (the words before and after, the verb it is the subject of, its
shape, the gazetteer's word on it, given names, organisation and place words) and gives a
probability for person, organisation, place and "no entity". ``entities.py`` uses those
probabilities as the mention's vote in place of the bare label.

It is a multinomial logistic regression over sparse binary features, trained on CPU from the
CoNLL04 *training* split only by ``bench/train_mention_types.py``; the weights are data in
``ingest/mention_types.json`` (a few hundred kilobytes). Without that file nothing changes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from .names import given_names
from .places import Gazetteer
from .resources import resource
from .type_evidence import Cues

CLASSES = ("Person", "Organization", "Place", "none")


def _word(tok) -> str:
    return tok.lower_ if tok.is_alpha or tok.is_punct else ("<num>" if tok.like_num else tok.lower_)


def features(doc: Doc, start: int, end: int, name: str, label: str, ruler: bool,
             places: Gazetteer, cues: Cues) -> list[str]:
    """The binary features of the mention at tokens ``start:end`` named ``name``."""
    words = name.split()
    f = [f"label={label}", f"ruler={ruler}", f"n={min(len(words), 3)}", "bias"]
    if name.isupper():
        f.append("allcaps")
    if any(c.isdigit() for c in name):
        f.append("digit")
    if words and words[0] in given_names():
        f.append("given_first" if len(words) > 1 else "given_alone")
    said = cues.last_word(name)
    if said:
        f.append(f"last_word={said}")
    f.append(f"last={words[-1].lower() if words else ''}")
    for w in words[:-1]:
        f.append(f"word={w.lower()}")
    if words and len(words[-1]) > 4:
        f.append(f"suffix={words[-1][-3:].lower()}")
    place = places.lookup(name)
    if place is not None:
        bucket = "big" if place.population >= 1_000_000 else "mid" if place.population >= 100_000 else "small"
        f.append(f"gaz={place.kind}" if place.kind != "city" else f"gaz=city-{bucket}")
    elif len(words) > 1 and places.lookup(words[0]) is not None:
        f.append("gaz_first")
    if places.is_demonym(name):
        f.append("demonym")
    before = [_word(t) for t in doc[max(start - 2, 0) : start]]
    after = [_word(t) for t in doc[end : end + 2]]
    if before:
        f.append(f"w-1={before[-1]}")
        f.append(f"t-1={doc[start - 1].tag_}")
    else:
        f.append("w-1=<s>")
    if len(before) == 2:
        f.append(f"w-2={before[0]} {before[1]}")
    if after:
        f.append(f"w+1={after[0]}")
        f.append(f"t+1={doc[end].tag_}")
    else:
        f.append("w+1=</s>")
    if len(after) == 2:
        f.append(f"w+2={after[0]} {after[1]}")
        if after[0] == "," and doc[end + 1].like_num:
            f.append("age")  # "Cheek, 53, is …"
    if start == doc[start].sent.start:
        f.append("sent_start")
    root = doc[start:end].root
    f.append(f"dep={root.dep_}")
    if root.head.i != root.i:
        f.append(f"head={root.dep_}:{root.head.lemma_.lower()}")
    return f


@dataclass
class Model:
    weights: dict[str, list[float]]  # feature -> one weight per class

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        scores = [0.0] * len(CLASSES)
        for name in feats:
            w = self.weights.get(name)
            if w is not None:
                for k in range(len(CLASSES)):
                    scores[k] += w[k]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(CLASSES, exp)}


@lru_cache(maxsize=2)
def load(path: Path | None = None) -> Model | None:
    """The trained weights, or None when there are none."""
    path = path or resource("ingest", "mention_types.json")
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model({k: list(v) for k, v in data["weights"].items()})
