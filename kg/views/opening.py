"""What the network page opens on. A small graph: all of it. A big one (a news stream): the
bodies of each province with their current leaders, a cluster per province on a grid, which a
reader can take in at first sight; the whole graph (its best-connected part) is one click away.
"""
from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from kg.views.site import Site

OPENING_LIMIT = 400  # more persons, organisations and sessions than this: open on the provinces
BODIES_PER_PROVINCE = 4
SUBORDINATE = ("Phó", "Ủy viên", "Thành viên", "Đại biểu", "Chánh Văn phòng")


def _leaders(site: Site, org: str) -> list[tuple[str, dict]]:
    """The current holders of the body's leading post: of the roles that are not a deputy's or
    a member's, the one most often held; its holding begun last, not ended, first."""
    holds = [(u, d) for u, _, d in site.g.in_edges(org, data=True)
             if d.get("relation") == "holds" and not str(d.get("role", "")).startswith(SUBORDINATE)]
    if not holds:
        return []
    counts: dict[str, int] = defaultdict(int)
    for _, d in holds:
        counts[d.get("role", "")] += 1
    role = min(counts, key=lambda r: (-counts[r], r))
    mine = [(u, d) for u, d in holds if d.get("role", "") == role]
    when = lambda p: (not p[1].get("finish"), p[1].get("begin") or p[1].get("last") or p[1].get("first") or "")  # noqa: E731
    latest = max(when(p) for p in mine)
    return sorted((p for p in mine if when(p) == latest), key=lambda p: p[0])[:2]


def provinces(site: Site) -> tuple[nx.Graph, dict, str]:
    """(graph, positions, note) of the provinces' leading bodies and their current leaders."""
    g = site.g
    by_province: dict[str, list[str]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        if d["type"] == "org" and d.get("province") and d.get("level") in ("province", None, ""):
            by_province[d["province"]].append(n)
    out, pos = nx.Graph(), {}
    side = max(1, math.ceil(math.sqrt(len(by_province))))
    for i, name in enumerate(sorted(by_province)):
        cx, cy = (i % side) * 620.0, (i // side) * 560.0
        hub = f"province:{name}"
        out.add_node(hub, type="province", label=name)
        pos[hub] = (cx, cy)
        bodies = sorted(by_province[name], key=lambda o: (-g.degree(o), g.nodes[o]["label"]))[:BODIES_PER_PROVINCE]
        for j, org in enumerate(bodies):
            angle = 2 * math.pi * j / max(len(bodies), 1) - math.pi / 2
            out.add_node(org, **g.nodes[org])
            out.add_edge(hub, org)
            pos[org] = (round(cx + 140 * math.cos(angle), 1), round(cy + 140 * math.sin(angle), 1))
            for k, (person, d) in enumerate(_leaders(site, org)):
                out.add_node(person, **g.nodes[person])
                out.add_edge(org, person, **d)
                spread = (k - 0.5) * 0.5 if len(_leaders(site, org)) > 1 else 0
                pos[person] = (round(cx + 250 * math.cos(angle + spread), 1),
                               round(cy + 250 * math.sin(angle + spread), 1))
    note = (f"Mở đầu: {len(by_province)} tỉnh, mỗi tỉnh các cơ quan có nhiều dữ kiện nhất và người đang "
            f"giữ chức vụ đứng đầu (theo các bài báo). Opening view: the leading bodies of each province "
            f"and their current heads.")
    return out, pos, note


def is_big(g: nx.MultiDiGraph) -> bool:
    return sum(1 for _, t in g.nodes(data="type") if t in ("person", "org", "session")) > OPENING_LIMIT
