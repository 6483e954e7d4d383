"""CSV for Gephi's spreadsheet import: a nodes file (Id, Label, …) and an edges file
(Source, Target, Type, Label, Weight, …); with ``dynamic``, ``start``, ``end`` and ``timeset``
columns on both (see ``timeline.py``)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

import networkx as nx

from .timeline import bounds, interval_set

EDGE_COLUMNS = ["documents", "evidence", "titles", "document_ids", "sentence", "sentence_document"]
NODE_COLUMNS = ["type", "uri", "aliases", "documents", "first_seen", "last_seen", "degree", "pagerank",
                "betweenness", "community"]


def _time(data: dict, dynamic: bool) -> list[str]:
    if not dynamic:
        return []
    periods = data.get("spells") or []
    return [*bounds(periods), interval_set(periods)]


def write(g: nx.MultiDiGraph, nodes_out: IO[str], edges_out: IO[str], *, dynamic: bool = False) -> None:
    present = {name for _, data in g.nodes(data=True) for name in data}
    columns = [c for c in NODE_COLUMNS if c in present]
    time_columns = ["start", "end", "timeset"] if dynamic else []
    w = csv.writer(nodes_out)
    w.writerow(["Id", "Label", *columns, *time_columns])
    for node, data in g.nodes(data=True):
        w.writerow([node, data.get("label", node), *("" if data.get(c) is None else data[c] for c in columns),
                    *_time(data, dynamic)])
    w = csv.writer(edges_out)
    w.writerow(["Source", "Target", "Type", "Label", "Weight", "relation", *EDGE_COLUMNS, *time_columns])
    for s, o, key, data in g.edges(keys=True, data=True):
        w.writerow([s, o, "Directed", data.get("relation", key), data.get("weight", 1), data.get("relation", key),
                    *("" if data.get(c) is None else data[c] for c in EDGE_COLUMNS), *_time(data, dynamic)])


def paths_for(output: str) -> tuple[Path, Path]:
    """``graph.csv`` → ``graph.nodes.csv`` and ``graph.edges.csv``."""
    p = Path(output)
    stem = p.name.removesuffix(".csv")
    return p.with_name(f"{stem}.nodes.csv"), p.with_name(f"{stem}.edges.csv")
