"""Processes of a run: core pinning, ports, servers started and stopped, the stub process."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .harness import HERE, SCRATCH

SERVER_CORE, CLIENT_CORE = "0", "1"

#: Facts learnt while running (the stub's event loop and HTTP parser), for the machine line.
RUN_INFO: dict[str, str] = {}


def pin_client_core() -> bool:
    """Pin this process (and so wrk and import subprocesses) to the client core."""
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "sched_setaffinity"):
        return False
    os.sched_setaffinity(0, {int(CLIENT_CORE)})
    return True


def server_prefix() -> list[str]:
    """``taskset`` for a server command, to run it on the server core."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", SERVER_CORE] if taskset and (os.cpu_count() or 1) >= 2 else []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, proc: subprocess.Popen[Any], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


@contextlib.contextmanager
def running(command: list[str], port: int, **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """Start a server process, wait until its port accepts, stop it afterwards."""
    proc = subprocess.Popen(command, **popen)
    try:
        wait_for_port(port, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def wall(command: list[str]) -> float:
    """Seconds a command takes to run to its end (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


@dataclass
class StubProcess:
    base_url: str
    ids: list[int]
    server: str = ""


def _granian_command(port: int) -> list[str]:
    """granian serving ``granian_app`` with limits like the stub's (64 KiB buffer, 10 s head)."""
    return [
        *server_prefix(),
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asginl",
        "--workers",
        "1",
        "--http",
        "1",
        "--no-ws",
        "--no-access-log",
        "--log-level",
        "warning",
        "--http1-buffer-size",
        str(64 * 1024),
        "--http1-header-read-timeout",
        "10000",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "scripts.bench.granian_app:app",
    ]


@contextlib.contextmanager
def stub_process(
    seed: int = 0, latency: float = 0.0, server: str = "stub", granian: Path | None = None
) -> Iterator[StubProcess]:
    """The stub in its own process on the server core, with *seed* jobs in it: served by
    ``stub serve``'s stack, or by the candidate *server* (``serve_stub.CANDIDATES`` or
    ``granian``, then from the *granian* install folder)."""
    port = free_port()
    SCRATCH.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=SCRATCH) as scratch:
        ready_file = Path(scratch) / "ready.json"
        if server == "granian":
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join([str(granian), str(HERE.parents[1])]),
                "BENCH_SEED": str(seed),
                "BENCH_READY_FILE": str(ready_file),
            }
            with running(_granian_command(port), port, env=env):
                deadline = time.monotonic() + 60  # its worker seeds after the port opens
                while not ready_file.exists() and time.monotonic() < deadline:
                    time.sleep(0.1)
                time.sleep(0.2)  # the file is written in one call: let it land
                ready = json.loads(ready_file.read_text())
                yield StubProcess(f"http://127.0.0.1:{port}", ready["ids"], ready["server"])
            return
        command = [
            *server_prefix(),
            sys.executable,
            str(HERE / "serve_stub.py"),
            "--port",
            str(port),
            "--ready-file",
            str(ready_file),
            "--seed",
            str(seed),
            "--latency",
            str(latency),
            "--server",
            server,
        ]
        with running(command, port):  # the file is complete before the port opens
            ready = json.loads(ready_file.read_text())
            if server == "stub":
                RUN_INFO["stub server"] = ready["server"]
            yield StubProcess(f"http://127.0.0.1:{port}", ready["ids"], ready["server"])
