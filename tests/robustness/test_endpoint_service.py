"""Issue 25: SERVICE must not make `kg serve` send requests unless its operator allowed the
host (`--allow-service`). Local HTTP listeners record whether they were contacted."""
from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.serve import Settings
from kg.serve.federation import check_service, host_allowed, service_targets
from kg.serve.replies import HttpError

from .conftest import http

ANSWER = {"head": {"vars": ["o"]},
          "results": {"bindings": [{"o": {"type": "literal", "value": "from the remote"}}]}}


class Listener:
    """An HTTP server on loopback that answers every SPARQL request with one row and keeps
    the paths it was sent."""

    def __init__(self):
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                hits.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = json.dumps(ANSWER).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listeners():
    made = [Listener(), Listener()]
    yield made
    for listener in made:
        listener.close()


@pytest.fixture(scope="module")
def closed(served_store, start_server):
    """The default: no --allow-service."""
    return start_server(Settings(served_store, port=0, timeout=10, workers=1, quiet=True))


@pytest.fixture(scope="module")
def allowing(served_store, start_server, listeners):
    """--allow-service 127.0.0.1:PORT of the first listener only."""
    return start_server(Settings(served_store, port=0, timeout=10, workers=1, quiet=True,
                                 allow_service=(f"127.0.0.1:{listeners[0].port}",)))


def hostile(url: str) -> list[str]:
    """SERVICE to ``url`` written in every way a naive check would miss."""
    base, _, last = url.rpartition("/")
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{base}/>\nSELECT * WHERE {{ SERVICE r:{last} {{ ?s ?p ?o }} }}",
        f"BASE <{base}/>\nSELECT * WHERE {{ SERVICE <{last}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ <{url}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?o WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ ?a ?b ?c }} FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERV\\u0049CE <{url}> {{ ?s ?p ?o }} }}",  # \u escape
        f'SELECT * WHERE {{ # SERVICE in a comment, then for real\n ?a ?b "#" . SERVICE <{url}> {{ ?s ?p ?o }} }}',
        f"PREFIX e: <urn:x#>\nSELECT * WHERE {{ ?s e:a\\#b ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_by_default_and_the_listener_is_never_contacted(closed, listeners) -> None:
    listener = listeners[0]
    for query in hostile(listener.url):
        for how in ("get", "form"):
            if how == "get":
                status, _, body = http(closed.url + "sparql?" + urllib.parse.urlencode({"query": query}))
            else:  # what a cross-origin HTML form sends
                status, _, body = http(closed.url + "sparql",
                                       data=urllib.parse.urlencode({"query": query}).encode(),
                                       headers={"Content-Type": "application/x-www-form-urlencoded",
                                                "Origin": "http://evil.example"})
            assert status == 403, (query, body)
            assert b"SERVICE" in body and body.count(b"\n") == 1, body
    assert listener.hits == []
    assert http(closed.url + "sparql?query=ASK%7B%7D")[0] == 200  # the rest still works


def test_only_the_allowed_host_is_reached(allowing, listeners) -> None:
    good, other = listeners
    before = len(good.hits)
    status, _, body = http(allowing.url + "sparql?" + urllib.parse.urlencode(
        {"query": f"SELECT ?o WHERE {{ SERVICE <{good.url}> {{ ?s ?p ?o }} }}"}))
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["o"]["value"] == "from the remote"
    assert len(good.hits) == before + 1
    for query in hostile(other.url):  # another port on the same machine is another host
        status, _, body = http(allowing.url + "sparql?" + urllib.parse.urlencode({"query": query}))
        assert status == 403, (query, body)
    assert other.hits == []
    # a variable target cannot be checked before the query runs, even with an allowed value
    query = f"SELECT * WHERE {{ VALUES ?x {{ <{good.url}> }} SERVICE ?x {{ ?s ?p ?o }} }}"
    assert http(allowing.url + "sparql?" + urllib.parse.urlencode({"query": query}))[0] == 403
    assert len(good.hits) == before + 1


def test_a_page_of_another_site_cannot_federate_even_to_an_allowed_host(allowing, listeners) -> None:
    good = listeners[0]
    before = len(good.hits)
    query = f"SELECT ?o WHERE {{ SERVICE <{good.url}> {{ ?s ?p ?o }} }}"
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "null"}):
        status, _, body = http(allowing.url + "sparql",
                               data=urllib.parse.urlencode({"query": query}).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded", **headers})
        assert status == 403 and b"another site" in body, (headers, body)
    assert len(good.hits) == before
    # a cross-site read without SERVICE is still answered (the endpoint is public and read-only)
    status, _, _ = http(allowing.url + "sparql", data=b"query=ASK%7B%7D",
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 "Origin": "http://evil.example"})
    assert status == 200


def test_the_check_itself() -> None:
    assert service_targets("SELECT * { ?s ?p 'service' }") == []
    assert service_targets("SELECT * { SERVICE ?x { ?s ?p ?o } }") == [None]
    assert service_targets("SELECT * {") is None
    check_service("SELECT * { ?s <urn:service> 'a service' } # service", (), cross_site=True)
    with pytest.raises(HttpError):  # unreadable and holds the word: refused, not guessed
        check_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } ", ("x",), cross_site=False)
    assert host_allowed("http://Example.org/sparql", ["example.org"])
    assert host_allowed("https://example.org:8443/q", ["example.org:8443"])
    assert not host_allowed("https://example.org:8443/q", ["example.org:443"])
    assert not host_allowed("http://example.org.evil.net/", ["example.org"])
    assert not host_allowed("http://evil.net/?example.org", ["example.org"])
    assert not host_allowed("http://example.org@evil.net/", ["example.org"])
    assert not host_allowed("file:///etc/passwd", ["example.org"])
    assert not host_allowed("sparql", ["example.org"])
