"""A source document's page: its whole text, escaped, with every evidence span marked and
anchored (``#e-<start>-<end>``) and the facts each span supports on hover.

Spans nest and overlap (a name inside a title inside a sentence), so the text is cut at every
span boundary; each piece is one ``<mark>`` naming the spans that cover it (``data-e``) and
their facts (``title``), and each span's anchor is an empty element where it starts. kg.js
highlights the pieces of the span the address points to.
"""
from __future__ import annotations

from collections import defaultdict

from html import escape

from markupsafe import Markup

from kg.views import lang
from kg.views.site import Site


def fact_words(site: Site) -> dict[str, tuple[str, str]]:
    """node or fact IRI -> (what it states, in words; the page that shows it)."""
    g, urls = site.g, site.urls
    out = {n: (f"{lang.kind(d['type']).vi}: {d['label']}", urls.get(n, "")) for n, d in g.nodes(data=True)}
    for u, v, d in g.edges(data=True):
        fact, rel = d.get("via"), d.get("relation")
        if not fact:
            continue
        who = g.nodes[u]["label"]
        if rel in ("holds", "event"):
            what = d.get("post") or f"{d.get('role', '')} {g.nodes[v]['label']}".strip()
            out[fact] = (f"{lang.term(d.get('event') or 'holds').vi}: {who} — {what}", urls.get(u, ""))
        else:
            out[fact] = (f"{lang.term(rel).vi}: {who} — {g.nodes[v]['label']}", urls.get(v, ""))
    mention = lang.term("RoleMention").vi
    for m, label in g.graph.get("role_mentions", {}).items():
        out.setdefault(m, (f"{mention}: {label}", ""))
    return out


def spans_by_document(site: Site) -> dict[str, dict[tuple[int, int], list[str]]]:
    """document id -> (start, end) -> the facts resting on that span."""
    out: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for fact, records in site.ev.by_node.items():
        for doc, start, end, _rule in records:
            out[doc][(start, end)].append(fact)
    return out


def marked_text(text: str, spans: dict[tuple[int, int], list[str]], words: dict) -> Markup:
    """The text as HTML: escaped, every span marked and anchored."""
    spans = {(s, e): f for (s, e), f in spans.items() if 0 <= s < e <= len(text)}
    cuts = sorted({0, len(text)} | {s for s, _ in spans} | {e for _, e in spans})
    starts: dict[int, list] = defaultdict(list)
    for (s, e) in sorted(spans):
        starts[s].append((s, e))
    active: list[tuple[int, int]] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [span for span in active if span[1] > a] + starts.get(a, [])
        out.extend(f'<span class="ev-anchor" id="e-{s}-{e}"></span>' for s, e in starts.get(a, []))
        piece = escape(text[a:b], quote=False)
        if not active:
            out.append(piece)
            continue
        facts = sorted({words.get(f, (f, ""))[0] for span in active for f in spans[span]})
        ids = " ".join(f"e-{s}-{e}" for s, e in active)
        out.append(f'<mark class="ev" data-e="{ids}" title="{escape(chr(10).join(facts))}">{piece}</mark>')
    return Markup("".join(out))


def document_ctx(site: Site, node: str, spans: dict, words: dict) -> dict:
    d = site.g.nodes[node]
    doc = d["identifier"]
    text = site.ev.texts.get(doc)
    facts = []  # the list beside the text, as HTML (a page has a few hundred of them)
    for (start, end), found in sorted(spans.items()):
        quote = escape(site.ev.quote(doc, start, end))
        for fact in sorted(set(found)):
            said, url = words.get(fact, (fact, ""))
            said = f'<a href="../{escape(url)}">{escape(said)}</a>' if url else escape(said)
            facts.append(f'<li><a href="#e-{start}-{end}" class="fact-link"><q class="quote">{quote}</q></a> '
                         f'<span class="offs">[{start}–{end}]</span><br>{said}</li>')
    found = {f for fs in spans.values() for f in fs if f in site.g and f != node}
    mentions = sorted((site.link(f) for f in found), key=lambda l: (l["type"], l["label"], l["url"]))
    url = d.get("url", "")
    # each row's evidence is this document's: a cited document is quoted as this article cites it
    cited = [{"other": site.link(c), "records": site.records(c, doc=doc)}
             for c, _ in site.edges(node, ("citedIn",), out=False)]
    return {"text": marked_text(text, spans, words) if text is not None else None,
            "facts": Markup("\n".join(facts)), "fact_count": len(facts),
            "mentions": mentions, "source_url": url if url.startswith(("https://", "http://")) else "",
            "cited": cited}
