"""RDF terms across libraries: prefixes, rdflib <-> pyoxigraph, canonical N-Triples text.

The canonical text of a term is what pyoxigraph prints (N-Triples syntax, which is also
valid SPARQL and Turtle); every writer and every remote query uses it, so hostile
strings (quotes, braces, newlines) always end up escaped inside a literal.
"""
from __future__ import annotations

import re
from itertools import islice
from typing import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError

# Prefixes of ontology/MODEL.md plus the W3C ones the model uses (rdf, rdfs, xsd, owl).
PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/kg-vn/def#",
    "kgr": "https://w3id.org/kg-vn/id/",
    "kgg": "https://w3id.org/kg-vn/graph/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = URIRef | Literal | BNode


def normalize(term: Node) -> Node:
    """Drop an explicit xsd:string datatype, so that "x" and "x"^^xsd:string compare equal."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term. Raises ValueError for an invalid IRI."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Term | None:
    """pyoxigraph term (or None) -> rdflib term (or None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (XSD_STRING, RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported RDF term in result: {term!r}")


def from_json(binding: dict) -> Term:
    """A term of the SPARQL 1.1 Query Results JSON format -> rdflib term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        return normalize(Literal(value, datatype=URIRef(datatype) if datatype else None))
    raise QueryError(f"unsupported term type {kind!r} in SPARQL JSON results")


def nt(term: Node) -> str:
    """Canonical N-Triples text of an rdflib term (safe to paste into SPARQL)."""
    return str(to_ox(normalize(term)))


_IRI_TEXT: dict[str, str] = {}
# What follows a literal's quoted lexical form, by (language, datatype): worked out once by
# pyoxigraph for each pair, so that the fast path below prints what nt() prints.
_LITERAL_TAIL: dict[tuple[str | None, str | None], str] = {}
# Characters pyoxigraph escapes inside a quoted literal; a lexical form without any of them is
# printed as it is.
_ESCAPED = re.compile('[\x00-\x1f\x7f"\\\\\ufffe\uffff]')


def _literal_text(term: Literal) -> str:
    """nt(term) for a Literal, without building a pyoxigraph term when nothing needs escaping
    (the lexical forms of a document: quotes, labels, numbers, dates)."""
    value = str(term)
    if _ESCAPED.search(value):
        return nt(term)
    key = (term.language, None if term.datatype is None else str(term.datatype))
    tail = _LITERAL_TAIL.get(key)
    if tail is None:
        language, datatype = key
        if datatype == XSD_STRING:  # as normalize() does
            datatype = None
        probe = ox.Literal("x", language=language) if language else ox.Literal(
            "x", datatype=None if datatype is None else ox.NamedNode(datatype))
        tail = _LITERAL_TAIL[key] = str(probe)[3:]  # after '"x"'
    return f'"{value}"{tail}'


# The IRIs kg makes itself (kg.ids: a base, then ASCII letters, digits and - _ . / #), which
# pyoxigraph prints as they are: most of a document's IRIs are met once (its evidence nodes),
# and building a pyoxigraph term for each took about 3% of a worker's time (cProfile).
_OWN_IRI = re.compile(r"https://w3id\.org/kg-vn/(?:id|graph)/[A-Za-z0-9_.\-/#]*")


def nt_quads(triples, graph: Node) -> str:
    """N-Quads text of ``triples`` in ``graph``, one statement a line (a trailing newline), each
    term as nt() prints it. IRIs repeat across documents (classes, properties, bodies): their
    text is kept."""
    cache = _IRI_TEXT
    if len(cache) > 100_000:
        cache.clear()
    own = _OWN_IRI.fullmatch

    def text(term) -> str:
        kind = type(term)
        if kind is URIRef:
            out = cache.get(term)
            if out is None:
                out = cache[term] = f"<{term}>" if own(term) else nt(term)
            return out
        if kind is Literal:
            return _literal_text(term)
        return nt(term)

    g = " " + nt(graph) + " .\n"
    return "".join(f"{text(s)} {text(p)} {text(o)}{g}" for s, p, o in triples)


def nt_quad_chunks(triples, graph: Node, size: int = 50_000) -> Iterator[str]:
    """``nt_quads`` of ``triples`` in pieces of ``size`` statements, for a graph whose whole text
    would be a string of hundreds of megabytes (the derived graph of a big corpus)."""
    it = iter(triples)
    while chunk := list(islice(it, size)):
        yield nt_quads(chunk, graph)


def nt_line(s: Node, p: Node, o: Node, g: Node | None = None) -> str:
    """One N-Triples / N-Quads statement, without the newline."""
    parts = [nt(s), nt(p), nt(o)] + ([nt(g)] if g is not None else [])
    return " ".join(parts) + " ."


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """A prefixed name for display (``kgr:person/x``) when a prefix applies, else the IRI."""
    table = prefixes or PREFIXES
    matches = [(len(ns), p) for p, ns in table.items() if iri.startswith(ns) and len(iri) > len(ns)]
    if not matches:
        return iri
    prefix = max(matches)[1]
    return f"{prefix}:{iri[len(table[prefix]):]}"


def expand(name: str, prefixes: dict[str, str] | None = None) -> str:
    """``kgr:person/x`` -> full IRI; ``<iri>`` -> iri; anything else is returned unchanged."""
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    table = prefixes or PREFIXES
    if sep and prefix in table and not local.startswith("//"):
        return table[prefix] + local
    return name
