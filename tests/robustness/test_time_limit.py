"""A document whose extraction runs past the time limit is reported in one line and skipped, and
the batch goes on (issue 25), in one process and in worker processes.

The slow document is made slow the way hostile text makes extraction slow: a regular expression
match that backtracks for ages. Python cannot interrupt one (no signal, no exception reaches it
until it returns), so only a watchdog that kills the process doing it can keep the limit
(kg.workers). Each build runs in a child Python under a time limit of its own, so that a build
that waits for the match fails the test instead of hanging the run; before the fix it did wait.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg import pipeline
from kg.store import open_store

N_DOCS = 80  # above pipeline.MIN_PARALLEL: jobs=2 starts workers
SLOW = 10  # the input whose extraction does not end

# The slow document's extraction first runs a match that takes about 2^60 steps. At module level,
# as a script's own change to the pipeline would be: spawned workers import the script again.
SCRIPT = textwrap.dedent("""
    import re, sys
    import kg.pipeline as pipeline
    real = pipeline._extract_doc
    def slow(doc, lex):
        if "CHẬM" in doc.text:
            re.match(r"(a+)+$", "a" * 60 + "b")
        return real(doc, lex)
    pipeline._extract_doc = slow
    if __name__ == "__main__":
        from kg.store import open_store
        with open_store(sys.argv[2], backend="oxigraph") as store:
            report = pipeline.build([sys.argv[1]], store, jobs=int(sys.argv[3]), time_limit=float(sys.argv[4]))
        for _where, reason in report.skipped:
            print("skipped:", reason)
        print("read", len(report.read), flush=True)
""")


def corpus(folder: Path) -> Path:
    lines = []
    for i in range(N_DOCS):
        day = 1 + i % 28
        text = (f"Hội nghị Ban Thường vụ Tỉnh ủy Lai Châu ngày {day}/5/2025\n\n"
                f"Ngày {day}/5, Ban Thường vụ Tỉnh ủy Lai Châu họp cho ý kiến vào Đề án số {i + 1}. "
                f"Đồng chí Lò Văn Pọm {i}, Phó Bí thư Tỉnh ủy chủ trì hội nghị."
                + (" CHẬM" if i == SLOW else ""))
        lines.append(json.dumps({"id": f"laichau-{i:03}", "text": text}, ensure_ascii=False))
    path = folder / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2], ids=["one process", "worker processes"])
def test_a_document_past_the_time_limit_is_skipped_and_the_batch_goes_on(tmp_path: Path, jobs: int) -> None:
    assert N_DOCS >= pipeline.MIN_PARALLEL
    articles = corpus(tmp_path)
    (tmp_path / "script.py").write_text(SCRIPT, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, str(tmp_path / "script.py"), str(articles), str(tmp_path / "store"),
                               str(jobs), "3"], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("the build waited for a document that runs for ages")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == f"read {N_DOCS - 1}"
    skipped = [line for line in lines if line.startswith("skipped:")]
    assert skipped == [f"skipped: {articles}:{SLOW + 1}: extraction ran past the time limit of 3 s for one "
                       "document, and was stopped; skipped (kg build --doc-timeout sets the limit)"]
    with open_store(tmp_path / "store", read_only=True) as store:
        ids = [d for d in store.document_ids() if d.startswith("laichau-")]
    assert ids == [f"laichau-{i:03}" for i in range(N_DOCS) if i != SLOW]


def test_without_a_slow_document_the_limit_changes_nothing(tmp_path: Path) -> None:
    """The same corpus, without the slow document, gives the same Turtle with and without the
    limit (with it, extraction runs in a forked process)."""
    import io

    from kg.export import export

    lines = corpus(tmp_path).read_text(encoding="utf-8").replace(" CHẬM", "")
    (tmp_path / "ok.jsonl").write_text(lines, encoding="utf-8")
    out = []
    for limit in (None, 60.0):
        with open_store(tmp_path / f"store-{limit}") as store:
            report = pipeline.build([tmp_path / "ok.jsonl"], store, jobs=1, time_limit=limit)
            buf = io.BytesIO()
            export(store, "turtle", buf)
        assert len(report.read) == N_DOCS and not report.skipped
        out.append(buf.getvalue())
    assert out[0] == out[1]
