"""Agenda items beyond the enumeration: shared heads distributed over the names that follow them
('Tờ trình … trường THPT Thanh Trì 2, Thanh Trì 3' is two items), a later approval that names
discussed items ('Hội nghị cơ bản thống nhất với Tờ trình …'), objects fronted before their verb
('Riêng Báo cáo … và Đề án …, đại biểu thảo luận'), and what is not an item (a person's speech,
a personnel decision, an announcement).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import CAP_WORD

_NAMED = rf"{CAP_WORD}(?: {CAP_WORD}){{0,3}}(?: \d+[A-Z]?)?"
# a list of short proper names, each ending in a number, at the end of an item: 'Thới Lai 1, Thới Lai 2'
_NUMBERED_NAMES = re.compile(rf"(?P<first>{_NAMED} \d+[A-Z]?)(?P<rest>(?:(?:, | và ){_NAMED} \d+[A-Z]?)+)$")
_MEETING = r"(?:Đại hội|Kỳ họp|Hội nghị)(?![^\W_])"
_TO_MEETINGS = re.compile(rf"(?P<head>.+? (?:trình|tại|gửi) )(?P<a>{_MEETING}[^,;]+?) và (?P<b>{_MEETING}.+)$")
_OF_ORGS = re.compile(r"(?P<head>.+? của )(?P<list>.+)$")
_NOT_AN_ITEM = re.compile(r"(?:tham gia góp ý|góp ý vào|ý kiến|chuẩn y|phê chuẩn|công bố|cho ý kiến vào|"
                          r"\d+ ý kiến|tham luận|quyết định$|thi hành kỷ luật|kỷ luật (?:đối với|bằng hình thức)|"
                          r"(?:nhưng|song|tuy nhiên)(?![^\W_])|(?:các )?(?:nghị quyết|văn bản|nội dung) (?:tại|trong|ở) |"
                          r"\d+ (?:nội dung|nghị quyết|văn bản|tờ trình)(?![^\W_])|"
                          r"(?:bầu|bầu bổ sung|miễn nhiệm|bổ nhiệm|điều động|chỉ định|giới thiệu) .{0,120}?(?:đối với|đồng chí|ông|bà) |"
                          # a count without the items: 'nhiều nội dung quan trọng', 'một số vấn đề lớn'
                          r"(?:nhiều|một số|một loạt|các|những)\s+(?:nội dung|vấn đề|công việc|việc)"
                          r"(?:\s+(?:quan trọng|lớn|khác|cấp bách|trọng tâm|trọng yếu|liên quan))*\s*$)", re.IGNORECASE)
_APPROVE_LATER = re.compile(r"(?<![^\W_])(?:cơ bản |đã |cũng )?(?:thống nhất|nhất trí|đồng ý|thông qua)(?: (?:với|về))? "
                            r"(?:(?:chủ trương|nội dung) (?:của |về )?)?", re.IGNORECASE)


def distribute(title: str, start: int, split_orgs) -> list[tuple[str, int, int]]:
    """'… Cụm công nghiệp Thới Lai 1, Thới Lai 2' → one item per name, the head shared;
    '… của Tòa án nhân dân tỉnh, Viện kiểm sát nhân dân tỉnh và Cục …' → one item per body."""
    m = _NUMBERED_NAMES.search(title)
    if m and m.start() > 0:
        head = title[:m.start()]
        names = [m.group("first")] + [p for p in re.split(r", | và ", m.group("rest")) if p]
        out, pos = [], m.start()
        for n in names:
            k = title.index(n, pos)
            out.append((head + n, start + k, start + k + len(n)))
            pos = k + len(n)
        return out
    t = _TO_MEETINGS.match(title)
    if t:  # 'dự thảo các văn kiện trình Đại hội … lần thứ XX và Đại hội XIV của Đảng' → one per meeting
        return [(t.group("head") + t.group(k), start + t.start(k), start + t.end(k)) for k in ("a", "b")]
    o = _OF_ORGS.match(title)
    if o and (parts := split_orgs(o.group("list"))) and len(parts) > 1:
        out = []
        for text, k in parts:
            out.append((o.group("head") + text, start + o.start("list") + k, start + o.start("list") + k + len(text)))
        return out
    return [(title, start, start + len(title))]


def not_an_item(title: str, has_person: bool) -> bool:
    """A speech, a personnel decision or an announcement written where items are."""
    return has_person or bool(_NOT_AN_ITEM.match(title))


def later_approvals(text: str, sentences, items: list, approve_rx: re.Pattern,
                    letters: dict[int, str] | None = None) -> list:
    """Discussed items that a later sentence approves ('Hội nghị cơ bản thống nhất với Tờ trình về
    chủ trương đầu tư …', '… nhất trí thông qua các nội dung tại điểm a, c, d'): approved. An item is
    named when four words in a row of it stand in the approving clause, or by its letter."""
    discussed = [i for i in items if i.status == "discussed"]
    if not discussed:
        return items
    upgraded: set[int] = set()
    for a, b in sentences:
        sentence = text[a:b]
        for m in _APPROVE_LATER.finditer(sentence):
            if re.search(r"(?:đề nghị|chưa|không)\s*$|được[^,.;]{0,60}$|đã được [^.;]{0,90}$", sentence[:m.start()]):
                continue  # (a wish, a refusal, or 'đã được … thông qua': what was approved before)
            clause = sentence[m.end():]
            for i in items:  # what the clause lists as items of its own is not a name of an earlier item
                if a + m.end() <= i.start < b and i.status == "approved":
                    x, y = i.start - a - m.end(), i.end - a - m.end()
                    clause = clause[:x] + " " * (y - x) + clause[y:]
            if re.match(r"\s*\d+ (?:nghị quyết|quyết định|văn bản)", clause):
                continue  # 'thông qua 21 nghị quyết, trong đó có: …': resolutions of their own, listed there
            stop = re.search(r"[;,.]\s*(?:giao|yêu cầu|đề nghị)\b|;\s*(?=\S+ (?:ý kiến|thảo luận))", clause)
            clause = clause[:stop.start()] if stop else clause
            grams = _grams(words_of(clause), 4)
            # by letter or number, after the verb or in the clause before it: '… thông qua các nội dung
            # tại điểm a, c, d', 'Đối với các nội dung trình HĐND (nội dung 2, 6, 7, 8), UBND … thông qua'
            ref = _BY_MARK.search(clause) or _BY_MARK.search(sentence[max(sentence.rfind(";", 0, m.start()), 0):m.start()])
            picked = set(re.findall(r"[a-zđ]|\d+", ref.group(1))) if ref else set()
            for item in discussed:
                if id(item) in upgraded or a <= item.start < b:
                    continue
                if picked and (letters or {}).get(item.start) in picked or grams & _grams(words_of(item.title), 4):
                    upgraded.add(id(item))
    out = [replace(i, status="approved", rule=i.rule + "+approved-later") if id(i) in upgraded else i for i in items]
    return _approved_by_count(text, out)


_BY_MARK = re.compile(r"(?<![^\W_])(?:điểm|nội dung|mục)(?: số)? ((?:(?:[a-zđ]|\d+)\)?, )*(?:[a-zđ]|\d+)\)?"
                      r"(?: và (?:[a-zđ]|\d+)\)?)?)(?=[,;.)\s]|$)")
_APPROVED_N = re.compile(r"(?<![^\W_])(?:thông qua|nhất trí thông qua|đồng ý thông qua|thống nhất thông qua) (\d+) nội dung",
                         re.IGNORECASE)
_EXCEPT = re.compile(r"(?<![^\W_])Riêng ([^.;]+?)(?:,\s*[^.;,]{0,40}?)? chưa (?:thông qua|thống nhất|nhất trí)", re.IGNORECASE)


def _approved_by_count(text: str, items: list) -> list:
    """'… thông qua 7 nội dung. Riêng Đề án A và dự thảo B, UBND tỉnh chưa thông qua': the items
    discussed, less those excepted, when they are as many as the count, are approved."""
    m = _APPROVED_N.search(text)
    discussed = [i for i in items if i.status == "discussed"]
    if not m or not discussed or len(_APPROVED_N.findall(text)) > 1:
        return items
    n = int(m.group(1))
    excepted = set()
    if e := _EXCEPT.search(text, m.end(), m.end() + 600):
        grams = _grams(words_of(e.group(1)), 3)
        excepted = {id(i) for i in discussed if grams & _grams(words_of(i.title), 3)}
    rest = [i for i in discussed if id(i) not in excepted]
    if len(rest) != n:
        return items
    keep = {id(i) for i in rest}
    return [replace(i, status="approved", rule=i.rule + "+approved-by-count") if id(i) in keep else i for i in items]


_STOP_GRAMS = {"năm", "và", "của", "về", "các", "tháng", "giai", "đoạn", "đến", "trên", "địa", "bàn", "thành", "phố", "tỉnh",
               "ủy", "ban", "nhân", "dân", "hội", "đồng", "ubnd", "hđnd", "quốc", "tphcm",
               "đại", "biểu", "đảng", "bộ", "lần", "thứ", "khóa", "nghị"}  # (the words of a body's or a meeting's name)


def _grams(words: str, n: int) -> set[tuple[str, ...]]:
    w = words.split()
    return {g for g in zip(*(w[k:] for k in range(n))) if sum(1 for x in g if x not in _STOP_GRAMS) >= 3}


def words_of(s: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", s.casefold()))


def split_orgs(text: str, org_at, list_text: str) -> list[tuple[str, int]]:
    """'Tòa án nhân dân tỉnh, Viện kiểm sát nhân dân tỉnh và Cục …' → each body and its offset."""
    base = text.find(list_text)
    out, pos = [], base
    while pos < base + len(list_text):
        hit = org_at(pos)
        if not hit:
            return []
        out.append((text[pos:hit.end], pos - base))
        sep = re.match(r", | và |, và ", text[hit.end:])
        if hit.end >= base + len(list_text):
            break
        if not sep:
            return []
        pos = hit.end + sep.end()
    return out


_SAME_LEAD = re.compile(r"^(?:dự thảo |tờ trình (?:về (?:việc )?)?)+")  # ('Tờ trình về chủ trương đầu tư X' = 'Chủ trương đầu tư X')


def merge_same(hits: list) -> list:
    """One item found twice (by a list and by a later approval, or with a tail cut off) is kept
    once: the longer title, approved if either says so."""
    kept: list[tuple[str, object]] = []
    for hit in hits:
        key = _SAME_LEAD.sub("", re.sub(r"\W+", " ", hit.title.lower()).strip())  # ('dự thảo Quy chế …' = 'Quy chế …')
        same = next((k for k, (other, _) in enumerate(kept) if _same_item(key, other)), None)
        if same is None:
            kept.append((key, hit))
        elif hit.status == "approved" or len(key) > len(kept[same][0]):
            longer = hit if len(key) >= len(kept[same][0]) else kept[same][1]
            status = "approved" if "approved" in (hit.status, kept[same][1].status) else "discussed"
            kept[same] = (max(key, kept[same][0], key=len), replace(longer, status=status))
    return [h for _, h in kept]


def _same_item(a: str, b: str) -> bool:
    """One title is the other with a tail cut off ('… đất ở' / '… đất ở trên địa bàn tỉnh')."""
    short, long_ = sorted((a, b), key=len)  # (or by its first six words or more: 'Tờ trình về dự thảo Nghị
    return long_.startswith(short) and (len(short) >= 0.6 * len(long_) or len(short.split()) >= 6)  # quyết … học phí')


_TOTAL_TAIL = re.compile(r",?\s+(?:với )?(?:tổng mức đầu tư|tổng vốn|quy mô|tổng kinh phí)\b.*$", re.IGNORECASE)
_CODES = re.compile(r"^(.*\S)\s+([\w.]*\d[\w.]*(?:,\s*[\w.]*\d[\w.]*)+)$")


def investments(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The items a decision on investment policy approves ('quyết định chủ trương đầu tư các dự án
    nâng cấp, mở rộng đường ĐT.746, ĐT.747b và dự án xây dựng Trung tâm hành chính huyện …'): each
    titled 'Chủ trương đầu tư dự án …', one per road or work the numbers name, the cost left out."""
    out = []
    for title, s, e in pieces:
        title = _TOTAL_TAIL.sub("", title)
        title = re.sub(r"^(Chủ trương đầu tư) (?:các|những|\d+) dự án", r"\1 dự án", title)
        if not title.lower().startswith("chủ trương đầu tư"):
            title = f"Chủ trương đầu tư {title[:1].lower()}{title[1:]}"
        if m := _CODES.match(title):  # 'đường ĐT.746, ĐT.747b': one item per road
            out.extend((f"{m.group(1)} {code.strip()}", s, e) for code in m.group(2).split(","))
        else:
            out.append((title, s, e))
    return out


# 'thông qua 21 nghị quyết, trong đó có các nghị quyết: về A; về B; quy định C và sửa đổi D'
PLURAL_HEAD_LIST = re.compile(r"\s*\d+ (?:nghị quyết|nội dung|văn bản|dự án|tờ trình)[^.;:]{0,40}?,?\s*(?:trong đó có|gồm|"
                              r"bao gồm|đáng chú ý có|nổi bật là)\s+(?:các|những) (nghị quyết|tờ trình|đề án|dự án|báo cáo|"
                              r"kế hoạch|chương trình)\s*(?:như|gồm|sau)?\s*:\s*", re.IGNORECASE)
_NEXT_TITLE = re.compile(r",? và (?=(?:về|quy định|sửa đổi|ban hành|điều chỉnh|phê duyệt|bãi bỏ|thành lập|đặt tên|"
                         r"thông qua|hỗ trợ|sáp nhập)(?![^\W_]))")


def headed_elements(text: str, a: int, b: int, noun: str) -> list[tuple[str, int, int]]:
    """The elements after a plural head ('các nghị quyết: về A; về B; quy định C và sửa đổi D'),
    each titled with the head ('Nghị quyết về A', …, 'Nghị quyết sửa đổi D')."""
    out, bounds, start = [], [], a
    for m in re.finditer(r";", text[a:b]):
        bounds.append((start, a + m.start()))
        start = a + m.end()
    bounds.append((start, b))
    last_a, last_b = bounds.pop()
    k = last_a
    for m in _NEXT_TITLE.finditer(text, last_a, last_b):
        bounds.append((k, m.start()))
        k = m.end()
    bounds.append((k, last_b))
    for x, y in bounds:
        piece = text[x:y].strip().rstrip(".")
        if not piece:
            continue
        s = text.index(piece, x)
        title = piece if piece.lower().startswith(noun.lower()) else f"{noun} {piece}"
        out.append((title[:1].upper() + title[1:], s, s + len(piece)))
    return out


# 'Riêng dự thảo nghị quyết quy định mức thu phí …, HĐND TP đã thảo luận nhưng chưa thông qua': discussed
EXCEPTED = re.compile(r"\s*Riêng ((?:dự thảo|tờ trình|đề án|báo cáo|kế hoạch|chương trình|dự án|nghị quyết|nội dung)"
                      r"[^,;]+?),\s*[^.;]{0,80}?chưa (?:thông qua|biểu quyết|thống nhất|nhất trí)", re.IGNORECASE)
