#!/usr/bin/env python
"""Synthetic Vietnamese provincial news articles with the facts they state (issue #7, Scale).

    python benchmarks/generate_corpus.py --count 200 --out /tmp/syn                  # txt
    .venv/bin/kg eval --gold /tmp/syn/gold /tmp/syn/articles                         # score
    python benchmarks/generate_corpus.py --count 2000 --eval                        # score in chunks
    python benchmarks/generate_corpus.py --count 100000 --out /tmp/syn --format jsonl
    .venv/bin/kg build /tmp/syn/articles.jsonl --store /tmp/syn-store

Layout of --out:
  txt    articles/<id>.txt and gold/<id>.json: one gold file per article, with the article's
         name, which is what `kg eval --gold DIR DOCS` reads.
  jsonl  articles.jsonl ({"id", "text"} per line; `kg build` reads it) and gold.jsonl (one gold
         object per line, same order). `kg eval` pairs gold files with article files by name,
         so it cannot score a .jsonl; use --format txt (or --start/--count for a sample) to score.
  --eval  writes nothing: scores kg on the articles with kg's own evaluate(), 20 at a time, and
         sums the counts. Facts are compared per document, so the counts (and the misses) are
         those of one `kg eval` over all of them, but the in-memory store's derivation step,
         which grows faster than the corpus, stays small: 2,000 articles in ~4 minutes of CPU.

Each article is written from a small simulated world: every province (places.yaml; the six
centrally-run cities are left out, their bodies are named differently) has a stable pool of
officials whose posts (roles.yaml, bodies.yaml) change over 2020-2025 through elections,
dismissals, retirements and appointments, and a calendar of meetings (Ban Chấp hành and Ban
Thường vụ conferences, HĐND sessions, UBND monthly meetings, briefings, announcements of
personnel decisions) with ordinals that grow over the term. The same official therefore recurs,
with the same name and post, in many articles of a province, and changes post between them.
Names come from kg/lexicons/surnames.yaml and benchmarks/generator/names.yaml; agenda items,
documents and page furniture from benchmarks/generator/content.yaml.

The gold of an article follows ../shared/gold/README.md (and the `events` key of
tests/fixtures/README.md): it lists what the text says, as an annotator would mark it, whatever
kg's rules find. Article k depends only on (seed, k), so any slice (--start, --count) of a big
corpus can be regenerated on its own, byte for byte.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LEXICONS = ROOT / "kg" / "lexicons"
DATA = HERE / "generator"

WORLD_START = dt.date(2020, 10, 1)
FIRST_DAY = dt.date(2021, 8, 1)       # articles are dated in [FIRST_DAY, LAST_DAY]
LAST_DAY = dt.date(2025, 6, 30)
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
OLD_SO = {"Nông nghiệp và Môi trường", "Dân tộc và Tôn giáo", "Văn hóa và Thể thao", "Công an", "Thanh tra",
          "Dân tộc", "Du lịch"}  # Sở that did not exist before 2025 or are not a Sở
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
KINDS = {"bch": 0.20, "btv": 0.19, "hd": 0.17, "ub": 0.18, "gb": 0.15, "cb": 0.11}


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def data() -> dict:
    places = _yaml(LEXICONS / "places.yaml")
    surnames = _yaml(LEXICONS / "surnames.yaml")
    from kg.lexicon import load_lexicon  # the 63 provinces before 2025, from the gazetteer

    all_provinces = sorted(p.name for p in load_lexicon().gazetteer.provinces.values() if p.old)
    names = _yaml(DATA / "names.yaml")
    content = _yaml(DATA / "content.yaml")
    dplaces = _yaml(DATA / "places.yaml")
    provinces = [p for p in all_provinces if p not in CITIES]
    regional = set(names["regional_only"])
    weights = names["surname_weights"]
    kinh = sorted({s for s in surnames["surnames"] if s not in regional})
    sites = {v: k for k, v in places["sites"].items() if k.endswith(".gov.vn")}
    return {
        "provinces": provinces,
        "all_provinces": set(all_provinces),
        "sites": sites,
        "so": [s for s in content["departments"] if s not in OLD_SO],
        "kinh": kinh,
        "kinh_w": [weights.get(s, 1) for s in kinh],
        "names": names,
        "content": content,
        "dplaces": dplaces,
        "region_of": {p: r for r, spec in names["regions"].items() for p in spec["provinces"]},
    }


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------
def roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


_UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def vi_ordinal(n: int) -> str:
    """'nhất', 'tư', 'Mười một', 'hai mươi lăm': the words after 'thứ'."""
    if n == 1:
        return "nhất"
    if n == 4:
        return "tư"
    if n < 10:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_UNITS[tens]} mươi"
    if unit == 0:
        return head
    tail = {1: "một" if tens == 1 else "mốt", 4: "bốn" if tens == 1 else "tư", 5: "lăm"}.get(unit, _UNITS[unit])
    return f"{head} {tail}"


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONED = {b: "".join(unicodedata.normalize("NFC", b + t) for t in _TONES) for b in "oOuU"}
_NEW_PAIR = re.compile(f"(?<![qQ])(?:([{_TONED['o'] + _TONED['O']}])([aeAE])|([{_TONED['u'] + _TONED['U']}])([yY]))"
                       r"(?![^\W\d_])")


def old_tones(text: str) -> str:
    """The old tone placement some portals use: hòa → hoà, khóa → khoá, Ủy → Uỷ, Thúy → Thuý."""
    def move(m: re.Match) -> str:
        first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        dec = unicodedata.normalize("NFD", first)
        return dec[0] + unicodedata.normalize("NFC", second + dec[1])
    return _NEW_PAIR.sub(move, text)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def dm(d: dt.date, pad: bool = False) -> str:
    return f"{d.day:02d}/{d.month:02d}" if pad else f"{d.day}/{d.month}"


def dmy(d: dt.date, pad: bool = True) -> str:
    return f"{dm(d, pad)}/{d.year}"


def ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "_", "".join(c for c in s if not unicodedata.combining(c)).lower()).strip("_")


# --------------------------------------------------------------------------------------------
# the world: officials, posts, meetings of one province
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    name: str
    female: bool

    @property
    def short(self) -> str:
        return self.name.split()[-1]

    @property
    def address(self) -> str:
        return "bà" if self.female else "ông"


@dataclass
class Holding:
    person: Person
    chain: tuple[str, ...]   # post keys in the order an article writes them
    main: str                # the post that names the slot
    start: dt.date
    end: dt.date | None = None


@dataclass
class Change:  # an HĐND session replaces a Phó Chủ tịch UBND tỉnh; a UBND decision then fills the Sở
    kind: str
    date: dt.date
    retired: Holding | None = None      # the Phó Chủ tịch who retires
    elected: Holding | None = None      # the Giám đốc, as Giám đốc (before)
    new_post: Holding | None = None     # the same person as Phó Chủ tịch (after)
    appointed: Holding | None = None    # the Phó Giám đốc, as Phó Giám đốc (before)
    appointed_new: Holding | None = None
    so: str = ""
    session: tuple | None = None        # the HĐND session of the election
    votes: tuple = ()
    decision: tuple = ()


class World:
    def __init__(self, province: str, seed: int):
        D = data()
        self.province = P = province
        self.r = r = random.Random(f"{seed}/world/{province}")
        self.used: set[str] = set()
        self.region = D["names"]["regions"].get(D["region_of"].get(province, ""), None)
        self.party_term_n = r.randint(15, 21)
        self.party_term = roman(self.party_term_n)
        self.hd_term = roman(r.randint(11, 19))
        self.delegates = r.randint(45, 75)
        self.districts = self._districts()
        self.sos = r.sample(D["so"], 7)
        self.hd_chair = r.choices(["pbttt", "bt", "sep"], [0.6, 0.15, 0.25])[0]
        self.site = D["sites"].get(P) or ascii_slug(P).replace("_", "") + ".gov.vn"
        self.orgs = self._orgs()
        self.posts = self._posts()
        self.slots: dict[str, list[Holding]] = {}
        for slot, spec in self._slot_specs().items():
            self.slots[slot] = [self._holding(spec, WORLD_START)]
        self.schedule = self._schedule()
        self.changes: dict[dt.date, Change] = {}
        self._plan_changes()

    # -- names -------------------------------------------------------------------------
    def person(self) -> Person:
        D, r = data(), self.r
        names = D["names"]
        while True:
            if self.region and r.random() < self.region["share"]:
                shape = r.choice(self.region["shapes"])
                parts = {k: r.choice(v) for k, v in shape.items() if isinstance(v, list)}
                name, female = shape["form"].format(**parts), shape["female"]
            else:
                female = r.random() < 0.3
                surname = r.choices(D["kinh"], D["kinh_w"])[0]
                middle = r.choice(names["middle_female" if female else "middle_male"])
                given = r.choice(names["given_female" if female else "given_male"])
                if surname in middle.split() or given in middle.split():
                    continue
                name = f"{surname} {middle} {given}"
            if name not in self.used and name not in D["all_provinces"]:
                self.used.add(name)
                return Person(name, female)

    def _districts(self) -> list[tuple[str, str]]:
        D, r = data(), self.r
        out, seen = [], set()
        units = ["thành phố"] + [r.choices(["huyện", "thị xã"], [0.85, 0.15])[0] for _ in range(3)]
        for unit in units:
            while True:
                name = f"{r.choice(D['dplaces']['first'])} {r.choice(D['dplaces']['second'])}"
                a, b = name.split()
                if a != b and name not in D["all_provinces"] and name not in seen:
                    break
            seen.add(name)
            out.append((unit, name))
        return out

    # -- organisations and posts ---------------------------------------------------------
    def _orgs(self) -> dict[str, tuple[str, list[str], bool]]:
        """key → (canonical name, surfaces as written in the province, can take the province name)."""
        P = self.province
        o = {
            "tu": (f"Tỉnh ủy {P}", ["Tỉnh ủy"], True),
            "btv": (f"Ban Thường vụ Tỉnh ủy {P}", ["Ban Thường vụ Tỉnh ủy"], True),
            "bch": (f"Ban Chấp hành Đảng bộ tỉnh {P}", ["Ban Chấp hành Đảng bộ tỉnh", "Ban Chấp hành Đảng bộ tỉnh",
                                                          "BCH Đảng bộ tỉnh"], True),
            "db": (f"Đảng bộ tỉnh {P}", ["Đảng bộ tỉnh"], True),
            "hd": (f"HĐND tỉnh {P}", ["HĐND tỉnh", "HĐND tỉnh", "Hội đồng nhân dân tỉnh"], True),
            "tthd": (f"Thường trực HĐND tỉnh {P}", ["Thường trực HĐND tỉnh"], True),
            "ub": (f"UBND tỉnh {P}", ["UBND tỉnh", "UBND tỉnh", "Ủy ban nhân dân tỉnh"], True),
            "bcs": (f"Ban Cán sự đảng UBND tỉnh {P}", ["Ban Cán sự đảng UBND tỉnh", "Ban cán sự đảng UBND tỉnh"], True),
            "ddhd": (f"Đảng đoàn HĐND tỉnh {P}", ["Đảng đoàn HĐND tỉnh"], True),
            "qh": (f"Đoàn ĐBQH tỉnh {P}", ["Đoàn ĐBQH tỉnh", "Đoàn ĐBQH tỉnh", "Đoàn đại biểu Quốc hội tỉnh"], True),
            "mttq": (f"Ủy ban MTTQ Việt Nam tỉnh {P}", ["Ủy ban MTTQ Việt Nam tỉnh",
                                                     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], True),
            "ubkt": (f"Ủy ban Kiểm tra Tỉnh ủy {P}", ["Ủy ban Kiểm tra Tỉnh ủy"], True),
            "vptu": (f"Văn phòng Tỉnh ủy {P}", ["Văn phòng Tỉnh ủy"], True),
            "vpub": (f"Văn phòng UBND tỉnh {P}", ["Văn phòng UBND tỉnh"], True),
            "bchtw": ("Ban Chấp hành Trung ương Đảng", ["Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương"], False),
            "bct": ("Bộ Chính trị", ["Bộ Chính trị"], False),
            "bbt": ("Ban Bí thư Trung ương Đảng", ["Ban Bí thư"], False),
            "cp": ("Chính phủ", ["Chính phủ"], False),
        }
        for ban in ("Tổ chức", "Tuyên giáo", "Nội chính", "Dân vận"):
            o[f"ban:{ban}"] = (f"Ban {ban} Tỉnh ủy {P}", [f"Ban {ban} Tỉnh ủy"], True)
        for s in self.sos:
            o[f"so:{s}"] = (f"Sở {s} tỉnh {P}", [f"Sở {s}"], False)
        for i, (unit, name) in enumerate(self.districts):
            uu = {"huyện": "Huyện ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}[unit]
            o[f"hu:{i}"] = (f"{uu} {name}", [f"{uu} {name}"], False)
            o[f"ubh:{i}"] = (f"UBND {unit} {name}", [f"UBND {unit} {name}"], False)
        return o

    def _posts(self) -> dict[str, tuple[str, str, list[str]]]:
        """key → (role label, org key, role surfaces); a surface with '|' is a whole title."""
        p = {
            "bcc_tw": ("Ủy viên", "bchtw", ["|Ủy viên Trung ương Đảng", "|Ủy viên Ban Chấp hành Trung ương Đảng",
                                            "|Ủy viên BCH Trung ương Đảng"]),
            "dk_tw": ("Ủy viên dự khuyết", "bchtw", ["|Ủy viên dự khuyết Trung ương Đảng",
                                                      "|Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng"]),
            "bt": ("Bí thư", "tu", ["Bí thư"]),
            "pbttt": ("Phó Bí thư Thường trực", "tu", ["Phó Bí thư Thường trực"]),
            "pbt": ("Phó Bí thư", "tu", ["Phó Bí thư"]),
            "tuv": ("Ủy viên", "bch", ["|Tỉnh ủy viên", "|Tỉnh ủy viên", "|Ủy viên Ban Chấp hành Đảng bộ tỉnh"]),
            "btv": ("Ủy viên", "btv", ["Ủy viên"]),
            "ct_hd": ("Chủ tịch", "hd", ["Chủ tịch"]),
            "pct_hd": ("Phó Chủ tịch", "hd", ["Phó Chủ tịch"]),
            "ct_ub": ("Chủ tịch", "ub", ["Chủ tịch"]),
            "pcttt_ub": ("Phó Chủ tịch Thường trực", "ub", ["Phó Chủ tịch Thường trực"]),
            "pct_ub": ("Phó Chủ tịch", "ub", ["Phó Chủ tịch"]),
            "td_qh": ("Trưởng đoàn", "qh", ["|Trưởng Đoàn ĐBQH tỉnh", "|Trưởng Đoàn đại biểu Quốc hội tỉnh"]),
            "ptd_qh": ("Phó Trưởng đoàn", "qh", ["|Phó Trưởng Đoàn ĐBQH tỉnh"]),
            "ct_mttq": ("Chủ tịch", "mttq", ["Chủ tịch"]),
            "cn_ubkt": ("Chủ nhiệm", "ubkt", ["Chủ nhiệm"]),
            "cvp_tu": ("Chánh Văn phòng", "vptu", ["|Chánh Văn phòng Tỉnh ủy"]),
            "cvp_ub": ("Chánh Văn phòng", "vpub", ["|Chánh Văn phòng UBND tỉnh"]),
        }
        for ban in ("Tổ chức", "Tuyên giáo", "Nội chính", "Dân vận"):
            p[f"tb:{ban}"] = ("Trưởng ban", f"ban:{ban}", [f"|Trưởng Ban {ban} Tỉnh ủy"])
        for s in self.sos:
            p[f"gd:{s}"] = ("Giám đốc", f"so:{s}", ["Giám đốc"])
            p[f"pgd:{s}"] = ("Phó Giám đốc", f"so:{s}", ["Phó Giám đốc"])
        for i in range(len(self.districts)):
            p[f"bth:{i}"] = ("Bí thư", f"hu:{i}", ["Bí thư"])
            p[f"pbth:{i}"] = ("Phó Bí thư", f"hu:{i}", ["Phó Bí thư"])
            p[f"cth:{i}"] = ("Chủ tịch", f"ubh:{i}", ["Chủ tịch"])
        return p

    def _slot_specs(self) -> dict[str, tuple[list, str]]:
        """slot → ([(post key or alternatives 'a|b', probability)], main post)."""
        hd = self.hd_chair
        s = {
            "bt": ([("bcc_tw", 0.7), ("bt", 1)] + ([("ct_hd", 1)] if hd == "bt" else []) + [("td_qh", 0.5)], "bt"),
            "pbttt": ([("pbttt", 1)] + ([("ct_hd", 1)] if hd == "pbttt" else []), "pbttt"),
            "ctub": ([("dk_tw", 0.2), ("pbt", 1), ("ct_ub", 1)], "ct_ub"),
            "pcttt": ([("btv", 1), ("pcttt_ub", 1)], "pcttt_ub"),
            "pct1": ([("tuv", 0.8), ("pct_ub", 1)], "pct_ub"),
            "pct2": ([("tuv", 0.8), ("pct_ub", 1)], "pct_ub"),
            "pcthd": ([("tuv", 0.5), ("pct_hd", 1)], "pct_hd"),
            "mttq": ([("btv", 1), ("ct_mttq", 1)], "ct_mttq"),
            "tbtc": ([("btv", 1), ("tb:Tổ chức", 1)], "tb:Tổ chức"),
            "tbtg": ([("btv", 1), ("tb:Tuyên giáo", 1)], "tb:Tuyên giáo"),
            "tbnc": ([("btv|tuv", 1), ("tb:Nội chính", 1)], "tb:Nội chính"),
            "tbdv": ([("btv|tuv", 1), ("tb:Dân vận", 1)], "tb:Dân vận"),
            "cnubkt": ([("btv", 1), ("cn_ubkt", 1)], "cn_ubkt"),
            "cvptu": ([("tuv", 0.7), ("cvp_tu", 1)], "cvp_tu"),
            "cvpub": ([("cvp_ub", 1)], "cvp_ub"),
            "pdqh": ([("ptd_qh", 1)], "ptd_qh"),
        }
        if hd == "sep":
            s["cthd"] = ([("btv", 1), ("ct_hd", 1)], "ct_hd")
        for so in self.sos:
            s[f"gd:{so}"] = ([("tuv", 0.3), (f"gd:{so}", 1)], f"gd:{so}")
            s[f"pgd:{so}"] = ([(f"pgd:{so}", 1)], f"pgd:{so}")
        for i in range(len(self.districts)):
            s[f"bth:{i}"] = ([("tuv", 0.8 if i == 0 else 0.5), (f"bth:{i}", 1)], f"bth:{i}")
            s[f"cth:{i}"] = ([(f"pbth:{i}", 1), (f"cth:{i}", 1)], f"cth:{i}")
        self.specs = s
        return s

    def _holding(self, spec, start: dt.date, person: Person | None = None) -> Holding:
        chain = []
        for key, prob in spec[0]:
            if self.r.random() < prob:
                chain.append(self.r.choice(key.split("|")))
        return Holding(person or self.person(), tuple(chain), spec[1], start)

    def holder(self, slot: str, d: dt.date) -> Holding | None:
        for h in self.slots.get(slot, ()):
            if h.start <= d and (h.end is None or d < h.end):
                return h
        return None

    # -- calendar ------------------------------------------------------------------------
    def _schedule(self) -> dict[str, list[tuple]]:
        r = self.r
        sch: dict[str, list[tuple]] = {k: [] for k in KINDS}
        d, n = WORLD_START + dt.timedelta(days=r.randint(5, 25)), 1
        while d <= LAST_DAY:
            sch["bch"].append((d, n))
            d, n = d + dt.timedelta(days=r.randint(40, 80)), n + 1
        d, n = WORLD_START + dt.timedelta(days=r.randint(5, 15)), 1
        while d <= LAST_DAY:
            sch["btv"].append((d, n))
            d, n = d + dt.timedelta(days=r.randint(8, 24)), n + 1
        hd = [dt.date(2021, 6, r.randint(20, 29))]
        for y in range(2021, 2026):
            hd.append(dt.date(y, 7, r.randint(6, 22)))
            if y < 2025:
                hd.append(dt.date(y, 12, r.randint(5, 18)))
            for _ in range(r.randint(0, 2)):
                extra = dt.date(y, r.choice([3, 4, 5, 9, 10, 11]), r.randint(3, 27))
                if all(abs((extra - x).days) > 20 for x in hd):
                    hd.append(extra)
        hd = sorted(x for x in hd if x <= LAST_DAY)
        sch["hd"] = [(x, i + 1) for i, x in enumerate(hd)]
        y, m = WORLD_START.year, WORLD_START.month
        while dt.date(y, m, 1) <= LAST_DAY:
            sch["ub"].append((dt.date(y, m, r.randint(24, 28)), m))
            body = r.choice(["ub", "btv", "ub", "ubh:0", f"ubh:{r.randrange(len(self.districts))}"])
            sch["gb"].append((dt.date(y, m, r.randint(2, 9)), body))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for k in sch:
            sch[k] = [s for s in sch[k] if FIRST_DAY <= s[0] <= LAST_DAY]
        return sch

    def next_hd(self, d: dt.date) -> tuple | None:
        return next(((x, n) for x, n in self.schedule["hd"] if x > d + dt.timedelta(days=5)), None)

    def _plan_changes(self) -> None:
        """Phó Chủ tịch UBND tỉnh retires at an HĐND session; a Giám đốc Sở is elected in his
        place; weeks later UBND tỉnh appoints the Sở's Phó Giám đốc as Giám đốc."""
        r = self.r
        sessions = [s for s in self.schedule["hd"] if s[0] < LAST_DAY - dt.timedelta(days=90)]
        picks = sorted(r.sample(sessions[1:], min(len(sessions) - 1, r.randint(2, 3))), key=lambda s: s[0])
        sos = list(self.sos)
        r.shuffle(sos)
        last = WORLD_START
        for k, (sdate, n) in enumerate(picks):
            if (sdate - last).days < 70 or not sos:
                continue
            slot, so = ("pct1", "pct2")[k % 2], sos.pop()
            old, gd, pgd = self.holder(slot, sdate), self.holder(f"gd:{so}", sdate), self.holder(f"pgd:{so}", sdate)
            if not (old and gd and pgd):
                continue
            old.end = gd.end = sdate
            new_chain = tuple(c for c in gd.chain if c == "tuv") + ("pct_ub",)
            new = Holding(gd.person, new_chain, "pct_ub", sdate)
            self.slots[slot].append(new)
            later = sdate + dt.timedelta(days=r.randint(18, 45))
            pgd.end = later
            appointed_new = Holding(pgd.person, (f"gd:{so}",), f"gd:{so}", later)
            self.slots[f"gd:{so}"].append(appointed_new)
            self.slots[f"pgd:{so}"].append(self._holding(self.specs[f"pgd:{so}"], later))
            present = self.delegates - r.randint(0, 6)
            votes = tuple(present - r.randint(0, 3) for _ in range(2)) + (present,)
            dec = (r.randint(10, 2900), later - dt.timedelta(days=r.randint(2, 8)),
                   r.randint(100, 2500), sdate + dt.timedelta(days=r.randint(8, 16)))
            ch = Change("pct", sdate, old, gd, new, pgd, appointed_new, so, (sdate, n), votes, dec)
            self.changes[sdate] = ch
            if later <= LAST_DAY:
                self.schedule["cb"].append((later, ch))
            last = later


