"""Saved SPARQL queries (``queries/*.rq``), their parameters, and result formatting.

A saved query starts with header comment lines::

    #+ title: Who held a post
    #+ description: Holders of posts in an organisation, with evidence counts.
    #+ param: org (iri, default kgr:org/tinh-uy-thai-nguyen) the organisation
    #+ param: name (string) part of a person's name
    #+ param: since (date, optional) only holdings reported after this date

An optional ``#+ columns: a, b, c`` line declares the result columns (checked by the tests).

A parameter ``name`` binds the SPARQL variable ``?name``. Types: ``string`` (plain literal),
``langstring`` (``@vi`` literal), ``iri`` (full IRI, ``<iri>`` or prefixed name ``kgr:…``),
``date`` (xsd:date), ``integer``, ``decimal``, ``boolean``. A parameter is required unless
it has a default or is marked ``optional`` (then left unbound when not given).
"""
from __future__ import annotations

import csv
import json
import re
import shlex
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Mapping, TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import InputError
from kg.store.base import QueryResult
from kg.store.terms import XSD_STRING, Term, expand, nt, shorten

PARAM_TYPES = ("string", "langstring", "iri", "date", "integer", "decimal", "boolean")
RESULT_FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"#\+\s*(\w+)\s*:\s*(.*)")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^)]*)\))?\s*(.*)")
_CHECKS = {
    "integer": (re.compile(r"[+-]?[0-9]+"), XSD.integer),
    "decimal": (re.compile(r"[+-]?[0-9]*\.?[0-9]+"), XSD.decimal),
    "boolean": (re.compile(r"true|false"), XSD.boolean),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def describe(self) -> str:
        """``name (string, default: Bí thư): bare title`` as ``kg queries`` lists it."""
        given = f"default: {self.default}" if self.default is not None else \
            "optional" if self.optional else "required"
        return f"{self.name} ({self.type}, {given})" + (f": {self.description}" if self.description else "")


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None
    columns: tuple[str, ...] = field(default_factory=tuple)

    @property
    def source(self) -> str:
        return str(self.path) if self.path else self.name


def parse_saved(text: str, name: str = "<query>", path: Path | None = None) -> SavedQuery:
    """Parse the ``#+`` header of a query text."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), 1):
        found = _HEADER.match(line.strip())
        if not found:
            continue
        key, value = found.group(1).lower(), found.group(2).strip()
        if key == "param":
            params.append(_parse_param(value, str(path or name), number))
        else:
            fields[key] = value
    columns = tuple(c.strip().lstrip("?") for c in fields.get("columns", "").split(",") if c.strip())
    return SavedQuery(name, text, fields.get("title", ""), fields.get("description", ""),
                      tuple(params), path, columns)


def _parse_param(spec: str, source: str, line: int) -> Param:
    found = _PARAM.fullmatch(spec)
    if not found:
        raise InputError(source, f"line {line}: cannot read param {spec!r}")
    name, inside, description = found.group(1), found.group(2) or "string", found.group(3)
    kind, _, rest = (part.strip() for part in inside.partition(","))
    kind = kind.lower() or "string"
    if kind not in PARAM_TYPES:
        raise InputError(source, f"line {line}: param {name}: unknown type {kind!r} "
                                 f"(one of {', '.join(PARAM_TYPES)})")
    default = optional = None
    if rest.lower().startswith("default"):
        default = rest[len("default"):].strip().strip("\"'")
    elif rest.lower() == "optional":
        optional = True
    elif rest:
        raise InputError(source, f"line {line}: param {name}: "
                                 f"expected 'default …' or 'optional', got {rest!r}")
    return Param(name, kind, default, bool(optional), description.strip())


def load_saved(ref: str | Path, *, directory: Path | None = None) -> SavedQuery:
    """A saved query by name (``persons``), by path (``x.rq``), or an inline query text."""
    folder = directory or _queries_dir()
    text = str(ref)
    if isinstance(ref, Path) or text.endswith(".rq"):
        path = Path(ref)
        if not path.is_file():
            raise InputError(text, "no such query file")
        return parse_saved(path.read_text("utf-8"), path.stem, path)
    if re.fullmatch(r"[\w.-]+", text):
        path = folder / f"{text}.rq"
        if not path.is_file():
            known = ", ".join(q.name for q in list_saved(folder)) or "none"
            raise InputError(text, f"no saved query of that name in {folder} (known: {known})")
        return parse_saved(path.read_text("utf-8"), path.stem, path)
    return parse_saved(text)


def list_saved(directory: Path | None = None) -> list[SavedQuery]:
    folder = directory or _queries_dir()
    return [parse_saved(p.read_text("utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))]


def _queries_dir() -> Path:
    from kg.resources import queries_dir

    return queries_dir()


def warm(store, timeout: float = 60.0) -> tuple[list[str], list[str]]:
    """Run every saved query that needs no parameter (defaults bound), as ``kg query NAME``
    does, on a read-only embedded ``store``, so that it keeps the answers of the slow ones
    (kg.store.cache). Returns the names kept and the names that ran past ``timeout``."""
    from kg.errors import QueryTimeout

    kept, late = [], []
    for saved in list_saved():
        if any(p.required for p in saved.params):
            continue
        before = store.answers.stores
        try:
            store.query(saved.text, bindings=bind_params(saved, {}), timeout=timeout)
        except QueryTimeout:
            late.append(saved.name)
            continue
        if store.answers.stores > before:
            kept.append(saved.name)
    return kept, late


def bind_params(saved: SavedQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Typed RDF terms for the query's params from strings; defaults filled in."""
    declared = {p.name: p for p in saved.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise InputError(saved.source, f"unknown param {', '.join(unknown)} (declared: {known})")
    missing = [p.name for p in saved.params if p.required and p.name not in values]
    if missing:
        raise InputError(saved.source, f"missing required param {', '.join(missing)}")
    bound: dict[str, Term] = {}
    for param in saved.params:
        value = values.get(param.name, param.default)
        if value is not None:
            bound[param.name] = to_term(param, str(value), saved.source)
    return bound


def defaults_used(saved: SavedQuery, values: Mapping[str, str]) -> str:
    """The defaults ``bind_params`` fills in for ``values``, as the ``--param`` options that
    would give them (``--param role='Bí thư' --param days=365``); empty when none is."""
    return " ".join(f"--param {p.name}={shlex.quote(p.default)}" for p in saved.params
                    if p.default is not None and p.name not in values)


def to_term(param: Param, value: str, source: str = "<query>") -> Term:
    """One parameter value as an RDF term of the declared type."""
    def bad(why: str) -> InputError:
        return InputError(source, f"param {param.name}: {value!r} {why}")

    if param.type in ("string", "langstring"):
        # NFC: the graph's labels are NFC, a value typed on some systems is decomposed (NFD).
        text = unicodedata.normalize("NFC", value)
        return Literal(text, lang="vi") if param.type == "langstring" else Literal(text)
    if param.type == "iri":
        iri = expand(value)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", iri):
            raise bad("is not an IRI or a known prefixed name")
        return URIRef(iri)
    if param.type == "date":
        try:
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise bad("is not a date YYYY-MM-DD") from None
    pattern, datatype = _CHECKS[param.type]
    if not pattern.fullmatch(value.strip()):
        raise bad(f"is not {'an' if param.type == 'integer' else 'a'} {param.type}")
    return Literal(value.strip(), datatype=datatype)


# -- formatting results ----------------------------------------------------------------

def format_result(result: QueryResult, fmt: str, out: TextIO, *, spreadsheet_safe: bool = True) -> None:
    """Write ``result`` as ``table`` (aligned text), ``csv``/``tsv`` (W3C SPARQL 1.1 CSV/TSV
    results) or ``json`` (SPARQL 1.1 Query Results JSON). A CONSTRUCT result is written as
    rows of ?subject ?predicate ?object.

    CSV is opened in spreadsheets, which run a cell that begins with ``=``, ``+``, ``-`` or ``@``
    (or a tab or carriage return before one) as a formula. With ``spreadsheet_safe`` (the
    default) such a cell gets a leading ``'``, as OWASP recommends ("CSV Injection"), so that it
    reads as text; a cell that is a plain number ("-5") is left as it is. ``spreadsheet_safe=False``
    writes every value exactly. TSV is written exactly either way: the SPARQL TSV format writes
    every string in quotes ("=1+1"), so no cell begins with a formula character."""
    if fmt not in RESULT_FORMATS:
        raise InputError(fmt, f"unknown result format; choose one of {', '.join(RESULT_FORMATS)}")
    if fmt == "csv":
        _csv(_tabular(result), out, spreadsheet_safe)
        return
    {"table": _table, "tsv": _tsv, "json": _json}[fmt](_tabular(result), out)


def _tabular(result: QueryResult) -> QueryResult:
    if result.kind != "construct" or result.graph is None:
        return result
    rows = sorted(result.graph, key=lambda t: tuple(nt(x) for x in t))
    return QueryResult.select(["subject", "predicate", "object"], [tuple(r) for r in rows])


def _table(result: QueryResult, out: TextIO) -> None:
    if result.kind == "ask":
        out.write(f"{'true' if result.boolean else 'false'}\n")
        return
    cells = [list(result.vars)] + [[_display(t) for t in row] for row in result.rows]
    sizes = [[_width(cell) for cell in row] for row in cells]
    widths = [max(row[i] for row in sizes) for i in range(len(result.vars))]
    for number, (row, size) in enumerate(zip(cells, sizes)):
        padded = [cell + " " * (w - n) for cell, n, w in zip(row, size, widths)]
        out.write("  ".join(padded).rstrip() + "\n")
        if number == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    out.write(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n")


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())  # lexical form on one line


# Latin (Vietnamese letters included, precomposed after NFC) and general punctuation: no
# combining mark and no wide character, one column each.
_ONE_COLUMN = re.compile("[\u0000-\u02ff\u1e00-\u1eff\u2000-\u2064]*")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks none, wide (CJK) characters two."""
    if _ONE_COLUMN.fullmatch(text):
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _csv(result: QueryResult, out: TextIO, spreadsheet_safe: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
        return
    writer.writerow(result.vars)
    for row in result.rows:
        cells = ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        writer.writerow([neutralised(c) for c in cells] if spreadsheet_safe else cells)


#: What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet reads it as text: a leading ' before a formula character."""
    if cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _tsv(result: QueryResult, out: TextIO) -> None:
    if result.kind == "ask":
        out.write(f"?_askResult\n{'true' if result.boolean else 'false'}\n")
        return
    out.write("\t".join(f"?{v}" for v in result.vars) + "\n")
    for row in result.rows:
        out.write("\t".join("" if t is None else nt(t) for t in row) + "\n")


def _json(result: QueryResult, out: TextIO) -> None:
    """SPARQL 1.1 JSON, one binding a line. Each line is written by json's C encoder (an
    ``indent`` would send all of it through the pure-Python one: 340 against 100 ms for
    11,719 rows), and a term that repeats (a post, a body, a document) is encoded once."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    if result.kind == "ask":
        out.write(dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n")
        return
    names = [dumps(v) for v in result.vars]
    seen: dict[tuple, str] = {}

    def term(t: Term) -> str:
        # keyed by what is written, not by rdflib's equality ("a"@vi == "a"@VI there)
        key = (type(t), str(t), getattr(t, "language", None), getattr(t, "datatype", None))
        try:
            return seen[key]
        except KeyError:
            seen[key] = text = dumps(_json_term(t))
            return text

    out.write('{"head": {"vars": ' + dumps(list(result.vars)) + '},\n "results": {"bindings": [')
    for number, row in enumerate(result.rows):
        cells = ", ".join(f"{name}: {term(t)}" for name, t in zip(names, row) if t is not None)
        out.write(("\n  {" if number == 0 else ",\n  {") + cells + "}")
    out.write("\n ]}}\n")


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != XSD_STRING:
        data["datatype"] = str(term.datatype)
    return data
