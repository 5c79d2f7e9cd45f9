"""The lexicons are YAML flow mappings: an unquoted comma inside a value ('Ban Chính sách,
chiến lược Trung ương') silently cuts the value and adds a key with no value. None may hide."""
from pathlib import Path

import yaml

LEXICONS = Path(__file__).resolve().parents[1] / "kg" / "lexicons"


def _nulls(o, path=""):
    if isinstance(o, dict):
        for k, v in o.items():
            if v is None:
                yield f"{path}/{k}"
            yield from _nulls(v, f"{path}/{k}")
    elif isinstance(o, list):
        for i, v in enumerate(o):
            if v is None:
                yield f"{path}/{i}"
            yield from _nulls(v, f"{path}/{i}")


def test_no_lexicon_entry_has_a_key_without_a_value():
    found = [f"{f.name}{p}" for f in sorted(LEXICONS.glob("*.yaml")) for p in _nulls(yaml.safe_load(f.read_text("utf-8")))]
    assert found == []