# --------------------------------------------------------------------------------------------
# one article: text and gold built together
# --------------------------------------------------------------------------------------------
@dataclass
class Style:
    old: bool
    typo: bool
    nbsp: bool
    nfd: bool
    dateline: bool


class Doc:
    def __init__(self, world: World, rng: random.Random, doc_id: str, meeting: dt.date):
        self.w, self.r, self.id = world, rng, doc_id
        self.P = world.province
        self.meeting = meeting
        r = rng
        self.style = Style(old=r.random() < 0.12, typo=r.random() < 0.1, nbsp=r.random() < 0.15,
                           nfd=r.random() < 0.05, dateline=r.random() < 0.75)
        self.published = meeting + dt.timedelta(days=0 if r.random() < 0.65 else 1)
        self.paras: list[tuple[str, bool]] = []  # (text, decompose)
        self.persons: dict[str, dict] = {}
        self.participants: set[str] = set()
        self.orgs: dict[str, None] = {}
        self.role_only: dict[tuple, dict] = {}
        self.sessions: list[dict] = []
        self.documents: dict[tuple, dict] = {}
        self.events: list[dict] = []
        self.notes: list[str] = []
        self.main: dict | None = None
        self.typo_left = 1 if self.style.typo else 0
        self.y = meeting.year
        self.fill = {"P": self.P, "Y": self.y, "Yn": self.y + 1, "Yp": self.y - 1, "Y5": self.y + 5,
                     "M": meeting.month}

    # -- noise on surfaces -------------------------------------------------------------
    def _noisy(self, s: str) -> str:
        r = self.r
        if self.typo_left and "Tỉnh ủy" in s and r.random() < 0.5:
            self.typo_left = 0
            s = s.replace("Tỉnh ủy", "Tinh ủy", 1)
        if self.style.nbsp and " " in s and r.random() < 0.2:
            spaces = [m.start() for m in re.finditer(" ", s)]
            i = r.choice(spaces)
            s = s[:i] + "\u00a0" + s[i + 1:]
        return s

    # -- organisations, titles, persons ----------------------------------------------------
    def org(self, key: str, province: bool = False) -> str:
        canon, surfaces, takes_p = self.w.orgs[key]
        self.orgs[canon] = None
        s = self.r.choice(surfaces)
        if province and takes_p:
            s = f"{s} {self.P}"
        return self._noisy(s)

    def title(self, post: str, holder: str | None = None, province: bool = False, bare: bool = False) -> str:
        role, org_key, surfaces = self.w.posts[post]
        surface = self.r.choice(surfaces)
        canon = self.w.orgs[org_key][0]
        if surface.startswith("|"):
            text = self._noisy(surface[1:])
            self.orgs[canon] = None
        elif bare:  # 'Phó Bí thư Huyện ủy, Chủ tịch UBND huyện X': the district is named once, after
            self.orgs[canon] = None
            text = self._noisy(f"{surface} {self.w.orgs[org_key][1][0].rsplit(' ', 2)[0]}")
        else:
            text = f"{surface} {self.org(org_key, province)}"
        if holder:
            p = self.persons[holder]
            if (role, canon) not in p["pairs"]:
                p["pairs"].add((role, canon))
                p["positions"].append({"role": role, "org": canon, "as_written": text})
        return text

    def chain(self, h: Holding, holder: str, full: bool = True) -> str:
        posts = list(h.chain) if full else [h.main]
        out = []
        for k, post in enumerate(posts):
            nxt = posts[k + 1] if k + 1 < len(posts) else ""
            bare = (post.startswith("pbth:") and nxt == "cth:" + post[5:] and self.r.random() < 0.5)
            out.append(self.title(post, holder, bare=bare))
        return ", ".join(out)

    def _seen(self, name: str) -> None:
        if name not in self.persons:
            self.persons[name] = {"name": name, "positions": [], "pairs": set(), "order": len(self.persons)}

    def who(self, h: Holding, how: str = "full", prefix: str = "đồng chí ") -> str:
        """A person mention: 'đồng chí X, <titles>' (full/main), '<title> X' (first), 'đồng chí X' (name)."""
        name = h.person.name
        self._seen(name)
        sep = "\u00a0" if self.style.nbsp and prefix and self.r.random() < 0.3 else " "
        pre = prefix.rstrip() + sep if prefix else ""
        if how in ("full", "main"):
            return f"{pre}{name}, {self.chain(h, name, full=how == 'full')}"
        if how == "first":
            return f"{self.title(h.main, name)} {name}"
        return f"{pre}{name}"

    def part(self, h: Holding | None) -> None:
        if h:
            self.participants.add(h.person.name)

    def role_only_text(self, post: str, prefix: str = "đồng chí ") -> str:
        role, org_key, _ = self.w.posts[post]
        text = prefix + self.title(post)
        key = (role, self.w.orgs[org_key][0])
        if key not in self.role_only:
            self.role_only[key] = {"as_written": text, "role": role, "org": key[1]}
        return text

    # -- sessions, items, documents, events ------------------------------------------------
    def session(self, body: str | None, kind: str, ordinal: int | None = None, term: str | None = None,
                date: str | None = None, main: bool = False) -> dict:
        canon = self.w.orgs[body][0] if body else None
        if body:
            self.orgs[canon] = None
        for s in self.sessions:
            if (s["body"], s["kind"], s["ordinal"], s["term"]) == (canon, kind, ordinal, term):
                return s
        s = {"body": canon, "kind": kind, "ordinal": ordinal, "term": term, "date": date, "chair": None,
             "participants": [], "items_approved": [], "items_discussed": [], "reported_item_count": None}
        self.sessions.append(s)
        if main:
            self.main = s
        else:
            self.notes.append(f"{kind} {ordinal or ''} of {canon} is only referenced")
        return s

    def hd_ref(self, comma: bool = True) -> str:
        """The coming HĐND session the contents go to: 'Kỳ họp thứ 21, HĐND tỉnh khóa XIV'."""
        nxt = self.w.next_hd(self.meeting)
        if not nxt:
            return "kỳ họp tới của " + self.org("hd")
        _, n = nxt
        self.session("hd", "Kỳ họp", n, self.w.hd_term)
        ordinal = str(n) if self.r.random() < 0.7 else vi_ordinal(n)
        return f"Kỳ họp thứ {ordinal}{',' if comma else ''} {self.org('hd')} khóa {self.w.hd_term}"

    def congress_ref(self) -> str:
        n = self.w.party_term_n + 1
        self.session("db", "Đại hội", n, None)
        return f"Đại hội đại biểu {self.org('db')} lần thứ {roman(n)}, nhiệm kỳ 2025-2030"

    def fmt(self, template: str) -> str:
        C = data()["content"]
        r = self.r
        f = dict(self.fill)
        if "{reg}" in template:
            f["reg"] = r.choice(C["reg"]).format(**self.fill)
        if "{prog}" in template:
            f["prog"] = r.choice(C["prog"])
        if "{D}" in template:
            unit, name = r.choice(self.w.districts)
            f["D"] = f"{unit} {name}"
        return template.format(**f)

    def items(self, k: int, pool: str = "items") -> list[tuple[str, list[str]]]:
        """k list elements: (as written in a list, [gold item titles])."""
        C = data()["content"]
        r = self.r
        out, seen = [], set()
        tries = 0
        while len(out) < k and tries < 50:
            tries += 1
            if pool == "items" and r.random() < 0.08 and not any(len(g) > 1 for _, g in out):
                spec = r.choice(C["distributive"])
                out.append((spec["text"].format(**self.fill), [t.format(**self.fill) for t in spec["items"]]))
                continue
            src = C[pool] if pool != "items" or r.random() < 0.8 else C["reports"]
            title = self.fmt(r.choice(src))
            key = title
            if key in seen:
                continue
            seen.add(key)
            written = title
            if r.random() < 0.25 and title.split()[0] in ("Dự", "Báo", "Kế", "Phương"):
                written = title[0].lower() + title[1:]
            out.append((written, [title]))
        return out

    def cite(self, kind: str | None = None) -> str:
        """A cited document, written one of the ways portals write it, registered in the gold."""
        C = data()["content"]
        r, P = self.r, self.P
        kind = kind or r.choices(["national", "nqhd", "qdub", "tu", "plan", "law", "central"],
                                 [0.3, 0.2, 0.12, 0.18, 0.05, 0.08, 0.07])[0]
        issuer_key, date, number, doc_type, about = None, None, None, None, None
        if kind == "national":
            cands = [x for x in C["national"] if x["date"] < self.meeting]
            x = r.choice(cands)
            doc_type, number, date, about = x["type"], x["number"], x["date"], x["about"]
            issuer_key = x["issuer"]
        elif kind == "nqhd":
            y = r.choice([self.y, self.y - 1, self.y - 1, self.y - 2])
            date = dt.date(y, r.choice([4, 7, 8, 12]), r.randint(1, 28))
            doc_type, number, issuer_key = "Nghị quyết", f"{r.randint(1, 40):02d}/{y}/NQ-HĐND", "hd"
            about = "quy định " + self.fmt("{reg}")
        elif kind == "qdub":
            y = r.choice([self.y, self.y - 1])
            date = dt.date(y, r.randint(1, 12), r.randint(1, 28))
            doc_type, number, issuer_key = "Quyết định", f"{r.randint(100, 3500)}/QĐ-UBND", "ub"
            about = "phê duyệt " + r.choice(["Kế hoạch", "Đề án", "Chương trình"]).lower() + " " + r.choice(C["prog"])
        elif kind == "tu":
            y = r.choice([self.y, self.y - 1, self.y - 2])
            date = dt.date(y, r.randint(1, 12), r.randint(1, 28))
            doc_type, suffix = r.choice([("Chỉ thị", "CT/TU"), ("Kết luận", "KL/TU"), ("Nghị quyết", "NQ/TU")])
            number = f"{r.randint(1, 60):02d}-{suffix}"
            issuer_key = "bch" if doc_type == "Nghị quyết" and r.random() < 0.5 else "btv"
            about = r.choice(C["doc_subjects"])
        if date and date >= self.meeting:
            date = self.meeting - dt.timedelta(days=r.randint(20, 300))
        if kind in ("national", "nqhd", "qdub", "tu"):
            form = r.random()
            head = f"{doc_type} số {number}" if form < 0.85 else f"{doc_type} {number}"
            show_date = r.random() < 0.7
            show_issuer = r.random() < 0.85
            text = head
            if show_date:
                text += f" ngày {dmy(date, pad=r.random() < 0.6)}"
            issuer = None
            if show_issuer:
                if issuer_key == "ttg":
                    text += " của Thủ tướng Chính phủ"
                    issuer = "Chính phủ"
                    self.orgs[issuer] = None
                    self._ttg()
                else:
                    text += " của " + self.org(issuer_key)
                    issuer = self.w.orgs[issuer_key][0]
            if about and r.random() < 0.6:
                text += f" về {about}"
            self._doc(doc_type, number, issuer, date.isoformat() if show_date else None)
            return text
        if kind == "plan":
            self._doc("Quy hoạch", None, None, None, "plan")
            return f"Quy hoạch tỉnh {P} thời kỳ 2021-2030, tầm nhìn đến năm 2050"
        if kind == "law":
            law = r.choice(C["laws"])
            self._doc("Luật", None, None, None, law)
            return law
        # central resolutions named by their plenum or congress: no number
        if r.random() < 0.5:
            plenum, term = r.choice([(4, "XII"), (4, "XIII"), (6, "XIII"), (8, "XIII"), (10, "XIII")])
            self._doc("Nghị quyết", None, "Ban Chấp hành Trung ương Đảng", None, f"{plenum} {term}")
            self.orgs["Ban Chấp hành Trung ương Đảng"] = None
            return f"Nghị quyết Trung ương {plenum} khóa {term}"
        self._doc("Nghị quyết", None, self.w.orgs["db"][0], None, "congress")
        return f"Nghị quyết Đại hội đại biểu {self.org('db')} lần thứ {self.w.party_term}"

    def _ttg(self) -> None:
        key = ("Thủ tướng", "Chính phủ")
        if key not in self.role_only:
            self.role_only[key] = {"as_written": "Thủ tướng Chính phủ", "role": "Thủ tướng", "org": "Chính phủ"}

    def _doc(self, doc_type, number, issuer, date, label: str = "") -> None:
        key = (doc_type, number, issuer) if number else (doc_type, number, issuer, label)
        if key not in self.documents:
            self.documents[key] = {"type": doc_type, "number": number, "issuer": issuer, "date": date}

    def event(self, kind: str, h: Holding, post: str, result: str | None = None) -> None:
        role, org_key, _ = self.w.posts[post]
        self.orgs[self.w.orgs[org_key][0]] = None
        self.events.append({"kind": kind, "person": h.person.name, "role": role, "org": self.w.orgs[org_key][0],
                            "result": result})

    # -- dates -----------------------------------------------------------------------------
    def dateline(self) -> str | None:
        if not self.style.dateline:
            return None
        p, r = self.published, self.r
        hh, mi = r.randint(6, 21), r.randint(0, 59)
        sp = "\u00a0" if self.style.nbsp and r.random() < 0.5 else " "
        form = r.randrange(5)
        if form == 0:
            return f"{WEEKDAYS[p.weekday()]},{sp}{dmy(p)}"
        if form == 1:
            return f"{WEEKDAYS[p.weekday()]}, {dmy(p)} - {hh:02d}:{mi:02d}"
        if form == 2:
            return f"{p.day:02d}-{p.month:02d}-{p.year}{sp}{hh:02d}:{mi:02d}"
        if form == 3:
            return f"{dmy(p)} {hh:02d}:{mi:02d}"
        return f"{dmy(p)} | {hh:02d}:{mi:02d}"

    def when(self) -> tuple[str, str | None]:
        """The meeting's day as the lead sentence writes it, and its gold date."""
        m, r = self.meeting, self.r
        part = r.choice(["Sáng", "Chiều", "Sáng", "Ngày"])
        iso = m.isoformat()
        if self.style.dateline:
            if self.published == m and r.random() < 0.3:
                return f"{part} nay ({dm(m)})", iso
            return f"{part} {dm(m, pad=r.random() < 0.2)}", iso
        if r.random() < 0.5:
            self.notes.append(f"no date line; the meeting's year is written ({dmy(m, False)})")
            return f"{part} {dmy(m, pad=False)}", iso
        self.notes.append(f"no date line and no year for {dm(m)}: date null")
        return (f"{part} nay ({dm(m)})" if r.random() < 0.5 else f"{part} {dm(m)}"), None

    # -- text ------------------------------------------------------------------------------
    def add(self, text: str, nfd: bool = False) -> None:
        self.paras.append((text, nfd))

    def figures(self) -> None:
        r = self.r
        C = data()["content"]
        nums = {"a": r.randint(1, 12), "b": r.randint(10, 99), "c": r.randint(2, 60), "d": r.randint(1, 9),
                "e": r.randint(1, 9), "f": r.randint(1, 9)}
        self.add(r.choice(C["figures"]).format(**nums, **self.fill), nfd=self.style.nfd)

    def tasks(self, k: int = 3) -> str:
        return "; ".join(self.r.sample(data()["content"]["tasks"], k))

    def finish(self, headline: str) -> tuple[str, dict]:
        r, C = self.r, data()["content"]
        lines = []
        for h in r.sample(C["headers"][:3], r.randint(0, 2)):
            lines.append(h)
        if r.random() < 0.2:
            lines.append(C["headers"][r.randrange(3, 6)])
        named = self.P in headline or any(self.P in t for t, _ in self.paras)
        if r.random() < 0.15 or not named:  # the portal names the province when the article does not
            lines.append(r.choice(["Cổng thông tin điện tử tỉnh {P}", "Báo {P} điện tử"]).format(P=self.P))
        if lines:
            lines.append("")
        lines += [headline, ""]
        dl = self.dateline()
        if dl:
            lines += [dl, ""]
        body = []
        for text, nfd in self.paras:
            text = old_tones(text) if self.style.old else text
            body.append(unicodedata.normalize("NFD", text) if nfd else text)
        if self.style.old:
            lines = [old_tones(x) for x in lines]
        lines.append("\n\n".join(body))
        pens = data()["names"]["pen_given"]
        lines += ["", " - ".join(r.sample(pens, r.choice([1, 1, 2])))]
        if r.random() < 0.4:
            lines.append(self.w.site)
        foot = r.sample(C["footers"], r.randint(0, 3))
        if foot:
            lines.append("")
            lines += [f.format(n=f"{r.randint(100, 3000):,}".replace(",", "."),
                               big=f"{r.randint(100_000, 30_000_000):,}".replace(",", ".")) for f in foot]
        text = "\n".join(lines)
        return text, self.gold()

    def gold(self) -> dict:
        lit = old_tones if self.style.old else (lambda s: s)
        persons = sorted(self.persons.values(), key=lambda p: p["order"])
        order = {p["name"]: p["order"] for p in persons}
        for s in self.sessions:
            if s is self.main:
                s["participants"] = [lit(n) for n in sorted(self.participants, key=order.get) if n != s["chair"]]
                if s["chair"]:
                    s["chair"] = lit(s["chair"])
        return {
            "id": self.id,
            "province": self.P,
            "published": self.published.isoformat() if self.style.dateline else None,
            "persons": [{"name": lit(p["name"]),
                         "positions": [dict(x, as_written=lit(x["as_written"])) for x in p["positions"]]}
                        for p in persons],
            "sessions": self.sessions,
            "documents": list(self.documents.values()),
            "organizations": list(self.orgs),
            "role_only_mentions": [dict(x, as_written=lit(x["as_written"])) for x in self.role_only.values()],
            "events": [dict(e, person=lit(e["person"])) for e in self.events],
            "notes": "Synthetic (benchmarks/generate_corpus.py). " + "; ".join(self.notes),
        }


