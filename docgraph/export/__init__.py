"""Exports: the store as a property graph for Gephi (GEXF, GraphML, CSV) or as RDF dumps.

``project.graph(store, options)`` turns the RDF into a networkx graph (entities as nodes, the
extracted links as edges, roles folded into edge attributes); ``gexf``, ``graphml`` and ``tables``
write it; ``rdf`` streams the store itself. One small module per format.
"""

GRAPH_FORMATS = ("gexf", "graphml", "csv")
RDF_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld")
