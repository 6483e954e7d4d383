"""Ingest: documents -> extraction -> resolution -> RDF -> store, one document graph at a time."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pyoxigraph import NamedNode, Quad
from spacy.tokens import Doc

from .decisions import Decided
from .extract import Extractor
from .merges import consolidate
from .model import Extraction, SourceDocument
from .name_index import NameIndex
from .rdf import document_uri, extraction_to_quads
from .readers import DEFAULT_MAX_BYTES, ReadFailure, iter_documents
from .reprints import ReprintIndex, fold_works
from .resolve import resolve
from .store import GraphStore
from .vocab import OWL

FLUSH_EVERY = 200  # documents between store flushes


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files (and attachments) of types not read
    entities: int = 0  # entity mentions written, summed over new documents
    quads: int = 0  # quads written
    merged: dict[str, str] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)  # URIs of documents written
    interrupted: bool = False  # stopped by Ctrl-C; what was written is whole

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
            ((_, ex),) = extractor.extract_many([item])
            yield ex if isinstance(ex, ReadFailure) else resolve(ex, store, base)


def default_jobs() -> int:
    """NLP worker processes by default: every core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


def ingest(
    paths: Iterable[str | Path],
    store: GraphStore | DocumentSink,
    *,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    batch_size: int = 16,
    limits: DocumentLimits | None = None,
    progress: Callable[[Progress], None] | None = None,
    extractor: Extractor | None = None,
    cluster: str | None = None,
    notify: Callable[[str], None] | None = None,
    absolute_paths: bool = False,
) -> IngestReport:
    """Ingest files and folders into ``store``. Unchanged documents (same content hash) are
    skipped; a changed file replaces its old graph. Bad input is reported, never raised.

    Documents stream through: the NLP runs in ``jobs`` worker processes (spaCy's ``n_process``)
    while this process resolves, builds RDF and writes, one transaction per document, so memory
    stays bounded by the batches in flight. Ctrl-C stops cleanly: every document written so far
    is whole, ``report.interrupted`` is set, and running the same ingest again resumes.

    With ``cluster`` (a Dask scheduler's address, or ``local:N``) the extraction runs on the
    cluster's workers instead (see ``cluster.py``); ``notify`` hears about workers leaving.
    The graph names each source relative to the path given (``absolute_paths``: by its absolute path).
    """
    report = IngestReport()
    done = 0
    stale_of: dict[str, list[str]] = {}
    sink = sink_for(store)

    def tell(source: str, status: str, entities: int = 0) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(Progress(done, source, status, entities))

    def todo() -> Iterator[SourceDocument]:
        """The documents that need NLP; read failures and unchanged ones are settled here."""
        for item in iter_documents(paths, max_bytes=max_bytes, ignored=report.ignored.append,
                                   absolute=absolute_paths):
            if isinstance(item, ReadFailure):
                report.failures.append(item)
                tell(item.source, "failed")
                continue
            uri = document_uri(sink.base_uri, item.content_hash)
            stale = [g for g in sink.graphs_for_source(item.source_key, item.source) if g != uri]
            if sink.has_graph(uri):
                for g in stale:  # a crash between write and drop left the old one
                    sink.remove_document(g)
                report.unchanged += 1
                tell(item.source, "unchanged")
            elif item.content_hash in stale_of:
                report.unchanged += 1  # the same text twice in one run
                tell(item.source, "unchanged")
            else:
                stale_of[item.content_hash] = stale
                yield item

    ctrl_c = _CtrlC()
    if cluster:
        from .cluster import Cluster

        workers = Cluster(cluster, model=model)
        pairs = workers.extractions(todo(), batch_size=batch_size, notify=notify)
    else:
        workers = None
        pairs = _extractions(extractor or Extractor(model), todo(), jobs, batch_size, limits or DocumentLimits(),
                             stop=ctrl_c)
    with ctrl_c, (workers or nullcontext()), closing(pairs):
        for document, ex in pairs:
            if ctrl_c.pressed:
                break
            if isinstance(ex, ReadFailure):
                report.failures.append(ex)
                stale_of[document.content_hash] = []
                tell(document.source, "failed")
                continue
            stale = stale_of.get(document.content_hash) or []
            stale_of[document.content_hash] = []  # written; still "seen" for duplicates later
            uri, written = sink.write_extraction(ex, stale)
            report.documents.append(uri)
            report.quads += written
            report.entities += len(ex.entities)
            if stale:
                report.replaced += 1
            else:
                report.new += 1
            tell(document.source, "replaced" if stale else "new", len(ex.entities))
            if len(report.documents) % FLUSH_EVERY == 0:
                sink.flush()  # lets the store drop its write-ahead log (else it grows with the run)
            if ctrl_c.pressed:
                break
        if ctrl_c.pressed:
            report.interrupted = True
            pairs.close()  # stops the workers; what they were doing is dropped
        # still under the Ctrl-C guard: a merge pass or a flush is never cut in half. It runs
        # whenever documents are pending, so one a killed ingest left is finished here
        report.merged = sink.consolidate()
        sink.flush()
    return report


