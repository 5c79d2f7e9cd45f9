"""Personnel events in constructions written one per case (kg/extract/events.py)."""
from kg.extract import extract
from kg.text import make_document


def _events(text: str) -> set[tuple]:
    ex = extract(make_document(text, "t"))
    return {(e.kind, e.person, e.role, e.org.name if e.org else None) for e in ex.events}


def test_a_degree_before_the_name_does_not_end_the_clause():
    text = ("Tại Quyết định số 57/QĐ-UBND, UBND tỉnh Phú Thọ điều động, bổ nhiệm TS. Nguyễn Trọng Tấn, Phó Chánh "
            "Văn phòng UBND tỉnh, giữ chức Phó Giám đốc Sở Nội vụ.")
    assert _events(text) == {("Transfer", "Nguyễn Trọng Tấn", "Phó Giám đốc", "Sở Nội vụ tỉnh Phú Thọ"),
                             ("Appointment", "Nguyễn Trọng Tấn", "Phó Giám đốc", "Sở Nội vụ tỉnh Phú Thọ")}


def test_leaving_the_boards_of_the_committee_the_next_clause_names():
    text = ("Bộ Chính trị cho đồng chí Lương Văn Đạt, Ủy viên Ban Chấp hành Trung ương Đảng, thôi tham gia Ban Chấp "
            "hành, Ban Thường vụ, thôi giữ chức Bí thư Tỉnh ủy Lạng Sơn để nghỉ hưu theo chế độ.")
    found = _events(text)
    assert ("Dismissal", "Lương Văn Đạt", "Ủy viên", "Ban Chấp hành Đảng bộ tỉnh Lạng Sơn") in found
    assert ("Dismissal", "Lương Văn Đạt", "Ủy viên", "Ban Thường vụ Tỉnh ủy Lạng Sơn") in found
    assert ("Dismissal", "Lương Văn Đạt", "Ủy viên", "Ban Chấp hành Trung ương Đảng") not in found


def test_the_subject_of_tai_dac_cu():
    text = "Thiếu tướng Bùi Quang Thịnh tái đắc cử Bí thư Đảng ủy Công an tỉnh Nghệ An với 100% số phiếu."
    assert _events(text) == {("Election", "Bùi Quang Thịnh", "Bí thư", "Đảng ủy Công an tỉnh Nghệ An")}


def test_a_bare_dang_uy_is_the_one_named_last():
    text = ("Thiếu tướng Bùi Quang Thịnh tái đắc cử Bí thư Đảng ủy Công an tỉnh Nghệ An; Đại tá Cao Minh Tuấn "
            "được bầu làm Phó Bí thư Đảng ủy.")
    assert ("Election", "Cao Minh Tuấn", "Phó Bí thư", "Đảng ủy Công an tỉnh Nghệ An") in _events(text)


def test_central_written_t_u():
    text = "Ông Nguyễn Văn Tâm được Bộ Chính trị điều động, bổ nhiệm giữ chức Phó trưởng Ban Kinh tế T.Ư."
    assert ("Appointment", "Nguyễn Văn Tâm", "Phó Trưởng ban", "Ban Kinh tế Trung ương") in _events(text)


def test_elections_listed_under_the_introducer_s_verb():
    text = ("Tối 15/10, Hội nghị lần thứ nhất Ban Chấp hành Đảng bộ thành phố Cần Thơ khóa XIV đã bầu Ban Thường vụ "
            "Thành ủy gồm 15 đồng chí và bầu các chức danh chủ chốt. Kết quả cụ thể:\n"
            "• Phó Bí thư Thành ủy: ông Lục Ngọc Ẩn và bà Võ Thị Lành;\n"
            "• Chủ nhiệm Ủy ban Kiểm tra Thành ủy: ông Trương Hoàng Ân.\n")
    assert _events(text) == {("Election", "Lục Ngọc Ẩn", "Phó Bí thư", "Thành ủy Cần Thơ"),
                             ("Election", "Võ Thị Lành", "Phó Bí thư", "Thành ủy Cần Thơ"),
                             ("Election", "Trương Hoàng Ân", "Chủ nhiệm", "Ủy ban Kiểm tra Thành ủy Cần Thơ")}


def test_appointments_listed_person_then_post():
    text = ("Quân khu 9 công bố quyết định về công tác cán bộ. Theo đó, các sĩ quan được bổ nhiệm gồm:\n"
            "- Đại tá Lê Quốc Thái: chỉ huy trưởng Bộ Chỉ huy Quân sự TP Cần Thơ;\n"
            "- Thượng tá Sơn Ngọc Đa: phó chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh Bến Tre.\n")
    assert _events(text) == {("Appointment", "Lê Quốc Thái", "Chỉ huy trưởng", "Bộ Chỉ huy Quân sự thành phố Cần Thơ"),
                             ("Appointment", "Sơn Ngọc Đa", "Phó Chỉ huy trưởng", "Bộ Chỉ huy Quân sự tỉnh Bến Tre")}


def test_a_list_of_people_with_ranks_under_one_verb():
    text = ("HĐND tỉnh An Giang cũng bầu bổ sung 3 Ủy viên UBND tỉnh gồm ông Trầm Quốc Vũ, giám đốc Sở Tài chính; "
            "Đại tá Lâm Thanh Phong, chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh và bà Thạch Thị Sa Ly, giám đốc Sở Nội vụ.")
    assert {p for k, p, r, o in _events(text) if (k, r, o) == ("Election", "Ủy viên", "UBND tỉnh An Giang")} == {
        "Trầm Quốc Vũ", "Lâm Thanh Phong", "Thạch Thị Sa Ly"}


