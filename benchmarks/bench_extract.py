"""Extraction speed per article, against normalisation alone and (optionally) against the
extraction of another checkout, in one run.

    .venv/bin/python benchmarks/bench_extract.py [--repeat 10] [--against PATH]

`--against PATH` times the extraction of the kg package in PATH (a checkout of the commit
before: `git worktree add /tmp/before HEAD~1`) on the same articles, in a child process run in
turn with this one, and prints the ratio. Prints one table: median and 95th-percentile
milliseconds per article for the text stage (decode + NFC + tone marks + boilerplate) and for
the whole extraction, and the median scaled to a 4,000-character article. The target is under
10 ms per 4,000-character article on this 2-core machine (issue #26).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPORA = [ROOT / "data" / "corpus", FIXTURES / "articles", FIXTURES / "national-a" / "articles",
           FIXTURES / "national-b" / "articles"]
TARGET_MS_PER_4000 = 10.0


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def measure(paths: list[str], repeat: int) -> dict:
    """Per article: the median ms of normalisation and of normalisation + extraction."""
    from kg.extract import extract
    from kg.lexicon import load_lexicon
    from kg.text import make_document

    lex = load_lexicon()
    out = {"base": [], "full": [], "chars": []}
    for p in paths:
        raw = Path(p).read_text(encoding="utf-8")
        extract(make_document(raw, "x", lex=lex), lex)  # warm-up
        out["base"].append(statistics.median(timed(lambda: make_document(raw, "x", lex=lex), repeat)))
        out["full"].append(statistics.median(timed(lambda: extract(make_document(raw, "x", lex=lex), lex), repeat)))
        out["chars"].append(len(raw))
    return out


def per_4000(m: dict) -> float:
    return statistics.median(ms * 4000 / n for ms, n in zip(m["full"], m["chars"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--against", type=Path, help="a checkout whose extraction is timed on the same articles")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:  # run inside the other checkout: print the measurements as JSON
        print(json.dumps(measure(args.paths, args.repeat)))
        return
    paths = [str(p) for c in CORPORA for p in sorted(c.glob("*.txt"))]
    now = measure(paths, args.repeat)
    before = None
    if args.against:
        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--repeat", str(args.repeat), *paths],
                               cwd=args.against, capture_output=True, text=True, check=True,
                               env={"PYTHONPATH": str(args.against), "PATH": "/usr/bin:/bin"})
        before = json.loads(child.stdout)

    def row(name, xs):
        xs = sorted(xs)
        return f"| {name:34} | {statistics.median(xs):9.2f} | {xs[int(0.95 * (len(xs) - 1))]:7.2f} |"

    print(f"{len(paths)} articles (mean {statistics.mean(now['chars']):.0f} characters), median of {args.repeat} runs each")
    print("| stage                              | median ms | p95 ms  |")
    print("|------------------------------------|-----------|---------|")
    print(row("normalisation only (baseline)", now["base"]))
    print(row("normalisation + extraction", now["full"]))
    if before:
        print(row(f"the same, {args.against.name}", before["full"]))
    ms = per_4000(now)
    verdict = "meets" if ms < TARGET_MS_PER_4000 else "MISSES"
    print(f"extraction/normalisation: {statistics.median(now['full']) / statistics.median(now['base']):.1f}x; "
          f"{ms:.1f} ms per 4,000 characters {verdict} the {TARGET_MS_PER_4000:.0f} ms target")
    if before:
        print(f"against {args.against}: {ms / per_4000(before):.2f}x its {per_4000(before):.1f} ms per 4,000 characters")


if __name__ == "__main__":
    main()
