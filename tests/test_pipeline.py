"""The whole flow on the seeds: store, SHACL, contract queries, determinism, bad input."""
import io

from kg.export import export
from kg.pipeline import build
from kg.queries import load_saved
from kg.shacl import validate
from kg.store import open_store

from conftest import CORPUS

CONTRACT = {
    "persons": ["name", "doc"],
    "positions": ["name", "role", "organization", "doc"],
    "sessions": ["session", "body", "kind", "ordinal", "term", "date", "chair", "doc"],
    "session-items": ["session", "title", "status", "doc"],
    "cited-documents": ["type", "number", "issuer", "date", "doc"],
}


def test_graph_built_from_the_seeds_passes_the_shapes(seeds_store):
    ok, report = validate(seeds_store.dataset())
    assert ok, report


def test_contract_queries_return_their_columns_and_rows(seeds_store):
    for name, columns in CONTRACT.items():
        result = seeds_store.query(load_saved(name).text)
        assert result.vars[:len(columns)] == columns, name
        assert result.rows, name


def test_positions_query_row_for_trinh_viet_hung(seeds_store):
    rows = seeds_store.query(load_saved("positions").text).dicts()
    row = next(r for r in rows if str(r["name"]) == "Trịnh Việt Hùng" and str(r["role"]) == "Chủ tịch")
    assert str(row["organization"]) == "UBND tỉnh Thái Nguyên"
    assert str(row["doc"]) == "003_67efde651a632140" and str(row["quote"]) == "Chủ tịch UBND tỉnh"


def test_one_person_node_across_documents(seeds_store):
    rows = seeds_store.query(load_saved("persons").text).dicts()
    docs = sorted(str(r["doc"])[:3] for r in rows if str(r["name"]) == "Nguyễn Thanh Hải")
    assert docs == ["001", "002", "003"]


def _turtle(paths, tmp):
    store = open_store(tmp, backend="oxigraph")
    build(paths, store)
    out = io.BytesIO()
    export(store, "turtle", out)
    store.close()
    return out.getvalue()


def test_same_corpus_gives_byte_identical_turtle_in_any_order(tmp_path):
    files = sorted(CORPUS.glob("*.txt"))
    a = _turtle([CORPUS], tmp_path / "a")
    b = _turtle(list(reversed(files)), tmp_path / "b")
    assert a == b and len(a) > 10000


def test_embedded_store_and_in_memory_store_give_the_same_turtle(tmp_path):
    # Oxigraph stores xsd:nonNegativeInteger as xsd:integer: kg writes offsets as xsd:integer
    store = open_store(backend="memory")
    build([CORPUS], store)
    out = io.BytesIO()
    export(store, "turtle", out)
    assert out.getvalue() == _turtle([CORPUS], tmp_path / "ox")


def test_rebuilding_a_document_replaces_only_its_graph(tmp_path):
    store = open_store(tmp_path / "s", backend="oxigraph")
    build([CORPUS], store)
    before = store.triple_count()
    build([next(CORPUS.glob("003_*.txt"))], store)
    assert store.triple_count() == before
    assert set(store.document_ids()) == {p.stem for p in CORPUS.glob("*.txt")} | {"_derived"}


def test_bad_files_are_skipped_with_one_line_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "latin1.txt").write_bytes("Hội nghị".encode("utf-16-le"))
    (tmp_path / "good.txt").write_text("Hội nghị Ban Thường vụ Tỉnh ủy Nghệ An lần thứ 5, khóa XIX.\n"
                                       "Đồng chí Lê Văn Minh, Bí thư Tỉnh ủy chủ trì hội nghị.", encoding="utf-8")
    store = open_store(backend="memory")
    report = build([tmp_path], store)
    assert report.read == ["good"]
    reasons = dict(report.skipped)
    assert set(reasons) == {str(tmp_path / n) for n in ("empty.txt", "binary.txt", "latin1.txt")}
    assert all("\n" not in r and r.startswith(str(tmp_path)) for r in reasons.values())
    rows = store.query(load_saved("sessions").text).dicts()
    assert [(str(r["body"]), int(r["ordinal"]), str(r["chair"])) for r in rows] == \
        [("Ban Thường vụ Tỉnh ủy Nghệ An", 5, "Lê Văn Minh")]


