"""What the fixtures that start a real server on loopback share (tests/store/test_stores.py:
the Oxigraph server; virtuoso_instance.py: Virtuoso)."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from typing import Callable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, exited: Callable[[], None], seconds: float) -> bool:
    """Until ``url`` answers an ASK query with 200 (True), at most ``seconds`` (False);
    ``exited()`` (which fails or skips the test) when the server process has stopped."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            exited()
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(process: subprocess.Popen, log, seconds: float) -> None:
    """Terminate the server (kill it if it does not stop within ``seconds``), close its log."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()
