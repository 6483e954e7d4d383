"""Extraction on a Dask cluster: ``docgraph ingest --cluster tcp://SCHEDULER:8786``.

The NLP is the cost of an ingest (see README, "Scaling"), and ``--jobs`` stops at one machine's
cores. With ``--cluster`` the extraction (spaCy, entities, relations) runs on the workers of a
``dask.distributed`` cluster: each worker loads the model once (a worker plugin, so a worker that
joins later loads it too), takes batches of documents and sends back their extractions. This
process stays the one writer: it reads the files, skips what the store already holds, and
resolves and writes the extractions in input order, exactly as a local ingest does, so the graph
is the same.

Failure rules are the local ones. A worker that dies is one line; the scheduler gives its batches
to the others. A batch that kills workers again and again (Dask's ``KilledWorker``: a document that
crashes the process) is split and its documents tried one by one, so only the document at fault
is reported and skipped. A scheduler that cannot be reached, or is lost, is one line; what was
written is whole and running the same command again resumes.

``local`` or ``local:N`` starts a ``LocalCluster`` of N worker processes on this machine (tests,
benchmarks, trying it out). Workers need docgraph and its model installed (same version).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import DocgraphError
from .model import Extraction, SourceDocument
from .readers import ReadFailure

PLUGIN = "docgraph-extractor"
WATCH_EVERY = 2.0  # seconds between looks at the cluster's workers while waiting


class ClusterError(DocgraphError):
    """The Dask scheduler could not be reached or was lost."""


def _distributed():
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise ClusterError("--cluster needs dask.distributed: pip install 'distributed'") from exc
    return distributed


def _plugin_class():
    distributed = _distributed()

    class ExtractorPlugin(distributed.WorkerPlugin):
        """Loads the extractor once per worker process, when the worker starts or joins."""

        def __init__(self, model: str | None) -> None:
            self.model = model
            self.extractor = None
            self.lock = None

        def setup(self, worker) -> None:
            import threading

            from .extract import Extractor

            self.extractor = Extractor(self.model)
            # one pipeline per process: a worker started with several threads runs them in turn
            # (start workers with --nthreads 1 and as many processes as cores)
            self.lock = threading.Lock()

    return ExtractorPlugin


def _extract_batch(documents: list[SourceDocument]) -> list[Extraction | ReadFailure]:
    """Runs on a worker: the batch's extractions (or failures), in order."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN]
    with plugin.lock:
        return [ex for _, ex in plugin.extractor.extract_many(documents, batch_size=len(documents))]


class Cluster:
    """A connection to a Dask scheduler (or a LocalCluster this process started), with the
    extractor plugin registered on its workers. Use as a context manager."""

    def __init__(self, address: str, *, model: str | None = None, timeout: float = 10.0) -> None:
        distributed = _distributed()
        self.address = address
        self._local = None
        if "://" not in address and address != "local" and not address.startswith("local:"):
            raise ClusterError(f"--cluster {address!r}: give the address of a Dask scheduler "
                               "(tcp://HOST:8786), or local:N for N workers on this machine")
        try:
            if address == "local" or address.startswith("local:"):
                n = int(address.partition(":")[2] or 2)
                self._local = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                       dashboard_address="127.0.0.1:0", host="127.0.0.1")
                self.client = distributed.Client(self._local, timeout=timeout)
            else:
                self.client = distributed.Client(address, timeout=timeout)
        except ValueError as exc:
            raise ClusterError(f"--cluster {address!r}: give the address of a Dask scheduler "
                               f"(tcp://HOST:8786), or local:N ({exc})") from exc
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}): "
                               "is `dask scheduler` running there?") from exc
        self.client.register_plugin(_plugin_class()(model), name=PLUGIN)

    def workers(self) -> set[str]:
        return set(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def close(self) -> None:
        self.client.close()
        if self._local is not None:
            self._local.close()

    def __enter__(self) -> Cluster:  # noqa: PYI034
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def extractions(self, documents: Iterable[SourceDocument], *, batch_size: int = 8,
                    notify: Callable[[str], None] | None = None) -> Iterator[tuple[SourceDocument, Any]]:
        """(document, Extraction | ReadFailure) in input order. At most four batches per worker are in
        flight, so memory stays bounded however long the input; stopping early (Ctrl-C, an error
        in the writer) cancels what is queued."""
        distributed = _distributed()
        notify = notify or (lambda message: None)
        pending: deque = deque()  # (batch, future)
        known = self.workers()
        if known:
            notify(f"extracting on {len(known)} Dask worker{'s' if len(known) > 1 else ''} at {self.address}")
        else:
            notify(f"the Dask cluster at {self.address} has no workers yet: waiting for one")
        batch: list[SourceDocument] = []
        finished = False

        def submit(docs: list[SourceDocument]) -> None:
            pending.append((docs, self.client.submit(_extract_batch, docs, pure=False)))

        def window() -> int:
            # four batches per worker: one running, three queued, so a worker that finishes
            # early is not left idle behind a long batch the writer is still waiting for
            return max(4 * len(known), 4)

        def collect(docs: list[SourceDocument], future) -> list[tuple[SourceDocument, Any]]:
            last_look = time.monotonic()
            while True:
                try:
                    return list(zip(docs, future.result(timeout=WATCH_EVERY)))
                except TimeoutError:
                    pass
                except distributed.KilledWorker:
                    if len(docs) > 1:  # find the document at fault: one by one
                        notify(f"a batch of {len(docs)} documents killed workers: trying them one by one")
                        return [pair for d in docs for pair in collect([d], self.client.submit(
                            _extract_batch, [d], pure=False))]
                    return [(docs[0], ReadFailure(docs[0].source, "extraction killed the Dask workers it ran "
                                                  "on (out of memory?); skipped"))]
                except (OSError, distributed.client.FutureCancelledError) as exc:
                    raise ClusterError(f"lost the Dask scheduler at {self.address} ({type(exc).__name__}); "
                                       "what was written is whole: run the same command again") from exc
                if time.monotonic() - last_look >= WATCH_EVERY:
                    last_look = time.monotonic()
                    look()

        def look() -> None:
            """Say which workers left or joined since the last look."""
            nonlocal known
            try:
                now = self.workers()
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"lost the Dask scheduler at {self.address}; what was written "
                                   "is whole: run the same command again") from exc
            for gone in sorted(known - now):
                notify(f"Dask worker {gone} left the cluster: its documents go to the others")
            for new in sorted(now - known):
                notify(f"Dask worker {new} joined")
            known = now

        try:
            for document in documents:
                batch.append(document)
                if len(batch) >= batch_size:
                    submit(batch)
                    batch = []
                while len(pending) >= window():
                    yield from collect(*pending.popleft())
            if batch:
                submit(batch)
            while pending:
                yield from collect(*pending.popleft())
            finished = True
            look()  # a worker that left while no wait was long enough to look is still reported
        finally:
            if not finished:
                for _, future in pending:
                    future.cancel()