def test_html_input_keeps_the_text_and_drops_scripts(tmp_path):
    page = ("<html><head><script>var x='Nguyễn Văn Giả, Bí thư Tỉnh ủy';</script></head><body><nav>Đăng nhập</nav>"
            "<p>Đồng chí Trần Thị Lan, Phó Chủ tịch UBND tỉnh Cà Mau phát biểu.</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    store = open_store(backend="memory")
    build([tmp_path], store)
    rows = store.query(load_saved("positions").text).dicts()
    assert [(str(r["name"]), str(r["role"]), str(r["organization"])) for r in rows] == \
        [("Trần Thị Lan", "Phó Chủ tịch", "UBND tỉnh Cà Mau")]
    start, end = (int(v) for v in store.query("""PREFIX kg: <https://w3id.org/kg-vn/def#>
        SELECT ?s ?e WHERE { ?ev kg:quote "Phó Chủ tịch UBND tỉnh Cà Mau" ; kg:start ?s ; kg:end ?e }""").rows[0])
    assert page[start:end] == "Phó Chủ tịch UBND tỉnh Cà Mau"  # offsets index the original HTML


def test_each_document_holds_its_raw_text_which_every_evidence_span_indexes(seeds_store):
    """The views show a quote in its article: schema:text is the file's text exactly."""
    rows = seeds_store.query("""PREFIX kg: <https://w3id.org/kg-vn/def#>
        PREFIX schema: <https://schema.org/> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?text ?start ?end ?quote WHERE { GRAPH ?g {
          ?doc dcterms:identifier ?id ; schema:text ?text .
          ?ev oa:hasSource ?doc ; kg:start ?start ; kg:end ?end ; kg:quote ?quote } }""").rows
    assert {str(r[0]) for r in rows} == {p.stem for p in CORPUS.glob("*.txt")}
    for doc_id, text, start, end, quote in rows:
        assert str(text) == (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert str(text)[int(start):int(end)] == str(quote)


def test_a_records_url_is_kept_on_its_document(tmp_path):
    import json
    text = "Hội nghị Ban Thường vụ Tỉnh ủy Nghệ An lần thứ 5, khóa XIX.\nĐồng chí Lê Văn Minh chủ trì."
    records = [{"id": "a", "text": text, "url": "https://nghean.gov.vn/tin/a.html"}, {"id": "b", "text": text}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    store = open_store(backend="memory")
    build([tmp_path / "in.jsonl"], store)
    rows = store.query("""PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?url WHERE { ?d dcterms:identifier ?id OPTIONAL { ?d schema:url ?url } } ORDER BY ?id""").rows
    assert [(str(i), u and str(u)) for i, u in rows] == [("a", "https://nghean.gov.vn/tin/a.html"), ("b", None)]


def test_web_annotation_form_of_the_evidence(seeds_store):
    """ontology/web-annotation.rq gives every evidence its two Web Annotation selectors: the
    offsets index the document's text and the exact words are its quote; an inferred evidence
    of the derived graph shows the selectors of its kg:anchor."""
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF, XSD

    from conftest import ROOT

    OA, KG = Namespace("http://www.w3.org/ns/oa#"), Namespace("https://w3id.org/kg-vn/def#")
    g = seeds_store.query((ROOT / "ontology" / "web-annotation.rq").read_text()).graph
    texts = {path.stem: path.read_text(encoding="utf-8") for path in CORPUS.iterdir()}
    spans = {str(ev): (int(s), int(e), str(q), str(d)) for ev, s, e, q, d in seeds_store.query("""
        PREFIX kg: <https://w3id.org/kg-vn/def#> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?ev ?s ?e ?q ?d WHERE { ?ev kg:start ?s ; kg:end ?e ; kg:quote ?q ; oa:hasSource/dcterms:identifier ?d }""").rows}
    anchored = dict(seeds_store.query("""PREFIX kg: <https://w3id.org/kg-vn/def#>
        SELECT ?ev ?a WHERE { ?ev kg:anchor ?a }""").rows)
    assert spans and anchored  # the seeds have both kinds
    resources = set(g.subjects(RDF.type, OA.SpecificResource))
    assert {str(r) for r in resources} == set(spans) | {str(e) for e in anchored}
    for ev in resources:
        span = str(anchored.get(ev, ev))
        start, end, quote, _doc = spans[span]
        assert set(g.objects(ev, OA.hasSelector)) == {URIRef(span + "#position"), URIRef(span + "#quote")}
        position, exact = URIRef(span + "#position"), URIRef(span + "#quote")
        assert (position, RDF.type, OA.TextPositionSelector) in g and (exact, RDF.type, OA.TextQuoteSelector) in g
        assert g.value(position, OA.start) == Literal(start, datatype=XSD.nonNegativeInteger)
        assert g.value(position, OA.end) == Literal(end, datatype=XSD.nonNegativeInteger)
        assert str(g.value(exact, OA.exact)) == quote
        assert any(t[start:end] == quote for t in texts.values()), (ev, quote)  # offsets into a seed


def test_network_view_shows_the_quote_an_inferred_evidence_points_to(seeds_store):
    """kg.network's click-through record of a fact resting on an evidence of the derived graph
    (which has no span of its own) carries its kg:anchor's quote and offsets, read both the
    fast way (span from the evidence's IRI, quote from the document's text) and as triples."""
    from kg.network import Evidence
    from kg.viewrows import Tables

    rows = seeds_store.query("""PREFIX kg: <https://w3id.org/kg-vn/def#>
        SELECT ?node ?q ?s ?e WHERE { ?node kg:evidence ?ev . ?ev kg:anchor ?a .
        ?a kg:quote ?q ; kg:start ?s ; kg:end ?e }""").rows
    assert rows
    from rdflib import Graph
    from rdflib.namespace import SDO

    textless = Graph()  # a store built before the documents kept their text: read as triples
    for s, p, o, _c in seeds_store.dataset().quads((None, None, None, None)):
        if p != SDO.text:
            textless.add((s, p, o))
    for source in (seeds_store, textless):
        ev = Evidence(Tables(source))
        for node, quote, start, end in rows:
            records = ev.records(str(node))
            assert {"quote": str(quote), "start": int(start), "end": int(end)}.items() <= \
                next(r for r in records if r["quote"] == str(quote)).items()


def test_abbreviations_resolved_both_ways(seeds_store):
    rows = seeds_store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?alt WHERE { <https://w3id.org/kg-vn/id/org/ubnd-tinh-thai-nguyen> skos:prefLabel ?pref ; skos:altLabel ?alt }
    """).rows
    assert "Ủy ban nhân dân tỉnh Thái Nguyên" in {str(r[0]) for r in rows}