# --------------------------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------------------------
def pick(r: random.Random, *choices):
    """One of several ways to write something; only the chosen one is written (and registered)."""
    return r.choice(choices)()


def _attendees(d: Doc, slots: list[str], k: int, exclude: set[str]) -> list[Holding]:
    out: list[Holding] = []
    for slot in d.r.sample(slots, len(slots)):
        if len(out) >= k:
            break
        h = d.w.holder(slot, d.meeting)
        if h and h.person.name not in exclude and h not in out:
            out.append(h)
    return out


def _attend_sentence(d: Doc, hs: list[Holding], what: str, tail: str) -> str:
    parts = []
    for h in hs:
        parts.append(d.who(h, d.r.choice(["full", "full", "main"]), prefix=""))
        d.part(h)
    if len(hs) == 1:
        return f"Dự {what} có đồng chí {parts[0]}; {tail}."
    return f"Dự {what} có các đồng chí: {'; '.join(parts)}; {tail}."


def _chair_sentence(d: Doc, h: Holding, what: str) -> str:
    d.main["chair"] = h.person.name
    r = d.r
    form = r.randrange(4)
    if form == 0:
        return f"{cap(d.who(h, 'full'))} chủ trì {what}."
    if form == 1:
        return f"{cap(d.who(h, 'full', d.r.choice(['đồng chí ', h.person.address + ' '])))} chủ trì {what}."
    if form == 2:
        return f"{cap(what)} do {d.who(h, 'full')} chủ trì."
    return f"{d.who(h, 'first')} chủ trì {what}."


