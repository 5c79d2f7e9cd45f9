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


def test_numbered_items_approved_by_their_numbers_before_the_verb():
    text = ("Sáng 22/01, Chủ tịch UBND thành phố Hải Phòng Nguyễn Đức Thịnh chủ trì phiên họp thường kỳ "
            "UBND thành phố tháng 01/2026.\n\n"
            "Tại phiên họp, UBND thành phố đã xem xét 4 nội dung, gồm:\n\n"
            "1. Báo cáo tình hình kinh tế - xã hội tháng 01/2026;\n\n"
            "2. Tờ trình về việc ban hành Quy định phân cấp trong quản lý đầu tư công;\n\n"
            "3. Đề án phát triển Khu kinh tế ven biển phía Nam;\n\n"
            "4. Dự thảo Nghị quyết quy định mức hỗ trợ đóng bảo hiểm y tế cho người cao tuổi.\n\n"
            "Đối với các nội dung trình HĐND thành phố (nội dung 2, 4), UBND thành phố thống nhất thông qua; "
            "giao Sở Tài chính hoàn thiện hồ sơ.")
    got = _items(text)
    assert got["Tờ trình về việc ban hành Quy định phân cấp trong quản lý đầu tư công"] == "approved"
    assert got["Dự thảo Nghị quyết quy định mức hỗ trợ đóng bảo hiểm y tế cho người cao tuổi"] == "approved"
    assert got["Đề án phát triển Khu kinh tế ven biển phía Nam"] == "discussed"
    assert got["Báo cáo tình hình kinh tế - xã hội tháng 01/2026"] == "discussed"


def test_a_count_is_not_an_item_nor_a_report_s_own_title_a_verb():
    text = ("Ban Thường vụ Tỉnh ủy cho ý kiến vào nhiều nội dung quan trọng\n\n"
            "Chiều 18/11, đồng chí Lương Văn Tuấn, Bí thư Tỉnh ủy chủ trì hội nghị Ban Thường vụ Tỉnh ủy. "
            "Ban Thường vụ Tỉnh ủy cơ bản đồng ý với Báo cáo đánh giá 100 ngày vận hành mô hình chính quyền địa "
            "phương hai cấp và dự thảo Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XXI.")
    got = _items(text)
    assert not any("nhiều nội dung" in t.lower() for t in got)
    assert not any(t.startswith("100 ngày") for t in got)
    assert got.get("Báo cáo đánh giá 100 ngày vận hành mô hình chính quyền địa phương hai cấp") == "approved"


def test_investment_decisions_inline_and_in_a_block():
    text = ("Sáng 19-7, Kỳ họp thứ 16 HĐND tỉnh Bình Dương khóa X bế mạc. HĐND tỉnh cũng quyết định chủ trương đầu tư "
            "các dự án nâng cấp, mở rộng đường ĐT.746, ĐT.747b và dự án xây dựng Trung tâm hành chính huyện Bắc Tân "
            "Uyên, với tổng mức đầu tư hơn 4.200 tỉ đồng.\n\n"
            "HĐND tỉnh cũng quyết định chủ trương đầu tư 2 dự án nhóm B, gồm:\n\n"
            "- Dự án đường Vành đai phía Tây (giai đoạn 2);\n- Dự án kè chống sạt lở bờ sông Ô Môn.")
    assert _items(text) == {
        "Chủ trương đầu tư dự án nâng cấp, mở rộng đường ĐT.746": "approved",
        "Chủ trương đầu tư dự án nâng cấp, mở rộng đường ĐT.747b": "approved",
        "Chủ trương đầu tư dự án xây dựng Trung tâm hành chính huyện Bắc Tân Uyên": "approved",
        "Chủ trương đầu tư dự án đường Vành đai phía Tây (giai đoạn 2)": "approved",
        "Chủ trương đầu tư dự án kè chống sạt lở bờ sông Ô Môn": "approved"}


