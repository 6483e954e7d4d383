"""Draw entities of docgraph's output on articles nobody tuned on, to read by hand.

    python bench/sample_entities.py [--n 40] [--seed 13] [-o bench/samples/entities.jsonl]

Articles come from ../shared/corpus-large/tehran-times.jsonl.gz, skipping the 804-article
human-rights set (the tests and rules were written against it) and the sample corpus; a fixed
seed picks 20 articles, and 40 of their people, organisations and places (at most 3 per
article). Each row gives the name, type, aliases, GeoNames link, country, the type votes and
the first sentence that mentions it, with an empty `verdict` for the reader to fill in
(`right`, `wrong type`, `wrong name`, `junk`, plus a note).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "samples" / "entities.jsonl")
    args = ap.parse_args()
    from docgraph.extract import Extractor
    from docgraph.model import SourceDocument

    tuned = {json.loads(line)["id"] for line in (SHARED / "corpus-large" / "tehran-times-human-rights.jsonl").open()}
    tuned |= {json.loads(line)["id"] for line in (SHARED / "corpus" / "tehran-times-sample.jsonl").open()}
    with gzip.open(SHARED / "corpus-large" / "tehran-times.jsonl.gz", "rt", encoding="utf-8") as f:
        pool = [d for d in map(json.loads, f) if d["id"] not in tuned and len(d.get("text", "")) > 1500]
    rng = random.Random(args.seed)
    articles = rng.sample(pool, 20)
    extractor = Extractor(relations=False)
    rows = []
    for art in articles:
        ex = extractor.extract(SourceDocument(text=art["text"], source=f"tehran-times#{art['id']}"))
        ents = [e for e in ex.entities if e.type in ("Person", "Organization", "Place")]
        for e in rng.sample(ents, min(3, len(ents))):
            m = e.mentions[0]
            rows.append({"article": art["id"], "name": e.name, "type": e.type, "subtype": e.subtype,
                         "aliases": e.aliases, "same_as": e.same_as, "country": e.country,
                         "type_votes": e.type_votes, "mentions": len(e.mentions),
                         "sentence": ex.sentences[m.sentence].text, "verdict": "", "note": ""})
    rows = rng.sample(rows, min(args.n, len(rows)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} entities from {len(articles)} articles to {args.output}")


if __name__ == "__main__":
    main()
