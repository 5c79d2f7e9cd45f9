"""Normalisation: NFC, tone placement, spaces, boilerplate and bylines; offsets stay exact."""
import unicodedata

from kg.text import date_line, decode, fold, make_document, normalize, normalize_tones

import pytest
from kg.errors import InputError


@pytest.mark.parametrize("old,new", [
    ("khoá XX", "khóa XX"), ("Uỷ ban", "Ủy ban"), ("hoà bình", "hòa bình"), ("Thuỵ", "Thụy"),
    ("KHOÁ", "KHÓA"), ("khoẻ", "khỏe"),
])
def test_old_tone_marks_move_to_the_first_vowel(old, new):
    assert normalize_tones(old) == new


@pytest.mark.parametrize("word", ["quý", "hoàn", "thuyết", "khoảng", "quỷ", "Ủy"])
def test_words_already_right_are_kept(word):
    assert normalize_tones(word) == word


def test_decomposed_text_and_nbsp_keep_offsets_into_the_raw_text():
    raw = unicodedata.normalize("NFD", "Ông Trịnh Việt Hùng,\u00a0Chủ tịch UBND tỉnh")
    text, offsets = normalize(raw)
    assert text == "Ông Trịnh Việt Hùng, Chủ tịch UBND tỉnh"
    start = text.index("Chủ tịch")
    end = start + len("Chủ tịch UBND tỉnh")
    assert unicodedata.normalize("NFC", raw[offsets[start]:offsets[end - 1] + 1]) == "Chủ tịch UBND tỉnh"


def test_document_evidence_quotes_the_original_spelling():
    raw = "Hội nghị Ban Chấp hành Đảng bộ tỉnh khoá XX.\nĐồng chí Bí thư Tỉnh uỷ phát biểu."
    doc = make_document(raw, "x")
    i = doc.text.index("Tỉnh ủy")
    ev = doc.evidence(i, i + len("Tỉnh ủy"), "test")
    assert ev.quote == "Tỉnh uỷ" and raw[ev.span.start:ev.span.end] == ev.quote


def test_boilerplate_and_byline_are_blanked_but_keep_length():
    raw = "Truy cập nội dung luôn\nĐăng nhập\n\nHội nghị tỉnh.\n\nThanh Mai\nthainguyen.gov.vn\n\nĐang truy cập:2940\n"
    doc = make_document(raw, "x")
    assert len(doc.text) == len(raw)
    assert "Truy cập" not in doc.text and "Thanh Mai" not in doc.text and "2940" not in doc.text
    assert doc.site == "thainguyen.gov.vn" and doc.province == "Thái Nguyên"
    assert doc.title == "Hội nghị tỉnh."


def test_date_line_gives_the_publication_date():
    assert date_line("Tiêu đề\n\n10-06-2021 07:20\n\nNội dung") == "2021-06-10"
    assert date_line("Tiêu đề\nThứ Ba, 15/10/2024\n") == "2024-10-15"
    assert date_line("Trong năm 2021 có 10/12 xã đạt chuẩn") is None


def test_date_lines_with_a_label_or_the_time_first():
    assert date_line("Tiêu đề\n\nCập nhật: 15:42, 18/11/2025\n\nBNO - Chiều 18/11 …") == "2025-11-18"
    assert date_line("Tiêu đề\nĐăng lúc 08:15 - 12/3/2024\n") == "2024-03-12"
    assert date_line("Tiêu đề\nNgày đăng: 05/02/2026\n") == "2026-02-05"
    assert date_line("Tiêu đề\nCập nhật 15:42, giá vàng 18/11/2025 tăng\n") is None


def test_fold_for_search_and_slugs():
    assert fold("Nguyễn Thanh Hải") == "nguyen thanh hai"
    assert fold("Đoàn ĐBQH") == "doan dbqh"


@pytest.mark.parametrize("data,problem", [(b"", "empty"), (b"\x00\x01\x02abc", "binary"),
                                          (b"H\xe9 n\xf4i", "not UTF-8")])
def test_unreadable_bytes_give_a_one_line_error(data, problem):
    with pytest.raises(InputError) as err:
        decode(data, "bad.txt")
    assert problem in str(err.value) and str(err.value).startswith("bad.txt: ") and "\n" not in str(err.value)


def test_utf16_with_bom_is_read():
    assert decode("Tỉnh ủy".encode("utf-16"), "x") == "Tỉnh ủy"


def test_date_lines_with_the_weekday_and_the_time_in_either_place():
    assert date_line("Tiêu đề\n\nThứ Ba, 27/08/2024, 16:20 [GMT+7]\n\nChiều 27/8 …") == "2024-08-27"
    assert date_line("Tiêu đề\n\nThứ Sáu, 12:45, 03/10/2025\n\nVOV.VN - Sáng 3/10 …") == "2025-10-03"
