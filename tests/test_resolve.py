"""One person, one node; careers over time; inferred holders; curation (issue 4)."""
from pathlib import Path

import pytest

from kg.curation import parse
from kg.errors import InputError
from kg.pipeline import build
from kg.queries import load_saved
from kg.store import open_store

from conftest import CORPUS, FIXTURES

ARTICLES = FIXTURES / "articles"


def _store(paths, curation=None):
    store = open_store(backend="memory")
    report = build(paths, store, curation=curation)
    assert not report.skipped
    return store


@pytest.fixture(scope="module")
def store():
    return _store([CORPUS, ARTICLES])


def _q(store, text):
    return [[None if v is None else str(v) for v in row] for row in store.query(text).rows]


P = "PREFIX kg: <https://w3id.org/kg-vn/def#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX org: <http://www.w3.org/ns/org#> "


def test_nguyen_thanh_hai_is_one_node_with_all_titles_across_seeds(store):
    rows = _q(store, P + 'SELECT DISTINCT ?p WHERE { ?p foaf:name "Nguyễn Thanh Hải" }')
    assert rows == [["https://w3id.org/kg-vn/id/person/nguyen-thanh-hai--thai-nguyen"]]
    posts = _q(store, P + 'SELECT DISTINCT ?post WHERE { <https://w3id.org/kg-vn/id/person/nguyen-thanh-hai--thai-nguyen> org:holds ?post }')
    assert len(posts) == 3


def test_homonyms_in_two_provinces_stay_apart_with_a_candidate_link(store):
    rows = _q(store, P + 'SELECT DISTINCT ?p WHERE { ?p foaf:name "Lê Minh Tuấn" } ORDER BY ?p')
    assert [r[0].rsplit("/", 1)[-1] for r in rows] == ["le-minh-tuan--ca-mau", "le-minh-tuan--quang-ninh"]
    links = _q(store, P + "SELECT ?a ?b WHERE { ?a kg:candidateSameAs ?b }")
    assert [rows[0][0], rows[1][0]] in links and [rows[1][0], rows[0][0]] in links


def test_person_changing_posts_across_years_and_succession(store):
    rows = store.query(load_saved("career-timeline").text,
                       bindings={"name": __import__("rdflib").Literal("Triệu Quốc Khánh")}).dicts()
    by_role = {(str(r["role"]), str(r["organization"])): r for r in rows}
    gd = by_role[("Giám đốc", "Sở Kế hoạch và Đầu tư tỉnh Lào Cai")]
    assert str(gd["first_stated"]) == "2024-12-13" and str(gd["successor"]) == "Tạ Đức Hiệp"
    pct = by_role[("Phó Chủ tịch", "UBND tỉnh Lào Cai")]
    assert str(pct["last_stated"]) == "2025-01-08" and "Election" in str(pct["started_by"])


def test_role_only_mentions_resolve_as_inferred_or_say_why_not(store):
    rows = {r["doc"][:3]: r for r in store.query(load_saved("role-mentions").text).dicts()
            for r in [{k: str(v) for k, v in r.items()}]}
    assert rows["001"]["holder"] == "Nguyễn Thanh Hải" and rows["001"]["rule"].startswith("holder-at-date:")
    assert "holder" not in rows["000"] and rows["000"]["reason"] == "the document gives no date"
    inferred = _q(store, P + """SELECT ?ev WHERE { ?m kg:inferredHolder ?h ; kg:evidence ?ev .
        ?ev kg:method "inferred" ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?base . ?base kg:method "rule" }""")
    assert inferred


