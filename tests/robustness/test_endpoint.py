"""The endpoint's guarantees (issue 8), over real HTTP on loopback: `kg serve` binds to
127.0.0.1 unless told otherwise; every way of asking for an update (SPARQL Update by POST
``update=``, ``query=`` holding INSERT/DELETE/DROP/LOAD…, an application/sparql-update body,
the Graph Store Protocol's PUT/POST/DELETE) is refused with a 4xx and leaves the store as it
was; the time limit and the result size limit hold; a bounded burst of concurrent queries is
answered (200, or 503 when busy) and the server answers afterwards.

Fixtures and HTTP helpers: tests/robustness/conftest.py. More protocol detail (content
negotiation, saved queries, errors) is in tests/serve/.
"""
from __future__ import annotations

import io
import json
import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, wait

import pytest
from click.testing import CliRunner

from kg.cli import main as kg_main
from kg.export import export
from kg.serve import DEFAULT_HOST, MAX_IN_FLIGHT, Settings
from kg.store import open_store

from .conftest import get, http

KG = "https://w3id.org/kg-vn/def#"
PERSONS = f"PREFIX kg: <{KG}>\nSELECT ?p WHERE {{ ?p a kg:Person }} ORDER BY ?p"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # |G|^3 rows
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def snapshot(location) -> tuple[int, bytes]:
    """Triple count and the canonical N-Quads of the store on disk."""
    with open_store(location, read_only=True) as store:
        out = io.BytesIO()
        export(store, "nquads", out)
        return store.triple_count(), out.getvalue()


@pytest.fixture(scope="module")
def server(served_store, start_server):
    return start_server(Settings(served_store, port=0, timeout=20, workers=2, quiet=True))


@pytest.fixture(scope="module")
def tight(served_store, start_server):
    """One worker, a 1 s time limit and at most 3 rows."""
    return start_server(Settings(served_store, port=0, timeout=1, max_rows=3, workers=1, quiet=True))


