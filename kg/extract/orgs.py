"""Organisation mentions: lexicon bodies → canonical Org with the province attached."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..lexicon import BodyEntry, Lexicon, WordStartPattern
from ..model import Document, Org

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class OrgHit:
    start: int  # offsets in the normalised text
    end: int
    org: Org
    rule: str  # "body:<entry id>"


def _canonical_unit(value: str, units: list[str]) -> str:
    for u in units:
        if u.lower() == value.lower():
            return u
    return value


def _fill(template: str, values: dict[str, str]) -> str:
    out = _SLOT.sub(lambda m: values.get(m.group(1), ""), template)
    return re.sub(r" {2,}", " ", out).strip()


_MADE: dict[tuple, Org | None] = {}


def make_org(lex: Lexicon, entry: BodyEntry, values: dict[str, str], province: str | None,
             surface: str = "", places: dict[str, tuple[str, str]] | None = None) -> Org | None:
    """The canonical Org of a lexicon entry. A district or commune body written without its
    name ("Huyện ủy") takes the one the document names most often (`places`), else None."""
    # the same bodies come back in every article: each answer is kept (Org is immutable)
    key = (lex, entry, tuple(values.items()), province, surface, None if places is None else tuple(places.items()))
    try:
        return _MADE[key]
    except KeyError:
        if len(_MADE) >= 20_000:
            _MADE.clear()
        org = _MADE[key] = _make_org(lex, entry, values, province, surface, places)
        return org


def _make_org(lex: Lexicon, entry: BodyEntry, values: dict[str, str], province: str | None,
              surface: str, places: dict[str, tuple[str, str]] | None) -> Org | None:
    vals = {k: re.sub(r"\s+", " ", v) for k, v in values.items()}
    units = lex.body_units
    for key in units:
        if key in vals:
            vals[key] = _canonical_unit(vals[key], units.get(key, []))
    if "{N}" in entry.name and "N" not in vals:
        unit_key = "X" if entry.level == "commune" else "U"
        default = (places or {}).get(entry.level)
        if not default:
            return None
        vals.setdefault(unit_key, default[0])
        vals["N"] = default[1]
    if "UU" in vals and "U" not in vals:
        vals["U"] = {"Huyện ủy": "huyện", "Thị ủy": "thị xã", "Thành ủy": "thành phố"}.get(vals["UU"], "")
    if "{UU}" in entry.name and "UU" not in vals:
        vals["UU"] = {"huyện": "Huyện ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}.get(vals.get("U", ""), "Huyện ủy")
    if "{X}" in entry.name and "X" not in vals:
        vals["X"] = (places or {}).get("commune", ("xã", ""))[0]
    for key in ("U", "X"):
        if key in vals:
            vals[key] = vals[key].lower()
    vals.setdefault("P", province or "")
    name = _fill(entry.name, vals)
    parent = _fill(entry.parent, vals) if entry.parent else None
    aliases = {_fill(a, vals) for a in entry.aliases}
    if surface and re.sub(r"\s+", " ", surface) != name and "{P}" in entry.name and vals["P"]:
        alias = re.sub(r"\s+", " ", surface)
        if vals["P"] not in alias:
            alias = f"{alias} {vals['P']}"
        if alias != name:
            aliases.add(alias)
    prov = (vals["P"] or None) if "{P}" in entry.name else (province if entry.level in ("district", "commune") else None)
    return Org(name=name, kind=entry.kind, level=entry.level, province=prov,
               aliases=tuple(sorted(aliases)), parent=parent)


def org_by_name(lex: Lexicon, name: str, province: str | None) -> Org | None:
    """The Org for a canonical name template from a lexicon (e.g. a role's implied body)."""
    for entry in lex.bodies.values():
        if entry.name == name:
            return make_org(lex, entry, {}, province)
    return None


_PLACE = WordStartPattern(r"(?<![^\W_])(huyện|thị xã|thành phố|xã|phường|thị trấn) ((?:[A-ZÀ-Ỹ][^\W\d_]*(?:'[^\W\d_]+)?)(?: [A-ZÀ-Ỹ][^\W\d_]*(?:'[^\W\d_]+)?){0,2})")


def document_places(text: str, lex: Lexicon) -> dict[str, tuple[str, str]]:
    """The district and the commune the document names most often: {"district": ("huyện", "Võ Nhai")}."""
    counts: dict[str, Counter] = {"district": Counter(), "commune": Counter()}
    for m in _PLACE.finditer(text):
        unit, name = m.group(1), m.group(2)
        if not name[0].isupper() or name in lex.provinces:
            continue
        level = "district" if unit in ("huyện", "thị xã", "thành phố") else "commune"
        counts[level][(unit, name)] += 1
    return {level: c.most_common(1)[0][0] for level, c in counts.items() if c}


def find_orgs(doc: Document, lex: Lexicon, province: str | None,
              places: dict[str, tuple[str, str]] | None = None) -> list[OrgHit]:
    hits = []
    for m in lex.find_bodies(doc.text):
        entry, _tag, values = lex.body_match(m)
        org = make_org(lex, entry, values, province, surface=m.group(0), places=places)
        if org:
            rule = f"body:{entry.id}" + ("+place-from-document" if "N" not in values and "{N}" in entry.name else "")
            hits.append(OrgHit(m.start(), m.end(), org, rule))
    return hits
