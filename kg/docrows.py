"""What the cross-document layer reads of each document, from the store or from the workers.

kg.identity and kg.resolve read tables of every document's graph (holdings, personnel events,
role-only mentions, persons, person mentions, reference dates, posts, and what the derived
graph's single copies hold: organisations, parents, post labels, participations, session
numbers, quotes). `QUERIES` holds them as SPARQL over the store: each pattern lies inside one
document's graph, so a table is the union of what each graph gives. `of_triples` computes the same rows from one document's triples,
in the worker that just made them; a build into an empty store keeps these rows (`Spool`) and
the derivation reads them instead of querying the store again, which cost more than the
extraction at 100k articles (every term a store returns is decoded, about 10 µs each).

`tests/test_docrows.py` checks that both give the same rows, and the same derived graph.
"""
from __future__ import annotations

import pickle
import struct
import tempfile
from collections import defaultdict
from typing import Callable, Iterable, Iterator

from rdflib import Literal, URIRef

from .vocab import DCTERMS, FOAF, KG, OA, ORG, RDF, RDFS, SKOS

_PREFIXES = """
PREFIX kg: <https://w3id.org/kg-vn/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kgg: <https://w3id.org/kg-vn/graph/>
"""
#: name → SPARQL; the rows of every table are tuples in the order of its SELECT.
QUERIES: dict[str, str] = {
    "holdings": _PREFIXES + """
SELECT ?h ?person ?post ?ev ?date ?doc ?role ?rnode ?onode ?olabel ?name WHERE { GRAPH ?g {
  ?h a kg:PositionHolding ; org:member ?person ; kg:post ?post ; org:role ?rnode ;
     org:organization ?onode ; kg:evidence ?ev .
  ?rnode skos:prefLabel ?role . ?onode skos:prefLabel ?olabel . ?person foaf:name ?name .
  ?ev oa:hasSource ?doc ; kg:method ?method . FILTER(?method = "rule")
  OPTIONAL { ?doc kg:referenceDate ?date } } }""",
    "events": _PREFIXES + """
SELECT DISTINCT ?e ?class ?person ?post ?ev ?date ?label ?doc WHERE { GRAPH ?g {
  ?e a kg:PersonnelEvent , ?class ; kg:person ?person ; kg:post ?post ; kg:evidence ?ev .
  FILTER(?class != kg:PersonnelEvent)
  ?ev oa:hasSource ?doc ; kg:method ?method . FILTER(?method = "rule")
  OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e kg:session/dcterms:date ?sdate }
  OPTIONAL { ?doc kg:referenceDate ?ddate }
  BIND(COALESCE(?sdate, ?ddate) AS ?date) } }""",
    "role_mentions": _PREFIXES + """
SELECT ?m ?post ?ev ?doc ?date WHERE { GRAPH ?g {
  ?m a kg:RoleMention ; kg:post ?post ; kg:evidence ?ev .
  ?ev oa:hasSource ?doc ; kg:method ?method . FILTER(?method = "rule")
  OPTIONAL { ?doc kg:referenceDate ?date } } }""",
    "people": _PREFIXES + "SELECT DISTINCT ?p ?name WHERE { GRAPH ?g { ?p a kg:Person ; foaf:name ?name } }",
    "person_mentions": _PREFIXES + """
SELECT ?g ?p ?key ?name ?ev WHERE { GRAPH ?g {
  ?p a kg:Person ; kg:identityKey ?key ; foaf:name ?name ; kg:evidence ?ev . ?ev kg:method ?method FILTER(?method = "rule") } }""",
    "dates": _PREFIXES + """
SELECT ?g ?date WHERE { GRAPH ?g { ?d a kg:SourceDocument ; kg:referenceDate ?date } }""",
    "posts": _PREFIXES + """
SELECT DISTINCT ?g ?p ?role ?org ?orgname ?kind ?level WHERE { GRAPH ?g {
  { ?h a kg:PositionHolding ; org:member ?p ; kg:post ?post } UNION { ?h a kg:PersonnelEvent ; kg:person ?p ; kg:post ?post }
  ?post org:role/skos:prefLabel ?role ; org:postIn ?org .
  ?org a ?kind ; kg:level ?level ; skos:prefLabel ?orgname .
  FILTER(?kind != kg:Organization) } }""",
    # what the derived graph's one copy of organisations, posts and participations holds, and
    # the evidence of least quote of each (kg:firstQuoted)
    "org_facts": _PREFIXES + """
SELECT DISTINCT ?o ?class ?label ?level ?province ?plabel WHERE { GRAPH ?g {
  ?o a kg:Organization , ?class ; skos:prefLabel ?label . FILTER(?class != kg:Organization)
  OPTIONAL { ?o kg:level ?level }
  OPTIONAL { ?o kg:province ?province . ?province rdfs:label ?plabel } }
  FILTER(?g != kgg:_derived) }""",
    "org_parents": _PREFIXES + """
SELECT DISTINCT ?o ?up WHERE { GRAPH ?g { ?o org:subOrganizationOf ?up } FILTER(?g != kgg:_derived) }""",
    "post_labels": _PREFIXES + """
SELECT DISTINCT ?post ?label WHERE { GRAPH ?g { ?post a kg:Post ; rdfs:label ?label } FILTER(?g != kgg:_derived) }""",
    "participations": _PREFIXES + """
SELECT DISTINCT ?p ?session ?person WHERE { GRAPH ?g {
  ?p a kg:Participation ; kg:session ?session ; kg:participant ?person } FILTER(?g != kgg:_derived) }""",
    "session_numbers": _PREFIXES + """
SELECT DISTINCT ?s ?p ?value WHERE { GRAPH ?g {
  VALUES ?p { kg:ordinal kg:term } ?s a kg:Session ; ?p ?value } FILTER(?g != kgg:_derived) }""",
    "quotes": _PREFIXES + """
SELECT ?node ?ev ?exact WHERE { GRAPH ?g {
  VALUES ?type { kg:Organization kg:Participation }
  ?node a ?type ; kg:evidence ?ev . ?ev kg:quote ?exact } }""",
}
#: tables whose query is DISTINCT across the whole store (its rows carry no graph)
_DISTINCT_ACROSS = {"people", "org_facts", "org_parents", "post_labels", "participations", "session_numbers"}


