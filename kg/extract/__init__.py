"""Extraction: one Document → an Extraction (persons, positions, orgs, sessions, items,
citations, personnel events, role-only mentions), every fact with its evidence."""
from __future__ import annotations

import bisect
import re
from collections import Counter

from ..ids import session_local
from ..lexicon import Lexicon, load_lexicon
from ..model import (CitationFact, Document, EventFact, Extraction, ItemFact, PersonFact, Position,
                     RoleOnly, SessionFact)
from .citations import CitationFinder
from .common import Sentences
from .careers import find_careers
from .event_acts import link_acts
from .events import find_events
from .items import ItemFinder
from .orgs import OrgParser, find_orgs
from .names import display_name
from .delegates import add_delegates
from .persons import NameHit, find_names, find_role_only
from .places import (after_merger, dated_after_merger, document_context, paragraph_contexts, province_counts,
                     unit_province_counts)
from .titles import TitleParser
from .session_facts import RIGHT_AFTER, chair_and_participants, headline, item_count, mention_date, session_date
from .sessions import SessionFinder, is_held, main_session


def document_province(doc: Document, lex: Lexicon) -> tuple[str | None, str]:
    """The province the text names most often (in an article of July 2025 or later, or undated, an
    old province that the text also names by the province it became counts for the new one; a tie
    goes to the metadata's), else the one from metadata (site), else the province of the districts
    and communes it names."""
    a, b = headline(doc.text)
    merged, dissolved = after_merger(doc), dated_after_merger(doc)
    counts = province_counts(doc.text, lex, merged, dissolved)
    counts.update(Counter({k: 2 * v for k, v in province_counts(doc.text[a:b], lex, merged, dissolved).items()}))
    if not counts and not doc.province:  # no province named nor known from the site: the one of
        counts = unit_province_counts(doc.text, lex, merged, dissolved)  # the districts and communes it names
    if counts:
        best = max(counts.values())
        top = sorted(n for n, c in counts.items() if c == best)
        return (doc.province if doc.province in top else top[0]), "text"
    return doc.province, "metadata" if doc.province else "unknown"


