"""How `docgraph ingest`, `remove`, `review`, `merge` and `split` write to a store that `docgraph
serve` holds.

pyoxigraph's on-disk store takes one read-write process (a second one fails on the RocksDB lock),
and a read-only opener sees a snapshot from when it opened. So the server owns the store, and
while it runs, a writing command hands its work to it: the command still reads the files and
runs the NLP itself (the expensive part, in its own processes), then posts each document's
extraction to the server, which resolves it, turns it into RDF and writes it in one transaction.
Readers of the server see each document appear whole, without a restart.

The server announces itself in ``serve.json`` inside the store folder (mode 0600): its loopback
URL, a random token and its process id. The private routes under ``/_docgraph/`` accept only
loopback clients that present the token, so only a user who can read the store folder can write
through the server.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DocgraphError, StoreError
from .model import Extraction

SERVE_FILE = "serve.json"
PRIVATE_PREFIX = "/_docgraph"
TOKEN_HEADER = "authorization"


@dataclass
class ServerInfo:
    url: str
    token: str
    pid: int

    @classmethod
    def create(cls, store_path: Path, url: str) -> ServerInfo:
        info = cls(url=url, token=secrets.token_urlsafe(32), pid=os.getpid())
        path = Path(store_path) / SERVE_FILE
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"url": info.url, "token": info.token, "pid": info.pid}, fh)
        os.replace(tmp, path)
        return info

    @classmethod
    def find(cls, store_path: Path) -> ServerInfo | None:
        """The server holding this store, if one announced itself and its process is alive."""
        path = Path(store_path) / SERVE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            info = cls(url=str(data["url"]), token=str(data["token"]), pid=int(data["pid"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:
            os.kill(info.pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, another user's: the token decides
        return info

    @staticmethod
    def remove(store_path: Path, token: str) -> None:
        """Withdraw the announcement, unless another server has replaced it since."""
        path = Path(store_path) / SERVE_FILE
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("token") == token:
                path.unlink()
        except (OSError, ValueError):
            pass


class ServedStore:
    """The part of a store's interface that ingest and remove use, carried out by the server, and
    the entity decisions of review, merge and split.

    ``write_extraction``, ``consolidate`` and the decisions run server-side (they need the store).
    """

    def __init__(self, info: ServerInfo, store_path: Path, timeout: float = 120.0) -> None:
        import httpx

        self.info = info
        self.path = Path(store_path)
        self._client = httpx.Client(base_url=info.url + PRIVATE_PREFIX, timeout=timeout,
                                    headers={TOKEN_HEADER: f"Bearer {info.token}"}, trust_env=False)
        self.base_uri = self._call("GET", "/settings")["base_uri"]
        self.read_only = False

    def check_base_uri(self, requested: str | None) -> None:
        from .store import check_base_uri

        if requested and check_base_uri(requested) != self.base_uri:
            raise StoreError(f"store {self.path} was built with base URI {self.base_uri}, not {requested}: "
                             "use that base, or a new --store")

    def _call(self, method: str, route: str, payload: Any = None) -> Any:
        import httpx

        try:
            r = self._client.request(method, route, json=payload)
        except httpx.HTTPError as exc:
            raise StoreError(f"store {self.path} is held by `docgraph serve` at {self.info.url}, "
                             f"which did not answer ({exc.__class__.__name__}); is it still running?") from exc
        if r.status_code != 200:
            try:
                body = r.json()
                message, mistake = str(body["error"]), bool(body.get("user"))
            except (ValueError, KeyError, TypeError):
                message, mistake = r.text[:200], False
            if mistake:  # the user's own mistake (an unknown name), said as it would be here
                raise DocgraphError(message)
            raise StoreError(f"the server at {self.info.url} refused: {message}")
        return r.json()

    # what ingest asks before it extracts
    def has_graph(self, uri: str) -> bool:
        return bool(self._call("POST", "/has-graph", {"uri": uri})["exists"])

    def graphs_for_source(self, key: str, source: str | None = None) -> list[str]:
        return list(self._call("POST", "/graphs-for-source", {"key": key, "source": source})["graphs"])

    def find_documents(self, ref: str) -> list[str]:
        from pathlib import Path

        if Path(ref).exists():  # a path means this process's folder, not the server's
            ref = str(Path(ref).resolve())
        return list(self._call("POST", "/find-documents", {"ref": ref})["graphs"])

    # writing
    def write_extraction(self, ex: Extraction, replaces: list[str]) -> tuple[str, int]:
        done = self._call("POST", "/documents", {"extraction": ex.to_dict(), "replaces": replaces})
        return done["uri"], int(done["quads"])

    def remove_document(self, uri: str) -> bool:
        return bool(self._call("POST", "/remove", {"uri": uri})["removed"])

    # entity decisions (``review.py``), made by the server on the store it holds
    def find_entity(self, ref: str) -> str:
        return str(self._call("POST", "/find-entity", {"ref": ref})["uri"])

    def merge(self, a: str, b: str, score: float | None = None, by: str | None = None) -> None:
        self._call("POST", "/merge", {"a": a, "b": b, "score": score, "by": by})

    def keep_apart(self, a: str, b: str, score: float | None = None, by: str | None = None) -> list[str]:
        """The documents extracted again to undo a merge between them (none if there was none)."""
        return list(self._call("POST", "/keep-apart", {"a": a, "b": b, "score": score, "by": by})["redone"])

    def consolidate(self) -> dict[str, str]:
        return dict(self._call("POST", "/consolidate")["merged"])

    def flush(self) -> None:
        self._call("POST", "/flush")

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def close(self) -> None:
        self._client.close()
