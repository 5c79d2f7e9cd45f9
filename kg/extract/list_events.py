"""Personnel events written as a list under the verb that governs them:

    … Hội nghị lần thứ nhất … đã bầu các chức danh chủ chốt. Kết quả cụ thể:
    • Phó Bí thư Thành ủy: ông Lục Ngọc Ẩn và bà Võ Thị Lành;
    Theo đó, các sĩ quan được bổ nhiệm gồm:
    - Đại tá Lê Quốc Thái: chỉ huy trưởng Bộ Chỉ huy Quân sự TP Cần Thơ;

The last event verb of the introducing line governs every element; an element is 'post: people'
or 'person: post'. An element with a verb of its own ('ông A,
tái đắc cử …') is read with its sentence. Rule: `event:<verb>+list-block`.

Also how people in a sentence make one list: `joined` (only separators, addresses and appositions
between two names) and `list_before` (the subjects before a passive or intransitive verb:
'A, Giám đốc …, và B, Tư lệnh … được bầu làm …', 'các ông A, B tái đắc cử …').
"""
from __future__ import annotations

import bisect
import re

from .persons import RANK, NameHit
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


def joined(text: str, titles: TitleParser, prev: NameHit, n: NameHit, seps: str = ",|;|và|, và") -> bool:
    """Two people in one list: only a separator (',', ';', 'và'), an address and the first one's
    apposition or parenthesis between them."""
    lead = n.titles[0].start if n.titles and 0 <= n.start - n.titles[-1].end < 20 and n.titles[0].start > prev.end \
        else n.start  # 'và Title, đồng chí B'
    between = text[titles.after(prev.titles[-1].end) if prev.titles and prev.titles[-1].end > prev.end
                   else prev.end:lead]
    return bool(re.fullmatch(rf"\)?(?:\s*\([^()]{{0,40}}\))?\s*(?:{seps})\s*(?:(?:đồng chí|ông|bà|{RANK})\s+)?", between)
                or lead < n.start and re.fullmatch(rf"\)?(?:\s*\([^()]{{0,40}}\))?\s*(?:{seps})\s*", between))


def list_before(text: str, titles: TitleParser, before: list[NameHit]) -> list[tuple[NameHit, str]]:
    """The people listed before a verb they are the subject of ('A, Giám đốc Công an … và B, Tư lệnh …
    được bầu làm …'): the last one and those joined to it."""
    out = [before[-1]]
    for n in reversed(before[:-1]):
        if not joined(text, titles, n, out[0], ",|và|, và"):
            break  # (not over a ';': 'các Phó Chủ tịch: A, B; bà C, …, vừa được hiệp thương cử …' is C's)
        out.insert(0, n)
    return [(n, "list" if len(out) > 1 else "") for n in out]