def extract(doc: Document, lex: Lexicon | None = None) -> Extraction:
    lex = lex or load_lexicon()
    province, _source = document_province(doc, lex)
    sentences = Sentences(doc.text)
    ctx = document_context(doc.text, lex, province)
    parser = OrgParser(doc, lex, ctx, paragraph_contexts(doc.text, lex, ctx, after_merger(doc)))
    orgs = find_orgs(doc, parser)
    titles = TitleParser(doc, lex, parser, ctx)
    names = find_names(doc, lex, titles)
    ex = Extraction(doc=doc)

    seen_orgs: set[str] = set()
    for h in orgs:
        if h.org.name not in seen_orgs:
            seen_orgs.add(h.org.name)
            ex.orgs.append((h.org, doc.evidence(h.start, h.end, h.rule)))

    events = find_events(doc, lex, sentences, names, titles, parser)
    careers = find_careers(doc, sentences, names, titles)
    by_name: dict[str, list] = {}
    for n in names:  # NGUYỄN VĂN AN in a caption is Nguyễn Văn An
        by_name.setdefault(display_name(n.name).casefold(), []).append(n)
    for key, hits in by_name.items():
        name = next((n.name for n in hits if not n.name.isupper()), display_name(hits[0].name))
        positions, pairs = [], set()
        taken = [e.title for e in events if display_name(e.name.name).casefold() == key and e.title
                 and "+post-tham-gia" not in e.rule and "+held-title" not in e.rule and e.kind != "Nomination"]
        career = [t for n, t in careers if display_name(n.name).casefold() == key]
        for t in [t for n in hits for t in n.titles] + taken + career:
            if (t.role, t.org.name) not in pairs:
                pairs.add((t.role, t.org.name))
                positions.append(Position(t.role, t.org, doc.evidence(t.start, t.end, t.rule), t.former))
        ex.persons.append(PersonFact(name, tuple(doc.evidence(n.start, n.end, n.rule) for n in hits), tuple(positions)))
    person_of = {n.name: ex_p.name for ex_p, key in zip(ex.persons, by_name) for n in by_name[key]}

    seen_roles = set()
    for r in find_role_only(doc, titles, names, lex):
        if (r.role, r.org.name) not in seen_roles:
            seen_roles.add((r.role, r.org.name))
            ex.role_only.append(RoleOnly(r.role, r.org, doc.evidence(r.start, r.end, r.rule)))

    _sessions(ex, doc, lex, sentences, orgs, names, person_of, parser.at)
    main = next((s for s in ex.sessions if not s.referenced_only), None)
    add_delegates(ex, doc, names, person_of, main.body if main and main.kind == "Kỳ họp" else None)
    if main:
        finder = ItemFinder(doc, lex, sentences, orgs, parser.at, frozenset(n.start for n in names))
        for it in finder.find():
            ex.items.append(ItemFact(main.key, it.title, it.status, doc.evidence(it.start, it.end, it.rule), it.item_type))
    item_spans = [(i.evidence.span.start, i.evidence.span.end) for i in ex.items]
    exclude = [(k, k + 1) for k in (_text_index(doc.offsets, s) for s, _ in item_spans)]
    cited = CitationFinder(doc, lex, parser.at, province, exclude, lambda i: parser.implicit("bo", i)).find()
    acted_on = {(m.group(1).casefold(), m.group(2)) for i in ex.items
                if (m := _NUMBERED_ITEM.match(i.title))}  # 'Đề án số 07-ĐA/TU …' on the agenda is an item,
    cited = [c for c in cited if (c.doc_type.casefold(), c.number) not in acted_on]  # also where named again
    for c in cited:
        label = doc.text[c.start:c.end].strip(" ,.;")
        ex.citations.append(CitationFact(c.doc_type, c.number, c.issuer, c.date, c.term, label,
                                         doc.evidence(c.start, c.start + len(label), c.rule)))
    acts = link_acts(doc.text, sentences, events, cited)
    for e in events:
        ex.events.append(EventFact(e.kind, person_of[e.name.name], e.title.role if e.title else None,
                                   e.title.org if e.title else None, doc.evidence(e.start, e.end, e.rule),
                                   main.key if main else None, e.result, acts.get(id(e))))
    return ex


