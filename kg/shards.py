"""Sharded N-Quads of a store, for the bulk loaders of SPARQL servers (`kg build --out-nquads`).

The shards are written from the store after the build and the derivation, so they hold exactly
what the store holds: every document's named graph (with the person IRIs that identity
resolution gave) and the derived graph. Each shard is a plain N-Quads file of at most
`max_bytes` (split between statements, never inside one); a graph may continue in the next
shard, which no bulk loader minds. `MANIFEST` lists the shards with their statement counts.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from .errors import StoreError, printable

MANIFEST = "manifest.json"
PREFIX = "kg-"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_SHARD = re.compile(re.escape(PREFIX) + r"\d{5,}\.nq")


def own_shards(folder: Path) -> list[str]:
    """The files of an earlier `write_shards` in `folder` (its manifest and the shards the
    manifest lists). StoreError, one line, when the folder holds anything else: kg writes shards
    only into a new or empty folder or one it wrote, and removes only what it wrote."""
    folder = Path(folder)
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise StoreError(f"{printable(folder)}: not a folder (--out-nquads writes a folder of shards)")
    own: set[str] = set()
    if (folder / MANIFEST).is_file():
        try:
            shards = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["shards"]
            # a shard's name only: a manifest must not name a file elsewhere to be removed
            own = {str(row["file"]) for row in shards if _SHARD.fullmatch(str(row["file"]))} | {MANIFEST}
        except (ValueError, KeyError, TypeError, OSError):
            own = set()  # not a manifest kg wrote
    foreign = sorted(n for n in os.listdir(folder) if n not in own and not n.startswith(".dump-"))
    if foreign:
        raise StoreError(f"{printable(folder)}: holds {printable(foreign[0])}, which kg did not write there; "
                         "--out-nquads writes only into a new or empty folder or one it wrote")
    return sorted(own)


def write_shards(store, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
    """Write the store as `folder/kg-00000.nq`, `kg-00001.nq` …; returns the manifest rows.
    The shards of an earlier run are removed first, so the folder is the store, not a mix."""
    folder = Path(folder)
    old_files = own_shards(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in old_files:
        (folder / name).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".dump-") as tmp:
        dump = Path(tmp) / "all.nq"
        _dump(store, dump)
        rows = _split(dump, folder, max_bytes)
    (folder / MANIFEST).write_text(json.dumps({"format": "application/n-quads", "shards": rows},
                                              indent=2) + "\n", encoding="utf-8")
    return rows


def _dump(store, path: Path) -> None:
    native = getattr(store, "_store", None)
    try:
        import pyoxigraph as ox

        if isinstance(native, ox.Store):  # the embedded store dumps itself, in Rust
            native.dump(str(path), ox.RdfFormat.N_QUADS)
            return
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        pass
    from .export import export

    with path.open("wb") as fh:
        export(store, "nquads", fh)


def _split(dump: Path, folder: Path, max_bytes: int) -> list[dict]:
    rows: list[dict] = []
    out, size, count = None, 0, 0

    def close() -> None:
        if out is not None:
            out.close()
            rows[-1].update(bytes=size, statements=count)

    with dump.open("rb") as src:
        for line in src:
            if not line.strip():
                continue
            if out is None or (size + len(line) > max_bytes and count):
                close()
                name = f"{PREFIX}{len(rows):05d}.nq"
                out, size, count = (folder / name).open("wb"), 0, 0
                rows.append({"file": name})
            out.write(line)
            size += len(line)
            count += 1
    close()
    return rows
