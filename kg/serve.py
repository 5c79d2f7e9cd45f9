"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the embedded store, and a query page.

Routes (all read-only):

  GET/POST /sparql        the SPARQL 1.1 Protocol query operation (``/query`` is an alias):
                          GET ``?query=``; POST ``application/sparql-query`` (the body is the
                          query) or ``application/x-www-form-urlencoded`` (``query=``).
  GET      /saved/NAME    a saved query of queries/ with its declared params from the URL
                          (``?role=Bí thư&date=2021-06-10``), bound as typed RDF terms.
  GET      /queries.json  the saved queries (name, title, description, params, text, columns).
  GET      /              the query page (our own HTML + JS; nothing is loaded from elsewhere).
  *        /update, /store, ``update=``, ``application/sparql-update``: 403, read-only.

Content negotiation (``Accept``; a ``format=`` or ``output=`` parameter overrides it):
SELECT/ASK as SPARQL JSON (default), SPARQL XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle
(default), N-Triples, JSON-LD or RDF/XML. The writers are those of ``kg query`` and
``kg export``, so the rows are the ones the embedded store gives.

Errors, as one line of text/plain: 400 malformed query (with line and column) or bad
parameter, 403 update refused or unexpected Host, 404, 405, 406 no acceptable format,
411/413/415 bad request body, 503 every worker busy (with Retry-After), 504 the query ran past
the time limit and was stopped. Results beyond ``max_rows`` are cut off and the response says
so in the headers ``X-Kg-Truncated: true`` and ``X-Kg-Max-Rows``.

How queries run: pyoxigraph cannot cancel a query once started, so queries run in a small
pool of worker processes (``python -c``, fed through pipes), each with the store opened
read-only. A query that runs past its time limit has its worker killed (and a fresh one
started), so a runaway query never keeps eating the machine. Workers see the store as it was when they opened it: restart ``kg serve``
after a rebuild. SPARQL Update is refused before anything runs, and could not run anyway
(read-only store, and only the query operation is ever called).
"""
from __future__ import annotations

import io
import ipaddress
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Mapping
from xml.sax.saxutils import escape as xml_escape, quoteattr

from kg.errors import InputError, KgError, QueryError, StoreError
from kg.store.terms import PREFIXES, XSD_STRING, Term
from kg.store.values import UPDATE_KEYWORDS, query_form

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1 << 20  # bytes of a POST body
MAX_IN_FLIGHT = 64  # requests being answered at once; more get 503 at once
RESERVED_PARAMS = frozenset({"format", "output", "results", "timeout", "query", "update"})
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"

# -- formats and content negotiation ------------------------------------------------------

RESULT_TYPES = {  # SELECT / ASK
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {  # CONSTRUCT / DESCRIBE
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_MEDIA_ALIASES = {  # other media types clients send, per kind
    "results": {"application/json": "json", "text/javascript": "json",
                "application/javascript": "json", "application/xml": "xml", "text/xml": "xml"},
    "graph": {"application/turtle": "turtle", "application/x-turtle": "turtle",
              "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",
              "text/plain": "nt", "application/x-json+ld": "jsonld", "application/json": "jsonld",
              "application/xml": "rdfxml", "text/xml": "rdfxml"},
}
_NAME_ALIASES = {  # values of format= / output=, per kind
    "results": {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv",
                "tsv": "tsv"},
    "graph": {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "nt",
              "ntriples": "nt", "n-triples": "nt", "jsonld": "jsonld", "json-ld": "jsonld",
              "json": "jsonld", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml",
              "xml": "rdfxml"},
}
DEFAULT_FORMAT = {"results": "json", "graph": "turtle"}


def kind_of(form: str | None) -> str | None:
    """"results" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE, None when unknown."""
    return {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph",
            "DESCRIBE": "graph"}.get(form or "")


def media_types(kind: str) -> dict[str, str]:
    return RESULT_TYPES if kind == "results" else GRAPH_TYPES


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped; stable for equal q)."""
    if not header:
        return []
    ranges = []
    for index, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            key, _, value = p.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, index, media.lower()))
    return [media for _q, _i, media in sorted(ranges)]


