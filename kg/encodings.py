"""Which encoding a file is in, its text in Unicode, and whether that text is Vietnamese.

Vietnamese articles come as UTF-8 (with or without a byte-order mark), UTF-16, Windows-1258,
and from old Windows tools in the font encodings TCVN3 (ABC, .VnTime) and VNI (VNI-Times).
Legacy text is also found already garbled inside UTF-8 files: the bytes were read as
Windows-1252 and saved again ("Ban ChÊp hµnh" is TCVN3, "Hoäi nghò" is VNI, "Há»™i nghá»‹"
is UTF-8 read as Windows-1252). `decode_bytes` finds which and returns the Unicode text with
the name of what it did (`Decoded.encoding`).

How it decides, in order:

1. A byte-order mark says UTF-8, UTF-16 or UTF-32.
2. NUL bytes on every other position (and almost none on the others) in at least
   `GUESS_MIN_CHARS` characters say UTF-16 without a mark; other NUL bytes say binary.
3. Bytes that are valid UTF-8 are UTF-8.
4. Otherwise the bytes are read as Windows-1258, TCVN3 and VNI (and an HTML page's declared
   charset), and the reading with the best Vietnamese score wins, if it has at least
   `GUESS_MIN_WORDS` words and a score of at least `VIETNAMESE_MIN_SCORE`. Else the file is
   refused as not UTF-8.
5. Text that holds characters Vietnamese does not use (µ ¶ Ã ä ø …) is also tried as mojibake
   (repaired by ftfy) and as TCVN3 or VNI seen through Windows-1252; a repair is kept when it
   raises the score (`FTFY_MIN_GAIN`, `LEGACY_MIN_GAIN`).

The Vietnamese score (`score`) is the mean over the words (text between spaces and
punctuation, numbers left out) of: 1 for a common Vietnamese word (`COMMON_WORDS`) or a
well-formed Vietnamese syllable carrying a Vietnamese mark (ă â đ ê ô ơ ư or a tone), ½ for a
well-formed syllable without marks (it could be another language), 0 for anything else.
Measured: Vietnamese news 0.91-0.97, English and French 0.1-0.2, mojibake and legacy text read
in the wrong encoding 0.2-0.5, Chinese 0. A text below `VIETNAMESE_MIN_SCORE` has no
Vietnamese text (`Decoded.vietnamese` is False).

Converted and repaired text is given in NFC; evidence offsets then index that text (the
decoded Unicode characters), never the file's bytes.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
from .html import strip_markup
from .nfc import nfc, nfd

#: A text is Vietnamese when its score (see `score`) reaches this.
VIETNAMESE_MIN_SCORE = 0.5
#: Windows-1258, TCVN3 or VNI are only guessed for a text of at least this many words.
GUESS_MIN_WORDS = 5
#: UTF-16 without a byte-order mark is only guessed for at least this many characters.
GUESS_MIN_CHARS = 20
#: UTF-16 without a mark: share of NUL bytes at the high-byte positions, at least …
UTF16_MIN_NUL_SHARE = 0.2
#: … and at the other positions, at most.
UTF16_MAX_OTHER_NUL_SHARE = 0.02
#: A decoding whose printable (or white-space) characters are fewer than this share is binary.
TEXT_MIN_PRINTABLE_SHARE = 0.98
#: An ftfy mojibake repair is kept when it raises the score by more than this.
FTFY_MIN_GAIN = 0.0
#: Reading a whole text again as TCVN3 or VNI is kept when it raises the score by this.
LEGACY_MIN_GAIN = 0.1
#: How much of the start of a file the NUL-byte tests look at.
SAMPLE_BYTES = 4096

ENCODINGS_DIR = Path(__file__).resolve().parent / "lexicons" / "encodings"
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
VIETNAMESE_MARKED = frozenset("ăâđêôơư")

#: Very common words of Vietnamese news; those without marks (trong, cho, theo …) would
#: otherwise count only ½.
COMMON_WORDS = frozenset("""
của và các là có được trong cho với đã người này những một không theo đến tại từ để về
khi như năm ngày tháng sáng chiều đồng chí ông bà tỉnh huyện xã thành phố hội nghị ban
chấp hành thường vụ đảng bộ ủy nhân dân hội đồng chủ tịch phó bí thư giám đốc sở trưởng
kỳ họp lần thứ khóa nhiệm kỳ quyết định nghị quyết công tác phát triển kinh tế xã hội
tham dự dự trì chủ trì đại biểu báo cáo kết luận thông qua cùng đề nghị tổ chức
""".split())

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
_NUCLEI = sorted("""
a ă â e ê i o ô ơ u ư y
ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu
""".split(), key=len, reverse=True)
_CODA = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{'|'.join(_NUCLEI)})(?:{_CODA})?")
_WORD = re.compile(r"[^\W\d_]+")
#: What the score counts as one word: text between spaces and punctuation. A word with
#: anything but letters in it ("Há»™i", "hµnh", "UBND2") is not Vietnamese.
_TOKEN = re.compile(r"[^\s.,;:!?()\[\]{}\"“”‘’«»…–—/|-]+")
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", b + t)
    for b in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for t in ("", *TONE_MARKS)
) | frozenset("đĐ")
_CP1252_EXTRA = frozenset("‚ƒ„†‡ˆ‰Š‹ŒŽ˜š›œžŸ")
_PUNCTUATION = frozenset("«»°©®·×±")
#: Characters that Vietnamese text does not use but legacy text and mojibake are full of
#: (Latin-1 letters and signs that are not Vietnamese letters or common punctuation).
SUSPECT = frozenset(
    c for c in map(chr, range(0xA1, 0x100)) if c not in _VIETNAMESE_LETTERS and c not in _PUNCTUATION
) | _CP1252_EXTRA | frozenset(map(chr, range(0x80, 0xA0)))


class NotVietnameseError(InputError):
    """A readable file with no Vietnamese text in it (kg builds a graph of Vietnamese news)."""

    def __init__(self, path: str, found: "Score", encoding: str):
        self.score, self.encoding = found, encoding
        super().__init__(path, f"no Vietnamese text found (read as {encoding}: {found.words} words, "
                               f"Vietnamese score {found.value:.2f} < {VIETNAMESE_MIN_SCORE})")


# --- scoring ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    words: int = 0
    marked: int = 0  # common words and well-formed syllables with Vietnamese marks
    plain: int = 0  # well-formed syllables without marks

    @property
    def value(self) -> float:
        return (self.marked + 0.5 * self.plain) / self.words if self.words else 0.0


@functools.lru_cache(maxsize=65536)
def _word_weight(word: str) -> int:
    """2 for a common word or a well-formed marked syllable, 1 for a plain one, 0 otherwise."""
    word = nfc(word.lower())
    if not word.isalpha():
        return 0
    if word in COMMON_WORDS:
        return 2
    decomposed = nfd(word)
    tones = sum(1 for c in decomposed if c in TONE_MARKS)
    if tones > 1:
        return 0
    bare = nfc("".join(c for c in decomposed if c not in TONE_MARKS))
    if not _SYLLABLE.fullmatch(bare):
        return 0
    return 2 if tones or any(c in VIETNAMESE_MARKED for c in bare) else 1


def score(text: str, *, markup: bool = False) -> Score:
    """How Vietnamese a text is: see the module docstring. `markup`: ignore HTML tags."""
    if markup:
        text = strip_markup(text)  # in linear time (kg.html)
    text = nfc(text)
    words = marked = plain = 0
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if not any(c.isalpha() for c in token):
            continue  # numbers, dates
        words += 1
        w = _word_weight(token)
        marked += w == 2
        plain += w == 1
    return Score(words, marked, plain)


# --- legacy tables ------------------------------------------------------------------------

_C1_TO_CP1252 = {}
for _b in range(0x80, 0xA0):
    try:
        _C1_TO_CP1252[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass
_CP1252_TO_BYTE = {v: k for k, v in _C1_TO_CP1252.items()}


def sloppy_cp1252(data: bytes) -> str:
    """Bytes as Windows-1252 shows them; its five undefined bytes stay as C1 controls."""
    return data.decode("latin-1").translate(_C1_TO_CP1252)


def sloppy_cp1252_bytes(text: str) -> bytes:
    """The inverse of `sloppy_cp1252` (raises UnicodeEncodeError for other characters)."""
    return bytes(_CP1252_TO_BYTE.get(c, None) or ord(c.encode("latin-1")) for c in text)


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:]


class LegacyTable:
    """A font encoding read from a YAML table: each letter's bytes as Windows-1252 shows them.

    Decoding reads the bytes as Windows-1252 and replaces every sequence of the table with its
    letter, longest first; everything else stays as Windows-1252 shows it.
    """

    def __init__(self, name: str, letters: dict[str, str], names: frozenset[str] = frozenset()):
        self.name, self.names = name, names
        self.to_legacy = {unicodedata.normalize("NFC", k): v for k, v in letters.items()}
        self.from_legacy: dict[str, str] = {}
        for letter, seq in self.to_legacy.items():
            if seq in self.from_legacy:
                raise ValueError(f"{name}: {seq!r} is both {self.from_legacy[seq]!r} and {letter!r}")
            self.from_legacy[seq] = letter
        # VNI typed carelessly puts a lower-case mark after a capital (or the reverse): the
        # base letter gives the case.
        for seq, letter in list(self.from_legacy.items()):
            if len(seq) == 2:
                other = seq[0] + seq[1].swapcase()
                self.from_legacy.setdefault(other, letter)
        seqs = sorted(self.from_legacy, key=len, reverse=True)
        self._rx = re.compile("|".join(map(re.escape, seqs)))
        # letters the table has only in lower case (TCVN3's toned letters)
        self.caseless = frozenset(l for l in self.to_legacy if l.islower() and l.upper() not in self.to_legacy
                                  and l.upper() != l)

    def decode_text(self, shown: str) -> str:
        """Legacy text as Windows-1252 shows it → Unicode (NFC)."""
        text = self._rx.sub(lambda m: self.from_legacy[m.group(0)], shown)
        if self.caseless:
            text = restore_case(text, self.caseless, self.names)
        return nfc(text)

    def decode(self, data: bytes) -> str:
        return self.decode_text(sloppy_cp1252(data))

    def encode_text(self, text: str) -> str:
        """Unicode → legacy text as Windows-1252 shows it. Letters the table has in lower case
        only are written in lower case (as the old fonts did)."""
        out = []
        for c in nfc(text):
            seq = self.to_legacy.get(c)
            if seq is None and c.lower() in self.caseless:
                seq = self.to_legacy[c.lower()]
            out.append(c if seq is None else seq)
        return "".join(out)

    def encode(self, text: str) -> bytes:
        return sloppy_cp1252_bytes(self.encode_text(text))


#: Other capitals a word, or a line, needs to be taken as written in capitals.
CAPS_WORD_MIN_LETTERS = 2
CAPS_LINE_MIN_LETTERS = 3


def restore_case(text: str, caseless: frozenset[str], names: frozenset[str] = frozenset()) -> str:
    """Give capitals back to letters an encoding has only in lower case (TCVN3's toned
    letters). A word starting with such a letter is capitalised

    - in a word or a line whose other letters are all capitals (set in an upper-case font);
    - at the start of a sentence: start of the text, after . ! ? …, or at the start of a line
      when the line before does not end in a lower-case letter or a comma;
    - inside a person's name: within the three words after a family name from `names`, when
      the words between are capitalised and the next word is capitalised too, or the name
      ends there (punctuation or end of line). "Mai Thị Ngọc ánh, Phó Giám đốc" gives "Ánh".

    Elsewhere the letter stays in lower case ("Ủy viên" mid-sentence reads "ủy viên").
    """
    if not any(c in caseless for c in text):
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        known = [c for c in line if c.isalpha() and c not in caseless and c.lower() != c.upper()]
        if len(known) >= CAPS_LINE_MIN_LETTERS and all(c.isupper() for c in known) and any(c in caseless for c in line):
            lines[n] = "".join(c.upper() if c in caseless else c for c in line)
    text = "\n".join(lines)
    words = [[m.start(), m.end(), m.group(0)] for m in _WORD.finditer(text)]

    def joined(i: int) -> bool:  # words i and i+1 are separated by spaces only
        return i + 1 < len(words) and not text[words[i][1]:words[i + 1][0]].strip(" ")

    def capital(i: int) -> bool:
        return 0 <= i < len(words) and words[i][2][0].isupper()

    for i, (start, _end, word) in enumerate(words):
        if not any(c in caseless for c in word):
            continue
        known = [c for c in word if c not in caseless and c.lower() != c.upper()]
        if len(known) >= CAPS_WORD_MIN_LETTERS and all(c.isupper() for c in known):
            words[i][2] = "".join(c.upper() if c in caseless else c for c in word)
        elif word[0] in caseless and _starts_sentence(text, start):
            words[i][2] = _upper_first(word)
    if names:
        for i in range(len(words)):
            if words[i][2] not in names:
                continue
            for j in range(i + 1, min(i + 4, len(words))):
                if not joined(j - 1):
                    break
                word = words[j][2]
                if word[0] in caseless and (capital(j + 1) and joined(j) or not joined(j)):
                    words[j][2] = _upper_first(word)
                elif not word[0].isupper():
                    break
    out, pos = [], 0
    for start, end, word in words:
        if word != text[start:end]:
            out += [text[pos:start], word]
            pos = end
    out.append(text[pos:])
    return "".join(out)


_OPENERS = " \t'\"“‘([-–•*+"
_CLOSERS = "'\"”’)]"


def _starts_sentence(text: str, start: int) -> bool:
    k = start
    while k > 0 and text[k - 1] in _OPENERS:
        k -= 1
    if k == 0:
        return True
    if text[k - 1] == "\n":
        i, blank = k - 2, False  # back over the white space before the line break
        while i >= 0 and text[i] in " \t\n":
            blank = blank or text[i] == "\n"
            i -= 1
        if i < 0 or blank:
            return True  # first line, or after a blank line
        return not (text[i].islower() or text[i] == ",")  # else the line before may run on
    if not any(c.isspace() for c in text[k:start]):
        return False
    while k > 0 and text[k - 1] in _CLOSERS:
        k -= 1
    return k > 0 and text[k - 1] in ".!?…"


@functools.lru_cache(maxsize=None)
def legacy_table(name: str) -> LegacyTable:
    """The table `name` ("tcvn3", "vni") from kg/lexicons/encodings/NAME.yaml. A table that
    has toned letters in lower case only restores capitals in names with kg's family names."""
    data = yaml.safe_load((ENCODINGS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    table = LegacyTable(data["name"], data["letters"])
    if table.caseless:
        table.names = _family_names()
    return table


def _family_names() -> frozenset[str]:
    path = ENCODINGS_DIR.parent / "surnames.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return frozenset()
    return frozenset(unicodedata.normalize("NFC", str(s)) for s in data.get("surnames") or ())


# --- detection ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Decoded:
    """A file's text in Unicode and what was done to get it.

    `encoding` is one of "utf-8", "utf-16", "utf-32", "windows-1258", "tcvn3", "vni" (or an
    HTML page's declared charset), followed by "+mojibake-repaired", "+tcvn3-repaired" or
    "+vni-repaired" when the text inside was garbled legacy text and kg repaired it, or
    "+lines-repaired" for a UTF-8 file with lines in another encoding (kg.linewise), which
    `notes` name.
    """

    text: str
    encoding: str
    score: Score
    notes: tuple[str, ...] = ()  # one line each, naming file and line: what was repaired

    @property
    def repaired(self) -> bool:
        return "+" in self.encoding

    @property
    def vietnamese(self) -> bool:
        return self.score.words > 0 and self.score.value >= VIETNAMESE_MIN_SCORE


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"), (b"\xff\xfe", "utf-16-le", "utf-16"),
         (b"\xfe\xff", "utf-16-be", "utf-16"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    ok = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f\v")
    return ok / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text if NUL bytes sit on every other position as UTF-16 puts them, else None."""
    sample = data[:SAMPLE_BYTES]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= UTF16_MIN_NUL_SHARE and even_nul <= UTF16_MAX_OTHER_NUL_SHARE:
        codec = "utf-16-le"
    elif even_nul >= UTF16_MIN_NUL_SHARE and odd_nul <= UTF16_MAX_OTHER_NUL_SHARE:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(codec)
    except UnicodeDecodeError:
        return None
    if len(text) < GUESS_MIN_CHARS or _printable_share(text) < TEXT_MIN_PRINTABLE_SHARE:
        return None
    return text


def _legacy_readings(data: bytes, markup: bool) -> list[tuple[str, str]]:
    readings: list[tuple[str, str]] = []
    declared = _CHARSET.search(data[:SAMPLE_BYTES]) if markup else None
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            readings.append((name, nfc(data.decode(name))))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        readings.append(("windows-1258", nfc(data.decode("cp1258"))))
    except UnicodeDecodeError:
        pass
    readings.append(("tcvn3", legacy_table("tcvn3").decode(data)))
    readings.append(("vni", legacy_table("vni").decode(data)))
    return readings


def repair_text(text: str, encoding: str = "utf-8", *, markup: bool = False) -> Decoded:
    """Unicode text as read, or its repair when it is garbled legacy text (see module doc)."""
    found = score(text, markup=markup)
    best = Decoded(text, encoding, found)
    if not any(c in SUSPECT for c in text):
        return best
    candidates: list[tuple[str, str, float]] = []
    import ftfy  # only needed for suspect text

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        candidates.append(("mojibake", nfc(fixed), FTFY_MIN_GAIN))
    for name in ("tcvn3", "vni"):
        candidates.append((name, legacy_table(name).decode_text(text), LEGACY_MIN_GAIN))
    for name, candidate, gain in candidates:
        s = score(candidate, markup=markup)
        if s.value > found.value + gain and s.value > best.score.value:
            best = Decoded(candidate, f"{encoding}+{name}-repaired", s)
    return best


def decode_bytes(data: bytes, path: str, *, markup: bool = False) -> Decoded:
    """A file's bytes → its Unicode text and encoding (see the module docstring).

    Raises InputError (one line, naming `path`) for an empty, binary or undecodable file.
    Text with no Vietnamese in it is returned (`Decoded.vietnamese` is False): the caller
    decides what to do with it.
    """
    if not data.strip():
        raise InputError(path, "empty file")
    decoded = _decode(data, path, markup)
    if not decoded.text.strip():
        raise InputError(path, f"empty file (nothing but white space in {decoded.encoding.upper()})")
    return decoded


def _decode(data: bytes, path: str, markup: bool) -> Decoded:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError(path, f"starts with a {name.upper()} byte-order mark but is not {name.upper()} "
                                       f"(byte {err.start})") from None
            text = text.removeprefix("\ufeff")
            return repair_text(text, name, markup=markup)
    if b"\x00" in data[:SAMPLE_BYTES]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(path, "binary file (NUL bytes), not text")
        return repair_text(text, "utf-16", markup=markup)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = f"byte {err.start}: {data[err.start:err.start + 1]!r}"
    else:
        return repair_text(text, "utf-8", markup=markup)
    readings = [(name, text, score(text, markup=markup)) for name, text in _legacy_readings(data, markup)]
    name, text, found = max(readings, key=lambda r: r[2].value)
    from .linewise import decode_lines  # UTF-8 with some lines in another encoding

    mixed = decode_lines(data, path, markup)
    if mixed is not None and mixed.score.value >= found.value:
        return mixed
    if found.words < GUESS_MIN_WORDS or found.value < VIETNAMESE_MIN_SCORE:
        why = "too short to tell its encoding" if found.words < GUESS_MIN_WORDS else \
            f"and no Vietnamese in Windows-1258, TCVN3 or VNI either (best: {name}, score {found.value:.2f})"
        raise InputError(path, f"not UTF-8 text ({bad}), {why}")
    if _printable_share(text) < TEXT_MIN_PRINTABLE_SHARE:
        raise InputError(path, f"not UTF-8 text ({bad}) and not text in another encoding either (control characters)")
    return Decoded(text, name, found)
