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


def test_a_command_named_by_its_parent_holds_the_conference():
    text = ("QĐND Online - Chiều 12-3, tại TP Hà Tĩnh, Bộ Tư lệnh Quân khu 4 tổ chức hội nghị công bố các quyết định "
            "về công tác cán bộ. Thiếu tướng Trần Quang Vinh, Phó Tư lệnh Quân khu 4 chủ trì hội nghị.")
    assert ("Hội nghị", "Bộ Tư lệnh Quân khu 4", None, None) in _sessions(text)
    # the 'Tư' of 'Tư lệnh' is not 'TƯ' (Trung ương)
    assert "Ban Chấp hành Trung ương Đảng" not in {o.name for o, _ in extract(make_document(text, "t")).orgs}


def test_a_meeting_of_another_month_is_another_session():
    text = ("Cập nhật: 15:42, 18/11/2025\n\nChiều 18/11, đồng chí Lương Văn Tuấn, Bí thư Tỉnh ủy chủ trì hội nghị "
            "Ban Thường vụ Tỉnh ủy. Nội dung d) chưa thông qua, trình lại tại hội nghị Ban Thường vụ Tỉnh ủy tháng 12; "
            "dự thảo nghị quyết trình kỳ họp thường lệ cuối năm 2025 của HĐND tỉnh. Tại hội nghị, đồng chí Bí thư "
            "Tỉnh ủy yêu cầu khẩn trương hoàn thiện.")
    ex = extract(make_document(text, "t"))
    got = [(s.kind, s.body.name if s.body else None, s.date) for s in ex.sessions]
    conferences = sorted(str(d) for k, _b, d in got if k == "Hội nghị")
    assert conferences == ["2025-11-18", "None"]  # this month's, and December's (no day written)
    assert [k for k, _b, _d in got].count("Kỳ họp") == 1


def test_the_first_plenum_right_after_the_congress_is_on_the_congress_s_day():
    text = ("Thứ Sáu, 25-7-2025\n\nSGGPO - Ngày 25-7, Đảng bộ phường Gia Định tổ chức Đại hội đại biểu lần thứ I, "
            "nhiệm kỳ 2025-2030 với sự tham dự của 250 đại biểu.\n\nTheo Quyết định số 3128-QĐ/TU ngày 30-6-2025, "
            "đồng chí Huỳnh Văn Bình được chỉ định làm Bí thư Đảng ủy phường.\n\nNgay sau đó, Ban Chấp hành Đảng bộ "
            "phường khóa I tiến hành Hội nghị lần thứ nhất dưới sự chủ trì của đồng chí Huỳnh Văn Bình.")
    ex = extract(make_document(text, "t"))
    plenum = next(s for s in ex.sessions if s.kind == "Hội nghị")
    assert plenum.date == "2025-07-25"  # not the decision's 30-6


def _dates(text: str) -> dict[tuple, str | None]:
    ex = extract(make_document(text, "t"))
    return {(s.kind, s.body.name if s.body else None, s.ordinal): s.date for s in ex.sessions}


def test_a_session_the_text_names_but_does_not_hold_takes_no_later_date():
    # the 'họp' of 'Kỳ họp' names the session, it does not say it met; a span's bound is not a meeting's day
    text = ("Cập nhật: 05/12/2025\n\nSáng 5-12, Ban Chấp hành Đảng bộ tỉnh Tây Ninh tổ chức Hội nghị lần thứ 4. "
            "Các nội dung sẽ được trình Kỳ họp thứ 6, HĐND tỉnh khóa X xem xét. Hội nghị đồng ý để ông Lê Văn Tám "
            "thôi giữ chức Chủ tịch HĐND tỉnh để nghỉ hưu từ ngày 1-1-2026.")
    assert _dates(text)[("Kỳ họp", "HĐND tỉnh Tây Ninh", 6)] is None


def test_what_was_done_at_an_earlier_session_dates_it():
    text = ("Cập nhật: 09/10/2025\n\nThủ tướng phê chuẩn kết quả bầu Chủ tịch UBND tỉnh An Giang. Trước đó, tại "
            "Kỳ họp thứ 5 (kỳ họp chuyên đề) HĐND tỉnh An Giang khóa X ngày 29/9/2025, HĐND tỉnh đã bầu ông "
            "Trần Văn Mười giữ chức Chủ tịch UBND tỉnh.")
    assert _dates(text)[("Kỳ họp", "HĐND tỉnh An Giang", 5)] == "2025-09-29"


