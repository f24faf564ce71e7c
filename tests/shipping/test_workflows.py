"""Every GitHub workflow of the repository (and of the worked example): valid (actionlint),
safe (zizmor, offline), third-party actions pinned to commits, least-privilege tokens, and
calling only Makefile targets and scripts that exist."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.shipping._tree import REPO

WORKFLOWS = sorted(
    [*REPO.glob(".github/workflows/*.y*ml"), *REPO.glob("examples/*/.github/workflows/*.y*ml")]
)
BIN = Path(sys.executable).parent
MAKE_TARGETS = set(
    re.findall(r"^([A-Za-z][\w.-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
)
#: `owner/repo[/path]@<full commit sha> # vX.Y.Z`: a tag can be moved, a commit cannot.
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")


def load(path: Path) -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def name(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def run_lines(workflow: dict[Any, Any]) -> list[str]:
    """Every shell line of every step, continuation lines (``\\`` at the end) joined."""
    return [
        line.strip()
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        for line in step.get("run", "").replace("\\\n", " ").splitlines()
        if line.strip()
    ]


def test_the_repository_and_the_example_have_workflows() -> None:
    names = {name(path) for path in WORKFLOWS}
    assert {
        ".github/workflows/regenerate.yml",
        ".github/workflows/release.yml",
        "examples/consumer-service/.github/workflows/ci.yml",
    } <= names


def test_actionlint_passes_on_every_workflow() -> None:
    done = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_in_any_workflow() -> None:
    done = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=name)
def test_actions_are_pinned_to_commits(path: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+(?:\s+#\s*\S+)?)", path.read_text(encoding="utf-8"))
    assert uses
    unpinned = [use for use in uses if not use.startswith("./") and not PINNED.fullmatch(use)]
    assert not unpinned


@pytest.mark.parametrize("path", WORKFLOWS, ids=name)
def test_the_token_has_no_permission_unless_a_job_asks(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert "permissions" in job, job_name
        granted = job["permissions"]
        assert "write-all" not in str(granted) and "read-all" not in str(granted), job_name


@pytest.mark.parametrize(
    "path", [p for p in WORKFLOWS if p.parts[-4] != "consumer-service"], ids=name
)
def test_every_command_is_a_make_target_or_a_script_of_the_repository(path: Path) -> None:
    for line in run_lines(load(path)):
        words = shlex.split(line)
        if words[0] == "make":
            assert set(words[1:]) <= MAKE_TARGETS, line
        for word in words:
            if word.startswith("scripts/"):
                assert (REPO / word).is_file(), line


def test_regeneration_runs_on_spec_changes_and_publishes_nothing() -> None:
    workflow = load(REPO / ".github/workflows/regenerate.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["pull_request"]["paths"] == ["openapi/**"]
    assert "scripts/ci_regenerate.py" in " ".join(run_lines(workflow))
    assert workflow["jobs"]["regenerate"]["permissions"] == {"contents": "write"}
    assert workflow["jobs"]["test"]["permissions"] == {"contents": "read"}


def test_release_runs_on_version_tags_and_only_publish_gets_an_id_token() -> None:
    workflow = load(REPO / ".github/workflows/release.yml")
    assert workflow[True]["push"]["tags"] == ["v[0-9]+.[0-9]+.[0-9]+"]
    commands = " ".join(run_lines(workflow))
    for needed in (
        "scripts/release.py check",
        "make test",
        "make build",
        "scripts/release.py notes",
    ):
        assert needed in commands
    tokens = {job: spec["permissions"] for job, spec in workflow["jobs"].items()}
    assert tokens == {
        "build": {"contents": "read"},
        "github-release": {"contents": "write"},
        "publish": {"id-token": "write"},
    }
    publishers = [step["uses"] for step in workflow["jobs"]["publish"]["steps"] if "uses" in step]
    assert any(use.startswith("pypa/gh-action-pypi-publish@") for use in publishers)
