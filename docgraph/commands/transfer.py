"""``docgraph push`` / ``docgraph pull``: move a whole store between this machine and a SPARQL server."""

from __future__ import annotations

import click

from ..remote import is_remote
from .context import Context, fail, plural, user_errors


def _copy(source, target, what: str) -> tuple[int, int]:
    """Every named graph of ``source`` into ``target``, one whole graph at a time (idempotent)."""
    from pyoxigraph import NamedNode

    graphs = source.named_graphs()
    quads = 0
    with click.progressbar(graphs, label=what, show_pos=True) as bar:
        for g in bar:
            items = list(source.quads(g))
            if target.is_remote:
                target.raw.put_graph(NamedNode(g), [q.triple for q in items])
            else:
                if target.has_graph(g):
                    target.raw.remove_graph(NamedNode(g))
                target.add_quads(items)
            quads += len(items)
    target.flush()
    return len(graphs), quads


@click.command("push")
@click.argument("url")
@click.pass_obj
@user_errors
def push(obj: Context, url: str) -> None:
    """Copy the whole store (--store) to the SPARQL server at URL (--store-kind says which)."""
    from ..store import open_store

    if not is_remote(url):
        fail(f"push wants the http(s) URL of a SPARQL server, not {url!r}")
    local = obj.store(read_only=True)
    remote = open_store(url, local.base_uri, kind=obj.store_kind)
    try:
        graphs, quads = _copy(local, remote, f"push to {url}")
    finally:
        remote.close()
    click.echo(f"pushed {plural(graphs, 'graph')}, {plural(quads, 'quad')} to {url}")


@click.command("pull")
@click.argument("url")
@click.pass_obj
@user_errors
def pull(obj: Context, url: str) -> None:
    """Copy the whole store on the SPARQL server at URL into the local store (--store)."""
    from ..store import open_store

    if not is_remote(url):
        fail(f"pull wants the http(s) URL of a SPARQL server, not {url!r}")
    remote = open_store(url, None, kind=obj.store_kind)
    try:
        # a new local store takes the server's base URI; an existing one must have the same
        local = open_store(obj.store_path, remote.base_uri)
        try:
            graphs, quads = _copy(remote, local, f"pull from {url}")
        finally:
            local.close()
    finally:
        remote.close()
    click.echo(f"pulled {plural(graphs, 'graph')}, {plural(quads, 'quad')} from {url}")
