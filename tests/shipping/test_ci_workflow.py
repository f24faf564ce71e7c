"""The regeneration workflow only calls Makefile targets and scripts that exist."""

from __future__ import annotations

import re
import shlex

import yaml

from tests.shipping._tree import REPO

WORKFLOW = yaml.safe_load((REPO / ".github/workflows/regenerate.yml").read_text(encoding="utf-8"))
MAKE_TARGETS = set(
    re.findall(r"^([A-Za-z][\w.-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
)
RUN_LINES = [
    line
    for job in WORKFLOW["jobs"].values()
    for step in job["steps"]
    for line in step.get("run", "").splitlines()
    if line.strip()
]


def test_runs_on_spec_changes_and_by_hand() -> None:
    triggers = WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["paths"] == triggers["pull_request"]["paths"] == ["openapi/**"]
    assert "workflow_dispatch" in triggers


def test_every_command_is_an_existing_make_target() -> None:
    commands = [shlex.split(line) for line in RUN_LINES]
    assert all(command[0] == "make" for command in commands), RUN_LINES
    called = {target for command in commands for target in command[1:]}
    assert {"check-generated", "test", "guard", "build", "docs"} <= called
    assert called <= MAKE_TARGETS, called - MAKE_TARGETS


def test_the_built_distributions_are_uploaded() -> None:
    uploads = [
        step["with"]["path"]
        for step in WORKFLOW["jobs"]["regenerate"]["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert "dist/" in uploads
