"""Place phrases ("tỉnh Nghệ An", "huyện Nghi Lộc", "TP.HCM", "phường 3") and the places a
document is about (its province, district, commune, city), from the gazetteer."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..gazetteer import UNIT_LEVEL
from ..lexicon import CAP_WORD, Lexicon
from .names import name_at

_WORDS = re.compile(rf"{CAP_WORD}|\d+[A-Z]?")
_NUMBER = re.compile(r"\d+[A-Z]?(?![^\W_])")
_PLACE_IN_TEXT = re.compile(r"(?<![^\W_])(huyện|quận|thị xã|thành phố|TP\.?|xã|phường|thị trấn|đặc khu|Huyện ủy|Quận ủy|Thị ủy|Thành ủy) ?"
                            rf"({CAP_WORD}(?: {CAP_WORD}){{0,3}}|\d+)")


_COMMITTEE_UNIT = {"Huyện ủy": "huyện", "Quận ủy": "quận", "Thị ủy": "thị xã", "Thành ủy": "thành phố"}


@dataclass(frozen=True)
class PlaceRef:
    unit: str  # tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu
    name: str
    level: str  # province | district | commune
    province: str | None

    def written(self) -> str:
        """As kg writes it after a body's name: 'tỉnh Nghệ An', 'huyện Nghi Lộc'."""
        return f"{self.unit} {self.name}"


@dataclass(frozen=True)
class DocContext:
    """The places a document is about: what a bare 'tỉnh', 'huyện' or 'Đảng ủy xã' means."""

    province: PlaceRef | None = None
    district: PlaceRef | None = None
    commune: PlaceRef | None = None
    city: PlaceRef | None = None  # "thành phố" alone: the centrally-run city, or the district-level one

    def default(self, what: str, unit: str | None = None) -> PlaceRef | None:
        ref = {"province": self.province, "district": self.district, "commune": self.commune,
               "city": self.city}.get(what)
        if ref and unit and ref.unit != unit:
            return None
        return ref


def level_of(lex: Lexicon, unit: str, name: str) -> str:
    """The level of a place: a 'thành phố' is a province when centrally run, else a district."""
    if unit == "thành phố":
        return "province" if lex.gazetteer.is_central_city(name) else "district"
    return UNIT_LEVEL[unit]


def province_ref(lex: Lexicon, name: str) -> PlaceRef | None:
    p = lex.gazetteer.province(name)
    return PlaceRef(p.unit, p.name, "province", p.name) if p else None


def capitalised_name(text: str, i: int, lex: Lexicon) -> tuple[str, int] | None:
    """Up to three capitalised words (or a number) after a unit word, the longest that the
    gazetteer knows, else the words up to where a person's name would start."""
    words, pos = [], i
    while len(words) < 6:
        m = _WORDS.match(text, pos)
        if not m:
            break
        words.append(m)
        if text.startswith(" - ", m.end()) and _WORDS.match(text, m.end() + 3):
            pos = m.end() + 3  # 'phường Lâm Viên - Đà Lạt': the new wards' names hold a dash
            continue
        if text[m.end():m.end() + 1] != " ":
            break
        pos = m.end() + 1
    if not words:
        return None
    person = name_at(text, i, lex)
    for k in range(len(words), 0, -1):
        name = text[i:words[k - 1].end()]
        if name in lex.gazetteer.units:
            if person and person[0] > words[k - 1].end() and (k < 2 or not name_at(text, words[k - 1].end() + 1, lex)):
                return None  # 'thành phố Phan Thị Kiều Oanh': a person whose name opens like a place
                # (not 'Quận ủy Ninh Kiều Huỳnh Thanh Phong': a place, then a person)
            return name, words[k - 1].end()
    words = [w for k, w in enumerate(words) if k == 0 or text[words[k - 1].end():w.start()] == " "][:4]
    if words[0].group(0)[0].isdigit():
        return words[0].group(0), words[0].end()
    if person:
        return None  # 'UBND thành phố Đoàn Văn Phúc': a person's name, not the place's
    keep = 1
    while keep < min(len(words), 3):
        w = words[keep].group(0)
        if w in lex.surnames and keep + 1 < len(words) or w in lex.not_name_words:
            break
        keep += 1
    return text[i:words[keep - 1].end()], words[keep - 1].end()


