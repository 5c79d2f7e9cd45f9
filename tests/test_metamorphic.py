"""Metamorphic tests: a rewrite that keeps the meaning (separators, title before or after the
name, lower-case titles, abbreviations, tone-mark placement, list layout) keeps every fact
(kg/rewrites.py), on the seeds and on every article written for the project."""
from pathlib import Path

import pytest

from kg.rewrites import REWRITES, check
from kg.text import read_document

from conftest import CORPUS, FIXTURES

ARTICLES = sorted(CORPUS.glob("*.txt")) + sorted(FIXTURES.glob("*/*.txt")) + sorted(FIXTURES.glob("national-*/articles/*.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem[:40] for p in ARTICLES])
def test_every_rewrite_keeps_every_fact(path: Path):
    doc = read_document(path, site="thainguyen.gov.vn" if path.parent == CORPUS else None)
    results = check(doc.raw, path.stem, doc.site)
    assert results, "no rewrite applies to this article"
    lost = {name: diff for name, (ok, diff) in results.items() if not ok}
    assert not lost, lost


def test_the_rewrites_change_the_text():
    """Each rewrite applies somewhere: a rewrite that never fires would test nothing."""
    fired = set()
    for path in ARTICLES:
        doc = read_document(path)
        fired |= set(check(doc.raw, path.stem, doc.site))
    assert fired == set(REWRITES), set(REWRITES) - fired