def test_a_count_then_a_plural_head_gives_each_element_the_head():
    text = ("Chiều 11.12, HĐND TP.Cần Thơ khóa X bế mạc kỳ họp thứ 19. Tại kỳ họp, HĐND TP đã xem xét, biểu quyết "
            "thông qua 21 nghị quyết, trong đó có các nghị quyết: về kế hoạch đầu tư công năm 2025; quy định bảng giá "
            "đất năm 2025 và sửa đổi, bổ sung Nghị quyết số 08/2022/NQ-HĐND quy định mức thu học phí. Các đại biểu "
            "biểu quyết thông qua nghị quyết tại phiên bế mạc.\n\nRiêng dự thảo nghị quyết quy định mức thu phí tham "
            "quan khu du lịch Mỹ Khánh, HĐND TP đã thảo luận nhưng chưa thông qua.")
    assert _items(text) == {
        "Nghị quyết về kế hoạch đầu tư công năm 2025": "approved",
        "Nghị quyết quy định bảng giá đất năm 2025": "approved",
        "Nghị quyết sửa đổi, bổ sung Nghị quyết số 08/2022/NQ-HĐND quy định mức thu học phí": "approved",
        "Dự thảo nghị quyết quy định mức thu phí tham quan khu du lịch Mỹ Khánh": "discussed"}


def test_a_group_listed_without_a_verb_then_approved_by_its_count():
    text = ("Ngày 28/10, đồng chí Vương Đình Khang, Chủ tịch UBND tỉnh chủ trì phiên họp thường kỳ tháng 10/2024 "
            "của UBND tỉnh Quảng Ninh. Tại phiên họp, UBND tỉnh đã xem xét, cho ý kiến vào 14 nội dung, trong đó có "
            "4 nội dung trình HĐND tỉnh.\n\nNhóm nội dung trình HĐND tỉnh gồm:\n\n"
            "- Kế hoạch đầu tư công năm 2025;\n- Nghị quyết quy định mức hỗ trợ học phí năm học 2024-2025.\n\n"
            "Các nội dung còn lại của nhóm này là danh mục công trình cần thu hồi đất năm 2025; đặt tên đường, phố "
            "tại thị xã Quảng Yên.\n\nUBND tỉnh thống nhất thông qua 4 nội dung trình HĐND tỉnh; giao các sở hoàn "
            "thiện hồ sơ.")
    assert _items(text) == {"Kế hoạch đầu tư công năm 2025": "approved",
                            "Nghị quyết quy định mức hỗ trợ học phí năm học 2024-2025": "approved",
                            "Danh mục công trình cần thu hồi đất năm 2025": "approved",
                            "Đặt tên đường, phố tại thị xã Quảng Yên": "approved"}


def test_va_viec_opens_another_item_and_an_election_is_not_an_item():
    text = ("Sáng 20/12, Ban Chấp hành Đảng bộ tỉnh Thanh Hóa khóa XIX tổ chức Hội nghị lần thứ 27. Ngoài ra, hội nghị "
            "còn cho ý kiến về chủ trương đầu tư dự án đường bộ ven biển đoạn qua các huyện Quảng Xương, Hoằng Hóa và "
            "việc điều chỉnh quy hoạch chung xây dựng Khu kinh tế Nghi Sơn. Hội nghị đã biểu quyết thông qua Nghị "
            "quyết về lãnh đạo thực hiện nhiệm vụ năm 2025; bầu bổ sung Ủy viên Ủy ban Kiểm tra Tỉnh ủy đối với đồng "
            "chí Lê Thị Ngọc Ánh.")
    got = _items(text)
    assert got.get("Điều chỉnh quy hoạch chung xây dựng Khu kinh tế Nghi Sơn") == "discussed"
    assert got.get("Nghị quyết về lãnh đạo thực hiện nhiệm vụ năm 2025") == "approved"
    assert not any(t.lower().startswith("bầu") for t in got)


def test_a_second_verb_after_a_semicolon_governs_its_own_list():
    # the subject of the first clause carries over; what follows 'biểu quyết thông qua' is approved
    text = ("Đại hội đã góp ý vào dự thảo các văn kiện trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII và "
            "Đại hội XIV của Đảng; biểu quyết thông qua Báo cáo chính trị của Ban Chấp hành Đảng bộ xã khóa I, "
            "Báo cáo kiểm điểm của Ban Chấp hành và Nghị quyết Đại hội với 100% đại biểu tán thành.")
    got = _items(text)
    assert got["Dự thảo các văn kiện trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII"] == "discussed"
    assert got["Dự thảo các văn kiện trình Đại hội XIV của Đảng"] == "discussed"
    assert got["Báo cáo chính trị của Ban Chấp hành Đảng bộ xã khóa I"] == "approved"
    assert got["Nghị quyết Đại hội"] == "approved"
    assert not any(t.lower().startswith("biểu quyết") for t in got)


