"""The synthetic corpus generator (benchmarks/generate_corpus.py): deterministic, streaming,
gold in the shared schema that quotes its article, officials that recur, noise like the seeds,
and the extractor's scores on a small generated corpus above measured floors."""
from __future__ import annotations

import importlib.util
import inspect
import json
import sys
import tracemalloc
import unicodedata
from collections import defaultdict

import pytest

from kg.evaluate import KINDS, evaluate, gold_facts
from kg.lexicon import load_lexicon
from kg.pipeline import jsonl_records
from kg.model import Document

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("kg_bench_generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = gen  # dataclasses look their module up
_spec.loader.exec_module(gen)

SCHEMA = {"id", "province", "published", "persons", "sessions", "documents", "organizations",
          "role_only_mentions", "events", "notes"}
SESSION_KEYS = {"body", "kind", "ordinal", "term", "date", "chair", "participants", "items_approved",
                "items_discussed", "reported_item_count"}

# `kg eval` on the first 30 articles of seed 1 measured persons 0.974, positions 0.975,
# sessions 0.932, items 0.812, documents 0.961, events 1.0; the floors are a little below, as in
# test_extract_fixtures.py, so that a change that loses ground on synthetic text fails.
EVAL_COUNT = 30
FLOORS = {"persons": 0.95, "positions": 0.95, "sessions": 0.90, "items": 0.78, "documents": 0.93, "events": 0.95}


@pytest.fixture(scope="module")
def sample():
    return list(gen.iter_articles(600, seed=5))


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes(tmp_path):
    for fmt in ("txt", "jsonl"):
        gen.write_corpus(tmp_path / f"a-{fmt}", 60, seed=11, fmt=fmt)
        gen.write_corpus(tmp_path / f"b-{fmt}", 60, seed=11, fmt=fmt)
        a, b = _files(tmp_path / f"a-{fmt}"), _files(tmp_path / f"b-{fmt}")
        assert a and a == b
    gen.write_corpus(tmp_path / "c", 60, seed=12, fmt="jsonl")
    assert _files(tmp_path / "c") != _files(tmp_path / "a-jsonl")


def test_a_slice_is_the_same_articles_as_in_the_whole_corpus():
    whole = list(gen.iter_articles(40, seed=2))
    part = list(gen.iter_articles(10, seed=2, start=25))
    assert [(a.id, a.text, a.gold) for a in part] == [(a.id, a.text, a.gold) for a in whole[25:35]]


def test_generation_streams():
    stream = gen.iter_articles(2000, seed=3)
    assert inspect.isgenerator(stream)
    next(stream)  # loads the data and the first province
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    chars = sum(len(a.text) for a in stream)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # 2,000 articles are ~4 million characters (and more in gold); what stays in memory is the
    # provinces' worlds (~5 MB, the same at 1,000 or 2,000 articles).
    assert chars > 3_000_000
    assert peak - before < 8 * 1024 * 1024, (peak - before) / 1e6


def test_jsonl_output_is_what_kg_build_reads(tmp_path):
    n = gen.write_corpus(tmp_path, 25, seed=4, fmt="jsonl")
    records = list(jsonl_records(tmp_path / "articles.jsonl", {}, load_lexicon()))
    golds = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n == len(records) == len(golds) == 25
    assert all(isinstance(doc, Document) for _, doc in records)
    assert [doc.doc_id for _, doc in records] == [g["id"] for g in golds]


def test_gold_follows_the_schema_the_evaluator_reads(sample):
    for a in sample:
        g = a.gold
        assert set(g) == SCHEMA, a.id
        assert g["id"] == a.id
        for s in g["sessions"]:
            assert set(s) == SESSION_KEYS
        for p in g["persons"]:
            assert set(p) == {"name", "positions"}
            assert all(set(x) == {"role", "org", "as_written"} for x in p["positions"])
        assert all(set(d) == {"type", "number", "issuer", "date"} for d in g["documents"])
        assert all(set(e) == {"kind", "person", "role", "org", "result"} for e in g["events"])
        facts = gold_facts(g)
        assert set(facts) == set(KINDS)
        assert len(facts["sessions"]) == len(g["sessions"]) >= 1


def test_every_planted_quote_and_name_is_in_its_article(sample):
    problems = [f"{a.id}: {e}" for a in sample for e in gen.check_gold(a.text, a.gold)]
    assert not problems, problems[:10]
    # the check itself catches a name that is not in the text
    a = sample[0]
    bad = json.loads(json.dumps(a.gold))
    bad["persons"].append({"name": "Nguyễn Không Có", "positions": []})
    assert gen.check_gold(a.text, bad)


def test_each_article_reports_one_meeting_and_some_name_their_context(sample):
    kinds = defaultdict(int)
    for a in sample:
        main = [s for s in a.gold["sessions"] if s["participants"] or s["chair"] or s["items_approved"]
                or s["items_discussed"] or s["date"]]
        assert len(main) <= 1, a.id
        for s in a.gold["sessions"]:
            kinds[s["kind"]] += 1
    assert {"Hội nghị", "Kỳ họp", "Phiên họp", "Giao ban", "Đại hội"} <= set(kinds)


def test_officials_recur_across_articles_of_a_province_and_change_posts(sample):
    posts = defaultdict(set)   # (province, name) -> {(role, org)}
    docs = defaultdict(set)
    for a in sample:
        for p in a.gold["persons"]:
            key = (a.gold["province"], unicodedata.normalize("NFC", gen_new_tones(p["name"])))
            docs[key].add(a.id)
            posts[key] |= {(x["role"], x["org"]) for x in p["positions"]}
    recurring = [k for k, v in docs.items() if len(v) >= 3]
    assert len(recurring) >= 50
    moved = [k for k, v in posts.items()
             if any(r == "Giám đốc" for r, _ in v) and any(r == "Phó Chủ tịch" and o.startswith("UBND tỉnh") for r, o in v)]
    assert moved  # a Giám đốc Sở elected Phó Chủ tịch UBND tỉnh, seen in both posts
    events = {e["kind"] for a in sample for e in a.gold["events"]}
    assert {"bầu bổ sung", "miễn nhiệm", "nghỉ hưu", "bổ nhiệm"} <= events


def gen_new_tones(s: str) -> str:
    from kg.text import normalize_tones
    return normalize_tones(s)


def test_noise_like_the_seeds(sample):
    texts = [a.text for a in sample]
    assert any("Uỷ" in t or "khoá" in t for t in texts)                 # old tone marks
    assert any("Tinh ủy" in t or "Tinh uỷ" in t for t in texts)         # the seeds' typo
    assert any("\u00a0" in t for t in texts)                              # non-breaking spaces
    assert any(not unicodedata.is_normalized("NFC", t) for t in texts)   # a decomposed passage
    assert any("Truy cập nội dung luôn" in t for t in texts)
    assert any("Ảnh: " in t for t in texts)
    assert sum(a.gold["published"] is None for a in sample) > 50          # articles without a date line
    assert len({a.gold["province"] for a in sample}) >= 40


def test_a_small_generated_corpus_scores_above_its_floors(tmp_path):
    gen.write_corpus(tmp_path, EVAL_COUNT, seed=1, fmt="txt")
    scores = evaluate([tmp_path / "articles"], tmp_path / "gold").scores
    for kind, floor in FLOORS.items():
        s = scores[kind]
        assert s.f1 >= floor, (kind, round(s.f1, 3), s.missed[:5], s.spurious[:5])
