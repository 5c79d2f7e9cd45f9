"""The offline site of `kg view`: a page per person, organisation, session, cited and source
document, the whole network, co-attendance, search and compare; our templates (viz/templates)
and vendored assets (viz/static), nothing loaded from the internet.

``write_site(source, out_dir)`` reads the graph once (kg.viewrows, kg.network), renders every
page and writes only the files whose bytes changed since the last run (kg.views.output).
"""
from __future__ import annotations

import io
import time
from pathlib import Path

import networkx as nx

from kg import layout, network
from kg.resources import viz_dir
from kg.viewrows import Tables
from kg.views import lang, opening, render
from kg.views.output import SiteWriter, environment, json_for_html
from kg.views.search import fold, search_index  # noqa: F401 (kg.views.fold is the site's fold)
from kg.views.site import Site
from kg.views.visdata import PALETTE, STYLES, Vis

MAX_NODES = 1500  # the whole network: at most this many nodes, the best connected
EXPORT_LIMIT = 20_000  # the site offers the whole graph as GraphML and GEXF up to this many nodes


def write_site(source, out_dir: Path, log=None) -> Path:
    """Write the offline site of a Store, Graph or Dataset into out_dir; return its index.html.
    ``log(message)`` hears how long each step took."""
    started, log = time.perf_counter(), log or (lambda message: None)
    tables = Tables(source)
    try:
        ev = network.Evidence(tables)
        g = network.to_networkx(tables, ev)
    finally:
        tables.close()
    log(f"read the graph: {len(g)} nodes, {g.number_of_edges()} links ({time.perf_counter() - started:.1f} s)")
    site = Site(g, ev)
    w = SiteWriter(Path(out_dir), environment(styles=STYLES, kind=lang.kind, term=lang.term))
    w.copy_tree(viz_dir() / "static", "assets")
    w.bytes("assets/search-index.js", f"window.KG_INDEX = {json_for_html(search_index(g, site.urls))};\n".encode())
    co = network.co_attendance(g)
    vis = Vis(g, site.urls)
    entity_pages = render.EntityPages(site, vis, co)
    log(f"prepared the pages: search index, co-attendance ({time.perf_counter() - started:.1f} s)")
    render.write_all(w, entity_pages)
    log(f"wrote {len(entity_pages.nodes)} pages ({time.perf_counter() - started:.1f} s)")
    _network_page(w, site, vis)
    _coattendance_page(w, site, vis, co)
    exports = _exports(w, g, co)
    w.page("search.html", "search.html")
    w.page("compare.html", "compare.html")
    listing = {k: sorted((site.link(n) for n, t in g.nodes(data="type") if t == k), key=lambda l: fold(l["label"]))
               for k in STYLES if k != "province"}
    index = w.page("index.html", "index.html", counts=_counts(g), listing=listing, edges=g.number_of_edges(),
                   co_nodes=len(co), co_edges=co.number_of_edges(), exports=exports)
    removed = w.finish()
    log(f"{len(w.files)} files: {w.written} written, {len(w.files) - w.written} unchanged, {removed} removed "
        f"({time.perf_counter() - started:.1f} s)")
    return index


def _network_page(w: SiteWriter, site: Site, vis: Vis) -> None:
    g = site.g
    whole, note = network.overview(g, MAX_NODES)
    full = vis.whole(whole, layout.layout(whole))
    if opening.is_big(g):
        shown, pos, opening_note = opening.provinces(site)
        data = vis.whole(shown, pos, rank=lambda n, d: 1e6 if d["type"] == "province" else vis.degree.get(n, 0))
        data["labels"] = 30 + sum(1 for n in data["nodes"] if n["kind"] == "province")  # every province named
        w.bytes("assets/network-full.js", f"window.KG_FULL = {json_for_html(full)};\n".encode())
    else:
        data, opening_note = full, ""
    w.page("network.html", "network.html", data=data, note=note, opening=opening_note, counts=_counts(g),
           shown=len(data["nodes"]), whole=len(full["nodes"]))


def _coattendance_page(w: SiteWriter, site: Site, vis: Vis, co: nx.Graph) -> None:
    shown, note = network.overview(co, MAX_NODES, keep_types=("person",))
    top = max([d["betweenness"] for _, d in co.nodes(data=True)] + [1e-9])
    data = vis.whole(shown, layout.layout(shown), size=lambda n, d: round(10 + 30 * d["betweenness"] / top, 1),
                     colour=lambda n, d: PALETTE[d["community"] % len(PALETTE)],
                     rank=lambda n, d: d["betweenness"])
    ranked = sorted(co.nodes(data=True), key=lambda p: (-p[1]["betweenness"], -p[1]["degree"], p[1]["label"]))
    rows = [{**d, "url": site.urls.get(n, "")} for n, d in ranked]
    w.page("coattendance.html", "coattendance.html", data=data, rows=rows, note=note, palette=PALETTE,
           communities=len({d["community"] for _, d in co.nodes(data=True)}))


def _exports(w: SiteWriter, g: nx.MultiDiGraph, co: nx.Graph) -> bool:
    """The networks for Gephi; the whole graph only up to EXPORT_LIMIT nodes (above, writing it
    would take longer than the rest of the site: `kg export --format graphml` writes it)."""
    files = [("coattendance.graphml", co, network.write_graphml)]
    if len(g) <= EXPORT_LIMIT:
        files += [("graph.graphml", g, network.write_graphml), ("graph.gexf", g, network.write_gexf)]
    for name, graph, writer in files:
        buffer = io.BytesIO()
        writer(graph, buffer)
        w.bytes(name, buffer.getvalue())
    return len(g) <= EXPORT_LIMIT


def _counts(g: nx.MultiDiGraph) -> dict[str, int]:
    counts = {k: 0 for k in STYLES if k != "province"}
    for _, kind in g.nodes(data="type"):
        counts[kind] += 1
    return counts
