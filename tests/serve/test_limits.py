"""`kg serve`'s time and size limits: a slow query is stopped, a busy server says so, rows
are cut at the limit, and a burst of concurrent queries is answered."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from kg.queries import load_saved

from .conftest import CONSTRUCT, KG, PERSONS, SLOW, TRINH, get, http, rows_of


def test_timeout_stops_a_slow_query_and_the_server_recovers(server) -> None:
    started = time.monotonic()
    status, _, body = get(server, query=SLOW, timeout="1")
    elapsed = time.monotonic() - started
    assert status == 504 and b"time limit of 1 s" in body
    assert elapsed < 6, elapsed
    for _ in range(3):  # the killed worker is replaced; queries keep being answered
        assert get(server, query=PERSONS)[0] == 200


def test_server_timeout_is_the_ceiling(tight) -> None:
    started = time.monotonic()
    status, _, body = get(tight, query=SLOW, timeout="60")  # asks for more than the server gives
    assert status == 504 and b"time limit of 1 s" in body
    assert time.monotonic() - started < 6
    deadline = time.monotonic() + 30
    while get(tight, query="ASK {}")[0] != 200:  # the single worker is being replaced
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_busy_server_answers_503(tight) -> None:
    slow = threading.Thread(target=get, args=(tight,), kwargs={"query": SLOW})
    slow.start()
    time.sleep(0.3)
    status, headers, body = get(tight, query="ASK {}", timeout="0.2")
    slow.join()
    assert status == 503 and headers.get("Retry-After") and b"busy" in body


def test_results_are_cut_at_max_rows(tight) -> None:
    deadline = time.monotonic() + 30
    while True:
        status, headers, body = get(tight, query=PERSONS)
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == 200
    assert len(rows_of(body)) == 3
    assert headers["X-Kg-Truncated"] == "true" and headers["X-Kg-Max-Rows"] == "3"
    _, headers, body = get(tight, query=CONSTRUCT, format="nt")
    assert len(body.decode().splitlines()) == 3 and headers["X-Kg-Truncated"] == "true"
    _, headers, _ = get(tight, query=f"SELECT ?p WHERE {{ ?p a <{KG}Person> }} LIMIT 2")
    assert "X-Kg-Truncated" not in headers


def test_burst_of_concurrent_queries(server, embedded) -> None:
    positions = load_saved("positions").text
    expected = {"persons": embedded.query(PERSONS).rows, "positions": embedded.query(positions).rows}

    def one(i: int) -> bool:
        if i % 3 == 0:
            status, _, body = get(server, query=PERSONS)
            return status == 200 and rows_of(body) == expected["persons"]
        if i % 3 == 1:
            status, _, body = http(server.url + "sparql", data=positions.encode(),
                                   headers={"Content-Type": "application/sparql-query"})
            return status == 200 and rows_of(body) == expected["positions"]
        status, _, body = get(server, "saved/positions", format="csv")
        return status == 200 and ",".join(TRINH).encode() in body

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(50)))
    assert all(results), results.count(False)