def test_a_session_to_come_dated_after_its_parenthesis():
    text = ("Cập nhật: 29/10/2024\n\nChiều 29/10, UBND tỉnh Quảng Ninh họp phiên thường kỳ, cho ý kiến các nội dung "
            "trình Kỳ họp thứ 22 HĐND tỉnh khóa XIV (kỳ họp thường lệ cuối năm 2024) dự kiến khai mạc ngày 9/12.")
    assert _dates(text)[("Kỳ họp", "HĐND tỉnh Quảng Ninh", 22)] == "2024-12-09"


def test_a_session_dated_with_hom():
    text = ("Cập nhật: 20/07/2021\n\nTại Kỳ họp thứ nhất HĐND TP Cần Thơ khóa X diễn ra hôm 25-6, ông Trần Văn Trí "
            "tái đắc cử Chủ tịch UBND TP. Ông sẽ dự Kỳ họp thứ nhất, Quốc hội khóa XV, khai mạc ngày 20-7.")
    got = _dates(text)
    assert got[("Kỳ họp", "HĐND thành phố Cần Thơ", 1)] == "2021-06-25"
    assert got[("Kỳ họp", "Quốc hội", 1)] == "2021-07-20"


def test_a_later_session_s_chair_from_its_own_sentence():
    text = ("Sáng 14/8, Bộ Chỉ huy Quân sự tỉnh Nghệ An tổ chức hội nghị công bố quyết định về công tác cán bộ. "
            "Hội nghị do Thiếu tướng Hoàng Văn Lâm, Phó Chính ủy Quân khu 4 chủ trì. Chiều cùng ngày, Đại tá Cao "
            "Văn Thưởng chủ trì hội nghị giao ban tháng 8 của Bộ Chỉ huy Quân sự tỉnh Nghệ An.")
    ex = extract(make_document(text, "t"))
    chairs = {s.kind: s.chair[0] if s.chair else None for s in ex.sessions}
    assert chairs == {"Hội nghị": "Hoàng Văn Lâm", "Giao ban": "Cao Văn Thưởng"}


def test_the_national_congress_is_not_a_local_one_nor_a_document_s_words():
    text = ("Cập nhật: 14/10/2025\n\nSáng 14/10, Đảng bộ tỉnh An Giang khai mạc Đại hội đại biểu lần thứ I. Việc chuẩn "
            "bị nhân sự thực hiện theo Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị về đại hội đảng bộ các cấp "
            "tiến tới Đại hội toàn quốc lần thứ XIV của Đảng. Chiều cùng ngày, các đại biểu góp ý dự thảo các văn kiện "
            "trình Đại hội XIV của Đảng. Bà Lê Thị Nhung vừa tái đắc cử bí thư Đảng ủy xã tại đại hội đảng bộ xã Mỹ Hòa "
            "Hưng nhiệm kỳ 2025-2030.")
    ex = extract(make_document(text, "t"))
    got = {(s.kind, s.body.name if s.body else None, s.ordinal): s for s in ex.sessions}
    national = got[("Đại hội", None, 14)]
    assert national.date is None  # (not 'cùng ngày': only referred to)
    assert national.evidence.span.start > text.index("Chiều cùng ngày")  # (the Chỉ thị's words name no session)
    assert ("Đại hội", "Đảng bộ xã Mỹ Hòa Hưng", None) in got


def test_a_session_to_come_later_in_the_year_keeps_the_year():
    text = ("Thứ năm, 24/6/2021, 11:20 (GMT+7)\n\nSáng 24/6, HĐND thành phố Hà Nội khai mạc Kỳ họp thứ nhất khóa XVI. "
            "Theo chương trình, kỳ họp thứ nhất Quốc hội khóa XV sẽ khai mạc ngày 20/7.")
    assert _dates(text)[("Kỳ họp", "Quốc hội", 1)] == "2021-07-20"


def test_a_delegate_with_a_constituency_group_is_a_delegate_of_the_council_in_session():
    text = ("Sáng 8/12, Kỳ họp thứ 13 HĐND thành phố Hải Phòng khóa XVI khai mạc. Đại biểu Mai Thị Lan (đơn vị bầu "
            "cử quận Hồng Bàng) chất vấn về tiến độ cải tạo chung cư cũ. Giải trình ý kiến của đại biểu Trần Văn Bình, "
            "Giám đốc Sở Xây dựng Lê Văn Nam cho biết …")
    ex = extract(make_document(text, "t"))
    pos = {p.name: {(q.role, q.org.name, q.evidence.rule) for q in p.positions} for p in ex.persons}
    assert pos["Mai Thị Lan"] == {("Đại biểu", "HĐND thành phố Hải Phòng", "position:delegate-of-reported-council")}
    assert not any(r == "Đại biểu" for r, _o, _x in pos.get("Trần Văn Bình", set()))  # (no constituency: not said)
