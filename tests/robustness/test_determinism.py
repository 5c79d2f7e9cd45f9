"""Idempotence and determinism (issues #7, #8): worker processes, streamed JSON Lines, documents written in
batches, sharded N-Quads for a server's bulk loader. The graph must not depend on the number of
jobs, the batch size or the order of the inputs."""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.cli import main
from kg.export import export
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]

_spec = importlib.util.spec_from_file_location("kg_bench_generate_corpus_b", ROOT / "benchmarks" / "generate_corpus.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = gen
_spec.loader.exec_module(gen)

COUNT = 90  # above pipeline.MIN_PARALLEL, so that jobs=2 really starts workers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("syn")
    gen.write_corpus(out, COUNT, seed=3, fmt="jsonl")
    return out / "articles.jsonl"


def _turtle(store) -> bytes:
    import io

    buf = io.BytesIO()
    export(store, "turtle", buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    loc = tmp_path_factory.mktemp("serial") / "store"
    with open_store(loc) as store:
        report = pipeline.build([corpus], store, jobs=1)
        return report, _turtle(store)


def test_parallel_build_gives_the_same_bytes_as_one_process(corpus, serial, tmp_path, monkeypatch) -> None:
    assert COUNT >= pipeline.MIN_PARALLEL
    started = []
    real_start = pipeline._start_workers

    def start(jobs, *a, **k):
        started.append(jobs)
        return real_start(jobs, *a, **k)

    monkeypatch.setattr(pipeline, "_start_workers", start)
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 7)  # many small transactions
    monkeypatch.setattr(pipeline, "WINDOW", 25)     # several windows of tasks
    with open_store(tmp_path / "store") as store:
        report = pipeline.build([corpus], store, jobs=2)
        turtle = _turtle(store)
    assert started == [2], "two worker processes were started"
    assert report.read == serial[0].read and len(report.read) == COUNT
    assert report.triples == serial[0].triples > 0
    assert turtle == serial[1]


def test_input_order_does_not_change_the_graph(corpus, serial, tmp_path) -> None:
    lines = corpus.read_bytes().splitlines(keepends=True)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_bytes(b"".join(reversed(lines)))
    with open_store(tmp_path / "store") as store:
        pipeline.build([shuffled], store, jobs=1)
        assert _turtle(store) == serial[1]


def test_bad_lines_are_reported_in_parallel_too(corpus, tmp_path) -> None:
    lines = corpus.read_bytes().splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    first_id = json.loads(lines[0])["id"]
    broken.write_bytes(b"".join(lines[:40]) + b"{not json\n" + lines[0] + b"".join(lines[40:80]))
    with open_store(tmp_path / "store") as store:
        report = pipeline.build([broken], store, jobs=2)
        assert len(report.read) == 80
        assert store.document_ids().count(first_id) == 1
    reasons = [r for _w, r in report.skipped]
    assert len(reasons) == 2
    assert reasons[0].startswith(f"{broken}:41: broken JSON line")
    assert reasons[1].startswith(f"{broken}:42: same document id as {broken}:1")


def test_rebuilding_replaces_documents_whole(corpus, serial, tmp_path) -> None:
    loc = tmp_path / "store"
    with open_store(loc) as store:
        pipeline.build([corpus], store, jobs=1)
        pipeline.build([corpus], store, jobs=2)  # every document again: replaced, not doubled
        assert _turtle(store) == serial[1]
        assert len(store.document_ids()) == COUNT + 1  # and the derived graph


def test_out_nquads_shards_load_into_a_server_store_as_the_same_quads(corpus, tmp_path) -> None:
    shards = tmp_path / "shards"
    (shards).mkdir()
    (shards / "kg-00099.nq").write_text("stale shard of an earlier build\n")
    (shards / "manifest.json").write_text('{"shards": [{"file": "kg-00099.nq"}]}\n')  # which kg wrote
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "store"),
                                       "--out-nquads", str(shards), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    manifest = json.loads((shards / "manifest.json").read_text())
    files = sorted(p.name for p in shards.glob("*.nq"))
    assert files == [row["file"] for row in manifest["shards"]] and "kg-00099.nq" not in files
    loaded = ox.Store()  # what a server's bulk loader would do with the folder
    for name in files:
        loaded.bulk_load(path=str(shards / name), format=ox.RdfFormat.N_QUADS)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert len(loaded) == store.triple_count() == sum(r["statements"] for r in manifest["shards"])
        graphs = {g.value for g in loaded.named_graphs()}
        assert any(g.endswith("/_derived") for g in graphs)  # the derived graph is in the shards
        assert len(graphs) == len(store.document_ids())


def test_shards_are_split_between_statements(corpus, tmp_path) -> None:
    from kg.shards import write_shards

    with open_store(tmp_path / "store") as store:
        pipeline.build([corpus], store, jobs=1, derive_after=False)
        rows = write_shards(store, tmp_path / "out", max_bytes=200_000)
        total = store.triple_count()
    assert len(rows) > 3
    assert all(r["bytes"] <= 200_000 for r in rows)
    assert sum(r["statements"] for r in rows) == total
    for row in rows:
        text = (tmp_path / "out" / row["file"]).read_text(encoding="utf-8")
        assert text.endswith(" .\n") and len(text.splitlines()) == row["statements"]
        ox.Store().load(input=text, format=ox.RdfFormat.N_QUADS)  # each shard parses on its own


def test_kg_build_jobs_option_is_checked(tmp_path) -> None:
    result = CliRunner().invoke(main, ["build", "--jobs", "-1", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "--jobs" in result.output
