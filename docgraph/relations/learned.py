"""A learned scorer for links between two names in one sentence, where the rules stop paying.

A linear model over the words between the two names, the words around them, the dependency path
that joins them and their entity types decides whether the sentence says one of five things:
a person works for an organisation (``affiliation``), an organisation is based in a place
(``location``), a place is in a place (``locatedIn``), a person lives in a place
(``homeLocation``), a person killed a person (``killed``). ``bench/train_links.py`` trains it on
CPU from the CoNLL04 training split, run through docgraph's own extractor so the model sees the
names as docgraph finds them; the weights and each link's threshold (chosen on the development
split for precision) are in ``ingest/relations/links-model.json.gz``. A link it finds carries
the basis ``model`` so a query can tell it from a rule's.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from functools import lru_cache

from spacy.tokens import Span, Token

from ..resources import resource
from .view import DocView, link
from .words import country_words

TYPES = ("Person", "Organization", "Place")
MAX_GAP = 24  # tokens between the two names; farther pairs are left to the rules
MODEL_FILE = ("relations", "links-model.json.gz")
# "TEHRAN – Chinese Foreign Minister Wang Yi has called …": the city the article was filed from
# opens the text; it says where the newspaper is, not where anyone named after it lives or works
_DASH_DATELINE = re.compile(r"\A\s*[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2}(?=\s*[-–—]\s)")


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12")):
        if n <= limit:
            return name
    return "13+"


def _word(d: DocView, t: Token) -> str:
    """A token as the model sees it: an entity's type, a number's shape, else its lemma."""
    key = d.ent_of[t.i]
    if key is not None:
        return "<" + d.type_of[key] + ">"
    if t.like_num:
        return "<NUM>"
    return t.lemma_.lower()


def _path(d: DocView, a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    """The tokens from ``a`` up to the common ancestor and from ``b`` up to it."""
    heads = d.heads
    up_a = [a.i]
    while heads[up_a[-1]] != up_a[-1] and len(up_a) < 20:
        up_a.append(heads[up_a[-1]])
    index = {t: n for n, t in enumerate(up_a)}
    up_b = [b.i]
    while up_b[-1] not in index:
        if heads[up_b[-1]] == up_b[-1] or len(up_b) >= 20:
            return None
        up_b.append(heads[up_b[-1]])
    toks = d.tokens
    return [toks[i] for i in up_a[: index[up_b[-1]] + 1]], [toks[i] for i in up_b]


def _words(d: DocView) -> list[str]:
    """Every token as the model sees it, computed once per document."""
    cached = getattr(d, "_model_words", None)
    if cached is None:
        cached = [_word(d, t) for t in d.tokens]
        d._model_words = cached  # type: ignore[attr-defined]
    return cached


def pair_features(d: DocView, s: Span, o: Span) -> list[str]:
    """Features of the ordered pair (subject span ``s``, object span ``o``) in one sentence."""
    doc = d.doc
    all_words = _words(d)
    ts, to = d.type_of[d.ent_of[s.start]], d.type_of[d.ent_of[o.start]]
    first, second = (s, o) if s.start < o.start else (o, s)
    order = "so" if first is s else "os"
    tp = f"{ts[:3]}>{to[:3]}:{order}"
    words = all_words[first.end : second.start]
    f = [f"T:{tp}", f"D:{tp}:{_bucket(len(words))}"]
    if len(words) <= 6:
        f.append(f"BS:{tp}:{' '.join(words)}")
    for w in set(words[:8] + words[-8:]):
        f.append(f"B:{tp}:{w}")
    if words:
        f += [f"BF:{tp}:{words[0]}", f"BL:{tp}:{words[-1]}"]
    f.append(f"NE:{tp}:{min(sum(1 for w in words if w.startswith('<') and w != '<NUM>'), 3)}")
    for k, name in ((1, "L1"), (2, "L2")):
        f.append(f"{name}:{tp}:{all_words[first.start - k] if first.start - k >= 0 else '^'}")
    for k, name in ((0, "R1"), (1, "R2")):
        f.append(f"{name}:{tp}:{all_words[second.end + k] if second.end + k < len(doc) else '$'}")
    for side, span in (("S", s), ("O", o)):  # what kind of name: a country, an abbreviated state
        name = d.ex.entity(d.ent_of[span.start]).name
        kind = "country" if name in country_words() else "abbr" if span.text.endswith(".") else "name"
        f.append(f"K{side}:{tp}:{kind}")
    path = _path(d, s.root, o.root)
    if path is not None:
        up, down = path
        steps = [f"{t.dep_}^" for t in up[:-1]] + [up[-1].lemma_.lower() if len(up) > 1 or len(down) > 1 else "="]
        steps += [f"{t.dep_}v" for t in reversed(down[:-1])]
        inner = [t for t in up[1:] + down[1:-1] if d.ent_of[t.i] is None]
        f.append(f"PD:{tp}:{' '.join(x for x in steps if x.endswith(('^', 'v')))}")
        if len(steps) <= 7:
            f.append(f"P:{tp}:{' '.join(steps)}")
        for t in inner:
            f.append(f"PL:{tp}:{t.lemma_.lower()}")
        f.append(f"PN:{tp}:{_bucket(len(steps))}")
    return f


def candidates(d: DocView):
    """Ordered pairs (subject key, object key, subject span, object span) of named people,
    organisations and places in one sentence, at most MAX_GAP tokens apart."""
    doc = d.doc
    sent_start = d.sent_start
    dateline = _DASH_DATELINE.match(d.ex.document.text)
    filed_from = dateline.end() if dateline else -1  # no name of a pair may start before it
    spans = [(a, b, k) for a, b, k in d.mention_spans
             if d.type_of[k] in TYPES and d.tokens[a].idx >= filed_from]
    for n, (a, b, k) in enumerate(spans):
        for a2, b2, k2 in spans[n + 1 :]:
            if a2 - b > MAX_GAP:
                break
            if k2 == k or a2 < b or sent_start[a] != sent_start[a2]:
                continue
            s1, s2 = doc[a:b], doc[a2:b2]
            yield k, k2, s1, s2
            yield k2, k, s2, s1


class LinkModel:
    """The trained weights: feature -> one weight per label, a bias per label, a threshold per
    link (probability of the link against "none")."""

    def __init__(self, data: dict) -> None:
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.thresholds: dict[str, float] = data["thresholds"]

    def probabilities(self, features: list[str]) -> list[float]:
        scores = list(self.bias)
        for feat in features:
            w = self.weights.get(feat)
            if w is not None:
                for i, x in enumerate(w):
                    scores[i] += x
        top = max(scores)
        exp = [math.exp(x - top) for x in scores]
        total = sum(exp)
        return [x / total for x in exp]

    def best(self, features: list[str]) -> tuple[str, float]:
        p = self.probabilities(features)
        i = max(range(len(p)), key=p.__getitem__)
        return self.labels[i], p[i]


@lru_cache(maxsize=1)
def model() -> LinkModel | None:
    path = resource("ingest", *MODEL_FILE)
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return LinkModel(json.load(fh))


def learned_links(d: DocView) -> None:
    """Add the links the model is sure of (probability at or above the link's threshold)."""
    m = model()
    if m is None:
        return
    for k, k2, s, o in candidates(d):
        label, p = m.best(pair_features(d, s, o))
        if label != "none" and p >= m.thresholds.get(label, 2.0):
            link(d, k, label, k2, s.root, basis="model")
