"""A synthetic graph shaped like ontology/MODEL.md, as N-Quads (one named graph per document).

Deterministic for a given seed. Persons, organisations (province bodies, districts, central
bodies, with ``org:subOrganizationOf``), roles, posts, position holdings, sessions with
chairs and attendees (``kg:Participation``), agenda items and decisions, cited documents,
personnel events and role-only posts; every fact carries ``kg:evidence`` with a position and
a quote selector, quotes in Vietnamese. The names are made up (the seed corpus's officials
appear with their real posts so the saved queries' defaults find them).

    from benchmarks.synthetic import write_nquads
    count = write_nquads(Path("/tmp/synthetic.nq"), triples=1_000_000)
"""
from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

KG = "https://w3id.org/kg-vn/def#"
R = "https://w3id.org/kg-vn/id/"
G = "https://w3id.org/kg-vn/graph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"

PROVINCES = ["Thái Nguyên", "Bắc Kạn", "Tuyên Quang", "Lạng Sơn", "Cao Bằng", "Hà Giang",
             "Lào Cai", "Yên Bái", "Phú Thọ", "Bắc Giang", "Bắc Ninh", "Vĩnh Phúc", "Hà Nam",
             "Nam Định", "Thái Bình", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
             "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên",
             "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk",
             "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Long An",
             "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang",
             "Kiên Giang", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau"]
DISTRICT_PARTS = ["Võ", "Nhai", "Phú", "Lương", "Đồng", "Hỷ", "Định", "Hóa", "Đại", "Từ",
                  "Yên", "Thế", "Sơn", "Hà", "Tân", "Bình", "An", "Lộc", "Thạch", "Kim"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Hà", "Đinh", "Lương"]
MIDDLES = ["Văn", "Thị", "Thanh", "Hoàng", "Việt", "Minh", "Quốc", "Đức", "Thu", "Bích",
           "Xuân", "Hữu", "Ngọc", "Kim", "Anh", "Đình"]
GIVENS = ["Hải", "Hùng", "Sơn", "Hồng", "Lan", "Tuấn", "Dũng", "Hà", "Thắng", "Quang",
          "Thủy", "Hoa", "Long", "Nam", "Bình", "Khánh", "Trung", "Tâm", "Phong", "Vinh",
          "Cường", "Hiếu", "Hạnh", "Trường", "Nghĩa", "Thành", "Huy", "Ánh", "Yến", "Đạt"]
TOPICS = ["chuyển đổi số", "phát triển kinh tế - xã hội", "quy hoạch tỉnh", "dự toán ngân sách",
          "đầu tư công trung hạn", "xây dựng nông thôn mới", "cải cách hành chính",
          "phòng, chống tham nhũng", "công tác cán bộ", "phát triển du lịch",
          "bảo vệ môi trường", "giảm nghèo bền vững", "giáo dục và đào tạo", "y tế cơ sở",
          "phòng, chống dịch COVID-19", "cụm công nghiệp", "giải phóng mặt bằng",
          "thu hút đầu tư", "an ninh trật tự", "sắp xếp đơn vị hành chính"]
ITEM_TYPES = ["Tờ trình", "Đề án", "Báo cáo", "Kế hoạch", "Chương trình", "Dự thảo", "Nghị quyết"]
DOC_TYPES = [("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Kết luận", "KL"), ("Chỉ thị", "CT"),
             ("Quy định", "QĐi"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr")]
TERMS = [("XIX", "2015-2020"), ("XX", "2020-2025")]
HDND_TERMS = [("XIII", "2016-2021"), ("XIV", "2021-2026")]
EVENTS = [("Election", "bầu", "được bầu giữ chức"), ("Appointment", "bổ nhiệm", "được bổ nhiệm giữ chức"),
          ("Dismissal", "miễn nhiệm", "được miễn nhiệm chức"), ("Retirement", "nghỉ hưu", "nghỉ hưu, thôi giữ chức"),
          ("Transfer", "điều động", "được điều động, thôi giữ chức"), ("Designation", "chỉ định", "được chỉ định giữ chức")]
KINDS = {"Hội nghị": "HoiNghi", "Kỳ họp": "KyHop", "Phiên họp": "PhienHop", "Giao ban": "GiaoBan"}
CENTRAL = [("Ban Chấp hành Trung ương Đảng", "PartyCommittee", None),
           ("Bộ Chính trị", "NationalBody", "Ban Chấp hành Trung ương Đảng"),
           ("Ban Bí thư Trung ương Đảng", "NationalBody", "Ban Chấp hành Trung ương Đảng"),
           ("Ban Tổ chức Trung ương", "Department", "Ban Chấp hành Trung ương Đảng"),
           ("Chính phủ", "NationalBody", None), ("Quốc hội", "NationalBody", None)]
# The seed corpus's officials, with the posts the articles give them (the saved queries'
# default parameters name them).
KNOWN = [("Nguyễn Thanh Hải", [("Bí thư", "Tỉnh ủy"), ("Trưởng đoàn", "Đoàn ĐBQH tỉnh")]),
         ("Trịnh Việt Hùng", [("Chủ tịch", "UBND tỉnh"), ("Phó Bí thư", "Tỉnh ủy")]),
         ("Phạm Hoàng Sơn", [("Chủ tịch", "HĐND tỉnh"), ("Phó Bí thư Thường trực", "Tỉnh ủy")])]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))
    if lang:
        return f'"{body}"@{lang}'
    return f'"{body}"^^<{datatype}>' if datatype else f'"{body}"'


def vi(value: str) -> str:
    return lit(value, "vi")


def integer(n: int, datatype: str = XSD + "integer") -> str:
    return lit(str(n), datatype=datatype)


def date(value: str) -> str:
    return lit(value, datatype=XSD + "date")


def iri(value: str) -> str:
    return f"<{value}>"


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    level: str
    province: str | None
    parent: str | None
    alias: str | None = None

    @property
    def iri(self) -> str:
        return iri(R + "org/" + slug(self.name))


def province_orgs(province: str, rng: random.Random) -> dict[str, Org]:
    p = province
    orgs = {
        "Đảng bộ tỉnh": Org(f"Đảng bộ tỉnh {p}", "PartyOrganization", "province", p, None),
        "Tỉnh ủy": Org(f"Tỉnh ủy {p}", "PartyCommittee", "province", p, f"Đảng bộ tỉnh {p}"),
        "BCH": Org(f"Ban Chấp hành Đảng bộ tỉnh {p}", "PartyCommittee", "province", p, f"Đảng bộ tỉnh {p}"),
        "BTV": Org(f"Ban Thường vụ Tỉnh ủy {p}", "StandingCommittee", "province", p, f"Tỉnh ủy {p}"),
        "HĐND tỉnh": Org(f"HĐND tỉnh {p}", "PeoplesCouncil", "province", p, None,
                         f"Hội đồng nhân dân tỉnh {p}"),
        "UBND tỉnh": Org(f"UBND tỉnh {p}", "PeoplesCommittee", "province", p, None,
                         f"Ủy ban nhân dân tỉnh {p}"),
        "Đoàn ĐBQH tỉnh": Org(f"Đoàn ĐBQH tỉnh {p}", "NationalAssemblyDelegation", "province", p,
                              None, f"Đoàn đại biểu Quốc hội tỉnh {p}"),
        "MTTQ": Org(f"Ủy ban MTTQ Việt Nam tỉnh {p}", "MassOrganization", "province", p, None),
        "Ban Tổ chức": Org(f"Ban Tổ chức Tỉnh ủy {p}", "Department", "province", p, f"Tỉnh ủy {p}"),
        "Sở Tài chính": Org(f"Sở Tài chính tỉnh {p}", "Department", "province", p, f"UBND tỉnh {p}"),
    }
    for i in range(3):
        district = " ".join(rng.sample(DISTRICT_PARTS, 2)) + f" {slug(p)[:3].upper()}{i}"
        orgs[f"Huyện ủy {i}"] = Org(f"Huyện ủy {district}", "PartyCommittee", "district", p,
                                    f"Tỉnh ủy {p}")
    return orgs


ROLES_FOR = {  # org key prefix -> roles
    "Tỉnh ủy": ["Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"],
    "BTV": ["Ủy viên Ban Thường vụ"],
    "HĐND tỉnh": ["Chủ tịch", "Phó Chủ tịch"],
    "UBND tỉnh": ["Chủ tịch", "Phó Chủ tịch"],
    "Đoàn ĐBQH tỉnh": ["Trưởng đoàn", "Phó Trưởng đoàn"],
    "MTTQ": ["Chủ tịch"],
    "Ban Tổ chức": ["Trưởng ban"],
    "Sở Tài chính": ["Giám đốc"],
    "Huyện ủy": ["Bí thư", "Phó Bí thư"],
}


class Doc:
    """Collects the quads of one source document; every fact gets evidence."""

    def __init__(self, doc_id: str, out: list[str], registry: dict[str, Org]):
        self.id, self.out, self.registry = doc_id, out, registry
        self.graph = iri(G + doc_id)
        self.node = iri(R + "doc/" + doc_id)
        self.offset = 0
        self.seen_orgs: set[str] = set()
        self.seen: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        line = f"{s} {iri(p)} {o} {self.graph} .\n"
        if line not in self.seen:  # a graph is a set: each quad once
            self.seen.add(line)
            self.out.append(line)

    def evidence(self, node: str, quote: str, rule: str) -> None:
        start = self.offset
        end = start + len(quote)
        self.offset = end + 7
        e = iri(R + f"evidence/{self.id}/{start}-{end}-{slug(rule)}")
        self.add(e, RDF_TYPE, iri(KG + "Evidence"))
        self.add(e, OA + "hasSource", self.node)
        self.add(e, KG + "start", integer(start, XSD + "integer"))
        self.add(e, KG + "end", integer(end, XSD + "integer"))
        self.add(e, KG + "quote", lit(quote))
        self.add(e, KG + "rule", lit(rule))
        self.add(e, KG + "method", lit("rule"))
        self.add(node, KG + "evidence", e)

    def province(self, name: str) -> str:
        node = iri(R + "place/" + slug(name))
        self.add(node, RDF_TYPE, iri(KG + "Province"))
        self.add(node, RDFS + "label", vi(name))
        return node

    def org(self, org: Org, quote: str | None = None) -> str:
        node = org.iri
        if org.name not in self.seen_orgs:
            self.seen_orgs.add(org.name)
            quote = quote or (org.name.replace(f" {org.province}", "") if org.province else org.name)
            self.add(node, RDF_TYPE, iri(KG + org.kind))
            self.add(node, RDF_TYPE, iri(KG + "Organization"))
            self.add(node, SKOS + "prefLabel", vi(org.name))
            self.add(node, RDFS + "label", vi(org.name))
            self.add(node, KG + "level", lit(org.level))
            if org.alias:
                self.add(node, SKOS + "altLabel", vi(org.alias))
            if org.province:
                self.add(node, KG + "province", self.province(org.province))
            if org.parent:
                self.add(node, ORG + "subOrganizationOf", self.org(self.registry[org.parent]))
        if quote:
            self.evidence(node, quote, "body-" + slug(org.kind))
        return node

    def role(self, role: str) -> str:
        node = iri(R + "role/" + slug(role))
        self.add(node, RDF_TYPE, iri(KG + "Role"))
        self.add(node, SKOS + "prefLabel", vi(role))
        self.add(node, RDFS + "label", vi(role))
        return node

    def post(self, role: str, org: Org) -> str:
        node = iri(R + f"post/{slug(role)}--{slug(org.name)}")
        self.add(node, RDF_TYPE, iri(KG + "Post"))
        self.add(node, ORG + "role", self.role(role))
        self.add(node, ORG + "postIn", self.org(org))
        self.add(node, RDFS + "label", vi(f"{role} {org.name}"))
        return node

    def person(self, name: str) -> str:
        node = iri(R + "person/" + slug(name))
        self.add(node, RDF_TYPE, iri(KG + "Person"))
        self.add(node, FOAF + "name", lit(name))
        self.add(node, RDFS + "label", vi(name))
        self.evidence(node, name, "person-name-titles")
        return node

    def holding(self, name: str, person: str, role: str, org: Org) -> None:
        post = self.post(role, org)
        node = iri(R + f"holding/{slug(name)}--{slug(role)}--{slug(org.name)}")
        self.add(node, RDF_TYPE, iri(KG + "PositionHolding"))
        self.add(node, ORG + "member", person)
        self.add(node, KG + "post", post)
        self.add(node, ORG + "role", self.role(role))
        self.add(node, ORG + "organization", self.org(org))
        self.add(node, RDFS + "label", vi(f"{name}: {role} {org.name}"))
        self.add(person, ORG + "holds", post)
        written = org.name.replace(f" {org.province}", "") if org.province else org.name
        self.evidence(node, f"{role} {written}", f"title-{slug(role)}")


class World:
    def __init__(self, seed: int, n_persons: int):
        self.rng = random.Random(seed)
        self.provinces = {p: province_orgs(p, self.rng) for p in PROVINCES}
        self.central = {name: Org(name, kind, "central", None, parent) for name, kind, parent in CENTRAL}
        self.registry = {o.name: o for orgs in [*self.provinces.values(), self.central] for o in orgs.values()}
        names: set[str] = {name for name, _ in KNOWN}
        self.persons: dict[str, list[str]] = {p: [] for p in PROVINCES}  # province -> names
        self.posts: dict[str, list[tuple[str, str]]] = {}  # name -> [(role, org key)]
        self.home: dict[str, list[str]] = {}
        for name, posts in KNOWN:
            self.persons["Thái Nguyên"].append(name)
            self.posts[name] = list(posts)
            self.home[name] = ["Thái Nguyên"]
        while len(names) < n_persons:
            name = f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLES)} {self.rng.choice(GIVENS)}"
            if name in names:
                name = f"{name} {self.rng.choice(GIVENS)}"
            if name in names:
                continue
            names.add(name)
            provinces = [self.rng.choice(PROVINCES)]
            if self.rng.random() < 0.06:  # moved between provinces
                provinces.append(self.rng.choice([p for p in PROVINCES if p != provinces[0]]))
            self.home[name] = provinces
            self.posts[name] = []
            for province in provinces:
                self.persons[province].append(name)
                kind = self.rng.choice(list(ROLES_FOR))
                roles = ROLES_FOR[kind]
                key = f"Huyện ủy {self.rng.randrange(3)}" if kind == "Huyện ủy" else kind
                self.posts[name].append((self.rng.choice(roles), key + "@" + province))

    def org_of(self, key: str, default_province: str) -> Org:
        key, _, province = key.partition("@")
        return self.provinces[province or default_province][key]


