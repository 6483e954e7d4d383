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
@click.option("--max-bytes", type=click.IntRange(min=1000), default=50_000_000, show_default=True,
              help="Bytes a SPARQL result may take; a bigger one gets a 413 (never a cut-off body).")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Query worker processes: queries evaluating at once.")
@click.option("--cache-mb", type=click.IntRange(0, 4096), default=64, show_default=True,
              help="Megabytes of answers kept for repeated queries until the store changes (0: none).")
@click.option("--read-only", is_flag=True, help="Open the store read-only (read-only media): no review, no hand-off.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another host name clients may use (besides the base URI's, --public-url's and loopback); "
                   "repeatable.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info")
@click.option("--warm-pages", type=click.IntRange(min=0), default=500, show_default=True,
              help="Compute the pages of this many most-mentioned entities in the background at start (0: none).")
@click.pass_obj
@user_errors
def serve(obj: Context, host: str, port: int, public_url: str | None, timeout: float, max_results: int,
          max_bytes: int, workers: int, cache_mb: int, read_only: bool, allow_hosts: tuple[str, ...], log_level: str,
          warm_pages: int) -> None:
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
    # fails clearly when an ingest holds it
    store = open_store(obj.store_path, obj.base_uri, kind=obj.store_kind, read_only=read_only)

    def ready(s) -> None:
        stats = s.stats()
        where = f"http://{host}:{port}/" + (f" (public URL {public_url}/)" if public_url else "")
        click.echo(f"serving {plural(stats['documents'], 'document')}, {plural(stats['entities'], 'entity', 'entities')} "
                   f"from {s.path} at {where}  (SPARQL: /sparql; Ctrl-C stops)", err=True)

    import os

    review_token = os.environ.get("DOCGRAPH_REVIEW_TOKEN") or None
    names = (host, *allow_hosts)
    if host in ("0.0.0.0", "::", ""):  # every interface: this machine's own names and addresses too
        try:
            name, aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
            names += (name, *aliases, *addresses)
        except OSError:
            pass
    run(store, host=host, port=port, log_level=log_level, on_ready=ready,
        settings=Settings(timeout=timeout, max_results=max_results, max_bytes=max_bytes, max_running=workers, cache_mb=cache_mb,
                          review_token=review_token, public_url=public_url, read_only=read_only,
                          hosts=names, loopback=host in ("127.0.0.1", "::1", "localhost"),
                          warm_pages=warm_pages))
