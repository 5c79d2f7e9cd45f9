"""Issuers of cited documents found away from the number must agree with the number's own mark."""
from kg.extract import extract
from kg.text import make_document


def _citations(text: str) -> dict[str, str | None]:
    ex = extract(make_document(text, "t"))
    return {c.number: (c.issuer.name if c.issuer else None) for c in ex.citations if c.number}


def test_party_number_not_given_a_state_issuer_from_an_earlier_list():
    text = ("Hội đồng nhân dân thành phố đã nghe các quyết định của Thủ tướng Chính phủ về công tác cán bộ.\n"
            "Ông Lộc được Bộ Chính trị điều động làm Phó Bí thư Tỉnh ủy Bình Dương theo Quyết định số "
            "1187-QĐNS/TW ngày 14/7/2023.")
    assert _citations(text)["1187-QĐNS/TW"] != "Chính phủ"


def test_list_introducer_is_the_issuer_of_its_elements():
    text = ("Tại hội nghị, lãnh đạo Ban Tổ chức Tỉnh ủy công bố các quyết định của Chủ tịch UBND tỉnh Nghệ An:\n"
            "- Quyết định số 412/QĐ-UBND ngày 3/3/2024 bổ nhiệm ông Lê Văn Thành giữ chức Giám đốc Sở Xây dựng;\n"
            "- Quyết định số 413/QĐ-UBND ngày 3/3/2024 bổ nhiệm bà Hồ Thị Hoa giữ chức Phó Giám đốc Sở Y tế.")
    found = _citations(text)
    assert found["412/QĐ-UBND"] == found["413/QĐ-UBND"] == "UBND tỉnh Nghệ An"


def test_prime_minister_number_keeps_the_government_as_issuer():
    text = "Thủ tướng Chính phủ vừa ký Quyết định số 1402/QĐ-TTg ngày 5/11/2024 phê chuẩn kết quả bầu."
    assert _citations(text)["1402/QĐ-TTg"] == "Chính phủ"
