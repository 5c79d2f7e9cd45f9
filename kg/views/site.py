"""The site's view of the graph: a page for each node, an anchor for each evidence span, and
what each page's rows need (the other end of a relation, its period, every source)."""
from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx
from html import escape

from markupsafe import Markup

from kg.network import Evidence, local_name
from kg.views import lang
from kg.views.visdata import STYLES

NO_PAGE = ("item", "decision")  # an agenda item is a row of its session's page


def page_urls(g: nx.MultiDiGraph) -> dict[str, str]:
    """node -> its page ('person/nguyen-thanh-hai.html'); an agenda item -> its row on its
    session's page ('session/x.html#i-<slug>')."""
    urls, used = {}, set()
    for node, kind in sorted(g.nodes(data="type")):
        if kind in NO_PAGE:
            continue
        local = local_name(node).split("/", 1)[-1]
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", local).strip(".-")[:150] or "x"
        path, n = f"{STYLES[kind].folder}/{slug}.html", 1
        while path.lower() in used:
            n += 1
            path = f"{STYLES[kind].folder}/{slug}-{n}.html"
        used.add(path.lower())
        urls[node] = path
    for node, d in g.nodes(data=True):
        if d["type"] in NO_PAGE and d.get("session") in urls:
            urls[node] = f"{urls[d['session']]}#{item_anchor(node)}"
    return urls


def item_anchor(node: str) -> str:
    return "i-" + re.sub(r"[^A-Za-z0-9_-]+", "-", local_name(node).rsplit("--", 1)[-1])


class Site:
    def __init__(self, g: nx.MultiDiGraph, ev: Evidence) -> None:
        self.g, self.ev = g, ev
        self.urls = page_urls(g)
        self.doc_urls = {d["identifier"]: self.urls[n] for n, d in g.nodes(data=True)
                         if d["type"] == "document" and n in self.urls}
        self._links: dict[str, dict] = {}
        self.doc_dates = {d["identifier"]: d.get("date", "") for _, d in g.nodes(data=True) if d["type"] == "document"}

    # -- links ------------------------------------------------------------------------
    def anchor(self, doc: str, start: int, end: int) -> str:
        """Where an evidence span is shown: its anchor on the document's page."""
        page = self.doc_urls.get(doc)
        return f"{page}#e-{start}-{end}" if page else ""

    def link(self, node: str) -> dict:
        """A node as the pages name it: label, page, kind, and the HTML of a link to it and of
        its kind's badge (for a page one folder down, as every entity's is)."""
        found = self._links.get(node)
        if found is None:
            d = self.g.nodes[node]
            label, url, kind = d.get("label", node), self.urls.get(node, ""), d.get("type", "")
            html = f'<a href="../{escape(url)}">{escape(label)}</a>' if url else str(escape(label))
            found = self._links[node] = {
                "label": label, "url": url, "type": kind, "kind": lang.kind(kind), "iri": node, "html": Markup(html),
                "badge": Markup(f'<span class="kg-type t-{kind}">{escape(lang.kind(kind).vi)}</span>')}
        return found

    # -- evidence ---------------------------------------------------------------------
    def records(self, fact: str, doc: str | None = None) -> list[dict]:
        """Every evidence of a node or fact (of one document only, when `doc` is given),
        each with the anchor of its span."""
        quote = self.ev.quote
        return [{"doc": d, "start": s, "end": e, "quote": quote(d, s, e), "rule": r, "url": self.anchor(d, s, e)}
                for d, s, e, r in self.ev.of(fact) if doc is None or d == doc]

    def sources(self, fact: str) -> list[dict]:
        """Every document that states a fact, oldest first: how many times, and the first span
        in it."""
        first: dict[str, tuple] = {}
        count: dict[str, int] = defaultdict(int)
        for record in self.ev.of(fact):  # sorted by document, then offset
            first.setdefault(record[0], record)
            count[record[0]] += 1
        dates = self.doc_dates
        out = []
        for doc in sorted(first, key=lambda d: (dates.get(d, ""), d)):
            _, start, end, _rule = first[doc]
            out.append({"doc": doc, "count": count[doc], "url": self.anchor(doc, start, end),
                        "quote": self.ev.quote(doc, start, end), "date": dates.get(doc, "")})
        return out

    def _doc_date(self, doc: str) -> str:
        return self.doc_dates.get(doc, "")

    def _doc_nodes(self) -> dict[str, str]:
        if "_doc_nodes" not in self.g.graph:
            self.g.graph["_doc_nodes"] = {d["identifier"]: n for n, d in self.g.nodes(data=True)
                                          if d["type"] == "document"}
        return self.g.graph["_doc_nodes"]

    def doc_node(self, doc: str) -> str | None:
        return self._doc_nodes().get(doc)

    # -- rows of a page ---------------------------------------------------------------
    def row(self, other: str, data: dict, fact: str | None = None, every: bool = False) -> dict:
        """A row: the entity at the other end of a relation, and the relation's evidence
        (its first quote with the anchor of its span, and how many sources state it: every
        one of them listed when `every`, as a career's posts are; else the first three)."""
        fact = fact or data.get("via")
        out = {**data, "other": self.link(other), "other_date": self.g.nodes[other].get("date", "")}
        if fact and self.g.nodes[other]["type"] == "document":  # the evidence that document gives
            doc = self.g.nodes[other]["identifier"]
            here = next((r for r in self.ev.of(fact) if r[0] == doc), None)
            out.update({"doc": doc, "start": here[1], "end": here[2], "quote": self.ev.quote(*here[:3])}
                       if here else {"quote": "", "doc": ""})
        if out.get("doc"):
            out["doc_url"] = self.anchor(out["doc"], out["start"], out["end"])
        out["quote_html"] = quote_html(out)
        if fact and every:
            out["sources"] = self.sources(fact)
            out["sources_html"] = sources_html(out["sources"])
        elif fact:
            out["sources_html"] = self.brief_sources(fact)
        return out

    def brief_sources(self, fact: str, shown: int = 3) -> Markup:
        """How many documents state a fact, and the first few (by document id), linked."""
        first: dict[str, tuple] = {}
        for record in self.ev.of(fact):  # sorted by document
            if record[0] not in first:
                first[record[0]] = record
        if not first:
            return Markup("")
        links = ", ".join(f'<a href="../{escape(self.anchor(d, s, e))}">{escape(d)}</a>'
                          for d, s, e, _ in list(first.values())[:shown])
        more = f" +{len(first) - shown}" if len(first) > shown else ""
        word = "source" if len(first) == 1 else "sources"
        return Markup(f'<span class="sources">{len(first)} bài <span class="en">{word}</span>: {links}{more}</span>')

    def edges(self, node: str, relations, out: bool = True) -> list[tuple[str, dict]]:
        pairs = self.g.out_edges(node, data=True) if out else self.g.in_edges(node, data=True)
        found = [(v if out else u, d) for u, v, d in pairs if d.get("relation") in relations]
        return sorted(found, key=lambda p: (self.g.nodes[p[0]].get("date", ""), str(p[1].get("label")), p[0]))

    def period(self, d: dict) -> dict:
        """When a holding or event applies: date (from) and until. Each is the dated election,
        appointment, dismissal … (org:memberDuring) or the event's own date when there is
        one, else the first / last date a document stated the post (date_stated /
        until_stated), else (from only) the date of the source document."""
        begin, until = d.get("begin") or d.get("date") or "", d.get("finish") or ""
        out = {"date_stated": not begin and bool(d.get("first")),
               "until_stated": not until and bool(d.get("last"))}
        begin = begin or d.get("first") or (self._doc_date(d["doc"]) if d.get("doc") else "")
        until = until or d.get("last") or ""
        if out["until_stated"] and until == begin:  # stated once: no span to show
            until, out["until_stated"] = "", False
        return out | {"date": begin, "until": until}


