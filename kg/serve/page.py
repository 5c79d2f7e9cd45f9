"""The query page at ``/``: our own HTML, CSS and JS from ``static/`` (nothing is loaded from
elsewhere), served with a Content-Security-Policy that allows only this server."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Callable

STATIC = Path(__file__).resolve().parent / "static"

_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
PAGE_HEADERS = (("Content-Security-Policy", _CSP), ("Referrer-Policy", "no-referrer"))

DEFAULT_QUERY = """\
PREFIX kg: <https://w3id.org/kg-vn/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>

SELECT ?person ?name WHERE {
  ?person a kg:Person ;
          foaf:name ?name .
}
ORDER BY ?name
LIMIT 100
"""


def _static(name: str) -> bytes:
    return (STATIC / name).read_bytes()


def index_html() -> bytes:
    html = _static("index.html").decode("utf-8")
    return html.replace("__DEFAULT_QUERY__", escape(DEFAULT_QUERY)).encode("utf-8")


PAGES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "/": lambda: ("text/html; charset=utf-8", index_html()),
    "/index.html": lambda: PAGES["/"](),
    "/app.js": lambda: ("text/javascript; charset=utf-8", _static("app.js")),
    "/app.css": lambda: ("text/css; charset=utf-8", _static("app.css")),
}
