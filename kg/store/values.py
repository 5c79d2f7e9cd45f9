"""Bind variables of a SPARQL query sent to a remote server, without string pasting of values.

Values become a ``VALUES (?a ?b) { (<iri> "literal") }`` block made of canonical N-Triples
terms (``kg.store.terms.nt``: quotes, braces and newlines are escaped inside the literal).
The block goes at the start of the query's WHERE group, so FILTERs and OPTIONALs of that
group see the values, as with pyoxigraph substitutions and rdflib initBindings. Only when
the WHERE group cannot take it (``CONSTRUCT WHERE {…}`` short form, a WHERE that is just a
sub-SELECT, a DESCRIBE without WHERE) is it appended as the query's trailing VALUES clause.
Difference left: a FILTER inside a NESTED group that uses a bound variable before the group
is joined sees it unbound here, but bound on the embedded backends.
"""
from __future__ import annotations

import re
from typing import Mapping

from kg.store.terms import Term, nt

_LONG1, _LONG2 = r"'''(?:[^'\\]|\\.|'(?!''))*'''", r'"""(?:[^"\\]|\\.|"(?!""))*"""'
_SHORT1, _SHORT2 = r"'(?:[^'\\\n]|\\.)*'", r'"(?:[^"\\\n]|\\.)*"'
_TOKENS = re.compile(
    r"(?P<comment>#[^\n]*)"
    rf"|(?P<string>{_LONG1}|{_LONG2}|{_SHORT1}|{_SHORT2})"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<var>[?$][\w\u00b7-\uffff]+)"
    r"|(?P<lang>@[A-Za-z][A-Za-z0-9-]*)"
    r"|(?P<word>[A-Za-z_][\w-]*(?::[\w.:%/-]*)?|:[\w.:%/-]*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lpar>\()|(?P<rpar>\))"
    r"|(?P<space>\s+)|(?P<other>.)",
    re.S,
)
_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


def values_clause(bindings: Mapping[str, Term]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(nt(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def inject_values(query: str, bindings: Mapping[str, Term]) -> str:
    """``query`` with ``bindings`` as a VALUES block (see the module docstring)."""
    if not bindings:
        return query
    clause = values_clause(bindings)
    form, groups = _top_level_groups(query)
    index = 1 if form == "CONSTRUCT" else 0
    where = groups[index] if len(groups) > index else None
    if where is None or where[1] == "SELECT":
        return f"{query}\n{clause}\n"
    return f"{query[:where[0]]}\n  {clause}\n{query[where[0]:]}"


def _top_level_groups(query: str) -> tuple[str | None, list[tuple[int, str]]]:
    """The query form, and for each top-level ``{`` group (VALUES data blocks left out)
    the offset just after its brace and the first word inside it (upper-cased)."""
    form: str | None = None
    groups: list[tuple[int, str]] = []
    depth = parens = 0
    after_values = watch = False
    for token in _TOKENS.finditer(query):
        kind, text = token.lastgroup, token.group()
        if kind in ("comment", "space"):
            continue
        if watch:  # first significant token of the group just opened
            groups[-1] = (groups[-1][0], text.upper() if kind == "word" else "")
            watch = False
        if kind == "word" and depth == 0 and parens == 0:
            word = text.upper()
            if form is None and word in _FORMS:
                form = word
            after_values = after_values or word == "VALUES"
        elif kind == "lpar":
            parens += 1
        elif kind == "rpar":
            parens -= 1
        elif kind == "open":
            if depth == 0 and parens == 0 and form and not after_values:
                groups.append((token.end(), ""))
                watch = True
            after_values = after_values and depth > 0
            depth += 1
        elif kind == "close":
            depth -= 1
    return form, groups


UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH"})


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (BASE / PREFIX declarations), upper-cased:
    ``SELECT``, ``CONSTRUCT``, ``ASK``, ``DESCRIBE`` for a query, one of ``UPDATE_KEYWORDS``
    for a SPARQL Update request; None when the text is empty or starts with something else.
    Comments, strings and IRIs are skipped as tokens, so a keyword inside them never counts."""
    expect: list[str] = []  # token kinds still owed to a BASE/PREFIX declaration
    for token in _TOKENS.finditer(text):
        kind, value = token.lastgroup, token.group()
        if kind in ("comment", "space"):
            continue
        if expect:
            if kind != expect.pop(0):
                return None
            continue
        if kind != "word":
            return None
        word = value.upper()
        if word == "BASE":
            expect = ["iri"]
        elif word == "PREFIX":
            expect = ["word", "iri"]
        else:
            return None if ":" in word else word
    return None


def substitute(query: str, bindings: Mapping[str, Term]) -> str | None:
    """``query`` with each bound variable replaced by its term, or None when that is not safe.

    The terms are canonical N-Triples text (``nt``), the same text a VALUES block carries. A
    constant lets the engine push a FILTER on a parameter down to the pattern it narrows
    (a VALUES block is joined last by Oxigraph's planner). ``BOUND(?x)`` becomes ``true``.
    None (use ``inject_values``) when a bound variable is projected (``SELECT ?x``, ``SELECT *``),
    assigned (``AS ?x``, ``VALUES ?x``), used inside a sub-select (its scope differs there), or
    bound to a blank node. Where a term cannot stand (``GROUP BY ?x``, a literal as subject) the
    result does not parse: the caller then falls back to ``inject_values`` too.
    """
    from rdflib import BNode

    names = {name.lstrip("?$"): term for name, term in bindings.items()}
    if not names:
        return query
    if any(isinstance(term, BNode) for term in names.values()):
        return None
    tokens = [t for t in _TOKENS.finditer(query) if t.lastgroup not in ("comment", "space")]
    edits: list[tuple[int, int, str]] = []
    depth = 0
    subselects: list[int] = []  # brace depths at which a sub-select's group opened
    projection = in_values = False
    for i, token in enumerate(tokens):
        kind, text = token.lastgroup, token.group()
        if kind == "open":
            depth += 1
            projection = in_values = False
        elif kind == "close":
            if subselects and subselects[-1] == depth:
                subselects.pop()
            depth -= 1
        elif kind == "word":
            word = text.upper()
            if word == "SELECT":
                projection = True
                if depth > 0:
                    subselects.append(depth)
            elif word in ("WHERE", "FROM"):
                projection = False
            elif word == "VALUES":
                in_values = True
        elif kind == "other" and text == "*" and projection and tokens[i - 1].group().upper() in (
                "SELECT", "DISTINCT", "REDUCED"):
            return None
        elif kind == "var" and text[1:] in names:
            before = tokens[i - 1].group().upper() if i else ""
            if projection or in_values or subselects or before == "AS":
                return None
            if (i >= 2 and before == "(" and tokens[i - 2].group().upper() == "BOUND"
                    and i + 1 < len(tokens) and tokens[i + 1].group() == ")"):
                edits.append((tokens[i - 2].start(), tokens[i + 1].end(), "true"))
            else:
                edits.append((token.start(), token.end(), nt(names[text[1:]])))
    out, last = [], 0
    for start, end, text in edits:
        out += [query[last:start], text]
        last = end
    return "".join(out) + query[last:]
