"""Sessions in constructions written one per case (kg/extract/sessions.py)."""
from kg.extract import extract
from kg.text import make_document


def _sessions(text: str) -> set[tuple]:
    ex = extract(make_document(text, "t"))
    return {(s.kind, s.body.name if s.body else None, s.ordinal, s.term) for s in ex.sessions}


def test_the_body_that_acts_at_the_session():
    text = ("Hai nhân sự trên được HĐND tỉnh Vĩnh Long khóa X bầu tại kỳ họp thứ 5 ngày 17/9 với 88/90 phiếu. "
            "Thủ tướng Chính phủ đã phê chuẩn kết quả bầu.")
    assert ("Kỳ họp", "HĐND tỉnh Vĩnh Long", 5, "X") in _sessions(text)


def test_the_passive_agent_acts_at_the_session():
    text = ("Báo cáo về Nghị quyết số 98/2023/QH15, được Quốc hội khóa XV thông qua tại Kỳ họp thứ 5, "
            "được HĐND thành phố xem xét.")
    assert ("Kỳ họp", "Quốc hội", 5, "XV") in _sessions(text)


def test_a_council_after_the_ordinal_and_a_comma():
    text = "Theo kế hoạch, Kỳ họp thứ hai, HĐND xã Mỹ Lợi sẽ được tổ chức vào cuối tháng 8."
    assert ("Kỳ họp", "HĐND xã Mỹ Lợi", 2, None) in _sessions(text)


def test_a_party_congress_of_a_body():
    text = ("Ngày 14/6, Đảng bộ Công an tỉnh Nghệ An tổ chức Đại hội đại biểu lần thứ XXVIII, nhiệm kỳ 2025 - 2030. "
            "Tại Hội nghị lần thứ nhất Ban Chấp hành Đảng bộ Công an tỉnh khóa XXVIII, các đại biểu bầu Ban Thường vụ.")
    found = _sessions(text)
    assert ("Đại hội", "Đảng bộ Công an tỉnh Nghệ An", 28, None) in found
    assert ("Hội nghị", "Ban Chấp hành Đảng bộ Công an tỉnh Nghệ An", 1, "XXVIII") in found


def test_an_earlier_session_named_bare_in_a_council_report_is_the_council_s():
    text = ("Sáng 10/7, HĐND thành phố Huế khóa VIII khai mạc Kỳ họp thứ 15. Kỳ họp xem xét báo cáo kết quả "
            "giải quyết kiến nghị của cử tri gửi đến kỳ họp thứ 14.")
    assert ("Kỳ họp", "HĐND thành phố Huế", 14, None) in _sessions(text)