def _list(elements: list[tuple[str, list[str]]], more: bool) -> str:
    text = "; ".join(e for e, _ in elements)
    return text + ("..." if more else "")


def _items_gold(d: Doc, elements, status: str) -> None:
    key = "items_approved" if status == "approved" else "items_discussed"
    for _, titles in elements:
        for t in titles:
            if t not in d.main["items_approved"] and t not in d.main["items_discussed"]:
                d.main[key].append(cap(t))


_TAILS = re.compile(r" (?:tỉnh [A-ZĐ]|giai đoạn |đến năm |năm \d|trên địa bàn |nguồn vốn |tháng \d)")


def _short(title: str, r: random.Random) -> str:
    """How a conclusion refers back to an item: the title, or the title without its tail
    ('… tỉnh Bắc Ninh giai đoạn 2024-2029', '… năm 2025')."""
    m = _TAILS.search(title)
    if m and m.start() > 25 and r.random() < 0.6:
        return title[:m.start()].rstrip(",")
    return title


def _agenda(d: Doc, body_key: str, verb_subject: str, conclude_subject: str, count_stated: bool,
            party: bool = False) -> tuple[str, str]:
    """Items of the reported meeting: an enumeration, and what the conclusion approves.
    Returns (agenda paragraph, conclusion clause about items)."""
    r = d.r
    k = r.randint(3, 6)
    els = d.items(k)
    n_written = sum(len(g) for _, g in els)
    stated = n_written + (r.randint(1, 10) if r.random() < 0.5 else 0)
    more = stated > n_written
    count = f" {stated} nội dung" if count_stated else " các nội dung"
    if count_stated:
        d.main["reported_item_count"] = stated
    form = r.randrange(3)
    singles = [e for e in els if len(e[1]) == 1]
    if form == 0 and len(singles) >= 2:
        # enumeration discussed, conclusion approves some by name, sends one back
        approved = r.sample(singles, r.randint(1, len(singles) - 1))
        rest = [e for e in els if e not in approved]
        head = r.choice([f"{verb_subject} đã thảo luận, cho ý kiến vào{count}, gồm: ",
                         f"{verb_subject} đã nghe và cho ý kiến{(' vào' + count) if count_stated else ''} đối với: ",
                         f"{verb_subject} đã xem xét, cho ý kiến vào{count}, gồm: "])
        para = head + _list(els, more) + ("." if not more else "")
        _items_gold(d, approved, "approved")
        _items_gold(d, rest, "discussed")
        names = [_short(e[1][0], r) for e in approved]
        names = [names[0]] if len(names) == 1 else names
        ap = "; ".join(names[:-1]) + (" và " if len(names) > 1 else "") + names[-1]
        back = next((e for e in rest if len(e[1]) == 1), None)
        clause = f"{conclude_subject} thống nhất thông qua {ap}"
        if back:
            clause += (f". Riêng {_short(back[1][0], r)}, giao cơ quan chủ trì soạn thảo tiếp thu ý kiến, "
                       f"hoàn thiện, báo cáo lại trong thời gian tới")
        return para, clause
    if form == 1:
        # approved list, then discussed list
        cut = r.randint(1, len(els) - 1)
        approved, rest = els[:cut], els[cut:]
        lead = f"{verb_subject} đã thảo luận, cho ý kiến vào{count}. " if count_stated else ""
        para = (lead + f"{verb_subject} đã thống nhất thông qua: {_list(approved, False)}. "
                f"Các đại biểu cũng cho ý kiến vào {_list(rest, False)}.")
        _items_gold(d, approved, "approved")
        _items_gold(d, rest, "discussed")
        return para, f"{conclude_subject} đề nghị các cơ quan tham mưu tiếp thu đầy đủ ý kiến của các đại biểu, hoàn thiện các văn bản"
    if party and r.random() < 0.4:
        # not enumerated; one group of contents approved (seed 000)
        para = (f"{verb_subject} đã thảo luận, cho ý kiến vào{count} về phát triển kinh tế - xã hội, "
                f"quốc phòng, an ninh và công tác xây dựng Đảng.")
        g = r.randint(2, max(2, (stated if count_stated else 9) - 1))
        if count_stated and g > stated:
            g = stated
        group = f"{g:02d} nội dung do {d.org('bcs')} trình, xin chủ trương trước khi trình {d.org('hd')}"
        d.main["items_approved"].append(cap(group))
        return para, f"Đối với {group}, {conclude_subject} đồng ý về mặt chủ trương"
    # all discussed
    para = f"{verb_subject} đã thảo luận, cho ý kiến vào{count}, gồm: {_list(els, more)}" + ("." if not more else "")
    _items_gold(d, els, "discussed")
    return para, f"{conclude_subject} đề nghị các cơ quan tham mưu tiếp thu ý kiến, hoàn thiện các dự thảo"


