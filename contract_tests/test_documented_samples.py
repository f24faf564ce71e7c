"""Every sample request of the API reference, sent as raw HTTP to the stub over a socket.

Pages modelarts_03_0064 to 0070 each give one sample request (job 10). Each is sent with its
literal URL and body against a stub seeded with job 10 in a status that makes the sample succeed
or, for the documented failure samples, fail; the answer must be a status the spec documents for
that operation, JSON, carrying `X-Request-Id`, and valid against the spec's schema for that status.
Where the page gives the answer itself (the `is_success` bodies and the ModelArts.0105 failures),
the stub must give exactly that body.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import httpx
import pytest
from modelarts_vizjobs_client.models import JobStatus

from contract_tests._seeding import SAMPLE_JOB_ID, seed_sample_job
from contract_tests._spec import load_schema
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubServer

SCHEMA = load_schema()
JOBS = "/v1/{project_id}/visualization-jobs"
JOB = JOBS + "/{job_id}"

#: modelarts_03_0064's sample request body, byte for byte as the page prints it.
CREATE_SAMPLE_BODY = (
    b'{"job_name":"visualization-job","job_desc":"this is a visualization job",'
    b'"train_url":"/obs/name/","job_type":"mindinsight",'
    b'"schedule":[{"type":"stop","time_unit":"HOURS","duration":1}]}'
)
#: modelarts_03_0065's sample query, without the page's two stray spaces.
LIST_SAMPLE_QUERY = "?status=7&per_page=10&page=1&sortBy=status&order=asc&search_content=job_name"

ACCEPTED: Mapping[str, object] = {"is_success": True}


def refused(verb: str, status: JobStatus) -> dict[str, object]:
    """The ModelArts.0105 failure body of pages 0068-0070."""
    return {
        "is_success": False,
        "error_message": f"This job can't be {verb}. job status: {int(status)}",
        "error_code": "ModelArts.0105",
    }


@dataclass(frozen=True)
class Sample:
    """One documented request, the status job 10 is seeded in, and the expected answer."""

    name: str
    method: str
    template: str
    suffix: str
    body: bytes | None
    seed_status: JobStatus | None
    expected_status: int
    expected_body: Mapping[str, object] | None = None


SAMPLES = [
    Sample("delete", "DELETE", JOB, "/10", None, JobStatus.COMPLETED, 200, ACCEPTED),
    Sample(
        "delete-refused",
        "DELETE",
        JOB,
        "/10",
        None,
        JobStatus.KILLING,
        400,
        refused("delete", JobStatus.KILLING),
    ),
    Sample("get", "GET", JOB, "/10", None, JobStatus.RUNNING, 200),
    Sample(
        "update",
        "PUT",
        JOB,
        "/10",
        b'{"job_desc": "This is a ModelArts job"}',
        JobStatus.RUNNING,
        200,
        ACCEPTED,
    ),
    Sample("stop", "POST", JOB + "/stop", "/10/stop", None, JobStatus.RUNNING, 200, ACCEPTED),
    Sample(
        "stop-refused",
        "POST",
        JOB + "/stop",
        "/10/stop",
        None,
        JobStatus.COMPLETED,
        400,
        refused("stop", JobStatus.COMPLETED),
    ),
    Sample(
        "restart", "POST", JOB + "/restart", "/10/restart", None, JobStatus.KILLED, 200, ACCEPTED
    ),
    Sample(
        "restart-refused",
        "POST",
        JOB + "/restart",
        "/10/restart",
        None,
        JobStatus.RUNNING,
        400,
        refused("resubmit", JobStatus.RUNNING),
    ),
    Sample("create", "POST", JOBS, "", CREATE_SAMPLE_BODY, None, 200),
    Sample("list", "GET", JOBS, LIST_SAMPLE_QUERY, None, JobStatus.WAITING, 200),
]


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture
def http(stub: StubServer) -> Iterator[httpx.Client]:
    stub.backend.reset()
    with httpx.Client(headers={"X-Auth-Token": DEFAULT_TOKEN}, timeout=10.0) as client:
        yield client


def send(http: httpx.Client, stub: StubServer, sample: Sample) -> httpx.Response:
    """The sample's literal request line and body, nothing re-encoded."""
    url = f"{stub.base_url}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs{sample.suffix}"
    headers = {"Content-Type": "application/json"} if sample.body is not None else {}
    return http.request(sample.method, url, content=sample.body, headers=headers)


def assert_conforms(sample: Sample, response: httpx.Response) -> None:
    """Documented status, JSON, X-Request-Id, and the spec's schema for that status."""
    operation = SCHEMA[sample.template][sample.method]
    assert response.status_code == sample.expected_status, response.text
    assert operation.responses.find_by_status_code(response.status_code) is not None
    assert response.headers["content-type"].split(";")[0].strip() == "application/json"
    assert response.headers.get("x-request-id")
    operation.validate_response(response)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_documented_sample(sample: Sample, stub: StubServer, http: httpx.Client) -> None:
    if sample.seed_status is not None:
        seed_sample_job(stub.backend, status=sample.seed_status, job_name="job_name_10")
    response = send(http, stub, sample)
    assert_conforms(sample, response)
    if sample.expected_body is not None:
        assert response.json() == sample.expected_body


def test_list_sample_filters_by_status_and_name(stub: StubServer, http: httpx.Client) -> None:
    """The list sample's filters select job 10 only: status 7 and "job_name" in the name."""
    seed_sample_job(stub.backend, status=JobStatus.WAITING, job_name="job_name_10")
    stub.backend.seed(DEFAULT_PROJECT_ID, status=JobStatus.RUNNING, job_name="job_name_11")
    stub.backend.seed(DEFAULT_PROJECT_ID, status=JobStatus.WAITING, job_name="other")
    sample = next(s for s in SAMPLES if s.name == "list")
    response = send(http, stub, sample)
    assert_conforms(sample, response)
    body = response.json()
    assert body["job_total_count"] == 1
    assert [int(job["job_id"]) for job in body["jobs"]] == [SAMPLE_JOB_ID]
    assert [int(job["status"]) for job in body["jobs"]] == [JobStatus.WAITING]


def test_create_sample_answers_like_the_page(stub: StubServer, http: httpx.Client) -> None:
    """The create sample's answer: a new job named as requested, status 1 (INIT)."""
    sample = next(s for s in SAMPLES if s.name == "create")
    body = json.loads(send(http, stub, sample).text)
    assert body["is_success"] is True
    assert body["job_name"] == "visualization-job"
    assert int(body["status"]) == JobStatus.INIT
    assert str(body["job_id"]).isdigit()
