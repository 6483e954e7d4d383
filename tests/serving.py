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
