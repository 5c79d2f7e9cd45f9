"""An HTML page's main text, with the place in the page each character comes from.

Scripts, styles, menus, headers, footers, forms and comments are dropped, tags become spaces
(block tags a line break), entities are decoded. Every character of the text keeps the index in
the page of the markup it comes from, so that evidence spans point into the original file.

The page is read once from left to right, in time linear in its length whatever it holds: a
search for the end of a comment or of a script that is not there is made once, and remembered
(an unclosed ``<!--``, ``<script>`` or ``<p `` repeated ten thousand times used to cost ten
thousand searches to the end of the page).
"""
from __future__ import annotations

import html
import re

#: Elements dropped with their content.
DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "form")
_DROPPED_START = re.compile(r"<(" + "|".join(DROPPED) + r")\b", re.I)
_BLOCK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h\d|/li|/tr|/title|p|div|h\d|li|tr)\b[^>]*>")
_ENTITY = re.compile(r"&#?\w+;")
_SPECIAL = re.compile(r"[<&]")


class _Closers:
    """The next place where something ends (``-->``, ``>``, ``</script>``), searched forward
    only: a search that fails is remembered, so that the same search is never made again."""

    def __init__(self, markup: str):
        self.markup = markup
        self.missing: set[str] = set()

    def find(self, key: str, pattern: re.Pattern, start: int) -> re.Match | None:
        if key in self.missing:
            return None
        found = pattern.search(self.markup, start)
        if found is None:
            self.missing.add(key)  # nor after any later start
        return found


_COMMENT_END = re.compile(r"-->")
_TAG_END = re.compile(r">")
_ELEMENT_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in DROPPED}


def html_to_text(markup: str) -> tuple[str, list[int]]:
    """Main text of an HTML page (scripts, styles, menus and markup dropped, blocks become lines)
    and, for each of its characters, the index in `markup` it comes from: evidence spans then
    point into the original HTML file."""
    out: list[str] = []
    where: list[int] = []
    closers = _Closers(markup)
    dropped = _dropped_regions(markup, closers)
    pos, n, k = 0, len(markup), 0
    while pos < n:
        if k < len(dropped) and pos >= dropped[k][0]:  # a dropped element (or comment) is a space
            pos = max(pos, dropped[k][1])
            k += 1
            out.append(" ")
            where.append(pos - 1)
            continue
        special = _SPECIAL.search(markup, pos, dropped[k][0] if k < len(dropped) else n)
        stop = special.start() if special else (dropped[k][0] if k < len(dropped) else n)
        if stop > pos:  # plain text, copied as it is
            out.append(markup[pos:stop])
            where.extend(range(pos, stop))
            pos = stop
            continue
        end, text = _tag_or_entity(markup, pos, closers)
        if end is None:  # a '<' or '&' that starts nothing: a character of the text
            end, text = pos + 1, markup[pos]
        out.append(text)
        where.extend([pos] * len(text))
        pos = end
    return "".join(out), where


def _dropped_regions(markup: str, closers: _Closers) -> list[tuple[int, int]]:
    """Where scripts, styles, menus … and comments are, as (start, end), left to right and not
    overlapping: an element or comment without its end is not one."""
    regions = []
    pos = 0
    while (start := markup.find("<", pos)) >= 0:
        end = None
        element = _DROPPED_START.match(markup, start)
        if element:
            name = element.group(1).lower()
            m = closers.find(name, _ELEMENT_END[name], element.end())
            end = m.end() if m else None
        elif markup.startswith("<!--", start):
            m = closers.find("-->", _COMMENT_END, start + 4)
            end = m.end() if m else None
        if end is None:
            pos = start + 1
        else:
            regions.append((start, end))
            pos = end
    return regions


def _tag_or_entity(markup: str, pos: int, closers: _Closers) -> tuple[int | None, str]:
    """The tag or entity at `pos` (a '<' or '&'): its end and the text it becomes (an entity's
    character, a line break for a block tag, else a space), or (None, '') when there is none."""
    if markup[pos] == "&":
        m = _ENTITY.match(markup, pos)
        return (m.end(), html.unescape(m.group(0))) if m else (None, "")
    m = closers.find(">", _TAG_END, pos + 1)
    if m is None:
        return None, ""
    return m.end(), "\n" if _BLOCK.match(markup, pos, m.end()) else " "


def strip_markup(markup: str) -> str:
    """The text of an HTML page without its markup (for scoring its language)."""
    return html_to_text(markup)[0]
