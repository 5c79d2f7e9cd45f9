"""Persons and the titles the text gives them, by construction:

- `person:name+titles`: apposition after the name (", ", " - ", " – ", " — ", "(…)", ": ");
- `person:titles+name`: a title chain right before the name ("Bí thư Tỉnh ủy Nguyễn Văn An",
  "Phó Chủ tịch UBND tỉnh - ông Lê Văn Bình", "Giám đốc Sở Y tế, đồng chí …");
- `person:plural-title+names`: a plural title before several names ("Các Phó Chủ tịch UBND tỉnh:
  A, B và C"): each gets it;
- `person:prefix+name`: a form of address, rank or degree (đồng chí, ông, bà, Thiếu tướng, GS.TS);
- `person:list+name`: a name in a list that a named person opens ("gồm các ông A, B và bà C").
Titles followed by a country are a foreign official's: that name is not a person.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..lexicon import CAP_WORD, UPPER, Lexicon
from ..model import Document
from .names import name_at, starts_title
from .titles import TitleHit, TitleParser

_WORD_START = re.compile(r"(?<![^\W_])[^\W\d_]")
_ADDRESS = r"(?:đồng chí|đ/c|ông|bà|Đồng chí|Đ/c|Ông|Bà)"
_APPOSITION = re.compile(r", | - | – | — | \(|: | \u2013 | là (?:(?:một|người) )?| hiện là | nay là | đồng thời là | cũng là | còn là ")
_RANK = (r"(?:Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy|GS\.TS\.?|"
         r"PGS\.TS\.?|TS\.?|ThS\.?|GS\.?|PGS\.?)")
RANK = _RANK  # (a rank or degree before a name; events read lists with it)
_SLOT = re.compile(rf"(?:, | - | – | — |: | )(?:{_ADDRESS} |{_RANK} )?|(?:{_ADDRESS} |{_RANK} )")
# after a plural title: 'các Phó Chủ tịch UBND tỉnh gồm các ông A, B và bà C', '…: Đại tá A, Đại tá B'
_PLURAL_SLOT = re.compile(rf"(?::| gồm:?| là:?)? (?:các )?(?:{_ADDRESS}(?:, (?:ông|bà))?:? |{_RANK} )?")
_LIST_SEP = re.compile(rf"(?:, | và |; |, và )(?:{_ADDRESS} |{_RANK} )?")
_PLURAL = re.compile(r"(?:các|những|Các|Những|\d+|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Mm]ười) (?:đồng chí |vị |ông |bà )?$")
_NO_PLURAL_LIST = re.compile(r" và (?:các|những) ")
_ADDRESS_LAST = {"chí", "đ/c", "ông", "bà", "tri", "biểu", "báo", "sư", "tướng", "tá", "úy", "ts", "ts.", "ths",
                  "ths.", "gs", "gs.", "pgs", "pgs.", "bs", "bs.", "nsnd", "nsưt", "gs.ts", "gs.ts.", "pgs.ts", "pgs.ts."}
_AGE = re.compile(r"(?:, | \()(?:\d{2} tuổi|sinh năm \d{4}|SN \d{4}|\d{4})\)?(?=[,(–-]| -| –)")
_LOOSE_NAME = re.compile(rf"{CAP_WORD}(?: {CAP_WORD}){{1,3}}(?![^\W_])")
_FRONTED = re.compile(r"(?:^|\n|[.!?] )(?:Đối với|Về phía|Riêng) (?:ông |bà |đồng chí )?$")
_SHORT = re.compile(rf"(?<![^\W_]){_ADDRESS} ({CAP_WORD})(?![^\W_])")
_NEXT_CAP = re.compile(rf" ({CAP_WORD})(?![^\W_])")
_APPOSITION_END = re.compile(r"[.;\n]|, (?:ông|bà|đồng chí) ")
_PRONOUN = re.compile(r"(?<![^\W_])(?:ông|bà|Ông|Bà)(?![^\W_])")
_NOT_A_PRONOUN = re.compile(rf"\s*(?:[{UPPER}]|(?:con|cha|bà|ông|mẹ|nội|ngoại|già|cụ|chủ)(?![^\W_])|:|,)")  # ('bà con', 'ông bà', a name)
_GROUP_BEFORE = re.compile(r"(?<![^\W_])(?:các|hai|ba|những|mỗi|từng|và|hoặc)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class NameHit:
    name: str
    start: int
    end: int
    rule: str
    titles: tuple[TitleHit, ...]


@functools.lru_cache(maxsize=8)
def _prefix_rx(lex: Lexicon) -> re.Pattern:
    ranks = "|".join(re.escape(r) for r in sorted(lex.ranks, key=len, reverse=True))
    return re.compile(r"(?:(?<![^\W_])(?:đồng chí|đ/c|ông|bà|cử tri|đại biểu|nhà báo|luật sư|"
                      r"G\.?S\.?\s?T\.?S\.?|P\.?G\.?S\.?\s?T\.?S\.?|TS\.?|ThS\.?|GS\.?|PGS\.?|BS\.?|NSND|NSƯT|"
                      rf"{ranks})\s+)$", re.IGNORECASE)


class PersonFinder:
    def __init__(self, doc: Document, lex: Lexicon, titles: TitleParser):
        self.doc, self.text, self.lex, self.titles = doc, doc.text, lex, titles
        self.inside: list[tuple[int, int]] = []  # the spans of title chains: no name starts inside one
        self._slots = self._title_slots()
        self._inside_starts = [a for a, _ in self.inside]

    def _title_slots(self) -> dict[int, tuple[list[TitleHit], bool]]:
        """Where a name may follow a title chain: slot position → (chain, plural)."""
        text, lex, slots = self.text, self.lex, {}
        end = 0
        for m in lex.title_start.finditer(text):
            i = m.start()
            if i < end:
                continue
            chain = self.titles.chain(i)
            if not chain:
                continue
            self.inside.append((i, chain[-1].end))
            end = self.titles.after(chain[-1].end)
            plural = bool(_PLURAL.search(text[max(0, i - 16):i]))
            s = (_PLURAL_SLOT if plural else _SLOT).match(text, end)
            if s and s.end() > end:
                slots.setdefault(s.end(), (chain, plural))
        return slots

    def find(self) -> list[NameHit]:
        text, lex, out = self.text, self.lex, []
        prefix = _prefix_rx(lex)
        plural_until, plural_chain = -1, None
        for m in _WORD_START.finditer(text):
            i = m.start()
            if out and i < out[-1].end or not text[i].isupper():
                continue
            if self._in_title(i):
                continue  # 'bí thư Thành ủy Phan Thiết': a place inside a title, not a person
            found = name_at(text, i, lex) or self._short_name(i, out) or self._addressed_name(i)
            if not found:
                continue
            end, name = found
            after, how = self._apposition(end) if not _FRONTED.search(text, max(0, i - 20), i) else ([], "")
            before, plural = self._slots.get(i, ((), False))
            if before and not plural and self._slot_sep(i, before).strip(" ") in (",", "-", "–", "—", ":") and after:
                before = ()  # 'A, Bí thư …, B, Chủ tịch …': B's titles are its own
            rule = None
            if plural and before:
                plural_until, plural_chain = self._list_end(end), before
                rule = "person:plural-title+names"
            elif plural_chain and i <= plural_until and not any(t.role == p.role for t in after for p in plural_chain):
                before, rule = plural_chain, "person:plural-title+names"  # (not over a title of the same role:
                # 'các Phó Chủ tịch UBND thành phố: A, B; đồng chí C, Phó Chủ tịch HĐND thành phố')
            if any(t.foreign for t in (*after, *before)) or self._country_after(end):
                continue  # a foreign official is not kept ('ông Trần Cương, Bí thư … Quảng Tây (Trung Quốc)')
            if after:
                rule = rule or f"person:name+titles-{how}"
            elif before:
                rule = rule or "person:titles+name"
            elif prefix.search(text, max(0, i - 40), i):
                rule = "person:prefix+name"
            elif out and self._continues_list(out[-1], i):
                rule = "person:list+name"
            if rule is None:
                continue
            titles = tuple(after) if after else tuple(before)
            if after and before and (not plural or self.text[self.titles.after(after[-1].end):].startswith("; ")):
                titles = tuple(before) + tuple(after)  # (a plural title over 'A, title; B, title')
            out.append(NameHit(name, i, end, rule, titles))
        return self._pronouns(out)

    def _pronouns(self, out: list[NameHit]) -> list[NameHit]:
        """'Đại tá Trịnh Minh Quyền sinh năm 1975. … ông là Phó Giám đốc Công an TP.HCM. … Bộ trưởng ký
        Quyết định điều động, bổ nhiệm ông giữ chức …': 'ông' or 'bà' alone is the one person the
        paragraph has named before (rule person:pronoun; the evidence quotes the pronoun)."""
        text, added = self.text, []
        starts = [h.start for h in out]  # (out is in text order)
        for p in _PRONOUN.finditer(text):
            i = p.start()
            k = bisect.bisect_right(starts, i)
            if _NOT_A_PRONOUN.match(text, p.end()) or _GROUP_BEFORE.search(text, max(0, i - 12), i) or \
                    k and out[k - 1].end > i or self._in_title(i):
                continue
            para = text.rfind("\n", 0, i) + 1
            named = {h.name for h in out[bisect.bisect_left(starts, para):k]}
            sentence = max(para, text.rfind(". ", 0, i) + 2)
            if len(named) != 1 or bisect.bisect_left(starts, sentence) < k:
                continue  # (named in this very sentence: 'A, nguyên Giám đốc …, do bà đã nghỉ hưu' reads A)
            name = named.pop()
            if p.group(0).lower() == "ông" and "Thị" in name.split():
                continue
            after, how = self._apposition(p.end())
            if after and how != "copula":
                after = []  # ('ông, Giám đốc …' is not how a pronoun takes a title)
            added.append(NameHit(name, i, p.end(), "person:pronoun" + ("+titles-copula" if after else ""), tuple(after)))
        return sorted(out + added, key=lambda h: h.start) if added else out

    def _country_after(self, end: int) -> bool:
        """A country in parentheses closing the name's apposition: '…, Bí thư Đảng ủy Khu tự trị
        dân tộc Choang Quảng Tây (Trung Quốc)'."""
        if self.text[end:end + 2] != ", ":
            return False
        stop = _APPOSITION_END.search(self.text, end + 2, end + 200)
        k = stop.start() if stop else min(len(self.text), end + 200)
        m = self.text.find(" (", end, k)
        return m >= 0 and bool(self.lex.country_at.match(self.text, m + 2)) and \
            self.text[self.lex.country_at.match(self.text, m + 2).end():][:1] == ")"

    def _in_title(self, i: int) -> bool:
        k = bisect.bisect_right(self._inside_starts, i) - 1
        return k >= 0 and self.inside[k][0] < i < self.inside[k][1]

    def _addressed_name(self, i: int) -> tuple[int, str] | None:
        """'ông Biện Quang Huy': after a form of address or a rank, two to four capitalised words
        are a name even when the family name is one the lexicon does not know."""
        text, lex = self.text, self.lex
        prev = text[max(0, i - 12):i].rsplit(None, 1)[-1:] if text[i - 1:i] == " " else []
        if not prev or prev[0].rstrip(":").casefold() not in _ADDRESS_LAST or not _prefix_rx(lex).search(text, max(0, i - 40), i):
            return None  # (only after an address, a rank or a degree: its last word is tested first)
        m = _LOOSE_NAME.match(text, i)
        if not m or m.group(0).split()[0] in ("Ông", "Bà") or \
                any(w in lex.not_name_words or w.isupper() and len(w) > 1 for w in m.group(0).split()):
            return None
        name = m.group(0)
        if lex.province_at.fullmatch(name) or lex.country_at.match(name) or lex.any_org_at.match(text, i) \
                or starts_title(text, i, lex):
            return None
        return m.end(), name

    def _short_name(self, i: int, seen: list[NameHit]) -> tuple[int, str] | None:
        """'ông Khánh', 'đồng chí Hùng': the given name of someone named in full before."""
        text = self.text
        m = _SHORT.match(text, max(0, max(text.rfind(c, 0, i - 1) for c in " \n\t") + 1)) if i > 1 else None
        if not m or m.start(1) != i:
            return None
        given, end = m.group(1), m.end(1)
        if (two := _NEXT_CAP.match(text, end)) and any(n.name.endswith(f" {given} {two.group(1)}") for n in seen):
            given, end = f"{given} {two.group(1)}", two.end()  # 'bà Lan Anh' for Hoàng Thị Lan Anh
        full = {n.name for n in seen if n.name.endswith(f" {given}") and len(n.name.split()) > len(given.split())}
        return (end, full.pop()) if len(full) == 1 else None

    def _apposition(self, end: int) -> tuple[list[TitleHit], str]:
        text = self.text
        if (age := _AGE.match(text, end)) and _APPOSITION.match(text, age.end()):
            end = age.end()  # 'Ông A, 47 tuổi, Giám đốc Sở …', 'bà B (sinh năm 1979), …'
        m = _APPOSITION.match(text, end)
        if not m:
            return [], ""
        if re.match(rf"{_ADDRESS} ", text[m.end():m.end() + 8]) and m.group(0) == ", ":
            return [], ""  # 'A, ông B …': a list, not a title
        chain = self.titles.chain(m.end())
        how = {", ": "comma", " (": "paren", ": ": "colon"}.get(m.group(0), "copula" if "là" in m.group(0) else "dash")
        return chain, how

    def _slot_sep(self, i: int, chain: list[TitleHit]) -> str:
        return self.text[self.titles.after(chain[-1].end):i]

    def _list_end(self, end: int) -> int:
        """The end of a list of names that starts at a name ending at `end`: names joined by
        ', ' or ' và ', up to the end of the sentence or the first thing that is not a name."""
        text, lex, pos = self.text, self.lex, end
        while True:
            if text.startswith(", ", pos) and (chain := self.titles.chain(pos + 2)):
                k = self.titles.after(chain[-1].end)  # 'các đồng chí Phó Bí thư Tỉnh ủy: A, Chủ tịch HĐND
                if text.startswith("; ", k) and (nxt := name_at(text, k + 2, lex)):  # tỉnh; B, Chủ tịch …'
                    pos = nxt[0]
                    continue
            if not (sep := _LIST_SEP.match(text, pos)) or _NO_PLURAL_LIST.match(text, pos):
                break
            bare = re.match(r"(?:, | và |; |, và )", text[pos:]).end() + pos
            nxt = name_at(text, sep.end(), lex) or name_at(text, bare, lex)  # (the family name Ông)
            if not nxt:
                break
            pos = nxt[0]
        return pos

    def _continues_list(self, prev: NameHit, i: int) -> bool:
        sep = self.text[prev.end:i]
        if _LIST_SEP.fullmatch(sep):
            return True
        # 'A, Bí thư Tỉnh ủy; B, …' / 'A (Bí thư …), B' : after the previous name's titles
        if prev.titles and prev.titles[-1].end > prev.end:
            tail = self.text[self.titles.after(prev.titles[-1].end):i]
            return bool(re.fullmatch(rf"\)?(?:, | và |; |, và )(?:{_ADDRESS} )?", tail))
        return False


def find_names(doc: Document, lex: Lexicon, titles: TitleParser) -> list[NameHit]:
    return PersonFinder(doc, lex, titles).find()


def find_role_only(doc: Document, titles: TitleParser, names: list[NameHit], lex: Lexicon) -> list[TitleHit]:
    """'đồng chí Bí thư Tỉnh ủy' with no name: a role-only mention (first title of the chain)."""
    text, out = doc.text, []
    named_spans = {(t.start, t.end) for n in names for t in n.titles}
    for m in re.finditer(r"(?<![^\W_])(?:đồng chí|đ/c)\s+", text, re.IGNORECASE):
        if re.search(r"(?:các|những|cùng các)\s+(?:đồng chí\s+)?$", text[max(0, m.start() - 20):m.start()], re.IGNORECASE):
            continue
        chain = titles.chain(m.end())
        if not chain or (chain[0].start, chain[0].end) in named_spans or chain[0].foreign:
            continue
        tail = titles.after(chain[-1].end)
        slot = _SLOT.match(text, tail)
        if slot and name_at(text, slot.end(), lex):
            continue
        first = chain[0]
        out.append(TitleHit(first.role, first.org, m.start(), first.end, first.rule.replace("title:", "role-only:")))
    return out
