"""Researchers' corrections, kept as data (data/curation.yaml) and applied on every build.

    merge:     [{id, persons: [person IRI local parts], into: local part (default the first), note}]
    separate:  [{id, persons: [...], note}]      never proposed as the same person
               [{id, person: local part, documents: [doc ids], note}]
                                                  that person's mentions in these documents are
                                                  another person (same name, same province)
    rename:    [{id, person: local part, name: "Correct Name", note}]
    date:      [{id, document: doc id, date: YYYY-MM-DD, note}]   the date a document speaks of

Every node an entry changes carries `kg:curation "<id>: <note>"` in the graph.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError
from .resources import data_dir


@dataclass(frozen=True)
class Curation:
    merges: dict[str, tuple[str, str]] = field(default_factory=dict)  # person local → (target local, entry)
    separate: frozenset[frozenset[str]] = frozenset()
    renames: dict[str, tuple[str, str]] = field(default_factory=dict)  # person local → (name, entry)
    dates: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc id → (iso date, entry)
    splits: dict[str, tuple[tuple[frozenset[str], str], ...]] = field(default_factory=dict)  # person local → ((doc ids, entry), …)

    def person(self, local: str) -> tuple[str, list[str]]:
        """The local part a person node is written under, and the curation entries applied."""
        notes = []
        if local in self.merges:
            target, note = self.merges[local]
            notes.append(note)
            local = target
        return local, notes


def _entry(path: Path, kind: str, e: object, keys: tuple[str, ...]) -> dict:
    if not isinstance(e, dict) or any(k not in e for k in keys):
        raise InputError(str(path), f"{kind} entry {e!r} needs {', '.join(keys)}")
    return e


def parse(path: Path) -> Curation:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, ValueError) as err:
        raise InputError(str(path), f"bad YAML: {str(err).splitlines()[0]}") from None
    merges, renames, dates, separate = {}, {}, {}, set()
    for e in data.get("merge") or []:
        e = _entry(path, "merge", e, ("id", "persons", "note"))
        into = e.get("into") or e["persons"][0]
        for p in e["persons"]:
            if p != into:
                merges[p] = (into, f"{e['id']}: {e['note']}")
        merges.setdefault(into, (into, f"{e['id']}: {e['note']}"))
    splits: dict[str, list] = {}
    for e in data.get("separate") or []:
        if isinstance(e, dict) and "person" in e:
            e = _entry(path, "separate", e, ("id", "person", "documents", "note"))
            splits.setdefault(str(e["person"]), []).append(
                (frozenset(map(str, e["documents"])), f"{e['id']}: {e['note']}"))
            continue
        e = _entry(path, "separate", e, ("id", "persons", "note"))
        separate.add(frozenset(e["persons"]))
    for e in data.get("rename") or []:
        e = _entry(path, "rename", e, ("id", "person", "name", "note"))
        renames[e["person"]] = (str(e["name"]), f"{e['id']}: {e['note']}")
    for e in data.get("date") or []:
        e = _entry(path, "date", e, ("id", "document", "date", "note"))
        try:
            iso = dt.date.fromisoformat(str(e["date"])).isoformat()
        except ValueError:
            raise InputError(str(path), f"date entry {e['id']!r}: {e['date']!r} is not YYYY-MM-DD") from None
        dates[str(e["document"])] = (iso, f"{e['id']}: {e['note']}")
    return Curation(merges, frozenset(separate), renames, dates,
                    {k: tuple(v) for k, v in splits.items()})


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Curation:
    return parse(Path(path))


def load(path: Path | None = None) -> Curation:
    path = path or data_dir() / "curation.yaml"
    if not path.is_file():
        return Curation()
    return _load_cached(str(path), path.stat().st_mtime)