class DocumentSink(Protocol):
    """What ingest needs of the place documents go. ``LocalWriter`` is one over a ``GraphStore``
    this process opened (embedded, or on a SPARQL server through its backend); ``ServedStore``
    (``handoff.py``) one that hands each extraction to the ``docgraph serve`` holding the store.
    Another kind of destination is one class with these methods."""

    base_uri: str

    def has_graph(self, uri: str) -> bool: ...

    def graphs_for_source(self, key: str, source: str | None = None) -> list[str]: ...

    def remove_document(self, uri: str) -> bool: ...

    def write_extraction(self, ex: Extraction, replaces: list[str]) -> tuple[str, int]: ...

    def consolidate(self) -> dict[str, str]: ...

    def flush(self) -> None: ...


class LocalWriter:
    """A ``DocumentSink`` over a ``GraphStore``: resolves each extraction against the store (its
    decisions, read once; its entities, read when the first document is written and kept up to
    date) and writes it (``write_extraction``)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.base_uri = store.base_uri
        self._decided: Decided | None = None
        self._index: NameIndex | None = None

    def has_graph(self, uri: str) -> bool:
        return self.store.has_graph(uri)

    def graphs_for_source(self, key: str, source: str | None = None) -> list[str]:
        return self.store.graphs_for_source(key, source)

    def remove_document(self, uri: str) -> bool:
        return self.store.remove_document(uri)

    def write_extraction(self, ex: Extraction, replaces: list[str]) -> tuple[str, int]:
        if self._decided is None:
            self._decided = Decided.load(self.store)
        if self._index is None:
            self._index = NameIndex.load(self.store)
        return write_extraction(self.store, ex, replaces, self._decided, self._index)

    def consolidate(self) -> dict[str, str]:
        return consolidate(self.store)

    def flush(self) -> None:
        self.store.flush()


def sink_for(store: GraphStore | DocumentSink) -> DocumentSink:
    """Where ingest writes: a sink as it is (it writes for itself), a ``GraphStore`` through a
    ``LocalWriter``."""
    return store if hasattr(store, "write_extraction") else LocalWriter(store)  # type: ignore[return-value]


def write_extraction(store: GraphStore, ex: Extraction, replaces: list[str],
                     decided: Decided | None = None, index: NameIndex | None = None) -> tuple[str, int]:
    """Resolve one document's extraction against the store (the merges and decisions it holds:
    ``decided``, read from the store when not given; its entities: ``index``, kept up to date
    here), turn it into RDF and write it as its own graph in one transaction (dropping the graphs
    it ``replaces``). Returns (URI, quads)."""
    resolve(ex, store, store.base_uri, decided, index)
    uri = document_uri(store.base_uri, ex.document.content_hash)
    ex.document.signature, ex.document.reprint_of = ReprintIndex.for_store(store).match(
        uri, ex.document.text, store, replaces)
    same = fold_works(ex, ex.document.reprint_of) if ex.document.reprint_of else []
    quads = extraction_to_quads(ex, store.base_uri)
    quads += [Quad(NamedNode(a), OWL.sameAs, NamedNode(b), NamedNode(uri)) for a, b in same]
    store.write_document(uri, quads, replaces=replaces)
    if index is not None:
        for e in ex.entities:
            index.seen(e.uri, e.type, e.name, {e.name, *e.aliases}, set(e.same_as), mentioned=bool(e.mentions))
    return uri, len(quads)


class _CtrlC:
    """While active, Ctrl-C (SIGINT) is noted instead of raised, so the ingest stops between two
    documents: never inside a store write, never inside spaCy's worker pipeline."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous = None

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum, frame) -> None:
        if multiprocessing.parent_process() is None:  # in forked NLP workers: ignore
            self.pressed = True

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