def place_at(text: str, i: int, lex: Lexicon, ctx: DocContext, bare_province: bool = True,
             units: frozenset[str] | None = None) -> tuple[PlaceRef, int, bool] | None:
    """The place phrase starting at i: (place, end, named) — named is False when the text gives
    only the unit word ('UBND tỉnh') and the place is the document's own."""
    u = lex.unit_at.match(text, i)
    if u and u.group(0)[0].isupper() and u.group(0).lower() in ("xã", "phường", "huyện", "quận", "tỉnh"):
        u = u if _WORDS.match(text, u.end() + 1) else None  # 'Tỉnh' opening a sentence is not a unit word
    if u:
        unit = lex.unit_words.get(u.group(0), lex.unit_words.get(u.group(0).lower(), u.group(0).lower()))
        if units is not None and unit not in units:
            return None
        j = u.end()
        j += 1 if text[j:j + 1] == " " else 0
        if unit in ("tỉnh", "thành phố"):
            p = lex.province_at.match(text, j)
            if p and (ref := province_ref(lex, p.group(0))):
                if unit == "tỉnh" or ref.unit == "thành phố":
                    return ref, p.end(), True
        if unit != "tỉnh":
            found = capitalised_name(text, j, lex)
            if found and not (unit != "thành phố" and _NUMBER.match(found[0]) and unit in ("huyện", "xã", "thị xã")):
                name, end = found
                prov = province_of(lex, name, unit, ctx)
                return PlaceRef(unit, name, level_of(lex, unit, name), prov), end, True
        what = {"tỉnh": "province", "thành phố": "city"}.get(unit) or UNIT_LEVEL[unit]
        ref = ctx.default(what, None if unit in ("tỉnh", "thành phố") else unit)
        if ref is None and unit == "tỉnh":
            return PlaceRef("tỉnh", "", "province", None), u.end(), False
        return (ref, u.end(), False) if ref else None
    if bare_province and (p := lex.province_at.match(text, i)) and (ref := province_ref(lex, p.group(0))):
        if units is None or ref.unit in units:
            return ref, p.end(), True
    return None


def province_of(lex: Lexicon, name: str, unit: str, ctx: DocContext) -> str | None:
    """The province of a district or commune: the document's when it has one of that name,
    else the only one the gazetteer knows, else the document's."""
    level = "district" if unit == "thành phố" else UNIT_LEVEL[unit]
    found = {u.province for u in lex.gazetteer.units_named(name, level)}
    home = ctx.province.name if ctx.province else None
    if home in found or not found:
        return home
    return next(iter(found)) if len(found) == 1 else home


HOMETOWN = re.compile(r"(?<![^\W_])(?:quê|quê quán|quê ở|quê tại|quê tỉnh|quê thành phố)\s+$", re.IGNORECASE)


def after_merger(doc) -> bool:
    """Whether an article may name the provinces of the July 2025 reorganisation (dated then or
    later, or undated)."""
    return not doc.published or doc.published >= "2025-07-01"


def province_counts(text: str, lex: Lexicon, merged: bool = True) -> Counter:
    """How often the text names each province (not as a hometown, 'quê Bến Tre'); when `merged`,
    an old province that the text also names by the one it became in 2025 counts for the new one."""
    gaz = lex.gazetteer
    counts = Counter(gaz.canonical_province(m.group(0)) for m in lex.find_provinces(text)
                     if not HOMETOWN.search(text, max(0, m.start() - 12), m.start()))
    for name in list(counts) if merged else ():
        p = gaz.province(name)
        if p and p.became and p.became != name and p.became in counts and not p.new:
            counts[p.became] += counts.pop(name)
    return counts


def paragraph_contexts(text: str, lex: Lexicon, ctx: DocContext, merged: bool = True) -> list[tuple[int, DocContext]]:
    """For an article about two provinces ('… UBND hai tỉnh Lào Cai và Khánh Hòa'), each named
    at least four times and the second at least half as often as the first: the province each
    paragraph is about (the one of the two it names most, else the one before), so that a bare
    'UBND tỉnh' there is that province's. [(paragraph start, context)]; empty for other articles."""
    top = province_counts(text, lex, merged).most_common(2)
    if len(top) < 2 or top[1][1] < 4 or top[1][1] * 2 < top[0][1]:
        return []
    pair = {top[0][0], top[1][0]}
    gaz, out, current = lex.gazetteer, [], ctx.province.name if ctx.province else None
    for m in re.finditer(r"[^\n]+", text):
        here = Counter()
        for name, c in province_counts(m.group(0), lex, merged).items():
            p = gaz.province(name)
            name = p.became if merged and p and p.became in pair and name not in pair else name
            if name in pair:
                here[name] += c
        best = here.most_common(2)
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            current = best[0][0]
        if current and (ref := province_ref(lex, current)):
            out.append((m.start(), replace(ctx, province=ref, city=ref if ref.unit == "thành phố" else ctx.city)))
    return out


def document_context(text: str, lex: Lexicon, province: str | None) -> DocContext:
    """The province (given), and the district, commune and district-level city the text names most often."""
    counts: dict[str, Counter] = {"district": Counter(), "commune": Counter(), "city": Counter()}
    # (a district-level city counts as the document's city, and as its district when it names no other)
    for m in _PLACE_IN_TEXT.finditer(text):
        unit = _COMMITTEE_UNIT.get(m.group(1)) or lex.unit_words.get(m.group(1), m.group(1))
        found = capitalised_name(text, m.start(2), lex)
        if not found or found[0] in lex.provinces and unit != "xã":
            continue
        counts["city" if unit == "thành phố" else UNIT_LEVEL[unit]][(unit, found[0])] += 1
    prov = province_ref(lex, province) if province else None

    def top(level: str) -> PlaceRef | None:
        if not counts[level]:
            return None
        unit, name = counts[level].most_common(1)[0][0]
        return PlaceRef(unit, name, level_of(lex, unit, name), province_of(lex, name, unit, DocContext(prov)))

    city = prov if prov and prov.unit == "thành phố" else top("city")
    district = top("district") or (city if city and city.level == "district" else None)
    return DocContext(prov, district, top("commune"), city)