def negotiate(kind: str, accept: list[str], names: list[str]) -> str | None:
    """The format for a result of ``kind``: the first known ``format=``/``output=`` value,
    else the best Accept entry we serve, else the default when Accept is empty or has a
    wildcard; None (406) when the client accepts nothing we can write."""
    by_name = _NAME_ALIASES[kind]
    by_type = {v: k for k, v in media_types(kind).items()} | _MEDIA_ALIASES[kind]
    for name in names:
        value = name.strip().lower()
        if value in by_name:
            return by_name[value]
        if value.split(";")[0].strip() in by_type:
            return by_type[value.split(";")[0].strip()]
    if not accept:
        return DEFAULT_FORMAT[kind]
    for media in accept:
        if media in by_type:
            return by_type[media]
        if media == "*/*":
            return DEFAULT_FORMAT[kind]
        if media.endswith("/*"):
            for name, full in media_types(kind).items():
                if full.startswith(media[:-1]):
                    return name
    return None


# -- rendering ---------------------------------------------------------------------------

def render(result, fmt: str) -> bytes:
    """Bytes of a ``QueryResult`` in one of RESULT_TYPES / GRAPH_TYPES."""
    from kg.queries import format_result
    from kg.store import canonical

    if fmt in ("json", "csv", "tsv"):
        out = io.StringIO(newline="")
        format_result(result, fmt, out)
        return out.getvalue().encode("utf-8")
    if fmt == "xml":
        return results_xml(result).encode("utf-8")
    graph = result.graph
    if fmt == "turtle":
        return canonical.turtle(graph).encode("utf-8")
    if fmt == "nt":
        return canonical.ntriples(graph).encode("utf-8")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES)).encode("utf-8")
    return graph.serialize(format="xml").encode("utf-8")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most C0 controls at all: they become U+FFFD.
    clean = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in text)
    return xml_escape(clean)


def results_xml(result) -> str:
    """SPARQL Query Results XML Format."""
    from rdflib import BNode, URIRef

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.vars]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for var, term in zip(result.vars, row):
                if term is None:
                    continue
                if isinstance(term, URIRef):
                    value = f"<uri>{_xml_text(str(term))}</uri>"
                elif isinstance(term, BNode):
                    value = f"<bnode>{_xml_text(str(term))}</bnode>"
                elif term.language:
                    value = f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(str(term))}</literal>"
                elif term.datatype is not None and str(term.datatype) != XSD_STRING:
                    value = (f"<literal datatype={quoteattr(str(term.datatype))}>"
                             f"{_xml_text(str(term))}</literal>")
                else:
                    value = f"<literal>{_xml_text(str(term))}</literal>"
                out.append(f"<binding name={quoteattr(var)}>{value}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


# -- running queries in worker processes --------------------------------------------------

@dataclass(frozen=True)
class Job:
    query: str
    bindings: Mapping[str, Term] = field(default_factory=dict)
    accept: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # format= / output= values
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})


