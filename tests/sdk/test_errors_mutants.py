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
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    JobStateConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
)
from modelarts_vizjobs._error_translation import checked_success, error_from_answer, is_gone
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


def test_httpx_refusing_to_send_is_a_connection_error_that_may_have_been_sent() -> None:
    """A RuntimeError before any answer: the client closed meanwhile, or an event loop ended."""
    closed = RuntimeError(
        "Cannot send a request, as the client has been closed: mock-token-0123456789"
    )
    with mock_client(_failing(closed)) as client, pytest.raises(APIConnectionError) as caught:
        client.jobs.delete(10)
    error = caught.value
    assert type(error) is APIConnectionError
    assert str(error) == "delete: Cannot send a request, as the client has been closed: ***"
    assert (error.method, error.request_sent) == ("DELETE", True)
    assert error.url == f"{MOCK_ENDPOINT}/v1/{MOCK_PROJECT}/visualization-jobs/10"


def test_a_bug_in_the_transport_is_not_disguised_as_a_connection_error() -> None:
    with mock_client(_failing(KeyError("bug"))) as client, pytest.raises(KeyError):
        client.jobs.get(10)


def _failure(code: str, **fields: object) -> bytes:
    return json.dumps({"is_success": False, "error_code": code, **fields}).encode()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ModelArts.0102", NotFoundError),
        ("ModelArts.0108", PermissionDeniedError),
        ("ModelArts.0210", PermissionDeniedError),
        ("ModelArts.4206", RateLimitError),
        ("ModelArts.0010", InternalServerError),
        ("ModelArts.4700", InternalServerError),
        ("ModelArts.0203", AuthenticationError),
        ("ModelArts.0101", BadRequestError),
        ("ModelArts.0105", JobStateConflictError),
        ("ModelArts.9999", APIStatusError),
        ("APIGW.0301", APIStatusError),
    ],
)
def test_a_200_with_is_success_false_raises_the_class_its_code_names(
    code: str, expected: type[APIStatusError]
) -> None:
    error = _get(200, _failure(code, error_message="no")).value
    assert type(error) is expected
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.error_code, error.error_message) == (200, code, "no")
    assert error.operation == "get"


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"error_message": 5}, "error_message is not a string"),
        ({"error_msg": ["x"]}, "error_msg is not a string"),
        ({"request_id": 7}, "request_id is not a string"),
    ],
)
def test_an_error_body_with_a_field_of_the_wrong_type_is_not_read(
    fields: dict[str, object], problem: str
) -> None:
    error = _get(400, _failure("ModelArts.0101", **fields)).value
    assert type(error) is BadRequestError
    assert (error.error_code, error.error_message, error.body_problem) == (None, None, problem)


def test_the_message_and_request_id_come_from_the_body_when_the_headers_say_nothing() -> None:
    error = _get(400, _failure("ModelArts.0101", error_msg="bad", request_id="b-1")).value
    assert isinstance(error, BadRequestError)
    assert (error.error_message, error.request_id, error.body_problem) == ("bad", "b-1", None)
    both = _failure("ModelArts.0101", error_message="first", error_msg="second", request_id="b-1")
    error = _get(400, both, **{"X-Request-Id": "h-1"}).value
    assert isinstance(error, BadRequestError)
    assert (error.error_message, error.request_id) == ("first", "h-1")
    empty = _get(400, _failure("ModelArts.0101", error_message="", error_msg="")).value
    assert isinstance(empty, BadRequestError) and empty.error_message is None


@pytest.mark.parametrize("status", [300, 301, 399])
def test_a_redirect_says_where_it_pointed(status: int) -> None:
    error = _get(status, b"", Location="https://elsewhere.example/v1").value
    assert isinstance(error, RedirectError)
    assert error.error_message == "redirect to 'https://elsewhere.example/v1' not followed"
    assert error.body_problem == "empty body"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"  \n", "empty body"),
        (b"[1]", "body is a JSON list, not an object"),
        (b'{"error_code": ""}', "error_code is not a string"),
        (b'{"error_msg": "x"}', "body has no error_code"),
    ],
)
def test_why_an_error_body_was_not_read(content: bytes, problem: str) -> None:
    error = _get(503, content).value
    assert type(error) is InternalServerError and error.body_problem == problem
    assert error.body == content


def test_only_a_404_with_the_job_not_found_code_means_gone() -> None:
    assert is_gone(_get(404, _failure("ModelArts.0102")).value)  # type: ignore[arg-type]
    assert not is_gone(_get(404, _failure("ModelArts.0101")).value)  # type: ignore[arg-type]
    assert not is_gone(_get(400, _failure("ModelArts.0102")).value)  # type: ignore[arg-type]


def test_a_checked_success_that_is_not_the_documented_model_is_the_error_it_stands_for() -> None:
    """What the generated parser hands over as something else (an error body on a 200) raises
    the class of its code, naming the operation."""
    from modelarts_vizjobs_client.models import OperationResult

    response = httpx.Response(200, content=_failure("ModelArts.0102", error_message="gone"))
    with pytest.raises(NotFoundError) as caught:
        checked_success(None, OperationResult, response, "delete")
    assert (caught.value.operation, caught.value.error_code) == ("delete", "ModelArts.0102")
    assert caught.value.response is response


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"is_success": false}', "body has no error_code"),
    ],
)
def test_a_delete_answer_without_a_usable_is_success_is_invalid(body: bytes, reason: str) -> None:
    with (
        mock_client(lambda request: httpx.Response(200, content=body)) as client,
        pytest.raises(APIResponseValidationError) as caught,
    ):
        client.jobs.delete(10)
    assert (caught.value.reason, caught.value.operation) == (reason, "delete")


def test_a_success_model_without_is_success_is_accepted_only_where_it_may_be_missing() -> None:
    """The details answer may omit ``is_success``; the other operations' answers may not."""
    from modelarts_vizjobs_client.models import OperationResult
    from modelarts_vizjobs_client.types import UNSET

    response = httpx.Response(200, content=b"{}")
    parsed = OperationResult(is_success=UNSET)  # type: ignore[arg-type]
    assert checked_success(parsed, OperationResult, response, "get", is_success_required=False)
    with pytest.raises(APIResponseValidationError) as caught:
        checked_success(parsed, OperationResult, response, "delete")
    assert (caught.value.reason, caught.value.operation) == (
        "is_success is missing or not a boolean",
        "delete",
    )