def document(world: World, index: int, out: list[str]) -> None:
    rng = world.rng
    province = "Thái Nguyên" if index % 10 == 0 else rng.choice(PROVINCES)
    orgs = world.provinces[province]
    doc = Doc(f"{index:06d}_{hashlib.sha1(str(index).encode()).hexdigest()[:16]}", out, world.registry)
    year = rng.randrange(2015, 2026)
    issued = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    # -- the document
    d = doc.node
    doc.add(d, RDF_TYPE, iri(KG + "SourceDocument"))
    doc.add(d, DCT + "identifier", lit(doc.id))
    doc.add(d, RDFS + "label", lit(doc.id))
    doc.add(d, DCT + "title", vi(f"Hội nghị {orgs['BCH'].name} bàn về {rng.choice(TOPICS)}"))
    if rng.random() < 0.8:
        doc.add(d, DCT + "issued", date(issued))
    doc.add(d, KG + "province", doc.province(province))
    doc.add(d, KG + "provinceSource", lit("text"))
    doc.add(d, KG + "sourceSite", lit(f"{slug(province).replace('-', '')}.gov.vn"))
    doc.add(d, KG + "contentHash", lit(hashlib.sha256(doc.id.encode()).hexdigest()))
    doc.add(d, KG + "charCount", integer(rng.randrange(2000, 9000)))
    for key in ("Tỉnh ủy", "UBND tỉnh", "HĐND tỉnh"):
        doc.org(orgs[key], orgs[key].name.replace(f" {province}", ""))
    # -- persons and their posts
    pool = world.persons[province]
    mentioned = rng.sample(pool, min(len(pool), rng.randrange(4, 9)))
    if province == "Thái Nguyên" and index % 20 == 0:
        mentioned = [name for name, _ in KNOWN] + mentioned[:4]
    people = {}
    for name in mentioned:
        people[name] = doc.person(name)
        for role, key in world.posts[name]:
            doc.holding(name, people[name], role, world.org_of(key, province))
        if rng.random() < 0.1:
            doc.holding(name, people[name], "Ủy viên", world.central["Ban Chấp hành Trung ương Đảng"])
    # -- a session with participants, items and decisions
    if rng.random() < 0.85:
        body_key, kind = rng.choice([("BCH", "Hội nghị"), ("BTV", "Hội nghị"), ("HĐND tỉnh", "Kỳ họp"),
                                     ("UBND tỉnh", "Phiên họp"), ("Tỉnh ủy", "Giao ban")])
        body = orgs[body_key]
        term, period = rng.choice(HDND_TERMS if body_key == "HĐND tỉnh" else TERMS)
        ordinal = rng.randrange(1, 30)
        key = f"{slug(body.name)}--{slug(kind)}-{ordinal}-khoa-{slug(term)}"
        session = iri(R + "session/" + key)
        doc.add(session, RDF_TYPE, iri(KG + "Session"))
        concept = iri(KG + KINDS[kind])
        doc.add(session, KG + "sessionKind", concept)
        doc.add(concept, SKOS + "prefLabel", vi(kind))
        label = f"{kind} {body.name} lần thứ {ordinal}, khóa {term}"
        doc.add(session, RDFS + "label", vi(label))
        doc.add(session, KG + "body", doc.org(body))
        doc.add(session, KG + "ordinal", integer(ordinal))
        doc.add(session, KG + "term", lit(term))
        doc.add(session, KG + "termPeriod", lit(period))
        if rng.random() < 0.6:
            doc.add(session, DCT + "date", date(issued))
            doc.add(session, KG + "dateText", lit(f"ngày {issued[8:]}/{issued[5:7]}"))
        n_items = rng.randrange(3, 11)
        doc.add(session, KG + "reportedItemCount", integer(n_items + rng.randrange(0, 3)))
        doc.add(session, KG + "referencedOnly", lit("false", datatype=XSD + "boolean"))
        doc.evidence(session, f"{kind} {body.name.replace(f' {province}', '')} lần thứ {ordinal}, khóa {term}", "session")
        attendees = list(people.items())
        for i, (name, person) in enumerate(attendees):
            role = "chair" if i == 0 else rng.choice(["attendee", "attendee", "speaker"])
            part = iri(R + f"participation/{key}--{slug(name)}--{role}")
            doc.add(part, RDF_TYPE, iri(KG + "Participation"))
            doc.add(part, KG + "session", session)
            doc.add(part, KG + "participant", person)
            doc.add(part, KG + "participationRole", lit(role))
            doc.add(part, RDFS + "label", vi(f"{name}: {role}"))
            doc.add(session, KG + ("chair" if role == "chair" else "attendee"), person)
            verb = "chủ trì" if role == "chair" else "dự" if role == "attendee" else "phát biểu"
            doc.evidence(part, f"đồng chí {name} {verb}", f"participation-{role}")
        for _ in range(n_items):
            topic = rng.choice(TOPICS)
            item_type = rng.choice(ITEM_TYPES)
            title = f"{item_type} về {topic} năm {year}"
            approved = int(hashlib.sha1(title.encode()).hexdigest(), 16) % 10 < 6  # one status per title
            item = iri(R + f"item/{key}--{hashlib.sha1(title.encode()).hexdigest()[:10]}")
            doc.add(item, RDF_TYPE, iri(KG + "AgendaItem"))
            if approved:
                doc.add(item, RDF_TYPE, iri(KG + "Decision"))
            doc.add(item, RDFS + "label", vi(title))
            doc.add(item, KG + "session", session)
            status = iri(KG + ("Approved" if approved else "Discussed"))
            doc.add(item, KG + "itemStatus", status)
            doc.add(status, SKOS + "notation", lit("approved" if approved else "discussed"))
            doc.add(item, KG + "itemType", lit(item_type))
            verb = "thông qua" if approved else "thảo luận"
            doc.evidence(item, f"Hội nghị đã {verb} {title}", "item-" + ("approved" if approved else "discussed"))
        # -- personnel events at the session
        if people and rng.random() < 0.25:
            name = rng.choice(list(people))
            role, org_key = rng.choice(world.posts[name])
            org = world.org_of(org_key, province)
            kind_name, _short, phrase = rng.choice(EVENTS)
            post = doc.post(role, org)
            event = iri(R + f"event/{kind_name.lower()}--{slug(name)}--{slug(role)}--{slug(org.name)}--{key}")
            doc.add(event, RDF_TYPE, iri(KG + "PersonnelEvent"))
            doc.add(event, RDF_TYPE, iri(KG + kind_name))
            doc.add(event, KG + "person", people[name])
            doc.add(event, KG + "post", post)
            doc.add(event, KG + "session", session)
            doc.add(event, RDFS + "label", vi(f"{kind_name}: {name}, {role} {org.name}"))
            if kind_name == "Election":
                total = rng.randrange(40, 70)
                doc.add(event, KG + "result", lit(f"{total - rng.randrange(0, 5)}/{total} đại biểu tán thành"))
            doc.add(event, DCT + "date", date(issued))
            doc.evidence(event, f"đồng chí {name} {phrase} {role} {org.name.replace(f' {province}', '')}",
                         f"event-{kind_name.lower()}")
    # -- cited documents
    for _ in range(rng.randrange(2, 6)):
        doc_type, code = rng.choice(DOC_TYPES)
        issuer = rng.choice([orgs["HĐND tỉnh"], orgs["UBND tỉnh"], orgs["Tỉnh ủy"], orgs["BCH"],
                             world.central["Bộ Chính trị"], world.central["Chính phủ"],
                             world.central["Ban Chấp hành Trung ương Đảng"]])
        cited_year = rng.randrange(2010, year + 1)
        number = f"{rng.randrange(1, 200)}/{cited_year}/{code}-{'HĐND' if issuer.kind == 'PeoplesCouncil' else 'UBND' if issuer.kind == 'PeoplesCommittee' else 'TW'}"
        node = iri(R + f"citeddoc/{slug(doc_type)}-{slug(number)}--{slug(issuer.name)}")
        doc.add(node, RDF_TYPE, iri(KG + "CitedDocument"))
        doc.add(node, KG + "documentType", lit(doc_type))
        doc.add(node, KG + "documentNumber", lit(number))
        doc.add(node, RDFS + "label", vi(f"{doc_type} số {number} của {issuer.name}"))
        doc.add(node, DCT + "date", date(f"{cited_year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"))
        doc.add(node, KG + "issuer", doc.org(issuer))
        doc.add(node, KG + "citedIn", d)
        doc.evidence(node, f"{doc_type} số {number} của {issuer.name.replace(f' {province}', '')} về {rng.choice(TOPICS)}",
                     "citation-numbered-issuer")
    # -- a post named without its holder
    role = rng.choice(["Bí thư", "Chủ tịch", "Phó Chủ tịch"])
    org = orgs["Tỉnh ủy"] if role == "Bí thư" else orgs["UBND tỉnh"]
    doc.evidence(doc.post(role, org), f"đồng chí {role} {org.name.replace(f' {province}', '')}",
                 f"role-only-{slug(role)}")


def documents(triples: int = 1_000_000, seed: int = 7) -> Iterator[list[str]]:
    """N-Quads lines, one list per document, until at least ``triples`` lines were made."""
    world = World(seed, n_persons=max(60, triples // 300))
    made = index = 0
    while made < triples:
        out: list[str] = []
        document(world, index, out)
        made += len(out)
        index += 1
        yield out


def write_nquads(path: Path, triples: int = 1_000_000, seed: int = 7) -> tuple[int, int]:
    """Write the graph to ``path``; returns (quads, documents)."""
    quads = docs = 0
    with open(path, "w", encoding="utf-8") as out:
        for lines in documents(triples, seed):
            out.writelines(lines)
            quads += len(lines)
            docs += 1
    return quads, docs



def graphs(triples: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """(document id, its graph as N-Triples text), for loading through ``Store.replace_document``."""
    for lines in documents(triples, seed):
        graph = lines[0].rsplit(" ", 2)[-2]
        doc_id = graph[len("<" + G):-1]
        yield doc_id, "".join(line[: -len(graph) - 4] + " .\n" for line in lines)
