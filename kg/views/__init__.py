"""A small static, offline site of network views (vis-network via pyvis data, our templates)."""
from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph, URIRef

from kg import network

VIZ = Path(__file__).resolve().parents[1] / "viz"
MAX_NODES = 1500   # above this the overview network is trimmed (see network.overview)
EGO_LIMIT = 150    # neighbours shown in an entity's own network
EDGE_LABELS_UP_TO = 80  # more edges than this: labels only in tooltips


@dataclass(frozen=True)
class Style:
    name: str
    colour: str
    shape: str
    folder: str
    font: int = 12


STYLES = {
    "person": Style("Person", "#e4572e", "dot", "person", 18),
    "org": Style("Organisation", "#1b998b", "square", "org", 15),
    "session": Style("Session", "#f2a541", "diamond", "session", 14),
    "decision": Style("Decision", "#4c956c", "triangle", "item"),
    "item": Style("Agenda item", "#90be6d", "triangleDown", "item"),
    "citeddoc": Style("Cited document", "#7b6fb0", "star", "cited"),
    "document": Style("Source document", "#8d99ae", "box", "doc", 11),
}
PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
           "#9a6324", "#469990", "#808000", "#000075", "#bfef45", "#800000", "#a9a9a9")
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                    "navigationButtons": False, "keyboard": False},
    "edges": {"smooth": False, "color": {"color": "#b0b0b0", "highlight": "#333333"},
              "font": {"size": 9, "color": "#666666", "strokeWidth": 0}},
    "nodes": {"font": {"size": 13}, "size": 14},
}
ATTENDANCE = network.ATTENDANCE_RELATIONS


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d): 'Nguyễn Thanh Hải' -> 'nguyen thanh hai'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_html(data) -> Markup:
    """JSON that is safe inside <script> and HTML attributes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(re.sub("[<>&'\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text))


def page_urls(g: nx.MultiDiGraph) -> dict[str, str]:
    """node id -> page path relative to the site root ('person/nguyen-thanh-hai.html')."""
    urls, used = {}, set()
    for node, kind in sorted(g.nodes(data="type")):
        local = network.local_name(node).split("/", 1)[-1]
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", local).strip(".-")[:150] or "x"
        path, n = f"{STYLES[kind].folder}/{slug}.html", 1
        while path.lower() in used:
            n += 1
            path = f"{STYLES[kind].folder}/{slug}-{n}.html"
        used.add(path.lower())
        urls[node] = path
    return urls


def _tip(d: dict, kind: bool = True) -> list[str]:
    """Tooltip lines (plain text, rendered by our JS with textContent): label, type, the
    evidence quote and its source document with the character span."""
    lines = [d.get("label", ""), STYLES[d["type"]].name if kind and d.get("type") in STYLES else ""]
    if d.get("quote"):
        lines.append(f"“{d['quote']}”")
    if d.get("doc"):
        span = f" [{d['start']}–{d['end']}]" if "start" in d else ""
        lines.append(f"Source: {d['doc']}{span}")
    return [line for line in lines if line]


def _short(label: str, size: int = 48) -> str:
    return label if len(label) <= size else label[:size - 1].rstrip() + "…"


def vis_data(g: nx.Graph, urls: dict[str, str], size=None, colour=None, center=None) -> dict:
    """vis-network nodes/edges/options for g, built with pyvis, positions precomputed
    (radial around `center` for an entity's own network)."""
    pos = network.layout(g, center=center)
    net = Network(directed=g.is_directed())
    vid = {n: urls[n][:-5] if n in urls else n for n in g}  # short ids: "person/<slug>"
    for n, d in sorted(g.nodes(data=True)):
        style = STYLES.get(d.get("type"), STYLES["person"])
        x, y = pos[n]
        net.add_node(vid[n], label=_short(d.get("label") or vid[n]), shape=style.shape, x=x, y=y, physics=False,
                     color=colour(n, d) if colour else style.colour, kind=d.get("type", ""),
                     size=size(n, d) if size else 14, url=urls.get(n, ""), tip=_tip(d),
                     date=d.get("date", ""), font={"size": style.font})
    labelled = g.is_directed() and g.number_of_edges() <= EDGE_LABELS_UP_TO  # once: O(E) on a view
    for u, v, d in g.edges(data=True):
        edge = {"tip": _tip(d, kind=False)}
        if labelled:
            edge["label"] = d.get("label", "")
        else:
            edge["width"] = min(1 + d.get("weight", 1), 8)
        net.add_edge(vid[u], vid[v], **edge)
    net.set_options(json.dumps(VIS_OPTIONS))
    nodes, edges, _, _, _, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def ego(g: nx.MultiDiGraph, node: str, extra=()) -> nx.MultiDiGraph:
    """node, its neighbours (the EGO_LIMIT best connected) and any extra nodes."""
    around = set(g.successors(node)) | set(g.predecessors(node))
    around = sorted(around, key=lambda n: (-g.degree(n), n))[:EGO_LIMIT]
    return g.subgraph({node, *around, *extra}).copy()


def _link(g, urls, node) -> dict:
    return {"label": g.nodes[node].get("label", node), "url": urls.get(node, ""),
            "type": g.nodes[node].get("type", "")}


def _row(g, urls, other, data) -> dict:
    """A table row: the entity at the other end of an edge, and the edge's evidence."""
    return {**data, "other": _link(g, urls, other), "doc_url": urls.get(_doc_iri(data), ""),
            "other_date": g.nodes[other].get("date", "")}


def _doc_iri(d: dict) -> str:
    return f"{network.KGR}doc/{d['doc']}" if d.get("doc") else ""


def _edges(g, node, relations, out=True) -> list[tuple[str, dict]]:
    pairs = g.out_edges(node, data=True) if out else g.in_edges(node, data=True)
    found = [(v if out else u, d) for u, v, d in pairs if d.get("relation") in relations]
    return sorted(found, key=lambda p: (g.nodes[p[0]].get("date", ""), str(p[1].get("label")), p[0]))


def _period(g, d: dict) -> dict:
    """When a holding or event applies: date (from) and until. Each is the dated election,
    appointment, dismissal … (org:memberDuring) or the event's own date when there is one,
    else the first / last date a document stated the post (date_stated / until_stated), else
    (from only) the date of the source document."""
    begin, until = d.get("begin") or d.get("date") or "", d.get("finish") or ""
    out = {"date_stated": not begin and bool(d.get("first")),
           "until_stated": not until and bool(d.get("last"))}
    begin = begin or d.get("first") or g.nodes.get(_doc_iri(d), {}).get("date", "")
    until = until or d.get("last") or ""
    if out["until_stated"] and until == begin:  # stated once: no span to show
        until, out["until_stated"] = "", False
    return out | {"date": begin, "until": until}


def _person_ctx(g, urls, node) -> dict:
    careers = [_row(g, urls, o, d) | _period(g, d) for o, d in _edges(g, node, ("holds", "event"))]
    careers.sort(key=lambda r: (r["date"] or "9999", r["other"]["label"], r["label"]))
    sessions = [_row(g, urls, o, d) for o, d in _edges(g, node, ATTENDANCE)]
    return {"timeline": careers, "sessions": sessions, "graph": ego(g, node)}


def _session_ctx(g, urls, node) -> dict:
    d = g.nodes[node]
    body = [o for o, _ in _edges(g, node, ("body",))]
    people = [_row(g, urls, o, e) for o, e in _edges(g, node, ATTENDANCE, out=False)]
    people.sort(key=lambda r: (r["relation"] != "chair", r["other"]["label"]))
    items = [_row(g, urls, o, e) | {"status": g.nodes[o].get("status", ""),
                                    "item_type": g.nodes[o].get("item_type", "")}
             for o, e in _edges(g, node, ("session",), out=False)]
    docs = set(d.get("docs", "").split(";")) - {""}
    cited = sorted(c for c, t in g.nodes(data="type") if t == "citeddoc"
                   and docs & set(g.nodes[c].get("docs", "").split(";")))
    events = [_row(g, urls, u, e) for u, e in _events_by_session(g).get(node, ())]
    return {"body": [_link(g, urls, b) for b in body], "people": people, "items": items,
            "cited": [_link(g, urls, c) for c in cited], "events": events,
            "graph": ego(g, node, extra=cited + [_doc_iri({"doc": i}) for i in docs])}


def _events_by_session(g) -> dict[str, list[tuple[str, dict]]]:
    """session -> [(person, event edge data)], computed once per graph (not once per session)."""
    if "_events_by_session" not in g.graph:
        found: dict[str, list] = {}
        for u, _, e in sorted(g.edges(data=True), key=lambda t: (t[0], t[1], str(t[2].get("via")))):
            if e.get("session"):
                found.setdefault(e["session"], []).append((u, e))
        g.graph["_events_by_session"] = found
    return g.graph["_events_by_session"]


def _org_ctx(g, urls, node) -> dict:
    """Its posts, each with who held it over time (oldest first), its sessions, its units."""
    holders = sorted((_row(g, urls, o, d) | _period(g, d)
                      for o, d in _edges(g, node, ("holds", "event"), False)),
                     key=lambda r: (r.get("post") or r.get("role") or r["label"],
                                    r["date"] or "9999", r["relation"] != "holds",
                                    r["other"]["label"]))
    sessions = [_row(g, urls, o, d) for o, d in _edges(g, node, ("body",), out=False)]
    return {"holders": holders, "sessions": sessions,
            "parents": [_row(g, urls, o, d) for o, d in _edges(g, node, ("subOrganizationOf",))],
            "children": [_row(g, urls, o, d) for o, d in
                         _edges(g, node, ("subOrganizationOf",), out=False)],
            "issued": [_row(g, urls, o, d) for o, d in _edges(g, node, ("issuer",), out=False)],
            "graph": ego(g, node)}


def _entity_ctx(g, urls, node) -> dict:
    rows = [_row(g, urls, v, d) | {"direction": "→"} for _, v, d in g.out_edges(node, data=True)]
    rows += [_row(g, urls, u, d) | {"direction": "←"} for u, _, d in g.in_edges(node, data=True)]
    ctx = {"links": rows, "graph": ego(g, node)}
    if g.nodes[node]["type"] == "document":
        doc_id = g.nodes[node].get("identifier", network.local_name(node).split("/", 1)[-1])
        ctx["mentions"] = sorted((_link(g, urls, n) for n, docs in g.nodes(data="docs")
                                  if doc_id in (docs or "").split(";")),
                                 key=lambda l: (l["type"], l["label"]))
    return ctx


CONTEXTS = {"person": ("person.html", _person_ctx), "org": ("org.html", _org_ctx),
            "session": ("session.html", _session_ctx)}


def search_index(g: nx.MultiDiGraph, urls: dict[str, str]) -> dict:
    """Entries for the search box: label, folded text, type, url, related bodies, date."""
    bodies = sorted((n for n, t in g.nodes(data="type") if t == "org"),
                    key=lambda n: fold(g.nodes[n]["label"]))
    position = {b: i for i, b in enumerate(bodies)}
    entries = []
    for n, d in sorted(g.nodes(data=True), key=lambda p: fold(p[1]["label"])):
        related = {n} | {v for _, v, r in g.out_edges(n, data="relation")
                         if r in ("holds", "body", "issuer")}
        related |= {g.nodes[s].get("body") for s in g.successors(n) if g.nodes[s]["type"] == "session"}
        related.add(g.nodes.get(d.get("session"), {}).get("body"))
        entries.append({"l": d["label"], "f": fold(f"{d['label']} {d.get('alt', '')}"),
                        "t": d["type"], "u": urls[n], "d": d.get("date", ""),
                        "b": sorted(position[b] for b in related if b in position)})
    return {"bodies": [g.nodes[b]["label"] for b in bodies], "entries": entries,
            "types": {k: s.name for k, s in STYLES.items()}}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(VIZ / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["json_for_html"] = json_for_html
    env.globals.update(styles=STYLES, type_name=lambda t: STYLES[t].name if t in STYLES else t)
    return env


def _write(env, out_dir: Path, path: str, template: str, **ctx) -> Path:
    target = out_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    root = "../" * path.count("/")
    target.write_text(env.get_template(template).render(root=root, **ctx), encoding="utf-8")
    return target


def _copy_assets(out_dir: Path, index: dict) -> None:
    assets = out_dir / "assets"
    if assets.exists():
        shutil.rmtree(assets)
    shutil.copytree(VIZ / "static", assets)
    (assets / "search-index.js").write_text(
        f"window.KG_INDEX = {json_for_html(index)};\n", encoding="utf-8")


def _coattendance_page(env, out_dir, g, urls) -> nx.Graph:
    co = network.co_attendance(g)
    shown, note = network.overview(co, MAX_NODES, keep_types=("person",))
    top = max([d["betweenness"] for _, d in co.nodes(data=True)] + [1e-9])
    data = vis_data(shown, urls, size=lambda n, d: round(10 + 30 * d["betweenness"] / top, 1),
                    colour=lambda n, d: PALETTE[d["community"] % len(PALETTE)])
    ranked = sorted(co.nodes(data=True), key=lambda p: (-p[1]["betweenness"],
                                                        -p[1]["degree"], p[1]["label"]))
    rows = [{**d, "url": urls.get(n, "")} for n, d in ranked]
    _write(env, out_dir, "coattendance.html", "coattendance.html", data=data, rows=rows,
           note=note, palette=PALETTE, communities=len({d["community"] for _, d in co.nodes(data=True)}))
    return co


def write_site(graph: Graph, out_dir: Path) -> Path:
    """Write the offline site into out_dir and return the path of its index.html."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rdf = network.union_graph(graph)
    g = network.to_networkx(rdf)
    urls = page_urls(g)
    env = _environment()
    _copy_assets(out_dir, search_index(g, urls))
    for node, d in g.nodes(data=True):
        template, build = CONTEXTS.get(d["type"], ("entity.html", _entity_ctx))
        ctx = build(g, urls, node)
        ctx["data"] = vis_data(ctx.pop("graph"), urls, center=node)
        _write(env, out_dir, urls[node], template, node=d, iri=node, **ctx,
               evidence=network.evidence(rdf, URIRef(node)),
               doc_urls={i: urls.get(f"{network.KGR}doc/{i}", "") for i in d.get("docs", "").split(";")})
    shown, note = network.overview(g, MAX_NODES)
    _write(env, out_dir, "network.html", "network.html", data=vis_data(shown, urls), note=note,
           counts=_counts(g), shown=len(shown))
    co = _coattendance_page(env, out_dir, g, urls)
    network.write_graphml(g, out_dir / "graph.graphml")
    network.write_gexf(g, out_dir / "graph.gexf")
    network.write_graphml(co, out_dir / "coattendance.graphml")
    _write(env, out_dir, "search.html", "search.html")
    listing = {k: sorted((_link(g, urls, n) for n, t in g.nodes(data="type") if t == k),
                         key=lambda l: fold(l["label"])) for k in STYLES}
    return _write(env, out_dir, "index.html", "index.html", counts=_counts(g), listing=listing,
                  edges=g.number_of_edges(), co_nodes=len(co), co_edges=co.number_of_edges())


def _counts(g: nx.MultiDiGraph) -> dict[str, int]:
    counts = {k: 0 for k in STYLES}
    for _, kind in g.nodes(data="type"):
        counts[kind] += 1
    return counts
