"""CSV for Gephi's spreadsheet import: a nodes file (Id, Label, …) and an edges file
(Source, Target, Type, Label, Weight, …)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

import networkx as nx

NODE_COLUMNS = ["type", "uri", "aliases", "documents", "first_seen", "last_seen", "degree", "pagerank",
                "betweenness", "community"]


def write(g: nx.MultiDiGraph, nodes_out: IO[str], edges_out: IO[str]) -> None:
    present = {name for _, data in g.nodes(data=True) for name in data}
    columns = [c for c in NODE_COLUMNS if c in present]
    w = csv.writer(nodes_out)
    w.writerow(["Id", "Label", *columns])
    for node, data in g.nodes(data=True):
        w.writerow([node, data.get("label", node), *("" if data.get(c) is None else data[c] for c in columns)])
    w = csv.writer(edges_out)
    w.writerow(["Source", "Target", "Type", "Label", "Weight", "relation", "evidence", "titles"])
    for s, o, key, data in g.edges(keys=True, data=True):
        w.writerow([s, o, "Directed", data.get("relation", key), data.get("weight", 1), data.get("relation", key),
                    data.get("evidence", 0), data.get("titles", "")])


def paths_for(output: str) -> tuple[Path, Path]:
    """``graph.csv`` → ``graph.nodes.csv`` and ``graph.edges.csv``."""
    p = Path(output)
    stem = p.name.removesuffix(".csv")
    return p.with_name(f"{stem}.nodes.csv"), p.with_name(f"{stem}.edges.csv")