def test_election_then_dismissal_end_the_holding(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Kỳ họp thứ Ba, HĐND tỉnh Nghệ An khóa XIX\n\n12/3/2022 10:00\n\nSáng 12/3, HĐND tỉnh đã bầu ông Phan Văn Đức, "
        "Giám đốc Sở Tài chính giữ chức Phó Chủ tịch UBND tỉnh Nghệ An với 50/52 đại biểu tán thành.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Kỳ họp thứ Tám, HĐND tỉnh Nghệ An khóa XIX\n\n20/9/2024 10:00\n\nSáng 20/9, HĐND tỉnh đã miễn nhiệm chức vụ "
        "Phó Chủ tịch UBND tỉnh Nghệ An đối với ông Phan Văn Đức với 49/52 đại biểu tán thành.", encoding="utf-8")
    store = _store([tmp_path])
    rows = _q(store, P + """SELECT ?first ?last ?s ?e WHERE { ?h org:member/foaf:name "Phan Văn Đức" ;
        org:role/<http://www.w3.org/2004/02/skos/core#prefLabel> "Phó Chủ tịch"@vi ;
        kg:firstStated ?first ; kg:lastStated ?last ; kg:startedBy ?s ; kg:endedBy ?e }""")
    assert len(rows) == 1 and rows[0][:2] == ["2022-03-12", "2024-09-20"]
    assert "election" in rows[0][2] and "dismissal" in rows[0][3]


def test_curation_merge_and_rename_show_in_provenance(tmp_path):
    cur = tmp_path / "curation.yaml"
    cur.write_text("merge:\n  - id: m1\n    persons: [le-minh-tuan--quang-ninh, le-minh-tuan--ca-mau]\n"
                   "    note: same official, moved from Quảng Ninh to Cà Mau\n", encoding="utf-8")
    store = _store([ARTICLES], curation=parse(cur))
    rows = _q(store, P + 'SELECT DISTINCT ?p ?c WHERE { ?p foaf:name "Lê Minh Tuấn" ; kg:curation ?c }')
    assert rows == [["https://w3id.org/kg-vn/id/person/le-minh-tuan--quang-ninh",
                     "m1: same official, moved from Quảng Ninh to Cà Mau"]]


def test_bad_curation_entry_is_one_line(tmp_path):
    cur = tmp_path / "curation.yaml"
    cur.write_text("date:\n  - {id: d1, document: x, date: 2021-13-40, note: n}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse(cur)
    assert str(cur) in str(err.value) and "\n" not in str(err.value)


def test_an_inferred_holder_rests_on_the_nearest_statements_not_on_every_one(tmp_path):
    """At scale a post is stated in hundreds of documents: the inference about one date rests on
    the mention and the statements just before and after it (a sentence written for this test)."""
    for name, date in (("a", "10/2/2021"), ("b", "15/5/2022"), ("c", "20/8/2024"), ("e", "3/3/2025")):
        (tmp_path / f"{name}.txt").write_text(
            f"Hội nghị Ban Thường vụ Tỉnh ủy Nghệ An\n\n{date} 09:00\n\nÔng Hoàng Văn Sơn, Chủ tịch UBND tỉnh "
            "Nghệ An chủ trì hội nghị.", encoding="utf-8")
    (tmp_path / "d.txt").write_text(
        "Hội nghị Ban Thường vụ Tỉnh ủy Nghệ An\n\n7/9/2023 09:00\n\nĐồng chí Chủ tịch UBND tỉnh Nghệ An "
        "phát biểu kết luận hội nghị.", encoding="utf-8")
    store = _store([tmp_path])
    rows = _q(store, P + """SELECT ?holder ?rule ?src WHERE { ?m a kg:RoleMention ; kg:inferredHolder/foaf:name ?holder ;
        kg:evidence ?ev . ?ev kg:method "inferred" ; kg:rule ?rule ;
        <http://www.w3.org/ns/prov#wasDerivedFrom>/<http://www.w3.org/ns/oa#hasSource> ?src }""")
    assert {r[0] for r in rows} == {"Hoàng Văn Sơn"}
    assert {r[1] for r in rows} == {"holder-at-date:stated-before-and-after"}
    assert sorted(r[2].rsplit("/", 1)[-1] for r in rows) == ["b", "c", "d"]
