"""The decision behind each personnel event: a Quyết định (or Nghị quyết, Thông báo) cited in
the event's sentence, or announced in the sentence before ('Hội nghị công bố Quyết định số
2145-QĐ/TW … Theo đó, …')."""
from __future__ import annotations

import re

from .common import Sentences

_ACT_TYPES = ("Quyết định", "Nghị quyết", "Thông báo", "Tờ trình")
_ANNOUNCE = re.compile(r"(?<![^\W_])(?:công bố|trao|trao các|theo)(?: các)? (?:Quyết định|Nghị quyết)", re.IGNORECASE)


def link_acts(text: str, sentences: Sentences, events: list, cited) -> dict[int, int]:
    """The decision behind each event: a Quyết định (or Nghị quyết) cited in the event's sentence,
    the nearest before its verb, else the nearest after; else one announced in the sentence before
    ('Hội nghị công bố Quyết định số 2145-QĐ/TW … Theo đó, …'). id(event) → index in `cited`."""
    out: dict[int, int] = {}
    acts = [(k, c) for k, c in enumerate(cited) if c.doc_type in _ACT_TYPES]
    if not acts:
        return out
    for e in events:
        a, b = sentences.around(e.verb_start)
        here = [(k, c) for k, c in acts if a <= c.start < b]
        before = [(k, c) for k, c in here if c.start < e.verb_start]
        after = [(k, c) for k, c in here if c.start > e.verb_start and not any(
            e.verb_start + 25 < o.verb_start < c.start for o in events)]  # not past another clause's verb
        pick = before[-1] if before else (after[0] if after else None)
        if pick is None and a > 0:
            pa, pb = sentences.around(a - 1)
            prev = [(k, c) for k, c in acts if pa <= c.start < pb]
            if prev and _ANNOUNCE.search(text, pa, pb):
                pick = prev[-1]
        if pick is not None:
            out[id(e)] = pick[0]
    return out
