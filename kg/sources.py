"""`sources.yaml`: what a folder of articles says about where they came from.

    default:                    # every file of the folder
      site: thainguyen.gov.vn   # the site gives the province when the text never names it
      province: Thái Nguyên     # or the province itself
      published: 2024-06-14     # used when the text has no date line of its own
    files:                      # one file (its name in the folder), over the default
      000_8f68731991dda5bb.txt: {site: thainguyen.gov.vn, published: 2024-06-14,
                                 url: "https://thainguyen.gov.vn/…"}   # a url: per file only

A file that is not this shape (a YAML syntax error, a tag YAML's safe loader does not know, a
list where a mapping belongs, a value that is not a string or a date, a key kg does not know)
gives one line naming the file and the problem, and the folder's articles are read without any
of its metadata: kg does not guess which part of a broken file is right. The line is reported
with the skipped inputs, so `kg build` exits with status 2.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .errors import InputError, printable
from .files import read_limited

META_FILE = "sources.yaml"
FIELDS = ("site", "province", "published", "url")
#: sources.yaml of a large corpus lists many files; a bigger one is refused.
MAX_BYTES = 64 * 1024 * 1024


class _Bad(Exception):
    """A problem with the file's shape (its message is the problem)."""


def folder_meta(folder: Path) -> tuple[dict, str | None]:
    """The metadata of `folder` ({"default": {...}, "files": {name: {...}}}, values checked), and
    a one-line error instead when its sources.yaml cannot be used. No file: ({}, None)."""
    path = folder / META_FILE
    if not path.exists():
        return {}, None
    where = printable(path)
    try:
        text = read_limited(path, MAX_BYTES).decode("utf-8")
        data = yaml.safe_load(text)
        return _checked(data), None
    except UnicodeDecodeError as err:
        problem = f"not UTF-8 (byte {err.start})"
    except yaml.YAMLError as err:
        problem = _yaml_problem(err)
    except _Bad as err:
        problem = str(err)
    except InputError as err:  # a FIFO, too big, unreadable
        problem = err.problem
    except RecursionError:
        problem = "bad YAML: nested too deeply"
    return {}, f"{where}: {problem}; the articles of this folder are read without its metadata"


def _yaml_problem(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    what = " ".join(x for x in (getattr(err, "context", None), getattr(err, "problem", None)) if x)
    what = what or str(err).splitlines()[0]
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"bad YAML{where}: {' '.join(what.split())}"


def _checked(data: object) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _Bad(f"expected a mapping with 'default' and 'files', found {_kind(data)}")
    unknown = sorted(map(str, set(data) - {"default", "files"}))
    if unknown:
        raise _Bad(f"unknown key {unknown[0]!r} (known: default, files)")
    out: dict = {}
    if data.get("default") is not None:
        out["default"] = _fields(data["default"], "default")
        if "url" in out["default"]:  # one url for every article of a folder is no article's
            raise _Bad("default: url belongs to one file (files: {name: {url: ...}})")
    files = data.get("files")
    if files is not None:
        if not isinstance(files, dict):
            raise _Bad(f"'files' must map file names to their metadata, found {_kind(files)}")
        out["files"] = {str(name): _fields(meta, f"files: {name}") for name, meta in files.items()
                        if meta is not None}
    return out


def _fields(meta: object, where: str) -> dict:
    if not isinstance(meta, dict):
        raise _Bad(f"{where!s} must be a mapping of {', '.join(FIELDS)}, found {_kind(meta)}")
    out = {}
    for key, value in meta.items():
        if key not in FIELDS:
            raise _Bad(f"{where}: unknown key {str(key)!r} (known: {', '.join(FIELDS)})")
        if key == "published":
            out[key] = _date(value, where)
        elif isinstance(value, str) and value.strip():
            out[key] = value.strip()
        else:
            raise _Bad(f"{where}: {key} must be a string, found {_kind(value)}")
    return out


def _date(value: object, where: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise _Bad(f"{where}: published {value!r} is not a date YYYY-MM-DD") from None


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {printable(repr(value)[:40])}"
