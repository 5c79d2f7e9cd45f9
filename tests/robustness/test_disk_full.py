"""A build that runs out of disk says which file system is full and what became of the store
(issue 25). Before the fix it said "Error: None".

The disk is a real one where the test may mount a 2 MB tmpfs (as root in a container that
allows it); elsewhere the store's writes are made to fail with ENOSPC, as a full disk does.
"""
from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


@pytest.fixture(params=["tmpfs", "simulated"])
def small_disk(tmp_path: Path, request):
    """(folder on a small file system, its mount point), or (folder, None): the writes are made
    to fail as on a full disk (the only way where no file system can be mounted)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = request.param == "tmpfs" and os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True).returncode == 0
    if request.param == "tmpfs" and not mounted:
        pytest.skip("no tmpfs can be mounted here (not root, or not allowed)")
    try:
        yield disk, (disk if mounted else None)
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)


def fill(disk: Path, leave: int) -> None:
    st = os.statvfs(disk)
    room = st.f_bavail * st.f_frsize
    with (disk / "filler").open("wb") as f:
        f.write(b"\0" * max(0, room - leave))


def no_room(monkeypatch) -> None:
    """What a full disk does to the store, where no small file system can be mounted."""
    def add_documents(self, docs):
        raise OSError("IO error: No space left on device: While appending to file: 000012.log")

    monkeypatch.setattr(OxigraphStore, "add_documents", add_documents)


def build(store: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(store)])
    return result.exit_code, result.output.strip().splitlines()


def test_a_first_build_on_a_full_disk_names_it_and_leaves_the_store_unchanged(small_disk, monkeypatch) -> None:
    disk, mount = small_disk
    if mount:
        fill(disk, 300 * 1024)
    else:
        no_room(monkeypatch)
    code, lines = build(disk / "store")
    assert code == 1 and len(lines) == 1, lines
    where = mount or Path(os.path.abspath(disk))
    while not os.path.ismount(where):
        where = where.parent
    assert lines[0] == (f"Error: the file system at {where} is full (no space left on device); the store is "
                        "unchanged: make room there and build again")
    assert "None" not in lines[0]
    assert not list(disk.glob(".store.staging*"))  # nothing left beside it
    if mount:
        (disk / "filler").unlink()
    with open_store(disk / "store", read_only=True) as store:
        assert store.document_ids() == []


def test_a_build_into_a_store_with_documents_keeps_them_whole(small_disk, tmp_path, monkeypatch) -> None:
    disk, mount = small_disk
    first = tmp_path / "first"
    first.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:2]:
        (first / f.name).write_bytes(f.read_bytes())
    code, lines = build_paths([first], disk / "store")
    assert code == 0, lines
    with open_store(disk / "store", read_only=True) as store:
        before = {d: store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/kg-vn/graph/{d}> "
                                 "{ ?s ?p ?o } }").rows[0][0] for d in store.document_ids()}
    if mount:
        fill(disk, 64 * 1024)
    else:
        no_room(monkeypatch)
    code, lines = build_paths([CORPUS], disk / "store")
    assert code == 1 and len(lines) == 1, lines
    # the database may not even open (it writes its options file first), or stop while writing
    assert lines[0].startswith(f"Error: the file system at {mount} is full (no space left on device); ") if mount \
        else "is full (no space left on device)" in lines[0]
    assert "; the store keeps the documents written before (whole documents only): " in lines[0] \
        or "; the store is unchanged: " in lines[0]
    if mount:
        (disk / "filler").unlink()
    with open_store(disk / "store", read_only=True) as store:
        ids = store.document_ids()
        assert set(before) <= set(ids)
        for d in before:
            n = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/kg-vn/graph/{d}> "
                            "{ ?s ?p ?o } }").rows[0][0]
            assert int(n) >= int(before[d]) > 0 or d == "_derived"


def build_paths(paths: list[Path], store: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", *map(str, paths), "--store", str(store)])
    return result.exit_code, result.output.strip().splitlines()


def test_errno_enospc_from_python_is_read_as_a_full_disk() -> None:
    from kg.diskfull import is_disk_full

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OSError("IO error: No space left on device: While appending to file: /s/000012.log"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))


def test_a_store_built_in_two_steps_keeps_no_database_log(tmp_path: Path) -> None:
    """A second build writes in transactions; RocksDB kept their write-ahead logs (1.9 GB after
    a second build of 5,000 articles) until the store was next opened to write. The build now
    opens it again at the end (OxigraphStore.compact)."""
    halves = [tmp_path / "a", tmp_path / "b"]
    for i, f in enumerate(sorted(CORPUS.glob("*.txt"))):
        half = halves[i >= 2]
        half.mkdir(exist_ok=True)
        (half / f.name).write_bytes(f.read_bytes())
    for half in halves:
        code, lines = build_paths([half], tmp_path / "store")
        assert code == 0, lines
    logs = {p.name: p.stat().st_size for p in (tmp_path / "store").glob("*.log")}
    assert logs and sum(logs.values()) == 0, logs  # the current log only, and empty
