"""Personnel events: who was elected, appointed, moved, designated, approved, dismissed or retired,
to or from which post, with the vote and the act that made it.

A sentence is read verb by verb (kg/lexicons/triggers.yaml `events`): verbs joined by ', ' or
'và' share their people and posts ('điều động, bổ nhiệm'); the people are the names the verb
governs (after it; before it when passive, 'được bầu'; after 'đối với'); the posts are what the
clause says is taken ('giữ chức', 'làm', 'vào', 'tham gia', 'chức danh') or, for a dismissal or
a retirement, the title the person carries. The rule names the verb and the construction:
`event:<verb>+post-giu-chuc`, `+post-tham-gia`, `+held-title`, `+passive`, `+list`.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..model import Document, Org
from .common import Sentences
from .org_names import party_organisation
from .orgs import OrgParser
from .list_events import joined, list_before, list_block_events
from .persons import RANK, NameHit
from .titles import TitleHit, TitleParser

_RESULT = re.compile(r"(\d+\s*/\s*\d+)\s*(?:đại biểu|phiếu)|(?:đạt|chiếm|với)\s+(?:tỷ lệ\s+)?(\d+(?:[.,]\d+)?\s*%)"
                     r"|(\d+(?:[.,]\d+)?\s*%)\s*(?:đại biểu|phiếu|số phiếu)")
_TAKE = re.compile(r"(?<![^\W_])(?:giữ (?:các |những )?(?:chức vụ|chức danh|cương vị|chức)|giữ|làm nhiệm vụ|làm|vào (?:chức vụ|chức danh|chức)|"
                   r"vào|là|(?:chức vụ|chức danh|chức)|tham gia|thôi giữ (?:chức vụ|chức danh|chức)|thôi tham gia|"
                   r"thôi làm(?: nhiệm vụ)?|kết quả (?:bầu|miễn nhiệm|bầu bổ sung)(?: bổ sung)?(?: chức danh| chức vụ)?|để (?:[^,.;]{0,30} )?bầu (?:giữ )?(?:chức danh |chức vụ |chức )?|"
                   r"ứng cử (?:chức danh |chức vụ |chức )?)\s+", re.IGNORECASE)
_INNER_VERB = re.compile(r"(?<![^\W_])(?:kết quả|đề nghị|quy trình|để) $")
_TO_ELECT = re.compile(r"(?<![^\W_])để (?:[^,.;]{0,40} )?$")
_JOIN = re.compile(r"\s*(?:,|và|, và)\s+")
_PASSIVE = re.compile(r"được(?:\s+[^,.;]{0,60}?)?\s*$|(?<![^\W_])người (?:đã |vừa )?$")
_DEGREE_DOT = re.compile(r"(?<![^\W_])(?:GS|PGS|TS|ThS|BS|KS|CN|NCS|PGS\.TS|GS\.TS|TS\.BS)\.")
_SUBJECT_VERBS = ("tái đắc cử", "trúng cử", "đắc cử")  # 'ông A tái đắc cử Bí thư …': the person before
_TO_PERSON = re.compile(r"(?:đối với|cho|của)\s+(?:(?:các )?(?:đồng chí|ông|bà)\s+)?$", re.IGNORECASE)
_STOP_PERSONS = re.compile(r"(?<![^\W_])(?:thay|thay thế|kể từ|từ ngày|do)(?![^\W_])")
_MEMBER_BOARDS = ("ban-chap-hanh", "ban-thuong-vu", "ban-thuong-truc", "mttq", "ubnd", "hdnd", "bch-tw", "bo-chinh-tri",
                  "ban-bi-thu", "ubkt", "uy-ban")


@functools.lru_cache(maxsize=8)
def _verbs(lex: Lexicon) -> tuple[re.Pattern, dict[str, str]]:
    table = {k.lower(): v for k, v in lex.triggers["events"].items()}
    verbs = sorted(table, key=len, reverse=True)
    rx = re.compile("(?<![^\\W_])(?:" + "|".join(re.escape(v).replace("\\ ", " +") for v in verbs) + ")(?![^\\W_])",
                    re.IGNORECASE)
    return rx, table


@dataclass(frozen=True)
class EventHit:
    kind: str
    name: NameHit
    title: TitleHit | None
    start: int
    end: int
    rule: str
    result: str | None
    verb_start: int = 0


class EventFinder:
    def __init__(self, doc: Document, lex: Lexicon, sentences: Sentences, names: list[NameHit],
                 titles: TitleParser, orgs: OrgParser):
        self.text, self.lex, self.sentences, self.names = doc.text, lex, sentences, names
        self.titles, self.orgs = titles, orgs
        self.rx, self.table = _verbs(lex)
        self._starts = [n.start for n in names]  # (names come in text order)
        self._sentence_end = 0

    def _names_between(self, a: int, b: int) -> list[NameHit]:
        return self.names[bisect.bisect_left(self._starts, a):bisect.bisect_left(self._starts, b)]

    def find(self) -> list[EventHit]:
        out, seen = [], set()
        listed = list_block_events(self.text, self.names, self.titles, self.rx, self.table, EventHit)
        for a, b in [*self.sentences, (0, 0)]:
            for hit in self._sentence(a, b) if b else listed:
                key = (hit.kind, hit.name.name, hit.title.role if hit.title else None,
                       hit.title.org.name if hit.title else None)
                if key not in seen:
                    seen.add(key)
                    out.append(hit)
        return out

    def _groups(self, a: int, b: int) -> list[list[re.Match]]:
        """The event verbs of a sentence, those joined by ', ' or 'và' in one group."""
        groups: list[list[re.Match]] = []
        for m in self.rx.finditer(self.text, a, b):
            inner = _INNER_VERB.search(self.text, max(a, m.start() - 12), m.start())
            if inner and (inner.group(0) != "để " or m.group(0).lower().startswith("bầu")) or \
                    m.group(0).lower().startswith("bầu") and _TO_ELECT.search(self.text, max(a, m.start() - 50), m.start()):
                continue  # 'phê chuẩn kết quả bầu', 'giới thiệu ông A để HĐND bầu': the verb before governs
            if groups and _JOIN.fullmatch(self.text[groups[-1][-1].end():m.start()]):
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    def _sentence(self, a: int, b: int) -> list[EventHit]:
        text, out = self.text, []
        self._sentence_end = b
        groups = self._groups(a, b)
        prev_people: list[tuple[NameHit, str]] = []
        last_posts: dict[int, list] = {}  # the posts each person took or left in this sentence so far
        for k, group in enumerate(groups):
            first, last = group[0], group[-1]
            scope_end = groups[k + 1][0].start() if k + 1 < len(groups) else b
            passive = bool(_PASSIVE.search(text, a, first.start()))
            people = self._people(a, first.start(), last.end(), scope_end, passive)
            if not people and k and prev_people and not self._names_between(prev_people[-1][0].end + 1, first.start()):
                people = prev_people  # '… điều động bà A đến Sở Tư pháp và bổ nhiệm giữ chức …'
            prev_people = people
            if not people:
                continue
            if passive and k + 1 < len(groups) and not self._posts(last.end(), scope_end):
                scope_end = b  # 'được điều động … và bổ nhiệm giữ chức …'
            result = _result(text, a, b, first, self.rx)
            ahead = self._post_before_names(last.end(), _lead(people[0][0], text))
            if not ahead and people[0][0].start < first.start():  # the person comes before the verb
                ahead = self._post_right_after(last.end())
            for m in group:
                kind = self.table[re.sub(r"\s+", " ", m.group(0)).lower()]
                verb = re.sub(r"\s+", "-", m.group(0).lower())
                for n, (name, how) in enumerate(people):
                    nxt = people[n + 1][0].start if n + 1 < len(people) else scope_end
                    posts = ahead or self._posts(last.end(), scope_end, name)
                    if not posts and re.search(r"tham gia$", m.group(0), re.IGNORECASE):
                        posts = [(t, "post-tham-gia") for t in self._memberships(m.end() + 1, scope_end)]
                    if not posts and kind == "Transfer":
                        posts = self._posts(scope_end, b, name)  # 'điều động bà A … và bổ nhiệm giữ chức …'
                    if not posts and kind == "Retirement" and (name.titles or last_posts.get(id(name))):
                        # retiring from the post the person holds, else from the one just left
                        candidates = list(name.titles) + [t for t, _ in last_posts.get(id(name), [])]
                        main = _main_title(candidates)
                        posts = [(main, "held-title" if main in name.titles else "post-of-verb-before")]
                    if not posts and kind in ("Dismissal", "Retirement") and name.titles:
                        posts = [(_main_title(name.titles), "held-title")]
                    if posts:
                        last_posts[id(name)] = posts
                    if kind == "Transfer" and len(posts) > 1:
                        posts = [p for p in posts if p[1] != "post-tham-gia"][:1] or posts[:1]
                    own = _result(text, name.end, nxt, None, self.rx) if len(people) > 1 else None
                    for title, construction in posts or [(None, "no-post")]:
                        rule = f"event:{verb}+{construction}" + ("+passive" if passive else "") + (f"+{how}" if how else "")
                        end = max(name.end, title.end if title else 0, m.end())
                        start = min(m.start(), name.start)
                        out.append(EventHit(kind, name, title, start, end, rule, own or result, m.start()))
        return out

    def _post_right_after(self, verb_end: int) -> list[tuple[TitleHit, str]]:
        """'bà A, người tái đắc cử Chủ tịch Ủy ban MTTQ …': the post right after the verb."""
        chain = self.titles.chain(verb_end + 1) if self.text[verb_end:verb_end + 1] == " " else []
        return [(t, "post-after-verb") for t in chain if not t.foreign]

    def _post_before_names(self, verb_end: int, first_person: int) -> list[tuple[TitleHit, str]]:
        """'bầu 2 Phó Bí thư Huyện ủy là đồng chí A … và đồng chí B': the post, then the people."""
        m = re.match(r"\s+(?:kết quả (?:bầu(?: bổ sung)?|miễn nhiệm|bãi nhiệm)(?: chức vụ| chức danh)? )?"
                     r"(?:(?:\d+|các|những|hai|ba|bốn|năm) )?", self.text[verb_end:first_person])
        chain = [t for t in self.titles.chain(verb_end + m.end()) if t.end <= first_person] if m else []
        if chain and re.fullmatch(r"\s*(?:là|gồm|đối với)?\s*:?\s*(?:(?:các )?(?:đồng chí|ông|bà)(?:, bà)?:?\s+)?",
                                  self.text[self.titles.after(chain[-1].end):first_person]):
            return [(t, "post-before-names") for t in chain]
        return []

    def _people(self, a: int, verb_start: int, verb_end: int, scope_end: int, passive: bool) -> list[tuple[NameHit, str]]:
        text = self.text
        if passive:
            before = self._names_between(a, verb_start)
            return list_before(self.text, self.titles, before) if before else []
        stop = _STOP_PERSONS.search(text, verb_end, scope_end)
        limit = stop.start() if stop else scope_end
        after = self._names_between(verb_end, limit)
        if not after:
            # 'ông A, Phó Chủ tịch UBND tỉnh, nghỉ hưu …', '… đối với ông A do nghỉ hưu': the one before
            before = self._names_between(a, verb_start)
            verb = re.sub(r"\s+", " ", text[verb_start:verb_end]).lower()
            if before and verb in _SUBJECT_VERBS:
                return [(n, "before") for n, _ in list_before(self.text, self.titles, before)]  # 'các ông A, B tái đắc cử …'
            return [(before[-1], "before")] if before and self.table.get(verb) in ("Retirement", "Dismissal") else []
        first, out = after[0], [(after[0], "")]
        gap = _DEGREE_DOT.sub("", text[verb_end:first.start])  # ('bổ nhiệm TS. Nguyễn Văn A')
        blocked = re.search(r"[.;]|(?<![^\W_])(?:để|nhằm|vì)(?![^\W_])", gap)
        if blocked and not (_TO_PERSON.search(gap) or re.search(r"(?<![^\W_])(?:đối với|cho)(?![^\W_])", gap[blocked.end():])):
            return []
        prev = first
        for n in after[1:]:
            if not joined(self.text, self.titles, prev, n):
                break
            out.append((n, "list"))
            prev = n
        if len(out) > 1:
            out[0] = (out[0][0], "list")
        return out

    def _posts(self, verb_end: int, scope_end: int, name: NameHit | None = None) -> list[tuple[TitleHit, str]]:
        """The posts the clause says are taken: 'giữ chức X', 'làm X', 'vào Ban Thường vụ', 'tham
        gia Ban Chấp hành, Ban Thường vụ', 'chức danh X'."""
        text, out = self.text, []
        own = {(t.start, t.end) for t in name.titles} if name else set()
        for m in _TAKE.finditer(text, verb_end, scope_end):
            word = re.sub(r"\s+", " ", m.group(0).strip().lower())
            chain = self.titles.chain(m.end())
            if chain and (chain[0].start, chain[0].end) in own and not word.startswith(("giữ", "làm", "chức", "vào")):
                continue
            if chain:
                how = "post-giu-chuc" if word.startswith(("giữ", "chức", "thôi giữ", "kết quả", "để bầu", "ứng cử")) else \
                      "post-lam" if word in ("làm", "là", "thôi làm", "làm nhiệm vụ", "thôi làm nhiệm vụ") else "post-vao"
                out += [(t, how) for t in chain if not t.foreign]
                continue
            if word.startswith(("tham gia", "vào", "thôi tham gia")):
                out += [(t, "post-tham-gia") for t in self._memberships(m.end(), scope_end)]
        return out

    def _memberships(self, i: int, end: int) -> list[TitleHit]:
        """'tham gia Ban Chấp hành, Ban Thường vụ Tỉnh ủy', 'vào Ban Thường vụ': Ủy viên of each."""
        text, hits = self.text, []
        while i < end:
            hit = self.orgs.at(i)
            if hit is None:
                break
            hits.append(hit)
            j = _JOIN.match(text, hit.end)
            if not j:
                break
            i = j.end()
        committee = next((h.org for h in hits if h.head in ("tinh-uy", "thanh-uy", "huyen-uy", "quan-uy", "thi-uy", "dang-uy")),
                         None) or next((Org(h.org.parent, "PartyCommittee", h.org.level, h.org.province) for h in hits
                                        if h.org.parent and " ủy" in h.org.parent), None)
        if committee is None and (t := self._title_later(i, max(end, self._sentence_end))):  # ('… thôi tham gia
            # Ban Chấp hành, Ban Thường vụ, thôi giữ chức Bí thư Tỉnh ủy': the next clause's title names it)
            committee = Org(t.org.name, t.org.kind, t.org.level, t.org.province) if t.head in (
                "tinh-uy", "thanh-uy", "huyen-uy", "quan-uy", "thi-uy", "dang-uy") else None
        out = []
        for h in hits:
            org = h.org
            if h.missing_parent:
                if committee is None:
                    continue
                name = f"Ban Chấp hành {party_organisation(committee)}" if h.head == "ban-chap-hanh" else f"{org.name} {committee.name}"
                org = Org(name, "PartyCommittee" if h.head == "ban-chap-hanh" else org.kind, committee.level,
                          committee.province, (), committee.name)
            if h.head in _MEMBER_BOARDS or h.missing_parent or org.kind in ("PartyCommittee", "StandingCommittee"):
                out.append(TitleHit("Ủy viên", org, h.start, h.end, f"title:membership+{h.rule}", head=h.head))
        return out

    def _title_later(self, i: int, end: int) -> TitleHit | None:
        """The first title after i in the clause ('… và giữ chức Phó Bí thư Tỉnh ủy'): it names the committee."""
        for m in _TAKE.finditer(self.text, i, end):
            if (chain := self.titles.chain(m.end())):
                return chain[0]
        return None


