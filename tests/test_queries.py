"""Saved queries: header parsing, parameter binding, result formats."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from kg.errors import InputError
from kg.queries import (
    Param, bind_params, format_result, list_saved, load_saved, parse_saved, to_term,
)
from kg.store import QueryResult, open_store

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
R = Namespace("https://w3id.org/kg-vn/id/")

SAVED = """\
#+ title: Holders of a post
#+ description: Who held posts in an organisation.
#+ param: org (iri, default kgr:org/tinh-uy-thai-nguyen) the organisation
#+ param: name (string) part of a person's name
#+ param: label (langstring, optional) exact label
#+ param: since (date, optional) reported after this date
#+ param: n (integer, default 10) how many
PREFIX kg: <https://w3id.org/kg-vn/def#>
SELECT ?person WHERE { ?person kg:holds ?post }
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "holders.rq").write_text(SAVED, "utf-8")
    (tmp_path / "all.rq").write_text("#+ title: All\nSELECT * WHERE { ?s ?p ?o }\n", "utf-8")
    return tmp_path


def test_header_parsing(folder: Path) -> None:
    saved = load_saved("holders", directory=folder)
    assert saved.name == "holders" and saved.path == folder / "holders.rq"
    assert saved.title == "Holders of a post"
    assert saved.description == "Who held posts in an organisation."
    assert saved.params[0] == Param("org", "iri", "kgr:org/tinh-uy-thai-nguyen", False, "the organisation")
    assert saved.params[1] == Param("name", "string", None, False, "part of a person's name")
    assert saved.params[2].optional and not saved.params[2].required
    assert saved.params[1].required
    assert saved.text == SAVED


def test_load_by_path_inline_and_list(folder: Path) -> None:
    assert load_saved(folder / "all.rq").title == "All"
    assert load_saved(str(folder / "all.rq")).name == "all"
    inline = load_saved("SELECT ?s WHERE { ?s ?p ?o }")
    assert inline.name == "<query>" and inline.params == ()
    assert [q.name for q in list_saved(folder)] == ["all", "holders"]
    with pytest.raises(InputError, match="known: all, holders"):
        load_saved("missing", directory=folder)
    with pytest.raises(InputError, match="no such query file"):
        load_saved(folder / "nope.rq")


def test_bad_param_declarations() -> None:
    with pytest.raises(InputError, match="unknown type 'float'"):
        parse_saved("#+ param: x (float) a number\nASK {}", "q")
    with pytest.raises(InputError, match="expected 'default"):
        parse_saved("#+ param: x (string, maybe) a thing\nASK {}", "q")


def test_bind_params_types_and_defaults(folder: Path) -> None:
    saved = load_saved("holders", directory=folder)
    bound = bind_params(saved, {"name": "Hải", "since": "2024-05-01", "label": "Bí thư"})
    assert bound["name"] == Literal("Hải") and bound["name"].language is None
    assert bound["name"].datatype is None
    assert bound["org"] == URIRef("https://w3id.org/kg-vn/id/org/tinh-uy-thai-nguyen")
    assert bound["since"] == Literal("2024-05-01", datatype=XSD.date)
    assert bound["label"] == Literal("Bí thư", lang="vi")
    assert bound["n"] == Literal(10)
    assert bind_params(saved, {"name": "x", "org": "<http://example.org/o>"})["org"] == \
        URIRef("http://example.org/o")
    assert "label" not in bind_params(saved, {"name": "x"})


def test_bind_params_errors(folder: Path) -> None:
    saved = load_saved("holders", directory=folder)
    with pytest.raises(InputError, match="unknown param bogus"):
        bind_params(saved, {"name": "x", "bogus": "1"})
    with pytest.raises(InputError, match="missing required param name"):
        bind_params(saved, {})
    with pytest.raises(InputError, match="not a date"):
        bind_params(saved, {"name": "x", "since": "01/05/2024"})
    with pytest.raises(InputError, match="not an integer"):
        bind_params(saved, {"name": "x", "n": "ten"})
    with pytest.raises(InputError, match="not an IRI"):
        to_term(Param("org", "iri"), "not an iri")
    assert str(InputError(str(folder / "holders.rq"), "p")).count("\n") == 0


def test_saved_query_runs_with_bound_params(folder: Path) -> None:
    g = Graph()
    g.add((R["person/a"], URIRef("https://w3id.org/kg-vn/def#holds"), R["post/x"]))
    text = "SELECT ?person WHERE { ?person <https://w3id.org/kg-vn/def#holds> ?post }"
    (folder / "by-post.rq").write_text(f"#+ param: post (iri) the post\n{text}\n", "utf-8")
    saved = load_saved("by-post", directory=folder)
    with open_store(backend="memory") as store:
        store.replace_document("d", g)
        result = store.query(saved.text, bindings=bind_params(saved, {"post": "kgr:post/x"}))
    assert result.rows == [(R["person/a"],)]


def sample() -> QueryResult:
    return QueryResult.select(["who", "label", "n"], [
        (R["person/nguyen-thanh-hai"], Literal('Nguyễn "Hải", Bí thư\nTỉnh ủy', lang="vi"),
         Literal(3)),
        (URIRef("http://example.org/x"), None, Literal("2024-05-01", datatype=XSD.date)),
        (BNode("b1"), Literal("plain\ttab"), None),
    ])


def render(result: QueryResult, fmt: str) -> str:
    out = io.StringIO(newline="")
    format_result(result, fmt, out)
    return out.getvalue()


