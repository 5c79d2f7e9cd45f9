"""One contract for every store backend: oxigraph (tmp dir), memory, and sparql against a
real Oxigraph server started for the session."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import InputError, QueryError, QueryTimeout, StoreError
from kg.store import BACKENDS, Store, open_store
from kg.store.base import run_with_timeout
from kg.store.folder import write_marker
from kg.store.sparql import derive_urls
from kg.store.values import inject_values
from servers import free_port, stop, wait_until_up

KG = Namespace("https://w3id.org/kg-vn/def#")
R = Namespace("https://w3id.org/kg-vn/id/")
PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <{RDFS}>\n"
HOSTILE = ['a "quoted" word', "brace } and { more", '"; DROP ALL; #', "two\nlines\r\n",
           "back\\slash '''x'''", '""" long', "<http://evil/> . }"]


def person(slug: str, label: str, count: int = 1) -> Graph:
    g = Graph()
    g.add((R[f"person/{slug}"], RDF.type, KG.Person))
    g.add((R[f"person/{slug}"], RDFS.label, Literal(label, lang="vi")))
    g.add((R[f"person/{slug}"], KG.mentions, Literal(count)))
    return g


def labels(store: Store) -> set[str]:
    result = store.query(PREFIXES + "SELECT DISTINCT ?l WHERE { ?p a kg:Person ; rdfs:label ?l }")
    return {str(row[0]) for row in result.rows}


# -- fixtures ---------------------------------------------------------------------------

def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("no `oxigraph` server binary (pip install oxigraph): sparql backend not tested")
    base = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = open(base / "server.log", "wb")
    process = subprocess.Popen([binary, "serve", "--location", str(base / "db"),
                                "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/query"
    try:
        exited = lambda: pytest.fail(f"oxigraph server exited: {(base / 'server.log').read_text(errors='replace')}")  # noqa: E731
        if not wait_until_up(url, process, exited, 30):
            pytest.fail("oxigraph server did not answer within 30 s")
        yield url
    finally:
        stop(process, log, 10)


def _open(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if backend == "sparql":
        store = open_store(endpoint=request.getfixturevalue("oxigraph_server"))
        for doc_id in store.document_ids():
            store.remove_document(doc_id)
        return store
    return open_store(tmp_path / "store", backend=backend)


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path):
    store = _open(request.param, request, tmp_path)
    yield store
    store.close()


# -- the contract -----------------------------------------------------------------------

def test_replace_then_union_query_sees_triples(store: Store) -> None:
    assert store.replace_document("doc-a", person("a", "Nguyễn Văn A")) == 3
    store.replace_document("doc-b", person("b", "Trần Thị B"))
    assert labels(store) == {"Nguyễn Văn A", "Trần Thị B"}
    assert store.document_ids() == ["doc-a", "doc-b"]
    assert store.triple_count() == 6


def test_contents_counts_each_graphs_triples(store: Store) -> None:
    store.replace_document("doc-a", person("a", "Nguyễn Văn A"))
    store.replace_document("doc-b", person("a", "Nguyễn Văn A") + person("b", "Trần Thị B"))
    store.replace_document("_derived", person("a", "Nguyễn Văn A"))
    assert store.contents() == "12 triples in 3 named graphs (2 documents and the derived graph)"


def test_oxigraph_counts_no_triple_of_the_default_graph() -> None:
    import pyoxigraph as ox

    from kg.store.oxigraph import OxigraphStore

    with OxigraphStore(None) as store:
        store.replace_document("doc-a", person("a", "Nguyễn Văn A"))
        store._store.add(ox.Quad(ox.NamedNode(R["x"]), ox.NamedNode(RDFS.label), ox.Literal("x")))
        assert len(store._store) == 4 and store.triple_count() == 3


def test_replacing_twice_keeps_only_the_second_graph(store: Store) -> None:
    store.replace_document("doc-a", person("a", "Nguyễn Văn A"))
    store.replace_document("doc-a", person("c", "Lê Văn C"))
    assert labels(store) == {"Lê Văn C"}
    assert store.triple_count() == 3


def test_remove_keeps_triples_another_document_states(store: Store) -> None:
    store.replace_document("doc-a", person("a", "Nguyễn Văn A") + person("b", "Trần Thị B"))
    store.replace_document("doc-b", person("b", "Trần Thị B"))
    store.remove_document("doc-a")
    store.remove_document("never-stored")
    assert labels(store) == {"Trần Thị B"}
    assert store.document_ids() == ["doc-b"]


def test_query_kinds_limit_and_dataset(store: Store) -> None:
    store.replace_document("doc-a", person("a", "A") + person("b", "B"))
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    construct = store.query(PREFIXES + "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p rdfs:label ?l }")
    assert construct.kind == "construct" and len(construct.graph) == 2
    assert len(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=2).rows) == 2
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }", timeout=30).rows) == 6
    dataset = store.dataset()
    graph = dataset.graph(URIRef("https://w3id.org/kg-vn/graph/doc-a"))
    assert len(graph) == 6


