"""``docgraph serve``: the store as a SPARQL endpoint and a small Linked Data site.

``app.create_app(store, settings)`` is the ASGI app (starlette); ``run()`` opens the store,
announces the server for writers (``handoff.py``), and runs it under uvicorn.
"""

from __future__ import annotations

from .app import Settings, create_app

__all__ = ["Settings", "create_app", "run"]


def run(store, *, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None,
        log_level: str = "info", on_ready=None) -> None:
    """Serve ``store`` (an open GraphStore: the server holds its one read-write handle) until
    interrupted, then close it."""
    import uvicorn

    from ..handoff import ServerInfo

    settings = settings or Settings()
    loopback = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    # an embedded store is the server's alone: writers hand it their documents (handoff.py);
    # a remote store takes writers directly, so there is nothing to announce
    info = None if store.is_remote or store.read_only else ServerInfo.create(store.path, f"http://{loopback}:{port}")
    settings.token = info.token if info else None
    app = create_app(store, settings)
    app.state.pages.warm(settings.warm_pages)  # in the background: the most-mentioned entities' pages
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=log_level == "debug",
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    try:
        if on_ready:
            on_ready(store)
        server.run()
    finally:
        if info:
            ServerInfo.remove(store.path, info.token)
        store.close()
