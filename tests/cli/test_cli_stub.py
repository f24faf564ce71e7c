"""``modelarts-vizjobs stub serve``: a real server process that the ``jobs`` commands can use."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner

from modelarts_vizjobs import _config, stub
from modelarts_vizjobs.cli import ExitCode, cli
from tests.cli._helpers import CLEAN_ENV, stub_serve


@pytest.fixture
def served() -> Iterator[tuple[str, dict[str, str]]]:
    """``stub serve --port 0 --seed-demo`` in its own process: the banner and its exports."""
    with stub_serve("--seed-demo", "--policy", "reads:2") as (banner, exports):
        yield "".join(banner), exports


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
    assert result.stdout == ""


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
    assert result.stdout == ""  # issue 11: the banner came first, then the failure


def test_banner_comes_once_bound_with_the_port_and_both_projects(
    served: tuple[str, dict[str, str]],
) -> None:
    """Issue 11: ``--port 0`` was refused, and the second project was not printed."""
    banner, exports = served
    port = int(exports[_config.ENV_ENDPOINT].rsplit(":", 1)[1])
    assert port > 0
    # bound and listening before the banner: the first request needs no waiting loop
    assert httpx.get(exports[_config.ENV_ENDPOINT], timeout=5).status_code == 404
    for credential in (
        stub.DEFAULT_PROJECT_ID,
        stub.DEFAULT_TOKEN,
        stub.DEFAULT_ACCESS_KEY,
        stub.DEFAULT_SECRET_KEY,
        stub.OTHER_PROJECT_ID,
        stub.OTHER_TOKEN,
        stub.OTHER_ACCESS_KEY,
        stub.OTHER_SECRET_KEY,
    ):
        assert credential in banner


def test_serve_help_points_at_the_control_plane() -> None:
    result = CliRunner().invoke(cli, ["stub", "serve", "--help"])
    assert result.exit_code == 0
    for text in ("/_stub/reset", "/_stub/faults", "docs/stub-serve.md", "--max-head-bytes"):
        assert text in result.stdout


def test_fresh_serve_refuses_a_huge_head_and_drops_a_stalled_one(
    served: tuple[str, dict[str, str]],
) -> None:
    """Issue 10: a 20 MB header was served, stalled heads stayed open > 40 s (defaults here)."""
    _, exports = served
    base_url = exports[_config.ENV_ENDPOINT]
    address = ("127.0.0.1", int(base_url.rsplit(":", 1)[1]))
    with socket.create_connection(address, timeout=10) as huge:
        huge.sendall(b"GET / HTTP/1.1\r\nHost: stub\r\nX-Pad: " + b"a" * (1 << 20) + b"\r\n\r\n")
        assert huge.recv(65536).startswith(b"HTTP/1.1 431 ")
    with socket.create_connection(address, timeout=15) as stalled:
        stalled.sendall(b"GET / HTTP/1.1\r\nHost: st")
        started = time.monotonic()
        while time.monotonic() - started < 8:  # others are served meanwhile
            assert httpx.get(base_url, timeout=5).status_code == 404
            time.sleep(0.5)
        assert stalled.recv(65536) == b""  # closed, within the 15 s socket timeout
        assert time.monotonic() - started < 15
