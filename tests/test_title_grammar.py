"""The title grammar on sentences written for the project, one construction each
(tests/fixtures/sentences/titles.yaml): minimum functionality in the manner of CheckList."""
from pathlib import Path

import pytest
import yaml

from kg.extract import extract
from kg.extract.names import display_name
from kg.text import make_document

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "sentences" / "titles.yaml").read_text(encoding="utf-8"))


def _facts(case):
    doc = make_document(case["text"], "sentence", province=case.get("province"))
    ex = extract(doc)
    positions = {(display_name(p.name), q.role, q.org.name): q for p in ex.persons for q in p.positions}
    return ex, positions


@pytest.mark.parametrize("case", CASES, ids=[c["construction"] for c in CASES])
def test_sentence(case):
    ex, positions = _facts(case)
    want = {tuple(p) for p in case.get("positions", [])}
    got = set(positions)
    assert want <= got, f"missing {want - got}; found {got}"
    if case.get("exact"):
        assert got == want, f"extra {got - want}"
    names = {display_name(p.name) for p in ex.persons}
    assert set(case.get("persons", [])) <= names, names
    for bad in case.get("not_persons", []):
        assert bad not in names, names
    for former in case.get("former", []):
        assert positions[tuple(former)].former, former
    for q in positions.values():  # every position keeps its evidence
        assert ex.doc.raw[q.evidence.span.start:q.evidence.span.end] == q.evidence.quote
        assert q.evidence.rule.startswith(("title:", "event:", "career:"))
