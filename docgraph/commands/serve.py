"""``docgraph serve``: a SPARQL endpoint, entity URIs that resolve, pages, a query page."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import click

from .context import Context, check_store_path, fail, plural, user_errors


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--public-url", metavar="URL",
              help="Where clients reach this server when it is behind a proxy (e.g. https://example.org/graph); "
                   "pages link under it. Default: links relative to each request.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a query may run.")
@click.option("--max-results", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows or triples a query may return.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info")
@click.option("--warm-pages", type=click.IntRange(min=0), default=500, show_default=True,
              help="Compute the pages of this many most-mentioned entities in the background at start (0: none).")
@click.pass_obj
@user_errors
def serve(obj: Context, host: str, port: int, public_url: str | None, timeout: float, max_results: int,
          log_level: str, warm_pages: int) -> None:
    """Serve the store: SPARQL 1.1 endpoint at /sparql, entity URIs /id/… (303 to /page/… or
    /data/…), search, browse and entity pages from /. While it runs, `docgraph ingest` writes through it."""
    from ..serve import Settings, run
    from ..store import open_store

    if public_url is not None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            fail(f"--public-url {public_url!r}: give an http(s) URL such as https://example.org/graph")
        public_url = public_url.rstrip("/")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror}")
    check_store_path(obj.store_path)
    store = open_store(obj.store_path, obj.base_uri, kind=obj.store_kind)  # fails clearly when an ingest holds it

    def ready(s) -> None:
        stats = s.stats()
        where = f"http://{host}:{port}/" + (f" (public URL {public_url}/)" if public_url else "")
        click.echo(f"serving {plural(stats['documents'], 'document')}, {plural(stats['entities'], 'entity', 'entities')} "
                   f"from {s.path} at {where}  (SPARQL: /sparql; Ctrl-C stops)", err=True)

    import os

    review_token = os.environ.get("DOCGRAPH_REVIEW_TOKEN") or None
    run(store, host=host, port=port, log_level=log_level, on_ready=ready,
        settings=Settings(timeout=timeout, max_results=max_results, review_token=review_token, public_url=public_url,
                          warm_pages=warm_pages))
