"""Deterministic, readable IRIs: ASCII slugs of Vietnamese names, short hashes only when needed."""
from __future__ import annotations

import functools
import hashlib
import re

from rdflib import URIRef

from .errors import InputError
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


@functools.lru_cache(maxsize=1 << 12)
def safe_local(text: str) -> str:
    """A document id as an IRI path segment: ASCII letters, digits, '-', '_', '.'."""
    s = re.sub(r"[^A-Za-z0-9_.-]+", "-", fold(text) if not text.isascii() else text).strip("-")
    return s or "x" + short_hash(text)


#: A document id that is its own IRI segment: ASCII letters, digits, '-', '_', '.', starting
#: with a letter or a digit.
_CANONICAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: Document ids starting with this are kg's own graphs ("_derived"); a source may not take one.
RESERVED_PREFIX = "_"


@functools.lru_cache(maxsize=1 << 12)
def doc_local(doc_id: str) -> str:
    """A document id as the IRI segment of its node, evidence and mentions, one to one: an id
    that is already a plain ASCII segment stands for itself ('bai-1', 'A-B'); any other gets its
    ASCII form and '~' and a hash of the id ('bài-1' → 'bai-1~1f0e…', 'A/B' → 'A-B~7c2d…').
    No plain id has a '~', so two ids never share a segment (up to a 40-bit hash collision
    between ids of the same ASCII form). The suffix depends on the id alone, never on which
    other documents a build holds: the same input gives the same IRIs in any order or store."""
    if _CANONICAL.fullmatch(doc_id):
        return doc_id
    return f"{safe_local(doc_id)}~{short_hash(doc_id)}"


def check_doc_id(doc_id: str, where: str) -> str:
    """`doc_id`, or InputError (one line, naming `where`) for an id kg keeps for itself."""
    if doc_id.startswith(RESERVED_PREFIX):
        raise InputError(where, f"document id {doc_id!r} starts with {RESERVED_PREFIX!r}, which kg keeps for "
                                "its own graphs (the derived graph is '_derived'): rename it")
    return doc_id


def session_local(kind: str, body: str | None, ordinal: int | None, term: str | None,
                  date: str | None, doc_id: str) -> str:
    parts = [slug(body) if body else "unknown-body", slug(kind)]
    if ordinal is not None:
        parts[-1] += f"-{ordinal}"
    if term:
        parts[-1] += f"-khoa-{term.lower()}"
    if ordinal is None:
        parts[-1] += f"-{date}" if date else f"-{doc_local(doc_id)}"
    return "--".join(parts)
