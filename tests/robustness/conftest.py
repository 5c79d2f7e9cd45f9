"""Fixtures of the robustness suite (issue 8): a marker for the heavier property tests, and
the SPARQL endpoint (`kg serve`) over real HTTP on loopback, as in tests/serve/."""
from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from httpget import http  # noqa: F401 - also used by the tests that import it from here

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow_property: a heavier property-based test, bounded by "
                                       "its hypothesis settings (runs in CI all the same)")


@pytest.fixture(scope="module")
def served_store(tmp_path_factory) -> Path:
    """An embedded store of the seed corpus, for the endpoint."""
    from kg.pipeline import build
    from kg.store import open_store

    where = tmp_path_factory.mktemp("endpoint") / "store"
    with open_store(where, backend="oxigraph") as store:
        report = build([CORPUS], store)
    assert not report.skipped
    return where


@pytest.fixture(scope="module")
def start_server():
    """start_server(Settings) -> a serving SparqlServer; all are closed after the module."""
    from kg.serve import make_server

    running = []

    def start(settings):
        server = make_server(settings)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread))
        return server

    yield start
    for server, thread in running:
        server.close()
        thread.join(5)


def get(server, path: str = "sparql", *, headers: dict | None = None, client_timeout: float = 30,
        **params) -> tuple[int, dict, bytes]:
    """GET path?params (a ``timeout`` param is the endpoint's; the client waits client_timeout s)."""
    query = urllib.parse.urlencode(params)
    return http(server.url + path + (f"?{query}" if query else ""), headers=headers, timeout=client_timeout)
