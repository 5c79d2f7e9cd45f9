"""Persons, their titles (split into role + organisation) and role-only mentions."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..model import Document, Org
from .orgs import OrgHit, make_org, org_by_name

_NAME_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_WORD_START = re.compile(r"(?<![^\W_])[^\W\d_]")
_PREFIX = re.compile(r"(?:(?<![^\W_])(?:đồng chí|đ/c|ông|bà|cử tri|đại biểu|GS\.TS\.?|PGS\.TS\.?|TS\.?|ThS\.?|GS\.?|PGS\.?)\s+)$",
                     re.IGNORECASE)
_TITLE_SEP = re.compile(r",? *(?:kiêm +)?")
_PLURAL = re.compile(r"(?:các|những|cùng các)\s+(?:đồng chí\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class TitleHit:
    role: str
    org: Org
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class NameHit:
    name: str
    start: int
    end: int
    rule: str
    titles: tuple[TitleHit, ...]


class TitleParser:
    def __init__(self, doc: Document, lex: Lexicon, orgs: list[OrgHit], province: str | None,
                 places: dict[str, tuple[str, str]] | None = None):
        self.text, self.lex, self.province, self.places = doc.text, lex, province, places
        self.orgs_at = {h.start: h for h in orgs}
        self._one: dict[int, TitleHit | None] = {}

    def one(self, i: int) -> TitleHit | None:
        """A single title (role + organisation) starting exactly at i (asked again and again
        while chains are read backwards from each name: the answer is kept)."""
        try:
            return self._one[i]
        except KeyError:
            hit = self._one[i] = self._title_at(i)
            return hit

    def _title_at(self, i: int) -> TitleHit | None:
        for surface, role, body_id, cid in self.lex.compounds:
            if self.text[i:i + len(surface)].lower() == surface.lower():
                org = make_org(self.lex, self.lex.bodies[body_id], {}, self.province, places=self.places)
                if org:
                    return TitleHit(role, org, i, i + len(surface), f"compound:{cid}")
        for word in self.lex.former:
            if self.text[i:i + len(word) + 1].lower() == word + " ":
                t = self.one(i + len(word) + 1)
                return TitleHit(t.role, t.org, i, t.end, t.rule + "+former") if t else None
        m = self.lex.role_rx.match(self.text, i)
        if not m:
            return None
        surface = re.sub(r"\s+", " ", m.group(0)).lower()
        entries = [self.lex.roles[r] for r in self.lex.roles_by_surface.get(surface, [])]
        j = m.end()
        hit = self.orgs_at.get(j + 1) if self.text[j:j + 1] == " " else None
        if hit:
            org_text = self.text[hit.start:hit.end].lower()
            for e in entries:
                if not e.heads or any(org_text.startswith(h.lower()) for h in e.heads):
                    return TitleHit(e.label, hit.org, i, hit.end, f"title:{e.id}+{hit.rule}")
        for e in entries:
            if e.org and not e.heads:
                org = org_by_name(self.lex, e.org, self.province)
                if org:
                    return TitleHit(e.label, org, i, j, f"title:{e.id}+implied")
        return None

    def chain(self, i: int) -> list[TitleHit]:
        """Titles separated by commas from i on: 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh'."""
        return _name_bare_standing_committee(self._chain(i))

    def _chain(self, i: int) -> list[TitleHit]:
        out: list[TitleHit] = []
        while True:
            t = self.one(i)
            if not t:
                return out
            out.append(t)
            m = _TITLE_SEP.match(self.text, t.end)
            nxt = m.end() if m and m.end() > t.end else None
            if nxt is None or not self.one(nxt):
                return out
            i = nxt

    def ending_at(self, end: int) -> list[TitleHit]:
        """The longest title chain that ends right before `end` ('Phó Chủ tịch UBND tỉnh Lê Văn A')."""
        best: list[TitleHit] = []
        for back in range(1, 160):
            start = end - back
            if start < 0 or self.text[start] in ".;:\n":
                break
            if start > 0 and self.text[start - 1].isalnum():
                continue
            ch = self.chain(start)
            if ch and ch[-1].end == end:
                best = ch
        return best


