"""Ingest: documents -> extraction -> resolution -> RDF -> store, one document graph at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .extract import Extractor
from .model import Extraction, SourceDocument
from .rdf import document_uri, extraction_to_quads
from .readers import DEFAULT_MAX_BYTES, ReadFailure, iter_documents
from .resolve import consolidate, resolve
from .store import GraphStore


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    entities: int = 0  # entity mentions written, summed over new documents
    quads: int = 0  # quads written
    merged: dict[str, str] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)  # URIs of documents written

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class Progress:
    """What a progress display is told after each document."""

    done: int
    source: str
    status: str  # "new", "unchanged", "replaced", "failed"
    entities: int


def extract_file(path: str | Path, *, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 base_uri: str | None = None, store: GraphStore | None = None) -> Iterator[Extraction | ReadFailure]:
    """What would be stored for ``path``, without writing anything."""
    from . import DEFAULT_BASE_URI

    extractor = Extractor(model)
    base = base_uri or (store.base_uri if store else DEFAULT_BASE_URI)
    for item in iter_documents([path], max_bytes=max_bytes):
        if isinstance(item, ReadFailure):
            yield item
        else:
            yield resolve(extractor.extract(item), store, base)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    batch_size: int = 32,
    progress: Callable[[Progress], None] | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``. Unchanged documents (same content hash) are
    skipped; a changed file replaces its old graph. Bad input is reported, never raised."""
    report = IngestReport()
    extractor = extractor or Extractor(model)
    done = 0

    def tell(source: str, status: str, entities: int = 0) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(Progress(done, source, status, entities))

    for batch in _batches(iter_documents(paths, max_bytes=max_bytes), batch_size):
        todo: list[tuple[SourceDocument, list[str]]] = []
        for item in batch:
            if isinstance(item, ReadFailure):
                report.failures.append(item)
                tell(item.source, "failed")
                continue
            uri = document_uri(store.base_uri, item.content_hash)
            stale = [g for g in store.graphs_for_source(item.source) if g != uri]
            if store.has_graph(uri):
                for g in stale:  # a crash between write and drop left the old one
                    store.remove_document(g)
                report.unchanged += 1
                tell(item.source, "unchanged")
            elif any(d.content_hash == item.content_hash for d, _ in todo):
                report.unchanged += 1  # the same text twice in one run
                tell(item.source, "unchanged")
            else:
                todo.append((item, stale))
        if not todo:
            continue
        stale_of = {d.content_hash: s for d, s in todo}  # documents come back pickled with jobs > 1
        for document, ex in extractor.extract_many((d for d, _ in todo), n_process=jobs):
            resolve(ex, store, store.base_uri)
            quads = extraction_to_quads(ex, store.base_uri)
            uri = document_uri(store.base_uri, document.content_hash)
            stale = stale_of[document.content_hash]
            store.write_document(uri, quads, replaces=stale)
            report.documents.append(uri)
            report.quads += len(quads)
            report.entities += len(ex.entities)
            if stale:
                report.replaced += 1
            else:
                report.new += 1
            tell(document.source, "replaced" if stale else "new", len(ex.entities))
    if report.documents:
        report.merged = consolidate(store)
    store.flush()
    return report


def remove(store: GraphStore, ref: str) -> list[str]:
    """Drop the document(s) that ``ref`` names (path, path#id or document URI)."""
    uris = store.find_documents(ref)
    for uri in uris:
        store.remove_document(uri)
    store.flush()
    return uris
