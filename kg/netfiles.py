"""Networks derived from kg.network's graph, and the files Gephi reads: the co-attendance
network of officials (with centrality and communities), GraphML and GEXF."""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

ATTENDANCE_RELATIONS = ("chair", "attendee", "speaker")


def sessions_by_person(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for u, v, rel in g.edges(data="relation"):
        if rel in ATTENDANCE_RELATIONS and g.nodes[u].get("type") == "person":
            result.setdefault(u, set()).add(v)
    return result


def co_attendance(nx_graph: nx.MultiDiGraph, seed: int = 42) -> nx.Graph:
    """Officials linked by shared sessions (weight = number of sessions), with centrality
    (degree, betweenness) and community (louvain, seeded) as node attributes."""
    attended = sessions_by_person(nx_graph)
    co = nx.Graph()
    for person in sorted(attended):
        co.add_node(person, label=nx_graph.nodes[person]["label"], type="person",
                    sessions=len(attended[person]))
    by_session: dict[str, list[str]] = {}
    for person in sorted(attended):
        for session in attended[person]:
            by_session.setdefault(session, []).append(person)
    for session in sorted(by_session):
        people = by_session[session]
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                weight = co.edges[a, b]["weight"] + 1 if co.has_edge(a, b) else 1
                co.add_edge(a, b, weight=weight, label=f"{weight} phiên họp chung · shared sessions")
    _add_centrality(co, seed)
    return co


def _add_centrality(co: nx.Graph, seed: int) -> None:
    n = len(co)
    degree = nx.degree_centrality(co) if n > 1 else {node: 0.0 for node in co}
    sample = min(n, 500) if n > 1000 else None  # sampled betweenness keeps big graphs fast
    between = nx.betweenness_centrality(co, k=sample, seed=seed) if n > 2 else {node: 0.0 for node in co}
    communities = nx.community.louvain_communities(co, weight="weight", seed=seed) if n else []
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    for index, members in enumerate(ordered):
        for node in members:
            co.nodes[node]["community"] = index
    for node in co:
        co.nodes[node]["degree"] = round(degree[node], 6)
        co.nodes[node]["betweenness"] = round(between[node], 6)
        co.nodes[node]["co_attendees"] = co.degree(node)


# XML 1.0 cannot hold these at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Text that XML 1.0 can hold: a C0 control character (other than tab, newline and
    carriage return) becomes its Unicode control picture (U+0007 → U+2407 ␇), a
    non-character or lone surrogate U+FFFD; everything else is kept."""
    return _NOT_XML.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < "\x20" else "\ufffd", text)


def _serialisable(g: nx.Graph, rename: dict[str, str] | None = None) -> nx.Graph:
    """A copy whose attributes are strings or numbers only (None dropped), every string one
    that XML 1.0 (GraphML, GEXF) can hold (``xml_safe``)."""
    rename = rename or {}

    def clean(data: dict) -> dict:
        return {rename.get(k, k): xml_safe(v if type(v) is str else str(v)) if type(v) not in (int, float) else v
                for k, v in data.items() if v is not None}

    h = g.__class__()
    h.add_nodes_from((n, clean(d)) for n, d in g.nodes(data=True))
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else g.edges(data=True)
    h.add_edges_from((*e[:-1], clean(e[-1])) for e in edges)
    return h


def _target(path):
    """A file name as str (networkx's writers take names or binary files)."""
    return str(path) if isinstance(path, (str, Path)) else path


def write_graphml(g: nx.Graph, path):
    nx.write_graphml(_serialisable(g), _target(path))
    return Path(path) if isinstance(path, (str, Path)) else path


def write_gexf(g: nx.Graph, path):
    # GEXF gives "start"/"end" a meaning (dynamic graphs): keep the offsets under other names.
    h = _serialisable(g, {"start": "quote_start", "end": "quote_end"})
    nx.write_gexf(h, _target(path))
    return Path(path) if isinstance(path, (str, Path)) else path
