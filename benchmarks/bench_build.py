#!/usr/bin/env python
"""The whole build at growing corpus sizes (issue #7), against a plain baseline in the same run.

    .venv/bin/python benchmarks/bench_build.py                         # 1k and 10k documents
    .venv/bin/python benchmarks/bench_build.py --sizes 1000,10000,100000 --json out.json

For each size N it generates N synthetic articles (benchmarks/generate_corpus.py, JSON Lines,
with their planted gold) and measures, each in a fresh process:

* extraction alone: text → extraction → N-Quads text in `--jobs` workers, nothing stored;
* the whole build: `kg.pipeline.build` into a new embedded store (Oxigraph) with `--jobs`
  workers, split into ingestion (extraction + loading) and derivation (identity, careers);
  triples loaded per second; peak memory of the main process and of the largest worker;
  store size on disk;
* the saved queries on that store: median of `--runs` runs of each, read-only, as `kg query`;
* quality at scale: precision/recall/F1 of the planted facts of a sample of documents spread
  over the corpus, read from the big store, against the same documents built 20 at a time
  (`generate_corpus.evaluate_in_chunks`, the "small samples").

The baseline is the plain way: one process, rdflib in memory (kg's memory store), run on sizes
up to `--baseline-max` (it is slow and holds everything in RAM). Ratios baseline/kg are printed
for those sizes, and the growth of each figure from one size to the next (×10 documents → ×k).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET_MS = 300  # issue 5: what a saved query should take at a million triples
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def _generator():
    spec = importlib.util.spec_from_file_location("kg_bench_generate_corpus", HERE / "generate_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _peak_kb() -> tuple[int, int]:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- children: each measurement in a fresh process ---------------------------------------------
def child_extract(args) -> dict:
    import multiprocessing

    from kg import pipeline
    from kg.curation import load as load_curation
    from kg.lexicon import load_lexicon

    curation, lex = load_curation(), load_lexicon()
    started = time.perf_counter()
    docs = triples = 0
    tasks = pipeline.tasks_of([Path(args.corpus)])
    if args.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(args.jobs, pipeline._init_worker, (curation,)) as pool:
            for done in pool.imap(pipeline.process, tasks, chunksize=8):
                docs += done.error is None
                triples += done.triples
    else:
        for task in tasks:
            done = pipeline.process(task, lex, curation)
            docs += done.error is None
            triples += done.triples
    return {"seconds": time.perf_counter() - started, "docs": docs, "triples": triples}


def child_build(args) -> dict:
    from kg import pipeline
    from kg.resolve import derive
    from kg.store import open_store

    backend = "memory" if args.backend == "rdflib" else "oxigraph"
    location = Path(args.location) if backend == "oxigraph" else None
    store = open_store(location, backend=backend) if location else open_store(backend="memory")
    if backend == "oxigraph":  # as `kg build` does it: the derivation inside the build (Store.bulk)
        timed = {}

        def timed_derive(*a, **k):
            begun = time.perf_counter()
            timed["derived"] = derive(*a, **k)
            timed["derive_s"] = time.perf_counter() - begun
            return timed["derived"]

        pipeline.derive = timed_derive
        started = time.perf_counter()
        report = pipeline.build([Path(args.corpus)], store, jobs=args.jobs)
        total = time.perf_counter() - started
        out = {"ingest_s": total - timed["derive_s"], "docs": len(report.read), "skipped": len(report.skipped),
               "triples": report.triples, **timed}
        store.close()
        out["peak_main_kb"], out["peak_worker_kb"] = _peak_kb()
        return out
    started = time.perf_counter()
    report = pipeline.build([Path(args.corpus)], store, jobs=args.jobs, derive_after=False)
    ingest = time.perf_counter() - started
    out = {"ingest_s": ingest, "docs": len(report.read), "skipped": len(report.skipped), "triples": report.triples}
    started = time.perf_counter()
    if backend == "memory":
        # rdflib's SPARQL engine may not finish the derivation's queries at all: give it
        # --derive-cap seconds, then report what it did and leave (the thread cannot be stopped)
        from kg.errors import QueryTimeout
        from kg.store.base import run_with_timeout

        try:
            out["derived"] = run_with_timeout(lambda: derive(store), args.derive_cap)
            out["derive_s"] = time.perf_counter() - started
        except QueryTimeout:
            out["derived"], out["derive_s"], out["derive_capped"] = 0, None, args.derive_cap
        if not out.get("derive_capped"):
            from sample_params import sample_params

            out["queries"] = run_queries(store, args.runs, args.timeout, sample_params(Path(args.gold)))
        out["peak_main_kb"], out["peak_worker_kb"] = _peak_kb()
        print(json.dumps(out), flush=True)
        os._exit(0)


def child_queries(args) -> dict:
    from kg.store import open_store

    store = open_store(Path(args.location), read_only=True, keep_answers=False)  # evaluated: no kept answers
    from sample_params import sample_params

    params = sample_params(Path(args.gold))
    out = {"queries": run_queries(store, args.runs, args.timeout, params), "quality": quality(store, args)}
    store.close()
    return out


def run_queries(store, runs: int, timeout: float, params: dict | None = None) -> dict:
    """Each saved query, with its defaults except where ``params`` names values (the planted
    facts' most frequent person, post, body …: benchmarks/sample_params.py)."""
    from kg.errors import QueryTimeout
    from kg.queries import bind_params, list_saved

    out = {}
    for saved in list_saved():
        bindings = bind_params(saved, (params or {}).get(saved.name, {}))
        times, rows = [], 0
        try:
            for _ in range(runs):
                started = time.perf_counter()
                rows = len(store.query(saved.text, bindings=bindings, timeout=timeout).rows)
                times.append(time.perf_counter() - started)
                if times[-1] > timeout / 2:
                    break
            out[saved.name] = {"median_ms": statistics.median(times) * 1000, "rows": rows}
        except QueryTimeout:
            out[saved.name] = {"timeout": True}
    return out


def sample_ids(n: int, k: int) -> list[int]:
    """k article numbers spread evenly over 0 … n-1."""
    k = min(k, n)
    return sorted({i * n // k for i in range(k)})


def quality(store, args) -> dict:
    from kg.evaluate import found_facts, score_facts

    picks = set(sample_ids(args.size, args.sample))
    golds = {}
    with open(args.gold, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i in picks:
                g = json.loads(line)
                golds[g["id"]] = g
    scores = score_facts(golds, found_facts(store, set(golds)))
    return {k: [s.tp, s.fp, s.fn] for k, s in scores.items()}


def small_sample_quality(size: int, sample: int, seed: int) -> dict:
    """The same documents scored 20 at a time (each chunk built on its own, in memory)."""
    gen = _generator()
    from kg.evaluate import KINDS

    total = {k: [0, 0, 0] for k in KINDS}
    for first in sample_ids(size, sample):
        result = gen.evaluate_in_chunks(1, seed=seed, start=first, chunk=1)
        for k, s in result.scores.items():
            total[k] = [total[k][0] + s.tp, total[k][1] + s.fp, total[k][2] + s.fn]
    return total


def f1(tp_fp_fn) -> float:
    tp, fp, fn = tp_fp_fn
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def spawn(mode: str, args, **extra) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--jobs", str(extra.get("jobs", args.jobs)),
               "--runs", str(args.runs), "--timeout", str(args.timeout), "--sample", str(args.sample),
               "--derive-cap", str(args.derive_cap)]
    for key in ("corpus", "gold", "location", "backend", "size"):
        if key in extra:
            command += [f"--{key}", str(extra[key])]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, check=True, cwd=ROOT)
    out = json.loads(done.stdout.decode().strip().splitlines()[-1])
    out["wall_s"] = time.perf_counter() - started
    return out


# -- the table ----------------------------------------------------------------------------------
def fmt(x, unit="") -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.1f}{unit}" if x < 100 else f"{x:,.0f}{unit}"
    return f"{x:,}{unit}"


def table(results: list[dict]) -> str:
    sizes = [r["size"] for r in results]
    head = "| measure | " + " | ".join(f"{s:,} docs" for s in sizes) + " |"
    lines = [head, "|" + "---|" * (len(sizes) + 1)]

    def row(name, values):
        lines.append(f"| {name} | " + " | ".join(values) + " |")

    kg = [r["kg"] for r in results]
    row("extraction alone, docs/s", [fmt(r["extract"]["docs"] / r["extract"]["seconds"]) for r in results])
    row("whole build, docs/s", [fmt(k["docs"] / (k["ingest_s"] + k["derive_s"])) for k in kg])
    row("whole build, s (ingest + derive)", [f"{k['ingest_s'] + k['derive_s']:,.0f} ({k['ingest_s']:,.0f} + {k['derive_s']:,.0f})" for k in kg])
    row("triples loaded per second", [fmt(k["triples"] / k["ingest_s"]) for k in kg])
    row("triples (documents + derived)", [f"{k['triples']:,} + {k['derived']:,}" for k in kg])
    row("peak memory, main / largest worker (MB)", [f"{k['peak_main_kb'] / 1024:,.0f} / {k['peak_worker_kb'] / 1024:,.0f}" for k in kg])
    row("store size on disk (MB)", [fmt(r["store_bytes"] / 1e6) for r in results])
    qs = sorted(results[0]["queries"]["queries"])
    for name in qs:
        vals = []
        for r in results:
            q = r["queries"]["queries"].get(name, {})
            vals.append("timeout" if q.get("timeout") else fmt(q.get("median_ms"), " ms"))
        row(f"query `{name}` median", vals)
    def slowest(r) -> str:
        qs = r["queries"]["queries"].values()
        timed_out = sum(1 for q in qs if q.get("timeout"))
        text = fmt(max((q.get("median_ms", 0) for q in qs), default=0))
        return text + (f" ({timed_out} timed out)" if timed_out else "")

    row("slowest saved query that answered (ms)", [slowest(r) for r in results])
    row(f"saved queries over {BUDGET_MS} ms", [str(sum(1 for q in r["queries"]["queries"].values()
                                                      if q.get("timeout") or q.get("median_ms", 0) > BUDGET_MS))
                                              for r in results])
    for kind in results[0]["queries"]["quality"]:
        row(f"F1 {kind}: big store / small samples",
            [f"{f1(r['queries']['quality'][kind]):.3f} / {f1(r['small_quality'][kind]):.3f}" for r in results])
    base = [r.get("baseline") for r in results]
    if any(base):
        row("baseline (1 process, rdflib in memory): ingest s", [fmt(b["ingest_s"]) if b else "not run" for b in base])
        row("baseline: derive s", [("–" if not b else fmt(b["derive_s"]) if b["derive_s"] is not None
                                    else f"> {b['derive_capped']:g} (stopped)") for b in base])
        row("baseline peak memory (MB)", [fmt(b["peak_main_kb"] / 1024) if b else "–" for b in base])
        row("ratio ingest time baseline / kg", [f"{b['ingest_s'] / k['ingest_s']:.1f}×" if b else "–"
                                                for b, k in zip(base, kg)])
        row("ratio build time baseline / kg", [
            "–" if not b else f"{(b['ingest_s'] + b['derive_s']) / (k['ingest_s'] + k['derive_s']):.1f}×"
            if b["derive_s"] is not None else f"> {(b['ingest_s'] + b['derive_capped']) / (k['ingest_s'] + k['derive_s']):.1f}×"
            for b, k in zip(base, kg)])
        ratios = []
        for b, r in zip(base, results):
            if not b or "queries" not in b:
                ratios.append("–")
                continue
            pairs = [(b["queries"][n]["median_ms"], r["queries"]["queries"][n]["median_ms"]) for n in qs
                     if "median_ms" in b["queries"].get(n, {}) and "median_ms" in r["queries"]["queries"].get(n, {})]
            ratios.append(f"{statistics.median(x / max(y, 0.01) for x, y in pairs):.0f}×" if pairs else "–")
        row("ratio query time baseline / kg (median over queries)", ratios)
    out = "\n".join(lines)
    if len(results) > 1:
        growth = ["", "Growth from one size to the next:", ""]
        for a, b in zip(results, results[1:]):
            ka, kb = a["kg"], b["kg"]
            t = lambda k: k["ingest_s"] + k["derive_s"]  # noqa: E731
            slow_a = max(q.get("median_ms", 0) for q in a["queries"]["queries"].values())
            slow_b = max(q.get("median_ms", 0) for q in b["queries"]["queries"].values())
            growth.append(f"- {a['size']:,} → {b['size']:,} documents (×{b['size'] / a['size']:g}): build time "
                          f"×{t(kb) / t(ka):.1f} (ingest ×{kb['ingest_s'] / ka['ingest_s']:.1f}, derive "
                          f"×{kb['derive_s'] / max(ka['derive_s'], 1e-3):.1f}), store size ×{b['store_bytes'] / a['store_bytes']:.1f}, "
                          f"peak main memory ×{kb['peak_main_kb'] / ka['peak_main_kb']:.1f}, slowest query ×{slow_b / max(slow_a, 1e-3):.1f}")
        out += "\n".join(growth)
    return out


def main() -> None:
    from kg.malloc import preloaded, reexec

    reexec()  # as the kg command does: every process of the benchmark inherits it
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    ap.add_argument("--baseline-max", type=int, default=1000, help="run the rdflib baseline up to this size")
    ap.add_argument("--runs", type=int, default=3, help="runs per saved query (median)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a query is stopped")
    ap.add_argument("--derive-cap", type=float, default=300.0, help="seconds the baseline may derive")
    ap.add_argument("--sample", type=int, default=200, help="documents scored for quality at each size")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpora and stores here")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    for hidden in ("corpus", "gold", "location", "backend"):
        ap.add_argument(f"--{hidden}", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        import warnings

        warnings.simplefilter("ignore")
        out = {"extract": child_extract, "build": child_build, "queries": child_queries}[args.child](args)
        print(json.dumps(out))
        return
    gen = _generator()
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        work = args.workdir or Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            folder = work / f"corpus-{size}"
            if not (folder / "articles.jsonl").is_file():
                gen.write_corpus(folder, size, seed=args.seed, fmt="jsonl")
            corpus, gold = folder / "articles.jsonl", folder / "gold.jsonl"
            location = work / f"store-{size}"
            if location.exists():
                import shutil

                shutil.rmtree(location)
            print(f"[{size:,}] extraction alone …", file=sys.stderr, flush=True)
            r = {"size": size, "extract": spawn("extract", args, corpus=corpus)}
            print(f"[{size:,}] whole build …", file=sys.stderr, flush=True)
            r["kg"] = spawn("build", args, corpus=corpus, location=location, backend="oxigraph")
            r["store_bytes"] = _dir_bytes(location)
            print(f"[{size:,}] saved queries and quality …", file=sys.stderr, flush=True)
            r["queries"] = spawn("queries", args, location=location, gold=gold, size=size)
            r["small_quality"] = small_sample_quality(size, args.sample, args.seed)
            if size <= args.baseline_max:
                print(f"[{size:,}] baseline (rdflib in memory, one process) …", file=sys.stderr, flush=True)
                r["baseline"] = spawn("build", args, corpus=corpus, backend="rdflib", gold=gold, size=size, jobs=1)
            results.append(r)
            print(f"[{size:,}] done: build {r['kg']['ingest_s'] + r['kg']['derive_s']:.0f} s", file=sys.stderr, flush=True)
    print(f"kg build on this machine ({os.cpu_count()} cores), --jobs {args.jobs}; synthetic corpus seed {args.seed}; "
          f"allocator {'mimalloc (kg.malloc)' if preloaded() else 'system malloc'}\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