def t_party(d: Doc, sess: tuple, body: str) -> str:
    """Ban Chấp hành (body 'bch') or Ban Thường vụ (body 'btv') conference."""
    r, w = d.r, d.w
    date, n = sess
    T = w.party_term
    bname = "Ban Chấp hành Đảng bộ tỉnh" if body == "bch" else "Ban Thường vụ Tỉnh ủy"
    show_ord = body == "bch" or r.random() < 0.5
    show_term = show_ord and r.random() < (0.9 if body == "bch" else 0.5)
    d.session(body, "Hội nghị", n if show_ord else None, T if show_term else None, main=True)
    wtext, iso = d.when()
    d.main["date"] = iso
    o = f" lần thứ {n}" if show_ord else ""
    t = f", khóa {T}" if show_term else ""
    tagline = r.choice(["Cho ý kiến vào nhiều nội dung quan trọng", "Thảo luận nhiều nội dung quan trọng",
                        "Phấn đấu hoàn thành ở mức cao nhất các mục tiêu, nhiệm vụ năm " + str(d.y)])
    if show_ord:
        hform = r.randrange(4)
        if hform == 0:
            headline = f"Hội nghị {d.org(body)}{o}{t}"
        elif hform == 1:
            headline = f"Hội nghị {d.org(body)}{o}{t}: {tagline}"
        elif hform == 2 and show_term and body == "bch":
            headline = f"Hội nghị lần thứ {n} {d.org(body)} khóa {T}"
        else:
            headline = tagline
    else:
        headline = f"{d.org(body)} {tagline[0].lower() + tagline[1:]}"
    bt = w.holder("bt", date)
    chaired = r.random() < 0.75
    what = "hội nghị"
    lead_form = r.randrange(3)
    purpose = r.choice(["để thảo luận, cho ý kiến vào các nội dung quan trọng", "để xem xét nhiều nội dung quan trọng",
                        "nhằm đánh giá tình hình thực hiện nhiệm vụ thời gian qua"])
    if lead_form == 0:
        lead = f"{wtext}, {d.org(body, province=True)} tổ chức Hội nghị{o}{t}"
        lead += ", nhiệm kỳ 2020-2025" if show_term and r.random() < 0.5 else ""
        lead += f" {purpose}."
    elif lead_form == 1:
        lead = f"{wtext}, {d.org('tu', province=True)} tổ chức Hội nghị {d.org(body)}{o}{t} {purpose}."
    else:
        lead = (f"Hội nghị {d.org(body)}{o}{t} diễn ra {wtext[0].lower() + wtext[1:]} tại trụ sở "
                f"{d.org('tu', province=True)}, {purpose}.")
    paras = [lead]
    if chaired:
        paras.append(_chair_sentence(d, bt, what))
    top = ["pbttt", "ctub", "pcttt", "mttq", "tbtc", "cthd", "pcthd", "cnubkt"]
    att = _attendees(d, top, r.randint(1, 4), {bt.person.name})
    plural = "các đồng chí Ủy viên " + d.org(body) + ("; lãnh đạo các sở, ban, ngành, địa phương" if r.random() < 0.6 else "")
    if att:
        paras.append(_attend_sentence(d, att, "hội nghị", plural))
    d.add(" ".join(paras))
    if r.random() < 0.5:
        who = bt if chaired or r.random() < 0.5 else None
        if who:
            d.part(who)
            d.add(f"{cap(d.who(who, 'main', r.choice(['Đồng chí ', ''])))} phát biểu khai mạc hội nghị. Ảnh: "
                  f"{r.choice(data()['names']['pen_given'])}")
        else:
            d.add(r.choice(data()["content"]["photo_captions"]))
    d.figures()
    subject = d.org(body) if r.random() < 0.5 else "Hội nghị"
    agenda, clause = _agenda(d, body, f"Tại hội nghị, {subject}" if subject != "Hội nghị" else "Hội nghị",
                             d.org(body), count_stated=r.random() < 0.5, party=True)
    d.add(agenda)
    if r.random() < 0.5:
        docs = [d.cite() for _ in range(r.randint(1, 2))]
        d.add(f"Hội nghị cũng quán triệt {' và '.join(docs)}.")
    speakers = _attendees(d, [f"bth:{i}" for i in range(len(w.districts))] + [f"gd:{s}" for s in w.sos] + ["pcttt", "ctub"],
                          r.randint(0, 2), {bt.person.name} | {h.person.name for h in att})
    for h in speakers:
        d.part(h)
        form = r.randrange(3)
        if form == 0:
            d.add(f"Phát biểu tại hội nghị, {d.who(h, 'full')} đề nghị {d.tasks(1)}.")
        elif form == 1:
            d.add(f"{cap(d.who(h, 'full', h.person.address + ' '))} đề nghị quan tâm {d.tasks(1)}.")
        else:
            d.add(f"{d.who(h, 'first')} cho biết sẽ {d.tasks(1)}.")
    for h in att[:1]:
        if r.random() < 0.4:
            d.add(f"Phát biểu tại hội nghị, {d.who(h, 'name')} đề nghị {d.tasks(1)}.")
    if r.random() < 0.6:
        d.add(f"Các ý kiến thảo luận thống nhất cao với nội dung các dự thảo; đề nghị chuẩn bị kỹ hồ sơ các nội dung "
              f"trình {d.hd_ref()}.")
    if date >= dt.date(2024, 6, 1) and r.random() < 0.5:
        d.add(f"Hội nghị cũng thống nhất các bước chuẩn bị {d.congress_ref()}.")
    chair_ref = (d.role_only_text("bt", r.choice(["đồng chí ", "đồng chí "])) if r.random() < 0.6
                 else d.who(bt, "name") if chaired else d.who(bt, "main"))
    if not chaired and bt.person.name in d.persons:
        d.part(bt)
    doc = f"; thực hiện nghiêm {d.cite()}" if r.random() < 0.6 else ""
    d.add(f"Kết luận hội nghị, {chair_ref} nhấn mạnh: {clause}. Đồng thời đề nghị các cấp ủy, tổ chức đảng "
          f"{d.tasks(2)}{doc}.")
    if body == "bch" and r.random() < 0.5:
        d.add(f"Cùng ngày, {d.org('bch')} đã tiến hành một số nội dung về công tác cán bộ theo thẩm quyền./.")
    return headline


