"""`schemathesis run` against the stub served by `modelarts-vizjobs stub serve`, as a user runs it.

All four phases, positive and negative data, every default check, the suite's toml; the run must
exit 0, and the cases it executed per phase are read from its NDJSON report and printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from contract_tests._ndjson import cases_per_phase
from contract_tests._process import stub_process
from contract_tests._seeding import SAMPLE_JOB_ID
from contract_tests._spec import CONFIG_PATH, HOOKS_PATH, SPEC_PATH
from contract_tests._tally import PHASE_ORDER, TALLY
from modelarts_vizjobs.stub import DEFAULT_TOKEN

#: "API Links:    8 covered / 8 selected / 8 total" in the run's summary.
LINKS_LINE = re.compile(
    r"API Links:\s+(?P<covered>\d+) covered / \d+ selected / (?P<total>\d+) total"
)
SEED = 20260
MAX_EXAMPLES = 100
RUN_TIMEOUT = 240.0


def schemathesis_run(
    base_url: str, workdir: Path, *, token: bool = True, phases: tuple[str, ...] = PHASE_ORDER
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The documented command line, plus the suite's hooks file (see schemathesis_hooks.py).

    cwd is a scratch directory so nothing is auto-discovered and nothing is left in the repo.
    """
    report = workdir / "events.ndjson"
    credentials = ["-H", f"X-Auth-Token: {DEFAULT_TOKEN}"] if token else []
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG_PATH),
        "--no-color",
        "run",
        str(SPEC_PATH),
        "--url",
        base_url,
        *credentials,
        "--phases",
        ",".join(phases),
        "--mode",
        "all",
        "--seed",
        str(SEED),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS_PATH)}
    run = subprocess.run(
        command,
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    return run, report


def test_schemathesis_cli_against_stub_process(tmp_path: Path) -> None:
    with stub_process(tmp_path / "stub.log") as base_url:
        # Accepted deletes must complete before the next request for `use_after_free`.
        policy = httpx.get(f"{base_url}/_stub/policy", timeout=5.0).json()["policy"]
        assert policy == {"mode": "immediate"}
        # The job of the spec's examples (job 10), seeded through the HTTP control plane as a
        # service outside Python would: the examples phase then meets a real job.
        sample = {"job_id": SAMPLE_JOB_ID, "job_name": "visualization-job"}
        assert httpx.post(f"{base_url}/_stub/seed", json=sample, timeout=5.0).status_code == 200
        run, report = schemathesis_run(base_url, tmp_path)
    assert run.returncode == 0, run.stdout[-12_000:] + run.stderr[-4_000:]
    counts = cases_per_phase(report)
    for phase in PHASE_ORDER:
        TALLY.record("CLI (uvicorn process)", phase, counts[phase])
    assert all(counts[phase] > 0 for phase in PHASE_ORDER), counts
    # The stateful phase followed every link of the spec (create -> get/update/stop/...).
    links = LINKS_LINE.search(run.stdout)
    assert links is not None, run.stdout[-4_000:]
    assert links["covered"] == links["total"], links.group(0)


def test_schemathesis_cli_fails_without_token(tmp_path: Path) -> None:
    """`fail-on = ["missing_auth"]`: a run that meets only 401s must not pass."""
    with stub_process(tmp_path / "stub.log") as base_url:
        run, _ = schemathesis_run(base_url, tmp_path, token=False, phases=("examples",))
    assert run.returncode == 1, run.stdout[-4_000:]
    assert "Authentication failed" in run.stdout, run.stdout[-4_000:]
