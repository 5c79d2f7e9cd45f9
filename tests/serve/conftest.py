"""Fixtures of the `kg serve` tests: a store of the seed corpus and servers over it, queried
over real HTTP on loopback (urllib, SPARQLWrapper, the sparql store backend, Chromium)."""
from __future__ import annotations

import json
import threading
import urllib.parse
from pathlib import Path

import pytest

from httpget import http
from kg.queries import list_saved
from kg.serve import Settings, make_server
from kg.store import open_store
from kg.store.terms import from_json

ROOT = Path(__file__).resolve().parents[2]
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


def start(settings: Settings):
    server = make_server(settings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def server(location: Path):
    server, thread = start(Settings(location, port=0, timeout=20, workers=2, quiet=True))
    yield server
    server.close()
    thread.join(5)


@pytest.fixture(scope="module")
def tight(location: Path):
    """One worker, a 1 s time limit and at most 3 rows."""
    server, thread = start(Settings(location, port=0, timeout=1, max_rows=3, workers=1, quiet=True))
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

