"""How kg writes an organisation's name and its place in the hierarchy: the party organisation
of a committee ('Tỉnh ủy Nghệ An' → 'Đảng bộ tỉnh Nghệ An'), the body a Sở or a committee belongs
to, and the national bodies by their canonical names."""
from __future__ import annotations

from ..lexicon import HeadSpec, Lexicon
from ..model import Org
from .places import PlaceRef

_PARTY_ORG_OF = {"tinh-uy": "tỉnh", "thanh-uy": "thành phố", "huyen-uy": "huyện", "quan-uy": "quận", "thi-uy": "thị xã"}


def party_organisation(committee: Org) -> str:
    """'Tỉnh ủy Nghệ An' → 'Đảng bộ tỉnh Nghệ An'; 'Đảng ủy xã Y' → 'Đảng bộ xã Y'."""
    name = committee.name
    for word, unit in (("Tỉnh ủy", "tỉnh"), ("Thành ủy", "thành phố"), ("Huyện ủy", "huyện"), ("Quận ủy", "quận"),
                       ("Thị ủy", "thị xã")):
        if name.startswith(word + " "):
            rest = name[len(word) + 1:]
            return f"Đảng bộ {rest}" if rest.startswith(unit + " ") else f"Đảng bộ {unit} {rest}"
    if name.startswith("Đảng ủy "):
        return "Đảng bộ " + name[len("Đảng ủy "):]
    return name


def body_above(head: HeadSpec, place: PlaceRef) -> str | None:
    """The body an organisation belongs to, where the grammar says it: a Sở to the UBND of its
    province, a Tỉnh ủy to the Đảng bộ of its province."""
    if head.id in ("so", "phong"):
        return f"UBND {place.written()}"
    if head.id in _PARTY_ORG_OF or head.id == "dang-uy":
        return f"Đảng bộ {place.written()}"
    return None


def org_by_name(lex: Lexicon, name: str, province: str | None = None) -> Org | None:
    """A national body by its canonical name (kg/lexicons/orgs.yaml `fixed`)."""
    spec = lex.fixed_by_name.get(name)
    return Org(spec.canonical, spec.kind, "central", None, spec.aliases, spec.parent) if spec else None
