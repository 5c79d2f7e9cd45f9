"""Titles:  [nguyên] [Phó] role [Thường trực] [dự khuyết] organisation [qualifiers]  and chains of
titles joined by connectors ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", "… kiêm Chủ tịch HĐND").

The rule of a title names its construction: `title:<role id>+<organisation rule>`, with
`+former`, `+shared-role` (one role, several bodies) and `+committee-from-chain` (a board that
takes its committee from the next title: "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..lexicon import Lexicon, RoleSpec
from ..model import Document, Org
from .org_names import party_organisation
from .orgs import OrgHit, OrgParser
from .places import DocContext

_PHO = re.compile(r"(?:Phó|phó|PHÓ) +")
_STANDING = re.compile(r" +(?:Thường trực|thường trực)(?![^\W_])")
_ALTERNATE = re.compile(r" +(?:\(dự khuyết\)|dự khuyết|Dự khuyết)(?![^\W_])")
_NEW = re.compile(r"(?:tân|Tân) +")
_COMMITTEE_HEADS = ("tinh-uy", "thanh-uy", "huyen-uy", "quan-uy", "thi-uy", "dang-uy")
_SHARED_BOARDS = ("ban-thuong-vu", "ban-chap-hanh")
_HAS = re.compile(r" (?:(?:sau|khi|từ) [^\W\d_]+(?: [^\W\d_]+)? )?(?:hiện nay |hiện |nay |vẫn )?(?:có|gồm):? ")
_SHARE = re.compile(r" - | – |, | và | kiêm ")
_INSIDE_NOUN = re.compile(r"(?<![.:;\n] )(?<![.:;\n])\b[A-ZĐ][^\W\d_]* $")  # 'Đoàn Chủ tịch': a role word inside a name


@dataclass(frozen=True)
class TitleHit:
    role: str
    org: Org
    start: int
    end: int
    rule: str
    former: bool = False
    foreign: bool = False
    head: str = ""
    missing_parent: bool = False


class TitleParser:
    def __init__(self, doc: Document, lex: Lexicon, orgs: OrgParser, ctx: DocContext):
        self.text, self.lex, self.orgs, self.ctx = doc.text, lex, orgs, ctx
        self._one: dict[int, TitleHit | None] = {}
        self._chain: dict[int, list[TitleHit]] = {}
        self._depth = 0
        self._subjects: dict[int, list[tuple[int, OrgHit]]] = {}

    # -- one title ----------------------------------------------------------------------
    def one(self, i: int) -> TitleHit | None:
        try:
            return self._one[i]
        except KeyError:
            hit = self._one[i] = self._title_at(i)
            return hit

    def _title_at(self, i: int) -> TitleHit | None:
        text, lex = self.text, self.lex
        if (f := lex.former_at.match(text, i)):
            t = self.one(f.end())
            return replace(t, start=i, former=True, rule=t.rule + "+former") if t else None
        if (n := _NEW.match(text, i)) and (t := self.one(n.end())):
            return replace(t, start=i)
        if (c := lex.compound_at.match(text, i)):
            role, template, cid = lex.compounds[re.sub(r"\s+", " ", c.group(0)).lower()]
            org = self._compound_org(template, i)
            return TitleHit(role, org, i, c.end(), f"title:compound-{cid}") if org else None
        j, deputy = i, False
        if (p := _PHO.match(text, i)) and not lex.role_at.match(text, i):  # ('Phó Thủ tướng' is a role of its own)
            j, deputy = p.end(), True
        r = lex.role_at.match(text, j)
        if not r:
            return None
        for surface_end in self._surface_ends(r):
            surface = re.sub(r"\s+", " ", text[j:surface_end]).lower()
            for rid in lex.roles_of_surface.get(surface, []):
                spec = lex.roles[rid]
                if deputy and not spec.deputy and not spec.label.startswith("Phó"):
                    continue
                hit = self._role_with_org(spec, i, surface_end, deputy)
                if hit:
                    return hit
        return None

    def _surface_ends(self, r: re.Match) -> list[int]:
        """The longest role surface first, then the shorter ones inside it ('Trưởng ban' → 'Trưởng')."""
        ends, text = [r.end()], self.text
        k = text.rfind(" ", r.start(), r.end())
        while k > r.start():
            if text[r.start():k].lower() in self.lex.roles_of_surface:
                ends.append(k)
            k = text.rfind(" ", r.start(), k)
        return ends

    def _role_with_org(self, spec: RoleSpec, i: int, k: int, deputy: bool) -> TitleHit | None:
        text, lex = self.text, self.lex
        label = spec.label
        if (s := _STANDING.match(text, k)) and spec.standing:
            label, k = f"{label} Thường trực", s.end()
        if (a := _ALTERNATE.match(text, k)) and spec.alternate:
            label, k = f"{label} dự khuyết", a.end()
        q = lex.qualifier_at.match(text, k + 1) if text[k:k + 1] == " " else None
        org_at = q.end() + 1 if q and text[q.end():q.end() + 1] == " " else k + 1
        hit = self.orgs.at(org_at) if text[org_at - 1:org_at] == " " else None
        if hit and spec.heads and hit.head not in spec.heads:
            hit = None
        if hit is None and spec.heads == ("bo",) and text[org_at - 1:org_at] == " ":
            hit = self.orgs.implicit("bo", org_at)
        if spec.label_from_head and hit is None:
            return None
        if hit:
            if spec.label_from_head:
                word = (lex.heads[hit.head].role_word if hit.head in lex.heads else None) or ""
                label = f"{spec.label} {word.lower() if len(word.split()) == 1 else word}"
            if deputy:
                label = f"Phó {label}"
            foreign = bool(text[hit.end:hit.end + 1] == " " and lex.country_at.match(text, hit.end + 1))
            end = lex.country_at.match(text, hit.end + 1).end() if foreign else hit.end
            return TitleHit(label, hit.org, i, end, f"title:{spec.id}+{hit.rule}", foreign=foreign, head=hit.head,
                            missing_parent=hit.missing_parent)
        if text[k:k + 1] == " " and (c := lex.country_at.match(text, k + 1)):
            org = Org(c.group(0), "NationalBody", "foreign")
            return TitleHit(label, org, i, c.end(), f"title:{spec.id}+country", foreign=True)
        if not _INSIDE_NOUN.search(text, max(0, i - 12), i) and (shared := self._org_of_next_title(k)) is not None:
            if shared.head == "ban" and spec.id in ("chu-tich", "bi-thu") and shared.org.parent:
                shared = replace(shared, org=Org(shared.org.parent, _kind_of(shared.org.parent), shared.org.level,
                                                 shared.org.province), head="")  # 'Phó Chủ tịch Thường trực kiêm
                # Trưởng Ban Tổ chức LĐLĐ': the vice-chair of the federation, not of its board
            # 'Phó Tư lệnh - Tham mưu trưởng Quân khu 4', 'Phó Vụ trưởng, Vụ trưởng Vụ X': one body, two roles
            label = f"Phó {label}" if deputy and not label.startswith("Phó") else label
            return TitleHit(label, shared.org, i, k, f"title:{spec.id}+org-from-next-title", head=shared.head)
        if not spec.org and (subject := self._org_of_subject(i)) and (not spec.heads or subject.head in spec.heads):
            label = f"Phó {label}" if deputy and not label.startswith("Phó") else label
            return TitleHit(label, subject.org, i, k, f"title:{spec.id}+org-of-subject", head=subject.head)
        if spec.org and not (deputy and not spec.label.startswith("Phó") and not spec.deputy):
            label = f"Phó {label}" if deputy and not label.startswith("Phó") else label
            fixed = lex.fixed_by_name.get(spec.org)
            org = Org(spec.org, fixed.kind if fixed else "NationalBody", "central", None, (), fixed.parent if fixed else None)
            return TitleHit(label, org, i, k, f"title:{spec.id}+implied", head=fixed.id if fixed else "")
        return None

    def _org_of_next_title(self, k: int) -> TitleHit | None:
        """The body of the title that follows a bare role ('Phó Chủ tịch, Ủy viên Ban Thường trực Ủy
        ban MTTQ …': the front itself, not its standing board)."""
        c = _SHARE.match(self.text, k)
        if not c or self._depth > 3:
            return None
        self._depth += 1
        try:
            nxt = self.one(c.end())
        finally:
            self._depth -= 1
        if nxt is None or nxt.foreign or nxt.missing_parent or "+implied" in nxt.rule:
            return None
        if nxt.head in ("ban-thuong-truc", "ban-thuong-vu", "thuong-truc") and nxt.org.parent:
            parent = nxt.org.parent
            return replace(nxt, org=Org(parent, nxt.org.kind if nxt.head == "ban-chap-hanh" else _kind_of(parent),
                                        nxt.org.level, nxt.org.province), head="")
        return nxt

    def _org_of_subject(self, i: int) -> OrgHit | None:
        """'UBND thành phố hiện có Chủ tịch A và 5 phó chủ tịch gồm …': the body that 'has' the
        bare roles written after it in its clause."""
        text = self.text
        start = max(text.rfind(c, 0, i) for c in ".\n") + 1  # (through ';': 'gồm: Chủ tịch: A; Phó Chủ tịch: B')
        if start not in self._subjects:
            found = []
            for m in _HAS.finditer(text, start, max(start, min(len(text), start + 2000))):
                for k in range(max(start, m.start() - 80), m.start()):
                    if (k == 0 or not text[k - 1].isalnum()) and (hit := self.orgs.at(k)) and hit.end == m.start() \
                            and not hit.missing_parent:
                        if hit.head in ("thuong-truc", "ban-thuong-truc") and hit.org.parent:  # 'Thường trực LĐLĐ
                            hit = replace(hit, org=Org(hit.org.parent, _kind_of(hit.org.parent), hit.org.level,  # gồm:
                                                       hit.org.province), head="")  # Chủ tịch …': the body's own roles
                        found.append((m.end(), hit))
                        break
            self._subjects[start] = found
        return next((hit for end, hit in reversed(self._subjects[start]) if end <= i), None)

    def _compound_org(self, template: str, i: int) -> Org | None:
        """'Tỉnh ủy viên' → Ban Chấp hành Đảng bộ tỉnh <the document's province>."""
        fixed = self.lex.fixed_by_name.get(template)
        if fixed:
            return Org(fixed.canonical, fixed.kind, "central", None, fixed.aliases, fixed.parent)
        unit = template.rsplit(" ", 2)[-1] if not template.endswith("thị xã") else "thị xã"
        unit = "thành phố" if template.endswith("thành phố") else unit
        what = {"tỉnh": "province", "thành phố": "city", "xã": "commune"}.get(unit, "district")
        ctx = self.orgs.ctx_at(i)
        place = ctx.default(what, None if what in ("province", "city") else unit)
        if what == "commune" and place is None:
            place = ctx.commune
        if not place or not place.name:
            return None
        level = place.level
        return Org(f"{template[:len(template) - len(unit)]}{place.unit} {place.name}", "PartyCommittee", level,
                   place.province, (), f"Đảng bộ {place.unit} {place.name}")

    # -- chains -------------------------------------------------------------------------
    def chain(self, i: int) -> list[TitleHit]:
        """Titles joined by connectors from i on, boards completed from their neighbours."""
        try:
            return self._chain[i]
        except KeyError:
            out = self._chain[i] = _complete_boards(self._read_chain(i), self.orgs)
            return out

    def after(self, end: int) -> int:
        """Where a title (or chain) really ends: after its qualifiers ('khóa XIII', '(dự khuyết)')."""
        text, lex = self.text, self.lex
        while text[end:end + 1] in (" ", ",") and (q := lex.qualifier_at.match(text, end + 1 if text[end] == " " else end + 2)):
            end = q.end()
        return end

    def _read_chain(self, i: int) -> list[TitleHit]:
        out: list[TitleHit] = []
        t = self.one(i)
        while t:
            out.append(t)
            j = self.after(t.end)
            c = self.lex.connector_at.match(self.text, j) or \
                (_SHARE.match(self.text, j) if t.rule.endswith("org-from-next-title") else None)
            if not c:
                break
            nxt = self.one(c.end())
            if nxt is None and (o := self.orgs.at(c.end())) and (not o.missing_parent or o.head in _SHARED_BOARDS):
                # one role, several bodies: "Ủy viên Ban Chấp hành, Ban Thường vụ Tỉnh ủy"
                nxt = TitleHit(t.role, o.org, c.end(), o.end, t.rule.split("+")[0] + f"+{o.rule}+shared-role",
                               former=t.former, head=o.head, missing_parent=o.missing_parent)
            t = nxt
        return out


def _kind_of(name: str) -> str:
    """The class of a body known only by its canonical name (the parent of a board)."""
    for prefix, kind in (("UBND", "PeoplesCommittee"), ("HĐND", "PeoplesCouncil"), ("Ủy ban MTTQ", "MassOrganization"),
                         ("Tỉnh ủy", "PartyCommittee"), ("Thành ủy", "PartyCommittee"), ("Huyện ủy", "PartyCommittee"),
                         ("Đảng ủy", "PartyCommittee"), ("Liên đoàn", "MassOrganization"), ("Hội ", "MassOrganization")):
        if name.startswith(prefix):
            return kind
    return "Department"


def _committee_of(t: TitleHit) -> Org | None:
    """The party committee a title's body is, or belongs to."""
    if t.head in _COMMITTEE_HEADS:
        return t.org
    if t.org.parent and re.match(r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) ủy ", t.org.parent):
        return Org(t.org.parent, "PartyCommittee", t.org.level, t.org.province)
    return None


def _complete_boards(chain: list[TitleHit], orgs: OrgParser) -> list[TitleHit]:
    """'Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy X': the board takes the committee of
    the next title (else of the one before); one that finds none is left out."""
    out = []
    for k, t in enumerate(chain):
        if not t.missing_parent:
            out.append(t)
            continue
        committee = next((c for c in map(_committee_of, chain[k + 1:]) if c), None) or \
            next((c for c in map(_committee_of, reversed(chain[:k])) if c), None)
        if committee is None:
            continue
        if t.head == "ban-chap-hanh":
            name = f"Ban Chấp hành {party_organisation(committee)}"
            kind = "PartyCommittee"
        else:
            name, kind = f"{t.org.name} {committee.name}", t.org.kind
        org = Org(name, kind, committee.level, committee.province, (), committee.name)
        out.append(replace(t, org=org, missing_parent=False, rule=t.rule + "+committee-from-chain"))
    return out
