"""Start and stop `docgraph serve` the way a user does, in its own process, on a free port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, port: int, *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgraph", "--store", str(store), "serve", "--port", str(port),
         "--log-level", "warning", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"docgraph serve exited: {proc.stderr.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("docgraph serve did not start within 60 s")


def stop_server(proc: subprocess.Popen) -> str:
    """Ctrl-C, as a user stops it; returns what it wrote on stderr."""
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def oxigraph_binary() -> str:
    """The `oxigraph` CLI the `oxigraph` package installs beside this interpreter."""
    import shutil

    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def start_oxigraph(location: Path, port: int, *extra: str, command: str = "serve") -> subprocess.Popen:
    """The reference server, `oxigraph serve` (or `serve-read-only`), on loopback, until it answers."""
    binary = oxigraph_binary()
    if not Path(binary).exists():
        raise RuntimeError("the oxigraph server is missing: pip install -e '.[test]'")
    proc = subprocess.Popen([binary, command, "--location", str(location), "--bind", f"127.0.0.1:{port}", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"}, timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("oxigraph serve did not start within 30 s")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {root}/virtuoso.db
ErrorLogFile = {root}/virtuoso.log
LockFile = {root}/virtuoso.lck
TransactionFile = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {root}/virtuoso-temp.db
TransactionFile = {root}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {root}
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {root}
ServerThreads = 10
MaxClientConnections = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
; docgraph reads whole results: the stock 10,000-row cap would cut them (docgraph refuses a cut result)
ResultSetMaxRows = 1000000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


class Virtuoso:
    """A private Virtuoso (Debian's ``virtuoso-opensource``): its own database folder and ini,
    loopback ports, a random dba password; ``env`` is what docgraph needs to write to it."""

    def __init__(self, root: Path, *, buffers: int = 20_000) -> None:
        import secrets
        import shutil

        self.binary = shutil.which("virtuoso-t")
        if not self.binary:
            raise FileNotFoundError("virtuoso-t")
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.http_port, self.sql_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.password = secrets.token_urlsafe(16)
        (self.root / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
            root=self.root, sql_port=self.sql_port, http_port=self.http_port, buffers=buffers,
            dirty=buffers * 3 // 4), encoding="utf-8")
        self.proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return {"DOCGRAPH_STORE_KIND": "virtuoso", "DOCGRAPH_STORE_USER": "dba",
                "DOCGRAPH_STORE_PASSWORD": self.password, "DOCGRAPH_STORE_AUTH": "digest"}

    def start(self) -> Virtuoso:
        self.proc = subprocess.Popen([self.binary, "+configfile", str(self.root / "virtuoso.ini"), "+foreground"],
                                     cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.root / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso-t exited: {log}")
            try:
                httpx.get(f"{self.url}/sparql", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("Virtuoso did not start within 90 s")
        if (self.root / ".password").exists():
            self.password = (self.root / ".password").read_text().strip()
        else:  # a new database: dba/dba until changed
            subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                            f"exec=USER_CHANGE_PASSWORD('dba', 'dba', '{self.password}');"],
                           check=True, capture_output=True, timeout=60)
            (self.root / ".password").write_text(self.password)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # Virtuoso checkpoints and exits on SIGTERM
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def clear(self) -> None:
        """Drop every graph but Virtuoso's own (its schema graph, OWL, LDP): an empty docgraph store."""
        sql = ("DELETE FROM DB.DBA.RDF_QUAD WHERE id_to_iri(G) LIKE 'http://127.0.0.1%' "
               "OR id_to_iri(G) LIKE 'urn:docgraph:%';")
        subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", self.password, f"exec={sql}"],
                       check=True, capture_output=True, timeout=300)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

