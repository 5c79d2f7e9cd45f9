"""kg.views.write_site: pages, offline assets, escaping."""
from __future__ import annotations

import json
import re
from pathlib import Path

from kg import views
from kg.views import search
from .sample_graph import DOC1, DOC2, PAYLOADS, sample_graph

EXTERNAL_REF = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
                          r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_fold():
    assert views.fold("Nguyễn Thanh Hải") == "nguyen thanh hai"
    assert views.fold("ĐẶNG  Xuân  Trường") == "dang xuan truong"
    assert views.fold("Ủy ban nhân dân") == "uy ban nhan dan"


def test_json_for_html_escapes():
    text = str(views.json_for_html({"a": "</script><b>&'\u2028\u2029"}))
    assert not re.search("[<>&'\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><b>&'\u2028\u2029"}


def test_all_pages_written(site):
    assert site.name == "index.html"
    root = site.parent
    for page in ("index.html", "network.html", "coattendance.html", "search.html", "compare.html",
                 "person/nguyen-thanh-hai.html", "person/trinh-viet-hung.html",
                 "person/pham-hoang-son.html", "person/dang-xuan-truong.html",
                 "org/tinh-uy-thai-nguyen.html", "org/ubnd-tinh-thai-nguyen.html",
                 "org/hdnd-tinh-thai-nguyen.html",
                 "session/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx.html",
                 "session/ubnd-tinh-thai-nguyen--phien-hop-2021-12-10.html",
                 "cited/nghi-quyet-49-2016-nq-hdnd.html", "doc/001_aaaa.html", "doc/002_bbbb.html",
                 "assets/kg.js", "assets/kg-graph.js", "assets/kg-doc.js", "assets/kg-timeline.js",
                 "assets/kg-compare.js", "assets/kg.css", "assets/search-index.js",
                 "assets/people/trinh-viet-hung.js",
                 "assets/vendor/vis-network.min.js", "assets/vendor/vis-network.css",
                 "assets/vendor/LICENSE-vis-network.txt", "assets/vendor/vis-timeline-graph2d.min.js",
                 "assets/vendor/vis-timeline-graph2d.min.css", "assets/vendor/LICENSE-vis-timeline.txt",
                 "graph.graphml", "graph.gexf", "coattendance.graphml"):
        assert (root / page).is_file(), page
    assert not (root / "item").exists()  # an agenda item is a row of its session's page


def test_index_links_everything_with_counts(site):
    html = _read(site)
    assert 'id="count-person">4<' in html and 'id="count-session">2<' in html
    for page in site.parent.glob("*/*.html"):
        assert f'href="{page.parent.name}/{page.name}"' in html, page


SOURCE_LINK = re.compile(r'<a id="doc-url" href="https://[^"]+" rel="noreferrer noopener" target="_blank">[^<]*</a>')


def test_no_external_references_in_any_file(site):
    """Nothing is loaded from outside; the one address outside is an article's own, as a link
    a reader may follow (its document page), never as something the page loads."""
    for path in site.parent.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css"):
            text = SOURCE_LINK.sub("", _read(path))
            assert not EXTERNAL_REF.search(text), (path, EXTERNAL_REF.search(text))
            if path.suffix == ".html":
                assert "http://" not in text and "https://" not in text, path


def test_person_page_has_timeline_with_evidence(site):
    html = _read(site.parent / "person/trinh-viet-hung.html")
    timeline = html.split('id="timeline"')[1].split("</table>")[0]
    for text in ("Phó Bí thư", "Tỉnh ủy Thái Nguyên", "Chủ tịch", "UBND tỉnh Thái Nguyên",
                 "Chủ tịch UBND tỉnh", "../doc/001_aaaa.html#e-234-252", "Bầu cử"):
        assert text in timeline, text
    assert "Phiên họp thường kỳ tháng 12 UBND tỉnh Thái Nguyên" in html
    assert 'href="../compare.html?a=person/trinh-viet-hung.html"' in html


def test_career_lists_every_source_with_its_count(site):
    """The post stated once in 001 and twice in 002: both documents, 002 with ×2, each linked
    to its first span (issue 28: "every document that states a post, with count")."""
    row = next(r for r in _rows(_read(site.parent / "person/trinh-viet-hung.html"), "timeline")
               if r[2] == "Chủ tịch UBND tỉnh Thái Nguyên" and r[4].startswith("Giữ chức vụ"))
    assert row[6] == "2 bài sources: 001_aaaa, 002_bbbb ×2"
    html = _read(site.parent / "person/trinh-viet-hung.html")
    start = DOC2.index("Chủ tịch UBND tỉnh")
    assert f'href="../doc/002_bbbb.html#e-{start}-{start + len("Chủ tịch UBND tỉnh")}"' in html


