"""Embedded, persistent store on pyoxigraph (RocksDB on disk). The default backend.

Only one process may open a location read-write (RocksDB takes a lock); any number of
other processes may open it with ``read_only=True`` (``pyoxigraph.Store.read_only``), which
sees the data as of opening time. pyoxigraph has no close(): close() flushes and drops the
last reference, which releases the lock (unless an abandoned timed-out query still runs).
A read-only handle keeps the answers of slow SELECT queries beside the store while the store
is unchanged (kg.store.cache; ``keep_answers=False`` turns that off).
"""
from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.diskfull import disk_full, is_disk_full
from kg.errors import StoreError
from kg.store import require_store
from kg.store.aside import Aside, csv_rows
from kg.store.cache import AnswerCache, fingerprint
from kg.store.base import (
    GRAPH_NS, Store, QueryResult, clean_bindings, doc_id_of, engine_error, graph_iri, run_with_timeout,
    triples_of,
)
from kg.store.folder import claim, remove_kg_folder, remove_store, swap_in, write_marker
from kg.store.terms import Term, from_ox, nt, to_ox
from kg.store.values import inject_values, substitute


SPOOL_BYTES = 16 << 30  # a bulk build loads its spool every 16 GiB of N-Quads (~70 M quads), and
# when the store is next used. The bulk loader costs more per quad the more often it is called on a
# big store (RocksDB merges what it adds with what is there): at 100k synthetic articles (60 M
# quads, 14 GB of N-Quads) one load instead of one every GiB took the build from 1,085 to 887 s
# and the CPU time of all its processes from 2,107 to 1,625 s, at the same peak memory (2.8 GB;
# benchmarks/README.md). A full spool is loaded by a background thread (pyoxigraph releases the
# GIL while it loads) while the next one fills.


