"""One real-world entity, one node: how far a store is from it (issue 12's measures).

    python bench/bench_identity.py --store STORE [--top 50] [--out bench/samples/identity.md]

Reads any docgraph store (the layout with an entity graph, or the older one with names in each
document graph: every query is DISTINCT over the union) and reports:

  two-type names  slugs that name entities of two or more types (``person/trump`` and
                  ``organization/trump``): each should be a real ambiguity;
  top entities    the ``--top`` most-mentioned people, organisations and places (by documents),
                  each with the other nodes that look like the same thing: the same slug under
                  another type, a node whose canonical name is one of its names or aliases, and
                  for a person a node whose name is part of its name and ends with its surname
                  (``Raisi``, ``Ebrahim Raisi``, ``Ayatollah Raisi``) or contains it as a word.

The list is written as Markdown (``--out``) for a person to read: whether each top entity is one
node of the right type is a reading verdict, counted by hand and committed beside the list.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = {"https://schema.org/Person": "Person", "https://schema.org/Organization": "Organization",
         "https://schema.org/Place": "Place", "https://schema.org/Event": "Event",
         "https://schema.org/CreativeWork": "Work"}


def load(store) -> tuple[dict, dict]:
    """entity URI -> {type, name, names, docs}; and slug -> set of types."""
    from docgraph.names import fold

    ents: dict[str, dict] = {}
    for r in store.query("""SELECT DISTINCT ?e ?t WHERE { ?e a ?t
            VALUES ?t { schema:Person schema:Organization schema:Place schema:Event schema:CreativeWork }
            FILTER(CONTAINS(STR(?e), "/id/") && !CONTAINS(STR(?e), "/id/document/")) }"""):
        e = ents.setdefault(r["e"].value, {"types": set(), "name": None, "names": set(), "docs": 0})
        e["types"].add(TYPES[r["t"].value])
    names: dict[str, Counter] = defaultdict(Counter)
    for r in store.query("SELECT ?e ?n WHERE { GRAPH ?g { ?e schema:name ?n } }"):
        if r["e"].value in ents:
            names[r["e"].value][r["n"].value] += 1
    for r in store.query("SELECT DISTINCT ?e ?n WHERE { ?e schema:alternateName ?n }"):
        if r["e"].value in ents:
            ents[r["e"].value]["names"].add(r["n"].value)
    for r in store.query("SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d schema:mentions ?e } } GROUP BY ?e"):
        if r["e"].value in ents:
            ents[r["e"].value]["docs"] = int(r["n"].value)
    for uri, e in ents.items():
        c = names[uri]
        e["name"] = max(c, key=lambda n: (c[n], len(n))) if c else uri.rsplit("/", 1)[-1]
        e["names"] |= set(c)
        e["type"] = {"person": "Person", "organization": "Organization", "place": "Place", "event": "Event",
                     "work": "Work"}[uri.rsplit("/", 2)[-2]]
        e["folded"] = {fold(n) for n in e["names"]}
    by_slug: dict[str, set[str]] = defaultdict(set)
    for uri in ents:
        seg, slug = uri.rsplit("/", 2)[-2:]
        by_slug[slug].add(seg)
    return ents, by_slug


def look_alikes(uri: str, ents: dict, by_name: dict, by_word: dict) -> list[str]:
    """Other nodes that look like the same thing as ``uri``."""
    from docgraph.names import fold

    e = ents[uri]
    slug = uri.rsplit("/", 1)[-1]
    out = set()
    for seg in ("person", "organization", "place", "event", "work"):
        other = uri.rsplit("/", 2)[0] + f"/{seg}/{slug}"
        if other != uri and other in ents:
            out.add(other)
    for n in e["folded"]:
        out |= {u for u in by_name.get(n, ()) if u != uri}
    words = fold(e["name"]).split()
    if e["type"] == "Person" and len(words) > 1:
        surname = words[-1]
        for other in by_word.get(surname, ()):
            if other == uri:
                continue
            theirs = fold(ents[other]["name"]).split()
            if theirs and theirs[-1] == surname and (set(theirs) <= set(words) or ents[other]["type"] != "Person"
                                                     or set(words) <= set(theirs)):
                out.add(other)
    return sorted(out, key=lambda u: -ents[u]["docs"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--out", type=Path, default=None, help="write the list as Markdown here")
    args = ap.parse_args()
    from docgraph.names import fold
    from docgraph.store import open_store

    store = open_store(args.store, read_only=True)
    ents, by_slug = load(store)
    two_types = sorted(s for s, segs in by_slug.items() if len(segs) > 1)
    by_name: dict[str, set[str]] = defaultdict(set)
    by_word: dict[str, set[str]] = defaultdict(set)
    for uri, e in ents.items():
        by_name[fold(e["name"])].add(uri)
        for w in fold(e["name"]).split():
            by_word[w].add(uri)
    report = {"store": args.store, "entities": len(ents), "two_type_names": len(two_types), "top": {}}
    lines = [f"# One entity, one node: `{args.store}`", "",
             f"{len(ents)} entities; **{len(two_types)} names exist as nodes of two or more types**.", ""]
    split_total = 0
    for etype in ("Person", "Organization", "Place"):
        top = sorted((u for u, e in ents.items() if e["type"] == etype), key=lambda u: (-ents[u]["docs"], u))[: args.top]
        rows = []
        lines += [f"## The {args.top} most-mentioned: {etype}", "",
                  "| # | entity | docs | other nodes that look like it (type, docs) |", "|---|---|---|---|"]
        for i, uri in enumerate(top, 1):
            others = look_alikes(uri, ents, by_name, by_word)
            split_total += bool(others)
            shown = "; ".join(f"{ents[o]['name']} ({ents[o]['type']}, {ents[o]['docs']})" for o in others[:6])
            if len(others) > 6:
                shown += f"; … {len(others) - 6} more"
            lines.append(f"| {i} | {ents[uri]['name']} `{uri.split('/id/')[1]}` | {ents[uri]['docs']} | {shown or '—'} |")
            rows.append({"uri": uri, "name": ents[uri]["name"], "docs": ents[uri]["docs"],
                         "look_alikes": [{"uri": o, "name": ents[o]["name"], "type": ents[o]["type"],
                                          "docs": ents[o]["docs"]} for o in others]})
        report["top"][etype] = rows
        lines.append("")
    lines += ["## Names that exist as nodes of two or more types", ""]
    for slug in two_types:
        nodes = [(seg, ents[f"{store.base_uri}/id/{seg}/{slug}"]) for seg in sorted(by_slug[slug])
                 if f"{store.base_uri}/id/{seg}/{slug}" in ents]
        lines.append(f"- `{slug}`: " + ", ".join(f"{seg} “{e['name']}” ({e['docs']} docs)" for seg, e in nodes))
    report["two_type_list"] = two_types
    report["top_with_look_alikes"] = split_total
    store.close()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "identity.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(ents)} entities; {len(two_types)} names exist as nodes of two or more types; "
          f"{split_total} of the top {args.top} people, organisations and places have look-alike nodes",
          file=sys.stderr)


if __name__ == "__main__":
    main()
