"""The ``modelarts_stub`` fixture as a consuming project sees it (a separate pytest run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INNER_TESTS = """
import httpx

def test_fixture_serves_the_default_project(modelarts_stub):
    assert modelarts_stub.base_url.startswith("http://127.0.0.1:")
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id)
    url = f"{modelarts_stub.base_url}/v1/{modelarts_stub.project_id}/visualization-jobs/{job_id}"
    assert httpx.get(url, headers={"X-Auth-Token": modelarts_stub.token}).status_code == 200
    text = repr(modelarts_stub)
    assert modelarts_stub.token not in text and modelarts_stub.secret_key not in text

def test_state_is_reset_but_the_server_is_shared(modelarts_stub):
    url = f"{modelarts_stub.base_url}/v1/{modelarts_stub.project_id}/visualization-jobs"
    body = httpx.get(url, headers={"X-Auth-Token": modelarts_stub.token}).json()
    assert body["job_total_count"] == 0
    assert len(modelarts_stub.backend.journal) == 1
"""


def test_fixture_in_a_consuming_project(tmp_path: Path) -> None:
    (tmp_path / "test_consumer.py").write_text(INNER_TESTS)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:schemathesis",
            str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_plugin_import_does_not_load_the_stub() -> None:
    probe = (
        "import sys, modelarts_vizjobs.stub.pytest_plugin;"
        "print(sorted(m for m in sys.modules if m.startswith('modelarts_vizjobs.stub.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "['modelarts_vizjobs.stub.pytest_plugin']"
