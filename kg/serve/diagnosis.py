"""A clearer word on a malformed query than the parser's: which prefix is undefined, and where.

The engine's parser reports the farthest point it reached and the tokens it expected there;
for a prefixed name whose prefix was never declared it often says only ``expected OPTIONAL``
further on. Before that message is sent, the query is scanned (comments, strings and IRIs
skipped): the first prefixed name whose prefix no ``PREFIX`` declares is named, with its own
line and column. A position that falls on blanks is moved back to the end of the last token,
so that the page marks something the user wrote.
"""
from __future__ import annotations

from kg.errors import QueryError
from kg.store.values import _TOKENS


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def undefined_prefix(query: str) -> tuple[str, int, int] | None:
    """(prefix, line, column) of the first use of an undeclared prefix, or None."""
    declared: set[str] = set()
    after_prefix = False
    for token in _TOKENS.finditer(query):
        kind, text = token.lastgroup, token.group()
        if kind in ("space", "comment"):
            continue
        if kind == "word" and text.upper() == "PREFIX":
            after_prefix = True
            continue
        if kind == "word" and ":" in text:
            prefix = text.split(":", 1)[0]
            if after_prefix:
                declared.add(prefix)
            elif prefix not in declared and not prefix.startswith("_"):
                return (prefix, *_position(query, token.start()))
        after_prefix = False
    return None


def diagnose(query: str, error: QueryError) -> QueryError:
    """``error`` made clearer (see the module docstring)."""
    found = undefined_prefix(query)
    if found is not None:
        prefix, line, column = found
        return QueryError(f"undefined prefix {prefix}: (declare it with PREFIX {prefix}: <…>)",
                          line, column)
    if error.line is None or error.column is None:
        return error
    lines = query.split("\n")
    if not 1 <= error.line <= len(lines):
        return error
    offset = sum(len(text) + 1 for text in lines[:error.line - 1]) + error.column - 1
    offset = min(offset, len(query))
    if offset < len(query) and not query[offset].isspace():
        return error
    back = offset
    while back > 0 and query[back - 1].isspace():
        back -= 1
    if back == 0:
        return error
    line, column = _position(query, back - 1)
    return QueryError(error.message, line, column)
