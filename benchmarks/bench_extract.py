"""Extraction speed per article, against normalisation alone as the baseline, in one run.

    .venv/bin/python benchmarks/bench_extract.py [--repeat 20]

Prints one table: median and 95th-percentile milliseconds per article for the text stage
(decode + NFC + tone marks + boilerplate) and for the whole extraction, and their ratio.
The target is extraction of a typical article under 20 ms on this 2-core machine.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.text import make_document

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "data" / "corpus", ROOT / "tests" / "fixtures" / "articles"]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    lex = load_lexicon()
    texts = [(p.stem, p.read_text(encoding="utf-8")) for c in CORPORA for p in sorted(c.glob("*.txt"))]
    base, full = [], []
    for doc_id, raw in texts:
        make_document(raw, doc_id, lex=lex)  # warm-up
        base += timed(lambda: make_document(raw, doc_id, lex=lex), args.repeat)
        full += timed(lambda: extract(make_document(raw, doc_id, lex=lex), lex), args.repeat)

    def row(name, xs):
        xs = sorted(xs)
        return f"| {name:32} | {statistics.median(xs):8.2f} | {xs[int(0.95 * (len(xs) - 1))]:8.2f} |"

    chars = statistics.mean(len(t) for _, t in texts)
    print(f"{len(texts)} articles (mean {chars:.0f} characters), {args.repeat} runs each")
    print("| stage                            | median ms | p95 ms  |")
    print("|----------------------------------|----------|----------|")
    print(row("normalisation only (baseline)", base))
    print(row("normalisation + extraction", full))
    ratio = statistics.median(full) / statistics.median(base)
    verdict = "meets" if statistics.median(full) < 20 else "MISSES"
    print(f"ratio extraction/baseline: {ratio:.1f}x; median {statistics.median(full):.1f} ms {verdict} the 20 ms target")


if __name__ == "__main__":
    main()
