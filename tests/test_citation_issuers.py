"""Issuers of cited documents found away from the number must agree with the number's own mark."""
import dataclasses

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


def test_passive_agent_issues_the_decision_the_clause_cites():
    text = ("Ông Trần Văn Nam vừa được Ban Bí thư điều động, chỉ định giữ chức Phó Bí thư Tỉnh ủy Hà Giang "
            "theo Quyết định số 1874-QĐNS/TW.")
    assert _citations(text)["1874-QĐNS/TW"] == "Ban Bí thư Trung ương Đảng"


def test_signer_written_after_the_number():
    text = "Quyết định số 948/QĐ-TTg được Thủ tướng ký ngày 11/8. Chiều 12/8, UBND tỉnh tổ chức hội nghị."
    assert _citations(text)["948/QĐ-TTg"] == "Chính phủ"


def test_coordinated_numbers_of_one_series_share_the_signer():
    text = ("Thủ tướng Chính phủ ký Quyết định số 2217/QĐ-TTg phê chuẩn kết quả miễn nhiệm Chủ tịch UBND tỉnh "
            "đối với ông Đoàn Văn Hưng và Quyết định số 2218/QĐ-TTg phê chuẩn kết quả bầu Phó Chủ tịch UBND tỉnh.")
    found = _citations(text)
    assert found["2217/QĐ-TTg"] == found["2218/QĐ-TTg"] == "Chính phủ"


def test_a_long_numbered_list_keeps_its_introducer():
    element = ("về việc điều động, chỉ định đồng chí Vàng Seo Chúng, Phó Giám đốc Sở Nông nghiệp và Môi trường, "
               "tham gia Ban Chấp hành, Ban Thường vụ và giữ chức Bí thư Đảng ủy xã Đồng Văn nhiệm kỳ 2025-2030.")
    text = ("Đồng chí Mông Thị Hạnh đã công bố các quyết định của Ban Thường vụ Tỉnh ủy Tuyên Quang, gồm:\n\n"
            + "".join(f"{k}. Quyết định số {2147 + k}-QĐ/TU ngày 6/1/2026 {element}\n\n" for k in range(1, 5)))
    found = _citations(text)
    assert found["2151-QĐ/TU"] == found["2148-QĐ/TU"] == "Ban Thường vụ Tỉnh ủy Tuyên Quang"


def test_the_decision_after_a_second_verb_is_that_verb_s_act():
    text = ("Ông Đinh Quang Sang thôi tham gia Ban Chấp hành, Ban Thường vụ Thành ủy khóa XI do được điều động "
            "nhận công tác tại Ban Kinh tế Trung ương theo quyết định của Bộ Chính trị.")
    ex = extract(make_document(text, "t"))
    acts = {e.kind: e.act for e in ex.events}
    assert set(acts) == {"Transfer", "Dismissal"}
    assert acts["Transfer"] is not None and acts["Dismissal"] is None


def _dated(text: str, published: str | None = None) -> dict[str, tuple]:
    doc = make_document(text, "t")
    if published:
        doc = dataclasses.replace(doc, published=published)
    return {c.number: (c.issuer.name if c.issuer else None, c.date) for c in extract(doc).citations if c.number}


def test_the_day_of_signing_before_the_signer_takes_the_article_s_year():
    text = ("Theo phóng viên TTXVN, ngày 15/10, Thủ tướng Chính phủ đã ký Quyết định số 2241/QĐ-TTg phê chuẩn "
            "kết quả bầu Chủ tịch UBND tỉnh Lào Cai.")
    assert _dated(text, "2025-10-16")["2241/QĐ-TTg"] == ("Chính phủ", "2025-10-15")
    assert _dated(text)["2241/QĐ-TTg"] == ("Chính phủ", None)  # no year anywhere: no date


def test_the_day_of_the_news_is_not_the_day_of_signing():
    text = ("Ngày 14-7, Văn phòng Chính phủ cho biết Thủ tướng Chính phủ đã ký Quyết định số 1187/QĐ-TTg phê chuẩn "
            "kết quả bầu chủ tịch UBND TP Cần Thơ.")
    assert _dated(text, "2021-07-15")["1187/QĐ-TTg"] == ("Chính phủ", None)


def test_the_body_that_hands_over_its_decision():
    text = ("Ngay sau hội nghị, Ban Thường vụ Tỉnh ủy Thanh Hóa đã trao Quyết định số 1652-QĐ/TU về việc điều động "
            "đồng chí Lê Thị Hồng Nhung giữ chức Trưởng Ban Nội chính Tỉnh ủy.")
    assert _dated(text)["1652-QĐ/TU"] == ("Ban Thường vụ Tỉnh ủy Thanh Hóa", None)


def test_the_body_whose_proposal_the_notice_carries():
    text = ("Theo giới thiệu của Ban Thường vụ Tỉnh ủy Điện Biên tại Thông báo số 1425-TB/TU ngày 20/11/2024, "
            "hội nghị đã hiệp thương cử bổ sung bà Cà Thị Xuân.")
    assert _dated(text)["1425-TB/TU"] == ("Ban Thường vụ Tỉnh ủy Điện Biên", "2024-11-20")
