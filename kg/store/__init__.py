"""Where the graph is kept, and how to query it: ``open_store(...)`` returns a ``Store``.

Backends (imported only when used):
  oxigraph  embedded pyoxigraph store persisted in a directory (default)
  memory    rdflib Dataset in memory (also the "rdflib baseline" of the benchmarks)
  sparql    any SPARQL 1.1 server (``endpoint`` is its query URL)
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path

from kg.errors import StoreError
from kg.store.base import QueryResult, Store, doc_id_of, graph_iri

BACKENDS: dict[str, str] = {
    "oxigraph": "kg.store.oxigraph:OxigraphStore",
    "memory": "kg.store.memory:MemoryStore",
    "sparql": "kg.store.sparql:SparqlStore",
}
DEFAULT_BACKEND = "oxigraph"

__all__ = ["BACKENDS", "QueryResult", "Store", "default_location", "doc_id_of", "graph_iri",
           "open_store", "require_store"]


def default_location() -> Path:
    """$KG_STORE, else data/store in the repository."""
    from kg.resources import repo_root

    return Path(os.environ.get("KG_STORE") or repo_root() / "data" / "store")


def require_store(location: Path) -> Path:
    """``location`` when an embedded store is there; else a StoreError that says how to make one.
    Every command that only reads the store comes here (through ``open_store(…, read_only=True)``)
    before anything is opened, so that a mistyped path creates nothing."""
    location = Path(location)
    if not (location / "CURRENT").is_file():  # RocksDB's pointer to its manifest: in every store
        raise StoreError(f"no store at {location}; build one with kg build")
    return location


def backend_class(name: str) -> type[Store]:
    if name not in BACKENDS:
        raise StoreError(f"unknown store backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module, _, cls = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), cls)


def open_store(location: Path | None = None, *, endpoint: str | None = None,
               backend: str | None = None, **options: object) -> Store:
    """Open a store.

    ``backend`` defaults to ``sparql`` when ``endpoint`` is given, else ``oxigraph``.
    oxigraph: ``location`` (default ``default_location()``), option ``read_only=True``.
    memory: nothing persisted. sparql: ``endpoint`` = query URL, options ``update_url``,
    ``gsp_url`` (derived for an Oxigraph server), credentials from the environment or
    ``~/.config/kg/endpoint.ini`` (see kg.store.sparql).
    """
    name = backend or ("sparql" if endpoint else DEFAULT_BACKEND)
    cls = backend_class(name)
    if name == "sparql":
        if not endpoint:
            raise StoreError("the sparql backend needs an endpoint (query URL)")
        return cls(endpoint, **options)
    if endpoint:
        raise StoreError(f"the {name} backend takes no endpoint")
    if name == "oxigraph" and location is None:
        location = default_location()
    return cls(location, **options)
