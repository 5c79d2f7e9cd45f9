"""The `kg` command on a store built from the seed corpus: build, stats, queries, query (every
format, every saved query with its parameters), export (RDF, CSV tables, GraphML/GEXF), and
one-line errors."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from kg.queries import list_saved
from unaccented import NAME_PARAMS, NOT_NAMES, unaccented

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
TRINH = "Trịnh Việt Hùng,Chủ tịch,UBND tỉnh Thái Nguyên,003_67efde651a632140"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(where)])
    assert result.exit_code == 0, result.output
    assert "5 document(s) read, 0 skipped" in result.stdout
    return where


def kg(*args: str, store: Path | None = None):
    argv = list(args) + (["--store", str(store)] if store else [])
    return CliRunner().invoke(main, argv)


def one_line_error(result, *fragments: str) -> str:
    assert result.exit_code != 0
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in message, message
    return message


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# -- build, stats, queries ------------------------------------------------------------------

def test_stats(store: Path) -> None:
    result = kg("stats", store=store)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"store: \d+ triples in 6 named graphs \(5 documents and the derived graph\)", lines[0])
    counts = dict(line.split() for line in lines[1:])
    assert int(counts["Person"]) >= 4 and int(counts["SourceDocument"]) == 5
    assert int(counts["Decision"]) >= 1 and int(counts["Evidence"]) > 50


def test_build_stats_and_export_count_the_triples_alike(tmp_path: Path) -> None:
    where = tmp_path / "store"
    built = kg("build", str(CORPUS), "--store", str(where))
    line = built.stdout.splitlines()[1]
    assert re.fullmatch(r"store: \d+ triples in 6 named graphs \(5 documents and the derived graph\)", line)
    assert kg("stats", store=where).stdout.splitlines()[0] == line
    for fmt in ("nquads", "turtle"):
        exported = kg("export", "--format", fmt, store=where)
        assert exported.stderr.splitlines() == [line]
    nquads = kg("export", "--format", "nquads", store=where).stdout
    assert len(nquads.splitlines()) == int(line.split()[1])  # a triple once per graph stating it
    written = kg("export", "--format", "trig", "--out", str(tmp_path / "kg.trig"), store=where).stderr
    assert written.splitlines() == [line, f"wrote trig to {tmp_path / 'kg.trig'}"]
    again = kg("build", str(sorted(CORPUS.glob("*.txt"))[0]), "--store", str(where))
    assert again.stdout.splitlines() == ["1 document(s) read, 0 skipped", line]  # the store, not the run


def test_rebuild_gives_the_same_graph(store: Path) -> None:
    before = kg("export", "--format", "nquads", store=store).stdout
    assert kg("build", str(CORPUS), store=store).exit_code == 0
    assert kg("export", "--format", "nquads", store=store).stdout == before


def test_queries_lists_every_saved_query_with_its_parameters_and_defaults() -> None:
    result = kg("queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for saved in list_saved():
        at = lines.index(next(l for l in lines if l.split()[0] == saved.name))
        assert saved.title in lines[at]
        listed = lines[at + 1:at + 1 + len(saved.params)]
        for param, line in zip(saved.params, listed):
            given = f"default: {param.default}" if param.default is not None else "optional"
            assert line == f"    {param.name} ({param.type}, {given}): {param.description}"
    assert "    role (string, default: Bí thư): bare title, e.g. Chủ tịch, Phó Bí thư Thường trực" in lines


def test_a_query_run_with_defaults_says_which(store: Path) -> None:
    result = kg("query", "post-holders", "--param", "days=30", "--format", "csv", store=store)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("post-holders: using the defaults --param role='Bí thư' --param "
                             "organization='Tỉnh ủy Thái Nguyên' --param date=2021-06-10\n")
    assert csv_rows(result.stdout)[0][0] == "name"  # stdout is the csv alone
    one = kg("query", "career-timeline", "--format", "json", store=store)
    assert one.stderr == "career-timeline: using the default --param name='Trịnh Việt Hùng'\n"
    assert json.loads(one.stdout)["results"]["bindings"]
    given = kg("query", "career-timeline", "--param", "name=Trịnh Việt Hùng", store=store)
    assert given.exit_code == 0 and given.stderr == ""
    assert kg("query", "positions", store=store).stderr == ""  # no parameter, nothing to say


# -- query ------------------------------------------------------------------------------------

def test_query_positions_as_csv(store: Path) -> None:
    result = kg("query", "positions", "--format", "csv", store=store)
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert rows[0] == ["name", "role", "organization", "doc", "quote"]
    assert TRINH.split(",") in [r[:4] for r in rows]
    assert TRINH in result.stdout


def test_query_formats(store: Path) -> None:
    table = kg("query", "positions", store=store).stdout.splitlines()
    assert table[0].split() == ["name", "role", "organization", "doc", "quote"]
    assert set(table[1]) <= {"-", " "} and table[-1].endswith("rows)")
    tsv = kg("query", "positions", "--format", "tsv", store=store).stdout.splitlines()
    assert tsv[0] == "?name\t?role\t?organization\t?doc\t?quote"
    assert any(line.startswith('"Trịnh Việt Hùng"\t"Chủ tịch"\t"UBND tỉnh Thái Nguyên"\t"003_67efde651a632140"\t')
               for line in tsv)
    data = json.loads(kg("query", "positions", "--format", "json", store=store).stdout)
    assert data["head"]["vars"] == ["name", "role", "organization", "doc", "quote"]
    first = data["results"]["bindings"][0]
    assert first["name"]["type"] == "literal"
    limited = json.loads(kg("query", "positions", "--format", "json", "--limit", "2", store=store).stdout)
    assert len(limited["results"]["bindings"]) == 2


def test_query_inline_sparql_and_a_file(store: Path, tmp_path: Path) -> None:
    text = "PREFIX kg: <https://w3id.org/kg-vn/def#>\nSELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:SourceDocument }"
    assert kg("query", text, "--format", "csv", store=store).stdout.splitlines() == ["n", "5"]
    path = tmp_path / "docs.rq"
    path.write_text("#+ title: Documents\n" + text + "\n", "utf-8")
    assert kg("query", str(path), "--format", "csv", store=store).stdout.splitlines() == ["n", "5"]


def test_query_with_params(store: Path) -> None:
    result = kg("query", "person-career", "--param", "name=Phạm Hoàng Sơn", "--format", "csv", store=store)
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert rows[0] == ["person", "post", "event", "doc", "date", "date_source", "quote"]
    assert {r[0] for r in rows[1:]} == {"Phạm Hoàng Sơn"}
    assert ["Phạm Hoàng Sơn", "Chủ tịch HĐND tỉnh Thái Nguyên"] in [r[:2] for r in rows]
    holders = kg("query", "post-holders", "--param", "role=Bí thư", "--param", "organization=Tỉnh ủy Thái Nguyên",
                 "--param", "date=2021-06-10", "--param", "days=30", "--format", "csv", store=store)
    assert csv_rows(holders.stdout)[1][:3] == ["Nguyễn Thanh Hải", "Bí thư Tỉnh ủy Thái Nguyên", "001_9e8ac96a2da67599"]
    hostile = kg("query", "person-career", "--param", 'name=" } ; DROP ALL ; #', "--format", "csv", store=store)
    assert hostile.exit_code == 0 and csv_rows(hostile.stdout) == [rows[0]]


@pytest.mark.parametrize("saved", list_saved(), ids=lambda q: q.name)
def test_every_saved_query_through_the_command(store: Path, saved) -> None:
    params = [arg for p in saved.params if p.default is not None for arg in ("--param", f"{p.name}={p.default}")]
    result = kg("query", saved.name, *params, "--format", "csv", store=store)
    assert result.exit_code == 0, result.output
    assert csv_rows(result.stdout)[0] == list(saved.columns)


@pytest.fixture(scope="module")
def articles_store(tmp_path_factory) -> Path:
    """The seeds and the project's test articles (personnel events and successions are there)."""
    where = tmp_path_factory.mktemp("cli-articles") / "store"
    result = CliRunner().invoke(main, ["build", str(CORPUS), str(ROOT / "tests" / "fixtures" / "articles"),
                                       "--store", str(where)])
    assert result.exit_code == 0, result.output
    return where


