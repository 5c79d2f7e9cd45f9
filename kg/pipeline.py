"""Batch driver: files → documents → extractions → one named graph per document → store.

A file that cannot be read is reported in one line and skipped; the batch goes on and nothing
already ingested is lost (each document's graph is written on its own).
"""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Dataset, Graph

from .errors import InputError, KgError, printable
from .extract import document_province, extract
from .lexicon import Lexicon, load_lexicon
from .model import Document, Extraction
from .curation import Curation, load as load_curation
from .diskfull import disk_full, is_disk_full
from .rdf import to_graph, to_triples
from .docrows import Spool
from .resolve import DERIVED_ID, derive
from .files import MAX_ARTICLE_BYTES  # noqa: F401 - where it always was
from .html import html_to_text  # noqa: F401 - where it always was
from .inputs import Task, file_document, record_document, tasks_of
from .inputs import iter_inputs, jsonl_records  # noqa: F401 - where they always were
from .workers import BrokenWorkers, Workers

#: Seconds one document's extraction may take; past it, the document is reported and skipped.
TIME_LIMIT = 120.0


@dataclass
class Report:
    read: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    triples: int = 0
    shards: list[dict] = field(default_factory=list)  # with out_nquads: the files written
    notes: list[str] = field(default_factory=list)  # one line each: what was repaired in a text

    def summary(self) -> str:
        text = (f"{len(self.read)} document(s) read, {len(self.skipped)} skipped, "
                f"{self.triples} triples written")
        if self.shards:
            text += f"; {sum(r['statements'] for r in self.shards)} quads in {len(self.shards)} N-Quads shard(s)"
        return text


def _extract_doc(doc: Document, lex: Lexicon) -> Extraction:
    if not doc.text.strip():
        raise InputError(doc.path, "no text left after removing page furniture")
    return extract(doc, lex)


def graph_of(ex: Extraction, lex: Lexicon, curation: Curation | None = None) -> Graph:
    province, source = document_province(ex.doc, lex)
    return to_graph(ex, province, source, curation)


# -- the batch build ----------------------------------------------------------------------------
#: Documents per store transaction, and inputs handed to the workers at a time (memory stays flat).
BATCH_DOCS = 256
WINDOW = 4096
#: Below this many inputs, extraction runs in one process (starting workers costs a second).
MIN_PARALLEL = 64


@dataclass
class Done:
    """What a worker gives back for a Task: the document's named graph as N-Quads (UTF-8: bytes
    cross the pipe at half the cost of a str, and go to the spool as they are), or a reason."""
    where: str
    doc_id: str | None = None
    nquads: bytes | None = None
    triples: int = 0
    error: str | None = None
    tables: dict | None = None  # kg.docrows.of_triples (encoded), when the build asked for them
    notes: tuple[str, ...] = ()  # one line each: what was repaired in the document's text


_WORKER: dict = {}


def _init_worker(curation: Curation, tables: bool = False, lex: Lexicon | None = None) -> None:
    _WORKER["lex"] = lex or load_lexicon()
    _WORKER["curation"] = curation
    _WORKER["tables"] = tables


def process(task: Task, lex: Lexicon | None = None, curation: Curation | None = None,
            tables: bool | None = None) -> Done:
    """Text → extraction → the document's triples as N-Quads (runs in a worker process), and
    with `tables` what the derivation reads of them (kg.docrows)."""
    from .docrows import encoded, of_triples
    from .store.base import graph_iri
    from .store.terms import nt_quads

    lex = lex or _WORKER["lex"]
    curation = curation if curation is not None else _WORKER["curation"]
    tables = tables if tables is not None else _WORKER.get("tables", False)
    where = task.where
    if task.error:
        return Done(where, error=task.error)
    shown = printable(where)
    try:
        notes: list[str] = []
        if task.line is not None:
            doc = record_document(task.line, where, task.info, lex)
        else:
            doc, notes = file_document(Path(task.path), task.info, lex)
        ex = _extract_doc(doc, lex)
        province, source = document_province(ex.doc, lex)
        triples = to_triples(ex, province, source, curation)
        graph = graph_iri(ex.doc.doc_id)
        return Done(where, ex.doc.doc_id, nt_quads(triples, graph).encode(), len(triples),
                    tables=encoded(of_triples(triples, graph)) if tables else None, notes=tuple(notes))
    except KgError as err:
        return Done(where, error=str(err) if str(err).startswith(shown) else f"{shown}: {err}")
    except RecursionError:
        return Done(where, error=f"{shown}: nested too deeply to read; skipped")
    except Exception as err:  # a bug on one document must not stop the batch; say it plainly
        first = str(err).splitlines()[0] if str(err) else ""
        return Done(where, error=f"{shown}: internal error ({type(err).__name__}: {first}); please report it")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start_workers(jobs: int, curation: Curation, tables: bool, time_limit: float | None = None,
                   fork_lex: Lexicon | None = None) -> Workers:
    """`jobs` extraction processes (kg.workers): spawned fresh, as the parent holds the store
    open; or, with `fork_lex`, one forked process that shares this one's lexicon."""
    return Workers(jobs, curation, tables, time_limit=time_limit, fork_lex=fork_lex)


