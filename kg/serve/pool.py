"""The pool of query worker processes: a query past its time limit has its worker killed
and replaced, so a runaway query never keeps eating the machine."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from kg.errors import StoreError
from kg.serve.replies import Job, Reply, memory_message


class Busy(Exception):
    """No worker became free in time."""


class QueryTooSlow(Exception):
    """The query ran past its time limit; its worker was killed."""


class WorkerFailed(Exception):
    """A worker died while answering."""


class OutOfMemory(Exception):
    """The query needed more than the memory limit; its worker was stopped."""


_WORKER_CODE = ("import sys; from kg.serve.worker import worker_main; "
                "worker_main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))")


class _Worker:
    """A child process (``python -c``, not multiprocessing: nothing of the parent's __main__
    is re-run) talking over two pipes with pickled Jobs and Replies."""

    def __init__(self, location: str, max_memory: int = 0):
        from multiprocessing.connection import Connection

        to_parent_r, to_parent_w = os.pipe()
        to_child_r, to_child_w = os.pipe()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        env["RUST_BACKTRACE"] = "0"  # a failed allocation: one line in the log, not a backtrace
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(to_child_r), str(to_parent_w), location,
                 str(max_memory)],
                pass_fds=(to_child_r, to_parent_w), stdin=subprocess.DEVNULL, env=env)
        finally:
            os.close(to_child_r)
            os.close(to_parent_w)
        self.reader = Connection(to_parent_r, writable=False)
        self.writer = Connection(to_child_w, readable=False)

    def ran_out_of_memory(self) -> bool:
        """Whether the worker, now dead, was aborted (what the engine does when an allocation
        fails under the memory cap)."""
        try:
            return self.process.wait(2) == -signal.SIGABRT
        except subprocess.TimeoutExpired:
            return False

    def send(self, job: Job) -> None:
        self.writer.send(job)

    def poll(self, timeout: float) -> bool:
        return self.reader.poll(timeout)

    def recv(self) -> object:
        return self.reader.recv()

    def wait_ready(self, timeout: float) -> None:
        if not self.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:g} s")
        try:
            status, message = self.recv()
        except (EOFError, OSError):
            status, message = "failed", "the worker exited while starting"
        if status != "ready":
            self.kill()
            raise StoreError(f"a query worker could not open the store: {message}")

    def stop(self, grace: float = 2.0) -> None:
        """Close the pipes (the worker sees EOF and exits); kill it if it does not."""
        for conn in (self.writer, self.reader):
            try:
                conn.close()
            except OSError:
                pass
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for conn in (self.writer, self.reader):
            try:
                conn.close()
            except OSError:
                pass


class WorkerPool:
    """``size`` worker processes with the store at ``location`` opened read-only."""

    def __init__(self, location: Path | str, size: int = 2, *, start_timeout: float = 60.0,
                 max_memory: int = 0, log: Callable[[str], None] | None = None):
        self.location, self.size, self.start_timeout = str(location), max(1, size), start_timeout
        self.max_memory = max_memory  # bytes of data segment per worker; 0: no cap
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        self._log = log or (lambda message: print(message, file=sys.stderr))
        started = [self._start() for _ in range(self.size)]
        try:
            for worker in started:
                worker.wait_ready(start_timeout)
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self.location, self.max_memory)
        with self._lock:
            self._workers.add(worker)
        return worker

    def run(self, job: Job, timeout: float) -> Reply:
        """The worker's reply; raises Busy, QueryTooSlow, OutOfMemory or WorkerFailed."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {timeout:g} s") from None
        healthy = False
        try:
            worker.send(job)
            if not worker.poll(timeout):
                raise QueryTooSlow(f"the query ran past the time limit of {timeout:g} s "
                                   "and was stopped")
            reply = worker.recv()
            healthy = True
            return reply
        except (EOFError, OSError) as exc:
            if self.max_memory and worker.ran_out_of_memory():
                raise OutOfMemory(memory_message(self.max_memory)) from None
            raise WorkerFailed(f"the query worker died while answering ({exc or 'no reply'})") from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        threading.Thread(target=self._replace, name="kg-serve-respawn", daemon=True).start()

    def _replace(self) -> None:
        delay = 0.5
        while not self._closed:
            worker = None
            try:
                worker = self._start()
                worker.wait_ready(self.start_timeout)
            except (StoreError, OSError) as exc:
                if worker is not None:
                    with self._lock:
                        self._workers.discard(worker)
                self._log(f"kg serve: cannot start a query worker: {exc}; retrying")
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)
            return

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [worker.process.pid for worker in self._workers]

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()

