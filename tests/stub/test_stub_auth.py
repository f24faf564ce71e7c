"""Tokens and AK/SK signatures: who may call, and that another project's jobs never leak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from modelarts_vizjobs.stub import DEFAULT_TOKEN
from modelarts_vizjobs.stub.journal import REDACTED
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.stub._helpers import JOBS, signed_headers


def error_code(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.json()["is_success"] is False
    return str(response.json()["error_code"])


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "ModelArts.0201"),
        ({"X-Auth-Token": ""}, 401, "ModelArts.0201"),
        ({"X-Auth-Token": "forged"}, 401, "ModelArts.0203"),
        ({"X-Sdk-Date": "20260101T000000Z"}, 401, "ModelArts.0205"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401, "ModelArts.0206"),
        ({"Authorization": "SDK-HMAC-SHA256 Access=AK"}, 401, "ModelArts.0206"),
        ({"X-Auth-Token": DEFAULT_TOKEN, "Authorization": "garbage"}, 401, "ModelArts.0206"),
    ],
)
def test_missing_or_bad_credentials_are_401(
    anonymous: httpx.Client, headers: dict[str, str], status: int, code: str
) -> None:
    assert error_code(anonymous.get(JOBS, headers=headers), status) == code


def test_the_token_of_another_project_is_403_and_leaks_nothing(
    anonymous: httpx.Client, modelarts_stub: StubHandle
) -> None:
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id, job_name="private-name")
    other = {"X-Auth-Token": modelarts_stub.other_token}
    answers = [
        anonymous.get(JOBS, headers=other),
        anonymous.get(f"{JOBS}/{job_id}", headers=other),
        anonymous.delete(f"{JOBS}/{job_id}", headers=other),
        anonymous.post(f"{JOBS}/{job_id}/stop", headers=other),
    ]
    for response in answers:
        assert error_code(response, 403) == "ModelArts.0210"
        assert "private-name" not in response.text
    assert modelarts_stub.backend.get_job(modelarts_stub.project_id, str(job_id))["status"] == 8
    own = anonymous.get(f"/v1/{modelarts_stub.other_project_id}/visualization-jobs", headers=other)
    assert own.json()["job_total_count"] == 0


def sign(
    stub: StubHandle,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    extra: dict[str, str] | None = None,
    moment: datetime | None = None,
    secret_key: str | None = None,
) -> dict[str, str]:
    """Headers of a request signed with the fixture's key pair (or another *secret_key*)."""
    secret = stub.secret_key if secret_key is None else secret_key
    url = stub.base_url + path
    return signed_headers(
        method, url, stub.access_key, secret, body=body, extra=extra, moment=moment
    )


def test_a_valid_signature_is_accepted_for_reads_and_writes(
    anonymous: httpx.Client, modelarts_stub: StubHandle
) -> None:
    body = b'{"job_name": "signed", "train_url": "/obs/x/"}'
    headers = sign(modelarts_stub, "POST", JOBS, body, extra={"Content-Type": "application/json"})
    created = anonymous.post(JOBS, content=body, headers=headers)
    assert created.status_code == 200, created.text
    query = f"{JOBS}?search_content=sig%20ned+x&per_page=5&sortBy=job_name"
    listed = anonymous.get(query, headers=sign(modelarts_stub, "GET", query))
    assert listed.status_code == 200, listed.text
    scoped = sign(modelarts_stub, "GET", JOBS, extra={"X-Project-Id": modelarts_stub.project_id})
    assert anonymous.get(JOBS, headers=scoped).json()["job_total_count"] == 1


@pytest.mark.parametrize(
    "tamper",
    ["secret", "body", "path", "query", "stale", "future", "date", "unsigned-host", "access"],
)
def test_a_wrong_signature_is_401_check_failed(
    anonymous: httpx.Client, modelarts_stub: StubHandle, tamper: str
) -> None:
    stub = modelarts_stub
    body = b'{"job_desc": "new"}'
    path = f"{JOBS}/{stub.backend.seed(stub.project_id)}"
    skews = {"stale": -timedelta(minutes=16), "future": timedelta(minutes=16)}
    headers = sign(
        stub,
        "PUT",
        path,
        body,
        extra={"Content-Type": "application/json"},
        moment=datetime.now(UTC) + skews[tamper] if tamper in skews else None,
        secret_key="not-the-secret" if tamper == "secret" else None,
    )
    if tamper == "body":
        body = b'{"job_desc": "evil"}'
    elif tamper == "path":
        path = path[:-1] + "9"
    elif tamper == "query":
        path += "?x=1"
    elif tamper == "date":
        headers["X-Sdk-Date"] = "yesterday"
    elif tamper == "unsigned-host":
        headers["Authorization"] = headers["Authorization"].replace("host;", "")
    elif tamper == "access":
        headers["Authorization"] = headers["Authorization"].replace(stub.access_key, "UNKNOWN")
    response = anonymous.put(path, content=body, headers=headers)
    assert error_code(response, 401) == "ModelArts.0208"


def test_signatures_scoped_to_another_project_are_403(
    anonymous: httpx.Client, modelarts_stub: StubHandle
) -> None:
    foreign = f"/v1/{modelarts_stub.other_project_id}/visualization-jobs"
    assert error_code(anonymous.get(foreign, headers=sign(modelarts_stub, "GET", foreign)), 403)
    mismatched = sign(modelarts_stub, "GET", JOBS, extra={"X-Project-Id": "someone-else"})
    assert error_code(anonymous.get(JOBS, headers=mismatched), 403) == "ModelArts.0210"


def test_secrets_never_reach_the_journal(
    anonymous: httpx.Client, modelarts_stub: StubHandle
) -> None:
    anonymous.get(JOBS, headers={"X-Auth-Token": modelarts_stub.token})
    anonymous.get(JOBS, headers=sign(modelarts_stub, "GET", JOBS))
    entries = modelarts_stub.backend.journal
    assert [entry.status for entry in entries] == [200, 200]
    assert entries[0].headers["x-auth-token"] == REDACTED
    assert entries[1].headers["authorization"] == REDACTED
    assert modelarts_stub.token not in repr(entries)
    assert modelarts_stub.access_key not in repr(entries)


def test_added_credentials_are_accepted(
    anonymous: httpx.Client, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.add_token("temporary-token", modelarts_stub.project_id)
    modelarts_stub.backend.add_access_key("NEWAK", "new-secret", modelarts_stub.project_id)
    assert anonymous.get(JOBS, headers={"X-Auth-Token": "temporary-token"}).status_code == 200
    headers = signed_headers("GET", modelarts_stub.base_url + JOBS, "NEWAK", "new-secret")
    assert anonymous.get(JOBS, headers=headers).status_code == 200