def _sessions(ex: Extraction, doc: Document, lex: Lexicon, sentences: Sentences, orgs, names,
              person_of: dict[str, str], org_at) -> None:
    found = SessionFinder(doc, lex, orgs, org_at).find()
    main = main_session(doc, sentences, found)
    chair_hit, parts, other_chairs = chair_and_participants(doc, lex, sentences, names)
    chaired = _chaired_session(sentences, found, main, chair_hit)
    chair_of: dict[int, NameHit] = {}  # 'Chiều cùng ngày, Đại tá X chủ trì hội nghị giao ban …': that session's chair
    for o in other_chairs:
        a, b = sentences.around(o.start)
        here = [s for s in found if any(a <= x < b for x, _ in s.mentions)]
        if len(here) == 1 and here[0] is not chaired and here[0] is not main and id(here[0]) not in chair_of:
            chair_of[id(here[0])] = o
    main_date = session_date(doc, sentences, main)[0] if main else None
    for s in found:
        is_main = s is main
        chair, participants, count, date_rule = None, (), None, ""
        if is_main:
            date, date_text, _span, date_rule = session_date(doc, sentences, s)
            participants = tuple((person_of.get(n.name, n.name), role, doc.evidence(n.start, n.end, f"session:participant-{role}"))
                                 for n, role in parts if not (chair_hit and chaired is not s and n.name == chair_hit.name))
            ic = item_count(doc)
            count = ic[0] if ic else None
        else:
            if not s.referencing and is_held(doc, sentences, s):  # another session the article reports
                date, date_text, _span, date_rule = session_date(doc, sentences, s, with_lead=False)
            else:
                date, date_text = mention_date(doc, s)
            a, _b = sentences.around(s.start)
            if s.referencing or s.national:
                pass  # ('Chiều cùng ngày, … góp ý dự thảo các văn kiện trình Đại hội XIV của Đảng': not that day's)
            elif date is None and main is not None and re.search(r"(?<![^\W_])cùng ngày", doc.text[a:s.start], re.IGNORECASE):
                date, date_text = main_date, doc.text[a:s.start]  # 'Chiều cùng ngày, … Hội nghị lần thứ nhất …'
            elif date is None and main is not None and RIGHT_AFTER.match(doc.text, a):
                date, date_text = main_date, doc.text[a:s.start]  # 'Ngay sau đó, … Hội nghị lần thứ nhất …'

        if chair_hit and s is chaired:
            chair = (person_of.get(chair_hit.name, chair_hit.name),
                     doc.evidence(chair_hit.start, chair_hit.end, "session:chair-chu-tri"))
        elif (o := chair_of.get(id(s))) is not None:
            chair = (person_of.get(o.name, o.name), doc.evidence(o.start, o.end, "session:chair-chu-tri-own-sentence"))
        if s.term is None and main is not None and s is not main and s.kind == main.kind and s.body and main.body \
                and s.body.name == main.body.name and main.term and s.ordinal and main.ordinal and s.ordinal < main.ordinal:
            s.term, s.rule = main.term, s.rule + "+term-of-reported-session"  # 'Kỳ họp thứ 11 HĐND thành phố' in a
            # report on its Kỳ họp thứ 12 khóa X: the same term (inferred, and the rule says so)
        if s.body is None and main is not None and s is not main and s.kind == main.kind and main.body \
                and s.kind in ("Kỳ họp", "Phiên họp"):
            s.body, s.rule = main.body, s.rule + "+body-of-reported-session"  # 'kiến nghị gửi đến kỳ họp thứ 14'
            # in a report on the 15th session of a council: that council's (inferred, and the rule says so)
        key = session_local(s.kind, s.body.name if s.body else None, s.ordinal, s.term, date, doc.doc_id)
        ex.sessions.append(SessionFact(
            kind=s.kind, body=s.body, ordinal=s.ordinal, term=s.term, period=s.period, date=date,
            date_text=date_text, evidence=doc.evidence(s.start, s.end, s.rule),
            referenced_only=not (is_main or s is chaired), chair=chair, participants=participants,
            item_count=count, key=key, date_source=_date_source(date, date_rule, doc)))


_NUMBERED_ITEM = re.compile(r"(?:dự thảo |tờ trình (?:về )?)?(Đề án|Tờ trình|Kế hoạch|Chương trình|Báo cáo|Dự thảo) số (\S+)",
                            re.IGNORECASE)


def _text_index(offsets, raw: int) -> int:
    """The index in the normalised text of the character at `raw` in the raw text (offsets rise)."""
    k = bisect.bisect_left(offsets, raw)
    return k if k < len(offsets) and offsets[k] == raw else raw


def _date_source(date: str | None, rule: str, doc: Document) -> str | None:
    """text, dateline or metadata: where the year of a session's date came from."""
    if not date:
        return None
    if rule.endswith("+metadata"):
        return "metadata"
    if rule.endswith("+dateline") or (rule == "" and doc.published):
        return "metadata" if getattr(doc, "published_from", None) == "metadata" else "dateline"
    return "text"


def _chaired_session(sentences: Sentences, found, main, chair_hit):
    """The session the chair's sentence names ('Hội nghị lần thứ nhất … do đồng chí X chủ trì'),
    else the reported one."""
    if chair_hit is None:
        return None
    a, b = sentences.around(chair_hit.start)
    here = [s for s in found if any(a <= x < b for x, _ in s.mentions)]
    return here[0] if len(here) == 1 else main
