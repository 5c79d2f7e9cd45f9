"""The query page at ``/``: our own HTML, CSS and JS from ``static/`` and the vendored editor
(``static/vendor/``; nothing is loaded from elsewhere), served with a Content-Security-Policy
that allows only this server."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Callable

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

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


def index_html() -> bytes:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    return html.replace("__DEFAULT_QUERY__", escape(DEFAULT_QUERY)).encode("utf-8")


def _file(path: Path) -> Callable[[], tuple[str, bytes]]:
    return lambda: (TYPES[path.suffix], path.read_bytes())


# Only the files that are there when kg starts, by their exact URL path: never a path built
# from the request.
PAGES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "/": lambda: ("text/html; charset=utf-8", index_html()),
    "/index.html": lambda: ("text/html; charset=utf-8", index_html()),
    **{"/" + path.relative_to(STATIC).as_posix(): _file(path)
       for path in sorted(STATIC.rglob("*")) if path.suffix in TYPES},
}