def params_args(params: dict[str, str]) -> list[str]:
    return [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]


@pytest.mark.parametrize("name", sorted(NAME_PARAMS))
def test_names_and_titles_match_without_diacritics(articles_store: Path, name: str) -> None:
    accented = kg("query", name, *params_args(NAME_PARAMS[name]), "--format", "csv", store=articles_store)
    plain = kg("query", name, *params_args(unaccented(NAME_PARAMS[name])), "--format", "csv", store=articles_store)
    assert accented.exit_code == 0 and plain.exit_code == 0, accented.output + plain.output
    assert len(csv_rows(accented.stdout)) > 1
    assert plain.stdout == accented.stdout


def test_a_value_typed_with_diacritics_matches_only_those(store: Path) -> None:
    found = kg("query", "career-timeline", "--param", "name=nguyen thanh hai", "--format", "csv", store=store)
    assert {r[0] for r in csv_rows(found.stdout)[1:]} == {"Nguyễn Thanh Hải"}
    for other_tones in ("Nguyễn Thanh Hài", "Nguyễn Thành Hải"):  # other names, not other spellings
        result = kg("query", "career-timeline", "--param", f"name={other_tones}", "--format", "csv", store=store)
        assert csv_rows(result.stdout)[1:] == []


def test_every_name_or_title_parameter_is_tested_without_diacritics() -> None:
    for saved in list_saved():
        for param in saved.params:
            if param.type == "string" and (saved.name, param.name) not in NOT_NAMES:
                assert param.name in NAME_PARAMS.get(saved.name, {}), f"{saved.name}: {param.name}"


# -- one-line errors ------------------------------------------------------------------------------

