"""Delegates of the council whose session the article reports: 'Đại biểu Mai Thị Loan (đơn vị bầu
cử quận Hồng Bàng) chất vấn …', 'câu hỏi của đại biểu Cầm Bá Xuân (Tổ đại biểu huyện Quan Hóa)'.
The text names the person a delegate and their constituency group but not the council: it is the
council holding the session (inferred, and the rule says so:
`position:delegate-of-reported-council`)."""
from __future__ import annotations

import dataclasses
import re

from ..model import Document, Extraction, Org, Position
from .persons import NameHit

_BEFORE = re.compile(r"(?<![^\W_])đại biểu\s+$", re.IGNORECASE)
_AFTER = re.compile(r"\s*\((?:tổ đại biểu|đơn vị bầu cử|đơn vị số)", re.IGNORECASE)
RULE = "position:delegate-of-reported-council"


def add_delegates(ex: Extraction, doc: Document, names: list[NameHit], person_of: dict[str, str], council: Org | None) -> None:
    """Give each delegate named with a constituency group the position Đại biểu of `council` (the
    people's council of the reported session; nothing when there is none)."""
    if council is None or council.kind != "PeoplesCouncil":
        return
    text, found = doc.text, {}
    for n in names:
        if n.titles or not _AFTER.match(text, n.end):
            continue
        if (b := _BEFORE.search(text, max(0, n.start - 12), n.start)) is None:
            continue
        found.setdefault(person_of.get(n.name, n.name), doc.evidence(b.start(), n.end, RULE))
    for k, p in enumerate(ex.persons):
        if p.name in found and not any(q.role == "Đại biểu" and q.org.name == council.name for q in p.positions):
            ex.persons[k] = dataclasses.replace(p, positions=p.positions + (Position("Đại biểu", council, found[p.name]),))
