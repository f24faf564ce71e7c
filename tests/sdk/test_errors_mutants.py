"""What an answer turns into, at the edges the first tests left open (survivors of `make mutation`
in ``_error_translation``): the fields a validation error keeps for the caller, the reason it
gives, the class of an error status whichever way it arrives, and a body that does not decode on
an error status."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from modelarts_vizjobs import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RedirectError,
)
from modelarts_vizjobs._error_translation import error_from_answer
from modelarts_vizjobs._json_limits import MAX_DEPTH, violation
from tests.sdk._helpers import MOCK_ENDPOINT, MOCK_PROJECT, mock_client

TOO_DEEP = b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)
BAD_NAME = json.dumps(
    {"is_success": False, "error_code": "ModelArts.0101", "error_message": "bad name"}
).encode()


def _get(status: int, content: bytes, **headers: str) -> pytest.ExceptionInfo[Exception]:
    """``jobs.get`` against one answer; the exception it raised."""
    with (
        mock_client(lambda request: httpx.Response(status, content=content, headers=headers)) as c,
        pytest.raises(Exception) as caught,
    ):
        c.jobs.get(10)
    return caught


def test_a_validation_error_keeps_the_answer_for_the_caller() -> None:
    """body, headers, request id, operation and the ``httpx.Response`` itself, and a reason
    that is exactly what was wrong (no leading ", " when there is no other reason)."""
    caught = _get(200, TOO_DEEP, **{"X-Request-Id": "r-7"})
    error = caught.value
    assert type(error) is APIResponseValidationError
    assert error.reason == violation(TOO_DEEP)
    assert (error.status_code, error.body, error.request_id) == (200, TOO_DEEP, "r-7")
    assert error.headers["x-request-id"] == "r-7"
    assert error.operation == "get"
    assert error.response is not None and error.response.status_code == 200
    assert str(error).startswith("invalid answer to get: HTTP 200, ")


def test_an_error_body_with_a_status_outside_200_599_is_invalid_and_names_its_code() -> None:
    error = _get(600, BAD_NAME).value
    assert type(error) is APIResponseValidationError
    assert error.reason == "undocumented status 600, error body ModelArts.0101 with status 600"
    assert error.operation == "get" and error.status_code == 600


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (302, RedirectError),
        (400, BadRequestError),
        (404, NotFoundError),
        (405, APIStatusError),
        (500, InternalServerError),
        (599, InternalServerError),
    ],
)
def test_error_from_answer_gives_an_error_status_its_class_whatever_the_body(
    status: int, expected: type[APIStatusError]
) -> None:
    """Rule 3 holds for the function too, not only on the path ``Operation.result`` takes."""
    response = httpx.Response(status, content=BAD_NAME, request=httpx.Request("GET", "https://x"))
    error = error_from_answer(response, "get")
    assert type(error) is expected
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.error_code) == (status, "ModelArts.0101")
    assert error.operation == "get"
    assert error.response is response


def test_an_error_status_whose_body_does_not_decode_names_the_operation() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            502, stream=httpx.ByteStream(b"not gzip"), headers={"Content-Encoding": "gzip"}
        )

    with mock_client(handler) as client, pytest.raises(InternalServerError) as caught:
        client.jobs.stop(10)
    assert caught.value.operation == "stop"


def test_a_success_whose_body_does_not_decode_keeps_an_empty_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, stream=httpx.ByteStream(b"not gzip"), headers={"Content-Encoding": "gzip"}
        )

    with mock_client(handler) as client, pytest.raises(APIResponseValidationError) as caught:
        client.jobs.get(10)
    error = caught.value
    assert (error.body, error.operation, error.status_code) == (b"", "get", 200)
    assert error.headers["content-encoding"] == "gzip"
    assert error.response is not None and error.response.status_code == 200


def _failing(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def test_a_refused_connection_is_a_connection_error_naming_the_call_not_a_timeout() -> None:
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    with mock_client(_failing(refused)) as client, pytest.raises(APIConnectionError) as caught:
        client.jobs.get(10)
    error = caught.value
    assert type(error) is APIConnectionError
    assert str(error) == "get: [Errno 111] Connection refused"
    assert (error.method, error.request_sent) == ("GET", False)
    assert error.url == f"{MOCK_ENDPOINT}/v1/{MOCK_PROJECT}/visualization-jobs/10"


def test_a_transport_error_without_a_message_is_named_by_its_type() -> None:
    unnamed = httpx.ReadError("")
    with mock_client(_failing(unnamed)) as client, pytest.raises(APIConnectionError) as caught:
        client.jobs.get(10)
    assert str(caught.value) == "get: ReadError"
    assert caught.value.request_sent is True


def test_a_transport_error_message_is_redacted() -> None:
    leaky = httpx.ReadTimeout("read timed out, X-Auth-Token: mock-token-0123456789")
    with mock_client(_failing(leaky)) as client, pytest.raises(APITimeoutError) as caught:
        client.jobs.get(10)
    assert "mock-token-0123456789" not in str(caught.value)
    assert str(caught.value).startswith("get: read timed out")


def test_a_bug_in_the_transport_is_not_disguised_as_a_connection_error() -> None:
    with mock_client(_failing(KeyError("bug"))) as client, pytest.raises(KeyError):
        client.jobs.get(10)
