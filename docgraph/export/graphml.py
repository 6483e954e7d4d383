"""GraphML through networkx, with every attribute a plain str/int/float (no None) so it reads back;
with ``dynamic``, ``start``/``end`` (the first and last day seen) and ``timeset`` (every period, in
Gephi's interval-set notation) on nodes and edges."""

from __future__ import annotations

from typing import IO

import networkx as nx

from .timeline import bounds, interval_set


def _plain(data: dict, dynamic: bool) -> dict:
    out = {k: v for k, v in data.items() if v is not None and k != "spells"}
    if dynamic:
        periods = data.get("spells") or []
        out["start"], out["end"] = bounds(periods)
        out["timeset"] = interval_set(periods)
    return out


def write(g: nx.MultiDiGraph, out: IO[bytes], *, dynamic: bool = False) -> None:
    clean = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        clean.add_node(node, **_plain(data, dynamic))
    for s, o, key, data in g.edges(keys=True, data=True):
        clean.add_edge(s, o, key=key, **_plain(data, dynamic))
    nx.write_graphml(clean, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
