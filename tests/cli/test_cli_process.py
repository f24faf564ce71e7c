"""The installed console script, run as a real process against the stub over a real socket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from modelarts_vizjobs_client.models.job_status import JobStatus

from modelarts_vizjobs import __version__, _config
from modelarts_vizjobs.cli import ExitCode
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli._helpers import CLEAN_ENV, single_error

SCRIPT = Path(sys.executable).with_name("modelarts-vizjobs")

#: Runs the CLI in a fresh interpreter, then reports which heavy modules the command imported.
IMPORT_PROBE = """
import json, sys
from modelarts_vizjobs.cli import main
sys.argv = ["modelarts-vizjobs", *sys.argv[1:]]
try:
    main()
finally:
    heavy = {"uvicorn", "modelarts_vizjobs.stub", "modelarts_vizjobs_client"}
    loaded = sorted(h for h in heavy if any(m == h or m.startswith(h + ".") for m in sys.modules))
    print(json.dumps(loaded), file=sys.stderr)
"""


def environment(stub: StubHandle) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    return env | {
        _config.ENV_ENDPOINT: stub.base_url,
        _config.ENV_PROJECT_ID: stub.project_id,
        _config.ENV_TOKEN: stub.token,
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_console_script_lists_and_fails_with_one_line(modelarts_stub: StubHandle) -> None:
    env = environment(modelarts_stub)
    seed = modelarts_stub.backend.seed
    killing = seed(modelarts_stub.project_id, status=JobStatus.KILLING, job_name="stopping")

    listed = run([str(SCRIPT), "--json", "jobs", "list"], env)
    assert listed.returncode == 0, listed.stderr
    assert [job["name"] for job in json.loads(listed.stdout)] == ["stopping"]

    refused = run([str(SCRIPT), "jobs", "delete", str(killing)], env)
    assert refused.returncode == ExitCode.STATE_CONFLICT
    assert refused.stdout == ""
    assert single_error(refused.stderr)["code"] == "ModelArts.0105"
    assert modelarts_stub.token not in listed.stdout + listed.stderr + refused.stderr

    as_module = run([sys.executable, "-m", "modelarts_vizjobs.cli", "--version"], env)
    assert as_module.returncode == 0 and __version__ in as_module.stdout


def test_help_and_jobs_commands_never_import_the_stub(modelarts_stub: StubHandle) -> None:
    env = environment(modelarts_stub)
    probe = [sys.executable, "-c", IMPORT_PROBE]

    helped = run([*probe, "--help"], env)
    listed = run([*probe, "jobs", "list"], env)

    assert helped.returncode == 0 and "Exit codes:" in helped.stdout
    assert json.loads(helped.stderr.splitlines()[-1]) == []
    assert (listed.returncode, listed.stdout) == (0, "no jobs\n")
    assert json.loads(listed.stderr.splitlines()[-1]) == ["modelarts_vizjobs_client"]
