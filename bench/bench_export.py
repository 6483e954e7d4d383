"""Export time and peak memory on a large store: the graph projection against the one it replaced
(baseline), and the writers, in the same run (best of --repeat runs each).

    python bench/bench_export.py --store STORE [--replicate K] [--co-mentions] [--repeat N]

With --replicate K the store is first copied K times into a bench store (bench/replicate.py),
entity URIs suffixed per copy (``…/id/person/x`` -> ``…/id/person/x-copy2``), each copy's documents
distinct, keeping only the quads the projection and the baseline read (the entity graph, mentions,
dates, the reified links with their evidence sentences, roles): a corpus of 5,700 entities becomes a graph of K x 5,700 with the same
shape. Run it under the heavy lock (flock /tmp/docgraph-heavy.lock …): the ratios assume nothing
else runs.

Each measurement runs in a fresh interpreter (so peak RSS is its own) on the same store:

  baseline   the projection before the bulk reads (bench/export_baseline.py: one SPARQL aggregate each)
  project    RDF -> networkx property graph, as docgraph does it now (what every graph format pays)
  gexf       project + docgraph's GEXF 1.3 writer (streams the XML as it goes)
  networkx   project + ``networkx.write_gexf`` on the same graph (builds an ElementTree first)
  graphml    project + GraphML through networkx
  nq         the RDF dump as N-Quads, streamed from the store (no graph in memory)
  jsonld     the RDF dump as compact JSON-LD (docgraph/jsonld.py), streamed one subject at a time
  baseline-co, project-co (with --co-mentions)  both projections with every co-mention edge
             (at least one shared document), the baseline's SPARQL self-join against the sparse product

Reports seconds, peak RSS and output size, the ratios project/baseline and gexf/networkx, and
how many nodes and edges the projection and the baseline give differently (expected: none).
Results go to stdout as a Markdown table and to bench/results/export.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from replicate import replicate

ROOT = Path(__file__).resolve().parent.parent

CODE = r"""
import sys, time
sys.path.insert(0, sys.argv[4])
from docgraph.store import open_store
from docgraph.export import project
mode, store_path, out = sys.argv[1:4]
store = open_store(store_path, read_only=True)
t = time.perf_counter()
if mode in ("nq", "jsonld"):
    from docgraph.export import rdf
    with open(out, "wb") as fh:
        rdf.write(store, mode, fh)
    nodes = edges = 0
else:
    co = mode.endswith("-co")  # with co-mention edges (every shared document counts: no threshold)
    if mode.startswith("baseline"):
        import export_baseline
        g = export_baseline.graph(store, export_baseline.Options(co_mentions=co))
    else:
        g = project.graph(store, project.Options(co_mentions=co, min_co_mentions=1))
    nodes, edges = g.number_of_nodes(), g.number_of_edges()
    if mode == "gexf":
        from docgraph.export import gexf
        with open(out, "w", encoding="utf-8") as fh:
            gexf.write(g, fh)
    elif mode == "networkx":
        import networkx as nx
        clean = nx.MultiDiGraph()
        keep = lambda d: {k: v for k, v in d.items() if v is not None and k != "spells"}
        clean.add_nodes_from((n, keep(d)) for n, d in g.nodes(data=True))
        clean.add_edges_from((s, o, k, keep(d)) for s, o, k, d in g.edges(keys=True, data=True))
        nx.write_gexf(clean, out)
    elif mode == "graphml":
        from docgraph.export import graphml
        with open(out, "wb") as fh:
            graphml.write(g, fh)
# VmHWM is this program's own peak (ru_maxrss would carry the parent's from before exec)
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(time.perf_counter() - t, hwm, nodes, edges)
"""


SAME = r"""
import sys, json
sys.path.insert(0, sys.argv[2])
from docgraph.store import open_store
from docgraph.export import project
import export_baseline
store = open_store(sys.argv[1], read_only=True)
co = sys.argv[3] == "co"
old = export_baseline.graph(store, export_baseline.Options(co_mentions=co))
new = project.graph(store, project.Options(co_mentions=co, min_co_mentions=1))
shared = ("label", "type", "uri", "aliases", "documents", "first_seen", "last_seen")
nodes = sum(1 for n in set(old.nodes) | set(new.nodes)
            if n not in old or n not in new or any(old.nodes[n][k] != new.nodes[n][k] for k in shared))
titles = lambda t: sorted(x.casefold() for x in t.split(" | "))  # the baseline's order is the engine's
key = lambda g: {(s, o, k): (d["weight"], d["evidence"], titles(d["titles"]))
                 for s, o, k, d in g.edges(keys=True, data=True)}
