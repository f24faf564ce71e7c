"""``conformance`` against the project's own stub: it passes --strict with either kind of
credentials, leaves the account as it found it, and fails the documented ways."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from modelarts_vizjobs.stub import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
    JournalEntry,
    StubBackend,
)
from tests.conformance.conftest import Conform

OPERATIONS = {
    "create_visualization_job",
    "list_visualization_jobs",
    "get_visualization_job",
    "update_visualization_job",
    "stop_visualization_job",
    "restart_visualization_job",
    "delete_visualization_job",
}
AKSK = {
    "MODELARTS_VIZJOBS_TOKEN": None,
    "HUAWEICLOUD_SDK_AK": DEFAULT_ACCESS_KEY,
    "HUAWEICLOUD_SDK_SK": DEFAULT_SECRET_KEY,
}


def _jobs(backend: StubBackend) -> list[dict[str, object]]:
    from modelarts_vizjobs.stub.validation import parse_list_query

    return backend.list_jobs(DEFAULT_PROJECT_ID, parse_list_query("per_page=1000"))["jobs"]  # type: ignore[return-value]


def _seed_others(backend: StubBackend) -> None:
    """Jobs the tour did not create: it must list them at most, never change them."""
    backend.seed(DEFAULT_PROJECT_ID, job_name="someone-else", status=8, job_desc="theirs")
    backend.seed(DEFAULT_PROJECT_ID, job_name="conformance-old", status=12)


def test_strict_pass_with_a_token_leaves_the_job_list_as_it_was(
    served, conform: Conform, tmp_path: Path
) -> None:
    base_url, backend = served()
    _seed_others(backend)
    before = _jobs(backend)
    result = conform(base_url, "--strict", "--json", "--junit", str(tmp_path / "report.xml"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["passed"] and not report["violations"] and not report["drift"]
    assert {row["operation"] for row in report["operations"]} == OPERATIONS
    assert report["cleanup"]["ok"] and "deleted" in report["cleanup"]["message"]
    assert [{**j, "duration": 0} for j in _jobs(backend)] == [{**j, "duration": 0} for j in before]
    touched = {
        e.path.rsplit("/visualization-jobs", 1)[1] for e in backend.journal if e.method != "GET"
    }
    assert touched <= {
        "",
        f"/{report['job']['id']}",
        f"/{report['job']['id']}/stop",
        f"/{report['job']['id']}/restart",
    }
    suite = ElementTree.parse(tmp_path / "report.xml").getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests") or 0) == len(OPERATIONS) + 2


def test_strict_pass_with_aksk_signatures_the_stub_verifies(served, conform: Conform) -> None:
    base_url, backend = served()
    result = conform(base_url, "--strict", env=AKSK)
    assert result.exit_code == 0, result.output
    assert "Result: PASS (0 violations, 0 drift warnings" in result.output
    assert all(e.status != 401 for e in backend.journal)
    assert {e.headers.get("authorization") for e in backend.journal} == {"<redacted>"}
    assert _jobs(backend) == []


def test_the_table_names_readings_and_refusals(served, conform: Conform) -> None:
    base_url, _ = served()
    result = conform(base_url)
    assert result.exit_code == 0, result.output
    assert (
        "ModelArts.0105 came with HTTP 400 (restart_visualization_job, stop_visualization_job)"
        in result.output
    )
    assert "ModelArts.0102 came with HTTP 404 (get_visualization_job)" in result.output
    assert "6. error text under error_message: supported" in result.output
    assert "9. error bodies carry error_code, is_success false; successes true: supported" in (
        result.output
    )


def test_recording_holds_no_secret_and_can_hide_the_project(
    served, conform: Conform, tmp_path: Path
) -> None:
    base_url, _ = served()
    cassette = tmp_path / "tour.json"
    env = AKSK | {"HUAWEICLOUD_SDK_SECURITY_TOKEN": "temporary-security-token-0123456789"}
    result = conform(base_url, "--record", str(cassette), "--project-placeholder", env=env)
    assert result.exit_code == 0, result.output
    text = cassette.read_text()
    for secret in (
        DEFAULT_ACCESS_KEY,
        DEFAULT_SECRET_KEY,
        "temporary-security-token-0123456789",
        "Signature=",
        DEFAULT_PROJECT_ID,
    ):
        assert secret not in text
    document = json.loads(text)
    assert document["project_id"] == "{project_id}"
    assert all(
        i["request"]["path"].startswith("/v1/{project_id}/") for i in document["interactions"]
    )
    assert {i["request"]["headers"]["authorization"] for i in document["interactions"]} == {
        "<redacted>"
    }


def test_token_never_reaches_the_recording(served, conform: Conform, tmp_path: Path) -> None:
    base_url, _ = served()
    cassette = tmp_path / "tour.json"
    assert conform(base_url, "--record", str(cassette)).exit_code == 0
    assert DEFAULT_TOKEN not in cassette.read_text()


def test_dry_run_prints_the_plan_and_sends_nothing(served, conform: Conform) -> None:
    base_url, backend = served()
    result = conform(base_url, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "sortBy=status" in result.output and "ModelArts.0105" in result.output
    assert backend.journal == []


def test_missing_credentials_exit_3_and_bad_ones_too(served, conform: Conform) -> None:
    base_url, backend = served()
    missing = conform(base_url, env={"MODELARTS_VIZJOBS_TOKEN": None})
    assert missing.exit_code == 3, missing.output
    refused = conform(base_url, env={"MODELARTS_VIZJOBS_TOKEN": "not-a-token"})
    assert refused.exit_code == 3, refused.output
    assert "create answered HTTP 401" in refused.output
    assert _jobs(backend) == []


def test_usage_errors_exit_2(served, conform: Conform) -> None:
    base_url, _ = served()
    assert conform(base_url, "--max-time", "-1").exit_code == 2
    assert conform("ftp://nowhere").exit_code == 2


def test_a_failed_step_still_deletes_the_job(served, conform: Conform) -> None:
    def update_fails(method: str, path: str, status: int, body: dict) -> tuple[int, dict]:
        if method == "PUT":
            return 500, {
                "is_success": False,
                "error_code": "ModelArts.0010",
                "error_message": "Internal error.",
            }
        return status, body

    base_url, backend = served(update_fails)
    result = conform(base_url)
    assert result.exit_code == 1
    assert "Tour stopped early: update answered HTTP 500" in result.output
    assert "deleted and gone" in result.output
    assert _jobs(backend) == []


def test_a_timeout_still_deletes_the_job(served, conform: Conform) -> None:
    from modelarts_vizjobs.stub import TransitionPolicy

    base_url, backend = served(backend=StubBackend(policy=TransitionPolicy.after_seconds(0.3)))
    result = conform(base_url, "--max-time", "0.2")
    assert result.exit_code == 1
    assert "timed out waiting for RUNNING" in result.output
    assert "deleted and gone" in result.output
    assert _jobs(backend) == []
    assert isinstance(backend.journal[-1], JournalEntry)


def test_a_lost_create_answer_is_found_by_its_exact_name_and_deleted(
    served, conform: Conform
) -> None:
    def create_answer_lost(method: str, path: str, status: int, body: dict) -> tuple[int, dict]:
        if method == "POST" and path.endswith("/visualization-jobs"):
            return 503, {"is_success": False, "error_code": "ModelArts.4700", "error_msg": "gone"}
        return status, body

    base_url, backend = served(create_answer_lost)
    _seed_others(backend)
    before = _jobs(backend)
    result = conform(base_url)
    assert result.exit_code == 1
    assert "Tour stopped early: create answered HTTP 503" in result.output
    assert "deleted and gone" in result.output
    assert [e.method for e in backend.journal].count("POST") == 1  # a create is never retried
    assert [{**j, "duration": 0} for j in _jobs(backend)] == [{**j, "duration": 0} for j in before]
