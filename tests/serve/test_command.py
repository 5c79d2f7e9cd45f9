"""The `kg serve` command: its banner, its answers, its stop, its one-line error."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

from .conftest import PERSONS, http


def test_kg_serve_command(location: Path) -> None:
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg.cli"]
    process = subprocess.Popen(command + ["serve", "--store", str(location), "--port", "0",
                                          "--timeout", "5", "--workers", "1", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        details = process.stdout.readline()
        assert " 5 documents, " in details and "2048 MB a query worker" in details, details
        assert process.stdout.readline().strip() == "SERVICE (federated query): off"
        found = re.search(r"(http://127\.0\.0\.1:\d+/)sparql", banner)
        assert found, banner + process.stderr.read()
        status, _, body = http(found.group(1) + "sparql?" + urllib.parse.urlencode({"query": PERSONS}))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) >= 4
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "stopping" in out


def test_kg_serve_without_a_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1
    assert "no store at" in result.output and result.output.count("\n") == 1
