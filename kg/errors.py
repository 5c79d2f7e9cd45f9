"""Typed errors. Each renders as one line for the user; the CLI never shows a traceback."""
from __future__ import annotations


class KgError(Exception):
    """Base of every error kg reports to the user."""


class InputError(KgError):
    """A source file that kg cannot read: names the file and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, col: int | None = None):
        self.path, self.problem, self.line, self.col = path, problem, line, col
        where = path if line is None else f"{path}:{line}" + ("" if col is None else f":{col}")
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
