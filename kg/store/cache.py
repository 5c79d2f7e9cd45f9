"""Answers of slow SELECT queries kept beside an embedded store opened read-only.

A researcher runs the same listing (``kg query positions``, a page of ``kg serve``) many times
on a store that changes only when it is built again. Oxigraph evaluates such a listing in
0.3-0.8 s at a million quads (benchmarks/README.md); reading its answer back from a file takes
a tenth of that. So a read-only store keeps the answer of every SELECT that took at least
``SLOW_SECONDS`` in ``<store>/kg-answers/``, as SPARQL TSV, and gives it back while the
store is unchanged.

Unchanged means: the files of the store (name, size, modification time, inode; everything
but ``kg-answers/``) are the same as when the read-only handle opened it. A read-only handle
sees the data as of its opening, so that listing names the data it sees. Any write by any
process changes it: a transaction appends to the write-ahead log, a bulk load adds tables, a
build puts a new folder in place, even opening the store read-write starts a new log. When the
store changes after a handle opened it, that handle neither reads nor writes answers (its data
is older than the files). Answers of an older state are removed when a new one is written.

The answer is keyed by the query text, its parameters, its row limit and the pyoxigraph
version. A query that calls NOW(), RAND(), UUID(), STRUUID() or BNODE(), or has a SERVICE
clause, is never kept: its answer is not a function of the data alone.

Nothing here is needed for correctness: a cache that cannot be written (a store on a read-only
disk) or an answer that cannot be read is skipped, and the query is evaluated.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from pathlib import Path
from typing import Callable, Mapping

import pyoxigraph as ox

from kg.store.base import QueryResult
from kg.store.terms import Term, nt

FOLDER = "kg-answers"
SLOW_SECONDS = 0.1  # a faster query is evaluated every time
MAX_ANSWER_BYTES = 64 << 20  # a bigger answer is not kept
MAX_FOLDER_BYTES = 512 << 20  # past this, the answers kept longest ago are removed
FORMAT = "1"  # bump when what an answer file holds changes
# A query whose answer is not a function of the data (the time, random numbers, fresh blank nodes
# or identifiers, another endpoint) is evaluated every time.
VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b", re.IGNORECASE)


def fingerprint(location: Path) -> str | None:
    """A digest of the store's files as they are now; None when they cannot be listed."""
    try:
        entries = sorted(
            (e.name, st.st_size, st.st_mtime_ns, st.st_ino)
            for e in os.scandir(location) if e.name != FOLDER
            for st in (e.stat(follow_symlinks=False),)
        )
    except OSError:
        return None
    return hashlib.sha256(repr(entries).encode()).hexdigest()[:24]


class AnswerCache:
    """The answers kept for one read-only handle on the store at ``location``. ``state`` is
    the store's fingerprint when the handle opened it (None: keep nothing)."""

    def __init__(self, location: Path, state: str | None):
        self.location = location
        self.folder = location / FOLDER
        self.state = state
        self.hits = 0
        self.stores = 0

    def _current(self) -> bool:
        return self.state is not None and fingerprint(self.location) == self.state

    def _path(self, sparql: str, bindings: Mapping[str, Term], limit: int | None) -> Path:
        key = "\0".join([FORMAT, ox.__version__, sparql, repr(limit)] + [f"{k}={nt(v)}" for k, v in sorted(bindings.items())])
        return self.folder / f"{self.state}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.tsv"

    def answer(self, sparql: str, bindings: Mapping[str, Term], limit: int | None,
               evaluate: Callable[[], QueryResult],
               convert: Callable[[object], QueryResult]) -> QueryResult:
        """The kept answer of this query, else ``evaluate()``'s (kept when it was slow)."""
        if VOLATILE.search(sparql) or not self._current():
            return evaluate()
        # with a row limit, the whole answer serves too (kg serve asks for max_rows + 1 rows of
        # what `kg query NAME` and `kg build --warm` keep whole)
        for kept_limit in (limit, None) if limit is not None else (None,):
            path = self._path(sparql, bindings, kept_limit)
            if path.is_file():
                try:
                    result = convert(ox.parse_query_results(path=str(path), format=ox.QueryResultsFormat.TSV))
                except (OSError, SyntaxError, ValueError):
                    continue  # a damaged or half-removed file
                self.hits += 1
                return result if kept_limit == limit else QueryResult.select(result.vars, result.rows[:limit])
        started = time.perf_counter()
        result = evaluate()
        if result.kind == "select" and result.vars and time.perf_counter() - started >= SLOW_SECONDS:
            whole = limit is not None and len(result.rows) < limit  # the limit cut nothing off
            self._keep(self._path(sparql, bindings, None if whole else limit), result)
        return result

    def _keep(self, path: Path, result: QueryResult) -> None:
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines.extend("\t".join("" if t is None else nt(t) for t in row) for row in result.rows)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if len(data) > MAX_ANSWER_BYTES:
            return
        part = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
        try:
            self.folder.mkdir(exist_ok=True)
            part.write_bytes(data)
            if not self._current():  # the store changed while the query ran
                part.unlink()
                return
            os.replace(part, path)
            self.stores += 1
            self._tidy(path)
        except OSError:  # cannot write beside the store: keep nothing
            try:
                part.unlink(missing_ok=True)
            except OSError:
                pass

    def _tidy(self, newest: Path) -> None:
        """Remove the answers of other states of the store, then the oldest answers (but the
        ``newest``) while the folder holds more than MAX_FOLDER_BYTES."""
        kept = []
        for entry in os.scandir(self.folder):
            if entry.name.startswith("."):
                continue  # being written
            try:
                if not entry.name.startswith(self.state):
                    os.unlink(entry.path)
                    continue
                st = entry.stat()
            except FileNotFoundError:  # removed by another process meanwhile
                continue
            kept.append((st.st_mtime_ns, st.st_size, entry.path))
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept):
            if total <= MAX_FOLDER_BYTES:
                break
            if path == str(newest):
                continue
            Path(path).unlink(missing_ok=True)
            total -= size