def rows_of(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


# -- loopback unless told otherwise ---------------------------------------------------------------

def test_kg_serve_binds_to_127_0_0_1_unless_told_otherwise(served_store, monkeypatch) -> None:
    import kg.serve

    seen = []
    monkeypatch.setattr(kg.serve, "serve", lambda settings, echo=print: seen.append(settings))
    runner = CliRunner()
    assert runner.invoke(kg_main, ["serve", "--store", str(served_store)]).exit_code == 0
    assert runner.invoke(kg_main, ["serve", "--store", str(served_store), "--host", "::1"]).exit_code == 0
    assert [s.host for s in seen] == ["127.0.0.1", "::1"]
    assert Settings(served_store).host == DEFAULT_HOST == "127.0.0.1"


def _outward_address() -> str | None:
    """This machine's address on its default route, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: connect() on UDP only picks a route
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_the_default_server_listens_on_loopback_only(server) -> None:
    assert server.server_address[0] == "127.0.0.1" and server.loopback
    assert server.url.startswith("http://127.0.0.1:")
    assert get(server, query="ASK {}")[0] == 200
    outward = _outward_address()
    if outward is None:
        pytest.skip("no non-loopback address on this machine to try")
    with pytest.raises(OSError):  # refused: nothing listens there
        socket.create_connection((outward, server.port), timeout=2).close()


# -- read-only -----------------------------------------------------------------------------------

INSERT = f'PREFIX kg: <{KG}>\nINSERT DATA {{ GRAPH <urn:x:evil> {{ <urn:x:a> a kg:Person }} }}'
UPDATES = [
    INSERT,
    "DROP ALL",
    "# a comment first\n  drop   silent   default",
    "CLEAR GRAPH <https://w3id.org/kg-vn/graph/003_67efde651a632140>",
    f"PREFIX kg: <{KG}>\nDELETE {{ ?s ?p ?o }} WHERE {{ ?s a kg:Person ; ?p ?o }}",
    f"PREFIX kg: <{KG}>\nDELETE WHERE {{ ?s a kg:Person }}",
    "WITH <urn:x:g> INSERT { <urn:x:a> <urn:x:b> <urn:x:c> } WHERE {}",
    "LOAD <http://127.0.0.1:1/evil.ttl> INTO GRAPH <urn:x:evil>",
    "CREATE GRAPH <urn:x:evil>",
    "COPY DEFAULT TO <urn:x:evil>",
    "BASE <urn:x:> PREFIX : <urn:x:#> insert data { :a :b :c }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
]


def attempts(server, update: str) -> list[tuple[str, tuple[int, dict, bytes]]]:
    base = server.url
    ntriples = b"<urn:x:a> <urn:x:b> <urn:x:c> .\n"
    nt_type = {"Content-Type": "application/n-triples"}
    return [
        ("POST update=", http(base + "sparql", data=urllib.parse.urlencode({"update": update}).encode(), headers=FORM)),
        ("POST query=", http(base + "sparql", data=urllib.parse.urlencode({"query": update}).encode(), headers=FORM)),
        ("POST /query query=", http(base + "query", data=urllib.parse.urlencode({"query": update}).encode(),
                                    headers=FORM)),
        ("GET query=", get(server, query=update)),
        ("GET update=", get(server, update=update)),
        ("POST sparql-update", http(base + "sparql", data=update.encode(),
                                    headers={"Content-Type": "application/sparql-update"})),
        ("POST /update", http(base + "update", data=urllib.parse.urlencode({"update": update}).encode(),
                              headers=FORM)),
        ("POST saved update=", http(base + "saved/positions", data=urllib.parse.urlencode({"update": update}).encode(),
                                    headers=FORM)),
        ("GSP PUT default", http(base + "store?default", data=ntriples, method="PUT", headers=nt_type)),
        ("GSP POST graph", http(base + "store?graph=urn%3Ax%3Aevil", data=ntriples, method="POST", headers=nt_type)),
        ("GSP DELETE graph", http(base + "store?graph=https%3A%2F%2Fw3id.org%2Fkg-vn%2Fgraph%2F003_67efde651a632140",
                                  method="DELETE")),
        ("PUT /sparql", http(base + "sparql", data=ntriples, method="PUT", headers=nt_type)),
        ("DELETE /sparql", http(base + "sparql", method="DELETE")),
        ("PATCH /sparql", http(base + "sparql", data=update.encode(), method="PATCH",
                               headers={"Content-Type": "application/sparql-update"})),
    ]


def test_updates_are_refused_and_the_store_is_unchanged(server, served_store) -> None:
    before = snapshot(served_store)
    assert before[0] > 1000
    for update in UPDATES:
        for how, (status, _headers, body) in attempts(server, update):
            assert 400 <= status < 500, (how, update, status, body)
    # the server still answers, and nothing was added nor taken away
    status, _, body = get(server, query="ASK { GRAPH <urn:x:evil> { ?s ?p ?o } }")
    assert status == 200 and json.loads(body)["boolean"] is False
    status, _, body = get(server, query="ASK { <urn:x:a> ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is False
    status, _, body = get(server, query=PERSONS)
    assert status == 200 and len(rows_of(body)) >= 4
    assert snapshot(served_store) == before


def test_update_words_inside_a_query_are_only_text(server) -> None:
    """A query mentioning INSERT or DROP in a string, a comment or an IRI is a query."""
    text = ('# INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }\nSELECT ?x WHERE { '
            'BIND("DROP ALL ; INSERT DATA { }" AS ?x) FILTER(?x != <urn:x:DELETE>) }')
    status, _, body = get(server, query=text)
    assert status == 200 and rows_of(body)[0]["x"]["value"] == "DROP ALL ; INSERT DATA { }"


# -- time and size limits ------------------------------------------------------------------------

def test_a_slow_query_is_stopped_at_the_time_limit(tight) -> None:
    started = time.monotonic()
    status, _, body = get(tight, query=SLOW, timeout="60")
    assert status == 504 and b"time limit of 1 s" in body
    assert time.monotonic() - started < 8
    deadline = time.monotonic() + 30  # the stopped worker is replaced
    while get(tight, query="ASK {}")[0] != 200:
        assert time.monotonic() < deadline, "no worker came back after the timeout"
        time.sleep(0.2)


def test_a_client_cannot_raise_the_time_limit(tight) -> None:
    deadline = time.monotonic() + 30
    while get(tight, query="ASK {}")[0] != 200:  # a worker is ready
        assert time.monotonic() < deadline
        time.sleep(0.2)
    started = time.monotonic()
    status, _, body = get(tight, query=SLOW, timeout="3600")
    assert status == 504 and time.monotonic() - started < 8


def test_results_are_cut_at_the_row_limit(tight) -> None:
    deadline = time.monotonic() + 30
    while True:
        status, headers, body = get(tight, query=PERSONS)
        if status == 200:
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    assert len(rows_of(body)) == 3
    assert headers["X-Kg-Truncated"] == "true" and headers["X-Kg-Max-Rows"] == "3"
    status, headers, body = get(tight, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", format="nt")
    assert status == 200 and len(body.decode().splitlines()) == 3 and headers["X-Kg-Truncated"] == "true"
    status, headers, body = get(tight, query=f"SELECT ?p WHERE {{ ?p a <{KG}Person> }} LIMIT 2")
    assert status == 200 and len(rows_of(body)) == 2 and "X-Kg-Truncated" not in headers


# -- a burst of concurrent queries -----------------------------------------------------------------

BURST, THREADS, REQUEST_TIMEOUT, WHOLE_BURST = 200, 16, 30, 150
HOSTILE = '<script>alert(1)</script> " } ; DROP ALL ; #'


def test_a_burst_of_concurrent_queries_is_answered(server, served_store) -> None:
    assert THREADS < MAX_IN_FLIGHT
    before = snapshot(served_store)
    persons = rows_of(get(server, query=PERSONS)[2])
    echo = f"SELECT ?x WHERE {{ BIND({json.dumps(HOSTILE)} AS ?x) }}"

    def one(i: int) -> tuple[int, bool]:
        kind = i % 5
        if kind == 0:
            status, _, body = get(server, query=PERSONS, client_timeout=REQUEST_TIMEOUT)
            return status, status != 200 or rows_of(body) == persons
        if kind == 1:
            status, _, body = http(server.url + "sparql", data=PERSONS.encode(), timeout=REQUEST_TIMEOUT,
                                   headers={"Content-Type": "application/sparql-query"})
            return status, status != 200 or rows_of(body) == persons
        if kind == 2:
            status, _, body = get(server, "saved/positions", format="csv", client_timeout=REQUEST_TIMEOUT)
            return status, status != 200 or body.startswith(b"name,role,organization,doc")
        if kind == 3:
            status, _, body = get(server, query=echo, client_timeout=REQUEST_TIMEOUT)
            return status, status != 200 or rows_of(body)[0]["x"]["value"] == HOSTILE
        status, _, body = get(server, query="ASK { ?s ?p ?o }", client_timeout=REQUEST_TIMEOUT)
        return status, status != 200 or json.loads(body)["boolean"] is True

    started = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=THREADS)
    try:
        futures = [pool.submit(one, i) for i in range(BURST)]
        done, not_done = wait(futures, timeout=WHOLE_BURST)
        assert not not_done, f"{len(not_done)} request(s) unanswered after {WHOLE_BURST} s"
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    results = [f.result() for f in futures]
    statuses = [s for s, _ in results]
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert statuses.count(200) >= BURST // 2, statuses.count(503)  # busy at times, never down
    assert all(ok for _, ok in results)  # every 200 carries the right answer
    assert time.monotonic() - started < WHOLE_BURST
    # and afterwards the server answers as before, with the store unchanged
    status, _, body = get(server, query=PERSONS)
    assert status == 200 and rows_of(body) == persons
    assert snapshot(served_store) == before
