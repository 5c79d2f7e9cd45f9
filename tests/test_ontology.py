"""The ontology (kg.ttl), its shapes (shapes.ttl), examples, README and kg.vocab agree."""

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.resources import lexicon_dir, ontology_dir, queries_dir, repo_root, viz_dir
from kg.shacl import validate, validate_report
from kg.vocab import KG, KGR, OA

ONTOLOGY_DIR = ontology_dir()
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-vn/def")
NS = str(KG)
SH = Namespace("http://www.w3.org/ns/shacl#")
KGSH = Namespace("https://w3id.org/kg-vn/shapes#")
TERM_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept}
# Tone mark on the second vowel of a syllable-final oa/oe/uy (hoà, khoẻ, Uỷ), not after q.
OLD_TONES = re.compile(r"(?<![q])(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])", re.IGNORECASE)

VALID = sorted((ONTOLOGY_DIR / "examples" / "valid").glob("*.ttl"))
INVALID = sorted((ONTOLOGY_DIR / "examples" / "invalid").glob("*.ttl"))


@lru_cache(maxsize=None)
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@lru_cache(maxsize=None)
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def ontology_terms() -> set[URIRef]:
    return {s for s in ontology().subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def literal(graph, subject, predicate, lang):
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang]


def load(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


# ---------------------------------------------------------------- kg.ttl


def test_ontology_header():
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert literal(g, ONTOLOGY_IRI, DCTERMS.title, "en") and literal(g, ONTOLOGY_IRI, DCTERMS.title, "vi")
    assert literal(g, ONTOLOGY_IRI, DCTERMS.description, "en")


def test_every_model_term_is_defined():
    model = (ONTOLOGY_DIR / "MODEL.md").read_text(encoding="utf-8")
    mentioned = {KG[name] for name in set(re.findall(r"\bkg:([A-Za-z]+)", model))}
    assert mentioned - ontology_terms() == set()


@pytest.mark.parametrize("term", sorted(ontology_terms()), ids=lambda t: t[len(NS):])
def test_term_is_documented(term):
    g = ontology()
    kinds = set(g.objects(term, RDF.type)) & TERM_KINDS
    assert len(kinds) == 1, f"{term} must be exactly one of class/property/scheme/concept"
    (vi,) = literal(g, term, RDFS.label, "vi")
    (en,) = literal(g, term, RDFS.label, "en")
    assert vi.strip() and en.strip()
    definitions = literal(g, term, RDFS.comment, "en") + literal(g, term, SKOS.definition, "en")
    assert len(definitions) == 1, f"{term} needs one English rdfs:comment or skos:definition"
    text = str(definitions[0])
    assert "\n" not in text and text.endswith(".") and text[0].isupper()
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in g


def test_vietnamese_text_is_nfc_with_new_tone_marks():
    for s, p, o in ontology():
        if isinstance(o, Literal) and o.language == "vi":
            assert unicodedata.is_normalized("NFC", str(o)), (s, o)
            assert not OLD_TONES.search(str(o)), (s, o)


def test_old_tone_regex():
    assert OLD_TONES.search("Uỷ ban") and OLD_TONES.search("khoá XX") and OLD_TONES.search("hoà")
    for ok in ("Ủy ban", "khóa XX", "hòa", "hoàn thành", "Huỳnh", "quý", "ngoài", "Nguyễn"):
        assert not OLD_TONES.search(ok), ok


def test_subclass_links_to_standard_vocabularies():
    g = ontology()
    org, foaf, schema, prov = (Namespace(n) for n in (
        "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "https://schema.org/",
        "http://www.w3.org/ns/prov#"))
    expected = {
        KG.SourceDocument: {foaf.Document, prov.Entity},
        KG.Evidence: {OA.SpecificResource, prov.Entity},
        KG.Person: {foaf.Person, schema.Person, prov.Agent},
        KG.Organization: {org.Organization},
        KG.Province: {schema.AdministrativeArea},
        KG.Role: {org.Role, SKOS.Concept},
        KG.Post: {org.Post},
        KG.PositionHolding: {org.Membership},
        KG.Session: {schema.Event, prov.Activity},
        KG.PersonnelEvent: {org.ChangeEvent, prov.Activity},
        KG.CitedDocument: {DCTERMS.BibliographicResource},
        KG.Decision: {KG.AgendaItem},
    }
    for cls, parents in expected.items():
        assert set(g.objects(cls, RDFS.subClassOf)) == parents, cls
    for sub in ("PartyCommittee", "StandingCommittee", "PartyOrganization", "PartyCaucus",
                "PeoplesCouncil", "PeoplesCommittee", "Department", "NationalBody",
                "NationalAssemblyDelegation", "MassOrganization"):
        assert (KG[sub], RDFS.subClassOf, KG.Organization) in g
    for sub in ("Election", "Appointment", "Dismissal", "Retirement", "Transfer", "Designation"):
        assert (KG[sub], RDFS.subClassOf, KG.PersonnelEvent) in g
    assert (KG.evidence, RDFS.subPropertyOf, prov.wasDerivedFrom) in g


def test_concept_schemes():
    g = ontology()
    kinds = {KG.HoiNghi: "Hội nghị", KG.KyHop: "Kỳ họp", KG.PhienHop: "Phiên họp",
             KG.GiaoBan: "Giao ban", KG.DaiHoi: "Đại hội"}
    assert set(g.subjects(SKOS.inScheme, KG.SessionKinds)) == set(kinds)
    for concept, label in kinds.items():
        assert Literal(label, lang="vi") in g.objects(concept, SKOS.prefLabel)
        assert (KG.SessionKinds, SKOS.hasTopConcept, concept) in g
    statuses = {KG.Approved: "approved", KG.Discussed: "discussed"}
    assert set(g.subjects(SKOS.inScheme, KG.ItemStatuses)) == set(statuses)
    for concept, notation in statuses.items():
        assert g.value(concept, SKOS.notation) == Literal(notation)


# ---------------------------------------------------------------- kg.vocab


def test_vocab_matches_ontology_both_ways():
    vocab = set(dir(KG))
    assert vocab - ontology_terms() == set(), "in kg/vocab.py but not in kg.ttl"
    assert ontology_terms() - vocab == set(), "in kg.ttl but not in kg/vocab.py"


def test_vocab_is_closed():
    assert KG.Session == URIRef(NS + "Session")
    with pytest.raises(AttributeError):
        KG.nonexistent
    with pytest.raises(AttributeError):
        KG["Sesion"]
    with pytest.raises(AttributeError):
        OA.nonexistent
    assert OA.TextQuoteSelector == URIRef("http://www.w3.org/ns/oa#TextQuoteSelector")


def test_resource_dirs():
    assert (ontology_dir() / "kg.ttl").is_file()
    assert ontology_dir() == repo_root() / "ontology"
    assert queries_dir() == repo_root() / "queries"
    assert viz_dir() == repo_root() / "viz"
    assert lexicon_dir() == repo_root() / "kg" / "lexicons"


# ---------------------------------------------------------------- README


def test_readme_lists_every_term():
    readme = (ONTOLOGY_DIR / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1) for m in re.finditer(r"^\| `kg:(\w+)` \|", readme, re.M)}
    assert {str(t)[len(NS):] for t in ontology_terms()} - rows == set()


