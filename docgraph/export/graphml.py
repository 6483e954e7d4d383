"""GraphML through networkx, with every attribute a plain str/int/float (no None) so it reads back."""

from __future__ import annotations

from typing import IO

import networkx as nx


def write(g: nx.MultiDiGraph, out: IO[bytes]) -> None:
    clean = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        clean.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for s, o, key, data in g.edges(keys=True, data=True):
        clean.add_edge(s, o, key=key, **{k: v for k, v in data.items() if v is not None})
    nx.write_graphml(clean, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
