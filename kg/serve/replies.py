"""What the HTTP side hands a query worker (a Job) and what comes back (a Reply)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from kg.store.terms import Term

DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class Job:
    query: str
    bindings: Mapping[str, Term] = field(default_factory=dict)
    accept: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # format= / output= values
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})


def text_reply(status: int, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    body = (" ".join(message.split()) + "\n").encode("utf-8")  # one line
    return Reply(status, "text/plain; charset=utf-8", body, tuple((headers or {}).items()))



def memory_message(max_bytes: int) -> str:
    return (f"query stopped: it needed more than the memory limit of {max_bytes >> 20} MB of a "
            "query worker (kg serve --max-memory)")
