"""kg.network: the RDF graph as networkx, co-attendance, exports."""
from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import pytest
from rdflib import Dataset, URIRef

from kg import layout, network, viewrows
from .sample_graph import KGR

HAI = str(KGR["person/nguyen-thanh-hai"])
HUNG = str(KGR["person/trinh-viet-hung"])
TINH_UY = str(KGR["org/tinh-uy-thai-nguyen"])
S1 = str(KGR["session/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx"])


@pytest.fixture(scope="module")
def g(rdf_graph):
    return network.to_networkx(rdf_graph)


def test_what_is_read_is_a_table_of_queries():
    """Which nodes and relations the views read is a table of SPARQL queries (kg.viewrows),
    one per kind of node, relation and evidence, each inside one named graph."""
    assert {"persons", "orgs", "sessions", "items", "citeddocs", "documents", "participations",
            "holdings", "events", "evidence"} <= set(viewrows.QUERIES)
    assert all("GRAPH" in q for q in viewrows.QUERIES.values())
    assert set(network.KINDS) == {"person", "org", "session", "decision", "item", "citeddoc", "document"}


def test_node_counts_by_type(g):
    assert Counter(t for _, t in g.nodes(data="type")) == {
        "person": 4, "org": 4, "session": 2, "decision": 1, "item": 2, "citeddoc": 1,
        "document": 2}
    # roles, posts, holdings, participations, evidence, selectors are not nodes
    assert not any("/holding/" in n or "/evidence/" in n or "/post/" in n for n in g)


def test_edge_counts_by_relation(g):
    assert Counter(r for _, _, r in g.edges(data="relation")) == {
        "holds": 5, "chair": 2, "attendee": 3, "body": 2, "session": 3, "citedIn": 2,
        "issuer": 1, "subOrganizationOf": 1, "event": 1}
    assert g.number_of_edges() == 20


def test_node_attributes_carry_evidence(g):
    hai = g.nodes[HAI]
    assert hai["type"] == "person" and hai["label"] == "Nguyễn Thanh Hải"
    assert hai["quote"] == "Nguyễn Thanh Hải" and hai["doc"] == "001_aaaa"
    assert isinstance(hai["start"], int) and hai["end"] - hai["start"] == len(hai["quote"])
    assert g.nodes[HUNG]["evidence_count"] == 2 and g.nodes[HUNG]["docs"] == "001_aaaa;002_bbbb"
    s1 = g.nodes[S1]
    assert s1["date"] == "2021-11-25" and s1["kind"] == "Hội nghị"
    assert s1["body"] == str(KGR["org/ban-chap-hanh-dang-bo-tinh-thai-nguyen"])
    assert g.nodes[str(KGR["org/ubnd-tinh-thai-nguyen"])]["alt"] == "Ủy ban nhân dân tỉnh Thái Nguyên"
    assert g.nodes[str(KGR["org/ubnd-tinh-thai-nguyen"])]["org_type"] == "PeoplesCommittee"


def test_holding_edge_has_role_and_evidence(g):
    (data,) = [d for _, v, d in g.out_edges(HAI, data=True) if d["relation"] == "holds"]
    assert data["label"] == "Bí thư" and data["role"] == "Bí thư"
    assert data["quote"] == "Bí thư Tỉnh ủy" and data["doc"] == "001_aaaa"
    assert g.has_edge(HAI, TINH_UY)


def test_chair_edge_points_from_person_to_session_with_participation_evidence(g):
    edges = g.get_edge_data(HAI, S1)
    assert len(edges) == 1  # the kg:chair shortcut and the kg:Participation are one edge
    (data,) = edges.values()
    assert data["relation"] == "chair"
    assert data["quote"] == "ý kiến kết luận của đồng chí Nguyễn Thanh Hải"


def test_dataset_union_graph(rdf_graph):
    ds = Dataset()
    half = sorted(rdf_graph)
    for i, triple in enumerate(half):
        ds.graph(URIRef(f"https://w3id.org/kg-vn/graph/doc{i % 2}")).add(triple)
    g2 = network.to_networkx(ds)
    assert len(g2) == 16 and g2.number_of_edges() == 20


