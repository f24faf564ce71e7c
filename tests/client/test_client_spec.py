"""The spec itself: valid OpenAPI 3.1, and clean under the pinned Redocly linter."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from tests.client._spec import ROOT, SPEC_PATH, spec

REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"


def test_spec_is_valid_openapi_31() -> None:
    validate(spec(), base_uri=SPEC_PATH.as_uri(), cls=OpenAPIV31SpecValidator)


def test_redocly_lint_reports_no_error() -> None:
    if not REDOCLY.exists() and not os.environ.get("CI"):
        pytest.skip("node_modules is missing: run `npm ci` (never skipped in CI)")
    # Telemetry and the update check would reach the network; the linter must not.
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    result = subprocess.run(
        [REDOCLY, "lint", SPEC_PATH.relative_to(ROOT).as_posix(), "--format=json"],
        cwd=ROOT,  # redocly.yaml and .redocly.lint-ignore.yaml live at the root
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["totals"]["errors"] == 0, json.dumps(report["problems"], indent=2)
    assert result.returncode == 0, result.stderr
