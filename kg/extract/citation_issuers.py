"""Who issued a cited document and when, where the text says it away from the number: after it
('… của Bộ Chính trị', '… được Thủ tướng ký ngày 11/8'), before it ('Ban Bí thư đã ban hành …',
'ngày 15/10, Thủ tướng đã ký …'), as the agent of the clause it closes ('được Ban Bí thư điều
động … theo Quyết định số …'), as the introducer of the list it is in, or shared with a number of
its series in the same sentence. An issuer found away from the number must agree with the
number's own mark ('…/TW' the party centre's, '…-TTg' the Prime Minister's)."""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Org
from .common import iso_date
from .org_names import org_by_name

_OF = re.compile(r"\s*(?:của|do)\s+")
_PLENUM = re.compile(r"Hội nghị(?: lần thứ \d+,?)?(?: Ban Chấp hành)? Trung ương(?: Đảng)?(?: \d+)?")
_SUBJECT_AFTER = re.compile(r"\s*,\s*")
_OFFICE = re.compile(r"(?:Thủ tướng|Phó Thủ tướng|Chủ tịch|Phó Chủ tịch|Bí thư|Trưởng ban|Giám đốc|Bộ trưởng|Thứ trưởng|"
                     r"Viện trưởng|Chánh án|Tổng cục trưởng|Cục trưởng|Tổng Bí thư|Chủ nhiệm|Tư lệnh|Chính ủy|"
                     r"Chỉ huy trưởng|Tổng Giám đốc|Hiệu trưởng|Chánh Văn phòng|Tổng Kiểm toán)(?![^\W_])")
_IMPLIED = {"thủ tướng": "Chính phủ", "phó thủ tướng": "Chính phủ", "tổng bí thư": "Ban Chấp hành Trung ương Đảng"}
_SIGNED = re.compile(r" (?:đã |vừa |cũng )?(?:ký ban hành|ban hành|ký|có|ra|trao) (?:các )?$")
_DM = r"(?P<d>\d{1,2})\s*[/-]\s*(?P<m>\d{1,2})(?:\s*[/-]\s*(?P<y>\d{4}))?(?![\d/])"
_SIGNED_ON = re.compile(rf"[^.;\n]{{0,40}}?(?<![^\W_])ký (?:ban hành )?(?:vào )?ngày {_DM}")
_DATE_THEN_SIGNED = re.compile(rf"(?<![^\W_])[Nn]gày {_DM}[^.;\n]{{0,80}}?(?<![^\W_])(?:đã |vừa )?(?:ký|ban hành)"
                               rf"(?: ban hành)?(?: các)?\s*$")
_LIST_OF = re.compile(r"(?:các |những )?(?:quyết định|Quyết định) (của |do )")


def fits(number: str, issuer: Org | None) -> bool:
    """Whether an issuer found away from the number agrees with the number's own mark of its
    issuer: '…/TW' and '…-TW' are the party centre's, '…-TTg' the Prime Minister's."""
    if issuer is None:
        return False
    if re.search(r"[/-]TW$", number):
        return issuer.kind == "PartyCommittee" or "Đảng" in f"{issuer.name} {issuer.parent}"
    if re.search(r"[/-]TTg$", number):
        return issuer.name == "Chính phủ"
    return True




