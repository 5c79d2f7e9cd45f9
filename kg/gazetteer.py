"""Vietnamese administrative units, before and after the July 2025 reorganisation.

The units come from the `vietnamadminunits` package (MIT; the General Statistics Office's
codes): its SQLite data set holds the 63 provinces with their districts and communes (before
July 2025) and the 34 provinces with their communes and wards (after), and its converter data
says which new province each old one became. Only the data files are read (the package's
Python modules, which need shapely and geopy, are never imported).

Names are kept as kg writes them: NFC, one tone-mark placement (Hòa, Thanh Hóa), without the
unit word ("Nghệ An", "Nghi Lộc", "Bến Thành"). Aliases that the data set does not know
(TP.HCM, Thừa Thiên Huế, …) come from kg/lexicons/places.yaml.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LexiconError

PACKAGE = "vietnamadminunits"
UNIT_LEVEL = {"tỉnh": "province", "thành phố": "province", "huyện": "district", "quận": "district",
              "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
              "đặc khu": "commune"}


def _norm(s: str) -> str:
    from .text import normalize_tones  # local: text imports lexicon, which imports this module

    return normalize_tones(unicodedata.normalize("NFC", s)).strip()


@dataclass(frozen=True)
class Province:
    name: str  # "Nghệ An", "Hồ Chí Minh"
    unit: str  # "tỉnh" or "thành phố" (centrally-run city)
    old: bool  # one of the 63 provinces before July 2025
    new: bool  # one of the 34 provinces after
    became: str | None = None  # for an old province: the new province it is part of


@dataclass(frozen=True)
class Unit:
    """A district (before 2025) or a commune/ward (either era) of a province."""

    name: str  # "Nghi Lộc", "Bến Thành", "1" (Quận 1)
    unit: str  # huyện, quận, thị xã, thành phố, xã, phường, thị trấn, đặc khu
    province: str
    era: str  # "old" or "new"

    @property
    def level(self) -> str:
        return "district" if self.unit == "thành phố" else UNIT_LEVEL[self.unit]


@dataclass
class Gazetteer:
    provinces: dict[str, Province] = field(default_factory=dict)
    units: dict[str, list[Unit]] = field(default_factory=dict)  # name → every unit of that name
    aliases: dict[str, str] = field(default_factory=dict)  # alias → province name

    def province(self, name: str) -> Province | None:
        return self.provinces.get(self.aliases.get(name, name))

    def canonical_province(self, name: str) -> str | None:
        p = self.province(name)
        return p.name if p else None

    def units_named(self, name: str, level: str | None = None) -> list[Unit]:
        found = self.units.get(name, [])
        return [u for u in found if level is None or u.level == level]

    def is_central_city(self, name: str) -> bool:
        p = self.province(name)
        return bool(p and p.unit == "thành phố")

    def province_names(self) -> list[str]:
        """Every name and alias of a province, longest first (for matching in text)."""
        return sorted(set(self.provinces) | set(self.aliases), key=len, reverse=True)


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError(PACKAGE, "-", "the gazetteer package is not installed (pip install vietnamadminunits)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _unit_word(kind: str | None) -> str | None:
    return kind.lower() if kind else None


def load(aliases: dict[str, list[str]] | None = None, extra: dict[str, tuple[str, str]] | None = None) -> Gazetteer:
    """The gazetteer, with `aliases` (other names of a province) and `extra` provinces the data set
    no longer lists (name → (unit word, the province it became))."""
    data = _data_dir()
    try:
        db = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
        old_rows = db.execute("SELECT province, provinceShort, provinceKey, districtShort, districtType, "
                              "wardShort, wardType FROM admin_units_legacy").fetchall()
        new_rows = db.execute("SELECT province, provinceShort, provinceKey, wardShort, wardType FROM admin_units").fetchall()
        db.close()
        merger = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    except (OSError, sqlite3.Error, KeyError, ValueError) as err:
        raise LexiconError(str(data), "-", f"cannot read the gazetteer: {err}") from None
    gaz = Gazetteer()
    key_name: dict[str, str] = {}
    units_by_era: dict[str, dict[str, str]] = {}  # name → {era: unit word}
    for era, rows in (("old", old_rows), ("new", new_rows)):
        for full, short, key, *_ in rows:
            name = key_name[key] = _norm(short)
            units_by_era.setdefault(name, {})[era] = "thành phố" if full.startswith("Thành phố") else "tỉnh"
    became = {key_name[o]: key_name[n] for n, olds in merger.items() for o in olds if o in key_name and n in key_name}
    for name, eras in units_by_era.items():
        unit = eras.get("new", eras.get("old"))  # Huế: a province before 2025, a city after
        gaz.provinces[name] = Province(name, unit, "old" in eras, "new" in eras, became.get(name) if "old" in eras else None)
    seen: set[Unit] = set()
    for _full, short, _key, dshort, dtype, wshort, wtype in old_rows:
        prov = _norm(short)
        for uname, kind in ((dshort, dtype), (wshort, wtype)):
            if uname and _unit_word(kind) in UNIT_LEVEL:
                seen.add(Unit(_norm(uname), _unit_word(kind), prov, "old"))
    for _full, short, _key, wshort, wtype in new_rows:
        if wshort and _unit_word(wtype) in UNIT_LEVEL:
            seen.add(Unit(_norm(wshort), _unit_word(wtype), _norm(short), "new"))
    for u in sorted(seen, key=lambda u: (u.name, u.unit, u.province, u.era)):
        gaz.units.setdefault(u.name, []).append(u)
    for name, (unit, became_name) in (extra or {}).items():
        gaz.provinces[_norm(name)] = Province(_norm(name), unit, True, False, _norm(became_name))
    for province, names in (aliases or {}).items():
        target = _norm(province)
        if target not in gaz.provinces:
            raise LexiconError("places.yaml", province, "alias of a province the gazetteer does not know")
        for a in names:
            gaz.aliases[_norm(a)] = target
    return gaz


@functools.lru_cache(maxsize=2)
def load_cached(alias_items: tuple[tuple[str, tuple[str, ...]], ...],
                extra_items: tuple[tuple[str, tuple[str, str]], ...] = ()) -> Gazetteer:
    return load({k: list(v) for k, v in alias_items}, dict(extra_items))
