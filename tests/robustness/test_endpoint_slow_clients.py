"""Issue 25: slow clients cannot lock everyone out. Sockets that send headers and a few bytes
of body, or that never finish their headers, used to hold every slot of `kg serve` (a slot was
taken before the body was read, and sockets never timed out). Now a request is read whole,
under time limits, before it takes a slot, and a normal query is answered meanwhile."""
from __future__ import annotations

import re
import resource
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import pytest

import kg.serve.httpserver as httpserver
from kg.serve import MAX_IN_FLIGHT, Settings

from .conftest import get

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def served(served_store, start_server):
    return start_server(Settings(served_store, port=0, timeout=10, workers=1, quiet=True))


def open_sockets(server, count: int, first_bytes: bytes) -> list[socket.socket]:
    made = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(first_bytes)
        made.append(sock)
    return made


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


def answered_quickly(server, limit: float = 5.0) -> float:
    started = time.monotonic()
    status, _, body = get(server, query=ASK, client_timeout=limit)
    elapsed = time.monotonic() - started
    assert status == 200 and b"true" in body, (status, body)
    assert elapsed < limit, elapsed
    return elapsed


def test_clients_that_send_a_few_bytes_of_body_hold_no_slot(served) -> None:
    head = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
            b"query=")
    slow = open_sockets(served, MAX_IN_FLIGHT + 16, head)
    try:
        time.sleep(0.5)
        answered_quickly(served)
    finally:
        close_all(slow)


def _limit_files():  # in the child: the common default of `ulimit -n`, soft and hard
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def test_a_thousand_unfinished_headers_do_not_stop_normal_queries(served_store) -> None:
    """`kg serve` on a machine whose limit is 1024 open files, 1,100 sockets that never finish
    their request line: before, accept() failed (too many open files) and spun while normal
    queries waited in the backlog until they timed out."""
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg.cli"]
    process = subprocess.Popen(command + ["serve", "--store", str(served_store), "--port", "0",
                                          "--workers", "1", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               preexec_fn=_limit_files)
    slow = []
    try:
        banner = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", banner)
        assert found, banner
        server = SimpleNamespace(port=int(found.group(1)), url=f"http://127.0.0.1:{found.group(1)}/")
        slow = open_sockets(server, 1100, b"GET /sparql?query=ASK")
        time.sleep(0.5)
        for _ in range(3):
            answered_quickly(server)
    finally:
        close_all(slow)
        process.terminate()
        process.communicate(timeout=20)


def test_a_request_that_does_not_arrive_in_time_gets_408_and_is_closed(served, monkeypatch) -> None:
    monkeypatch.setattr(httpserver, "HEADER_TIMEOUT", 1.0)
    monkeypatch.setattr(httpserver, "BODY_TIMEOUT", 1.0)
    partial_head = open_sockets(served, 1, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.")[0]
    partial_body = open_sockets(served, 1, b"POST /sparql HTTP/1.1\r\nContent-Length: 50\r\n"
                                           b"Content-Type: application/sparql-query\r\n\r\nASK")[0]
    silent = open_sockets(served, 1, b"")[0]
    try:
        started = time.monotonic()
        for sock in (partial_head, partial_body):
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 408 "), answer
        assert silent.recv(4096) == b""  # nothing was asked: closed without a word
        assert time.monotonic() - started < 4
        answered_quickly(served)
    finally:
        close_all([partial_head, partial_body, silent])


def test_at_the_connection_cap_the_longest_waiting_is_closed(served, monkeypatch) -> None:
    monkeypatch.setattr(served, "max_connections", 40)
    idle = open_sockets(served, 50, b"GET /spa")
    try:
        time.sleep(0.5)
        closed = 0
        for sock in idle[:10]:
            sock.settimeout(3)
            try:
                closed += sock.recv(1) == b""
            except ConnectionResetError:  # closed with data unread: a reset
                closed += 1
        assert closed == 10
        answered_quickly(served)
        idle[-1].sendall(b"rql?" + urllib.parse.urlencode({"query": ASK}).encode()
                         + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        idle[-1].settimeout(5)
        assert idle[-1].recv(4096).startswith(b"HTTP/1.1 200 ")  # the newest were kept
    finally:
        close_all(idle)
