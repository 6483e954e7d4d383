"""A store copied K times into a new store, for benchmarks on stores larger than a corpus at hand
(bench_pages, bench_review, bench_export).

The source is dumped once as N-Quads; each copy is rewritten as text and given to Oxigraph's bulk
loader (minutes, not the hour that inserting quad by quad takes at ten million quads: the
804-article store, 775,000 quads, becomes 12.2 million with K = 16 in three to five minutes).
Copy 1 is the store as it is; in copy n a document's hash keeps 12 of its 16 digits and ends in n
(its IRI, every IRI under it, its graph and its ``dg:contentHash``), so each copy is a set of
distinct documents with URIs of the shape docgraph mints. The store's settings
(``urn:docgraph:meta``) are written once.

- ``shared_entities``: the copies mention the same entities, and the entity-level graphs (the
  entity graph, resolution) are written once: each entity is mentioned in K times as many
  documents (the most-mentioned of the 804, in 705 documents, in 11,280).
- otherwise entity URIs are renamed per copy (``…/id/person/x`` -> ``…/id/person/x-copy2``): K
  stores of the same shape side by side (each name then stands for K entities).
- ``keep``: only quads whose predicate IRI is in it (and the settings), for benchmarks that read
  a few properties of a large store.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path

_DOCUMENT = re.compile(r"(/id/document/[0-9a-f]{12})[0-9a-f]{4}")
_CONTENT = re.compile(r'("sha256:[0-9a-f]{12})[0-9a-f]{4}')
_ENTITY = re.compile(r"(/id/(?:person|organization|place|event|work)/[^/#>]+)")
_IN_DOCUMENT_GRAPH = re.compile(r"/id/document/[0-9a-f]{16}> \.$")
META = "<urn:docgraph:meta"


def replicate(src: Path | str, dst: Path | str, copies: int, *, shared_entities: bool = False,
              keep: Collection[str] | None = None) -> int:
    """Write ``copies`` copies of the store at ``src`` into a new store at ``dst`` (see the
    module's docstring); returns the number of quads written there."""
    from pyoxigraph import RdfFormat, Store

    src, dst = Path(src), Path(dst)
    source = Store.read_only(str(src))
    dst.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="replicate-", dir=dst.parent))
    dump = work / "source.nq"
    with dump.open("wb") as f:
        source.dump(f, RdfFormat.N_QUADS)
    del source
    wanted = None if keep is None else {f"<{p}>" for p in keep}
    target = Store(str(dst))
    written = 0
    try:
        for n in range(1, copies + 1):
            part = work / f"copy-{n}.nq"
            with dump.open(encoding="utf-8") as f, part.open("w", encoding="utf-8") as out:
                for line in f:
                    meta = META in line
                    if wanted is not None and not meta and line.split(" ", 2)[1] not in wanted:
                        continue
                    if n > 1:
                        if not _IN_DOCUMENT_GRAPH.search(line.rstrip()):
                            if shared_entities or meta:
                                continue  # entity-level graphs once
                        else:
                            line = _CONTENT.sub(rf"\g<1>{n:04x}", _DOCUMENT.sub(rf"\g<1>{n:04x}", line))
                        if not shared_entities:
                            line = _ENTITY.sub(rf"\g<1>-copy{n}", line)
                    out.write(line)
                    written += 1
            target.bulk_load(path=str(part), format=RdfFormat.N_QUADS)
            part.unlink()
            print(f"copy {n} of {copies} loaded ({written:,} quads written)", file=sys.stderr)
        target.flush()
    finally:
        dump.unlink(missing_ok=True)
        for left in work.iterdir():
            left.unlink()
        work.rmdir()
    return len(target)
