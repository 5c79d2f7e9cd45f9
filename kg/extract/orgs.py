"""Organisation phrases:  head [name] [place] [parent]  → a canonical Org with its place.

The head is a closed class (kg/lexicons/orgs.yaml: Sở, Ban, Cục, UBND, Tỉnh ủy …); the name is
open ("Sở Nông nghiệp và Môi trường" is found though no list names it); the place comes from
the gazetteer (kg/extract/places.py); the parent is another organisation phrase ("Ban Tổ chức"
+ "Tỉnh ủy Nghệ An"). The rule of a hit names the construction: `org:<head>+name+place`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..lexicon import HeadSpec, Lexicon
from ..model import Document, Org
from .names import name_at
from .org_words import CAP_RX, NUM_RX, NameReader
from .org_names import body_above, party_organisation
from .places import DocContext, PlaceRef, capitalised_name, place_at, province_of

_INNER_QUALIFIER = re.compile(r" (?:chuyên trách|phụ trách)(?= (?:tỉnh|thành phố|TP|huyện|quận|thị xã|xã|phường) )")
_ABBREVIATION = re.compile(r" \([A-ZĐ][A-ZĐ&-]+\)(?= )")
_AND_COUNCIL = re.compile(r" và (?:HĐND|Hội đồng nhân dân)(?![^\W_])")
_ANAPHORIC = ("dang-uy",)  # a bare 'Đảng ủy' is the one named last
_GENERIC = re.compile(r"(?<![^\W_])(?:các|những|Các|Những) $")
_PARTY_COMMITTEES = ("tinh-uy", "thanh-uy", "huyen-uy", "quan-uy", "thi-uy", "dang-uy")


@dataclass(frozen=True)
class OrgHit:
    start: int  # offsets in the normalised text
    end: int
    org: Org
    rule: str
    head: str  # head or fixed-body id
    missing_parent: bool = False  # a board written without the body it belongs to ("Ban Thường vụ")


class OrgParser(NameReader):
    """Reads organisation phrases; each start position is read once (the answer is kept)."""

    def __init__(self, doc: Document, lex: Lexicon, ctx: DocContext,
                 paragraphs: list[tuple[int, DocContext]] | None = None):
        self.text, self.lex, self.ctx, self.doc_ctx = doc.text, lex, ctx, ctx
        self._paragraphs = paragraphs or []
        self._starts = [a for a, _ in self._paragraphs]
        self._at: dict[int, OrgHit | None] = {}

    def ctx_at(self, i: int) -> DocContext:
        """The places a bare 'tỉnh' means at i: the paragraph's in an article about two provinces."""
        k = bisect.bisect_right(self._starts, i) - 1
        return self._paragraphs[k][1] if k >= 0 else self.doc_ctx

    def at(self, i: int, depth: int = 0) -> OrgHit | None:
        if depth == 0 and i in self._at:
            return self._at[i]
        if depth == 0:
            self.ctx = self.ctx_at(i)
        hit = self._read(i, depth)
        if depth == 0:
            self._at[i] = hit
        return hit

    # -- reading -------------------------------------------------------------------------
    def with_head_word(self, i: int) -> OrgHit | None:
        """An organisation whose one-word head is written in lower case as the end of a role:
        'Trưởng phòng Cán bộ Cục Chính trị', 'Trưởng ban Tổ chức Tỉnh ủy' (i at 'phòng', 'ban')."""
        m = re.compile(r"[^\W\d_]+").match(self.text, i)
        head_id = self.lex.head_of_surface.get(m.group(0)) if m else None
        if not head_id or self.text[m.end():m.end() + 1] != " ":
            return None
        self.ctx = self.ctx_at(i)
        return self._read(i, 0, (head_id, m.end()))

    def _read(self, i: int, depth: int, given: tuple[str, int] | None = None) -> OrgHit | None:
        text, lex = self.text, self.lex
        if given:
            f, h = None, None
        else:
            f = lex.fixed_at.match(text, i)
            h = lex.head_ci.match(text, i) or lex.head_cs.match(text, i)
            if h and (cs := lex.head_cs.match(text, i)) and cs.end() > h.end():
                h = cs
        if f and (not h or f.end() >= h.end()):
            spec = lex.fixed[lex.fixed_of_surface[re.sub(r"\s+", " ", f.group(0)).lower()]]
            org = Org(spec.canonical, spec.kind, "central", None, spec.aliases, spec.parent)
            return OrgHit(i, f.end(), org, f"org:{spec.id}", spec.head or spec.id)
        if not h and not given:
            return None
        head = lex.heads[given[0] if given else lex.head_of_surface[re.sub(r"\s+", " ", h.group(0)).lower()]]
        j, parts = (given[1] if given else h.end()), [f"org:{head.id}"]
        name = None
        if head.name != "none" and text[j:j + 1] == " " and not (
                head.name == "optional" and head.place != "none" and self._place(j + 1, head)):
            found = self._name(j + 1, head)  # (an optional name gives way to a place: 'Đảng bộ TP Cần Thơ')
            if found:
                name, j = found
                parts.append("name")
        bare = head.name in ("open", "number", "open-or-parent") and name is None
        if bare and head.name == "number" and depth < 3 and (before := self._antecedent(head, i)) is not None:
            return OrgHit(i, j, before, f"org:{head.id}+named-before", head.id)  # 'Đảng ủy Quân khu' after 'Quân khu 4'
        if bare and not (head.name == "open-or-parent" and text[j:j + 1] == " " and lex.any_org_at.match(text, j + 1)):
            return None  # 'Sở' or 'Ban' alone is not an organisation ('Bộ Tư lệnh Quân khu 4' is, by its parent)
        if (ab := _ABBREVIATION.match(text, j)):
            j = ab.end()  # 'Liên đoàn Lao động (LĐLĐ) TP Hà Nội', 'Viện Kiểm sát nhân dân (VKSND) tỉnh'
        place, named = None, False
        if (q := _INNER_QUALIFIER.match(text, j)) and head.place != "none":
            j = q.end()  # 'Đoàn ĐBQH chuyên trách tỉnh Nghệ An'
        if head.place != "none" and text[j:j + 1] == " ":
            found = self._place(j + 1, head)
            if found:
                place, j, named = found
                parts.append("place" if named else "place-from-document")
        parent = None
        if head.parent != "none" and depth < 3 and place is None:
            found = self._parent(j, head, depth)
            if found:
                parent, j = found
                parts.append("parent")
        if place is None and parent is None and depth == 0 and (name is None and head.id in _ANAPHORIC or name and (
                head.parent != "none" or head.default == "none")) and (before := self._antecedent(head, i, name)) is not None:
            return OrgHit(i, j, before, f"org:{head.id}+named-before", head.id)  # 'Phó Bí thư Đảng ủy' after
            # 'Đảng ủy Công an tỉnh', 'Cục Cảnh sát hình sự' after '… Bộ Công an': the one named last
        if place is None and parent is None and head.default not in ("none", None) and head.place != "none":
            place = self.ctx.default(head.default, head.unit)
            if place is None and head.default in ("district", "commune", "city"):
                return None  # 'Huyện ủy' in a text that names no district: nothing to attach it to
            if place:
                parts.append("place-from-document")
        if bare and parent is None:
            return None
        if place is None and parent is None and name is None and head.place != "none" and head.default == "none":
            return None  # 'đại hội đảng bộ các cấp': a head with nothing to tell which body
        missing = head.parent == "required" and parent is None
        if missing and head.default_parent:
            parent = self._default_parent(head, name)
            if parent:
                parts.append("parent-from-document")
                missing = False
        elif head.id == "ban" and parent is None and place is None:
            parent = self._default_parent(head, name)
            if parent:
                parts.append("parent-from-document")
        if head.id == "van-phong" and parent and parent.name.startswith("Đoàn ĐBQH") and \
                (both := _AND_COUNCIL.match(text, j)):  # 'Văn phòng Đoàn ĐBQH và HĐND tỉnh': one office of both
            j = both.end()
            if (p := self._place(j + 1, self.lex.heads["hdnd"])) if text[j:j + 1] == " " else None:
                j = p[1]
            parent = Org(parent.name.replace("Đoàn ĐBQH", "Đoàn ĐBQH và HĐND", 1), parent.kind, parent.level,
                         parent.province, parent.aliases, parent.parent)
            parts.append("and-council")
        org = self._org(head, name, place, parent, text[i:j])
        return OrgHit(i, j, org, "+".join(parts), head.id, missing)

    def _antecedent(self, head: HeadSpec, i: int, name: str | None = None) -> Org | None:
        """The last body of this head (and name) named in full (with a name, a place or a parent)
        in the 3,000 characters before i; of the five nearest mentions at most."""
        text, seen, k = self.text, 0, i
        saved = self.ctx
        try:
            while seen < 5 and (k := max(text.rfind(s, max(0, i - 3000), k) for s in self.lex.head_surfaces[head.id])) >= 0:
                seen += 1
                hit = self.at(k, depth=1)
                if name is not None:
                    if hit and hit.head == head.id and hit.org.name.startswith(f"{head.canonical} {name} ") and (
                            "+parent" in hit.rule or "+place" in hit.rule):
                        return hit.org
                elif hit and hit.head == head.id and ("+name" in hit.rule or "+parent" in hit.rule.replace(
                        "+parent-from-document", "") or "+place" in hit.rule.replace("+place-from-document", "")):
                    return hit.org
        finally:
            self.ctx = saved
        return None

    def implicit(self, head_id: str, i: int) -> OrgHit | None:
        """An organisation whose head word the text leaves out: 'Thứ trưởng Công an' (Bộ Công an),
        'Bộ trưởng Tài chính' (Bộ Tài chính)."""
        head = self.lex.heads[head_id]
        found = self._name(i, head) if not self.lex.any_org_at.match(self.text, i) or \
            self.text.startswith("Công an", i) else None
        if not found:
            return None
        name, end = found
        org = self._org(head, name, None, None, "")
        return OrgHit(i, end, org, f"org:{head.id}+name+head-implied", head.id)

    def _place(self, j: int, head: HeadSpec) -> tuple[PlaceRef, int, bool] | None:
        units = None
        if head.place == "commune":
            units = frozenset({"xã", "phường", "thị trấn", "đặc khu"})
        elif head.place == "province":
            units = frozenset({"tỉnh", "thành phố"})
        elif head.place in ("bare", "district-bare"):
            return self._bare_place(j, head)
        return place_at(self.text, j, self.lex, self.ctx, bare_province=head.place in ("any", "province"), units=units)

    def _bare_place(self, j: int, head: HeadSpec) -> tuple[PlaceRef, int, bool] | None:
        """'Tỉnh ủy Nghệ An', 'Thành ủy Hà Nội', 'Huyện ủy Nghi Lộc': the place without its unit word."""
        text, lex = self.text, self.lex
        if (u := lex.unit_at.match(text, j)) and head.id in ("thanh-uy", "thanh-doan") and text[u.end():u.end() + 1] in (" ", "") or \
                u and u.group(0).startswith("TP"):
            found = place_at(text, j, lex, self.ctx, units=frozenset({"thành phố"}))
            return found
        p = lex.province_at.match(text, j)
        if p and head.level in ("province", "city"):
            ref = lex.gazetteer.province(p.group(0))
            if ref and (head.level == "province" or ref.unit == "thành phố"):
                return PlaceRef(ref.unit, ref.name, "province", ref.name), p.end(), True
        if head.level == "district" and head.unit and (u := lex.unit_at.match(text, j)) and \
                lex.unit_words.get(u.group(0), u.group(0).lower()) == head.unit:
            return place_at(text, j, lex, self.ctx, units=frozenset({head.unit}))  # 'Quận ủy quận 7'
        if head.level in ("district", "city"):
            found = capitalised_name(text, j, lex) if CAP_RX.match(text, j) and not lex.title_word_at.match(text, j) else None
            if found and found[0] not in lex.provinces and (
                    lex.gazetteer.units_named(found[0], "district") or name_at(text, j, lex) is None):
                unit = head.unit or "thành phố"
                return PlaceRef(unit, found[0], "district", province_of(lex, found[0], unit, self.ctx)), found[1], True
        return None

    def _parent(self, j: int, head: HeadSpec, depth: int) -> tuple[Org, int] | None:
        text = self.text
        for sep in (" của ", " thuộc ", " ", ", " if head.comma_parent else None, " (" if head.comma_parent else None):
            if sep and text.startswith(sep, j):
                hit = self.at(j + len(sep), depth + 1)
                if hit is None or hit.missing_parent:
                    continue
                if sep in (", ", " (") and hit.head not in ("bo", "tong-cuc", "cong-an") and hit.org.level != "central":
                    continue  # 'Vụ Tổ chức cán bộ, Bộ Nội vụ', 'Cục Thuế (Bộ Tài chính)'; not 'Ban Tổ chức, Ban Tuyên giáo'
                if sep == " (":
                    if text[hit.end:hit.end + 1] != ")":
                        continue
                    return hit.org, hit.end + 1
                return hit.org, hit.end
        return None

    def _default_parent(self, head: HeadSpec, name: str | None) -> Org | None:
        """The party committee (or the people's council) of the document's province, for a board
        written without it, chosen by the board's name."""
        prov = self.ctx.province
        if prov is None or not prov.name:
            return None
        kind = "party" if head.default_parent == "party" else self.lex.ban_parents.get((name or "").lower())
        if kind == "party":
            committee = "tinh-uy" if prov.unit == "tỉnh" else "thanh-uy"
            return self._org(self.lex.heads[committee], None, prov, None, "")
        if kind == "council":
            return self._org(self.lex.heads["hdnd"], None, prov, None, "")
        return None

    # -- writing ---------------------------------------------------------------------------
    def _org(self, head: HeadSpec, name: str | None, place: PlaceRef | None, parent: Org | None, surface: str) -> Org:
        base = head.canonical + (f" {name}" if name else "")
        level = head.level if head.level in ("central", "province", "district", "commune") else "unknown"
        province, hierarchy = None, None
        if parent is not None:
            full, level, province, hierarchy = f"{base} {parent.name}", parent.level, parent.province, parent.name
            if head.id == "ban-chap-hanh" and parent.kind == "PartyCommittee" and parent.name.startswith(("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy")):
                full = f"{base} {party_organisation(parent)}"
        elif place is not None:
            written = place.name if head.place in ("bare", "district-bare") and not NUM_RX.match(place.name) \
                else place.written()  # 'Quận ủy quận 7', not 'Quận ủy 7'
            full = f"{base} {written}".strip()
            level, province = place.level, place.province
            hierarchy = body_above(head, place)
        else:
            full = base
        full = re.sub(r"\s+", " ", full)
        long_head = self.lex.head_long_form.get(head.id)
        aliases = (long_head + full[len(head.canonical):],) if long_head and full.startswith(head.canonical) else ()
        return Org(full, head.kind, level, province, aliases, hierarchy)


def find_orgs(doc: Document, parser: OrgParser) -> list[OrgHit]:
    """Every organisation phrase of the text, left to right, not overlapping."""
    lex, text, out, end = parser.lex, doc.text, [], 0
    for m in lex.org_start.finditer(text):  # (bodies are written with a capital: 'Sở', 'UBND', 'Tỉnh ủy')
        i = m.start()
        if i < end:
            continue
        if _GENERIC.search(text, max(0, i - 10), i):
            continue  # 'các Đảng bộ trực thuộc', 'các sở, ngành': a class of bodies, not one
        hit = parser.at(i)
        if hit and not hit.missing_parent:
            out.append(hit)
            end = hit.end
    return out