def test_csv_follows_the_w3c_format() -> None:
    text = render(sample(), "csv")
    assert text.startswith("who,label,n\r\n")
    assert '"Nguyễn ""Hải"", Bí thư\nTỉnh ủy"' in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["https://w3id.org/kg-vn/id/person/nguyen-thanh-hai",
                       'Nguyễn "Hải", Bí thư\nTỉnh ủy', "3"]
    assert rows[2] == ["http://example.org/x", "", "2024-05-01"]
    assert rows[3] == ["_:b1", "plain\ttab", ""]


def test_tsv_uses_sparql_term_syntax() -> None:
    lines = render(sample(), "tsv").split("\n")
    assert lines[0] == "?who\t?label\t?n"
    assert lines[1] == ('<https://w3id.org/kg-vn/id/person/nguyen-thanh-hai>\t'
                        '"Nguyễn \\"Hải\\", Bí thư\\nTỉnh ủy"@vi\t'
                        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    assert lines[3] == '_:b1\t"plain\\ttab"\t'


def test_json_follows_the_w3c_format() -> None:
    data = json.loads(render(sample(), "json"))
    assert data["head"] == {"vars": ["who", "label", "n"]}
    first, second, third = data["results"]["bindings"]
    assert first["who"] == {"type": "uri", "value": str(R["person/nguyen-thanh-hai"])}
    assert first["label"]["xml:lang"] == "vi"
    assert first["n"] == {"type": "literal", "value": "3", "datatype": str(XSD.integer)}
    assert "label" not in second
    assert third["who"] == {"type": "bnode", "value": "b1"}
    assert third["label"] == {"type": "literal", "value": "plain\ttab"}
    assert json.loads(render(QueryResult.ask(True), "json")) == {"head": {}, "boolean": True}


def test_json_of_terms_that_repeat_or_look_alike() -> None:
    # the encoder writes each distinct term once: terms with the same text must stay apart
    same = "https://w3id.org/kg-vn/id/org/ubnd-tinh-thai-nguyen"
    rows = [(URIRef(same), Literal(same), Literal("Thái Nguyên", lang="vi")),
            (Literal(same), URIRef(same), Literal("Thái Nguyên")),
            (BNode(same.rsplit("/", 1)[1]), Literal("1.0", datatype=XSD.decimal), Literal("1.00", datatype=XSD.decimal)),
            (URIRef(same), Literal(same), Literal("Thái Nguyên", lang="vi"))]
    data = json.loads(render(QueryResult.select(["a", "b", "c"], rows), "json"))
    got = data["results"]["bindings"]
    assert [b["a"]["type"] for b in got] == ["uri", "literal", "bnode", "uri"]
    assert [b["b"]["type"] for b in got] == ["literal", "uri", "literal", "literal"]
    assert got[0]["c"] == got[3]["c"] == {"type": "literal", "value": "Thái Nguyên", "xml:lang": "vi"}
    assert got[1]["c"] == {"type": "literal", "value": "Thái Nguyên"}
    assert [got[2]["b"]["value"], got[2]["c"]["value"]] == ["1.0", "1.00"]
    cased = json.loads(render(QueryResult.select(["a"], [(Literal("x", lang="vi"),), (Literal("x", lang="VI"),)]), "json"))
    assert [b["a"]["xml:lang"] for b in cased["results"]["bindings"]] == ["vi", "VI"]  # as given
    assert json.loads(render(QueryResult.select(["a"], []), "json")) == {
        "head": {"vars": ["a"]}, "results": {"bindings": []}}


def test_table_is_aligned_with_prefixed_names() -> None:
    lines = render(sample(), "table").splitlines()
    assert lines[0].split() == ["who", "label", "n"]
    assert lines[2].startswith("kgr:person/nguyen-thanh-hai  Nguyễn \"Hải\", Bí thư Tỉnh ủy  3")
    assert lines[1].startswith("-" * len("kgr:person/nguyen-thanh-hai") + "  ")
    assert lines[-1] == "(3 rows)"
    label_column = lines[0].index("label")
    assert lines[4].index("plain") == label_column
    assert render(QueryResult.ask(False), "table") == "false\n"


def test_table_columns_count_terminal_cells() -> None:
    # precomposed Vietnamese, a stray combining mark (one cell less), CJK (two cells a character)
    rows = [(Literal("Trịnh Việt Hùng"), Literal("a")), (Literal("Hoa\u0300 Bi\u0300nh"), Literal("b")),
            (Literal("河内市"), Literal("c")), (Literal("“Hải” — x"), Literal("d"))]
    lines = render(QueryResult.select(["name", "tag"], rows), "table").splitlines()
    ends = [len(line) - len(line.rstrip("abcd")) for line in lines[2:6]]
    assert ends == [1, 1, 1, 1]
    cells = [len(line) - 1 - sum(1 for ch in line if 0x300 <= ord(ch) < 0x370) + sum(1 for ch in line if ord(ch) >= 0x4e00)
             for line in lines[2:6]]
    assert len(set(cells)) == 1  # the second column starts in the same terminal column


def test_construct_results_and_unknown_format() -> None:
    g = Graph()
    g.add((R["a"], URIRef("http://example.org/p"), Literal("x")))
    text = render(QueryResult.construct(g), "csv")
    assert text == "subject,predicate,object\r\nhttps://w3id.org/kg-vn/id/a,http://example.org/p,x\r\n"
    with pytest.raises(InputError, match="unknown result format"):
        render(sample(), "xml")
