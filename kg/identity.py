"""Cross-document identity of persons: which documents' mentions are one official.

Every document graph names a person under an identity key (`kg:identityKey`: the slug of the
name and of the province, or of the name alone for officials seen only in central posts).
Mentions that share a key are one person unless their posts say otherwise:

* **exclusive posts**: each mention holds a single-holder role (Chủ tịch, Bí thư, Giám đốc …,
  `single_holder` in roles.yaml) in organisations of the same kind and level, and the two sets
  of organisations do not overlap (one person is Chủ tịch of one UBND huyện at a time). Stated
  within CONFLICT_DAYS of each other, that is two people; further apart or undated, it may be
  one person who moved. Either way the mentions are kept apart, and a candidate link says why.
  A document that gives both posts (a transfer) overlaps both and keeps them together.
* a mention with no such post joins the key's only group; when the key has several, it joins the
  one it shares a post with, else it stays on its own node (unsure) with candidate links.
* curation: a key named in a `merge` entry is never split; a `separate` entry with `person` and
  `documents` puts that person's mentions in those documents on a node of their own.

The group with the earliest mention (date, then document id) keeps the key as its IRI; the
others get `key--2`, `key--3` …, and their documents' graphs are rewritten with the new IRIs
(the person, its holdings and its events). The same corpus gives the same groups whatever the
order in which documents were ingested.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from rdflib import Graph, URIRef

from .curation import Curation
from .docrows import StoreRows
from .ids import BASE
from .lexicon import Lexicon
from .store.base import doc_id_of, graph_iri

CONFLICT_DAYS = 31
PERSON = BASE + "person/"
@dataclass
class Mention:
    """One document's mention of a person."""
    doc: str
    node: URIRef
    key: str
    name: str
    date: str | None = None
    posts: set[tuple[str, str, str, str, str]] = field(default_factory=set)  # (role, org, org name, kind, level)
    evidence: set[URIRef] = field(default_factory=set)

    @property
    def order(self) -> tuple[str, str]:
        return (self.date or "9999-99-99", self.doc)

    def exclusive(self, single: frozenset[str]) -> dict[tuple[str, str, str], set[str]]:
        """(role, kind, level) → organisations, for the single-holder roles of this mention."""
        out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for role, org, _name, kind, level in self.posts:
            if role in single:
                out[(role, kind, level)].add(org)
        return out


@dataclass
class Group:
    key: str
    local: str
    mentions: list[Mention]
    curation: str | None = None  # the entry that made or kept this group
    posts: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def node(self) -> URIRef:
        return URIRef(PERSON + self.local)

    @property
    def docs(self) -> list[str]:
        return sorted({m.doc for m in self.mentions})


@dataclass
class Candidate:
    a: URIRef
    b: URIRef
    reason: str
    rule: str
    evidence: set[URIRef]


@dataclass
class Identities:
    groups: list[Group] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)  # ids of documents whose graph changed


def _days(a: str, b: str) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None


def _post_text(m: Mention, role: str, orgs: set[str]) -> str:
    names = sorted({name for r, org, name, _k, _l in m.posts if r == role and org in orgs})
    return f"{role} {', '.join(names)}"


def clash(m: Mention, group: Group, single: frozenset[str]) -> tuple[str, str] | None:
    """Why `m` cannot join `group`: (rule, reason), or None when nothing in the posts forbids it."""
    for slot, orgs in m.exclusive(single).items():
        theirs = group.posts.get(slot)
        if not theirs or orgs & theirs:
            continue
        other = next(o for o in sorted(group.mentions, key=lambda x: x.order) if o.exclusive(single).get(slot))
        close = (m.date and other.date and (_days(m.date, other.date) or 0) <= CONFLICT_DAYS
                 and _days(m.date, other.date) is not None)
        said = (f"{other.doc} ({other.date or 'undated'}) gives {_post_text(other, slot[0], theirs)}; "
                f"{m.doc} ({m.date or 'undated'}) gives {_post_text(m, slot[0], orgs)}")
        if close:
            return ("identity:exclusive-posts-at-the-same-time",
                    f"two people: {said}, within {CONFLICT_DAYS} days; one person holds one such post at a time")
        return ("identity:exclusive-posts-unsure",
                f"kept apart, unsure: {said}; one person could have moved between them")
    return None


