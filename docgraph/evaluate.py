"""Score extraction against hand-made gold (``tests/gold/*.yaml``): precision, recall and F1 for
roles, works with dates, figures, who gives each figure, and quotations.

A predicted item is right when it matches a gold item of the same document; names match when
their folded forms are equal or one contains the other (so "Guterres" is not a match for
"António Guterres" only when the gold asks for more than the text gives). A prediction that
matches an ``optional`` gold item is left out of precision, and optional items are not missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import Extraction
from .names import fold

KINDS = ("roles", "works-with-dates", "figures", "figure-sources", "quotations")


@dataclass
class Tally:
    predicted: int = 0
    right: int = 0  # predicted and matching a gold item
    gold: int = 0
    found: int = 0  # gold items some prediction matches
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


def same(gold: str | None, names: list[str]) -> bool:
    if gold is None:
        return False
    g = fold(gold).replace("’", "'")
    for n in names:
        f = fold(n).replace("’", "'")
        if f == g or (len(f) > 3 and (f in g or g in f)):
            return True
    return False


def load_gold(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def find_document(gold: dict, corpus: Path):
    """The document a gold file names: ``file`` or ``file#id`` (a JSONL line), looked up in the
    corpus folder, then beside it (``gold/…`` names ``examples/gold/…`` next to ``examples/corpus``)."""
    from .readers import ReadFailure, iter_documents

    ref = gold["document"]
    file, _, line_id = ref.partition("#")
    path = corpus / file
    if not path.exists() and (corpus.parent / file).exists():
        path = corpus.parent / file
    for doc in iter_documents([path]):
        if isinstance(doc, ReadFailure):
            continue
        if not line_id or doc.source.endswith("#" + line_id):
            return doc
    raise FileNotFoundError(f"gold document {ref} not found in {corpus}")


def _names(ex: Extraction, key: str | None) -> list[str]:
    if key is None:
        return []
    e = next((x for x in ex.entities if x.key == key), None)
    return [e.name, *e.aliases] if e else []


def _score(kind: str, tally: Tally, predicted: list[tuple[str, Any]], gold: list[dict], match) -> None:
    """``predicted``: (label, item); ``match(item, gold_item)`` -> bool."""
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    tally.gold += len(required)
    for g in required:
        if any(match(p, g) for _, p in predicted):
            tally.found += 1
        else:
            tally.missed.append(str({k: v for k, v in g.items() if k != "at"}))
    for label, p in predicted:
        if any(match(p, g) for g in required):
            tally.predicted += 1
            tally.right += 1
        elif any(match(p, g) for g in optional):
            continue
        else:
            tally.predicted += 1
            tally.wrong.append(label)


def score_document(ex: Extraction, gold: dict, tallies: dict[str, Tally]) -> None:
    def org_ok(role, g) -> bool:
        wanted = g.get("organization")
        wanted = wanted if isinstance(wanted, list) else [wanted]
        if role.organization is None:
            return None in wanted
        return any(w is not None and same(w, _names(ex, role.organization)) for w in wanted)

    def role_match(role, g) -> bool:
        title = fold(role.title)
        gt = fold(g["title"])
        return same(g["person"], _names(ex, role.person)) and (title == gt or gt in title or title in gt) \
            and org_ok(role, g)

    roles = [(f"{(_names(ex, r.person) or ['?'])[0]} / {r.title} / {(_names(ex, r.organization) or [None])[0]}", r)
             for r in ex.roles if not r.occupation]
    _score("roles", tallies["roles"], roles, gold.get("roles") or [], role_match)

    works = []
    for e in ex.entities:
        if e.type != "Work":
            continue
        rels = [r for r in ex.relations if r.subject == e.key]
        dates = [r.obj_literal for r in rels if r.predicate in ("datePublished", "date") and r.obj_literal]
        if not dates:
            continue
        authors = [n for r in rels if r.predicate in ("author", "publisher") for n in _names(ex, r.obj)]
        works.append((f"{e.name} ({dates[0]})", {"names": [e.name, *e.aliases], "dates": dates, "authors": authors}))

    def work_match(w, g) -> bool:
        if not g.get("date") or str(g["date"]) not in w["dates"]:
            return False
        return any(fold(g["name"]) in fold(n) for n in w["names"]) and (
            not g.get("author") or same(g["author"], w["authors"]) or any(same(g["author"], [n]) for n in w["names"]))

    _score("works-with-dates", tallies["works-with-dates"], works,
           [g for g in gold.get("works") or [] if g.get("date")], work_match)

    def figure_match(f, g) -> bool:
        c, gc = fold(f.counts or ""), fold(g["counts"])
        return abs(f.value - float(g["value"])) < 1e-6 and bool(c) and (c in gc or gc in c)

    figures = [(f"{f.text} {f.counts}", f) for f in ex.figures]
    _score("figures", tallies["figures"], figures, gold.get("figures") or [], figure_match)

    sources = []
    for f in ex.figures:
        for a in f.attributions:
            names = _names(ex, a.agent) if not a.agent_text else [a.agent_text]
            sources.append((f"{f.text} {f.counts} <- {(names or ['?'])[0]}", (f, names)))
    gold_sources = [{"value": g["value"], "counts": g["counts"], "agent": agent, "optional": g.get("optional")}
                    for g in gold.get("figures") or [] for agent in g.get("given_by") or []]

    def source_match(item, g) -> bool:
        f, names = item
        return figure_match(f, g) and same(g["agent"], names)

    _score("figure-sources", tallies["figure-sources"], sources, gold_sources, source_match)

    def quote_match(q, g) -> bool:
        text, gt = fold(q.text), fold(g["text"])
        if not (text.startswith(gt[:40]) or gt in text):
            return False
        speakers = _names(ex, q.speaker) + ([q.speaker_text] if q.speaker_text else [])
        wanted = g["speaker"] if isinstance(g["speaker"], list) else [g["speaker"]]
        return any(same(w, speakers) for w in wanted)

    quotes = [(f"“{q.text[:40]}” <- {(_names(ex, q.speaker) or [q.speaker_text])[0]}", q) for q in ex.quotations]
    _score("quotations", tallies["quotations"], quotes, gold.get("quotations") or [], quote_match)


def score(gold_files: list[Path], corpus: Path, extractor=None, *,
          untuned: bool | None = None) -> dict[str, Tally]:
    """Tallies over ``gold_files``; ``untuned=True`` / ``False`` keeps only the documents marked
    ``untuned: true`` (annotated, never used to tune the rules) / only the others."""
    from .extract import Extractor

    extractor = extractor or Extractor()
    tallies = {k: Tally() for k in KINDS}
    for path in gold_files:
        gold = load_gold(path)
        if untuned is not None and bool(gold.get("untuned")) != untuned:
            continue
        ex = extractor.extract(find_document(gold, corpus))
        before = {k: (len(t.wrong), len(t.missed)) for k, t in tallies.items()}
        score_document(ex, gold, tallies)
        for k, t in tallies.items():  # each error names its document
            w, m = before[k]
            t.wrong[w:] = [f"{path.stem}: {x}" for x in t.wrong[w:]]
            t.missed[m:] = [f"{path.stem}: {x}" for x in t.missed[m:]]
    return tallies
