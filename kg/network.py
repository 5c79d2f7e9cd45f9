"""The RDF graph (ontology/MODEL.md) as a networkx graph, for views and exports.

Which classes become nodes and which relations become edges is decided by the tables
NODE_KINDS, DIRECT_EDGES and REIFIED_EDGES below, not by code paths.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

KG = Namespace("https://w3id.org/kg-vn/def#")
KGR = Namespace("https://w3id.org/kg-vn/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")

ORG_CLASSES = ("Organization", "PartyCommittee", "StandingCommittee", "PartyOrganization",
               "PartyCaucus", "PeoplesCouncil", "PeoplesCommittee", "Department",
               "NationalBody", "NationalAssemblyDelegation", "MassOrganization", "SecurityForce",
               "JudicialBody", "Enterprise", "PublicInstitution")
EVENT_CLASSES = ("Election", "Appointment", "Dismissal", "Retirement", "Transfer",
                 "Designation", "Assignment", "Approval", "Nomination", "PersonnelEvent")

# class -> node kind; the first matching row wins (kg:Decision is also a kg:AgendaItem).
NODE_KINDS: tuple[tuple[URIRef, str], ...] = (
    (KG.Person, "person"),
    *((KG[c], "org") for c in ORG_CLASSES),
    (KG.Session, "session"),
    (KG.Decision, "decision"),
    (KG.AgendaItem, "item"),
    (KG.CitedDocument, "citeddoc"),
    (KG.SourceDocument, "document"),
)

LABEL_PREDICATES = (SKOS.prefLabel, DCTERMS.title, RDFS.label, FOAF.name, DCTERMS.identifier)

# node kind -> {attribute: predicate path}; values are read as plain strings.
_ITEM = {"status": (KG.itemStatus, SKOS.notation), "item_type": (KG.itemType,), "session": (KG.session,)}
NODE_ATTRIBUTES: dict[str, dict[str, tuple[URIRef, ...]]] = {
    "org": {"level": (KG.level,), "alt": (SKOS.altLabel,)},
    "session": {"date": (DCTERMS.date,), "date_text": (KG.dateText,), "body": (KG.body,),
                "kind": (KG.sessionKind, SKOS.prefLabel), "ordinal": (KG.ordinal,),
                "term": (KG.term,), "term_period": (KG.termPeriod,),
                "referenced_only": (KG.referencedOnly,)},
    "item": _ITEM, "decision": _ITEM,
    "citeddoc": {"document_type": (KG.documentType,), "number": (KG.documentNumber,),
                 "date": (DCTERMS.date,), "issuer": (KG.issuer,)},
    "document": {"identifier": (DCTERMS.identifier,), "title": (DCTERMS.title,),
                 "date": (DCTERMS.issued,), "site": (KG.sourceSite,)},
}
# Labels of the SKOS concepts (defined in ontology/kg.ttl, often absent from a data graph).
CONCEPT_LABELS = {KG.HoiNghi: "Hội nghị", KG.KyHop: "Kỳ họp", KG.PhienHop: "Phiên họp",
                  KG.GiaoBan: "Giao ban", KG.DaiHoi: "Đại hội", KG.Approved: "approved",
                  KG.Discussed: "discussed"}


@dataclass(frozen=True)
class DirectEdge:
    """A triple (s, predicate, o) between two nodes; reverse=True draws o -> s."""
    predicate: URIRef
    label: str
    reverse: bool = False


@dataclass(frozen=True)
class ReifiedEdge:
    """An instance of cls linking source -> target (predicate paths from the instance).
    relation None: the label is the relation (participation roles: chair, attendee, speaker)."""
    cls: URIRef
    relation: str | None
    source: tuple[URIRef, ...]
    target: tuple[URIRef, ...]
    label: tuple[URIRef, ...]
    extra: tuple[tuple[str, tuple[URIRef, ...]], ...] = ()


ROLE = (ORG.role, SKOS.prefLabel)
DIRECT_EDGES = (
    DirectEdge(KG.body, "body"),                       # session -> org
    DirectEdge(KG.chair, "chair", reverse=True),       # person -> session
    DirectEdge(KG.attendee, "attendee", reverse=True),  # person -> session
    DirectEdge(KG.session, "session"),                 # item -> session
    DirectEdge(KG.citedIn, "citedIn"),                 # cited document -> source document
    DirectEdge(KG.issuer, "issuer"),                   # cited document -> org
    DirectEdge(ORG.subOrganizationOf, "subOrganizationOf"),  # org -> parent org
)
REIFIED_EDGES = (  # added after DIRECT_EDGES: the same edge (same key) gets their evidence
    ReifiedEdge(KG.PositionHolding, "holds", (ORG.member,), (ORG.organization,), ROLE,
                extra=(("role", ROLE), ("post", (KG.post, RDFS.label)),
                       ("begin", (ORG.memberDuring, TIME.hasBeginning, TIME.inXSDDate)),
                       ("finish", (ORG.memberDuring, TIME.hasEnd, TIME.inXSDDate)),
                       ("first", (KG.firstStated,)), ("last", (KG.lastStated,)))),
    ReifiedEdge(KG.Participation, None, (KG.participant,), (KG.session,), (KG.participationRole,)),
    *(ReifiedEdge(KG[c], "event", (KG.person,), (KG.post, ORG.postIn), (RDF.type,),
                  extra=(("event", (RDF.type,)), ("post", (KG.post, RDFS.label)),
                         ("role", (KG.post, *ROLE)), ("session", (KG.session,)),
                         ("date", (DCTERMS.date,)), ("result", (KG.result,))))
      for c in EVENT_CLASSES),
)

ATTENDANCE_RELATIONS = ("chair", "attendee", "speaker")


def _values(g: Graph, node, path: tuple[URIRef, ...]) -> list:
    """All values reached from node along a predicate path, sorted for determinism."""
    current = [node]
    for predicate in path:
        current = sorted({o for s in current for o in g.objects(s, predicate)}, key=str)
    return current


def local_name(iri) -> str:
    text = str(iri)
    if text.startswith(str(KGR)):
        return text[len(str(KGR)):]
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def label_of(g: Graph, node) -> str:
    for predicate in LABEL_PREDICATES:
        labels = list(g.objects(node, predicate))
        if labels:
            labels.sort(key=lambda l: (getattr(l, "language", None) not in ("vi", None), str(l)))
            return str(labels[0])
    return local_name(node).rsplit("/", 1)[-1]


def evidence(g: Graph, node) -> list[dict]:
    """The evidence records of a node: quote, doc (document id), start, end, rule."""
    records = []
    for ev in set(g.objects(node, KG.evidence)):
        source = next(iter(sorted(g.objects(ev, OA.hasSource), key=str)), None)
        record = {"quote": "", "doc": "", "rule": str(g.value(ev, KG.rule) or "")}
        if source is not None:
            record["doc"] = str(g.value(source, DCTERMS.identifier) or local_name(source)[4:])
        span = g.value(ev, KG.anchor) or ev  # an inferred evidence shows the span it rests on
        quote, start, end = (g.value(span, p) for p in (KG.quote, KG.start, KG.end))
        if quote is not None:
            record["quote"] = str(quote)
        if start is not None and end is not None:
            record["start"], record["end"] = int(start), int(end)
        records.append(record)
    return sorted(records, key=lambda r: (r["doc"], r.get("start", -1), r["quote"]))


def _evidence_attrs(records: list[dict]) -> dict:
    if not records:
        return {"evidence_count": 0}
    attrs = {k: v for k, v in records[0].items() if k != "rule"}
    attrs["evidence_count"] = len(records)
    attrs["docs"] = ";".join(sorted({r["doc"] for r in records if r["doc"]}))
    return attrs


def _node_attrs(g: Graph, node, kind: str) -> dict:
    attrs = {"type": kind, "label": label_of(g, node), "iri": str(node)}
    for name, path in NODE_ATTRIBUTES.get(kind, {}).items():
        values = [str(v) for v in _values(g, node, path)] or [
            CONCEPT_LABELS.get(v, local_name(v)) for v in _values(g, node, path[:-1]) if len(path) > 1]
        if values:
            attrs[name] = " | ".join(values) if name == "alt" else values[0]
    if kind == "org":
        types = {local_name(t) for t in g.objects(node, RDF.type)}
        attrs["org_type"] = next((c for c in ORG_CLASSES[1:] if c in types), "Organization")
    if kind == "decision":
        attrs.setdefault("status", "approved")
    attrs.update(_evidence_attrs(evidence(g, node)))
    return attrs


def _add_nodes(g: Graph, out: nx.MultiDiGraph) -> None:
    for cls, kind in NODE_KINDS:
        for node in sorted(g.subjects(RDF.type, cls), key=str):
            if str(node) not in out:  # else an earlier row of NODE_KINDS already took it
                out.add_node(str(node), **_node_attrs(g, node, kind))


def _add_edge(out, u, v, relation, label, attrs) -> None:
    attrs = {k: val for k, val in attrs.items() if val is not None}
    key = f"{relation}|{label}|{attrs.get('role', '')}"
    out.add_edge(u, v, key=key, relation=relation, label=label, **attrs)


def _add_direct_edges(g: Graph, out: nx.MultiDiGraph) -> None:
    for spec in DIRECT_EDGES:
        for s, o in sorted(g.subject_objects(spec.predicate), key=str):
            if str(s) not in out or str(o) not in out:
                continue
            u, v = (str(o), str(s)) if spec.reverse else (str(s), str(o))
            ev = _evidence_attrs(evidence(g, s))
            ev.pop("docs", None)
            _add_edge(out, u, v, spec.label, spec.label, ev)


def _event_kind(types: list) -> str:
    names = [local_name(t) for t in types if str(t).startswith(str(KG))]
    return next((n for n in names if n != "PersonnelEvent"), "PersonnelEvent")


def _path_text(g: Graph, node, path) -> str | None:
    values = _values(g, node, path)
    if not values:
        return None
    return _event_kind(values) if path[-1] == RDF.type else str(values[0])


def _add_reified_edges(g: Graph, out: nx.MultiDiGraph) -> None:
    for spec in REIFIED_EDGES:
        for inst in sorted(g.subjects(RDF.type, spec.cls), key=str):
            for u in map(str, _values(g, inst, spec.source)):
                for v in map(str, _values(g, inst, spec.target)):
                    if u in out and v in out:
                        _add_reified(g, out, spec, inst, u, v)


def _add_reified(g, out, spec: ReifiedEdge, inst, u: str, v: str) -> None:
    attrs = {name: _path_text(g, inst, path) for name, path in spec.extra}
    label = _path_text(g, inst, spec.label) or spec.relation or "link"
    ev = _evidence_attrs(evidence(g, inst))
    ev.pop("docs", None)
    _add_edge(out, u, v, spec.relation or label, label, {**attrs, **ev, "via": str(inst)})


def union_graph(graph: Graph) -> Graph:
    """A Dataset/ConjunctiveGraph as one Graph over all its named graphs; a Graph as is."""
    if not hasattr(graph, "quads"):
        return graph
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Nodes per NODE_KINDS, edges per DIRECT_EDGES then REIFIED_EDGES (which add evidence)."""
    graph = union_graph(graph)
    out = nx.MultiDiGraph()
    _add_nodes(graph, out)
    _add_direct_edges(graph, out)
    _add_reified_edges(graph, out)
    return out


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
                co.add_edge(a, b, weight=weight, label=f"{weight} shared session(s)")
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


