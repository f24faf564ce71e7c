"""scripts/regenerate.py: deterministic output, and a drift check that catches a stale tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from scripts.regenerate import TARGET, files
from tests.client._spec import ROOT

HEADER = "# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit."


def regenerate(*args: str | Path, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the regeneration script of ``root`` with this interpreter."""
    script = root / "scripts" / "regenerate.py"
    return subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_drift_check_passes_on_the_repository() -> None:
    result = regenerate("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: ")


def test_drift_check_fails_with_a_diff_when_generated_is_stale(tmp_path: Path) -> None:
    caches = shutil.ignore_patterns("__pycache__", ".ruff_cache", ".mypy_cache")
    for part in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=caches)
    spec = tmp_path / "openapi" / "modelarts-vizjobs.yaml"
    text = spec.read_text(encoding="utf-8")
    changed = text.replace("summary: Delete a visualization job", "summary: Drop a probe job")
    assert changed != text
    spec.write_text(changed, encoding="utf-8")
    package = tmp_path / "generated" / "modelarts_vizjobs_client"
    (package / "models" / "sort_by.py").unlink()
    (package / "leftover.py").write_text("", encoding="utf-8")

    result = regenerate("--check", root=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "+++ regenerated/api/visualization_jobs/delete_visualization_job.py" in result.stdout
    assert '+    """Drop a probe job' in result.stdout
    assert "file missing from the output: models/sort_by.py" in result.stdout
    assert "stale file in the output: leftover.py" in result.stdout
    assert "is out of date" in result.stdout


def test_regeneration_is_byte_identical_and_matches_the_committed_tree(tmp_path: Path) -> None:
    trees = []
    for name in ("first", "second"):
        output = tmp_path / name / "modelarts_vizjobs_client"
        result = regenerate("--output", output)
        assert result.returncode == 0, result.stdout + result.stderr
        trees.append(files(output))
    assert {"py.typed", "client.py", "api/visualization_jobs/delete_visualization_job.py"} <= set(
        trees[0]
    )
    assert trees[0] == trees[1]
    assert trees[0] == files(TARGET)


def test_every_generated_module_carries_the_do_not_edit_header() -> None:
    modules = {name: content for name, content in files(TARGET).items() if name.endswith(".py")}
    assert len(modules) > 20
    assert [
        name for name, content in modules.items() if not content.decode().startswith(HEADER)
    ] == []


def test_generated_code_passes_ruff_without_the_repository_config() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", TARGET],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
