"""Issue 28 on the written site, without a browser: the sentence in its article, every evidence
link to its anchor, each document's own evidence, search words kept whole, one language, a
rebuild that rewrites only what changed, the opening view of a big graph."""
from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import FOAF, RDFS

from kg.views import opening, search, write_site
from kg.views.output import MANIFEST
from .sample_graph import DOC1, DOC2, KGR, sample_graph

ANCHOR = re.compile(r'href="(?:\.\./)?(doc/[^"#]+\.html)(#[^"]*)?"')


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _text_of(page: str) -> str:
    """The article as the page shows it: the <pre> with its marks taken off, unescaped."""
    body = page.split('<pre id="doc-text" class="doc-body">')[1].split("</pre>")[0]
    return htmllib.unescape(re.sub(r"<[^>]+>", "", body))


def test_document_page_shows_the_whole_text_with_every_span_marked(site):
    page = _read(site.parent / "doc/001_aaaa.html")
    assert _text_of(page) == DOC1
    start = DOC1.index("Trịnh Việt Hùng")
    assert f'id="e-{start}-{start + len("Trịnh Việt Hùng")}"' in page
    # hovering the name says what it supports: the person and the participation
    mark = re.search(rf'<mark class="ev" data-e="[^"]*e-{start}-{start + 15}[^"]*" title="([^"]*)">', page)
    facts = htmllib.unescape(mark.group(1)).split("\n")
    assert "Cá nhân: Trịnh Việt Hùng" in facts
    assert "Tham dự: Trịnh Việt Hùng — Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12, khóa XX" in facts
    assert 'id="doc-site">thainguyen.gov.vn<' in page and 'id="doc-url"' not in page


def test_document_page_gives_site_and_url_when_known(site):
    page = _read(site.parent / "doc/002_bbbb.html")
    assert _text_of(page) == DOC2
    assert ('<a id="doc-url" href="https://thainguyen.gov.vn/tin-tuc/phien-hop-ubnd-thang-12" '
            'rel="noreferrer noopener" target="_blank">') in page


def test_every_evidence_link_goes_to_its_anchor(site):
    """Every quote's link, every source of a fact and every row of an evidence table points at
    `doc/<id>.html#e-<start>-<end>`, the anchor is on that page, and the text between the
    offsets is the quote."""
    root, checked = site.parent, 0
    texts = {"doc/001_aaaa.html": DOC1, "doc/002_bbbb.html": DOC2}
    for path in root.rglob("*.html"):
        page = _read(path)
        links = re.findall(r'<a class="src" href="([^"]+)"', page)
        links += [m for block in re.findall(r'<span class="sources">(.*?)</span>\s*(?:</td>|$)', page, re.S)
                  for m in re.findall(r'href="([^"]+)"', block)]
        links += [m for table in re.findall(r'<table class="evidence">(.*?)</table>', page, re.S)
                  for m in re.findall(r'href="([^"]+)"', table)]
        for href in links:
            target, _, anchor = href.replace("../", "").partition("#")
            target = target or path.relative_to(root).as_posix()  # an anchor on the page itself
            assert target in texts and re.fullmatch(r"e-\d+-\d+", anchor), (path, href)
            assert f'id="{anchor}"' in _read(root / target), (path, href)
            checked += 1
    assert checked > 40


def test_a_document_page_quotes_that_document(site):
    """Issue 28: the row of a cited document showed the quote of another document. Cited in
    001 and in 002 in other words, each page quotes its own."""
    row = _read(site.parent / "doc/002_bbbb.html").split('id="cited"')[1].split("</table>")[0]
    start = DOC2.index("Nghị quyết 49/2016/NQ-HĐND")
    assert '<q class="quote">Nghị quyết 49/2016/NQ-HĐND</q>' in row and '<q class="quote">Nghị quyết số' not in row
    assert f'href="#e-{start}-{start + 26}"' in row
    cited = _read(site.parent / "cited/nghi-quyet-49-2016-nq-hdnd.html").split('id="links"')[1].split("</table>")[0]
    for doc, text, quote in (("001_aaaa", DOC1, "Nghị quyết số 49/2016/NQ-HĐND"),
                             ("002_bbbb", DOC2, "Nghị quyết 49/2016/NQ-HĐND")):
        line = next(r for r in cited.split("<tr>") if f'doc/{doc}.html">' in r)
        start = text.index(quote)
        assert f"{quote}</q>" in line and f"doc/{doc}.html#e-{start}-{start + len(quote)}" in line, line


def test_search_keeps_words_whole():
    assert search.matches("Hải", "Nguyễn Thanh Hải") and search.matches("nguyen thanh h", "Nguyễn Thanh Hải")
    assert not search.matches("Hải", "Tỉnh ủy Thái Nguyên")
    assert not search.matches("hai", "Thái Nguyên") and search.matches("thai", "Thái Nguyên")
    assert search.matches("49/2016", "Nghị quyết số 49/2016/NQ-HĐND")


