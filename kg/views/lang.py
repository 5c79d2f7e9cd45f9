"""The words of the views: Vietnamese first, English beside it.

The names of kinds, organisation types and personnel events are the ontology's own labels
(``rdfs:label`` @vi and @en in ontology/kg.ttl), so a page never shows a class name such as
``PartyCommittee``; the few values that are literals in the graph (participation roles, item
statuses, levels) have their words here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import escape
from rdflib import Graph, Namespace
from rdflib.namespace import RDFS

from kg.resources import ontology_dir

KG = Namespace("https://w3id.org/kg-vn/def#")


@dataclass(frozen=True)
class Words:
    vi: str
    en: str

    def __str__(self) -> str:  # where one string is wanted (tooltips, search badges)
        return self.vi if not self.en or self.en.lower() == self.vi.lower() else f"{self.vi} · {self.en}"

    def __html__(self) -> str:  # in a page: the English beside, smaller
        if not self.en or self.en.lower() == self.vi.lower():
            return str(escape(self.vi))
        return f'{escape(self.vi)} <span class="en">{escape(self.en)}</span>'


#: node kind -> the ontology class whose labels name it
KIND_CLASS = {"person": "Person", "org": "Organization", "session": "Session", "decision": "Decision",
              "item": "AgendaItem", "citeddoc": "CitedDocument", "document": "SourceDocument"}

LITERALS = {
    "chair": Words("Chủ trì", "chair"), "attendee": Words("Tham dự", "attendee"),
    "speaker": Words("Phát biểu", "speaker"), "approved": Words("Thông qua", "approved"),
    "discussed": Words("Thảo luận", "discussed"), "central": Words("Trung ương", "central"),
    "province": Words("Tỉnh", "province"), "district": Words("Huyện", "district"),
    "commune": Words("Xã", "commune"), "holds": Words("Giữ chức vụ", "holds"),
    "body": Words("Cơ quan họp", "body"), "session": Words("Thuộc phiên họp", "in session"),
    "citedIn": Words("Được trích dẫn trong", "cited in"), "issuer": Words("Cơ quan ban hành", "issuer"),
    "subOrganizationOf": Words("Trực thuộc", "part of"), "event": Words("Sự kiện nhân sự", "personnel event"),
    "true": Words("Có", "yes"), "false": Words("Không", "no"),
}


@lru_cache(maxsize=1)
def ontology_words() -> dict[str, Words]:
    """kg class or term local name -> its Vietnamese and English labels."""
    g = Graph()
    g.parse(ontology_dir() / "kg.ttl", format="turtle")
    found: dict[str, dict[str, str]] = {}
    for term, label in g.subject_objects(RDFS.label):
        if str(term).startswith(str(KG)) and getattr(label, "language", None) in ("vi", "en"):
            found.setdefault(str(term)[len(KG):], {})[label.language] = str(label)
    return {name: Words(w.get("vi", name), w.get("en", "")) for name, w in found.items()}


def kind(name: str) -> Words:
    """A node kind ('person', 'org' …) in words."""
    return ontology_words().get(KIND_CLASS.get(name, ""), Words(name, ""))


def term(name: str) -> Words:
    """A class or value (PartyCommittee, Election, chair, approved, province …) in words; a
    value with no words is shown as it is."""
    return LITERALS.get(name) or ontology_words().get(name) or Words(name, "")
