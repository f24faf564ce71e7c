"""One version everywhere: pyproject.toml, the spec's info.version, the runtime, the changelog."""

from __future__ import annotations

import importlib.metadata
import re

import modelarts_vizjobs
from scripts.check_breaking import Project, released_versions
from tests.shipping._tree import REPO

RELEASE_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\] - \d{4}-\d{2}-\d{2}$", re.MULTILINE)


def test_package_spec_and_runtime_versions_are_one() -> None:
    project = Project.read(REPO)
    versions = {
        "pyproject.toml": str(project.version),
        "spec info.version": str(project.spec["info"]["version"]),
        "modelarts_vizjobs.__version__": modelarts_vizjobs.__version__,
        # Stale when the version was bumped without reinstalling: `make venv` does it.
        "installed metadata": importlib.metadata.version("modelarts-vizjobs"),
    }
    assert len(set(versions.values())) == 1, versions


def test_changelog_follows_keep_a_changelog_with_one_section_per_release() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n")
    assert "\n## [Unreleased]\n" in changelog
    sections = RELEASE_HEADING.findall(changelog)
    assert str(Project.read(REPO).version) in sections
    assert {str(v) for v in released_versions(REPO)} <= set(sections)
