"""Nothing a user owns is deleted (issue 25): `kg build --store DIR` writes, and replaces, only a
folder it can prove is a kg store (kg.store.folder); anything else is refused in one line.

Before the fix, a build into a folder that was not a store wrote Oxigraph's files into it, built
the new store aside and swapped it in, removing the folder with everything in it, and exited 0.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreError
from kg.pipeline import build
from kg.store import open_store
from kg.store.folder import MARKER

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
ARTICLE = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Hà Giang lần thứ 15, khóa XVII\n\n14/6/2024 08:00\n\n"
           "Sáng 14/6, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 15, khóa XVII. "
           "Đồng chí Nguyễn Mạnh Dũng, Bí thư Tỉnh ủy chủ trì Hội nghị.")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(result, folder: Path) -> None:
    assert result.exit_code != 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(folder) in lines[0] and "not a kg store" in lines[0]


def test_a_build_into_the_articles_own_folder_is_refused_and_keeps_them(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "sources.yaml").write_text("default:\n  site: hagiang.gov.vn\n", encoding="utf-8")
    before = files_of(articles)
    result = CliRunner().invoke(main, ["build", str(articles), "--store", str(articles)])
    refused(result, articles)
    assert files_of(articles) == before
    assert sorted(p.name for p in articles.iterdir()) == ["a.txt", "sources.yaml"]  # nothing added either


def test_a_folder_with_unrelated_files_is_refused_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "photos").mkdir(parents=True)
    (folder / "notes.md").write_text("ghi chú\n", encoding="utf-8")
    (folder / "photos" / "x.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "000001.log").write_text("my own log, named like a database file\n", encoding="utf-8")
    before = files_of(folder)
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(folder)])
    refused(result, folder)
    assert files_of(folder) == before
    assert not list(tmp_path.glob(".mine.*"))  # no staging folder either


def test_a_new_or_empty_folder_becomes_a_store_with_its_marker(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new" / "store"):
        result = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(folder)])
        assert result.exit_code == 0, result.output
        assert (folder / MARKER).is_file()
        # built again: the folder is a kg store now, so it may be replaced
        again = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(folder)])
        assert again.exit_code == 0, again.output


def test_a_store_of_an_earlier_kg_without_the_marker_is_recognised(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with open_store(store) as s:
        build([CORPUS], s)
    (store / MARKER).unlink()  # as an earlier kg left it
    with open_store(store) as s:
        assert len(s.document_ids()) == 6  # five articles and the derived graph
    assert (store / MARKER).is_file()


def test_an_oxigraph_store_kg_did_not_build_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    db = ox.Store(str(tmp_path / "other"))
    db.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                   ox.Literal("dữ liệu của người khác"), ox.NamedNode("http://example.org/g")))
    db.flush()
    del db
    with pytest.raises(StoreError, match="an Oxigraph store that kg did not build"):
        open_store(other)
    db = ox.Store.read_only(str(other))
    assert len(list(db)) == 1 and not (other / MARKER).exists()


def test_a_file_put_into_the_store_folder_during_a_build_survives(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with open_store(folder) as store:
        with pytest.raises(StoreError, match="came into the store folder during the build"):
            with store.bulk():
                build([articles], store)
                (folder / "report.docx").write_bytes(b"PK\x03\x04 mine")
    assert (folder / "report.docx").read_bytes() == b"PK\x03\x04 mine"


def test_a_staging_folder_with_files_of_the_user_is_not_removed(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    staging = tmp_path / ".store.staging"
    staging.mkdir()
    (staging / "keep.txt").write_text("không xóa\n", encoding="utf-8")
    with open_store(folder) as store:
        with pytest.raises(StoreError, match="files kg did not write"):
            build([CORPUS], store)
    assert (staging / "keep.txt").read_text(encoding="utf-8") == "không xóa\n"


def test_out_nquads_into_a_folder_of_the_user_is_refused_before_the_build(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "kg-00000.nq").write_text("<http://example.org/mine> <http://example.org/p> \"1\" .\n", encoding="utf-8")
    before = files_of(shards)
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(tmp_path / "store"),
                                       "--out-nquads", str(shards)])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert "kg-00000.nq, which kg did not write there" in result.output
    assert files_of(shards) == before
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.document_ids() == []  # refused before anything was built
    # a folder kg wrote is written again, its old shards replaced
    again = tmp_path / "mine"
    for _ in range(2):
        done = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(tmp_path / "s2"), "--out-nquads", str(again)])
        assert done.exit_code == 0, done.output
    assert sorted(p.name for p in again.iterdir()) == ["kg-00000.nq", "manifest.json"]
