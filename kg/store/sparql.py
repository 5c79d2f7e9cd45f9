"""Any SPARQL 1.1 server as the store.

Reads go to the query endpoint through SPARQLWrapper (POST, JSON results; Turtle for
CONSTRUCT/DESCRIBE). Writes use the SPARQL 1.1 Graph Store Protocol (PUT / DELETE of
``?graph=<kgg:doc-id>``) and fall back to SPARQL Update (``DROP SILENT GRAPH <g> ; INSERT
DATA { GRAPH <g> {…} }``) when no GSP URL is known or the server refuses GSP.

For an Oxigraph server (query URL ending in ``/query``) the update URL (``/update``) and the
GSP URL (``/store``) are derived, and each query asks for the union default graph
(``union-default-graph`` parameter). For Virtuoso's authenticated endpoint (query URL ending
in ``/sparql-auth``) updates go to that same URL and the GSP URL is ``/sparql-graph-crud-auth``.
Other servers must be configured so that the default graph is the union of the named graphs
(Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do it by default). Counts and
the dataset cover kg's graphs only (``https://w3id.org/kg-vn/graph/…``): Virtuoso keeps its
own system graphs (``virtrdf:`` …) in the same quad store.

Credentials come from KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD, else from
``~/.config/kg/endpoint.ini`` (section named by the query URL, else ``[default]``; keys
``user``, ``password``, and optionally ``update_url``, ``gsp_url``). Never from the command line.
They are sent when the server asks (HTTP 401), in the scheme it asks for: Basic, or Digest
(Virtuoso's ``/sparql-auth``), so a Digest server never sees the password in clear; Basic goes
up front only to a URL that has already accepted it.
"""
from __future__ import annotations

import ast
import configparser
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from itertools import islice
from pathlib import Path
from typing import Mapping

from rdflib import Dataset, Graph, Literal, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError, EndPointNotFound, QueryBadFormed, SPARQLWrapperException, Unauthorized,
    URITooLong,
)

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store.base import (
    GRAPH_NS, Store, QueryResult, clean_bindings, doc_id_of, engine_error, graph_iri,
    run_with_timeout, triples_of,
)
from kg.store.terms import Term, from_json, nt
from kg.store.values import inject_values

_OK = (200, 201, 204)
_KG_GRAPHS = f"FILTER(STRSTARTS(STR(?g), {nt(Literal(GRAPH_NS))}))"
_ALL_QUADS = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}"


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kg" / "endpoint.ini"


def endpoint_settings(endpoint: str) -> dict[str, str]:
    """Settings for ``endpoint`` from the config file, overridden by the environment."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config_path(), encoding="utf-8")
    section = endpoint if parser.has_section(endpoint) else "default"
    settings = dict(parser[section]) if parser.has_section(section) else {}
    for key, var in (("user", "KG_ENDPOINT_USER"), ("password", "KG_ENDPOINT_PASSWORD")):
        if os.environ.get(var):
            settings[key] = os.environ[var]
    return settings


def derive_urls(endpoint: str) -> tuple[str | None, str | None]:
    """(update URL, GSP URL) of an Oxigraph-style server whose query URL ends in /query, or of
    Virtuoso's authenticated endpoint /sparql-auth (updates to itself, GSP /sparql-graph-crud-auth)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        base, paths = path[: -len("/query")], ("/update", "/store")
    elif path.endswith("/sparql-auth"):
        base, paths = path[: -len("/sparql-auth")], ("/sparql-auth", "/sparql-graph-crud-auth")
    else:
        return None, None
    return tuple(urllib.parse.urlunsplit(parts._replace(path=base + p, query=""))
                 for p in paths)  # type: ignore[return-value]


def _is_oxigraph(endpoint: str) -> bool:
    return urllib.parse.urlsplit(endpoint).path.rstrip("/").endswith("/query")


