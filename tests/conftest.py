"""Shared fixtures: the seed corpus, the shared gold folder, a graph built from the seeds."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def seeds_store():
    from kg.pipeline import build
    from kg.store import open_store

    store = open_store(backend="memory")
    report = build([CORPUS], store)
    assert not report.skipped
    return store


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip("../shared/gold is not beside the repository")
    return GOLD
