"""What each kind of page shows: the rows of a person's, an organisation's, a session's and a
cited document's page, each row with its evidence (every source, each linked to its span)."""
from __future__ import annotations

from kg.network import ATTENDANCE_RELATIONS
from kg.views import lang
from kg.views.site import Site, item_anchor


def _career_row(site: Site, other: str, d: dict) -> dict:
    row = site.row(other, d, every=True) | site.period(d)
    row["what"] = lang.term(d.get("event") or "holds")
    row["post_label"] = d.get("post") or f"{d.get('role', '')} {site.g.nodes[other]['label']}".strip()
    return row


def person_ctx(site: Site, node: str) -> dict:
    careers = [_career_row(site, o, d) for o, d in site.edges(node, ("holds", "event"))]
    careers.sort(key=lambda r: (r["date"] or "9999", r["post_label"], r["relation"] != "holds", r["label"]))
    sessions = [site.row(o, d) | {"role_words": lang.term(d["relation"])}
                for o, d in site.edges(node, ATTENDANCE_RELATIONS)]
    return {"careers": careers, "sessions": sessions}


def org_ctx(site: Site, node: str) -> dict:
    """Its posts, each with who held it over time (oldest first), its sessions, its units."""
    holders = [_career_row(site, o, d) for o, d in site.edges(node, ("holds", "event"), out=False)]
    holders.sort(key=lambda r: (r["post_label"], r["date"] or "9999", r["relation"] != "holds",
                                r["other"]["label"]))
    return {"holders": holders,
            "sessions": [site.row(o, d) for o, d in site.edges(node, ("body",), out=False)],
            "parents": [site.link(o) for o, _ in site.edges(node, ("subOrganizationOf",))],
            "children": [site.link(o) for o, _ in site.edges(node, ("subOrganizationOf",), out=False)],
            "issued": [site.link(o) for o, _ in site.edges(node, ("issuer",), out=False)]}


def session_ctx(site: Site, node: str, events_by_session: dict) -> dict:
    g, d = site.g, site.g.nodes[node]
    people = [site.row(o, e) | {"role_words": lang.term(e["relation"])}
              for o, e in site.edges(node, ATTENDANCE_RELATIONS, out=False)]
    people.sort(key=lambda r: (r["relation"] != "chair", r["other"]["label"]))
    items = [site.row(o, e, fact=o) | {"anchor": item_anchor(o), "status": lang.term(g.nodes[o].get("status", "")),
                                       "item_type": g.nodes[o].get("item_type", "")}
             for o, e in site.edges(node, ("session",), out=False)]
    docs = sorted({r[0] for r in site.ev.of(node)})
    cited = sorted({c for doc in docs for c, _ in site.edges(site.doc_node(doc) or "", ("citedIn",), out=False)})
    events = [site.row(u, e) | {"what": lang.term(e.get("event", ""))} for u, e in events_by_session.get(node, ())]
    return {"body": [site.link(b) for b, _ in site.edges(node, ("body",))], "people": people, "items": items,
            "cited": [site.link(c) for c in cited], "events": events,
            "extra": [i for i, _ in site.edges(node, ("session",), out=False)] + cited}


def events_by_session(site: Site) -> dict[str, list[tuple[str, dict]]]:
    """session -> [(person, event edge data)], computed once for the whole graph."""
    found: dict[str, list] = {}
    for u, _, e in sorted(site.g.edges(data=True), key=lambda t: (t[0], t[1], str(t[2].get("via")))):
        if e.get("relation") == "event" and e.get("session"):
            found.setdefault(e["session"], []).append((u, e))
    return found


def entity_ctx(site: Site, node: str) -> dict:
    """A cited document (or any other node): every relation, both ways, with its evidence."""
    g = site.g
    rows = [site.row(v, d, fact=d.get("via") or node) | {"direction": "→", "words": lang.term(d["relation"])}
            for _, v, d in g.out_edges(node, data=True)]
    rows += [site.row(u, d, fact=d.get("via") or u) | {"direction": "←", "words": lang.term(d["relation"])}
             for u, _, d in g.in_edges(node, data=True)]
    return {"links": rows}
