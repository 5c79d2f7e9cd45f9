"""Bad input: each bad file or line gets one line naming it, the batch goes on, and `kg build`
ends with a report and a non-zero exit only when something was skipped (issue 8).

Every file here is made by the test; the articles are written for it.
"""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import MAX_ARTICLE_BYTES, build
from kg.store import open_store

ARTICLE = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Hà Giang lần thứ 15, khóa XVII\n\n"
           "{date} 08:00\n\n"
           "Sáng {day}, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 15, khóa XVII. "
           "Đồng chí {name}, Bí thư Tỉnh ủy chủ trì Hội nghị. Dự Hội nghị có đồng chí Hầu Văn Lý, "
           "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Hà Giang.")


def article(name: str = "Nguyễn Mạnh Dũng", date: str = "14/6/2024") -> str:
    return ARTICLE.format(name=name, date=date, day="/".join(date.split("/")[:2]))


def names(store) -> set[str]:
    rows = store.query("PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT DISTINCT ?n WHERE { ?p foaf:name ?n }").rows
    return {str(r[0]) for r in rows}


def one_line(reason: str, where: str) -> None:
    assert "\n" not in reason and where in reason, reason


def test_empty_binary_huge_and_good_files_in_one_batch(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text(article(), encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "d_binary.txt").write_bytes(bytes(range(256)) * 64)
    with (tmp_path / "e_huge.txt").open("wb") as f:  # 100 MB, sparse: the size alone refuses it
        f.truncate(100 * 1024 * 1024)
    (tmp_path / "f_good.txt").write_text(article("Đặng Quốc Khánh", "20/12/2024"), encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert report.read == ["a_good", "f_good"]
    reasons = dict(report.skipped)
    assert sorted(Path(p).name for p in reasons) == ["b_empty.txt", "c_blank.txt", "d_binary.txt", "e_huge.txt"]
    for path, reason in reasons.items():
        one_line(reason, path)
    assert "empty" in reasons[str(tmp_path / "b_empty.txt")]
    assert "binary" in reasons[str(tmp_path / "d_binary.txt")]
    assert "100.0 MB" in reasons[str(tmp_path / "e_huge.txt")] and "limit" in reasons[str(tmp_path / "e_huge.txt")]
    assert {"Nguyễn Mạnh Dũng", "Đặng Quốc Khánh", "Hầu Văn Lý"} <= names(store)


def test_a_file_just_under_the_limit_is_read(tmp_path: Path, monkeypatch) -> None:
    import kg.files

    text = article()
    size = len(text.encode("utf-8"))
    monkeypatch.setattr(kg.files, "MAX_ARTICLE_BYTES", size)
    (tmp_path / "ok.txt").write_text(text, encoding="utf-8")
    (tmp_path / "over.txt").write_text(text + ".", encoding="utf-8")
    report = build([tmp_path / "ok.txt", tmp_path / "over.txt"], open_store(backend="memory"))
    assert report.read == ["ok"] and [Path(p).name for p, _ in report.skipped] == ["over.txt"]
    assert MAX_ARTICLE_BYTES >= 1024 * 1024  # a real article always fits


def test_html_full_of_scripts_and_menus_keeps_only_the_article(tmp_path: Path) -> None:
    body = article().replace("\n\n", "</p><p>")
    page = ("<html><head><title>Cổng thông tin</title><script>var tracker = 'Nguyễn Giả Mạo';</script>"
            "<style>.menu{color:red}</style></head><body><nav><a href='/'>Trang chủ</a> | Tin tức | Liên hệ</nav>"
            "<header>Đăng nhập</header><script src='x.js'></script>"
            f"<article><p>{body}</p></article><!-- Bí thư Tỉnh ủy Lê Ẩn Danh -->"
            "<footer>Bản quyền thuộc về Cổng thông tin điện tử</footer>"
            "<script>document.write('Phó Chủ tịch Trần Kịch Bản')</script></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert report.read == ["page"] and not report.skipped
    found = names(store)
    assert {"Nguyễn Mạnh Dũng", "Hầu Văn Lý"} <= found
    assert not found & {"Nguyễn Giả Mạo", "Lê Ẩn Danh", "Trần Kịch Bản"}
    # the quotes point into the original HTML file
    rows = store.query("""PREFIX kg: <https://w3id.org/kg-vn/def#>
        SELECT ?s ?e ?x WHERE { ?ev kg:start ?s ; kg:end ?e ; kg:quote ?x }""").rows
    assert rows and all(page[int(s):int(e)] == str(x) for s, e, x in rows if "\n" not in str(x))


def test_json_lines_with_broken_lines_go_on(tmp_path: Path) -> None:
    good = [{"id": "jl-1", "text": article(), "site": "hagiang.gov.vn"},
            {"id": "jl-2", "text": article("Đặng Quốc Khánh", "20/12/2024"), "title": "Hội nghị lần thứ 20",
             "published": "2024-12-20"},
            {"id": "jl-3", "html": "<p>" + article("Vàng Thị Hoa", "5/1/2025").replace("\n\n", "</p><p>") + "</p>"}]
    lines = [json.dumps(good[0], ensure_ascii=False),
             '{"id": "broken", "text": "Hội nghị',  # cut off
             "",
             json.dumps(good[1], ensure_ascii=False),
             "[1, 2, 3]",
             json.dumps({"text": "không có mã"}, ensure_ascii=False),
             json.dumps({"id": "bad-date", "text": article(), "published": "20/12/2024"}, ensure_ascii=False),
             json.dumps({"id": "nul", "text": "a\u0000b"}),
             json.dumps(good[2], ensure_ascii=False)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = open_store(backend="memory")
    report = build([path], store)
    assert report.read == ["jl-1", "jl-2", "jl-3"]
    skipped = dict(report.skipped)
    assert sorted(skipped) == sorted(f"{path}:{n}" for n in (2, 5, 6, 7, 8))
    for where, reason in skipped.items():
        one_line(reason, where)
    assert "broken JSON" in skipped[f"{path}:2"] and "not YYYY-MM-DD" in skipped[f"{path}:7"]
    assert {"Nguyễn Mạnh Dũng", "Đặng Quốc Khánh", "Vàng Thị Hoa"} <= names(store)
    meta = store.query("""PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX kg: <https://w3id.org/kg-vn/def#>
        SELECT ?t ?d WHERE { ?doc dcterms:identifier "jl-2" ; dcterms:title ?t ; dcterms:issued ?d }""").rows
    assert [(str(t), str(d)) for t, d in meta] == [("Hội nghị lần thứ 20", "2024-12-20")]
    # evidence offsets index the record's own text
    rows = store.query("""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX kg: <https://w3id.org/kg-vn/def#>
        SELECT ?s ?e ?x WHERE { ?ev oa:hasSource/dcterms:identifier "jl-1" ; kg:start ?s ; kg:end ?e ; kg:quote ?x }""").rows
    assert rows and all(good[0]["text"][int(s):int(e)] == str(x) for s, e, x in rows)


def test_duplicate_document_ids_keep_the_first(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "same.txt").write_text(article(), encoding="utf-8")
    (tmp_path / "two" / "same.txt").write_text(article("Đặng Quốc Khánh"), encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert report.read == ["same"] and len(report.skipped) == 1
    one_line(report.skipped[0][1], str(tmp_path / "two" / "same.txt"))
    assert "same document id" in report.skipped[0][1]


def test_kg_build_reports_and_exits_non_zero_only_when_something_was_skipped(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(article(), encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["build", str(good), "--store", str(tmp_path / "s1")])
    assert ok.exit_code == 0, ok.output
    assert "1 document(s) read, 0 skipped" in ok.stdout and "named graphs (1 document and the derived graph)" in ok.stdout
    (good / "b.txt").write_bytes(b"\x00\x01\x02binary")
    bad = runner.invoke(main, ["build", str(good), "--store", str(tmp_path / "s2")])
    assert bad.exit_code != 0
    assert "1 document(s) read, 1 skipped" in bad.stdout
    lines = [line for line in bad.stderr.splitlines() if line.startswith("skipped:")]
    assert len(lines) == 1 and str(good / "b.txt") in lines[0]
    # what was read is in the store all the same
    answer = runner.invoke(main, ["query", "persons", "--store", str(tmp_path / "s2"), "--format", "csv"])
    assert answer.exit_code == 0 and "Nguyễn Mạnh Dũng" in answer.stdout