def write_graphml(g: nx.Graph, path) -> Path:
    nx.write_graphml(_serialisable(g), str(path))
    return Path(path)


def write_gexf(g: nx.Graph, path) -> Path:
    # GEXF gives "start"/"end" a meaning (dynamic graphs): keep the offsets under other names.
    h = _serialisable(g, {"start": "quote_start", "end": "quote_end"})
    nx.write_gexf(h, str(path))
    return Path(path)


def layout(g: nx.Graph, seed: int = 42, scale: float | None = None,
           center: str | None = None) -> dict[str, tuple[float, float]]:
    """Deterministic positions for vis-network (which then draws with physics off).

    With `center` (an entity's own network): radial, the entity in the middle, its neighbours
    on a ring grouped by type, anything else on an outer ring (O(n), no dependency).
    Else a spring layout: networkx's (fixed seed) when numpy/scipy are installed, or the
    pure-Python force layout below, never a bare circle."""
    if len(g) == 0:
        return {}
    if center is not None and center in g:
        return _radial(g, center)
    scale = scale or 160.0 * math.sqrt(len(g)) + 200.0
    simple = nx.Graph(g.to_undirected()) if g.is_directed() or g.is_multigraph() else g
    try:  # "energy" keeps disconnected parts near the centre (gravity)
        pos = nx.spring_layout(simple, seed=seed, scale=scale, method="energy")
    except ImportError:  # numpy/scipy missing
        pos = force_layout(simple, seed=seed)
        pos = {n: (x * scale, y * scale) for n, (x, y) in pos.items()}
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def _radial(g: nx.Graph, center: str) -> dict[str, tuple[float, float]]:
    near = set(g.successors(center)) | set(g.predecessors(center)) if g.is_directed() \
        else set(g.neighbors(center))
    near.discard(center)
    key = lambda n: (str(g.nodes[n].get("type", "")), str(g.nodes[n].get("label", "")), str(n))  # noqa: E731
    rings = [sorted(near, key=key), sorted((n for n in g if n != center and n not in near), key=key)]
    pos, radius = {center: (0.0, 0.0)}, 0.0
    for ring in rings:
        if not ring:
            continue
        radius = max(radius + 220.0, 70.0 * len(ring) / (2 * math.pi))  # ~70 units between nodes
        step = 2 * math.pi / len(ring)
        for i, n in enumerate(ring):
            pos[n] = (round(radius * math.cos(i * step - math.pi / 2), 1),
                      round(radius * math.sin(i * step - math.pi / 2), 1))
    return pos


