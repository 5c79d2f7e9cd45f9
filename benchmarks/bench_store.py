"""Store benchmark: the embedded Oxigraph store against rdflib in memory, on a synthetic graph.

    .venv/bin/python benchmarks/bench_store.py [--triples 1000000] [--runs 5] [--timeout 60]

1. Makes a graph of at least --triples quads as N-Quads, one named graph per document: by
   default kg builds synthetic articles (benchmarks/generate_corpus.py) with its own pipeline,
   derived graph included, so the saved queries meet the shapes and repetitions of a real
   corpus; `--source synthetic` writes a graph directly (benchmarks/synthetic.py) instead.
2. Loads it in a fresh process per backend, so that each one's peak memory is its own:
   oxigraph = pyoxigraph's bulk loader into an on-disk store (the store `kg build` makes),
   then queried read-only through kg.store, as `kg query` and `kg serve` do (each query in
   a fresh process, killed at the timeout);
   rdflib   = the N-Quads parsed into kg.store's memory backend (an rdflib Dataset), the baseline.
3. Runs every saved query of queries/ `--runs` times and takes the median: with its default
   parameters, except that on a corpus the queries about one person, body, post, organisation
   or cited document ask about the most frequent one of the planted facts
   (benchmarks/sample_params.py; the seed names of the defaults are not in a synthetic corpus) (a query's time includes turning the rows into rdflib terms, as `kg query` does).
   On the embedded store each query is timed twice over: evaluated every time (a handle that
   keeps no answers), and as `kg query` runs it, on a handle that keeps the answers of slow
   queries beside the store (kg.store.cache): its first run evaluates and keeps the answer
   ("first, kept"), the next `--runs` read it back ("kept answer"). A query faster than
   kg.store.cache.SLOW_SECONDS is not kept and is evaluated in every run of both.
   An rdflib run that passes `--timeout` seconds is stopped (each rdflib query runs in a forked
   child) and reported as "> 60 s"; when an rdflib run takes more than `--slow-cutoff` seconds
   it is not repeated ("1 run").
4. Prints one table: load time, store size on disk, peak memory (getrusage of each backend's
   process and of its query processes), each query's median and the rdflib/oxigraph ratio.
   `--json FILE` keeps the numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from kg.store.cache import FOLDER  # noqa: E402

BUDGET_MS = 300  # what a saved query should take on the embedded store at a million triples


# -- the child: one backend ----------------------------------------------------------------

def child(args: argparse.Namespace) -> None:
    from kg.queries import bind_params, list_saved

    report: dict = {"backend": args.child}
    started = time.perf_counter()
    if args.child == "oxigraph":
        import pyoxigraph as ox

        from kg.store.oxigraph import OxigraphStore

        location = Path(args.location)
        shutil.rmtree(location, ignore_errors=True)
        raw = ox.Store(str(location))
        raw.bulk_load(path=args.nquads, format=ox.RdfFormat.N_QUADS)
        raw.flush()
        raw.optimize()
        del raw
        report["load_s"] = time.perf_counter() - started
        report["size_bytes"] = sum(f.stat().st_size for f in location.rglob("*") if f.is_file())
        store = OxigraphStore(location, read_only=True)
        report["quads"] = store.triple_count()
        store.close()  # each query opens the store in its own process
    else:
        from kg.store.memory import MemoryStore

        store = MemoryStore()
        store._ds.parse(args.nquads, format="nquads")  # the bulk path: one parse, no per-graph copies
        report["load_s"] = time.perf_counter() - started
        report["size_bytes"] = None
        report["quads"] = store.triple_count()
    report["rss_after_load_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report["queries"] = {}
    wanted = set(args.queries.split(",")) if args.queries else None
    for saved in list_saved():
        if wanted and saved.name not in wanted:
            continue
        if args.child == "oxigraph":
            result = time_in_subprocess(saved.name, args)
        else:
            result = time_in_fork(store, saved.text, bind_params(saved, params_of(args, saved.name)), args)
        if args.child == "oxigraph":
            shutil.rmtree(Path(args.location) / FOLDER, ignore_errors=True)
            kept = time_in_subprocess(saved.name, args, keep_answers=True)
            if kept.get("runs_ms"):
                result["first_ms"] = kept["runs_ms"][0]
                if len(kept["runs_ms"]) > 1:
                    result["kept_ms"] = statistics.median(kept["runs_ms"][1:])
        report["queries"][saved.name] = result
        print(f"  {args.child:8} {saved.name:26} {describe(result)}", file=sys.stderr, flush=True)
    # the loading process, and the largest of its query processes (rdflib: forked children
    # holding the shared dataset plus the query's own memory)
    report["peak_rss_kb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps(report))


def query_child(args: argparse.Namespace) -> None:
    """One saved query on the embedded store, opened read-only: a JSON line per run."""
    from kg.queries import bind_params, load_saved
    from kg.store.oxigraph import OxigraphStore

    saved = load_saved(args.query_child)
    bindings = bind_params(saved, params_of(args, saved.name))
    store = OxigraphStore(Path(args.location), read_only=True, keep_answers=args.keep_answers)
    report_runs(store, saved.text, bindings, args, sys.stdout, first=args.keep_answers)


def params_of(args: argparse.Namespace, name: str) -> dict[str, str]:
    """The parameters the benchmark gives a saved query (`--params` JSON), else its defaults."""
    if not args.params:
        return {}
    return json.loads(Path(args.params).read_text(encoding="utf-8")).get(name, {})


def report_runs(store, text: str, bindings: dict, args: argparse.Namespace, out, first: bool = False) -> None:
    """``first``: one more run before the ``--runs`` (the one that keeps the answer)."""
    for run in range(args.runs + first):
        started = time.perf_counter()
        rows = len(store.query(text, bindings=bindings).rows)
        elapsed = time.perf_counter() - started
        out.write(json.dumps({"s": elapsed, "rows": rows}) + "\n")
        out.flush()
        if elapsed > args.slow_cutoff and not (first and run == 0):
            break


def time_in_subprocess(name: str, args: argparse.Namespace, keep_answers: bool = False) -> dict:
    """Oxigraph is not fork-safe: each query runs in a fresh process (killed at the timeout)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--query-child", name,
               "--location", args.location, "--runs", str(args.runs), "--slow-cutoff", str(args.slow_cutoff)]
    if keep_answers:
        command.append("--keep-answers")
    if args.params:
        command += ["--params", args.params]
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    try:
        return read_runs(process.stdout, process.kill, args.timeout)
    finally:
        process.stdout.close()
        process.wait()


