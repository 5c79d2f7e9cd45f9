"""Items approved as a group: by a count ('Đối với 06 nội dung …, Ban Thường vụ đồng ý'), by the
name of their group ('thông qua 9 nội dung trình HĐND tỉnh'), and the groups listed without a verb."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .common import capitalize_first
from .item_forms import words_of

if TYPE_CHECKING:
    from .items import ItemHit

_GROUP = re.compile(r"(?:Đối với|Về)\s+((?:\d+|các)\s+nội dung[^:,]*)", re.IGNORECASE)
_ESTABLISH = re.compile(r"[\s,]*(?:với (?:đề nghị|đề xuất|tờ trình)[^.;:]{0,100}? )?(?:với |về )?(?:việc )?(?:chủ trương )?"
                        r"thành lập\s+", re.IGNORECASE)  # the verb's own object, not words inside an item's title

# a block or a sentence that lists a group of contents without a verb: 'Nhóm nội dung trình HĐND tỉnh
# gồm:', 'Các nội dung còn lại của nhóm này là A; B; C'
GROUP_INTRO = re.compile(r"(?:^|\n)\s*(?:Nhóm|Các|Những) (?:nội dung|vấn đề|tờ trình|dự thảo)[^.:\n]{0,80}?(?:gồm|bao gồm|như sau|sau)\s*:\s*$")
GROUP_REST = re.compile(r"\s*(?:Các|Những) (?:nội dung|vấn đề) (?:còn lại|khác)(?: của nhóm này| của nhóm)? (?:là|gồm)\s*:?\s*")
_GROUP_APPROVED = re.compile(r"(?<![^\W_])(?:thống nhất |nhất trí |đồng ý |biểu quyết )?thông qua (\d+) nội dung "
                             r"((?:trình|thuộc) [^.;,]{3,60})", re.IGNORECASE)


def approved_groups(text: str, items: list, intros: dict[int, str]) -> list:
    """'UBND tỉnh thống nhất thông qua 9 nội dung trình HĐND tỉnh': the items of the blocks whose
    introducer names the same group ('Nhóm nội dung trình HĐND tỉnh gồm:'), when they are not more."""
    for m in _GROUP_APPROVED.finditer(text):
        n, words = int(m.group(1)), words_of(m.group(2)).split()[:3]
        group = [i for i in items if i.block in intros and words_of(intros[i.block]).find(" ".join(words)) >= 0]
        if group and len(group) <= n:  # (the count covers at least the ones found)
            keep = {id(i) for i in group}
            items = [replace(i, status="approved", rule=i.rule + "+approved-by-group") if id(i) in keep else i
                     for i in items]
    return items


class GroupApprovals:
    """The group approvals of ItemFinder (text, sentences, agree_rx, _hit, _split)."""

    def approvals(self, enumerated: list[ItemHit]) -> list[ItemHit]:
        """Approvals by group ('Đối với 06 nội dung …, Ban … đồng ý') and of named items."""
        groups: list[tuple[str, int, int]] = []
        extra: list[ItemHit] = []
        for a, b in self.sentences:
            sentence = self.text[a:b]
            for ap in self.agree_rx.finditer(sentence):  # (an approval verb, or a bare 'thống nhất', 'nhất trí')
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
                est = _ESTABLISH.match(sentence, ap.end())
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
        for g, _s, _e in groups:  # 'Đối với các nội dung trình Kỳ họp thứ 17, …': the block introduced so
            named = re.match(r"các nội dung ((?:trình|thuộc|về) .+)", g, re.IGNORECASE)
            words = " ".join(words_of(named.group(1)).split()[:4]) if named else ""
            covered += [i for blk in blocks.values() if words and words in words_of(self.text[blk[0].block:min(x.start for x in blk)])
                        for i in blk]
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
