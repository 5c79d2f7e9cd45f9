"""Personnel events written as a list under the verb that governs them:

    … Hội nghị lần thứ nhất … đã bầu các chức danh chủ chốt. Kết quả cụ thể:
    • Phó Bí thư Thành ủy: ông Lục Ngọc Ẩn và bà Võ Thị Lành;
    Theo đó, các sĩ quan được bổ nhiệm gồm:
    - Đại tá Lê Quốc Thái: chỉ huy trưởng Bộ Chỉ huy Quân sự TP Cần Thơ;

The last event verb of the introducing line governs every element; an element is 'post: people'
or 'person: post'. An element with a verb of its own ('ông A,
tái đắc cử …') is read with its sentence. Rule: `event:<verb>+list-block`.
"""
from __future__ import annotations

import bisect
import re

from .persons import NameHit
from .structure import list_blocks
from .titles import TitleParser

_VOTE = re.compile(r"\d+/\d+(?: (?:phiếu|đại biểu))?|\d+(?:,\d+)?%")


def list_block_events(text: str, names: list[NameHit], titles: TitleParser, verb_rx: re.Pattern,
                      table: dict[str, str], hit_type) -> list:
    """EventHit for each person of each list element under an introducer with an event verb."""
    starts = [n.start for n in names]
    out = []
    for block in list_blocks(text):
        a, b = block.intro
        verbs = [m for m in verb_rx.finditer(text, a, b)]
        if not verbs:
            continue
        verb = verbs[-1]
        kind = table.get(re.sub(r"\s+", " ", verb.group(0)).lower())
        if kind is None:
            continue
        name = re.sub(r"\s+", "-", verb.group(0).lower())
        for x, y in block.items:
            if verb_rx.search(text, x, y):
                continue  # the element says its own verb: its sentence is read for it
            people = names[bisect.bisect_left(starts, x):bisect.bisect_left(starts, y)]
            if not people:
                continue
            colon = text.find(":", x, y)
            post = titles.chain(x) if colon > x and people[0].start > colon else []  # 'Phó Bí thư Thành ủy: A và B'
            vote = _VOTE.search(text, x, y)
            for p in people:
                own = post or (titles.chain(colon + 1 + (text[colon + 1:colon + 2] == " "))
                               if colon >= p.end and not text[p.end:colon].strip(" ,") else [])  # 'Đại tá A: chỉ huy trưởng …'
                for t in own:
                    if t.foreign:
                        continue
                    out.append(hit_type(kind, p, t, min(x, p.start), max(y, t.end), f"event:{name}+list-block",
                                        vote.group(0) if vote else None, verb.start()))
    return out
