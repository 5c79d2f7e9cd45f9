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
