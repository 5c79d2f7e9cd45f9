#!/usr/bin/env python
"""`kg view` on a synthetic corpus, against `kg build` of the same corpus in the same run (issue 28).

    .venv/bin/python benchmarks/bench_view.py                       # 2,000 articles
    .venv/bin/python benchmarks/bench_view.py --count 35000 --json out.json

For N articles (benchmarks/generate_corpus.py, JSON Lines, seed 1), each step a command in a
fresh process, timed from outside, its peak memory that of the process and of its largest
worker:

* the build: `kg build articles.jsonl --store S --jobs J` (the baseline of the ratio);
* the site: `kg view --store S --out SITE`: seconds, peak memory, files, pages, megabytes;
* a rebuild after one article changed (a new official named in it, built again into S):
  `kg view` again into the same folder, and how many files it rewrote.

The ratio view / build is what to read: this machine (2 cores) is shared and noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KG = Path(sys.executable).with_name("kg")
CHANGED = " Đồng chí Nguyễn Văn Mới, Phó Chủ tịch UBND tỉnh dự họp."


# a fresh parent for each command: its RUSAGE_CHILDREN is that command's alone (and its workers')
_WRAP = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print('PEAK_KB=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
         "sys.exit(r.returncode)")


def _run(argv: list[str]) -> dict:
    """Run a command; its wall time, the peak memory of its biggest process (MB), its output."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(argv[:3])} failed ({done.returncode}): {done.stderr[-2000:]}")
    peak = int(re.search(r"PEAK_KB=(\d+)", done.stderr).group(1))
    return {"seconds": seconds, "peak_mb": peak / 1024, "out": done.stdout + done.stderr}


def _site(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"files": len(files), "pages": sum(p.suffix == ".html" for p in files),
            "mb": sum(p.stat().st_size for p in files) / 1e6}


def _written(log: str) -> dict:
    found = re.search(r"(\d+) files: (\d+) written, (\d+) unchanged, (\d+) removed", log)
    return dict(zip(("files", "written", "unchanged", "removed"), map(int, found.groups()))) if found else {}


def _changed_record(corpus: Path, out: Path) -> str:
    """The first article with one more official in it, as a JSON Lines file of its own."""
    with corpus.open(encoding="utf-8") as f:
        record = json.loads(f.readline())
    record["text"] += CHANGED
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return record["id"]


def bench(count: int, workdir: Path, jobs: int) -> dict:
    corpus = workdir / f"c{count}" / "articles.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--count", str(count), "--out",
                        str(corpus.parent), "--format", "jsonl"], check=True, capture_output=True)
    store, site = workdir / f"store-{count}", workdir / f"site-{count}"
    out = {"count": count, "jobs": jobs}
    out["build"] = _run([str(KG), "build", str(corpus), "--store", str(store), "--jobs", str(jobs)])
    out["view"] = _run([str(KG), "view", "--store", str(store), "--out", str(site)])
    out["site"] = _site(site)
    doc = _changed_record(corpus, workdir / "changed.jsonl")
    out["rebuild_build"] = _run([str(KG), "build", str(workdir / "changed.jsonl"), "--store", str(store)])
    out["rebuild_view"] = _run([str(KG), "view", "--store", str(store), "--out", str(site)])
    out["rebuild_files"] = _written(out["rebuild_view"]["out"])
    out["changed_doc"] = doc
    return out


def table(r: dict) -> str:
    b, v, rv, s = r["build"], r["view"], r["rebuild_view"], r["site"]
    rows = [
        ("articles", f"{r['count']:,}"),
        ("kg build, s (--jobs {})".format(r["jobs"]), f"{b['seconds']:.1f}"),
        ("kg view, s", f"{v['seconds']:.1f}"),
        ("**ratio view / build**", f"**{v['seconds'] / b['seconds']:.2f}**"),
        ("kg view peak memory, MB (largest process)", f"{v['peak_mb']:,.0f}"),
        ("site: files / pages / MB", f"{s['files']:,} / {s['pages']:,} / {s['mb']:,.0f}"),
        ("one article changed: kg build, s", f"{r['rebuild_build']['seconds']:.1f}"),
        ("then kg view, s", f"{rv['seconds']:.1f}"),
        ("files rewritten / unchanged / removed", "{written:,} / {unchanged:,} / {removed:,}".format(**r["rebuild_files"])
         if r["rebuild_files"] else "?"),
    ]
    steps = [line for line in v["out"].splitlines() if "(" in line and line.rstrip().endswith("s)")]
    return "\n".join(["| measure | value |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]) + \
        "\n\nkg view's own steps:\n" + "\n".join(f"    {line}" for line in steps)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=2000, help="articles (default 2000; the issue's size: 35000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="build workers (default: cores)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpus, store and site here")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result = bench(args.count, workdir, args.jobs)
    print(table(result))
    if args.json:
        for step in ("build", "view", "rebuild_build", "rebuild_view"):
            result[step].pop("out", None)
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
