"""Typed hand-offs between the stages: text → mentions → entities/facts → RDF.

All offsets index the ORIGINAL text of a document (``Document.raw``).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: document, span of the original text, quote, rule."""

    doc_id: str
    span: Span
    quote: str
    rule: str
    method: Literal["rule", "inferred", "curated"] = "rule"
    derived_from: tuple["Evidence", ...] = ()


@dataclass(frozen=True)
class Document:
    """A source document: raw text and its normalised form with an offset map."""

    doc_id: str
    raw: str
    text: str  # normalised text
    offsets: tuple[int, ...]  # offsets[i] = index in raw of text[i]; len(text)+1 entries
    path: str = ""
    title: str = ""
    published: str | None = None  # ISO date: the text's date line, else the metadata's
    site: str | None = None
    url: str | None = None  # where the article was published, from metadata (JSON Lines, sources.yaml)
    province: str | None = None  # from metadata (site), used when the text names none
    # how the file was read (kg.encodings): "utf-8", "utf-16", "windows-1258", "tcvn3", "vni",
    # or "utf-8+mojibake-repaired" and the like; for a converted file `raw` is the decoded text
    encoding: str = "utf-8"
    # where `published` comes from: "dateline" (kg.text.date_line found it in the text) or
    # "metadata" (JSON Lines "published" or sources.yaml, used only when the text has no date line)
    published_from: str | None = None

    def raw_span(self, start: int, end: int) -> Span:
        """Map a [start, end) range of the normalised text to the raw text. The last character
        may come from a base letter and combining marks (decomposed input): the span takes
        them all, so that the quote never loses a tone mark."""
        last, after = self.offsets[end - 1], end
        while self.offsets[after] == last:  # characters composed from the same raw cluster
            after += 1
        stop = last + 1
        while stop < self.offsets[after] and unicodedata.combining(self.raw[stop]):
            stop += 1
        return Span(self.offsets[start], stop)

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        span = self.raw_span(start, end)
        return Evidence(self.doc_id, span, self.raw[span.start:span.end], rule)


@dataclass(frozen=True)
class Mention:
    """Something found in the text, before any decision about what it refers to."""

    kind: str  # "person", "title", "org", "session", "item", "citation", "event", "role_only", ...
    start: int  # offsets into the normalised text
    end: int
    text: str
    rule: str
    data: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default: object = None) -> object:
        return dict(self.data).get(key, default)


@dataclass(frozen=True)
class Org:
    name: str  # canonical short form with province: "UBND tỉnh Thái Nguyên"
    kind: str  # ontology class local name: PeoplesCommittee, PartyCommittee, ...
    level: str  # central | province | district | commune
    province: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # canonical name of the parent body


@dataclass(frozen=True)
class Position:
    role: str  # bare title: "Phó Bí thư"
    org: Org
    evidence: Evidence
    former: bool = False  # the text says it is no longer held ("nguyên …", "từng giữ")


@dataclass(frozen=True)
class PersonFact:
    name: str
    evidence: tuple[Evidence, ...]
    positions: tuple[Position, ...] = ()


@dataclass(frozen=True)
class SessionFact:
    kind: str  # Hội nghị, Kỳ họp, Phiên họp, Giao ban, Đại hội
    body: Org | None
    ordinal: int | None
    term: str | None
    period: str | None
    date: str | None
    date_text: str | None
    evidence: Evidence
    referenced_only: bool = False
    chair: tuple[str, Evidence] | None = None
    participants: tuple[tuple[str, str, Evidence], ...] = ()  # (name, role, evidence)
    item_count: int | None = None
    key: str = ""  # local id used by items/events to point at the session
    date_source: str | None = None  # text | dateline | metadata: where the year of `date` comes from


@dataclass(frozen=True)
class ItemFact:
    session_key: str
    title: str
    status: Literal["approved", "discussed"]
    evidence: Evidence
    item_type: str | None = None


@dataclass(frozen=True)
class CitationFact:
    doc_type: str
    number: str | None
    issuer: Org | None
    date: str | None
    term: str | None
    label: str
    evidence: Evidence


@dataclass(frozen=True)
class EventFact:
    kind: str  # election, appointment, dismissal, retirement, transfer, designation
    person: str
    role: str | None
    org: Org | None
    evidence: Evidence
    session_key: str | None = None
    result: str | None = None
    act: int | None = None  # index in Extraction.citations of the decision that made it


@dataclass(frozen=True)
class RoleOnly:
    role: str
    org: Org
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one document."""

    doc: Document
    persons: list[PersonFact] = field(default_factory=list)
    orgs: list[tuple[Org, Evidence]] = field(default_factory=list)
    sessions: list[SessionFact] = field(default_factory=list)
    items: list[ItemFact] = field(default_factory=list)
    citations: list[CitationFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    role_only: list[RoleOnly] = field(default_factory=list)
