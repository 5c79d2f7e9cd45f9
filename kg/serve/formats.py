"""Content negotiation (``Accept``, ``format=``/``output=``) and the writers of each format.

SELECT/ASK as SPARQL JSON (default), SPARQL XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle
(default), N-Triples, JSON-LD or RDF/XML. The writers are those of ``kg query`` and
``kg export``, so the rows are the ones the embedded store gives.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape as xml_escape, quoteattr

from kg.store.terms import PREFIXES, XSD_STRING

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

