"""SERVICE (federated query): off unless the operator names the hosts it may reach.

The embedded engine sends a query's ``SERVICE <url> { … }`` part to ``url`` over HTTP and
reports the remote answer. On a public endpoint that would let any client (or any web page,
through a cross-origin form POST) make the server send requests where it chooses. So a query
that can federate is refused (403) unless every SERVICE target is an http(s) IRI whose host
(or ``host:port``) was given with ``kg serve --allow-service``, and never for a request that
comes from a page of another site.

How a query is checked, failing closed:
1. After SPARQL's ``\\u``/``\\U`` escapes are undone (the engine undoes them before parsing),
   a text without the letters ``service`` (any case) cannot federate: nothing more to do.
2. Otherwise the query is parsed (rdflib's SPARQL parser and algebra, prefixes and BASE
   applied) and every SERVICE pattern is collected, wherever it sits (sub-queries, OPTIONAL,
   UNION, MINUS, FILTER EXISTS). A variable target (``SERVICE ?x``) is refused: what it names
   is only known while the query runs.
3. A query holding the word that the parser cannot read is refused, and so is one where the
   parser found no SERVICE pattern but SERVICE stands as a keyword (outside comments, strings
   and IRIs): the two readings disagree, and the engine's might federate.
"""
from __future__ import annotations

import re
import urllib.parse
from typing import Iterable

from kg.serve.replies import HttpError
from kg.store.values import _TOKENS

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
REFUSED = "SERVICE (federated query) is off on this endpoint"


def unescape(query: str) -> str:
    """The query with SPARQL's codepoint escapes undone, as the engine reads it."""
    def one(match: re.Match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group()
    return _ESCAPE.sub(one, query)


def may_federate(query: str) -> bool:
    """False when the query cannot hold a SERVICE keyword at all."""
    return "service" in unescape(query).casefold()


def _keyword_in_text(query: str) -> bool:
    return any(token.lastgroup == "word" and token.group().upper() == "SERVICE"
               for token in _TOKENS.finditer(unescape(query)))


def service_targets(query: str) -> list[str | None] | None:
    """The IRI of every SERVICE pattern (None for a variable); None when unparsable."""
    from rdflib import URIRef
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception:  # rdflib raises many kinds on text it cannot read
        return None
    found: list[str | None] = []
    seen: set[int] = set()

    def walk(node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            for value in node.values():
                walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set)):
            for value in node:
                walk(value)

    walk(algebra)
    return found


def host_allowed(iri: str, allowed: Iterable[str]) -> bool:
    """An http(s) IRI whose ``host`` or ``host:port`` is in ``allowed`` (case-insensitive)."""
    try:
        parts = urllib.parse.urlsplit(iri)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    names = {host, f"{host}:{port or (443 if parts.scheme.lower() == 'https' else 80)}"}
    if ":" in host:  # IPv6: also the bracketed forms
        names |= {f"[{host}]", f"[{host}]:{port or 80}"}
    return any(name.strip().lower() in names for name in allowed)


def check_service(query: str, allowed: Iterable[str], *, cross_site: bool) -> None:
    """Raise HttpError(403) when running ``query`` could send a request to a host the operator
    did not allow (see the module docstring)."""
    if not may_federate(query):
        return
    allowed = tuple(allowed)
    targets = service_targets(query)
    if targets is None:
        raise HttpError(403, f"{REFUSED}, and this query, which holds the word SERVICE, could not "
                             "be parsed to check it (is it well-formed?)")
    if not targets:
        if _keyword_in_text(query):
            raise HttpError(403, f"{REFUSED}: the word SERVICE is in this query but no SERVICE "
                                 "pattern was found where it stands; write it plainly")
        return
    if not allowed:
        raise HttpError(403, f"{REFUSED}; its operator can allow named hosts with "
                             "kg serve --allow-service HOST")
    if cross_site:
        raise HttpError(403, "SERVICE is refused for a request sent from a page of another site")
    for target in targets:
        if target is None:
            raise HttpError(403, "SERVICE with a variable is refused: only SERVICE <IRI> to an "
                                 "allowed host can be checked")
        if not host_allowed(target, allowed):
            raise HttpError(403, f"SERVICE <{target}> is refused: its host is not one this "
                                 f"endpoint may reach (allowed: {', '.join(allowed)})")
