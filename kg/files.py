"""Opening input files without trusting them: regular files only, never blocking, never more
than a limit.

A FIFO named as an article blocks whoever opens it for reading until a writer comes, and then
streams without end; a device (``/dev/zero``) has no size to check. So a file is opened
without blocking (``O_NONBLOCK``), its type checked on the open descriptor (no race with a
rename), and at most the limit plus one byte is read, whatever its stated size.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

#: A news article is well under 1 MB; a bigger file is refused rather than read into memory.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO (named pipe)" …), or None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary, or InputError (one line) when it cannot be read or
    is not a regular file. Never blocks."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind:
            raise InputError(str(path), f"{kind}, not a regular file: not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (default MAX_ARTICLE_BYTES); a
    bigger one is refused by its stated size, and at most limit + 1 bytes are ever read."""
    limit = limit or MAX_ARTICLE_BYTES
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise InputError(str(path), too_big(size, limit))
        try:
            data = f.read(limit + 1)
        except OSError as err:
            raise InputError(str(path), f"cannot read: {err.strerror}") from None
    if len(data) > limit:  # it grew while being read
        raise InputError(str(path), too_big(len(data), limit, "more than "))
    return data


def too_big(size: int, limit: int, more: str = "") -> str:
    return (f"{more}{megabytes(size)}, above the {megabytes(limit)} limit for one article "
            "(split it, or give many articles as JSON Lines)")