def test_the_approval_of_the_election_of_a_plural_post():
    text = ("Thủ tướng phê chuẩn kết quả bầu các phó chủ tịch UBND TP Cần Thơ gồm các ông Vương Công Danh, "
            "Huỳnh Tấn Lực và bà Thạch Thị Sô Phi.")
    assert {p for k, p, r, o in _events(text) if (k, r, o) == ("Approval", "Phó Chủ tịch", "UBND thành phố Cần Thơ")} == {
        "Vương Công Danh", "Huỳnh Tấn Lực", "Thạch Thị Sô Phi"}


def test_a_pronoun_is_the_one_person_the_paragraph_named():
    text = ("Đại tá Trịnh Minh Quyền sinh năm 1975, tiến sĩ luật học. Trước khi nhận nhiệm vụ tại Bình Dương, ông là "
            "Phó Giám đốc Công an TP.HCM. Ngày 2-7-2024, Bộ trưởng Bộ Công an ký Quyết định số 5126/QĐ-BCA điều động, "
            "bổ nhiệm ông giữ chức Giám đốc Công an tỉnh Bình Dương.\n\n"
            "Bà con nhân dân phấn khởi. Ông Lê Văn Hai và ông Trần Văn Ba dự; ông phát biểu, giữ chức Giám đốc Sở Y tế.")
    ex = extract(make_document(text, "t"))
    events = {(e.kind, e.person, e.role, e.org.name if e.org else None) for e in ex.events}
    assert ("Transfer", "Trịnh Minh Quyền", "Giám đốc", "Công an tỉnh Bình Dương") in events
    assert ("Appointment", "Trịnh Minh Quyền", "Giám đốc", "Công an tỉnh Bình Dương") in events
    names = {p.name for p in ex.persons}
    assert names == {"Trịnh Minh Quyền", "Lê Văn Hai", "Trần Văn Ba"}  # ('bà con' is not a person; two named: no guess)
    posts = {(p.name, q.role) for p in ex.persons for q in p.positions}
    assert ("Trịnh Minh Quyền", "Phó Giám đốc") in posts
    assert not any(r == "Giám đốc" and n != "Trịnh Minh Quyền" for n, r in posts)


def test_an_official_whose_apposition_ends_in_a_country_is_not_kept():
    text = ("Đại hội nhận được thư chúc mừng của ông Trần Cương, Bí thư Đảng ủy Khu tự trị dân tộc Choang Quảng Tây "
            "(Trung Quốc). Ông Lê Văn Ba, Bí thư Tỉnh ủy (tỉnh Lạng Sơn) phát biểu.")
    assert {p.name for p in extract(make_document(text, "t")).persons} == {"Lê Văn Ba"}


def test_a_pronoun_before_duoc_and_not_for_someone_named_in_the_same_sentence():
    text = ("Ông Lò Văn Thượng sinh năm 1971. Tháng 10/2023, ông được Ban Chấp hành Đảng bộ tỉnh Sơn La bầu giữ chức "
            "Phó Bí thư Tỉnh ủy.\n\nHĐND thành phố miễn nhiệm chức danh Ủy viên UBND thành phố Hải Phòng đối với bà "
            "Phí Thị Ngọc Lan, nguyên Giám đốc Sở Tư pháp, do bà đã nghỉ hưu theo chế độ.")
    events = {(e.kind, e.person, e.role) for e in extract(make_document(text, "t")).events}
    assert ("Election", "Lò Văn Thượng", "Phó Bí thư") in events
    assert ("Retirement", "Phí Thị Ngọc Lan", "Giám đốc") in events


def test_cho_thoi_lam_nhiem_vu_dai_bieu_is_the_post_left():
    text = ("Chiều 11.12, HĐND TP Cần Thơ cho thôi làm nhiệm vụ đại biểu HĐND TP khóa X đối với ông Lý Hoàng Nam, "
            "nguyên phó giám đốc Sở Y tế, do đã chuyển công tác.")
    events = {(e.kind, e.person, e.role, e.org.name if e.org else None) for e in extract(make_document(text, "t")).events}
    assert events == {("Dismissal", "Lý Hoàng Nam", "Đại biểu", "HĐND thành phố Cần Thơ")}


def test_subjects_listed_before_the_verb():
    text = ("Ngày 24/6, HĐND thành phố Hà Nội khai mạc Kỳ họp thứ nhất khóa XVI. Các ông Tống Văn Thành, Đinh Trọng "
            "Quân tái đắc cử phó chủ tịch UBND thành phố. Trung tướng Nghiêm Xuân Bình, Giám đốc Công an TP Hà Nội và "
            "Thiếu tướng Khúc Văn Nghị, Tư lệnh Bộ Tư lệnh Thủ đô Hà Nội được bầu làm ủy viên UBND thành phố.")
    assert _events(text) == {("Election", "Tống Văn Thành", "Phó Chủ tịch", "UBND thành phố Hà Nội"),
                             ("Election", "Đinh Trọng Quân", "Phó Chủ tịch", "UBND thành phố Hà Nội"),
                             ("Election", "Nghiêm Xuân Bình", "Ủy viên", "UBND thành phố Hà Nội"),
                             ("Election", "Khúc Văn Nghị", "Ủy viên", "UBND thành phố Hà Nội")}


def test_a_passive_subject_list_does_not_cross_a_semicolon():
    text = ("Dự phiên họp có các Phó Chủ tịch UBND tỉnh Gia Lai: Kpă Thị Hoa, Văn Đình Long; bà Siu Thị Kim, Ủy viên "
            "BCH Đảng bộ tỉnh, vừa được hiệp thương cử giữ chức Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh.")
    assert {p for _k, p, _r, _o in _events(text)} == {"Siu Thị Kim"}
