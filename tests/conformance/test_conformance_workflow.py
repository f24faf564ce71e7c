"""The scheduled conformance workflow: least privilege, pinned actions, secrets only as
environment, a clean skip without them, and the reports uploaded whatever happened."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

WORKFLOW_FILE = Path(__file__).resolve().parents[2] / ".github/workflows/conformance.yml"
WORKFLOW = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
JOB = WORKFLOW["jobs"]["conformance"]
STEPS = JOB["steps"]


def test_runs_on_a_schedule_and_by_hand_with_read_only_rights() -> None:
    triggers = WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert WORKFLOW["permissions"] == {}
    assert JOB["permissions"] == {"contents": "read"}
    assert WORKFLOW["concurrency"]["cancel-in-progress"] is False


def test_third_party_actions_are_pinned_to_commits() -> None:
    uses = [step["uses"] for step in STEPS if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_secrets_are_environment_only_and_later_steps_skip_without_them() -> None:
    text = WORKFLOW_FILE.read_text(encoding="utf-8")
    assert all("secrets." not in step.get("run", "") for step in STEPS)
    assert "secrets.GITHUB_TOKEN" not in text
    for step in STEPS[1:]:
        assert "steps.credentials.outputs.present == 'true'" in step["if"]


def test_the_tour_writes_junit_and_a_redacted_recording_that_are_uploaded() -> None:
    run = next(
        step["run"] for step in STEPS if "modelarts-vizjobs conformance" in step.get("run", "")
    )
    words = shlex.split(run.replace("\\\n", " "))
    for option in ("--junit", "--record", "--project-placeholder"):
        assert option in words
    upload = next(
        step for step in STEPS if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["if"].startswith("always()")
    assert {"conformance.xml", "conformance-recording.json", "conformance-report.txt"} <= set(
        upload["with"]["path"].split()
    )
