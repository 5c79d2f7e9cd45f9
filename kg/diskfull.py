"""A build that runs out of disk: which file system is full, and what became of the store.

The database (RocksDB under pyoxigraph) reports a full disk as an OSError without an errno
("IO error: No space left on device: While appending to file: …"), which used to reach the user
as "Error: None". `disk_full` turns it, or Python's own ENOSPC, into one line naming the mount
point of the full file system and saying whether the store is as it was.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import StoreError

_FULL = (errno.ENOSPC, errno.EDQUOT)
_WORDS = ("No space left on device", "Disk quota exceeded")


def is_disk_full(err: BaseException) -> bool:
    return isinstance(err, OSError) and (err.errno in _FULL or any(w in str(err) for w in _WORDS))


def mount_point(path: Path) -> Path:
    """The mount point of the file system that holds `path` (or would, if it existed)."""
    path = Path(os.path.abspath(path))
    while not path.exists():
        path = path.parent
    while not os.path.ismount(path):
        path = path.parent
    return path


def fullest(paths: list[Path]) -> Path:
    """Of the file systems holding `paths`, the mount point of the one with the least room."""
    def room(p: Path) -> int:
        try:
            st = os.statvfs(p)
        except OSError:
            return 1 << 62
        return st.f_bavail * st.f_frsize

    mounts = sorted({mount_point(p) for p in paths}, key=str)
    return min(mounts, key=room)


def disk_full(err: OSError, where: list[Path], *, unchanged: bool) -> StoreError:
    """The one-line error for a build that ran out of disk while writing in `where` (the store,
    the staging folder beside it, the temporary folder)."""
    full = fullest([*where, Path(tempfile.gettempdir())])
    state = ("the store is unchanged" if unchanged else
             "the store keeps the documents written before (whole documents only)")
    return StoreError(f"the file system at {full} is full (no space left on device); {state}: "
                      "make room there and build again")
