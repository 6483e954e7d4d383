"""The bulk path: documents -> N-Quads files, one shard per machine, for a server's own bulk loader.

For corpora where even the one writer of ``docgraph ingest`` is the limit (README, "Scaling"), each
machine runs ``docgraph extract CORPUS --format nq --shard I/N -o shard-I.nq``: it extracts its
share of the documents (chosen by content hash, so shards never overlap and a document always
lands in the same one, whatever the order of the files) and writes each document's graph as
N-Quads, resolved within the document only. The files are then loaded by the server's bulk loader
(Oxigraph ``oxigraph load``, Virtuoso ``ld_dir`` + ``rdf_loader_run()``, QLever's index builder).

What this skips, against ``docgraph ingest``: resolution against the store (a lone surname or an
acronym linked to the one entity the store knows by that name, merges and keep-apart decisions
recorded earlier), the short-name merge pass after the ingest, and the replace-a-changed-file
rule. Entity URIs are still minted from canonical names, so the same name in two shards is one
node; the rest is done afterwards by ``docgraph review`` over the loaded server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pyoxigraph import Literal, Quad, RdfFormat, serialize

from .errors import DocgraphError
from .model import SourceDocument
from .readers import DEFAULT_MAX_BYTES, ReadFailure, iter_documents

if TYPE_CHECKING:
    from .ingestion import DocumentLimits


@dataclass
class ShardReport:
    documents: int = 0
    quads: int = 0
    skipped: int = 0  # documents of other shards
    failures: list[ReadFailure] = field(default_factory=list)


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` (0 <= I < N) as (I, N)."""
    i, sep, n = text.partition("/")
    try:
        shard, shards = int(i), int(n)
    except ValueError:
        shard, shards = -1, 0
    if not sep or shards < 1 or not 0 <= shard < shards:
        raise DocgraphError(f"--shard {text!r}: give I/N with 0 <= I < N, e.g. 0/4")
    return shard, shards


def in_shard(document: SourceDocument, shard: int, shards: int) -> bool:
    return int(document.content_hash[:12], 16) % shards == shard


def write_shard(paths: Iterable[str | Path], out: IO[bytes], base: str, *, shard: tuple[int, int] = (0, 1),
                model: str | None = None, jobs: int = 1, max_bytes: int = DEFAULT_MAX_BYTES,
                progress: Callable[[int], None] | None = None, limits: DocumentLimits | None = None) -> ShardReport:
    """Extract this shard's documents of ``paths`` and write their graphs to ``out`` as N-Quads,
    one document after another (memory bounded by the batches in flight). The store's base URI
    goes in too (``urn:docgraph:meta``), so a server loaded with the shards is a docgraph store.
    ``limits``: what one document may cost to extract (as for ingest)."""
    from .extract import Extractor
    from .ingestion import DocumentLimits, _extractions
    from .rdf import extraction_to_quads
    from .reprints import encode, signature
    from .resolve import resolve
    from .store import META_GRAPH, META_SUBJECT
    from .vocab import DG

    report = ShardReport()
    seen: set[str] = set()

    def mine() -> Iterator[SourceDocument]:
        for item in iter_documents(paths, max_bytes=max_bytes):
            if isinstance(item, ReadFailure):
                report.failures.append(item)
            elif not in_shard(item, *shard) or item.content_hash in seen:
                report.skipped += 1
            else:
                seen.add(item.content_hash)
                yield item

    out.write(serialize([Quad(META_SUBJECT, DG.baseUri, Literal(base), META_GRAPH)], format=RdfFormat.N_QUADS))
    for document, ex in _extractions(Extractor(model), mine(), jobs, 16, limits or DocumentLimits()):
        if isinstance(ex, ReadFailure):
            report.failures.append(ex)
            continue
        # the signature later ingests compare with (reprints are linked by ingest, not in shards)
        ex.document.signature = encode(signature(ex.document.text))
        quads = extraction_to_quads(resolve(ex, None, base), base)
        out.write(serialize(quads, format=RdfFormat.N_QUADS))
        report.documents += 1
        report.quads += len(quads)
        if progress:
            progress(report.documents)
    return report
