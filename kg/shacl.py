"""Validate a built graph against ``ontology/shapes.ttl``.

No RDFS/OWL entailment is run. ``kg.ttl`` is passed to pyshacl as the ontology graph, which
copies its axioms (``rdfs:subClassOf`` …) into a copy of the data graph; SHACL's own
``rdfs:subClassOf*`` handling of ``sh:targetClass`` and ``sh:class`` then sees that, say, a
``kg:PeoplesCommittee`` is a ``kg:Organization``. Domains and ranges never add types, so a
missing ``rdf:type`` is reported instead of being silently inferred.

A store with one named graph per source document must be validated as the union of its
graphs: :func:`validate` flattens a ``Dataset``/``ConjunctiveGraph`` first.
"""

from functools import lru_cache

import rdflib
from pyshacl import validate as _pyshacl_validate
from rdflib.graph import ConjunctiveGraph, Dataset

from .resources import ontology_dir


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def union_graph(graph: rdflib.Graph) -> rdflib.Graph:
    """All triples of ``graph`` in one plain Graph (named graphs merged)."""
    if not isinstance(graph, (Dataset, ConjunctiveGraph)):
        return graph
    flat = rdflib.Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


def validate_report(graph: rdflib.Graph) -> tuple[bool, rdflib.Graph, str]:
    """Run the shapes; return (conforms, SHACL report graph, report text)."""
    conforms, report, text = _pyshacl_validate(
        union_graph(graph),
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        do_owl_imports=False,
    )
    return bool(conforms), report, text


def validate(graph: rdflib.Graph) -> tuple[bool, str]:
    """Validate ``graph`` (the union of all named graphs); return (conforms, report text)."""
    conforms, _, text = validate_report(graph)
    return conforms, text