def test_co_attendance(g):
    co = network.co_attendance(g)
    assert set(co) == {HAI, HUNG, str(KGR["person/pham-hoang-son"]),
                       str(KGR["person/dang-xuan-truong"])}
    assert co.edges[HAI, HUNG]["weight"] == 1
    assert co.nodes[HUNG]["sessions"] == 2 and co.nodes[HUNG]["co_attendees"] == 3
    top = max(co, key=lambda n: co.nodes[n]["betweenness"])
    assert top == HUNG and co.nodes[HUNG]["degree"] == 1.0
    assert all(isinstance(d["community"], int) for _, d in co.nodes(data=True))
    again = network.co_attendance(g)
    assert {n: d["community"] for n, d in co.nodes(data=True)} == \
           {n: d["community"] for n, d in again.nodes(data=True)}


def test_co_attendance_weight_counts_shared_sessions():
    g = nx.MultiDiGraph()
    for p in "abc":
        g.add_node(p, type="person", label=p.upper())
    for s in ("s1", "s2"):
        g.add_node(s, type="session", label=s)
        for p in "ab":
            g.add_edge(p, s, relation="attendee")
    g.add_edge("c", "s2", relation="chair")
    co = network.co_attendance(g)
    assert co.edges["a", "b"]["weight"] == 2 and co.edges["a", "c"]["weight"] == 1


@pytest.mark.parametrize("writer,reader", [(network.write_graphml, nx.read_graphml),
                                           (network.write_gexf, nx.read_gexf)])
def test_exports_round_trip(g, tmp_path, writer, reader):
    path = writer(g, tmp_path / "g.out")
    back = reader(path)
    assert len(back) == len(g) and back.number_of_edges() == g.number_of_edges()
    for _, d in back.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in d.values())


def test_co_attendance_exports(g, tmp_path):
    co = network.co_attendance(g)
    assert len(nx.read_graphml(network.write_graphml(co, tmp_path / "co.graphml"))) == len(co)
    assert len(nx.read_gexf(network.write_gexf(co, tmp_path / "co.gexf"))) == len(co)


def test_layout_is_deterministic(g):
    assert layout.layout(g) == layout.layout(g)
    assert set(layout.layout(g)) == set(g)


def test_layout_without_numpy_is_a_force_layout(monkeypatch):
    """No numpy/scipy (networkx's spring layout raises ImportError): the pure-Python force
    layout, deterministic, that keeps linked nodes close, not a circle."""
    import math
    import statistics

    def missing(*args, **kwargs):
        raise ImportError("numpy")
    monkeypatch.setattr(nx, "spring_layout", missing)
    g = nx.connected_caveman_graph(20, 8)  # 20 cliques of 8 joined in a ring
    pos = layout.layout(g)
    assert pos == layout.layout(g) and set(pos) == set(g)
    inside = statistics.mean(math.dist(pos[a], pos[b]) for a, b in g.edges())
    across = statistics.mean(math.dist(pos[a], pos[(a + 80) % 160]) for a in g)
    assert inside * 3 < across
    radii = [math.hypot(x, y) for x, y in pos.values()]
    assert statistics.pstdev(radii) > 0.1 * statistics.mean(radii)  # not all on one circle
    assert len(set(pos.values())) == len(g)


def test_ego_layout_is_radial(g):
    pos = layout.layout(g, center=HUNG)
    assert pos[HUNG] == (0.0, 0.0)
    near = set(g.successors(HUNG)) | set(g.predecessors(HUNG))
    ring = {round(math.hypot(*pos[n])) for n in near}
    assert len(ring) == 1
    outer = [math.hypot(*pos[n]) for n in g if n not in near and n != HUNG]
    assert outer and min(outer) > ring.pop()


def test_overview_trims_big_graphs():
    g = nx.MultiDiGraph()
    for i in range(30):
        g.add_node(f"p{i}", type="person")
        g.add_node(f"d{i}", type="document")
        g.add_edge(f"p{i}", f"p{(i + 1) % 30}")
    same, note = network.overview(g, limit=100)
    assert same is g and note == ""
    kept, note = network.overview(g, limit=40)
    assert len(kept) == 30 and "chỉ hiện cá nhân, tổ chức và phiên họp" in note
    kept, note = network.overview(g, limit=10)
    assert len(kept) == 10 and "nhiều liên kết nhất" in note
