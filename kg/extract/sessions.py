"""Sessions: kind, body, ordinal, term, period, date, chair, participants, stated item count."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace

from ..lexicon import Lexicon
from ..model import Document, Org
from .common import Sentences, ordinal_pattern, parse_ordinal, term_roman
from .org_names import org_by_name, party_organisation
from .orgs import OrgHit
from .session_facts import DATE, headline

_DOC_BEFORE = re.compile(r"(?:Nghị quyết|Kết luận|Chỉ thị|Quyết định|Thông báo|Quy định)\s+$|"
                         r"(?:Nghị quyết|Kết luận|Chỉ thị|Quyết định|Quy định)(?: số [\w/.-]+)?(?: ngày [\d/-]+)? của $")
# inside a cited document's title: 'Chỉ thị số 45-CT/TW … về đại hội đảng bộ các cấp tiến tới Đại hội … XIV của Đảng'
_IN_DOC_TITLE = re.compile(r"(?:Nghị quyết|Kết luận|Chỉ thị|Quyết định|Quy định|Hướng dẫn) số [\w/.-]+[^.;:,\n]{0,120}? về [^.;:,\n]{0,120}$")
_NATIONAL = re.compile(r"\s*(?:của Đảng|toàn quốc)(?![^\W_]| bộ)")
_REFERENCING = re.compile(r"(?:trình|chuẩn bị cho|dự kiến|sắp tới|tiếp theo|nội dung|báo cáo|tới|trước|kết quả|sau)\s+(?:(?:tại|của)\s+)?$",
                          re.IGNORECASE)
_FILLER = re.compile(r"(?:\((?:kỳ họp |phiên |hội nghị )?(?:chuyên đề|bất thường|mở rộng|trực tuyến|thường lệ)\)|đại biểu toàn quốc|đại biểu|toàn quốc|mở rộng|trực tuyến|chuyên đề|bất thường|thường kỳ|thường lệ)(?![^\W_])",
                     re.IGNORECASE)
_BODY_BEFORE = re.compile(r"(?:,? khóa ([IVXLC]+))?(?:,? nhiệm kỳ \d{4} ?[-–] ?\d{4})?[^.;:]{0,80}?\s(?:đã |sẽ |vừa )?"
                          r"(?:tổ chức|tiến hành|khai mạc|bế mạc|triệu tập|họp)\s+", re.IGNORECASE)
_AT_SESSION = re.compile(r"(?:,? khóa ([IVXLC]+))?[^.;:]{0,120}?\s(?:tại|trong)\s+", re.IGNORECASE)
_SEP = re.compile(r"[ ,]*")
# the month a meeting belongs to: 'phiên họp thường kỳ tháng 01/2026', 'kỳ họp thường lệ cuối năm 2024'
_MONTH = re.compile(r"(?:tháng (\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?|cuối năm (\d{4}))(?![\d/])", re.IGNORECASE)
_COMMITTEE = re.compile(r"(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy) ")
_CLAUSE_END = re.compile(r"[.;:](?=\s)|\n")  # (not the dot of 'TP.Huế' or '18.3')
_HELD = re.compile(r"(?<![^\W_])(?:tổ chức|khai mạc|bế mạc|diễn ra|(?<![Kk]ỳ )(?<![Pp]hiên )(?<!cuộc )họp|chủ trì|tiến hành)(?![^\W_])",
                   re.IGNORECASE)  # the 'họp' of 'Kỳ họp thứ 6' names the session, it does not say it met
_FUTURE = re.compile(r"(?<![^\W_])(?:sẽ|dự kiến|chuẩn bị|sắp)(?![^\W_])", re.IGNORECASE)
_PLENUM = re.compile(r"Trung ương(?: Đảng)? (\d+)(?![^\W_])")  # 'Hội nghị Trung ương 10 khóa XIII'


@functools.lru_cache(maxsize=8)
def _matchers(lex: Lexicon) -> tuple:
    """SessionFinder's session kinds and patterns (made once per lexicon)."""
    kinds = [(s, k) for k, surfaces in lex.triggers["session_kinds"].items() for s in surfaces]
    kinds.sort(key=lambda x: -len(x[0]))
    kind_of = {s.lower(): k for s, k in kinds}
    kind_rx = re.compile("(?<![^\\W_])(?:" + "|".join(re.escape(s) for s, _ in kinds) + ")(?![^\\W_])",
                         re.IGNORECASE)
    ordp = ordinal_pattern(lex)
    ord_rx = re.compile(rf"(?:lần )?thứ ({ordp})(?![^\W_])", re.IGNORECASE)
    term_rx = re.compile(r"khóa ([IVXLC]+|\d+)(?![^\W_])", re.IGNORECASE)
    period_rx = re.compile(r"nhiệm kỳ (\d{4}) ?[-–] ?(\d{4})", re.IGNORECASE)
    ordinal_only_rx = re.compile(rf"({ordp})(?![^\W_])")
    return kind_of, kind_rx, ord_rx, term_rx, period_rx, ordinal_only_rx


