"""Issue 25: the memory of a query is bounded. A short GET with nested CONCAT, or a cartesian
product under ORDER BY, grew a worker by gigabytes until the time limit; with a cap
(here 300 MB, `kg serve --max-memory 300`) the worker is stopped at the cap, the client gets
507 with a one-line reason, the worker is replaced and the next query is answered."""
from __future__ import annotations

import threading
import time

import pytest

from kg.serve import Settings

from .conftest import get

LIMIT_MB = 300
# 200 characters, ten copies per step: 2 GB of text at ?s7, asked for by a 700-byte GET
CONCAT = ("SELECT (STRLEN(?s8) AS ?n) WHERE { BIND(CONCAT(\"" + "a" * 100 + "\", \"" + "a" * 100
          + "\") AS ?s0) " + " ".join(
              f"BIND(CONCAT({', '.join([f'?s{i}'] * 10)}) AS ?s{i + 1})" for i in range(7))
          + " BIND(CONCAT(?s7, ?s7) AS ?s8) }")
CARTESIAN = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c"


@pytest.fixture(scope="module")
def capped(served_store, start_server):
    return start_server(Settings(served_store, port=0, timeout=20, workers=1, quiet=True,
                                 max_memory_mb=LIMIT_MB))


class PeakRss:
    """Samples the resident memory of the server's workers every 20 ms."""

    def __init__(self, server):
        self.server, self.peak, self._stop = server, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.server.pool.pids():
                try:
                    with open(f"/proc/{pid}/statm") as fh:
                        self.peak = max(self.peak, int(fh.read().split()[1]) * 4096)
                except (OSError, ValueError, IndexError):
                    pass
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def answer_after_replacement(server) -> int:
    deadline = time.monotonic() + 30
    while True:
        status = get(server, query="ASK { ?s ?p ?o }")[0]
        if status != 503 or time.monotonic() > deadline:
            return status
        time.sleep(0.2)


@pytest.mark.parametrize("query", [CONCAT, CARTESIAN], ids=["nested-concat", "cartesian-order-by"])
def test_a_query_past_the_memory_cap_is_stopped_with_507(capped, query: str) -> None:
    assert len(query) < 1000
    started = time.monotonic()
    with PeakRss(capped) as rss:
        status, headers, body = get(capped, query=query)
    elapsed = time.monotonic() - started
    assert status == 507, body
    assert f"memory limit of {LIMIT_MB} MB".encode() in body and body.count(b"\n") == 1
    assert headers["Content-Type"].startswith("text/plain")
    assert elapsed < 10, elapsed  # stopped at the cap, not at the 20 s time limit
    assert rss.peak < (LIMIT_MB + 100) << 20, rss.peak >> 20
    assert answer_after_replacement(capped) == 200