def _is_rule(term) -> bool:
    """FILTER(?method = "rule"): a simple literal (or xsd:string) equal to "rule"."""
    return (isinstance(term, Literal) and term.language is None and str(term) == "rule"
            and (term.datatype is None or str(term.datatype).endswith("#string")))


_TYPE = RDF.type
_HOLDING, _EVENT, _ROLE_MENTION, _PERSON, _SOURCE, _ORGANIZATION = (
    KG.PositionHolding, KG.PersonnelEvent, KG.RoleMention, KG.Person, KG.SourceDocument, KG.Organization)
_MEMBER, _POST, _ROLE, _ORG, _EVIDENCE, _PREF, _NAME, _HAS_SOURCE, _METHOD, _REF_DATE = (
    ORG.member, KG.post, ORG.role, ORG.organization, KG.evidence, SKOS.prefLabel, FOAF.name, OA.hasSource,
    KG.method, KG.referenceDate)
_PERSON_OF, _LABEL, _SESSION, _DATE, _KEY, _POST_IN, _LEVEL = (
    KG.person, RDFS.label, KG.session, DCTERMS.date, KG.identityKey, ORG.postIn, KG.level)
_PROVINCE, _PARENT, _PARTICIPANT, _QUOTE, _POST_CLASS, _PARTICIPATION = (
    KG.province, ORG.subOrganizationOf, KG.participant, KG.quote, KG.Post, KG.Participation)
_SESSION_CLASS, _ORDINAL, _TERM = KG.Session, KG.ordinal, KG.term
#: the predicates the queries read: the others are not indexed
_READ = frozenset({_TYPE, _MEMBER, _POST, _ROLE, _ORG, _EVIDENCE, _PREF, _NAME, _HAS_SOURCE, _METHOD, _REF_DATE,
                   _PERSON_OF, _LABEL, _SESSION, _DATE, _KEY, _POST_IN, _LEVEL, _PROVINCE, _PARENT,
                   _PARTICIPANT, _QUOTE, _ORDINAL, _TERM})


