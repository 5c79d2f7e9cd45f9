"""Finding the inputs of a build and reading each into a Document.

Inputs are files and folders. A folder is walked (sorted, links to folders not followed) for
`.txt`, `.html`, `.htm`, `.jsonl` and `.ndjson` files; a file named on the command line is read
whatever its name. Each file (or line of a JSON Lines file) becomes a `Task`; what cannot be
read becomes a Task with a one-line error, so that the batch reports it and goes on: a FIFO,
a device or a socket (never opened for reading: see kg.files), a link to nothing, a sub-folder
that cannot be listed, a `sources.yaml` that cannot be used.

`sources.yaml` beside the articles gives metadata (kg.sources): `site`, `province` and
`published` for every file (`default:`) or for one (`files: {name: {...}}`).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from .errors import InputError, printable
from .files import MAX_ARTICLE_BYTES, kind_of, megabytes, open_regular, read_limited
from .html import html_to_text
from .ids import check_doc_id
from .lexicon import Lexicon
from .model import Document
from .sources import META_FILE, folder_meta
from .encodings import NotVietnameseError, decode_bytes
from .text import make_document

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = {".txt"} | HTML_SUFFIXES | JSONL_SUFFIXES
#: A document id longer than this is refused (a file name has at most 255 bytes).
MAX_ID_CHARS = 512


@dataclass
class Task:
    """One input: a file, or one line of a JSON Lines file (its bytes), or an error found while
    listing the inputs."""
    where: str
    path: str
    info: dict
    line: bytes | None = None
    error: str | None = None


def find_inputs(paths: list[str | Path]) -> Iterator[tuple[Path, dict, str | None]]:
    """Every input file with its metadata, sorted within each path given, and a one-line error
    (else None) for what cannot be read: (path, metadata, error)."""
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(_walk(p), key=lambda f: f[0])
        else:
            found = [(p, None)]
        metas: dict[Path, tuple[dict, str | None]] = {}
        for f, error in found:
            if f.parent not in metas:
                metas[f.parent] = folder_meta(f.parent)
                if metas[f.parent][1]:
                    yield f.parent / META_FILE, {}, metas[f.parent][1]
            meta = metas[f.parent][0]
            info = dict(meta.get("default") or {})
            info.update((meta.get("files") or {}).get(f.name) or {})
            yield f, info, error


def iter_inputs(paths: list[str | Path]) -> Iterator[tuple[Path, dict]]:
    """Every input file that can be read, with its metadata, sorted."""
    for path, info, error in find_inputs(paths):
        if error is None:
            yield path, info


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """The input files under `folder` (links to folders are not followed), and a one-line error
    for a special file with an input's name, a link to nothing or a folder that cannot be read."""
    try:
        entries = list(os.scandir(folder))
    except OSError as err:
        yield folder, f"{printable(folder)}: cannot read the folder ({err.strerror}); the files in it are not read"
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
                continue
            if path.suffix.lower() not in SUFFIXES:
                continue
            kind = kind_of(entry.stat().st_mode)
        except FileNotFoundError:
            yield path, f"{printable(path)}: a link to nothing; not read"
            continue
        except OSError as err:
            yield path, f"{printable(path)}: cannot read: {err.strerror}"
            continue
        if kind == "a folder":
            continue  # a link to a folder
        yield path, (f"{printable(path)}: {kind}, not a regular file: not read" if kind else None)


def tasks_of(paths: list[str | Path], on_file: Callable[[Path], None] | None = None) -> Iterator[Task]:
    """Every input as a Task, streamed: a JSON Lines file is read a line at a time (a line above
    MAX_ARTICLE_BYTES is refused without being held in memory)."""
    for path, info, error in find_inputs(paths):
        if error:
            yield Task(str(path), str(path), info, error=error)
            continue
        if on_file:
            on_file(path)
        if path.suffix.lower() not in JSONL_SUFFIXES:
            yield Task(str(path), str(path), info)
            continue
        try:
            with open_regular(path) as f:
                for n, line in _lines(f):
                    where = f"{path}:{n}"
                    if isinstance(line, int):
                        yield Task(where, str(path), info, error=f"{printable(where)}: line of {megabytes(line)}, "
                                                                  f"above the {megabytes(MAX_ARTICLE_BYTES)} limit")
                    elif line.strip():
                        yield Task(where, str(path), info, line=line)
        except InputError as err:
            yield Task(str(path), str(path), info, error=str(err))
        except OSError as err:
            yield Task(str(path), str(path), info, error=f"{printable(path)}: cannot read: {err.strerror}")


def _lines(f, limit: int | None = None) -> Iterator[tuple[int, bytes | int]]:
    """(number, line) for each line of `f`; a line above `limit` bytes is given as its size, and
    never held whole in memory."""
    limit = limit or MAX_ARTICLE_BYTES
    n = 0
    while line := f.readline(limit + 1):
        n += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield n, line
            continue
        size = len(line)
        while (more := f.readline(1 << 20)) and not more.endswith(b"\n"):
            size += len(more)
        yield n, size + len(more)


