"""Career summaries: 'Ông X sinh năm 1969, quê … Ông từng giữ các chức vụ: Phó Vụ trưởng, Vụ
trưởng Vụ …; Phó Chủ tịch UBND tỉnh …', 'trước khi được điều động, ông là …', 'ông Sáu từng là
chủ tịch Hội …', 'ông Trí nguyên là chủ tịch UBND tỉnh …', 'sau đó lần lượt giữ các chức vụ: …'.

The titles after the trigger, joined by ';', ',' or 'và', belong to the subject: a person named in
the sentence before the trigger, else (a sentence opening with 'Ông', 'Bà' or 'Đồng chí') the
last person named before it. Posts of the past are marked former; 'hiện là' is the present.
Rule: `career:<trigger>`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..model import Document
from .common import Sentences
from .persons import NameHit
from .titles import TitleHit, TitleParser

_TRIGGER = re.compile(r"(?<![^\W_])(?:(từng) (?:giữ|đảm nhiệm|kinh qua)(?: (?:nhiều|các|những))?(?: (?:chức vụ|chức danh|cương vị|chức))?"
                      r"(?: (?:quan trọng|lãnh đạo|chủ chốt))?(?: như| gồm)?|(lần lượt) (?:giữ|đảm nhiệm|kinh qua)(?: (?:các|những))? (?:chức vụ|chức danh|cương vị)"
                      r"(?: như| gồm)?|(từng) là|(kinh qua) (?:các|nhiều) (?:chức vụ|cương vị)"
                      r"(?: như)?|(nguyên) là|(trước đó|trước đây) (?:ông|bà|đồng chí) (?:là|giữ chức(?: vụ)?)|"
                      r"(trước đó) là|(trước khi [^,.;]{3,80}?), (?:ông|bà|đồng chí)(?: [A-ZĐÀ-Ỹ][^\W\d_]*)? là|"
                      r"(hiện) (?:là|giữ (?:chức vụ|chức))|(hiện) đang (?:là|giữ chức(?: vụ)?))\s*:?\s*", re.IGNORECASE)
_SEP = re.compile(r"\s*(?:;|,|,? và|\.(?= [a-zđ]))\s*(?:(?:sau đó|rồi|tiếp đó) (?:là )?)?")
_OPENS_WITH_PRONOUN = re.compile(r"\s*(?:Ông|Bà|Đồng chí)\s+(?:[A-ZĐÀ-Ỹ][^\W\d_]*\s+)?(?:từng|nguyên|hiện|sinh|có|đã|là|trước)",
                                 re.UNICODE)


def find_careers(doc: Document, sentences: Sentences, names: list[NameHit],
                 titles: TitleParser) -> list[tuple[NameHit, TitleHit]]:
    """(subject, title) for every post a career summary gives."""
    text, out = doc.text, []
    for m in _TRIGGER.finditer(text):
        a, _b = sentences.around(m.start())
        subject = _subject(text, a, m.start(), names)
        if subject is None:
            continue
        word = next(g for g in m.groups() if g).lower()
        former = not word.startswith("hiện")
        rule = "career:" + re.sub(r"\W+", "-", word.split(",")[0])[:20].strip("-")
        pos, seen = m.end(), 0
        while seen < 12:
            chain = titles.chain(pos)
            if not chain:
                break
            for t in chain:
                if not t.foreign:
                    out.append((subject, replace(t, former=former or t.former, rule=f"{rule}+{t.rule}")))
            seen += 1
            end = titles.after(chain[-1].end)
            if text[end:end + 1] == "(" and (close := text.find(")", end)) > 0 and close - end < 60:
                end = close + 1  # 'Vụ trưởng Vụ X (Bộ Kế hoạch và Đầu tư)'
            sep = _SEP.match(text, end)
            if not sep or sep.end() == end:
                break
            pos = sep.end()
    return out


def _subject(text: str, a: int, trigger: int, names: list[NameHit]) -> NameHit | None:
    starts = [n.start for n in names]
    here = names[bisect.bisect_left(starts, a):bisect.bisect_left(starts, trigger)]
    if here:
        return here[-1]
    if _OPENS_WITH_PRONOUN.match(text, a) or re.search(r"(?:ông|bà|đồng chí)\s*$", text[a:trigger], re.IGNORECASE):
        before = names[bisect.bisect_left(starts, a - 1500):bisect.bisect_left(starts, a)]
        return before[-1] if before else None
    return None