a, b = key(old), key(new)
edges = sum(1 for e in set(a) | set(b) if a.get(e) != b.get(e))
print(json.dumps({"nodes_differing": nodes, "edges_differing": edges}))
"""


def same_graph(store: Path, co_mentions: bool) -> dict:
    """How many nodes and edges the projection and the baseline give differently (the attributes
    both have: label, type, aliases, documents, first/last seen; weight, evidence, titles)."""
    done = subprocess.run([sys.executable, "-c", SAME, str(store), str(ROOT / "bench"), "co" if co_mentions else ""],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def measure(mode: str, store: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CODE, mode, str(store), str(out), str(ROOT / "bench")],
                          check=True, capture_output=True, text=True)
    seconds, rss_kb, nodes, edges = done.stdout.split()
    return {"seconds": float(seconds), "peak_rss_mb": int(rss_kb) / 1024, "nodes": int(nodes), "edges": int(edges),
            "output_mb": out.stat().st_size / 1e6 if out.exists() else 0.0}


KEEP = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#" + x for x in ("type", "subject", "predicate", "object")} | {
    "https://schema.org/" + x for x in ("name", "alternateName", "mentions", "roleName", "datePublished", "startDate",
                                        "endDate", "affiliation", "memberOf", "author", "publisher", "about",
                                        "location", "containedInPlace", "organizer")} | {
    "https://w3id.org/docgraph#" + x for x in ("roleHolder", "roleOrganization", "asOf", "addressedTo", "participant",
                                               "killed", "spokespersonOf", "headOf", "citizenOf", "evidence", "reprintOf",
                                               "countryInDocument")} | {
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--replicate", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="run each export this many times, keep the fastest")
    ap.add_argument("--co-mentions", action="store_true",
                    help="also the two projections with every co-mention edge (baseline-co, project-co)")
    ap.add_argument("--replicate-only", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.replicate_only:
        replicate(args.store, args.into, args.replicate_only, keep=KEEP)  # bench/replicate.py
        return
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.replicate > 1:  # in a child process, so that this one stays small
            subprocess.run([sys.executable, __file__, "--replicate-only", str(args.replicate), "--store", str(args.store),
                            "--into", str(Path(tmp) / "bench-store")], check=True)
            args.store = Path(tmp) / "bench-store"
        modes = ["baseline", "project", "gexf", "networkx", "graphml", "nq", "jsonld"]
        if args.co_mentions:
            modes += ["baseline-co", "project-co"]
        for mode in modes:
            # best of --repeat runs: the first run of the first mode also pays for a cold page cache
            results[mode] = min((measure(mode, args.store, Path(tmp) / f"out.{mode}") for _ in range(args.repeat)),
                                key=lambda r: r["seconds"])
            print(f"{mode}: {results[mode]}", file=sys.stderr)
        differences = same_graph(args.store, args.co_mentions)
    ours, theirs = results["gexf"], results["networkx"]
    ratios = {"seconds_project_over_baseline": results["project"]["seconds"] / results["baseline"]["seconds"],
              "peak_rss_project_over_baseline": results["project"]["peak_rss_mb"] / results["baseline"]["peak_rss_mb"],
              "seconds_gexf_over_networkx": ours["seconds"] / theirs["seconds"],
              "peak_rss_gexf_over_networkx": ours["peak_rss_mb"] / theirs["peak_rss_mb"],
              "peak_rss_nq_over_project": results["nq"]["peak_rss_mb"] / results["project"]["peak_rss_mb"]}
    if args.co_mentions:
        ratios["seconds_project_co_over_baseline_co"] = (results["project-co"]["seconds"]
                                                         / results["baseline-co"]["seconds"])
        ratios["peak_rss_project_co_over_baseline_co"] = (results["project-co"]["peak_rss_mb"]
                                                          / results["baseline-co"]["peak_rss_mb"])
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "export.json").write_text(json.dumps({"store": str(args.store), "replicate": args.replicate,
                                                 "results": results, "ratios": ratios,
                                                 "differences": differences},
                                                indent=2))
    print(f"graph: {ours['nodes']:,} nodes, {ours['edges']:,} edges; against the baseline "
          f"{differences['nodes_differing']} nodes and {differences['edges_differing']} edges differ\n")
    print("| export | seconds | peak RSS MB | output MB |")
    print("|---|---|---|---|")
    for mode, r in results.items():
        print(f"| {mode} | {r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | {r['output_mb']:.1f} |")
    print(f"\nproject/baseline: time {ratios['seconds_project_over_baseline']:.3f}, "
          f"peak memory {ratios['peak_rss_project_over_baseline']:.2f}")
    if args.co_mentions:
        print(f"with co-mentions, project/baseline: time {ratios['seconds_project_co_over_baseline_co']:.3f}, "
              f"peak memory {ratios['peak_rss_project_co_over_baseline_co']:.2f}")
    print(f"gexf/networkx: time {ratios['seconds_gexf_over_networkx']:.2f}, "
          f"peak memory {ratios['peak_rss_gexf_over_networkx']:.2f}; "
          f"nq dump peak memory / projection peak memory {ratios['peak_rss_nq_over_project']:.2f}")


if __name__ == "__main__":
    main()
