"""Person names: two to five capitalised words opening with a family name (or an ethnic-minority
prefix: H'Liên, Y Khăm), or the same in upper case (NGUYỄN VĂN AN, in captions)."""
from __future__ import annotations

import re

from ..lexicon import Lexicon

_NAME_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_DEPUTY_TITLE = re.compile(r"Phó ")
_ADDRESSED = re.compile(r"(?<![^\W_])(?:đồng chí|đ/c|ông|bà) $", re.IGNORECASE)  # 'đồng chí Ông Văn Nghĩa': the family name Ông
_OPENS_SENTENCE = re.compile(r"(?:^|[.:;!?\n\"“(–-])\s*$")


def name_at(text: str, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """A person name starting at i: (end, name) or None. The words of an upper-case name are
    given back as written; `display_name` makes them readable."""
    if not text[i:i + 1].isupper():
        return None  # the first word is not capitalised (or there is none)
    first = _NAME_WORD.match(text, i)
    if not first:
        return None
    if first.group(0).isupper() and len(first.group(0)) > 1:
        return _upper_name_at(text, i, lex)
    if first.group(0) not in lex.surnames and not first.group(0).startswith(lex.name_prefix_words) \
            and first.group(0) not in ("Ông", "Bà"):
        return None  # (the first word must be a family name or an ethnic-minority prefix)
    if starts_title(text, i, lex):
        return None  # 'Phó Tư lệnh', 'Phó Cục trưởng': a title, though Phó is a family name
    words = []
    pos = i
    while len(words) < 5:
        m = _NAME_WORD.match(text, pos)
        if not m or not m.group(0)[0].isupper():
            break
        w = m.group(0)
        if w in lex.not_name_words and not (
                words and w in lex.also_given_names and not lex.also_given_names_not_before.match(text, m.end())):
            break  # (a given name such as Sáng, after the family name, unless a time of day)
        if words and w.isupper() and len(w) > 1:
            break  # an abbreviation (UBND) is not part of a name
        if words and (lex.province_at.match(text, m.start()) and len(words) >= 2 or lex.title_word_at.match(text, m.start())):
            break  # 'Nguyễn Văn An Nghệ An' is a name then a place
        words.append(m)
        if text[m.end():m.end() + 1] != " ":
            break
        pos = m.end() + 1
    if len(words) >= 3 and words[0].group(0) in ("Ông", "Bà") and not _ADDRESSED.search(text, max(0, i - 10), i) and (
            words[1].group(0) in lex.surnames or _OPENS_SENTENCE.search(text, max(0, i - 4), i) or i == 0):
        return None  # 'Ông Vũ Hồng Quân', 'Ông Chau Sóc Ra' opening a sentence: the name starts after the address
    first_word = words[0].group(0) if words else ""
    if len(words) < 2 or not (first_word in lex.surnames or first_word.startswith(tuple(p.strip() for p in lex.name_prefixes))):
        return None
    name = text[i:words[-1].end()]
    if name in lex.provinces or name in lex.countries or lex.country_at.fullmatch(name):
        return None
    return words[-1].end(), name


def starts_title(text: str, i: int, lex: Lexicon) -> bool:
    """A title starts at i: a role, or 'Phó' and a role."""
    return bool(lex.title_word_at.match(text, i) or _DEPUTY_TITLE.match(text, i) and lex.role_at.match(text, i + 4))


def _upper_name_at(text: str, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """'NGUYỄN VĂN AN': words in capitals, the first an upper-case family name."""
    words, pos = [], i
    while len(words) < 5:
        m = _NAME_WORD.match(text, pos)
        if not m or not m.group(0).isupper():
            break
        words.append(m)
        if text[m.end():m.end() + 1] != " ":
            break
        pos = m.end() + 1
    if len(words) < 2 or words[0].group(0) not in lex.surnames_upper:
        return None
    if any(w.group(0) in ("UBND", "HĐND", "BCH", "MTTQ", "ĐBQH", "UBKT", "BTV", "TP", "TW") for w in words):
        return None
    return words[-1].end(), text[i:words[-1].end()]


def display_name(name: str) -> str:
    """An upper-case name in the usual case ('NGUYỄN VĂN AN' → 'Nguyễn Văn An'); others as written."""
    if name.isupper():
        return " ".join(w[:1] + w[1:].lower() for w in name.split())
    return name
