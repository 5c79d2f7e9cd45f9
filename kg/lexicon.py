"""Loads and checks the lexicons (kg/lexicons/*.yaml) and compiles them into matchers.

Vocabulary is data: titles, bodies, places, trigger words. This module turns each entry into
a regular expression that remembers which entry matched (its id travels with every match).
"""
from __future__ import annotations

import functools
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from .errors import LexiconError
from .gazetteer import load_cached as load_gazetteer
from .resources import lexicon_dir

UPPER = "".join(
    c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and unicodedata.name(c, "").startswith("LATIN")
)
CAP_WORD = f"[{UPPER}][^\\W\\d_]*(?:'[^\\W\\d_]+)?"
LOWER = "".join(c.lower() for c in UPPER if c.lower() != c and c.lower().upper() == c)
LOWER_WORD = f"[{LOWER}][^\\W\\d_]*"
_WORD_START = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_MISSING = object()


_NOT_AFTER_WORD = "(?<![^\\W_])"


class WordStartPattern:
    """A pattern that opens with ``(?<![^\\W_])`` (not inside a word), with a faster finditer.

    The look-behind at the front stops the regex engine from skipping ahead to where the
    pattern's first characters occur, so the rest of the pattern is searched alone and the
    whole one is tried where it is found: the same matches, in the same order, as
    ``rx.finditer`` (for a pattern that cannot match the empty string).
    """

    def __init__(self, pattern: str, flags: int = 0):
        if not pattern.startswith(_NOT_AFTER_WORD):
            raise ValueError(f"pattern does not open with {_NOT_AFTER_WORD}: {pattern[:40]!r}")
        self.rx = re.compile(pattern, flags)
        self._rest = re.compile(pattern[len(_NOT_AFTER_WORD):], flags)

    def finditer(self, text: str) -> Iterator[re.Match]:
        rest, whole, pos = self._rest.search, self.rx.match, 0
        while c := rest(text, pos):
            if m := whole(text, c.start()):
                yield m
                pos = m.end() if m.end() > m.start() else m.start() + 1
            else:
                pos = c.start() + 1


class FirstWordPattern:
    """Whole-word alternatives found by their first word: the text's words are looked up in the
    set of the alternatives' first words (case-folded when the pattern ignores case) and the
    pattern is tried only there. The same matches as a regex finditer over word starts, found
    without trying every alternative at every position."""

    def __init__(self, surfaces, flags: int = 0, capitalised: bool = False):
        fold = (lambda w: w.casefold()) if flags & re.IGNORECASE else (lambda w: w)
        self.fold, self.capitalised, self.folded = fold, capitalised, bool(flags & re.IGNORECASE)
        self.first = {fold(s.split()[0]) for s in surfaces}
        self.rx = _words_rx(surfaces, flags)

    def finditer(self, text: str) -> Iterator[re.Match]:
        starts, raw, folded = _tokens(text)
        keys, first, end, match = folded if self.folded else raw, self.first, 0, self.rx.match
        for k in [k for k, w in enumerate(keys) if w in first]:
            s = starts[k]
            if s < end or self.capitalised and not raw[k][0].isupper() or s and text[s - 1].isalnum():
                continue
            if m := match(text, s):
                end = m.end()
                yield m


_TOKEN_CACHE: dict[str, tuple[list[int], list[str], list[str]]] = {}


def _tokens(text: str) -> tuple[list[int], list[str], list[str]]:
    """The words of a text (their starts, as written, case-folded), made once for the few texts
    in hand: every FirstWordPattern reads the same document."""
    if (t := _TOKEN_CACHE.get(text)) is None:
        ws = list(_WORD_START.finditer(text))
        raw = [w.group(0) for w in ws]
        t = ([w.start() for w in ws], raw, [r.casefold() for r in raw])
        if len(_TOKEN_CACHE) >= 4:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[text] = t
    return t