def test_career_timeline_data(site):
    html = _read(site.parent / "person/trinh-viet-hung.html")
    data = json.loads(html.split('id="kg-timeline-data">')[1].split("</script>")[0])
    groups = {g["id"]: g["content"] for g in data["groups"]}
    bars = [i for i in data["items"] if i["type"] == "range"]
    assert [(groups[i["group"]], i["start"], i["end"]) for i in bars] == [
        ("Chủ tịch UBND tỉnh Thái Nguyên", "2021-11-25", "2021-12-10")]
    points = {(groups[i["group"]], i["start"]) for i in data["items"] if i["type"] == "point"}
    assert ("Chủ tịch UBND tỉnh Thái Nguyên", "2021-11-25") in points  # the election
    assert ("Phiên họp · sessions", "2021-12-10") in points and ("Phiên họp · sessions", "2021-11-25") in points
    assert data["undated"] == 0 and data["undated_sessions"] == 0


def test_session_page(site):
    html = _read(site.parent / "session/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx.html")
    people = html.split('id="people"')[1].split("</table>")[0]
    assert people.index("Nguyễn Thanh Hải") < people.index("Trịnh Việt Hùng")  # chair first
    items = html.split('id="items"')[1].split("</table>")[0]
    assert "Thông qua" in items and "Thảo luận" in items and "Đề án phát triển đô thị" in items
    assert 'id="i-a1b2c3d4e5"' in items  # where the search and the network send an item
    assert "Nghị quyết số 49/2016/NQ-HĐND" in html.split('id="cited"')[1]
    assert "../org/ban-chap-hanh-dang-bo-tinh-thai-nguyen.html" in html


def _rows(html: str, table: str) -> list[list[str]]:
    """The cells (tags stripped) of each row of the table with that id."""
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)][1:]


def test_org_page(site):
    html = _read(site.parent / "org/ubnd-tinh-thai-nguyen.html")
    holders = html.split('id="holders"')[1].split("</table>")[0]
    assert "Trịnh Việt Hùng" in holders and "Đặng Xuân Trường" in holders
    assert "Phiên họp thường kỳ tháng 12" in html.split('id="sessions"')[1]


def test_org_page_posts_over_time(site):
    """Post | From | To | Person | Kind: the dated election, else the stated dates."""
    rows = _rows(_read(site.parent / "org/ubnd-tinh-thai-nguyen.html"), "holders")
    assert [r[:5] for r in rows] == [
        ["Chủ tịch UBND tỉnh Thái Nguyên", "2021-11-25", "2021-12-10 (lần cuối được nêu · last stated)",
         "Trịnh Việt Hùng", "Giữ chức vụ holds"],
        ["Chủ tịch UBND tỉnh Thái Nguyên", "2021-11-25", "", "Trịnh Việt Hùng", "Bầu cử Election"],
        ["Phó Chủ tịch UBND tỉnh Thái Nguyên", "2021-12-10 (lần đầu được nêu · first stated)", "",
         "Đặng Xuân Trường", "Giữ chức vụ holds"]]


def test_org_holders_ordered_by_post_then_time():
    import networkx as nx
    from rdflib import Graph

    from kg.network import Evidence
    from kg.viewrows import Tables
    from kg.views.pages import org_ctx
    from kg.views.site import Site
    g = nx.MultiDiGraph()
    g.add_node("o", type="org", label="UBND tỉnh X")
    for p in "abc":
        g.add_node(p, type="person", label=f"Person {p}")
    post = "Chủ tịch UBND tỉnh X"
    g.add_edge("c", "o", relation="holds", label="Chủ tịch", post=post, begin="2024-06-01")
    g.add_edge("a", "o", relation="holds", label="Chủ tịch", post=post, first="2019-01-01", last="2020-05-01")
    g.add_edge("b", "o", relation="holds", label="Chủ tịch", post=post, first="2021-03-01",
               finish="2024-05-30")
    g.add_edge("a", "o", relation="holds", label="Phó Chủ tịch", post="Phó Chủ tịch UBND tỉnh X",
               first="2016-01-01")
    holders = org_ctx(Site(g, Evidence(Tables(Graph()))), "o")["holders"]
    assert [(r["post_label"], r["other"]["label"], r["date"], r["until"]) for r in holders] == [
        (post, "Person a", "2019-01-01", "2020-05-01"), (post, "Person b", "2021-03-01", "2024-05-30"),
        (post, "Person c", "2024-06-01", ""), ("Phó Chủ tịch UBND tỉnh X", "Person a", "2016-01-01", "")]
    assert [(r["date_stated"], r["until_stated"]) for r in holders] == [
        (True, True), (True, False), (False, False), (True, False)]