def group_key(key: str, mentions: list[Mention], curation: Curation, single: frozenset[str]
              ) -> tuple[list[Group], list[Candidate]]:
    """Split the mentions of one identity key into groups (see the module docstring)."""
    groups: list[Group] = []
    cands: list[Candidate] = []
    forced: dict[str, str] = {}  # doc → curation entry that puts it apart
    for docs, entry in curation.splits.get(key, ()):
        for d in docs:
            forced[d] = entry

    def new_group(m: Mention, entry: str | None = None) -> Group:
        g = Group(key, f"{key}--group-{len(groups)}", [], curation=entry)  # numbered in order below
        groups.append(g)
        add(g, m)
        return g

    def add(g: Group, m: Mention) -> None:
        g.mentions.append(m)
        for slot, orgs in m.exclusive(single).items():
            g.posts[slot] |= orgs

    ordered = sorted(mentions, key=lambda m: m.order)
    never_split = key in {t for t, _e in curation.merges.values()} or key in curation.merges
    with_posts = [m for m in ordered if m.exclusive(single)]
    without = [m for m in ordered if not m.exclusive(single)]
    by_entry: dict[str, Group] = {}
    for m in with_posts + without:
        if m.doc in forced and not never_split:
            entry = forced[m.doc]
            if entry in by_entry:
                add(by_entry[entry], m)
            else:
                by_entry[entry] = new_group(m, entry)
            continue
        free = [g for g in groups if g.curation is None]
        if never_split:
            add(free[0], m) if free else new_group(m)
            continue
        if m.exclusive(single):
            reasons = []
            for g in free:
                why = clash(m, g, single)
                if why is None:
                    add(g, m)
                    break
                reasons.append((g, why))
            else:
                g = new_group(m)
                for other, (rule, reason) in reasons:
                    cands.append(Candidate(other.node, g.node, reason, rule,
                                           set().union(*(x.evidence for x in other.mentions)) | m.evidence))
            continue
        if len(free) <= 1:
            add(free[0], m) if free else new_group(m)
            continue
        mine = {(r, o) for r, o, *_ in m.posts}
        sharing = [g for g in free if mine & {(r, o) for x in g.mentions for r, o, *_ in x.posts}]
        if len(sharing) == 1:
            add(sharing[0], m)
            continue
        g = new_group(m)
        for other in free:
            cands.append(Candidate(other.node, g.node,
                                   f"kept apart, unsure: {m.doc} names {m.name} with no post that tells "
                                   f"which of the {len(free)} people of this name it is",
                                   "identity:ambiguous-mention", other.mentions[0].evidence | m.evidence))
    # IRIs: the group with the earliest mention keeps the key; the others are numbered in order
    groups.sort(key=lambda g: min(m.order for m in g.mentions))
    renamed = {}
    for i, g in enumerate(groups):
        old = g.node
        g.local = key if i == 0 else f"{key}--{i + 1}"
        renamed[old] = g.node
    for c in cands:
        c.a, c.b = sorted((renamed.get(c.a, c.a), renamed.get(c.b, c.b)), key=str)
    return groups, cands


def collect(source) -> dict[str, list[Mention]]:
    """The mentions of every identity key, read from the document graphs (kg.docrows: the
    store's answers, or the rows the workers computed)."""
    mentions: dict[tuple[str, str], Mention] = {}
    for g, p, key, name, ev in source.rows("person_mentions"):
        doc = doc_id_of(str(g))
        if doc is None:
            continue
        m = mentions.setdefault((doc, str(p)), Mention(doc, p, str(key), str(name)))
        m.evidence.add(ev)
    dates = {doc_id_of(str(g)): str(d) for g, d in source.rows("dates")}
    for g, p, role, org, orgname, kind, level in source.rows("posts"):
        m = mentions.get((doc_id_of(str(g)), str(p)))
        if m is not None:
            m.posts.add((str(role), str(org), str(orgname), str(kind), str(level)))
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions.values():
        m.date = dates.get(m.doc)
        by_key[m.key].append(m)
    return by_key


def renamer(old: str, new: str) -> Callable:
    """A function of a term: person `old` (an IRI local part) renamed `new`, in the IRIs of its
    holdings and events too; any other term unchanged."""
    exact = {PERSON + old: PERSON + new}
    prefixes = ((BASE + "holding/" + old + "--", BASE + "holding/" + new + "--"),)
    event = BASE + "event/"

    def swap(term):
        if not isinstance(term, URIRef):
            return term
        s = str(term)
        if s in exact:
            return URIRef(exact[s])
        for a, b in prefixes:
            if s.startswith(a):
                return URIRef(b + s[len(a):])
        if s.startswith(event):
            kind, sep, rest = s[len(event):].partition("--")
            if sep and rest.startswith(old + "--"):
                return URIRef(f"{event}{kind}--{new}--{rest[len(old) + 2:]}")
        return term

    return swap


def document_renamer(pairs: list[tuple[str, str]]) -> Callable:
    """Every (old, new) of one document at once, through temporary names, so that swapping
    key and key--2 cannot collide."""
    steps = ([renamer(old, f"{old}--renaming-{i}") for i, (old, _new) in enumerate(pairs)]
             + [renamer(f"{old}--renaming-{i}", new) for i, (old, new) in enumerate(pairs)])

    def swap(term):
        for step in steps:
            term = step(term)
        return term

    return swap


def rename_graph(graph: Graph, swap: Callable) -> Graph:
    """The graph with every term passed through `swap` (document_renamer)."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    for s, p, o in graph:
        out.add((swap(s), p, swap(o)))
    return out


def resolve_identities(store, curation: Curation, lex: Lexicon, source=None) -> Identities:
    """Group every key's mentions and rewrite the documents whose person IRI changes. The
    mentions are read from `source` (kg.docrows), by default the store's answers; `source` is
    told which documents were rewritten, so that it reads them renamed from then on."""
    source = source or StoreRows(store)
    out = Identities()
    single = frozenset(lex.single_holder)
    changes: dict[str, list[tuple[str, str]]] = defaultdict(list)  # doc → [(old local, new local)]
    for key, mentions in sorted(collect(source).items()):
        groups, cands = group_key(key, mentions, curation, single)
        out.groups.extend(groups)
        out.candidates.extend(cands)
        for g in groups:
            for m in g.mentions:
                old = str(m.node)[len(PERSON):]
                if old != g.local:
                    changes[m.doc].append((old, g.local))
                    m.node = g.node
    swaps = {doc: document_renamer(pairs) for doc, pairs in sorted(changes.items())}
    for doc, swap in swaps.items():
        graph = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri(doc)}> {{ ?s ?p ?o }} }}").graph
        store.replace_document(doc, rename_graph(graph, swap))
        out.rewritten.append(doc)
    source.renamed(swaps)
    return out
