"""In-memory store on an rdflib Dataset (default_union=True): tests, small runs, and the
"rdflib baseline" of the benchmarks. Nothing is persisted.

Note: rdflib's union default graph is a set (a triple stated by two documents is seen
once); Oxigraph's is a multiset (seen once per document). Queries that count should use
DISTINCT to give the same answer on every backend.
"""
from __future__ import annotations

import threading
from itertools import islice
from pathlib import Path
from typing import Mapping

from pyparsing import ParseBaseException
from rdflib import Dataset, Graph, URIRef

from kg.errors import QueryError, QueryTimeout
from kg.store.base import (
    Store, QueryResult, clean_bindings, doc_id_of, graph_iri, run_with_timeout, triples_of,
)
from kg.store.terms import Term, normalize


class MemoryStore(Store):
    def __init__(self, location: Path | str | None = None):
        self.location = location  # accepted for a uniform constructor; never used
        self._ds = Dataset(default_union=True)
        self._lock = threading.RLock()

    def replace_document(self, doc_id: str, graph: Graph) -> int:
        self._check_open()
        name = graph_iri(doc_id)
        triples = {(s, p, normalize(o)) for s, p, o in triples_of(graph)}
        with self._lock:
            self._ds.remove_graph(name)
            target = self._ds.graph(name)
            for triple in triples:
                target.add(triple)
        return len(triples)

    def remove_document(self, doc_id: str) -> None:
        self._check_open()
        with self._lock:
            self._ds.remove_graph(graph_iri(doc_id))

    def document_ids(self) -> list[str]:
        self._check_open()
        with self._lock:
            ids = [doc_id_of(g.identifier) for g in self._ds.graphs() if len(g)]
        return sorted(i for i in ids if i is not None)

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              timeout: float | None = None, limit: int | None = None) -> QueryResult:
        self._check_open()
        init = clean_bindings(bindings)
        return run_with_timeout(lambda: self._run(sparql, init, limit), timeout)

    def _run(self, sparql: str, init: dict[str, Term], limit: int | None) -> QueryResult:
        try:
            result = self._ds.query(sparql, initBindings=init)
            if result.type == "ASK":
                return QueryResult.ask(bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                graph = Graph()
                for triple in islice(result.graph, limit):
                    graph.add(triple)
                return QueryResult.construct(graph)
            names = [str(v) for v in result.vars]
            rows = [tuple(normalize(t) if t is not None else None for t in row)
                    for row in islice(result, limit)]
            return QueryResult.select(names, rows)
        except ParseBaseException as exc:
            raise QueryError(exc.msg, exc.lineno, exc.col) from None
        except (QueryError, QueryTimeout):
            raise
        except Exception as exc:  # rdflib reports unknown prefixes etc. as plain Exceptions
            raise QueryError(f"{type(exc).__name__}: {exc}") from exc

    def dataset(self) -> Dataset:
        self._check_open()
        out = Dataset()
        with self._lock:
            for graph in self._ds.graphs():
                if len(graph) and graph.identifier != self._ds.default_graph.identifier:
                    target = out.graph(graph.identifier)
                    for triple in graph:
                        target.add(triple)
        return out

    def triple_count(self) -> int:
        self._check_open()
        with self._lock:
            return sum(len(g) for g in self._ds.graphs() if isinstance(g.identifier, URIRef)
                       and g.identifier != self._ds.default_graph.identifier)

    def _close(self) -> None:
        self._ds = Dataset(default_union=True)
