"""Store benchmark: the embedded Oxigraph store against rdflib in memory, on a synthetic graph.

    .venv/bin/python benchmarks/bench_store.py [--triples 1000000] [--runs 5] [--timeout 60]

1. Writes a synthetic graph shaped like ontology/MODEL.md (benchmarks/synthetic.py) as N-Quads,
   one named graph per document.
2. Loads it in a fresh process per backend, so that each one's peak memory is its own:
   oxigraph = pyoxigraph's bulk loader into an on-disk store (the store `kg build` makes),
   then queried read-only through kg.store, as `kg query` and `kg serve` do;
   rdflib   = the N-Quads parsed into kg.store's memory backend (an rdflib Dataset), the baseline.
3. Runs every saved query of queries/ with its default parameters `--runs` times and takes the
   median (a query's time includes turning the rows into rdflib terms, as `kg query` does).
   An rdflib run that passes `--timeout` seconds is stopped (each rdflib query runs in a forked
   child) and reported as "> 60 s"; when an rdflib run takes more than `--slow-cutoff` seconds
   it is not repeated ("1 run").
4. Prints one table: load time, store size on disk, peak memory (getrusage of each backend's
   process), each query's median and the rdflib/oxigraph ratio. `--json FILE` keeps the numbers.
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
        bindings = bind_params(saved, {})
        if args.child == "oxigraph":
            result = time_in_process(store, saved.text, bindings, args)
        else:
            result = time_in_fork(store, saved.text, bindings, args)
        report["queries"][saved.name] = result
        print(f"  {args.child:8} {saved.name:26} {describe(result)}", file=sys.stderr, flush=True)
    report["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(report))


def time_in_process(store, text: str, bindings: dict, args: argparse.Namespace) -> dict:
    """Runs in this process (Oxigraph is not fork-safe); a run past the timeout is abandoned."""
    from kg.errors import QueryTimeout

    times, rows = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        try:
            rows = len(store.query(text, bindings=bindings, timeout=args.timeout).rows)
        except QueryTimeout:
            return {"timeout": True, "runs_ms": [round(t * 1000, 1) for t in times]}
        times.append(time.perf_counter() - started)
        if times[-1] > args.slow_cutoff:
            break
    return {"median_ms": statistics.median(times) * 1000, "runs_ms": [round(t * 1000, 1) for t in times],
            "rows": rows}


def time_in_fork(store, text: str, bindings: dict, args: argparse.Namespace) -> dict:
    """Each query in a forked child that reports every run through a pipe; the child is killed
    when a run passes the timeout (an rdflib query cannot be interrupted otherwise)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        os.close(read_fd)
        with os.fdopen(write_fd, "w") as out:
            for _ in range(args.runs):
                started = time.perf_counter()
                rows = len(store.query(text, bindings=bindings).rows)
                elapsed = time.perf_counter() - started
                out.write(json.dumps({"s": elapsed, "rows": rows}) + "\n")
                out.flush()
                if elapsed > args.slow_cutoff:
                    break
        os._exit(0)
    os.close(write_fd)
    times, rows, buffer = [], 0, b""
    deadline = time.monotonic() + args.timeout
    timed_out = False
    import select

    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([pipe], [], [], remaining)
            if not ready:
                timed_out = True
                break
            chunk = pipe.read(65536)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                record = json.loads(line)
                times.append(record["s"])
                rows = record["rows"]
                deadline = time.monotonic() + args.timeout  # each run gets the full timeout
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if timed_out and not times:
        return {"timeout": True, "runs_ms": []}
    result = {"median_ms": statistics.median(times) * 1000, "runs_ms": [round(t * 1000, 1) for t in times],
              "rows": rows}
    if timed_out:
        result["later_run_timed_out"] = True
    return result


def describe(result: dict) -> str:
    if result.get("timeout"):
        return "> timeout"
    return f"{result['median_ms']:9.1f} ms  ({len(result['runs_ms'])} runs, {result['rows']} rows)"


# -- the parent: generate, run both children, print the table -----------------------------

def run_child(backend: str, nquads: Path, workdir: Path, args: argparse.Namespace) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", backend, "--nquads", str(nquads),
               "--location", str(workdir / "oxigraph"), "--runs", str(args.runs),
               "--timeout", str(args.timeout), "--slow-cutoff", str(args.slow_cutoff)]
    if args.queries:
        command += ["--queries", args.queries]
    print(f"loading and querying {backend} …", file=sys.stderr, flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt_ms(result: dict | None, timeout: float, runs: int) -> str:
    if result is None:
        return "–"
    if result.get("timeout"):
        return f"> {timeout:g} s"
    ms = result["median_ms"]
    text = f"{ms / 1000:.1f} s" if ms >= 10_000 else f"{ms:.0f} ms"
    if len(result["runs_ms"]) < runs:
        text += f" ({len(result['runs_ms'])} run{'s' if len(result['runs_ms']) > 1 else ''})"
    return text


def ratio(slow: dict | None, fast: dict | None, timeout: float) -> str:
    if not slow or not fast or fast.get("timeout"):
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
    rows = [("", "oxigraph (embedded)", "rdflib (in memory)", "rdflib / oxigraph")]
    rows.append(("load", f"{ox['load_s']:.1f} s", f"{rd['load_s']:.1f} s" if rd else "–",
                 f"{rd['load_s'] / ox['load_s']:.1f}×" if rd else "–"))
    rows.append(("store size on disk", human_bytes(ox["size_bytes"]), "– (in memory)" if rd else "–", ""))
    rows.append(("peak memory (max RSS)", human_bytes(ox["peak_rss_kb"] * 1024),
                 human_bytes(rd["peak_rss_kb"] * 1024) if rd else "–",
                 f"{rd['peak_rss_kb'] / ox['peak_rss_kb']:.1f}×" if rd else "–"))
    over = []
    for name, result in ox["queries"].items():
        other = rd["queries"].get(name) if rd else None
        flag = ""
        if result.get("timeout") or result["median_ms"] > BUDGET_MS:
            flag = " *"
            over.append(name)
        rows.append((f"{name} ({result.get('rows', '?')} rows)", fmt_ms(result, args.timeout, args.runs) + flag,
                     fmt_ms(other, args.timeout, args.runs), ratio(other, result, args.timeout)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{info['quads']:,} quads in {info['documents']:,} documents (synthetic, seed {args.seed}); "
             f"N-Quads {human_bytes(info['nquads_bytes'])}; queries: median of {args.runs} runs, default params",
             f"{info['machine']}", ""]
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"* over {BUDGET_MS} ms on the embedded store: {', '.join(over) if over else 'none'}")
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
            f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many quads (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query; the median is reported")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run is stopped")
    parser.add_argument("--slow-cutoff", type=float, default=10.0,
                        help="a run slower than this is not repeated (default 10 s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", default="", help="comma-separated saved query names (default: all)")
    parser.add_argument("--skip-rdflib", action="store_true", help="only the embedded store")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the data here (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    parser.add_argument("--child", choices=("oxigraph", "rdflib"), help=argparse.SUPPRESS)
    parser.add_argument("--nquads", help=argparse.SUPPRESS)
    parser.add_argument("--location", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    from synthetic import write_nquads

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    nquads = workdir / "synthetic.nq"
    started = time.perf_counter()
    quads, documents = write_nquads(nquads, args.triples, args.seed)
    print(f"generated {quads:,} quads in {documents:,} documents in {time.perf_counter() - started:.1f} s "
          f"({nquads})", file=sys.stderr, flush=True)
    info = {"quads": quads, "documents": documents, "nquads_bytes": nquads.stat().st_size, "machine": machine()}
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
