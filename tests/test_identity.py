"""Same name, same province: posts and dates decide whether mentions are one person (issue 4).

The articles are written for these tests: two district chairmen called Lê Văn Bình in Thanh Hóa,
one man of that name moving between districts, and a bare-name mention between them.
"""
import io

import pytest

from kg.curation import parse
from kg.export import export
from kg.pipeline import build
from kg.store import open_store

P = ("PREFIX kg: <https://w3id.org/kg-vn/def#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
     "PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#> ")
ID = "https://w3id.org/kg-vn/id/person/"

ARTICLES = {
    # two different men called Lê Văn Bình chair two district committees in the same week
    "nga_son_2024": ("UBND huyện Nga Sơn họp phiên thường kỳ tháng 5\n\n10/5/2024 08:00\n\n"
                     "Sáng 10/5, UBND huyện Nga Sơn, tỉnh Thanh Hóa tổ chức phiên họp thường kỳ tháng 5. "
                     "Đồng chí Lê Văn Bình, Chủ tịch UBND huyện Nga Sơn chủ trì phiên họp."),
    "hau_loc_2024": ("UBND huyện Hậu Lộc họp phiên thường kỳ tháng 5\n\n14/5/2024 08:00\n\n"
                     "Sáng 14/5, UBND huyện Hậu Lộc, tỉnh Thanh Hóa tổ chức phiên họp thường kỳ tháng 5. "
                     "Đồng chí Lê Văn Bình, Chủ tịch UBND huyện Hậu Lộc chủ trì phiên họp."),
    # two years later a Lê Văn Bình chairs Hậu Lộc: a move or another man, the posts cannot tell
    "hau_loc_2026": ("UBND huyện Hậu Lộc triển khai nhiệm vụ năm 2026\n\n6/1/2026 09:00\n\n"
                     "Sáng 6/1, UBND huyện Hậu Lộc, tỉnh Thanh Hóa tổ chức phiên họp thường kỳ tháng 1. "
                     "Đồng chí Lê Văn Bình, Chủ tịch UBND huyện Hậu Lộc chủ trì phiên họp."),
    # a transfer that names both posts
    "dieu_dong_2025": ("Thanh Hóa công bố quyết định về công tác cán bộ\n\n2/3/2025 15:00\n\n"
                       "Chiều 2/3, Ban Thường vụ Tỉnh ủy Thanh Hóa tổ chức hội nghị công bố quyết định về công tác "
                       "cán bộ. Ban Thường vụ Tỉnh ủy đã điều động đồng chí Lê Văn Bình, Chủ tịch UBND huyện Nga Sơn "
                       "đến nhận công tác và giữ chức Chủ tịch UBND huyện Hậu Lộc."),
    # the name with no post
    "ten_tron_2024": ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Thanh Hóa\n\n20/6/2024 08:00\n\n"
                      "Sáng 20/6, Ban Chấp hành Đảng bộ tỉnh Thanh Hóa tổ chức hội nghị lần thứ 30. "
                      "Dự hội nghị có các đồng chí Lê Văn Bình, Hoàng Thị Mai."),
}


def _write(tmp_path, names):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for n in names:
        (folder / f"{n}.txt").write_text(ARTICLES[n], encoding="utf-8")
    return [folder / f"{n}.txt" for n in names]


def _store(paths, curation=None, location=None):
    store = open_store(location, backend="oxigraph") if location else open_store(backend="memory")
    report = build(paths, store, curation=curation)
    assert not report.skipped, report.skipped
    return store


def _q(store, text):
    return [[None if v is None else str(v) for v in row] for row in store.query(P + text).rows]


def _nodes_by_doc(store):
    rows = _q(store, 'SELECT DISTINCT ?g ?p WHERE { GRAPH ?g { ?p foaf:name "Lê Văn Bình" ; kg:identityKey ?key } }')
    return {g.rsplit("/", 1)[-1]: p[len(ID):] for g, p in rows}


def _links(store):
    return _q(store, "SELECT ?a ?b ?reason ?rule WHERE { ?l a kg:CandidateLink ; kg:candidate ?a , ?b ; "
                     "kg:candidateReason ?reason ; kg:evidence/kg:rule ?rule FILTER(STR(?a) < STR(?b)) }")


