"""Malformed or undocumented answers reach the generated errors, never a bare parsing exception."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from modelarts_vizjobs_client.errors import MalformedResponse, UnexpectedStatus
from modelarts_vizjobs_client.types import Response, Unset

from tests.client._spec import OPERATIONS, operations
from tests.client._transport import call, client_for

PATHS = {operation_id: path for operation_id, _, path, _ in operations()}
PARSING_ERRORS = (ValueError, KeyError, TypeError, AttributeError)
MODES = ("sync", "async")

#: (case, status, body) of answers with a status every operation documents as JSON.
MALFORMED = [
    ("html 503", 503, b"<html><body>Service Unavailable</body></html>"),
    ("empty 200", 200, b""),
    ("truncated json", 200, b'{"is_success": true, "job_'),
    ("array", 200, b"[1,2]"),
    ("null", 200, b"null"),
    ("string", 200, b'"ok"'),
    ("required fields missing", 200, b"{}"),
    ("error body without error_code", 400, b'{"is_success": false}'),
    ("invalid utf-8", 200, b'{"is_success": "\xff"}'),
]
#: Statuses no operation documents, including ones HTTPStatus does not know.
UNDOCUMENTED = (499, 502, 520, 599)


def request_with_answer(
    operation_id: str,
    mode: str,
    status: int,
    body: bytes,
    *,
    raise_on_unexpected_status: bool = True,
) -> Response[Any]:
    """Call the operation (valid arguments) against a server that answers ``status``/``body``."""

    def answer(request: httpx.Request) -> httpx.Response:
        content_type = "text/html" if body.startswith(b"<") else "application/json"
        headers = {"Content-Type": content_type, "X-Request-Id": "req-1"}
        return httpx.Response(status, content=body, headers=headers)

    client = client_for(answer, raise_on_unexpected_status=raise_on_unexpected_status)
    path = dict.fromkeys(re.findall(r"\{(\w+)\}", PATHS[operation_id]), "10")
    return call(OPERATIONS[operation_id], mode, client, **path)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
@pytest.mark.parametrize(("case", "status", "body"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_body_of_a_documented_status_is_malformed_response(
    case: str, status: int, body: bytes, operation_id: str, mode: str
) -> None:
    with pytest.raises(MalformedResponse) as raised:
        request_with_answer(operation_id, mode, status, body)
    error = raised.value
    assert (error.status_code, error.content) == (status, body)
    assert error.headers["X-Request-Id"] == "req-1"
    assert isinstance(error.__cause__, PARSING_ERRORS)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_missing_is_success_is_malformed_where_the_spec_requires_it(
    operation_id: str, mode: str
) -> None:
    body = b'{"job_id": 10, "status": 8, "job_total_count": 0, "jobs": []}'
    if operation_id == "get_visualization_job":  # reading 3: optional in the details
        response = request_with_answer(operation_id, mode, 200, body)
        assert response.parsed is not None
        assert isinstance(response.parsed.is_success, Unset)
        return
    with pytest.raises(MalformedResponse) as raised:
        request_with_answer(operation_id, mode, 200, body)
    assert repr(raised.value.__cause__) == "KeyError('is_success')"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
@pytest.mark.parametrize("status", UNDOCUMENTED)
def test_undocumented_status_is_unexpected_status(
    status: int, operation_id: str, mode: str
) -> None:
    body = b"<html>gateway</html>"
    with pytest.raises(UnexpectedStatus) as raised:
        request_with_answer(operation_id, mode, status, body)
    error = raised.value
    assert (error.status_code, error.content) == (status, body)
    assert error.headers["X-Request-Id"] == "req-1"

    response = request_with_answer(
        operation_id, mode, status, body, raise_on_unexpected_status=False
    )
    assert (response.status_code, response.parsed) == (status, None)
