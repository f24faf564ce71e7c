"""``jobs prune`` as a user runs it: the console script against ``stub serve`` in a process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from modelarts_vizjobs import _config, stub
from modelarts_vizjobs.cli import ExitCode
from tests.cli._helpers import CLEAN_ENV

SCRIPT = Path(sys.executable).with_name("modelarts-vizjobs")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(*options: str) -> Iterator[str]:
    """``modelarts-vizjobs stub serve OPTIONS`` on a free port until the block ends."""
    port = _free_port()
    command = [str(SCRIPT), "stub", "serve", "--port", str(port), *options]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base_url}/_stub/policy", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr
                time.sleep(0.05)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=20)


def prune(base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV} | {
        _config.ENV_ENDPOINT: base_url,
        _config.ENV_PROJECT_ID: stub.DEFAULT_PROJECT_ID,
        _config.ENV_TOKEN: stub.DEFAULT_TOKEN,
    }
    command = [str(SCRIPT), "--json", "jobs", "prune", *args]
    return subprocess.run(
        command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )


def control(base_url: str, resource: str, body: object = None) -> dict[str, object]:
    if body is None:
        answer = httpx.get(f"{base_url}/_stub/{resource}")
    else:
        answer = httpx.post(f"{base_url}/_stub/{resource}", json=body)
    data: dict[str, object] = answer.raise_for_status().json()
    return data


def outcomes(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {item["job"]["name"]: item["outcome"] for item in json.loads(result.stdout)["jobs"]}


def changes(base_url: str) -> list[str]:
    requests = control(base_url, "journal")["requests"]
    assert isinstance(requests, list)
    return [f"{r['method']} {r['path']}" for r in requests if r["method"] != "GET"]


def test_prune_on_the_demo_project_plans_then_deletes_and_reports_killing_refused() -> None:
    with served("--seed-demo") as base_url:
        planned = prune(base_url, "--older-than", "0s", "--dry-run")
        unconfirmed = prune(base_url, "--older-than", "0s", "--stop-running")
        assert planned.returncode == unconfirmed.returncode == 0, planned.stderr
        assert outcomes(planned) == {
            "tb-running": "skipped",
            "mi-completed": "would delete",
            "tb-killed": "would delete",
            "tb-stopping": "would delete",
        }
        assert json.loads(unconfirmed.stdout)["dry_run"] is True  # stdin is not a terminal
        assert changes(base_url) == []

        pruned = prune(
            base_url, "--older-than", "0s", "--yes", "--stop-running", "--wait",
            "--timeout", "1", "--poll-interval", "0.05",
        )  # fmt: skip
        assert pruned.returncode == ExitCode.WAIT_TIMEOUT, pruned.stderr  # the wait gave up
        report = json.loads(pruned.stdout)
        assert outcomes(pruned) == {
            "tb-running": "deleted",
            "mi-completed": "deleted",
            "tb-killed": "deleted",
            "tb-stopping": "refused",
        }
        (refused,) = [item for item in report["jobs"] if item["outcome"] == "refused"]
        assert refused["reason"].startswith(
            "ModelArts.0105: This job can't be delete. job status: 9"
        )
        assert report["summary"] == {"deleted": 3, "refused": 1}
        # the seeded demo job stays in KILLING forever: it is the only one left
        left = prune(base_url, "--dry-run")
        assert list(outcomes(left)) == ["tb-stopping"]


def test_a_job_that_leaves_killing_is_refused_then_deleted_leaving_an_empty_project() -> None:
    with served("--policy", "reads:2") as base_url:
        for name, status in (("tb-old", 8), ("tb-stopping", 8), ("mi-done", 10)):
            control(base_url, "seed", {"job_name": name, "status": status})
        stopping = 2
        assert httpx.post(
            f"{base_url}/v1/{stub.DEFAULT_PROJECT_ID}/visualization-jobs/{stopping}/stop",
            headers={"X-Auth-Token": stub.DEFAULT_TOKEN},
        ).json() == {"is_success": True}  # KILLING until two reads have seen it

        pruned = prune(base_url, "--yes", "--stop-running", "--wait", "--poll-interval", "0.05")

        assert pruned.returncode == 0, pruned.stdout + pruned.stderr
        assert outcomes(pruned) == {
            "tb-old": "deleted",
            "tb-stopping": "refused, then deleted",
            "mi-done": "deleted",
        }
        stopped = [
            item["job"]["name"] for item in json.loads(pruned.stdout)["jobs"] if item["stop_first"]
        ]
        assert stopped == ["tb-old"]
        assert json.loads(prune(base_url, "--dry-run").stdout)["jobs"] == []
