"""The words that govern agenda items in a report: the subjects that act, the verbs of discussion,
the words that open a list, the ends of a clause and the tails that are not part of an item."""
from __future__ import annotations

import re

from ..lexicon import UPPER, WordStartPattern

_SUBJECT = re.compile(r"(?:^\s*|,\s*)(?:Hội nghị|Kỳ họp|Phiên họp|Đại hội|Ban Thường vụ|Ban Chấp hành|HĐND|UBND|Chủ tịch|"
                      r"Thường trực|Hội đồng nhân dân|Ủy ban|Các đại biểu|các đại biểu|hội nghị|kỳ họp|phiên họp|đại hội)"
                      r"(?![^\W_])[^,.:;]{0,60}$")
# 'HĐND tỉnh biểu quyết miễn nhiệm … đối với ông A và thông qua 4 nghị quyết': a second verb of the subject
_SUBJECT_AND = re.compile(_SUBJECT.pattern.replace("[^,.:;]{0,60}$", "[^,.:;]{0,200}\\svà\\s+$"))
_DISCUSS = re.compile(r"(?<![^\W_])(?:tập trung )?(?:nghe và cho ý kiến|nghe và thảo luận|thảo luận, cho ý kiến|thảo luận, xem xét|thảo luận và cho ý kiến|"
                      r"cho ý kiến|thảo luận|xem xét|đánh giá|(?:được )?nghe|(?:tham gia )?(?:đóng góp ý kiến|góp ý kiến|góp ý))(?: vào| đối với| về)?(?![^\W_])",
                      re.IGNORECASE)
_LIST_HEAD = re.compile(r"(?:,\s*)?(?:bao gồm|gồm|như|trong đó có|cụ thể|đáng chú ý có|đáng chú ý là|nổi bật là)\s*:\s*|"
                        r"(?:,\s*)?(?:bao gồm|gồm|trong đó có|đáng chú ý có|đáng chú ý là|nổi bật là)\s+(?![^.;:]{0,60}:)|^\s*:\s*",
                        re.IGNORECASE)
_LIST_NOUN = re.compile(r"\s*(?:các|những|\d+) (?:nội dung|vấn đề|văn bản|văn kiện|báo cáo|dự thảo|nghị quyết|tờ trình|đề án)(?: sau(?: đây)?)?\s*:\s*",
                        re.IGNORECASE)  # 'cho ý kiến vào các nội dung: A; B'
_CLAUSE_END = re.compile(rf"[;,]\s+(?:và\s+)?(?:giao(?=\s+(?:cho|các|(?-i:[{UPPER}])))|đồng thời|yêu cầu|đề nghị|riêng)\s|[;,]?\s+và (?=(?:cho ý kiến|thảo luận|xem xét))",
                         re.IGNORECASE)
_BARE_APPROVE = WordStartPattern(rf"(?<![^\W_])(?:thống nhất|nhất trí|đồng ý)(?: với)? (?=(?:các )?[{UPPER}])")
_COUNT_ONLY = re.compile(r"\s*(?:\d+|các) nội dung(?![^\W_])", re.IGNORECASE)
_LEAD = re.compile(r"(?:tại [^,;:]{0,40}? về )?(?:các |những )?(?:nội dung về |nội dung |vấn đề về )?(?:việc (?=\w+ \w))?", re.IGNORECASE)
_TIME_TAIL = re.compile(r"\s+((?:năm|giai đoạn|nhiệm kỳ) \d{4}(?: ?[-–] ?\d{4})?)$")
_BRIEFING = re.compile(r"quán triệt|phổ biến", re.IGNORECASE)
_REPORT_SUBJECT = re.compile(r"\s*(Báo cáo (?:tổng kết|sơ kết)\s.+?)\s+(?:cũng\s+)?(?:cho thấy|đã|nêu rõ)")
_IN_WHICH = re.compile(r"\s*Trong đó")
# 'HĐND tỉnh quyết định chủ trương đầu tư các dự án …': an approval whose items are the investments
_INVEST = re.compile(r"(?<![^\W_])quyết định(?= (?:điều chỉnh )?chủ trương đầu tư(?![^\W_]))", re.IGNORECASE)
_HEAD_BEFORE = re.compile(r"(?<![^\W_])(?:Báo cáo|Tờ trình|Đề án|Dự thảo|Kế hoạch)\s+$", re.IGNORECASE)
_ABOUT_PERSON = re.compile(r"(?<![^\W_])(?:đối với|của|cho|về)(?![^\W_])", re.IGNORECASE)  # an item about a person
