"""kg.docrows: the rows a worker computes from one document's triples are the rows the store
answers for that document's graph, and a build that derives from them gives the same store as
one that queries the store (seeds, fixtures and synthetic articles with namesakes whose
documents kg.identity rewrites)."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter

import pytest

from kg import pipeline
from kg.curation import Curation
from kg.docrows import QUERIES, Spool, StoreRows
from kg.lexicon import load_lexicon
from kg.resolve import DERIVED_ID, derive
from kg.store import open_store
from kg.store.base import graph_iri
from kg.store.terms import normalize

from conftest import CORPUS, FIXTURES, ROOT

_spec = importlib.util.spec_from_file_location("kg_bench_generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = gen
_spec.loader.exec_module(gen)


# written for this test: two men called Trần Văn Khôi chair two district committees of Nghệ An
# in the same week (kg.identity splits the key and rewrites the later document's graph), and
# the post of one of them named without a person a month later
NAMESAKES = {
    "dien_chau": ("UBND huyện Diễn Châu họp phiên thường kỳ tháng 4\n\n8/4/2024 08:00\n\n"
                  "Sáng 8/4, UBND huyện Diễn Châu, tỉnh Nghệ An họp phiên thường kỳ. Ông Trần Văn Khôi, "
                  "Chủ tịch UBND huyện Diễn Châu chủ trì phiên họp."),
    "quynh_luu": ("UBND huyện Quỳnh Lưu họp phiên thường kỳ tháng 4\n\n11/4/2024 08:00\n\n"
                  "Sáng 11/4, UBND huyện Quỳnh Lưu, tỉnh Nghệ An họp phiên thường kỳ. Ông Trần Văn Khôi, "
                  "Chủ tịch UBND huyện Quỳnh Lưu chủ trì phiên họp."),
    "quynh_luu_5": ("UBND huyện Quỳnh Lưu họp phiên thường kỳ tháng 5\n\n13/5/2024 08:00\n\n"
                    "Sáng 13/5, UBND huyện Quỳnh Lưu, tỉnh Nghệ An họp phiên thường kỳ. Đồng chí Chủ tịch "
                    "UBND huyện Quỳnh Lưu kết luận phiên họp."),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("docrows")
    gen.write_corpus(root / "synthetic", 400, seed=7, fmt="jsonl")
    (root / "namesakes").mkdir()
    for name, text in NAMESAKES.items():
        (root / "namesakes" / f"{name}.txt").write_text(text, encoding="utf-8")
    return [CORPUS, FIXTURES / "articles", root / "synthetic", root / "namesakes"]


def _norm(row):
    return tuple(None if t is None else normalize(t) for t in row)


def test_each_table_from_the_triples_equals_the_stores_answer(corpus, tmp_path):
    lex, cur = load_lexicon(), Curation()
    store = open_store(tmp_path / "store")
    pipeline.build(corpus, store, derive_after=False)
    spool = Spool()  # through the workers' encoding and the spool's files
    for task in pipeline.tasks_of(corpus):
        done = pipeline.process(task, lex, cur, tables=True)
        if not done.error:
            spool.add(done.doc_id, done.tables)
    mine = {name: Counter(map(_norm, spool.rows(name))) for name in QUERIES}
    spool.close()
    theirs = {name: Counter(map(_norm, StoreRows(store).rows(name))) for name in QUERIES}
    for name in QUERIES:
        assert mine[name], name  # every table has rows on this corpus: the comparison means something
        if name == "people":  # DISTINCT over the whole store
            assert set(mine[name]) == set(theirs[name])
        else:
            assert mine[name] == theirs[name], name
    store.close()


def test_the_rows_of_one_document_carry_its_graph():
    lex, seen = load_lexicon(), 0
    for task in pipeline.tasks_of([CORPUS]):
        done = pipeline.process(task, lex, Curation(), tables=True)
        spool = Spool()
        spool.add(done.doc_id, done.tables)
        graph = graph_iri(done.doc_id)
        for name in ("person_mentions", "dates", "posts"):
            assert {row[0] for row in spool.rows(name)} <= {graph}
        seen += bool(spool.rows("person_mentions"))
        spool.close()
    assert seen >= 3  # three of the five seeds name people with their posts


def _derived(store) -> set:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri(DERIVED_ID)}> {{ ?s ?p ?o }} }}").rows
    return {_norm(r) for r in rows}


def _documents(store) -> set:
    rows = store.query(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                       f"FILTER(?g != <{graph_iri(DERIVED_ID)}>) }}").rows
    return {_norm(r) for r in rows}


@pytest.mark.parametrize("spool_bytes", [None, 1], ids=["one-load", "loads-behind-every-batch"])
def test_a_build_deriving_from_the_workers_rows_equals_one_querying_the_store(corpus, tmp_path, spool_bytes,
                                                                             monkeypatch):
    import kg.store.oxigraph as oxstore

    if spool_bytes is not None:  # every batch loaded by the background thread while the next is spooled
        monkeypatch.setattr(oxstore, "SPOOL_BYTES", spool_bytes)
    fresh = open_store(tmp_path / "fresh")
    pipeline.build(corpus, fresh, jobs=2)  # empty store: the derivation reads kg.docrows.Spool
    queried = open_store(tmp_path / "queried")
    pipeline.build(corpus, queried, derive_after=False)
    derive(queried)  # the store's answers (StoreRows)
    renamed = {str(r[1]) for r in _documents(queried) if str(r[1]).endswith("--2")}
    assert "https://w3id.org/kg-vn/id/person/tran-van-khoi--nghe-an--2" in renamed
    assert _derived(fresh) == _derived(queried)
    assert _documents(fresh) == _documents(queried)
    fresh.close(), queried.close()
