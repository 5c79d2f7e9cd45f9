"""The saved queries' parameters that are names or titles, each with a value that finds rows in
data/corpus or tests/fixtures/articles. The same value typed without diacritics, in lower case
(``unaccented``), must find the same rows: tests/test_cli.py and tests/test_saved_queries.py on
the embedded stores, tests/store/test_virtuoso.py on Virtuoso."""
from __future__ import annotations

from kg.text import fold

NAME_PARAMS: dict[str, dict[str, str]] = {
    "body-sessions": {"body": "Ban Chấp hành Đảng bộ tỉnh Thái Nguyên"},
    "career-timeline": {"name": "Nguyễn Thanh Hải"},
    "citing-documents": {"type": "Nghị quyết", "number": "", "issuer": "HĐND tỉnh"},
    "co-attendees": {"name": "Nguyễn Thanh Hải"},
    "compare-persons": {"a": "Nguyễn Thanh Hải", "b": "Trịnh Việt Hùng"},
    "holder-on-date": {"role": "Bí thư", "organization": "Tỉnh ủy Thái Nguyên"},
    "identity-links": {"person_name": "Nguyễn Thanh Hải"},
    "person-career": {"name": "Nguyễn Thanh Hải"},
    "personnel-events": {"name": "Triệu Quốc Khánh"},  # tests/fixtures/articles
    "persons-by-organization": {"organization": "UBND tỉnh Thái Nguyên"},
    "post-holders": {"role": "Bí thư", "organization": "Tỉnh ủy Thái Nguyên"},
    "post-successors": {"org_part": "Sở Kế hoạch và Đầu tư"},  # tests/fixtures/articles
}
# string parameters that are not names: a keyword (decisions-about folds it in its own way and
# says how each row matched), a term's Roman numeral, a document number, a class name
NOT_NAMES = {("decisions-about", "keyword"), ("body-sessions", "term"), ("citing-documents", "number"),
             ("personnel-events", "kind")}


def unaccented(params: dict[str, str]) -> dict[str, str]:
    """``{"name": "nguyen thanh hai"}`` for ``{"name": "Nguyễn Thanh Hải"}``."""
    return {key: fold(value) for key, value in params.items()}
