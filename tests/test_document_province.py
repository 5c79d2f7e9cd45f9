"""The province an article is about, from the places it names: lower units named like a
province, and the provinces the July 2025 reorganisation dissolved."""
import dataclasses

from kg.extract import document_province, extract
from kg.extract.names import display_name
from kg.lexicon import load_lexicon
from kg.text import make_document

LEX = load_lexicon()

# an article of the new Bắc Ninh: 'Bắc Giang' is a ward, a former city, a highway's end; the
# province itself is never named
BAC_NINH = ("Chiều 18/11, đồng chí Lương Văn Tuấn, Bí thư Tỉnh ủy chủ trì hội nghị Ban Thường vụ Tỉnh ủy.\n\n"
            "Ban Thường vụ cho ý kiến về dự án đường nối Khu công nghiệp Quang Châu với cao tốc Hà Nội - Bắc Giang.\n\n"
            "Ban Thường vụ Tỉnh ủy điều động, chỉ định đồng chí Trịnh Văn Dũng, Phó Trưởng Ban Tổ chức Tỉnh ủy "
            "giữ chức Bí thư Đảng ủy phường Bắc Giang. Đồng chí từng là Phó Bí thư Thành ủy Bắc Giang, "
            "Chủ tịch UBND thành phố Bắc Giang (cũ).")


def _province(text: str, published: str | None) -> str | None:
    doc = dataclasses.replace(make_document(text, "t"), published=published)
    return document_province(doc, LEX)[0]


def test_a_ward_named_like_a_dissolved_province_is_in_the_province_it_became():
    assert _province(BAC_NINH, "2025-11-18") == "Bắc Ninh"
    doc = dataclasses.replace(make_document(BAC_NINH, "t"), published="2025-11-18")
    titles = {(display_name(p.name), q.role, q.org.name) for p in extract(doc).persons for q in p.positions}
    assert ("Lương Văn Tuấn", "Bí thư", "Tỉnh ủy Bắc Ninh") in titles


def test_before_the_reorganisation_the_old_province_stays():
    text = ("Sáng 5/3, đồng chí Dương Văn Thái, Bí thư Tỉnh ủy tỉnh Bắc Giang chủ trì hội nghị "
            "Ban Thường vụ Tỉnh ủy tại thành phố Bắc Giang.")
    assert _province(text, "2023-03-05") == "Bắc Giang"


def test_a_district_level_city_counts_for_its_province_not_for_a_namesake():
    # 'thành phố Hà Tĩnh' is the city of Hà Tĩnh province; 'phường Hòa Bình' names many wards
    text = ("Chiều 12-3, tại thành phố Hà Tĩnh, Bộ Chỉ huy Quân sự tỉnh tổ chức hội nghị. "
            "Đại diện Đảng ủy phường Hòa Bình dự.")
    assert _province(text, "2024-03-12") == "Hà Tĩnh"
    assert _province("Đại diện Đảng ủy phường Hòa Bình dự hội nghị.", "2025-11-01") is None


def test_an_article_that_names_no_province_is_in_the_province_of_its_districts():
    text = ("Chiều 27/8, Ban Thường vụ Tỉnh ủy tổ chức hội nghị công bố quyết định điều động đồng chí Lê Văn Toản, "
            "Phó Trưởng Ban Nội chính Tỉnh ủy giữ chức Bí thư Huyện ủy Krông Pắc. Đồng chí sinh năm 1978, quê "
            "Nghệ An, từng là Chủ tịch UBND huyện Cư M'gar.")
    assert _province(text, "2024-08-27") == "Đắk Lắk"
