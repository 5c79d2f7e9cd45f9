"""The structure of a report: list blocks and their introducers.

A list block is an introducing line (usually ending with ':') followed by lines that each hold
one element: numbered (`1.`, `2)`, `(3)`), lettered (`a)`, `b.`), or marked (`-`, `+`, `•`, `–`,
`*`), or unmarked lines that end with ';' (the last with '.'). Inline lists ('gồm: A; B và C')
are read inside their sentence by the items stage; `strip_marker` takes the numbering off an
inline element ('(1) Tờ trình …', '2. Báo cáo …').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"[ \t]*(?:(\(?\d{1,2}[.)](?!\d))|(\(?[a-zđ][.)])|([-–+•*·])|(\([ivx]+\)|[ivx]+[.)]))[ \t]+")
_LINE = re.compile(r"[^\n]*")
_MARKERS = ("number", "letter", "dash", "roman")
_INLINE_MARKER = re.compile(r"\s*(?:\(\d{1,2}\)|\d{1,2}[.)](?!\d)|\(?[a-zđ]\)|[-–+•])\s+")


@dataclass(frozen=True)
class ListBlock:
    intro: tuple[int, int]  # the introducing line
    items: tuple[tuple[int, int], ...]  # each element's text, marker and end punctuation left out
    marker: str  # number | letter | dash | roman | none


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    while pos <= len(text):
        m = _LINE.match(text, pos)
        out.append((m.start(), m.end()))
        pos = m.end() + 1
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t;.,":
        b -= 1
    return a, b


def list_blocks(text: str) -> list[ListBlock]:
    """Every block of lines under an introducer, in order."""
    lines, out, k = _lines(text), [], 0
    while k < len(lines):
        a, b = lines[k]
        intro = text[a:b].rstrip()
        if not intro.endswith(":") or k + 1 >= len(lines):
            k += 1
            continue
        items, kind, j = [], None, k + 1
        if j + 1 < len(lines) and not text[lines[j][0]:lines[j][1]].strip():
            j += 1  # a blank line after the introducer
        while j < len(lines):
            x, y = lines[j]
            if x == y or not text[x:y].strip():
                if items and j + 1 < len(lines) and _MARKER.match(text, lines[j + 1][0]) and kind != "none":
                    j += 1  # a blank line between marked elements
                    continue
                break
            m = _MARKER.match(text, x)
            if m:
                this = _MARKERS[next(i for i in range(4) if m.group(i + 1))]
                if kind not in (None, this):
                    break
                kind, start = this, m.end()
            elif kind in (None, "none") and text[x:y].rstrip().endswith((";", ".")) and len(text[x:y]) < 400:
                kind, start = "none", x
            else:
                break
            items.append(_trim(text, start, y))
            j += 1
            if kind == "none" and text[x:y].rstrip().endswith("."):
                break  # an unmarked list ends at its full stop
        if items:
            out.append(ListBlock((a, b), tuple(i for i in items if i[0] < i[1]), kind or "none"))
            k = j
        else:
            k += 1
    return out


def strip_marker(text: str, a: int, b: int) -> int:
    """Where an inline element's words start, after its numbering ('(1) ', '2. ', 'a) ', '- ')."""
    m = _INLINE_MARKER.match(text, a, b)
    return m.end() if m else a
