"""The `kg` command: thin wrappers around the library; errors become one line, never a traceback."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import KgError
from .resources import data_dir, repo_root

FORMATS = ("table", "csv", "tsv", "json")
EXPORTS = ("turtle", "nt", "nquads", "trig", "jsonld", "csv", "graphml", "gexf")


def friendly(fn):
    """Turn library errors into `click.ClickException` (one line, exit 1)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KgError as err:
            raise click.ClickException(str(err)) from None
        except OSError as err:
            problem = err.strerror or (str(err).splitlines() or [type(err).__name__])[0]
            raise click.ClickException(f"{err.filename or ''}: {problem}".strip(": ")) from None

    return wrapper


def store_options(fn):
    fn = click.option("--endpoint", envvar="KG_ENDPOINT", help="Query URL of a SPARQL 1.1 server instead of the embedded store.")(fn)
    fn = click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                      help="Folder of the embedded store (default: data/store, or $KG_STORE).")(fn)
    return fn


csv_exact_option = click.option(
    "--csv-exact", is_flag=True,
    help="CSV: write every value exactly. By default a cell that a spreadsheet would run as a formula "
         "(it begins with = + - @, a tab or a carriage return) starts with ' instead (OWASP).")


def open_from(store_dir: Path | None, endpoint: str | None, read_only: bool = False,
              keep_answers: bool = True):
    """The store to use. Read-only when asked: then it must exist (StoreError otherwise, and
    nothing is created), and it keeps the answers of slow queries beside itself unless
    ``keep_answers`` is false (kg.store.cache)."""
    from .store import default_location, open_store

    if endpoint:
        return open_store(endpoint=endpoint)
    location = store_dir or default_location()
    if read_only:
        return open_store(location, read_only=True, keep_answers=keep_answers)
    return open_store(location)


def entry() -> None:
    """The installed `kg` command: `main` under mimalloc where the system has it (kg.malloc)."""
    from .malloc import reexec

    reexec()
    main()


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of Vietnamese officials, bodies, sessions and decisions from news."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for extraction (0: one per core). The graph does not depend on it.")
@click.option("--out-nquads", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the whole store as sharded N-Quads in this folder, for a server's bulk loader.")
@click.option("--warm", is_flag=True,
              help="Then run the saved queries that need no parameter, so that the embedded store keeps "
                   "the answers of the slow ones and `kg query NAME` reads them back at once.")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=120.0, show_default=True,
              help="Seconds the extraction of one document may take; past it the document is reported "
                   "and skipped (0: no limit).")
@store_options
@friendly
def build(paths: tuple[Path, ...], jobs: int, out_nquads: Path | None, warm: bool, doc_timeout: float,
          store_dir: Path | None, endpoint: str | None) -> None:
    """Extract PATHS (files or folders; default: the bundled corpus) into the store."""
    from .pipeline import build as run_build

    paths = paths or (data_dir() / "corpus",)
    for p in paths:
        if not p.exists():
            raise click.ClickException(f"{p}: no such file or folder")
    count = {"files": 0}

    def progress(path: Path) -> None:
        count["files"] += 1
        if sys.stderr.isatty():
            click.echo(f"\rreading {count['files']} file(s): {path.name[:60]:60}", err=True, nl=False)

    with open_from(store_dir, endpoint) as store:
        report = run_build(list(paths), store, on_file=progress, jobs=jobs or None, out_nquads=out_nquads,
                           time_limit=doc_timeout or None)
        if sys.stderr.isatty():
            click.echo("", err=True)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        for _path, reason in report.skipped:
            click.echo(f"skipped: {reason}", err=True)
        click.echo(f"{len(report.read)} document(s) read, {len(report.skipped)} skipped")
        click.echo(f"store: {store.contents()}")
    if out_nquads is not None:
        click.echo(f"{len(report.shards)} N-Quads shard(s) and manifest.json in {out_nquads}", err=True)
    if warm and not endpoint:
        warm_answers(store_dir)
    if report.skipped:
        sys.exit(2)


def warm_answers(store_dir: Path | None) -> None:
    import time

    from .queries import warm
    from .store import default_location
    from .store.oxigraph import OxigraphStore

    started = time.perf_counter()
    with OxigraphStore(store_dir or default_location(), read_only=True) as store:
        kept, late = warm(store)
    click.echo(f"kept the answers of {len(kept)} slow saved queries in {time.perf_counter() - started:.1f} s"
               + (f" ({', '.join(kept)})" if kept else ""), err=True)
    if late:
        click.echo(f"not kept (past 60 s): {', '.join(late)}", err=True)


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Bind a declared parameter (repeatable).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.option("--no-cache", is_flag=True,
              help="Evaluate the query even when the embedded store kept its answer (a slow query's "
                   "answer is kept beside the store until the store changes), and keep nothing.")
