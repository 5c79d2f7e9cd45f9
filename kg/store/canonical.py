"""Canonical (byte-stable) RDF text: N-Triples, N-Quads, Turtle and TriG.

rdflib's Turtle/TriG serializers are not byte-stable: they keep input order for literals
that compare equal by value (``1``, ``1.0``, ``"1"^^xsd:double``), and TriG writes graphs in
hash order, which changes with PYTHONHASHSEED. These writers sort everything by the
canonical N-Triples text of the terms, so the same triples always give the same bytes.
"""
from __future__ import annotations

import re
from typing import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.store.terms import PREFIXES, XSD_STRING, normalize, nt, nt_line

Triple = tuple[Node, Node, Node]
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_BARE = {
    str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
    str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    str(XSD.boolean): re.compile(r"true|false"),
}


def ntriples(triples: Iterable[Triple]) -> str:
    """Sorted, de-duplicated N-Triples."""
    return "".join(line + "\n" for line in sorted({nt_line(s, p, o) for s, p, o in triples}))


def nquads(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> str:
    """Sorted, de-duplicated N-Quads (graph None = default graph)."""
    return "".join(line + "\n" for line in sorted({nt_line(*q) for q in quads}))


class _Writer:
    """Renders terms as Turtle, remembering which prefixes it used."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: set[str] = set()

    def iri(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            local = iri[len(ns):]
            if iri.startswith(ns) and (not local or _LOCAL.fullmatch(local)):
                self.used.add(prefix)
                return f"{prefix}:{local}"
        return nt(URIRef(iri))

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, BNode):
            return nt(term)
        assert isinstance(term, Literal), term
        quoted = nt(Literal(str(term)))
        if term.language:
            return f"{quoted}@{term.language}"
        datatype = str(term.datatype) if term.datatype is not None else XSD_STRING
        if datatype == XSD_STRING:
            return quoted
        if datatype in _BARE and _BARE[datatype].fullmatch(str(term)):
            return str(term)
        return f"{quoted}^^{self.iri(datatype)}"

    def header(self, all_prefixes: dict[str, str]) -> str:
        lines = [f"@prefix {p}: <{ns}> ." for p, ns in all_prefixes.items() if p in self.used]
        return "\n".join(lines) + "\n\n" if lines else ""

    def blocks(self, triples: Iterable[Triple], indent: str = "") -> str:
        by_subject: dict[Node, dict[Node, set[Node]]] = {}
        for s, p, o in triples:
            by_subject.setdefault(s, {}).setdefault(p, set()).add(normalize(o))
        out = []
        for s in sorted(by_subject, key=nt):
            predicates = sorted(by_subject[s], key=lambda p: (p != RDF.type, nt(p)))
            parts = []
            for p in predicates:
                verb = "a" if p == RDF.type else self.term(p)
                objects = sorted(by_subject[s][p], key=nt)
                sep = f",\n{indent}        "
                parts.append(f"{verb} " + sep.join(self.term(o) for o in objects))
            out.append(f"{indent}{self.term(s)} " + f" ;\n{indent}    ".join(parts) + " .\n")
        return "\n".join(out)


def turtle(triples: Iterable[Triple], prefixes: dict[str, str] | None = None) -> str:
    """Canonical Turtle of a set of triples."""
    table = prefixes or PREFIXES
    writer = _Writer(table)
    body = writer.blocks(set(triples))
    return writer.header(table) + body


def trig(graphs: dict[Node | None, Iterable[Triple]], prefixes: dict[str, str] | None = None) -> str:
    """Canonical TriG: default graph (key None) first, then named graphs sorted by IRI."""
    table = prefixes or PREFIXES
    writer = _Writer(table)
    parts = []
    names = sorted((g for g in graphs if g is not None), key=nt)
    for name in ([None] if None in graphs else []) + names:
        body = writer.blocks(set(graphs[name]), "    ")
        if body:
            label = "" if name is None else writer.term(name) + " "
            parts.append(f"{label}{{\n{body}}}\n")
    return writer.header(table) + "\n".join(parts)