def quote_html(r: dict) -> Markup:
    """A row's quote, and its document linked to the span (for a page one folder down)."""
    out = f'<q class="quote">{escape(r["quote"])}</q>' if r.get("quote") else ""
    if r.get("doc"):
        out += (f' <a class="src" href="../{escape(r.get("doc_url", ""))}" title="Mở câu này trong bài · open the '
                f'sentence in its article">{escape(r["doc"])} <span class="offs">[{r["start"]}–{r["end"]}]</span></a>')
    return Markup(out)


def sources_html(sources: list[dict], shown: int = 6) -> Markup:
    """Every document that states a fact, how many times, each linked to its first span."""
    if not sources:
        return Markup("")
    def one(s: dict) -> str:
        count = f' <span class="count">×{s["count"]}</span>' if s["count"] > 1 else ""
        return f'<a href="../{escape(s["url"])}" title="{escape(s["quote"])}">{escape(s["doc"])}</a>{count}'
    head = ", ".join(one(s) for s in sources[:shown])
    more = (f' <details class="more"><summary>+{len(sources) - shown}</summary>'
            f'{", ".join(one(s) for s in sources[shown:])}</details>') if len(sources) > shown else ""
    word = "source" if len(sources) == 1 else "sources"
    return Markup(f'<span class="sources">{len(sources)} bài <span class="en">{word}</span>: {head}{more}</span>')


def evidence_rows(records: list[dict], limit: int = 100) -> Markup:
    """The rows of a page's evidence table: quote, document linked to the span, rule; the
    first `limit` (every one is on its document's page, and each fact lists its sources)."""
    rows = []
    for e in records[:limit]:
        doc = f'<a href="../{escape(e["url"])}">{escape(e["doc"])}</a>' if e["url"] else escape(e["doc"])
        rows.append(f'<tr><td><q class="quote">{escape(e["quote"])}</q></td><td>{doc} <span class="offs">'
                    f'[{e["start"]}–{e["end"]}]</span></td><td class="muted">{escape(e["rule"])}</td></tr>')
    if len(records) > limit:
        rows.append(f'<tr><td colspan="3" class="muted">… và {len(records) - limit} bằng chứng khác · and '
                    f'{len(records) - limit} more (each on its article\'s page)</td></tr>')
    return Markup("\n".join(rows))
