"""The status decides the exception class (issue 16): any body at any 3xx/4xx/5xx raises
exactly its status's class, for every operation, sync and async; a 2xx the SDK cannot use is
an ``APIResponseValidationError``; ``except InternalServerError`` catches a gateway's HTML 502
after the retries, over a real socket."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    APIResponseValidationError,
    APIStatusError,
    AsyncModelArtsVizJobs,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    JobStateConflictError,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    RetryPolicy,
)
from tests.sdk.test_hostile_answers import OPERATIONS, OUTCOMES, _single_error, answering
from tests.strategies import answer_bodies, answer_headers, error_answer_bodies, error_statuses

#: The documented table, written out independently of the SDK's own mapping.
_BY_STATUS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def expected_class(status: int) -> type[APIStatusError]:
    if status < 400:
        return RedirectError
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(OPERATIONS),
    status=error_statuses(),
    headers=answer_headers(),
    body=error_answer_bodies(),
)
def test_any_body_at_an_error_status_raises_exactly_the_status_class(
    mode: str, operation: str, status: int, headers: dict[str, str], body: bytes
) -> None:
    error = _single_error(OUTCOMES[mode](operation, answering(status, headers, body)))
    assert type(error) is expected_class(status), (status, body[:80])
    assert isinstance(error, APIStatusError)
    assert error.status_code == status and error.body == body
    # a body that is no error body leaves error_code None and names its problem
    assert (error.error_code is None) == (error.body_problem is not None)
    assert str(error) and repr(error)


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@settings(max_examples=40, deadline=None)
@given(operation=st.sampled_from(OPERATIONS), status=st.integers(min_value=200, max_value=599))
def test_a_state_conflict_keeps_its_class_at_any_status(
    mode: str, operation: str, status: int
) -> None:
    body = {"error_code": "ModelArts.0105", "error_msg": "This job can't be stop. job status: 10"}
    error = _single_error(
        OUTCOMES[mode](operation, answering(status, {}, json.dumps(body).encode()))
    )
    assert type(error) is JobStateConflictError and error.status_code == status


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(OPERATIONS),
    status=st.integers(min_value=200, max_value=299),
    body=answer_bodies(),
)
def test_a_2xx_the_sdk_cannot_use_is_a_validation_error(
    mode: str, operation: str, status: int, body: bytes
) -> None:
    outcome = OUTCOMES[mode](operation, answering(status, {}, body))
    if getattr(outcome, "failures", None):  # delete_many
        outcome = _single_error(outcome)
    if isinstance(outcome, ModelArtsError):
        # only an error body (is_success false with an error_code) names another class
        assert isinstance(outcome, APIResponseValidationError) or (
            isinstance(outcome, APIStatusError) and outcome.error_code is not None
        ), (status, body[:80])


class _GatewayPages(BaseHTTPRequestHandler):
    """A load balancer in front of a dead backend: every request gets nginx's HTML 502."""

    PAGE = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"

    def _answer(self) -> None:
        self.server.hits += 1  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.PAGE)))
        self.end_headers()
        self.wfile.write(self.PAGE)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GatewayPages)
    server.hits = 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _settings(server: ThreadingHTTPServer) -> dict[str, Any]:
    return {
        "project_id": "0123456789abcdef0123456789abcdef",
        "endpoint": f"http://127.0.0.1:{server.server_port}",
        "token": "t-0123456789",
        "max_retries": 2,
        "retry_policy": RetryPolicy(initial_delay=0.001, max_delay=0.002),
    }


def test_except_internal_server_error_catches_an_html_502_after_its_retries(
    gateway: ThreadingHTTPServer,
) -> None:
    with ModelArtsVizJobs(**_settings(gateway)) as client:
        try:
            client.jobs.get(7)
        except InternalServerError as error:
            caught = error
    assert caught.status_code == 502 and caught.error_code is None
    assert caught.body_problem == "body is not JSON" and b"Bad Gateway" in caught.body
    assert gateway.hits == 3  # type: ignore[attr-defined]  # retried as before


def test_the_async_client_catches_it_the_same_way(gateway: ThreadingHTTPServer) -> None:
    async def scenario() -> InternalServerError:
        async with AsyncModelArtsVizJobs(**_settings(gateway)) as client:
            try:
                await client.jobs.delete(7)
            except InternalServerError as error:
                return error
        raise AssertionError("no InternalServerError")

    assert asyncio.run(scenario()).status_code == 502
    assert gateway.hits == 3  # type: ignore[attr-defined]