@csv_exact_option
@store_options
@friendly
def query(query: str, fmt: str, params: tuple[str, ...], timeout: float, limit: int | None,
          no_cache: bool, csv_exact: bool, store_dir: Path | None, endpoint: str | None) -> None:
    """Run QUERY: a saved query name (persons), a .rq file, or SPARQL text."""
    from .queries import bind_params, defaults_used, format_result, load_saved

    saved = load_saved(query)
    values = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep:
            raise click.ClickException(f"--param {p!r}: expected KEY=VALUE")
        values[key] = value
    bindings = bind_params(saved, values)
    if defaults := defaults_used(saved, values):
        click.echo(f"{saved.name}: using the default{'s' if defaults.count('--param') > 1 else ''} {defaults}",
                   err=True)
    with open_from(store_dir, endpoint, read_only=True, keep_answers=not no_cache) as store:
        result = store.query(saved.text, bindings=bindings, timeout=timeout, limit=limit)
    format_result(result, fmt, sys.stdout, spreadsheet_safe=not csv_exact)


@main.command(name="queries")
@friendly
def list_queries() -> None:
    """List the saved queries with their titles, and under each its parameters (`--param NAME=VALUE`)
    with their defaults."""
    from .queries import list_saved

    for q in list_saved():
        click.echo(f"{q.name:28} {q.title}")
        for param in q.params:
            click.echo(f"    {param.describe()}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORTS), default="turtle", show_default=True,
              help="RDF (turtle, nt, nquads, trig, jsonld), csv tables, or a network for Gephi "
                   "(graphml, gexf).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="File to write (default: stdout); for csv, the folder for the tables.")
@click.option("--network", type=click.Choice(("full", "co-attendance")), default="full", show_default=True,
              help="For graphml/gexf: the whole graph, or persons linked by shared sessions.")
@csv_exact_option
@store_options
@friendly
def export(fmt: str, out: Path | None, network: str, csv_exact: bool, store_dir: Path | None,
           endpoint: str | None) -> None:
    """Export the whole graph (TriG and N-Quads keep one named graph per document), the
    contract tables as CSV (persons, positions, sessions, decisions, citations) or a network."""
    from .export import csv_tables, export as run_export, write_network

    if fmt == "csv":
        if out is None:
            raise click.ClickException("--format csv writes several tables: give a folder with --out")
        if out.exists() and not out.is_dir():
            raise click.ClickException(f"{out}: not a folder (--format csv writes one file per table)")
    elif out is not None and out.is_dir():
        raise click.ClickException(f"{out}: is a folder; give a file name")
    if fmt in ("graphml", "gexf") and out is None:
        raise click.ClickException(f"--format {fmt} needs --out FILE")
    with open_from(store_dir, endpoint, read_only=True) as store:
        click.echo(f"store: {store.contents()}", err=True)
        if fmt == "csv":
            written = csv_tables(store, out, spreadsheet_safe=not csv_exact)
            click.echo(f"wrote {', '.join(sorted(written))} to {out}", err=True)
        elif fmt in ("graphml", "gexf"):
            out.parent.mkdir(parents=True, exist_ok=True)
            write_network(store, fmt, out, network)
            click.echo(f"wrote the {network} network as {fmt} to {out}", err=True)
        elif out:
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as fh:
                run_export(store, fmt, fh)
            click.echo(f"wrote {fmt} to {out}", err=True)
        else:
            run_export(store, fmt, sys.stdout.buffer)


@main.command()
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the embedded store (default: data/store, or $KG_STORE).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address opens the store to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds a query may run; then it is stopped and the client gets HTTP 504.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (CONSTRUCT: triples) returned at most; the rest is cut off and the "
                   "response says so (X-Kg-Truncated).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes (default: the number of CPUs, between 2 and 4).")
@click.option("--max-memory", "max_memory", type=click.IntRange(min=0), default=2048, show_default=True,
              metavar="MB", help="Memory a query worker may take (its data segment); a query that needs "
                                 "more is stopped and the client gets HTTP 507. 0: no limit.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST[:PORT]",
              help="Let SERVICE (federated query) reach this host; repeat for more. Off by default: "
                   "a query with SERVICE is refused (403).")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@friendly
