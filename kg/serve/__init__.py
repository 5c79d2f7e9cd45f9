"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the embedded store, and a query page.

Routes (all read-only):

  GET/POST /sparql        the SPARQL 1.1 Protocol query operation (``/query`` is an alias):
                          GET ``?query=``; POST ``application/sparql-query`` (the body is the
                          query) or ``application/x-www-form-urlencoded`` (``query=``).
  GET      /saved/NAME    a saved query of queries/ with its declared params from the URL
                          (``?role=Bí thư&date=2021-06-10``), bound as typed RDF terms.
  GET      /queries.json  the saved queries (name, title, description, params, text, columns).
  GET      /              the query page (our own HTML + JS; nothing is loaded from elsewhere).
  *        /update, /store, ``update=``, ``application/sparql-update``: 403, read-only.

Content negotiation (``Accept``; a ``format=`` or ``output=`` parameter overrides it):
SELECT/ASK as SPARQL JSON (default), SPARQL XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle
(default), N-Triples, JSON-LD or RDF/XML. The writers are those of ``kg query`` and
``kg export``, so the rows are the ones the embedded store gives.

Errors, as one line of text/plain: 400 malformed query (with line and column) or bad
parameter, 403 update refused, SERVICE not allowed or unexpected Host, 404, 405, 406 no
acceptable format, 411/413/415 bad request body, 503 every worker busy (with Retry-After), 504
the query ran past the time limit and was stopped. Results beyond ``max_rows`` are cut off and the response says
so in the headers ``X-Kg-Truncated: true`` and ``X-Kg-Max-Rows``.

How queries run: pyoxigraph cannot cancel a query once started, so queries run in a small
pool of worker processes (``python -c``, fed through pipes), each with the store opened
read-only. A query that runs past its time limit has its worker killed (and a fresh one
started), so a runaway query never keeps eating the machine. Workers see the store as it
was when they opened it: restart ``kg serve``
after a rebuild. SPARQL Update is refused before anything runs, and could not run anyway
(read-only store, and only the query operation is ever called).

The package: settings.py (limits, Settings), formats.py (negotiation and writers),
replies.py (Job, Reply), worker.py (the worker process), pool.py (the worker pool),
httpserver.py (connections, reading requests under time limits), exchange.py (one request
and its answer), routes.py (what each URL does), page.py and
static/ (the query page), app.py (starting and the banner).
"""
from kg.serve.app import make_server, serve, store_info
from kg.serve.formats import negotiate, parse_accept, render
from kg.serve.httpserver import SparqlServer
from kg.serve.pool import WorkerPool
from kg.serve.replies import HttpError, Job, Reply
from kg.serve.settings import (DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT,
                               MAX_BODY, MAX_IN_FLIGHT, RESERVED_PARAMS, Settings)

__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_ROWS", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "MAX_BODY",
           "MAX_IN_FLIGHT", "RESERVED_PARAMS", "HttpError", "Job", "Reply", "Settings",
           "SparqlServer", "WorkerPool", "make_server", "negotiate", "parse_accept", "render",
           "serve", "store_info"]
