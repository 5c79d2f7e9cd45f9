"""The graph (ontology/MODEL.md) as a networkx graph, for the views and the network exports.

Nodes are persons, organisations, sessions, agenda items (decisions when approved), cited
documents and source documents; edges are the relations between them, the reified ones
(position holdings, participations, personnel events) carrying their own evidence. Both are
read from the tables of kg.viewrows. ``Evidence`` keeps every evidence record of every fact,
including those of the reified facts, which are edges here rather than nodes.
"""
from __future__ import annotations

from collections import defaultdict
import networkx as nx

from kg.netfiles import (  # noqa: F401 (kg.network is where callers find them)
    ATTENDANCE_RELATIONS, co_attendance, sessions_by_person, write_gexf, write_graphml, xml_safe)
from kg.viewrows import Tables, session_date

KGR = "https://w3id.org/kg-vn/id/"
KG = "https://w3id.org/kg-vn/def#"
ORG_CLASSES = ("Organization", "PartyCommittee", "StandingCommittee", "PartyOrganization",
               "PartyCaucus", "PeoplesCouncil", "PeoplesCommittee", "Department",
               "NationalBody", "NationalAssemblyDelegation", "MassOrganization", "SecurityForce",
               "JudicialBody", "Enterprise", "PublicInstitution")
KINDS = ("person", "org", "session", "decision", "item", "citeddoc", "document")


def local_name(iri) -> str:
    text = str(iri)
    if text.startswith(KGR):
        return text[len(KGR):]
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class Evidence:
    """node or fact IRI -> its evidence records (doc, start, end, rule), sorted by document,
    then offset; a span stated twice (a stated and an inferred evidence on it) once. The
    quote of a record is the document's text between its offsets (``quote``).

    The span is read from the evidence's IRI (MODEL.md: ``kgr:evidence/<doc-id>/<start>-<end>-
    <rule>``; an inferred evidence of the derived graph shows its ``kg:anchor``'s) and the quote
    from the document's ``schema:text``: two terms a row instead of six. A graph where either
    is missing (a store built before the documents kept their text) is read as triples."""

    def __init__(self, tables: Tables) -> None:
        self.docs = {local_name(d)[4:]: ident for d, ident, *_ in tables["documents"]}
        self.texts = dict(tables.stream("texts"))
        found: dict[str, set] = defaultdict(set)
        unread: set[str] = set()
        for name in ("evidence", "anchored"):
            for node, ev in tables.stream(name):
                span = self._span(ev)
                if span is None:
                    unread.add(ev)
                else:
                    found[node].add(span)
        self.quotes: dict[tuple, str] = {}
        if unread:
            self._read_spans(tables, unread, found)
        self.by_node = {n: sorted(records) for n, records in found.items()}

    def _span(self, ev: str) -> tuple | None:
        local, _, tail = ev.partition("evidence/")[2].partition("/")
        start, _, rest = tail.partition("-")
        end, _, rule = rest.partition("-")
        doc = self.docs.get(local)
        if doc is None or doc not in self.texts or not (start.isdigit() and end.isdigit()):
            return None
        return doc, int(start), int(end), rule

    def _read_spans(self, tables: Tables, unread: set[str], found: dict[str, set]) -> None:
        spans = {}
        for ev, doc, start, end, quote, rule in tables.stream("spans"):
            spans[ev] = (doc, int(start), int(end), rule)
            self.quotes[spans[ev][:3]] = quote
        for name in ("evidence", "anchored"):
            for node, ev in tables.stream(name):
                if ev in unread and ev in spans:
                    found[node].add(spans[ev])

    def quote(self, doc: str, start: int, end: int) -> str:
        found = self.quotes.get((doc, start, end))
        return found if found is not None else self.texts.get(doc, "")[start:end]

    def of(self, node: str) -> list[tuple]:
        return self.by_node.get(node, [])

    def records(self, node: str) -> list[dict]:
        return [{"doc": d, "start": s, "end": e, "quote": self.quote(d, s, e), "rule": r}
                for d, s, e, r in self.of(node)]

    def attrs(self, node: str, docs: bool = True) -> dict:
        """The first record's quote, document and span, how many there are and (for a node)
        in which documents: what a tooltip and an export show."""
        records = self.of(node)
        if not records:
            return {"evidence_count": 0}
        doc, start, end, _rule = records[0]
        out = {"doc": doc, "start": start, "end": end, "quote": self.quote(doc, start, end),
               "evidence_count": len(records)}
        if docs:
            out["docs"] = ";".join(sorted({r[0] for r in records}))
        return out


def _least(rows, key_index=0) -> dict[str, tuple]:
    """key -> the least row for that key (the least spelling when documents differ)."""
    out: dict[str, tuple] = {}
    for row in rows:  # tables are sorted: the first row of a key is its least
        out.setdefault(row[key_index], row)
    return out


def _merge(rows) -> dict[str, list[str]]:
    """key -> per column, the least non-empty value any row gives."""
    out: dict[str, list[str]] = {}
    for key, *values in rows:
        have = out.setdefault(key, list(values))
        for i, v in enumerate(values):
            if v and (not have[i] or v < have[i]):
                have[i] = v
    return out


