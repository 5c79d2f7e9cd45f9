"""Agenda items in constructions written one per case (kg/extract/items.py, item_forms.py)."""
from kg.extract import extract
from kg.text import make_document


def _items(text: str) -> dict[str, str]:
    ex = extract(make_document(text, "t"))
    return {i.title: i.status for i in ex.items}


def test_count_then_list_after_trong_do_co():
    text = ("Sáng 10/7, Kỳ họp thứ 20, HĐND tỉnh Bắc Giang khóa XIX bế mạc. Kỳ họp đã thông qua 9 nghị quyết, "
            "trong đó có Nghị quyết về bảng giá đất năm 2025; Nghị quyết quy định học phí năm học 2025-2026 và "
            "Nghị quyết điều chỉnh kế hoạch đầu tư công năm 2025.")
    assert _items(text) == {"Nghị quyết về bảng giá đất năm 2025": "approved",
                            "Nghị quyết quy định học phí năm học 2025-2026": "approved",
                            "Nghị quyết điều chỉnh kế hoạch đầu tư công năm 2025": "approved"}


def test_count_then_list_after_dang_chu_y_co():
    text = ("Chiều 12/7, Kỳ họp thứ 15, HĐND tỉnh Quảng Bình khóa XVIII bế mạc. HĐND tỉnh biểu quyết thông qua "
            "14 nghị quyết, đáng chú ý có: nghị quyết về đặt tên đường; nghị quyết về chính sách hỗ trợ nhà ở.")
    assert _items(text) == {"Nghị quyết về đặt tên đường": "approved",  # (the first letter capitalised)
                            "Nghị quyết về chính sách hỗ trợ nhà ở": "approved"}


def test_an_approved_count_with_exceptions_approves_the_rest():
    text = ("Chiều 5/3, UBND tỉnh Hà Nam tổ chức phiên họp thường kỳ tháng 3. Phiên họp xem xét 4 nội dung, gồm:\n\n"
            "1. Báo cáo tình hình kinh tế - xã hội quý I năm 2025;\n"
            "2. Kế hoạch đầu tư công năm 2025;\n"
            "3. Đề án phát triển du lịch tỉnh Hà Nam giai đoạn 2025-2030;\n"
            "4. Phương án sắp xếp trụ sở dôi dư sau sáp nhập.\n\n"
            "Kết luận phiên họp, UBND tỉnh thông qua 3 nội dung. Riêng Đề án phát triển du lịch tỉnh Hà Nam, "
            "UBND tỉnh chưa thông qua; giao Sở Văn hóa tiếp thu ý kiến.")
    items = _items(text)
    assert items["Đề án phát triển du lịch tỉnh Hà Nam giai đoạn 2025-2030"] == "discussed"
    assert [t for t, s in items.items() if s == "approved"] == [
        "Báo cáo tình hình kinh tế - xã hội quý I năm 2025", "Kế hoạch đầu tư công năm 2025",
        "Phương án sắp xếp trụ sở dôi dư sau sáp nhập"]


def test_an_approving_list_names_the_items_by_a_shorter_title():
    text = ("Chiều 28/7, UBND thành phố Đà Nẵng tổ chức Phiên họp thường kỳ tháng 7. Các nội dung được đưa ra xem xét, "
            "cho ý kiến gồm:\n\n"
            "1. Tờ trình về dự thảo Nghị quyết quy định mức hỗ trợ học phí cho trẻ em mầm non năm học 2022-2023;\n"
            "2. Phương án giá nước sạch sinh hoạt giai đoạn 2022-2025;\n"
            "3. Dự thảo Quy định quản lý hoạt động kinh doanh dịch vụ lưu trú.\n\n"
            "Kết luận phiên họp, UBND thành phố cơ bản thống nhất các nội dung:\n\n"
            "a) Tờ trình về dự thảo Nghị quyết quy định mức hỗ trợ học phí;\n"
            "b) Phương án giá nước sạch sinh hoạt giai đoạn 2022-2025.\n")
    assert _items(text) == {
        "Tờ trình về dự thảo Nghị quyết quy định mức hỗ trợ học phí cho trẻ em mầm non năm học 2022-2023": "approved",
        "Phương án giá nước sạch sinh hoạt giai đoạn 2022-2025": "approved",
        "Dự thảo Quy định quản lý hoạt động kinh doanh dịch vụ lưu trú": "discussed"}


def test_a_fixed_pair_joined_by_a_comma_is_not_split():
    text = ("Sáng 5/12, Kỳ họp thứ 22, HĐND thành phố Hải Phòng khóa XVI khai mạc. Các đại biểu đã thảo luận về "
            "Báo cáo công tác phòng, chống tham nhũng, tiêu cực năm 2024 và Báo cáo kết quả giám sát năm 2024.")
    assert set(_items(text)) == {"Báo cáo công tác phòng, chống tham nhũng, tiêu cực năm 2024",
                                 "Báo cáo kết quả giám sát năm 2024"}


def test_resolutions_counted_and_listed_do_not_approve_the_reports_discussed():
    text = ("Chiều 11/12, Kỳ họp thứ 20 HĐND thành phố Cần Thơ khóa X bế mạc. Các đại biểu đã cho ý kiến vào "
            "Báo cáo tình hình kinh tế - xã hội năm 2024, phương hướng, nhiệm vụ năm 2025.\n\n"
            "Tại phiên bế mạc, HĐND thành phố đã biểu quyết thông qua 21 nghị quyết, trong đó có: Nghị quyết về "
            "nhiệm vụ phát triển kinh tế - xã hội năm 2025; Nghị quyết về kế hoạch đầu tư công năm 2025.")
    items = _items(text)
    assert items["Báo cáo tình hình kinh tế - xã hội năm 2024, phương hướng, nhiệm vụ năm 2025"] == "discussed"
    assert items["Nghị quyết về kế hoạch đầu tư công năm 2025"] == "approved"