def of_triples(triples: Iterable[tuple], graph: URIRef) -> dict[str, list[tuple]]:
    """The rows each query of QUERIES gives on one document's graph holding `triples`."""
    idx: dict = defaultdict(lambda: defaultdict(list))
    typed: dict = defaultdict(list)
    read = _READ
    for s, p, o in dict.fromkeys(t for t in triples if t[1] in read):  # a graph is a set
        idx[s][p].append(o)
        if p == _TYPE:
            typed[o].append(s)

    def objs(s, p) -> list:
        node = idx.get(s)
        return node.get(p, []) if node else []

    def opt(values: list) -> list:
        return values or [None]

    def stated(ev) -> Iterator:
        """(doc) for each oa:hasSource of a rule evidence, as many times as it has such methods."""
        for doc in objs(ev, _HAS_SOURCE):
            for method in objs(ev, _METHOD):
                if _is_rule(method):
                    yield doc

    holdings = [
        (h, person, post, ev, date, doc, role, rnode, onode, olabel, name)
        for h in typed.get(_HOLDING, ())
        for person in objs(h, _MEMBER) for post in objs(h, _POST) for rnode in objs(h, _ROLE)
        for onode in objs(h, _ORG) for ev in objs(h, _EVIDENCE)
        for role in objs(rnode, _PREF) for olabel in objs(onode, _PREF)
        for name in objs(person, _NAME)
        for doc in stated(ev) for date in opt(objs(doc, _REF_DATE))]
    events = list(dict.fromkeys(
        (e, cls, person, post, ev, sdate if sdate is not None else ddate, label, doc)
        for e in typed.get(_EVENT, ())
        for cls in objs(e, _TYPE) if cls != _EVENT
        for person in objs(e, _PERSON_OF) for post in objs(e, _POST) for ev in objs(e, _EVIDENCE)
        for doc in stated(ev)
        for label in opt(objs(e, _LABEL))
        for sdate in opt([d for s in objs(e, _SESSION) for d in objs(s, _DATE)])
        for ddate in opt(objs(doc, _REF_DATE))))
    role_mentions = [
        (m, post, ev, doc, date)
        for m in typed.get(_ROLE_MENTION, ())
        for post in objs(m, _POST) for ev in objs(m, _EVIDENCE)
        for doc in stated(ev) for date in opt(objs(doc, _REF_DATE))]
    persons = typed.get(_PERSON, ())
    people = list(dict.fromkeys((p, name) for p in persons for name in objs(p, _NAME)))
    person_mentions = [
        (graph, p, key, name, ev)
        for p in persons for key in objs(p, _KEY) for name in objs(p, _NAME)
        for ev in objs(p, _EVIDENCE) for method in objs(ev, _METHOD) if _is_rule(method)]
    dates = [(graph, date) for d in typed.get(_SOURCE, ()) for date in objs(d, _REF_DATE)]
    held = [(p, post) for h in typed.get(_HOLDING, ())
            for p in objs(h, _MEMBER) for post in objs(h, _POST)]
    held += [(p, post) for h in typed.get(_EVENT, ())
             for p in objs(h, _PERSON_OF) for post in objs(h, _POST)]
    posts = list(dict.fromkeys(
        (graph, p, role, org, orgname, kind, level)
        for p, post in held
        for rnode in objs(post, _ROLE) for role in objs(rnode, _PREF)
        for org in objs(post, _POST_IN)
        for kind in objs(org, _TYPE) if kind != _ORGANIZATION
        for level in objs(org, _LEVEL) for orgname in objs(org, _PREF)))
    orgs = typed.get(_ORGANIZATION, ())
    org_facts = list(dict.fromkeys(
        (o, cls, label, level, province, plabel)
        for o in orgs for cls in objs(o, _TYPE) if cls != _ORGANIZATION for label in objs(o, _PREF)
        for level in opt(objs(o, _LEVEL))
        for province, plabel in ([(pr, pl) for pr in objs(o, _PROVINCE) for pl in objs(pr, _LABEL)] or [(None, None)])))
    org_parents = list(dict.fromkeys((o, up) for o in idx for up in objs(o, _PARENT)))
    post_labels = list(dict.fromkeys((post, label) for post in typed.get(_POST_CLASS, ()) for label in objs(post, _LABEL)))
    participations = list(dict.fromkeys(
        (p, session, person) for p in typed.get(_PARTICIPATION, ())
        for session in objs(p, _SESSION) for person in objs(p, _PARTICIPANT)))
    session_numbers = list(dict.fromkeys(
        (sn, p, value) for sn in typed.get(_SESSION_CLASS, ()) for p in (_ORDINAL, _TERM) for value in objs(sn, p)))
    quotes = [(node, ev, exact) for kind in (_ORGANIZATION, _PARTICIPATION)
              for node in typed.get(kind, ()) for ev in objs(node, _EVIDENCE) for exact in objs(ev, _QUOTE)]
    return {"holdings": holdings, "events": events, "role_mentions": role_mentions, "people": people,
            "person_mentions": person_mentions, "dates": dates, "posts": posts, "org_facts": org_facts,
            "org_parents": org_parents, "post_labels": post_labels, "participations": participations,
            "session_numbers": session_numbers, "quotes": quotes}