def test_readme_labels_match_ontology():
    readme = (ONTOLOGY_DIR / "README.md").read_text(encoding="utf-8")
    g = ontology()
    for term in ontology_terms():
        row = re.search(rf"^\| `kg:{str(term)[len(NS):]}` \|(.*)$", readme, re.M).group(1)
        cells = [c.strip() for c in row.split(" | ")]
        assert cells[1] == str(literal(g, term, RDFS.label, "vi")[0]), term
        assert cells[2] == str(literal(g, term, RDFS.label, "en")[0]), term


# ---------------------------------------------------------------- shapes


def test_shapes_use_only_defined_kg_terms():
    used = {t for triple in shapes() for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used - ontology_terms() == set()


def test_shapes_and_constraints_are_named():
    g = shapes()
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        for s in g.subjects(RDF.type, kind):
            assert isinstance(s, URIRef) and str(s).startswith(str(KGSH)), s
    for node_shape, prop in g.subject_objects(SH.property):
        assert isinstance(prop, URIRef), f"{node_shape}: property shapes must be named"


# ---------------------------------------------------------------- examples


def test_there_are_examples():
    assert len(VALID) >= 1
    assert len(INVALID) >= 10


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_conforms(path):
    conforms, text = validate(load(path))
    assert conforms, text


def source_text(path: Path, graph: rdflib.Graph, doc: URIRef) -> str | None:
    doc_id = str(graph.value(doc, DCTERMS.identifier))
    corpus = repo_root() / "data" / "corpus" / f"{doc_id}.txt"
    if corpus.is_file():
        return corpus.read_text(encoding="utf-8")
    header = re.search(r"^# source-text: (.*)$", path.read_text(encoding="utf-8"), re.M)
    return header.group(1) if header else None


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_evidence_quotes_its_source(path):
    g = load(path)
    evidences = list(g.subjects(RDF.type, KG.Evidence))
    assert evidences
    for ev in evidences:
        doc = g.value(ev, OA.hasSource)
        text = source_text(path, g, doc)
        assert text is not None, f"no source text for {doc}"
        assert g.value(doc, KG.contentHash) == Literal(hashlib.sha256(text.encode("utf-8")).hexdigest())
        assert g.value(doc, KG.charCount).toPython() == len(text)
        assert g.value(ev, OA.hasSelector) is None  # the span is on the evidence itself
        start, end = g.value(ev, KG.start).toPython(), g.value(ev, KG.end).toPython()
        assert text[start:end] == str(g.value(ev, KG.quote)), ev
        doc_id = str(g.value(doc, DCTERMS.identifier))
        assert str(ev).startswith(str(KGR[f"evidence/{doc_id}/{start}-{end}-"])), ev


def test_valid_example_has_no_blank_nodes():
    for path in VALID:
        for triple in load(path):
            assert not any(isinstance(t, rdflib.BNode) for t in triple), (path.name, triple)


def test_complete_example_covers_the_model():
    g = load(ONTOLOGY_DIR / "examples" / "valid" / "doc-003-complete.ttl")
    holding = next(g.subjects(RDF.type, KG.PositionHolding))
    assert holding is not None
    ubnd_posts = [
        post for post in g.subjects(RDF.type, KG.Post)
        if g.value(g.value(post, URIRef("http://www.w3.org/ns/org#postIn")), SKOS.prefLabel)
        == Literal("UBND tỉnh Thái Nguyên", lang="vi")
    ]
    assert ubnd_posts and any((h, KG.post, ubnd_posts[0]) in g for h in g.subjects(RDF.type, KG.PositionHolding))
    assert any(True for _ in g.subjects(KG.participationRole, Literal("chair")))
    assert any(True for _ in g.subjects(KG.itemStatus, KG.Approved))
    assert any(True for _ in g.subjects(RDF.type, KG.CitedDocument))


def expected_shape(path: Path) -> URIRef:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# INVALID: "), f"{path.name}: first line must say what is broken"
    name = re.search(r"^# expect: kgsh:(\S+)$", text, re.M).group(1)
    return KGSH[name]


def failing_rules(report: rdflib.Graph) -> set[URIRef]:
    """The named rule of each top-level result: SPARQL constraint, else source shape."""
    rules = set()
    for result in report.objects(None, SH.result):
        rules.add(report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape))
    return rules


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_breaks_exactly_its_rule(path):
    expected = expected_shape(path)
    assert (expected, None, None) in shapes(), f"{expected} is not in shapes.ttl"
    conforms, report, text = validate_report(load(path))
    assert not conforms
    assert failing_rules(report) == {expected}, text


