"""What every command shares: the global options' context, the one-line failure, safe output files,
and the decorator that turns our own errors into one red line."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import IO, Any

import click

from ..errors import DocgraphError


class Context:
    """Global options, and the store opened lazily the first time a command needs it."""

    def __init__(self, store_path: str, base_uri: str | None, store_kind: str = "oxigraph") -> None:
        self.store_path = store_path
        self.base_uri = base_uri
        self.store_kind = store_kind
        self._store = None
        self._snapshot = None
        self.served = False  # True when `docgraph serve` holds the store and writes go through it

    def store(self, *, read_only: bool = False, via_server: bool = False):
        """The store; with ``via_server``, a store that `docgraph serve` holds is written through
        the server (see ``handoff.py``) instead of failing on its lock."""
        from ..store import open_store

        if self._store is None:
            check_store_path(self.store_path, read_only=read_only)
            try:
                self._store = open_store(self.store_path, self.base_uri, read_only=read_only, kind=self.store_kind)
            except DocgraphError:
                from ..handoff import ServedStore, ServerInfo

                info = ServerInfo.find(Path(self.store_path)) if via_server else None
                if info is None:
                    raise
                self._store = ServedStore(info, Path(self.store_path))
                self._store.check_base_uri(self.base_uri)
                self.served = True
                click.secho(f"store held by `docgraph serve` at {info.url}: writing through it", err=True)
        return self._store

    def snapshot(self):
        """A read-only view of the store beside the handle ``store()`` holds (for reading while
        the server writes): the same store when this process holds it itself."""
        if not self.served:
            return self.store()
        if self._snapshot is None:
            from ..store import open_store

            self._snapshot = open_store(self.store_path, self.base_uri, read_only=True, kind=self.store_kind)
        return self._snapshot

    def close(self) -> None:
        handles = [h for h in (self._store, self._snapshot) if h is not None]
        self._store = self._snapshot = None
        for handle in handles:
            try:
                handle.close()
            except (DocgraphError, OSError) as exc:  # a full disk at the last flush: one line, once
                if not _reported:
                    fail(str(exc))


def check_store_path(path: str, *, read_only: bool = False) -> None:
    """A --store that cannot be a store is named as such, before anything is created in it."""
    from ..errors import StoreError
    from ..remote import is_remote

    if is_remote(path):
        return
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise StoreError(f"--store {path} is a file, not a docgraph store (a folder): give a new folder, "
                         "or one docgraph made")
    if p.is_dir() and not (p / "CURRENT").exists():
        inside = sorted(c.name for c in p.iterdir())[:3]
        if inside:
            raise StoreError(f"--store {path} is a folder that is not a docgraph store (it holds "
                             f"{', '.join(inside)}…): give a new folder, or one docgraph made")
    if read_only and not (p / "CURRENT").exists():
        raise StoreError(f"no docgraph store at {p.resolve()}: run `docgraph ingest` first")


_reported: list[str] = []  # errors already told: closing the store after one says nothing more


def fail(message: str, code: int = 1) -> None:
    _reported.append(message)
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


@contextmanager
def output_stream(path: str | None, *, binary: bool = True) -> Iterator[IO]:
    """Where a command writes: stdout, or a file that appears only when complete (written beside
    it and renamed), so a failed or interrupted export never leaves half a file behind."""
    if not path:
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise DocgraphError(f"cannot write {path}: it is a folder")
    if not target.parent.is_dir():
        raise DocgraphError(f"cannot write {path}: no folder {target.parent}")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, _file_mode(target))  # mkstemp makes it 0600; the file is the user's, not a secret
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode ``open(target, "w")`` would give: an existing file's own, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Our own errors become one red line and exit status 1, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DocgraphError as exc:
            fail(str(exc))
        except BrokenPipeError:  # `docgraph export … | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            fail(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        except KeyboardInterrupt:
            click.secho("interrupted: what finished is stored; run the same command again to resume",
                        fg="yellow", err=True)
            sys.exit(130)

    return wrapper


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``: ``n`` and the noun that fits it (``many`` when not ``one`` + s)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` pairs of repeated ``--param`` options as a dict."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            fail(f"--param wants NAME=VALUE, not {pair!r}")
        out[name.strip()] = value
    return out
