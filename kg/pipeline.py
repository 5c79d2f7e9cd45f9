"""Batch driver: files → documents → extractions → one named graph per document → store.

A file that cannot be read is reported in one line and skipped; the batch goes on and nothing
already ingested is lost (each document's graph is written on its own).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import yaml
from rdflib import Dataset, Graph

from .errors import InputError, KgError
from .extract import document_province, extract
from .lexicon import Lexicon, load_lexicon
from .model import Document, Extraction
from .curation import Curation, load as load_curation
from .rdf import to_graph
from .resolve import derive
from .text import make_document, read_document

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = {".txt", ".html", ".htm"} | JSONL_SUFFIXES
META_FILE = "sources.yaml"
#: A news article is well under 1 MB; a bigger file is refused rather than read into memory.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


@dataclass
class Report:
    read: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    triples: int = 0

    def summary(self) -> str:
        return (f"{len(self.read)} document(s) read, {len(self.skipped)} skipped, "
                f"{self.triples} triples written")


def _folder_meta(folder: Path) -> dict:
    path = folder / META_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(str(path), f"bad YAML: {str(err).splitlines()[0]}") from None
    return data if isinstance(data, dict) else {}


def iter_inputs(paths: list[str | Path]) -> Iterator[tuple[Path, dict]]:
    """Every input file with its metadata (site) from a sources.yaml beside it, sorted."""
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            files = [p]
        metas: dict[Path, dict] = {}
        for f in files:
            if f.parent not in metas:
                try:
                    metas[f.parent] = _folder_meta(f.parent)
                except InputError:
                    metas[f.parent] = {}
            meta = metas[f.parent]
            info = dict(meta.get("default") or {})
            info.update((meta.get("files") or {}).get(f.name) or {})
            yield f, info


_DROP = re.compile(r"(?is)<(script|style|noscript|template|nav|header|footer|form)\b.*?</\1\s*>|<!--.*?-->")
_BLOCK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h\d|/li|/tr|/title|p|div|h\d|li|tr)\b[^>]*>")
_TAG_OR_ENTITY = re.compile(r"(?s)<[^>]*>|&#?\w+;")


def html_to_text(markup: str) -> tuple[str, list[int]]:
    """Main text of an HTML page (scripts, styles, menus and markup dropped, blocks become lines)
    and, for each of its characters, the index in `markup` it comes from: evidence spans then
    point into the original HTML file."""
    out: list[str] = []
    where: list[int] = []
    dropped = [(m.start(), m.end()) for m in _DROP.finditer(markup)]
    pos, k = 0, 0
    while pos < len(markup):
        if k < len(dropped) and pos >= dropped[k][0]:
            pos = max(pos, dropped[k][1])
            k += 1
            out.append(" ")
            where.append(pos - 1)
            continue
        m = _TAG_OR_ENTITY.match(markup, pos)
        if m:
            piece = markup[m.start():m.end()]
            if piece.startswith("&"):
                text = html.unescape(piece)
            else:
                text = "\n" if _BLOCK.match(piece) else " "
            for ch in text:
                out.append(ch)
                where.append(m.start())
            pos = m.end()
            continue
        out.append(markup[pos])
        where.append(pos)
        pos += 1
    return "".join(out), where


def document_from_html(markup: str, doc_id: str, *, path: str, site, province, lex: Lexicon) -> Document:
    text, where = html_to_text(markup)
    if not text.strip():
        raise InputError(path, "HTML page with no text")
    inner = make_document(text, doc_id, path=path, site=site, province=province, lex=lex)
    offsets = tuple(where[o] for o in inner.offsets[:-1]) + (len(markup),)
    return replace(inner, raw=markup, offsets=offsets)


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(path: Path, limit: int | None = None) -> None:
    limit = limit or MAX_ARTICLE_BYTES
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    if size > limit:
        raise InputError(str(path), f"{_megabytes(size)}, above the {_megabytes(limit)} limit for one article "
                                    "(split it, or give many articles as JSON Lines)")


def jsonl_records(path: Path, info: dict, lex: Lexicon) -> Iterator[tuple[str, Document | InputError]]:
    """One document per line of a JSON Lines file: {"id", "text" or "html", and optionally
    "title", "published" (YYYY-MM-DD), "site", "province"}. A broken line gives an InputError
    naming `file:line`; the other lines go on. Evidence offsets index the record's text."""
    with path.open("rb") as f:
        for n, line in enumerate(f, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                yield where, _record_document(line, where, info, lex)
            except InputError as err:
                yield where, err


def _record_document(line: bytes, where: str, info: dict, lex: Lexicon) -> Document:
    if len(line) > MAX_ARTICLE_BYTES:
        raise InputError(where, f"line of {_megabytes(len(line))}, above the {_megabytes(MAX_ARTICLE_BYTES)} limit")
    try:
        rec = json.loads(line)
    except ValueError as err:
        raise InputError(where, f"broken JSON line ({str(err).splitlines()[0]})") from None
    if not isinstance(rec, dict):
        raise InputError(where, "a JSON Lines record must be an object with \"id\" and \"text\"")
    doc_id, text, markup = rec.get("id"), rec.get("text"), rec.get("html")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(where, "record has no \"id\" string")
    if not isinstance(text, str) and not isinstance(markup, str):
        raise InputError(where, f"record {doc_id!r} has no \"text\" (or \"html\") string")
    site = rec.get("site") if isinstance(rec.get("site"), str) else info.get("site")
    province = rec.get("province") if isinstance(rec.get("province"), str) else info.get("province")
    if isinstance(text, str):
        if "\x00" in text:
            raise InputError(where, f"record {doc_id!r}: text has NUL characters, not an article")
        doc = make_document(text, doc_id, path=where, site=site, province=province, lex=lex)
    else:
        doc = document_from_html(markup, doc_id, path=where, site=site, province=province, lex=lex)
    if isinstance(rec.get("title"), str) and rec["title"].strip():
        doc = replace(doc, title=" ".join(rec["title"].split()))
    if rec.get("published") is not None:
        try:
            doc = replace(doc, published=dt.date.fromisoformat(str(rec["published"])[:10]).isoformat())
        except ValueError:
            raise InputError(where, f"record {doc_id!r}: published {rec['published']!r} is not YYYY-MM-DD") from None
    return doc


def extract_file(path: Path, info: dict, lex: Lexicon) -> Extraction:
    check_size(path)
    site, province = info.get("site"), info.get("province")
    if path.suffix.lower() in (".html", ".htm"):
        raw = read_document(path, site=site, province=province, lex=lex).raw
        doc = document_from_html(raw, path.stem, path=str(path), site=site, province=province, lex=lex)
    else:
        doc = read_document(path, site=site, province=province, lex=lex)
    if not doc.text.strip():
        raise InputError(str(path), "no text left after removing page furniture")
    return extract(doc, lex)


def _extract_doc(doc: Document, lex: Lexicon) -> Extraction:
    if not doc.text.strip():
        raise InputError(doc.path, "no text left after removing page furniture")
    return extract(doc, lex)


def graph_of(ex: Extraction, lex: Lexicon, curation: Curation | None = None) -> Graph:
    province, source = document_province(ex.doc, lex)
    return to_graph(ex, province, source, curation)


def build(paths: list[str | Path], store, *, on_file: Callable[[Path], None] | None = None,
          lex: Lexicon | None = None, derive_after: bool = True, curation: Curation | None = None) -> Report:
    """Ingest files into the store, one named graph per document, then recompute the derived
    graph (careers, succession, inferred holders) unless `derive_after` is False."""
    lex = lex or load_lexicon()
    curation = curation or load_curation()
    report = Report()
    seen: dict[str, str] = {}

    def ingest(where: str, make: Callable[[], Extraction]) -> None:
        try:
            ex = make()
            if ex.doc.doc_id in seen:
                raise InputError(where, f"same document id as {seen[ex.doc.doc_id]}; rename one of them")
            graph = graph_of(ex, lex, curation)
            report.triples += store.replace_document(ex.doc.doc_id, graph)
        except KgError as err:
            report.skipped.append((where, str(err) if where in str(err) else f"{where}: {err}"))
            return
        except Exception as err:  # a bug on one document must not stop the batch; say it plainly
            first = str(err).splitlines()[0] if str(err) else ""
            report.skipped.append((where, f"{where}: internal error ({type(err).__name__}: {first}); please report it"))
            return
        seen[ex.doc.doc_id] = where
        report.read.append(ex.doc.doc_id)

    for path, info in iter_inputs(paths):
        if on_file:
            on_file(path)
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                records = jsonl_records(path, info, lex)
                for where, doc in records:
                    if isinstance(doc, InputError):
                        report.skipped.append((where, str(doc)))
                        continue
                    ingest(where, lambda doc=doc: _extract_doc(doc, lex))
            except OSError as err:
                report.skipped.append((str(path), f"{path}: cannot read: {err.strerror}"))
            continue
        ingest(str(path), lambda: extract_file(path, info, lex))
    if derive_after:
        derive(store, curation, lex)
    return report


def build_dataset(paths: list[str | Path]) -> Dataset:
    """The graph of some files in memory (for tests, views and notebooks)."""
    from .store import open_store

    store = open_store(backend="memory")
    build(paths, store)
    return store.dataset()
