"""Namespaces of the kg graph.

``KG`` is closed: it lists exactly the terms of ``ontology/kg.ttl`` (a test checks both
directions), so a typo such as ``KG.Sesion`` raises ``AttributeError`` instead of minting a
new IRI. ``OA`` is closed too, over the Web Annotation terms we use (rdflib has no OA).
The standard namespaces are re-exported so callers import everything from here.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)

SCHEMA = SDO  # https://schema.org/

#: Our resources: ``KGR["person/nguyen-thanh-hai"]``.
KGR = Namespace("https://w3id.org/kg-vn/id/")
#: One named graph per source document: ``KGG["003_67efde651a632140"]``.
KGG = Namespace("https://w3id.org/kg-vn/graph/")


class KG(DefinedNamespace):
    """The kg ontology, https://w3id.org/kg-vn/def#."""

    _NS = Namespace("https://w3id.org/kg-vn/def#")
    _fail = True

    # Classes
    SourceDocument: URIRef
    Evidence: URIRef
    Person: URIRef
    Organization: URIRef
    PartyCommittee: URIRef
    StandingCommittee: URIRef
    PartyOrganization: URIRef
    PartyCaucus: URIRef
    PeoplesCouncil: URIRef
    PeoplesCommittee: URIRef
    Department: URIRef
    NationalBody: URIRef
    NationalAssemblyDelegation: URIRef
    MassOrganization: URIRef
    SecurityForce: URIRef
    JudicialBody: URIRef
    Enterprise: URIRef
    PublicInstitution: URIRef
    Province: URIRef
    Role: URIRef
    Post: URIRef
    PositionHolding: URIRef
    Session: URIRef
    Participation: URIRef
    AgendaItem: URIRef
    Decision: URIRef
    PersonnelEvent: URIRef
    Election: URIRef
    Appointment: URIRef
    Dismissal: URIRef
    Retirement: URIRef
    Transfer: URIRef
    Designation: URIRef
    Assignment: URIRef
    Approval: URIRef
    Nomination: URIRef
    act: URIRef
    approves: URIRef
    CitedDocument: URIRef
    RoleMention: URIRef
    CandidateLink: URIRef

    # Object properties
    evidence: URIRef
    province: URIRef
    post: URIRef
    former: URIRef
    sessionKind: URIRef
    body: URIRef
    chair: URIRef
    attendee: URIRef
    session: URIRef
    participant: URIRef
    itemStatus: URIRef
    person: URIRef
    issuer: URIRef
    citedIn: URIRef
    inferredHolder: URIRef
    succeeds: URIRef
    startedBy: URIRef
    endedBy: URIRef
    candidateSameAs: URIRef
    candidate: URIRef
    candidateReason: URIRef
    identityKey: URIRef
    identityReason: URIRef

    # Datatype properties
    rule: URIRef
    method: URIRef
    quote: URIRef
    start: URIRef
    end: URIRef
    anchor: URIRef
    firstQuoted: URIRef
    provinceSource: URIRef
    sourceSite: URIRef
    contentHash: URIRef
    charCount: URIRef
    level: URIRef
    ordinal: URIRef
    term: URIRef
    termPeriod: URIRef
    dateText: URIRef
    dateSource: URIRef
    sittingOf: URIRef
    reportedItemCount: URIRef
    referencedOnly: URIRef
    participationRole: URIRef
    itemType: URIRef
    result: URIRef
    documentType: URIRef
    documentNumber: URIRef
    unresolvedReason: URIRef
    firstStated: URIRef
    lastStated: URIRef
    referenceDate: URIRef
    curation: URIRef

    # SKOS concept schemes and concepts
    SessionKinds: URIRef
    HoiNghi: URIRef
    KyHop: URIRef
    PhienHop: URIRef
    GiaoBan: URIRef
    DaiHoi: URIRef
    ItemStatuses: URIRef
    Approved: URIRef
    Discussed: URIRef


class OA(DefinedNamespace):
    """Web Annotation vocabulary (http://www.w3.org/ns/oa#), the terms kg uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


#: Prefix bindings for serialisation, in a stable order.
PREFIXES: dict[str, object] = {
    "kg": KG,
    "kgr": KGR,
    "kgg": KGG,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "oa": OA,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
}

__all__ = [
    "KG", "KGR", "KGG", "OA", "ORG", "FOAF", "SCHEMA", "SDO", "PROV", "TIME", "SKOS",
    "DCTERMS", "RDF", "RDFS", "XSD", "OWL", "PREFIXES",
]