def text_reply(status: int, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    body = (" ".join(message.split()) + "\n").encode("utf-8")  # one line
    return Reply(status, "text/plain; charset=utf-8", body, tuple((headers or {}).items()))


def execute(store, job: Job) -> Reply:
    """Run ``job`` on an open store and render the answer (runs inside a worker)."""
    started = time.perf_counter()
    try:
        result = store.query(job.query, bindings=job.bindings, limit=job.max_rows + 1)
    except QueryError as exc:
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


def worker_main(read_fd: int, write_fd: int, location: str) -> None:  # pragma: no cover - child
    """A worker process: open the store read-only, then answer Jobs until the pipe closes."""
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    reader, writer = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    try:
        from kg.store.oxigraph import OxigraphStore

        store = OxigraphStore(location, read_only=True)
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
        except KgError as exc:
            reply = text_reply(500, str(exc))
        except Exception as exc:
            reply = text_reply(500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            writer.send(reply)
        except (OSError, ValueError):
            return


class Busy(Exception):
    """No worker became free in time."""


class QueryTooSlow(Exception):
    """The query ran past its time limit; its worker was killed."""


class WorkerFailed(Exception):
    """A worker died while answering."""


_WORKER_CODE = "import sys; from kg.serve import worker_main; worker_main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])"


class _Worker:
    """A child process (``python -c``, not multiprocessing: nothing of the parent's __main__
    is re-run) talking over two pipes with pickled Jobs and Replies."""

    def __init__(self, location: str):
        from multiprocessing.connection import Connection

        to_parent_r, to_parent_w = os.pipe()
        to_child_r, to_child_w = os.pipe()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(to_child_r), str(to_parent_w), location],
                pass_fds=(to_child_r, to_parent_w), stdin=subprocess.DEVNULL, env=env)
        finally:
            os.close(to_child_r)
            os.close(to_parent_w)
        self.reader = Connection(to_parent_r, writable=False)
        self.writer = Connection(to_child_w, readable=False)

    def send(self, job: Job) -> None:
        self.writer.send(job)

    def poll(self, timeout: float) -> bool:
        return self.reader.poll(timeout)

    def recv(self) -> object:
        return self.reader.recv()

    def wait_ready(self, timeout: float) -> None:
        if not self.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:g} s")
        try:
            status, message = self.recv()
        except (EOFError, OSError):
            status, message = "failed", "the worker exited while starting"
        if status != "ready":
            self.kill()
            raise StoreError(f"a query worker could not open the store: {message}")

    def stop(self, grace: float = 2.0) -> None:
        """Close the pipes (the worker sees EOF and exits); kill it if it does not."""
        for conn in (self.writer, self.reader):
            try:
                conn.close()
            except OSError:
                pass
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for conn in (self.writer, self.reader):
            try:
                conn.close()
            except OSError:
                pass


