"""A person's career as a timeline (vis-timeline data), and what the compare page reads of a
person (``assets/people/<slug>.js``): posts, sessions and co-attendees, each with evidence.

Nothing is placed by guess: a post or a session without a date is left off the timeline and
counted beside it ("undated").
"""
from __future__ import annotations

import networkx as nx

from kg.views.site import Site


def _when(date: str) -> str:
    return date[:10] if len(date) >= 10 else ""


def timeline(careers: list[dict], sessions: list[dict]) -> dict:
    """Groups (one per post, then the sessions) and items: a post is a bar from when it
    began (its first statement or the event that began it) to when it ended (last statement
    or the event that ended it), a single day when known once; an event and a session a point."""
    groups, items, undated = [], [], 0
    order: dict[str, int] = {}
    for r in careers:
        key = r.get("post_iri") or r["post_label"]
        if key not in order:
            order[key] = len(order)
            groups.append({"id": f"g{order[key]}", "content": r["post_label"], "order": order[key]})
        start, until = _when(r["date"]), _when(r.get("until", ""))
        if not start:
            undated += 1
            continue
        item = {"id": f"c{len(items)}", "group": f"g{order[key]}", "start": start,
                "text": r["what"].vi, "quote": r.get("quote", ""), "url": r.get("doc_url", "")}
        if r["relation"] == "holds" and until and until > start:
            item.update(end=until, type="range", text=f"{start[:7]} – {until[:7]}")
        else:
            item["type"] = "point"
        items.append(item)
    dated = [s for s in sessions if _when(s["other_date"])]
    undated_sessions = len(sessions) - len(dated)
    if dated:
        groups.append({"id": "sessions", "content": "Phiên họp · sessions", "order": len(order)})
    for s in dated:
        items.append({"id": f"s{len(items)}", "group": "sessions", "start": _when(s["other_date"]),
                      "type": "point", "text": "", "label": s["other"]["label"], "quote": s.get("quote", ""),
                      "url": s["other"]["url"]})
    return {"groups": groups, "items": items, "undated": undated, "undated_sessions": undated_sessions}


def compare_data(site: Site, node: str, careers: list[dict], sessions: list[dict], co: nx.Graph) -> dict:
    """What the compare page needs of one person."""
    urls, g = site.urls, site.g
    succeeds: dict[str, list[str]] = {}
    for later, earlier in g.graph.get("succession", ()):
        succeeds.setdefault(later, []).append(earlier)
    posts = [{"post": r.get("post_iri") or r["post_label"], "label": r["post_label"], "what": r["what"].vi,
              "org": r["other"]["url"], "org_label": r["other"]["label"], "from": r["date"],
              "until": r.get("until", ""), "quote": r.get("quote", ""), "src": r.get("doc_url", ""),
              "n": len(r.get("sources", [])), "via": r.get("via", ""),
              "succeeds": succeeds.get(r.get("via", ""), [])} for r in careers]
    attended = [{"id": s["other"]["url"], "label": s["other"]["label"], "date": s["other_date"],
                 "role": s["role_words"].vi, "quote": s.get("quote", ""), "src": s.get("doc_url", ""),
                 "body": urls.get(g.nodes[s["other"]["iri"]].get("body", ""), ""),
                 "body_label": g.nodes.get(g.nodes[s["other"]["iri"]].get("body", ""), {}).get("label", "")}
                for s in sessions]
    partners = sorted([urls[o], g.nodes[o]["label"], co.edges[node, o]["weight"]]
                      for o in (co.neighbors(node) if node in co else ()))
    return {"id": urls[node], "label": g.nodes[node]["label"], "posts": posts, "sessions": attended,
            "co": partners}

