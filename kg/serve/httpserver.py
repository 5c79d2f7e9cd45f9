"""The HTTP server: an asyncio loop (in the thread that calls ``serve_forever``) that reads each
request whole, under time limits, before it takes one of the answering threads.

Why not ``http.server`` (what kg used) or an ASGI/WSGI server: a thread per connection that
blocks in ``read`` lets 64 clients that send their headers and a few bytes of body hold every
slot, and a thousand sockets that never finish their headers make normal queries time out.
uvicorn has no time limit on reading a request's headers, and waitress stops accepting at its
connection limit until idle channels time out, so slow clients still lock others out. Here:
- a connection costs no thread while it sends its request; the request line and headers
  must arrive within ``HEADER_TIMEOUT`` s (an idle keep-alive connection is closed then too)
  and the body within ``BODY_TIMEOUT`` s, else 408 and the connection is closed;
- only a whole request takes an answering thread (at most ``MAX_IN_FLIGHT``; more get 503);
- at most ``max_connections`` are open: one more closes the connection that has waited longest
  for its request, so new clients are always read.
"""
from __future__ import annotations

import asyncio
import http.client
import io
import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from http import HTTPStatus

from kg.serve.exchange import Exchange, Request
from kg.serve.pool import WorkerPool
from kg.serve.replies import HttpError, Reply, text_reply
from kg.serve.settings import MAX_BODY, MAX_IN_FLIGHT, Settings, is_loopback

HEADER_TIMEOUT = 10.0  # s from waiting for a request to the end of its headers
BODY_TIMEOUT = 30.0  # s to send the body
WRITE_TIMEOUT = 60.0  # s for a client to take its answer
MAX_HEADER_BYTES = 64 << 10
MAX_HEADERS = 100
MAX_CONNECTIONS = 1024


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class _Conn:
    __slots__ = ("writer", "started")

    def __init__(self, writer: asyncio.StreamWriter):
        self.writer, self.started = writer, False  # started: a byte of a request arrived


