"""Typed errors. Each renders as one line for the user; the CLI never shows a traceback."""
from __future__ import annotations


def printable(text: object) -> str:
    """A path or name as it can stand in a one-line message: as it is when every character
    prints, else Python's quoting of it (a newline in a file name shows as \\n)."""
    text = str(text)
    return text if text.isprintable() else repr(text)


class KgError(Exception):
    """Base of every error kg reports to the user."""


class InputError(KgError):
    """A source file that kg cannot read: names the file and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, col: int | None = None):
        self.path, self.problem, self.line, self.col = path, problem, line, col
        shown = printable(path)
        where = shown if line is None else f"{shown}:{line}" + ("" if col is None else f":{col}")
        super().__init__(f"{where}: {problem}")


class LexiconError(KgError):
    """A lexicon file or entry that is malformed: names the file and the entry."""

    def __init__(self, path: str, entry: str, problem: str):
        self.path, self.entry, self.problem = path, entry, problem
        super().__init__(f"{path}: entry {entry!r}: {problem}")


class QueryError(KgError):
    """Malformed SPARQL or a failed query; the message names line and column when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        where = "" if line is None else f"line {line}" + ("" if column is None else f", column {column}") + ": "
        super().__init__(f"{where}{message}")


class QueryTimeout(QueryError):
    """A query stopped because it ran past its time limit."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""
