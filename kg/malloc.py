"""The memory allocator of kg's own processes: mimalloc when the system has it.

Oxigraph's bulk loader and query evaluator allocate and free millions of small buffers; under
glibc's malloc, freeing them (``_int_free``, ``unlink_chunk``) and sorting them were the two
biggest costs of a load (``perf``, benchmarks/README.md). mimalloc (Debian ``libmimalloc2.0``,
installed by ``make setup``) took 19% off the CPU time of a bulk load on this machine, and
15% off the slowest saved queries when both allocators were timed in turn in one session
(across two runs of bench_store the queries moved within the machine's noise). An allocator
can only be chosen when a process starts, so the ``kg`` command starts itself again once with
``LD_PRELOAD`` naming the library; its worker processes inherit it. Without the library, on
another system, or with ``KG_MALLOC=system``, kg runs on the default allocator and does the
same work.
"""
from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

ENV = "KG_MALLOC"  # "system": keep the default allocator
NAMES = ("libmimalloc.so.2", "libmimalloc.so")
FOLDERS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
           "/usr/local/lib")


def library() -> str | None:
    """The path of the mimalloc shared library, or None."""
    if not sys.platform.startswith("linux"):
        return None
    for folder in FOLDERS:
        for name in NAMES:
            path = Path(folder) / name
            if path.is_file():
                return str(path)
    found = ctypes.util.find_library("mimalloc")  # a bare soname: ld.so finds it on its path
    return found or None


def wanted(env: dict[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get(ENV, "").strip().lower() != "system"


def preloaded(env: dict[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return "mimalloc" in env.get("LD_PRELOAD", "")


def preload_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) with mimalloc in LD_PRELOAD when it is wanted and found."""
    env = dict(os.environ if env is None else env)
    lib = library() if wanted(env) and not preloaded(env) else None
    if lib:
        env["LD_PRELOAD"] = f"{lib} {env.get('LD_PRELOAD', '')}".strip()
    return env


def reexec() -> None:
    """Start this same command again under mimalloc, if it is wanted, found and not in use yet
    (the new process sees it in LD_PRELOAD and goes on: one restart at most)."""
    if not wanted() or preloaded():
        return
    env = preload_env()
    if not preloaded(env):
        return
    argv = list(getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv])
    try:
        os.execve(sys.executable, argv, env)
    except OSError:  # cannot restart: go on as we are
        return
