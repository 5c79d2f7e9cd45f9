"""Is every stage linear in its input? Each stage on each hostile input family at size n and 2n.

    .venv/bin/python benchmarks/bench_linear.py [--sizes 100,200] [--timeout 30] [--repeat 3]
                                               [--families dong-chi,html-p] [--stages extract]

Prints one table: for each input family of issue 25 and each stage (html_to_text, make_document,
extract, the whole build of one document), the seconds at each size (thousands of characters)
and the ratio t(2n)/t(n) of each doubling: about 2 is linear, about 4 quadratic. A run past
`--timeout` seconds is stopped and shown as ">T"; its ratio is then at least T/t(n). Each
run is a fresh forked process (nothing cached from the last size), the best of `--repeat`
runs (one when a run takes over 5 s). The first row of each family, str.split of the same
text, is the baseline: what linear looks like on this noisy machine in this run.

The extraction is measured through the public `kg.extract.extract(doc)`, whatever it is today.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE = (ROOT / "data" / "corpus" / "000_8f68731991dda5bb.txt").read_text(encoding="utf-8")
MARKS = "\u0301\u0323"  # sắc and nặng: two combining classes (230, 220), alternating


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    body = size - len(head) - len(tail)
    return head + (unit * (body // len(unit) + 1))[:body] + tail


#: name -> (make(size in characters) -> text, is HTML)
FAMILIES = {
    "dong-chi": (lambda n: _repeat("Đồng chí Nguyễn Văn An, ", n), False),
    "bau-giu-chuc": (lambda n: _repeat("bầu ông Nguyễn Văn An giữ chức Phó Chủ tịch UBND tỉnh với 45/50 đại biểu, ", n,
                                       head="Kỳ họp thứ 20 HĐND tỉnh Thái Nguyên khóa XIV đã "), False),
    "gom": (lambda n: _repeat("Thành phần gồm: ", n, head="Hội nghị Ban Thường vụ Tỉnh ủy. "), False),
    "stray-marks": (lambda n: _repeat("Tỉnh ủy" + MARKS * 20 + " Hội nghị ", n), False),
    "one-run-of-marks": (lambda n: _repeat(MARKS, n, head="Hội nghị Tỉnh ủy a"), False),
    "html-comment": (lambda n: _repeat("<!-- Bí thư ", n, head="<html><body><p>Hội nghị Tỉnh ủy</p>"), True),
    "html-script": (lambda n: _repeat("<script>var a = 1; ", n, head="<html><body><p>Hội nghị Tỉnh ủy</p>"), True),
    "html-p": (lambda n: _repeat("<p class=x Hội nghị ", n, head="<html><body><p>Hội nghị Tỉnh ủy</p>"), True),
    "plain-article": (lambda n: _repeat(ARTICLE + "\n\n", n), False),
}
STAGES = ("baseline: str.split", "html_to_text", "make_document", "extract", "build one document")


def _stage(stage: str, text: str, html: bool, folder: str) -> float:
    """Seconds `stage` takes on `text` (set-up not counted)."""
    from kg.extract import extract
    from kg.html import html_to_text
    from kg.lexicon import load_lexicon
    from kg.text import make_document

    lex = load_lexicon()
    if stage == "baseline: str.split":
        run = text.split
    elif stage == "html_to_text":
        run = lambda: html_to_text(text)  # noqa: E731
    elif stage == "make_document":
        run = lambda: make_document(text, "bench", lex=lex)  # noqa: E731
    elif stage == "extract":
        from kg.inputs import document_from_html

        doc = document_from_html(text, "bench", path="bench.html", lex=lex) if html else \
            make_document(text, "bench", lex=lex)
        run = lambda: extract(doc, lex)  # noqa: E731
    else:
        from kg.pipeline import build
        from kg.store import open_store

        path = Path(folder) / ("bench.html" if html else "bench.txt")
        path.write_text(text, encoding="utf-8")
        run = lambda: build([path], open_store(backend="memory"), time_limit=None)  # noqa: E731
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _child(conn, *args) -> None:
    try:
        conn.send(_stage(*args))
    except BaseException as err:  # reported in the table, not as a traceback
        conn.send(f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")


def timed(stage: str, text: str, html: bool, timeout: float, repeat: int) -> float | str | None:
    """Best seconds of `repeat` runs, None past the timeout, or an error's one line."""
    ctx = multiprocessing.get_context("fork")
    best = None
    with tempfile.TemporaryDirectory(prefix="kg-bench-linear-") as folder:
        for _ in range(repeat):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_child, args=(child, stage, text, html, folder), daemon=True)
            proc.start()
            answer = parent.recv() if parent.poll(timeout) else None
            proc.kill()
            proc.join()
            if answer is None or isinstance(answer, str):
                return answer
            best = answer if best is None else min(best, answer)
            if answer > 5:
                break
    return best


def cell(t: float | str | None, timeout: float) -> str:
    if t is None:
        return f">{timeout:g}"
    if isinstance(t, str):
        return "error"
    return f"{t:.3f}"


def ratio(a: float | str | None, b: float | str | None, timeout: float) -> str:
    if isinstance(a, str) or isinstance(b, str) or a is None:
        return "—"
    if b is None:
        return f">{timeout / a:.1f}"
    return f"{b / a:.2f}" if a > 0 else "—"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,200", help="thousands of characters, each double the last")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds a run may take")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--stages", default=",".join(STAGES))
    args = ap.parse_args()
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    stages = [s for s in STAGES if s in args.stages.split(",") or s.split(":")[0] in args.stages.split(",")]
    head = ["family", "stage", *(f"{n // 1000}k s" for n in sizes),
            *(f"t({b // 1000}k)/t({a // 1000}k)" for a, b in zip(sizes, sizes[1:]))]
    print(f"kg stages at {', '.join(f'{n // 1000}k' for n in sizes)} characters; best of {args.repeat}; "
          f"timeout {args.timeout:g} s; python {sys.version.split()[0]}")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for family in args.families.split(","):
        make, html = FAMILIES[family]
        texts = [make(n) for n in sizes]
        for stage in stages:
            times = [timed(stage, text, html, args.timeout, args.repeat) for text in texts]
            errors = [t for t in times if isinstance(t, str)]
            row = [family, stage, *(cell(t, args.timeout) for t in times),
                   *(ratio(a, b, args.timeout) for a, b in zip(times, times[1:]))]
            print("| " + " | ".join(row) + " |" + (f"  ({errors[0]})" if errors else ""), flush=True)


if __name__ == "__main__":
    main()
