"""``docgraph queries`` and ``docgraph query``: the canned queries and any SPARQL, from the shell."""

from __future__ import annotations

import sys

import click

from .context import Context, fail, output_stream, parse_params, user_errors

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
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("parameters")
    for q in catalogue.values():
        params = ", ".join(
            f"{p.name} ({p.type}{', required' if p.required else f', default {p.default!r}' if p.default else ''})"
            for p in q.params) or "—"
        table.add_row(q.name, q.title, params)
    Console().print(table)


@click.command("query")
@click.argument("ref", required=False)
@click.option("-e", "--expression", help="Run this SPARQL text instead of a named query or file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table on a terminal; csv|tsv|json|xml for SELECT/ASK; ttl|nt|jsonld|xml for CONSTRUCT/DESCRIBE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@click.option("--graph", help="Only this document's graph (its URI); default: all documents.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.pass_obj
@user_errors
def query(obj: Context, ref: str | None, expression: str | None, params: tuple[str, ...], fmt: str | None,
          output: str | None, graph: str | None, timeout: float) -> None:
    """Run a canned query by NAME, a FILE.rq, or -e "SPARQL"; over every document graph unless --graph."""
    from ..queries import QueryTimeout, find_query, prepare, run, serialize

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
    if graph and not store.has_graph(graph):
        fail(f"no document graph {graph} in the store")
    try:
        result = run(store, sparql, graph=graph, timeout=timeout)
    except QueryTimeout as exc:
        import os

        click.secho(f"error: {exc} (raise it with --timeout)", fg="red", err=True)
        sys.stdout.flush()
        os._exit(2)  # the evaluation thread cannot be interrupted; leave without waiting for it
    if fmt is None:
        fmt = "table" if (output is None and sys.stdout.isatty()) else ("ttl" if result.kind == "graph" else "csv")
    if fmt == "table":
        _print_table(result, store.base_uri)
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


def _print_table(result, base: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if result.kind == "ask":
        console.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        for t in result.triples:
            console.print(f"{_short(t.subject, base)}  {_short(t.predicate, base)}  {_short(t.object, base)}", markup=False)
        return
    table = Table(show_lines=False)
    for v in result.variables:
        table.add_column(v, overflow="fold")
    for row in result.rows:
        table.add_row(*(_short(row[v], base) for v in result.variables))
    console.print(table)
    console.print(f"{len(result.rows)} rows", style="dim")
