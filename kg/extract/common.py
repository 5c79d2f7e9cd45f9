"""Small text helpers shared by the extractors: sentences, words, ordinals, dates."""
from __future__ import annotations

import bisect
import re

from ..lexicon import Lexicon

# (?:\.{3}|…|[.!?])(?=followed by)|\n+|/\. written so that every alternative opens with one
# character: the regex engine then skips straight to the next . … ! ? newline or slash
_FOLLOWED = r"(?=\s+[^\W\d_]|\s*\n|\s*$)"
# (not the dot of an abbreviation: 'Công an TP. Hồ Chí Minh', 'GS.TS. Nguyễn …', 'Q. 1')
# (written after the dot, so that every alternative still opens with one character)
_ABBREVIATED = "".join(f"(?<!\\b{a}\\.)" for a in ("TP", "Tp", "TS", "GS", "ThS", "PGS", "BS", "Q", "P", "TT"))
_SENT_END = re.compile("|".join((end + _ABBREVIATED if end == r"\." else end) + _FOLLOWED
                                for end in (r"\.\.\.", "…", r"\.", "!", r"\?")) + r"|\n\n*|/\.")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


#: A sentence of more words than this is cut at its last ';', ',' or space before the limit: a
#: text without full stops (a list, a table, hostile input) is then read in windows, and every
#: stage that looks around an offset in its sentence stays linear in the length of the text.
#: (Words, not characters: one very long token does not cut a list of items in two.)
MAX_WORDS = 800
_SPACE = re.compile(r"\s+")


class Sentences:
    """Sentence boundaries of a text, with lookup of the sentence around an offset."""

    def __init__(self, text: str):
        bounds, start = [], 0
        for m in _SENT_END.finditer(text):
            if m.end() > start:
                bounds += _windows(text, start, m.end())
            start = m.end()
        if start < len(text):
            bounds += _windows(text, start, len(text))
        self.bounds = bounds
        self._starts = [b[0] for b in bounds]

    def around(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.bounds[max(i, 0)]

    def from_here(self, pos: int, count: int) -> list[tuple[int, int]]:
        """The sentence around pos and the ones after it: `count` in all."""
        i = max(bisect.bisect_right(self._starts, pos) - 1, 0)
        return self.bounds[i:i + max(count, 1)]

    def __iter__(self):
        return iter(self.bounds)


def _windows(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A long sentence in windows of at most MAX_WORDS words, cut after a ';', else a ',', else
    a space, in the second half of the window."""
    if b - a < MAX_WORDS * 3 or text.count(" ", a, b) <= MAX_WORDS:
        return [(a, b)]
    out = []
    spaces = [m.end() for m in _SPACE.finditer(text, a, b)]
    k = 0
    while len(spaces) - k > MAX_WORDS:
        lo, hi = spaces[k + MAX_WORDS // 2], spaces[k + MAX_WORDS]
        cut = next((j + 1 for sep in (";", ",") if (j := text.rfind(sep, lo, hi)) >= 0), hi)
        out.append((a, cut))
        a = cut
        k = next(i for i in range(k, len(spaces)) if spaces[i] >= cut)
    out.append((a, b))
    return out


def roman_to_int(s: str) -> int | None:
    if not ROMAN.match(s):
        return None
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def int_to_roman(n: int) -> str:
    out = []
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def parse_ordinal(token: str, lex: Lexicon) -> int | None:
    """'13' → 13, 'XV' → 15, 'nhất' → 1, 'Mười một' → 11, 'hai mươi mốt' → 21."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    roman = roman_to_int(token)
    if roman:
        return roman
    words = lex.triggers["ordinal_words"]
    parts = token.lower().split()
    if not parts or any(p not in words for p in parts):
        return None
    values = [words[p] for p in parts]
    if values[0] == 10:  # mười, mười một, mười lăm
        return 10 + (values[1] if len(values) > 1 else 0)
    if len(values) >= 2 and values[1] == 10:  # hai mươi, hai mươi mốt
        return values[0] * 10 + (values[2] if len(values) > 2 else 0)
    return values[0] if len(values) == 1 else None


def ordinal_pattern(lex: Lexicon) -> str:
    words = sorted(lex.triggers["ordinal_words"], key=len, reverse=True)
    word = "(?:" + "|".join(words) + ")"
    return rf"(?:\d+|[IVXLC]+\b|{word}(?: {word}){{0,2}})"


def term_roman(token: str) -> str | None:
    """'XX' → 'XX', '14' → 'XIV'."""
    token = token.strip()
    if token.isdigit():
        return int_to_roman(int(token))
    return token if roman_to_int(token) else None


def iso_date(day: str, month: str, year: str | None) -> str | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12) or not year:
        return None
    return f"{int(year):04d}-{m:02d}-{d:02d}"


def capitalize_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s