def t_hdnd(d: Doc, sess: tuple) -> str:
    r, w = d.r, d.w
    date, n = sess
    H = w.hd_term
    d.session("hd", "Kỳ họp", n, H, main=True)
    wtext, iso = d.when()
    d.main["date"] = iso
    ordw = str(n) if r.random() < 0.6 else (vi_ordinal(n) if r.random() < 0.5 else cap(vi_ordinal(n)))
    change = w.changes.get(date)
    chair = next(h for h in (w.holder(s, date) for s in ("cthd", "pbttt", "bt")) if h and "ct_hd" in h.chain)
    if change and r.random() < 0.7:
        headline = (f"Kỳ họp thứ {ordw}, {d.org('hd')} khóa {H}: Bầu bổ sung "
                    f"{d.role_only_text('pct_ub', '')}")
    else:
        headline = pick(r, lambda: f"Bế mạc Kỳ họp thứ {ordw}, {d.org('hd')} khóa {H}",
                        lambda: f"Kỳ họp thứ {ordw}, {d.org('hd')} khóa {H}, nhiệm kỳ 2021-2026",
                        lambda: f"{d.org('hd')} thông qua nhiều nghị quyết quan trọng")
    lead = (f"{wtext}, sau {r.choice(['hai', 'ba', 'một'])} ngày làm việc khẩn trương, dân chủ, Kỳ họp thứ {ordw}, "
            f"{d.org('hd', province=True)} khóa {H}, nhiệm kỳ 2021-2026 đã hoàn thành toàn bộ nội dung, chương trình đề ra.")
    paras = [lead, _chair_sentence(d, chair, "kỳ họp")]
    att = _attendees(d, ["bt", "ctub", "pbttt", "mttq", "pcttt", "pdqh"], r.randint(1, 4), {chair.person.name})
    if att:
        paras.append(_attend_sentence(d, att, "phiên bế mạc", "các đồng chí Ủy viên " + d.org("btv") +
                                      "; lãnh đạo các sở, ban, ngành, đoàn thể của tỉnh"))
    d.add(" ".join(paras))
    d.add(r.choice(["Quang cảnh kỳ họp.", "Các đại biểu biểu quyết thông qua các nghị quyết."]) +
          (f" Ảnh: {r.choice(data()['names']['pen_given'])}" if r.random() < 0.5 else ""))
    reports = d.items(2, "reports")
    d.add(f"Trong thời gian diễn ra kỳ họp, các đại biểu đã thảo luận tại tổ và tại hội trường về "
          f"{reports[0][0]} và {reports[1][0]}.")
    _items_gold(d, reports, "discussed")
    if change and change.date == date:
        z, y, ch = change.retired, change.elected, change
        d._seen(z.person.name)
        yes1, yes2, present = ch.votes
        pz = d.r.choice(["ông ", "đồng chí "]) if not z.person.female else "bà "
        retire = (f"Do {pz}{z.person.name}, {d.chain(z, z.person.name)} nghỉ hưu theo chế độ từ ngày "
                  f"01/{(date.month % 12) + 1:02d}/{date.year + (date.month == 12)}, {d.org('hd')} đã biểu quyết miễn nhiệm "
                  f"chức vụ {d.title('pct_ub', z.person.name)} nhiệm kỳ 2021-2026 đối với {pz}{z.person.name} với "
                  f"{yes1}/{present} đại biểu có mặt tán thành, đạt {round(100 * yes1 / present)}%.")
        d.event("nghỉ hưu", z, "pct_ub")
        d.event("miễn nhiệm", z, "pct_ub", f"{yes1}/{present}")
        d._seen(y.person.name)
        py = "bà " if y.person.female else d.r.choice(["ông ", "đồng chí "])
        kind = "bầu bổ sung" if r.random() < 0.8 else "bầu"
        elect = (f"Với {yes2}/{present} đại biểu tán thành, {d.org('hd')} đã {kind} {py}{y.person.name}, "
                 f"{d.chain(y, y.person.name)} giữ chức {d.title('pct_ub', y.person.name, province=True)} nhiệm kỳ 2021-2026. "
                 f"Kết quả {kind} sẽ được báo cáo Thủ tướng Chính phủ phê chuẩn theo quy định.")
        d._ttg()
        d.orgs["Chính phủ"] = None
        d.event(kind, y, "pct_ub", f"{yes2}/{present}")
        d.add(f"Kiện toàn nhân sự lãnh đạo {d.org('ub')}")
        d.add(f"Căn cứ {d.cite('law')} và đề nghị của {d.org('tthd')}, kỳ họp đã tiến hành công tác nhân sự theo "
              f"thẩm quyền. {retire} {elect}")
        if r.random() < 0.7:
            d.part(y)
            d.add(f"Phát biểu nhận nhiệm vụ, {d.who(y, 'name', py)} cảm ơn sự tín nhiệm của các vị đại biểu và hứa "
                  f"sẽ cùng tập thể {d.org('ub')} {d.tasks(1)}.")
    nq = d.items(r.randint(3, 6), "hdnd")
    total = len(nq) + r.randint(0, 12)
    d.main["reported_item_count"] = total
    d.add(f"Cũng tại phiên bế mạc, với tỷ lệ tán thành cao, {d.org('hd')} đã biểu quyết thông qua {total} nghị quyết "
          f"về kinh tế - xã hội, ngân sách, đầu tư công và cơ chế, chính sách của tỉnh"
          + (f". Trong đó có các nghị quyết quan trọng như: {_list(nq, False)}." if total > len(nq)
             else f", gồm: {_list(nq, False)}."))
    _items_gold(d, nq, "approved")
    if r.random() < 0.5:
        d.add(f"Các nghị quyết được ban hành trên cơ sở {d.cite(r.choice(['national', 'nqhd', 'law']))}.")
    closing = pick(r, lambda: f"Bế mạc kỳ họp, {d.who(chair, 'first')} yêu cầu",
                   lambda: f"Phát biểu bế mạc kỳ họp, {d.who(chair, 'name')} đề nghị",
                   lambda: f"Bế mạc kỳ họp, {d.role_only_text('ct_hd', 'đồng chí ')} đề nghị")
    d.add(f"{closing} {d.org('ub')} chỉ đạo các sở, ngành tiếp thu đầy đủ ý kiến của đại biểu và cử tri; "
          f"{d.tasks(2)}.")
    return headline


