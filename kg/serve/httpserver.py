"""The HTTP server: the listening socket, one thread per connection, request plumbing
(body, Host check, the cap on requests answered at once); the routes are in routes.py."""
from __future__ import annotations

import socket
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.serve.settings import MAX_BODY, MAX_IN_FLIGHT, Settings, is_loopback
from kg.serve.pool import WorkerPool
from kg.serve.replies import HttpError, Reply, text_reply
from kg.serve.routes import Routes


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


class Handler(Routes, BaseHTTPRequestHandler):
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
