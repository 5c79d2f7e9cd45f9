"""Extraction processes watched by the build: results in input order, and a document that runs
past the time limit reported and skipped while the batch goes on.

A Python regular expression cannot be interrupted (not by a signal, not by another thread: it
holds the interpreter), so the limit is kept from outside: each worker process tells the build
when it finishes a document, and one that has been on the same document for longer than the
limit is killed and replaced, its document reported in one line and the documents it had
queued handed out again. A worker that dies on its own (killed for want of memory, or a script
whose build runs again in every worker) stops the build instead, as it always has.

`jobs` processes are started with ``spawn`` (the parent holds the store open) and load the
lexicon themselves. One worker, the build's "single process" mode under a time limit, is
``fork``ed instead: it starts at once, with the build's own lexicon and curation.
"""
from __future__ import annotations

import collections
import multiprocessing
import time
from multiprocessing.connection import wait
from typing import Iterator

#: Inputs a worker is sent at a time, and at most twice as many wait at each worker.
CHUNK = 8
#: How often (seconds) the build looks at its workers while it waits for a result.
WATCH_EVERY = 1.0


class BrokenWorkers(Exception):
    """A worker process died on its own; its task is lost."""


def _serve(conn, lex, curation, tables) -> None:
    """A worker: set up (kg.pipeline._init_worker), then extract what comes, one answer each."""
    from . import pipeline  # looked up at each call: a script may have replaced process()

    pipeline._init_worker(curation, tables, lex)
    conn.send(None)  # ready
    try:
        while (chunk := conn.recv()) is not None:
            for seq, task in chunk:
                conn.send((seq, pipeline.process(task)))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass  # the build has gone


class _Worker:
    def __init__(self, ctx, lex, curation, tables):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, lex, curation, tables), daemon=True,
                                   name="kg-extract")
        self.process.start()
        child.close()
        self.ready = self.dead = False
        self.queue: collections.deque = collections.deque()  # (seq, task) sent, not answered
        self.since = time.monotonic()  # when the document at the head of the queue began (at most)

    def send(self, items: list) -> None:
        if not self.queue:
            self.since = time.monotonic()
        self.queue.extend(items)
        self.conn.send(items)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Workers:
    """`jobs` extraction processes; `run(tasks)` gives their Done in input order."""

    def __init__(self, jobs: int, curation, tables: bool, *, time_limit: float | None = None,
                 fork_lex=None):
        if "fork" not in multiprocessing.get_all_start_methods():
            fork_lex = None  # not on this system: spawned, as the others
        self.ctx = multiprocessing.get_context("fork" if fork_lex is not None else "spawn")
        self.args = (fork_lex, curation, tables)
        self.time_limit = time_limit
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self) -> _Worker:
        return _Worker(self.ctx, *self.args)

    def close(self) -> None:
        for w in self.workers:
            w.kill()
        self.workers = []

    def run(self, tasks: list) -> Iterator:
        """The Done of each task, in the order of `tasks`."""
        pending = collections.deque(enumerate(tasks))
        results: dict[int, object] = {}
        following = 0
        while following < len(tasks):
            self._hand_out(pending)
            self._collect(results, pending)
            while following in results:
                yield results.pop(following)
                following += 1

    def _hand_out(self, pending: collections.deque) -> None:
        for w in self.workers:
            if w.ready and pending and len(w.queue) <= CHUNK:
                w.send([pending.popleft() for _ in range(min(CHUNK, len(pending)))])

    def _collect(self, results: dict, pending: collections.deque) -> None:
        """Wait for answers (or a worker's end, or the time limit) and take what came."""
        ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers],
                     timeout=self._wait_time())
        for w in list(self.workers):
            while w.conn in ready and w.conn.poll():
                try:
                    answer = w.conn.recv()
                except (EOFError, OSError):
                    w.dead = True
                    break
                if answer is None:
                    w.ready, w.since = True, time.monotonic()
                    continue
                seq, done = answer
                w.queue.popleft()
                w.since = time.monotonic()
                results[seq] = done
            if w.dead or not w.process.is_alive() and not w.conn.poll():
                raise BrokenWorkers
        self._enforce_limit(results, pending)

    def _wait_time(self) -> float:
        if self.time_limit is None:
            return WATCH_EVERY
        heads = [w.since + self.time_limit - time.monotonic() for w in self.workers if w.queue]
        return max(0.01, min([WATCH_EVERY, *heads]))

    def _enforce_limit(self, results: dict, pending: collections.deque) -> None:
        if self.time_limit is None:
            return
        now = time.monotonic()
        for i, w in enumerate(self.workers):
            if not w.queue or now - w.since < self.time_limit:
                continue
            seq, task = w.queue.popleft()
            w.kill()
            results[seq] = _too_slow(task, self.time_limit)
            pending.extendleft(reversed(w.queue))  # the rest of its queue, first in line again
            self.workers[i] = self._start()


def _too_slow(task, limit: float):
    from .errors import printable
    from .pipeline import Done

    return Done(task.where, error=f"{printable(task.where)}: extraction ran past the time limit of {limit:g} s "
                                  "for one document, and was stopped; skipped (kg build --doc-timeout sets the limit)")