class WorkerPool:
    """``size`` worker processes with the store at ``location`` opened read-only."""

    def __init__(self, location: Path | str, size: int = 2, *, start_timeout: float = 60.0,
                 log: Callable[[str], None] | None = None):
        self.location, self.size, self.start_timeout = str(location), max(1, size), start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        self._log = log or (lambda message: print(message, file=sys.stderr))
        started = [self._start() for _ in range(self.size)]
        try:
            for worker in started:
                worker.wait_ready(start_timeout)
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self.location)
        with self._lock:
            self._workers.add(worker)
        return worker

    def run(self, job: Job, timeout: float) -> Reply:
        """The worker's reply; raises Busy, QueryTooSlow or WorkerFailed."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {timeout:g} s") from None
        healthy = False
        try:
            worker.send(job)
            if not worker.poll(timeout):
                raise QueryTooSlow(f"the query ran past the time limit of {timeout:g} s "
                                   "and was stopped")
            reply = worker.recv()
            healthy = True
            return reply
        except (EOFError, OSError) as exc:
            raise WorkerFailed(f"the query worker died while answering ({exc or 'no reply'})") from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        threading.Thread(target=self._replace, name="kg-serve-respawn", daemon=True).start()

    def _replace(self) -> None:
        delay = 0.5
        while not self._closed:
            worker = None
            try:
                worker = self._start()
                worker.wait_ready(self.start_timeout)
            except (StoreError, OSError) as exc:
                if worker is not None:
                    with self._lock:
                        self._workers.discard(worker)
                self._log(f"kg serve: cannot start a query worker: {exc}; retrying")
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)
            return

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()


# -- HTTP -------------------------------------------------------------------------------

@dataclass
class Settings:
    location: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    queries_dir: Path | None = None
    quiet: bool = False


def is_loopback(host: str) -> bool:
    name = host.strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``pool`` runs the queries. Use ``make_server`` to build one."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, settings: Settings, pool: WorkerPool, store_info: dict):
        self.settings, self.pool, self.store_info = settings, pool, store_info
        self.loopback = is_loopback(settings.host)
        self.in_flight = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        if ":" in settings.host:
            self.address_family = socket.AF_INET6
        super().__init__((settings.host.strip("[]"), settings.port), Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.settings.host
        host = f"[{host.strip('[]')}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    def close(self) -> None:
        self.shutdown_if_running()
        self.server_close()
        self.pool.close()

    def shutdown_if_running(self) -> None:
        if getattr(self, "_serving", False):
            self.shutdown()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._serving = True
        try:
            super().serve_forever(poll_interval)
        finally:
            self._serving = False


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    def version_string(self) -> str:
        return self.server_version

    # -- plumbing --------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    def log_message(self, format: str, *args) -> None:
        if not self.server.settings.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _dispatch(self, method: str) -> None:
        self._body_read = False
        if not self.server.in_flight.acquire(blocking=False):
            self.close_connection = True
            self._send(text_reply(503, "too many requests at once; retry shortly",
                                  {"Retry-After": "1"}))
            return
        try:
            self._send(self._route(method))
        except HttpError as err:
            self._send(text_reply(err.status, err.message, err.headers))
        except Exception as exc:  # a bug: report it, keep serving
            traceback.print_exc()
            self._send(text_reply(500, f"internal error: {type(exc).__name__}: {exc}"))
        finally:
            self.server.in_flight.release()

    def _send(self, reply: Reply) -> None:
        if not self._body_read and self.headers.get("Content-Length", "0").strip() not in ("", "0"):
            self.close_connection = True  # an unread body would be taken for the next request
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _host_ok(self) -> bool:
        """On a loopback address, only loopback Host names (guards against DNS rebinding)."""
        if not self.server.loopback:
            return True
        host = self.headers.get("Host")
        if host is None:
            return True
        name = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        return is_loopback(name)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() not in ("", "identity"):
            self.close_connection = True
            raise HttpError(411, "send the request body with a Content-Length")
        if length is None:
            self.close_connection = True
            raise HttpError(411, "a POST needs a Content-Length")
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            raise HttpError(400, "bad Content-Length") from None
        if size < 0 or size > MAX_BODY:
            self.close_connection = True
            if 0 < size <= 8 * MAX_BODY:  # read it, so that the client sees the answer, not a reset
                while size > 0:
                    chunk = self.rfile.read(min(1 << 16, size))
                    if not chunk:
                        break
                    size -= len(chunk)
                self._body_read = True
            raise HttpError(413, f"request body too large (at most {MAX_BODY} bytes)")
        self._body_read = True
        return self.rfile.read(size)

    # -- routes ----------------------------------------------------------------------
    def _route(self, method: str) -> Reply:
        url = urllib.parse.urlsplit(self.path)
        if not self._host_ok():
            raise HttpError(403, "unexpected Host header: this server answers loopback names only")
        path = url.path
        if path in ("/sparql", "/query"):
            return self._protocol(method, url)
        if path in ("/update", "/store") or path.startswith("/update/"):
            if method == "POST":
                self._body()
            raise HttpError(403, READ_ONLY)
        if method == "POST" and self.headers.get_content_type() == "application/sparql-update":
            self._body()
            raise HttpError(403, READ_ONLY)
        if path in PAGES:
            self._only(method, "GET", "HEAD")
            content_type, body = PAGES[path]()
            return Reply(200, content_type, body, _PAGE_HEADERS)
        if path == "/favicon.ico":
            self._only(method, "GET", "HEAD")
            return Reply(204, "image/x-icon", b"")
        if path == "/queries.json":
            self._only(method, "GET", "HEAD")
            return Reply(200, "application/json; charset=utf-8", self._catalogue())
        if path.startswith("/saved/"):
            self._only(method, "GET", "POST")
            return self._saved(method, urllib.parse.unquote(path[len("/saved/"):]), url)
        raise HttpError(404, f"no such page: {path}; the SPARQL endpoint is /sparql")

    def _only(self, method: str, *allowed: str) -> None:
        if method not in allowed:
            raise HttpError(405, f"method {method} not allowed here", {"Allow": ", ".join(allowed)})

    def _params(self, method: str, url) -> dict[str, list[str]]:
        """URL parameters, plus a form body or a sparql-query body (as ``query``)."""
        params = _parse_qs(url.query)
        if method != "POST":
            return params
        ctype = self.headers.get_content_type()
        body = self._body()
        if ctype == "application/sparql-update":
            raise HttpError(403, READ_ONLY)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not UTF-8") from None
        if ctype == "application/sparql-query":
            if "query" in params:
                raise HttpError(400, "query given both in the URL and in the body")
            params["query"] = [text]
        elif ctype == "application/x-www-form-urlencoded":
            for key, values in _parse_qs(text).items():
                params.setdefault(key, []).extend(values)
        else:
            raise HttpError(415, f"unsupported Content-Type {ctype}; send application/sparql-query "
                                 "or application/x-www-form-urlencoded")
        return params

    def _protocol(self, method: str, url) -> Reply:
        self._only(method, "GET", "POST")
        params = self._params(method, url)
        if "update" in params:
            raise HttpError(403, READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1:
            raise HttpError(400, "give exactly one 'query' parameter" if queries
                            else "missing 'query' parameter (SPARQL 1.1 Protocol)")
        for unsupported in ("default-graph-uri", "named-graph-uri"):
            if unsupported in params:
                raise HttpError(400, f"{unsupported} is not supported: the default graph is the "
                                     "union of all document graphs; use GRAPH or FROM in the query")
        return self._run(queries[0], {}, params)

    def _saved(self, method: str, name: str, url) -> Reply:
        from kg.queries import bind_params, load_saved

        params = self._params(method, url)
        if "update" in params:
            raise HttpError(403, READ_ONLY)
        folder = self.server.settings.queries_dir
        try:
            saved = load_saved(name, directory=folder) if _SAFE_NAME(name) else None
        except KgError:
            saved = None
        if saved is None:
            raise HttpError(404, f"no saved query named {name!r}; see queries.json")
        values = {}
        for key, given in params.items():
            if key in RESERVED_PARAMS:
                continue
            if len(given) != 1:
                raise HttpError(400, f"param {key} given {len(given)} times")
            values[key] = given[0]
        try:
            bindings = bind_params(saved, values)
        except InputError as exc:
            raise HttpError(400, f"saved query {name}: {exc.problem}") from None
        return self._run(saved.text, bindings, params)

    def _run(self, text: str, bindings: Mapping[str, Term], params: dict[str, list[str]]) -> Reply:
        settings = self.server.settings
        form = query_form(text)
        if form in UPDATE_KEYWORDS:
            raise HttpError(403, READ_ONLY)
        if not text.strip():
            raise HttpError(400, "the query is empty")
        timeout = settings.timeout
        if params.get("timeout"):
            try:
                timeout = min(float(params["timeout"][0]), settings.timeout)
            except ValueError:
                raise HttpError(400, "timeout must be a number of seconds") from None
            if not timeout > 0:
                raise HttpError(400, "timeout must be positive")
        accept = tuple(parse_accept(self.headers.get("Accept")))
        names = tuple(params.get("format", []) + params.get("output", []))
        kind = kind_of(form)
        if kind and negotiate(kind, list(accept), list(names)) is None:
            return not_acceptable(kind)
        job = Job(text, dict(bindings), accept, names, settings.max_rows)
        try:
            return self.server.pool.run(job, timeout)
        except Busy as exc:
            raise HttpError(503, f"server busy: {exc}; retry shortly", {"Retry-After": "2"}) from None
        except QueryTooSlow as exc:
            raise HttpError(504, f"query timeout: {exc}") from None
        except WorkerFailed as exc:
            raise HttpError(500, str(exc)) from None

    def _catalogue(self) -> bytes:
        from kg.queries import list_saved

        settings = self.server.settings
        queries = [{
            "name": q.name, "title": q.title, "description": q.description, "text": q.text,
            "columns": list(q.columns),
            "params": [{"name": p.name, "type": p.type, "default": p.default,
                        "optional": p.optional, "required": p.required,
                        "description": p.description} for p in q.params],
        } for q in list_saved(settings.queries_dir)]
        data = {"endpoint": "sparql", "timeout": settings.timeout, "max_rows": settings.max_rows,
                "store": self.server.store_info, "prefixes": PREFIXES, "queries": queries}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _SAFE_NAME(name: str) -> bool:
    """A bare saved-query name (never a path, never ``x.rq``)."""
    return bool(name) and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "the parameters are not valid UTF-8 URL encoding") from None


# -- starting ---------------------------------------------------------------------------

def store_info(location: Path) -> dict:
    """Documents and triples of the store (opened read-only for a moment); raises StoreError."""
    from kg.store.oxigraph import OxigraphStore

    if not Path(location).is_dir():
        raise StoreError(f"{location}: no store here (build one with `kg build --store {location}`)")
    with OxigraphStore(location, read_only=True) as store:
        return {"location": str(location), "documents": len(store.document_ids()),
                "triples": store.triple_count()}


def make_server(settings: Settings) -> SparqlServer:
    """A bound server with its worker pool started (``port`` 0 picks a free port)."""
    info = store_info(settings.location)
    log = (lambda _m: None) if settings.quiet else None
    pool = WorkerPool(settings.location, settings.workers, log=log)
    try:
        return SparqlServer(settings, pool, info)
    except BaseException:
        pool.close()
        raise


def serve(settings: Settings, *, echo: Callable[[str], None] = print) -> None:
    """Run until interrupted (Ctrl-C / SIGTERM)."""
    server = make_server(settings)
    info = server.store_info
    if not server.loopback:
        echo(f"warning: listening on {settings.host}: anyone who can reach this machine "
             "can query the store")
    echo(f"kg serve: SPARQL endpoint {server.url}sparql (read-only), query page {server.url}")
    echo(f"store {info['location']}: {info['documents']} documents, {info['triples']} triples; "
         f"timeout {settings.timeout:g} s, at most {settings.max_rows} rows, "
         f"{settings.workers} worker(s). Ctrl-C to stop.")

    def stop(*_args) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo("kg serve: stopping")
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        server.pool.close()


# -- the query page ----------------------------------------------------------------------

_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_PAGE_HEADERS = (("Content-Security-Policy", _CSP), ("Referrer-Policy", "no-referrer"))

DEFAULT_QUERY = """\
PREFIX kg: <https://w3id.org/kg-vn/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>