def test_same_name_same_province_exclusive_posts_in_one_week_are_two_people(tmp_path):
    store = _store(_write(tmp_path, ["nga_son_2024", "hau_loc_2024"]))
    assert _nodes_by_doc(store) == {"nga_son_2024": "le-van-binh--thanh-hoa",
                                    "hau_loc_2024": "le-van-binh--thanh-hoa--2"}
    # the holdings of the second man moved with him
    posts = _q(store, f"SELECT ?post WHERE {{ <{ID}le-van-binh--thanh-hoa--2> org:holds ?post }}")
    assert [p[0].rsplit("/", 1)[-1] for p in posts] == ["chu-tich--ubnd-huyen-hau-loc"]
    [(a, b, reason, rule)] = _links(store)
    assert (a, b) == (ID + "le-van-binh--thanh-hoa", ID + "le-van-binh--thanh-hoa--2")
    assert rule == "identity:exclusive-posts-at-the-same-time"
    assert "Chủ tịch UBND huyện Nga Sơn" in reason and "Chủ tịch UBND huyện Hậu Lộc" in reason
    # the candidate link rests on both documents' stated evidence
    bases = _q(store, "SELECT DISTINCT ?doc WHERE { ?l a kg:CandidateLink ; kg:evidence/prov:wasDerivedFrom ?ev . "
                      "?ev kg:method \"rule\" ; <http://www.w3.org/ns/oa#hasSource> ?doc }")
    assert sorted(d[0].rsplit("/", 1)[-1] for d in bases) == ["hau_loc_2024", "nga_son_2024"]


def test_exclusive_posts_years_apart_stay_apart_as_unsure(tmp_path):
    store = _store(_write(tmp_path, ["nga_son_2024", "hau_loc_2026"]))
    assert sorted(_nodes_by_doc(store).values()) == ["le-van-binh--thanh-hoa", "le-van-binh--thanh-hoa--2"]
    [(_a, _b, reason, rule)] = _links(store)
    assert rule == "identity:exclusive-posts-unsure" and "could have moved" in reason


def test_a_transfer_naming_both_posts_keeps_one_career(tmp_path):
    store = _store(_write(tmp_path, ["nga_son_2024", "dieu_dong_2025", "hau_loc_2026"]))
    assert set(_nodes_by_doc(store).values()) == {"le-van-binh--thanh-hoa"}
    assert _links(store) == []
    [(reason,)] = _q(store, f"SELECT ?r WHERE {{ <{ID}le-van-binh--thanh-hoa> kg:identityReason ?r }}")
    assert reason.startswith("same name (Lê Văn Bình) and province (thanh-hoa) in 3 documents")
    assert "Chủ tịch UBND huyện Nga Sơn" in reason and "Chủ tịch UBND huyện Hậu Lộc" in reason


def test_a_bare_name_between_two_namesakes_gets_its_own_node(tmp_path):
    store = _store(_write(tmp_path, ["nga_son_2024", "hau_loc_2024", "ten_tron_2024"]))
    nodes = _nodes_by_doc(store)
    assert nodes["ten_tron_2024"] == "le-van-binh--thanh-hoa--3"
    ambiguous = [link for link in _links(store) if link[3] == "identity:ambiguous-mention"]
    assert len(ambiguous) == 2


def test_a_bare_name_with_one_known_namesake_joins_him(tmp_path):
    store = _store(_write(tmp_path, ["nga_son_2024", "ten_tron_2024"]))
    assert set(_nodes_by_doc(store).values()) == {"le-van-binh--thanh-hoa"}


def test_identity_does_not_depend_on_ingestion_order_or_increments(tmp_path):
    names = ["nga_son_2024", "hau_loc_2024", "ten_tron_2024", "hau_loc_2026"]
    paths = _write(tmp_path, names)

    def turtle(store):
        out = io.BytesIO()
        export(store, "turtle", out)
        return out.getvalue()

    whole = turtle(_store(paths, location=tmp_path / "whole"))
    backwards = turtle(_store(list(reversed(paths)), location=tmp_path / "backwards"))
    # one article at a time, latest first, into an on-disk store: earlier articles' nodes get renumbered
    store = open_store(tmp_path / "s", backend="oxigraph")
    for p in reversed(paths):
        assert not build([p], store).skipped
    stepwise = turtle(store)
    again = build([paths[1]], store)  # the same article again changes nothing
    assert not again.skipped and turtle(store) == whole
    assert whole == backwards == stepwise