def serve(store_dir: Path | None, host: str, port: int, timeout: float, max_rows: int,
          workers: int | None, max_memory: int, allow_service: tuple[str, ...], quiet: bool) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a query page at /."""
    import os

    from .serve import Settings, serve as run_serve
    from .store import default_location, require_store

    workers = workers or min(4, max(2, os.cpu_count() or 2))
    settings = Settings(require_store(store_dir or default_location()), host, port, timeout, max_rows,
                        workers, quiet=quiet, allow_service=tuple(allow_service), max_memory_mb=max_memory)
    try:
        run_serve(settings, echo=click.echo)
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the site (default: viz/out).")
@store_options
@friendly
def view(out: Path | None, store_dir: Path | None, endpoint: str | None) -> None:
    """Write the interactive network views (an offline static site)."""
    from .views import write_site

    out = out or repo_root() / "viz" / "out"
    with open_from(store_dir, endpoint, read_only=True) as store:
        index = write_site(store, out, log=lambda message: click.echo(message, err=True))
    click.echo(f"wrote the network views to {index}")


def union_graph(store):
    from rdflib import Graph

    g = Graph()
    for s, p, o, _c in store.dataset().quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@main.command()
@store_options
@friendly
def stats(store_dir: Path | None, endpoint: str | None) -> None:
    """Counts of documents, triples and entities by type."""
    with open_from(store_dir, endpoint, read_only=True) as store:
        click.echo(stats_text(store))


STATS_QUERY = """
PREFIX kg: <https://w3id.org/kg-vn/def#>
SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?type { kg:SourceDocument kg:Person kg:Organization kg:Post kg:PositionHolding kg:Session
                 kg:AgendaItem kg:Decision kg:CitedDocument kg:PersonnelEvent kg:Evidence }
  ?x a ?type .
} GROUP BY ?type ORDER BY ?type
"""


def stats_text(store) -> str:
    result = store.query(STATS_QUERY)
    counts = {str(row[0]).rsplit("#", 1)[-1]: int(row[1]) for row in result.rows}
    lines = [f"store: {store.contents()}"] + [f"  {k:20} {v}" for k, v in sorted(counts.items())]
    return "\n".join(lines)


@main.command()
@store_options
@friendly
def validate(store_dir: Path | None, endpoint: str | None) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from .shacl import validate as shacl_validate

    with open_from(store_dir, endpoint, read_only=True) as store:
        ok, report = shacl_validate(union_graph(store))
    click.echo("the graph conforms to ontology/shapes.ttl" if ok else report)
    if not ok:
        sys.exit(1)


@main.command(name="eval")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder of gold JSON files (one per document, same name).")
@click.option("--misses/--no-misses", default=True, show_default=True, help="List the missed and spurious facts.")
@click.argument("docs", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@friendly
def evaluate(gold_dir: Path, misses: bool, docs: tuple[Path, ...]) -> None:
    """Extract DOCS and score them against gold annotations (precision, recall, F1 per fact kind)."""
    from .evaluate import evaluate as run_eval

    result = run_eval(list(docs), gold_dir)
    click.echo(result.table())
    if by_construction := result.by_construction():
        click.echo("\nmisses by construction (as the gold names it)\n" + by_construction)
    if misses:
        click.echo(result.misses())


@main.command()
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@friendly
def demo(store_dir: Path | None) -> None:
    """The main job on the bundled corpus: build, summary, Turtle export and network views."""
    from .export import export as run_export
    from .pipeline import build as run_build
    from .views import write_site

    corpus = data_dir() / "corpus"
    out = data_dir() / "out"
    out.mkdir(parents=True, exist_ok=True)
    with open_from(store_dir, None) as store:
        report = run_build([corpus], store)
        for _path, reason in report.skipped:
            click.echo(f"skipped: {reason}", err=True)
        click.echo(f"{len(report.read)} document(s) read, {len(report.skipped)} skipped")
        click.echo(stats_text(store))
        ttl = out / "kg.ttl"
        with ttl.open("wb") as fh:
            run_export(store, "turtle", fh)
    with open_from(store_dir, None, read_only=True) as store:
        index = write_site(store, repo_root() / "viz" / "out")
    click.echo(f"store:   {store_dir or data_dir() / 'store'}")
    click.echo(f"turtle:  {ttl}")
    click.echo(f"views:   {index}  (open it in a browser)")


if __name__ == "__main__":
    entry()
