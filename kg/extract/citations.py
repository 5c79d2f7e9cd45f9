"""Cited legal and party documents: type, number, date, issuer, term."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

from ..lexicon import Lexicon, WordStartPattern
from ..model import Document, Org
from .common import iso_date, term_roman
from .citation_issuers import IssuerReader, fits
from .org_names import org_by_name
from .orgs import OrgHit

_NUMBER = r"(\d+[\w/.\-]*[\wĐđ])|(\d+)"
_DATE = re.compile(r"\s*,?\s*ngày (\d{1,2})\s*(?:/|-|\.|tháng)\s*(\d{1,2})\s*(?:/|-|\.|năm)\s*(\d{4})")
_SAME_DAY = re.compile(r"\s*,?\s*(?:cùng ngày|cùng ngày ký)(?![^\W_])")
_TERM = re.compile(r"\s*,?\s*khóa ([IVXLC]+|\d+)(?![^\W_])")
_CENTRAL = re.compile(r"(Nghị quyết|Kết luận)(?: Hội nghị)?(?: lần thứ (\d+),?)?(?: Ban Chấp hành)? Trung ương(?: Đảng)?"
                      r"(?: (\d+))?((?:,? khóa [IVXLC]+)+)")
_CONGRESS = re.compile(r"(Nghị quyết) Đại hội(?: đại biểu)? ")
_TOPICAL = re.compile(r"(?<=thực hiện )(?:\w+ )?(Nghị quyết|Chương trình|Đề án|Kế hoạch)(?= về | (?!số )[a-zđ])")
_PLAN = WordStartPattern(r"(?<![^\W_])quy hoạch (tỉnh [^\W\d_]+(?: [^\W\d_]+)?) thời kỳ (\d{4}) ?[-–] ?(\d{4})")
_LAW = WordStartPattern(r"(?<![^\W_])(Luật|Bộ luật) ((?-i:[A-ZĐ])[^\W\d_]*(?: [^\W\d_]+){0,6}?)(?: (năm|số) (\d{4}))?(?=[\s,.;:)]|$)")
_OF_ISSUER = WordStartPattern(r"(?<![^\W_])((?i:q)uyết định|Nghị quyết|Kết luận|Chỉ thị|Thông báo|Quy định) (?:của|do) ")
_PLURAL_OF = WordStartPattern(r"(?<![^\W_])các (hướng dẫn|quy định|kết luận|nghị quyết|chỉ thị|quyết định) (?:của|do) ")


_NUMBER_RX = re.compile(_NUMBER)
@functools.lru_cache(maxsize=8)
def _numbered_rx(lex: Lexicon) -> WordStartPattern:
    """A document type followed by its number (made once per lexicon)."""
    types = sorted(lex.triggers["doc_types"], key=len, reverse=True)
    return WordStartPattern(r"(?<![^\W_])(" + "|".join(map(re.escape, types)) + r")(?: số)? (?=\d)")


@dataclass(frozen=True)
class CitationHit:
    doc_type: str
    number: str | None
    issuer: Org | None
    date: str | None
    term: str | None
    start: int
    end: int
    rule: str


class CitationFinder(IssuerReader):
    def __init__(self, doc: Document, lex: Lexicon, org_at: Callable[[int], OrgHit | None], province: str | None,
                 exclude: list[tuple[int, int]], implicit_ministry: Callable[[int], OrgHit | None] = lambda i: None):
        self.text, self.lex, self.province, self.exclude = doc.text, lex, province, exclude
        self.org_at, self.implicit_ministry = org_at, implicit_ministry
        self.published = doc.published
        self.types = lex.triggers["doc_types"]
        self.numbered_rx = _numbered_rx(lex)
        self.num_rx = _NUMBER_RX

    def numbered(self) -> list[CitationHit]:
        out = []
        for m in self.numbered_rx.finditer(self.text):
            n = self.num_rx.match(self.text, m.end())
            number = n.group(0)
            if re.fullmatch(r"\d{4}", number) and self.types[m.group(1)] in ("Luật", "Quy hoạch", "Kế hoạch", "Chương trình"):
                continue
            j, date = n.end(), None
            if d := _DATE.match(self.text, j):
                date, j = iso_date(*d.groups()), d.end()
            elif (same := _SAME_DAY.match(self.text, j)):
                date, j = (out[-1].date if out else None), same.end()  # 'Quyết định số 86/QĐ-VKSTC cùng ngày
            if date is None and (signed := self._signing_date(m.start(), j)):
                date, signed_rule = signed
            else:
                signed_rule = ""
            issuer, j2 = self._issuer_after(j)
            rule = "citation:numbered+issuer" if issuer else "citation:numbered"
            if issuer is None and (issuer := self._subject_after(m.start(), j)):
                rule = "citation:numbered+issuer-subject-after"
            elif issuer is None and fits(number, found := self._signed_after(j)):
                issuer, rule = found, "citation:numbered+issuer-signed-after"
            elif issuer is None and fits(number, found := self._agent_before(m.start())):
                issuer, rule = found, "citation:numbered+issuer-agent"
            elif issuer is None and fits(number, found := self._issuer_before(m.start())):
                issuer, rule = found, "citation:numbered+issuer-before"
            elif issuer is None and fits(number, found := self._issuer_of_list(m.start())):
                issuer, rule = found, "citation:numbered+issuer-of-list"
            term = None
            if t := _TERM.match(self.text, j2):
                term, j2 = term_roman(t.group(1)), t.end()
            out.append(CitationHit(self.types[m.group(1)], number, issuer, date, term, m.start(), j2, rule + signed_rule))
        return out

    def central(self) -> list[CitationHit]:
        out = []
        bch = org_by_name(self.lex, "Ban Chấp hành Trung ương Đảng", None)
        for m in _CENTRAL.finditer(self.text):
            for t in re.findall(r"khóa ([IVXLC]+)", m.group(4)):
                out.append(CitationHit(m.group(1), None, bch, None, t, m.start(), m.end(), "citation:central-plenum"))
        for m in _CONGRESS.finditer(self.text):
            hit = self.org_at(m.end())
            if hit and (o := re.match(r" lần thứ ([IVXLC]+|\d+)", self.text[hit.end:])):
                out.append(CitationHit("Nghị quyết", None, hit.org, None, None, m.start(), hit.end + o.end(),
                                       "citation:congress-resolution"))
        return out

    def unnumbered(self) -> list[CitationHit]:
        out = []
        for m in _TOPICAL.finditer(self.text):
            end = self.text.find(";", m.start())
            end = min(e for e in (end, self.text.find(".", m.start()), m.start() + 80) if e > 0)
            out.append(CitationHit(m.group(1), None, None, None, None, m.start(1), end, "citation:topical"))
        for m in _LAW.finditer(self.text):
            title = m.group(2)
            cut = re.search(r" (?:và|của|về|theo|có|khiến|đã|được|mới|với|trong|để|nhằm|tại|cho)(?= |$)", title)
            if cut:
                title = title[:cut.start()]
            end = m.start(2) + len(title) + (len(m.group(0)) - m.end(2) + m.start() if not cut and m.group(3) else 0)
            out.append(CitationHit(m.group(1), None, None, None, None, m.start(), end, "citation:law"))
        for m in _OF_ISSUER.finditer(self.text):
            if re.search(r"(?:các|những|Các|Những) $", self.text[max(0, m.start() - 6):m.start()]):
                continue  # 'các quyết định của …': the plural, below
            issuer, end = self._issuer_after(m.end(1))
            if issuer and not re.match(r"\s*(?:số|\d)", self.text[m.end(1):m.end(1) + 5]):
                out.append(CitationHit(m.group(1).capitalize(), None, issuer, None, None, m.start(), end,
                                       "citation:type-of-issuer"))
        for m in _PLAN.finditer(self.text):
            out.append(CitationHit("Quy hoạch", None, None, None, None, m.start(), m.end(), "citation:provincial-plan"))
        for m in _PLURAL_OF.finditer(self.text):
            if (hit := self.org_at(m.end())):
                kind = m.group(1).capitalize()
                out.append(CitationHit(self.types.get(kind, kind), None, hit.org, None, None, m.start(), hit.end,
                                       "citation:plural-of-issuer"))
        return [c for c in out if not any(s <= c.start < e for s, e in self.exclude)]

    def find(self) -> list[CitationHit]:
        found = self._same_series(self.numbered()) + self.central() + self.unnumbered()
        seen: dict[tuple, CitationHit] = {}
        for c in sorted(found, key=lambda c: c.start):
            issuer = c.issuer.name if c.issuer else None
            key = (c.doc_type, c.number, issuer) if c.number else (c.doc_type, issuer, c.term, c.rule,
                                                                     None if c.rule != "citation:topical" else self.text[c.start:c.end])
            if c.number and key not in seen:
                loose = next((k for k in seen if k[:2] == key[:2] and (k[2] is None or issuer is None)), None)
                if loose:
                    if issuer and not seen[loose].issuer:
                        seen.pop(loose)
                        seen[key] = c
                    continue
            seen.setdefault(key, c)
        numbered = {(c.doc_type, c.issuer.name) for c in seen.values() if c.number and c.issuer}
        return [c for c in seen.values() if c.number or not c.issuer or c.rule == "citation:central-plenum"
                or (c.doc_type, c.issuer.name) not in numbered]  # 'quyết định của Bộ Chính trị' after its number
