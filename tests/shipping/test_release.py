"""The release workflow's scripts: the version tie it checks, the notes it publishes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.release import ReleaseError, check, main, notes, package_version
from tests.shipping._tree import REPO, set_version

CHANGELOG = """\
# Changelog

## [Unreleased]

- prune

## [1.1.0] - 2026-12-01

### Added

- `jobs prune`.

## [1.0.0] - 2026-11-29

First release.

[1.1.0]: https://example.invalid/compare/v1.0.0...v1.1.0
"""


def test_the_repository_tag_check_agrees_with_its_own_version() -> None:
    version = package_version(REPO)
    assert check(f"v{version}", REPO) == version


def test_a_tag_the_files_disagree_with_names_every_culprit(tree: Path) -> None:
    set_version(tree, "1.1.0")
    (tree / "src/modelarts_vizjobs/_version.py").write_text('__version__ = "1.0.9"\n')
    with pytest.raises(ReleaseError) as refused:
        check("v1.1.0", tree)
    assert str(refused.value) == (
        "tag v1.1.0 names 1.1.0, but src/modelarts_vizjobs/_version.py is 1.0.9"
    )
    with pytest.raises(ReleaseError, match=re.escape("is not vX.Y.Z")):
        check("1.1.0", tree)
    with pytest.raises(ReleaseError, match=re.escape("yaml info.version is 1.1.0")):
        check("v1.0.9", tree)


def test_notes_are_the_versions_section_only() -> None:
    assert notes("1.1.0", CHANGELOG) == "### Added\n\n- `jobs prune`.\n"
    assert notes("1.0.0", CHANGELOG) == "First release.\n"


@pytest.mark.parametrize(
    ("version", "message"), [("2.0.0", "no '## [2.0.0]' section"), ("Unreleased", None)]
)
def test_missing_notes_stop_the_release(version: str, message: str | None) -> None:
    empty = CHANGELOG.replace("- prune\n", "")
    with pytest.raises(ReleaseError, match=re.escape(message or "is empty")):
        notes(version, empty)


def test_command_line_prints_the_version_and_the_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["notes", "1.0.0"]) == 0
    assert "First release." in capsys.readouterr().out
    assert main(["check", "v0.0.1"]) == 1
    assert capsys.readouterr().err.startswith("error: tag v0.0.1 names 0.0.1, but ")