class OxigraphStore(Store):
    def __init__(self, location: Path | str | None = None, *, read_only: bool = False,
                 keep_answers: bool = True):
        self.location = Path(location) if location is not None else None
        self.read_only = read_only
        before = fingerprint(self.location) if read_only and keep_answers and self.location else None
        self._ox: ox.Store | None = self._open()
        # the answers of this handle: only when no write came between listing and opening
        self.answers: AnswerCache | None = None
        if before is not None:
            self.answers = AnswerCache(self.location, before if fingerprint(self.location) == before else None)
        self._main: ox.Store | None = None  # inside bulk(): the store itself (self._ox is the staging one)
        self._spool: Path | None = None  # inside bulk(): N-Quads of new documents not loaded yet
        self._spooled: set[str] = set()
        self._bulked: set[str] = set()  # inside bulk(): every document spooled (loaded or not)
        self._loader: threading.Thread | None = None  # inside bulk(): loading a full spool
        self._load_error: BaseException | None = None

    # Every use of the store goes through this property, so that documents still waiting in
    # the bulk spool, or being loaded from a full one, are in the store before anything reads
    # or changes it.
    @property
    def _store(self) -> ox.Store | None:
        if self._spooled or self._loader is not None:
            self._load_spool()
        return self._ox

    @_store.setter
    def _store(self, value: ox.Store | None) -> None:
        self._ox = value

    def _open(self, claimed: bool = False) -> ox.Store:
        where = str(self.location) if self.location else "(memory)"
        try:
            if self.location is None:
                return ox.Store()
            if self.read_only:
                return ox.Store.read_only(str(require_store(self.location)))
            if not claimed:
                claim(self.location, GRAPH_NS)  # a new folder, or one kg can prove is its store
            return ox.Store(str(self.location))
        except OSError as exc:
            if is_disk_full(exc):
                raise disk_full(exc, [self.location], unchanged=True) from None
            if "lock" in str(exc).lower():
                raise StoreError(f"{where}: the store is open read-write in another process; "
                                 "open it read-only or wait") from exc
            raise StoreError(f"{where}: cannot open store: {exc}") from exc

    def _writable(self) -> ox.Store:
        self._check_open()
        if self.read_only:
            raise StoreError(f"{self.location}: store is opened read-only")
        return self._store

    def replace_document(self, doc_id: str, graph: Graph) -> int:
        store, g = self._writable(), graph_iri(doc_id)
        triples = set(triples_of(graph))
        try:
            body = "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in triples)
        except ValueError as exc:
            raise StoreError(f"document {doc_id}: invalid term: {exc}") from exc
        # One update request = one transaction: readers see the old graph or the new one.
        store.update(f"DROP SILENT GRAPH {nt(g)} ;\nINSERT DATA {{ GRAPH {nt(g)} {{\n{body}\n}} }}")
        return len(triples)

    @contextmanager
    def bulk(self):
        """A store that is still empty is built aside: inside the block every read and write
        goes to a staging store in ``.<name>.staging`` beside it, whose new documents go in
        through Oxigraph's bulk loader (about 3x faster than a transactional load, but a load it
        breaks off leaves part of a batch); when the block ends without error the staging
        folder takes the store's place. A build killed or failing midway leaves the store as it
        was (empty) and the staging folder, which the next bulk build removes. A store that
        holds anything is written in transactions as usual."""
        staging = self._staging_path()
        if self.read_only or staging is None or self._main is not None or not self._empty():
            yield self
            return
        spool = staging.with_name(staging.name + ".nq")
        remove_kg_folder(staging)  # left by a build that was killed
        spool.unlink(missing_ok=True)
        spool.with_name(spool.name + ".loading").unlink(missing_ok=True)
        try:
            staging.mkdir()
            write_marker(staging)
            aside = ox.Store(str(staging))
        except BaseException:
            remove_store(staging)
            raise
        self._main, self._store, self._spool = self._store, aside, spool
        self._bulked = set()
        try:
            yield self
            self._store.flush()  # loads what the spool still holds
        except BaseException:
            self._wait_loader(raise_error=False)  # the staging store is removed below
            self._store, self._main, self._spool = self._main, None, None
            self._spooled.clear()
            self._bulked = set()
            remove_store(staging)
            spool.unlink(missing_ok=True)
            raise
        self._spool, self._bulked = None, set()
        # drop both handles (releasing RocksDB's locks), put the staging folder in place
        self._store = self._main = None
        try:
            swap_in(self.location, staging)
        finally:
            self._store = self._open(claimed=True)  # claimed when the build began

    def _load_spool(self) -> None:
        """Bulk-load the spooled documents into the staging store (one load of many documents:
        Oxigraph's bulk loader costs more per quad, the more often it is called on a big store),
        after the load of a full spool that may still be running."""
        self._wait_loader()
        if not self._spooled:
            if self._spool is not None:
                self._spool.unlink(missing_ok=True)  # opened for documents that were not new
            return
        self._spooled.clear()
        self._bulk_load(self._spool)

    def _bulk_load(self, path: Path) -> None:
        try:
            # lenient: the spool holds only what kg.store.terms wrote, from terms pyoxigraph
            # has already checked (re-validating every IRI cost 8% of the load)
            self._ox.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
        except SyntaxError as exc:
            raise StoreError(f"invalid N-Quads in a batch: {exc}") from exc
        finally:
            path.unlink(missing_ok=True)

    def _load_spool_behind(self) -> None:
        """Hand the full spool to a background thread and start a new one: one load at a time
        (the next full spool waits for the last load), so at most two spools are on disk."""
        self._wait_loader()
        full = self._spool.with_name(self._spool.name + ".loading")
        os.replace(self._spool, full)
        self._spooled.clear()

        def load() -> None:
            try:
                self._bulk_load(full)
            except BaseException as exc:  # raised in the building thread by _wait_loader
                self._load_error = exc

        self._loader = threading.Thread(target=load, name="kg-bulk-load", daemon=True)
        self._loader.start()

    def _wait_loader(self, raise_error: bool = True) -> None:
        if self._loader is not None:
            self._loader.join()
            self._loader = None
        error, self._load_error = self._load_error, None
        if error is not None and raise_error:
            raise error

    def _empty(self) -> bool:
        return next(iter(self._writable().quads_for_pattern(None, None, None, None)), None) is None

    def _staging_path(self) -> Path | None:
        """``.<name>.staging`` beside the store; None for a store in memory or behind a link."""
        if self.location is None or self.location.is_symlink():
            return None
        self.location = self.location.resolve()
        return self.location.with_name(f".{self.location.name}.staging")

    def add_documents(self, docs) -> int:
        """New documents go in one transactional load (all of the batch or none of it); a
        document already in the store is replaced on its own, atomically, as replace_document.
        Inside bulk() on an empty store, new documents go to a spool file that the staging
        store's bulk loader reads when it reaches SPOOL_BYTES or before the store is used."""
        if self._main is not None and not self.read_only:
            return self._spool_documents(docs)
        store = self._writable()
        fresh, total = [], 0
        for doc_id, text in docs:
            data = _utf8(text)
            g = to_ox(graph_iri(doc_id))
            if store.contains_named_graph(g):
                body = data.decode().replace(f" {g} .\n", " .\n")  # the document's quads as triples
                store.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            else:
                fresh.append(data)
            total += data.count(b"\n")
        if fresh:
            try:
                store.load(input=b"".join(fresh), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(f"invalid N-Quads in a batch: {exc}") from exc
        return total

    def add_document_chunks(self, doc_id: str, chunks: Iterable[str]) -> int:
        """Inside bulk() on an empty store, a new document's pieces go to the spool as they come
        (loaded with the rest when the store is next used); anywhere else, as add_documents."""
        if self._main is None or self.read_only or doc_id in self._bulked:
            return super().add_document_chunks(doc_id, chunks)
        total = 0
        with self._spool.open("ab") as out:
            for text in chunks:
                data = _utf8(text)
                out.write(data)
                total += data.count(b"\n")
        self._spooled.add(doc_id)
        self._bulked.add(doc_id)
        return total

    def _spool_documents(self, docs) -> int:
        docs, total = list(docs), 0
        with self._spool.open("ab") as out:
            for i, (doc_id, text) in enumerate(docs):
                # the staging store began empty: it holds only what this build spooled
                if doc_id in self._bulked:
                    break  # a document written before in this build: replaced as outside bulk()
                data = _utf8(text)
                out.write(data)
                self._spooled.add(doc_id)
                self._bulked.add(doc_id)
                total += data.count(b"\n")
            else:
                i = len(docs)
            size = out.tell()
        if i < len(docs):
            self._load_spool()
            return total + self._replace_each(docs[i:])
        if size >= SPOOL_BYTES:
            self._load_spool_behind()
        return total

    def _replace_each(self, docs) -> int:
        main, self._main = self._main, None  # the transactional path of add_documents
        try:
            return self.add_documents(docs)
        finally:
            self._main = main

    def compact(self) -> None:
        """Free the write-ahead logs that writes in transactions leave behind. RocksDB keeps
        them after they are flushed, and removes them only when the database is opened again:
        a second build of 5,000 articles into a store of 5,000 left 1.9 GB of such logs beside
        1.4 GB of tables (a fresh build of the 10,000: 1.3 GB, no logs). So the store is
        flushed, closed and opened again (0.2 s there). Oxigraph's optimize() (compaction, 8 s
        there) gave back nothing more. (benchmarks/README.md)"""
        if self.location is None or self.read_only:
            return
        self._writable().flush()
        self._store = None  # the last reference: releases RocksDB's lock
        self._store = self._open(claimed=True)

    def remove_document(self, doc_id: str) -> None:
        self._writable().update(f"DROP SILENT GRAPH {nt(graph_iri(doc_id))}")

    def document_ids(self) -> list[str]:
        self._check_open()
        ids = (doc_id_of(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(i for i in ids if i is not None and self._has_triples(i))

    def _has_triples(self, doc_id: str) -> bool:
        graph = to_ox(graph_iri(doc_id))
        return next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is not None

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              timeout: float | None = None, limit: int | None = None) -> QueryResult:
        self._check_open()
        init = clean_bindings(bindings)
        if self.answers is None:
            return run_with_timeout(lambda: self._run(sparql, init, limit), timeout)
        return run_with_timeout(lambda: self.answers.answer(
            sparql, init, limit, lambda: self._run(sparql, init, limit), _kept), timeout)

    def _run(self, sparql: str, bindings: dict[str, Term], limit: int | None) -> QueryResult:
        subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            try:
                result = self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs)
            except RuntimeError as exc:
                if "does not contain" not in str(exc):
                    raise
                result = self._bind_unprojected(sparql, bindings)
            return _convert(result, limit)
        except SyntaxError as exc:
            raise engine_error(str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise engine_error(str(exc)) from exc

    def _bind_unprojected(self, sparql: str, bindings: dict[str, Term]) -> object:
        """Oxigraph substitutes only projected variables (SEP-0007). Bind the others as
        constants in the text when that is safe (``kg.store.values.substitute``: the planner can
        then push a FILTER on a parameter down to the pattern it narrows), else with a VALUES
        block (``inject_values``). Both use canonically serialised terms, never raw strings."""
        text = substitute(sparql, bindings)
        if text is not None:
            try:
                return self._store.query(text, use_default_graph_as_union=True)
            except SyntaxError:
                pass  # a term where only a variable may stand (GROUP BY ?x …), or a bad query
        try:
            return self._store.query(inject_values(sparql, bindings), use_default_graph_as_union=True)
        except SyntaxError:
            # Report the author's own line and column: a malformed text fails while parsing,
            # before anything is evaluated.
            self._store.query(sparql, use_default_graph_as_union=True)
            raise

    def select_text(self, sparql: str) -> Iterator[tuple[str, ...]]:
        self._check_open()
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise engine_error(str(exc)) from None
        # Written to a file, read back a row at a time: memory stays flat.
        with tempfile.TemporaryFile() as spool:
            result.serialize(spool, format=ox.QueryResultsFormat.CSV)
            spool.seek(0)
            yield from csv_rows(spool)

    def select_text_aside(self, queries: dict[str, str], folder: Path) -> Aside | None:
        """Run SELECT queries in another process, now, one after the other, each into
        ``folder/<name>.csv``, while this one works on something else (pyoxigraph holds the
        GIL while it evaluates); None when the store has no folder another process may open
        (in memory, or open here for writing)."""
        if self.location is None or not self.read_only:
            return None
        return Aside(self.location, queries, Path(folder))

    def dataset(self) -> Dataset:
        self._check_open()
        ds = Dataset()
        graphs: dict[object, Graph] = {}
        for quad in self._store:
            name = quad.graph_name
            if name not in graphs:
                default = isinstance(name, ox.DefaultGraph)
                graphs[name] = ds.default_graph if default else ds.graph(from_ox(name))
            graphs[name].add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return ds

    def triple_count(self) -> int:
        # every quad less those of the default graph (kg writes none there): a scan of one index,
        # 2.5 times as fast as COUNT(*) over GRAPH ?g (0.22 against 0.54 s at 1.01 M quads)
        self._check_open()
        store = self._store
        return len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def _close(self) -> None:
        if not self.read_only and self.location is not None:
            self._store.flush()
        self._store = None  # dropping the last reference releases RocksDB's lock


def _utf8(text: str | bytes) -> bytes:
    """N-Quads as given to add_documents (a str, or bytes already in UTF-8) as UTF-8 bytes."""
    return text if isinstance(text, bytes) else text.encode()


def _kept(solutions: object) -> QueryResult:
    """A kept answer (kg.store.cache), parsed by pyoxigraph, as a QueryResult."""
    return _convert(solutions, None)


def _convert(result: object, limit: int | None) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult.ask(bool(result))
    if isinstance(result, ox.QueryTriples):
        graph = Graph()
        for t in islice(result, limit):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return QueryResult.construct(graph)
    names = [v.value for v in result.variables]
    # Results repeat values (document ids, labels): convert each distinct term once. rdflib
    # terms are immutable, so rows may share them.
    seen: dict[object, Term | None] = {}

    def term(value: object) -> Term | None:
        try:
            return seen[value]
        except KeyError:
            seen[value] = converted = from_ox(value)
            return converted

    rows = [tuple(term(value) for value in solution) for solution in islice(result, limit)]
    return QueryResult.select(names, rows)
