"""What the views and the network exports read of the graph: one SPARQL table per kind of
node, relation and evidence, as rows of text (``Store.select_text``).

Every pattern lies inside one named graph (``GRAPH ?g``): a document's facts and their
evidence live in its own graph (ontology/MODEL.md), and on Oxigraph the union default graph
is a multiset, so a join over the union would meet a resource once per document that names
it. A value stated by several documents comes back once per distinct spelling; the readers
(kg.network) keep the least. At 35,000 articles the whole read is a few million rows, which
the embedded store writes as CSV in Rust (kg.store.oxigraph) rather than as Python terms.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

from rdflib import Dataset, Graph

from kg.store import Store

_PREFIXES = """PREFIX kg: <https://w3id.org/kg-vn/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
DERIVED = "<https://w3id.org/kg-vn/graph/_derived>"
_EVENT_CLASSES = ("kg:Election kg:Appointment kg:Dismissal kg:Retirement kg:Transfer kg:Designation "
                  "kg:Assignment kg:Approval kg:Nomination")

#: name -> SPARQL; a table's rows are tuples of text in the order of its SELECT. ``{derived}``
#: is the derived graph, which holds one copy of what every document repeats (organisations,
#: holdings, names: MODEL.md), or ``?g`` for a source without one (a Graph given as such).
QUERIES: dict[str, str] = {
    "persons": "SELECT DISTINCT ?p ?name WHERE { GRAPH {derived} { ?p foaf:name ?name } }",
    "orgs": """SELECT DISTINCT ?o ?label ?level ?province WHERE { GRAPH {derived} {
  ?o a kg:Organization ; skos:prefLabel ?label .
  OPTIONAL { ?o kg:level ?level } OPTIONAL { ?o kg:province/rdfs:label ?province } } }""",
    "org_classes": "SELECT DISTINCT ?o ?cls WHERE { GRAPH {derived} { ?o a kg:Organization , ?cls } }",
    "org_parent": "SELECT DISTINCT ?o ?parent WHERE { GRAPH {derived} { ?o org:subOrganizationOf ?parent } }",
    "org_alt": "SELECT DISTINCT ?o ?alt WHERE { GRAPH ?g { ?o skos:altLabel ?alt } }",
    "sessions": """SELECT DISTINCT ?s ?label ?body ?kind ?ordinal ?term ?period ?date ?date_text ?only
WHERE { GRAPH ?g { ?s a kg:Session ; rdfs:label ?label .
  OPTIONAL { ?s kg:body ?body } OPTIONAL { ?s kg:sessionKind/skos:prefLabel ?kind }
  OPTIONAL { ?s kg:ordinal ?ordinal } OPTIONAL { ?s kg:term ?term }
  OPTIONAL { ?s kg:termPeriod ?period } OPTIONAL { ?s dcterms:date ?date }
  OPTIONAL { ?s kg:dateText ?date_text } OPTIONAL { ?s kg:referencedOnly ?only } } }""",
    "items": """SELECT DISTINCT ?i ?label ?session ?type WHERE { GRAPH ?g {
  ?i a kg:AgendaItem ; rdfs:label ?label ; kg:session ?session OPTIONAL { ?i kg:itemType ?type } } }""",
    "decisions": "SELECT DISTINCT ?i WHERE { GRAPH ?g { ?i a kg:Decision } }",
    "citeddocs": """SELECT DISTINCT ?c ?label ?type ?number ?date ?issuer WHERE { GRAPH ?g {
  ?c a kg:CitedDocument ; rdfs:label ?label .
  OPTIONAL { ?c kg:documentType ?type } OPTIONAL { ?c kg:documentNumber ?number }
  OPTIONAL { ?c dcterms:date ?date } OPTIONAL { ?c kg:issuer ?issuer } } }""",
    "cited_in": "SELECT DISTINCT ?c ?doc WHERE { GRAPH ?g { ?c kg:citedIn ?doc } }",
    "documents": """SELECT ?d ?id ?title ?issued ?site ?url ?province WHERE { GRAPH ?g {
  ?d a kg:SourceDocument ; dcterms:identifier ?id .
  OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:issued ?issued }
  OPTIONAL { ?d kg:sourceSite ?site } OPTIONAL { ?d schema:url ?url }
  OPTIONAL { ?d kg:province/rdfs:label ?province } } }""",
    "texts": "SELECT ?id ?text WHERE { GRAPH ?g { ?d a kg:SourceDocument ; dcterms:identifier ?id ; schema:text ?text } }",
    "participations": """SELECT DISTINCT ?pt ?person ?session ?role WHERE { GRAPH ?g {
  ?pt kg:participationRole ?role ; kg:participant ?person ; kg:session ?session } }""",
    "holdings": """SELECT DISTINCT ?h ?person ?org ?post ?role ?post_label WHERE { GRAPH {derived} {
  ?h org:member ?person ; org:organization ?org ; kg:post ?post .
  OPTIONAL { ?h org:role/skos:prefLabel ?role } OPTIONAL { ?post rdfs:label ?post_label } } }""",
    "holding_dates": """SELECT DISTINCT ?h ?first ?last ?begin ?finish WHERE { GRAPH {derived} {
  { ?h kg:firstStated ?first ; kg:lastStated ?last }
  UNION { ?h org:memberDuring/time:hasBeginning/time:inXSDDate ?begin }
  UNION { ?h org:memberDuring/time:hasEnd/time:inXSDDate ?finish } } }""",
    "succession": "SELECT DISTINCT ?b ?a WHERE { GRAPH {derived} { ?b kg:succeeds ?a } }",
    "events": f"""SELECT DISTINCT ?e ?cls ?person ?org ?post ?role ?post_label ?session ?date ?result
WHERE {{ GRAPH ?g {{ VALUES ?cls {{ {_EVENT_CLASSES} }}
  ?e a ?cls ; kg:person ?person ; kg:post ?post . ?post org:postIn ?org .
  OPTIONAL {{ ?post org:role/skos:prefLabel ?role }} OPTIONAL {{ ?post rdfs:label ?post_label }}
  OPTIONAL {{ ?e kg:session ?session }} OPTIONAL {{ ?e dcterms:date ?date }}
  OPTIONAL {{ ?e kg:result ?result }} }} }}""",
    "role_mentions": "SELECT DISTINCT ?m ?label WHERE { GRAPH ?g { ?m a kg:RoleMention ; rdfs:label ?label } }",
    # Evidence: which node or fact rests on which evidence. The span is read from the
    # evidence's IRI (MODEL.md: kgr:evidence/<doc-id>/<start>-<end>-<rule>) and the quote
    # from the document's text; "spans" reads them as triples, for a graph without either.
    "evidence": f"SELECT ?n ?ev WHERE {{ GRAPH ?g {{ ?n kg:evidence ?ev }} FILTER(?g != {DERIVED}) }}",
    "anchored": "SELECT DISTINCT ?n ?a WHERE { GRAPH {derived} { ?n kg:evidence/kg:anchor ?a } }",
    "spans": """SELECT ?ev ?doc ?start ?end ?quote ?rule WHERE { GRAPH ?g {
  ?ev kg:start ?start ; kg:end ?end ; kg:quote ?quote ; kg:rule ?rule ; oa:hasSource/dcterms:identifier ?doc } }""",
}
def session_date(date: str) -> str:
    """The date a view files a session under: the one place that reads it, so that it can
    follow the graph (a date resolved from the article's, say) without touching the pages.
    Today: ``dcterms:date``, written only when the text gives the year; else "" (undated,
    never guessed)."""
    return date


