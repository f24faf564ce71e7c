"""The regeneration workflow's logic, driven locally: ``scripts/ci_regenerate.py`` in a temp
clone whose ``origin`` is a bare repository standing in for GitHub."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shipping._tree import REPO, edit_spec

SOURCES = ("pyproject.toml", "openapi", "src", "generated", "scripts", "releases")
ONE = "/v1/{project_id}/visualization-jobs/{job_id}"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A committed copy of the tree on branch ``feature``, pushed to a bare ``origin``."""
    root = tmp_path / "clone"
    root.mkdir()
    for name in SOURCES:
        source = REPO / name
        ignore = shutil.ignore_patterns("__pycache__", ".ruff_cache", ".mypy_cache")
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copyfile(source, root / name)
    identity = ("-c", "user.name=dev", "-c", "user.email=dev@example.invalid")
    git(root, "init", "--quiet", "--initial-branch=feature")
    git(root, "add", "--all")
    git(root, *identity, "commit", "--quiet", "-m", "tree")
    git(tmp_path, "init", "--quiet", "--bare", "origin.git")
    git(root, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(root, "push", "--quiet", "origin", "feature")
    return root


def regenerate_in_ci(root: Path, summary: Path, head_repo: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root.parent),
        "GITHUB_REPOSITORY": "acme/modelarts-vizjobs",
        "HEAD_REPO": head_repo,
        "HEAD_REF": "feature",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(summary.with_name("output")),
    }
    command = [sys.executable, str(root / "scripts/ci_regenerate.py")]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def remove_delete_and_commit(root: Path) -> None:
    edit_spec(root, lambda spec: spec["paths"][ONE].pop("delete"))
    identity = ("-c", "user.name=dev", "-c", "user.email=dev@example.invalid")
    git(root, *identity, "commit", "--quiet", "-am", "spec: drop DELETE")


def test_an_unchanged_spec_produces_no_commit(clone: Path, tmp_path: Path) -> None:
    before = git(clone, "rev-parse", "origin/feature")
    done = regenerate_in_ci(clone, tmp_path / "summary.md", "acme/modelarts-vizjobs")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(clone, "rev-parse", "HEAD") == before
    assert git(clone, "ls-remote", "origin", "feature").split()[0] == before
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "nothing to commit" in text and "Breaking-change guard: passed" in text
    assert not (tmp_path / "output").exists()


def test_a_changed_spec_gets_a_bot_commit_and_a_guard_summary(clone: Path, tmp_path: Path) -> None:
    remove_delete_and_commit(clone)
    done = regenerate_in_ci(clone, tmp_path / "summary.md", "acme/modelarts-vizjobs")

    assert done.returncode == 1, done.stdout + done.stderr  # the guard fails the check
    pushed = git(clone, "ls-remote", "origin", "feature").split()[0]
    assert pushed == git(clone, "rev-parse", "HEAD")
    author = git(clone, "log", "-1", "--format=%an", pushed)
    touched = git(clone, "show", "--name-status", "--format=", pushed).splitlines()
    assert author == "github-actions[bot]"
    assert (tmp_path / "output").read_text(encoding="utf-8") == f"commit={pushed}\n"
    assert (
        "D\tgenerated/modelarts_vizjobs_client/api/visualization_jobs/delete_visualization_job.py"
        in touched
    )
    assert all("\tgenerated/" in line for line in touched)
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "Breaking-change guard: FAILED" in text
    assert "(delete_visualization_job): operation removed" in text
    assert git(clone, "status", "--porcelain") == ""


def test_a_fork_gets_the_diff_and_the_command_instead_of_a_commit(
    clone: Path, tmp_path: Path
) -> None:
    remove_delete_and_commit(clone)
    before = git(clone, "rev-parse", "HEAD")
    done = regenerate_in_ci(clone, tmp_path / "summary.md", "someone/fork")

    assert done.returncode == 1
    assert git(clone, "rev-parse", "HEAD") == before
    assert "-def sync_detailed(" in done.stdout  # the diff of the removed module
    assert "make regen && git add generated" in done.stdout
    assert "no write access" in (tmp_path / "summary.md").read_text(encoding="utf-8")
