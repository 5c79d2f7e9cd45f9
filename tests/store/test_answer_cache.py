"""The answers a read-only embedded store keeps beside itself (kg.store.cache): the same rows
as an evaluation, and never an answer of another state of the store."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.store import cache
from kg.store.oxigraph import OxigraphStore

KG = Namespace("https://w3id.org/kg-vn/def#")
R = Namespace("https://w3id.org/kg-vn/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
QUERY = f"""PREFIX kg: <{KG}> PREFIX rdfs: <{RDFS}>
SELECT ?p ?label ?count ?note WHERE {{
  ?p a kg:Person ; rdfs:label ?label .
  OPTIONAL {{ ?p kg:mentions ?count }}
  OPTIONAL {{ ?p rdfs:comment ?note }}
}} ORDER BY ?label"""
LABELS = ["Nguyễn Văn An", 'Trần "Bình"', "Lê\tThị\nCúc", "back\\slash }", "Phạm Đức Dũng"]


def person(slug: str, label: str, count: int | None = None, note=None) -> Graph:
    g = Graph()
    g.add((R[f"person/{slug}"], RDF.type, KG.Person))
    g.add((R[f"person/{slug}"], RDFS.label, Literal(label, lang="vi")))
    if count is not None:
        g.add((R[f"person/{slug}"], KG.mentions, Literal(count, datatype=XSD.integer)))
    if note is not None:
        g.add((R[f"person/{slug}"], RDFS.comment, note))
    return g


@pytest.fixture
def location(tmp_path: Path) -> Path:
    where = tmp_path / "store"
    with OxigraphStore(where) as store:
        for i, label in enumerate(LABELS):
            note = Literal("ghi chú") if i == 1 else Literal("2024-05-01", datatype=XSD.date) if i == 2 else None
            store.replace_document(f"doc{i}", person(f"p{i}", label, count=i if i % 2 else None, note=note))
    return where


@pytest.fixture
def keep_all(monkeypatch):
    monkeypatch.setattr(cache, "SLOW_SECONDS", 0.0)  # these small queries are fast


def labels(result) -> list[str]:
    return [str(row[1]) for row in result.rows]


def test_a_kept_answer_has_the_rows_of_an_evaluation(location, keep_all, monkeypatch):
    evaluated = OxigraphStore(location, read_only=True, keep_answers=False).query(QUERY)
    assert not (location / cache.FOLDER).exists()
    first = OxigraphStore(location, read_only=True)
    assert first.query(QUERY).rows == evaluated.rows
    assert first.answers.stores == 1 and len(list((location / cache.FOLDER).glob("*.tsv"))) == 1

    def no_evaluation(*args, **kwargs):
        raise AssertionError("evaluated, although the answer was kept")

    again = OxigraphStore(location, read_only=True)
    monkeypatch.setattr(again, "_run", no_evaluation)
    kept = again.query(QUERY)
    assert again.answers.hits == 1
    assert kept.vars == evaluated.vars and kept.rows == evaluated.rows
    # types survive: language tags, integers, dates, unbound values, hostile characters
    assert labels(kept) == sorted(LABELS)
    assert {row[1].language for row in kept.rows} == {"vi"}
    assert sorted(int(row[2]) for row in kept.rows if row[2] is not None) == [1, 3]
    assert {row[3].datatype for row in kept.rows if row[3] is not None} == {None, XSD.date}
    assert sum(row[3] is None for row in kept.rows) == 3


def test_a_write_makes_the_kept_answer_stale(location, keep_all):
    OxigraphStore(location, read_only=True).query(QUERY)
    with OxigraphStore(location) as store:
        store.replace_document("doc9", person("p9", "Hoàng Văn Em"))
    fresh = OxigraphStore(location, read_only=True)
    assert "Hoàng Văn Em" in labels(fresh.query(QUERY))
    assert fresh.answers.hits == 0 and fresh.answers.stores == 1
    assert len(list((location / cache.FOLDER).glob("*.tsv"))) == 1  # the stale answer is gone


def test_opening_read_write_alone_is_enough_to_drop_a_kept_answer(location, keep_all):
    OxigraphStore(location, read_only=True).query(QUERY)
    OxigraphStore(location).close()  # nothing written, but a new log: treated as a change
    fresh = OxigraphStore(location, read_only=True)
    fresh.query(QUERY)
    assert fresh.answers.hits == 0


def test_a_handle_older_than_the_store_neither_reads_nor_keeps(location, keep_all):
    old = OxigraphStore(location, read_only=True)  # sees the store as it is now
    old.query(QUERY)
    with OxigraphStore(location) as store:  # another writer, while the old handle is open
        store.replace_document("doc9", person("p9", "Hoàng Văn Em"))
        store.remove_document("doc0")
    answer = old.query(QUERY)
    assert old.answers.hits == 0 and old.answers.stores == 1
    assert labels(answer) == sorted(LABELS)  # its own snapshot, evaluated
    new = OxigraphStore(location, read_only=True)
    rows = labels(new.query(QUERY))
    assert new.answers.hits == 0
    assert "Hoàng Văn Em" in rows and "Nguyễn Văn An" not in rows


def test_parameters_limits_and_texts_have_answers_of_their_own(location, keep_all):
    store = OxigraphStore(location, read_only=True)
    one = store.query(QUERY, bindings={"label": Literal(LABELS[0], lang="vi")})
    other = store.query(QUERY, bindings={"label": Literal(LABELS[4], lang="vi")})
    limited = store.query(QUERY, limit=2)
    assert labels(one) == [LABELS[0]] and labels(other) == [LABELS[4]] and len(limited.rows) == 2
    assert store.answers.stores == 3
    assert len(store.query(QUERY, limit=100).rows) == len(LABELS)  # whole: kept without its limit
    assert store.answers.stores == 4
    again = OxigraphStore(location, read_only=True)
    assert labels(again.query(QUERY, bindings={"label": Literal(LABELS[4], lang="vi")})) == [LABELS[4]]
    assert len(again.query(QUERY, limit=2).rows) == 2
    assert len(again.query(QUERY).rows) == len(LABELS)  # the answer kept with limit 100
    assert labels(again.query(QUERY, limit=4)) == sorted(LABELS)[:4]  # cut from the whole one
    assert again.answers.hits == 4


def test_fast_queries_ask_and_construct_are_not_kept(location, monkeypatch):
    store = OxigraphStore(location, read_only=True)
    store.query(QUERY)  # well under SLOW_SECONDS on five documents
    monkeypatch.setattr(cache, "SLOW_SECONDS", 0.0)
    assert store.query(f"ASK {{ ?s a <{KG.Person}> }}").boolean is True
    assert len(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph) > 0
    assert not (location / cache.FOLDER).exists()


def test_the_folder_stays_within_its_bounds(location, keep_all, monkeypatch):
    store = OxigraphStore(location, read_only=True)
    monkeypatch.setattr(cache, "MAX_ANSWER_BYTES", 100)  # the whole listing is bigger
    store.query(QUERY)
    assert store.answers.stores == 0
    monkeypatch.setattr(cache, "MAX_ANSWER_BYTES", 64 << 20)
    monkeypatch.setattr(cache, "MAX_FOLDER_BYTES", 1)  # room for the newest answer only
    for limit in (1, 2, 3):
        store.query(QUERY, limit=limit)
    assert store.answers.stores == 3
    (newest,) = (location / cache.FOLDER).glob("*.tsv")
    assert newest.read_text(encoding="utf-8").count("\n") == 1 + 3  # the header and three rows


@pytest.mark.parametrize("call", ["NOW()", "rand()", "UUID()", "STRUUID()", "BNODE()"])
def test_answers_that_are_not_a_function_of_the_data_are_not_kept(location, keep_all, call):
    text = QUERY.replace("SELECT ?p ?label", f"SELECT ?p ?label ({call} AS ?x)")
    store = OxigraphStore(location, read_only=True)
    assert len(store.query(text).rows) == len(LABELS)
    assert store.answers.stores == 0 and not (location / cache.FOLDER).exists()


def test_a_damaged_answer_is_evaluated_again(location, keep_all):
    OxigraphStore(location, read_only=True).query(QUERY)
    (kept,) = (location / cache.FOLDER).glob("*.tsv")
    kept.write_text("?p\t?label\n<not closed\t\"x\n", encoding="utf-8")
    again = OxigraphStore(location, read_only=True)
    assert labels(again.query(QUERY)) == sorted(LABELS)
    assert again.answers.hits == 0


def test_a_store_that_cannot_keep_answers_still_answers(location, keep_all):
    (location / cache.FOLDER).write_text("a file where the folder would be")
    store = OxigraphStore(location, read_only=True)
    assert labels(store.query(QUERY)) == sorted(LABELS)
    assert store.answers.stores == 0


def test_read_write_and_memory_handles_keep_nothing(location, keep_all):
    with OxigraphStore(location) as store:
        store.query(QUERY)
        assert store.answers is None
    assert OxigraphStore(None, read_only=False).answers is None
    assert not (location / cache.FOLDER).exists()


def test_kg_query_keeps_answers_unless_told_not_to(location, keep_all, tmp_path):
    rq = tmp_path / "people.rq"
    rq.write_text(QUERY, encoding="utf-8")
    runner = CliRunner()
    fresh = runner.invoke(main, ["query", str(rq), "--store", str(location), "--format", "csv", "--no-cache"])
    assert fresh.exit_code == 0, fresh.output
    assert not (location / cache.FOLDER).exists()
    first = runner.invoke(main, ["query", str(rq), "--store", str(location), "--format", "csv"])
    assert len(list((location / cache.FOLDER).glob("*.tsv"))) == 1
    kept = runner.invoke(main, ["query", str(rq), "--store", str(location), "--format", "csv"])
    assert fresh.output == first.output == kept.output
    assert "Phạm Đức Dũng" in kept.output


def test_kg_build_warm_keeps_the_saved_listings(tmp_path, keep_all, monkeypatch):
    from kg.queries import list_saved
    from kg.resources import data_dir

    location = tmp_path / "seeds"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(data_dir() / "corpus"), "--store", str(location),
                                 "--jobs", "1", "--warm"])
    assert built.exit_code == 0, built.output
    free = [q.name for q in list_saved() if not any(p.required for p in q.params)]
    assert f"kept the answers of {len(free)} slow saved queries" in built.output
    assert len(list((location / cache.FOLDER).glob("*.tsv"))) == len(free)
    fresh = runner.invoke(main, ["query", "positions", "--store", str(location), "--format", "tsv", "--no-cache"])

    def no_evaluation(*args, **kwargs):
        raise AssertionError("evaluated, although the build kept the answer")

    monkeypatch.setattr(OxigraphStore, "_run", no_evaluation)
    kept = runner.invoke(main, ["query", "positions", "--store", str(location), "--format", "tsv"])
    assert kept.exit_code == 0, kept.output
    assert kept.output == fresh.output and "Trịnh Việt Hùng" in kept.output


def test_kg_serve_reads_the_whole_kept_answer(location, keep_all):
    import json
    import threading
    import urllib.parse
    import urllib.request

    from kg.serve import Settings, make_server

    OxigraphStore(location, read_only=True).query(QUERY)  # kept whole, without a limit
    (kept,) = (location / cache.FOLDER).glob("*.tsv")
    # mark the kept answer, so that the server's rows show where they came from
    kept.write_text(kept.read_text(encoding="utf-8").replace("Phạm Đức Dũng", "Phạm Đức Dũng (kept)"),
                    encoding="utf-8")
    server = make_server(Settings(location, port=0, timeout=20, max_rows=3, workers=1, quiet=True))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = server.url + "sparql?" + urllib.parse.urlencode({"query": QUERY})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            truncated = reply.headers.get("X-Kg-Truncated")
            data = json.loads(reply.read())
    finally:
        server.close()
        thread.join(5)
    names = [b["label"]["value"] for b in data["results"]["bindings"]]
    # max_rows 3: the server asks for 4 rows and gets the first 4 of the whole kept answer
    assert truncated == "true" and len(names) == 3
    assert names == sorted(LABELS)[:2] + ["Phạm Đức Dũng (kept)"]
