"""Hostile input that used to run for minutes or hours now runs through the text stages and the
extraction (issue 25).

Not a speed target (those are in benchmarks/bench_linear.py, whose table is in
benchmarks/README.md): each case runs in a forked child under a bound a hundred times what it
takes now, so that only a stage that is again quadratic can fail it. Before the fix,
`html_to_text` took 35 s on 200,000 characters of unclosed comments (about 15 minutes for the
megabyte here), `make_document` 51 s on a run of 200,000 combining marks (over 3 minutes for
the 400,000 here) and 1.5 s on 20,000 byline lines (about 2 minutes for the 200,000 here), and
`fold` 2.4 s on 20,000 U+0F73 (about 4 minutes for the 200,000 here). The marks after every
word never were slow; they are here as the common case of stray marks.
"""
from __future__ import annotations

import multiprocessing
import unicodedata

import pytest

from kg.extract import extract
from kg.html import html_to_text
from kg.nfc import nfc, nfd
from kg.text import fold, make_document

BOUND = 60.0  # seconds; each case takes well under one now
MB = 1_000_000


def _html(unit: str) -> str:
    return "<html><body><p>Hội nghị Tỉnh ủy</p>" + unit * (MB // len(unit))


CASES = {
    "html: unclosed <!--": lambda: html_to_text(_html("<!-- Bí thư ")),
    "html: unclosed <script>": lambda: html_to_text(_html("<script>var a = 1; ")),
    "html: <p without >": lambda: html_to_text(_html("<p class=x Hội nghị ")),
    "text: one run of marks": lambda: make_document("Hội nghị Tỉnh ủy a" + "\u0301\u0323" * 200_000, "x"),
    "text: marks after every word": lambda: make_document(("Tỉnh ủy" + "\u0301\u0323" * 20 + " ") * 20_000, "x"),
    "text: U+0F73 repeated, folded": lambda: fold("\u0f73" * 200_000),
    "text: byline lines at the end": lambda: make_document("Hội nghị Tỉnh ủy\n" + "Thanh Mai\n" * 200_000, "x"),
    # the extraction: 160 KB of the first took 108 s before it read long sentences in windows
    "extract: 'Đồng chí Nguyễn Văn An, ' repeated": lambda: extract(make_document("Đồng chí Nguyễn Văn An, " * 16_000, "x")),
    "extract: elections with votes in one sentence": lambda: extract(make_document(
        "HĐND tỉnh đã bầu ông Trần Văn Bình giữ chức Phó Chủ tịch UBND tỉnh với 45/50 đại biểu, " * 4_000, "x")),
    "extract: 'gồm:' repeated": lambda: extract(make_document("Hội nghị thảo luận gồm: " * 16_000, "x")),
    "extract: titles after names, no full stop": lambda: extract(make_document(
        "Nguyễn Văn An, Phó Chủ tịch UBND tỉnh, " * 10_000, "x")),
}


def _run(name: str, conn) -> None:
    CASES[name]()
    conn.send("done")


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_goes_through_the_text_stages(name: str) -> None:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_run, args=(name, child), daemon=True)
    proc.start()
    try:
        finished = parent.poll(BOUND)
    finally:
        proc.kill()
        proc.join()
    assert finished and parent.recv() == "done", f"{name}: still running after {BOUND:g} s"


def test_nfc_and_nfd_of_long_runs_of_marks_are_unicodes() -> None:
    for text in ("a" + "\u0301\u0323" * 500, "\u0f73" * 300 + "ấ" + "\u0300\u0323" * 40, "Tỉnh ủy\u0301\u0323" * 50):
        assert nfc(text) == unicodedata.normalize("NFC", text)
        assert nfd(text) == unicodedata.normalize("NFD", text)


def test_html_with_unclosed_markup_keeps_an_index_for_every_character() -> None:
    page = "<p>Hội nghị</p><!-- x <script>y <p z" + "<p " * 1000
    text, where = html_to_text(page)
    assert len(text) == len(where) and "Hội nghị" in text
    assert all(0 <= w < len(page) for w in where)
