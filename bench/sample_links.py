"""Draw a sample of quotations, works and roles from a corpus, each with its evidence sentence, for
a person to read and judge (the verdicts are counted by reading, never assumed).

    python bench/sample_links.py [--corpus ../shared/corpus-large/tehran-times-human-rights.jsonl]
                                 [--docs 200] [--n 40] [--seed 13] [--out bench/samples/]

Documents are drawn at random (fixed seed) from the corpus, extracted as an ingest would, and
``--n`` items of each kind are drawn from what was found. Each kind goes to
``{out}/{kind}.md``: a table with the item, its sentence and an empty verdict column. A reader
fills the verdicts (``ok`` / ``wrong: why``); ``--count`` prints the tally of a filled file.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def draw(corpus: Path, docs: int, n: int, seed: int) -> dict[str, list[tuple[str, str, str]]]:
    from docgraph.extract import Extractor
    from docgraph.readers import ReadFailure, iter_documents

    rng = random.Random(seed)
    documents = [d for d in iter_documents([corpus]) if not isinstance(d, ReadFailure)]
    chosen = rng.sample(documents, min(docs, len(documents)))
    found: dict[str, list[tuple[str, str, str]]] = {"quotations": [], "works": [], "roles": []}
    for doc, ex in Extractor().extract_many(chosen):
        if isinstance(ex, ReadFailure):
            continue
        name = {e.key: e.name for e in ex.entities}
        sentence = [s.text for s in ex.sentences]
        for q in ex.quotations:
            who = name.get(q.speaker) or f"({q.speaker_text})"
            where = sentence[q.sentence]
            if q.speaker and who not in where:  # a pronoun or a surname: the sentences before, too
                where = " ".join(sentence[max(q.sentence - 2, 0) : q.sentence + 1])
            found["quotations"].append((doc.source, f"“{q.text[:160]}” ← {who}", where))
        for e in ex.entities:
            if e.type != "Work" or e.subtype == "LegalProvision":
                continue
            rels = [r for r in ex.relations if r.subject == e.key]
            facts = "; ".join(f"{r.predicate} {name.get(r.obj) or r.obj_literal}" for r in rels)
            m = e.mentions[0] if e.mentions else None
            where = sentence[m.sentence] if m else ""
            found["works"].append((doc.source, f"{e.name} [{e.subtype or 'Work'}] {facts}", where))
        for r in ex.roles:
            if r.occupation:
                continue  # an occupation ("Saudi journalist"), not a post: no role
            flags = ",".join([f for f in ("former", "late", "acting", "elect") if getattr(r, f)]
                             + ([f"as of {r.date}"] if r.date else []))
            org = name.get(r.organization) or "—"
            found["roles"].append((doc.source, f"{name[r.person]} / {r.title} / {org}" + (f" ({flags})" if flags else ""),
                                   sentence[r.sentence]))
    return {kind: rng.sample(items, min(n, len(items))) for kind, items in found.items()}


def write(samples, out: Path, corpus: Path, docs: int, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for kind, items in samples.items():
        lines = [f"# {kind}: {len(items)} drawn from {docs} random documents of {corpus.name} (seed {seed})", "",
                 "Verdict: `ok` when the item is what its sentence says (for quotations: the words and the "
                 "speaker; works: a real work with right facts; roles: person, title and organisation), else "
                 "`wrong:` and why.", "",
                 "| # | document | item | evidence sentence | verdict |", "|---|---|---|---|---|"]
        for i, (source, item, sentence) in enumerate(items, 1):
            lines.append(f"| {i} | {_cell(source.rsplit('#', 1)[-1])} | {_cell(item)} | {_cell(sentence)[:900]} |  |")
        (out / f"{kind}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def count(path: Path) -> tuple[int, int]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\| \d+ \|", line)]
    ok = sum(1 for r in rows if r.rstrip(" |").rsplit("|", 1)[-1].strip().startswith("ok"))
    return ok, len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path,
                    default=ROOT.parent / "shared" / "corpus-large" / "tehran-times-human-rights.jsonl")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "samples")
    ap.add_argument("--count", action="store_true", help="tally the verdicts already filled in --out")
    args = ap.parse_args()
    if args.count:
        for path in sorted(args.out.glob("*.md")):
            ok, total = count(path)
            print(f"{path.stem}: {ok}/{total} right")
        return
    if any((args.out / f"{kind}.md").exists() for kind in ("quotations", "works", "roles")):
        # a draw's files hold a reader's verdicts: a new draw goes to a new directory
        raise SystemExit(f"sample_links: {args.out} already holds a draw; give --out a new directory")
    write(draw(args.corpus, args.docs, args.n, args.seed), args.out, args.corpus, args.docs, args.seed)


if __name__ == "__main__":
    main()
