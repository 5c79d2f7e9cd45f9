"""Where the views draw each node: positions computed once, when the site is written, so that
vis-network draws with physics off (the first drawing is the final one)."""
from __future__ import annotations

import math

import networkx as nx

NEIGHBOURS = 48  # at most this many nodes of the neighbouring cells repel a node, in force_layout

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
        pos = force_layout(simple, seed=seed, iterations=60 if len(simple) <= 500 else 30)
        pos = {n: (x * scale, y * scale) for n, (x, y) in pos.items()}
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def _radial(g: nx.Graph, center: str) -> dict[str, tuple[float, float]]:
    near = set(g.successors(center)) | set(g.predecessors(center)) if g.is_directed() \
        else set(g.neighbors(center))
    near.discard(center)
    key = lambda n: (str(g.nodes[n].get("type", "")), str(g.nodes[n].get("label", "")), str(n))  # noqa: E731
    return radial(center, near, [n for n in g if n != center and n not in near], key)


def radial(center, near, rest, key) -> dict:
    """The center in the middle, `near` on a ring and `rest` on an outer ring, each ring sorted
    by `key` (grouped by kind), nodes about 110 units apart so that labels have room."""
    pos, radius = {center: (0.0, 0.0)}, 0.0
    for ring in (sorted(near, key=key), sorted(rest, key=key)):
        if not ring:
            continue
        radius = max(radius + 220.0, 110.0 * len(ring) / (2 * math.pi))
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
            # a crowded neighbourhood repels through a fixed sample of it, weighted to the whole:
            # an iteration stays O(nodes) where the pull to the centre packs nodes together
            weight = 1.0
            if len(around) > NEIGHBOURS:
                stride = len(around) // NEIGHBOURS + 1
                weight, around = float(stride), around[::stride]
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
                        f = weight * k * k / d2
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


