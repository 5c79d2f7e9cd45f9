"""The search index of the site: every node with its folded words, kind, page, bodies, date.

Search ignores diacritics and keeps words whole: each word typed must be a word of the name,
the last one may be its beginning (the reader is still typing). `Hải` finds *Nguyễn Thanh Hải*
and not *Thái Nguyên*; the same rule runs in viz/static/kg.js (``kgSearch``).
"""
from __future__ import annotations

import re
import unicodedata

import networkx as nx

from kg.views import lang

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d): 'Nguyễn Thanh Hải' -> 'nguyen thanh hai'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped ('49/2016/NQ-HĐND' -> 49 2016 nq hdnd)."""
    return _WORD.findall(fold(text))


def matches(query: str, text: str) -> bool:
    """Every word of the query is a word of the text; the last may be a word's beginning."""
    asked, have = words(query), words(text)
    if not asked:
        return True
    *whole, last = asked
    return all(w in have for w in whole) and any(h.startswith(last) for h in have)


KINDS = ("person", "org", "session", "decision", "item", "citeddoc", "document")


def search_index(g: nx.MultiDiGraph, urls: dict[str, str]) -> dict:
    """Entries for the search box, each [label, kind, page, date, related bodies] (a list, not
    an object: at 35,000 articles the index has 190,000 entries); kg.js folds the labels."""
    bodies = sorted((n for n, t in g.nodes(data="type") if t == "org"), key=lambda n: fold(g.nodes[n]["label"]))
    position = {b: i for i, b in enumerate(bodies)}
    kind = {k: i for i, k in enumerate(KINDS)}
    entries = []
    for n, d in sorted(g.nodes(data=True), key=lambda p: (fold(p[1]["label"]), p[0])):
        if n not in urls:
            continue
        related = {n} | {v for _, v, r in g.out_edges(n, data="relation") if r in ("holds", "body", "issuer")}
        related |= {g.nodes[s].get("body") for s in g.successors(n) if g.nodes[s]["type"] == "session"}
        related.add(g.nodes.get(d.get("session"), {}).get("body"))
        label = d["label"] + (f" ({d['alt']})" if d.get("alt") else "")
        entries.append([label, kind[d["type"]], urls[n], d.get("date", ""),
                        sorted(position[b] for b in related if b in position)])
    return {"bodies": [g.nodes[b]["label"] for b in bodies], "kinds": list(KINDS), "entries": entries,
            "types": {k: str(lang.kind(k)) for k in KINDS}}