@dataclass(frozen=True)
class HeadSpec:
    """An organisation head (kg/lexicons/orgs.yaml `heads`)."""

    id: str
    canonical: str
    kind: str
    level: str
    name: str = "none"  # none | open | number | open-or-parent (a parent may stand for the name)
    place: str = "none"  # none | any | province | bare | district-bare | commune
    default: str = "none"  # province | district | commune | city | none
    parent: str = "none"  # none | required | optional
    comma_parent: bool = False
    role_word: str | None = None
    default_parent: str | None = None  # party | by-name
    unit: str | None = None  # the unit word of a district-level committee (Huyện ủy → huyện)


@dataclass(frozen=True)
class FixedSpec:
    """A body with one fixed name (kg/lexicons/orgs.yaml `fixed`)."""

    id: str
    canonical: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    head: str | None = None  # the head whose roles it takes (Ban Tổ chức Trung ương: ban)


@dataclass(frozen=True)
class RoleSpec:
    id: str
    label: str
    deputy: bool = False
    standing: bool = False
    alternate: bool = False
    heads: tuple[str, ...] = ()
    label_from_head: bool = False
    org: str | None = None


def _norm(s: str) -> str:
    from .text import normalize_tones  # local: text imports lexicon

    return normalize_tones(unicodedata.normalize("NFC", s))


def _literal(words: str) -> str:
    return " +".join(re.escape(w) for w in words.split())


def _alt(items) -> str:
    return "|".join(_literal(i) for i in sorted(set(items), key=len, reverse=True))


def _words_rx(items, flags: int = 0) -> re.Pattern:
    """Whole-word alternatives, longest first, matched at a position (rx.match(text, i))."""
    return re.compile("(?:" + _alt(items) + ")(?![^\\W_])", flags)


