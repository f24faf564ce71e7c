"""``_error_translation``: answers no correct server sends end in a documented exception, never in a
KeyError/TypeError/ValueError/JSONDecodeError, for the sync and the async client alike.

These go through ``httpx.MockTransport`` (the stub, being correct, never sends them) and the real
generated client and facade.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    APIResponseValidationError,
    APIStatusError,
    AsyncModelArtsVizJobs,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    JobStateConflictError,
    JobStatus,
    ModelArtsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    VisualizationJob,
)
from tests.sdk._helpers import async_mock_client, mock_client
from tests.strategies import malformed_answers

HTML_502 = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
HTML_503 = b"<!DOCTYPE html><title>Service Unavailable</title>"
JOB = {"job_id": 197, "job_name": "a", "status": 7, "create_time": 1565149736000}


def answer(status: int, body: object, **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return lambda request: httpx.Response(status, content=content, headers=headers)


def call(client: Any, operation: str) -> Any:
    """Run *operation* on a sync client; on an async one, the awaitable (list excepted)."""
    jobs = client.jobs
    calls: dict[str, Callable[[], object]] = {
        "create": lambda: jobs.create(job_name="a", train_url="/b/"),
        "list": lambda: list(jobs.list()),
        "get": lambda: jobs.get(10),
        "update": lambda: jobs.update(10, "d"),
        "delete": lambda: jobs.delete(10),
        "stop": lambda: jobs.stop(10),
        "restart": lambda: jobs.restart(10),
    }
    return calls[operation]()


async def acall(client: AsyncModelArtsVizJobs, operation: str) -> Any:
    if operation == "list":
        return [job async for job in client.jobs.list()]
    return await call(client, operation)


OPERATIONS = ("create", "list", "get", "update", "delete", "stop", "restart")


def failure(code: object, message: str | None = None) -> dict[str, object]:
    """A ModelArts error body (``is_success`` false)."""
    body: dict[str, object] = {"is_success": False, "error_code": code}
    if message is not None:
        body["error_message"] = message
    return body


REFUSED_DELETE = failure("ModelArts.0105", "This job can't be delete. job status: 9")
REFUSED_STOP = failure("ModelArts.0105", "This job can't be stop. job status: 10")
APIGW = {
    "error_code": "APIGW.0301",
    "error_msg": "Incorrect IAM authentication",
    "request_id": "gw-1",
}
INVALID = APIResponseValidationError
ISE = InternalServerError
NOT_JSON = "body is not JSON"
OK = {"is_success": True}

# operation, status, body, headers -> exception class, attributes it must carry
CASES = [
    pytest.param(
        "get", 502, HTML_502, {}, ISE, {"error_code": None, "body_problem": NOT_JSON}, id="html-502"
    ),
    pytest.param("delete", 503, HTML_503, {}, ISE, {"status_code": 503}, id="html-503"),
    pytest.param("get", 503, b"", {}, ISE, {"body_problem": "empty body"}, id="empty-503"),
    pytest.param("get", 500, b"oops", {}, ISE, {"body": b"oops"}, id="text-500"),
    pytest.param("get", 429, HTML_502, {}, RateLimitError, {"error_code": None}, id="html-429"),
    pytest.param("get", 404, b"Not Found", {}, NotFoundError, {"body_problem": NOT_JSON}, id="404"),
    pytest.param(
        "get", 404, {"message": "not found"}, {}, NotFoundError, {"error_code": None}, id="404-msg"
    ),
    pytest.param(
        "delete",
        400,
        {"error_code": "ModelArts.0101", "error_msg": "x", "is_success": True},
        {},
        BadRequestError,
        {"error_code": None, "body_problem": "error body with is_success not false"},
        id="400-is-success-true",
    ),
    pytest.param(
        "get", 400, b'{"error_code": "Mod', {}, BadRequestError, {"status_code": 400}, id="400-cut"
    ),
    pytest.param(
        "get", 302, b"", {"Location": "https://x.example/"}, RedirectError, {}, id="302-empty"
    ),
    pytest.param("get", 200, b"", {}, INVALID, {"status_code": 200}, id="empty"),
    pytest.param("get", 200, b'{"job_id": 1, "status": ', {}, INVALID, {}, id="truncated"),
    pytest.param("list", 200, b"[]", {}, INVALID, {}, id="array"),
    pytest.param("get", 499, b"", {}, APIStatusError, {"status_code": 499}, id="nginx-499"),
    pytest.param("stop", 520, b"<html>origin</html>", {}, ISE, {"status_code": 520}, id="520"),
    pytest.param("create", 599, b"", {}, ISE, {"status_code": 599}, id="599"),
    pytest.param(
        "delete",
        599,
        failure("ModelArts.0010"),
        {},
        ISE,
        {"error_code": "ModelArts.0010"},
        id="599-body",
    ),
    pytest.param(
        "get", 499, APIGW, {}, APIStatusError, {"error_code": "APIGW.0301"}, id="499-apigw-body"
    ),
    pytest.param(
        "get", 502, REFUSED_STOP, {}, JobStateConflictError, {"status_code": 502}, id="502-0105"
    ),
    pytest.param("delete", 204, b"", {}, INVALID, {"status_code": 204}, id="204"),
    pytest.param("get", 200, {**JOB, "job_id": "abc"}, {}, INVALID, {}, id="job-id-text"),
    pytest.param("get", 200, {**JOB, "status": True}, {}, INVALID, {}, id="status-bool"),
    pytest.param("get", 200, {**JOB, "create_time": []}, {}, INVALID, {}, id="time-array"),
    pytest.param("get", 200, {**JOB, "job_name": 5}, {}, INVALID, {}, id="name-int"),
    pytest.param("get", 200, {"job_name": "x"}, {}, INVALID, {}, id="missing-job-id"),
    pytest.param("create", 200, OK, {}, INVALID, {}, id="create-without-id"),
    pytest.param(
        "list", 200, {**OK, "job_total_count": 1, "jobs": "x"}, {}, INVALID, {}, id="jobs-text"
    ),
    pytest.param(
        "list", 200, {**OK, "job_total_count": "1", "jobs": []}, {}, INVALID, {}, id="total-text"
    ),
    pytest.param("delete", 200, {"is_success": "yes"}, {}, INVALID, {}, id="is-success-text"),
    pytest.param("delete", 200, {}, {}, INVALID, {}, id="is-success-missing"),
    pytest.param(
        "get", 400, {"error_code": 104}, {}, BadRequestError, {"error_code": None}, id="code-int"
    ),
    pytest.param(
        "get", 404, {"error_msg": "?"}, {}, NotFoundError, {"status_code": 404}, id="no-code"
    ),
    pytest.param(
        "get",
        200,
        failure("ModelArts.0102", "gone"),
        {"X-Request-Id": "r-1"},
        NotFoundError,
        {"status_code": 200, "request_id": "r-1"},
        id="200-is-success-false",
    ),
    pytest.param(
        "delete",
        200,
        REFUSED_DELETE,
        {},
        JobStateConflictError,
        {"status_code": 200, "job_status": JobStatus.KILLING, "verb": "delete"},
        id="200-state-conflict",
    ),
    pytest.param(
        "create",
        200,
        failure("ModelArts.0101", "bad name"),
        {},
        BadRequestError,
        {"error_code": "ModelArts.0101", "error_message": "bad name"},
        id="200-validation",
    ),
    pytest.param(
        "stop",
        409,
        REFUSED_STOP,
        {},
        JobStateConflictError,
        {"status_code": 409, "job_status": JobStatus.COMPLETED, "verb": "stop"},
        id="409-state-conflict",
    ),
    pytest.param(
        "restart",
        400,
        {"error_code": "ModelArts.0105", "error_message": "refused"},
        {},
        JobStateConflictError,
        {"job_status": None, "verb": "restart"},
        id="state-conflict-without-status",
    ),
    pytest.param(
        "get",
        401,
        {"error_code": "ModelArts.0203", "error_msg": "Invalid token."},
        {"X-Request-Id": "r-2"},
        AuthenticationError,
        {"error_message": "Invalid token.", "request_id": "r-2"},
        id="error-msg",
    ),
    pytest.param(
        "list",
        401,
        APIGW,
        {},
        AuthenticationError,
        {"error_code": "APIGW.0301", "request_id": "gw-1"},
        id="api-gateway",
    ),
    pytest.param(
        "update",
        403,
        failure("ModelArts.0210", "other project"),
        {},
        PermissionDeniedError,
        {"status_code": 403},
        id="403",
    ),
    pytest.param(
        "get",
        429,
        failure("ModelArts.4206", "slow down"),
        {"Retry-After": "1"},
        RateLimitError,
        {"status_code": 429},
        id="429",
    ),
    pytest.param(
        "delete",
        500,
        failure("ModelArts.0010", "Internal error."),
        {},
        InternalServerError,
        {"error_code": "ModelArts.0010"},
        id="500",
    ),
    pytest.param(
        "get",
        405,
        failure("ModelArts.2803", "Method not allowed"),
        {"Allow": "GET"},
        APIStatusError,
        {"status_code": 405},
        id="405-undocumented",
    ),
]
FIELDS = ("operation", "status", "body", "headers", "expected", "attributes")


@pytest.mark.parametrize(FIELDS, CASES)
def test_bad_answers_raise_the_documented_exception(
    operation: str,
    status: int,
    body: object,
    headers: dict[str, str],
    expected: type[ModelArtsError],
    attributes: dict[str, Any],
) -> None:
    with mock_client(answer(status, body, **headers)) as client, pytest.raises(expected) as caught:
        call(client, operation)
    assert type(caught.value) is expected
    for name, value in attributes.items():
        assert getattr(caught.value, name) == value


@pytest.mark.parametrize(FIELDS, CASES)
def test_the_async_client_raises_the_same(
    operation: str,
    status: int,
    body: object,
    headers: dict[str, str],
    expected: type[ModelArtsError],
    attributes: dict[str, Any],
) -> None:
    async def scenario() -> None:
        async with async_mock_client(answer(status, body, **headers)) as client:
            with pytest.raises(expected) as caught:
                await acall(client, operation)
        assert type(caught.value) is expected
        for name, value in attributes.items():
            assert getattr(caught.value, name) == value

    asyncio.run(scenario())


def test_a_body_that_does_not_decode() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        gzip = {"Content-Encoding": "gzip", "X-Request-Id": "r-9"}
        return httpx.Response(200, stream=httpx.ByteStream(b"not gzip"), headers=gzip)

    with mock_client(handler) as client, pytest.raises(APIResponseValidationError) as bad:
        client.jobs.get(1)
    assert (bad.value.status_code, bad.value.request_id) == (200, "r-9")
    assert "decode" in bad.value.reason


@pytest.mark.parametrize(("status", "expected"), [(503, ISE), (429, RateLimitError)])
def test_an_error_status_whose_body_does_not_decode_keeps_its_class(
    status: int, expected: type[APIStatusError]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        gzip = {"Content-Encoding": "gzip", "X-Request-Id": "r-9"}
        return httpx.Response(status, stream=httpx.ByteStream(b"not gzip"), headers=gzip)

    with mock_client(handler) as client, pytest.raises(expected) as bad:
        client.jobs.get(1)
    assert type(bad.value) is expected and bad.value.error_code is None
    assert (bad.value.status_code, bad.value.request_id, bad.value.body) == (status, "r-9", b"")
    assert bad.value.body_problem is not None and "decode" in bad.value.body_problem


def test_numeric_strings_are_accepted_where_the_spec_allows_them() -> None:
    body = {
        "job_id": "197",
        "status": "7",
        "create_time": "1565149736000",
        "duration": "33000",
        "job_name": "apiTest-11",
        "schedule": [{"type": "stop", "timeUnit": "HOURS", "duration": 2}],
        "remaining_duration": None,
    }
    with mock_client(answer(200, body)) as client:
        job = client.jobs.get("197")
    assert job == VisualizationJob(
        job_id=197,
        status=JobStatus.WAITING,
        name="apiTest-11",
        create_time=job.create_time,
        duration=33000,
        auto_stop_hours=2,
    )
    assert (
        job.create_time is not None and job.create_time.isoformat() == "2019-08-07T03:48:56+00:00"
    )


def test_status_codes_outside_the_table_are_kept_as_integers() -> None:
    with mock_client(answer(200, {**JOB, "status": 42})) as client:
        assert client.jobs.get(197).status == 42


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(malformed=malformed_answers(), operation=st.sampled_from(OPERATIONS))
def test_no_malformed_answer_escapes_the_exception_tree(
    malformed: tuple[int, dict[str, str], bytes], operation: str
) -> None:
    status, headers, body = malformed
    with mock_client(answer(status, body, **headers)) as client:
        try:
            call(client, operation)
        except ModelArtsError as error:
            # a server answered: only the two answer-describing branches of the tree apply
            assert isinstance(error, APIStatusError | APIResponseValidationError)
            assert error.status_code == status
            assert str(error) and repr(error)
