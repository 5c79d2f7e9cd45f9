"""Hostile text (issue 8): an article whose headline, names, agenda items and quoted sentences
carry HTML (<script>, <img onerror>), SPARQL (" } ; DROP ALL ; #), Turtle (\"\"\" . @prefix,
<http://x>), control characters and a 10,000-character token, built with the real pipeline.

It must come out as plain literals, exactly; every export (RDF formats, CSV tables, GraphML,
GEXF) must parse back with its own parser to the same strings and the same counts (nothing
injected); saved queries must still run (hostile parameters are values, never query text);
the views must escape it. The browser side of the views is tests/views/test_browser.py.

The article is written for this test.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from kg import network
from kg.cli import main
from kg.export import FORMATS, TABLES, csv_tables, export, write_network
from kg.network import xml_safe
from kg.pipeline import build
from kg.queries import bind_params, list_saved, load_saved
from kg.store import open_store
from kg.store.terms import from_ox, normalize

LONG = "Đ" + "a" * 9_998 + "ư"  # one 10,000-character token
TITLE = ('Hội nghị Ban Thường vụ Tỉnh ủy Lào Cai lần thứ 12 <script>alert("kg-title")</script> '
         '" } ; DROP ALL ; # """ . @prefix x: <http://x> .')
ITEMS = [
    f"Kế hoạch {LONG} năm 2024",
    "Đề án phát triển du lịch <script>alert('kg-item')</script> vùng cao giai đoạn 2024 - 2030",
    'Tờ trình về việc " } DROP ALL # điều chỉnh dự toán \x07\x1b[31m ngân sách năm 2024',
    'Báo cáo """ @prefix x: <http://x> kết quả công tác quý I năm 2024',
]
NAMES = {"Giàng Seo Phử", "Hoàng Quốc Khánh", "Trịnh Xuân Trường"}
ARTICLE = (
    f"{TITLE}\n"
    "\n"
    "05/3/2024 14:30\n"
    "\n"
    "Chiều 05/3, Ban Thường vụ Tỉnh ủy Lào Cai tổ chức Hội nghị lần thứ 12, khóa XVI. "
    "Đồng chí Giàng Seo Phử <img src=x onerror=\"alert('kg-name')\">, Bí thư Tỉnh ủy chủ trì Hội nghị. "
    "Dự Hội nghị có đồng chí Hoàng Quốc Khánh, Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh; "
    "đồng chí Trịnh Xuân Trường, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh.\n"
    "\n"
    f"Hội nghị Ban Thường vụ Tỉnh ủy đã thống nhất thông qua 4 nội dung, gồm: {'; '.join(ITEMS)}.\n"
    "\n"
    "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy nhấn mạnh: “Các cấp ủy <b onmouseover=alert(1)>phải</b> "
    "thực hiện nghiêm túc \x0b\x0c các nội dung đã thống nhất”.\n"
)
DOC = "lc_hostile"
HOSTILE_STRINGS = [TITLE, *ITEMS]
# what must never appear as such in a page of the views
PAYLOADS = ["<script>alert(", "<img src=x onerror", "<b onmouseover", "</script> \"", "<http://x>"]

P = ("PREFIX kg: <https://w3id.org/kg-vn/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
     "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX oa: <http://www.w3.org/ns/oa#> "
     "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n")


@pytest.fixture(scope="module")
def location(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / f"{DOC}.txt").write_text(ARTICLE, encoding="utf-8")
    with open_store(root / "store", backend="oxigraph") as store:
        report = build([root / "corpus"], store)
    assert report.read == [DOC] and not report.skipped
    return root / "store"


@pytest.fixture(scope="module")
def store(location: Path):
    s = open_store(location, backend="oxigraph", read_only=True)
    yield s
    s.close()


def quads_of(ds: Dataset) -> set[tuple]:
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name is None or "urn:x-rdflib" in str(name):
            name = None
        out.add((s, p, normalize(o), name))
    return out


def literals(triples) -> set[str]:
    return {str(t[2]) for t in triples if isinstance(t[2], Literal)}


# -- stored as plain literals, exactly -----------------------------------------------------------