def test_a_bare_head_shares_what_follows_it():
    text = ("Sáng 5/12, Ban Chấp hành Đảng bộ tỉnh Thanh Hóa tổ chức Hội nghị lần thứ 30. "
            "Hội nghị cho ý kiến vào các nội dung: Báo cáo tình hình thu, chi ngân sách năm 2025; dự toán và "
            "phương án phân bổ ngân sách năm 2026.")
    assert _items(text) == {"Báo cáo tình hình thu, chi ngân sách năm 2025": "discussed",
                            "Dự toán và phương án phân bổ ngân sách năm 2026": "discussed"}


def test_a_group_approved_by_the_name_of_its_introducer():
    text = ("Sáng 5/12, Ban Chấp hành Đảng bộ tỉnh Thanh Hóa tổ chức Hội nghị lần thứ 30. "
            "Hội nghị cũng nghe báo cáo các nội dung trình Kỳ họp thứ 9, HĐND tỉnh khóa XV, gồm: kế hoạch đầu tư "
            "công năm 2026; dự toán ngân sách địa phương năm 2026 và bảng giá đất điều chỉnh năm 2026. Đối với các "
            "nội dung trình Kỳ họp thứ 9, HĐND tỉnh khóa XV, Ban Chấp hành Đảng bộ tỉnh thống nhất về chủ trương.")
    assert _items(text) == {"Kế hoạch đầu tư công năm 2026": "approved",
                            "Dự toán ngân sách địa phương năm 2026": "approved",
                            "Bảng giá đất điều chỉnh năm 2026": "approved"}


def test_a_purpose_clause_is_not_part_of_the_item():
    text = ("Sáng 12/8, Đảng bộ phường Hạc Thành tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025 - 2030. "
            "Đại hội biểu quyết thông qua Nghị quyết Đại hội đại biểu Đảng bộ phường lần thứ I, nhiệm kỳ 2025 - 2030 "
            "với mục tiêu xây dựng phường văn minh, hiện đại.")
    assert _items(text) == {"Nghị quyết Đại hội đại biểu Đảng bộ phường lần thứ I, nhiệm kỳ 2025 - 2030": "approved"}


def test_thanh_lap_inside_an_item_s_title_is_not_the_verb_s_object():
    # 'thông qua … gồm: Nghị quyết thành lập các ban …, Nghị quyết …': the list, whatever its separators
    for sep in ("; ", ", "):
        text = ("Sáng 1/7/2025, HĐND tỉnh Phú Thọ khai mạc Kỳ họp thứ nhất khóa XIX. HĐND tỉnh đã thông qua "
                f"3 nghị quyết, gồm: Nghị quyết thành lập các ban của HĐND tỉnh{sep}Nghị quyết về tổ chức các cơ "
                "quan chuyên môn thuộc UBND tỉnh và Nghị quyết xác định nơi đặt trụ sở các cơ quan cấp tỉnh.")
        assert _items(text) == {"Nghị quyết thành lập các ban của HĐND tỉnh": "approved",
                                "Nghị quyết về tổ chức các cơ quan chuyên môn thuộc UBND tỉnh": "approved",
                                "Nghị quyết xác định nơi đặt trụ sở các cơ quan cấp tỉnh": "approved"}


def test_a_second_verb_of_the_subject_after_va():
    text = ("Sáng 1/7/2025, HĐND tỉnh Phú Thọ khai mạc Kỳ họp thứ nhất khóa XIX. Cũng tại kỳ họp, HĐND tỉnh biểu "
            "quyết miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh đối với ông Lã Văn Trung và thông qua 2 nghị quyết, gồm: "
            "Nghị quyết thành lập các ban của HĐND tỉnh và Nghị quyết về dự toán ngân sách 6 tháng cuối năm 2025.")
    assert _items(text) == {"Nghị quyết thành lập các ban của HĐND tỉnh": "approved",
                            "Nghị quyết về dự toán ngân sách 6 tháng cuối năm 2025": "approved"}