SELECT ?person ?name WHERE {
  ?person a kg:Person ;
          foaf:name ?name .
}
ORDER BY ?name
LIMIT 100
"""

INDEX_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg · SPARQL</title>
<link rel="stylesheet" href="app.css">
</head>
<body>
<header>
  <h1>kg · SPARQL</h1>
  <p>Read-only SPARQL 1.1 endpoint: <code>sparql</code> (GET <code>?query=</code>, or POST).
     <span id="info"></span></p>
</header>
<main>
  <nav aria-label="Saved queries">
    <h2>Saved queries</h2>
    <ul id="saved"></ul>
  </nav>
  <section>
    <h2 id="title">Query</h2>
    <p id="desc"></p>
    <div id="params"></div>
    <textarea id="query" spellcheck="false" rows="16" aria-label="SPARQL query">__DEFAULT_QUERY__</textarea>
    <div class="bar">
      <button id="run" type="button">Run</button> <small>Ctrl+Enter</small>
      <span id="status" role="status"></span>
      <span id="downloads"></span>
    </div>
    <pre id="error" hidden></pre>
    <div id="results"></div>
  </section>
</main>
<script src="app.js"></script>
</body>
</html>
"""

APP_CSS = """
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header { padding: .6rem 1rem; background: #123; color: #eee; }
header h1 { font-size: 1.2rem; margin: 0 0 .2rem; }
header p { margin: 0; }
header code { color: #fd6; }
main { display: flex; gap: 1rem; padding: 1rem; align-items: flex-start; }
nav { flex: 0 0 18rem; max-height: 85vh; overflow: auto; }
nav h2, section h2 { font-size: 1rem; margin: 0 0 .4rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li { margin: 0 0 .3rem; }
nav button { width: 100%; text-align: left; background: #fff; border: 1px solid #ccd;
  border-radius: 4px; padding: .3rem .5rem; cursor: pointer; }
nav button:hover, nav button.active { background: #e6eefc; border-color: #79c; }
nav code { display: block; font-size: .75rem; color: #667; }
section { flex: 1; min-width: 0; }
textarea { width: 100%; font: 13px/1.35 ui-monospace, monospace; padding: .5rem; }
#params { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin-bottom: .5rem; }
#params label { display: flex; flex-direction: column; font-size: .8rem; color: #445; }
#params input { font: inherit; padding: .2rem .3rem; min-width: 14rem; }
.bar { margin: .4rem 0; display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
#run { font-weight: 600; padding: .3rem 1rem; }
#downloads a { margin-right: .5rem; }
#error { background: #fee; border: 1px solid #c99; padding: .5rem; white-space: pre-wrap; }
.warn { color: #a40; }
table { border-collapse: collapse; background: #fff; font-size: 13px; }
th, td { border: 1px solid #ccd; padding: .2rem .4rem; vertical-align: top; text-align: left; }
th { background: #eef; position: sticky; top: 0; }
td.iri { color: #135; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#results { overflow: auto; max-height: 70vh; }
pre.graph { background: #fff; border: 1px solid #ccd; padding: .5rem; white-space: pre-wrap; }
"""

