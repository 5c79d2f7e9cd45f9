"""Agenda items of the reported session: enumerations split into items, approved vs discussed."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from ..lexicon import UPPER, Lexicon
from ..model import Document
from .common import Sentences, capitalize_first
from .orgs import OrgHit
from .item_groups import GROUP_INTRO, GROUP_REST, GroupApprovals, approved_groups
from .item_forms import (EXCEPTED, PLURAL_HEAD_LIST, distribute, headed_elements, investments, later_approvals, merge_same,
                         not_an_item, split_orgs)
from .structure import ListBlock, list_blocks, strip_marker
from .item_words import (_ABOUT_PERSON, _BARE_APPROVE, _BRIEFING, _CLAUSE_END, _COUNT_ONLY, _DISCUSS, _HEAD_BEFORE, _IN_WHICH,
                         _INVEST, _LEAD, _LIST_HEAD, _LIST_NOUN, _REPORT_SUBJECT, _SUBJECT, _SUBJECT_AND, _TIME_TAIL)


@functools.lru_cache(maxsize=8)
def _matchers(lex: Lexicon) -> tuple[list[str], re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The item heads, and the patterns of item heads, of approval verbs, of the verbs inside an item's
    head, and of approval verbs with the bare 'thống nhất', 'nhất trí' (made once per lexicon)."""
    heads = sorted(lex.triggers["item_heads"], key=len, reverse=True)
    head_rx = re.compile("^(?:" + "|".join(re.escape(h) for h in heads) + ")(?![^\\W_])", re.IGNORECASE)
    approve = sorted(lex.triggers["approve"], key=len, reverse=True)
    approve_rx = re.compile("(?<![^\\W_])(?:" + "|".join(re.escape(a) for a in approve) + ")(?![^\\W_])",
                            re.IGNORECASE)
    inner = lex.triggers.get("item_inner_verbs", [])
    inner_rx = re.compile(r"\s+(?:" + "|".join(map(re.escape, inner)) + r")(?![^\W_])" if inner else "(?!)", re.IGNORECASE)
    agree = sorted([*approve, "thống nhất", "nhất trí"], key=len, reverse=True)
    agree_rx = re.compile("(?<![^\\W_])(?:" + "|".join(re.escape(a) for a in agree) + ")(?![^\\W_])", re.IGNORECASE)
    return heads, head_rx, approve_rx, inner_rx, agree_rx


@dataclass(frozen=True)
class ItemHit:
    title: str
    status: str
    start: int
    end: int
    rule: str
    item_type: str | None = None
    block: int = -1  # start of the sentence that listed it