class IssuerReader:
    """The issuer and date readers of CitationFinder (text, lex, org_at, implicit_ministry, published)."""

    def _issuer_after(self, j: int) -> tuple[Org | None, int]:
        """'của HĐND tỉnh', 'của Thủ tướng Chính phủ' (the office's body), 'của Hội nghị Trung ương 4'."""
        m = _OF.match(self.text, j)
        if not m:
            return None, j
        k = m.end()
        if plenum := _PLENUM.match(self.text, k):
            return org_by_name(self.lex, "Ban Chấp hành Trung ương Đảng", None), plenum.end()
        if role := _OFFICE.match(self.text, k):  # 'của Bộ trưởng Bộ Công an', 'của Thủ tướng': the office's body
            k2 = role.end() + 1 if self.text[role.end():role.end() + 1] == " " else role.end()
            if hit := self.org_at(k2):
                return hit.org, hit.end
            if role.group(0).lower() in _IMPLIED:
                return org_by_name(self.lex, _IMPLIED[role.group(0).lower()], None), role.end()
            if role.group(0) in ("Bộ trưởng", "Thứ trưởng") and (hit := self.implicit_ministry(k2)):
                return hit.org, hit.end
        if hit := self.org_at(k):
            return hit.org, hit.end
        return None, j

    def _subject_after(self, start: int, j: int) -> Org | None:
        """'Theo Quyết định số 1402/QĐ-TTg …, Thủ tướng phê chuẩn …': the office that acts after it."""
        if not re.search(r"(?:Theo|Tại|Căn cứ|theo|tại) $", self.text[max(0, start - 8):start]):
            return None
        c = _SUBJECT_AFTER.match(self.text, j)
        if not c:
            return None
        k = c.end()
        if role := _OFFICE.match(self.text, k):
            k2 = role.end() + 1 if self.text[role.end():role.end() + 1] == " " else role.end()
            if hit := self.org_at(k2):
                return hit.org
            return org_by_name(self.lex, _IMPLIED[role.group(0).lower()], None) if role.group(0).lower() in _IMPLIED else None
        hit = self.org_at(k)
        return hit.org if hit else None

    def _issuer_before(self, start: int) -> Org | None:
        """'Ban Bí thư đã ban hành Quyết định số …', 'Thủ tướng Chính phủ vừa ký Quyết định …'."""
        m = _SIGNED.search(self.text, max(0, start - 40), start)
        if not m:
            return None
        longest = None  # ('Ban Thường vụ Tỉnh ủy trao …', not its 'Tỉnh ủy')
        for k in range(m.start() - 1, max(-1, m.start() - 80), -1):
            if k == 0 or not self.text[k - 1].isalnum():
                hit = self.org_at(k)
                if hit and hit.end == m.start():
                    longest = hit.org
        if longest:
            return longest
        if re.search(r"Thủ tướng(?: Chính phủ)?$", self.text[max(0, m.start() - 20):m.start()]):
            return org_by_name(self.lex, "Chính phủ", None)
        return None

    def _office_or_body(self, k: int) -> Org | None:
        """The body at k, or the body of the office at k ('Thủ tướng' → Chính phủ)."""
        if role := _OFFICE.match(self.text, k):
            k2 = role.end() + 1 if self.text[role.end():role.end() + 1] == " " else role.end()
            if hit := self.org_at(k2):
                return hit.org
            return org_by_name(self.lex, _IMPLIED[role.group(0).lower()], None) if role.group(0).lower() in _IMPLIED else None
        hit = self.org_at(k)
        return hit.org if hit else None

    def _signed_after(self, j: int) -> Org | None:
        """'Quyết định số 948/QĐ-TTg được Thủ tướng ký ngày 11/8': the signer after 'được'."""
        m = re.match(r"\s*,?\s*(?:đã |vừa )?(?:được|do) ", self.text[j:j + 20])
        return self._office_or_body(j + m.end()) if m and re.match(
            r"[^.;\n]{0,60}? (?:ký|ban hành)(?![^\W_])", self.text[j + m.end():j + m.end() + 70]) else None

    def _agent_before(self, start: int) -> Org | None:
        """'Ông A được Ban Bí thư điều động, chỉ định … theo Quyết định số 1874-QĐNS/TW': the body
        that acted, in the passive clause the citation closes."""
        if not re.search(r"(?:theo|tại) $", self.text[max(0, start - 5):start]):
            return None
        a = max(self.text.rfind(c, max(0, start - 400), start) for c in ".;\n") + 1
        for m in reversed(list(re.finditer(r"(?<![^\W_])(?:của|do) ", self.text[a:start]))):
            hit = self.org_at(a + m.end())  # 'theo giới thiệu của Ban Thường vụ Tỉnh ủy tại Thông báo số …'
            if hit and re.fullmatch(r"\s*(?:tại|theo)\s*", self.text[hit.end:start]):
                return hit.org
        for m in reversed(list(re.finditer(r"(?<![^\W_])được ", self.text[a:start]))):
            k = a + m.end()
            if (org := self._office_or_body(k)) is not None:
                return org
        return None

    def _signing_date(self, start: int, j: int) -> tuple[str, str] | None:
        """'Ngày 15/10, Thủ tướng đã ký Quyết định số …', '… số 948/QĐ-TTg được Thủ tướng ký ngày
        11/8': the day it was signed; a year the text leaves out is the article's (the day not after
        its date line, else the year before), and the rule says so."""
        after = _SIGNED_ON.match(self.text, j)
        a = max(self.text.rfind(c, max(0, start - 300), start) for c in ".;\n") + 1
        before = None if after else _DATE_THEN_SIGNED.search(self.text, a, start)
        d = after or before
        if d is None or before and re.search(r"(?<![^\W_])(?:cho biết|cho hay|thông tin|thông báo|công bố)(?![^\W_])",
                                             self.text[d.end("m"):start]):
            return None  # ('Ngày 14-7, Văn phòng Chính phủ cho biết Thủ tướng đã ký …': the day of the news)
        day, month, year = int(d.group("d")), int(d.group("m")), d.group("y")
        rule = "+signing-date"
        if year is None:
            if not self.published:
                return None
            py, pm, pd = (int(x) for x in self.published.split("-"))
            year, rule = (py if (month, day) <= (pm, pd) else py - 1), "+signing-date+year-of-article"
        return iso_date(str(day), str(month), str(year)), rule

    def _issuer_of_list(self, start: int) -> Org | None:
        """'… công bố các quyết định của Chủ tịch UBND tỉnh: • Quyết định số …': the list's
        introducer: the line before the list's first element, else the 400 characters before."""
        line = self.text.rfind("\n", 0, start)
        a = max(0, line - 400)
        if re.match(r"\s*(?:[-–+•*]|\d+[.)]|[a-zđ]\))\s*$", self.text[line + 1:start]):
            k, n = line, 0
            while k > 0 and n < 40:  # back over the list's elements (and blank lines) to its introducer
                prev = self.text.rfind("\n", 0, k)
                if not re.match(r"\s*(?:(?:[-–+•*]|\d+[.)]|[a-zđ]\)) |$)", self.text[prev + 1:k]):
                    a = min(a, prev + 1)
                    break
                k, n = prev, n + 1
        last = None
        for m in _LIST_OF.finditer(self.text, a, start):
            issuer, _ = self._issuer_after(m.end() - len(m.group(1)))
            if issuer:
                last = issuer
        return last

    def _same_series(self, found: list) -> list:
        """'Thủ tướng ký Quyết định số 2217/QĐ-TTg … và Quyết định số 2218/QĐ-TTg': a number without
        an issuer, joined in its sentence to one of its series ('/QĐ-TTg') that has one, shares it."""
        out, prev = [], None
        for c in found:
            if c.number and c.issuer is None:
                series = re.sub(r"^\d+", "", c.number)
                near = prev if prev and prev.number and re.sub(r"^\d+", "", prev.number) == series and prev.issuer \
                    and not re.search(r"[.;\n]", self.text[prev.end:c.start]) else None
                donor = near if near and re.fullmatch(r"[^.;\n]{0,400}?(?:,|;| và| cùng)\s*",
                                                      self.text[prev.end:c.start]) else None
                if donor and len(series) > 2:
                    c = replace(c, issuer=donor.issuer, rule=c.rule + "+issuer-same-series")
            out.append(c)
            prev = c if c.number else prev
        return out
