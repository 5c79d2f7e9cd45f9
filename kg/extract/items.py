"""Agenda items of the reported session: enumerations split into items, approved vs discussed."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..lexicon import Lexicon
from ..model import Document
from .common import Sentences, capitalize_first
from .orgs import OrgHit

_SUBJECT = re.compile(r"(?:^\s*|,\s*)(?:Hội nghị|Kỳ họp|Phiên họp|Đại hội|Ban Thường vụ|Ban Chấp hành|HĐND|UBND|"
                      r"Thường trực|Hội đồng nhân dân|Ủy ban nhân dân|Các đại biểu|các đại biểu)(?![^\W_])[^,.:;]{0,45}$")
_DISCUSS = re.compile(r"(?<![^\W_])(?:tập trung )?(?:thảo luận, cho ý kiến|thảo luận, xem xét|thảo luận và cho ý kiến|"
                      r"cho ý kiến|thảo luận|xem xét|đánh giá|(?:được )?nghe|góp ý)(?: vào| đối với| về)?(?![^\W_])",
                      re.IGNORECASE)
_LIST_HEAD = re.compile(r"(?:,\s*)?(?:bao gồm|gồm|như)\s*:?\s*", re.IGNORECASE)
_COUNT_ONLY = re.compile(r"\s*(?:\d+|các) nội dung(?![^\W_])", re.IGNORECASE)
_LEAD = re.compile(r"(?:các |những )?(?:nội dung về |nội dung |vấn đề về )?", re.IGNORECASE)
_TIME_TAIL = re.compile(r"\s+((?:năm|giai đoạn|nhiệm kỳ) \d{4}(?: ?[-–] ?\d{4})?)$")
_GROUP = re.compile(r"(?:Đối với|Về)\s+((?:\d+|các)\s+nội dung[^:,]*)", re.IGNORECASE)
_ESTABLISH = re.compile(r"(?:chủ trương )?thành lập\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ItemHit:
    title: str
    status: str
    start: int
    end: int
    rule: str
    item_type: str | None = None
    block: int = -1  # start of the sentence that listed it


class ItemFinder:
    def __init__(self, doc: Document, lex: Lexicon, sentences: Sentences, orgs: list[OrgHit]):
        self.doc, self.text, self.lex, self.sentences = doc, doc.text, lex, sentences
        heads = sorted(lex.triggers["item_heads"], key=len, reverse=True)
        self.heads = heads
        self.head_rx = re.compile("^(?:" + "|".join(re.escape(h) for h in heads) + ")(?![^\\W_])", re.IGNORECASE)
        approve = sorted(lex.triggers["approve"], key=len, reverse=True)
        self.approve_rx = re.compile("(?<![^\\W_])(?:" + "|".join(re.escape(a) for a in approve) + ")(?![^\\W_])",
                                     re.IGNORECASE)
        self.org_starts = sorted(h.start for h in orgs)

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
        m = _LEAD.match(self.text, a)
        if m and m.end() < b:
            a = m.end()
        part = self.text[a:b]
        pieces = [p.strip() for p in part.split(",")]
        short = all(0 < len([w for w in p.split() if w not in "-–"]) <= 6 and " và " not in p for p in pieces)
        head = self.head_rx.match(part)
        if len(pieces) >= 3 and short and head and not any(_TIME_TAIL.fullmatch(" " + p) for p in pieces):
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

    def _split(self, a: int, b: int) -> list[tuple[str, int, int]]:
        """Split a list on ';'. When most elements open with an item head (Tờ trình, Đề án…),
        an element that does not continues the previous one ('…chỉnh đốn Đảng; ngăn chặn…')."""
        bounds, start = [], a
        for m in re.finditer(";", self.text[a:b]):
            bounds.append((start, a + m.start()))
            start = a + m.end()
        bounds.append((start, b))
        firsts = [self.text[x:y].strip(" “\"") for x, y in bounds]
        headed = [bool(f[:1].isupper() and self.head_rx.match(f)) for f in firsts]
        if len(bounds) > 2 and sum(headed) * 3 >= len(bounds) * 2:
            merged = []
            for (x, y), h in zip(bounds, headed):
                if merged and not h:
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
    def _trigger(self, sentence: str) -> re.Match | None:
        for trig in list(_DISCUSS.finditer(sentence)) + list(self.approve_rx.finditer(sentence)):
            if _SUBJECT.search(sentence[:trig.start()]):
                return trig
        return None

    def enumerations(self) -> list[ItemHit]:
        out = []
        for a, b in self.sentences:
            sentence = self.text[a:b]
            if re.search(r"quán triệt|phổ biến", sentence, re.IGNORECASE):
                continue
            if (m := re.match(r"\s*(Báo cáo (?:tổng kết|sơ kết)\s.+?)\s+(?:cũng\s+)?(?:cho thấy|đã|nêu rõ)", sentence)):
                out.append(self._hit(m.group(1), a + m.start(1), a + m.end(1), "discussed", "item:report-subject", a))
                continue
            trig = self._trigger(sentence)
            if not trig:
                continue
            approving = bool(self.approve_rx.fullmatch(trig.group(0)))
            rest = a + trig.end()
            lst = _LIST_HEAD.search(self.text, rest, b)
            if re.search(r"nghe$", trig.group(0).strip(), re.IGNORECASE):
                x, y = self._clean(rest, b)
                out.append(self._hit(capitalize_first(self.text[x:y]), x, y, "discussed", "item:heard-report", a))
                continue
            if lst:
                start, rule = lst.end(), "item:enumeration-after-gom"
            elif approving or _COUNT_ONLY.match(self.text, rest) and not re.match(r"\s*các nội dung về", self.text[rest:b]):
                continue
            else:
                start, rule = rest, "item:enumeration-after-trigger"
            if re.match(r"\s*(?:(?:các|những) )?(?:nội dung|ý kiến|đại biểu)\s*(?:được|của|$)", self.text[start:b]):
                continue
            status = "approved" if approving else "discussed"
            out.extend(self._hit(t, s, e, status, rule, a) for t, s, e in self._split(start, b))
        return out

    def approvals(self, enumerated: list[ItemHit]) -> list[ItemHit]:
        """Approvals by group ('Đối với 06 nội dung …, Ban … đồng ý') and of named items."""
        groups: list[tuple[str, int, int]] = []
        extra: list[ItemHit] = []
        for a, b in self.sentences:
            sentence = self.text[a:b]
            for ap in self.approve_rx.finditer(sentence):
                if re.search(r"đề nghị\s*$", sentence[:ap.start()]):
                    continue
                head = sentence[:ap.start()]
                for g in _GROUP.finditer(head):
                    cut = max(head.rfind(","), head.rfind(":"))
                    end = cut if cut > g.end(1) else g.end(1)
                    groups.append((sentence[g.start(1):end], a + g.start(1), a + end))
                m = re.search(r"(?:đối với|với) ((\d+) nội dung[^.;]*)", sentence[ap.end():])
                if m:
                    groups.append((m.group(1), a + ap.end() + m.start(1), a + ap.end() + m.end(1)))
                est = _ESTABLISH.search(sentence, ap.end())
                if est:
                    extra.extend(self._hit(t, s, e, "approved", "item:approve-establish")
                                 for t, s, e in self._split(a + est.end(), b))
                break
        if not groups:
            return extra
        discussed = [i for i in enumerated if i.rule.startswith("item:enumeration") and i.status == "discussed"]
        counts = [int(c.group(1)) for g, _, _ in groups if (c := re.match(r"(\d+)", g))]
        rest = any(re.match(r"các nội dung (?:khác|còn lại)", g, re.IGNORECASE) for g, _, _ in groups)
        blocks: dict[int, list[ItemHit]] = {}
        for i in discussed:
            blocks.setdefault(i.block, []).append(i)
        covered = [i for blk in blocks.values() if len(blk) in counts for i in blk]
        if discussed and (rest or sum(counts) >= len(discussed)):
            covered = discussed
        if covered:
            return [replace(i, status="approved", rule=i.rule + "+approved-by-group") for i in covered] + extra
        if not discussed:
            for g, s, e in groups:
                if re.match(r"\d+", g):
                    title = re.sub(r",\s*$", "", g)
                    extra.append(self._hit(capitalize_first(title), s, s + len(title), "approved", "item:approved-group"))
        return extra

    def find(self) -> list[ItemHit]:
        enumerated = self.enumerations()
        approved = self.approvals(enumerated)
        by_title: dict[str, ItemHit] = {}
        for hit in enumerated + approved:
            key = re.sub(r"\W+", " ", hit.title.lower()).strip()
            if key not in by_title or hit.status == "approved":
                by_title[key] = hit
        return list(by_title.values())
