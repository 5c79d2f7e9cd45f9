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
