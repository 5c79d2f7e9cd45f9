"""FIFOs, devices, links to nothing, folders that cannot be read, and file names with spaces or
newlines (issue 25): nothing blocks, nothing is read past the size limit, every input that
cannot be read gets one line, and a name that does not print is quoted in it.

Before the fix a FIFO named as an article hung the build for ever (opening it for reading waits
for a writer), /dev/zero was read until memory ran out, a FIFO or an unreadable folder inside a
folder was passed over without a word, a file name with a space was refused and one with a
newline broke the one-line report.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg.inputs
from kg.errors import InputError
from kg.files import read_limited
from kg.pipeline import build
from kg.store import open_store

ARTICLE = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Hà Giang lần thứ 15, khóa XVII\n\n14/6/2024 08:00\n\n"
           "Sáng 14/6, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 15, khóa XVII. "
           "Đồng chí {name}, Bí thư Tỉnh ủy chủ trì Hội nghị.")


def write(path: Path, name: str = "Nguyễn Mạnh Dũng") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(name=name), encoding="utf-8")
    return path


def names(store) -> set[str]:
    rows = store.query("PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT DISTINCT ?n WHERE { ?p foaf:name ?n }").rows
    return {str(r[0]) for r in rows}


def one_line_each(report) -> dict[str, str]:
    for _where, reason in report.skipped:
        assert "\n" not in reason, reason
    return dict(report.skipped)


def test_a_fifo_or_a_device_named_on_the_command_line_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = write(tmp_path / "good.txt")
    try:  # a child process: before the fix, opening the FIFO waited for ever
        done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(fifo), "/dev/zero", str(good),
                               "--store", str(tmp_path / "store")], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("the build blocked on a FIFO or read a device without end")
    assert done.returncode == 2, done.stderr
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped:")]
    assert skipped == [f"skipped: {fifo}: a FIFO (named pipe), not a regular file: not read",
                       "skipped: /dev/zero: a character device, not a regular file: not read"]
    assert done.stdout.startswith("1 document(s) read, 2 skipped")


def test_special_files_and_links_to_nothing_inside_a_folder_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(folder / "a.txt")
    os.mkfifo(folder / "b_pipe.txt")
    (folder / "c_link.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(folder / "not-an-article")  # no article's name: not an input, as any other file
    write(folder / "d.txt", "Đặng Quốc Khánh")
    store = open_store(backend="memory")
    report = build([folder], store, time_limit=None)
    assert report.read == ["a", "d"]
    assert one_line_each(report) == {
        str(folder / "b_pipe.txt"): f"{folder / 'b_pipe.txt'}: a FIFO (named pipe), not a regular file: not read",
        str(folder / "c_link.txt"): f"{folder / 'c_link.txt'}: a link to nothing; not read"}
    assert {"Nguyễn Mạnh Dũng", "Đặng Quốc Khánh"} <= names(store)


def test_a_folder_that_cannot_be_read_is_reported(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "articles"
    write(folder / "a.txt")
    write(folder / "locked" / "b.txt", "Đặng Quốc Khánh")
    locked = folder / "locked"
    if os.geteuid() == 0:  # root reads any folder: make this one fail as it would for a user
        real = os.scandir

        def scandir(path):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(kg.inputs.os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        report = build([folder], open_store(backend="memory"), time_limit=None)
    finally:
        locked.chmod(0o755)
    assert report.read == ["a"]
    assert one_line_each(report) == {
        str(locked): f"{locked}: cannot read the folder (Permission denied); the files in it are not read"}


def test_at_most_the_limit_and_one_byte_is_read_whatever_the_stated_size(tmp_path: Path) -> None:
    # files of /proc say they are empty (st_size 0) and are not
    proc = Path("/proc/self/maps")
    assert proc.stat().st_size == 0 and len(proc.read_bytes()) > 200
    with pytest.raises(InputError, match="more than 0.0 MB, above the 0.0 MB limit"):
        read_limited(proc, limit=100)
    assert read_limited(write(tmp_path / "a.txt"), limit=1000).decode("utf-8").startswith("Hội nghị")


def test_a_file_name_with_spaces_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "Hội nghị tỉnh ủy.txt")
    store = open_store(backend="memory")
    report = build([tmp_path], store, time_limit=None)
    assert report.read == ["Hội nghị tỉnh ủy"] and not report.skipped
    assert "Nguyễn Mạnh Dũng" in names(store)
    assert store.document_ids() == ["Hội nghị tỉnh ủy", "_derived"]
    assert path.exists()


def test_a_file_name_with_a_newline_is_quoted_in_its_one_line_report(tmp_path: Path) -> None:
    bad = tmp_path / "tin\nmới.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    fifo = tmp_path / "ống\ndẫn.txt"
    os.mkfifo(fifo)
    write(tmp_path / "a.txt")
    report = build([tmp_path], open_store(backend="memory"), time_limit=None)
    reasons = one_line_each(report)
    assert reasons[str(bad)].startswith(repr(str(bad)) + ": binary file")
    assert reasons[str(fifo)] == f"{str(fifo)!r}: a FIFO (named pipe), not a regular file: not read"