@dataclass
class SessionHit:
    kind: str
    start: int
    end: int
    body: Org | None = None
    ordinal: int | None = None
    term: str | None = None
    period: str | None = None
    rule: str = "session"
    referencing: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    month: tuple[str | None, int] | None = None  # (year, month) the meeting is of
    national: bool = False  # 'Đại hội XIV của Đảng': the party's national congress, of no local body

    def compatible(self, other: "SessionHit", current: tuple[str, int] | None = None) -> bool:
        """Whether two mentions can be one session. A meeting of a month ('tháng 12') is not one
        without a month unless that month is the article's own (`current`)."""
        if self.kind != other.kind:
            return False
        if self.month and other.month:
            (y1, m1), (y2, m2) = self.month, other.month
            if m1 != m2 or y1 and y2 and y1 != y2:
                return False
        elif (self.month or other.month) and current:
            y, mo = self.month or other.month
            if mo != current[1] or y and y != current[0]:
                return False
        if self.national != other.national and (self.body or other.body):
            return False  # 'đại hội đảng bộ xã' is not 'Đại hội XIV của Đảng'
        pairs = [(self.body and self.body.name, other.body and other.body.name),
                 (self.ordinal, other.ordinal), (self.term, other.term)]
        return all(a is None or b is None or a == b for a, b in pairs)

    def absorb(self, other: "SessionHit") -> None:
        self.body = self.body or other.body
        self.ordinal = self.ordinal or other.ordinal
        self.term = self.term or other.term
        self.period = self.period or other.period
        self.month = self.month or other.month
        self.national = self.national or other.national
        self.mentions.append((other.start, other.end))


