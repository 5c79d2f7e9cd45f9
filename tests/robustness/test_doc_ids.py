"""Two documents never become one (issue 25): ids that fold to the same ASCII ('bài-1' and
'bai-1', 'A/B' and 'A-B') keep their own graph, document node and evidence, in any input order;
an id kg keeps for itself ('_derived') is refused in one line.

Before the fix the document node and the evidence IRIs took the ASCII slug of the id: two such
documents shared them (one node with two identifiers, evidence quoting two texts), and a
document with the id '_derived' was reported as read while the derived graph overwrote it.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from kg.export import export
from kg.ids import doc_local
from kg.pipeline import build
from kg.store import open_store

ARTICLE = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh {province} lần thứ {n}\n\n{day}/6/2024 08:00\n\n"
           "Sáng {day}/6, Ban Chấp hành Đảng bộ tỉnh {province} tổ chức Hội nghị lần thứ {n}. "
           "Đồng chí {name}, Bí thư Tỉnh ủy chủ trì Hội nghị.")
DOCS = {  # id -> (province, ordinal, day, chair)
    "bài-1": ("Hà Giang", 15, 14, "Nguyễn Mạnh Dũng"),
    "bai-1": ("Lai Châu", 16, 15, "Giàng Páo Mỷ"),
    "A/B": ("Cao Bằng", 17, 16, "Trần Hồng Minh"),
    "A-B": ("Bắc Kạn", 18, 17, "Hoàng Duy Chinh"),
    "Bai-1": ("Điện Biên", 19, 18, "Trần Quốc Cường"),
}


def records(ids) -> str:
    lines = []
    for doc_id in ids:
        province, n, day, name = DOCS[doc_id]
        lines.append(json.dumps({"id": doc_id, "text": ARTICLE.format(province=province, n=n, day=day, name=name)},
                                ensure_ascii=False))
    return "\n".join(lines) + "\n"


def turtle(store) -> bytes:
    out = io.BytesIO()
    export(store, "turtle", out)
    return out.getvalue()


Q_DOCS = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX kg: <https://w3id.org/kg-vn/def#>
SELECT ?doc ?id WHERE { ?doc a kg:SourceDocument ; dcterms:identifier ?id }"""
Q_EVIDENCE = """PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg-vn/def#>
SELECT ?ev ?id ?s ?e ?q WHERE { ?ev oa:hasSource ?doc ; kg:start ?s ; kg:end ?e ; kg:quote ?q .
  ?doc dcterms:identifier ?id }"""


def test_ids_with_the_same_ascii_form_keep_their_own_node_and_evidence(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(records(DOCS), encoding="utf-8")
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()}
    with open_store(tmp_path / "store") as store:
        report = build([path], store)
        assert sorted(report.read) == sorted(DOCS) and not report.skipped
        assert sorted(d for d in store.document_ids() if d != "_derived") == sorted(DOCS)
        docs = store.query(Q_DOCS).rows
        assert sorted(str(i) for _d, i in docs) == sorted(DOCS)
        assert len({d for d, _i in docs}) == len(DOCS)  # one node each, one identifier each
        evidence = store.query(Q_EVIDENCE).rows
        assert evidence
        by_node: dict = {}
        for ev, doc_id, s, e, q in evidence:
            by_node.setdefault(ev, set()).add((str(doc_id), int(s), int(e), str(q)))
        for ev, found in by_node.items():
            assert len(found) == 1, (ev, found)  # one source, one span, one quote
            doc_id, s, e, q = next(iter(found))
            assert texts[doc_id][s:e] == q
        chairs = {str(r[0]): str(r[1]) for r in store.query(
            """PREFIX kg: <https://w3id.org/kg-vn/def#> PREFIX dcterms: <http://purl.org/dc/terms/>
            PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?id ?name WHERE { ?s kg:chair ?p . ?p foaf:name ?name .
              ?s kg:evidence/oa:hasSource/dcterms:identifier ?id }""").rows}
        assert chairs == {doc_id: DOCS[doc_id][3] for doc_id in DOCS}


def test_colliding_ids_give_the_same_turtle_in_any_order(tmp_path: Path) -> None:
    out = []
    for name, ids in (("forward", list(DOCS)), ("backward", list(DOCS)[::-1])):
        (tmp_path / f"{name}.jsonl").write_text(records(ids), encoding="utf-8")
        with open_store(tmp_path / name) as store:
            build([tmp_path / f"{name}.jsonl"], store)
            out.append(turtle(store))
    assert out[0] == out[1]


def test_document_locals_are_one_to_one() -> None:
    ids = ["bài-1", "bai-1", "Bai-1", "A/B", "A-B", "A B", "A_B", "a-b", "-A-B", "A-B-",
           "Hội nghị tỉnh ủy", "hoi-nghi-tinh-uy", "..", ".", "x", f"bai-1~{doc_local('bài-1').split('~')[1]}"]
    locals_ = [doc_local(i) for i in ids]
    assert len(set(locals_)) == len(ids)
    assert all(local.isascii() and "/" not in local and " " not in local for local in locals_)
    assert doc_local("bai-1") == "bai-1" and doc_local("000_8f68731991dda5bb") == "000_8f68731991dda5bb"
    assert doc_local("bài-1") == doc_local("bài-1")  # the same id, the same local, every time


def test_a_reserved_id_is_refused_and_the_derived_graph_kept(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "_derived.txt").write_text(ARTICLE.format(province="Hà Giang", n=15, day=14,
                                                                 name="Nguyễn Mạnh Dũng"), encoding="utf-8")
    jsonl = tmp_path / "in" / "records.jsonl"
    jsonl.write_text(records(["bai-1"]).replace('"bai-1"', '"_derived"') + records(["A-B"]), encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        report = build([tmp_path / "in"], store)
        assert report.read == ["A-B"]
        reasons = dict(report.skipped)
        assert set(reasons) == {str(tmp_path / "in" / "_derived.txt"), f"{jsonl}:1"}
        for where, reason in reasons.items():
            assert reason.startswith(f"{where}: document id '_derived' starts with '_', which kg keeps")
            assert "\n" not in reason
        derived = store.query("""SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kg-vn/graph/_derived> {
            ?s ?p ?o } }""").rows
        assert int(derived[0][0]) > 0
        docs = store.query(Q_DOCS).rows
        assert [str(i) for _d, i in docs] == ["A-B"]
