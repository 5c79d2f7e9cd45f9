"""A query worker process: opens the store read-only and answers Jobs read from a pipe."""
from __future__ import annotations

import signal
import time

from kg.errors import KgError, QueryError
from kg.serve.diagnosis import diagnose
from kg.serve.formats import media_types, negotiate, render
from kg.serve.replies import Job, Reply, memory_message, text_reply


def execute(store, job: Job) -> Reply:
    """Run ``job`` on an open store and render the answer (runs inside a worker)."""
    started = time.perf_counter()
    try:
        result = store.query(job.query, bindings=job.bindings, limit=job.max_rows + 1)
    except QueryError as exc:
        exc = diagnose(job.query, exc)
        headers = {}
        if exc.line is not None:
            headers["X-Kg-Error-Line"] = str(exc.line)
            if exc.column is not None:
                headers["X-Kg-Error-Column"] = str(exc.column)
        return text_reply(400, f"malformed query: {exc}", headers)
    kind = "graph" if result.kind == "construct" else "results"
    fmt = negotiate(kind, list(job.accept), list(job.names))
    if fmt is None:
        return not_acceptable(kind)
    headers = [("X-Kg-Max-Rows", str(job.max_rows))]
    size = len(result.graph) if result.graph is not None else len(result.rows)
    if size > job.max_rows:
        headers.append(("X-Kg-Truncated", "true"))
        result = _truncate(result, job.max_rows)
        size = job.max_rows
    headers += [("X-Kg-Rows", str(size)),
                ("X-Kg-Elapsed-Ms", f"{(time.perf_counter() - started) * 1000:.1f}")]
    ctype = media_types(kind)[fmt] + "; charset=utf-8"
    return Reply(200, ctype, render(result, fmt), tuple(headers))


def out_of_memory(max_memory: int) -> Reply:
    return text_reply(507, memory_message(max_memory))


def not_acceptable(kind: str) -> Reply:
    offered = ", ".join(media_types(kind).values())
    return text_reply(406, f"no acceptable format for this query; this endpoint offers {offered}")


def _truncate(result, limit: int):
    from dataclasses import replace

    from rdflib import Graph
    from kg.store.terms import nt

    if result.graph is None:
        return replace(result, rows=result.rows[:limit])
    kept = Graph()
    for triple in sorted(result.graph, key=lambda t: tuple(nt(x) for x in t))[:limit]:
        kept.add(triple)
    return replace(result, graph=kept)


def limit_memory(max_bytes: int) -> None:
    """Cap this process's data segment (heap and anonymous mappings: RLIMIT_DATA). Past it an
    allocation fails: Python raises MemoryError, the Rust engine aborts the process."""
    import resource

    if max_bytes > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))


def worker_main(read_fd: int, write_fd: int, location: str,
                max_memory: int = 0) -> None:  # pragma: no cover - child
    """A worker process: open the store read-only, cap its memory at ``max_memory`` bytes
    (0: no cap), then answer Jobs until the pipe closes."""
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    reader, writer = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    try:
        from kg.store.oxigraph import OxigraphStore

        store = OxigraphStore(location, read_only=True)
        limit_memory(max_memory)
    except BaseException as exc:
        writer.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    writer.send(("ready", None))
    while True:
        try:
            job = reader.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job)
        except MemoryError:
            reply = out_of_memory(max_memory)
        except KgError as exc:
            reply = text_reply(500, str(exc))
        except Exception as exc:
            reply = text_reply(500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            writer.send(reply)
        except (OSError, ValueError):
            return

