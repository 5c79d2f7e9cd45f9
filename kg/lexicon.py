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
from .resources import lexicon_dir

UPPER = "".join(
    c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and unicodedata.name(c, "").startswith("LATIN")
)
CAP_WORD = f"[{UPPER}][^\\W\\d_]*(?:'[^\\W\\d_]+)?"
PLACEHOLDER = re.compile(r"\{(P\?|P|N\?|N|UU|U|X|H|S|B|M|BO)\}")
_WORD_START = re.compile(r"[^\W_]+")
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


@dataclass(frozen=True)
class BodyEntry:
    id: str
    name: str
    kind: str
    level: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class RoleEntry:
    id: str
    label: str
    heads: tuple[str, ...]
    org: str | None


def _norm(s: str) -> str:
    from .text import normalize_tones  # local: text imports lexicon

    return normalize_tones(unicodedata.normalize("NFC", s))


def _literal(words: str) -> str:
    return " +".join(re.escape(w) for w in words.split())


def _alt(items: list[str]) -> str:
    return "|".join(_literal(i) for i in sorted(items, key=len, reverse=True))


class Lexicon:
    def __init__(self, directory: Path):
        self.dir = directory
        places = self._load("places.yaml")
        self.provinces = [_norm(p) for p in places["provinces"]]
        self.sites = {k: _norm(v) for k, v in places["sites"].items()}
        names = self._load("surnames.yaml")
        self.surnames = {_norm(s) for s in names["surnames"]}
        self.not_name_words = {_norm(s) for s in names["not_name_words"]}
        self.also_given_names = {_norm(s) for s in names.get("also_given_names", [])}
        self.also_given_names_not_before = self._compile(
            "surnames.yaml", "also_given_names_not_before", names.get("also_given_names_not_before", r"(?!)"))
        self.name_prefixes = tuple(_norm(s) for s in names.get("name_prefixes", []))
        self.triggers = self._load("triggers.yaml")
        self.boilerplate = [self._compile("triggers.yaml", p, p) for p in self.triggers["boilerplate"]]
        self._load_bodies()
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

    def _load_bodies(self) -> None:
        data = self._load("bodies.yaml")
        units = {k: [_norm(u) for u in v] for k, v in data["units"].items()}
        self.body_units = units
        self.bodies: dict[str, BodyEntry] = {}
        alternatives: list[tuple[int, str, tuple[str, ...] | None]] = []
        for i, e in enumerate(data["bodies"]):
            for key in ("id", "name", "kind", "level", "patterns"):
                if key not in e:
                    raise LexiconError(str(self.dir / "bodies.yaml"), str(e.get("id", i)), f"missing {key!r}")
            self.bodies[e["id"]] = BodyEntry(e["id"], _norm(e["name"]), e["kind"], e["level"],
                                             _norm(e["parent"]) if e.get("parent") else None,
                                             tuple(_norm(a) for a in e.get("aliases", [])))
            for j, pat in enumerate(e["patterns"]):
                rx = self._body_regex(_norm(pat), f"b{i}_{j}", units)
                alternatives.append((len(pat), f"(?P<b{i}_{j}>{rx})", self._first_chars(_norm(pat), units)))
        self._body_ids = {f"b{i}_{j}": e["id"] for i, e in enumerate(data["bodies"]) for j in range(len(e["patterns"]))}
        alternatives.sort(key=lambda a: -a[0])
        self._body_pattern = "(?<![^\\W_])(?:" + "|".join(a for _, a, _ in alternatives) + ")(?![^\\W_])"
        # find_bodies: at a word start only the alternatives whose first character can match it are
        # tried (same alternatives, same order, so the same matches as body_rx.finditer).
        self._body_alts = [(a, None if firsts is None else re.compile("|".join(map(re.escape, firsts)), re.IGNORECASE))
                           for _, a, firsts in alternatives]
        self._body_by_char: dict[str, re.Pattern | None] = {}
        self._body_by_alts: dict[tuple[int, ...], re.Pattern] = {}
        # each pattern's placeholder groups, in the order they open (the order of body_rx's groups)
        self._body_slots = {tag: tuple((k[len(tag) + 1:], k) for k in re.findall(rf"\(\?P<({tag}_\w+)>", a))
                            for _, a, _ in alternatives for tag in re.findall(r"^\(\?P<(b\d+_\d+)>", a)}
        self._provinces = WordStartPattern("(?<![^\\W_])(?:" + _alt(self.provinces) + ")(?![^\\W_])")
        self.province_rx = self._provinces.rx

    @staticmethod
    def _first_chars(pattern: str, units: dict[str, list[str]]) -> tuple[str, ...] | None:
        """The characters a match of a body pattern can start with (None: any)."""
        m = PLACEHOLDER.match(pattern)
        if m:
            values = units.get(m.group(1))
            if not values or not all(v[:1].isalnum() for v in values):
                return None
            return tuple(sorted({v[0] for v in values}))
        return (pattern[0],) if pattern[:1].isalnum() else None

    def _body_regex(self, pattern: str, tag: str, units: dict[str, list[str]]) -> str:
        def segment(text: str) -> str:
            if not text:
                return ""
            if not text.strip():
                return " +"
            return (" +" if text[0] == " " else "") + _literal(text) + (" +" if text[-1] == " " else "")

        out, pos = [], 0
        for m in PLACEHOLDER.finditer(pattern):
            out.append(segment(pattern[pos:m.start()]))
            key = m.group(1)
            if key == "P?":
                out.append(f"(?:(?: +tỉnh)? +(?-i:(?P<{tag}_P>{_alt(self.provinces)})))?")
            elif key == "P":
                out.append(f" *(?-i:(?P<{tag}_P>{_alt(self.provinces)}))")
            elif key == "N":
                out.append(f"(?-i:(?P<{tag}_N>{CAP_WORD}(?: +{CAP_WORD}){{0,2}}))")
            elif key == "N?":
                out.append(f"(?: +(?-i:(?P<{tag}_N>{CAP_WORD}(?: +{CAP_WORD}){{0,2}})))?")
            else:
                out.append(f"(?P<{tag}_{key}>{_alt(units[key])})")
            pos = m.end()
        out.append(segment(pattern[pos:]))
        return "".join(out)

    def _load_roles(self) -> None:
        data = self._load("roles.yaml")
        self.roles: dict[str, RoleEntry] = {}
        alternatives = []
        for i, e in enumerate(data["roles"]):
            if not all(k in e for k in ("id", "label", "surfaces")):
                raise LexiconError(str(self.dir / "roles.yaml"), str(e.get("id", i)), "needs id, label, surfaces")
            self.roles[e["id"]] = RoleEntry(e["id"], _norm(e["label"]), tuple(_norm(h) for h in e.get("heads", [])),
                                            _norm(e["org"]) if e.get("org") else None)
            for s in e["surfaces"]:
                alternatives.append((_norm(s), e["id"]))
        self.role_surfaces = alternatives
        by_surface: dict[str, list[str]] = {}
        for s, rid in alternatives:
            by_surface.setdefault(s.lower(), []).append(rid)
        self.roles_by_surface = by_surface
        surfaces = sorted({s for s, _ in alternatives}, key=len, reverse=True)
        self.role_rx = re.compile("(?<![^\\W_])(?:" + "|".join(re.escape(s).replace("\\ ", " +") for s in surfaces)
                                  + ")(?![^\\W_])", re.IGNORECASE)
        self.compounds = [(_norm(c["surface"]), _norm(c["role"]), c["body"], c["id"]) for c in data.get("compounds", [])]
        for c in self.compounds:
            if c[2] not in self.bodies:
                raise LexiconError(str(self.dir / "roles.yaml"), c[3], f"unknown body id {c[2]!r}")
        self.former = [_norm(w) for w in data.get("former", [])]
        self.single_holder = frozenset(_norm(r) for r in data.get("single_holder", []))

    @functools.cached_property
    def body_rx(self) -> re.Pattern:
        """Every body pattern in one regex (made when first asked: find_bodies does not need it)."""
        return self._compile("bodies.yaml", "*", self._body_pattern, re.IGNORECASE)

    # -- lookups --------------------------------------------------------------------------
    def find_bodies(self, text: str) -> Iterator[re.Match]:
        """The matches of body_rx.finditer(text), found faster: body_rx only matches at a word
        start, and there only the alternatives that can start with its character are tried."""
        by_char, end = self._body_by_char, 0
        for w in _WORD_START.finditer(text):
            pos = w.start()
            if pos < end:
                continue
            ch = text[pos]
            rx = by_char.get(ch, _MISSING)
            if rx is _MISSING:
                rx = by_char[ch] = self._body_rx_for(ch)
            if rx is not None:
                m = rx.match(text, pos)
                if m:
                    end = m.end()
                    yield m

    def _body_rx_for(self, ch: str) -> re.Pattern | None:
        keep = tuple(k for k, (_, first) in enumerate(self._body_alts) if first is None or first.fullmatch(ch))
        if not keep:
            return None
        rx = self._body_by_alts.get(keep)
        if rx is None:
            big = "(?<![^\\W_])(?:" + "|".join(self._body_alts[k][0] for k in keep) + ")(?![^\\W_])"
            rx = self._body_by_alts[keep] = self._compile("bodies.yaml", "*", big, re.IGNORECASE)
        return rx

    def find_provinces(self, text: str) -> Iterator[re.Match]:
        """The matches of province_rx.finditer(text), found faster."""
        return self._provinces.finditer(text) if self.provinces else self.province_rx.finditer(text)

    def body_match(self, m: re.Match) -> tuple[BodyEntry, str, dict[str, str]]:
        """Which entry a body_rx match came from, its pattern tag and its placeholder values."""
        tag = m.lastgroup  # the alternative's own group encloses its slots, so it closes last
        if tag in self._body_ids:
            values = {k: v for k, name in self._body_slots[tag] if (v := m.group(name))}
            return self.bodies[self._body_ids[tag]], tag, values
        tag = next(k for k, v in m.groupdict().items() if v is not None and k in self._body_ids)
        values = {k[len(tag) + 1:]: v for k, v in m.groupdict().items() if k.startswith(tag + "_") and v}
        return self.bodies[self._body_ids[tag]], tag, values

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
    lex.body_rx  # the body patterns compile
    print(f"{len(lex.bodies)} bodies, {len(lex.roles)} roles, {len(lex.provinces)} provinces: ok")