def _main_title(titles) -> TitleHit:
    """The post a person leaves: the first title that is not a committee membership."""
    return next((t for t in titles if t.role != "Ủy viên"), titles[0])


def _result(text: str, a: int, b: int, m: re.Match | None, verbs: re.Pattern) -> str | None:
    """The vote of this event. Between this verb and the next one; for the first verb of the
    sentence also after the others ('…; kết quả có 47/50 đại biểu tán thành') or before it
    ('Với 48/50 đại biểu tán thành, HĐND tỉnh đã bầu bổ sung …'). A count of votes beats a percentage."""
    if m is None:  # one person's own vote, in the words after their name
        spans = [(a, b)]
    else:
        nxt = verbs.search(text, m.end(), b)
        first = verbs.search(text, a, b).start() == m.start()
        spans = [(m.end(), nxt.start() if nxt else b)]
        if first:
            spans += [(m.end(), b), (a, m.start())]
    for x, y in spans:
        found = list(_RESULT.finditer(text, x, y))
        if found:
            best = next((r for r in found if r.group(1)), found[0])
            return re.sub(r"\s+", "", best.group(1) or best.group(2) or best.group(3))
    return None


def find_events(doc: Document, lex: Lexicon, sentences: Sentences, names: list[NameHit],
                titles: TitleParser, orgs: OrgParser) -> list[EventHit]:
    return EventFinder(doc, lex, sentences, names, titles, orgs).find()


def _lead(name: NameHit, text: str) -> int:
    """Where a person's mention begins: the titles written right before the name ('đối với Giám
    đốc Sở Nội vụ, ông A'), else the name (not a plural title: '… các phó chủ tịch gồm các ông A')."""
    before = [t for t in name.titles if t.end <= name.start]
    return before[0].start if before and re.fullmatch(rf",?\s*(?:(?:đồng chí|ông|bà|{RANK})\s+)?",
                                                      text[before[-1].end:name.start]) else name.start