class Lexicon:
    def __init__(self, directory: Path):
        self.dir = directory
        names = self._load("surnames.yaml")
        self.surnames = {_norm(s) for s in names["surnames"]}
        self.surnames_upper = {s.upper() for s in self.surnames}
        self.not_name_words = {_norm(s) for s in names["not_name_words"]}
        self.also_given_names = {_norm(s) for s in names.get("also_given_names", [])}
        self.also_given_names_not_before = self._compile(
            "surnames.yaml", "also_given_names_not_before", names.get("also_given_names_not_before", r"(?!)"))
        self.name_prefixes = tuple(_norm(s) for s in names.get("name_prefixes", []))
        self.name_prefix_words = tuple(p.strip() for p in self.name_prefixes)
        self.ranks = [_norm(s) for s in names.get("ranks", [])]
        self.triggers = self._load("triggers.yaml")
        self.boilerplate = [self._compile("triggers.yaml", p, p) for p in self.triggers["boilerplate"]]
        self._load_places()
        self._load_orgs()
        self._load_roles()

    # -- loading ------------------------------------------------------------------------
    def _load(self, name: str) -> dict:
        path = self.dir / name
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise LexiconError(str(path), "-", f"cannot load: {err}") from None
        if not isinstance(data, dict):
            raise LexiconError(str(path), "-", "top level must be a mapping")
        return data

    def _compile(self, file: str, entry: str, pattern: str, flags: int = 0) -> re.Pattern:
        try:
            return re.compile(pattern, flags)
        except re.error as err:
            raise LexiconError(str(self.dir / file), entry, f"bad pattern: {err}") from None

    def _load_places(self) -> None:
        data = self._load("places.yaml")
        aliases = {_norm(k): tuple(_norm(a) for a in v) for k, v in (data.get("aliases") or {}).items()}
        extra = {_norm(k): (v["unit"], _norm(v["became"])) for k, v in (data.get("extra_provinces") or {}).items()}
        self.gazetteer = load_gazetteer(tuple(sorted(aliases.items())), tuple(sorted(extra.items())))
        self.provinces = self.gazetteer.province_names()
        self.sites = {k: _norm(v) for k, v in data["sites"].items()}
        self.unit_words = {_norm(k): v for k, v in data["units"].items()}
        self._provinces = WordStartPattern("(?<![^\\W_])(?:" + _alt(self.provinces) + ")(?![^\\W_])")
        self.province_rx = self._provinces.rx
        self.province_at = _words_rx(self.provinces)  # case-sensitive: names are capitalised
        units = sorted(self.unit_words, key=len, reverse=True)
        self.unit_at = re.compile("(?:" + "|".join(re.escape(u).replace("\\ ", " +") + ("" if u.endswith(".") else "(?![^\\W_])")
                                                   for u in units) + ")", re.IGNORECASE)

    def _load_orgs(self) -> None:
        data, file = self._load("orgs.yaml"), "orgs.yaml"
        self.heads: dict[str, HeadSpec] = {}
        self.head_of_surface: dict[str, str] = {}
        ci, cs = [], []
        for e in data["heads"]:
            if not all(k in e for k in ("id", "surfaces", "canonical", "kind", "level")):
                raise LexiconError(str(self.dir / file), str(e.get("id", "?")), "needs id, surfaces, canonical, kind, level")
            fields = {k: (_norm(v) if isinstance(v, str) else v) for k, v in e.items() if k not in ("surfaces",)}
            self.heads[e["id"]] = HeadSpec(**fields)
            for s in map(_norm, e["surfaces"]):
                self.head_of_surface.setdefault(s.lower(), e["id"])
                # a one-word head (Sở, Ban, Cục …) must be written with its capital: "ban hành" is a verb
                (cs if len(s.split()) == 1 and not s.isupper() else ci).append(s)
        # the written-out form of an abbreviated head (UBND → Ủy ban nhân dân): an organisation's other name
        self.head_surfaces = {h: tuple(ss) for h, ss in self._surfaces_by_head(data["heads"]).items()}
        self.head_long_form = {h: max(ss, key=len) for h, ss in self._surfaces_by_head(data["heads"]).items()
                               if max(ss, key=len) != self.heads[h].canonical
                               and any(w.isupper() and len(w) > 2 for w in self.heads[h].canonical.split())}
        self.head_ci = _words_rx(ci, re.IGNORECASE)
        self.head_cs = _words_rx(cs)
        self.fixed: dict[str, FixedSpec] = {}
        self.fixed_of_surface: dict[str, str] = {}
        for e in data["fixed"]:  # 'Trung ương' is also written TW, TƯ, T.Ư ('Ban Kinh tế T.Ư')
            e["surfaces"] = list(dict.fromkeys(e["surfaces"] + [
                s.replace("Trung ương Đảng", v).replace("Trung ương", v) for s in e["surfaces"] if "Trung ương" in s
                for v in ("TW", "TƯ", "T.Ư") if s not in ("Trung ương", "Trung ương Đảng")]))
            # (not 'TƯ' alone: matched without case it is the 'Tư' of 'Phó Tư lệnh', 'đầu tư')
        for e in data["fixed"]:
            self.fixed[e["id"]] = FixedSpec(e["id"], _norm(e["canonical"]), e["kind"],
                                            _norm(e["parent"]) if e.get("parent") else None,
                                            tuple(_norm(a) for a in e.get("aliases", [])), e.get("head"))
            for s in map(_norm, e["surfaces"]):
                self.fixed_of_surface[s.lower()] = e["id"]
        self.fixed_at = _words_rx(self.fixed_of_surface and [s for e in data["fixed"] for s in map(_norm, e["surfaces"])],
                                  re.IGNORECASE)
        self.fixed_by_name = {f.canonical: f for f in self.fixed.values()}
        self.ban_parents = {_norm(n).lower(): kind for kind, names in data["ban_parents"].items() for n in names}
        self.name_abbreviations = {_norm(k): _norm(v) for k, v in data["name_abbreviations"].items()}
        self.name_abbreviation_at = _words_rx(self.name_abbreviations)
        self.name_stop_at = _words_rx([_norm(w) for w in data["name_stops"]])
        self.name_word_at = _words_rx([_norm(w) for w in data.get("name_words", [])])
        self.max_lower_run = int(data.get("max_lower_run", 4))
        # every head and fixed body, for "does an organisation start here" (any case)
        self.any_org_at = _words_rx(list(self.head_of_surface) + list(self.fixed_of_surface), re.IGNORECASE)
        # where find_orgs looks: a capitalised word that opens a head or a fixed body as written
        surfaces = [x for e in data["heads"] for x in map(_norm, e["surfaces"])] + \
            [x for e in data["fixed"] for x in map(_norm, e["surfaces"])]
        self.org_start = FirstWordPattern(surfaces, re.IGNORECASE, capitalised=True)

    @staticmethod
    def _surfaces_by_head(heads: list[dict]) -> dict[str, list[str]]:
        return {e["id"]: [_norm(x) for x in e["surfaces"]] for e in heads}

    def _load_roles(self) -> None:
        data, file = self._load("roles.yaml"), "roles.yaml"
        self.roles: dict[str, RoleSpec] = {}
        self.roles_of_surface: dict[str, list[str]] = {}
        for e in data["roles"]:
            if not all(k in e for k in ("id", "label", "surfaces")):
                raise LexiconError(str(self.dir / file), str(e.get("id", "?")), "needs id, label, surfaces")
            for h in e.get("heads", []):
                if h not in self.heads and h not in self.fixed:
                    raise LexiconError(str(self.dir / file), e["id"], f"unknown head {h!r}")
            self.roles[e["id"]] = RoleSpec(e["id"], _norm(e["label"]), e.get("deputy", False), e.get("standing", False),
                                           e.get("alternate", False), tuple(e.get("heads", [])),
                                           e.get("label_from_head", False), _norm(e["org"]) if e.get("org") else None)
            for s in map(_norm, e["surfaces"]):
                self.roles_of_surface.setdefault(s.lower(), []).append(e["id"])
        self.role_at = _words_rx(list(self.roles_of_surface), re.IGNORECASE)
        self.compounds = {_norm(c["surface"]).lower(): (_norm(c["role"]), _norm(c["org"]), c["id"])
                          for c in data.get("compounds", [])}
        self.compound_at = _words_rx(list(self.compounds), re.IGNORECASE)
        self.former = [_norm(w) for w in data.get("former", [])]
        self.former_at = re.compile("(?:" + _alt(self.former) + ") +", re.IGNORECASE)
        self.qualifier_at = re.compile("(?:" + "|".join(_norm(q) for q in data.get("qualifiers", [])) + ")(?![^\\W_])",
                                       re.IGNORECASE)
        conns = sorted({_norm(c) for c in data.get("connectors", [])}, key=len, reverse=True)
        self.connector_at = re.compile("|".join(re.escape(c) for c in conns))
        self.single_holder = frozenset(_norm(r) for r in data.get("single_holder", []))
        self.countries = {_norm(c) for c in data.get("countries", [])}
        # a country, not the first word of a name ("Ban Pháp chế"): no lower-case word after it
        self.country_at = re.compile("(?:" + _alt(self.countries) + f")(?![^\\W_])(?! [{LOWER}])")
        # any role word, compound or head at a word start: where a name stops
        self.title_word_at = _words_rx(list(self.roles_of_surface) + list(self.compounds), re.IGNORECASE)
        # where a title may start: a role, a compound, 'nguyên'/'cựu', 'Phó', 'tân'
        starts = list(self.roles_of_surface) + list(self.compounds) + self.former + ["phó", "tân"]
        self.title_start = FirstWordPattern(starts, re.IGNORECASE)

    # -- lookups --------------------------------------------------------------------------
    def find_provinces(self, text: str) -> Iterator[re.Match]:
        """Every province name or alias in the text, as whole words."""
        return self._provinces.finditer(text)

    def find_site(self, text: str) -> str | None:
        if ".vn" not in text:
            return None  # every site the pattern below finds ends in .vn
        for site in re.findall(r"(?<![\w.])((?:[a-z0-9-]+\.)+(?:gov\.vn|vn))(?![\w.])", text):
            if site in self.sites:
                return site
        return None

    def is_surname(self, word: str) -> bool:
        return word in self.surnames


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    return Lexicon(Path(directory) if directory else lexicon_dir())


if __name__ == "__main__":  # python -m kg.lexicon: check the lexicons load
    lex = load_lexicon(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"{len(lex.heads)} organisation heads, {len(lex.fixed)} fixed bodies, {len(lex.roles)} roles, "
          f"{len(lex.gazetteer.provinces)} provinces, {len(lex.gazetteer.units)} unit names: ok")
