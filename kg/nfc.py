"""Unicode NFC and NFD in time linear in the text, whatever it holds.

``unicodedata.normalize`` puts each run of combining marks in canonical order with an insertion
sort: a run of marks of alternating classes (U+0301 U+0323 repeated, or U+0F73, which decomposes
into two marks) takes time quadratic in its length, 20 s for 80,000 characters. Real text has
runs of a few marks; stray marks pasted by the thousand do occur in hostile or broken input.

`nfc` and `nfd` give the same result as ``unicodedata.normalize``. Text without a run of more
than `LONG_RUN` characters that are (or decompose into) combining marks goes straight to
``unicodedata``; other text is decomposed a character at a time, each run of marks sorted by
canonical class with a stable sort (which is what canonical ordering is), and only then
handed to ``unicodedata``, which finds it already in order.
"""
from __future__ import annotations

import functools
import re
import unicodedata

#: Runs of marks up to this length are left to unicodedata (the Stream-Safe Text Format of
#: UAX #15 allows 30 in a row).
LONG_RUN = 30


@functools.lru_cache(maxsize=4096)
def _nfd_char(c: str) -> str:
    return unicodedata.normalize("NFD", c)


def _marks_class() -> re.Pattern:
    """A regex class of the characters that are combining marks, or decompose into a string
    that starts with one (a run of these is a run of marks once decomposed)."""
    # no such character lies above U+1FFFF (Unicode 15); the first decomposes nothing below U+00A0
    cps = [cp for cp in range(0xA0, 0x20000) if unicodedata.combining(chr(cp))
           or unicodedata.decomposition(chr(cp)) and unicodedata.combining(_nfd_char(chr(cp))[0])]
    ranges, start = [], cps[0]
    for prev, cp in zip(cps, cps[1:] + [None]):
        if cp != prev + 1:
            ranges.append(f"\\U{start:08x}-\\U{prev:08x}" if prev > start else f"\\U{start:08x}")
            start = cp
    return re.compile("[" + "".join(ranges) + f"]{{{LONG_RUN + 1},}}")


_LONG = _marks_class()


def _ordered_nfd(text: str) -> str:
    """NFD of `text`, each run of combining marks sorted by class (stable) in O(n log n)."""
    out: list[str] = []
    run: list[str] = []
    for c in "".join(map(_nfd_char, text)):
        if unicodedata.combining(c):
            run.append(c)
            continue
        if run:
            out.extend(sorted(run, key=unicodedata.combining))
            run.clear()
        out.append(c)
    out.extend(sorted(run, key=unicodedata.combining))
    return "".join(out)


def nfd(text: str) -> str:
    if _LONG.search(text) is None:
        return unicodedata.normalize("NFD", text)
    return _ordered_nfd(text)


def nfc(text: str) -> str:
    if _LONG.search(text) is None:
        return unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", _ordered_nfd(text))