CLASS_NAMES = re.compile(r"\b(?:PartyCommittee|StandingCommittee|PartyOrganization|PartyCaucus|PeoplesCouncil|"
                         r"PeoplesCommittee|NationalBody|NationalAssemblyDelegation|MassOrganization|"
                         r"AgendaItem|CitedDocument|SourceDocument|PersonnelEvent|PositionHolding|RoleMention|"
                         r"citeddoc|subOrganizationOf|citedIn)\b")


def _visible(page: str) -> str:
    """What a reader sees of a page, tooltips included (the graph data's "tip" and "name")."""
    data = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    shown = [line for block in data for node in json.loads(block).get("nodes", []) + json.loads(block).get("edges", [])
             for line in node.get("tip", []) + [node.get("name", "")]]
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", text)) + "\n".join(shown)


def test_one_language_vietnamese_first(site):
    for path in site.parent.rglob("*.html"):
        page = _read(path)
        assert not CLASS_NAMES.search(_visible(page)), (path, CLASS_NAMES.search(_visible(page)))
        headings = re.findall(r"<h2>(.*?)</h2>", page, re.S)
        if path.parent == site.parent:  # the site's own pages; an entity's h1 is its name
            headings += re.findall(r"<h1>(.*?)</h1>", page, re.S)
        for heading in headings:  # Vietnamese first, English (if any) after it
            vietnamese = htmllib.unescape(re.sub(r"<[^>]+>", "", heading.split('<span class="en">')[0]))
            assert not vietnamese.isascii(), (path, heading)


def _site_of(graph: Graph, out: Path) -> dict[str, float]:
    write_site(graph, out)
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_a_rebuild_rewrites_only_the_pages_whose_facts_changed(tmp_path):
    g = sample_graph()
    before = _site_of(g, tmp_path)
    manifest = json.loads(_read(tmp_path / MANIFEST))["files"]
    assert set(manifest) == set(before) - {MANIFEST}
    truong = KGR["person/dang-xuan-truong"]
    g.set((truong, FOAF.name, Literal("Đặng Xuân Trường (sửa)", lang="vi")))
    after = _site_of(g, tmp_path)
    changed = {p for p in after if after[p] != before.get(p)} - {MANIFEST}
    assert "person/dang-xuan-truong.html" in changed and "org/ubnd-tinh-thai-nguyen.html" in changed
    for same in ("person/nguyen-thanh-hai.html", "org/hdnd-tinh-thai-nguyen.html", "doc/001_aaaa.html",
                 "assets/kg.js", "assets/vendor/vis-network.min.js"):
        assert after[same] == before[same], same
    assert len(changed) < len(after) / 2
    # a node gone: its page is removed
    g.remove((KGR["citeddoc/nghi-quyet-49-2016-nq-hdnd"], None, None))
    _site_of(g, tmp_path)
    assert not (tmp_path / "cited/nghi-quyet-49-2016-nq-hdnd.html").exists()


def test_opening_view_of_a_big_graph_groups_bodies_by_province(site, monkeypatch, tmp_path):
    """Above OPENING_LIMIT nodes the network opens on the provinces' bodies and their current
    heads; the whole graph is one click away (assets/network-full.js)."""
    g = sample_graph()
    from .sample_graph import KG
    for org in ("tinh-uy-thai-nguyen", "ubnd-tinh-thai-nguyen", "hdnd-tinh-thai-nguyen"):
        g.add((KGR[f"org/{org}"], KG.province, KGR["place/thai-nguyen"]))
    g.add((KGR["place/thai-nguyen"], RDFS.label, Literal("Thái Nguyên", lang="vi")))
    monkeypatch.setattr(opening, "OPENING_LIMIT", 5)
    write_site(g, tmp_path)
    page = _read(tmp_path / "network.html")
    data = json.loads(page.split('id="kg-graph-data">')[1].split("</script>")[0])
    names = {n["name"]: n for n in data["nodes"]}
    assert names["Thái Nguyên"]["kind"] == "province"
    assert {"UBND tỉnh Thái Nguyên", "HĐND tỉnh Thái Nguyên", "Tỉnh ủy Thái Nguyên"} <= set(names)
    heads = {(e["from"], e["to"]) for e in data["edges"]}
    assert ("org/ubnd-tinh-thai-nguyen", "person/trinh-viet-hung") in heads  # Chủ tịch, not the deputy
    assert ("org/ubnd-tinh-thai-nguyen", "person/dang-xuan-truong") not in heads
    assert ("org/tinh-uy-thai-nguyen", "person/nguyen-thanh-hai") in heads
    assert 'id="show-whole"' in page and 'id="opening-note"' in page
    full = json.loads(_read(tmp_path / "assets/network-full.js").split("=", 1)[1].strip().rstrip(";"))
    assert len(full["nodes"]) == 16
