"""The ``/_stub/`` HTTP control plane drives the same backend as the Python API."""

from __future__ import annotations

import httpx
import pytest

from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.stub._helpers import JOBS


def test_seed_then_reset(anonymous: httpx.Client, modelarts_stub: StubHandle) -> None:
    seeded = anonymous.post("/_stub/seed", json={"status": 12, "job_name": "from-http"})
    assert seeded.status_code == 200
    job_id = seeded.json()["job_id"]
    details = modelarts_stub.backend.get_job(modelarts_stub.project_id, str(job_id))
    assert (details["status"], details["job_name"]) == (12, "from-http")
    other = anonymous.post("/_stub/seed", json={"project_id": modelarts_stub.other_project_id})
    assert other.json()["job_id"] == job_id + 1
    assert anonymous.post("/_stub/reset").json() == {"is_success": True}
    assert modelarts_stub.backend.journal == []
    assert anonymous.post("/_stub/seed", json={}).json()["job_id"] == 1
    chosen = anonymous.post("/_stub/seed", json={"job_id": 10, "status": 9})
    assert chosen.json() == {"is_success": True, "job_id": 10}
    assert modelarts_stub.backend.get_job(modelarts_stub.project_id, "10")["status"] == 9


def test_policy_round_trips(anonymous: httpx.Client, modelarts_stub: StubHandle) -> None:
    assert anonymous.get("/_stub/policy").json()["policy"] == {"mode": "immediate"}
    for policy in ({"mode": "after_reads", "reads": 3}, {"mode": "after_seconds", "seconds": 0.5}):
        assert anonymous.put("/_stub/policy", json=policy).json()["policy"] == policy
    assert modelarts_stub.backend.policy == TransitionPolicy.after_seconds(0.5)


def test_faults_and_journal(api: httpx.Client, modelarts_stub: StubHandle) -> None:
    rule = {"kind": "status", "status": 503, "count": 1, "retry_after": 2}
    assert api.post("/_stub/faults", json=rule).status_code == 200
    assert api.get("/_stub/faults").json()["faults"][0]["status"] == 503
    assert api.get(JOBS).status_code == 503
    assert api.get("/_stub/faults").json()["faults"] == []
    api.post("/_stub/faults", json={"kind": "drop"})
    assert api.delete("/_stub/faults").json()["faults"] == []
    assert api.get(f"{JOBS}?page=2").status_code == 200
    journal = api.get("/_stub/journal").json()["requests"]
    assert [(entry["method"], entry["query"], entry["status"]) for entry in journal] == [
        ("GET", "", 503),
        ("GET", "page=2", 200),
    ]
    assert journal[1]["headers"]["x-auth-token"] == "<redacted>"
    assert api.delete("/_stub/journal").json()["requests"] == []


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/_stub/nothing", None, 404, "ModelArts.2836"),
        ("GET", "/_stub/seed/extra", None, 404, "ModelArts.2836"),
        ("GET", "/_stub/reset", None, 405, "ModelArts.2803"),
        ("PUT", "/_stub/policy", {"mode": "after_reads"}, 400, "ModelArts.0101"),
        ("PUT", "/_stub/policy", {"mode": "after_reads", "reads": 0}, 400, "ModelArts.0101"),
        ("POST", "/_stub/faults", {"kind": "status", "status": 418}, 400, "ModelArts.0101"),
        ("POST", "/_stub/faults", {"status": 429}, 400, "ModelArts.0101"),
        ("POST", "/_stub/seed", {"colour": "red"}, 400, "ModelArts.0101"),
        ("POST", "/_stub/seed", {"project_id": 5}, 400, "ModelArts.0101"),
        ("POST", "/_stub/seed", [], 400, "ModelArts.0101"),
        ("POST", "/_stub/seed", {"duration": -1}, 400, "ModelArts.0101"),
        ("POST", "/_stub/seed", {"job_id": 0}, 400, "ModelArts.0101"),
    ],
)
def test_bad_control_requests_answer_json_errors(
    anonymous: httpx.Client, method: str, path: str, body: object, status: int, code: str
) -> None:
    response = anonymous.request(method, path, json=body)
    assert response.status_code == status
    assert response.json()["error_code"] == code
    assert response.headers["x-request-id"]


@pytest.mark.parametrize("content", [b"{nope", b"[" * 100_000, b'{"duration": NaN}', b"\xff"])
def test_malformed_control_json_is_400(
    anonymous: httpx.Client, modelarts_stub: StubHandle, content: bytes
) -> None:
    response = anonymous.post("/_stub/seed", content=content)
    assert response.status_code == 400
    assert response.json()["error_code"] == "ModelArts.0101"
    assert modelarts_stub.backend.seed(modelarts_stub.project_id) == 1  # nothing was seeded


def test_a_seeded_id_in_use_is_refused(anonymous: httpx.Client) -> None:
    assert anonymous.post("/_stub/seed", json={"job_id": 7}).status_code == 200
    again = anonymous.post("/_stub/seed", json={"job_id": 7, "project_id": "another"})
    assert again.status_code == 400
    assert "in use" in again.json()["error_message"]