def test_count_then_colon_list():
    text = ("Sáng 8/12, Kỳ họp thứ 13 HĐND thành phố Hải Phòng khóa XVI bế mạc. Tại phiên bế mạc, HĐND thành phố "
            "đã biểu quyết thông qua 3 nghị quyết: Nghị quyết về kế hoạch đầu tư công năm 2024; Nghị quyết về lịch "
            "tổ chức kỳ họp thường lệ năm 2024; Nghị quyết đặt tên một số tuyến đường trên địa bàn quận Dương Kinh.")
    assert _items(text) == {"Nghị quyết về kế hoạch đầu tư công năm 2024": "approved",
                            "Nghị quyết về lịch tổ chức kỳ họp thường lệ năm 2024": "approved",
                            "Nghị quyết đặt tên một số tuyến đường trên địa bàn quận Dương Kinh": "approved"}


def test_a_heard_report_ends_at_the_next_verb_and_who_tabled_it_is_not_its_title():
    text = ("Chiều 22/1, Ban Thường vụ Đảng ủy Công an thành phố Cần Thơ tổ chức Hội nghị lần thứ 5. Hội nghị cũng "
            "nghe Báo cáo kết quả công tác kiểm tra, giám sát năm 2025 do Ủy ban Kiểm tra Đảng ủy trình và cho ý kiến "
            "vào dự thảo Đề án xây dựng Công an xã chính quy giai đoạn 2026-2030.")
    assert _items(text) == {"Báo cáo kết quả công tác kiểm tra, giám sát năm 2025": "discussed",
                            "Dự thảo Đề án xây dựng Công an xã chính quy giai đoạn 2026-2030": "discussed"}


def test_the_objects_of_a_verb_inside_an_item_are_not_items():
    text = ("Sáng 12/1, UBND thành phố Đà Nẵng họp phiên thường kỳ tháng 1. UBND thành phố thống nhất thông qua "
            "Phương án bảo đảm hàng hóa, giá cả, trật tự giao thông dịp Tết Nguyên đán.")
    assert _items(text) == {"Phương án bảo đảm hàng hóa, giá cả, trật tự giao thông dịp Tết Nguyên đán": "approved"}


def test_rieng_after_a_semicolon_ends_the_list():
    text = ("Sáng 20/7, Ban Chấp hành Đảng bộ tỉnh Quảng Bình tổ chức Hội nghị lần thứ 11. Hội nghị thống nhất "
            "thông qua Báo cáo tình hình 6 tháng đầu năm và Đề án số 07-ĐA/TU; riêng dự thảo Nghị quyết về chuyển "
            "đổi số, giao Ban Cán sự đảng UBND tỉnh tiếp thu, hoàn thiện.")
    got = _items(text)
    assert got["Báo cáo tình hình 6 tháng đầu năm"] == "approved"
    assert got["Đề án số 07-ĐA/TU"] == "approved"
    assert not any("riêng" in t for t in got)


def test_a_numbered_project_on_the_agenda_is_an_item_not_a_cited_document():
    text = ("Sáng 10/7, Ban Chấp hành Đảng bộ tỉnh Nghệ An tổ chức Hội nghị lần thứ 19. Hội nghị cho ý kiến vào các "
            "nội dung: Báo cáo tình hình thực hiện nhiệm vụ 6 tháng đầu năm; Đề án số 07-ĐA/TU về phát triển kinh tế "
            "các huyện miền Tây đến năm 2030. Ban Chấp hành cơ bản thống nhất với Đề án số 07-ĐA/TU, giao Ban Thường "
            "vụ chỉ đạo hoàn thiện theo Kết luận số 21-KL/TW của Ban Chấp hành Trung ương.")
    ex = extract(make_document(text, "t"))
    assert {i.title: i.status for i in ex.items}["Đề án số 07-ĐA/TU về phát triển kinh tế các huyện miền Tây đến năm 2030"] == "approved"
    assert {c.number for c in ex.citations} == {"21-KL/TW"}
