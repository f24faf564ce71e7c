"""An honest prune (issue 18): the dry run says what the real run will do with a job in a
settling status, a wait that runs out exits 7, and --wait shows its progress."""

from __future__ import annotations

import json

import pytest

from modelarts_vizjobs.cli import ExitCode, _prune
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli._helpers import Invoke

KILLING = 9
COMPLETED = 10


@pytest.fixture
def stuck(modelarts_stub: StubHandle) -> int:
    """A job that stays in 9 KILLING (the stub never moves a seeded job), and a completed one."""
    backend, project = modelarts_stub.backend, modelarts_stub.project_id
    backend.seed(project, status=COMPLETED, job_name="done")
    return backend.seed(project, status=KILLING, job_name="stuck")


def test_dry_run_says_what_happens_to_a_settling_job(invoke: Invoke, stuck: int) -> None:
    plain = invoke("jobs", "prune", "--older-than", "0s", "--dry-run")
    waiting = invoke("jobs", "prune", "--older-than", "0s", "--dry-run", "--wait")
    assert plain.exit_code == waiting.exit_code == 0
    assert "would be refused (9 KILLING; --wait deletes it once it settles)" in plain.stdout
    assert "would delete once it settles (9 KILLING)" in waiting.stdout
    as_json = invoke("--json", "jobs", "prune", "--older-than", "0s", "--dry-run", "--wait")
    actions = {item["job"]["name"]: item["action"] for item in json.loads(as_json.stdout)["jobs"]}
    assert actions == {"done": "would delete", "stuck": "would delete once it settles (9 KILLING)"}


def test_a_wait_that_runs_out_exits_7_and_shows_progress(
    invoke: Invoke, stuck: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_prune, "_stderr_is_terminal", lambda: True)
    result = invoke(
        "-v", "jobs", "prune", "--older-than", "0s", "--yes", "--wait",
        "--timeout", "0.3", "--poll-interval", "0.05",
    )  # fmt: skip
    assert result.exit_code == ExitCode.WAIT_TIMEOUT, result.output
    lines = result.stderr.splitlines()
    assert f"waiting for job(s) {stuck} to settle (0 s)" in lines
    per_job = [line for line in lines if line.startswith("job ")]
    assert any(line.endswith(": deleted") for line in per_job), per_job
    assert any("still settling after 0.3 s" in line for line in per_job), per_job


def test_without_a_terminal_or_verbose_the_wait_is_quiet(invoke: Invoke, stuck: int) -> None:
    result = invoke(
        "jobs", "prune", "--older-than", "0s", "--yes", "--wait",
        "--timeout", "0.2", "--poll-interval", "0.05",
    )  # fmt: skip
    assert result.exit_code == ExitCode.WAIT_TIMEOUT
    assert result.stderr.splitlines() == [
        f"error: job {stuck}: refused: ModelArts.0105: This job can't be delete. job status: 9"
        " (still settling after 0.2 s)"
    ]
