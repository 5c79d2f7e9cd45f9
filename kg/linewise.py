"""A UTF-8 file with some lines in another encoding, decoded a line at a time.

Articles are pasted together from several sources: a UTF-8 file may hold a line typed in an old
Windows-1258, TCVN3 or VNI tool. The file as a whole is then neither UTF-8 nor a legacy
encoding, and used to be refused whole. When the lines that are valid UTF-8 include some with
Vietnamese letters (a sure sign of UTF-8: legacy bytes almost never form valid UTF-8), the file
is read as UTF-8, and each line that is not is read in whichever of Windows-1258, TCVN3, VNI or
UTF-8 with U+FFFD for the broken bytes scores best as Vietnamese (kg.encodings.score). Each such
line gets a note naming the file, the line and what was done; the rest of the file is kept.
"""
from __future__ import annotations

from .encodings import VIETNAMESE_MIN_SCORE, Decoded, _legacy_readings, repair_text, score
from .errors import printable

#: A line read in a legacy encoding needs at least this many words (else: UTF-8 with U+FFFD).
MIN_WORDS = 2
_NAMES = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI"}


def decode_lines(data: bytes, path: str, markup: bool) -> Decoded | None:
    """The text of a mostly UTF-8 file with some lines that are not, or None when the file does
    not look like UTF-8 at all (no valid line with a non-ASCII letter)."""
    lines = data.splitlines(keepends=True)
    texts: list[str | None] = []
    for line in lines:
        try:
            texts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(None)
    if not any(t is not None and not t.isascii() for t in texts):
        return None
    notes = []
    for n, (line, text) in enumerate(zip(lines, texts), 1):
        if text is None:
            texts[n - 1], how = _line(line, markup)
            notes.append(f"{printable(path)}:{n}: not UTF-8; {how}")
    decoded = repair_text("".join(texts), "utf-8+lines-repaired", markup=markup)
    return Decoded(decoded.text, decoded.encoding, decoded.score, tuple(notes))


def _line(line: bytes, markup: bool) -> tuple[str, str]:
    """One line that is not UTF-8: its best reading and what it was."""
    replaced = line.decode("utf-8", errors="replace")
    best, how, best_score = replaced, "its broken bytes read as U+FFFD", score(replaced, markup=markup).value
    for name, text in _legacy_readings(line, markup):
        found = score(text, markup=markup)
        if found.words >= MIN_WORDS and found.value >= VIETNAMESE_MIN_SCORE and found.value > best_score:
            best, how, best_score = text, f"read as {_NAMES.get(name, name)}", found.value
    return best, how
