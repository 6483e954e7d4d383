"""GEXF 1.3, written by hand so that Gephi opens it as is: the 1.3 namespaces, declared attribute
types, every declared attribute on every element (never None), a colour and size per node type,
XML-safe text, and (``dynamic``) spells on nodes and edges: the months they were seen in."""

from __future__ import annotations

import math
import re
from typing import IO
from xml.sax.saxutils import quoteattr

import networkx as nx

NS = "http://gexf.net/1.3"
COLOURS = {"Person": (228, 87, 46), "Organization": (41, 115, 178), "Place": (76, 161, 93),
           "Event": (155, 89, 182), "Work": (241, 196, 15), "Document": (140, 140, 140)}
NODE_ATTRS = [("type", "string"), ("uri", "string"), ("aliases", "string"), ("documents", "integer"),
              ("first_seen", "string"), ("last_seen", "string"), ("degree", "integer"), ("pagerank", "double"),
              ("betweenness", "double"), ("community", "integer")]
EDGE_ATTRS = [("relation", "string"), ("documents", "integer"), ("evidence", "integer"), ("titles", "string"),
              ("document_ids", "string"), ("sentence", "string"), ("sentence_document", "string")]
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _q(value: object) -> str:
    return quoteattr(_XML_ILLEGAL.sub("", str(value)))


def _spells(periods, indent: str) -> str:
    """``<spells>`` of (start, end) periods; "" when there are none."""
    if not periods:
        return ""
    inner = "".join(f'{indent}  <spell start={_q(a)} end={_q(b)}/>\n' for a, b in periods)
    return f"{indent}<spells>\n{inner}{indent}</spells>\n"


def _typed(value: object, kind: str) -> object:
    """A value of the declared type: 0 / 0.0 / "" stand in for a missing one, numpy becomes Python."""
    if kind == "integer":
        return int(value or 0)
    if kind == "double":
        return float(value or 0.0)
    return "" if value is None else value


def write(g: nx.MultiDiGraph, out: IO[str], *, dynamic: bool = False) -> None:
    present = {name for _, data in g.nodes(data=True) for name in data}
    node_attrs = [(n, t) for n, t in NODE_ATTRS if n in present]
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<gexf xmlns="{NS}" xmlns:viz="{NS}/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      f'xsi:schemaLocation="{NS} {NS}/gexf.xsd" version="1.3">\n')
    w('  <meta><creator>docgraph</creator><description>entities and the links extracted between them'
      '</description></meta>\n')
    mode = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    w(f'  <graph defaultedgetype="directed"{mode}>\n')
    w('    <attributes class="node">\n')
    for name, kind in node_attrs:
        w(f'      <attribute id="{name}" title="{name}" type="{kind}"/>\n')
    w('    </attributes>\n    <attributes class="edge">\n')
    for name, kind in EDGE_ATTRS:
        w(f'      <attribute id="{name}" title="{name}" type="{kind}"/>\n')
    w('    </attributes>\n    <nodes>\n')
    for node, data in g.nodes(data=True):
        w(f'      <node id={_q(node)} label={_q(data.get("label", node))}>\n        <attvalues>\n')
        for name, kind in node_attrs:
            w(f'          <attvalue for="{name}" value={_q(_typed(data.get(name), kind))}/>\n')
        w('        </attvalues>\n')
        if dynamic:
            w(_spells(data.get("spells"), "        "))
        r, gr, b = COLOURS.get(data.get("type", ""), (120, 120, 120))
        size = 4.0 + 4.0 * math.log1p(int(data.get("documents", 1) or 1))
        w(f'        <viz:color r="{r}" g="{gr}" b="{b}" a="1.0"/>\n'
          f'        <viz:size value="{size:.2f}"/>\n      </node>\n')
    w('    </nodes>\n    <edges>\n')
    for n, (s, o, key, data) in enumerate(g.edges(keys=True, data=True)):
        w(f'      <edge id="{n}" source={_q(s)} target={_q(o)} label={_q(data.get("relation", key))} '
          f'weight="{float(data.get("weight", 1))}">\n        <attvalues>\n')
        for name, kind in EDGE_ATTRS:
            w(f'          <attvalue for="{name}" value={_q(_typed(data.get(name), kind))}/>\n')
        w('        </attvalues>\n')
        if dynamic:
            w(_spells(data.get("spells"), "        "))
        w('      </edge>\n')
    w('    </edges>\n  </graph>\n</gexf>\n')
