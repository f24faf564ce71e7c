"""``modelarts-vizjobs stub serve``: a real server process that the ``jobs`` commands can use."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from modelarts_vizjobs import _config
from modelarts_vizjobs.cli import ExitCode, cli
from tests.cli._helpers import CLEAN_ENV

SCRIPT = Path(sys.executable).with_name("modelarts-vizjobs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served() -> Iterator[tuple[str, dict[str, str]]]:
    """``stub serve --seed-demo`` in its own process: the banner's URL and credentials."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    args = [str(SCRIPT), "stub", "serve", "--port", str(port), "--seed-demo", "--policy", "reads:2"]
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        banner = []
        for line in process.stdout:  # up to the banner's last line, or EOF if it died
            banner.append(line)
            if line.startswith("  modelarts-vizjobs "):
                break
        (export,) = [line for line in banner if line.startswith("  export ")]
        exports = dict(re.findall(r"(\w+)=(\S+)", export))
        deadline = time.monotonic() + 15
        while True:  # the banner comes before uvicorn binds: wait until it answers
            try:
                httpx.get(exports[_config.ENV_ENDPOINT], timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None, banner
                time.sleep(0.05)
        yield "".join(banner), exports
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_served_stub_answers_the_jobs_commands(served: tuple[str, dict[str, str]]) -> None:
    banner, exports = served
    assert banner.startswith(
        f"ModelArts visualization-jobs stub on {exports[_config.ENV_ENDPOINT]}"
    )

    result = CliRunner().invoke(cli, ["jobs", "list"], env=CLEAN_ENV | exports)

    assert result.exit_code == 0, result.output
    statuses = [line.split()[2] for line in result.stdout.splitlines()[1:]]
    assert statuses == ["RUNNING(8)", "COMPLETED(10)", "KILLED(12)", "KILLING(9)"]


@pytest.mark.parametrize("policy", ["bogus", "reads:0", "seconds:-1", "immediate:3"])
def test_bad_policy_is_a_usage_error(policy: str) -> None:
    result = CliRunner().invoke(cli, ["stub", "serve", "--policy", policy])
    assert result.exit_code == ExitCode.USAGE
    assert "Invalid value for '--policy'" in result.stderr


@pytest.mark.parametrize("args", [["tour"], ["stub", "serve", "--port", "1"]])
def test_missing_stub_extra_is_one_line(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if the extra were not installed

    result = CliRunner().invoke(cli, args, env=CLEAN_ENV)

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: the stub needs the 'stub' extra: pip install 'modelarts-vizjobs[stub]'\n"
    )


def test_busy_port_is_one_usage_error_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])

        result = CliRunner().invoke(cli, ["stub", "serve", "--port", str(port)], env=CLEAN_ENV)

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        f"error: the stub cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )
