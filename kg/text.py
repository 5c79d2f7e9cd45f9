"""Raw bytes/str → Document: NFC, one tone-mark placement, spaces, boilerplate, offset map.

Every character of the normalised text keeps the index of the raw character it came from,
so that spans found in the normalised text map back to the original (``Document.raw_span``).
Boilerplate and bylines are blanked with spaces (same length), never deleted.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from .encodings import NotVietnameseError, decode_bytes
from .files import read_limited
from .lexicon import Lexicon, load_lexicon
from .model import Document
from .nfc import nfc, nfd

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = {"\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\u2002", "\u2003", "\t", "\u3000"}
_DROP = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
# oa, oe, uy at the end of a syllable: the tone goes on the first vowel (hòa, khóa, Ủy).


def _toned(bases: str) -> str:
    return "".join(unicodedata.normalize("NFC", b + t) for b in bases for t in sorted(_TONES))


# Not before a letter (hoàn, quyết) nor before another combining mark (a second tone: moving
# one tone would leave the other to compose with the bare vowel, and the text would not be NFC).
_PAIR = re.compile(f"(?<![qQ])(?:[oO][{_toned('aAeE')}]|[uU][{_toned('yY')}])(?![^\\W\\d_]|[\u0300-\u036f])")
# _PAIR without its look-behind, which keeps the regex engine from skipping ahead to an o or a u
_PAIR_REST = re.compile(_PAIR.pattern[len("(?<![qQ])"):])


def _move_tone(pair: str) -> str:
    first, second = pair
    decomposed = unicodedata.normalize("NFD", second)
    tones = [c for c in decomposed if c in _TONES]
    if not tones:
        return pair
    base = "".join(c for c in decomposed if c not in _TONES)
    first_nfd = unicodedata.normalize("NFD", first)
    if any(c in _TONES for c in first_nfd):
        return pair
    return unicodedata.normalize("NFC", first + tones[0]) + unicodedata.normalize("NFC", base)


def normalize_tones(text: str) -> str:
    """Old-style tone placement (hoà, khoá, Uỷ) → the one kg uses (hòa, khóa, Ủy). Keeps length."""
    # _PAIR.sub(lambda m: _move_tone(m.group(0)), text), found faster: where the rest of the
    # pattern matches, the whole one is tried
    parts, pos, last = [], 0, 0
    while found := _PAIR_REST.search(text, pos):
        if m := _PAIR.match(text, found.start()):
            parts += (text[last:m.start()], _move_tone(m.group(0)))
            pos = last = m.end()
        else:
            pos = found.start() + 1
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _plain_chars() -> re.Pattern:
    """Runs of characters that normalize() keeps as they are, one for one: not combining, their
    own NFC, neither dropped nor a space to replace nor CR. Only Latin, Vietnamese and common
    punctuation are listed; any other character takes the character-by-character way."""
    special = _DROP | _SPACES | {"\r"}
    keep = [cp for cp in (*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070))
            if (c := chr(cp)) not in special and not unicodedata.combining(c) and unicodedata.normalize("NFC", c) == c]
    ranges, start = [], keep[0]
    for prev, cp in zip(keep, keep[1:] + [None]):
        if cp != prev + 1:
            ranges.append(f"\\u{start:04x}-\\u{prev:04x}" if prev > start else f"\\u{start:04x}")
            start = cp
    return re.compile("[" + "".join(ranges) + "]+")


_PLAIN = _plain_chars()


def normalize(raw: str) -> tuple[str, tuple[int, ...]]:
    """NFC + spaces + tone placement, with offsets[i] = raw index of normalised char i."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        if m := _PLAIN.match(raw, i):  # a run of plain characters, copied as it is
            j = m.end()
            if j < n and unicodedata.combining(raw[j]):
                j -= 1  # its last character and the marks after it are one cluster
            if j > i:
                out.append(raw[i:j])
                offsets.extend(range(i, j))
                i = j
                continue
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[i:j]
        if cluster in _DROP:
            i = j
            continue
        if cluster in _SPACES:
            cluster = " "
        elif cluster == "\r":
            cluster = "\n" if not (j < n and raw[j] == "\n") else ""
        composed = nfc(cluster)
        for ch in composed:
            out.append(ch)
            offsets.append(i)
        i = j
    offsets.append(n)
    text = normalize_tones("".join(out))
    return text, tuple(offsets)


def fold(text: str) -> str:
    """Lowercase ASCII folding for search and slugs: 'Nguyễn Thanh Hải' → 'nguyen thanh hai'."""
    text = normalize_tones(nfc(text)).replace("đ", "d").replace("Đ", "D")
    text = nfd(text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def decode(data: bytes, path: str) -> str:
    """A file's bytes as Unicode text, in whichever encoding they are (kg.encodings)."""
    return decode_bytes(data, path).text


def _blank_all(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every span blanked, in one pass (spans in order, not overlapping)."""
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += (text[last:start], re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def is_byline(line: str, lex: Lexicon) -> bool:
    """A short line of capitalised words only, e.g. "Thanh Mai", "Kim Oanh - Thành Chung"."""
    words = [w for w in re.split(r"[\s,\-–/]+", line.rstrip(".")) if w]
    limit = lex.triggers.get("byline_max_words", 8)
    return 0 < len(words) <= limit and all(w[0].isupper() and w.isalpha() for w in words)


def strip_boilerplate(text: str, lex: Lexicon) -> str:
    """Blank page furniture, photo credits and the byline at the end (same length)."""
    for pattern in lex.boilerplate:
        text = _blank_all(text, [m.span() for m in pattern.finditer(text)])
    lines = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]*", text)]
    bylines = []
    for start, end, line in reversed(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not is_byline(stripped, lex):
            break
        bylines.append((start, end))
    return _blank_all(text, bylines[::-1])


_DATE_LINE = re.compile(
    r"^\s*(?:(?:Thứ\s+\w+|Chủ\s+nhật)\s*,\s*)?(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s*[,|-]?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s*\(?GMT\s*[+-]\s*\d{1,2}(?::\d{2})?\)?)?\s*$",
    re.M | re.I,
)


def date_line(text: str) -> str | None:
    """The publication date from a date line among the first lines, as ISO, or None."""
    head = "\n".join(text.splitlines()[:12])
    m = _DATE_LINE.search(head)
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    if 1 <= d <= 31 and 1 <= mo <= 12:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def make_document(raw: str, doc_id: str, *, path: str = "", site: str | None = None,
                  province: str | None = None, lex: Lexicon | None = None) -> Document:
    lex = lex or load_lexicon()
    text, offsets = normalize(raw)
    found_site = site or lex.find_site(text)
    text = strip_boilerplate(text, lex)
    if province is None and found_site:
        province = lex.sites.get(found_site)
    published = date_line(text)
    return Document(doc_id=doc_id, raw=raw, text=text, offsets=offsets, path=path,
                    title=first_line(text), published=published, site=found_site,
                    province=province, published_from="dateline" if published else None)


def read_document(path: Path, *, site: str | None = None, province: str | None = None,
                  lex: Lexicon | None = None, require_vietnamese: bool = True) -> Document:
    """Read a file in any encoding kg knows (UTF-8, UTF-16, Windows-1258, TCVN3, VNI, and
    garbled legacy text inside UTF-8; see kg.encodings) into a Document.

    ``Document.encoding`` says how the file was read. ``Document.raw`` is the decoded text: the
    file's own characters for UTF-8 and UTF-16, and for a converted or repaired file the
    converted Unicode text in NFC. Evidence offsets index ``raw`` — characters of the decoded
    text, never bytes of the file — so ``raw[start:end]`` is always the quote.

    Raises InputError (one line naming the file) for an empty, binary or undecodable file, and
    NotVietnameseError, an InputError, when the text has no Vietnamese in it (unless
    `require_vietnamese` is False).
    """
    data = read_limited(path)  # a regular file of at most MAX_ARTICLE_BYTES (kg.files)
    decoded = decode_bytes(data, str(path), markup=path.suffix.lower() in (".html", ".htm"))
    if require_vietnamese and not decoded.vietnamese:
        raise NotVietnameseError(str(path), decoded.score, decoded.encoding)
    doc = make_document(decoded.text, path.stem, path=str(path), site=site, province=province, lex=lex)
    return replace(doc, encoding=decoded.encoding)


def content_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