class StoreRows:
    """The tables as the store answers them (any build, any backend)."""

    def __init__(self, store) -> None:
        self.store = store

    def rows(self, name: str) -> list[tuple]:
        return self.store.query(QUERIES[name]).rows

    def renamed(self, renames: dict[str, Callable]) -> None:
        """The store's graphs are rewritten by kg.identity itself: nothing to do here."""


_CACHE = 200_000


def _encode(term):
    """A term as plain Python data, which pickles and unpickles several times faster than
    rdflib's terms: an IRI as its str, a literal as (value, language, datatype)."""
    if term is None or type(term) is URIRef:
        return None if term is None else str(term)
    if isinstance(term, Literal):
        return (str(term), term.language, None if term.datatype is None else str(term.datatype))
    raise ValueError(f"unexpected term in a derivation row: {term!r}")


def encoded(tables: dict[str, list[tuple]]) -> dict[str, bytes]:
    """The tables of `of_triples` as a worker sends them to a Spool: each table's rows as plain
    data (`_encode`), pickled. The build's main process only writes these bytes to the spool's
    files; unpickling the rows as they came from the pipe and pickling them again for the files
    took it about 1 ms a document."""
    return {name: pickle.dumps([tuple(map(_encode, row)) for row in rows], protocol=pickle.HIGHEST_PROTOCOL)
            for name, rows in tables.items() if rows}


_RECORD = struct.Struct("<II")  # a spooled table of one document: id length, rows length


class Spool:
    """The tables of the documents of one build, computed by the workers, kept in temporary
    files (one a table, not in memory) until the derivation reads them."""

    def __init__(self) -> None:
        self._files = {name: tempfile.TemporaryFile(prefix=f"kg-{name}-") for name in QUERIES}
        self._renames: dict[str, Callable] = {}

    def add(self, doc_id: str, tables: dict[str, bytes]) -> None:
        """One document's tables, `encoded`: each goes to its table's file as it is, after the
        document id."""
        key = doc_id.encode()
        for name, rows in tables.items():
            f = self._files[name]
            f.write(_RECORD.pack(len(key), len(rows)))
            f.write(key)
            f.write(rows)

    def _documents(self, name: str) -> Iterator[tuple[str, list]]:
        f = self._files[name]
        f.flush()
        f.seek(0)
        head = _RECORD.size
        try:
            while len(record := f.read(head)) == head:
                id_size, rows_size = _RECORD.unpack(record)
                doc_id = f.read(id_size).decode()
                yield doc_id, pickle.loads(f.read(rows_size))
        finally:
            f.seek(0, 2)  # back at the end, for any later add()

    def renamed(self, renames: dict[str, Callable]) -> None:
        """Person IRIs that kg.identity changed in some documents: `renames` maps a document
        id to the function that rewrites a term of that document's graph."""
        self._renames = dict(renames)

    def rows(self, name: str) -> Iterable[tuple]:
        """The table's rows, read back one batch at a time (a generator: at 100k articles the
        biggest tables hold a million rows, which the derivation folds as it reads). One
        reading of a table at a time."""
        iris: dict[str, URIRef] = {}
        literals: dict[tuple, Literal] = {}

        def decode(value):
            if value is None:
                return None
            if type(value) is str:
                term = iris.get(value)
                if term is None:
                    if len(iris) > _CACHE:  # one copy of the terms that repeat, not of every evidence
                        iris.clear()
                    term = iris[value] = URIRef(value)
                return term
            term = literals.get(value)
            if term is None:
                if len(literals) > _CACHE:
                    literals.clear()
                text, lang, datatype = value
                term = literals[value] = Literal(text, lang=lang, datatype=None if datatype is None else URIRef(datatype))
            return term

        seen: set | None = set() if name in _DISTINCT_ACROSS else None
        for doc_id, rows in self._documents(name):
            swap = self._renames.get(doc_id)
            for row in rows:
                terms = tuple(map(decode, row))
                if swap is not None:
                    terms = tuple(map(swap, terms))
                if seen is not None:
                    if terms in seen:
                        continue
                    seen.add(terms)
                yield terms

    def close(self) -> None:
        for f in self._files.values():
            f.close()