def time_in_fork(store, text: str, bindings: dict, args: argparse.Namespace) -> dict:
    """Each rdflib query in a forked child (it shares the loaded dataset); killed at the
    timeout, since an rdflib query cannot be interrupted otherwise."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        os.close(read_fd)
        with os.fdopen(write_fd, "w") as out:
            report_runs(store, text, bindings, args, out)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        try:
            return read_runs(pipe, lambda: os.kill(pid, signal.SIGKILL), args.timeout)
        finally:
            os.waitpid(pid, 0)


def read_runs(pipe, kill, timeout: float) -> dict:
    """Collect the JSON lines of the runs; each run gets ``timeout`` seconds, else ``kill``."""
    import select

    times, rows, buffer = [], 0, b""
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        ready = select.select([pipe], [], [], max(remaining, 0))[0] if remaining > 0 else []
        if not ready:
            timed_out = True
            kill()
            break
        chunk = os.read(pipe.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            record = json.loads(line)
            times.append(record["s"])
            rows = record["rows"]
            deadline = time.monotonic() + timeout
    if not times:
        return {"timeout": timed_out, "error": not timed_out, "runs_ms": []}
    result = {"median_ms": statistics.median(times) * 1000, "runs_ms": [round(s * 1000, 1) for s in times],
              "rows": rows}
    if timed_out:
        result["later_run_timed_out"] = True
    return result


def describe(result: dict) -> str:
    if result.get("timeout"):
        return "> timeout"
    if result.get("error"):
        return "failed"
    return f"{result['median_ms']:9.1f} ms  ({len(result['runs_ms'])} runs, {result['rows']} rows)"


# -- the parent: generate, run both children, print the table -----------------------------

def run_child(backend: str, nquads: Path, workdir: Path, args: argparse.Namespace) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", backend, "--nquads", str(nquads),
               "--location", str(workdir / "oxigraph"), "--runs", str(args.runs),
               "--timeout", str(args.timeout), "--slow-cutoff", str(args.slow_cutoff)]
    if args.queries:
        command += ["--queries", args.queries]
    if args.params:
        command += ["--params", args.params]
    print(f"loading and querying {backend} …", file=sys.stderr, flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt_ms(result: dict | None, timeout: float, runs: int) -> str:
    if result is None:
        return "–"
    if result.get("timeout"):
        return f"> {timeout:g} s"
    if result.get("error"):
        return "failed"
    ms = result["median_ms"]
    text = f"{ms / 1000:.1f} s" if ms >= 10_000 else f"{ms:.0f} ms"
    if len(result["runs_ms"]) < runs:
        text += f" ({len(result['runs_ms'])} run{'s' if len(result['runs_ms']) > 1 else ''})"
    return text


def ratio(slow: dict | None, fast: dict | None, timeout: float) -> str:
    if not slow or not fast or fast.get("timeout") or fast.get("error") or slow.get("error"):
        return "–"
    if slow.get("timeout"):
        return f"> {timeout * 1000 / fast['median_ms']:.0f}×"
    return f"{slow['median_ms'] / fast['median_ms']:.1f}×"


def human_bytes(n: float | None) -> str:
    if n is None:
        return "– (in memory)"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def table(ox: dict, rd: dict | None, info: dict, args: argparse.Namespace) -> str:
    rows = [("", "oxigraph, evaluated", "first, kept", "kept answer", "rdflib (in memory)", "rdflib / oxigraph")]
    rows.append(("load", f"{ox['load_s']:.1f} s", "", "", f"{rd['load_s']:.1f} s" if rd else "–",
                 f"{rd['load_s'] / ox['load_s']:.1f}×" if rd else "–"))
    rows.append(("store size on disk", human_bytes(ox["size_bytes"]), "", "", "– (in memory)" if rd else "–", ""))
    rows.append(("peak memory (max RSS)", human_bytes(ox["peak_rss_kb"] * 1024), "", "",
                 human_bytes(rd["peak_rss_kb"] * 1024) if rd else "–",
                 f"{rd['peak_rss_kb'] / ox['peak_rss_kb']:.1f}×" if rd else "–"))
    over, over_kept = [], []
    for name, result in ox["queries"].items():
        other = rd["queries"].get(name) if rd else None
        flag = flag_kept = ""
        if result.get("timeout") or result.get("error") or result["median_ms"] > BUDGET_MS:
            flag = " *"
            over.append(name)
        kept = result.get("kept_ms")
        if kept is None or kept > BUDGET_MS:
            flag_kept = " †"
            over_kept.append(name)
        rows.append((f"{name} ({result.get('rows', '?')} rows)", fmt_ms(result, args.timeout, args.runs) + flag,
                     "–" if result.get("first_ms") is None else f"{result['first_ms']:.0f} ms",
                     ("–" if kept is None else f"{kept:.1f} ms" if kept < 10 else f"{kept:.0f} ms") + flag_kept,
                     fmt_ms(other, args.timeout, args.runs), ratio(other, result, args.timeout)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"{info['quads']:,} quads in {info['documents']:,} documents ({args.source}, seed {args.seed}); "
             f"N-Quads {human_bytes(info['nquads_bytes'])}; queries: median of {args.runs} runs, "
             + ("default params except those below" if info.get("params") else "default params"),
             f"{info['machine']}"]
    for name, params in sorted(info.get("params", {}).items()):
        lines.append(f"  {name}: " + ", ".join(f"{k}={v}" for k, v in params.items()))
    lines.append("")
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"* over {BUDGET_MS} ms on the embedded store, evaluated: {', '.join(over) if over else 'none'}")
    lines.append(f"† over {BUDGET_MS} ms (or missing) from a kept answer: {', '.join(over_kept) if over_kept else 'none'}")
    return "\n".join(lines)


def machine() -> str:
    import pyoxigraph
    import rdflib

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPU(s) {cpu}; Python {platform.python_version()}, "
            f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}; allocator {allocator()}")


def corpus_nquads(path: Path, triples: int, seed: int, workdir: Path) -> tuple[int, int, Path]:
    """Synthetic articles built by kg itself (extraction, identity, derived graph) until the
    store holds at least `triples` quads, written as N-Quads."""
    import importlib.util

    import pyoxigraph as ox

    from kg.pipeline import build
    from kg.store import open_store

    spec = importlib.util.spec_from_file_location("kg_bench_generate_corpus", HERE / "generate_corpus.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen
    spec.loader.exec_module(gen)
    count = max(20, triples // 560)
    while True:
        corpus, location = workdir / f"corpus-{count}", workdir / f"built-{count}"
        if not (corpus / "articles.jsonl").is_file():
            gen.write_corpus(corpus, count, seed=seed, fmt="jsonl")
        shutil.rmtree(location, ignore_errors=True)
        with open_store(location) as store:
            report = build([corpus / "articles.jsonl"], store, jobs=None)
            quads = store.triple_count()
            if quads >= triples:
                store._store.dump(str(path), ox.RdfFormat.N_QUADS)
        shutil.rmtree(location, ignore_errors=True)
        if quads >= triples:
            return quads, len(report.read), corpus / "gold.jsonl"
        count = int(count * triples / quads * 1.02) + 1


def allocator() -> str:
    from kg.malloc import preloaded

    return "mimalloc (kg.malloc)" if preloaded() else "system malloc"


def main() -> None:
    from kg.malloc import reexec

    reexec()  # as the kg command does: every process of the benchmark inherits it
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many quads (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query; the median is reported")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run is stopped")
    parser.add_argument("--slow-cutoff", type=float, default=10.0,
                        help="a run slower than this is not repeated (default 10 s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", choices=("corpus", "synthetic"), default="corpus",
                        help="corpus: synthetic articles (generate_corpus.py) built by kg, derived graph "
                             "included (default); synthetic: a graph written directly (synthetic.py)")
    parser.add_argument("--queries", default="", help="comma-separated saved query names (default: all)")
    parser.add_argument("--skip-rdflib", action="store_true", help="only the embedded store")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the data here (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    parser.add_argument("--child", choices=("oxigraph", "rdflib"), help=argparse.SUPPRESS)
    parser.add_argument("--nquads", help=argparse.SUPPRESS)
    parser.add_argument("--location", help=argparse.SUPPRESS)
    parser.add_argument("--query-child", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)  # JSON: {query: {param: value}}
    parser.add_argument("--keep-answers", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.query_child:
        query_child(args)
        return
    if args.child:
        child(args)
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    nquads = workdir / f"{args.source}.nq"
    started = time.perf_counter()
    if args.source == "corpus":
        quads, documents, gold = corpus_nquads(nquads, args.triples, args.seed, workdir)
        from sample_params import sample_params

        params = sample_params(gold)
        args.params = str(workdir / "params.json")
        Path(args.params).write_text(json.dumps(params, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        from synthetic import write_nquads

        quads, documents = write_nquads(nquads, args.triples, args.seed)
    print(f"generated {quads:,} quads in {documents:,} documents ({args.source}) in "
          f"{time.perf_counter() - started:.1f} s ({nquads})", file=sys.stderr, flush=True)
    info = {"quads": quads, "documents": documents, "params": json.loads(Path(args.params).read_text(encoding="utf-8")) if args.params else {}, "nquads_bytes": nquads.stat().st_size, "machine": machine()}
    try:
        ox = run_child("oxigraph", nquads, workdir, args)
        rd = None if args.skip_rdflib else run_child("rdflib", nquads, workdir, args)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(ox, rd, info, args))
    if args.json:
        args.json.write_text(json.dumps({"info": info, "oxigraph": ox, "rdflib": rd}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
