"""What kg may do with the folder of an embedded store: claim it, and remove only its own files.

A build into an empty store writes a new store beside the folder and puts it in the folder's
place (kg.store.oxigraph). That must never cost the user a file: `kg build --store DIR` pointed
at the articles' own folder, or at any folder with other things in it, is refused before
anything is written there.

A folder is kg's store when it holds ``kg-store.json`` (the marker kg writes in every store it
creates), or when it is a store built by a kg older than the marker: nothing in it but the
files of Oxigraph's database (RocksDB) and kg's own ``kg-answers/``, a database whose named
graphs are all kg's document graphs, and an empty default graph. Such a store gets its marker
when kg first opens it to write. A new or empty folder becomes a store (marker first). Anything
else is refused in one line saying why and what to do.

Removing a store (the old folder after a swap, a staging folder left by a killed build) removes
the files of this list only; a folder that still holds anything else is left where it is.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from kg.errors import StoreError, printable

MARKER = "kg-store.json"
ANSWERS = "kg-answers"  # kg.store.cache.FOLDER (not imported: that module imports pyoxigraph)
#: The files RocksDB writes in a database folder.
ROCKSDB_FILE = re.compile(r"(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+"
                          r"|\d+\.(sst|log|blob))(\.dbtmp)?|\d+\.dbtmp")
_MARKER_TMP = f".{MARKER}.tmp"
_MARKER_TEXT = json.dumps({"kg": "embedded store (pyoxigraph)",
                           "note": "written by kg; kg build replaces only folders that hold this file"},
                          indent=1) + "\n"


def own_entry(name: str) -> bool:
    """A file or folder name kg (or the database under it) writes in a store folder."""
    return name in (MARKER, _MARKER_TMP, ANSWERS) or bool(ROCKSDB_FILE.fullmatch(name))


def foreign_entries(folder: Path) -> list[str]:
    """The names in `folder` that kg did not write there, sorted."""
    return sorted(e.name for e in os.scandir(folder) if not own_entry(e.name))


def has_marker(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def write_marker(folder: Path) -> None:
    """The marker, written before anything else goes into a new store folder."""
    tmp = folder / _MARKER_TMP
    tmp.write_text(_MARKER_TEXT, encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def claim(folder: Path, graph_namespace: str) -> None:
    """Make sure kg may write (and later replace) `folder`; create it, with its marker, when new
    or empty. Raises StoreError, one line, for a folder that is not kg's store."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{printable(folder)}: not a folder; give --store a folder of its own for the store")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise StoreError(f"{printable(folder)}: cannot list the store folder: {exc.strerror}") from None
    if not names:
        write_marker(folder)
        return
    foreign = [n for n in names if not own_entry(n)]
    if foreign:
        shown = ", ".join(printable(Path(n)) for n in foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise StoreError(f"{printable(folder)}: not a kg store (it holds {shown}, which kg did not write); "
                         "kg writes a store only into a new or empty folder or a store it built: "
                         "give --store another folder")
    if MARKER in names:
        return
    if "CURRENT" not in names:
        raise StoreError(f"{printable(folder)}: not a kg store (database files without their CURRENT file); "
                         "give --store a new or empty folder")
    _check_earlier_store(folder, graph_namespace)
    write_marker(folder)


def _check_earlier_store(folder: Path, graph_namespace: str) -> None:
    """A store without the marker (built by an earlier kg): its graphs must all be kg's."""
    import pyoxigraph as ox

    try:
        db = ox.Store.read_only(str(folder))
    except OSError as exc:
        raise StoreError(f"{printable(folder)}: holds database files kg cannot open read-only "
                         f"({str(exc).splitlines()[0]}); give --store another folder") from None
    default = next(iter(db.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
    other = next((g for g in db.named_graphs()
                  if not (isinstance(g, ox.NamedNode) and g.value.startswith(graph_namespace))), None)
    del db
    if default is not None or other is not None:
        what = "triples in the default graph" if default is not None else f"the graph {other}"
        raise StoreError(f"{printable(folder)}: an Oxigraph store that kg did not build (it holds {what}); "
                         "kg leaves it alone: give --store another folder")


def remove_store(folder: Path) -> bool:
    """Remove kg's own files from `folder`, and the folder when nothing else is left in it.
    True when the folder is gone (or was not there)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return True
    for entry in entries:
        if not own_entry(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        return False
    return True



def remove_kg_folder(folder: Path) -> None:
    """Remove a folder kg made beside the store (a staging folder), or say why not."""
    if not remove_store(folder):
        raise StoreError(f"{printable(folder)}: kg's working folder holds files kg did not write; "
                         "move them away and build again")


def swap_in(location: Path, staging: Path) -> None:
    """Put the store built in `staging` in the place of the one at `location`. Only kg's own
    files are removed: a file that came into the store folder during the build stops the swap,
    and the new store is left in the staging folder."""
    foreign = foreign_entries(location)
    if foreign:
        raise StoreError(f"{printable(location)}: {foreign[0]!r} came into the store folder during the build; "
                         f"the store is unchanged and the new one is in {printable(staging)}")
    old = staging.with_name(staging.name.replace(".staging", ".replaced"))
    remove_kg_folder(old)
    os.rename(location, old)
    os.rename(staging, location)
    remove_store(old)
