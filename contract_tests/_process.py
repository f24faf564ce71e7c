"""The stub as a user runs it: a separate uvicorn process on 127.0.0.1, started and stopped here."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = ["free_port", "stub_process"]

_START_TIMEOUT = 20.0
_STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A port the OS just handed out; the command line of `stub serve` cannot take port 0."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_serving(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the control plane (no credentials needed) until it answers; bounded in time."""
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the stub exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/_stub/policy", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the stub did not answer within {_START_TIMEOUT} s:\n{log.read_text()}")


@contextmanager
def stub_process(log: Path, *, policy: str = "immediate") -> Iterator[str]:
    """Run `modelarts-vizjobs stub serve` on a free port; yield its base URL, then stop it."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("modelarts-vizjobs")),
        "stub",
        "serve",
        "--port",
        str(port),
        "--policy",
        policy,
    ]
    base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            _wait_until_serving(base_url, process, log)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=_STOP_TIMEOUT)