def test_subclass_targets_work_without_inference():
    """A node typed only kg:PeoplesCommittee is checked as a kg:Organization."""
    g = load(ONTOLOGY_DIR / "examples" / "valid" / "doc-003-complete.ttl")
    ubnd = KGR["org/ubnd-tinh-thai-nguyen"]
    assert set(g.objects(ubnd, RDF.type)) == {KG.PeoplesCommittee}
    g.remove((ubnd, SKOS.prefLabel, None))
    conforms, report, _ = validate_report(g)
    assert not conforms
    assert failing_rules(report) == {KGSH["Organization-prefLabel"]}


def test_validate_uses_the_union_of_named_graphs():
    """Facts in one named graph, their evidence in another: valid only as a union."""
    g = load(ONTOLOGY_DIR / "examples" / "valid" / "doc-003-complete.ttl")
    ds = rdflib.Dataset()
    facts, evidence = ds.graph(URIRef("urn:x:facts")), ds.graph(URIRef("urn:x:evidence"))
    ev_nodes = set(g.subjects(RDF.type, KG.Evidence))
    for s, p, o in g:
        (evidence if s in ev_nodes else facts).add((s, p, o))
    conforms, text = validate(ds)
    assert conforms, text
    conforms, _ = validate(rdflib.Graph() + facts)
    assert not conforms


def test_xsd_integer_literals_in_example_are_typed():
    g = load(ONTOLOGY_DIR / "examples" / "valid" / "doc-003-complete.ttl")
    session = next(g.subjects(RDF.type, KG.Session))
    assert g.value(session, KG.ordinal).datatype == URIRef("http://www.w3.org/2001/XMLSchema#integer")
