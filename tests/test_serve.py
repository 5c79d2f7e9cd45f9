"""`kg serve`: the SPARQL 1.1 Protocol endpoint over the embedded store, queried over real HTTP
(urllib, SPARQLWrapper, the sparql store backend, headless Chromium for the page)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from httpget import http  # noqa: F401 - also used by the tests that import it from here
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from kg.queries import bind_params, list_saved, load_saved
from kg.serve import Settings, make_server, negotiate, parse_accept
from kg.store import open_store
from kg.store.terms import from_json

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
KG = "https://w3id.org/kg-vn/def#"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # |G|^3 rows
PERSONS = f"PREFIX kg: <{KG}>\nSELECT ?p WHERE {{ ?p a kg:Person }} ORDER BY ?p"
CONSTRUCT = f"PREFIX kg: <{KG}>\nCONSTRUCT {{ ?p a kg:Person ; ?k ?v }} WHERE {{ ?p a kg:Person ; ?k ?v }}"
TRINH = ["Trịnh Việt Hùng", "Chủ tịch", "UBND tỉnh Thái Nguyên", "003_67efde651a632140"]


# -- fixtures ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def location(tmp_path_factory) -> Path:
    from kg.pipeline import build

    where = tmp_path_factory.mktemp("served") / "store"
    with open_store(where) as store:
        report = build([CORPUS], store)
    assert not report.skipped
    return where


@pytest.fixture(scope="module")
def embedded(location: Path):
    store = open_store(location, read_only=True)
    yield store
    store.close()


def _start(settings: Settings):
    server = make_server(settings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def server(location: Path):
    server, thread = _start(Settings(location, port=0, timeout=20, workers=2, quiet=True))
    yield server
    server.close()
    thread.join(5)


@pytest.fixture(scope="module")
def tight(location: Path):
    """One worker, a 1 s time limit and at most 3 rows."""
    server, thread = _start(Settings(location, port=0, timeout=1, max_rows=3, workers=1, quiet=True))
    yield server
    server.close()
    thread.join(5)


def get(server, path: str = "sparql", **params) -> tuple[int, dict, bytes]:
    headers = params.pop("headers", None)
    query = urllib.parse.urlencode(params)
    return http(server.url + path + (f"?{query}" if query else ""), headers=headers)


def rows_of(body: bytes) -> list[tuple]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return [tuple(from_json(b[v]) if v in b else None for v in names)
            for b in data["results"]["bindings"]]


def saved_names() -> list[str]:
    return [q.name for q in list_saved()]


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
    assert data["store"]["documents"] >= 5 and data["store"]["triples"] > 1000
    assert data["prefixes"]["kg"] == KG
    for q in data["queries"]:
        assert not {p["name"] for p in q["params"]} & {"format", "output", "results", "timeout",
                                                       "query", "update"}, q["name"]


# -- time and size limits -----------------------------------------------------------------

def test_timeout_stops_a_slow_query_and_the_server_recovers(server) -> None:
    started = time.monotonic()
    status, _, body = get(server, query=SLOW, timeout="1")
    elapsed = time.monotonic() - started
    assert status == 504 and b"time limit of 1 s" in body
    assert elapsed < 6, elapsed
    for _ in range(3):  # the killed worker is replaced; queries keep being answered
        assert get(server, query=PERSONS)[0] == 200


def test_server_timeout_is_the_ceiling(tight) -> None:
    started = time.monotonic()
    status, _, body = get(tight, query=SLOW, timeout="60")  # asks for more than the server gives
    assert status == 504 and b"time limit of 1 s" in body
    assert time.monotonic() - started < 6
    deadline = time.monotonic() + 30
    while get(tight, query="ASK {}")[0] != 200:  # the single worker is being replaced
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_busy_server_answers_503(tight) -> None:
    slow = threading.Thread(target=get, args=(tight,), kwargs={"query": SLOW})
    slow.start()
    time.sleep(0.3)
    status, headers, body = get(tight, query="ASK {}", timeout="0.2")
    slow.join()
    assert status == 503 and headers.get("Retry-After") and b"busy" in body


def test_results_are_cut_at_max_rows(tight) -> None:
    deadline = time.monotonic() + 30
    while True:
        status, headers, body = get(tight, query=PERSONS)
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == 200
    assert len(rows_of(body)) == 3
    assert headers["X-Kg-Truncated"] == "true" and headers["X-Kg-Max-Rows"] == "3"
    _, headers, body = get(tight, query=CONSTRUCT, format="nt")
    assert len(body.decode().splitlines()) == 3 and headers["X-Kg-Truncated"] == "true"
    _, headers, _ = get(tight, query=f"SELECT ?p WHERE {{ ?p a <{KG}Person> }} LIMIT 2")
    assert "X-Kg-Truncated" not in headers


def test_burst_of_concurrent_queries(server, embedded) -> None:
    positions = load_saved("positions").text
    expected = {"persons": embedded.query(PERSONS).rows, "positions": embedded.query(positions).rows}

    def one(i: int) -> bool:
        if i % 3 == 0:
            status, _, body = get(server, query=PERSONS)
            return status == 200 and rows_of(body) == expected["persons"]
        if i % 3 == 1:
            status, _, body = http(server.url + "sparql", data=positions.encode(),
                                   headers={"Content-Type": "application/sparql-query"})
            return status == 200 and rows_of(body) == expected["positions"]
        status, _, body = get(server, "saved/positions", format="csv")
        return status == 200 and ",".join(TRINH).encode() in body

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(50)))
    assert all(results), results.count(False)


# -- the page -----------------------------------------------------------------------------

def test_page_loads_nothing_from_elsewhere(server) -> None:
    status, headers, body = get(server, "")
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert re.findall(r'(?:src|href)="([^"]*)"', html) == ["app.css", "app.js"]
    assert "&lt;https://w3id.org/kg-vn/def#&gt;" in html  # the default query is escaped
    _, headers, js = get(server, "app.js")
    js = js.decode()
    assert headers["Content-Type"].startswith("text/javascript")
    assert not re.search(r"https?://", js)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js
    _, _, css = get(server, "app.css")
    assert b"url(" not in css and b"@import" not in css


def _chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    return (browser, driver) if browser and driver else None


@pytest.mark.skipif(_chromium() is None, reason="needs chromium, chromedriver and selenium")
def test_page_in_a_browser(server, tmp_path) -> None:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--window-size=1300,900"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    wait = WebDriverWait(driver, 20)
    try:
        driver.get(server.url + "#positions")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#saved button.active"))
        assert driver.find_element(By.ID, "title").text == load_saved("positions").title
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results td"))
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#results tr")[1:][0]
                 .find_elements(By.TAG_NAME, "td")]
        assert len(cells) == 5
        assert "Trịnh Việt Hùng" in driver.find_element(By.ID, "results").text

        # a saved query with a parameter, run through /saved/NAME
        button = next(b for b in driver.find_elements(By.CSS_SELECTOR, "#saved button")
                      if b.find_element(By.TAG_NAME, "code").text == "person-career")
        button.click()
        field = driver.find_element(By.CSS_SELECTOR, "input[data-param=name]")
        field.clear()
        field.send_keys("Phạm Hoàng Sơn")
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: "row(s)" in d.find_element(By.ID, "status").text)
        names = {tr.find_elements(By.TAG_NAME, "td")[0].text
                 for tr in driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")}
        assert names == {"Phạm Hoàng Sơn"}
        shots = ROOT / "test-output" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shots / "serve-query-page.png"))

        # hostile values are shown as text, never run
        hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
        editor = driver.find_element(By.ID, "query")
        text = f'SELECT ?x WHERE {{ BIND({json.dumps(hostile)} AS ?x) }}'
        driver.execute_script("arguments[0].value = arguments[1]", editor, text)
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: "1 row(s)" in d.find_element(By.ID, "status").text)
        assert driver.find_element(By.CSS_SELECTOR, "#results td").text == hostile
        assert driver.execute_script("return window.pwned === undefined")
        assert not driver.find_elements(By.CSS_SELECTOR, "#results img, #results script")

        # a malformed query: the error names line and column
        driver.execute_script("arguments[0].value = arguments[1]", editor, "SELECT ?x\nWHERE { ?x ?y }")
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: d.find_element(By.ID, "error").is_displayed())
        assert re.search(r"HTTP 400: .*line 2, column", driver.find_element(By.ID, "error").text)
    finally:
        driver.quit()


# -- the command ----------------------------------------------------------------------------

def test_kg_serve_command(location: Path) -> None:
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg.cli"]
    process = subprocess.Popen(command + ["serve", "--store", str(location), "--port", "0",
                                          "--timeout", "5", "--workers", "1", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/)sparql", banner)
        assert found, banner + process.stderr.read()
        status, _, body = http(found.group(1) + "sparql?" + urllib.parse.urlencode({"query": PERSONS}))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) >= 4
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "stopping" in out


def test_kg_serve_without_a_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert "no store here" in result.output and result.output.count("\n") == 1
