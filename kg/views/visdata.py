"""What vis-network draws: nodes and edges as plain dicts, positions precomputed (physics
off), styled by kind. Labels are not drawn by vis-network but by viz/static/kg.js, which
places them best-connected first and leaves out any that would overlap another; an edge's
words are in its tooltip."""
from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from kg import layout
from kg.views import lang

EGO_LIMIT = 150  # neighbours shown in an entity's own network


@dataclass(frozen=True)
class Style:
    colour: str
    shape: str
    folder: str
    size: int = 14


STYLES = {
    "person": Style("#e4572e", "dot", "person", 16),
    "org": Style("#1b998b", "square", "org", 15),
    "session": Style("#f2a541", "diamond", "session", 14),
    "decision": Style("#4c956c", "triangle", "item", 11),
    "item": Style("#90be6d", "triangleDown", "item", 11),
    "citeddoc": Style("#7b6fb0", "star", "cited", 12),
    "document": Style("#8d99ae", "box", "doc", 9),
    "province": Style("#34495e", "ellipse", "", 22),
}
PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
           "#9a6324", "#469990", "#808000", "#000075", "#bfef45", "#800000", "#a9a9a9")
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                    "navigationButtons": False, "keyboard": False},
    "edges": {"smooth": False, "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#555555"},
              "width": 1, "hoverWidth": 0.5},
    "nodes": {"borderWidth": 1, "font": {"size": 0}},
}


def short(label: str, size: int = 48) -> str:
    return label if len(label) <= size else label[:size - 1].rstrip() + "…"


def tip(d: dict, kind: bool = True) -> list[str]:
    """Tooltip lines (plain text, put in the page with textContent by kg.js): label, kind,
    the evidence quote and its source document with the character span."""
    lines = [d.get("label", ""), str(lang.kind(d["type"])) if kind and d.get("type") else ""]
    if d.get("period"):
        lines.append(d["period"])
    if d.get("quote"):
        lines.append(f"“{d['quote']}”")
    if d.get("doc"):
        span = f" [{d['start']}–{d['end']}]" if "start" in d else ""
        more = f" (+{d['evidence_count'] - 1} nguồn khác)" if d.get("evidence_count", 0) > 1 else ""
        lines.append(f"Nguồn / source: {d['doc']}{span}{more}")
    return [line for line in lines if line]


def node_id(url: str, iri: str) -> str:
    """The short id of a node in the page data: its page path without '.html' ('person/x')."""
    return url.split("#", 1)[0][:-5] if url.endswith(".html") and "#" not in url else iri.rsplit("/id/", 1)[-1]


class Vis:
    """vis-network data for the pages of one graph. What a node or an edge looks like is
    worked out once (a body is drawn on every page of its sessions), where it stands per page."""

    def __init__(self, g: nx.MultiDiGraph, urls: dict[str, str]) -> None:
        self.g, self.urls = g, urls
        self.degree = dict(g.degree())
        self._nodes: dict[str, dict] = {}
        self._edges: dict[tuple, dict] = {}

    def node(self, n: str, d: dict | None = None) -> dict:
        base = self._nodes.get(n)
        if base is None:
            d = d if d is not None else self.g.nodes[n]
            style = STYLES.get(d.get("type"), STYLES["person"])
            url = self.urls.get(n, "")
            base = self._nodes[n] = {"id": node_id(url, n), "name": short(d.get("label") or n), "shape": style.shape,
                                     "color": style.colour, "kind": d.get("type", ""), "size": style.size,
                                     "url": url, "tip": tip(d), "date": d.get("date", ""), "physics": False}
        return base

    def edge(self, u: str, v: str, key, d: dict, directed: bool = True) -> dict:
        found = self._edges.get((u, v, key))
        if found is None:
            found = {"from": self.node(u)["id"], "to": self.node(v)["id"],
                     "tip": tip({**d, "label": _edge_words(d)}, kind=False)}
            if d.get("weight", 1) > 1:
                found["width"] = min(1 + d["weight"] / 2, 8)
            if directed:
                found["arrows"] = "to"
            self._edges[(u, v, key)] = found
        return found

    def ego(self, center: str, extra=(), limit: int = EGO_LIMIT) -> dict:
        """The node, its `limit` best-connected neighbours and `extra` nodes, radially."""
        g, deg = self.g, self.degree
        around = sorted(set(g.succ[center]) | set(g.pred[center]), key=lambda n: (-deg[n], n))[:limit]
        members = {center, *around, *(e for e in extra if e in g)}
        pos = layout.radial(center, around, [n for n in members if n != center and n not in set(around)],
                            key=lambda n: (g.nodes[n]["type"], g.nodes[n]["label"], n))
        nodes = [{**self.node(n), "x": pos[n][0], "y": pos[n][1], "rank": 1e9 if n == center else deg[n]}
                 for n in sorted(members)]
        edges, succ = [], g._succ  # networkx's own adjacency dicts: no view objects per lookup
        for u in sorted(members):
            out = succ[u]  # a person's out-edges may be hundreds of sessions: look from the smaller side
            targets = [v for v in out if v in members] if len(out) <= len(members) else \
                [v for v in sorted(members) if v in out]
            edges.extend(self.edge(u, v, k, d) for v in targets for k, d in out[v].items())
        return {"nodes": nodes, "edges": edges, "options": VIS_OPTIONS}

    def whole(self, g: nx.Graph, pos: dict, size=None, colour=None, rank=None) -> dict:
        """A network drawn as a whole (the overview, co-attendance, the provinces)."""
        nodes = []
        for n, d in sorted(g.nodes(data=True)):
            node = {**(self.node(n) if n in self.g else self.node(n, d)), "x": pos[n][0], "y": pos[n][1],
                    "rank": rank(n, d) if rank else g.degree(n)}
            # a hub is drawn bigger than a leaf: the best connected stand out at first sight
            node["size"] = size(n, d) if size else round(node["size"] * (0.8 + 0.25 * math.log2(2 + g.degree(n))), 1)
            if colour:
                node["color"] = colour(n, d)
            nodes.append(node)
        if g.is_multigraph():
            edges = [self.edge(u, v, k, d, g.is_directed()) for u, v, k, d in g.edges(keys=True, data=True)]
        else:  # co-attendance: its own edges, never a relation of the graph
            edges = [self.edge(u, v, ("co",), d, False) for u, v, d in g.edges(data=True)]
        return {"nodes": nodes, "edges": edges, "options": VIS_OPTIONS}


def _edge_words(d: dict) -> str:
    relation = d.get("relation", "")
    if relation in ("holds", "event"):
        head = str(lang.term(d.get("event") or "holds"))
        return f"{head}: {d.get('post') or d.get('role') or d.get('label', '')}"
    if relation:
        return str(lang.term(relation))
    return d.get("label", "")
