"""Batch driver: files → documents → extractions → one named graph per document → store.

A file that cannot be read is reported in one line and skipped; the batch goes on and nothing
already ingested is lost (each document's graph is written on its own).
"""
from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import multiprocessing
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import yaml
from rdflib import Dataset, Graph

from .errors import InputError, KgError
from .extract import document_province, extract
from .lexicon import Lexicon, load_lexicon
from .model import Document, Extraction
from .curation import Curation, load as load_curation
from .rdf import to_graph, to_triples
from .docrows import Spool
from .resolve import DERIVED_ID, derive
from .text import make_document, read_document

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = {".txt", ".html", ".htm"} | JSONL_SUFFIXES
META_FILE = "sources.yaml"
#: A news article is well under 1 MB; a bigger file is refused rather than read into memory.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


@dataclass
class Report:
    read: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    triples: int = 0
    shards: list[dict] = field(default_factory=list)  # with out_nquads: the files written

    def summary(self) -> str:
        text = (f"{len(self.read)} document(s) read, {len(self.skipped)} skipped, "
                f"{self.triples} triples written")
        if self.shards:
            text += f"; {sum(r['statements'] for r in self.shards)} quads in {len(self.shards)} N-Quads shard(s)"
        return text


def _folder_meta(folder: Path) -> dict:
    path = folder / META_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(str(path), f"bad YAML: {str(err).splitlines()[0]}") from None
    return data if isinstance(data, dict) else {}


def iter_inputs(paths: list[str | Path]) -> Iterator[tuple[Path, dict]]:
    """Every input file with its metadata (site) from a sources.yaml beside it, sorted."""
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            files = [p]
        metas: dict[Path, dict] = {}
        for f in files:
            if f.parent not in metas:
                try:
                    metas[f.parent] = _folder_meta(f.parent)
                except InputError:
                    metas[f.parent] = {}
            meta = metas[f.parent]
            info = dict(meta.get("default") or {})
            info.update((meta.get("files") or {}).get(f.name) or {})
            yield f, info


_SURROGATE = re.compile("[\ud800-\udfff]")
_DROP = re.compile(r"(?is)<(script|style|noscript|template|nav|header|footer|form)\b.*?</\1\s*>|<!--.*?-->")
_BLOCK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h\d|/li|/tr|/title|p|div|h\d|li|tr)\b[^>]*>")
_TAG_OR_ENTITY = re.compile(r"(?s)<[^>]*>|&#?\w+;")


def html_to_text(markup: str) -> tuple[str, list[int]]:
    """Main text of an HTML page (scripts, styles, menus and markup dropped, blocks become lines)
    and, for each of its characters, the index in `markup` it comes from: evidence spans then
    point into the original HTML file."""
    out: list[str] = []
    where: list[int] = []
    dropped = [(m.start(), m.end()) for m in _DROP.finditer(markup)]
    pos, k = 0, 0
    while pos < len(markup):
        if k < len(dropped) and pos >= dropped[k][0]:
            pos = max(pos, dropped[k][1])
            k += 1
            out.append(" ")
            where.append(pos - 1)
            continue
        m = _TAG_OR_ENTITY.match(markup, pos)
        if m:
            piece = markup[m.start():m.end()]
            if piece.startswith("&"):
                text = html.unescape(piece)
            else:
                text = "\n" if _BLOCK.match(piece) else " "
            for ch in text:
                out.append(ch)
                where.append(m.start())
            pos = m.end()
            continue
        out.append(markup[pos])
        where.append(pos)
        pos += 1
    return "".join(out), where


def document_from_html(markup: str, doc_id: str, *, path: str, site, province, lex: Lexicon) -> Document:
    text, where = html_to_text(markup)
    if not text.strip():
        raise InputError(path, "HTML page with no text")
    inner = make_document(text, doc_id, path=path, site=site, province=province, lex=lex)
    offsets = tuple(where[o] for o in inner.offsets[:-1]) + (len(markup),)
    return replace(inner, raw=markup, offsets=offsets)


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(path: Path, limit: int | None = None) -> None:
    limit = limit or MAX_ARTICLE_BYTES
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    if size > limit:
        raise InputError(str(path), f"{_megabytes(size)}, above the {_megabytes(limit)} limit for one article "
                                    "(split it, or give many articles as JSON Lines)")


