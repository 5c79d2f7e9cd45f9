"""The page of each node, rendered in parts: with several cores, each part in a process of
its own (forked, so that it shares the graph read once), each writing its own files."""
from __future__ import annotations

import multiprocessing
import os

import networkx as nx

from kg.views import docpage, pages, people
from kg.views.output import SiteWriter, json_for_html
from kg.views.site import Site, evidence_rows
from kg.views.visdata import Vis

MIN_PER_PART = 2000  # fewer pages than this a part: one process


class EntityPages:
    def __init__(self, site: Site, vis: Vis, co: nx.Graph) -> None:
        self.site, self.vis, self.co = site, vis, co
        self.by_session = pages.events_by_session(site)
        self.spans, self.words = docpage.spans_by_document(site), docpage.fact_words(site)
        self.nodes = [n for n in sorted(site.g) if "#" not in site.urls.get(n, "#")]

    def write(self, w: SiteWriter, node: str) -> None:
        site, d = self.site, self.site.g.nodes[node]
        kind, url = d["type"], site.urls[node]
        ctx = {"node": d, "iri": node, "page_url": url, "evidence": site.records(node)}
        ctx["evidence_rows"] = evidence_rows(ctx["evidence"])
        if kind == "document":
            spans = self.spans.get(d["identifier"], {})
            w.page(url, "document.html", **ctx, **docpage.document_ctx(site, node, spans, self.words))
            return
        if kind == "person":
            ctx.update(pages.person_ctx(site, node))
            ctx["timeline"] = people.timeline(ctx["careers"], ctx["sessions"])
            data = people.compare_data(site, node, ctx["careers"], ctx["sessions"], self.co)
            w.bytes(f"assets/people/{url[len('person/'):-5]}.js", f"window.kgPerson({json_for_html(data)});\n".encode())
        elif kind == "org":
            ctx.update(pages.org_ctx(site, node))
        elif kind == "session":
            ctx.update(pages.session_ctx(site, node, self.by_session))
        else:
            ctx.update(pages.entity_ctx(site, node))
        ctx["data"] = self.vis.ego(node, extra=ctx.pop("extra", ()))
        w.page(url, f"{kind}.html" if kind in ("person", "org", "session") else "entity.html", **ctx)

    def write_part(self, w: SiteWriter, part: int, parts: int) -> None:
        for node in self.nodes[part::parts]:
            self.write(w, node)


_JOB: tuple | None = None  # (EntityPages, out_dir, env, manifest before) for the forked parts


def _part(args: tuple[int, int]) -> tuple[dict, int]:
    pages_, root, env, before = _JOB
    w = SiteWriter(root, env, before=before)
    pages_.write_part(w, *args)
    w.close()
    return w.files, w.written


def write_all(w: SiteWriter, entity_pages: EntityPages, jobs: int | None = None) -> None:
    """Every node's page, in `jobs` processes (default: as many as there are cores, at most 4)
    when there are enough pages and the system can fork; else here."""
    global _JOB
    jobs = jobs or min(4, os.cpu_count() or 1)
    parts = min(jobs, max(1, len(entity_pages.nodes) // MIN_PER_PART))
    if parts <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        entity_pages.write_part(w, 0, 1)
        return
    _JOB = (entity_pages, w.root, w.env, w.before)
    try:
        with multiprocessing.get_context("fork").Pool(parts) as pool:
            for files, written in pool.map(_part, [(i, parts) for i in range(parts)]):
                w.files.update(files)
                w.written += written
    finally:
        _JOB = None
