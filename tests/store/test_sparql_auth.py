"""How the sparql backend sends credentials: only when asked, in the scheme asked for (Digest is
tested against a real Virtuoso in test_virtuoso.py); Basic up front only where Basic worked."""
from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store import open_store

ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()


class BasicServer(BaseHTTPRequestHandler):
    """Answers POST /query (SPARQL JSON) and PUT /store, for user u / password p over Basic."""

    seen: list[tuple[str, str]] = []

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        self.seen.append((self.command, header.split(" ")[0] if header else "-"))
        if header == "Basic " + base64.b64encode(b"u:p").decode():
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self._authorized():
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(ASK_TRUE)))
            self.end_headers()
            self.wfile.write(ASK_TRUE)

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self._authorized():
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def basic_server():
    BasicServer.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), BasicServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)


def test_basic_is_sent_on_the_challenge_then_up_front(basic_server: str, monkeypatch) -> None:
    from rdflib import Graph, Literal, URIRef

    monkeypatch.setenv("KG_ENDPOINT_USER", "u")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "p")
    with open_store(endpoint=basic_server) as store:
        assert store.query("ASK {}").boolean is True
        assert store.query("ASK {}").boolean is True
        graph = Graph()
        graph.add((URIRef("http://x/s"), URIRef("http://x/p"), Literal("o")))
        assert store.replace_document("d", graph) == 1
        assert store.replace_document("d", graph) == 1
    assert BasicServer.seen == [("POST", "-"), ("POST", "Basic"), ("POST", "Basic"),
                                ("PUT", "-"), ("PUT", "Basic"), ("PUT", "Basic")]


def test_wrong_or_missing_credentials_are_one_clear_error(basic_server: str, monkeypatch) -> None:
    with open_store(endpoint=basic_server) as store:
        with pytest.raises(StoreError, match="wants credentials"):
            store.query("ASK {}")
    monkeypatch.setenv("KG_ENDPOINT_USER", "u")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong")
    with open_store(endpoint=basic_server) as store:
        with pytest.raises(StoreError, match="refused the credentials"):
            store.query("ASK {}")