# Every value goes into the page through textContent / setAttribute / URLSearchParams:
# nothing from a result, a saved query or a server message is ever parsed as HTML.
APP_JS = r"""
"use strict";
const SHOWN = 2000;
const state = { prefixes: {}, saved: [], current: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function status(text, warn) {
  const s = $("status");
  s.textContent = text;
  s.className = warn ? "warn" : "";
}

function shorten(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(state.prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

function display(term) {
  if (!term) return ["", ""];
  if (term.type === "uri") return [shorten(term.value), term.value];
  if (term.type === "bnode") return ["_:" + term.value, ""];
  const tag = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? "^^" + shorten(term.datatype) : "";
  return [term.value, tag ? JSON.stringify(term.value) + tag : ""];
}

const NUMERIC = /#(integer|decimal|double|float|int|long|nonNegativeInteger)$/;

function renderTable(data) {
  const box = $("results");
  box.replaceChildren();
  if ("boolean" in data) { box.append(el("p", {}, "ASK: " + data.boolean)); return 1; }
  const vars = data.head.vars || [];
  const rows = data.results.bindings;
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.append(el("th", { scope: "col" }, v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of rows.slice(0, SHOWN)) {
    const tr = el("tr");
    for (const v of vars) {
      const term = row[v];
      const [text, title] = display(term);
      const td = el("td", title ? { title } : {}, text);
      if (term && term.type === "uri") td.className = "iri";
      else if (term && term.datatype && NUMERIC.test(term.datatype)) td.className = "num";
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  box.append(table);
  if (rows.length > SHOWN) box.append(el("p", { class: "warn" }, `showing the first ${SHOWN} of ${rows.length} rows: download CSV for all`));
  return rows.length;
}

function renderGraph(text) {
  const box = $("results");
  box.replaceChildren(el("pre", { class: "graph" }, text));
  return text.split("\n").filter((l) => l.trim()).length;
}

function paramValues() {
  const values = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input[data-param]")) {
    if (input.value !== "") values.append(input.dataset.param, input.value);
  }
  return values;
}

function usingSaved() {
  return state.current !== null && $("query").value === state.current.text;
}

function target(format) {
  // [url, fetch options]; the saved query's own URL while its text is unedited
  if (usingSaved()) {
    const params = paramValues();
    if (format) params.set("format", format);
    return ["saved/" + encodeURIComponent(state.current.name) + "?" + params.toString(), { method: "GET" }];
  }
  const params = new URLSearchParams({ query: $("query").value });
  if (format) params.set("format", format);
  return ["sparql", { method: "POST", body: params }];
}

function downloads() {
  const box = $("downloads");
  box.replaceChildren();
  for (const fmt of ["csv", "tsv", "json"]) {
    let url;
    if (usingSaved()) url = target(fmt)[0];
    else url = "sparql?" + new URLSearchParams({ query: $("query").value, format: fmt }).toString();
    box.append(el("a", { href: url, download: "results." + fmt }, fmt.toUpperCase()));
  }
}

function showError(code, message) {
  const box = $("error");
  box.hidden = false;
  box.textContent = `HTTP ${code}: ${message}`;
  const found = /line (\d+), column (\d+)/.exec(message);
  if (found) {
    const lines = $("query").value.split("\n");
    const line = Math.min(Number(found[1]), lines.length);
    let offset = 0;
    for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
    offset += Math.max(0, Number(found[2]) - 1);
    $("query").focus();
    $("query").setSelectionRange(offset, offset + 1);
  }
}

async function run() {
  $("error").hidden = true;
  $("results").replaceChildren();
  if (state.current && !usingSaved()) status("edited: running the text as written (parameters not applied)", true);
  const [url, options] = target(null);
  options.headers = { Accept: "application/sparql-results+json, application/n-triples;q=0.9" };
  const started = performance.now();
  status("running…");
  let response;
  try {
    response = await fetch(url, options);
  } catch (err) {
    status("");
    showError("-", "network error: " + err.message);
    return;
  }
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    status("");
    showError(response.status, await response.text());
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  const count = type.startsWith("application/sparql-results+json")
    ? renderTable(await response.json()) : renderGraph(await response.text());
  const truncated = response.headers.get("X-Kg-Truncated") === "true";
  const max = response.headers.get("X-Kg-Max-Rows");
  status(`${count} row(s) in ${ms} ms` + (truncated ? ` — cut off at ${max} rows by the server` : ""), truncated);
  downloads();
}

function select(query, button) {
  state.current = query;
  for (const b of $("saved").querySelectorAll("button")) b.classList.remove("active");
  if (button) button.classList.add("active");
  $("title").textContent = query.title || query.name;
  $("desc").textContent = query.description || "";
  $("query").value = query.text;
  const box = $("params");
  box.replaceChildren();
  for (const p of query.params) {
    const label = el("label", {}, `${p.name} (${p.type}${p.required ? ", required" : p.optional ? ", optional" : ""})`);
    const input = el("input", { "data-param": p.name, placeholder: p.description || p.name });
    input.value = p.default === null ? "" : p.default;
    if (p.description) input.title = p.description;
    label.append(input);
    box.append(label);
  }
  history.replaceState(null, "", "#" + encodeURIComponent(query.name));
  downloads();
}

async function init() {
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  $("query").addEventListener("input", downloads);
  let data;
  try {
    data = await (await fetch("queries.json")).json();
  } catch (err) {
    showError("-", "cannot load the saved queries: " + err.message);
    return;
  }
  state.prefixes = data.prefixes;
  state.saved = data.queries;
  $("info").textContent = `Store: ${data.store.documents} documents, ${data.store.triples} triples; ` +
    `timeout ${data.timeout} s; at most ${data.max_rows} rows.`;
  const list = $("saved");
  const wanted = decodeURIComponent(location.hash.slice(1));
  for (const query of state.saved) {
    const button = el("button", { type: "button", title: query.description }, query.title || query.name);
    button.append(el("code", {}, query.name));
    button.addEventListener("click", () => select(query, button));
    list.appendChild(el("li")).appendChild(button);
    if (query.name === wanted) select(query, button);
  }
  downloads();
}

init();
"""

PAGES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "/": lambda: ("text/html; charset=utf-8",
                  INDEX_HTML.replace("__DEFAULT_QUERY__", escape(DEFAULT_QUERY)).encode("utf-8")),
    "/index.html": lambda: PAGES["/"](),
    "/app.js": lambda: ("text/javascript; charset=utf-8", APP_JS.encode("utf-8")),
    "/app.css": lambda: ("text/css; charset=utf-8", APP_CSS.encode("utf-8")),
}