def t_ubnd(d: Doc, sess: tuple) -> str:
    r, w = d.r, d.w
    date, month = sess
    d.session("ub", "Phiên họp", None, None, main=True)
    wtext, iso = d.when()
    d.main["date"] = iso
    ct = w.holder("ctub", date)
    headline = pick(r, lambda: f"{d.org('ub')} họp phiên thường kỳ tháng {month}/{date.year}",
                    lambda: f"Phiên họp thường kỳ tháng {month} của {d.org('ub')}",
                    lambda: f"{d.org('ub')} cho ý kiến nhiều nội dung quan trọng")
    count_stated = r.random() < 0.6
    lead = f"{wtext}, {d.who(ct, 'full')} chủ trì Phiên họp thường kỳ tháng {month} của {d.org('ub', province=True)}."
    d.main["chair"] = ct.person.name
    att = _attendees(d, ["pcttt", "pct1", "pct2", "cvpub"], r.randint(1, 3), {ct.person.name})
    paras = [lead]
    if r.random() < 0.5:
        paras.append(f"Phiên họp xem xét nhiều nội dung quan trọng trước khi trình {d.org('btv')} và {d.hd_ref(comma=False)}.")
    if att:
        paras.append(_attend_sentence(d, att, "phiên họp", "các đồng chí Ủy viên " + d.org("ub") +
                                      "; lãnh đạo các sở, ngành, địa phương có liên quan"))
    d.add(" ".join(paras))
    agenda, clause = _agenda(d, "ub", "Tại phiên họp, " + d.org("ub"), d.org("ub"), count_stated)
    d.add(agenda)
    d.add(r.choice(["Toàn cảnh phiên họp.", "Quang cảnh phiên họp."]) +
          (f" Ảnh: {r.choice(data()['names']['pen_given'])}" if r.random() < 0.5 else ""))
    speakers = _attendees(d, [f"gd:{s}" for s in w.sos] + [f"cth:{i}" for i in range(len(w.districts))],
                          r.randint(1, 3), {ct.person.name} | {h.person.name for h in att})
    for h in speakers:
        d.part(h)
        if r.random() < 0.5:
            d.add(f"{d.who(h, 'first')} cho biết {d.tasks(1)} là nhiệm vụ trọng tâm trong thời gian tới.")
        else:
            d.add(f"{cap(d.who(h, 'main', h.person.address + ' '))} đề nghị {d.tasks(1)}.")
    if r.random() < 0.5:
        d.add(f"Theo báo cáo, việc triển khai {d.cite(r.choice(['nqhd', 'qdub', 'national']))} đã đạt kết quả tích cực.")
    d.figures()
    ref = d.role_only_text("ct_ub", r.choice(["đồng chí ", "đồng chí "])) if r.random() < 0.5 else d.who(ct, "name")
    d.add(f"Kết luận phiên họp, {ref} đánh giá các cơ quan chủ trì soạn thảo đã chuẩn bị nội dung công phu. {clause}.")
    if r.random() < 0.5:
        d.add(f"{d.role_only_text('ct_ub', '')} cũng yêu cầu các sở, ngành, địa phương {d.tasks(2)}.")
    return headline