def jsonl_records(path: Path, info: dict, lex: Lexicon) -> Iterator[tuple[str, Document | InputError]]:
    """One document per line of a JSON Lines file: {"id", "text" or "html", and optionally
    "title", "published" (YYYY-MM-DD), "site", "url", "province"}. A broken line gives an InputError
    naming `file:line`; the other lines go on. Evidence offsets index the record's text."""
    try:
        f = open_regular(path)
    except InputError as err:
        yield str(path), err
        return
    with f:
        for n, line in _lines(f):
            where = f"{path}:{n}"
            try:
                if isinstance(line, int):
                    raise InputError(where, f"line of {megabytes(line)}, above the {megabytes(MAX_ARTICLE_BYTES)} limit")
                if line.strip():
                    yield where, record_document(line, where, info, lex)
            except InputError as err:
                yield where, err


_SURROGATE = re.compile("[\ud800-\udfff]")


def record_document(line: bytes, where: str, info: dict, lex: Lexicon) -> Document:
    """The Document of one JSON Lines record (see jsonl_records)."""
    if len(line) > MAX_ARTICLE_BYTES:
        raise InputError(where, f"line of {megabytes(len(line))}, above the {megabytes(MAX_ARTICLE_BYTES)} limit")
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
        raise InputError(where, f"record {printable(doc_id)!s} has no \"text\" (or \"html\") string")
    for key, value in (("id", doc_id), ("text", text), ("html", markup)):
        if isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(where, f"record {key} has a lone surrogate escape (\\ud800–\\udfff): not Unicode text")
    check_id(doc_id, where)
    site = rec.get("site") if isinstance(rec.get("site"), str) else info.get("site")
    province = rec.get("province") if isinstance(rec.get("province"), str) else info.get("province")
    if isinstance(text, str):
        if "\x00" in text:
            raise InputError(where, f"record {doc_id!r}: text has NUL characters, not an article")
        doc = make_document(text, doc_id, path=where, site=site, province=province, lex=lex)
    else:
        doc = document_from_html(markup, doc_id, path=where, site=site, province=province, lex=lex)
    doc = with_url(doc, rec.get("url"))  # a record's own: a url of the whole file is no article's
    if isinstance(rec.get("title"), str) and rec["title"].strip():
        doc = replace(doc, title=" ".join(rec["title"].split()))
    published = info.get("published")
    if rec.get("published") is not None:
        try:
            published = dt.date.fromisoformat(str(rec["published"])[:10]).isoformat()
        except ValueError:
            raise InputError(where, f"record {doc_id!r}: published {rec['published']!r} is not YYYY-MM-DD") from None
    return dated(doc, published)


def dated(doc: Document, published: str | None) -> Document:
    """The date line of the text wins; a date from metadata (JSON Lines, sources.yaml) is used
    when the text has none. `published_from` says which."""
    if doc.published:
        return replace(doc, published_from="dateline")
    if published:
        return replace(doc, published=published, published_from="metadata")
    return doc


def with_url(doc: Document, url) -> Document:
    """The document with the url its metadata gives (JSON Lines, sources.yaml), if any."""
    if isinstance(url, str) and url.strip():
        return replace(doc, url=url.strip())
    return doc


def check_id(doc_id: str, where: str) -> str:
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(where, f"document id of {len(doc_id)} characters, above the limit of {MAX_ID_CHARS}")
    return check_doc_id(doc_id, where)


def document_from_html(markup: str, doc_id: str, *, path: str, site=None, province=None,
                       lex: Lexicon | None = None) -> Document:
    text, where = html_to_text(markup)
    if not text.strip():
        raise InputError(path, "HTML page with no text")
    inner = make_document(text, doc_id, path=path, site=site, province=province, lex=lex)
    offsets = tuple(where[o] for o in inner.offsets[:-1]) + (len(markup),)
    return replace(inner, raw=markup, offsets=offsets)


def file_document(path: Path, info: dict, lex: Lexicon) -> tuple[Document, list[str]]:
    """The Document of an article file (text or HTML, in any encoding kg.encodings reads), and
    one-line notes on what was repaired in it."""
    site, province = info.get("site"), info.get("province")
    doc_id = check_id(path.stem, str(path))
    markup = path.suffix.lower() in HTML_SUFFIXES
    decoded = decode_bytes(read_limited(path), str(path), markup=markup)
    if not decoded.vietnamese:
        raise NotVietnameseError(str(path), decoded.score, decoded.encoding)
    make = document_from_html if markup else make_document
    doc = make(decoded.text, doc_id, path=str(path), site=site, province=province, lex=lex)
    if not doc.text.strip():
        raise InputError(str(path), "no text left after removing page furniture")
    doc = with_url(doc, info.get("url"))
    return replace(dated(doc, info.get("published")), encoding=decoded.encoding), list(decoded.notes)
