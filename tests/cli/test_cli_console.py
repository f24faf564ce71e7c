"""Issue-11 regressions through the console script as a real process: credential precedence,
``--json`` failures, ``-v``/``-vv`` levels, and bulk-delete progress on a terminal only."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
from pathlib import Path

from modelarts_vizjobs_client.models.job_status import JobStatus

from modelarts_vizjobs import _config
from modelarts_vizjobs.cli import ExitCode
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli.test_cli_process import SCRIPT, environment, run

INFO_LINE = re.compile(
    r".* modelarts_vizjobs INFO GET /v1/\w+/visualization-jobs\S* -> 200 "
    r"request_id=\S+ \d+\.\dms"
)

PROGRESS = re.compile(r"\[(\d)/3\] job (\d+): deleted")


def test_token_and_aksk_in_the_environment_use_the_token(modelarts_stub: StubHandle) -> None:
    env = environment(modelarts_stub) | {
        _config.ENV_ACCESS_KEY: "AKPASTEDFROMREADME",
        _config.ENV_SECRET_KEY: "pasted-secret-key",
    }
    listed = run([str(SCRIPT), "-v", "jobs", "list"], env)
    assert (listed.returncode, listed.stdout) == (0, "no jobs\n")
    assert (
        "MODELARTS_VIZJOBS_TOKEN and HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK are both set: "
        "using the token" in listed.stderr
    )
    assert "pasted-secret-key" not in listed.stderr


def test_json_failures_print_the_error_object_with_the_same_exit_code(
    modelarts_stub: StubHandle,
) -> None:
    env = environment(modelarts_stub)
    killing = modelarts_stub.backend.seed(modelarts_stub.project_id, status=JobStatus.KILLING)

    refused = run([str(SCRIPT), "--json", "jobs", "delete", str(killing)], env)
    assert refused.returncode == ExitCode.STATE_CONFLICT
    (error,) = json.loads(refused.stdout)["errors"]
    assert error["job_id"] == killing  # a number, as the service gives ids
    assert (error["type"], error["status_code"], error["error_code"]) == (
        "JobStateConflictError",
        400,
        "ModelArts.0105",
    )

    missing = run([str(SCRIPT), "--json", "jobs", "get", "4242"], env)
    assert missing.returncode == ExitCode.NOT_FOUND
    assert set(json.loads(missing.stdout)["error"]) == {
        "type",
        "status_code",
        "error_code",
        "error_message",
        "request_id",
    }

    no_credentials = {k: v for k, v in env.items() if k != _config.ENV_TOKEN}
    unconfigured = run([str(SCRIPT), "--json", "jobs", "list"], no_credentials)
    assert unconfigured.returncode == ExitCode.USAGE
    error = json.loads(unconfigured.stdout)["error"]
    assert (error["type"], error["status_code"]) == ("ConfigurationError", None)
    assert "MODELARTS_VIZJOBS_TOKEN" in error["error_message"]


def test_v_is_one_info_line_per_call_and_vv_adds_headers(modelarts_stub: StubHandle) -> None:
    env = environment(modelarts_stub)
    info = run([str(SCRIPT), "-v", "jobs", "list"], env)
    debug = run([str(SCRIPT), "-vv", "jobs", "list"], env)

    lines = info.stderr.splitlines()
    assert len(lines) == 1 and INFO_LINE.fullmatch(lines[0]), info.stderr
    assert "DEBUG" in debug.stderr and "headers=" in debug.stderr
    assert modelarts_stub.token not in info.stderr + debug.stderr


def _delete(args: list[str], env: dict[str, str], terminal: bool) -> tuple[int, str, str]:
    """Run ``jobs delete``; stderr on a pseudo-terminal when *terminal*."""
    if not terminal:
        done = run(args, env)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            args,
            env=env,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=60,
            check=False,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the terminal is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return done.returncode, done.stdout, b"".join(chunks).decode().replace("\r\n", "\n")


def test_bulk_delete_shows_progress_on_a_terminal_only(modelarts_stub: StubHandle) -> None:
    env = environment(modelarts_stub)
    seed = modelarts_stub.backend.seed

    def ids() -> list[str]:
        return [str(seed(modelarts_stub.project_id)) for _ in range(3)]

    first = ids()
    code, stdout, stderr = _delete([str(SCRIPT), "jobs", "delete", *first, "--wait"], env, True)
    assert code == 0
    progress = [PROGRESS.fullmatch(line) for line in stderr.splitlines()]
    assert all(progress), stderr
    assert [m[1] for m in progress if m] == ["1", "2", "3"]
    assert sorted(m[2] for m in progress if m) == sorted(first)
    assert stdout.splitlines() == [f"job {job_id}: deleted" for job_id in first]

    piped = _delete([str(SCRIPT), "jobs", "delete", *ids(), "--wait"], env, False)
    as_json = _delete([str(SCRIPT), "--json", "jobs", "delete", *ids()], env, True)
    assert (piped[0], piped[2]) == (0, "")
    assert (as_json[0], as_json[2]) == (0, "")
    assert json.loads(as_json[1])["errors"] == []


def test_help_and_readme_state_the_same_credential_variables_and_rule() -> None:
    helped = run([str(SCRIPT), "--help"], {**os.environ, "COLUMNS": "200"})
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Credentials") : readme.index("## Documentation")]
    variables = set(re.findall(r"`((?:HUAWEICLOUD_SDK|MODELARTS_VIZJOBS)_[A-Z_]+)`", table))
    help_text = " ".join(helped.stdout.split())
    assert variables == {
        _config.ENV_ACCESS_KEY,
        _config.ENV_SECRET_KEY,
        _config.ENV_SECURITY_TOKEN,
        _config.ENV_PROJECT_ID,
        _config.ENV_TOKEN,
        _config.ENV_REGION,
        _config.ENV_ENDPOINT,
        _config.ENV_PROFILE,
    }
    assert {name for name in variables if name in help_text} == variables
    assert "MODELARTS_VIZJOBS_TOKEN wins over AK/SK" in help_text
    assert "`MODELARTS_VIZJOBS_TOKEN` wins over `HUAWEICLOUD_SDK_AK`/`_SK`" in " ".join(
        table.split()
    )
