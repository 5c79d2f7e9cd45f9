"""sources.yaml: a file of the wrong shape, with a YAML syntax error or a tag YAML's safe loader
does not know gives one line naming it and the problem, and the build goes on without its
metadata (issue 25); `published:` dates an article whose text has no date line.

Before the fix a wrong shape ended the build with a traceback or an internal error, and a
syntax error or an unknown tag was passed over in silence, the site's metadata lost.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.inputs import file_document, record_document
from kg.lexicon import load_lexicon
from kg.pipeline import build
from kg.store import open_store

# No province in the text: only the site in sources.yaml gives it. No date line either.
UNDATED = ("Hội nghị Ban Thường vụ Huyện ủy lần thứ 12\n\n"
           "Sáng nay, Ban Thường vụ Huyện ủy họp phiên thường kỳ. Đồng chí Hoàng Quốc Khánh, "
           "Phó Bí thư Huyện ủy chủ trì hội nghị.")
DATED = "Hội nghị Ban Thường vụ Huyện ủy lần thứ 13\n\n20/12/2024 08:00\n\n" + UNDATED.split("\n\n", 1)[1]

BAD = {
    "default-a-list": ("default: [1, 2]\n", "default must be a mapping of site, province, published, url, found a list"),
    "files-a-list": ("files: [a.txt, b.txt]\n", "'files' must map file names to their metadata, found a list"),
    "site-a-list": ("default:\n  site: [a]\n", "default: site must be a string, found a list"),
    "site-at-the-top": ("site: [a]\n", "unknown key 'site' (known: default, files)"),
    "a-file-not-a-mapping": ("files:\n  a.txt: lao.cai.gov.vn\n", "files: a.txt must be a mapping of site, province, "
                                                                  "published, url, found str 'lao.cai.gov.vn'"),
    "unknown-field": ("default:\n  sites: laocai.gov.vn\n", "default: unknown key 'sites' (known: site, province, "
                                                            "published, url)"),
    "url-for-every-file": ("default:\n  url: https://laocai.gov.vn/a\n", "default: url belongs to one file "
                                                                       "(files: {name: {url: ...}})"),
    "bad-date": ("default:\n  published: 31/12/2024\n", "default: published '31/12/2024' is not a date YYYY-MM-DD"),
    "syntax": ("default:\n  site: laocai.gov.vn\n files: {\n", "bad YAML at line 3, column 2: "),
    "unknown-tag": ("default: !!python/object/apply:os.system ['true']\n", "bad YAML at line 1, column 10: "
                                                                          "could not determine a constructor"),
    "custom-tag": ("default: !include other.yaml\n", "bad YAML at line 1, column 10: could not determine a constructor "
                                                     "for the tag '!include'"),
    "a-scalar": ("laocai.gov.vn\n", "expected a mapping with 'default' and 'files', found str 'laocai.gov.vn'"),
}


def province_of(store) -> list[tuple[str, str]]:
    rows = store.query("""PREFIX kg: <https://w3id.org/kg-vn/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label ?how WHERE { ?d a kg:SourceDocument ; kg:province/rdfs:label ?label ; kg:provinceSource ?how }""").rows
    return [(str(a), str(b)) for a, b in rows]


def test_good_metadata_gives_the_province(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("default:\n  site: laocai.gov.vn\n", encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store, time_limit=None)
    assert report.read == ["a"] and not report.skipped
    assert province_of(store) == [("Lào Cai", "metadata")]


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_sources_yaml_is_one_line_and_the_build_goes_on_without_it(tmp_path: Path, case: str) -> None:
    text, problem = BAD[case]
    meta = tmp_path / "sources.yaml"
    meta.write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store, time_limit=None)
    assert report.read == ["a"]
    assert [where for where, _ in report.skipped] == [str(meta)]
    reason = report.skipped[0][1]
    assert "\n" not in reason
    assert reason.startswith(f"{meta}: {problem}"), reason
    assert reason.endswith("; the articles of this folder are read without its metadata")
    assert province_of(store) == []  # none of the file's metadata is used


def test_kg_build_reports_a_bad_sources_yaml_and_exits_2(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(UNDATED, encoding="utf-8")
    (articles / "sources.yaml").write_text("default: [1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(articles), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stdout.startswith("1 document(s) read, 1 skipped")
    assert [line for line in result.stderr.splitlines() if line.startswith("skipped:")] == [
        f"skipped: {articles / 'sources.yaml'}: default must be a mapping of site, province, published, url, found a list; "
        "the articles of this folder are read without its metadata"]


def test_published_in_sources_yaml_dates_an_article_without_a_date_line(tmp_path: Path) -> None:
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "dated.txt").write_text(DATED, encoding="utf-8")
    (tmp_path / "own.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "default:\n  site: laocai.gov.vn\n  published: 2024-06-14\nfiles:\n  own.txt: {published: '2024-07-01'}\n",
        encoding="utf-8")
    lex = load_lexicon()
    info = {"site": "laocai.gov.vn", "published": "2024-06-14"}
    undated, _ = file_document(tmp_path / "undated.txt", info, lex)
    dated, _ = file_document(tmp_path / "dated.txt", info, lex)
    assert (undated.published, undated.published_from) == ("2024-06-14", "metadata")
    assert (dated.published, dated.published_from) == ("2024-12-20", "dateline")  # the text's own date wins
    store = open_store(backend="memory")
    report = build([tmp_path], store, time_limit=None)
    assert not report.skipped
    rows = store.query("""PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?d WHERE { ?doc dcterms:identifier ?id ; dcterms:issued ?d }""").rows
    assert {str(i): str(d) for i, d in rows} == {"undated": "2024-06-14", "dated": "2024-12-20", "own": "2024-07-01"}


def test_published_of_a_json_lines_record_is_used_only_without_a_date_line() -> None:
    lex = load_lexicon()
    line = '{"id": "x", "text": %s, "published": "2024-01-02"}'
    import json

    undated = record_document((line % json.dumps(UNDATED)).encode(), "r.jsonl:1", {}, lex)
    dated = record_document((line % json.dumps(DATED)).encode(), "r.jsonl:2", {}, lex)
    folder = record_document(('{"id": "y", "text": %s}' % json.dumps(UNDATED)).encode(), "r.jsonl:3",
                             {"published": "2023-05-06"}, lex)
    assert (undated.published, undated.published_from) == ("2024-01-02", "metadata")
    assert (dated.published, dated.published_from) == ("2024-12-20", "dateline")
    assert (folder.published, folder.published_from) == ("2023-05-06", "metadata")
