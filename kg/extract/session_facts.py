"""What the text says of a session besides its name: the headline and lead it is reported in, its
date (with the year of the date line or the metadata when the text gives none, and the rule that
says so), the number of items it took up, its chair and its named participants."""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from ..model import Document
from .common import Sentences, iso_date
from .persons import NameHit

if TYPE_CHECKING:
    from .sessions import SessionHit

DATE = re.compile(r"(?<![^\W_])(?:(?:sáng|chiều|tối|trưa)(?: nay| hôm nay| ngày| qua)?|ngày|hôm nay|hôm|nay)\s*\(?\s*"
                   r"(\d{1,2})(?:\s*[/.-]\s*|\s+tháng\s+)(\d{1,2})(?!\d)(?:(?:\s*[/.-]\s*|\s+năm\s+)(\d{4}))?(?!\d)\s*\)?",
                   re.IGNORECASE)
_COUNT = re.compile(r"(?:cho ý kiến|thảo luận|xem xét|góp ý)(?: vào| đối với| về)? (\d+) nội dung", re.IGNORECASE)
_N_ITEMS = re.compile(r"\d+ nội dung", re.IGNORECASE)  # in both _COUNT and _APPROVED_COUNT
_APPROVED_COUNT = re.compile(r"(?:đồng ý|thông qua|thống nhất)[^.;:]{0,40}?(?:đối với|với) (\d+) nội dung", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _chair_matchers(lex: Lexicon) -> tuple[re.Pattern, re.Pattern]:
    return (re.compile("|".join(lex.triggers["chair"]), re.IGNORECASE),
            re.compile("|".join(lex.triggers["participation"]), re.IGNORECASE))


def headline(text: str) -> tuple[int, int]:
    """The span of the headline: the first of the first lines that reads like one (six words or
    more), not a breadcrumb ('Thời sự › Chính trị') or an outlet's name."""
    pos = 0
    for _ in range(6):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if len(line.split()) >= 6 and not re.search(r"[›>|]", line):
            return pos, end
        if end >= len(text):
            break
        pos = end + 1
    end = text.find("\n", len(text) - len(text.lstrip()))
    return 0, len(text) if end < 0 else end


def lead(text: str) -> tuple[int, int]:
    """The first paragraph of the body: the first line after the headline with two sentences'
    worth of words (the one that says who met when)."""
    pos = headline(text)[1]
    while pos < len(text):
        end = text.find("\n", pos + 1)
        end = len(text) if end < 0 else end
        if len(text[pos:end].split()) >= 15:
            return pos, end
        pos = end
    return 0, 0


def mention_date(doc: Document, s: SessionHit) -> tuple[str | None, str | None]:
    """A referenced session's own date, after any of its mentions: 'Kỳ họp thứ 8, …, dự kiến khai mạc ngày 21/10'."""
    for _start, end in sorted(set(s.mentions) | {(s.start, s.end)}):
        m = DATE.search(doc.text, end, min(len(doc.text), end + 60))
        if m and re.fullmatch(r"[ ,]*(?:\([^()]{0,60}\)[ ,]*)?(?:dự kiến |sẽ )?(?:khai mạc|diễn ra|bế mạc|tổ chức|họp|bắt đầu)(?: vào)? *",
                              doc.text[end:m.start()]):
            break
    else:
        return None, None
    day, month, year = m.groups()
    if not year and doc.published:
        year = doc.published[:4]
    return iso_date(day, month, year) if year else None, doc.text[m.start():m.end()]


def session_date(doc: Document, sentences: Sentences, main: SessionHit,
                 with_lead: bool = True) -> tuple[str | None, str | None, tuple[int, int] | None, str]:
    """(iso date or None, date as written, span, rule) from the sentences around the session's
    mentions, then the lead paragraph."""
    spans = []
    for x, _y in sorted(set(main.mentions) | {(main.start, main.end)}):
        here = sentences.from_here(x, 3 - len(spans) if len(spans) < 3 else 1)
        if not with_lead and here:  # another session: its own words first ('…, ông sẽ dự Kỳ họp thứ nhất, khai mạc ngày 20-7')
            here = [(x, here[0][1]), (here[0][0], x)] + here[1:]
        spans += here
    if with_lead:
        spans.append(lead(doc.text))
    for a, b in spans:
        for m in DATE.finditer(doc.text, a, b):
            if _is_date(doc, m):
                return _dated(doc, m)
    return None, None, None, ""


RIGHT_AFTER = re.compile(r"\s*Ngay sau (?:đó|khi bế mạc|khi kết thúc|(?:Đại hội|đại hội|phiên bế mạc))\s*,")


def _is_date(doc: Document, m: re.Match) -> bool:
    """Not the number of a decision ('số 12/…', '…/QĐ-UBND') nor its date ('… số 3128-QĐ/TU ngày 30-6-2025'),
    nor a bound of a time span ('nghỉ hưu từ ngày 1-1-2026', 'trước ngày 15/12')."""
    before = doc.text[max(0, m.start() - 30):m.start()]
    return not (re.search(r"(?:số \S+|/[A-ZĐa-z-]+)(?:,?\s*ngày)?\s*$", before)
                or re.search(r"(?<![^\W_])(?:từ|đến|tới|trước|hết|kể từ)\s*$", before, re.IGNORECASE))


def _dated(doc: Document, m: re.Match) -> tuple[str | None, str, tuple[int, int], str]:
    day, month, year = m.groups()
    written = doc.text[m.start():m.end()]
    if year:
        return iso_date(day, month, year), written, (m.start(), m.end()), "date:explicit"
    if doc.published:
        pub = dt.date.fromisoformat(doc.published)
        iso = iso_date(day, month, str(pub.year))
        ahead = re.search(r"(?<![^\W_])(?:sẽ|dự kiến|chuẩn bị|sắp)(?![^\W_])[^.;]{0,40}$", doc.text[max(0, m.start() - 60):m.start()])
        if iso and dt.date.fromisoformat(iso) > pub + dt.timedelta(days=7) and not ahead:
            iso = iso_date(day, month, str(pub.year - 1))  # (a day after the article is last year's, unless
            # the text looks ahead: 'kỳ họp thứ nhất Quốc hội khóa XV sẽ khai mạc ngày 20/7')
        source = "metadata" if getattr(doc, "published_from", None) == "metadata" else "dateline"
        return iso, written, (m.start(), m.end()), f"date:day-month+{source}"
    return None, written, (m.start(), m.end()), "date:day-month-no-year"


def item_count(doc: Document) -> tuple[int, tuple[int, int]] | None:
    if not _N_ITEMS.search(doc.text):
        return None  # both patterns below need 'N nội dung'
    m = _COUNT.search(doc.text)
    if m:
        return int(m.group(1)), (m.start(), m.end())
    approved = list(_APPROVED_COUNT.finditer(doc.text))
    if len(approved) == 1:
        return int(approved[0].group(1)), (approved[0].start(), approved[0].end())
    return None


def chair_and_participants(doc: Document, lex: Lexicon, sentences: Sentences, names: list[NameHit]):
    """The chair (a named person in a sentence saying 'chủ trì'), the named participants, and the
    chairs named in later such sentences (of other sessions, when those sentences name one)."""
    chair_rx, part_rx = _chair_matchers(lex)
    chair = None
    chairs = {a: chair_rx.search(doc.text, a, b) for a, b in {sentences.around(n.start) for n in names}}
    others: list[NameHit] = []  # the first named in each later sentence saying 'chủ trì'
    for n in names:
        a, b = sentences.around(n.start)
        m = chairs[a]
        if m and not re.search(r"\bđồng\s*$|\bcùng\s*$", doc.text[a:m.start()]):
            if chair is None:
                chair = n
            elif not any(sentences.around(o.start)[0] == a for o in [chair, *others]):
                others.append(n)
    participants: list[tuple[NameHit, str]] = []
    parts: dict[int, re.Match | None] = {}  # each sentence searched once
    seen = {chair.name} if chair else set()
    for n in names:
        if n.name in seen:
            continue
        a, b = sentences.around(n.start)
        if a not in parts:
            parts[a] = part_rx.search(doc.text, a, b)
        if m := parts[a]:
            role = "attendee" if re.match(r"(?:tham )?dự", m.group(0), re.IGNORECASE) else "speaker"
            participants.append((n, role))
            seen.add(n.name)
    return chair, participants, others