def test_malformed_sparql_is_one_line_with_position(store: Path) -> None:
    result = kg("query", "SELECT ?x\nWHERE { ?x ?y }", store=store)
    one_line_error(result, "line 2, column")


def test_missing_query_file(store: Path) -> None:
    one_line_error(kg("query", "no/such/file.rq", store=store), "no/such/file.rq", "no such query file")
    one_line_error(kg("query", "no-such-query", store=store), "no saved query of that name", "positions")


def test_params_errors(store: Path) -> None:
    one_line_error(kg("query", "positions", "--param", "bogus=1", store=store), "unknown param bogus")
    one_line_error(kg("query", "person-career", "--param", "name", store=store), "expected KEY=VALUE")
    one_line_error(kg("query", "post-holders", "--param", "date=10/06/2021", store=store), "not a date")
    one_line_error(kg("query", "post-holders", "--param", "days=many", store=store), "not an integer")


def test_missing_inputs(tmp_path: Path) -> None:
    one_line_error(kg("build", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s")), "no such file or folder")
    one_line_error(kg("export", "--format", "csv", "--store", str(tmp_path / "s2")), "--out")


READERS = [["query", "persons"], ["view"], ["export"], ["export", "--format", "nquads"], ["stats"],
           ["validate"], ["serve", "--port", "0"]]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c))
def test_a_command_that_reads_a_missing_store_says_so_and_creates_nothing(tmp_path: Path, command) -> None:
    where = tmp_path / "typo" / "store"
    out = ["--out", str(tmp_path / "out")] if command[0] in ("view", "export") else []
    result = kg(*command, *out, "--store", str(where))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no store at {where}; build one with kg build\n"
    assert result.stdout == ""
    assert sorted(tmp_path.iterdir()) == []


def test_the_default_store_when_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.setattr("kg.resources.repo_root", lambda: tmp_path)
    for command in (["query", "SELECT * WHERE { ?s ?p ?o }"], ["stats"]):  # (no queries/ there)
        result = kg(*command)
        assert result.exit_code == 1
        assert result.stderr == f"Error: no store at {tmp_path / 'data' / 'store'}; build one with kg build\n"
    assert sorted(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    result = kg("query", "persons", "--store", str(CORPUS))
    one_line_error(result, f"no store at {CORPUS}; build one with kg build")


# -- export -----------------------------------------------------------------------------------------

def test_export_rdf(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    assert kg("export", "--out", str(out), store=store).exit_code == 0
    graph = Graph().parse(out, format="turtle")
    assert len(graph) > 1000
    trig = kg("export", "--format", "trig", store=store)
    dataset = Dataset()
    dataset.parse(data=trig.stdout, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert "https://w3id.org/kg-vn/graph/003_67efde651a632140" in names


def test_export_csv_tables(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    result = kg("export", "--format", "csv", "--out", str(folder), store=store)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "citations.csv", "decisions.csv", "persons.csv", "positions.csv", "sessions.csv"]
    assert TRINH in (folder / "positions.csv").read_text("utf-8")
    assert csv_rows((folder / "persons.csv").read_text("utf-8"))[0] == ["name", "doc", "quote"]
    decisions = csv_rows((folder / "decisions.csv").read_text("utf-8"))
    assert decisions[0][:3] == ["session", "title", "status"] and {r[2] for r in decisions[1:]} <= {"approved", "discussed"}
    again = tmp_path / "again"
    kg("export", "--format", "csv", "--out", str(again), store=store)
    for name in ("positions.csv", "sessions.csv", "citations.csv"):
        assert (again / name).read_bytes() == (folder / name).read_bytes()
    (tmp_path / "file").write_text("x")
    one_line_error(kg("export", "--format", "csv", "--out", str(tmp_path / "file"), store=store), "not a folder")


def test_export_networks_for_gephi(store: Path, tmp_path: Path) -> None:
    graphml = tmp_path / "kg.graphml"
    assert kg("export", "--format", "graphml", "--out", str(graphml), store=store).exit_code == 0
    network = nx.read_graphml(graphml)
    labels = {d.get("label") for _, d in network.nodes(data=True)}
    assert {"Trịnh Việt Hùng", "UBND tỉnh Thái Nguyên"} <= labels
    assert network.number_of_edges() > 10
    gexf = tmp_path / "co.gexf"
    result = kg("export", "--format", "gexf", "--network", "co-attendance", "--out", str(gexf), store=store)
    assert result.exit_code == 0, result.output
    co = nx.read_gexf(gexf)
    assert {d.get("label") for _, d in co.nodes(data=True)} >= {"Nguyễn Thanh Hải", "Trịnh Việt Hùng"}
    assert all(d.get("weight", 1) >= 1 for _, _, d in co.edges(data=True))
    again = tmp_path / "again.graphml"
    kg("export", "--format", "graphml", "--out", str(again), store=store)
    assert again.read_bytes() == graphml.read_bytes()
    one_line_error(kg("export", "--format", "gexf", store=store), "needs --out")