def _add_nodes(t: Tables, g: nx.MultiDiGraph, ev: Evidence) -> None:
    def add(node: str, node_type: str, label: str, **attrs) -> None:
        if node not in g:
            attrs = {k: v for k, v in attrs.items() if v not in ("", None)}
            g.add_node(node, type=node_type, label=label or local_name(node).rsplit("/", 1)[-1], iri=node,
                       **attrs, **ev.attrs(node))

    for p, (_, name) in _least(t["persons"]).items():
        add(p, "person", name)
    classes: dict[str, set] = defaultdict(set)
    for o, cls in t["org_classes"]:
        classes[o].add(local_name(cls))
    alt: dict[str, list] = defaultdict(list)
    for o, label in t["org_alt"]:
        alt[o].append(label)
    for o, (label, level, province) in _merge(t["orgs"]).items():
        add(o, "org", label, level=level, province=province, alt=" | ".join(sorted(alt[o])),
            org_type=next((c for c in ORG_CLASSES[1:] if c in classes[o]), "Organization"))
    for s, (label, body, kind, ordinal, term, period, date, text, only) in _merge(t["sessions"]).items():
        add(s, "session", label, body=body, kind=kind, ordinal=ordinal, term=term, term_period=period,
            date=session_date(date), date_text=text, referenced_only=only)
    decisions = {i for (i,) in t["decisions"]}
    for i, (label, session, item_type) in _merge(t["items"]).items():
        add(i, "decision" if i in decisions else "item", label, session=session, item_type=item_type,
            status="approved" if i in decisions else "discussed")
    for c, (label, doc_type, number, date, issuer) in _merge(t["citeddocs"]).items():
        add(c, "citeddoc", label, document_type=doc_type, number=number, date=date, issuer=issuer)
    for d, (ident, title, issued, site, url, province) in _merge(t["documents"]).items():
        add(d, "document", title or ident, identifier=ident, title=title, date=issued, site=site,
            url=url, province=province)


def _edge(g, u: str, v: str, relation: str, label: str, attrs: dict) -> None:
    if u in g and v in g:
        attrs = {k: val for k, val in attrs.items() if val not in ("", None)}
        g.add_edge(u, v, key=f"{relation}|{label}|{attrs.get('role', '')}", relation=relation,
                   label=label, **attrs)


def _add_edges(t: Tables, g: nx.MultiDiGraph, ev: Evidence) -> None:
    for s, d in list(g.nodes(data=True)):
        for relation, target in (("body", d.get("body")), ("session", d.get("session")),
                                 ("issuer", d.get("issuer"))):
            if target and d["type"] in ("session", "item", "decision", "citeddoc"):
                _edge(g, s, target, relation, relation, ev.attrs(s, docs=False))
    for c, doc in t["cited_in"]:
        _edge(g, c, doc, "citedIn", "citedIn", ev.attrs(c, docs=False))
    for o, parent in t["org_parent"]:
        _edge(g, o, parent, "subOrganizationOf", "subOrganizationOf", ev.attrs(o, docs=False))
    for pt, (person, session, role) in _merge(t["participations"]).items():
        _edge(g, person, session, role, role, {**ev.attrs(pt, docs=False), "via": pt})
    dates = _merge(t["holding_dates"])
    for h, (person, org, post, role, post_label) in _merge(t["holdings"]).items():
        first, last, begin, finish = dates.get(h, ("", "", "", ""))
        _edge(g, person, org, "holds", role, {"role": role, "post": post_label, "post_iri": post,
                                              "begin": begin, "finish": finish, "first": first,
                                              "last": last, "via": h, **ev.attrs(h, docs=False)})
    for e, cls, person, org, post, role, post_label, session, date, result in t["events"]:
        kind = local_name(cls)
        _edge(g, person, org, "event", kind, {"event": kind, "post": post_label, "post_iri": post,
                                              "role": role, "session": session, "date": date,
                                              "result": result, "via": e, **ev.attrs(e, docs=False)})


def to_networkx(source, evidence: Evidence | None = None) -> nx.MultiDiGraph:
    """The network of a Store, Graph or Dataset (or of kg.viewrows.Tables already read).
    The graph's ``role_mentions`` attribute holds the labels of the role-only mentions (facts
    that are no edge) and ``succession`` the pairs (later holding, earlier holding) of
    kg:succeeds."""
    tables = source if isinstance(source, Tables) else Tables(source)
    ev = evidence or Evidence(tables)
    g = nx.MultiDiGraph()
    _add_nodes(tables, g, ev)
    _add_edges(tables, g, ev)
    g.graph["role_mentions"] = dict(tables["role_mentions"])
    g.graph["succession"] = list(tables["succession"])
    return g


def overview(g: nx.MultiDiGraph, limit: int = 1500,
             keep_types=("person", "org", "session")) -> tuple[nx.MultiDiGraph, str]:
    """The graph itself when small; else only persons/orgs/sessions, then the top-`limit`
    by degree. Returns (graph, note) where note says what was left out ('' if nothing)."""
    if len(g) <= limit:
        return g, ""
    kept = g.subgraph(n for n, t in g.nodes(data="type") if t in keep_types)
    note = f"{len(g)} nút: chỉ hiện cá nhân, tổ chức và phiên họp ({len(kept)})"
    if len(kept) > limit:
        top = sorted(kept, key=lambda n: (-kept.degree(n), n))[:limit]
        kept = kept.subgraph(top)
        note = f"{len(g)} nút: hiện {limit} cá nhân, tổ chức và phiên họp có nhiều liên kết nhất"
    return kept, note + ". Các nút khác: tìm kiếm hoặc trang của từng thực thể."