class ItemFinder(GroupApprovals):
    def __init__(self, doc: Document, lex: Lexicon, sentences: Sentences, orgs: list[OrgHit],
                 org_at=lambda i: None, name_starts: frozenset[int] = frozenset()):
        self.doc, self.text, self.lex, self.sentences = doc, doc.text, lex, sentences
        self.heads, self.head_rx, self.approve_rx, self.inner_verbs, self.agree_rx = _matchers(lex)
        self.compounds = re.compile("|".join(re.escape(c) for c in lex.triggers.get("comma_compounds", [])) or "(?!)",
                                    re.IGNORECASE)
        self.org_starts = sorted(h.start for h in orgs)
        self.blocks = list_blocks(doc.text)
        self.group_intros: dict[int, str] = {}  # sentence start → the sentence that introduces a group
        # a block is found from the end of its introducing line (a sentence ends there)
        self.block_after = {blk.intro[0] + len(doc.text[blk.intro[0]:blk.intro[1]].rstrip()): blk for blk in self.blocks}
        self.org_at, self.name_starts = org_at, name_starts
        self.name_list = sorted(name_starts)

    def _block_verb(self, a: int, b: int) -> str | None:
        """The status a block's introducing sentence gives its elements: 'approved' when an approval
        verb governs it ('Hội nghị đã thông qua các nội dung sau:'), 'discussed' for a discussion
        verb, None when it has neither (the elements then carry their own verbs)."""
        intro = self.text[a:b]
        if _BRIEFING.search(intro):
            return None
        approving = self.approve_rx.search(intro) or _BARE_APPROVE.rx.search(intro) or _INVEST.search(intro) or \
            re.search(r"(?<![^\W_])(?:thống nhất|nhất trí)(?: với)?[^.;:]{0,40}:\s*$", intro)  # '… cơ bản thống nhất các nội dung:'
        discussing = _DISCUSS.search(intro)
        if approving and not re.search(r"đề nghị[^,;]*$", intro[:approving.start()]):
            return "approved"
        return "discussed" if discussing else None

    def _line_starts(self, block: ListBlock) -> list[int]:
        """Where the sentences of a block's lines start (the marker included)."""
        return [self.text.rfind("\n", 0, x) + 1 for x, _ in block.items]

    # -- splitting ------------------------------------------------------------------------
    def _clean(self, a: int, b: int) -> tuple[int, int]:
        while a < b and self.text[a] in " ,;:\n“\"":
            a += 1
        while b > a and self.text[b - 1] in " .…,;:\n":
            b -= 1
        return a, b

    def _pieces(self, a: int, b: int) -> list[tuple[str, int, int]]:
        """One list element → items; 'kế hoạch A, B, C năm 2022' distributes its shared parts."""
        a, b = self._clean(a, b)
        a = strip_marker(self.text, a, b)
        if vote := re.search(r"\s+với (?:\d+(?:[.,]\d+)?\s*%|\d+/\d+|tỷ lệ|sự|mục tiêu|mục đích)|\s+do [^,;]{2,60}? (?:trình|chuẩn bị|báo cáo)$", self.text[a:b]):
            b = a + vote.start()
        if re.match(r"(?:cho )?(?:đồng chí|ông|bà)\s|cho (?!ý kiến)", self.text[a:b], re.IGNORECASE):
            return []  # a personnel decision ('cho đồng chí A thôi tham gia …'), not an agenda item
        m = _LEAD.match(self.text, a)
        if m and m.end() < b:
            a = m.end()
        part = self.text[a:b]
        pieces = [p.strip() for p in part.split(",")]
        short = all(0 < len([w for w in p.split() if w not in "-–"]) <= 6 and " và " not in p for p in pieces)
        head = self.head_rx.match(part)
        inner = bool(head) and bool(self.inner_verbs.match(part, head.end()))  # 'Phương án bảo đảm hàng hóa, giá cả,
        # trật tự …': the later parts are objects of a verb inside the first, not items of their own
        if len(pieces) >= 3 and short and head and not inner and not any(_TIME_TAIL.fullmatch(" " + p) for p in pieces) \
                and not self.compounds.search(part):  # ('phòng, chống tham nhũng, tiêu cực' is one thing)
            tail = _TIME_TAIL.search(pieces[-1])
            out, pos = [], a
            for p in pieces:
                s = self.text.index(p, pos)
                pos = s + len(p)
                title = p if self.head_rx.match(p) else f"{head.group(0).lower()} {p}"
                if tail and not _TIME_TAIL.search(title):
                    title = f"{title} {tail.group(1)}"
                out.append((capitalize_first(title), s, s + len(p)))
            return out
        return [(capitalize_first(part), a, b)] if part else []

    def _lead_stripped(self, a: int, b: int) -> str:
        a, b = self._clean(a, b)
        m = _LEAD.match(self.text, a, b)
        return self.text[m.end() if m else a:b]

    def _bare_head(self, a: int, b: int) -> bool:
        left = self._lead_stripped(a, b).rstrip(" ,")
        head = self.head_rx.match(left)
        return bool(head) and head.end() >= len(left)

    def _split(self, a: int, b: int) -> list[tuple[str, int, int]]:
        """Split a list on ';'. When most elements open with an item head (Tờ trình, Đề án…),
        an element that does not continues the previous one ('…chỉnh đốn Đảng; ngăn chặn…')."""
        bounds, start = [], strip_marker(self.text, a, b)
        for m in re.finditer(r";|,? và (?:việc )?(?=\S)|, (?=\S)", self.text[a:b]):
            nxt = strip_marker(self.text, a + m.end(), b)
            if m.group(0) != ";" and not (self.head_rx.match(self.text[nxt:b])
                                          and self.head_rx.match(self._lead_stripped(start, b))):
                continue
            if m.group(0) == ", " and not (self.text[nxt:nxt + 1].isupper() and nxt == a + m.end()):
                continue  # ', ' parts a list only before a capitalised head: 'Báo cáo A, Đề án B'
            if m.group(0) != ";" and self._bare_head(start, a + m.start()):
                continue  # 'dự toán và phương án phân bổ ngân sách năm 2025': a bare head shares what follows
            bounds.append((start, a + m.start()))
            start = nxt
        bounds.append((start, b))
        firsts = [self._lead_stripped(x, y) for x, y in bounds]
        headed = [bool(f[:1].isupper() and self.head_rx.match(f)) for f in firsts]
        if len(bounds) > 2 and sum(headed) * 3 >= len(bounds) * 2:
            merged = []
            for (x, y), f in zip(bounds, firsts):
                if merged and not self.head_rx.match(f):
                    merged[-1] = (merged[-1][0], y)
                else:
                    merged.append((x, y))
            bounds = merged
        out = [p for x, y in bounds for p in self._pieces(x, y)]
        return [o for o in out if not re.match(r"(?:các )?nội dung", o[0], re.IGNORECASE)]

    def _hit(self, title: str, s: int, e: int, status: str, rule: str, block: int = -1) -> ItemHit:
        head = self.head_rx.match(title)
        return ItemHit(title, status, s, e, rule, capitalize_first(head.group(0)) if head else None, block)

    # -- rules ----------------------------------------------------------------------------
    def _triggers(self, sentence: str) -> list[tuple[re.Match, bool]]:
        """Discussion or approval verbs of the session (a body or the meeting is the subject)."""
        found = [(m, False) for m in _DISCUSS.finditer(sentence)] + \
                [(m, True) for m in self.approve_rx.finditer(sentence)] + \
                [(m, True) for m in _INVEST.finditer(sentence)] + \
                [(m, True) for m in _BARE_APPROVE.finditer(sentence) if self.head_rx.match(sentence[m.end():].removeprefix("các "))]
        out = []
        for m, approving in sorted(found, key=lambda f: f[0].start()):
            head = sentence[:m.start()]
            if any(o.start() <= m.start() < o.end() for o, _ in out):
                continue
            if re.match(r"\s+(?:công bố|đọc (?:các )?[Qq]uyết định)", sentence[m.end():]):
                continue  # 'nghe công bố Quyết định …': an announcement heard, not an item
            if _HEAD_BEFORE.search(head):
                continue  # 'Báo cáo đánh giá 100 ngày …': a word of the item's title, not a verb
            follows = bool(out) and (re.fullmatch(r"[ ,]*(?:và )?", sentence[out[-1][0].end():m.start()])
                                     or re.search(r"(?:;\s*|,\s*(?=đồng thời|và|cũng)|\s(?=và\s))(?:đồng thời |và |cũng )?(?:đã )?$", head))  # '…; biểu quyết thông qua …': the same subject
            if follows or (_SUBJECT.search(head) or _SUBJECT_AND.search(head)) and not re.search(r"đề nghị[^,;]*$", head):
                out.append((m, approving))
        return out

    def _list_after(self, a: int, b: int, trig_end: int, approving: bool) -> tuple[int, int, str] | None:
        """Where the list of items after a trigger starts and ends, and the rule, or None."""
        end = b
        if approving and (w := re.match(rf"\s*(?:với|về)\s+(?=(?:các )?(?-i:[{UPPER}]))", self.text[trig_end:b])):
            trig_end += w.end()  # 'cơ bản đồng ý với Báo cáo …'
        if c := _CLAUSE_END.search(self.text, trig_end, b):
            end = c.start()
        if noun := _LIST_NOUN.match(self.text, trig_end, end):
            return noun.end(), end, "item:enumeration-after-gom"
        lst = _LIST_HEAD.search(self.text, trig_end, end)
        if lst and lst.start() - trig_end < 250:
            return lst.end(), end, "item:enumeration-after-gom"
        if _COUNT_ONLY.match(self.text, trig_end) and not re.match(r"\s*các nội dung về", self.text[trig_end:end]):
            return None
        rest = self.text[trig_end:end].strip(" :").removeprefix("các ").removeprefix("Các ")
        rest = rest[strip_marker(rest, 0, len(rest)):]
        if approving and not self.head_rx.match(rest):
            return None
        return trig_end, end, "item:enumeration-after-trigger"

    def _block_items(self, block: ListBlock, status: str, a: int) -> list[ItemHit]:
        """The elements of a list block under a governing verb: each line one item (a line that
        lists several items with ';' is split like an inline list)."""
        out, invest = [], bool(_INVEST.search(self.text, a, block.items[0][0]))
        for x, y in block.items:
            found = self._split(strip_marker(self.text, x, y), y)
            for t, s_, e in investments(found) if invest else found:
                out.append(self._hit(t, s_, e, status, f"item:list-block-{block.marker}" + ("+investment" if invest else ""), a))
        return out

    def enumerations(self) -> list[ItemHit]:
        out, previous = [], None
        consumed: set[int] = set()
        for a, b in self.sentences:
            sentence = self.text[a:b]
            if _BRIEFING.search(sentence) or a in consumed:
                continue
            block = self.block_after.get(a + len(sentence.rstrip()))
            group = bool(block) and bool(GROUP_INTRO.search(sentence))
            if block and (found := self._block_verb(a, b) or (previous if _IN_WHICH.match(sentence) else None)
                          or ("discussed" if group else None)):
                status = found
                if group:
                    self.group_intros[a] = sentence  # 'Nhóm nội dung trình HĐND tỉnh gồm:'
                out.extend(self._block_items(block, status, a))
                consumed.update(x for x, _ in block.items)
                consumed.update(self._line_starts(block))
                continue
            if self.group_intros and (m := GROUP_REST.match(sentence)):  # 'Các nội dung còn lại của nhóm này là …'
                last = max(self.group_intros)
                out.extend(self._hit(t, s_, e, "discussed", "item:rest-of-group", last) for t, s_, e in self._split(a + m.end(), b))
                continue
            if (m := EXCEPTED.match(sentence)):
                out.extend(self._hit(t, s_, e, "discussed", "item:excepted", a)
                           for t, s_, e in self._split(a + m.start(1), a + m.end(1)))
                continue
            if (m := _REPORT_SUBJECT.match(sentence)):
                out.append(self._hit(m.group(1), a + m.start(1), a + m.end(1), "discussed", "item:report-subject", a))
                continue
            if previous is not None and _IN_WHICH.match(sentence) and (lst := _LIST_HEAD.search(sentence)):
                out.extend(self._hit(t, s_, e, previous, "item:enumeration-continued", a)
                           for t, s_, e in self._split(a + lst.end(), b))
                continue
            previous = None
            triggers = self._triggers(sentence)
            for k, (trig, approving) in enumerate(triggers):
                status = "approved" if approving else "discussed"
                rest = a + trig.end()
                nxt = a + triggers[k + 1][0].start() if k + 1 < len(triggers) else b
                if not self.text[rest:nxt].strip(" ,:"):
                    continue  # 'thảo luận, thống nhất thông qua: …': the items belong to the next verb
                if re.search(r"nghe$", trig.group(0).strip(), re.IGNORECASE) and re.match(r"\s*báo cáo", self.text[rest:b], re.IGNORECASE) \
                        and not re.match(r"\s*báo cáo (?:về )?(?:các|những|\d+) (?:nội dung|vấn đề)[^.:]{0,120}?(?:gồm|bao gồm|sau)\s*:",
                                         self.text[rest:b], re.IGNORECASE):
                    x, y = self._clean(rest, nxt)
                    y = x + len(re.sub(r"(?:\s+do [^,;]{2,60}? (?:trình|chuẩn bị|báo cáo))?[,;]?\s+và\s*$", "", self.text[x:y]))
                    # ('… do Ủy ban Kiểm tra trình và cho ý kiến vào …': who tabled it, then the next verb's items)
                    out.append(self._hit(capitalize_first(self.text[x:y]), x, y, "discussed", "item:heard-report", a))
                    if nxt < b:
                        continue
                    break
                span = self._list_after(a, nxt, rest, approving)
                if span is None and (ph := PLURAL_HEAD_LIST.match(self.text, rest, nxt)):
                    out.extend(self._hit(t, s_, e, status, "item:count-then-headed-list", a)
                               for t, s_, e in headed_elements(self.text, ph.end(), nxt, ph.group(1)))
                    break
                if span is None:
                    if re.match(r"\s*\d+ (?:nghị quyết|nội dung|văn bản)", self.text[rest:b]):
                        previous = status
                    continue
                start, end, rule = span
                if re.match(r"\s*(?:(?:các|những) )?(?:nội dung|ý kiến|đại biểu)\s*(?:được|của|$)", self.text[start:end]):
                    continue
                found = self._split(start, end)
                if trig.re is _INVEST:
                    found, rule = investments(found), rule + "+investment"
                out.extend(self._hit(t, s_, e, status, rule, a) for t, s_, e in found)
                if end < b and (c := _CLAUSE_END.match(self.text, end)) and "giao" not in c.group(0):
                    continue
                if end >= nxt and nxt < b:
                    continue  # the next verb governs what follows it
                break
        return out

    def _final(self, hits: list[ItemHit]) -> list[ItemHit]:
        """Shared heads distributed, what is not an item left out."""
        out = []
        for h in hits:
            lead = re.match(r"(?:(?:các )?(?:đồng chí|ông|bà|đại tá|thiếu tướng)(?::)? )?", h.title, re.IGNORECASE).end()
            inside = self.name_list[bisect.bisect_right(self.name_list, h.start):bisect.bisect_left(self.name_list, h.end)]
            speaker = any(not _ABOUT_PERSON.search(self.text, h.start, n) for n in inside) and not self.head_rx.match(h.title)
            if not_an_item(h.title, h.start + lead in self.name_starts or speaker):
                continue
            exact = self.text[h.start + 1:h.end] == h.title[1:]
            for t, s_, e in (distribute(h.title, h.start, lambda t: split_orgs(self.text, self.org_at, t)) if exact else [(h.title, h.start, h.end)]):
                out.append(replace(h, title=t, start=s_, end=e, rule=h.rule + ("+shared-head" if t != h.title else "")))
        return out

    def find(self) -> list[ItemHit]:
        enumerated = self._final(self.enumerations())
        approved = self.approvals(enumerated)
        kept = merge_same(enumerated + approved)
        letters = {x: m.group(1) for blk in self.blocks if blk.marker in ("letter", "number") for x, _ in blk.items
                   if (m := re.search(r"\(?([a-zđ]|\d+)[.)]\s*$", self.text[self.text.rfind("\n", 0, x) + 1:x]))}
        return approved_groups(self.text, later_approvals(self.text, self.sentences, kept, self.approve_rx, letters),
                               self.group_intros)
