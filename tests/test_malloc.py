"""kg.malloc: the kg command starts itself again under mimalloc when the system has it."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg import malloc

PROBE = ("from kg.malloc import reexec; reexec(); "
         "print(sum('mimalloc' in line for line in open('/proc/self/maps')) > 0)")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", malloc.ENV)}
    env.update(extra)
    return env


def test_system_means_the_default_allocator() -> None:
    assert "LD_PRELOAD" not in malloc.preload_env(_env(KG_MALLOC="system"))
    assert "LD_PRELOAD" not in malloc.preload_env(_env(KG_MALLOC=" System "))


@pytest.mark.skipif(malloc.library() is None, reason="no mimalloc on this system (make setup installs it)")
def test_preload_env_adds_the_library_once_and_keeps_other_preloads() -> None:
    lib = malloc.library()
    assert malloc.preload_env(_env())["LD_PRELOAD"] == lib
    assert malloc.preload_env(_env(LD_PRELOAD="/opt/x/libother.so"))["LD_PRELOAD"] == f"{lib} /opt/x/libother.so"
    once = malloc.preload_env(_env())
    assert malloc.preload_env(once)["LD_PRELOAD"] == lib


@pytest.mark.skipif(malloc.library() is None, reason="no mimalloc on this system (make setup installs it)")
def test_a_process_restarts_itself_under_mimalloc_unless_told_not_to() -> None:
    run = lambda env: subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,  # noqa: E731
                                     text=True, timeout=60)
    under = run(_env())
    assert under.stdout.strip() == "True", under.stderr
    assert under.stderr == ""  # ld.so preloaded it without a word
    plain = run(_env(KG_MALLOC="system"))
    assert plain.stdout.strip() == "False", plain.stderr


def test_the_installed_command_goes_through_the_restart() -> None:
    from importlib.metadata import entry_points

    (kg,) = [e for e in entry_points(group="console_scripts") if e.name == "kg"]
    assert kg.value == "kg.cli:entry"