def _name_bare_standing_committee(chain: list[TitleHit]) -> list[TitleHit]:
    """'Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy X': the next title names the committee."""
    out = []
    for k, t in enumerate(chain):
        if t.org.name != "Ban Thường vụ":
            out.append(t)
            continue
        nxt = next((c.org for c in chain[k + 1:] if c.org.kind == "PartyCommittee" or c.org.parent), None)
        committee = nxt.name if nxt and nxt.kind == "PartyCommittee" else (nxt.parent if nxt else None)
        if committee and re.search(r"(?:Tỉnh|Huyện|Thành|Thị|Đảng) ủy", committee):
            org = Org(f"Ban Thường vụ {committee}", "StandingCommittee", nxt.level, nxt.province, (), committee)
            out.append(TitleHit(t.role, org, t.start, t.end, t.rule + "+committee-from-next-title"))
    return out


def _name_at(text: str, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """A person name starting at i: 2-5 capitalised words, the first a family name."""
    if not text[i:i + 1].isupper():
        return None  # the first word is not capitalised (or there is none)
    words = []
    pos = i
    while len(words) < 5:
        m = _NAME_WORD.match(text, pos)
        if not m or not m.group(0)[0].isupper():
            break
        if m.group(0) in lex.not_name_words and not (
                words and m.group(0) in lex.also_given_names
                and not lex.also_given_names_not_before.match(text, m.end())):
            break  # (a given name such as Sáng, after the family name, unless a time of day)
        if words and m.group(0).isupper() and len(m.group(0)) > 1:
            break  # an abbreviation (UBND) is not part of a name
        words.append(m)
        if text[m.end():m.end() + 1] != " ":
            break
        pos = m.end() + 1
    if len(words) >= 3 and words[0].group(0) in ("Ông", "Bà") and words[1].group(0) in lex.surnames:
        return None  # 'Ông Vũ Hồng Quân': the name starts after the form of address
    first = words[0].group(0) if words else ""
    if len(words) < 2 or not (first in lex.surnames or first.startswith(tuple(p.strip() for p in lex.name_prefixes))):
        return None
    name = text[i:words[-1].end()]
    if name in lex.provinces:
        return None
    return words[-1].end(), name


def find_names(doc: Document, lex: Lexicon, titles: TitleParser) -> list[NameHit]:
    text, out = doc.text, []
    for m in _WORD_START.finditer(text):
        i = m.start()
        if not text[i].isupper() or out and i < out[-1].end:
            continue  # (a name starts with a capital)
        found = _name_at(text, i, lex)
        if not found:
            continue
        end, name = found
        before = text[max(0, i - 200):i]
        after_titles = titles.chain(end + 2) if text[end:end + 2] == ", " else []
        rule = None
        if after_titles:
            rule = "person:name+titles"
        elif _PREFIX.search(before):
            rule = "person:prefix+name"
        pre_titles = titles.ending_at(i - 1) if text[i - 1:i] == " " else []
        if pre_titles and not rule:
            rule = "person:titles+name"
        if rule is None:
            continue
        out.append(NameHit(name, i, end, rule, tuple(after_titles or pre_titles)))
    return out


def find_role_only(doc: Document, titles: TitleParser, names: list[NameHit], lex: Lexicon) -> list[TitleHit]:
    """'đồng chí Bí thư Tỉnh ủy' with no name: a role-only mention (first title of the chain)."""
    text, out = doc.text, []
    named_spans = {(t.start, t.end) for n in names for t in n.titles}
    for m in re.finditer(r"(?<![^\W_])(?:đồng chí|đ/c)\s+", text, re.IGNORECASE):
        if _PLURAL.search(text[max(0, m.start() - 20):m.start()]):
            continue
        chain = titles.chain(m.end())
        if not chain or (chain[0].start, chain[0].end) in named_spans:
            continue
        tail = chain[-1].end
        if _name_at(text, tail + 1, lex) or text[tail:tail + 2] == ", " and _name_at(text, tail + 2, lex):
            continue
        first = chain[0]
        out.append(TitleHit(first.role, first.org, m.start(), first.end, first.rule.replace("title:", "role-only:")))
    return out