class SessionFinder:
    def __init__(self, doc: Document, lex: Lexicon, orgs: list[OrgHit], org_at=None):
        self.doc, self.text, self.lex = doc, doc.text, lex
        self.orgs_at = {h.start: h for h in orgs}
        self.org_at = org_at or self.orgs_at.get  # (any case: 'đại hội đảng bộ xã')
        self._sorted = sorted(orgs, key=lambda h: h.start)
        self._starts = [h.start for h in self._sorted]
        (self.kind_of, self.kind_rx, self.ord_rx, self.term_rx, self.period_rx,
         self.ordinal_only_rx) = _matchers(lex)

    def _parse(self, m: re.Match) -> SessionHit:
        hit = SessionHit(self.kind_of[re.sub(r"\s+", " ", m.group(0)).lower()], m.start(), m.end())
        j = m.end()
        for _ in range(8):
            sep = _SEP.match(self.text, j)
            k = sep.end()
            if k == j and k < len(self.text) and self.text[k].isalnum():
                break
            if (o := self.ord_rx.match(self.text, k)) and hit.ordinal is None:
                hit.ordinal = parse_ordinal(o.group(1), self.lex)
                j = o.end()
            elif (t := self.term_rx.match(self.text, k)) and hit.term is None and hit.kind != "Đại hội":
                hit.term = term_roman(t.group(1))
                j = t.end()
            elif (p := self.period_rx.match(self.text, k)) and hit.period is None:
                hit.period = f"{p.group(1)}-{p.group(2)}"
                j = p.end()
            elif hit.body is None and (b := self.org_at(k)) and not b.missing_parent and self._body_ok(hit, j, k, b):
                hit.body = b.org
                j = b.end
            elif self.text.startswith("của ", k) and hit.body is None and (b := self.org_at(k + 4)) and not b.missing_parent:
                hit.body = b.org
                j = b.end
            elif hit.body is None and hit.kind == "Hội nghị" and (tw := _PLENUM.match(self.text, k)):
                hit.body, hit.rule = org_by_name(self.lex, "Ban Chấp hành Trung ương Đảng"), "session:central-plenum"
                hit.ordinal = hit.ordinal or int(tw.group(1))
                j = tw.end()
            elif hit.kind == "Đại hội" and hit.ordinal is None and (r := re.match(r"([IVXLC]+)(?![^\W_])", self.text[k:])):
                hit.ordinal = parse_ordinal(r.group(1), self.lex)
                j = k + r.end()
            elif hit.month is None and (mo := _MONTH.match(self.text, k)) and 1 <= int(mo.group(1) or 12) <= 12:
                hit.month = (mo.group(2) or mo.group(3), int(mo.group(1) or 12))
                j = mo.end()
            elif (f := _FILLER.match(self.text, k)):
                j = f.end()
            else:
                break
        hit.end = max(hit.end, j)
        hit.end = len(self.text[:hit.end].rstrip(" ,"))
        return hit

    def _body_ok(self, hit: SessionHit, j: int, k: int, b: OrgHit) -> bool:
        """A body right after the kind ('Hội nghị Ban Thường vụ'), or after the ordinal and a comma
        when a term follows ('Kỳ họp thứ 13, HĐND tỉnh khóa XIV') or the body is of the kind's own
        sort ('Kỳ họp thứ hai, HĐND xã Mỹ Lợi')."""
        if "," not in self.text[j:k]:
            return True
        return hit.ordinal is not None and (bool(re.match(r"\s*,?\s*khóa", self.text[b.end:])) or _holds(hit.kind, b.org))

    def _orgs_between(self, a: int, b: int) -> list[OrgHit]:
        return self._sorted[bisect.bisect_left(self._starts, a):bisect.bisect_left(self._starts, b)]

    def _body_before(self, hit: SessionHit) -> None:
        """'Ủy ban Kiểm tra Tỉnh ủy khóa XVII tổ chức Kỳ họp thứ 42': the body opens the clause."""
        ends = list(_CLAUSE_END.finditer(self.text, max(0, hit.start - 300), hit.start))
        start = ends[-1].start() if ends else max(0, hit.start - 300) - 1
        before = [h for h in self._orgs_between(start + 1, hit.start) if h.end <= hit.start]
        for h in before:
            lead = self.text[start + 1:h.start]
            if lead.strip(" ,") and not re.fullmatch(r".*,\s*|\s*(?:[^\W\d_]+\s+){0,3}", lead):
                continue
            between = self.text[h.end:hit.start] + ("họp " if self.text.startswith("họp ", hit.start) else "")
            m = _BODY_BEFORE.fullmatch(between)  # ('UBND tỉnh họp phiên thường kỳ': the verb opens the kind's words)
            if m:
                hit.body, hit.rule = h.org, "session:body-before-kind"
                if m.group(1) and hit.term is None and hit.kind != "Đại hội":
                    hit.term = term_roman(m.group(1))
                return
        for h in reversed(before):  # 'HĐND tỉnh Vĩnh Long khóa X bầu tại kỳ họp thứ 5', '… được
            m = _AT_SESSION.fullmatch(self.text[h.end:hit.start])  # Quốc hội khóa XV thông qua tại Kỳ họp thứ 5'
            if m and _holds(hit.kind, h.org):
                hit.body, hit.rule = h.org, "session:body-acts-at-session"
                if m.group(1) and hit.term is None:
                    hit.term = term_roman(m.group(1))
                return

    def find(self) -> list[SessionHit]:
        sessions: list[SessionHit] = []
        pub = self.doc.published
        current = (pub[:4], int(pub[5:7])) if pub else None
        for m in self.kind_rx.finditer(self.text):
            if _DOC_BEFORE.search(self.text[max(0, m.start() - 60):m.start()]) \
                    or _IN_DOC_TITLE.search(self.text[max(0, m.start() - 250):m.start()]):
                continue
            if m.group(0).lower().startswith("giao") and m.group(0)[-3:] != "ban":
                continue  # 'Giao Ban Cán sự đảng …' is the verb giao, not a briefing
            hit = self._parse(m)
            hit.national = hit.kind == "Đại hội" and ("toàn quốc" in self.text[hit.start:hit.end].lower()
                                                      or bool(_NATIONAL.match(self.text, hit.end)))
            named = hit.ordinal is not None or hit.body is not None
            if not named and hit.kind == "Giao ban" and m.group(0)[0].isupper():
                line_end = self.text.find("\n", m.end())
                for h in self._orgs_between(m.end(), line_end if line_end >= 0 else len(self.text))[:1]:
                    hit.body, hit.rule = h.org, "session:giao-ban+body-same-line"
                named = True
            if hit.body is None:
                self._body_before(hit)
                named = named or hit.body is not None
            if not named:
                continue
            if hit.kind == "Hội nghị" and hit.ordinal and hit.body and _COMMITTEE.match(hit.body.name):
                b = hit.body  # 'Hội nghị Thành ủy lần thứ 19': a plenum of the Ban Chấp hành
                hit.body = Org(f"Ban Chấp hành {party_organisation(b)}", "PartyCommittee", b.level, b.province, (),
                               party_organisation(b))
            hit.referencing = bool(_REFERENCING.search(self.text[max(0, m.start() - 30):m.start()]))
            hit.mentions.append((hit.start, hit.end))
            for s in sessions:
                if s.compatible(hit, current):
                    s.absorb(hit)
                    s.referencing = s.referencing and hit.referencing
                    break
            else:
                sessions.append(hit)
        return sessions


