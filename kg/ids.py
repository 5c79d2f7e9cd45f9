"""Deterministic, readable IRIs: ASCII slugs of Vietnamese names, short hashes only when needed."""
from __future__ import annotations

import functools
import hashlib
import re

from rdflib import URIRef

from .text import fold

BASE = "https://w3id.org/kg-vn/id/"
GRAPH_BASE = "https://w3id.org/kg-vn/graph/"


@functools.lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """'Tỉnh ủy Thái Nguyên' → 'tinh-uy-thai-nguyen'. Always ASCII, never empty."""
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return s or "x" + short_hash(text)


def short_hash(text: str, n: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def iri(kind: str, local: str) -> URIRef:
    return URIRef(f"{BASE}{kind}/{local}")


def graph_iri(doc_id: str) -> URIRef:
    return URIRef(GRAPH_BASE + safe_local(doc_id))


@functools.lru_cache(maxsize=1 << 12)
def safe_local(text: str) -> str:
    """A document id as an IRI path segment: ASCII letters, digits, '-', '_', '.'."""
    s = re.sub(r"[^A-Za-z0-9_.-]+", "-", fold(text) if not text.isascii() else text).strip("-")
    return s or "x" + short_hash(text)


def session_local(kind: str, body: str | None, ordinal: int | None, term: str | None,
                  date: str | None, doc_id: str) -> str:
    parts = [slug(body) if body else "unknown-body", slug(kind)]
    if ordinal is not None:
        parts[-1] += f"-{ordinal}"
    if term:
        parts[-1] += f"-khoa-{term.lower()}"
    if ordinal is None:
        parts[-1] += f"-{date}" if date else f"-{safe_local(doc_id).lower()}"
    return "--".join(parts)