def test_hostile_strings_are_stored_as_plain_literals_exactly(store) -> None:
    titles = store.query(P + f'SELECT ?t WHERE {{ ?d dcterms:identifier "{DOC}" ; dcterms:title ?t }}').rows
    assert [str(t) for (t,) in titles] == [TITLE]
    items = store.query(P + "SELECT ?l WHERE { ?i a kg:AgendaItem ; rdfs:label ?l }").rows
    assert sorted(str(l) for (l,) in items) == sorted(ITEMS)
    for (lit,) in titles + items:  # a string in Vietnamese, never rdf:HTML or rdf:XMLLiteral
        assert lit.language == "vi" and lit.datatype is None
    for text in HOSTILE_STRINGS:  # and found again when given back as a value
        assert store.query(P + "ASK { ?x ?p ?v }", bindings={"v": Literal(text, lang="vi")}).boolean, text[:40]
    names = store.query(P + "SELECT DISTINCT ?n WHERE { ?p a kg:Person ; foaf:name ?n }").rows
    assert {str(n) for (n,) in names} == NAMES  # the markup after a name is not part of it


def test_every_quote_is_the_raw_text_at_its_offsets(store) -> None:
    rows = store.query(P + """SELECT ?s ?e ?x WHERE { ?ev a kg:Evidence ; kg:start ?s ; kg:end ?e ;
        kg:quote ?x }""").rows
    assert len(rows) > 10
    for start, end, quote in rows:
        assert ARTICLE[int(start):int(end)] == str(quote)
    assert set(ITEMS) <= {str(q) for _s, _e, q in rows}


def test_no_iri_takes_in_the_hostile_text(store) -> None:
    terms = store.query("SELECT DISTINCT ?t WHERE { { ?t ?p ?o } UNION { ?s ?t ?o } UNION { ?s ?p ?t } "
                        "UNION { GRAPH ?t { ?a ?b ?c } } FILTER(isIRI(?t)) }").rows
    assert terms
    for (iri,) in terms:
        assert not re.search(r'[\s<>"{}|^`\\\x00-\x1f]', str(iri)), str(iri)
        assert len(str(iri)) < 300, str(iri)[:80]


# -- exports parse back with their own parsers, the same strings, nothing more --------------------

RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
             "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def exported(store, fmt: str) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_rdf_exports_parse_back_to_the_same_quads(store, fmt: str) -> None:
    before = store.triple_count()
    expected = quads_of(store.dataset())
    union = {q[:3] for q in expected}
    data = exported(store, fmt)
    per_graph = fmt in ("nquads", "trig", "jsonld")

    parsed = Dataset()
    parsed.parse(data=data, format=RDFLIB_FORMAT[fmt])
    got = quads_of(parsed)
    if per_graph:
        assert got == expected
        assert {q[3] for q in got} == {q[3] for q in expected}  # no extra graphs
    else:
        assert {q[:3] for q in got} == union and {q[3] for q in got} == {None}

    ox_quads = {(from_ox(q.subject), from_ox(q.predicate), normalize(from_ox(q.object)),
                 None if isinstance(q.graph_name, ox.DefaultGraph) else from_ox(q.graph_name))
                for q in ox.parse(data, format=OX_FORMAT[fmt])}
    assert ox_quads == (expected if per_graph else {(*t, None) for t in union})
    assert set(HOSTILE_STRINGS) <= literals(got)
    assert store.triple_count() == before


# -- CSV tables ------------------------------------------------------------------------------------