@dataclass(frozen=True)
class DocumentLimits:
    """What one document may cost to extract. A document past either is reported as one line and
    skipped; the rest go on. ``memory_mb`` bounds each extraction worker process (``--jobs`` 2 or
    more; a single job runs in this process, bounded in time only)."""

    seconds: float = 300.0  # DOCGRAPH_DOC_TIMEOUT
    memory_mb: int = 4096  # DOCGRAPH_DOC_MEMORY
    isolated: bool = False  # extract in worker processes even with one job (the CLI does)

    @classmethod
    def from_env(cls) -> DocumentLimits:
        try:
            return cls(float(os.environ.get("DOCGRAPH_DOC_TIMEOUT") or cls.seconds),
                       int(os.environ.get("DOCGRAPH_DOC_MEMORY") or cls.memory_mb), isolated=True)
        except ValueError:
            from .errors import DocgraphError

            raise DocgraphError("DOCGRAPH_DOC_TIMEOUT is seconds and DOCGRAPH_DOC_MEMORY megabytes, "
                                "e.g. 300 and 4096") from None


class _TooLong(Exception):
    pass


class _Stopped(Exception):
    """Raised in an extraction worker told to stop (SIGINT) in the middle of a batch."""


_STOP = {"asked": False, "in_batch": False}


def _on_stop(signum, frame) -> None:
    """A worker's SIGINT (the terminal's Ctrl-C, or ``_extractions`` stopping): the batch in hand
    is dropped and every later one returns at once, so the pool shuts down cleanly and soon.
    (Killing a worker instead can leave half a message in the pool's pipes, and the pool's own
    shutdown then waits for the rest for ever.)"""
    _STOP["asked"] = True
    if _STOP["in_batch"]:
        raise _Stopped


_DEADLINE = [float("inf")]


def _on_alarm(signum, frame) -> None:
    # The timer repeats: an exception raised while a finaliser runs (spaCy frees objects all the
    # time) is printed and lost, so the next tick raises it again until the document stops.
    if time.monotonic() >= _DEADLINE[0]:
        raise _TooLong


def _arm(seconds: float) -> None:
    _DEADLINE[0] = time.monotonic() + seconds
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)


def _disarm() -> None:
    _DEADLINE[0] = float("inf")
    signal.setitimer(signal.ITIMER_REAL, 0)


def _limited(extractor: Extractor, documents: list[SourceDocument], limits: DocumentLimits, *,
             parse_only: bool = False) -> list[tuple[SourceDocument, Extraction | ReadFailure | bytes]]:
    """Extract a batch within ``limits.seconds`` a document; when the batch runs over (or out of
    memory), each of its documents again on its own, so only the one at fault is skipped.
    ``parse_only``: the NLP alone, each ``Doc`` packed (``_pack``) for ``_finish`` to extract."""
    def run(batch: list[SourceDocument]) -> list:
        if parse_only:
            return [(d, _pack(doc)) for d, doc in extractor.parse_many(batch, batch_size=len(batch))]
        return list(extractor.extract_many(batch, batch_size=len(batch)))

    timed = threading.current_thread() is threading.main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        try:
            if timed:
                _arm(limits.seconds * len(documents))
            return run(documents)
        except (_TooLong, MemoryError):
            if timed:
                _disarm()
            if len(documents) == 1:
                raise
        out: list[tuple[SourceDocument, Extraction | ReadFailure]] = []
        for document in documents:
            try:
                if timed:
                    _arm(limits.seconds)
                out.extend(run([document]))
                if timed:
                    _disarm()
            except _TooLong:
                _disarm()
                out.append((document, ReadFailure(document.source, f"took longer than {limits.seconds:g} s to "
                                                  "extract (DOCGRAPH_DOC_TIMEOUT raises the limit)")))
            except MemoryError:
                if timed:
                    _disarm()
                out.append((document, ReadFailure(document.source, f"needed more than {limits.memory_mb:,} MB to "
                                                  "extract (DOCGRAPH_DOC_MEMORY raises the limit)")))
        return out
    except _TooLong:
        _disarm()
        (document,) = documents
        return [(document, ReadFailure(document.source, f"took longer than {limits.seconds:g} s to extract "
                                       "(DOCGRAPH_DOC_TIMEOUT raises the limit)"))]
    except MemoryError:
        (document,) = documents
        return [(document, ReadFailure(document.source, f"needed more than {limits.memory_mb:,} MB to extract "
                                       "(DOCGRAPH_DOC_MEMORY raises the limit)"))]
    finally:
        if timed:
            _disarm()
            signal.signal(signal.SIGALRM, previous)


