"""Worker processes that die: the parallel build stops with a one-line error instead of waiting for
ever. Each build runs in a child Python (a script of its own, as a user would write one), under a
time limit, so that a hang fails the test rather than the whole run."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg import pipeline
from kg.store import open_store

N_DOCS = 80  # above pipeline.MIN_PARALLEL: jobs=2 starts workers
DIES_AT = 50  # the input whose worker os._exit()s in the second script

# The mistake a script makes most often under the spawn start method: the build at module level,
# so that every worker, importing the script again, starts a build of its own.
UNGUARDED = textwrap.dedent("""
    import sys
    from kg.pipeline import build
    from kg.store import open_store
    with open_store(sys.argv[2], backend="oxigraph") as store:
        build([sys.argv[1]], store, jobs=2)
    print("built", flush=True)
""")

# A guarded script whose worker dies mid-build (as one killed by the kernel for want of memory).
DYING = textwrap.dedent(f"""
    import os, sys
    import kg.pipeline as pipeline
    from kg.errors import KgError
    real = pipeline.process
    def dying(task, *args, **kwargs):
        if task.where.endswith(":{DIES_AT}"):
            os._exit(9)
        return real(task, *args, **kwargs)
    pipeline.process = dying  # module level: the workers import this script, and take it too
    if __name__ == "__main__":
        from kg.store import open_store
        with open_store(sys.argv[2], backend="oxigraph") as store:
            try:
                pipeline.build([sys.argv[1]], store, jobs=2)
            except KgError as err:
                print("error:", err, flush=True)
                sys.exit(1)
        print("built", flush=True)
""")


def corpus(folder: Path) -> Path:
    """N_DOCS one-paragraph articles as JSON Lines, written for this test."""
    import json

    lines = []
    for i in range(N_DOCS):
        day = 1 + i % 28
        text = (f"Hội nghị Ban Thường vụ Tỉnh ủy Lai Châu ngày {day}/5/2025\n\n"
                f"Ngày {day}/5, Ban Thường vụ Tỉnh ủy Lai Châu họp cho ý kiến vào Đề án số {i + 1} "
                f"về phát triển chè. Đồng chí Lò Văn Pọm {i}, Phó Bí thư Tỉnh ủy chủ trì hội nghị.")
        lines.append(json.dumps({"id": f"laichau-{i:03}", "text": text, "date": f"2025-05-{day:02}"},
                                ensure_ascii=False))
    path = folder / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "script.py").write_text(script, encoding="utf-8")
    try:
        return subprocess.run([sys.executable, str(tmp_path / "script.py"), str(corpus(tmp_path)),
                               str(tmp_path / "store")],
                              capture_output=True, text=True, timeout=180, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("the build hung instead of stopping when its workers died")


def test_the_corpus_builds_in_parallel_when_no_worker_dies(tmp_path) -> None:
    assert N_DOCS >= pipeline.MIN_PARALLEL
    done = run(DYING.replace(f'":{DIES_AT}"', '":no such input"'), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "built"
    with open_store(tmp_path / "store", read_only=True) as store:
        assert sum(d.startswith("laichau-") for d in store.document_ids()) == N_DOCS


def test_a_build_at_module_level_stops_with_a_hint_instead_of_hanging(tmp_path) -> None:
    done = run(UNGUARDED, tmp_path)
    assert done.returncode != 0
    assert "built" not in done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("kg.errors.KgError: the extraction workers stopped after 0 input(s)")
    assert 'if __name__ == "__main__":' in last


def test_a_worker_that_dies_mid_build_stops_the_build_with_one_line(tmp_path) -> None:
    done = run(DYING, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    line = done.stdout.strip()
    assert line.startswith("error: the extraction workers stopped after ")
    assert "one was killed" in line and "\n" not in line
    received = int(line.split("after ")[1].split(" ")[0])
    assert received < DIES_AT  # results come back in input order: none from the dead one on
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.document_ids() == []  # built aside: the empty store is left as it was
