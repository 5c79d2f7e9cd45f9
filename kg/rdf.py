"""Extraction → RDF: one rdflib Graph per source document (its named graph), no blank nodes."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .curation import Curation
from . import vocab
from .ids import BASE, doc_local, short_hash, slug
from .model import Evidence, Extraction, Org
from .text import content_hash


LEVELS = ("central", "province", "district", "commune")


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef at every attribute
    access, and equal but distinct URIRefs compare in Python wherever they meet in a dict."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)  # AttributeError for a term a closed namespace lacks
        setattr(self, name, term)
        return term


DCTERMS, FOAF, KG, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS = map(_Terms, (
    vocab.DCTERMS, vocab.FOAF, vocab.KG, vocab.OA, vocab.ORG, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SCHEMA,
    vocab.SKOS))
XSD_INTEGER, XSD_DATE, XSD_BOOLEAN = XSD.integer, XSD.date, XSD.boolean

# Nodes and literals that recur across documents (classes, bodies, roles, rules, offsets) are
# made once per process; each cache is emptied when it grows past _CACHE_MAX entries.
_CACHE_MAX = 20_000
_NODES: dict[str, URIRef] = {}
_LITERALS: dict[tuple, Literal] = {}


def iri(kind: str, local: str) -> URIRef:
    """kg.ids.iri, the same node object each time."""
    text = f"{BASE}{kind}/{local}"
    node = _NODES.get(text)
    if node is None:
        if len(_NODES) >= _CACHE_MAX:
            _NODES.clear()
        node = _NODES[text] = URIRef(text)
    return node


def lit(value, datatype: URIRef | None = None, lang: str | None = None) -> Literal:
    """Literal(value, lang=lang, datatype=datatype), the same object each time."""
    key = (type(value), value, datatype, lang)
    out = _LITERALS.get(key)
    if out is None:
        if len(_LITERALS) >= _CACHE_MAX:
            _LITERALS.clear()
        out = _LITERALS[key] = Literal(value, lang=lang, datatype=datatype)
    return out

KIND_CONCEPT = {"Hội nghị": KG.HoiNghi, "Kỳ họp": KG.KyHop, "Phiên họp": KG.PhienHop,
                "Giao ban": KG.GiaoBan, "Đại hội": KG.DaiHoi}
EVENT_CLASS = {"Election": KG.Election, "Appointment": KG.Appointment, "Dismissal": KG.Dismissal,
               "Retirement": KG.Retirement, "Transfer": KG.Transfer, "Designation": KG.Designation,
               "Assignment": KG.Assignment, "Approval": KG.Approval, "Nomination": KG.Nomination}


def vi(text: str) -> Literal:
    return lit(text, lang="vi")


def person_local(name: str, province: str | None, central_only: bool) -> str:
    """'nguyen-thanh-hai--thai-nguyen': a name is one person within a province. Officials seen
    only in central posts are one node across provinces ('pham-minh-chinh'). Two people who
    share a name in different provinces stay apart (kg.resolve links them as candidates)."""
    return slug(name) if central_only or not province else f"{slug(name)}--{slug(province)}"


def org_iri(name: str) -> URIRef:
    return iri("org", slug(name))


def doc_iri(doc_id: str) -> URIRef:
    return iri("doc", doc_local(doc_id))


PREFIXES = (("kg", vocab.KG._NS), ("org", vocab.ORG), ("foaf", vocab.FOAF), ("prov", vocab.PROV), ("skos", vocab.SKOS),
            ("dcterms", vocab.DCTERMS), ("oa", vocab.OA._NS), ("schema", vocab.SCHEMA), ("kgr", "https://w3id.org/kg-vn/id/"))


class GraphWriter:
    """Writes the facts of one Extraction into a Graph; every fact node gets its evidence."""

    def __init__(self, ex: Extraction, province: str | None = None, curation: Curation | None = None):
        self.ex, self.doc = ex, ex.doc
        self.triples: dict[tuple, None] = {}  # an ordered set; rdflib's Graph only when asked (.g)
        self.curation = curation or Curation()
        self.people: dict[str, tuple[URIRef, str, list[str]]] = {}
        for p in ex.persons:
            central = bool(p.positions) and all(pos.org.level == "central" for pos in p.positions)
            local, notes = self.curation.person(person_local(p.name, province, central))
            name = p.name
            if local in self.curation.renames:
                name, note = self.curation.renames[local]
                notes = notes + [note]
            # the identity key; kg.identity may later give this document's mention a node of its own
            self.people[p.name] = (iri("person", local), name, notes)
        self.doc_node = doc_iri(self.doc.doc_id)
        self.mentioned = {org.name for org, _ev in ex.orgs}

    def person_iri(self, name: str) -> URIRef:
        return self.people[name][0]

    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    @property
    def g(self) -> Graph:
        """The document's triples as an rdflib Graph with the model's prefixes bound."""
        g = Graph()
        for prefix, ns in PREFIXES:
            g.bind(prefix, ns)
        for t in self.triples:
            g.add(t)
        return g

    def evidence(self, node: URIRef, ev: Evidence) -> URIRef:
        # one node per fact: not worth keeping (URIRef, not iri())
        e = URIRef(f"{BASE}evidence/{doc_local(ev.doc_id)}/{ev.span.start}-{ev.span.end}-{slug(ev.rule)}")
        triples = self.triples
        # the span and the quote on the evidence itself (ontology/MODEL.md, "Evidence")
        for t in ((e, RDF.type, KG.Evidence), (e, OA.hasSource, self.doc_node),
                  (e, KG.start, lit(ev.span.start, XSD_INTEGER)), (e, KG.end, lit(ev.span.end, XSD_INTEGER)),
                  (e, KG.quote, Literal(ev.quote)), (e, KG.rule, lit(ev.rule)), (e, KG.method, lit(ev.method)),
                  (node, KG.evidence, e)):
            triples[t] = None
        for d in ev.derived_from:
            self.add(e, PROV.wasDerivedFrom, self.evidence(e, d))
        return e

    def province(self, name: str) -> URIRef:
        p = iri("place", slug(name))
        self.add(p, RDF.type, KG.Province)
        self.add(p, RDFS.label, vi(name))
        return p

    def org(self, org: Org, ev: Evidence | None) -> URIRef:
        o = org_iri(org.name)
        self.add(o, RDF.type, getattr(KG, org.kind))
        self.add(o, RDF.type, KG.Organization)
        self.add(o, SKOS.prefLabel, vi(org.name))
        self.add(o, RDFS.label, vi(org.name))
        if org.level in LEVELS:
            self.add(o, KG.level, lit(org.level))
        for alias in org.aliases:
            self.add(o, SKOS.altLabel, vi(alias))
        if org.province:
            self.add(o, KG.province, self.province(org.province))
        if org.parent and org.parent in self.mentioned:  # the hierarchy only where the text names both
            self.add(o, ORG.subOrganizationOf, org_iri(org.parent))
        if ev:
            self.evidence(o, ev)
        return o

    def reference_date(self) -> tuple[str, str | None] | None:
        """The date line, else the reported session's date; a curation entry overrides both."""
        if self.doc.doc_id in self.curation.dates:
            return self.curation.dates[self.doc.doc_id]
        if self.doc.published:
            return self.doc.published, None
        main = next((s for s in self.ex.sessions if not s.referenced_only and s.date), None)
        return (main.date, None) if main else None

    def source(self, province: str | None, province_source: str) -> None:
        d, doc = self.doc_node, self.doc
        self.add(d, RDF.type, KG.SourceDocument)
        self.add(d, DCTERMS.identifier, Literal(doc.doc_id))
        self.add(d, RDFS.label, Literal(doc.doc_id))
        if doc.title:
            self.add(d, DCTERMS.title, vi(doc.title))
        if doc.published:
            self.add(d, DCTERMS.issued, lit(doc.published, XSD_DATE))
        if doc.site:
            self.add(d, KG.sourceSite, lit(doc.site))
        if doc.url:
            self.add(d, SCHEMA.url, Literal(doc.url))
        if province:
            self.add(d, KG.province, self.province(province))
            self.add(d, KG.provinceSource, lit(province_source))
        ref = self.reference_date()
        if ref:
            self.add(d, KG.referenceDate, lit(ref[0], XSD_DATE))
            if ref[1]:
                self.add(d, KG.curation, lit(ref[1]))
        self.add(d, KG.contentHash, Literal(content_hash(doc.raw)))
        self.add(d, KG.charCount, lit(len(doc.raw), XSD_INTEGER))
        self.add(d, SCHEMA.text, Literal(doc.raw))  # what every kg:start/kg:end of the document indexes

    def persons(self) -> None:
        for p in self.ex.persons:
            node, name, notes = self.people[p.name]
            self.add(node, RDF.type, KG.Person)
            self.add(node, KG.identityKey, lit(str(node).rsplit("/", 1)[-1]))
            self.add(node, FOAF.name, lit(name))
            self.add(node, RDFS.label, vi(name))
            for note in notes:
                self.add(node, KG.curation, lit(note))
            for ev in p.evidence:
                self.evidence(node, ev)
            for pos in p.positions:
                h = self.position(node, p.name, pos.role, pos.org, pos.evidence)
                if pos.former:
                    self.add(h, KG.former, lit(True, XSD_BOOLEAN))

    def position(self, person: URIRef, name: str, role: str, org: Org, ev: Evidence) -> URIRef:
        post, r = self.post(role, org)
        o = org_iri(org.name)
        h = iri("holding", f"{str(person).rsplit('/', 1)[-1]}--{slug(role)}--{slug(org.name)}")
        for t in ((h, RDF.type, KG.PositionHolding), (h, ORG.member, person), (h, KG.post, post),
                  (h, ORG.role, r), (h, ORG.organization, o), (person, ORG.holds, post),
                  (h, RDFS.label, vi(f"{name}: {role} {org.name}"))):
            self.add(*t)
        self.evidence(h, ev)
        return h

    def post(self, role: str, org: Org) -> tuple[URIRef, URIRef]:
        """The post (role in an organisation) with its role and organisation nodes."""
        o = self.org(org, None)
        r = iri("role", slug(role))
        for t in ((r, RDF.type, KG.Role), (r, SKOS.prefLabel, vi(role)), (r, RDFS.label, vi(role))):
            self.add(*t)
        post = iri("post", f"{slug(role)}--{slug(org.name)}")
        for t in ((post, RDF.type, KG.Post), (post, ORG.role, r), (post, ORG.postIn, o),
                  (post, RDFS.label, vi(f"{role} {org.name}"))):
            self.add(*t)
        return post, r

    def sessions(self) -> dict[str, URIRef]:
        nodes = {}
        for s in self.ex.sessions:
            node = iri("session", s.key)
            nodes[s.key] = node
            self.add(node, RDF.type, KG.Session)
            self.add(node, KG.sessionKind, KIND_CONCEPT[s.kind])
            self.add(KIND_CONCEPT[s.kind], SKOS.prefLabel, vi(s.kind))  # copied from the ontology: graphs stand alone
            label = s.kind + (f" {s.body.name}" if s.body else "") + (f" lần thứ {s.ordinal}" if s.ordinal else "") \
                + (f", khóa {s.term}" if s.term else "")
            self.add(node, RDFS.label, vi(label))
            if s.body:
                self.add(node, KG.body, self.org(s.body, None))
            if s.ordinal is not None:
                self.add(node, KG.ordinal, lit(s.ordinal, XSD_INTEGER))
            if s.term:
                self.add(node, KG.term, lit(s.term))
            if s.period:
                self.add(node, KG.termPeriod, lit(s.period))
            if s.date:
                self.add(node, DCTERMS.date, lit(s.date, XSD_DATE))
                if s.date_source:
                    self.add(node, KG.dateSource, lit(s.date_source))
            if s.date_text:
                self.add(node, KG.dateText, lit(s.date_text))
            if s.item_count is not None:
                self.add(node, KG.reportedItemCount, lit(s.item_count, XSD_INTEGER))
            self.add(node, KG.referencedOnly, lit(s.referenced_only))
            self.evidence(node, s.evidence)
            if s.chair:
                self.participation(node, s.key, s.chair[0], "chair", s.chair[1])
            for name, role, ev in s.participants:
                self.participation(node, s.key, name, role, ev)
        return nodes

    def participation(self, session: URIRef, key: str, name: str, role: str, ev: Evidence) -> None:
        person = self.person_iri(name)
        p = iri("participation", f"{key}--{slug(name)}--{role}")
        for t in ((p, RDF.type, KG.Participation), (p, KG.session, session), (p, KG.participant, person),
                  (p, KG.participationRole, lit(role)), (p, RDFS.label, vi(f"{name}: {role}")),
                  (session, KG.chair if role == "chair" else KG.attendee, person)):
            self.add(*t)
        self.evidence(p, ev)

    def items(self, sessions: dict[str, URIRef]) -> None:
        for it in self.ex.items:
            node = iri("item", f"{it.session_key}--{short_hash(it.title)}")
            self.add(node, RDF.type, KG.AgendaItem)
            if it.status == "approved":
                self.add(node, RDF.type, KG.Decision)
            self.add(node, RDFS.label, vi(it.title))
            self.add(node, KG.session, sessions[it.session_key])
            status = KG.Approved if it.status == "approved" else KG.Discussed
            self.add(node, KG.itemStatus, status)
            self.add(status, SKOS.notation, lit(it.status))  # copied from the ontology: graphs stand alone
            if it.item_type:
                self.add(node, KG.itemType, lit(it.item_type))
            self.evidence(node, it.evidence)

    def citations(self) -> None:
        for c in self.ex.citations:
            node = citation_iri(c)
            self.add(node, RDF.type, KG.CitedDocument)
            self.add(node, KG.documentType, lit(c.doc_type))
            self.add(node, RDFS.label, vi(citation_label(c)))
            if c.number:
                self.add(node, KG.documentNumber, lit(c.number))
            if c.date:
                self.add(node, DCTERMS.date, lit(c.date, XSD_DATE))
            if c.issuer:
                self.add(node, KG.issuer, self.org(c.issuer, None))
            if c.term:
                self.add(node, KG.term, lit(c.term))
            self.add(node, KG.citedIn, self.doc_node)
            self.evidence(node, c.evidence)

    def events(self, sessions: dict[str, URIRef]) -> None:
        nodes: dict[tuple[str, str, str], list[tuple[str, URIRef]]] = {}
        for e in self.ex.events:
            if not (e.role and e.org):
                continue
            person = self.person_iri(e.person)
            post, _role = self.post(e.role, e.org)
            node = iri("event", f"{e.kind.lower()}--{str(person).rsplit('/', 1)[-1]}--{slug(e.role)}--{slug(e.org.name)}"
                       + (f"--{e.session_key}" if e.session_key else ""))
            for t in ((node, RDF.type, KG.PersonnelEvent), (node, RDF.type, EVENT_CLASS[e.kind]),
                      (node, KG.person, person), (node, KG.post, post),
                      (node, RDFS.label, vi(f"{e.kind}: {e.person}, {e.role} {e.org.name}"))):
                self.add(*t)
            if e.session_key in sessions:
                self.add(node, KG.session, sessions[e.session_key])
            if e.result:
                self.add(node, KG.result, lit(e.result))
            if e.act is not None:
                self.add(node, KG.act, citation_iri(self.ex.citations[e.act]))
            self.evidence(node, e.evidence)
            nodes.setdefault((e.person, e.role, e.org.name), []).append((e.kind, node))
        for same in nodes.values():  # an approval approves the election of the same person to the same post
            for kind, node in same:
                if kind == "Approval":
                    for other_kind, other in same:
                        if other_kind == "Election":
                            self.add(node, KG.approves, other)

    def role_only(self) -> None:
        """A role named without a person: a kg:RoleMention of the post (kg.resolve may infer its holder)."""
        for r in self.ex.role_only:
            post, _role = self.post(r.role, r.org)
            node = iri("rolemention", f"{doc_local(self.doc.doc_id)}--{slug(r.role)}--{slug(r.org.name)}")
            self.add(node, RDF.type, KG.RoleMention)
            self.add(node, KG.post, post)
            self.add(node, RDFS.label, vi(f"{r.role} {r.org.name}"))
            self.evidence(node, r.evidence)


