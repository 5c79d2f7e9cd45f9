"""Any SPARQL 1.1 server as the store.

Reads go to the query endpoint through SPARQLWrapper (POST, JSON results; Turtle for
CONSTRUCT/DESCRIBE). Writes use the SPARQL 1.1 Graph Store Protocol (PUT / DELETE of
``?graph=<kgg:doc-id>``) and fall back to SPARQL Update (``DROP SILENT GRAPH <g> ; INSERT
DATA { GRAPH <g> {…} }``) when no GSP URL is known or the server refuses GSP.

For an Oxigraph server (query URL ending in ``/query``) the update URL (``/update``) and the
GSP URL (``/store``) are derived, and each query asks for the union default graph
(``union-default-graph`` parameter). Other servers must be configured so that the default
graph is the union of the named graphs (Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB and
Virtuoso do it by default).

Credentials come from KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD, else from
``~/.config/kg/endpoint.ini`` (section named by the query URL, else ``[default]``; keys
``user``, ``password``, and optionally ``update_url``, ``gsp_url``). Never from the command line.
"""
from __future__ import annotations

import ast
import base64
import configparser
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from itertools import islice
from pathlib import Path
from typing import Mapping

from rdflib import Dataset, Graph, Literal, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.errors import QueryTimeout, StoreError
from kg.store.base import (
    GRAPH_NS, Store, QueryResult, clean_bindings, doc_id_of, engine_error, graph_iri,
    run_with_timeout, triples_of,
)
from kg.store.terms import Term, from_json, nt
from kg.store.values import inject_values

_OK = (200, 201, 204)
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


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
    """(update URL, GSP URL) of an Oxigraph-style server whose query URL ends in /query."""
    parts = urllib.parse.urlsplit(endpoint)
    if not parts.path.rstrip("/").endswith("/query"):
        return None, None
    base = parts.path.rstrip("/")[: -len("/query")]
    return tuple(urllib.parse.urlunsplit(parts._replace(path=base + p, query=""))
                 for p in ("/update", "/store"))  # type: ignore[return-value]


class SparqlStore(Store):
    def __init__(self, endpoint: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 union_param: bool | None = None, http_timeout: float = 60.0):
        settings = endpoint_settings(endpoint)
        derived_update, derived_gsp = derive_urls(endpoint)
        self.endpoint = endpoint
        self.update_url = update_url or settings.get("update_url") or derived_update
        self.gsp_url = gsp_url or settings.get("gsp_url") or derived_gsp
        self.union_param = derived_gsp is not None if union_param is None else union_param
        self.http_timeout = http_timeout
        self._user, self._password = settings.get("user"), settings.get("password")

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
        if self._user is not None:
            token = base64.b64encode(f"{self._user}:{self._password or ''}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.http_timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise StoreError(f"{url}: HTTP {exc.code}: check KG_ENDPOINT_USER/PASSWORD") from None
            return exc.code
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: {getattr(exc, 'reason', exc)}") from exc

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
            raise engine_error(_server_message(exc)) from None
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
        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setQuery(text)
        client.setTimeout(max(1, round(timeout or self.http_timeout)))
        if self.union_param:
            client.addParameter("union-default-graph", "true")
        if self._user is not None:
            client.setCredentials(self._user, self._password or "")
        return client

    def document_ids(self) -> list[str]:
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                            f"FILTER(STRSTARTS(STR(?g), {nt(Literal(GRAPH_NS))})) }}")
        return sorted(i for i in (doc_id_of(row[0]) for row in result.rows) if i is not None)

    def dataset(self) -> Dataset:
        ds = Dataset()
        for g, s, p, o in self.query(_ALL_QUADS).rows:
            ds.graph(g).add((s, p, o))
        return ds

    def triple_count(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0][0])

    def _close(self) -> None:
        pass


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


def _server_message(exc: Exception) -> str:
    """The server's own words from a SPARQLWrapper exception (drops its boilerplate)."""
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
