"""The saved queries of queries/: headers and README, declared columns on both embedded
backends, safe parameter binding, and answers to the competency questions on the seeds and on
a small synthetic graph shaped like ontology/MODEL.md (benchmarks/synthetic.py)."""
from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from kg.queries import PARAM_TYPES, SavedQuery, bind_params, list_saved, load_saved
from kg.serve import RESERVED_PARAMS
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore
from kg.text import fold
from unaccented import NAME_PARAMS, unaccented

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
CONTRACT = {"persons": "name", "positions": "name", "sessions": "session",
            "session-items": "session", "cited-documents": "type"}
SAVED = list_saved(QUERIES)
NAMES = [q.name for q in SAVED]
HOSTILE = ['a "quoted" word', "brace } and { more", '"; DROP ALL; #', "two\nlines",
           "back\\slash '''x'''", "<http://evil/> . }", "?name", ""]


def _synthetic_module():
    spec = importlib.util.spec_from_file_location("kg_bench_synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seeds(seeds_store):
    """The seed corpus on both embedded backends."""
    from kg.pipeline import build

    oxigraph = OxigraphStore(None)
    build([ROOT / "data" / "corpus"], oxigraph)
    yield {"memory": seeds_store, "oxigraph": oxigraph}
    oxigraph.close()


@pytest.fixture(scope="module")
def synthetic():
    """About 30,000 synthetic triples (60 documents) on both embedded backends."""
    stores = {"memory": open_store(backend="memory"), "oxigraph": OxigraphStore(None)}
    for doc_id, text in _synthetic_module().graphs(30_000, seed=11):
        graph = Graph().parse(data=text, format="nt")
        for store in stores.values():
            store.replace_document(doc_id, graph)
    from kg.resolve import derive  # the derived graph (careers, succession), as after `kg build`
    for store in stores.values():
        derive(store)
    yield stores
    for store in stores.values():
        store.close()


@pytest.fixture(scope="module")
def articles():
    """The seeds and the project's own test articles (successions happen only there)."""
    from kg.pipeline import build

    store = OxigraphStore(None)
    build([ROOT / "data" / "corpus", ROOT / "tests" / "fixtures" / "articles"], store)
    yield store
    store.close()


def run(store, query: str, /, **params: str):
    saved = load_saved(query, directory=QUERIES)
    return store.query(saved.text, bindings=bind_params(saved, params), timeout=120)


def canonical(rows) -> list[tuple]:
    """Rows with GROUP_CONCAT lists sorted (their order is up to the engine), as sortable text."""
    def cell(term) -> str:
        text = "" if term is None else str(term)
        return "; ".join(sorted(re.split(r"; |, ", text)))
    return sorted(tuple(cell(t) for t in row) for row in rows)


def column(result, name: str) -> list[str]:
    index = result.vars.index(name)
    return [None if row[index] is None else str(row[index]) for row in result.rows]


# -- headers and the catalogue ----------------------------------------------------------------

def test_the_contract_queries_and_fifteen_more() -> None:
    assert set(CONTRACT) <= set(NAMES)
    assert len(set(NAMES) - set(CONTRACT)) >= 15
    for name, first in CONTRACT.items():
        assert load_saved(name, directory=QUERIES).columns[0] == first


@pytest.mark.parametrize("saved", SAVED, ids=NAMES)
def test_header(saved: SavedQuery) -> None:
    assert saved.title and saved.description and saved.columns
    assert "quote" in saved.columns, "every query returns an evidence quote column"
    assert len(set(saved.columns)) == len(saved.columns)
    for param in saved.params:
        assert param.type in PARAM_TYPES
        assert not param.required, f"{param.name}: give a default or mark it optional"
        assert param.description
        assert param.name not in saved.columns, f"param {param.name} would shadow a column"
        assert param.name not in RESERVED_PARAMS, f"{param.name} is reserved by kg serve"
        assert re.search(rf"[?$]{param.name}\b", saved.text), f"?{param.name} is never used"


def test_every_query_file_is_in_the_readme() -> None:
    readme = (QUERIES / "README.md").read_text("utf-8")
    rows = {m.group(1) for m in re.finditer(r"^\| `([\w.-]+)`", readme, re.M)}
    files = {p.stem for p in QUERIES.glob("*.rq")}
    assert files <= rows, f"missing from queries/README.md: {sorted(files - rows)}"
    assert rows <= files, f"in queries/README.md but not in queries/: {sorted(rows - files)}"
    for saved in SAVED:  # the table's columns cell matches the header
        line = next(l for l in readme.splitlines() if l.startswith(f"| `{saved.name}`"))
        assert line.rstrip(" |").endswith(", ".join(saved.columns)), saved.name


# -- every query on the seeds, both backends -------------------------------------------------

@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
@pytest.mark.parametrize("name", NAMES)
def test_runs_on_the_seeds_with_its_declared_columns(seeds, backend: str, name: str) -> None:
    result = run(seeds[backend], name)
    assert result.vars == list(load_saved(name, directory=QUERIES).columns)
    for row in result.rows:
        assert len(row) == len(result.vars)


@pytest.mark.parametrize("name", NAMES)
def test_backends_agree_on_the_seeds(seeds, name: str) -> None:
    assert canonical(run(seeds["memory"], name).rows) == canonical(run(seeds["oxigraph"], name).rows)


@pytest.mark.parametrize("name", [q.name for q in SAVED if q.params])
def test_params_bind_from_strings_even_hostile_ones(seeds, name: str) -> None:
    saved = load_saved(name, directory=QUERIES)
    explicit = {p.name: p.default for p in saved.params if p.default is not None}
    for store in seeds.values():
        assert run(store, name, **explicit).rows == run(store, name).rows  # defaults == given
        for param in saved.params:
            if param.type != "string":
                continue
            for value in HOSTILE:
                result = store.query(saved.text, bindings=bind_params(saved, {**explicit, param.name: value}))
                assert result.vars == list(saved.columns)
    assert run(seeds["oxigraph"], "personnel-events", name="x\" } ; DROP ALL").rows == []


@pytest.mark.parametrize("name", sorted(NAME_PARAMS))
def test_names_without_diacritics_on_both_backends(seeds, articles, name: str) -> None:
    for store in (*seeds.values(), articles):
        accented = run(store, name, **NAME_PARAMS[name])
        assert run(store, name, **unaccented(NAME_PARAMS[name])).rows == accented.rows
    assert accented.rows, f"{name}: no row on the seeds and test articles"


def test_every_query_strips_every_vietnamese_diacritic_the_same_way() -> None:
    letters = {unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưy"
               for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")} - set("aeiouy") | {"đ"}
    expected = {c: fold(c) for c in letters}
    folding = [q for q in SAVED if "REPLACE(REPLACE(" in q.text]
    assert {q.name for q in folding} >= set(NAME_PARAMS) | {"decisions-about"}
    for saved in folding:
        pairs = re.findall(r'"\[?([^"\]]+)\]?", "([a-z])"\)', saved.text)
        mapping = {c: letter for chars, letter in pairs for c in chars}
        assert mapping == expected, saved.name


# -- answers to the competency questions (seeds) ----------------------------------------------

def test_post_holders_on_a_date(seeds) -> None:
    for store in seeds.values():
        result = run(store, "post-holders")  # Bí thư, Tỉnh ủy Thái Nguyên, 2021-06-10 ± 365 days
        row = dict(zip(result.vars, result.rows[0]))
        assert str(row["name"]) == "Nguyễn Thanh Hải" and str(row["post"]) == "Bí thư Tỉnh ủy Thái Nguyên"
        assert str(row["doc"]) == "001_9e8ac96a2da67599"
        assert row["doc_date"] == Literal("2021-06-10", datatype=XSD.date)
        assert str(row["date_source"]) == "document date" and int(row["distance"]) == 0
        assert str(row["quote"]).startswith("Bí thư Tỉnh ủy")
        # case-insensitive role and organisation (preferred or alternative label)
        same = run(store, "post-holders", role="BÍ THƯ", organization="tỉnh ủy thái nguyên")
        assert same.rows == result.rows
        far = run(store, "post-holders", date="2023-06-10", days="364")
        assert far.rows == []
        near = run(store, "post-holders", date="2022-06-10", days="365")
        assert [int(r[result.vars.index("distance")]) for r in near.rows] == [365]


def test_person_career(seeds) -> None:
    for store in seeds.values():
        result = run(store, "person-career", name="trịnh việt hùng")
        assert set(column(result, "person")) == {"Trịnh Việt Hùng"}
        posts = set(column(result, "post"))
        assert {"Chủ tịch UBND tỉnh Thái Nguyên", "Phó Bí thư Tỉnh ủy Thái Nguyên"} <= posts
        assert set(column(result, "doc")) == {"003_67efde651a632140"}
        assert all(q for q in column(result, "quote"))


def test_decisions_about_a_topic_with_and_without_diacritics(seeds) -> None:
    for store in seeds.values():
        exact = run(store, "decisions-about", keyword="Giáo Dục")
        assert len(exact.rows) >= 2 and set(column(exact, "match")) == {"exact"}
        assert all("giáo dục" in d.lower() for d in column(exact, "decision"))
        folded = run(store, "decisions-about", keyword="giao duc")
        assert set(column(folded, "match")) == {"diacritics ignored"}
        assert sorted(column(folded, "decision")) == sorted(column(exact, "decision"))


def test_documents_citing_a_resolution(seeds) -> None:
    for store in seeds.values():
        full = run(store, "citing-documents")
        assert column(full, "doc") == ["001_9e8ac96a2da67599"]
        assert column(full, "cited_number") == ["49/2016/NQ-HĐND"]
        assert "49/2016/NQ-HĐND" in column(full, "quote")[0]
        for prefix in ("49/2016", "49", "49/2016/nq-hđnd"):
            assert run(store, "citing-documents", number=prefix).rows == full.rows
        assert run(store, "citing-documents", number="4").rows == []
        by_type = run(store, "citing-documents", number="", type="nghị quyết")
        assert len(by_type.rows) > len(full.rows)
        assert {r for r in column(by_type, "cited")} >= {"Nghị quyết số 49/2016/NQ-HĐND của HĐND tỉnh Thái Nguyên"}


def test_sessions_of_a_body_in_a_term(seeds) -> None:
    for store in seeds.values():
        result = run(store, "body-sessions")
        sessions = set(column(result, "session"))
        assert "Hội nghị Ban Chấp hành Đảng bộ tỉnh Thái Nguyên lần thứ 24, khóa XX" in sessions
        assert "Kế hoạch đầu tư công năm 2022" in column(result, "decision")
        assert {None} < set(column(result, "decision"))  # a row per session, then its decisions
        assert run(store, "body-sessions", term="XIV").rows == []
        council = run(store, "body-sessions", body="Hội đồng nhân dân tỉnh Thái Nguyên", term="xiv")
        assert {s.split(" lần")[0] for s in column(council, "session")} == {"Kỳ họp HĐND tỉnh Thái Nguyên"}


def test_people_sharing_sessions(seeds) -> None:
    for store in seeds.values():
        result = run(store, "co-attendees")
        assert {"Trịnh Việt Hùng", "Phạm Hoàng Sơn"} <= set(column(result, "person"))
        assert "Nguyễn Thanh Hải" not in column(result, "person")
        pairs = run(store, "co-attendance", min_shared="1")
        assert ("Nguyễn Thanh Hải" in column(pairs, "person_a") + column(pairs, "person_b"))
        assert all(int(n) >= 1 for n in column(pairs, "shared_sessions"))


def test_what_two_people_have_in_common(seeds) -> None:
    """compare-persons, the saved query of the compare page: names typed without diacritics."""
    for store in seeds.values():
        result = run(store, "compare-persons", a="nguyen thanh hai", b="TRINH VIET HUNG")
        rows = {(r[0], r[1]): dict(zip(result.vars, r)) for r in map(lambda r: tuple(map(str, r)), result.rows)}
        session = rows[("shared session", "Hội nghị Ban Chấp hành Đảng bộ tỉnh Thái Nguyên lần thứ 12, khóa XX")]
        assert session["quote"] == "Nguyễn Thanh Hải" and session["b_quote"] == "Trịnh Việt Hùng"
        assert session["doc"].startswith("003_") and session["b_doc"].startswith("003_")
        body = rows[("shared body", "Tỉnh ủy Thái Nguyên")]
        assert (body["quote"], body["b_quote"]) == ("Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy")
        assert run(store, "compare-persons", a="nguyen thanh hai", b="nguyen thanh hai").rows == []


def test_organisations_and_parents(seeds) -> None:
    for store in seeds.values():
        result = run(store, "org-hierarchy")
        rows = {r[0]: dict(zip(result.vars, r)) for r in map(lambda r: tuple(map(str, r)), result.rows)}
        assert rows["Tỉnh ủy Thái Nguyên"]["parent"] == "Đảng bộ tỉnh Thái Nguyên"
        assert rows["Tỉnh ủy Thái Nguyên"]["kind"] == "PartyCommittee"
        assert rows["UBND tỉnh Thái Nguyên"]["kind"] == "PeoplesCommittee"


# -- the synthetic graph: what the five seed articles lack -------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_every_query_answers_on_seeds_or_synthetic(seeds, synthetic, articles, name: str) -> None:
    rows = run(seeds["oxigraph"], name).rows or run(synthetic["oxigraph"], name).rows \
        or run(articles, name).rows
    assert rows, f"{name} returns nothing on either test graph"


@pytest.mark.parametrize("name", NAMES)
def test_backends_agree_on_synthetic_data(synthetic, name: str) -> None:
    assert canonical(run(synthetic["memory"], name).rows) == canonical(run(synthetic["oxigraph"], name).rows)


def test_personnel_events_and_multi_province_officials(synthetic) -> None:
    store = synthetic["oxigraph"]
    events = run(store, "personnel-events")
    kinds = set(column(events, "event"))
    assert kinds and kinds <= {"Election", "Appointment", "Dismissal", "Retirement", "Transfer", "Designation"}
    one = sorted(kinds)[0]
    assert set(column(run(store, "personnel-events", kind=one.upper()), "event")) == {one}
    movers = run(store, "multi-province-officials")
    assert movers.rows and all(int(n) >= 2 for n in column(movers, "provinces"))
    for names in column(movers, "province_names"):
        assert len(names.split(", ")) >= 2
    chairs = run(store, "busiest-chairs")
    counts = [int(n) for n in column(chairs, "sessions")]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1
    per_year = run(store, "sessions-per-year")
    assert sum(int(n) for n in column(per_year, "by_session_date")) > 0
    assert sum(int(n) for n in column(per_year, "by_document_date")) > 0


# -- how parameters reach the embedded store --------------------------------------------------

def test_parameters_become_constants_only_where_that_is_safe() -> None:
    from rdflib import BNode, URIRef

    from kg.store.values import substitute

    b = {"v": Literal('say "hi" } ?v'), "o": URIRef("http://example.org/o")}
    text = substitute('SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?v) || STR(?o) = ?v) } # ?v', b)
    assert text == ('SELECT ?s WHERE { ?s ?p <http://example.org/o> FILTER(!true || STR(<http://example.org/o>) = '
                    '"say \\"hi\\" } ?v") } # ?v')
    for unsafe in ("SELECT ?v WHERE { ?s ?p ?v }", "SELECT * WHERE { ?s ?p ?v }",
                   "SELECT ?s WHERE { BIND(1 AS ?v) }", "SELECT ?s WHERE { VALUES ?v { 1 } }",
                   "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?v } } }"):
        assert substitute(unsafe, b) is None, unsafe
    assert substitute("SELECT ?s WHERE { ?s ?p ?v }", {"v": BNode("b")}) is None


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_values(seeds, value: str) -> None:
    text = "SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n FILTER(?n = ?v || CONTAINS(?n, \"Hùng\")) }"
    for store in seeds.values():
        rows = store.query(text, bindings={"v": Literal(value)}).rows
        assert {str(r[0]) for r in rows} == {"Trịnh Việt Hùng"}


def test_sparqlwrapper_reads_every_saved_query_as_the_form_it_is() -> None:
    """SPARQLWrapper guesses a query's form from its first keyword, comments included: a word
    such as "copy" or "drop" in a comment made it send a saved query as an update."""
    from SPARQLWrapper import SPARQLWrapper

    from kg.store.values import query_form

    for saved in list_saved():
        client = SPARQLWrapper("http://127.0.0.1:9/query")
        client.setQuery(saved.text)
        assert client.queryType == query_form(saved.text), saved.name