def test_csv_tables_keep_their_rows_columns_and_strings(store, tmp_path: Path) -> None:
    written = csv_tables(store, tmp_path)
    for filename, name in TABLES.items():
        saved = load_saved(name)
        result = store.query(saved.text, bindings=bind_params(saved, {}))
        with open(written[filename], encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == result.vars, filename
        assert len(rows) - 1 == len(result.rows), filename
        assert all(len(r) == len(result.vars) for r in rows), filename
        cells = {(i, c) for r in rows[1:] for i, c in enumerate(r)}
        for row in result.rows:  # every value as it is in the store, unbound as empty
            for i, term in enumerate(row):
                assert (i, "" if term is None else str(term)) in cells, (filename, str(term)[:60])
    with open(written["decisions.csv"], encoding="utf-8", newline="") as fh:
        decisions = list(csv.DictReader(fh))
    assert sorted(r["title"] for r in decisions) == sorted(ITEMS)


# -- GraphML and GEXF -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_parse_back_with_the_same_nodes_and_strings(store, tmp_path: Path, fmt: str) -> None:
    g = network.to_networkx(store.dataset())
    path = write_network(store, fmt, tmp_path / f"kg.{fmt}")
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    labels = {d.get("label") for _, d in back.nodes(data=True)}
    assert labels == {xml_safe(d["label"]) for _, d in g.nodes(data=True)}
    # XML 1.0 cannot hold control characters: they come back as their control pictures
    assert {xml_safe(t) for t in HOSTILE_STRINGS} <= labels
    assert "Tờ trình về việc \" } DROP ALL # điều chỉnh dự toán \u2407\u241b[31m ngân sách năm 2024" in labels


def test_xml_safe_keeps_what_xml_can_hold() -> None:
    assert xml_safe("a\tb\nc\rd <&> \" ' Đ") == "a\tb\nc\rd <&> \" ' Đ"
    assert xml_safe("\x00\x07\x1b\x7f\ufffe") == "\u2400\u2407\u241b\x7f\ufffd"


# -- saved queries ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [q.name for q in list_saved()])
def test_every_saved_query_still_runs(location: Path, store, name: str) -> None:
    saved = load_saved(name)
    expected = store.query(saved.text, bindings=bind_params(saved, {}))
    result = CliRunner().invoke(main, ["query", name, "--store", str(location), "--format", "json"])
    assert result.exit_code == 0, result.output[-500:]
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == expected.vars
    assert len(data["results"]["bindings"]) == len(expected.rows)


def test_hostile_parameters_are_values_not_query_text(location: Path, store) -> None:
    before = store.triple_count()
    runner = CliRunner()

    def rows(query: str, /, **params) -> list[dict]:
        argv = ["query", query, "--store", str(location), "--format", "json"]
        for key, value in params.items():
            argv += ["--param", f"{key}={value}"]
        result = runner.invoke(main, argv)
        assert result.exit_code == 0, result.output[-500:]
        return json.loads(result.stdout)["results"]["bindings"]

    assert rows("decisions-about", keyword='" } ; DROP ALL ; #') == []
    assert rows("person-career", name='Giàng" } ; DROP ALL ; #') == []
    found = rows("decisions-about", keyword="<script>alert('kg-item')</script>")
    assert [b["quote"]["value"] for b in found] == [ITEMS[1]]
    assert len(rows("decisions-about", keyword="DROP ALL")) == 1
    assert {b["person"]["value"] for b in rows("person-career", name="Hoàng Quốc Khánh")} == {"Hoàng Quốc Khánh"}
    assert store.triple_count() == before


# -- the views escape it --------------------------------------------------------------------------

def test_views_escape_the_hostile_text(location: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["view", "--out", str(out), "--store", str(location)])
    assert result.exit_code == 0, result.output
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    escaped_seen = False
    for page in pages:
        html = page.read_text("utf-8")
        for payload in PAYLOADS:
            assert payload not in html, (page.name, payload)
        # every <script> the page opens is closed once: no text from a document closed one early
        assert len(re.findall(r"<script\b", html, re.I)) == len(re.findall(r"</script\s*>", html, re.I)), page
        for block in re.findall(r"<script\b[^>]*>(.*?)</script\s*>", html, re.I | re.S):
            assert "<" not in block, (page.name, block[:80])  # JSON in a script is \u003c-escaped
        escaped_seen |= "&lt;script&gt;alert(" in html
    assert escaped_seen  # the text is there, escaped
    index = (out / "assets" / "search-index.js").read_text("utf-8")
    assert "<script" not in index and "\\u003cscript\\u003ealert(" in index
    entries = json.loads(index[index.index("=") + 1:].rstrip().rstrip(";"))["entries"]
    assert set(HOSTILE_STRINGS) <= {e[0] for e in entries}  # [label, kind, page, date, bodies]