_WORKER_EXTRACTOR: Extractor | None = None
_WORKER_LIMITS: DocumentLimits | None = None


def _extract_batch(documents: list[SourceDocument]) -> list[tuple[SourceDocument, Extraction | ReadFailure]] | None:
    return _stoppable(documents, parse_only=False)


def _parse_batch(documents: list[SourceDocument]) -> list[tuple[SourceDocument, bytes | ReadFailure]] | None:
    return _stoppable(documents, parse_only=True)


def _stoppable(documents: list[SourceDocument], *, parse_only: bool) -> list | None:
    """A worker's batch, or None once the worker was told to stop (``_on_stop``)."""
    if _STOP["asked"]:
        return None
    try:
        _STOP["in_batch"] = True
        return _limited(_WORKER_EXTRACTOR, documents, _WORKER_LIMITS or DocumentLimits(), parse_only=parse_only)
    except _Stopped:
        return None
    finally:
        _STOP["in_batch"] = False


def _pack(doc: Doc) -> bytes:
    """A parsed ``Doc`` as bytes for another process (its tensor is used by no one after the
    pipeline; zlib makes the pipe between the processes carry a fifth as much)."""
    return zlib.compress(doc.to_bytes(exclude=["tensor"]), 1)


def _finish(extractor: Extractor, document: SourceDocument, packed: bytes | ReadFailure,
            limits: DocumentLimits) -> Extraction | ReadFailure:
    """The extraction of a document the worker parsed (``_parse_batch``), here, within
    ``limits.seconds``: the same ``Doc`` and the same code as in the worker, so the same result."""
    if isinstance(packed, ReadFailure):
        return packed
    timed = threading.current_thread() is threading.main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        if timed:
            _arm(limits.seconds)
        return extractor.finish(document, Doc(extractor.nlp.vocab).from_bytes(zlib.decompress(packed)))
    except _TooLong:
        return ReadFailure(document.source, f"took longer than {limits.seconds:g} s to extract "
                                            "(DOCGRAPH_DOC_TIMEOUT raises the limit)")
    finally:
        if timed:
            _disarm()
            signal.signal(signal.SIGALRM, previous)


def _worker_start() -> None:
    # Ctrl-C: the parent stops between documents; a worker drops its batch (``_on_stop``)
    signal.signal(signal.SIGINT, _on_stop)
    _die_with_parent()
    if _WORKER_LIMITS is not None:
        _limit_memory(_WORKER_LIMITS.memory_mb)


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space at what it maps now plus ``megabytes``: past it,
    allocations fail (MemoryError) instead of the machine running out."""
    import resource

    try:
        with open("/proc/self/statm", "rb") as fh:
            mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    cap = mapped + megabytes * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        pass


def _die_with_parent() -> None:
    """A worker must not outlive an ingest that was killed (SIGKILL leaves no time to stop it):
    Linux's parent-death signal ends it with its parent."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        return
    if os.getppid() == 1:  # the parent died before the signal was set
        os._exit(1)


def _warm(extractor: Extractor, *, nlp_only: bool = False) -> None:
    """One small extraction before the workers fork: what loads on first use (lookup tables,
    the pipeline's lazy parts) is then shared, and never counted against a document's time.
    ``nlp_only``: the pipeline alone (a worker that only parses needs nothing else)."""
    sample = SourceDocument(text="Amnesty International met Kofi Annan in Geneva on 3 May 2005.\n", source="warm-up")
    if nlp_only:
        list(extractor.parse_many([sample], batch_size=1))
    else:
        list(extractor.extract_many([sample], batch_size=1))


