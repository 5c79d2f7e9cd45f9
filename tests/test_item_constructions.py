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
