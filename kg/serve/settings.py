"""The endpoint's settings and limits, and what counts as a loopback address."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from kg.serve.replies import DEFAULT_MAX_ROWS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MEMORY_MB = 2048  # per worker: 2 to 4 workers take at most 4 to 8 GB
MAX_BODY = 1 << 20  # bytes of a POST body
MAX_IN_FLIGHT = 64  # requests being answered at once; more get 503 at once
RESERVED_PARAMS = frozenset({"format", "output", "results", "timeout", "query", "update"})
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"


@dataclass
class Settings:
    location: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    queries_dir: Path | None = None
    quiet: bool = False
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # data segment of each worker; 0: no cap
    allow_service: tuple[str, ...] = ()  # hosts SERVICE may reach; none by default


def is_loopback(host: str) -> bool:
    name = host.strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False

