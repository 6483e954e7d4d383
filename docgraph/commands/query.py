"""``docgraph queries`` and ``docgraph query``: the canned queries and any SPARQL, from the shell."""

from __future__ import annotations

import sys

import click

from .context import Context, fail, output_stream, parse_params, plural, user_errors

FORMATS = ["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"]


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@user_errors
def queries(fmt: str) -> None:
    """List the canned queries in queries/ with their titles and parameters."""
    import json

    from ..queries import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "description": q.description,
             "params": [{"name": p.name, "type": p.type, "required": p.required,
                         "default": None if p.required else p.default, "description": p.description} for p in q.params]}
            for q in catalogue.values()], indent=2))
        return
    from .terminal import print_table

    rows = []
    for q in catalogue.values():
        params = ", ".join(
            f"{p.name} ({p.type}{', required' if p.required else f', default {p.default!r}' if p.default else ''})"
            for p in q.params) or "—"
        rows.append([q.name, q.title, params])
    print_table(["name", "title", "parameters"], rows)


@click.command("query")
@click.argument("ref", required=False)
@click.option("-e", "--expression", help="Run this SPARQL text instead of a named query or file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table on a terminal; csv|tsv|json|xml for SELECT/ASK; ttl|nt|jsonld|xml for CONSTRUCT/DESCRIBE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@click.option("--graph", metavar="DOCUMENT",
              help="Only this document: its URI, the file path it was ingested from, or path#id for a JSONL line "
                   "(a JSONL file: all of its documents).")
@click.option("--truncate", is_flag=True, help="Table: one line per row, long cells cut with an ellipsis.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.pass_obj
@user_errors
def query(obj: Context, ref: str | None, expression: str | None, params: tuple[str, ...], fmt: str | None,
          output: str | None, graph: str | None, truncate: bool, timeout: float) -> None:
    """Run a canned query by NAME, a FILE.rq, or -e "SPARQL"; over every document graph unless --graph."""
    from ..queries import QueryTimeout, document_graphs, find_query, prepare, run, serialize

    if bool(ref) == bool(expression):
        fail("give a query NAME, a FILE.rq, or -e SPARQL (one of them)")
    values = parse_params(params)
    if expression:
        sparql, declared = expression, []
    else:
        canned = find_query(ref)
        sparql, declared = canned.sparql, canned.params
    store = obj.store(read_only=True)  # a snapshot: runs beside an ingest
    sparql = prepare(sparql, values, declared, store)
    documents = document_graphs(store, graph) if graph else None  # what they say, and only that
    try:
        result = run(store, sparql, timeout=timeout, documents=documents)
    except QueryTimeout as exc:
        import os

        click.secho(f"error: {exc} (raise it with --timeout)", fg="red", err=True)
        sys.stdout.flush()
        try:
            sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):  # run in-process (click's CliRunner, a notebook):
            sys.exit(2)  # never end the host process; the abandoned thread finishes on its own
        os._exit(2)  # the evaluation thread cannot be interrupted; leave without waiting for it
    if fmt is None:
        fmt = "table" if (output is None and sys.stdout.isatty()) else ("ttl" if result.kind == "graph" else "csv")
    if fmt == "table":
        if output:
            fail("--format table is for the terminal: give -o with csv, tsv, json or xml")
        _print_table(result, store.base_uri, truncate=truncate)
        return
    data = serialize(result, fmt)
    with output_stream(output) as fh:
        fh.write(data)
    if output:
        click.echo(f"wrote {output}", err=True)


def _short(term, base: str) -> str:
    from pyoxigraph import Literal, NamedNode

    from ..vocab import PREFIXES

    if term is None:
        return ""
    if isinstance(term, NamedNode):
        v = term.value
        if v.startswith(base + "/id/"):
            return v[len(base) + 4 :]
        for prefix, ns in PREFIXES.items():
            if v.startswith(ns):
                return f"{prefix}:{v[len(ns):]}"
        return v
    if isinstance(term, Literal):
        return term.value
    return str(term)


def _print_table(result, base: str, *, truncate: bool = False) -> None:
    from rich.console import Console
    from rich.text import Text

    from .terminal import print_table

    console = Console()
    if result.kind == "ask":
        console.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        for t in result.triples:
            console.print(Text(f"{_short(t.subject, base)}  {_short(t.predicate, base)}  {_short(t.object, base)}"))
        return
    rows = [[" ".join(_short(row[v], base).split()) for v in result.variables] for row in result.rows]
    print_table(result.variables, rows, truncate=truncate, console=console)
    console.print(plural(len(rows), "row"), style="dim")