def main_session(doc: Document, sentences: Sentences, sessions: list[SessionHit]) -> SessionHit | None:
    """The session the article reports on: the first one not only referred to, preferring one
    that is said to be held (a body 'tổ chức' it, a date or a chair in its sentence)."""
    title_start, title_end = headline(doc.text)

    def in_title(s: SessionHit) -> bool:
        return any(title_start <= x < title_end for x, _ in s.mentions)

    def held(s: SessionHit) -> bool:
        if s.rule == "session:body-before-kind":
            return True
        a, b = sentences.around(s.start)
        date = DATE.search(doc.text, a, min(b, a + 30))
        return bool(date or re.search("chủ trì", doc.text[a:b]))

    candidates = [s for s in sessions if not s.referencing]
    for test in (in_title, held):
        if found := next((s for s in candidates if test(s)), None):
            return found
    return candidates[0] if candidates else None


def is_held(doc: Document, sentences: Sentences, s: SessionHit) -> bool:
    """The text says the session took place (not only that it will, or that something goes to it)."""
    for x, _ in s.mentions:
        a, b = sentences.around(x)
        if _HELD.search(doc.text, a, b):
            return True
        if re.search(r"(?<![^\W_])(?:tại|ở)\s+$", doc.text[max(a, x - 6):x]) and not _FUTURE.search(doc.text, a, b):
            return True  # 'Trước đó, tại Kỳ họp thứ 5 …, HĐND tỉnh đã miễn nhiệm …': what was done at it
    return False


__all__ = ["SessionFinder", "SessionHit", "main_session", "is_held", "replace"]


def _holds(kind: str, org: Org) -> bool:
    """Whether a body of this sort holds sessions of this kind: a council its Kỳ họp, a people's
    committee or the Government its Phiên họp, a party organisation or a front its Đại hội."""
    name = org.name
    if kind == "Kỳ họp":
        return org.kind == "PeoplesCouncil" or name.startswith(("HĐND", "Quốc hội", "Ủy ban Kiểm tra"))
    if kind == "Phiên họp":
        return org.kind == "PeoplesCommittee" or name.startswith(("UBND", "Chính phủ", "Ủy ban Thường vụ Quốc hội"))
    if kind == "Đại hội":
        return org.kind in ("PartyOrganization", "PartyCommittee", "MassOrganization")
    return False