def _ingest(tasks, jobs: int, lex: Lexicon, curation: Curation, spool, take, flush,
            time_limit: float | None = None) -> None:
    """Every task through the workers (or one process) into the store, in input order. Without
    a time limit, one process is this one; with one, a forked worker under watch (kg.workers)."""
    pool = None
    received = 0
    try:
        while True:
            window = list(itertools.islice(tasks, WINDOW))
            if not window:
                break
            if pool is None and jobs > 1 and (len(window) >= MIN_PARALLEL or len(window) == WINDOW):
                pool = _start_workers(jobs, curation, spool is not None, time_limit)
            elif pool is None and time_limit is not None:
                pool = _start_workers(1, curation, spool is not None, time_limit, fork_lex=lex)
            if pool is None:
                results = (process(t, lex, curation, spool is not None) for t in window)
            else:
                results = pool.run(window)
            for done in results:
                take(done)
                received += 1
        flush()
    except BrokenWorkers:
        hint = ("a worker died as it started: a script that calls kg.pipeline.build must do so under "
                "`if __name__ == \"__main__\":`, since each worker imports the script again"
                if received == 0 else "one was killed, perhaps for want of memory")
        raise KgError(f"the extraction workers stopped after {received} input(s): {hint}") from None
    finally:
        if pool is not None:
            pool.close()


def build(paths: list[str | Path], store, *, on_file: Callable[[Path], None] | None = None,
          lex: Lexicon | None = None, derive_after: bool = True, curation: Curation | None = None,
          jobs: int | None = 1, out_nquads: str | Path | None = None,
          time_limit: float | None = TIME_LIMIT) -> Report:
    """Ingest files into the store, one named graph per document, then recompute the derived
    graph (careers, succession, inferred holders) unless `derive_after` is False.

    A document whose extraction runs past `time_limit` seconds (None: no limit) is stopped,
    reported in one line and skipped (kg.workers): the extraction then always runs in worker
    processes, one forked process when `jobs` is 1 or the inputs are few.

    `jobs` worker processes extract (None: one per core); the inputs are streamed and the
    documents written to the store in batches of BATCH_DOCS whole documents, in input order,
    so the result does not depend on `jobs`: each batch in one transaction, or, into an empty
    store, through the backend's bulk loader (``Store.bulk``). `out_nquads` also writes every named graph
    to sharded N-Quads files in that folder (kg.shards) for a server's bulk loader."""
    if out_nquads is not None:
        from .shards import own_shards

        own_shards(Path(out_nquads))  # a folder of the user's is refused before the build, not after
    lex = lex or load_lexicon()
    curation = curation or load_curation()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    report = Report()
    # Into a store without documents, the derivation reads what it needs of each document
    # from rows the workers compute (kg.docrows), not by querying the store again.
    before = store.document_ids()
    spool = Spool() if derive_after and not [d for d in before if d != DERIVED_ID] else None
    seen: dict[str, str] = {}
    batch: list[tuple[str, bytes]] = []
    def flush() -> None:
        if batch:
            report.triples += store.add_documents(batch)
            batch.clear()

    def take(done: Done) -> None:
        if done.error:
            report.skipped.append((done.where, done.error))
            return
        if done.doc_id in seen:
            report.skipped.append((done.where, f"{printable(done.where)}: same document id as "
                                               f"{printable(seen[done.doc_id])}; rename one of them"))
            return
        report.notes.extend(done.notes)
        seen[done.doc_id] = done.where
        report.read.append(done.doc_id)
        batch.append((done.doc_id, done.nquads))
        if spool is not None:
            spool.add(done.doc_id, done.tables)
        if len(batch) >= BATCH_DOCS:
            flush()

    tasks = tasks_of(paths, on_file)
    try:
        # an empty Oxigraph store is built aside (documents and derived graph) and swapped in
        # at the end; any other store is written in transactions (Store.bulk)
        with store.bulk():
            _ingest(tasks, jobs, lex, curation, spool, take, flush, time_limit)
            if derive_after:
                derive(store, curation, lex, source=spool)
        if before:  # written in transactions: give back the room the database's logs take
            store.compact()
    except OSError as err:
        if not is_disk_full(err):
            raise
        raise disk_full(err, [Path(p) for p in (getattr(store, "location", None), out_nquads) if p],
                        unchanged=_document_ids(store) == before) from None
    finally:
        if spool is not None:
            spool.close()
    if out_nquads is not None:
        from .shards import write_shards

        report.shards = write_shards(store, Path(out_nquads))
    return report


def _document_ids(store) -> list[str] | None:
    try:
        return store.document_ids()
    except (KgError, OSError):
        return None


def build_dataset(paths: list[str | Path]) -> Dataset:
    """The graph of some files in memory (for tests, views and notebooks)."""
    from .store import open_store

    store = open_store(backend="memory")
    build(paths, store)
    return store.dataset()
