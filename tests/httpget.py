"""A plain HTTP client for the endpoint tests: status, headers and body, errors included."""
from __future__ import annotations

import urllib.error
import urllib.request


def http(url: str, *, data: bytes | None = None, headers: dict | None = None,
         method: str | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()
