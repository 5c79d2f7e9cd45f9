"""One request, read whole, and its answer: the Host check, the body (or why it was refused)
and the reply or error of the routes. Runs in a thread of the server's pool of answerers."""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from email.message import Message

from kg.serve.replies import HttpError, Reply, text_reply
from kg.serve.routes import Routes
from kg.serve.settings import is_loopback


@dataclass
class Request:
    method: str
    target: str  # the path and query of the request line
    version: str  # "HTTP/1.1"
    headers: Message
    body: bytes | None = None  # None: no Content-Length was sent
    body_error: HttpError | None = None  # the body was refused (413, 411, 400) while reading

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("Connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


class Exchange(Routes):
    """What the routes see of a request (``path``, ``headers``, ``_body()``, ``server``)."""

    def __init__(self, server, request: Request):
        self.server, self.request = server, request
        self.command, self.path, self.headers = request.method, request.target, request.headers

    def answer(self) -> Reply:
        try:
            return self._route(self.command)
        except HttpError as err:
            return text_reply(err.status, err.message, err.headers)
        except Exception as exc:  # a bug: report it, keep serving
            traceback.print_exc()
            return text_reply(500, f"internal error: {type(exc).__name__}: {exc}")

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
        if self.request.body_error is not None:
            raise self.request.body_error
        if self.request.body is None:
            raise HttpError(411, "a POST needs a Content-Length")
        return self.request.body