def t_giaoban(d: Doc, sess: tuple) -> str:
    r, w = d.r, d.w
    date, body = sess
    q = roman((date.month - 1) // 3 or 4)  # early in a quarter: the quarter just ended
    qy = date.year - (date.month <= 3)
    d.session(body, "Giao ban", None, None, main=True)
    wtext, iso = d.when()
    d.main["date"] = iso
    if body.startswith("ubh:"):
        i = int(body[4:])
        chair = w.holder(f"cth:{i}", date)
        period = f"tháng {date.month - 1 or 12}, triển khai nhiệm vụ tháng {date.month}"
        headline = f"{d.org(body)} giao ban công tác {period}"
        att_slots = [f"bth:{i}"]
    elif body == "btv":
        chair = w.holder("bt", date) if r.random() < 0.5 else w.holder("pbttt", date)
        period = f"quý {q} năm {qy}"
        headline = f"Giao ban công tác {period} của {d.org('btv')}"
        att_slots = ["pbttt", "tbtc", "tbtg", "tbnc", "cnubkt", "cvptu", "mttq", "bt"]
    else:
        chair = w.holder("ctub", date)
        period = f"tháng {date.month - 1 or 12} và triển khai nhiệm vụ tháng {date.month}/{date.year}"
        headline = f"{d.org('ub')} giao ban đánh giá tình hình {period}"
        att_slots = ["pcttt", "pct1", "pct2", "cvpub"]
    lead = (f"{wtext}, {d.org(body, province=True)} tổ chức hội nghị giao ban đánh giá tình hình thực hiện nhiệm vụ "
            f"{period}. {_chair_sentence(d, chair, 'hội nghị')}")
    att = _attendees(d, att_slots, r.randint(1, 3), {chair.person.name})
    paras = [lead]
    if att:
        paras.append(_attend_sentence(d, att, "hội nghị", "lãnh đạo các cơ quan, đơn vị liên quan"))
    d.add(" ".join(paras))
    d.figures()
    if r.random() < 0.6:
        agenda, clause = _agenda(d, body, "Tại hội nghị, các đại biểu", "Hội nghị", r.random() < 0.6)
        d.add(agenda)
        d.add(f"Kết luận hội nghị, {d.who(chair, 'name')} nêu rõ: {clause}.")
    speakers = _attendees(d, [f"gd:{s}" for s in w.sos] + [f"bth:{i}" for i in range(len(w.districts))],
                          r.randint(0, 2), {chair.person.name} | {h.person.name for h in att})
    for h in speakers:
        d.part(h)
        d.add(f"{cap(d.who(h, 'full', h.person.address + ' '))} phản ánh nhu cầu {d.tasks(1)}.")
    doc = f", bám sát {d.cite()}" if r.random() < 0.5 else ""
    d.add(f"Phát biểu chỉ đạo, {d.who(chair, 'name')} yêu cầu các cơ quan, đơn vị {d.tasks(2)}{doc}.")
    return headline


def t_congbo(d: Doc, sess: tuple) -> str:
    r, w = d.r, d.w
    date, ch = sess
    d.session("ub", "Hội nghị", None, None, main=True)
    wtext, iso = d.when()
    d.main["date"] = iso
    chair = w.holder(r.choice(["pct1", "pct2", "pcttt"]), date)
    headline = pick(r, lambda: f"{d.org('ub')} công bố, trao quyết định về công tác cán bộ",
                    lambda: f"Công bố quyết định bổ nhiệm Giám đốc {d.org(f'so:{ch.so}')}")
    lead = (f"{wtext}, {d.org('ub', province=True)} tổ chức hội nghị công bố, trao các quyết định về công tác cán bộ. "
            + _chair_sentence(d, chair, "hội nghị"))
    nv = next((s for s in w.sos if s == "Nội vụ"), None)
    att = _attendees(d, ["tbtc", "cvpub"] + ([f"gd:{nv}"] if nv else []), r.randint(1, 2), {chair.person.name})
    paras = [lead]
    if att:
        paras.append(_attend_sentence(d, att, "hội nghị", "đại diện lãnh đạo các sở, ngành liên quan"))
    d.add(" ".join(paras))
    y, yh, w_old = ch.elected, ch.new_post, ch.appointed
    if r.random() < 0.6 and y.person.name != chair.person.name:
        num, when_ = ch.decision[2], ch.decision[3]
        d._seen(y.person.name)
        py = y.person.address
        d._ttg()
        d.orgs["Chính phủ"] = None
        d._doc("Quyết định", f"{num}/QĐ-TTg", "Chính phủ", when_.isoformat())
        sdate, n = ch.session
        d.session("hd", "Kỳ họp", n, w.hd_term)
        d.event("bầu bổ sung", yh, "pct_ub")
        d.event("phê chuẩn", yh, "pct_ub")  # the Prime Minister's approval is an event of its own
        d.add(f"Mở đầu hội nghị, đại diện lãnh đạo {d.org('so:Nội vụ') if nv else d.org('vpub')} đã công bố Quyết định số "
              f"{num}/QĐ-TTg ngày {dmy(when_)} của Thủ tướng Chính phủ phê chuẩn kết quả bầu bổ sung "
              f"{d.title('pct_ub', y.person.name, province=True)} nhiệm kỳ 2021-2026 đối với {py} {y.person.name}. "
              f"Trước đó, tại Kỳ họp thứ {n}, {d.org('hd')} khóa {w.hd_term}, {py} {y.person.name}, "
              f"{', '.join(('nguyên ' if p.startswith('gd:') else '') + d.title(p, y.person.name) for p in y.chain)} "
              f"đã được {d.org('hd')} bầu bổ sung giữ chức {d.title('pct_ub', y.person.name)}.")
    num, dec_date = ch.decision[0], ch.decision[1]
    d._doc("Quyết định", f"{num}/QĐ-UBND", w.orgs["ub"][0], dec_date.isoformat())
    d._seen(w_old.person.name)
    pw = w_old.person.address
    d.event("bổ nhiệm", ch.appointed_new, f"gd:{ch.so}")
    d.add(f"Tại hội nghị, lãnh đạo {d.org('vpub')} đã công bố Quyết định số {num}/QĐ-UBND ngày {dmy(dec_date)} của "
          f"{d.org('ub')} về việc bổ nhiệm {pw} {w_old.person.name}, {d.title(w_old.main, w_old.person.name)}, giữ "
          f"chức {d.title(f'gd:{ch.so}', w_old.person.name)}. Thời hạn giữ chức vụ là 5 năm, kể từ ngày quyết định "
          f"có hiệu lực.")
    d.add(f"{d.who(chair, 'first')} trao quyết định và tặng hoa chúc mừng {pw} {w_old.person.name}. Ảnh: "
          f"{r.choice(data()['names']['pen_given'])}")
    d.part(chair)
    if r.random() < 0.8:
        d.part(w_old)
        d.add(f"Phát biểu nhận nhiệm vụ, {d.who(w_old, 'name', pw + ' ')} cảm ơn sự tin tưởng của "
              f"{d.org('btv')}, {d.org('ub')} và hứa sẽ cùng tập thể {d.org(f'so:{ch.so}')} {d.tasks(1)}.")
    doc = f", thực hiện nghiêm {d.cite(r.choice(['national', 'tu']))}" if r.random() < 0.5 else ""
    d.add(f"Phát biểu giao nhiệm vụ, {d.who(chair, 'name')} đề nghị cán bộ được bổ nhiệm phát huy năng lực, "
          f"kinh nghiệm, {d.tasks(1)}{doc}.")
    return headline


TEMPLATES = {
    "bch": lambda d, s: t_party(d, s, "bch"),
    "btv": lambda d, s: t_party(d, s, "btv"),
    "hd": t_hdnd,
    "ub": t_ubnd,
    "gb": t_giaoban,
    "cb": t_congbo,
}


# --------------------------------------------------------------------------------------------
# checks (those ../shared/gold/README.md describes)
# --------------------------------------------------------------------------------------------
EVENT_KINDS = {"bầu", "bầu bổ sung", "miễn nhiệm", "bổ nhiệm", "điều động", "chỉ định", "nghỉ hưu", "phê chuẩn"}
SESSION_KINDS = {"Hội nghị", "Kỳ họp", "Phiên họp", "Giao ban", "Đại hội"}
_ROMAN = re.compile(r"^[IVXLC]+$")


def check_gold(text: str, gold: dict) -> list[str]:
    """What is wrong with an article's gold: quotes that are not in the text, strings that are
    not NFC, organisations used but not listed, participants out of order. [] when all is well."""
    errs: list[str] = []

    def quoted(what: str, value: str | None) -> None:
        if value is not None and value not in text:
            errs.append(f"{what} not in the text: {value!r}")

    def nfc(value) -> None:
        if isinstance(value, str) and unicodedata.normalize("NFC", value) != value:
            errs.append(f"not NFC: {value!r}")
        elif isinstance(value, dict):
            for v in value.values():
                nfc(v)
        elif isinstance(value, list):
            for v in value:
                nfc(v)

    nfc(gold)
    orgs = set(gold["organizations"])
    used = []
    for p in gold["persons"]:
        quoted("person", p["name"])
        for pos in p["positions"]:
            quoted("as_written", pos["as_written"])
            used.append(pos["org"])
    for s in gold["sessions"]:
        if s["kind"] not in SESSION_KINDS:
            errs.append(f"session kind {s['kind']!r}")
        if s["term"] is not None and not _ROMAN.match(s["term"]):
            errs.append(f"term {s['term']!r}")
        if s["ordinal"] is not None and not isinstance(s["ordinal"], int):
            errs.append(f"ordinal {s['ordinal']!r}")
        if s["date"] is not None:
            dt.date.fromisoformat(s["date"])
        quoted("chair", s["chair"])
        for n in s["participants"]:
            quoted("participant", n)
        if s["chair"] in s["participants"]:
            errs.append(f"chair {s['chair']!r} among the participants")
        firsts = [text.find(n) for n in s["participants"]]
        if firsts != sorted(firsts):
            errs.append(f"participants not in the order of first mention: {s['participants']}")
        if set(s["items_approved"]) & set(s["items_discussed"]):
            errs.append("an item is both approved and discussed")
        if s["body"]:
            used.append(s["body"])
    for doc in gold["documents"]:
        quoted("document number", doc["number"])
        if doc["issuer"]:
            used.append(doc["issuer"])
    for ro in gold["role_only_mentions"]:
        quoted("role-only", ro["as_written"])
        used.append(ro["org"])
    names = {p["name"] for p in gold["persons"]}
    for e in gold.get("events", []):
        if e["kind"] not in EVENT_KINDS:
            errs.append(f"event kind {e['kind']!r}")
        if e["person"] not in names:
            errs.append(f"event person not a person: {e['person']!r}")
        quoted("event result", e["result"])
        used.append(e["org"])
    errs += [f"organisation used but not listed: {o!r}" for o in used if o not in orgs]
    if gold["published"] is not None:
        dt.date.fromisoformat(gold["published"])
    return errs


# --------------------------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------------------------
@dataclass
class Article:
    id: str
    text: str
    gold: dict


class Generator:
    def __init__(self, seed: int = 1):
        self.seed = seed
        self.worlds: dict[str, World] = {}

    def world(self, province: str) -> World:
        if province not in self.worlds:
            self.worlds[province] = World(province, self.seed)
        return self.worlds[province]

    def article(self, k: int) -> Article:
        r = random.Random(f"{self.seed}/article/{k}")
        province = r.choice(data()["provinces"])
        w = self.world(province)
        kinds = list(KINDS)
        kind = r.choices(kinds, [KINDS[x] for x in kinds])[0]
        if kind == "cb" and not w.schedule["cb"]:
            kind = "ub"
        sess = r.choice(w.schedule[kind])
        doc_id = f"syn{self.seed}_{k:06d}_{kind}_{ascii_slug(province)}"
        d = Doc(w, r, doc_id, sess[0])
        headline = TEMPLATES[kind](d, sess)
        text, gold = d.finish(headline)
        return Article(doc_id, text, gold)


def iter_articles(count: int, seed: int = 1, start: int = 0) -> Iterator[Article]:
    """Articles start … start+count-1 of the corpus of this seed, one at a time."""
    g = Generator(seed)
    for k in range(start, start + count):
        yield g.article(k)


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def write_corpus(out: Path, count: int, seed: int = 1, fmt: str = "txt", start: int = 0) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    if fmt == "txt":
        (out / "articles").mkdir(exist_ok=True)
        (out / "gold").mkdir(exist_ok=True)
        for a in iter_articles(count, seed, start):
            (out / "articles" / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
            (out / "gold" / f"{a.id}.json").write_text(_dump(a.gold) + "\n", encoding="utf-8")
            n += 1
        return n
    with (out / "articles.jsonl").open("w", encoding="utf-8") as fa, (out / "gold.jsonl").open("w", encoding="utf-8") as fg:
        for a in iter_articles(count, seed, start):
            fa.write(json.dumps({"id": a.id, "text": a.text}, ensure_ascii=False) + "\n")
            fg.write(json.dumps(a.gold, ensure_ascii=False) + "\n")
            n += 1
    return n


def evaluate_in_chunks(count: int, seed: int = 1, start: int = 0, chunk: int = 20, progress=None):
    """`kg eval` of articles start … start+count-1, `chunk` articles at a time, counts summed.

    kg.evaluate builds every document into one in-memory store and derives careers over all of
    them, which grows faster than the corpus; the scores compare per-document facts, which do not
    depend on the other documents, so scoring in chunks gives the same counts in far less time."""
    import tempfile
    import warnings

    from kg.evaluate import KINDS, EvalResult, Score, evaluate

    warnings.simplefilter("ignore", DeprecationWarning)
    total = {k: Score() for k in KINDS}
    done = 0
    for first in range(start, start + count, chunk):
        n = min(chunk, start + count - first)
        with tempfile.TemporaryDirectory(prefix="kg-syn-") as tmp:
            write_corpus(Path(tmp), n, seed, "txt", first)
            result = evaluate([Path(tmp) / "articles"], Path(tmp) / "gold")
        for k, sc in result.scores.items():
            t = total[k]
            t.tp, t.fp, t.fn = t.tp + sc.tp, t.fp + sc.fp, t.fn + sc.fn
            t.missed += sc.missed
            t.spurious += sc.spurious
        done += result.documents
        if progress:
            progress(done)
    return EvalResult(total, done)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True, help="number of articles")
    ap.add_argument("--out", type=Path, help="output folder (needed unless --eval)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="index of the first article (a slice of a bigger corpus)")
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    ap.add_argument("--check", action="store_true", help="check every gold against its article (quotes, NFC, orgs)")
    ap.add_argument("--eval", type=int, metavar="CHUNK", nargs="?", const=20,
                    help="instead of writing a corpus, score kg on these articles (kg eval, CHUNK articles at a time)")
    ap.add_argument("--misses", action="store_true", help="with --eval: list the missed and spurious facts")
    args = ap.parse_args(argv)
    if args.eval:
        t0 = time.perf_counter()
        res = evaluate_in_chunks(args.count, args.seed, args.start, args.eval,
                                 lambda n: print(f"{n} scored, {time.perf_counter() - t0:.0f} s", file=sys.stderr))
        print(res.table())
        if args.misses:
            print(res.misses())
        print(f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
        return 0
    if args.check:
        bad = 0
        for a in iter_articles(args.count, args.seed, args.start):
            for e in check_gold(a.text, a.gold):
                bad += 1
                print(f"{a.id}: {e}", file=sys.stderr)
        if bad:
            return 1
    if args.out is None:
        if args.check:
            return 0
        ap.error("--out is required (unless --eval or --check)")
    t0 = time.perf_counter()
    n = write_corpus(args.out, args.count, args.seed, args.format, args.start)
    secs = time.perf_counter() - t0
    print(f"{n} articles with gold in {args.out} ({args.format}) in {secs:.1f} s, {n / max(secs, 1e-9):.0f} articles/s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
