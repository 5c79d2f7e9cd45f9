"""Input in other encodings (issue 8): UTF-16, Windows-1258, TCVN3, VNI and mojibake are read
and give the same facts as UTF-8; text with no Vietnamese and binary files are skipped with
one line naming the file; the batch goes on.

Every file here is made by the test from an article written for it.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", to make mojibake)
import pytest

from kg.encodings import (GUESS_MIN_WORDS, VIETNAMESE_MIN_SCORE, NotVietnameseError, decode_bytes,
                          legacy_table, score)
from kg.errors import InputError
from kg.extract import extract
from kg.pipeline import build
from kg.queries import load_saved
from kg.store import open_store
from kg.text import read_document

ARTICLE = """Hội nghị Ban Chấp hành Đảng bộ tỉnh Hà Giang lần thứ 15, khóa XVII

14/6/2024 08:00

Sáng 14/6, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 15, khóa XVII. \
Đồng chí Nguyễn Văn Minh, Bí thư Tỉnh ủy chủ trì Hội nghị. Dự Hội nghị có đồng chí Hoàng Thị Ánh, \
Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh; đồng chí Lục Đức Thắng, Ủy viên Ban Thường vụ \
Tỉnh ủy, Phó Chủ tịch UBND tỉnh.

Ủy ban Kiểm tra Tỉnh ủy báo cáo kết quả công tác sáu tháng đầu năm. Hội nghị đã thảo luận và \
thông qua “Đề án phát triển kinh tế – xã hội vùng cao” cùng các nội dung quan trọng khác.

Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy đề nghị các cấp ủy tập trung thực hiện thắng lợi \
nhiệm vụ năm 2024.
"""

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng
BASES = "aăâeêioôơuưy"
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
UPPER = [unicodedata.normalize("NFC", b.upper() + t) for b in BASES for t in TONES] + ["Đ"]
LETTERS = LOWER + UPPER


def cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: a precomposed letter where the code page has one,
    else the base letter and a combining tone mark."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", c)
        tones = "".join(p for p in parts if p in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def variants(text: str) -> dict[str, tuple[bytes, str]]:
    """The same article as files in every encoding kg reads: name → (bytes, expected encoding)."""
    utf8 = text.encode("utf-8")
    return {
        "utf8": (utf8, "utf-8"),
        "utf8_bom": (b"\xef\xbb\xbf" + utf8, "utf-8"),
        "utf16le_bom": (b"\xff\xfe" + text.encode("utf-16-le"), "utf-16"),
        "utf16be_bom": (b"\xfe\xff" + text.encode("utf-16-be"), "utf-16"),
        "utf16le": (text.encode("utf-16-le"), "utf-16"),
        "utf16be": (text.encode("utf-16-be"), "utf-16"),
        "cp1258": (cp1258(text), "windows-1258"),
        "tcvn3": (legacy_table("tcvn3").encode(text), "tcvn3"),
        "vni": (legacy_table("vni").encode(text), "vni"),
        "mojibake": (utf8.decode("sloppy-windows-1252").encode("utf-8"), "utf-8+mojibake-repaired"),
        "mojibake_latin1": (utf8.decode("latin-1").encode("utf-8"), "utf-8+mojibake-repaired"),
        "tcvn3_in_utf8": (legacy_table("tcvn3").encode_text(text).encode("utf-8"), "utf-8+tcvn3-repaired"),
        "vni_in_utf8": (legacy_table("vni").encode_text(text).encode("utf-8"), "utf-8+vni-repaired"),
    }


def one_line(reason: str, where: str) -> None:
    assert "\n" not in reason and where in reason, reason


def facts(doc) -> tuple[set, set]:
    ex = extract(doc)
    persons = {p.name for p in ex.persons}
    positions = {(p.name, pos.role, pos.org.name) for p in ex.persons for pos in p.positions}
    for p in ex.persons:  # every quote is the decoded text at its offsets
        for ev in (*p.evidence, *(pos.evidence for pos in p.positions)):
            assert doc.raw[ev.span.start:ev.span.end] == ev.quote
    return persons, positions


# --- the tables ---------------------------------------------------------------------------

def test_the_letters_are_12_vowels_in_6_forms_and_2_cases_and_d():
    assert len(set(LETTERS)) == 12 * 6 * 2 + 2 and all(len(c) == 1 for c in LETTERS)


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_round_trips_every_letter_with_every_tone(letter):
    vni = legacy_table("vni")
    for text in (letter, f"x{letter}x", f"{letter} {letter}{letter}"):
        assert vni.decode(vni.encode(text)) == text


def test_vni_table_is_complete():
    vni = legacy_table("vni")
    assert set(vni.to_legacy) == {c for c in LETTERS if not c.isascii()}


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_round_trips_every_letter_with_every_tone(letter):
    tcvn3 = legacy_table("tcvn3")
    if letter.islower() or letter.lower() not in tcvn3.caseless:  # a code of its own
        for text in (f"ông {letter}", f"x{letter}x", f"ch{letter}nh th{letter}"):
            assert tcvn3.decode(tcvn3.encode(text)) == text
        return
    # TCVN3 has no upper-case toned letters: they share the lower-case code, and come back as
    # capitals in a word or line in capitals, at the start of a sentence and inside a name
    for text in (f"T{letter}NG", f"{letter}y ban", f"Trong năm. {letter}y ban", f"Lê Thị {letter}nh, phó",
                 f"Mai {letter}nh Tuyết"):
        assert tcvn3.decode(tcvn3.encode(text)) == text, text
    assert tcvn3.decode(tcvn3.encode(f"ông {letter}y")) == f"ông {letter.lower()}y"  # mid-sentence


def test_tcvn3_table_is_complete():
    tcvn3 = legacy_table("tcvn3")
    codes = {c for c in LETTERS if not c.isascii() and (c.islower() or c in "ĂÂÊÔƠƯĐ")}
    assert set(tcvn3.to_legacy) == codes and len(codes) == 74
    assert all(len(seq) == 1 for seq in tcvn3.to_legacy.values())


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv")
def test_tcvn3_codes_agree_with_glibc():
    """glibc's TCVN5712-1 is the full standard (VN1); VN3 (ABC) is its lower-case part plus
    the seven plain capitals, on the same codes."""
    tcvn3 = legacy_table("tcvn3")
    data = tcvn3.encode("".join(tcvn3.to_legacy))
    run = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True)
    if run.returncode:
        pytest.skip("iconv has no TCVN5712-1")
    assert unicodedata.normalize("NFC", run.stdout.decode("utf-8")) == "".join(tcvn3.to_legacy)


def test_tcvn3_headline_in_capitals_and_names_keep_their_capitals():
    tcvn3 = legacy_table("tcvn3")
    text = ("HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ TỈNH LẦN THỨ 15\n"
            "Dự có bà Trương Thị Ánh Nguyệt, Phó Chủ tịch UBND tỉnh. Ứng dụng mới được giới thiệu.")
    shown = tcvn3.encode_text(text)
    assert shown.startswith("HéI NGHÞ BAN CHÊP HµNH §¶NG Bé TØNH")  # as an old file shows it
    assert tcvn3.decode_text(shown) == text


def test_windows_1258_helper_makes_combining_marks():
    data = cp1258("Tỉnh ủy")
    assert data.decode("cp1258") != "Tỉnh ủy" and unicodedata.normalize("NFC", data.decode("cp1258")) == "Tỉnh ủy"


# --- detection ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(variants(ARTICLE)))
def test_each_encoding_is_detected_and_converted(name):
    data, encoding = variants(ARTICLE)[name]
    decoded = decode_bytes(data, f"{name}.txt")
    assert decoded.encoding == encoding and decoded.vietnamese
    assert decoded.repaired == ("+" in encoding)
    if name.startswith("tcvn3"):  # only "Ủy viên" mid-sentence loses its capital
        assert decoded.text.lower() == ARTICLE.lower()
        assert decoded.text.replace("ủy viên", "Ủy viên") == ARTICLE
    else:
        assert decoded.text == ARTICLE


def test_the_scores_tell_vietnamese_from_the_rest():
    assert score(ARTICLE).value > 0.9
    english = "The provincial committee met on Friday to discuss the budget and elect a new chairman."
    assert score(english).value < VIETNAMESE_MIN_SCORE
    assert score("中国共产党第二十次全国代表大会在北京召开").value == 0
    for name in ("mojibake", "tcvn3_in_utf8", "vni_in_utf8"):
        garbled = variants(ARTICLE)[name][0].decode("utf-8")
        assert score(garbled).value < VIETNAMESE_MIN_SCORE, name


def test_right_utf8_text_is_left_alone():
    text = unicodedata.normalize("NFD", ARTICLE) + "\n© Báo Hà Giang · «Tin» 25°C – 100%…\n"
    decoded = decode_bytes(text.encode("utf-8"), "x.txt")
    assert decoded.encoding == "utf-8" and decoded.text == text  # the file's own characters


def test_short_or_foreign_8bit_text_is_refused_as_not_utf8():
    with pytest.raises(InputError) as err:
        decode_bytes("Hà Giang".encode("cp1258"), "short.txt")
    assert str(err.value).startswith("short.txt: not UTF-8 text") and "too short" in str(err.value)
    with pytest.raises(InputError) as err:
        decode_bytes("Le comité s'est réuni à Paris pour élire le président du conseil".encode("cp1252"), "fr.txt")
    assert "not UTF-8 text" in str(err.value) and "no Vietnamese" in str(err.value)
    assert GUESS_MIN_WORDS > 2


def test_a_byte_order_mark_alone_is_an_empty_file():
    for data in (b"\xef\xbb\xbf", "\n \n".encode("utf-16")):
        with pytest.raises(InputError) as err:
            decode_bytes(data, "e.txt")
        assert str(err.value).startswith("e.txt: empty file")


def test_binary_and_short_nul_data_stay_binary():
    for data in (bytes(range(256)) * 8, b"\x00\x01\x02abc", "Hội nghị".encode("utf-16-le")):
        with pytest.raises(InputError) as err:
            decode_bytes(data, "b.bin")
        assert "binary" in str(err.value)


def test_html_in_windows_1258_with_its_declared_charset(tmp_path):
    body = ARTICLE.replace("\n\n", "</p><p>")
    page = (f'<html><head><meta charset="windows-1258"><title>Tin</title><script>var a = 1;</script>'
            f"</head><body><p>{body}</p></body></html>")
    (tmp_path / "page.html").write_bytes(cp1258(page))
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert report.read == ["page"] and not report.skipped
    rows = store.query(load_saved("positions").text).dicts()
    assert ("Lục Đức Thắng", "Phó Chủ tịch", "UBND tỉnh Hà Giang") in \
        {(str(r["name"]), str(r["role"]), str(r["organization"])) for r in rows}


# --- documents and the batch --------------------------------------------------------------

def test_documents_carry_their_encoding_and_quotes_match_the_decoded_text(tmp_path):
    (tmp_path / "utf8.txt").write_text(ARTICLE, encoding="utf-8")
    expected = facts(read_document(tmp_path / "utf8.txt"))
    assert len(expected[0]) == 3 and len(expected[1]) == 5
    for name, (data, encoding) in variants(ARTICLE).items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        doc = read_document(path)
        assert doc.encoding == encoding
        assert facts(doc) == expected, name


def test_a_batch_in_every_encoding_gives_the_same_persons_and_positions(tmp_path):
    files = variants(ARTICLE)
    for name, (data, _) in files.items():
        (tmp_path / f"{name}.txt").write_bytes(data)
    (tmp_path / "x_english.txt").write_text(
        "The provincial party committee held its fifteenth meeting on Friday. The secretary chaired it "
        "and members discussed the budget for the coming year.\n", encoding="utf-8")
    (tmp_path / "x_chinese.txt").write_text("中国共产党第二十次全国代表大会在北京召开。\n", encoding="utf-16")
    (tmp_path / "x_binary.txt").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "y_last.txt").write_text(ARTICLE.replace("Nguyễn Văn Minh", "Đặng Quốc Khánh"), encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert sorted(report.read) == sorted([*files, "y_last"])  # the batch went on to the end
    skipped = dict(report.skipped)
    assert sorted(Path(p).name for p in skipped) == ["x_binary.txt", "x_chinese.txt", "x_english.txt"]
    for path, reason in skipped.items():
        one_line(reason, path)
    assert "no Vietnamese text found" in skipped[str(tmp_path / "x_english.txt")]
    assert "no Vietnamese text found" in skipped[str(tmp_path / "x_chinese.txt")]
    assert "binary" in skipped[str(tmp_path / "x_binary.txt")]

    persons: dict[str, set] = {}
    for r in store.query(load_saved("persons").text).dicts():
        persons.setdefault(str(r["doc"]), set()).add(str(r["name"]))
    positions: dict[str, set] = {}
    for r in store.query(load_saved("positions").text).dicts():
        positions.setdefault(str(r["doc"]), set()).add((str(r["name"]), str(r["role"]), str(r["organization"])))
    assert persons["utf8"] == {"Nguyễn Văn Minh", "Hoàng Thị Ánh", "Lục Đức Thắng"}
    assert len(positions["utf8"]) == 5
    for name in files:
        assert persons[name] == persons["utf8"], name
        assert positions[name] == positions["utf8"], name
    assert "Đặng Quốc Khánh" in persons["y_last"]


def test_a_file_with_no_vietnamese_is_a_note_not_a_failure_to_read(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("Minutes of the board meeting held in Hanoi on Monday.\n", encoding="utf-8")
    with pytest.raises(NotVietnameseError) as err:
        read_document(path)
    assert str(err.value).startswith(f"{path}: no Vietnamese text found") and "\n" not in str(err.value)
    assert isinstance(err.value, InputError)
    doc = read_document(path, require_vietnamese=False)
    assert doc.encoding == "utf-8" and doc.raw.startswith("Minutes")


# --- one line in another encoding (issue 25) ----------------------------------------------

@pytest.mark.parametrize("legacy", ["windows-1258", "tcvn3", "vni"])
def test_a_utf8_article_with_one_line_in_another_encoding_is_read_and_the_line_repaired(tmp_path, legacy):
    """Before the fix the whole file was refused (not UTF-8, and no better as a legacy file)."""
    lines = ARTICLE.splitlines(keepends=True)
    odd = 5  # "Sáng 14/6, … Lục Đức Thắng, …": the line with the three persons
    encode = cp1258 if legacy == "windows-1258" else legacy_table(legacy).encode
    data = b"".join(encode(line) if n == odd else line.encode("utf-8") for n, line in enumerate(lines, 1))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    (tmp_path / "utf8.txt").write_text(ARTICLE, encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert sorted(report.read) == ["mixed", "utf8"] and not report.skipped
    name = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI"}[legacy]
    assert report.notes == [f"{path}:{odd}: not UTF-8; read as {name}"]
    persons: dict[str, set] = {}
    for r in store.query(load_saved("persons").text).dicts():
        persons.setdefault(str(r["doc"]), set()).add(str(r["name"]))
    assert persons["mixed"] == persons["utf8"] == {"Nguyễn Văn Minh", "Hoàng Thị Ánh", "Lục Đức Thắng"}
    doc = read_document(path)
    assert doc.encoding == "utf-8+lines-repaired"
    if legacy == "tcvn3":  # TCVN3 has no capital toned letters: "Ủy viên" mid-sentence reads "ủy viên"
        assert doc.raw.lower() == unicodedata.normalize("NFC", ARTICLE).lower()
    else:
        assert doc.raw == unicodedata.normalize("NFC", ARTICLE)


def test_a_line_in_no_known_encoding_is_kept_with_replacement_characters_and_noted(tmp_path):
    data = ARTICLE.encode("utf-8").replace("khóa XVII".encode("utf-8"), b"kh\xff\xfea XVII", 1)
    path = tmp_path / "broken.txt"
    path.write_bytes(data)
    decoded = decode_bytes(data, str(path))
    assert decoded.notes == (f"{path}:1: not UTF-8; its broken bytes read as U+FFFD",)
    assert decoded.text.splitlines()[0] == "Hội nghị Ban Chấp hành Đảng bộ tỉnh Hà Giang lần thứ 15, kh\ufffd\ufffda XVII"
    assert decoded.text.splitlines()[1:] == unicodedata.normalize("NFC", ARTICLE).splitlines()[1:]
