"""nt_quads prints every literal as nt() does, also on its path that skips pyoxigraph."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.store.terms import nt, nt_quads

XSD = "http://www.w3.org/2001/XMLSchema#"
S, P, G = URIRef("https://w3id.org/kg-vn/id/person/a"), URIRef("https://w3id.org/kg-vn/def#note"), \
    URIRef("https://w3id.org/kg-vn/graph/doc-1")

LITERALS = [
    Literal("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"),
    Literal("Hội nghị lần thứ 24, khóa XX", lang="vi"),
    Literal("ông \"Hùng\" nói"), Literal("a\\b"), Literal("dòng 1\ndòng 2\r\tcuối"),
    Literal("xoá\x7f"), Literal("\x00\x1f"), Literal("\ufffe\uffff"), Literal("𝔘 ký tự ngoài BMP"),
    Literal(""), Literal(24), Literal(2.5), Literal(True),
    Literal("2024-05-17", datatype=URIRef(XSD + "date")),
    Literal("khóa", datatype=URIRef(XSD + "string")),
    Literal("Tinh ủy", lang="VI"),
]


@pytest.mark.parametrize("literal", LITERALS, ids=range(len(LITERALS)))
def test_literal_text_is_nt(literal: Literal) -> None:
    line = nt_quads([(S, P, literal)], G)
    assert line == f"{nt(S)} {nt(P)} {nt(literal)} {nt(G)} .\n"
    (quad,) = ox.parse(line, format=ox.RdfFormat.N_QUADS)
    assert str(quad.object) == nt(literal)


def test_every_code_point_prints_as_nt() -> None:
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    triples = [(S, P, Literal("x" + "".join(chars[i:i + 512]))) for i in range(0, len(chars), 512)]
    assert nt_quads(triples, G) == "".join(f"{nt(S)} {nt(P)} {nt(o)} {nt(G)} .\n" for _, _, o in triples)


IRIS = [
    "https://w3id.org/kg-vn/id/evidence/003_67efde651a632140/2939-2962-person-by-title",
    "https://w3id.org/kg-vn/id/holding/trinh-viet-hung--thai-nguyen--chu-tich--ubnd-tinh-thai-nguyen",
    "https://w3id.org/kg-vn/graph/doc_a.b-1", "https://w3id.org/kg-vn/id/x#position",
    # not kg's own: printed by pyoxigraph
    "https://w3id.org/kg-vn/id/a%C3%A1", "https://w3id.org/kg-vn/id/ý", "http://www.w3.org/ns/org#member",
    "https://w3id.org/kg-vn/def#Person", "urn:x:1",
]


@pytest.mark.parametrize("iri", IRIS, ids=range(len(IRIS)))
def test_iri_text_is_nt(iri: str) -> None:
    """kg's own IRIs take a path without pyoxigraph; the text is the same."""
    term = URIRef(iri)
    line = nt_quads([(term, P, term)], G)
    assert line == f"{nt(term)} {nt(P)} {nt(term)} {nt(G)} .\n"
    (quad,) = ox.parse(line, format=ox.RdfFormat.N_QUADS)
    assert quad.subject.value == iri


def test_an_invalid_iri_outside_kgs_own_still_fails() -> None:
    with pytest.raises(ValueError):
        nt_quads([(URIRef("https://w3id.org/kg-vn/id/a b"), P, S)], G)
