"""The `docgraph` command: a thin click layer over the Python API.

The group and its global options live here; each command lives in ``docgraph/commands/`` and
imports only ``commands/context.py`` (shared helpers), never this module.
"""

from __future__ import annotations

import click

from . import DEFAULT_BASE_URI, DEFAULT_STORE, __version__
from .commands import documents, export, query, review, serve, transfer
from .commands.context import Context


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", envvar="DOCGRAPH_STORE", default=DEFAULT_STORE, show_default=True,
              help=f"Store directory, or the http(s) URL of a SPARQL server (environment DOCGRAPH_STORE; "
                   f"default ./{DEFAULT_STORE}).")
@click.option("--store-kind", envvar="DOCGRAPH_STORE_KIND", default="oxigraph", show_default=True,
              type=click.Choice(["oxigraph", "fuseki", "virtuoso", "qlever"]),
              help="With a URL --store: which server, for its endpoint paths (environment DOCGRAPH_STORE_KIND). "
                   "oxigraph and virtuoso are tested against real servers; fuseki and qlever are "
                   "untested presets.")
@click.option("--base-uri", envvar="DOCGRAPH_BASE_URI", default=None,
              help=f"Base of minted entity URIs (environment DOCGRAPH_BASE_URI; default {DEFAULT_BASE_URI}, "
                   "or the one the store was built with).")
@click.version_option(__version__, prog_name="docgraph")
@click.pass_context
def main(ctx: click.Context, store_path: str, base_uri: str | None, store_kind: str) -> None:
    """Build a provenance-tracked knowledge graph from documents, and query, export and serve it."""
    ctx.obj = Context(store_path, base_uri, store_kind)
    ctx.call_on_close(ctx.obj.close)


for command in (documents.ingest, documents.extract, documents.stats, documents.remove,
                query.queries, query.query, export.export, serve.serve,
                review.review, review.merge_cmd, review.split_cmd, transfer.push, transfer.pull):
    main.add_command(command)


def run() -> None:  # pragma: no cover - console entry for `python -m docgraph`
    main(prog_name="docgraph")
