"""Cross-document layer: careers over time, succession, inferred holders of role-only mentions,
candidate links between people who share a name. Everything here is derived, never stated.

It reads the documents' graphs from the store and writes one graph of its own, DERIVED_ID
(`https://w3id.org/kg-vn/graph/_derived`), rebuilt from scratch after every build, so that it
always agrees with the documents and the same corpus gives the same triples. Each inferred fact
gets an evidence with `kg:method "inferred"`, the rule that made it, and `prov:wasDerivedFrom`
the stated evidence it rests on.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .curation import Curation
from .docrows import StoreRows
from .identity import Identities, resolve_identities
from .ids import iri, short_hash, slug
from .lexicon import Lexicon, load_lexicon
from .rdf import doc_iri
from .store.base import graph_iri
from .store.terms import nt_quad_chunks
from .vocab import FOAF, KG, OA, ORG, PROV, RDF, RDFS, SKOS, TIME

DERIVED_ID = "_derived"
STARTS = {KG.Election, KG.Appointment, KG.Transfer, KG.Designation}
ENDS = {KG.Dismissal, KG.Retirement}


@dataclass
class Holding:
    iri: URIRef
    person: URIRef
    post: URIRef
    evidence: set = field(default_factory=set)
    dates: set = field(default_factory=set)
    dated: dict = field(default_factory=dict)  # stated evidence → the date of its document
    single: bool = False  # a role one person holds at a time (Bí thư, Chủ tịch …)
    start: tuple | None = None  # (date or "", event IRI, evidence)
    end: tuple | None = None
    # one copy of what every stating document repeats: (role node, org node), and the labels
    # (least of the documents' spellings, so that the copy does not depend on their order)
    nodes: tuple | None = None
    labels: dict = field(default_factory=dict)

    @property
    def first(self) -> str | None:
        return min(self.dates) if self.dates else None

    @property
    def last(self) -> str | None:
        return max(self.dates) if self.dates else None

    @property
    def begins(self) -> str | None:
        return (self.start[0] or None) if self.start else self.first

    def stated(self, date: str, after: bool = False):
        """The stated evidence nearest to `date` on or before it (on or after it if `after`):
        what an inference about that date rests on, rather than every mention of the holding
        (which made the derived graph grow with mentions² as a corpus grows)."""
        near = [(d, str(ev)) for ev, d in self.dated.items() if (d >= date if after else d <= date)]
        if not near:
            return None
        day = min(near)[0] if after else max(near)[0]
        return URIRef(min(ev for d, ev in near if d == day))

    @property
    def begin_evidence(self):
        """The evidence of what begins the holding: its start event, or its first statement."""
        if self.start:
            return self.start[2]
        return self.stated(self.first, after=True) if self.first else None

    @property
    def end_evidence(self):
        """The evidence of where the holding is last known: its dated end event, or its last
        statement."""
        if self.end and self.end[0]:
            return self.end[2]
        return self.stated(self.last) if self.last else None


class Triples:
    """An ordered set of triples with Graph's `add`: the derived graph can hold hundreds of
    thousands of triples, which an rdflib Graph would index for nothing."""

    def __init__(self) -> None:
        self._t: dict[tuple, None] = {}

    def add(self, triple: tuple) -> None:
        self._t[triple] = None

    def __iter__(self):
        return iter(self._t)

    def __len__(self) -> int:
        return len(self._t)

    def graph(self) -> Graph:
        g = Graph()
        for t in self._t:
            g.add(t)
        return g


def _s(term) -> str | None:
    return None if term is None else str(term)


class Deriver:
    def __init__(self, store, curation: Curation | None = None, lex: Lexicon | None = None, source=None):
        self.store, self.curation, self.lex = store, curation or Curation(), lex or load_lexicon()
        self.source = source or StoreRows(store)  # kg.docrows: what each document's graph gives
        self.g = Triples()
        self.sources: dict[str, URIRef] = {}  # evidence → its source document
        self.event_labels: dict[URIRef, Literal] = {}
        self.names: dict[URIRef, Literal] = {}  # person → least spelling of the name (listings)
        self.org_labels: dict[URIRef, Literal] = {}

    def rows(self, table: str):
        """The rows of a kg.docrows table (a list or a generator: read them once)."""
        return self.source.rows(table)

    # -- evidence for inferred facts ----------------------------------------------------------
    def inferred(self, node: URIRef, rule: str, anchor, rests_on) -> None:
        """An evidence for an inferred fact about `node`: the stated evidence whose span it
        points to (kg:anchor), the rule, and prov:wasDerivedFrom every stated evidence in `rests_on`."""
        doc = self.sources[str(anchor)]
        key = short_hash(f"{node}|{rule}|{anchor}")
        ev = iri("evidence", f"{DERIVED_ID}/{key}")
        for t in ((ev, RDF.type, KG.Evidence), (ev, OA.hasSource, doc), (ev, KG.rule, Literal(rule)),
                  (ev, KG.method, Literal("inferred")), (ev, KG.anchor, URIRef(str(anchor))), (node, KG.evidence, ev)):
            self.g.add(t)
        for r in sorted(map(str, rests_on)):
            self.g.add((ev, PROV.wasDerivedFrom, URIRef(r)))

    # -- careers --------------------------------------------------------------------------------
    def holdings(self) -> dict[URIRef, Holding]:
        out: dict[URIRef, Holding] = {}
        for h, person, post, ev, date, doc, role, rnode, onode, olabel, name in self.rows("holdings"):
            self.sources[str(ev)] = doc
            hold = out.setdefault(h, Holding(h, person, post, single=str(role) in self.lex.single_holder))
            hold.evidence.add(ev)
            if date is not None:
                hold.dated[ev] = str(date)
            hold.nodes = min(hold.nodes or (rnode, onode), (rnode, onode), key=lambda t: tuple(map(str, t)))
            for node, label in ((rnode, role), (onode, olabel), (person, name)):
                known = hold.labels.get(node)
                if known is None or str(label) < str(known):
                    hold.labels[node] = label
            if date is not None:
                hold.dates.add(str(date))
        by_key = {(x.person, x.post): x for x in out.values()}
        for e, cls, person, post, ev, date, label, doc in sorted(self.rows("events"), key=lambda r: tuple(map(str, r))):
            self.sources[str(ev)] = doc
            if label is not None and (e not in self.event_labels or str(label) < str(self.event_labels[e])):
                self.event_labels[e] = label
            hold = by_key.get((person, post))
            if hold is None:
                continue
            item = (_s(date) or "", e, ev)
            if cls in STARTS and (hold.start is None or item < hold.start):
                hold.start = item
            if cls in ENDS and (hold.end is None or item > hold.end):
                hold.end = item
        return out

    def index(self, holdings: dict[URIRef, Holding]) -> None:
        """One copy, in the derived graph, of each holding's member, role, organisation and
        their labels, and of the labels of the events that start or end it. Every document
        that states a holding repeats them, and a query over the union would meet each once
        per document (Oxigraph's union default graph is a multiset): career queries read them
        here (`GRAPH kgg:_derived`) and the stated evidence from the documents' graphs."""
        for h in holdings.values():
            rnode, onode = h.nodes
            for t in ((h.iri, RDF.type, KG.PositionHolding), (h.iri, ORG.member, h.person),
                      (h.iri, KG.post, h.post), (h.iri, ORG.role, rnode), (h.iri, ORG.organization, onode),
                      (h.person, FOAF.name, self.names.get(h.person, h.labels[h.person])),
                      (rnode, SKOS.prefLabel, h.labels[rnode]),
                      (onode, SKOS.prefLabel, self.org_labels.get(onode, h.labels[onode]))):
                self.g.add(t)
            for edge in (h.start, h.end):
                if edge and edge[1] in self.event_labels:
                    self.g.add((edge[1], RDFS.label, self.event_labels[edge[1]]))

    def listings(self) -> None:
        """One copy of what the corpus-wide listings read (`org-hierarchy`, `co-attendance`,
        `sessions`): every person's name, every organisation with its kinds, label, level,
        province and parents, every post's label, every participation's session and person,
        every session's ordinals and terms (the least spelling where documents differ on a
        label), and for each organisation and participation `kg:firstQuoted`, its
        stated evidence of least quote. A listing then reads each once instead of once per
        mention."""
        def least(table: dict, key, value) -> None:
            if value is not None and (key not in table or str(value) < str(table[key])):
                table[key] = value

        for p, name in self.rows("people"):
            least(self.names, p, name)
        levels, province_labels = {}, {}
        for o, cls, label, level, province, plabel in self.rows("org_facts"):
            self.g.add((o, RDF.type, KG.Organization))
            self.g.add((o, RDF.type, cls))
            least(self.org_labels, o, label)
            least(levels, o, level)
            if province is not None:
                self.g.add((o, KG.province, province))
                least(province_labels, province, plabel)
        for o, up in self.rows("org_parents"):
            self.g.add((o, ORG.subOrganizationOf, up))
        post_labels: dict = {}
        for post, label in self.rows("post_labels"):
            least(post_labels, post, label)
        for sn, prop, value in self.rows("session_numbers"):
            self.g.add((sn, prop, value))
        for p, session, person in self.rows("participations"):
            self.g.add((p, KG.session, session))
            self.g.add((p, KG.participant, person))
        first: dict = {}
        for node, ev, exact in self.rows("quotes"):
            pair = (str(exact), str(ev))
            if node not in first or pair < first[node]:
                first[node] = pair
        for table, prop in ((self.names, FOAF.name), (self.org_labels, SKOS.prefLabel), (levels, KG.level),
                            (province_labels, RDFS.label), (post_labels, RDFS.label)):
            for node, value in table.items():
                self.g.add((node, prop, value))
        for node, (_exact, ev) in first.items():
            self.g.add((node, KG.firstQuoted, URIRef(ev)))

    def careers(self, holdings: dict[URIRef, Holding]) -> None:
        for h in holdings.values():
            if h.first:
                self.g.add((h.iri, KG.firstStated, Literal(h.first, datatype=XSD.date)))
                self.g.add((h.iri, KG.lastStated, Literal(h.last, datatype=XSD.date)))
            if h.start:
                self.g.add((h.iri, KG.startedBy, h.start[1]))
            if h.end:
                self.g.add((h.iri, KG.endedBy, h.end[1]))
            begin = h.start[0] if h.start else ""
            end = h.end[0] if h.end else ""
            if begin or end:  # org:memberDuring only from dated events, never from stated dates
                interval = URIRef(f"{h.iri}#during")
                self.g.add((h.iri, ORG.memberDuring, interval))
                self.g.add((interval, RDF.type, TIME.Interval))
                for prop, date, which in ((TIME.hasBeginning, begin, "begin"), (TIME.hasEnd, end, "end")):
                    if date:
                        instant = URIRef(f"{h.iri}#{which}")
                        self.g.add((interval, prop, instant))
                        self.g.add((instant, RDF.type, TIME.Instant))
                        self.g.add((instant, TIME.inXSDDate, Literal(date, datatype=XSD.date)))

    def succession(self, holdings: dict[URIRef, Holding]) -> None:
        """B succeeds A in a post when B begins after A was last stated (or after A's end)."""
        by_post: dict[URIRef, list[Holding]] = defaultdict(list)
        for h in holdings.values():
            if h.begins and h.single:
                by_post[h.post].append(h)
        for post, hs in by_post.items():
            hs.sort(key=lambda h: (h.begins, str(h.iri)))
            for a, b in zip(hs, hs[1:]):
                a_end = (a.end[0] if a.end and a.end[0] else None) or a.last
                if a.person != b.person and a_end and b.begins and b.begins >= a_end:
                    self.g.add((b.iri, KG.succeeds, a.iri))
                    # rests on where A is last known and where B begins, not on every mention
                    # of both
                    begin, end = b.begin_evidence, a.end_evidence
                    self.inferred(b.iri, "succession:begins-after-predecessor-last-stated", begin,
                                  {e for e in (begin, end) if e is not None})

    # -- role-only mentions ---------------------------------------------------------------------
    def holder_at(self, hs: list[Holding], date: str) -> tuple[Holding | None, str]:
        """The holding of a post in force on `date`, and the rule, or None and the reason."""
        within = [h for h in hs if h.first and h.first <= date <= h.last]
        if len(within) == 1:
            return within[0], "holder-at-date:stated-before-and-after"
        if len(within) > 1:
            return None, f"several holders stated around {date}"
        started = [h for h in hs if h.begins and h.begins <= date and not (h.end and h.end[0] and h.end[0] < date)]
        if not started:
            return None, f"no holder known on {date}"
        latest = max(h.begins for h in started)
        top = [h for h in started if h.begins == latest]
        if len(top) > 1:
            return None, f"several holders began on {latest}"
        return top[0], "holder-at-date:latest-begun-before-date-not-ended"

    def role_mentions(self, holdings: dict[URIRef, Holding]) -> None:
        by_post: dict[URIRef, list[Holding]] = defaultdict(list)
        for h in holdings.values():
            by_post[h.post].append(h)
        for m, post, ev, _doc, date in sorted(self.rows("role_mentions"), key=lambda r: tuple(map(str, r))):
            if date is None:
                self.g.add((m, KG.unresolvedReason, Literal("the document gives no date")))
                continue
            holding, rule = self.holder_at(by_post.get(post, []), str(date))
            if holding is None:
                self.g.add((m, KG.unresolvedReason, Literal(rule)))
                continue
            self.g.add((m, KG.inferredHolder, holding.person))
            # rests on the mention and on the statements that place the holder on that date:
            # the nearest before and after it, or what began the holding
            if rule == "holder-at-date:stated-before-and-after":
                basis = {holding.stated(str(date)), holding.stated(str(date), after=True)}
            else:
                basis = {holding.begin_evidence}
            self.inferred(m, rule, ev, {e for e in basis if e is not None} | {ev})

    # -- one person, one node ---------------------------------------------------------------------
    def identity_reasons(self, ids: Identities) -> None:
        """Why the mentions of several documents are one person node: a reason and an inferred
        evidence resting on each document's mention."""
        for g in ids.groups:
            docs = g.docs
            if len(docs) < 2:
                continue
            for m in g.mentions:
                for ev in m.evidence:
                    self.sources[str(ev)] = doc_iri(m.doc)
            evidence = set().union(*(m.evidence for m in g.mentions))
            # posts that more than one of the mentions states (counted once per mention)
            stating = Counter(post for m in g.mentions for post in {(r, name) for r, _o, name, _k, _l in m.posts})
            shared = sorted({f"{r} {name}" for (r, name), n in stating.items() if n > 1})
            merge = self.curation.merges.get(g.key)
            if g.curation or merge:
                rule, reason = "curation", f"curation {g.curation or merge[1]}"
            elif "--" in g.key:
                rule = "identity:same-name-same-province"
                reason = (f"same name ({g.mentions[0].name}) and province ({g.key.split('--', 1)[1]}) "
                          f"in {len(docs)} documents; no posts that one person cannot hold together")
            else:
                rule = "identity:same-name-central-posts-only"
                reason = (f"same name ({g.mentions[0].name}) in {len(docs)} documents, each giving only "
                          f"central posts or one of them; no posts that one person cannot hold together")
            if shared:
                reason += "; posts stated in more than one document: " + ", ".join(shared)
            self.g.add((g.node, KG.identityReason, Literal(f"{reason} ({', '.join(docs)})")))
            self.inferred(g.node, rule, sorted(map(str, evidence))[0], evidence)

    def candidate_link(self, a: URIRef, b: URIRef, reason: str, rule: str, evidence: set) -> None:
        a, b = sorted((a, b), key=str)
        link = iri("candidate", f"{str(a).rsplit('/', 1)[-1]}--and--{str(b).rsplit('/', 1)[-1]}")
        for t in ((a, KG.candidateSameAs, b), (b, KG.candidateSameAs, a), (link, RDF.type, KG.CandidateLink),
                  (link, KG.candidate, a), (link, KG.candidate, b), (link, KG.candidateReason, Literal(reason))):
            self.g.add(t)
        known = sorted(str(e) for e in evidence if str(e) in self.sources)
        if known:
            self.inferred(link, rule, known[0], evidence)

    def candidates(self, ids: Identities) -> None:
        """Candidate links: mentions of one key kept apart (kg.identity), and people of the same
        name under different keys (other provinces, or central posts only)."""
        for g in ids.groups:
            for m in g.mentions:
                for ev in m.evidence:
                    self.sources[str(ev)] = doc_iri(m.doc)
        done = set()
        for c in ids.candidates:
            self.candidate_link(c.a, c.b, c.reason, c.rule, c.evidence)
            done.add(frozenset((c.a, c.b)))
        info = {g.node: g for g in ids.groups}
        by_name: dict[str, set[URIRef]] = defaultdict(set)
        for p, name in self.rows("people"):
            by_name[slug(str(name))].add(p)
        for nodes in by_name.values():
            nodes = sorted(nodes, key=str)
            for i, a in enumerate(nodes):
                for b in nodes[i + 1:]:
                    locals_ = frozenset(str(x).rsplit("/", 1)[-1] for x in (a, b))
                    if locals_ in self.curation.separate or frozenset((a, b)) in done:
                        continue
                    ga, gb = info.get(a), info.get(b)
                    if ga and gb and ga.key == gb.key:
                        continue  # kept apart by curation: not a candidate
                    where = [g.key.split("--", 1)[1] if g and "--" in g.key else "central posts only" for g in (ga, gb)]
                    # the link rests on one mention of each (its first evidence): resting it on
                    # every mention of both made the derived graph grow with (namesakes)² x
                    # mentions, past 20 GB of memory on 100k synthetic articles
                    evidence = {min((ev for m in g.mentions for ev in m.evidence), key=str)
                                for g in (ga, gb) if g and any(m.evidence for m in g.mentions)}
                    self.candidate_link(a, b, f"same name, kept apart: {where[0]} / {where[1]}",
                                        "identity:same-name-other-key", evidence)

    def run(self, ids: Identities | None = None) -> Triples:
        ids = ids or Identities()
        holdings = self.holdings()
        self.listings()
        self.sources.update({str(ev): doc for _m, _p, ev, doc, _d in self.rows("role_mentions")})
        self.careers(holdings)
        self.index(holdings)
        self.succession(holdings)
        self.role_mentions(holdings)
        self.identity_reasons(ids)
        self.candidates(ids)
        return self.g


def derive(store, curation: Curation | None = None, lex: Lexicon | None = None, source=None) -> int:
    """Resolve who is who across documents (kg.identity, which may rewrite the person IRIs of
    some document graphs), then recompute the derived graph; returns its triple count. The
    documents' graphs are read from `source` (kg.docrows), by default by querying the store."""
    docs = [d for d in store.document_ids() if d != DERIVED_ID]
    if not docs:
        store.remove_document(DERIVED_ID)
        return 0
    curation, lex = curation or Curation(), lex or load_lexicon()
    source = source or StoreRows(store)
    ids = resolve_identities(store, curation, lex, source)
    triples = Deriver(store, curation, lex, source).run(ids)
    del ids
    # dropped, then loaded in one transaction: a build killed in between leaves no derived
    # graph, which the next build recomputes; the documents' graphs are never touched here.
    # (A build into an empty store does all of this aside, in Store.bulk, and writes the
    # text in pieces: at 100k articles, one string of it took 1.2 GB beside the triples.)
    store.remove_document(DERIVED_ID)
    return store.add_document_chunks(DERIVED_ID, nt_quad_chunks(triples, graph_iri(DERIVED_ID)))