BOUND_QUERY = PREFIXES + textwrap.dedent("""\
    SELECT ?p ?name ?n WHERE {
      ?p rdfs:label ?l ; kg:mentions ?n .
      FILTER(STR(?l) = ?name)
      OPTIONAL { ?p kg:alias ?alias }
    } ORDER BY ?p""")


def test_bindings_give_the_same_rows(store: Store) -> None:
    store.replace_document("doc-a", person("a", "Nguyễn Văn A", 2) + person("b", "Trần Thị B", 5))
    result = store.query(BOUND_QUERY, bindings={"name": Literal("Trần Thị B")})
    assert result.vars == ["p", "name", "n"]
    assert result.rows == [(R["person/b"], Literal("Trần Thị B"), Literal(5))]
    by_iri = store.query(PREFIXES + "SELECT ?l WHERE { ?p rdfs:label ?l }",
                         bindings={"?p": R["person/a"]})
    assert by_iri.rows == [(Literal("Nguyễn Văn A", lang="vi"),)]


def test_all_backends_agree(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    answers = {}
    for backend in sorted(BACKENDS):
        with _open(backend, request, tmp_path / backend) as store:
            store.replace_document("d1", person("a", "A", 1) + person("b", "B", 2))
            store.replace_document("d2", person("b", "B", 3))
            result = store.query(PREFIXES + "SELECT DISTINCT ?p ?n WHERE { ?p kg:mentions ?n "
                                 "FILTER(?n >= ?min) } ORDER BY ?p ?n", bindings={"min": Literal(2)})
            answers[backend] = result.rows
    assert len({tuple(rows) for rows in answers.values()}) == 1, answers
    assert answers["memory"] == [(R["person/b"], Literal(2)), (R["person/b"], Literal(3))]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_binding_is_a_plain_literal(store: Store, hostile: str) -> None:
    g = person("a", "A")
    g.add((R["person/a"], KG.note, Literal(hostile)))
    store.replace_document("doc-a", g)
    store.replace_document("doc-b", person("b", "B"))
    query = PREFIXES + "SELECT ?p ?note WHERE { ?p kg:note ?note }"
    result = store.query(query, bindings={"note": Literal(hostile)})
    assert result.rows == [(R["person/a"], Literal(hostile))]
    assert store.query(query, bindings={"note": Literal(hostile + "x")}).rows == []
    unprojected = PREFIXES + "SELECT ?p WHERE { ?p kg:note ?note }"
    assert store.query(unprojected, bindings={"note": Literal(hostile)}).rows == [(R["person/a"],)]
    ask = "ASK { ?p ?q ?note }"
    assert store.query(ask, bindings={"note": Literal(hostile)}).boolean is True
    assert store.triple_count() == 7 and store.document_ids() == ["doc-a", "doc-b"]


def test_select_text_gives_lexical_forms_and_empty_for_unbound(store: Store) -> None:
    """What the views read at scale: every backend gives the same rows of text, whatever the
    literal holds (commas, quotes, line breaks, control characters)."""
    g = person("a", "Nguyễn Văn A", 7)
    for i, text in enumerate(HOSTILE + ["a,b", "bell \x07 and \u2028 end"]):
        g.add((R["person/a"], KG.note, Literal(text, lang="vi") if i % 2 else Literal(text)))
    store.replace_document("doc-a", g)
    query = PREFIXES + """SELECT ?p ?note ?n ?none WHERE { GRAPH ?g { ?p kg:note ?note ; kg:mentions ?n
        OPTIONAL { ?p kg:nothing ?none } } }"""
    rows = sorted(store.select_text(query))
    expected = sorted(HOSTILE + ["a,b", "bell \x07 and \u2028 end"])
    assert rows == [(str(R["person/a"]), note, "7", "") for note in expected]


def test_malformed_sparql_names_line_and_column(store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?s\nWHERE {\n  ?s ?p \n}")
    assert caught.value.line is not None and caught.value.line >= 2
    assert caught.value.column is not None
    assert f"line {caught.value.line}, column {caught.value.column}" in str(caught.value)


def test_bad_document_id_and_bad_binding(store: Store) -> None:
    with pytest.raises(InputError):
        store.replace_document("", person("a", "A"))
    # any other id is a document's (its graph's name percent-encodes what an IRI cannot hold)
    store.replace_document("has space/and <more>", person("a", "A"))
    assert store.document_ids() == ["has space/and <more>"]
    with pytest.raises(QueryError):
        store.query("SELECT * WHERE { ?s ?p ?o }", bindings={"bad name": Literal("x")})


def test_closed_store_refuses_work(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError):
        store.document_ids()


# -- backend specifics --------------------------------------------------------------------

def test_timeout_abandons_the_worker() -> None:
    with pytest.raises(QueryTimeout):
        run_with_timeout(lambda: time.sleep(2), 0.05)
    assert run_with_timeout(lambda: 42, 5) == 42


def test_oxigraph_reopens_and_allows_a_read_only_reader(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with open_store(location) as store:
        store.replace_document("doc-a", person("a", "Nguyễn Văn A"))
        reader = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from kg.store import open_store\n"
             "with open_store(Path(sys.argv[1]), read_only=True) as s: print(s.document_ids())",
             str(location)], capture_output=True, text=True, timeout=60)
        assert reader.stdout.strip() == "['doc-a']", reader.stderr
        with pytest.raises(StoreError, match="another process|in use|lock"):
            _second_writer(location)
    with open_store(location) as again:
        assert labels(again) == {"Nguyễn Văn A"}
    with open_store(location, read_only=True) as reader_store:
        with pytest.raises(StoreError):
            reader_store.remove_document("doc-a")


def _quads(doc_id: str, slug: str, label: str) -> tuple[str, str]:
    from kg.store.base import graph_iri
    from kg.store.terms import nt_quads

    return doc_id, nt_quads(person(slug, label), graph_iri(doc_id))


@pytest.mark.parametrize("spool_bytes", [1 << 30, 1], ids=["one-load", "a-load-per-batch"])
def test_oxigraph_bulk_builds_an_empty_store_aside_and_swaps_it_in(tmp_path: Path, spool_bytes: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store.oxigraph as oxstore

    monkeypatch.setattr(oxstore, "SPOOL_BYTES", spool_bytes)
    location = tmp_path / "store"
    staging = tmp_path / ".store.staging"
    with open_store(location) as store:
        with store.bulk():
            store.add_documents([_quads("doc-a", "a", "Nguyễn Văn A"), _quads("doc-b", "b", "Trần Thị B")])
            assert staging.is_dir()  # written aside: a reader of the store itself sees it empty
            spool = tmp_path / ".store.staging.nq"
            assert spool.is_file() == (spool_bytes > 1)  # a tiny limit loads every batch at once
            reader = subprocess.run(
                [sys.executable, "-c", "import sys; from pathlib import Path; from kg.store import open_store\n"
                 "with open_store(Path(sys.argv[1]), read_only=True) as s: print(s.document_ids())",
                 str(location)], capture_output=True, text=True, timeout=60)
            assert reader.stdout.strip() == "[]", reader.stderr
            assert store.document_ids() == ["doc-a", "doc-b"]  # this handle reads the staging store
            store.add_documents([_quads("doc-a", "a", "Nguyễn Văn Á")])  # a replacement within the bulk
            assert not spool.exists()  # reading the store loaded the spool
        assert not staging.exists() and not spool.exists()
        assert store.document_ids() == ["doc-a", "doc-b"]
        assert labels(store) == {"Nguyễn Văn Á", "Trần Thị B"}
        # a store that holds documents is written in transactions, never aside
        with store.bulk():
            store.add_documents([_quads("doc-c", "c", "Lê Văn C")])
            assert not staging.exists()
        assert store.document_ids() == ["doc-a", "doc-b", "doc-c"]
    with open_store(location) as again:  # the swapped-in folder is the store on disk
        assert labels(again) == {"Nguyễn Văn Á", "Trần Thị B", "Lê Văn C"}


def test_oxigraph_bulk_loads_a_full_spool_behind_while_the_next_fills(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A full spool goes to a background thread (one load at a time) and a new spool starts:
    every batch ends up in the store, once, and whatever reads the store waits for the load."""
    import kg.store.oxigraph as oxstore

    monkeypatch.setattr(oxstore, "SPOOL_BYTES", 1)
    started = []
    real = oxstore.OxigraphStore._bulk_load

    def recorded(self, path):
        started.append((path.name, threading.current_thread().name))
        return real(self, path)

    monkeypatch.setattr(oxstore.OxigraphStore, "_bulk_load", recorded)
    names = {f"doc-{i}": f"Nguyễn Văn {chr(65 + i)}" for i in range(6)}
    location = tmp_path / "store"
    with open_store(location) as store:
        with store.bulk():
            for i, (doc, name) in enumerate(names.items()):
                store.add_documents([_quads(doc, f"p{i}", name)])
            assert store.document_ids() == sorted(names)  # waits for the load behind
        assert labels(store) == set(names.values()) and store.triple_count() == 3 * len(names)
    assert [thread for _, thread in started] == ["kg-bulk-load"] * len(names)
    assert {name for name, _ in started} == {".store.staging.nq.loading"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_oxigraph_bulk_whose_load_behind_fails_says_so_and_leaves_the_store_empty(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store.oxigraph as oxstore

    monkeypatch.setattr(oxstore, "SPOOL_BYTES", 1)
    location = tmp_path / "store"
    with open_store(location) as store:
        with pytest.raises(StoreError, match="invalid N-Quads"):
            with store.bulk():
                store.add_documents([_quads("doc-a", "a", "Nguyễn Văn A")])
                store.add_documents([("doc-b", "<urn:x> <urn:y> broken .\n")])  # loaded behind
                store.add_documents([_quads("doc-c", "c", "Lê Văn C")])  # waits, then raises
        assert store.document_ids() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no staging, spool or load left


def test_oxigraph_bulk_that_fails_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with open_store(location) as store:
        with pytest.raises(RuntimeError, match="stopped"):
            with store.bulk():
                store.add_documents([_quads("doc-a", "a", "Nguyễn Văn A")])
                raise RuntimeError("stopped midway")
        assert store.document_ids() == [] and not (tmp_path / ".store.staging").exists()
        (tmp_path / ".store.staging").mkdir()  # as a killed build leaves it: kg's marker, a database
        write_marker(tmp_path / ".store.staging")
        ox.Store(str(tmp_path / ".store.staging")).flush()
        with store.bulk():
            store.add_documents([_quads("doc-b", "b", "Trần Thị B")])
        assert store.document_ids() == ["doc-b"]
        assert not (tmp_path / ".store.staging").exists()


def test_a_document_in_pieces_is_the_same_document_inside_bulk_and_out(store: Store) -> None:
    """add_document_chunks (the derived graph of a big corpus) writes what add_documents writes,
    on every backend; on an empty Oxigraph store inside bulk() the pieces go to the spool."""
    from kg.store.base import graph_iri
    from kg.store.terms import nt_quad_chunks

    graph = person("a", "Nguyễn Văn A") + person("b", "Trần Thị B") + person("c", "Lê Văn Cường")
    assert len(graph) == 9
    with store.bulk():
        written = store.add_document_chunks("doc-a", nt_quad_chunks(graph, graph_iri("doc-a"), size=2))
    assert written == 9
    assert labels(store) == {"Nguyễn Văn A", "Trần Thị B", "Lê Văn Cường"}
    assert store.triple_count() == 9
    # a second time, outside bulk(): the document is replaced, not doubled
    store.add_document_chunks("doc-a", nt_quad_chunks(person("d", "Đỗ Thị Dung"), graph_iri("doc-a")))
    assert labels(store) == {"Đỗ Thị Dung"} and store.triple_count() == 3
    store.remove_document("doc-a")  # the Oxigraph server is shared by the tests that follow


def test_documents_as_utf8_bytes_are_the_documents_as_text(store: Store) -> None:
    """The build hands add_documents each document's N-Quads as UTF-8 bytes (they cross the
    workers' pipe cheaper than a str); every backend takes bytes and text alike, in bulk() and
    out, new documents and replacements, and keeps the diacritics."""
    doc_a, text_a = _quads("doc-a", "a", "Nguyễn Văn Ánh")
    doc_b, text_b = _quads("doc-b", "b", "Trần Thị Bích")
    with store.bulk():
        assert store.add_documents([(doc_a, text_a.encode()), (doc_b, text_b)]) == 6
    assert labels(store) == {"Nguyễn Văn Ánh", "Trần Thị Bích"}
    # outside bulk(): a replacement given as bytes, a new document given as bytes
    doc_c, text_c = _quads("doc-c", "c", "Lê Văn Cường")
    replaced = _quads("doc-a", "a", "Nguyễn Văn Ảnh")[1].encode()
    assert store.add_documents([(doc_a, replaced), (doc_c, text_c.encode())]) == 6
    assert labels(store) == {"Nguyễn Văn Ảnh", "Trần Thị Bích", "Lê Văn Cường"}
    assert store.triple_count() == 9 and store.document_ids() == ["doc-a", "doc-b", "doc-c"]
    for doc in ("doc-a", "doc-b", "doc-c"):
        store.remove_document(doc)  # the Oxigraph server is shared by the tests that follow


def _second_writer(location: Path) -> None:
    code = ("import sys; from pathlib import Path; from kg.store import open_store\n"
            "from kg.errors import StoreError\n"
            "try:\n    open_store(Path(sys.argv[1]))\nexcept StoreError as e:\n    print(e); sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code, str(location)], capture_output=True, text=True)
    if done.returncode == 3:
        raise StoreError(done.stdout.strip())


def test_open_store_registry_errors() -> None:
    with pytest.raises(StoreError, match="unknown store backend"):
        open_store(backend="nope")
    with pytest.raises(StoreError):
        open_store(backend="sparql")


def test_sparql_url_derivation_and_values_injection() -> None:
    assert derive_urls("http://h:7878/query") == ("http://h:7878/update", "http://h:7878/store")
    assert derive_urls("http://h/sparql") == (None, None)
    text = inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('x" } ; DROP ALL #')})
    assert text == ('SELECT ?s WHERE {\n  VALUES (?o) { ("x\\" } ; DROP ALL #") }\n ?s ?p ?o }')
    short = inject_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef("http://x")})
    assert short.rstrip().endswith("VALUES (?s) { (<http://x>) }")


def test_sparql_credentials_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.store.sparql import endpoint_settings

    config = tmp_path / "config" / "kg"
    config.mkdir(parents=True)
    (config / "endpoint.ini").write_text("[default]\nuser = u\npassword = p\n"
                                         "[http://h/query]\nuser = special\n")
    assert endpoint_settings("http://x/query")["user"] == "u"
    assert endpoint_settings("http://h/query")["user"] == "special"
    monkeypatch.setenv("KG_ENDPOINT_USER", "env-user")
    assert endpoint_settings("http://h/query")["user"] == "env-user"


def test_sparql_writes_by_graph_store_protocol_or_by_update(request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("oxigraph_server")
    base = url[: -len("/query")]
    with open_store(endpoint=url, update_url=base + "/no-update") as gsp_only:
        gsp_only.replace_document("via-gsp", person("g", "G"))
        assert "via-gsp" in gsp_only.document_ids()
        gsp_only.remove_document("via-gsp")
    with open_store(endpoint=url, gsp_url=base + "/no-gsp") as update_only:
        update_only.replace_document("via-update", person("u", "U"))
        update_only.replace_document("via-update", person("v", "V"))
        assert labels(update_only) == {"V"}
        update_only.remove_document("via-update")
        assert "via-update" not in update_only.document_ids()


# -- the same corpus on the embedded store and on a SPARQL server ----------------------------

CONTRACT_QUERIES = ("persons", "positions", "sessions", "session-items", "cited-documents")


def test_contract_queries_give_the_same_rows_on_the_server_as_embedded(request: pytest.FixtureRequest,
                                                                      tmp_path: Path) -> None:
    """`kg build` of the seeds into the embedded store and, through SPARQL 1.1 (Graph Store
    Protocol / Update), into a real Oxigraph server: every saved query gives the same rows."""
    from kg.pipeline import build
    from kg.queries import bind_params, list_saved

    corpus = Path(__file__).resolve().parents[2] / "data" / "corpus"
    with _open("oxigraph", request, tmp_path) as embedded, _open("sparql", request, tmp_path) as server:
        for store in (embedded, server):
            report = build([corpus], store)
            assert len(report.read) == 5 and not report.skipped
        assert server.document_ids() == embedded.document_ids()
        assert server.triple_count() == embedded.triple_count() > 1000
        names = [q.name for q in list_saved()]
        assert set(CONTRACT_QUERIES) <= set(names)
        for saved in list_saved():
            bindings = bind_params(saved, {})
            mine = embedded.query(saved.text, bindings=bindings)
            theirs = server.query(saved.text, bindings=bindings)
            assert theirs.vars == mine.vars, saved.name
            key = lambda row: tuple("" if t is None else t.n3() for t in row)  # noqa: E731
            assert sorted(theirs.rows, key=key) == sorted(mine.rows, key=key), saved.name
            if saved.name in CONTRACT_QUERIES:
                assert mine.rows, f"{saved.name} has rows on the seeds"