def as_store(source) -> tuple[Store, bool]:
    """A Store to read from, and whether it was made here (to be closed by the caller).
    A Graph or Dataset (tests, notebooks) becomes one graph of an in-memory Oxigraph store:
    its triples are read as a union, as an rdflib Graph would be."""
    from kg.store.oxigraph import OxigraphStore

    if isinstance(source, Store):
        return source, False
    union = Graph()
    triples = source.quads((None, None, None, None)) if isinstance(source, Dataset) else source
    for triple in triples:
        union.add(triple[:3])
    store = OxigraphStore(None)
    store.replace_document("all", union)
    return store, True


#: the tables read aside (kg.store.aside, by the store's select_text_aside) while this process reads the
#: documents, their texts and the evidence, and makes the evidence records of them
ASIDE = ("sessions", "items", "decisions", "participations", "citeddocs", "cited_in", "events",
         "org_alt", "role_mentions", "persons", "orgs", "org_classes", "org_parent", "holdings",
         "holding_dates", "succession")


class Tables:
    """The tables of one source, each read once, when first asked for; on an embedded store
    opened read-only, the tables of ASIDE are read by another process in the meantime."""

    def __init__(self, source, aside: bool = True) -> None:
        self.store, self._own = as_store(source)
        self.derived = DERIVED if "_derived" in self.store.document_ids() else "?g"
        self._rows: dict[str, list[tuple[str, ...]]] = {}
        self._folder = tempfile.TemporaryDirectory(prefix="kg-view-")
        start = getattr(self.store, "select_text_aside", None) if aside else None
        self._aside = start({name: self._sparql(name) for name in ASIDE}, Path(self._folder.name)) \
            if start else None

    def _sparql(self, name: str) -> str:
        return _PREFIXES + QUERIES[name].replace("{derived}", self.derived)

    def _read(self, name: str) -> Iterator[tuple[str, ...]]:
        if self._aside and name in self._aside:
            from kg.store.aside import csv_rows

            with open(self._aside.path(name), "rb") as f:  # waits for the other process
                yield from csv_rows(f)
        else:
            yield from self.store.select_text(self._sparql(name))

    def __getitem__(self, name: str) -> list[tuple[str, ...]]:
        """A table, sorted (what is made of it does not depend on the engine's order), kept."""
        if name not in self._rows:
            self._rows[name] = sorted(set(self._read(name)))
        return self._rows[name]

    def stream(self, name: str) -> Iterator[tuple[str, ...]]:
        """A big table (the evidence, the texts) a row at a time, in the engine's order, not kept."""
        return self._read(name)

    def close(self) -> None:
        if self._aside:
            self._aside.close()
        self._folder.cleanup()
        if self._own:
            self.store.close()
