"""Deliberately drifted servers: each difference from the spec is named with its operation and
field, as a violation (exit 1) or as drift (exit 1 only with --strict), and the job still goes."""

from __future__ import annotations

import json

import pytest

from tests.conformance import _drift
from tests.conformance.conftest import Conform

CASES = [
    pytest.param(
        _drift.refusal_as_409,
        "violation",
        "stop_visualization_job",
        "",
        "HTTP 409 (ModelArts.0105) is not a documented status",
        id="undocumented-status",
    ),
    pytest.param(
        _drift.list_without_total,
        "violation",
        "list_visualization_jobs",
        "job_total_count",
        "missing required field 'job_total_count'",
        id="missing-required",
    ),
    pytest.param(
        _drift.create_time_as_text,
        "violation",
        "get_visualization_job",
        "create_time",
        "create_time:",
        id="wrong-type",
    ),
    pytest.param(
        _drift.job_desc_renamed,
        "drift",
        "get_visualization_job",
        "description",
        "undocumented field 'description'",
        id="renamed-field",
    ),
    pytest.param(
        _drift.error_msg_key,
        "drift",
        "stop_visualization_job",
        "error_msg",
        "error text under 'error_msg'",
        id="error-msg-key",
    ),
]


@pytest.mark.parametrize(("rewrite", "severity", "operation", "field", "message"), CASES)
def test_each_drift_is_named(
    served, conform: Conform, rewrite, severity, operation, field, message
) -> None:
    base_url, backend = served(rewrite)
    result = conform(base_url, "--json")
    report = json.loads(result.output)
    findings = report["violations"] if severity == "violation" else report["drift"]
    named = [f for f in findings if f["operation"] == operation and f["field"] == field]
    assert named, findings
    assert any(message in f["message"] for f in named), named
    assert result.exit_code == (1 if severity == "violation" else 0)
    assert report["cleanup"]["ok"] and backend.journal[-1].status == 404


def test_drift_fails_only_with_strict(served, conform: Conform) -> None:
    base_url, _ = served(_drift.job_desc_renamed)
    relaxed = conform(base_url)
    strict = conform(base_url, "--strict")
    assert relaxed.exit_code == 0 and "Result: PASS" in relaxed.output
    assert strict.exit_code == 1 and "Result: FAIL" in strict.output
    assert "documented field 'job_desc' never seen in a success answer" in strict.output


def test_the_readings_say_what_the_evidence_contradicts(served, conform: Conform) -> None:
    base_url, _ = served(_drift.refusal_as_409)
    result = conform(base_url)
    assert "5. refusals come with an HTTP error status: supported" in result.output
    base_url, _ = served(_drift.error_msg_key)
    result = conform(base_url)
    assert (
        "6. error text under error_message: contradicted (error text under error_msg)"
        in result.output
    )
    base_url, _ = served(_drift.error_without_code)
    result = conform(base_url)
    assert "9. error bodies carry error_code, is_success false; successes true: contradicted" in (
        result.output
    )
    assert "stop_visualization_job: error body without error_code" in result.output
