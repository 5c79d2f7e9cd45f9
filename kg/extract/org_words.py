"""Reading an organisation's open name after its head ('Sở Kế hoạch và Đầu tư', 'Cục Cảnh sát
giao thông', 'Trường Đại học Cần Thơ'): where it ends, by the words that cannot go on a name."""
from __future__ import annotations

import functools
import re

from ..lexicon import CAP_WORD, LOWER_WORD, HeadSpec, Lexicon
from .names import name_at

CAP_RX = re.compile(CAP_WORD)
_LOWER = re.compile(rf"{LOWER_WORD}(?![^\W_])")
NUM_RX = re.compile(r"\d+[A-Z]?(?![^\W_])")
NAMED_AFTER_PEOPLE = ("truong", "hoc-vien", "truong-chinh-tri", "trung-tam", "benh-vien", "vien")


@functools.lru_cache(maxsize=8)
def _rank_or_address(lex: Lexicon) -> re.Pattern:
    words = sorted([*lex.ranks, "Ông", "Bà", "Đồng chí", "GS", "PGS", "TS", "ThS"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")(?![^\W_])")


class NameReader:
    """The name readers of OrgParser (text, lex)."""

    text: str
    lex: Lexicon

    def _name(self, j: int, head: HeadSpec) -> tuple[str, int] | None:
        text, lex = self.text, self.lex
        if head.name == "number":
            m = NUM_RX.match(text, j)
            return (m.group(0), m.end()) if m else None
        if (a := lex.name_abbreviation_at.match(text, j)):
            return lex.name_abbreviations[a.group(0)], a.end()
        first = CAP_RX.match(text, j)
        if not first or self._stops_name(j, first=True):
            return None
        if head.id not in NAMED_AFTER_PEOPLE and (person := name_at(text, j, lex)) and len(person[1].split()) >= 3:
            return None  # 'Thứ trưởng Giáp Văn Hiển': a person after the role, not the name of a 'Bộ Giáp'

        if head.parent != "none" and lex.any_org_at.match(text, j):
            return None  # 'Bộ Tư lệnh Quân khu 4': a parent, not a name
        end, pos, lower_run = first.end(), first.end(), 0
        while pos < len(text):
            nxt = pos + 1
            if text[pos] == " " and (w := _LOWER.match(text, nxt)):
                if w.group(0) == "và" and CAP_RX.match(text, w.end() + 1) and not self._stops_name(w.end() + 1):
                    end = pos = CAP_RX.match(text, w.end() + 1).end()
                    lower_run = 0
                    continue
                if w.group(0) == "về" and head.id in ("cuc", "tong-cuc", "vu") and _LOWER.match(text, w.end() + 1) \
                        and lower_run < lex.max_lower_run:
                    end = pos = w.end()  # 'Cục Quản lý hành chính về trật tự xã hội'
                    lower_run = 0
                    continue
                if (lex.name_stop_at.match(text, nxt) and not lex.name_word_at.match(text, nxt)) or \
                        lower_run >= lex.max_lower_run:
                    break
                end = pos = w.end()
                lower_run += 1
                continue
            if text[pos] == " " and head.id in NAMED_AFTER_PEOPLE and (p := lex.province_at.match(text, nxt)):
                end = pos = p.end()  # 'Trường Đại học Cần Thơ': a school named after its city, not in it
                break
            if text[pos] == " " and (c := CAP_RX.match(text, nxt)) and not self._stops_name(nxt):
                end = pos = c.end()
                lower_run = 0
                continue
            if text[pos] == " " and head.id in NAMED_AFTER_PEOPLE and (person := name_at(text, nxt, lex)):
                end = pos = person[0]  # 'Trường Đào tạo cán bộ Lê Hồng Phong': named after a person
                break
            if text.startswith((" - ", " – "), pos) and (c := CAP_RX.match(text, pos + 3)) and not self._stops_name(pos + 3):
                end = pos = c.end()
                continue
            if text.startswith(", ", pos) and self._serial_name(pos):
                c = CAP_RX.match(text, pos + 2)
                end = pos = c.end()
                continue
            break
        return text[j:end], end

    def _serial_name(self, pos: int) -> bool:
        """', Thể thao và Du lịch': a comma inside a name that ends with 'và' + a capitalised word."""
        text = self.text
        if not CAP_RX.match(text, pos + 2) or self._stops_name(pos + 2):
            return False
        tail = text[pos + 2:pos + 60]
        m = re.match(rf"{CAP_WORD}(?: {LOWER_WORD}){{0,2}} và {CAP_WORD}", tail)
        return bool(m)

    def _stops_name(self, k: int, first: bool = False) -> bool:
        """A capitalised word that cannot go on a name: a place, an organisation, a title, a person."""
        text, lex = self.text, self.lex
        if (u := lex.unit_at.match(text, k)) and not first and (u.group(0).islower() or u.group(0).startswith("TP")):
            return True  # 'tỉnh', 'huyện' … end a name; 'Xã hội' goes on it
        if lex.province_at.match(text, k) or lex.title_word_at.match(text, k) or lex.country_at.match(text, k):
            return True
        if _rank_or_address(lex).match(text, k):
            return True  # 'Giám đốc Sở Nội vụ và Đại tá Lê Minh Triều'
        if not first and (lex.any_org_at.match(text, k) and (text[k:k + 2] != "Hộ" or text.startswith("Hội", k))):
            return True
        return not first and name_at(text, k, lex) is not None
