"""The storage interface every backend implements, and what a query returns.

Model (ontology/MODEL.md): the facts of source document ``<doc-id>`` live in the named graph
``https://w3id.org/kg-vn/graph/<doc-id>``; queries see the union of all named graphs as their
default graph.
"""
from __future__ import annotations

import re
import threading
import unicodedata
import urllib.parse
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Sequence, BinaryIO, Callable, Iterable, Iterator, Literal as Kind, Mapping, TypeVar

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, QueryError, QueryTimeout, StoreError
from kg.store.terms import PREFIXES, Term

GRAPH_NS = PREFIXES["kgg"]
#: Ids kept as they are in a graph IRI (the common case, checked first) …
_PLAIN_ID = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
#: … and the ASCII characters an IRI path may hold besides letters and digits.
_IRI_ASCII = frozenset("-._~!$&'()*+,;=:@/")
_ENGINE_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)

T = TypeVar("T")


@dataclass(frozen=True)
class QueryResult:
    """Result of one SPARQL query, the same shape whatever the backend.

    ``rows`` hold rdflib terms (URIRef, Literal, BNode) or None for unbound, in ``vars``
    order. ASK sets ``boolean``; CONSTRUCT and DESCRIBE set ``graph``.
    """

    kind: Kind["select", "ask", "construct"]
    vars: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    graph: Graph | None = None

    @classmethod
    def select(cls, vars: list[str], rows: list[tuple[Term | None, ...]]) -> "QueryResult":
        return cls("select", list(vars), rows)

    @classmethod
    def ask(cls, value: bool) -> "QueryResult":
        return cls("ask", [], [], boolean=bool(value))

    @classmethod
    def construct(cls, graph: Graph) -> "QueryResult":
        return cls("construct", [], [], graph=graph)

    def dicts(self) -> list[dict[str, Term]]:
        """Rows as {var: term}, unbound variables left out."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]


def graph_iri(doc_id: str) -> URIRef:
    """The named graph of a source document: the id as it is, but for the characters an IRI
    cannot hold (spaces, controls, <>"{}|^`\\, '#', '?', '[', ']'), '%' itself and the dots of a
    '.' or '..' segment, which are percent-encoded, so that ``doc_id_of`` gives the id back
    ('Hội nghị' → 'Hội%20nghị')."""
    if not doc_id:
        raise InputError(repr(doc_id), "not a valid document id (empty)")
    segments = doc_id.split("/")
    if _PLAIN_ID.fullmatch(doc_id) and all(seg.strip(".") for seg in segments):
        return URIRef(GRAPH_NS + doc_id)  # the common case
    return URIRef(GRAPH_NS + "/".join(
        "".join(c if _iri_char(c) and seg.strip(".") else _percent(c) for c in seg) for seg in segments))


def _iri_char(c: str) -> bool:
    if c.isascii():
        return c.isalnum() or c in _IRI_ASCII
    return unicodedata.category(c)[0] in "LMN"


def _percent(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8"))


def doc_id_of(graph: str) -> str | None:
    """The document id of a named graph IRI, or None when it is not a document graph."""
    graph = str(graph)
    if not graph.startswith(GRAPH_NS) or len(graph) == len(GRAPH_NS):
        return None
    local = graph[len(GRAPH_NS):]
    return urllib.parse.unquote(local, errors="replace") if "%" in local else local


def engine_error(message: str) -> QueryError:
    """A QueryError from an engine message such as Oxigraph's ``error at 3:17: expected …``."""
    found = _ENGINE_POSITION.search(message)
    if found:
        return QueryError(found.group(3).strip(), int(found.group(1)), int(found.group(2)))
    return QueryError(message.strip())


def run_with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """Run ``work`` in a worker thread and wait at most ``timeout`` seconds for it.

    What is enforced: the CALLER gets QueryTimeout once the deadline passes. What is not:
    neither pyoxigraph nor rdflib can cancel a running query from Python, so the abandoned
    worker (a daemon thread) keeps computing until the query finishes, and keeps the store
    object alive until then.
    """
    if timeout is None:
        return work()
    if timeout <= 0:
        raise QueryTimeout(f"timeout must be positive, got {timeout}")
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed over to the caller below
            box["error"] = exc

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"query ran past the time limit of {timeout:g} s and was abandoned")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def triples_of(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` (for a Dataset/ConjunctiveGraph: of its union)."""
    return list(graph.triples((None, None, None)))


class Store(ABC):
    """A dataset of per-document named graphs that can be queried with SPARQL.

    Use as a context manager, or call close(). Backends: see ``kg.store.BACKENDS``.
    """

    closed: bool = False

    @abstractmethod
    def replace_document(self, doc_id: str, graph: Graph) -> int:
        """Atomically replace the named graph of ``doc_id`` by ``graph``; returns its triple count."""

    def add_documents(self, docs: Sequence[tuple[str, str | bytes]]) -> int:
        """Write several documents at once, each as ``(doc_id, N-Quads text of its named graph)``
        (``kg.store.terms.nt_quads``; a str, or bytes in UTF-8), replacing any earlier version;
        returns the triple count.
        Each document is written whole or not at all. This default parses and replaces one
        document at a time; backends override it with a bulk path."""
        total = 0
        for doc_id, text in docs:
            ds = Dataset()
            ds.parse(data=text.decode() if isinstance(text, bytes) else text, format="nquads")
            graph = Graph()
            for s, p, o, _g in ds.quads((None, None, None, None)):
                graph.add((s, p, o))
            total += self.replace_document(doc_id, graph)
        return total

    def add_document_chunks(self, doc_id: str, chunks: Iterable[str]) -> int:
        """Write one document given as pieces of its N-Quads text (``kg.store.terms.nt_quad_chunks``),
        replacing any earlier version; returns the triple count. For a graph too big to hold as
        one string (the derived graph of 100k articles: 1.3 M quads). This default joins the
        pieces; a backend that can, writes them as they come."""
        return self.add_documents([(doc_id, "".join(chunks))])

    @contextmanager
    def bulk(self):
        """A build that may take a backend's faster, non-transactional loader: inside the block,
        reads see what was written so far; what was written is in the store once the block ends
        without error (``kg.store.oxigraph``: an empty store is built aside and swapped in).
        This default changes nothing: every write is in the store at once."""
        yield self

    @abstractmethod
    def remove_document(self, doc_id: str) -> None:
        """Drop the named graph of ``doc_id`` (no error when it does not exist)."""

    @abstractmethod
    def document_ids(self) -> list[str]:
        """Sorted ids of the documents that have a (non-empty) graph."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        limit: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL query over the union of all named graphs.

        ``bindings`` pre-bind variables (names with or without ``?``) to RDF terms, safely
        (never pasted as text). ``limit`` caps the number of rows returned. ``timeout`` in
        seconds: see ``run_with_timeout`` for what is enforced.
        A triple stated by several documents is seen once per document on Oxigraph (the union
        is a multiset) but once on rdflib (a set): use DISTINCT when counting.
        Raises QueryError (with line/column when the engine reports them), QueryTimeout.
        """

    def select_text(self, sparql: str) -> Iterator[tuple[str, ...]]:
        """The rows of a SELECT as plain text, one at a time: an IRI as itself, a literal as
        its lexical form, an unbound variable as "". For reading a big part of the graph at
        once (the views): the embedded store writes the rows in Rust and Python only splits
        them."""
        result = self.query(sparql)
        for row in result.rows:
            yield tuple("" if t is None else str(t) for t in row)

    @abstractmethod
    def dataset(self) -> Dataset:
        """All named graphs as an in-memory rdflib Dataset (for export and views)."""

    @abstractmethod
    def triple_count(self) -> int:
        """Number of stored quads, summed over all named graphs."""

    def contents(self) -> str:
        """What the store holds, in the words of `kg build`, `kg stats` and `kg export` alike:
        ``2234 triples in 6 named graphs (5 documents and the derived graph)``. A triple counts
        once in each named graph that states it: these are the lines of an N-Quads export."""
        graphs = self.document_ids()
        documents = [g for g in graphs if not g.startswith("_")]
        what = f"{len(documents)} document{'' if len(documents) == 1 else 's'}"
        if "_derived" in graphs:  # kg.resolve.DERIVED_ID
            what += " and the derived graph"
        return (f"{self.triple_count()} triples in {len(graphs)} named graph{'' if len(graphs) == 1 else 's'}"
                f" ({what})")

    def compact(self) -> None:
        """Give back the room that writes in transactions leave behind (a database's logs);
        nothing to do for most backends."""

    @abstractmethod
    def _close(self) -> None:
        """Release the backend's resources."""

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the dataset to ``out`` in ``fmt`` (see ``kg.export.FORMATS``)."""
        from kg.export import export

        export(self, fmt, out)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._close()

    def _check_open(self) -> None:
        if self.closed:
            raise StoreError(f"{type(self).__name__} is closed")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def clean_bindings(bindings: Mapping[str, Term] | None) -> dict[str, Term]:
    """Variable names without ``?``/``$``, checked; values must be rdflib terms."""
    out: dict[str, Term] = {}
    for name, value in (bindings or {}).items():
        var = name.lstrip("?$")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
            raise QueryError(f"invalid variable name for a binding: {name!r}")
        if not isinstance(value, (URIRef, Literal, BNode)):
            raise QueryError(f"binding ?{var} must be an rdflib term, got {type(value).__name__}")
        out[var] = value
    return out
