"""`kg serve` speaks the SPARQL 1.1 Protocol: the answers are the embedded store's, in every
format, updates are refused in every form, and errors are clear one-line 4xx."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.queries import bind_params, load_saved
from kg.serve import negotiate, parse_accept
from kg.store import open_store
from kg.store.terms import from_json

from .conftest import CORPUS, CONSTRUCT, KG, PERSONS, TRINH, get, http, rows_of, saved_names

# -- answers equal those of the embedded store ---------------------------------------------

@pytest.mark.parametrize("name", saved_names())
def test_every_saved_query_over_http_equals_the_embedded_store(server, embedded, name: str) -> None:
    saved = load_saved(name)
    bindings = bind_params(saved, {})
    expected = embedded.query(saved.text, bindings=bindings)
    status, headers, body = get(server, f"saved/{name}")
    assert status == 200, body
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == expected.vars
    assert rows_of(body) == expected.rows
    if not saved.params:  # the same text through the protocol endpoint
        status, _, body = get(server, query=saved.text)
        assert status == 200 and rows_of(body) == expected.rows


def test_get_and_both_posts_agree(server, embedded) -> None:
    expected = embedded.query(PERSONS).rows
    assert len(expected) >= 4
    _, _, by_get = get(server, query=PERSONS)
    _, _, by_body = http(server.url + "sparql", data=PERSONS.encode(),
                         headers={"Content-Type": "application/sparql-query"})
    _, _, by_form = http(server.url + "query", data=urllib.parse.urlencode({"query": PERSONS}).encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert rows_of(by_get) == rows_of(by_body) == rows_of(by_form) == expected


def test_sparqlwrapper_select_csv_construct(server, embedded) -> None:
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

    positions = load_saved("positions").text
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(positions)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    got = [tuple(from_json(b[v]) if v in b else None for v in data["head"]["vars"])
           for b in data["results"]["bindings"]]
    assert got == embedded.query(positions).rows

    client.setMethod(POST)
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows[0] == ["name", "role", "organization", "doc", "quote"]
    assert TRINH in [r[:4] for r in rows]

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), embedded.query(CONSTRUCT).graph)


def test_sparql_store_backend_reads_through_the_endpoint(server, embedded) -> None:
    positions = load_saved("positions").text
    with open_store(endpoint=server.url + "query") as remote:
        assert remote.query(positions).rows == embedded.query(positions).rows


def test_content_negotiation(server, embedded) -> None:
    status, headers, body = get(server, query=load_saved("positions").text,
                                headers={"Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"name,role,organization,doc,quote\r\n")
    assert ",".join(TRINH).encode() in body

    status, headers, body = get(server, query=PERSONS, headers={"Accept": "text/tab-separated-values"})
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?p" and lines[1].startswith("<https://w3id.org/kg-vn/id/person/")

    _, headers, body = get(server, query=PERSONS, format="csv",
                           headers={"Accept": "application/sparql-results+json"})
    assert headers["Content-Type"].startswith("text/csv")  # format= wins over Accept

    _, headers, body = get(server, query=PERSONS, headers={"Accept": "application/sparql-results+xml"})
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    uris = [e.text for e in ET.fromstring(body).findall(".//r:uri", ns)]
    assert uris == [str(row[0]) for row in embedded.query(PERSONS).rows]

    _, headers, body = get(server, query="ASK { ?s ?p ?o }", headers={"Accept": "text/csv"})
    assert body == b"_askResult\r\ntrue\r\n"

    expected = embedded.query(CONSTRUCT).graph
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                        ("*/*", "turtle"), ("", "turtle")):
        status, headers, body = get(server, query=CONSTRUCT, headers={"Accept": accept} if accept else {})
        assert status == 200, (accept, body)
        assert isomorphic(Graph().parse(data=body, format=fmt), expected), accept
    assert len(expected) > 10

    status, _, body = get(server, query=PERSONS, headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = get(server, query=CONSTRUCT, headers={"Accept": "text/csv"})
    assert status == 406


def test_accept_parsing() -> None:
    assert parse_accept("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1") == \
        ["application/sparql-results+json", "text/csv", "*/*"]
    assert parse_accept("text/csv;q=0") == []
    assert negotiate("results", ["text/*"], []) == "csv"
    assert negotiate("graph", ["application/json"], []) == "jsonld"
    assert negotiate("results", [], ["json", "text/tab-separated-values"]) == "json"
    assert negotiate("results", [], ["bogus"]) == "json"


# -- read-only ----------------------------------------------------------------------------

UPDATE = f'PREFIX kg: <{KG}>\nINSERT DATA {{ GRAPH <urn:x> {{ <urn:a> a kg:Person }} }}'


def test_updates_are_refused(server, embedded) -> None:
    before = embedded.triple_count()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    attempts = [
        http(server.url + "sparql", data=UPDATE.encode(), headers={"Content-Type": "application/sparql-update"}),
        http(server.url + "sparql", data=urllib.parse.urlencode({"update": UPDATE}).encode(), headers=form),
        http(server.url + "sparql", data=urllib.parse.urlencode({"query": UPDATE}).encode(), headers=form),
        get(server, query=UPDATE),
        get(server, query="# a comment\nDROP ALL"),
        get(server, query="PREFIX : <urn:x#>\nclear default"),
        get(server, update=UPDATE),
        http(server.url + "update", data=UPDATE.encode(), headers={"Content-Type": "application/sparql-update"}),
        http(server.url + "store?default", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT",
             headers={"Content-Type": "application/n-triples"}),
        get(server, "saved/positions", update=UPDATE),
    ]
    for status, _headers, body in attempts:
        assert status == 403, body
        assert b"read-only" in body
    assert embedded.triple_count() == before
    with open_store(endpoint=server.url + "sparql") as remote:
        assert remote.query(f"ASK {{ <urn:a> a <{KG}Person> }}").boolean is False


def test_update_detection() -> None:
    from kg.store.values import query_form

    assert query_form('PREFIX kg: <urn:x#>\n# INSERT DATA\nselect * { ?s ?p "INSERT" }') == "SELECT"
    assert query_form("BASE <urn:b/> PREFIX : <urn:x#> insert data { :a :b :c }") == "INSERT"
    assert query_form("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "WITH"
    assert query_form("  # nothing\n") is None
    assert query_form("PREFIX kg:<urn:x#>CONSTRUCT{}WHERE{}") == "CONSTRUCT"


def test_sparqlwrapper_update_is_refused(server) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql", updateEndpoint=server.url + "sparql")
    client.setMethod(POST)
    client.setQuery(UPDATE)
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert caught.value.code == 403


# -- errors -------------------------------------------------------------------------------

def test_malformed_query_is_400_with_line_and_column(server) -> None:
    status, headers, body = get(server, query="SELECT ?x\nWHERE { ?x ?y }")
    assert status == 400
    text = body.decode()
    assert re.search(r"line 2, column \d+", text), text
    assert text.count("\n") == 1 and headers["X-Kg-Error-Line"] == "2"
    assert headers["Content-Type"].startswith("text/plain")


def test_an_undefined_prefix_is_named_where_it_is_used(server) -> None:
    # the engine says only "expected OPTIONAL", further on
    query = f"PREFIX kg: <{KG}>\nSELECT * WHERE {{\n  ?x a kg:Person ; ex:name ?n }} # foo:bar"
    status, headers, body = get(server, query=query)
    assert status == 400 and b"undefined prefix ex:" in body, body
    assert (headers["X-Kg-Error-Line"], headers["X-Kg-Error-Column"]) == ("3", "20")
    # a position past the end of a line is moved back onto the last token written
    status, headers, body = get(server, query="SELECT ?x\nWHERE { ?x ?y }")
    assert (headers["X-Kg-Error-Line"], headers["X-Kg-Error-Column"]) == ("2", "15")


def test_protocol_errors(server) -> None:
    assert get(server)[0] == 400  # no query
    assert get(server, query="")[0] == 400
    status, _, body = http(server.url + "sparql?" + urllib.parse.urlencode([("query", PERSONS)] * 2))
    assert status == 400 and b"exactly one" in body
    assert http(server.url + "sparql", data=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    assert http(server.url + "sparql", data=b"x", method="PUT")[0] == 405
    assert get(server, "nowhere")[0] == 404
    assert get(server, query=PERSONS, **{"default-graph-uri": "urn:g"})[0] == 400
    assert get(server, query=PERSONS, timeout="soon")[0] == 400
    big = b"query=" + b"x" * (2 << 20)
    assert http(server.url + "sparql", data=big,
                headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 413
    # DNS rebinding: a loopback server answers loopback Host names only
    assert http(server.url + "sparql?query=ASK%7B%7D", headers={"Host": "evil.example:80"})[0] == 403
    assert http(server.url + "sparql?query=ASK%7B%7D", headers={"Host": "localhost"})[0] == 200


def test_saved_query_endpoint(server) -> None:
    status, _, body = get(server, "saved/positions", format="csv")
    assert status == 200 and ",".join(TRINH).encode() in body
    status, _, body = get(server, "saved/person-career", name="Trịnh Việt Hùng")
    assert status == 200
    assert {str(r[0]) for r in rows_of(body)} == {"Trịnh Việt Hùng"}
    status, _, body = get(server, "saved/positions", bogus="1")
    assert status == 400 and b"unknown param bogus" in body
    status, _, body = get(server, "saved/post-holders", date="yesterday")
    assert status == 400 and b"not a date" in body
    assert get(server, "saved/nope")[0] == 404
    assert get(server, "saved/..%2Fpyproject")[0] == 404
    assert get(server, "saved/positions.rq")[0] == 404


def test_queries_json_lists_every_saved_query(server) -> None:
    status, _, body = get(server, "queries.json")
    data = json.loads(body)
    assert [q["name"] for q in data["queries"]] == saved_names()
    career = next(q for q in data["queries"] if q["name"] == "person-career")
    assert career["params"][0]["name"] == "name" and career["params"][0]["default"]
    # the five seed articles; the derived graph is not a document (it was counted as a sixth)
    assert data["store"]["documents"] == len(list(CORPUS.glob("*.txt"))) == 5
    assert data["store"]["triples"] > 1000
    assert data["prefixes"]["kg"] == KG
    for q in data["queries"]:
        assert not {p["name"] for p in q["params"]} & {"format", "output", "results", "timeout",
                                                       "query", "update"}, q["name"]


