"""The routes of the endpoint: the SPARQL 1.1 Protocol, saved queries, queries.json, the
page, and the refusal of every form of update. The base of ``exchange.Exchange``."""
from __future__ import annotations

import json
import urllib.parse
from typing import Mapping

from kg.errors import InputError, KgError
from kg.serve.settings import RESERVED_PARAMS, READ_ONLY
from kg.serve.federation import check_service
from kg.serve.formats import kind_of, negotiate, parse_accept
from kg.serve.page import PAGE_HEADERS, PAGES
from kg.serve.pool import Busy, OutOfMemory, QueryTooSlow, WorkerFailed
from kg.serve.replies import HttpError, Job, Reply
from kg.serve.worker import not_acceptable
from kg.store.terms import PREFIXES, Term
from kg.store.values import UPDATE_KEYWORDS, query_form


class Routes:
    """Route methods of ``Exchange`` (which gives ``server``, ``path``, ``headers``, ``_body``
    and ``_host_ok``)."""

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
            return Reply(200, content_type, body, PAGE_HEADERS)
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

    def _cross_site(self) -> bool:
        """Sent by a page of another site (a cross-origin form POST or fetch)."""
        if self.headers.get("Sec-Fetch-Site", "").lower() in ("cross-site", "same-site"):
            return True
        origin = self.headers.get("Origin")
        if origin is None:
            return False
        own = self.headers.get("Host", "")
        return origin == "null" or urllib.parse.urlsplit(origin).netloc.lower() != own.lower()

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
        check_service(text, settings.allow_service, cross_site=self._cross_site())
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
        except OutOfMemory as exc:
            raise HttpError(507, str(exc)) from None
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

