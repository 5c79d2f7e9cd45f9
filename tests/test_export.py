"""Exports parse back to the same graphs and are byte-stable."""
from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg.errors import InputError
from kg.export import FORMATS, csv_tables, export, jsonld_context
from kg.resources import ontology_dir
from kg.store import open_store

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
KG = Namespace("https://w3id.org/kg-vn/def#")
R = Namespace("https://w3id.org/kg-vn/id/")
G = Namespace("https://w3id.org/kg-vn/graph/")
ROOT = Path(__file__).resolve().parent.parent


def sample_quads() -> list[tuple]:
    quads = []
    for doc in ("003_67efde651a632140", "doc-b"):
        person = R["person/nguyen-thanh-hai"]
        quads += [
            (person, RDF.type, KG.Person, G[doc]),
            (person, RDFS.label, Literal("Nguyễn Thanh Hải", lang="vi"), G[doc]),
            (person, KG.note, Literal('say "hi"\nthen } leave\t\\ ok'), G[doc]),
            (R["doc/" + doc], KG.charCount, Literal(1200), G[doc]),
            (R["doc/" + doc], RDF.type, KG.SourceDocument, G[doc]),
        ]
    quads += [  # literals equal by value, which rdflib's own Turtle writer orders unstably
        (R["x"], KG.value, Literal("1", datatype=XSD.integer), G["doc-b"]),
        (R["x"], KG.value, Literal("1.0", datatype=XSD.decimal), G["doc-b"]),
        (R["x"], KG.value, Literal("1", datatype=XSD.double), G["doc-b"]),
        (R["x"], KG.value, Literal("1"), G["doc-b"]),
        (R["x"], KG.value, Literal("1", lang="vi"), G["doc-b"]),
        (R["x"], KG.flag, Literal(True), G["doc-b"]),
        (R["x"], KG.date, Literal("2024-05-01", datatype=XSD.date), G["doc-b"]),
        (KG.Person, RDFS.label, Literal("Người", lang="vi"), G["doc-b"]),
    ]
    return quads


def build(quads: list[tuple]) -> Dataset:
    ds = Dataset()
    for s, p, o, g in quads:
        ds.graph(g).add((s, p, o))
    return ds


def render(data, fmt: str) -> bytes:
    out = io.BytesIO()
    export(data, fmt, out)
    return out.getvalue()


def named_graphs(ds: Dataset) -> dict:
    return {g.identifier: g for g in ds.graphs() if len(g) and "urn:x-rdflib" not in g.identifier}


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_union_formats_parse_back(fmt: str) -> None:
    ds = build(sample_quads())
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    parsed = Graph().parse(data=render(ds, fmt), format={"nt": "nt"}.get(fmt, "turtle"))
    assert isomorphic(parsed, union)


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld"])
def test_dataset_formats_parse_back(fmt: str) -> None:
    ds = build(sample_quads())
    parsed = Dataset()
    parsed.parse(data=render(ds, fmt), format={"jsonld": "json-ld"}.get(fmt, fmt))
    expected, got = named_graphs(ds), named_graphs(parsed)
    assert set(got) == set(expected)
    for name in expected:
        assert isomorphic(got[name], expected[name]), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_bytes_do_not_depend_on_insertion_order(fmt: str) -> None:
    quads = sample_quads()
    shuffled = list(reversed(quads))
    random.Random(7).shuffle(shuffled)
    assert render(build(quads), fmt) == render(build(shuffled), fmt)


SCRIPT = """
import io, random, sys
sys.path.insert(0, sys.argv[1])
from tests.test_export import build, render, sample_quads
quads = sample_quads()
random.Random(int(sys.argv[2])).shuffle(quads)
sys.stdout.buffer.write(b"".join(render(build(quads), f) for f in ("turtle", "trig", "jsonld", "nquads")))
"""


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), seed], env=env,
                              capture_output=True, check=True, cwd=ROOT)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_turtle_uses_fixed_prefixes() -> None:
    text = render(build(sample_quads()), "turtle").decode()
    assert text.startswith("@prefix kg: <https://w3id.org/kg-vn/def#> .\n")
    assert "kg:Person" in text and "ns1:" not in text
    trig = render(build(sample_quads()), "trig").decode()
    assert "kgg:003_67efde651a632140 {" in trig


def test_store_export_matches_dataset_export() -> None:
    quads = sample_quads()
    with open_store(backend="memory") as store:
        for doc in ("003_67efde651a632140", "doc-b"):
            g = Graph()
            for s, p, o, name in quads:
                if name == G[doc]:
                    g.add((s, p, o))
            store.replace_document(doc, g)
        for fmt in FORMATS:
            out = io.BytesIO()
            store.export(fmt, out)
            assert out.getvalue() == render(build(quads), fmt)


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="unknown export format"):
        render(Dataset(), "xml")


def test_published_context_is_up_to_date() -> None:
    published = json.loads((ontology_dir() / "context.jsonld").read_text("utf-8"))
    assert published == jsonld_context()
    assert published["@context"]["kgr"] == "https://w3id.org/kg-vn/id/"


TABLE_QUERIES = {
    "persons": "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label }",
    "positions": "SELECT ?s WHERE { ?s a kg:PositionHolding }",
    "sessions": "SELECT ?s WHERE { ?s a kg:Session }",
    "session-items": "SELECT ?s WHERE { ?s a kg:AgendaItem }",
    "cited-documents": "SELECT ?doc ?n WHERE { ?doc kg:charCount ?n } ORDER BY ?doc",
}


def test_csv_tables(tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    prologue = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <{RDFS}>\n"
    for name, body in TABLE_QUERIES.items():
        (queries / f"{name}.rq").write_text(f"#+ title: {name}\n{prologue}{body}\n", "utf-8")
    with open_store(backend="memory") as store:
        graph = Graph()
        for s, p, o, _ in sample_quads():
            graph.add((s, p, o))
        store.replace_document("doc-b", graph)
        written = csv_tables(store, tmp_path / "out", queries=queries)
    assert sorted(written) == ["citations.csv", "decisions.csv", "persons.csv",
                               "positions.csv", "sessions.csv"]
    persons = (tmp_path / "out" / "persons.csv").read_bytes().decode("utf-8")
    assert persons == ("person,label\r\n"
                       "https://w3id.org/kg-vn/id/person/nguyen-thanh-hai,Nguyễn Thanh Hải\r\n")
    assert (tmp_path / "out" / "sessions.csv").read_bytes() == b"s\r\n"
    citations = (tmp_path / "out" / "citations.csv").read_text("utf-8").splitlines()
    assert citations[0] == "doc,n" and len(citations) == 3