def jsonl_records(path: Path, info: dict, lex: Lexicon) -> Iterator[tuple[str, Document | InputError]]:
    """One document per line of a JSON Lines file: {"id", "text" or "html", and optionally
    "title", "published" (YYYY-MM-DD), "site", "url", "province"}. A broken line gives an InputError
    naming `file:line`; the other lines go on. Evidence offsets index the record's text."""
    with path.open("rb") as f:
        for n, line in enumerate(f, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                yield where, _record_document(line, where, info, lex)
            except InputError as err:
                yield where, err


def _record_document(line: bytes, where: str, info: dict, lex: Lexicon) -> Document:
    if len(line) > MAX_ARTICLE_BYTES:
        raise InputError(where, f"line of {_megabytes(len(line))}, above the {_megabytes(MAX_ARTICLE_BYTES)} limit")
    try:
        rec = json.loads(line)
    except ValueError as err:
        raise InputError(where, f"broken JSON line ({str(err).splitlines()[0]})") from None
    if not isinstance(rec, dict):
        raise InputError(where, "a JSON Lines record must be an object with \"id\" and \"text\"")
    doc_id, text, markup = rec.get("id"), rec.get("text"), rec.get("html")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(where, "record has no \"id\" string")
    if not isinstance(text, str) and not isinstance(markup, str):
        raise InputError(where, f"record {doc_id!r} has no \"text\" (or \"html\") string")
    for key, value in (("id", doc_id), ("text", text), ("html", markup)):
        if isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(where, f"record {key} has a lone surrogate escape (\\ud800–\\udfff): not Unicode text")
    site = rec.get("site") if isinstance(rec.get("site"), str) else info.get("site")
    province = rec.get("province") if isinstance(rec.get("province"), str) else info.get("province")
    if isinstance(text, str):
        if "\x00" in text:
            raise InputError(where, f"record {doc_id!r}: text has NUL characters, not an article")
        doc = make_document(text, doc_id, path=where, site=site, province=province, lex=lex)
    else:
        doc = document_from_html(markup, doc_id, path=where, site=site, province=province, lex=lex)
    if isinstance(rec.get("url"), str) and rec["url"].strip():
        doc = replace(doc, url=rec["url"].strip())
    if isinstance(rec.get("title"), str) and rec["title"].strip():
        doc = replace(doc, title=" ".join(rec["title"].split()))
    if rec.get("published") is not None:
        try:
            doc = replace(doc, published=dt.date.fromisoformat(str(rec["published"])[:10]).isoformat())
        except ValueError:
            raise InputError(where, f"record {doc_id!r}: published {rec['published']!r} is not YYYY-MM-DD") from None
    return doc


def extract_file(path: Path, info: dict, lex: Lexicon) -> Extraction:
    check_size(path)
    site, province = info.get("site"), info.get("province")
    if path.suffix.lower() in (".html", ".htm"):
        raw = read_document(path, site=site, province=province, lex=lex).raw
        doc = document_from_html(raw, path.stem, path=str(path), site=site, province=province, lex=lex)
    else:
        doc = read_document(path, site=site, province=province, lex=lex)
    if not doc.text.strip():
        raise InputError(str(path), "no text left after removing page furniture")
    if isinstance(info.get("url"), str) and info["url"].strip():
        doc = replace(doc, url=info["url"].strip())
    return extract(doc, lex)


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
#: Below this many inputs, extraction runs in this process (starting workers costs a second).
MIN_PARALLEL = 64


@dataclass
class Task:
    """One input: a file, or one line of a JSON Lines file (its bytes), or an error found while
    listing the inputs."""
    where: str
    path: str
    info: dict
    line: bytes | None = None
    error: str | None = None


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


_WORKER: dict = {}


def _init_worker(curation: Curation, tables: bool = False) -> None:
    _WORKER["lex"] = load_lexicon()
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
    try:
        if task.line is not None:
            ex = _extract_doc(_record_document(task.line, where, task.info, lex), lex)
        else:
            ex = extract_file(Path(task.path), task.info, lex)
        province, source = document_province(ex.doc, lex)
        triples = to_triples(ex, province, source, curation)
        graph = graph_iri(ex.doc.doc_id)
        return Done(where, ex.doc.doc_id, nt_quads(triples, graph).encode(), len(triples),
                    tables=encoded(of_triples(triples, graph)) if tables else None)
    except KgError as err:
        return Done(where, error=str(err) if where in str(err) else f"{where}: {err}")
    except Exception as err:  # a bug on one document must not stop the batch; say it plainly
        first = str(err).splitlines()[0] if str(err) else ""
        return Done(where, error=f"{where}: internal error ({type(err).__name__}: {first}); please report it")


def tasks_of(paths: list[str | Path], on_file: Callable[[Path], None] | None = None) -> Iterator[Task]:
    """Every input as a Task, streamed: a JSON Lines file is read a line at a time."""
    for path, info in iter_inputs(paths):
        if on_file:
            on_file(path)
        if path.suffix.lower() not in JSONL_SUFFIXES:
            yield Task(str(path), str(path), info)
            continue
        try:
            with path.open("rb") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        yield Task(f"{path}:{n}", str(path), info, line=line)
        except OSError as err:
            yield Task(str(path), str(path), info, error=f"{path}: cannot read: {err.strerror}")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start_workers(jobs: int, curation: Curation, tables: bool):
    """`jobs` extraction processes, started fresh (spawn: the parent holds the store open)."""
    ctx = multiprocessing.get_context("spawn")
    return ctx.Pool(jobs, initializer=_init_worker, initargs=(curation, tables))


#: Inputs a worker takes at a time.
CHUNK = 8
#: How often (seconds) the build checks, while it waits for a result, that no worker has died.
WATCH_EVERY = 1.0


def _results(pool, window: list[Task], started: set[int]) -> Iterator[Done]:
    """The pool's results for the window, in input order. A Pool replaces a worker that dies
    (killed, out of memory, or a script that runs its build again as each worker imports it)
    but loses its task, and would wait for it for ever: a worker that is not one of those it
    started stops the build instead."""
    chunks = pool.imap(_process_chunk, [window[i:i + CHUNK] for i in range(0, len(window), CHUNK)])
    while True:
        try:
            yield from chunks.next(timeout=WATCH_EVERY)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            if {p.pid for p in multiprocessing.active_children()} - started:
                raise BrokenWorkers from None


def _process_chunk(tasks: list[Task]) -> list[Done]:
    return [process(t) for t in tasks]


class BrokenWorkers(Exception):
    """A worker process died; its task is lost."""


def _ingest(tasks, jobs: int, lex: Lexicon, curation: Curation, spool, take, flush) -> None:
    """Every task through the workers (or this process) into the store, in input order."""
    pool = None
    started: set[int] = set()
    received = 0
    try:
        while True:
            window = list(itertools.islice(tasks, WINDOW))
            if not window:
                break
            if pool is None and jobs > 1 and (len(window) >= MIN_PARALLEL or len(window) == WINDOW):
                pool = _start_workers(jobs, curation, spool is not None)
                started = {p.pid for p in multiprocessing.active_children()}
            if pool is None:
                results = (process(t, lex, curation, spool is not None) for t in window)
            else:
                results = _results(pool, window, started)
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
            pool.terminate()
            pool.join()


def build(paths: list[str | Path], store, *, on_file: Callable[[Path], None] | None = None,
          lex: Lexicon | None = None, derive_after: bool = True, curation: Curation | None = None,
          jobs: int | None = 1, out_nquads: str | Path | None = None) -> Report:
    """Ingest files into the store, one named graph per document, then recompute the derived
    graph (careers, succession, inferred holders) unless `derive_after` is False.

    `jobs` worker processes extract (None: one per core); the inputs are streamed and the
    documents written to the store in batches of BATCH_DOCS whole documents, in input order,
    so the result does not depend on `jobs`: each batch in one transaction, or, into an empty
    store, through the backend's bulk loader (``Store.bulk``). `out_nquads` also writes every named graph
    to sharded N-Quads files in that folder (kg.shards) for a server's bulk loader."""
    lex = lex or load_lexicon()
    curation = curation or load_curation()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    report = Report()
    # Into a store without documents, the derivation reads what it needs of each document
    # from rows the workers compute (kg.docrows), not by querying the store again.
    spool = Spool() if derive_after and not [d for d in store.document_ids() if d != DERIVED_ID] else None
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
            report.skipped.append((done.where, f"{done.where}: same document id as {seen[done.doc_id]}; "
                                               "rename one of them"))
            return
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
            _ingest(tasks, jobs, lex, curation, spool, take, flush)
            if derive_after:
                derive(store, curation, lex, source=spool)
    finally:
        if spool is not None:
            spool.close()
    if out_nquads is not None:
        from .shards import write_shards

        report.shards = write_shards(store, Path(out_nquads))
    return report


def build_dataset(paths: list[str | Path]) -> Dataset:
    """The graph of some files in memory (for tests, views and notebooks)."""
    from .store import open_store

    store = open_store(backend="memory")
    build(paths, store)
    return store.dataset()