def force_layout(g: nx.Graph, seed: int = 42, iterations: int = 60) -> dict:
    """Fruchterman-Reingold in pure Python, positions in [-1, 1]. Repulsion only between nodes
    in neighbouring grid cells (cell = 2k), so an iteration is O(nodes + edges); a weak pull to
    the centre keeps disconnected parts close. Deterministic for a given seed."""
    import random

    nodes = sorted(g, key=str)
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    rng = random.Random(seed)
    xs = [rng.random() for _ in nodes]
    ys = [rng.random() for _ in nodes]
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in g.edges() if u != v]
    k = math.sqrt(1.0 / n)
    cell, temperature = 2 * k, 0.1
    for _ in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for (cx, cy), members in grid.items():
            around = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((cx + ox, cy + oy), ())]
            for i in members:
                xi, yi = xs[i], ys[i]
                for j in around:
                    if j == i:
                        continue
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-12:
                        ddx, ddy, d2 = 1e-3 * (i - j), 1e-3, 1e-6 * ((i - j) ** 2 + 1)
                    if d2 < cell * cell:
                        f = k * k / d2
                        dx[i] += ddx * f
                        dy[i] += ddy * f
        for i, j in edges:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 1e-6
            f = d / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):  # gravity towards the centre (0.5, 0.5)
            dx[i] -= (xs[i] - 0.5) * 0.1 * n * k
            dy[i] -= (ys[i] - 0.5) * 0.1 * n * k
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature) / length
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temperature *= 0.95
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    span = max(hi_x - lo_x, hi_y - lo_y) or 1.0
    return {v: ((xs[i] - (lo_x + hi_x) / 2) * 2 / span, (ys[i] - (lo_y + hi_y) / 2) * 2 / span)
            for v, i in index.items()}


def overview(g: nx.MultiDiGraph, limit: int = 1500,
             keep_types=("person", "org", "session")) -> tuple[nx.MultiDiGraph, str]:
    """The graph itself when small; else only persons/orgs/sessions, then the top-`limit`
    by degree. Returns (graph, note) where note says what was left out ('' if nothing)."""
    if len(g) <= limit:
        return g, ""
    kept = g.subgraph(n for n, t in g.nodes(data="type") if t in keep_types)
    note = f"{len(g)} nodes: showing only persons, organisations and sessions ({len(kept)})"
    if len(kept) > limit:
        top = sorted(kept, key=lambda n: (-kept.degree(n), n))[:limit]
        kept = kept.subgraph(top)
        note = (f"{len(g)} nodes: showing the {limit} persons, organisations and sessions "
                f"with the most links")
    return kept, note + ". Use search or the entity pages for the rest."