def citation_iri(c) -> URIRef:
    """The node of a cited document: its type, number (or term, or a hash of its words) and issuer."""
    ident = slug(c.number) if c.number else (f"khoa-{c.term.lower()}" if c.term else short_hash(c.label))
    return iri("citeddoc", f"{slug(c.doc_type)}-{ident}" + (f"--{slug(c.issuer.name)}" if c.issuer else ""))


def citation_label(c) -> str:
    """A canonical label (the words as written stay in the evidence quote)."""
    label = c.doc_type + (f" số {c.number}" if c.number else "")
    if c.issuer:
        label += f" của {c.issuer.name}"
    if c.term:
        label += f" khóa {c.term}"
    if not (c.number or c.issuer or c.term):
        label = c.label
    return label


def write(ex: Extraction, province: str | None, province_source: str,
          curation: Curation | None = None) -> GraphWriter:
    w = GraphWriter(ex, province, curation)
    w.source(province, province_source)
    for org, ev in ex.orgs:
        w.org(org, ev)
    w.persons()
    sessions = w.sessions()
    w.items(sessions)
    w.citations()
    w.events(sessions)
    w.role_only()
    return w


def to_triples(ex: Extraction, province: str | None, province_source: str,
               curation: Curation | None = None) -> list[tuple]:
    """The document's triples, in a fixed order, without building an rdflib Graph (the
    batch build serialises them straight to N-Quads)."""
    return list(write(ex, province, province_source, curation).triples)


def to_graph(ex: Extraction, province: str | None, province_source: str,
             curation: Curation | None = None) -> Graph:
    return write(ex, province, province_source, curation).g