def connection_cap() -> int:
    """Connections kept open at most: MAX_CONNECTIONS, fewer when file descriptors are short
    (the soft limit is first raised to the hard one)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or hard > soft):
        try:
            soft = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        except (ValueError, OSError):
            soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(16, min(MAX_CONNECTIONS, soft - 128))


class SparqlServer:
    """The bound server; ``pool`` runs the queries. Use ``make_server`` to build one."""

    def __init__(self, settings: Settings, pool: WorkerPool, store_info: dict):
        self.settings, self.pool, self.store_info = settings, pool, store_info
        self.loopback = is_loopback(settings.host)
        self.max_connections = connection_cap()
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        self.socket = socket.create_server((settings.host.strip("[]"), settings.port),
                                           family=family, backlog=1024)
        self.server_address = self.socket.getsockname()[:2]
        self._answerers = ThreadPoolExecutor(MAX_IN_FLIGHT, thread_name_prefix="kg-serve")
        self._in_flight = 0
        self._open: set[_Conn] = set()
        self._waiting: dict[_Conn, None] = {}  # waiting for a request, longest first
        self._tasks: set[asyncio.Task] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._running, self._done = threading.Event(), threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.settings.host
        host = f"[{host.strip('[]')}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    @property
    def connections(self) -> int:
        return len(self._open)

    # -- running ----------------------------------------------------------------------
    def serve_forever(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.close()
            self._running.clear()
            self._done.set()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, sock=self.socket,
                                            limit=MAX_HEADER_BYTES)
        self._running.set()
        try:
            await self._stop.wait()
        finally:
            server.close()
            for conn in list(self._open):
                conn.writer.transport.abort()
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=2)

    def shutdown(self) -> None:
        if self._running.is_set() and self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._done.wait(10)

    shutdown_if_running = shutdown

    def server_close(self) -> None:
        self.socket.close()
        self._answerers.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.pool.close()

    # -- one connection -------------------------------------------------------------
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Conn(writer)
        task = asyncio.current_task()
        self._tasks.add(task)
        self._open.add(conn)
        if len(self._open) > self.max_connections:
            self._evict(conn)
        peer = writer.get_extra_info("peername") or ("-",)
        try:
            while not writer.transport.is_closing():
                conn.started = False
                self._waiting[conn] = None
                try:
                    request = await asyncio.wait_for(self._read_head(reader, conn), HEADER_TIMEOUT)
                    if request is None:
                        break
                    await asyncio.wait_for(self._read_body(reader, writer, request), BODY_TIMEOUT)
                except (asyncio.TimeoutError, _Refused) as err:
                    if conn.started or isinstance(err, _Refused):
                        status, message = ((err.status, err.message) if isinstance(err, _Refused)
                                           else (408, "the request did not arrive in time"))
                        await self._write(writer, None, text_reply(status, message), False)
                    break
                finally:
                    self._waiting.pop(conn, None)
                reply = await self._answer(request)
                keep = request.keep_alive and request.body_error is None and reply.status != 503
                await self._write(writer, request, reply, keep)
                self._log(f'{peer[0]} - "{request.method} {request.target} {request.version}" '
                          f"{reply.status} {len(reply.body)}")
                if not keep:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError, OSError):
            pass
        finally:
            self._open.discard(conn)
            self._waiting.pop(conn, None)
            self._tasks.discard(task)
            writer.transport.abort()

    def _evict(self, newcomer: _Conn) -> None:
        """Close the connection that has waited longest for its request (else the newcomer)."""
        victim = next(iter(self._waiting), newcomer)
        self._waiting.pop(victim, None)
        victim.writer.transport.abort()

    async def _read_head(self, reader: asyncio.StreamReader, conn: _Conn) -> Request | None:
        try:
            line = await reader.readline()
            while line in (b"\r\n", b"\n"):  # a stray CRLF between requests
                line = await reader.readline()
            if not line:
                return None
            conn.started = True
            parts = line.decode("latin-1").split()
            if len(parts) != 3 or not parts[2].startswith("HTTP/"):
                raise _Refused(400, "bad request line")
            if parts[2] not in ("HTTP/1.0", "HTTP/1.1"):
                raise _Refused(505, f"{parts[2]} is not supported; use HTTP/1.1")
            lines, size = [], 0
            while True:
                header = await reader.readline()
                if not header:
                    raise ConnectionResetError
                if header in (b"\r\n", b"\n"):
                    break
                size += len(header)
                lines.append(header)
                if size > MAX_HEADER_BYTES or len(lines) > MAX_HEADERS:
                    raise _Refused(431, "request headers too large")
        except ValueError:  # a line longer than the reader's limit
            raise _Refused(431, "request line or headers too large") from None
        headers = http.client.parse_headers(io.BytesIO(b"".join(lines) + b"\r\n"))
        return Request(parts[0].upper(), parts[1], parts[2], headers)

    async def _read_body(self, reader, writer, request: Request) -> None:
        """Read the body into ``request`` (or note why it was refused, to answer after)."""
        headers = request.headers
        if headers.get("Transfer-Encoding", "").lower() not in ("", "identity"):
            request.body_error = HttpError(411, "send the request body with a Content-Length")
            return
        length = headers.get("Content-Length")
        if length is None:
            return
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0:
            request.body_error = HttpError(400, "bad Content-Length")
            return
        if size > MAX_BODY:
            request.body_error = HttpError(413, f"request body too large (at most {MAX_BODY} bytes)")
            if size > 8 * MAX_BODY:
                return
        if "100-continue" in headers.get("Expect", "").lower():
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if request.body_error is not None:  # read it, so that the client sees the answer, not a reset
            while size > 0:
                chunk = await reader.read(min(1 << 16, size))
                if not chunk:
                    break
                size -= len(chunk)
            return
        request.body = await reader.readexactly(size)

    async def _answer(self, request: Request) -> Reply:
        if self._in_flight >= MAX_IN_FLIGHT:
            return text_reply(503, "too many requests at once; retry shortly", {"Retry-After": "1"})
        self._in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._answerers, Exchange(self, request).answer)
        finally:
            self._in_flight -= 1

    async def _write(self, writer, request: Request | None, reply: Reply, keep: bool) -> None:
        try:
            phrase = HTTPStatus(reply.status).phrase
        except ValueError:
            phrase = ""
        head = [f"HTTP/1.1 {reply.status} {phrase}", "Server: kg-serve",
                f"Date: {formatdate(usegmt=True)}", f"Content-Type: {reply.content_type}",
                f"Content-Length: {len(reply.body)}", "Cache-Control: no-store",
                "X-Content-Type-Options: nosniff", "Vary: Accept"]
        head += [f"{name}: {value}" for name, value in reply.headers]
        if not keep:
            head.append("Connection: close")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace"))
        if request is None or request.method != "HEAD":
            writer.write(reply.body)
        await asyncio.wait_for(writer.drain(), WRITE_TIMEOUT)

    def _log(self, line: str) -> None:
        if not self.settings.quiet:
            sys.stderr.write(line + "\n")
