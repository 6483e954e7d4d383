"""docgraph: documents in, a provenance-tracked RDF knowledge graph out.

The Python API mirrors the CLI::

    from docgraph import open_store, ingest, extract_file
    store = open_store("docgraph-store")
    report = ingest(["examples/corpus/"], store)
    for row in store.query("SELECT ?name WHERE { ?p a schema:Person; schema:name ?name }"):
        print(row["name"].value)
"""

__version__ = "0.1.0"

DEFAULT_BASE_URI = "http://127.0.0.1:8000"
DEFAULT_STORE = "docgraph-store"


def __getattr__(name: str):
    # Lazy: importing docgraph must not load spaCy or the store.
    if name in ("open_store", "GraphStore"):
        from . import store

        return getattr(store, name)
    if name in ("ingest", "extract_file", "IngestReport"):
        from . import ingestion as _ingest

        return getattr(_ingest, name)
    raise AttributeError(name)