def _extractions(extractor: Extractor, documents: Iterable[SourceDocument], jobs: int,
                 batch_size: int, limits: DocumentLimits,
                 stop: _CtrlC | None = None) -> Iterator[tuple[SourceDocument, Extraction]]:
    """(document, extraction) pairs in input order. With ``jobs`` > 1 the whole extraction (NLP,
    entities, relations) runs in forked worker processes that share the loaded model; at most a
    few documents per worker are in flight, so memory stays bounded however long the input.

    With one worker (``limits.isolated``), the worker runs the NLP alone and this process, which
    otherwise mostly waits for it, extracts from the parsed ``Doc`` (``_finish``) and writes: the
    two cores share the work, and the worker's is the NLP as bare spaCy runs it.

    ``stop``: once it is pressed (Ctrl-C) the pairs end within a moment, the workers' batches in
    hand dropped. A worker stopped on its own (the terminal's Ctrl-C reaches it too) presses it;
    with no ``stop`` that is a KeyboardInterrupt."""
    if jobs <= 1 and not limits.isolated:
        batch_in: list[SourceDocument] = []
        for document in documents:
            batch_in.append(document)
            if len(batch_in) >= batch_size:
                yield from _limited(extractor, batch_in, limits)
                batch_in = []
        if batch_in:
            yield from _limited(extractor, batch_in, limits)
        return
    global _WORKER_EXTRACTOR, _WORKER_LIMITS
    _WORKER_EXTRACTOR, _WORKER_LIMITS = extractor, limits
    split = jobs <= 1
    _warm(extractor, nlp_only=split)
    warmed = not split  # this process warms the rest (the gazetteer …) while the worker parses
    task = _parse_batch if split else _extract_batch
    pool = ProcessPoolExecutor(max(jobs, 1), mp_context=multiprocessing.get_context("fork"), initializer=_worker_start)
    pending: deque = deque()
    # batches in flight: every worker busy, one batch queued behind each; a worker that only
    # parses gets more, so this process's bursts (loading the store's indexes with the first
    # document, a flush every FLUSH_EVERY) never leave it waiting
    window = 4 if split else jobs * 2
    finished = False
    batch: list[SourceDocument] = []
    try:
        def results(future) -> list | None:
            """The batch's pairs; None when the ingest is stopping."""
            while not (stop and stop.pressed):
                try:
                    out = future.result(timeout=0.2)
                except TimeoutError:
                    continue
                except _Stopped:  # told to stop just as the batch returned
                    out = None
                if out is not None:
                    return out
                if stop is None:
                    raise KeyboardInterrupt
                stop.pressed = True
            return None

        def done(future) -> Iterator[tuple[SourceDocument, Extraction | ReadFailure]]:
            for document, result in results(future) or ():
                yield document, _finish(extractor, document, result, limits) if split else result

        for document in documents:
            if stop and stop.pressed:
                return
            batch.append(document)
            if len(batch) >= batch_size:  # the model runs best on batches, as in spaCy's own pipe
                pending.append(pool.submit(task, batch))
                batch = []
            if len(pending) >= window:
                if not warmed:
                    _warm(extractor)
                    warmed = True
                yield from done(pending.popleft())
        if batch:
            pending.append(pool.submit(task, batch))
        while pending and not (stop and stop.pressed):
            yield from done(pending.popleft())
        finished = not (stop and stop.pressed)
    finally:
        if not finished:  # stopped early (Ctrl-C, an error): the workers drop their batches
            for worker in multiprocessing.active_children():
                if worker.pid is not None:
                    os.kill(worker.pid, signal.SIGINT)
        # One shutdown that waits: shutdown(wait=False) forgets the pool's manager thread, which
        # then races the interpreter's exit hook over a pipe it closes ("Bad file descriptor").
        pool.shutdown(wait=True, cancel_futures=not finished)
        _WORKER_EXTRACTOR = _WORKER_LIMITS = None


def remove(store: GraphStore, ref: str) -> list[str]:
    """Drop the document(s) that ``ref`` names (path, path#id or document URI)."""
    uris = store.find_documents(ref)
    for uri in uris:
        store.remove_document(uri)
    store.flush()
    return uris
