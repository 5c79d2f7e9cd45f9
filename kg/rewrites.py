"""Meaning-preserving rewrites of an article, for metamorphic tests: each must keep every fact.

Each rewrite takes a text and the extraction of it (to know where titles and lists are) and
gives a new text, or None when it finds nothing to rewrite. `kg.rewrites.report` runs them all
over a set of articles and says which kept every fact (`python -m kg.rewrites FILES…`).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

from .extract import extract
from .model import Extraction
from .text import make_document

_ABBREVIATIONS = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("ĐBQH", "đại biểu Quốc hội"),
                  ("MTTQ", "Mặt trận Tổ quốc"))
_NEW_TO_OLD = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ọe": "oẹ",
               "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ", "Ủy": "Uỷ", "Úy": "Uý"}
_OLD_TONE = re.compile("|".join(sorted(_NEW_TO_OLD, key=len, reverse=True)) + r"(?![^\W\d_])")


def _words(title: str) -> str:
    """An item's words, whatever their case, abbreviation or punctuation (the rewrites change
    how an item is written, not which item it is)."""
    for short, full in _ABBREVIATIONS + (("TP", "thành phố"), ("HCM", "Hồ Chí Minh")):
        title = re.sub(rf"(?<![^\W_]){short}(?![^\W_])", full, title)
    return " ".join(sorted(re.findall(r"[^\W_]+", (old_tone_marks(title, None) or title).casefold())))


def facts(ex: Extraction) -> dict[str, set]:
    """Every fact of an extraction, as comparable tuples (no offsets, no rules)."""
    return {
        "persons": {p.name.casefold() for p in ex.persons},
        "positions": {(p.name.casefold(), q.role, q.org.name) for p in ex.persons for q in p.positions},
        "sessions": {(s.kind, s.body.name if s.body else None, s.ordinal, s.term, s.date,
                      s.chair[0].casefold() if s.chair else None) for s in ex.sessions},
        "items": {(_words(i.title), i.status) for i in ex.items},
        "events": {(e.kind, e.person.casefold(), e.role, e.org.name if e.org else None) for e in ex.events},
        "documents": {(c.doc_type, c.number, c.issuer.name if c.issuer else None, c.date) for c in ex.citations},
    }


def _titles(ex: Extraction) -> list[tuple[int, int]]:
    """The spans (in the normalised text) of the titles written after a name with ', '."""
    doc, out = ex.doc, []
    raw_to_text = {o: k for k, o in enumerate(doc.offsets)}
    for p in ex.persons:
        for q in p.positions:
            s, e = raw_to_text.get(q.evidence.span.start), raw_to_text.get(q.evidence.span.end)
            if s is not None and e is not None and q.evidence.rule.startswith("title:"):
                out.append((s, e))
    return sorted(set(out))


def expand_abbreviations(text: str, ex: Extraction) -> str | None:
    out = text
    for short, full in _ABBREVIATIONS:  # (not inside a number: 49/2016/NQ-HĐND)
        out = re.sub(rf"(?<![\w/-]){short}(?![\w/-])", full, out)
    return out if out != text else None


def contract_abbreviations(text: str, ex: Extraction) -> str | None:
    out = text
    for short, full in _ABBREVIATIONS[:2]:
        out = re.sub(rf"(?<![^\W_]){full}(?![^\W_])", short, out)
    return out if out != text else None


def old_tone_marks(text: str, ex: Extraction) -> str | None:
    out = _OLD_TONE.sub(lambda m: _NEW_TO_OLD[m.group(0)], text)
    return out if out != text else None


def dash_apposition(text: str, ex: Extraction, sep: str = " - ") -> str | None:
    """'Đồng chí A, Bí thư Tỉnh ủy, …' → 'Đồng chí A - Bí thư Tỉnh ủy, …' (every such apposition)."""
    spans = _appositions(ex)
    if not spans:
        return None
    out, last = [], 0
    for comma, _end in spans:
        out += [text[last:comma], sep]
        last = comma + 2
    return "".join(out) + text[last:]


def paren_apposition(text: str, ex: Extraction) -> str | None:
    """'Đồng chí A, Bí thư Tỉnh ủy, phát biểu' → 'Đồng chí A (Bí thư Tỉnh ủy) phát biểu'."""
    spans = _appositions(ex)
    if not spans:
        return None
    out, last = [], 0
    for comma, end in spans:
        close = end + 1 if text[end:end + 1] == "," else end
        out += [text[last:comma], " (", text[comma + 2:end], ")"]
        last = close
    return "".join(out) + text[last:]


def _appositions(ex: Extraction) -> list[tuple[int, int]]:
    """(position of ', ' after a name, end of its title chain) for each 'Name, Title …' mention."""
    from .extract import document_province
    from .extract.orgs import OrgParser
    from .extract.places import document_context
    from .extract.titles import TitleParser
    from .lexicon import load_lexicon

    doc, text, lex, out = ex.doc, ex.doc.text, load_lexicon(), []
    ctx = document_context(text, lex, document_province(doc, lex)[0])
    titles = TitleParser(doc, lex, OrgParser(doc, lex, ctx), ctx)
    raw_to_text = {o: k for k, o in enumerate(doc.offsets)}
    for p in ex.persons:
        for ev in p.evidence:
            end = raw_to_text.get(ev.span.end)
            if ev.rule != "person:name+titles-comma" or end is None or text[end:end + 2] != ", ":
                continue
            chain = titles.chain(end + 2)
            if chain and "\n" not in text[end:chain[-1].end]:
                out.append((end, titles.after(chain[-1].end)))
    out = sorted(set(out))
    return [s for k, s in enumerate(out) if not k or s[0] >= out[k - 1][1]]


def lowercase_roles(text: str, ex: Extraction) -> str | None:
    """'Phó Bí thư Tỉnh ủy' → 'phó bí thư Tỉnh ủy': the role words of every title in lower case."""
    out = list(text)
    changed = False
    for s, _e in _titles(ex):
        m = re.match(r"(?:(?:nguyên|tân) )?(?:Phó )?(Bí thư|Chủ tịch|Giám đốc|Phó|Trưởng|Chánh|Chủ nhiệm|Ủy viên)", text[s:])
        if m and not text[s:].startswith(("Bí thư Trung ương", "Tỉnh ủy viên")):
            for k in range(s, s + m.end()):
                if out[k] != out[k].lower():
                    out[k], changed = out[k].lower(), True
    return "".join(out) if changed else None


def numbered_lines(text: str, ex: Extraction) -> str | None:
    """'… thông qua: A; B; C.' → '… thông qua:\\n1. A;\\n2. B;\\n3. C.' for each inline list of items."""
    return _relayout(text, ex, lambda k, item: f"\n{k}. {item}")


def dashed_lines(text: str, ex: Extraction) -> str | None:
    return _relayout(text, ex, lambda k, item: f"\n- {item}")


def _relayout(text: str, ex: Extraction, line: Callable[[int, str], str]) -> str | None:
    doc = ex.doc
    raw_to_text = {o: k for k, o in enumerate(doc.offsets)}
    starts = sorted(s for i in ex.items if (s := raw_to_text.get(i.evidence.span.start)) is not None)
    out, last, done = [], 0, False
    for m in re.finditer(r"(:) ([^:\n]+?; [^\n]+?)([.\n]|$)", text):
        body = m.group(2)
        if sum(1 for s in starts if m.start(2) <= s < m.end(2)) < 2 or body.count("; ") < 1:
            continue
        parts = body.split("; ")
        offsets = [m.start(2) + sum(len(q) + 2 for q in parts[:k]) for k in range(len(parts))]
        if any(not p[:1].isupper() for p in parts) or not all(any(abs(o - s) <= 3 for s in starts) for o in offsets):
            continue  # only a list whose every element is an item is laid out again
        lines = "".join(line(k + 1, p + (";" if k + 1 < len(parts) else "")) for k, p in enumerate(parts))
        out += [text[last:m.start(1)], ":", lines, "\n" if m.group(3) == "." else m.group(3)]
        last, done = m.end(), True
    return "".join(out) + text[last:] if done else None


def title_before_name(text: str, ex: Extraction) -> str | None:
    """'Đồng chí A, Bí thư Tỉnh ủy, phát biểu' → 'Bí thư Tỉnh ủy, đồng chí A phát biểu'."""
    spans = _appositions(ex)
    out, last = [], 0
    for comma, end in spans:
        start = _name_start(ex, comma)
        if start is None or last > start or " " not in text[start:comma]:
            continue  # (a short name, 'ông Khánh', stays where it is)
        addr = re.search(r"(?:đồng chí|ông|bà) $", text[max(0, start - 10):start], re.IGNORECASE)
        if re.search(r"(?:(?<![^\W_])(?:là|có|và|các)|:) (?:(?:đồng chí|ông|bà) )?$|(?:GS|TS|ThS|PGS|tướng|tá)\.? $",
                     text[max(0, start - 14):start]):
            continue  # 'bầu 2 Phó Bí thư là đồng chí A, …': the names are what the sentence is about; 'Phó Bí
            # thư phường: đồng chí A, nguyên …': the name is the colon title's, a title put before it would part them
        a = start - (len(addr.group(0)) if addr else 0)
        if _TITLED_BEFORE.search(text, max(0, a - 40), a):
            continue  # 'Đại biểu Quốc hội A, …': a title before the name already
        rest = end + 2 if text[end:end + 2] == ", " else end
        address = text[a:start].lower()
        out += [text[last:a], text[comma + 2:end], ", " if address else " ", address, text[start:comma],
                " " if text[rest:rest + 1].isalnum() else ""]
        last = rest
    return "".join(out) + text[last:] if out else None


_TITLED_BEFORE = re.compile(r"(?:Quốc hội|ĐBQH|Tỉnh ủy|Thành ủy|UBND|HĐND|Sở [^\W\d_]+(?: [^\W\d_]+)*|tỉnh [^\W\d_]+(?: [^\W\d_]+)?) $")


def _name_start(ex: Extraction, name_end: int) -> int | None:
    raw_to_text = {o: k for k, o in enumerate(ex.doc.offsets)}
    for p in ex.persons:
        for ev in p.evidence:
            if raw_to_text.get(ev.span.end) == name_end:
                return raw_to_text.get(ev.span.start)
    return None


def city_abbreviation(text: str, ex: Extraction) -> str | None:
    """'UBND thành phố Hà Nội' → 'UBND TP Hà Nội', 'thành phố Hồ Chí Minh' → 'TP.HCM'."""
    out = re.sub(r"(?<![^\W_])thành phố Hồ Chí Minh(?![^\W_])", "TP.HCM", text)
    out = re.sub(r"(?<![^\W_])thành phố (?=[A-ZĐÀ-Ỹ])", "TP ", out)
    return out if out != text else None


def list_commas(text: str, ex: Extraction) -> str | None:
    """'… : Tờ trình A; Báo cáo B; Đề án C.' → '… : Tờ trình A, Báo cáo B và Đề án C.'"""
    doc = ex.doc
    raw_to_text = {o: k for k, o in enumerate(doc.offsets)}
    starts = {s for i in ex.items if (s := raw_to_text.get(i.evidence.span.start)) is not None}
    out, last = [], 0
    for m in re.finditer(r"; (?=[A-ZĐ])", text):
        if m.end() in starts and text.rfind(";", m.end(), text.find(".", m.end()) % len(text) + 1) < 0:
            out += [text[last:m.start()], " và "]
        elif m.end() in starts:
            out += [text[last:m.start()], ", "]
        else:
            continue
        last = m.end()
    return "".join(out) + text[last:] if out else None


REWRITES: dict[str, Callable[[str, Extraction], str | None]] = {
    "title-before-name": title_before_name,
    "city-abbreviation": city_abbreviation,
    "list-commas-and-va": list_commas,
    "abbreviations-expanded": expand_abbreviations,
    "abbreviations-contracted": contract_abbreviations,
    "old-tone-marks": old_tone_marks,
    "apposition-dash": dash_apposition,
    "apposition-en-dash": lambda t, ex: dash_apposition(t, ex, " – "),
    "apposition-parentheses": paren_apposition,
    "lower-case-titles": lowercase_roles,
    "list-numbered-lines": numbered_lines,
    "list-dashed-lines": dashed_lines,
}


def check(text: str, doc_id: str = "rewrite", site: str | None = None) -> dict[str, tuple[bool, dict]]:
    """Every rewrite of a text: name → (kept every fact, what was lost or gained)."""
    base_doc = make_document(text, doc_id, site=site)
    ex = extract(base_doc)
    before = facts(ex)
    out = {}
    for name, rewrite in REWRITES.items():
        new = rewrite(base_doc.text, ex)
        if new is None:
            continue
        after = facts(extract(make_document(new, doc_id, site=site, province=base_doc.province)))
        diff = {k: (before[k] - after[k], after[k] - before[k]) for k in before if before[k] != after[k]}
        out[name] = (not diff, diff)
    return out


def report(paths: list[Path]) -> tuple[int, int, list[str]]:
    kept, total, lines = 0, 0, []
    for path in paths:
        from .text import read_document
        doc = read_document(path)
        for name, (ok, diff) in check(doc.text, path.stem, doc.site).items():
            total += 1
            kept += ok
            if not ok:
                lines.append(f"{path.name}: {name}: {diff}")
    return kept, total, lines


if __name__ == "__main__":
    kept, total, lines = report([Path(p) for p in sys.argv[1:]])
    print("\n".join(lines))
    print(f"{kept}/{total} rewrites kept every fact")
