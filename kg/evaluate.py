"""`kg eval`: extract documents, read them back through the contract queries, score against gold.

Facts are compared as tuples of normalised strings (NFC, one tone placement, case-folded,
spaces and outer punctuation trimmed). Items are matched one-to-one, greedily, when their
titles are at least ITEM_SIMILARITY alike (difflib ratio) and their status agrees.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .pipeline import build, iter_inputs
from .queries import load_saved
from .store import open_store
from .text import normalize_tones

KINDS = ("persons", "positions", "sessions", "items", "documents", "events", "acts")
# the verbs of the gold files (tests/fixtures/CONVENTIONS.md) → the event classes kg writes
EVENT_KINDS = {"bầu": "Election", "bầu bổ sung": "Election", "tái đắc cử": "Election", "hiệp thương cử": "Election",
               "miễn nhiệm": "Dismissal", "bãi nhiệm": "Dismissal", "cho thôi": "Dismissal",
               "bổ nhiệm": "Appointment", "bổ nhiệm lại": "Appointment", "điều động": "Transfer",
               "luân chuyển": "Transfer", "chỉ định": "Designation", "phân công": "Assignment",
               "phê chuẩn": "Approval", "chuẩn y": "Approval", "giới thiệu": "Nomination", "nghỉ hưu": "Retirement"}
ITEM_SIMILARITY = 0.85


EVENTS_QUERY = """
PREFIX kg: <https://w3id.org/kg-vn/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?kind ?name ?role ?organization ?doc ?actType ?actNumber WHERE {
  GRAPH ?g { ?e a kg:PersonnelEvent , ?class ; kg:person/foaf:name ?name ; kg:post ?post ; kg:evidence ?ev .
             ?post org:role/skos:prefLabel ?r ; org:postIn/skos:prefLabel ?o .
             OPTIONAL { ?e kg:act ?act . ?act kg:documentType ?actType . OPTIONAL { ?act kg:documentNumber ?actNumber } } }
  FILTER(?class != kg:PersonnelEvent)
  ?ev oa:hasSource/dcterms:identifier ?doc .
  BIND(STRAFTER(STR(?class), "#") AS ?kind) BIND(STR(?r) AS ?role) BIND(STR(?o) AS ?organization)
}"""


def norm(value: object) -> str:
    if value is None:
        return ""
    s = normalize_tones(unicodedata.normalize("NFC", str(value)))
    s = s.replace("(", "").replace(")", "")
    return re.sub(r"\s+", " ", s).strip(" .,;:…").casefold()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    scores: dict[str, Score]
    documents: int
    constructions: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # kind → construction → [gold, missed]

    def by_construction(self) -> str:
        """The misses of each kind by the construction the gold says the text used."""
        lines = []
        for kind, table in self.constructions.items():
            for name, (gold, missed) in sorted(table.items(), key=lambda kv: (-kv[1][1], kv[0])):
                lines.append(f"{kind:10} {name:28} {gold:4d} gold {missed:4d} missed  recall {1 - missed / gold:.2f}")
        return "\n".join(lines)

    def table(self) -> str:
        lines = [f"{self.documents} document(s)", f"{'kind':12} {'gold':>5} {'found':>5} {'tp':>5} "
                 f"{'P':>6} {'R':>6} {'F1':>6}"]
        for kind, s in self.scores.items():
            lines.append(f"{kind:12} {s.tp + s.fn:5d} {s.tp + s.fp:5d} {s.tp:5d} "
                         f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
        return "\n".join(lines)

    def misses(self) -> str:
        out = []
        for kind, s in self.scores.items():
            out += [f"missed   {kind}: {m}" for m in s.missed]
            out += [f"spurious {kind}: {m}" for m in s.spurious]
        return "\n".join(out)


def _exact(gold: list[tuple], found: list[tuple], score: Score) -> None:
    g, f = Counter(gold), Counter(found)
    both = g & f
    score.tp += sum(both.values())
    score.fn += sum((g - both).values())
    score.fp += sum((f - both).values())
    score.missed += [" | ".join(k) for k in (g - both).elements()]
    score.spurious += [" | ".join(k) for k in (f - both).elements()]


def _fuzzy(gold: list[tuple], found: list[tuple], score: Score) -> None:
    """Tuples whose last element is the title; the others must be equal."""
    remaining = list(found)
    for g in gold:
        best, best_ratio = None, ITEM_SIMILARITY
        for f in remaining:
            if f[:-1] != g[:-1]:
                continue
            ratio = difflib.SequenceMatcher(None, g[-1], f[-1]).ratio()
            if ratio >= best_ratio:
                best, best_ratio = f, ratio
        if best is None:
            score.fn += 1
            score.missed.append(" | ".join(g))
        else:
            score.tp += 1
            remaining.remove(best)
    score.fp += len(remaining)
    score.spurious += [" | ".join(f) for f in remaining]


def _title(item) -> str:
    return item["title"] if isinstance(item, dict) else item


def _how(fact) -> str:
    return fact.get("construction", "other") if isinstance(fact, dict) else "other"


def gold_facts(gold: dict, constructions: dict[str, list[tuple[tuple, str]]] | None = None) -> dict[str, list[tuple]]:
    """The facts of a gold file as tuples; `constructions` (when given) gets each tuple of the
    positions, items and events with the construction the gold names for it."""
    doc = gold["id"]
    facts: dict[str, list[tuple]] = {k: [] for k in KINDS}
    how: dict[str, list[tuple[tuple, str]]] = constructions if constructions is not None else {}

    def put(kind: str, fact: tuple, source=None) -> None:
        facts[kind].append(fact)
        how.setdefault(kind, []).append((fact, _how(source)))

    for p in gold["persons"]:
        facts["persons"].append((doc, norm(p["name"])))
        for pos in p["positions"]:
            put("positions", (doc, norm(p["name"]), norm(pos["role"]), norm(pos["org"])), pos)
    for s in gold["sessions"]:
        facts["sessions"].append((doc, norm(s["body"]), norm(s["kind"]), norm(s["ordinal"]), norm(s["term"]),
                                  norm(s["date"]), norm(s["chair"])))
        tags = s.get("item_constructions") or {}  # item text → construction (tests/fixtures/CONVENTIONS.md)
        for status in ("approved", "discussed"):
            for t in s[f"items_{status}"]:
                put("items", (doc, status, norm(_title(t))), t if isinstance(t, dict) else {"construction": tags.get(t, "other")})
    for d in gold["documents"]:
        facts["documents"].append((doc, norm(d["type"]), norm(d["number"]), norm(d["issuer"]), norm(d["date"])))
    for e in gold.get("events", []):  # optional in the gold schema
        event = (doc, norm(EVENT_KINDS.get(e["kind"], e["kind"])), norm(e["person"]), norm(e["role"]), norm(e["org"]))
        put("events", event, e)
        if e.get("act"):
            facts["acts"].append(event + (norm(e["act"].get("type")), norm(e["act"].get("number"))))
    return facts


def found_facts(store, doc_ids: set[str]) -> dict[str, list[tuple]]:
    def rows(name: str) -> list[dict]:
        result = store.query(load_saved(name).text)
        return [r for r in result.dicts() if str(r.get("doc")) in doc_ids]

    facts: dict[str, list[tuple]] = {k: [] for k in KINDS}
    facts["persons"] = [(str(r["doc"]), norm(r["name"])) for r in rows("persons")]
    facts["positions"] = [(str(r["doc"]), norm(r["name"]), norm(r["role"]), norm(r["organization"]))
                          for r in rows("positions")]
    facts["sessions"] = [(str(r["doc"]), norm(r.get("body")), norm(r["kind"]), norm(r.get("ordinal")),
                          norm(r.get("term")), norm(r.get("date")), norm(r.get("chair"))) for r in rows("sessions")]
    facts["items"] = [(str(r["doc"]), norm(r["status"]), norm(r["title"])) for r in rows("session-items")]
    facts["documents"] = [(str(r["doc"]), norm(r["type"]), norm(r.get("number")), norm(r.get("issuer")),
                           norm(r.get("date"))) for r in rows("cited-documents")]
    events = [r for r in store.query(EVENTS_QUERY).dicts() if str(r.get("doc")) in doc_ids]
    facts["events"] = sorted({(str(r["doc"]), norm(r["kind"]), norm(r["name"]), norm(r["role"]), norm(r["organization"]))
                              for r in events})
    facts["acts"] = sorted({(str(r["doc"]), norm(r["kind"]), norm(r["name"]), norm(r["role"]), norm(r["organization"]),
                             norm(r.get("actType")), norm(r.get("actNumber"))) for r in events if r.get("actType")})
    return facts


def evaluate(docs: list[Path], gold_dir: Path) -> EvalResult:
    golds: dict[str, dict] = {}
    for path, _info in iter_inputs(docs):
        gold_path = gold_dir / f"{path.stem}.json"
        if not gold_path.is_file():
            raise InputError(str(path), f"no gold file {gold_path}")
        try:
            golds[path.stem] = json.loads(gold_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise InputError(str(gold_path), f"bad JSON: {err.msg}", err.lineno, err.colno) from None
    store = open_store(backend="memory")
    report = build(docs, store)
    if report.skipped:
        raise InputError(report.skipped[0][0], report.skipped[0][1])
    found = found_facts(store, set(golds))
    return EvalResult(score_facts(golds, found), len(golds), construction_misses(golds, found))


def score_facts(golds: dict[str, dict], found: dict[str, list[tuple]]) -> dict[str, Score]:
    """Scores per kind of the facts found in some documents against their gold (by doc id)."""
    scores = {k: Score() for k in KINDS}
    with_events = {d for d, g in golds.items() if "events" in g}
    with_acts = {d for d, g in golds.items() if any("act" in e for e in g.get("events", []))}
    for kind in KINDS:
        gold = [f for g in golds.values() for f in gold_facts(g)[kind]]
        mine = found[kind]
        if kind in ("events", "acts"):  # scored only on documents whose gold lists events (and their acts)
            mine = [f for f in mine if f[0] in (with_events if kind == "events" else with_acts)]
        (_fuzzy if kind == "items" else _exact)(gold, mine, scores[kind])
    return scores


def construction_misses(golds: dict[str, dict], found: dict[str, list[tuple]]) -> dict[str, dict[str, list[int]]]:
    """kind → construction → [gold facts, missed facts], for positions, items and events."""
    out: dict[str, dict[str, list[int]]] = {}
    for kind in ("positions", "items", "events"):
        how: dict[str, list[tuple[tuple, str]]] = {}
        for g in golds.values():
            gold_facts(g, how)
        score = Score()
        (_fuzzy if kind == "items" else _exact)([f for f, _ in how.get(kind, [])], found[kind], score)
        missed = Counter(tuple(m.split(" | ")) for m in score.missed)
        table = out.setdefault(kind, {})
        for fact, name in how.get(kind, []):
            row = table.setdefault(name, [0, 0])
            row[0] += 1
            if missed[fact]:
                missed[fact] -= 1
                row[1] += 1
    return out