def test_curation_separate_by_documents_and_merge_override_the_rules(tmp_path):
    paths = _write(tmp_path, ["nga_son_2024", "dieu_dong_2025", "hau_loc_2026"])
    cur = tmp_path / "curation.yaml"
    cur.write_text("separate:\n  - id: s1\n    person: le-van-binh--thanh-hoa\n    documents: [hau_loc_2026]\n"
                   "    note: the 2026 chairman is the deputy's namesake, per the district's website\n",
                   encoding="utf-8")
    store = _store(paths, curation=parse(cur))
    nodes = _nodes_by_doc(store)
    assert nodes["hau_loc_2026"] == "le-van-binh--thanh-hoa--2" and nodes["nga_son_2024"] == "le-van-binh--thanh-hoa"
    assert _links(store) == []  # a researcher said they differ: no candidate link
    cur.write_text("merge:\n  - id: m2\n    persons: [le-van-binh--thanh-hoa]\n"
                   "    note: one man, confirmed by the provincial personnel office\n", encoding="utf-8")
    store = _store(_write(tmp_path, ["nga_son_2024", "hau_loc_2024"]), curation=parse(cur))
    assert set(_nodes_by_doc(store).values()) == {"le-van-binh--thanh-hoa"}
    [(reason,)] = _q(store, f"SELECT ?r WHERE {{ <{ID}le-van-binh--thanh-hoa> kg:identityReason ?r }}")
    assert reason.startswith("curation m2: one man")


def test_merge_reasons_rest_on_each_documents_mention():
    from conftest import CORPUS

    store = _store([CORPUS])
    hai = ID + "nguyen-thanh-hai--thai-nguyen"
    [(reason, rule)] = _q(store, f'SELECT ?r ?rule WHERE {{ <{hai}> kg:identityReason ?r ; kg:evidence ?ev . '
                                 f'?ev kg:method "inferred" ; kg:rule ?rule }}')
    assert rule == "identity:same-name-same-province" and "Bí thư Tỉnh ủy Thái Nguyên" in reason
    docs = _q(store, f'SELECT DISTINCT ?doc WHERE {{ <{hai}> kg:evidence ?ev . ?ev kg:method "inferred" ; '
                     f'prov:wasDerivedFrom/<http://www.w3.org/ns/oa#hasSource> ?doc }}')
    assert sorted(d[0].rsplit("/", 1)[-1][:3] for d in docs) == ["001", "002", "003"]


def test_dated_start_and_end_events_give_an_org_member_during_interval(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Kỳ họp thứ Ba, HĐND tỉnh Hà Tĩnh khóa XIX\n\n12/3/2022 10:00\n\nSáng 12/3, HĐND tỉnh đã bầu ông Võ Trọng Hải, "
        "Giám đốc Sở Xây dựng giữ chức Phó Chủ tịch UBND tỉnh Hà Tĩnh với 50/52 đại biểu tán thành.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Kỳ họp thứ Tám, HĐND tỉnh Hà Tĩnh khóa XIX\n\n20/9/2024 10:00\n\nSáng 20/9, HĐND tỉnh đã miễn nhiệm chức vụ "
        "Phó Chủ tịch UBND tỉnh Hà Tĩnh đối với ông Võ Trọng Hải với 49/52 đại biểu tán thành.", encoding="utf-8")
    store = _store([tmp_path])
    rows = _q(store, """PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?b ?e WHERE { ?h org:member/foaf:name "Võ Trọng Hải" ; org:memberDuring ?i .
        ?i a time:Interval ; time:hasBeginning/time:inXSDDate ?b ; time:hasEnd/time:inXSDDate ?e }""")
    assert rows == [["2022-03-12", "2024-09-20"]]


def test_identity_links_query_gives_the_reasons_with_quotes(tmp_path):
    from rdflib import Literal

    from kg.queries import load_saved

    store = _store(_write(tmp_path, ["nga_son_2024", "hau_loc_2026", "dieu_dong_2025"])
                   + _write(tmp_path, ["hau_loc_2024"]))
    rows = store.query(load_saved("identity-links").text, bindings={"person_name": Literal("Lê Văn Bình")}).dicts()
    kinds = sorted((str(r["kind"]), str(r["rule"])) for r in rows)
    assert kinds == [("kept apart", "identity:exclusive-posts-at-the-same-time"),
                     ("merged", "identity:same-name-same-province")]
    assert all(str(r["quote"]) == "Lê Văn Bình" and str(r["name"]) == "Lê Văn Bình" for r in rows)
    assert store.query(load_saved("identity-links").text, bindings={"person_name": Literal("Không Ai")}).rows == []
