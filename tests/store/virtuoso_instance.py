"""A private Virtuoso instance for the session, as the fixture `virtuoso` (scripts/install-virtuoso.sh
installs Virtuoso). Not a conftest.py: tests/conftest.py is imported as `conftest` by other tests."""
from __future__ import annotations

import secrets
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from servers import free_port, stop, wait_until_up  # noqa: E402

INSTALL_HINT = "bash scripts/install-virtuoso.sh (or make test)"


@dataclass(frozen=True)
class Virtuoso:
    """A running instance: ``sparql`` (anonymous, read-only), ``sparql_auth`` (Digest, user
    ``user`` may update), ``load_dir`` (a directory the bulk loader may read)."""

    base: Path
    http: str
    sql_port: int
    user: str
    password: str
    load_dir: Path
    _isql: str
    _dba_password: str

    @property
    def sparql(self) -> str:
        return self.http + "/sparql"

    @property
    def sparql_auth(self) -> str:
        return self.http + "/sparql-auth"

    def isql(self, sql: str, timeout: float = 120) -> str:
        """Run SQL as dba (statements on stdin); the output, or an error with it."""
        return _isql(self._isql, self.sql_port, self._dba_password, sql, timeout)


def _isql(binary: str, port: int, password: str, sql: str, timeout: float) -> str:
    # The admin password of this throwaway instance is an isql argument (isql-vt reads no
    # password from anywhere else); kg's own credentials only ever come from the environment.
    done = subprocess.run([binary, f"127.0.0.1:{port}", "dba", password, "VERBOSE=OFF",
                           "ERRORS=STDOUT"], input=sql + "\nEXIT;\n", capture_output=True,
                          text=True, timeout=timeout)
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql failed ({done.returncode}): {output.strip()}")
    return output


_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {load}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
; DBpedia's setting is 10000 rows and an "anytime" 120 s: Virtuoso then returns a cut result
; with status 200. The tests want whole answers.
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        pytest.skip(f"Virtuoso not installed (no virtuoso-t / isql-vt): {INSTALL_HINT}")
    base = tmp_path_factory.mktemp("virtuoso")
    (base / "db" / "vsp").mkdir(parents=True)
    load_dir = base / "load"
    load_dir.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = base / "virtuoso.ini"
    ini.write_text(_INI.format(db=base / "db", load=load_dir, sql_port=sql_port, http_port=http_port))
    log = open(base / "server.out", "wb")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=base,
                               stdout=log, stderr=log)
    http = f"http://127.0.0.1:{http_port}"
    try:
        exited = lambda: pytest.skip(f"virtuoso-t exited with {process.returncode}: {_log_tail(base)}")  # noqa: E731
        if not wait_until_up(http + "/sparql", process, exited, 60):
            process.kill()
            pytest.skip(f"Virtuoso did not answer {http}/sparql within 60 s: {_log_tail(base)}")
        user, password, dba = "kg", secrets.token_urlsafe(12), secrets.token_urlsafe(12)
        # A fresh database has dba/dba: make a user who may update through /sparql-auth
        # (Digest), then give dba a password of its own.
        _isql(isql, sql_port, "dba", textwrap.dedent(f"""\
            DB.DBA.USER_CREATE('{user}', '{password}');
            GRANT SPARQL_SELECT TO "{user}";
            GRANT SPARQL_UPDATE TO "{user}";
            DB.DBA.USER_CHANGE_PASSWORD('dba', 'dba', '{dba}');"""), 60)
        yield Virtuoso(base, http, sql_port, user, password, load_dir, isql, dba)
    finally:
        stop(process, log, 30)


def _log_tail(base: Path) -> str:
    log = base / "db" / "virtuoso.log"
    text = log.read_text(errors="replace") if log.exists() else (base / "server.out").read_text(errors="replace")
    return " | ".join(text.strip().splitlines()[-5:])
