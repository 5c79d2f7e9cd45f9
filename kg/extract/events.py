"""Personnel events: bầu, bầu bổ sung, miễn nhiệm, bổ nhiệm, điều động, chỉ định, nghỉ hưu."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..model import Document
from .common import Sentences
from .persons import NameHit, TitleHit, TitleParser

_RESULT = re.compile(r"(\d+\s*/\s*\d+)\s*(?:đại biểu|phiếu)|(?:đạt|chiếm|với)\s+(?:tỷ lệ\s+)?(\d+(?:[.,]\d+)?\s*%)")
_POST = re.compile(r"(?:giữ |các )?(?:chức vụ|chức danh|chức)\s+|(?:làm|là|vào)\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _verbs_rx(lex: Lexicon) -> re.Pattern:
    """The event verbs of the lexicon, longest first (made once per lexicon)."""
    verbs = sorted(lex.triggers["events"], key=len, reverse=True)
    return re.compile("(?<![^\\W_])(?:" + "|".join(map(re.escape, verbs)) + ")(?![^\\W_])", re.IGNORECASE)


@dataclass(frozen=True)
class EventHit:
    kind: str
    name: NameHit
    title: TitleHit | None
    start: int
    end: int
    rule: str
    result: str | None


def _post_in(text: str, a: int, b: int, titles: TitleParser) -> TitleHit | None:
    for m in _POST.finditer(text, a, b):
        if t := titles.one(m.end()):
            return t
    return None


def find_events(doc: Document, lex: Lexicon, sentences: Sentences, names: list[NameHit],
                titles: TitleParser) -> list[EventHit]:
    rx = _verbs_rx(lex)
    text, out, seen = doc.text, [], set()
    for m in rx.finditer(text):
        a, b = sentences.around(m.start())
        kind = lex.triggers["events"][m.group(0).lower()]
        after = [n for n in names if m.end() <= n.start < b]
        before = [n for n in names if a <= n.start < m.start()]
        passive = re.search(r"được(?:\s+[^,.;]{0,40}?)?(?:\s+\w+,)?\s*$", text[a:m.start()])
        name = before[-1] if before and passive else (after[0] if after else None)
        if name is None:
            continue
        limit = after[1].start if len(after) > 1 else b
        title = _post_in(text, m.end(), limit, titles) or (name.titles[0] if name.titles and kind != "Dismissal" else None)
        if kind == "Dismissal" and title is None:
            title = _post_in(text, m.end(), b, titles)
        result = _result(text, rx, a, b, m)
        key = (kind, name.name, title.role if title else None, title.org.name if title else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(EventHit(kind, name, title, m.start(), max(name.end, title.end if title else 0, m.end()),
                            f"event:{m.group(0).lower().replace(' ', '-')}", result))
    return out


def _result(text: str, verbs: re.Pattern, a: int, b: int, m: re.Match) -> str | None:
    """The vote result of this event. Between this verb and the next one; for the first verb of
    the sentence also after the others ('…; kết quả có 47/50 đại biểu tán thành') or before it
    ('Với 48/50 đại biểu tán thành, HĐND tỉnh đã bầu bổ sung …'). A count of votes beats a percentage."""
    nxt = verbs.search(text, m.end(), b)
    first = verbs.search(text, a, b).start() == m.start()
    spans = [(m.end(), nxt.start() if nxt else b)]
    if first:
        spans += [(m.end(), b), (a, m.start())]
    for x, y in spans:
        found = list(_RESULT.finditer(text, x, y))
        if found:
            best = next((r for r in found if r.group(1)), found[0])
            return re.sub(r"\s+", "", best.group(1) or best.group(2))
    return None