def test_graph_data_embedded(site):
    html = _read(site.parent / "network.html")
    raw = html.split('id="kg-graph-data">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert len(data["nodes"]) == 16 and len(data["edges"]) == 20
    assert data["options"]["physics"]["enabled"] is False
    hai = next(n for n in data["nodes"] if n["id"] == "person/nguyen-thanh-hai")
    assert hai["url"] == "person/nguyen-thanh-hai.html" and hai["physics"] is False
    assert "“Nguyễn Thanh Hải”" in hai["tip"] and "x" in hai and "y" in hai


def test_tooltips_carry_quote_and_source_document(site):
    """Every node and link with evidence: its quote and 'Nguồn / source: <doc> [start–end]'."""
    html = _read(site.parent / "session/ubnd-tinh-thai-nguyen--phien-hop-2021-12-10.html")
    data = json.loads(html.split('id="kg-graph-data">')[1].split("</script>")[0])
    chair = next(e for e in data["edges"] if e["from"] == "person/trinh-viet-hung"
                 and e["to"] == "session/ubnd-tinh-thai-nguyen--phien-hop-2021-12-10")
    assert chair["tip"][0] == "Chủ trì · chair"
    assert "“Trịnh Việt Hùng, Chủ tịch UBND tỉnh chủ trì”" in chair["tip"]
    assert any(re.fullmatch(r"Nguồn / source: 002_bbbb \[\d+–\d+\]", line) for line in chair["tip"])
    for item in data["nodes"] + data["edges"]:
        if any(line.startswith("“") for line in item["tip"]):
            assert any(line.startswith("Nguồn / source: ") for line in item["tip"]), item


def test_network_page_filters(site):
    html = _read(site.parent / "network.html")
    for control in ('data-kind="person"', 'data-kind="document"', 'id="gbody"', 'id="gfrom"', 'id="gto"',
                    'id="gundated" checked', 'class="kind-count" data-kind="person">4<'):
        assert control in html, control


def test_coattendance_page(site):
    html = _read(site.parent / "coattendance.html")
    ranking = html.split('id="ranking"')[1]
    assert ranking.index("Trịnh Việt Hùng") < ranking.index("Đặng Xuân Trường")


def test_search_index(site):
    text = _read(site.parent / "assets/search-index.js")
    data = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    label, kind, url, _date, bodies = next(e for e in data["entries"] if e[0] == "Nguyễn Thanh Hải")
    assert data["kinds"][kind] == "person" and url == "person/nguyen-thanh-hai.html"
    assert {data["bodies"][i] for i in bodies} == {
        "Tỉnh ủy Thái Nguyên", "Ban Chấp hành Đảng bộ tỉnh Thái Nguyên"}  # holds / chairs
    item = next(e for e in data["entries"] if e[0] == "Đề án phát triển đô thị")
    assert item[2] == "session/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx.html#i-f6a7b8c9d0"


def test_hostile_text_is_escaped(hostile_site):
    for path in hostile_site.parent.rglob("*"):
        if path.suffix not in (".html", ".js"):
            continue
        text = _read(path)
        for raw in ("<script>window", "<img src=x", "<svg onload", "</script><script>"):
            assert raw not in text, (path, raw)
    html = _read(hostile_site.parent / "person/evil-1.html")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "\\u003cscript\\u003ewindow.__pwned=1" in html
    assert PAYLOADS[4] not in html  # U+2028 never reaches a page raw
    assert "\u2028" not in _read(hostile_site.parent / "assets/search-index.js")


def test_big_graph_overview_note(rdf_graph, tmp_path, monkeypatch):
    monkeypatch.setattr(views, "MAX_NODES", 8)
    index = views.write_site(rdf_graph, tmp_path)
    html = _read(index.parent / "network.html")
    assert 'id="trim-note"' in html and "16 nút" in html
    data = json.loads(html.split('id="kg-graph-data">')[1].split("</script>")[0])
    assert len(data["nodes"]) == 8