class SparqlStore(Store):
    def __init__(self, endpoint: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 union_param: bool | None = None, http_timeout: float = 60.0):
        settings = endpoint_settings(endpoint)
        derived_update, derived_gsp = derive_urls(endpoint)
        self.endpoint = endpoint
        self.update_url = update_url or settings.get("update_url") or derived_update
        self.gsp_url = gsp_url or settings.get("gsp_url") or derived_gsp
        self.union_param = _is_oxigraph(endpoint) if union_param is None else union_param
        self.http_timeout = http_timeout
        self._user, self._password = settings.get("user"), settings.get("password")
        self._passwords: urllib.request.HTTPPasswordMgrWithPriorAuth | None = None

    # -- writing ----------------------------------------------------------------------
    def replace_document(self, doc_id: str, graph: Graph) -> int:
        self._check_open()
        name, triples = graph_iri(doc_id), set(triples_of(graph))
        body = "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples)
        if self.gsp_url and self._http("PUT", self._gsp(name), body.encode(), "application/n-triples") in _OK:
            return len(triples)
        self._update(f"DROP SILENT GRAPH {nt(name)} ;\nINSERT DATA {{ GRAPH {nt(name)} {{\n{body}}} }}")
        return len(triples)

    def remove_document(self, doc_id: str) -> None:
        self._check_open()
        name = graph_iri(doc_id)
        status = self._http("DELETE", self._gsp(name), None, None) if self.gsp_url else None
        # 404 means "no such graph" or "no GSP at this URL": DROP SILENT settles it if it can.
        if status not in _OK and (status != 404 or self.update_url):
            self._update(f"DROP SILENT GRAPH {nt(name)}")

    def _gsp(self, graph: URIRef) -> str:
        return f"{self.gsp_url}?{urllib.parse.urlencode({'graph': str(graph)})}"

    def _update(self, text: str) -> None:
        if not self.update_url:
            raise StoreError(f"{self.endpoint}: no update or Graph Store URL configured; read-only")
        status = self._http("POST", self.update_url, text.encode(), "application/sparql-update")
        if status not in _OK:
            raise StoreError(f"{self.update_url}: the server refused the update (HTTP {status})")

    def _http(self, method: str, url: str, body: bytes | None, content_type: str | None) -> int:
        """The HTTP status of the request (authentication failures and network errors raise)."""
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type + "; charset=utf-8")
        try:
            with self._opener().open(request, timeout=self.http_timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise StoreError(f"{url}: HTTP {exc.code}: {self._credentials_hint()}") from None
            return exc.code
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: {getattr(exc, 'reason', exc)}") from exc

    def _opener(self) -> urllib.request.OpenerDirector:
        """A fresh opener (handlers are not shared between threads) that answers a 401
        challenge, Basic or Digest, with the configured credentials; without them, a plain one.
        Once a URL has accepted Basic, later requests to it send Basic up front."""
        if self._user is None:
            return urllib.request.build_opener()
        if self._passwords is None:
            self._passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            for url in {self.endpoint, self.update_url, self.gsp_url} - {None}:
                self._passwords.add_password(None, url, self._user, self._password or "")
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(self._passwords),
                                           _BasicAuth(self._passwords))

    def _credentials_hint(self) -> str:
        if self._user is None:
            return "the server wants credentials: set KG_ENDPOINT_USER/PASSWORD"
        return "the server refused the credentials: check KG_ENDPOINT_USER/PASSWORD"

    # -- reading ----------------------------------------------------------------------
    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              timeout: float | None = None, limit: int | None = None) -> QueryResult:
        self._check_open()
        text = inject_values(sparql, clean_bindings(bindings))
        return run_with_timeout(lambda: self._run(text, limit, timeout), timeout)

    def _run(self, text: str, limit: int | None, timeout: float | None) -> QueryResult:
        client = self._client(text, timeout)
        graph_form = client.queryType in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat(TURTLE if graph_form else JSON)
        try:
            response = client.query().convert()
        except QueryBadFormed as exc:
            raise _query_error(_server_text(exc), text) from None
        except Unauthorized:
            raise StoreError(f"{self.endpoint}: HTTP 401: {self._credentials_hint()}") from None
        except SPARQLWrapperException as exc:
            raise StoreError(f"{self.endpoint}: {_server_message(exc)}") from None
        except (socket.timeout, TimeoutError) as exc:
            limit_s = timeout or self.http_timeout
            raise QueryTimeout(f"{self.endpoint}: no answer within {limit_s:g} s") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{self.endpoint}: {getattr(exc, 'reason', exc)}") from exc
        if graph_form:
            return QueryResult.construct(_graph(response, limit))
        return _results(response, limit)

    def _client(self, text: str, timeout: float | None) -> SPARQLWrapper:
        client = _Client(self.endpoint, self._opener())
        client.setMethod(POST)
        client.setQuery(text)
        client.setTimeout(max(1, round(timeout or self.http_timeout)))
        if self.union_param:
            client.addParameter("union-default-graph", "true")
        return client

    def document_ids(self) -> list[str]:
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}")
        return sorted(i for i in (doc_id_of(row[0]) for row in result.rows) if i is not None)

    def dataset(self) -> Dataset:
        ds = Dataset()
        for g, s, p, o in self.query(_ALL_QUADS).rows:
            ds.graph(g).add((s, p, o))
        return ds

    def triple_count(self) -> int:
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}")
        return int(result.rows[0][0])

    def _close(self) -> None:
        pass


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Basic on a Basic challenge; up front only to a URL that took Basic before (urllib's own
    handler would also mark a URL after a Digest login or an anonymous answer, and then send
    the password in clear to it)."""

    def http_response(self, req, response):
        sent = str(req.get_header("Authorization") or "")
        if sent.startswith("Basic ") and 200 <= response.status < 300:
            self.passwd.update_authenticated(req.full_url, True)
        return response

    https_response = http_response


class _Client(SPARQLWrapper):
    """SPARQLWrapper sending its request through the store's own opener. SPARQLWrapper's own
    credentials would send Basic up front, or install a process-wide opener for Digest."""

    def __init__(self, endpoint: str, opener: urllib.request.OpenerDirector):
        super().__init__(endpoint)
        self._opener = opener

    def _query(self):
        request = self._createRequest()
        try:
            if self.timeout:
                return self._opener.open(request, timeout=self.timeout), self.returnFormat
            return self._opener.open(request), self.returnFormat
        except urllib.error.HTTPError as exc:  # as SPARQLWrapper's own _query maps them
            errors = {400: QueryBadFormed, 401: Unauthorized, 404: EndPointNotFound,
                      414: URITooLong, 500: EndPointInternalError}
            if exc.code in errors:
                raise errors[exc.code](exc.read()) from None
            raise


def _results(response: dict, limit: int | None) -> QueryResult:
    if "boolean" in response:
        return QueryResult.ask(bool(response["boolean"]))
    names = list(response["head"].get("vars", []))
    rows = [tuple(from_json(b[v]) if v in b else None for v in names)
            for b in islice(response["results"]["bindings"], limit)]
    return QueryResult.select(names, rows)


def _graph(response: bytes | str | Graph, limit: int | None) -> Graph:
    parsed = response if isinstance(response, Graph) else Graph().parse(data=response, format="turtle")
    graph = Graph()
    for triple in islice(parsed, limit):
        graph.add(triple)
    return graph


_VIRTUOSO_LINE = re.compile(r"^(Virtuoso \w+ Error \w+: SPARQL compiler), line (\d+): (.*)", re.S)


def _query_error(body: str, sent: str) -> QueryError:
    """A QueryError from a 400 answer: Oxigraph's ``error at L:C: …``, or Virtuoso's
    ``Virtuoso 37000 Error SP030: SPARQL compiler, line N: …`` followed by the query it ran.
    Virtuoso counts lines in that echoed text, which starts with lines of its own when a
    ``format`` parameter is sent (SPARQLWrapper sends one): the line is corrected by them."""
    message, _, echoed = body.partition(_VIRTUOSO_ECHO)
    found = _VIRTUOSO_LINE.match(message.strip())
    if not found:
        return engine_error(_one_line(message))
    line, start = int(found.group(2)), echoed.find(sent[:200])
    if start > 0:
        line -= echoed[:start].count("\n")
    return QueryError(_one_line(f"{found.group(1)}: {found.group(3)}"), max(line, 1))


def _one_line(text: str) -> str:
    return " ".join(text.split())


_VIRTUOSO_ECHO = "\n\nSPARQL query:\n"


def _server_message(exc: Exception) -> str:
    """The server's own words from a SPARQLWrapper exception, on one line (drops its
    boilerplate, and the query Virtuoso echoes after its message)."""
    return _one_line(_server_text(exc).partition(_VIRTUOSO_ECHO)[0])


def _server_text(exc: Exception) -> str:
    """The body of the server's answer in a SPARQLWrapper exception."""
    text = str(exc)
    _, sep, body = text.partition("Response:\n")
    if not sep:
        return text
    body = body.strip()
    if body[:2] in ("b'", 'b"'):
        try:
            body = ast.literal_eval(body).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            pass
    return body.strip() or text
