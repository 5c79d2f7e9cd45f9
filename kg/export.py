"""Export the graph as RDF files and CSV tables. Every output is deterministic: the same
triples give the same bytes, whatever the insertion order or the Python hash seed.

Formats: ``turtle`` (union of all graphs), ``nt`` (union, sorted lines), ``nquads`` (sorted
lines, per-document graphs), ``trig`` (per-document graphs) and ``jsonld`` (per-document
graphs, compacted with the published context ``ontology/context.jsonld``, embedded).
Tables: ``csv_tables`` (the contract saved queries as W3C SPARQL CSV files). Networks for
Gephi: ``write_network`` (GraphML or GEXF, through ``kg.network``).
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.term import Node

from kg.errors import InputError
from kg.store import canonical
from kg.store.base import QueryResult, Store
from kg.store.terms import PREFIXES, nt

Triple = tuple[Node, Node, Node]
Graphs = dict[Node | None, list[Triple]]  # graph name (None = default graph) -> triples

FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads",
           "n-quads": "nquads", "json-ld": "jsonld"}
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld"}
CONTEXT_FILE = "context.jsonld"

# saved query (queries/<name>.rq) -> CSV file written by csv_tables
TABLES = {
    "persons.csv": "persons",
    "positions.csv": "positions",
    "sessions.csv": "sessions",
    "decisions.csv": "session-items",
    "citations.csv": "cited-documents",
}


def export(source: Dataset | Graph | Store, fmt: str, out: BinaryIO) -> None:
    """Write ``source`` (a Store, an rdflib Dataset, or a Graph) to ``out`` in ``fmt``."""
    writer = _WRITERS[normalize_format(fmt)]
    graphs = split_graphs(source.dataset() if isinstance(source, Store) else source)
    out.write(writer(graphs).encode("utf-8"))


def normalize_format(fmt: str) -> str:
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise InputError(fmt, f"unknown export format; choose one of {', '.join(FORMATS)}")
    return name


def split_graphs(data: Dataset | Graph) -> Graphs:
    """Triples per graph name; the default graph is keyed None."""
    graphs: Graphs = {}
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        for s, p, o, g in data.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            key = None if name is None or name == DATASET_DEFAULT_GRAPH_ID else name
            graphs.setdefault(key, []).append((s, p, o))
    else:
        graphs[None] = list(data)
    return graphs


def _union(graphs: Graphs) -> Iterable[Triple]:
    return {t for triples in graphs.values() for t in triples}


def _quads(graphs: Graphs) -> Iterable[tuple[Node, Node, Node, Node | None]]:
    return ((s, p, o, g) for g, triples in graphs.items() for s, p, o in triples)


def jsonld_context() -> dict:
    """The published JSON-LD context: the prefixes of ontology/MODEL.md."""
    return {"@context": dict(PREFIXES)}


def write_context(path: Path | None = None) -> Path:
    """(Re)generate ontology/context.jsonld."""
    from kg.resources import ontology_dir

    target = path or ontology_dir() / CONTEXT_FILE
    target.write_text(json.dumps(jsonld_context(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return target


def _jsonld(graphs: Graphs) -> str:
    ds = Dataset()
    for name, triples in graphs.items():
        target = ds.default_graph if name is None else ds.graph(name)
        for triple in triples:
            target.add(triple)
    context = jsonld_context()["@context"]
    data = json.loads(ds.serialize(format="json-ld", context=context))
    return json.dumps(_sorted_json(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _sorted_json(value: object, key: str | None = None) -> object:
    """Sort JSON-LD arrays (they are unordered sets) except @list contents."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


_WRITERS: dict[str, Callable[[Graphs], str]] = {
    "turtle": lambda graphs: canonical.turtle(_union(graphs)),
    "nt": lambda graphs: canonical.ntriples(_union(graphs)),
    "nquads": lambda graphs: canonical.nquads(_quads(graphs)),
    "trig": lambda graphs: canonical.trig(graphs),
    "jsonld": _jsonld,
}


def csv_tables(store: Store, out_dir: Path, *, queries: Path | None = None,
               timeout: float | None = None, spreadsheet_safe: bool = True) -> dict[str, Path]:
    """Write the CSV tables of ``TABLES`` (W3C SPARQL CSV) into ``out_dir``; a cell a
    spreadsheet would run as a formula starts with ' unless ``spreadsheet_safe`` is False
    (kg.queries.format_result).

    ``queries`` is the directory of the saved queries (default: the project's queries/).
    Rows of a query without ORDER BY are sorted, so that the files are deterministic.
    """
    from kg.queries import bind_params, format_result, load_saved

    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for filename, name in TABLES.items():
        saved = load_saved(name if queries is None else queries / f"{name}.rq")
        result = store.query(saved.text, bindings=bind_params(saved, {}), timeout=timeout)
        if not re.search(r"\bORDER\s+BY\b", saved.text, re.I):
            result = _sorted_rows(result)
        with open(out_dir / filename, "w", encoding="utf-8", newline="") as handle:
            format_result(result, "csv", handle, spreadsheet_safe=spreadsheet_safe)
        written[filename] = out_dir / filename
    return written


def _sorted_rows(result: QueryResult) -> QueryResult:
    def key(row: tuple) -> tuple:
        return tuple("" if t is None else nt(t) for t in row)

    return replace(result, rows=sorted(result.rows, key=key))


NETWORK_FORMATS = ("graphml", "gexf")
NETWORKS = ("full", "co-attendance")


def write_network(source: Dataset | Graph | Store, fmt: str, path: Path, network: str = "full") -> Path:
    """Write the graph as a network file for Gephi: ``fmt`` graphml or gexf; ``network`` full
    (every person, organisation, session, decision, cited and source document, with the
    relations of ``kg.network``) or co-attendance (persons linked by shared sessions, with
    centrality and community attributes). Nodes and edges are written in sorted order."""
    from kg import network as nets

    if fmt not in NETWORK_FORMATS:
        raise InputError(fmt, f"unknown network format; choose one of {', '.join(NETWORK_FORMATS)}")
    if network not in NETWORKS:
        raise InputError(network, f"unknown network; choose one of {', '.join(NETWORKS)}")
    data = source.dataset() if isinstance(source, Store) else source
    graph = nets.to_networkx(data)
    if network == "co-attendance":
        graph = nets.co_attendance(graph)
    writer = nets.write_graphml if fmt == "graphml" else nets.write_gexf
    return writer(_sorted_network(graph), path)


def _sorted_network(graph):
    """The same network with nodes and edges inserted in sorted order (stable file bytes)."""
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from(sorted(graph.nodes(data=True), key=lambda item: str(item[0])))

    def key(edge: tuple) -> tuple:
        return tuple(str(part) for part in edge[:-1]) + (json.dumps(edge[-1], sort_keys=True, default=str),)

    if graph.is_multigraph():
        edges = sorted(graph.edges(keys=True, data=True), key=key)
        out.add_edges_from((u, v, k, d) for u, v, k, d in edges)
    else:
        out.add_edges_from(sorted(graph.edges(data=True), key=key))
    return out
