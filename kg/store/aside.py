"""SELECT rows as plain text, for reading a big part of the graph at once (the views): the
rows of a SPARQL CSV result, and queries run by another process into CSV files while the
caller works on something else (pyoxigraph holds the GIL while it evaluates)."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from kg.errors import StoreError


def csv_rows(binary) -> Iterator[tuple[str, ...]]:
    """The rows of a SPARQL CSV result (a binary file): lexical forms only, "" for unbound; a
    field with a quote or a line break is quoted."""
    with io.TextIOWrapper(binary, encoding="utf-8", newline="") as text:
        rows = csv.reader(text)
        next(rows, None)  # the header
        for row in rows:
            yield tuple(row)


class Aside:
    """SELECT queries run by a process of their own (a plain interpreter running
    ``select_csv_all``, never a copy of the caller's main module), each into a CSV file."""

    def __init__(self, location: Path, queries: dict[str, str], folder: Path) -> None:
        import json
        import subprocess
        import sys

        self.folder, self.names = folder, set(queries)
        (folder / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
        code = "import sys; from kg.store.aside import select_csv_all; select_csv_all(sys.argv[1], sys.argv[2])"
        self.process = subprocess.Popen([sys.executable, "-c", code, str(location), str(folder)],
                                        stderr=subprocess.PIPE)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def path(self, name: str) -> Path:
        """The CSV of a query, once the other process has written it (else StoreError)."""
        import time

        done = self.folder / f"{name}.csv"
        while not done.exists():
            if self.process.poll() is not None and not done.exists():
                error = self.process.stderr.read().decode("utf-8", "replace").strip().splitlines()
                raise StoreError(f"reading {name} aside failed: {error[-1] if error else self.process.returncode}")
            time.sleep(0.02)
        return done

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stderr.close()


def select_csv_all(location: str, folder: str) -> None:
    """In a process of its own: each query of folder/queries.json on the store at location,
    as folder/<name>.csv (written aside, then renamed: a file that exists is whole)."""
    import json

    store = ox.Store.read_only(location)
    queries = json.loads((Path(folder) / "queries.json").read_text(encoding="utf-8"))
    for name, sparql in queries.items():
        part = Path(folder) / f"{name}.csv.part"
        store.query(sparql, use_default_graph_as_union=True).serialize(str(part), format=ox.QueryResultsFormat.CSV)
        os.replace(part, Path(folder) / f"{name}.csv")
