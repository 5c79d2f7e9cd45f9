"""Organisation mentions: lexicon bodies → canonical Org with the province attached."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import BodyEntry, Lexicon
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


def make_org(lex: Lexicon, entry: BodyEntry, values: dict[str, str], province: str | None,
             surface: str = "") -> Org:
    vals = {k: re.sub(r"\s+", " ", v) for k, v in values.items()}
    units = lex.body_units
    for key in ("U", "UU", "X", "H", "S"):
        if key in vals:
            vals[key] = _canonical_unit(vals[key], units.get(key, []))
    if "UU" in vals and "U" not in vals:
        vals["U"] = {"Huyện ủy": "huyện", "Thị ủy": "thị xã", "Thành ủy": "thành phố"}.get(vals["UU"], "")
    if "U" in vals:
        vals["U"] = vals["U"].lower()
    if "X" in vals:
        vals["X"] = vals["X"].lower()
    vals.setdefault("P", province or "")
    name = _fill(entry.name, vals)
    parent = _fill(entry.parent, vals) if entry.parent else None
    aliases = set(entry.aliases)
    if surface and surface != name:
        long_form = surface if (not vals["P"] or vals["P"] in surface or "{P}" not in entry.name) else f"{surface} {vals['P']}"
        if long_form != name:
            aliases.add(re.sub(r"\s+", " ", long_form))
    prov = vals["P"] or None if "{P}" in entry.name else (province if entry.level in ("district", "commune") else None)
    return Org(name=name, kind=entry.kind, level=entry.level, province=prov,
               aliases=tuple(sorted(aliases)), parent=parent)


def org_by_name(lex: Lexicon, name: str, province: str | None) -> Org | None:
    """The Org for a canonical name template from a lexicon (e.g. a role's implied body)."""
    template = name
    for entry in lex.bodies.values():
        if entry.name == template:
            return make_org(lex, entry, {}, province)
    return None


def find_orgs(doc: Document, lex: Lexicon, province: str | None) -> list[OrgHit]:
    hits = []
    for m in lex.body_rx.finditer(doc.text):
        entry, _tag, values = lex.body_match(m)
        org = make_org(lex, entry, values, province, surface=m.group(0))
        hits.append(OrgHit(m.start(), m.end(), org, f"body:{entry.id}"))
    return hits
