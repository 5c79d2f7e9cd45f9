"""A small graph shaped as ontology/MODEL.md says, for the view tests."""
from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kg-vn/def#")
KGR = Namespace("https://w3id.org/kg-vn/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")


class Builder:
    """Adds MODEL.md-shaped resources, each with evidence quoted from a document."""

    def __init__(self) -> None:
        self.g = Graph()
        for prefix, ns in (("kg", KG), ("kgr", KGR), ("org", ORG), ("oa", OA)):
            self.g.bind(prefix, ns)

    def vi(self, text: str) -> Literal:
        return Literal(text, lang="vi")

    def document(self, doc_id: str, title: str, issued: str, text: str, url: str | None = None) -> URIRef:
        doc = KGR[f"doc/{doc_id}"]
        g = self.g
        g.add((doc, SCHEMA.text, Literal(text)))  # what every evidence span indexes
        if url:
            g.add((doc, SCHEMA.url, Literal(url)))
        g.add((doc, RDF.type, KG.SourceDocument))
        g.add((doc, DCTERMS.identifier, Literal(doc_id)))
        g.add((doc, DCTERMS.title, self.vi(title)))
        g.add((doc, RDFS.label, self.vi(title)))
        g.add((doc, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        g.add((doc, KG.sourceSite, Literal("thainguyen.gov.vn")))
        g.add((doc, KG.charCount, Literal(len(text), datatype=XSD.integer)))
        self.texts = getattr(self, "texts", {})
        self.texts[doc_id] = text
        return doc

    def evidence(self, node: URIRef, doc_id: str, quote: str, rule: str = "test-rule") -> URIRef:
        text = self.texts[doc_id]
        start = max(text.find(quote), 0)
        end = start + len(quote)
        ev = KGR[f"evidence/{doc_id}/{start}-{end}-{rule}"]
        g = self.g
        g.add((ev, RDF.type, KG.Evidence))
        g.add((ev, OA.hasSource, KGR[f"doc/{doc_id}"]))
        g.add((ev, KG.start, Literal(start, datatype=XSD.integer)))
        g.add((ev, KG.end, Literal(end, datatype=XSD.integer)))
        g.add((ev, KG.quote, Literal(quote)))
        g.add((ev, KG.rule, Literal(rule)))
        g.add((ev, KG.method, Literal("rule")))
        g.add((node, KG.evidence, ev))
        return ev

    def person(self, slug: str, name: str, doc_id: str, quote: str | None = None) -> URIRef:
        p = KGR[f"person/{slug}"]
        self.g.add((p, RDF.type, KG.Person))
        self.g.add((p, FOAF.name, self.vi(name)))
        self.g.add((p, RDFS.label, self.vi(name)))
        self.evidence(p, doc_id, quote or name)
        return p

    def org(self, slug: str, cls: str, pref: str, alt: str | None, doc_id: str,
            quote: str, parent: URIRef | None = None) -> URIRef:
        o = KGR[f"org/{slug}"]
        g = self.g
        g.add((o, RDF.type, KG[cls]))
        g.add((o, RDF.type, KG.Organization))
        g.add((o, SKOS.prefLabel, self.vi(pref)))
        g.add((o, RDFS.label, self.vi(pref)))
        if alt:
            g.add((o, SKOS.altLabel, self.vi(alt)))
        g.add((o, KG.level, Literal("province")))
        if parent is not None:
            g.add((o, ORG.subOrganizationOf, parent))
        self.evidence(o, doc_id, quote)
        return o

    def holding(self, person: URIRef, role_slug: str, role_label: str, org: URIRef,
                org_label: str, doc_id: str, quote: str) -> URIRef:
        person_slug, org_slug = str(person).rsplit("/", 1)[1], str(org).rsplit("/", 1)[1]
        role, post = KGR[f"role/{role_slug}"], KGR[f"post/{role_slug}--{org_slug}"]
        h = KGR[f"holding/{person_slug}--{role_slug}--{org_slug}"]
        g = self.g
        g.add((role, RDF.type, KG.Role))
        g.add((role, SKOS.prefLabel, self.vi(role_label)))
        g.add((post, RDF.type, KG.Post))
        g.add((post, ORG.role, role))
        g.add((post, ORG.postIn, org))
        g.add((post, RDFS.label, self.vi(f"{role_label} {org_label}")))
        g.add((person, ORG.holds, post))
        for p, o in ((RDF.type, KG.PositionHolding), (ORG.member, person), (KG.post, post),
                     (ORG.role, role), (ORG.organization, org)):
            g.add((h, p, o))
        self.evidence(h, doc_id, quote)
        return h

    def dates(self, holding: URIRef, first: str, last: str, begin: str | None = None) -> None:
        """kg:firstStated / kg:lastStated and, from a dated event, org:memberDuring."""
        g = self.g
        g.add((holding, KG.firstStated, Literal(first, datatype=XSD.date)))
        g.add((holding, KG.lastStated, Literal(last, datatype=XSD.date)))
        if begin:
            interval, instant = URIRef(f"{holding}#during"), URIRef(f"{holding}#begin")
            g.add((holding, ORG.memberDuring, interval))
            g.add((interval, TIME.hasBeginning, instant))
            g.add((instant, TIME.inXSDDate, Literal(begin, datatype=XSD.date)))

    def session(self, local: str, label: str, body: URIRef, kind: str, date: str | None,
                doc_id: str, quote: str) -> URIRef:
        s = KGR[f"session/{local}"]
        g = self.g
        g.add((KG[kind], SKOS.prefLabel, self.vi({"HoiNghi": "Hội nghị", "KyHop": "Kỳ họp",
                                                 "PhienHop": "Phiên họp"}[kind])))
        for p, o in ((RDF.type, KG.Session), (RDFS.label, self.vi(label)), (KG.body, body),
                     (KG.sessionKind, KG[kind])):
            g.add((s, p, o))
        if date:
            g.add((s, DCTERMS.date, Literal(date, datatype=XSD.date)))
        self.evidence(s, doc_id, quote)
        return s

    def participation(self, session: URIRef, person: URIRef, role: str, doc_id: str,
                      quote: str) -> URIRef:
        local = str(session).rsplit("/", 1)[1]
        pslug = str(person).rsplit("/", 1)[1]
        part = KGR[f"participation/{local}--{pslug}--{role}"]
        g = self.g
        for p, o in ((RDF.type, KG.Participation), (KG.session, session),
                     (KG.participant, person), (KG.participationRole, Literal(role))):
            g.add((part, p, o))
        g.add((session, KG.chair if role == "chair" else KG.attendee, person))
        self.evidence(part, doc_id, quote)
        return part

    def item(self, session: URIRef, key: str, title: str, approved: bool, doc_id: str,
             quote: str) -> URIRef:
        local = str(session).rsplit("/", 1)[1]
        it = KGR[f"item/{local}--{key}"]
        g = self.g
        status = KG.Approved if approved else KG.Discussed
        g.add((status, SKOS.notation, Literal("approved" if approved else "discussed")))
        for p, o in ((RDF.type, KG.AgendaItem), (RDFS.label, self.vi(title)),
                     (KG.session, session), (KG.itemStatus, status)):
            g.add((it, p, o))
        if approved:
            g.add((it, RDF.type, KG.Decision))
        self.evidence(it, doc_id, quote)
        return it

    def cited(self, slug: str, label: str, dtype: str, number: str, issuer: URIRef | None,
              doc_id: str, quote: str) -> URIRef:
        c = KGR[f"citeddoc/{slug}"]
        g = self.g
        for p, o in ((RDF.type, KG.CitedDocument), (RDFS.label, self.vi(label)),
                     (KG.documentType, Literal(dtype)), (KG.documentNumber, Literal(number)),
                     (KG.citedIn, KGR[f"doc/{doc_id}"])):
            g.add((c, p, o))
        if issuer is not None:
            g.add((c, KG.issuer, issuer))
        self.evidence(c, doc_id, quote)
        return c

    def event(self, cls: str, person: URIRef, holding_post: URIRef, session: URIRef | None,
              doc_id: str, quote: str) -> URIRef:
        e = KGR[f"event/{cls.lower()}--{str(person).rsplit('/', 1)[1]}"]
        g = self.g
        for p, o in ((RDF.type, KG[cls]), (RDF.type, KG.PersonnelEvent), (KG.person, person),
                     (KG.post, holding_post)):
            g.add((e, p, o))
        if session is not None:
            g.add((e, KG.session, session))
        self.evidence(e, doc_id, quote)
        return e


DOC1 = ("Đó là ý kiến kết luận của đồng chí Nguyễn Thanh Hải, Ủy viên Ban Chấp hành Trung ương "
        "Đảng, Bí thư Tỉnh ủy tại Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12, khóa XX. "
        "Dự Hội nghị có các đồng chí: Trịnh Việt Hùng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; "
        "Phạm Hoàng Sơn, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh. Hội nghị đã thông "
        "qua Nghị quyết về nhiệm vụ năm 2022 và thảo luận Đề án phát triển đô thị. Theo Nghị "
        "quyết số 49/2016/NQ-HĐND của HĐND tỉnh.")
DOC2 = ("Sáng 10/12, UBND tỉnh Thái Nguyên tổ chức phiên họp thường kỳ tháng 12. Đồng chí "
        "Trịnh Việt Hùng, Chủ tịch UBND tỉnh chủ trì. Dự phiên họp có đồng chí Đặng Xuân Trường, "
        "Phó Chủ tịch UBND tỉnh. Phiên họp thảo luận Tờ trình về kế hoạch đầu tư công. "
        "Đồng chí Chủ tịch UBND tỉnh Trịnh Việt Hùng đề nghị thực hiện Nghị quyết 49/2016/NQ-HĐND.")


def sample_graph() -> Graph:
    b = Builder()
    b.document("001_aaaa", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", "2021-11-25", DOC1)
    b.document("002_bbbb", "Phiên họp UBND tỉnh tháng 12", "2021-12-10", DOC2,
               url="https://thainguyen.gov.vn/tin-tuc/phien-hop-ubnd-thang-12")
    hai = b.person("nguyen-thanh-hai", "Nguyễn Thanh Hải", "001_aaaa")
    hung = b.person("trinh-viet-hung", "Trịnh Việt Hùng", "001_aaaa")
    b.evidence(hung, "002_bbbb", "Trịnh Việt Hùng")
    son = b.person("pham-hoang-son", "Phạm Hoàng Sơn", "001_aaaa")
    truong = b.person("dang-xuan-truong", "Đặng Xuân Trường", "002_bbbb")
    tu = b.org("tinh-uy-thai-nguyen", "PartyCommittee", "Tỉnh ủy Thái Nguyên", None,
               "001_aaaa", "Tỉnh ủy")
    bch = b.org("ban-chap-hanh-dang-bo-tinh-thai-nguyen", "PartyCommittee",
                "Ban Chấp hành Đảng bộ tỉnh Thái Nguyên", None, "001_aaaa",
                "Ban Chấp hành Đảng bộ tỉnh", parent=tu)
    ubnd = b.org("ubnd-tinh-thai-nguyen", "PeoplesCommittee", "UBND tỉnh Thái Nguyên",
                 "Ủy ban nhân dân tỉnh Thái Nguyên", "002_bbbb", "UBND tỉnh Thái Nguyên")
    hdnd = b.org("hdnd-tinh-thai-nguyen", "PeoplesCouncil", "HĐND tỉnh Thái Nguyên",
                 "Hội đồng nhân dân tỉnh Thái Nguyên", "001_aaaa", "HĐND tỉnh")
    b.holding(hai, "bi-thu", "Bí thư", tu, "Tỉnh ủy Thái Nguyên", "001_aaaa", "Bí thư Tỉnh ủy")
    h = b.holding(hung, "chu-tich", "Chủ tịch", ubnd, "UBND tỉnh Thái Nguyên", "001_aaaa",
                  "Chủ tịch UBND tỉnh")
    b.holding(hung, "pho-bi-thu", "Phó Bí thư", tu, "Tỉnh ủy Thái Nguyên", "001_aaaa",
              "Phó Bí thư Tỉnh ủy")
    b.holding(son, "chu-tich", "Chủ tịch", hdnd, "HĐND tỉnh Thái Nguyên", "001_aaaa",
              "Chủ tịch HĐND tỉnh")
    b.holding(truong, "pho-chu-tich", "Phó Chủ tịch", ubnd, "UBND tỉnh Thái Nguyên",
              "002_bbbb", "Phó Chủ tịch UBND tỉnh")
    s1 = b.session("ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx",
                   "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12, khóa XX", bch, "HoiNghi",
                   "2021-11-25", "001_aaaa", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12, khóa XX")
    s2 = b.session("ubnd-tinh-thai-nguyen--phien-hop-2021-12-10",
                   "Phiên họp thường kỳ tháng 12 UBND tỉnh Thái Nguyên", ubnd, "PhienHop",
                   "2021-12-10", "002_bbbb", "phiên họp thường kỳ tháng 12")
    b.participation(s1, hai, "chair", "001_aaaa", "ý kiến kết luận của đồng chí Nguyễn Thanh Hải")
    b.participation(s1, hung, "attendee", "001_aaaa", "Trịnh Việt Hùng")
    b.participation(s1, son, "attendee", "001_aaaa", "Phạm Hoàng Sơn")
    b.participation(s2, hung, "chair", "002_bbbb", "Trịnh Việt Hùng, Chủ tịch UBND tỉnh chủ trì")
    b.participation(s2, truong, "attendee", "002_bbbb", "Đặng Xuân Trường")
    b.item(s1, "a1b2c3d4e5", "Nghị quyết về nhiệm vụ năm 2022", True, "001_aaaa",
           "thông qua Nghị quyết về nhiệm vụ năm 2022")
    b.item(s1, "f6a7b8c9d0", "Đề án phát triển đô thị", False, "001_aaaa",
           "thảo luận Đề án phát triển đô thị")
    b.item(s2, "0123456789", "Tờ trình về kế hoạch đầu tư công", False, "002_bbbb",
           "Tờ trình về kế hoạch đầu tư công")
    cited = b.cited("nghi-quyet-49-2016-nq-hdnd", "Nghị quyết số 49/2016/NQ-HĐND", "Nghị quyết",
                    "49/2016/NQ-HĐND", hdnd, "001_aaaa", "Nghị quyết số 49/2016/NQ-HĐND")
    # cited again in 002, in other words: 002's page must quote 002 (issue 28)
    b.g.add((cited, KG.citedIn, KGR["doc/002_bbbb"]))
    b.evidence(cited, "002_bbbb", "Nghị quyết 49/2016/NQ-HĐND")
    # the same post stated in both documents, twice in 002: every source, with its count
    b.evidence(h, "002_bbbb", "Chủ tịch UBND tỉnh")
    b.evidence(h, "002_bbbb", "Chủ tịch UBND tỉnh Trịnh Việt Hùng")
    post = next(b.g.objects(h, KG.post))
    election = b.event("Election", hung, post, s1, "001_aaaa", "Chủ tịch UBND tỉnh")
    # The derived graph (kg/resolve.py): stated dates, and the dated election that began it.
    b.g.add((election, DCTERMS.date, Literal("2021-11-25", datatype=XSD.date)))
    b.dates(h, "2021-11-25", "2021-12-10", begin="2021-11-25")
    b.dates(next(b.g.subjects(ORG.member, truong)), "2021-12-10", "2021-12-10")
    return b.g


PAYLOADS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2;alert(1)\">",
    "\"><svg onload=window.__pwned=3>",
    "</script><script>window.__pwned=4</script>",
    "\u2028'-alert(5)-'",
)


def hostile_graph() -> Graph:
    """Script and event-handler payloads in names, quotes and titles."""
    b = Builder()
    text = "Đồng chí " + " ".join(PAYLOADS) + " chủ trì hội nghị " + PAYLOADS[1]
    b.document("666_evil", PAYLOADS[0] + " tiêu đề", "2022-01-01", text)
    p1 = b.person("evil-1", "Nguyễn " + PAYLOADS[0], "666_evil", PAYLOADS[0])
    p2 = b.person("evil-2", PAYLOADS[1], "666_evil", PAYLOADS[1])
    p3 = b.person("evil-3", PAYLOADS[2] + PAYLOADS[3], "666_evil", PAYLOADS[2])
    org = b.org("evil-org", "PeoplesCommittee", PAYLOADS[3], PAYLOADS[4], "666_evil", PAYLOADS[3])
    b.holding(p1, "chu-tich", PAYLOADS[1], org, PAYLOADS[3], "666_evil", PAYLOADS[1])
    s = b.session("evil-org--hoi-nghi", PAYLOADS[2], org, "HoiNghi", "2022-01-01", "666_evil",
                  PAYLOADS[4])
    b.participation(s, p1, "chair", "666_evil", PAYLOADS[0])
    b.participation(s, p2, "attendee", "666_evil", PAYLOADS[1])
    b.participation(s, p3, "attendee", "666_evil", PAYLOADS[2])
    b.item(s, "deadbeef00", PAYLOADS[3], True, "666_evil", PAYLOADS[3])
    b.cited("evil-cited", PAYLOADS[1], "Nghị quyết", PAYLOADS[0], org, "666_evil", PAYLOADS[1])
    return b.g


def undated_session(g: Graph) -> URIRef:
    """Add to a sample graph a session of UBND tỉnh Thái Nguyên that no document dates, which
    Đặng Xuân Trường attended (002_bbbb)."""
    b = Builder()
    b.g = g
    b.texts = {"002_bbbb": DOC2}
    s = b.session("ubnd-tinh-thai-nguyen--phien-hop-002_bbbb", "Phiên họp UBND tỉnh (không rõ ngày)",
                  KGR["org/ubnd-tinh-thai-nguyen"], "PhienHop", None, "002_bbbb", "phiên họp")
    b.participation(s, KGR["person/dang-xuan-truong"], "attendee", "002_bbbb", "Đặng Xuân Trường")
    return s
