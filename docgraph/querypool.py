"""SPARQL evaluated in worker processes that can be stopped.

pyoxigraph cannot interrupt a query, and a thread cannot be killed: a runaway query left in a
thread keeps its CPU and memory until it ends, if ever. So ``docgraph serve`` evaluates every
SPARQL query (the endpoint's and the canned ones) in a small pool of worker processes, each
holding a read-only handle on the store:

- a query past its deadline, or past the memory cap, is stopped by killing its worker; a fresh
  worker takes the slot (it starts in a fraction of a second, while the client gets its 503);
- a worker that grew big answering a large query is replaced afterwards, so memory goes back;
- a read-only handle sees the store as it was when opened, so the server counts its writes
  (``generation``) and a worker reopens its handle before the first query after a write;
- a worker cannot open network sockets (a seccomp filter on Linux): whatever a query says, the
  worker sends no request anywhere (the guard refuses ``SERVICE`` before; this is the floor).

The worker answers with the result already written in the requested format, so the server only
copies bytes. The pool's ``tasks`` (``QueryPool.task``) run other read-only work in the same
workers, in line with the queries: the server computes its entity and document pages there
(``serve/pages.py``), on every core, its event loop never waiting for one. Workers are ready
before they take a request (the store opened, the tasks' code loaded).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ctypes
import multiprocessing
import os
import signal
import struct
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import QueryError, StoreError
from .queries import NotWritable, QueryBusy, QueryTimeout, ResultTooLarge

MB = 1024 * 1024
READY_WAIT = 60.0  # seconds a new worker may take to open the store and load what it needs


@dataclass
class Request:
    sparql: str
    formats: dict[str, str]  # result kind ("select", "ask", "graph") -> format key (queries.RESULT_FORMATS…)
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    max_results: int | None = None
    max_bytes: int | None = None
    generation: int = 0
    base_iri: str | None = None  # relative IRIs resolve against it (the endpoint's URL)


@dataclass
class Answer:
    kind: str  # "select", "ask" or "graph"
    format: str  # the format key the body is written in
    body: bytes
    count: int  # rows or triples


# -- the worker side -----------------------------------------------------------------------------

def deny_network() -> bool:
    """Forbid this process from creating IPv4/IPv6 sockets (seccomp filter; Linux x86-64 and
    arm64). Local pipes and Unix sockets still work. Returns whether the filter is in place."""
    if not sys.platform.startswith("linux"):
        return False
    import platform

    arch = {"x86_64": (0xC000003E, (41, 0x40000000 + 41)), "aarch64": (0xC00000B7, (198,))}.get(platform.machine())
    if arch is None:
        return False
    audit_arch, socket_nrs = arch
    ld_w_abs, jeq_k, ret_k = 0x20, 0x15, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW; SECCOMP_RET_ERRNO | EACCES
    prog: list[tuple[int, int, int, int]] = [(ld_w_abs, 0, 0, 4)]  # the architecture
    n = len(socket_nrs)
    # instruction layout: [0] ld arch, [1] jeq arch, [2] ld nr, [3..3+n) jeq nr, [3+n] ret allow,
    # [4+n] ld arg0, [5+n] jeq AF_INET, [6+n] jeq AF_INET6, [7+n] ret allow, [8+n] ret deny
    allow_at, arg_at, deny_at = 3 + n, 4 + n, 8 + n
    prog.append((jeq_k, 0, allow_at - 2, audit_arch))
    prog.append((ld_w_abs, 0, 0, 0))  # the system call number
    for i, nr in enumerate(socket_nrs):
        here = 3 + i
        prog.append((jeq_k, arg_at - here - 1, 0, nr))
    prog.append((ret_k, 0, 0, allow))
    prog.append((ld_w_abs, 0, 0, 16))  # the first argument (the address family), low word
    prog.append((jeq_k, deny_at - (5 + n) - 1, 0, 2))  # AF_INET
    prog.append((jeq_k, deny_at - (6 + n) - 1, 0, 10))  # AF_INET6
    prog.append((ret_k, 0, 0, allow))
    prog.append((ret_k, 0, 0, deny))
    filters = b"".join(struct.pack("HBBI", *ins) for ins in prog)
    buf = ctypes.create_string_buffer(filters)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.addressof(buf))
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
    except (OSError, AttributeError):
        return False


def _open(path: str):
    from .store import GraphStore

    return GraphStore(path, read_only=True)  # retried while a writer replaces its files


_STALE = ("No such file", "Corruption", "IO error")


def _worker_main(conn, store_path: str, generation: int = -1, tasks=None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    _die_with_parent()
    deny_network()
    from .queries import evaluate, serialize

    store = None
    try:  # ready before the first request (whose deadline would count this): the store open, the tasks' setup
        store = _open(store_path)
        if tasks is not None:
            tasks(store, None)
    except Exception:  # noqa: BLE001 - opened again by the first request, which then says what is wrong
        store, generation = None, -1
    try:
        conn.send(("ready",))
    except (OSError, ValueError):
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            for attempt in range(6):
                try:
                    if store is None or request.generation != generation:
                        if store is not None:
                            store.close()
                        store, generation = None, -1
                        store, generation = _open(store_path), request.generation
                    if not isinstance(request, Request):  # a task of the caller's (``QueryPool.task``)
                        result = tasks(store, request)
                    else:
                        result = evaluate(store, request.sparql, default_graphs=request.default_graphs,
                                          named_graphs=request.named_graphs, max_results=request.max_results,
                                          max_bytes=request.max_bytes, base_iri=request.base_iri)
                    break
                except (QueryError, StoreError, OSError, RuntimeError) as exc:  # RocksDB: RuntimeError
                    # the writer replaced a file this snapshot names (compaction, a new MANIFEST):
                    # a moment later, a new snapshot reads
                    if attempt == 5 or not any(w in str(exc) for w in _STALE):
                        raise
                    store, generation = None, -1
                    time.sleep(0.05 * 2 ** attempt)
            if not isinstance(request, Request):
                answer = ("ok", result)
                del result
                conn.send(answer)
                continue
            fmt = request.formats.get(result.kind)
            if fmt is None:
                answer = ("unacceptable", result.kind)
            else:
                body = serialize(result, fmt)
                if request.max_bytes is not None and len(body) > request.max_bytes:
                    raise ResultTooLarge(f"the result is larger than {request.max_bytes:,} bytes: add a LIMIT, "
                                         "select fewer or shorter values, or narrow the query")
                count = len(result.rows if result.rows is not None else result.triples or [])
                answer = ("ok", Answer(result.kind, fmt, body, count))
            del result
        except QueryError as exc:
            answer = ("error", type(exc).__name__, str(exc))
        except Exception as exc:  # noqa: BLE001 - one line for the client, the worker goes on
            answer = ("error", "QueryError", f"query failed: {exc}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:
        os._exit(1)


# -- the server side -----------------------------------------------------------------------------

def _trim_heap() -> None:
    """Hand freed heap memory back to the system (glibc keeps it otherwise)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Worker:
    def __init__(self, ctx, store_path: str, generation: int = -1, tasks=None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path, generation, tasks), daemon=True,
                                   name="docgraph-query")
        self.process.start()
        child.close()
        self._killing = threading.Lock()
        self.killed = False
        self.extra = False  # started for one request while every regular worker was busy
        self.baseline = 0  # resident bytes after its first query
        self.idle_since = 0.0

    def ready(self) -> _Worker:
        """Wait until it has opened the store (a worker that never says so is seen to be gone by
        its first request)."""
        try:
            if self.conn.poll(READY_WAIT):
                self.conn.recv()
        except (EOFError, OSError):
            pass
        return self

    def kill(self) -> None:
        """Once, whichever threads ask (the pool closing while another thread retires it: a
        second close of the pipe would close whatever file took its number meanwhile)."""
        with self._killing:
            if self.killed:
                return
            self.killed = True
        try:
            self.process.kill()
        except (OSError, ValueError, AttributeError):
            pass
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """``size`` worker processes answering SPARQL over the store at ``store_path``.

    ``await pool.run(request, timeout)`` waits for a free worker (``QueryBusy`` after
    ``queue_wait`` seconds), evaluates in it and returns an ``Answer``; ``QueryTimeout`` when
    the deadline passes (the worker is killed and replaced), ``ResultTooLarge`` past the caps,
    ``QueryError`` for anything the query did wrong. ``bump()`` after every write to the store."""

    def __init__(self, store_path: str | Path, size: int = 4, *, max_memory: int = 2048 * MB,
                 recycle_memory: int = 512 * MB, queue_wait: float = 10.0, cache_bytes: int = 64 * MB,
                 tasks=None) -> None:
        self.store_path = str(store_path)
        self.tasks = tasks
        self.size = size
        self.max_memory = max_memory
        self.recycle_memory = recycle_memory
        self.queue_wait = queue_wait
        self.generation = 0
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.cache = AnswerCache(cache_bytes)
        self.overflow_after = 1.0
        self._extra = 0
        self._running: dict[tuple, asyncio.Future] = {}
        # workers are started from this one thread, which lives as long as the pool: a worker
        # dies with the thread that started it (PR_SET_PDEATHSIG), and the threads that retire
        # workers end at once
        self._spawner = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="docgraph-query-spawn")

    def bump(self) -> None:
        """The store changed: workers reopen their handle before their next query, and no answer
        computed before is given again."""
        self.generation += 1
        self.cache.clear()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = await self._loop.run_in_executor(
            self._spawner, lambda: [w.ready() for w in [self._spawn(wait=False) for _ in range(self.size)]])
        for w in workers:
            self._idle.put_nowait(w)
        self._janitor = asyncio.create_task(self._tidy())

    async def _tidy(self) -> None:
        """Once the load has passed, give memory back: a worker idle for two seconds that grew
        well past its size after its first query is replaced by a fresh one, and this process
        returns freed heap to the system."""
        idle_rounds = 0
        while not self._closed:
            await asyncio.sleep(1.0)
            assert self._idle is not None
            now = time.monotonic()
            everyone_idle = self._idle.qsize() == self.size and not self._running
            idle_rounds = idle_rounds + 1 if everyone_idle else 0
            keep = []
            while not self._idle.empty():
                w = self._idle.get_nowait()
                grown = w.baseline and _rss(w.process.pid) > w.baseline * 1.25 + 16 * MB
                if grown and now - w.idle_since >= 2.0:
                    threading.Thread(target=self._retire, args=(w,), daemon=True).start()
                else:
                    keep.append(w)
            for w in keep:
                self._idle.put_nowait(w)
            if idle_rounds == 3:
                _trim_heap()

    def _spawn(self, wait: bool = True) -> _Worker:
        w = _Worker(self._ctx, self.store_path, self.generation, self.tasks)
        with self._lock:
            self._all.add(w)
        return w.ready() if wait else w

    async def _worker(self) -> _Worker:
        """An idle worker. When every one has been busy for ``overflow_after`` seconds (runaway
        queries holding them until their deadline), an extra one is started for this request, up
        to ``size`` extra at once: a simple query is still answered while they run."""
        assert self._idle is not None
        try:
            return await asyncio.wait_for(self._idle.get(), self.overflow_after)
        except TimeoutError:
            pass
        if self._extra < self.size:
            self._extra += 1
            try:
                w = await asyncio.get_running_loop().run_in_executor(self._spawner, self._spawn)
            except BaseException:
                self._extra -= 1
                raise
            w.extra = True
            return w
        try:
            return await asyncio.wait_for(self._idle.get(), max(self.queue_wait - self.overflow_after, 0.1))
        except TimeoutError:
            raise QueryBusy(f"all {self.size * 2} query slots are busy; try again in a moment") from None

    def _retire(self, w: _Worker, replace: bool = True) -> None:
        """Kill ``w`` and (unless it was an extra one) put a fresh worker in its place, without
        making the caller wait."""
        with self._lock:
            self._all.discard(w)
        w.kill()
        if self._closed or not replace:
            return
        try:
            fresh = self._spawner.submit(self._spawn).result()
        except RuntimeError:  # the pool closed meanwhile
            return
        assert self._loop is not None and self._idle is not None
        self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

    async def run(self, request: Request, timeout: float) -> Answer:
        """The answer: from the cache while the store has not changed since it was computed, from
        the same evaluation when an identical request is running, else from a worker."""
        key = (self.generation, request.sparql, tuple(request.default_graphs or ()),
               tuple(request.named_graphs or ()), tuple(sorted(request.formats.items())), request.max_results,
               request.max_bytes, request.base_iri)
        found = self.cache.get(key)
        if found is not None:
            return found
        running = self._running.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            answer = await self._evaluate(request, timeout)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        else:
            future.set_result(answer)
            if key[0] == self.generation:
                self.cache.put(key, answer)
            return answer
        finally:
            del self._running[key]

    async def task(self, request, timeout: float) -> Any:
        """What the pool's ``tasks(store, request)`` returns, computed in a worker (the server's
        pages: ``request`` has a ``generation`` field): in line with the queries, under the same
        deadline and memory cap, over a snapshot of the store as fresh as the queries'."""
        return await self._evaluate(request, timeout)

    async def _evaluate(self, request, timeout: float) -> Any:
        if self._idle is None:
            await self.start()
        assert self._idle is not None
        try:
            w = await asyncio.wait_for(self._idle.get(), self.queue_wait)
        except TimeoutError:
            raise QueryBusy(f"all {self.size} query slots are busy; try again in a moment") from None
        request.generation = self.generation
        keep = False
        try:
            reply = await asyncio.to_thread(self._call, w, request, timeout)
            keep = True
        finally:
            if w.extra:
                self._extra -= 1
                threading.Thread(target=self._retire, args=(w, False), daemon=True).start()
            elif keep and w.process.is_alive() and _rss(w.process.pid) < self.recycle_memory:
                if w.baseline == 0:
                    w.baseline = _rss(w.process.pid)
                w.idle_since = time.monotonic()
                self._idle.put_nowait(w)
            else:
                threading.Thread(target=self._retire, args=(w,), daemon=True).start()
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "unacceptable":
            raise NotAcceptable(reply[1])
        _, name, message = reply
        raise {"ResultTooLarge": ResultTooLarge, "QueryTimeout": QueryTimeout,
               "NotWritable": NotWritable}.get(name, QueryError)(message)

    def _call(self, w: _Worker, request: Request, timeout: float) -> Any:
        """Send one request and wait for the answer, watching the clock and the memory."""
        deadline = time.monotonic() + timeout
        try:
            w.conn.send(request)
        except (OSError, ValueError):
            raise QueryError("the query worker was not available; try again") from None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(f"the query ran past the {timeout:g}s timeout and was stopped")
            try:
                if w.conn.poll(min(left, 0.1)):
                    return w.conn.recv()
            except (EOFError, OSError):
                raise QueryError("the query stopped its worker (it is replaced); the query cannot be answered") \
                    from None
            if not w.process.is_alive():
                raise QueryError("the query stopped its worker (it is replaced); the query cannot be answered")
            if _rss(w.process.pid) > self.max_memory:
                raise ResultTooLarge(f"the query needed more than {self.max_memory // MB:,} MB of memory and was "
                                     "stopped: narrow it or add a LIMIT")

    def close(self) -> None:
        self._closed = True
        if getattr(self, "_janitor", None) is not None:
            self._janitor.cancel()
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
        self._spawner.shutdown(wait=False)


class AnswerCache:
    """Answers by request, up to ``capacity`` bytes of bodies, least recently used first out.
    Emptied whenever the store changes (``QueryPool.bump``)."""

    def __init__(self, capacity: int) -> None:
        from collections import OrderedDict

        self.capacity, self.size = capacity, 0
        self._items: OrderedDict[tuple, Answer] = OrderedDict()

    def get(self, key: tuple) -> Answer | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: tuple, answer: Answer) -> None:
        size = len(answer.body)
        if size > self.capacity // 8 or key in self._items:
            return
        self._items[key] = answer
        self.size += size
        while self.size > self.capacity:
            _, old = self._items.popitem(last=False)
            self.size -= len(old.body)

    def clear(self) -> None:
        self._items.clear()
        self.size = 0


class NotAcceptable(QueryError):
    """The result's kind has no format the client accepts (``args[0]``: the kind)."""

    @property
    def kind(self) -> str:
        return str(self.args[0])
