"""Starting the endpoint: the store's size, the worker pool, the server, the banner."""
from __future__ import annotations

import signal
from pathlib import Path
from typing import Callable

from kg.errors import StoreError
from kg.serve.httpserver import SparqlServer
from kg.serve.pool import WorkerPool
from kg.serve.settings import Settings


def store_info(location: Path) -> dict:
    """Documents (the derived graph is not one) and triples of the store (opened read-only
    for a moment); raises StoreError."""
    from kg.resolve import DERIVED_ID
    from kg.store.oxigraph import OxigraphStore

    if not Path(location).is_dir():
        raise StoreError(f"{location}: no store here (build one with `kg build --store {location}`)")
    with OxigraphStore(location, read_only=True) as store:
        documents = [doc for doc in store.document_ids() if doc != DERIVED_ID]
        return {"location": str(location), "documents": len(documents),
                "triples": store.triple_count()}


def make_server(settings: Settings) -> SparqlServer:
    """A bound server with its worker pool started (``port`` 0 picks a free port)."""
    info = store_info(settings.location)
    log = (lambda _m: None) if settings.quiet else None
    pool = WorkerPool(settings.location, settings.workers, log=log,
                      max_memory=settings.max_memory_mb << 20)
    try:
        return SparqlServer(settings, pool, info)
    except BaseException:
        pool.close()
        raise


def serve(settings: Settings, *, echo: Callable[[str], None] = print) -> None:
    """Run until interrupted (Ctrl-C / SIGTERM)."""
    server = make_server(settings)
    info = server.store_info
    if not server.loopback:
        echo(f"warning: listening on {settings.host}: anyone who can reach this machine "
             "can query the store")
    echo(f"kg serve: SPARQL endpoint {server.url}sparql (read-only), query page {server.url}")
    echo(f"store {info['location']}: {info['documents']} documents, {info['triples']} triples; "
         f"timeout {settings.timeout:g} s, at most {settings.max_rows} rows, "
         f"{settings.max_memory_mb} MB a query worker, "
         f"{settings.workers} worker(s). Ctrl-C to stop.")
    echo("SERVICE (federated query): " + (f"only to {', '.join(settings.allow_service)}"
                                          if settings.allow_service else "off"))

    def stop(*_args) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo("kg serve: stopping")
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        server.pool.close()

